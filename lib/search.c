/* SPDX-License-Identifier: GPL-2.0-or-later */
/* search.c — answering a query: parse, match, rank, snippet, facet.
 *
 * A bl_searcher is one or several indexes opened as a single Xapian database, so ranking uses
 * global statistics whether the shards are local or remote.  bl_search parses the query with
 * the index's own analyzer (lib/query.c), runs it through the binding, and turns each hit's
 * stored JSON into a bl_hit with a snippet (lib/snippet.c).  Facets count, over the whole
 * match set, the entities of the matching documents.  From index format 4 on, Xapian's
 * built-in ValueCountMatchSpy counts the entity keys kept in value slots during the match
 * itself (built-in spies cross Xapian's remote protocol, so remote shards count their own
 * documents; a custom MatchSpy would not), and each counted key gets its index-wide type
 * from the entity dictionary (lib/entity_dict.h).  Older indexes are counted by reading each
 * matching document's entity terms.  Entity filters are resolved through the dictionary too
 * (resolve_filter: aliases, index-wide types, the nearest names when nothing matches).
 */
#include "byline.h"
#include "hash.h"
#include "analyzer.h"
#include "docdata.h"
#include "document.h"
#include "entity_dict.h"
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
#include <time.h>

#define DEFAULT_SNIPPET_CHARS 200
#define DEFAULT_BM25_K1 1.2
#define DEFAULT_BM25_B 0.75

struct bl_searcher {
    xc_db *db;
    bl_analyzer *analyzer;
    char language[32];
    int format; /* layout version of the index (BL_META_FORMAT), 1 when absent */
    char error[512];
    struct dict_key *dict;  /* the entity dictionary by document count, loaded by the first
                               broad facet search and kept: the searcher sees one revision */
    size_t dict_n;
};

static void dict_free(struct dict_key *d, size_t n);

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
    bl_views *views;          /* analyst views (lib/views.c) */
    char *entity_note;        /* an entity filter matched no entity (bl_results_entity_note) */
};

static const char *const facet_prefix[BL_FACET_NTYPES] = {
    BL_PREFIX_PERSON, BL_PREFIX_PLACE, BL_PREFIX_ORG, BL_PREFIX_OTHER};

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
    dict_free(s->dict, s->dict_n);
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
    unsigned votes;   /* facets from value slots: the types documents gave it (bit t) */
    char *name;       /* facets from value slots: the name most matching documents wrote */
    unsigned long name_count;
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

/* Add inc to key's count (a new key starts at inc): its entry, or NULL if memory ran out. */
static count_entry *table_add_n(count_table *t, const char *key, size_t len, xc_docid docid,
                                unsigned long inc)
{
    if ((t->n + 1) * 2 > t->cap && table_grow(t) < 0)
        return NULL;
    size_t j = hash_bytes(key, len) & (t->cap - 1);
    while (t->slots[j].key) {
        if (!strncmp(t->slots[j].key, key, len) && t->slots[j].key[len] == '\0') {
            t->slots[j].count += inc;
            return &t->slots[j];
        }
        j = (j + 1) & (t->cap - 1);
    }
    if (!(t->slots[j].key = strndup(key, len)))
        return NULL;
    t->slots[j].count = inc;
    t->slots[j].example = docid;
    t->n++;
    return &t->slots[j];
}

static count_entry *table_find(const count_table *t, const char *key)
{
    if (!t->cap)
        return NULL;
    size_t j = hash_bytes(key, strlen(key)) & (t->cap - 1);
    for (; t->slots[j].key; j = (j + 1) & (t->cap - 1))
        if (!strcmp(t->slots[j].key, key))
            return &t->slots[j];
    return NULL;
}

static int table_add(count_table *t, const char *key, size_t len, xc_docid docid)
{
    return table_add_n(t, key, len, docid, 1) ? 0 : -1;
}

static void table_free(count_table *t)
{
    for (size_t i = 0; i < t->cap; i++) {
        free(t->slots[i].key);
        free(t->slots[i].name);
    }
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
        name = name_from_list(d.entities, bl_facet_type_name(type), key);
    size_t i;
    json_t *e;
    json_array_foreach(st == BL_OK ? d.entity_array : NULL, i, e) {
        const char *n = jstr(e, "name"), *t = jstr(e, "type");
        if (n && t && !strcmp(t, bl_facet_type_name(type)) && name_has_key(n, strlen(n), key)) {
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
        if (t->slots[i].key && !bl_entity_key_is_generic(t->slots[i].key, strlen(t->slots[i].key)))
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

/* ---- facets from value slots (format 4) ------------------------------------------------ */

/* Every entity key of a document is in one of the value slots BL_ENTITY_SLOT_FIRST.. (the last
 * holds the overflow, joined by '\n'; lib/entity_dict.h).  One Xapian ValueCountMatchSpy a slot
 * counts the keys during the match itself (remote shards count their own documents and send
 * the counts), and the slots' counts are summed per key here: exact, and no term list read. */
static int facets_use_slots(const bl_searcher *s, const bl_search_options *o)
{
    int any = 0;
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        any |= o->facets[t] != 0;
    return any && s->format >= 4;
}

static xc_status add_facet_spies(xc_enquire *enq)
{
    xc_status xs = XC_OK;
    for (unsigned i = 0; i < BL_ENTITY_SLOTS && xs == XC_OK; i++)
        xs = xc_enquire_add_value_count(enq, BL_ENTITY_SLOT_FIRST + i, NULL);
    return xs;
}

typedef struct spy_ctx {
    count_table *t;
    int split; /* the overflow slot: one value holds several keys */
    int oom;
} spy_ctx;

static int add_slot_count(void *vctx, const char *value, size_t len, unsigned long docs)
{
    spy_ctx *c = vctx;
    for (size_t i = 0; i < len;) {
        const char *nl = c->split ? memchr(value + i, '\n', len - i) : NULL;
        size_t e = nl ? (size_t)(nl - value) : len;
        int digit = e > i + 1 ? value[i] - '0' : -1; /* "<type digit>key\tName" */
        const char *tab = digit >= 0 ? memchr(value + i, '\t', e - i) : NULL;
        size_t kend = tab ? (size_t)(tab - value) : e;
        if (digit >= 0 && digit < BL_FACET_NTYPES && kend > i + 1) {
            count_entry *ce = table_add_n(c->t, value + i + 1, kend - i - 1, 0, docs);
            if (!ce)
                return c->oom = 1;
            ce->votes |= 1u << digit;
            if (tab && e > kend + 1 && docs > ce->name_count) {
                char *name = strndup(tab + 1, e - kend - 1);
                if (!name)
                    return c->oom = 1;
                free(ce->name);
                ce->name = name;
                ce->name_count = docs;
            }
        }
        i = e + 1;
    }
    return 0;
}

/* The index-wide types of keys[0..n) in one search: a query OR-ing their four type terms and
 * no hit asked for, after which Xapian knows every term's frequency, summed over the shards
 * (remote ones in the same exchange instead of a round trip per term). */
static bl_status batch_types(bl_searcher *s, const char *const *keys, size_t n, int *types)
{
    xc_query **subs = calloc(n * BL_FACET_NTYPES + 1, sizeof *subs);
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    size_t k = 0;
    char term[BL_MAX_TERM_BYTES + 32];
    xc_status xs = subs ? XC_OK : XC_NO_MEMORY;
    for (size_t i = 0; i < n && xs == XC_OK; i++)
        for (int t = 0; t < BL_FACET_NTYPES && xs == XC_OK; t++) {
            int l = snprintf(term, sizeof term, "%s%s", facet_prefix[t], keys[i]);
            if (l > 0 && l <= BL_MAX_TERM_BYTES)
                xs = xc_query_term(term, (size_t)l, 1, 0, &subs[k++]);
        }
    if (xs == XC_OK)
        xs = xc_query_combine(XC_OP_OR, subs, k, 0, &q);
    if (xs == XC_OK)
        xs = xc_enquire_new(s->db, &enq);
    if (xs == XC_OK)
        xs = xc_enquire_set_query(enq, q);
    if (xs == XC_OK)
        xs = xc_enquire_set_weighting(enq, XC_WEIGHT_BOOL, NULL, 0);
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(enq, 0, 0, 0, &m);
    for (size_t i = 0; i < n && xs == XC_OK; i++) {
        unsigned long best = 0, f;
        types[i] = -1;
        for (int t = 0; t < BL_FACET_NTYPES && xs == XC_OK; t++) {
            int l = snprintf(term, sizeof term, "%s%s", facet_prefix[t], keys[i]);
            xs = l > 0 && l <= BL_MAX_TERM_BYTES ? xc_mset_termfreq(m, term, (size_t)l, &f)
                                                 : (f = 0, XC_OK);
            if (xs == XC_OK && f > best) {
                best = f;
                types[i] = t;
            }
        }
    }
    if (xs != XC_OK)
        bl_set_message(s->error, sizeof s->error,
                       enq ? xc_enquire_last_error(enq) : xc_db_last_error(s->db));
    for (size_t i = 0; i < k; i++)
        xc_query_free(subs[i]);
    free(subs);
    xc_query_free(q);
    xc_mset_free(m);
    xc_enquire_free(enq);
    return bl_status_from_xc(xs);
}

/* The same one term frequency at a time: fast on local shards (a B-tree look-up each), a
 * network round trip each on remote ones. */
static bl_status direct_types(bl_searcher *s, const char *const *keys, size_t n, int *types)
{
    for (size_t i = 0; i < n; i++) {
        unsigned long docs[BL_ENTITY_NTYPES];
        bl_status st = bl_entity_evidence(s->db, keys[i], docs, &types[i]);
        if (st != BL_OK) {
            bl_set_message(s->error, sizeof s->error, xc_db_last_error(s->db));
            return st;
        }
    }
    return BL_OK;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Index-wide types of keys: one at a time while that is quick, else (remote shards, where a
 * look-up is a round trip) the rest in one search per batch.  *remote_like: -1 until the
 * first key has been timed. */
static bl_status lookup_types(bl_searcher *s, const char *const *keys, size_t n, int *types,
                              int *remote_like)
{
    if (*remote_like < 0 && n > 0) {
        double t0 = seconds_now();
        bl_status st = direct_types(s, keys, 1, types);
        if (st != BL_OK)
            return st;
        *remote_like = seconds_now() - t0 > 0.0005; /* 4 look-ups took over 0.5 ms */
        keys++, types++, n--;
    }
    return *remote_like ? batch_types(s, keys, n, types) : direct_types(s, keys, n, types);
}

/* A counted key: matching documents naming it, and the types they gave it (bit t = type t). */
typedef struct counted {
    const char *key;
    unsigned long count;
    unsigned votes;
    int type;   /* index-wide type once looked up, -2 before */
    const char *name; /* display name when the slots gave one, else NULL */
} counted;

static int cmp_counted_desc(const void *a, const void *b)
{
    const counted *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->key, y->key);
}

/* The counted keys, the most counted first as far as the walk will need: the `want` (or a
 * few more, on ties) most counted are sorted at the front, the rest after them unsorted
 * (*sorted says how many are in order).  A histogram of the counts finds the cut, so a
 * match set naming tens of thousands of entities is not sorted for forty facets. */
static counted *collect_counts(const count_table *t, size_t want, size_t *n, size_t *sorted)
{
    counted *c = malloc((t->n ? t->n : 1) * sizeof *c);
    size_t k = 0;
    unsigned long maxc = 0;
    if (!c)
        return NULL;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].key) {
            c[k++] = (counted){t->slots[i].key, t->slots[i].count, t->slots[i].votes, -2,
                               t->slots[i].name};
            if (t->slots[i].count > maxc)
                maxc = t->slots[i].count;
        }
    unsigned long cut = 0; /* keys counted at least `cut` times are sorted */
    if (k > want && maxc < 100000000ul) {
        size_t *hist = calloc(maxc + 1, sizeof *hist), above = 0;
        if (hist) {
            for (size_t i = 0; i < k; i++)
                hist[c[i].count]++;
            for (cut = maxc; cut > 0 && above + hist[cut] < want; cut--)
                above += hist[cut];
            free(hist);
        }
    }
    size_t front = 0;
    for (size_t i = 0; i < k; i++)
        if (c[i].count >= cut) {
            counted tmp = c[front];
            c[front++] = c[i];
            c[i] = tmp;
        }
    qsort(c, front, sizeof *c, cmp_counted_desc);
    *n = k;
    *sorted = front;
    return c;
}

/* Types whose list still has room, as a bit mask. */
static unsigned open_types(const bl_results *r, const bl_search_options *o)
{
    unsigned m = 0;
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        if (r->facets[t].n < o->facets[t])
            m |= 1u << t;
    return m;
}

static bl_status place_facet(bl_searcher *s, facet_list *fl, const counted *c)
{
    char *key = strdup(c->key);
    char *name = c->name ? strdup(c->name) : bl_entity_display_name(s->db, c->key);
    fl->strings[fl->n_strings++] = key;
    fl->strings[fl->n_strings++] = name;
    if (!key || !name)
        return BL_ERR_NO_MEMORY;
    fl->items[fl->n++] = (bl_facet){.name = name, .key = key, .count = c->count};
    return BL_OK;
}

/* Walk the keys, most counted first, and put each in the list of its index-wide type while
 * that list has room (generic words left out).  Only keys that some matching document typed
 * as a type whose list has room can go anywhere useful, so only theirs are looked up, in
 * batches; the walk stops when every list asked for is full. */
#define FACET_TYPE_BATCH 64

static bl_status choose_facets(bl_searcher *s, count_table *t, const bl_search_options *o,
                               bl_results *r)
{
    size_t k = 0, sorted = 0, want = 0;
    for (int ty = 0; ty < BL_FACET_NTYPES; ty++)
        want += o->facets[ty];
    counted *all = collect_counts(t, 8 * want + 256, &k, &sorted);
    bl_status st = all ? BL_OK : BL_ERR_NO_MEMORY;
    for (int ty = 0; ty < BL_FACET_NTYPES && st == BL_OK; ty++) {
        unsigned cap = o->facets[ty];
        if (cap && (!(r->facets[ty].items = calloc(cap, sizeof(bl_facet))) ||
                    !(r->facets[ty].strings = calloc(2 * (size_t)cap, sizeof(char *)))))
            st = BL_ERR_NO_MEMORY;
    }
    const char *batch[FACET_TYPE_BATCH];
    size_t where[FACET_TYPE_BATCH];
    int types[FACET_TYPE_BATCH];
    size_t i = 0;
    int remote_like = -1;
    while (st == BL_OK && i < k && open_types(r, o)) {
        unsigned open = open_types(r, o);
        if (i >= sorted) { /* the walk goes past the sorted front: order the rest too */
            qsort(all + sorted, k - sorted, sizeof *all, cmp_counted_desc);
            sorted = k;
        }
        size_t nb = 0, j = i;
        for (; j < sorted && nb < FACET_TYPE_BATCH; j++)
            if ((all[j].votes & open) && !bl_entity_key_is_generic(all[j].key, strlen(all[j].key))) {
                where[nb] = j;
                batch[nb++] = all[j].key;
            }
        if (nb == 0)
            break;
        st = lookup_types(s, batch, nb, types, &remote_like);
        for (size_t b = 0; b < nb && st == BL_OK; b++)
            all[where[b]].type = types[b];
        /* place in count order up to the last key looked up */
        for (size_t x = i; x < j && st == BL_OK; x++) {
            int ty = all[x].type;
            if (ty >= 0 && r->facets[ty].n < o->facets[ty])
                st = place_facet(s, &r->facets[ty], &all[x]);
        }
        i = j;
    }
    free(all);
    return st;
}

static bl_status facets_from_spies(bl_searcher *s, xc_enquire *enq, const bl_search_options *o,
                                   bl_results *r)
{
    count_table t = {0};
    spy_ctx c = {&t, 0, 0};
    xc_status xs = XC_OK;
    for (unsigned i = 0; i < BL_ENTITY_SLOTS && xs == XC_OK && !c.oom; i++) {
        c.split = i == BL_ENTITY_SLOTS - 1;
        xs = xc_enquire_value_counts(enq, i, add_slot_count, &c);
    }
    bl_status st = c.oom ? BL_ERR_NO_MEMORY : bl_status_from_xc(xs);
    if (xs != XC_OK)
        bl_set_message(s->error, sizeof s->error, xc_enquire_last_error(enq));
    if (st == BL_OK)
        st = choose_facets(s, &t, o, r);
    table_free(&t);
    return st;
}

/* ---- facets of a broad match: exact counts for the keys that can be on top ------------- */

/* A match set of thousands of documents names tens of thousands of entities, and counting
 * all of them costs about 20 us a document even with Xapian's spies.  But a key cannot be
 * named by more matching documents than name it in the whole index (its term frequency, read
 * from the dictionary), so the dictionary is walked most frequent first and only the keys
 * that could still enter a list get an exact count (a search for the query filtered by the
 * key's terms); the walk ends when no key left can beat the last of each list.  Narrow match
 * sets, where this bound prunes little, are counted by the spies. */
#define FACET_BOUND_MIN 4000     /* matches from which the bounded walk is tried */
#define FACET_BOUND_DOCS_PER_COUNT 50 /* one exact count ~ the spies on 50 documents */
#define FACET_BOUND_BUDGET_MIN 64
#define FACET_BOUND_SHARE 5           /* ... and at least a fifth of the index matches */

typedef struct dict_key {
    char *key;
    unsigned long tf[BL_FACET_NTYPES];
    unsigned long total;
    int type;
} dict_key;

static void dict_free(dict_key *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(d[i].key);
    free(d);
}

typedef struct dict_ctx {
    count_table *tables; /* one a type: key -> term frequency */
    int type;
    int oom;
} dict_ctx;

static int take_dict_term(void *vctx, const char *term, size_t len, unsigned long tf)
{
    dict_ctx *c = vctx;
    size_t pl = strlen(facet_prefix[c->type]);
    if (len > pl && !table_add_n(&c->tables[c->type], term + pl, len - pl, 0, tf))
        return c->oom = 1;
    return 0;
}

static int cmp_dict_desc(const void *a, const void *b)
{
    const dict_key *x = a, *y = b;
    if (x->total != y->total)
        return x->total < y->total ? 1 : -1;
    return strcmp(x->key, y->key);
}

/* Every key of the dictionary with its term frequency per type, most documents first. */
static bl_status load_dictionary(bl_searcher *s, dict_key **out, size_t *n)
{
    count_table tables[BL_FACET_NTYPES] = {{0}};
    dict_ctx c = {tables, 0, 0};
    xc_status xs = XC_OK;
    for (c.type = 0; c.type < BL_FACET_NTYPES && xs == XC_OK; c.type++)
        xs = xc_db_allterms(s->db, facet_prefix[c.type], take_dict_term, &c);
    size_t total = 0;
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        total += tables[t].n;
    dict_key *d = xs == XC_OK && !c.oom ? calloc(total ? total : 1, sizeof *d) : NULL;
    bl_status st = xs != XC_OK ? bl_status_from_xc(xs) : d ? BL_OK : BL_ERR_NO_MEMORY;
    if (xs != XC_OK)
        bl_set_message(s->error, sizeof s->error, xc_db_last_error(s->db));
    size_t k = 0;
    /* merge the four tables: the first holding a key collects its other types' counts */
    for (int t = 0; t < BL_FACET_NTYPES && st == BL_OK; t++)
        for (size_t i = 0; i < tables[t].cap; i++) {
            count_entry *e = &tables[t].slots[i];
            if (!e->key || e->votes)
                continue;
            dict_key *dk = &d[k++];
            dk->key = e->key;
            e->key = NULL; /* moved */
            dk->tf[t] = e->count;
            for (int u = t + 1; u < BL_FACET_NTYPES; u++) {
                count_entry *o2 = table_find(&tables[u], dk->key);
                if (o2) {
                    dk->tf[u] = o2->count;
                    o2->votes = 1; /* taken */
                }
            }
            dk->type = -1;
            for (int u = 0; u < BL_FACET_NTYPES; u++) {
                dk->total += dk->tf[u];
                if (dk->tf[u] && (dk->type < 0 || dk->tf[u] > dk->tf[dk->type]))
                    dk->type = u;
            }
        }
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        table_free(&tables[t]);
    if (st != BL_OK) {
        for (size_t i = 0; i < k; i++)
            free(d[i].key);
        free(d);
        return st;
    }
    qsort(d, k, sizeof *d, cmp_dict_desc);
    *out = d;
    *n = k;
    return BL_OK;
}

/* Matching documents that name dk: q filtered by its facet terms, counted exactly. */
static bl_status count_key(bl_searcher *s, const xc_query *q, const dict_key *dk,
                           unsigned long ndocs, unsigned long *count)
{
    xc_query *subs[BL_FACET_NTYPES], *any = NULL, *both = NULL;
    size_t k = 0;
    char term[BL_MAX_TERM_BYTES + 32];
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    xc_status xs = XC_OK;
    for (int t = 0; t < BL_FACET_NTYPES && xs == XC_OK; t++) {
        int l = snprintf(term, sizeof term, "%s%s", facet_prefix[t], dk->key);
        if (dk->tf[t] && l > 0 && l <= BL_MAX_TERM_BYTES)
            xs = xc_query_term(term, (size_t)l, 1, 0, &subs[k++]);
    }
    if (xs == XC_OK)
        xs = xc_query_combine(XC_OP_OR, subs, k, 0, &any);
    xc_query *pair[2] = {(xc_query *)q, any};
    if (xs == XC_OK)
        xs = xc_query_combine(XC_OP_FILTER, pair, 2, 0, &both);
    if (xs == XC_OK)
        xs = xc_enquire_new(s->db, &enq);
    if (xs == XC_OK)
        xs = xc_enquire_set_query(enq, both);
    if (xs == XC_OK)
        xs = xc_enquire_set_weighting(enq, XC_WEIGHT_BOOL, NULL, 0);
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(enq, 0, 0, (unsigned)ndocs, &m);
    if (xs == XC_OK)
        *count = xc_mset_matches_lower_bound(m);
    else
        bl_set_message(s->error, sizeof s->error,
                       enq ? xc_enquire_last_error(enq) : xc_db_last_error(s->db));
    for (size_t i = 0; i < k; i++)
        xc_query_free(subs[i]);
    xc_query_free(any);
    xc_query_free(both);
    xc_mset_free(m);
    xc_enquire_free(enq);
    return bl_status_from_xc(xs);
}

typedef struct top_list {
    counted *v;      /* best first: count desc, key asc */
    size_t n, cap;
} top_list;

static void top_insert(top_list *l, const counted *c)
{
    size_t i = l->n;
    while (i > 0 && cmp_counted_desc(c, &l->v[i - 1]) < 0)
        i--;
    if (i >= l->cap)
        return;
    size_t last = l->n < l->cap ? l->n : l->cap - 1;
    memmove(&l->v[i + 1], &l->v[i], (last - i) * sizeof *l->v);
    l->v[i] = *c;
    if (l->n < l->cap)
        l->n++;
}

/* The bounded walk.  *done = 0 when it gave up (over budget): the spies count instead. */
static bl_status bounded_facets(bl_searcher *s, const xc_query *q, unsigned long ndocs,
                                unsigned long matches, const bl_search_options *o,
                                bl_results *r, int *done)
{
    /* an exact count costs about what the spies spend on FACET_BOUND_DOCS_PER_COUNT
     * matching documents: beyond this many, the spies are cheaper */
    size_t budget = matches / FACET_BOUND_DOCS_PER_COUNT;
    if (budget < FACET_BOUND_BUDGET_MIN)
        budget = FACET_BOUND_BUDGET_MIN;
    size_t spent = 0;
    top_list tops[BL_FACET_NTYPES] = {{0}};
    *done = 0;
    bl_status st = s->dict ? BL_OK : load_dictionary(s, &s->dict, &s->dict_n);
    dict_key *d = s->dict;
    size_t n = s->dict_n;
    for (int t = 0; t < BL_FACET_NTYPES && st == BL_OK; t++)
        if ((tops[t].cap = o->facets[t]) && !(tops[t].v = calloc(tops[t].cap, sizeof(counted))))
            st = BL_ERR_NO_MEMORY;
    for (size_t i = 0; i < n && st == BL_OK; i++) {
        /* can this key, or any after it (no more frequent), still enter some list? */
        int any_open = 0, t = d[i].type;
        for (int u = 0; u < BL_FACET_NTYPES; u++)
            any_open |= tops[u].cap && (tops[u].n < tops[u].cap ||
                                        d[i].total >= tops[u].v[tops[u].n - 1].count);
        if (!any_open)
            break;
        if (t < 0 || !tops[t].cap ||
            (tops[t].n == tops[t].cap && d[i].total < tops[t].v[tops[t].n - 1].count) ||
            bl_entity_key_is_generic(d[i].key, strlen(d[i].key)))
            continue;
        if (++spent > budget)
            goto out; /* too many candidates: the spies are cheaper */
        unsigned long c = 0;
        st = count_key(s, q, &d[i], ndocs, &c);
        if (st == BL_OK && c)
            top_insert(&tops[t], &(counted){d[i].key, c, 0, t, NULL});
    }
    for (int t = 0; t < BL_FACET_NTYPES && st == BL_OK; t++) {
        if (!tops[t].cap)
            continue;
        facet_list *fl = &r->facets[t];
        if (!(fl->items = calloc(tops[t].cap, sizeof(bl_facet))) ||
            !(fl->strings = calloc(2 * tops[t].cap, sizeof(char *)))) {
            st = BL_ERR_NO_MEMORY;
            break;
        }
        for (size_t i = 0; i < tops[t].n && st == BL_OK; i++)
            st = place_facet(s, fl, &tops[t].v[i]);
    }
    *done = 1;
out:
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        free(tops[t].v);
    return st;
}

/* Facets of a format-4 index: the bounded walk for a broad match, else the spies (counting
 * during a second match over every document, on the enquire of the page). */
static bl_status slot_facets(bl_searcher *s, xc_enquire *enq, const xc_query *q, xc_mset *page,
                             unsigned long ndocs, const bl_search_options *o, bl_results *r)
{
    const char *env = getenv("BYLINE_FACET_BOUND_MIN"); /* tests force either way */
    unsigned long bound_min = env && *env ? strtoul(env, NULL, 10) : FACET_BOUND_MIN;
    bl_status st = BL_OK;
    unsigned long matches = xc_mset_matches_estimated(page);
    /* the bound prunes when the match holds a good share of the index: a key's count is then
     * a good share of its term frequency */
    if (matches >= bound_min && (env || matches >= ndocs / FACET_BOUND_SHARE)) {
        int done = 0;
        st = bounded_facets(s, q, ndocs, matches, o, r, &done);
        if (st != BL_OK || done)
            return st;
    }
    xc_mset *all = NULL;
    xc_status xs = add_facet_spies(enq);
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(enq, 0, 0, (unsigned)ndocs, &all);
    if (xs != XC_OK) {
        bl_set_message(s->error, sizeof s->error, xc_enquire_last_error(enq));
        return bl_status_from_xc(xs);
    }
    r->total = xc_mset_matches_estimated(all);
    r->total_exact = 1;
    xc_mset_free(all);
    return facets_from_spies(s, enq, o, r);
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
    int spies = facets_use_slots(s, o);
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
    if (st == BL_OK && spies)
        st = slot_facets(s, enq, q, page, docs, o, r);
    xc_mset_free(page);
    xc_enquire_free(enq);
    if (st == BL_OK && !spies)
        st = compute_facets(s, q, o, r); /* an index older than format 4: term lists */
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
        for (size_t i = 0; i < r->facets[t].n_strings; i++)
            free(r->facets[t].strings[i]);
        free(r->facets[t].strings);
        free(r->facets[t].items);
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
    if (c)
        s->format = read_format(s->db); /* a rebuilt index may have a newer layout */
    if (changed)
        *changed = c;
    return BL_OK;
}

/* ---- for the analyst views (lib/views.h) ----------------------------------------------- */

bl_views *bl_results_views(const bl_results *r) { return r ? r->views : NULL; }

char *bl_search_entity_name(xc_db *db, xc_docid docid, int type, const char *key)
{
    return type >= 0 && type < BL_FACET_NTYPES ? display_name(db, docid, type, key)
                                               : strdup(key);
}
