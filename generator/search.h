/* search: the client-side search index, one per language (docs/search.md).
 *
 * Render workers call search_doc_make() for each page they render (its
 * rendered HTML is at hand then); the build calls search_write() once
 * afterwards, which sorts everything, so the files do not depend on the
 * number of threads or on the order pages were rendered in. */
#ifndef LT_SEARCH_H
#define LT_SEARCH_H
#include <stddef.h>
#include "buf.h"
#include "diag.h"
#include "out.h"
#include "ser.h"
#include "site.h"

/* Weights of a token's occurrences in a page, added up into one small
 * integer per posting: present in the title, in a heading, in the summary,
 * and 1 to 3 for the body by number of occurrences (1, 3+, 10+). */
#define SEARCH_W_TITLE   16
#define SEARCH_W_HEADING 8
#define SEARCH_W_SUMMARY 4
#define SEARCH_MAX_TOKEN 48     /* longer tokens (hashes, long URLs) are not indexed */
#define SEARCH_MAX_PREFIX 3     /* token shards split by at most 3 characters */

typedef struct search_term {
    char *tok;                  /* folded token, NUL-terminated (owned) */
    unsigned weight;            /* search_weight() */
} search_term;

/* One page's share of the index, made by the thread that rendered it. */
typedef struct search_doc {
    int used;                   /* 0: the page is not indexed */
    size_t lang;
    char *url;                  /* with the base path, as links use it */
    char *title;
    char *summary;              /* plain text, at most cfg.search_summary characters */
    const char *section;        /* the page's section (borrowed from the page) */
    search_term *terms;         /* distinct tokens, sorted by bytes */
    size_t n_terms;
    size_t text_bytes;          /* bytes of text indexed (title, headings, body) */
} search_doc;

/* Plain text of rendered HTML, as the index reads it (see docs/search.md):
 * the text of <main> (else <body>), without nav, script, style, template,
 * noscript, form, svg and button elements, nor elements with hidden,
 * aria-hidden="true" or data-search-skip; <h1> text goes to title, h2-h6
 * text to heads, the rest to body. */
typedef struct search_text {
    buf body;
    buf heads;
    buf title;
} search_text;

/* Called with each token (folded, not NUL-terminated) of a text. */
typedef void (*search_token_fn)(void *ud, const char *tok, size_t len);

/* 1 if p belongs in the index: an HTML page of the sitemap (not an alias,
 * 404, pager page or fallback copy) without search: false. */
int search_wanted(const site *s, const page *p);

/* The weight of a token seen in the title, headings, summary (0 or not)
 * and body (number of times). */
unsigned search_weight(unsigned title, unsigned heading, unsigned summary, unsigned body);

/* Folds s[0..n) like slugs (u8_fold) and calls fn for each run of letters
 * and digits, skipping runs longer than SEARCH_MAX_TOKEN bytes. Returns
 * the number of tokens given to fn, or -1 if s is not valid UTF-8. */
long search_tokenize(const char *s, size_t n, search_token_fn fn, void *ud);

/* Extracts the text of html[0..n) into t (see search_text). 0 or -1. */
int search_html_text(const char *html, size_t n, search_text *t);
void search_text_free(search_text *t);

/* Fills doc for page p from its rendered HTML (regular pages) or its
 * Markdown (list pages). Leaves doc->used 0 when p is not wanted.
 * Thread-safe for distinct docs. Returns 0, or -1 when out of memory. */
int search_doc_make(const site *s, const page *p, const char *html, size_t n, search_doc *doc);
void search_doc_free(search_doc *doc);

typedef struct search_stats {
    size_t docs, terms, files;
    size_t bytes;               /* the index files, all languages */
    size_t text_bytes;          /* the text they index */
} search_stats;

/* Writes <search_path>/<lang>/index.json, docs-N.json and terms-N.json for
 * every language from docs[0..s->n_pages) (docs[i] is s->pages[i]'s).
 * Appends one line per language to report when it is not NULL. */
int search_write(const site *s, out_stage *st, const search_doc *docs, search_stats *stats,
                 buf *report, diag_list *d);

/* A search_doc in the build cache's encoding (ser.h). section is not stored:
 * the reader gets it from the page. An unused doc takes one byte; tokens are
 * stored as the bytes they share with the previous one plus the rest. */
void search_doc_ser(buf *b, const search_doc *doc);
/* Fills doc (zeroed first); doc->section = section. 0, or -1 on damage (doc
 * is then freed and zeroed; r->bad is set). Damage includes terms that are
 * not sorted and distinct, empty or longer than SEARCH_MAX_TOKEN tokens, and
 * a used doc without url, title or summary. */
int search_doc_deser(ser_reader *r, search_doc *doc, const char *section);

#endif
