/* SPDX-License-Identifier: GPL-2.0-or-later */
/* facets.h — entity facets over a whole match set (internal to libbyline; lib/facets.c).
 *
 * A bl_searcher owns one bl_facets: what facet counting keeps between searches of the same
 * database revision (the entity dictionary by document count, the documents of each key
 * counted so far, whether a shard is remote).  The searcher calls
 * bl_facets_invalidate whenever it reopens its database (a new revision), so nothing kept
 * outlives the revision it was read from.  bl_facets_compute fills a bl_facet_result for a
 * query: the lists of the types asked for (bl_search_options.facets) and, since counting
 * visits every match, the exact total.
 */
#ifndef BYLINE_FACETS_H
#define BYLINE_FACETS_H

#include <stddef.h>

#include "byline.h"
#include "xapian_c.h"

/* One facet list: items[0..n) best first; strings owns every name and key they point to. */
typedef struct bl_facet_list {
    bl_facet *items;
    size_t n;
    char **strings;
    size_t n_strings;
} bl_facet_list;

/* What bl_facets_compute gives: lists (owned; bl_facet_list_clear each) and the total,
 * made exact when the counting visited every match (total and total_exact are left as the
 * caller set them otherwise). */
typedef struct bl_facet_result {
    bl_facet_list facets[BL_FACET_NTYPES];
    unsigned long total;
    int total_exact;
} bl_facet_result;

typedef struct bl_facets bl_facets;

/* A searcher's facet state over db; failures are described in error (error_size bytes), the
 * searcher's last-error buffer.  db and error are not owned and must outlive it.  NULL when
 * memory runs out. */
bl_facets *bl_facets_new(xc_db *db, char *error, size_t error_size);
/* Forget everything read from the database (call after it is reopened). */
void bl_facets_invalidate(bl_facets *f);
void bl_facets_free(bl_facets *f);

/* 1 if o asks for any facet list. */
int bl_facets_wanted(const bl_search_options *o);

/* The facets o asks for over the matches of q in an index of `format` with ndocs documents.
 * enq (the enquire of the result page, query q) and page (its first page) may be reused:
 * with format >= 4 spies are added to enq and it is run again.  Nothing is done when o asks
 * for no facets. */
bl_status bl_facets_compute(bl_facets *f, int format, xc_enquire *enq, const xc_query *q,
                            xc_mset *page, unsigned long ndocs, const bl_search_options *o,
                            bl_facet_result *r);

void bl_facet_list_clear(bl_facet_list *fl);

#endif /* BYLINE_FACETS_H */
