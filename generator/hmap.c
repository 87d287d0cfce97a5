/* hmap: string -> pointer hash map (see hmap.h). */
#include "hmap.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void hmap_init(hmap *m) { memset(m, 0, sizeof *m); }

void hmap_free(hmap *m)
{
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    hmap_init(m);
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ULL; }
    return h;
}

static size_t slot(const hmap *m, const char *key, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);
    while (m->keys[i] && (m->hashes[i] != h || strcmp(m->keys[i], key))) i = (i + 1) & (m->cap - 1);
    return i;
}

/* Doubles the table; on allocation failure the map keeps its old table. */
static int grow(hmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    hmap t = { calloc(cap, sizeof *t.keys), calloc(cap, sizeof *t.vals), cap, 0,
               calloc(cap, sizeof *t.hashes) };
    if (!t.keys || !t.vals || !t.hashes) { free(t.keys); free(t.vals); free(t.hashes); return -1; }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = slot(&t, m->keys[i], m->hashes[i]);
        t.keys[j] = m->keys[i];
        t.vals[j] = m->vals[i];
        t.hashes[j] = m->hashes[i];
        t.n++;
    }
    free(m->keys);
    free(m->vals);
    free(m->hashes);
    *m = t;
    return 0;
}

void *hmap_put(hmap *m, const char *key, void *val)
{
    /* at most half full: probes stay short */
    if ((m->n + 1) * 2 > m->cap && grow(m) < 0) return NULL;
    uint64_t h = hash(key);
    size_t i = slot(m, key, h);
    void *old = m->keys[i] ? m->vals[i] : NULL;
    if (!m->keys[i]) { m->keys[i] = key; m->hashes[i] = h; m->n++; }
    m->vals[i] = val;
    return old;
}

void *hmap_get(const hmap *m, const char *key)
{
    if (!m->cap) return NULL;
    size_t i = slot(m, key, hash(key));
    return m->keys[i] ? m->vals[i] : NULL;
}
