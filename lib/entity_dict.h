/* SPDX-License-Identifier: GPL-2.0-or-later */
/* entity_dict.h — the index-wide entity dictionary (internal to libbyline).
 *
 * Design.  The extractor (lib/entities.c) sees one document at a time; an analyst sees the
 * index.  So what the extractor found is stored per document as Xapian terms whose term
 * frequencies ARE the dictionary: Xapian keeps them current when a document is added,
 * replaced or deleted (incremental runs, --prune), sums them over shards (local or served by
 * xapian-tcpsrv) and carries them over its remote protocol.  No side table, no metadata (which
 * is per shard and not undone by a delete) has to be kept in step.
 *
 *   XPERSON:key  XPLACE:key  XORG:key  XOTHER:key
 *        the facet term, one per entity and document, typed as the document voted.  Read
 *        across the index, termfreq(X<TYPE>:key) is the type evidence: how many documents saw
 *        the entity as that type.  Its index-wide type is the type with the most documents
 *        (ties: person, place, org, other), and that type is what facets show and filters use.
 *   XNAME:key<TAB>Name     the name as the document wrote it; the display name is the most
 *        frequent of these, one in capitals only when there is no other (bl_entity_display_name)
 *   XFORM:key<TAB>Form     every other surface form seen (U.S., USA, ECB, Modi)
 *   XALIAS:alias<TAB>key   lookup key of a surface form, of its dot-free spelling (u.s. -> us)
 *        and, for people, of each distinctive word of the name and each multi-word tail
 *        ("modi", "von der leyen"): how person:Modi and place:USA find their entity.
 *
 * Facets need counts over the whole match set; reading every matching document's term list
 * is what made them slow.  So the keys are also stored in value slots BL_ENTITY_SLOT_FIRST..
 * +BL_ENTITY_SLOTS-1, one entity a slot as "<digit>key<TAB>Name" (the digit is the
 * document's type for it, '0' person .. '3' other; then the name as the document wrote it,
 * which facets no longer show: every counting way shows bl_entity_display_name), the entities past the last slot all in the last one
 * joined by '\n', and
 * counted with Xapian's built-in ValueCountMatchSpy (one per slot) during the match itself:
 * remote shards count where the data is, and the counts stay exact.  A key goes to the list
 * of its index-wide type, looked up, whatever type the matching documents gave it (so that
 * it is listed as the walk lists it).  Facets are mostly counted from the facet terms' documents against a
 * bitmap of the match instead (lib/facets.c; over remote shards both come through the
 * matcher); the slots serve narrow matches whose keys are not cached yet.
 *
 * Generic capitalised words (Government, Administration, West, Chair, ...) are never
 * entities: bl_entity_key_is_generic is consulted when storing and when reporting (so older
 * indexes are cleaned on display too).
 */
#ifndef BYLINE_ENTITY_DICT_H
#define BYLINE_ENTITY_DICT_H

#include <stddef.h>

#include "byline.h"
#include "entities.h"
#include "xapian_c.h"

#define BL_PREFIX_NAME "XNAME:"
#define BL_PREFIX_FORM "XFORM:"
#define BL_PREFIX_ALIAS "XALIAS:"
#define BL_ENTITY_SLOT_FIRST 10
#ifndef BL_ENTITY_SLOTS /* a build may try other sizes (bench/facets) */
#define BL_ENTITY_SLOTS 16
#endif

/* 1 if key (normalised) is a generic word or title that is never an entity on its own. */
int bl_entity_key_is_generic(const char *key, size_t len);

/* Lone given names.  A one-word person key is a given name many people share, which facets
 * do not list (filters and --entities still find it), when the longer person names it
 * begins have at least BL_GIVEN_MIN_SURNAMES different last words ("john": John Smith, John
 * Adams, John Kennedy), no one of which holds more than half of those names' documents (in
 * Jesus Christ, Jesus Franco, Jesus Guerra, "christ" does: "Jesus" alone is mostly he), and
 * those names are named by at least BL_GIVEN_RATIO times as many documents as the longer
 * names it is the last word of (Abraham Lincoln outweighs Lincoln Mills, Lincoln Steffens,
 * Lincoln Memorial; Elton John does not outweigh John Smith and the rest).  Not "ends
 * none": every corpus has a few "Uncle George", "Poor John", "Cabin John" or a real
 * W. L. George.  Documents are counted name by name (a document naming two names counts
 * twice).
 *
 * Read from the XALIAS:key<TAB>name terms byline-index writes for each word of a person's
 * name (and for a one-word form of any name), whose term frequencies count documents:
 * Xapian keeps them current through additions, replacements, deletions and --prune, and
 * merges them across shards (local or remote: term frequencies summed, each term once), so
 * the figures are index-wide and exact on every facet path.  A name's last word is taken
 * after a suffix (Jr, Sr, II, III, IV); a last word after a particle (St. John, de la Cruz)
 * is part of a longer surname and ends nothing; names with a tab or NUL, an empty word or a
 * single word are ignored (the terms are untrusted). */
#define BL_GIVEN_MIN_SURNAMES 3
#define BL_GIVEN_RATIO 4
typedef struct bl_given_figures {
    unsigned long surnames; /* different last words of the names key begins */
    unsigned long begins;   /* documents naming those names (name by name) */
    unsigned long top;      /* of which the most for one last word */
    unsigned long ends;     /* documents naming a name whose last word key is */
} bl_given_figures;
/* The figures of key (len bytes; all 0 for a key of more than one word, empty or too long).
 * BL_OK or the binding's failure (message on db). */
bl_status bl_entity_given_name_figures(xc_db *db, const char *key, size_t len,
                                       bl_given_figures *g);
/* 1 when figures g make a given name many people share. */
int bl_given_name_shared(const bl_given_figures *g);
/* *shared: 1 when key is such a given name, else 0 (also on failure). */
bl_status bl_entity_given_name_shared(xc_db *db, const char *key, size_t len, int *shared);

/* Add the dictionary terms and facet values of ents (found in text, len bytes: mention
 * offsets point into it) to doc.  One facet term per key (the first entity of a key wins);
 * generic keys are left out.  BL_ERR_NO_MEMORY or BL_ERR_INTERNAL on failure. */
bl_status bl_entity_dict_store(xc_doc *doc, const bl_entity_list *ents, const char *text,
                               size_t len);

/* Index-wide evidence of key: docs[t] documents saw it as type t; *type the index-wide type
 * (-1 if no document names it).  Returns BL_OK or the binding's failure. */
bl_status bl_entity_evidence(xc_db *db, const char *key, unsigned long docs[BL_ENTITY_NTYPES],
                             int *type);

/* The terms a filter of `type` (-1: entity:, any type) for `key` matches: the facet terms
 * (all four types) of key itself and of the entities it is an alias of, kept when their
 * index-wide type is `type`; when none is, the terms of documents that typed key (or an
 * alias) as `type` themselves.  A quoted value (person:"Modi") that is an entity of `type`
 * is not widened by aliases, so that filtering by a facet's key finds what the facet
 * counted.  *terms: malloc()ed array of malloc()ed strings (free with bl_entity_keys_free);
 * *n may be 0. */
bl_status bl_entity_resolve(xc_db *db, int type, const char *key, int quoted, char ***terms,
                            size_t *n);
void bl_entity_keys_free(char **keys, size_t n);

/* The display name of key, one for the whole index whichever way (and from whichever shards)
 * it is asked for: its XNAME form named by the most documents, a form written in capitals
 * only ("STATE DEPARTMENT", a heading) only when no other form exists, the first in byte
 * order among equals; key itself when it has none.  malloc()ed. */
char *bl_entity_display_name(xc_db *db, const char *key);
/* The display names of keys[0..n) at once, as bl_entity_display_name gives each (names[i]
 * malloc()ed, the key itself when none): one look-up a key on each part of db, the parts in
 * their own threads (xc_db_allterms_by_part), where bl_entity_display_name reads the parts
 * one after the other (remote shards: a round trip a key a shard, one after the other).
 * On failure every names[i] is NULL. */
bl_status bl_entity_display_names(xc_db *db, const char *const *keys, size_t n, char **names);

/* Up to max names of type `type` (-1 any) nearest to key (edit distance <= 2 on the key or
 * one of its words, or key a prefix of one of them), most documents first, joined by ", "
 * into *names; *best the best one's display name.  Both malloc()ed, NULL when none. */
bl_status bl_entity_nearest(xc_db *db, int type, const char *key, size_t max, char **names,
                            char **best);

/* The database of a searcher (owned by it), for the dictionary's readers (lib/search.c). */
xc_db *bl_searcher_db(bl_searcher *s);

#endif /* BYLINE_ENTITY_DICT_H */
