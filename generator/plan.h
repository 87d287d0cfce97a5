/* plan: which pages this build must render, given what the last build of
 * the destination recorded (bcache.h).
 *
 * Every page gets this build's hash of each slot (deps.h). Pages whose
 * Markdown may have changed (their file, a derived body, or the URL a link
 * resolves to) have it rendered first, so their content and summary hashes
 * are real. Then each output of each page is checked against its record:
 * a page is rendered again when one of its outputs is new, or read a page
 * slot or a named input whose hash is not the same any more. */
#ifndef LT_PLAN_H
#define LT_PLAN_H
#include <stddef.h>
#include <stdint.h>
#include "bcache.h"
#include "buf.h"
#include "diag.h"
#include "hmap.h"
#include "site.h"

#define PLAN_MEMO 256

typedef struct plan {
    const bcache *prev;      /* NULL: every page is rendered */
    page **prev_to_cur;      /* last build's page index -> this build's page (or NULL) */
    unsigned char *render;   /* per page id: 1 to render */
    char **why;              /* per page id: why it is rendered (explain), or NULL */
    size_t n_render;
    hmap named;              /* name -> uint64_t* hash, evaluated once */
    int same_ids;            /* every page of the last build has the same id now */
    char ***rels;            /* per page id: its output files (plan_outputs) */
    size_t *n_rels;
    unsigned char *html;     /* per page id: the first is its HTML page (p->out) */
    struct { uint64_t h; int verdict; } memo[PLAN_MEMO];   /* named parts checked */
} plan;

/* The output files of page p (its HTML page, then its extra formats), in
 * that order; returns how many. The strings belong to the plan. */
size_t plan_outputs(const plan *pl, const page *p, char *const **rels);

/* Computes every page's slot hashes, renders the Markdown that may have
 * changed, and decides what to render. prev may be NULL (everything).
 * known(rel) tells whether the destination has rel (its manifest). Returns
 * 0, or -1 when Markdown had errors (reported to d). */
int plan_make(plan *pl, site *s, const bcache *prev, int has_404,
              int (*known)(void *ud, const char *rel), void *ud, int explain, diag_list *d);
void plan_free(plan *pl, const site *s);

/* A named input's hash in this build ("layout:...", "data:...", ...). */
uint64_t plan_named(plan *pl, const site *s, const char *name);

/* What page p's Markdown is made from (0: it has none). */
uint64_t plan_md_in(const page *p);
/* The URLs p's .md links resolve to now. */
uint64_t plan_links_hash(const site *s, char *const *src, size_t n);

#endif
