/* floor: the least work any generator must do to build the benchmark
 * corpus, measured on this machine (see docs/performance.md).
 *
 *   floor [--jobs N] [--lock] CONTENT_DIR BUILT_TREE NEW_DIR
 *
 * Untimed, first: read every .md file under CONTENT_DIR and keep its body
 * (the text after the front matter); read every file of BUILT_TREE (a site
 * lotrinh built from that content) into memory.
 *
 * Timed:
 *   (a) markdown: parse and render every body to HTML with cmark-gfm, with
 *       lotrinh's options and extensions (footnotes, UTF-8 validation;
 *       table, strikethrough, autolink, tagfilter), on N threads, parsing in
 *       parallel the way lotrinh does: cmark-gfm 0.29 changes a
 *       process-wide table while it parses (github/cmark-gfm#176), and
 *       generator/cmarkx.c fills that table once instead. --lock holds one
 *       lock around each parse, as lotrinh did before, to show what it cost.
 *   (b) write: create NEW_DIR (it must not exist) and write every file of
 *       BUILT_TREE into it with the same bytes, on N threads, the way
 *       lotrinh writes (open, write, close; folders made when open fails).
 *
 * Prints one line of key=value pairs: md_s, write_s, floor_s = md_s +
 * write_s, and the counts. Exit status 0, or 1 with a message. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include "../generator/cmarkx.h"
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct item {
    char *path;     /* relative to the tree (write) or absolute (read) */
    char *data;
    size_t len;
} item;

typedef struct list {
    item *v;
    size_t n, cap;
    size_t bytes;
} list;

static list bodies, files;
static size_t tree_prefix;      /* length of BUILT_TREE + "/" */
static const char *new_dir;
static size_t next_item;        /* shared work counter */
static int use_lock = 0;
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;
static int failed;

static double now_sec(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what, const char *path)
{
    fprintf(stderr, "floor: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static void push(list *l, const char *path, char *data, size_t len)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 1024;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v) die("out of memory", "");
    }
    l->v[l->n++] = (item){ strdup(path), data, len };
    l->bytes += len;
}

static char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) die("cannot open", path);
    struct stat st;
    if (fstat(fd, &st) < 0) die("cannot stat", path);
    char *p = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    while (p && got < (size_t)st.st_size) {
        ssize_t n = read(fd, p + got, (size_t)st.st_size - got);
        if (n <= 0) die("cannot read", path);
        got += (size_t)n;
    }
    if (!p) die("out of memory", path);
    p[got] = '\0';
    close(fd);
    *len = got;
    return p;
}

/* The body of a page: what follows the closing "---" line of its front matter. */
static int read_body(const char *path, const struct stat *sb, int type, struct FTW *f)
{
    (void)sb; (void)f;
    size_t n = strlen(path);
    if (type != FTW_F || n < 3 || strcmp(path + n - 3, ".md")) return 0;
    size_t len;
    char *text = slurp(path, &len);
    size_t off = 0;
    if (!strncmp(text, "---\n", 4)) {
        char *end = strstr(text + 4, "\n---\n");
        if (end) off = (size_t)(end - text) + 5;
        else if (len >= 4 && !strcmp(text + len - 4, "\n---")) off = len;
    }
    memmove(text, text + off, len - off + 1);
    push(&bodies, path, text, len - off);
    return 0;
}

static int read_file(const char *path, const struct stat *sb, int type, struct FTW *f)
{
    (void)sb; (void)f;
    if (type != FTW_F) return 0;
    size_t len;
    char *data = slurp(path, &len);
    push(&files, path + tree_prefix, data, len);
    return 0;
}

static size_t take(void)
{
    return __atomic_fetch_add(&next_item, 1, __ATOMIC_RELAXED);
}

static void *md_worker(void *arg)
{
    size_t *out_bytes = arg;
    int options = CMARK_OPT_FOOTNOTES;   /* bodies are valid UTF-8, checked when read, as in lotrinh */
    for (size_t i; (i = take()) < bodies.n; ) {
        if (use_lock) pthread_mutex_lock(&parse_lock);
        cmark_parser *p = cmark_parser_new(options);
        cmarkx_attach(p, 0);
        cmark_parser_feed(p, bodies.v[i].data, bodies.v[i].len);
        cmark_node *doc = cmark_parser_finish(p);
        if (use_lock) pthread_mutex_unlock(&parse_lock);
        char *html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(p));
        *out_bytes += strlen(html);
        free(html);
        cmark_node_free(doc);
        cmark_parser_free(p);
    }
    return NULL;
}

static int mkdirs(char *dir)
{
    if (mkdir(dir, 0755) == 0 || errno == EEXIST) return 0;
    if (errno != ENOENT) return -1;
    char *slash = strrchr(dir, '/');
    if (!slash) return -1;
    *slash = '\0';
    int rc = mkdirs(dir);
    *slash = '/';
    if (rc < 0) return -1;
    return mkdir(dir, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

static void *write_worker(void *arg)
{
    (void)arg;
    char path[4096];
    for (size_t i; (i = take()) < files.n; ) {
        const item *it = &files.v[i];
        snprintf(path, sizeof path, "%s/%s", new_dir, it->path);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0 && errno == ENOENT) {
            char *slash = strrchr(path, '/');
            *slash = '\0';
            if (mkdirs(path) < 0) { perror(path); failed = 1; continue; }
            *slash = '/';
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
        }
        if (fd < 0) { perror(path); failed = 1; continue; }
        const char *d = it->data;
        size_t left = it->len;
        while (left) {
            ssize_t n = write(fd, d, left);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) { perror(path); failed = 1; break; }
            d += n;
            left -= (size_t)n;
        }
        if (close(fd) < 0) { perror(path); failed = 1; }
    }
    return NULL;
}

/* Runs fn on jobs threads (this one included); returns the seconds taken. */
static double run(void *(*fn)(void *), int jobs, size_t *per_thread)
{
    pthread_t th[64];
    next_item = 0;
    double t0 = now_sec();
    for (int i = 1; i < jobs; i++)
        if (pthread_create(&th[i], NULL, fn, per_thread + i) != 0) die("cannot start a thread", "");
    fn(per_thread);
    for (int i = 1; i < jobs; i++) pthread_join(th[i], NULL);
    return now_sec() - t0;
}

int main(int argc, char **argv)
{
    int jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
    int a = 1;
    for (; a < argc && argv[a][0] == '-'; a++) {
        if (!strcmp(argv[a], "--jobs") && a + 1 < argc) jobs = atoi(argv[++a]);
        else if (!strcmp(argv[a], "--lock")) use_lock = 1;
        else break;
    }
    if (argc - a != 3 || jobs < 1 || jobs > 64) {
        fprintf(stderr, "usage: floor [--jobs N] [--lock] CONTENT_DIR BUILT_TREE NEW_DIR\n");
        return 1;
    }
    const char *content = argv[a], *tree = argv[a + 1];
    new_dir = argv[a + 2];
    tree_prefix = strlen(tree) + 1;
    while (tree_prefix > 1 && tree[tree_prefix - 2] == '/') tree_prefix--;
    if (nftw(content, read_body, 64, FTW_PHYS) < 0) die("cannot walk", content);
    if (nftw(tree, read_file, 64, FTW_PHYS) < 0) die("cannot walk", tree);
    if (access(new_dir, F_OK) == 0) {
        fprintf(stderr, "floor: %s exists; give a new folder\n", new_dir);
        return 1;
    }

    if (!cmarkx_init() && !use_lock) {
        fprintf(stderr, "floor: parses cannot run in parallel here (see generator/cmarkx.h); using --lock\n");
        use_lock = 1;
    }
    size_t html[64] = {0}, none[64] = {0};
    double md = run(md_worker, jobs, html);
    size_t html_bytes = 0;
    for (int i = 0; i < jobs; i++) html_bytes += html[i];

    double t0 = now_sec();
    if (mkdir(new_dir, 0755) < 0) die("cannot create", new_dir);
    run(write_worker, jobs, none);
    double wr = now_sec() - t0;
    if (failed) return 1;
    printf("jobs=%d lock=%d bodies=%zu body_bytes=%zu html_bytes=%zu files=%zu file_bytes=%zu "
           "md_s=%.3f write_s=%.3f floor_s=%.3f\n", jobs, use_lock, bodies.n, bodies.bytes,
           html_bytes, files.n, files.bytes, md, wr, md + wr);
    return 0;
}
