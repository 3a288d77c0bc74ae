/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render_json.c — one page of results as the JSON that scripts read.
 *
 * byline-search --format json|jsonl and byline-serve's /api/search print exactly the same
 * bytes for the same query, so the rendering lives here, in the library, rather than in each
 * program.  Field names are stable and documented in the README ("Output formats"); a field
 * that has no value is null, never absent.  Built on jansson, which the library links anyway.
 */
#include "byline.h"
#include "escape.h"
#include "util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>


static json_t *jstr_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *hit_json(const bl_hit *h)
{
    json_t *o = json_object(), *m = json_array(), *e = json_array(), *a = json_array();
    if (!o || !m || !e || !a) {
        json_decref(o), json_decref(m), json_decref(e), json_decref(a);
        return NULL;
    }
    for (size_t i = 0; i < h->n_matches; i++)
        json_array_append_new(m, json_pack("[I,I]", (json_int_t)h->match_start[i],
                                           (json_int_t)h->match_end[i]));
    for (size_t i = 0; i < h->n_entities; i++)
        json_array_append_new(e, json_pack("{s:s,s:s,s:I}", "name", h->entities[i].name,
                                           "type", h->entities[i].type, "count",
                                           (json_int_t)h->entities[i].count));
    for (size_t i = 0; i < h->n_authors; i++)
        json_array_append_new(a, json_string(h->authors[i]));
    json_object_set_new(o, "rank", json_integer(h->rank));
    json_object_set_new(o, "score", json_real(h->score));
    json_object_set_new(o, "id", jstr_or_null(h->id));
    json_object_set_new(o, "title", jstr_or_null(h->title));
    json_object_set_new(o, "date", jstr_or_null(h->date));
    json_object_set_new(o, "source", jstr_or_null(h->source));
    json_object_set_new(o, "url", jstr_or_null(h->url));
    json_object_set_new(o, "path", jstr_or_null(h->path));
    json_object_set_new(o, "authors", a);
    json_object_set_new(o, "snippet", jstr_or_null(h->snippet));
    json_object_set_new(o, "matches", m);
    json_object_set_new(o, "entities", e);
    return o;
}

static int any_facets(const bl_search_options *o)
{
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        if (o->facets[t])
            return 1;
    return 0;
}

static json_t *facets_json(const bl_search_options *o, const bl_results *r)
{
    json_t *all = json_object();
    for (int t = 0; all && t < BL_FACET_NTYPES; t++) {
        if (!o->facets[t])
            continue;
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < bl_results_facet_size(r, t); i++) {
            const bl_facet *f = bl_results_facet(r, t, i);
            json_array_append_new(arr, json_pack("{s:s,s:s,s:I}", "name", f->name, "key",
                                                 f->key, "count", (json_int_t)f->count));
        }
        json_object_set_new(all, bl_facet_type_name(t), arr ? arr : json_null());
    }
    return all;
}

/* Append `j` (stolen) to the growing text as one compact line. */
static int append_line(json_t *j, bl_strbuf *text)
{
    char *line = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!line) {
        text->failed = 1;
        return -1;
    }
    int rc = bl_strbuf_puts(text, line) | bl_strbuf_putc(text, '\n');
    free(line);
    return rc;
}

/* ---- analyst views (lib/views*.c) ------------------------------------------------------- */

static int any_graph(const bl_search_options *o)
{
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        if (o->graph_types[t])
            return 1;
    return 0;
}

static int any_views(const bl_search_options *o)
{
    return o->like_id || o->expand || o->collapse || o->timeline || any_graph(o) || o->terms;
}

static json_t *terms_json(size_t n, const bl_term *(*get)(const bl_results *, size_t),
                          const bl_results *r)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        const bl_term *t = get(r, i);
        json_array_append_new(arr, json_pack("{s:s,s:s,s:f}", "term", t->term, "word",
                                             t->word ? t->word : t->term, "weight",
                                             t->weight));
    }
    return arr;
}

/* "timeline", "undated", "graph", "terms", "added_terms", "views_note": each only when its
 * view was asked for. */
static void views_into(json_t *doc, const bl_results *r, const bl_search_options *o)
{
    if (o->timeline) {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < bl_results_timeline_size(r); i++) {
            const bl_period *p = bl_results_timeline(r, i);
            json_array_append_new(arr, json_pack("{s:s,s:I}", "period", p->period, "count",
                                                 (json_int_t)p->count));
        }
        json_object_set_new(doc, "timeline", arr ? arr : json_null());
        json_object_set_new(doc, "undated", json_integer((json_int_t)bl_results_timeline_undated(r)));
    }
    if (any_graph(o)) {
        json_t *nodes = json_array(), *edges = json_array();
        for (size_t i = 0; nodes && i < bl_results_graph_node_count(r); i++) {
            const bl_graph_node *n = bl_results_graph_node(r, i);
            json_array_append_new(nodes, json_pack("{s:I,s:s,s:s,s:s,s:I}", "id", (json_int_t)i,
                                                   "name", n->name, "key", n->key, "type",
                                                   n->type, "count", (json_int_t)n->count));
        }
        for (size_t i = 0; edges && i < bl_results_graph_edge_count(r); i++) {
            const bl_graph_edge *e = bl_results_graph_edge(r, i);
            json_array_append_new(edges, json_pack("{s:I,s:I,s:I}", "source",
                                                   (json_int_t)e->source, "target",
                                                   (json_int_t)e->target, "count",
                                                   (json_int_t)e->count));
        }
        json_object_set_new(doc, "graph", json_pack("{s:o,s:o}", "nodes",
                                                    nodes ? nodes : json_null(), "edges",
                                                    edges ? edges : json_null()));
    }
    if (o->terms)
        json_object_set_new(doc, "terms",
                            terms_json(bl_results_terms_size(r), bl_results_term, r));
    if (o->like_id || o->expand)
        json_object_set_new(doc, "added_terms", terms_json(bl_results_added_terms_size(r),
                                                           bl_results_added_term, r));
    json_object_set_new(doc, "views_note", jstr_or_null(bl_results_views_note(r)));
}

/* A hit, with "similar" when near-duplicates were collapsed. */
static json_t *hit_json_views(const bl_hit *h, const bl_search_options *o)
{
    json_t *j = hit_json(h);
    if (j && o->collapse)
        json_object_set_new(j, "similar", json_integer((json_int_t)h->similar));
    return j;
}

static char *results_jsonl(const bl_results *r, const bl_search_options *o)
{
    bl_strbuf text = {0};
    for (size_t i = 0; i < bl_results_size(r) && !text.failed; i++)
        append_line(hit_json_views(bl_results_hit(r, i), o), &text);
    if (any_facets(o) && !text.failed)
        append_line(json_pack("{s:o,s:b}", "facets", facets_json(o, r), "facets_exact", 1),
                    &text);
    /* the closing views line, when a view has something to say (not for --collapse alone,
     * whose counts are in the hits) */
    if (!text.failed && any_views(o) && (o->timeline || any_graph(o) || o->terms ||
                                         o->like_id || o->expand || bl_results_views_note(r))) {
        json_t *views = json_object();
        if (views)
            views_into(views, r, o);
        append_line(views, &text);
    }
    return bl_strbuf_take(&text, NULL); /* NULL if anything failed */
}

static char *results_json_valid(const bl_results *r, const char *query,
                                const bl_search_options *o);

/* doc as JSON with a two-space indent and a final newline (malloc()ed; NULL if memory ran
 * out).  Takes doc (json_decref). */
static char *dump_indented(json_t *doc)
{
    char *text = json_dumps(doc, JSON_INDENT(2));
    json_decref(doc);
    if (!text)
        return NULL;
    size_t n = strlen(text);
    char *line = realloc(text, n + 2);
    if (!line) {
        free(text);
        return NULL;
    }
    memcpy(line + n, "\n", 2);
    return line;
}

static char *results_json(const bl_results *r, const char *query_in, const bl_search_options *o)
{
    /* The query as typed may hold bytes that are not UTF-8 (JSON cannot carry them): they
     * are echoed as \xHH, never a reason to print nothing. */
    char *query = query_in ? bl_escape_invalid_utf8(query_in) : NULL;
    if (query_in && !query)
        return NULL;
    char *out = results_json_valid(r, query, o);
    free(query);
    return out;
}

static char *results_json_valid(const bl_results *r, const char *query,
                                const bl_search_options *o)
{
    json_t *hits = json_array();
    for (size_t i = 0; hits && i < bl_results_size(r); i++)
        if (json_array_append_new(hits, hit_json_views(bl_results_hit(r, i), o)) < 0) {
            json_decref(hits);
            return NULL;
        }
    json_t *doc = json_pack("{s:s,s:I,s:b,s:I,s:I,s:o}", "query", query ? query : "", "total",
                            (json_int_t)bl_results_total(r), "total_exact",
                            bl_results_total_exact(r), "offset", (json_int_t)o->offset,
                            "limit", (json_int_t)o->limit, "hits", hits);
    if (!doc)
        return NULL;
    if (any_facets(o)) {
        json_object_set_new(doc, "facets", facets_json(o, r));
        json_object_set_new(doc, "facets_exact", json_true());
    }
    json_object_set_new(doc, "suggestion", jstr_or_null(bl_results_suggestion(r)));
    if (any_views(o))
        views_into(doc, r, o);
    return dump_indented(doc);
}

char *bl_results_to_json(const bl_results *r, const char *query, const bl_search_options *o,
                         bl_json_style style)
{
    if (!r || !o)
        return NULL;
    return style == BL_JSON_LINES ? results_jsonl(r, o) : results_json(r, query, o);
}

/* ---- one whole document (byline-search --show --format json, byline-serve /api/doc) ---- */

char *bl_document_to_json(const bl_document_view *v)
{
    const bl_document *d = bl_document_view_fields(v);
    if (!d)
        return NULL;
    json_t *o = json_object(), *a = json_array(), *e = json_array();
    if (!o || !a || !e) {
        json_decref(o), json_decref(a), json_decref(e);
        return NULL;
    }
    for (size_t i = 0; i < d->n_authors; i++)
        json_array_append_new(a, json_string(d->authors[i]));
    for (size_t i = 0; i < bl_document_view_entity_count(v); i++) {
        const bl_hit_entity *x = bl_document_view_entity(v, i);
        json_array_append_new(e, json_pack("{s:s,s:s,s:I}", "name", x->name, "type", x->type,
                                           "count", (json_int_t)x->count));
    }
    json_object_set_new(o, "id", jstr_or_null(d->id));
    json_object_set_new(o, "title", jstr_or_null(d->title));
    json_object_set_new(o, "date", jstr_or_null(d->date));
    json_object_set_new(o, "source", jstr_or_null(d->source));
    json_object_set_new(o, "url", jstr_or_null(d->url));
    json_object_set_new(o, "path", jstr_or_null(d->path));
    json_object_set_new(o, "authors", a);
    json_object_set_new(o, "entities", e);
    json_object_set_new(o, "text", d->text ? json_stringn(d->text, d->text_len) : json_null());
    return dump_indented(o);
}

/* ---- the entity look-up (byline-search --entities --format json, /api/entities) ------------ */

char *bl_entity_matches_to_json(const bl_entity_matches *m)
{
    json_t *arr = json_array();
    int bad = !arr;
    for (size_t i = 0; !bad && i < bl_entity_matches_size(m); i++) {
        const bl_entity_info *e = bl_entity_matches_get(m, i);
        json_t *al = json_array();
        for (size_t k = 0; al && k < e->n_aliases; k++)
            if (json_array_append_new(al, json_string(e->aliases[k])) < 0) {
                json_decref(al);
                al = NULL;
            }
        json_t *item = al ? json_pack("{s:s,s:s,s:s,s:I,s:o}", "name", e->name, "key", e->key,
                                      "type", e->type, "documents", (json_int_t)e->documents,
                                      "aliases", al)
                          : NULL;
        bad = !item || json_array_append_new(arr, item) < 0;
    }
    if (bad) {
        json_decref(arr);
        return NULL;
    }
    return dump_indented(json_pack("{s:o}", "entities", arr));
}
