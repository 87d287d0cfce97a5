/* sitecheck: checks a built site (see sitecheck.h and docs/cli.md).
 *
 * Two passes. First, worker threads each take the next .html file, parse
 * it with libxml2's HTML parser and record, for that file only, its ids,
 * its links, and the findings that need no other file (missing alt,
 * duplicate ids, overdue items). Then the calling thread resolves every
 * link against the list of files of the built tree and the ids of the
 * target page. Everything a worker writes belongs to its own file record,
 * so nothing is shared but the atomic index of the next file. */
#include "sitecheck.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include "buf.h"
#include "fsx.h"
#include "par.h"
#include "hmap.h"

/* ---------- the report ---------- */

static char *dup0(const char *s) { return s ? strdup(s) : NULL; }

void sc_add(sc_report *r, sc_level level, const char *check, const char *file, int line,
            const char *page, const char *target, const char *msg, const char *hint)
{
    if (level == SC_ERROR) r->errors++; else r->warnings++;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        sc_finding *p = realloc(r->items, cap * sizeof *p);
        if (!p) { r->oom = 1; return; }
        r->items = p;
        r->cap = cap;
    }
    sc_finding f = { level, check, dup0(file), line, dup0(page), dup0(target), dup0(msg),
                     dup0(hint) };
    if ((file && !f.file) || (msg && !f.msg)) r->oom = 1;
    r->items[r->n++] = f;
}

static void finding_free(sc_finding *f)
{
    free(f->file); free(f->page); free(f->target); free(f->msg); free(f->hint);
}

void sc_free(sc_report *r)
{
    for (size_t i = 0; i < r->n; i++) finding_free(&r->items[i]);
    free(r->items);
    memset(r, 0, sizeof *r);
}

/* Moves every finding of src to the end of dst. */
static void sc_move(sc_report *dst, sc_report *src)
{
    for (size_t i = 0; i < src->n; i++) {
        sc_finding *f = &src->items[i];
        sc_add(dst, f->level, f->check, f->file, f->line, f->page, f->target, f->msg, f->hint);
    }
    if (src->oom) dst->oom = 1;
    sc_free(src);
}

static int cmp_str(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

static int cmp_finding(const void *a, const void *b)
{
    const sc_finding *x = a, *y = b;
    int c = cmp_str(x->file, y->file);
    if (c) return c;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->level != y->level) return x->level == SC_ERROR ? -1 : 1;
    if ((c = strcmp(x->check, y->check))) return c;
    if ((c = cmp_str(x->msg, y->msg))) return c;
    return cmp_str(x->target, y->target);
}

void sc_sort(sc_report *r)
{
    if (r->n > 1) qsort(r->items, r->n, sizeof *r->items, cmp_finding);
}

void sc_print_text(const sc_report *r, FILE *f, int color)
{
    for (size_t i = 0; i < r->n; i++) {
        const sc_finding *it = &r->items[i];
        if (it->file) {
            fputs(it->file, f);
            if (it->line > 0) fprintf(f, ":%d", it->line);
            fputs(": ", f);
        }
        const char *word = it->level == SC_ERROR ? "error" : "warning";
        if (color) fprintf(f, "\033[1;%dm%s:\033[0m ", it->level == SC_ERROR ? 31 : 35, word);
        else fprintf(f, "%s: ", word);
        fprintf(f, "%s [%s]\n", it->msg ? it->msg : "(out of memory)", it->check);
        if (it->hint) fprintf(f, "  hint: %s\n", it->hint);
    }
    fprintf(f, "lotrinh: checked %zu page%s: %zu error%s, %zu warning%s\n", r->pages,
            r->pages == 1 ? "" : "s", r->errors, r->errors == 1 ? "" : "s", r->warnings,
            r->warnings == 1 ? "" : "s");
    if (r->oom) fputs("lotrinh: out of memory: some findings are missing\n", f);
}

static void json_str(FILE *f, const char *s)
{
    if (!s) { fputs("null", f); return; }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\t': fputs("\\t", f); break;
        case '\r': fputs("\\r", f); break;
        default:
            if (*p < 0x20 || *p == 0x7f) fprintf(f, "\\u%04x", *p);
            else fputc(*p, f);
        }
    }
    fputc('"', f);
}

void sc_print_json(const sc_report *r, const char *dest, FILE *f)
{
    fputs("{\n  \"version\": 1,\n  \"dest\": ", f);
    json_str(f, dest);
    fprintf(f, ",\n  \"pages\": %zu,\n  \"errors\": %zu,\n  \"warnings\": %zu,\n"
               "  \"complete\": %s,\n  \"findings\": [",
            r->pages, r->errors, r->warnings, r->oom ? "false" : "true");
    for (size_t i = 0; i < r->n; i++) {
        const sc_finding *it = &r->items[i];
        fputs(i ? ",\n    {" : "\n    {", f);
        fputs("\"severity\": ", f);
        json_str(f, it->level == SC_ERROR ? "error" : "warning");
        fputs(", \"check\": ", f);
        json_str(f, it->check);
        fputs(", \"file\": ", f);
        json_str(f, it->file);
        if (it->line > 0) fprintf(f, ", \"line\": %d", it->line);
        else fputs(", \"line\": null", f);
        fputs(", \"page\": ", f);
        json_str(f, it->page);
        fputs(", \"target\": ", f);
        json_str(f, it->target);
        fputs(", \"message\": ", f);
        json_str(f, it->msg);
        fputs(", \"hint\": ", f);
        json_str(f, it->hint);
        fputc('}', f);
    }
    fputs(r->n ? "\n  ]\n}\n" : "]\n}\n", f);
}

/* ---------- one page ---------- */

typedef struct sc_link {
    char *value;         /* the attribute as written (entities decoded) */
    const char *tag;     /* static: "a", "img"... */
    const char *attr;    /* static: "href", "src"... */
    int line;
} sc_link;

typedef struct sc_over {
    char *label;
    char *id;            /* the element's id, or NULL */
    int line;
    int dropped;         /* reported with another element of the same label */
} sc_over;

typedef struct sc_page {
    char *rel;           /* "tin-tuc/a/index.html" inside dest */
    char *disp;          /* "public/tin-tuc/a/index.html" */
    char *url;           /* "/tin-tuc/a/" (without the base path) */
    char *addr;          /* "/portal/tin-tuc/a/": its address, with the base path */
    int parsed;
    char **ids;          /* owned id strings; idmap borrows them */
    size_t n_ids, cap_ids;
    hmap idmap;          /* id -> first line (as a pointer-sized integer) */
    sc_link *links;
    size_t n_links, cap_links;
    sc_over *overs;
    size_t n_overs, cap_overs;
    sc_report local;     /* findings of this page alone */
} sc_page;

#define GROW(arr, n, cap, fail)                                                   \
    do {                                                                          \
        if ((n) == (cap)) {                                                       \
            size_t c_ = (cap) ? (cap) * 2 : 8;                                    \
            void *p_ = realloc((arr), c_ * sizeof *(arr));                        \
            if (!p_) { fail; }                                                    \
            else { (arr) = p_; (cap) = c_; }                                      \
        }                                                                         \
    } while (0)

static void page_free(sc_page *p)
{
    free(p->rel); free(p->disp); free(p->url); free(p->addr);
    for (size_t i = 0; i < p->n_ids; i++) free(p->ids[i]);
    free(p->ids);
    hmap_free(&p->idmap);
    for (size_t i = 0; i < p->n_links; i++) free(p->links[i].value);
    free(p->links);
    for (size_t i = 0; i < p->n_overs; i++) { free(p->overs[i].label); free(p->overs[i].id); }
    free(p->overs);
    sc_free(&p->local);
}

/* Records an id; returns the line of an earlier element with it, else 0. */
static int add_id(sc_page *p, const char *id, int line)
{
    void *was = hmap_get(&p->idmap, id);
    if (was) return (int)(intptr_t)was;
    GROW(p->ids, p->n_ids, p->cap_ids, p->local.oom = 1; return 0);
    char *k = strdup(id);
    if (!k) { p->local.oom = 1; return 0; }
    p->ids[p->n_ids++] = k;
    hmap_put(&p->idmap, k, (void *)(intptr_t)(line > 0 ? line : 1));
    return 0;
}

static const struct { const char *tag, *attr; } link_attrs[] = {
    { "a", "href" }, { "area", "href" }, { "link", "href" }, { "img", "src" },
    { "script", "src" }, { "source", "src" }, { "iframe", "src" }, { "audio", "src" },
    { "video", "src" }, { "video", "poster" }, { "track", "src" }, { "embed", "src" },
    { "input", "src" },
};

static char *prop(xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

/* The text of an element, spaces collapsed, at most about 160 bytes (cut
 * at a character boundary). */
static char *element_text(xmlNode *n)
{
    xmlChar *raw = xmlNodeGetContent(n);
    buf b = BUF_INIT;
    int space = 0;
    for (const unsigned char *q = raw; q && *q; q++) {
        if (*q == ' ' || *q == '\n' || *q == '\t' || *q == '\r') { space = b.len > 0; continue; }
        if (b.len >= 160 && (*q & 0xC0) != 0x80) { buf_puts(&b, "…"); break; }
        if (space) buf_putc(&b, ' ');
        space = 0;
        buf_putc(&b, (char)*q);
    }
    xmlFree(raw);
    return buf_detach(&b, NULL);
}

static void walk(sc_page *p, xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        const char *tag = (const char *)n->name;
        int line = (int)xmlGetLineNo(n);
        char *id = prop(n, "id");
        if (id && *id) {
            int first = add_id(p, id, line);
            if (first) {
                buf m = BUF_INIT;
                buf_printf(&m, "id \"%s\" is used more than once on this page (first on line %d)",
                           id, first);
                sc_add(&p->local, SC_ERROR, "duplicate-id", p->disp, line, p->addr, id,
                       buf_cstr(&m), "give each element its own id: links to #id find only the "
                       "first one");
                buf_free(&m);
            }
        }
        if (!strcmp(tag, "a")) {
            char *name = prop(n, "name");
            if (name && *name && !hmap_get(&p->idmap, name)) add_id(p, name, line);
            xmlFree(name);
        }
        for (size_t i = 0; i < sizeof link_attrs / sizeof *link_attrs; i++) {
            if (strcmp(tag, link_attrs[i].tag)) continue;
            char *v = prop(n, link_attrs[i].attr);
            if (!v) continue;
            GROW(p->links, p->n_links, p->cap_links, p->local.oom = 1; xmlFree(v); continue);
            sc_link l = { strdup(v), link_attrs[i].tag, link_attrs[i].attr, line };
            xmlFree(v);
            if (!l.value) { p->local.oom = 1; continue; }
            p->links[p->n_links++] = l;
        }
        if (!strcmp(tag, "img") && !xmlHasProp(n, (const xmlChar *)"alt")) {
            char *src = prop(n, "src");
            buf m = BUF_INIT;
            buf_printf(&m, "<img src=\"%s\"> has no alt attribute", src ? src : "");
            sc_add(&p->local, SC_ERROR, "missing-alt", p->disp, line, p->addr, src, buf_cstr(&m),
                   "add alt text that says what the image shows (alt=\"\" only for a decorative "
                   "image); in Markdown write ![what it shows](file.png)");
            buf_free(&m);
            xmlFree(src);
        }
        if (xmlHasProp(n, (const xmlChar *)"data-overdue")) {
            char *label = prop(n, "data-overdue");
            char *text = label && *label ? strdup(label) : element_text(n);
            xmlFree(label);
            GROW(p->overs, p->n_overs, p->cap_overs, p->local.oom = 1; free(text); text = NULL);
            if (text) {
                sc_over o = { text, id && *id ? strdup(id) : NULL, line, 0 };
                p->overs[p->n_overs++] = o;
            }
        }
        xmlFree(id);
        walk(p, n->children);
    }
}

/* Reads and parses one file; fills p (ids, links, local findings). */
static void check_page(sc_page *p, const char *path)
{
    buf raw = BUF_INIT;
    if (fsx_read(path, &raw) < 0 || raw.failed) {
        sc_add(&p->local, SC_ERROR, "unreadable", p->disp, 0, p->addr, NULL,
               "cannot read this file", "check its permissions");
        buf_free(&raw);
        return;
    }
    if (raw.len > (size_t)INT32_MAX) {
        sc_add(&p->local, SC_ERROR, "unreadable", p->disp, 0, p->addr, NULL,
               "this file is larger than 2 GB and was not checked", NULL);
        buf_free(&raw);
        return;
    }
    int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
               XML_PARSE_HUGE;
    htmlDocPtr doc = htmlReadMemory(buf_cstr(&raw), (int)raw.len, p->rel, "UTF-8", opts);
    buf_free(&raw);
    if (!doc) {
        sc_add(&p->local, SC_ERROR, "unreadable", p->disp, 0, p->addr, NULL,
               "libxml2 cannot parse this file as HTML", "open it and look for truncated output");
        return;
    }
    walk(p, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    p->parsed = 1;
}

/* ---------- the tree ---------- */

typedef struct tree {
    char **paths;        /* every file and folder under dest, relative; owned */
    size_t n, cap;
    hmap kind;           /* path -> (void *)1 file, (void *)2 folder */
    int oom;
} tree;

static void tree_add(tree *t, const char *rel, int kind)
{
    GROW(t->paths, t->n, t->cap, t->oom = 1; return);
    char *k = strdup(rel);
    if (!k) { t->oom = 1; return; }
    t->paths[t->n++] = k;
    hmap_put(&t->kind, k, (void *)(intptr_t)kind);
}

static void tree_walk(tree *t, const char *dest, const char *rel, int depth)
{
    if (depth > 64) return;
    char *dir = *rel ? fsx_join(dest, rel) : strdup(dest);
    char **names;
    long n = dir ? fsx_list(dir, &names) : -1;
    for (long i = 0; i < n; i++) {
        buf r = BUF_INIT;
        if (*rel) buf_printf(&r, "%s/%s", rel, names[i]);
        else buf_puts(&r, names[i]);
        char *full = fsx_join(dest, buf_cstr(&r));
        struct stat sb;
        if (full && stat(full, &sb) == 0) {
            if (S_ISDIR(sb.st_mode)) {
                tree_add(t, buf_cstr(&r), 2);
                tree_walk(t, dest, buf_cstr(&r), depth + 1);
            } else {
                tree_add(t, buf_cstr(&r), 1);
            }
        }
        free(full);
        buf_free(&r);
    }
    if (n >= 0) fsx_list_free(names, n);
    free(dir);
}

static void tree_free(tree *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->paths[i]);
    free(t->paths);
    hmap_free(&t->kind);
}

static int tree_kind(const tree *t, const char *rel)
{
    return (int)(intptr_t)hmap_get(&t->kind, rel);
}

/* ---------- links ---------- */

enum { RES_INTERNAL, RES_EXTERNAL, RES_OUTSIDE_BASE, RES_ABOVE_ROOT };

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void put_decoded(buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int h, l;
        if (s[i] == '%' && i + 2 < n && (h = hexval((unsigned char)s[i + 1])) >= 0 &&
            (l = hexval((unsigned char)s[i + 2])) >= 0 && (h || l)) {
            buf_putc(b, (char)(h * 16 + l));
            i += 2;
        } else {
            buf_putc(b, s[i]);
        }
    }
}

/* The authority ("example.org:8080") of an absolute base URL. */
static const char *base_host(const char *base_url, size_t *len)
{
    const char *h = base_url ? strstr(base_url, "://") : NULL;
    if (!h) { *len = 0; return ""; }
    h += 3;
    *len = strcspn(h, "/?#");
    return h;
}

/* Resolves a link value found on the page with address page_url to a path
 * inside the built tree (*path, no leading '/', decoded: "a/b/" or
 * "css/x.css") and its fragment (*frag, decoded, without '#'). *has_frag
 * tells whether a '#' was there. */
static int resolve(const sitecheck_opts *o, const char *page_url, const char *value, buf *path,
                   buf *frag, int *has_frag)
{
    const char *v = value;
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == '\f') v++;
    size_t vl = strlen(v);
    while (vl && strchr(" \t\n\r\f", v[vl - 1])) vl--;
    if (!vl) return RES_EXTERNAL;                      /* href="": this page */
    char *val = strndup(v, vl);
    if (!val) return RES_EXTERNAL;
    const char *ref = val;
    int absolute = 0;
    /* a scheme: only http(s) on our host is ours */
    size_t k = 0;
    if ((val[0] >= 'a' && val[0] <= 'z') || (val[0] >= 'A' && val[0] <= 'Z')) {
        k = 1;
        while (val[k] && (strchr("+-.", val[k]) || (val[k] >= '0' && val[k] <= '9') ||
                          (val[k] >= 'a' && val[k] <= 'z') || (val[k] >= 'A' && val[k] <= 'Z')))
            k++;
        if (val[k] != ':') k = 0;
    }
    if (k) {
        if (!((k == 4 && !strncasecmp(val, "http", 4)) || (k == 5 && !strncasecmp(val, "https", 5))) ||
            strncmp(val + k, "://", 3)) {
            free(val);
            return RES_EXTERNAL;
        }
        ref = val + k + 1;                             /* "//host/..." */
    }
    if (ref[0] == '/' && ref[1] == '/') {
        size_t hl, al = strcspn(ref + 2, "/?#");
        const char *h = base_host(o->base_url, &hl);
        if (!hl || al != hl || strncasecmp(ref + 2, h, hl)) { free(val); return RES_EXTERNAL; }
        ref += 2 + al;
        absolute = 1;
    }
    size_t pl = strcspn(ref, "?#");
    const char *hash = strchr(ref, '#');
    *has_frag = hash != NULL;
    if (hash) put_decoded(frag, hash + 1, strlen(hash + 1));
    /* the full path of the target on the server */
    buf full = BUF_INIT;
    if (ref[0] == '/') {
        put_decoded(&full, ref, pl);
    } else if (absolute) {
        buf_puts(&full, "/");                          /* "https://host" or "https://host?x" */
    } else {
        buf dir = BUF_INIT;
        buf_printf(&dir, "%s%s", o->base_path, page_url[0] == '/' ? page_url + 1 : page_url);
        const char *d = buf_cstr(&dir);
        const char *last = strrchr(d, '/');
        buf_put(&full, d, last ? (size_t)(last - d) + 1 : 0);
        buf_free(&dir);
        if (pl) put_decoded(&full, ref, pl);
        else if (page_url[0]) {                        /* "?q" or "#x": this page */
            buf_reset(&full);
            buf_printf(&full, "%s%s", o->base_path, page_url + 1);
        }
    }
    free(val);
    /* remove "." and ".." segments */
    const char *f = buf_cstr(&full);
    buf norm = BUF_INIT;
    int above = 0;
    const char *q = f;
    while (*q) {
        while (*q == '/') q++;
        const char *e = q;
        while (*e && *e != '/') e++;
        size_t n = (size_t)(e - q);
        if (n == 2 && q[0] == '.' && q[1] == '.') {
            if (norm.len == 0) above = 1;
            else {
                while (norm.len > 0 && norm.data[norm.len - 1] != '/') norm.len--;
                if (norm.len > 0) norm.len--;          /* the '/' before it */
            }
        } else if (n && !(n == 1 && q[0] == '.')) {
            buf_putc(&norm, '/');
            buf_put(&norm, q, n);
        }
        q = e;
    }
    size_t fl = full.len;
    int dir_like = fl == 0 || f[fl - 1] == '/' ||
                   (fl >= 2 && !strcmp(f + fl - 2, "/.")) || (fl >= 3 && !strcmp(f + fl - 3, "/.."));
    buf_free(&full);
    if (above) { buf_free(&norm); return RES_ABOVE_ROOT; }
    if (dir_like) buf_putc(&norm, '/');
    if (norm.len == 0) buf_putc(&norm, '/');
    const char *np = buf_cstr(&norm);
    size_t bl = strlen(o->base_path);
    /* "/portal" is the base folder itself */
    if (strncmp(np, o->base_path, bl) != 0 &&
        !(strlen(np) + 1 == bl && !strncmp(np, o->base_path, bl - 1))) {
        buf_free(&norm);
        return RES_OUTSIDE_BASE;
    }
    buf_puts(path, strlen(np) >= bl ? np + bl : "");
    buf_free(&norm);
    return RES_INTERNAL;
}

static const char *link_what(const sc_link *l)
{
    return !strcmp(l->tag, "img") ? "image" : !strcmp(l->tag, "a") ? "link" : l->tag;
}

static void check_links(const sitecheck_opts *o, const tree *t, const hmap *pages, sc_page *p,
                        sc_report *r)
{
    for (size_t i = 0; i < p->n_links; i++) {
        const sc_link *l = &p->links[i];
        buf path = BUF_INIT, frag = BUF_INIT, m = BUF_INIT;
        int has_frag = 0;
        int res = resolve(o, p->url, l->value, &path, &frag, &has_frag);
        if (res == RES_ABOVE_ROOT) {
            buf_printf(&m, "%s <%s %s=\"%s\"> goes above the root of the site", link_what(l),
                       l->tag, l->attr, l->value);
            sc_add(r, SC_ERROR, "broken-link", p->disp, l->line, p->addr, l->value, buf_cstr(&m),
                   "remove one '../' or write the address from the root: /folder/page/");
        } else if (res == RES_OUTSIDE_BASE) {
            buf_printf(&m, "%s <%s %s=\"%s\"> is outside the site's base path %s; not checked",
                       link_what(l), l->tag, l->attr, l->value, o->base_path);
            sc_add(r, SC_WARNING, "outside-base", p->disp, l->line, p->addr, l->value, buf_cstr(&m),
                   "in layouts, write addresses with url() so the base path is added");
        } else if (res == RES_INTERNAL) {
            buf file = BUF_INIT;
            const char *pp = buf_cstr(&path);
            if (!*pp || pp[path.len - 1] == '/') buf_printf(&file, "%sindex.html", pp);
            else buf_puts(&file, pp);
            int kind = tree_kind(t, buf_cstr(&file));
            if (kind == 2) {                           /* a folder: its index.html */
                buf_puts(&file, "/index.html");
                kind = tree_kind(t, buf_cstr(&file));
            }
            if (kind != 1) {
                buf_printf(&m, "%s <%s %s=\"%s\"> leads nowhere: %s/%s does not exist",
                           link_what(l), l->tag, l->attr, l->value, o->dest, buf_cstr(&file));
                sc_add(r, SC_ERROR, "broken-link", p->disp, l->line, p->addr, l->value,
                       buf_cstr(&m),
                       "fix the address in the page's Markdown or layout, or add the page "
                       "it names");
            } else if (has_frag && frag.len && strcmp(buf_cstr(&frag), "top")) {
                const sc_page *tp = hmap_get(pages, buf_cstr(&file));
                if (tp && tp->parsed && !hmap_get(&tp->idmap, buf_cstr(&frag))) {
                    buf_printf(&m, "%s <%s %s=\"%s\">: %s has no element with id \"%s\"",
                               link_what(l), l->tag, l->attr, l->value,
                               tp == p ? "this page" : tp->disp, buf_cstr(&frag));
                    sc_add(r, SC_ERROR, "missing-anchor", p->disp, l->line, p->addr, l->value,
                           buf_cstr(&m),
                           "link to an id the page has (a heading's id is its slug: "
                           "## Mục tiêu -> #muc-tieu), or add the id");
                }
            }
            buf_free(&file);
        }
        buf_free(&path);
        buf_free(&frag);
        buf_free(&m);
    }
}

/* ---------- overdue ---------- */

typedef struct over_ref { sc_page *p; sc_over *o; } over_ref;

static int cmp_over(const void *a, const void *b)
{
    const over_ref *x = a, *y = b;
    int c = strcmp(x->o->label, y->o->label);
    if (c) return c;
    /* the element with an id is the item's own place; then by file, line */
    if (!x->o->id != !y->o->id) return x->o->id ? -1 : 1;
    if ((c = strcmp(x->p->rel, y->p->rel))) return c;
    return x->o->line - y->o->line;
}

/* One warning per distinct label: at the element with an id if there is
 * one (the item itself), naming how many other places show it. */
static void report_overdue(sc_page *pages, size_t n, sc_report *r)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += pages[i].n_overs;
    if (!total) return;
    over_ref *all = malloc(total * sizeof *all);
    if (!all) { r->oom = 1; return; }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < pages[i].n_overs; j++) all[k++] = (over_ref){ &pages[i], &pages[i].overs[j] };
    qsort(all, total, sizeof *all, cmp_over);
    for (size_t i = 0; i < total; ) {
        size_t j = i + 1;
        while (j < total && !strcmp(all[j].o->label, all[i].o->label)) j++;
        const over_ref *first = &all[i];
        buf m = BUF_INIT, at = BUF_INIT;
        buf_printf(&m, "overdue: %s", first->o->label);
        if (j - i > 1) buf_printf(&m, " (also shown in %zu other place%s)", j - i - 1,
                                  j - i - 1 == 1 ? "" : "s");
        buf_puts(&at, first->p->addr);
        if (first->o->id) buf_printf(&at, "#%s", first->o->id);
        sc_add(r, SC_WARNING, "overdue", first->p->disp, first->o->line, buf_cstr(&at),
               first->o->label, buf_cstr(&m),
               "deliver it, or update its status or due date in the source");
        buf_free(&m);
        buf_free(&at);
        i = j;
    }
    free(all);
}

/* ---------- driver ---------- */

typedef struct work {
    const sitecheck_opts *o;
    sc_page *pages;
} work;

/* First pass, on every thread: page i's own checks. */
static int check_one(void *ud, size_t i)
{
    work *w = ud;
    char *path = fsx_join(w->o->dest, w->pages[i].rel);
    if (path) check_page(&w->pages[i], path);
    else w->pages[i].local.oom = 1;
    free(path);
    return 0;
}

/* "a/b/index.html" -> "/a/b/"; "404.html" -> "/404.html". */
static char *page_url(const char *rel)
{
    buf b = BUF_INIT;
    size_t n = strlen(rel);
    buf_putc(&b, '/');
    if (n >= 10 && !strcmp(rel + n - 10, "index.html") && (n == 10 || rel[n - 11] == '/'))
        buf_put(&b, rel, n - 10);
    else
        buf_puts(&b, rel);
    return buf_detach(&b, NULL);
}

int sitecheck_run(const sitecheck_opts *o, sc_report *r)
{
    tree t;
    memset(&t, 0, sizeof t);
    hmap_init(&t.kind);
    struct stat sb;
    if (stat(o->dest, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
        sc_add(r, SC_ERROR, "unreadable", o->dest, 0, NULL, NULL, "not a folder", NULL);
        tree_free(&t);
        return -1;
    }
    tree_walk(&t, o->dest, "", 0);
    size_t n = 0;
    for (size_t i = 0; i < t.n; i++) {
        size_t l = strlen(t.paths[i]);
        if (l > 5 && !strcmp(t.paths[i] + l - 5, ".html") && tree_kind(&t, t.paths[i]) == 1) n++;
    }
    sc_page *pages = calloc(n ? n : 1, sizeof *pages);
    if (!pages) { r->oom = 1; tree_free(&t); return -1; }
    size_t k = 0;
    for (size_t i = 0; i < t.n && k < n; i++) {
        size_t l = strlen(t.paths[i]);
        if (!(l > 5 && !strcmp(t.paths[i] + l - 5, ".html") && tree_kind(&t, t.paths[i]) == 1))
            continue;
        sc_page *p = &pages[k++];
        hmap_init(&p->idmap);
        p->rel = strdup(t.paths[i]);
        p->disp = fsx_join(o->dest, t.paths[i]);
        p->url = page_url(t.paths[i]);
        buf a = BUF_INIT;
        buf_printf(&a, "%s%s", o->base_path, p->url ? p->url + 1 : "");
        p->addr = buf_detach(&a, NULL);
        if (!p->rel || !p->disp || !p->url || !p->addr) r->oom = 1;
    }
    work w = { o, pages };
    par_for(o->jobs, r->oom ? 0 : n, check_one, &w);
    /* second pass: links, then overdue items, on this thread */
    hmap by_rel;
    hmap_init(&by_rel);
    for (size_t i = 0; i < n; i++)
        if (pages[i].rel) hmap_put(&by_rel, pages[i].rel, &pages[i]);
    for (size_t i = 0; i < n; i++) {
        if (pages[i].parsed) check_links(o, &t, &by_rel, &pages[i], r);
        sc_move(r, &pages[i].local);
    }
    report_overdue(pages, n, r);
    r->pages += n;
    if (t.oom) r->oom = 1;
    hmap_free(&by_rel);
    for (size_t i = 0; i < n; i++) page_free(&pages[i]);
    free(pages);
    tree_free(&t);
    return 0;
}
