/* docdata.c — encode and decode the per-document JSON data (see docdata.h). */
#include "docdata.h"

#include <stdlib.h>
#include <string.h>

static int set_str(json_t *o, const char *key, const char *v)
{
    if (!v)
        return 0;
    json_t *s = json_stringn_nocheck(v, strlen(v));
    return s ? json_object_set_new_nocheck(o, key, s) : -1;
}

static int set_entities(json_t *o, const bl_entity_list *ents)
{
    if (!ents || ents->n == 0)
        return 0;
    json_t *arr = json_array();
    if (!arr || json_object_set_new_nocheck(o, "entities", arr) < 0)
        return -1;
    for (size_t i = 0; i < ents->n; i++) {
        const bl_entity *e = &ents->items[i];
        json_t *je = json_pack("{s:s, s:s, s:I}", "name", e->name, "type",
                               bl_entity_type_name(e->type), "count", (json_int_t)e->count);
        if (!je || json_array_append_new(arr, je) < 0)
            return -1;
    }
    return 0;
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
    if (!rc) {
        json_t *t = json_stringn_nocheck(d->text, d->text_len);
        rc = !t || json_object_set_new_nocheck(o, "text", t) < 0;
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
