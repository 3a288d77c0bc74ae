/* docdata.c — encode and decode the per-document JSON data (see docdata.h). */
#include "docdata.h"

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
    uLongf got = n;
    if (uncompress((Bytef *)buf, &got, (const Bytef *)value + 5, (uLong)(len - 5)) != Z_OK ||
        got != n) {
        free(buf);
        return BL_ERR_CORRUPT;
    }
    buf[n] = '\0';
    *text = buf;
    *text_len = n;
    return BL_OK;
}
