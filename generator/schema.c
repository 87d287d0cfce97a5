/* schema: front matter schemas (see schema.h and docs/site-lua.md). */
#include "schema.h"
#include <ctype.h>
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"

#define CFG "site.lua"

static const char *const TYPES[] = { "string", "int", "number", "bool", "date", "period",
                                     "list", "map", "any", NULL };

static void node_free(schema_node *n)
{
    if (!n) return;
    free(n->type);
    for (size_t i = 0; i < n->n_allowed; i++) free(n->allowed[i]);
    free(n->allowed);
    free(n->ref);
    node_free(n->items);
    for (size_t i = 0; i < n->n_fields; i++) { free(n->keys[i]); node_free(n->fields[i]); }
    free(n->keys);
    free(n->fields);
    free(n);
}

void schema_free(schema_set *set)
{
    for (size_t i = 0; i < set->n; i++) { free(set->sections[i]); node_free(set->roots[i]); }
    free(set->sections);
    free(set->roots);
    memset(set, 0, sizeof *set);
}

/* bounds = { south = 21.3, west = 106.0, north = 22.5, east = 107.4 } at the top. */
static void read_bounds(lua_State *L, schema_node *n, const char *where, diag_list *d)
{
    static const char *const K[] = { "south", "west", "north", "east" };
    double v[4];
    for (int i = 0; i < 4; i++) {
        lua_getfield(L, -1, K[i]);
        int ok = lua_isnumber(L, -1);
        v[i] = ok ? lua_tonumber(L, -1) : 0;
        lua_pop(L, 1);
        if (!ok) {
            diag_add(d, DIAG_ERROR, CFG, 0, 0, "%s.bounds.%s must be a number (degrees)", where, K[i]);
            return;
        }
    }
    if (v[0] > v[2] || v[1] > v[3] || v[0] < -90 || v[2] > 90 || v[1] < -180 || v[3] > 180) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "%s.bounds: south must be below north and west of east, in degrees", where);
        return;
    }
    n->has_bounds = 1;
    n->south = v[0]; n->west = v[1]; n->north = v[2]; n->east = v[3];
}

/* Reads one node from the table at the top of the stack. where names it in
 * messages ("schemas.ke-hoach.tasks"). Depth is bounded by site.lua's own. */
static schema_node *read_node(lua_State *L, const char *where, int depth, diag_list *d)
{
    schema_node *n = calloc(1, sizeof *n);
    if (depth > 16) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "%s: schemas nest too deeply", where);
        return n;
    }
    if (lua_type(L, -1) == LUA_TSTRING) {   /* shorthand: tasks = "list" */
        n->type = strdup(lua_tostring(L, -1));
    } else if (lua_istable(L, -1)) {
        lua_getfield(L, -1, "type");
        n->type = strdup(lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "any");
        lua_pop(L, 1);
        lua_getfield(L, -1, "required");
        n->required = lua_toboolean(L, -1);
        lua_pop(L, 1);
        lua_getfield(L, -1, "ref");
        if (lua_type(L, -1) == LUA_TSTRING) n->ref = strdup(lua_tostring(L, -1));
        lua_pop(L, 1);
        lua_getfield(L, -1, "min");
        if (lua_isnumber(L, -1)) { n->has_min = 1; n->min = lua_tonumber(L, -1); }
        lua_pop(L, 1);
        lua_getfield(L, -1, "max");
        if (lua_isnumber(L, -1)) { n->has_max = 1; n->max = lua_tonumber(L, -1); }
        lua_pop(L, 1);
        lua_getfield(L, -1, "bounds");
        if (lua_istable(L, -1)) read_bounds(L, n, where, d);
        else if (!lua_isnil(L, -1))
            diag_add(d, DIAG_ERROR, CFG, 0, 0, "%s.bounds must be { south =, west =, north =, east = }", where);
        lua_pop(L, 1);
        lua_getfield(L, -1, "allowed");
        if (lua_istable(L, -1)) {
            size_t k = lua_rawlen(L, -1);
            n->allowed = calloc(k ? k : 1, sizeof *n->allowed);
            for (size_t i = 1; i <= k; i++) {
                lua_rawgeti(L, -1, (lua_Integer)i);
                if (lua_type(L, -1) == LUA_TSTRING) n->allowed[n->n_allowed++] = strdup(lua_tostring(L, -1));
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
        lua_getfield(L, -1, "items");
        if (!lua_isnil(L, -1)) {
            buf w = BUF_INIT;
            buf_printf(&w, "%s[]", where);
            n->items = read_node(L, buf_cstr(&w), depth + 1, d);
            buf_free(&w);
        }
        lua_pop(L, 1);
        lua_getfield(L, -1, "fields");
        if (lua_istable(L, -1)) {
            /* sorted keys: messages and checks do not depend on table order */
            size_t cap = 8;
            n->keys = malloc(cap * sizeof *n->keys);
            lua_pushnil(L);
            while (lua_next(L, -2)) {
                if (lua_type(L, -2) == LUA_TSTRING) {
                    if (n->n_fields == cap) n->keys = realloc(n->keys, (cap *= 2) * sizeof *n->keys);
                    n->keys[n->n_fields++] = strdup(lua_tostring(L, -2));
                }
                lua_pop(L, 1);
            }
            for (size_t i = 1; i < n->n_fields; i++)
                for (size_t j = i; j > 0 && strcmp(n->keys[j - 1], n->keys[j]) > 0; j--) {
                    char *x = n->keys[j]; n->keys[j] = n->keys[j - 1]; n->keys[j - 1] = x;
                }
            n->fields = calloc(n->n_fields ? n->n_fields : 1, sizeof *n->fields);
            for (size_t i = 0; i < n->n_fields; i++) {
                lua_getfield(L, -1, n->keys[i]);
                buf w = BUF_INIT;
                buf_printf(&w, "%s.%s", where, n->keys[i]);
                n->fields[i] = read_node(L, buf_cstr(&w), depth + 1, d);
                buf_free(&w);
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    } else {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "%s must be a type name or a table", where);
        n->type = strdup("any");
    }
    int known = 0;
    for (int i = 0; TYPES[i]; i++) known |= !strcmp(TYPES[i], n->type);
    if (!known) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "%s: unknown type \"%s\"", where, n->type);
        diag_hint(d, "use string, int, number, bool, date, period, list, map or any");
    }
    return n;
}

int schema_load(lua_State *L, int idx, schema_set *set, diag_list *d)
{
    memset(set, 0, sizeof *set);
    lua_getfield(L, idx, "schemas");
    if (lua_isnil(L, -1)) { lua_pop(L, 1); return 0; }
    if (!lua_istable(L, -1)) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "'schemas' must map section names to schemas");
        lua_pop(L, 1);
        return -1;
    }
    size_t before = diag_errors(d);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        if (lua_type(L, -2) == LUA_TSTRING) {
            const char *sec = lua_tostring(L, -2);
            buf w = BUF_INIT;
            buf_printf(&w, "schemas.%s", sec);
            /* a section's schema is the fields of its front matter map */
            schema_node *root;
            if (lua_istable(L, -1)) {
                lua_getfield(L, -1, "fields");
                int has_fields = lua_istable(L, -1);
                lua_pop(L, 1);
                if (has_fields) {
                    root = read_node(L, buf_cstr(&w), 0, d);
                } else {
                    lua_newtable(L);
                    lua_pushstring(L, "map");
                    lua_setfield(L, -2, "type");
                    lua_pushvalue(L, -2);
                    lua_setfield(L, -2, "fields");
                    root = read_node(L, buf_cstr(&w), 0, d);
                    lua_pop(L, 1);
                }
            } else {
                diag_add(d, DIAG_ERROR, CFG, 0, 0, "%s must be a table of fields", buf_cstr(&w));
                root = NULL;
            }
            buf_free(&w);
            if (root) {
                set->sections = realloc(set->sections, (set->n + 1) * sizeof *set->sections);
                set->roots = realloc(set->roots, (set->n + 1) * sizeof *set->roots);
                set->sections[set->n] = strdup(sec);
                set->roots[set->n] = root;
                set->n++;
            }
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return diag_errors(d) > before ? -1 : 0;
}

const schema_node *schema_for(const schema_set *set, const char *section)
{
    for (size_t i = 0; i < set->n; i++)
        if (!strcmp(set->sections[i], section)) return set->roots[i];
    return NULL;
}

/* One side of a period: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn. Sets a sortable key. */
static int period_part(const char *s, size_t n, long *key)
{
    for (size_t i = 0; i < 4; i++) if (i >= n || !isdigit((unsigned char)s[i])) return 0;
    long y = strtol(s, NULL, 10);
    if (n == 4) { *key = y * 10000 + 1231; return 1; }
    if (n == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') {
        *key = y * 10000 + (s[6] - '0') * 300 + 31;
        return 1;
    }
    if (n >= 7 && s[4] == '-' && isdigit((unsigned char)s[5]) && isdigit((unsigned char)s[6])) {
        long m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12) return 0;
        if (n == 7) { *key = y * 10000 + m * 100 + 31; return 1; }
        if (n == 10 && s[7] == '-' && isdigit((unsigned char)s[8]) && isdigit((unsigned char)s[9])) {
            long dd = (s[8] - '0') * 10 + (s[9] - '0');
            if (dd < 1 || dd > 31) return 0;
            *key = y * 10000 + m * 100 + dd;
            return 1;
        }
    }
    return 0;
}

int schema_is_period(const char *s)
{
    if (!strcmp(s, "ongoing")) return 1;
    const char *slash = strchr(s, '/');
    long a, b;
    if (!slash) return period_part(s, strlen(s), &a);
    if (strchr(slash + 1, '/')) return 0;
    return period_part(s, (size_t)(slash - s), &a) && period_part(slash + 1, strlen(slash + 1), &b) &&
           a <= b + 10000;   /* a range may not run backwards by more than a year's rounding */
}

static int ref_exists(const val *data, const char *ref, const char *id)
{
    const val *list = val_map_get(data, ref);
    if (!list || list->kind != VAL_LIST) return 0;
    for (size_t i = 0; i < list->u.list.n; i++) {
        const val *it = val_map_get(list->u.list.items[i], "id");
        if (it && it->kind == VAL_STRING && !strcmp(it->u.str.s, id)) return 1;
    }
    return 0;
}

static const char *kind_word(const val *v)
{
    return v->kind == VAL_STRING ? "text" : val_kind_name(v->kind);
}

static int number_of(const val *v, double *x)
{
    if (v && v->kind == VAL_INT) { *x = (double)v->u.integer; return 1; }
    if (v && v->kind == VAL_FLOAT) { *x = v->u.number; return 1; }
    return 0;
}

/* A place outside the site's box is probably a typo (swapped lat/lon, a
 * dropped digit) but may be real (a partner site): a warning, not an error. */
static int check_bounds(const schema_node *n, const val *v, const char *path, const char *file,
                        diag_list *d)
{
    double lat, lon;
    if (!number_of(val_map_get(v, "lat"), &lat) || !number_of(val_map_get(v, "lon"), &lon)) return 0;
    if (lat >= n->south && lat <= n->north && lon >= n->west && lon <= n->east) return 0;
    diag_add(d, DIAG_WARNING, file, v->line, v->col,
             "'%s' (%g, %g) lies outside the site's area (lat %g to %g, lon %g to %g)", path, lat,
             lon, n->south, n->north, n->west, n->east);
    diag_hint(d, "check the numbers (lat is north-south, about %g here; lon is east-west)",
              (n->south + n->north) / 2);
    return 0;
}

static int check(const schema_node *n, const val *v, const char *path, const char *file,
                 const val *data, diag_list *d)
{
    const char *t = n->type;
    int bad = 0;
    if (!strcmp(t, "any")) {
    } else if (!strcmp(t, "string")) {
        bad = v->kind != VAL_STRING && v->kind != VAL_INT && v->kind != VAL_FLOAT;
    } else if (!strcmp(t, "int")) {
        bad = v->kind != VAL_INT;
    } else if (!strcmp(t, "number")) {
        bad = v->kind != VAL_INT && v->kind != VAL_FLOAT;
    } else if (!strcmp(t, "bool")) {
        bad = v->kind != VAL_BOOL;
    } else if (!strcmp(t, "date")) {
        bad = v->kind != VAL_DATE;
    } else if (!strcmp(t, "period")) {
        if (v->kind == VAL_STRING && !schema_is_period(v->u.str.s)) {
            diag_add(d, DIAG_ERROR, file, v->line, v->col,
                     "'%s' must be a date, month (2026-10), quarter (2026-Q3), year, range "
                     "(2025-Q4/2026-Q2) or 'ongoing', not \"%s\"", path, v->u.str.s);
            diag_hint(d, "\"Quý III/2026\" is written \"2026-Q3\"; \"Thường xuyên\" is \"ongoing\"");
            return 1;
        }
        bad = v->kind != VAL_STRING && v->kind != VAL_DATE &&
              !(v->kind == VAL_INT && v->u.integer >= 1000 && v->u.integer <= 9999);
    } else if (!strcmp(t, "list")) {
        bad = v->kind != VAL_LIST;
    } else if (!strcmp(t, "map")) {
        bad = v->kind != VAL_MAP;
    }
    if (bad) {
        if (v->kind == VAL_STRING)
            diag_add(d, DIAG_ERROR, file, v->line, v->col, "'%s' must be %s, not \"%s\"", path,
                     !strcmp(t, "int") ? "a whole number" : t, v->u.str.s);
        else
            diag_add(d, DIAG_ERROR, file, v->line, v->col, "'%s' must be %s, not %s", path,
                     !strcmp(t, "int") ? "a whole number" : t, kind_word(v));
        return 1;
    }
    int problems = 0;
    if ((n->has_min || n->has_max) && (v->kind == VAL_INT || v->kind == VAL_FLOAT)) {
        double x = v->kind == VAL_INT ? (double)v->u.integer : v->u.number;
        if ((n->has_min && x < n->min) || (n->has_max && x > n->max)) {
            if (n->has_min && n->has_max)
                diag_add(d, DIAG_ERROR, file, v->line, v->col, "'%s' is %g; it must be from %g to %g",
                         path, x, n->min, n->max);
            else
                diag_add(d, DIAG_ERROR, file, v->line, v->col, "'%s' is %g; it must be %s %g", path,
                         x, n->has_min ? "at least" : "at most", n->has_min ? n->min : n->max);
            problems++;
        }
    }
    if (n->has_bounds && v->kind == VAL_MAP) problems += check_bounds(n, v, path, file, d);
    if (n->n_allowed && v->kind == VAL_STRING) {
        int ok = 0;
        for (size_t i = 0; i < n->n_allowed && !ok; i++) ok = !strcmp(n->allowed[i], v->u.str.s);
        if (!ok) {
            buf list = BUF_INIT;
            for (size_t i = 0; i < n->n_allowed; i++)
                buf_printf(&list, "%s%s", i ? ", " : "", n->allowed[i]);
            diag_add(d, DIAG_ERROR, file, v->line, v->col, "'%s' is \"%s\", which is not allowed",
                     path, v->u.str.s);
            diag_hint(d, "use one of: %s", buf_cstr(&list));
            buf_free(&list);
            problems++;
        }
    }
    if (n->ref) {
        /* a reference, or a list of references */
        const val *one = v;
        size_t k = v->kind == VAL_LIST ? v->u.list.n : 1;
        for (size_t i = 0; i < k; i++) {
            one = v->kind == VAL_LIST ? v->u.list.items[i] : v;
            if (one->kind != VAL_STRING) continue;
            if (!ref_exists(data, n->ref, one->u.str.s)) {
                diag_add(d, DIAG_ERROR, file, one->line, one->col,
                         "'%s' names \"%s\", which is not an id in data/%s.yaml", path,
                         one->u.str.s, n->ref);
                diag_hint(d, "add it to data/%s.yaml or correct the id", n->ref);
                problems++;
            }
        }
    }
    if (v->kind == VAL_LIST && n->items) {
        for (size_t i = 0; i < v->u.list.n; i++) {
            buf p = BUF_INIT;
            buf_printf(&p, "%s[%zu]", path, i + 1);
            problems += check(n->items, v->u.list.items[i], buf_cstr(&p), file, data, d);
            buf_free(&p);
        }
    }
    if (v->kind == VAL_MAP) {
        for (size_t i = 0; i < n->n_fields; i++) {
            const val *f = val_map_get(v, n->keys[i]);
            buf p = BUF_INIT;
            if (*path) buf_printf(&p, "%s.%s", path, n->keys[i]);
            else buf_puts(&p, n->keys[i]);
            if (!f || f->kind == VAL_NULL) {
                if (n->fields[i]->required) {
                    diag_add(d, DIAG_ERROR, file, v->line, v->col, "'%s' is required here",
                             buf_cstr(&p));
                    diag_hint(d, "add '%s: ...'", n->keys[i]);
                    problems++;
                }
            } else {
                problems += check(n->fields[i], f, buf_cstr(&p), file, data, d);
            }
            buf_free(&p);
        }
    }
    return problems;
}

int schema_check(const schema_node *root, const val *fm, const char *file, const val *data,
                 diag_list *d)
{
    return check(root, fm, "", file, data, d);
}
