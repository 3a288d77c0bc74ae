/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pool.c — the searchers byline-serve's request threads share.
 *
 * A bl_searcher holds a Xapian database handle, which is not safe to use from two threads
 * at once (lib/search.c keeps one xc_db per searcher and its last error in the handle), so
 * each request borrows a searcher of its own for its duration.  The pool is as large as the
 * HTTP thread pool, so a request waits only if the daemon is configured with more threads
 * than searchers.
 *
 * Each borrow makes the searcher current.  Usually that is bl_searcher_reopen: a cheap check
 * of the index's revision, which makes a commit of a running byline-index visible to the
 * next request.  But a reopen keeps the same shards, and `byline-index --compact` replaces
 * them (a new folder named by a rewritten stub, or a folder swapped in by rename): so the
 * pool also watches what the -d locations are on disk (device, inode, and a stub's mtime)
 * and, when that changes, opens each searcher afresh as it is next borrowed.
 */
#include "serve.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void hash_add(uint64_t *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ p[i]) * 0x100000001b3ULL;
}

static void hash_file(uint64_t *h, const char *path, int with_mtime)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        hash_add(h, "-", 1); /* absent (or remote): only its coming or going counts */
        return;
    }
    hash_add(h, &st.st_dev, sizeof st.st_dev);
    hash_add(h, &st.st_ino, sizeof st.st_ino);
    if (with_mtime)
        hash_add(h, &st.st_mtim, sizeof st.st_mtim);
}

/* What the locations are on disk: a folder's identity (not its mtime, which every commit of
 * an unsharded index changes), a stub's identity and mtime.  Remote locations hash as
 * absent, so they never trigger a fresh open (a reopen follows their commits). */
static uint64_t locations_signature(const sv_pool *p)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    char stub[4096];
    for (size_t i = 0; i < p->n_locations; i++) {
        struct stat st;
        int is_dir = stat(p->locations[i], &st) == 0 && S_ISDIR(st.st_mode);
        hash_file(&h, p->locations[i], !is_dir);
        if (is_dir && snprintf(stub, sizeof stub, "%s/XAPIANDB", p->locations[i]) <
                          (int)sizeof stub)
            hash_file(&h, stub, 1);
    }
    return h;
}

bl_status sv_pool_open(sv_pool *p, size_t size, const char *const *locations, size_t n,
                       const bl_searcher_options *o, char **err)
{
    *err = NULL;
    memset(p, 0, sizeof *p);
    p->locations = locations;
    p->n_locations = n;
    p->options = o;
    p->slots = calloc(size, sizeof *p->slots);
    p->idle = calloc(size, sizeof *p->idle);
    if (!p->slots || !p->idle) {
        free(p->slots);
        free(p->idle);
        return BL_ERR_NO_MEMORY;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    p->signature = locations_signature(p);
    for (size_t i = 0; i < size; i++) {
        bl_status st = bl_searcher_open_ex(locations, n, o, &p->slots[i].searcher, err);
        if (st != BL_OK) {
            sv_pool_close(p);
            return st;
        }
        p->idle[p->n_idle++] = &p->slots[i];
        p->size = i + 1;
    }
    return BL_OK;
}

/* Make the slot's searcher see the index as it is now (see the top of the file). */
static void refresh(sv_pool *p, sv_slot *slot, unsigned generation)
{
    if (slot->generation != generation) {
        bl_searcher *fresh = NULL;
        char *err = NULL;
        if (bl_searcher_open_ex(p->locations, p->n_locations, p->options, &fresh, &err) ==
            BL_OK) {
            bl_searcher_close(slot->searcher);
            slot->searcher = fresh;
            slot->generation = generation;
            free(err);
            return;
        }
        /* e.g. caught between a compaction's steps: keep the searcher, try again next time */
        fprintf(stderr, "byline-serve: warning: reopening the index failed (%s); still "
                "answering from the version opened before\n", err ? err : "?");
        free(err);
    }
    /* failure keeps the version the searcher had: the request is still answered */
    bl_searcher_reopen(slot->searcher, NULL);
}

bl_searcher *sv_pool_take(sv_pool *p)
{
    uint64_t sig = locations_signature(p);
    pthread_mutex_lock(&p->lock);
    if (sig != p->signature) {
        p->signature = sig;
        p->generation++;
    }
    unsigned generation = p->generation;
    while (p->n_idle == 0)
        pthread_cond_wait(&p->freed, &p->lock);
    sv_slot *slot = p->idle[--p->n_idle];
    pthread_mutex_unlock(&p->lock);
    refresh(p, slot, generation);
    return slot->searcher;
}

void sv_pool_give(sv_pool *p, bl_searcher *s)
{
    pthread_mutex_lock(&p->lock);
    for (size_t i = 0; i < p->size; i++)
        if (p->slots[i].searcher == s) {
            p->idle[p->n_idle++] = &p->slots[i];
            break;
        }
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

void sv_pool_close(sv_pool *p)
{
    if (!p->slots)
        return;
    for (size_t i = 0; i < p->size; i++)
        bl_searcher_close(p->slots[i].searcher);
    free(p->slots);
    free(p->idle);
    p->slots = NULL;
    p->idle = NULL;
    p->n_idle = p->size = 0;
    pthread_cond_destroy(&p->freed);
    pthread_mutex_destroy(&p->lock);
}
