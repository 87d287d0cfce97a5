/* diag: collected, sorted diagnostics (see diag.h). */
#include "diag.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"

struct diag_list {
    pthread_mutex_t lock;
    diag_item *items;
    size_t n, cap;
    size_t errors, warnings;
    int sorted;
};

diag_list *diag_new(void)
{
    diag_list *d = calloc(1, sizeof *d);
    if (d) pthread_mutex_init(&d->lock, NULL);
    return d;
}

void diag_free(diag_list *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].msg);
        free(d->items[i].hint);
    }
    free(d->items);
    pthread_mutex_destroy(&d->lock);
    free(d);
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* Appends an item; the caller holds the lock. Allocation failure drops the
 * message but still counts it, so a build never passes by losing an error. */
static void push_locked(diag_list *d, diag_item it)
{
    if (it.level == DIAG_ERROR) d->errors++; else d->warnings++;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        diag_item *p = realloc(d->items, cap * sizeof *p);
        if (!p) { free(it.file); free(it.msg); free(it.hint); return; }
        d->items = p;
        d->cap = cap;
    }
    d->items[d->n++] = it;
    d->sorted = 0;
}

void diag_add(diag_list *d, diag_level lvl, const char *file, int line, int col,
              const char *fmt, ...)
{
    buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    diag_item it = { lvl, dup_or_null(file), line, col, buf_detach(&b, NULL), NULL };
    pthread_mutex_lock(&d->lock);
    push_locked(d, it);
    pthread_mutex_unlock(&d->lock);
}

void diag_hint(diag_list *d, const char *fmt, ...)
{
    buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&d->lock);
    if (d->n) {
        free(d->items[d->n - 1].hint);
        d->items[d->n - 1].hint = buf_detach(&b, NULL);
    } else {
        buf_free(&b);
    }
    pthread_mutex_unlock(&d->lock);
}

size_t diag_errors(const diag_list *d) { return d->errors; }
size_t diag_warnings(const diag_list *d) { return d->warnings; }
size_t diag_count(const diag_list *d) { return d->n; }

static int cmp_item(const void *a, const void *b)
{
    const diag_item *x = a, *y = b;
    const char *fx = x->file ? x->file : "", *fy = y->file ? y->file : "";
    int c = strcmp(fx, fy);
    if (c) return c;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    if (x->level != y->level) return x->level == DIAG_ERROR ? -1 : 1;
    return strcmp(x->msg ? x->msg : "", y->msg ? y->msg : "");
}

static int same_item(const diag_item *x, const diag_item *y)
{
    return cmp_item(x, y) == 0 && x->level == y->level && !strcmp(x->msg ? x->msg : "", y->msg ? y->msg : "");
}

/* Sorts, and drops exact repeats (a file that each worker thread reads,
 * such as an i18n file, reports its problem once). */
static void sort_locked(diag_list *d)
{
    if (!d->sorted && d->n > 1) {
        qsort(d->items, d->n, sizeof *d->items, cmp_item);
        size_t k = 1;
        for (size_t i = 1; i < d->n; i++) {
            if (same_item(&d->items[k - 1], &d->items[i])) {
                if (d->items[i].level == DIAG_ERROR) d->errors--; else d->warnings--;
                free(d->items[i].file); free(d->items[i].msg); free(d->items[i].hint);
            } else {
                d->items[k++] = d->items[i];
            }
        }
        d->n = k;
    }
    d->sorted = 1;
}

const diag_item *diag_get(diag_list *d, size_t i)
{
    pthread_mutex_lock(&d->lock);
    sort_locked(d);
    const diag_item *it = i < d->n ? &d->items[i] : NULL;
    pthread_mutex_unlock(&d->lock);
    return it;
}

void diag_print(diag_list *d, FILE *f, int color)
{
    pthread_mutex_lock(&d->lock);
    sort_locked(d);
    for (size_t i = 0; i < d->n; i++) {
        const diag_item *it = &d->items[i];
        if (it->file) {
            fputs(it->file, f);
            if (it->line > 0) fprintf(f, ":%d", it->line);
            if (it->line > 0 && it->col > 0) fprintf(f, ":%d", it->col);
            fputs(": ", f);
        }
        const char *word = it->level == DIAG_ERROR ? "error" : "warning";
        if (color)
            fprintf(f, "\033[1;%dm%s:\033[0m ", it->level == DIAG_ERROR ? 31 : 35, word);
        else
            fprintf(f, "%s: ", word);
        fprintf(f, "%s\n", it->msg ? it->msg : "(out of memory)");
        if (it->hint) fprintf(f, "  hint: %s\n", it->hint);
    }
    pthread_mutex_unlock(&d->lock);
}

void diag_merge(diag_list *dst, diag_list *src)
{
    if (dst == src) return;
    pthread_mutex_lock(&src->lock);
    pthread_mutex_lock(&dst->lock);
    for (size_t i = 0; i < src->n; i++) push_locked(dst, src->items[i]);
    free(src->items);
    src->items = NULL;
    src->n = src->cap = src->errors = src->warnings = 0;
    pthread_mutex_unlock(&dst->lock);
    pthread_mutex_unlock(&src->lock);
}
