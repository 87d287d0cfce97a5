/* Fuzz target: a whole build of one fuzzed page (generator/build.c and
 * everything it calls: site.c, fm.c, schema.c, md.c, render.c, tpl.c,
 * luax.c, feeds.c, xml.c, out.c).
 *
 * Once per process a minimal site is made in a temporary folder: site.lua
 * (two languages, a taxonomy, feeds), layouts that show the title,
 * description, summary, content, table of contents, params (as JSON),
 * terms and translations, an i18n file, and a fixed page
 * content/tin-tuc/a.md that the fuzzed page can link to. The input is
 * written as content/tin-tuc/fuzz.md and the site is built with build_run
 * (one thread, quiet, drafts and future pages included, a fixed date) into
 * a fresh destination, which is removed after each run.
 * Checked besides memory safety and leaks:
 *   - build_run returns 0 exactly when no error was reported;
 *   - after a failure the destination does not exist; after a success it
 *     holds index.html and sitemap.xml;
 *   - nothing is left beside the destination (no staging folder, no file
 *     written outside it) and the source folder is unchanged (but for the
 *     build's cache, site/.lotrinh-cache);
 *   - every .html file of the output parses with libxml2 and holds no
 *     <script>, <iframe>, <object>, <embed>, <style> or <form> element, no
 *     on* event attribute, and no href/src with a javascript:, vbscript:,
 *     file: or data: URL (data: only for png/gif/jpeg/webp images): text
 *     from the page is always escaped. */
#include <dirent.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include "fuzz.h"
#include "build.h"
#include "fsx.h"

static const char site_lua[] =
    "return {\n"
    "  title = \"Fuzz <site>\",\n"
    "  base_url = \"https://example.org/cong/\",\n"
    "  paginate = 2,\n"
    "  languages = { { code = \"vi\", name = \"Tiếng Việt\" }, { code = \"en\", name = \"English\" } },\n"
    "  taxonomies = { sectors = { vi = \"linh-vuc\", en = \"sectors\" } },\n"
    "}\n";

static const char baseof_html[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"{{ page.lang }}\"><head><meta charset=\"utf-8\"><title>{{ page.title }}</title>\n"
    "<meta name=\"description\" content=\"{{ page.description }}\"></head><body>\n"
    "<nav>{{ t(\"home\") }}: <a href=\"{{ url('/') }}\">{{ site.title }}</a></nav>\n"
    "{% block \"main\" %}{% endblock %}\n"
    "</body></html>\n";

static const char single_html[] =
    "{% extends \"_default/baseof\" %}\n"
    "{% block \"main\" %}\n"
    "<h1>{{ page.title }}</h1>\n"
    "{% if page.date then %}<time>{{ date(page.date) }}</time>{% end %}\n"
    "<nav class=\"toc\">{{ page.toc }}</nav>\n"
    "{{ page.content }}\n"
    "<p class=\"summary\">{{ page.summary }}</p>\n"
    "<pre>{{ json(page.params) }}</pre>\n"
    "{% for _, tr in ipairs(page.translations or {}) do %}<a href=\"{{ tr.url }}\">{{ tr.title }}</a>{% end %}\n"
    "{% endblock %}\n";

static const char list_html[] =
    "{% extends \"_default/baseof\" %}\n"
    "{% block \"main\" %}\n"
    "<h1>{{ page.title }}</h1>{{ page.content }}\n"
    "<ul>{% for _, p in ipairs(page.pages) do %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a>"
    " {{ p.summary }} {{ p.description }}</li>{% end %}</ul>\n"
    "{% endblock %}\n";

static const char i18n_vi[] = "home: \"Trang <chủ>\"\n";
static const char i18n_en[] = "home: \"Home\"\n";

static const char page_a[] =
    "---\ntitle: Tin A\ndate: 2026-01-02\nsectors: [kinh-te-so]\n---\n## Mục 1\n\nNội dung A.\n";

/* The temporary folder of this process: site/ and out/ inside it. */
static char root[64];

static void cleanup(void)
{
    if (root[0]) fsx_rmtree(root);
}

static void put(const char *rel, const char *text, size_t len)
{
    char *p = fsx_join(root, rel);
    FUZZ_CHECK(p && fsx_write(p, text, len) == 0, "cannot write %s", rel);
    free(p);
}

static void setup(void)
{
    if (root[0]) return;
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/lotrinh-fuzz-XXXXXX", tmp && strlen(tmp) < 30 ? tmp : "/tmp");
    FUZZ_CHECK(mkdtemp(root) != NULL, "mkdtemp %s failed", root);
    atexit(cleanup);
    put("site/site.lua", site_lua, strlen(site_lua));
    put("site/layouts/_default/baseof.html", baseof_html, strlen(baseof_html));
    put("site/layouts/_default/single.html", single_html, strlen(single_html));
    put("site/layouts/_default/list.html", list_html, strlen(list_html));
    put("site/i18n/vi.yaml", i18n_vi, strlen(i18n_vi));
    put("site/i18n/en.yaml", i18n_en, strlen(i18n_en));
    put("site/content/tin-tuc/a.md", page_a, strlen(page_a));
}

static const char *const bad_tags[] = { "script", "iframe", "object", "embed", "style", "form", NULL };

static void check_url(const char *file, const char *tag, const char *attr, const char *value)
{
    buf u = BUF_INIT;
    const char *p = value;
    while (*p && (unsigned char)*p <= 0x20) p++;          /* as browsers do */
    for (; *p; p++)
        if (*p != '\t' && *p != '\n' && *p != '\r')
            buf_putc(&u, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
    const char *url = buf_cstr(&u);
    int bad = !strncmp(url, "javascript:", 11) || !strncmp(url, "vbscript:", 9) ||
              !strncmp(url, "file:", 5);
    if (!strncmp(url, "data:", 5)) {
        static const char *const ok[] = { "image/png", "image/gif", "image/jpeg", "image/webp" };
        int good = 0;
        for (size_t i = 0; !strcmp(tag, "img") && !strcmp(attr, "src") && i < 4; i++) {
            size_t l = strlen(ok[i]);
            if (!strncmp(url + 5, ok[i], l) && (url[5 + l] == ';' || url[5 + l] == ',')) good = 1;
        }
        bad |= !good;
    }
    FUZZ_CHECK(!bad, "%s: unsafe URL <%s %s=\"%s\">", file, tag, attr, value);
    buf_free(&u);
}

static void walk(const char *file, xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        const char *tag = (const char *)n->name;
        for (size_t i = 0; bad_tags[i]; i++)
            FUZZ_CHECK(strcmp(tag, bad_tags[i]) != 0, "%s: a <%s> element in the output", file, tag);
        for (xmlAttr *a = n->properties; a; a = a->next) {
            const char *an = (const char *)a->name;
            FUZZ_CHECK(strncasecmp(an, "on", 2) != 0, "%s: event attribute %s on <%s>", file, an, tag);
            if (!strcasecmp(an, "href") || !strcasecmp(an, "src")) {
                xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
                check_url(file, tag, an, v ? (const char *)v : "");
                xmlFree(v);
            }
        }
        walk(file, n->children);
    }
}

/* Counts the files and folders under dir. */
static int count_tree(const char *dir)
{
    char **names;
    long n = fsx_list(dir, &names);
    int c = 0;
    for (long i = 0; i < n; i++) {
        if (!strcmp(names[i], ".lotrinh-cache")) continue;   /* the build's own cache */
        char *full = fsx_join(dir, names[i]);
        c++;
        if (fsx_kind(full) == 1) c += count_tree(full);
        free(full);
    }
    if (n >= 0) fsx_list_free(names, n);
    return c;
}

/* Checks every .html file under dir (rel: its path inside the output). */
static void check_tree(const char *dir, const char *rel, int depth, int *pages)
{
    FUZZ_CHECK(depth < 40, "the output is nested %d folders deep at %s", depth, rel);
    char **names;
    long n = fsx_list(dir, &names);
    FUZZ_CHECK(n >= 0, "cannot list %s", dir);
    for (long i = 0; i < n; i++) {
        char *full = fsx_join(dir, names[i]);
        int k = fsx_kind(full);
        FUZZ_CHECK(k == 1 || k == 2, "%s/%s is neither a file nor a folder (%d)", rel, names[i], k);
        if (k == 1) {
            buf r = BUF_INIT;
            buf_printf(&r, "%s%s/", rel, names[i]);
            check_tree(full, buf_cstr(&r), depth + 1, pages);
            buf_free(&r);
        } else {
            size_t l = strlen(names[i]);
            if (l > 5 && !strcmp(names[i] + l - 5, ".html")) {
                buf text = BUF_INIT;
                FUZZ_CHECK(fsx_read(full, &text) == 0 && !text.failed, "cannot read %s", full);
                htmlDocPtr doc = htmlReadMemory(buf_cstr(&text), (int)text.len, names[i], "UTF-8",
                                                HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                                HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
                FUZZ_CHECK(doc != NULL, "%s%s does not parse as HTML", rel, names[i]);
                walk(names[i], xmlDocGetRootElement(doc));
                xmlFreeDoc(doc);
                buf_free(&text);
                (*pages)++;
            }
        }
        free(full);
    }
    fsx_list_free(names, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024) return 0;      /* big pages: the bad-input case of 20 MB */
    setup();
    put("site/content/tin-tuc/fuzz.md", (const char *)data, size);
    char *site = fsx_join(root, "site");
    char *dest = fsx_join(root, "out");
    fsx_rmtree(dest);
    build_opts o = { .source = site, .dest = dest, .drafts = 1, .future = 1, .quiet = 1,
                     .jobs = 1, .now = 1795392000 /* 2026-11-23 UTC */ };
    diag_list *d = diag_new();
    FUZZ_CHECK(d != NULL, "out of memory");
    int rc = build_run(&o, d, fuzz_devnull());
    FUZZ_CHECK((rc == 0) == (diag_errors(d) == 0), "build_run returned %d with %zu errors", rc,
               diag_errors(d));
    diag_print(d, fuzz_devnull(), 0);
    diag_free(d);
    /* nothing beside site/ and out/ */
    char **names;
    long n = fsx_list(root, &names);
    FUZZ_CHECK(n >= 0, "cannot list %s", root);
    for (long i = 0; i < n; i++)
        FUZZ_CHECK(!strcmp(names[i], "site") || !strcmp(names[i], "out"),
                   "the build left \"%s\" beside the destination", names[i]);
    fsx_list_free(names, n);
    /* site/: site.lua, i18n/ (2), layouts/_default/ (3), content/tin-tuc/ (2) */
    FUZZ_CHECK(count_tree(site) == 13, "the build changed the source folder (%d entries)",
               count_tree(site));
    if (rc != 0) {
        FUZZ_CHECK(fsx_kind(dest) == -1, "a failed build created the destination");
    } else {
        char *idx = fsx_join(dest, "index.html"), *sm = fsx_join(dest, "sitemap.xml");
        FUZZ_CHECK(fsx_kind(idx) == 2 && fsx_kind(sm) == 2, "the output lacks index.html or sitemap.xml");
        free(idx);
        free(sm);
        int pages = 0;
        check_tree(dest, "", 0, &pages);
        FUZZ_CHECK(pages >= 4, "only %d HTML files in the output", pages);
    }
    fsx_rmtree(dest);
    free(site);
    free(dest);
    return 0;
}
