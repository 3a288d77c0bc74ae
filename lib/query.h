/* SPDX-License-Identifier: GPL-2.0-or-later */
/* query.h — Byline's query language (internal to libbyline).
 *
 * A small hand-written recursive-descent parser turns what a user types into an xc_query,
 * using the same analyzer as indexing so that a query word is the same word as an indexed one
 * (see lib/schema.h for the terms it produces).  The grammar, loosest binding first:
 *
 *   query    := or_expr
 *   or_expr  := and_expr { "OR" and_expr }
 *   and_expr := not_expr { "AND" not_expr }
 *   not_expr := unary { "NOT" unary }                    a NOT b  =  a AND_NOT b
 *   unary    := "NOT" unary | group                      NOT b    =  everything AND_NOT b
 *   group    := item { item }                            juxtaposition: the default operator
 *   item     := { "+" | "-" } near                       required / excluded
 *   near     := primary { ("NEAR" | "NEAR/n") primary }
 *   primary  := word | word* | "phrase" | field:value | "(" or_expr ")"
 *
 * Words written side by side form a group combined with the default operator (ranked OR, or
 * AND with --all); AND, OR and NOT join groups, so `climate change AND india` is
 * (climate change) AND india.  The user-facing description is bl_query_syntax_help().
 */
#ifndef BYLINE_QUERY_H
#define BYLINE_QUERY_H

#include <stddef.h>

#include "analyzer.h"
#include "byline.h"
#include "xapian_c.h"

/* A title match counts this many times as much as a body match unless the caller says. */
#define BL_QUERY_DEFAULT_TITLE_WEIGHT 1.5
/* The window of a bare NEAR (words within 10 positions of each other). */
#define BL_QUERY_DEFAULT_NEAR 10
/* The largest n accepted in NEAR/n. */
#define BL_QUERY_MAX_NEAR 1000
/* A wildcard may expand to at most this many terms; more is an error at search time
 * (xc_query_wildcard gives XC_INVALID_ARGUMENT from get_mset). */
#define BL_QUERY_WILDCARD_LIMIT 1000
/* A wildcard needs at least this many characters before the "*". */
#define BL_QUERY_WILDCARD_MIN_CHARS 2
/* At most this many words are listed for spelling suggestions. */
#define BL_QUERY_MAX_WORDS 64
/* Parentheses and NOTs nest at most this deep (bounds the parser's recursion). */
#define BL_QUERY_MAX_DEPTH 64
/* Bounds on the work one query may ask for (issue 12): a longer query is a query error
 * naming the limit, so that any query ends in well under a second. */
#define BL_QUERY_MAX_BYTES 16384   /* bytes of query text */
#define BL_QUERY_MAX_TERMS 1024    /* words (terms) in all chunks, phrases and names */
#define BL_QUERY_MAX_WILDCARDS 16  /* wildcards, each expanding to BL_QUERY_WILDCARD_LIMIT */

typedef bl_status (*bl_entity_resolver)(void *ctx, int type, const char *key, size_t at,
                                        size_t end, char ***terms, size_t *n);

typedef struct bl_query_options {
    int all_words;             /* --all: every bare word required (default: ranked OR) */
    const char *since, *until; /* --since/--until date bounds, same syntax as date: values
                                  (YYYY, YYYY-MM or YYYY-MM-DD), or NULL */
    double title_weight;       /* how much more a title match weighs than a body match
                                  (0 = BL_QUERY_DEFAULT_TITLE_WEIGHT; 1 = no title boost) */
    int stem_positions;        /* the index has positional stems and no unstemmed words
                                  (format >= BL_FORMAT_STEM_POSITIONS, lib/schema.h): phrases,
                                  NEAR and wildcards use stems; 0 for older indexes */
    /* Added: forgiving entity filters.  When set, person:/place:/org:/other:/entity: X (not a
     * wildcard) is compiled to the OR of the terms resolve_entity returns for it: type 0..3
     * (person, place, org, other; -1 for entity:), key the normalised value, [at, end) the
     * value's bytes in the query.  It hands back a malloc()ed array of malloc()ed terms (the
     * parser frees them; none: the filter matches nothing).  NULL: the exact key only. */
    bl_entity_resolver resolve_entity;
    void *resolve_ctx;
} bl_query_options;

typedef struct bl_parsed_query bl_parsed_query; /* opaque */

/* Parse `text` (NUL-terminated UTF-8; invalid bytes are separators) with analyzer `a` (the
 * index's language).  opts may be NULL (defaults).  On success *out is owned by the caller
 * (bl_parsed_query_free).  On BL_ERR_QUERY, *err (may be NULL) gets the 1-based byte column of
 * the offending character (0 when the problem is in an option such as --since) and a one-line
 * message.  Other failures: BL_ERR_ARGUMENT (NULL a/text/out, title_weight < 0),
 * BL_ERR_NO_MEMORY, BL_ERR_INTERNAL (the binding refused a query). */
bl_status bl_query_parse(bl_analyzer *a, const char *text, const bl_query_options *opts,
                         bl_parsed_query **out, bl_query_error *err);

/* The Xapian query; owned by q. */
const xc_query *bl_parsed_query_xapian(const bl_parsed_query *q);

/* 1 if the query ranks documents; 0 if it only filters (date:, id:, author:, entities, pure
 * negative queries): every hit then weighs 0 and callers may prefer to sort by date. */
int bl_parsed_query_is_ranked(const bl_parsed_query *q);

/* The positive word terms of the query (normalised, unstemmed, each once, in query order),
 * for spelling suggestions: bare, title: and text: words, words of phrases and of NEAR; not
 * excluded words, stopwords that were dropped, wildcards or filter fields.  At most
 * BL_QUERY_MAX_WORDS.  Owned by q. */
size_t bl_parsed_query_word_count(const bl_parsed_query *q);
const char *bl_parsed_query_word(const bl_parsed_query *q, size_t i);

/* What a snippet should mark: the positive parts of the query that can appear in a body. */
typedef enum bl_highlight_kind {
    BL_HIGHLIGHT_WORD,   /* one term: a body word matches if its term or its stem is equal */
    BL_HIGHLIGHT_PHRASE, /* terms[0..n) at consecutive positions, marked as one match */
    BL_HIGHLIGHT_PREFIX  /* a wildcard: body words whose term starts with terms[0] */
} bl_highlight_kind;

typedef struct bl_highlight {
    bl_highlight_kind kind;
    const char *const *terms; /* normalised terms, owned by the parsed query */
    size_t n_terms;
} bl_highlight;

size_t bl_parsed_query_highlight_count(const bl_parsed_query *q);
/* The i-th highlight (i < count); owned by q. */
const bl_highlight *bl_parsed_query_highlight(const bl_parsed_query *q, size_t i);

void bl_parsed_query_free(bl_parsed_query *q);

/* Render an error for a terminal: the message, then (when e->column > 0) the query and a caret
 * under the offending character, e.g.
 *     column 5: unbalanced quote: this '"' is never closed
 *       foo "bar
 *           ^
 * Works like snprintf: writes at most n bytes including the NUL (buf may be NULL when n is 0)
 * and returns the length the whole text needs, or -1 on bad arguments.  Control characters
 * and invalid UTF-8 in the query are shown as spaces / '?' so the caret stays aligned. */
int bl_query_error_format(const char *query, const bl_query_error *e, char *buf, size_t n);

/* The query syntax, as a multi-line text for --help and the README (static). */
const char *bl_query_syntax_help(void);

#endif /* BYLINE_QUERY_H */
