/* tpl: compiles an HTML layout with embedded Lua into Lua source.
 *
 * Syntax (docs/layouts.md):
 *   {{ expr }}        value of expr, HTML-escaped (use raw(x) to opt out)
 *   {% statements %}  Lua statements: {% for _, p in ipairs(list) do %} ... {% end %}
 *   {# comment #}     dropped
 *   {%- / -%} {{- / -}}  trim white space (including newlines) on that side
 *   {% extends "name" %}          first tag only: render inside layout "name"
 *   {% block "name" %}...{% endblock %}  define (in a child) or place with a
 *                                        default (in a base) a named block
 *
 * The generated chunk, loaded with the sandbox as its environment, returns
 *   function(_b, args)  -> safe string
 * _b: table of block functions (child definitions win); args: partial args.
 * It calls these runtime globals (provided by the renderer):
 *   _esc(v)   -> string   escape v for HTML (safe strings pass through)
 *   _safe(s)  -> safe     mark s as already-escaped HTML
 *   _extend(name, _b, args) -> safe   render layout name with blocks _b
 * Every newline of the template is a newline of the Lua source at the same
 * line, so Lua errors name the template's line. */
#ifndef LT_TPL_H
#define LT_TPL_H
#include <stddef.h>
#include "buf.h"
#include "diag.h"

int tpl_compile(const char *file, const char *text, size_t len, buf *lua_out,
                diag_list *d);

#endif
