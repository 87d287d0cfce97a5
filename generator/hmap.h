/* hmap: a string -> pointer hash map (open addressing, FNV-1a). Keys are
 * borrowed: they must outlive the map. Not thread-safe for writes. */
#ifndef LT_HMAP_H
#define LT_HMAP_H
#include <stddef.h>
#include <stdint.h>

typedef struct hmap {
    const char **keys;
    void **vals;
    size_t cap;      /* power of two */
    size_t n;
    uint64_t *hashes;/* of each key: most probes end without a strcmp */
} hmap;

void hmap_init(hmap *m);
void hmap_free(hmap *m);
/* Inserts or replaces; returns the previous value or NULL. */
void *hmap_put(hmap *m, const char *key, void *val);
void *hmap_get(const hmap *m, const char *key);

#endif
