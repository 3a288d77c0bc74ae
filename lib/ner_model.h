/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ner_model.h — the learned span-typing model of entity extraction (internal).
 *
 * A multi-class averaged perceptron, trained by tools/train_ner.py on openly licensed
 * annotated text (WikiGold, re3d; see README.md) and generated into lib/ner_model_data.c.
 * Given the feature strings of a candidate name span (its words, first and last word, the
 * words around it; the list is in tools/train_ner.py), it scores five labels: person,
 * place, org, other (the order of bl_entity_type) and "none" (no entity).  The extractor's
 * rules use the scores as extra, bounded votes where their own cues say little.
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

#endif /* BYLINE_NER_MODEL_H */
