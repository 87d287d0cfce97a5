/* Page graph of tests/sites/basic: URLs, translations, lists, pagination,
 * terms, aliases, drafts, URL helpers. Run from the repository root. */
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "site.h"

static page *by_url(site *s, const char *url)
{
    for (size_t i = 0; i < s->n_pages; i++)
        if (s->pages[i]->url && !strcmp(s->pages[i]->url, url)) return s->pages[i];
    return NULL;
}

/* Bodies are read again when their Markdown is needed: a page rendered
 * again after site_md_trim gives the same HTML; a file changed since it
 * was read is an error naming it, with a hint (both ways of reading). */
static void test_body_read_again(void)
{
    char dir[] = "/tmp/lotrinh-test-site-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp -r tests/sites/basic/. %s/ && rm -rf %s/expected", dir, dir);
    CHECK_INT(system(cmd), 0);
    /* one page with CRLF line ends: its text is not the file's bytes */
    snprintf(cmd, sizeof cmd, "sed -i 's/$/\r/' %s/content/tin-tuc/ban-hanh-ke-hoach.en.md", dir);
    CHECK_INT(system(cmd), 0);
    site s;
    memset(&s, 0, sizeof s);
    s.root = dir;
    s.now = 1795392000;
    s.jobs = 2;
    diag_list *d = diag_new();
    CHECK_INT(site_config_load(&s, d), 0);
    CHECK_INT(site_load(&s, d), 0);
    page *vi = site_find_src(&s, "content/tin-tuc/ban-hanh-ke-hoach.vi.md");
    page *en = site_find_src(&s, "content/tin-tuc/ban-hanh-ke-hoach.en.md");
    CHECK(vi && en && vi->body_verbatim && !en->body_verbatim);
    if (vi && en) {
        const md_result *m = site_md(&s, vi, SITE_NEED_HTML, d);
        char *first = m && m->html ? strdup(m->html) : NULL;
        site_md_unpin(&s, vi);
        site_md_trim(&s, vi);
        CHECK(vi->md.html == NULL && vi->md.summary_html != NULL);
        m = site_md(&s, vi, SITE_NEED_HTML, d);
        CHECK_STR(m ? m->html : NULL, first ? first : "(none)");
        if (m) site_md_unpin(&s, vi);
        free(first);
        /* the files change under the build */
        snprintf(cmd, sizeof cmd, "printf 'x\n' >> %s/content/tin-tuc/ban-hanh-ke-hoach.vi.md && "
                 "printf 'x\r\n' >> %s/content/tin-tuc/ban-hanh-ke-hoach.en.md", dir, dir);
        CHECK_INT(system(cmd), 0);
        site_md_trim(&s, vi);
        diag_list *e = diag_new();
        CHECK(site_md(&s, vi, SITE_NEED_HTML, e) == NULL);
        CHECK(site_md(&s, en, SITE_NEED_HTML, e) == NULL);
        CHECK_INT(diag_errors(e), 2);
        const diag_item *it = diag_count(e) ? diag_get(e, 0) : NULL;
        CHECK_STR(it ? it->file : NULL, "content/tin-tuc/ban-hanh-ke-hoach.en.md");
        CHECK_CONTAINS(it ? it->msg : NULL, "changed while the site was being built");
        CHECK_STR(it ? it->hint : NULL, "build again");
        it = diag_count(e) > 1 ? diag_get(e, 1) : NULL;
        CHECK_STR(it ? it->file : NULL, "content/tin-tuc/ban-hanh-ke-hoach.vi.md");
        diag_free(e);
    }
    s.root = NULL;
    site_free(&s);
    diag_free(d);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
}

int main(void)
{
    test_body_read_again();
    site s;
    memset(&s, 0, sizeof s);
    s.root = "tests/sites/basic";
    s.now = 1795392000; /* 2026-11-23 */
    diag_list *d = diag_new();
    CHECK_INT(site_config_load(&s, d), 0);
    CHECK_STR(s.cfg.base_url, "https://example.org");
    CHECK_STR(s.cfg.base_path, "/");
    CHECK_INT(s.cfg.n_langs, 2);
    CHECK_STR(s.cfg.langs[1].prefix, "/en");
    CHECK_INT(s.cfg.tz_minutes, 420);
    CHECK_INT(site_load(&s, d), 0);
    CHECK_INT(diag_errors(d), 0);

    page *vi = site_find_src(&s, "content/tin-tuc/ban-hanh-ke-hoach.vi.md");
    page *en = site_find_src(&s, "content/tin-tuc/ban-hanh-ke-hoach.en.md");
    CHECK(vi && en);
    if (vi && en) {
        CHECK_STR(vi->url, "/tin-tuc/ban-hanh-ke-hoach/");
        CHECK_STR(vi->out, "tin-tuc/ban-hanh-ke-hoach/index.html");
        CHECK_STR(en->url, "/en/news/plan-issued/");   /* section slug from _index.en.md */
        CHECK(vi->trans[1] == en && en->trans[0] == vi);
        CHECK_INT(vi->n_terms, 1);
        if (vi->n_terms) CHECK_STR(vi->terms[0]->url, "/linh-vuc/kinh-te-cua-khau/");
        if (en->n_terms) CHECK_STR(en->terms[0]->url, "/en/sectors/border-gate-economy/");
    }
    /* a bundle: URL from its folder, resources attached */
    page *b = site_find_src(&s, "content/ke-hoach/lo-trinh/index.vi.md");
    CHECK(b != NULL);
    if (b) {
        CHECK_STR(b->url, "/ke-hoach/lo-trinh/");
        CHECK_INT(b->n_res, 2);   /* sorted by name */
        if (b->n_res == 2) { CHECK_STR(b->res[0].name, "so-do.png"); CHECK_STR(b->res[1].name, "tom-tat.txt"); }
    }
    /* drafts are left out */
    CHECK(site_find_src(&s, "content/tin-tuc/ban-nhap.md") == NULL);
    /* an untranslated page has no English version */
    page *only = site_find_src(&s, "content/tin-tuc/hop-bao.md");
    CHECK(only && only->trans[1] == NULL);
    CHECK_INT(s.untranslated_count, 1);
    /* paginate = 2: the Vietnamese home lists 3 pages on 2 pagers */
    page *home = site_find_list(&s, PAGE_HOME, 0, NULL);
    CHECK(home && home->n_kids == 3 && home->pager_total == 2);
    page *p2 = by_url(&s, "/page/2/");
    CHECK(p2 && p2->pager_no == 2 && p2->pager_first == home);
    /* aliases are redirect pages */
    page *al = by_url(&s, "/tin-cu/ke-hoach/");
    CHECK(al && al->kind == PAGE_ALIAS && al->alias_of == vi);
    /* 404 per language */
    CHECK(by_url(&s, "/404.html") && by_url(&s, "/en/404.html"));
    /* URL helpers */
    char *a = site_abs_url(&s, "/ke-hoach/");
    CHECK_STR(a, "https://example.org/ke-hoach/");
    free(a);
    free(s.cfg.base_path);
    s.cfg.base_path = strdup("/cong/");
    char *r = site_rel_url(&s, "/ke-hoach/");
    CHECK_STR(r, "/cong/ke-hoach/");
    free(r);
    a = site_abs_url(&s, "/");
    CHECK_STR(a, "https://example.org/cong/");
    free(a);
    /* Markdown: the .md link is rewritten to the target's URL */
    CHECK_INT(site_render_markdown(&s, d), 0);
    if (vi) CHECK_CONTAINS(vi->md.html, "href=\"/cong/ke-hoach/lo-trinh/#muc-tieu\"");
    s.root = NULL;
    site_free(&s);
    diag_free(d);
    return t_done();
}
