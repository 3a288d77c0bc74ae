/* SPDX-License-Identifier: GPL-2.0-or-later */
/* query.c — Byline's query language: lexer, recursive-descent parser, compiler to xc_query.
 *
 * Three stages, each with one job:
 *   1. the lexer cuts the text into tokens (chunks of non-space text, quoted phrases,
 *      parentheses, the upper-case operators, +/- modifiers and field names), remembering the
 *      byte offset of each so that errors can point at a column;
 *   2. the parser (grammar in query.h) builds a small tree of nodes; the words inside chunks
 *      and phrases are found by the analyzer, exactly as at indexing time;
 *   3. the compiler walks the tree and builds the Xapian query through xapian_c.h, deciding
 *      which parts rank (words, phrases, NEAR, wildcards) and which only filter (id:, date:,
 *      author:, source:, entities), and collects the words and highlights of the positive
 *      parts for spelling suggestions and snippets.
 * All tree memory comes from one arena owned by the parsed query, so error paths never have
 * to free nodes one by one.  There is no global mutable state.
 */
#include "query.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "schema.h"
#include "status.h"
#include "util.h"

/* ========================================================================================== */
/* Arena: bump allocation, freed all at once                                                  */

typedef struct arena_block {
    struct arena_block *next;
    size_t used, size;
    max_align_t data[];
} arena_block;

typedef struct arena {
    arena_block *head;
} arena;

enum { ARENA_BLOCK_BYTES = 8192 };

static void *arena_alloc(arena *ar, size_t n)
{
    const size_t align = sizeof(max_align_t);
    if (n > SIZE_MAX / 4)
        return NULL;
    n = n == 0 ? align : (n + align - 1) / align * align;
    arena_block *b = ar->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > ARENA_BLOCK_BYTES ? n : ARENA_BLOCK_BYTES;
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->used = 0;
        b->size = size;
        if (ar->head && n > ARENA_BLOCK_BYTES) {
            /* a big block goes behind the current one, which still has room for small ones */
            b->next = ar->head->next;
            ar->head->next = b;
        } else {
            b->next = ar->head;
            ar->head = b;
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

static char *arena_strndup(arena *ar, const char *s, size_t len)
{
    char *p = arena_alloc(ar, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

static void arena_free(arena *ar)
{
    for (arena_block *b = ar->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    ar->head = NULL;
}

/* A growable array of pointers living in an arena (old arrays are simply abandoned). */
typedef struct ptrvec {
    void **v;
    size_t n, cap;
} ptrvec;

static int ptrvec_push(arena *ar, ptrvec *pv, void *item)
{
    if (pv->n == pv->cap) {
        size_t cap = pv->cap ? pv->cap * 2 : 4;
        void **v = arena_alloc(ar, cap * sizeof *v);
        if (!v)
            return -1;
        if (pv->n)
            memcpy(v, pv->v, pv->n * sizeof *v);
        pv->v = v;
        pv->cap = cap;
    }
    pv->v[pv->n++] = item;
    return 0;
}

/* ========================================================================================== */
/* Fields                                                                                     */

typedef enum field_id {
    F_NONE, /* bare words: title and body, title matches weigh more */
    F_TITLE,
    F_TEXT,
    F_AUTHOR,
    F_SOURCE,
    F_ID,
    F_DATE,
    F_PERSON,
    F_PLACE,
    F_ORG,
    F_OTHER,
    F_ENTITY
} field_id;

static const struct field_def {
    const char *name;
    field_id id;
} field_defs[] = {
    {"title", F_TITLE},   {"text", F_TEXT},   {"author", F_AUTHOR}, {"source", F_SOURCE},
    {"id", F_ID},         {"date", F_DATE},   {"person", F_PERSON}, {"place", F_PLACE},
    {"org", F_ORG},       {"other", F_OTHER}, {"entity", F_ENTITY},
};

#define FIELD_LIST "title, text, author, source, id, date, person, place, org, other, entity"

static const char *field_name(field_id f)
{
    for (size_t i = 0; i < sizeof field_defs / sizeof *field_defs; i++)
        if (field_defs[i].id == f)
            return field_defs[i].name;
    return "";
}

/* Look a field name up, ignoring ASCII case; -1 if unknown. */
static int field_lookup(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof field_defs / sizeof *field_defs; i++) {
        const char *name = field_defs[i].name;
        if (strlen(name) != len)
            continue;
        size_t k = 0;
        while (k < len && (s[k] | 0x20) == name[k])
            k++;
        if (k == len)
            return (int)field_defs[i].id;
    }
    return -1;
}

/* Fields whose words are searched in the article text (and so can be highlighted). */
static int field_is_text(field_id f) { return f == F_NONE || f == F_TITLE || f == F_TEXT; }

static int field_is_entity(field_id f) { return f >= F_PERSON && f <= F_ENTITY; }

/* The prefix of a field's unstemmed terms: in indexes before format 3, the positional terms
 * of phrases, NEAR and wildcards; source words are always unstemmed. */
static const char *positional_prefix(field_id f)
{
    switch (f) {
    case F_TITLE: return BL_PREFIX_TITLE;
    case F_AUTHOR: return BL_PREFIX_AUTHOR;
    case F_SOURCE: return BL_PREFIX_SOURCE;
    default: return "";
    }
}

/* The prefix of a field's stems.  From format 3 on they carry the positions. */
static const char *stem_prefix(field_id f)
{
    switch (f) {
    case F_TITLE: return BL_PREFIX_STEM BL_PREFIX_TITLE;
    case F_AUTHOR: return BL_PREFIX_STEM BL_PREFIX_AUTHOR;
    case F_SOURCE: return BL_PREFIX_SOURCE; /* not stemmed */
    default: return BL_PREFIX_STEM;
    }
}

/* Author and source words restrict the results rather than rank them. */
static int field_filters(field_id f) { return !field_is_text(f); }

/* ========================================================================================== */
/* The tree                                                                                   */

typedef enum node_kind {
    N_WORD,     /* terms[0]: one word */
    N_PHRASE,   /* terms[0..n): words at consecutive positions; wildcard: a one-word prefix */
    N_WILDCARD, /* terms[0]: a prefix */
    N_NEAR,     /* subs: N_WORD operands; window */
    N_ID,       /* terms[0]: the raw id */
    N_ENTITY,   /* terms[0]: the lookup key (a prefix if wildcard); name_terms: its words */
    N_DATE,     /* lo / hi: value bounds (NULL = open); empty: matches nothing */
    N_GROUP,    /* subs: juxtaposed items, each with its modifier: the default operator */
    N_AND,      /* subs */
    N_OR,       /* subs */
    N_NOT,      /* subs[0] AND_NOT (subs[1] OR subs[2] ...) */
    N_NEG,      /* everything AND_NOT subs[0] */
    N_ALL       /* "*" alone: every document */
} node_kind;

typedef enum modifier { MOD_NONE, MOD_REQUIRED, MOD_EXCLUDED } modifier;

typedef struct node {
    node_kind kind;
    field_id field;
    modifier mod;      /* as an item of an N_GROUP */
    size_t offset;     /* byte offset in the query, for messages */
    char **terms;
    size_t n_terms;
    int wildcard;
    char **name_terms;
    size_t n_name_terms;
    char *lo, *hi;
    int empty;
    unsigned window;
    ptrvec subs;
    size_t value_end;  /* entity fields: byte offset just past the value (and its quote) */
} node;

/* ========================================================================================== */
/* The parsed query                                                                           */

struct bl_parsed_query {
    arena ar;            /* the tree, the words and the highlights */
    xc_query *query;
    int ranked;
    ptrvec words;        /* char * */
    ptrvec highlights;   /* bl_highlight * */
};

const xc_query *bl_parsed_query_xapian(const bl_parsed_query *q) { return q ? q->query : NULL; }

int bl_parsed_query_is_ranked(const bl_parsed_query *q) { return q ? q->ranked : 0; }

size_t bl_parsed_query_word_count(const bl_parsed_query *q) { return q ? q->words.n : 0; }

const char *bl_parsed_query_word(const bl_parsed_query *q, size_t i)
{
    return q && i < q->words.n ? q->words.v[i] : NULL;
}

size_t bl_parsed_query_highlight_count(const bl_parsed_query *q)
{
    return q ? q->highlights.n : 0;
}

const bl_highlight *bl_parsed_query_highlight(const bl_parsed_query *q, size_t i)
{
    return q && i < q->highlights.n ? q->highlights.v[i] : NULL;
}

void bl_parsed_query_free(bl_parsed_query *q)
{
    if (!q)
        return;
    xc_query_free(q->query);
    arena_free(&q->ar);
    free(q);
}

/* ========================================================================================== */
/* Lexer                                                                                      */

typedef enum tok_kind {
    T_END, T_CHUNK, T_PHRASE, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT, T_NEAR, T_PLUS, T_MINUS,
    T_FIELD
} tok_kind;

typedef struct token {
    tok_kind kind;
    size_t at;         /* byte offset of the token's first character */
    size_t start, len; /* T_CHUNK, T_PHRASE: the content; T_NEAR, T_FIELD: the written text */
    unsigned near;     /* T_NEAR: n */
    field_id field;    /* T_FIELD */
} token;

typedef struct parser {
    bl_analyzer *a;
    const char *s;
    size_t len, pos;
    token cur;
    arena *ar;
    int depth;
    size_t n_terms;    /* words analysed so far (BL_QUERY_MAX_TERMS) */
    size_t n_wildcards;/* wildcards so far (BL_QUERY_MAX_WILDCARDS) */
    bl_status status;  /* BL_OK until the first failure; later failures keep the first */
    bl_query_error *err;
} parser;

__attribute__((format(printf, 3, 4)))
static void *syntax_error(parser *p, size_t offset, const char *fmt, ...)
{
    if (p->status != BL_OK)
        return NULL;
    p->status = BL_ERR_QUERY;
    if (p->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
        va_end(ap);
        p->err->column = offset + 1;
    }
    return NULL;
}

static void *out_of_memory(parser *p)
{
    if (p->status == BL_OK)
        p->status = BL_ERR_NO_MEMORY;
    return NULL;
}

/* Byte length of a white-space character at s[i] (ASCII space and controls, no-break and
 * typographic spaces), or 0. */
static size_t space_len(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = len - i;
    if (u[0] <= 0x20 || u[0] == 0x7f)
        return 1;
    if (left >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] <= 0x8A || u[2] == 0xAF))
        return 3;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
        return 3;
    if (left >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    return 0;
}

/* Byte length of a quotation mark at s[i] (" and the typographic “ ” „ « »), or 0. */
static size_t quote_len(const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = len - i;
    if (u[0] == '"')
        return 1;
    if (left >= 2 && u[0] == 0xC2 && (u[1] == 0xAB || u[1] == 0xBB))
        return 2;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x9C && u[2] <= 0x9E)
        return 3;
    return 0;
}

/* Does a chunk (a run of non-space text) stop at s[i]? */
static int ends_chunk(const parser *p, size_t i)
{
    return i >= p->len || p->s[i] == '(' || p->s[i] == ')' || space_len(p->s, p->len, i) ||
           quote_len(p->s, p->len, i);
}

static size_t chunk_end(const parser *p, size_t i)
{
    while (!ends_chunk(p, i))
        i++;
    return i;
}

static int chunk_is(const parser *p, const token *t, const char *word)
{
    size_t n = strlen(word);
    return t->len == n && memcmp(p->s + t->start, word, n) == 0;
}

/* Read a quoted phrase whose opening mark (qlen bytes) is at p->pos. */
static int lex_phrase(parser *p, size_t qlen, token *t)
{
    size_t i = p->pos + qlen, close = 0;
    while (i < p->len && !(close = quote_len(p->s, p->len, i)))
        i++;
    if (!close) {
        syntax_error(p, p->pos, "unbalanced quote: this %.*s is never closed", (int)qlen,
                     p->s + p->pos);
        return -1;
    }
    t->kind = T_PHRASE;
    t->start = p->pos + qlen;
    t->len = i - t->start;
    p->pos = i + close;
    return 0;
}

/* NEAR or NEAR/n: fills t->near; -1 (with an error) for a malformed NEAR/... */
static int lex_near(parser *p, token *t)
{
    const char *s = p->s + t->start;
    if (t->len == 4) {
        t->near = BL_QUERY_DEFAULT_NEAR;
        return 0;
    }
    unsigned long n = 0;
    size_t digits = t->len - 5;
    for (size_t i = 5; i < t->len && n <= BL_QUERY_MAX_NEAR; i++) {
        if (s[i] < '0' || s[i] > '9') {
            digits = 0;
            break;
        }
        n = n * 10 + (unsigned long)(s[i] - '0');
    }
    if (digits == 0 || n < 1 || n > BL_QUERY_MAX_NEAR) {
        syntax_error(p, t->at, "'%.*s': write NEAR/n with n from 1 to %d", (int)t->len, s,
                     BL_QUERY_MAX_NEAR);
        return -1;
    }
    t->near = (unsigned)n;
    return 0;
}

/* Is the chunk t a field name ("title:...")?  Only a run of ASCII letters followed by ':' and
 * then by something to search for (not a space, ')' or the end, nor "//" as in a URL).
 * Returns 1 and sets t->kind/field/pos for a known field, 0 if not a field at all, -1 (with
 * an error) for an unknown field. */
static int lex_field(parser *p, token *t)
{
    size_t i = t->start, end = t->start + t->len;
    while (i < end && ((p->s[i] | 0x20) >= 'a' && (p->s[i] | 0x20) <= 'z'))
        i++;
    if (i == t->start || i >= end || p->s[i] != ':')
        return 0;
    size_t after = i + 1;
    if (after >= p->len || space_len(p->s, p->len, after) || p->s[after] == ')') {
        /* "title:" with nothing after it (end of the query or of a group) is a field without
         * a value, not the word "title"; "title: india" stays two words ("Re: hello"). */
        size_t j = after, sl;
        while (j < p->len && (sl = space_len(p->s, p->len, j)) > 0)
            j += sl;
        int f = field_lookup(p->s + t->start, i - t->start);
        if (f >= 0 && (j >= p->len || p->s[j] == ')')) {
            syntax_error(p, t->at, "'%.*s' needs a value after the colon (e.g. %.*sword)",
                         (int)(after - t->start), p->s + t->start, (int)(after - t->start),
                         p->s + t->start);
            return -1;
        }
        return 0;
    }
    if (after + 1 < p->len && p->s[after] == '/' && p->s[after + 1] == '/')
        return 0;
    int f = field_lookup(p->s + t->start, i - t->start);
    if (f < 0) {
        syntax_error(p, t->at, "unknown field '%.*s' (fields: " FIELD_LIST ")",
                     (int)(i - t->start), p->s + t->start);
        return -1;
    }
    t->kind = T_FIELD;
    t->field = (field_id)f;
    t->len = after - t->start;
    p->pos = after; /* the value is read next, in value mode */
    return 1;
}

/* Give a chunk its meaning outside field values: an operator, a field name or plain text. */
static int classify_chunk(parser *p, token *t)
{
    if (chunk_is(p, t, "AND"))
        t->kind = T_AND;
    else if (chunk_is(p, t, "OR"))
        t->kind = T_OR;
    else if (chunk_is(p, t, "NOT"))
        t->kind = T_NOT;
    else if (chunk_is(p, t, "NEAR") ||
             (t->len > 4 && memcmp(p->s + t->start, "NEAR/", 5) == 0)) {
        t->kind = T_NEAR;
        return lex_near(p, t);
    } else if (lex_field(p, t) < 0)
        return -1;
    return 0;
}

/* Read the next token into *t.  In value mode (right after "field:") the text is taken as it
 * is: no operators, modifiers or field names. */
static int lex(parser *p, int value_mode, token *t)
{
    size_t n;
    while (p->pos < p->len && (n = space_len(p->s, p->len, p->pos)))
        p->pos += n;
    memset(t, 0, sizeof *t);
    t->at = p->pos;
    if (p->pos >= p->len) {
        t->kind = T_END;
        return 0;
    }
    char c = p->s[p->pos];
    if (c == '(' || c == ')') {
        t->kind = c == '(' ? T_LPAREN : T_RPAREN;
        p->pos++;
        return 0;
    }
    if ((n = quote_len(p->s, p->len, p->pos)))
        return lex_phrase(p, n, t);
    if (!value_mode && (c == '+' || c == '-') && p->pos + 1 < p->len &&
        !space_len(p->s, p->len, p->pos + 1) && p->s[p->pos + 1] != ')') {
        t->kind = c == '+' ? T_PLUS : T_MINUS;
        p->pos++;
        return 0;
    }
    t->kind = T_CHUNK;
    t->start = p->pos;
    p->pos = chunk_end(p, p->pos);
    t->len = p->pos - t->start;
    return value_mode ? 0 : classify_chunk(p, t);
}

static int advance(parser *p) { return lex(p, 0, &p->cur); }

/* ========================================================================================== */
/* Words: what the analyzer makes of a piece of the query                                     */

typedef struct wordlist {
    ptrvec terms;   /* char *, in the arena */
    size_t last_end;/* byte end of the last token within the analysed text */
    arena *ar;
} wordlist;

static int collect_token(void *ctx, const bl_token *tok)
{
    wordlist *wl = ctx;
    char *term = arena_strndup(wl->ar, tok->term, tok->term_len);
    if (!term || ptrvec_push(wl->ar, &wl->terms, term) < 0)
        return -1;
    wl->last_end = tok->end;
    return 0;
}

/* Analyse len bytes at s into wl.  -1 (with the status set) on memory failure. */
static int analyse(parser *p, const char *s, size_t len, wordlist *wl)
{
    memset(wl, 0, sizeof *wl);
    wl->ar = p->ar;
    int rc = bl_analyzer_tokenize(p->a, s, len, BL_TOKENIZE_QUERY, 0, collect_token, wl, NULL);
    if (rc != 0) {
        out_of_memory(p);
        return -1;
    }
    p->n_terms += wl->terms.n;
    if (p->n_terms > BL_QUERY_MAX_TERMS) {
        size_t at = s >= p->s && s <= p->s + p->len ? (size_t)(s - p->s) : p->pos;
        syntax_error(p, at, "the query has too many words (at most %d)", BL_QUERY_MAX_TERMS);
        return -1;
    }
    return 0;
}

/* Count one more wildcard; a syntax error past BL_QUERY_MAX_WILDCARDS. */
static int count_wildcard(parser *p, size_t at)
{
    if (++p->n_wildcards <= BL_QUERY_MAX_WILDCARDS)
        return 0;
    syntax_error(p, at, "the query has too many wildcards (at most %d, each expanding to at "
                 "most %d words)", BL_QUERY_MAX_WILDCARDS, BL_QUERY_WILDCARD_LIMIT);
    return -1;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static node *new_node(parser *p, node_kind kind, field_id field, size_t offset)
{
    node *n = arena_alloc(p->ar, sizeof *n);
    if (!n)
        return out_of_memory(p);
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->field = field;
    n->offset = offset;
    return n;
}

static int push_sub(parser *p, node *parent, node *child)
{
    if (ptrvec_push(p->ar, &parent->subs, child) < 0) {
        out_of_memory(p);
        return -1;
    }
    return 0;
}

/* A chunk or phrase of words for a text field (or author/source): one word, a wildcard, or a
 * phrase when the analyzer finds several words (hyphenated "Israel-India", "U.S.-led", or a
 * quoted phrase).  A '*' right after the last word makes it a prefix ("climate chan*").
 * NULL without an error when there is no word at all (punctuation). */
static node *words_node(parser *p, field_id f, const token *t)
{
    const char *s = p->s + t->start;
    size_t len = t->len;
    int wild = 0;
    while (len > 0 && s[len - 1] == '*') {
        len--;
        wild = 1;
    }
    if (wild && len == 0 && t->kind == T_CHUNK && f == F_NONE)
        return new_node(p, N_ALL, f, t->at); /* "*" alone: every document */
    wordlist wl;
    if (analyse(p, s, len, &wl) < 0)
        return NULL;
    if (wl.terms.n == 0)
        return NULL;
    /* "*" only makes a wildcard when it touches a word: "india *" or "india-*" do not */
    wild = wild && wl.last_end == len;
    const char *last = wl.terms.v[wl.terms.n - 1];
    if (wild && utf8_chars(last) < BL_QUERY_WILDCARD_MIN_CHARS)
        return syntax_error(p, t->at,
                            "wildcard '%s*' is too broad: put at least %d letters before '*'",
                            last, BL_QUERY_WILDCARD_MIN_CHARS);
    if (wild && wl.terms.n > 1) /* Xapian 1.4: phrases take only plain terms */
        return syntax_error(p, t->at, "a wildcard cannot be part of a phrase");
    if (wild && count_wildcard(p, t->at) < 0)
        return NULL;
    node_kind kind = N_PHRASE;
    if (t->kind == T_CHUNK && wl.terms.n == 1)
        kind = wild ? N_WILDCARD : N_WORD;
    node *n = new_node(p, kind, f, t->at);
    if (!n)
        return NULL;
    n->terms = (char **)wl.terms.v;
    n->n_terms = wl.terms.n;
    n->wildcard = wild;
    return n;
}

/* id:VALUE — the raw id, matched exactly. */
static node *id_node(parser *p, const token *t)
{
    if (t->len == 0)
        return NULL;
    node *n = new_node(p, N_ID, F_ID, t->at);
    char **terms = arena_alloc(p->ar, sizeof *terms);
    if (!n || !terms)
        return out_of_memory(p);
    terms[0] = arena_strndup(p->ar, p->s + t->start, t->len);
    if (!terms[0])
        return out_of_memory(p);
    n->terms = terms;
    n->n_terms = 1;
    return n;
}

/* person:/place:/org:/other:/entity: — the lookup key is the normalised name; a chunk ending
 * in '*' matches every name starting with it.  The name's words are kept for highlighting. */
static node *entity_node(parser *p, field_id f, const token *t)
{
    const char *s = p->s + t->start;
    size_t len = t->len, klen;
    int wild = 0;
    while (t->kind == T_CHUNK && len > 0 && s[len - 1] == '*') {
        len--;
        wild = 1;
    }
    char *key = bl_normalize(s, len, &klen);
    if (!key)
        return out_of_memory(p);
    char *copy = arena_strndup(p->ar, key, klen);
    free(key);
    if (!copy)
        return out_of_memory(p);
    if (klen == 0)
        return NULL;
    if (wild && utf8_chars(copy) < BL_QUERY_WILDCARD_MIN_CHARS)
        return syntax_error(p, t->at,
                            "wildcard '%s*' is too broad: put at least %d letters before '*'",
                            copy, BL_QUERY_WILDCARD_MIN_CHARS);
    if (wild && count_wildcard(p, t->at) < 0)
        return NULL;
    wordlist wl;
    node *n = new_node(p, N_ENTITY, f, t->at);
    char **terms = arena_alloc(p->ar, sizeof *terms);
    if (!n || !terms || analyse(p, s, len, &wl) < 0)
        return out_of_memory(p); /* keeps an earlier error (too many words) */
    terms[0] = copy;
    n->terms = terms;
    n->n_terms = 1;
    n->wildcard = wild;
    n->value_end = t->start + t->len;
    if (t->kind == T_PHRASE && p->s[n->value_end] == '"')
        n->value_end++;
    n->name_terms = (char **)wl.terms.v;
    n->n_name_terms = wl.terms.n;
    return n;
}

/* ========================================================================================== */
/* Dates                                                                                      */

typedef struct ymd {
    int y, m, d;
} ymd;

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : days[m - 1];
}

/* Read 1..max digits at s[*i] (stopping at len); -1 if there are none. */
static int read_number(const char *s, size_t len, size_t *i, int min_digits, int max_digits)
{
    int v = 0, n = 0;
    while (*i < len && n < max_digits && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    return n >= min_digits ? v : -1;
}

/* Parse YYYY, YYYY-MM or YYYY-MM-DD (month and day may have one digit) into the first (first
 * = 1) or the last day of that period.  -1 if it is not such a date. */
static int parse_period(const char *s, size_t len, int first, ymd *out)
{
    size_t i = 0;
    int y = read_number(s, len, &i, 4, 4), m = 0, d = 0;
    if (y < 1)
        return -1;
    if (i < len && s[i] == '-') {
        i++;
        if ((m = read_number(s, len, &i, 1, 2)) < 1 || m > 12)
            return -1;
        if (i < len && s[i] == '-') {
            i++;
            if ((d = read_number(s, len, &i, 1, 2)) < 1 || d > days_in_month(y, m))
                return -1;
        }
    }
    if (i != len)
        return -1;
    out->y = y;
    out->m = m ? m : (first ? 1 : 12);
    out->d = d ? d : (first ? 1 : days_in_month(y, out->m));
    return 0;
}

static void next_day(ymd *d)
{
    if (++d->d > days_in_month(d->y, d->m)) {
        d->d = 1;
        if (++d->m > 12) {
            d->m = 1;
            d->y++;
        }
    }
}

static void prev_day(ymd *d)
{
    if (--d->d < 1) {
        if (--d->m < 1) {
            d->m = 12;
            d->y--;
        }
        d->d = days_in_month(d->y, d->m);
    }
}

/* The value-slot form of the first or last second of a day: "YYYY-MM-DDTHH:MM:SSZ".  NULL
 * when the day is outside years 1..9999 (then no stored date can be beyond it). */
static char *instant(arena *ar, const ymd *d, int end_of_day)
{
    if (d->y < 1 || d->y > 9999)
        return NULL;
    char buf[32];
    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%s", d->y, d->m, d->d,
             end_of_day ? "23:59:59Z" : "00:00:00Z");
    return arena_strndup(ar, buf, strlen(buf));
}

/* Set n->lo to the start (or, strict, the day after the end) of the period at s. */
static int set_lower(parser *p, node *n, const char *s, size_t len, int strict)
{
    ymd d;
    if (parse_period(s, len, !strict, &d) < 0)
        return -1;
    if (strict)
        next_day(&d);
    if (d.y > 9999) {
        n->empty = 1;
        return 0;
    }
    if (!(n->lo = instant(p->ar, &d, 0)))
        out_of_memory(p);
    return 0;
}

/* Set n->hi to the end (or, strict, the day before the start) of the period at s. */
static int set_upper(parser *p, node *n, const char *s, size_t len, int strict)
{
    ymd d;
    if (parse_period(s, len, strict, &d) < 0)
        return -1;
    if (strict)
        prev_day(&d);
    if (d.y < 1) {
        n->empty = 1;
        return 0;
    }
    if (!(n->hi = instant(p->ar, &d, 1)))
        out_of_memory(p);
    return 0;
}

static void *bad_date(parser *p, size_t offset, const char *s, size_t len)
{
    return syntax_error(p, offset,
                        "bad date '%.*s': write YYYY, YYYY-MM or YYYY-MM-DD (ranges: A..B, "
                        "A.., ..B, >=A, >A, <=A, <A)",
                        (int)(len > 40 ? 40 : len), s);
}

/* date:VALUE — one period (a year, month or day), A..B (inclusive, either end may be
 * omitted), or a comparison >=A >A <=A <A.  The bounds are value-slot strings. */
static node *date_node(parser *p, const token *t)
{
    const char *s = p->s + t->start;
    size_t len = t->len, base = t->kind == T_PHRASE ? t->start : t->at;
    node *n = new_node(p, N_DATE, F_DATE, t->at);
    if (!n)
        return NULL;
    int rc = 0;
    const char *dots = len >= 2 ? memmem(s, len, "..", 2) : NULL;
    if (len > 0 && (s[0] == '>' || s[0] == '<')) {
        int eq = len > 1 && s[1] == '=';
        size_t skip = 1 + (size_t)eq;
        rc = s[0] == '>' ? set_lower(p, n, s + skip, len - skip, !eq)
                         : set_upper(p, n, s + skip, len - skip, !eq);
    } else if (dots) {
        size_t left = (size_t)(dots - s), right = left + 2;
        if (left == 0 && right == len)
            return bad_date(p, base, s, len);
        if (left > 0 && set_lower(p, n, s, left, 0) < 0)
            return bad_date(p, base, s, left);
        if (right < len && set_upper(p, n, s + right, len - right, 0) < 0)
            return bad_date(p, base + right, s + right, len - right);
        if (n->lo && n->hi && strcmp(n->lo, n->hi) > 0)
            return syntax_error(p, base, "empty date range '%.*s': it ends before it starts",
                                (int)(len > 40 ? 40 : len), s);
    } else {
        rc = set_lower(p, n, s, len, 0);
        if (rc == 0)
            rc = set_upper(p, n, s, len, 0);
    }
    if (rc < 0)
        return bad_date(p, base, s, len);
    return p->status == BL_OK ? n : NULL;
}

/* ========================================================================================== */
/* Parser                                                                                     */

static node *parse_or(parser *p, field_id f);

static int starts_primary(tok_kind k)
{
    return k == T_CHUNK || k == T_PHRASE || k == T_LPAREN || k == T_FIELD;
}

/* The node for a chunk or a quoted phrase, according to the field it belongs to. */
static node *value_node(parser *p, field_id f, const token *t)
{
    if (f == F_ID)
        return id_node(p, t);
    if (f == F_DATE)
        return date_node(p, t);
    if (field_is_entity(f))
        return entity_node(p, f, t);
    return words_node(p, f, t);
}

/* "(" or_expr ")" — the field (if any) carries into the group. */
static node *parse_paren(parser *p, field_id f)
{
    size_t open = p->cur.at;
    if (++p->depth > BL_QUERY_MAX_DEPTH)
        return syntax_error(p, open, "query nested too deeply (at most %d levels)",
                            BL_QUERY_MAX_DEPTH);
    if (advance(p) < 0)
        return NULL;
    node *inner = parse_or(p, f);
    if (p->status != BL_OK)
        return NULL;
    if (p->cur.kind != T_RPAREN)
        return syntax_error(p, open, "unbalanced parenthesis: this '(' is never closed");
    p->depth--;
    if (advance(p) < 0)
        return NULL;
    return inner;
}

/* field:value — value is a word, a "quoted phrase" or a (group). */
static node *parse_field(parser *p)
{
    token name = p->cur, v;
    if (lex(p, 1, &v) < 0)
        return NULL;
    node *n = NULL;
    if (v.kind == T_LPAREN) {
        p->cur = v;
        n = parse_paren(p, name.field);
    } else {
        n = value_node(p, name.field, &v);
        if (p->status == BL_OK)
            advance(p);
    }
    if (!n && p->status == BL_OK)
        return syntax_error(p, name.at, "'%s:' has nothing to search for",
                            field_name(name.field));
    return n;
}

static node *parse_primary(parser *p, field_id f)
{
    token t = p->cur;
    node *n;
    switch (t.kind) {
    case T_CHUNK:
    case T_PHRASE:
        n = value_node(p, f, &t);
        if (p->status == BL_OK)
            advance(p);
        return p->status == BL_OK ? n : NULL;
    case T_LPAREN:
        return parse_paren(p, f);
    case T_FIELD:
        return parse_field(p);
    default:
        return NULL;
    }
}

/* Can this node stand beside NEAR?  Single words of a positional field (Xapian 1.4 takes
 * only plain terms under NEAR: no phrases, no wildcards). */
static int near_operand_ok(const node *n)
{
    return n->kind == N_WORD &&
           (field_is_text(n->field) || n->field == F_AUTHOR || n->field == F_SOURCE);
}

static node *near_operand(parser *p, node *n, size_t offset, const node *first)
{
    if (!near_operand_ok(n))
        return syntax_error(p, offset, "NEAR needs a single word on each side");
    if (first && strcmp(positional_prefix(first->field), positional_prefix(n->field)) != 0)
        return syntax_error(p, offset, "NEAR joins words of one field");
    return n;
}

/* primary { NEAR[/n] primary } */
static node *parse_near(parser *p, field_id f)
{
    size_t first_at = p->cur.at;
    node *left = parse_primary(p, f);
    if (p->status != BL_OK || p->cur.kind != T_NEAR)
        return left;
    if (!left)
        return syntax_error(p, p->cur.at, "nothing before '%.*s'", (int)p->cur.len,
                            p->s + p->cur.start);
    if (!near_operand(p, left, first_at, NULL))
        return NULL;
    node *near = new_node(p, N_NEAR, left->field, first_at);
    if (!near || push_sub(p, near, left) < 0)
        return NULL;
    while (p->cur.kind == T_NEAR) {
        token op = p->cur;
        if (advance(p) < 0)
            return NULL;
        size_t at = p->cur.at;
        node *right = parse_primary(p, f);
        if (p->status != BL_OK)
            return NULL;
        if (!right)
            return syntax_error(p, op.at, "nothing after '%.*s'", (int)op.len, p->s + op.start);
        if (!near_operand(p, right, at, left) || push_sub(p, near, right) < 0)
            return NULL;
        if (op.near > near->window)
            near->window = op.near;
    }
    return near;
}

/* item { item }: juxtaposed items with their +/- modifiers.  Items that are only punctuation
 * vanish; NULL (without an error) if nothing is left. */
static node *parse_group(parser *p, field_id f)
{
    node *g = NULL;
    for (;;) {
        modifier mod = MOD_NONE;
        while (p->cur.kind == T_PLUS || p->cur.kind == T_MINUS) {
            mod = p->cur.kind == T_PLUS ? MOD_REQUIRED : MOD_EXCLUDED;
            if (advance(p) < 0)
                return NULL;
        }
        if (!starts_primary(p->cur.kind))
            break; /* a modifier before an operator or the end is only punctuation */
        size_t at = p->cur.at;
        node *item = parse_near(p, f);
        if (p->status != BL_OK)
            return NULL;
        if (!item)
            continue;
        item->mod = mod;
        if (!g && !(g = new_node(p, N_GROUP, f, at)))
            return NULL;
        if (push_sub(p, g, item) < 0)
            return NULL;
    }
    if (p->cur.kind == T_NEAR)
        return syntax_error(p, p->cur.at, "nothing before '%.*s'", (int)p->cur.len,
                            p->s + p->cur.start);
    return g;
}

/* "NOT" unary | group */
static node *parse_unary(parser *p, field_id f)
{
    if (p->cur.kind != T_NOT)
        return parse_group(p, f);
    size_t op = p->cur.at;
    if (++p->depth > BL_QUERY_MAX_DEPTH)
        return syntax_error(p, op, "query nested too deeply (at most %d levels)",
                            BL_QUERY_MAX_DEPTH);
    if (advance(p) < 0)
        return NULL;
    node *sub = parse_unary(p, f);
    if (p->status != BL_OK)
        return NULL;
    p->depth--;
    if (!sub)
        return syntax_error(p, op, "nothing after 'NOT'");
    node *neg = new_node(p, N_NEG, f, op);
    if (!neg || push_sub(p, neg, sub) < 0)
        return NULL;
    return neg;
}

/* A binary level: operand { OP operand }, building a list node of `kind`. */
static node *parse_binary(parser *p, field_id f, tok_kind op_kind, node_kind kind,
                          const char *op_name, node *(*operand)(parser *, field_id))
{
    size_t first_at = p->cur.at;
    node *left = operand(p, f);
    if (p->status != BL_OK || p->cur.kind != op_kind)
        return left;
    if (!left)
        return syntax_error(p, p->cur.at, "nothing before '%s'", op_name);
    node *list = new_node(p, kind, f, first_at);
    if (!list || push_sub(p, list, left) < 0)
        return NULL;
    while (p->cur.kind == op_kind) {
        size_t op = p->cur.at;
        if (advance(p) < 0)
            return NULL;
        node *right = operand(p, f);
        if (p->status != BL_OK)
            return NULL;
        if (!right)
            return syntax_error(p, op, "nothing after '%s'", op_name);
        if (push_sub(p, list, right) < 0)
            return NULL;
    }
    return list;
}

static node *parse_not(parser *p, field_id f)
{
    return parse_binary(p, f, T_NOT, N_NOT, "NOT", parse_unary);
}

static node *parse_and(parser *p, field_id f)
{
    return parse_binary(p, f, T_AND, N_AND, "AND", parse_not);
}

static node *parse_or(parser *p, field_id f)
{
    return parse_binary(p, f, T_OR, N_OR, "OR", parse_and);
}

/* The whole query: an or_expr and then the end. */
static node *parse_query(parser *p)
{
    if (advance(p) < 0)
        return NULL;
    node *root = parse_or(p, F_NONE);
    if (p->status != BL_OK)
        return NULL;
    if (p->cur.kind == T_RPAREN)
        return syntax_error(p, p->cur.at, "unbalanced parenthesis: this ')' has no matching '('");
    if (p->cur.kind != T_END)
        return syntax_error(p, p->cur.at, "unexpected text");
    if (!root)
        return syntax_error(p, 0, "nothing to search for"); /* column 1 */
    return root;
}

/* ========================================================================================== */
/* Compiler                                                                                   */

typedef struct compiler {
    bl_analyzer *a;
    int all_words;
    double title_factor;   /* extra weight of the title clause of a bare word */
    int stem_positions;    /* positional terms are stems (format 3 on, lib/schema.h) */
    bl_parsed_query *pq;   /* receives the words and highlights */
    bl_status status;
    bl_entity_resolver resolve; /* forgiving entity filters (NULL: the exact key only) */
    void *resolve_ctx;
} compiler;

static xc_query *compile(compiler *c, const node *n, int positive, int *weightless);

static xc_query *compile_fail(compiler *c, bl_status st)
{
    if (c->status == BL_OK)
        c->status = st;
    return NULL;
}

static xc_query *xc_fail(compiler *c, xc_status st)
{
    return compile_fail(c, st == XC_NO_MEMORY ? BL_ERR_NO_MEMORY : BL_ERR_INTERNAL);
}

/* A term query for prefix + term at query position pos (0 = none). */
static xc_query *q_term(compiler *c, const char *prefix, const char *term, unsigned pos)
{
    size_t pl = strlen(prefix), tl = strlen(term);
    char small[256], *buf = pl + tl < sizeof small ? small : malloc(pl + tl + 1);
    if (!buf)
        return compile_fail(c, BL_ERR_NO_MEMORY);
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, term, tl + 1);
    xc_query *q = NULL;
    xc_status st = xc_query_term(buf, pl + tl, 1, pos, &q);
    if (buf != small)
        free(buf);
    return st == XC_OK ? q : xc_fail(c, st);
}

/* Every term starting with prefix + term, at most BL_QUERY_WILDCARD_LIMIT of them. */
static xc_query *q_wildcard(compiler *c, const char *prefix, const char *term)
{
    size_t pl = strlen(prefix), tl = strlen(term);
    char *buf = malloc(pl + tl + 1);
    if (!buf)
        return compile_fail(c, BL_ERR_NO_MEMORY);
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, term, tl + 1);
    xc_query *q = NULL;
    xc_status st = xc_query_wildcard(buf, BL_QUERY_WILDCARD_LIMIT, &q);
    free(buf);
    return st == XC_OK ? q : xc_fail(c, st);
}

/* Combine n queries with op and free them.  A NULL among them (an earlier failure) makes the
 * result NULL.  One sub-query under AND/OR is returned as it is. */
static xc_query *q_combine(compiler *c, xc_query_op op, xc_query **subs, size_t n,
                           unsigned param)
{
    int ok = c->status == BL_OK;
    for (size_t i = 0; i < n; i++)
        ok = ok && subs[i];
    if (ok && n == 1 && (op == XC_OP_AND || op == XC_OP_OR))
        return subs[0];
    xc_query *out = NULL;
    if (ok) {
        xc_status st = xc_query_combine(op, subs, n, param, &out);
        if (st != XC_OK)
            xc_fail(c, st);
    } else {
        compile_fail(c, BL_ERR_INTERNAL); /* keeps the first failure's status */
    }
    for (size_t i = 0; i < n; i++)
        xc_query_free(subs[i]);
    return out;
}

static xc_query *q_pair(compiler *c, xc_query_op op, xc_query *a, xc_query *b)
{
    xc_query *subs[2] = {a, b};
    return q_combine(c, op, subs, 2, 0);
}

/* Scale q's weight by factor (0 = a pure filter); frees q. */
static xc_query *q_scale(compiler *c, xc_query *q, double factor)
{
    if (!q)
        return NULL;
    xc_query *out = NULL;
    xc_status st = xc_query_scale(q, factor, &out);
    xc_query_free(q);
    return st == XC_OK ? out : xc_fail(c, st);
}

static xc_query *q_match_all(compiler *c)
{
    xc_query *q = NULL;
    xc_status st = xc_query_match_all(&q);
    return st == XC_OK ? q : xc_fail(c, st);
}

/* A growable list of compiled sub-queries (malloc()ed; q_take frees it). */
typedef struct qlist {
    xc_query **v;
    size_t n, cap;
} qlist;

static int qlist_push(compiler *c, qlist *l, xc_query *q)
{
    xc_query **v = bl_grow(l->v, &l->cap, l->n + 1, sizeof *v, 8);
    if (!v) {
        xc_query_free(q);
        compile_fail(c, BL_ERR_NO_MEMORY);
        return -1;
    }
    l->v = v;
    l->v[l->n++] = q;
    return 0;
}

static void qlist_free(qlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        xc_query_free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Combine the list with op (NULL for an empty list) and release it. */
static xc_query *q_take(compiler *c, xc_query_op op, qlist *l, unsigned param)
{
    xc_query *q = l->n ? q_combine(c, op, l->v, l->n, param) : NULL;
    free(l->v);
    memset(l, 0, sizeof *l);
    return q;
}

/* ---- words and highlights of the positive parts ---------------------------------------- */

/* Remember a positive word for spelling suggestions (each once; the first
 * BL_QUERY_MAX_WORDS only, which also keeps the duplicate check cheap for huge queries). */
static void note_word(compiler *c, const char *term)
{
    bl_parsed_query *pq = c->pq;
    if (pq->words.n >= BL_QUERY_MAX_WORDS)
        return;
    for (size_t i = 0; i < pq->words.n; i++)
        if (strcmp(pq->words.v[i], term) == 0)
            return;
    if (ptrvec_push(&pq->ar, &pq->words, (void *)term) < 0)
        compile_fail(c, BL_ERR_NO_MEMORY);
}

static void note_highlight(compiler *c, bl_highlight_kind kind, char *const *terms, size_t n)
{
    if (n == 0)
        return;
    bl_highlight *h = arena_alloc(&c->pq->ar, sizeof *h);
    if (!h || ptrvec_push(&c->pq->ar, &c->pq->highlights, h) < 0) {
        compile_fail(c, BL_ERR_NO_MEMORY);
        return;
    }
    h->kind = n > 1 && kind == BL_HIGHLIGHT_WORD ? BL_HIGHLIGHT_PHRASE : kind;
    h->terms = (const char *const *)terms;
    h->n_terms = n;
}

/* ---- leaves ---------------------------------------------------------------------------- */

static xc_query *positional(compiler *c, const node *n, const char *term, int wildcard,
                            unsigned pos);

/* The stem of a term, copied into the arena. */
static char *stem_of(compiler *c, const char *term)
{
    size_t len;
    const char *s = bl_analyzer_stem(c->a, term, strlen(term), &len);
    char *copy = s ? arena_strndup(&c->pq->ar, s, len) : NULL;
    if (!copy)
        compile_fail(c, BL_ERR_NO_MEMORY);
    return copy;
}

/* A bare word matches its stem anywhere in title or body ("Z"), plus an extra clause for the
 * title stem ("ZS") scaled by title_weight - 1.  Under BM25 the OR adds the two weights, so
 * a title occurrence counts once through Z and title_weight - 1 more times through ZS (whose
 * rarer term also has the higher idf).  title: and text: use just one of the two. */
static xc_query *compile_word(compiler *c, const node *n, int positive, int *weightless)
{
    const char *term = n->terms[0];
    if (positive && field_is_text(n->field)) {
        note_word(c, term);
        note_highlight(c, BL_HIGHLIGHT_WORD, n->terms, 1);
    }
    if (n->field == F_AUTHOR || n->field == F_SOURCE) {
        *weightless = 1;
        return positional(c, n, term, 0, 0);
    }
    char *stem = stem_of(c, term);
    if (!stem)
        return NULL;
    if (n->field == F_TITLE)
        return q_term(c, BL_PREFIX_STEM BL_PREFIX_TITLE, stem, 0);
    xc_query *body = q_term(c, BL_PREFIX_STEM, stem, 0);
    /* a negated word only needs Z: every title word is also a Z term */
    if (n->field == F_TEXT || c->title_factor <= 0 || !positive)
        return body;
    xc_query *title = q_term(c, BL_PREFIX_STEM BL_PREFIX_TITLE, stem, 0);
    return q_pair(c, XC_OP_OR, body, q_scale(c, title, c->title_factor));
}

/* Every stem starting with the typed prefix or with the prefix's own stem ("happy*" finds
 * the stem "happi" of happy, happiness), each at most BL_QUERY_WILDCARD_LIMIT terms.  When
 * one is a prefix of the other only the shorter is expanded, so no term is counted twice. */
static xc_query *stem_wildcard(compiler *c, const char *prefix, const char *typed)
{
    char *stem = stem_of(c, typed);
    if (!stem)
        return NULL;
    size_t tl = strlen(typed), sl = strlen(stem);
    if (!strncmp(typed, stem, tl < sl ? tl : sl))
        return q_wildcard(c, prefix, tl < sl ? typed : stem);
    return q_pair(c, XC_OP_OR, q_wildcard(c, prefix, typed), q_wildcard(c, prefix, stem));
}

/* A positional term (or prefix, when wildcard) of the node's field at position pos: the
 * word's stem from format 3 on (source words are not stemmed), the word itself before. */
static xc_query *positional(compiler *c, const node *n, const char *term, int wildcard,
                            unsigned pos)
{
    if (!c->stem_positions || n->field == F_SOURCE) {
        const char *prefix = positional_prefix(n->field);
        return wildcard ? q_wildcard(c, prefix, term) : q_term(c, prefix, term, pos);
    }
    const char *prefix = stem_prefix(n->field);
    if (wildcard)
        return stem_wildcard(c, prefix, term);
    char *stem = stem_of(c, term);
    return stem ? q_term(c, prefix, stem, pos) : NULL;
}

/* Words in order, stopwords kept: their stems from format 3 on, exact words before.  A
 * one-word phrase is that one word, or a prefix ("chan*"). */
static xc_query *compile_phrase(compiler *c, const node *n, int positive, int *weightless)
{
    *weightless = field_filters(n->field);
    if (positive && field_is_text(n->field)) {
        for (size_t i = 0; i < n->n_terms && !n->wildcard; i++)
            note_word(c, n->terms[i]);
        note_highlight(c, n->wildcard ? BL_HIGHLIGHT_PREFIX : BL_HIGHLIGHT_WORD, n->terms,
                       n->n_terms);
    }
    if (n->n_terms == 1)
        return positional(c, n, n->terms[0], n->wildcard, 0);
    xc_query **subs = calloc(n->n_terms, sizeof *subs);
    if (!subs)
        return compile_fail(c, BL_ERR_NO_MEMORY);
    for (size_t i = 0; i < n->n_terms && c->status == BL_OK; i++)
        subs[i] = positional(c, n, n->terms[i], 0, (unsigned)i + 1);
    xc_query *q = q_combine(c, XC_OP_PHRASE, subs, n->n_terms, 0);
    free(subs);
    return q;
}

static xc_query *compile_wildcard(compiler *c, const node *n, int positive, int *weightless)
{
    *weightless = field_filters(n->field);
    if (positive && field_is_text(n->field))
        note_highlight(c, BL_HIGHLIGHT_PREFIX, n->terms, 1);
    return positional(c, n, n->terms[0], 1, 0);
}

/* NEAR/n over k words: Xapian's window counts the span of positions, so "within n words of
 * each other" is a window of n + k - 1 (as Xapian's own QueryParser does). */
static xc_query *compile_near(compiler *c, const node *n, int positive, int *weightless)
{
    qlist subs = {0};
    *weightless = field_filters(n->field);
    for (size_t i = 0; i < n->subs.n; i++) {
        const node *w = n->subs.v[i];
        if (positive && field_is_text(w->field)) {
            note_word(c, w->terms[0]);
            note_highlight(c, BL_HIGHLIGHT_WORD, w->terms, 1);
        }
        xc_query *q = positional(c, w, w->terms[0], 0, (unsigned)i + 1);
        if (!q || qlist_push(c, &subs, q) < 0) {
            qlist_free(&subs);
            return NULL;
        }
    }
    return q_take(c, XC_OP_NEAR, &subs, n->window + (unsigned)n->subs.n - 1);
}

/* An entity filter through the index's dictionary (lib/entity_dict.c): the exact terms the
 * resolver names, OR-ed; none matches nothing. */
static xc_query *compile_resolved_entity(compiler *c, const node *n)
{
    char **terms = NULL;
    size_t nt = 0;
    int type = n->field == F_ENTITY ? -1 : (int)(n->field - F_PERSON);
    bl_status st = c->resolve(c->resolve_ctx, type, n->terms[0], n->offset, n->value_end,
                              &terms, &nt);
    if (st != BL_OK)
        return compile_fail(c, st);
    qlist subs = {0};
    for (size_t i = 0; i < nt; i++) {
        xc_query *q = q_term(c, "", terms[i], 0);
        if (!q || qlist_push(c, &subs, q) < 0) {
            qlist_free(&subs);
            subs.n = 0;
            break;
        }
    }
    for (size_t i = 0; i < nt; i++)
        free(terms[i]);
    free(terms);
    if (c->status != BL_OK)
        return NULL;
    if (subs.n == 0) {
        xc_query *q = NULL;
        xc_status xs = xc_query_match_nothing(&q);
        return xs == XC_OK ? q : xc_fail(c, xs);
    }
    return q_take(c, XC_OP_OR, &subs, 0);
}

static xc_query *compile_entity(compiler *c, const node *n, int positive, int *weightless)
{
    static const struct { field_id f; const char *prefix; } types[] = {
        {F_PERSON, BL_PREFIX_PERSON}, {F_PLACE, BL_PREFIX_PLACE},
        {F_ORG, BL_PREFIX_ORG},       {F_OTHER, BL_PREFIX_OTHER},
    };
    *weightless = 1;
    if (positive && !n->wildcard)
        note_highlight(c, BL_HIGHLIGHT_WORD, n->name_terms, n->n_name_terms);
    qlist subs = {0};
    if (c->resolve && !n->wildcard)
        return compile_resolved_entity(c, n);
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        if (n->field != F_ENTITY && n->field != types[i].f)
            continue;
        xc_query *q = n->wildcard ? q_wildcard(c, types[i].prefix, n->terms[0])
                                  : q_term(c, types[i].prefix, n->terms[0], 0);
        if (!q || qlist_push(c, &subs, q) < 0) {
            qlist_free(&subs);
            return NULL;
        }
    }
    return q_take(c, XC_OP_OR, &subs, 0);
}

static xc_query *compile_date(compiler *c, const node *n, int *weightless)
{
    xc_query *q = NULL;
    xc_status st = n->empty ? xc_query_match_nothing(&q)
                            : xc_query_value_range(BL_SLOT_DATE, n->lo, n->hi, &q);
    *weightless = 1;
    return st == XC_OK ? q : xc_fail(c, st);
}

/* id:X is the document's unique term, made by the same function as the indexer's. */
static xc_query *compile_id(compiler *c, const node *n, int *weightless)
{
    char term[BL_ID_TERM_MAX];
    *weightless = 1;
    bl_id_term(n->terms[0], term, sizeof term);
    return q_term(c, "", term, 0);
}

/* ---- combinations ---------------------------------------------------------------------- */

/* A bare word that is a stopword is left out of ranked lists (unless nothing else is left). */
static int droppable_stopword(const node *n)
{
    return n->kind == N_WORD && n->field == F_NONE && n->mod == MOD_NONE &&
           bl_is_stopword(n->terms[0], strlen(n->terms[0]));
}

/* The parts of a conjunction or a group, sorted by role. */
typedef struct roles {
    qlist required, optional, excluded, filters, ids;
} roles;

static void roles_free(roles *r)
{
    qlist_free(&r->required);
    qlist_free(&r->optional);
    qlist_free(&r->excluded);
    qlist_free(&r->filters);
    qlist_free(&r->ids);
}

/* Compile one item and file it under its role.  An item written "NOT x" inside a group or
 * an AND is an exclusion of x. */
static int file_item(compiler *c, const node *item, int conjunctive, int positive, roles *r)
{
    modifier mod = item->mod;
    if (item->kind == N_NEG && mod != MOD_EXCLUDED) {
        item = item->subs.v[0];
        mod = MOD_EXCLUDED;
    }
    int weightless = 0;
    xc_query *q = compile(c, item, positive && mod != MOD_EXCLUDED, &weightless);
    if (!q)
        return -1;
    qlist *dest;
    if (mod == MOD_EXCLUDED)
        dest = &r->excluded;
    else if (weightless)
        dest = item->kind == N_ID ? &r->ids : &r->filters; /* one id or another */
    else if (mod == MOD_REQUIRED || conjunctive)
        dest = &r->required;
    else
        dest = &r->optional;
    return qlist_push(c, dest, q);
}

/* Put the roles together:
 *   (AND(required) AND_MAYBE OR(optional)) FILTER AND(filters, OR(ids)) AND_NOT OR(excluded)
 * With nothing ranked the filters alone decide (weightless); with only exclusions, every
 * document is the starting point. */
static xc_query *assemble(compiler *c, roles *r, int *weightless)
{
    xc_query *req = q_take(c, XC_OP_AND, &r->required, 0);
    xc_query *opt = q_take(c, XC_OP_OR, &r->optional, 0);
    xc_query *base = req && opt ? q_pair(c, XC_OP_AND_MAYBE, req, opt) : req ? req : opt;
    if (r->ids.n) {
        xc_query *ids = q_take(c, XC_OP_OR, &r->ids, 0);
        if (qlist_push(c, &r->filters, ids) < 0) {
            xc_query_free(base);
            return NULL;
        }
    }
    xc_query *filter = q_take(c, XC_OP_AND, &r->filters, 0);
    *weightless = 0;
    if (base && filter)
        base = q_pair(c, XC_OP_FILTER, base, filter);
    else if (filter) {
        base = filter;
        *weightless = 1;
    }
    if (r->excluded.n) {
        if (!base) {
            base = q_match_all(c);
            *weightless = 1;
        }
        base = q_pair(c, XC_OP_AND_NOT, base, q_take(c, XC_OP_OR, &r->excluded, 0));
    }
    if (c->status != BL_OK) {
        xc_query_free(base);
        return NULL;
    }
    return base;
}

/* A group (juxtaposition: the default operator, +/- modifiers, stopword dropping) or an AND
 * (conjunctive: every item required). */
static xc_query *compile_list(compiler *c, const node *n, int conjunctive, int positive,
                              int *weightless)
{
    int keep_stopwords = 1;
    for (size_t i = 0; i < n->subs.n; i++) {
        const node *item = n->subs.v[i];
        if (!droppable_stopword(item) && item->mod != MOD_EXCLUDED && item->kind != N_NEG)
            keep_stopwords = 0;
    }
    roles r = {0};
    for (size_t i = 0; i < n->subs.n; i++) {
        const node *item = n->subs.v[i];
        if (!keep_stopwords && droppable_stopword(item))
            continue;
        if (file_item(c, item, conjunctive, positive, &r) < 0) {
            roles_free(&r);
            return NULL;
        }
    }
    xc_query *q = assemble(c, &r, weightless);
    roles_free(&r);
    return q;
}

/* a OR b: filters among ranked alternatives are given weight 0 so that they widen the
 * results without distorting the ranking. */
static xc_query *compile_or(compiler *c, const node *n, int positive, int *weightless)
{
    qlist subs = {0};
    int *wl = calloc(n->subs.n, sizeof *wl), all_weightless = 1;
    if (!wl)
        return compile_fail(c, BL_ERR_NO_MEMORY);
    for (size_t i = 0; i < n->subs.n; i++) {
        xc_query *q = compile(c, n->subs.v[i], positive, &wl[i]);
        if (!q || qlist_push(c, &subs, q) < 0)
            break;
        all_weightless = all_weightless && wl[i];
    }
    for (size_t i = 0; c->status == BL_OK && !all_weightless && i < subs.n; i++)
        if (wl[i])
            subs.v[i] = q_scale(c, subs.v[i], 0);
    free(wl);
    if (c->status != BL_OK) {
        qlist_free(&subs);
        return NULL;
    }
    *weightless = all_weightless;
    return q_take(c, XC_OP_OR, &subs, 0);
}

/* a NOT b NOT c = a AND_NOT (b OR c) */
static xc_query *compile_not(compiler *c, const node *n, int positive, int *weightless)
{
    xc_query *left = compile(c, n->subs.v[0], positive, weightless);
    qlist rights = {0};
    for (size_t i = 1; left && i < n->subs.n; i++) {
        int ignored;
        xc_query *q = compile(c, n->subs.v[i], 0, &ignored);
        if (!q || qlist_push(c, &rights, q) < 0)
            break;
    }
    if (c->status != BL_OK) {
        xc_query_free(left);
        qlist_free(&rights);
        return NULL;
    }
    return q_pair(c, XC_OP_AND_NOT, left, q_take(c, XC_OP_OR, &rights, 0));
}

/* NOT b alone: every document except those matching b. */
static xc_query *compile_neg(compiler *c, const node *n, int *weightless)
{
    int ignored;
    xc_query *sub = compile(c, n->subs.v[0], 0, &ignored);
    *weightless = 1;
    if (!sub)
        return NULL;
    return q_pair(c, XC_OP_AND_NOT, q_match_all(c), sub);
}

/* Compile a node.  positive: the node is not negated (its words count for spelling and
 * highlighting).  *weightless: the result only filters (callers give it no weight). */
static xc_query *compile(compiler *c, const node *n, int positive, int *weightless)
{
    *weightless = 0;
    switch (n->kind) {
    case N_WORD: return compile_word(c, n, positive, weightless);
    case N_PHRASE: return compile_phrase(c, n, positive, weightless);
    case N_WILDCARD: return compile_wildcard(c, n, positive, weightless);
    case N_NEAR: return compile_near(c, n, positive, weightless);
    case N_ID: return compile_id(c, n, weightless);
    case N_ENTITY: return compile_entity(c, n, positive, weightless);
    case N_DATE: return compile_date(c, n, weightless);
    case N_GROUP: return compile_list(c, n, c->all_words, positive, weightless);
    case N_AND: return compile_list(c, n, 1, positive, weightless);
    case N_OR: return compile_or(c, n, positive, weightless);
    case N_NOT: return compile_not(c, n, positive, weightless);
    case N_NEG: return compile_neg(c, n, weightless);
    case N_ALL:
        *weightless = 1;
        return q_match_all(c);
    }
    return compile_fail(c, BL_ERR_INTERNAL);
}

/* ========================================================================================== */
/* --since / --until                                                                          */

__attribute__((format(printf, 2, 3)))
static bl_status option_error(bl_query_error *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->column = 0;
    }
    return BL_ERR_QUERY;
}

#define DATE_USAGE "write YYYY, YYYY-MM or YYYY-MM-DD"

/* The value-slot bounds for --since (start of the period) and --until (its end). */
static bl_status option_bounds(const bl_query_options *o, char lo[32], char hi[32],
                               bl_query_error *err)
{
    ymd d;
    lo[0] = hi[0] = '\0';
    if (o->since) {
        if (parse_period(o->since, strlen(o->since), 1, &d) < 0)
            return option_error(err, "bad --since date '%.40s': " DATE_USAGE, o->since);
        snprintf(lo, 32, "%04d-%02d-%02dT00:00:00Z", d.y, d.m, d.d);
    }
    if (o->until) {
        if (parse_period(o->until, strlen(o->until), 0, &d) < 0)
            return option_error(err, "bad --until date '%.40s': " DATE_USAGE, o->until);
        snprintf(hi, 32, "%04d-%02d-%02dT23:59:59Z", d.y, d.m, d.d);
    }
    if (lo[0] && hi[0] && strcmp(lo, hi) > 0)
        return option_error(err, "--since %.40s is after --until %.40s", o->since, o->until);
    return BL_OK;
}

/* Restrict q to the --since/--until period (frees q on failure). */
static xc_query *apply_date_options(compiler *c, xc_query *q, const char *lo, const char *hi)
{
    if (!q || (!lo[0] && !hi[0]))
        return q;
    xc_query *range = NULL;
    xc_status st = xc_query_value_range(BL_SLOT_DATE, lo[0] ? lo : NULL, hi[0] ? hi : NULL,
                                        &range);
    if (st != XC_OK) {
        xc_query_free(q);
        return xc_fail(c, st);
    }
    return q_pair(c, XC_OP_FILTER, q, range);
}

/* ========================================================================================== */
/* Entry point                                                                                */

bl_status bl_query_parse(bl_analyzer *a, const char *text, const bl_query_options *opts,
                         bl_parsed_query **out, bl_query_error *err)
{
    static const bl_query_options defaults = {0};
    if (out)
        *out = NULL;
    if (err) {
        err->column = 0;
        err->message[0] = '\0';
    }
    if (!opts)
        opts = &defaults;
    if (!a || !text || !out || !(opts->title_weight >= 0))
        return BL_ERR_ARGUMENT;
    char lo[32], hi[32];
    bl_status st = option_bounds(opts, lo, hi, err);
    if (st != BL_OK)
        return st;

    size_t text_len = strlen(text);
    if (text_len > BL_QUERY_MAX_BYTES) {
        if (err) {
            snprintf(err->message, sizeof err->message, "the query is too long (%zu bytes; at "
                     "most %d)", text_len, BL_QUERY_MAX_BYTES);
            err->column = BL_QUERY_MAX_BYTES + 1;
        }
        return BL_ERR_QUERY;
    }
    bl_parsed_query *pq = calloc(1, sizeof *pq);
    if (!pq)
        return BL_ERR_NO_MEMORY;
    parser p = {.a = a, .s = text, .len = strlen(text), .ar = &pq->ar, .err = err};
    node *root = parse_query(&p);
    if (!root) {
        bl_parsed_query_free(pq);
        return p.status != BL_OK ? p.status : BL_ERR_INTERNAL;
    }

    double tw = opts->title_weight > 0 ? opts->title_weight : BL_QUERY_DEFAULT_TITLE_WEIGHT;
    compiler c = {.a = a, .all_words = opts->all_words, .title_factor = tw - 1,
                  .stem_positions = opts->stem_positions, .pq = pq,
                  .resolve = opts->resolve_entity, .resolve_ctx = opts->resolve_ctx};
    int weightless = 0;
    xc_query *q = compile(&c, root, 1, &weightless);
    if (q && weightless)
        q = q_scale(&c, q, 0);
    q = apply_date_options(&c, q, lo, hi);
    if (!q) {
        bl_parsed_query_free(pq);
        return c.status != BL_OK ? c.status : BL_ERR_INTERNAL;
    }
    pq->query = q;
    pq->ranked = !weightless;
    *out = pq;
    return BL_OK;
}

/* ========================================================================================== */
/* Error rendering                                                                            */

typedef struct writer {
    char *buf;
    size_t cap, len;
} writer;

static void put(writer *w, const char *s, size_t n)
{
    if (w->len < w->cap) {
        size_t room = w->cap - w->len;
        memcpy(w->buf + w->len, s, n < room ? n : room);
    }
    w->len += n;
}

static void put_repeat(writer *w, char ch, size_t n)
{
    while (n--)
        put(w, &ch, 1);
}

/* Show the query on one line and return in *caret_cols the display columns before the byte
 * offset `column_offset`. */
static void put_query_line(writer *w, const char *q, size_t column_offset, size_t *caret_cols)
{
    size_t len = strlen(q), cols = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)q + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        int width;
        if (n <= 0) {
            put(w, "?", 1);
            n = 1;
            width = 1;
        } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
            put(w, " ", 1);
            width = 1;
        } else {
            put(w, q + i, (size_t)n);
            width = utf8proc_charwidth(cp);
            width = width < 0 ? 1 : width;
        }
        if (i < column_offset)
            cols += (size_t)width;
        i += (size_t)n;
    }
    *caret_cols = cols + (column_offset > len ? column_offset - len : 0);
}

/* Bytes of a long query shown either side of an error's column. */
#define QUERY_ERROR_WINDOW 60

int bl_query_error_format(const char *query, const bl_query_error *e, char *buf, size_t n)
{
    if (!e || (!buf && n > 0))
        return -1;
    writer w = {buf, n ? n - 1 : 0, 0};
    char head[48];
    if (e->column > 0) {
        int k = snprintf(head, sizeof head, "column %zu: ", e->column);
        put(&w, head, (size_t)k);
    }
    put(&w, e->message, strnlen(e->message, sizeof e->message));
    put(&w, "\n", 1);
    if (e->column > 0 && query) {
        /* A long query is shown as a window of QUERY_ERROR_WINDOW bytes either side of the
         * column, with "…" where it is cut, so the caret stays on screen. */
        size_t len = strlen(query), at = e->column - 1 < len ? e->column - 1 : len;
        size_t from = at > QUERY_ERROR_WINDOW ? at - QUERY_ERROR_WINDOW : 0;
        size_t to = len - at > QUERY_ERROR_WINDOW ? at + QUERY_ERROR_WINDOW : len;
        while (from > 0 && ((unsigned char)query[from] & 0xC0) == 0x80)
            from--; /* not inside a UTF-8 sequence */
        while (to < len && ((unsigned char)query[to] & 0xC0) == 0x80)
            to++;
        char *window = strndup(query + from, to - from);
        size_t cols;
        put(&w, "  ", 2);
        if (from > 0)
            put(&w, "\xE2\x80\xA6", 3);
        put_query_line(&w, window ? window : query, window ? at - from : at, &cols);
        if (to < len)
            put(&w, "\xE2\x80\xA6", 3);
        put(&w, "\n  ", 3);
        put_repeat(&w, ' ', cols + (from > 0));
        put(&w, "^\n", 2);
        free(window);
    }
    if (n > 0)
        buf[w.len < w.cap ? w.len : w.cap] = '\0';
    return w.len > INT_MAX ? INT_MAX : (int)w.len;
}

/* ========================================================================================== */
/* Help                                                                                       */

const char *bl_query_syntax_help(void)
{
    return
"Query syntax\n"
"  climate change        articles with any of the words, those with more of them first; a\n"
"                        word also finds its other forms (cooperate: cooperation) and counts\n"
"                        more in the title.  With --all every word is required.\n"
"  \"climate change\"      the words in this order, in any of their forms (\"climate changes\"\n"
"                        too), between \"...\" or \xE2\x80\x9C...\xE2\x80\x9D; common words count here\n"
"  Israel-India          words joined by a hyphen (or other punctuation) are a phrase\n"
"  +word  -word          must / must not appear; also before \"...\", field: and ( )\n"
"  a AND b   a OR b   a NOT b   NOT b   ( )\n"
"                        operators in upper case only (and, or, not are plain words); NOT\n"
"                        binds tighter than AND, AND tighter than OR.  Words side by side\n"
"                        form one group: climate change AND india = (climate change) AND india\n"
"  modi NEAR/5 trump     both words within 5 words of each other, in either order (NEAR: 10)\n"
"  defen*                words starting with defen (at least 2 letters before the *)\n"
"  title:word            in the title\n"
"  text:word             anywhere in the article, without the title boost\n"
"  author:name  source:name  id:ID\n"
"  person:X  place:X  org:X  other:X  entity:X\n"
"                        articles naming that person, place, organisation, other name, or\n"
"                        any of these; X is a word or a \"full name\"; X* names starting so\n"
"  date:2024-07-22  date:2024-07  date:2024          a day, a month, a year (UTC)\n"
"  date:2024-07..2024-08  date:2020..  date:..2019   inclusive ranges, open ends allowed\n"
"  date:>=2020  date:>2024-06  date:<2024-01-01  date:<=2023\n"
"  --since DATE  --until DATE                        the same as date:DATE.. and date:..DATE\n"
"  field:(a OR b)  field:\"a b\"                       a field applies to a group or a phrase\n"
"author:, source:, id:, date: and the entity fields narrow the results without changing\n"
"their order (two id: are either one).  Common words (the, of, ...) are ignored outside\n"
"phrases unless the query has nothing else.  * alone matches every document (* -word:\n"
"all but those with word); a field with nothing after it (title:) is an error.  A query\n"
"holds at most 16384 bytes, 1024 words and 16 wildcards.\n";
}
