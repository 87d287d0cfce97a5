/* feeds: sitemap, RSS and robots.txt (see feeds.h). XML itself is written
 * by xml.c with libxml2; this module chooses what goes in. */
#include "feeds.h"
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "incr.h"
#include "par.h"
#include "xml.h"

int feeds_has_feed(const site *s, const page *p)
{
    if (p->pager_no != 1 || p->no_feed) return 0;
    if (p->kind == PAGE_HOME || p->kind == PAGE_SECTION) return 1;
    if (p->kind == PAGE_TERM) return s->cfg.taxos[p->taxo].feeds;
    return 0;
}

static int in_sitemap(const page *p)
{
    return p->kind != PAGE_ALIAS && p->kind != PAGE_404 && !p->no_sitemap && p->pager_no == 1;
}

/* What the sitemap shows: every page's address, date and translations. */
static uint64_t sitemap_hash(const site *s)
{
    uint64_t h = incr_hash("sitemap", 7);
    for (size_t i = 0; i < s->n_pages; i++) {
        const page *p = s->pages[i];
        unsigned char in = (unsigned char)in_sitemap(p);
        h = incr_mix(h, &in, 1);
        h = incr_mix(h, p->out, strlen(p->out) + 1);
        h = incr_mix(h, &p->hash[DEP_META], sizeof p->hash[DEP_META]);
        h = incr_mix(h, &p->hash[DEP_FIELDS], sizeof p->hash[DEP_FIELDS]);
        h = incr_mix(h, &p->hash[DEP_TRANS], sizeof p->hash[DEP_TRANS]);
    }
    return h | 1;
}

/* Writes rel and notes it in rels[*n] (the files of the sitemap). */
static int sitemap_file(out_stage *st, const char *rel, buf *b, char ***rels, size_t *n, diag_list *d)
{
    char **v = realloc(*rels, (*n + 1) * sizeof *v);
    if (v) { *rels = v; if ((v[*n] = strdup(rel))) (*n)++; }
    return out_write(st, rel, buf_cstr(b), b->len, d);
}

/* Sitemap: every page with its translations (itself included) and x-default.
 * The files written are noted in rels (malloc'd). */
static int write_sitemap(const site *s, out_stage *st, char ***rels, size_t *n_rels, diag_list *d)
{
    size_t n = 0;
    xml_url *urls = calloc(s->n_pages ? s->n_pages : 1, sizeof *urls);
    char **owned = calloc(s->n_pages * (s->cfg.n_langs + 2) + 1, sizeof *owned);
    size_t n_owned = 0;
    xml_alt *alts = calloc(s->n_pages * (s->cfg.n_langs + 1) + 1, sizeof *alts);
    size_t n_alts = 0;
    for (size_t i = 0; i < s->n_pages; i++) {
        const page *p = s->pages[i];
        if (!in_sitemap(p)) continue;
        xml_url *u = &urls[n++];
        u->loc = owned[n_owned++] = site_abs_url(s, p->url);
        u->lastmod = p->lastmod;
        size_t have = 0;
        for (size_t l = 0; l < s->cfg.n_langs; l++) have += p->trans[l] && in_sitemap(p->trans[l]);
        if (have < 2) continue;   /* alternates only where a translation exists */
        u->alts = &alts[n_alts];
        for (size_t l = 0; l < s->cfg.n_langs; l++) {
            const page *t = p->trans[l];
            if (!t || !in_sitemap(t)) continue;
            alts[n_alts].hreflang = s->cfg.langs[l].code;
            alts[n_alts].href = owned[n_owned++] = site_abs_url(s, t->url);
            n_alts++;
            u->n_alts++;
        }
        const page *def = p->trans[0] ? p->trans[0] : p;
        alts[n_alts].hreflang = "x-default";
        alts[n_alts].href = owned[n_owned++] = site_abs_url(s, def->url);
        n_alts++;
        u->n_alts++;
    }
    int rc = 0;
    buf b = BUF_INIT;
    if (n <= XML_SITEMAP_MAX_URLS && xml_sitemap(urls, n, s->cfg.tz_minutes, &b) == 0 &&
        b.len <= XML_SITEMAP_MAX_BYTES) {
        rc = sitemap_file(st, "sitemap.xml", &b, rels, n_rels, d);
    } else {
        /* Split into children of at most 50,000 URLs, halving while a child is over 50 MB. */
        size_t per = XML_SITEMAP_MAX_URLS;
        for (;;) {
            size_t parts = (n + per - 1) / per;
            char **locs = calloc(parts, sizeof *locs);
            int too_big = 0;
            long long newest = -1;
            for (size_t k = 0; k < parts && !too_big && rc == 0; k++) {
                size_t from = k * per, cnt = n - from < per ? n - from : per;
                buf_reset(&b);
                b.failed = 0;
                if (xml_sitemap(urls + from, cnt, s->cfg.tz_minutes, &b) < 0 ||
                    b.len > XML_SITEMAP_MAX_BYTES) { too_big = 1; break; }
                char name[64];
                snprintf(name, sizeof name, "sitemap-%zu.xml", k + 1);
                rc = sitemap_file(st, name, &b, rels, n_rels, d);
                buf path = BUF_INIT;
                buf_printf(&path, "/%s", name);
                locs[k] = site_abs_url(s, buf_cstr(&path));
                buf_free(&path);
                for (size_t j = from; j < from + cnt; j++)
                    if (urls[j].lastmod > newest) newest = urls[j].lastmod;
            }
            if (!too_big && rc == 0) {
                buf_reset(&b);
                rc = xml_sitemap_index((const char *const *)locs, parts, newest, s->cfg.tz_minutes, &b);
                if (rc == 0) rc = sitemap_file(st, "sitemap.xml", &b, rels, n_rels, d);
            }
            for (size_t k = 0; k < parts; k++) free(locs[k]);
            free(locs);
            if (!too_big || per < 2) break;
            per /= 2;
        }
    }
    buf_free(&b);
    for (size_t i = 0; i < n_owned; i++) free(owned[i]);
    free(owned);
    free(alts);
    free(urls);
    return rc;
}

static int cmp_date_desc(const void *a, const void *b)
{
    const page *x = *(page *const *)a, *y = *(page *const *)b;
    if (x->date != y->date) return x->date > y->date ? -1 : 1;
    return strcmp(x->url, y->url);
}

/* What feed p shows: its own fields and each item's fields and text. */
static uint64_t feed_hash(const site *s, const page *p, page *const *v, size_t n)
{
    uint64_t h = incr_hash("feed", 4);
    h = incr_mix(h, p->out, strlen(p->out) + 1);
    h = incr_mix(h, &p->hash[DEP_META], sizeof p->hash[DEP_META]);
    h = incr_mix(h, &p->hash[DEP_FIELDS], sizeof p->hash[DEP_FIELDS]);
    for (size_t i = 0; i < n; i++) {
        h = incr_mix(h, v[i]->out, strlen(v[i]->out) + 1);
        h = incr_mix(h, &v[i]->hash[DEP_META], sizeof v[i]->hash[DEP_META]);
        h = incr_mix(h, &v[i]->hash[DEP_FIELDS], sizeof v[i]->hash[DEP_FIELDS]);
        dep_slot text = s->cfg.feed_full ? DEP_CONTENT : DEP_SUMMARY;
        h = incr_mix(h, &v[i]->hash[text], sizeof v[i]->hash[text]);
    }
    return h | 1;
}

/* One RSS feed for list page p: its pages, newest first. */
static int write_feed(site *s, out_stage *st, const page *p, const feeds_agg *agg, diag_list *d)
{
    page **v = malloc((p->n_kids ? p->n_kids : 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < p->n_kids; i++)
        if (p->kids[i]->kind == PAGE_REGULAR && !p->kids[i]->no_feed) v[n++] = p->kids[i];
    qsort(v, n, sizeof *v, cmp_date_desc);
    if (s->cfg.feed_items > 0 && n > (size_t)s->cfg.feed_items) n = (size_t)s->cfg.feed_items;
    uint64_t fh = 0;
    if (agg) {
        buf name = BUF_INIT;
        buf_printf(&name, "%sindex.xml", p->url + 1);
        fh = feed_hash(s, p, v, n);
        int same = agg->keep(agg->ud, buf_cstr(&name), fh);
        buf_free(&name);
        if (same) { free(v); return 0; }
    }
    int rc = 0;
    xml_item *items = calloc(n ? n : 1, sizeof *items);
    char **links = calloc(n ? n : 1, sizeof *links);
    char **descs = calloc(n ? n : 1, sizeof *descs);
    for (size_t i = 0; i < n; i++) {
        const page *q = v[i];
        links[i] = site_abs_url(s, q->url);
        items[i].title = q->title ? q->title : "";
        items[i].link = items[i].guid = links[i];
        items[i].pub = q->date;
        const md_result *m = site_md(s, v[i], s->cfg.feed_full, d);
        if (!m) { rc = -1; descs[i] = strdup(""); items[i].description = descs[i]; continue; }
        if (s->cfg.feed_full && m->html) {
            descs[i] = strdup(m->html);
        } else if (q->summary_fm) {
            buf b = BUF_INIT;
            buf_put_html(&b, q->summary_fm, strlen(q->summary_fm));
            descs[i] = buf_detach(&b, NULL);
        } else {
            descs[i] = strdup(m->summary_html ? m->summary_html
                              : q->description ? q->description : "");
        }
        site_md_unpin(s, v[i]);
        items[i].description = descs[i];
    }
    const site_lang *lang = &s->cfg.langs[p->lang];
    const char *site_title = lang->title ? lang->title : s->cfg.title;
    buf title = BUF_INIT;
    if (p->kind == PAGE_HOME) buf_puts(&title, site_title);
    else buf_printf(&title, "%s | %s", p->title ? p->title : "", site_title);
    char *link = site_abs_url(s, p->url);
    buf selfp = BUF_INIT;
    buf_printf(&selfp, "%sindex.xml", p->url);
    char *self = site_abs_url(s, buf_cstr(&selfp));
    long long newest = n ? v[0]->date : -1;
    xml_feed f = {
        .title = buf_cstr(&title), .link = link, .self = self,
        .description = p->description ? p->description : buf_cstr(&title),
        .language = lang->code, .generator = "lotrinh", .last_build = newest,
        .tz_minutes = s->cfg.tz_minutes, .items = items, .n_items = n,
    };
    buf out = BUF_INIT;
    if (rc == 0) {   /* else a page's Markdown had errors, reported already */
        rc = xml_rss(&f, &out);
        if (rc == 0) rc = out_write(st, buf_cstr(&selfp) + 1, buf_cstr(&out), out.len, d);
        else diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot write the feed %s", buf_cstr(&selfp));
    }
    buf_free(&out);
    buf_free(&selfp);
    buf_free(&title);
    free(link);
    free(self);
    for (size_t i = 0; i < n; i++) { free(links[i]); free(descs[i]); }
    free(links); free(descs); free(items); free(v);
    if (agg && rc == 0) {
        buf name = BUF_INIT;
        buf_printf(&name, "%sindex.xml", p->url + 1);
        char *rel = (char *)buf_cstr(&name);
        agg->wrote(agg->ud, rel, fh, &rel, 1);
        buf_free(&name);
    }
    return rc;
}

/* The server redirect map for aliases (site.lua redirects = { file, format }):
 * "netlify" lines "old new 301", or "nginx" rewrite rules. */
static int write_redirects(const site *s, out_stage *st, diag_list *d)
{
    if (!s->cfg.redirects_file) return 0;
    buf b = BUF_INIT;
    for (size_t i = 0; i < s->n_pages; i++) {
        const page *p = s->pages[i];
        if (p->kind != PAGE_ALIAS) continue;
        char *from = site_rel_url(s, p->url), *to = site_rel_url(s, p->alias_of->url);
        if (s->cfg.redirects_nginx) buf_printf(&b, "rewrite ^%s$ %s permanent;\n", from, to);
        else buf_printf(&b, "%s %s 301\n", from, to);
        free(from);
        free(to);
    }
    int rc = out_write(st, s->cfg.redirects_file, buf_cstr(&b), b.len, d);
    buf_free(&b);
    return rc;
}

typedef struct feed_job {
    site *s;
    out_stage *st;
    const feeds_agg *agg;
    diag_list *d;
    page **v;            /* the list pages that have a feed */
} feed_job;

static int feed_one(void *ud, size_t i)
{
    feed_job *j = ud;
    return write_feed(j->s, j->st, j->v[i], j->agg, j->d);
}

/* Every feed, on s->jobs threads. */
static int write_feeds(site *s, out_stage *st, const feeds_agg *agg, diag_list *d)
{
    feed_job j = { s, st, agg, d, malloc((s->n_pages ? s->n_pages : 1) * sizeof *j.v) };
    if (!j.v) return -1;
    size_t n = 0;
    for (size_t i = 0; i < s->n_pages; i++)
        if (feeds_has_feed(s, s->pages[i])) j.v[n++] = s->pages[i];
    int rc = par_for(s->jobs, n, feed_one, &j);
    free(j.v);
    return rc;
}

int feeds_write(site *s, out_stage *st, const feeds_agg *agg, diag_list *d)
{
    int rc = write_redirects(s, st, d);
    if (write_feeds(s, st, agg, d) < 0) rc = -1;
    if (!s->cfg.sitemap) return rc;
    uint64_t sh = agg ? sitemap_hash(s) : 0;
    if (!agg || !agg->keep(agg->ud, "sitemap", sh)) {
        char **rels = NULL;
        size_t n = 0;
        if (write_sitemap(s, st, &rels, &n, d) < 0) rc = -1;
        else if (agg) agg->wrote(agg->ud, "sitemap", sh, rels, n);
        for (size_t i = 0; i < n; i++) free(rels[i]);
        free(rels);
    }
    char *sm = site_abs_url(s, "/sitemap.xml");
    buf robots = BUF_INIT;
    buf_printf(&robots, "User-agent: *\nAllow: /\n\nSitemap: %s\n", sm);
    if (out_write(st, "robots.txt", buf_cstr(&robots), robots.len, d) < 0) rc = -1;
    buf_free(&robots);
    free(sm);
    return rc;
}
