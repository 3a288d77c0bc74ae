/* SPDX-License-Identifier: GPL-2.0-or-later */
/* index_internal.h — the pieces of bl_index that the parallel indexer (pipeline.c) uses
 * (internal).  Thread safety: bl_index_build() may run in many threads at once, each with its
 * own analyzer; bl_index_put/delete_term/meta_* lock the shard they touch; bl_index_commit
 * must not run concurrently with the others. */
#ifndef BYLINE_INDEX_INTERNAL_H
#define BYLINE_INDEX_INTERNAL_H

#include "analyzer.h"
#include "byline.h"
#include "schema.h"
#include "xapian_c.h"

#define BL_QTERM_MAX BL_ID_TERM_MAX

/* Metadata keys (in shard 0) added by the indexer. */
#define BL_META_LAST_COMMIT "byline.last_commit" /* "YYYY-MM-DDTHH:MM:SSZ" */
#define BL_META_ROOTS "byline.roots"             /* absolute source roots, one a line */
#define BL_META_FILE "byline.file:"              /* + relative path: file state */

size_t bl_index_nshards(const bl_index *ix);
/* A new analyzer for the index's language (owned by the caller). */
bl_analyzer *bl_index_new_analyzer(const bl_index *ix);
/* Build the Xapian document of d with analyzer a.  *out owned by the caller (xc_doc_free);
 * qterm (BL_QTERM_MAX bytes) receives the unique id term.  Does not touch the index.  On
 * failure why (why_n bytes, may be NULL) receives the reason: it belongs to the calling
 * thread, so workers never read a message another worker is writing.  BL_ERR_INPUT and
 * BL_ERR_ARGUMENT (the document is rejected) leave the index's last error alone; other
 * failures are also recorded on ix as sticky errors. */
bl_status bl_index_build(bl_index *ix, bl_analyzer *a, const bl_document *d, xc_doc **out,
                         char *qterm, char *why, size_t why_n);
size_t bl_index_shard_of(const bl_index *ix, const char *id);
/* Replace-or-add doc in `shard` under qterm (locks the shard).  replaced may be NULL. */
bl_status bl_index_put(bl_index *ix, size_t shard, const char *qterm, const xc_doc *doc,
                       int *replaced);
/* Delete every document indexed by term, in every shard. */
bl_status bl_index_delete_term(bl_index *ix, const char *term);
/* Metadata of shard 0 (the index's own records).  get: *value malloc()ed ("" if absent). */
bl_status bl_index_meta_get(bl_index *ix, const char *key, char **value, size_t *len);
bl_status bl_index_meta_set(bl_index *ix, const char *key, const char *value, size_t len);
/* Commit every shard at the same time (bl_index_commit commits shard 0 after the others).
 * For a caller that writes its records into shard 0 only after this returns and then
 * commits them with bl_index_commit_first: on 2 shards the two big commits overlap. */
bl_status bl_index_commit_all_at_once(bl_index *ix);
/* Commit shard 0 alone (its metadata records). */
bl_status bl_index_commit_first(bl_index *ix);
/* Record a sticky error from another thread. */
bl_status bl_index_fail(bl_index *ix, bl_status st, const char *msg);
/* Copy the index's last error message into buf (n bytes), under the index's lock: how any
 * thread but the only user of a single-threaded bl_index reads it (the buffer behind
 * bl_index_last_error may be rewritten by a worker at any moment). */
void bl_index_error_copy(bl_index *ix, char *buf, size_t n);

#endif
