/* luax: the Lua sandbox and val conversion (see luax.h). */
#include "luax.h"
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "buf.h"

/* The per-state budget lives in the state's extra space: no globals. */
_Static_assert(LUA_EXTRASPACE >= sizeof(long long), "extra space holds the budget");

static long long budget_get(lua_State *L)
{
    long long v;
    memcpy(&v, lua_getextraspace(L), sizeof v);
    return v;
}

static void budget_set(lua_State *L, long long v)
{
    memcpy(lua_getextraspace(L), &v, sizeof v);
}

#define HOOK_EVERY 10000

static void budget_hook(lua_State *L, lua_Debug *ar)
{
    long long left = budget_get(L) - HOOK_EVERY;
    budget_set(L, left);
    if (left >= 0) return;
    /* Name the running line: luaL_where does not see it from inside a hook. */
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
        luaL_error(L, "%s:%d: %s ran more than %d million Lua instructions and was stopped "
                   "(an endless loop?)", ar->short_src, ar->currentline,
                   strstr(ar->short_src, ".html") ? "layout" : "Lua code",
                   (int)(LUAX_BUDGET / 1000000));
    luaL_error(L, "layout ran more than %d million Lua instructions and was stopped "
               "(an endless loop?)", (int)(LUAX_BUDGET / 1000000));
}

/* Memory of one state, counted by its allocator (the allocator's ud). */
typedef struct lmem {
    size_t used;
    size_t limit;
    int refused;         /* an allocation was refused for the limit */
} lmem;

static void *lalloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    lmem *m = ud;
    size_t old = ptr ? osize : 0;     /* without ptr, osize is a type tag */
    if (nsize == 0) {
        free(ptr);
        m->used -= old;
        return NULL;
    }
    if (nsize > old && nsize - old > m->limit - m->used) {   /* Lua: "not enough memory" */
        m->refused = 1;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p) m->used = m->used - old + nsize;
    return p;
}

void luax_close(lua_State *L)
{
    if (!L) return;
    void *ud = NULL;
    lua_getallocf(L, &ud);
    lua_close(L);
    free(ud);
}

int luax_out_of_memory(lua_State *L)
{
    void *ud = NULL;
    lua_getallocf(L, &ud);
    lmem *m = ud;
    int r = m && m->refused;
    if (m) m->refused = 0;
    return r;
}

/* print writes to stderr so layouts can be debugged without polluting pages. */
static int l_print(lua_State *L)
{
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1) fputc('\t', stderr);
        fwrite(s, 1, len, stderr);
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    return 0;
}

lua_State *luax_new(void)
{
    lmem *m = malloc(sizeof *m);
    if (!m) return NULL;
    m->used = 0;
    m->limit = LUAX_MEMORY;
    m->refused = 0;
    lua_State *L = lua_newstate(lalloc, m);
    if (!L) { free(m); return NULL; }
    budget_set(L, LUAX_BUDGET);
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base}, {LUA_TABLIBNAME, luaopen_table},
        {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_OSLIBNAME, luaopen_os},
        {NULL, NULL}
    };
    for (const luaL_Reg *l = libs; l->func; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    /* Keep only harmless parts of os. */
    lua_getglobal(L, "os");
    lua_newtable(L);
    const char *keep[] = { "time", "date", "clock", "difftime", NULL };
    for (int i = 0; keep[i]; i++) {
        lua_getfield(L, -2, keep[i]);
        lua_setfield(L, -2, keep[i]);
    }
    lua_setglobal(L, "os");
    lua_pop(L, 1);
    const char *drop[] = { "dofile", "loadfile", "load", "require", "collectgarbage",
                           "rawset", "rawget", "rawequal", NULL };
    for (int i = 0; drop[i]; i++) {
        lua_pushnil(L);
        lua_setglobal(L, drop[i]);
    }
    lua_pushcfunction(L, l_print);
    lua_setglobal(L, "print");
    /* string metatable's __index is the string table; make it read-only by
     * nothing more: the string table itself is per state. */
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, HOOK_EVERY);
    /* generational: a render makes much short-lived garbage beside a large
     * heap that stays (page tables, data); the incremental collector would
     * walk all of it again and again */
    lua_gc(L, LUA_GCGEN, 0, 0);
    return L;
}

void luax_budget(lua_State *L, long long instructions)
{
    budget_set(L, instructions);
}

static int date_lt(lua_State *L)
{
    lua_getfield(L, 1, "epoch");
    lua_getfield(L, 2, "epoch");
    lua_pushboolean(L, lua_tointeger(L, -2) < lua_tointeger(L, -1));
    return 1;
}

static int date_le(lua_State *L)
{
    lua_getfield(L, 1, "epoch");
    lua_getfield(L, 2, "epoch");
    lua_pushboolean(L, lua_tointeger(L, -2) <= lua_tointeger(L, -1));
    return 1;
}

static int date_eq(lua_State *L)
{
    lua_getfield(L, 1, "epoch");
    lua_getfield(L, 2, "epoch");
    lua_pushboolean(L, lua_tointeger(L, -2) == lua_tointeger(L, -1));
    return 1;
}

static int date_tostring(lua_State *L)
{
    lua_getfield(L, 1, "iso");
    return 1;
}

/* Pushes the shared date metatable (created once per state). */
static void push_date_mt(lua_State *L)
{
    if (luaL_newmetatable(L, "lotrinh.date")) {
        lua_pushcfunction(L, date_lt); lua_setfield(L, -2, "__lt");
        lua_pushcfunction(L, date_le); lua_setfield(L, -2, "__le");
        lua_pushcfunction(L, date_eq); lua_setfield(L, -2, "__eq");
        lua_pushcfunction(L, date_tostring); lua_setfield(L, -2, "__tostring");
    }
}

void luax_push_date(lua_State *L, long long epoch, int tz_minutes, int has_time)
{
    val_date d;
    val_date_from_epoch(epoch, tz_minutes, &d);
    lua_createtable(L, 0, 10);
    lua_pushinteger(L, d.year); lua_setfield(L, -2, "year");
    lua_pushinteger(L, d.month); lua_setfield(L, -2, "month");
    lua_pushinteger(L, d.day); lua_setfield(L, -2, "day");
    lua_pushinteger(L, d.hour); lua_setfield(L, -2, "hour");
    lua_pushinteger(L, d.minute); lua_setfield(L, -2, "minute");
    lua_pushinteger(L, d.second); lua_setfield(L, -2, "second");
    lua_pushinteger(L, epoch); lua_setfield(L, -2, "epoch");
    lua_pushboolean(L, has_time); lua_setfield(L, -2, "has_time");
    char iso[48];
    int tz = tz_minutes < 0 ? -tz_minutes : tz_minutes;
    if (has_time)
        snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month,
                 d.day, d.hour, d.minute, d.second, tz_minutes < 0 ? '-' : '+', tz / 60, tz % 60);
    else
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", d.year, d.month, d.day);
    lua_pushstring(L, iso); lua_setfield(L, -2, "iso");
    push_date_mt(L);
    lua_setmetatable(L, -2);
}

/* Iterative would be nicer, but depth is bounded by FM_MAX_DEPTH. */
void luax_push_val(lua_State *L, const val *v, int tz_minutes)
{
    if (!v) { lua_pushnil(L); return; }
    luaL_checkstack(L, 4, "value nesting");
    switch (v->kind) {
    case VAL_NULL: lua_pushnil(L); break;
    case VAL_BOOL: lua_pushboolean(L, v->u.boolean); break;
    case VAL_INT: lua_pushinteger(L, v->u.integer); break;
    case VAL_FLOAT: lua_pushnumber(L, v->u.number); break;
    case VAL_STRING: lua_pushlstring(L, v->u.str.s, v->u.str.len); break;
    case VAL_DATE: {
        const val_date *d = &v->u.date.d;
        int tz = d->has_tz ? d->tz_minutes : tz_minutes;
        luax_push_date(L, val_date_epoch(d, tz_minutes), tz, d->has_time);
        break;
    }
    case VAL_LIST:
        lua_createtable(L, (int)v->u.list.n, 0);
        for (size_t i = 0; i < v->u.list.n; i++) {
            luax_push_val(L, v->u.list.items[i], tz_minutes);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        break;
    case VAL_MAP:
        lua_createtable(L, 0, (int)v->u.map.n);
        for (size_t i = 0; i < v->u.map.n; i++) {
            luax_push_val(L, v->u.map.vals[i], tz_minutes);
            lua_setfield(L, -2, v->u.map.keys[i]);
        }
        break;
    }
}

static int cmp_keys(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

val *luax_to_val(lua_State *L, int idx, int depth, const char **err)
{
    idx = lua_absindex(L, idx);
    if (depth > 64) { *err = "a value nested more than 64 deep"; return NULL; }
    switch (lua_type(L, idx)) {
    case LUA_TNIL: return val_new(VAL_NULL, 0, 0);
    case LUA_TBOOLEAN: {
        val *v = val_new(VAL_BOOL, 0, 0);
        if (v) v->u.boolean = lua_toboolean(L, idx);
        return v;
    }
    case LUA_TNUMBER: {
        val *v = val_new(lua_isinteger(L, idx) ? VAL_INT : VAL_FLOAT, 0, 0);
        if (v && v->kind == VAL_INT) v->u.integer = lua_tointeger(L, idx);
        else if (v) v->u.number = lua_tonumber(L, idx);
        return v;
    }
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        return val_new_string(s, n, 0, 0);
    }
    case LUA_TTABLE: break;
    default:
        *err = "functions and other Lua values cannot be page data";
        return NULL;
    }
    luaL_checkstack(L, 6, "value nesting");
    /* a date table made by luax_push_date */
    if (lua_getmetatable(L, idx)) {
        luaL_getmetatable(L, "lotrinh.date");
        int is_date = lua_rawequal(L, -1, -2);
        lua_pop(L, 2);
        if (is_date) {
            lua_getfield(L, idx, "iso");
            size_t n;
            const char *s = lua_tolstring(L, -1, &n);
            val *v = val_new(VAL_DATE, 0, 0);
            if (v && s && val_parse_date(s, n, &v->u.date.d) == 0) v->u.date.text = strdup(s);
            lua_pop(L, 1);
            return v;
        }
    }
    size_t len = lua_rawlen(L, idx);
    size_t total = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) { total++; lua_pop(L, 1); }
    if (len > 0 && len == total) {
        val *list = val_new(VAL_LIST, 0, 0);
        for (size_t i = 1; list && i <= len; i++) {
            lua_rawgeti(L, idx, (lua_Integer)i);
            val *item = luax_to_val(L, -1, depth + 1, err);
            lua_pop(L, 1);
            if (!item || val_list_push(list, item) < 0) { val_free(item); val_free(list); return NULL; }
        }
        return list;
    }
    char **keys = calloc(total ? total : 1, sizeof *keys);
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            for (size_t i = 0; i < n; i++) free(keys[i]);
            free(keys);
            lua_pop(L, 1);
            *err = "a table mixes a list with named keys, or has keys that are not text";
            return NULL;
        }
        keys[n++] = strdup(lua_tostring(L, -1));
    }
    qsort(keys, n, sizeof *keys, cmp_keys);
    val *map = val_new(VAL_MAP, 0, 0);
    for (size_t i = 0; i < n; i++) {
        lua_getfield(L, idx, keys[i]);
        val *item = map ? luax_to_val(L, -1, depth + 1, err) : NULL;
        lua_pop(L, 1);
        if (!item || val_map_set(map, keys[i], item) < 0) {
            val_free(item);
            val_free(map);
            map = NULL;
        }
    }
    for (size_t i = 0; i < n; i++) free(keys[i]);
    free(keys);
    return map;
}

static int traceback(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (!msg) msg = "(error object is not a string)";
    lua_pushstring(L, msg);
    return 1;
}

int luax_pcall(lua_State *L, int nargs, int nres)
{
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, traceback);
    lua_insert(L, base);
    luax_budget(L, LUAX_BUDGET);
    int rc = lua_pcall(L, nargs, nres, base);
    if (rc == LUA_ERRMEM && luax_out_of_memory(L)) {
        lua_pop(L, 1);
        lua_pushfstring(L, "the layout used more than %d MB of memory and was stopped (a string "
                        "or table that keeps growing?)", (int)(LUAX_MEMORY >> 20));
    }
    lua_remove(L, base);
    return rc == LUA_OK ? 0 : -1;
}

void luax_report(diag_list *d, const char *msg, const char *page)
{
    /* Lua messages look like "layouts/x.html:12: text" (chunk names begin with '@'). */
    const char *p = msg;
    const char *colon = NULL;
    for (const char *q = msg; *q; q++) {
        if (*q == ':' && q[1] >= '0' && q[1] <= '9') { colon = q; break; }
        if (*q == '\n') break;
    }
    if (colon) {
        char *end;
        long line = strtol(colon + 1, &end, 10);
        if (*end == ':') {
            char *file = strndup(p, (size_t)(colon - p));
            const char *text = end + 1;
            long col = 0;
            if (*text >= '0' && *text <= '9') {    /* "file:line:col: text" */
                char *e2;
                long c = strtol(text, &e2, 10);
                if (*e2 == ':') { col = c; text = e2 + 1; }
            }
            while (*text == ' ') text++;
            if (page)
                diag_add(d, DIAG_ERROR, file, (int)line, (int)col, "%s (while rendering %s)", text, page);
            else
                diag_add(d, DIAG_ERROR, file, (int)line, (int)col, "%s", text);
            free(file);
            return;
        }
    }
    if (page) diag_add(d, DIAG_ERROR, page, 0, 0, "layout error: %s", msg);
    else diag_add(d, DIAG_ERROR, NULL, 0, 0, "%s", msg);
}

int luax_run_file(lua_State *L, const char *path, const char *display, diag_list *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(d, DIAG_ERROR, display, 0, 0, "cannot read the file");
        return -1;
    }
    buf b = BUF_INIT;
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) buf_put(&b, tmp, n);
    fclose(f);
    buf chunkname = BUF_INIT;
    buf_printf(&chunkname, "@%s", display);
    int rc = luaL_loadbufferx(L, buf_cstr(&b), b.len, buf_cstr(&chunkname), "t");
    buf_free(&b);
    buf_free(&chunkname);
    if (rc != LUA_OK) {
        luax_report(d, lua_tostring(L, -1), NULL);
        lua_pop(L, 1);
        return -1;
    }
    if (luax_pcall(L, 0, 1) < 0) {
        luax_report(d, lua_tostring(L, -1), NULL);
        lua_pop(L, 1);
        return -1;
    }
    return 0;
}
