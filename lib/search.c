/* SPDX-License-Identifier: GPL-2.0-or-later */
/* search.c — answering a query: parse, match, rank, snippet, facet.
 *
 * A bl_searcher is one or several indexes opened as a single Xapian database, so ranking uses
 * global statistics whether the shards are local or remote.  bl_search parses the query with
 * the index's own analyzer (lib/query.c), runs it through the binding, and turns each hit's
 * stored JSON into a bl_hit with a snippet (lib/snippet.c).  Facets count, over the whole
 * match set, the entities of the matching documents: lib/facets.c, whose state the searcher
 * keeps (and drops when it reopens a newer revision).  Entity filters are resolved through the dictionary too
 * (resolve_filter: aliases, index-wide types, the nearest names when nothing matches).
 */
#include "byline.h"
#include "analyzer.h"
#include "docdata.h"
#include "document.h"
#include "entity_dict.h"
#include "facets.h"
#include "locations.h"
#include "query.h"
#include "schema.h"
#include "snippet.h"
#include "suggest.h"
#include "util.h"
#include "status.h"
#include "views.h"
#include "xapian_c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SNIPPET_CHARS 200
#define DEFAULT_BM25_K1 1.2
#define DEFAULT_BM25_B 0.75

struct bl_searcher {
    xc_db *db;
    bl_analyzer *analyzer;
    char language[32];
    int format; /* layout version of the index (BL_META_FORMAT), 1 when absent */
    char error[512];
    bl_facets *facets;        /* what facet counting keeps for this revision (lib/facets.h) */
};

/* One hit plus what its pointers point into. */
typedef struct hit_store {
    bl_hit hit;
    bl_docdata data;          /* decoded document data: the hit's strings point into it (its
                                 entity list cut into fields that entities point into) */
    bl_snippet snippet;
    bl_hit_entity *entities;
} hit_store;

struct bl_results {
    hit_store *hits;
    size_t n;
    unsigned long total;
    int total_exact;
    bl_facet_list facets[BL_FACET_NTYPES];
    char *suggestion;
    bl_views *views;          /* analyst views (lib/views.c) */
    char *entity_note;        /* an entity filter matched no entity (bl_results_entity_note) */
};

/* ---- opening --------------------------------------------------------------------------- */

static bl_status searcher_fail(bl_searcher *s, xc_status xs, const char *msg, char **err)
{
    bl_set_message(s->error, sizeof s->error, msg);
    if (err)
        *err = strdup(msg ? msg : "");
    return bl_status_from_xc(xs);
}

bl_status bl_searcher_open(const char *const *locations, size_t n, bl_searcher **out,
                           char **err)
{
    return bl_searcher_open_ex(locations, n, NULL, out, err);
}

void bl_searcher_options_init(bl_searcher_options *o)
{
    if (o)
        memset(o, 0, sizeof *o);
}

/* The index's layout version; an index written before versions were recorded is 1. */
static int read_format(xc_db *db)
{
    char *v = NULL;
    int format = 1;
    if (xc_db_get_metadata(db, BL_META_FORMAT, &v, NULL) == XC_OK && v && *v)
        format = atoi(v);
    free(v);
    return format > 0 ? format : 1;
}

/* Opening the shards (local, stub, remote, replicas, partial) is lib/locations.c's job. */
bl_status bl_searcher_open_ex(const char *const *locations, size_t n,
                              const bl_searcher_options *o, bl_searcher **out, char **err)
{
    if (err)
        *err = NULL;
    if (!locations || n == 0 || !out)
        return BL_ERR_ARGUMENT;
    *out = NULL;
    bl_searcher *s = calloc(1, sizeof *s);
    if (!s)
        return BL_ERR_NO_MEMORY;
    bl_status st = bl_locations_open(locations, n, o, &s->db, NULL, err);
    char *lang = NULL;
    xc_status xs = XC_OK;
    if (st == BL_OK) {
        xs = xc_db_get_metadata(s->db, BL_META_LANGUAGE, &lang, NULL);
        st = bl_status_from_xc(xs);
        if (xs != XC_OK && err && asprintf(err, "%s", xc_db_last_error(s->db)) < 0)
            *err = NULL;
    }
    if (st == BL_OK) {
        snprintf(s->language, sizeof s->language, "%s", lang && *lang ? lang : "english");
        st = bl_analyzer_open(s->language, &s->analyzer);
        if (st == BL_ERR_ARGUMENT) {
            st = BL_ERR_CORRUPT; /* the index names a language this build does not have */
            if (err && asprintf(err, "index language '%s' is unknown", s->language) < 0)
                *err = NULL;
        }
    }
    free(lang);
    if (st == BL_OK)
        s->format = read_format(s->db);
    if (st == BL_OK && !(s->facets = bl_facets_new(s->db, s->error, sizeof s->error)))
        st = BL_ERR_NO_MEMORY;
    if (st != BL_OK) {
        bl_searcher_close(s);
        return st;
    }
    *out = s;
    return BL_OK;
}

void bl_searcher_close(bl_searcher *s)
{
    if (!s)
        return;
    xc_db_close(s->db);
    bl_analyzer_free(s->analyzer);
    bl_facets_free(s->facets);
    free(s);
}

const char *bl_searcher_last_error(const bl_searcher *s) { return s ? s->error : ""; }
const char *bl_searcher_language(const bl_searcher *s) { return s ? s->language : NULL; }

bl_status bl_searcher_doc_count(bl_searcher *s, unsigned long *count)
{
    if (!s || !count)
        return BL_ERR_ARGUMENT;
    xc_status xs = xc_db_doc_count(s->db, count);
    return xs == XC_OK ? BL_OK : searcher_fail(s, xs, xc_db_last_error(s->db), NULL);
}

void bl_search_options_init(bl_search_options *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->snippet_chars = DEFAULT_SNIPPET_CHARS;
    o->sort = BL_SORT_RELEVANCE;
    o->weighting = BL_WEIGHT_BM25;
    o->bm25_k1 = -1;
    o->bm25_b = -1;
}

/* ---- hits ------------------------------------------------------------------------------ */

/* The hit's entities: at most HIT_MAX_ENTITIES, the most mentioned. */
#define HIT_MAX_ENTITIES 64

static bl_status fill_entities(hit_store *h)
{
    bl_status st = bl_docdata_entities(&h->data, HIT_MAX_ENTITIES, &h->entities,
                                       &h->hit.n_entities);
    h->hit.entities = h->entities;
    return st;
}

/* The body for the snippet: value BL_SLOT_TEXT, or the JSON "text" of a format-1 index.
 * *owned is set when the caller must free the result. */
static const char *hit_body(xc_mset *page, unsigned i, const bl_docdata *data, char **owned,
                            size_t *len)
{
    char *value = NULL;
    size_t vlen = 0;
    *owned = NULL;
    if (xc_mset_get_value(page, i, BL_SLOT_TEXT, &value, &vlen) == XC_OK && value && vlen &&
        bl_body_decode(value, vlen, owned, len) == BL_OK) {
        free(value);
        return *owned;
    }
    free(value); /* absent (format 1) or damaged: fall back to the data */
    *len = data->text ? strlen(data->text) : 0;
    return data->text ? data->text : "";
}

static bl_status fill_hit(bl_snippet_maker *snipper, const xc_hit *xh, xc_mset *page,
                          unsigned index, hit_store *h)
{
    h->hit.rank = xh->rank + 1;
    h->hit.score = xh->weight;
    bl_status st = bl_docdata_parse(xh->data, xh->data_len, &h->data);
    if (st == BL_ERR_NO_MEMORY)
        return st;
    if (st != BL_OK)
        bl_docdata_clear(&h->data); /* damaged data: show the hit without fields */
    h->hit.id = h->data.id;
    h->hit.title = h->data.title;
    h->hit.date = h->data.date;
    h->hit.source = h->data.source;
    h->hit.url = h->data.url;
    h->hit.path = h->data.path;
    h->hit.authors = h->data.authors;
    h->hit.n_authors = h->data.n_authors;
    if (snipper) {
        char *owned;
        size_t len;
        const char *text = hit_body(page, index, &h->data, &owned, &len);
        st = bl_snippet_maker_run(snipper, text, len, &h->snippet);
        free(owned);
        if (st != BL_OK)
            return st;
    }
    h->hit.snippet = h->snippet.text;
    h->hit.snippet_cut_start = h->snippet.cut_start;
    h->hit.snippet_cut_end = h->snippet.cut_end;
    h->hit.n_matches = h->snippet.n_matches;
    h->hit.match_start = h->snippet.match_start;
    h->hit.match_end = h->snippet.match_end;
    return fill_entities(h);
}

typedef struct collect_ctx {
    bl_results *r;
    xc_mset *page;
    bl_snippet_maker *snipper; /* NULL: no snippets */
    bl_status status;
} collect_ctx;

static int collect_hit(void *vctx, const xc_hit *xh)
{
    collect_ctx *c = vctx;
    hit_store *h = &c->r->hits[c->r->n];
    c->status = fill_hit(c->snipper, xh, c->page, (unsigned)c->r->n, h);
    c->r->n++; /* counted even on failure so bl_results_free releases it */
    return c->status != BL_OK;
}

/* ---- the search ------------------------------------------------------------------------ */

/* Counts are exact when a query has at most this many matches (see run_query). */
#define BL_COUNT_CHECK_AT_LEAST 1000ul

/* Weighting and order.  A query that only filters (person:X, date:2024) gives every hit
 * weight 0, so relevance order would be arbitrary: such results come newest first. */
static xc_status configure(xc_enquire *enq, const bl_search_options *o, int ranked)
{
    double bm25[5] = {o->bm25_k1 >= 0 ? o->bm25_k1 : DEFAULT_BM25_K1, 0, 1,
                      o->bm25_b >= 0 ? o->bm25_b : DEFAULT_BM25_B, 0.5};
    xc_status xs;
    switch (o->weighting) {
    case BL_WEIGHT_BM25PLUS: {
        double p[6] = {bm25[0], 0, 1, bm25[3], 0.5, 1.0};
        xs = xc_enquire_set_weighting(enq, XC_WEIGHT_BM25PLUS, p, 6);
        break;
    }
    case BL_WEIGHT_DPH: xs = xc_enquire_set_weighting(enq, XC_WEIGHT_DPH, NULL, 0); break;
    case BL_WEIGHT_LM: xs = xc_enquire_set_weighting(enq, XC_WEIGHT_LM, NULL, 0); break;
    default: xs = xc_enquire_set_weighting(enq, XC_WEIGHT_BM25, bm25, 5); break;
    }
    bl_sort sort = o->sort == BL_SORT_RELEVANCE && !ranked ? BL_SORT_DATE_DESC : o->sort;
    if (xs == XC_OK && sort != BL_SORT_RELEVANCE)
        xs = xc_enquire_sort_by_value(enq, BL_SLOT_DATE, sort == BL_SORT_DATE_DESC, 1);
    return xs;
}

/* hit.similar of every hit (lib/views_collapse.c). */
static bl_status collapse_counts(const bl_views_env *ve, const xc_query *q, xc_mset *page,
                                 bl_results *r)
{
    unsigned long *similar = calloc(r->n + 1, sizeof *similar);
    bl_status st = similar ? bl_views_similar(ve, q, page, similar) : BL_ERR_NO_MEMORY;
    for (size_t i = 0; st == BL_OK && i < r->n; i++)
        r->hits[i].hit.similar = similar[i];
    free(similar);
    return st;
}

static bl_status run_query(bl_searcher *s, const bl_parsed_query *pq, const xc_query *view_q,
                           const bl_search_options *o, bl_results *r, bl_query_error *qerr,
                           const bl_views_env *ve)
{
    /* view_q: the query --like/--expand made of the user's (lib/views_feedback.c) */
    const xc_query *q = view_q ? view_q : bl_parsed_query_xapian(pq);
    xc_enquire *enq = NULL;
    xc_mset *page = NULL;
    unsigned long docs = 0;
    xc_status xs = xc_enquire_new(s->db, &enq);
    if (xs == XC_OK)
        xs = xc_enquire_set_query(enq, q);
    if (xs == XC_OK)
        xs = configure(enq, o, view_q || bl_parsed_query_is_ranked(pq));
    if (xs == XC_OK && o->collapse) /* one hit per near-duplicate signature */
        xs = xc_enquire_set_collapse_key(enq, BL_SLOT_NEARDUP, 1);
    if (xs == XC_OK)
        xs = xc_db_doc_count(s->db, &docs);
    /* How many matches Xapian checks before it may stop counting: all of them for --exact;
     * otherwise up to BL_COUNT_CHECK_AT_LEAST, so that the count is exact whenever there
     * are no more matches than that (every query on a small index) at a bounded cost, and
     * an estimate ("about") only beyond. */
    unsigned long check = o->exact_total ? docs
                          : docs < BL_COUNT_CHECK_AT_LEAST ? docs : BL_COUNT_CHECK_AT_LEAST;
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(enq, o->offset, o->limit, (unsigned)check, &page);
    if (xs != XC_OK) {
        bl_set_message(s->error, sizeof s->error,
                       enq ? xc_enquire_last_error(enq) : xc_db_last_error(s->db));
        xc_enquire_free(enq);
        if (xs == XC_INVALID_ARGUMENT && page == NULL) {
            /* the only query Xapian refuses at search time is a too-broad wildcard */
            qerr->column = 0;
            bl_set_message(qerr->message, sizeof qerr->message,
                           "a wildcard matches too many words; give more letters before *");
            return BL_ERR_QUERY;
        }
        return bl_status_from_xc(xs);
    }
    r->total = xc_mset_matches_estimated(page);
    r->total_exact = xc_mset_matches_lower_bound(page) == xc_mset_matches_upper_bound(page);
    bl_status st = BL_OK;
    unsigned n = xc_mset_size(page);
    if (n) {
        r->hits = calloc(n, sizeof *r->hits);
        if (!r->hits)
            st = BL_ERR_NO_MEMORY;
    }
    if (st == BL_OK && n) {
        /* one snippet maker for the page: what depends on the query is prepared once */
        size_t chars = o->snippet_chars ? o->snippet_chars : DEFAULT_SNIPPET_CHARS;
        collect_ctx c = {r, page, NULL, BL_OK};
        if (!o->no_snippets)
            st = bl_snippet_maker_new(s->analyzer, pq, chars, &c.snipper);
        if (st == BL_OK) {
            xs = xc_mset_foreach(page, collect_hit, &c);
            st = c.status != BL_OK ? c.status : bl_status_from_xc(xs);
        }
        bl_snippet_maker_free(c.snipper);
    }
    if (st == BL_OK && n && o->collapse) /* --collapse: the copies each hit stands for */
        st = collapse_counts(ve, q, page, r);
    if (st == BL_OK && bl_facets_wanted(o)) { /* lib/facets.c */
        bl_facet_result fr = {.total = r->total, .total_exact = r->total_exact};
        st = bl_facets_compute(s->facets, s->format, enq, q, page, docs, o, &fr);
        memcpy(r->facets, fr.facets, sizeof r->facets); /* owned by r now, even on failure */
        r->total = fr.total;
        r->total_exact = fr.total_exact;
    }
    xc_mset_free(page);
    xc_enquire_free(enq);
    return st;
}

/* ---- forgiving entity filters ---------------------------------------------------------- */

typedef struct resolve_ctx {
    bl_searcher *s;
    const char *query;
    char *note;        /* the first filter that matched no entity, and the nearest names */
    char *suggestion;  /* the query with the nearest name in its place */
} resolve_ctx;

/* The query with bytes [at, end) replaced by "name" (quotes in name dropped). */
static char *query_with_name(const char *query, size_t at, size_t end, const char *name)
{
    size_t ql = strlen(query), nl = strlen(name);
    char *out = malloc(ql + nl + 3);
    if (!out || at > end || end > ql) {
        free(out);
        return NULL;
    }
    char *p = out;
    memcpy(p, query, at);
    p += at;
    *p++ = '"';
    for (size_t i = 0; i < nl; i++)
        if (name[i] != '"')
            *p++ = name[i];
    *p++ = '"';
    memcpy(p, query + end, ql - end + 1);
    return out;
}

/* bl_entity_resolver for the query parser: the dictionary's terms for the filter, and a note
 * with the nearest names when it names no entity of the index. */
static bl_status resolve_filter(void *vctx, int type, const char *key, size_t at, size_t end,
                                char ***terms, size_t *n)
{
    resolve_ctx *c = vctx;
    /* quoted with "..." or “...” (U+201C): the name stands for itself when it is one */
    const char *v = c->query + at;
    int quoted = v[0] == '"' || !strncmp(v, "\xe2\x80\x9c", 3);
    bl_status st = bl_entity_resolve(c->s->db, type, key, quoted, terms, n);
    if (st != BL_OK || *n || c->note)
        return st;
    char *names = NULL, *best = NULL;
    st = bl_entity_nearest(c->s->db, type, key, 5, &names, &best);
    if (st == BL_OK) {
        const char *what = type >= 0 ? bl_facet_type_name(type) : "entity";
        size_t l = end > at ? end - at : 0;
        int rc = names ? asprintf(&c->note, "no %s matches %.*s; nearest: %s", what, (int)l,
                                  c->query + at, names)
                       : asprintf(&c->note, "no %s matches %.*s", what, (int)l, c->query + at);
        if (rc < 0) {
            c->note = NULL;
            st = BL_ERR_NO_MEMORY;
        }
        if (st == BL_OK && best && !(c->suggestion = query_with_name(c->query, at, end, best)))
            st = BL_ERR_NO_MEMORY;
    }
    free(names);
    free(best);
    return st;
}

xc_db *bl_searcher_db(bl_searcher *s) { return s ? s->db : NULL; }

const char *bl_results_entity_note(const bl_results *r) { return r ? r->entity_note : NULL; }

/* One attempt at a search: the analyst views' own query (lib/views.h) before matching, the
 * match, the views' counts after, and a correction when the results are thin (unless an
 * entity filter already gave one: have_suggestion). */
static bl_status search_once(bl_searcher *s, const bl_parsed_query *pq,
                             const bl_search_options *o, bl_results *r, bl_query_error *qerr,
                             int have_suggestion)
{
    bl_views_env ve = {s->db, s->analyzer, o, s->error, sizeof s->error,
                       bl_parsed_query_is_ranked(pq)};
    xc_query *view_q = NULL;
    bl_status st = (r->views = bl_views_new()) ? BL_OK : BL_ERR_NO_MEMORY;
    if (st == BL_OK)
        st = bl_views_rewrite(&ve, bl_parsed_query_xapian(pq), r->views, &view_q);
    if (st == BL_OK)
        st = run_query(s, pq, view_q, o, r, qerr, &ve);
    if (st == BL_OK)
        st = bl_views_compute(&ve, view_q ? view_q : bl_parsed_query_xapian(pq), r->views);
    xc_query_free(view_q);
    /* A correction is offered when the results are thin (fewer than a page): scanning the
     * word list for an unknown name on every well-answered query would cost each search. */
    if (st == BL_OK && pq && !have_suggestion && r->total < (o->limit ? o->limit : 1))
        /* only words the index does not know are looked at */
        st = bl_suggest(s->db, s->analyzer, s->format, pq, &r->suggestion);
    return st;
}

bl_status bl_search(bl_searcher *s, const char *query, const bl_search_options *o,
                    bl_results **out, bl_query_error *qerr)
{
    bl_search_options defaults;
    if (!s || !query || !out)
        return BL_ERR_ARGUMENT;
    *out = NULL;
    if (!o) {
        bl_search_options_init(&defaults);
        o = &defaults;
    }
    bl_query_options qo = {.all_words = o->all_words, .since = o->since, .until = o->until,
                           .title_weight = o->title_weight,
                           .stem_positions = s->format >= BL_FORMAT_STEM_POSITIONS};
    resolve_ctx rc = {.s = s, .query = query};
    qo.resolve_entity = resolve_filter;
    qo.resolve_ctx = &rc;
    bl_parsed_query *pq = NULL;
    bl_query_error local;
    /* --like ID needs no query text: then only its date bounds are parsed (pq may be NULL) */
    const char *blank = query + strspn(query, " \t\r\n");
    bl_status st = o->like_id && !*blank
                       ? bl_views_parse_bounds(s->analyzer, &qo, &pq, qerr ? qerr : &local)
                       : bl_query_parse(s->analyzer, query, &qo, &pq, qerr ? qerr : &local);
    if (st != BL_OK) {
        free(rc.note);
        free(rc.suggestion);
        return st;
    }
    bl_results *r = NULL;
    /* Xapian raises DatabaseModifiedError when a writer has committed twice since the reader
     * opened its revision: the reader must reopen (to the latest commit) and ask again.  Once
     * is enough unless the writer commits again at once; then the caller hears of it. */
    for (int attempt = 0; attempt < 2; attempt++) {
        bl_results_free(r);
        if (!(r = calloc(1, sizeof *r))) {
            st = BL_ERR_NO_MEMORY;
            break;
        }
        st = search_once(s, pq, o, r, qerr ? qerr : &local, rc.suggestion != NULL);
        if (st != BL_ERR_MODIFIED || attempt == 1)
            break;
        xc_status xs = xc_db_reopen(s->db);
        bl_facets_invalidate(s->facets); /* a new revision: nothing read from the old one */
        if (xs != XC_OK) {
            st = bl_status_from_xc(xs);
            bl_set_message(s->error, sizeof s->error, xc_db_last_error(s->db));
            break;
        }
    }
    if (r) { /* an entity filter that matched nothing: its note and nearest-name query */
        r->entity_note = rc.note;
        if (rc.suggestion) {
            free(r->suggestion);
            r->suggestion = rc.suggestion;
        }
    } else {
        free(rc.note);
        free(rc.suggestion);
    }
    bl_parsed_query_free(pq);
    if (st != BL_OK) {
        bl_results_free(r);
        return st;
    }
    *out = r;
    return BL_OK;
}

size_t bl_results_size(const bl_results *r) { return r ? r->n : 0; }
const bl_hit *bl_results_hit(const bl_results *r, size_t i)
{
    return r && i < r->n ? &r->hits[i].hit : NULL;
}
unsigned long bl_results_total(const bl_results *r) { return r ? r->total : 0; }
int bl_results_total_exact(const bl_results *r) { return r ? r->total_exact : 0; }
size_t bl_results_facet_size(const bl_results *r, int type)
{
    return r && type >= 0 && type < BL_FACET_NTYPES ? r->facets[type].n : 0;
}
const bl_facet *bl_results_facet(const bl_results *r, int type, size_t i)
{
    return i < bl_results_facet_size(r, type) ? &r->facets[type].items[i] : NULL;
}
const char *bl_results_suggestion(const bl_results *r) { return r ? r->suggestion : NULL; }

void bl_results_free(bl_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        bl_docdata_clear(&r->hits[i].data);
        bl_snippet_free(&r->hits[i].snippet);
        free(r->hits[i].entities);
    }
    free(r->hits);
    for (int t = 0; t < BL_FACET_NTYPES; t++) {
        bl_facet_list_clear(&r->facets[t]);
    }
    free(r->suggestion);
    bl_views_free(r->views);
    free(r->entity_note);
    free(r);
}

/* ---- one whole document, and seeing new commits (byline-search --show, byline-serve) ---- */

bl_status bl_searcher_document(bl_searcher *s, const char *id, bl_document_view **out)
{
    if (!s || !id || !out)
        return BL_ERR_ARGUMENT;
    return bl_document_fetch(s->db, id, out, s->error, sizeof s->error);
}

bl_status bl_searcher_reopen(bl_searcher *s, int *changed)
{
    int c = 0;
    if (changed)
        *changed = 0;
    if (!s)
        return BL_ERR_ARGUMENT;
    xc_status xs = xc_db_reopen_changed(s->db, &c);
    if (xs != XC_OK)
        return searcher_fail(s, xs, xc_db_last_error(s->db), NULL);
    if (c) {
        s->format = read_format(s->db); /* a rebuilt index may have a newer layout */
        bl_facets_invalidate(s->facets); /* the dictionary of the old revision is stale */
    }
    if (changed)
        *changed = c;
    return BL_OK;
}

/* ---- for the analyst views (lib/views.h) ----------------------------------------------- */

bl_views *bl_results_views(const bl_results *r) { return r ? r->views : NULL; }
