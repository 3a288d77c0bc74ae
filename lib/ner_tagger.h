/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ner_tagger.h — the learned sequence tagger of entity extraction (internal).
 *
 * An averaged-perceptron BIO tagger over the analyzer's tokens, trained by
 * tools/train_tagger.py on openly licensed annotated text (WikiGold, re3d; see README.md) and
 * generated into lib/generated/ner_tagger_data.c.  Each token gets one of nine tags: O, or
 * B-/I- (begin, inside) of person, place, org, other.  The features of a token are strings
 * computed by lib/entities.c (its word, shape, neighbours, gazetteer classes; the list is in
 * tools/train_tagger.py) plus the previous token's tag; decoding is greedy, left to right.
 * The extractor uses the tags as type votes for the names its rules find.
 *
 * The table is built once per extractor and read-only afterwards: threads may share it. */
#ifndef BYLINE_NER_TAGGER_H
#define BYLINE_NER_TAGGER_H

#include <stddef.h>
#include <stdint.h>

/* Tag t: 0 = O; 1 + 2 * type = B-type; 2 + 2 * type = I-type (type in bl_entity_type order). */
#define BL_TAG_LABELS 9
#define BL_TAG_O 0
#define BL_TAG_B(type) (1 + 2 * (type))
#define BL_TAG_I(type) (2 + 2 * (type))
#define BL_TAG_TYPE(tag) (((tag) - 1) / 2) /* for tag > 0 */
#define BL_TAG_IS_I(tag) ((tag) > 0 && ((tag) % 2) == 0)

typedef struct bl_ner_tagger {
    const char **keys;    /* feature strings, pointing into the static data */
    uint16_t *key_lens;
    int16_t (*weights)[BL_TAG_LABELS];
    uint32_t *slots;      /* open addressing: feature index + 1, 0 = empty */
    size_t n, mask;
} bl_ner_tagger;

/* Build the table from the generated data.  0, or -1 on memory failure (the tagger is then
 * empty and tags nothing). */
int bl_ner_tagger_init(bl_ner_tagger *m);
void bl_ner_tagger_destroy(bl_ner_tagger *m);

/* Add the weights of feature `f` (len bytes) to scores[BL_TAG_LABELS]; unknown: nothing. */
void bl_ner_tagger_add(const bl_ner_tagger *m, const char *f, size_t len, int *scores);

/* The best tag for scores[BL_TAG_LABELS] given the previous token's tag: an I- tag only
 * after a B- or I- tag of the same type (otherwise it is read as that type's B- tag). */
int bl_ner_tagger_best(const int *scores, int prev);

#endif /* BYLINE_NER_TAGGER_H */
