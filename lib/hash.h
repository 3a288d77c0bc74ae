/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hash.h — the one byte-string hash of libbyline (internal): 64-bit FNV-1a.
 *
 * Used for in-memory hash tables (gazetteers, entity resolution, snippets, facet counts) and
 * for values that are stored in an index and must never change: the shard of a document
 * (hash of its id), the unique-id term of an over-long id, the metadata key of an over-long
 * path.  Tables that mask low bits fold the high bits in first (bl_hash_fold). */
#ifndef BYLINE_HASH_H
#define BYLINE_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t bl_fnv1a64(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

/* FNV-1a's low bits are weak: fold the high ones in for power-of-two tables. */
static inline uint64_t bl_hash_fold(const void *data, size_t len)
{
    uint64_t h = bl_fnv1a64(data, len);
    return h ^ (h >> 31);
}

#endif
