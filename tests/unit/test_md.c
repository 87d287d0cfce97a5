/* Unit tests for md: GFM extensions, heading ids, toc, summary, raw HTML,
 * link resolution and errors, plain text and word count. */
#include "t.h"
#include <pthread.h>
#include "cmarkx.h"
#include "md.h"
#include "diag.h"
#include <stdlib.h>
#include <string.h>

/* Test resolver: knows two source files. */
static char *resolve(void *ud, const char *target)
{
    int *calls = ud;
    if (calls) (*calls)++;
    if (strcmp(target, "../ke-hoach/lo-trinh-2035.md") == 0) return strdup("/ke-hoach/lo-trinh-2035/");
    if (strcmp(target, "gioi-thieu.md") == 0) return strdup("/gioi-thieu/");
    return NULL;
}

/* Renders src with default options (or o) and returns md_render's result. */
static int render(const char *src, const md_options *o, md_result *r, diag_list *d)
{
    return md_render("content/bai.md", src, strlen(src), 0, o, resolve, NULL, r, d);
}

/* Tables, footnotes, strikethrough and autolinks. */
static void test_extensions(void)
{
    diag_list *d = diag_new();
    md_result r;
    const char *src =
        "| a | b |\n|---|:-:|\n| 1 | 2 |\n\n"
        "Xoá ~~cũ~~ đi.[^1]\n\n"
        "Xem https://example.org/x và www.example.com.\n\n"
        "[^1]: Chú thích.\n";
    CHECK_INT(render(src, NULL, &r, d), 0);
    CHECK_CONTAINS(r.html, "<table>");
    CHECK_CONTAINS(r.html, "<td>1</td>");
    CHECK_CONTAINS(r.html, "<th align=\"center\">b</th>");
    CHECK_CONTAINS(r.html, "<del>cũ</del>");
    CHECK_CONTAINS(r.html, "<a href=\"https://example.org/x\">https://example.org/x</a>");
    CHECK_CONTAINS(r.html, "<a href=\"http://www.example.com\">www.example.com</a>");
    CHECK_CONTAINS(r.html, "href=\"#fn-1\"");
    CHECK_CONTAINS(r.html, "class=\"footnotes\"");
    CHECK_CONTAINS(r.html, "Chú thích.");
    CHECK_INT(diag_count(d), 0);
    md_result_free(&r);
    diag_free(d);
}

/* Heading ids: Vietnamese folded, duplicates suffixed, fallback, list. */
static void test_headings(void)
{
    diag_list *d = diag_new();
    md_result r;
    const char *src =
        "# Lộ trình\n\n"
        "## Mục tiêu chung\n\n"
        "## Mục tiêu chung\n\n"
        "### Mục tiêu *chung*\n\n"
        "## !!!\n\n"
        "Mục tiêu chung-1\n---\n";
    CHECK_INT(render(src, NULL, &r, d), 0);
    CHECK_CONTAINS(r.html, "<h1 id=\"lo-trinh\">Lộ trình</h1>\n");
    CHECK_CONTAINS(r.html, "<h2 id=\"muc-tieu-chung\">Mục tiêu chung</h2>\n");
    CHECK_CONTAINS(r.html, "<h2 id=\"muc-tieu-chung-1\">Mục tiêu chung</h2>");
    CHECK_CONTAINS(r.html, "<h3 id=\"muc-tieu-chung-2\">Mục tiêu <em>chung</em></h3>");
    CHECK_CONTAINS(r.html, "<h2 id=\"section\">!!!</h2>");
    /* the setext heading's own slug is taken, so it gets the next suffix */
    CHECK_CONTAINS(r.html, "<h2 id=\"muc-tieu-chung-1-1\">Mục tiêu chung-1</h2>");
    CHECK_INT(r.n_headings, 6);
    if (r.n_headings == 6) {
        CHECK_INT(r.headings[0].level, 1);
        CHECK_STR(r.headings[0].id, "lo-trinh");
        CHECK_STR(r.headings[0].text, "Lộ trình");
        CHECK_INT(r.headings[3].level, 3);
        CHECK_STR(r.headings[3].text, "Mục tiêu chung");
        CHECK_STR(r.headings[5].id, "muc-tieu-chung-1-1");
    }
    md_result_free(&r);

    /* a raw <h2> with unsafe_html stays as written, ids only on real headings */
    md_options o = { 1, 0, 0, 0, 1 };
    CHECK_INT(render("<h2>raw</h2>\n\n## Thật\n", &o, &r, d), 0);
    CHECK_CONTAINS(r.html, "<h2>raw</h2>");
    CHECK_CONTAINS(r.html, "<h2 id=\"that\">Thật</h2>");
    CHECK_INT(r.n_headings, 1);
    md_result_free(&r);
    diag_free(d);
}

/* Table of contents: h2..h4 nested, h1/h5 left out, text escaped. */
static void test_toc(void)
{
    diag_list *d = diag_new();
    md_result r;
    const char *src =
        "# Tiêu đề\n\n## Một\n\n### Một.1\n\n#### Sâu\n\n##### Quá sâu\n\n"
        "### Một.2\n\n## Hai & <ba>\n";
    CHECK_INT(render(src, NULL, &r, d), 0);
    CHECK_STR(r.toc_html,
        "<ul><li><a href=\"#mot\">Một</a>"
        "<ul><li><a href=\"#mot-1\">Một.1</a>"
        "<ul><li><a href=\"#sau\">Sâu</a></li></ul></li>"
        "<li><a href=\"#mot-2\">Một.2</a></li></ul></li>"
        "<li><a href=\"#hai-ba\">Hai &amp; &lt;ba&gt;</a></li></ul>");
    md_result_free(&r);

    CHECK_INT(render("# Chỉ h1\n\nVăn bản.\n", NULL, &r, d), 0);
    CHECK_STR(r.toc_html, "");
    md_result_free(&r);

    /* a page starting at h3 and going up to h2 */
    CHECK_INT(render("### A\n\n## B\n", NULL, &r, d), 0);
    CHECK_STR(r.toc_html, "<ul><li><a href=\"#a\">A</a></li><li><a href=\"#b\">B</a></li></ul>");
    md_result_free(&r);
    diag_free(d);
}

/* Summary: up to <!--more-->, else the first paragraph. */
static void test_summary(void)
{
    diag_list *d = diag_new();
    md_result r;
    const char *src = "Đoạn một.\n\nĐoạn hai.[^n]\n\n<!-- more -->\n\nĐoạn ba.\n\n[^n]: Ghi chú.\n";
    CHECK_INT(render(src, NULL, &r, d), 0);
    CHECK_INT(r.summary_marked, 1);
    CHECK_STR(r.summary_html, "<p>Đoạn một.</p>\n<p>Đoạn hai.</p>\n");
    CHECK(strstr(r.html, "more") == NULL);
    CHECK_CONTAINS(r.html, "<p>Đoạn ba.</p>");
    CHECK(strstr(r.html, "<!--") == NULL);
    md_result_free(&r);

    /* inline marker: the summary ends mid-paragraph */
    CHECK_INT(render("Mở đầu *ngắn* <!--more--> phần còn lại.\n\nSau.\n", NULL, &r, d), 0);
    CHECK_INT(r.summary_marked, 1);
    CHECK_STR(r.summary_html, "<p>Mở đầu <em>ngắn</em> </p>\n");
    CHECK_STR(r.html, "<p>Mở đầu <em>ngắn</em>  phần còn lại.</p>\n<p>Sau.</p>\n");
    md_result_free(&r);

    /* no marker: first paragraph, even after a heading */
    CHECK_INT(render("## Mở\n\nĐoạn **đầu**.\n\nĐoạn sau.\n", NULL, &r, d), 0);
    CHECK_INT(r.summary_marked, 0);
    CHECK_STR(r.summary_html, "<p>Đoạn <strong>đầu</strong>.</p>\n");
    CHECK_CONTAINS(r.html, "<p>Đoạn <strong>đầu</strong>.</p>\n<p>Đoạn sau.</p>");
    md_result_free(&r);

    CHECK_INT(render("", NULL, &r, d), 0);
    CHECK_STR(r.summary_html, "");
    CHECK_STR(r.html, "");
    CHECK_INT(r.word_count, 0);
    md_result_free(&r);
    CHECK_INT(diag_count(d), 0);
    diag_free(d);
}

/* Raw HTML is shown escaped by default and passed with unsafe_html. */
static void test_raw_html(void)
{
    diag_list *d = diag_new();
    md_result r;
    const char *src = "<script>alert(1)</script>\n\nChữ <b>đậm</b>.\n";
    CHECK_INT(render(src, NULL, &r, d), 0);
    CHECK_CONTAINS(r.html, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    CHECK_CONTAINS(r.html, "<p>Chữ &lt;b&gt;đậm&lt;/b&gt;.</p>");
    CHECK(strstr(r.html, "<script") == NULL);
    CHECK(strstr(r.html, "raw HTML omitted") == NULL);
    md_result_free(&r);

    md_options o = { 1, 0, 0, 0, 1 };
    CHECK_INT(render(src, &o, &r, d), 0);
    CHECK_CONTAINS(r.html, "<script>alert(1)</script>");
    CHECK_CONTAINS(r.html, "<p>Chữ <b>đậm</b>.</p>");
    md_result_free(&r);
    CHECK_INT(diag_count(d), 0);
    diag_free(d);
}

/* Links to .md sources are rewritten; others are left alone. */
static void test_links(void)
{
    diag_list *d = diag_new();
    md_result r;
    int calls = 0;
    const char *src =
        "Xem [lộ trình](../ke-hoach/lo-trinh-2035.md#muc-tieu), [giới thiệu](gioi-thieu.md),\n"
        "[ảnh](anh/so-do.png), [mục](#muc), [thư](mailto:a@b.vn), [web](https://x.vn/a.md)\n"
        "và ![nhúng](data:image/png;base64,iVBORw0KGgo=).\n";
    CHECK_INT(md_render("content/bai.md", src, strlen(src), 0, NULL, resolve, &calls, &r, d), 0);
    CHECK_CONTAINS(r.html, "<a href=\"/ke-hoach/lo-trinh-2035/#muc-tieu\">lộ trình</a>");
    CHECK_CONTAINS(r.html, "<a href=\"/gioi-thieu/\">giới thiệu</a>");
    CHECK_CONTAINS(r.html, "<a href=\"anh/so-do.png\">ảnh</a>");
    CHECK_CONTAINS(r.html, "<a href=\"#muc\">mục</a>");
    CHECK_CONTAINS(r.html, "<a href=\"mailto:a@b.vn\">thư</a>");
    CHECK_CONTAINS(r.html, "<a href=\"https://x.vn/a.md\">web</a>");
    CHECK_CONTAINS(r.html, "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"nhúng\" />");
    CHECK_INT(calls, 2);
    CHECK_INT(diag_count(d), 0);
    md_result_free(&r);
    diag_free(d);
}

/* A missing .md link is an error at its file:line:col (line_offset 5). */
static void test_link_errors(void)
{
    diag_list *d = diag_new();
    md_result r;
    const char *src =
        "# Tiêu đề\n"
        "\n"
        "Đoạn văn có\n"
        "liên kết [hỏng](../ke-hoach/x.md#a) ở đây.\n"
        "\n"
        "- mục [js](javascript:alert(1))\n";
    CHECK_INT(md_render("content/bai.md", src, strlen(src), 5, NULL, resolve, NULL, &r, d), -1);
    CHECK(r.html == NULL);
    CHECK(r.plain == NULL);
    CHECK_INT(r.n_headings, 0);
    CHECK_INT(diag_errors(d), 2);
    if (diag_count(d) == 2) {
        const diag_item *a = diag_get(d, 0), *b = diag_get(d, 1);
        CHECK_STR(a->file, "content/bai.md");
        CHECK_INT(a->line, 9);
        CHECK_INT(a->col, 10);       /* "liên kết " is 9 characters */
        CHECK_STR(a->msg, "link to \"../ke-hoach/x.md#a\" does not match any page");
        CHECK_STR(a->hint, "check the file name; links are written to the source file, "
                           "relative to this page");
        CHECK_INT(b->line, 11);
        CHECK_INT(b->col, 7);       /* "- mục " is 6 characters */
        CHECK_STR(b->msg, "unsafe link \"javascript:alert(1)\"");
    }
    diag_free(d);

    /* cmark's columns are off on lazy and over-indented lines; the column
     * given is still the link's own */
    d = diag_new();
    src = "> trích\nlười [x](y.md)\n\n- mục\n      thêm ![z](w.md) [z](w.md)\n\n"
          "đoạn\n   thụt [q][r] và [q](r.md)\n\n[r]: r.md\n";
    CHECK_INT(md_render("a.md", src, strlen(src), 0, NULL, resolve, NULL, &r, d), -1);
    CHECK_INT(diag_errors(d), 5);
    if (diag_count(d) == 5) {
        CHECK_INT(diag_get(d, 0)->line, 2);
        CHECK_INT(diag_get(d, 0)->col, 6);
        CHECK_INT(diag_get(d, 1)->line, 5);
        CHECK_INT(diag_get(d, 1)->col, 12);
        CHECK_INT(diag_get(d, 2)->col, 23);
        CHECK_INT(diag_get(d, 3)->line, 8);
        CHECK_INT(diag_get(d, 3)->col, 9);
        CHECK_INT(diag_get(d, 4)->col, 19);
    }
    diag_free(d);

    /* other unsafe schemes, case and leading junk ignored; data: links */
    const char *bad[] = {
        "[x](JavaScript:alert(1))", "[x](<\tjavascript:alert(1)>)", "[x](vbscript:msgbox)",
        "[x](file:///etc/passwd)", "[x](data:text/html,hi)", "[x](data:image/png;base64,AA)",
        "![x](data:image/svg+xml,<svg/>)", "<javascript:alert(1)>",
        "[x](&#106;avascript:alert(1))",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        d = diag_new();
        int rc = render(bad[i], NULL, &r, d);
        CHECK_INT(rc, -1);
        CHECK_INT(diag_errors(d), 1);
        if (diag_count(d) == 1) CHECK(strncmp(diag_get(d, 0)->msg, "unsafe link", 11) == 0);
        if (rc == 0) md_result_free(&r);
        diag_free(d);
    }
    const char *good[] = {
        "![x](data:image/gif;base64,AA)", "![x](DATA:image/jpeg;base64,AA)",
        "![x](data:image/webp;base64,AA)", "[x](javascript-notes.html)",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        d = diag_new();
        CHECK_INT(render(good[i], NULL, &r, d), 0);
        CHECK_INT(diag_count(d), 0);
        md_result_free(&r);
        diag_free(d);
    }
}

/* Plain text and word count. */
static void test_plain(void)
{
    diag_list *d = diag_new();
    md_result r;
    const char *src =
        "## Mục tiêu\n\n"
        "Phát triển *khoa học* và [công nghệ](https://x.vn) ![ảnh](a.png)đến năm 2035.[^1]\n\n"
        "```\nmake test\n```\n\n"
        "- một `mã`\n- hai\n\n"
        "[^1]: Ghi chú.\n";
    CHECK_INT(render(src, NULL, &r, d), 0);
    CHECK_STR(r.plain,
        "Mục tiêu\nPhát triển khoa học và công nghệ đến năm 2035.\nmake test\nmột mã\nhai\nGhi chú.");
    CHECK_INT(r.word_count, 19);
    md_result_free(&r);
    diag_free(d);
}

/* Typographic options are passed to cmark. */
static void test_options(void)
{
    diag_list *d = diag_new();
    md_result r;
    md_options o = { 0, 1, 1, 0, 1 };
    CHECK_INT(render("\"Chào\" -- bạn\ndòng hai\n", &o, &r, d), 0);
    CHECK_STR(r.html, "<p>\xE2\x80\x9C" "Chào\xE2\x80\x9D \xE2\x80\x93 bạn<br />\ndòng hai</p>\n");
    md_result_free(&r);
    diag_free(d);
}

/* Regression (found by fuzz_md): a heading whose only content is an image
 * used the replaced heading's freed buffer. Under ASan this crashed. */
static void test_heading_image(void)
{
    md_result r = {0};
    diag_list *d = diag_new();
    CHECK_INT(render("# ![a](b)\n\n## *x* ![c](d) `e`\n", NULL, &r, d), 0);
    CHECK_CONTAINS(r.html, "<img src=\"b\" alt=\"a\" />");
    CHECK_CONTAINS(r.html, "<h2 id=\"x-e\"><em>x</em> <img src=\"d\" alt=\"c\" /> <code>e</code></h2>");
    md_result_free(&r);
    diag_free(d);
}

/* Parses on two threads at once keep strikethrough and autolinks: cmark-gfm
 * 0.29 changes a process-wide table during every parse (cmarkx.h), which
 * made one thread's parse lose '~' or "www." now and then. */
typedef struct par_arg { int bad; } par_arg;

static void *parse_many(void *arg)
{
    par_arg *a = arg;
    static const char text[] = "Một ~~cũ~~ và www.langson.gov.vn, ~x~ và https://a.vn/b.\n\n"
                               "| a | b |\n|---|---|\n| ~~c~~ | www.d.vn |\n";
    for (int i = 0; i < 3000; i++) {
        md_result r = {0};
        diag_list *d = diag_new();
        if (md_render("p.md", text, sizeof text - 1, 0, NULL, NULL, NULL, &r, d) < 0 ||
            !strstr(r.html, "<del>cũ</del>") || !strstr(r.html, "<del>x</del>") ||
            !strstr(r.html, "<del>c</del>") ||
            !strstr(r.html, "<a href=\"http://www.langson.gov.vn\">") ||
            !strstr(r.html, "<a href=\"https://a.vn/b\">") ||
            !strstr(r.html, "<a href=\"http://www.d.vn\">"))
            a->bad++;
        md_result_free(&r);
        diag_free(d);
    }
    return NULL;
}

static void test_parallel(void)
{
    CHECK_INT(cmarkx_init(), 1);   /* parses need no lock */
    pthread_t th[3];
    par_arg args[3] = {{0}};
    for (int i = 0; i < 3; i++) pthread_create(&th[i], NULL, parse_many, &args[i]);
    for (int i = 0; i < 3; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < 3; i++) CHECK_INT(args[i].bad, 0);
}

int main(void)
{
    test_parallel();
    test_heading_image();
    test_extensions();
    test_headings();
    test_toc();
    test_summary();
    test_raw_html();
    test_links();
    test_link_errors();
    test_plain();
    test_options();
    return t_done();
}
