/* Fuzz target: front matter and YAML (generator/fm.c).
 *
 * The input is a page file. It is prepared like site.c read_text (BOM,
 * UTF-8 check, CR LF, NFC; invalid UTF-8 stops there), split and read with
 * fm_split_parse, then read again whole with fm_parse_yaml the way data
 * files are. Checked besides memory safety and leaks:
 *   - return code and diagnostics agree;
 *   - on success the page's value is a map, body_off is inside the text and
 *     body_line is the line of body_off;
 *   - every node of the tree is well formed (positions >= 1, strings
 *     NUL-terminated, map keys non-empty and unique, dates parse back to
 *     the same fields and survive the epoch round trip), nesting stays
 *     within FM_MAX_DEPTH and the node count within FM_MAX_NODES;
 *   - val_copy makes an equal tree. */
#include "fuzz.h"
#include "fm.h"
#include "val.h"

/* Deep equality of two trees (positions included). */
static int val_equal(const val *a, const val *b)
{
    if (a->kind != b->kind || a->line != b->line || a->col != b->col) return 0;
    switch (a->kind) {
    case VAL_NULL: return 1;
    case VAL_BOOL: return a->u.boolean == b->u.boolean;
    case VAL_INT: return a->u.integer == b->u.integer;
    case VAL_FLOAT:
        return memcmp(&a->u.number, &b->u.number, sizeof a->u.number) == 0 ||
               a->u.number == b->u.number;
    case VAL_STRING:
        return a->u.str.len == b->u.str.len && memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
    case VAL_DATE:
        return strcmp(a->u.date.text, b->u.date.text) == 0 &&
               memcmp(&a->u.date.d, &b->u.date.d, sizeof a->u.date.d) == 0;
    case VAL_LIST:
        if (a->u.list.n != b->u.list.n) return 0;
        for (size_t i = 0; i < a->u.list.n; i++)
            if (!val_equal(a->u.list.items[i], b->u.list.items[i])) return 0;
        return 1;
    case VAL_MAP:
        if (a->u.map.n != b->u.map.n) return 0;
        for (size_t i = 0; i < a->u.map.n; i++)
            if (strcmp(a->u.map.keys[i], b->u.map.keys[i]) != 0 ||
                !val_equal(a->u.map.vals[i], b->u.map.vals[i]))
                return 0;
        return 1;
    }
    return 0;
}

static void check_date(const val *v)
{
    const val_date *d = &v->u.date.d;
    val_date again, back;
    FUZZ_CHECK(v->u.date.text != NULL, "date without text at %d:%d", v->line, v->col);
    FUZZ_CHECK(val_parse_date(v->u.date.text, strlen(v->u.date.text), &again) == 0,
               "date text '%s' does not parse again", v->u.date.text);
    FUZZ_CHECK(memcmp(&again, d, sizeof again) == 0, "date '%s' parses to other fields",
               v->u.date.text);
    FUZZ_CHECK(d->month >= 1 && d->month <= 12 && d->day >= 1 && d->day <= 31 &&
               d->hour >= 0 && d->hour <= 23 && d->minute >= 0 && d->minute <= 59 &&
               d->second >= 0 && d->second <= 59,
               "date '%s' has fields out of range", v->u.date.text);
    int tz = d->has_tz ? d->tz_minutes : 0;
    long long e = val_date_epoch(d, 0);
    val_date_from_epoch(e, tz, &back);
    FUZZ_CHECK(back.year == d->year && back.month == d->month && back.day == d->day &&
               back.hour == d->hour && back.minute == d->minute && back.second == d->second,
               "date '%s' -> epoch %lld -> %04d-%02d-%02d %02d:%02d:%02d", v->u.date.text, e,
               back.year, back.month, back.day, back.hour, back.minute, back.second);
}

/* Checks v and below; depth = number of lists/maps around v. */
static void walk(const val *v, int depth, size_t *count)
{
    FUZZ_CHECK(v != NULL, "NULL node at depth %d", depth);
    FUZZ_CHECK(v->line >= 1 && v->col >= 1, "node at %d:%d", v->line, v->col);
    (*count)++;
    switch (v->kind) {
    case VAL_NULL: case VAL_BOOL: case VAL_INT: case VAL_FLOAT:
        break;
    case VAL_STRING:
        FUZZ_CHECK(v->u.str.s && v->u.str.s[v->u.str.len] == '\0',
                   "string at %d:%d is not NUL-terminated", v->line, v->col);
        break;
    case VAL_DATE:
        check_date(v);
        break;
    case VAL_LIST:
        FUZZ_CHECK(depth < FM_MAX_DEPTH, "list nested %d deep at %d:%d", depth + 1, v->line, v->col);
        FUZZ_CHECK(v->u.list.n == 0 || v->u.list.items, "list without items");
        for (size_t i = 0; i < v->u.list.n; i++) walk(v->u.list.items[i], depth + 1, count);
        break;
    case VAL_MAP:
        FUZZ_CHECK(depth < FM_MAX_DEPTH, "map nested %d deep at %d:%d", depth + 1, v->line, v->col);
        for (size_t i = 0; i < v->u.map.n; i++) {
            const char *k = v->u.map.keys[i];
            FUZZ_CHECK(k && *k, "empty or NULL key %zu in the map at %d:%d", i, v->line, v->col);
            if (v->u.map.n <= 64) {      /* quadratic: small maps only */
                for (size_t j = 0; j < i; j++)
                    FUZZ_CHECK(strcmp(k, v->u.map.keys[j]) != 0, "duplicate key '%s'", k);
                FUZZ_CHECK(val_map_get(v, k) == v->u.map.vals[i],
                           "val_map_get('%s') finds another value", k);
            }
            walk(v->u.map.vals[i], depth + 1, count);
        }
        break;
    default:
        FUZZ_CHECK(0, "node of unknown kind %d", (int)v->kind);
    }
}

static void check_tree(const val *v)
{
    size_t count = 0;
    walk(v, 0, &count);
    FUZZ_CHECK(count <= FM_MAX_NODES, "%zu nodes, more than FM_MAX_NODES", count);
    val *c = val_copy(v);
    FUZZ_CHECK(c != NULL, "val_copy failed");
    FUZZ_CHECK(val_equal(v, c), "val_copy made a different tree");
    val_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len = 0;
    char *text = fuzz_read_text(data, size, &len);
    if (!text) return 0;

    /* as a page */
    diag_list *d = diag_new();
    val *fm = NULL;
    size_t body_off = (size_t)-1;
    int body_line = -1;
    int rc = fm_split_parse("content/fuzz.md", text, len, &fm, &body_off, &body_line, d);
    if (rc == 0) {
        FUZZ_CHECK(fm && fm->kind == VAL_MAP, "front matter is not a map");
        FUZZ_CHECK(body_off <= len, "body_off %zu past the end (%zu)", body_off, len);
        FUZZ_CHECK(body_line >= 1, "body_line %d", body_line);
        if (body_off == 0 || text[body_off - 1] == '\n') {
            int line = 1;
            for (size_t i = 0; i < body_off; i++) line += text[i] == '\n';
            FUZZ_CHECK(line == body_line, "body at offset %zu is on line %d, not %d", body_off,
                       line, body_line);
        }
        check_tree(fm);
        val_free(fm);
    } else {
        FUZZ_CHECK(rc == -1, "fm_split_parse returned %d", rc);
        FUZZ_CHECK(fm == NULL, "fm_split_parse failed but set *out");
    }
    fuzz_diag_done(d, rc);

    /* as a data file */
    d = diag_new();
    val *data_v = NULL;
    rc = fm_parse_yaml("data/fuzz.yaml", text, len, 0, &data_v, d);
    if (rc == 0) {
        FUZZ_CHECK(data_v != NULL, "fm_parse_yaml succeeded without a value");
        check_tree(data_v);
        val_free(data_v);
    } else {
        FUZZ_CHECK(rc == -1 && data_v == NULL, "fm_parse_yaml failed (%d) but set *out", rc);
    }
    fuzz_diag_done(d, rc);
    free(text);
    return 0;
}
