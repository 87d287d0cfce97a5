/* incr: what the previous build of a destination left behind, so the next
 * one can skip work. A manifest in the cache folder records the inputs'
 * signature, every output file with a hash of its bytes, the files the last
 * build changed, and which folders hold the current and the previous site.
 * See docs/performance.md ("Incremental builds"). */
#ifndef LT_INCR_H
#define LT_INCR_H
#include <stdint.h>
#include <sys/types.h>
#include <sys/stat.h>
#include "hmap.h"

/* How a file changed in the build that made the current site. */
enum { INCR_CREATED = 'c', INCR_MODIFIED = 'm', INCR_DELETED = 'd' };

typedef struct incr_manifest {
    int valid;               /* read and consistent */
    uint64_t inputs;         /* signature of every input file and option */
    ino_t cur_ino, prev_ino; /* folder inodes: the site, and the previous site (0: none) */
    hmap files;              /* output path -> (uintptr_t)hash of the current site's files */
    hmap changed;            /* output path -> (uintptr_t)INCR_* of the last build */
    char *blob;              /* owns the keys of both maps */
} incr_manifest;

/* A file of the cache folder for one destination:
 * <root>/.lotrinh-cache/<prefix>-<hash of dest_real>.<ext> (malloc'd). */
char *incr_dest_file(const char *root, const char *dest_real, const char *prefix, const char *ext);
/* The manifest file for a destination: <root>/.lotrinh-cache/out-<hash>.txt */
char *incr_manifest_path(const char *root, const char *dest_real);
/* Reads path into m (m->valid = 0 when missing or damaged). */
void incr_load(incr_manifest *m, const char *path);
void incr_free(incr_manifest *m);
/* Writes a manifest (to a temporary file, then renamed). 0 or -1. */
int incr_save(const char *path, uint64_t inputs, ino_t cur_ino, ino_t prev_ino,
              const hmap *files, const hmap *changed);
/* Removes the manifest: the folders may no longer match it. */
void incr_forget(const char *path);

/* A 64-bit hash of bytes (XXH3), and a step to fold more bytes into a hash. */
uint64_t incr_hash(const void *p, size_t n);
uint64_t incr_mix(uint64_t h, const void *p, size_t n);

/* What a scan saw of every path (relative to the root), so the build need
 * not stat the same files again. */
typedef struct incr_snap {
    hmap by_path;            /* rel path -> index + 1 */
    char **paths;
    uint64_t *sigs;          /* incr_file_sig of each */
    unsigned char *kinds;    /* 1 folder, 2 file, 3 symbolic link */
    size_t n, cap;
} incr_snap;

/* Folds the name, size, time and inode of every file under root/rel
 * (recursively) into *h. Missing folders add nothing. snap may be NULL. */
void incr_scan(const char *root, const char *rel, uint64_t *h, incr_snap *snap);
/* 1 and the kind and signature of rel if the scan saw it. */
int incr_snap_get(const incr_snap *snap, const char *rel, int *kind, uint64_t *sig);
void incr_snap_free(incr_snap *snap);
/* A signature of a file's size, modification time, inode and device (never 0). */
uint64_t incr_file_sig(const struct stat *sb);

/* Inode of a folder, 0 if missing. */
ino_t incr_ino(const char *path);

#endif
