/* out: writing the built site. Everything goes to a staging folder beside
 * the destination, which replaces the destination in one atomic exchange
 * only when the whole build has succeeded. Paths are checked so nothing is
 * ever written outside the staging folder.
 *
 * Incremental: the previous site is kept beside the destination
 * (".<dest>.lotrinh-prev"). When the manifest (incr.h) vouches for both
 * folders, the next build updates the previous site in place, writing only
 * the files that differ, and exchanges it with the destination; a build
 * that changes nothing writes nothing. */
#ifndef LT_OUT_H
#define LT_OUT_H
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "hmap.h"
#include "incr.h"

typedef struct out_stage {
    char *dest;      /* the destination folder */
    char *dir;       /* the staging folder */
    char *prev_dir;  /* where the previous site is kept */
    char *manifest;  /* the manifest file of this destination */
    size_t files;    /* files written */
    size_t copied;   /* files copied (static, resources, images) */
    size_t kept;     /* files left as they were */
    size_t bytes;
    int reuse;       /* dir is the previous site, updated in place */
    int dirty;       /* dir was written to: the manifest no longer holds */
    incr_manifest prev;  /* what the current destination holds */
    pthread_mutex_t lock;
    hmap now;        /* path -> hash of every file of this build (keys owned) */
    hmap changed;    /* path -> INCR_* against the destination (keys owned) */
    hmap catchup;    /* unchanged now, changed by the last build: copy at commit */
    char **capture;  /* paths noted since out_capture_begin (NULL: not capturing) */
    size_t n_capture, cap_capture;
    int capturing;
    uint64_t final_inputs;   /* after out_commit: the manifest's inputs and folder */
    ino_t final_ino;
} out_stage;

/* Prepares the staging folder: the previous site when the manifest vouches
 * for it (and clean is 0), else a fresh folder (removing ones left by killed
 * builds). Refuses a destination that is, or contains, the source folder. */
int out_begin(out_stage *st, const char *dest, const char *source, int clean, diag_list *d);
/* Number of files that differ from the destination so far. */
size_t out_changes(out_stage *st);
/* Writes rel (e.g. "ke-hoach/x/index.html") inside the staging folder.
 * rel must be a relative path with no "." or ".." segment. Thread-safe. */
int out_write(out_stage *st, const char *rel, const char *data, size_t len, diag_list *d);
/* Copies a source file to rel inside the staging folder. */
int out_copy(out_stage *st, const char *from, const char *rel, diag_list *d);
/* Keeps rel as the destination has it: a file this build did not make
 * again because nothing it depends on changed: the previous site has
 * it already, or it is copied from the destination. Only for files the
 * manifest knows. */
int out_keep(out_stage *st, const char *rel, diag_list *d);
/* 1 if the destination's manifest has rel. */
int out_known(out_stage *st, const char *rel);
/* Records the paths written, copied or kept from now on (single thread),
 * until out_capture_end hands them over (malloc'd array of malloc'd paths). */
void out_capture_begin(out_stage *st);
size_t out_capture_end(out_stage *st, char ***rels);
/* 1 if rel was already written in this build. */
int out_exists(out_stage *st, const char *rel);
/* Swaps the staging folder in as the destination (nothing at all when no
 * file changed), keeps the old site for the next build and saves the
 * manifest with inputs, the signature of this build's inputs. */
int out_commit(out_stage *st, uint64_t inputs, diag_list *d);
/* Removes the staging folder (a failed build) and frees st. */
void out_abort(out_stage *st);
/* Frees st after out_commit. */
void out_end(out_stage *st);
/* After a build that left no previous site beside dest (the first build of
 * a destination, or one after --clean), makes one: a copy of dest, which
 * the manifest then vouches for, so the next build updates it in place
 * instead of copying every unchanged file. For lotrinh serve, which has
 * time between builds. 0, or -1 (nothing changed) when it cannot. */
int out_prime_previous(const char *dest, const char *source);
/* 1 if rel is a safe relative output path. */
int out_path_ok(const char *rel);

#endif
