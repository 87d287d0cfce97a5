/* deps: what one output read while it was rendered, so the next build can
 * tell whether it must render that output again (docs/performance.md,
 * "Incremental builds").
 *
 * A page's data is split into slots, each with its own hash per build:
 * an output that linked to another page depends on that page's META slot
 * (its address), one that showed its title on its FIELDS slot, a list
 * page on its own PAGES slot (membership and order) and on the slots of
 * the items it showed, and so on. Everything else an output
 * read has a name ("layout:_default/single", "data:sectors",
 * "pages:page|vi|tin-tuc", "getpage:...") and the hash it had. */
#ifndef LT_DEPS_H
#define LT_DEPS_H
#include <stddef.h>
#include <stdint.h>
#include "buf.h"

typedef enum {
    DEP_META,      /* where the page is: kind, language, section, address, source */
    DEP_FIELDS,    /* its own fields: title, description, dates, params, resources... */
    DEP_CONTENT,   /* rendered body: content, toc, plain, headings, word_count */
    DEP_SUMMARY,   /* summary */
    DEP_PAGES,     /* the list's pages: which and in what order */
    DEP_PAGER,     /* this pager page's number, total and slice */
    DEP_TRANS,     /* translations and hreflang alternates */
    DEP_NAV,       /* home, section_page, feeds, redirect target */
    DEP_TERMS,     /* the term pages of a regular page */
    DEP_SLOTS
} dep_slot;

/* One thread's recorder: begin, add while rendering, take the result. */
typedef struct dep_rec {
    uint32_t *stamp;       /* per page*slot: the output number that last added it */
    size_t n_pages;
    uint32_t gen;          /* number of the current output (0: none yet) */
    uint32_t *items;       /* page_id * DEP_SLOTS + slot, in the order seen */
    size_t n, cap;
    buf named;             /* entries: name '\0' hash (8 bytes, little-endian) */
    size_t n_named;
    char **extra;          /* other files the output wrote (image sizes), owned */
    size_t n_extra, cap_extra;
    int failed;            /* out of memory: the output must count as always dirty */
} dep_rec;

int dep_rec_init(dep_rec *r, size_t n_pages);
void dep_rec_free(dep_rec *r);
/* Starts recording a new output (forgets the previous one's items). */
void dep_begin(dep_rec *r);
void dep_page(dep_rec *r, size_t page_id, dep_slot slot);
/* A named input and its hash; the same name twice keeps the first. */
void dep_named(dep_rec *r, const char *name, uint64_t hash);
/* Another file the output wrote (kept with it when it is not rendered again). */
void dep_extra(dep_rec *r, const char *rel);

#endif
