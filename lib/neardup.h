/* SPDX-License-Identifier: GPL-2.0-or-later */
/* neardup.h — the near-duplicate signature of a document body (internal to libbyline).
 *
 * Wire copies of one story differ by a dateline, a byline, a sentence: their bodies share
 * most of their word 3-shingles.  The signature is a one-permutation MinHash over those
 * shingles — the smallest 64-bit hash of any shingle — so two bodies get the same signature
 * with probability equal to the Jaccard similarity of their shingle sets: about 0.9 for a copy
 * with a sentence changed, next to nothing for a different story on the same topic.  Stored
 * in value slot BL_SLOT_NEARDUP at index time, it is the key Xapian collapses on
 * (--collapse).  Words are runs of ASCII letters/digits or non-ASCII bytes, ASCII-lowercased:
 * punctuation, case and spacing edits do not change the signature.
 */
#ifndef BYLINE_NEARDUP_H
#define BYLINE_NEARDUP_H

#include <stddef.h>

/* Bodies with fewer words than this get no signature (too short to tell copies apart). */
#define BL_NEARDUP_MIN_WORDS 24
#define BL_NEARDUP_SIG_CHARS 16
/* Shingles start after the first words: datelines, bylines, agency tags and salutations
 * ("Fellow-Citizens of the Senate ...") live there, and are what copies change or unrelated
 * texts share. */
#define BL_NEARDUP_SKIP_WORDS 12

/* Write the signature of text (len bytes) as 16 lower-case hex digits and a NUL into out, or
 * "" when the text has fewer than BL_NEARDUP_MIN_WORDS words.  Returns its length (0 or 16). */
size_t bl_neardup_signature(const char *text, size_t len, char out[BL_NEARDUP_SIG_CHARS + 1]);

#endif
