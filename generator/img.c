/* img: responsive images with libvips (see img.h). */
#include "img.h"
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dlfcn.h>
#include <vips/vips.h>
#include "buf.h"
#include "fsx.h"
#include "hmap.h"

struct img_store {
    char *cache_dir;
    img_settings cfg;
    out_stage *st;
    pthread_mutex_t lock;    /* guards the maps and counters */
    pthread_cond_t ready;    /* a size being made by another thread is done */
    hmap written;            /* output paths written in this build (keys owned) */
    hmap used;               /* cache file names used in this build (keys owned) */
    size_t made, reused;
};

/* libvips and the hundred libraries it needs are loaded (dlopen) the
 * first time a build resizes a photo, not at every start of lotrinh: that
 * costs 15 ms, a sixth of a small incremental build. */
typedef struct vips_api {
    int (*init)(const char *argv0);
    int (*version)(int flag);
    void (*cache_set_max)(int max);
    void (*concurrency_set)(int n);
    int (*thumbnail)(const char *filename, VipsImage **out, int width, ...);
    const char *(*error_buffer)(void);
    void (*error_clear)(void);
    int (*webpsave)(VipsImage *in, const char *filename, ...);
    int (*pngsave)(VipsImage *in, const char *filename, ...);
    int (*jpegsave)(VipsImage *in, const char *filename, ...);
    void (*unref)(gpointer object);
    VipsImage *(*new_from_file)(const char *name, ...);
    int (*get_width)(const VipsImage *image);
    int (*get_height)(const VipsImage *image);
    gboolean (*orientation_swap)(VipsImage *image);
} vips_api;

/* libvips keeps process-wide state; start it once, from whichever thread
 * needs it first. Its operation cache is off (every size is made once) and
 * each operation runs on the calling thread: lotrinh already has a worker
 * per core. Written once, under vips_once. */
static pthread_once_t vips_once = PTHREAD_ONCE_INIT;
static int vips_ok;
static vips_api V;

/* Looks name up in the library into *fn. */
static int sym(void *lib, const char *name, void *fn)
{
    void *p = dlsym(lib, name);
    memcpy(fn, &p, sizeof p);
    return p != NULL;
}

static void start_vips(void)
{
    void *lib = dlopen("libvips.so.42", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return;
    int ok = sym(lib, "vips_init", &V.init) & sym(lib, "vips_version", &V.version) &
             sym(lib, "vips_cache_set_max", &V.cache_set_max) &
             sym(lib, "vips_concurrency_set", &V.concurrency_set) &
             sym(lib, "vips_thumbnail", &V.thumbnail) & sym(lib, "vips_error_buffer", &V.error_buffer) &
             sym(lib, "vips_error_clear", &V.error_clear) & sym(lib, "vips_webpsave", &V.webpsave) &
             sym(lib, "vips_pngsave", &V.pngsave) & sym(lib, "vips_jpegsave", &V.jpegsave) &
             sym(lib, "g_object_unref", &V.unref) &
             sym(lib, "vips_image_new_from_file", &V.new_from_file) &
             sym(lib, "vips_image_get_width", &V.get_width) &
             sym(lib, "vips_image_get_height", &V.get_height) &
             sym(lib, "vips_image_get_orientation_swap", &V.orientation_swap);
    /* the ABI check VIPS_INIT makes: the library's against our headers' */
    if (!ok || V.version(3) - V.version(5) != VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE) return;
    vips_ok = V.init("lotrinh") == 0;
    if (vips_ok) {
        V.cache_set_max(0);
        V.concurrency_set(1);
    }
}

img_store *img_store_new(const char *cache_dir, const img_settings *cfg, out_stage *st)
{
    img_store *im = calloc(1, sizeof *im);
    if (!im) return NULL;
    im->cache_dir = strdup(cache_dir);
    im->cfg = *cfg;
    im->st = st;
    pthread_mutex_init(&im->lock, NULL);
    pthread_cond_init(&im->ready, NULL);
    hmap_init(&im->written);
    hmap_init(&im->used);
    return im;
}

static void free_keys(hmap *m)
{
    for (size_t i = 0; i < m->cap; i++) free((char *)m->keys[i]);
    hmap_free(m);
}

void img_store_free(img_store *im)
{
    if (!im) return;
    free_keys(&im->written);
    free_keys(&im->used);
    pthread_mutex_destroy(&im->lock);
    pthread_cond_destroy(&im->ready);
    free(im->cache_dir);
    free(im);
}

void img_info_free(img_info *info)
{
    free(info->src);
    free(info->type);
    free(info->srcset);
    free(info->webp_srcset);
    for (size_t i = 0; i < info->n_rels; i++) free(info->rels[i]);
    free(info->rels);
    memset(info, 0, sizeof *info);
}

void img_counts(img_store *im, size_t *made, size_t *reused)
{
    pthread_mutex_lock(&im->lock);
    *made = im->made;
    *reused = im->reused;
    pthread_mutex_unlock(&im->lock);
}

/* 1 the first time key is added to m (the key is copied). */
static int add_once(img_store *im, hmap *m, const char *key)
{
    pthread_mutex_lock(&im->lock);
    int fresh = hmap_get(m, key) == NULL;
    if (fresh) {
        char *k = strdup(key);
        if (k) hmap_put(m, k, k);
    }
    pthread_mutex_unlock(&im->lock);
    return fresh;
}

/* The vi and en pages of a bundle ask for the same sizes at the same time:
 * one thread makes a cache file, the others wait for it. Returns 1 when the
 * caller must make cname (then call done_making), 0 when it is ready. */
enum { MAKING = 1, READY = 2 };
static int claim(img_store *im, const char *cname, const char *cpath)
{
    pthread_mutex_lock(&im->lock);
    intptr_t state;
    while ((state = (intptr_t)hmap_get(&im->used, cname)) == MAKING)
        pthread_cond_wait(&im->ready, &im->lock);
    int mine = 0;
    if (!state) {
        char *k = strdup(cname);
        if (fsx_kind(cpath) == 2) {
            im->reused++;
            if (k) hmap_put(&im->used, k, (void *)(intptr_t)READY);
        } else {
            mine = 1;
            if (k) hmap_put(&im->used, k, (void *)(intptr_t)MAKING);
        }
    }
    pthread_mutex_unlock(&im->lock);
    return mine;
}

static void done_making(img_store *im, const char *cname, int ok)
{
    pthread_mutex_lock(&im->lock);
    if (ok) im->made++;
    if (hmap_get(&im->used, cname))   /* the map owns the key already: only the value changes */
        hmap_put(&im->used, cname, (void *)(intptr_t)READY);
    pthread_cond_broadcast(&im->ready);
    pthread_mutex_unlock(&im->lock);
}

/* FNV-1a over the photo's bytes: the cache key changes when the photo does. */
static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 1099511628211ULL; }
    return h;
}

typedef struct fmt { const char *ext, *mime; } fmt;

static const fmt *format_of(const char *name)
{
    static const fmt JPEG = { "jpg", "image/jpeg" }, PNG = { "png", "image/png" },
                     WEBP = { "webp", "image/webp" };
    const char *dot = strrchr(name, '.');
    if (!dot) return NULL;
    if (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg")) return &JPEG;
    if (!strcasecmp(dot, ".png")) return &PNG;
    if (!strcasecmp(dot, ".webp")) return &WEBP;
    return NULL;
}

static char *fail(const char *fmt_, const char *a, const char *b)
{
    buf m = BUF_INIT;
    buf_printf(&m, fmt_, a, b ? b : "");
    return buf_detach(&m, NULL);
}

/* Makes one size of path into the cache file `to` (written under a temporary
 * name, then renamed, so a killed build never leaves half an image). */
static int make_size(const img_store *im, const char *path, int width, const char *ext,
                     const char *to, char **err)
{
    VipsImage *out = NULL;
    if (V.thumbnail(path, &out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL)) {
        *err = fail("cannot read the image %s: %s", path, V.error_buffer());
        V.error_clear();
        return -1;
    }
    buf tmp = BUF_INIT;
    buf_printf(&tmp, "%s.tmp-%ld-%lu", to, (long)getpid(), (unsigned long)pthread_self());
    int rc;
    if (!strcmp(ext, "webp"))
        rc = V.webpsave(out, buf_cstr(&tmp), "Q", im->cfg.quality, "strip", TRUE, NULL);
    else if (!strcmp(ext, "png"))
        rc = V.pngsave(out, buf_cstr(&tmp), "compression", 9, "strip", TRUE, NULL);
    else
        rc = V.jpegsave(out, buf_cstr(&tmp), "Q", im->cfg.quality, "strip", TRUE,
                           "optimize_coding", TRUE, "interlace", TRUE, NULL);
    V.unref(out);
    if (rc == 0 && rename(buf_cstr(&tmp), to) < 0) rc = -1;
    if (rc) {
        *err = fail("cannot write the image cache %s: %s", to, V.error_buffer());
        V.error_clear();
        unlink(buf_cstr(&tmp));
    }
    buf_free(&tmp);
    return rc ? -1 : 0;
}

/* Width and height from an image file's header (no decoding). */
static int header_size(const char *path, int *w, int *h)
{
    VipsImage *in = V.new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!in) { V.error_clear(); return -1; }
    *w = V.get_width(in);
    *h = V.get_height(in);
    if (V.orientation_swap(in)) { int t = *w; *w = *h; *h = t; }
    V.unref(in);
    return 0;
}

/* The widths to make for a photo orig_w wide: the wanted ones narrower than
 * it, and the photo's own width when a wanted one is as wide or wider. */
static size_t plan_widths(const img_settings *c, int orig_w, int *out)
{
    size_t n = 0;
    int capped = 0;
    for (size_t i = 0; i < c->n_widths; i++) {
        if (c->widths[i] < orig_w) out[n++] = c->widths[i];
        else capped = 1;
    }
    if (capped || n == 0) out[n++] = orig_w;
    return n;
}

int img_get(img_store *im, const char *path, const char *name, const char *out_dir,
            const char *url_dir, img_info *info, char **err)
{
    memset(info, 0, sizeof *info);
    *err = NULL;
    const fmt *f = format_of(name);
    if (!f) {
        *err = fail("%s is not an image lotrinh can resize (use .jpg, .png or .webp)%s", name, NULL);
        return -1;
    }
    pthread_once(&vips_once, start_vips);
    if (!vips_ok) { *err = fail("libvips could not start%s%s", "", NULL); return -1; }
    buf bytes = BUF_INIT;
    if (fsx_read(path, &bytes) < 0) {
        *err = fail("cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    uint64_t h = hash_bytes((const unsigned char *)bytes.data, bytes.len);
    buf_free(&bytes);
    int ow, oh;
    if (header_size(path, &ow, &oh) < 0) {
        *err = fail("%s is not a readable image%s", name, NULL);
        return -1;
    }
    if (fsx_mkdirs(im->cache_dir) < 0) {
        *err = fail("cannot create the image cache %s: %s", im->cache_dir, strerror(errno));
        return -1;
    }
    int widths[IMG_MAX_WIDTHS + 1];
    size_t nw = plan_widths(&im->cfg, ow, widths);
    const fmt webp = { "webp", "image/webp" };
    const fmt *fmts[2] = { f, im->cfg.webp && strcmp(f->ext, "webp") ? &webp : NULL };
    buf sets[2] = { BUF_INIT, BUF_INIT };
    const char *dot = strrchr(name, '.');
    int stem = (int)(dot - name);
    int rc = 0;
    for (int k = 0; k < 2 && rc == 0; k++) {
        if (!fmts[k]) continue;
        for (size_t i = 0; i < nw && rc == 0; i++) {
            char cname[96];
            snprintf(cname, sizeof cname, "%016llx-%d-q%d.%s", (unsigned long long)h, widths[i],
                     im->cfg.quality, fmts[k]->ext);
            char *cpath = fsx_join(im->cache_dir, cname);
            if (claim(im, cname, cpath)) {
                rc = make_size(im, path, widths[i], fmts[k]->ext, cpath, err);
                done_making(im, cname, rc == 0);
            }
            if (rc == 0 && fsx_kind(cpath) != 2) {
                *err = fail("the image size %s could not be made%s", cname, NULL);
                rc = -1;
            }
            buf rel = BUF_INIT, url = BUF_INIT;
            buf_printf(&rel, "%s%.*s-%dw.%s", out_dir, stem, name, widths[i], fmts[k]->ext);
            buf_printf(&url, "%s%.*s-%dw.%s", url_dir, stem, name, widths[i], fmts[k]->ext);
            if (rc == 0 && add_once(im, &im->written, buf_cstr(&rel))) {
                diag_list *tmp = diag_new();
                if (out_copy(im->st, cpath, buf_cstr(&rel), tmp) < 0) {
                    *err = fail("cannot write %s%s", buf_cstr(&rel), NULL);
                    rc = -1;
                }
                diag_free(tmp);
            }
            buf_printf(&sets[k], "%s%s %dw", i ? ", " : "", buf_cstr(&url), widths[i]);
            char **rv = rc == 0 ? realloc(info->rels, (info->n_rels + 1) * sizeof *rv) : NULL;
            if (rv) { info->rels = rv; rv[info->n_rels] = strdup(buf_cstr(&rel)); if (rv[info->n_rels]) info->n_rels++; }
            if (rc == 0 && k == 0 && i == nw - 1) {
                info->src = buf_detach(&url, NULL);
                if (header_size(cpath, &info->width, &info->height) < 0) {
                    info->width = widths[i];
                    info->height = (int)((long long)oh * widths[i] / ow);
                }
            }
            buf_free(&url);
            buf_free(&rel);
            free(cpath);
        }
    }
    if (rc < 0) {
        buf_free(&sets[0]);
        buf_free(&sets[1]);
        img_info_free(info);
        return -1;
    }
    info->type = strdup(f->mime);
    info->srcset = buf_detach(&sets[0], NULL);
    info->webp_srcset = fmts[1] ? buf_detach(&sets[1], NULL) : NULL;
    buf_free(&sets[1]);
    return 0;
}

void img_prune(img_store *im)
{
    char **names;
    long n = fsx_list(im->cache_dir, &names);
    for (long i = 0; i < n; i++) {
        if (hmap_get(&im->used, names[i])) continue;
        char *p = fsx_join(im->cache_dir, names[i]);
        if (fsx_kind(p) == 2) unlink(p);
        free(p);
    }
    if (n >= 0) fsx_list_free(names, n);
}
