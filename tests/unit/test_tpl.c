/* Unit tests for tpl: compile layouts and run the generated Lua in a real
 * Lua 5.4 state with a tiny runtime (_esc, _safe, _extend, raw). */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "tpl.h"

/* The test runtime: safe strings are tables with the SAFE metatable;
 * templates[name] holds each compiled layout's function. */
static const char *runtime =
    "local SAFE = {}\n"
    "function _safe(s) return setmetatable({s = s}, SAFE) end\n"
    "local map = {['&']='&amp;', ['<']='&lt;', ['>']='&gt;', ['\"']='&quot;', [\"'\"]='&#39;'}\n"
    "function _esc(v)\n"
    "  if getmetatable(v) == SAFE then return v.s end\n"
    "  if v == nil then return '' end\n"
    "  return (tostring(v):gsub('[&<>\"\\']', map))\n"
    "end\n"
    "function raw(s) return _safe(tostring(s)) end\n"
    "templates = {}\n"
    "function _extend(name, b, args)\n"
    "  local f = templates[name]\n"
    "  if not f then error('no layout ' .. name) end\n"
    "  return f(b, args)\n"
    "end\n"
    "function render(name, args)\n"
    "  local r = templates[name](nil, args)\n"
    "  assert(getmetatable(r) == SAFE, 'result is not safe')\n"
    "  return r.s\n"
    "end\n";

/* Counts the '\n' bytes of s[0..n). */
static size_t count_lines(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += s[i] == '\n';
    return k;
}

/* Compiles text (n bytes) as layout name, loads it with chunk name
 * "@name.html" and stores it in templates[name]. Also checks that the
 * generated source has the template's lines (+1 for the closing newline)
 * and that its header is on line 1. Returns 0 or -1. */
static int add_n(lua_State *L, const char *name, const char *text, size_t n)
{
    buf out = BUF_INIT, chunk = BUF_INIT;
    diag_list *d = diag_new();
    int rc = -1;
    char file[128];
    snprintf(file, sizeof file, "%s.html", name);
    if (tpl_compile(file, text, n, &out, d) != 0) {
        fprintf(stderr, "compile %s failed:\n", name);
        diag_print(d, stderr, 0);
        goto done;
    }
    CHECK_INT(count_lines(out.data, out.len), count_lines(text, n) + 1);
    CHECK(strncmp(out.data, "local _concat", 13) == 0);
    buf_printf(&chunk, "@%s", file);
    if (luaL_loadbufferx(L, out.data, out.len, buf_cstr(&chunk), "t") != LUA_OK) {
        fprintf(stderr, "load %s: %s\n--- source:\n%s\n", name, lua_tostring(L, -1),
                buf_cstr(&out));
        lua_pop(L, 1);
        goto done;
    }
    if (lua_pcall(L, 0, 1, 0) != LUA_OK) {
        fprintf(stderr, "run chunk %s: %s\n", name, lua_tostring(L, -1));
        lua_pop(L, 1);
        goto done;
    }
    lua_getglobal(L, "templates");
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
    rc = 0;
done:
    buf_free(&out);
    buf_free(&chunk);
    diag_free(d);
    return rc;
}

/* add_n for a NUL-terminated template. */
static int add(lua_State *L, const char *name, const char *text)
{
    return add_n(L, name, text, strlen(text));
}

/* Renders layout name with args given as a Lua expression (NULL: nil).
 * Returns a malloc'd result, or "ERR: message" if Lua raised an error.
 * *len receives the length. */
static char *run_n(lua_State *L, const char *name, const char *args, size_t *len)
{
    buf src = BUF_INIT;
    char *res;
    size_t n = 0;
    buf_printf(&src, "return render(%s, %s)", "...", args ? args : "nil");
    int st = luaL_loadstring(L, buf_cstr(&src));
    if (st == LUA_OK) {
        lua_pushstring(L, name);
        st = lua_pcall(L, 1, 1, 0);
    }
    const char *s = lua_tolstring(L, -1, &n);
    if (!s) { s = "(no string)"; n = strlen(s); }
    res = malloc(n + 6);
    if (st != LUA_OK) {
        memcpy(res, "ERR: ", 5);
        memcpy(res + 5, s, n);
        n += 5;
    } else {
        memcpy(res, s, n);
    }
    res[n] = '\0';
    lua_pop(L, 1);
    buf_free(&src);
    if (len) *len = n;
    return res;
}

/* Compiles text as "t" and returns its rendering with args (malloc'd). */
static char *render(lua_State *L, const char *text, const char *args)
{
    if (add(L, "t", text) != 0) {
        char *e = malloc(16);
        strcpy(e, "COMPILE FAILED");
        return e;
    }
    return run_n(L, "t", args, NULL);
}

#define CHECK_RENDER(L, text, args, want) do { char *r_ = render(L, text, args); \
    CHECK_STR(r_, want); free(r_); } while (0)
#define CHECK_RUN(L, name, args, want) do { char *r_ = run_n(L, name, args, NULL); \
    CHECK_STR(r_, want); free(r_); } while (0)
#define CHECK_RENDER_HAS(L, text, args, want) do { char *r_ = render(L, text, args); \
    CHECK_CONTAINS(r_, want); free(r_); } while (0)

/* Plain text: quotes, backslashes, newlines, control bytes, UTF-8, NUL. */
static void test_text(lua_State *L)
{
    CHECK_RENDER(L, "", NULL, "");
    CHECK_RENDER(L, "He said \"hi\" and 'bye' \\ back\\slash \\n\n", NULL,
                 "He said \"hi\" and 'bye' \\ back\\slash \\n\n");
    CHECK_RENDER(L, "Tiếng Việt có dấu: Hà Nội, Đà Nẵng\n\tđường\r\nx\x01y\x7f", NULL,
                 "Tiếng Việt có dấu: Hà Nội, Đà Nẵng\n\tđường\r\nx\x01y\x7f");
    CHECK_RENDER(L, "a { b } {x} {{ \"{{\" }} %} #} }}", NULL, "a { b } {x} {{ %} #} }}");
    CHECK_RENDER(L, "\\0009 ]] [[ ]=]", NULL, "\\0009 ]] [[ ]=]");
    /* a NUL byte in the text survives, and a control byte before a digit */
    static const char nul[] = "a\0" "1\x02" "3b";
    size_t n = 0;
    CHECK(add_n(L, "nul", nul, sizeof nul - 1) == 0);
    char *r = run_n(L, "nul", NULL, &n);
    CHECK_INT(n, sizeof nul - 1);
    CHECK(memcmp(r, nul, sizeof nul - 1) == 0);
    free(r);
    /* text ending in a lone '{' */
    CHECK_RENDER(L, "x {", NULL, "x {");
}

/* {{ }}: escaping, nil, numbers, raw values, args. */
static void test_expr(lua_State *L)
{
    CHECK_RENDER(L, "<p>{{ \"<script>alert('x&y')</script>\" }}</p>", NULL,
                 "<p>&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;</p>");
    CHECK_RENDER(L, "{{ raw(\"<b>bold</b>\") }}", NULL, "<b>bold</b>");
    CHECK_RENDER(L, "[{{ nil }}][{{ 42 }}][{{ 1.5 }}]", NULL, "[][42][1.5]");
    CHECK_RENDER(L, "<h1>{{ args.title }}</h1>", "{title = 'Chào \"bạn\"'}",
                 "<h1>Chào &quot;bạn&quot;</h1>");
    CHECK_RENDER(L, "{{args.a}}{{  args.b  }}", "{a = 1, b = 'x'}", "1x");
    CHECK_RENDER(L, "{{ \"a\" ..\n \"b\" }}|", NULL, "ab|");
    CHECK_RENDER(L, "{{ -1 }}", NULL, "-1");
    /* _b may be nil or absent; args too */
    CHECK_RENDER(L, "{{ args }}", NULL, "");
}

/* {% %}: loops, conditions, locals, functions. */
static void test_stmt(lua_State *L)
{
    CHECK_RENDER(L, "{% for i = 1, 3 do %}{{ i }},{% end %}", NULL, "1,2,3,");
    CHECK_RENDER(L, "{% if args.x then %}yes{% else %}no{% end %}", "{x = true}", "yes");
    CHECK_RENDER(L, "{% if args.x then %}yes{% else %}no{% end %}", "{}", "no");
    CHECK_RENDER(L,
                 "<ul>\n{% for _, p in ipairs(args.list) do %}"
                 "<li>{{ p.name }}</li>\n{% end %}</ul>",
                 "{list = {{name = 'Một'}, {name = '<Hai>'}}}",
                 "<ul>\n<li>Một</li>\n<li>&lt;Hai&gt;</li>\n</ul>");
    CHECK_RENDER(L,
                 "{% local function twice(s) return s .. s end %}{{ twice('ab') }}",
                 NULL, "abab");
    CHECK_RENDER(L, "{%\nlocal x = 1\nlocal y = 2\n%}{{ x + y }}", NULL, "3");
    CHECK_RENDER(L, "a{% %}b", NULL, "ab");
    /* Lua names "block", "extends" used as plain variables */
    CHECK_RENDER(L, "{% local block = 'b' %}{% block = block .. '!' %}{{ block }}", NULL, "b!");
    CHECK_RENDER(L, "{% local extends = {} %}{% extends.x = 1 %}{{ extends.x }}", NULL, "1");
}

/* White space trimming with {%- -%} {{- -}} {#- -#}. */
static void test_trim(lua_State *L)
{
    CHECK_RENDER(L,
                 "<ul>\n  {%- for i = 1, 2 do -%}\n  <li>{{ i }}</li>\n  {%- end -%}\n</ul>",
                 NULL, "<ul><li>1</li><li>2</li></ul>");
    CHECK_RENDER(L, "a \n\t {{- 'x' -}} \r\n b", NULL, "axb");
    CHECK_RENDER(L, "a {{ 'x' -}} b {{- 'y' }} c", NULL, "a xby c");
    CHECK_RENDER(L, "a  {#- note -#}  b", NULL, "ab");
    CHECK_RENDER(L, "a {%- -%} b", NULL, "ab");
    /* trimming only eats white space */
    CHECK_RENDER(L, "a.{%- -%}.b", NULL, "a..b");
}

/* {# #} comments. */
static void test_comment(lua_State *L)
{
    CHECK_RENDER(L, "a{# hidden {{ x }} {% if %} #}b", NULL, "ab");
    CHECK_RENDER(L, "a{#\nline\nline\n#}b\n{{ 1 }}", NULL, "ab\n1");
    CHECK_RENDER(L, "{##}x", NULL, "x");
}

/* Tag delimiters inside Lua strings, long strings and comments in tags. */
static void test_strings_in_tags(lua_State *L)
{
    CHECK_RENDER(L, "{% local s = \"%}\" %}{{ s }}", NULL, "%}");
    CHECK_RENDER(L, "{{ \"}}\" }}", NULL, "}}");
    CHECK_RENDER(L, "{{ '}}' .. \"-}}\" }}", NULL, "}}-}}");
    CHECK_RENDER(L, "{{ 'it\\'s }}' }}", NULL, "it&#39;s }}");
    CHECK_RENDER(L, "{{ \"a\\\"}}\" }}", NULL, "a&quot;}}");
    CHECK_RENDER(L, "{{ [[a}}b]] }}", NULL, "a}}b");
    CHECK_RENDER(L, "{% local s = [==[x]]%}]=]y]==] %}{{ s }}", NULL, "x]]%}]=]y");
    CHECK_RENDER(L, "{{ [[\nline2]] }}|", NULL, "line2|");
    CHECK_RENDER(L, "{% local t = {a = {1}} %}{{ t.a[1] }}", NULL, "1");
    CHECK_RENDER(L, "{{ ({a = {b = 'x'}}).a.b }}", NULL, "x");
    CHECK_RENDER(L, "{% local x = 1 -- note %}{{ x }}", NULL, "1");
    CHECK_RENDER(L, "{% local x = 1 -- note %}a\n{% local y = 2 -- more\n %}{{ x + y }}",
                 NULL, "a\n3");
    CHECK_RENDER(L, "{% local y = 2 --[[ multi\nline %} }} ]] %}{{ y }}", NULL, "2");
    CHECK_RENDER(L, "{{ 7 -- seven }}", NULL, "7");
    CHECK_RENDER(L, "{{ 7 --[=[ ]] }} ]=] }}", NULL, "7");
    CHECK_RENDER(L, "{% local s = '{%' %}{{ s }}", NULL, "{%");
}

/* extends and blocks over two and three levels. */
static void test_extends(lua_State *L)
{
    CHECK(add(L, "base",
              "<html><title>{% block \"title\" %}Default{% endblock %}</title>\n"
              "<main>{% block \"content\" %}none{% endblock %}</main>\n"
              "<footer>{% block 'footer' %}(c) {{ args and args.year }}{% endblock %}</footer></html>") == 0);
    /* a base alone renders its defaults */
    CHECK_RUN(L, "base", "{year = 2024}",
              "<html><title>Default</title>\n<main>none</main>\n<footer>(c) 2024</footer></html>");
    CHECK(add(L, "child",
              "{# a child #}\n"
              "{% extends \"base\" %}\n"
              "ignored text {{ 'also ignored' }}\n"
              "{% local greeting = 'Xin chào' %}\n"
              "{% block \"content\" %}{{ greeting }}, {{ args.name }}!{% endblock %}\n"
              "more ignored\n") == 0);
    CHECK_RUN(L, "child", "{name = '<An>', year = 2025}",
              "<html><title>Default</title>\n<main>Xin chào, &lt;An&gt;!</main>\n"
              "<footer>(c) 2025</footer></html>");
    /* three levels: mid defines title and content, with a nested placement
     * of "article" that the leaf fills in */
    CHECK(add(L, "mid",
              "{% extends 'base' %}\n"
              "{% block \"title\" %}Mid title{% endblock %}\n"
              "{% block \"content\" %}<article>{% block \"article\" %}no article"
              "{% endblock %}</article>{% endblock %}") == 0);
    CHECK_RUN(L, "mid", "{year = 1}",
              "<html><title>Mid title</title>\n<main><article>no article</article></main>\n"
              "<footer>(c) 1</footer></html>");
    CHECK(add(L, "leaf",
              "{%- extends \"mid\" -%}\n"
              "{% block \"title\" %}Leaf title{% endblock %}\n"
              "{% block \"article\" -%}\n  <p>{{ args.text }}</p>\n{%- endblock \"article\" %}") == 0);
    CHECK_RUN(L, "leaf", "{text = 'a & b', year = 3}",
              "<html><title>Leaf title</title>\n<main><article><p>a &amp; b</p></article></main>\n"
              "<footer>(c) 3</footer></html>");
    /* nested blocks in a base, with a child overriding only the inner one */
    CHECK(add(L, "nest",
              "{% block \"outer\" %}[{% block \"inner\" %}in{% endblock %}]{% endblock %}") == 0);
    CHECK_RUN(L, "nest", NULL, "[in]");
    CHECK(add(L, "nest_in", "{% extends \"nest\" %}{% block \"inner\" %}IN{% endblock %}") == 0);
    CHECK_RUN(L, "nest_in", NULL, "[IN]");
    CHECK(add(L, "nest_out", "{% extends \"nest\" %}{% block \"outer\" %}OUT{% endblock %}") == 0);
    CHECK_RUN(L, "nest_out", NULL, "OUT");
    /* a block inside a loop in a base is placed on every pass */
    CHECK(add(L, "loop", "{% for i = 1, 2 do %}{% block \"item\" %}{{ i }}{% endblock %}{% end %}") == 0);
    CHECK_RUN(L, "loop", NULL, "12");
}

/* A Lua error on template line N names line N. */
static void test_lines(lua_State *L)
{
    CHECK_RENDER_HAS(L, "line1\nline2\n<p>{{ nil + 1 }}</p>\n", NULL, "t.html:3:");
    CHECK_RENDER_HAS(L, "a\n\n{% local x = nil %}\n\n{{ x.y }}", NULL, "t.html:5:");
    CHECK_RENDER_HAS(L, "{%\nlocal t = {}\n\nlocal z = t.a.b\n%}", NULL, "t.html:4:");
    CHECK_RENDER_HAS(L, "{{ 'a' ..\n'b' ..\nerror('three') }}", NULL, "t.html:3: three");
    CHECK_RENDER_HAS(L, "x\n  {%- if true then -%}\n\n  y\n  {%- end -%}\n\n{{ error('boom') }}",
                     NULL, "t.html:7: boom");
    CHECK_RENDER_HAS(L, "{#\n\n#}\n{{ error('c') }}", NULL, "t.html:4: c");
    CHECK_RENDER_HAS(L, "a\r\nb\r\n{% local s = [[\r\n]] %}\r\n{{ error('crlf') }}", NULL,
                     "t.html:5: crlf");
    CHECK_RENDER_HAS(L, "{% local x = 1 -- c\n-- d\n%}\n{{ error('after comment') }}", NULL,
                     "t.html:4: after comment");
    CHECK_RENDER_HAS(L, "Tiếng\nViệt\n{{ error('vn') }}", NULL, "t.html:3: vn");
    /* a syntax error is also reported on its line */
    {
        buf out = BUF_INIT;
        diag_list *d = diag_new();
        const char *src = "ok\nok\n{% if then %}\n";
        CHECK_INT(tpl_compile("s.html", src, strlen(src), &out, d), 0);
        CHECK(luaL_loadbufferx(L, out.data, out.len, "@s.html", "t") != LUA_OK);
        CHECK_CONTAINS(lua_tostring(L, -1), "s.html:3:");
        lua_pop(L, 1);
        buf_free(&out);
        diag_free(d);
    }
    /* errors inside child and base blocks name the right file and line */
    CHECK(add(L, "ebase", "<x>\n{% block \"b\" %}\n{{ error('in base') }}{% endblock %}") == 0);
    CHECK(add(L, "echild", "{% extends \"ebase\" %}\n\n{% block \"b\" %}\n\n"
                           "{{ error('in child') }}{% endblock %}") == 0);
    {
        char *r = run_n(L, "echild", NULL, NULL);
        CHECK_CONTAINS(r, "echild.html:5: in child");
        free(r);
        r = run_n(L, "ebase", NULL, NULL);
        CHECK_CONTAINS(r, "ebase.html:3: in base");
        free(r);
    }
}

/* Compiles src expecting failure; checks the first diagnostic. */
static void check_error(const char *src, int line, int col, const char *msg_part,
                        const char *hint_part)
{
    buf out = BUF_INIT;
    diag_list *d = diag_new();
    buf_puts(&out, "keep");
    CHECK_INT(tpl_compile("e.html", src, strlen(src), &out, d), -1);
    CHECK_STR(buf_cstr(&out), "keep");
    CHECK(diag_errors(d) >= 1);
    if (diag_count(d) >= 1) {
        const diag_item *it = diag_get(d, 0);
        CHECK_STR(it->file, "e.html");
        CHECK_INT(it->line, line);
        CHECK_INT(it->col, col);
        CHECK_CONTAINS(it->msg, msg_part);
        if (hint_part) CHECK_CONTAINS(it->hint, hint_part);
    }
    buf_free(&out);
    diag_free(d);
}

/* Each compile error, with its line and column. */
static void test_errors(void)
{
    check_error("ab\n  {{ x", 2, 3, "unclosed tag '{{ x': no matching '}}'", "}}");
    check_error("{{ \"}}", 1, 1, "unclosed tag", "string");
    check_error("a\nb {% if x then", 2, 3, "unclosed tag '{% if x then'", "%}");
    check_error("x {% local s = [[ %}", 1, 3, "unclosed tag", NULL);
    check_error("\n\n {# note\n\n", 3, 2, "unclosed tag '{# note...'", "#}");
    check_error("Tiếng Việt {{", 1, 12, "unclosed tag '{{'", NULL);
    check_error("x{% endblock %}", 1, 2, "'{% endblock %}' without an open block", "block");
    check_error("{% block \"a\" %}\n{% endblock %}\n{% endblock %}", 3, 1, "without an open block",
                NULL);
    check_error("\n  {% block \"main\" %}xx", 2, 3, "block \"main\" is never closed",
                "endblock");
    check_error("{% block \"a\" %}{% block \"b\" %}{% endblock %}", 1, 1,
                "block \"a\" is never closed", NULL);
    check_error("hi {% extends \"base\" %}", 1, 4,
                "'{% extends \"base\" %}' must be the first tag", "top");
    check_error("{% x = 1 %}\n{% extends \"base\" %}", 2, 1, "must be the first tag", NULL);
    check_error("{% extends \"a\" %}{% extends \"b\" %}", 1, 18, "must be the first tag", NULL);
    check_error("{% extends base %}", 1, 1, "bad layout name in '{% extends base %}'",
                "{% extends \"base\" %}");
    check_error("{% extends %}", 1, 1, "bad layout name", NULL);
    check_error("x\n {% block content %}{% endblock %}", 2, 2,
                "bad block name in '{% block content %}'", "{% block \"content\" %}");
    check_error("{% block \"a b\" %}{% endblock %}", 1, 1, "bad block name", NULL);
    check_error("{% block \"\" %}{% endblock %}", 1, 1, "bad block name", NULL);
    check_error("{% block \"a\" x %}{% endblock %}", 1, 1, "bad block name", NULL);
    check_error("{% block %}{% endblock %}", 1, 1, "bad block name", NULL);
    check_error("{% block \"a\" %}{% endblock \"b\" %}", 1, 16,
                "does not match the open block \"a\"", NULL);
    check_error("a {{ }}", 1, 3, "empty expression '{{ }}'", "expression");
    check_error("a\n{{- -- only a comment\n -}}", 2, 1, "empty expression", NULL);
    /* several errors are all reported */
    {
        diag_list *d = diag_new();
        buf out = BUF_INIT;
        const char *src = "{{ }}\n{% endblock %}\n{% block x %}{% endblock %}";
        CHECK_INT(tpl_compile("m.html", src, strlen(src), &out, d), -1);
        CHECK_INT(diag_errors(d), 3);
        buf_free(&out);
        diag_free(d);
    }
}

/* The exact shape of a small generated chunk. */
static void test_shape(void)
{
    buf out = BUF_INIT;
    diag_list *d = diag_new();
    const char *src = "<p>\n{{ x }}{% y() %}</p>";
    CHECK_INT(tpl_compile("s.html", src, strlen(src), &out, d), 0);
    CHECK_STR(buf_cstr(&out),
              "local _concat, _esc, _safe = table.concat, _esc, _safe return function(_b, args) _b = _b or {} "
              "local _o, _n = {}, 0 _n=_n+1 _o[_n]=\"<p>\\n\"\n"
              " _n=_n+1 _o[_n]=_esc( x )  y()   _n=_n+1 _o[_n]=\"</p>\" return _safe(_concat(_o)) end\n");
    buf_reset(&out);
    src = "{% extends \"b\" %}\n{% block \"c\" %}hi{% endblock %}";
    CHECK_INT(tpl_compile("s.html", src, strlen(src), &out, d), 0);
    CHECK_STR(buf_cstr(&out),
              "local _concat, _esc, _safe = table.concat, _esc, _safe return function(_b, args) _b = _b or {} "
              "local _o, _n = {}, 0\n"
              " if _b[\"c\"] == nil then _b[\"c\"] = function() local _o, _n = {}, 0 "
              " _n=_n+1 _o[_n]=\"hi\" return _safe(_concat(_o)) end end "
              " return _extend(\"b\", _b, args) end\n");
    buf_reset(&out);
    src = "{% block \"c\" %}hi{% endblock %}";
    CHECK_INT(tpl_compile("s.html", src, strlen(src), &out, d), 0);
    CHECK_CONTAINS(buf_cstr(&out),
                   " if _b[\"c\"] ~= nil then _n=_n+1 _o[_n]=_esc(_b[\"c\"]()) else "
                   " _n=_n+1 _o[_n]=\"hi\" end ");
    CHECK_INT(diag_count(d), 0);
    buf_free(&out);
    diag_free(d);
}

int main(void)
{
    lua_State *L = luaL_newstate();
    if (!L) return 1;
    luaL_openlibs(L);
    if (luaL_dostring(L, runtime) != LUA_OK) {
        fprintf(stderr, "runtime: %s\n", lua_tostring(L, -1));
        lua_close(L);
        return 1;
    }
    test_text(L);
    test_expr(L);
    test_stmt(L);
    test_trim(L);
    test_comment(L);
    test_strings_in_tags(L);
    test_extends(L);
    test_lines(L);
    test_errors();
    test_shape();
    lua_close(L);
    return t_done();
}
