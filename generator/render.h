/* render: Lua layouts -> HTML. One renderer per thread, each with its own
 * Lua state holding the compiled layouts and a table per page. */
#ifndef LT_RENDER_H
#define LT_RENDER_H
#include "site.h"
#include "buf.h"
#include "diag.h"
#include "deps.h"

typedef struct renderer renderer;

/* Builds a renderer for s (runs site.lua, loads i18n/ and the prelude).
 * serve: inject nothing yet; reserved. NULL with diagnostics on error. */
renderer *render_new(site *s, diag_list *d);
void render_free(renderer *r);

/* Lets layouts call image(): sizes are made through im (shared). */
void render_set_images(renderer *r, img_store *im);

/* Renders page p into out. Returns 0, or -1 with a diagnostic naming the
 * layout file and line and the page. */
int render_page(renderer *r, page *p, buf *out);

/* Renders page p in the extra output format ext (site.lua outputs) with
 * layouts/<type>/<single|list>.<ext>; ext NULL is HTML. */
int render_page_as(renderer *r, page *p, const char *ext, buf *out);

/* 1 if layouts/<name>.html exists along the layout path. */
int render_layout_exists(const site *s, const char *name);

/* Records in rec what the renders that follow read (NULL: stop). The
 * caller calls dep_begin(rec) before each output. */
void render_record(renderer *r, dep_rec *rec);
/* Where the renders that follow report errors and warnings. */
void render_set_diag(renderer *r, diag_list *d);

/* How named dependencies (deps.h) are evaluated, the same way while
 * rendering and when the next build checks them: */
/* "layout:NAME": the layout file found for NAME, 0 when there is none. */
uint64_t render_layout_sig(const site *s, const char *name);
/* "data:KEY": data[KEY]'s contents (KEY NULL: all of data), 0 if absent. */
uint64_t render_data_hash(const site *s, const char *key);
/* "pages:KIND|LANG|SECTION": which pages pages() gives (LANG, SECTION NULL: any). */
uint64_t render_pages_hash(const site *s, const char *kind, const char *lang, const char *section);
/* getpage(path, lang) as layouts call it. */
page *render_getpage(const site *s, const char *path, const char *lang);


#endif
