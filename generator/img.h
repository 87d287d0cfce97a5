/* img: responsive images. A page-bundle photo becomes a few sizes in its
 * own format plus WebP (libvips), kept in a cache folder between builds and
 * copied into the output; re-made only when the photo's bytes or the
 * settings change. Shared by every render thread. */
#ifndef LT_IMG_H
#define LT_IMG_H
#include <stddef.h>
#include "out.h"

#define IMG_MAX_WIDTHS 8

typedef struct img_settings {
    int widths[IMG_MAX_WIDTHS];  /* wanted widths, ascending */
    size_t n_widths;
    int quality;                 /* 1..100 (JPEG and WebP) */
    int webp;                    /* also make WebP */
} img_settings;

typedef struct img_store img_store;

/* What a layout gets for one image. Strings are malloc'd. */
typedef struct img_info {
    int width, height;           /* of src (the largest size made) */
    char *src;                   /* URL of the largest size, original format */
    char *type;                  /* "image/jpeg" */
    char *srcset;                /* "/x/a-480w.jpg 480w, ..." */
    char *webp_srcset;           /* same in WebP, or NULL */
    char **rels;                 /* the output files of every size (relative paths) */
    size_t n_rels;
} img_info;

/* cache_dir is created on first use. st receives the files. */
img_store *img_store_new(const char *cache_dir, const img_settings *cfg, out_stage *st);
void img_store_free(img_store *im);

/* Makes (or reuses) the sizes of the photo at path, writes them to the
 * output folder out_dir ("diem-den/x/") and fills info with URLs under
 * url_dir ("/diem-den/x/", base path included). name is the photo's file
 * name. Returns 0, or -1 with a message in *err (malloc'd). Thread-safe. */
int img_get(img_store *im, const char *path, const char *name, const char *out_dir,
            const char *url_dir, img_info *info, char **err);
void img_info_free(img_info *info);

/* Sizes made from the photo in this build / reused from the cache. */
void img_counts(img_store *im, size_t *made, size_t *reused);

/* Deletes cache files no image of this build used (after a full build). */
void img_prune(img_store *im);

#endif
