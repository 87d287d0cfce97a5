/* incr: the build manifest (see incr.h). */
#include "incr.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include "buf.h"
#include "fsx.h"

#define MAGIC "lotrinh-manifest 1\n"

/* XXH3 (libxxhash): many GB/s, so hashing every output costs little. */
uint64_t incr_mix(uint64_t h, const void *p, size_t n) { return XXH3_64bits_withSeed(p, n, h); }

uint64_t incr_hash(const void *p, size_t n) { return XXH3_64bits(p, n); }

char *incr_dest_file(const char *root, const char *dest_real, const char *prefix, const char *ext)
{
    buf b = BUF_INIT;
    buf_printf(&b, ".lotrinh-cache/%s-%016llx.%s", prefix,
               (unsigned long long)incr_hash(dest_real, strlen(dest_real)), ext);
    char *p = fsx_join(root, buf_cstr(&b));
    buf_free(&b);
    return p;
}

char *incr_manifest_path(const char *root, const char *dest_real)
{
    return incr_dest_file(root, dest_real, "out", "txt");
}

ino_t incr_ino(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) ? st.st_ino : 0;
}

void incr_free(incr_manifest *m)
{
    hmap_free(&m->files);
    hmap_free(&m->changed);
    free(m->blob);
    memset(m, 0, sizeof *m);
}

/* 16 lower-case hex digits at s into *v. */
static int hex16(const char *s, uint64_t *v)
{
    uint64_t x = 0;
    for (int i = 0; i < 16; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return 0;
        x = x << 4 | (uint64_t)d;
    }
    *v = x;
    return 1;
}

/* Appends "f <16 hex digits> path\n" (incr_save's file lines). */
static void put_file_line(buf *b, uint64_t h, const char *path)
{
    char line[19];
    line[0] = 'f';
    line[1] = ' ';
    for (int i = 0; i < 16; i++) line[2 + i] = "0123456789abcdef"[(h >> (60 - 4 * i)) & 15];
    line[18] = ' ';
    buf_put(b, line, sizeof line);
    buf_puts(b, path);
    buf_putc(b, '\n');
}

void incr_load(incr_manifest *m, const char *path)
{
    memset(m, 0, sizeof *m);
    hmap_init(&m->files);
    hmap_init(&m->changed);
    buf text = BUF_INIT;
    if (fsx_read_tagged(path, MAGIC, &text) < 0) return;
    m->blob = buf_detach(&text, NULL);
    char *line = m->blob + sizeof MAGIC - 1;
    int ok = 1, ended = 0;
    while (*line && ok) {
        char *nl = strchr(line, '\n');
        if (!nl) { ok = 0; break; }
        *nl = '\0';
        unsigned long long x;
        uint64_t hx;
        /* the lines of files (most of them) are read by hand: sscanf is slow */
        if (line[0] == 'f' && line[1] == ' ' && hex16(line + 2, &hx) && line[18] == ' ' && line[19])
            hmap_put(&m->files, line + 19, (void *)(uintptr_t)hx);
        else if (line[0] == 'd' && line[1] == ' ' && line[2] && line[3] == ' ' && line[4])
            hmap_put(&m->changed, line + 4, (void *)(uintptr_t)(unsigned char)line[2]);
        else if (sscanf(line, "inputs %llx", &x) == 1) m->inputs = x;
        else if (sscanf(line, "cur %llu", &x) == 1) m->cur_ino = (ino_t)x;
        else if (sscanf(line, "prev %llu", &x) == 1) m->prev_ino = (ino_t)x;
        else if (!strcmp(line, "end")) ended = 1;
        else ok = 0;
        line = nl + 1;
    }
    /* a manifest cut short (a full disk) is as good as none */
    m->valid = ok && ended && m->cur_ino;
}

int incr_save(const char *path, uint64_t inputs, ino_t cur_ino, ino_t prev_ino,
              const hmap *files, const hmap *changed)
{
    buf b = BUF_INIT;
    buf_puts(&b, MAGIC);
    buf_printf(&b, "inputs %016llx\ncur %llu\nprev %llu\n", (unsigned long long)inputs,
               (unsigned long long)cur_ino, (unsigned long long)prev_ino);
    buf_reserve(&b, files->n * 64);
    for (size_t i = 0; i < files->cap; i++)
        if (files->keys[i]) put_file_line(&b, (uint64_t)(uintptr_t)files->vals[i], files->keys[i]);
    for (size_t i = 0; changed && i < changed->cap; i++)
        if (changed->keys[i])
            buf_printf(&b, "d %c %s\n", (char)(uintptr_t)changed->vals[i], changed->keys[i]);
    buf_puts(&b, "end\n");
    buf tmp = BUF_INIT;
    buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
    int rc = b.failed ? -1 : fsx_write(buf_cstr(&tmp), b.data, b.len);
    if (rc == 0) rc = rename(buf_cstr(&tmp), path);
    if (rc < 0) unlink(buf_cstr(&tmp));
    buf_free(&tmp);
    buf_free(&b);
    return rc;
}

void incr_forget(const char *path) { unlink(path); }

uint64_t incr_file_sig(const struct stat *sb)
{
    long long v[5] = { sb->st_size, sb->st_mtim.tv_sec, sb->st_mtim.tv_nsec, (long long)sb->st_ino,
                       (long long)sb->st_dev };
    return incr_hash(v, sizeof v) | 1;
}

static void snap_add(incr_snap *snap, const char *rel, const struct stat *st)
{
    if (snap->n == snap->cap) {
        size_t cap = snap->cap ? snap->cap * 2 : 1024;
        char **p = realloc(snap->paths, cap * sizeof *p);
        if (p) snap->paths = p;
        uint64_t *g = realloc(snap->sigs, cap * sizeof *g);
        if (g) snap->sigs = g;
        unsigned char *k = realloc(snap->kinds, cap);
        if (k) snap->kinds = k;
        if (!p || !g || !k) return;
        snap->cap = cap;
    }
    char *c = strdup(rel);
    if (!c) return;
    snap->paths[snap->n] = c;
    snap->sigs[snap->n] = incr_file_sig(st);
    snap->kinds[snap->n] = S_ISDIR(st->st_mode) ? 1 : S_ISREG(st->st_mode) ? 2 : S_ISLNK(st->st_mode) ? 3 : 0;
    snap->n++;
    hmap_put(&snap->by_path, c, (void *)(uintptr_t)snap->n);
}

int incr_snap_get(const incr_snap *snap, const char *rel, int *kind, uint64_t *sig)
{
    uintptr_t i = snap ? (uintptr_t)hmap_get(&snap->by_path, rel) : 0;
    if (!i) return 0;
    if (kind) *kind = snap->kinds[i - 1];
    if (sig) *sig = snap->sigs[i - 1];
    return 1;
}

void incr_snap_free(incr_snap *snap)
{
    for (size_t i = 0; i < snap->n; i++) free(snap->paths[i]);
    free(snap->paths);
    free(snap->sigs);
    free(snap->kinds);
    hmap_free(&snap->by_path);
    memset(snap, 0, sizeof *snap);
}

void incr_scan(const char *root, const char *rel, uint64_t *h, incr_snap *snap)
{
    char *dir = fsx_join(root, rel);
    char **names;
    long n = fsx_list(dir, &names);
    if (n < 0) {
        /* a single file (site.lua), or nothing */
        struct stat st;
        if (lstat(dir, &st) == 0) {
            long long sig[4] = { st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long long)st.st_ino };
            *h = incr_mix(*h, rel, strlen(rel) + 1);
            *h = incr_mix(*h, sig, sizeof sig);
            if (snap) snap_add(snap, rel, &st);
        }
        free(dir);
        return;
    }
    for (long i = 0; i < n; i++) {
        buf sub = BUF_INIT;
        buf_printf(&sub, "%s/%s", rel, names[i]);
        char *full = fsx_join(root, buf_cstr(&sub));
        struct stat st;
        if (lstat(full, &st) == 0) {
            long long sig[4] = { st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long long)st.st_ino };
            *h = incr_mix(*h, buf_cstr(&sub), sub.len + 1);
            *h = incr_mix(*h, sig, sizeof sig);
            if (snap) snap_add(snap, buf_cstr(&sub), &st);
            if (S_ISDIR(st.st_mode)) incr_scan(root, buf_cstr(&sub), h, snap);
            else if (S_ISLNK(st.st_mode) && stat(full, &st) == 0) {
                /* a link's target counts too (not the inside of a linked
                 * folder: links could loop; --clean rebuilds everything) */
                long long t[3] = { st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec };
                *h = incr_mix(*h, t, sizeof t);
            }
        }
        free(full);
        buf_free(&sub);
    }
    fsx_list_free(names, n);
    free(dir);
}
