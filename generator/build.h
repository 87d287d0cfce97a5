/* build: one whole build, from the source folder to the destination. */
#ifndef LT_BUILD_H
#define LT_BUILD_H
#include <stdio.h>
#include "diag.h"

#define LOTRINH_VERSION "0.2.0"

typedef struct build_opts {
    const char *source;      /* default "." */
    const char *dest;        /* default "<source>/public" */
    const char *base_url;    /* overrides site.lua's base_url when set */
    int drafts, future;
    int quiet;
    int jobs;                /* worker threads; 0 = one per core */
    long long now;           /* build time; -1: SOURCE_DATE_EPOCH, else the clock */
    const char *now_date;    /* --now: a date, read in the site's time zone */
    const char *inject_html; /* inserted before </body> of every HTML page (serve
                              * mode's reload script); NULL in plain builds */
    int clean;               /* ignore the previous build (no incremental) */
    int explain;             /* print each page rendered and why */
} build_opts;

/* Builds the site. Returns 0 on success, 1 when the content has errors
 * (the previous destination is left untouched). Diagnostics are added to d;
 * the summary line goes to log unless quiet. */
int build_run(const build_opts *o, diag_list *d, FILE *log);

#endif
