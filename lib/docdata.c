/* SPDX-License-Identifier: GPL-2.0-or-later */
/* docdata.c — encode and decode the per-document JSON data (see docdata.h). */
#include "docdata.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static int set_str(json_t *o, const char *key, const char *v)
{
    if (!v)
        return 0;
    json_t *s = json_stringn_nocheck(v, strlen(v));
    return s ? json_object_set_new_nocheck(o, key, s) : -1;
}

/* The entities as one string, "type\tcount\tName\n" per entity, most mentioned first: one
 * JSON string decodes far faster than hundreds of small objects (long articles name hundreds
 * of entities), and both hits and facet display names are read from it (lib/search.c). */
static int cmp_mentions_desc(const void *a, const void *b)
{
    const bl_entity *x = *(const bl_entity *const *)a, *y = *(const bl_entity *const *)b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return (x->start > y->start) - (x->start < y->start);
}

static int set_entities(json_t *o, const bl_entity_list *ents)
{
    if (!ents || ents->n == 0)
        return 0;
    const bl_entity **order = malloc(ents->n * sizeof *order);
    size_t len = 0;
    for (size_t i = 0; order && i < ents->n; i++) {
        order[i] = &ents->items[i];
        len += strlen(bl_entity_type_name(ents->items[i].type)) + strlen(ents->items[i].name) +
               24;
    }
    char *buf = order ? malloc(len + 1) : NULL, *p = buf;
    if (!buf) {
        free(order);
        return -1;
    }
    qsort(order, ents->n, sizeof *order, cmp_mentions_desc);
    for (size_t i = 0; i < ents->n; i++)
        p += sprintf(p, "%s\t%u\t%s\n", bl_entity_type_name(order[i]->type), order[i]->count,
                     order[i]->name);
    json_t *js = json_stringn_nocheck(buf, (size_t)(p - buf));
    free(buf);
    free(order);
    return js ? json_object_set_new_nocheck(o, "entities", js) : -1;
}

bl_status bl_docdata_encode(const bl_document *d, const bl_entity_list *ents, char **out,
                            size_t *len)
{
    json_t *o = json_object();
    if (!o)
        return BL_ERR_NO_MEMORY;
    int rc = set_str(o, "id", d->id) | set_str(o, "title", d->title) |
             set_str(o, "date", d->date) | set_str(o, "source", d->source) |
             set_str(o, "url", d->url) | set_str(o, "path", d->path);
    if (!rc && d->n_authors) {
        json_t *arr = json_array();
        rc = !arr || json_object_set_new_nocheck(o, "authors", arr) < 0;
        for (size_t i = 0; !rc && i < d->n_authors; i++)
            rc = json_array_append_new(arr, json_string_nocheck(d->authors[i])) < 0;
    }
    if (!rc)
        rc = set_entities(o, ents);
    char *s = rc ? NULL : json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!s)
        return BL_ERR_NO_MEMORY;
    *out = s;
    *len = strlen(s);
    return BL_OK;
}

json_t *bl_docdata_decode(const char *data, size_t len)
{
    json_error_t err;
    json_t *j = json_loadb(data, len, 0, &err);
    if (j && !json_is_object(j)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

bl_status bl_body_encode(const char *text, size_t len, char **out, size_t *out_len)
{
    if (len > UINT32_MAX)
        return BL_ERR_ARGUMENT;
    uLongf bound = compressBound((uLong)len);
    char *buf = malloc(5 + (bound > len ? bound : len));
    if (!buf)
        return BL_ERR_NO_MEMORY;
    uLongf clen = bound;
    if (len >= 64 && compress2((Bytef *)buf + 5, &clen, (const Bytef *)text, (uLong)len, 6) == Z_OK &&
        clen + 5 < len) {
        buf[0] = 'z';
        for (int i = 0; i < 4; i++)
            buf[1 + i] = (char)((len >> (8 * i)) & 0xFF);
        *out_len = 5 + clen;
    } else {
        buf[0] = 'r';
        memcpy(buf + 1, text, len);
        *out_len = 1 + len;
    }
    *out = buf;
    return BL_OK;
}

/* Inflate the zlib stream z (zlen bytes) into exactly n bytes at out.  Every snippet inflates
 * its hit's body, so the stream's header is checked by hand and its deflate data inflated raw:
 * zlib's uncompress() would also compute the Adler-32 checksum, a quarter of the time.  A
 * damaged stream is still refused by inflate itself or by the length check. */
static bl_status inflate_body(const unsigned char *z, size_t zlen, char *out, uLongf n)
{
    /* RFC 1950 header: deflate (CM 8) with a window of at most 32 KB, no preset dictionary */
    if (zlen < 2 || (z[0] & 0x0F) != 8 || (z[0] >> 4) > 7 || (z[1] & 0x20) ||
        ((unsigned)z[0] * 256 + z[1]) % 31 != 0 || zlen - 2 > UINT32_MAX)
        return BL_ERR_CORRUPT;
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit2(&s, -15) != Z_OK)
        return BL_ERR_NO_MEMORY;
    s.next_in = (Bytef *)(uintptr_t)(z + 2); /* zlib's API is not const-correct */
    s.avail_in = (uInt)(zlen - 2);
    s.next_out = (Bytef *)out;
    s.avail_out = (uInt)n;
    int rc = inflate(&s, Z_FINISH);
    uLong got = s.total_out;
    inflateEnd(&s);
    if (rc == Z_MEM_ERROR)
        return BL_ERR_NO_MEMORY;
    return rc == Z_STREAM_END && got == n ? BL_OK : BL_ERR_CORRUPT;
}

bl_status bl_body_decode(const char *value, size_t len, char **text, size_t *text_len)
{
    *text = NULL;
    if (len >= 1 && value[0] == 'r') {
        if (!(*text = malloc(len)))
            return BL_ERR_NO_MEMORY;
        memcpy(*text, value + 1, len - 1);
        (*text)[len - 1] = '\0';
        *text_len = len - 1;
        return BL_OK;
    }
    if (len < 5 || value[0] != 'z')
        return BL_ERR_CORRUPT;
    uLongf n = 0;
    for (int i = 0; i < 4; i++)
        n |= (uLongf)(unsigned char)value[1 + i] << (8 * i);
    char *buf = malloc(n + 1);
    if (!buf)
        return BL_ERR_NO_MEMORY;
    bl_status rc = inflate_body((const unsigned char *)value + 5, len - 5, buf, n);
    if (rc != BL_OK) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *text = buf;
    *text_len = n;
    return BL_OK;
}

/* ---- the fields of stored data, without a JSON library ------------------------------------ */

/* A reader of the JSON bl_docdata_encode writes: an object whose values are strings or arrays
 * of strings.  Strings are decoded into `out`, which never needs more bytes than the input
 * (an escape is longer than what it stands for; a closing quote makes room for the NUL).
 * Anything unexpected, valid JSON or not, makes the caller fall back to jansson, which then
 * has the last word on what is valid. */
typedef struct jreader {
    const unsigned char *p, *end;
    char *out;
} jreader;

enum { J_OK = 0, J_OTHER = -1, J_NOMEM = -2 };

static void skip_ws(jreader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

/* Consume c (after white space); 0 when something else comes. */
static int expect(jreader *r, unsigned char c)
{
    skip_ws(r);
    if (r->p >= r->end || *r->p != c)
        return 0;
    r->p++;
    return 1;
}

/* The length of the valid UTF-8 sequence at p (lead byte >= 0x80), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0], cp;
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || (size_t)(end - p) < n)
        return 0;
    cp = c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

/* Four hex digits after "\u"; -1 when they are not. */
static long hex4(jreader *r)
{
    if (r->end - r->p < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = *r->p++;
        int d = c >= '0' && c <= '9' ? (int)(c - '0') : c >= 'a' && c <= 'f' ? (int)(c - 'a' + 10)
              : c >= 'A' && c <= 'F' ? (int)(c - 'A' + 10) : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static void put_utf8(jreader *r, unsigned long cp)
{
    unsigned char *o = (unsigned char *)r->out;
    if (cp < 0x80) {
        *o++ = (unsigned char)cp;
    } else if (cp < 0x800) {
        *o++ = (unsigned char)(0xC0 | (cp >> 6));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (unsigned char)(0xE0 | (cp >> 12));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (unsigned char)(0xF0 | (cp >> 18));
        *o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
    r->out = (char *)o;
}

/* A "\u" escape (the "\u" consumed), with its low surrogate when it is a high one.  No NUL,
 * no lone surrogate (jansson refuses both). */
static int read_u_escape(jreader *r)
{
    long cp = hex4(r);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
            return J_OTHER;
        r->p += 2;
        long lo = hex4(r);
        if (lo < 0xDC00 || lo > 0xDFFF)
            return J_OTHER;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    } else if (cp <= 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
        return J_OTHER;
    }
    put_utf8(r, (unsigned long)cp);
    return J_OK;
}

static int read_escape(jreader *r)
{
    if (r->p >= r->end)
        return J_OTHER;
    unsigned char c = *r->p++;
    const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
    const char *k = c ? strchr(from, c) : NULL;
    if (k) {
        *r->out++ = to[k - from];
        return J_OK;
    }
    return c == 'u' ? read_u_escape(r) : J_OTHER;
}

/* A string (white space first), decoded and NUL-terminated at *s. */
static int read_string(jreader *r, char **s)
{
    if (!expect(r, '"'))
        return J_OTHER;
    *s = r->out;
    while (r->p < r->end) {
        unsigned char c = *r->p;
        if (c == '"') {
            r->p++;
            *r->out++ = '\0';
            return J_OK;
        }
        if (c < 0x20)
            return J_OTHER;
        if (c == '\\') {
            r->p++;
            if (read_escape(r) != J_OK)
                return J_OTHER;
        } else if (c < 0x80) {
            *r->out++ = (char)c;
            r->p++;
        } else {
            size_t n = utf8_len(r->p, r->end);
            if (n == 0)
                return J_OTHER;
            memcpy(r->out, r->p, n);
            r->out += n;
            r->p += n;
        }
    }
    return J_OTHER;
}

/* The authors: an array of strings. */
static int read_authors(jreader *r, bl_docdata *d)
{
    size_t cap = 0;
    d->n_authors = 0;
    if (expect(r, ']'))
        return J_OK;
    do {
        char *s;
        if (read_string(r, &s) != J_OK)
            return J_OTHER;
        const char **v = bl_grow(d->authors, &cap, d->n_authors + 1, sizeof *v, 4);
        if (!v)
            return J_NOMEM;
        d->authors = v;
        d->authors[d->n_authors++] = s;
    } while (expect(r, ','));
    return expect(r, ']') ? J_OK : J_OTHER;
}

/* Where the string of `key` goes (NULL: a key Byline does not read). */
static const char **string_field(bl_docdata *d, const char *key)
{
    static const char *const keys[] = {"id", "title", "date", "source", "url", "path", "text"};
    const char **slots[] = {&d->id, &d->title, &d->date, &d->source, &d->url, &d->path, &d->text};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (!strcmp(key, keys[i]))
            return slots[i];
    return NULL;
}

static int read_member(jreader *r, bl_docdata *d)
{
    char *key, *value;
    if (read_string(r, &key) != J_OK || !expect(r, ':'))
        return J_OTHER;
    skip_ws(r);
    if (r->p < r->end && *r->p == '[')
        return (r->p++, !strcmp(key, "authors")) ? read_authors(r, d) : J_OTHER;
    if (read_string(r, &value) != J_OK)
        return J_OTHER;
    const char **slot = string_field(d, key);
    if (slot)
        *slot = value;
    else if (!strcmp(key, "entities"))
        d->entities = value;
    return J_OK;
}

/* The whole data as one object of known shape; J_OTHER or J_NOMEM otherwise. */
static int read_object(jreader *r, bl_docdata *d)
{
    if (!expect(r, '{'))
        return J_OTHER;
    if (!expect(r, '}')) {
        do {
            int rc = read_member(r, d);
            if (rc != J_OK)
                return rc;
        } while (expect(r, ','));
        if (!expect(r, '}'))
            return J_OTHER;
    }
    skip_ws(r);
    return r->p == r->end ? J_OK : J_OTHER;
}

static const char *json_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The general path: jansson's tree, its strings pointed at; the entity list is copied so that
 * callers may cut it. */
static bl_status parse_with_jansson(const char *data, size_t len, bl_docdata *d)
{
    json_t *j = bl_docdata_decode(data, len);
    if (!j)
        return BL_ERR_CORRUPT; /* or out of memory: either way the fields cannot be shown */
    d->json = j;
    const char **slots[] = {&d->id, &d->title, &d->date, &d->source, &d->url, &d->path, &d->text};
    static const char *const keys[] = {"id", "title", "date", "source", "url", "path", "text"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        *slots[i] = json_str(j, keys[i]);
    json_t *arr = json_object_get(j, "authors");
    size_t n = json_is_array(arr) ? json_array_size(arr) : 0, i;
    json_t *e;
    if (n && !(d->authors = calloc(n, sizeof *d->authors)))
        return BL_ERR_NO_MEMORY;
    json_array_foreach(arr, i, e) if (json_is_string(e)) d->authors[d->n_authors++] =
        json_string_value(e);
    json_t *ents = json_object_get(j, "entities");
    if (json_is_array(ents))
        d->entity_array = ents;
    if (json_is_string(ents) && !(d->buf = d->entities = strdup(json_string_value(ents))))
        return BL_ERR_NO_MEMORY;
    return BL_OK;
}

bl_status bl_docdata_parse(const char *data, size_t len, bl_docdata *out)
{
    memset(out, 0, sizeof *out);
    if (!data)
        return BL_ERR_CORRUPT;
    if (!(out->buf = malloc(len + 1)))
        return BL_ERR_NO_MEMORY;
    jreader r = {(const unsigned char *)data, (const unsigned char *)data + len, out->buf};
    int rc = read_object(&r, out);
    if (rc == J_OK)
        return BL_OK;
    bl_docdata_clear(out);
    return rc == J_NOMEM ? BL_ERR_NO_MEMORY : parse_with_jansson(data, len, out);
}

void bl_docdata_clear(bl_docdata *d)
{
    if (!d)
        return;
    free(d->buf);
    free(d->authors);
    if (d->json)
        json_decref(d->json);
    memset(d, 0, sizeof *d);
}

/* ---- the entities of a hit or a shown document ------------------------------------------ */

static bl_status entities_from_array(json_t *arr, size_t max, bl_hit_entity **out, size_t *n)
{
    size_t len = json_array_size(arr), i;
    json_t *e;
    if (len == 0)
        return BL_OK;
    if (!(*out = calloc(len, sizeof **out)))
        return BL_ERR_NO_MEMORY;
    json_array_foreach(arr, i, e) {
        json_t *name = json_object_get(e, "name"), *type = json_object_get(e, "type");
        if (*n == max)
            break;
        if (!json_is_string(name) || !json_is_string(type))
            continue;
        (*out)[(*n)++] = (bl_hit_entity){
            .name = json_string_value(name), .type = json_string_value(type),
            .count = (unsigned)json_integer_value(json_object_get(e, "count"))};
    }
    return BL_OK;
}

bl_status bl_docdata_entities(bl_docdata *d, size_t max, bl_hit_entity **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (max == 0)
        max = (size_t)-1;
    if (d->entity_array)
        return entities_from_array(d->entity_array, max, out, n);
    char *list = d->entities;
    if (!list || !*list)
        return BL_OK;
    size_t lines = 1;
    for (const char *p = list; *p && lines < max; p++)
        lines += *p == '\n';
    if (!(*out = calloc(lines, sizeof **out)))
        return BL_ERR_NO_MEMORY;
    for (char *line = list; line && *line && *n < max;) {
        char *nl = strchr(line, '\n'), *t1 = strchr(line, '\t');
        if (nl)
            *nl = '\0';
        char *t2 = t1 && (!nl || t1 < nl) ? strchr(t1 + 1, '\t') : NULL;
        if (t2) {
            *t1 = *t2 = '\0';
            (*out)[(*n)++] = (bl_hit_entity){
                .name = t2 + 1, .type = line, .count = (unsigned)strtoul(t1 + 1, NULL, 10)};
        }
        line = nl ? nl + 1 : NULL;
    }
    return BL_OK;
}
