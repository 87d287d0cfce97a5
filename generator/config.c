/* config: reads site.lua into a site_config (see site.h and docs/site-lua.md). */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "site.h"
#include "luax.h"
#include "buf.h"

#define CFG "site.lua"

static char *opt_string(lua_State *L, int t, const char *key, const char *def, diag_list *d)
{
    lua_getfield(L, t, key);
    char *r = NULL;
    if (lua_type(L, -1) == LUA_TSTRING) r = strdup(lua_tostring(L, -1));
    else if (lua_isnil(L, -1)) r = def ? strdup(def) : NULL;
    else diag_add(d, DIAG_ERROR, CFG, 0, 0, "'%s' must be a string, not a %s", key,
                  luaL_typename(L, -1));
    lua_pop(L, 1);
    return r;
}

static long long opt_int(lua_State *L, int t, const char *key, long long def, diag_list *d)
{
    lua_getfield(L, t, key);
    long long r = def;
    if (lua_isinteger(L, -1)) r = lua_tointeger(L, -1);
    else if (!lua_isnil(L, -1))
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "'%s' must be a whole number, not a %s", key,
                 luaL_typename(L, -1));
    lua_pop(L, 1);
    return r;
}

static int opt_bool(lua_State *L, int t, const char *key, int def, diag_list *d)
{
    lua_getfield(L, t, key);
    int r = def;
    if (lua_isboolean(L, -1)) r = lua_toboolean(L, -1);
    else if (!lua_isnil(L, -1))
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "'%s' must be true or false, not a %s", key,
                 luaL_typename(L, -1));
    lua_pop(L, 1);
    return r;
}

/* "+07:00" / "-05:30" / "UTC" -> minutes east of UTC; -1000000 if bad. */
static int parse_tz(const char *s)
{
    if (!strcmp(s, "UTC") || !strcmp(s, "Z")) return 0;
    if (!strcmp(s, "Asia/Ho_Chi_Minh") || !strcmp(s, "Asia/Bangkok")) return 420;
    int h, m;
    char sign;
    if (sscanf(s, "%c%2d:%2d", &sign, &h, &m) == 3 && (sign == '+' || sign == '-') &&
        h <= 14 && m < 60)
        return (sign == '-' ? -1 : 1) * (h * 60 + m);
    return -1000000;
}

static int lang_cmp(const void *a, const void *b)
{
    const site_lang *x = a, *y = b;
    return x->weight - y->weight;
}

/* languages = { { code = "vi", name = "...", weight = 1, root = true }, ... } */
static void read_languages(lua_State *L, int t, site_config *c, diag_list *d)
{
    lua_getfield(L, t, "languages");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        c->langs = calloc(1, sizeof *c->langs);
        c->n_langs = 1;
        c->langs[0].code = strdup("vi");
        c->langs[0].name = strdup("Tiếng Việt");
        c->langs[0].prefix = strdup("");
        return;
    }
    if (!lua_istable(L, -1)) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "'languages' must be a list of tables");
        lua_pop(L, 1);
        return;
    }
    size_t n = lua_rawlen(L, -1);
    c->langs = calloc(n ? n : 1, sizeof *c->langs);
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i + 1);
        int li = lua_gettop(L);
        if (!lua_istable(L, li)) {
            diag_add(d, DIAG_ERROR, CFG, 0, 0, "languages[%zu] must be a table", i + 1);
            lua_pop(L, 1);
            continue;
        }
        site_lang *l = &c->langs[c->n_langs++];
        l->code = opt_string(L, li, "code", NULL, d);
        if (!l->code || !*l->code) {
            diag_add(d, DIAG_ERROR, CFG, 0, 0, "languages[%zu] has no 'code'", i + 1);
            diag_hint(d, "write code = \"vi\" (an ISO 639-1 code)");
            free(l->code);
            l->code = strdup("xx");
        }
        l->name = opt_string(L, li, "name", l->code, d);
        l->title = opt_string(L, li, "title", NULL, d);
        l->weight = (int)opt_int(L, li, "weight", (long long)i + 1, d);
        int root = opt_bool(L, li, "root", i == 0, d);
        buf p = BUF_INIT;
        if (!root) buf_printf(&p, "/%s", l->code);
        l->prefix = buf_detach(&p, NULL);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (c->n_langs == 0)
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "'languages' is empty: declare at least one");
    qsort(c->langs, c->n_langs, sizeof *c->langs, lang_cmp);
    for (size_t i = 0; i < c->n_langs; i++)
        for (size_t j = i + 1; j < c->n_langs; j++) {
            if (!strcmp(c->langs[i].code, c->langs[j].code))
                diag_add(d, DIAG_ERROR, CFG, 0, 0, "language '%s' is declared twice",
                         c->langs[i].code);
            if (!strcmp(c->langs[i].prefix, c->langs[j].prefix))
                diag_add(d, DIAG_ERROR, CFG, 0, 0,
                         "languages '%s' and '%s' would both live at '%s/'",
                         c->langs[i].code, c->langs[j].code, c->langs[i].prefix);
        }
}

/* taxonomies = { sectors = { vi = "linh-vuc", en = "sectors" }, tags = "tags" } */
static void read_taxonomies(lua_State *L, int t, site_config *c, diag_list *d)
{
    lua_getfield(L, t, "taxonomies");
    if (lua_isnil(L, -1)) { lua_pop(L, 1); return; }
    if (!lua_istable(L, -1)) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "'taxonomies' must be a table");
        lua_pop(L, 1);
        return;
    }
    int tt = lua_gettop(L);
    /* Collect keys sorted so the build does not depend on table order. */
    size_t n = 0, cap = 8;
    char **keys = malloc(cap * sizeof *keys);
    lua_pushnil(L);
    while (lua_next(L, tt)) {
        if (lua_type(L, -2) == LUA_TSTRING) {
            if (n == cap) keys = realloc(keys, (cap *= 2) * sizeof *keys);
            keys[n++] = strdup(lua_tostring(L, -2));
        }
        lua_pop(L, 1);
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
            char *x = keys[j]; keys[j] = keys[j - 1]; keys[j - 1] = x;
        }
    c->taxos = calloc(n ? n : 1, sizeof *c->taxos);
    for (size_t i = 0; i < n; i++) {
        site_taxo *x = &c->taxos[c->n_taxos++];
        x->key = keys[i];
        x->segment = calloc(c->n_langs ? c->n_langs : 1, sizeof *x->segment);
        x->feeds = 1;
        lua_getfield(L, tt, keys[i]);
        for (size_t l = 0; l < c->n_langs; l++) {
            if (lua_type(L, -1) == LUA_TSTRING) {
                x->segment[l] = strdup(lua_tostring(L, -1));
            } else if (lua_istable(L, -1)) {
                lua_getfield(L, -1, c->langs[l].code);
                x->segment[l] = strdup(lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1)
                                                                       : keys[i]);
                lua_pop(L, 1);
            } else {
                x->segment[l] = strdup(keys[i]);
            }
        }
        if (lua_istable(L, -1)) x->feeds = opt_bool(L, lua_gettop(L), "feeds", 1, d);
        lua_pop(L, 1);
    }
    free(keys);
    lua_pop(L, 1);
}

/* permalinks = { ["tin-tuc"] = "/:section/:year/:slug/" } */
static void read_permalinks(lua_State *L, int t, site_config *c, diag_list *d)
{
    lua_getfield(L, t, "permalinks");
    if (lua_istable(L, -1)) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING) {
                c->permas = realloc(c->permas, (c->n_permas + 1) * sizeof *c->permas);
                c->permas[c->n_permas].section = strdup(lua_tostring(L, -2));
                c->permas[c->n_permas].pattern = strdup(lua_tostring(L, -1));
                c->n_permas++;
            } else {
                diag_add(d, DIAG_ERROR, CFG, 0, 0,
                         "'permalinks' maps section names to patterns (strings)");
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
}

/* Reads a search path (layout_path, static_path, i18n_path): a list of folders,
 * first wins, relative to the site. Default: the one folder def. */
static void read_path(lua_State *L, int t, const char *key, const char *def, char ***dirs,
                      size_t *n_dirs, diag_list *d)
{
    lua_getfield(L, t, key);
    if (lua_istable(L, -1)) {
        size_t n = lua_rawlen(L, -1);
        *dirs = calloc(n + 1, sizeof **dirs);
        for (size_t i = 0; i < n; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i + 1);
            if (lua_type(L, -1) == LUA_TSTRING)
                (*dirs)[(*n_dirs)++] = strdup(lua_tostring(L, -1));
            else
                diag_add(d, DIAG_ERROR, CFG, 0, 0, "'%s' must list folder names", key);
            lua_pop(L, 1);
        }
    } else if (!lua_isnil(L, -1)) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "'%s' must be a list of folders", key);
    }
    lua_pop(L, 1);
    if (!*n_dirs) {
        free(*dirs);
        *dirs = calloc(2, sizeof **dirs);
        (*dirs)[(*n_dirs)++] = strdup(def);
    }
}

static void split_base_url(site_config *c, diag_list *d)
{
    char *u = c->base_url;
    const char *scheme = strstr(u, "://");
    if (!scheme || (strncmp(u, "http://", 7) && strncmp(u, "https://", 8))) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "base_url \"%s\" must start with https:// or http://", u);
        diag_hint(d, "write base_url = \"https://example.org/\"");
        c->base_path = strdup("/");
        return;
    }
    const char *path = strchr(scheme + 3, '/');
    buf p = BUF_INIT;
    buf_puts(&p, path ? path : "/");
    if (p.data[p.len - 1] != '/') buf_putc(&p, '/');
    c->base_path = buf_detach(&p, NULL);
    if (path) u[path - u] = '\0';
}

static int output_cmp(const void *a, const void *b)
{
    const site_output *x = a, *y = b;
    int c = strcmp(x->section, y->section);
    if (c) return c;
    if (x->single != y->single) return x->single - y->single;
    return strcmp(x->ext, y->ext);
}

/* One list of extensions: { "geojson", "json" }. */
static void read_output_exts(lua_State *L, int lt, const char *section, int single,
                             site_config *c, diag_list *d)
{
    if (!lua_istable(L, lt)) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "outputs[\"%s\"] must be a list of extensions such as { \"geojson\" }",
                 section);
        return;
    }
    lua_Integer n = luaL_len(L, lt);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, lt, i);
        const char *e = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int ok = e && *e && strlen(e) <= 16 && strcmp(e, "html") != 0;
        for (const char *q = e; ok && *q; q++)
            if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9'))) ok = 0;
        if (!ok) {
            diag_add(d, DIAG_ERROR, CFG, 0, 0,
                     "outputs[\"%s\"]: \"%s\" is not a usable extension", section, e ? e : "?");
            diag_hint(d, "use lower-case letters and digits, such as \"geojson\"; html is always made");
        } else {
            site_output *o = realloc(c->outputs, (c->n_outputs + 1) * sizeof *o);
            if (o) {
                c->outputs = o;
                o[c->n_outputs++] = (site_output){ strdup(section), single, strdup(e) };
            }
        }
        lua_pop(L, 1);
    }
}

/* outputs = { ["diem-den"] = { "geojson" }, home = { list = { "json" }, single = {...} } } */
static void read_outputs(lua_State *L, int t, site_config *c, diag_list *d)
{
    lua_getfield(L, t, "outputs");
    int ot = lua_gettop(L);
    if (lua_istable(L, ot)) {
        lua_pushnil(L);
        while (lua_next(L, ot)) {
            const char *sec = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            int vt = lua_gettop(L);
            if (!sec || !*sec || strchr(sec, '/') || strstr(sec, "..")) {
                diag_add(d, DIAG_ERROR, CFG, 0, 0, "outputs: keys must be section names or \"home\"");
            } else if (lua_istable(L, vt) && (lua_getfield(L, vt, "list"), lua_getfield(L, vt, "single"),
                                              !lua_isnil(L, -1) || !lua_isnil(L, -2))) {
                if (!lua_isnil(L, vt + 1)) read_output_exts(L, vt + 1, sec, 0, c, d);
                if (!lua_isnil(L, vt + 2)) read_output_exts(L, vt + 2, sec, 1, c, d);
            } else {
                read_output_exts(L, vt, sec, 0, c, d);
            }
            lua_settop(L, vt - 1);
        }
        if (c->n_outputs) qsort(c->outputs, c->n_outputs, sizeof *c->outputs, output_cmp);
    } else if (!lua_isnil(L, ot)) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "'outputs' must be a table { [section] = { \"ext\", ... } }");
    }
    lua_settop(L, ot - 1);
}

/* search = false | { path = "search", shard_size = 65536, summary = 160 } */
static void read_search(lua_State *L, int t, site_config *c, diag_list *d)
{
    c->search = 1;
    c->search_shard = 65536;
    c->search_summary = 160;
    lua_getfield(L, t, "search");
    int st = lua_gettop(L);
    if (lua_isboolean(L, st)) {
        c->search = lua_toboolean(L, st);
    } else if (lua_istable(L, st)) {
        c->search = opt_bool(L, st, "enabled", 1, d);
        c->search_path = opt_string(L, st, "path", NULL, d);
        long long shard = opt_int(L, st, "shard_size", 65536, d);
        long long sum = opt_int(L, st, "summary", 160, d);
        if (shard < 256) {
            diag_add(d, DIAG_ERROR, CFG, 0, 0, "search.shard_size must be at least 256 (bytes), not %lld", shard);
        } else {
            c->search_shard = (size_t)shard;
        }
        if (sum < 0 || sum > 10000)
            diag_add(d, DIAG_ERROR, CFG, 0, 0, "search.summary must be from 0 to 10000 (characters), not %lld", sum);
        else
            c->search_summary = (int)sum;
    } else if (!lua_isnil(L, st)) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "'search' must be false or a table { path = ..., shard_size = ... }");
    }
    lua_settop(L, st - 1);
    if (!c->search_path) c->search_path = strdup("search");
    /* trailing slashes are allowed; the rest must be a folder inside the site */
    size_t n = strlen(c->search_path);
    while (n > 1 && c->search_path[n - 1] == '/') c->search_path[--n] = '\0';
    const char *p = c->search_path;
    if (!*p || p[0] == '/' || strstr(p, "..") || strchr(p, '\\') || strstr(p, "//")) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "search.path \"%s\" must be a folder inside the site", p);
        diag_hint(d, "write search = { path = \"search\" }");
    }
}

/* images = { widths = { 480, 800, 1200 }, quality = 80, webp = true } */
static void read_images(lua_State *L, int t, img_settings *im, diag_list *d)
{
    static const int DEF[] = { 480, 800, 1200 };
    im->n_widths = 3;
    memcpy(im->widths, DEF, sizeof DEF);
    im->quality = 80;
    im->webp = 1;
    lua_getfield(L, t, "images");
    int it = lua_gettop(L);
    if (lua_istable(L, it)) {
        im->quality = (int)opt_int(L, it, "quality", 80, d);
        im->webp = opt_bool(L, it, "webp", 1, d);
        if (im->quality < 1 || im->quality > 100)
            diag_add(d, DIAG_ERROR, CFG, 0, 0, "images.quality must be from 1 to 100, not %d", im->quality);
        lua_getfield(L, it, "widths");
        if (lua_istable(L, -1)) {
            lua_Integer n = luaL_len(L, -1);
            if (n < 1 || n > IMG_MAX_WIDTHS)
                diag_add(d, DIAG_ERROR, CFG, 0, 0, "images.widths must list 1 to %d widths", IMG_MAX_WIDTHS);
            im->n_widths = 0;
            for (lua_Integer i = 1; i <= n && i <= IMG_MAX_WIDTHS; i++) {
                lua_rawgeti(L, -1, i);
                lua_Integer w = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
                lua_pop(L, 1);
                if (w < 16 || w > 8192 || (im->n_widths && w <= im->widths[im->n_widths - 1])) {
                    diag_add(d, DIAG_ERROR, CFG, 0, 0,
                             "images.widths must be whole numbers from 16 to 8192, smallest first");
                    break;
                }
                im->widths[im->n_widths++] = (int)w;
            }
            if (!im->n_widths) { im->n_widths = 3; memcpy(im->widths, DEF, sizeof DEF); }
        } else if (!lua_isnil(L, -1)) {
            diag_add(d, DIAG_ERROR, CFG, 0, 0, "images.widths must be a list such as { 480, 800, 1200 }");
        }
        lua_pop(L, 1);
    } else if (!lua_isnil(L, it)) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "'images' must be a table { widths = {...}, quality = 80, webp = true }");
    }
    lua_settop(L, it - 1);
}

int site_config_load(site *s, diag_list *d)
{
    site_config *c = &s->cfg;
    memset(c, 0, sizeof *c);
    size_t before = diag_errors(d);
    lua_State *L = luax_new();
    if (!L) { diag_add(d, DIAG_ERROR, NULL, 0, 0, "out of memory"); return -1; }
    buf path = BUF_INIT;
    buf_printf(&path, "%s/site.lua", s->root);
    int rc = luax_run_file(L, buf_cstr(&path), CFG, d);
    buf_free(&path);
    if (rc < 0) { luax_close(L); return -1; }
    if (!lua_istable(L, -1)) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "site.lua must return a table, not a %s",
                 luaL_typename(L, -1));
        diag_hint(d, "end the file with: return { title = \"...\", base_url = \"...\" }");
        luax_close(L);
        return -1;
    }
    int t = lua_gettop(L);
    c->title = opt_string(L, t, "title", "", d);
    c->base_url = opt_string(L, t, "base_url", "http://localhost/", d);
    split_base_url(c, d);
    read_languages(L, t, c, d);
    read_taxonomies(L, t, c, d);
    read_permalinks(L, t, c, d);
    read_path(L, t, "layout_path", "layouts", &c->layout_dirs, &c->n_layout_dirs, d);
    read_path(L, t, "static_path", "static", &c->static_dirs, &c->n_static_dirs, d);
    read_path(L, t, "i18n_path", "i18n", &c->i18n_dirs, &c->n_i18n_dirs, d);
    read_outputs(L, t, c, d);
    read_search(L, t, c, d);
    read_images(L, t, &c->images, d);
    c->paginate = (int)opt_int(L, t, "paginate", 10, d);
    if (c->paginate < 1) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "'paginate' must be at least 1");
        c->paginate = 10;
    }
    char *tz = opt_string(L, t, "timezone", "+07:00", d);
    c->tz_minutes = tz ? parse_tz(tz) : 420;
    if (c->tz_minutes == -1000000) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "timezone \"%s\" is not understood", tz);
        diag_hint(d, "write an offset such as \"+07:00\"");
        c->tz_minutes = 420;
    }
    free(tz);
    char *slugs = opt_string(L, t, "slugs", "filename", d);
    if (slugs && !strcmp(slugs, "title")) c->slugs_from_title = 1;
    else if (slugs && strcmp(slugs, "filename"))
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "slugs must be \"filename\" or \"title\", not \"%s\"", slugs);
    free(slugs);
    char *untr = opt_string(L, t, "untranslated", "omit", d);
    if (untr && !strcmp(untr, "fallback")) c->untranslated = 1;
    else if (untr && strcmp(untr, "omit"))
        diag_add(d, DIAG_ERROR, CFG, 0, 0,
                 "untranslated must be \"omit\" or \"fallback\", not \"%s\"", untr);
    free(untr);
    c->sitemap = opt_bool(L, t, "sitemap", 1, d);
    lua_getfield(L, t, "redirects");
    if (lua_istable(L, -1)) {
        int rt = lua_gettop(L);
        c->redirects_file = opt_string(L, rt, "file", "_redirects", d);
        char *fmt = opt_string(L, rt, "format", "netlify", d);
        if (fmt && !strcmp(fmt, "nginx")) c->redirects_nginx = 1;
        else if (fmt && strcmp(fmt, "netlify"))
            diag_add(d, DIAG_ERROR, CFG, 0, 0,
                     "redirects.format must be \"netlify\" or \"nginx\", not \"%s\"", fmt);
        free(fmt);
        const char *f = c->redirects_file;
        if (f && (!*f || f[0] == '/' || strstr(f, "..") || strchr(f, '\\'))) {
            diag_add(d, DIAG_ERROR, CFG, 0, 0,
                     "redirects.file \"%s\" must be a file name inside the site", f);
            free(c->redirects_file);
            c->redirects_file = NULL;
        }
    } else if (!lua_isnil(L, -1)) {
        diag_add(d, DIAG_ERROR, CFG, 0, 0, "'redirects' must be a table { file = ..., format = ... }");
    }
    lua_pop(L, 1);
    lua_getfield(L, t, "feeds");
    if (lua_istable(L, -1)) {
        int ft = lua_gettop(L);
        c->feed_items = (int)opt_int(L, ft, "items", 20, d);
        c->feed_full = opt_bool(L, ft, "full_content", 0, d);
    } else {
        c->feed_items = 20;
    }
    lua_pop(L, 1);
    schema_load(L, t, &c->schemas, d);
    lua_getfield(L, t, "markdown");
    if (lua_istable(L, -1)) {
        int mt = lua_gettop(L);
        c->md.unsafe_html = opt_bool(L, mt, "unsafe_html", 0, d);
        c->md.smart = opt_bool(L, mt, "smart", 0, d);
        c->md.hard_breaks = opt_bool(L, mt, "hard_breaks", 0, d);
    }
    lua_pop(L, 1);
    luax_close(L);
    return diag_errors(d) > before ? -1 : 0;
}

void site_config_free(site_config *c)
{
    free(c->title);
    free(c->base_url);
    free(c->base_path);
    free(c->redirects_file);
    free(c->search_path);
    for (size_t i = 0; i < c->n_langs; i++) {
        free(c->langs[i].code);
        free(c->langs[i].name);
        free(c->langs[i].title);
        free(c->langs[i].prefix);
    }
    free(c->langs);
    for (size_t i = 0; i < c->n_taxos; i++) {
        for (size_t l = 0; l < c->n_langs; l++) free(c->taxos[i].segment[l]);
        free(c->taxos[i].segment);
        free(c->taxos[i].key);
    }
    free(c->taxos);
    for (size_t i = 0; i < c->n_permas; i++) {
        free(c->permas[i].section);
        free(c->permas[i].pattern);
    }
    free(c->permas);
    for (size_t i = 0; i < c->n_layout_dirs; i++) free(c->layout_dirs[i]);
    free(c->layout_dirs);
    for (size_t i = 0; i < c->n_static_dirs; i++) free(c->static_dirs[i]);
    free(c->static_dirs);
    for (size_t i = 0; i < c->n_i18n_dirs; i++) free(c->i18n_dirs[i]);
    free(c->i18n_dirs);
    for (size_t i = 0; i < c->n_outputs; i++) {
        free(c->outputs[i].section);
        free(c->outputs[i].ext);
    }
    free(c->outputs);
    schema_free(&c->schemas);
    memset(c, 0, sizeof *c);
}
