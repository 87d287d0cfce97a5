/* Fuzz target: UTF-8 checks, normalisation and slugs (generator/u8.c,
 * generator/slug.c).
 *
 * The input is any bytes. Checked besides memory safety and leaks:
 *   - u8_validate agrees with utf8proc_iterate (plus "no NUL") on validity
 *     and on the offset of the first bad byte;
 *   - invalid input: slug_make still gives a well-formed slug (it falls
 *     back to the raw bytes);
 *   - valid input: u8_nfc equals utf8proc's NFC (its fast path must not
 *     change the result), is valid UTF-8 and idempotent; u8_fold of the NFC
 *     and of the NFD form are equal (u8.h, slug.c: "NFC and NFD input give
 *     the same result");
 *   - slug_make output has only [a-z0-9-], no leading, trailing or double
 *     '-', is empty exactly when the folded text has no ASCII letter or
 *     digit, is the same for the NFC and NFD forms, and is its own slug. */
#include <utf8proc.h>
#include "fuzz.h"
#include "slug.h"

/* Offset of the first byte that is not valid UTF-8 (or is NUL), by
 * utf8proc; SIZE_MAX when s is valid. */
static size_t ref_bad(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        if (s[i] == 0) return i;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) return i;
        i += (size_t)k;
    }
    return SIZE_MAX;
}

/* utf8proc_map of s with opts, as a malloc'd NUL-terminated string. */
static char *ref_map(const char *s, size_t n, utf8proc_option_t opts, size_t *out_len)
{
    utf8proc_uint8_t *dst = NULL;
    if (n == 0) { *out_len = 0; return strdup(""); }
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst, opts);
    FUZZ_CHECK(r >= 0, "utf8proc_map failed on valid UTF-8: %s", utf8proc_errmsg(r));
    *out_len = (size_t)r;
    return (char *)dst;
}

/* Shows s as escaped bytes for messages. */
static const char *show(const char *s, size_t n, buf *b)
{
    buf_reset(b);
    for (size_t i = 0; i < n && i < 200; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\') buf_putc(b, (char)c);
        else buf_printf(b, "\\x%02X", c);
    }
    if (n > 200) buf_puts(b, "...");
    return buf_cstr(b);
}

/* Checks the form of a slug. */
static void check_slug(const buf *s, const char *from, size_t n)
{
    buf m = BUF_INIT;
    for (size_t i = 0; i < s->len; i++) {
        char c = s->data[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 (c == '-' && i > 0 && i + 1 < s->len && s->data[i - 1] != '-');
        FUZZ_CHECK(ok, "slug \"%s\" of \"%s\": bad byte at %zu", buf_cstr((buf *)s),
                   show(from, n, &m), i);
    }
    buf_free(&m);
}

/* slug_make into a fresh buffer, checked. */
static void slug_of(const char *s, size_t n, buf *out)
{
    buf_init(out);
    slug_make(s, n, out);
    FUZZ_CHECK(!out->failed, "out of memory");
    check_slug(out, s, n);
}

static int has_alnum(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad = SIZE_MAX, ref = ref_bad(data, size);
    buf m1 = BUF_INIT, m2 = BUF_INIT, m3 = BUF_INIT, sl = BUF_INIT, sl2 = BUF_INIT;
    int rc = u8_validate(s, size, &bad);

    FUZZ_CHECK((rc == 0) == (ref == SIZE_MAX), "u8_validate says %s, utf8proc says %s (at %zu)",
               rc == 0 ? "valid" : "invalid", ref == SIZE_MAX ? "valid" : "invalid", ref);
    if (rc < 0) {
        int line, col;
        FUZZ_CHECK(bad == ref, "u8_validate: first bad byte at %zu, utf8proc: %zu", bad, ref);
        u8_line_col(s, bad, &line, &col);
        FUZZ_CHECK(line >= 1 && col >= 1, "u8_line_col: %d:%d", line, col);
        slug_of(s, size, &sl);       /* falls back to the raw bytes */
        buf_free(&sl);
        return 0;
    }

    size_t nfc_len = 0, ref_len = 0, nfd_len = 0, again_len = 0;
    char *nfc = u8_nfc(s, size, &nfc_len);
    FUZZ_CHECK(nfc && nfc[nfc_len] == '\0', "u8_nfc failed on valid UTF-8");
    char *ref_nfc = ref_map(s, size, UTF8PROC_STABLE | UTF8PROC_COMPOSE, &ref_len);
    FUZZ_CHECK(nfc_len == ref_len && memcmp(nfc, ref_nfc, nfc_len) == 0,
               "u8_nfc(\"%s\") = \"%s\", utf8proc NFC = \"%s\"", show(s, size, &m1),
               show(nfc, nfc_len, &m2), show(ref_nfc, ref_len, &m3));
    FUZZ_CHECK(u8_validate(nfc, nfc_len, NULL) == 0, "u8_nfc output is not valid UTF-8");
    char *again = u8_nfc(nfc, nfc_len, &again_len);
    FUZZ_CHECK(again && again_len == nfc_len && memcmp(again, nfc, nfc_len) == 0,
               "u8_nfc is not idempotent on \"%s\"", show(s, size, &m1));
    char *nfd = ref_map(s, size, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE, &nfd_len);

    size_t f1_len = 0, f2_len = 0;
    char *f1 = u8_fold(nfc, nfc_len, &f1_len);
    char *f2 = u8_fold(nfd, nfd_len, &f2_len);
    FUZZ_CHECK(f1 && f2 && f1[f1_len] == '\0', "u8_fold failed on valid UTF-8");
    FUZZ_CHECK(u8_validate(f1, f1_len, NULL) == 0, "u8_fold output is not valid UTF-8");
    FUZZ_CHECK(f1_len == f2_len && memcmp(f1, f2, f1_len) == 0,
               "u8_fold differs for NFC \"%s\" and NFD \"%s\"", show(nfc, nfc_len, &m1),
               show(nfd, nfd_len, &m2));

    slug_of(nfc, nfc_len, &sl);
    FUZZ_CHECK((sl.len > 0) == has_alnum(f1, f1_len), "slug \"%s\" of \"%s\" (folded \"%s\")",
               buf_cstr(&sl), show(nfc, nfc_len, &m1), show(f1, f1_len, &m2));
    slug_of(nfd, nfd_len, &sl2);
    FUZZ_CHECK(sl.len == sl2.len && memcmp(buf_cstr(&sl), buf_cstr(&sl2), sl.len) == 0,
               "slug of NFC \"%s\" is \"%s\", of NFD \"%s\"", show(nfc, nfc_len, &m1),
               buf_cstr(&sl), buf_cstr(&sl2));
    buf_free(&sl2);
    slug_of(buf_cstr(&sl), sl.len, &sl2);
    FUZZ_CHECK(sl.len == sl2.len && memcmp(buf_cstr(&sl), buf_cstr(&sl2), sl.len) == 0,
               "slug \"%s\" is not its own slug (\"%s\")", buf_cstr(&sl), buf_cstr(&sl2));

    free(nfc);
    free(ref_nfc);
    free(again);
    free(nfd);
    free(f1);
    free(f2);
    buf_free(&sl);
    buf_free(&sl2);
    buf_free(&m1);
    buf_free(&m2);
    buf_free(&m3);
    return 0;
}
