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
    hmap_init(m);
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ULL; }
    return h;
}

static size_t slot(const hmap *m, const char *key)
{
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key)) i = (i + 1) & (m->cap - 1);
    return i;
}

/* Doubles the table; on allocation failure the map keeps its old table. */
static int grow(hmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    hmap t = { calloc(cap, sizeof *t.keys), calloc(cap, sizeof *t.vals), cap, 0 };
    if (!t.keys || !t.vals) { free(t.keys); free(t.vals); return -1; }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = slot(&t, m->keys[i]);
        t.keys[j] = m->keys[i];
        t.vals[j] = m->vals[i];
        t.n++;
    }
    free(m->keys);
    free(m->vals);
    *m = t;
    return 0;
}

void *hmap_put(hmap *m, const char *key, void *val)
{
    if ((m->n + 1) * 4 > m->cap * 3 && grow(m) < 0) return NULL;
    size_t i = slot(m, key);
    void *old = m->keys[i] ? m->vals[i] : NULL;
    if (!m->keys[i]) { m->keys[i] = key; m->n++; }
    m->vals[i] = val;
    return old;
}

void *hmap_get(const hmap *m, const char *key)
{
    if (!m->cap) return NULL;
    size_t i = slot(m, key);
    return m->keys[i] ? m->vals[i] : NULL;
}
