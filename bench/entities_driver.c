/* SPDX-License-Identifier: GPL-2.0-or-later */
/* entities_driver.c — run Byline's entity extractor over a JSON Lines file (benchmark driver).
 *
 * Reads documents {"id": ..., "text": ...} (one per line, as the NER set's dev.jsonl) and
 * writes one prediction line per document in the shape evaluate.py scores and that
 * `byline-index --extract` prints:
 *   {"id":..., "entities":[{"text","type","start","end","count","mentions":[[s,e],...]}]}
 * The time spent inside bl_entities_extract() and the bytes given to it are reported on
 * stderr as "extract_bytes=N extract_seconds=S", so bench/entities can print throughput.
 *
 * Usage: entities_driver [--repeat N] [--surface] IN.jsonl > predictions.jsonl
 *   --repeat N   extract every document N times (timing only; output written once)
 *   --surface    name each prediction by the text of its mentions instead of the entity's
 *                canonical name: one prediction per distinct surface form ("U.S." and
 *                "United States", "Baram" and "Amir Baram"), all with the entity's type.
 *                This is how the GMB gold names its facets, so it scores extraction and
 *                typing without penalising alias and partial-name resolution.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer.h"
#include "entities.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --surface: one prediction per distinct mention text of entity e. */
static void emit_surfaces(json_t *arr, const char *text, const bl_entity *e)
{
    json_t *by_text = json_object();
    for (size_t k = 0; k < e->n_mentions; k++) {
        size_t s = e->mentions[2 * k], t = e->mentions[2 * k + 1];
        char *surf = malloc(t - s + 1);
        if (!surf)
            break;
        size_t o = 0;
        int space = 0;
        for (size_t i = s; i < t; i++) {
            char ch = text[i];
            if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
                space = 1;
                continue;
            }
            if (space && o)
                surf[o++] = ' ';
            space = 0;
            surf[o++] = ch;
        }
        surf[o] = '\0';
        json_t *p = json_object_get(by_text, surf);
        if (!p) {
            p = json_pack("{s:s,s:s,s:I,s:I,s:I,s:[]}", "text", surf, "type",
                          bl_entity_type_name(e->type), "start", (json_int_t)s, "end",
                          (json_int_t)t, "count", (json_int_t)0, "mentions");
            json_object_set_new(by_text, surf, p);
        }
        json_array_append_new(json_object_get(p, "mentions"),
                              json_pack("[II]", (json_int_t)s, (json_int_t)t));
        json_object_set_new(p, "count",
                            json_integer(json_integer_value(json_object_get(p, "count")) + 1));
        free(surf);
    }
    const char *key;
    json_t *v;
    json_object_foreach(by_text, key, v) json_array_append(arr, v);
    json_decref(by_text);
}

int main(int argc, char **argv)
{
    int repeat = 1, surface = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (strcmp(argv[i], "--surface") == 0)
            surface = 1;
        else
            path = argv[i];
    }
    if (!path || repeat < 1) {
        fprintf(stderr, "usage: entities_driver [--repeat N] IN.jsonl\n");
        return 2;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return 2;
    }
    bl_entity_extractor *x = bl_entity_extractor_new();
    bl_analyzer *a = bl_analyzer_new("english");
    if (!x || !a) {
        fprintf(stderr, "entities_driver: out of memory\n");
        return 1;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    double secs = 0;
    size_t bytes = 0;
    int status = 0;
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        json_error_t err;
        json_t *doc = json_loads(line, 0, &err);
        if (!doc) {
            fprintf(stderr, "%s:%zu: %s\n", path, lineno, err.text);
            status = 2;
            break;
        }
        const char *text = json_string_value(json_object_get(doc, "text"));
        size_t len = json_string_length(json_object_get(doc, "text"));
        json_t *id = json_object_get(doc, "id");
        bl_entity_list ents = {0};
        for (int r = 0; r < repeat; r++) {
            bl_entity_list_free(&ents);
            double t0 = now();
            if (bl_entities_extract(x, a, text ? text : "", text ? len : 0, &ents) < 0) {
                fprintf(stderr, "entities_driver: extraction failed (memory)\n");
                return 1;
            }
            secs += now() - t0;
            bytes += len;
        }
        json_t *arr = json_array();
        for (size_t i = 0; i < ents.n; i++) {
            const bl_entity *e = &ents.items[i];
            if (surface) {
                emit_surfaces(arr, text, e);
                continue;
            }
            json_t *ms = json_array();
            for (size_t k = 0; k < e->n_mentions; k++)
                json_array_append_new(ms, json_pack("[II]", (json_int_t)e->mentions[2 * k],
                                                    (json_int_t)e->mentions[2 * k + 1]));
            json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:o}", "text",
                                                 e->name, "key", e->key, "type",
                                                 bl_entity_type_name(e->type), "start",
                                                 (json_int_t)e->start, "end",
                                                 (json_int_t)e->end, "count",
                                                 (json_int_t)e->count, "mentions", ms));
        }
        json_t *out = json_pack("{s:O,s:o}", "id", id, "entities", arr);
        char *s = json_dumps(out, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (s) {
            puts(s);
            free(s);
        }
        json_decref(out);
        json_decref(doc);
        bl_entity_list_free(&ents);
    }
    fprintf(stderr, "extract_bytes=%zu extract_seconds=%.6f\n", bytes, secs);
    free(line);
    fclose(f);
    bl_analyzer_free(a);
    bl_entity_extractor_free(x);
    return status;
}
