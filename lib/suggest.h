/* SPDX-License-Identifier: GPL-2.0-or-later */
/* suggest.h — "did you mean" (internal to libbyline).
 *
 * Each query word the index does not know is replaced by the most frequent indexed word
 * within two edits of it (Damerau-Levenshtein) that starts with the same letter.  The
 * candidates come from the index's own term list at search time (which remote shards serve
 * too), so indexing pays nothing for it.
 */
#ifndef BYLINE_SUGGEST_H
#define BYLINE_SUGGEST_H

#include "analyzer.h"
#include "byline.h"
#include "query.h"
#include "xapian_c.h"

/* The corrected query for pq's words, or NULL in *out when every word is known.  format is
 * the index's layout version (lib/schema.h): from 3 on only stems are indexed, so a stem is
 * looked up and the word shown is a form of it read from a document that has it.  *out is
 * malloc()ed, owned by the caller.  BL_ERR_NO_MEMORY on allocation failure; Xapian failures
 * just mean no suggestion. */
bl_status bl_suggest(xc_db *db, bl_analyzer *a, int format, const bl_parsed_query *pq,
                     char **out);

/* Added for the analyst views: the written form closest to `stem` (without its "Z" prefix),
 * read from the body of a document that has it ("security" for "secur"): a malloc()ed word
 * owned by the caller, or NULL when none is found. */
char *bl_suggest_written_form(xc_db *db, bl_analyzer *a, const char *stem);

#endif
