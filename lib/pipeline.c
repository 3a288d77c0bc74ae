/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pipeline.c — parallel, incremental, batch-committing indexing (bl_indexer).
 *
 * The calling thread walks the inputs (bl_ingest_path: reading, JSON parsing, UTF-8 repair)
 * and copies each document into one malloc()ed block on the queue of a worker.  Each of the
 * `jobs` workers owns an analyzer, builds the Xapian document (analysis, stems, entities,
 * stored data) and writes it to the document's shard (fnv1a64(id) % shards) under that
 * shard's lock.  With as many shards as workers, worker w gets exactly the documents of the
 * shards s with s % jobs == w, so writers never wait for each other and each shard is fed by
 * one thread; with fewer shards (e.g. one), workers take documents in turn and share the
 * shard lock: that is the "one writer fed by workers" design.
 *
 * Memory is bounded: queues hold at most a few MiB each, and a commit comes every
 * `batch_bytes` of text (a fraction of --memory, since Xapian keeps the postings of a batch
 * in memory until it is written).  A commit first drains every queue (the reading thread
 * waits until all workers are idle), then commits every shard at once, then writes the file
 * records gathered since the last commit into shard 0 and commits it alone (see commit()).
 *
 * Incremental runs: each file indexed completely is recorded in shard 0's metadata under
 * "byline.file:" + its path relative to the root, as "v1 SIZE MTIME_S MTIME_NS HASH\tROOT".
 * A file with the same size and mtime is skipped without being read; one whose mtime changed
 * but whose content hash did not is skipped too (its record is refreshed); any other file
 * that has a record is read again: its documents replace the earlier ones by id, and the ids
 * it had at the last commit (found through its boolean term "P" + path) that it no longer
 * gives are deleted once it has been read, so lines gone from a JSON Lines file disappear.
 * A file with rejected documents is not recorded, so the next run reports them again.
 */
#include "byline.h"
#include "budget.h"
#include "hash.h"
#include "index_internal.h"
#include "layout.h"
#include "schema.h"
#include "status.h"
#include "util.h"
#include "xapian_c.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Later batches hold 1/BATCH_GROWTH of the text indexed so far (see batch_limit). */
#define BATCH_GROWTH 16

/* Documents at least this large skip the queues (see on_document). */
#define BL_HUGE_DOC ((size_t)16 << 20)

/* One queued document: the struct, its authors array and every string in one block. */
typedef struct item {
    struct item *next;
    size_t bytes;
    bl_document doc;
} item;

typedef struct worker {
    struct bl_indexer *x;
    pthread_t thread;
    int started;
    bl_analyzer *analyzer;
    pthread_mutex_t mu;
    pthread_cond_t nonempty, space;
    item *head, *tail;
    size_t queued_bytes, queued;
    int quit;
    unsigned long added, replaced, rejected;
} worker;

typedef struct record {  /* a file record waiting for the next commit */
    char *key, *value;
} record;

struct bl_indexer {
    bl_index *ix;
    char *path;
    bl_indexer_options o;
    size_t nshards;
    worker *workers;
    size_t nworkers;
    size_t rr;                       /* round-robin turn when shards < workers */
    size_t queue_cap_bytes;
    unsigned long long batch_bytes, since_commit;
    unsigned long long batch_cap; /* batches never exceed this (--memory/48) */
    unsigned long long run_bytes; /* text queued in this run so far */

    pthread_mutex_t mu;              /* guards inflight */
    pthread_cond_t idle;
    unsigned long inflight;          /* documents queued and not yet written */

    record *pending;
    size_t n_pending, cap_pending;
    char **visited;                  /* relative paths of files seen in this run */
    size_t n_visited, cap_visited;
    char **roots;                    /* absolute roots given in this run */
    size_t n_roots;
    char **id_roots;                 /* folders file ids are relative to (real paths): those
                                        recorded by earlier runs, and this run's new ones */
    size_t n_id_roots;
    unsigned long reader_commits;    /* x->stats.commits when the reader was last opened */
    int reader_has_docs;             /* the index held documents when opened, or a commit
                                        came since: files without a record may have some */

    char *cur_value;                 /* record of the file being read */
    char *cur_key;
    char **old_ids;                  /* sorted ids the file being read had at the last commit */
    unsigned char *old_seen;         /* which of them it gave again */
    size_t n_old;
    xc_db *reader;                   /* read-only view of the last commit (lazily opened) */
    unsigned long rejected_at_begin; /* problems before the current file */
    bl_analyzer *own;                /* the reading thread's analyzer, for huge documents */

    bl_ingest_options gopts;
    bl_indexer_stats stats;
    unsigned long long total_bytes;
    double t0, last_progress;
    bl_status sticky;
    char error[512];
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bl_status xfail(bl_indexer *x, bl_status st, const char *msg)
{
    if (!x->sticky) {
        x->sticky = st;
        snprintf(x->error, sizeof x->error, "%s", msg ? msg : bl_status_to_string(st));
    }
    return st;
}

static bl_status xfail_ix(bl_indexer *x, bl_status st)
{
    char m[512];
    bl_index_error_copy(x->ix, m, sizeof m); /* workers may be writing it: copy under lock */
    return xfail(x, st, *m ? m : bl_status_to_string(st));
}

const char *bl_indexer_last_error(const bl_indexer *x) { return x ? x->error : ""; }

/* ---- workers --------------------------------------------------------------------------- */

static item *copy_doc(const bl_document *d)
{
    size_t n = sizeof(item) + d->n_authors * sizeof(char *);
    const char *strs[6] = {d->id, d->title, d->date, d->source, d->url, d->path};
    for (size_t i = 0; i < 6; i++)
        if (strs[i])
            n += strlen(strs[i]) + 1;
    for (size_t i = 0; i < d->n_authors; i++)
        n += (d->authors[i] ? strlen(d->authors[i]) : 0) + 1;
    n += d->text_len + 1;
    item *it = malloc(n);
    if (!it)
        return NULL;
    memset(it, 0, sizeof *it);
    it->bytes = n;
    char **authors = (char **)(it + 1);
    char *p = (char *)(authors + d->n_authors);
    const char **dst[6] = {&it->doc.id, &it->doc.title, &it->doc.date, &it->doc.source,
                           &it->doc.url, &it->doc.path};
    for (size_t i = 0; i < 6; i++) {
        if (!strs[i])
            continue;
        size_t l = strlen(strs[i]) + 1;
        memcpy(p, strs[i], l);
        *dst[i] = p;
        p += l;
    }
    for (size_t i = 0; i < d->n_authors; i++) {
        const char *a = d->authors[i] ? d->authors[i] : "";
        size_t l = strlen(a) + 1;
        memcpy(p, a, l);
        authors[i] = p;
        p += l;
    }
    it->doc.authors = (const char *const *)authors;
    it->doc.n_authors = d->n_authors;
    memcpy(p, d->text, d->text_len);
    p[d->text_len] = '\0';
    it->doc.text = p;
    it->doc.text_len = d->text_len;
    return it;
}

static void done_one(bl_indexer *x)
{
    pthread_mutex_lock(&x->mu);
    if (--x->inflight == 0)
        pthread_cond_broadcast(&x->idle);
    pthread_mutex_unlock(&x->mu);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    bl_indexer *x = w->x;
    for (;;) {
        pthread_mutex_lock(&w->mu);
        while (!w->head && !w->quit)
            pthread_cond_wait(&w->nonempty, &w->mu);
        item *it = w->head;
        if (!it) {
            pthread_mutex_unlock(&w->mu);
            break;
        }
        w->head = it->next;
        if (!w->head)
            w->tail = NULL;
        w->queued_bytes -= it->bytes;
        w->queued--;
        pthread_cond_signal(&w->space);
        pthread_mutex_unlock(&w->mu);

        xc_doc *doc = NULL;
        char qterm[BL_QTERM_MAX];
        char why[256]; /* this worker's own reason: never the index's shared message */
        bl_status st = bl_index_build(x->ix, w->analyzer, &it->doc, &doc, qterm, why,
                                      sizeof why);
        if (st == BL_OK) {
            int replaced = 0;
            st = bl_index_put(x->ix, bl_index_shard_of(x->ix, it->doc.id), qterm, doc,
                              &replaced);
            if (st == BL_OK)
                replaced ? w->replaced++ : w->added++;
        } else if (st == BL_ERR_INPUT || st == BL_ERR_ARGUMENT) {
            pthread_mutex_lock(&w->mu);
            w->rejected++;
            pthread_mutex_unlock(&w->mu);
            if (x->o.problem_cb) {
                char msg[600];
                snprintf(msg, sizeof msg, "document %.200s: %s", it->doc.id ? it->doc.id : "",
                         why);
                x->o.problem_cb(x->o.ctx, BL_REJECTED, it->doc.path ? it->doc.path : "", 0,
                                msg);
            }
        }
        xc_doc_free(doc);
        free(it);
        done_one(x);
    }
    return NULL;
}

static void push(bl_indexer *x, worker *w, item *it)
{
    pthread_mutex_lock(&x->mu);
    x->inflight++;
    pthread_mutex_unlock(&x->mu);
    pthread_mutex_lock(&w->mu);
    while (w->queued && (w->queued_bytes + it->bytes > x->queue_cap_bytes || w->queued >= 4096))
        pthread_cond_wait(&w->space, &w->mu);
    it->next = NULL;
    if (w->tail)
        w->tail->next = it;
    else
        w->head = it;
    w->tail = it;
    w->queued_bytes += it->bytes;
    w->queued++;
    pthread_cond_signal(&w->nonempty);
    pthread_mutex_unlock(&w->mu);
}

/* Wait until every queued document is written. */
static void drain(bl_indexer *x)
{
    pthread_mutex_lock(&x->mu);
    while (x->inflight)
        pthread_cond_wait(&x->idle, &x->mu);
    pthread_mutex_unlock(&x->mu);
}

static bl_status commit(bl_indexer *x)
{
    drain(x);
    if (x->sticky)
        return x->sticky;
    /* The documents first, every shard at once; then the records of the files they came
     * from, in shard 0 alone: a crash in between leaves records that claim nothing more
     * than what is committed (the next run reads those files again). */
    bl_status st = bl_index_commit_all_at_once(x->ix);
    for (size_t i = 0; i < x->n_pending; i++) {
        if (st == BL_OK)
            st = bl_index_meta_set(x->ix, x->pending[i].key, x->pending[i].value,
                                   strlen(x->pending[i].value));
        free(x->pending[i].key);
        free(x->pending[i].value);
    }
    if (st == BL_OK && x->n_pending)
        st = bl_index_commit_first(x->ix);
    x->n_pending = 0;
    if (st != BL_OK)
        return xfail_ix(x, st);
    x->stats.commits++;
    x->reader_has_docs = 1;
    x->since_commit = 0;
    return BL_OK;
}

/* ---- file records ---------------------------------------------------------------------- */

static uint64_t mix(uint64_t h, uint64_t w)
{
    h ^= w;
    h *= 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 31);
}

/* Content hash of a file (64-bit, 8 bytes at a time).  -1 if it cannot be read. */
static int hash_file(const char *path, uint64_t *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    enum { BUF = 1 << 20 };
    unsigned char *buf = malloc(BUF);
    if (!buf) {
        fclose(f);
        return -1;
    }
    uint64_t h = 0x243F6A8885A308D3ULL, total = 0;
    size_t n;
    while ((n = fread(buf, 1, BUF, f)) > 0) {
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            memcpy(&w, buf + i, 8);
            h = mix(h, w);
        }
        uint64_t tail = 0;
        memcpy(&tail, buf + i, n - i);
        if (n > i)
            h = mix(h, tail ^ ((uint64_t)(n - i) << 56));
        total += n;
    }
    int bad = ferror(f);
    free(buf);
    fclose(f);
    if (bad)
        return -1;
    *out = mix(h, total);
    return 0;
}

static char *record_key(const char *rel)
{
    char *k = NULL;
    size_t len = strlen(rel);
    if (len <= 180) {
        if (asprintf(&k, "%s%s", BL_META_FILE, rel) < 0)
            return NULL;
        return k;
    }
    unsigned long long h = bl_fnv1a64(rel, len);
    if (asprintf(&k, "%s%.150s#%016llx", BL_META_FILE, rel, h) < 0)
        return NULL;
    return k;
}

typedef struct frec {
    unsigned long long size, hash;
    long long msec;
    long mnsec;
    const char *root;  /* points into the value */
} frec;

static int parse_record(const char *v, frec *r)
{
    int used = 0;
    if (sscanf(v, "v1 %llu %lld %ld %llx%n", &r->size, &r->msec, &r->mnsec, &r->hash, &used) !=
        4)
        return -1;
    r->root = v[used] == '\t' ? v + used + 1 : "";
    return 0;
}

static const char *root_of(bl_indexer *x)
{
    return x->n_roots ? x->roots[x->n_roots - 1] : "";
}

static int push_visited(bl_indexer *x, const char *rel)
{
    char **nv = bl_grow(x->visited, &x->cap_visited, x->n_visited + 1, sizeof *nv, 256);
    if (!nv)
        return -1;
    x->visited = nv;
    if (!(x->visited[x->n_visited] = strdup(rel)))
        return -1;
    x->n_visited++;
    return 0;
}

static int push_pending(bl_indexer *x, char *key, char *value)
{
    record *np = bl_grow(x->pending, &x->cap_pending, x->n_pending + 1, sizeof *np, 64);
    if (!np)
        return -1;
    x->pending = np;
    x->pending[x->n_pending].key = key;
    x->pending[x->n_pending].value = value;
    x->n_pending++;
    return 0;
}

static void progress(bl_indexer *x, int force)
{
    if (!x->o.progress_cb)
        return;
    double t = now();
    if (!force && t - x->last_progress < 0.25)
        return;
    x->last_progress = t;
    bl_indexer_progress p = {.files = x->stats.ingest.files,
                             .files_unchanged = x->stats.files_unchanged,
                             .documents = x->stats.ingest.documents,
                             .bytes = x->stats.ingest.bytes,
                             .total_bytes = x->total_bytes,
                             .seconds = t - x->t0};
    x->o.progress_cb(x->o.ctx, &p);
}

static int stopping(bl_indexer *x)
{
    if (x->o.stop && *x->o.stop) {
        x->stats.interrupted = 1;
        return 1;
    }
    return x->sticky != BL_OK;
}

static void free_old_ids(bl_indexer *x)
{
    for (size_t i = 0; i < x->n_old; i++)
        free(x->old_ids[i]);
    free(x->old_ids);
    free(x->old_seen);
    x->old_ids = NULL;
    x->old_seen = NULL;
    x->n_old = 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids of the documents that came from file `rel` at the last commit. */
static bl_status old_ids(bl_indexer *x, const char *rel)
{
    free_old_ids(x);
    char *err = NULL;
    xc_status xs = XC_OK;
    if (!x->reader || x->reader_commits != x->stats.commits) /* nothing new since: reuse */
        xs = x->reader ? xc_db_reopen(x->reader) : xc_db_open(x->path, &x->reader, &err);
    if (xs != XC_OK) {
        bl_status st = xfail(x, bl_status_from_xc(xs), err);
        free(err);
        return st;
    }
    x->reader_commits = x->stats.commits;
    char *pterm = NULL;
    if (asprintf(&pterm, "%s%s", BL_PREFIX_PATH, rel) < 0)
        return xfail(x, BL_ERR_NO_MEMORY, NULL);
    unsigned long count = 0;
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *ms = NULL;
    xs = xc_db_term_freq(x->reader, pterm, &count);
    if (xs == XC_OK && count)
        xs = xc_query_term(pterm, strlen(pterm), 1, 0, &q);
    if (xs == XC_OK && count)
        xs = xc_enquire_new_boolean(x->reader, q, &enq);
    if (xs == XC_OK && count)
        xs = xc_enquire_get_mset(enq, 0, (unsigned)count, (unsigned)count, &ms);
    unsigned n = ms ? xc_mset_size(ms) : 0;
    if (xs == XC_OK && n) {
        x->old_ids = calloc(n, sizeof *x->old_ids);
        x->old_seen = calloc(n, 1);
        if (!x->old_ids || !x->old_seen)
            xs = XC_NO_MEMORY;
    }
    for (unsigned i = 0; xs == XC_OK && i < n; i++) {
        char *id = NULL;
        xs = xc_mset_get_value(ms, i, BL_SLOT_ID, &id, NULL);
        if (xs == XC_OK)
            x->old_ids[x->n_old++] = id;
    }
    xc_mset_free(ms);
    xc_enquire_free(enq);
    xc_query_free(q);
    free(pterm);
    if (xs != XC_OK) {
        free_old_ids(x);
        return xfail(x, bl_status_from_xc(xs), "cannot list the documents of a changed file");
    }
    if (x->n_old)
        qsort(x->old_ids, x->n_old, sizeof *x->old_ids, cmp_str);
    return BL_OK;
}

static unsigned long rejected_now(bl_indexer *x)
{
    unsigned long n = 0;
    for (size_t i = 0; i < x->nworkers; i++) {
        pthread_mutex_lock(&x->workers[i].mu);
        n += x->workers[i].rejected;
        pthread_mutex_unlock(&x->workers[i].mu);
    }
    return n;
}

static int on_file_begin(void *ctx, const char *path, const char *rel,
                         const bl_file_info *info)
{
    bl_indexer *x = ctx;
    if (stopping(x))
        return -1;
    progress(x, 0);
    free(x->cur_key);
    free(x->cur_value);
    x->cur_key = x->cur_value = NULL;
    free_old_ids(x);
    x->rejected_at_begin = x->stats.ingest.rejected + x->stats.rejected + rejected_now(x);
    if (push_visited(x, rel) < 0 || !(x->cur_key = record_key(rel))) {
        xfail(x, BL_ERR_NO_MEMORY, NULL);
        return -1;
    }
    char *old = NULL;
    if (bl_index_meta_get(x->ix, x->cur_key, &old, NULL) != BL_OK) {
        xfail_ix(x, BL_ERR_IO);
        return -1;
    }
    frec r;
    int known = *old && parse_record(old, &r) == 0;
    if (known && !x->o.full && r.size == info->size && r.msec == info->mtime_sec &&
        r.mnsec == info->mtime_nsec) {
        free(old);
        x->stats.files_unchanged++;
        return 1;
    }
    uint64_t h = 0;
    int hashed = hash_file(path, &h) == 0;
    if (known && !x->o.full && hashed && r.size == info->size && r.hash == h) {
        /* touched but not changed: refresh the record only */
        free(old);
        char *v = NULL;
        if (asprintf(&v, "v1 %llu %lld %ld %016llx\t%s", info->size, info->mtime_sec,
                     info->mtime_nsec, (unsigned long long)h, root_of(x)) < 0 ||
            push_pending(x, x->cur_key, v) < 0) {
            free(v);
            xfail(x, BL_ERR_NO_MEMORY, NULL);
            return -1;
        }
        x->cur_key = NULL;
        x->stats.files_unchanged++;
        return 1;
    }
    if (*old || x->reader_has_docs) {
        /* changed (or a full re-run, or never recorded because an earlier run rejected some
         * of its documents): remember the ids the file had, so that those it no longer holds
         * are deleted when it has been read (on_file_end) */
        if (*old)
            x->stats.files_changed++;
        if (old_ids(x, rel) != BL_OK) {
            free(old);
            return -1;
        }
    }
    free(old);
    if (hashed && asprintf(&x->cur_value, "v1 %llu %lld %ld %016llx\t%s", info->size,
                           info->mtime_sec, info->mtime_nsec, (unsigned long long)h,
                           root_of(x)) < 0) {
        x->cur_value = NULL;
        xfail(x, BL_ERR_NO_MEMORY, NULL);
        return -1;
    }
    return 0;
}

static void on_file_end(void *ctx, const char *path, const char *rel, int complete)
{
    bl_indexer *x = ctx;
    (void)path;
    (void)rel;
    for (size_t i = 0; complete && !x->sticky && i < x->n_old; i++)
        if (!x->old_seen[i] && bl_index_delete(x->ix, x->old_ids[i]) != BL_OK)
            xfail_ix(x, BL_ERR_IO);
    free_old_ids(x);
    /* A file with rejected documents is not recorded: the next run reads it again (and
     * reports its problems again), e.g. with a larger --max-doc-size. */
    drain(x);
    if (x->stats.ingest.rejected + x->stats.rejected + rejected_now(x) != x->rejected_at_begin)
        complete = 0;
    if (complete && x->cur_key && x->cur_value && !x->sticky) {
        if (push_pending(x, x->cur_key, x->cur_value) < 0) {
            xfail(x, BL_ERR_NO_MEMORY, NULL);
            return;
        }
        x->cur_key = x->cur_value = NULL;
    }
}

static void on_problem(void *ctx, bl_severity sev, const char *file, unsigned long line,
                       const char *message)
{
    bl_indexer *x = ctx;
    if (x->o.problem_cb)
        x->o.problem_cb(x->o.ctx, sev, file, line, message);
}

/* The text to index before the next commit: small batches while the index is small (the
 * cost of Xapian's in-memory maps grows with the batch), larger ones as it grows (each commit
 * merges into a larger B-tree), between batch_bytes and batch_cap. */
static unsigned long long batch_limit(const bl_indexer *x)
{
    unsigned long long want = x->run_bytes / BATCH_GROWTH;
    return want < x->batch_bytes ? x->batch_bytes : want > x->batch_cap ? x->batch_cap : want;
}

static int on_document(void *ctx, const bl_document *d)
{
    bl_indexer *x = ctx;
    if (stopping(x))
        return 1;
    if (x->n_old && d->id) {
        char **hit = bsearch(&d->id, x->old_ids, x->n_old, sizeof *x->old_ids, cmp_str);
        if (hit)
            x->old_seen[hit - x->old_ids] = 1;
    }
    if (d->text_len >= BL_HUGE_DOC) {
        /* A huge document is not copied: once the queues are empty the reading thread
         * indexes it itself, then commits, so only one such document is ever in memory. */
        drain(x);
        bl_status st = BL_OK;
        if (!x->own && !(x->own = bl_index_new_analyzer(x->ix)))
            st = xfail(x, BL_ERR_NO_MEMORY, NULL);
        xc_doc *doc = NULL;
        char qterm[BL_QTERM_MAX];
        char why[256] = "";
        if (st == BL_OK)
            st = bl_index_build(x->ix, x->own, d, &doc, qterm, why, sizeof why);
        int replaced = 0;
        if (st == BL_OK)
            st = bl_index_put(x->ix, bl_index_shard_of(x->ix, d->id), qterm, doc, &replaced);
        xc_doc_free(doc);
        if (st == BL_OK)
            replaced ? x->stats.replaced++ : x->stats.added++;
        else if (st == BL_ERR_INPUT || st == BL_ERR_ARGUMENT) {
            x->stats.rejected++;
            on_problem(x, BL_REJECTED, d->path ? d->path : "", 0, why);
        } else
            return 1;
        x->since_commit = x->batch_bytes;
        if (commit(x) != BL_OK)
            return 1;
        progress(x, 0);
        return 0;
    }
    item *it = copy_doc(d);
    if (!it) {
        xfail(x, BL_ERR_NO_MEMORY, "out of memory copying a document");
        return 1;
    }
    size_t shard = d->id ? bl_index_shard_of(x->ix, d->id) : 0;
    size_t w = x->nshards >= x->nworkers ? shard % x->nworkers : x->rr++ % x->nworkers;
    size_t bytes = d->text_len + (d->title ? strlen(d->title) : 0) + 256;
    x->since_commit += bytes;
    x->run_bytes += bytes;
    push(x, &x->workers[w], it);
    if (x->since_commit >= batch_limit(x) && commit(x) != BL_OK)
        return 1;
    progress(x, 0);
    return 0;
}

/* ---- open / add / prune / close ---------------------------------------------------------- */

static void stop_workers(bl_indexer *x)
{
    for (size_t i = 0; i < x->nworkers; i++) {
        worker *w = &x->workers[i];
        pthread_mutex_lock(&w->mu);
        w->quit = 1;
        pthread_cond_broadcast(&w->nonempty);
        pthread_mutex_unlock(&w->mu);
    }
    for (size_t i = 0; i < x->nworkers; i++) {
        worker *w = &x->workers[i];
        if (w->started)
            pthread_join(w->thread, NULL);
        w->started = 0;
    }
}

static void free_indexer(bl_indexer *x)
{
    for (size_t i = 0; x->workers && i < x->nworkers; i++) {
        worker *w = &x->workers[i];
        bl_analyzer_free(w->analyzer);
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->nonempty);
        pthread_cond_destroy(&w->space);
    }
    free(x->workers);
    for (size_t i = 0; i < x->n_pending; i++) {
        free(x->pending[i].key);
        free(x->pending[i].value);
    }
    free(x->pending);
    for (size_t i = 0; i < x->n_visited; i++)
        free(x->visited[i]);
    free(x->visited);
    for (size_t i = 0; i < x->n_roots; i++)
        free(x->roots[i]);
    free(x->roots);
    for (size_t i = 0; i < x->n_id_roots; i++)
        free(x->id_roots[i]);
    free(x->id_roots);
    free(x->cur_key);
    free(x->cur_value);
    free_old_ids(x);
    xc_db_close(x->reader);
    bl_analyzer_free(x->own);
    free(x->path);
    pthread_mutex_destroy(&x->mu);
    pthread_cond_destroy(&x->idle);
    free(x);
}

static bl_status load_id_roots(bl_indexer *x);

bl_status bl_indexer_open(const char *path, const bl_indexer_options *opts, bl_indexer **out,
                          char **err)
{
    if (err)
        *err = NULL;
    if (!path || !out)
        return BL_ERR_ARGUMENT;
    *out = NULL;
    bl_indexer *x = calloc(1, sizeof *x);
    if (!x)
        return BL_ERR_NO_MEMORY;
    if (opts)
        x->o = *opts;
    pthread_mutex_init(&x->mu, NULL);
    pthread_cond_init(&x->idle, NULL);
    x->t0 = now();
    if (!(x->path = strdup(path))) {
        free_indexer(x);
        return BL_ERR_NO_MEMORY;
    }
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    x->nworkers = x->o.jobs ? x->o.jobs : (cpus > 0 ? (size_t)cpus : 1);
    if (x->nworkers > 256)
        x->nworkers = 256;
    if (x->o.index.shards == BL_SHARDS_PER_JOB) /* a new index: one shard per worker */
        x->o.index.shards = x->nworkers < BL_MAX_SHARDS ? (unsigned)x->nworkers : BL_MAX_SHARDS;
    /* batch, queue and document sizes from --memory: the policy is lib/budget.c */
    bl_budget budget;
    bl_budget_split(x->o.memory_mb, x->nworkers, &budget);
    x->batch_bytes = budget.batch_first;
    x->batch_cap = budget.batch_cap;
    x->queue_cap_bytes = budget.queue_bytes;
    x->gopts.max_doc_size = x->o.max_doc_size ? x->o.max_doc_size : budget.max_doc_size;
    x->gopts.file_begin = on_file_begin;
    x->gopts.file_end = on_file_end;

    bl_status st = bl_index_open(path, &x->o.index, &x->ix, err);
    if (st != BL_OK) {
        free_indexer(x);
        return st;
    }
    x->nshards = bl_index_nshards(x->ix);
    st = load_id_roots(x);
    x->workers = st == BL_OK ? calloc(x->nworkers, sizeof *x->workers) : NULL;
    if (!x->workers && st == BL_OK)
        st = BL_ERR_NO_MEMORY;
    for (size_t i = 0; st == BL_OK && i < x->nworkers; i++) {
        worker *w = &x->workers[i];
        w->x = x;
        pthread_mutex_init(&w->mu, NULL);
        pthread_cond_init(&w->nonempty, NULL);
        pthread_cond_init(&w->space, NULL);
        if (!(w->analyzer = bl_index_new_analyzer(x->ix)))
            st = BL_ERR_NO_MEMORY;
        else if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
            st = BL_ERR_INTERNAL;
        else
            w->started = 1;
    }
    if (st != BL_OK) {
        if (err && !*err && asprintf(err, "cannot start the indexing threads: %s",
                                     bl_status_to_string(st)) < 0)
            *err = NULL;
        if (x->workers)
            stop_workers(x);
        else
            x->nworkers = 0;
        bl_index_close(x->ix);
        free_indexer(x);
        return st;
    }
    *out = x;
    return BL_OK;
}

/* ---- file identity: the folders ids are relative to ----------------------------------- */

/* Is `path` (a real path) the folder `root` or inside it? */
static int path_within(const char *path, const char *root)
{
    size_t rl = strlen(root);
    if (rl == 1 && root[0] == '/')
        return 1;
    return !strncmp(path, root, rl) && (path[rl] == '\0' || path[rl] == '/');
}

/* The id folder of `path`: its real path if a folder, else the real path of the folder
 * holding it (malloc()ed), or NULL (gone, or out of memory). */
static char *id_folder_of(const char *path)
{
    char *real = realpath(path, NULL);
    struct stat sb;
    if (!real || stat(real, &sb) != 0) {
        free(real);
        return NULL;
    }
    if (!S_ISDIR(sb.st_mode)) {
        char *slash = strrchr(real, '/');
        if (slash == real)
            slash[1] = '\0';
        else if (slash)
            *slash = '\0';
    }
    return real;
}

/* Make `folder` (owned: taken or freed) an id root unless one already holds it.  Returns
 * -1 on memory failure. */
static int add_id_root(bl_indexer *x, char *folder)
{
    for (size_t i = 0; i < x->n_id_roots; i++)
        if (path_within(folder, x->id_roots[i])) {
            free(folder);
            return 0;
        }
    char **nr = realloc(x->id_roots, (x->n_id_roots + 1) * sizeof *nr);
    if (!nr) {
        free(folder);
        return -1;
    }
    x->id_roots = nr;
    x->id_roots[x->n_id_roots++] = folder;
    x->gopts.id_roots = (const char *const *)x->id_roots;
    x->gopts.n_id_roots = x->n_id_roots;
    return 0;
}

/* The id roots of earlier runs: the folders (or folders of the files) they indexed, as
 * recorded in BL_META_ROOTS, in the order they were first indexed; as in a run, one inside
 * an earlier one adds nothing.  A folder indexed later that holds an earlier root does not
 * change the ids below that root: a file's id is relative to the deepest root holding it. */
static bl_status load_id_roots(bl_indexer *x)
{
    char *v = NULL;
    if (bl_index_meta_get(x->ix, BL_META_ROOTS, &v, NULL) != BL_OK)
        return BL_ERR_IO;
    bl_status st = BL_OK;
    x->reader_has_docs = *v != '\0';
    for (char *line = v, *next; st == BL_OK && line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *folder = id_folder_of(line);
        if (folder && add_id_root(x, folder) < 0)
            st = BL_ERR_NO_MEMORY;
    }
    free(v);
    return st;
}

/* An absolute, slash-trimmed form of path (not resolving links), malloc()ed. */
static char *absolute(const char *path)
{
    char *abs = NULL;
    if (path[0] == '/') {
        abs = strdup(path);
    } else {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd))
            return strdup(path);
        const char *p = path;
        while (p[0] == '.' && p[1] == '/')
            p += 2;
        if (!strcmp(p, "."))
            p = "";
        if (asprintf(&abs, "%s%s%s", cwd, *p ? "/" : "", p) < 0)
            abs = NULL;
    }
    if (abs) {
        size_t l = strlen(abs);
        while (l > 1 && abs[l - 1] == '/')
            abs[--l] = '\0';
    }
    return abs;
}

bl_status bl_indexer_add_path(bl_indexer *x, const char *path)
{
    if (!x || !path)
        return BL_ERR_ARGUMENT;
    if (x->sticky)
        return x->sticky;
    if (strcmp(path, "-") != 0) {
        char *abs = absolute(path);
        char **nr = abs ? realloc(x->roots, (x->n_roots + 1) * sizeof *nr) : NULL;
        if (!nr) {
            free(abs);
            return xfail(x, BL_ERR_NO_MEMORY, NULL);
        }
        x->roots = nr;
        x->roots[x->n_roots++] = abs;
        struct stat sb;
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
            x->total_bytes += (unsigned long long)sb.st_size;
        char *folder = id_folder_of(path);
        if (folder && add_id_root(x, folder) < 0)
            return xfail(x, BL_ERR_NO_MEMORY, NULL);
    }
    bl_status st = bl_ingest_path(path, &x->gopts, on_document, on_problem, x,
                                  &x->stats.ingest);
    if (st == BL_ERR_NO_MEMORY)
        return xfail(x, st, "out of memory reading the input");
    if (st != BL_OK)
        return st; /* not found: the caller reports it */
    return x->sticky;
}

/* ---- prune ----------------------------------------------------------------------------- */

typedef struct prune_ctx {
    bl_indexer *x;
    char **gone;
    size_t n, cap;
    int oom;
} prune_ctx;

static int collect_path(void *vctx, const char *term, size_t len, unsigned long tf)
{
    prune_ctx *c = vctx;
    (void)tf;
    char *rel = strndup(term + 1, len - 1);
    if (!rel) {
        c->oom = 1;
        return 1;
    }
    const char *key = rel;
    if (c->x->n_visited &&
        bsearch(&key, c->x->visited, c->x->n_visited, sizeof *c->x->visited, cmp_str)) {
        free(rel);
        return 0;
    }
    char **ng = bl_grow(c->gone, &c->cap, c->n + 1, sizeof *ng, 64);
    if (!ng) {
        free(rel);
        c->oom = 1;
        return 1;
    }
    c->gone = ng;
    c->gone[c->n++] = rel;
    return 0;
}

static int root_listed(bl_indexer *x, const char *root)
{
    for (size_t i = 0; i < x->n_roots; i++)
        if (!strcmp(x->roots[i], root))
            return 1;
    return 0;
}

bl_status bl_indexer_prune(bl_indexer *x)
{
    if (!x)
        return BL_ERR_ARGUMENT;
    if (x->sticky)
        return x->sticky;
    if (x->stats.interrupted)
        return BL_OK; /* an interrupted walk did not see every file */
    bl_status st = commit(x);
    if (st != BL_OK)
        return st;
    if (x->n_visited)
        qsort(x->visited, x->n_visited, sizeof *x->visited, cmp_str);
    xc_db *db = NULL;
    char *err = NULL;
    xc_status xs = xc_db_open(x->path, &db, &err);
    if (xs != XC_OK) {
        st = xfail(x, BL_ERR_IO, err);
        free(err);
        return st;
    }
    prune_ctx c = {.x = x};
    xs = xc_db_allterms(db, BL_PREFIX_PATH, collect_path, &c);
    xc_db_close(db);
    if (c.oom)
        st = xfail(x, BL_ERR_NO_MEMORY, NULL);
    else if (xs != XC_OK)
        st = xfail(x, BL_ERR_IO, "cannot list the indexed files");
    for (size_t i = 0; i < c.n; i++) {
        char *key = st == BL_OK ? record_key(c.gone[i]) : NULL, *v = NULL;
        frec r;
        if (st == BL_OK && !key)
            st = xfail(x, BL_ERR_NO_MEMORY, NULL);
        if (st == BL_OK && bl_index_meta_get(x->ix, key, &v, NULL) != BL_OK)
            st = xfail_ix(x, BL_ERR_IO);
        if (st == BL_OK && *v && parse_record(v, &r) == 0 && root_listed(x, r.root)) {
            char *pterm = NULL;
            if (asprintf(&pterm, "%s%s", BL_PREFIX_PATH, c.gone[i]) < 0)
                st = xfail(x, BL_ERR_NO_MEMORY, NULL);
            else if (bl_index_delete_term(x->ix, pterm) != BL_OK ||
                     bl_index_meta_set(x->ix, key, "", 0) != BL_OK)
                st = xfail_ix(x, BL_ERR_IO);
            else
                x->stats.files_pruned++;
            free(pterm);
        }
        free(v);
        free(key);
        free(c.gone[i]);
    }
    free(c.gone);
    return st;
}

/* Remember the roots indexed (union with those recorded before). */
static bl_status record_roots(bl_indexer *x)
{
    if (!x->n_roots)
        return BL_OK;
    char *old = NULL;
    if (bl_index_meta_get(x->ix, BL_META_ROOTS, &old, NULL) != BL_OK)
        return BL_ERR_IO;
    size_t cap = strlen(old) + 2;
    for (size_t i = 0; i < x->n_roots; i++)
        cap += strlen(x->roots[i]) + 1;
    char *v = malloc(cap);
    if (!v) {
        free(old);
        return BL_ERR_NO_MEMORY;
    }
    strcpy(v, old);
    for (size_t i = 0; i < x->n_roots; i++) {
        /* whole-line match against what is there */
        const char *r = x->roots[i], *p = v;
        size_t rl = strlen(r);
        int found = 0;
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t ll = nl ? (size_t)(nl - p) : strlen(p);
            if (ll == rl && !memcmp(p, r, rl))
                found = 1;
            p += ll + (nl ? 1 : 0);
        }
        if (!found) {
            strcat(v, r);
            strcat(v, "\n");
        }
    }
    free(old);
    bl_status st = bl_index_meta_set(x->ix, BL_META_ROOTS, v, strlen(v));
    free(v);
    return st;
}

bl_status bl_indexer_close(bl_indexer *x, bl_indexer_stats *stats, char **err)
{
    if (err)
        *err = NULL;
    if (!x)
        return BL_OK;
    drain(x);
    stop_workers(x);
    for (size_t i = 0; i < x->nworkers; i++) {
        x->stats.added += x->workers[i].added;
        x->stats.replaced += x->workers[i].replaced;
        x->stats.rejected += x->workers[i].rejected;
    }
    bl_status st = x->sticky;
    if (st == BL_OK) {
        st = record_roots(x);
        if (st != BL_OK)
            xfail_ix(x, st);
    }
    if (st == BL_OK)
        st = commit(x);
    progress(x, 1);
    bl_status cst = bl_index_close(x->ix); /* commits only if nothing failed */
    if (st == BL_OK && cst != BL_OK)
        st = xfail(x, cst, "the final commit failed");
    if (stats)
        *stats = x->stats;
    if (st != BL_OK && err)
        *err = strdup(x->error[0] ? x->error : bl_status_to_string(st));
    free_indexer(x);
    return st;
}
