/* pool.c — the searchers byline-serve's request threads share.
 *
 * A bl_searcher holds a Xapian database handle, which is not safe to use from two threads
 * at once (lib/search.c keeps one xc_db per searcher and its last error in the handle), so
 * each request borrows a searcher of its own for its duration.  The pool is as large as the
 * HTTP thread pool, so a request waits only if the daemon is configured with more threads
 * than searchers.  Each borrow first reopens the searcher: a cheap check of the index's
 * revision locally, which makes a commit of a running byline-index visible to the next
 * request.
 */
#include "serve.h"

#include <stdlib.h>

bl_status sv_pool_open(sv_pool *p, size_t size, const char *const *locations, size_t n,
                       const bl_searcher_options *o, char **err)
{
    *err = NULL;
    p->idle = calloc(size, sizeof *p->idle);
    p->n_idle = p->size = 0;
    if (!p->idle)
        return BL_ERR_NO_MEMORY;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    for (size_t i = 0; i < size; i++) {
        bl_status st = bl_searcher_open_ex(locations, n, o, &p->idle[i], err);
        if (st != BL_OK) {
            sv_pool_close(p);
            return st;
        }
        p->n_idle = p->size = i + 1;
    }
    return BL_OK;
}

bl_searcher *sv_pool_take(sv_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->n_idle == 0)
        pthread_cond_wait(&p->freed, &p->lock);
    bl_searcher *s = p->idle[--p->n_idle];
    pthread_mutex_unlock(&p->lock);
    /* failure keeps the version the searcher had: the request is still answered */
    bl_searcher_reopen(s, NULL);
    return s;
}

void sv_pool_give(sv_pool *p, bl_searcher *s)
{
    pthread_mutex_lock(&p->lock);
    p->idle[p->n_idle++] = s;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

void sv_pool_close(sv_pool *p)
{
    if (!p->idle)
        return;
    for (size_t i = 0; i < p->n_idle; i++)
        bl_searcher_close(p->idle[i]);
    free(p->idle);
    p->idle = NULL;
    p->n_idle = p->size = 0;
    pthread_cond_destroy(&p->freed);
    pthread_mutex_destroy(&p->lock);
}
