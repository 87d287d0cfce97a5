/* xml: sitemap and RSS 2.0, written with libxml2's xmlTextWriter into
 * memory buffers (the caller writes files, so output stays atomic). */
#ifndef LT_XML_H
#define LT_XML_H
#include <stddef.h>
#include "buf.h"

typedef struct xml_alt {
    const char *hreflang;    /* "vi", "en" or "x-default" */
    const char *href;        /* absolute URL */
} xml_alt;

typedef struct xml_url {
    const char *loc;         /* absolute URL */
    long long lastmod;       /* epoch seconds; < 0: none */
    const xml_alt *alts;     /* translations incl. itself and x-default; may be 0 */
    size_t n_alts;
} xml_url;

/* Writes one <urlset> sitemap of urls[0..n) into out (with the xhtml
 * namespace for alternates). lastmod is written as W3C datetime in the
 * zone tz_minutes (e.g. 2026-11-23T08:30:00+07:00). Returns 0 or -1. */
int xml_sitemap(const xml_url *urls, size_t n, int tz_minutes, buf *out);

/* Writes a <sitemapindex> listing locs[0..n) (absolute URLs). */
int xml_sitemap_index(const char *const *locs, size_t n, long long lastmod,
                      int tz_minutes, buf *out);

/* Sitemap protocol limits: 50,000 URLs and 50 MB per file. */
#define XML_SITEMAP_MAX_URLS 50000
#define XML_SITEMAP_MAX_BYTES (50u * 1024u * 1024u)

typedef struct xml_item {
    const char *title;
    const char *link;        /* absolute */
    const char *guid;        /* permalink, usually == link */
    long long pub;           /* epoch seconds; < 0: no pubDate */
    const char *description; /* HTML; written as escaped text */
    const char *const *categories;
    size_t n_categories;
} xml_item;

typedef struct xml_feed {
    const char *title;
    const char *link;        /* the HTML page of the list, absolute */
    const char *self;        /* the feed's own absolute URL (atom:link rel=self) */
    const char *description;
    const char *language;    /* "vi", "en" */
    const char *generator;   /* "lotrinh 0.1" */
    long long last_build;    /* epoch; < 0: omit lastBuildDate */
    int tz_minutes;          /* zone for RFC 822 dates, e.g. +420 -> "+0700" */
    const xml_item *items;
    size_t n_items;
} xml_feed;

/* Writes an RSS 2.0 document (with the atom namespace for rel=self). */
int xml_rss(const xml_feed *feed, buf *out);

/* RFC 822 date "Mon, 23 Nov 2026 08:30:00 +0700" of epoch in zone tz. */
void xml_rfc822(long long epoch, int tz_minutes, char out[40]);
/* W3C datetime "2026-11-23T08:30:00+07:00". */
void xml_w3c(long long epoch, int tz_minutes, char out[40]);

#endif
