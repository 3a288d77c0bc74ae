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
#include "docdata.h"
#include "entities.h"
#include "schema.h"
#include "status.h"
#include "xapian_c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bl_index {
    xc_wdb *wdb;
    bl_analyzer *analyzer;
    bl_entity_extractor *entities; /* NULL when extraction is off */
    bl_status sticky;
    char language[32];
    char error[512];
};

static bl_status fail(bl_index *ix, bl_status st, const char *msg)
{
    bl_set_message(ix->error, sizeof ix->error, msg);
    if (st != BL_ERR_INPUT && st != BL_ERR_ARGUMENT)
        ix->sticky = st;
    return st;
}

static bl_status fail_xc(bl_index *ix, xc_status xs)
{
    return fail(ix, bl_status_from_xc(xs), xc_wdb_last_error(ix->wdb));
}

/* Agree on the analyzer language with the index: a new index records ours, an existing one
 * imposes its own. */
static bl_status settle_language(bl_index *ix, const char *wanted)
{
    char *stored = NULL;
    xc_status xs = xc_wdb_get_metadata(ix->wdb, BL_META_LANGUAGE, &stored, NULL);
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
    ix->analyzer = bl_analyzer_new(ix->language);
    if (!ix->analyzer) {
        char msg[128];
        snprintf(msg, sizeof msg, "unknown stemming language '%s' (try english, french, "
                 "german, spanish, ... or none)", ix->language);
        return fail(ix, BL_ERR_ARGUMENT, msg);
    }
    if (is_new) {
        xs = xc_wdb_set_metadata(ix->wdb, BL_META_LANGUAGE, ix->language, strlen(ix->language));
        if (xs == XC_OK)
            xs = xc_wdb_set_metadata(ix->wdb, BL_META_FORMAT, BL_FORMAT_VERSION,
                                     strlen(BL_FORMAT_VERSION));
        if (xs != XC_OK)
            return fail_xc(ix, xs);
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
    bl_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return BL_ERR_NO_MEMORY;
    xc_status xs = xc_wdb_open(path, XC_CREATE_OR_OPEN, &ix->wdb, err);
    if (xs != XC_OK) {
        free(ix);
        return bl_status_from_xc(xs);
    }
    bl_status st = settle_language(ix, opts ? opts->language : NULL);
    if (st == BL_OK && !(opts && opts->no_entities)) {
        ix->entities = bl_entity_extractor_new();
        if (!ix->entities)
            st = fail(ix, BL_ERR_NO_MEMORY, "cannot load the entity gazetteers");
    }
    /* Changes are made inside a transaction, so a failure or a crash before the next
     * commit leaves the index exactly as it was at the last commit. */
    if (st == BL_OK) {
        xs = xc_wdb_begin(ix->wdb);
        if (xs != XC_OK)
            st = fail_xc(ix, xs);
    }
    if (st != BL_OK) {
        if (err)
            *err = strdup(ix->error);
        bl_entity_extractor_free(ix->entities);
        bl_analyzer_free(ix->analyzer);
        xc_wdb_close(ix->wdb);
        free(ix);
        return st;
    }
    *out = ix;
    return BL_OK;
}

const char *bl_index_last_error(const bl_index *ix) { return ix ? ix->error : ""; }
const char *bl_index_language(const bl_index *ix) { return ix ? ix->language : NULL; }

/* ---- building one Xapian document ------------------------------------------------------ */

typedef struct field_ctx {
    bl_index *ix;
    xc_doc *doc;
    const char *prefix;      /* field prefix for words ("" for none) */
    const char *stem_prefix; /* prefix for stems (NULL: no stems) */
    int also_plain;          /* also add unprefixed positional words and Z stems */
    xc_status status;
} field_ctx;

/* Add prefix+term as a posting (pos != -1u) or a plain term; terms too long for Xapian are
 * dropped (the analyzer already caps words, prefixes add a few bytes). */
static xc_status add_prefixed(xc_doc *doc, const char *prefix, const char *term, size_t len,
                              unsigned pos)
{
    char buf[BL_MAX_TERM_BYTES + 16];
    size_t pl = strlen(prefix);
    if (pl + len > BL_MAX_TERM_BYTES)
        return XC_OK;
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, term, len);
    if (pos == (unsigned)-1)
        return xc_doc_add_term(doc, buf, pl + len, 1);
    return xc_doc_add_posting(doc, buf, pl + len, pos, 1);
}

static int add_token(void *vctx, const bl_token *t)
{
    field_ctx *c = vctx;
    xc_status xs = add_prefixed(c->doc, c->prefix, t->term, t->term_len, t->position);
    if (xs == XC_OK && c->also_plain && *c->prefix)
        xs = add_prefixed(c->doc, "", t->term, t->term_len, t->position);
    if (xs == XC_OK && c->stem_prefix) {
        size_t sl;
        const char *stem = bl_analyzer_stem(c->ix->analyzer, t->term, t->term_len, &sl);
        if (!stem)
            xs = XC_NO_MEMORY;
        else {
            xs = add_prefixed(c->doc, c->stem_prefix, stem, sl, (unsigned)-1);
            if (xs == XC_OK && c->also_plain && *c->prefix)
                xs = add_prefixed(c->doc, BL_PREFIX_STEM, stem, sl, (unsigned)-1);
        }
    }
    c->status = xs;
    return xs != XC_OK;
}

/* Index one field's text.  Returns the next free position. */
static xc_status index_text(bl_index *ix, xc_doc *doc, const char *text, size_t len,
                            const char *prefix, const char *stem_prefix, int also_plain,
                            unsigned first, unsigned *next)
{
    field_ctx c = {ix, doc, prefix, stem_prefix, also_plain, XC_OK};
    int rc = bl_analyzer_tokenize(ix->analyzer, text, len, BL_TOKENIZE_DOCUMENT, first,
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

/* Unique id term: "Q" + id, or for ids too long for a term "Q" + a prefix + a hash. */
static void id_term(const char *id, char *buf, size_t n)
{
    size_t len = strlen(id);
    if (len + 1 <= BL_MAX_TERM_BYTES && len + 1 < n) {
        snprintf(buf, n, "%s%s", BL_PREFIX_ID, id);
        return;
    }
    unsigned long long h = 1469598103934665603ULL; /* FNV-1a 64 */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)id[i]) * 1099511628211ULL;
    snprintf(buf, n, "%s%.200s#%016llx", BL_PREFIX_ID, id, h);
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

static const char *const entity_prefixes[BL_ENTITY_NTYPES] = {
    BL_PREFIX_PERSON, BL_PREFIX_PLACE, BL_PREFIX_ORG, BL_PREFIX_OTHER};

/* Extract entities from title + "\n" + body and add their facet terms. */
static bl_status add_entities(bl_index *ix, xc_doc *doc, const bl_document *d,
                              bl_entity_list *ents)
{
    size_t len;
    char *joined = bl_document_joined_text(d, &len);
    if (!joined)
        return BL_ERR_NO_MEMORY;
    int rc = bl_entities_extract(ix->entities, ix->analyzer, joined, len, ents);
    free(joined);
    if (rc < 0)
        return BL_ERR_NO_MEMORY;
    for (size_t i = 0; i < ents->n; i++) {
        const bl_entity *e = &ents->items[i];
        if (add_boolean(doc, entity_prefixes[e->type], e->key) != XC_OK)
            return BL_ERR_NO_MEMORY;
    }
    return BL_OK;
}

static xc_status add_fields(bl_index *ix, xc_doc *doc, const bl_document *d)
{
    unsigned pos = 0;
    xc_status xs = XC_OK;
    if (d->title)
        xs = index_text(ix, doc, d->title, strlen(d->title), BL_PREFIX_TITLE, "ZS", 1, 0, &pos);
    if (xs == XC_OK)
        xs = index_text(ix, doc, d->text, d->text_len, "", BL_PREFIX_STEM, 0,
                        pos ? pos + BL_FIELD_GAP : 0, &pos);
    for (size_t i = 0; xs == XC_OK && i < d->n_authors; i++)
        if (d->authors[i])
            xs = index_text(ix, doc, d->authors[i], strlen(d->authors[i]), BL_PREFIX_AUTHOR,
                            "ZA", 0, pos += BL_FIELD_GAP, &pos);
    if (xs == XC_OK && d->source)
        xs = index_text(ix, doc, d->source, strlen(d->source), BL_PREFIX_SOURCE, NULL, 0,
                        pos + BL_FIELD_GAP, &pos);
    if (xs == XC_OK && d->path)
        xs = add_boolean(doc, BL_PREFIX_PATH, d->path);
    if (xs == XC_OK && d->date)
        xs = add_date_terms(doc, d->date);
    if (xs == XC_OK)
        xs = xc_doc_set_value(doc, BL_SLOT_ID, d->id, strlen(d->id));
    return xs;
}

bl_status bl_index_add(bl_index *ix, const bl_document *d, int *replaced)
{
    if (!ix || !d)
        return BL_ERR_ARGUMENT;
    if (ix->sticky)
        return ix->sticky;
    if (!d->id || !*d->id)
        return fail(ix, BL_ERR_INPUT, "document has no id");
    if (!d->text)
        return fail(ix, BL_ERR_INPUT, "document has no text");
    xc_doc *doc = NULL;
    bl_entity_list ents = {0};
    char *data = NULL;
    size_t data_len = 0;
    char qterm[BL_MAX_TERM_BYTES + 32];
    id_term(d->id, qterm, sizeof qterm);
    bl_status st = BL_OK;
    xc_status xs = xc_doc_new(&doc);
    if (xs == XC_OK)
        xs = add_fields(ix, doc, d);
    if (xs == XC_OK)
        xs = xc_doc_add_boolean_term(doc, qterm, strlen(qterm));
    if (xs != XC_OK)
        st = bl_status_from_xc(xs);
    if (st == BL_OK && ix->entities)
        st = add_entities(ix, doc, d, &ents);
    if (st == BL_OK)
        st = bl_docdata_encode(d, &ents, &data, &data_len);
    if (st == BL_OK && (xs = xc_doc_set_data(doc, data, data_len)) != XC_OK)
        st = bl_status_from_xc(xs);
    if (st == BL_OK && replaced) {
        int exists = 0;
        xs = xc_wdb_term_exists(ix->wdb, qterm, &exists);
        *replaced = exists;
    }
    if (st == BL_OK && xs == XC_OK)
        xs = xc_wdb_replace(ix->wdb, qterm, doc, NULL);
    free(data);
    bl_entity_list_free(&ents);
    xc_doc_free(doc);
    if (st != BL_OK)
        return fail(ix, st, bl_status_to_string(st));
    if (xs != XC_OK)
        return fail_xc(ix, xs);
    return BL_OK;
}

bl_status bl_index_delete(bl_index *ix, const char *id)
{
    if (!ix || !id)
        return BL_ERR_ARGUMENT;
    if (ix->sticky)
        return ix->sticky;
    char qterm[BL_MAX_TERM_BYTES + 32];
    id_term(id, qterm, sizeof qterm);
    xc_status xs = xc_wdb_delete(ix->wdb, qterm);
    return xs == XC_OK ? BL_OK : fail_xc(ix, xs);
}

bl_status bl_index_commit(bl_index *ix)
{
    if (!ix)
        return BL_ERR_ARGUMENT;
    if (ix->sticky)
        return ix->sticky;
    xc_status xs = xc_wdb_commit(ix->wdb);
    if (xs == XC_OK)
        xs = xc_wdb_begin(ix->wdb);
    return xs == XC_OK ? BL_OK : fail_xc(ix, xs);
}

bl_status bl_index_close(bl_index *ix)
{
    if (!ix)
        return BL_OK;
    bl_status st = ix->sticky;
    if (st == BL_OK)
        st = bl_index_commit(ix);
    else
        xc_wdb_cancel(ix->wdb); /* never commit after a failed write */
    xc_wdb_close(ix->wdb);
    bl_entity_extractor_free(ix->entities);
    bl_analyzer_free(ix->analyzer);
    free(ix);
    return st;
}
