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
