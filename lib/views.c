/* SPDX-License-Identifier: GPL-2.0-or-later */
/* views.c — the analyst views' results and the two hooks bl_search calls.
 *
 * A bl_views holds what the views found for one search (timeline, graph, terms, the words
 * --like/--expand added, a note) and owns every string they point to; lib/search.c keeps one
 * per bl_results and frees it with them.  The views themselves live in views_feedback.c
 * (--like, --expand, --terms), views_timeline.c and views_graph.c; this file only decides
 * which to run, in which order, and answers the public bl_results_* accessors.
 */
#include "views.h"

#include "schema.h"
#include "status.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bl_views *bl_views_new(void) { return calloc(1, sizeof(bl_views)); }

void bl_views_free(bl_views *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n_strings; i++)
        free(v->strings[i]);
    free(v->strings);
    free(v->timeline);
    free(v->nodes);
    free(v->edges);
    free(v->terms);
    free(v->added);
    free(v);
}

char *bl_views_keep(bl_views *v, char *s)
{
    if (!s)
        return NULL;
    char **grown = bl_grow(v->strings, &v->cap_strings, v->n_strings + 1, sizeof *grown, 64);
    if (!grown) {
        free(s);
        return NULL;
    }
    v->strings = grown;
    v->strings[v->n_strings++] = s;
    return s;
}

bl_status bl_views_fail(const bl_views_env *e, xc_status xs, const char *msg)
{
    bl_set_message(e->error, e->error_size, msg);
    return bl_status_from_xc(xs);
}

xc_status bl_views_match_all(const bl_views_env *e, const xc_query *q, xc_enquire **enq,
                             unsigned long *docs)
{
    *enq = NULL;
    xc_status xs = xc_db_doc_count(e->db, docs);
    if (xs == XC_OK)
        xs = xc_enquire_new_boolean(e->db, q, enq);
    return xs;
}

bl_status bl_views_rewrite(const bl_views_env *e, const xc_query *q, bl_views *v,
                           xc_query **out)
{
    *out = NULL;
    if (e->o->like_id)
        return bl_views_like(e, q, v, out);
    if (e->o->expand && q && e->ranked) /* a filter-only query has nothing to expand */
        return bl_views_expand(e, q, v, out);
    return BL_OK;
}

bl_status bl_views_parse_bounds(bl_analyzer *a, const bl_query_options *qo,
                                bl_parsed_query **out, bl_query_error *err)
{
    *out = NULL;
    if (!qo->since && !qo->until)
        return BL_OK;
    char text[256];
    int n = snprintf(text, sizeof text, "date:%s..%s", qo->since ? qo->since : "",
                     qo->until ? qo->until : "");
    if (n < 0 || (size_t)n >= sizeof text || strpbrk(text, " \t\"()")) {
        err->column = 0;
        bl_set_message(err->message, sizeof err->message,
                       "bad --since/--until date: write YYYY, YYYY-MM or YYYY-MM-DD");
        return BL_ERR_QUERY;
    }
    bl_query_options bounds = *qo;
    bounds.since = bounds.until = NULL;
    bl_status st = bl_query_parse(a, text, &bounds, out, err);
    if (st == BL_ERR_QUERY)
        err->column = 0; /* the dates came from options, not from query text */
    return st;
}

bl_status bl_views_compute(const bl_views_env *e, const xc_query *q, bl_views *v)
{
    const bl_search_options *o = e->o;
    int graph = 0;
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        graph |= o->graph_types[t] != 0;
    bl_status st = BL_OK;
    if (st == BL_OK && o->collapse)
        st = bl_views_check_collapse(e, v);
    if (st == BL_OK && o->timeline != BL_TIMELINE_NONE)
        st = bl_views_timeline(e, q, v);
    if (st == BL_OK && graph)
        st = bl_views_graph(e, q, v);
    if (st == BL_OK && o->terms)
        st = bl_views_terms(e, q, v);
    return st;
}

/* ---- accessors (byline.h) -------------------------------------------------------------- */

size_t bl_results_timeline_size(const bl_results *r)
{
    bl_views *v = bl_results_views(r);
    return v ? v->n_timeline : 0;
}
const bl_period *bl_results_timeline(const bl_results *r, size_t i)
{
    return i < bl_results_timeline_size(r) ? &bl_results_views(r)->timeline[i] : NULL;
}
unsigned long bl_results_timeline_undated(const bl_results *r)
{
    bl_views *v = bl_results_views(r);
    return v ? v->undated : 0;
}
size_t bl_results_graph_node_count(const bl_results *r)
{
    bl_views *v = bl_results_views(r);
    return v ? v->n_nodes : 0;
}
const bl_graph_node *bl_results_graph_node(const bl_results *r, size_t i)
{
    return i < bl_results_graph_node_count(r) ? &bl_results_views(r)->nodes[i] : NULL;
}
size_t bl_results_graph_edge_count(const bl_results *r)
{
    bl_views *v = bl_results_views(r);
    return v ? v->n_edges : 0;
}
const bl_graph_edge *bl_results_graph_edge(const bl_results *r, size_t i)
{
    return i < bl_results_graph_edge_count(r) ? &bl_results_views(r)->edges[i] : NULL;
}
size_t bl_results_terms_size(const bl_results *r)
{
    bl_views *v = bl_results_views(r);
    return v ? v->n_terms : 0;
}
const bl_term *bl_results_term(const bl_results *r, size_t i)
{
    return i < bl_results_terms_size(r) ? &bl_results_views(r)->terms[i] : NULL;
}
size_t bl_results_added_terms_size(const bl_results *r)
{
    bl_views *v = bl_results_views(r);
    return v ? v->n_added : 0;
}
const bl_term *bl_results_added_term(const bl_results *r, size_t i)
{
    return i < bl_results_added_terms_size(r) ? &bl_results_views(r)->added[i] : NULL;
}
const char *bl_results_views_note(const bl_results *r)
{
    bl_views *v = bl_results_views(r);
    return v ? v->note : NULL;
}
