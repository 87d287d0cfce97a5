/* watch: inotify watches of the source folders (see watch.h). */
#include "watch.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>
#include "fsx.h"

/* Writes of a file end with CLOSE_WRITE (not MODIFY: a half-written file
 * is not built); editors that save by renaming give MOVED_TO. */
#define MASK_TREE (IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)
#define MAX_DEPTH 32

typedef struct wdir {
    char *rel;           /* relative to root ("" for root itself); NULL: free slot */
    int tree;            /* 1: every name below counts; 0 (root): only w->names */
} wdir;

typedef struct wname {
    char *name;          /* a name directly in root: "site.lua", "content" */
    int tree;            /* a folder watched recursively */
} wname;

struct watcher {
    int fd;
    char *root;
    wdir *dirs;          /* indexed by watch descriptor */
    size_t n_dirs;
    wname *names;
    size_t n_names;
};

int watch_ignored_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || name[0] == '.') return 1;          /* .x.swp, .#x, hidden files */
    if (name[n - 1] == '~') return 1;                /* emacs, gedit backups */
    if (!strcmp(name, "4913")) return 1;             /* vim's write test */
    static const char *const ext[] = { ".swp", ".swx", ".swo" };
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        size_t e = strlen(ext[i]);
        if (n > e && !strcmp(name + n - e, ext[i])) return 1;
    }
    return 0;
}

watcher *watch_new(const char *root)
{
    watcher *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->root = strdup(root);
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd < 0 || !w->root) {
        int e = errno;
        watch_free(w);
        errno = e;
        return NULL;
    }
    return w;
}

void watch_free(watcher *w)
{
    if (!w) return;
    if (w->fd >= 0) close(w->fd);
    for (size_t i = 0; i < w->n_dirs; i++) free(w->dirs[i].rel);
    for (size_t i = 0; i < w->n_names; i++) free(w->names[i].name);
    free(w->dirs);
    free(w->names);
    free(w->root);
    free(w);
}

int watch_fd(const watcher *w) { return w->fd; }

/* Records what watch descriptor wd stands for. */
static int remember(watcher *w, int wd, const char *rel, int tree)
{
    if ((size_t)wd >= w->n_dirs) {
        size_t n = (size_t)wd * 2 + 8;
        wdir *d = realloc(w->dirs, n * sizeof *d);
        if (!d) return -1;
        memset(d + w->n_dirs, 0, (n - w->n_dirs) * sizeof *d);
        w->dirs = d;
        w->n_dirs = n;
    }
    wdir *d = &w->dirs[wd];
    if (d->rel && d->tree && !tree) return 0;   /* already watched as a tree: keep that */
    char *copy = strdup(rel);
    if (!copy) return -1;
    free(d->rel);
    d->rel = copy;
    d->tree = tree;
    return 0;
}

/* Watches rel and the folders below it. Returns how many other entries
 * (files) it found, or -1: files already in a folder that has just
 * appeared were written before its watch existed, so they are news. */
static long add_dir(watcher *w, const char *rel, int depth)
{
    if (depth > MAX_DEPTH) return 0;
    char *full = *rel ? fsx_join(w->root, rel) : strdup(w->root);
    int wd = inotify_add_watch(w->fd, full, MASK_TREE | IN_ONLYDIR);
    if (wd < 0 || remember(w, wd, rel, 1) < 0) {
        free(full);
        return -1;
    }
    char **names;
    long n = fsx_list(full, &names);
    long files = 0;
    for (long i = 0; i < n; i++) {
        if (watch_ignored_name(names[i])) continue;
        char *child = fsx_join(full, names[i]);
        int k = fsx_kind(child);
        if (k == 3) {             /* a link to a folder counts as the folder */
            char *real = realpath(child, NULL);
            k = real ? fsx_kind(real) : 0;
            free(real);
        }
        free(child);
        if (k != 1) { files++; continue; }
        char *sub = *rel ? fsx_join(rel, names[i]) : strdup(names[i]);
        long below = add_dir(w, sub, depth + 1);
        free(sub);
        if (below < 0 || files < 0) files = -1;
        else files += below;
    }
    if (n >= 0) fsx_list_free(names, n);
    free(full);
    return files;
}

/* Watches root itself for the names of w->names only. */
static int watch_root(watcher *w, const char *name, int tree)
{
    for (size_t i = 0; i < w->n_names; i++)
        if (!strcmp(w->names[i].name, name)) return 0;
    wname *nn = realloc(w->names, (w->n_names + 1) * sizeof *nn);
    if (!nn) return -1;
    w->names = nn;
    w->names[w->n_names].name = strdup(name);
    w->names[w->n_names].tree = tree;
    if (!w->names[w->n_names].name) return -1;
    w->n_names++;
    int wd = inotify_add_watch(w->fd, w->root, MASK_TREE | IN_ONLYDIR);
    return wd < 0 ? -1 : remember(w, wd, "", 0);
}

int watch_tree(watcher *w, const char *rel)
{
    int top = !strchr(rel, '/') && strcmp(rel, ".") && strcmp(rel, "..");
    if (top && watch_root(w, rel, 1) < 0) return -1;
    char *full = fsx_join(w->root, rel);
    int exists = fsx_kind(full) >= 0;
    free(full);
    if (!exists) return 0;   /* a top-level folder is added when it appears */
    return add_dir(w, rel, 0) < 0 ? -1 : 0;
}

int watch_file(watcher *w, const char *name)
{
    return watch_root(w, name, 0);
}

static const wname *root_name(const watcher *w, const char *name)
{
    for (size_t i = 0; i < w->n_names; i++)
        if (!strcmp(w->names[i].name, name)) return &w->names[i];
    return NULL;
}

static void note(watch_news *news, const char *rel)
{
    if (!news->changes++) snprintf(news->first, sizeof news->first, "%s", rel);
}

static void on_event(watcher *w, const struct inotify_event *ev, watch_news *news)
{
    if (ev->mask & IN_Q_OVERFLOW) {      /* events were lost: rebuild, rescan */
        news->config = 1;
        note(news, "(too many changes at once)");
        return;
    }
    if (ev->wd < 0 || (size_t)ev->wd >= w->n_dirs || !w->dirs[ev->wd].rel) return;
    if (ev->mask & IN_IGNORED) {          /* the folder is gone */
        free(w->dirs[ev->wd].rel);
        w->dirs[ev->wd].rel = NULL;
        return;
    }
    if (!ev->len || watch_ignored_name(ev->name)) return;
    const wdir *d = &w->dirs[ev->wd];
    char *rel;
    if (!d->tree) {
        const wname *wn = root_name(w, ev->name);
        if (!wn) return;
        if (!wn->tree) news->config = 1;
        rel = strdup(ev->name);
    } else {
        rel = *d->rel ? fsx_join(d->rel, ev->name) : strdup(ev->name);
    }
    if (!rel) return;
    /* An empty new folder changes nothing (it only needs a watch); one
     * moved in, or already holding files, does. add_dir may move w->dirs. */
    int news_here = 1;
    if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
        long files = add_dir(w, rel, 0);
        news_here = files != 0 || (ev->mask & IN_MOVED_TO);
    }
    if (news_here) note(news, rel);
    free(rel);
}

void watch_read(watcher *w, watch_news *news)
{
    char chunk[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t n = read(w->fd, chunk, sizeof chunk);
        if (n <= 0) return;                  /* EAGAIN: nothing more for now */
        for (char *p = chunk; p < chunk + n; ) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            on_event(w, ev, news);
            p += sizeof *ev + ev->len;
        }
    }
}
