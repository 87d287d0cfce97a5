/* Fuzz target: layout compiler (generator/tpl.c).
 *
 * Two modes, chosen by byte 0:
 *
 * Raw (byte 0 is not NUL; every seed layout): the input is a layout file.
 * Like render.c, invalid UTF-8 stops there; then tpl_compile. When it
 * succeeds the generated source is loaded with luaL_loadbufferx in a fresh
 * lua_State. Checked besides memory safety and leaks:
 *   - return code and diagnostics agree;
 *   - the source has one more '\n' than the layout and no '\r' (tpl.h:
 *     every newline of the layout is a newline of the Lua source at the
 *     same line) and starts with the documented header;
 *   - a layout with no tag at all always loads, and running it gives back
 *     the layout's text byte for byte.
 *   A layout with tags may hold invalid Lua, so a failed load is fine here.
 *
 * Built (byte 0 is NUL): the rest of the input drives a generator that
 * writes a layout whose Lua parts are valid Lua by construction: text
 * (quotes, backslashes, lone braces, "}}" and "%}" in text, CR LF...),
 * {{ }} expressions (strings and long strings holding delimiters, comments,
 * table constructors), {% %} statements that open and close Lua blocks
 * across tags (for/if/elseif/else/while/repeat/function), statements that
 * look like keywords (block = 1), blocks with names and endblock with or
 * without the name, extends as the first tag, {# comments #} and the trim
 * markers. Such a layout must compile and its Lua must load; the line
 * invariants above hold too. The generated layouts are never run.
 * Saved built-mode inputs (tests/fuzz/regressions/tpl-*, starting with NUL)
 * are choices of this generator: changing it changes what they mean. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include "fuzz.h"
#include "tpl.h"

static const char header[] = "local _concat, _esc, _safe = table.concat, _esc, _safe return function(_b, args) ";

/* ---------- checks shared by both modes ---------- */

static size_t count_lf(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += s[i] == '\n';
    return k;
}

/* Loads the generated source in a fresh state; returns 1 if it loads.
 * When run is set the chunk is run and its function called, and the
 * result string is stored in *res (malloc'd). */
static int load_lua(const char *src, size_t n, buf *err, int run, buf *res)
{
    lua_State *L = luaL_newstate();
    FUZZ_CHECK(L != NULL, "luaL_newstate failed");
    int ok = luaL_loadbufferx(L, src, n, "@layouts/fuzz.html", "t") == LUA_OK;
    if (!ok) {
        buf_puts(err, lua_tostring(L, -1));
    } else if (run) {
        /* only base and table: the chunk holds no code of the layout */
        luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
        luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
        lua_pop(L, 2);
        static const char rt[] =
            "local SAFE = {}\n"
            "function _safe(s) return setmetatable({s = s}, SAFE) end\n"
            "function _esc(v) error('no expression expected') end\n"
            "function _extend() error('no extends expected') end\n"
            "function _unsafe(r) assert(getmetatable(r) == SAFE, 'not safe') return r.s end\n";
        FUZZ_CHECK(luaL_dostring(L, rt) == LUA_OK, "runtime: %s", lua_tostring(L, -1));
        /* stack: chunk */
        int st = lua_pcall(L, 0, 1, 0);
        FUZZ_CHECK(st == LUA_OK && lua_isfunction(L, -1), "chunk did not return a function: %s",
                   st == LUA_OK ? "" : lua_tostring(L, -1));
        st = lua_pcall(L, 0, 1, 0);
        FUZZ_CHECK(st == LUA_OK, "layout function failed: %s", lua_tostring(L, -1));
        lua_getglobal(L, "_unsafe");
        lua_insert(L, -2);
        st = lua_pcall(L, 1, 1, 0);
        FUZZ_CHECK(st == LUA_OK && lua_type(L, -1) == LUA_TSTRING, "result: %s",
                   lua_tostring(L, -1));
        size_t rl;
        const char *r = lua_tolstring(L, -1, &rl);
        buf_put(res, r, rl);
    }
    lua_close(L);
    return ok;
}

/* Compiles text; returns 1 and fills lua on success. must: failing to
 * compile is a bug (the diagnostics are shown). */
static int compile(const char *text, size_t n, buf *lua, int must)
{
    diag_list *d = diag_new();
    int rc = tpl_compile("layouts/fuzz.html", text, n, lua, d);
    FUZZ_CHECK(rc == 0 || rc == -1, "tpl_compile returned %d", rc);
    if (must && rc != 0) {
        diag_print(d, stderr, 0);
        FUZZ_CHECK(0, "a layout with valid Lua parts does not compile:\n%s", text);
    }
    fuzz_diag_done(d, rc);
    if (rc != 0) return 0;
    FUZZ_CHECK(!lua->failed && lua->len >= sizeof header - 1 &&
               memcmp(lua->data, header, sizeof header - 1) == 0,
               "generated source does not start with the header");
    FUZZ_CHECK(count_lf(lua->data, lua->len) == count_lf(text, n) + 1,
               "layout has %zu lines, source has %zu newlines:\n%s", count_lf(text, n) + 1,
               count_lf(lua->data, lua->len), lua->data);
    FUZZ_CHECK(memchr(lua->data, '\r', lua->len) == NULL, "CR in the generated source:\n%s",
               lua->data);
    return 1;
}

/* 1 if text has no "{{", "{%" or "{#". */
static int no_tags(const char *t, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (t[i] == '{' && (t[i + 1] == '{' || t[i + 1] == '%' || t[i + 1] == '#')) return 0;
    return 1;
}

static void raw_mode(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    if (u8_validate(text, size, NULL) < 0) return;       /* as render.c */
    buf lua = BUF_INIT, err = BUF_INIT, res = BUF_INIT;
    if (compile(text, size, &lua, 0)) {
        int plain = no_tags(text, size);
        int ok = load_lua(lua.data, lua.len, &err, plain, &res);
        if (plain) {
            FUZZ_CHECK(ok, "a layout without tags does not load: %s\n%s", buf_cstr(&err),
                       lua.data);
            FUZZ_CHECK(res.len == size && memcmp(buf_cstr(&res), text, size) == 0,
                       "a layout without tags renders as other text:\n%s", lua.data);
        }
    }
    buf_free(&lua);
    buf_free(&err);
    buf_free(&res);
}

/* ---------- built mode: a generator of layouts with valid Lua ---------- */

typedef struct gen {
    const uint8_t *p;
    size_t n, i;
    buf t;             /* the layout */
    int locals;        /* 'local' declarations so far (Lua allows 200 live) */
    int extends;
} gen;

enum { MAX_DEPTH = 8, MAX_EXPR = 3, MAX_LOCALS = 60 };

static unsigned take(gen *g) { return g->i < g->n ? g->p[g->i++] : 0; }
static unsigned pick(gen *g, unsigned k) { return take(g) % k; }
static void put(gen *g, const char *s) { buf_puts(&g->t, s); }

/* Pieces of a short string's content (between the quotes q). Escapes
 * are valid Lua; "\z" and a backslash before a line break are too. */
static void short_string(gen *g)
{
    static const char *const pieces[] = {
        "a", "\xE1\xBB\x99", " ", "%}", "}}", "{{", "{%", "{#", "#}", "--", "[[", "]]",
        "[=[", "\\\\", "\\n", "\\t", "\\z  \n  ", "\\z", "\\\n", "\\\r\n", "\\x41",
        "\\u{1EC7}", "\\065", "\\0", "-", "}", "%", "{", "-}}", "-%}", "]", "=", "\\r",
    };
    char q = pick(g, 2) ? '"' : '\'';
    unsigned n = pick(g, 6);
    buf_putc(&g->t, q);
    for (unsigned k = 0; k < n; k++) {
        unsigned c = pick(g, sizeof pieces / sizeof *pieces + 2);
        if (c == sizeof pieces / sizeof *pieces) put(g, q == '"' ? "'" : "\"");
        else if (c == sizeof pieces / sizeof *pieces + 1) put(g, q == '"' ? "\\\"" : "\\'");
        else put(g, pieces[c]);
    }
    buf_putc(&g->t, q);
}

/* Content of a long bracket of the given level: never contains its
 * closing bracket and never ends in ']' or '=' (which would join it). */
static void long_body(gen *g, int level)
{
    static const char *const pieces[] = {
        "a", "\n", "\r\n", "\r", " ", "%}", "}}", "{{", "--", "\"", "'", "\\", "]x", "]=]x",
        "]==]x", "]]x", "[[", "[=[", "\xE1\xBB\x99", "-}}", "\t",
    };
    unsigned n = pick(g, 6);
    for (unsigned k = 0; k < n; k++) {
        const char *s = pieces[pick(g, sizeof pieces / sizeof *pieces)];
        /* "]]x" closes level 0, "]=]x" level 1, "]==]x" level 2 */
        if ((level == 0 && !strcmp(s, "]]x")) || (level == 1 && !strcmp(s, "]=]x")) ||
            (level == 2 && !strcmp(s, "]==]x")))
            s = "]x";
        put(g, s);
    }
    put(g, "a");
}

static void long_bracket(gen *g, const char *prefix)
{
    int level = (int)pick(g, 3);
    put(g, prefix);
    buf_putc(&g->t, '[');
    for (int i = 0; i < level; i++) buf_putc(&g->t, '=');
    buf_putc(&g->t, '[');
    long_body(g, level);
    buf_putc(&g->t, ']');
    for (int i = 0; i < level; i++) buf_putc(&g->t, '=');
    buf_putc(&g->t, ']');
}

/* A separator between tokens: white space, line breaks, comments. */
static void sep(gen *g)
{
    static const char *const eol[] = { "\n", "\r\n" };
    switch (pick(g, 8)) {
    case 0: put(g, "\n"); break;
    case 1: put(g, "\r\n  "); break;
    case 2: put(g, "\t"); break;
    case 3: put(g, " "); long_bracket(g, "--"); put(g, " "); break;
    case 4: {                       /* line comment: no '}' so no delimiter */
        static const char *const words[] = { "x", " ", "%", "\"", "'", "[=", "-", "{", "\xE1\xBB\x99", "]]" };
        put(g, " --x");
        for (unsigned k = pick(g, 4); k > 0; k--) put(g, words[pick(g, 10)]);
        put(g, eol[pick(g, 2)]);
        break;
    }
    default: put(g, " "); break;
    }
}

static void expr(gen *g, int d);

static void leaf(gen *g)
{
    static const char *const atoms[] = {
        "x", "1", "0x1F", "1e3", "3.25", "nil", "true", "args", "y.z", "math.pi",
    };
    unsigned c = pick(g, 12);
    if (c < 10) put(g, atoms[c]);
    else if (c == 10) short_string(g);
    else long_bracket(g, "");
}

static void expr(gen *g, int d)
{
    if (d >= MAX_EXPR) { leaf(g); return; }
    switch (pick(g, 16)) {
    case 0: put(g, "("); expr(g, d + 1); put(g, ")"); break;
    case 1: expr(g, d + 1); put(g, " .."); sep(g); expr(g, d + 1); break;
    case 2: expr(g, d + 1); put(g, " +"); sep(g); expr(g, d + 1); break;
    case 3: expr(g, d + 1); sep(g); put(g, "== "); expr(g, d + 1); break;
    case 4: expr(g, d + 1); put(g, " % "); expr(g, d + 1); break;
    case 5: put(g, "not "); expr(g, d + 1); break;
    case 6: put(g, "#"); expr(g, d + 1); break;
    case 7: put(g, "-("); expr(g, d + 1); put(g, ")"); break;
    case 8: put(g, "{"); expr(g, d + 1); put(g, ", "); expr(g, d + 1); put(g, "}"); break;
    case 9: put(g, "{k = "); expr(g, d + 1); put(g, ", [ "); expr(g, d + 1); put(g, " ] = {}}"); break;
    case 10: put(g, "tostring("); expr(g, d + 1); put(g, ")"); break;
    case 11: put(g, "f"); short_string(g); break;
    case 12: put(g, "f{"); expr(g, d + 1); put(g, "}"); break;
    case 13: put(g, "("); expr(g, d + 1); put(g, "):upper()"); break;
    case 14: put(g, "function() return "); expr(g, d + 1); put(g, " end"); break;
    default: leaf(g); break;
    }
}

/* A complete simple statement. */
static void simple_stmt(gen *g)
{
    switch (pick(g, 10)) {
    case 0: put(g, "x ="); sep(g); expr(g, 0); break;
    case 1:
        if (g->locals < MAX_LOCALS) {
            g->locals++;
            put(g, "local l = ");
        } else {
            put(g, "l = ");
        }
        expr(g, 0);
        break;
    case 2: put(g, "f("); expr(g, 0); put(g, ")"); break;
    case 3: put(g, "t[ "); expr(g, 0); put(g, " ] = "); expr(g, 0); break;
    case 4: put(g, "block"); sep(g); put(g, "= "); expr(g, 0); break;
    case 5: put(g, "extends = 1"); break;
    case 6: put(g, "endblock("); expr(g, 0); put(g, ")"); break;
    case 7: put(g, "do end ;"); break;
    case 8: put(g, "x, y = "); expr(g, 0); put(g, ", "); expr(g, 0); break;
    default: put(g, "block.x = 1"); break;
    }
}

/* "{%" or "{%-", then a separator-ish space. */
static void open_tag(gen *g, char kind)
{
    buf_putc(&g->t, '{');
    buf_putc(&g->t, kind);
    if (pick(g, 4) == 0) buf_putc(&g->t, '-');
    if (pick(g, 3) == 0) sep(g); else put(g, " ");
}

static void close_tag(gen *g, char kind)
{
    if (pick(g, 3) == 0) sep(g); else put(g, " ");
    if (pick(g, 4) == 0) buf_putc(&g->t, '-');
    buf_putc(&g->t, kind);
    buf_putc(&g->t, '}');
}

static void stmt_tag(gen *g, const char *code_before, int with_expr, const char *code_after)
{
    open_tag(g, '%');
    put(g, code_before);
    if (with_expr) expr(g, 0);
    put(g, code_after);
    close_tag(g, '%');
}

static void text(gen *g)
{
    static const char *const pieces[] = {
        "a", "\xE1\xBB\x99", " ", "\n", "\r\n", "\r", "\t", "\"", "'", "\\", "]]", "[[", "%",
        "}", "}}", "%}", "#}", "-", "{ ", "\x01", "\x7f", "<p>", "&", "\\z", "0", "-}}", "]=]",
    };
    unsigned n = 1 + pick(g, 8);
    for (unsigned k = 0; k < n; k++) put(g, pieces[pick(g, sizeof pieces / sizeof *pieces)]);
}

static void block_name(gen *g, buf *name)
{
    static const char chars[] = "abcz09_-AZ";
    unsigned n = 1 + pick(g, 6);
    for (unsigned k = 0; k < n; k++) buf_putc(name, chars[pick(g, sizeof chars - 1)]);
}

static void seq(gen *g, int depth);

/* One item of a sequence; returns 0 at the end of the sequence. */
static int item(gen *g, int depth)
{
    unsigned c = take(g) % 12;
    if (g->i >= g->n) return 0;
    switch (c) {
    case 0: return 0;
    case 1: case 2: text(g); break;
    case 3:
        open_tag(g, '{');
        expr(g, 0);
        close_tag(g, '}');
        break;
    case 4: {                          /* comment: no '}' inside */
        put(g, "{#");
        if (pick(g, 3) == 0) put(g, "-");
        static const char *const words[] = { " ", "x", "{{", "{%", "#", "%", "\n", "\r\n", "\"" };
        for (unsigned k = pick(g, 5); k > 0; k--) put(g, words[pick(g, 9)]);
        put(g, pick(g, 3) == 0 ? " -#}" : " #}");
        break;
    }
    case 5: stmt_tag(g, "", 0, ""); break;      /* {% %}: no code */
    case 6: {
        open_tag(g, '%');
        simple_stmt(g);
        close_tag(g, '%');
        break;
    }
    case 7: case 8: {                  /* Lua block across tags */
        if (depth >= MAX_DEPTH) { text(g); break; }
        switch (pick(g, 8)) {
        case 0:
            if (g->locals < MAX_LOCALS) g->locals += 4;
            stmt_tag(g, "for i = 1, ", 1, " do");
            seq(g, depth + 1);
            stmt_tag(g, "end", 0, "");
            break;
        case 1:
            if (g->locals < MAX_LOCALS) g->locals += 5;
            stmt_tag(g, "for k, v in pairs(", 1, ") do");
            seq(g, depth + 1);
            stmt_tag(g, "end", 0, "");
            break;
        case 2:
            stmt_tag(g, "if ", 1, " then");
            seq(g, depth + 1);
            if (pick(g, 2)) { stmt_tag(g, "elseif ", 1, " then"); seq(g, depth + 1); }
            if (pick(g, 2)) { stmt_tag(g, "else", 0, ""); seq(g, depth + 1); }
            stmt_tag(g, "end", 0, "");
            break;
        case 3:
            stmt_tag(g, "while ", 1, " do");
            seq(g, depth + 1);
            stmt_tag(g, "end", 0, "");
            break;
        case 4:
            stmt_tag(g, "repeat", 0, "");
            seq(g, depth + 1);
            stmt_tag(g, "until ", 1, "");
            break;
        case 5:
            if (g->locals < MAX_LOCALS) {
                g->locals++;
                stmt_tag(g, "local function lf()", 0, "");
            } else {
                stmt_tag(g, "function gf()", 0, "");
            }
            seq(g, depth + 1);
            stmt_tag(g, "end", 0, "");
            break;
        case 6:
            stmt_tag(g, "x = function(a, b)", 0, "");
            seq(g, depth + 1);
            stmt_tag(g, "end", 0, "");
            break;
        default:
            stmt_tag(g, "do", 0, "");
            seq(g, depth + 1);
            stmt_tag(g, "end", 0, "");
            break;
        }
        break;
    }
    case 9: case 10: {                 /* a layout block */
        if (depth >= MAX_DEPTH) { text(g); break; }
        buf name = BUF_INIT;
        block_name(g, &name);
        char q = pick(g, 2) ? '"' : '\'';
        open_tag(g, '%');
        put(g, pick(g, 2) ? "block " : "block");
        buf_putc(&g->t, q);
        buf_put(&g->t, buf_cstr(&name), name.len);
        buf_putc(&g->t, q);
        close_tag(g, '%');
        seq(g, depth + 2);
        open_tag(g, '%');
        put(g, "endblock");
        if (pick(g, 2)) {
            put(g, " ");
            buf_putc(&g->t, q);
            buf_put(&g->t, buf_cstr(&name), name.len);
            buf_putc(&g->t, q);
        }
        close_tag(g, '%');
        buf_free(&name);
        break;
    }
    default:
        text(g);
        break;
    }
    return 1;
}

static void seq(gen *g, int depth)
{
    while (item(g, depth)) {}
}

static void built_mode(const uint8_t *data, size_t size)
{
    gen g;
    memset(&g, 0, sizeof g);
    g.p = data;
    g.n = size;
    buf_init(&g.t);
    if (pick(&g, 4) == 0) {               /* extends, the first tag */
        static const char *const names[] = { "base", "_default/baseof", "a b", "\xE1\xBB\x99",
                                             "%}", "}}", "]]", "--" };
        if (pick(&g, 2)) put(&g, " \n");
        if (pick(&g, 2)) put(&g, "{# c #}\r\n");
        char q = pick(&g, 2) ? '"' : '\'';
        open_tag(&g, '%');
        put(&g, "extends ");
        buf_putc(&g.t, q);
        put(&g, names[pick(&g, 8)]);
        buf_putc(&g.t, q);
        close_tag(&g, '%');
        g.extends = 1;
    }
    seq(&g, 0);
    FUZZ_CHECK(!g.t.failed, "out of memory");

    const char *text = buf_cstr(&g.t);
    size_t n = g.t.len;
    buf lua = BUF_INIT, err = BUF_INIT;
    compile(text, n, &lua, 1);
    if (!load_lua(lua.data, lua.len, &err, 0, NULL))
        FUZZ_CHECK(0, "a layout with valid Lua parts gives invalid Lua: %s\n--- layout:\n%s\n"
                      "--- Lua:\n%s", buf_cstr(&err), text, lua.data);
    buf_free(&lua);
    buf_free(&err);
    buf_free(&g.t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 0 && data[0] == 0) built_mode(data + 1, size - 1);
    else raw_mode(data, size);
    return 0;
}
