/* SPDX-License-Identifier: GPL-2.0-or-later */
/* entities.h — named-entity extraction for Byline's entity facets.
 *
 * At index time every article is scanned for the people, places, organisations and "other"
 * names (events, operations, products, laws, nationalities) it mentions, so that a search can
 * count and filter by them (terms XPERSON:, XPLACE:, XORG:, XOTHER: in schema.h).  The
 * extractor is rule-based and cheap: it reads the analyzer's tokens (so a name's key is the
 * same word the index holds), finds capitalised name sequences, types them with gazetteers
 * and cue words (titles, organisation and event words), then resolves names within the
 * document ("Baram" after "Amir Baram", "U.S." and "United States", "Mr Singh") and gives each
 * entity one type by voting over its mentions.  See entities.c for the rules.
 */
#ifndef BYLINE_ENTITIES_H
#define BYLINE_ENTITIES_H

#include <stddef.h>

#include "analyzer.h"

typedef enum bl_entity_type {
    BL_ENTITY_PERSON,
    BL_ENTITY_PLACE,
    BL_ENTITY_ORG,
    BL_ENTITY_OTHER,
    BL_ENTITY_NTYPES
} bl_entity_type;

/* "person", "place", "org", "other" ("?" for an out-of-range value). */
const char *bl_entity_type_name(bl_entity_type t);

/* Parse a type name (as above, case-insensitive).  0 ok, -1 unknown. */
int bl_entity_type_from_name(const char *name, bl_entity_type *out);

typedef struct bl_entity {
    char *name;        /* canonical display name ("Amir Baram", "United States",
                          "Israeli Ministry of Defence") */
    char *key;         /* lookup key: bl_normalize(name), used in facet terms */
    bl_entity_type type;
    unsigned count;    /* mentions in the document */
    size_t start, end; /* byte span of the first mention in the text given */
    size_t *mentions;  /* all mention spans as [start,end) pairs: mentions[2*i], [2*i+1] */
    size_t n_mentions;
} bl_entity;

typedef struct bl_entity_list {
    bl_entity *items;  /* in order of first mention */
    size_t n;
} bl_entity_list;

typedef struct bl_entity_extractor bl_entity_extractor;

/* Build an extractor (loads the gazetteers).  NULL on memory failure.  Immutable afterwards:
 * one extractor may be shared by any number of threads. */
bl_entity_extractor *bl_entity_extractor_new(void);
void bl_entity_extractor_free(bl_entity_extractor *x);

/* Extract the entities of text (len bytes of valid UTF-8; for a document: title + "\n" +
 * body, or just the body when there is no title).  Tokens come from the analyzer `a` (one per
 * thread).  Fills *out (the caller frees it with bl_entity_list_free; on failure *out is
 * empty).  Returns 0, or -1 on memory failure.
 *
 * Work and memory are bounded: only the first BL_ENTITY_MAX_TOKENS tokens are read, and at
 * most BL_ENTITY_MAX_MENTIONS mentions are kept (count still counts them all). */
int bl_entities_extract(const bl_entity_extractor *x, bl_analyzer *a, const char *text,
                        size_t len, bl_entity_list *out);

void bl_entity_list_free(bl_entity_list *l);

#define BL_ENTITY_MAX_TOKENS (4u << 20)
#define BL_ENTITY_MAX_MENTIONS (1u << 20)

#endif /* BYLINE_ENTITIES_H */
