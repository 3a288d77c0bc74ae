/* search.c — answering a query: parse, match, rank, snippet, facet.
 *
 * A bl_searcher is one or several indexes opened as a single Xapian database, so ranking uses
 * global statistics whether the shards are local or remote.  bl_search parses the query with
 * the index's own analyzer (lib/query.c), runs it through the binding, and turns each hit's
 * stored JSON into a bl_hit with a snippet (lib/snippet.c).  Facets count, over the whole
 * match set, the entity terms of the matching documents; they use only term lists, which
 * Xapian's remote protocol carries, so they work the same on remote shards (a custom
 * MatchSpy would not cross the wire).
 */
#include "byline.h"
#include "hash.h"
#include "analyzer.h"
#include "docdata.h"
#include "locations.h"
#include "query.h"
#include "schema.h"
#include "snippet.h"
#include "suggest.h"
#include "status.h"
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
};

/* One hit plus what its pointers point into. */
typedef struct hit_store {
    bl_hit hit;
    bl_docdata data;          /* decoded document data: the hit's strings point into it (its
                                 entity list cut into fields that entities point into) */
    bl_snippet snippet;
    bl_hit_entity *entities;
} hit_store;

typedef struct facet_list {
    bl_facet *items;
    size_t n;
    char **strings;           /* names and keys owned here */
    size_t n_strings;
} facet_list;

struct bl_results {
    hit_store *hits;
    size_t n;
    unsigned long total;
    int total_exact;
    facet_list facets[BL_FACET_NTYPES];
    char *suggestion;
};

static const char *const facet_prefix[BL_FACET_NTYPES] = {
    BL_PREFIX_PERSON, BL_PREFIX_PLACE, BL_PREFIX_ORG, BL_PREFIX_OTHER};
static const char *const facet_type_name[BL_FACET_NTYPES] = {"person", "place", "org", "other"};

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
        s->analyzer = bl_analyzer_new(s->language);
        if (!s->analyzer) {
            st = BL_ERR_CORRUPT;
            if (err && asprintf(err, "index language '%s' is unknown", s->language) < 0)
                *err = NULL;
        }
    }
    free(lang);
    if (st == BL_OK)
        s->format = read_format(s->db);
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

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Entities of a format-1 index: an array of objects. */
static bl_status fill_entities_array(hit_store *h, json_t *arr)
{
    size_t n = json_array_size(arr);
    if (n == 0)
        return BL_OK;
    h->entities = calloc(n, sizeof *h->entities);
    if (!h->entities)
        return BL_ERR_NO_MEMORY;
    size_t i, k = 0;
    json_t *e;
    json_array_foreach(arr, i, e) {
        const char *name = jstr(e, "name"), *type = jstr(e, "type");
        if (!name || !type)
            continue;
        h->entities[k].name = name;
        h->entities[k].type = type;
        h->entities[k].count = (unsigned)json_integer_value(json_object_get(e, "count"));
        k++;
    }
    h->hit.entities = h->entities;
    h->hit.n_entities = k;
    return BL_OK;
}

/* The hit's entities from the "type\tcount\tName\n" list, at most HIT_MAX_ENTITIES (the
 * most mentioned): the decoded list is cut into NUL-terminated fields in place. */
#define HIT_MAX_ENTITIES 64

static bl_status fill_entities(hit_store *h)
{
    if (h->data.entity_array)
        return fill_entities_array(h, h->data.entity_array);
    char *list = h->data.entities;
    if (!list || !*list)
        return BL_OK;
    h->entities = calloc(HIT_MAX_ENTITIES, sizeof *h->entities);
    if (!h->entities)
        return BL_ERR_NO_MEMORY;
    size_t k = 0;
    for (char *line = list; line && *line && k < HIT_MAX_ENTITIES;) {
        char *nl = strchr(line, '\n'), *t1 = strchr(line, '\t');
        if (nl)
            *nl = '\0';
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (t2) {
            *t1 = *t2 = '\0';
            h->entities[k].type = line;
            h->entities[k].count = (unsigned)strtoul(t1 + 1, NULL, 10);
            h->entities[k].name = t2 + 1;
            k++;
        }
        line = nl ? nl + 1 : NULL;
    }
    h->hit.entities = h->entities;
    h->hit.n_entities = k;
    return BL_OK;
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

/* ---- facets ---------------------------------------------------------------------------- */

/* A small open-addressing hash table from entity key to document count, one per type. */
typedef struct count_entry {
    char *key;
    unsigned long count;
    xc_docid example; /* a document that mentions it: its data gives the display name */
} count_entry;

typedef struct count_table {
    count_entry *slots;
    size_t cap, n;
} count_table;

static uint64_t hash_bytes(const char *s, size_t len) { return bl_hash_fold(s, len); }

static int table_grow(count_table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    count_entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].key)
            continue;
        size_t j = hash_bytes(t->slots[i].key, strlen(t->slots[i].key)) & (cap - 1);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 0;
}

static int table_add(count_table *t, const char *key, size_t len, xc_docid docid)
{
    if ((t->n + 1) * 2 > t->cap && table_grow(t) < 0)
        return -1;
    size_t j = hash_bytes(key, len) & (t->cap - 1);
    while (t->slots[j].key) {
        if (strlen(t->slots[j].key) == len && !memcmp(t->slots[j].key, key, len)) {
            t->slots[j].count++;
            return 0;
        }
        j = (j + 1) & (t->cap - 1);
    }
    if (!(t->slots[j].key = strndup(key, len)))
        return -1;
    t->slots[j].count = 1;
    t->slots[j].example = docid;
    t->n++;
    return 0;
}

static void table_free(count_table *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->slots[i].key);
    free(t->slots);
}

typedef struct facet_ctx {
    count_table tables[BL_FACET_NTYPES];
    const bl_search_options *o;
    xc_db *db;
    xc_docid docid;
    int oom;
} facet_ctx;

/* A term of the document's "X" range: count it if it is an entity of a type asked for. */
static int count_term(void *vctx, const char *term, size_t len, unsigned long wdf)
{
    (void)wdf;
    facet_ctx *c = vctx;
    for (int t = 0; t < BL_FACET_NTYPES; t++) {
        size_t pl = strlen(facet_prefix[t]);
        if (!c->o->facets[t] || len < pl || memcmp(term, facet_prefix[t], pl))
            continue;
        if (table_add(&c->tables[t], term + pl, len - pl, c->docid) < 0) {
            c->oom = 1;
            return 1;
        }
        break;
    }
    return 0;
}

/* One term-list read per matching document, for every entity type at once (all entity
 * prefixes start with "X"): on a remote shard each read is a round trip. */
static int facet_hit(void *vctx, const xc_hit *xh)
{
    facet_ctx *c = vctx;
    c->docid = xh->docid;
    return xc_db_termlist(c->db, xh->docid, "X", count_term, c) != XC_OK || c->oom;
}

static int cmp_count_desc(const void *a, const void *b)
{
    const count_entry *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->key, y->key);
}

/* The display name of an entity: read it from a document that mentions it. */
/* Does display name n (len bytes) normalise to key? */
static int name_has_key(const char *n, size_t len, const char *key)
{
    char *k = bl_normalize(n, len, NULL);
    int same = k && !strcmp(k, key);
    free(k);
    return same;
}

/* Find the name of `type` whose key is `key` in a "type\tcount\tName\n..." list. */
static char *name_from_list(const char *list, const char *type, const char *key)
{
    size_t tl = strlen(type);
    for (const char *line = list; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t ll = nl ? (size_t)(nl - line) : strlen(line);
        const char *name = ll > tl + 1 && !memcmp(line, type, tl) && line[tl] == '\t'
                               ? memchr(line + tl + 1, '\t', ll - tl - 1) : NULL;
        if (name && name_has_key(name + 1, (size_t)(line + ll - name - 1), key))
            return strndup(name + 1, (size_t)(line + ll - name - 1));
        line = nl ? nl + 1 : NULL;
    }
    return NULL;
}

/* The display name of an entity: read it from a document that mentions it (its "names"
 * list; indexes of format 1 only have the "entities" array). */
static char *display_name(xc_db *db, xc_docid docid, int type, const char *key)
{
    char *data = NULL;
    size_t len = 0;
    char *name = NULL;
    if (xc_db_get_data(db, docid, &data, &len) != XC_OK)
        return strdup(key);
    bl_docdata d;
    bl_status st = bl_docdata_parse(data, len, &d);
    free(data);
    if (st == BL_OK && d.entities)
        name = name_from_list(d.entities, facet_type_name[type], key);
    size_t i;
    json_t *e;
    json_array_foreach(st == BL_OK ? d.entity_array : NULL, i, e) {
        const char *n = jstr(e, "name"), *t = jstr(e, "type");
        if (n && t && !strcmp(t, facet_type_name[type]) && name_has_key(n, strlen(n), key)) {
            name = strdup(n);
            break;
        }
    }
    bl_docdata_clear(&d);
    return name ? name : strdup(key);
}

static bl_status build_facet_list(xc_db *db, count_table *t, int type, unsigned limit,
                                  facet_list *out)
{
    count_entry *all = malloc((t->n ? t->n : 1) * sizeof *all);
    if (!all)
        return BL_ERR_NO_MEMORY;
    size_t k = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].key)
            all[k++] = t->slots[i];
    qsort(all, k, sizeof *all, cmp_count_desc);
    size_t n = k < limit ? k : limit;
    out->items = calloc(n ? n : 1, sizeof *out->items);
    out->strings = calloc(2 * (n ? n : 1), sizeof *out->strings);
    if (!out->items || !out->strings) {
        free(all);
        return BL_ERR_NO_MEMORY;
    }
    for (size_t i = 0; i < n; i++) {
        char *key = strdup(all[i].key);
        char *name = display_name(db, all[i].example, type, all[i].key);
        out->strings[out->n_strings++] = key;
        out->strings[out->n_strings++] = name;
        if (!key || !name) {
            free(all);
            return BL_ERR_NO_MEMORY;
        }
        out->items[i] = (bl_facet){.name = name, .key = key, .count = all[i].count};
        out->n++;
    }
    free(all);
    return BL_OK;
}

/* Count entities over every matching document. */
static bl_status compute_facets(bl_searcher *s, const xc_query *q, const bl_search_options *o,
                                bl_results *r)
{
    int any = 0;
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        any |= o->facets[t] != 0;
    if (!any)
        return BL_OK;
    unsigned long docs = 0;
    xc_enquire *enq = NULL;
    xc_mset *all = NULL;
    facet_ctx c = {.o = o, .db = s->db};
    xc_status xs = xc_db_doc_count(s->db, &docs);
    if (xs == XC_OK)
        xs = xc_enquire_new(s->db, &enq);
    if (xs == XC_OK)
        xs = xc_enquire_set_query(enq, q);
    if (xs == XC_OK)
        xs = xc_enquire_set_weighting(enq, XC_WEIGHT_BOOL, NULL, 0);
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(enq, 0, (unsigned)docs, (unsigned)docs, &all);
    if (xs == XC_OK)
        xs = xc_mset_foreach_docid(all, facet_hit, &c);
    bl_status st = c.oom ? BL_ERR_NO_MEMORY : bl_status_from_xc(xs);
    if (xs != XC_OK)
        bl_set_message(s->error, sizeof s->error,
                       enq ? xc_enquire_last_error(enq) : xc_db_last_error(s->db));
    for (int t = 0; t < BL_FACET_NTYPES && st == BL_OK; t++)
        if (o->facets[t])
            st = build_facet_list(s->db, &c.tables[t], t, o->facets[t], &r->facets[t]);
    if (st == BL_OK && all) {
        r->total = xc_mset_matches_estimated(all);
        r->total_exact = 1;
    }
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        table_free(&c.tables[t]);
    xc_mset_free(all);
    xc_enquire_free(enq);
    return st;
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

static bl_status run_query(bl_searcher *s, const bl_parsed_query *pq,
                           const bl_search_options *o, bl_results *r, bl_query_error *qerr)
{
    const xc_query *q = bl_parsed_query_xapian(pq);
    xc_enquire *enq = NULL;
    xc_mset *page = NULL;
    unsigned long docs = 0;
    xc_status xs = xc_enquire_new(s->db, &enq);
    if (xs == XC_OK)
        xs = xc_enquire_set_query(enq, q);
    if (xs == XC_OK)
        xs = configure(enq, o, bl_parsed_query_is_ranked(pq));
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
    xc_mset_free(page);
    xc_enquire_free(enq);
    if (st == BL_OK)
        st = compute_facets(s, q, o, r);
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
    bl_parsed_query *pq = NULL;
    bl_query_error local;
    bl_status st = bl_query_parse(s->analyzer, query, &qo, &pq, qerr ? qerr : &local);
    if (st != BL_OK)
        return st;
    bl_results *r = calloc(1, sizeof *r);
    if (!r) {
        bl_parsed_query_free(pq);
        return BL_ERR_NO_MEMORY;
    }
    st = run_query(s, pq, o, r, qerr ? qerr : &local);
    /* A correction is offered when the results are thin (fewer than a page): scanning the
     * word list for an unknown name on every well-answered query would cost each search. */
    if (st == BL_OK && r->total < (o->limit ? o->limit : 1))
        /* only words the index does not know are looked at */
        st = bl_suggest(s->db, s->analyzer, s->format, pq, &r->suggestion);
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
        for (size_t i = 0; i < r->facets[t].n_strings; i++)
            free(r->facets[t].strings[i]);
        free(r->facets[t].strings);
        free(r->facets[t].items);
    }
    free(r->suggestion);
    free(r);
}
