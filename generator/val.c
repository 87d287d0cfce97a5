/* val: typed value tree, ISO dates and epoch arithmetic (see val.h).
 *
 * List and map arrays grow in powers of two: an array holding n items has
 * room for cap_of(n) of them, so no capacity field is needed. Every array
 * must therefore come from this file (val_list_push, val_map_set,
 * val_map_add, val_copy). */
#include "val.h"
#include <xxhash.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Room allocated for an array of n items: 0 or the next power of two. */
static size_t cap_of(size_t n)
{
    size_t c = 1;
    if (n == 0) return 0;
    while (c < n) c <<= 1;
    return c;
}

/* Makes room for one more item in an array of *n items of size sz.
 * Returns 0 or -1 (the array is unchanged on failure). */
static int grow(void **arr, size_t n, size_t sz)
{
    void *p;
    size_t cap;
    if (n != 0 && (n & (n - 1)) != 0) return 0;      /* not full */
    cap = n ? n * 2 : 1;
    if (cap > SIZE_MAX / sz) return -1;
    p = realloc(*arr, cap * sz);
    if (!p) return -1;
    *arr = p;
    return 0;
}

/* Copies len bytes of s into a fresh NUL-terminated string. */
static char *dup_n(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* Allocates a zeroed node of the given kind. */
val *val_new(val_kind kind, int line, int col)
{
    val *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    v->kind = kind;
    v->line = line;
    v->col = col;
    return v;
}

/* A VAL_STRING holding a copy of s[0..len) (s may be NULL when len is 0). */
val *val_new_string(const char *s, size_t len, int line, int col)
{
    val *v = val_new(VAL_STRING, line, col);
    if (!v) return NULL;
    v->u.str.s = dup_n(s, len);
    if (!v->u.str.s) { free(v); return NULL; }
    v->u.str.len = len;
    return v;
}

/* Appends item to a list; on failure the caller still owns item. */
int val_list_push(val *list, val *item)
{
    if (!list || list->kind != VAL_LIST || !item) return -1;
    if (grow((void **)&list->u.list.items, list->u.list.n, sizeof(val *)) < 0) return -1;
    list->u.list.items[list->u.list.n++] = item;
    return 0;
}

/* Appends key/v without looking for an existing key. */
int val_map_add(val *map, const char *key, val *v)
{
    char *k;
    size_t n;
    if (!map || map->kind != VAL_MAP || !key || !v) return -1;
    n = map->u.map.n;
    k = dup_n(key, strlen(key));
    if (!k) return -1;
    if (grow((void **)&map->u.map.keys, n, sizeof(char *)) < 0 ||
        grow((void **)&map->u.map.vals, n, sizeof(val *)) < 0) {
        free(k);
        return -1;
    }
    map->u.map.keys[n] = k;
    map->u.map.vals[n] = v;
    map->u.map.n = n + 1;
    return 0;
}

/* Sets key to v, replacing (and freeing) an existing value in place. */
int val_map_set(val *map, const char *key, val *v)
{
    if (!map || map->kind != VAL_MAP || !key || !v) return -1;
    for (size_t i = 0; i < map->u.map.n; i++) {
        if (strcmp(map->u.map.keys[i], key) == 0) {
            if (map->u.map.vals[i] != v) val_free(map->u.map.vals[i]);
            map->u.map.vals[i] = v;
            return 0;
        }
    }
    return val_map_add(map, key, v);
}

/* Linear lookup; NULL when absent or m is not a map. */
val *val_map_get(const val *m, const char *key)
{
    if (!m || m->kind != VAL_MAP || !key) return NULL;
    for (size_t i = 0; i < m->u.map.n; i++)
        if (strcmp(m->u.map.keys[i], key) == 0) return m->u.map.vals[i];
    return NULL;
}

/* A short lower-case name for messages ("expected a date, got a list"). */
const char *val_kind_name(val_kind k)
{
    switch (k) {
    case VAL_NULL: return "null";
    case VAL_BOOL: return "boolean";
    case VAL_INT: return "integer";
    case VAL_FLOAT: return "number";
    case VAL_STRING: return "string";
    case VAL_DATE: return "date";
    case VAL_LIST: return "list";
    case VAL_MAP: return "map";
    }
    return "unknown";
}

/* Deep copy. Recursion depth equals the tree's nesting, which the YAML
 * reader bounds (FM_MAX_DEPTH). */
val *val_copy(const val *v)
{
    val *c;
    size_t n;
    if (!v) return NULL;
    c = val_new(v->kind, v->line, v->col);
    if (!c) return NULL;
    switch (v->kind) {
    case VAL_NULL: case VAL_BOOL: case VAL_INT: case VAL_FLOAT:
        c->u = v->u;
        return c;
    case VAL_STRING:
        c->u.str.s = dup_n(v->u.str.s, v->u.str.len);
        if (!c->u.str.s) goto fail;
        c->u.str.len = v->u.str.len;
        return c;
    case VAL_DATE:
        c->u.date.d = v->u.date.d;
        if (v->u.date.text) {
            c->u.date.text = dup_n(v->u.date.text, strlen(v->u.date.text));
            if (!c->u.date.text) goto fail;
        }
        return c;
    case VAL_LIST:
        n = v->u.list.n;
        if (n) {
            c->u.list.items = calloc(cap_of(n), sizeof(val *));
            if (!c->u.list.items) goto fail;
        }
        for (size_t i = 0; i < n; i++) {
            c->u.list.items[i] = val_copy(v->u.list.items[i]);
            if (!c->u.list.items[i]) goto fail;
            c->u.list.n = i + 1;
        }
        return c;
    case VAL_MAP:
        n = v->u.map.n;
        if (n) {
            c->u.map.keys = calloc(cap_of(n), sizeof(char *));
            c->u.map.vals = calloc(cap_of(n), sizeof(val *));
            if (!c->u.map.keys || !c->u.map.vals) goto fail;
        }
        for (size_t i = 0; i < n; i++) {
            char *k = dup_n(v->u.map.keys[i], strlen(v->u.map.keys[i]));
            val *x = k ? val_copy(v->u.map.vals[i]) : NULL;
            if (!x) { free(k); goto fail; }
            c->u.map.keys[i] = k;
            c->u.map.vals[i] = x;
            c->u.map.n = i + 1;
        }
        return c;
    }
fail:
    val_free(c);
    return NULL;
}

/* Frees v and its subtree (recursion bounded by the reader's depth limit). */
void val_free(val *v)
{
    if (!v) return;
    switch (v->kind) {
    case VAL_STRING:
        free(v->u.str.s);
        break;
    case VAL_DATE:
        free(v->u.date.text);
        break;
    case VAL_LIST:
        for (size_t i = 0; i < v->u.list.n; i++) val_free(v->u.list.items[i]);
        free(v->u.list.items);
        break;
    case VAL_MAP:
        for (size_t i = 0; i < v->u.map.n; i++) {
            free(v->u.map.keys[i]);
            val_free(v->u.map.vals[i]);
        }
        free(v->u.map.keys);
        free(v->u.map.vals);
        break;
    default:
        break;
    }
    free(v);
}

/* ---- dates ---- */

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Reads exactly n ASCII digits at s[*i]; advances *i. Returns -1 if the
 * digits are not there. */
static int digits(const char *s, size_t len, size_t *i, int n)
{
    int x = 0;
    if (*i + (size_t)n > len) return -1;
    for (int k = 0; k < n; k++) {
        char c = s[*i + (size_t)k];
        if (c < '0' || c > '9') return -1;
        x = x * 10 + (c - '0');
    }
    *i += (size_t)n;
    return x;
}

/* Parses the formats listed in val.h; every field is range-checked. */
int val_parse_date(const char *s, size_t len, val_date *out)
{
    val_date d;
    size_t i = 0;
    memset(&d, 0, sizeof d);
    if (!s) return -1;
    if ((d.year = digits(s, len, &i, 4)) < 0 || i >= len || s[i++] != '-') return -1;
    if ((d.month = digits(s, len, &i, 2)) < 0 || i >= len || s[i++] != '-') return -1;
    if ((d.day = digits(s, len, &i, 2)) < 0) return -1;
    if (d.month < 1 || d.month > 12) return -1;
    if (d.day < 1 || d.day > days_in_month(d.year, d.month)) return -1;
    if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
        i++;
        d.has_time = 1;
        if ((d.hour = digits(s, len, &i, 2)) < 0 || i >= len || s[i++] != ':') return -1;
        if ((d.minute = digits(s, len, &i, 2)) < 0) return -1;
        if (i < len && s[i] == ':') {
            i++;
            if ((d.second = digits(s, len, &i, 2)) < 0) return -1;
            if (i < len && s[i] == '.') {                 /* fraction: ignored */
                size_t start = ++i;
                while (i < len && s[i] >= '0' && s[i] <= '9') i++;
                if (i == start) return -1;
            }
        }
        if (d.hour > 23 || d.minute > 59 || d.second > 59) return -1;
        if (i < len && s[i] == ' ') i++;                  /* "08:30 +07:00" */
        if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
            i++;
            d.has_tz = 1;
        } else if (i < len && (s[i] == '+' || s[i] == '-')) {
            int sign = s[i++] == '-' ? -1 : 1, th, tm;
            if ((th = digits(s, len, &i, 2)) < 0 || i >= len || s[i++] != ':') return -1;
            if ((tm = digits(s, len, &i, 2)) < 0) return -1;
            if (th > 23 || tm > 59) return -1;
            d.has_tz = 1;
            d.tz_minutes = sign * (th * 60 + tm);
        }
    }
    if (i != len) return -1;
    if (out) *out = d;
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long long days_from_civil(long long y, int m, int d)
{
    long long era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Inverse of days_from_civil. */
static void civil_from_days(long long z, int *y, int *m, int *d)
{
    long long era, doe, yoe, doy, mp, yy;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    yy = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* Seconds since the epoch; the date's own zone wins over tz_default_minutes. */
long long val_date_epoch(const val_date *d, int tz_default_minutes)
{
    int tz = d->has_tz ? d->tz_minutes : tz_default_minutes;
    long long days = days_from_civil(d->year, d->month, d->day);
    return days * 86400LL + d->hour * 3600LL + d->minute * 60LL + d->second - tz * 60LL;
}

/* Civil date-time of epoch in the zone tz_minutes east of UTC. */
void val_date_from_epoch(long long epoch, int tz_minutes, val_date *out)
{
    long long local = epoch + tz_minutes * 60LL;
    long long days = local / 86400, secs;
    if (local % 86400 < 0) days--;
    secs = local - days * 86400;
    memset(out, 0, sizeof *out);
    civil_from_days(days, &out->year, &out->month, &out->day);
    out->hour = (int)(secs / 3600);
    out->minute = (int)(secs / 60 % 60);
    out->second = (int)(secs % 60);
    out->has_time = 1;
    out->has_tz = 1;
    out->tz_minutes = tz_minutes;
}

/* Folds v into h, depth first. Depth is bounded by the YAML reader. */
static XXH64_hash_t hash_into(XXH64_hash_t h, const val *v)
{
    unsigned char k = (unsigned char)v->kind;
    h = XXH3_64bits_withSeed(&k, 1, h);
    switch (v->kind) {
    case VAL_NULL: break;
    case VAL_BOOL: h = XXH3_64bits_withSeed(&v->u.boolean, sizeof v->u.boolean, h); break;
    case VAL_INT: h = XXH3_64bits_withSeed(&v->u.integer, sizeof v->u.integer, h); break;
    case VAL_FLOAT: h = XXH3_64bits_withSeed(&v->u.number, sizeof v->u.number, h); break;
    case VAL_STRING: h = XXH3_64bits_withSeed(v->u.str.s, v->u.str.len + 1, h); break;
    case VAL_DATE:
        h = XXH3_64bits_withSeed(&v->u.date.d, sizeof v->u.date.d, h);
        if (v->u.date.text) h = XXH3_64bits_withSeed(v->u.date.text, strlen(v->u.date.text) + 1, h);
        break;
    case VAL_LIST:
        h = XXH3_64bits_withSeed(&v->u.list.n, sizeof v->u.list.n, h);
        for (size_t i = 0; i < v->u.list.n; i++) h = hash_into(h, v->u.list.items[i]);
        break;
    case VAL_MAP:
        h = XXH3_64bits_withSeed(&v->u.map.n, sizeof v->u.map.n, h);
        for (size_t i = 0; i < v->u.map.n; i++) {
            h = XXH3_64bits_withSeed(v->u.map.keys[i], strlen(v->u.map.keys[i]) + 1, h);
            h = hash_into(h, v->u.map.vals[i]);
        }
        break;
    }
    return h;
}

unsigned long long val_hash(const val *v) { return v ? hash_into(0x6c6f7472696e68ULL, v) : 0; }
