/* buf: growable byte buffer with a sticky error (see buf.h). */
#include "buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

void buf_init(buf *b) { b->data = NULL; b->len = b->cap = 0; b->failed = 0; }

void buf_free(buf *b) { free(b->data); buf_init(b); }

void buf_reset(buf *b) { b->len = 0; if (b->data) b->data[0] = '\0'; }

/* Makes room for n more bytes plus a NUL; grows by 1.5x. Out of line: the
 * fast path in buf_put only compares. */
static int buf_grow(buf *b, size_t n)
{
    if (b->failed) return -1;
    if (n > SIZE_MAX - b->len - 1) { b->failed = 1; return -1; }
    size_t need = b->len + n + 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 3 * 2) { cap = need; break; }
        cap = cap + cap / 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) { b->failed = 1; return -1; }
    b->data = p;
    b->cap = cap;
    return 0;
}

void buf_reserve(buf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) buf_grow(b, n);
}

void buf_put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap && buf_grow(b, n) < 0) return;
    if (b->failed) return;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc(buf *b, char c) { buf_put(b, &c, 1); }

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) { b->failed = 1; va_end(ap2); return; }
    if ((size_t)n < sizeof small) {
        buf_put(b, small, (size_t)n);
    } else if (buf_grow(b, (size_t)n) == 0) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_put_html(buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_put(b, s + start, i - start);
        buf_puts(b, rep);
        start = i + 1;
    }
    buf_put(b, s + start, n - start);
}

void buf_put_json(buf *b, const char *s, size_t n)
{
    buf_putc(b, '"');
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* < > & as \u escapes too: the text stays inert wherever the
         * JSON is pasted (a <script> block, an HTML attribute) */
        if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') continue;
        buf_put(b, s + start, i - start);
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\t': buf_puts(b, "\\t"); break;
        case '\r': buf_puts(b, "\\r"); break;
        default: buf_printf(b, "\\u%04x", c); break;
        }
        start = i + 1;
    }
    buf_put(b, s + start, n - start);
    buf_putc(b, '"');
}

const char *buf_cstr(buf *b)
{
    if (b->failed || !b->data) return "";
    return b->data;
}

char *buf_detach(buf *b, size_t *len)
{
    if (b->failed) { buf_free(b); if (len) *len = 0; return NULL; }
    if (!b->data && buf_grow(b, 0) < 0) return NULL;
    b->data[b->len] = '\0';
    char *p = b->data;
    if (len) *len = b->len;
    buf_init(b);
    return p;
}
