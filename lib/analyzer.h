/* SPDX-License-Identifier: GPL-2.0-or-later */
/* analyzer.h — Byline's one analyzer.
 *
 * Indexing, query parsing, snippet highlighting and entity extraction all see text through
 * this module, so a word is the same word everywhere.  The shape is SQLite FTS5's tokenizer:
 * a callback receives each token with the byte span it came from in the original text and
 * the normalised form used as an index term, and the caller says whether it is tokenising a
 * document or a query.
 *
 * What a token is:
 *   - a run of letters, marks and digits (Unicode categories L*, M*, N*), normalised with NFKC,
 *     case-folded and with accents removed on Latin, Greek and Cyrillic letters
 *     ("Café" -> "cafe"; vowel signs of Indic scripts are kept);
 *   - an inner apostrophe (' or U+2019) keeps a word together ("o'brien"), except a possessive
 *     "'s" which is dropped ("India's" -> "india");
 *   - "&" between letters keeps a word together ("R&D" -> "r&d"); "." or "," between digits
 *     keeps a number together ("3.5", "1,000" -> "1000");
 *   - single letters joined by dots are one acronym ("U.S." -> "us");
 *   - a hyphen splits ("Israel-India" -> "israel", "india", at consecutive positions, the
 *     second flagged BL_TOKEN_JOINED), so each part is findable and the phrase matches.
 * Invalid UTF-8 bytes never crash the analyzer: they are treated as separators (callers that
 * must report them run bl_utf8_sanitize() first).
 */
#ifndef BYLINE_ANALYZER_H
#define BYLINE_ANALYZER_H

#include "byline.h"

#include <stddef.h>

typedef enum bl_tokenize_mode {
    BL_TOKENIZE_DOCUMENT = 0,
    BL_TOKENIZE_QUERY = 1
} bl_tokenize_mode;

enum {
    BL_TOKEN_CAPITALISED = 1u << 0,   /* first letter is upper case in the original */
    BL_TOKEN_ALL_CAPS = 1u << 1,      /* every letter upper case (and at least two letters) */
    BL_TOKEN_SENTENCE_START = 1u << 2,/* first token of the text, a line, or after . ! ? : */
    BL_TOKEN_NUMERIC = 1u << 3,       /* starts with a digit */
    BL_TOKEN_JOINED = 1u << 4,        /* follows the previous token across a hyphen */
    BL_TOKEN_POSSESSIVE = 1u << 5,    /* a possessive 's was cut off ("India's") */
    BL_TOKEN_ACRONYM = 1u << 6        /* dotted acronym ("U.S.") */
};

typedef struct bl_token {
    const char *text;      /* the original text the span points into */
    size_t start, end;     /* byte span in the original text (end exclusive), including any
                              possessive suffix and acronym dots */
    const char *term;      /* normalised form (NUL-terminated, valid during the callback) */
    size_t term_len;
    unsigned position;     /* 0-based word position */
    unsigned flags;        /* BL_TOKEN_* */
} bl_token;

/* Return 0 to go on, non-zero to stop tokenising (that value is returned by the tokenizer). */
typedef int (*bl_token_cb)(void *ctx, const bl_token *tok);

typedef struct bl_analyzer bl_analyzer;

/* A new analyzer for `language` (a Snowball name: "english", "french", ... or "none" for no
 * stemming; NULL or "" = "english") in *out, owned by the caller (bl_analyzer_free).  An
 * analyzer is not thread-safe: use one per thread.  Returns BL_OK, BL_ERR_ARGUMENT (unknown
 * language, NULL out) or BL_ERR_NO_MEMORY. */
bl_status bl_analyzer_open(const char *language, bl_analyzer **out);
/* The same, for callers that need not tell the failures apart: NULL on either. */
bl_analyzer *bl_analyzer_new(const char *language);
void bl_analyzer_free(bl_analyzer *a);
const char *bl_analyzer_language(const bl_analyzer *a);

/* Tokenise len bytes of text, calling cb for each token in order.  Positions start at
 * `first_position`.  Returns 0, the callback's non-zero value, or -1 on memory failure.
 * *next_position (may be NULL) receives the position after the last token. */
int bl_analyzer_tokenize(bl_analyzer *a, const char *text, size_t len, bl_tokenize_mode mode,
                         unsigned first_position, bl_token_cb cb, void *ctx,
                         unsigned *next_position);

/* Stem a normalised term.  Returns a pointer owned by the analyzer, valid until the next call;
 * *out_len its length.  NULL on memory failure.  With language "none" returns the term. */
const char *bl_analyzer_stem(bl_analyzer *a, const char *term, size_t len, size_t *out_len);

/* Normalise a single string (NFKC, case-fold, strip accents) into a malloc()ed string owned by
 * the caller; NULL on failure.  Used for keys (entity lookup keys, field values). */
char *bl_normalize(const char *s, size_t len, size_t *out_len);

/* Is `term` (normalised) an English stopword?  Used for ranked word lists, not phrases. */
int bl_is_stopword(const char *term, size_t len);

/* Replace invalid UTF-8 sequences and NUL bytes with U+FFFD.  Returns a malloc()ed,
 * NUL-terminated copy (owned by the caller) or NULL on memory failure; *out_len its length;
 * *invalid (may be NULL) the number of replaced sequences. */
char *bl_utf8_sanitize(const char *s, size_t len, size_t *out_len, size_t *invalid);

#endif /* BYLINE_ANALYZER_H */
