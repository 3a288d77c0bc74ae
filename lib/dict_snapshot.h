/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dict_snapshot.h — the entity dictionary's type terms of a shard, kept in its metadata.
 *
 * Facets walk the entity dictionary (entity_dict.h) most frequent first, and so need every
 * XPERSON:/XPLACE:/XORG:/XOTHER: term with its document frequency.  Read through Xapian's
 * allterms that costs most of a one-shot faceted search (one term at a time; over
 * xapian-tcpsrv one message a term).  So byline-index writes, in every commit and in the
 * same transaction as the documents, one metadata value per shard holding those terms, laid
 * out as the reader uses them: one entry a key with its four types' frequencies together,
 * keys NUL-terminated (the reader points into the value: no copy, no allocation a key), in
 * two runs: the head, the keys most documents name (about one key in 16, at least 64), and
 * the tail, the others, each in byte order.  A walk rarely goes past the keys that
 * some shard's head holds (every key named by at least the sum of the shards' bounds is in
 * one), so a reader merges the heads and looks the few others up in the tails by their
 * index, and merges everything only when a walk goes further:
 *
 *   "BLDICT2\n"  then varints: doccount, lastdocid, total_length (the shard's stamp),
 *   bound (head keys are named by at least this many documents, all types together; tail
 *   keys by fewer), nhead, head bytes, ntail, tail bytes, ndense, dense bytes; then the
 *   head's and the tail's entries, each entry: key length L, the L key bytes (no NUL among them), a NUL byte, the
 *   type mask (bit t: type t is present, person place org other), and for each type present
 *   in order its term frequency (above 0, below 2^32); keys strictly increasing within each
 *   run; then the dense keys' values (below): for each, key length, key bytes, the value's
 *   CRC-32 (4 bytes little-endian) and length; then the tail's index: the byte offset (4
 *   bytes little-endian, from the tail's start) of every 16th tail entry, the first
 *   included; then the CRC-32 (zlib's) of all that, 4
 *   bytes little-endian, so that a damaged value is refused rather than read as other
 *   frequencies.
 *
 * A reader uses the snapshots only when every shard has one whose stamp is the shard's own
 * (else a writer other than byline-index changed it), whose checksum is right and whose
 * lengths add up; otherwise the caller reads the terms through Xapian, as before.  The
 * values are untrusted: every length is checked, and an entry that breaks a rule where it is
 * read makes the reader drop the snapshots (bl_dict_snapshot_next, _find: -1).  Not a new
 * index format: an index without snapshots is read the old way; version 1 ("BLDICT1\n",
 * byline before this one, per-type sections) is treated as absent until the next commit
 * rewrites it; older byline versions do not know version 2's magic and read the terms.
 *
 * The heads.  A one-shot search needs little more than the heads (a walk rarely goes past
 * them), yet reading the whole value (about 770 KB a 50,000-document shard) and checking it
 * cost about 3 ms.  So the same commit also writes, in the metadata value
 * "byline.entity-dictionary.heads", the head and the dense keys' section alone (about 37 KB
 * there):
 *
 *   "BLHEAD2\n"  then varints: doccount, lastdocid, total_length (the stamp, as above),
 *   bound, nhead, head bytes, ntail (how many keys the tail holds: not its entries), ndense,
 *   dense bytes; then the head's entries and the dense keys' values exactly as in the whole
 *   value; then the CRC-32 of all that, 4 bytes little-endian.
 *
 * It is read (bl_dict_snapshot_open_heads) under the same rules as the whole value (stamp,
 * checksum, lengths, entries checked where read).  Such a reader cannot see the tails: a key
 * missing from a shard's head is named there by fewer than that shard's bound documents,
 * which bounds its total; the caller gets exact figures elsewhere when it needs them.  An
 * index whose commits wrote no heads value (byline before this one) is read through the
 * whole value, exactly, until the next commit writes both.
 *
 * Dense keys' documents.  A one-shot faceted search reads, for each key that can still enter
 * a list, the posting lists of its facet terms (about 22 ns a posting through Xapian); the few
 * keys that most documents name hold most of those postings.  So the same commit also keeps,
 * for every key named by at least BL_DENSE_MIN_DOCS documents and 1/BL_DENSE_RATIO of a
 * shard's docids, the shard's documents naming it as a bitmap (an AND and a popcount a
 * 64-document word), in the metadata value "byline.key-docs:" + key:
 *
 *   "BLKD2\n"  varints: the number of bits set, the bitmap's length in bytes (up to the last
 *   document naming the key), then the bitmap (bit d % 8 of byte d / 8: the shard's docid d
 *   names the key, under any of its types).
 *
 * The value carries no stamp: the shard's snapshot, written with the same commit, names each
 * dense key's value by its CRC-32 and length, so a commit rewrites only the bitmaps whose
 * documents changed (a bitmap that ends at its key's last document does not change when
 * others are added), and a reader uses a key's bitmaps only when every shard's current
 * snapshot names them and each is whole and holds the bits it says; otherwise it reads the
 * posting lists.  "byline.key-docs" lists the keys so kept (each followed by a NUL), so that
 * a commit removes those no longer dense.
 */
#ifndef BYLINE_DICT_SNAPSHOT_H
#define BYLINE_DICT_SNAPSHOT_H

#include <stddef.h>

#include "xapian_c.h"

#define BL_META_DICT_SNAPSHOT "byline.entity-dictionary"
#define BL_META_DICT_HEADS "byline.entity-dictionary.heads"
#define BL_DICT_NTYPES 4 /* person, place, org, other: the order of tf[] below */

/* Write wdb's snapshot into its metadata (pending changes included); XC_OK or the binding's
 * status (its message on wdb). */
xc_status bl_dict_snapshot_write(xc_wdb *wdb);

/* What a shard's pending changes did to its type terms, so that a small commit patches the
 * last commit's snapshot instead of reading every type term and every dense key's postings
 * again (opaque; one a shard, used under the shard's lock).  The indexer notes, before it
 * replaces or deletes documents, the type terms of the documents it takes away, and the
 * terms of every document it puts in: only those terms' frequencies, and only those keys'
 * bitmaps, can differ from the last commit's.  Past BL_DICT_CHANGES_MAX terms noted (a bulk
 * commit) it stops noting and the next commit rebuilds the snapshot whole, as it does when
 * anything was not noted (memory ran out) or the stored snapshot is not the last commit's. */
typedef struct bl_dict_changes bl_dict_changes;
#define BL_DICT_CHANGES_MAX 4096

/* NULL when memory runs out.  Call bl_dict_changes_reset before noting. */
bl_dict_changes *bl_dict_changes_new(void);
void bl_dict_changes_free(bl_dict_changes *c);
/* Forget what was noted: wdb has no pending changes (just opened or committed, a
 * transaction begun); its stamp is what the stored snapshot must carry to be patched.
 * snapshot_current: the caller just committed a snapshot it wrote (no need to look); 0: look
 * whether the stored one carries that stamp, and when it does not (a new index, a snapshot
 * of version 1, another writer's commit) note nothing: the next commit rebuilds whole. */
void bl_dict_changes_reset(bl_dict_changes *c, xc_wdb *wdb, int snapshot_current);
/* Is noting moot (the next commit rebuilds whole)?  1 for c NULL. */
int bl_dict_changes_full(const bl_dict_changes *c);
/* Note the type terms of doc, just put in under docid (call after the change), or those of
 * every document of wdb indexed by unique_term (about to be replaced or deleted: call before
 * the change).  A failure only makes the next commit rebuild whole. */
void bl_dict_changes_note_doc(bl_dict_changes *c, const xc_doc *doc, xc_docid docid);
void bl_dict_changes_note_indexed(bl_dict_changes *c, xc_wdb *wdb, const char *unique_term);
/* Note nothing more: a change whose terms were noted failed (it may have been made in part,
 * or not at all), so the next commit rebuilds whole.  c may be NULL. */
void bl_dict_changes_give_up(bl_dict_changes *c);

/* As bl_dict_snapshot_write, the same bytes, but by patching the stored snapshot and the
 * bitmaps of the keys changes names (each patched by the documents put in and taken away,
 * or read from its postings when its old value is not whole) when that is possible (changes not full, the stored
 * snapshot whole and of changes' stamp); otherwise by bl_dict_snapshot_write.  *patched (may
 * be NULL): 1 when patched (or when nothing changed and nothing was written), 0 when rebuilt
 * whole. */
xc_status bl_dict_snapshot_update(xc_wdb *wdb, const bl_dict_changes *changes, int *patched);

/* Every shard's snapshot of a database, checked (opaque). */
typedef struct bl_dict_snapshot bl_dict_snapshot;

/* One key of one shard: key[len] is NUL (key points into the snapshot and lives as long as
 * it); tf: its term frequency per type, 0 for a type it is not. */
typedef struct bl_dict_entry {
    const char *key;
    size_t len;
    unsigned long tf[BL_DICT_NTYPES];
} bl_dict_entry;

/* *out: the snapshots of db's shards (caller frees with bl_dict_snapshot_free) when every
 * shard has one that is current and whole (stamp, checksum, lengths), else NULL (db not
 * shard by shard, a snapshot missing, stale, of version 1 or damaged: read the terms).
 * Entries are checked as they are handed on.  XC_OK, a binding error (message on db) or
 * XC_NO_MEMORY. */
xc_status bl_dict_snapshot_open(xc_db *db, bl_dict_snapshot **out);
/* As bl_dict_snapshot_open, from the shards' heads values: the heads and the dense keys'
 * names only.  The tails are not there: bl_dict_snapshot_next on a tail and
 * bl_dict_snapshot_find return -1; bl_dict_snapshot_count(tail = 1) still says how many keys
 * a tail holds.  *out NULL when a shard has no current, whole heads value. */
xc_status bl_dict_snapshot_open_heads(xc_db *db, bl_dict_snapshot **out);
size_t bl_dict_snapshot_parts(const bl_dict_snapshot *s);
/* The keys shard `part` holds in its head (tail = 0) or tail (tail = 1). */
unsigned long long bl_dict_snapshot_count(const bl_dict_snapshot *s, size_t part, int tail);
/* Shard `part`'s bound: its head keys are named by at least this many documents (all types
 * together), its tail keys by fewer. */
unsigned long long bl_dict_snapshot_bound(const bl_dict_snapshot *s, size_t part);
/* The next key of shard `part`'s head (tail = 0) or tail (tail = 1) into *e: 1; 0 at the
 * run's end; -1 when the snapshot breaks the format there (a bad entry, a key not above the
 * one before, a key on the wrong side of the bound, bytes after the last): the caller must
 * then drop everything it took from this snapshot and read the terms. */
int bl_dict_snapshot_next(bl_dict_snapshot *s, size_t part, int tail, bl_dict_entry *e);
/* The CRC-32 and length of dense key `key`'s bitmap value in shard `part`, as its snapshot
 * names them: 1; 0 when it names none; -1 when that section breaks the format. */
int bl_dict_snapshot_dense(const bl_dict_snapshot *s, size_t part, const char *key, size_t len,
                           unsigned long *crc, unsigned long long *vlen);
/* Look key (len bytes) up in shard `part`'s tail: 1 and *e when there, 0 when not, -1 when
 * the snapshot breaks the format on the way (as above). */
int bl_dict_snapshot_find(const bl_dict_snapshot *s, size_t part, const char *key, size_t len,
                          bl_dict_entry *e);
/* Every run back to its first key (bl_dict_snapshot_next starts again). */
void bl_dict_snapshot_rewind(bl_dict_snapshot *s);
void bl_dict_snapshot_free(bl_dict_snapshot *s);

/* zlib's crc32(crc, buf, len) (the same values, any length), faster where the processor
 * has a carry-less multiply: the checksum of snapshots, heads and bitmaps. */
unsigned long bl_crc32(unsigned long crc, const void *buf, size_t len);

#define BL_META_KEY_DOCS "byline.key-docs"  /* the list; + ":" + key: one key's bitmap */
#define BL_DENSE_MIN_DOCS 64
#define BL_DENSE_RATIO 64

/* A match bitmap (bit d of words[d / 64]: combined docid d <= last matches) split by shard as
 * dense keys' bitmaps need it, each shard's part made on first use (one walk's scratch). */
typedef struct bl_shard_match bl_shard_match;
/* NULL when memory runs out.  match must outlive it. */
bl_shard_match *bl_shard_match_new(const unsigned long long *match, xc_docid last);
void bl_shard_match_free(bl_shard_match *m);

/* *found = 1 and *count: how many matching documents name key, from the key's bitmaps, when
 * every shard of db has one that snap (db's snapshots, current: bl_dict_snapshot_open; NULL:
 * none) names, whole; *found = 0 otherwise (read the posting lists).  *named (unless NULL):
 * how many documents name key at all (the bitmaps' bits), so that a caller whose bitmap
 * holds the documents that do NOT match can count the others.  XC_OK, a binding error
 * (message on db) or XC_NO_MEMORY. */
xc_status bl_dense_key_count(xc_db *db, const bl_dict_snapshot *snap, const char *key,
                             bl_shard_match *m, unsigned long *count, unsigned long *named,
                             int *found);

#endif
