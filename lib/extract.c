/* SPDX-License-Identifier: GPL-2.0-or-later */
/* extract.c — entity extraction without indexing (byline-index --extract).
 *
 * Lets a person see, and a script score, what Byline finds in a document before anything is
 * written: each document becomes one JSON line {"id", "entities": [{"text", "type", "start",
 * "end", "count", "mentions"}]}, where offsets are bytes of the text the extractor saw (title
 * and body joined by a newline, or the body alone when there is no title) — the same text,
 * joined the same way, as the indexer gives it. */
#include "byline.h"
#include "analyzer.h"
#include "entities.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct bl_extractor {
    bl_analyzer *analyzer;
    bl_entity_extractor *entities;
};

bl_status bl_extractor_new(const char *language, bl_extractor **out)
{
    if (!out)
        return BL_ERR_ARGUMENT;
    *out = NULL;
    bl_extractor *x = calloc(1, sizeof *x);
    if (!x)
        return BL_ERR_NO_MEMORY;
    bl_status st = bl_analyzer_open(language, &x->analyzer);
    if (st == BL_OK && !(x->entities = bl_entity_extractor_new()))
        st = BL_ERR_NO_MEMORY; /* it takes no argument: NULL can only mean memory */
    if (st != BL_OK) {
        bl_extractor_free(x);
        return st;
    }
    *out = x;
    return BL_OK;
}

void bl_extractor_free(bl_extractor *x)
{
    if (!x)
        return;
    bl_analyzer_free(x->analyzer);
    bl_entity_extractor_free(x->entities);
    free(x);
}

/* title + "\n" + body, or the body alone (malloc()ed). */
char *bl_document_joined_text(const bl_document *d, size_t *len)
{
    size_t tl = d->title && *d->title ? strlen(d->title) : 0;
    size_t n = tl ? tl + 1 + d->text_len : d->text_len;
    char *s = malloc(n + 1);
    if (!s)
        return NULL;
    if (tl) {
        memcpy(s, d->title, tl);
        s[tl] = '\n';
    }
    memcpy(s + (tl ? tl + 1 : 0), d->text, d->text_len);
    s[n] = '\0';
    *len = n;
    return s;
}

/* One entry per distinct surface form of an entity: the words as written ("U.S.", "Baram"),
 * with the canonical name the facets use ("United States", "Amir Baram") beside them, so a
 * reader sees both what was found and what it was resolved to. */
static int append_surface_forms(json_t *arr, const bl_entity *e, const char *text)
{
    for (size_t i = 0; i < e->n_mentions; i++) {
        size_t s = e->mentions[2 * i], len = e->mentions[2 * i + 1] - s;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = e->mentions[2 * j + 1] - e->mentions[2 * j] == len &&
                   !memcmp(text + e->mentions[2 * j], text + s, len);
        if (seen)
            continue;
        json_t *mentions = json_array();
        json_int_t count = 0;
        for (size_t j = i; mentions && j < e->n_mentions; j++) {
            size_t sj = e->mentions[2 * j], lj = e->mentions[2 * j + 1] - sj;
            if (lj != len || memcmp(text + sj, text + s, len))
                continue;
            count++;
            if (json_array_append_new(mentions, json_pack("[I,I]", (json_int_t)sj,
                                                          (json_int_t)(sj + lj))) < 0) {
                json_decref(mentions);
                return -1;
            }
        }
        json_t *o = mentions ? json_pack("{s:s%,s:s,s:s,s:I,s:I,s:I,s:o}", "text", text + s, len,
                                         "name", e->name, "type", bl_entity_type_name(e->type),
                                         "start", (json_int_t)s, "end", (json_int_t)(s + len),
                                         "count", count, "mentions", mentions)
                             : NULL;
        if (!o || json_array_append_new(arr, o) < 0)
            return -1;
    }
    return 0;
}

bl_status bl_extractor_write_jsonl(bl_extractor *x, const bl_document *d, FILE *out)
{
    if (!x || !d || !out)
        return BL_ERR_ARGUMENT;
    size_t len;
    char *text = bl_document_joined_text(d, &len);
    if (!text)
        return BL_ERR_NO_MEMORY;
    bl_entity_list list = {0};
    int rc = bl_entities_extract(x->entities, x->analyzer, text, len, &list);
    if (rc < 0) {
        free(text);
        return BL_ERR_NO_MEMORY;
    }
    json_t *arr = json_array();
    bl_status st = arr ? BL_OK : BL_ERR_NO_MEMORY;
    for (size_t i = 0; st == BL_OK && i < list.n; i++)
        if (append_surface_forms(arr, &list.items[i], text) < 0)
            st = BL_ERR_NO_MEMORY;
    bl_entity_list_free(&list);
    free(text);
    json_t *o = st == BL_OK ? json_pack("{s:s,s:o}", "id", d->id, "entities", arr) : NULL;
    if (!o) {
        json_decref(st == BL_OK ? NULL : arr);
        return BL_ERR_NO_MEMORY;
    }
    st = json_dumpf(o, out, JSON_COMPACT) < 0 || fputc('\n', out) == EOF ? BL_ERR_IO : BL_OK;
    json_decref(o);
    return st;
}
