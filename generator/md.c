/* md: Markdown to HTML with cmark-gfm (see md.h).
 *
 * One parser per call. The parsed tree is rewritten before rendering:
 * links to .md sources are resolved, raw HTML is turned into text (unless
 * unsafe_html), <!--more--> is replaced by an invisible placeholder, and
 * headings become custom nodes that print <hN id="...">. The summary is
 * rendered last, from the same tree, after cutting it down. */
#include "md.h"
#include "buf.h"
#include "cmarkx.h"
#include "slug.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* cmark-gfm 0.29 keeps a process-wide table of special inline characters
 * that every parse changes (github/cmark-gfm#176); cmarkx fills it once so
 * parses can run at once. Should that not take effect, parsing (not
 * rendering) holds this lock, a synchronisation object, not data. */
static pthread_mutex_t md_parse_lock = PTHREAD_MUTEX_INITIALIZER;

enum { MD_URL_SHOWN = 80 };   /* longest URL quoted in a message */

typedef struct md_ctx {
    const char *file;
    const char *text;
    size_t len;
    int line_offset;
    const md_options *opt;
    md_resolve_fn resolve;
    void *ud;
    diag_list *d;
    int errors;
    int oom;
    cmark_node **nodes;         /* nodes to rewrite, in document order */
    size_t n_nodes, cap_nodes;
    md_heading *heads;
    size_t n_heads, cap_heads;
    cmark_node *marker;         /* placeholder where <!--more--> was */
    cmark_node **dead;          /* replaced nodes: their content buffers still back
                                   the text of children that moved, so they are
                                   freed only after the document */
    size_t n_dead, cap_dead;
} md_ctx;

/* Appends node to the list of nodes to rewrite. */
static void push_node(md_ctx *c, cmark_node *n)
{
    if (c->n_nodes == c->cap_nodes) {
        size_t cap = c->cap_nodes ? c->cap_nodes * 2 : 32;
        cmark_node **p = realloc(c->nodes, cap * sizeof *p);
        if (!p) { c->oom = 1; return; }
        c->nodes = p;
        c->cap_nodes = cap;
    }
    c->nodes[c->n_nodes++] = n;
}

/* Byte offset of the start of line `line` (1-based, counted the way cmark
 * does: \n, \r\n and \r all end a line); len if there is no such line. */
static size_t line_start(const char *s, size_t len, int line)
{
    size_t i = 0;
    for (int l = 1; l < line && i < len; ) {
        if (s[i] == '\r') {
            i++;
            if (i < len && s[i] == '\n') i++;
            l++;
        } else if (s[i] == '\n') {
            i++;
            l++;
        } else {
            i++;
        }
    }
    return i;
}

/* Length of the line starting at byte off (without its line ending). */
static size_t line_len(const char *s, size_t len, size_t off)
{
    size_t i = off;
    while (i < len && s[i] != '\n' && s[i] != '\r') i++;
    return i - off;
}

/* Character column (1-based) of byte column bcol (1-based) on the line
 * starting at off: UTF-8 continuation bytes are not counted. */
static int char_col(const char *s, size_t len, size_t off, int bcol)
{
    size_t ll = line_len(s, len, off);
    int col = 1;
    for (size_t i = 0; i + 1 < (size_t)bcol && i < ll; i++)
        if (((unsigned char)s[off + i] & 0xC0) != 0x80) col++;
    return col;
}

/* Byte offset (in the line at off, length ll) where the link or image n
 * written with url starts, found by its text: "](url" (walking back to
 * the matching '['), "<url>", or "[" + its first text (reference links).
 * Of all matches, the one nearest byte index near wins; -1 if none. */
static long find_link(const md_ctx *c, size_t off, size_t ll, cmark_node *n,
                      const char *url, long near)
{
    const char *s = c->text + off;
    int image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
    cmark_node *ch = cmark_node_first_child(n);
    const char *label = ch && cmark_node_get_type(ch) == CMARK_NODE_TEXT
                        ? cmark_node_get_literal(ch) : NULL;
    size_t ul = strlen(url), bl = label ? strlen(label) : 0;
    long best = -1;
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < ll; i++) {
            long at = -1;
            if (pass == 0 && s[i] == ']' && i + 2 + ul <= ll && s[i + 1] == '(' &&
                memcmp(s + i + 2, url, ul) == 0) {
                int depth = 1;
                for (size_t j = i; j-- > 0; ) {
                    if (s[j] == ']' && (j == 0 || s[j - 1] != '\\')) depth++;
                    else if (s[j] == '[' && (j == 0 || s[j - 1] != '\\') && --depth == 0) {
                        at = (long)j;
                        break;
                    }
                }
            } else if (pass == 1 && s[i] == '<' && i + 2 + ul <= ll &&
                       memcmp(s + i + 1, url, ul) == 0 && s[i + 1 + ul] == '>') {
                at = (long)i;
            } else if (pass == 2 && bl && s[i] == '[' && i + 1 + bl <= ll &&
                       memcmp(s + i + 1, label, bl) == 0) {
                at = (long)i;
            }
            if (at < 0) continue;
            if (image && at > 0 && s[at - 1] == '!') at--;
            if (best < 0 || labs(at - near) < labs(best - near)) best = at;
        }
    }
    return best;
}

/* Finds where link or image n starts in the source: cmark line and byte
 * column (1-based). cmark's inline columns are wrong on lazy or
 * over-indented continuation lines, so when the source there does not
 * start a link, the link is looked for on that line by its text. If cmark
 * gave no line, the lines of the nearest positioned ancestor are searched. */
static void node_pos(md_ctx *c, cmark_node *n, const char *url, int *line, int *bcol)
{
    int image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
    *line = cmark_node_get_start_line(n);
    *bcol = cmark_node_get_start_column(n);
    if (*line > 0) {
        size_t off = line_start(c->text, c->len, *line), ll = line_len(c->text, c->len, off);
        long b = *bcol - 1;
        if (b >= 0 && (size_t)b < ll) {
            char ch = c->text[off + b];
            if (image ? ch == '!' : (ch == '[' || ch == '<')) return;
        }
        long at = find_link(c, off, ll, n, url, b);
        if (at >= 0) *bcol = (int)at + 1;
        return;
    }
    cmark_node *p = cmark_node_parent(n);
    while (p && cmark_node_get_start_line(p) <= 0) p = cmark_node_parent(p);
    if (!p) { *line = 1; *bcol = 1; return; }
    int first = cmark_node_get_start_line(p), last = cmark_node_get_end_line(p);
    *line = first;
    *bcol = cmark_node_get_start_column(p);
    for (int l = first; l <= last; l++) {
        size_t off = line_start(c->text, c->len, l), ll = line_len(c->text, c->len, off);
        long at = find_link(c, off, ll, n, url, 0);
        if (at >= 0) {
            *line = l;
            *bcol = (int)at + 1;
            return;
        }
    }
}

/* Adds an error at node's position: before "url" after, with a hint. */
static void link_error(md_ctx *c, cmark_node *n, const char *url, const char *before,
                       const char *after, const char *hint)
{
    int line, bcol;
    node_pos(c, n, url, &line, &bcol);
    size_t off = line_start(c->text, c->len, line);
    int col = char_col(c->text, c->len, off, bcol);
    size_t ul = strlen(url);
    int shown = ul > MD_URL_SHOWN ? MD_URL_SHOWN : (int)ul;
    /* do not cut a UTF-8 sequence in half */
    while (shown > 0 && (size_t)shown < ul && ((unsigned char)url[shown] & 0xC0) == 0x80) shown--;
    diag_add(c->d, DIAG_ERROR, c->file, line + c->line_offset, col, "%s \"%.*s%s\"%s",
             before, shown, url, (size_t)shown < ul ? "..." : "", after);
    diag_hint(c->d, "%s", hint);
    c->errors++;
}

/* Returns the length of url's scheme (letters before ':', with leading
 * spaces/control characters and embedded tabs/newlines skipped, as
 * browsers do) and writes it lower-cased to out (size outsz); 0 if url
 * has no scheme. *rest is set to just after the ':'. */
static size_t url_scheme(const char *url, char *out, size_t outsz, const char **rest)
{
    const unsigned char *p = (const unsigned char *)url;
    size_t n = 0;
    while (*p && *p <= 0x20) p++;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) return 0;
    for (; *p; p++) {
        unsigned char ch = *p;
        if (ch == '\t' || ch == '\n' || ch == '\r') continue;
        if (ch == ':') {
            if (n >= outsz) return 0;
            out[n] = '\0';
            *rest = (const char *)p + 1;
            return n;
        }
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                 (ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || ch == '.';
        if (!ok) return 0;
        if (n + 1 < outsz) out[n] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        n++;
    }
    return 0;
}

/* 1 if the data: URL body rest is an embeddable raster image. */
static int data_image_ok(const char *rest)
{
    static const char *const types[] = { "image/png", "image/gif", "image/jpeg", "image/webp" };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        size_t n = strlen(types[i]);
        if (strncasecmp(rest, types[i], n) == 0 && (rest[n] == ';' || rest[n] == ','))
            return 1;
    }
    return 0;
}

/* Checks a link or image: refuses dangerous schemes, resolves links to
 * .md sources through c->resolve and rewrites their URL. */
static void fix_link(md_ctx *c, cmark_node *n)
{
    const char *url = cmark_node_get_url(n);
    if (!url) return;
    int image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
    char scheme[16];
    const char *rest = NULL;
    size_t sl = url_scheme(url, scheme, sizeof scheme, &rest);
    if (sl) {
        if (sl >= sizeof scheme) return;     /* long scheme: none of ours */
        int bad = strcmp(scheme, "javascript") == 0 || strcmp(scheme, "vbscript") == 0 ||
                  strcmp(scheme, "file") == 0 ||
                  (strcmp(scheme, "data") == 0 && !(image && data_image_ok(rest)));
        if (bad)
            link_error(c, n, url, "unsafe link", "",
                       "use an http(s) or relative link; data: is only allowed for "
                       "png, gif, jpeg and webp images");
        return;
    }
    if (url[0] == '/' && url[1] == '/') return;          /* //host/... */
    size_t path = strcspn(url, "?#");
    if (path < 3 || strncasecmp(url + path - 3, ".md", 3) != 0) return;
    if (!c->resolve) return;
    char *target = strndup(url, path);
    if (!target) { c->oom = 1; return; }
    char *to = c->resolve(c->ud, target);
    free(target);
    if (!to) {
        link_error(c, n, url, "link to", " does not match any page",
                   "check the file name; links are written to the source file, "
                   "relative to this page");
        return;
    }
    buf b = BUF_INIT;
    buf_puts(&b, to);
    buf_puts(&b, url + path);
    free(to);
    if (b.failed) c->oom = 1;
    else cmark_node_set_url(n, buf_cstr(&b));
    buf_free(&b);
}

/* 1 if the raw HTML literal s is a <!--more--> marker (spaces allowed
 * around and inside, case ignored). */
static int is_more_marker(const char *s)
{
    if (!s) return 0;
    size_t a = 0, z = strlen(s);
    while (a < z && strchr(" \t\r\n", s[a])) a++;
    while (z > a && strchr(" \t\r\n", s[z - 1])) z--;
    if (z - a < 7 || strncmp(s + a, "<!--", 4) != 0 || strncmp(s + z - 3, "-->", 3) != 0)
        return 0;
    a += 4;
    z -= 3;
    while (a < z && strchr(" \t\r\n", s[a])) a++;
    while (z > a && strchr(" \t\r\n", s[z - 1])) z--;
    return z - a == 4 && strncasecmp(s + a, "more", 4) == 0;
}

/* Replaces old by new in the tree and frees old (with its children). */
static void replace_node(md_ctx *c, cmark_node *old, cmark_node *new_)
{
    if (!cmark_node_replace(old, new_)) {
        cmark_node_free(new_);
        c->oom = 1;   /* cannot happen with valid trees; treat as failure */
        return;
    }
    if (c->n_dead == c->cap_dead) {
        size_t cap = c->cap_dead ? c->cap_dead * 2 : 8;
        cmark_node **p = realloc(c->dead, cap * sizeof *p);
        if (!p) { c->oom = 1; return; }   /* leaks old rather than freeing it too early */
        c->dead = p;
        c->cap_dead = cap;
    }
    c->dead[c->n_dead++] = old;
}

/* Rewrites a raw HTML node: a <!--more--> marker becomes an invisible
 * placeholder (the first) or goes away (later ones); otherwise, unless
 * unsafe_html, the HTML becomes text so it is shown escaped. */
static void fix_html(md_ctx *c, cmark_node *n)
{
    int block = cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK;
    const char *lit = cmark_node_get_literal(n);
    if (is_more_marker(lit)) {
        if (c->marker) { cmark_node_free(n); return; }
        cmark_node *ph = cmark_node_new(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE);
        if (!ph) { c->oom = 1; return; }
        c->marker = ph;
        replace_node(c, n, ph);
        return;
    }
    if (c->opt && c->opt->unsafe_html) return;
    char *copy = strdup(lit ? lit : "");
    cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node *para = block ? cmark_node_new(CMARK_NODE_PARAGRAPH) : NULL;
    if (!copy || !t || (block && !para)) {
        c->oom = 1;
        free(copy);
        if (t) cmark_node_free(t);
        if (para) cmark_node_free(para);
        return;
    }
    if (block) {
        size_t l = strlen(copy);
        while (l && (copy[l - 1] == '\n' || copy[l - 1] == '\r')) copy[--l] = '\0';
    }
    cmark_node_set_literal(t, copy);
    free(copy);
    if (block) {
        cmark_node_append_child(para, t);
        replace_node(c, n, para);
    } else {
        replace_node(c, n, t);
    }
}

/* What walk_plain does with the plain text it finds. */
typedef struct plain_sink {
    void (*text)(struct plain_sink *k, const char *s, size_t n);
    /* between texts: ' ' a space, '\n' a newline, 'L' a newline unless the
     * text so far is empty or ends with one */
    void (*sep)(struct plain_sink *k, char c);
    buf *b;          /* append_plain */
    size_t words;    /* plain_words */
    int in;          /* ...inside a word */
} plain_sink;

/* Walks the plain text of root's subtree: text, code and link text; image
 * descriptions, footnote marks and (kept) raw HTML are left out; blocks
 * end with a newline. */
static void walk_plain(cmark_node *root, plain_sink *k)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER) {
            switch (t) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE: {
                const char *l = cmark_node_get_literal(n);
                k->text(k, l, strlen(l));
                break;
            }
            case CMARK_NODE_CODE_BLOCK: {
                const char *l = cmark_node_get_literal(n);
                size_t ll = strlen(l);
                while (ll && l[ll - 1] == '\n') ll--;
                k->sep(k, 'L');
                k->text(k, l, ll);
                k->sep(k, '\n');
                break;
            }
            case CMARK_NODE_SOFTBREAK:
                k->sep(k, ' ');
                break;
            case CMARK_NODE_LINEBREAK:
                k->sep(k, '\n');
                break;
            case CMARK_NODE_IMAGE:
                cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
                break;
            default:
                break;
            }
        } else if ((t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK && t != CMARK_NODE_CODE_BLOCK) {
            k->sep(k, 'L');
        }
    }
    cmark_iter_free(it);
}

static void text_to_buf(plain_sink *k, const char *s, size_t n) { buf_put(k->b, s, n); }

static void sep_to_buf(plain_sink *k, char c)
{
    buf *b = k->b;
    if (c != 'L') buf_putc(b, c);
    else if (b->len && b->data[b->len - 1] != '\n') buf_putc(b, '\n');
}

/* Appends the plain text of root's subtree to b (walk_plain). */
static void append_plain(cmark_node *root, buf *b)
{
    plain_sink k = { text_to_buf, sep_to_buf, b, 0, 0 };
    walk_plain(root, &k);
}

/* Trims ASCII whitespace at both ends of b, in place. */
static void trim_buf(buf *b)
{
    if (b->failed || !b->data) return;
    size_t a = 0, z = b->len;
    while (a < z && strchr(" \t\r\n\f\v", b->data[a])) a++;
    while (z > a && strchr(" \t\r\n\f\v", b->data[z - 1])) z--;
    memmove(b->data, b->data + a, z - a);
    b->len = z - a;
    b->data[b->len] = '\0';
}

/* 1 if id is already used by one of the first n headings. */
static int id_taken(const md_ctx *c, const char *id)
{
    for (size_t i = 0; i < c->n_heads; i++)
        if (strcmp(c->heads[i].id, id) == 0) return 1;
    return 0;
}

/* Gives heading n an id (unique in the page), records it in c->heads and
 * replaces the node with a custom block/inline pair printing <hN id>. */
static void fix_heading(md_ctx *c, cmark_node *n)
{
    int level = cmark_node_get_heading_level(n);
    buf text = BUF_INIT, id = BUF_INIT, tag = BUF_INIT;
    cmark_node *blk = NULL, *inl = NULL;
    append_plain(n, &text);
    trim_buf(&text);
    /* a heading's plain text is one line */
    for (size_t i = 0; i < text.len; i++) if (text.data[i] == '\n') text.data[i] = ' ';
    slug_make(buf_cstr(&text), text.len, &id);
    if (id.len == 0) buf_puts(&id, "section");
    if (id_taken(c, buf_cstr(&id))) {
        size_t base = id.len;
        for (unsigned k = 1; ; k++) {
            id.len = base;
            buf_printf(&id, "-%u", k);
            if (id.failed || !id_taken(c, buf_cstr(&id))) break;
        }
    }
    if (c->n_heads == c->cap_heads) {
        size_t cap = c->cap_heads ? c->cap_heads * 2 : 8;
        md_heading *p = realloc(c->heads, cap * sizeof *p);
        if (!p) goto oom;
        c->heads = p;
        c->cap_heads = cap;
    }
    blk = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    inl = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
    if (!blk || !inl) goto oom;
    buf_printf(&tag, "<h%d id=\"", level);
    buf_put_html(&tag, buf_cstr(&id), id.len);
    buf_puts(&tag, "\">");
    if (tag.failed) goto oom;
    cmark_node_set_on_enter(inl, buf_cstr(&tag));
    buf_reset(&tag);
    buf_printf(&tag, "</h%d>", level);
    if (tag.failed) goto oom;
    cmark_node_set_on_exit(inl, buf_cstr(&tag));
    cmark_node *ch;
    while ((ch = cmark_node_first_child(n)) != NULL)
        cmark_node_append_child(inl, ch);
    cmark_node_append_child(blk, inl);
    md_heading h = { level, buf_detach(&id, NULL), buf_detach(&text, NULL) };
    if (!h.id || !h.text) { free(h.id); free(h.text); goto oom; }
    c->heads[c->n_heads++] = h;
    replace_node(c, n, blk);
    buf_free(&tag);
    return;
oom:
    c->oom = 1;
    if (blk) cmark_node_free(blk);
    if (inl) cmark_node_free(inl);
    buf_free(&text);
    buf_free(&id);
    buf_free(&tag);
}

/* Writes the nested <ul> table of contents of headings of level 2..4. */
static void build_toc(const md_heading *h, size_t n, buf *b)
{
    int stack[3];     /* levels of the open lists, strictly increasing */
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        int l = h[i].level;
        if (l < 2 || l > 4) continue;
        if (depth == 0) {
            buf_puts(b, "<ul>");
            stack[depth++] = l;
        } else {
            while (depth > 1 && l < stack[depth - 1]) {
                buf_puts(b, "</li></ul>");
                depth--;
            }
            if (l > stack[depth - 1]) {
                buf_puts(b, "<ul>");
                stack[depth++] = l;
            } else {
                buf_puts(b, "</li>");
                if (l < stack[depth - 1]) stack[depth - 1] = l;
            }
        }
        buf_puts(b, "<li><a href=\"#");
        buf_put_html(b, h[i].id, strlen(h[i].id));
        buf_puts(b, "\">");
        buf_put_html(b, h[i].text, strlen(h[i].text));
        buf_puts(b, "</a>");
    }
    while (depth-- > 0) buf_puts(b, "</li></ul>");
}

/* Frees every footnote reference and definition under root (they make no
 * sense in a summary shown on another page). */
static void drop_footnotes(md_ctx *c, cmark_node *root)
{
    c->n_nodes = 0;
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER &&
            (t == CMARK_NODE_FOOTNOTE_REFERENCE || t == CMARK_NODE_FOOTNOTE_DEFINITION)) {
            push_node(c, n);
            if (t == CMARK_NODE_FOOTNOTE_DEFINITION) cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
        }
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < c->n_nodes; i++) cmark_node_free(c->nodes[i]);
    c->n_nodes = 0;
}

/* Renders the summary. Destroys the tree's content: call last. */
static char *render_summary(md_ctx *c, cmark_node *doc, int options, cmark_llist *exts)
{
    cmark_node *root = doc, *own = NULL;
    if (c->marker) {
        /* keep only what comes before the marker, at every level */
        for (cmark_node *n = c->marker; n && n != doc; n = cmark_node_parent(n)) {
            cmark_node *next;
            while ((next = cmark_node_next(n)) != NULL) cmark_node_free(next);
        }
    } else {
        cmark_node *para = NULL;
        cmark_iter *it = cmark_iter_new(doc);
        cmark_event_type ev;
        while (!para && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
            cmark_node *n = cmark_iter_get_node(it);
            if (ev != CMARK_EVENT_ENTER) continue;
            if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION)
                cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
            else if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH)
                para = n;
        }
        cmark_iter_free(it);
        if (!para) return strdup("");
        own = cmark_node_new(CMARK_NODE_DOCUMENT);
        if (!own) return NULL;
        cmark_node_append_child(own, para);    /* unlinks it from doc */
        root = own;
    }
    drop_footnotes(c, root);
    char *html = cmark_render_html(root, options, exts);
    if (own) cmark_node_free(own);
    return html;
}

/* Counts the whitespace-separated words of s[0..n), going on from k->in
 * (1: the text before ended inside a word). A word starts at a byte that
 * is not space, \t \n \v \f or \r after one that is. */
static void text_words(plain_sink *k, const char *s, size_t n)
{
    size_t words = 0;
    int was = k->in;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int word = c != ' ' && (c < '\t' || c > '\r');
        words += (size_t)(word & !was);
        was = word;
    }
    k->in = was;
    k->words += words;
}

/* Every separator append_plain puts between texts is white space. */
static void sep_words(plain_sink *k, char c) { (void)c; k->in = 0; }

/* The number of words of root's plain text, without making it. */
static size_t plain_words(cmark_node *root)
{
    plain_sink k = { text_words, sep_words, NULL, 0, 0 };
    walk_plain(root, &k);
    return k.words;
}

/* Frees everything md_render put in r and empties it. */
void md_result_free(md_result *r)
{
    if (!r) return;
    free(r->html);
    free(r->summary_html);
    free(r->toc_html);
    free(r->plain);
    for (size_t i = 0; i < r->n_headings; i++) {
        free(r->headings[i].id);
        free(r->headings[i].text);
    }
    free(r->headings);
    memset(r, 0, sizeof *r);
}

/* Parses text with one fresh parser; returns the document (caller frees)
 * and the parser (for its extension list), or NULL. */
static cmark_node *parse(const char *text, size_t len, int options, int unsafe,
                         cmark_parser **parser)
{
    cmark_node *doc = NULL;
    int parallel = cmarkx_init();
    if (!parallel) pthread_mutex_lock(&md_parse_lock);
    cmark_parser *p = cmark_parser_new(options);
    if (p) {
        cmarkx_attach(p, unsafe);
        cmark_parser_feed(p, text, len);
        doc = cmark_parser_finish(p);
    }
    if (!parallel) pthread_mutex_unlock(&md_parse_lock);
    *parser = p;
    return doc;
}

/* Parses, rewrites and renders one page body (see md.h). opt may be NULL
 * (defaults); resolve may be NULL (links to .md files are then left alone). */
int md_render(const char *file, const char *text, size_t len, int line_offset,
              const md_options *opt, md_resolve_fn resolve, void *ud,
              md_result *out, diag_list *d)
{
    static const md_options defaults = { 0, 0, 0, 0, 1 };
    md_ctx c = { .file = file, .text = text ? text : "", .len = text ? len : 0,
                 .line_offset = line_offset, .opt = opt ? opt : &defaults, .resolve = resolve, .ud = ud, .d = d };
    md_result r = { 0 };
    buf plain = BUF_INIT, toc = BUF_INIT;
    cmark_parser *parser = NULL;
    cmark_node *doc = NULL;
    int rc = -1;
    memset(out, 0, sizeof *out);

    if (len > INT_MAX / 2) {
        diag_add(d, DIAG_ERROR, file, 0, 0, "page body is too large (%zu bytes)", len);
        goto done;
    }
    int options = CMARK_OPT_FOOTNOTES | (c.opt->valid_utf8 ? 0 : CMARK_OPT_VALIDATE_UTF8);
    if (c.opt->smart) options |= CMARK_OPT_SMART;
    if (c.opt->hard_breaks) options |= CMARK_OPT_HARDBREAKS;
    if (c.opt->unsafe_html) options |= CMARK_OPT_UNSAFE;
    doc = parse(text ? text : "", text ? len : 0, options, c.opt->unsafe_html, &parser);
    if (!doc) { c.oom = 1; goto done; }

    /* collect first, rewrite after: the iterator must not see changes */
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER) continue;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_LINK: case CMARK_NODE_IMAGE: case CMARK_NODE_HEADING:
        case CMARK_NODE_HTML_BLOCK: case CMARK_NODE_HTML_INLINE:
            push_node(&c, n);
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    if (c.oom) goto done;

    /* links first (positions are still cmark's), then HTML, then headings;
     * freed nodes are cleared from the list */
    for (size_t i = 0; i < c.n_nodes; i++) {
        cmark_node_type t = cmark_node_get_type(c.nodes[i]);
        if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) fix_link(&c, c.nodes[i]);
    }
    for (size_t i = 0; i < c.n_nodes; i++) {
        cmark_node_type t = cmark_node_get_type(c.nodes[i]);
        if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
            cmark_node *n = c.nodes[i];
            c.nodes[i] = NULL;
            fix_html(&c, n);
        }
    }
    for (size_t i = 0; i < c.n_nodes; i++) {
        if (c.nodes[i] && cmark_node_get_type(c.nodes[i]) == CMARK_NODE_HEADING) {
            cmark_node *n = c.nodes[i];
            c.nodes[i] = NULL;
            fix_heading(&c, n);
        }
    }
    if (c.errors || c.oom) goto done;

    if (c.opt->want_plain) {
        append_plain(doc, &plain);
        trim_buf(&plain);
        r.plain = buf_detach(&plain, NULL);
        if (!r.plain) c.oom = 1;
    }
    r.word_count = plain_words(doc);
    build_toc(c.heads, c.n_heads, &toc);
    r.html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
    r.toc_html = buf_detach(&toc, NULL);
    r.summary_marked = c.marker != NULL;
    r.summary_html = render_summary(&c, doc, options, cmark_parser_get_syntax_extensions(parser));
    r.headings = c.heads;
    r.n_headings = c.n_heads;
    c.heads = NULL;
    c.n_heads = 0;
    if (!r.html || !r.toc_html || !r.summary_html || c.oom) {
        c.oom = 1;
        goto done;
    }
    *out = r;
    memset(&r, 0, sizeof r);
    rc = 0;
done:
    if (c.oom) diag_add(d, DIAG_ERROR, file, 0, 0, "out of memory while rendering Markdown");
    md_result_free(&r);
    for (size_t i = 0; i < c.n_heads; i++) {
        free(c.heads[i].id);
        free(c.heads[i].text);
    }
    free(c.heads);
    free(c.nodes);
    buf_free(&plain);
    buf_free(&toc);
    if (doc) cmark_node_free(doc);
    for (size_t i = 0; i < c.n_dead; i++) cmark_node_free(c.dead[i]);
    free(c.dead);
    if (parser) cmark_parser_free(parser);
    return rc;
}
