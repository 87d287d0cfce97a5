/* md: Markdown to HTML with cmark-gfm (tables, footnotes, strikethrough,
 * autolinks, tagfilter), plus what layouts need: heading ids, table of
 * contents, summary, word count, and links to source files rewritten. */
#ifndef LT_MD_H
#define LT_MD_H
#include <stddef.h>
#include "diag.h"

typedef struct md_options {
    int unsafe_html;     /* 1: raw HTML passes through; 0: it is shown escaped */
    int smart;           /* typographic quotes and dashes */
    int hard_breaks;
    int valid_utf8;      /* the text is known to be valid UTF-8: cmark need not check */
    int want_plain;      /* make md_result.plain (else NULL; word_count is always made) */
} md_options;

/* Resolves a link to a source file. target is the URL as written (without
 * "#fragment"), e.g. "../ke-hoach/lo-trinh-2035.md". Returns the page's URL
 * (malloc'd, caller frees) or NULL when no page has that source. */
typedef char *(*md_resolve_fn)(void *ud, const char *target);

typedef struct md_heading {
    int level;
    char *id;            /* unique within the page */
    char *text;          /* plain text */
} md_heading;

typedef struct md_result {
    char *html;          /* body */
    char *summary_html;  /* text before <!--more-->, else first paragraph */
    int summary_marked;  /* 1 if <!--more--> was found */
    char *toc_html;      /* nested <ul> of h2..h4 (empty string if none) */
    char *plain;         /* plain text of the body (only when md_options.want_plain) */
    md_heading *headings;
    size_t n_headings;
    size_t word_count;
} md_result;

/* file: for messages. line_offset: line of the body's first line in file,
 * minus 1 (so cmark line L is file line L + line_offset).
 * Links/images whose destination has no scheme and whose path ends in ".md"
 * go through resolve; a miss is an error at the link's file:line:col.
 * javascript:, vbscript: and data: (other than images) URLs are errors.
 * Returns 0, or -1 with diagnostics (out is then empty). */
int md_render(const char *file, const char *text, size_t len, int line_offset,
              const md_options *opt, md_resolve_fn resolve, void *ud,
              md_result *out, diag_list *d);
void md_result_free(md_result *r);

#endif
