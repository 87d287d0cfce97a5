/* Unit tests for xml.c: sitemap and index validated with xmllint against the
 * shared schemas, RSS parsed by feedparser, dates, and hostile text. */
#include "t.h"
#include "xml.h"
#include <stdlib.h>
#include <unistd.h>
#include <libxml/parser.h>

/* Writes b to a fresh temp file; returns 0 and its name in path, or -1. */
static int write_tmp(const buf *b, char path[64])
{
    snprintf(path, 64, "/tmp/lt_test_xml_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    size_t off = 0;
    while (off < b->len) {
        ssize_t w = write(fd, b->data + off, b->len - off);
        if (w <= 0) { close(fd); unlink(path); return -1; }
        off += (size_t)w;
    }
    close(fd);
    return 0;
}

/* Runs cmd with the file path appended; returns its exit status. */
static int run_on(const char *cmd, const char *path)
{
    char line[1024];
    snprintf(line, sizeof line, "%s %s", cmd, path);
    int st = system(line);
    return st == -1 ? -1 : (WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* Whether the bytes parse as well-formed XML with libxml2. */
static int well_formed(const buf *b)
{
    xmlDocPtr d = xmlReadMemory(b->data, (int)b->len, "t.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!d) return 0;
    xmlFreeDoc(d);
    return 1;
}

/* Counts occurrences of needle in hay. */
static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static void test_dates(void)
{
    char d[40];
    xml_rfc822(0, 420, d);
    CHECK_STR(d, "Thu, 01 Jan 1970 07:00:00 +0700");
    xml_rfc822(0, 0, d);
    CHECK_STR(d, "Thu, 01 Jan 1970 00:00:00 +0000");
    xml_w3c(0, 420, d);
    CHECK_STR(d, "1970-01-01T07:00:00+07:00");
    /* 2026-11-23T08:30:00+07:00 == 2026-11-23T01:30:00Z */
    xml_rfc822(1795397400LL, 420, d);
    CHECK_STR(d, "Mon, 23 Nov 2026 08:30:00 +0700");
    xml_w3c(1795397400LL, 420, d);
    CHECK_STR(d, "2026-11-23T08:30:00+07:00");
    /* negative zone crossing back a day, and a half-hour zone */
    xml_w3c(1795397400LL, -300, d);
    CHECK_STR(d, "2026-11-22T20:30:00-05:00");
    xml_rfc822(1795397400LL, -300, d);
    CHECK_STR(d, "Sun, 22 Nov 2026 20:30:00 -0500");
    xml_w3c(1795397400LL, 330, d);
    CHECK_STR(d, "2026-11-23T07:00:00+05:30");
    /* leap day */
    xml_rfc822(951782400LL, 0, d);     /* 2000-02-29T00:00:00Z */
    CHECK_STR(d, "Tue, 29 Feb 2000 00:00:00 +0000");
    xml_w3c(951782399LL, 0, d);
    CHECK_STR(d, "2000-02-28T23:59:59+00:00");
    /* before the epoch */
    xml_w3c(-1, 0, d);
    CHECK_STR(d, "1969-12-31T23:59:59+00:00");
    xml_rfc822(-1, 0, d);
    CHECK_STR(d, "Wed, 31 Dec 1969 23:59:59 +0000");
    /* absurd values stay bounded */
    xml_w3c(0x7fffffffffffffffLL, 420, d);
    CHECK_STR(d, "9999-12-31T23:59:59+07:00");
    xml_rfc822(-0x7fffffffffffffffLL, -420, d);
    CHECK(strlen(d) < 40);
}

static void test_sitemap(void)
{
    const xml_alt alts[] = {
        {"vi", "https://example.com/vi/ha-noi/"},
        {"en", "https://example.com/en/hanoi/"},
        {"x-default", "https://example.com/vi/ha-noi/"},
    };
    const xml_url urls[] = {
        {"https://example.com/vi/ha-noi/", 1795397400LL, alts, 3},
        {"https://example.com/en/hanoi/", 1795397400LL, alts, 3},
        {"https://example.com/vi/?q=a&b=c", -1, NULL, 0},
    };
    buf b = BUF_INIT;
    CHECK_INT(xml_sitemap(urls, 3, 420, &b), 0);
    const char *s = buf_cstr(&b);
    CHECK(strncmp(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38) == 0);
    CHECK_CONTAINS(s, "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
                      "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">");
    CHECK_CONTAINS(s, "<lastmod>2026-11-23T08:30:00+07:00</lastmod>");
    CHECK_CONTAINS(s, "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" "
                      "href=\"https://example.com/vi/ha-noi/\"/>");
    CHECK_CONTAINS(s, "<loc>https://example.com/vi/?q=a&amp;b=c</loc>");
    CHECK_INT(count(s, "<url>"), 3);
    CHECK_INT(count(s, "<xhtml:link"), 6);
    CHECK_INT(count(s, "<lastmod>"), 2);
    /* alternates after loc/lastmod */
    const char *lm = strstr(s, "</lastmod>"), *ln = strstr(s, "<xhtml:link");
    CHECK(lm && ln && lm < ln);
    CHECK(well_formed(&b));
    char path[64];
    CHECK_INT(write_tmp(&b, path), 0);
    CHECK_INT(run_on("xmllint --noout --quiet --nonet --schema ../shared/schemas/sitemap-hreflang.xsd",
                     path), 0);
    unlink(path);

    /* the validator does reject a bad alternate (the check has teeth) */
    const xml_alt bad[] = {{"vi", "not-a-url"}};
    const xml_url bu[] = {{"https://example.com/x/", -1, bad, 1}};
    buf b2 = BUF_INIT;
    CHECK_INT(xml_sitemap(bu, 1, 0, &b2), 0);
    CHECK_INT(write_tmp(&b2, path), 0);
    CHECK(run_on("xmllint --noout --quiet --nonet --schema ../shared/schemas/sitemap-hreflang.xsd"
                 " 2>/dev/null", path) != 0);
    unlink(path);
    buf_free(&b2);

    /* appends; a failure leaves out untouched */
    size_t len = b.len;
    const xml_url noloc[] = {{NULL, -1, NULL, 0}};
    CHECK_INT(xml_sitemap(noloc, 1, 0, &b), -1);
    CHECK_INT(b.len, len);
    CHECK_INT(xml_sitemap(urls, XML_SITEMAP_MAX_URLS + 1, 0, &b), -1);
    buf_free(&b);

    /* empty urlset is well-formed */
    CHECK_INT(xml_sitemap(NULL, 0, 0, &b), 0);
    CHECK(well_formed(&b));
    buf_free(&b);
}

static void test_index(void)
{
    const char *locs[] = {"https://example.com/sitemap-vi.xml",
                          "https://example.com/sitemap-en.xml"};
    buf b = BUF_INIT;
    CHECK_INT(xml_sitemap_index(locs, 2, 1795397400LL, 420, &b), 0);
    const char *s = buf_cstr(&b);
    CHECK_CONTAINS(s, "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
    CHECK_INT(count(s, "<sitemap>"), 2);
    CHECK_CONTAINS(s, "<lastmod>2026-11-23T08:30:00+07:00</lastmod>");
    char path[64];
    CHECK_INT(write_tmp(&b, path), 0);
    CHECK_INT(run_on("xmllint --noout --quiet --nonet --schema ../shared/schemas/siteindex.xsd", path), 0);
    unlink(path);
    buf_free(&b);

    CHECK_INT(xml_sitemap_index(locs, 2, -1, 0, &b), 0);
    CHECK(!strstr(buf_cstr(&b), "<lastmod>"));
    buf_free(&b);
}

static const char *feedparser_check =
    "/usr/bin/python3 -c '\n"
    "import sys, feedparser\n"
    "d = feedparser.parse(sys.argv[1])\n"
    "assert not d.bozo, d.get(\"bozo_exception\")\n"
    "assert d.version == \"rss20\", d.version\n"
    "assert d.feed.title == \"Lộ trình\", d.feed.title\n"
    "assert d.feed.language == \"vi\"\n"
    "assert any(l.get(\"rel\") == \"self\" and l.href == \"https://example.com/vi/feed.xml\""
    " for l in d.feed.links), d.feed.links\n"
    "assert len(d.entries) == 2, len(d.entries)\n"
    "for e in d.entries:\n"
    "    assert e.title and e.link and e.published_parsed, e\n"
    "    assert e.id == e.link, (e.id, e.link)\n"
    "e = d.entries[0]\n"
    "assert e.title == \"Hà Nội <script> & more\", e.title\n"
    "assert e.description == \"<p>a & b</p>\", e.description\n"
    "assert [t.term for t in e.tags] == [\"travel\", \"food\"], e.tags\n"
    "assert e.published == \"Mon, 23 Nov 2026 08:30:00 +0700\", e.published\n"
    "assert tuple(e.published_parsed)[:6] == (2026, 11, 23, 1, 30, 0)\n"
    "'";

static void test_rss(void)
{
    const char *cats[] = {"travel", "food"};
    const xml_item items[] = {
        {"H\xC3\xA0 N\xE1\xBB\x99i <script> & more", "https://example.com/vi/ha-noi/",
         "https://example.com/vi/ha-noi/", 1795397400LL, "<p>a & b</p>", cats, 2},
        {"Second", "https://example.com/vi/hue/", NULL, 1795000000LL, "<p>x</p>", NULL, 0},
    };
    const xml_feed feed = {
        "L\xE1\xBB\x99 tr\xC3\xACnh", "https://example.com/vi/",
        "https://example.com/vi/feed.xml", "Travel notes", "vi", "lotrinh 0.1",
        1795397400LL, 420, items, 2,
    };
    buf b = BUF_INIT;
    CHECK_INT(xml_rss(&feed, &b), 0);
    const char *s = buf_cstr(&b);
    CHECK_CONTAINS(s, "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">");
    CHECK_CONTAINS(s, "<atom:link href=\"https://example.com/vi/feed.xml\" rel=\"self\" "
                      "type=\"application/rss+xml\"/>");
    CHECK_CONTAINS(s, "<lastBuildDate>Mon, 23 Nov 2026 08:30:00 +0700</lastBuildDate>");
    CHECK_CONTAINS(s, "<guid isPermaLink=\"true\">https://example.com/vi/hue/</guid>");
    CHECK_CONTAINS(s, "<description>&lt;p&gt;a &amp; b&lt;/p&gt;</description>");
    CHECK_CONTAINS(s, "<generator>lotrinh 0.1</generator>");
    CHECK(!strstr(s, "<script>"));
    CHECK(well_formed(&b));
    char path[64];
    CHECK_INT(write_tmp(&b, path), 0);
    CHECK_INT(run_on(feedparser_check, path), 0);
    unlink(path);
    buf_free(&b);
}

static void test_hostile_text(void)
{
    const char *cats[] = {"a\x01" "b"};
    const xml_item items[] = {
        {"<script>alert(1)</script>\x01\x02\x1b[31m\x7f tab\tnl\n\xff\xfe bad \xc3",
         "https://example.com/?a=1&b=\"2\"", NULL, 0,
         "]]> <![CDATA[ \x0b\x0c \xef\xbf\xbe end", cats, 1},
    };
    const xml_feed feed = {"T\x08itle", "https://example.com/", NULL, NULL, NULL, NULL,
                           -1, 0, items, 1};
    buf b = BUF_INIT;
    CHECK_INT(xml_rss(&feed, &b), 0);
    CHECK(well_formed(&b));
    const char *s = buf_cstr(&b);
    CHECK_CONTAINS(s, "<title>Title</title>");
    CHECK_CONTAINS(s, "&lt;script&gt;alert(1)&lt;/script&gt;[31m\x7f tab\tnl\n"
                      "\xEF\xBF\xBD\xEF\xBF\xBD bad \xEF\xBF\xBD</title>");
    CHECK_CONTAINS(s, "<category>ab</category>");
    CHECK_CONTAINS(s, "<link>https://example.com/?a=1&amp;b=&quot;2&quot;</link>");
    CHECK(!strstr(s, "lastBuildDate"));
    CHECK(!strstr(s, "atom:link"));
    buf_free(&b);

    const xml_alt alts[] = {{"vi", "https://example.com/\x01x"}};
    const xml_url urls[] = {{"https://example.com/\x02<y>", 0, alts, 1}};
    CHECK_INT(xml_sitemap(urls, 1, 0, &b), 0);
    CHECK(well_formed(&b));
    CHECK_CONTAINS(buf_cstr(&b), "<loc>https://example.com/&lt;y&gt;</loc>");
    buf_free(&b);
}

int main(void)
{
    xmlInitParser();
    test_dates();
    test_sitemap();
    test_index();
    test_rss();
    test_hostile_text();
    xmlCleanupParser();
    return t_done();
}
