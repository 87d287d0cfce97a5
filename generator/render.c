/* render: the Lua side of page rendering (see render.h). */
#include "render.h"
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include "feeds.h"
#include "fm.h"
#include "fsx.h"
#include "luax.h"
#include "md.h"
#include "slug.h"
#include "tpl.h"
#include "u8.h"
#include "incr.h"
#include <stddef.h>
#include <stdint.h>

extern const char lt_prelude[];

/* A layout name looked up along the layout path (cached per renderer). */
typedef struct found_layout {
    char *path;           /* NULL: no such layout */
    char *disp;           /* "layouts/_default/single.html" */
    uint64_t sig;         /* what the output depends on: path and file signature (0: none) */
} found_layout;

struct renderer {
    site *s;
    lua_State *L;
    diag_list *d;
    page *cur;            /* page being rendered (for messages) */
    img_store *images;    /* shared image sizes, or NULL (no output: no images) */
    int pages_ref;        /* registry ref: page tables by id+1, made on first use */
    int layouts_ref;      /* registry ref: name -> compiled function */
    int page_mt_ref;      /* registry ref: the metatable of page tables */
    int list_mt_ref;      /* registry ref: the metatable of page lists */
    int data_ref;         /* registry ref: the data folder as a table */
    size_t tables_made;   /* page tables made since the cache was last emptied */
    hmap found;           /* layout name -> found_layout* */
    dep_rec *deps;        /* what the current output reads, or NULL */
    hmap data_hash;       /* data key -> hash (uint64_t*), computed on first use */
};

/* Page tables a renderer keeps between outputs before it lets them go
 * (memory stays bounded whatever the number of pages). */
#define RENDER_TABLES_KEPT 65536

/* The renderer is reached from C functions through an upvalue. */
static renderer *self(lua_State *L) { return lua_touserdata(L, lua_upvalueindex(1)); }

/* ---------- layouts ---------- */

/* 1 if the last part of a layout name has an extension ("diem-den/list.geojson"). */
static int has_ext(const char *name)
{
    const char *base = strrchr(name, '/');
    return strchr(base ? base + 1 : name, '.') != NULL;
}

/* Finds layouts/<name>.html (or <name> when it has an extension) along the
 * layout path; malloc'd path, display name in *disp (malloc'd), or NULL. */
static char *find_layout(const site *s, const char *name, char **disp)
{
    const site_config *c = &s->cfg;
    for (size_t i = 0; i < c->n_layout_dirs; i++) {
        buf rel = BUF_INIT;
        buf_printf(&rel, "%s/%s%s", c->layout_dirs[i], name, has_ext(name) ? "" : ".html");
        char *full = fsx_join(s->root, buf_cstr(&rel));
        int k = fsx_kind(full);
        if (k == 2 || k == 3) {     /* a link outside is refused when read (push_layout) */
            *disp = buf_detach(&rel, NULL);
            return full;
        }
        free(full);
        buf_free(&rel);
    }
    return NULL;
}

/* What an output that used (or looked for) layout path/disp depends on. */
static uint64_t layout_sig(const char *path, const char *disp)
{
    if (!path) return 0;
    struct stat sb;
    uint64_t h = incr_hash(disp, strlen(disp) + 1);
    if (stat(path, &sb) == 0) {
        uint64_t f = site_file_sig(&sb);
        h = incr_mix(h, &f, sizeof f);
    }
    return h | 1;
}

uint64_t render_layout_sig(const site *s, const char *name)
{
    char *disp = NULL;
    char *path = find_layout(s, name, &disp);
    uint64_t h = layout_sig(path, disp);
    free(path);
    free(disp);
    return h;
}

int render_layout_exists(const site *s, const char *name)
{
    char *disp = NULL;
    char *path = find_layout(s, name, &disp);
    int found = path != NULL;
    free(disp);
    free(path);
    return found;
}

/* Looks name up once per renderer, and records that the output used it
 * (or that it was missing: adding it later changes the output). */
static const found_layout *lookup_layout(renderer *r, const char *name)
{
    found_layout *f = hmap_get(&r->found, name);
    if (!f) {
        f = calloc(1, sizeof *f);
        char *key = strdup(name);
        if (!f || !key) { free(f); free(key); return NULL; }
        f->path = find_layout(r->s, name, &f->disp);
        f->sig = layout_sig(f->path, f->disp);
        hmap_put(&r->found, key, f);
    }
    if (r->deps) {
        buf n = BUF_INIT;
        buf_printf(&n, "layout:%s", name);
        dep_named(r->deps, buf_cstr(&n), f->sig);
        buf_free(&n);
    }
    return f;
}

/* Pushes the compiled layout function for name (cached), or returns -1
 * leaving an error message on the stack. */
static int push_layout(renderer *r, const char *name)
{
    lua_State *L = r->L;
    for (const char *q = name; *q; q++)
        if ((q[0] == '.' && q[1] == '.') || *q == '\\') {
            lua_pushfstring(L, "layout name \"%s\" must stay inside the layouts folder", name);
            return -1;
        }
    const found_layout *f = lookup_layout(r, name);
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->layouts_ref);
    if (lua_getfield(L, -1, name) == LUA_TFUNCTION) { lua_remove(L, -2); return 0; }
    lua_pop(L, 1);
    if (!f || !f->path) {
        lua_pop(L, 1);
        lua_pushfstring(L, "no layout \"%s%s\" in the layout folders", name, has_ext(name) ? "" : ".html");
        return -1;
    }
    char *path = strdup(f->path), *disp = strdup(f->disp);
    if (!path || !disp) {
        free(path);
        free(disp);
        lua_pop(L, 1);
        lua_pushliteral(L, "out of memory");
        return -1;
    }
    /* A symbolic link must stay inside the site or the layout folder it is in. */
    if (fsx_kind(path) == 3 && !fsx_inside(r->s->root, path)) {
        char *dir = strdup(path);
        char *slash = dir ? strrchr(dir, '/') : NULL;
        if (slash) *slash = '\0';
        size_t up = 0;    /* "layouts/_default/x.html": the layout folder is 1 up from dir */
        for (const char *q = disp; *q; q++) up += *q == '/';
        for (size_t i = 1; slash && i < up && (slash = strrchr(dir, '/')); i++) *slash = '\0';
        int ok = dir && fsx_inside(dir, path);
        free(dir);
        if (!ok) {
            free(path);
            lua_pop(L, 1);
            lua_pushfstring(L, "%s: this symbolic link points outside the site; copy the layout "
                            "into the layouts folder instead", disp);
            free(disp);
            return -1;
        }
    }
    buf text = BUF_INIT, lua = BUF_INIT;
    int rc = fsx_read(path, &text);
    free(path);
    if (rc < 0) {
        lua_pop(L, 1);
        lua_pushfstring(L, "cannot read layout %s", disp);
        free(disp);
        buf_free(&text);
        return -1;
    }
    size_t bad;
    const char *src = buf_cstr(&text);
    size_t src_len = text.len;
    if (src_len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3)) { src += 3; src_len -= 3; }  /* a BOM */
    if (u8_validate(src, src_len, &bad) < 0) {
        int line, col;
        u8_line_col(src, bad, &line, &col);
        lua_pop(L, 1);
        buf m = BUF_INIT;
        if (src[bad] == '\0')
            buf_printf(&m, "%s:%d:%d: the layout contains a NUL byte", disp, line, col);
        else
            buf_printf(&m, "%s:%d:%d: the layout is not valid UTF-8 (byte 0x%02X); save it as UTF-8",
                       disp, line, col, (unsigned char)src[bad]);
        lua_pushstring(L, buf_cstr(&m));
        buf_free(&m);
        free(disp);
        buf_free(&text);
        return -1;
    }
    diag_list *tmp = diag_new();
    rc = tpl_compile(disp, src, src_len, &lua, tmp);
    buf_free(&text);
    if (rc < 0) {
        /* Syntax errors carry their own file:line:col; pass them through. */
        diag_merge(r->d, tmp);
        diag_free(tmp);
        lua_pop(L, 1);
        lua_pushfstring(L, "@layout-syntax");
        free(disp);
        buf_free(&lua);
        return -1;
    }
    diag_free(tmp);
    buf chunk = BUF_INIT;
    buf_printf(&chunk, "@%s", disp);
    free(disp);
    rc = luaL_loadbufferx(L, buf_cstr(&lua), lua.len, buf_cstr(&chunk), "t");
    buf_free(&chunk);
    buf_free(&lua);
    if (rc != LUA_OK) { lua_remove(L, -2); return -1; }
    /* The chunk's environment is the sandbox's globals (upvalue 1 = _ENV). */
    if (luax_pcall(L, 0, 1) < 0) { lua_remove(L, -2); return -1; }
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, name);
    lua_remove(L, -2);
    return 0;
}

static int l_layout(lua_State *L)
{
    renderer *r = self(L);
    const char *name = luaL_checkstring(L, 1);
    if (push_layout(r, name) < 0) return lua_error(L);
    return 1;
}

static int l_warn(lua_State *L)
{
    renderer *r = self(L);
    const char *msg = luaL_checkstring(L, 1);
    lua_Debug ar;
    int line = 0;
    const char *file = r->cur && r->cur->src ? r->cur->src : NULL;
    /* Report at the layout line that called the helper. */
    for (int lvl = 1; lua_getstack(L, lvl, &ar); lvl++) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.source[0] == '@' && strstr(ar.source, ".html")) {
            line = ar.currentline;
            diag_add(r->d, DIAG_WARNING, ar.source + 1, line, 0, "%s", msg);
            return 0;
        }
    }
    diag_add(r->d, DIAG_WARNING, file, 0, 0, "%s", msg);
    return 0;
}

/* escape_html(s): s with & < > " ' as entities; s itself when it has none. */
static int l_escape_html(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    size_t i = 0;
    while (i < n && s[i] != '&' && s[i] != '<' && s[i] != '>' && s[i] != '"' && s[i] != '\'') i++;
    if (i == n) { lua_settop(L, 1); return 1; }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addlstring(&b, s, i);
    for (; i < n; i++) {
        switch (s[i]) {
        case '&': luaL_addstring(&b, "&amp;"); break;
        case '<': luaL_addstring(&b, "&lt;"); break;
        case '>': luaL_addstring(&b, "&gt;"); break;
        case '"': luaL_addstring(&b, "&quot;"); break;
        case '\'': luaL_addstring(&b, "&#39;"); break;
        default: luaL_addchar(&b, s[i]);
        }
    }
    luaL_pushresult(&b);
    return 1;
}

static int l_slugify(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    buf b = BUF_INIT;
    slug_make(s, n, &b);
    lua_pushlstring(L, buf_cstr(&b), b.len);
    buf_free(&b);
    return 1;
}

static int l_fold(lua_State *L)
{
    size_t n, m;
    const char *s = luaL_checklstring(L, 1, &n);
    char *f = u8_fold(s, n, &m);
    if (!f) return luaL_error(L, "fold: text is not valid UTF-8");
    lua_pushlstring(L, f, m);
    free(f);
    return 1;
}

static int l_markdownify(lua_State *L)
{
    renderer *r = self(L);
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    md_result res = {0};
    diag_list *tmp = diag_new();
    int rc = md_render(r->cur && r->cur->src ? r->cur->src : "markdownify", s, n, 0,
                       &r->s->cfg.md, NULL, NULL, &res, tmp);
    diag_free(tmp);
    if (rc < 0) return luaL_error(L, "markdownify: the text has an unsafe or broken link");
    /* A single paragraph is returned without its <p> wrapper, as Hugo does. */
    const char *h = res.html;
    size_t hl = strlen(h);
    if (hl > 8 && !strncmp(h, "<p>", 3) && !strcmp(h + hl - 5, "</p>\n") &&
        !strstr(h + 3, "<p>"))
        lua_pushlstring(L, h + 3, hl - 8);
    else
        lua_pushstring(L, h);
    md_result_free(&res);
    return 1;
}

static void set_str(lua_State *L, const char *k, const char *v);

/* _image(name, page_id): the responsive sizes of a photo of a page bundle. */
static int l_image(lua_State *L)
{
    renderer *r = self(L);
    const char *name = luaL_checkstring(L, 1);
    const page *p = r->cur;
    if (lua_isinteger(L, 2)) {
        lua_Integer id = lua_tointeger(L, 2);
        if (id >= 0 && (size_t)id < r->s->n_pages) p = r->s->pages[id];
    }
    if (!p) return luaL_error(L, "image: no page");
    if (!r->images) return luaL_error(L, "image: images are only made during a build");
    const page *owner = p->fallback_of ? p->fallback_of : p;
    const page_res *res = NULL;
    for (size_t i = 0; i < owner->n_res && !res; i++)
        if (!strcmp(owner->res[i].name, name)) res = &owner->res[i];
    if (!res) {
        buf have = BUF_INIT;
        for (size_t i = 0; i < owner->n_res; i++)
            buf_printf(&have, "%s%s", i ? ", " : "", owner->res[i].name);
        luaL_where(L, 2);   /* the layout line that called image() */
        lua_pushfstring(L, "image: %s has no file \"%s\" in its bundle (it has: %s)",
                        owner->src ? owner->src : p->url, name, have.len ? buf_cstr(&have) : "none");
        lua_concat(L, 2);
        buf_free(&have);
        return lua_error(L);
    }
    char *path = fsx_join(r->s->root, res->src);
    char *url_dir = site_rel_url(r->s, p->url);
    if (r->deps) {
        /* the photo's bytes, and the files made from it, go with the output */
        struct stat sb;
        buf n = BUF_INIT;
        buf_printf(&n, "image:%s", res->src);
        dep_named(r->deps, buf_cstr(&n), stat(path, &sb) == 0 ? site_file_sig(&sb) | 1 : 0);
        buf_free(&n);
    }
    img_info info = {0};
    char *err = NULL;
    int rc = img_get(r->images, path, name, p->url + 1, url_dir, &info, &err);
    free(path);
    free(url_dir);
    if (rc < 0) {
        luaL_where(L, 2);
        lua_pushfstring(L, "image: %s", err ? err : "failed");
        lua_concat(L, 2);
        free(err);
        return lua_error(L);
    }
    for (size_t i = 0; r->deps && i < info.n_rels; i++) dep_extra(r->deps, info.rels[i]);
    lua_createtable(L, 0, 6);
    set_str(L, "src", info.src);
    set_str(L, "type", info.type);
    set_str(L, "srcset", info.srcset);
    if (info.webp_srcset) set_str(L, "webp_srcset", info.webp_srcset);
    lua_pushinteger(L, info.width); lua_setfield(L, -2, "width");
    lua_pushinteger(L, info.height); lua_setfield(L, -2, "height");
    img_info_free(&info);
    return 1;
}

void render_set_images(renderer *r, img_store *im) { r->images = im; }

/* ---------- page tables ----------
 *
 * A page is a Lua table made the first time a layout reaches it (lazily,
 * one per renderer): its own fields (title, url, dates, params...) are
 * plain fields; everything that costs memory or leads to other pages
 * (content, summary, pages, pager, translations, home, terms...) is
 * computed by page_index on first use and kept in the table's _c field.
 * Every access to those goes through page_index, and every page handed
 * out goes through push_page, so while an output is rendered the renderer
 * knows exactly which pages and slots it read (deps.h). */

static void dep(renderer *r, const page *p, dep_slot slot)
{
    if (r->deps) dep_page(r->deps, p->id, slot);
}

static void set_str(lua_State *L, const char *k, const char *v)
{
    if (!v) return;
    lua_pushstring(L, v);
    lua_setfield(L, -2, k);
}

static void make_page_table(renderer *r, const page *p);

/* Pushes p's table (made on first use) and records that the output read p. */
static void push_page(renderer *r, const page *p)
{
    lua_State *L = r->L;
    dep(r, p, DEP_META);
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->pages_ref);
    if (lua_rawgeti(L, -1, (lua_Integer)p->id + 1) == LUA_TNIL) {
        lua_pop(L, 1);
        make_page_table(r, p);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, (lua_Integer)p->id + 1);
        r->tables_made++;
    }
    lua_remove(L, -2);
}

/* A list of pages as layouts see it: a table with no items of its own
 * whose metatable hands out item i through push_page, so an output that
 * shows 20 items of a long list depends on those 20 only. */
static void push_page_list(renderer *r, page *const *v, size_t n)
{
    lua_State *L = r->L;
    lua_createtable(L, 0, 2);
    lua_pushlightuserdata(L, (void *)v);
    lua_setfield(L, -2, "_v");
    lua_pushinteger(L, (lua_Integer)n);
    lua_setfield(L, -2, "_n");
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->list_mt_ref);
    lua_setmetatable(L, -2);
}

/* The items of the page list at index idx. */
static page *const *list_items(lua_State *L, int idx, size_t *n)
{
    lua_getfield(L, idx, "_v");
    page *const *v = lua_touserdata(L, -1);
    lua_getfield(L, idx, "_n");
    *n = (size_t)lua_tointeger(L, -1);
    lua_pop(L, 2);
    return v;
}

static int list_index(lua_State *L)
{
    renderer *r = self(L);
    if (!lua_isinteger(L, 2)) return 0;
    lua_Integer i = lua_tointeger(L, 2);
    size_t n;
    page *const *v = list_items(L, 1, &n);
    if (i < 1 || (size_t)i > n || !v) return 0;
    push_page(r, v[i - 1]);
    return 1;
}

static int list_len(lua_State *L)
{
    size_t n;
    list_items(L, 1, &n);
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

static int list_next(lua_State *L)
{
    lua_Integer i = luaL_checkinteger(L, 2) + 1;
    lua_pushinteger(L, i);
    if (lua_geti(L, 1, i) == LUA_TNIL) return 1;
    return 2;
}

static int list_pairs(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    return 3;
}

/* Pushes a plain array of pages (short lists: translations, terms). */
static void push_array(renderer *r, page *const *v, size_t n)
{
    lua_createtable(r->L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        push_page(r, v[i]);
        lua_rawseti(r->L, -2, (lua_Integer)i + 1);
    }
}

/* Records every page of v[0..n) (a list already made, read again). */
static void dep_each(renderer *r, page *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++) if (v[i]) dep(r, v[i], DEP_META);
}

/* The pages whose feed links page p's layouts get: home, section, own list. */
static size_t feed_pages(const site *s, const page *p, const page *fp[3])
{
    const page *home = site_find_list(s, PAGE_HOME, p->lang, NULL);
    const page *sec = *p->section ? site_find_list(s, PAGE_SECTION, p->lang, p->section) : NULL;
    const page *self_list = p->pager_first ? p->pager_first : p;
    size_t n = 0;
    if (home && feeds_has_feed(s, home)) fp[n++] = home;
    if (sec && feeds_has_feed(s, sec)) fp[n++] = sec;
    if (feeds_has_feed(s, self_list) && self_list != home && self_list != sec) fp[n++] = self_list;
    return n;
}

/* The translations of p other than itself, in language order. */
static size_t trans_of(const site *s, const page *p, page **out)
{
    size_t n = 0;
    for (size_t l = 0; l < s->cfg.n_langs; l++)
        if (l != p->lang && p->trans[l]) out[n++] = p->trans[l];
    return n;
}

static void push_translations(renderer *r, const page *p)
{
    page *t[64];
    size_t n = trans_of(r->s, p, t);
    push_array(r, t, n);
}

/* hreflang alternates: every version including this one, then x-default */
static void push_alternates(renderer *r, const page *p)
{
    lua_State *L = r->L;
    const site *s = r->s;
    page *t[64];
    size_t n = trans_of(s, p, t);
    lua_newtable(L);
    if (n == 0 || p->fallback_of) return;   /* a fallback copy is not an alternate of anything */
    int k = 0;
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        const page *v = l == p->lang ? p : p->trans[l];
        if (!v) continue;
        lua_createtable(L, 0, 2);
        set_str(L, "hreflang", s->cfg.langs[l].code);
        char *abs = site_abs_url(s, v->url);
        set_str(L, "href", abs);
        free(abs);
        lua_rawseti(L, -2, ++k);
    }
    const page *def = p->trans[0] ? p->trans[0] : p;
    lua_createtable(L, 0, 2);
    set_str(L, "hreflang", "x-default");
    char *abs = site_abs_url(s, def->url);
    set_str(L, "href", abs);
    free(abs);
    lua_rawseti(L, -2, ++k);
}

static void push_feeds(renderer *r, const page *p)
{
    lua_State *L = r->L;
    const page *fp[3];
    size_t n = feed_pages(r->s, p, fp);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_createtable(L, 0, 2);
        buf fu = BUF_INIT;
        buf_printf(&fu, "%sindex.xml", fp[i]->url);
        char *rel = site_rel_url(r->s, buf_cstr(&fu));
        set_str(L, "url", rel);
        free(rel);
        buf_free(&fu);
        set_str(L, "title", fp[i]->title);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* The slice of kids that pager page p shows. */
static page *const *pager_slice(const site *s, const page *p, size_t *n)
{
    size_t per = site_per_pager(s, p);
    size_t from = (p->pager_no - 1) * per;
    size_t to = from + per < p->n_kids ? from + per : p->n_kids;
    *n = to > from ? to - from : 0;
    return p->kids ? p->kids + from : NULL;
}

static void push_pager(renderer *r, const page *p)
{
    lua_State *L = r->L;
    const site *s = r->s;
    lua_createtable(L, 0, 9);
    lua_pushinteger(L, (lua_Integer)site_per_pager(s, p)); lua_setfield(L, -2, "size");
    lua_pushinteger(L, (lua_Integer)p->pager_no); lua_setfield(L, -2, "number");
    lua_pushinteger(L, (lua_Integer)p->pager_total); lua_setfield(L, -2, "total");
    size_t n;
    page *const *v = pager_slice(s, p, &n);
    push_page_list(r, v, n);
    lua_setfield(L, -2, "pages");
    const page *first = p->pager_first ? p->pager_first : p;
    char *base = site_rel_url(s, first->url);
    buf b = BUF_INIT;
    if (p->pager_no > 1) {
        if (p->pager_no == 2) buf_puts(&b, base);
        else buf_printf(&b, "%spage/%zu/", base, p->pager_no - 1);
        set_str(L, "prev", buf_cstr(&b));
        buf_reset(&b);
    }
    if (p->pager_no < p->pager_total) {
        buf_printf(&b, "%spage/%zu/", base, p->pager_no + 1);
        set_str(L, "next", buf_cstr(&b));
        buf_reset(&b);
    }
    set_str(L, "first", base);
    if (p->pager_total > 1) buf_printf(&b, "%spage/%zu/", base, p->pager_total);
    else buf_puts(&b, base);
    set_str(L, "last", buf_cstr(&b));
    buf_free(&b);
    free(base);
}

/* terms of a regular page: page.terms.sectors = { term pages } */
static void push_terms(renderer *r, const page *p)
{
    lua_State *L = r->L;
    const site *s = r->s;
    lua_newtable(L);
    for (size_t t = 0; t < s->cfg.n_taxos; t++) {
        lua_newtable(L);
        int k = 0;
        for (size_t i = 0; i < p->n_terms; i++) {
            if (p->terms[i]->taxo != t) continue;
            push_page(r, p->terms[i]);
            lua_rawseti(L, -2, ++k);
        }
        lua_setfield(L, -2, s->cfg.taxos[t].key);
    }
}

/* Pushes a string of p's Markdown (NULL: ""), as safe HTML or as text. */
static int push_md_text(renderer *r, page *p, size_t field_off, int safe, int full)
{
    lua_State *L = r->L;
    const md_result *m = site_md(r->s, p, full, r->d);
    if (!m) return luaL_error(L, "%s: the page's Markdown has errors (see above)",
                              p->src ? p->src : p->url);
    const char *text = *(char *const *)((const char *)m + field_off);
    if (safe) lua_getglobal(L, "_safe");
    lua_pushstring(L, text ? text : "");
    site_md_unpin(r->s, p);
    if (safe) lua_call(L, 1, 1);
    return 1;
}

static int push_summary(renderer *r, page *p)
{
    lua_State *L = r->L;
    if (!p->summary_fm) return push_md_text(r, p, offsetof(md_result, summary_html), 1, 0);
    lua_getglobal(L, "_safe");
    buf b = BUF_INIT;
    buf_put_html(&b, p->summary_fm, strlen(p->summary_fm));
    lua_pushstring(L, buf_cstr(&b));
    buf_free(&b);
    lua_call(L, 1, 1);
    return 1;
}

static int push_md_number(renderer *r, page *p, int reading_time)
{
    const md_result *m = site_md(r->s, p, 0, r->d);
    if (!m) return luaL_error(r->L, "%s: the page's Markdown has errors (see above)",
                              p->src ? p->src : p->url);
    size_t wc = m->word_count;
    site_md_unpin(r->s, p);
    lua_pushinteger(r->L, (lua_Integer)(reading_time ? (wc + 199) / 200 : wc));
    return 1;
}

static void push_headings(renderer *r, page *p)
{
    lua_State *L = r->L;
    const md_result *m = site_md(r->s, p, 1, r->d);
    if (!m) { luaL_error(L, "%s: the page's Markdown has errors (see above)", p->src ? p->src : p->url); return; }
    lua_createtable(L, (int)m->n_headings, 0);
    for (size_t i = 0; i < m->n_headings; i++) {
        lua_createtable(L, 0, 3);
        lua_pushinteger(L, m->headings[i].level); lua_setfield(L, -2, "level");
        set_str(L, "id", m->headings[i].id);
        set_str(L, "text", m->headings[i].text);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    site_md_unpin(r->s, p);
}

/* Pushes one of p's own fields that page tables make on first use:
 * dates, params, resources, permalink. 0 (nothing pushed) if p has none. */
static int push_own_field(renderer *r, const page *p, const char *k)
{
    lua_State *L = r->L;
    const site *s = r->s;
    if (!strcmp(k, "params")) {
        if (p->fm) luax_push_val(L, p->fm, s->cfg.tz_minutes); else lua_newtable(L);
        return 1;
    }
    if (!strcmp(k, "permalink")) {
        char *a = site_abs_url(s, p->url);
        lua_pushstring(L, a);
        free(a);
        return 1;
    }
    if (!strcmp(k, "resources")) {
        lua_createtable(L, (int)p->n_res, 0);
        for (size_t i = 0; i < p->n_res; i++) {
            lua_createtable(L, 0, 4);
            set_str(L, "name", p->res[i].name);
            buf ru = BUF_INIT;
            buf_printf(&ru, "%s%s", p->url, p->res[i].name);
            char *rel = site_rel_url(s, buf_cstr(&ru));
            set_str(L, "url", rel);
            free(rel);
            buf_free(&ru);
            lua_pushinteger(L, p->res[i].size); lua_setfield(L, -2, "size");
            const char *dot = strrchr(p->res[i].name, '.');
            if (dot) {
                char ext[16] = {0};
                for (size_t j = 0; j < sizeof ext - 1 && dot[j + 1]; j++)
                    ext[j] = (char)(dot[j + 1] >= 'a' && dot[j + 1] <= 'z' ? dot[j + 1] - 32 : dot[j + 1]);
                set_str(L, "type", ext);
            }
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        return 1;
    }
    long long epoch = !strcmp(k, "date") ? p->date : !strcmp(k, "lastmod") ? p->lastmod
                    : !strcmp(k, "publish_date") ? p->publish : p->expiry;
    if (epoch < 0) return 0;
    luax_push_date(L, epoch, s->cfg.tz_minutes, 1);
    return 1;
}

/* Keeps the value on top of the stack in the page table's _c under key k. */
static void keep(lua_State *L, const char *k)
{
    lua_getfield(L, 1, "_c");
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, k);
    lua_pop(L, 1);
}

/* Pushes the kept value of key k; 0 (nothing pushed) if there is none. */
static int kept(lua_State *L, const char *k)
{
    lua_getfield(L, 1, "_c");
    if (lua_getfield(L, -1, k) == LUA_TNIL) { lua_pop(L, 2); return 0; }
    lua_remove(L, -2);
    return 1;
}

/* __index of page tables: the fields made on first use (see above). */
static int page_index(lua_State *L)
{
    renderer *r = self(L);
    if (lua_type(L, 2) != LUA_TSTRING) return 0;
    const char *k = lua_tostring(L, 2);
    lua_pushliteral(L, "_id");
    lua_rawget(L, 1);
    lua_Integer id = lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (id < 0 || (size_t)id >= r->s->n_pages) return 0;
    page *p = r->s->pages[id];
    const site *s = r->s;
    /* the page's own fields (FIELDS): those cheap to push, then those
     * that cost a table or an allocation (kept) */
    if (!strcmp(k, "title") || !strcmp(k, "description") || !strcmp(k, "slug") || !strcmp(k, "layout")) {
        dep(r, p, DEP_FIELDS);
        const char *v = k[0] == 't' ? p->title : k[0] == 'd' ? p->description : k[0] == 's' ? p->slug : p->layout;
        if (!v) return 0;
        lua_pushstring(L, v);
        return 1;
    }
    if (!strcmp(k, "weight")) { dep(r, p, DEP_FIELDS); lua_pushinteger(L, p->weight); return 1; }
    if (!strcmp(k, "draft")) { dep(r, p, DEP_FIELDS); lua_pushboolean(L, p->draft); return 1; }
    if (!strcmp(k, "date") || !strcmp(k, "lastmod") || !strcmp(k, "publish_date") ||
        !strcmp(k, "expiry_date") || !strcmp(k, "params") || !strcmp(k, "resources") ||
        !strcmp(k, "permalink")) {
        dep(r, p, k[0] == 'p' && k[1] == 'e' ? DEP_META : DEP_FIELDS);   /* permalink: the address */
        if (!kept(L, k)) {
            if (!push_own_field(r, p, k)) return 0;
            keep(L, k);
        }
        return 1;
    }
    if (!strcmp(k, "content") || !strcmp(k, "toc") || !strcmp(k, "plain")) {
        dep(r, p, DEP_CONTENT);
        if (k[0] == 'c') return push_md_text(r, p, offsetof(md_result, html), 1, 1);
        if (k[0] == 't') return push_md_text(r, p, offsetof(md_result, toc_html), 1, 1);
        return push_md_text(r, p, offsetof(md_result, plain), 0, SITE_NEED_PLAIN);
    }
    if (!strcmp(k, "word_count") || !strcmp(k, "reading_time")) {
        dep(r, p, DEP_CONTENT);
        return push_md_number(r, p, k[0] == 'r');
    }
    if (!strcmp(k, "headings")) {
        dep(r, p, DEP_CONTENT);
        if (!kept(L, k)) { push_headings(r, p); keep(L, k); }
        return 1;
    }
    if (!strcmp(k, "summary")) {
        dep(r, p, DEP_SUMMARY);
        if (!kept(L, k)) { push_summary(r, p); keep(L, k); }
        return 1;
    }
    if (!strcmp(k, "pages")) {
        dep(r, p, DEP_PAGES);
        if (!kept(L, k)) { push_page_list(r, p->kids, p->n_kids); keep(L, k); }
        return 1;
    }
    if (!strcmp(k, "pager")) {
        if (p->kind != PAGE_HOME && p->kind != PAGE_SECTION && p->kind != PAGE_TERM &&
            p->kind != PAGE_TAXONOMY) return 0;
        dep(r, p, DEP_PAGER);
        dep(r, p->pager_first ? p->pager_first : p, DEP_META);
        if (!kept(L, k)) { push_pager(r, p); keep(L, k); }
        return 1;
    }
    if (!strcmp(k, "translations") || !strcmp(k, "alternates")) {
        dep(r, p, DEP_TRANS);
        page *t[64];
        size_t n = trans_of(s, p, t);
        dep_each(r, t, n);
        if (p->trans[0]) dep(r, p->trans[0], DEP_META);
        if (!kept(L, k)) {
            if (k[0] == 't') push_translations(r, p); else push_alternates(r, p);
            keep(L, k);
        }
        return 1;
    }
    if (!strcmp(k, "home") || !strcmp(k, "section_page") || !strcmp(k, "target")) {
        const page *q = k[0] == 'h' ? site_find_list(s, PAGE_HOME, p->lang, NULL)
                      : k[0] == 's' ? (*p->section ? site_find_list(s, PAGE_SECTION, p->lang, p->section) : NULL)
                      : p->alias_of;
        dep(r, p, DEP_NAV);
        if (!q) return 0;
        push_page(r, q);
        return 1;
    }
    if (!strcmp(k, "feeds")) {
        dep(r, p, DEP_NAV);
        const page *fp[3];
        size_t n = feed_pages(s, p, fp);
        for (size_t i = 0; i < n; i++) { dep(r, fp[i], DEP_META); dep(r, fp[i], DEP_FIELDS); }
        if (!kept(L, k)) { push_feeds(r, p); keep(L, k); }
        return 1;
    }
    if (!strcmp(k, "terms")) {
        if (p->kind != PAGE_REGULAR || !s->cfg.n_taxos) return 0;
        dep(r, p, DEP_TERMS);
        dep_each(r, p->terms, p->n_terms);
        if (!kept(L, k)) { push_terms(r, p); keep(L, k); }
        return 1;
    }
    return 0;
}

/* A table per page with its own fields; the rest comes from page_index. */
static void make_page_table(renderer *r, const page *p)
{
    lua_State *L = r->L;
    const site *s = r->s;
    lua_createtable(L, 0, 32);
    lua_pushinteger(L, (lua_Integer)p->id); lua_setfield(L, -2, "_id");
    lua_newtable(L); lua_setfield(L, -2, "_c");
    set_str(L, "_kind", page_kind_name(p->kind));
    set_str(L, "kind", page_kind_name(p->kind));
    set_str(L, "src", p->src);
    set_str(L, "section", p->section);
    set_str(L, "type", p->type ? p->type : p->section);
    set_str(L, "lang", s->cfg.langs[p->lang].code);
    set_str(L, "path", p->url);
    char *u = site_rel_url(s, p->url);
    set_str(L, "url", u);
    free(u);
    lua_pushboolean(L, p->kind == PAGE_HOME); lua_setfield(L, -2, "is_home");
    lua_pushboolean(L, p->kind == PAGE_REGULAR); lua_setfield(L, -2, "is_page");
    lua_pushboolean(L, p->kind != PAGE_REGULAR && p->kind != PAGE_404 && p->kind != PAGE_ALIAS);
    lua_setfield(L, -2, "is_list");
    if (p->term) set_str(L, "term", p->term);
    if (p->fallback_of) {
        /* shown in this language's site, written in the original's language */
        set_str(L, "fallback", s->cfg.langs[p->fallback_of->lang].code);
        set_str(L, "src", p->fallback_of->src);
    }
    if (p->kind == PAGE_TERM || p->kind == PAGE_TAXONOMY)
        set_str(L, "taxonomy", s->cfg.taxos[p->taxo].key);
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->page_mt_ref);
    lua_setmetatable(L, -2);
}

/* Whether page p answers pages(kind, lang, section). */
static int page_matches(const site *s, const page *p, const char *kind, const char *lang,
                        const char *section)
{
    if (strcmp(page_kind_name(p->kind), kind) || p->pager_no != 1) return 0;
    if (lang && strcmp(s->cfg.langs[p->lang].code, lang)) return 0;
    return !section || !strcmp(p->section, section);
}

uint64_t render_pages_hash(const site *s, const char *kind, const char *lang, const char *section)
{
    uint64_t h = incr_hash("pages", 5);
    for (size_t i = 0; i < s->n_pages; i++)
        if (page_matches(s, s->pages[i], kind, lang, section))
            h = incr_mix(h, s->pages[i]->out, strlen(s->pages[i]->out) + 1);
    return h | 1;
}

/* _pages_of(kind, lang, section): pages of a kind (first pagers only), in
 * site order, optionally of one language and section. */
static int l_pages_of(lua_State *L)
{
    renderer *r = self(L);
    const char *kind = luaL_optstring(L, 1, "page");
    const char *lang = luaL_optstring(L, 2, NULL);
    const char *section = luaL_optstring(L, 3, NULL);
    lua_newtable(L);
    int n = 0;
    for (size_t i = 0; i < r->s->n_pages; i++) {
        const page *p = r->s->pages[i];
        if (!page_matches(r->s, p, kind, lang, section)) continue;
        push_page(r, p);
        lua_rawseti(L, -2, ++n);
    }
    if (r->deps) {
        buf name = BUF_INIT;
        buf_printf(&name, "pages:%s|%s|%s", kind, lang ? lang : "*", section ? section : "*");
        dep_named(r->deps, buf_cstr(&name), render_pages_hash(r->s, kind, lang, section));
        buf_free(&name);
    }
    return 1;
}

static int l_getpage(lua_State *L)
{
    renderer *r = self(L);
    const char *path = luaL_checkstring(L, 1);
    const char *lang = luaL_optstring(L, 2, r->s->cfg.langs[0].code);
    page *p = render_getpage(r->s, path, lang);
    if (r->deps) {
        buf name = BUF_INIT;
        buf_printf(&name, "getpage:%s|%s", path, lang);
        dep_named(r->deps, buf_cstr(&name), p ? incr_hash(p->out, strlen(p->out)) : 0);
        buf_free(&name);
    }
    if (!p) { lua_pushnil(L); return 1; }
    push_page(r, p);
    return 1;
}

page *render_getpage(const site *s, const char *path, const char *lang)
{
    buf b = BUF_INIT;
    if (strncmp(path, "content/", 8)) buf_puts(&b, "content/");
    buf_puts(&b, path);
    page *p = site_find_src(s, buf_cstr(&b));
    if (!p && b.len > 3 && !strcmp(b.data + b.len - 3, ".md")) {
        /* "x.md" -> "x.<lang>.md" */
        buf alt = BUF_INIT;
        buf_put(&alt, b.data, b.len - 3);
        buf_printf(&alt, ".%s.md", lang);
        p = site_find_src(s, buf_cstr(&alt));
        buf_free(&alt);
    }
    buf_free(&b);
    if (p && p->trans[0]) {
        for (size_t l = 0; l < s->cfg.n_langs; l++)
            if (!strcmp(s->cfg.langs[l].code, lang) && p->trans[l]) p = p->trans[l];
    }
    return p;
}

static void render_dep_data(renderer *r, const char *key);

/* data: a table that records which of its files an output reads. */
static int data_index(lua_State *L)
{
    renderer *r = self(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->data_ref);
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    if (r->deps && lua_type(L, 2) == LUA_TSTRING) render_dep_data(r, lua_tostring(L, 2));
    return 1;
}

static int data_pairs(lua_State *L)
{
    renderer *r = self(L);
    if (r->deps) render_dep_data(r, NULL);
    lua_getglobal(L, "next");
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->data_ref);
    lua_pushnil(L);
    return 3;
}

/* ---------- set-up ---------- */

static void reg(renderer *r, const char *name, lua_CFunction f)
{
    lua_pushlightuserdata(r->L, r);
    lua_pushcclosure(r->L, f, 1);
    lua_setglobal(r->L, name);
}

/* Reads i18n/<lang>.yaml of every folder of i18n_path into the global
 * i18n[lang]; for each key the first folder that defines it wins. */
static int load_i18n(renderer *r)
{
    lua_State *L = r->L;
    const site_config *c = &r->s->cfg;
    lua_newtable(L);
    for (size_t l = 0; l < c->n_langs; l++) {
        const char *code = c->langs[l].code;
        int have = 0;
        lua_newtable(L);
        int lt = lua_gettop(L);
        for (size_t i = 0; i < c->n_i18n_dirs; i++) {
            buf rel = BUF_INIT;
            buf_printf(&rel, "%s/%s.yaml", c->i18n_dirs[i], code);
            char *path = fsx_join(r->s->root, buf_cstr(&rel));
            buf text = BUF_INIT;
            char *dir = fsx_join(r->s->root, c->i18n_dirs[i]);
            /* a symbolic link must stay inside the site or its i18n folder */
            int escapes = fsx_kind(path) == 3 && !fsx_inside(r->s->root, path) &&
                          !(dir && fsx_inside(dir, path));
            free(dir);
            if (escapes) {
                have = 1;
                diag_add(r->d, DIAG_ERROR, buf_cstr(&rel), 0, 0,
                         "this symbolic link points outside the site");
                diag_hint(r->d, "copy the file into the i18n folder instead of linking to it");
            } else if (fsx_read(path, &text) == 0) {
                val *v = NULL;
                size_t bad;
                have = 1;
                if (u8_validate(buf_cstr(&text), text.len, &bad) < 0) {
                    int line, col;
                    u8_line_col(buf_cstr(&text), bad, &line, &col);
                    if (buf_cstr(&text)[bad] == '\0')
                        diag_add(r->d, DIAG_ERROR, buf_cstr(&rel), line, col,
                                 "the file contains a NUL byte");
                    else
                        diag_add(r->d, DIAG_ERROR, buf_cstr(&rel), line, col,
                                 "the file is not valid UTF-8 (byte 0x%02X)",
                                 (unsigned char)buf_cstr(&text)[bad]);
                    diag_hint(r->d, "save the file as UTF-8 in your editor");
                } else if (fm_parse_yaml(buf_cstr(&rel), buf_cstr(&text), text.len, 0, &v, r->d) == 0) {
                    if (v->kind != VAL_MAP && v->kind != VAL_NULL)
                        diag_add(r->d, DIAG_ERROR, buf_cstr(&rel), v->line, v->col,
                                 "an i18n file must map keys to strings");
                    if (v->kind == VAL_MAP) {
                        luax_push_val(L, v, c->tz_minutes);
                        lua_pushnil(L);
                        while (lua_next(L, -2)) {        /* key, value */
                            lua_pushvalue(L, -2);
                            lua_rawget(L, lt);
                            int absent = lua_isnil(L, -1);
                            lua_pop(L, 1);
                            if (absent) {
                                lua_pushvalue(L, -2);
                                lua_pushvalue(L, -2);
                                lua_rawset(L, lt);
                            }
                            lua_pop(L, 1);
                        }
                        lua_pop(L, 1);
                    }
                }
                val_free(v);
            }
            buf_free(&text);
            free(path);
            buf_free(&rel);
        }
        if (have) lua_setfield(L, -2, code);
        else lua_pop(L, 1);
    }
    lua_setglobal(L, "i18n");
    return 0;
}

renderer *render_new(site *s, diag_list *d)
{
    renderer *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->s = s;
    r->d = d;
    hmap_init(&r->found);
    hmap_init(&r->data_hash);
    r->L = luax_new();
    if (!r->L) { free(r); return NULL; }
    lua_State *L = r->L;
    /* C helpers first: the prelude refers to them. */
    reg(r, "_layout", l_layout);
    reg(r, "_warn", l_warn);
    reg(r, "_pages_of", l_pages_of);
    reg(r, "_getpage", l_getpage);
    reg(r, "_markdownify", l_markdownify);
    reg(r, "_image", l_image);
    reg(r, "slugify", l_slugify);
    reg(r, "_escape_html", l_escape_html);
    reg(r, "fold", l_fold);
    luax_push_date(L, s->now, s->cfg.tz_minutes, 1);
    lua_setglobal(L, "_build_date");
    if (luaL_loadbufferx(L, lt_prelude, strlen(lt_prelude), "@prelude.lua", "t") != LUA_OK ||
        luax_pcall(L, 0, 0) < 0) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, "internal: prelude failed: %s", lua_tostring(L, -1));
        render_free(r);
        return NULL;
    }
    lua_newtable(L);
    r->layouts_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    /* site: what site.lua returned, plus computed fields */
    char *cfg = fsx_join(s->root, "site.lua");
    int rc = luax_run_file(L, cfg, "site.lua", d);
    free(cfg);
    if (rc < 0 || !lua_istable(L, -1)) { render_free(r); return NULL; }
    int st = lua_gettop(L);
    set_str(L, "base_url", s->cfg.base_url);
    set_str(L, "base_path", s->cfg.base_path);
    set_str(L, "title", s->cfg.title);
    lua_pushinteger(L, s->cfg.paginate); lua_setfield(L, -2, "paginate");
    lua_getfield(L, st, "params");
    if (lua_isnil(L, -1)) { lua_pop(L, 1); lua_newtable(L); lua_setfield(L, st, "params"); }
    else lua_pop(L, 1);
    /* languages: list in weight order, each with code, name, title, url of its home */
    lua_newtable(L);
    for (size_t l = 0; l < s->cfg.n_langs; l++) {
        const site_lang *sl = &s->cfg.langs[l];
        /* start from the table site.lua gave, to keep extra fields (formats, menus) */
        lua_getfield(L, st, "languages");
        int found = 0;
        if (lua_istable(L, -1)) {
            for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
                lua_rawgeti(L, -1, i);
                lua_getfield(L, -1, "code");
                int same = lua_isstring(L, -1) && !strcmp(lua_tostring(L, -1), sl->code);
                lua_pop(L, 1);
                if (same) { found = 1; break; }
                lua_pop(L, 1);
            }
        }
        if (!found) lua_newtable(L);
        lua_remove(L, -2);
        set_str(L, "code", sl->code);
        set_str(L, "name", sl->name);
        set_str(L, "title", sl->title ? sl->title : s->cfg.title);
        buf hu = BUF_INIT;
        buf_printf(&hu, "%s/", sl->prefix);
        char *rel = site_rel_url(s, buf_cstr(&hu));
        set_str(L, "url", rel);
        free(rel);
        buf_free(&hu);
        lua_pushinteger(L, sl->weight); lua_setfield(L, -2, "weight");
        lua_rawseti(L, -2, (lua_Integer)l + 1);
    }
    lua_rawgeti(L, -1, 1);
    lua_setfield(L, st, "language");
    lua_setfield(L, st, "languages");
    /* data: the real table in the registry, layouts see a proxy that
     * records which files an output reads */
    luax_push_val(L, s->data, s->cfg.tz_minutes);
    r->data_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_newtable(L);
    lua_createtable(L, 0, 2);
    lua_pushlightuserdata(L, r); lua_pushcclosure(L, data_index, 1); lua_setfield(L, -2, "__index");
    lua_pushlightuserdata(L, r); lua_pushcclosure(L, data_pairs, 1); lua_setfield(L, -2, "__pairs");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, st, "data");
    lua_setglobal(L, "data");
    lua_setglobal(L, "site");
    load_i18n(r);
    /* page tables: made on first use (push_page), sharing one metatable */
    lua_newtable(L);
    r->pages_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_createtable(L, 0, 1);
    lua_pushlightuserdata(L, r); lua_pushcclosure(L, page_index, 1); lua_setfield(L, -2, "__index");
    r->page_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_createtable(L, 0, 3);
    lua_pushlightuserdata(L, r); lua_pushcclosure(L, list_index, 1); lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, list_len); lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, list_next); lua_pushcclosure(L, list_pairs, 1); lua_setfield(L, -2, "__pairs");
    r->list_mt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return r;
}

void render_record(renderer *r, dep_rec *rec) { r->deps = rec; }

void render_set_diag(renderer *r, diag_list *d) { r->d = d; }

/* The hash of data[key] (key NULL: all of data), as outputs depend on it. */
uint64_t render_data_hash(const site *s, const char *key)
{
    const val *v = key ? val_map_get(s->data, key) : s->data;
    return v ? val_hash(v) | 1 : 0;
}

static void render_dep_data(renderer *r, const char *key)
{
    const char *k = key ? key : "*";
    uint64_t *h = hmap_get(&r->data_hash, k);
    if (!h) {
        h = malloc(sizeof *h);
        char *kc = strdup(k);
        if (!h || !kc) { free(h); free(kc); if (r->deps) r->deps->failed = 1; return; }
        *h = render_data_hash(r->s, key);
        hmap_put(&r->data_hash, kc, h);
    }
    buf n = BUF_INIT;
    buf_printf(&n, "data:%s", k);
    dep_named(r->deps, buf_cstr(&n), *h);
    buf_free(&n);
}

void render_free(renderer *r)
{
    if (!r) return;
    if (r->L) luax_close(r->L);
    for (size_t i = 0; i < r->found.cap; i++) {
        found_layout *f = r->found.vals[i];
        if (!r->found.keys[i]) continue;
        free((char *)r->found.keys[i]);
        free(f->path);
        free(f->disp);
        free(f);
    }
    hmap_free(&r->found);
    for (size_t i = 0; i < r->data_hash.cap; i++) {
        if (!r->data_hash.keys[i]) continue;
        free((char *)r->data_hash.keys[i]);
        free(r->data_hash.vals[i]);
    }
    hmap_free(&r->data_hash);
    free(r);
}

/* Layout candidates in lookup order for p (Hugo-like). */
static size_t candidates(renderer *r, const page *p, const char *ext, char names[][160])
{
    size_t n = 0;
    const char *type = p->type ? p->type : p->section;
    const site *s = r->s;
#define ADD(...) snprintf(names[n++], 160, __VA_ARGS__)
    if (ext) {
        /* an extra output format: <type>/<kind>.<ext>, then _default/<kind>.<ext> */
        const char *kind = p->kind == PAGE_REGULAR ? "single" : "list";
        if (p->kind == PAGE_HOME) ADD("index.%s", ext);
        else if (*type) ADD("%s/%s.%s", type, kind, ext);
        ADD("_default/%s.%s", kind, ext);
        return n;
    }
    switch (p->kind) {
    case PAGE_REGULAR:
        if (p->layout) {
            if (*type) ADD("%s/%s", type, p->layout);
            ADD("_default/%s", p->layout);
        }
        if (*type) ADD("%s/single", type);
        ADD("_default/single");
        break;
    case PAGE_HOME:
        if (p->layout) ADD("_default/%s", p->layout);
        ADD("index");
        ADD("_default/list");
        break;
    case PAGE_SECTION:
        if (p->layout) {
            if (*type) ADD("%s/%s", type, p->layout);
            ADD("_default/%s", p->layout);
        }
        if (*type) ADD("%s/list", type);
        ADD("_default/list");
        break;
    case PAGE_TAXONOMY:
        ADD("%s/taxonomy", s->cfg.taxos[p->taxo].key);
        ADD("_default/taxonomy");
        ADD("_default/list");
        break;
    case PAGE_TERM:
        ADD("%s/term", s->cfg.taxos[p->taxo].key);
        ADD("_default/term");
        ADD("_default/list");
        break;
    case PAGE_404:
        ADD("404");
        break;
    case PAGE_ALIAS:
        ADD("alias");
        break;
    }
#undef ADD
    return n;
}

int render_page(renderer *r, page *p, buf *out) { return render_page_as(r, p, NULL, out); }

int render_page_as(renderer *r, page *p, const char *ext, buf *out)
{
    lua_State *L = r->L;
    r->cur = p;
    char names[8][160];
    size_t n = candidates(r, p, ext, names);
    const char *chosen = NULL;
    /* A layout named in front matter must exist: no silent fallback. */
    size_t named = !ext && p->layout && (p->kind == PAGE_REGULAR || p->kind == PAGE_SECTION)
                       ? (*(p->type ? p->type : p->section) ? 2 : 1) : 0;
    for (size_t i = 0; i < n && !chosen; i++) {
        if (named && i == named) break;
        const found_layout *f = lookup_layout(r, names[i]);
        if (f && f->path) chosen = names[i];
    }
    const char *who = p->src ? p->src : p->url;
    if (!chosen) {
        buf tried = BUF_INIT;
        size_t upto = named ? named : n;
        for (size_t i = 0; i < upto; i++)
            buf_printf(&tried, "%s%s%s", i ? ", " : "", names[i], ext ? "" : ".html");
        if (ext) {
            diag_add(r->d, DIAG_ERROR, "site.lua", 0, 0,
                     "outputs asks for %s of %s, but there is no layout for it (looked for %s)",
                     ext, p->url, buf_cstr(&tried));
        } else if (p->layout && p->src) {
            const val *lv = val_map_get(p->fm, "layout");
            diag_add(r->d, DIAG_ERROR, p->src, lv ? lv->line : 0, lv ? lv->col : 0,
                     "unknown layout \"%s\" (looked for %s)", p->layout, buf_cstr(&tried));
        } else {
            diag_add(r->d, DIAG_ERROR, who, 0, 0, "no layout for this %s page (looked for %s)",
                     page_kind_name(p->kind), buf_cstr(&tried));
        }
        diag_hint(r->d, "create one of those files under layouts/");
        buf_free(&tried);
        return -1;
    }
    int top = lua_gettop(L);
    if (r->tables_made > RENDER_TABLES_KEPT) {
        /* between outputs: let the collector take the pages made so far */
        lua_newtable(L);
        lua_rawseti(L, LUA_REGISTRYINDEX, r->pages_ref);
        r->tables_made = 0;
    }
    push_page(r, p);
    lua_setglobal(L, "page");
    if (push_layout(r, chosen) < 0) {
        const char *msg = lua_tostring(L, -1);
        if (msg && strcmp(msg, "@layout-syntax")) luax_report(r->d, msg, who);
        lua_settop(L, top);
        return -1;
    }
    lua_newtable(L);
    lua_pushnil(L);
    if (luax_pcall(L, 2, 1) < 0) {
        const char *msg = lua_tostring(L, -1);
        if (msg && strcmp(msg, "@layout-syntax")) luax_report(r->d, msg ? msg : "error", who);
        lua_settop(L, top);
        return -1;
    }
    /* a safe string: { html } */
    if (lua_istable(L, -1)) lua_rawgeti(L, -1, 1);
    size_t len;
    const char *html = lua_tolstring(L, -1, &len);
    if (html) buf_put(out, html, len);
    lua_settop(L, top);
    return 0;
}
