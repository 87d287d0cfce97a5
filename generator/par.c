/* par: a function on several threads (par.h). */
#include "par.h"
#include <pthread.h>

void par_run(int jobs, void *(*fn)(void *), void *arg)
{
    if (jobs > 64) jobs = 64;
    pthread_t th[64];
    int started = 0;
    for (int i = 1; i < jobs; i++)
        if (pthread_create(&th[started], NULL, fn, arg) == 0) started++;
    fn(arg);
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
}

typedef struct par_items {
    int (*fn)(void *ud, size_t i);
    void *ud;
    size_t n, next;          /* next item to take (atomic) */
    int failed;
} par_items;

static void *take_items(void *arg)
{
    par_items *w = arg;
    for (;;) {
        size_t i = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED);
        if (i >= w->n) break;
        if (w->fn(w->ud, i) < 0) __atomic_store_n(&w->failed, 1, __ATOMIC_RELAXED);
    }
    return NULL;
}

int par_for(int jobs, size_t n, int (*fn)(void *ud, size_t i), void *ud)
{
    par_items w = { fn, ud, n, 0, 0 };
    if ((size_t)jobs > n) jobs = n ? (int)n : 1;
    par_run(jobs < 1 ? 1 : jobs, take_items, &w);
    return w.failed ? -1 : 0;
}
