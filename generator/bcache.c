/* bcache: reading and writing the build cache (bcache.h). */
#include "bcache.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fsx.h"
#include "incr.h"
#include "ser.h"
#include <xxhash.h>

#define BC_MAGIC "lotrinh-build-cache 3\n"
/* After the magic: a checksum (XXH3, 8 bytes) of everything that follows,
 * so a file damaged anywhere reads as no cache rather than as wrong facts. */
#define BC_SUM 8

char *bcache_path(const char *root, const char *dest_real)
{
    return incr_dest_file(root, dest_real, "build", "bin");
}

static void free_strs(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

void bcache_free(bcache *c)
{
    for (size_t i = 0; i < c->n_files; i++) free(c->files[i].src);
    for (size_t i = 0; i < c->n_pages; i++) {
        free(c->pages[i].key);
        free_strs(c->pages[i].link_src, c->pages[i].n_links);
    }
    for (size_t i = 0; i < c->n_outs; i++) free(c->outs[i].rel);
    for (size_t i = 0; i < c->n_aggs; i++) {
        free(c->aggs[i].name);
        free_strs(c->aggs[i].rels, c->aggs[i].n_rels);
    }
    free(c->files); free(c->pages); free(c->outs); free(c->aggs);
    hmap_free(&c->files_by_src);
    hmap_free(&c->pages_by_key);
    hmap_free(&c->outs_by_rel);
    hmap_free(&c->aggs_by_name);
    free(c->blob);
    memset(c, 0, sizeof *c);
}

/* Reads n strings into a new array (NULL strings are damage). */
static char **get_strs(ser_reader *r, size_t n)
{
    char **v = calloc(n ? n : 1, sizeof *v);
    if (!v) { r->bad = 1; return NULL; }
    for (size_t i = 0; i < n && !r->bad; i++) {
        v[i] = ser_get_str(r);
        if (!v[i]) r->bad = 1;
    }
    return v;
}

static int load_sections(bcache *c, ser_reader *r)
{
    c->global = ser_get_fixed64(r);
    c->stamp = ser_get_fixed64(r);
    c->n_files = ser_get_count(r, 8);
    c->files = calloc(c->n_files ? c->n_files : 1, sizeof *c->files);
    for (size_t i = 0; c->files && i < c->n_files && !r->bad; i++) {
        bc_file *f = &c->files[i];
        f->src = ser_get_str(r);
        f->sig = ser_get_fixed64(r);
        f->body_off = (size_t)ser_get_u64(r);
        f->body_len = (size_t)ser_get_u64(r);
        f->body_line = (int)ser_get_u64(r);
        f->verbatim = (int)ser_get_u64(r);
        f->fm = (const unsigned char *)ser_get_bytes(r, &f->fm_len);
        if (!f->src || !f->fm) r->bad = 1;
        else hmap_put(&c->files_by_src, f->src, f);
    }
    c->n_pages = ser_get_count(r, 8 * DEP_SLOTS);
    c->pages = calloc(c->n_pages ? c->n_pages : 1, sizeof *c->pages);
    for (size_t i = 0; c->pages && i < c->n_pages && !r->bad; i++) {
        bc_page *p = &c->pages[i];
        p->key = ser_get_str(r);
        for (int k = 0; k < DEP_SLOTS; k++) p->hash[k] = ser_get_fixed64(r);
        p->md_in = ser_get_fixed64(r);
        p->links = ser_get_fixed64(r);
        p->n_links = ser_get_count(r, 1);
        p->link_src = get_strs(r, p->n_links);
        if (!p->key) r->bad = 1;
        else hmap_put(&c->pages_by_key, p->key, (void *)(uintptr_t)(i + 1));
    }
    c->n_outs = ser_get_count(r, 2);
    c->outs = calloc(c->n_outs ? c->n_outs : 1, sizeof *c->outs);
    for (size_t i = 0; c->outs && i < c->n_outs && !r->bad; i++) {
        bc_output *o = &c->outs[i];
        o->rel = ser_get_str(r);
        o->rec = (const unsigned char *)ser_get_bytes(r, &o->rec_len);
        if (!o->rel || !o->rec) r->bad = 1;
        else hmap_put(&c->outs_by_rel, o->rel, o);
    }
    c->n_aggs = ser_get_count(r, 10);
    c->aggs = calloc(c->n_aggs ? c->n_aggs : 1, sizeof *c->aggs);
    for (size_t i = 0; c->aggs && i < c->n_aggs && !r->bad; i++) {
        bc_agg *a = &c->aggs[i];
        a->name = ser_get_str(r);
        a->hash = ser_get_fixed64(r);
        a->n_rels = ser_get_count(r, 1);
        a->rels = get_strs(r, a->n_rels);
        if (!a->name) r->bad = 1;
        else hmap_put(&c->aggs_by_name, a->name, a);
    }
    if (!c->files || !c->pages || !c->outs || !c->aggs) r->bad = 1;
    return r->bad || r->p != r->end ? -1 : 0;
}

void bcache_load(bcache *c, const char *path)
{
    memset(c, 0, sizeof *c);   /* zeroed maps are empty maps */
    buf text = BUF_INIT;
    if (fsx_read_tagged(path, BC_MAGIC, &text) < 0) return;
    c->blob = (unsigned char *)buf_detach(&text, &c->len);
    size_t at = sizeof BC_MAGIC - 1;
    ser_reader r;
    ser_reader_init(&r, c->blob + at, c->len - at);
    uint64_t sum = ser_get_fixed64(&r);
    int damaged = r.bad || sum != (incr_hash(c->blob + at + BC_SUM, c->len - at - BC_SUM) | 1);
    if (damaged || load_sections(c, &r) < 0) {
        bcache_free(c);   /* leaves it empty and not valid */
        return;
    }
    c->valid = 1;
}

void bc_writer_init(bc_writer *w) { memset(w, 0, sizeof *w); }

void bc_writer_free(bc_writer *w)
{
    buf_free(&w->files); buf_free(&w->pages); buf_free(&w->outs); buf_free(&w->aggs);
    memset(w, 0, sizeof *w);
}

void bc_put_file(bc_writer *w, const char *src, uint64_t sig, size_t body_off, size_t body_len,
                 int body_line, int verbatim, const void *fm, size_t fm_len)
{
    ser_str(&w->files, src);
    ser_fixed64(&w->files, sig);
    ser_u64(&w->files, body_off);
    ser_u64(&w->files, body_len);
    ser_u64(&w->files, (uint64_t)(body_line > 0 ? body_line : 0));
    ser_u64(&w->files, (uint64_t)(verbatim != 0));
    ser_bytes(&w->files, fm, fm_len);
    w->n_files++;
}

void bc_put_page(bc_writer *w, const char *key, const uint64_t hash[DEP_SLOTS], uint64_t md_in,
                 uint64_t links, char *const *link_src, size_t n_links)
{
    ser_str(&w->pages, key);
    for (int k = 0; k < DEP_SLOTS; k++) ser_fixed64(&w->pages, hash[k]);
    ser_fixed64(&w->pages, md_in);
    ser_fixed64(&w->pages, links);
    ser_u64(&w->pages, n_links);
    for (size_t i = 0; i < n_links; i++) ser_str(&w->pages, link_src[i]);
    w->n_pages++;
}

void bc_put_output(bc_writer *w, const char *rel, const void *rec, size_t rec_len)
{
    ser_str(&w->outs, rel);
    ser_bytes(&w->outs, rec, rec_len);
    w->n_outs++;
}

void bc_put_agg(bc_writer *w, const char *name, uint64_t hash, char *const *rels, size_t n_rels)
{
    ser_str(&w->aggs, name);
    ser_fixed64(&w->aggs, hash);
    ser_u64(&w->aggs, n_rels);
    for (size_t i = 0; i < n_rels; i++) ser_str(&w->aggs, rels[i]);
    w->n_aggs++;
}

int bc_save(bc_writer *w, const char *path, uint64_t global, uint64_t stamp)
{
    /* the sections are written as they are, each after its count */
    buf head = BUF_INIT, counts[4] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
    ser_fixed64(&head, global);
    ser_fixed64(&head, stamp);
    ser_u64(&counts[0], w->n_files);
    ser_u64(&counts[1], w->n_pages);
    ser_u64(&counts[2], w->n_outs);
    ser_u64(&counts[3], w->n_aggs);
    const buf *sec[4] = { &w->files, &w->pages, &w->outs, &w->aggs };
    int failed = head.failed;
    for (int i = 0; i < 4; i++) failed |= counts[i].failed || sec[i]->failed;
    /* the checksum of all that follows it, in the order written */
    uint64_t sum = 0;
    XXH3_state_t *x = failed ? NULL : XXH3_createState();
    if (x) {
        XXH3_64bits_reset(x);
        XXH3_64bits_update(x, head.data, head.len);
        for (int i = 0; i < 4; i++) {
            XXH3_64bits_update(x, counts[i].data, counts[i].len);
            if (sec[i]->len) XXH3_64bits_update(x, sec[i]->data, sec[i]->len);
        }
        sum = XXH3_64bits_digest(x) | 1;
        XXH3_freeState(x);
    }
    buf top = BUF_INIT;
    buf_puts(&top, BC_MAGIC);
    ser_fixed64(&top, sum);
    buf tmp = BUF_INIT;
    buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
    int rc = -1;
    FILE *f = failed || !x || top.failed ? NULL : fopen(buf_cstr(&tmp), "wb");
    if (f) {
        rc = fwrite(top.data, 1, top.len, f) == top.len && fwrite(head.data, 1, head.len, f) == head.len ? 0 : -1;
        for (int i = 0; i < 4 && rc == 0; i++) {
            if (fwrite(counts[i].data, 1, counts[i].len, f) != counts[i].len) rc = -1;
            if (sec[i]->len && fwrite(sec[i]->data, 1, sec[i]->len, f) != sec[i]->len) rc = -1;
        }
        if (fclose(f) != 0) rc = -1;
    }
    if (rc == 0) rc = rename(buf_cstr(&tmp), path);
    if (rc < 0) unlink(buf_cstr(&tmp));
    buf_free(&tmp);
    buf_free(&top);
    buf_free(&head);
    for (int i = 0; i < 4; i++) buf_free(&counts[i]);
    return rc;
}

/* Encoding of a record: first, as one length-prefixed part, what checking
 * it needs (items, then named inputs); then what keeping it needs (extra
 * files, warnings, search document). Each reader skips what it does not. */
void bc_rec_put(buf *b, const uint32_t *items, size_t n_items, const buf *named, size_t n_named,
                char *const *extra, size_t n_extra, const bc_warning *warn, size_t n_warn,
                const void *doc, size_t doc_len)
{
    buf c = BUF_INIT;
    ser_u64(&c, n_items);
    for (size_t i = 0; i < n_items; i++) ser_u64(&c, items[i]);
    ser_u64(&c, n_named);
    for (size_t at = 0, k = 0; k < n_named && named && at < named->len; k++) {
        size_t l = strlen(named->data + at);
        ser_bytes(&c, named->data + at, l);
        uint64_t h = 0;
        for (int i = 0; i < 8; i++) h |= (uint64_t)(unsigned char)named->data[at + l + 1 + i] << (8 * i);
        ser_fixed64(&c, h);
        at += l + 1 + 8;
    }
    ser_bytes(b, c.data ? c.data : "", c.len);
    if (c.failed) b->failed = 1;
    buf_free(&c);
    ser_u64(b, n_extra);
    for (size_t i = 0; i < n_extra; i++) ser_str(b, extra[i]);
    ser_u64(b, n_warn);
    for (size_t i = 0; i < n_warn; i++) {
        ser_str(b, warn[i].file);
        ser_u64(b, (uint64_t)(warn[i].line > 0 ? warn[i].line : 0));
        ser_u64(b, (uint64_t)(warn[i].col > 0 ? warn[i].col : 0));
        ser_str(b, warn[i].msg ? warn[i].msg : "");
        ser_str(b, warn[i].hint);
    }
    ser_bytes(b, doc ? doc : "", doc ? doc_len : 0);
}

void bc_rec_free(bc_rec *r)
{
    free(r->items);
    free_strs(r->names, r->n_named);
    free(r->named_hash);
    free_strs(r->extra, r->n_extra);
    for (size_t i = 0; r->warn && i < r->n_warn; i++) {
        free((char *)r->warn[i].file);
        free((char *)r->warn[i].msg);
        free((char *)r->warn[i].hint);
    }
    free(r->warn);
    memset(r, 0, sizeof *r);
}

/* Reads what keeping needs (extras, warnings, document) into o. */
static void get_keep(ser_reader *r, bc_rec *o)
{
    o->n_extra = ser_get_count(r, 1);
    o->extra = get_strs(r, o->n_extra);
    o->n_warn = ser_get_count(r, 4);
    o->warn = calloc(o->n_warn ? o->n_warn : 1, sizeof *o->warn);
    for (size_t i = 0; o->warn && i < o->n_warn && !r->bad; i++) {
        o->warn[i].file = ser_get_str(r);
        o->warn[i].line = (int)ser_get_u64(r);
        o->warn[i].col = (int)ser_get_u64(r);
        o->warn[i].msg = ser_get_str(r);
        o->warn[i].hint = ser_get_str(r);
        if (!o->warn[i].msg) r->bad = 1;
    }
    o->doc = (const unsigned char *)ser_get_bytes(r, &o->doc_len);
    if (!o->extra || !o->warn || !o->doc) r->bad = 1;
}

const unsigned char *bc_rec_check_part(const unsigned char *rec, size_t len, size_t *part_len)
{
    ser_reader r;
    ser_reader_init(&r, rec, len);
    const char *c = ser_get_bytes(&r, part_len);
    return r.bad ? NULL : (const unsigned char *)c;
}

int bc_rec_keep_part(const unsigned char *rec, size_t len, bc_rec *o)
{
    memset(o, 0, sizeof *o);
    ser_reader r;
    ser_reader_init(&r, rec, len);
    size_t n;
    ser_get_bytes(&r, &n);
    get_keep(&r, o);
    if (r.bad || r.p != r.end) { bc_rec_free(o); return -1; }
    return 0;
}

int bc_rec_get(const unsigned char *rec, size_t len, bc_rec *o)
{
    memset(o, 0, sizeof *o);
    size_t cl;
    const unsigned char *c = bc_rec_check_part(rec, len, &cl);
    if (!c || bc_rec_keep_part(rec, len, o) < 0) return -1;
    ser_reader r;
    ser_reader_init(&r, c, cl);
    o->n_items = ser_get_count(&r, 1);
    o->items = calloc(o->n_items ? o->n_items : 1, sizeof *o->items);
    for (size_t i = 0; o->items && i < o->n_items; i++) o->items[i] = ser_get_u64(&r);
    o->n_named = ser_get_count(&r, 9);
    o->names = calloc(o->n_named ? o->n_named : 1, sizeof *o->names);
    o->named_hash = calloc(o->n_named ? o->n_named : 1, sizeof *o->named_hash);
    for (size_t i = 0; o->names && o->named_hash && i < o->n_named && !r.bad; i++) {
        size_t n;
        const char *s = ser_get_bytes(&r, &n);
        o->names[i] = s ? strndup(s, n) : NULL;
        o->named_hash[i] = ser_get_fixed64(&r);
        if (!o->names[i]) r.bad = 1;
    }
    if (!o->items || !o->names || !o->named_hash) r.bad = 1;
    if (r.bad || r.p != r.end) { bc_rec_free(o); return -1; }
    return 0;
}
