/* SPDX-License-Identifier: GPL-2.0-or-later */
/* extract_fuzz.c — libFuzzer target for entity extraction (lib/entities.c and the analyzer
 * under it): a document's text is untrusted, and every byte of it reaches the extractor's
 * rules, which look ahead and behind tokens and bytes (telephone numbers, dotted
 * abbreviations, headlines, dates in a dateline...).
 *
 * Each input is made valid UTF-8 with bl_utf8_sanitize (what byline-index does before it
 * extracts) and extracted once.  Beyond the sanitizers' own checks, the target aborts when a
 * documented promise is broken:
 *   - bl_entities_extract answers 0 (it fails only when memory runs out);
 *   - every entity has a non-empty name and key, both valid UTF-8 without NUL bytes, a type
 *     bl_entity_type_name knows, and a mention count of at least its kept mentions;
 *   - the first mention and every kept mention are non-empty spans inside the text, on
 *     UTF-8 character boundaries, and the first mention is the first span of `mentions`.
 * Build and run: `make fuzz` (both targets, FUZZ_TIME seconds each).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "entities.h"

/* Built once per process (the gazetteers and the stemmer dominate a run otherwise);
 * libFuzzer runs inputs one at a time. */
static bl_analyzer *analyzer;
static bl_entity_extractor *extractor;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    analyzer = bl_analyzer_new("english");
    extractor = bl_entity_extractor_new();
    return analyzer && extractor ? 0 : -1;
}

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "extract_fuzz: check failed: %s (%s:%d)\n", #cond, __FILE__, \
                    __LINE__);                                                           \
            abort();                                                                     \
        }                                                                                \
    } while (0)

/* Is s (NUL-terminated) non-empty valid UTF-8? */
static int valid_name(const char *s)
{
    size_t len = s ? strlen(s) : 0, invalid = 0, out = 0;
    if (len == 0)
        return 0;
    char *clean = bl_utf8_sanitize(s, len, &out, &invalid);
    free(clean);
    return clean != NULL && invalid == 0;
}

/* Does byte offset k of text start a character (or end the text)? */
static int on_boundary(const char *text, size_t len, size_t k)
{
    return k == len || ((unsigned char)text[k] & 0xC0) != 0x80;
}

static void check_span(const char *text, size_t len, size_t start, size_t end)
{
    CHECK(start < end);
    CHECK(end <= len);
    CHECK(on_boundary(text, len, start));
    CHECK(on_boundary(text, len, end));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len = 0;
    char *text = bl_utf8_sanitize((const char *)data, size, &len, NULL);
    if (!text)
        return 0;
    bl_entity_list list;
    CHECK(bl_entities_extract(extractor, analyzer, text, len, &list) == 0);
    for (size_t i = 0; i < list.n; i++) {
        const bl_entity *e = &list.items[i];
        CHECK(valid_name(e->name));
        CHECK(valid_name(e->key));
        CHECK(strcmp(bl_entity_type_name(e->type), "?") != 0);
        CHECK(e->count >= e->n_mentions);
        check_span(text, len, e->start, e->end);
        for (size_t m = 0; m < e->n_mentions; m++)
            check_span(text, len, e->mentions[2 * m], e->mentions[2 * m + 1]);
        if (e->n_mentions)
            CHECK(e->mentions[0] == e->start && e->mentions[1] == e->end);
    }
    bl_entity_list_free(&list);
    free(text);
    return 0;
}
