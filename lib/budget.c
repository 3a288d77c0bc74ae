/* SPDX-License-Identifier: GPL-2.0-or-later */
/* budget.c — the indexer's memory policy: from --memory to batch, queue and document sizes.
 *
 * Xapian holds a batch's postings in memory at roughly 10-15 times the size of the text, in
 * std::maps whose inserts get slower (cache misses) as they grow: that insert is the largest
 * single cost of indexing.  So a batch starts small, BATCH_FIRST_MAX of text (smaller still
 * when --memory asks: memory / BATCH_SHARE), and the indexer grows it with the text indexed
 * so far up to memory / BATCH_SHARE (lib/pipeline.c, batch_limit), because each commit merges
 * into a larger B-tree.  Measured with 2 jobs: synth-100k, batches of 2.7 MB took 218 s of
 * CPU, batches of 21 MB 291 s; synth-300k wall time with fixed 2.5 MB batches 444.9 s,
 * batches of 1/64 of the text so far 420.6 s, of 1/16 384.4 s (synth-100k: 121.1, 121.4,
 * 113.7 s).  Queues take at most memory / QUEUE_SHARE, split among the workers.  A document
 * takes about 4.7 times its size while it is indexed (text, stored copy, Xapian's document):
 * by default those larger than memory / DOC_SHARE are refused. */
#include "budget.h"

#include "byline.h"

#define MIB (1ull << 20)
/* The text of one batch costs about 10-15 times its size in Xapian's maps, and the queues
 * and the documents being analysed need room too: a batch holds at most 1/48 of --memory. */
#define BATCH_SHARE 48
/* The first batches hold at most this much text (see above: small batches are fastest while
 * the index is small). */
#define BATCH_FIRST_MAX (5 * MIB / 2)
/* Below this a commit costs more than the batch saves. */
#define BATCH_MIN MIB
/* All the workers' queues together take at most 1/16 of --memory, each at least QUEUE_MIN. */
#define QUEUE_SHARE 16
#define QUEUE_MIN MIB
/* A document needs about 5 times its size while it is indexed. */
#define DOC_SHARE 5

void bl_budget_split(size_t memory_mb, size_t workers, bl_budget *out)
{
    unsigned long long mem = (unsigned long long)(memory_mb ? memory_mb : BL_DEFAULT_MEMORY_MB)
                             * MIB;
    if (workers == 0)
        workers = 1;
    unsigned long long batch = mem / BATCH_SHARE;
    out->batch_cap = batch < BATCH_MIN ? BATCH_MIN : batch;
    out->batch_first = batch > BATCH_FIRST_MAX ? BATCH_FIRST_MAX
                                               : batch < BATCH_MIN ? BATCH_MIN : batch;
    unsigned long long queue = mem / QUEUE_SHARE / workers;
    out->queue_bytes = (size_t)(queue < QUEUE_MIN ? QUEUE_MIN : queue);
    unsigned long long fit = mem / DOC_SHARE;
    out->max_doc_size = fit < BL_DEFAULT_MAX_DOC ? (size_t)fit : BL_DEFAULT_MAX_DOC;
}
