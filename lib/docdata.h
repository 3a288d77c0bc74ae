/* SPDX-License-Identifier: GPL-2.0-or-later */
/* docdata.h — the JSON stored as each document's Xapian data (internal).
 *
 * Layout: {"id", "title", "date", "source", "url", "path", "authors": [..],
 *          "entities": "type\tcount\tName\n..."}  every entity, most mentioned first
 * absent fields are omitted.  (Format 1 stored "entities" as an array of {"name", "type",
 * "count"} objects; readers accept both.)
 * The body is not here but in value slot BL_SLOT_TEXT (see schema.h), so that showing a hit
 * does not decode its whole text. */
#ifndef BYLINE_DOCDATA_H
#define BYLINE_DOCDATA_H

#include "byline.h"
#include "entities.h"

#include <jansson.h>

/* Encode a document (and its entities, may be NULL) into a malloc()ed JSON string (not
 * NUL-terminated in *len, but NUL-terminated in memory) owned by the caller. */
bl_status bl_docdata_encode(const bl_document *d, const bl_entity_list *ents, char **out,
                            size_t *len);

/* The stored body (value BL_SLOT_TEXT): "z" + 4-byte little-endian length + zlib stream, or
 * "r" + the raw text when compression does not pay.  Xapian compresses document data but not
 * values, so the body is compressed here.  encode: *out malloc()ed, owned by the caller.
 * decode: *text malloc()ed and NUL-terminated (owned by the caller), or BL_ERR_CORRUPT. */
bl_status bl_body_encode(const char *text, size_t len, char **out, size_t *out_len);
bl_status bl_body_decode(const char *value, size_t len, char **text, size_t *text_len);

/* Decode stored data; NULL on invalid JSON or memory failure.  Owned by the caller
 * (json_decref). */
json_t *bl_docdata_decode(const char *data, size_t len);

/* The fields of stored data, as a search shows them.  Every hit's data is decoded, so the
 * layout bl_docdata_encode writes (an object of strings and arrays of strings) is read by a
 * small dedicated parser into one buffer, about ten times faster than building a jansson
 * tree; anything else that is valid JSON (format 1's entity objects) goes through jansson. */
typedef struct bl_docdata {
    const char *id, *title, *date, *source, *url, *path; /* NULL when absent */
    const char *text;        /* format 1 only: the body */
    const char **authors;    /* n_authors strings */
    size_t n_authors;
    char *entities;          /* the "type\tcount\tName\n" list, writable (callers may cut it
                                into fields in place), or NULL */
    json_t *entity_array;    /* format 1: the entities as an array of objects, or NULL */
    json_t *json;            /* the jansson tree when the data needed it, else NULL */
    char *buf;               /* where the strings above live (when not in json) */
} bl_docdata;

/* Decode data (len bytes) into *out (overwritten; free with bl_docdata_clear, also after a
 * failure).  Returns BL_OK, BL_ERR_CORRUPT (not a JSON object, as bl_docdata_decode would
 * refuse it) or BL_ERR_NO_MEMORY. */
bl_status bl_docdata_parse(const char *data, size_t len, bl_docdata *out);
void bl_docdata_clear(bl_docdata *d);

/* The entities of parsed data, most mentioned first, at most max (0 = every one): from the
 * "type\tcount\tName\n" list (cut into NUL-terminated fields in place) or format 1's array.
 * *out is malloc()ed (owned by the caller; NULL when there are none); its strings belong to
 * d.  Returns BL_OK or BL_ERR_NO_MEMORY. */
bl_status bl_docdata_entities(bl_docdata *d, size_t max, bl_hit_entity **out, size_t *n);

#endif
