/* tpl: compiles an HTML layout with embedded Lua into Lua source (tpl.h).
 *
 * Shape of the generated chunk (all of the header is on line 1):
 *   local _concat, _esc, _safe = table.concat, _esc, _safe return function(_b, args) _b = _b or {}
 *   local _o, _n = {}, 0  <template lines>  return _safe(_concat(_o)) end
 * Text:        _n=_n+1 _o[_n]="text\n"      (then one real newline per \n)
 * {{ e }}:     _n=_n+1 _o[_n]=_esc(e)
 * {% s %}:     s
 * block, placed (no extends, or nested in a definition):
 *   if _b["n"] ~= nil then _n=_n+1 _o[_n]=_esc(_b["n"]()) else <default> end
 * block, defined (top level of a template with extends):
 *   if _b["n"] == nil then _b["n"] = function() local _o, _n = {}, 0
 *   <body> return _safe(_concat(_o)) end end
 * With extends the chunk ends with  return _extend("name", _b, args) end
 * and text outside blocks is dropped (only its newlines are kept). */
#include "tpl.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NO_END SIZE_MAX

typedef struct tpl_block {
    size_t tag;       /* offset of the block tag's '{' */
    size_t name;      /* offset of the name in ctx.names */
    size_t name_len;
    int def;          /* 1: a definition (child); 0: a placement */
} tpl_block;

typedef struct tpl_ctx {
    const char *file;
    const char *t;    /* template text */
    size_t len;
    diag_list *d;
    buf out;          /* generated Lua */
    buf code;         /* body of the current tag, Lua comments removed */
    buf names;        /* names of the open blocks, back to back */
    buf ext;          /* layout name given to extends */
    tpl_block *blocks;
    size_t nblocks, cap;
    int extends;      /* an extends tag was seen */
    int seen;         /* non-blank text or a tag other than {# #} was seen */
    int errors;
    int oom;
} tpl_ctx;

/* Is c white space that trimming and keyword parsing skip? */
static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Is c allowed in a block name? */
static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

/* Is c a Lua identifier character? */
static int is_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Line (1-based) and column (1-based, in characters) of byte off. */
static void where(const char *t, size_t off, int *line, int *col)
{
    int ln = 1, cl = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '\n') { ln++; cl = 1; }
        else if ((c & 0xC0) != 0x80) cl++;
    }
    *line = ln;
    *col = cl;
}

/* Appends a short excerpt of the tag starting at off (up to its end, the end
 * of its first line or 60 bytes, cut on a character boundary). */
static void put_excerpt(buf *b, const char *t, size_t len, size_t off, size_t end)
{
    size_t e = end == NO_END || end > len ? len : end;
    size_t stop = off;
    while (stop < e && t[stop] != '\n' && t[stop] != '\r' && stop - off < 60) stop++;
    if (stop < e) {
        while (stop > off && ((unsigned char)t[stop] & 0xC0) == 0x80) stop--;
        buf_put(b, t + off, stop - off);
        buf_puts(b, "...");
    } else {
        buf_put(b, t + off, stop - off);
    }
}

/* Adds an error (printf-style message) at byte off of the template. */
static void error_at(tpl_ctx *c, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void error_at(tpl_ctx *c, size_t off, const char *fmt, ...)
{
    buf m = BUF_INIT;
    va_list ap;
    int line, col;
    va_start(ap, fmt);
    buf_vprintf(&m, fmt, ap);
    va_end(ap);
    where(c->t, off, &line, &col);
    diag_add(c->d, DIAG_ERROR, c->file, line, col, "%s", buf_cstr(&m));
    buf_free(&m);
    c->errors++;
}

/* Fills ex (reset first) with the excerpt of the tag [off, end). */
static const char *excerpt(tpl_ctx *c, buf *ex, size_t off, size_t end)
{
    buf_reset(ex);
    put_excerpt(ex, c->t, c->len, off, end);
    return buf_cstr(ex);
}

/* Appends s[0..n) as a double-quoted Lua string literal on one line. */
static void put_lua_string(buf *b, const char *s, size_t n)
{
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        switch (ch) {
        case '"':  buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default:
            if (ch < 0x20 || ch == 0x7f) buf_printf(b, "\\%03u", (unsigned)ch);
            else buf_putc(b, (char)ch);
        }
    }
    buf_putc(b, '"');
}

/* Appends one newline for each newline in s[0..n). */
static void put_newlines(buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n') buf_putc(b, '\n');
}

/* Emits the text chunk [s, e), trimmed on the left/right if asked; its
 * newlines always follow, so lines stay in step. */
static void emit_text(tpl_ctx *c, size_t s, size_t e, int trim_l, int trim_r)
{
    size_t ts = s, te = e;
    for (size_t i = s; i < e; i++)
        if (!is_ws(c->t[i])) { c->seen = 1; break; }
    if (trim_l) while (ts < te && is_ws(c->t[ts])) ts++;
    if (trim_r) while (te > ts && is_ws(c->t[te - 1])) te--;
    if (te > ts && (!c->extends || c->nblocks > 0)) {
        buf_puts(&c->out, " _n=_n+1 _o[_n]=");
        put_lua_string(&c->out, c->t + ts, te - ts);
    }
    put_newlines(&c->out, c->t + s, e - s);
}

/* If a Lua long bracket opens at p ('[' '='* '['), returns its level;
 * otherwise -1. */
static int long_open(const char *t, size_t len, size_t p)
{
    size_t q = p + 1;
    if (p >= len || t[p] != '[') return -1;
    while (q < len && t[q] == '=') q++;
    if (q < len && t[q] == '[') return (int)(q - p - 1);
    return -1;
}

/* Returns the offset just past the long bracket of the given level closing
 * at or after p (']' '='*level ']'), or NO_END. */
static size_t long_close(const char *t, size_t len, size_t p, int level)
{
    for (; p < len; p++) {
        if (t[p] != ']') continue;
        size_t q = p + 1;
        while (q < len && t[q] == '=') q++;
        if (q < len && t[q] == ']' && (int)(q - p - 1) == level) return q + 1;
    }
    return NO_END;
}

/* Copies Lua source t[s..e) to b. A carriage return next to a line feed is
 * dropped and a lone one becomes a space, because Lua would count a lone CR
 * as a line and the template's lines are counted by LF. */
static void put_code(buf *b, const char *t, size_t len, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++) {
        if (t[i] != '\r') { buf_putc(b, t[i]); continue; }
        int near_lf = (i > 0 && t[i - 1] == '\n') || (i + 1 < len && t[i + 1] == '\n');
        if (!near_lf) buf_putc(b, ' ');
    }
}

/* Scans the Lua code of a {{ }} (kind '{') or {% %} (kind '%') tag from p,
 * honouring Lua strings, long strings, comments and (for {{ }}) braces.
 * The code, with comments removed but their newlines kept, goes to c->code.
 * Returns the offset just past the closing delimiter, or NO_END if the tag
 * is never closed; *trim is set if the close was "-}}" or "-%}". */
static size_t scan_code(tpl_ctx *c, size_t p, char kind, int *trim)
{
    const char *t = c->t;
    size_t len = c->len;
    char close = kind == '{' ? '}' : '%';
    int depth = 0, in_comment = 0;
    *trim = 0;
    buf_reset(&c->code);
    while (p < len) {
        char ch = t[p];
        if (depth == 0) {
            if (ch == '-' && p + 2 < len && t[p + 1] == close && t[p + 2] == '}') {
                *trim = 1;
                return p + 3;
            }
            if (ch == close && p + 1 < len && t[p + 1] == '}') return p + 2;
        }
        if (in_comment) {
            if (ch == '\n') { in_comment = 0; buf_putc(&c->code, '\n'); }
            p++;
            continue;
        }
        if (ch == '"' || ch == '\'') {
            size_t q = p + 1;
            /* A Lua short string: an escaped line end ("\\\n", "\\\r\n") and
             * "\\z" (which skips the white space after it) continue it. */
            while (q < len && t[q] != ch && t[q] != '\n' && t[q] != '\r') {
                if (t[q] == '\\' && q + 1 < len) {
                    if (t[q + 1] == 'z') {
                        q += 2;
                        while (q < len && strchr(" \t\n\r\f\v", t[q]) && t[q]) q++;
                        continue;
                    }
                    if (t[q + 1] == '\r' && q + 2 < len && t[q + 2] == '\n') { q += 3; continue; }
                    q += 2;
                    continue;
                }
                q++;
            }
            if (q < len && t[q] == ch) q++;
            put_code(&c->code, t, len, p, q);
            p = q;
            continue;
        }
        int level = long_open(t, len, p);
        if (level >= 0) {
            size_t q = long_close(t, len, p + (size_t)level + 2, level);
            if (q == NO_END) return NO_END;
            put_code(&c->code, t, len, p, q);
            p = q;
            continue;
        }
        if (ch == '-' && p + 1 < len && t[p + 1] == '-') {
            level = long_open(t, len, p + 2);
            buf_putc(&c->code, ' ');
            if (level < 0) {
                in_comment = 1;
                p += 2;
                continue;
            }
            size_t q = long_close(t, len, p + 2 + (size_t)level + 2, level);
            if (q == NO_END) return NO_END;
            put_newlines(&c->code, t + p, q - p);
            p = q;
            continue;
        }
        if (kind == '{' && ch == '{') depth++;
        if (kind == '{' && ch == '}' && depth > 0) depth--;
        put_code(&c->code, t, len, p, p + 1);
        p++;
    }
    return NO_END;
}

/* Keyword tags of {% %}. */
enum { KW_NONE, KW_EXTENDS, KW_BLOCK, KW_ENDBLOCK };

/* Recognises extends/block/endblock in the code k[0..n). On a keyword,
 * *arg, *arg_len is the quoted argument's content (arg_len 0 and *has_arg 0
 * when absent) and *ok tells whether the argument is well formed (a single
 * string literal without escapes or newlines, then only white space).
 * Anything else (block = 1, block.x, ...) is KW_NONE: plain Lua. */
static int keyword(const char *k, size_t n, const char **arg, size_t *arg_len, int *has_arg,
                   int *ok)
{
    size_t p = 0, w, q;
    int kw;
    while (p < n && is_ws(k[p])) p++;
    w = p;
    while (p < n && is_ident(k[p])) p++;
    if (p - w == 7 && memcmp(k + w, "extends", 7) == 0) kw = KW_EXTENDS;
    else if (p - w == 5 && memcmp(k + w, "block", 5) == 0) kw = KW_BLOCK;
    else if (p - w == 8 && memcmp(k + w, "endblock", 8) == 0) kw = KW_ENDBLOCK;
    else return KW_NONE;
    if (p < n && !is_ws(k[p]) && k[p] != '"' && k[p] != '\'') return KW_NONE;
    while (p < n && is_ws(k[p])) p++;
    if (p < n && k[p] != '"' && k[p] != '\'' && !(is_ident(k[p]) && !(k[p] >= '0' && k[p] <= '9')))
        return KW_NONE;
    *arg = NULL;
    *arg_len = 0;
    *has_arg = 0;
    *ok = 1;
    if (p == n) return kw;
    *has_arg = 1;
    if (k[p] != '"' && k[p] != '\'') { *ok = 0; return kw; }
    q = p + 1;
    while (q < n && k[q] != k[p] && k[q] != '\\' && k[q] != '\n' && k[q] != '\r') q++;
    if (q >= n || k[q] != k[p]) { *ok = 0; return kw; }
    *arg = k + p + 1;
    *arg_len = q - p - 1;
    for (q++; q < n; q++)
        if (!is_ws(k[q])) *ok = 0;
    return kw;
}

/* Is s[0..n) a valid block name? */
static int good_block_name(const char *s, size_t n)
{
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_name_char(s[i])) return 0;
    return 1;
}

/* Pushes an open block; returns 0, or -1 when out of memory. */
static int push_block(tpl_ctx *c, size_t tag, const char *name, size_t n, int def)
{
    if (c->nblocks == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        tpl_block *nb = realloc(c->blocks, cap * sizeof *nb);
        if (!nb) { c->oom = 1; return -1; }
        c->blocks = nb;
        c->cap = cap;
    }
    tpl_block *b = &c->blocks[c->nblocks++];
    b->tag = tag;
    b->name = c->names.len;
    b->name_len = n;
    b->def = def;
    buf_put(&c->names, name, n);
    return 0;
}

/* Handles a {% %} tag [start, end) whose code is in c->code. */
static void do_stmt(tpl_ctx *c, size_t start, size_t end)
{
    const char *k = c->code.data ? c->code.data : "";
    size_t n = c->code.len;
    const char *arg;
    size_t alen;
    int has_arg, ok;
    buf ex = BUF_INIT;
    int kw = keyword(k, n, &arg, &alen, &has_arg, &ok);

    if (kw == KW_NONE) {
        c->seen = 1;
        buf_putc(&c->out, ' ');
        buf_put(&c->out, k, n);
        buf_putc(&c->out, ' ');
        goto done;
    }
    if (kw == KW_EXTENDS) {
        if (c->seen) {
            error_at(c, start, "'%s' must be the first tag of the layout",
                     excerpt(c, &ex, start, end));
            diag_hint(c->d, "move it to the top; only white space and {# comments #} may come before it");
        } else if (!has_arg || !ok || alen == 0) {
            error_at(c, start, "bad layout name in '%s'", excerpt(c, &ex, start, end));
            diag_hint(c->d, "give one quoted name: {%% extends \"base\" %%}");
        } else {
            c->extends = 1;
            buf_put(&c->ext, arg, alen);
        }
        c->seen = 1;
    } else if (kw == KW_BLOCK) {
        c->seen = 1;
        int def = c->extends && c->nblocks == 0;
        if (!has_arg || !ok || !good_block_name(arg, alen)) {
            error_at(c, start, "bad block name in '%s'", excerpt(c, &ex, start, end));
            diag_hint(c->d, "quote the name and use only letters, digits, - and _: {%% block \"content\" %%}");
            push_block(c, start, "?", 1, def);
        } else if (push_block(c, start, arg, alen, def) == 0) {
            buf_puts(&c->out, " if _b[\"");
            buf_put(&c->out, arg, alen);
            if (def) {
                buf_puts(&c->out, "\"] == nil then _b[\"");
                buf_put(&c->out, arg, alen);
                buf_puts(&c->out, "\"] = function() local _o, _n = {}, 0 ");
            } else {
                buf_puts(&c->out, "\"] ~= nil then _n=_n+1 _o[_n]=_esc(_b[\"");
                buf_put(&c->out, arg, alen);
                buf_puts(&c->out, "\"]()) else ");
            }
        }
    } else {
        c->seen = 1;
        if (c->nblocks == 0) {
            error_at(c, start, "'%s' without an open block", excerpt(c, &ex, start, end));
            diag_hint(c->d, "remove it, or open a block before it with {%% block \"name\" %%}");
            goto done;
        }
        tpl_block *b = &c->blocks[c->nblocks - 1];
        const char *bname = c->names.data ? c->names.data + b->name : "";
        if (has_arg && (!ok || alen != b->name_len || memcmp(arg, bname, alen) != 0)) {
            error_at(c, start, "'%s' does not match the open block \"%.*s\"",
                     excerpt(c, &ex, start, end), (int)b->name_len, bname);
            diag_hint(c->d, "write {%% endblock %%} or repeat the name of the block it closes");
        }
        buf_puts(&c->out, b->def ? " return _safe(_concat(_o)) end end " : " end ");
        c->names.len = b->name;
        c->nblocks--;
    }
    put_newlines(&c->out, c->t + start, end - start);
done:
    buf_free(&ex);
}

/* Handles a {{ }} tag [start, end) whose code is in c->code. */
static void do_expr(tpl_ctx *c, size_t start, size_t end)
{
    size_t n = c->code.len, i = 0;
    c->seen = 1;
    while (i < n && is_ws(c->code.data[i])) i++;
    if (i == n) {
        buf ex = BUF_INIT;
        error_at(c, start, "empty expression '%s'", excerpt(c, &ex, start, end));
        diag_hint(c->d, "put a Lua expression between the braces, or remove the tag");
        buf_free(&ex);
        put_newlines(&c->out, c->t + start, end - start);
        return;
    }
    buf_puts(&c->out, " _n=_n+1 _o[_n]=_esc(");
    buf_put(&c->out, c->code.data, n);
    buf_putc(&c->out, ')');
}

/* Reports a tag opened at start and never closed. */
static void unclosed(tpl_ctx *c, size_t start, const char *open, const char *close)
{
    buf ex = BUF_INIT;
    error_at(c, start, "unclosed tag '%s': no matching '%s'", excerpt(c, &ex, start, NO_END),
             close);
    if (open[1] == '#')
        diag_hint(c->d, "end the comment with %s", close);
    else
        diag_hint(c->d, "end the tag with %s; a Lua string or comment inside it may be unterminated",
                  close);
    buf_free(&ex);
}

int tpl_compile(const char *file, const char *text, size_t len, buf *lua_out,
                diag_list *d)
{
    tpl_ctx c;
    size_t pos = 0, text_start = 0;
    int trim_next = 0, rc = -1;

    memset(&c, 0, sizeof c);
    c.file = file;
    c.t = text ? text : "";
    c.len = text ? len : 0;
    c.d = d;
    buf_init(&c.out);
    buf_init(&c.code);
    buf_init(&c.names);
    buf_init(&c.ext);

    /* the runtime's functions as upvalues: no global lookup per {{ }} */
    buf_puts(&c.out, "local _concat, _esc, _safe = table.concat, _esc, _safe return function(_b, args) "
                     "_b = _b or {} local _o, _n = {}, 0");
    for (;;) {
        const char *brace = pos < c.len ? memchr(c.t + pos, '{', c.len - pos) : NULL;
        if (!brace) {
            emit_text(&c, text_start, c.len, trim_next, 0);
            break;
        }
        size_t i = (size_t)(brace - c.t);
        char kind = i + 1 < c.len ? c.t[i + 1] : 0;
        if (kind != '{' && kind != '%' && kind != '#') {
            pos = i + 1;
            continue;
        }
        int trim_before = i + 2 < c.len && c.t[i + 2] == '-';
        size_t body = i + 2 + (size_t)trim_before, end;
        int trim_after = 0;
        emit_text(&c, text_start, i, trim_next, trim_before);
        if (kind == '#') {
            const char *h = body < c.len ? memmem(c.t + body, c.len - body, "#}", 2) : NULL;
            if (!h) { unclosed(&c, i, "{#", "#}"); break; }
            end = (size_t)(h - c.t) + 2;
            trim_after = h > c.t + body && h[-1] == '-';
            put_newlines(&c.out, c.t + i, end - i);
        } else {
            end = scan_code(&c, body, kind, &trim_after);
            if (end == NO_END) {
                unclosed(&c, i, kind == '{' ? "{{" : "{%", kind == '{' ? "}}" : "%}");
                break;
            }
            if (kind == '{') do_expr(&c, i, end);
            else do_stmt(&c, i, end);
        }
        pos = text_start = end;
        trim_next = trim_after;
    }
    if (c.errors == 0) {
        for (size_t b = c.nblocks; b > 0; b--) {
            tpl_block *bl = &c.blocks[b - 1];
            error_at(&c, bl->tag, "block \"%.*s\" is never closed", (int)bl->name_len,
                     c.names.data ? c.names.data + bl->name : "");
            diag_hint(d, "add {%% endblock %%} after its content");
        }
    }
    if (c.extends) {
        buf_puts(&c.out, " return _extend(");
        put_lua_string(&c.out, c.ext.data ? c.ext.data : "", c.ext.len);
        buf_puts(&c.out, ", _b, args) end\n");
    } else {
        buf_puts(&c.out, " return _safe(_concat(_o)) end\n");
    }
    if (c.errors) goto cleanup;
    if (!c.oom && !c.out.failed && !c.code.failed && !c.names.failed && !c.ext.failed) {
        buf_put(lua_out, c.out.data, c.out.len);
        if (!lua_out->failed) rc = 0;
    }
    if (rc != 0) diag_add(d, DIAG_ERROR, file, 0, 0, "out of memory while compiling the layout");
cleanup:
    buf_free(&c.out);
    buf_free(&c.code);
    buf_free(&c.names);
    buf_free(&c.ext);
    free(c.blocks);
    return rc;
}
