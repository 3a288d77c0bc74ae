/* SPDX-License-Identifier: GPL-2.0-or-later */
/* views_feedback.c — relevance feedback views: --like ID, --expand and --terms.
 *
 * All three ask Xapian for an expand set (Enquire::get_eset): the words whose frequency in a
 * relevance set of documents most exceeds their frequency in the whole index.
 *  - --like ID: the relevance set is the one document; its 40 most distinctive words plus
 *    the words of the entities it names become a ranked OR query (each word weighted by its
 *    expand weight relative to the best), which never matches the document itself; the
 *    user's query, if any, only filters.
 *  - --expand: pseudo-relevance feedback.  The relevance set is the query's 10 best
 *    documents; their N most distinctive words not in the query are added with AND_MAYBE, the
 *    best weighing half a user's word: expansion re-ranks the query's matches and never adds
 *    a document the query did not match, so counts, filters and facets are unchanged.
 *  - --terms N: the relevance set is the query's 500 best documents (each costs a term-list
 *    read); the N most distinctive words are reported, not searched.
 * Only body/title stems ("Z" terms) are considered.  The expand set is computed with exact
 * term frequencies, so shards searched as one answer as one index does.
 */
#include "views.h"

#include "schema.h"
#include "status.h"
#include "suggest.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct term_list {
    bl_term *items;
    char **raw;               /* the indexed terms ("Z" + stem), owned by the bl_views */
    size_t n, cap;
    bl_views *v;
    size_t max;               /* on_eset_term: stop after this many words (0 = no limit) */
    int oom;
} term_list;

static int add_term(term_list *l, const char *term, size_t len, double weight)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->raw[i]) == len && !memcmp(l->raw[i], term, len))
            return 0; /* already there (an entity word the expand set also gave) */
    if (l->n == l->cap) { /* two arrays of one capacity: both grow to the same size */
        size_t cap_items = l->cap, cap_raw = l->cap;
        bl_term *items = bl_grow(l->items, &cap_items, l->n + 1, sizeof *items, 32);
        if (items)
            l->items = items;
        char **raw = items ? bl_grow(l->raw, &cap_raw, l->n + 1, sizeof *raw, 32) : NULL;
        if (!raw)
            return l->oom = 1;
        l->raw = raw;
        l->cap = cap_raw;
    }
    char *kept = bl_views_keep(l->v, strndup(term, len));
    if (!kept)
        return l->oom = 1;
    size_t pl = strlen(BL_PREFIX_STEM);
    l->raw[l->n] = kept;
    l->items[l->n++] = (bl_term){.term = kept + (len >= pl ? pl : 0), .weight = weight};
    return 0;
}

/* An expand-set word, unless it is a stopword: frequent function words ("have", "this") top
 * the expand sets of large relevance sets and say nothing about them. */
static int on_eset_term(void *ctx, const char *term, size_t len, double weight)
{
    term_list *l = ctx;
    size_t pl = strlen(BL_PREFIX_STEM);
    if (len > pl && bl_is_stopword(term + pl, len - pl))
        return 0;
    return add_term(l, term, len, weight) || (l->max && l->n >= l->max);
}

/* Ask the expand set for more than wanted: the stopwords left out leave room. */
#define ESET_STOPWORD_ROOM 64

typedef struct docid_list {
    xc_docid *ids;
    size_t n;
} docid_list;

static int on_docid(void *ctx, const xc_hit *h)
{
    docid_list *l = ctx;
    l->ids[l->n++] = h->docid;
    return 0;
}

/* The docids of q's `max` best documents (BM25 with the search's parameters). */
static xc_status top_docids(const bl_views_env *e, xc_enquire *enq, const xc_query *q,
                            unsigned max, docid_list *out)
{
    double bm25[5] = {e->o->bm25_k1 >= 0 ? e->o->bm25_k1 : 1.2, 0, 1,
                      e->o->bm25_b >= 0 ? e->o->bm25_b : 0.75, 0.5};
    xc_mset *ms = NULL;
    xc_status xs = xc_enquire_set_query(enq, q);
    if (xs == XC_OK)
        xs = xc_enquire_set_weighting(enq, XC_WEIGHT_BM25, bm25, 5);
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(enq, 0, max, 0, &ms);
    if (xs == XC_OK && !(out->ids = calloc(xc_mset_size(ms) + 1, sizeof *out->ids)))
        xs = XC_NO_MEMORY;
    if (xs == XC_OK)
        xs = xc_mset_foreach_docid(ms, on_docid, out);
    xc_mset_free(ms);
    return xs;
}

/* The weighted OR of the list's terms: the best weighs `top`, the others in proportion. */
static xc_status weighted_or(const term_list *l, double top, xc_query **out)
{
    *out = NULL;
    xc_query **subs = calloc(l->n ? l->n : 1, sizeof *subs);
    if (!subs)
        return XC_NO_MEMORY;
    double best = l->n && l->items[0].weight > 0 ? l->items[0].weight : 1;
    xc_status xs = XC_OK;
    size_t k = 0;
    for (size_t i = 0; i < l->n && xs == XC_OK; i++) {
        xc_query *t = NULL;
        double w = l->items[i].weight > 0 ? top * l->items[i].weight / best : top / 2;
        xs = xc_query_term(l->raw[i], strlen(l->raw[i]), 1, 0, &t);
        if (xs == XC_OK)
            xs = xc_query_scale(t, w > top ? top : w, &subs[k++]);
        xc_query_free(t);
    }
    if (xs == XC_OK)
        xs = xc_query_combine(XC_OP_OR, subs, k, 0, out);
    for (size_t i = 0; i < k; i++)
        xc_query_free(subs[i]);
    free(subs);
    return xs;
}

/* Keep the list as the words added to the query (ownership of items passes to v). */
static void keep_added(bl_views *v, term_list *l)
{
    v->added = l->items;
    v->n_added = l->n;
    l->items = NULL;
    for (size_t i = 0; i < v->n_added; i++)
        v->added[i].word = v->added[i].term; /* the stems: naming them costs a read each */
}

/* ---- --like ID ------------------------------------------------------------------------- */

typedef struct entity_words {
    const bl_views_env *e;
    term_list *list;
    double weight;
    int oom;
} entity_words;

static int on_entity_word(void *ctx, const bl_token *t)
{
    entity_words *c = ctx;
    size_t len;
    const char *stem = bl_analyzer_stem(c->e->analyzer, t->term, t->term_len, &len);
    char buf[BL_MAX_TERM_BYTES + 8];
    if (!stem)
        return c->oom = 1;
    if (len + 1 > BL_MAX_TERM_BYTES || bl_is_stopword(t->term, t->term_len))
        return 0;
    memcpy(buf, BL_PREFIX_STEM, 1);
    memcpy(buf + 1, stem, len);
    if (add_term(c->list, buf, len + 1, c->weight))
        return c->oom = 1;
    return 0;
}

/* An entity term "XTYPE:key" of the document: add the key's words. */
static int on_entity_term(void *ctx, const char *term, size_t len, unsigned long wdf)
{
    (void)wdf;
    entity_words *c = ctx;
    const char *colon = memchr(term, ':', len);
    if (!colon)
        return 0;
    size_t off = (size_t)(colon + 1 - term);
    return bl_analyzer_tokenize(c->e->analyzer, term + off, len - off, BL_TOKENIZE_DOCUMENT, 0,
                                on_entity_word, c, NULL) < 0 || c->oom;
}

bl_status bl_views_like(const bl_views_env *e, const xc_query *filter, bl_views *v,
                        xc_query **out)
{
    char qterm[BL_ID_TERM_MAX];
    xc_docid docid = 0;
    bl_id_term(e->o->like_id, qterm, sizeof qterm);
    xc_status xs = xc_db_docid_by_term(e->db, qterm, &docid);
    if (xs == XC_NOT_FOUND) {
        char msg[512];
        snprintf(msg, sizeof msg, "--like: no document with id '%.400s' in the index",
                 e->o->like_id);
        bl_set_message(e->error, e->error_size, msg);
        return BL_ERR_NOT_FOUND;
    }
    term_list words = {.v = v, .max = BL_VIEWS_LIKE_TERMS};
    xc_enquire *enq = NULL;
    xc_query *like = NULL, *self = NULL, *parts[2] = {NULL, NULL};
    if (xs == XC_OK)
        xs = xc_enquire_new(e->db, &enq);
    if (xs == XC_OK)
        xs = xc_enquire_get_eset(enq, &docid, 1, BL_VIEWS_LIKE_TERMS + ESET_STOPWORD_ROOM,
                                 BL_PREFIX_STEM, 0, on_eset_term, &words);
    /* the words of the entities it names, each weighing half the most distinctive word */
    entity_words ew = {e, &words, words.n ? words.items[0].weight / 2 : 1, 0};
    if (xs == XC_OK && !words.oom)
        xs = xc_db_termlist(e->db, docid, "X", on_entity_term, &ew);
    if (xs == XC_OK && (words.oom || ew.oom))
        xs = XC_NO_MEMORY;
    if (xs == XC_OK)
        xs = weighted_or(&words, 1.0, &parts[0]);
    if (xs == XC_OK)
        xs = xc_query_term(qterm, strlen(qterm), 1, 0, &parts[1]);
    if (xs == XC_OK)
        xs = xc_query_combine(XC_OP_AND_NOT, parts, 2, 0, &like); /* never itself */
    if (xs == XC_OK && filter) {
        xc_query *both[2] = {like, (xc_query *)filter};
        xs = xc_query_combine(XC_OP_FILTER, both, 2, 0, &self);
        xc_query_free(like);
        like = self;
    }
    bl_status st = BL_OK;
    if (xs != XC_OK)
        st = bl_views_fail(e, xs, enq ? xc_enquire_last_error(enq) : xc_db_last_error(e->db));
    else
        keep_added(v, &words);
    xc_query_free(parts[0]);
    xc_query_free(parts[1]);
    xc_enquire_free(enq);
    free(words.items);
    free(words.raw);
    if (st != BL_OK) {
        xc_query_free(like);
        return st;
    }
    *out = like;
    return BL_OK;
}

/* ---- --expand -------------------------------------------------------------------------- */

/* The words (words->max at most) most distinctive of the `sample` best matches of q, into
 * words: what --expand adds to the query and what --terms lists. */
static bl_status words_of_best(const bl_views_env *e, const xc_query *q, unsigned sample,
                               term_list *words)
{
    docid_list top = {0};
    xc_enquire *enq = NULL;
    xc_status xs = xc_enquire_new(e->db, &enq);
    if (xs == XC_OK)
        xs = top_docids(e, enq, q, sample, &top);
    if (xs == XC_OK && top.n)
        xs = xc_enquire_get_eset(enq, top.ids, top.n, words->max + ESET_STOPWORD_ROOM,
                                 BL_PREFIX_STEM, 1, on_eset_term, words);
    if (xs == XC_OK && words->oom)
        xs = XC_NO_MEMORY;
    bl_status st = BL_OK;
    if (xs != XC_OK)
        st = bl_views_fail(e, xs, enq ? xc_enquire_last_error(enq) : xc_db_last_error(e->db));
    xc_enquire_free(enq);
    free(top.ids);
    return st;
}

bl_status bl_views_expand(const bl_views_env *e, const xc_query *q, bl_views *v,
                          xc_query **out)
{
    term_list words = {.v = v, .max = e->o->expand};
    xc_query *extra = NULL, *parts[2] = {(xc_query *)q, NULL};
    bl_status st = words_of_best(e, q, BL_VIEWS_EXPAND_DOCS, &words);
    xc_status xs = XC_OK;
    if (st == BL_OK && words.n)
        xs = weighted_or(&words, BL_VIEWS_EXPAND_WEIGHT, &extra);
    if (xs == XC_OK && extra) {
        parts[1] = extra;
        xs = xc_query_combine(XC_OP_AND_MAYBE, parts, 2, 0, out);
    }
    if (st == BL_OK && xs != XC_OK)
        st = bl_views_fail(e, xs, "cannot build the expanded query");
    if (st == BL_OK)
        keep_added(v, &words);
    xc_query_free(extra);
    free(words.items);
    free(words.raw);
    return st;
}

/* ---- --terms N ------------------------------------------------------------------------- */

/* Give every term of the list a written form (a body read and scan per term; --terms and
 * the words --like/--expand added are few). */
static bl_status name_terms(const bl_views_env *e, bl_views *v, bl_term *terms, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *word = bl_suggest_written_form(e->db, e->analyzer, terms[i].term);
        terms[i].word = word ? bl_views_keep(v, word) : terms[i].term;
        if (word && !terms[i].word)
            return BL_ERR_NO_MEMORY;
    }
    return BL_OK;
}

bl_status bl_views_terms(const bl_views_env *e, const xc_query *q, bl_views *v)
{
    term_list words = {.v = v, .max = e->o->terms};
    bl_status st = words_of_best(e, q, BL_VIEWS_TERMS_SAMPLE, &words);
    if (st == BL_OK) {
        v->terms = words.items;
        v->n_terms = words.n;
        words.items = NULL;
        st = name_terms(e, v, v->terms, v->n_terms);
    }
    free(words.items);
    free(words.raw);
    return st;
}
