/* Unit tests for u8: validation with offsets, line/column, NFC, fold. */
#include "t.h"
#include "u8.h"
#include <stdlib.h>

/* u8_validate on n bytes of s; returns the result and stores the offset
 * (or (size_t)-1 when valid) in *off. */
static int val(const char *s, size_t n, size_t *off)
{
    *off = (size_t)-1;
    return u8_validate(s, n, off);
}

/* Checks that s[0..n) is rejected with the first bad byte at want_off. */
static void bad(const char *s, size_t n, size_t want_off)
{
    size_t off;
    CHECK_INT(val(s, n, &off), -1);
    CHECK_INT(off, want_off);
}

/* Checks that the NUL-terminated s is accepted. */
static void good(const char *s)
{
    size_t off;
    CHECK_INT(val(s, strlen(s), &off), 0);
}

/* Checks u8_nfc(in) == want byte for byte, with the right length. */
static void nfc_is(const char *in, const char *want)
{
    size_t len = 99;
    char *got = u8_nfc(in, strlen(in), &len);
    CHECK_STR(got, want);
    CHECK_INT(len, strlen(want));
    free(got);
}

/* Checks u8_fold(in) == want byte for byte, with the right length. */
static void fold_is(const char *in, const char *want)
{
    size_t len = 99;
    char *got = u8_fold(in, strlen(in), &len);
    CHECK_STR(got, want);
    CHECK_INT(len, strlen(want));
    free(got);
}

/* Checks the line and column of byte off in s. */
static void pos_is(const char *s, size_t off, int want_line, int want_col)
{
    int line = -1, col = -1;
    u8_line_col(s, off, &line, &col);
    CHECK_INT(line, want_line);
    CHECK_INT(col, want_col);
}

int main(void)
{
    size_t off;

    /* ---- validation: good input ---- */
    CHECK_INT(val("", 0, &off), 0);
    good("hello, world");
    good("Lộ trình đổi mới công nghệ đến năm 2035");
    good("\xc2\x80");                 /* U+0080, smallest 2-byte */
    good("\xdf\xbf");                 /* U+07FF */
    good("\xe0\xa0\x80");             /* U+0800, smallest 3-byte */
    good("\xed\x9f\xbf");             /* U+D7FF, just below the surrogates */
    good("\xee\x80\x80");             /* U+E000, just above */
    good("\xef\xbf\xbf");             /* U+FFFF */
    good("\xf0\x90\x80\x80");         /* U+10000, smallest 4-byte */
    good("\xf0\x9f\x98\x80");         /* emoji */
    good("\xf4\x8f\xbf\xbf");         /* U+10FFFF, the largest */
    good("\xe4\xb8\xad\xe6\x96\x87"); /* CJK */
    CHECK_INT(u8_validate("ok", 2, NULL), 0);   /* bad_off may be NULL */
    CHECK_INT(u8_validate("\xff", 1, NULL), -1);

    /* ---- validation: bad input, offset of the first bad byte ---- */
    bad("\xc3", 1, 0);                          /* truncated 2-byte */
    bad("ab\xe1\xbb", 4, 2);                    /* truncated 3-byte (ộ cut) */
    bad("x\xf0\x9f\x98", 4, 1);                 /* truncated 4-byte */
    bad("\xc3\xa9", 1, 0);                      /* valid bytes, but n cuts them */
    bad("a\xc3(", 3, 1);                        /* bad continuation */
    bad("a\xe1\xbb" "b", 4, 1);                 /* bad 3rd byte */
    bad("ab\x80", 3, 2);                        /* stray continuation */
    bad("\xbf", 1, 0);
    bad("\xc0\xaf", 2, 0);                      /* overlong '/' */
    bad("\xc1\xbf", 2, 0);                      /* overlong */
    bad("\xe0\x80\xaf", 3, 0);                  /* overlong 3-byte */
    bad("ok\xe0\x9f\xbf", 5, 2);                /* overlong U+07FF */
    bad("\xf0\x80\x80\xaf", 4, 0);              /* overlong 4-byte */
    bad("\xf0\x8f\xbf\xbf", 4, 0);              /* overlong U+FFFF */
    bad("\xed\xa0\x80", 3, 0);                  /* surrogate U+D800 */
    bad("ab\xed\xbf\xbf", 5, 2);                /* surrogate U+DFFF */
    bad("\xed\xb0\x80", 3, 0);                  /* low surrogate U+DC00 */
    bad("\xf4\x90\x80\x80", 4, 0);              /* U+110000 */
    bad("\xf5\x80\x80\x80", 4, 0);
    bad("\xf8\x88\x80\x80\x80", 5, 0);          /* 5-byte form */
    bad("ab\xfc\x84\x80\x80\x80\x80", 8, 2);    /* 6-byte form */
    bad("\xfe", 1, 0);
    bad("\xff", 1, 0);
    bad("ab\0cd", 5, 2);                        /* NUL */
    bad("\0", 1, 0);
    bad("Lộ\xff", 5, 4);                        /* after a good multi-byte */
    bad("é\xed\xa0\x80\xff", 6, 2);             /* the first of two errors */

    /* Validation then position, as a diagnostic would do it. */
    {
        const char *s = "dòng 1\nlỗi \xff ở đây";
        CHECK_INT(val(s, strlen(s), &off), -1);
        CHECK_INT(off, 14);
        pos_is(s, off, 2, 5);
    }

    /* ---- line and column ---- */
    {
        const char *s = "ab\ncdé\nxyz";
        pos_is(s, 0, 1, 1);
        pos_is(s, 1, 1, 2);
        pos_is(s, 2, 1, 3);     /* the '\n' itself */
        pos_is(s, 3, 2, 1);
        pos_is(s, 5, 2, 3);     /* é */
        pos_is(s, 7, 2, 4);     /* '\n' after the 2-byte é */
        pos_is(s, 8, 3, 1);
        pos_is(s, 10, 3, 3);
        pos_is(s, 11, 3, 4);    /* end of text */
    }
    pos_is("", 0, 1, 1);
    pos_is("Lộ trình", 5, 1, 4);                    /* 't': ộ is one column */
    pos_is("\n\n\n", 3, 4, 1);
    pos_is("🎉🎉x", 8, 1, 3);                        /* 4-byte chars */
    pos_is("a\xcc\x81" "b", 3, 1, 3);               /* a combining mark is a code point */

    /* ---- NFC ---- */
    nfc_is("Lo\xcc\xa3\xcc\x82 tri\xcc\x80nh \xc4\x91o\xcc\x82\xcc\x89i mo\xcc\x9b\xcc\x81i",
           "Lộ trình đổi mới");
    nfc_is("Lo\xcc\x82\xcc\xa3", "Lộ");            /* marks in non-canonical order */
    nfc_is("L\xc3\xb4\xcc\xa3", "Lộ");             /* precomposed + mark */
    nfc_is("Lộ trình", "Lộ trình");                /* already NFC: unchanged */
    nfc_is("\xc4\x90\xc4\x91", "Đđ");              /* no decomposition */
    nfc_is("A\xcc\x8a", "\xc3\x85");               /* Å */
    nfc_is("\xe1\x84\x80\xe1\x85\xa1", "\xea\xb0\x80");  /* Hangul jamo -> 가 */
    nfc_is("\xef\xac\x81", "\xef\xac\x81");        /* ligature ﬁ: compat, kept */
    nfc_is("ASCII only", "ASCII only");
    nfc_is("", "");
    {
        /* Every NFD vowel-with-tone composes to the precomposed character. */
        const char *nfd =
            "a\xcc\x81 a\xcc\x86\xcc\x80 a\xcc\x82\xcc\x89 e\xcc\x83 e\xcc\x82\xcc\xa3 "
            "i\xcc\x80 o\xcc\x81 o\xcc\x82\xcc\x83 o\xcc\x9b\xcc\xa3 u\xcc\x89 "
            "u\xcc\x9b\xcc\x81 y\xcc\x83 Y\xcc\xa3 U\xcc\x9b\xcc\x80 O\xcc\x9b\xcc\x89";
        nfc_is(nfd, "á ằ ẩ ẽ ệ ì ó ỗ ợ ủ ứ ỹ Ỵ Ừ Ở");
    }
    {
        size_t len = 0;
        char *r = u8_nfc("\xff", 1, &len);            /* invalid: NULL, no crash */
        CHECK(r == NULL);
        free(r);
    }

    /* Regression (found by fuzz_slug): U+2F800 is NFC-changed (a CJK
     * compatibility ideograph maps to U+4E3D); the quick check must not skip it. */
    nfc_is("\xf0\xaf\xa0\x80", "\xe4\xb8\xbd");
    nfc_is("\xe2\x84\xab", "\xc3\x85");   /* ANGSTROM SIGN -> Å */

    /* ---- fold ---- */
    fold_is("Lộ Trình", "lo trinh");
    fold_is("Lo\xcc\xa3\xcc\x82 Tri\xcc\x80nh", "lo trinh");    /* NFD input */
    fold_is("ĐđĐđ", "dddd");
    fold_is("Đồng Đăng - Lạng Sơn", "dong dang - lang son");
    fold_is("aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵ",
            "aaaaaaaaaaaaaaaaaaeeeeeeeeeeeeiiiiiioooooooooooooooooouuuuuuuuuuuuyyyyyy");
    fold_is("AÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬEÉÈẺẼẸÊẾỀỂỄỆIÍÌỈĨỊOÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢUÚÙỦŨỤƯỨỪỬỮỰYÝỲỶỸỴ",
            "aaaaaaaaaaaaaaaaaaeeeeeeeeeeeeiiiiiioooooooooooooooooouuuuuuuuuuuuyyyyyy");
    fold_is("Café Straße", "cafe strasse");
    fold_is("53/KH-UBND, 6,5% (x)", "53/kh-ubnd, 6,5% (x)");     /* punctuation kept */
    fold_is("中文 🎉", "中文 🎉");                                 /* other chars kept */
    fold_is("\xce\xa9", "\xcf\x89");                              /* Ω -> ω */
    fold_is("\xc3\x98", "\xc3\xb8");                              /* Ø -> ø, not stripped */
    fold_is("", "");
    {
        size_t len = 0;
        char *r = u8_fold("ab\xc0\xaf", 4, &len);     /* invalid: NULL, no crash */
        CHECK(r == NULL);
        free(r);
    }

    return t_done();
}
