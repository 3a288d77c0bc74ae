/* SPDX-License-Identifier: GPL-2.0-or-later */
/* budget.h — how the parallel indexer splits its memory budget (--memory) (internal).
 *
 * One function holds the policy and its named constants, so that the numbers that decide
 * how much text a commit holds, how much waits in the workers' queues and how large a
 * document may be are read in one place (lib/budget.c says why each is what it is). */
#ifndef BYLINE_BUDGET_H
#define BYLINE_BUDGET_H

#include <stddef.h>

typedef struct bl_budget {
    unsigned long long batch_first; /* text (bytes) of the first batches between commits */
    unsigned long long batch_cap;   /* no batch holds more text than this */
    size_t queue_bytes;             /* documents waiting in one worker's queue, at most */
    size_t max_doc_size;            /* largest document that fits (the default limit) */
} bl_budget;

/* The budget of `memory_mb` MiB (0 = BL_DEFAULT_MEMORY_MB) for `workers` (>= 1) threads. */
void bl_budget_split(size_t memory_mb, size_t workers, bl_budget *out);

#endif
