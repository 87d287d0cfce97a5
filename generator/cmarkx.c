/* cmarkx: cmark-gfm's special-character table, filled once (cmarkx.h). */
#include "cmarkx.h"
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

/* Set up once per process; not changed afterwards. */
static pthread_once_t cmarkx_once = PTHREAD_ONCE_INIT;
static int cmarkx_parallel;     /* written inside cmarkx_once only */
static int cmarkx_called;       /* our replacement ran (atomic) */

/* Replaces the library's function (see cmarkx.h): the table was filled by
 * cmarkx_init, and is never emptied again. */
void cmark_manage_extensions_special_characters(cmark_parser *parser, int add)
{
    (void)parser;
    (void)add;
    __atomic_store_n(&cmarkx_called, 1, __ATOMIC_RELAXED);
}

void cmarkx_attach(cmark_parser *p, int unsafe_html)
{
    static const char *const names[] = { "table", "strikethrough", "autolink", "tagfilter" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        /* tagfilter would mangle the raw HTML unsafe_html asks for */
        if (unsafe_html && !strcmp(names[i], "tagfilter")) continue;
        cmark_syntax_extension *e = cmark_find_syntax_extension(names[i]);
        if (e) cmark_parser_attach_syntax_extension(p, e);
    }
}

static void cmarkx_setup(void)
{
    cmark_gfm_core_extensions_ensure_registered();
    void *sym = dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
    void (*real)(cmark_parser *, int) = NULL;
    memcpy(&real, &sym, sizeof real < sizeof sym ? sizeof real : sizeof sym);
    if (!real || real == cmark_manage_extensions_special_characters) return;
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    if (!p) return;
    cmarkx_attach(p, 0);
    real(p, 1);
    /* A test parse: the library must call the replacement, else a parse
     * would still take the characters away and parsing needs a lock. */
    cmark_parser_feed(p, "~~a~~ www.a.vn\n", 15);
    cmark_node *doc = cmark_parser_finish(p);
    if (doc) cmark_node_free(doc);
    cmark_parser_free(p);
    cmarkx_parallel = __atomic_load_n(&cmarkx_called, __ATOMIC_RELAXED);
}

int cmarkx_init(void)
{
    pthread_once(&cmarkx_once, cmarkx_setup);
    return cmarkx_parallel;
}
