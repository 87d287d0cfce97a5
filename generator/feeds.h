/* feeds: sitemap.xml (or an index with numbered children), RSS feeds per
 * language, section and taxonomy term, and robots.txt. */
#ifndef LT_FEEDS_H
#define LT_FEEDS_H
#include "site.h"
#include "out.h"
#include "diag.h"

/* 1 if p gets a feed at <p->url>index.xml. */
int feeds_has_feed(const site *s, const page *p);
/* Feeds and the sitemap are aggregates: written again only when the hash
 * of what they show (pages' slot hashes, deps.h) differs from the last
 * build's, else their files are kept. The build supplies the callbacks. */
typedef struct feeds_agg {
    /* 1 if name had hash h in the last build (its files are then kept) */
    int (*keep)(void *ud, const char *name, uint64_t h);
    /* name, of hash h, was written into files rels[0..n) */
    void (*wrote)(void *ud, const char *name, uint64_t h, char *const *rels, size_t n);
    void *ud;
} feeds_agg;

/* Writes every feed (on s->jobs threads; agg's callbacks must be
 * thread-safe), the sitemap and robots.txt into the stage (agg may be
 * NULL: write everything). */
int feeds_write(site *s, out_stage *st, const feeds_agg *agg, diag_list *d);

#endif
