/* search: the client-side search index (see search.h and docs/search.md). */
#include "search.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <utf8proc.h>
#include "hmap.h"
#include "u8.h"

int search_wanted(const site *s, const page *p)
{
    (void)s;
    if (p->kind == PAGE_ALIAS || p->kind == PAGE_404) return 0;
    if (p->no_sitemap || p->no_search || p->pager_no > 1 || !p->out) return 0;
    size_t n = strlen(p->out);
    return n >= 5 && !strcmp(p->out + n - 5, ".html");
}

unsigned search_weight(unsigned title, unsigned heading, unsigned summary, unsigned body)
{
    unsigned w = 0;
    if (title) w += SEARCH_W_TITLE;
    if (heading) w += SEARCH_W_HEADING;
    if (summary) w += SEARCH_W_SUMMARY;
    /* the body counts, but a word repeated 50 times must not outweigh a title */
    w += body >= 10 ? 3 : body >= 3 ? 2 : body ? 1 : 0;
    return w;
}

/* Letters and digits make tokens; everything else separates them. */
static int is_word(utf8proc_int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

long search_tokenize(const char *s, size_t n, search_token_fn fn, void *ud)
{
    size_t m;
    if (u8_validate(s, n, NULL) < 0) return -1;
    char *f = u8_fold(s, n, &m);
    if (!f) return -1;
    long count = 0;
    size_t i = 0, start = 0;
    int in = 0;
    for (;;) {
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t k = i < m ? utf8proc_iterate((const utf8proc_uint8_t *)f + i,
                                                      (utf8proc_ssize_t)(m - i), &cp) : 0;
        int word = k > 0 && is_word(cp);
        if (word && !in) { start = i; in = 1; }
        if (!word && in) {
            in = 0;
            if (i - start <= SEARCH_MAX_TOKEN) { fn(ud, f + start, i - start); count++; }
        }
        if (k <= 0) break;
        i += (size_t)k;
    }
    free(f);
    return count;
}

/* ---------- text of rendered HTML ---------- */

static int in_set(const char *const *set, const char *name)
{
    for (; *set; set++) if (!strcmp(*set, name)) return 1;
    return 0;
}

/* Elements whose text is not part of the page's own content. */
static const char *const skip_tags[] = {
    "nav", "script", "style", "template", "noscript", "form", "svg", "button", NULL };
/* Formatting that may sit inside a word ("H<sub>2</sub>O"): no break. */
static const char *const join_tags[] = {
    "abbr", "b", "em", "i", "mark", "s", "small", "strong", "sub", "sup", "u", "wbr", NULL };
/* Blocks: a line break. Any other element (a, span, time, code...) breaks
 * a word only where two words would touch, since layouts often put a
 * <span> right after text that CSS shows on a line of its own. */
static const char *const block_tags[] = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "legend", "li", "main", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", NULL };

static void sep(buf *b)
{
    if (b->len && b->data[b->len - 1] != '\n') buf_putc(b, '\n');
}

static int skipped(xmlNode *n)
{
    if (in_set(skip_tags, (const char *)n->name)) return 1;
    if (xmlHasProp(n, BAD_CAST "hidden") || xmlHasProp(n, BAD_CAST "data-search-skip")) return 1;
    xmlChar *aria = xmlGetProp(n, BAD_CAST "aria-hidden");
    int hide = aria && !xmlStrcmp(aria, BAD_CAST "true");
    xmlFree(aria);
    return hide;
}

typedef struct walker {
    search_text *t;
    int soft;               /* an element boundary: words on both sides must not touch */
} walker;

static int wordish(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static void put_text(walker *w, buf *dst, const char *s)
{
    if (w->soft && dst->len && wordish((unsigned char)dst->data[dst->len - 1]) && wordish((unsigned char)*s))
        buf_putc(dst, ' ');
    w->soft = 0;
    buf_puts(dst, s);
}

/* Appends the text under n to dst, or to the title / heads inside <h1> /
 * <h2>-<h6>. */
static void walk(walker *w, xmlNode *n, buf *dst, int depth)
{
    search_text *t = w->t;
    if (depth > 256) return;
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) put_text(w, dst, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE && !skipped(n)) {
            const char *name = (const char *)n->name;
            buf *to = dst;
            if (dst == &t->body && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
                to = name[1] == '1' ? &t->title : &t->heads;
            int block = to != dst || in_set(block_tags, name);
            int join = !block && in_set(join_tags, name);
            if (block) sep(to);
            else if (!join) w->soft = 1;
            walk(w, n->children, to, depth + 1);
            if (block) sep(to);
            else if (!join) w->soft = 1;
        }
    }
}

static xmlNode *find_element(xmlNode *n, const char *name, int depth)
{
    if (depth > 256) return NULL;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (!strcmp((const char *)n->name, name)) return n;
        xmlNode *f = find_element(n->children, name, depth + 1);
        if (f) return f;
    }
    return NULL;
}

int search_html_text(const char *html, size_t n, search_text *t)
{
    if (n > INT32_MAX) return -1;
    htmlDocPtr doc = htmlReadMemory(html, (int)n, NULL, "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc) return n ? -1 : 0;
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *from = find_element(root, "main", 0);
    if (!from) from = find_element(root, "body", 0);
    walker w = { t, 0 };
    if (from) walk(&w, from->children, &t->body, 0);
    xmlFreeDoc(doc);
    return t->body.failed || t->heads.failed || t->title.failed ? -1 : 0;
}

void search_text_free(search_text *t)
{
    buf_free(&t->body);
    buf_free(&t->heads);
    buf_free(&t->title);
}

/* ---------- one page ---------- */

/* Occurrences of one token in each field of a page. */
typedef struct acc_ent {
    char *tok;
    unsigned n[4];          /* title, headings, summary, body */
} acc_ent;

typedef struct acc {
    hmap map;               /* token -> index + 1 in v */
    acc_ent *v;
    size_t n, cap;
    int field;
    int failed;
} acc;

static void acc_add(void *ud, const char *tok, size_t len)
{
    acc *a = ud;
    char key[SEARCH_MAX_TOKEN + 1];
    memcpy(key, tok, len);
    key[len] = '\0';
    size_t i = (size_t)(uintptr_t)hmap_get(&a->map, key);
    if (!i) {
        if (a->n == a->cap) {
            size_t cap = a->cap ? a->cap * 2 : 64;
            acc_ent *v = realloc(a->v, cap * sizeof *v);
            if (!v) { a->failed = 1; return; }
            a->v = v;
            a->cap = cap;
        }
        acc_ent *e = &a->v[a->n];
        memset(e, 0, sizeof *e);
        e->tok = strdup(key);
        if (!e->tok) { a->failed = 1; return; }
        i = ++a->n;
        hmap_put(&a->map, e->tok, (void *)(uintptr_t)i);
        if (hmap_get(&a->map, e->tok) != (void *)(uintptr_t)i) { a->failed = 1; return; }
    }
    a->v[i - 1].n[a->field]++;
}

static int term_cmp(const void *x, const void *y)
{
    return strcmp(((const search_term *)x)->tok, ((const search_term *)y)->tok);
}

/* Copies s with every run of white space made one space, trimmed, and cut
 * at a word boundary to at most max characters (with "…" when cut). */
static char *short_text(const char *s, size_t n, int max)
{
    buf b = BUF_INIT;
    int space = 0;
    if (max <= 0) n = 0;                    /* summary = 0: none */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int ws = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
        /* U+00A0 no-break space, as libxml2 decodes &nbsp; */
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { ws = 1; i++; }
        if (ws) { space = b.len > 0; continue; }
        if (space) buf_putc(&b, ' ');
        space = 0;
        buf_putc(&b, (char)c);
    }
    const char *t = buf_cstr(&b);
    size_t chars = 0, cut = b.len, last_space = 0;
    for (size_t i = 0; i < b.len; i++) {
        if (((unsigned char)t[i] & 0xC0) == 0x80) continue;
        if (t[i] == ' ') last_space = i;
        if (chars++ == (size_t)max) { cut = i; break; }
    }
    if (cut < b.len) {
        if (last_space > 0) cut = last_space;
        b.len = cut;
        while (b.len && b.data[b.len - 1] == ' ') b.len--;
        buf_puts(&b, "…");
    }
    return buf_detach(&b, NULL);
}

int search_doc_make(const site *s, const page *p, const char *html, size_t n, search_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    if (!search_wanted(s, p)) return 0;
    doc->lang = p->lang;
    doc->section = p->section ? p->section : "";
    doc->url = site_rel_url(s, p->url);
    doc->title = strdup(p->title ? p->title : "");
    search_text t = { BUF_INIT, BUF_INIT, BUF_INIT };
    int rc = 0;
    if (p->kind == PAGE_REGULAR) {
        /* what the layout shows: also the tasks, targets and tables that
         * layouts draw from front matter and data */
        rc = search_html_text(html, n, &t);
    } else {
        /* a list page: its own text, not the entries it lists */
        if (p->md.plain) buf_puts(&t.body, p->md.plain);
        for (size_t i = 0; i < p->md.n_headings; i++) {
            buf_puts(&t.heads, p->md.headings[i].text);
            buf_putc(&t.heads, '\n');
        }
    }
    /* summary: front matter summary, description, Markdown summary, body */
    search_text sum = { BUF_INIT, BUF_INIT, BUF_INIT };
    const char *st = p->summary_fm ? p->summary_fm : p->description;
    if (st) buf_puts(&sum.body, st);
    else if (p->md.summary_html && *p->md.summary_html)
        rc |= search_html_text(p->md.summary_html, strlen(p->md.summary_html), &sum);
    if (!sum.body.len) buf_put(&sum.body, t.body.data ? t.body.data : "", t.body.len);
    doc->summary = short_text(buf_cstr(&sum.body), sum.body.len, s->cfg.search_summary);
    search_text_free(&sum);

    acc a = { .failed = rc < 0 || !doc->url || !doc->title || !doc->summary };
    /* the page's <h1> may say more than its title ("Sở GD&ĐT" beside the name) */
    const char *fields[5] = { doc->title, buf_cstr(&t.title), buf_cstr(&t.heads), doc->summary,
                              buf_cstr(&t.body) };
    static const int field_of[5] = { 0, 0, 1, 2, 3 };
    for (int f = 0; f < 5 && !a.failed; f++) {
        a.field = field_of[f];
        /* text that is not UTF-8 cannot come from a page that was rendered */
        search_tokenize(fields[f], strlen(fields[f]), acc_add, &a);
    }
    doc->text_bytes = strlen(doc->title) + t.heads.len + t.body.len;
    search_text_free(&t);
    hmap_free(&a.map);
    if (!a.failed && a.n) {
        doc->terms = malloc(a.n * sizeof *doc->terms);
        if (!doc->terms) a.failed = 1;
    }
    for (size_t i = 0; i < a.n; i++) {
        if (doc->terms) {
            doc->terms[i].tok = a.v[i].tok;
            doc->terms[i].weight = search_weight(a.v[i].n[0], a.v[i].n[1], a.v[i].n[2], a.v[i].n[3]);
        } else {
            free(a.v[i].tok);
        }
    }
    if (doc->terms) {
        doc->n_terms = a.n;
        qsort(doc->terms, doc->n_terms, sizeof *doc->terms, term_cmp);
    }
    free(a.v);
    doc->used = 1;
    if (a.failed) { search_doc_free(doc); return -1; }
    return 0;
}

void search_doc_free(search_doc *doc)
{
    free(doc->url);
    free(doc->title);
    free(doc->summary);
    for (size_t i = 0; i < doc->n_terms; i++) free(doc->terms[i].tok);
    free(doc->terms);
    memset(doc, 0, sizeof *doc);
}

/* ---------- the index of one language ---------- */

typedef struct posting {
    const char *tok;
    uint32_t doc;
    unsigned weight;
} posting;

/* A distinct token and its postings, serialised. */
typedef struct term_ent {
    const char *tok;
    size_t len;
    size_t off, n;          /* its postings' JSON text in the postings buffer */
    size_t bytes;           /* what it adds to a shard file */
} term_ent;

/* A run of tokens that share a prefix: they go into one shard file. */
typedef struct bucket {
    size_t from, to;        /* term_ent range */
    size_t pre_len;         /* bytes of the shared prefix */
    size_t bytes;
} bucket;

typedef struct buckets {
    bucket *v;
    size_t n, cap;
    int failed;
} buckets;

static int posting_cmp(const void *x, const void *y)
{
    const posting *a = x, *b = y;
    int c = strcmp(a->tok, b->tok);
    if (c) return c;
    return a->doc < b->doc ? -1 : a->doc > b->doc;
}

static int doc_url_cmp(const void *x, const void *y)
{
    return strcmp((*(const search_doc *const *)x)->url, (*(const search_doc *const *)y)->url);
}

static void bucket_push(buckets *bs, size_t from, size_t to, size_t pre_len, size_t bytes)
{
    if (bs->n == bs->cap) {
        size_t cap = bs->cap ? bs->cap * 2 : 16;
        bucket *v = realloc(bs->v, cap * sizeof *v);
        if (!v) { bs->failed = 1; return; }
        bs->v = v;
        bs->cap = cap;
    }
    bs->v[bs->n++] = (bucket){ from, to, pre_len, bytes };
}

/* Bytes of the UTF-8 character starting with lead byte c. */
static size_t u8_char_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Splits terms [from, to), which share their first pre_len bytes, into
 * buckets of at most limit bytes, one more character of prefix at a time.
 * A token equal to the prefix itself keeps a bucket of its own, so that
 * every token is in the bucket with the longest prefix it starts with. */
static void split(const term_ent *t, size_t from, size_t to, size_t pre_len, int depth,
                  size_t limit, buckets *bs)
{
    size_t bytes = 0;
    for (size_t i = from; i < to; i++) bytes += t[i].bytes;
    if (bytes <= limit || depth >= SEARCH_MAX_PREFIX) {
        bucket_push(bs, from, to, pre_len, bytes);
        return;
    }
    size_t i = from;
    if (t[i].len == pre_len) { bucket_push(bs, i, i + 1, pre_len, t[i].bytes); i++; }
    while (i < to) {
        size_t cl = u8_char_len((unsigned char)t[i].tok[pre_len]);
        size_t j = i + 1;
        while (j < to && t[j].len >= pre_len + cl && !memcmp(t[j].tok + pre_len, t[i].tok + pre_len, cl))
            j++;
        split(t, i, j, pre_len + cl, depth + 1, limit, bs);
        i = j;
    }
}

/* FNV-1a over the files of the index, so clients can tell versions apart. */
static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ULL; }
    return h;
}

typedef struct lang_out {
    const site *s;
    out_stage *st;
    diag_list *d;
    const char *code;
    uint64_t hash;
    size_t bytes, files;
    int rc;
} lang_out;

static void put_file(lang_out *o, const char *name, buf *b)
{
    if (b->failed) { o->rc = -1; return; }
    buf path = BUF_INIT;
    buf_printf(&path, "%s/%s/%s", o->s->cfg.search_path, o->code, name);
    if (out_write(o->st, buf_cstr(&path), buf_cstr(b), b->len, o->d) < 0) o->rc = -1;
    o->hash = fnv(o->hash, buf_cstr(b), b->len);
    o->bytes += b->len;
    o->files++;
    buf_free(&path);
}

/* The label of a section in a language: its list page's title. */
static const char *section_label(const site *s, size_t lang, const char *section)
{
    if (!*section) return "";
    const page *sec = site_find_list(s, PAGE_SECTION, lang, section);
    if (sec && sec->title) return sec->title;
    for (size_t i = 0; i < s->n_pages; i++) {
        const page *p = s->pages[i];
        if (p->kind == PAGE_TAXONOMY && p->lang == lang && !strcmp(p->section, section))
            return p->title ? p->title : section;
    }
    return section;
}

/* Ends the docs array in b and writes it as docs-N.json. */
static void flush_docs(lang_out *o, buf *b, size_t *n_files)
{
    char name[64];
    buf_puts(b, "]\n");
    snprintf(name, sizeof name, "docs-%zu.json", (*n_files)++);
    put_file(o, name, b);
    buf_reset(b);
    buf_puts(b, "[");
}

static int str_ptr_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int write_lang(const site *s, size_t lang, const search_doc *all, lang_out *o,
                      search_stats *stats, buf *report)
{
    size_t n = 0, n_post = 0;
    for (size_t i = 0; i < s->n_pages; i++)
        if (all[i].used && all[i].lang == lang) { n++; n_post += all[i].n_terms; }
    const search_doc **docs = calloc(n ? n : 1, sizeof *docs);
    posting *post = malloc((n_post ? n_post : 1) * sizeof *post);
    const char **secs = calloc(n ? n : 1, sizeof *secs);
    term_ent *terms = malloc((n_post ? n_post : 1) * sizeof *terms);
    size_t *doc_from = calloc(n + 1, sizeof *doc_from);
    buckets bs = {0};
    buf text = BUF_INIT, b = BUF_INIT, man = BUF_INIT;
    size_t n_secs = 0, n_terms = 0, n_docfiles = 0, n_files = 0;
    if (!docs || !post || !secs || !terms || !doc_from) { o->rc = -1; goto done; }
    n = 0;
    for (size_t i = 0; i < s->n_pages; i++)
        if (all[i].used && all[i].lang == lang) docs[n++] = &all[i];
    /* document ids follow URLs, so they do not depend on the order of pages */
    qsort(docs, n, sizeof *docs, doc_url_cmp);
    for (size_t i = 0; i < n; i++) secs[i] = docs[i]->section;
    qsort(secs, n, sizeof *secs, str_ptr_cmp);
    for (size_t i = 0; i < n; i++)
        if (!n_secs || strcmp(secs[n_secs - 1], secs[i])) secs[n_secs++] = secs[i];

    /* docs-N.json: [url, title, section, summary] per document, in chunks */
    size_t chunk_start = 0;
    buf_puts(&b, "[");
    for (size_t i = 0; i < n; i++) {
        const search_doc *dc = docs[i];
        size_t sec = (size_t)((const char **)bsearch(&dc->section, secs, n_secs, sizeof *secs,
                                                     str_ptr_cmp) - secs);
        buf one = BUF_INIT;
        buf_puts(&one, "[");
        buf_put_json(&one, dc->url, strlen(dc->url));
        buf_puts(&one, ",");
        buf_put_json(&one, dc->title, strlen(dc->title));
        buf_printf(&one, ",%zu,", sec);
        buf_put_json(&one, dc->summary, strlen(dc->summary));
        buf_puts(&one, "]");
        if (i > chunk_start && b.len + one.len + 3 > s->cfg.search_shard) {
            flush_docs(o, &b, &n_docfiles);
            doc_from[n_docfiles] = chunk_start = i;
        }
        buf_puts(&b, i > chunk_start ? ",\n" : "");
        buf_put(&b, buf_cstr(&one), one.len);
        buf_free(&one);
    }
    flush_docs(o, &b, &n_docfiles);

    /* postings: token -> [doc delta, weight, doc delta, weight...] */
    n_post = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < docs[i]->n_terms; k++)
            post[n_post++] = (posting){ docs[i]->terms[k].tok, (uint32_t)i, docs[i]->terms[k].weight };
    qsort(post, n_post, sizeof *post, posting_cmp);
    for (size_t i = 0; i < n_post;) {
        size_t j = i;
        term_ent *te = &terms[n_terms++];
        te->tok = post[i].tok;
        te->len = strlen(te->tok);
        te->off = text.len;
        buf_putc(&text, '[');
        uint32_t prev = 0;
        for (; j < n_post && !strcmp(post[j].tok, post[i].tok); j++) {
            buf_printf(&text, "%s%u,%u", j > i ? "," : "", post[j].doc - prev, post[j].weight);
            prev = post[j].doc;
        }
        buf_putc(&text, ']');
        te->n = text.len - te->off;
        te->bytes = te->n + te->len + 4;   /* the token quoted, two commas */
        i = j;
    }
    if (text.failed) { o->rc = -1; goto done; }

    /* terms-N.json: {"t":[tokens], "p":[postings]} per shard, tokens split by prefix */
    if (n_terms) split(terms, 0, n_terms, 0, 0, s->cfg.search_shard, &bs);
    if (bs.failed) { o->rc = -1; goto done; }
    buf_puts(&man, "{\"version\":1,\"lang\":");
    buf_put_json(&man, o->code, strlen(o->code));
    buf_printf(&man, ",\"count\":%zu,\"terms\":%zu,", n, n_terms);
    buf_printf(&man, "\"weights\":{\"title\":%d,\"heading\":%d,\"summary\":%d,\"body\":3},",
               SEARCH_W_TITLE, SEARCH_W_HEADING, SEARCH_W_SUMMARY);
    buf_puts(&man, "\"sections\":[");
    for (size_t i = 0; i < n_secs; i++) {
        const char *label = section_label(s, lang, secs[i]);
        buf_puts(&man, i ? ",[" : "[");
        buf_put_json(&man, secs[i], strlen(secs[i]));
        buf_putc(&man, ',');
        buf_put_json(&man, label, strlen(label));
        buf_putc(&man, ']');
    }
    buf_puts(&man, "],\"docs\":[");
    for (size_t i = 0; i < n_docfiles; i++) buf_printf(&man, "%s%zu", i ? "," : "", doc_from[i]);
    buf_puts(&man, "],\"shards\":{");
    for (size_t k = 0; k < bs.n;) {
        /* consecutive buckets share a file while it stays under the limit */
        size_t e = k + 1, bytes = bs.v[k].bytes;
        while (e < bs.n && bytes + bs.v[e].bytes <= s->cfg.search_shard) bytes += bs.v[e++].bytes;
        buf_reset(&b);
        buf_puts(&b, "{\"t\":[");
        for (size_t i = bs.v[k].from; i < bs.v[e - 1].to; i++) {
            if (i > bs.v[k].from) buf_putc(&b, ',');
            buf_put_json(&b, terms[i].tok, terms[i].len);
        }
        buf_puts(&b, "],\n\"p\":[");
        for (size_t i = bs.v[k].from; i < bs.v[e - 1].to; i++) {
            if (i > bs.v[k].from) buf_puts(&b, ",\n");
            buf_put(&b, text.data + terms[i].off, terms[i].n);
        }
        buf_puts(&b, "]}\n");
        char name[64];
        snprintf(name, sizeof name, "terms-%zu.json", n_files);
        put_file(o, name, &b);
        for (; k < e; k++) {
            if (k) buf_putc(&man, ',');
            buf_put_json(&man, terms[bs.v[k].from].tok, bs.v[k].pre_len);
            buf_printf(&man, ":%zu", n_files);
        }
        n_files++;
    }
    /* the hash of the other files lets the client ask for fresh copies */
    buf_printf(&man, "},\"hash\":\"%016llx\"}\n", (unsigned long long)o->hash);
    put_file(o, "index.json", &man);

    size_t text_bytes = 0;
    for (size_t i = 0; i < n; i++) text_bytes += docs[i]->text_bytes;
    if (stats) {
        stats->docs += n;
        stats->terms += n_terms;
        stats->text_bytes += text_bytes;
    }
    if (report)
        buf_printf(report, "%s%s: %zu pages, %zu terms, %zu shard%s, %.1f KB",
                   lang ? "; " : "", o->code, n, n_terms, n_files, n_files == 1 ? "" : "s",
                   (double)o->bytes / 1024.0);
done:
    free(docs);
    free(post);
    free(secs);
    free(terms);
    free(doc_from);
    free(bs.v);
    buf_free(&text);
    buf_free(&b);
    buf_free(&man);
    return o->rc;
}

int search_write(const site *s, out_stage *st, const search_doc *docs, search_stats *stats,
                 buf *report, diag_list *d)
{
    int rc = 0;
    if (stats) memset(stats, 0, sizeof *stats);
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        lang_out o = { .s = s, .st = st, .d = d, .code = s->cfg.langs[l].code,
                       .hash = 1469598103934665603ULL };
        if (write_lang(s, l, docs, &o, stats, report) < 0) {
            diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot write the search index of '%s'", o.code);
            rc = -1;
        }
        if (stats) { stats->bytes += o.bytes; stats->files += o.files; }
    }
    return rc;
}

/* ---------- the build cache (ser.h) ---------- */

/* Each term: bytes shared with the previous token, the rest, the weight. */
#define TERM_MIN_BYTES 4        /* shared, length, one byte of rest, weight */

void search_doc_ser(buf *b, const search_doc *doc)
{
    const char *prev = "";
    ser_u64(b, doc->used != 0);
    if (!doc->used) return;
    ser_u64(b, doc->lang);
    ser_str(b, doc->url);
    ser_str(b, doc->title);
    ser_str(b, doc->summary);
    ser_u64(b, doc->text_bytes);
    ser_u64(b, doc->n_terms);
    for (size_t i = 0; i < doc->n_terms; i++) {
        const char *tok = doc->terms[i].tok;
        size_t k = 0;
        while (prev[k] && prev[k] == tok[k]) k++;
        ser_u64(b, k);
        ser_bytes(b, tok + k, strlen(tok + k));
        ser_u64(b, doc->terms[i].weight);
        prev = tok;
    }
}

/* Reads term t after prev (*len bytes; *len becomes t's length). It must
 * sort strictly after prev, so the rest is never empty and its first byte
 * beats prev's there (which also makes the shared length the longest). */
static int term_deser(ser_reader *r, search_term *t, const char *prev, size_t *len)
{
    size_t prev_len = *len;
    uint64_t k = ser_get_u64(r), w;
    size_t n;
    const char *rest = ser_get_bytes(r, &n);
    w = ser_get_u64(r);
    if (r->bad || k > prev_len || n == 0 || k + n > SEARCH_MAX_TOKEN || (unsigned)w != w) return -1;
    if (k < prev_len && (unsigned char)rest[0] <= (unsigned char)prev[k]) return -1;
    if (memchr(rest, 0, n)) return -1;
    t->tok = malloc(k + n + 1);
    if (!t->tok) return -1;
    memcpy(t->tok, prev, k);
    memcpy(t->tok + k, rest, n);
    t->tok[k + n] = '\0';
    t->weight = (unsigned)w;
    *len = k + n;
    return 0;
}

static int terms_deser(ser_reader *r, search_doc *doc)
{
    size_t n = ser_get_count(r, TERM_MIN_BYTES), prev_len = 0;
    if (r->bad) return -1;
    if (n == 0) return 0;
    doc->terms = malloc(n * sizeof *doc->terms);
    if (!doc->terms) return -1;
    for (size_t i = 0; i < n; i++) {
        const char *prev = i ? doc->terms[i - 1].tok : "";
        if (term_deser(r, &doc->terms[i], prev, &prev_len) < 0) return -1;
        doc->n_terms = i + 1;
    }
    return 0;
}

int search_doc_deser(ser_reader *r, search_doc *doc, const char *section)
{
    memset(doc, 0, sizeof *doc);
    doc->section = section;
    uint64_t used = ser_get_u64(r);
    if (!r->bad && used == 0) return 0;
    if (r->bad || used != 1) goto bad;
    doc->used = 1;
    uint64_t lang = ser_get_u64(r);
    doc->lang = (size_t)lang;
    doc->url = ser_get_str(r);
    doc->title = ser_get_str(r);
    doc->summary = ser_get_str(r);
    uint64_t text_bytes = ser_get_u64(r);
    doc->text_bytes = (size_t)text_bytes;
    if (r->bad || doc->lang != lang || doc->text_bytes != text_bytes) goto bad;
    if (!doc->url || !doc->title || !doc->summary) goto bad;
    if (terms_deser(r, doc) < 0) goto bad;
    return 0;
bad:
    r->bad = 1;
    search_doc_free(doc);
    return -1;
}
