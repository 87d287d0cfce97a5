/* deps: recording what an output read (deps.h). */
#include "deps.h"
#include <stdlib.h>
#include <string.h>

int dep_rec_init(dep_rec *r, size_t n_pages)
{
    memset(r, 0, sizeof *r);
    r->n_pages = n_pages;
    r->stamp = calloc(n_pages ? n_pages * DEP_SLOTS : 1, sizeof *r->stamp);
    return r->stamp ? 0 : -1;
}

static void clear_extra(dep_rec *r)
{
    for (size_t i = 0; i < r->n_extra; i++) free(r->extra[i]);
    r->n_extra = 0;
}

void dep_rec_free(dep_rec *r)
{
    clear_extra(r);
    free(r->extra);
    free(r->stamp);
    free(r->items);
    buf_free(&r->named);
    memset(r, 0, sizeof *r);
}

void dep_begin(dep_rec *r)
{
    if (++r->gen == 0) {
        /* 2^32 outputs on one thread: start the stamps over */
        memset(r->stamp, 0, r->n_pages * DEP_SLOTS * sizeof *r->stamp);
        r->gen = 1;
    }
    r->n = 0;
    buf_reset(&r->named);
    r->named.failed = 0;
    r->n_named = 0;
    r->failed = 0;
    clear_extra(r);
}

void dep_page(dep_rec *r, size_t page_id, dep_slot slot)
{
    if (page_id >= r->n_pages) return;
    size_t k = page_id * DEP_SLOTS + slot;
    if (r->stamp[k] == r->gen) return;
    r->stamp[k] = r->gen;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        uint32_t *v = realloc(r->items, cap * sizeof *v);
        if (!v) { r->failed = 1; return; }
        r->items = v;
        r->cap = cap;
    }
    r->items[r->n++] = (uint32_t)k;
}

void dep_named(dep_rec *r, const char *name, uint64_t hash)
{
    size_t nl = strlen(name);
    for (size_t at = 0; at < r->named.len; ) {
        size_t l = strlen(r->named.data + at);
        if (l == nl && !memcmp(r->named.data + at, name, nl)) return;
        at += l + 1 + 8;
    }
    unsigned char h[8];
    for (int i = 0; i < 8; i++) h[i] = (unsigned char)(hash >> (8 * i));
    buf_put(&r->named, name, nl + 1);
    buf_put(&r->named, (const char *)h, 8);
    if (r->named.failed) r->failed = 1;
    else r->n_named++;
}

void dep_extra(dep_rec *r, const char *rel)
{
    for (size_t i = 0; i < r->n_extra; i++) if (!strcmp(r->extra[i], rel)) return;
    if (r->n_extra == r->cap_extra) {
        size_t cap = r->cap_extra ? r->cap_extra * 2 : 8;
        char **v = realloc(r->extra, cap * sizeof *v);
        if (!v) { r->failed = 1; return; }
        r->extra = v;
        r->cap_extra = cap;
    }
    char *c = strdup(rel);
    if (!c) { r->failed = 1; return; }
    r->extra[r->n_extra++] = c;
}
