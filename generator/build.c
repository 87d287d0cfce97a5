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
#include "buf.h"
#include "feeds.h"
#include "fsx.h"
#include "hmap.h"
#include "incr.h"
#include "out.h"
#include "render.h"
#include "search.h"
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
    size_t html_bytes;       /* HTML pages written (atomic) */
    img_store *images;       /* photo sizes, shared by the workers */
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

/* Renders and writes the extra output formats of p: index.<ext> beside index.html. */
static void write_outputs(job *j, renderer *r, page *p, buf *tmp, diag_list *d)
{
    const site_config *c = &j->s->cfg;
    for (size_t k = 0; k < c->n_outputs; k++) {
        if (!wants_output(p, &c->outputs[k])) continue;
        buf_reset(tmp);
        tmp->failed = 0;
        if (render_page_as(r, p, c->outputs[k].ext, tmp) < 0 || tmp->failed) continue;
        const char *slash = strrchr(p->out, '/');
        buf path = BUF_INIT;
        buf_printf(&path, "%.*sindex.%s", slash ? (int)(slash - p->out + 1) : 0, p->out,
                   c->outputs[k].ext);
        out_write(j->st, buf_cstr(&path), buf_cstr(tmp), tmp->len, d);
        buf_free(&path);
    }
}

/* Renders and writes every output of page p: its HTML page (with its
 * share of the search index) and its extra formats. */
static void render_one(job *j, renderer *r, page *p, buf *html, diag_list *d)
{
    buf_reset(html);
    html->failed = 0;
    /* its Markdown first: its errors are reported even if no layout shows it */
    const md_result *m = site_md(j->s, p, 1, d);
    if (!m) return;
    int rc = 0;
    if (p->kind == PAGE_ALIAS && !j->alias_layout) alias_html(j->s, p, html);
    else if (p->kind == PAGE_404 && !j->has_404) rc = 1;   /* no 404.html layout: no page */
    else rc = render_page(r, p, html);
    if (rc == 0 && !html->failed) {
        __atomic_add_fetch(&j->html_bytes, html->len, __ATOMIC_RELAXED);
        if (j->sdocs && search_doc_make(j->s, p, buf_cstr(html), html->len, &j->sdocs[p->id]) < 0)
            diag_add(d, DIAG_ERROR, p->src ? p->src : p->url, 0, 0, "out of memory while indexing the page for search");
        /* after indexing: serve's script and banner are not the page's text */
        if (j->inject && is_html(p->out)) inject_html(html, j->inject);
        out_write(j->st, p->out, buf_cstr(html), html->len, d);
    }
    if (rc == 0 && j->s->cfg.n_outputs) write_outputs(j, r, p, html, d);
    site_md_unpin(j->s, p);
    /* lists keep the summary; the rest is read again if another page asks */
    site_md_trim(j->s, p);
}

static void *worker(void *arg)
{
    job *j = arg;
    diag_list *d = diag_new();
    renderer *r = render_new(j->s, d);
    if (r) render_set_images(r, j->images);
    buf html = BUF_INIT;
    for (;;) {
        size_t i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED);
        if (i >= j->s->n_pages) break;
        if (r) render_one(j, r, j->order[i], &html, d);
        size_t done = __atomic_add_fetch(&j->done, 1, __ATOMIC_RELAXED);
        if (j->show_progress && (done & 255) == 0 && now_sec() - j->t0 > 1.0)
            fprintf(stderr, "\rlotrinh: rendering %zu/%zu pages", done, j->s->n_pages);
    }
    buf_free(&html);
    render_free(r);
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

static void summary(const site *s, const out_stage *st, size_t copied, img_store *im,
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
    (void)copied;
    buf_printf(&b, " | %zu files written, %zu copied", st->files, st->copied);
    if (st->kept) buf_printf(&b, ", %zu unchanged", st->kept);
    if (made + reused) buf_printf(&b, ", %zu image sizes (%zu made, %zu cached)", made + reused, made, reused);
    buf_printf(&b, ", %zu untranslated, %zu warnings, in %.2f s\n", s->untranslated_count,
               diag_warnings(d), secs);
    fputs(buf_cstr(&b), log);
    buf_free(&b);
}

/* A signature of everything a build reads and every option that changes its
 * output: when it matches the last build's, there is nothing to do. Build
 * time counts by the day unless it is fixed (--now, SOURCE_DATE_EPOCH). */
static uint64_t inputs_signature(const site *s, const build_opts *o, int fixed_now)
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
    incr_scan(s->root, "site.lua", &h);
    incr_scan(s->root, "content", &h);
    incr_scan(s->root, "data", &h);
    incr_scan(s->root, "i18n", &h);
    for (size_t i = 0; i < s->cfg.n_layout_dirs; i++) incr_scan(s->root, s->cfg.layout_dirs[i], &h);
    for (size_t i = 0; i < s->cfg.n_static_dirs; i++) incr_scan(s->root, s->cfg.static_dirs[i], &h);
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
    uint64_t inputs = inputs_signature(&s, o, fixed_now);
    if (st.reuse && st.prev.inputs == inputs) {
        /* nothing was edited since the last build of this destination */
        if (!o->quiet)
            fprintf(log, "lotrinh: up to date: nothing changed since the last build, 0 files written, in %.2f s\n",
                     now_sec() - t0);
        out_end(&st);
        staged = 0;
        result = 0;
        goto done;
    }
    PHASE("scan");
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
              .inject = o->inject_html };
    if (s.cfg.search) {
        sdocs = j.sdocs = calloc(s.n_pages ? s.n_pages : 1, sizeof *sdocs);
        if (!sdocs) { diag_add(d, DIAG_ERROR, NULL, 0, 0, "out of memory"); goto done; }
    }
    order = j.order = render_order(&s);
    if (!order) { diag_add(d, DIAG_ERROR, NULL, 0, 0, "out of memory"); goto done; }
    pthread_t th[64];
    int started = 0;
    for (int i = 1; i < jobs; i++)
        if (pthread_create(&th[started], NULL, worker, &j) == 0) started++;
    worker(&j);   /* with fewer threads than asked for, the ones there do it all */
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
    if (j.show_progress && now_sec() - t0 > 1.0) fputs("\r\033[K", stderr);
    PHASE("render");
    if (diag_errors(d)) goto done;
    size_t copied = 0;
    if (feeds_write(&s, &st, d) < 0) goto done;
    if (j.sdocs) {
        search_stats ss;
        buf rep = BUF_INIT;
        int src = search_write(&s, &st, j.sdocs, &ss, &rep, d);
        if (timing && src == 0)
            fprintf(stderr, "lotrinh: search     %s | %.1f KB = %.1f%% of %.1f KB of HTML, %.1f%% of %.1f KB of text indexed\n",
                    buf_cstr(&rep), (double)ss.bytes / 1024.0,
                    j.html_bytes ? 100.0 * (double)ss.bytes / (double)j.html_bytes : 0.0,
                    (double)j.html_bytes / 1024.0,
                    ss.text_bytes ? 100.0 * (double)ss.bytes / (double)ss.text_bytes : 0.0,
                    (double)ss.text_bytes / 1024.0);
        buf_free(&rep);
        for (size_t i = 0; i < s.n_pages; i++) search_doc_free(&sdocs[i]);
        free(sdocs);
        sdocs = j.sdocs = NULL;
        if (src < 0) goto done;
    }
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
    if (out_commit(&st, inputs, d) < 0) goto done;
    PHASE("commit");
    result = 0;
    img_prune(images);   /* a complete build: sizes it did not use are stale */
    if (!o->quiet) summary(&s, &st, copied, images, d, now_sec() - t0, log);
    out_end(&st);
    staged = 0;
done:
    img_store_free(images);
    free(order);
    if (staged) out_abort(&st);
    for (size_t i = 0; sdocs && i < s.n_pages; i++) search_doc_free(&sdocs[i]);
    free(sdocs);
    s.root = NULL;
    site_free(&s);
    return result;
}
