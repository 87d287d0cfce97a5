/* Fuzz target: Markdown rendering (generator/md.c).
 *
 * Byte 0 holds the options: bit 0 unsafe_html, bit 1 smart, bit 2
 * hard_breaks (seed files start with an ASCII digit: '0' none, '1' unsafe
 * HTML, '2' smart, '4' hard breaks...). The rest is a page body, prepared
 * like site.c read_text (invalid UTF-8 stops there). Links to "x.md"
 * resolve to "/x/"; any other .md link (".MD", "a.md.md" works) is a miss.
 * Checked besides memory safety and leaks:
 *   - return code and diagnostics agree; on failure the result is empty;
 *   - on success every field is set, heading ids are unique and made of
 *     [a-z0-9-], heading texts are one line, levels are 1..6;
 *   - with unsafe_html off, the HTML (body and summary) holds only the tags
 *     and attributes cmark-gfm itself writes: raw HTML is always escaped;
 *   - no href/src is a javascript:, vbscript:, file: or data: URL (data: is
 *     allowed for png/gif/jpeg/webp images), as a browser would read it.
 *     With unsafe_html on this is checked only when the input has no '<'
 *     (so no raw HTML can carry such a URL). */
#include <strings.h>
#include "fuzz.h"
#include "md.h"

/* "x.md" -> "/x/"; NULL for anything else. */
static char *resolve(void *ud, const char *target)
{
    size_t n = strlen(target);
    (*(int *)ud)++;
    if (n < 3 || strcmp(target + n - 3, ".md") != 0) return NULL;
    char *r = malloc(n + 1);      /* "/" + (n - 3) + "/" + NUL */
    if (!r) return NULL;
    r[0] = '/';
    memcpy(r + 1, target, n - 3);
    r[n - 2] = '/';
    r[n - 1] = '\0';
    return r;
}

static const char *const safe_tags[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "code",
    "em", "strong", "a", "img", "br", "hr", "table", "thead", "tbody", "tr", "th", "td",
    "del", "sup", "section", NULL
};
static const char *const safe_attrs[] = {
    "href", "src", "alt", "title", "id", "class", "align", "start", "lang", "data-footnotes",
    "data-footnote-ref", "data-footnote-backref", "data-footnote-backref-idx", "aria-label",
    NULL
};

static int in_list(const char *const *list, const char *s, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, s, n) == 0) return 1;
    return 0;
}

/* Decodes the HTML character references of an attribute value (the forms
 * cmark writes and numeric ones) into out. */
static void decode_attr(const char *s, size_t n, buf *out)
{
    static const struct { const char *name; char c; } named[] = {
        {"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'}, {"apos;", '\''},
        {"Tab;", '\t'}, {"NewLine;", '\n'}, {"colon;", ':'},
    };
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '&') { buf_putc(out, s[i]); continue; }
        size_t j = i + 1;
        if (j < n && s[j] == '#') {
            unsigned long cp = 0;
            int hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');
            size_t k = j + 1 + (size_t)hex, start = k;
            for (; k < n; k++) {
                char c = s[k];
                int dv = c >= '0' && c <= '9' ? c - '0'
                       : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                       : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (dv < 0) break;
                if (cp < 0x110000) cp = cp * (hex ? 16 : 10) + (unsigned long)dv;
            }
            if (k > start) {
                /* only ASCII matters for a scheme */
                buf_putc(out, cp < 0x80 ? (char)cp : '?');
                i = k < n && s[k] == ';' ? k : k - 1;
                continue;
            }
        }
        size_t e;
        for (e = 0; e < sizeof named / sizeof *named; e++) {
            size_t l = strlen(named[e].name);
            if (n - j >= l && memcmp(s + j, named[e].name, l) == 0) {
                buf_putc(out, named[e].c);
                i = j + l - 1;
                break;
            }
        }
        if (e == sizeof named / sizeof *named) buf_putc(out, '&');
    }
}

/* Checks the URL attribute value s[0..n) of attribute attr in tag. */
static void check_url(const char *html, const char *tag, size_t tag_len, const char *attr,
                      const char *s, size_t n)
{
    buf dec = BUF_INIT, u = BUF_INIT;
    decode_attr(s, n, &dec);
    const char *p = buf_cstr(&dec);
    while (*p && (unsigned char)*p <= 0x20) p++;          /* as browsers do */
    for (; *p; p++)
        if (*p != '\t' && *p != '\n' && *p != '\r')
            buf_putc(&u, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
    const char *url = buf_cstr(&u);
    int img = tag_len == 3 && memcmp(tag, "img", 3) == 0 && strcmp(attr, "src") == 0;
    int bad = !strncmp(url, "javascript:", 11) || !strncmp(url, "vbscript:", 9) ||
              !strncmp(url, "file:", 5);
    if (!strncmp(url, "data:", 5)) {
        static const char *const ok[] = { "image/png", "image/gif", "image/jpeg", "image/webp" };
        int good = 0;
        for (size_t i = 0; img && i < 4; i++) {
            size_t l = strlen(ok[i]);
            if (!strncmp(url + 5, ok[i], l) && (url[5 + l] == ';' || url[5 + l] == ',')) good = 1;
        }
        bad |= !good;
    }
    FUZZ_CHECK(!bad, "unsafe URL in <%.*s %s=\"%.*s\"> in:\n%s", (int)tag_len, tag, attr, (int)n,
               s, html);
    buf_free(&dec);
    buf_free(&u);
}

/* Walks the tags of html. tags_too: every tag and attribute must be one
 * cmark writes. URLs of href/src are always checked. */
static void check_html(const char *html, int tags_too)
{
    const char *p = html;
    while ((p = strchr(p, '<')) != NULL) {
        const char *t = p + 1;
        int closing = *t == '/';
        if (closing) t++;
        const char *name = t;
        while ((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') || (*t >= '0' && *t <= '9')) t++;
        size_t name_len = (size_t)(t - name);
        if (tags_too) {
            FUZZ_CHECK(name_len > 0 && in_list(safe_tags, name, name_len),
                       "raw HTML in safe mode at \"%.40s\" in:\n%s", p, html);
        }
        if (closing || name_len == 0) { p = t; continue; }
        /* attributes: name or name="value" */
        for (;;) {
            while (*t == ' ') t++;
            if (*t == '>' || *t == '\0' || (t[0] == '/' && t[1] == '>')) break;
            const char *an = t;
            while ((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') || *t == '-' ||
                   (*t >= '0' && *t <= '9'))
                t++;
            size_t an_len = (size_t)(t - an);
            if (an_len == 0) {
                FUZZ_CHECK(!tags_too, "bad attribute at \"%.40s\" in:\n%s", t, html);
                break;
            }
            if (tags_too)
                FUZZ_CHECK(in_list(safe_attrs, an, an_len), "attribute \"%.*s\" in:\n%s",
                           (int)an_len, an, html);
            if (*t != '=') continue;
            t++;
            if (*t != '"') {
                FUZZ_CHECK(!tags_too, "unquoted attribute value at \"%.40s\" in:\n%s", t, html);
                break;
            }
            const char *v = ++t;
            while (*t && *t != '"') t++;
            if (tags_too)
                FUZZ_CHECK(memchr(v, '<', (size_t)(t - v)) == NULL, "'<' in an attribute in:\n%s",
                           html);
            char attr[32];
            snprintf(attr, sizeof attr, "%.*s", (int)(an_len < 31 ? an_len : 31), an);
            if (!strcasecmp(attr, "href") || !strcasecmp(attr, "src"))
                check_url(html, name, name_len, attr, v, (size_t)(t - v));
            if (*t == '"') t++;
        }
        p = t;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    md_options opt = { data[0] & 1, (data[0] >> 1) & 1, (data[0] >> 2) & 1, 0, 1 };
    size_t len = 0;
    char *text = fuzz_read_text(data + 1, size - 1, &len);
    if (!text) return 0;

    diag_list *d = diag_new();
    md_result r;
    int calls = 0;
    int rc = md_render("content/fuzz.md", text, len, 3, &opt, resolve, &calls, &r, d);
    if (rc == 0) {
        FUZZ_CHECK(r.html && r.summary_html && r.toc_html && r.plain, "a result field is NULL");
        FUZZ_CHECK(r.n_headings == 0 || r.headings, "headings missing");
        for (size_t i = 0; i < r.n_headings; i++) {
            const md_heading *h = &r.headings[i];
            FUZZ_CHECK(h->level >= 1 && h->level <= 6, "heading level %d", h->level);
            FUZZ_CHECK(h->id && h->id[0] && h->text, "heading %zu has no id or text", i);
            FUZZ_CHECK(strspn(h->id, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(h->id),
                       "heading id \"%s\"", h->id);
            FUZZ_CHECK(!strchr(h->text, '\n'), "heading text \"%s\" has a newline", h->text);
            for (size_t j = 0; j < i; j++)
                FUZZ_CHECK(strcmp(h->id, r.headings[j].id) != 0, "heading id \"%s\" used twice",
                           h->id);
        }
        int urls = !opt.unsafe_html || !memchr(text, '<', len);
        if (urls) {
            check_html(r.html, !opt.unsafe_html);
            check_html(r.summary_html, !opt.unsafe_html);
        }
        md_result_free(&r);
    } else {
        FUZZ_CHECK(rc == -1, "md_render returned %d", rc);
        FUZZ_CHECK(!r.html && !r.summary_html && !r.toc_html && !r.plain && !r.headings,
                   "md_render failed but left a result");
    }
    fuzz_diag_done(d, rc);
    free(text);
    return 0;
}
