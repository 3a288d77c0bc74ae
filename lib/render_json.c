/* render_json.c — one page of results as the JSON that scripts read.
 *
 * byline-search --format json|jsonl and byline-serve's /api/search print exactly the same
 * bytes for the same query, so the rendering lives here, in the library, rather than in each
 * program.  Field names are stable and documented in the README ("Output formats"); a field
 * that has no value is null, never absent.  Built on jansson, which the library links anyway.
 */
#include "byline.h"
#include "escape.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const facet_names[BL_FACET_NTYPES] = {"person", "place", "org", "other"};

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
        json_object_set_new(all, facet_names[t], arr ? arr : json_null());
    }
    return all;
}

/* Append `j` (stolen) to the growing text as one compact line. */
static int append_line(json_t *j, char **text, size_t *len)
{
    char *line = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!line)
        return -1;
    size_t n = strlen(line);
    char *grown = realloc(*text, *len + n + 2);
    if (!grown) {
        free(line);
        return -1;
    }
    memcpy(grown + *len, line, n);
    grown[*len + n] = '\n';
    grown[*len + n + 1] = '\0';
    *text = grown;
    *len += n + 1;
    free(line);
    return 0;
}

static char *results_jsonl(const bl_results *r, const bl_search_options *o)
{
    char *text = calloc(1, 1);
    size_t len = 0;
    for (size_t i = 0; text && i < bl_results_size(r); i++)
        if (append_line(hit_json(bl_results_hit(r, i)), &text, &len) < 0)
            goto fail;
    if (text && any_facets(o) &&
        append_line(json_pack("{s:o,s:b}", "facets", facets_json(o, r), "facets_exact", 1),
                    &text, &len) < 0)
        goto fail;
    return text;
fail:
    free(text);
    return NULL;
}

static char *results_json_valid(const bl_results *r, const char *query,
                                const bl_search_options *o);

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
        if (json_array_append_new(hits, hit_json(bl_results_hit(r, i))) < 0) {
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

char *bl_results_to_json(const bl_results *r, const char *query, const bl_search_options *o,
                         bl_json_style style)
{
    if (!r || !o)
        return NULL;
    return style == BL_JSON_LINES ? results_jsonl(r, o) : results_json(r, query, o);
}
