/* ser: compact binary encoding for the build cache (see ser.h).
 *
 * A val is a tag (0: no val, else kind + 1), its line and column (zigzag),
 * then by kind: a byte 0/1 (bool), a zigzag varint (int), 8 IEEE bytes
 * (float), length + bytes (string), the date's fields and zone, flags, text,
 * or a count and the items / key-value pairs (list, map). */
#include "ser.h"
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "fm.h"

_Static_assert(SER_MAX_DEPTH >= FM_MAX_DEPTH, "every YAML tree must round-trip");

/* The fewest bytes an encoded val, and a map entry, can take: a list or map
 * count is checked against these before anything is allocated. */
#define VAL_MIN_BYTES 3         /* tag, line, column */
#define ENTRY_MIN_BYTES (1 + VAL_MIN_BYTES)
#define KEY_STACK 128           /* keys shorter than this are copied on the stack */

enum { DATE_HAS_TIME = 1, DATE_HAS_TZ = 2 };

/* A date's int fields in their order, with the ranges val_parse_date allows
 * (day up to 31 whatever the month): a reader takes nothing else, as later
 * code indexes tables by month. */
static const struct { size_t off; int lo, hi; } date_fields[] = {
    { offsetof(val_date, year), INT_MIN, INT_MAX },
    { offsetof(val_date, month), 1, 12 },
    { offsetof(val_date, day), 1, 31 },
    { offsetof(val_date, hour), 0, 23 },
    { offsetof(val_date, minute), 0, 59 },
    { offsetof(val_date, second), 0, 59 },
    { offsetof(val_date, tz_minutes), -(23 * 60 + 59), 23 * 60 + 59 },
};
#define N_DATE_FIELDS (sizeof date_fields / sizeof date_fields[0])

/* ---------- writing ---------- */

void ser_u64(buf *b, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;
    while (v >= 0x80) {
        tmp[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    tmp[n++] = (unsigned char)v;
    buf_put(b, (const char *)tmp, n);
}

/* Small magnitudes of either sign stay short: 0, -1, 1, -2 ... -> 0, 1, 2, 3 ... */
void ser_i64(buf *b, int64_t v)
{
    ser_u64(b, v < 0 ? ~((uint64_t)v << 1) : (uint64_t)v << 1);
}

void ser_fixed64(buf *b, uint64_t v)
{
    unsigned char tmp[8];
    for (int i = 0; i < 8; i++) tmp[i] = (unsigned char)(v >> (8 * i));
    buf_put(b, (const char *)tmp, 8);
}

void ser_double(buf *b, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    ser_fixed64(b, bits);
}

void ser_bytes(buf *b, const void *s, size_t n)
{
    ser_u64(b, n);
    if (n) buf_put(b, s, n);
}

/* Length + 1, so that 0 can stand for NULL. */
void ser_str(buf *b, const char *s)
{
    if (!s) { ser_u64(b, 0); return; }
    size_t n = strlen(s);
    ser_u64(b, (uint64_t)n + 1);
    buf_put(b, s, n);
}

static void put_date(buf *b, const val *v)
{
    const val_date *d = &v->u.date.d;
    for (size_t i = 0; i < N_DATE_FIELDS; i++)
        ser_i64(b, *(const int *)((const char *)d + date_fields[i].off));
    ser_u64(b, (d->has_time ? DATE_HAS_TIME : 0) | (d->has_tz ? DATE_HAS_TZ : 0));
    ser_str(b, v->u.date.text);
}

/* Recursion depth is the tree's, which its maker bounds (FM_MAX_DEPTH). */
void ser_val(buf *b, const val *v)
{
    if (!v) { ser_u64(b, 0); return; }
    ser_u64(b, (uint64_t)v->kind + 1);
    ser_i64(b, v->line);
    ser_i64(b, v->col);
    switch (v->kind) {
    case VAL_NULL: break;
    case VAL_BOOL: ser_u64(b, v->u.boolean != 0); break;
    case VAL_INT: ser_i64(b, v->u.integer); break;
    case VAL_FLOAT: ser_double(b, v->u.number); break;
    case VAL_STRING: ser_bytes(b, v->u.str.s, v->u.str.len); break;
    case VAL_DATE: put_date(b, v); break;
    case VAL_LIST:
        ser_u64(b, v->u.list.n);
        for (size_t i = 0; i < v->u.list.n; i++) ser_val(b, v->u.list.items[i]);
        break;
    case VAL_MAP:
        ser_u64(b, v->u.map.n);
        for (size_t i = 0; i < v->u.map.n; i++) {
            ser_bytes(b, v->u.map.keys[i], strlen(v->u.map.keys[i]));
            ser_val(b, v->u.map.vals[i]);
        }
        break;
    }
}

/* ---------- reading ---------- */

void ser_reader_init(ser_reader *r, const void *data, size_t len)
{
    r->p = data;
    r->end = r->p ? r->p + len : r->p;
    r->bad = 0;
}

/* Marks r damaged; nothing is left to read, so fast paths fail too. */
static void *damage(ser_reader *r)
{
    r->bad = 1;
    r->p = r->end;
    return NULL;
}

static size_t left(const ser_reader *r) { return (size_t)(r->end - r->p); }

/* Varints longer than one byte; a 10th byte may only add the top bit. */
static uint64_t get_u64_slow(ser_reader *r)
{
    const unsigned char *p = r->p;
    uint64_t v = 0;
    if (r->bad) return 0;
    for (unsigned shift = 0; shift < 64 && p < r->end; shift += 7) {
        unsigned c = *p++;
        if (shift == 63 && c > 1) break;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (c < 0x80) { r->p = p; return v; }
    }
    damage(r);
    return 0;
}

/* Most varints (tags, positions, lengths) are one byte. bad is checked
 * too, as a caller may set it itself. */
static inline uint64_t get_u64(ser_reader *r)
{
    const unsigned char *p = r->p;
    if (p < r->end && *p < 0x80 && !r->bad) { r->p = p + 1; return *p; }
    return get_u64_slow(r);
}

static inline int64_t get_i64(ser_reader *r)
{
    uint64_t u = get_u64(r);
    /* written so that no step overflows: UINT64_MAX -> INT64_MIN */
    return u & 1 ? -(int64_t)(u >> 1) - 1 : (int64_t)(u >> 1);
}

uint64_t ser_get_u64(ser_reader *r) { return get_u64(r); }

int64_t ser_get_i64(ser_reader *r) { return get_i64(r); }

uint64_t ser_get_fixed64(ser_reader *r)
{
    uint64_t v = 0;
    if (r->bad || left(r) < 8) { damage(r); return 0; }
    for (int i = 0; i < 8; i++) v |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    return v;
}

double ser_get_double(ser_reader *r)
{
    uint64_t bits = ser_get_fixed64(r);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

const char *ser_get_bytes(ser_reader *r, size_t *n)
{
    uint64_t len = get_u64(r);
    const char *s = (const char *)r->p;
    *n = 0;
    if (r->bad || len > left(r)) return damage(r);
    r->p += len;
    *n = (size_t)len;
    return s;
}

char *ser_get_str(ser_reader *r)
{
    uint64_t len1 = get_u64(r);
    if (r->bad || len1 == 0) return NULL;
    size_t len = (size_t)(len1 - 1);
    if (len1 - 1 > left(r) || memchr(r->p, 0, len)) return damage(r);
    char *s = malloc(len + 1);
    if (!s) return damage(r);
    memcpy(s, r->p, len);
    s[len] = '\0';
    r->p += len;
    return s;
}

size_t ser_get_count(ser_reader *r, size_t min_item_bytes)
{
    uint64_t n = get_u64(r);
    if (min_item_bytes == 0) min_item_bytes = 1;
    if (n > left(r) / min_item_bytes) { damage(r); return 0; }
    return (size_t)n;
}

/* A zigzag varint that must lie in [lo, hi]. */
static inline int get_int(ser_reader *r, int64_t lo, int64_t hi)
{
    int64_t v = get_i64(r);
    if (v < lo || v > hi) { damage(r); return 0; }
    return (int)v;
}

static int get_date(ser_reader *r, val *v)
{
    val_date *d = &v->u.date.d;
    for (size_t i = 0; i < N_DATE_FIELDS; i++)
        *(int *)((char *)d + date_fields[i].off) = get_int(r, date_fields[i].lo, date_fields[i].hi);
    uint64_t flags = get_u64(r);
    if (flags > (DATE_HAS_TIME | DATE_HAS_TZ)) damage(r);
    d->has_time = (flags & DATE_HAS_TIME) != 0;
    d->has_tz = (flags & DATE_HAS_TZ) != 0;
    v->u.date.text = ser_get_str(r);
    return r->bad ? -1 : 0;
}

static val *get_val(ser_reader *r, int depth);

/* An item of a list or map: a NULL val cannot be stored there. */
static val *get_item(ser_reader *r, int depth)
{
    val *x = get_val(r, depth);
    if (!x && !r->bad) damage(r);
    return x;
}

static int get_list(ser_reader *r, val *v, int depth)
{
    size_t n = ser_get_count(r, VAL_MIN_BYTES);
    for (size_t i = 0; i < n && !r->bad; i++) {
        val *x = get_item(r, depth);
        if (x && val_list_push(v, x) < 0) { val_free(x); damage(r); }
    }
    return r->bad ? -1 : 0;
}

/* Keys are not checked for duplicates: harmless, lookups find the first. */
static int get_entry(ser_reader *r, val *v, int depth)
{
    char small[KEY_STACK], *key;
    size_t n;
    const char *s = ser_get_bytes(r, &n);
    if (!s || memchr(s, 0, n)) { damage(r); return -1; }
    key = n < KEY_STACK ? small : malloc(n + 1);
    if (!key) { damage(r); return -1; }
    memcpy(key, s, n);
    key[n] = '\0';
    val *x = get_item(r, depth);
    if (x && val_map_add(v, key, x) < 0) { val_free(x); damage(r); }
    if (key != small) free(key);
    return r->bad ? -1 : 0;
}

static int get_map(ser_reader *r, val *v, int depth)
{
    size_t n = ser_get_count(r, ENTRY_MIN_BYTES);
    for (size_t i = 0; i < n && !r->bad; i++)
        if (get_entry(r, v, depth) < 0) return -1;
    return r->bad ? -1 : 0;
}

/* The payload of v by its kind; depth counts the lists and maps around it. */
static int get_body(ser_reader *r, val *v, int depth)
{
    uint64_t u;
    size_t n;
    const char *s;
    switch (v->kind) {
    case VAL_NULL: return 0;
    case VAL_BOOL:
        u = get_u64(r);
        if (u > 1) damage(r);
        v->u.boolean = (int)u;
        return r->bad ? -1 : 0;
    case VAL_INT: v->u.integer = get_i64(r); return r->bad ? -1 : 0;
    case VAL_FLOAT: v->u.number = ser_get_double(r); return r->bad ? -1 : 0;
    case VAL_STRING:
        s = ser_get_bytes(r, &n);
        if (!s) return -1;
        v->u.str.s = malloc(n + 1);
        if (!v->u.str.s) { damage(r); return -1; }
        memcpy(v->u.str.s, s, n);
        v->u.str.s[n] = '\0';
        v->u.str.len = n;
        return 0;
    case VAL_DATE: return get_date(r, v);
    case VAL_LIST:
    case VAL_MAP:
        if (depth >= SER_MAX_DEPTH) { damage(r); return -1; }
        return v->kind == VAL_LIST ? get_list(r, v, depth + 1) : get_map(r, v, depth + 1);
    }
    return -1;
}

static val *get_val(ser_reader *r, int depth)
{
    uint64_t tag = get_u64(r);
    if (r->bad || tag == 0) return NULL;
    if (tag > VAL_MAP + 1) return damage(r);
    int line = get_int(r, INT_MIN, INT_MAX);
    int col = get_int(r, INT_MIN, INT_MAX);
    if (r->bad) return NULL;
    val *v = val_new((val_kind)(tag - 1), line, col);
    if (!v) return damage(r);
    if (get_body(r, v, depth) < 0) {
        damage(r);
        val_free(v);
        return NULL;
    }
    return v;
}

val *ser_get_val(ser_reader *r) { return get_val(r, 0); }
