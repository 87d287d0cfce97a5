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
#include "incr.h"

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

static void free_keys(hmap *m)
{
    for (size_t i = 0; i < m->cap; i++) free((char *)m->keys[i]);
    hmap_free(m);
}

/* Removes a folder in a detached child, so the build returns at once; a
 * leftover (the child killed) is removed by the next out_begin. The folder
 * is first renamed "DIR-gone-PID-NS": a process that builds many times
 * (lotrinh serve) may need the name again while the child still deletes,
 * and its next out_begin leaves "-gone-PID-" folders of its own alone. */
static void remove_in_background(const char *dir)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    buf b = BUF_INIT;
    buf_printf(&b, "%s-gone-%ld-%lld%09ld", dir, (long)getpid(), (long long)ts.tv_sec, ts.tv_nsec);
    const char *gone = !b.failed && rename(dir, buf_cstr(&b)) == 0 ? buf_cstr(&b) : dir;
    pid_t pid = fork();
    if (pid == 0) {
        /* close inherited descriptors first: a server's listening socket
         * (lotrinh serve) must not outlive the server */
        if (fork() == 0) { closefrom(3); fsx_rmtree(gone); _exit(0); }
        _exit(0);
    }
    if (pid > 0) waitpid(pid, NULL, 0);
    else fsx_rmtree(gone);
    buf_free(&b);
}

int out_begin(out_stage *st, const char *dest, const char *source, int clean, diag_list *d)
{
    memset(st, 0, sizeof *st);
    pthread_mutex_init(&st->lock, NULL);
    hmap_init(&st->now);
    hmap_init(&st->changed);
    hmap_init(&st->catchup);
    hmap_init(&st->prev.files);
    hmap_init(&st->prev.changed);
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
    st->manifest = incr_manifest_path(rsrc, full.data);
    free(rsrc);
    st->dest = buf_detach(&full, NULL);
    buf prefix = BUF_INIT;
    buf_printf(&prefix, ".%s.lotrinh-", base);
    buf pd = BUF_INIT;
    buf_printf(&pd, "%s/%sprev", rpar, buf_cstr(&prefix));
    st->prev_dir = buf_detach(&pd, NULL);
    if (!clean) incr_load(&st->prev, st->manifest);
    /* The manifest must describe both folders as they are now. */
    if (st->prev.valid && incr_ino(st->dest) != st->prev.cur_ino) {
        incr_free(&st->prev);
        hmap_init(&st->prev.files);
        hmap_init(&st->prev.changed);
    }
    st->reuse = st->prev.valid && st->prev.prev_ino && incr_ino(st->prev_dir) == st->prev.prev_ino;
    /* Remove staging folders of builds that were killed (and a previous
     * site nobody vouches for). */
    char **names;
    long n = fsx_list(rpar, &names);
    char own_gone[48];   /* being deleted by a child of this process */
    snprintf(own_gone, sizeof own_gone, "-gone-%ld-", (long)getpid());
    for (long i = 0; i < n; i++) {
        if (strncmp(names[i], buf_cstr(&prefix), prefix.len)) continue;
        if (strstr(names[i], own_gone)) continue;
        char *old = fsx_join(rpar, names[i]);
        if (!(st->prev.valid && !strcmp(old, st->prev_dir))) fsx_rmtree(old);
        free(old);
    }
    if (n >= 0) fsx_list_free(names, n);
    if (st->reuse) {
        st->dir = strdup(st->prev_dir);
    } else {
        buf stage = BUF_INIT;
        buf_printf(&stage, "%s/%snew-%ld", rpar, buf_cstr(&prefix), (long)getpid());
        st->dir = buf_detach(&stage, NULL);
    }
    buf_free(&prefix);
    free(rpar); free(parent); free(base);
    if (!st->reuse && mkdir(st->dir, 0755) < 0) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot create %s: %s", st->dir, strerror(errno));
        return -1;
    }
    return 0;
}

/* Records rel with hash h. Returns 1 when its bytes must be written to the
 * staging folder now, 0 when the staging folder already has them. */
static int note(out_stage *st, const char *rel, uint64_t h)
{
    pthread_mutex_lock(&st->lock);
    if (st->capturing) {
        if (st->n_capture == st->cap_capture) {
            size_t cap = st->cap_capture ? st->cap_capture * 2 : 16;
            char **v = realloc(st->capture, cap * sizeof *v);
            if (v) { st->capture = v; st->cap_capture = cap; }
        }
        if (st->n_capture < st->cap_capture && (st->capture[st->n_capture] = strdup(rel)))
            st->n_capture++;
    }
    char *k = strdup(rel);
    if (k && hmap_get(&st->now, k)) { free(k); k = NULL; }   /* written twice: last wins */
    if (k) hmap_put(&st->now, k, (void *)(uintptr_t)h);
    else hmap_put(&st->now, rel, (void *)(uintptr_t)h);     /* key already owned */
    void *ph = hmap_get(&st->prev.files, rel);
    int same = ph && (uint64_t)(uintptr_t)ph == h;
    int must = 1;
    if (same && st->reuse) {
        /* the destination has these bytes; the previous site has them too
         * unless the last build changed the file */
        if (hmap_get(&st->prev.changed, rel)) {
            char *c = strdup(rel);
            if (c && !hmap_get(&st->catchup, c)) hmap_put(&st->catchup, c, c);
            else free(c);
        }
        __atomic_add_fetch(&st->kept, 1, __ATOMIC_RELAXED);
        must = 0;
    }
    if (!same && !hmap_get(&st->changed, rel)) {
        char *c = strdup(rel);
        if (c) hmap_put(&st->changed, c, (void *)(uintptr_t)(ph ? INCR_MODIFIED : INCR_CREATED));
    }
    if (must && st->reuse && !st->dirty) {
        /* from here on the previous site differs from what the manifest says */
        incr_forget(st->manifest);
        st->dirty = 1;
    }
    pthread_mutex_unlock(&st->lock);
    return must;
}

/* Makes room for a file at path inside the staging folder when the
 * previous site had a folder there, or a file where a folder is needed. */
static void clear_way(const char *root, const char *rel)
{
    buf b = BUF_INIT;
    for (const char *q = rel; *q; q++) {
        if (*q != '/') continue;
        buf_reset(&b);
        buf_printf(&b, "%s/%.*s", root, (int)(q - rel), rel);
        if (fsx_kind(buf_cstr(&b)) == 2 || fsx_kind(buf_cstr(&b)) == 3) unlink(buf_cstr(&b));
    }
    buf_reset(&b);
    buf_printf(&b, "%s/%s", root, rel);
    if (fsx_kind(buf_cstr(&b)) == 1) fsx_rmtree(buf_cstr(&b));
    buf_free(&b);
}

int out_write(out_stage *st, const char *rel, const char *data, size_t len, diag_list *d)
{
    if (!out_path_ok(rel)) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, "refusing to write \"%s\": not a path inside the site", rel);
        return -1;
    }
    if (!note(st, rel, incr_hash(data, len))) return 0;
    char *path = fsx_join(st->dir, rel);
    int rc = fsx_write(path, data, len);
    if (rc < 0 && st->reuse) { clear_way(st->dir, rel); rc = fsx_write(path, data, len); }
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
    /* A copied file is known by its source's size, time and inode: reading
     * every photo and static file again would cost more than copying. */
    struct stat sb;
    long long sig[4] = { 0 };
    if (stat(from, &sb) == 0) {
        sig[0] = sb.st_size; sig[1] = sb.st_mtim.tv_sec; sig[2] = sb.st_mtim.tv_nsec;
        sig[3] = (long long)sb.st_ino;
    }
    if (!note(st, rel, incr_hash(sig, sizeof sig) ^ 1)) return 0;
    char *path = fsx_join(st->dir, rel);
    int rc = fsx_copy(from, path);
    if (rc < 0 && st->reuse) { clear_way(st->dir, rel); rc = fsx_copy(from, path); }
    if (rc < 0) diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot copy to %s: %s", rel, strerror(errno));
    free(path);
    __atomic_add_fetch(&st->copied, 1, __ATOMIC_RELAXED);
    return rc;
}

int out_known(out_stage *st, const char *rel)
{
    return st->prev.valid && hmap_get(&st->prev.files, rel) != NULL;
}

int out_keep(out_stage *st, const char *rel, diag_list *d)
{
    void *ph = hmap_get(&st->prev.files, rel);
    if (!st->prev.valid || !ph || !out_path_ok(rel)) {
        diag_add(d, DIAG_ERROR, NULL, 0, 0, "internal: cannot keep %s from the last build; build with --clean", rel);
        return -1;
    }
    if (!note(st, rel, (uint64_t)(uintptr_t)ph)) return 0;
    /* the previous site lacks it: copy the destination's (unchanged all the same) */
    __atomic_add_fetch(&st->kept, 1, __ATOMIC_RELAXED);
    char *from = fsx_join(st->dest, rel), *to = fsx_join(st->dir, rel);
    int rc = fsx_copy(from, to);
    if (rc < 0) { clear_way(st->dir, rel); rc = fsx_copy(from, to); }
    if (rc < 0) diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot copy %s: %s", rel, strerror(errno));
    free(from);
    free(to);
    return rc;
}

void out_capture_begin(out_stage *st)
{
    pthread_mutex_lock(&st->lock);
    st->capturing = 1;
    st->n_capture = 0;
    pthread_mutex_unlock(&st->lock);
}

size_t out_capture_end(out_stage *st, char ***rels)
{
    pthread_mutex_lock(&st->lock);
    st->capturing = 0;
    *rels = st->capture;
    size_t n = st->n_capture;
    st->capture = NULL;
    st->n_capture = st->cap_capture = 0;
    pthread_mutex_unlock(&st->lock);
    return n;
}

int out_exists(out_stage *st, const char *rel)
{
    pthread_mutex_lock(&st->lock);
    int found = hmap_get(&st->now, rel) != NULL;
    pthread_mutex_unlock(&st->lock);
    return found;
}

size_t out_changes(out_stage *st)
{
    pthread_mutex_lock(&st->lock);
    size_t n = st->changed.n;
    pthread_mutex_unlock(&st->lock);
    return n;
}

/* Unlinks root/rel and the folders it leaves empty. */
static void remove_file(const char *root, const char *rel)
{
    char *p = fsx_join(root, rel);
    if (unlink(p) == 0) {
        char *slash;
        while ((slash = strrchr(p, '/')) && (size_t)(slash - p) > strlen(root)) {
            *slash = '\0';
            if (rmdir(p) < 0) break;
        }
    }
    free(p);
}

/* Brings the previous site (reuse) up to this build: files the last build
 * changed are copied from the destination, files this build no longer makes
 * are removed. */
static int finish_reuse(out_stage *st, diag_list *d)
{
    for (size_t i = 0; i < st->catchup.cap; i++) {
        const char *rel = st->catchup.keys[i];
        if (!rel) continue;
        char *from = fsx_join(st->dest, rel), *to = fsx_join(st->dir, rel);
        int rc = fsx_copy(from, to);
        if (rc < 0) { clear_way(st->dir, rel); rc = fsx_copy(from, to); }
        if (rc < 0) diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot copy %s: %s", rel, strerror(errno));
        free(from); free(to);
        if (rc < 0) return -1;
    }
    /* the previous site holds the destination's files, less those the last
     * build created, plus those it deleted */
    for (size_t i = 0; i < st->prev.files.cap; i++) {
        const char *rel = st->prev.files.keys[i];
        if (!rel || hmap_get(&st->now, rel)) continue;
        if ((uintptr_t)hmap_get(&st->prev.changed, rel) != INCR_CREATED) remove_file(st->dir, rel);
    }
    for (size_t i = 0; i < st->prev.changed.cap; i++) {
        const char *rel = st->prev.changed.keys[i];
        if (rel && (uintptr_t)st->prev.changed.vals[i] == INCR_DELETED && !hmap_get(&st->now, rel))
            remove_file(st->dir, rel);
    }
    return 0;
}

int out_commit(out_stage *st, uint64_t inputs, diag_list *d)
{
    /* files of the destination this build does not make */
    for (size_t i = 0; i < st->prev.files.cap; i++) {
        const char *rel = st->prev.files.keys[i];
        if (rel && !hmap_get(&st->now, rel)) {
            char *c = strdup(rel);
            if (c) hmap_put(&st->changed, c, (void *)(uintptr_t)INCR_DELETED);
        }
    }
    if (st->reuse && st->changed.n == 0) {
        /* Nothing differs: the destination stays, nothing is written. If
         * the manifest only lacks the new inputs' signature, refresh it. */
        if (st->prev.inputs != inputs)
            incr_save(st->manifest, inputs, st->prev.cur_ino, st->prev.prev_ino, &st->prev.files,
                      &st->prev.changed);
        st->final_inputs = inputs;
        st->final_ino = st->prev.cur_ino;
        return 0;
    }
    if (st->reuse && finish_reuse(st, d) < 0) return -1;
    if (st->reuse && !st->dirty) { incr_forget(st->manifest); st->dirty = 1; }
    int k = fsx_kind(st->dest);
    ino_t kept_ino = 0;
    if (k == 1) {
        /* One atomic exchange: the destination is always a complete site. */
        if (renameat2(AT_FDCWD, st->dir, AT_FDCWD, st->dest, RENAME_EXCHANGE) < 0) {
            diag_add(d, DIAG_ERROR, NULL, 0, 0, "cannot replace %s: %s", st->dest, strerror(errno));
            return -1;
        }
        /* st->dir now holds the site of the last build. Keep it for the
         * next build when the manifest says what is in it; else delete it. */
        if (st->prev.valid) {
            if (!st->reuse) {
                if (fsx_kind(st->prev_dir) >= 0) remove_in_background(st->prev_dir);
                if (rename(st->dir, st->prev_dir) < 0) remove_in_background(st->dir);
            }
            kept_ino = incr_ino(st->prev_dir);
        } else {
            remove_in_background(st->dir);
        }
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
    /* the cache folder may not exist yet */
    char *slash = strrchr(st->manifest, '/');
    if (slash) {
        *slash = '\0';
        fsx_mkdirs(st->manifest);
        *slash = '/';
    }
    st->final_inputs = inputs;
    st->final_ino = incr_ino(st->dest);
    incr_save(st->manifest, inputs, st->final_ino, kept_ino, &st->now, &st->changed);
    return 0;
}

void out_end(out_stage *st)
{
    free(st->dir); st->dir = NULL;
    free(st->dest); st->dest = NULL;
    free(st->prev_dir); st->prev_dir = NULL;
    free(st->manifest); st->manifest = NULL;
    free_keys(&st->now);
    free_keys(&st->changed);
    free_keys(&st->catchup);
    for (size_t i = 0; i < st->n_capture; i++) free(st->capture[i]);
    free(st->capture);
    st->capture = NULL;
    incr_free(&st->prev);
    pthread_mutex_destroy(&st->lock);
}

void out_abort(out_stage *st)
{
    /* A fresh staging folder goes; the previous site stays (the manifest was
     * removed when it was first written to, so the next build starts over). */
    if (st->dir && !st->reuse) fsx_rmtree(st->dir);
    out_end(st);
}

/* Copies the tree from (files and folders) to the new folder to. */
static int copy_tree_to(const char *from, const char *to, int depth)
{
    if (depth > 64 || mkdir(to, 0755) < 0) return -1;
    char **names;
    long n = fsx_list(from, &names);
    if (n < 0) return -1;
    int rc = 0;
    for (long i = 0; i < n && rc == 0; i++) {
        char *a = fsx_join(from, names[i]), *b = fsx_join(to, names[i]);
        int k = a && b ? fsx_kind(a) : -1;
        if (k == 1) rc = copy_tree_to(a, b, depth + 1);
        else if (k == 2) rc = fsx_copy(a, b);
        free(a);
        free(b);
    }
    fsx_list_free(names, n);
    return rc;
}

int out_prime_previous(const char *dest, const char *source)
{
    char *parent, *base;
    split(dest, &parent, &base);
    char *rsrc = realpath(source, NULL), *rpar = realpath(parent, NULL);
    int rc = -1;
    buf full = BUF_INIT, prev = BUF_INIT, tmp = BUF_INIT;
    incr_manifest m;
    memset(&m, 0, sizeof m);
    char *manifest = NULL;
    if (!rsrc || !rpar) goto done;
    buf_printf(&full, "%s/%s", strcmp(rpar, "/") ? rpar : "", base);
    buf_printf(&prev, "%s/.%s.lotrinh-prev", rpar, base);
    buf_printf(&tmp, "%s/.%s.lotrinh-prime-%ld", rpar, base, (long)getpid());
    if (fsx_kind(buf_cstr(&prev)) >= 0) goto done;   /* there is one (the usual case): no more to do */
    manifest = incr_manifest_path(rsrc, buf_cstr(&full));
    incr_load(&m, manifest);
    /* only for a manifest that describes dest */
    if (!m.valid || m.cur_ino != incr_ino(buf_cstr(&full))) goto done;
    fsx_rmtree(buf_cstr(&tmp));
    if (copy_tree_to(buf_cstr(&full), buf_cstr(&tmp), 0) < 0 || rename(buf_cstr(&tmp), buf_cstr(&prev)) < 0) {
        fsx_rmtree(buf_cstr(&tmp));
        goto done;
    }
    /* the copy equals dest: the last build changed nothing in it */
    hmap none;
    hmap_init(&none);
    rc = incr_save(manifest, m.inputs, m.cur_ino, incr_ino(buf_cstr(&prev)), &m.files, &none);
    hmap_free(&none);
done:
    incr_free(&m);
    free(manifest);
    buf_free(&full);
    buf_free(&prev);
    buf_free(&tmp);
    free(rsrc);
    free(rpar);
    free(parent);
    free(base);
    return rc;
}
