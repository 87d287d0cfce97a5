/* par: runs one function on several threads at once (the build's workers
 * share their work through an atomic counter of their own). */
#ifndef LT_PAR_H
#define LT_PAR_H
#include <stddef.h>

/* Runs fn(arg) on jobs threads (this one included; 1 to 64) and waits for
 * them all. If fewer threads can be started, the ones there do the work. */
void par_run(int jobs, void *(*fn)(void *), void *arg);

/* Calls fn(ud, i) once for every i in [0, n), on jobs threads that take
 * the next i as they finish one; returns once all are done. fn returns 0,
 * or -1 for a failure: then par_for returns -1 (after doing them all). */
int par_for(int jobs, size_t n, int (*fn)(void *ud, size_t i), void *ud);

#endif
