/* watch: which source files changed, with inotify (Linux). Used by
 * lotrinh serve. Folders are watched recursively (new subfolders are added
 * as they appear); in the site's own folder only a few names count
 * (site.lua and the top-level folders), so output folders such as public/
 * or .lotrinh-cache/ never trigger a rebuild. Editor temp files are
 * ignored. Not thread-safe: one thread owns a watcher. */
#ifndef LT_WATCH_H
#define LT_WATCH_H
#include <stddef.h>

typedef struct watcher watcher;

/* A watcher of the site in root (not yet watching anything). NULL on error
 * (errno set). */
watcher *watch_new(const char *root);
void watch_free(watcher *w);
/* The descriptor to poll for POLLIN. */
int watch_fd(const watcher *w);
/* Watches the folder rel (relative to root, e.g. "content" or
 * "../portal/layouts") and every folder below it. A top-level folder of
 * root that does not exist yet is picked up when it is created. 0 or -1. */
int watch_tree(watcher *w, const char *rel);
/* Watches one file directly in root (e.g. "site.lua"). 0 or -1. */
int watch_file(watcher *w, const char *name);

/* What watch_read found. */
typedef struct watch_news {
    size_t changes;      /* relevant events read */
    int config;          /* a watched file of root (site.lua) changed */
    char first[512];     /* the first changed path, relative to root */
} watch_news;

/* Reads the pending events (never blocks) and adds them to news. */
void watch_read(watcher *w, watch_news *news);
/* 1 for names editors use for temporary files (.x.swp, x~, .#x, 4913). */
int watch_ignored_name(const char *name);

#endif
