/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schema.h — how a Byline document is laid out in a Xapian index.
 *
 * This is the one place that names term prefixes, value slots and metadata keys; the indexer,
 * the query parser, the searcher and the facet code all include it, so they cannot disagree.
 *
 * Terms (all produced by the analyzer, so lower-case, accent-free).  Format 3 (current):
 *   "Z"  stem of a title or body word, with positions (title first, body after a gap of
 *        BL_FIELD_GAP positions so a phrase never spans two fields); wdf counts occurrences
 *   "ZS" stem of a title word, with positions
 *   "ZA" stem of an author word, with positions
 *   "K"  source word, with positions
 *   "Q"  the document's unique id (boolean)
 *   "P"  the path of the file it came from, relative to the indexed root (boolean)
 *   "D" YYYYMMDD, "M" YYYYMM, "Y" YYYY  the document's date (boolean)
 *   "XPERSON:" "XPLACE:" "XORG:" "XOTHER:"  + entity lookup key: entity facets (boolean)
 *   "XNAME:" "XFORM:" "XALIAS:"  the entity dictionary (format 4; lib/entity_dict.h)
 * Formats 1 and 2 also stored every unstemmed word with positions ("" for title and body,
 * "S" title, "A" author) and kept the stems without positions; phrases matched exact words.
 * Format 3 drops those: one term per word instead of two halves what Xapian must write
 * (indexing became about 1.45x faster), and phrases match stems in order, as SQLite FTS5's
 * porter tokenizer does.  The searcher reads every format (BL_FORMAT_STEM_POSITIONS says
 * which scheme a query compiles to); the indexer refuses to add to an older one.
 *
 * Format 4 adds the entity dictionary terms and the facet value slots (BL_ENTITY_SLOT_FIRST..,
 * lib/entity_dict.h) and leaves generic words (Government, West) out of the facet terms; the
 * searcher counts facets of older indexes from term lists, and the indexer refuses to add to
 * them (rebuild: index into a new folder).
 *
 * Values: BL_SLOT_DATE holds the date as "YYYY-MM-DDTHH:MM:SSZ" (sorts as bytes);
 * BL_SLOT_ID the unique id; BL_SLOT_TEXT the body (at most 32 MB), read only to make
 * snippets, so a hit's fields decode without it.  Data: a small JSON object of the other
 * fields (see lib/docdata.c).  Format 1 indexes kept the body in the JSON as "text"; the
 * searcher still reads them.
 *
 * Metadata: BL_META_LANGUAGE (Snowball language of the analyzer), BL_META_FORMAT (layout
 * version, BL_FORMAT_VERSION).
 */
#ifndef BYLINE_SCHEMA_H
#define BYLINE_SCHEMA_H

#define BL_PREFIX_STEM "Z"
#define BL_PREFIX_TITLE "S"
#define BL_PREFIX_AUTHOR "A"
#define BL_PREFIX_SOURCE "K"
#define BL_PREFIX_ID "Q"
#define BL_PREFIX_PATH "P"
#define BL_PREFIX_DAY "D"
#define BL_PREFIX_MONTH "M"
#define BL_PREFIX_YEAR "Y"
#define BL_PREFIX_PERSON "XPERSON:"
#define BL_PREFIX_PLACE "XPLACE:"
#define BL_PREFIX_ORG "XORG:"
#define BL_PREFIX_OTHER "XOTHER:"

#define BL_SLOT_DATE 0
#define BL_SLOT_ID 1
#define BL_SLOT_TEXT 2

/* Slots 10..10+BL_ENTITY_SLOTS-1 (10-25) hold the entity facet values (lib/entity_dict.h).
 * Analyst views own slots 30-39.  BL_SLOT_NEARDUP: the near-duplicate
 * signature of the body (lib/neardup.c), 8 bytes, equal for copies of one story; empty when
 * the body is too short to tell.  Indexes written before it lack the value: --collapse then
 * collapses nothing and says so. */
#define BL_SLOT_NEARDUP 30

#define BL_FIELD_GAP 100

#define BL_META_LANGUAGE "byline.language"
#define BL_META_FORMAT "byline.format"
#define BL_FORMAT_VERSION "4"
/* The first format whose stems carry positions (and has no unstemmed words). */
#define BL_FORMAT_STEM_POSITIONS 3

/* Xapian rejects terms longer than this (glass backend limit is 245 bytes). */
#define BL_MAX_TERM_BYTES 240

#include <stddef.h>

/* The unique-id term of a document: "Q" + id, or for an id too long to be a term, "Q" + its
 * first 200 bytes + "#" + its 64-bit FNV-1a hash in hex.  The indexer and the query parser
 * (id:X) both call this, so they cannot disagree.  buf holds at least BL_ID_TERM_MAX bytes. */
#define BL_ID_TERM_MAX (BL_MAX_TERM_BYTES + 32)
void bl_id_term(const char *id, char *buf, size_t n);

#endif /* BYLINE_SCHEMA_H */
