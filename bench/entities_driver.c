/* SPDX-License-Identifier: GPL-2.0-or-later */
/* entities_driver.c — run Byline's entity extractor over a JSON Lines file (benchmark driver).
 *
 * Reads documents {"id": ..., "text": ...} (one per line, as the NER set's dev.jsonl) and
 * writes one prediction line per document in the shape evaluate.py scores and that
 * `byline-index --extract` prints:
 *   {"id":..., "entities":[{"text","type","start","end","count","mentions":[[s,e],...]}]}
 * It uses the public API only (byline.h: bl_extractor_new, bl_extractor_write_jsonl), so it
 * measures what a library user gets.  The time spent in bl_extractor_write_jsonl (extraction
 * and its JSON) and the bytes given to it are reported on stderr as
 * "extract_bytes=N extract_seconds=S", so bench/entities can print throughput.
 *
 * Usage: entities_driver [--repeat N] [--surface] IN.jsonl > predictions.jsonl
 *   --repeat N   extract every document N times (timing only; output written once)
 *   --surface    name each prediction by the text of its mentions (whitespace runs as one
 *                space) instead of the entity's canonical name: one prediction per distinct
 *                surface form ("U.S." and "United States", "Baram" and "Amir Baram"), all
 *                with the entity's type.  This is how the GMB gold names its facets, so it
 *                scores extraction and typing without penalising alias and partial-name
 *                resolution.  Without it, one prediction per entity, named canonically.
 */
#include <byline.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The entities of d as bl_extractor_write_jsonl gives them (a JSON array, owned by the
 * caller), extracted `repeat` times; *secs is added the time it took.  NULL on failure. */
static json_t *extract(bl_extractor *x, const bl_document *d, int repeat, double *secs)
{
    char *buf = NULL;
    size_t len = 0;
    for (int r = 0; r < repeat; r++) {
        free(buf);
        buf = NULL;
        FILE *mem = open_memstream(&buf, &len);
        if (!mem)
            return NULL;
        double t0 = now();
        bl_status st = bl_extractor_write_jsonl(x, d, mem);
        *secs += now() - t0;
        if (fclose(mem) != 0 || st != BL_OK) {
            free(buf);
            return NULL;
        }
    }
    json_t *line = json_loadb(buf, len, 0, NULL);
    free(buf);
    json_t *ents = json_incref(json_object_get(line, "entities"));
    json_decref(line);
    return ents;
}

/* s with each run of white space as one space (malloc()ed). */
static char *squeeze(const char *s)
{
    char *o = malloc(strlen(s) + 1), *p = o;
    int space = 0;
    for (; o && *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            space = 1;
            continue;
        }
        if (space && p > o)
            *p++ = ' ';
        space = 0;
        *p++ = *s;
    }
    if (o)
        *p = '\0';
    return o;
}

/* Merge the surface-form entries of `ents` into one prediction per group: per canonical
 * name, or (surface) per name and squeezed text.  The first entry of a group gives start
 * and end (entries come in the order of their first mention); counts add up. */
static json_t *group(json_t *ents, int surface)
{
    json_t *out = json_array(), *by = json_object();
    size_t i;
    json_t *e;
    json_array_foreach(ents, i, e) {
        const char *name = json_string_value(json_object_get(e, "name"));
        const char *text = json_string_value(json_object_get(e, "text"));
        if (!name || !text)
            continue;
        char *shown = surface ? squeeze(text) : strdup(name);
        char *key = NULL;
        if (!shown || asprintf(&key, "%s\t%s", name, shown) < 0) {
            free(shown);
            continue;
        }
        json_t *p = json_object_get(by, key);
        if (!p) {
            p = json_pack("{s:s,s:O,s:O,s:O,s:I,s:[]}", "text", shown, "type",
                          json_object_get(e, "type"), "start", json_object_get(e, "start"),
                          "end", json_object_get(e, "end"), "count", (json_int_t)0,
                          "mentions");
            json_object_set_new(by, key, p);
            json_array_append(out, p);
        }
        json_array_extend(json_object_get(p, "mentions"), json_object_get(e, "mentions"));
        json_object_set_new(p, "count",
                            json_integer(json_integer_value(json_object_get(p, "count")) +
                                         json_integer_value(json_object_get(e, "count"))));
        free(key);
        free(shown);
    }
    json_decref(by);
    return out;
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
        fprintf(stderr, "usage: entities_driver [--repeat N] [--surface] IN.jsonl\n");
        return 2;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return 2;
    }
    bl_extractor *x = NULL;
    bl_status st = bl_extractor_new("english", &x);
    if (st != BL_OK) {
        fprintf(stderr, "entities_driver: %s\n", bl_status_to_string(st));
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
        json_t *id = json_object_get(doc, "id");
        char *id_text = json_is_string(id) ? strdup(json_string_value(id))
                                           : json_dumps(id ? id : json_null(), JSON_ENCODE_ANY);
        const char *text = json_string_value(json_object_get(doc, "text"));
        bl_document d;
        bl_document_init(&d);
        d.id = id_text ? id_text : "";
        d.text = text ? text : "";
        d.text_len = text ? json_string_length(json_object_get(doc, "text")) : 0;
        json_t *ents = extract(x, &d, repeat, &secs);
        bytes += d.text_len * (size_t)repeat;
        if (!ents) {
            fprintf(stderr, "entities_driver: %s:%zu: extraction failed\n", path, lineno);
            free(id_text);
            json_decref(doc);
            status = 1;
            break;
        }
        json_t *out = json_pack("{s:O,s:o}", "id", id, "entities", group(ents, surface));
        char *s = json_dumps(out, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (s) {
            puts(s);
            free(s);
        }
        json_decref(out);
        json_decref(ents);
        json_decref(doc);
        free(id_text);
    }
    fprintf(stderr, "extract_bytes=%zu extract_seconds=%.6f\n", bytes, secs);
    free(line);
    fclose(f);
    bl_extractor_free(x);
    return status;
}
