/* bcache: the build cache of one destination, beside its manifest
 * (.lotrinh-cache/build-<hash>.bin). It says, for the last build that
 * made the destination:
 *   - each content file as it was read (size/time/inode signature, front
 *     matter, where its body is), so unchanged files are not read again;
 *   - each page (by its output path) with the hash of each of its slots
 *     (deps.h), what its Markdown was made from and the sources it links to;
 *   - each output file with its record: the pages and slots it read, its
 *     named inputs (layouts, data, queries...) and their hashes, the other
 *     files it wrote (image sizes), its warnings and its search document;
 *   - each aggregate (a feed, the sitemap, the search index) with the hash
 *     of its inputs and the files it wrote.
 * Encoded with ser.h. A damaged or foreign file is simply not valid. */
#ifndef LT_BCACHE_H
#define LT_BCACHE_H
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "deps.h"
#include "hmap.h"

typedef struct bc_file {
    char *src;
    uint64_t sig;
    size_t body_off, body_len;
    int body_line, verbatim;
    const unsigned char *fm;     /* its front matter, ser_val encoded (into blob) */
    size_t fm_len;
} bc_file;

typedef struct bc_page {
    char *key;                   /* output path */
    uint64_t hash[DEP_SLOTS];
    uint64_t md_in;              /* what its Markdown was made from (0: none) */
    uint64_t links;              /* the URLs its .md links resolved to */
    char **link_src;             /* their sources */
    size_t n_links;
} bc_page;

typedef struct bc_output {
    char *rel;
    const unsigned char *rec;    /* its record (bc_rec_*), into blob */
    size_t rec_len;
} bc_output;

typedef struct bc_agg {
    char *name;
    uint64_t hash;
    char **rels;
    size_t n_rels;
} bc_agg;

typedef struct bcache {
    int valid;
    uint64_t global;             /* what every output depends on (site.lua, i18n, options...) */
    uint64_t stamp;              /* the manifest this cache goes with */
    unsigned char *blob;
    size_t len;
    bc_file *files;   size_t n_files;  hmap files_by_src;  /* -> bc_file* */
    bc_page *pages;   size_t n_pages;  hmap pages_by_key;  /* -> index + 1 */
    bc_output *outs;  size_t n_outs;   hmap outs_by_rel;   /* -> bc_output* */
    bc_agg *aggs;     size_t n_aggs;   hmap aggs_by_name;  /* -> bc_agg* */
} bcache;

/* The cache file of a destination: <root>/.lotrinh-cache/build-<hash>.bin */
char *bcache_path(const char *root, const char *dest_real);
/* Reads path (c->valid = 0 when missing, damaged or of another version). */
void bcache_load(bcache *c, const char *path);
void bcache_free(bcache *c);

/* Writing a new cache, section by section, then bc_save. */
typedef struct bc_writer {
    buf files, pages, outs, aggs;
    size_t n_files, n_pages, n_outs, n_aggs;
} bc_writer;

void bc_writer_init(bc_writer *w);
void bc_writer_free(bc_writer *w);
void bc_put_file(bc_writer *w, const char *src, uint64_t sig, size_t body_off, size_t body_len,
                 int body_line, int verbatim, const void *fm, size_t fm_len);
void bc_put_page(bc_writer *w, const char *key, const uint64_t hash[DEP_SLOTS], uint64_t md_in,
                 uint64_t links, char *const *link_src, size_t n_links);
void bc_put_output(bc_writer *w, const char *rel, const void *rec, size_t rec_len);
void bc_put_agg(bc_writer *w, const char *name, uint64_t hash, char *const *rels, size_t n_rels);
/* Writes the cache to a temporary file renamed over path. 0 or -1. */
int bc_save(bc_writer *w, const char *path, uint64_t global, uint64_t stamp);

/* Output records. Items are page_index * DEP_SLOTS + slot, the index being
 * into the pages section of the same cache. */
typedef struct bc_warning {
    const char *file;            /* NULL: none */
    int line, col;
    const char *msg, *hint;
} bc_warning;

/* Writes a record: items, named inputs (dep_rec's encoding: name '\0'
 * 8-byte hash), extra files, warnings, and the search document (NULL:
 * none; an encoded search_doc otherwise). */
void bc_rec_put(buf *b, const uint32_t *items, size_t n_items, const buf *named, size_t n_named,
                char *const *extra, size_t n_extra, const bc_warning *warn, size_t n_warn,
                const void *doc, size_t doc_len);

/* A record read back. Pointers go into the record (strings are copied). */
typedef struct bc_rec {
    uint64_t *items;   size_t n_items;
    char **names;      uint64_t *named_hash; size_t n_named;
    char **extra;      size_t n_extra;
    bc_warning *warn;  size_t n_warn;
    const unsigned char *doc; size_t doc_len;   /* 0: none */
} bc_rec;

int bc_rec_get(const unsigned char *rec, size_t len, bc_rec *out);   /* 0 or -1 (damage) */
/* The part of a record that checking reads (items, named inputs), as
 * encoded (bc_rec_put); NULL on damage. */
const unsigned char *bc_rec_check_part(const unsigned char *rec, size_t len, size_t *part_len);
/* Reads only what keeping the output needs: extra files, warnings,
 * document (items and names are left empty). 0 or -1. */
int bc_rec_keep_part(const unsigned char *rec, size_t len, bc_rec *out);
void bc_rec_free(bc_rec *r);

#endif
