/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ner_features.c — dump the learned tagger's token features of annotated documents.
 *
 * tools/train_tagger.py trains the BIO tagger of lib/ner_tagger.c on the very feature strings
 * the extractor computes (lib/entities.c, bl_entities_tagger_dump), so that training and use
 * can never disagree on tokens, case flags or gazetteer classes.  This program reads JSON
 * Lines documents {"id", "text", ...} and writes, per document, a line "#doc ID" and then
 * the dump of its text (per token "start end features...", an empty line per chunk).
 *
 * Usage: ner-features IN.jsonl... > features.txt          (built by `make ner-tagger`)
 */
#include "analyzer.h"
#include "entities.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int dump_file(const char *path, const bl_entity_extractor *x, bl_analyzer *a)
{
    FILE *in = fopen(path, "r");
    if (!in) {
        fprintf(stderr, "ner-features: %s: cannot open\n", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc = 0;
    while (getline(&line, &cap, in) > 0) {
        lineno++;
        json_error_t err;
        json_t *d = json_loads(line, 0, &err);
        const char *text = d ? json_string_value(json_object_get(d, "text")) : NULL;
        if (!text) {
            fprintf(stderr, "ner-features: %s:%ld: not a document with \"text\"\n", path, lineno);
            json_decref(d);
            rc = -1;
            continue;
        }
        const char *id = json_string_value(json_object_get(d, "id"));
        printf("#doc %s\n", id ? id : "?");
        if (bl_entities_tagger_dump(x, a, text, json_string_length(json_object_get(d, "text")),
                                    stdout) < 0) {
            fprintf(stderr, "ner-features: %s:%ld: out of memory\n", path, lineno);
            rc = -1;
        }
        json_decref(d);
    }
    free(line);
    fclose(in);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: ner-features IN.jsonl... > features.txt\n");
        return 2;
    }
    bl_entity_extractor *x = bl_entity_extractor_new();
    bl_analyzer *a = bl_analyzer_new("english");
    if (!x || !a) {
        fprintf(stderr, "ner-features: out of memory\n");
        return 3;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++)
        if (dump_file(argv[i], x, a) < 0)
            rc = 1;
    bl_analyzer_free(a);
    bl_entity_extractor_free(x);
    return rc;
}
