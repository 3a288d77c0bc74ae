/* SPDX-License-Identifier: GPL-2.0-or-later */
/* document.c — one whole stored document, as byline-search --show and byline-serve's
 * /api/doc present it.
 *
 * A search hit carries what a result list needs (fields, at most 64 entities, a snippet);
 * a bl_document_view carries everything the index stored for one document: every field, every
 * entity and the full body.  The document is found by its unique-id term (bl_id_term, the
 * rule the indexer wrote it with), read through an ordinary one-term query so that local,
 * sharded and remote indexes all work the same, and copied out so the view outlives the
 * searcher.
 */
#include "document.h"
#include "docdata.h"
#include "schema.h"
#include "status.h"

#include <stdlib.h>
#include <string.h>

struct bl_document_view {
    bl_document fields;       /* strings point into data, or are body/"" */
    bl_docdata data;          /* decoded stored data; entities cut in place */
    char *body;               /* the whole text (malloc()ed, NUL-terminated) */
    bl_hit_entity *entities;
    size_t n_entities;
};

void bl_document_view_free(bl_document_view *v)
{
    if (!v)
        return;
    bl_docdata_clear(&v->data);
    free(v->body);
    free(v->entities);
    free(v);
}

const bl_document *bl_document_view_fields(const bl_document_view *v)
{
    return v ? &v->fields : NULL;
}

size_t bl_document_view_entity_count(const bl_document_view *v)
{
    return v ? v->n_entities : 0;
}

const bl_hit_entity *bl_document_view_entity(const bl_document_view *v, size_t i)
{
    return v && i < v->n_entities ? &v->entities[i] : NULL;
}

/* The body: value BL_SLOT_TEXT (format 2+), else the "text" of format-1 data. */
static bl_status read_body(bl_document_view *v, xc_mset *m)
{
    char *value = NULL;
    size_t vlen = 0, len = 0;
    xc_status xs = xc_mset_get_value(m, 0, BL_SLOT_TEXT, &value, &vlen);
    bl_status st = bl_status_from_xc(xs);
    if (st == BL_OK && vlen) {
        st = bl_body_decode(value, vlen, &v->body, &len);
    } else if (st == BL_OK) {
        v->body = strdup(v->data.text ? v->data.text : "");
        st = v->body ? BL_OK : BL_ERR_NO_MEMORY;
        len = v->body ? strlen(v->body) : 0;
    }
    free(value);
    v->fields.text = v->body;
    v->fields.text_len = len;
    return st;
}

static bl_status fill_view(bl_document_view *v, xc_mset *m)
{
    xc_hit h;
    xc_status xs = xc_mset_get(m, 0, &h);
    if (xs != XC_OK)
        return bl_status_from_xc(xs);
    bl_status st = bl_docdata_parse(h.data, h.data_len, &v->data);
    if (st != BL_OK)
        return st;
    v->fields = (bl_document){.id = v->data.id, .title = v->data.title, .date = v->data.date,
                              .source = v->data.source, .url = v->data.url,
                              .path = v->data.path,
                              .authors = (const char *const *)v->data.authors,
                              .n_authors = v->data.n_authors};
    if ((st = read_body(v, m)) != BL_OK)
        return st;
    return bl_docdata_entities(&v->data, 0, &v->entities, &v->n_entities);
}

bl_status bl_document_fetch(xc_db *db, const char *id, bl_document_view **out, char *err,
                            size_t n)
{
    char term[BL_ID_TERM_MAX];
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    *out = NULL;
    bl_id_term(id, term, sizeof term);
    xc_status xs = xc_query_term(term, strlen(term), 1, 0, &q);
    if (xs == XC_OK)
        xs = xc_enquire_new_boolean(db, q, &enq);
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(enq, 0, 1, 0, &m);
    bl_status st = bl_status_from_xc(xs);
    if (xs != XC_OK)
        bl_set_message(err, n, enq ? xc_enquire_last_error(enq) : xc_db_last_error(db));
    else if (xc_mset_size(m) == 0)
        st = BL_ERR_NOT_FOUND;
    bl_document_view *v = NULL;
    if (st == BL_OK && !(v = calloc(1, sizeof *v)))
        st = BL_ERR_NO_MEMORY;
    if (st == BL_OK && (st = fill_view(v, m)) != BL_OK && st != BL_ERR_NO_MEMORY)
        bl_set_message(err, n, st == BL_ERR_CORRUPT ? "the document's stored data is damaged"
                                                    : "reading the document failed");
    if (st == BL_OK)
        *out = v;
    else
        bl_document_view_free(v);
    xc_mset_free(m);
    xc_enquire_free(enq);
    xc_query_free(q);
    return st;
}
