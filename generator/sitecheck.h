/* sitecheck: `lotrinh check` over a built site. Parses every .html file of
 * the built folder with libxml2's HTML parser (several threads) and reports
 * broken internal links, missing fragment anchors, images without alt,
 * duplicate ids and overdue items (elements with data-overdue). Findings
 * are collected in an sc_report, sorted, and printed as text or JSON by the
 * caller. Nothing here reads the source folder: missing translations are
 * added by the caller from the page graph (sc_add_untranslated). */
#ifndef LT_SITECHECK_H
#define LT_SITECHECK_H
#include <stddef.h>
#include <stdio.h>

typedef enum { SC_ERROR, SC_WARNING } sc_level;

typedef struct sc_finding {
    sc_level level;
    const char *check;   /* static: "broken-link", "missing-anchor", "missing-alt",
                            "duplicate-id", "outside-base", "overdue", "untranslated",
                            "unreadable" */
    char *file;          /* the built file as the user named it ("public/a/index.html"),
                            or a source file ("content/a.md") */
    int line;            /* 1-based; 0 when unknown */
    char *page;          /* the page's address on the site ("/a/"), or NULL */
    char *target;        /* the link, id or label concerned, or NULL */
    char *msg;           /* what is wrong */
    char *hint;          /* what to do, or NULL */
} sc_finding;

typedef struct sc_report {
    sc_finding *items;
    size_t n, cap;
    size_t pages;        /* HTML files checked */
    size_t errors, warnings;
    int oom;             /* an allocation failed: the report is incomplete */
} sc_report;

typedef struct sitecheck_opts {
    const char *dest;       /* the built folder, as named on the command line */
    const char *base_url;   /* "https://example.org" (no trailing slash), or NULL */
    const char *base_path;  /* "/" or "/portal/" */
    int jobs;               /* threads, >= 1 */
} sitecheck_opts;

/* Checks every .html file under o->dest and adds the findings to r.
 * Returns 0, or -1 when dest cannot be listed (a finding says why). */
int sitecheck_run(const sitecheck_opts *o, sc_report *r);

/* Adds one finding (strings are copied; page, target, hint may be NULL). */
void sc_add(sc_report *r, sc_level level, const char *check, const char *file, int line,
            const char *page, const char *target, const char *msg, const char *hint);
/* Sorts by file, line, check, message: the order of the output. */
void sc_sort(sc_report *r);
/* "file:line: error: message [check]" lines with hints, then a count line. */
void sc_print_text(const sc_report *r, FILE *f, int color);
/* The JSON document described in docs/cli.md (one object, "findings" sorted). */
void sc_print_json(const sc_report *r, const char *dest, FILE *f);
void sc_free(sc_report *r);

#endif
