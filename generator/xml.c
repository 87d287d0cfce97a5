/* xml: sitemap, sitemap index and RSS 2.0 written with libxml2's
 * xmlTextWriter into a memory xmlBuffer, then appended to a buf (see xml.h).
 * All text passes through xml_clean first, so the output stays well-formed
 * whatever bytes the content holds. No global mutable state. */
#include "xml.h"
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#define NS_SITEMAP "http://www.sitemaps.org/schemas/sitemap/0.9"
#define NS_XHTML   "http://www.w3.org/1999/xhtml"
#define NS_ATOM    "http://www.w3.org/2005/Atom"

#define X(s) ((const xmlChar *)(s))

/* ---------- dates ---------- */

/* Civil date (proleptic Gregorian) of a day count since 1970-01-01
 * (Howard Hinnant's civil_from_days). */
static void civil_from_days(long long z, long long *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;                       /* [0, 146096] */
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* [0, 365] */
    long long mp = (5 * doy + 2) / 153;                     /* [0, 11] */
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Broken-down local time of epoch in zone tz (minutes east of UTC), with
 * the year kept within 0000..9999 and the zone within +-23:59 so that both
 * RFC 822 and W3C formats stay four-digit and fit their buffers. */
typedef struct civil {
    int year, month, day, hour, minute, second, wday; /* wday 0 = Sunday */
    int tz;
} civil;

static void to_civil(long long epoch, int tz_minutes, civil *c)
{
    const long long lo = -62167219200LL;   /* 0000-01-01T00:00:00 */
    const long long hi = 253402300799LL;   /* 9999-12-31T23:59:59 */
    if (tz_minutes > 1439) tz_minutes = 1439;
    if (tz_minutes < -1439) tz_minutes = -1439;
    if (epoch < lo - 86400) epoch = lo - 86400;
    if (epoch > hi + 86400) epoch = hi + 86400;
    long long t = epoch + (long long)tz_minutes * 60;
    if (t < lo) t = lo;
    if (t > hi) t = hi;
    long long days = (t >= 0 ? t : t - 86399) / 86400;
    long long secs = t - days * 86400;                      /* [0, 86399] */
    long long y;
    civil_from_days(days, &y, &c->month, &c->day);
    c->year = (int)y;
    c->hour = (int)(secs / 3600);
    c->minute = (int)(secs / 60 % 60);
    c->second = (int)(secs % 60);
    long long w = (days + 4) % 7;                           /* 1970-01-01: Thu */
    c->wday = (int)(w < 0 ? w + 7 : w);
    c->tz = tz_minutes;
}

/* RFC 822 date "Mon, 23 Nov 2026 08:30:00 +0700" of epoch in zone tz. */
void xml_rfc822(long long epoch, int tz_minutes, char out[40])
{
    static const char *const wd[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mo[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    civil c;
    to_civil(epoch, tz_minutes, &c);
    int a = c.tz < 0 ? -c.tz : c.tz;
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d",
             wd[c.wday], c.day, mo[c.month - 1], c.year, c.hour, c.minute,
             c.second, c.tz < 0 ? '-' : '+', a / 60, a % 60);
}

/* W3C datetime "2026-11-23T08:30:00+07:00" of epoch in zone tz. */
void xml_w3c(long long epoch, int tz_minutes, char out[40])
{
    civil c;
    to_civil(epoch, tz_minutes, &c);
    int a = c.tz < 0 ? -c.tz : c.tz;
    snprintf(out, 40, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
             c.year, c.month, c.day, c.hour, c.minute, c.second,
             c.tz < 0 ? '-' : '+', a / 60, a % 60);
}

/* ---------- text cleaning ---------- */

/* Length of the well-formed UTF-8 sequence at s (at most n bytes) and its
 * code point in *cp; 0 if the bytes are not valid UTF-8 (overlong forms,
 * surrogates and values above U+10FFFF are invalid). */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; c &= 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; c &= 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; c &= 0x07; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return len;
}

/* Whether code point cp is a Char of XML 1.0. */
static int xml_char_ok(unsigned cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Returns s unchanged when it is valid UTF-8 made only of XML characters;
 * otherwise a cleaned copy in scratch: characters XML forbids (control
 * characters other than tab, newline, CR; U+FFFE, U+FFFF) are dropped and
 * each invalid UTF-8 byte becomes U+FFFD. NULL gives "". Returns NULL only
 * when scratch could not grow. */
static const char *xml_clean(const char *s, buf *scratch)
{
    if (!s) return "";
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    unsigned cp;
    size_t len;
    while (i < n && (len = utf8_seq(p + i, n - i, &cp)) && xml_char_ok(cp)) i += len;
    if (i == n) return s;
    buf_reset(scratch);
    buf_put(scratch, s, i);
    while (i < n) {
        len = utf8_seq(p + i, n - i, &cp);
        if (!len) { buf_puts(scratch, "\xEF\xBF\xBD"); i++; continue; }
        if (xml_char_ok(cp)) buf_put(scratch, s + i, len);
        i += len;
    }
    return scratch->failed ? NULL : buf_cstr(scratch);
}

/* ---------- writer helpers ---------- */

/* A writer into a fresh memory buffer plus the scratch for cleaned text. */
typedef struct xw {
    xmlBufferPtr mem;
    xmlTextWriterPtr w;
    buf scratch;
} xw;

/* Opens the writer (indented by two spaces) and writes the XML declaration. */
static int xw_open(xw *x)
{
    xmlInitParser();        /* idempotent; main should call it before threads */
    buf_init(&x->scratch);
    x->w = NULL;
    x->mem = xmlBufferCreate();
    if (!x->mem) return -1;
    x->w = xmlNewTextWriterMemory(x->mem, 0);
    if (!x->w) return -1;
    if (xmlTextWriterSetIndent(x->w, 1) < 0) return -1;
    if (xmlTextWriterSetIndentString(x->w, X("  ")) < 0) return -1;
    if (xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0) return -1;
    return 0;
}

/* Ends the document when ok, appends the bytes to out (only if all went
 * well, so out is untouched on failure) and frees everything. Returns 0 or -1.
 * max_bytes: the largest document allowed (0: no limit). */
static int xw_close(xw *x, int ok, size_t max_bytes, buf *out)
{
    int rc = -1;
    if (ok && x->w && xmlTextWriterEndDocument(x->w) >= 0) {
        xmlFreeTextWriter(x->w);    /* flushes into x->mem */
        x->w = NULL;
        size_t len = (size_t)xmlBufferLength(x->mem);
        if (!max_bytes || len <= max_bytes) {
            size_t before = out->len;
            buf_put(out, (const char *)xmlBufferContent(x->mem), len);
            rc = out->failed ? -1 : 0;
            if (rc < 0 && out->len >= before) out->len = before;
        }
    }
    if (x->w) xmlFreeTextWriter(x->w);
    if (x->mem) xmlBufferFree(x->mem);
    buf_free(&x->scratch);
    x->w = NULL;
    x->mem = NULL;
    return rc;
}

/* Writes <name>text</name> (text cleaned and escaped). */
static int xw_elem(xw *x, const char *name, const char *text)
{
    const char *t = xml_clean(text, &x->scratch);
    if (!t) return -1;
    return xmlTextWriterWriteElement(x->w, X(name), X(t)) < 0 ? -1 : 0;
}

/* Writes attribute name="value" (value cleaned and escaped). */
static int xw_attr(xw *x, const char *name, const char *value)
{
    const char *v = xml_clean(value, &x->scratch);
    if (!v) return -1;
    return xmlTextWriterWriteAttribute(x->w, X(name), X(v)) < 0 ? -1 : 0;
}

/* Starts element name (may carry a prefix such as "xhtml:link"). */
static int xw_start(xw *x, const char *name)
{
    return xmlTextWriterStartElement(x->w, X(name)) < 0 ? -1 : 0;
}

/* Ends the innermost open element. */
static int xw_end(xw *x)
{
    return xmlTextWriterEndElement(x->w) < 0 ? -1 : 0;
}

/* Writes <name>W3C datetime</name> when epoch >= 0. */
static int xw_w3c(xw *x, const char *name, long long epoch, int tz)
{
    if (epoch < 0) return 0;
    char d[40];
    xml_w3c(epoch, tz, d);
    return xw_elem(x, name, d);
}

/* ---------- sitemap ---------- */

/* Writes one <url>: loc, lastmod, then the xhtml:link alternates (the
 * sitemaps.org schema admits foreign elements only after loc..priority). */
static int write_url(xw *x, const xml_url *u, int tz)
{
    if (!u->loc) return -1;
    if (xw_start(x, "url") < 0 || xw_elem(x, "loc", u->loc) < 0 ||
        xw_w3c(x, "lastmod", u->lastmod, tz) < 0)
        return -1;
    for (size_t i = 0; u->alts && i < u->n_alts; i++) {
        const xml_alt *a = &u->alts[i];
        if (!a->hreflang || !a->href) return -1;
        if (xw_start(x, "xhtml:link") < 0 || xw_attr(x, "rel", "alternate") < 0 ||
            xw_attr(x, "hreflang", a->hreflang) < 0 || xw_attr(x, "href", a->href) < 0 ||
            xw_end(x) < 0)
            return -1;
    }
    return xw_end(x);
}

/* Writes a <urlset> of urls[0..n) into out; see xml.h. Fails when n or the
 * size exceed the sitemap protocol's limits. */
int xml_sitemap(const xml_url *urls, size_t n, int tz_minutes, buf *out)
{
    xw x;
    int ok = 0;
    if (!out || (n && !urls) || n > XML_SITEMAP_MAX_URLS) return -1;
    if (xw_open(&x) < 0) goto done;
    if (xw_start(&x, "urlset") < 0 || xw_attr(&x, "xmlns", NS_SITEMAP) < 0 ||
        xw_attr(&x, "xmlns:xhtml", NS_XHTML) < 0)
        goto done;
    for (size_t i = 0; i < n; i++)
        if (write_url(&x, &urls[i], tz_minutes) < 0) goto done;
    if (xw_end(&x) < 0) goto done;
    ok = 1;
done:
    return xw_close(&x, ok, XML_SITEMAP_MAX_BYTES, out);
}

/* Writes a <sitemapindex> of locs[0..n) into out; see xml.h. */
int xml_sitemap_index(const char *const *locs, size_t n, long long lastmod,
                      int tz_minutes, buf *out)
{
    xw x;
    int ok = 0;
    if (!out || (n && !locs) || n > XML_SITEMAP_MAX_URLS) return -1;
    if (xw_open(&x) < 0) goto done;
    if (xw_start(&x, "sitemapindex") < 0 || xw_attr(&x, "xmlns", NS_SITEMAP) < 0)
        goto done;
    for (size_t i = 0; i < n; i++) {
        if (!locs[i]) goto done;
        if (xw_start(&x, "sitemap") < 0 || xw_elem(&x, "loc", locs[i]) < 0 ||
            xw_w3c(&x, "lastmod", lastmod, tz_minutes) < 0 || xw_end(&x) < 0)
            goto done;
    }
    if (xw_end(&x) < 0) goto done;
    ok = 1;
done:
    return xw_close(&x, ok, XML_SITEMAP_MAX_BYTES, out);
}

/* ---------- RSS 2.0 ---------- */

/* Writes <name>RFC 822 date</name> when epoch >= 0. */
static int xw_rfc822(xw *x, const char *name, long long epoch, int tz)
{
    if (epoch < 0) return 0;
    char d[40];
    xml_rfc822(epoch, tz, d);
    return xw_elem(x, name, d);
}

/* Writes one <item>: title, link, guid, pubDate, categories, description.
 * NULL fields are left out; guid falls back to link. */
static int write_item(xw *x, const xml_item *it, int tz)
{
    const char *guid = it->guid ? it->guid : it->link;
    if (xw_start(x, "item") < 0) return -1;
    if (it->title && xw_elem(x, "title", it->title) < 0) return -1;
    if (it->link && xw_elem(x, "link", it->link) < 0) return -1;
    if (guid && (xw_start(x, "guid") < 0 || xw_attr(x, "isPermaLink", "true") < 0)) return -1;
    if (guid) {
        const char *g = xml_clean(guid, &x->scratch);
        if (!g || xmlTextWriterWriteString(x->w, X(g)) < 0 || xw_end(x) < 0) return -1;
    }
    if (xw_rfc822(x, "pubDate", it->pub, tz) < 0) return -1;
    for (size_t i = 0; it->categories && i < it->n_categories; i++)
        if (it->categories[i] && xw_elem(x, "category", it->categories[i]) < 0) return -1;
    if (it->description && xw_elem(x, "description", it->description) < 0) return -1;
    return xw_end(x);
}

/* Writes an RSS 2.0 document of feed into out; see xml.h. The channel's
 * title, link and description are required by RSS and written even if
 * empty; the rest is left out when NULL. */
int xml_rss(const xml_feed *feed, buf *out)
{
    xw x;
    int ok = 0;
    if (!feed || !out || (feed->n_items && !feed->items)) return -1;
    if (xw_open(&x) < 0) goto done;
    if (xw_start(&x, "rss") < 0 || xw_attr(&x, "version", "2.0") < 0 ||
        xw_attr(&x, "xmlns:atom", NS_ATOM) < 0 || xw_start(&x, "channel") < 0)
        goto done;
    if (xw_elem(&x, "title", feed->title) < 0 || xw_elem(&x, "link", feed->link) < 0 ||
        xw_elem(&x, "description", feed->description) < 0)
        goto done;
    if (feed->language && xw_elem(&x, "language", feed->language) < 0) goto done;
    if (feed->generator && xw_elem(&x, "generator", feed->generator) < 0) goto done;
    if (xw_rfc822(&x, "lastBuildDate", feed->last_build, feed->tz_minutes) < 0) goto done;
    if (feed->self) {
        if (xw_start(&x, "atom:link") < 0 || xw_attr(&x, "href", feed->self) < 0 ||
            xw_attr(&x, "rel", "self") < 0 || xw_attr(&x, "type", "application/rss+xml") < 0 ||
            xw_end(&x) < 0)
            goto done;
    }
    for (size_t i = 0; i < feed->n_items; i++)
        if (write_item(&x, &feed->items[i], feed->tz_minutes) < 0) goto done;
    if (xw_end(&x) < 0 || xw_end(&x) < 0) goto done;
    ok = 1;
done:
    return xw_close(&x, ok, 0, out);
}
