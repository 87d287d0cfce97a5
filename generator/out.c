/* out: staged, atomic output (see out.h). */
#include "out.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "buf.h"
#include "fsx.h"

int out_path_ok(const char *rel)
{
    if (!rel || !*rel || rel[0] == '/') return 0;
    const char *q = rel;
    while (*q) {
        const char *e = q;
        while (*e && *e != '/') e++;
        size_t n = (size_t)(e - q);
        if (n == 0) return 0;
        if ((n == 1 && q[0] == '.') || (n == 2 && q[0] == '.' && q[1] == '.')) return 0;
        for (const char *c = q; c < e; c++)
            if ((unsigned char)*c < 0x20 || *c == '\\') return 0;
        q = *e ? e + 1 : e;
    }
    return 1;
}

/* Splits dest into its parent folder and base name. */
static void split(const char *dest, char **parent, char **base)
{
    char *d = strdup(dest);
    size_t n = strlen(d);
    while (n > 1 && d[n - 1] == '/') d[--n] = '\0';
    char *slash = strrchr(d, '/');
    if (!slash) { *parent = strdup("."); *base = d; return; }
    *base = strdup(slash + 1);
    *slash = '\0';
    *parent = strdup(*d ? d : "/");
    free(d);
}

int out_begin(out_stage *st, const char *dest, const char *source, diag_list *d)
{
    memset(st, 0, sizeof *st);
    char *parent, *base;
    split(dest, &parent, &base);
    if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, "the destination \"%s\" must name a folder of its own",
                 dest);
        free(parent); free(base);
        return -1;
    }
    char *rsrc = realpath(source, NULL);
    char *rpar = realpath(parent, NULL);
    if (!rpar && fsx_mkdirs(parent) == 0) rpar = realpath(parent, NULL);
    if (!rsrc || !rpar) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot use the destination \"%s\": %s", dest,
                 strerror(errno));
        free(rsrc); free(rpar); free(parent); free(base);
        return -1;
    }
    buf full = BUF_INIT;
    buf_printf(&full, "%s/%s", strcmp(rpar, "/") ? rpar : "", base);
    size_t fl = full.len;
    if (!strncmp(rsrc, full.data, fl) && (rsrc[fl] == '/' || rsrc[fl] == '\0')) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0,
                 "the destination \"%s\" is or contains the source folder; it would be replaced",
                 dest);
        diag_hint(d, "choose a destination such as public/");
        free(rsrc); free(rpar); free(parent); free(base); buf_free(&full);
        return -1;
    }
    free(rsrc);
    /* Remove staging folders of builds that were killed. */
    char **names;
    long n = fsx_list(rpar, &names);
    buf prefix = BUF_INIT;
    buf_printf(&prefix, ".%s.lotrinh-", base);
    char own_old[48];   /* our own replaced sites: a child of ours is deleting them */
    snprintf(own_old, sizeof own_old, "old-%ld-", (long)getpid());
    for (long i = 0; i < n; i++) {
        if (strncmp(names[i], buf_cstr(&prefix), prefix.len)) continue;
        if (!strncmp(names[i] + prefix.len, own_old, strlen(own_old))) continue;
        char *old = fsx_join(rpar, names[i]);
        fsx_rmtree(old);
        free(old);
    }
    if (n >= 0) fsx_list_free(names, n);
    buf stage = BUF_INIT;
    buf_printf(&stage, "%s/%snew-%ld", rpar, buf_cstr(&prefix), (long)getpid());
    buf_free(&prefix);
    st->dest = buf_detach(&full, NULL);
    st->dir = buf_detach(&stage, NULL);
    free(rpar); free(parent); free(base);
    if (mkdir(st->dir, 0755) < 0) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot create %s: %s", st->dir, strerror(errno));
        return -1;
    }
    return 0;
}

int out_write(out_stage *st, const char *rel, const char *data, size_t len, diag_list *d)
{
    if (!out_path_ok(rel)) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, "refusing to write \"%s\": not a path inside the site", rel);
        return -1;
    }
    char *path = fsx_join(st->dir, rel);
    int rc = fsx_write(path, data, len);
    if (rc < 0) diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot write %s: %s", rel, strerror(errno));
    free(path);
    __atomic_add_fetch(&st->files, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&st->bytes, len, __ATOMIC_RELAXED);
    return rc;
}

int out_copy(out_stage *st, const char *from, const char *rel, diag_list *d)
{
    if (!out_path_ok(rel)) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, "refusing to write \"%s\": not a path inside the site", rel);
        return -1;
    }
    char *path = fsx_join(st->dir, rel);
    int rc = fsx_copy(from, path);
    if (rc < 0) diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot copy to %s: %s", rel, strerror(errno));
    free(path);
    __atomic_add_fetch(&st->files, 1, __ATOMIC_RELAXED);
    return rc;
}

int out_exists(out_stage *st, const char *rel)
{
    char *path = fsx_join(st->dir, rel);
    int k = fsx_kind(path);
    free(path);
    return k >= 0;
}

/* Moves the replaced site (in the staging folder's place after the
 * exchange) to a name of its own, ".NAME.lotrinh-old-PID-NS", so that a
 * next build of the same process (lotrinh serve) can make its staging
 * folder while this one is still being deleted. Returns the path to delete. */
static char *old_site_name(const out_stage *st)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    buf b = BUF_INIT;
    const char *base = strrchr(st->dir, '/');
    const char *new_tag = strstr(base ? base : st->dir, ".lotrinh-new-");
    if (!new_tag) return strdup(st->dir);
    new_tag++;
    buf_put(&b, st->dir, (size_t)(new_tag - st->dir));
    buf_printf(&b, "lotrinh-old-%ld-%lld%09ld", (long)getpid(), (long long)ts.tv_sec, ts.tv_nsec);
    char *old = buf_detach(&b, NULL);
    if (old && rename(st->dir, old) == 0) return old;
    free(old);
    return strdup(st->dir);
}

int out_commit(out_stage *st, diag_list *d)
{
    int k = fsx_kind(st->dest);
    if (k == 1) {
        /* One atomic exchange: the destination is always a complete site. */
        if (renameat2(AT_FDCWD, st->dir, AT_FDCWD, st->dest, RENAME_EXCHANGE) < 0) {
            diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot replace %s: %s", st->dest, strerror(errno));
            return -1;
        }
        /* st->dir now holds the previous site. Delete it in a detached
         * child so the build returns at once; a leftover (if the child is
         * killed) is removed by the next out_begin. */
        char *old = old_site_name(st);
        pid_t pid = fork();
        if (pid == 0) {
            /* close inherited descriptors first: a server's listening
             * socket (lotrinh serve) must not outlive the server */
            if (fork() == 0) { closefrom(3); fsx_rmtree(old); _exit(0); }
            _exit(0);
        }
        if (pid > 0) waitpid(pid, NULL, 0);
        else fsx_rmtree(old);
        free(old);
    } else if (k < 0) {
        if (rename(st->dir, st->dest) < 0) {
            diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot create %s: %s", st->dest, strerror(errno));
            return -1;
        }
    } else {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, "%s exists and is not a folder; not replacing it",
                 st->dest);
        return -1;
    }
    free(st->dir); st->dir = NULL;
    free(st->dest); st->dest = NULL;
    return 0;
}

void out_abort(out_stage *st)
{
    if (st->dir) fsx_rmtree(st->dir);
    free(st->dir); st->dir = NULL;
    free(st->dest); st->dest = NULL;
}
