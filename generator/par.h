/* par: runs one function on several threads at once (the build's workers
 * share their work through an atomic counter of their own). */
#ifndef LT_PAR_H
#define LT_PAR_H

/* Runs fn(arg) on jobs threads (this one included; 1 to 64) and waits for
 * them all. If fewer threads can be started, the ones there do the work. */
void par_run(int jobs, void *(*fn)(void *), void *arg);

#endif
