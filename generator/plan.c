/* plan: slot hashes of every page and the set of pages to render (plan.h). */
#include "plan.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "feeds.h"
#include "fsx.h"
#include "incr.h"
#include "par.h"
#include "render.h"
#include "ser.h"

static const char *const slot_words[DEP_SLOTS] = {
    "address", "title, dates or front matter", "content", "summary", "list of pages", "pager",
    "translations", "home, section or feed links", "terms"
};

static uint64_t mix_str(uint64_t h, const char *s)
{
    if (!s) return incr_mix(h, "\1", 1);     /* NULL is not "" */
    return incr_mix(h, s, strlen(s) + 1);
}

static uint64_t mix_ll(uint64_t h, long long v) { return incr_mix(h, &v, sizeof v); }

/* A page by its key (output path); NULL mixes in as nothing there. */
static uint64_t mix_page(uint64_t h, const page *q) { return mix_str(h, q ? q->out : NULL); }

/* Where the page is (what a link to it shows). */
static uint64_t hash_meta(const site *s, const page *p)
{
    uint64_t h = incr_hash("meta", 4);
    h = mix_ll(h, p->kind);
    h = mix_str(h, p->src);
    h = mix_str(h, p->section);
    h = mix_str(h, p->type ? p->type : p->section);
    h = mix_str(h, s->cfg.langs[p->lang].code);
    h = mix_str(h, p->url);
    h = mix_str(h, p->term);
    h = mix_ll(h, p->fallback_of ? (long long)p->fallback_of->lang : -1);
    h = mix_str(h, p->fallback_of ? p->fallback_of->src : NULL);
    h = mix_str(h, p->kind == PAGE_TERM || p->kind == PAGE_TAXONOMY ? s->cfg.taxos[p->taxo].key : NULL);
    return h | 1;
}

/* Its own fields: title, description, dates, front matter, resources. */
static uint64_t hash_fields(const page *p)
{
    uint64_t h = incr_hash("fields", 6);
    h = mix_str(h, p->title);
    h = mix_str(h, p->description);
    h = mix_str(h, p->slug);
    h = mix_str(h, p->layout);
    h = mix_ll(h, p->weight);
    h = mix_ll(h, p->draft);
    h = mix_ll(h, p->date);
    h = mix_ll(h, p->lastmod);
    h = mix_ll(h, p->publish);
    h = mix_ll(h, p->expiry);
    /* the front matter: the hash of its encoding when the file gave one */
    h = mix_ll(h, (long long)(p->fm_hash ? p->fm_hash : val_hash(p->fm)));
    h = mix_ll(h, (long long)p->n_res);
    for (size_t i = 0; i < p->n_res; i++) {
        h = mix_str(h, p->res[i].name);
        h = mix_str(h, p->res[i].src);
        h = mix_ll(h, p->res[i].size);
    }
    return h | 1;
}

static uint64_t hash_pages(const page *p)
{
    uint64_t h = mix_ll(incr_hash("pages", 5), (long long)p->n_kids);
    for (size_t i = 0; i < p->n_kids; i++) h = mix_page(h, p->kids[i]);
    return h | 1;
}

static uint64_t hash_pager(const site *s, const page *p)
{
    size_t per = site_per_pager(s, p);
    uint64_t h = mix_ll(incr_hash("pager", 5), (long long)per);
    h = mix_ll(h, (long long)p->pager_no);
    h = mix_ll(h, (long long)p->pager_total);
    size_t from = (p->pager_no - 1) * per;
    for (size_t i = from; i < from + per && i < p->n_kids; i++) h = mix_page(h, p->kids[i]);
    h = mix_page(h, p->pager_first ? p->pager_first : p);
    return h | 1;
}

static uint64_t hash_trans(const site *s, const page *p)
{
    uint64_t h = mix_ll(incr_hash("trans", 5), p->fallback_of != NULL);
    for (size_t l = 0; l < s->cfg.n_langs; l++) h = mix_page(h, p->trans[l]);
    return h | 1;
}

static uint64_t hash_nav(const site *s, const page *p)
{
    const page *home = site_find_list(s, PAGE_HOME, p->lang, NULL);
    const page *sec = *p->section ? site_find_list(s, PAGE_SECTION, p->lang, p->section) : NULL;
    const page *self_list = p->pager_first ? p->pager_first : p;
    uint64_t h = incr_hash("nav", 3);
    h = mix_page(h, home);
    h = mix_page(h, sec);
    h = mix_page(h, p->alias_of);
    h = mix_ll(h, home && feeds_has_feed(s, home));
    h = mix_ll(h, sec && feeds_has_feed(s, sec));
    h = mix_page(h, self_list);
    h = mix_ll(h, feeds_has_feed(s, self_list));
    return h | 1;
}

static uint64_t hash_terms(const page *p)
{
    uint64_t h = mix_ll(incr_hash("terms", 5), (long long)p->n_terms);
    for (size_t i = 0; i < p->n_terms; i++) {
        h = mix_ll(h, (long long)p->terms[i]->taxo);
        h = mix_page(h, p->terms[i]);
    }
    return h | 1;
}

uint64_t plan_md_in(const page *p)
{
    const page *o = p->fallback_of ? p->fallback_of : p;
    if (!p->has_body) return 0;
    uint64_t h = incr_hash("md", 2);
    if (o->body) return incr_mix(h, o->body, o->body_len) | 1;
    h = mix_str(h, o->src);
    h = mix_ll(h, (long long)o->src_sig);
    h = mix_ll(h, (long long)o->body_off);
    h = mix_ll(h, o->body_line);
    return h | 1;
}

uint64_t plan_links_hash(const site *s, char *const *src, size_t n)
{
    uint64_t h = incr_hash("links", 5);
    for (size_t i = 0; i < n; i++) {
        const page *t = site_find_src(s, src[i]);
        h = mix_str(h, src[i]);
        h = mix_str(h, t ? t->url : NULL);
    }
    return h | 1;
}

/* Page p's output files: its HTML page (p->out, not copied), then its
 * extra formats (malloc'd). Returns how many; *html says if the first is p->out. */
static size_t make_rels(const site *s, const page *p, int has_404, char ***rels, unsigned char *html)
{
    const site_config *c = &s->cfg;
    char **v = calloc(1 + c->n_outputs, sizeof *v);
    size_t n = 0;
    *html = 0;
    if (!v) { *rels = NULL; return 0; }
    if (p->kind != PAGE_404 || has_404) { v[n++] = p->out; *html = 1; }
    for (size_t k = 0; k < c->n_outputs; k++) {
        const site_output *o = &c->outputs[k];
        int want = p->kind == PAGE_HOME ? !o->single && !strcmp(o->section, "home")
                 : p->kind == PAGE_SECTION ? !o->single && p->pager_no <= 1 && !strcmp(o->section, p->section)
                 : p->kind == PAGE_REGULAR ? o->single && !strcmp(o->section, p->section) : 0;
        if (!want) continue;
        const char *slash = strrchr(p->out, '/');
        buf path = BUF_INIT;
        buf_printf(&path, "%.*sindex.%s", slash ? (int)(slash - p->out + 1) : 0, p->out, o->ext);
        v[n++] = buf_detach(&path, NULL);
    }
    *rels = v;
    return n;
}

size_t plan_outputs(const plan *pl, const page *p, char *const **rels)
{
    *rels = pl->rels[p->id];
    return pl->n_rels[p->id];
}

uint64_t plan_named(plan *pl, const site *s, const char *name)
{
    uint64_t *memo = hmap_get(&pl->named, name);
    if (memo) return *memo;
    uint64_t h = 0;
    const char *colon = strchr(name, ':');
    const char *arg = colon ? colon + 1 : "";
    size_t kind = colon ? (size_t)(colon - name) : 0;
    if (kind == 6 && !strncmp(name, "layout", 6)) {
        h = render_layout_sig(s, arg);
    } else if (kind == 4 && !strncmp(name, "data", 4)) {
        h = render_data_hash(s, strcmp(arg, "*") ? arg : NULL);
    } else if (kind == 5 && !strncmp(name, "pages", 5)) {
        char *a = strdup(arg);
        char *l = a ? strchr(a, '|') : NULL;
        char *sec = l ? strchr(l + 1, '|') : NULL;
        if (sec) {
            *l++ = '\0';
            *sec++ = '\0';
            h = render_pages_hash(s, a, strcmp(l, "*") ? l : NULL, strcmp(sec, "*") ? sec : NULL);
        } else {
            h = 2;   /* damaged: never equal to a real hash (they are odd) */
        }
        free(a);
    } else if (kind == 7 && !strncmp(name, "getpage", 7)) {
        const char *bar = strrchr(arg, '|');
        char *path = bar ? strndup(arg, (size_t)(bar - arg)) : NULL;
        const page *p = path ? render_getpage(s, path, bar + 1) : NULL;
        h = !path ? 2 : p ? incr_hash(p->out, strlen(p->out)) : 0;
        free(path);
    } else if (kind == 5 && !strncmp(name, "image", 5)) {
        char *path = fsx_join(s->root, arg);
        struct stat sb;
        h = stat(path, &sb) == 0 ? site_file_sig(&sb) | 1 : 0;
        free(path);
    } else {
        h = 2;   /* not a name this version makes */
    }
    uint64_t *v = malloc(sizeof *v);
    char *k = strdup(name);
    if (v && k) { *v = h; hmap_put(&pl->named, k, v); }
    else { free(v); free(k); }
    return h;
}

typedef struct md_job {
    site *s;
    page **v;
    diag_list *d;
} md_job;

static int md_one(void *ud, size_t i)
{
    md_job *j = ud;
    if (!site_md(j->s, j->v[i], SITE_NEED_SUMMARY, j->d)) return -1;
    site_md_unpin(j->s, j->v[i]);
    return 0;
}

/* Renders the Markdown of v[0..n) on s->jobs threads. */
static int render_md_now(site *s, page **v, size_t n, diag_list *d)
{
    md_job j = { s, v, d };
    return par_for(s->jobs, n, md_one, &j);
}

/* The last build's page of the same key, or NULL. */
static const bc_page *prev_page(const bcache *c, const page *p)
{
    uintptr_t i = (uintptr_t)hmap_get(&c->pages_by_key, p->out);
    return i ? &c->pages[i - 1] : NULL;
}

/* Marks page p for rendering, remembering the first reason. */
static void mark(plan *pl, const page *p, int explain, const char *fmt, const char *a, const char *b)
{
    if (pl->render[p->id]) return;
    pl->render[p->id] = 1;
    pl->n_render++;
    if (!explain) return;
    buf w = BUF_INIT;
    buf_printf(&w, fmt, a ? a : "", b ? b : "");
    pl->why[p->id] = buf_detach(&w, NULL);
}

/* The verdict on a named-inputs part already checked in this build (most
 * outputs share a few: the same layouts). 0: not known; 1: holds; 2: not. */
static int memo_get(const plan *pl, uint64_t h)
{
    for (size_t i = (size_t)h % PLAN_MEMO, k = 0; k < PLAN_MEMO; i = (i + 1) % PLAN_MEMO, k++) {
        if (!pl->memo[i].h) return 0;
        if (pl->memo[i].h == h) return pl->memo[i].verdict;
    }
    return 0;
}

static void memo_put(plan *pl, uint64_t h, int verdict)
{
    for (size_t i = (size_t)h % PLAN_MEMO, k = 0; k < PLAN_MEMO; i = (i + 1) % PLAN_MEMO, k++)
        if (!pl->memo[i].h) { pl->memo[i].h = h; pl->memo[i].verdict = verdict; return; }
}

/* Checks one output's record against this build; marks p if it fails. */
static void check_record(plan *pl, const site *s, const page *p, const char *rel,
                         const bc_output *o, int explain)
{
    size_t cl;
    const unsigned char *c = bc_rec_check_part(o->rec, o->rec_len, &cl);
    if (!c) { mark(pl, p, explain, "%s%s: its record is damaged", rel, NULL); return; }
    ser_reader r;
    ser_reader_init(&r, c, cl);
    size_t ni = ser_get_count(&r, 1);
    for (size_t i = 0; i < ni && !r.bad; i++) {
        uint64_t it = ser_get_u64(&r), idx = it / DEP_SLOTS, slot = it % DEP_SLOTS;
        if (idx >= pl->prev->n_pages) { r.bad = 1; break; }
        const page *q = pl->prev_to_cur[idx];
        if (!q) { mark(pl, p, explain, "%s is gone%s", pl->prev->pages[idx].key, NULL); return; }
        if (q->hash[slot] != pl->prev->pages[idx].hash[slot]) {
            mark(pl, p, explain, q->src ? "%s: %s changed" : "/%s: %s changed",
                 q->src ? q->src : q->out, slot_words[slot]);
            return;
        }
    }
    if (r.bad) { mark(pl, p, explain, "%s%s: its record is damaged", rel, NULL); return; }
    uint64_t nh = incr_hash(r.p, (size_t)(r.end - r.p)) | 1;
    int verdict = memo_get(pl, nh);
    if (verdict == 1) return;
    size_t nn = ser_get_count(&r, 9);
    for (size_t i = 0; i < nn && !r.bad; i++) {
        size_t n;
        const char *name = ser_get_bytes(&r, &n);
        uint64_t h = ser_get_fixed64(&r);
        if (r.bad) break;
        char stack[512];
        char *z = n < sizeof stack ? stack : malloc(n + 1);
        if (!z) { r.bad = 1; break; }
        memcpy(z, name, n);
        z[n] = '\0';
        int same = plan_named(pl, s, z) == h;
        if (!same) mark(pl, p, explain, "%s%s changed", z, NULL);
        if (z != stack) free(z);
        if (!same) { memo_put(pl, nh, 2); return; }
    }
    if (r.bad) { mark(pl, p, explain, "%s%s: its record is damaged", rel, NULL); return; }
    memo_put(pl, nh, 1);
}

/* Checks the records of page p's outputs against this build. */
static void check_page(plan *pl, const site *s, const page *p,
                       int (*known)(void *, const char *), void *ud, int explain)
{
    char *const *rels;
    size_t n = plan_outputs(pl, p, &rels);
    for (size_t k = 0; k < n && !pl->render[p->id]; k++) {
        const bc_output *o = hmap_get(&pl->prev->outs_by_rel, rels[k]);
        if (!o) mark(pl, p, explain, "%s%s: new", rels[k], NULL);
        else if (!known(ud, rels[k])) mark(pl, p, explain, "%s%s: not in the destination", rels[k], NULL);
        else check_record(pl, s, p, rels[k], o, explain);
    }
}

int plan_make(plan *pl, site *s, const bcache *prev, int has_404,
              int (*known)(void *ud, const char *rel), void *ud, int explain, diag_list *d)
{
    memset(pl, 0, sizeof *pl);
    hmap_init(&pl->named);
    pl->prev = prev && prev->valid ? prev : NULL;
    size_t n = s->n_pages;
    pl->render = calloc(n ? n : 1, 1);
    pl->why = calloc(n ? n : 1, sizeof *pl->why);
    pl->rels = calloc(n ? n : 1, sizeof *pl->rels);
    pl->n_rels = calloc(n ? n : 1, sizeof *pl->n_rels);
    pl->html = calloc(n ? n : 1, 1);
    for (size_t i = 0; pl->rels && pl->n_rels && pl->html && i < n; i++)
        pl->n_rels[i] = make_rels(s, s->pages[i], has_404, &pl->rels[i], &pl->html[i]);
    page **eager = calloc(n ? n : 1, sizeof *eager);
    size_t n_eager = 0;
    if (!pl->render || !pl->why || !eager || !pl->rels || !pl->n_rels || !pl->html) { free(eager); diag_add(d, DIAG_ERROR, NULL, 0, 0, "out of memory"); return -1; }
    for (size_t i = 0; i < n; i++) {
        page *p = s->pages[i];
        p->hash[DEP_META] = hash_meta(s, p);
        p->hash[DEP_FIELDS] = hash_fields(p);
        /* pager pages share their first page's list (made before them) */
        p->hash[DEP_PAGES] = p->pager_first && p->pager_first != p && p->pager_first->hash[DEP_PAGES]
                             ? p->pager_first->hash[DEP_PAGES] : hash_pages(p);
        p->hash[DEP_PAGER] = hash_pager(s, p);
        p->hash[DEP_TRANS] = hash_trans(s, p);
        p->hash[DEP_NAV] = hash_nav(s, p);
        p->hash[DEP_TERMS] = hash_terms(p);
        if (!pl->prev) continue;   /* everything renders: Markdown when needed */
        const bc_page *o = prev_page(pl->prev, p);
        uint64_t in = plan_md_in(p);
        if (!p->has_body || !o || o->md_in != in || o->links != plan_links_hash(s, o->link_src, o->n_links)) {
            eager[n_eager++] = p;
            continue;
        }
        /* its Markdown is as it was: the last build's hashes hold */
        p->hash[DEP_CONTENT] = o->hash[DEP_CONTENT];
        p->hash[DEP_SUMMARY] = o->hash[DEP_SUMMARY];
        p->links = calloc(o->n_links ? o->n_links : 1, sizeof *p->links);
        for (size_t k = 0; p->links && k < o->n_links; k++) p->links[k] = strdup(o->link_src[k]);
        p->n_links = p->links ? o->n_links : 0;
    }
    int rc = 0;
    if (pl->prev) {
        rc = render_md_now(s, eager, n_eager, d);
        pl->prev_to_cur = calloc(pl->prev->n_pages ? pl->prev->n_pages : 1, sizeof *pl->prev_to_cur);
        hmap by_out;
        hmap_init(&by_out);
        for (size_t i = 0; i < n; i++) hmap_put(&by_out, s->pages[i]->out, s->pages[i]);
        for (size_t i = 0; pl->prev_to_cur && i < pl->prev->n_pages; i++)
            pl->prev_to_cur[i] = hmap_get(&by_out, pl->prev->pages[i].key);
        hmap_free(&by_out);
        if (!pl->prev_to_cur) rc = -1;
        /* the same pages in the same order: records can be kept byte for byte */
        pl->same_ids = pl->prev_to_cur && pl->prev->n_pages == n;
        for (size_t i = 0; pl->same_ids && i < n; i++)
            pl->same_ids = pl->prev_to_cur[i] && pl->prev_to_cur[i]->id == i;
    }
    free(eager);
    for (size_t i = 0; i < n && rc == 0; i++) {
        const page *p = s->pages[i];
        if (!pl->prev) mark(pl, p, explain, "%s%s: no record of the last build", p->out, NULL);
        else check_page(pl, s, p, known, ud, explain);
    }
    return rc;
}

void plan_free(plan *pl, const site *s)
{
    for (size_t i = 0; pl->why && i < s->n_pages; i++) free(pl->why[i]);
    for (size_t i = 0; pl->rels && i < s->n_pages; i++) {
        for (size_t k = pl->html[i]; pl->rels[i] && k < pl->n_rels[i]; k++) free(pl->rels[i][k]);
        free(pl->rels[i]);
    }
    free(pl->rels);
    free(pl->n_rels);
    free(pl->html);
    free(pl->why);
    free(pl->render);
    free(pl->prev_to_cur);
    for (size_t i = 0; i < pl->named.cap; i++) {
        if (!pl->named.keys[i]) continue;
        free((char *)pl->named.keys[i]);
        free(pl->named.vals[i]);
    }
    hmap_free(&pl->named);
    memset(pl, 0, sizeof *pl);
}
