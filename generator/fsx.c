/* fsx: file-system helpers (see fsx.h). */
#include "fsx.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fsx_read(const char *path, buf *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char tmp[65536];
    ssize_t n;
    while ((n = read(fd, tmp, sizeof tmp)) > 0) buf_put(out, tmp, (size_t)n);
    int e = errno;
    close(fd);
    if (n < 0) { errno = e; return -1; }
    if (out->failed) { errno = ENOMEM; return -1; }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int fsx_read_tagged(const char *path, const char *magic, buf *out)
{
    size_t n = strlen(magic);
    if (fsx_read(path, out) == 0 && out->len >= n && !memcmp(out->data, magic, n)) return 0;
    buf_free(out);
    return -1;
}

long fsx_list(const char *dir, char ***names)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    size_t n = 0, cap = 16;
    char **v = malloc(cap * sizeof *v);
    struct dirent *e;
    while (v && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (n == cap) {
            char **p = realloc(v, (cap *= 2) * sizeof *v);
            if (!p) break;
            v = p;
        }
        v[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (!v) return -1;
    qsort(v, n, sizeof *v, cmp_str);
    *names = v;
    return (long)n;
}

void fsx_list_free(char **names, long n)
{
    for (long i = 0; i < n; i++) free(names[i]);
    free(names);
}

int fsx_kind(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0) return -1;
    if (S_ISLNK(st.st_mode)) return 3;
    if (S_ISDIR(st.st_mode)) return 1;
    if (S_ISREG(st.st_mode)) return 2;
    return 0;
}

int fsx_mkdirs(const char *dir)
{
    if (mkdir(dir, 0755) == 0 || errno == EEXIST) return 0;
    if (errno != ENOENT) return -1;
    char *p = strdup(dir);
    if (!p) return -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0755) < 0 && errno != EEXIST) { free(p); return -1; }
        *s = '/';
    }
    int rc = mkdir(p, 0755);
    free(p);
    return rc < 0 && errno != EEXIST ? -1 : 0;
}

static int mk_parent(const char *path)
{
    char *p = strdup(path);
    if (!p) return -1;
    char *slash = strrchr(p, '/');
    int rc = 0;
    if (slash && slash != p) { *slash = '\0'; rc = fsx_mkdirs(p); }
    free(p);
    return rc;
}

int fsx_write(const char *path, const char *data, size_t len)
{
    /* Try first: the parent usually exists, and mkdir per file is costly. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0 && errno == ENOENT) {
        if (mk_parent(path) < 0) return -1;
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    }
    if (fd < 0) return -1;
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno; close(fd); errno = e; return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return close(fd);
}

int fsx_copy(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (out < 0 && errno == ENOENT && mk_parent(to) == 0)
        out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (out < 0) { int e = errno; close(in); errno = e; return -1; }
    char tmp[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, tmp, sizeof tmp)) > 0) {
        char *p = tmp;
        while (n > 0) {
            ssize_t w = write(out, p, (size_t)n);
            if (w < 0) { if (errno == EINTR) continue; rc = -1; break; }
            p += w;
            n -= w;
        }
        if (rc) break;
    }
    if (n < 0) rc = -1;
    int e = errno;
    close(in);
    if (close(out) < 0) rc = -1;
    errno = e;
    return rc;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

int fsx_rmtree(const char *path)
{
    if (fsx_kind(path) < 0) return 0;
    return nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

int fsx_inside(const char *root, const char *p)
{
    char *r = realpath(root, NULL), *q = realpath(p, NULL);
    int ok = 0;
    if (r && q) {
        size_t n = strlen(r);
        ok = strncmp(r, q, n) == 0 && (q[n] == '/' || q[n] == '\0');
    }
    free(r);
    free(q);
    return ok;
}

char *fsx_join(const char *a, const char *b)
{
    buf j = BUF_INIT;
    buf_puts(&j, a);
    if (j.len && j.data[j.len - 1] != '/' && *b != '/') buf_putc(&j, '/');
    buf_puts(&j, b);
    return buf_detach(&j, NULL);
}
