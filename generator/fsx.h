/* fsx: small file-system helpers (reading, listing, creating, copying). */
#ifndef LT_FSX_H
#define LT_FSX_H
#include <stddef.h>
#include "buf.h"

/* Appends the whole file to out. 0, or -1 with errno set. */
int fsx_read(const char *path, buf *out);
/* Reads a file of lotrinh's own (the manifest, the build cache) that must
 * start with the line magic. 0, or -1 (missing, unreadable, or another
 * file, out emptied). */
int fsx_read_tagged(const char *path, const char *magic, buf *out);
/* Names in dir (no "." or ".."), sorted bytewise; caller frees each and the
 * array. Returns count, or -1 with errno. */
long fsx_list(const char *dir, char ***names);
void fsx_list_free(char **names, long n);
/* 1 directory, 2 regular file, 3 symlink, 0 other, -1 missing. */
int fsx_kind(const char *path);
/* Creates dir and its parents (mode 0755). 0 or -1. */
int fsx_mkdirs(const char *dir);
/* Writes data to path, creating parent folders. 0 or -1. */
int fsx_write(const char *path, const char *data, size_t len);
/* Copies a regular file (following no symlink at the destination). */
int fsx_copy(const char *from, const char *to);
/* Removes a tree (no symlink following). 0 or -1. */
int fsx_rmtree(const char *path);
/* 1 if the real path of p lies inside the real path of root. */
int fsx_inside(const char *root, const char *p);
/* Joins a and b with one '/' (malloc'd). */
char *fsx_join(const char *a, const char *b);

#endif
