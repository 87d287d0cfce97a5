/* site: content files -> the page graph (see site.h). */
#include "site.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include "bcache.h"
#include "buf.h"
#include "fm.h"
#include "fsx.h"
#include "incr.h"
#include "luax.h"
#include "par.h"
#include "ser.h"
#include "slug.h"
#include "u8.h"

/* ---------- pages ---------- */

static page *page_add(site *s, page_kind kind, size_t lang)
{
    if (s->n_pages == s->cap_pages) {
        size_t cap = s->cap_pages ? s->cap_pages * 2 : 256;
        page **p = realloc(s->pages, cap * sizeof *p);
        if (!p) return NULL;
        s->pages = p;
        s->cap_pages = cap;
    }
    page *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->kind = kind;
    p->lang = lang;
    p->id = s->n_pages;
    p->date = p->lastmod = p->publish = p->expiry = -1;
    p->pager_no = 1;
    p->pager_total = 1;
    p->trans = calloc(s->cfg.n_langs, sizeof *p->trans);
    s->pages[s->n_pages++] = p;
    return p;
}

static void page_free(page *p)
{
    free(p->src); free(p->dir); free(p->section); free(p->name); free(p->slug);
    free(p->url); free(p->out); free(p->title); free(p->description);
    free(p->summary_fm); free(p->layout); free(p->type); free(p->tkey);
    val_free(p->fm);
    free(p->fm_owned);
    free(p->body);
    md_result_free(&p->md);
    for (size_t i = 0; i < p->n_links; i++) free(p->links[i]);
    free(p->links);
    for (size_t i = 0; i < p->n_res; i++) { free(p->res[i].src); free(p->res[i].name); }
    free(p->res);
    if (!p->pager_first || p->pager_first == p) free(p->kids);
    free(p->term);
    free(p->trans);
    free(p->terms);
    free(p->lkey);
    free(p->label);
    free(p);
}

const char *page_kind_name(page_kind k)
{
    static const char *names[] = { "page", "section", "home", "taxonomy", "term", "404", "alias" };
    return names[k];
}

page *site_find_src(const site *s, const char *src)
{
    return hmap_get(&s->by_src, src);
}

static void list_key(buf *k, page_kind kind, size_t lang, const char *dir)
{
    /* "kind:lang:dir", without printf: looked up for every page */
    char num[48];
    int n = 0;
    num[n++] = (char)('0' + (int)kind);
    num[n++] = ':';
    char rev[24];
    int r = 0;
    do { rev[r++] = (char)('0' + lang % 10); lang /= 10; } while (lang && r < 24);
    while (r) num[n++] = rev[--r];
    num[n++] = ':';
    buf_put(k, num, (size_t)n);
    buf_puts(k, dir ? dir : "");
}

page *site_find_list(const site *s, page_kind kind, size_t lang, const char *dir)
{
    buf k = BUF_INIT;
    list_key(&k, kind, lang, kind == PAGE_HOME ? NULL : dir);
    page *p = hmap_get(&s->lists, buf_cstr(&k));
    buf_free(&k);
    return p;
}

/* Registers a home or section page (first pager) for site_find_list. */
static void index_list(site *s, page *p)
{
    if ((p->kind != PAGE_HOME && p->kind != PAGE_SECTION) || p->pager_no != 1 || p->lkey) return;
    buf k = BUF_INIT;
    list_key(&k, p->kind, p->lang, p->kind == PAGE_HOME ? NULL : p->dir);
    p->lkey = buf_detach(&k, NULL);
    if (!hmap_get(&s->lists, p->lkey)) hmap_put(&s->lists, p->lkey, p);
}

void site_free(site *s)
{
    for (size_t i = 0; i < s->n_pages; i++) page_free(s->pages[i]);
    free(s->pages);
    val_free(s->data);
    hmap_free(&s->by_src);
    hmap_free(&s->lists);
    site_config_free(&s->cfg);
    if (s->md_sync) {
        pthread_mutex_destroy(&s->md_lock);
        pthread_cond_destroy(&s->md_cond);
        s->md_sync = 0;
    }
    s->pages = NULL;
    s->n_pages = s->cap_pages = 0;
}

char *site_rel_url(const site *s, const char *path)
{
    buf b = BUF_INIT;
    buf_puts(&b, s->cfg.base_path);
    if (b.len && b.data[b.len - 1] == '/' && *path == '/') path++;
    buf_puts(&b, path);
    return buf_detach(&b, NULL);
}

char *site_abs_url(const site *s, const char *path)
{
    if (strstr(path, "://")) return strdup(path);
    buf b = BUF_INIT;
    buf_puts(&b, s->cfg.base_url);
    char *rel = site_rel_url(s, path);
    buf_puts(&b, rel);
    free(rel);
    return buf_detach(&b, NULL);
}

/* ---------- reading one content file ---------- */

/* Reads a source file as text: valid UTF-8 (else an error at the bad
 * byte), BOM dropped, CRLF -> LF, NFC. Caller frees *out. */
static int read_text(const char *path, const char *display, char **out, size_t *out_len,
                     uint64_t *sig, int *verbatim, diag_list *d)
{
    if (verbatim) *verbatim = 0;
    struct stat sb;
    int have = stat(path, &sb) == 0;
    if (sig) *sig = have ? site_file_sig(&sb) : 0;
    if (have && sb.st_size > SITE_MAX_FILE_BYTES) {
        diag_add(d, DIAG_ERROR, display, 0, 0,
                 "the file has %.1f MB; a page or data file may have at most %d MB",
                 (double)sb.st_size / (1024.0 * 1024.0), SITE_MAX_FILE_BYTES / (1024 * 1024));
        diag_hint(d, "split it into several pages, or move large tables to files of static/");
        return -1;
    }
    buf raw = BUF_INIT;
    if (fsx_read(path, &raw) < 0) {
        diag_add(d, DIAG_ERROR, display, 0, 0, "cannot read the file: %s", strerror(errno));
        buf_free(&raw);
        return -1;
    }
    const char *t = buf_cstr(&raw);
    size_t n = raw.len;
    if (n >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3)) { t += 3; n -= 3; }
    size_t bad;
    if (u8_validate(t, n, &bad) < 0) {
        int line, col;
        u8_line_col(t, bad, &line, &col);
        if (t[bad] == '\0')
            diag_add(d, DIAG_ERROR, display, line, col, "the file contains a NUL byte");
        else
            diag_add(d, DIAG_ERROR, display, line, col,
                     "the file is not valid UTF-8 (byte 0x%02X)", (unsigned char)t[bad]);
        diag_hint(d, "save the file as UTF-8 in your editor");
        buf_free(&raw);
        return -1;
    }
    if (t == raw.data && !memchr(t, '\r', n) && u8_nfc_quick(t, n)) {
        /* the usual case: the text is the file's bytes as they are */
        if (verbatim) *verbatim = 1;
        *out = buf_detach(&raw, out_len);
        if (!*out) { *out = strdup(""); if (out_len) *out_len = 0; }
        return *out ? 0 : -1;
    }
    /* CRLF (and lone CR) -> LF, in place. */
    buf lf = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '\r') {
            buf_putc(&lf, '\n');
            if (i + 1 < n && t[i + 1] == '\n') i++;
        } else {
            size_t j = i;
            while (j < n && t[j] != '\r') j++;
            buf_put(&lf, t + i, j - i);
            i = j - 1;
        }
    }
    buf_free(&raw);
    *out = u8_nfc(buf_cstr(&lf), lf.len, out_len);
    buf_free(&lf);
    if (!*out) { diag_add(d, DIAG_ERROR, display, 0, 0, "out of memory"); return -1; }
    return 0;
}

/* ---------- known front matter keys ---------- */

/* The name messages give a page: its source file, or a label for derived pages. */
#define PAGE_FILE(p) ((p)->src ? (p)->src : (p)->label)

static const val *want(const page *p, const char *key, val_kind kind, const char *what,
                       diag_list *d)
{
    const val *v = val_map_get(p->fm, key);
    if (!v || v->kind == VAL_NULL) return NULL;
    if (v->kind == kind || (kind == VAL_STRING && (v->kind == VAL_INT || v->kind == VAL_FLOAT)))
        return v;
    if (v->kind == VAL_STRING)
        diag_add(d, DIAG_ERROR, PAGE_FILE(p), v->line, v->col, "'%s' must be %s, not \"%s\"", key,
                 what, v->u.str.s);
    else
        diag_add(d, DIAG_ERROR, PAGE_FILE(p), v->line, v->col, "'%s' must be %s, not %s", key, what,
                 val_kind_name(v->kind));
    if (kind == VAL_DATE)
        diag_hint(d, "write a date as 2026-11-23 or 2026-11-23T08:30:00+07:00");
    return NULL;
}

static char *scalar_text(const val *v)
{
    if (!v) return NULL;
    char tmp[64];
    switch (v->kind) {
    case VAL_STRING: return strdup(v->u.str.s);
    case VAL_INT: snprintf(tmp, sizeof tmp, "%lld", v->u.integer); return strdup(tmp);
    case VAL_FLOAT: snprintf(tmp, sizeof tmp, "%g", v->u.number); return strdup(tmp);
    default: return NULL;
    }
}

static long long date_of(const site *s, const val *v)
{
    return v ? val_date_epoch(&v->u.date.d, s->cfg.tz_minutes) : -1;
}

/* Checks a URL path written by a person: it must stay inside the site. */
static int check_url_path(const char *file, const val *v, const char *key, int need_slash,
                          diag_list *d)
{
    const char *u = v->u.str.s;
    const char *why = NULL;
    if (need_slash && u[0] != '/') why = "must start with '/'";
    for (const char *q = u; !why && *q; q++) {
        unsigned char c = (unsigned char)*q;
        if (c < 0x20 || c == 0x7f) why = "contains a control character";
        else if (c == '\\') why = "contains a backslash";
        else if (c == '%') why = "contains a percent-encoded character (write the character itself)";
        else if (c == '?' || c == '#') why = "contains '?' or '#'";
        else if (!need_slash && c == '/') why = "contains '/' (a slug is one path segment)";
        else if (c == '/' && q[1] == '/')
            why = q == u ? "starts with '//', which names another host"
                         : "contains '//' (an empty path segment)";
    }
    if (!why) {
        /* No "." or ".." segment anywhere. */
        const char *q = u;
        while (*q && !why) {
            while (*q == '/') q++;
            const char *e = q;
            while (*e && *e != '/') e++;
            size_t n = (size_t)(e - q);
            if ((n == 1 && q[0] == '.') || (n == 2 && q[0] == '.' && q[1] == '.'))
                why = "contains a '.' or '..' segment and would leave its folder";
            q = e;
        }
    }
    if (!why && strstr(u, "://")) why = "is a full address, not a path on this site";
    if (!why) return 0;
    diag_add(d, DIAG_ERROR, file, v->line, v->col, "%s \"%s\" %s", key, u, why);
    diag_hint(d, need_slash ? "write a path inside the site, such as /ke-hoach/lo-trinh-2035/"
                            : "write a slug such as lo-trinh-2035");
    return -1;
}

/* Types the keys lotrinh knows; everything else stays a param. */
static void read_known_keys(site *s, page *p, diag_list *d)
{
    const val *v;
    if ((v = want(p, "title", VAL_STRING, "text", d))) p->title = scalar_text(v);
    if ((v = want(p, "description", VAL_STRING, "text", d))) p->description = scalar_text(v);
    if ((v = want(p, "summary", VAL_STRING, "text", d))) p->summary_fm = scalar_text(v);
    if ((v = want(p, "layout", VAL_STRING, "text", d))) p->layout = scalar_text(v);
    if ((v = want(p, "type", VAL_STRING, "text", d))) p->type = scalar_text(v);
    if ((v = want(p, "translationKey", VAL_STRING, "text", d))) p->tkey = scalar_text(v);
    if ((v = want(p, "date", VAL_DATE, "a date", d))) p->date = date_of(s, v);
    if ((v = want(p, "lastmod", VAL_DATE, "a date", d))) p->lastmod = date_of(s, v);
    if ((v = want(p, "publishDate", VAL_DATE, "a date", d))) p->publish = date_of(s, v);
    if ((v = want(p, "expiryDate", VAL_DATE, "a date", d))) p->expiry = date_of(s, v);
    if ((v = want(p, "draft", VAL_BOOL, "true or false", d))) p->draft = v->u.boolean;
    if ((v = want(p, "weight", VAL_INT, "a whole number", d))) p->weight = v->u.integer;
    if ((v = want(p, "paginate", VAL_INT, "a whole number", d))) {
        if (v->u.integer >= 1) p->per_pager = (size_t)v->u.integer;
        else diag_add(d, DIAG_ERROR, PAGE_FILE(p), v->line, v->col, "'paginate' must be at least 1");
    }
    if ((v = val_map_get(p->fm, "sitemap")) && v->kind != VAL_NULL) {
        if (v->kind == VAL_BOOL) p->no_sitemap = !v->u.boolean;
        else diag_add(d, DIAG_ERROR, PAGE_FILE(p), v->line, v->col, "'sitemap' must be true or false");
    }
    if ((v = want(p, "search", VAL_BOOL, "true or false", d))) p->no_search = !v->u.boolean;
    if ((v = want(p, "feed", VAL_BOOL, "true or false", d))) p->no_feed = !v->u.boolean;
    if ((v = want(p, "slug", VAL_STRING, "text", d))) {
        if (v->kind == VAL_STRING) {
            if (check_url_path(PAGE_FILE(p), v, "slug", 0, d) == 0) p->slug = strdup(v->u.str.s);
        } else {
            p->slug = scalar_text(v);   /* slug: 2035 */
        }
    }
    if ((v = want(p, "url", VAL_STRING, "text", d)) && v->kind == VAL_STRING)
        check_url_path(PAGE_FILE(p), v, "url", 1, d);
    if ((v = val_map_get(p->fm, "aliases")) && v->kind != VAL_NULL) {
        if (v->kind != VAL_LIST) {
            diag_add(d, DIAG_ERROR, PAGE_FILE(p), v->line, v->col, "'aliases' must be a list of paths");
            diag_hint(d, "write aliases: [/old/path/]");
        } else {
            for (size_t i = 0; i < v->u.list.n; i++) {
                const val *a = v->u.list.items[i];
                if (a->kind != VAL_STRING)
                    diag_add(d, DIAG_ERROR, PAGE_FILE(p), a->line, a->col, "an alias must be a path");
                else
                    check_url_path(PAGE_FILE(p), a, "alias", 1, d);
            }
        }
    }
    for (size_t t = 0; t < s->cfg.n_taxos; t++) {
        v = val_map_get(p->fm, s->cfg.taxos[t].key);
        if (!v || v->kind == VAL_NULL || v->kind == VAL_STRING) continue;
        int ok = v->kind == VAL_LIST;
        for (size_t i = 0; ok && i < v->u.list.n; i++)
            ok = v->u.list.items[i]->kind == VAL_STRING;
        if (!ok) {
            diag_add(d, DIAG_ERROR, PAGE_FILE(p), v->line, v->col,
                     "'%s' must be a list of terms (text)", s->cfg.taxos[t].key);
            diag_hint(d, "write %s: [term-one, term-two]", s->cfg.taxos[t].key);
        }
    }
    if (p->lastmod < 0) p->lastmod = p->date;
    if (p->publish < 0) p->publish = p->date;
}

/* ---------- walking content/ ---------- */

/* "lo-trinh.en.md" -> name "lo-trinh", lang index of "en". A name with no
 * language suffix is in the default language. -1: not a page file. */
static int split_name(const site *s, const char *file, const char *display, char **name,
                      size_t *lang, diag_list *d)
{
    size_t n = strlen(file);
    if (n < 4 || strcmp(file + n - 3, ".md")) return -1;
    char *base = strndup(file, n - 3);
    *lang = 0;
    char *dot = strrchr(base, '.');
    if (dot) {
        const char *code = dot + 1;
        size_t i;
        for (i = 0; i < s->cfg.n_langs; i++)
            if (!strcmp(code, s->cfg.langs[i].code)) break;
        if (i < s->cfg.n_langs) {
            *lang = i;
            *dot = '\0';
        } else if (strlen(code) == 2 && islower((unsigned char)code[0]) &&
                   islower((unsigned char)code[1])) {
            diag_add(d, DIAG_ERROR, display, 0, 0,
                     "the file name says language '%s', which site.lua does not declare", code);
            diag_hint(d, "add the language to 'languages' in site.lua, or rename the file");
            free(base);
            return -2;
        }
    }
    *name = base;
    return 0;
}

/* Slug from a file or folder name: kept if already URL-safe, else folded. */
static char *name_slug(const char *name)
{
    int safe = *name != '\0';
    for (const char *q = name; *q; q++)
        if (!(islower((unsigned char)*q) || isdigit((unsigned char)*q) || *q == '-' || *q == '_'))
            safe = 0;
    if (safe) return strdup(name);
    buf b = BUF_INIT;
    slug_make(name, strlen(name), &b);
    if (!b.len) buf_puts(&b, "page");
    return buf_detach(&b, NULL);
}

/* Makes the page of content file rel_dir/file; its text is read later
 * (read_pages, on every core). */
static int load_page_file(site *s, const char *rel_dir, const char *file, int bundle_index,
                          diag_list *d)
{
    char *name = NULL;
    size_t lang;
    buf src = BUF_INIT;
    buf_printf(&src, "content/%s%s%s", rel_dir, *rel_dir ? "/" : "", file);
    const char *display = buf_cstr(&src);
    int r = split_name(s, file, display, &name, &lang, d);
    if (r < 0) { buf_free(&src); return r == -1 ? 0 : -1; }
    int is_index = !strcmp(name, "_index");
    page *p = page_add(s, is_index ? (*rel_dir ? PAGE_SECTION : PAGE_HOME) : PAGE_REGULAR, lang);
    if (!p) { free(name); buf_free(&src); return -1; }
    p->src = buf_detach(&src, NULL);
    p->dir = strdup(rel_dir);
    const char *slash = strchr(rel_dir, '/');
    p->section = slash ? strndup(rel_dir, (size_t)(slash - rel_dir)) : strdup(rel_dir);
    if (bundle_index) {
        const char *last = strrchr(rel_dir, '/');
        free(name);
        name = strdup(last ? last + 1 : rel_dir);
        p->bundle = 1;
        if (!last) {   /* content/x/index.md is the page /x/, not a section */
            free(p->section);
            p->section = strdup("");
        }
    }
    p->name = name;
    p->has_body = 1;
    return 0;
}

/* Takes page p's front matter from the last build's cache when its file
 * has not changed since (same size, time and inode). 1 if it did. */
static int cached_page_file(site *s, page *p, const char *path)
{
    const bc_file *f = s->cache ? hmap_get(&s->cache->files_by_src, p->src) : NULL;
    if (!f) return 0;
    int kind;
    uint64_t sig;
    struct stat sb;
    if (incr_snap_get(s->snap, p->src, &kind, &sig) && kind == 2) {
        if (sig != f->sig) return 0;   /* what the scan of this build saw */
    } else if (stat(path, &sb) != 0 || site_file_sig(&sb) != f->sig) {
        return 0;
    }
    ser_reader r;
    ser_reader_init(&r, f->fm, f->fm_len);
    val *fm = ser_get_val(&r);
    if (r.bad || !fm || r.p != r.end) { val_free(fm); return 0; }
    p->fm = fm;
    p->fm_bytes = f->fm;
    p->fm_bytes_len = f->fm_len;
    p->fm_hash = incr_hash(f->fm, f->fm_len) | 1;
    p->body_off = f->body_off;
    p->body_len = f->body_len;
    p->body_line = f->body_line;
    p->body_verbatim = f->verbatim;
    p->src_sig = f->sig;
    return 1;
}

/* Reads page p's file: front matter, where the body is, the known keys. */
static int read_page_file(site *s, page *p, diag_list *d)
{
    char *path = fsx_join(s->root, p->src);
    if (cached_page_file(s, p, path)) {
        free(path);
        read_known_keys(s, p, d);
        return 0;
    }
    char *text = NULL;
    size_t len = 0;
    uint64_t sig = 0;
    int verbatim = 0;
    int rc = read_text(path, p->src, &text, &len, &sig, &verbatim, d);
    free(path);
    if (rc < 0) return -1;
    p->body_verbatim = verbatim;
    val *fm = NULL;
    size_t body_off = 0;
    int body_line = 1;
    if (fm_split_parse(p->src, text, len, &fm, &body_off, &body_line, d) < 0) {
        free(text);
        return -1;
    }
    p->fm = fm;
    /* encoded here, on every core: the build cache keeps it, and its hash
     * stands for the front matter (deps.h, FIELDS) */
    buf enc = BUF_INIT;
    ser_val(&enc, fm);
    if (!enc.failed) {
        p->fm_owned = (unsigned char *)buf_detach(&enc, &p->fm_bytes_len);
        p->fm_bytes = p->fm_owned;
        p->fm_hash = p->fm_owned ? incr_hash(p->fm_owned, p->fm_bytes_len) | 1 : 0;
    }
    buf_free(&enc);
    /* the body is read again when its Markdown is rendered: memory holds
     * only what lists and layouts need of every page */
    p->body_off = body_off;
    p->body_len = len - body_off;
    p->body_line = body_line;
    p->src_sig = sig;
    free(text);
    read_known_keys(s, p, d);
    return 0;
}

typedef struct read_job {
    site *s;
    size_t from;             /* the pages to read: from..n_pages */
    diag_list *d;
} read_job;

static int read_one(void *ud, size_t i)
{
    read_job *j = ud;
    page *p = j->s->pages[j->from + i];
    return p->src && !p->fm ? read_page_file(j->s, p, j->d) : 0;
}

/* Reads the files of pages from..n_pages on s->jobs threads. */
static int read_pages(site *s, size_t from, diag_list *d)
{
    read_job j = { s, from, d };
    return par_for(s->jobs, s->n_pages - from, read_one, &j);
}

static int walk(site *s, const char *rel_dir, int depth, diag_list *d);

/* A folder holding index.md (in any language) is a page bundle. */
static int is_bundle(const site *s, char **names, long n)
{
    for (long i = 0; i < n; i++) {
        if (!strcmp(names[i], "index.md")) return 1;
        for (size_t l = 0; l < s->cfg.n_langs; l++) {
            char tmp[64];
            snprintf(tmp, sizeof tmp, "index.%s.md", s->cfg.langs[l].code);
            if (!strcmp(names[i], tmp)) return 1;
        }
    }
    return 0;
}

/* Checks an entry before it is read: hidden files are skipped, and a
 * symlink must point inside the site. Returns its kind (1 dir, 2 file) or 0 to skip. */
static int entry_kind(site *s, const char *path, const char *display, diag_list *d)
{
    int k;
    if (incr_snap_get(s->snap, display, &k, NULL) && (k == 1 || k == 2)) return k;
    k = fsx_kind(path);
    if (k == 3) {
        if (!fsx_inside(s->root, path)) {
            diag_add(d, DIAG_ERROR, display, 0, 0, "this symbolic link points outside the site");
            diag_hint(d, "copy the file into the site instead of linking to it");
            return 0;
        }
        char *real = realpath(path, NULL);
        k = real ? fsx_kind(real) : -1;
        free(real);
    }
    return k == 1 || k == 2 ? k : 0;
}

static int walk(site *s, const char *rel_dir, int depth, diag_list *d)
{
    if (depth > 32) {
        diag_add(d, DIAG_ERROR, rel_dir, 0, 0, "folders nested more than 32 deep");
        return -1;
    }
    char *dir = *rel_dir ? fsx_join(s->root, "content") : NULL;
    char *full = *rel_dir ? fsx_join(dir, rel_dir) : fsx_join(s->root, "content");
    free(dir);
    char **names;
    long n = fsx_list(full, &names);
    if (n < 0) {
        diag_add(d, DIAG_ERROR, "content", 0, 0, "cannot read folder %s: %s", full, strerror(errno));
        free(full);
        return -1;
    }
    int bundle = *rel_dir && is_bundle(s, names, n);
    int rc = 0;
    page **bundle_pages = NULL;
    size_t n_bundle_pages = 0;
    size_t first_page = s->n_pages;
    for (long i = 0; i < n; i++) {
        if (names[i][0] == '.') continue;
        char *path = fsx_join(full, names[i]);
        buf disp = BUF_INIT;
        buf_printf(&disp, "content/%s%s%s", rel_dir, *rel_dir ? "/" : "", names[i]);
        int k = entry_kind(s, path, buf_cstr(&disp), d);
        size_t nl = strlen(names[i]);
        int is_md = nl > 3 && !strcmp(names[i] + nl - 3, ".md");
        if (k == 0 && fsx_kind(path) == 3) rc = -1;
        if (k == 1 && !bundle) {
            buf sub = BUF_INIT;
            buf_printf(&sub, "%s%s%s", rel_dir, *rel_dir ? "/" : "", names[i]);
            if (walk(s, buf_cstr(&sub), depth + 1, d) < 0) rc = -1;
            buf_free(&sub);
        } else if (k == 2 && is_md && (!bundle || !strncmp(names[i], "index.", 6))) {
            if (load_page_file(s, rel_dir, names[i], bundle, d) < 0) rc = -1;
        } else if (k == 2 && bundle) {
            /* resource: attached below to every language of the bundle */
        } else if (k == 2 && !is_md) {
            diag_add(d, DIAG_WARNING, buf_cstr(&disp), 0, 0,
                     "this file is neither a page nor part of a page bundle and is not copied");
            diag_hint(d, "put it in static/, or next to an index.md in a page bundle");
        } else if (k == 1 && bundle) {
            diag_add(d, DIAG_WARNING, buf_cstr(&disp), 0, 0,
                     "folders inside a page bundle are not copied");
        }
        buf_free(&disp);
        free(path);
    }
    if (bundle) {
        n_bundle_pages = s->n_pages - first_page;
        bundle_pages = s->pages + first_page;
        for (long i = 0; i < n; i++) {
            size_t nl = strlen(names[i]);
            if (names[i][0] == '.' || (nl > 3 && !strcmp(names[i] + nl - 3, ".md"))) continue;
            char *path = fsx_join(full, names[i]);
            int k = fsx_kind(path);
            if (k == 3) {
                char *real = realpath(path, NULL);
                k = real && fsx_inside(s->root, path) ? fsx_kind(real) : 0;
                free(real);
            }
            struct stat_like { long long size; } st = { 0 };
            if (k == 2) {
                FILE *f = fopen(path, "rb");
                if (f) { fseek(f, 0, SEEK_END); st.size = ftell(f); fclose(f); }
                for (size_t b = 0; b < n_bundle_pages; b++) {
                    page *p = bundle_pages[b];
                    p->res = realloc(p->res, (p->n_res + 1) * sizeof *p->res);
                    buf rs = BUF_INIT;
                    buf_printf(&rs, "content/%s/%s", rel_dir, names[i]);
                    p->res[p->n_res].src = buf_detach(&rs, NULL);
                    p->res[p->n_res].name = strdup(names[i]);
                    p->res[p->n_res].size = st.size;
                    p->n_res++;
                }
            }
            free(path);
        }
    }
    fsx_list_free(names, n);
    free(full);
    return rc;
}

/* ---------- derived pages (site.lua derive hook) ---------- */

/* Runs site.lua's derive(ctx) and adds the pages it returns. ctx has
 * data, languages (codes) and pages (every source page: src, lang, section,
 * title, translationKey, params). Each returned item is a table with
 * section, name, lang (default: the default language), optional body
 * (Markdown), and front matter keys (title, slug, translationKey, date,
 * layout, type, description, weight, taxonomies, and any params). */
static int excluded(const site *s, const page *p);

static int run_derive(site *s, diag_list *d)
{
    lua_State *L = luax_new();
    if (!L) return -1;
    char *cfg = fsx_join(s->root, "site.lua");
    int rc = luax_run_file(L, cfg, "site.lua", d);
    free(cfg);
    if (rc < 0 || !lua_istable(L, -1)) { luax_close(L); return -1; }
    lua_getfield(L, -1, "derive");
    if (lua_isnil(L, -1)) { luax_close(L); return 0; }
    if (!lua_isfunction(L, -1)) {
        diag_add(d, DIAG_ERROR, "site.lua", 0, 0, "'derive' must be a function(ctx)");
        luax_close(L);
        return -1;
    }
    lua_createtable(L, 0, 3);
    luax_push_val(L, s->data, s->cfg.tz_minutes);
    lua_setfield(L, -2, "data");
    lua_createtable(L, (int)s->cfg.n_langs, 0);
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        lua_pushstring(L, s->cfg.langs[l].code);
        lua_rawseti(L, -2, (lua_Integer)l + 1);
    }
    lua_setfield(L, -2, "languages");
    lua_newtable(L);
    int k = 0;
    for (size_t i = 0; i < s->n_pages; i++) {
        const page *p = s->pages[i];
        if (!p->src || p->kind != PAGE_REGULAR || excluded(s, p)) continue;
        lua_createtable(L, 0, 6);
        lua_pushstring(L, p->src); lua_setfield(L, -2, "src");
        lua_pushstring(L, s->cfg.langs[p->lang].code); lua_setfield(L, -2, "lang");
        lua_pushstring(L, p->section); lua_setfield(L, -2, "section");
        if (p->title) { lua_pushstring(L, p->title); lua_setfield(L, -2, "title"); }
        if (p->tkey) { lua_pushstring(L, p->tkey); lua_setfield(L, -2, "translationKey"); }
        luax_push_val(L, p->fm, s->cfg.tz_minutes);
        lua_setfield(L, -2, "params");
        lua_rawseti(L, -2, ++k);
    }
    lua_setfield(L, -2, "pages");
    if (luax_pcall(L, 1, 1) < 0) {
        luax_report(d, lua_tostring(L, -1), NULL);
        luax_close(L);
        return -1;
    }
    if (!lua_istable(L, -1)) {
        diag_add(d, DIAG_ERROR, "site.lua", 0, 0, "derive must return a list of pages");
        luax_close(L);
        return -1;
    }
    size_t before = diag_errors(d);
    size_t n = lua_rawlen(L, -1);
    for (size_t i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i);
        int it = lua_gettop(L);
        const char *err = NULL;
        val *spec = luax_to_val(L, it, 0, &err);
        lua_pop(L, 1);
        char where[64];
        snprintf(where, sizeof where, "site.lua derive, page %zu", i);
        if (!spec || spec->kind != VAL_MAP) {
            diag_add(d, DIAG_ERROR, "site.lua", 0, 0, "%s: %s", where, err ? err : "not a table");
            val_free(spec);
            continue;
        }
        const val *sec = val_map_get(spec, "section"), *name = val_map_get(spec, "name");
        const val *lang = val_map_get(spec, "lang"), *body = val_map_get(spec, "body");
        if (!sec || sec->kind != VAL_STRING || !name || name->kind != VAL_STRING ||
            strchr(sec->u.str.s, '/') || strstr(sec->u.str.s, "..") || !*name->u.str.s) {
            diag_add(d, DIAG_ERROR, "site.lua", 0, 0,
                     "%s: needs 'section' (one folder name) and 'name'", where);
            val_free(spec);
            continue;
        }
        size_t li = 0;
        if (lang && lang->kind == VAL_STRING) {
            for (li = 0; li < s->cfg.n_langs; li++)
                if (!strcmp(s->cfg.langs[li].code, lang->u.str.s)) break;
            if (li == s->cfg.n_langs) {
                diag_add(d, DIAG_ERROR, "site.lua", 0, 0, "%s: language '%s' is not declared",
                         where, lang->u.str.s);
                val_free(spec);
                continue;
            }
        }
        page *p = page_add(s, PAGE_REGULAR, li);
        p->derived = 1;
        p->dir = strdup(sec->u.str.s);
        p->section = strdup(sec->u.str.s);
        p->name = name_slug(name->u.str.s);
        const char *md = body && body->kind == VAL_STRING ? body->u.str.s : "";
        p->body = strdup(md);
        p->body_len = strlen(md);
        p->body_line = 1;
        p->has_body = 1;
        p->fm = spec;
        buf label = BUF_INIT;
        buf_printf(&label, "derived page %s/%s (%s)", p->section, p->name, s->cfg.langs[li].code);
        p->label = buf_detach(&label, NULL);
        /* Lua has no dates: ISO text under the known date keys becomes a date */
        static const char *const date_keys[] = { "date", "lastmod", "publishDate", "expiryDate", NULL };
        for (int dk = 0; date_keys[dk]; dk++) {
            val *dv = val_map_get(spec, date_keys[dk]);
            val_date dt;
            if (dv && dv->kind == VAL_STRING && val_parse_date(dv->u.str.s, dv->u.str.len, &dt) == 0) {
                char *text = dv->u.str.s;
                dv->kind = VAL_DATE;
                dv->u.date.d = dt;
                dv->u.date.text = text;
            }
        }
        read_known_keys(s, p, d);
    }
    luax_close(L);
    return diag_errors(d) > before ? -1 : 0;
}

/* ---------- data files ---------- */

static int load_data(site *s, diag_list *d)
{
    s->data = val_new(VAL_MAP, 0, 0);
    char *dir = fsx_join(s->root, "data");
    if (fsx_kind(dir) != 1) { free(dir); return 0; }
    char **names;
    long n = fsx_list(dir, &names);
    int rc = 0;
    for (long i = 0; i < n; i++) {
        size_t nl = strlen(names[i]);
        size_t ext = nl > 5 && !strcmp(names[i] + nl - 5, ".yaml") ? 5
                   : nl > 4 && !strcmp(names[i] + nl - 4, ".yml") ? 4 : 0;
        if (!ext || names[i][0] == '.') continue;
        buf disp = BUF_INIT;
        buf_printf(&disp, "data/%s", names[i]);
        char *path = fsx_join(dir, names[i]);
        char *text = NULL;
        size_t len;
        val *v = NULL;
        if (!fsx_inside(s->root, path)) {
            diag_add(d, DIAG_ERROR, buf_cstr(&disp), 0, 0,
                     "this symbolic link points outside the site");
            diag_hint(d, "copy the file into data/ instead of linking to it");
            rc = -1;
        } else if (read_text(path, buf_cstr(&disp), &text, &len, NULL, NULL, d) < 0 ||
            fm_parse_yaml(buf_cstr(&disp), text, len, 0, &v, d) < 0) {
            rc = -1;
        } else {
            char *key = strndup(names[i], nl - ext);
            val_map_set(s->data, key, v);
            free(key);
        }
        free(text);
        free(path);
        buf_free(&disp);
    }
    fsx_list_free(names, n);
    free(dir);
    return rc;
}

/* ---------- URLs ---------- */

static const char *lang_prefix(const site *s, size_t lang) { return s->cfg.langs[lang].prefix; }

/* The URL segment of a section in a language: the slug of its _index page. */
static const char *section_segment(const site *s, const char *section, size_t lang)
{
    const page *p = site_find_list(s, PAGE_SECTION, lang, section);
    return p && p->src && p->slug ? p->slug : section;
}

static const char *perma_for(const site *s, const char *section)
{
    for (size_t i = 0; i < s->cfg.n_permas; i++)
        if (!strcmp(s->cfg.permas[i].section, section)) return s->cfg.permas[i].pattern;
    return NULL;
}

static void set_url(page *p, char *url)
{
    free(p->url);
    p->url = url;
    free(p->out);
    buf o = BUF_INIT;
    size_t n = strlen(url);
    buf_puts(&o, url + 1);
    if (n && url[n - 1] == '/') buf_puts(&o, "index.html");
    p->out = buf_detach(&o, NULL);
}

static void expand_pattern(const site *s, const page *p, const char *pat, buf *u)
{
    val_date dt = {0};
    if (p->date >= 0) val_date_from_epoch(p->date, s->cfg.tz_minutes, &dt);
    for (const char *q = pat; *q; q++) {
        if (*q != ':') { buf_putc(u, *q); continue; }
        const char *w = q + 1;
        size_t n = 0;
        while (isalpha((unsigned char)w[n])) n++;
        if (n == 7 && !strncmp(w, "section", n)) buf_puts(u, section_segment(s, p->section, p->lang));
        else if (n == 4 && !strncmp(w, "slug", n)) buf_puts(u, p->slug);
        else if (n == 4 && !strncmp(w, "year", n)) buf_printf(u, "%04d", dt.year);
        else if (n == 5 && !strncmp(w, "month", n)) buf_printf(u, "%02d", dt.month);
        else if (n == 3 && !strncmp(w, "day", n)) buf_printf(u, "%02d", dt.day);
        else if (n == 8 && !strncmp(w, "filename", n)) {
            char *fs = name_slug(p->name);
            buf_puts(u, fs);
            free(fs);
        }
        else { buf_putc(u, ':'); continue; }
        q += n;
    }
}

/* Folder path between the section and the page, e.g. "a/b/" for
 * content/s/a/b/x.md, each folder name made URL-safe. */
static void sub_dirs(const page *p, buf *u)
{
    const char *rest = p->dir + strlen(p->section);
    if (*rest == '/') rest++;
    size_t n = strlen(rest);
    if (p->bundle) {
        const char *last = strrchr(rest, '/');
        n = last ? (size_t)(last - rest) : 0;
    }
    char *part = strndup(rest, n);
    char *save = NULL;
    for (char *t = strtok_r(part, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        char *fs = name_slug(t);
        buf_printf(u, "%s/", fs);
        free(fs);
    }
    free(part);
}

static void compute_url(site *s, page *p)
{
    buf u = BUF_INIT;
    const val *uv = val_map_get(p->fm, "url");
    if (uv && uv->kind == VAL_STRING && p->src) {
        buf_puts(&u, uv->u.str.s);
        if (!strchr(strrchr(u.data, '/'), '.') && u.data[u.len - 1] != '/') buf_putc(&u, '/');
        set_url(p, buf_detach(&u, NULL));
        return;
    }
    const char *pre = lang_prefix(s, p->lang);
    switch (p->kind) {
    case PAGE_HOME:
        buf_printf(&u, "%s/", pre);
        break;
    case PAGE_SECTION: {
        buf_printf(&u, "%s/", pre);
        const char *slash = strchr(p->dir, '/');
        if (!slash) {
            buf_printf(&u, "%s/", p->slug ? p->slug : p->dir);
        } else {
            /* content/s/a/b/_index.md: section segment, folders, own slug last */
            buf_printf(&u, "%s/", section_segment(s, p->section, p->lang));
            const char *last = strrchr(p->dir, '/');
            char *mid = strndup(slash + 1, (size_t)(last - slash - 1) + (last > slash ? 0 : 0));
            if (last > slash) {
                char *save = NULL;
                for (char *t = strtok_r(mid, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
                    char *fs = name_slug(t);
                    buf_printf(&u, "%s/", fs);
                    free(fs);
                }
            }
            free(mid);
            char *own = p->slug ? strdup(p->slug) : name_slug(last + 1);
            buf_printf(&u, "%s/", own);
            free(own);
        }
        break;
    }
    case PAGE_REGULAR: {
        const char *pat = perma_for(s, p->section);
        if (pat) {
            buf_puts(&u, pre);
            expand_pattern(s, p, pat, &u);
        } else if (*p->section) {
            buf_printf(&u, "%s/%s/", pre, section_segment(s, p->section, p->lang));
            sub_dirs(p, &u);
            buf_printf(&u, "%s/", p->slug);
        } else {
            buf_printf(&u, "%s/%s/", pre, p->slug);
        }
        break;
    }
    case PAGE_404:
        buf_printf(&u, "%s/404.html", pre);
        break;
    default:
        break;
    }
    if (u.len) set_url(p, buf_detach(&u, NULL));
    else buf_free(&u);
}

/* ---------- filtering ---------- */

static int excluded(const site *s, const page *p)
{
    if (p->draft && !s->drafts) return 1;
    if (p->publish >= 0 && p->publish > s->now && !s->future) return 1;
    if (p->expiry >= 0 && p->expiry <= s->now && !s->drafts) return 1;
    return 0;
}

static void drop_excluded(site *s)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n_pages; i++) {
        if (excluded(s, s->pages[i])) { page_free(s->pages[i]); continue; }
        s->pages[k] = s->pages[i];
        s->pages[k]->id = k;
        k++;
    }
    s->n_pages = k;
}

/* ---------- translations ---------- */

static char *trans_key(const page *p)
{
    buf k = BUF_INIT;
    buf_printf(&k, "%d|", (int)p->kind);
    if (p->tkey) buf_printf(&k, "key:%s", p->tkey);
    else if (p->kind == PAGE_TERM) buf_printf(&k, "%zu:%s", p->taxo, p->term);
    else if (p->kind == PAGE_TAXONOMY) buf_printf(&k, "%zu", p->taxo);
    else if (p->src || p->derived) buf_printf(&k, "path:%s/%s", p->dir, p->name);
    else buf_printf(&k, "dir:%s", p->dir ? p->dir : "");
    buf_printf(&k, "|%zu", p->pager_no);
    return buf_detach(&k, NULL);
}

typedef struct keyed { char *key; page *p; } keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    if (x->p->lang != y->p->lang) return x->p->lang < y->p->lang ? -1 : 1;
    return x->p->id < y->p->id ? -1 : x->p->id > y->p->id;
}

static void link_translations(site *s, diag_list *d)
{
    keyed *v = calloc(s->n_pages ? s->n_pages : 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < s->n_pages; i++) {
        page *p = s->pages[i];
        /* fallback copies are not translations; they are linked below */
        if (p->kind == PAGE_ALIAS || p->fallback_of) continue;
        v[n].key = trans_key(p);
        v[n].p = p;
        n++;
    }
    qsort(v, n, sizeof *v, cmp_keyed);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && !strcmp(v[i].key, v[j].key)) j++;
        for (size_t a = i; a < j; a++) {
            for (size_t b = i; b < j; b++) {
                page *x = v[a].p, *y = v[b].p;
                if (x->lang == y->lang && x != y && b > a && x->src && y->src)
                    diag_add(d, DIAG_ERROR, y->src, 0, 0,
                             "%s is also the '%s' version of this page (same translation key)",
                             x->src, s->cfg.langs[x->lang].code);
                if (!x->trans[y->lang]) x->trans[y->lang] = y;
            }
        }
        i = j;
    }
    for (size_t i = 0; i < n; i++) free(v[i].key);
    free(v);
    /* A fallback copy's versions are its original's real ones: the original
     * itself and the translations that exist, never another fallback copy
     * (with three languages or more, copies of one page would otherwise list
     * each other, and copies of different pages in one folder too). */
    for (size_t i = 0; i < s->n_pages; i++) {
        page *q = s->pages[i];
        const page *orig = q->fallback_of;
        if (!orig) continue;
        for (size_t l = 0; l < s->cfg.n_langs; l++)
            q->trans[l] = l == q->lang ? q : orig->trans[l];
    }
}

/* ---------- untranslated pages ---------- */

/* untranslated = "fallback": a page missing in a language is shown there
 * in its own language, with page.fallback set so layouts add a notice. */
static void add_fallbacks(site *s)
{
    size_t n0 = s->n_pages;
    hmap have;
    hmap_init(&have);
    char **keys = calloc(n0 ? n0 : 1, sizeof *keys);
    for (size_t i = 0; i < n0; i++) {
        page *p = s->pages[i];
        if (p->kind != PAGE_REGULAR) continue;
        buf k = BUF_INIT;
        buf_printf(&k, "%zu|%s", p->lang, p->tkey ? p->tkey : "");
        if (!p->tkey) buf_printf(&k, "%s/%s", p->dir, p->name);
        keys[i] = buf_detach(&k, NULL);
        hmap_put(&have, keys[i], p);
    }
    for (size_t i = 0; i < n0; i++) {
        page *p = s->pages[i];
        if (p->kind != PAGE_REGULAR || p->lang != 0) continue;
        for (size_t l = 1; l < s->cfg.n_langs; l++) {
            buf k = BUF_INIT;
            buf_printf(&k, "%zu|%s", l, keys[i] + strcspn(keys[i], "|") + 1);
            int exists = hmap_get(&have, buf_cstr(&k)) != NULL;
            buf_free(&k);
            if (exists) continue;
            page *q = page_add(s, PAGE_REGULAR, l);
            q->fallback_of = p;
            q->src = NULL;
            q->dir = strdup(p->dir);
            q->section = strdup(p->section);
            q->name = strdup(p->name);
            q->slug = p->slug ? strdup(p->slug) : NULL;
            q->title = p->title ? strdup(p->title) : NULL;
            q->description = p->description ? strdup(p->description) : NULL;
            q->summary_fm = p->summary_fm ? strdup(p->summary_fm) : NULL;
            q->layout = p->layout ? strdup(p->layout) : NULL;
            q->type = p->type ? strdup(p->type) : NULL;
            q->tkey = p->tkey ? strdup(p->tkey) : NULL;
            q->fm = val_copy(p->fm);
            q->date = p->date; q->lastmod = p->lastmod; q->publish = p->publish;
            q->expiry = p->expiry; q->weight = p->weight; q->bundle = p->bundle;
            q->no_sitemap = 1;   /* the original is the page search engines should index */
            q->no_feed = p->no_feed;
            q->has_body = p->has_body;   /* the original's text (site_md) */
            q->body_len = p->body_len;
            q->body_line = p->body_line;
            q->res = calloc(p->n_res ? p->n_res : 1, sizeof *q->res);
            for (size_t r = 0; r < p->n_res; r++) {
                q->res[r].src = strdup(p->res[r].src);
                q->res[r].name = strdup(p->res[r].name);
                q->res[r].size = p->res[r].size;
            }
            q->n_res = p->n_res;
        }
    }
    for (size_t i = 0; i < n0; i++) free(keys[i]);
    free(keys);
    hmap_free(&have);
}

/* ---------- lists ---------- */

static int cmp_listed(const void *a, const void *b)
{
    const page *x = *(page *const *)a, *y = *(page *const *)b;
    if (x->weight != y->weight) {
        if (!x->weight) return 1;
        if (!y->weight) return -1;
        return x->weight < y->weight ? -1 : 1;
    }
    if (x->date != y->date) return x->date > y->date ? -1 : 1;
    int c = strcmp(x->title ? x->title : "", y->title ? y->title : "");
    if (c) return c;
    return strcmp(x->url ? x->url : "", y->url ? y->url : "");
}

/* Appends p to list's pages; the array doubles when its size is a power
 * of two, so long lists are not copied on every page. */
static void add_kid(page *list, page *p)
{
    size_t n = list->n_kids;
    if (n == 0 || (n & (n - 1)) == 0) {
        page **v = realloc(list->kids, (n ? n * 2 : 1) * sizeof *v);
        if (!v) return;
        list->kids = v;
    }
    list->kids[list->n_kids++] = p;
}

static page *find_list(site *s, page_kind kind, size_t lang, const char *dir)
{
    return site_find_list(s, kind, lang, dir);
}

static const char *term_label(const site *s, const site_taxo *t, const char *term, size_t lang)
{
    const val *list = val_map_get(s->data, t->key);
    if (!list || list->kind != VAL_LIST) return term;
    for (size_t i = 0; i < list->u.list.n; i++) {
        const val *it = list->u.list.items[i];
        const val *id = val_map_get(it, "id");
        if (!id || id->kind != VAL_STRING || strcmp(id->u.str.s, term)) continue;
        const val *nm = val_map_get(it, "name");
        if (nm && nm->kind == VAL_STRING) return nm->u.str.s;
        const val *l = val_map_get(nm, s->cfg.langs[lang].code);
        if (l && l->kind == VAL_STRING) return l->u.str.s;
        return term;
    }
    return term;
}

static void make_lists(site *s, diag_list *d)
{
    size_t n0 = s->n_pages;
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        /* home */
        page *home = find_list(s, PAGE_HOME, l, NULL);
        if (!home) {
            home = page_add(s, PAGE_HOME, l);
            home->dir = strdup("");
            home->section = strdup("");
            home->title = strdup(s->cfg.langs[l].title ? s->cfg.langs[l].title : s->cfg.title);
            index_list(s, home);
        }
        /* sections that have pages in this language */
        for (size_t i = 0; i < n0; i++) {
            page *p = s->pages[i];
            if (p->kind != PAGE_REGULAR || p->lang != l || !*p->section) continue;
            if (!find_list(s, PAGE_SECTION, l, p->section)) {
                page *sec = page_add(s, PAGE_SECTION, l);
                sec->dir = strdup(p->section);
                sec->section = strdup(p->section);
                sec->name = strdup(p->section);
                sec->title = strdup(p->section);
                index_list(s, sec);
            }
        }
        page *nf = page_add(s, PAGE_404, l);
        nf->dir = strdup("");
        nf->section = strdup("");
        nf->title = strdup("404");
        nf->no_sitemap = 1;
    }
    /* fill lists */
    for (size_t i = 0; i < s->n_pages; i++) {
        page *p = s->pages[i];
        if (p->kind != PAGE_REGULAR) continue;
        page *home = find_list(s, PAGE_HOME, p->lang, NULL);
        if (home) add_kid(home, p);
        /* every section/subsection list whose folder contains the page */
        char *dir = strdup(p->dir);
        for (char *q = dir; *dir; q++) {
            if (*q != '/' && *q != '\0') continue;
            char c0 = *q;
            *q = '\0';
            page *sec = find_list(s, PAGE_SECTION, p->lang, dir);
            if (sec) add_kid(sec, p);
            *q = c0;
            if (!c0) break;
        }
        free(dir);
    }
    /* taxonomies and terms */
    for (size_t t = 0; t < s->cfg.n_taxos; t++) {
        site_taxo *tx = &s->cfg.taxos[t];
        for (size_t l = 0; l < s->cfg.n_langs; l++) {
            page *tp = NULL;
            hmap terms;   /* term -> its page */
            hmap_init(&terms);
            size_t n1 = s->n_pages;
            for (size_t i = 0; i < n1; i++) {
                page *p = s->pages[i];
                if (p->kind != PAGE_REGULAR || p->lang != l) continue;
                const val *v = val_map_get(p->fm, tx->key);
                if (!v) continue;
                size_t nt = v->kind == VAL_LIST ? v->u.list.n : v->kind == VAL_STRING ? 1 : 0;
                for (size_t k = 0; k < nt; k++) {
                    const val *tv = v->kind == VAL_LIST ? v->u.list.items[k] : v;
                    if (tv->kind != VAL_STRING) continue;
                    if (!tp) {
                        tp = page_add(s, PAGE_TAXONOMY, l);
                        tp->taxo = t;
                        tp->dir = strdup(tx->segment[l]);
                        tp->section = strdup(tx->key);
                        tp->title = strdup(tx->segment[l]);
                        buf u = BUF_INIT;
                        buf_printf(&u, "%s/%s/", lang_prefix(s, l), tx->segment[l]);
                        set_url(tp, buf_detach(&u, NULL));
                    }
                    page *term = hmap_get(&terms, tv->u.str.s);
                    if (!term) {
                        term = page_add(s, PAGE_TERM, l);
                        term->taxo = t;
                        term->term = strdup(tv->u.str.s);
                        term->section = strdup(tx->key);
                        term->dir = strdup(tx->segment[l]);
                        term->title = strdup(term_label(s, tx, term->term, l));
                        buf sl = BUF_INIT;
                        slug_make(term->title, strlen(term->title), &sl);
                        if (!sl.len) buf_puts(&sl, "term");
                        term->slug = buf_detach(&sl, NULL);
                        buf u = BUF_INIT;
                        buf_printf(&u, "%s/%s/%s/", lang_prefix(s, l), tx->segment[l], term->slug);
                        set_url(term, buf_detach(&u, NULL));
                        add_kid(tp, term);
                        hmap_put(&terms, term->term, term);
                    }
                    int dup = 0;   /* the page's own terms are few */
                    for (size_t q = 0; q < p->n_terms; q++) dup |= p->terms[q] == term;
                    if (!dup) {
                        add_kid(term, p);
                        p->terms = realloc(p->terms, (p->n_terms + 1) * sizeof *p->terms);
                        p->terms[p->n_terms++] = term;
                    }
                    else diag_add(d, DIAG_WARNING, p->src, tv->line, tv->col,
                                  "term '%s' is listed twice", tv->u.str.s);
                }
            }
            hmap_free(&terms);
        }
    }
    for (size_t i = 0; i < s->n_pages; i++) {
        page *p = s->pages[i];
        if (p->n_kids > 1 && p->kind != PAGE_TAXONOMY)
            qsort(p->kids, p->n_kids, sizeof *p->kids, cmp_listed);
    }
}

size_t site_per_pager(const site *s, const page *p)
{
    const page *first = p->pager_first ? p->pager_first : p;
    return first->per_pager ? first->per_pager : (size_t)s->cfg.paginate;
}

/* Adds pager pages 2..N for lists longer than their paginate (front matter,
 * else cfg.paginate). */
static void paginate(site *s)
{
    size_t n0 = s->n_pages;
    for (size_t i = 0; i < n0; i++) {
        page *p = s->pages[i];
        size_t per = site_per_pager(s, p);
        if (p->kind == PAGE_REGULAR || p->kind == PAGE_TAXONOMY || p->kind == PAGE_404 ||
            p->kind == PAGE_ALIAS || p->n_kids <= per)
            continue;
        size_t total = (p->n_kids + per - 1) / per;
        p->pager_total = total;
        p->pager_first = p;
        for (size_t k = 2; k <= total; k++) {
            page *q = page_add(s, p->kind, p->lang);
            q->pager_no = k;
            q->pager_total = total;
            q->pager_first = p;
            q->src = NULL;
            q->dir = strdup(p->dir ? p->dir : "");
            q->section = strdup(p->section ? p->section : "");
            q->title = p->title ? strdup(p->title) : NULL;
            q->term = p->term ? strdup(p->term) : NULL;
            q->taxo = p->taxo;
            q->tkey = p->tkey ? strdup(p->tkey) : NULL;
            q->kids = p->kids;   /* shared with the first page, freed by it */
            q->n_kids = p->n_kids;
            q->no_sitemap = 1;
            buf u = BUF_INIT;
            buf_printf(&u, "%spage/%zu/", p->url, k);
            set_url(q, buf_detach(&u, NULL));
        }
    }
}

static void make_aliases(site *s)
{
    size_t n0 = s->n_pages;
    for (size_t i = 0; i < n0; i++) {
        page *p = s->pages[i];
        const val *v = val_map_get(p->fm, "aliases");
        if (!v || v->kind != VAL_LIST || !p->src) continue;   /* fallbacks: the original has them */
        for (size_t k = 0; k < v->u.list.n; k++) {
            const val *a = v->u.list.items[k];
            if (a->kind != VAL_STRING) continue;
            page *q = page_add(s, PAGE_ALIAS, p->lang);
            q->alias_of = p;
            q->src = strdup(p->src);
            q->dir = strdup(p->dir);
            q->section = strdup(p->section);
            q->title = p->title ? strdup(p->title) : NULL;
            q->no_sitemap = 1;
            buf u = BUF_INIT;
            buf_puts(&u, a->u.str.s);
            if (u.data[u.len - 1] != '/' && !strchr(strrchr(u.data, '/'), '.')) buf_putc(&u, '/');
            set_url(q, buf_detach(&u, NULL));
        }
    }
}

/* ---------- collisions ---------- */

typedef struct outkey { char *lower; page *p; } outkey;

static int cmp_outkey(const void *a, const void *b)
{
    const outkey *x = a, *y = b;
    int c = strcmp(x->lower, y->lower);
    if (c) return c;
    return x->p->id < y->p->id ? -1 : x->p->id > y->p->id;
}

static const char *who(const page *p)
{
    if (p->src) return p->src;
    if (p->label) return p->label;
    return page_kind_name(p->kind);
}

static void check_collisions(site *s, diag_list *d)
{
    outkey *v = calloc(s->n_pages ? s->n_pages : 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < s->n_pages; i++) {
        if (!s->pages[i]->out) continue;
        char *l = strdup(s->pages[i]->out);
        for (char *q = l; *q; q++) *q = (char)tolower((unsigned char)*q);
        v[n].lower = l;
        v[n].p = s->pages[i];
        n++;
    }
    qsort(v, n, sizeof *v, cmp_outkey);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(v[i - 1].lower, v[i].lower)) continue;
        page *a = v[i - 1].p, *b = v[i].p;
        int same_case = !strcmp(a->out, b->out);
        const page *at = b->kind == PAGE_ALIAS ? b : a;
        const page *other = at == a ? b : a;
        const char *file = b->src ? b->src : a->src;
        if (a->kind == PAGE_ALIAS || b->kind == PAGE_ALIAS)
            diag_add(d, DIAG_ERROR, at->src, 0, 0, "alias %s is also the address of %s", at->url,
                     who(other));
        else if (same_case)
            diag_add(d, DIAG_ERROR, file, 0, 0, "%s and %s would both be written to %s", who(a),
                     who(b), a->url);
        else
            diag_add(d, DIAG_ERROR, file, 0, 0,
                     "%s (%s) and %s (%s) have addresses that differ only in upper/lower case",
                     who(a), a->url, who(b), b->url);
        diag_hint(d, "give one of them another 'slug' or 'url'");
    }
    for (size_t i = 0; i < n; i++) free(v[i].lower);
    free(v);
}

/* Title-derived slugs that collide get -2, -3 ... (deterministic: by source path). */
static void dedupe_derived_slugs(site *s, diag_list *d)
{
    hmap seen;
    hmap_init(&seen);
    for (size_t i = 0; i < s->n_pages; i++) {
        page *p = s->pages[i];
        if (!p->url) continue;
        if (p->kind != PAGE_REGULAR || val_map_get(p->fm, "slug") || val_map_get(p->fm, "url")) {
            if (!hmap_get(&seen, p->url)) hmap_put(&seen, p->url, p);
            continue;
        }
        int k = 1;
        for (;;) {
            if (!hmap_get(&seen, p->url)) { hmap_put(&seen, p->url, p); break; }
            buf sl = BUF_INIT;
            const char *base = p->slug;
            char *dash = NULL;
            if (k > 1 && (dash = strrchr(p->slug, '-'))) *dash = '\0';
            buf_printf(&sl, "%s-%d", base, ++k);
            free(p->slug);
            p->slug = buf_detach(&sl, NULL);
            compute_url(s, p);
            if (k == 2)
                diag_add(d, DIAG_WARNING, p->src, 0, 0,
                         "another page already has this address; using slug '%s'", p->slug);
        }
    }
    hmap_free(&seen);
}

int site_load(site *s, diag_list *d)
{
    size_t before = diag_errors(d);
    if (!s->md_sync) {
        pthread_mutex_init(&s->md_lock, NULL);
        pthread_cond_init(&s->md_cond, NULL);
        s->md_sync = 1;
    }
    char *content = fsx_join(s->root, "content");
    int has_content = fsx_kind(content) == 1;
    free(content);
    if (!has_content) {
        diag_add(d, DIAG_ERROR, s->root, 0, 0, "there is no content/ folder here");
        diag_hint(d, "run lotrinh in the site's folder, or pass --source DIR");
        return -1;
    }
    load_data(s, d);
    size_t first = s->n_pages;
    walk(s, "", 0, d);
    if (diag_errors(d) > before) return -1;
    read_pages(s, first, d);
    if (diag_errors(d) > before) return -1;
    if (run_derive(s, d) < 0) return -1;
    /* schemas: every source page, drafts included, before anything is left out */
    for (size_t i = 0; i < s->n_pages; i++) {
        page *p = s->pages[i];
        if (p->kind != PAGE_REGULAR || !p->src) continue;
        const schema_node *sc = schema_for(&s->cfg.schemas, p->type ? p->type : p->section);
        if (sc) schema_check(sc, p->fm, p->src, s->data, d);
    }
    if (diag_errors(d) > before) return -1;
    drop_excluded(s);
    for (size_t i = 0; i < s->n_pages; i++) {
        page *p = s->pages[i];
        if (p->src) hmap_put(&s->by_src, p->src, p);
        index_list(s, p);
    }
    /* slugs */
    for (size_t i = 0; i < s->n_pages; i++) {
        page *p = s->pages[i];
        if (p->slug || !p->name) continue;
        if (p->kind == PAGE_REGULAR && s->cfg.slugs_from_title && p->title) {
            buf b = BUF_INIT;
            slug_make(p->title, strlen(p->title), &b);
            if (!b.len) buf_puts(&b, "page");
            p->slug = buf_detach(&b, NULL);
        } else if (p->kind == PAGE_REGULAR) {
            p->slug = name_slug(p->name);
        }
        if (!p->title) {
            if (p->kind == PAGE_REGULAR) {
                diag_add(d, DIAG_WARNING, p->src, 1, 1, "this page has no title");
                diag_hint(d, "add 'title: ...' to its front matter");
            }
            p->title = strdup(p->kind == PAGE_SECTION ? p->dir
                              : p->kind == PAGE_HOME ? s->cfg.title : p->name);
        }
    }
    for (size_t i = 0; i < s->n_pages; i++) {
        page *p = s->pages[i];
        if (p->kind == PAGE_SECTION && p->src && strchr(p->dir, '/') == NULL) compute_url(s, p);
    }
    size_t before_fallbacks = s->n_pages;
    if (s->cfg.untranslated) add_fallbacks(s);
    for (size_t i = 0; i < s->n_pages; i++) compute_url(s, s->pages[i]);
    make_lists(s, d);
    for (size_t i = 0; i < s->n_pages; i++)
        if (!s->pages[i]->url) compute_url(s, s->pages[i]);
    dedupe_derived_slugs(s, d);
    paginate(s);
    make_aliases(s);
    link_translations(s, d);
    check_collisions(s, d);
    for (size_t i = 0; i < before_fallbacks; i++) {
        page *p = s->pages[i];
        if (p->kind != PAGE_REGULAR) continue;
        for (size_t l = 0; l < s->cfg.n_langs; l++)
            if (!p->trans[l] || p->trans[l]->fallback_of) { s->untranslated_count++; break; }
    }
    return diag_errors(d) > before ? -1 : 0;
}

/* ---------- Markdown ---------- */

uint64_t site_file_sig(const struct stat *sb) { return incr_file_sig(sb); }

typedef struct resolve_ctx {
    site *s;
    page *p;
    char **links;        /* sources the links pointed to (to record) */
    size_t n_links, cap_links;
} resolve_ctx;

/* Remembers a link target, once. */
static void note_link(resolve_ctx *c, const char *src)
{
    for (size_t i = 0; i < c->n_links; i++) if (!strcmp(c->links[i], src)) return;
    if (c->n_links == c->cap_links) {
        size_t cap = c->cap_links ? c->cap_links * 2 : 4;
        char **v = realloc(c->links, cap * sizeof *v);
        if (!v) return;
        c->links = v;
        c->cap_links = cap;
    }
    char *k = strdup(src);
    if (k) c->links[c->n_links++] = k;
}

/* Resolves "../x/y.md" relative to the page's folder into the target's URL. */
static char *resolve_link(void *ud, const char *target)
{
    resolve_ctx *c = ud;
    buf path = BUF_INIT;
    if (target[0] == '/') {
        buf_printf(&path, "content%s", target);
    } else {
        const char *srcdir_end = strrchr(c->p->src, '/');
        buf_put(&path, c->p->src, (size_t)(srcdir_end - c->p->src));
        buf_putc(&path, '/');
        buf_puts(&path, target);
    }
    /* normalise "." and ".." segments */
    char *raw = buf_detach(&path, NULL);
    char **seg = calloc(strlen(raw) + 1, sizeof *seg);
    size_t n = 0;
    char *save = NULL;
    int escaped = 0;
    for (char *t = strtok_r(raw, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        if (!strcmp(t, ".")) continue;
        if (!strcmp(t, "..")) { if (n) n--; else escaped = 1; continue; }
        seg[n++] = t;
    }
    buf norm = BUF_INIT;
    for (size_t i = 0; i < n; i++) { if (i) buf_putc(&norm, '/'); buf_puts(&norm, seg[i]); }
    page *t = escaped ? NULL : site_find_src(c->s, buf_cstr(&norm));
    if (!escaped) note_link(c, buf_cstr(&norm));
    free(seg);
    free(raw);
    buf_free(&norm);
    return t ? site_rel_url(c->s, t->url) : NULL;
}

/* The Markdown text of p: a derived page's own, or its source file's body
 * read again (a fallback copy: its original's). *owned is what to free. */
static int page_body(site *s, const page *p, const char **body, size_t *len, char **owned,
                     diag_list *d)
{
    const page *o = p->fallback_of ? p->fallback_of : p;
    *owned = NULL;
    if (o->body || !o->src) {
        *body = o->body ? o->body : "";
        *len = o->body ? o->body_len : 0;
        return 0;
    }
    char *path = fsx_join(s->root, o->src);
    if (o->body_verbatim) {
        /* the body is bytes body_off.. of the file, checked when it was read */
        char *text = malloc(o->body_len + 1);
        int fd = text ? open(path, O_RDONLY | O_CLOEXEC) : -1;
        struct stat sb;
        ssize_t got = -1;
        if (fd >= 0 && fstat(fd, &sb) == 0 && site_file_sig(&sb) == o->src_sig)
            got = pread(fd, text, o->body_len, (off_t)o->body_off);
        if (fd >= 0) close(fd);
        free(path);
        if (got < 0 || (size_t)got != o->body_len) {
            free(text);
            diag_add(d, DIAG_ERROR, o->src, 0, 0, "the file changed while the site was being built");
            diag_hint(d, "build again");
            return -1;
        }
        text[o->body_len] = '\0';
        *owned = text;
        *body = text;
        *len = o->body_len;
        return 0;
    }
    char *text = NULL;
    size_t n = 0;
    uint64_t sig = 0;
    int rc = read_text(path, o->src, &text, &n, &sig, NULL, d);
    free(path);
    if (rc < 0) return -1;
    if (sig != o->src_sig || n < o->body_off) {
        free(text);
        diag_add(d, DIAG_ERROR, o->src, 0, 0, "the file changed while the site was being built");
        diag_hint(d, "build again");
        return -1;
    }
    *owned = text;
    *body = text + o->body_off;
    *len = n - o->body_off;
    return 0;
}

/* Hashes of what layouts can read of a page's Markdown (deps.h slots). */
static void hash_md(page *p)
{
    const md_result *m = &p->md;
    uint64_t h = incr_hash("content", 7);
    if (m->html) h = incr_mix(h, m->html, strlen(m->html) + 1);
    if (m->toc_html) h = incr_mix(h, m->toc_html, strlen(m->toc_html) + 1);
    for (size_t i = 0; i < m->n_headings; i++) {
        h = incr_mix(h, &m->headings[i].level, sizeof m->headings[i].level);
        h = incr_mix(h, m->headings[i].id, strlen(m->headings[i].id) + 1);
        h = incr_mix(h, m->headings[i].text, strlen(m->headings[i].text) + 1);
    }
    h = incr_mix(h, &m->word_count, sizeof m->word_count);
    p->hash[DEP_CONTENT] = h | 1;
    uint64_t sh = incr_hash("summary", 7);
    if (p->summary_fm) sh = incr_mix(sh, p->summary_fm, strlen(p->summary_fm) + 1);
    else if (m->summary_html) sh = incr_mix(sh, m->summary_html, strlen(m->summary_html) + 1);
    p->hash[DEP_SUMMARY] = sh | 1;
}

/* Renders p's Markdown into *out and its links into links (no lock held),
 * with its plain text if asked. */
static int render_md(site *s, page *p, int plain, md_result *out, resolve_ctx *links, diag_list *d)
{
    memset(out, 0, sizeof *out);
    if (!p->has_body || p->kind == PAGE_ALIAS) return 0;
    const page *o = p->fallback_of ? p->fallback_of : p;
    const char *body;
    size_t len;
    char *owned;
    if (page_body(s, p, &body, &len, &owned, d) < 0) return -1;
    /* A fallback renders its original's text; links resolve in the original's folder. */
    *links = (resolve_ctx){ s, (page *)o, NULL, 0, 0 };
    diag_list *quiet = p->fallback_of ? diag_new() : NULL;   /* the original reports its own errors */
    md_options opt = s->cfg.md;
    opt.valid_utf8 = o->src != NULL;   /* checked when the file was read */
    opt.want_plain = plain;
    int rc = md_render(o->src ? o->src : p->label, body, len, p->body_line - 1, &opt,
                       o->src ? resolve_link : NULL, links, out, quiet ? quiet : d);
    diag_free(quiet);
    free(owned);
    return rc;
}

static void free_links(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

/* Moves into p->md what it lacks of t (a second render of the same text):
 * readers of what p->md has already are not disturbed. Frees the rest. */
static void fill_md(page *p, md_result *t)
{
    md_result *m = &p->md;
    if (!m->html) {
        m->html = t->html; t->html = NULL;
        m->toc_html = t->toc_html; t->toc_html = NULL;
        m->headings = t->headings; m->n_headings = t->n_headings;
        t->headings = NULL; t->n_headings = 0;
    }
    if (!m->plain && t->plain) { m->plain = t->plain; t->plain = NULL; }
    md_result_free(t);
}

const md_result *site_md(site *s, page *p, int need, diag_list *d)
{
    pthread_mutex_lock(&s->md_lock);
    for (;;) {
        int enough = p->md_state == SITE_MD_DONE ? need < SITE_NEED_PLAIN || p->md_plain
                   : p->md_state == SITE_MD_SUMMARY && need == SITE_NEED_SUMMARY;
        if (enough) {
            p->md_pins++;
            pthread_mutex_unlock(&s->md_lock);
            return &p->md;
        }
        if (p->md_state == SITE_MD_FAILED) { pthread_mutex_unlock(&s->md_lock); return NULL; }
        if (p->md_busy) { pthread_cond_wait(&s->md_cond, &s->md_lock); continue; }
        break;   /* not rendered yet, or less than is needed: render (again) */
    }
    p->md_busy = 1;
    int first = p->md_state == SITE_MD_NONE;
    pthread_mutex_unlock(&s->md_lock);
    md_result t;
    resolve_ctx c = { 0 };
    int rc = render_md(s, p, need == SITE_NEED_PLAIN, &t, &c, d);
    pthread_mutex_lock(&s->md_lock);
    if (rc == 0 && first) {
        p->md = t;
        free_links(p->links, p->n_links);
        p->links = c.links;
        p->n_links = c.n_links;
        c.links = NULL;
        c.n_links = 0;
        hash_md(p);
    } else if (rc == 0) {
        fill_md(p, &t);   /* the same text again: what was missing */
    }
    free_links(c.links, c.n_links);
    if (rc == 0) {
        p->md_state = SITE_MD_DONE;
        if (need == SITE_NEED_PLAIN) p->md_plain = 1;
        p->md_pins++;
    } else {
        p->md_state = SITE_MD_FAILED;
    }
    p->md_busy = 0;
    pthread_cond_broadcast(&s->md_cond);
    pthread_mutex_unlock(&s->md_lock);
    return rc == 0 ? &p->md : NULL;
}

void site_md_unpin(site *s, page *p)
{
    pthread_mutex_lock(&s->md_lock);
    if (p->md_pins > 0) p->md_pins--;
    pthread_mutex_unlock(&s->md_lock);
}

void site_md_trim(site *s, page *p)
{
    pthread_mutex_lock(&s->md_lock);
    if (p->md_state == SITE_MD_DONE && p->md_pins == 0 && p->has_body) {
        md_result *m = &p->md;
        free(m->html); m->html = NULL;
        free(m->toc_html); m->toc_html = NULL;
        free(m->plain); m->plain = NULL;
        p->md_plain = 0;
        for (size_t i = 0; i < m->n_headings; i++) { free(m->headings[i].id); free(m->headings[i].text); }
        free(m->headings); m->headings = NULL;
        m->n_headings = 0;
        p->md_state = SITE_MD_SUMMARY;
    }
    pthread_mutex_unlock(&s->md_lock);
}

int site_render_markdown(site *s, diag_list *d)
{
    int rc = 0;
    for (size_t i = 0; i < s->n_pages; i++) {
        page *p = s->pages[i];
        if (!site_md(s, p, SITE_NEED_PLAIN, d)) rc = -1;
        else site_md_unpin(s, p);
    }
    return rc;
}
