/* SPDX-License-Identifier: GPL-2.0-or-later */
/* facets.c — entity facets: over the whole match set of a query, how many matching documents
 * name each entity, the most named of each type asked for (lib/facets.h).
 *
 * From index format 4 on (lib/entity_dict.h), three ways, all exact:
 *   - local shards: the match set becomes a bitmap of docids (from the query's posting lists
 *     when it is made of terms and Boolean operators, else one pass of the matcher), the
 *     dictionary is walked most frequent first, and each key that can still enter a list is
 *     counted against the bitmap from its own documents, read once per revision and kept;
 *     the walk ends when no key left can beat the last of each list (a key cannot be named
 *     by more matches than its term frequency).  Profiled on synth-100k: the matcher pass
 *     over every match was the cost (--exact costs the same); posting lists are read far
 *     faster.  The first walk begun on a revision (all a one-shot byline-search does) keeps
 *     nothing: it counts each key straight from its posting lists, shard by shard, or, for a
 *     key most documents name, from the bitmaps byline-index keeps with each commit
 *     (dict_snapshot.h: an AND and a popcount a 64-document word); keys read from posting
 *     lists are read by batches with the next keys it may count so, their lists in term
 *     order (struct ahead: neighbouring lists share the blocks read from disk, where a key at
 *     a time read a branch block and a leaf for each list).  That walk reads only
 *     the shards' snapshot heads (a twentieth of the bytes): a key some shard's head lacks
 *     has an upper bound for a total (that shard's bound less one), enough to order and skip
 *     it, and its exact figures (its four type terms' frequencies) are read only when it
 *     can still enter a list.
 *   - remote shards: the same walk over the same bitmap and cached key documents, but both
 *     come through the matcher, one Boolean MSet a shard (Xapian's remote protocol sends a
 *     posting list one posting a message, 40 times slower than an MSet item); when the query
 *     matches most of the index the bitmap holds the documents that do NOT match, and a
 *     key's count is its documents less those.  The first walk of a revision counts keys
 *     directly (each matching document naming one of 52 keys crosses as an MSet item),
 *     except the keys byline-index kept bitmaps of: those come as metadata, one value a
 *     shard, and are counted against the bitmap (a quarter off a broad one-shot search).
 *   - when the walk would cost more (a narrow match whose keys are not cached yet), Xapian's
 *     built-in ValueCountMatchSpy counts the entity keys kept in value
 *     slots during a second match (built-in spies cross the remote protocol, so remote shards
 *     count their own documents; a custom MatchSpy would not), and each counted key gets its
 *     index-wide type from the dictionary.
 * Older indexes are counted by reading each matching document's entity terms.  What a
 * searcher keeps between searches (the dictionary, the keys' documents) lives in its
 * bl_facets and is dropped when the searcher reopens its database.
 */
#include "facets.h"

#include "dict_snapshot.h"
#include "hash.h"
#include "docdata.h"
#include "entity_dict.h"
#include "schema.h"
#include "status.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What placing the spies' counts learnt about a key, kept for the revision (a server asks
 * again; remote shards answer each look-up with a round trip): its index-wide type (-2: not
 * known yet) and display name (NULL: not looked up yet).  One allocation a note, so that
 * pointers to a note's name stay valid while the table grows. */
typedef struct key_note {
    int type;
    int given; /* 1: a lone given name facets do not list (given_hidden), 0: not, -1: not
                  known yet */
    char *name;
    char key[];
} key_note;

typedef struct key_notes {
    key_note **slots;
    size_t cap, n;
} key_notes;

struct bl_facets {
    xc_db *db;                /* the searcher's (not owned) */
    char *error;              /* the searcher's last-error buffer (not owned) */
    size_t error_size;
    struct dict_key *dict;    /* the entity dictionary by document count, loaded by the first
                                 broad facet search and kept until bl_facets_invalidate */
    char *dict_keys;          /* the bytes of its keys (each NUL-terminated), or NULL when */
    bl_dict_snapshot *dict_snap; /* they point into the shards' snapshots */
    size_t dict_n;            /* keys in order so far; room for dict_all */
    size_t dict_all;          /* keys in the dictionary, at most (room for them) */
    struct dict_key *dict_rest; /* keys in key order (dict_rest_n) among which those named
                                 by fewer than dict_cut documents are not in order yet (few
                                 walks go so far), else NULL */
    size_t dict_rest_n;
    unsigned long dict_cut;
    int dict_more;            /* the keys below dict_cut are still in the snapshots' runs */
    struct key_posts *posts;  /* dict_all: each key's documents once read */
    xc_docid last;            /* the highest docid of the revision the dictionary is from */
    size_t posted;            /* docids held by posts, all keys together */
    size_t posts_kept;        /* keys whose documents posts holds (0: nothing to free) */
    int remote, local;        /* a shard is remote / none is; both 0 until looked at */
    unsigned long walks;      /* bounded walks done on this revision (remote: the first
                                 counts keys directly, later ones load and keep them) */
    unsigned long started;    /* bounded walks begun on this revision (local: the first counts
                                 keys straight from their postings, whether it ends or gives
                                 up to the spies; later ones load and keep them) */
    key_notes notes;          /* keys the spies' lists looked up on this revision */
    bl_dict_snapshot *dict_heads; /* the one-shot dictionary's keys point into these heads
                                 (dict_snapshot.h), read instead of the whole snapshots for
                                 the first walk: totals of keys missing from a shard's head
                                 are then bounds (dict_key.unsure), else NULL */
    const char **unsure;      /* the keys put in order from the heads with bounds (key order),
                                 which dict_extend must not put in a second time */
    size_t unsure_n;
    int heads_refuted;        /* 1: the whole snapshots, read when a walk from the heads went
                                 past them, do not say what the heads said (a heads value
                                 lied): that walk starts again without them */
};

static void dict_free(struct dict_key *d, size_t n);

static const char *const facet_prefix[BL_FACET_NTYPES] = {
    BL_PREFIX_PERSON, BL_PREFIX_PLACE, BL_PREFIX_ORG, BL_PREFIX_OTHER};

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- facets ---------------------------------------------------------------------------- */

/* A small open-addressing hash table from entity key to document count, one per type. */
typedef struct count_entry {
    char *key;
    unsigned long count;
    xc_docid example; /* a document that mentions it: its data gives the display name */
    unsigned votes;   /* facets from value slots: the types documents gave it (bit t) */
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

static int table_add(count_table *t, const char *key, size_t len, xc_docid docid)
{
    return table_add_n(t, key, len, docid, 1) ? 0 : -1;
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

static bl_status given_hidden(bl_facets *s, const char *key, int t, int *hidden);

static bl_status build_facet_list(bl_facets *s, count_table *t, int type, unsigned limit,
                                  bl_facet_list *out)
{
    xc_db *db = s->db;
    count_entry *all = malloc((t->n ? t->n : 1) * sizeof *all);
    if (!all)
        return BL_ERR_NO_MEMORY;
    size_t k = 0;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].key && !bl_entity_key_is_generic(t->slots[i].key, strlen(t->slots[i].key)))
            all[k++] = t->slots[i];
    qsort(all, k, sizeof *all, cmp_count_desc);
    /* lone given names are not listed: the first `limit` of the others */
    size_t kept = 0;
    for (size_t i = 0; i < k && kept < limit; i++) {
        int hidden = 0;
        bl_status st = given_hidden(s, all[i].key, type, &hidden);
        if (st != BL_OK) {
            free(all);
            return st;
        }
        if (!hidden)
            all[kept++] = all[i];
    }
    size_t n = kept;
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
static bl_status compute_facets(bl_facets *s, const xc_query *q, const bl_search_options *o,
                                bl_facet_result *r)
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
        xs = xc_enquire_new_boolean(s->db, q, &enq);
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(enq, 0, (unsigned)docs, (unsigned)docs, &all);
    if (xs == XC_OK)
        xs = xc_mset_foreach_docid(all, facet_hit, &c);
    bl_status st = c.oom ? BL_ERR_NO_MEMORY : bl_status_from_xc(xs);
    if (xs != XC_OK)
        bl_set_message(s->error, s->error_size,
                       enq ? xc_enquire_last_error(enq) : xc_db_last_error(s->db));
    for (int t = 0; t < BL_FACET_NTYPES && st == BL_OK; t++)
        if (o->facets[t])
            st = build_facet_list(s, &c.tables[t], t, o->facets[t], &r->facets[t]);
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
        /* the name the document wrote is not shown: every way shows the index's name */
        if (digit >= 0 && digit < BL_FACET_NTYPES && kend > i + 1) {
            count_entry *ce = table_add_n(c->t, value + i + 1, kend - i - 1, 0, docs);
            if (!ce)
                return c->oom = 1;
            ce->votes |= 1u << digit;
        }
        i = e + 1;
    }
    return 0;
}

/* The index-wide types of keys[0..n) in one search: a query OR-ing their four type terms and
 * no hit asked for, after which Xapian knows every term's frequency, summed over the shards
 * (remote ones in the same exchange instead of a round trip per term). */
static bl_status batch_types(bl_facets *s, const char *const *keys, size_t n, int *types)
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
        xs = xc_enquire_new_boolean(s->db, q, &enq);
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
        bl_set_message(s->error, s->error_size,
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
static bl_status direct_types(bl_facets *s, const char *const *keys, size_t n, int *types)
{
    for (size_t i = 0; i < n; i++) {
        unsigned long docs[BL_ENTITY_NTYPES];
        bl_status st = bl_entity_evidence(s->db, keys[i], docs, &types[i]);
        if (st != BL_OK) {
            bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
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
static bl_status lookup_types(bl_facets *s, const char *const *keys, size_t n, int *types,
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
    char **name_cache; /* the dictionary's place for the name looked up, or NULL */
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
            c[k++] = (counted){t->slots[i].key, t->slots[i].count, t->slots[i].votes, -2, NULL};
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
static unsigned open_types(const bl_facet_result *r, const bl_search_options *o)
{
    unsigned m = 0;
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        if (r->facets[t].n < o->facets[t])
            m |= 1u << t;
    return m;
}

static bl_status place_facet(bl_facets *s, bl_facet_list *fl, const counted *c)
{
    char *key = strdup(c->key);
    const char *known = c->name_cache ? *c->name_cache : NULL;
    char *name = known ? strdup(known) : bl_entity_display_name(s->db, c->key);
    if (!known && name && c->name_cache) /* a look-up (a round trip a remote shard): keep it */
        *c->name_cache = strdup(name);
    fl->strings[fl->n_strings++] = key;
    fl->strings[fl->n_strings++] = name;
    if (!key || !name)
        return BL_ERR_NO_MEMORY;
    fl->items[fl->n++] = (bl_facet){.name = name, .key = key, .count = c->count};
    return BL_OK;
}

/* Remote shards: the display names of the counted items[0..n) not known yet, looked up at
 * once (bl_entity_display_names: the shards at the same time, where place_facet would ask a
 * shard after the other, a round trip each, for one key after the other) and kept in their
 * name_cache for place_facet.  Local shards need no such thing (a B-tree look-up a name). */
static bl_status prefetch_names(bl_facets *s, counted *const *items, size_t n)
{
    if (!s->remote || n == 0)
        return BL_OK;
    const char **keys = malloc(n * sizeof *keys);
    char ***caches = malloc(n * sizeof *caches);
    char **names = malloc(n * sizeof *names);
    size_t k = 0;
    bl_status st = keys && caches && names ? BL_OK : BL_ERR_NO_MEMORY;
    for (size_t i = 0; i < n && st == BL_OK; i++)
        if (items[i]->name_cache && !*items[i]->name_cache) {
            size_t j = 0;
            while (j < k && caches[j] != items[i]->name_cache)
                j++;
            if (j == k) {
                keys[k] = items[i]->key;
                caches[k++] = items[i]->name_cache;
            }
        }
    if (st == BL_OK && k)
        st = bl_entity_display_names(s->db, keys, k, names);
    if (st == BL_OK)
        for (size_t i = 0; i < k; i++)
            *caches[i] = names[i];
    else
        bl_set_message(s->error, s->error_size,
                       st == BL_ERR_NO_MEMORY ? "out of memory" : xc_db_last_error(s->db));
    free(keys);
    free(caches);
    free(names);
    return st;
}

/* Walk the keys, most counted first (count desc, key asc: the walk's order), and put each in
 * the list of its index-wide type while that list has room (generic words left out).  Every
 * key's type is looked up, in batches, whatever type the matching documents gave it: a key
 * they all typed as a place may be a person across the index, and the walk lists it there.
 * The walk stops when every list asked for is full. */
#define FACET_TYPE_BATCH 64

/* Local shards: *none = 1 when no document names key as any of the types in `open` (bit t =
 * type t), so that its index-wide type is none of them (a term frequency or two, where the
 * whole look-up reads four), else 0.  BL_OK or the binding's failure (message set). */
static bl_status type_not_open(bl_facets *s, const char *key, unsigned open, int *none)
{
    char term[BL_MAX_TERM_BYTES + 32];
    *none = 0;
    for (int t = 0; t < BL_FACET_NTYPES; t++) {
        unsigned long f = 0;
        int l = snprintf(term, sizeof term, "%s%s", facet_prefix[t], key);
        if (!(open >> t & 1) || l <= 0 || l > BL_MAX_TERM_BYTES)
            continue;
        xc_status xs = xc_db_term_freq(s->db, term, &f);
        if (xs != XC_OK) {
            bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
            return bl_status_from_xc(xs);
        }
        if (f)
            return BL_OK;
    }
    *none = 1;
    return BL_OK;
}

#define FACET_NOTES_MAX 65536 /* keys noted at most (a few MB) */

/* The note of key, made (type and name not known) if new: NULL when the table is full or
 * memory ran out (the key is then looked up each time). */
static key_note *note_of(key_notes *kn, const char *key)
{
    size_t len = strlen(key);
    if ((kn->n + 1) * 2 > kn->cap) {
        if (kn->n >= FACET_NOTES_MAX)
            return NULL;
        size_t cap = kn->cap ? kn->cap * 2 : 1024;
        key_note **slots = calloc(cap, sizeof *slots);
        if (!slots)
            return NULL;
        for (size_t i = 0; i < kn->cap; i++)
            if (kn->slots[i]) {
                size_t j = bl_hash_fold(kn->slots[i]->key, strlen(kn->slots[i]->key)) & (cap - 1);
                while (slots[j])
                    j = (j + 1) & (cap - 1);
                slots[j] = kn->slots[i];
            }
        free(kn->slots);
        kn->slots = slots;
        kn->cap = cap;
    }
    size_t j = bl_hash_fold(key, len) & (kn->cap - 1);
    while (kn->slots[j]) {
        if (!strcmp(kn->slots[j]->key, key))
            return kn->slots[j];
        j = (j + 1) & (kn->cap - 1);
    }
    key_note *note = malloc(sizeof *note + len + 1);
    if (!note)
        return NULL;
    note->type = -2;
    note->given = -1;
    note->name = NULL;
    memcpy(note->key, key, len + 1);
    kn->slots[j] = note;
    kn->n++;
    return note;
}

static void notes_free(key_notes *kn)
{
    for (size_t i = 0; i < kn->cap; i++)
        if (kn->slots[i]) {
            free(kn->slots[i]->name);
            free(kn->slots[i]);
        }
    free(kn->slots);
    memset(kn, 0, sizeof *kn);
}

/* Is key, listed as type t, a lone given name many people share, which facets do not list
 * (bl_entity_given_name_shared: one look-up of its aliases, asked of one-word person keys
 * only and noted for the revision)? */
static bl_status given_hidden(bl_facets *s, const char *key, int t, int *hidden)
{
    *hidden = 0;
    if (t != BL_FACET_PERSON || strchr(key, ' '))
        return BL_OK;
    key_note *note = note_of(&s->notes, key);
    if (note && note->given >= 0) {
        *hidden = note->given;
        return BL_OK;
    }
    int shared = 0;
    bl_status st = bl_entity_given_name_shared(s->db, key, strlen(key), &shared);
    if (st != BL_OK) {
        bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
        return st;
    }
    if (note)
        note->given = shared;
    *hidden = shared;
    return BL_OK;
}

static bl_status choose_facets(bl_facets *s, count_table *t, const bl_search_options *o,
                               bl_facet_result *r)
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
    key_note *noted[FACET_TYPE_BATCH];
    int types[FACET_TYPE_BATCH];
    size_t i = 0;
    int remote_like = -1;
    while (st == BL_OK && i < k && open_types(r, o)) {
        if (i >= sorted) { /* the walk goes past the sorted front: order the rest too */
            qsort(all + sorted, k - sorted, sizeof *all, cmp_counted_desc);
            sorted = k;
        }
        unsigned open = open_types(r, o); /* lists only fill up during the batch */
        size_t nb = 0, j = i;
        for (; j < sorted && nb < FACET_TYPE_BATCH && st == BL_OK; j++) {
            if (bl_entity_key_is_generic(all[j].key, strlen(all[j].key)))
                continue;
            key_note *note = note_of(&s->notes, all[j].key);
            all[j].name_cache = note ? &note->name : NULL;
            if (note && note->type != -2) {
                all[j].type = note->type;
                continue;
            }
            /* the matching documents gave it no open type: on local shards, first ask
             * whether any document did (most keys have one type across the index) */
            int none = 0;
            if (remote_like == 0 && !(all[j].votes & open))
                st = type_not_open(s, all[j].key, open, &none);
            if (none) {
                all[j].type = -1; /* none of the open types, which one not known */
            } else {
                where[nb] = j;
                noted[nb] = note;
                batch[nb++] = all[j].key;
            }
        }
        if (st != BL_OK)
            break;
        if (nb)
            st = lookup_types(s, batch, nb, types, &remote_like);
        for (size_t b = 0; b < nb && st == BL_OK; b++) {
            all[where[b]].type = types[b];
            if (noted[b])
                noted[b]->type = types[b];
        }
        /* lone given names are not listed */
        for (size_t x = i; x < j && st == BL_OK; x++) {
            int hidden = 0;
            if (all[x].type == BL_FACET_PERSON &&
                r->facets[BL_FACET_PERSON].n < o->facets[BL_FACET_PERSON] &&
                (st = given_hidden(s, all[x].key, all[x].type, &hidden)) == BL_OK && hidden)
                all[x].type = -1;
        }
        /* place in count order up to the last key looked up (remote: their names at once) */
        if (st == BL_OK && s->remote) {
            size_t room[BL_FACET_NTYPES], np = 0;
            counted **placed = malloc((j - i + 1) * sizeof *placed);
            for (int ty = 0; ty < BL_FACET_NTYPES; ty++)
                room[ty] = o->facets[ty] - r->facets[ty].n;
            for (size_t x = i; x < j && placed; x++) {
                int ty = all[x].type;
                if (ty >= 0 && room[ty]) {
                    room[ty]--;
                    placed[np++] = &all[x];
                }
            }
            st = placed ? prefetch_names(s, placed, np) : BL_ERR_NO_MEMORY;
            free(placed);
        }
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

static bl_status facets_from_spies(bl_facets *s, xc_enquire *enq, const bl_search_options *o,
                                   bl_facet_result *r)
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
        bl_set_message(s->error, s->error_size, xc_enquire_last_error(enq));
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
 * that could still enter a list get an exact count (from the match bitmap and the key's
 * documents, below); the walk ends when no key left can beat the last of each list.  Narrow
 * match sets, where this bound prunes little and keys are not cached yet, are counted by the
 * spies. */
#define FACET_BOUND_MIN 4000     /* BYLINE_FACET_BOUND_MIN's default */

typedef struct dict_key {
    const char *key; /* in the bl_facets' dict_keys arena, NUL-terminated */
    unsigned tf[BL_FACET_NTYPES]; /* below 2^32: a docid is 32 bits (48 bytes a key) */
    unsigned long total;
    int type;   /* -1: none; -2: not known yet (unsure, and the bounds allow two) */
    int unsure; /* 1: some shard's head lacks the key (dict_heads): tf holds the heads'
                   figures only and total is an upper bound; the exact figures are read
                   (resolve_key) before the key is counted */
    char *name; /* display name once looked up (a facet shown), else NULL */
} dict_key;

static void dict_free(dict_key *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(d[i].name);
    free(d);
}

/* Reading the dictionary.  The keys arrive as a few runs in byte order: from byline-index's
 * snapshots (dict_snapshot.h) one run a shard, each key once with its four types'
 * frequencies; from an older snapshot or Xapian's allterms one run a shard and type.  They
 * are kept as they come (from allterms: keys NUL-terminated in one byte arena, which the
 * dictionary then points into; from snapshots: in place), merged run against run into one entry a key, and put most frequent first by
 * a stable counting sort on the total: no hashing, no comparison sort, no allocation a key.
 * The order is the same as sorting by (total desc, key asc). */
typedef struct dict_term {
    size_t off, len;  /* the key in the arena */
    unsigned long tf[BL_FACET_NTYPES];
} dict_term;

typedef struct dict_run {
    size_t at, end; /* [at, end) of the terms array: strictly increasing keys */
} dict_run;

typedef struct dict_ctx {
    char *arena;
    size_t arena_n, arena_cap;
    dict_term *terms;
    size_t n, cap;
    dict_run *runs;
    size_t runs_n, runs_cap;
    int oom;
} dict_ctx;

static int dict_key_cmp(const dict_ctx *c, const dict_term *a, const dict_term *b)
{
    size_t m = a->len < b->len ? a->len : b->len;
    int r = memcmp(c->arena + a->off, c->arena + b->off, m);
    return r ? r : (a->len > b->len) - (a->len < b->len);
}

/* A key of one part (shard) of the database with its frequency per type: kept, and a new
 * run begins when the key does not follow the last one (the next shard or type). */
static int take_dict_key(void *vctx, size_t part, const char *key, size_t len,
                         const unsigned long tf[BL_FACET_NTYPES])
{
    (void)part;
    dict_ctx *c = vctx;
    if (len == 0)
        return 0;
    char *a = bl_grow(c->arena, &c->arena_cap, c->arena_n + len + 1, 1, 1 << 16);
    dict_term *t = bl_grow(c->terms, &c->cap, c->n + 1, sizeof *t, 1024);
    if (a)
        c->arena = a;
    if (t)
        c->terms = t;
    if (!a || !t)
        return c->oom = 1;
    dict_term *e = &c->terms[c->n];
    e->off = c->arena_n;
    e->len = len;
    memcpy(e->tf, tf, sizeof e->tf);
    memcpy(c->arena + c->arena_n, key, len);
    c->arena[c->arena_n + len] = '\0';
    c->arena_n += len + 1;
    dict_run *last = c->runs_n ? &c->runs[c->runs_n - 1] : NULL;
    if (last && dict_key_cmp(c, &c->terms[last->end - 1], e) < 0) {
        last->end++;
    } else {
        dict_run *r = bl_grow(c->runs, &c->runs_cap, c->runs_n + 1, sizeof *r, 16);
        if (!r)
            return c->oom = 1;
        c->runs = r;
        c->runs[c->runs_n++] = (dict_run){c->n, c->n + 1};
    }
    c->n++;
    return 0;
}

/* A facet term (with its prefix) of one part of the database, from Xapian's allterms. */
static int take_dict_term(void *vctx, size_t type, const char *term, size_t len,
                          unsigned long tf)
{
    size_t pl = strlen(facet_prefix[type]);
    unsigned long tfs[BL_FACET_NTYPES] = {0};
    tfs[type] = tf;
    return len > pl ? take_dict_key(vctx, 0, term + pl, len - pl, tfs) : 0;
}

/* Merge the runs into one entry a key (key order), summing each type's frequency.  *k keys,
 * each pointing into c's arena.  The smallest head is found by a scan that also notes the
 * runs whose head equals it: a handful of runs in all (two for two shards' snapshots). */
static void merge_dict_runs(dict_ctx *c, dict_key *d, size_t *k)
{
    size_t same[64];
    *k = 0;
    for (;;) {
        const dict_term *min = NULL;
        size_t ns = 0;
        for (size_t r = 0; r < c->runs_n; r++) {
            if (c->runs[r].at == c->runs[r].end)
                continue;
            const dict_term *h = &c->terms[c->runs[r].at];
            int cmp = min ? dict_key_cmp(c, h, min) : -1;
            if (cmp < 0) {
                min = h;
                ns = 0;
            }
            if (cmp <= 0 && ns < sizeof same / sizeof *same)
                same[ns++] = r;
        }
        if (!min)
            return;
        dict_key *dk = &d[(*k)++];
        memset(dk, 0, sizeof *dk);
        dk->key = c->arena + min->off;
        if (ns == sizeof same / sizeof *same) { /* very many runs: compare each head again */
            const dict_term key = *min;
            for (size_t r = ns = 0; r < c->runs_n; r++)
                if (c->runs[r].at < c->runs[r].end &&
                    dict_key_cmp(c, &c->terms[c->runs[r].at], &key) == 0) {
                    const dict_term *t = &c->terms[c->runs[r].at++];
                    for (int u = 0; u < BL_FACET_NTYPES; u++)
                        dk->tf[u] += (unsigned)t->tf[u];
                }
        } else {
            for (size_t x = 0; x < ns; x++) {
                const dict_term *t = &c->terms[c->runs[same[x]].at++];
                for (int u = 0; u < BL_FACET_NTYPES; u++)
                    dk->tf[u] += (unsigned)t->tf[u];
            }
        }
        dk->type = -1;
        for (int u = 0; u < BL_FACET_NTYPES; u++) {
            dk->total += dk->tf[u];
            if (dk->tf[u] && (dk->type < 0 || dk->tf[u] > dk->tf[dk->type]))
                dk->type = u;
        }
    }
}

static int cmp_dict_desc(const void *a, const void *b)
{
    const dict_key *x = a, *y = b;
    if (x->total != y->total)
        return x->total < y->total ? 1 : -1;
    return strcmp(x->key, y->key);
}

/* Above this many documents for one key the counting sort's buckets would cost more memory
 * than a comparison sort costs time. */
#define DICT_BUCKETS_MAX (1ul << 20)
/* The most frequent keys put in order at once, at least (and all those as frequent as the
 * last of them); the others when a walk gets to them. */
#define DICT_HEAD_MIN 8192

/* Totals placed by buckets at most: the rest (few keys) by a comparison sort. */
#define DICT_PLACE_BUCKETS 4096

/* The keys of in[0..n) (key order) named by lo..hi documents, most first and in key order
 * among equals (a stable counting sort), into out: how many, or (size_t)-1 if memory ran
 * out. */
static size_t place_by_total(dict_key *out, const dict_key *in, size_t n, unsigned long lo,
                             unsigned long hi)
{
    if (hi - lo >= DICT_PLACE_BUCKETS) {
        /* the few keys above lo + DICT_PLACE_BUCKETS - 1 by comparison (the same order), the
         * others by buckets: a bucket a total from 1 to the largest cost page faults */
        unsigned long mid = lo + DICT_PLACE_BUCKETS - 1;
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (in[i].total > mid && in[i].total <= hi)
                out[m++] = in[i];
        qsort(out, m, sizeof *out, cmp_dict_desc);
        size_t r = place_by_total(out + m, in, n, lo, mid);
        return r == (size_t)-1 ? r : m + r;
    }
    size_t *start = calloc((size_t)(hi - lo) + 2, sizeof *start);
    if (!start)
        return (size_t)-1;
    for (size_t i = 0; i < n; i++) /* bucket b = hi - total: the most frequent first */
        if (in[i].total >= lo && in[i].total <= hi)
            start[hi - in[i].total + 1]++;
    for (size_t b = 1; b <= (size_t)(hi - lo) + 1; b++)
        start[b] += start[b - 1];
    size_t placed = start[(size_t)(hi - lo) + 1];
    for (size_t i = 0; i < n; i++)
        if (in[i].total >= lo && in[i].total <= hi)
            out[start[hi - in[i].total]++] = in[i];
    free(start);
    return placed;
}

/* Put the keys of s->dict_rest (s->dict_rest_n of them, key order) most frequent first into
 * s->dict (room for all): the DICT_HEAD_MIN or so most frequent now, the rest kept for
 * dict_extend. */
static bl_status order_dictionary(bl_facets *s)
{
    dict_key *in = s->dict_rest;
    size_t n = s->dict_rest_n;
    unsigned long max = 0;
    for (size_t i = 0; i < n; i++)
        if (in[i].total > max)
            max = in[i].total;
    if (max > DICT_BUCKETS_MAX) {
        memcpy(s->dict, in, n * sizeof *in);
        qsort(s->dict, n, sizeof *s->dict, cmp_dict_desc);
        s->dict_n = n;
        s->dict_cut = 0;
    } else {
        size_t *hist = calloc((size_t)max + 1, sizeof *hist), above = 0;
        if (!hist)
            return BL_ERR_NO_MEMORY;
        for (size_t i = 0; i < n; i++)
            hist[in[i].total]++;
        unsigned long cut = max + 1;
        while (cut > 0 && above < DICT_HEAD_MIN)
            above += hist[--cut];
        free(hist);
        size_t m = place_by_total(s->dict, in, n, cut, max);
        if (m == (size_t)-1)
            return BL_ERR_NO_MEMORY;
        s->dict_n = m;
        s->dict_cut = cut;
    }
    if (s->dict_n == n) {
        free(s->dict_rest);
        s->dict_rest = NULL;
        s->dict_rest_n = 0;
    }
    return BL_OK;
}

static int cmp_key_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of the snapshot's runs (dict_snapshot.h) merged run against run into one entry a
 * key in key order, into d (room for cap keys): *k keys, each pointing into the snapshot.
 * heads_only: the runs are the shards' heads, and a key missing from a shard's head is
 * looked up in its tail (exact totals), or with `unsure` (the heads values: no tails) given
 * a bound (dict_key.unsure) and its name added to unsure[*unsure_n] (room for cap); only
 * keys named by at least `from` documents are kept.  Else the runs are every head and tail,
 * and only keys named by fewer than `below` are kept, but for the unsure[0..*unsure_n) (key
 * order, when unsure is not NULL): a walk from the heads put them in order already.  The
 * smallest head is found by one scan that also marks its equals (a handful of runs).
 * *malformed = 1 when the snapshot broke the format on the way, or held more keys than its
 * counts said (over cap): what d holds is then to be dropped. */
static bl_status merge_snapshot(bl_dict_snapshot *snap, int heads_only, unsigned long from,
                                unsigned long below, dict_key *d, size_t cap, size_t *k,
                                const char **unsure, size_t *unsure_n, int *malformed)
{
    size_t parts = bl_dict_snapshot_parts(snap), nruns = heads_only ? parts : 2 * parts;
    bl_dict_entry *head = malloc(nruns * sizeof *head);
    signed char *live = calloc(nruns, 1); /* 1: head[r] holds run r's next key (2: and it
                                             is the smallest) */
    if (!head || !live) {
        free(head);
        free(live);
        return BL_ERR_NO_MEMORY;
    }
    int bad = 0;
    for (size_t r = 0; r < nruns; r++) /* run r: shard r % parts, its tail when r >= parts */
        bad |= (live[r] = (signed char)bl_dict_snapshot_next(snap, r % parts, r >= parts,
                                                             &head[r])) < 0;
    *k = 0;
    while (!bad) {
        const bl_dict_entry *min = NULL;
        for (size_t r = 0; r < nruns; r++) {
            if (!live[r])
                continue;
            const bl_dict_entry *h = &head[r];
            int c = -1;
            if (min) {
                const unsigned char *x = (const unsigned char *)h->key,
                                    *y = (const unsigned char *)min->key;
                size_t m = h->len < min->len ? h->len : min->len;
                c = *x != *y ? (*x < *y ? -1 : 1) : memcmp(x, y, m);
                if (c == 0)
                    c = (h->len > min->len) - (h->len < min->len);
            }
            if (c < 0) {
                for (size_t q = 0; q < r; q++)
                    live[q] = live[q] ? 1 : 0;
                min = h;
            }
            live[r] = c <= 0 ? 2 : 1;
        }
        if (!min)
            break;
        dict_key key;
        memset(&key, 0, sizeof key);
        key.key = min->key;
        size_t key_len = min->len;
        unsigned long have = 0; /* heads_only: the shards whose head had it (bit p) */
        for (size_t r = 0; r < nruns; r++) {
            if (live[r] != 2)
                continue;
            for (int u = 0; u < BL_FACET_NTYPES; u++)
                key.tf[u] += (unsigned)head[r].tf[u];
            if (r < 64)
                have |= 1ul << r;
            bad |= (live[r] = (signed char)bl_dict_snapshot_next(snap, r % parts, r >= parts,
                                                                 &head[r])) < 0;
        }
        unsigned long slack = 0; /* unsure: what the shards missing the key may add */
        for (size_t p = 0; heads_only && p < parts && !bad; p++) {
            bl_dict_entry e;
            if (p < 64 && (have >> p & 1))
                continue;
            if (unsure) { /* named there by fewer than the shard's bound */
                slack += (unsigned long)bl_dict_snapshot_bound(snap, p) - 1;
                key.unsure = 1;
                continue;
            }
            int f = bl_dict_snapshot_find(snap, p, key.key, key_len, &e);
            bad |= f < 0;
            for (int u = 0; f > 0 && u < BL_FACET_NTYPES; u++)
                key.tf[u] += (unsigned)e.tf[u];
        }
        key.type = -1;
        for (int u = 0; u < BL_FACET_NTYPES; u++) {
            key.total += key.tf[u];
            if (key.tf[u] && (key.type < 0 || key.tf[u] > key.tf[key.type]))
                key.type = u;
        }
        /* unsure: the type the exact figures give is this one only if no other type can
         * overtake it with all the slack (an earlier type by equalling it) */
        for (int u = 0; key.unsure && key.type >= 0 && u < BL_FACET_NTYPES; u++)
            if (u != key.type && key.tf[u] + slack + (u < key.type) > key.tf[key.type])
                key.type = -2;
        key.total += slack;
        if (heads_only ? key.total < from
                       : key.total >= below ||
                             (unsure && bsearch(&key.key, unsure, *unsure_n, sizeof *unsure,
                                                cmp_key_ptr)))
            continue;
        if (*k == cap) {
            bad = 1; /* more keys than the counts said: not to be trusted */
            break;
        }
        d[(*k)++] = key;
        if (key.unsure)
            unsure[(*unsure_n)++] = key.key;
    }
    free(head);
    free(live);
    *malformed = bad;
    return BL_OK;
}

/* Every key of the dictionary from Xapian's allterms, in key order (keys in *arena). */
static bl_status allterms_dictionary(bl_facets *s, dict_key **out, size_t *n, char **arena)
{
    dict_ctx c = {0};
    dict_key *d = NULL;
    size_t k = 0;
    bl_status st = BL_OK;
    xc_status xs = xc_db_allterms_by_part(s->db, (const char *const *)facet_prefix,
                                          BL_FACET_NTYPES, take_dict_term, &c);
    if (xs == XC_OK && !c.oom && (d = malloc((c.n ? c.n : 1) * sizeof *d)))
        merge_dict_runs(&c, d, &k);
    else if (xs == XC_OK)
        st = BL_ERR_NO_MEMORY;
    if (xs != XC_OK) {
        bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
        st = bl_status_from_xc(xs);
    }
    free(c.terms);
    free(c.runs);
    if (st != BL_OK) {
        free(d);
        free(c.arena);
        return st;
    }
    *out = d;
    *n = k;
    *arena = c.arena;
    return BL_OK;
}

/* Do the whole snapshots say what the heads said: the same parts, bounds, and keys in
 * heads and tails?  (Both are written by one commit under one stamp, so they do unless a
 * heads value lies.) */
static int heads_agree(const bl_dict_snapshot *heads, const bl_dict_snapshot *whole)
{
    size_t parts = bl_dict_snapshot_parts(heads);
    if (parts != bl_dict_snapshot_parts(whole))
        return 0;
    for (size_t p = 0; p < parts; p++)
        if (bl_dict_snapshot_bound(heads, p) != bl_dict_snapshot_bound(whole, p) ||
            bl_dict_snapshot_count(heads, p, 0) != bl_dict_snapshot_count(whole, p, 0) ||
            bl_dict_snapshot_count(heads, p, 1) != bl_dict_snapshot_count(whole, p, 1))
            return 0;
    return 1;
}

/* The rest of the dictionary in order after what is there (which does not move: walks hold
 * pointers into it): from the key-ordered keys kept (allterms), or from every run of the
 * snapshots (the keys below the heads' bound), or, should a snapshot break the format on the
 * way, from allterms after all. */
static bl_status dict_extend(bl_facets *s)
{
    bl_status st = BL_OK;
    if (!s->dict_rest && s->dict_more && !s->dict_snap && s->dict_heads) {
        /* the first walk, from the heads, goes past them: the whole snapshots now */
        xc_status xs = bl_dict_snapshot_open(s->db, &s->dict_snap);
        if (xs != XC_OK) {
            bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
            return bl_status_from_xc(xs);
        }
        if (s->dict_snap && !heads_agree(s->dict_heads, s->dict_snap)) {
            s->heads_refuted = 1; /* what was put in order by them may be wrong */
            return BL_OK;
        }
    }
    if (!s->dict_rest && s->dict_more) {
        size_t room = s->dict_all - s->dict_n, k = 0;
        dict_key *rest = malloc((room ? room : 1) * sizeof *rest);
        int malformed = !s->dict_snap;
        if (!rest)
            return BL_ERR_NO_MEMORY;
        if (s->dict_snap) {
            bl_dict_snapshot_rewind(s->dict_snap);
            /* the keys a bound put in order already are left out: else they would not
             * fit (the room counts each key once) */
            size_t unsure_n = s->unsure_n;
            st = merge_snapshot(s->dict_snap, 0, 0, s->dict_cut, rest, room, &k, s->unsure,
                                &unsure_n, &malformed);
        }
        if (st == BL_OK && !malformed && k <= room) {
            s->dict_rest = rest;
            s->dict_rest_n = k;
        } else {
            free(rest);
            if (st == BL_OK) { /* the keys below the cut from the terms themselves */
                char *arena = NULL;
                dict_key *all = NULL;
                size_t n = 0;
                st = allterms_dictionary(s, &all, &n, &arena);
                if (st == BL_OK) {
                    free(s->dict_keys);
                    s->dict_keys = arena;
                    s->dict_rest = all;
                    s->dict_rest_n = 0;
                    /* but for the keys already in order (by a bound at or above the cut:
                     * the snapshots' read above left them out) */
                    for (size_t i = 0; i < n; i++)
                        if (all[i].total >= s->dict_cut || !s->unsure_n ||
                            !bsearch(&all[i].key, s->unsure, s->unsure_n, sizeof *s->unsure,
                                     cmp_key_ptr))
                            all[s->dict_rest_n++] = all[i];
                }
            }
        }
        s->dict_more = 0;
    }
    if (st != BL_OK || !s->dict_rest)
        return st;
    size_t room = s->dict_all - s->dict_n;
    dict_key *tmp = malloc((s->dict_rest_n ? s->dict_rest_n : 1) * sizeof *tmp);
    size_t m = tmp ? place_by_total(tmp, s->dict_rest, s->dict_rest_n, 0, s->dict_cut - 1)
                   : (size_t)-1;
    if (m == (size_t)-1) {
        free(tmp);
        return BL_ERR_NO_MEMORY;
    }
    memcpy(s->dict + s->dict_n, tmp, (m < room ? m : room) * sizeof *tmp);
    s->dict_n += m < room ? m : room;
    free(tmp);
    free(s->dict_rest);
    s->dict_rest = NULL;
    s->dict_rest_n = 0;
    return BL_OK;
}

/* s->local or s->remote set (a shard is remote / none is), once a revision. */
static bl_status know_locality(bl_facets *s)
{
    int local = 0;
    if (s->remote || s->local)
        return BL_OK;
    xc_status xs = xc_db_all_local(s->db, &local);
    if (xs != XC_OK) {
        bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
        return bl_status_from_xc(xs);
    }
    s->local = local;
    s->remote = !local;
    return BL_OK;
}

/* A heads value's tail count is not held by bytes, yet the dictionary makes room for every
 * key it counts: a shard said to hold more keys than this (a lie, or a shard too large for
 * the heads to matter) is read through the whole snapshots, whose counts their bytes hold. */
#define DICT_HEADS_KEYS_MAX (1ull << 24)

/* The dictionary's first keys from snap (every shard's snapshot, or with `bounded` their
 * heads alone: dict_key.unsure): *used = 0 when snap broke the format on the way (nothing
 * kept: the caller reads elsewhere). */
static bl_status dict_from_snapshot(bl_facets *s, bl_dict_snapshot *snap, int bounded, int *used)
{
    size_t parts = bl_dict_snapshot_parts(snap), heads = 0, all = 0, k = 0, unsure_n = 0;
    unsigned long cut = 0;
    *used = 0;
    for (size_t p = 0; p < parts; p++) {
        unsigned long long keys = bl_dict_snapshot_count(snap, p, 0) +
                                  bl_dict_snapshot_count(snap, p, 1);
        if (bounded && keys > DICT_HEADS_KEYS_MAX)
            return BL_OK; /* not to be believed (nor room made for): the whole snapshots */
        heads += (size_t)bl_dict_snapshot_count(snap, p, 0);
        all += (size_t)keys;
        cut += (unsigned long)bl_dict_snapshot_bound(snap, p);
    }
    dict_key *d = malloc((heads ? heads : 1) * sizeof *d);
    const char **unsure = bounded ? malloc((heads ? heads : 1) * sizeof *unsure) : NULL;
    int malformed = 0;
    bl_status st = d && (unsure || !bounded)
                       ? merge_snapshot(snap, 1, cut, 0, d, heads, &k, unsure, &unsure_n,
                                        &malformed)
                       : BL_ERR_NO_MEMORY;
    /* room for every key the counts name (*used stays 0 without it: a heads value's tail
     * counts are not held by bytes, and a forged one may ask for more than there is) */
    dict_key *room = st == BL_OK && !malformed ? malloc((all ? all : 1) * sizeof *room) : NULL;
    if (st == BL_OK && !malformed && !room)
        st = BL_ERR_NO_MEMORY;
    if (room) {
        unsigned long max = 0;
        for (size_t i = 0; i < k; i++)
            max = d[i].total > max ? d[i].total : max;
        *used = 1;
        s->dict = room;
        s->dict_all = all;
        s->dict_cut = cut;
        s->dict_more = 1;
        s->unsure = unsure;
        s->unsure_n = unsure_n;
        unsure = NULL;
        size_t m = k ? place_by_total(s->dict, d, k, cut, max) : 0;
        if (m == (size_t)-1)
            st = BL_ERR_NO_MEMORY;
        else
            s->dict_n = m;
    }
    free(d);
    free(unsure);
    return st;
}

/* The dictionary's most frequent keys in order in s->dict (with room for every key, so that
 * dict_extend can put the others after them).  From byline-index's per-shard snapshots
 * when all are current: the shards' heads merged, the keys named by at least the sum of
 * their bounds (all of them are in some head) put in order, the rest left to dict_extend.
 * For the first walk of a revision on local shards (all a one-shot search does) the heads
 * values alone (a twentieth of the bytes) when every shard has one: a key missing from a
 * shard's head then has an upper bound for a total (unsure), made exact when the walk gets
 * to count it.  Else from Xapian's
 * allterms: every key merged, the DICT_HEAD_MIN most frequent in order, the rest kept in key
 * order for dict_extend. */
static bl_status load_dictionary(bl_facets *s)
{
    bl_status st = know_locality(s);
    int used = 0;
    if (st != BL_OK)
        return st;
    if (s->started == 0 && s->local) { /* the walk that keeps nothing (bounded_facets) */
        bl_dict_snapshot *h = NULL;
        xc_status xs = bl_dict_snapshot_open_heads(s->db, &h);
        if (xs != XC_OK) {
            bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
            return bl_status_from_xc(xs);
        }
        if (h) {
            st = dict_from_snapshot(s, h, 1, &used);
            if (used)
                s->dict_heads = h;
            else
                bl_dict_snapshot_free(h); /* malformed, or counts beyond memory: the whole
                                             snapshots, or the terms */
            if (used)
                return st;
        }
    }
    xc_status xs = bl_dict_snapshot_open(s->db, &s->dict_snap);
    if (xs != XC_OK) {
        bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
        return bl_status_from_xc(xs);
    }
    if (s->dict_snap) {
        st = dict_from_snapshot(s, s->dict_snap, 0, &used);
        if (used || st != BL_OK)
            return st;
        bl_dict_snapshot_free(s->dict_snap); /* malformed: the terms are read instead */
        s->dict_snap = NULL;
    }
    dict_key *d = NULL;
    size_t k = 0;
    st = allterms_dictionary(s, &d, &k, &s->dict_keys);
    if (st == BL_OK && !(s->dict = malloc((k ? k : 1) * sizeof *s->dict))) {
        free(d);
        st = BL_ERR_NO_MEMORY;
    }
    if (st != BL_OK)
        return st;
    s->dict_rest = d;
    s->dict_rest_n = k;
    s->dict_all = k;
    return order_dictionary(s);
}

typedef struct top_list {
    counted *v;      /* best first: count desc, key asc */
    size_t n, cap;
} top_list;

/* Can a key named by `total` documents still enter list l?  Not when l is not asked for, nor
 * when it is full and total is below its last count (an equal one may, by its key). */
static int top_open(const top_list *l, unsigned long total)
{
    return l->cap && (l->n < l->cap || total >= l->v[l->n - 1].count);
}

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

/* ---- exact counts from cached posting lists (local shards) ------------------------------ */

/* The walk counts a key without a search: the match set is enumerated once per query into
 * a bitmap of docids (local shards: from posting lists, or xc_enquire_match_bits: one pass,
 * Boolean weights, no hit kept; remote shards: xc_db_match_docids, one MSet a shard, perhaps
 * of the documents that do not match), and each key's documents (the posting lists of its
 * facet terms, read once per revision and kept in the bl_facets; remote shards: by batches
 * through the matcher) are tested against it.  A key named by many documents is kept as a
 * bitmap too (an AND and a popcount a 64-document word), a rarer one as its sorted docids
 * (one bit test each); either costs at most 4 bytes a posting. */
#define FACET_POSTS_MAX (32u << 20)   /* docids cached at most (128 MB), all keys together */
/* Cost units of the walk's budget, in nanoseconds measured on synth-100k (a guide: exact
 * counts do not depend on them): what the spies spend on one matching document, reading one
 * key's posting lists (a fixed part and a part a posting), testing one cached posting (so that
 * a narrow match, where the bound prunes little, goes to the spies even once the whole
 * dictionary is cached). */
#define FACET_SPY_NS_PER_DOC 20000u
#define FACET_LOAD_NS_PER_KEY 5000u
#define FACET_LOAD_NS_PER_POSTING 40u
#define FACET_COUNT_NS_PER_POSTING 1u /* a cached sparse key; a dense one: a word per 2 ns */
/* remote shards: keys' documents come by batches, one matcher pass a shard (a round trip
 * each and ~0.2 us an item, measured on loopback); a batch is charged to its first key */
#define FACET_REMOTE_LOAD_NS_PER_KEY 300000u
#define FACET_REMOTE_LOAD_NS_PER_POSTING 250u
/* remote, first walk: a key's bitmaps, one get_metadata a shard at the same time (55-75 us
 * each on loopback, besides two threads) */
#define FACET_REMOTE_DENSE_NS 150000u

typedef struct key_posts {
    xc_docid *docids;         /* sorted, no repeats (sparse keys), or NULL */
    uint64_t *bits;           /* bit d set when document d names the key (dense keys), or NULL */
    size_t n;                 /* documents naming the key */
    int loaded;
} key_posts;

static void posts_free(key_posts *p, size_t n)
{
    for (size_t i = 0; p && i < n; i++) {
        free(p[i].docids);
        free(p[i].bits);
    }
    free(p);
}

typedef struct docid_vec {
    xc_docid *v;
    size_t n, cap;
    int oom; /* take_docid could not grow v */
} docid_vec;

static int take_docid(void *vctx, xc_docid d)
{
    docid_vec *dv = vctx;
    if (dv->n == dv->cap) {
        size_t cap = dv->cap ? dv->cap * 2 : 64;
        xc_docid *v = realloc(dv->v, cap * sizeof *v);
        if (!v)
            return dv->oom = 1;
        dv->v = v;
        dv->cap = cap;
    }
    dv->v[dv->n++] = d;
    return 0;
}

static int cmp_docid(const void *a, const void *b)
{
    xc_docid x = *(const xc_docid *)a, y = *(const xc_docid *)b;
    return (x > y) - (x < y);
}

/* Keep a key's documents dv (taken over; `sorted`: in docid order, no repeats) in p, only
 * those of the revision (docid <= s->last), so that p->n is exact for complement counts. */
static bl_status store_posts(bl_facets *s, docid_vec *dvp, int sorted, key_posts *p)
{
    docid_vec dv = *dvp;
    *dvp = (docid_vec){0};
    if (!sorted) { /* one facet term a key and document, but be exact whatever the index */
        qsort(dv.v, dv.n, sizeof *dv.v, cmp_docid);
        size_t k = 0;
        for (size_t i = 0; i < dv.n; i++)
            if (k == 0 || dv.v[i] != dv.v[k - 1])
                dv.v[k++] = dv.v[i];
        dv.n = k;
    }
    while (dv.n && dv.v[dv.n - 1] > s->last)
        dv.n--;
    size_t words = s->last / 64 + 1;
    p->n = dv.n;
    p->loaded = 1;
    if (dv.n * 2 > words) { /* the bitmap is no bigger than 4 bytes a posting */
        if (!(p->bits = calloc(words, sizeof *p->bits))) {
            free(dv.v);
            p->loaded = 0;
            return BL_ERR_NO_MEMORY;
        }
        for (size_t i = 0; i < dv.n; i++)
            p->bits[dv.v[i] / 64] |= 1ull << (dv.v[i] % 64);
        free(dv.v);
    } else {
        p->docids = dv.v;
    }
    s->posted += dv.n;
    s->posts_kept++;
    return BL_OK;
}

/* Remote shards: key s->dict[first] and the next keys the walk may need (not loaded yet,
 * not generic, of a type in `types`, bit t = type t), at most XC_TERM_GROUPS_MAX of them,
 * in one pass of the matcher a shard (xc_db_term_groups), where a key at a time cost a
 * round trip each (and a posting list one message a posting).  Either their documents are
 * loaded and kept (`within` NULL), or only their documents among the matches of `within`
 * are counted, into *direct, nothing kept: what the first faceted search of a revision
 * does, so that a one-shot search does not read whole keys' documents for one query. */
#define FACET_REMOTE_BATCH XC_TERM_GROUPS_MAX

/* Is key dk named by so many documents that byline-index likely kept it as bitmaps
 * (dict_snapshot.h) in every shard? */
static int likely_dense(const bl_facets *s, const dict_key *dk)
{
    return dk->total >= BL_DENSE_MIN_DOCS && dk->total * BL_DENSE_RATIO >= s->last;
}

typedef struct direct_counts {
    size_t keys[FACET_REMOTE_BATCH];     /* dictionary indexes */
    unsigned long counts[FACET_REMOTE_BATCH];
    size_t n;
} direct_counts;

typedef struct batch_ctx {
    docid_vec v[FACET_REMOTE_BATCH];     /* loading: each key's documents */
    unsigned long *counts;               /* counting: each key's matches, or NULL */
    int oom;
} batch_ctx;

static int take_docmask(void *vctx, xc_docid d, unsigned long long mask)
{
    batch_ctx *c = vctx;
    for (unsigned g = 0; mask && g < FACET_REMOTE_BATCH; g++, mask >>= 1)
        if (!(mask & 1))
            continue;
        else if (c->counts)
            c->counts[g]++;
        else if (take_docid(&c->v[g], d))
            return c->oom = 1;
    return 0;
}

static bl_status remote_batch(bl_facets *s, size_t first, unsigned types, const xc_query *within,
                              direct_counts *direct)
{
    size_t keys[FACET_REMOTE_BATCH], nk = 0, postings = 0;
    const char *terms[FACET_REMOTE_BATCH * BL_FACET_NTYPES];
    size_t lens[FACET_REMOTE_BATCH * BL_FACET_NTYPES];
    unsigned groups[FACET_REMOTE_BATCH * BL_FACET_NTYPES];
    char *buf[FACET_REMOTE_BATCH * BL_FACET_NTYPES];
    size_t nt = 0;
    bl_status st = BL_OK;
    for (size_t j = first; nk < FACET_REMOTE_BATCH && st == BL_OK; j++) {
        if (j == s->dict_n && (s->dict_rest || s->dict_more) && (st = dict_extend(s)) != BL_OK)
            break;
        if (j >= s->dict_n)
            break;
        const dict_key *dk = &s->dict[j];
        if (j > first && (s->posts[j].loaded || dk->type < 0 || !(types >> dk->type & 1) ||
                          bl_entity_key_is_generic(dk->key, strlen(dk->key))))
            continue;
        /* counting directly, a key with bitmaps is counted from them when the walk gets to
         * it (bounded_facets); should they be missing, it opens a batch of its own */
        if (within && j > first && s->dict_snap && likely_dense(s, dk))
            continue;
        if (!within && j > first && s->posted + postings + dk->total > FACET_POSTS_MAX)
            break;
        for (int t = 0; t < BL_FACET_NTYPES && st == BL_OK; t++) {
            size_t l = strlen(facet_prefix[t]) + strlen(dk->key);
            if (!dk->tf[t] || l > BL_MAX_TERM_BYTES)
                continue;
            if (!(buf[nt] = malloc(l + 1))) {
                st = BL_ERR_NO_MEMORY;
                break;
            }
            snprintf(buf[nt], l + 1, "%s%s", facet_prefix[t], dk->key);
            terms[nt] = buf[nt];
            lens[nt] = l;
            groups[nt++] = (unsigned)nk;
        }
        keys[nk++] = j;
        postings += dk->total;
    }
    batch_ctx *c = st == BL_OK ? calloc(1, sizeof *c) : NULL;
    if (st == BL_OK && !c)
        st = BL_ERR_NO_MEMORY;
    if (st == BL_OK) {
        if (within) {
            memset(direct, 0, sizeof *direct);
            c->counts = direct->counts;
        }
        xc_status xs = xc_db_term_groups(s->db, within, terms, lens, groups, nt, take_docmask, c);
        if (xs == XC_OK && c->oom)
            xs = XC_NO_MEMORY;
        if (xs != XC_OK)
            bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
        st = bl_status_from_xc(xs);
    }
    if (within && st == BL_OK) {
        memcpy(direct->keys, keys, nk * sizeof *keys);
        direct->n = nk;
    }
    for (size_t k = 0; !within && k < nk && st == BL_OK; k++)
        st = store_posts(s, &c->v[k], 0, &s->posts[keys[k]]);
    for (size_t k = 0; c && k < FACET_REMOTE_BATCH; k++)
        free(c->v[k].v);
    free(c);
    for (size_t i = 0; i < nt; i++)
        free(buf[i]);
    return st;
}

/* Read key dk's documents (the union of its facet terms' posting lists) into p: local
 * shards (remote ones: remote_batch). */
static bl_status load_posts(bl_facets *s, const dict_key *dk, key_posts *p)
{
    docid_vec dv = {0};
    char term[BL_MAX_TERM_BYTES + 32];
    int lists = 0;
    xc_status xs = XC_OK;
    for (int t = 0; t < BL_FACET_NTYPES && xs == XC_OK; t++) {
        int l = snprintf(term, sizeof term, "%s%s", facet_prefix[t], dk->key);
        if (!dk->tf[t] || l <= 0 || l > BL_MAX_TERM_BYTES)
            continue;
        size_t before = dv.n;
        xs = xc_db_postlist(s->db, term, (size_t)l, take_docid, &dv);
        if (xs == XC_OK && dv.n - before < dk->tf[t] && dv.n == dv.cap)
            xs = XC_NO_MEMORY; /* take_docid stopped the list: realloc failed */
        lists++;
    }
    if (xs != XC_OK) {
        free(dv.v);
        bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
        return bl_status_from_xc(xs);
    }
    return store_posts(s, &dv, lists <= 1, p);
}

/* counts[k]: the matching documents that name key s->dict[keys[k]], straight from its
 * posting lists against the match bitmap, for k < n, read together (xc_db_count_keys); a
 * count below needs[k] is 0. */
static bl_status count_lists(bl_facets *s, const size_t *keys, const unsigned long *needs,
                             size_t n, const uint64_t *match, unsigned long *counts)
{
    size_t bytes = 0;
    for (size_t k = 0; k < n; k++)
        for (int t = 0; t < BL_FACET_NTYPES; t++)
            bytes += strlen(facet_prefix[t]) + strlen(s->dict[keys[k]].key) + 1;
    xc_key_count *kc = calloc(n, sizeof *kc);
    const char **terms = calloc(n * BL_FACET_NTYPES, sizeof *terms);
    size_t *lens = calloc(n * BL_FACET_NTYPES, sizeof *lens);
    char *buf = malloc(bytes ? bytes : 1), *at = buf;
    xc_status xs = kc && terms && lens && buf ? XC_OK : XC_NO_MEMORY;
    for (size_t k = 0; k < n && xs == XC_OK; k++) {
        const dict_key *dk = &s->dict[keys[k]];
        kc[k] = (xc_key_count){terms + k * BL_FACET_NTYPES, lens + k * BL_FACET_NTYPES, 0,
                               dk->total, needs[k], 0};
        size_t kl = strlen(dk->key);
        int order[BL_FACET_NTYPES]; /* its types by documents, most first (ties: type order) */
        for (int t = 0; t < BL_FACET_NTYPES; t++) {
            int at_t = t;
            while (at_t > 0 && dk->tf[order[at_t - 1]] < dk->tf[t]) {
                order[at_t] = order[at_t - 1];
                at_t--;
            }
            order[at_t] = t;
        }
        for (int o = 0; o < BL_FACET_NTYPES; o++) {
            int t = order[o];
            size_t pl = strlen(facet_prefix[t]);
            if (!dk->tf[t] || pl + kl > BL_MAX_TERM_BYTES)
                continue;
            memcpy(at, facet_prefix[t], pl);
            memcpy(at + pl, dk->key, kl + 1);
            terms[k * BL_FACET_NTYPES + kc[k].n] = at;
            lens[k * BL_FACET_NTYPES + kc[k].n++] = pl + kl;
            at += pl + kl + 1;
        }
    }
    if (xs == XC_OK && (xs = xc_db_count_keys(s->db, kc, n, (const unsigned long long *)match,
                                              s->last)) != XC_OK)
        bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
    for (size_t k = 0; k < n && xs == XC_OK; k++)
        counts[k] = kc[k].count;
    free(kc);
    free(terms);
    free(lens);
    free(buf);
    return bl_status_from_xc(xs);
}

/* *found = 1 and *count: the matching documents that name key dk, from the bitmaps
 * byline-index kept for it (dict_snapshot.h), when every shard has one; else *found = 0.
 * `complement`: match holds the documents that do NOT match (remote_bitmap), and the count
 * is the key's documents less those.  *sm, the match by shard, is made on first use. */
static bl_status count_dense(bl_facets *s, const dict_key *dk, const uint64_t *match,
                             int complement, bl_shard_match **sm, unsigned long *count,
                             int *found)
{
    unsigned long hit = 0, named = 0;
    *found = 0;
    if (!*sm && !(*sm = bl_shard_match_new((const unsigned long long *)match, s->last)))
        return BL_ERR_NO_MEMORY;
    xc_status xs = bl_dense_key_count(s->db, s->dict_snap ? s->dict_snap : s->dict_heads,
                                      dk->key, *sm, &hit, &named, found);
    if (xs != XC_OK) {
        bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
        return bl_status_from_xc(xs);
    }
    *count = complement ? named - hit : hit;
    return BL_OK;
}

/* The one-shot walk counts the next keys it may need from their posting lists together (a
 * batch, xc_db_count_keys): their lists read in term order share the blocks read from disk,
 * where a key at a time read a branch block and a leaf for each list.  Each key gets the need
 * its type's list has when the batch is made; the walk's needs only grow, so a count it uses
 * is exact, and one below its need by then does not enter the list (top_insert), as when
 * counted alone.  (Keys counted from their bitmaps are read one at a time: a batch of them
 * also read bitmaps the walk never reached, at about 20 us each.) */
#define FACET_AHEAD_MAX 32u /* keys a batch, at most: a larger batch reads fewer blocks, but
                               more postings with needs that have grown since */
typedef struct ahead {
    size_t keys[2 * FACET_AHEAD_MAX]; /* dictionary indexes, increasing */
    unsigned long counts[2 * FACET_AHEAD_MAX];
    size_t n, at;
} ahead;

/* Key i's count from a batch: 1, else 0 (the keys before i are dropped). */
static int ahead_take(ahead *a, size_t i, unsigned long *count)
{
    while (a->at < a->n && a->keys[a->at] < i)
        a->at++;
    if (a->at < a->n && a->keys[a->at] == i) {
        *count = a->counts[a->at++];
        return 1;
    }
    return 0;
}

/* The keys of a still ahead and keys[0..n) (increasing, none of them in a), in order. */
static void ahead_merge(ahead *a, const size_t *keys, const unsigned long *counts, size_t n)
{
    size_t m = 0, x = a->at, y = 0;
    size_t mk[2 * FACET_AHEAD_MAX];
    unsigned long mc[2 * FACET_AHEAD_MAX];
    while (x < a->n || y < n) {
        int from_old = y == n || (x < a->n && a->keys[x] < keys[y]);
        mk[m] = from_old ? a->keys[x] : keys[y];
        mc[m++] = from_old ? a->counts[x++] : counts[y++];
    }
    memcpy(a->keys, mk, m * sizeof *mk);
    memcpy(a->counts, mc, m * sizeof *mc);
    a->n = m;
    a->at = 0;
}

/* The keys after i the walk would count next from their posting lists, of lists full today
 * (an open list's need may still grow a lot), none of those a already holds: at most `cap`
 * in keys (increasing), each with its list's need today; charged as the walk charges them,
 * and no further than `budget` (ns). */
static size_t ahead_keys(const bl_facets *s, size_t i, const top_list *tops, double budget,
                         const ahead *a, size_t cap, size_t *keys, unsigned long *needs)
{
    size_t n = 0, old = a->at, words = s->last / 64 + 1;
    /* the walk ends at the first key below every list's last count (an open list: 0) */
    unsigned long lowest = ULONG_MAX;
    for (int u = 0; u < BL_FACET_NTYPES; u++) {
        unsigned long l = !tops[u].cap             ? ULONG_MAX
                          : tops[u].n < tops[u].cap ? 0
                                                    : tops[u].v[tops[u].n - 1].count;
        lowest = l < lowest ? l : lowest;
    }
    /* at most 4 * cap keys ahead: a long run of keys the batch skips (bitmaps, open lists,
     * counted already) must not make one batch a scan of the whole dictionary, and keys far
     * ahead are the likeliest to fall below every list before the walk reaches them */
    for (size_t j = i + 1; j < s->dict_n && j <= i + 4 * cap && n < cap; j++) {
        const dict_key *dj = &s->dict[j];
        int t = dj->type;
        if (dj->total < lowest)
            break;
        while (old < a->n && a->keys[old] < j)
            old++;
        if (dj->unsure || t < 0 || !top_open(&tops[t], dj->total))
            continue;
        /* (a generic word too: the walk skips it, but the test costs more than the charge) */
        budget -= FACET_LOAD_NS_PER_KEY + (double)dj->total * FACET_LOAD_NS_PER_POSTING;
        budget -= dj->total * 2 > words ? (double)words * 2
                                        : (double)dj->total * FACET_COUNT_NS_PER_POSTING;
        if (budget < 0)
            break;
        if (likely_dense(s, dj) || tops[t].n < tops[t].cap || (old < a->n && a->keys[old] == j) ||
            bl_entity_key_is_generic(dj->key, strlen(dj->key)))
            continue; /* by its bitmaps, its list open, counted already, or skipped */
        keys[n] = j;
        needs[n++] = tops[t].v[tops[t].n - 1].count;
    }
    return n;
}

/* Matching documents that name key i (a count below need: 0), straight from its posting
 * lists (or, for a key most documents name, the bitmaps byline-index keeps: dict_snapshot.h)
 * against the match bitmap, nothing kept (local shards, the first walk of a revision: a
 * one-shot search reads each key once, so keeping it would only cost).  Keys read from
 * posting lists are counted by batches (struct ahead) with the next keys the walk may count
 * so, which the lists `tops` can still take, while the walk's budget (`budget` ns left after
 * key i) would pay for them.  *sm: the walk's match split by shard, made on first use. */
static bl_status count_direct(bl_facets *s, size_t i, const top_list *tops, double budget,
                              const uint64_t *match, unsigned long need, bl_shard_match **sm,
                              ahead *ah, unsigned long *count)
{
    const dict_key *dk = &s->dict[i];
    if (likely_dense(s, dk)) {
        /* its bitmaps, when byline-index kept them */
        int found = 0;
        bl_status st = count_dense(s, dk, match, 0, sm, count, &found);
        if (st != BL_OK || found)
            return st;
        return count_lists(s, &i, &need, 1, match, count);
    }
    if (ahead_take(ah, i, count))
        return BL_OK;
    /* a new batch: key i and the next keys the walk would count from their lists that the
     * last batch left out */
    size_t keys[FACET_AHEAD_MAX], n = 1;
    unsigned long needs[FACET_AHEAD_MAX], counts[FACET_AHEAD_MAX];
    size_t room = 2 * FACET_AHEAD_MAX - (ah->n - ah->at); /* beside the keys still ahead */
    keys[0] = i;
    needs[0] = need;
    n += ahead_keys(s, i, tops, budget, ah, room < FACET_AHEAD_MAX ? room : FACET_AHEAD_MAX - 1,
                    keys + 1, needs + 1);
    bl_status st = count_lists(s, keys, needs, n, match, counts);
    if (st != BL_OK)
        return st;
    ahead_merge(ah, keys + 1, counts + 1, n - 1);
    *count = counts[0];
    return BL_OK;
}

/* Matching documents that name the key of p: p against the match bitmap (when `complement`,
 * the bitmap holds the documents that do NOT match: the key's documents less those). */
static unsigned long count_posts(const bl_facets *s, const key_posts *p, const uint64_t *match,
                                 int complement)
{
    unsigned long c = 0;
    if (p->bits) {
        size_t words = s->last / 64 + 1;
        for (size_t w = 0; w < words; w++)
            c += (unsigned long)__builtin_popcountll(p->bits[w] & match[w]);
    } else {
        for (size_t i = 0; i < p->n; i++) {
            xc_docid d = p->docids[i];
            c += d <= s->last && (match[d / 64] >> (d % 64) & 1);
        }
    }
    return complement ? p->n - c : c;
}

typedef struct bits_ctx {
    uint64_t *bits;
    xc_docid last;
    unsigned long n; /* bits set */
} bits_ctx;

static int set_bit(void *vctx, xc_docid d)
{
    bits_ctx *c = vctx;
    if (d <= c->last && !(c->bits[d / 64] >> (d % 64) & 1)) {
        c->bits[d / 64] |= 1ull << (d % 64);
        c->n++;
    }
    return 0;
}

/* Remote shards: every match through the matcher, one MSet a shard (xc_db_match_docids).
 * When the query matches most of the index, what crosses the network is the smaller side:
 * the documents that do NOT match (*complement = 1; counts are then a key's documents less
 * those), so a query matching 60% of the index sends 40% of it. */
static xc_status remote_bitmap(bl_facets *s, const xc_query *q, unsigned long ndocs,
                               uint64_t *b, unsigned long *matches, int *complement)
{
    xc_query *all = NULL, *not_q = NULL;
    bits_ctx c = {b, s->last, 0};
    xc_status xs = XC_OK;
    *complement = *matches > ndocs / 2; /* the page's estimate: either way is exact */
    if (*complement) {
        xs = xc_query_match_all(&all);
        xc_query *pair[2] = {all, (xc_query *)q};
        if (xs == XC_OK)
            xs = xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, &not_q);
    }
    if (xs == XC_OK)
        xs = xc_db_match_docids(s->db, *complement ? not_q : q, set_bit, &c);
    if (xs == XC_OK)
        *matches = *complement ? ndocs - c.n : c.n;
    xc_query_free(all);
    xc_query_free(not_q);
    return xs;
}

/* The match bitmap of q over revision s->last (malloc()ed, s->last / 64 + 1 words) and the
 * number of matches (on entry: the page's estimate).  Local shards: from the query's posting
 * lists when its operators allow (terms and Boolean set operations), else one pass of the
 * matcher with Boolean weights; remote shards: remote_bitmap, which may give the complement
 * (*complement = 1). */
static bl_status match_bitmap(bl_facets *s, const xc_query *q, unsigned long ndocs,
                              uint64_t **bits, unsigned long *matches, int *complement)
{
    *bits = NULL;
    *complement = 0;
    bl_status lst = know_locality(s);
    if (lst != BL_OK)
        return lst;
    xc_status xs = XC_OK;
    size_t words = s->last / 64 + 1;
    uint64_t *b = calloc(words, sizeof *b);
    xc_enquire *enq = NULL;
    if (!b)
        xs = XC_NO_MEMORY;
    else if (s->remote)
        xs = remote_bitmap(s, q, ndocs, b, matches, complement);
    else
        xs = xc_db_query_bits(s->db, q, (unsigned long long *)b, s->last, matches);
    if (xs == XC_UNSUPPORTED) { /* phrases, ranges...: the matcher decides */
        xs = xc_enquire_new_boolean(s->db, q, &enq);
        if (xs == XC_OK)
            xs = xc_enquire_match_bits(enq, (unsigned long long *)b, s->last, matches);
    }
    if (xs != XC_OK) {
        bl_set_message(s->error, s->error_size,
                       enq ? xc_enquire_last_error(enq) : xc_db_last_error(s->db));
        free(b);
        b = NULL;
    }
    xc_enquire_free(enq);
    *bits = b;
    return bl_status_from_xc(xs);
}

/* Forget the dictionary and the keys' documents (the revision's other notes stay). */
static void drop_dictionary(bl_facets *f)
{
    posts_free(f->posts, f->posts_kept ? f->dict_all : 0); /* one-shot: none, no pass */
    f->posts_kept = 0;
    dict_free(f->dict, f->dict_n);
    free(f->dict_rest);
    f->dict_rest = NULL;
    f->dict_rest_n = 0;
    f->dict_more = 0;
    f->dict_cut = 0;
    f->dict_all = 0;
    free(f->dict_keys);
    bl_dict_snapshot_free(f->dict_snap);
    bl_dict_snapshot_free(f->dict_heads);
    free(f->unsure);
    f->dict_keys = NULL;
    f->dict_snap = NULL;
    f->dict_heads = NULL;
    f->unsure = NULL;
    f->unsure_n = 0;
    f->heads_refuted = 0;
    f->posts = NULL;
    f->dict = NULL;
    f->dict_n = 0;
    f->posted = 0;
    f->last = 0;
}

/* The exact figures of key dk (unsure: bounds from the heads) from the index's term
 * frequencies, as the dictionary would hold them. */
static bl_status resolve_key(bl_facets *s, dict_key *dk)
{
    unsigned long docs[BL_ENTITY_NTYPES];
    int type = -1;
    bl_status st = bl_entity_evidence(s->db, dk->key, docs, &type);
    if (st != BL_OK) {
        bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
        return st;
    }
    dk->total = 0;
    for (int u = 0; u < BL_FACET_NTYPES; u++) {
        dk->tf[u] = (unsigned)docs[u];
        dk->total += docs[u];
    }
    dk->type = type;
    dk->unsure = 0;
    return BL_OK;
}

/* The dictionary, and room for its keys' cached documents, of the current revision. */
static bl_status ensure_dictionary(bl_facets *s)
{
    if (s->dict)
        return BL_OK;
    xc_status xs = xc_db_last_docid(s->db, &s->last);
    if (xs != XC_OK) {
        bl_set_message(s->error, s->error_size, xc_db_last_error(s->db));
        return bl_status_from_xc(xs);
    }
    bl_status st = load_dictionary(s);
    if (st == BL_OK && !(s->posts = calloc(s->dict_all ? s->dict_all : 1, sizeof *s->posts)))
        st = BL_ERR_NO_MEMORY;
    if (st != BL_OK)
        bl_facets_invalidate(s);
    return st;
}

/* The bounded walk.  *done = 0 when it gave up (over budget, unless `forced`): the spies
 * count instead. */
static bl_status bounded_facets(bl_facets *s, const xc_query *q, unsigned long matches,
                                const uint64_t *match, int complement, int forced,
                                const bl_search_options *o, bl_facet_result *r, int *done)
{
    /* remote, first walk of this revision: count keys not loaded yet directly */
    int cold = s->remote && s->walks == 0;
    int one_pass = !s->remote && s->started++ == 0; /* local, first: nothing kept */
    direct_counts direct = {.n = 0};
    /* the budget is time (ns): reading a key's documents for the cache is what costs;
     * counting cached ones is nearly free */
    double ns_budget = forced ? 1e300 : (double)matches * FACET_SPY_NS_PER_DOC, ns_spent = 0;
    double load_key = s->remote ? FACET_REMOTE_LOAD_NS_PER_KEY : FACET_LOAD_NS_PER_KEY;
    double load_posting = s->remote ? FACET_REMOTE_LOAD_NS_PER_POSTING
                                    : FACET_LOAD_NS_PER_POSTING;
    top_list tops[BL_FACET_NTYPES] = {{0}};
    bl_shard_match *sm = NULL; /* the match by shard, for dense keys' bitmaps */
    ahead ahead = {.n = 0}; /* one-shot: the counts of the walk's next keys */
    *done = 0;
    if (s->dict_heads && !one_pass)
        drop_dictionary(s); /* from the heads, for a walk that kept nothing: a later walk
                               loads and keeps keys, by exact figures */
    bl_status st = ensure_dictionary(s);
    dict_key *d = s->dict; /* s->dict_n keys in order, more by dict_extend (d stays) */
    unsigned types = 0; /* the types asked for, bit t = type t */
    for (int t = 0; t < BL_FACET_NTYPES && st == BL_OK; t++) {
        if ((tops[t].cap = o->facets[t]) && !(tops[t].v = calloc(tops[t].cap, sizeof(counted))))
            st = BL_ERR_NO_MEMORY;
        types |= (o->facets[t] != 0) << t;
    }
    for (size_t i = 0; st == BL_OK; i++) {
        if (i == s->dict_n && (s->dict_rest || s->dict_more) && (st = dict_extend(s)) != BL_OK)
            break;
        if (s->heads_refuted)
            goto out; /* a heads value lied: again, below */
        if (i >= s->dict_n)
            break;
        /* can this key, or any after it (no more frequent), still enter some list? */
        int any_open = 0, t = d[i].type;
        for (int u = 0; u < BL_FACET_NTYPES; u++)
            any_open |= top_open(&tops[u], d[i].total);
        if (!any_open)
            break;
        if (d[i].unsure) {
            /* its total is a bound and its type maybe unknown (-2): made exact when it can
             * still enter a list (of its type if known, else of any open type) */
            if (t == -1 || (t >= 0 && !top_open(&tops[t], d[i].total)))
                continue;
            if ((st = resolve_key(s, &d[i])) != BL_OK)
                break;
            t = d[i].type;
        }
        if (t < 0 || !top_open(&tops[t], d[i].total) ||
            bl_entity_key_is_generic(d[i].key, strlen(d[i].key)))
            continue;
        unsigned long c = 0;
        key_posts *p = &s->posts[i];
        int dense = 0; /* counted from its bitmaps (cold, remote) */
        if (!p->loaded && cold && s->dict_snap && likely_dense(s, &d[i])) {
            /* a round trip a shard for the bitmaps byline-index kept, where a batch sends
             * each matching document that names any of its keys */
            ns_spent += FACET_REMOTE_DENSE_NS;
            if (ns_spent > ns_budget)
                goto out; /* the spies are cheaper */
            st = count_dense(s, &d[i], match, complement, &sm, &c, &dense);
        }
        if (dense || st != BL_OK) {
            /* counted, or failed */
        } else if (!p->loaded && cold) {
            size_t at = 0;
            while (at < direct.n && direct.keys[at] != i)
                at++;
            if (at == direct.n) {
                ns_spent += load_key;
                if (ns_spent > ns_budget)
                    goto out; /* the spies are cheaper */
                st = remote_batch(s, i, types, q, &direct);
                at = 0; /* key i is the batch's first */
            }
            if (st == BL_OK)
                c = direct.counts[at];
        } else if (!p->loaded && one_pass) {
            /* a count below the last of a full list cannot enter it (an equal one may, by its
             * key): the reading stops once the key can no longer reach that */
            unsigned long need = tops[t].n == tops[t].cap ? tops[t].v[tops[t].n - 1].count : 0;
            /* charged as loading and then counting the key would be, so that the walk and
             * the spies share the work as when keys are kept */
            size_t words = s->last / 64 + 1;
            ns_spent += load_key + (double)d[i].total * load_posting;
            ns_spent += d[i].total * 2 > words ? (double)words * 2
                                               : (double)d[i].total * FACET_COUNT_NS_PER_POSTING;
            if (ns_spent > ns_budget)
                goto out; /* the spies are cheaper */
            st = count_direct(s, i, tops, ns_budget - ns_spent, match, need, &sm, &ahead, &c);
        } else if (!p->loaded) {
            ns_spent += load_key + (double)d[i].total * load_posting;
            if (ns_spent > ns_budget || s->posted + d[i].total > FACET_POSTS_MAX)
                goto out; /* the spies are cheaper (or the cache is full) */
            st = s->remote ? remote_batch(s, i, types, NULL, NULL) : load_posts(s, &d[i], p);
        }
        if (st == BL_OK && p->loaded) {
            ns_spent += p->bits ? (double)(s->last / 64 + 1) * 2
                                : (double)p->n * FACET_COUNT_NS_PER_POSTING;
            if (ns_spent > ns_budget)
                goto out;
            c = count_posts(s, p, match, complement);
        }
        /* a lone given name many people share is not listed: looked up (its aliases) only
         * when it would enter its list, counting being cheaper than the look-up */
        int hidden = 0;
        if (st == BL_OK && c && t == BL_FACET_PERSON &&
            (tops[t].n < tops[t].cap || c >= tops[t].v[tops[t].n - 1].count))
            st = given_hidden(s, d[i].key, t, &hidden);
        if (st == BL_OK && c && !hidden)
            top_insert(&tops[t], &(counted){d[i].key, c, 0, t, &d[i].name});
    }
    if (st == BL_OK && s->remote) { /* the lists' names at once */
        size_t n = 0, all = 0;
        for (int t = 0; t < BL_FACET_NTYPES; t++)
            all += tops[t].n;
        counted **items = malloc((all ? all : 1) * sizeof *items);
        for (int t = 0; t < BL_FACET_NTYPES && items; t++)
            for (size_t i = 0; i < tops[t].n; i++)
                items[n++] = &tops[t].v[i];
        st = items ? prefetch_names(s, items, n) : BL_ERR_NO_MEMORY;
        free(items);
    }
    for (int t = 0; t < BL_FACET_NTYPES && st == BL_OK; t++) {
        if (!tops[t].cap)
            continue;
        bl_facet_list *fl = &r->facets[t];
        if (!(fl->items = calloc(tops[t].cap, sizeof(bl_facet))) ||
            !(fl->strings = calloc(2 * tops[t].cap, sizeof(char *)))) {
            st = BL_ERR_NO_MEMORY;
            break;
        }
        for (size_t i = 0; i < tops[t].n && st == BL_OK; i++)
            st = place_facet(s, fl, &tops[t].v[i]);
    }
    *done = 1;
    s->walks++;
out:
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        free(tops[t].v);
    bl_shard_match_free(sm);
    if (st == BL_OK && s->heads_refuted) {
        /* what the heads put in order may be wrong: the walk again, as a later walk, from
         * the whole snapshots (no heads are read after the first walk) */
        drop_dictionary(s);
        return bounded_facets(s, q, matches, match, complement, forced, o, r, done);
    }
    return st;
}

/* Facets of a format-4 index: the bounded walk (counting from the match bitmap and cached
 * key documents, local or remote shards) while within its budget, else the spies (counting
 * during a second match over every document, on the enquire of the page).
 * BYLINE_FACET_BOUND_MIN (tests) forces the walk, whatever its budget, for matches of at
 * least that many, the spies below. */
static bl_status slot_facets(bl_facets *s, xc_enquire *enq, const xc_query *q, xc_mset *page,
                             unsigned long ndocs, const bl_search_options *o, bl_facet_result *r)
{
    const char *env = getenv("BYLINE_FACET_BOUND_MIN"); /* tests force either way */
    unsigned long bound_min = env && *env ? strtoul(env, NULL, 10) : FACET_BOUND_MIN;
    bl_status st = BL_OK;
    unsigned long matches = xc_mset_matches_estimated(page);
    uint64_t *match = NULL;
    int complement = 0;
    if (!env || matches >= bound_min) {
        st = ensure_dictionary(s);
        if (st == BL_OK)
            st = match_bitmap(s, q, ndocs, &match, &matches, &complement);
        if (st != BL_OK)
            return st;
        int done = 0;
        st = bounded_facets(s, q, matches, match, complement, env != NULL, o, r, &done);
        free(match);
        if (st == BL_OK && done) { /* the bitmap pass saw every match */
            r->total = matches;
            r->total_exact = 1;
        }
        if (st != BL_OK || done)
            return st;
    }
    xc_mset *all = NULL;
    xc_status xs = add_facet_spies(enq);
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(enq, 0, 0, (unsigned)ndocs, &all);
    if (xs != XC_OK) {
        bl_set_message(s->error, s->error_size, xc_enquire_last_error(enq));
        return bl_status_from_xc(xs);
    }
    r->total = xc_mset_matches_estimated(all);
    r->total_exact = 1;
    xc_mset_free(all);
    return facets_from_spies(s, enq, o, r);
}

/* ---- the module's face ----------------------------------------------------------------- */

bl_facets *bl_facets_new(xc_db *db, char *error, size_t error_size)
{
    bl_facets *f = calloc(1, sizeof *f);
    if (f) {
        f->db = db;
        f->error = error;
        f->error_size = error_size;
    }
    return f;
}

void bl_facets_invalidate(bl_facets *f)
{
    if (!f)
        return;
    drop_dictionary(f);
    f->remote = f->local = 0; /* a reopened stub may list other shards */
    f->walks = 0;
    f->started = 0;
    notes_free(&f->notes);
}

void bl_facets_free(bl_facets *f)
{
    bl_facets_invalidate(f);
    free(f);
}

int bl_facets_wanted(const bl_search_options *o)
{
    int any = 0;
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        any |= o->facets[t] != 0;
    return any;
}

bl_status bl_facets_compute(bl_facets *f, int format, xc_enquire *enq, const xc_query *q,
                            xc_mset *page, unsigned long ndocs, const bl_search_options *o,
                            bl_facet_result *r)
{
    if (!bl_facets_wanted(o))
        return BL_OK;
    if (format >= 4)
        return slot_facets(f, enq, q, page, ndocs, o, r);
    return compute_facets(f, q, o, r); /* an index older than format 4: term lists */
}

void bl_facet_list_clear(bl_facet_list *fl)
{
    for (size_t i = 0; i < fl->n_strings; i++)
        free(fl->strings[i]);
    free(fl->strings);
    free(fl->items);
    memset(fl, 0, sizeof *fl);
}

char *bl_search_entity_name(xc_db *db, xc_docid docid, int type, const char *key)
{
    return type >= 0 && type < BL_FACET_NTYPES ? display_name(db, docid, type, key)
                                               : strdup(key);
}
