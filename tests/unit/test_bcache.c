/* Unit tests for deps.c (what an output read) and bcache.c (the build
 * cache): recording, record round trips, the cache file written and read
 * back, and damaged files that must read as no cache at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "t.h"
#include "bcache.h"
#include "deps.h"
#include "fsx.h"
#include "ser.h"

static void test_deps(void)
{
    dep_rec r;
    CHECK_INT(dep_rec_init(&r, 10), 0);
    dep_begin(&r);
    dep_page(&r, 3, DEP_META);
    dep_page(&r, 3, DEP_META);          /* twice: once */
    dep_page(&r, 3, DEP_SUMMARY);
    dep_page(&r, 9, DEP_PAGES);
    dep_page(&r, 10, DEP_META);         /* no such page: ignored */
    CHECK_INT(r.n, 3);
    CHECK_INT(r.items[0], 3 * DEP_SLOTS + DEP_META);
    CHECK_INT(r.items[1], 3 * DEP_SLOTS + DEP_SUMMARY);
    CHECK_INT(r.items[2], 9 * DEP_SLOTS + DEP_PAGES);
    dep_named(&r, "layout:_default/single", 0x1122334455667788ULL);
    dep_named(&r, "layout:_default/single", 7);     /* the first hash stays */
    dep_named(&r, "data:sectors", 5);
    CHECK_INT(r.n_named, 2);
    CHECK_STR(r.named.data, "layout:_default/single");
    CHECK_INT((unsigned char)r.named.data[strlen("layout:_default/single") + 1], 0x88);
    dep_extra(&r, "diem-den/x/a-480w.jpg");
    dep_extra(&r, "diem-den/x/a-480w.jpg");
    CHECK_INT(r.n_extra, 1);
    /* the next output starts empty, and the same page counts again */
    dep_begin(&r);
    CHECK_INT(r.n, 0);
    CHECK_INT(r.n_named, 0);
    CHECK_INT(r.n_extra, 0);
    dep_page(&r, 3, DEP_META);
    CHECK_INT(r.n, 1);
    dep_rec_free(&r);
}

/* A record of two items, two names, one extra file, a warning and a doc. */
static void make_record(buf *out)
{
    dep_rec r;
    dep_rec_init(&r, 100);
    dep_begin(&r);
    dep_page(&r, 42, DEP_FIELDS);
    dep_page(&r, 7, DEP_CONTENT);
    dep_named(&r, "layout:_default/baseof", 11);
    dep_named(&r, "pages:page|vi|tin-tuc", 12);
    dep_extra(&r, "diem-den/x/a-480w.webp");
    bc_warning w = { "layouts/_default/single.html", 4, 2, "no translation of 'x'", "add it" };
    bc_rec_put(out, r.items, r.n, &r.named, r.n_named, r.extra, r.n_extra, &w, 1, "DOC", 3);
    dep_rec_free(&r);
}

static void test_records(void)
{
    buf b = BUF_INIT;
    make_record(&b);
    CHECK(!b.failed);
    bc_rec r;
    CHECK_INT(bc_rec_get((const unsigned char *)b.data, b.len, &r), 0);
    CHECK_INT(r.n_items, 2);
    CHECK_INT(r.items[0], 42 * DEP_SLOTS + DEP_FIELDS);
    CHECK_INT(r.items[1], 7 * DEP_SLOTS + DEP_CONTENT);
    CHECK_INT(r.n_named, 2);
    CHECK_STR(r.names[1], "pages:page|vi|tin-tuc");
    CHECK_INT(r.named_hash[0], 11);
    CHECK_INT(r.named_hash[1], 12);
    CHECK_INT(r.n_extra, 1);
    CHECK_STR(r.extra[0], "diem-den/x/a-480w.webp");
    CHECK_INT(r.n_warn, 1);
    CHECK_STR(r.warn[0].file, "layouts/_default/single.html");
    CHECK_INT(r.warn[0].line, 4);
    CHECK_STR(r.warn[0].hint, "add it");
    CHECK_INT(r.doc_len, 3);
    CHECK(r.doc && !memcmp(r.doc, "DOC", 3));
    bc_rec_free(&r);
    /* keeping reads only the second part */
    CHECK_INT(bc_rec_keep_part((const unsigned char *)b.data, b.len, &r), 0);
    CHECK_INT(r.n_items, 0);
    CHECK_INT(r.n_extra, 1);
    CHECK_INT(r.doc_len, 3);
    bc_rec_free(&r);
    size_t cl;
    CHECK(bc_rec_check_part((const unsigned char *)b.data, b.len, &cl) != NULL);
    CHECK(cl > 0 && cl < b.len);
    /* every truncation and a trailing byte are damage */
    int all_bad = 1;
    for (size_t n = 0; n < b.len; n++)
        if (bc_rec_get((const unsigned char *)b.data, n, &r) == 0) { all_bad = 0; bc_rec_free(&r); }
    CHECK(all_bad);
    buf_putc(&b, 'x');
    CHECK_INT(bc_rec_get((const unsigned char *)b.data, b.len, &r), -1);
    buf_free(&b);
}

/* Writes a small cache to path. */
static void write_cache(const char *path)
{
    bc_writer w;
    bc_writer_init(&w);
    buf fm = BUF_INIT;
    val *m = val_new(VAL_MAP, 1, 1);
    val_map_set(m, "title", val_new_string("Họp báo", strlen("Họp báo"), 2, 8));
    ser_val(&fm, m);
    val_free(m);
    bc_put_file(&w, "content/tin-tuc/hop-bao.md", 99, 40, 120, 5, 1, fm.data, fm.len);
    uint64_t h[DEP_SLOTS];
    for (int k = 0; k < DEP_SLOTS; k++) h[k] = 100 + (uint64_t)k;
    char *links[] = { "content/ke-hoach/lo-trinh.md" };
    bc_put_page(&w, "tin-tuc/hop-bao/index.html", h, 77, 88, links, 1);
    bc_put_page(&w, "index.html", h, 0, 0, NULL, 0);
    buf rec = BUF_INIT;
    make_record(&rec);
    bc_put_output(&w, "tin-tuc/hop-bao/index.html", rec.data, rec.len);
    char *rels[] = { "sitemap.xml" };
    bc_put_agg(&w, "sitemap", 5555, rels, 1);
    CHECK_INT(bc_save(&w, path, 0xabcULL, 0xdefULL), 0);
    bc_writer_free(&w);
    buf_free(&rec);
    buf_free(&fm);
}

static void test_cache_file(void)
{
    char dir[] = "/tmp/lotrinh-test-bcache-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = fsx_join(dir, "build.bin");
    write_cache(path);
    bcache c;
    bcache_load(&c, path);
    CHECK(c.valid);
    CHECK_INT(c.global, 0xabc);
    CHECK_INT(c.stamp, 0xdef);
    const bc_file *f = hmap_get(&c.files_by_src, "content/tin-tuc/hop-bao.md");
    CHECK(f != NULL);
    if (f) {
        CHECK_INT(f->sig, 99);
        CHECK_INT(f->body_off, 40);
        CHECK_INT(f->body_line, 5);
        ser_reader r;
        ser_reader_init(&r, f->fm, f->fm_len);
        val *v = ser_get_val(&r);
        CHECK(v && !r.bad);
        CHECK_STR(v ? val_map_get(v, "title")->u.str.s : NULL, "Họp báo");
        val_free(v);
    }
    uintptr_t pi = (uintptr_t)hmap_get(&c.pages_by_key, "tin-tuc/hop-bao/index.html");
    CHECK_INT(pi, 1);
    if (pi) {
        CHECK_INT(c.pages[0].hash[DEP_TERMS], 100 + DEP_TERMS);
        CHECK_INT(c.pages[0].md_in, 77);
        CHECK_INT(c.pages[0].n_links, 1);
        CHECK_STR(c.pages[0].link_src[0], "content/ke-hoach/lo-trinh.md");
    }
    CHECK_INT(c.n_pages, 2);
    const bc_output *o = hmap_get(&c.outs_by_rel, "tin-tuc/hop-bao/index.html");
    bc_rec r;
    CHECK(o && bc_rec_get(o->rec, o->rec_len, &r) == 0);
    if (o) { CHECK_INT(r.n_items, 2); bc_rec_free(&r); }
    const bc_agg *a = hmap_get(&c.aggs_by_name, "sitemap");
    CHECK(a && a->hash == 5555 && a->n_rels == 1 && !strcmp(a->rels[0], "sitemap.xml"));
    size_t len = c.len;
    bcache_free(&c);

    /* damaged: any truncation, a foreign file, a missing one */
    buf whole = BUF_INIT;
    fsx_read(path, &whole);
    int all_invalid = 1;
    for (size_t n = 0; n < len; n += 7) {
        fsx_write(path, whole.data, n);
        bcache_load(&c, path);
        if (c.valid) all_invalid = 0;
        bcache_free(&c);
    }
    CHECK(all_invalid);
    /* any byte changed: the checksum says so */
    all_invalid = 1;
    for (size_t at = 0; at < len; at += 13) {
        char *copy = malloc(len);
        memcpy(copy, whole.data, len);
        copy[at] ^= 0x20;
        fsx_write(path, copy, len);
        free(copy);
        bcache_load(&c, path);
        if (c.valid) all_invalid = 0;
        bcache_free(&c);
    }
    CHECK(all_invalid);
    fsx_write(path, whole.data, len);   /* and the file as written is fine */
    bcache_load(&c, path);
    CHECK(c.valid);
    bcache_free(&c);
    fsx_write(path, "lotrinh-build-cache 1\n", 22);   /* another version */
    bcache_load(&c, path);
    CHECK(!c.valid);
    bcache_free(&c);
    unlink(path);
    bcache_load(&c, path);
    CHECK(!c.valid);
    bcache_free(&c);
    buf_free(&whole);
    char *p2 = bcache_path("/site", "/site/public");
    CHECK_CONTAINS(p2, "/site/.lotrinh-cache/build-");
    free(p2);
    free(path);
    rmdir(dir);
}

int main(void)
{
    test_deps();
    test_records();
    test_cache_file();
    return t_done();
}
