/* SPDX-License-Identifier: GPL-2.0-or-later */
/* views_graph.c — --graph TYPE[,TYPE...][:N]: the co-occurrence network of the match set.
 *
 * Nodes are the entities of the chosen types named by the matching documents, with the number
 * of matching documents naming each; edges join two nodes with the number of matching
 * documents naming both — the very count that filtering by both entities finds, since both
 * come from the same facet terms.  One term-list read per matching document (the "X" range,
 * where every entity type's facet terms live, as the facets do: lib/search.c), so it works on
 * remote shards; the N most frequent entities become nodes, and the edges among them are
 * counted in a dense triangle (N is at most BL_VIEWS_GRAPH_MAX_NODES).
 *
 * Today an entity is a boolean term with a type prefix (lib/schema.h); when entities move to
 * value slots, only collect_entity() and the term-list read change.
 */
#include "views.h"

#include "hash.h"
#include "schema.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_prefix[BL_FACET_NTYPES] = {
    BL_PREFIX_PERSON, BL_PREFIX_PLACE, BL_PREFIX_ORG, BL_PREFIX_OTHER};

typedef struct entity {
    char *term;               /* the facet term, prefix included */
    int type;
    unsigned long count;      /* matching documents naming it */
    xc_docid example;         /* one of them: its data gives the display name */
} entity;

typedef struct graph_ctx {
    const bl_views_env *e;
    entity *ents;
    size_t n_ents, cap_ents;
    uint32_t *slots;          /* open addressing: entity index + 1, 0 = empty */
    size_t cap_slots;
    uint32_t *mentions;       /* entity indexes, document after document */
    size_t n_mentions, cap_mentions;
    size_t *doc_end;          /* mentions of document i end at doc_end[i] */
    size_t n_docs, cap_docs;
    xc_docid docid;
    int oom;
} graph_ctx;

static int rehash(graph_ctx *c)
{
    size_t cap = c->cap_slots ? c->cap_slots * 2 : 1024;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < c->n_ents; i++) {
        size_t j = bl_hash_fold(c->ents[i].term, strlen(c->ents[i].term)) & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = (uint32_t)i + 1;
    }
    free(c->slots);
    c->slots = slots;
    c->cap_slots = cap;
    return 0;
}

/* The index of entity `term` (added with count 0 if new), or -1 on OOM. */
static long entity_index(graph_ctx *c, const char *term, size_t len, int type)
{
    if ((c->n_ents + 1) * 2 > c->cap_slots && rehash(c) < 0)
        return -1;
    size_t j = bl_hash_fold(term, len) & (c->cap_slots - 1);
    for (; c->slots[j]; j = (j + 1) & (c->cap_slots - 1)) {
        const char *t = c->ents[c->slots[j] - 1].term;
        if (strlen(t) == len && !memcmp(t, term, len))
            return (long)c->slots[j] - 1;
    }
    entity *ents = bl_grow(c->ents, &c->cap_ents, c->n_ents + 1, sizeof *ents, 64);
    if (!ents)
        return -1;
    c->ents = ents;
    char *copy = strndup(term, len);
    if (!copy)
        return -1;
    c->ents[c->n_ents] = (entity){copy, type, 0, c->docid};
    c->slots[j] = (uint32_t)c->n_ents + 1;
    return (long)c->n_ents++;
}

/* A term of the document's "X" range: note it if it is an entity of a type asked for. */
static int collect_entity(void *vctx, const char *term, size_t len, unsigned long wdf)
{
    (void)wdf;
    graph_ctx *c = vctx;
    for (int t = 0; t < BL_FACET_NTYPES; t++) {
        size_t pl = strlen(type_prefix[t]);
        if (!c->e->o->graph_types[t] || len <= pl || memcmp(term, type_prefix[t], pl))
            continue;
        long i = entity_index(c, term, len, t);
        uint32_t *mentions = i < 0 ? NULL
                                   : bl_grow(c->mentions, &c->cap_mentions, c->n_mentions + 1,
                                             sizeof *mentions, 64);
        if (!mentions)
            return c->oom = 1;
        c->mentions = mentions;
        c->ents[i].count++;
        c->mentions[c->n_mentions++] = (uint32_t)i;
        break;
    }
    return 0;
}

static int collect_doc(void *vctx, const xc_hit *h)
{
    graph_ctx *c = vctx;
    c->docid = h->docid;
    if (xc_db_termlist(c->e->db, h->docid, "X", collect_entity, c) != XC_OK || c->oom)
        return 1;
    size_t *doc_end = bl_grow(c->doc_end, &c->cap_docs, c->n_docs + 1, sizeof *doc_end, 64);
    if (!doc_end)
        return c->oom = 1;
    c->doc_end = doc_end;
    c->doc_end[c->n_docs++] = c->n_mentions;
    return 0;
}

static int cmp_entity(const void *a, const void *b)
{
    const entity *x = *(const entity *const *)a, *y = *(const entity *const *)b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->term, y->term);
}

static int cmp_edge(const void *a, const void *b)
{
    const bl_graph_edge *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    if (x->source != y->source)
        return x->source < y->source ? -1 : 1;
    return x->target < y->target ? -1 : x->target > y->target;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The nodes: the n most frequent entities; node_of[entity] = node index or -1. */
static bl_status make_nodes(graph_ctx *c, bl_views *v, size_t n, long *node_of)
{
    entity **order = malloc((c->n_ents ? c->n_ents : 1) * sizeof *order);
    if (!order || !(v->nodes = calloc(n ? n : 1, sizeof *v->nodes))) {
        free(order);
        return BL_ERR_NO_MEMORY;
    }
    for (size_t i = 0; i < c->n_ents; i++) {
        order[i] = &c->ents[i];
        node_of[i] = -1;
    }
    qsort(order, c->n_ents, sizeof *order, cmp_entity);
    for (size_t k = 0; k < n; k++) {
        const entity *en = order[k];
        const char *key = en->term + strlen(type_prefix[en->type]);
        char *kept_key = bl_views_keep(v, strdup(key));
        char *name = kept_key ? bl_views_keep(v, bl_search_entity_name(c->e->db, en->example,
                                                                       en->type, key))
                              : NULL;
        if (!name) {
            free(order);
            return BL_ERR_NO_MEMORY;
        }
        v->nodes[k] = (bl_graph_node){name, kept_key, bl_facet_type_name(en->type), en->count};
        node_of[order[k] - c->ents] = (long)k;
        v->n_nodes++;
    }
    free(order);
    return BL_OK;
}

/* Edges: for every matching document, every pair of nodes it names. */
static bl_status make_edges(graph_ctx *c, bl_views *v, size_t n, const long *node_of)
{
    unsigned long *pair = calloc(n ? n * n : 1, sizeof *pair);
    uint32_t *doc = malloc((n ? n : 1) * sizeof *doc);
    if (!pair || !doc) {
        free(pair);
        free(doc);
        return BL_ERR_NO_MEMORY;
    }
    size_t start = 0, n_edges = 0;
    for (size_t d = 0; d < c->n_docs; start = c->doc_end[d++]) {
        size_t k = 0;
        for (size_t m = start; m < c->doc_end[d]; m++)
            if (node_of[c->mentions[m]] >= 0)
                doc[k++] = (uint32_t)node_of[c->mentions[m]];
        qsort(doc, k, sizeof *doc, cmp_u32);
        for (size_t i = 0; i < k; i++)
            for (size_t j = i + 1; j < k; j++)
                n_edges += pair[doc[i] * n + doc[j]]++ == 0;
    }
    free(doc);
    v->edges = calloc(n_edges ? n_edges : 1, sizeof *v->edges);
    if (!v->edges) {
        free(pair);
        return BL_ERR_NO_MEMORY;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (pair[i * n + j])
                v->edges[v->n_edges++] = (bl_graph_edge){i, j, pair[i * n + j]};
    free(pair);
    qsort(v->edges, v->n_edges, sizeof *v->edges, cmp_edge);
    return BL_OK;
}

bl_status bl_views_graph(const bl_views_env *e, const xc_query *q, bl_views *v)
{
    graph_ctx c = {.e = e};
    unsigned long docs = 0;
    xc_enquire *enq = NULL;
    xc_mset *all = NULL;
    xc_status xs = bl_views_match_all(e, q, &enq, &docs);
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(enq, 0, (unsigned)docs, (unsigned)docs, &all);
    if (xs == XC_OK)
        xs = xc_mset_foreach_docid(all, collect_doc, &c);
    bl_status st = c.oom ? BL_ERR_NO_MEMORY : BL_OK;
    if (xs != XC_OK)
        st = bl_views_fail(e, xs, enq ? xc_enquire_last_error(enq) : xc_db_last_error(e->db));
    xc_mset_free(all);
    xc_enquire_free(enq);
    size_t limit = e->o->graph_nodes ? e->o->graph_nodes : BL_VIEWS_GRAPH_DEFAULT_NODES;
    if (limit > BL_VIEWS_GRAPH_MAX_NODES)
        limit = BL_VIEWS_GRAPH_MAX_NODES;
    size_t n = c.n_ents < limit ? c.n_ents : limit;
    long *node_of = st == BL_OK ? malloc((c.n_ents ? c.n_ents : 1) * sizeof *node_of) : NULL;
    if (st == BL_OK && !node_of)
        st = BL_ERR_NO_MEMORY;
    if (st == BL_OK)
        st = make_nodes(&c, v, n, node_of);
    if (st == BL_OK)
        st = make_edges(&c, v, n, node_of);
    free(node_of);
    for (size_t i = 0; i < c.n_ents; i++)
        free(c.ents[i].term);
    free(c.ents);
    free(c.slots);
    free(c.mentions);
    free(c.doc_end);
    return st;
}
