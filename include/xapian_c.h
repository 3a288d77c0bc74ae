/* SPDX-License-Identifier: GPL-2.0-or-later */
/* xapian_c.h — Byline's thin C binding of libxapian.
 *
 * Everything in Byline above this header is C; this header and lib/xapian_c.cc are the only
 * place where C++ is spoken.  The binding follows three rules:
 *
 *  1. Opaque handles, one prefix per object: xc_wdb (writable index), xc_db (read-only index,
 *     possibly many sub-databases searched as one, local or remote), xc_doc (a document being
 *     built), xc_query (an immutable query tree), xc_enquire (a search session), xc_mset (one
 *     page of results).
 *  2. Every call that can fail returns an xc_status.  No C++ exception ever crosses into C:
 *     each entry point catches Xapian::Error (mapped to a specific status), std::bad_alloc
 *     (XC_NO_MEMORY) and `...` (XC_INTERNAL).  Handles that live long (xc_wdb, xc_db,
 *     xc_enquire) keep the last error's message, read with *_last_error(); calls that create
 *     a handle hand the message back through `char **err` (caller frees, may be NULL).
 *  3. Ownership is written at every function.  Strings returned through `char **` are
 *     malloc()ed and owned by the caller (free()).  Pointers returned as `const char *` belong
 *     to the handle and stay valid until the next call on that handle or its destruction.
 *     Results are delivered through callbacks where iteration is involved, so no C++ iterator
 *     lifetime leaks into C.
 *
 * Terms are byte strings (Xapian allows up to 245 bytes per term in the glass backend; longer
 * terms make add/replace fail with XC_INVALID_ARGUMENT).  Document ids are Xapian docids
 * (1-based, per combined database).
 */
#ifndef BYLINE_XAPIAN_C_H
#define BYLINE_XAPIAN_C_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum xc_status {
    XC_OK = 0,
    XC_NOT_FOUND,        /* database, document, value or metadata key absent */
    XC_LOCKED,           /* Xapian::DatabaseLockError: another writer holds the index */
    XC_CORRUPT,          /* Xapian::DatabaseCorruptError */
    XC_VERSION,          /* Xapian::DatabaseVersionError: index format too old or too new */
    XC_OPENING,          /* Xapian::DatabaseOpeningError: not an index, unreadable path */
    XC_IO,               /* other Xapian::DatabaseError, disk full, file system errors */
    XC_MODIFIED,         /* Xapian::DatabaseModifiedError: reopen the xc_db and retry */
    XC_NETWORK,          /* Xapian::NetworkError (incl. timeouts) talking to a remote shard */
    XC_INVALID_ARGUMENT, /* NULL handle, bad value, Xapian::InvalidArgumentError */
    XC_UNSUPPORTED,      /* Xapian::FeatureUnavailableError, Xapian::UnimplementedError */
    XC_NO_MEMORY,        /* std::bad_alloc or malloc failure */
    XC_INTERNAL          /* any other exception: a bug */
} xc_status;

/* A static, human-readable name for a status ("index is locked", ...).  Never NULL. */
const char *xc_status_to_string(xc_status status);

/* Xapian's library version string (static). */
const char *xc_version_string(void);

typedef struct xc_wdb xc_wdb;
typedef struct xc_db xc_db;
typedef struct xc_doc xc_doc;
typedef struct xc_query xc_query;
typedef struct xc_enquire xc_enquire;
typedef struct xc_mset xc_mset;
typedef unsigned int xc_docid;

/* ------------------------------------------------------------------------------------------ */
/* Writable index                                                                              */

typedef enum xc_open_mode {
    XC_CREATE_OR_OPEN = 0, /* open, creating the index when absent */
    XC_OPEN = 1,           /* open an existing index: XC_OPENING/XC_NOT_FOUND if absent */
    XC_CREATE = 2          /* create: fails if an index already exists (XC_IO, from
                              Xapian::DatabaseCreateError) */
} xc_open_mode;

/* Open the index at `path` for writing (glass backend).  Takes Xapian's exclusive writer lock:
 * a second writer gets XC_LOCKED with a message naming the path.  On success *out is a new
 * handle owned by the caller (xc_wdb_close).  On failure *out is NULL and, if err is not NULL,
 * *err is a malloc()ed message the caller frees. */
xc_status xc_wdb_open(const char *path, xc_open_mode mode, xc_wdb **out, char **err);

/* Close the index and free the handle.  Pending changes outside a transaction are committed
 * (Xapian semantics); an open transaction is cancelled.  NULL is a no-op.  Returns the status
 * of the implicit commit. */
xc_status xc_wdb_close(xc_wdb *wdb);

/* Message of the last failed call on this handle ("" if none).  Owned by the handle. */
const char *xc_wdb_last_error(const xc_wdb *wdb);

/* Explicit transactions.  begin: changes after it are held until commit (flushed=1: written
 * as one atomic commit) or thrown away by cancel.  commit without a transaction commits
 * pending changes (Xapian::WritableDatabase::commit).  begin inside a transaction, or cancel
 * outside one, gives XC_INVALID_ARGUMENT (Xapian::InvalidOperationError). */
xc_status xc_wdb_begin(xc_wdb *wdb);
xc_status xc_wdb_commit(xc_wdb *wdb);
xc_status xc_wdb_cancel(xc_wdb *wdb);

/* Add or replace the document indexed by boolean term `unique_term` (e.g. "Qid").  The doc
 * remains owned by the caller.  *docid_out (may be NULL) receives the docid used. */
xc_status xc_wdb_replace(xc_wdb *wdb, const char *unique_term, const xc_doc *doc,
                         xc_docid *docid_out);
/* Add a document without checking uniqueness. */
xc_status xc_wdb_add(xc_wdb *wdb, const xc_doc *doc, xc_docid *docid_out);
/* Delete every document indexed by `unique_term` (no error if none). */
xc_status xc_wdb_delete(xc_wdb *wdb, const char *unique_term);
/* *exists = 1 if some document is indexed by `term`. */
xc_status xc_wdb_term_exists(xc_wdb *wdb, const char *term, int *exists);
xc_status xc_wdb_doc_count(xc_wdb *wdb, unsigned long *count);

/* Metadata (user key/value pairs stored in the index).  get: *value malloc()ed, owned by the
 * caller, NUL-terminated, *len (may be NULL) its length; a missing key gives XC_OK with
 * *value = "" (empty), as Xapian does. */
xc_status xc_wdb_set_metadata(xc_wdb *wdb, const char *key, const char *value, size_t len);
xc_status xc_wdb_get_metadata(xc_wdb *wdb, const char *key, char **value, size_t *len);

/* Spelling dictionary: add `word` with frequency increment `freqinc`. */
xc_status xc_wdb_add_spelling(xc_wdb *wdb, const char *word, unsigned freqinc);

/* Read one stored value / the data of the document indexed by `unique_term` (the first such
 * document, if several).  XC_NOT_FOUND if there is no such document; an unset value slot is
 * XC_OK with "" (Xapian does not distinguish empty from absent values).  *out malloc()ed,
 * NUL-terminated, owned by the caller; *len (may be NULL) its length.  Uncommitted changes
 * made through this handle are visible. */
xc_status xc_wdb_get_value_by_term(xc_wdb *wdb, const char *unique_term, unsigned slot,
                                   char **out, size_t *len);
/* Added: the data of the document indexed by `unique_term`; as xc_wdb_get_value_by_term. */
xc_status xc_wdb_get_data_by_term(xc_wdb *wdb, const char *unique_term, char **out,
                                  size_t *len);

/* ------------------------------------------------------------------------------------------ */
/* Documents                                                                                   */
/* Terms must not be NULL; an empty term (len 0) is rejected by Xapian (XC_INVALID_ARGUMENT).
 * value/data may be NULL when len is 0. */

/* New empty document, owned by the caller (xc_doc_free). */
xc_status xc_doc_new(xc_doc **out);
void xc_doc_free(xc_doc *doc);
/* Positional posting of term (len bytes) at `pos`, wdf increased by wdfinc. */
xc_status xc_doc_add_posting(xc_doc *doc, const char *term, size_t len, unsigned pos,
                             unsigned wdfinc);
/* Non-positional term, wdf increased by wdfinc. */
xc_status xc_doc_add_term(xc_doc *doc, const char *term, size_t len, unsigned wdfinc);
/* Boolean (filter) term: wdf 0. */
xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term, size_t len);
xc_status xc_doc_set_value(xc_doc *doc, unsigned slot, const char *value, size_t len);
xc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len);

/* ------------------------------------------------------------------------------------------ */
/* Read-only databases: one or several indexes searched as one                                 */

/* Open a local index directory or a Xapian stub file (which may list local and remote
 * databases).  A missing path, or a directory holding no index, gives XC_NOT_FOUND.  *out
 * owned by the caller (xc_db_close). */
xc_status xc_db_open(const char *path, xc_db **out, char **err);
/* Open a database served by xapian-tcpsrv.  timeout_ms: per-operation timeout (0 = Xapian's
 * default, 10000 ms); connect_timeout_ms: connection timeout (0 = same as timeout).  A refused
 * connection or a timeout gives XC_NETWORK. */
xc_status xc_db_open_tcp(const char *host, unsigned port, unsigned timeout_ms,
                         unsigned connect_timeout_ms, xc_db **out, char **err);
/* Open a database served by a program speaking Xapian's remote protocol on stdin/stdout,
 * e.g. program "ssh", args "host xapian-progsrv /path" (or "xapian-progsrv", "/path"). */
xc_status xc_db_open_prog(const char *program, const char *args, unsigned timeout_ms,
                          xc_db **out, char **err);
/* An empty combined database, to which sub-databases are added. */
xc_status xc_db_new(xc_db **out);
/* Add the sub-databases of `sub` to `db` (so they are searched as one).  `sub` stays owned by
 * the caller and may be closed afterwards. */
xc_status xc_db_add(xc_db *db, const xc_db *sub);
void xc_db_close(xc_db *db);
const char *xc_db_last_error(const xc_db *db);
/* Reopen to see the latest commit. */
xc_status xc_db_reopen(xc_db *db);
/* Added: as xc_db_reopen; *changed (may be NULL) = 1 if the database may now be at a newer
 * revision (Xapian's reopen() result). */
xc_status xc_db_reopen_changed(xc_db *db, int *changed);

xc_status xc_db_doc_count(xc_db *db, unsigned long *count);
xc_status xc_db_avlength(xc_db *db, double *avlength);
xc_status xc_db_term_freq(xc_db *db, const char *term, unsigned long *freq);
xc_status xc_db_collection_freq(xc_db *db, const char *term, unsigned long *freq);
xc_status xc_db_term_exists(xc_db *db, const char *term, int *exists);
xc_status xc_db_get_metadata(xc_db *db, const char *key, char **value, size_t *len);
/* Data / one value slot of a document.  XC_NOT_FOUND for a missing docid (or docid 0); an
 * unset value slot is XC_OK with "" (as for metadata).  *data / *value malloc()ed,
 * NUL-terminated, owned by the caller; *len may be NULL. */
xc_status xc_db_get_data(xc_db *db, xc_docid docid, char **data, size_t *len);
xc_status xc_db_get_value(xc_db *db, xc_docid docid, unsigned slot, char **value, size_t *len);
/* Spelling suggestion for `word` (max edit distance 2); *out "" if none.  Caller frees. */
xc_status xc_db_spelling_suggestion(xc_db *db, const char *word, char **out);

/* Iteration callbacks: return 0 to go on, non-zero to stop (the value is passed back as
 * *stopped_with if the function takes that argument, otherwise ignored). */
typedef int (*xc_term_cb)(void *ctx, const char *term, size_t len, unsigned long termfreq);
/* Every term in the database starting with `prefix` (in byte order).  For both functions a
 * NULL or "" prefix means every term; cb must not be NULL. */
xc_status xc_db_allterms(xc_db *db, const char *prefix, xc_term_cb cb, void *ctx);
/* Every term of document `docid` starting with `prefix`; termfreq argument = the term's wdf.
 * XC_NOT_FOUND for a missing docid. */
xc_status xc_db_termlist(xc_db *db, xc_docid docid, const char *prefix, xc_term_cb cb,
                         void *ctx);

/* ------------------------------------------------------------------------------------------ */
/* Queries: immutable, reference-counted inside; every constructor returns a new handle owned
 * by the caller (xc_query_free).  Combinators copy their sub-queries: the caller still owns
 * and frees them. */

typedef enum xc_query_op {
    XC_OP_AND,
    XC_OP_OR,
    XC_OP_AND_NOT,
    XC_OP_XOR,
    XC_OP_AND_MAYBE,
    XC_OP_FILTER,
    XC_OP_NEAR,     /* parameter = window */
    XC_OP_PHRASE,   /* parameter = window (0 = number of sub-queries) */
    XC_OP_ELITE_SET,/* parameter = set size (0 = Xapian's default) */
    XC_OP_SYNONYM,
    XC_OP_MAX       /* Xapian's OP_MAX: matches like OR, weight = the largest sub-query weight
                       (an operator, not a count of the operators) */
} xc_query_op;

/* A term query; len 0 (the empty term) matches every document, as in Xapian.  combine:
 * n == 0 gives a query matching nothing; subs (n entries) must not be NULL nor contain NULL;
 * an op outside xc_query_op gives XC_INVALID_ARGUMENT.  `parameter` is ignored by the ops that
 * take none. */
xc_status xc_query_term(const char *term, size_t len, unsigned wqf, unsigned pos,
                        xc_query **out);
xc_status xc_query_combine(xc_query_op op, xc_query *const *subs, size_t n,
                           unsigned parameter, xc_query **out);
/* Query matching documents whose value in `slot` is within [lo, hi] (byte-wise comparison);
 * lo or hi NULL means open-ended (both NULL: every document, Xapian's rule for an empty
 * lower bound). */
xc_status xc_query_value_range(unsigned slot, const char *lo, const char *hi, xc_query **out);
/* Terms starting with `prefix` (the wildcard expansion), OR-ed (matched as OR, weighted as one
 * term: Xapian's default OP_SYNONYM combiner); at most max_expansion terms
 * (0 = no limit); more terms than that gives XC_INVALID_ARGUMENT at search time (Xapian's
 * WILDCARD_LIMIT_ERROR, chosen over WILDCARD_LIMIT_MOST_FREQUENT so that a too-broad prefix is
 * reported rather than silently answered from a subset; the limit applies per shard). */
xc_status xc_query_wildcard(const char *prefix, unsigned max_expansion, xc_query **out);
/* Scale the weight of `sub` by factor (>= 0, finite; otherwise XC_INVALID_ARGUMENT). */
xc_status xc_query_scale(const xc_query *sub, double factor, xc_query **out);
xc_status xc_query_match_all(xc_query **out);
xc_status xc_query_match_nothing(xc_query **out);
/* 1 if the query matches nothing by construction (Xapian's Query::empty()); 1 for NULL. */
int xc_query_is_empty(const xc_query *q);
/* A description of the query (Xapian's get_description()); caller frees.  NULL on OOM or
 * for a NULL query. */
char *xc_query_describe(const xc_query *q);
void xc_query_free(xc_query *q);

/* ------------------------------------------------------------------------------------------ */
/* Enquire and results                                                                         */

typedef enum xc_weighting {
    XC_WEIGHT_BM25,     /* params: k1, k2, k3, b, min_normlen (NULL = Xapian defaults) */
    XC_WEIGHT_BM25PLUS, /* params: k1, k2, k3, b, min_normlen, delta */
    XC_WEIGHT_DPH,      /* no params */
    XC_WEIGHT_LM,       /* params: param_log, select_smoothing, smoothing1, smoothing2;
                           select_smoothing is Xapian's Weight::type_smoothing number:
                           0 or 1 = TWO_STAGE (default), 2 = DIRICHLET, 3 = ABSOLUTE_DISCOUNT,
                           4 = JELINEK_MERCER, 5 = DIRICHLET_PLUS; negative smoothing1/2 =
                           Xapian's defaults */
    XC_WEIGHT_TFIDF,    /* no params (default normalisation "ntn") */
    XC_WEIGHT_BOOL      /* no params: all weights 0 */
} xc_weighting;

/* New enquire over `db` (which must outlive it); owned by the caller (xc_enquire_free). */
xc_status xc_enquire_new(xc_db *db, xc_enquire **out);
/* New enquire over `db` matching q with Boolean weights (every match weighs 0: for counting
 * and enumerating matches, not ranking).  On failure *out is NULL and the message is db's. */
xc_status xc_enquire_new_boolean(xc_db *db, const xc_query *q, xc_enquire **out);
void xc_enquire_free(xc_enquire *enq);
const char *xc_enquire_last_error(const xc_enquire *enq);
xc_status xc_enquire_set_query(xc_enquire *enq, const xc_query *q);
/* params NULL: the scheme's defaults.  Otherwise the first nparams parameters are given (the
 * rest take their defaults); more parameters than the scheme has gives XC_INVALID_ARGUMENT. */
xc_status xc_enquire_set_weighting(xc_enquire *enq, xc_weighting w, const double *params,
                                   size_t nparams);
/* Sort by value slot (reverse: descending), with relevance as tie-break when
 * relevance_second is set; xc_enquire_sort_by_relevance restores the default. */
xc_status xc_enquire_sort_by_value(xc_enquire *enq, unsigned slot, int reverse,
                                   int relevance_second);
xc_status xc_enquire_sort_by_relevance(xc_enquire *enq);
/* Keep at most `max` documents per value of `slot` (max 0 = no collapsing). */
xc_status xc_enquire_set_collapse_key(xc_enquire *enq, unsigned slot, unsigned max);
/* Run the search: hits [first, first+maxitems); checkatleast makes counts exact up to that
 * number (pass the doc count for exact totals).  *out owned by the caller (xc_mset_free). */
xc_status xc_enquire_get_mset(xc_enquire *enq, unsigned first, unsigned maxitems,
                              unsigned checkatleast, xc_mset **out);

typedef struct xc_hit {
    xc_docid docid;
    unsigned rank;      /* 0-based rank in the whole result list */
    double weight;
    int percent;
    const char *data;   /* the document's data (owned by the mset, valid during the callback) */
    size_t data_len;
} xc_hit;
typedef int (*xc_hit_cb)(void *ctx, const xc_hit *hit);

unsigned xc_mset_size(const xc_mset *mset);
unsigned long xc_mset_matches_estimated(const xc_mset *mset);
unsigned long xc_mset_matches_lower_bound(const xc_mset *mset);
unsigned long xc_mset_matches_upper_bound(const xc_mset *mset);
/* Fetch the i-th hit of the page (0 <= i < size) into *hit (data valid until the mset is
 * freed or the next xc_mset_get on it). */
xc_status xc_mset_get(xc_mset *mset, unsigned i, xc_hit *hit);
/* Call cb for each hit in rank order; stops early if cb returns non-zero.  Every hit's
 * document is fetched first and kept (for xc_mset_get_value): over single shards of which
 * some are remote (xc_db_open_tcp/_prog, xc_db_add), each shard's in its own thread. */
xc_status xc_mset_foreach(xc_mset *mset, xc_hit_cb cb, void *ctx);
/* As xc_mset_foreach, without fetching the documents: hit->data is "" (length 0).  For
 * callers that need only docids (facet counting over a whole match set; on a remote shard a
 * document fetch is a network round trip). */
xc_status xc_mset_foreach_docid(xc_mset *mset, xc_hit_cb cb, void *ctx);
/* Value in `slot` of the i-th hit; caller frees *value. */
xc_status xc_mset_get_value(xc_mset *mset, unsigned i, unsigned slot, char **value,
                            size_t *len);
void xc_mset_free(xc_mset *mset);

/* Added: count values during matching with Xapian's ValueCountMatchSpy (a built-in spy, so
 * remote shards count where the data is and the counts are merged).  add: before
 * xc_enquire_get_mset, count the values of `slot` over every document the match considers
 * (pass checkatleast = the document count to see them all); *index (may be NULL) names the
 * counter.  counts: after get_mset, call cb(ctx, value, len, documents) for each distinct
 * non-empty value, in byte order (the value is not NUL-terminated). */
xc_status xc_enquire_add_value_count(xc_enquire *enq, unsigned slot, unsigned *index);
xc_status xc_enquire_value_counts(xc_enquire *enq, unsigned index, xc_term_cb cb, void *ctx);
/* Added: the index-wide document frequency of `term` as gathered for the query of the mset
 * (Xapian's MSet::get_termfreq): for a query's own terms this costs nothing more, even over
 * remote shards, so many term frequencies are fetched in one search (a query OR-ing them, 0
 * hits asked for) instead of one round trip each. */
xc_status xc_mset_termfreq(xc_mset *mset, const char *term, size_t len, unsigned long *freq);

/* ------------------------------------------------------------------------------------------ */
/* Maintenance                                                                                 */

/* Compact the databases at `sources` (n paths: index directories or stub files) into one
 * new index at `dest` (Xapian::Compactor, multipass).  Docids are renumbered (sources are
 * concatenated in the order given), since shards have overlapping docid ranges.  A missing
 * source gives XC_NOT_FOUND.  err as for xc_wdb_open. */
xc_status xc_compact(const char *const *sources, size_t n, const char *dest, char **err);


/* ------------------------------------------------------------------------------------------ */
/* Analyst views (more like this, expansion, collapse, timelines): Xapian's relevance-feedback
 * expand set, its built-in ValueCountMatchSpy (which, unlike a custom MatchSpy, is serialised
 * to remote shards). */

/* Weighted term of an expand set: return 0 to go on, non-zero to stop. */
typedef int (*xc_eset_cb)(void *ctx, const char *term, size_t len, double weight);
/* The expand set (Xapian::Enquire::get_eset) of the relevance set `rset` (n docids, n > 0):
 * the at most `maxitems` terms that best tell those documents from the whole database, best
 * first.  Only terms of exactly `prefix` are considered: the prefix followed by a byte that is
 * not an ASCII capital (so "Z" takes "Zword" but not "ZSword"); NULL or "" means every term.
 * exclude_query_terms: leave out the terms of the enquire's query.  cb must not be NULL. */
xc_status xc_enquire_get_eset(xc_enquire *enq, const xc_docid *rset, size_t n,
                              unsigned maxitems, const char *prefix, int exclude_query_terms,
                              xc_eset_cb cb, void *ctx);
/* Count, over the whole match set of the enquire's query (checkatleast documents are checked:
 * pass the database size for an exact count), the documents per value of `slot` with
 * Xapian::ValueCountMatchSpy.  cb receives each distinct non-empty value (as `term`, in byte
 * order) and its document count; *matches (may be NULL) the number of matching documents. */
xc_status xc_enquire_count_values(xc_enquire *enq, unsigned slot, unsigned long checkatleast,
                                  xc_term_cb cb, void *ctx, unsigned long *matches);
/* Number of documents with a non-empty value in `slot`. */
xc_status xc_db_value_freq(xc_db *db, unsigned slot, unsigned long *freq);
/* The docid of the first document indexed by `term`: XC_NOT_FOUND if there is none. */
xc_status xc_db_docid_by_term(xc_db *db, const char *term, xc_docid *docid);

/* ------------------------------------------------------------------------------------------ */
/* Added: the match set as a bitmap, and posting lists (exact entity facets on local shards,
 * lib/facets.c).  Local only: a custom MatchSpy cannot be sent to a remote shard. */

/* The highest docid in use (of the combined database: shards' docids interleave). */
xc_status xc_db_last_docid(xc_db *db, xc_docid *last);
/* *local = 1 when every shard of db is local (0: one is remote, where a custom match spy
 * cannot go: bitmaps and posting lists would have to cross the network). */
xc_status xc_db_all_local(xc_db *db, int *local);
/* The match set of q as a bitmap (as xc_enquire_match_bits), computed from posting lists
 * without the matcher: for queries of terms, match-all/nothing, AND, OR, AND_NOT,
 * AND_MAYBE, FILTER, SYNONYM, MAX and SCALE_WEIGHT only; XC_UNSUPPORTED (nothing set) for
 * any other (phrases, NEAR, value ranges, wildcards...).  Local databases only: on a remote
 * shard every posting would cross the network.  Posting lists are read shard by shard when
 * db was built from single shards (as xc_db_count_postings). */
xc_status xc_db_query_bits(xc_db *db, const xc_query *q, unsigned long long *bits,
                           xc_docid last, unsigned long *matches);
/* Run the enquire's query over every document (give the enquire XC_WEIGHT_BOOL first,
 * weights are not needed) and set bit d of bits (bits[d / 64], bit d % 64) for every
 * matching docid d <= `last`; bits holds last / 64 + 1 words, cleared by the caller.
 * *matches: how many matched.  Every match is an MSet item (a match spy would see a shard's
 * own docid, not the combined one): meant for local databases (xc_db_all_local).  Any query. */
xc_status xc_enquire_match_bits(xc_enquire *enq, unsigned long long *bits, xc_docid last,
                                unsigned long *matches);
/* A docid of a posting list: return 0 to go on, non-zero to stop. */
typedef int (*xc_docid_cb)(void *ctx, xc_docid docid);
/* Call cb for every document indexed by term (len bytes), in docid order; none if the term
 * is absent. */
xc_status xc_db_postlist(xc_db *db, const char *term, size_t len, xc_docid_cb cb, void *ctx);
/* *count: how many documents of the union of the posting lists of terms[0..n) (lens[i]
 * bytes each) have their bit set in bits (as xc_db_query_bits: combined docids <= last).  Read
 * shard by shard when db was built from single shards (each shard's own list, its docids
 * mapped to the combined ones: about half the cost of the combined list), else through db.
 * Nothing is kept: for a count needed once (a one-shot faceted search). */
xc_status xc_db_count_postings(xc_db *db, const char *const *terms, const size_t *lens,
                               size_t n, const unsigned long long *bits, xc_docid last,
                               unsigned long *count);
/* As xc_db_count_postings, but a count below `need` comes back as 0, and the reading stops
 * as soon as the count can no longer reach need.  `postings`: how many postings the n lists
 * hold together, as the caller knows them (a one-shot faceted search: the entity
 * dictionary); the bound is the matches so far plus the postings not yet read, so an
 * understated total could stop a count that would have reached need (a count is never
 * stopped once the total is used up), an overstated one only stops later.  need 0: exactly xc_db_count_postings. */
xc_status xc_db_count_postings_min(xc_db *db, const char *const *terms, const size_t *lens,
                                   size_t n, const unsigned long long *bits, xc_docid last,
                                   unsigned long postings, unsigned long need,
                                   unsigned long *count);
/* One key of xc_db_count_keys: the union of the posting lists of terms[0..n) (lens[i] bytes
 * each), `postings` and `need` as xc_db_count_postings_min's; `count` is set. */
typedef struct xc_key_count {
    const char *const *terms;
    const size_t *lens;
    size_t n;
    unsigned long postings, need;
    unsigned long count;
} xc_key_count;
/* keys[k].count for k < n, each what xc_db_count_postings_min gives for that key, read
 * together: in rounds (every key's first term, then its second...; give a key's longest
 * lists first, they stop it soonest), each round shard by shard in term order, so that
 * neighbouring lists share the blocks read from disk (a one-shot faceted search counts the
 * next keys of its walk this way); a key stopped below its need reads no more lists.  A key
 * with no terms (n 0) or only absent ones counts 0; n 0 reads nothing.
 * Ownership: keys and the arrays they point to stay the caller's; only each keys[k].count
 * is written, and only on XC_OK (on failure every count is left as it was).  Nothing is kept.
 * Errors: XC_INVALID_ARGUMENT for a NULL db, keys (n > 0) or bits, or a key with n > 0 and
 * NULL terms, lens or terms[i] (the message names the key and term); XC_NO_MEMORY; Xapian's
 * errors as everywhere (XC_IO, XC_CORRUPT, XC_MODIFIED, XC_NETWORK...); message in
 * xc_db_last_error(db).
 * Meant for local shards: on a remote one the counts are the same, but every posting list
 * crosses the network whole, and finding a list first (term_exists, which is what lets
 * neighbouring local lists share blocks) costs a further round trip a list. */
xc_status xc_db_count_keys(xc_db *db, xc_key_count *keys, size_t n,
                           const unsigned long long *bits, xc_docid last);

/* Added: every match of a query with the matcher, for remote shards (lib/facets.c). */

/* Call cb with the (combined) docid of every document matching q, in no particular order,
 * until it returns non-zero.  One Boolean pass of the matcher over every match, each match an
 * MSet item; shard by shard when db was built by xc_db_add from single shards (a remote
 * shard's items are then read as they come, not merged into one MSet).  Any query, any
 * database; on remote shards far cheaper than xc_db_postlist (which Xapian sends one
 * posting a message). */
xc_status xc_db_match_docids(xc_db *db, const xc_query *q, xc_docid_cb cb, void *ctx);
/* A document and the groups of terms it has: bit g of mask set for group g. */
typedef int (*xc_docmask_cb)(void *ctx, xc_docid docid, unsigned long long mask);
#define XC_TERM_GROUPS_MAX 52 /* groups a call: a mask must fit a double's mantissa */
/* For n terms (terms[i], lens[i] bytes), each in group groups[i] < XC_TERM_GROUPS_MAX: call
 * cb for every document indexed by any of them (and matching `within`, unless NULL), in no
 * particular order, with the groups it has, until cb returns non-zero.  One pass of the
 * matcher for all the groups (as xc_db_match_docids: a shard a thread), where a key at a
 * time would cost a round trip each on remote shards. */
xc_status xc_db_term_groups(xc_db *db, const xc_query *within, const char *const *terms,
                            const size_t *lens, const unsigned *groups, size_t n,
                            xc_docmask_cb cb, void *ctx);
/* A term of prefixes[prefix] and its term frequency in one part of the database. */
typedef int (*xc_prefixed_term_cb)(void *ctx, size_t prefix, const char *term, size_t len,
                                   unsigned long termfreq);
/* Call cb for every term starting with one of prefixes[0..n), once for each part of db (the
 * databases added by xc_db_add, each read in its own thread; db itself when it was not built
 * that way) with its frequency in that part: the caller sums the parts.  Until cb returns
 * non-zero. */
xc_status xc_db_allterms_by_part(xc_db *db, const char *const *prefixes, size_t n,
                                 xc_prefixed_term_cb cb, void *ctx);

/* ---- Entity dictionary snapshots (lib/facets.c) ---------------------------------------- */

/* What a shard's snapshot is checked against: if any differs, the shard changed after it. */
typedef struct xc_shard_stamp {
    unsigned long long doccount, lastdocid, total_length;
} xc_shard_stamp;

/* The stamp of a writable database, pending changes included. */
xc_status xc_wdb_stamp(xc_wdb *wdb, xc_shard_stamp *out);
/* Every term of a writable database (pending changes included) starting with one of
 * prefixes[0..n): prefix by prefix, each in byte order; cb as for xc_db_allterms_by_part. */
xc_status xc_wdb_allterms(xc_wdb *wdb, const char *const *prefixes, size_t n,
                          xc_prefixed_term_cb cb, void *ctx);
/* For each part (shard) of db in order: its metadata value for key (len 0 when unset), and
 * its stamp (remote shards: read each in its own thread, all before the first cb).  XC_UNSUPPORTED when db was not built shard by shard (xc_db_add of single
 * databases) and holds more than one; cb returning non-zero stops early (XC_OK). */
typedef int (*xc_part_metadata_cb)(void *ctx, size_t part, const char *value, size_t len,
                                   const xc_shard_stamp *stamp);
xc_status xc_db_metadata_by_part(xc_db *db, const char *key, xc_part_metadata_cb cb,
                                 void *ctx);
/* *parts: how many parts (shards) db searches as one when it was built shard by shard (docid
 * d of part k is then (d - 1) * parts + k + 1 in db), 1 when it is one database (its docids
 * are its own); XC_UNSUPPORTED otherwise (as xc_db_metadata_by_part). */
xc_status xc_db_part_count(xc_db *db, size_t *parts);
/* Call cb for every document of a writable database (pending changes included) indexed by
 * term (len bytes), in docid order; none if the term is absent. */
xc_status xc_wdb_postlist(xc_wdb *wdb, const char *term, size_t len, xc_docid_cb cb,
                          void *ctx);
/* Every term of doc starting with one of prefixes[0..n), prefix by prefix, in byte order
 * (cb's termfreq argument is 0); cb returning non-zero stops early. */
xc_status xc_doc_prefixed_terms(const xc_doc *doc, const char *const *prefixes, size_t n,
                                xc_prefixed_term_cb cb, void *ctx);
/* A term of prefixes[prefix] of document docid. */
typedef int (*xc_doc_term_cb)(void *ctx, xc_docid docid, size_t prefix, const char *term,
                              size_t len);
/* The same for every document of wdb (pending changes included) indexed by unique_term, in
 * docid order, each with its docid. */
xc_status xc_wdb_prefixed_terms_of(xc_wdb *wdb, const char *unique_term,
                                   const char *const *prefixes, size_t n, xc_doc_term_cb cb,
                                   void *ctx);

#ifdef __cplusplus
}
#endif
#endif /* BYLINE_XAPIAN_C_H */
