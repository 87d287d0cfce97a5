/* val: typed values read from YAML (front matter, data files).
 * Every node remembers where it came from (1-based line and column)
 * so later checks can point at the exact spot. */
#ifndef LT_VAL_H
#define LT_VAL_H
#include <stddef.h>

typedef enum {
    VAL_NULL, VAL_BOOL, VAL_INT, VAL_FLOAT, VAL_STRING, VAL_DATE, VAL_LIST, VAL_MAP
} val_kind;

/* A calendar date or date-time as written. When has_time is 0 the time
 * fields are 0. When has_tz is 0 the site's time zone applies. */
typedef struct val_date {
    int year, month, day;
    int hour, minute, second;
    int has_time;
    int has_tz;
    int tz_minutes;          /* offset east of UTC, e.g. +420 for +07:00 */
} val_date;

typedef struct val val;
struct val {
    val_kind kind;
    int line, col;           /* position in the source file, 1-based */
    union {
        int boolean;
        long long integer;
        double number;
        struct { char *s; size_t len; } str;     /* NUL-terminated */
        struct { val_date d; char *text; } date; /* text: as written */
        struct { val **items; size_t n; } list;
        struct { char **keys; val **vals; size_t n; } map; /* insertion order */
    } u;
};

val *val_new(val_kind kind, int line, int col);
val *val_new_string(const char *s, size_t len, int line, int col);
/* Appends; takes ownership of item / key copy is made. Return 0 or -1 (ENOMEM).
 * On -1 the caller still owns item / v. Lists and maps must be filled only
 * through these functions (arrays grow in powers of two; no cap field). */
int val_list_push(val *list, val *item);
int val_map_set(val *map, const char *key, val *v);   /* replaces an existing key */
/* Like val_map_set but never looks for an existing key: O(1). The caller
 * guarantees key is not in the map yet (the YAML reader checks duplicates). */
int val_map_add(val *map, const char *key, val *v);
/* Looks a key up in a map; NULL if absent or if m is not a map. */
val *val_map_get(const val *m, const char *key);
const char *val_kind_name(val_kind k);
/* A 64-bit hash of v's contents (kinds and values, not positions). */
unsigned long long val_hash(const val *v);
/* Deep copy; NULL on allocation failure. */
val *val_copy(const val *v);
/* Frees v and everything below it (NULL is fine). Depth is bounded by the
 * YAML reader's nesting limit. */
void val_free(val *v);

/* Parses an ISO 8601 date ("2026-11-23"), date-time ("2026-11-23T08:30:00",
 * "2026-11-23 08:30", optional seconds, optional "Z" or "+07:00").
 * Returns 0 on success, -1 if s is not such a date. */
int val_parse_date(const char *s, size_t len, val_date *out);
/* Seconds since the epoch; tz_default_minutes applies when the date has no zone. */
long long val_date_epoch(const val_date *d, int tz_default_minutes);
/* Inverse: the civil date-time at epoch in the given zone. */
void val_date_from_epoch(long long epoch, int tz_minutes, val_date *out);

#endif
