/* feeds: sitemap.xml (or an index with numbered children), RSS feeds per
 * language, section and taxonomy term, and robots.txt. */
#ifndef LT_FEEDS_H
#define LT_FEEDS_H
#include "site.h"
#include "out.h"
#include "diag.h"

/* 1 if p gets a feed at <p->url>index.xml. */
int feeds_has_feed(const site *s, const page *p);
/* Writes every feed, the sitemap and robots.txt into the stage. */
int feeds_write(site *s, out_stage *st, diag_list *d);

#endif
