/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ner_model.h — the learned span-typing model of entity extraction (internal).
 *
 * A multi-class averaged perceptron, trained by tools/train_ner.py on openly licensed
 * annotated text (WikiGold, re3d; see README.md) and generated into lib/ner_model_data.c.
 * Given a candidate name span and the words around it (bl_ner_span), it computes the span's
 * feature strings (its words, first and last word, the words around it and their gazetteer
 * classes; the list is in tools/train_ner.py, which computes the same strings from the same
 * text) and scores five labels: person, place, org, other (the order of bl_entity_type) and
 * "none" (no entity).  The extractor's rules use the scores as extra, bounded votes where
 * their own cues say little.
 *
 * The table is built once per extractor and read-only afterwards: threads may share it. */
#ifndef BYLINE_NER_MODEL_H
#define BYLINE_NER_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define BL_NER_LABELS 5 /* person, place, org, other, none */
#define BL_NER_NONE 4

typedef struct bl_ner_model {
    const char **keys;    /* feature strings, pointing into the static data */
    uint16_t *key_lens;
    int16_t (*weights)[BL_NER_LABELS];
    uint32_t *slots;      /* open addressing: feature index + 1, 0 = empty */
    size_t n, mask;
} bl_ner_model;

/* Build the table from the generated data.  0, or -1 on memory failure (the model is then
 * empty and scores nothing). */
int bl_ner_model_init(bl_ner_model *m);
void bl_ner_model_destroy(bl_ner_model *m);

/* Add the weights of feature `f` (len bytes) to scores[BL_NER_LABELS]; unknown: nothing. */
void bl_ner_model_add(const bl_ner_model *m, const char *f, size_t len, int *scores);

/* One word as the model sees it; the strings are borrowed from the caller. */
typedef struct bl_ner_word {
    const char *term;  /* the analyzer's term (lower case, no accents) */
    size_t term_len;
    uint32_t classes;  /* BL_GZ_* flags of the word alone in the gazetteer as the model was
                          trained (bl_gz_entry.model_flags), 0 = none */
} bl_ner_word;

/* A candidate name and its neighbours; every pointer borrowed from the caller. */
typedef struct bl_ner_span {
    const bl_ner_word *words;     /* the name's words, n >= 1 */
    size_t n;
    const bl_ner_word *before;    /* the word right before it, NULL where the text has none */
    const bl_ner_word *after;     /* the word right after it, NULL where the text has none */
    int acronym;                  /* one word written in capitals ("ISRO", "U.N.") */
} bl_ner_span;

/* Receives one feature string (len bytes, not NUL-terminated, valid during the call). */
typedef void (*bl_ner_feature_fn)(void *arg, const char *f, size_t len);

/* Call fn with every feature string of span s, in the order tools/train_ner.py lists them.
 * Features longer than 255 bytes are left out (they are in no model). */
void bl_ner_span_features(const bl_ner_span *s, bl_ner_feature_fn fn, void *arg);

/* scores[BL_NER_LABELS] = the model's scores of span s (all 0 for an empty model). */
void bl_ner_model_score(const bl_ner_model *m, const bl_ner_span *s, int *scores);

#endif /* BYLINE_NER_MODEL_H */
