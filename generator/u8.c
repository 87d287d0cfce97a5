/* u8: UTF-8 validation, positions, NFC and folding (see u8.h).
 * No mutable static state: every function is safe to call from any thread. */
#include "u8.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Checks s[0..n) byte by byte (RFC 3629): rejects NUL, stray continuation
 * bytes, the never-valid leads C0 C1 F5..FF, truncated sequences, bad
 * continuation bytes, overlong forms, surrogates and values above U+10FFFF.
 * On failure *bad_off is the offset of the byte where the first invalid
 * sequence starts (its lead byte, or the stray byte itself). */
int u8_validate(const char *s, size_t n, size_t *bad_off)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        size_t len;
        unsigned char lo = 0x80, hi = 0xBF;   /* range for the 2nd byte */
        if (c == 0) goto bad;
        if (c < 0x80) { i++; continue; }
        if (c < 0xC2) goto bad;                 /* continuation or overlong C0/C1 */
        else if (c < 0xE0) len = 2;
        else if (c < 0xF0) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;           /* overlong */
            else if (c == 0xED) hi = 0x9F;      /* surrogates D800..DFFF */
        } else if (c < 0xF5) {
            len = 4;
            if (c == 0xF0) lo = 0x90;           /* overlong */
            else if (c == 0xF4) hi = 0x8F;      /* above U+10FFFF */
        } else goto bad;                        /* F5..FF, 5- and 6-byte forms */
        if (n - i < len) goto bad;              /* truncated */
        if (p[i + 1] < lo || p[i + 1] > hi) goto bad;
        for (size_t k = 2; k < len; k++)
            if ((p[i + k] & 0xC0) != 0x80) goto bad;
        i += len;
        continue;
    bad:
        if (bad_off) *bad_off = i;
        return -1;
    }
    return 0;
}

/* Counts '\n' before byte off for the line and the code points since the
 * last '\n' for the column (continuation bytes 0x80..0xBF are not counted).
 * Assumes s holds at least off bytes; a '\r' counts as a character. */
void u8_line_col(const char *s, size_t off, int *line, int *col)
{
    int ln = 1, cl = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') { ln++; cl = 1; }
        else if ((c & 0xC0) != 0x80) cl++;
    }
    if (line) *line = ln;
    if (col) *col = cl;
}

/* Runs utf8proc over s[0..n) with the given options and mapping function.
 * Returns the malloc'd result (NUL-terminated) or NULL on error (invalid
 * UTF-8 or out of memory). An empty input gives a malloc'd "". */
static char *u8_map(const char *s, size_t n, size_t *out_len,
                    utf8proc_option_t opts, utf8proc_custom_func fn)
{
    if (out_len) *out_len = 0;
    if (n == 0) {
        char *e = malloc(1);
        if (e) e[0] = '\0';
        return e;
    }
    if (n > (size_t)PTRDIFF_MAX / 8) return NULL;   /* utf8proc takes ssize_t */
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t r = utf8proc_map_custom((const utf8proc_uint8_t *)s,
                                             (utf8proc_ssize_t)n, &dst, opts,
                                             fn, NULL);
    if (r < 0) return NULL;                          /* dst is not allocated */
    if (out_len) *out_len = (size_t)r;
    return (char *)dst;
}

/* NFC: canonical decomposition, canonical ordering, composition. */
/* 1 if code point cp is unchanged by NFC whatever surrounds it: the blocks
 * Vietnamese and English text use, where no character composes with its
 * neighbour or maps to another. Anything else takes the full path. */
static int nfc_inert(uint32_t cp)
{
    return cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2010 && cp <= 0x2064) ||
           (cp >= 0x20A0 && cp <= 0x20C0) || (cp >= 0x2190 && cp <= 0x21FF) || (cp >= 0x1F300 && cp <= 0x1FAFF);
}

/* Quick check: 1 if s (valid UTF-8) is certainly NFC already. */
static int nfc_quick(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        /* anything malformed goes to utf8proc, which reports it */
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (c < 0xC2 || c > 0xF4 || i + len > n) return 0;
        uint32_t cp;
        if (c < 0xE0) { cp = (uint32_t)(c & 0x1F) << 6 | (s[i + 1] & 0x3F); i += 2; }
        else if (c < 0xF0) {
            cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
            i += 3;
        } else {
            cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[i + 1] & 0x3F) << 12 |
                 (uint32_t)(s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F);
            i += 4;
        }
        if (!nfc_inert(cp)) return 0;
    }
    return 1;
}

int u8_nfc_quick(const char *s, size_t n) { return nfc_quick((const unsigned char *)s, n); }

char *u8_nfc(const char *s, size_t n, size_t *out_len)
{
    if (nfc_quick((const unsigned char *)s, n)) {
        char *p = malloc(n + 1);
        if (!p) return NULL;
        memcpy(p, s, n);
        p[n] = '\0';
        if (out_len) *out_len = n;
        return p;
    }
    return u8_map(s, n, out_len, UTF8PROC_STABLE | UTF8PROC_COMPOSE, NULL);
}

/* Custom mapping applied by utf8proc to each code point before it is
 * decomposed: đ U+0111 and Đ U+0110 have no decomposition, so map them to
 * 'd' here. Pure function; data is unused. */
static utf8proc_int32_t fold_d(utf8proc_int32_t cp, void *data)
{
    (void)data;
    return (cp == 0x0110 || cp == 0x0111) ? 'd' : cp;
}

/* Fold: NFD, strip combining marks, đ/Đ -> d, case-fold (so ß -> "ss").
 * Decomposed output, so the same text in NFC or NFD folds to the same bytes. */
char *u8_fold(const char *s, size_t n, size_t *out_len)
{
    /* NFC first, so NFC and NFD input take exactly the same path (case
     * folding of some marks, e.g. Greek ypogegrammeni, depends on it). */
    size_t m;
    char *nfc = u8_nfc(s, n, &m);
    if (!nfc) return NULL;
    char *r = u8_map(nfc, m, out_len,
                     UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                     UTF8PROC_CASEFOLD, fold_d);
    free(nfc);
    return r;
}
