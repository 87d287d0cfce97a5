/* Unit tests for the search index: tokens folded like slugs (NFC and NFD
 * alike, đ -> d), text taken from rendered HTML, ranking weights, which
 * pages are indexed, and one page's postings. */
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "buf.h"
#include "search.h"

/* Tokens joined with '|', for comparison. */
static void collect(void *ud, const char *tok, size_t len)
{
    buf *b = ud;
    if (b->len) buf_putc(b, '|');
    buf_put(b, tok, len);
}

static char *toks(const char *s)
{
    buf b = BUF_INIT;
    long n = search_tokenize(s, strlen(s), collect, &b);
    if (n < 0) { buf_free(&b); return strdup("(invalid)"); }
    return buf_detach(&b, NULL);
}

#define CHECK_TOKS(in, want) do { char *g = toks(in); CHECK_STR(g, want); free(g); } while (0)

static unsigned weight_of(const search_doc *d, const char *tok)
{
    for (size_t i = 0; i < d->n_terms; i++)
        if (!strcmp(d->terms[i].tok, tok)) return d->terms[i].weight;
    return 0;
}

static void test_tokens(void)
{
    CHECK_TOKS("Lộ trình đổi mới công nghệ", "lo|trinh|doi|moi|cong|nghe");
    /* the same words typed in NFD (base letter + combining marks) */
    CHECK_TOKS("Lo\xcc\xa3\xcc\x82 tri\xcc\x80nh", "lo|trinh");
    CHECK_TOKS("ĐỒNG ĐĂNG - Lạng Sơn", "dong|dang|lang|son");
    CHECK_TOKS("đàn, dân, dần", "dan|dan|dan");
    /* document numbers and figures split on punctuation, as queries do */
    CHECK_TOKS("53/KH-UBND; 0,75; 1.113.681", "53|kh|ubnd|0|75|1|113|681");
    CHECK_TOKS("5G 100%", "5g|100");
    CHECK_TOKS("  ", "");
    CHECK_TOKS("", "");
    CHECK_TOKS("Straße", "strasse");                 /* case folding, like slugs */
    CHECK_TOKS("東京 🚀 tàu", "東京|tau");          /* letters of any script; emoji separate */
    /* a run longer than SEARCH_MAX_TOKEN bytes is not indexed */
    CHECK_TOKS("ngan 0123456789012345678901234567890123456789012345678 x", "ngan|x");
    CHECK_TOKS("\xff bad", "(invalid)");
    buf b = BUF_INIT;
    CHECK_INT(search_tokenize("a b c", 5, collect, &b), 3);
    buf_free(&b);
}

static void test_weights(void)
{
    CHECK_INT(search_weight(0, 0, 0, 0), 0);
    CHECK_INT(search_weight(0, 0, 0, 1), 1);
    CHECK_INT(search_weight(0, 0, 0, 2), 1);
    CHECK_INT(search_weight(0, 0, 0, 3), 2);
    CHECK_INT(search_weight(0, 0, 0, 10), 3);
    CHECK_INT(search_weight(0, 0, 0, 500), 3);
    CHECK_INT(search_weight(1, 0, 0, 0), SEARCH_W_TITLE);
    CHECK_INT(search_weight(0, 2, 0, 0), SEARCH_W_HEADING);
    CHECK_INT(search_weight(0, 0, 1, 0), SEARCH_W_SUMMARY);
    CHECK_INT(search_weight(1, 1, 1, 1), SEARCH_W_TITLE + SEARCH_W_HEADING + SEARCH_W_SUMMARY + 1);
    /* the ranking order the client relies on: title > heading > summary > any body */
    CHECK(search_weight(1, 0, 0, 0) > search_weight(0, 1, 1, 500));
    CHECK(search_weight(0, 1, 0, 0) > search_weight(0, 0, 1, 500));
    CHECK(search_weight(0, 0, 1, 0) > search_weight(0, 0, 0, 500));
    CHECK(search_weight(1, 1, 1, 500) < 32);         /* one small number per posting */
}

static void test_html_text(void)
{
    const char *html =
        "<!DOCTYPE html><html><head><title>x</title><style>.a{}</style></head><body>"
        "<nav>menu</nav><header>phần trên</header>"
        "<main><h1>Sở Giáo dục <span>(GD&amp;ĐT)</span></h1>"
        "<p>Thân <b>bà</b>i&nbsp;viết</p><h2>Mục <em>tiêu</em></h2>"
        "<script>alert(1)</script><p hidden>ẩn</p><p data-search-skip>bỏ</p>"
        "<p aria-hidden=\"true\">no</p><nav>trang</nav><form><label>q</label></form>"
        "<p>2030<span>Bắt đầu</span></p><h3>Phụ</h3></main>"
        "<footer>chân</footer></body></html>";
    search_text t = { BUF_INIT, BUF_INIT, BUF_INIT };
    CHECK_INT(search_html_text(html, strlen(html), &t), 0);
    const char *body = buf_cstr(&t.body);
    CHECK_CONTAINS(body, "Thân bài\xc2\xa0viết");   /* <b> inside a word joins; &nbsp; decoded */
    CHECK(!strstr(body, "menu") && !strstr(body, "phần") && !strstr(body, "chân"));
    CHECK(!strstr(body, "alert") && !strstr(body, "ẩn") && !strstr(body, "bỏ"));
    CHECK(!strstr(body, "no") && !strstr(body, "trang") && !strstr(body, "q\n"));
    CHECK(!strstr(body, "2030Bắt"));                /* a <span> breaks words */
    CHECK(!strstr(body, "Mục") && !strstr(body, "Sở"));
    CHECK_CONTAINS(buf_cstr(&t.heads), "Mục tiêu");
    CHECK_CONTAINS(buf_cstr(&t.heads), "Phụ");
    CHECK_CONTAINS(buf_cstr(&t.title), "(GD&ĐT)");
    search_text_free(&t);
    /* without <main>, the body */
    search_text u = { BUF_INIT, BUF_INIT, BUF_INIT };
    const char *frag = "<p>một <i>hai</i></p>";
    CHECK_INT(search_html_text(frag, strlen(frag), &u), 0);
    CHECK_CONTAINS(buf_cstr(&u.body), "một hai");
    search_text_free(&u);
}

/* A one-language site with a base path, enough for search_doc_make. */
static void fake_site(site *s)
{
    memset(s, 0, sizeof *s);
    s->cfg.base_url = "https://example.org";
    s->cfg.base_path = "/cong/";
    s->cfg.search = 1;
    s->cfg.search_summary = 40;
    s->cfg.search_shard = 65536;
}

static void test_wanted_and_doc(void)
{
    site s;
    fake_site(&s);
    page p;
    memset(&p, 0, sizeof p);
    p.kind = PAGE_REGULAR;
    p.pager_no = 1;
    p.section = "tin-tuc";
    p.url = "/tin-tuc/hop-bao/";
    p.out = "tin-tuc/hop-bao/index.html";
    p.title = "Họp báo về lộ trình";
    CHECK(search_wanted(&s, &p));
    p.no_search = 1; CHECK(!search_wanted(&s, &p)); p.no_search = 0;
    p.no_sitemap = 1; CHECK(!search_wanted(&s, &p)); p.no_sitemap = 0;
    p.pager_no = 2; CHECK(!search_wanted(&s, &p)); p.pager_no = 1;
    p.kind = PAGE_ALIAS; CHECK(!search_wanted(&s, &p));
    p.kind = PAGE_404; CHECK(!search_wanted(&s, &p)); p.kind = PAGE_REGULAR;
    p.out = "tin-tuc/index.json"; CHECK(!search_wanted(&s, &p));
    p.out = "tin-tuc/hop-bao/index.html";

    const char *html = "<main><h1>Họp báo về lộ trình</h1><h2>Lộ trình</h2>"
                       "<p>Báo chí hỏi về lộ trình, lộ trình và lộ trình. Họp xong.</p></main>";
    search_doc d;
    CHECK_INT(search_doc_make(&s, &p, html, strlen(html), &d), 0);
    CHECK(d.used);
    CHECK_STR(d.url, "/cong/tin-tuc/hop-bao/");
    CHECK_STR(d.title, "Họp báo về lộ trình");
    CHECK_STR(d.section, "tin-tuc");
    /* no summary or description: the body's start, cut at a word under 40 characters */
    CHECK_STR(d.summary, "Báo chí hỏi về lộ trình, lộ trình và lộ…");
    /* "lo": title + heading + summary + body 3 times */
    CHECK_INT(weight_of(&d, "lo"), search_weight(1, 1, 1, 3));
    CHECK_INT(weight_of(&d, "hop"), search_weight(1, 0, 0, 1));
    CHECK_INT(weight_of(&d, "chi"), search_weight(0, 0, 1, 1));
    CHECK_INT(weight_of(&d, "xong"), search_weight(0, 0, 0, 1));
    CHECK_INT(weight_of(&d, "lộ"), 0);              /* only folded tokens */
    for (size_t i = 1; i < d.n_terms; i++) CHECK(strcmp(d.terms[i - 1].tok, d.terms[i].tok) < 0);
    search_doc_free(&d);

    /* front matter summary wins over the body; a page not wanted stays unused */
    p.summary_fm = "Tóm tắt đổi mới";
    CHECK_INT(search_doc_make(&s, &p, html, strlen(html), &d), 0);
    CHECK_STR(d.summary, "Tóm tắt đổi mới");
    CHECK_INT(weight_of(&d, "doi"), search_weight(0, 0, 1, 0));
    search_doc_free(&d);
    s.cfg.search_summary = 0;                       /* summary = 0: none kept */
    CHECK_INT(search_doc_make(&s, &p, html, strlen(html), &d), 0);
    CHECK_STR(d.summary, "");
    CHECK_INT(weight_of(&d, "doi"), 0);
    search_doc_free(&d);
    p.no_search = 1;
    CHECK_INT(search_doc_make(&s, &p, html, strlen(html), &d), 0);
    CHECK(!d.used && d.n_terms == 0);
    search_doc_free(&d);
}

static void test_json(void)
{
    buf b = BUF_INIT;
    const char *s = "a\"b\\c\n\t\x01é/<&>";
    buf_put_json(&b, s, strlen(s));
    CHECK_STR(buf_cstr(&b), "\"a\\\"b\\\\c\\n\\t\\u0001é/\\u003c\\u0026\\u003e\"");
    buf_free(&b);
}

int main(void)
{
    test_json();
    test_tokens();
    test_weights();
    test_html_text();
    test_wanted_and_doc();
    return t_done();
}
