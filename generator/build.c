/* build: config -> pages -> Markdown -> layouts (threads) -> files -> swap. */
#include "build.h"
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <libxml/parser.h>
#include "bcache.h"
#include "buf.h"
#include "deps.h"
#include "feeds.h"
#include "fsx.h"
#include "hmap.h"
#include "incr.h"
#include "out.h"
#include "par.h"
#include "plan.h"
#include "render.h"
#include "search.h"
#include "ser.h"
#include "site.h"
#include "val.h"

typedef struct job {
    site *s;
    out_stage *st;
    diag_list *d;
    size_t next;             /* next page index to take (atomic) */
    size_t done;             /* pages finished (atomic) */
    int show_progress;
    int alias_layout;        /* the site has layouts/alias.html */
    int has_404;             /* the site has layouts/404.html */
    const char *inject;      /* build_opts.inject_html */
    double t0;
    page **order;            /* the pages in the order they are rendered */
    search_doc *sdocs;       /* the search index's share of each page (by id), or NULL */
    uint64_t *doc_hash;      /* hash of each page's share (by id) */
    const bc_output **kept_doc; /* kept pages: the last build's record holding their share */
    size_t html_bytes;       /* HTML pages written (atomic) */
    img_store *images;       /* photo sizes, shared by the workers */
    plan *pl;                /* which pages to render */
    buf *recs;               /* per page id: the records of its outputs (bcache.h) */
    unsigned char *verbatim; /* per page id: kept, its records as the last build's */
    int records_failed;      /* a record could not be made: save no cache */
} job;

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A redirect page for an alias: meta refresh, canonical link, and a link
 * for people. Used when the site has no layouts/alias.html. */
static void alias_html(const site *s, const page *p, buf *out)
{
    char *abs = site_abs_url(s, p->alias_of->url);
    char *rel = site_rel_url(s, p->alias_of->url);
    buf_puts(out, "<!DOCTYPE html>\n<html lang=\"");
    buf_put_html(out, s->cfg.langs[p->lang].code, strlen(s->cfg.langs[p->lang].code));
    buf_puts(out, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    buf_put_html(out, p->alias_of->title ? p->alias_of->title : rel,
                 strlen(p->alias_of->title ? p->alias_of->title : rel));
    buf_puts(out, "</title>\n<link rel=\"canonical\" href=\"");
    buf_put_html(out, abs, strlen(abs));
    buf_puts(out, "\">\n<meta name=\"robots\" content=\"noindex\">\n"
                  "<meta http-equiv=\"refresh\" content=\"0; url=");
    buf_put_html(out, rel, strlen(rel));
    buf_puts(out, "\">\n</head>\n<body>\n<p><a href=\"");
    buf_put_html(out, rel, strlen(rel));
    buf_puts(out, "\">");
    buf_put_html(out, abs, strlen(abs));
    buf_puts(out, "</a></p>\n</body>\n</html>\n");
    free(abs);
    free(rel);
}

/* Inserts snippet before the last "</body>" of an HTML page, or at its end
 * when there is none. Only serve mode sets a snippet, so plain builds are
 * unchanged byte for byte. */
static void inject_html(buf *html, const char *snippet)
{
    size_t n = strlen(snippet), at = html->len;
    for (size_t i = html->len; i >= 7; i--)
        if (!strncasecmp(html->data + i - 7, "</body>", 7)) { at = i - 7; break; }
    size_t old = html->len;
    buf_put(html, snippet, n);          /* grows the buffer; moved into place below */
    if (html->failed) return;
    memmove(html->data + at + n, html->data + at, old - at);
    memcpy(html->data + at, snippet, n);
}

static int is_html(const char *out)
{
    size_t n = strlen(out);
    return n >= 5 && !strcmp(out + n - 5, ".html");
}

/* 1 if site.lua's outputs ask for format o of page p. */
static int wants_output(const page *p, const site_output *o)
{
    if (p->kind == PAGE_HOME) return !o->single && !strcmp(o->section, "home");
    if (p->kind == PAGE_SECTION) return !o->single && p->pager_no <= 1 && !strcmp(o->section, p->section);
    if (p->kind == PAGE_REGULAR) return o->single && !strcmp(o->section, p->section);
    return 0;
}

/* The records of one page's outputs (bcache.h), in plan_outputs order:
 * each is ser_bytes-encoded into recs[page id]. */
static void add_record(job *j, page *p, const dep_rec *rec, diag_list *od, const buf *doc)
{
    bc_warning w[64];
    size_t nw = 0;
    for (size_t i = 0; i < diag_count(od) && nw < 64; i++) {
        const diag_item *it = diag_get(od, i);
        if (it->level != DIAG_WARNING) continue;
        w[nw++] = (bc_warning){ it->file, it->line, it->col, it->msg, it->hint };
    }
    buf r = BUF_INIT;
    bc_rec_put(&r, rec->items, rec->n, &rec->named, rec->n_named, rec->extra, rec->n_extra, w, nw,
               doc ? doc->data : NULL, doc ? doc->len : 0);
    if (rec->failed || r.failed) j->records_failed = 1;
    ser_bytes(&j->recs[p->id], r.data ? r.data : "", r.len);
    buf_free(&r);
}

/* Starts recording one output: its reads, its warnings. */
static diag_list *begin_output(renderer *r, dep_rec *rec, page *p)
{
    diag_list *od = diag_new();
    dep_begin(rec);
    dep_page(rec, p->id, DEP_META);
    render_set_diag(r, od);
    return od;
}

static void end_output(renderer *r, diag_list *od, diag_list *d)
{
    render_set_diag(r, d);
    diag_merge(d, od);
    diag_free(od);
}

/* Renders and writes the extra output formats of p: index.<ext> beside index.html. */
static void write_outputs(job *j, renderer *r, dep_rec *rec, page *p, buf *tmp, diag_list *d)
{
    const site_config *c = &j->s->cfg;
    for (size_t k = 0; k < c->n_outputs; k++) {
        if (!wants_output(p, &c->outputs[k])) continue;
        buf_reset(tmp);
        tmp->failed = 0;
        diag_list *od = begin_output(r, rec, p);
        int rc = render_page_as(r, p, c->outputs[k].ext, tmp);
        if (rc == 0 && !tmp->failed) {
            const char *slash = strrchr(p->out, '/');
            buf path = BUF_INIT;
            buf_printf(&path, "%.*sindex.%s", slash ? (int)(slash - p->out + 1) : 0, p->out,
                       c->outputs[k].ext);
            out_write(j->st, buf_cstr(&path), buf_cstr(tmp), tmp->len, od);
            buf_free(&path);
        }
        add_record(j, p, rec, od, NULL);
        end_output(r, od, d);
    }
}

/* Renders and writes every output of page p: its HTML page (with its
 * share of the search index) and its extra formats. */
static void render_one(job *j, renderer *r, dep_rec *rec, page *p, buf *html, diag_list *d)
{
    buf_reset(html);
    html->failed = 0;
    buf_reset(&j->recs[p->id]);
    /* its Markdown first: its errors are reported even if no layout shows it */
    /* (a list page's share of the search index is made from its plain text) */
    const md_result *m = site_md(j->s, p, j->sdocs && p->kind != PAGE_REGULAR ? SITE_NEED_PLAIN : SITE_NEED_HTML, d);
    if (!m) return;
    int rc = 0;
    int html_out = p->kind != PAGE_404 || j->has_404;
    diag_list *od = begin_output(r, rec, p);
    if (p->kind == PAGE_ALIAS && !j->alias_layout) {
        alias_html(j->s, p, html);
        dep_page(rec, p->alias_of->id, DEP_META);
        dep_page(rec, p->alias_of->id, DEP_FIELDS);
    } else if (!html_out) {
        rc = 1;   /* no 404.html layout: no page */
    } else {
        rc = render_page(r, p, html);
    }
    buf doc = BUF_INIT;
    if (rc == 0 && !html->failed) {
        __atomic_add_fetch(&j->html_bytes, html->len, __ATOMIC_RELAXED);
        if (j->sdocs) {
            if (search_doc_make(j->s, p, buf_cstr(html), html->len, &j->sdocs[p->id]) < 0)
                diag_add(od, DIAG_ERROR, p->src ? p->src : p->url, 0, 0, "out of memory while indexing the page for search");
            search_doc_ser(&doc, &j->sdocs[p->id]);
            j->doc_hash[p->id] = incr_hash(doc.data ? doc.data : "", doc.len);
        }
        /* after indexing: serve's script and banner are not the page's text */
        if (j->inject && is_html(p->out)) inject_html(html, j->inject);
        out_write(j->st, p->out, buf_cstr(html), html->len, od);
    }
    if (html_out) add_record(j, p, rec, od, j->sdocs ? &doc : NULL);
    buf_free(&doc);
    end_output(r, od, d);
    if (rc == 0 && j->s->cfg.n_outputs) write_outputs(j, r, rec, p, html, d);
    site_md_unpin(j->s, p);
    /* lists keep the summary; the rest is read again if another page asks */
    site_md_trim(j->s, p);
}

/* Keeps the outputs of page p as the last build made them, and carries
 * their records over (page indices of the last build become this one's). */
static void keep_one(job *j, page *p, diag_list *d)
{
    char *const *rels;
    size_t n = plan_outputs(j->pl, p, &rels);
    buf_reset(&j->recs[p->id]);
    for (size_t k = 0; k < n; k++) {
        const bc_output *o = hmap_get(&j->pl->prev->outs_by_rel, rels[k]);
        bc_rec r;
        if (!o || bc_rec_keep_part(o->rec, o->rec_len, &r) < 0) { j->records_failed = 1; continue; }
        out_keep(j->st, rels[k], d);
        for (size_t i = 0; i < r.n_extra; i++) out_keep(j->st, r.extra[i], d);
        for (size_t i = 0; i < r.n_warn; i++) {
            diag_add(d, DIAG_WARNING, r.warn[i].file, r.warn[i].line, r.warn[i].col, "%s", r.warn[i].msg);
            if (r.warn[i].hint) diag_hint(d, "%s", r.warn[i].hint);
        }
        if (k == 0 && j->sdocs && r.doc_len) {
            j->doc_hash[p->id] = incr_hash(r.doc, r.doc_len);
            j->kept_doc[p->id] = o;   /* decoded only if the index must be written */
        }
        bc_rec_free(&r);
        if (j->pl->same_ids) {
            /* the pages it names have the same indices: the record holds as
             * it is, and goes to the new cache straight from the old one */
            j->verbatim[p->id] = 1;
            continue;
        }
        if (bc_rec_get(o->rec, o->rec_len, &r) < 0) { j->records_failed = 1; continue; }
        uint32_t *items = malloc((r.n_items ? r.n_items : 1) * sizeof *items);
        size_t ni = 0;
        for (size_t i = 0; items && i < r.n_items; i++) {
            const page *q = j->pl->prev_to_cur[r.items[i] / DEP_SLOTS];
            items[ni++] = (uint32_t)(q->id * DEP_SLOTS + r.items[i] % DEP_SLOTS);
        }
        buf named = BUF_INIT;
        for (size_t i = 0; i < r.n_named; i++) {
            unsigned char h[8];
            for (int b = 0; b < 8; b++) h[b] = (unsigned char)(r.named_hash[i] >> (8 * b));
            buf_put(&named, r.names[i], strlen(r.names[i]) + 1);
            buf_put(&named, (const char *)h, 8);
        }
        buf nr = BUF_INIT;
        bc_rec_put(&nr, items, ni, &named, r.n_named, r.extra, r.n_extra, r.warn, r.n_warn,
                   r.doc_len ? r.doc : NULL, r.doc_len);
        if (!items || nr.failed || named.failed) j->records_failed = 1;
        ser_bytes(&j->recs[p->id], nr.data ? nr.data : "", nr.len);
        buf_free(&nr);
        buf_free(&named);
        free(items);
        bc_rec_free(&r);
    }
}

static void *worker(void *arg)
{
    job *j = arg;
    diag_list *d = diag_new();
    renderer *r = NULL;
    dep_rec rec;
    int have_rec = dep_rec_init(&rec, j->s->n_pages) == 0;
    buf html = BUF_INIT;
    for (;;) {
        size_t i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED);
        if (i >= j->s->n_pages) break;
        page *p = j->order[i];
        if (!j->pl->render[p->id]) {
            keep_one(j, p, d);
        } else {
            if (!r) {   /* made when the first page needs it: a small edit renders little */
                r = render_new(j->s, d);
                if (r) { render_set_images(r, j->images); render_record(r, have_rec ? &rec : NULL); }
            }
            if (r && have_rec) render_one(j, r, &rec, p, &html, d);
            else j->records_failed = 1;
        }
        size_t done = __atomic_add_fetch(&j->done, 1, __ATOMIC_RELAXED);
        if (j->show_progress && (done & 255) == 0 && now_sec() - j->t0 > 1.0)
            fprintf(stderr, "\rlotrinh: rendering %zu/%zu pages", done, j->s->n_pages);
    }
    buf_free(&html);
    render_free(r);
    if (have_rec) dep_rec_free(&rec);
    diag_merge(j->d, d);
    diag_free(d);
    return NULL;
}

/* The order pages are rendered in: regular pages first, so that their
 * summaries are ready (and their bodies freed) when lists ask for them. */
static page **render_order(const site *s)
{
    page **v = malloc((s->n_pages ? s->n_pages : 1) * sizeof *v);
    if (!v) return NULL;
    size_t n = 0;
    for (size_t i = 0; i < s->n_pages; i++) if (s->pages[i]->kind == PAGE_REGULAR) v[n++] = s->pages[i];
    for (size_t i = 0; i < s->n_pages; i++) if (s->pages[i]->kind != PAGE_REGULAR) v[n++] = s->pages[i];
    return v;
}

/* ---- aggregates: feeds, sitemap, search index ---- */

typedef struct agg_ud {
    job *j;
    bc_writer *w;
    diag_list *d;
    pthread_mutex_t lock;    /* feeds are written on several threads */
} agg_ud;

static int agg_keep(void *ud, const char *name, uint64_t h)
{
    agg_ud *a = ud;
    const bc_agg *g = a->j->pl->prev ? hmap_get(&a->j->pl->prev->aggs_by_name, name) : NULL;
    if (!g || g->hash != h) return 0;
    for (size_t i = 0; i < g->n_rels; i++) if (!out_known(a->j->st, g->rels[i])) return 0;
    for (size_t i = 0; i < g->n_rels; i++) out_keep(a->j->st, g->rels[i], a->d);
    pthread_mutex_lock(&a->lock);
    bc_put_agg(a->w, name, h, g->rels, g->n_rels);
    pthread_mutex_unlock(&a->lock);
    return 1;
}

static void agg_wrote(void *ud, const char *name, uint64_t h, char *const *rels, size_t n)
{
    agg_ud *a = ud;
    pthread_mutex_lock(&a->lock);
    bc_put_agg(a->w, name, h, rels, n);
    pthread_mutex_unlock(&a->lock);
}

/* The search index: written again only when a page's share of it changed. */
static int write_search(job *j, const feeds_agg *agg, int timing, diag_list *d)
{
    site *s = j->s;
    uint64_t h = incr_hash("search", 6);
    for (size_t i = 0; i < s->n_pages; i++) h = incr_mix(h, &j->doc_hash[i], sizeof j->doc_hash[i]);
    h |= 1;
    if (agg->keep(agg->ud, "search", h)) return 0;
    /* the kept pages' shares, from the last build's records */
    for (size_t i = 0; i < s->n_pages; i++) {
        const bc_output *o = j->kept_doc[i];
        if (!o) continue;
        bc_rec r;
        ser_reader rd;
        int ok = bc_rec_keep_part(o->rec, o->rec_len, &r) == 0;
        if (ok) {
            ser_reader_init(&rd, r.doc, r.doc_len);
            ok = search_doc_deser(&rd, &j->sdocs[i], s->pages[i]->section) == 0;
            bc_rec_free(&r);
        }
        if (!ok) {
            diag_add(d, DIAG_ERROR, NULL, 0, 0, "the build cache is damaged; build again with --clean");
            return -1;
        }
    }
    search_stats ss;
    buf rep = BUF_INIT;
    out_capture_begin(j->st);
    int src = search_write(s, j->st, j->sdocs, &ss, &rep, d);
    char **rels;
    size_t nr = out_capture_end(j->st, &rels);
    if (src == 0) agg->wrote(agg->ud, "search", h, rels, nr);
    for (size_t i = 0; i < nr; i++) free(rels[i]);
    free(rels);
    if (timing && src == 0)
        fprintf(stderr, "lotrinh: search     %s | %.1f KB = %.1f%% of %.1f KB of HTML, %.1f%% of %.1f KB of text indexed\n",
                buf_cstr(&rep), (double)ss.bytes / 1024.0,
                j->html_bytes ? 100.0 * (double)ss.bytes / (double)j->html_bytes : 0.0,
                (double)j->html_bytes / 1024.0,
                ss.text_bytes ? 100.0 * (double)ss.bytes / (double)ss.text_bytes : 0.0,
                (double)ss.text_bytes / 1024.0);
    buf_free(&rep);
    return src;
}

/* ---- the build cache ---- */

/* Fills w with this build's files, pages and output records. */
static void cache_pages(job *j, bc_writer *w)
{
    site *s = j->s;
    if (j->pl->prev) {
        /* about the size of the last cache: the buffers grow once */
        buf_reserve(&w->files, j->pl->prev->len / 2);
        buf_reserve(&w->outs, j->pl->prev->len / 2);
    }
    for (size_t i = 0; i < s->n_pages; i++) {
        page *p = s->pages[i];
        if (p->src && p->fm && !p->fallback_of) {
            buf fm = BUF_INIT;
            if (!p->fm_bytes) ser_val(&fm, p->fm);   /* else the file's front matter as the cache had it */
            bc_put_file(w, p->src, p->src_sig, p->body_off, p->body_len, p->body_line,
                        p->body_verbatim, p->fm_bytes ? (const void *)p->fm_bytes : fm.data ? fm.data : "",
                        p->fm_bytes ? p->fm_bytes_len : fm.len);
            if (fm.failed) j->records_failed = 1;
            buf_free(&fm);
        }
        bc_put_page(w, p->out, p->hash, plan_md_in(p),
                    plan_links_hash(s, p->links, p->n_links), p->links, p->n_links);
    }
    for (size_t i = 0; i < s->n_pages; i++) {
        page *p = s->pages[i];
        char *const *rels;
        size_t n = plan_outputs(j->pl, p, &rels);
        ser_reader r;
        ser_reader_init(&r, j->recs[i].data, j->recs[i].len);
        for (size_t k = 0; k < n; k++) {
            if (j->verbatim[i]) {
                const bc_output *o = hmap_get(&j->pl->prev->outs_by_rel, rels[k]);
                if (o) bc_put_output(w, rels[k], o->rec, o->rec_len);
                else j->records_failed = 1;
                continue;
            }
            size_t len;
            const char *rec = ser_get_bytes(&r, &len);
            if (!rec) { j->records_failed = 1; break; }
            bc_put_output(w, rels[k], rec, len);
        }
    }
}

/* The program and the options that change a build's output. Build time
 * counts by the day unless it is fixed (--now, SOURCE_DATE_EPOCH). */
static uint64_t options_signature(const site *s, const build_opts *o, int fixed_now)
{
    uint64_t h = incr_hash("lotrinh " LOTRINH_VERSION, sizeof "lotrinh " LOTRINH_VERSION);
    struct stat exe;
    if (stat("/proc/self/exe", &exe) == 0) {
        long long e[3] = { exe.st_size, exe.st_mtim.tv_sec, exe.st_mtim.tv_nsec };
        h = incr_mix(h, e, sizeof e);
    }
    long long now = fixed_now ? s->now : (s->now + s->cfg.tz_minutes * 60LL) / 86400;
    long long opts[4] = { o->drafts, o->future, now, fixed_now };
    h = incr_mix(h, opts, sizeof opts);
    if (o->base_url) h = incr_mix(h, o->base_url, strlen(o->base_url) + 1);
    if (o->inject_html) h = incr_mix(h, o->inject_html, strlen(o->inject_html) + 1);
    return h;
}

/* What every output depends on: the program, the options, site.lua and the
 * interface strings. */
static uint64_t global_signature(const site *s, const build_opts *o, int fixed_now)
{
    uint64_t h = options_signature(s, o, fixed_now);
    incr_scan(s->root, "site.lua", &h, NULL);
    for (size_t i = 0; i < s->cfg.n_i18n_dirs; i++) incr_scan(s->root, s->cfg.i18n_dirs[i], &h, NULL);
    return h | 1;
}

/* The manifest a cache goes with: its inputs and the destination folder. */
static uint64_t cache_stamp(uint64_t inputs, ino_t ino)
{
    uint64_t v[2] = { inputs, (uint64_t)ino };
    return incr_hash(v, sizeof v) | 1;
}

static int cmp_why(const void *a, const void *b)
{
    const page *x = *(page *const *)a, *y = *(page *const *)b;
    return strcmp(x->out, y->out);
}

/* Whether the destination's manifest has rel (plan.h). */
static int known(void *ud, const char *rel) { return out_known(ud, rel); }

/* --explain: every page rendered, and why. */
static void explain(const site *s, const plan *pl, FILE *log)
{
    page **v = malloc((s->n_pages ? s->n_pages : 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; v && i < s->n_pages; i++) if (pl->render[i]) v[n++] = s->pages[i];
    if (v) qsort(v, n, sizeof *v, cmp_why);
    for (size_t i = 0; i < n; i++)
        fprintf(log, "lotrinh: render /%s: %s\n", v[i]->out, pl->why[v[i]->id] ? pl->why[v[i]->id] : "");
    free(v);
}

/* Copies static/ (recursively) to the stage root. Symlinks must stay inside the site. */
static int copy_tree(const site *s, out_stage *st, const char *src_rel, const char *out_rel,
                     int depth, size_t *copied, hmap *from_static, diag_list *d)
{
    if (depth > 32) return 0;
    char *dir = fsx_join(s->root, src_rel);
    char **names;
    long n = fsx_list(dir, &names);
    int rc = 0;
    for (long i = 0; i < n; i++) {
        if (names[i][0] == '.') continue;
        buf sr = BUF_INIT, orl = BUF_INIT;
        buf_printf(&sr, "%s/%s", src_rel, names[i]);
        if (*out_rel) buf_printf(&orl, "%s/%s", out_rel, names[i]);
        else buf_puts(&orl, names[i]);
        char *full = fsx_join(s->root, buf_cstr(&sr));
        int k = fsx_kind(full);
        if (k == 3) {
            if (!fsx_inside(s->root, full)) {
                diag_add(d, DIAG_ERROR, buf_cstr(&sr), 0, 0,
                         "this symbolic link points outside the site");
                diag_hint(d, "copy the file into static/ instead of linking to it");
                rc = -1;
                k = 0;
            } else {
                char *real = realpath(full, NULL);
                k = real ? fsx_kind(real) : 0;
                free(real);
            }
        }
        if (k == 1) {
            if (copy_tree(s, st, buf_cstr(&sr), buf_cstr(&orl), depth + 1, copied, from_static, d) < 0)
                rc = -1;
        } else if (k == 2) {
            if (hmap_get(from_static, buf_cstr(&orl))) {
                /* an earlier folder of static_path has this file: it wins */
            } else if (out_exists(st, buf_cstr(&orl))) {
                diag_add(d, DIAG_ERROR, buf_cstr(&sr), 0, 0,
                         "a page or feed is already written to /%s", buf_cstr(&orl));
                diag_hint(d, "rename the static file or give the page another slug");
                rc = -1;
            } else if (out_copy(st, full, buf_cstr(&orl), d) < 0) {
                rc = -1;
            } else {
                (*copied)++;
                char *key = strdup(buf_cstr(&orl));
                if (key) hmap_put(from_static, key, key);
            }
        }
        free(full);
        buf_free(&sr);
        buf_free(&orl);
    }
    if (n >= 0) fsx_list_free(names, n);
    free(dir);
    return rc;
}

static int copy_resources(const site *s, out_stage *st, size_t *copied, diag_list *d)
{
    int rc = 0;
    for (size_t i = 0; i < s->n_pages; i++) {
        const page *p = s->pages[i];
        if (p->kind == PAGE_ALIAS) continue;
        for (size_t k = 0; k < p->n_res; k++) {
            buf o = BUF_INIT;
            buf_printf(&o, "%s%s", p->url + 1, p->res[k].name);
            char *from = fsx_join(s->root, p->res[k].src);
            if (out_copy(st, from, buf_cstr(&o), d) < 0) rc = -1;
            else (*copied)++;
            free(from);
            buf_free(&o);
        }
    }
    return rc;
}

static void summary(const site *s, const out_stage *st, const plan *pl, img_store *im,
                    const diag_list *d, double secs, FILE *log)
{
    buf b = BUF_INIT;
    buf_puts(&b, "lotrinh: built");
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        size_t c[7] = {0};
        for (size_t i = 0; i < s->n_pages; i++)
            if (s->pages[i]->lang == l) c[s->pages[i]->kind]++;
        buf_printf(&b, "%s %s: %zu pages, %zu lists", l ? ";" : "", s->cfg.langs[l].code,
                   c[PAGE_REGULAR], c[PAGE_SECTION] + c[PAGE_HOME] + c[PAGE_TAXONOMY] + c[PAGE_TERM]);
        if (c[PAGE_ALIAS]) buf_printf(&b, ", %zu redirects", c[PAGE_ALIAS]);
    }
    size_t made = 0, reused = 0;
    img_counts(im, &made, &reused);
    buf_puts(&b, " |");
    if (pl->n_render < s->n_pages) buf_printf(&b, " %zu of %zu pages rendered,", pl->n_render, s->n_pages);
    buf_printf(&b, " %zu files written, %zu copied", st->files, st->copied);
    if (st->kept) buf_printf(&b, ", %zu unchanged", st->kept);
    if (made + reused) buf_printf(&b, ", %zu image sizes (%zu made, %zu cached)", made + reused, made, reused);
    buf_printf(&b, ", %zu untranslated, %zu warnings, in %.2f s\n", s->untranslated_count,
               diag_warnings(d), secs);
    fputs(buf_cstr(&b), log);
    buf_free(&b);
}

/* A signature of everything a build reads and every option that changes its
 * output: when it matches the last build's, there is nothing to do. */
static uint64_t inputs_signature(const site *s, const build_opts *o, int fixed_now, incr_snap *snap)
{
    uint64_t h = options_signature(s, o, fixed_now);
    incr_scan(s->root, "site.lua", &h, NULL);
    incr_scan(s->root, "content", &h, snap);
    incr_scan(s->root, "data", &h, NULL);
    for (size_t i = 0; i < s->cfg.n_i18n_dirs; i++) incr_scan(s->root, s->cfg.i18n_dirs[i], &h, NULL);
    for (size_t i = 0; i < s->cfg.n_layout_dirs; i++) incr_scan(s->root, s->cfg.layout_dirs[i], &h, NULL);
    for (size_t i = 0; i < s->cfg.n_static_dirs; i++) incr_scan(s->root, s->cfg.static_dirs[i], &h, NULL);
    return h;
}

int build_run(const build_opts *o, diag_list *d, FILE *log)
{
    double t0 = now_sec();
    site s;
    memset(&s, 0, sizeof s);
    s.root = (char *)(o->source ? o->source : ".");
    s.drafts = o->drafts;
    s.future = o->future;
    s.now = o->now;
    int fixed_now = s.now >= 0 || o->now_date;
    if (s.now < 0) {
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        fixed_now |= sde && *sde;
        s.now = sde && *sde ? strtoll(sde, NULL, 10) : (long long)time(NULL);
    }
    xmlInitParser();
    int result = 1;
    out_stage st = {0};
    int staged = 0;
    search_doc *sdocs = NULL;   /* one per page, filled by the render workers */
    page **order = NULL;
    buf *recs = NULL;
    unsigned char *verbatim = NULL;
    uint64_t *doc_hash = NULL;
    const bc_output **kept_doc = NULL;
    bcache prev;
    int have_prev = 0;
    plan pl;
    int planned = 0;
    bc_writer w;
    int writing = 0;
    char *cache_path = NULL;
    incr_snap snap;
    memset(&snap, 0, sizeof snap);
    img_store *images = NULL;
    if (site_config_load(&s, d) < 0) goto done;
    if (o->now_date) {
        val_date nd;
        if (val_parse_date(o->now_date, strlen(o->now_date), &nd) == 0)
            s.now = val_date_epoch(&nd, s.cfg.tz_minutes);
    }
    if (o->base_url) {
        free(s.cfg.base_url);
        free(s.cfg.base_path);
        s.cfg.base_url = strdup(o->base_url);
        char *slash = strstr(s.cfg.base_url, "://");
        slash = slash ? strchr(slash + 3, '/') : NULL;
        s.cfg.base_path = strdup(slash ? slash : "/");
        if (slash) *slash = '\0';
        size_t n = strlen(s.cfg.base_path);
        if (s.cfg.base_path[n - 1] != '/') {
            char *bp = malloc(n + 2);
            memcpy(bp, s.cfg.base_path, n);
            bp[n] = '/';
            bp[n + 1] = '\0';
            free(s.cfg.base_path);
            s.cfg.base_path = bp;
        }
    }
    int timing = getenv("LOTRINH_TIMING") != NULL;
#define PHASE(name) do { if (timing) fprintf(stderr, "lotrinh: %-10s %.3f s\n", name, now_sec() - t0); } while (0)
    PHASE("config");
    char *dest = o->dest ? strdup(o->dest) : fsx_join(s.root, "public");
    int rc = out_begin(&st, dest, s.root, o->clean, d);
    free(dest);
    staged = 1;
    if (rc < 0) goto done;
    PHASE("begin");
    uint64_t inputs = inputs_signature(&s, o, fixed_now, &snap);
    s.snap = &snap;
    PHASE("inputs");
    if (st.prev.valid && st.prev.inputs == inputs) {
        /* nothing was edited since the last build of this destination */
        if (!o->quiet)
            fprintf(log, "lotrinh: up to date: nothing changed since the last build, 0 files written, in %.2f s\n",
                     now_sec() - t0);
        out_abort(&st);   /* removes the empty staging folder, if one was made */
        staged = 0;
        result = 0;
        goto done;
    }
    /* what the last build recorded, if it goes with the destination as it is */
    uint64_t global = global_signature(&s, o, fixed_now);
    cache_path = bcache_path(s.root, st.dest);
    memset(&prev, 0, sizeof prev);
    if (st.prev.valid) bcache_load(&prev, cache_path);
    if (prev.valid && (prev.global != global || prev.stamp != cache_stamp(st.prev.inputs, st.prev.cur_ino)))
        prev.valid = 0;
    have_prev = 1;
    s.cache = prev.valid ? &prev : NULL;
    PHASE("cache");
    int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1) jobs = 1;
    if (jobs > 64) jobs = 64;
    s.jobs = jobs;
    if (site_load(&s, d) < 0) goto done;
    PHASE("load");
    char *cache = fsx_join(s.root, ".lotrinh-cache/images");
    images = img_store_new(cache, &s.cfg.images, &st);
    free(cache);
    job j = { .s = &s, .st = &st, .d = d, .show_progress = !o->quiet && isatty(2),
              .alias_layout = render_layout_exists(&s, "alias"),
              .has_404 = render_layout_exists(&s, "404"), .t0 = t0, .images = images,
              .inject = o->inject_html, .pl = &pl };
    if (plan_make(&pl, &s, prev.valid ? &prev : NULL, j.has_404, known, &st, o->explain, d) < 0)
        goto done;
    planned = 1;
    if (o->explain) explain(&s, &pl, log);
    PHASE("plan");
    recs = j.recs = calloc(s.n_pages ? s.n_pages : 1, sizeof *recs);
    verbatim = j.verbatim = calloc(s.n_pages ? s.n_pages : 1, 1);
    doc_hash = j.doc_hash = calloc(s.n_pages ? s.n_pages : 1, sizeof *doc_hash);
    kept_doc = j.kept_doc = calloc(s.n_pages ? s.n_pages : 1, sizeof *kept_doc);
    if (s.cfg.search) sdocs = j.sdocs = calloc(s.n_pages ? s.n_pages : 1, sizeof *sdocs);
    order = j.order = render_order(&s);
    if (!recs || !verbatim || !doc_hash || !kept_doc || (s.cfg.search && !sdocs) || !order) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, "out of memory");
        goto done;
    }
    par_run(jobs, worker, &j);   /* with fewer threads than asked for, the ones there do it all */
    if (j.show_progress && now_sec() - t0 > 1.0) fputs("\r\033[K", stderr);
    PHASE("render");
    if (diag_errors(d)) goto done;
    size_t copied = 0;
    bc_writer_init(&w);
    writing = 1;
    agg_ud aud = { &j, &w, d, PTHREAD_MUTEX_INITIALIZER };
    feeds_agg agg = { agg_keep, agg_wrote, &aud };
    if (feeds_write(&s, &st, &agg, d) < 0) goto done;
    if (j.sdocs && write_search(&j, &agg, timing, d) < 0) goto done;
    if (copy_resources(&s, &st, &copied, d) < 0) goto done;
    hmap from_static;   /* output path -> itself (owned): files static_path already gave */
    hmap_init(&from_static);
    int static_rc = 0;
    for (size_t i = 0; i < s.cfg.n_static_dirs && static_rc == 0; i++) {
        char *dir = fsx_join(s.root, s.cfg.static_dirs[i]);
        int is_dir = fsx_kind(dir) == 1;
        free(dir);
        if (is_dir)
            static_rc = copy_tree(&s, &st, s.cfg.static_dirs[i], "", 0, &copied, &from_static, d);
    }
    for (size_t i = 0; i < from_static.cap; i++) free((char *)from_static.keys[i]);
    hmap_free(&from_static);
    if (static_rc < 0) goto done;
    if (diag_errors(d)) goto done;
    PHASE("feeds+copy");
    cache_pages(&j, &w);
    PHASE("records");
    if (out_commit(&st, inputs, d) < 0) goto done;
    PHASE("swap");
    /* the cache goes with the manifest out_commit wrote; none if a record is missing */
    if (j.records_failed || bc_save(&w, cache_path, global, cache_stamp(st.final_inputs, st.final_ino)) < 0)
        unlink(cache_path);
    PHASE("commit");
    result = 0;
    if (pl.n_render == s.n_pages) img_prune(images);   /* every page asked for its sizes: the others are stale */
    if (!o->quiet) summary(&s, &st, &pl, images, d, now_sec() - t0, log);
    out_end(&st);
    staged = 0;
done:
    img_store_free(images);
    free(order);
    if (staged) out_abort(&st);
    for (size_t i = 0; sdocs && i < s.n_pages; i++) search_doc_free(&sdocs[i]);
    free(sdocs);
    for (size_t i = 0; recs && i < s.n_pages; i++) buf_free(&recs[i]);
    free(recs);
    free(verbatim);
    free(doc_hash);
    free(kept_doc);
    if (writing) bc_writer_free(&w);
    if (planned) plan_free(&pl, &s);
    if (have_prev) bcache_free(&prev);
    free(cache_path);
    incr_snap_free(&snap);
    s.root = NULL;
    site_free(&s);
    return result;
}
