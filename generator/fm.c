/* fm: front matter split and YAML reading with libyaml's event API
 * (see fm.h). The tree is built with an explicit stack of at most
 * FM_MAX_DEPTH frames, so hostile nesting costs no C stack. Aliases become
 * deep copies; the nodes and bytes they add are counted before copying, so
 * "billion laughs" documents are refused before any work is done. */
#include "fm.h"
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "buf.h"

/* ---- a small string -> index hash table (keys are borrowed) ---- */

typedef struct tab_ent { const char *k; size_t idx; } tab_ent;
typedef struct strtab { tab_ent *e; size_t cap, n; } strtab;

/* FNV-1a over a NUL-terminated string. */
static size_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ULL; }
    return (size_t)(h ^ (h >> 29));
}

/* Returns the index stored for k, or SIZE_MAX when k is absent. */
static size_t tab_find(const strtab *t, const char *k)
{
    size_t m, i;
    if (!t->cap) return SIZE_MAX;
    m = t->cap - 1;
    for (i = hash_str(k) & m; t->e[i].k; i = (i + 1) & m)
        if (strcmp(t->e[i].k, k) == 0) return t->e[i].idx;
    return SIZE_MAX;
}

/* Inserts k (which must be absent and outlive the table). 0 or -1. */
static int tab_add(strtab *t, const char *k, size_t idx)
{
    size_t m, i;
    if ((t->n + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        tab_ent *e = calloc(cap, sizeof *e);
        if (!e) return -1;
        for (size_t j = 0; j < t->cap; j++) {
            if (!t->e[j].k) continue;
            for (i = hash_str(t->e[j].k) & (cap - 1); e[i].k; i = (i + 1) & (cap - 1)) {}
            e[i] = t->e[j];
        }
        free(t->e);
        t->e = e;
        t->cap = cap;
    }
    m = t->cap - 1;
    for (i = hash_str(k) & m; t->e[i].k; i = (i + 1) & m) {}
    t->e[i].k = k;
    t->e[i].idx = idx;
    t->n++;
    return 0;
}

/* ---- reader state ---- */

/* One open list or map. */
typedef struct frame {
    val *node;            /* VAL_LIST or VAL_MAP being filled (owned) */
    char *anchor;         /* registered when the node ends, or NULL */
    size_t count, bytes;  /* nodes / scalar bytes in the subtree so far */
    int height;           /* greatest height of a child (scalar = 0) */
    /* maps only */
    char *key;            /* pending key waiting for its value, or NULL */
    int key_line;
    int *key_lines;       /* line of every key, parallel to the map's keys */
    size_t key_cap;
    strtab seen;          /* key -> index, for duplicate detection */
} frame;

/* A named node that aliases copy. v points into the tree unless owned
 * (anchors on keys get a string val of their own). */
typedef struct anchor {
    char *name;
    val *v;
    int owned;
    size_t count, bytes;
    int height;
} anchor;

typedef struct reader {
    const char *file;
    const char *text;     /* the YAML text (for excerpts and offsets) */
    size_t len;
    int line_offset;
    diag_list *d;
    frame st[FM_MAX_DEPTH];
    int depth;
    val *root;
    int docs;
    anchor *anc;
    size_t nanc, anc_cap;
    strtab anc_tab;
    size_t nodes, bytes;  /* totals after alias expansion */
} reader;

/* Frees everything the reader still owns. */
static void reader_free(reader *r)
{
    for (int i = 0; i < r->depth; i++) {
        frame *f = &r->st[i];
        val_free(f->node);
        free(f->anchor);
        free(f->key);
        free(f->key_lines);
        free(f->seen.e);
    }
    r->depth = 0;
    val_free(r->root);
    r->root = NULL;
    for (size_t i = 0; i < r->nanc; i++) {
        free(r->anc[i].name);
        if (r->anc[i].owned) val_free(r->anc[i].v);
    }
    free(r->anc);
    free(r->anc_tab.e);
}

/* libyaml marks are 0-based and relative to the YAML text; ours are 1-based
 * positions in the file. */
static int mark_line(const reader *r, yaml_mark_t m) { return (int)m.line + 1 + r->line_offset; }
static int mark_col(yaml_mark_t m) { return (int)m.column + 1; }

/* Adds an error at line/col with an optional hint (NULL for none). */
static void err_lc(reader *r, int line, int col, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void err_lc(reader *r, int line, int col, const char *hint, const char *fmt, ...)
{
    buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    diag_add(r->d, DIAG_ERROR, r->file, line, col, "%s", buf_cstr(&b));
    if (hint) diag_hint(r->d, "%s", hint);
    buf_free(&b);
}

#define ERR_AT(r, m, hint, ...) err_lc((r), mark_line((r), (m)), mark_col(m), (hint), __VA_ARGS__)

/* Reports an allocation failure at m. */
static void oom(reader *r, yaml_mark_t m)
{
    ERR_AT(r, m, NULL, "out of memory while reading yaml");
}

/* Copies a short single-line excerpt of s[0..len) into out[cap] for
 * messages, cut on a UTF-8 character boundary and marked with "...". */
static void excerpt(char *out, size_t cap, const char *s, size_t len)
{
    size_t n = 0, max = cap - 4;
    int cut;
    while (n < len && n < max && s[n] != '\n' && s[n] != '\0') n++;
    cut = n < len;
    if (cut)
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    memcpy(out, s, n);
    if (cut) { memcpy(out + n, "...", 3); n += 3; }
    out[n] = '\0';
}

/* "tag:yaml.org,2002:int" -> "!!int" for messages. */
static void tag_name(char *out, size_t cap, const char *tag)
{
    static const char pre[] = "tag:yaml.org,2002:";
    if (strncmp(tag, pre, sizeof pre - 1) == 0) {
        buf b = BUF_INIT;
        buf_printf(&b, "!!%s", tag + sizeof pre - 1);
        excerpt(out, cap, buf_cstr(&b), b.len);
        buf_free(&b);
    } else {
        excerpt(out, cap, tag, strlen(tag));
    }
}

/* ---- scalar typing (YAML 1.2 core schema + ISO dates) ---- */

/* 1 when s[0..len) is exactly the string w. */
static int eq(const char *s, size_t len, const char *w)
{
    return strlen(w) == len && memcmp(s, w, len) == 0;
}

/* Core-schema null: empty, ~, null, Null, NULL. */
static int is_null(const char *s, size_t len)
{
    return len == 0 || eq(s, len, "~") || eq(s, len, "null") || eq(s, len, "Null") ||
           eq(s, len, "NULL");
}

/* 1 true, 0 false, -1 not a boolean. */
static int parse_bool(const char *s, size_t len)
{
    if (eq(s, len, "true") || eq(s, len, "True") || eq(s, len, "TRUE")) return 1;
    if (eq(s, len, "false") || eq(s, len, "False") || eq(s, len, "FALSE")) return 0;
    return -1;
}

/* Decimal ([-+]?[0-9]+), 0x hex or 0o octal. Returns 0, -1 when s is not
 * written as an integer, -2 when it is but does not fit a long long. */
static int parse_int(const char *s, size_t len, long long *out)
{
    size_t i = 0;
    unsigned base = 10;
    int neg = 0, over = 0;
    unsigned long long x = 0, lim;
    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
        base = s[1] == 'x' ? 16 : 8;
        i = 2;
    } else if (len > 0 && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == len) return -1;
    lim = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
    for (; i < len; i++) {
        unsigned c = (unsigned char)s[i], dv;
        if (c >= '0' && c <= '9') dv = c - '0';
        else if (c >= 'a' && c <= 'f') dv = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') dv = c - 'A' + 10;
        else return -1;
        if (dv >= base) return -1;
        if (x > (lim - dv) / base) over = 1;
        else x = x * base + dv;
    }
    if (over) return -2;
    if (neg) *out = x == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)x;
    else *out = (long long)x;
    return 0;
}

/* Core-schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?,
 * [-+]?.inf and .nan in three spellings. s[len] must be a NUL (libyaml
 * guarantees it). Returns 0 or -1. */
static int parse_float(const char *s, size_t len, double *out)
{
    size_t i = 0, p = 0, start;
    int neg = 0;
    if (len > 0 && (s[0] == '+' || s[0] == '-')) { neg = s[0] == '-'; p = 1; }
    if (eq(s + p, len - p, ".inf") || eq(s + p, len - p, ".Inf") || eq(s + p, len - p, ".INF")) {
        *out = neg ? -INFINITY : INFINITY;
        return 0;
    }
    if (eq(s, len, ".nan") || eq(s, len, ".NaN") || eq(s, len, ".NAN")) {
        *out = NAN;
        return 0;
    }
    i = p;
    start = i;
    while (i < len && s[i] >= '0' && s[i] <= '9') i++;
    if (i < len && s[i] == '.') {
        size_t f = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9') i++;
        if (f == i && f - 1 == start) return -1;        /* "." alone */
    } else if (i == start) {
        return -1;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t e;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        e = i;
        while (i < len && s[i] >= '0' && s[i] <= '9') i++;
        if (e == i) return -1;
    }
    if (i != len || s[len] != '\0') return -1;
    *out = strtod(s, NULL);
    return 0;
}

/* A VAL_DATE for s, or NULL (not a date, or out of memory: *is_date tells). */
static val *make_date(const char *s, size_t len, int line, int col, int *is_date)
{
    val_date dt;
    val *v;
    *is_date = val_parse_date(s, len, &dt) == 0;
    if (!*is_date) return NULL;
    v = val_new(VAL_DATE, line, col);
    if (!v) return NULL;
    v->u.date.d = dt;
    v->u.date.text = malloc(len + 1);
    if (!v->u.date.text) { val_free(v); return NULL; }
    memcpy(v->u.date.text, s, len);
    v->u.date.text[len] = '\0';
    return v;
}

/* Builds the val of a scalar event from its style and tag. Adds a
 * diagnostic and returns NULL on a bad value or out of memory. */
static val *make_scalar(reader *r, const yaml_event_t *ev)
{
    const char *s = (const char *)ev->data.scalar.value;
    const char *tag = (const char *)ev->data.scalar.tag;
    size_t len = ev->data.scalar.length;
    yaml_mark_t m = ev->start_mark;
    int line = mark_line(r, m), col = mark_col(m), plain, b, is_date = 0;
    long long iv = 0;
    double fv = 0;
    char ex[64], tn[48];
    val *v = NULL;

    plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    excerpt(ex, sizeof ex, s, len);
    if (tag && strcmp(tag, "!") == 0) tag = YAML_STR_TAG;   /* non-specific: text */
    if (!tag && !plain) tag = YAML_STR_TAG;
    if (!tag) {                                     /* plain, untagged: resolve */
        int ir;
        if (is_null(s, len)) {
            v = val_new(VAL_NULL, line, col);
            goto done;
        }
        if ((b = parse_bool(s, len)) >= 0) {
            if ((v = val_new(VAL_BOOL, line, col))) v->u.boolean = b;
            goto done;
        }
        if ((ir = parse_int(s, len, &iv)) == 0) {
            if ((v = val_new(VAL_INT, line, col))) v->u.integer = iv;
            goto done;
        }
        if (ir == -2) {
            ERR_AT(r, m, "put it in quotes to keep it as text",
                   "integer '%s' is too large", ex);
            return NULL;
        }
        if (parse_float(s, len, &fv) == 0) {
            if ((v = val_new(VAL_FLOAT, line, col))) v->u.number = fv;
            goto done;
        }
        v = make_date(s, len, line, col, &is_date);
        if (is_date) goto done;
        tag = YAML_STR_TAG;
    }
    tag_name(tn, sizeof tn, tag);
    if (strcmp(tag, YAML_STR_TAG) == 0) {
        v = val_new_string(s, len, line, col);
    } else if (strcmp(tag, YAML_INT_TAG) == 0) {
        int ir = parse_int(s, len, &iv);
        if (ir < 0) {
            ERR_AT(r, m, ir == -2 ? "use !!str to keep it as text" : "remove the tag or fix the value",
                   ir == -2 ? "integer '%s' is too large (tag %s)" : "'%s' is not an integer (tag %s)",
                   ex, tn);
            return NULL;
        }
        if ((v = val_new(VAL_INT, line, col))) v->u.integer = iv;
    } else if (strcmp(tag, YAML_FLOAT_TAG) == 0) {
        if (parse_float(s, len, &fv) < 0) {
            if (parse_int(s, len, &iv) < 0) {
                ERR_AT(r, m, "remove the tag or fix the value", "'%s' is not a number (tag %s)", ex, tn);
                return NULL;
            }
            fv = (double)iv;
        }
        if ((v = val_new(VAL_FLOAT, line, col))) v->u.number = fv;
    } else if (strcmp(tag, YAML_BOOL_TAG) == 0) {
        if ((b = parse_bool(s, len)) < 0) {
            ERR_AT(r, m, "write true or false", "'%s' is not true or false (tag %s)", ex, tn);
            return NULL;
        }
        if ((v = val_new(VAL_BOOL, line, col))) v->u.boolean = b;
    } else if (strcmp(tag, YAML_NULL_TAG) == 0) {
        if (!is_null(s, len)) {
            ERR_AT(r, m, "write null or ~, or remove the tag", "'%s' is not null (tag %s)", ex, tn);
            return NULL;
        }
        v = val_new(VAL_NULL, line, col);
    } else if (strcmp(tag, YAML_TIMESTAMP_TAG) == 0) {
        v = make_date(s, len, line, col, &is_date);
        if (!is_date) {
            ERR_AT(r, m, "write a date like 2026-11-23 or 2026-11-23T08:30:00+07:00",
                   "'%s' is not a valid date (tag %s)", ex, tn);
            return NULL;
        }
    } else {
        ERR_AT(r, m, "remove the tag, or use !!str, !!int, !!float, !!bool or !!null",
               "unknown tag '%s' on '%s'", tn, ex);
        return NULL;
    }
done:
    if (!v) oom(r, m);
    return v;
}

/* ---- tree building ---- */

/* Charges n nodes and nb bytes to the document; errors past the limits. */
static int charge(reader *r, yaml_mark_t m, size_t n, size_t nb, int alias)
{
    if (n > FM_MAX_NODES - r->nodes || nb > (size_t)FM_MAX_BYTES - r->bytes) {
        if (alias)
            ERR_AT(r, m, "use fewer aliases, or aliases of smaller values",
                   "too many values after expanding aliases (alias bomb?)");
        else
            ERR_AT(r, m, "split the data into smaller files",
                   "too many values in one yaml document (the limit is %d values, %ld bytes)",
                   FM_MAX_NODES, (long)FM_MAX_BYTES);
        return -1;
    }
    r->nodes += n;
    r->bytes += nb;
    return 0;
}

/* Registers (or redefines) anchor name -> v. When owned, the anchor table
 * frees v (also on failure). Returns 0 or -1. */
static int add_anchor(reader *r, yaml_mark_t m, const char *name, val *v, int owned,
                      size_t count, size_t bytes, int height)
{
    size_t i = tab_find(&r->anc_tab, name);
    anchor *a;
    if (i == SIZE_MAX) {
        if (r->nanc == r->anc_cap) {
            size_t cap = r->anc_cap ? r->anc_cap * 2 : 8;
            anchor *p = realloc(r->anc, cap * sizeof *p);
            if (!p) goto fail;
            r->anc = p;
            r->anc_cap = cap;
        }
        a = &r->anc[r->nanc];
        memset(a, 0, sizeof *a);
        a->name = strdup(name);
        if (!a->name) goto fail;
        if (tab_add(&r->anc_tab, a->name, r->nanc) < 0) { free(a->name); goto fail; }
        r->nanc++;
    } else {
        a = &r->anc[i];
        if (a->owned) val_free(a->v);
    }
    a->v = v;
    a->owned = owned;
    a->count = count;
    a->bytes = bytes;
    a->height = height;
    return 0;
fail:
    if (owned) val_free(v);
    oom(r, m);
    return -1;
}

/* Puts a finished node v (owned) into the open list/map, or makes it the
 * root. count/bytes/height describe v's subtree. v is freed on failure. */
static int attach(reader *r, yaml_mark_t m, val *v, size_t count, size_t bytes, int height,
                  const char *anchor_name)
{
    frame *f = r->depth ? &r->st[r->depth - 1] : NULL;
    if (!f) {
        val_free(r->root);
        r->root = v;
    } else if (f->node->kind == VAL_LIST) {
        if (val_list_push(f->node, v) < 0) goto fail;
    } else {
        val *map = f->node;
        size_t n = map->u.map.n;
        if (n == f->key_cap) {
            size_t cap = f->key_cap ? f->key_cap * 2 : 8;
            int *p = realloc(f->key_lines, cap * sizeof *p);
            if (!p) goto fail;
            f->key_lines = p;
            f->key_cap = cap;
        }
        if (val_map_add(map, f->key, v) < 0) goto fail;
        if (tab_add(&f->seen, map->u.map.keys[n], n) < 0) { oom(r, m); return -1; }
        f->key_lines[n] = f->key_line;
        free(f->key);
        f->key = NULL;
    }
    if (f) {
        f->count += count;
        f->bytes += bytes;
        if (height > f->height) f->height = height;
    }
    if (anchor_name) return add_anchor(r, m, anchor_name, v, 0, count, bytes, height);
    return 0;
fail:
    val_free(v);
    oom(r, m);
    return -1;
}

/* A scalar in key position of the open map f: checks it and keeps it. */
static int take_key(reader *r, frame *f, const yaml_event_t *ev)
{
    const char *s = (const char *)ev->data.scalar.value;
    const char *anc = (const char *)ev->data.scalar.anchor;
    size_t len = ev->data.scalar.length, prev;
    yaml_mark_t m = ev->start_mark;
    char ex[64];
    excerpt(ex, sizeof ex, s, len);
    if (len == 0) {
        ERR_AT(r, m, "write a name before the ':'", "a key is empty");
        return -1;
    }
    if (memchr(s, '\0', len)) {
        ERR_AT(r, m, "remove the \\0 escape from the key", "key '%s' contains a NUL character", ex);
        return -1;
    }
    prev = tab_find(&f->seen, s);
    if (prev != SIZE_MAX) {
        ERR_AT(r, m, "remove one of them or rename it",
               "duplicate key '%s' (first on line %d, again on line %d)",
               ex, f->key_lines[prev], mark_line(r, m));
        return -1;
    }
    f->key = strdup(s);
    if (!f->key) { oom(r, m); return -1; }
    f->key_line = mark_line(r, m);
    f->count += 1;
    f->bytes += len;
    if (anc) {
        val *kv = val_new_string(s, len, f->key_line, mark_col(m));
        if (!kv) { oom(r, m); return -1; }
        return add_anchor(r, m, anc, kv, 1, 1, len, 0);
    }
    return 0;
}

/* Complains when a list, map or alias stands where a key should be. */
static int reject_key(reader *r, yaml_mark_t m, const char *what, const char *alias)
{
    const frame *f = r->depth ? &r->st[r->depth - 1] : NULL;
    if (!f || f->node->kind != VAL_MAP || f->key) return 0;
    if (alias)
        ERR_AT(r, m, "write keys as plain text, e.g. 'title: ...'",
               "a key must be plain text, not an alias '*%s'", alias);
    else
        ERR_AT(r, m, "write keys as plain text, e.g. 'title: ...'",
               "a key must be plain text, not a %s", what);
    return -1;
}

/* A scalar: a pending map key, or a typed value for the open node. */
static int on_scalar(reader *r, const yaml_event_t *ev)
{
    frame *f = r->depth ? &r->st[r->depth - 1] : NULL;
    size_t len = ev->data.scalar.length;
    val *v;
    if (charge(r, ev->start_mark, 1, len, 0) < 0) return -1;
    if (f && f->node->kind == VAL_MAP && !f->key) return take_key(r, f, ev);
    v = make_scalar(r, ev);
    if (!v) return -1;
    return attach(r, ev->start_mark, v, 1, len, 0, (const char *)ev->data.scalar.anchor);
}

/* Opens a list or map (kind) after checking position, depth and tag. */
static int on_start(reader *r, const yaml_event_t *ev, val_kind kind)
{
    yaml_mark_t m = ev->start_mark;
    const char *tag, *anc, *want;
    frame *f;
    char tn[48];
    if (kind == VAL_LIST) {
        tag = (const char *)ev->data.sequence_start.tag;
        anc = (const char *)ev->data.sequence_start.anchor;
        want = YAML_SEQ_TAG;
    } else {
        tag = (const char *)ev->data.mapping_start.tag;
        anc = (const char *)ev->data.mapping_start.anchor;
        want = YAML_MAP_TAG;
    }
    if (reject_key(r, m, kind == VAL_LIST ? "list" : "map", NULL) < 0) return -1;
    if (r->depth >= FM_MAX_DEPTH) {
        ERR_AT(r, m, "flatten the data; lists and maps may nest at most 64 deep",
               "values nested deeper than %d levels", FM_MAX_DEPTH);
        return -1;
    }
    if (tag && strcmp(tag, "!") != 0 && strcmp(tag, want) != 0) {
        tag_name(tn, sizeof tn, tag);
        ERR_AT(r, m, "remove the tag", "tag '%s' does not fit a %s", tn,
               kind == VAL_LIST ? "list" : "map");
        return -1;
    }
    if (charge(r, m, 1, 0, 0) < 0) return -1;
    f = &r->st[r->depth];
    memset(f, 0, sizeof *f);
    f->node = val_new(kind, mark_line(r, m), mark_col(m));
    if (!f->node) { oom(r, m); return -1; }
    r->depth++;
    f->count = 1;
    if (anc && !(f->anchor = strdup(anc))) { oom(r, m); return -1; }
    return 0;
}

/* Closes the innermost list or map and attaches it to its parent. */
static int on_end(reader *r, yaml_mark_t m)
{
    frame f = r->st[--r->depth];
    int rc;
    free(f.key);           /* libyaml always supplies a value; kept for safety */
    free(f.key_lines);
    free(f.seen.e);
    rc = attach(r, m, f.node, f.count, f.bytes, f.height + 1, f.anchor);
    free(f.anchor);
    return rc;
}

/* Replaces an alias with a copy of its anchor, within the limits. */
static int on_alias(reader *r, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    yaml_mark_t m = ev->start_mark;
    size_t i;
    const anchor *a;
    val *c;
    if (reject_key(r, m, "alias", name ? name : "") < 0) return -1;
    i = tab_find(&r->anc_tab, name);
    if (i == SIZE_MAX) {
        ERR_AT(r, m, "define the value with '&name' before using '*name' (and not inside itself)",
               "unknown alias '*%s'", name);
        return -1;
    }
    a = &r->anc[i];
    if (charge(r, m, a->count, a->bytes, 1) < 0) return -1;
    if (r->depth + a->height > FM_MAX_DEPTH) {
        ERR_AT(r, m, "flatten the data; lists and maps may nest at most 64 deep",
               "values nested deeper than %d levels after expanding alias '*%s'",
               FM_MAX_DEPTH, name);
        return -1;
    }
    c = val_copy(a->v);
    if (!c) { oom(r, m); return -1; }
    c->line = mark_line(r, m);
    c->col = mark_col(m);
    return attach(r, m, c, a->count, a->bytes, a->height, NULL);
}

/* Reports a libyaml failure with its problem text and position. */
static void syntax_error(reader *r, const yaml_parser_t *p)
{
    const char *prob = p->problem ? p->problem : "unknown problem";
    const char *hint = "check the indentation (spaces, not tabs) and put quotes around "
                       "values with special characters";
    int line, col;
    size_t ls, le, k;
    char ex[64];
    yaml_mark_t m;
    buf b;
    if (p->error == YAML_MEMORY_ERROR) {
        err_lc(r, r->line_offset + 1, 0, NULL, "out of memory while reading yaml");
        return;
    }
    if (p->error == YAML_READER_ERROR) {         /* only a byte offset is known */
        size_t off = p->problem_offset < r->len ? p->problem_offset : r->len;
        line = r->line_offset + 1;
        ls = 0;
        for (k = 0; k < off; k++)
            if (r->text[k] == '\n') { line++; ls = k + 1; }
        col = (int)(off - ls) + 1;
        if (p->problem_value != -1)
            err_lc(r, line, col, "remove the character", "cannot read yaml: %s (#x%X)",
                   prob, (unsigned)p->problem_value);
        else
            err_lc(r, line, col, NULL, "cannot read yaml: %s", prob);
        return;
    }
    if (strstr(prob, "mapping values are not allowed"))
        hint = "put quotes around a value that contains ': '";
    else if (strstr(prob, "cannot start any token"))
        hint = "indent with spaces, not tabs; quote values starting with '@', '`' or '%'";
    else if (strstr(prob, "did not find expected key") || strstr(prob, "expected <block end>"))
        hint = "check the indentation: the keys of one map must line up";
    else if (strstr(prob, "tab"))
        hint = "indent with spaces, not tabs";
    else if (strstr(prob, "expected ','"))
        hint = "close every '[' with ']' and every '{' with '}'";
    else if (strstr(prob, "end of stream") && p->context && strstr(p->context, "quoted"))
        hint = "a quoted value is missing its closing quote";
    /* at the end of the text, the place where the unfinished part began helps more */
    m = p->problem_mark;
    if (strstr(prob, "end of stream") && p->context) m = p->context_mark;
    /* the offending line, for the message */
    ls = 0;
    for (k = 0; k < m.line && ls < r->len; ls++)
        if (r->text[ls] == '\n') k++;
    for (le = ls; le < r->len && r->text[le] != '\n'; le++) {}
    excerpt(ex, sizeof ex, r->text + ls, le - ls);
    buf_init(&b);
    buf_printf(&b, "yaml syntax error: %s", prob);
    if (p->context)
        buf_printf(&b, " (%s on line %d)", p->context, mark_line(r, p->context_mark));
    if (ex[0]) buf_printf(&b, " in '%s'", ex);
    err_lc(r, mark_line(r, m), mark_col(m), hint, "%s", buf_cstr(&b));
    buf_free(&b);
}

int fm_parse_yaml(const char *file, const char *text, size_t len, int line_offset,
                  val **out, diag_list *d)
{
    reader r;
    yaml_parser_t p;
    yaml_event_t ev;
    int rc = -1, have_parser = 0, done = 0;

    memset(&r, 0, sizeof r);
    *out = NULL;
    r.file = file;
    r.text = text ? text : "";
    r.len = text ? len : 0;
    r.line_offset = line_offset;
    r.d = d;
    if (!yaml_parser_initialize(&p)) {
        err_lc(&r, line_offset + 1, 0, NULL, "out of memory while reading yaml");
        goto out;
    }
    have_parser = 1;
    yaml_parser_set_input_string(&p, (const unsigned char *)r.text, r.len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    while (!done) {
        int st = 0;
        if (!yaml_parser_parse(&p, &ev)) {
            syntax_error(&r, &p);
            goto out;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (r.docs++ > 0) {
                ERR_AT(&r, ev.start_mark, "keep one document per file; remove this '---' line",
                       "a second yaml document starts here");
                st = -1;
            }
            break;
        case YAML_SCALAR_EVENT:
            st = on_scalar(&r, &ev);
            break;
        case YAML_ALIAS_EVENT:
            st = on_alias(&r, &ev);
            break;
        case YAML_SEQUENCE_START_EVENT:
            st = on_start(&r, &ev, VAL_LIST);
            break;
        case YAML_MAPPING_START_EVENT:
            st = on_start(&r, &ev, VAL_MAP);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            st = r.depth > 0 ? on_end(&r, ev.start_mark) : 0;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
        if (st < 0) goto out;
    }
    if (!r.root && !(r.root = val_new(VAL_NULL, line_offset + 1, 1))) {
        err_lc(&r, line_offset + 1, 0, NULL, "out of memory while reading yaml");
        goto out;
    }
    *out = r.root;
    r.root = NULL;
    rc = 0;
out:
    reader_free(&r);
    if (have_parser) yaml_parser_delete(&p);
    return rc;
}

/* ---- front matter split ---- */

/* 1 when line s[0..n) is the three characters of fence plus optional
 * trailing spaces or tabs. */
static int is_fence(const char *s, size_t n, const char *fence)
{
    if (n < 3 || memcmp(s, fence, 3) != 0) return 0;
    for (size_t i = 3; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t') return 0;
    return 1;
}

/* End of the line starting at i (index of its '\n', or len). */
static size_t line_end(const char *text, size_t len, size_t i)
{
    const char *nl = memchr(text + i, '\n', len - i);
    return nl ? (size_t)(nl - text) : len;
}

int fm_split_parse(const char *file, const char *text, size_t len,
                   val **out, size_t *body_off, int *body_line, diag_list *d)
{
    size_t e, start, pos;
    int line = 2, found = 0, rc = -1;
    val *v = NULL;
    char ex[64];

    *out = NULL;
    if (!text) { text = ""; len = 0; }
    e = line_end(text, len, 0);
    if (!is_fence(text, e, "---")) {                 /* no front matter */
        v = val_new(VAL_MAP, 1, 1);
        if (!v) { diag_add(d, DIAG_ERROR, file, 0, 0, "out of memory"); goto out; }
        *body_off = 0;
        *body_line = 1;
        rc = 0;
        goto out;
    }
    start = pos = e < len ? e + 1 : len;
    while (pos < len) {
        e = line_end(text, len, pos);
        if (is_fence(text + pos, e - pos, "---") || is_fence(text + pos, e - pos, "...")) {
            found = 1;
            break;
        }
        pos = e < len ? e + 1 : len;
        line++;
    }
    if (!found) {
        diag_add(d, DIAG_ERROR, file, 1, 1, "front matter starts here but never ends with a '---' line");
        diag_hint(d, "add a line with only '---' after the last key");
        goto out;
    }
    if (fm_parse_yaml(file, text + start, pos - start, 1, &v, d) < 0) goto out;
    if (v->kind == VAL_NULL) {                       /* only comments, or empty */
        int l = v->line, c = v->col;
        val_free(v);
        v = val_new(VAL_MAP, l, c);
        if (!v) { diag_add(d, DIAG_ERROR, file, 0, 0, "out of memory"); goto out; }
    } else if (v->kind != VAL_MAP) {
        if (v->kind == VAL_STRING) {
            excerpt(ex, sizeof ex, v->u.str.s, v->u.str.len);
            diag_add(d, DIAG_ERROR, file, v->line, v->col,
                     "front matter must be 'key: value' lines, not the text '%s'", ex);
        } else {
            diag_add(d, DIAG_ERROR, file, v->line, v->col,
                     "front matter must be 'key: value' lines, not a %s", val_kind_name(v->kind));
        }
        diag_hint(d, "write one 'key: value' per line, e.g. 'title: My page'");
        goto out;
    }
    *body_off = e < len ? e + 1 : len;
    *body_line = line + 1;
    rc = 0;
out:
    if (rc == 0) {
        *out = v;
    } else {
        val_free(v);
    }
    return rc;
}
