/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dict_snapshot.h — the entity dictionary's type terms of a shard, kept in its metadata.
 *
 * Facets walk the entity dictionary (entity_dict.h) most frequent first, and so need every
 * XPERSON:/XPLACE:/XORG:/XOTHER: term with its document frequency.  Read through Xapian's
 * allterms that costs most of a one-shot faceted search (one term at a time; over
 * xapian-tcpsrv one message a term).  So byline-index writes, in every commit and in the
 * same transaction as the documents, one metadata value per shard holding those terms:
 *
 *   "BLDICT1\n"  then varints: doccount, lastdocid, total_length (the shard's stamp)
 *   then for each of the four types in order: count, and count x (tf, key length, key bytes)
 *   with keys (the term without its prefix) in byte order, as allterms gives them.
 *
 * A reader uses the snapshots only when every shard has one whose stamp is the shard's own
 * (else a writer other than byline-index changed it); otherwise it reads the terms as before.
 * The values are untrusted input: every length is checked.  Not a new index format: an index
 * without snapshots is read the old way, and older byline versions ignore them. */
#ifndef BYLINE_DICT_SNAPSHOT_H
#define BYLINE_DICT_SNAPSHOT_H

#include <stddef.h>

#include "xapian_c.h"

#define BL_META_DICT_SNAPSHOT "byline.entity-dictionary"

/* Write wdb's snapshot into its metadata (pending changes included); XC_OK or the binding's
 * status (its message on wdb). */
xc_status bl_dict_snapshot_write(xc_wdb *wdb);

/* Feed cb(ctx, type, key, len, tf) with every (type, key) of every shard's snapshot, shard by
 * shard, when all are present and current: *used = 1.  *used = 0 (and cb never called) when
 * any is missing, stale or malformed, or db is not shard by shard.  Returns XC_OK, or a
 * binding error (message on db), or XC_NO_MEMORY. */
xc_status bl_dict_snapshot_read(xc_db *db, xc_prefixed_term_cb cb, void *ctx, int *used);

#endif
