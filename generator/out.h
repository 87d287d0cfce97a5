/* out: writing the built site. Everything goes to a staging folder beside
 * the destination, which replaces the destination in one atomic exchange
 * only when the whole build has succeeded. Paths are checked so nothing is
 * ever written outside the staging folder. */
#ifndef LT_OUT_H
#define LT_OUT_H
#include <stddef.h>
#include "diag.h"

typedef struct out_stage {
    char *dest;      /* the destination folder */
    char *dir;       /* the staging folder */
    size_t files;    /* files written */
    size_t bytes;
} out_stage;

/* Prepares a fresh staging folder (removing ones left by killed builds).
 * Refuses a destination that is, or contains, the source folder. */
int out_begin(out_stage *st, const char *dest, const char *source, diag_list *d);
/* Writes rel (e.g. "ke-hoach/x/index.html") inside the staging folder.
 * rel must be a relative path with no "." or ".." segment. Thread-safe. */
int out_write(out_stage *st, const char *rel, const char *data, size_t len, diag_list *d);
/* Copies a source file to rel inside the staging folder. */
int out_copy(out_stage *st, const char *from, const char *rel, diag_list *d);
/* 1 if rel was already written. */
int out_exists(out_stage *st, const char *rel);
/* Swaps the staging folder in as the destination and removes the old one. */
int out_commit(out_stage *st, diag_list *d);
/* Removes the staging folder (a failed build). */
void out_abort(out_stage *st);
/* 1 if rel is a safe relative output path. */
int out_path_ok(const char *rel);

#endif
