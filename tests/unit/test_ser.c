/* Unit tests for ser.c, the build cache's encoding: varints at their
 * boundaries, strings, fixed-width numbers, val trees and search docs that
 * come back field for field, and damaged input (every truncation, flipped
 * bytes, huge counts) refused without crashes, overreads or leaks. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "buf.h"
#include "ser.h"
#include "search.h"
#include "val.h"

/* Decodes from an exact-size heap copy, so ASan sees any read past the
 * end (a buf has a NUL byte after its data). */
typedef struct input { unsigned char *data; ser_reader r; } input;

static void input_open(input *in, const void *data, size_t len)
{
    in->data = malloc(len ? len : 1);
    if (len) memcpy(in->data, data, len);
    ser_reader_init(&in->r, in->data, len);
}

static void input_close(input *in) { free(in->data); in->data = NULL; }

static uint64_t bits_of(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/* ---------- scalars ---------- */

/* A varint case: an unsigned or a signed value and its encoded size. */
typedef struct vcase { int is_signed; uint64_t u; int64_t i; size_t bytes; } vcase;
#define U(v, n) { 0, (v), 0, (n) }
#define I(v, n) { 1, 0, (v), (n) }

/* Encodes every case one after the other (checking sizes), then reads them
 * all back and checks that nothing is left. Returns the encoding. */
static void check_varints(const vcase *c, size_t n, buf *b)
{
    for (size_t i = 0; i < n; i++) {
        size_t before = b->len;
        if (c[i].is_signed) ser_i64(b, c[i].i);
        else ser_u64(b, c[i].u);
        CHECK_INT(b->len - before, c[i].bytes);
    }
    input in;
    input_open(&in, b->data, b->len);
    for (size_t i = 0; i < n; i++) {
        if (c[i].is_signed) CHECK_INT(ser_get_i64(&in.r), c[i].i);
        else CHECK(ser_get_u64(&in.r) == c[i].u);
    }
    CHECK_INT(in.r.bad, 0);
    CHECK(in.r.p == in.r.end);
    CHECK(ser_get_u64(&in.r) == 0);           /* past the end: damage */
    CHECK_INT(in.r.bad, 1);
    input_close(&in);
}

static void test_varints(void)
{
    static const vcase u[] = {
        U(0, 1), U(1, 1), U(127, 1), U(128, 2), U(16383, 2), U(16384, 3),
        U(UINT32_MAX, 5), U((uint64_t)1 << 63, 10), U(UINT64_MAX, 10),
    };
    static const vcase i[] = {
        I(0, 1), I(-1, 1), I(1, 1), I(63, 1), I(-64, 1), I(64, 2), I(-65, 2),
        I(-1000000, 3), I(INT64_MAX, 10), I(INT64_MIN, 10), I(INT64_MIN + 1, 10),
    };
    buf b = BUF_INIT;
    check_varints(u, sizeof u / sizeof u[0], &b);
    CHECK((unsigned char)b.data[3] == 0x80 && b.data[4] == 0x01);   /* 128: LEB128 */
    buf_reset(&b);
    check_varints(i, sizeof i / sizeof i[0], &b);
    CHECK_INT((unsigned char)b.data[1], 1);  /* -1 zigzags to 1 */
    buf_free(&b);
}

/* Varints that no writer makes: too long, overflowing, cut short. */
static void test_bad_varints(void)
{
    static const unsigned char eleven[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                            0x80, 0x80, 0x80, 0x80, 0x00 };
    static const unsigned char over[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                          0xff, 0xff, 0xff, 0x02 };
    static const unsigned char cut[] = { 0x05, 0x80 };
    input in;
    input_open(&in, eleven, sizeof eleven);
    CHECK(ser_get_u64(&in.r) == 0);
    CHECK_INT(in.r.bad, 1);
    input_close(&in);
    input_open(&in, over, sizeof over);
    CHECK(ser_get_u64(&in.r) == 0);
    CHECK_INT(in.r.bad, 1);
    input_close(&in);
    input_open(&in, cut, sizeof cut);
    CHECK(ser_get_u64(&in.r) == 5);
    CHECK(ser_get_u64(&in.r) == 0);
    CHECK_INT(in.r.bad, 1);
    input_close(&in);
    /* once damaged, nothing more is read even where bytes are left */
    static const unsigned char ok[] = { 0x07, 0x07, 0x07, 0x07, 0x07, 0x07, 0x07, 0x07, 0x07 };
    input_open(&in, ok, sizeof ok);
    in.r.bad = 1;
    CHECK(ser_get_u64(&in.r) == 0);
    CHECK(ser_get_i64(&in.r) == 0);
    CHECK(ser_get_fixed64(&in.r) == 0);
    size_t n = 9;
    CHECK(ser_get_bytes(&in.r, &n) == NULL);
    CHECK_INT(n, 0);
    CHECK(ser_get_str(&in.r) == NULL);
    CHECK_INT(ser_get_count(&in.r, 1), 0);
    CHECK(ser_get_val(&in.r) == NULL);
    CHECK_INT(in.r.bad, 1);
    input_close(&in);
}

static void test_strings(void)
{
    static const char bin[] = "a\0b\xff";
    buf b = BUF_INIT;
    ser_str(&b, NULL);
    ser_str(&b, "");
    ser_str(&b, "Lạng Sơn");
    ser_bytes(&b, bin, 4);
    ser_bytes(&b, NULL, 0);
    CHECK_INT(b.data[0], 0);                 /* NULL and "" differ */
    CHECK_INT(b.data[1], 1);
    input in;
    input_open(&in, b.data, b.len);
    char *s = ser_get_str(&in.r);
    CHECK(s == NULL && !in.r.bad);
    s = ser_get_str(&in.r);
    CHECK_STR(s, "");
    free(s);
    s = ser_get_str(&in.r);
    CHECK_STR(s, "Lạng Sơn");
    CHECK_INT(strlen(s ? s : ""), 11);
    free(s);
    size_t n = 0;
    const char *p = ser_get_bytes(&in.r, &n);
    CHECK_INT(n, 4);
    CHECK(p && memcmp(p, bin, 4) == 0);
    p = ser_get_bytes(&in.r, &n);
    CHECK(p != NULL && n == 0);
    CHECK(in.r.p == in.r.end && !in.r.bad);
    input_close(&in);

    /* bytes with a NUL read as a string: damage */
    input_open(&in, b.data + 2 + 12, 5);
    CHECK_INT((unsigned char)in.data[0], 4);
    s = ser_get_str(&in.r);
    CHECK(s == NULL && in.r.bad);
    input_close(&in);
    /* a length past the end */
    static const unsigned char longer[] = { 0x06, 'a', 'b' };
    input_open(&in, longer, sizeof longer);
    CHECK(ser_get_str(&in.r) == NULL && in.r.bad);
    input_close(&in);
    input_open(&in, longer, sizeof longer);
    CHECK(ser_get_bytes(&in.r, &n) == NULL && n == 0 && in.r.bad);
    input_close(&in);
    buf_free(&b);
}

static void test_fixed(void)
{
    buf b = BUF_INIT;
    double nan_payload;
    uint64_t nb = 0x7ff8000000abcdefULL;
    memcpy(&nan_payload, &nb, sizeof nb);
    const double ds[] = { 0.0, -0.0, 1.5, -3.25e300, 4.9e-324, INFINITY, -INFINITY, NAN,
                          nan_payload, 0.1 };
    size_t nd = sizeof ds / sizeof ds[0];
    ser_fixed64(&b, 0x0102030405060708ULL);
    CHECK_INT(b.len, 8);
    CHECK(b.data[0] == 0x08 && b.data[7] == 0x01);            /* little-endian */
    ser_fixed64(&b, UINT64_MAX);
    for (size_t i = 0; i < nd; i++) ser_double(&b, ds[i]);
    CHECK_INT(b.len, 16 + 8 * nd);
    input in;
    input_open(&in, b.data, b.len);
    CHECK(ser_get_fixed64(&in.r) == 0x0102030405060708ULL);
    CHECK(ser_get_fixed64(&in.r) == UINT64_MAX);
    for (size_t i = 0; i < nd; i++) CHECK(bits_of(ser_get_double(&in.r)) == bits_of(ds[i]));
    CHECK(!in.r.bad && in.r.p == in.r.end);
    input_close(&in);
    input_open(&in, b.data, 7);                                /* 7 bytes: too short */
    CHECK(ser_get_fixed64(&in.r) == 0 && in.r.bad);
    input_close(&in);
    buf_free(&b);
}

/* A count is refused exactly when the input cannot hold that many items. */
static void test_count(void)
{
    buf b = BUF_INIT;
    ser_u64(&b, 3);
    buf_put(&b, "abcdefghijkl", 12);          /* 12 bytes follow */
    input in;
    input_open(&in, b.data, b.len);
    CHECK_INT(ser_get_count(&in.r, 4), 3);
    CHECK_INT(in.r.bad, 0);
    input_close(&in);
    input_open(&in, b.data, b.len - 1);       /* 11 bytes: not 3 of 4 */
    CHECK_INT(ser_get_count(&in.r, 4), 0);
    CHECK_INT(in.r.bad, 1);
    input_close(&in);
    input_open(&in, b.data, b.len);
    CHECK_INT(ser_get_count(&in.r, 0), 3);    /* 0 is taken as 1 */
    input_close(&in);
    buf_reset(&b);
    ser_u64(&b, UINT64_MAX);
    input_open(&in, b.data, b.len);
    CHECK_INT(ser_get_count(&in.r, 1), 0);
    CHECK_INT(in.r.bad, 1);
    input_close(&in);
    buf_free(&b);
}

/* ---------- val trees ---------- */

static int same_val(const val *a, const val *b);

static int same_date(const val *a, const val *b)
{
    const val_date *x = &a->u.date.d, *y = &b->u.date.d;
    if (x->year != y->year || x->month != y->month || x->day != y->day || x->hour != y->hour ||
        x->minute != y->minute || x->second != y->second || x->has_time != y->has_time ||
        x->has_tz != y->has_tz || x->tz_minutes != y->tz_minutes) return 0;
    if (!a->u.date.text || !b->u.date.text) return a->u.date.text == b->u.date.text;
    return strcmp(a->u.date.text, b->u.date.text) == 0;
}

static int same_children(const val *a, const val *b)
{
    if (a->kind == VAL_LIST) {
        if (a->u.list.n != b->u.list.n) return 0;
        for (size_t i = 0; i < a->u.list.n; i++)
            if (!same_val(a->u.list.items[i], b->u.list.items[i])) return 0;
        return 1;
    }
    if (a->u.map.n != b->u.map.n) return 0;
    for (size_t i = 0; i < a->u.map.n; i++)
        if (strcmp(a->u.map.keys[i], b->u.map.keys[i]) != 0 ||
            !same_val(a->u.map.vals[i], b->u.map.vals[i])) return 0;
    return 1;
}

/* Field for field, positions, float bits and string lengths included. */
static int same_val(const val *a, const val *b)
{
    if (!a || !b) return a == b;
    if (a->kind != b->kind || a->line != b->line || a->col != b->col) return 0;
    switch (a->kind) {
    case VAL_NULL: return 1;
    case VAL_BOOL: return a->u.boolean == b->u.boolean;
    case VAL_INT: return a->u.integer == b->u.integer;
    case VAL_FLOAT: return bits_of(a->u.number) == bits_of(b->u.number);
    case VAL_STRING:
        return a->u.str.len == b->u.str.len && b->u.str.s[b->u.str.len] == '\0' &&
               memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
    case VAL_DATE: return same_date(a, b);
    case VAL_LIST: case VAL_MAP: return same_children(a, b);
    }
    return 0;
}

static val *mk_int(long long x, int line, int col)
{
    val *v = val_new(VAL_INT, line, col);
    v->u.integer = x;
    return v;
}

static val *mk_float(double x, int line, int col)
{
    val *v = val_new(VAL_FLOAT, line, col);
    v->u.number = x;
    return v;
}

static val *mk_bool(int x, int line, int col)
{
    val *v = val_new(VAL_BOOL, line, col);
    v->u.boolean = x;
    return v;
}

/* A date parsed from text; text_too = 0 leaves its text NULL. */
static val *mk_date(const char *text, int text_too, int line, int col)
{
    val *v = val_new(VAL_DATE, line, col);
    CHECK_INT(val_parse_date(text, strlen(text), &v->u.date.d), 0);
    if (text_too) v->u.date.text = strdup(text);
    return v;
}

static val *mk_str(const char *s, int line, int col) { return val_new_string(s, strlen(s), line, col); }

/* groups: a list of maps that hold lists and maps of every kind. */
static val *mk_groups(int line)
{
    val *groups = val_new(VAL_LIST, line, 1);
    for (int g = 0; g < 3; g++) {
        val *m = val_new(VAL_MAP, line + 1 + g * 4, 3);
        val *l = val_new(VAL_LIST, line + 2 + g * 4, 10);
        val *inner = val_new(VAL_MAP, line + 3 + g * 4, 5);
        val_list_push(l, mk_int(g, line + 2, 11));
        val_list_push(l, mk_str("Hà Giang", line + 2, 14));
        val_list_push(l, val_new(VAL_NULL, line + 2, 25));
        val_list_push(l, val_new(VAL_LIST, line + 2, 30));          /* empty list */
        val_map_add(inner, "ok", mk_bool(g & 1, line + 3, 9));
        val_map_add(inner, "pi", mk_float(3.141592653589793 * g, line + 3, 15));
        val_map_add(inner, "empty", val_new(VAL_MAP, line + 3, 30)); /* empty map */
        val_map_add(m, "name", mk_str(g ? "Cao Bằng" : "Lạng Sơn", line + 1, 9));
        val_map_add(m, "items", l);
        val_map_add(m, "more", inner);
        val_list_push(groups, m);
    }
    return groups;
}

static val *mk_rich(void)
{
    val *m = val_new(VAL_MAP, 1, 1);
    val *many = val_new(VAL_LIST, 40, 7);
    val_map_add(m, "zeta", mk_str("Lạng Sơn", 2, 7));               /* not sorted */
    val_map_add(m, "alpha", mk_bool(1, 3, 8));
    val_map_add(m, "no", mk_bool(0, 4, 5));
    val_map_add(m, "weight", mk_int(-42, 5, 9));
    val_map_add(m, "min", mk_int(INT64_MIN, 6, 6));
    val_map_add(m, "max", mk_int(INT64_MAX, 7, 6));
    val_map_add(m, "ratio", mk_float(0.75, 8, 8));
    val_map_add(m, "negzero", mk_float(-0.0, 9, 10));
    val_map_add(m, "nan", mk_float(NAN, 10, 6));
    val_map_add(m, "inf", mk_float(-INFINITY, 11, 6));
    val_map_add(m, "nothing", val_new(VAL_NULL, 12, 10));
    val_map_add(m, "date", mk_date("2026-11-23", 1, 13, 7));
    val_map_add(m, "when", mk_date("2026-11-23 08:30", 1, 14, 7));
    val_map_add(m, "local", mk_date("2026-11-23T08:30:15", 1, 15, 8));
    val_map_add(m, "hanoi", mk_date("2026-02-28T23:59:59+07:00", 1, 16, 8));
    val_map_add(m, "west", mk_date("1999-12-31T00:00:00-09:30", 1, 17, 7));
    val_map_add(m, "zulu", mk_date("2026-11-23T01:02:03.456Z", 1, 18, 7));
    val_map_add(m, "notext", mk_date("2000-01-01", 0, 19, 9));
    val_map_add(m, "bin", val_new_string("a\0b", 3, 20, 6));         /* embedded NUL */
    val_map_add(m, "empty", mk_str("", 21, 8));
    val_map_add(m, "", mk_str("empty key", 22, 3));
    val_map_add(m, "far", mk_str("x", 100000, 250));                /* multi-byte positions */
    val_map_add(m, "zero", mk_str("y", 0, 0));
    val_map_add(m, "groups", mk_groups(30));
    for (int i = 0; i < 1000; i++) val_list_push(many, mk_int(i * 7919 - 3000, 41 + i, 5));
    val_map_add(m, "many", many);
    return m;
}

static void test_val_roundtrip(void)
{
    val *m = mk_rich();
    buf b = BUF_INIT;
    ser_val(&b, m);
    CHECK_INT(b.failed, 0);
    input in;
    input_open(&in, b.data, b.len);
    val *c = ser_get_val(&in.r);
    CHECK(c != NULL);
    CHECK_INT(in.r.bad, 0);
    CHECK(in.r.p == in.r.end);
    CHECK(same_val(m, c));
    if (c) {
        /* a few fields by hand, so same_val is not the only judge */
        CHECK_STR(c->u.map.keys[0], "zeta");
        CHECK_STR(c->u.map.keys[1], "alpha");
        CHECK_STR(val_map_get(c, "zeta")->u.str.s, "Lạng Sơn");
        CHECK_INT(val_map_get(c, "zeta")->line, 2);
        CHECK_INT(val_map_get(c, "zeta")->col, 7);
        CHECK_INT(val_map_get(c, "far")->line, 100000);
        CHECK_INT(val_map_get(c, "min")->u.integer, INT64_MIN);
        CHECK(signbit(val_map_get(c, "negzero")->u.number));
        CHECK(isnan(val_map_get(c, "nan")->u.number));
        CHECK_INT(val_map_get(c, "bin")->u.str.len, 3);
        CHECK(memcmp(val_map_get(c, "bin")->u.str.s, "a\0b", 4) == 0);
        CHECK_STR(val_map_get(c, "")->u.str.s, "empty key");
        const val *w = val_map_get(c, "west");
        CHECK_INT(w->u.date.d.tz_minutes, -570);
        CHECK_INT(w->u.date.d.has_tz, 1);
        CHECK_STR(w->u.date.text, "1999-12-31T00:00:00-09:30");
        const val *d = val_map_get(c, "date");
        CHECK_INT(d->u.date.d.has_time, 0);
        CHECK_INT(d->u.date.d.day, 23);
        CHECK(val_map_get(c, "notext")->u.date.text == NULL);
        CHECK_INT(val_map_get(c, "local")->u.date.d.second, 15);
        const val *many = val_map_get(c, "many");
        CHECK_INT(many->u.list.n, 1000);
        CHECK_INT(many->u.list.items[999]->u.integer, 999 * 7919 - 3000);
        CHECK_INT(many->u.list.items[999]->line, 1040);
        const val *g = val_map_get(c, "groups")->u.list.items[2];
        CHECK_STR(val_map_get(g, "name")->u.str.s, "Cao Bằng");
        CHECK_INT(val_map_get(val_map_get(g, "more"), "ok")->u.boolean, 0);
        /* the copy is a normal tree: it grows through val.h */
        CHECK_INT(val_list_push((val *)many, mk_int(1, 1, 1)), 0);
        CHECK_INT(val_map_add(c, "added", mk_int(2, 1, 1)), 0);
        CHECK_INT(val_map_get(c, "added")->u.integer, 2);
    }
    /* a changed value no longer compares equal: same_val can fail */
    val_map_get(m, "weight")->u.integer = 43;
    CHECK(!same_val(m, c));
    val_free(c);
    input_close(&in);
    val_free(m);
    buf_free(&b);
}

static void test_val_small(void)
{
    buf b = BUF_INIT;
    val *v = mk_int(5, 1, 1);
    ser_val(&b, v);
    CHECK_INT(b.len, 4);                     /* tag, line, column, value */
    val_free(v);
    buf_reset(&b);
    ser_val(&b, NULL);
    CHECK_INT(b.len, 1);
    input in;
    input_open(&in, b.data, b.len);
    CHECK(ser_get_val(&in.r) == NULL);
    CHECK_INT(in.r.bad, 0);                  /* a NULL val, not damage */
    input_close(&in);
    /* a NULL inside a list is damage: lists never hold one */
    static const unsigned char nul_item[] = { 7, 2, 2, 1, 0, 0, 0 };
    input_open(&in, nul_item, sizeof nul_item);
    CHECK(ser_get_val(&in.r) == NULL);
    CHECK_INT(in.r.bad, 1);
    input_close(&in);
    /* an unknown kind, a bool of 2, a month of 13 */
    static const unsigned char kind9[] = { 9, 2, 2 };
    static const unsigned char bool2[] = { 2, 2, 2, 2 };
    static const unsigned char month13[] = { 6, 2, 2, 0xd4, 0x1f, 26, 2, 0, 0, 0, 0, 0, 0 };
    const unsigned char *bad[] = { kind9, bool2, month13 };
    size_t lens[] = { sizeof kind9, sizeof bool2, sizeof month13 };
    for (int i = 0; i < 3; i++) {
        input_open(&in, bad[i], lens[i]);
        CHECK(ser_get_val(&in.r) == NULL);
        CHECK_INT(in.r.bad, 1);
        input_close(&in);
    }
    /* month13 with month 12 is a good date: the test above is not vacuous */
    unsigned char month12[sizeof month13];
    memcpy(month12, month13, sizeof month13);
    month12[5] = 24;
    input_open(&in, month12, sizeof month12);
    v = ser_get_val(&in.r);
    CHECK(v && v->kind == VAL_DATE && v->u.date.d.year == 2026 && v->u.date.d.month == 12);
    CHECK_INT(in.r.bad, 0);
    val_free(v);
    input_close(&in);
    buf_free(&b);
}

/* depth lists nested in one another, the innermost holding an int. */
static val *mk_deep(int depth, val_kind kind)
{
    val *v = mk_int(7, depth + 1, 1);
    for (int i = depth; i > 0; i--) {
        val *c = val_new(kind, i, 1);
        if (kind == VAL_LIST) val_list_push(c, v);
        else val_map_add(c, "k", v);
        v = c;
    }
    return v;
}

static int decode_ok(const buf *b)
{
    input in;
    input_open(&in, b->data, b->len);
    val *v = ser_get_val(&in.r);
    int ok = v != NULL && !in.r.bad;
    val_free(v);
    input_close(&in);
    return ok;
}

static void test_deep(void)
{
    buf b = BUF_INIT;
    for (int k = 0; k < 2; k++) {
        val_kind kind = k ? VAL_MAP : VAL_LIST;
        val *v = mk_deep(SER_MAX_DEPTH, kind);
        ser_val(&b, v);
        CHECK(decode_ok(&b));                 /* 64 lists or maps: fine */
        val_free(v);
        buf_reset(&b);
        v = mk_deep(SER_MAX_DEPTH + 1, kind);
        ser_val(&b, v);
        CHECK(!decode_ok(&b));                /* 65: refused */
        val_free(v);
        buf_reset(&b);
    }
    CHECK_INT(SER_MAX_DEPTH, 64);
    buf_free(&b);
}

/* ---------- search docs ---------- */

static const char *const doc_toks[] = {
    "0", "123456789012345678901234567890123456789012345678", "2026", "an", "ang", "b",
    "lang", "langson", "son", "tr", "trinh", "東京",
};
#define N_DOC_TOKS (sizeof doc_toks / sizeof doc_toks[0])

static void mk_doc(search_doc *d)
{
    memset(d, 0, sizeof *d);
    d->used = 1;
    d->lang = 2;
    d->url = strdup("/vi/tin-tuc/lang-son/");
    d->title = strdup("Lạng Sơn");
    d->summary = strdup("");
    d->section = "tin-tuc";
    d->text_bytes = 123456789;
    d->terms = calloc(N_DOC_TOKS, sizeof *d->terms);
    d->n_terms = N_DOC_TOKS;
    for (size_t i = 0; i < N_DOC_TOKS; i++) {
        d->terms[i].tok = strdup(doc_toks[i]);
        d->terms[i].weight = (unsigned)(i * 5 + 1);
    }
    d->terms[3].weight = 4000000000u;
}

static int same_doc(const search_doc *a, const search_doc *b)
{
    if (a->used != b->used || a->lang != b->lang || a->n_terms != b->n_terms ||
        a->text_bytes != b->text_bytes) return 0;
    if (strcmp(a->url, b->url) || strcmp(a->title, b->title) || strcmp(a->summary, b->summary))
        return 0;
    for (size_t i = 0; i < a->n_terms; i++)
        if (strcmp(a->terms[i].tok, b->terms[i].tok) || a->terms[i].weight != b->terms[i].weight)
            return 0;
    return 1;
}

/* Encodes d and decodes it again; returns search_doc_deser's result. */
static int doc_trip(const search_doc *d, search_doc *out)
{
    buf b = BUF_INIT;
    input in;
    search_doc_ser(&b, d);
    input_open(&in, b.data, b.len);
    int rc = search_doc_deser(&in.r, out, "sec");
    if (rc == 0 && in.r.p != in.r.end) rc = -2;
    input_close(&in);
    buf_free(&b);
    return rc;
}

static void test_doc_roundtrip(void)
{
    search_doc d, c, u;
    mk_doc(&d);
    CHECK_INT(doc_trip(&d, &c), 0);
    CHECK(same_doc(&d, &c));
    CHECK_STR(c.section, "sec");
    CHECK_STR(c.url, "/vi/tin-tuc/lang-son/");
    CHECK_STR(c.title, "Lạng Sơn");
    CHECK_STR(c.summary, "");
    CHECK_INT(c.lang, 2);
    CHECK_INT(c.text_bytes, 123456789);
    CHECK_INT(c.n_terms, N_DOC_TOKS);
    CHECK_STR(c.terms[7].tok, "langson");
    CHECK_INT(c.terms[7].weight, 36);
    CHECK_INT(strlen(c.terms[1].tok), SEARCH_MAX_TOKEN);
    CHECK_INT(c.terms[3].weight, 4000000000u);
    CHECK_STR(c.terms[N_DOC_TOKS - 1].tok, "東京");
    search_doc_free(&c);

    memset(&u, 0, sizeof u);                  /* an unused doc: one byte */
    buf b = BUF_INIT;
    search_doc_ser(&b, &u);
    CHECK_INT(b.len, 1);
    buf_free(&b);
    u.lang = 9;
    CHECK_INT(doc_trip(&u, &c), 0);
    CHECK_INT(c.used, 0);
    CHECK_INT(c.lang, 0);
    CHECK_STR(c.section, "sec");
    search_doc_free(&c);

    /* no terms at all */
    search_doc e = d;
    e.n_terms = 0;
    CHECK_INT(doc_trip(&e, &c), 0);
    CHECK_INT(c.n_terms, 0);
    CHECK(c.terms == NULL);
    CHECK_STR(c.title, "Lạng Sơn");
    search_doc_free(&c);

    /* two docs back to back */
    search_doc_ser(&b, &d);
    search_doc_ser(&b, &u);
    search_doc_ser(&b, &d);
    input in;
    input_open(&in, b.data, b.len);
    CHECK_INT(search_doc_deser(&in.r, &c, "a"), 0);
    CHECK(same_doc(&d, &c));
    search_doc_free(&c);
    CHECK_INT(search_doc_deser(&in.r, &c, "b"), 0);
    CHECK_INT(c.used, 0);
    CHECK_INT(search_doc_deser(&in.r, &c, "c"), 0);
    CHECK(same_doc(&d, &c));
    CHECK(in.r.p == in.r.end);
    search_doc_free(&c);
    input_close(&in);
    buf_free(&b);
    search_doc_free(&d);
}

/* A doc of two terms, a then b (either may break the rules). */
static void mk_doc2(search_doc *d, const char *a, const char *b)
{
    mk_doc(d);
    for (size_t i = 0; i < d->n_terms; i++) free(d->terms[i].tok);
    d->n_terms = 2;
    d->terms[0].tok = strdup(a);
    d->terms[1].tok = strdup(b);
}

/* A used doc's bytes up to its terms: lang 0, url, title, summary, text 0. */
static void doc_head(buf *b, size_t n_terms)
{
    ser_u64(b, 1);
    ser_u64(b, 0);
    ser_str(b, "/");
    ser_str(b, "t");
    ser_str(b, "s");
    ser_u64(b, 0);
    ser_u64(b, n_terms);
}

/* A term as bytes: shared with the previous token, the rest, weight 1. */
static void raw_term(buf *b, size_t shared, const char *rest)
{
    ser_u64(b, shared);
    ser_bytes(b, rest, strlen(rest));
    ser_u64(b, 1);
}

static void test_doc_refused(void)
{
    static const char *const cases[][2] = {
        { "b", "a" },          /* out of order */
        { "an", "an" },        /* twice */
        { "ang", "an" },       /* a prefix after the longer token */
        { "", "a" },           /* empty */
        { "0", "1234567890123456789012345678901234567890123456789" },   /* 49 bytes */
    };
    search_doc d, c;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        mk_doc2(&d, cases[k][0], cases[k][1]);
        CHECK_INT(doc_trip(&d, &c), -1);
        CHECK(c.used == 0 && c.url == NULL && c.terms == NULL && c.section == NULL);
        search_doc_free(&d);
        mk_doc2(&d, cases[k][1], cases[k][0]);    /* swapped, the order is right */
        CHECK_INT(doc_trip(&d, &c), k == 0 || k == 2 ? 0 : -1);
        search_doc_free(&c);
        search_doc_free(&d);
    }
    /* shared bytes must be all the token shares with the previous one:
     * "ab" then 0 + "aa" would be out of order, 0 + "ac" is not canonical;
     * 1 + "c" is the way "ac" is written */
    static const struct { size_t shared; const char *rest; int rc; } raws[] = {
        { 0, "aa", -1 }, { 0, "ac", -1 }, { 1, "c", 0 },
    };
    for (int k = 0; k < 3; k++) {
        buf b = BUF_INIT;
        input in;
        doc_head(&b, 2);
        raw_term(&b, 0, "ab");
        raw_term(&b, raws[k].shared, raws[k].rest);
        input_open(&in, b.data, b.len);
        CHECK_INT(search_doc_deser(&in.r, &c, "s"), raws[k].rc);
        if (raws[k].rc == 0) CHECK_STR(c.n_terms == 2 ? c.terms[1].tok : "", "ac");
        search_doc_free(&c);
        input_close(&in);
        buf_free(&b);
    }
    /* more shared bytes than the previous token has */
    buf b = BUF_INIT;
    input in;
    doc_head(&b, 2);
    raw_term(&b, 0, "ab");
    raw_term(&b, 3, "c");
    input_open(&in, b.data, b.len);
    CHECK_INT(search_doc_deser(&in.r, &c, "s"), -1);
    input_close(&in);
    buf_free(&b);
    /* a used doc without a title */
    mk_doc(&d);
    free(d.title);
    d.title = NULL;
    CHECK_INT(doc_trip(&d, &c), -1);
    search_doc_free(&d);
    /* used must be 0 or 1 */
    static const unsigned char two[] = { 2 };
    input_open(&in, two, 1);
    CHECK_INT(search_doc_deser(&in.r, &c, "s"), -1);
    CHECK_INT(in.r.bad, 1);
    input_close(&in);
}

/* ---------- damage ---------- */

/* A tree of every kind, small enough to decode once per byte and flip. */
static val *mk_medium(void)
{
    val *m = val_new(VAL_MAP, 1, 1);
    val_map_add(m, "title", mk_str("Lạng Sơn", 2, 8));
    val_map_add(m, "n", mk_int(-300, 3, 4));
    val_map_add(m, "f", mk_float(-0.0, 4, 4));
    val_map_add(m, "b", mk_bool(1, 5, 4));
    val_map_add(m, "z", val_new(VAL_NULL, 6, 4));
    val_map_add(m, "d", mk_date("2026-11-23T08:30:00+07:00", 1, 7, 4));
    val_map_add(m, "groups", mk_groups(8));
    return m;
}

typedef int (*decode_fn)(const unsigned char *data, size_t len);

/* 0 when the input decodes, -1 when it is refused. */
static int decode_val(const unsigned char *data, size_t len)
{
    input in;
    input_open(&in, data, len);
    val *v = ser_get_val(&in.r);
    int rc = in.r.bad ? -1 : 0;
    if (in.r.bad && v) rc = -2;               /* damage must come with NULL */
    val_free(v);
    input_close(&in);
    return rc;
}

static int decode_doc(const unsigned char *data, size_t len)
{
    input in;
    search_doc d;
    input_open(&in, data, len);
    int rc = search_doc_deser(&in.r, &d, "s");
    if (rc < 0 && (d.used || d.url || d.title || d.summary || d.terms || d.n_terms)) rc = -2;
    if (rc < 0 && !in.r.bad) rc = -3;
    search_doc_free(&d);
    input_close(&in);
    return rc;
}

/* Every proper prefix is refused; the whole input is not. */
static void check_truncations(const buf *b, decode_fn fn)
{
    int refused = 0;
    for (size_t len = 0; len < b->len; len++)
        refused += fn((const unsigned char *)b->data, len) == -1;
    CHECK_INT(refused, b->len);
    CHECK_INT(fn((const unsigned char *)b->data, b->len), 0);
}

/* Each byte set to several values: never a crash, an overread or a leak
 * (the sanitizers judge), and damage always reported the same way. */
static void check_flips(const buf *b, decode_fn fn)
{
    static const unsigned char xors[] = { 0x01, 0x02, 0x40, 0x80, 0xff };
    static const unsigned char sets[] = { 0x00, 0x7f, 0x80, 0xff };
    unsigned char *copy = malloc(b->len);
    int odd = 0, refused = 0;
    memcpy(copy, b->data, b->len);
    for (size_t i = 0; i < b->len; i++) {
        unsigned char keep = copy[i];
        for (size_t k = 0; k < sizeof xors + sizeof sets; k++) {
            copy[i] = k < sizeof xors ? keep ^ xors[k] : sets[k - sizeof xors];
            if (copy[i] == keep) continue;
            int rc = fn(copy, b->len);
            odd += rc < -1;
            refused += rc == -1;
        }
        copy[i] = keep;
    }
    CHECK_INT(odd, 0);
    CHECK(refused > 0);
    CHECK_INT(fn(copy, b->len), 0);
    free(copy);
}

static void test_damage(void)
{
    buf b = BUF_INIT;
    val *m = mk_medium();
    ser_val(&b, m);
    val_free(m);
    CHECK(b.len > 100);
    check_truncations(&b, decode_val);
    check_flips(&b, decode_val);
    buf_reset(&b);
    search_doc d;
    mk_doc(&d);
    search_doc_ser(&b, &d);
    search_doc_free(&d);
    check_truncations(&b, decode_doc);
    check_flips(&b, decode_doc);
    buf_free(&b);
}

/* Counts that claim more items than the input holds fail before any
 * allocation is made for them. */
static void test_huge_counts(void)
{
    buf b = BUF_INIT;
    ser_u64(&b, VAL_LIST + 1);
    ser_i64(&b, 1);
    ser_i64(&b, 1);
    ser_u64(&b, UINT64_MAX / 2);
    buf_put(&b, "\x03\x02\x02\x00", 4);
    CHECK_INT(decode_val((const unsigned char *)b.data, b.len), -1);
    buf_reset(&b);
    ser_u64(&b, VAL_MAP + 1);
    ser_i64(&b, 1);
    ser_i64(&b, 1);
    ser_u64(&b, 1000000000);
    CHECK_INT(decode_val((const unsigned char *)b.data, b.len), -1);
    buf_reset(&b);
    doc_head(&b, (size_t)1 << 40);            /* a used doc with 2^40 terms */
    buf_put(&b, "\x00\x01" "a" "\x01", 4);
    CHECK_INT(decode_doc((const unsigned char *)b.data, b.len), -1);
    buf_reset(&b);
    ser_u64(&b, (uint64_t)1 << 60);           /* bytes and strings too */
    input in;
    size_t n;
    input_open(&in, b.data, b.len);
    CHECK(ser_get_bytes(&in.r, &n) == NULL && in.r.bad);
    input_close(&in);
    input_open(&in, b.data, b.len);
    CHECK(ser_get_str(&in.r) == NULL && in.r.bad);
    input_close(&in);
    buf_free(&b);
}

int main(void)
{
    test_varints();
    test_bad_varints();
    test_strings();
    test_fixed();
    test_count();
    test_val_roundtrip();
    test_val_small();
    test_deep();
    test_doc_roundtrip();
    test_doc_refused();
    test_damage();
    test_huge_counts();
    return t_done();
}
