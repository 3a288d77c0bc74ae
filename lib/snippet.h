/* SPDX-License-Identifier: GPL-2.0-or-later */
/* snippet.h — the best passage of an article body for a query (internal to libbyline).
 *
 * The passage is the window of at most max_chars characters holding the most query matches
 * (a phrase match counts as one), cut at white space so that no word (and no UTF-8
 * character) is split.  A body word matches when its normalised term equals a query word or
 * its stem equals a query word's stem ("cooperation" for the query "cooperate"), when it (or
 * its stem) starts with a wildcard's prefix (or that prefix's stem), or when it is part of a
 * phrase of the query, whose words match by stem in order as the index's phrases do; the
 * words are found by the same analyzer as at indexing.  Runs of white space in the passage are
 * shown as one space.  Time is linear in the body's length and memory is bounded by max_chars
 * (plus the query), so a 200 MB body is fine.  With an English (or unstemmed) analyzer only
 * the neighbourhoods of likely matches are tokenised (see snippet.c), so a long body costs
 * little more than a byte scan.
 */
#ifndef BYLINE_SNIPPET_H
#define BYLINE_SNIPPET_H

#include <stddef.h>

#include "analyzer.h"
#include "byline.h"
#include "query.h"

typedef struct bl_snippet {
    char *text;          /* the passage, NUL-terminated, malloc()ed */
    size_t n_matches;    /* marked words / phrases in it, in order, not overlapping */
    size_t *match_start, *match_end; /* byte offsets of each match within text (end excl.) */
    int cut_start;       /* the passage starts after the body's start: the caller adds "…" */
    int cut_end;         /* the passage stops before the body's end */
} bl_snippet;

/* Makes the snippets of one query for many bodies (the hits of a search): what depends only
 * on the query (its terms, stems, search keys, a cache of verdicts) is prepared once, and
 * working buffers are reused.  Uses the analyzer, which must outlive it; like the analyzer,
 * not thread-safe. */
typedef struct bl_snippet_maker bl_snippet_maker;

/* For query q (NULL: no query, every snippet is the start of its body) and passages of at
 * most max_chars UTF-8 characters.  Returns BL_OK, BL_ERR_NO_MEMORY or BL_ERR_ARGUMENT (NULL
 * a or out). */
bl_status bl_snippet_maker_new(bl_analyzer *a, const bl_parsed_query *q, size_t max_chars,
                               bl_snippet_maker **out);

/* Best window of `body` (len bytes, need not be NUL-terminated).  With no match: the start
 * of the body.  *out is overwritten (free it with bl_snippet_free).  Returns BL_OK,
 * BL_ERR_NO_MEMORY or BL_ERR_ARGUMENT (NULL m or out, NULL body with len > 0). */
bl_status bl_snippet_maker_run(bl_snippet_maker *m, const char *body, size_t len,
                               bl_snippet *out);

void bl_snippet_maker_free(bl_snippet_maker *m);

/* One snippet: bl_snippet_maker_new + bl_snippet_maker_run + bl_snippet_maker_free. */
bl_status bl_snippet_make(bl_analyzer *a, const bl_parsed_query *q, const char *body, size_t len,
                          size_t max_chars, bl_snippet *out);

/* Free what bl_snippet_make allocated and zero *s; NULL or a zeroed snippet is a no-op. */
void bl_snippet_free(bl_snippet *s);

#endif /* BYLINE_SNIPPET_H */
