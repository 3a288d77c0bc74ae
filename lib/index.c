/* SPDX-License-Identifier: GPL-2.0-or-later */
/* index.c — writing articles into a Byline index.
 *
 * A bl_index turns a bl_document into one Xapian document laid out as lib/schema.h says:
 * positional word terms for title and body (so phrases work), stem terms (so "cooperate"
 * finds "cooperation"), title-prefixed copies (so title matches can weigh more and `title:`
 * can search them), boolean terms for id, path, date and entities, a sortable date value,
 * and the document's fields as JSON data (so results show title, date, url and a snippet
 * without reading the source files again).
 *
 * Write errors are sticky, as in SQLite FTS5: after the first failure every later call
 * returns the same status without touching the index, so a caller that checks only the final
 * commit still learns that something went wrong, and nothing half-written gets committed.
 */
#include "byline.h"
#include "analyzer.h"
#include "dict_snapshot.h"
#include "docdata.h"
#include "entities.h"
#include "entity_dict.h"
#include "escape.h"
#include "index_internal.h"
#include "layout.h"
#include "neardup.h"
#include "stub.h"
#include "schema.h"
#include "status.h"
#include "xapian_c.h"

#include <pthread.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One Xapian database of the index.  Its mutex serialises writes from several threads. */
typedef struct shard {
    xc_wdb *wdb;
    bl_dict_changes *changes; /* the type terms its pending changes touched (dict_snapshot.h) */
    pthread_mutex_t mu;
} shard;

#define BL_STORED_TEXT_MAX ((size_t)32 << 20)

struct bl_index {
    shard *shards;                 /* nshards; shard 0 holds the index's metadata records */
    size_t nshards;
    bl_analyzer *analyzer;         /* for bl_index_add (the single-threaded API) */
    bl_entity_extractor *entities; /* NULL when extraction is off; immutable, shared */
    pthread_mutex_t mu;            /* guards sticky and error */
    bl_status sticky;
    char language[32];
    char error[512];
};

static bl_status fail(bl_index *ix, bl_status st, const char *msg)
{
    pthread_mutex_lock(&ix->mu);
    bl_set_message(ix->error, sizeof ix->error, msg);
    if (st != BL_ERR_INPUT && st != BL_ERR_ARGUMENT && !ix->sticky)
        ix->sticky = st;
    pthread_mutex_unlock(&ix->mu);
    return st;
}

bl_status bl_index_fail(bl_index *ix, bl_status st, const char *msg)
{
    return fail(ix, st, msg);
}

void bl_index_error_copy(bl_index *ix, char *buf, size_t n)
{
    pthread_mutex_lock(&ix->mu);
    bl_set_message(buf, n, ix->error);
    pthread_mutex_unlock(&ix->mu);
}

static bl_status sticky(bl_index *ix)
{
    pthread_mutex_lock(&ix->mu);
    bl_status st = ix->sticky;
    pthread_mutex_unlock(&ix->mu);
    return st;
}

static bl_status fail_xc_wdb(bl_index *ix, xc_wdb *wdb, xc_status xs)
{
    return fail(ix, bl_status_from_xc(xs), xc_wdb_last_error(wdb));
}

static bl_status fail_xc(bl_index *ix, xc_status xs)
{
    return fail_xc_wdb(ix, ix->shards[0].wdb, xs);
}

/* An existing index must have this version's term layout: documents of two formats in one
 * index would answer phrases differently (lib/schema.h).  Older ones are still searchable. */
static bl_status check_format(bl_index *ix)
{
    char *stored = NULL;
    xc_status xs = xc_wdb_get_metadata(ix->shards[0].wdb, BL_META_FORMAT, &stored, NULL);
    if (xs != XC_OK)
        return fail_xc(ix, xs);
    int format = *stored ? atoi(stored) : 1;
    free(stored);
    if (format == atoi(BL_FORMAT_VERSION))
        return BL_OK;
    char msg[400];
    snprintf(msg, sizeof msg, "the index has format %d and this byline-index writes format %s "
             "(%s); index into a new folder, or delete this one and index again "
             "(byline-search still reads it)", format, BL_FORMAT_VERSION,
             format < atoi(BL_FORMAT_VERSION) ? "an index-wide entity dictionary and fast facets"
                                              : "it is older than the index");
    return fail(ix, BL_ERR_CORRUPT, msg);
}

/* Agree on the analyzer language with the index: a new index records ours, an existing one
 * imposes its own. */
static bl_status settle_language(bl_index *ix, const char *wanted)
{
    char *stored = NULL;
    xc_status xs = xc_wdb_get_metadata(ix->shards[0].wdb, BL_META_LANGUAGE, &stored, NULL);
    if (xs != XC_OK)
        return fail_xc(ix, xs);
    const char *lang = *stored ? stored : (wanted ? wanted : "english");
    if (strlen(lang) >= sizeof ix->language) {
        free(stored);
        return fail(ix, BL_ERR_ARGUMENT, "language name too long");
    }
    strcpy(ix->language, lang);
    int is_new = !*stored;
    free(stored);
    if (!is_new) {
        bl_status st = check_format(ix);
        if (st != BL_OK)
            return st;
    }
    bl_status ast = bl_analyzer_open(ix->language, &ix->analyzer);
    if (ast == BL_ERR_NO_MEMORY)
        return fail(ix, ast, "out of memory creating the analyzer");
    if (ast != BL_OK) {
        char msg[128];
        snprintf(msg, sizeof msg, "unknown stemming language '%s' (try english, french, "
                 "german, spanish, ... or none)", ix->language);
        return fail(ix, BL_ERR_ARGUMENT, msg);
    }
    /* Every shard records the language, so that any of them opened alone reads right. */
    for (size_t i = 0; i < ix->nshards; i++) {
        xc_wdb *w = ix->shards[i].wdb;
        if (i > 0 || is_new) {
            char *have = NULL;
            xs = xc_wdb_get_metadata(w, BL_META_LANGUAGE, &have, NULL);
            int missing = xs == XC_OK && !*have;
            free(have);
            if (xs != XC_OK)
                return fail_xc_wdb(ix, w, xs);
            if (!missing)
                continue;
        } else {
            continue;
        }
        xs = xc_wdb_set_metadata(w, BL_META_LANGUAGE, ix->language, strlen(ix->language));
        if (xs == XC_OK)
            xs = xc_wdb_set_metadata(w, BL_META_FORMAT, BL_FORMAT_VERSION,
                                     strlen(BL_FORMAT_VERSION));
        if (xs != XC_OK)
            return fail_xc_wdb(ix, w, xs);
    }
    return BL_OK;
}

static void free_index(bl_index *ix)
{
    for (size_t i = 0; i < ix->nshards; i++) {
        if (ix->shards[i].wdb) {
            xc_wdb_cancel(ix->shards[i].wdb);
            xc_wdb_close(ix->shards[i].wdb);
        }
        bl_dict_changes_free(ix->shards[i].changes);
        pthread_mutex_destroy(&ix->shards[i].mu);
    }
    free(ix->shards);
    bl_entity_extractor_free(ix->entities);
    bl_analyzer_free(ix->analyzer);
    pthread_mutex_destroy(&ix->mu);
    free(ix);
}

/* Open every shard for writing, in order; any failure (e.g. one shard locked) closes those
 * already opened, so two writers never hold part of an index each. */
static bl_status open_shards(bl_index *ix, const bl_layout *lay, char **err)
{
    ix->shards = calloc(lay->n, sizeof *ix->shards);
    if (!ix->shards)
        return BL_ERR_NO_MEMORY;
    for (size_t i = 0; i < lay->n; i++) {
        pthread_mutex_init(&ix->shards[i].mu, NULL);
        ix->nshards = i + 1;
        xc_status xs = xc_wdb_open(lay->paths[i], XC_CREATE_OR_OPEN, &ix->shards[i].wdb, err);
        if (xs != XC_OK)
            return bl_status_from_xc(xs);
    }
    return BL_OK;
}

bl_status bl_index_open(const char *path, const bl_index_options *opts, bl_index **out,
                        char **err)
{
    if (err)
        *err = NULL;
    if (!path || !out)
        return BL_ERR_ARGUMENT;
    *out = NULL;
    if (opts && opts->shards > BL_MAX_SHARDS) {
        if (err && asprintf(err, "at most %d shards", BL_MAX_SHARDS) < 0)
            *err = NULL;
        return BL_ERR_ARGUMENT;
    }
    bl_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return BL_ERR_NO_MEMORY;
    pthread_mutex_init(&ix->mu, NULL);
    char msg[512];
    bl_layout lay;
    bl_status st = bl_layout_read(path, opts && opts->allow_programs ? BL_STUB_TRUSTED : 0,
                                  &lay, msg, sizeof msg);
    int is_new = st == BL_OK && lay.n == 0;
    if (is_new) {
        st = bl_layout_new(path, opts ? opts->shards : 0, &lay);
        if (st == BL_ERR_IO && err && asprintf(err, "cannot create the folder %s: %s", path,
                                               strerror(errno)) < 0)
            *err = NULL;
    } else if (st != BL_OK && err && msg[0]) {
        *err = strdup(msg);
    }
    if (st == BL_OK)
        st = open_shards(ix, &lay, err);
    if (st != BL_OK) {
        bl_layout_free(&lay);
        free_index(ix);
        return st;
    }
    st = settle_language(ix, opts ? opts->language : NULL);
    if (st == BL_OK && !(opts && opts->no_entities)) {
        ix->entities = bl_entity_extractor_new();
        if (!ix->entities)
            st = fail(ix, BL_ERR_NO_MEMORY, "cannot load the entity gazetteers");
    }
    /* A new sharded index becomes visible (its stub is written) once every shard exists
     * and has committed its metadata. */
    for (size_t i = 0; st == BL_OK && is_new && lay.sharded && i < ix->nshards; i++) {
        xc_status xs = xc_wdb_commit(ix->shards[i].wdb);
        if (xs != XC_OK)
            st = fail_xc_wdb(ix, ix->shards[i].wdb, xs);
    }
    if (st == BL_OK && is_new && lay.sharded && bl_layout_write_stub(path, lay.n) < 0)
        st = fail(ix, BL_ERR_IO, "cannot write the shard list " BL_STUB_NAME);
    bl_layout_free(&lay);
    /* Changes are made inside a transaction, so a failure or a crash before the next
     * commit leaves the index exactly as it was at the last commit. */
    for (size_t i = 0; st == BL_OK && i < ix->nshards; i++) {
        xc_status xs = xc_wdb_begin(ix->shards[i].wdb);
        if (xs != XC_OK)
            st = fail_xc_wdb(ix, ix->shards[i].wdb, xs);
        /* no memory for it only costs the whole snapshot rebuilt at each commit */
        if (st == BL_OK && (ix->shards[i].changes = bl_dict_changes_new()))
            bl_dict_changes_reset(ix->shards[i].changes, ix->shards[i].wdb, 0);
    }
    if (st != BL_OK) {
        if (err && !*err)
            *err = strdup(ix->error);
        free_index(ix);
        return st;
    }
    *out = ix;
    return BL_OK;
}

size_t bl_index_nshards(const bl_index *ix) { return ix ? ix->nshards : 0; }

bl_analyzer *bl_index_new_analyzer(const bl_index *ix) { return bl_analyzer_new(ix->language); }

size_t bl_index_shard_of(const bl_index *ix, const char *id)
{
    return bl_layout_shard_of(id, ix->nshards);
}

const char *bl_index_last_error(const bl_index *ix) { return ix ? ix->error : ""; }
const char *bl_index_language(const bl_index *ix) { return ix ? ix->language : NULL; }

/* ---- building one Xapian document ------------------------------------------------------ */

typedef struct field_ctx {
    bl_analyzer *a;
    xc_doc *doc;
    const char *prefix; /* term prefix of this field */
    int stemmed;        /* index the word's stem (else the word itself) */
    int also_body;      /* title words: also add "Z" terms, searched as title or body */
    xc_status status;
} field_ctx;

/* Add prefix+term as a posting at pos; terms too long for Xapian are dropped (the analyzer
 * already caps words, prefixes add a few bytes). */
static xc_status add_prefixed(xc_doc *doc, const char *prefix, const char *term, size_t len,
                              unsigned pos)
{
    char buf[BL_MAX_TERM_BYTES + 16];
    size_t pl = strlen(prefix);
    if (pl + len > BL_MAX_TERM_BYTES)
        return XC_OK;
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, term, len);
    return xc_doc_add_posting(doc, buf, pl + len, pos, 1);
}

/* One term per word: its stem with its position (format 3, lib/schema.h). */
static int add_token(void *vctx, const bl_token *t)
{
    field_ctx *c = vctx;
    const char *term = t->term;
    size_t len = t->term_len;
    if (c->stemmed && !(term = bl_analyzer_stem(c->a, t->term, t->term_len, &len))) {
        c->status = XC_NO_MEMORY;
        return 1;
    }
    xc_status xs = add_prefixed(c->doc, c->prefix, term, len, t->position);
    if (xs == XC_OK && c->also_body)
        xs = add_prefixed(c->doc, BL_PREFIX_STEM, term, len, t->position);
    c->status = xs;
    return xs != XC_OK;
}

/* Index one field's text.  Returns the next free position. */
static xc_status index_text(bl_analyzer *a, xc_doc *doc, const char *text, size_t len,
                            const char *prefix, int stemmed, int also_body, unsigned first,
                            unsigned *next)
{
    field_ctx c = {a, doc, prefix, stemmed, also_body, XC_OK};
    int rc = bl_analyzer_tokenize(a, text, len, BL_TOKENIZE_DOCUMENT, first,
                                  add_token, &c, next);
    if (rc < 0)
        return XC_NO_MEMORY;
    return c.status;
}

static xc_status add_boolean(xc_doc *doc, const char *prefix, const char *value)
{
    char buf[BL_MAX_TERM_BYTES + 16];
    int n = snprintf(buf, sizeof buf, "%s%s", prefix, value);
    if (n < 0 || (size_t)n > BL_MAX_TERM_BYTES)
        return XC_OK; /* over-long values are not searchable by exact match */
    return xc_doc_add_boolean_term(doc, buf, (size_t)n);
}

static xc_status add_date_terms(xc_doc *doc, const char *date)
{
    char d[9], m[7], y[5];
    snprintf(d, sizeof d, "%.4s%.2s%.2s", date, date + 5, date + 8);
    snprintf(m, sizeof m, "%.6s", d);
    snprintf(y, sizeof y, "%.4s", d);
    xc_status xs = add_boolean(doc, BL_PREFIX_DAY, d);
    if (xs == XC_OK)
        xs = add_boolean(doc, BL_PREFIX_MONTH, m);
    if (xs == XC_OK)
        xs = add_boolean(doc, BL_PREFIX_YEAR, y);
    if (xs == XC_OK)
        xs = xc_doc_set_value(doc, BL_SLOT_DATE, date, strlen(date));
    return xs;
}

/* Extract entities from title + "\n" + body and add their facet terms. */
static bl_status add_entities(bl_index *ix, bl_analyzer *a, xc_doc *doc,
                              const bl_document *d, bl_entity_list *ents)
{
    size_t len;
    char *joined = bl_document_joined_text(d, &len);
    if (!joined)
        return BL_ERR_NO_MEMORY;
    int rc = bl_entities_extract(ix->entities, a, joined, len, ents);
    /* facet terms, dictionary terms and facet values: lib/entity_dict.c */
    bl_status st = rc < 0 ? BL_ERR_NO_MEMORY : bl_entity_dict_store(doc, ents, joined, len);
    free(joined);
    return st;
}

static xc_status add_fields(bl_analyzer *ix, xc_doc *doc, const bl_document *d)
{
    unsigned pos = 0;
    xc_status xs = XC_OK;
    if (d->title)
        xs = index_text(ix, doc, d->title, strlen(d->title), BL_PREFIX_STEM BL_PREFIX_TITLE,
                        1, 1, 0, &pos);
    if (xs == XC_OK)
        xs = index_text(ix, doc, d->text, d->text_len, BL_PREFIX_STEM, 1, 0,
                        pos ? pos + BL_FIELD_GAP : 0, &pos);
    for (size_t i = 0; xs == XC_OK && i < d->n_authors; i++)
        if (d->authors[i])
            xs = index_text(ix, doc, d->authors[i], strlen(d->authors[i]),
                            BL_PREFIX_STEM BL_PREFIX_AUTHOR, 1, 0, pos += BL_FIELD_GAP, &pos);
    if (xs == XC_OK && d->source)
        xs = index_text(ix, doc, d->source, strlen(d->source), BL_PREFIX_SOURCE, 0, 0,
                        pos + BL_FIELD_GAP, &pos);
    if (xs == XC_OK && d->path)
        xs = add_boolean(doc, BL_PREFIX_PATH, d->path);
    if (xs == XC_OK && d->date)
        xs = add_date_terms(doc, d->date);
    if (xs == XC_OK)
        xs = xc_doc_set_value(doc, BL_SLOT_ID, d->id, strlen(d->id));
    char sig[BL_NEARDUP_SIG_CHARS + 1]; /* --collapse's key (lib/neardup.h) */
    if (xs == XC_OK && bl_neardup_signature(d->text, d->text_len, sig))
        xs = xc_doc_set_value(doc, BL_SLOT_NEARDUP, sig, BL_NEARDUP_SIG_CHARS);
    return xs;
}

/* A message naming the first field of d that is not valid UTF-8 (stored data must be),
 * or NULL. */
static const char *first_invalid_field(const bl_document *d)
{
    if (!bl_utf8_is_valid(d->id, strlen(d->id)))
        return "the id is not valid UTF-8";
    if (d->title && !bl_utf8_is_valid(d->title, strlen(d->title)))
        return "the title is not valid UTF-8";
    if (!bl_utf8_is_valid(d->text, d->text_len))
        return "the text is not valid UTF-8";
    if ((d->source && !bl_utf8_is_valid(d->source, strlen(d->source))) ||
        (d->url && !bl_utf8_is_valid(d->url, strlen(d->url))) ||
        (d->path && !bl_utf8_is_valid(d->path, strlen(d->path))))
        return "the source, url or path is not valid UTF-8";
    for (size_t i = 0; i < d->n_authors; i++)
        if (d->authors[i] && !bl_utf8_is_valid(d->authors[i], strlen(d->authors[i])))
            return "an author is not valid UTF-8";
    return NULL;
}

bl_status bl_index_build(bl_index *ix, bl_analyzer *a, const bl_document *d, xc_doc **out,
                         char *qterm, char *why, size_t why_n)
{
    *out = NULL;
    bl_set_message(why, why_n, "");
    if (!d->id || !*d->id) {
        bl_set_message(why, why_n, "document has no id");
        return BL_ERR_INPUT;
    }
    if (!d->text) {
        bl_set_message(why, why_n, "document has no text");
        return BL_ERR_INPUT;
    }
    const char *bad = first_invalid_field(d);
    if (bad) { /* a rejection of this document, never an error of the index */
        bl_set_message(why, why_n, bad);
        return BL_ERR_INPUT;
    }
    xc_doc *doc = NULL;
    bl_entity_list ents = {0};
    char *data = NULL;
    size_t data_len = 0;
    bl_id_term(d->id, qterm, BL_QTERM_MAX);
    bl_status st = BL_OK;
    xc_status xs = xc_doc_new(&doc);
    if (xs == XC_OK)
        xs = add_fields(a, doc, d);
    if (xs == XC_OK)
        xs = xc_doc_add_boolean_term(doc, qterm, strlen(qterm));
    if (xs != XC_OK)
        st = bl_status_from_xc(xs);
    if (st == BL_OK && ix->entities)
        st = add_entities(ix, a, doc, d, &ents);
    if (st == BL_OK) {
        /* Xapian cannot store a tag past about 100 MB ("insanely large tag"): the stored
         * copy of the body (value BL_SLOT_TEXT, used for snippets) keeps at most the first
         * BL_STORED_TEXT_MAX bytes; every word is indexed all the same. */
        bl_document cut = *d;
        if (cut.text_len > BL_STORED_TEXT_MAX) {
            cut.text_len = BL_STORED_TEXT_MAX;
            while (cut.text_len && ((unsigned char)cut.text[cut.text_len] & 0xC0) == 0x80)
                cut.text_len--; /* not inside a UTF-8 sequence */
        }
        st = bl_docdata_encode(&cut, &ents, &data, &data_len);
        char *body = NULL;
        size_t body_len = 0;
        if (st == BL_OK && cut.text_len)
            st = bl_body_encode(cut.text, cut.text_len, &body, &body_len);
        if (st == BL_OK && body &&
            (xs = xc_doc_set_value(doc, BL_SLOT_TEXT, body, body_len)) != XC_OK)
            st = bl_status_from_xc(xs);
        free(body);
    }
    if (st == BL_OK && (xs = xc_doc_set_data(doc, data, data_len)) != XC_OK)
        st = bl_status_from_xc(xs);
    free(data);
    bl_entity_list_free(&ents);
    if (st != BL_OK) {
        xc_doc_free(doc);
        bl_set_message(why, why_n, bl_status_to_string(st));
        /* a rejected document is not an index error: the shared message is left alone */
        if (st == BL_ERR_INPUT || st == BL_ERR_ARGUMENT)
            return st;
        return fail(ix, st, bl_status_to_string(st));
    }
    *out = doc;
    return BL_OK;
}

bl_status bl_index_put(bl_index *ix, size_t shard_no, const char *qterm, const xc_doc *doc,
                       int *replaced)
{
    bl_status st = sticky(ix);
    if (st)
        return st;
    shard *sh = &ix->shards[shard_no];
    pthread_mutex_lock(&sh->mu);
    xc_status xs = XC_OK;
    if (replaced) {
        int exists = 0;
        xs = xc_wdb_term_exists(sh->wdb, qterm, &exists);
        *replaced = exists;
    }
    /* the dictionary terms this takes away and puts in (the next commit's snapshot) */
    if (xs == XC_OK)
        bl_dict_changes_note_indexed(sh->changes, sh->wdb, qterm);
    xc_docid docid = 0;
    if (xs == XC_OK)
        xs = xc_wdb_replace(sh->wdb, qterm, doc, &docid);
    if (xs == XC_OK)
        bl_dict_changes_note_doc(sh->changes, doc, docid);
    if (xs != XC_OK) { /* what was noted may not have happened: rebuild at the commit */
        bl_dict_changes_give_up(sh->changes);
        st = fail_xc_wdb(ix, sh->wdb, xs);
    }
    pthread_mutex_unlock(&sh->mu);
    return st;
}

bl_status bl_index_add(bl_index *ix, const bl_document *d, int *replaced)
{
    if (!ix || !d)
        return BL_ERR_ARGUMENT;
    bl_status st = sticky(ix);
    if (st)
        return st;
    xc_doc *doc = NULL;
    char qterm[BL_QTERM_MAX];
    char why[256];
    st = bl_index_build(ix, ix->analyzer, d, &doc, qterm, why, sizeof why);
    if (st == BL_ERR_INPUT || st == BL_ERR_ARGUMENT)
        fail(ix, st, why); /* the message of bl_index_last_error; not sticky */
    if (st == BL_OK)
        st = bl_index_put(ix, bl_index_shard_of(ix, d->id), qterm, doc, replaced);
    xc_doc_free(doc);
    return st;
}

bl_status bl_index_delete_term(bl_index *ix, const char *term)
{
    bl_status st = sticky(ix);
    for (size_t i = 0; st == BL_OK && i < ix->nshards; i++) {
        shard *sh = &ix->shards[i];
        pthread_mutex_lock(&sh->mu);
        bl_dict_changes_note_indexed(sh->changes, sh->wdb, term);
        xc_status xs = xc_wdb_delete(sh->wdb, term);
        if (xs != XC_OK) {
            bl_dict_changes_give_up(sh->changes);
            st = fail_xc_wdb(ix, sh->wdb, xs);
        }
        pthread_mutex_unlock(&sh->mu);
    }
    return st;
}

bl_status bl_index_delete(bl_index *ix, const char *id)
{
    if (!ix || !id)
        return BL_ERR_ARGUMENT;
    bl_status st = sticky(ix);
    if (st)
        return st;
    char qterm[BL_QTERM_MAX];
    bl_id_term(id, qterm, sizeof qterm);
    shard *sh = &ix->shards[bl_index_shard_of(ix, id)];
    pthread_mutex_lock(&sh->mu);
    bl_dict_changes_note_indexed(sh->changes, sh->wdb, qterm);
    xc_status xs = xc_wdb_delete(sh->wdb, qterm);
    if (xs != XC_OK) {
        bl_dict_changes_give_up(sh->changes);
        st = fail_xc_wdb(ix, sh->wdb, xs);
    }
    pthread_mutex_unlock(&sh->mu);
    return st;
}

bl_status bl_index_meta_get(bl_index *ix, const char *key, char **value, size_t *len)
{
    shard *sh = &ix->shards[0];
    pthread_mutex_lock(&sh->mu);
    xc_status xs = xc_wdb_get_metadata(sh->wdb, key, value, len);
    bl_status st = xs == XC_OK ? BL_OK : fail_xc_wdb(ix, sh->wdb, xs);
    pthread_mutex_unlock(&sh->mu);
    return st;
}

bl_status bl_index_meta_set(bl_index *ix, const char *key, const char *value, size_t len)
{
    bl_status st = sticky(ix);
    if (st)
        return st;
    shard *sh = &ix->shards[0];
    pthread_mutex_lock(&sh->mu);
    xc_status xs = xc_wdb_set_metadata(sh->wdb, key, value, len);
    if (xs != XC_OK)
        st = fail_xc_wdb(ix, sh->wdb, xs);
    pthread_mutex_unlock(&sh->mu);
    return st;
}

typedef struct commit_job {
    shard *sh;
    xc_status xs;
} commit_job;

static void *commit_shard(void *arg)
{
    commit_job *j = arg;
    pthread_mutex_lock(&j->sh->mu);
    /* the entity dictionary's snapshot goes into the same commit (dict_snapshot.h), patched
     * from the last commit's when the changes were noted */
    j->xs = bl_dict_snapshot_update(j->sh->wdb, j->sh->changes, NULL);
    if (j->xs == XC_OK)
        j->xs = xc_wdb_commit(j->sh->wdb);
    if (j->xs == XC_OK)
        j->xs = xc_wdb_begin(j->sh->wdb);
    if (j->xs == XC_OK)
        bl_dict_changes_reset(j->sh->changes, j->sh->wdb, 1); /* it just wrote it */
    pthread_mutex_unlock(&j->sh->mu);
    return NULL;
}

/* Stamp the last-commit time into shard 0's metadata. */
static bl_status stamp_commit_time(bl_index *ix)
{
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return bl_index_meta_set(ix, BL_META_LAST_COMMIT, when, strlen(when));
}

/* Commit shards [from, n) in parallel, one thread each, the calling thread taking `from`
 * (merging a batch's postings into the tables is most of the cost of a commit). */
static bl_status commit_range(bl_index *ix, size_t from)
{
    size_t n = ix->nshards;
    commit_job *jobs = calloc(n, sizeof *jobs);
    pthread_t *th = calloc(n, sizeof *th);
    unsigned char *started = calloc(n, 1);
    if (!jobs || !th || !started) {
        free(jobs);
        free(th);
        free(started);
        return fail(ix, BL_ERR_NO_MEMORY, "out of memory committing");
    }
    for (size_t k = from; k < n; k++)
        jobs[k].sh = &ix->shards[k];
    for (size_t k = from + 1; k < n; k++)
        started[k] = pthread_create(&th[k], NULL, commit_shard, &jobs[k]) == 0;
    commit_shard(&jobs[from]);
    for (size_t k = from + 1; k < n; k++) {
        if (started[k])
            pthread_join(th[k], NULL);
        else
            commit_shard(&jobs[k]); /* no thread: commit it here */
    }
    bl_status st = BL_OK;
    for (size_t k = from; st == BL_OK && k < n; k++)
        if (jobs[k].xs != XC_OK)
            st = fail_xc_wdb(ix, jobs[k].sh->wdb, jobs[k].xs);
    free(jobs);
    free(th);
    free(started);
    return st;
}

/* Shards 1..N-1 in parallel, then shard 0: it holds the records of which files are indexed,
 * so after a crash between shard commits those records never claim more than the other
 * shards hold (the next run redoes the files not yet recorded). */
bl_status bl_index_commit(bl_index *ix)
{
    if (!ix)
        return BL_ERR_ARGUMENT;
    bl_status st = sticky(ix);
    if (st == BL_OK)
        st = stamp_commit_time(ix);
    if (st == BL_OK && ix->nshards > 1)
        st = commit_range(ix, 1);
    if (st == BL_OK)
        st = bl_index_commit_first(ix);
    return st;
}

bl_status bl_index_commit_all_at_once(bl_index *ix)
{
    bl_status st = sticky(ix);
    if (st == BL_OK)
        st = stamp_commit_time(ix);
    return st == BL_OK ? commit_range(ix, 0) : st;
}

bl_status bl_index_commit_first(bl_index *ix)
{
    bl_status st = sticky(ix);
    if (st != BL_OK)
        return st;
    commit_job job = {&ix->shards[0], XC_OK};
    commit_shard(&job);
    return job.xs == XC_OK ? BL_OK : fail_xc_wdb(ix, job.sh->wdb, job.xs);
}

bl_status bl_index_close(bl_index *ix)
{
    if (!ix)
        return BL_OK;
    bl_status st = sticky(ix);
    if (st == BL_OK)
        st = bl_index_commit(ix);
    /* free_index cancels what is left: never commit after a failed write */
    free_index(ix);
    return st;
}
