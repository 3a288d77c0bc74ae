/* SPDX-License-Identifier: GPL-2.0-or-later */
/* views.h — analyst views over a match set (internal to libbyline).
 *
 * bl_search (lib/search.c) calls two hooks: bl_views_rewrite before matching, which turns
 * --like ID and --expand into a Xapian query (lib/views_feedback.c), and bl_views_compute
 * after, which counts the timeline (lib/views_timeline.c), the entity network
 * (lib/views_graph.c) and the distinctive terms (lib/views_feedback.c) over the whole match
 * set.  Everything a view finds is kept in one bl_views, owned by the bl_results and read
 * through the bl_results_* accessors of byline.h (lib/views.c).  Each view uses only what
 * Xapian's remote protocol carries (expand sets, ValueCountMatchSpy, term lists, collapse
 * keys), so sharded and remote indexes give the same answers as one local index.
 */
#ifndef BYLINE_VIEWS_H
#define BYLINE_VIEWS_H

#include "analyzer.h"
#include "byline.h"
#include "query.h"
#include "xapian_c.h"

/* Top-ranked documents whose words --terms weighs (the expand set reads each one's term list,
 * a round trip on a remote shard); --expand uses the first BL_VIEWS_EXPAND_DOCS. */
#define BL_VIEWS_TERMS_SAMPLE 500
#define BL_VIEWS_EXPAND_DOCS 10
/* Words of the document --like takes from its expand set. */
#define BL_VIEWS_LIKE_TERMS 40
/* --expand: the best added word weighs this fraction of a user's word. */
#define BL_VIEWS_EXPAND_WEIGHT 0.5
#define BL_VIEWS_GRAPH_DEFAULT_NODES 50
#define BL_VIEWS_GRAPH_MAX_NODES 1000

typedef struct bl_views {
    bl_period *timeline;
    size_t n_timeline;
    unsigned long undated;
    bl_graph_node *nodes;
    size_t n_nodes;
    bl_graph_edge *edges;
    size_t n_edges;
    bl_term *terms;           /* --terms */
    size_t n_terms;
    bl_term *added;           /* words --like/--expand added */
    size_t n_added;
    char *note;
    char **strings;           /* every string the views point to, owned here */
    size_t n_strings, cap_strings;
} bl_views;

/* What a view needs of the searcher.  error: the searcher's last-error buffer. */
typedef struct bl_views_env {
    xc_db *db;
    bl_analyzer *analyzer;
    const bl_search_options *o;
    char *error;
    size_t error_size;
    int ranked;               /* the user's query has words to rank by (not only filters) */
} bl_views_env;

/* A new empty bl_views (NULL if memory ran out); bl_views_free releases it (NULL: no-op). */
bl_views *bl_views_new(void);
void bl_views_free(bl_views *v);
/* Keep s (malloc()ed; ownership passes to v, even on failure) and return it, or NULL if s was
 * NULL or memory ran out. */
char *bl_views_keep(bl_views *v, char *s);

/* Before matching: the query to run instead of the user's `q` (NULL in *out: run q as is).
 * q is NULL when --like ID came without query text or date bounds.  *out owned by the
 * caller. */
bl_status bl_views_rewrite(const bl_views_env *e, const xc_query *q, bl_views *v,
                           xc_query **out);
/* --like ID without query text: parse only the --since/--until bounds of qo, as the
 * documented equivalent "date:SINCE..UNTIL"; *out NULL when there are none.  As
 * bl_query_parse otherwise. */
bl_status bl_views_parse_bounds(bl_analyzer *a, const bl_query_options *qo,
                                bl_parsed_query **out, bl_query_error *err);
/* After matching: every view asked for, over the match set of q (the query that ran). */
bl_status bl_views_compute(const bl_views_env *e, const xc_query *q, bl_views *v);

/* The pieces (one file each). */
bl_status bl_views_like(const bl_views_env *e, const xc_query *filter, bl_views *v,
                        xc_query **out);
bl_status bl_views_expand(const bl_views_env *e, const xc_query *q, bl_views *v,
                          xc_query **out);
bl_status bl_views_terms(const bl_views_env *e, const xc_query *q, bl_views *v);
bl_status bl_views_timeline(const bl_views_env *e, const xc_query *q, bl_views *v);
bl_status bl_views_graph(const bl_views_env *e, const xc_query *q, bl_views *v);
/* --collapse: similar[i] (the page has xc_mset_size(page) hits) = the uncollapsed matches of
 * q sharing hit i's near-duplicate signature, other than hit i. */
bl_status bl_views_similar(const bl_views_env *e, const xc_query *q, xc_mset *page,
                           unsigned long *similar);
/* --collapse on an index written before signatures existed collapses nothing: note it. */
bl_status bl_views_check_collapse(const bl_views_env *e, bl_views *v);

/* Report a binding failure: copy msg into the searcher's error buffer, map the status. */
bl_status bl_views_fail(const bl_views_env *e, xc_status xs, const char *msg);
/* An enquire over every match of q, unranked (boolean weighting: the views count, they do not
 * rank), and *docs the documents in the index (the most an mset or count can hold).  *enq
 * (owned by the caller, xc_enquire_free) may be set even on failure, for its message. */
xc_status bl_views_match_all(const bl_views_env *e, const xc_query *q, xc_enquire **enq,
                             unsigned long *docs);

/* lib/search.c: the searcher's views of a result set, and an entity's display name read from
 * a document naming it (malloc()ed; the key itself when none is found; NULL on OOM). */
bl_views *bl_results_views(const bl_results *r);
char *bl_search_entity_name(xc_db *db, xc_docid docid, int type, const char *key);

#endif
