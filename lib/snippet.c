/* SPDX-License-Identifier: GPL-2.0-or-later */
/* snippet.c — the densest passage of a body for a query, with its matches marked.
 *
 * Two passes, both linear:
 *   1. The body is tokenised by the analyzer.  Each token is checked against the query (word,
 *      stem, wildcard prefix) and a small ring of the last few tokens recognises the query's
 *      phrases.  A token leaves the ring only once every phrase that could start at it has
 *      been seen, so a phrase is reported as one match and its words are not reported again.
 *      The matches stream, in order, into a sliding window of max_chars characters that
 *      remembers the window holding the most of them.
 *   2. The chosen window is widened to show a little context, cut at white space, tokenised
 *      again (only that region) to collect the match offsets, and copied out with runs of
 *      white space shown as one space.
 *
 * Tokenising a whole long body costs far more than the rest of a search, so pass 1 first
 * looks for candidates with a byte scan (the prefilter) and tokenises only regions around
 * them.  A candidate is a word start where a "needle" of the query occurs (ASCII case
 * ignored, the "." of acronyms and the "," of numbers skipped), or any non-ASCII letter, mark
 * or digit (whose word's normalised form a byte scan cannot predict).  A needle is a prefix
 * that every matching word must start with: the query word's stem minus the letters that
 * English stemming may add or change at its end (at most two of e, i, l, y: "happi" comes
 * from "happy", "possibl" from "possibility"), plus "dy"/"ly"/"ty" for the stems die, lie and
 * tie (of dying, lying, tying).  That rule held for every word of the benchmark corpora (14
 * million tokens; those three were the only exceptions) and is assumed only for English and
 * unstemmed analyzers; other languages, and queries whose own words break it, tokenise whole
 * bodies.  A region starts at the white space before its candidate (earlier when a phrase's
 * needle is not its first word) and ends once the tokens after the last candidate cannot
 * complete a phrase, so the matches are exactly those of tokenising the whole body (the two
 * were compared on 700,000 snippets of the benchmark corpora and of adversarial texts).  The
 * byte scan looks at 16 bytes at a time where the compiler has vector extensions.
 * Memory is bounded by the query and max_chars, never by the body's length.
 */
#include "snippet.h"
#include "hash.h"
#include "util.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ========================================================================================== */
/* A fixed-size map from byte strings to small ids (open addressing; built once, never grows) */

typedef struct strset {
    char **keys;   /* malloc()ed copies, NULL = empty slot */
    size_t *lens;
    int *ids;      /* the id of each key: the order in which keys were added */
    size_t mask;   /* capacity - 1 (capacity a power of two, at least twice the keys) */
    int n;
} strset;

static uint64_t hash_bytes(const char *s, size_t n) { return bl_hash_fold(s, n); }

static int strset_init(strset *set, size_t max_keys)
{
    size_t cap = 8;
    while (cap < 2 * max_keys + 1)
        cap *= 2;
    set->keys = calloc(cap, sizeof *set->keys);
    set->lens = calloc(cap, sizeof *set->lens);
    set->ids = calloc(cap, sizeof *set->ids);
    set->mask = cap - 1;
    set->n = 0;
    return set->keys && set->lens && set->ids ? 0 : -1;
}

static void strset_free(strset *set)
{
    for (size_t i = 0; set->keys && i <= set->mask; i++)
        free(set->keys[i]);
    free(set->keys);
    free(set->lens);
    free(set->ids);
    memset(set, 0, sizeof *set);
}

/* The slot holding s, or the empty slot where it would go. */
static size_t strset_slot(const strset *set, const char *s, size_t n, uint64_t h)
{
    size_t i = (size_t)h & set->mask;
    while (set->keys[i] && !(set->lens[i] == n && memcmp(set->keys[i], s, n) == 0))
        i = (i + 1) & set->mask;
    return i;
}

/* Add s (if new); its id, or -1 on memory failure. */
static int strset_add(strset *set, const char *s, size_t n)
{
    size_t i = strset_slot(set, s, n, hash_bytes(s, n));
    if (set->keys[i])
        return set->ids[i];
    if (!(set->keys[i] = malloc(n + 1)))
        return -1;
    memcpy(set->keys[i], s, n);
    set->keys[i][n] = '\0';
    set->lens[i] = n;
    set->ids[i] = set->n++;
    return set->ids[i];
}

/* The id of s, or -1 when absent. */
static int strset_get(const strset *set, const char *s, size_t n, uint64_t h)
{
    size_t i = strset_slot(set, s, n, h);
    return set->keys[i] ? set->ids[i] : -1;
}

/* ========================================================================================== */
/* The matcher: is a body word a query word, and which phrase word is it?                     */

enum { CACHE_SLOTS = 2048, CACHE_TERM = 28 };

/* Stemming every body word would dominate the cost; words repeat, so remember the verdict for
 * recent short terms (direct-mapped by hash).  The verdicts depend only on the query, so the
 * cache serves every body of a search. */
typedef struct cache_entry {
    unsigned char len;   /* 0 = empty */
    unsigned char word;  /* matches a query word or wildcard through its stem */
    short phrase_term;   /* id of its stem among the phrases' words, -1 for none */
    char term[CACHE_TERM];
} cache_entry;

typedef struct prefix_hl {
    const char *typed;   /* the wildcard's prefix as typed (normalised) */
    char *stem;          /* its stem (malloc()ed) */
} prefix_hl;

typedef struct phrase_hl {
    int *terms;          /* the ids of its words' stems in matcher.phrase_stems */
    size_t n;
} phrase_hl;

typedef struct matcher {
    bl_analyzer *a;
    strset words, stems; /* the query's single words and their stems */
    strset phrase_stems; /* the stems of the phrases' words */
    prefix_hl *prefixes;
    phrase_hl *phrases;
    size_t n_prefixes, n_phrases;
    size_t longest;      /* tokens in the longest phrase, at least 1: the ring's size */
    cache_entry *cache;
    unsigned char first_bytes[32]; /* bit set: first bytes of every stem and prefix above */
} matcher;

static void matcher_free(matcher *m)
{
    strset_free(&m->words);
    strset_free(&m->stems);
    strset_free(&m->phrase_stems);
    for (size_t i = 0; i < m->n_prefixes; i++)
        free(m->prefixes[i].stem);
    for (size_t i = 0; i < m->n_phrases; i++)
        free(m->phrases[i].terms);
    free(m->prefixes);
    free(m->phrases);
    free(m->cache);
    memset(m, 0, sizeof *m);
}

/* Snowball stemmers only change the ends of words, so a body word whose first byte starts no
 * query stem nor prefix cannot match by stem: most body words are ruled out without stemming. */
static void note_first_byte(matcher *m, const char *s)
{
    unsigned char c = (unsigned char)s[0];
    m->first_bytes[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static int may_match_stem(const matcher *m, const char *term)
{
    unsigned char c = (unsigned char)term[0];
    return (m->first_bytes[c >> 3] >> (c & 7)) & 1;
}

/* The id of the stem of term among the phrase stems (added); -1 on memory failure. */
static int add_phrase_term(matcher *m, const char *term)
{
    size_t sl;
    const char *stem = bl_analyzer_stem(m->a, term, strlen(term), &sl);
    if (!stem)
        return -1;
    int id = strset_add(&m->phrase_stems, stem, sl);
    if (id >= 0 && sl > 0)
        note_first_byte(m, stem);
    return id;
}

static int add_phrase(matcher *m, const bl_highlight *h)
{
    phrase_hl *p = &m->phrases[m->n_phrases];
    if (!(p->terms = malloc(h->n_terms * sizeof *p->terms)))
        return -1;
    m->n_phrases++;
    for (p->n = 0; p->n < h->n_terms; p->n++)
        if ((p->terms[p->n] = add_phrase_term(m, h->terms[p->n])) < 0)
            return -1;
    m->longest = h->n_terms > m->longest ? h->n_terms : m->longest;
    return 0;
}

static int add_prefix(matcher *m, const bl_highlight *h)
{
    prefix_hl *p = &m->prefixes[m->n_prefixes];
    size_t sl;
    const char *stem = bl_analyzer_stem(m->a, h->terms[0], strlen(h->terms[0]), &sl);
    if (!stem || !(p->stem = strndup(stem, sl)))
        return -1;
    p->typed = h->terms[0];
    m->n_prefixes++;
    if (*p->typed)
        note_first_byte(m, p->typed);
    if (*p->stem)
        note_first_byte(m, p->stem);
    return 0;
}

static int add_word(matcher *m, const char *term)
{
    size_t tl = strlen(term), sl;
    const char *stem = bl_analyzer_stem(m->a, term, tl, &sl);
    if (!stem || strset_add(&m->stems, stem, sl) < 0 || strset_add(&m->words, term, tl) < 0)
        return -1;
    if (sl > 0)
        note_first_byte(m, stem);
    return 0;
}

/* Index the query's highlights.  -1 on memory failure. */
static int matcher_init(matcher *m, bl_analyzer *a, const bl_parsed_query *q)
{
    memset(m, 0, sizeof *m);
    m->a = a;
    m->longest = 1;
    size_t n = bl_parsed_query_highlight_count(q), terms = 0;
    for (size_t i = 0; i < n; i++)
        terms += bl_parsed_query_highlight(q, i)->n_terms;
    m->prefixes = calloc(n + 1, sizeof *m->prefixes);
    m->phrases = calloc(n + 1, sizeof *m->phrases);
    m->cache = calloc(CACHE_SLOTS, sizeof *m->cache);
    if (!m->prefixes || !m->phrases || !m->cache || strset_init(&m->words, n) < 0 ||
        strset_init(&m->stems, n) < 0 || strset_init(&m->phrase_stems, terms) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const bl_highlight *h = bl_parsed_query_highlight(q, i);
        int rc = h->kind == BL_HIGHLIGHT_PREFIX                    ? add_prefix(m, h)
                 : h->kind == BL_HIGHLIGHT_PHRASE && h->n_terms > 1 ? add_phrase(m, h)
                                                                    : add_word(m, h->terms[0]);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int starts_with(const char *s, size_t len, const char *prefix)
{
    size_t pl = strlen(prefix);
    return pl <= len && memcmp(s, prefix, pl) == 0;
}

/* Does the term (or its stem) start with a wildcard's prefix or with that prefix's stem? */
static int has_prefix(const matcher *m, const char *term, size_t len)
{
    for (size_t i = 0; i < m->n_prefixes; i++)
        if (starts_with(term, len, m->prefixes[i].typed))
            return 1;
    return 0;
}

static int stem_has_prefix(const matcher *m, const char *stem, size_t len)
{
    for (size_t i = 0; i < m->n_prefixes; i++)
        if (starts_with(stem, len, m->prefixes[i].typed) ||
            starts_with(stem, len, m->prefixes[i].stem))
            return 1;
    return 0;
}

/* What the term's stem says: *word when it is a query word's stem or starts with a prefix,
 * *phrase_term its id among the phrase stems (-1: none).  -1 on memory failure. */
static int classify_stem(matcher *m, const char *term, size_t len, uint64_t h, int *word,
                         int *phrase_term)
{
    cache_entry *e = len < CACHE_TERM ? &m->cache[h % CACHE_SLOTS] : NULL;
    if (e && e->len == len && memcmp(e->term, term, len) == 0) {
        *word = e->word;
        *phrase_term = e->phrase_term;
        return 0;
    }
    size_t sl;
    const char *stem = bl_analyzer_stem(m->a, term, len, &sl);
    if (!stem)
        return -1;
    uint64_t sh = hash_bytes(stem, sl);
    *word = strset_get(&m->stems, stem, sl, sh) >= 0 || stem_has_prefix(m, stem, sl);
    *phrase_term = m->n_phrases ? strset_get(&m->phrase_stems, stem, sl, sh) : -1;
    if (e && *phrase_term <= SHRT_MAX) {
        e->len = (unsigned char)len;
        e->word = (unsigned char)*word;
        e->phrase_term = (short)*phrase_term;
        memcpy(e->term, term, len);
    }
    return 0;
}

/* *word: the body word matches a query word, its stem or a wildcard; *phrase_term: which
 * phrase word it is (-1: none).  -1 on memory failure. */
static int classify(matcher *m, const char *term, size_t len, int *word, int *phrase_term)
{
    uint64_t h = hash_bytes(term, len);
    *word = strset_get(&m->words, term, len, h) >= 0 || has_prefix(m, term, len);
    *phrase_term = -1;
    if (len == 0 || !may_match_stem(m, term) || (*word && m->n_phrases == 0))
        return 0;
    int by_stem;
    if (classify_stem(m, term, len, h, &by_stem, phrase_term) < 0)
        return -1;
    *word |= by_stem;
    return 0;
}

/* ========================================================================================== */
/* The scanner: tokens in, matches (words and whole phrases) out, in order                    */

typedef struct match {
    size_t bstart, bend; /* byte span in the scanned text */
    size_t cstart, cend; /* the same in characters */
} match;

/* Where matches go: returns -1 on memory failure. */
typedef int (*match_sink)(void *ctx, const match *m);

typedef struct slot {
    match span;
    int word;            /* matches as a single word */
    int phrase_term;     /* id of its stem among the phrase stems, -1 for none */
    size_t phrase_len;   /* the longest query phrase starting here (0 = none) */
    int covered;         /* inside a phrase already reported */
} slot;

typedef struct scanner {
    matcher *m;
    slot *ring;          /* m->longest slots */
    size_t count;        /* tokens in the current run (since the last flush) */
    const char *text;
    size_t cursor_b, cursor_c; /* character counting: byte offset and its character offset */
    match_sink sink;
    void *sink_ctx;
} scanner;

static void scanner_start(scanner *sc, matcher *m, slot *ring, const char *text,
                          match_sink sink, void *ctx)
{
    *sc = (scanner){.m = m, .ring = ring, .text = text, .sink = sink, .sink_ctx = ctx};
}

/* How many bytes of x have their top bit set (x has no other bits set): the bits are moved
 * to the bottom of each byte and summed into the top byte by one multiplication. */
static size_t count_top_bits(uint64_t x)
{
    return (size_t)(((x >> 7) * 0x0101010101010101ull) >> 56);
}

/* Character offset of byte offset b (b never goes backwards between calls). */
static size_t char_offset(scanner *sc, size_t b)
{
    const unsigned char *t = (const unsigned char *)sc->text;
    size_t i = sc->cursor_b, c = sc->cursor_c;
    /* eight bytes at a time: the characters are the bytes that are not continuations (10xxxxxx) */
    for (; i + 8 <= b; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        c += 8 - count_top_bits(w & ~(w << 1) & 0x8080808080808080ull);
    }
    for (; i < b; i++)
        c += (t[i] & 0xC0) != 0x80;
    sc->cursor_b = i;
    sc->cursor_c = c;
    return c;
}

static slot *ring_at(const scanner *sc, size_t token)
{
    return &sc->ring[token % sc->m->longest];
}

/* Report token i, which is leaving the ring: as the start of a phrase, as a word, or not at
 * all when a reported phrase covers it. */
static int evict(scanner *sc, size_t i)
{
    slot *s = ring_at(sc, i);
    if (s->covered)
        return 0;
    if (s->phrase_len > 1) {
        match m = s->span;
        for (size_t k = 1; k < s->phrase_len; k++)
            ring_at(sc, i + k)->covered = 1;
        const slot *last = ring_at(sc, i + s->phrase_len - 1);
        m.bend = last->span.bend;
        m.cend = last->span.cend;
        return sc->sink(sc->sink_ctx, &m);
    }
    return s->word ? sc->sink(sc->sink_ctx, &s->span) : 0;
}

/* End a run of consecutive tokens: report what is still in the ring.  -1 on memory failure. */
static int scanner_flush(scanner *sc)
{
    size_t size = sc->m->longest;
    for (size_t i = sc->count > size ? sc->count - size : 0; i < sc->count; i++)
        if (evict(sc, i) < 0)
            return -1;
    sc->count = 0;
    return 0;
}

/* Does the phrase end at the newest token? */
static int phrase_ends_here(const scanner *sc, const phrase_hl *ph)
{
    if (ph->n > sc->count)
        return 0;
    for (size_t k = 0; k < ph->n; k++)
        if (ring_at(sc, sc->count - ph->n + k)->phrase_term != ph->terms[k])
            return 0;
    return 1;
}

/* The next token of the current run: bytes [start, end) of the text.  -1 on memory failure. */
static int scanner_token(scanner *sc, size_t start, size_t end, const char *term, size_t len)
{
    size_t size = sc->m->longest;
    if (sc->count >= size && evict(sc, sc->count - size) < 0)
        return -1;
    slot *s = ring_at(sc, sc->count);
    s->span.bstart = start;
    s->span.cstart = char_offset(sc, start);
    s->span.bend = end;
    s->span.cend = char_offset(sc, end);
    s->phrase_len = 0;
    s->covered = 0;
    if (classify(sc->m, term, len, &s->word, &s->phrase_term) < 0)
        return -1;
    sc->count++;
    for (size_t i = 0; i < sc->m->n_phrases; i++) {
        const phrase_hl *ph = &sc->m->phrases[i];
        if (phrase_ends_here(sc, ph)) {
            slot *first = ring_at(sc, sc->count - ph->n);
            if (ph->n > first->phrase_len)
                first->phrase_len = ph->n;
        }
    }
    return 0;
}

static int on_token(void *ctx, const bl_token *tok)
{
    return scanner_token(ctx, tok->start, tok->end, tok->term, tok->term_len);
}

/* Tokenise all len bytes of the scanner's text.  -1 on memory failure. */
static int scan_all(scanner *sc, size_t len)
{
    int rc = bl_analyzer_tokenize(sc->m->a, sc->text, len, BL_TOKENIZE_DOCUMENT, 0, on_token,
                                  sc, NULL);
    return rc == 0 ? scanner_flush(sc) : -1;
}

/* ========================================================================================== */
/* The prefilter: where in a body can a match be?                                             */

enum { NEEDLE_MAX = 32 };

typedef struct needle {
    char key[NEEDLE_MAX]; /* lower-case ASCII letters and digits */
    size_t len;
} needle;

typedef struct prefilter {
    int on;              /* 0: tokenise whole bodies */
    needle *v;
    size_t n, cap;
    unsigned char start[256]; /* 1: a needle starts with this byte; 2: a non-ASCII lead byte */
    unsigned char firsts[36]; /* the distinct first bytes of the needles (a-z, 0-9) */
    size_t n_firsts;
    size_t back;         /* tokens a region must start before its candidate (phrase anchors) */
    size_t after;        /* tokens a region goes on after its last candidate (phrases) */
} prefilter;

static int is_ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_space_byte(unsigned char c) { return c <= 0x20 || c == 0x7f; }

/* The stemmers whose changes to a word's end the needles allow for (see the header). */
static int needles_trusted(const bl_analyzer *a)
{
    const char *lang = bl_analyzer_language(a);
    return lang && (!strcmp(lang, "english") || !strcmp(lang, "en") ||
                    !strcmp(lang, "eng") || !strcmp(lang, "none"));
}

static int is_key_byte(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* Letters English stemming may add at a stem's end, or put in place of the word's letter. */
static int is_mutable_end(char c) { return c == 'e' || c == 'i' || c == 'l' || c == 'y'; }

/* The length of the needle of s: s without at most two final letters among e, i, l, y (never
 * shorter than two bytes), cut before its first byte that is not an ASCII letter or digit
 * (a word with other characters is found as a non-ASCII candidate or by a shorter needle). */
static size_t needle_len(const char *s, size_t len)
{
    size_t k = len;
    for (int cut = 0; cut < 2 && k > 2 && is_mutable_end(s[k - 1]); cut++)
        k--;
    size_t j = 0;
    while (j < k && j < NEEDLE_MAX && is_key_byte(s[j]))
        j++;
    return j;
}

static int push_needle(prefilter *pf, const char *s, size_t len)
{
    for (size_t i = 0; i < pf->n; i++)
        if (pf->v[i].len == len && !memcmp(pf->v[i].key, s, len))
            return 0;
    needle *v = bl_grow(pf->v, &pf->cap, pf->n + 1, sizeof *v, 8);
    if (!v)
        return -1;
    pf->v = v;
    memcpy(pf->v[pf->n].key, s, len);
    pf->v[pf->n].len = len;
    pf->n++;
    unsigned char c = (unsigned char)s[0];
    if (!pf->start[c])
        pf->firsts[pf->n_firsts++] = c;
    pf->start[c] = 1;
    if (c >= 'a' && c <= 'z')
        pf->start[c - 32] = 1;
    return 0;
}

/* Needles for the body words that x (a stem, or a wildcard's prefix) can stand for; `typed`
 * is the query's own word, which must start with the needle, or the rule is not trusted. */
static int add_needles(prefilter *pf, const char *x, size_t xl, const char *typed)
{
    size_t k = needle_len(x, xl);
    if (k == 0 && xl > 0 && (unsigned char)x[0] >= 0x80)
        return 0; /* only words with non-ASCII characters match: non-ASCII candidates */
    if (k == 0 || strncmp(x, typed, k) != 0) {
        pf->on = 0; /* anything could match, or the query's own word breaks the rule */
        return 0;
    }
    if (push_needle(pf, x, k) < 0)
        return -1;
    /* English exceptions: dying, lying, tying stem to die, lie, tie */
    static const char *const ie[] = {"die", "lie", "tie"};
    for (size_t i = 0; i < 3; i++)
        if (xl > 0 && xl <= 3 && !strncmp(ie[i], x, xl)) {
            char y[2] = {ie[i][0], 'y'};
            if (push_needle(pf, y, 2) < 0)
                return -1;
        }
    return 0;
}

/* Needles of a query word: those of its stem. */
static int add_word_needles(prefilter *pf, bl_analyzer *a, const char *term)
{
    size_t sl;
    const char *stem = bl_analyzer_stem(a, term, strlen(term), &sl);
    if (!stem)
        return -1;
    char buf[NEEDLE_MAX + 1]; /* the analyzer reuses its stem buffer: copy (a shorter needle
                                 only finds more candidates) */
    size_t n = sl < NEEDLE_MAX ? sl : NEEDLE_MAX;
    memcpy(buf, stem, n);
    buf[n] = '\0';
    return add_needles(pf, buf, n, term);
}

/* The phrase word with the longest needle anchors the phrase: a region starts that many
 * words before it. */
static int add_phrase_needles(prefilter *pf, bl_analyzer *a, const bl_highlight *h)
{
    size_t best = 0, best_len = 0;
    for (size_t i = 0; i < h->n_terms; i++) {
        size_t sl;
        const char *stem = bl_analyzer_stem(a, h->terms[i], strlen(h->terms[i]), &sl);
        if (!stem)
            return -1;
        size_t k = needle_len(stem, sl);
        if (k > best_len) {
            best = i;
            best_len = k;
        }
    }
    pf->back = best > pf->back ? best : pf->back;
    pf->after = h->n_terms - 1 > pf->after ? h->n_terms - 1 : pf->after;
    return add_word_needles(pf, a, h->terms[best]);
}

static int add_prefix_needles(prefilter *pf, const prefix_hl *p)
{
    if (add_needles(pf, p->typed, strlen(p->typed), p->typed) < 0)
        return -1;
    /* the prefix's stem need not start the prefix ("happi" of happy*): its needle must */
    return add_needles(pf, p->stem, strlen(p->stem), p->typed);
}

static int prefilter_init(prefilter *pf, bl_analyzer *a, const bl_parsed_query *q,
                          const matcher *m)
{
    memset(pf, 0, sizeof *pf);
    pf->on = needles_trusted(a);
    for (unsigned c = 0xC2; c <= 0xF4; c++)
        pf->start[c] = 2;
    size_t n = bl_parsed_query_highlight_count(q);
    for (size_t i = 0; i < n && pf->on; i++) {
        const bl_highlight *h = bl_parsed_query_highlight(q, i);
        int rc = h->kind == BL_HIGHLIGHT_PREFIX ? 0
                 : h->kind == BL_HIGHLIGHT_PHRASE && h->n_terms > 1
                     ? add_phrase_needles(pf, a, h)
                     : add_word_needles(pf, a, h->terms[0]);
        if (rc < 0)
            return -1;
    }
    for (size_t i = 0; i < m->n_prefixes && pf->on; i++)
        if (add_prefix_needles(pf, &m->prefixes[i]) < 0)
            return -1;
    return 0;
}

static void prefilter_free(prefilter *pf)
{
    free(pf->v);
    memset(pf, 0, sizeof *pf);
}

/* Does the needle occur at b[i]?  ASCII case is ignored, and the "." and "," that the
 * analyzer drops from acronyms ("U.S.") and numbers ("1,000") are skipped. */
static int needle_at(const needle *nd, const unsigned char *b, size_t len, size_t i)
{
    size_t k = 0;
    for (; k < nd->len && i < len; i++) {
        unsigned char c = b[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c == (unsigned char)nd->key[k])
            k++;
        else if (!(k > 0 && (c == '.' || c == ',')))
            return 0;
    }
    return k == nd->len;
}

static int any_needle_at(const prefilter *pf, const unsigned char *b, size_t len, size_t i)
{
    unsigned char c = b[i] >= 'A' && b[i] <= 'Z' ? (unsigned char)(b[i] + 32) : b[i];
    for (size_t k = 0; k < pf->n; k++)
        if ((unsigned char)pf->v[k].key[0] == c && needle_at(&pf->v[k], b, len, i))
            return 1;
    return 0;
}

/* Is the character at b[i] (a lead byte) a letter, mark or digit, as the analyzer's words
 * are made of? */
static int nonascii_word_char(const unsigned char *b, size_t len, size_t i)
{
    utf8proc_int32_t cp;
    if (utf8proc_iterate(b + i, (utf8proc_ssize_t)(len - i), &cp) <= 0)
        return 0; /* invalid: the analyzer treats it as a separator */
    return bl_word_codepoint(cp); /* the analyzer's own rule (lib/util.h) */
}

/* Is there a candidate at b[i]?  kind is pf->start[b[i]], non-zero. */
static int candidate_at(const prefilter *pf, const unsigned char *b, size_t len, size_t i,
                        unsigned char kind)
{
    if (kind == 2)
        return nonascii_word_char(b, len, i);
    return (i == 0 || !is_ascii_alnum(b[i - 1])) && any_needle_at(pf, b, len, i);
}

#if defined(__GNUC__)
/* Sixteen bytes at a time with the compiler's vector extensions (SSE2 on x86-64, NEON on
 * ARM): most of a body is ruled out without looking at its bytes one by one. */
typedef unsigned char v16u __attribute__((vector_size(16)));
typedef signed char v16s __attribute__((vector_size(16)));

/* Lanes (0xFF) of b[i..i+16) where a candidate may be: a needle's first byte (any case) at a
 * word start, or a non-ASCII lead byte.  Needs i >= 1. */
static v16s maybe_lanes(const prefilter *pf, const unsigned char *b, size_t i)
{
    v16u cur, prev;
    memcpy(&cur, b + i, 16);
    memcpy(&prev, b + i - 1, 16);
    v16u lc = cur | 0x20, lp = prev | 0x20; /* ASCII letters in lower case */
    v16s first = {0};
    for (size_t k = 0; k < pf->n_firsts; k++)
        first |= lc == pf->firsts[k];
    v16s prev_alnum = ((lp >= 'a') & (lp <= 'z')) | ((prev >= '0') & (prev <= '9'));
    return (first & ~prev_alnum) | ((cur >= 0xC2) & (cur <= 0xF4));
}

/* The first set lane of m, or 16. */
static size_t first_lane(v16s m)
{
    uint64_t w[2];
    memcpy(w, &m, sizeof w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (w[0])
        return (size_t)__builtin_ctzll(w[0]) / 8;
    if (w[1])
        return 8 + (size_t)__builtin_ctzll(w[1]) / 8;
    return 16;
#else
    if (!w[0] && !w[1])
        return 16;
    for (size_t j = 0; j < 16; j++)
        if (m[j])
            return j;
    return 16;
#endif
}

/* The first candidate in whole blocks of 16 from byte i (>= 1); *i is left at the first
 * byte not looked at. */
static size_t next_candidate_blocks(const prefilter *pf, const unsigned char *b, size_t len,
                                    size_t *i)
{
    for (; *i + 16 <= len; *i += 16) {
        v16s m = maybe_lanes(pf, b, *i);
        for (size_t j; (j = first_lane(m)) < 16; m[j] = 0)
            if (candidate_at(pf, b, len, *i + j, pf->start[b[*i + j]]))
                return *i + j;
    }
    return len;
}
#endif

/* The first candidate at or after byte i, or len. */
static size_t next_candidate(const prefilter *pf, const char *body, size_t len, size_t i)
{
    const unsigned char *b = (const unsigned char *)body;
#if defined(__GNUC__)
    if (i == 0 && len > 0 && pf->start[b[0]] && candidate_at(pf, b, len, 0, pf->start[b[0]]))
        return 0;
    i += i == 0;
    size_t c = next_candidate_blocks(pf, b, len, &i);
    if (c < len)
        return c;
#endif
    for (; i < len; i++)
        if (pf->start[b[i]] && candidate_at(pf, b, len, i, pf->start[b[i]]))
            return i;
    return len;
}

/* ========================================================================================== */
/* Pass 1 over candidate regions                                                              */

enum { REGION_STOP = 1 };

typedef struct region_run {
    scanner *sc;
    const prefilter *pf;
    size_t len;          /* of the body (the scanner's text) */
    size_t base;         /* where this tokenizer run started */
    size_t next;         /* the first candidate not inside a token seen yet */
    size_t must_reach;   /* the candidate this run was started for */
    size_t after;        /* tokens since the last one holding a candidate */
    size_t stop;         /* the start of the token the run stopped before */
} region_run;

static int region_token(void *ctx, const bl_token *tok)
{
    region_run *r = ctx;
    size_t start = r->base + tok->start, end = r->base + tok->end;
    int candidate = r->next < end;
    if (candidate)
        r->next = next_candidate(r->pf, r->sc->text, r->len, end);
    else if (start > r->must_reach && r->after >= r->pf->after) {
        r->stop = start;
        return REGION_STOP;
    }
    r->after = candidate ? 0 : r->after + 1;
    return scanner_token(r->sc, start, end, tok->term, tok->term_len);
}

static int has_alnum(const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (is_ascii_alnum((unsigned char)s[i]))
            return 1;
    return 0;
}

/* Where the region of candidate c starts: at the white space before it, and `back` words
 * earlier (counting only runs of non-space holding an ASCII letter or digit, each of which
 * holds a word); never before floor. */
static size_t region_start(const char *s, size_t c, size_t back, size_t floor)
{
    size_t i = c;
    while (i > floor && !is_space_byte((unsigned char)s[i - 1]))
        i--;
    for (size_t k = 0; k < back && i > floor;) {
        while (i > floor && is_space_byte((unsigned char)s[i - 1]))
            i--;
        size_t end = i;
        while (i > floor && !is_space_byte((unsigned char)s[i - 1]))
            i--;
        k += has_alnum(s, i, end);
    }
    return i;
}

/* Tokenise the regions around the candidates of the scanner's text (len bytes): a run goes
 * on from where the previous one stopped when the next region starts there, so a phrase
 * never straddles two runs.  -1 on memory failure. */
static int scan_regions(scanner *sc, const prefilter *pf, size_t len)
{
    region_run r = {.sc = sc, .pf = pf, .len = len};
    r.next = next_candidate(pf, sc->text, len, 0);
    size_t pos = 0; /* the text before pos is done */
    int open = 0;   /* the last run stopped at pos without flushing the ring */
    while (r.next < len) {
        size_t start = region_start(sc->text, r.next, pf->back, pos);
        if (open && start > pos && scanner_flush(sc) < 0)
            return -1;
        r.base = start;
        r.must_reach = r.next;
        r.after = 0;
        int rc = bl_analyzer_tokenize(sc->m->a, sc->text + start, len - start,
                                      BL_TOKENIZE_DOCUMENT, 0, region_token, &r, NULL);
        if (rc != REGION_STOP) {
            if (rc != 0)
                return -1;
            break; /* the run reached the end of the text */
        }
        pos = r.stop;
        open = 1;
    }
    return scanner_flush(sc);
}

/* ========================================================================================== */
/* Pass 1: the densest window                                                                 */

typedef struct finder {
    size_t max_chars;
    match *q;            /* circular queue of the matches in the current window */
    size_t head, n, cap;
    size_t best_count;
    match best_first, best_last;
} finder;

/* Ready for a new body (the queue's memory is kept). */
static void finder_reset(finder *f)
{
    f->head = f->n = f->best_count = 0;
}

/* The window starting at the queue's head holds every queued match: is it the best yet?
 * (Ties keep the earlier window.) */
static void consider_head(finder *f)
{
    if (f->n > f->best_count) {
        f->best_count = f->n;
        f->best_first = f->q[f->head];
        f->best_last = f->q[(f->head + f->n - 1) % f->cap];
    }
}

static int finder_push(finder *f, const match *m)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 64;
        match *q = malloc(cap * sizeof *q);
        if (!q)
            return -1;
        for (size_t i = 0; i < f->n; i++)
            q[i] = f->q[(f->head + i) % f->cap];
        free(f->q);
        f->q = q;
        f->head = 0;
        f->cap = cap;
    }
    f->q[(f->head + f->n++) % f->cap] = *m;
    return 0;
}

/* A new match closes every window that cannot reach it. */
static int finder_sink(void *ctx, const match *m)
{
    finder *f = ctx;
    while (f->n > 0 && m->cend - f->q[f->head].cstart > f->max_chars) {
        consider_head(f);
        f->head = (f->head + 1) % f->cap;
        f->n--;
    }
    return finder_push(f, m);
}

static void finder_finish(finder *f)
{
    for (; f->n > 0; f->n--, f->head = (f->head + 1) % f->cap)
        consider_head(f);
}

/* ========================================================================================== */
/* Pass 2: placing and cutting the window                                                     */

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
    while (i < len && is_space_byte((unsigned char)s[i]))
        i++;
    return i;
}

/* The byte offset n characters before byte i (or 0). */
static size_t back_chars(const char *s, size_t i, size_t n)
{
    while (i > 0 && n > 0) {
        i--;
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n--;
    }
    return i;
}

/* The byte offset n characters after byte i (or len). */
static size_t forward_chars(const char *s, size_t len, size_t i, size_t n)
{
    while (i < len) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n == 0)
                break;
            n--;
        }
        i++;
    }
    return i;
}

/* Start at a word: from byte i, skip the rest of a word we landed in, then white space. */
static size_t snap_start(const char *s, size_t len, size_t i)
{
    if (i > 0 && !is_space_byte((unsigned char)s[i - 1]))
        while (i < len && !is_space_byte((unsigned char)s[i]))
            i++;
    return skip_spaces(s, len, i);
}

/* End at a word: the last white space at or before limit (after start), without trailing
 * spaces; limit itself when one word fills the window (limit is a character boundary). */
static size_t snap_end(const char *s, size_t len, size_t start, size_t limit)
{
    size_t i = limit;
    if (limit < len && !is_space_byte((unsigned char)s[limit])) {
        while (i > start && !is_space_byte((unsigned char)s[i - 1]))
            i--;
        if (i == start)
            return limit;
    }
    while (i > start && is_space_byte((unsigned char)s[i - 1]))
        i--;
    return i;
}

static int has_text(const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!is_space_byte((unsigned char)s[i]))
            return 1;
    return 0;
}

/* The window [*ws, *we) around the best matches: a quarter of the spare room before them,
 * the rest after; or the start of the body when nothing matched. */
static void place_window(const char *body, size_t len, size_t max_chars, const finder *f,
                         size_t *ws, size_t *we)
{
    size_t start, keep = 0;
    if (f->best_count == 0) {
        start = skip_spaces(body, len, 0);
    } else {
        size_t span = f->best_last.cend - f->best_first.cstart;
        size_t lead = span < max_chars ? (max_chars - span) / 4 : 0;
        size_t first = f->best_first.bstart;
        start = snap_start(body, len, back_chars(body, first, lead));
        start = start < first ? start : first;
        keep = f->best_last.bend;
    }
    size_t limit = forward_chars(body, len, start, max_chars);
    size_t end = snap_end(body, len, start, limit);
    if (keep > end && keep <= limit)
        end = keep; /* never cut the last match off, e.g. before the comma of "India," */
    *ws = start;
    *we = end;
}

/* Collects the matches of the chosen window. */
typedef struct collector {
    match *v;
    size_t n, cap;
} collector;

static int collector_sink(void *ctx, const match *m)
{
    collector *c = ctx;
    match *v = bl_grow(c->v, &c->cap, c->n + 1, sizeof *v, 16);
    if (!v)
        return -1;
    c->v = v;
    c->v[c->n++] = *m;
    return 0;
}

/* Copy body[ws, we) into out->text showing white-space runs as one space, and translate the
 * collected match offsets (relative to ws) into offsets in the text. */
static int copy_out(const char *body, size_t ws, size_t we, const collector *c, bl_snippet *out)
{
    out->text = malloc(we - ws + 1);
    if (c->n) {
        out->match_start = malloc(c->n * sizeof *out->match_start);
        out->match_end = malloc(c->n * sizeof *out->match_end);
    }
    if (!out->text || (c->n && (!out->match_start || !out->match_end)))
        return -1;
    size_t o = 0, ks = 0, ke = 0;
    int in_space = 0;
    for (size_t i = ws; i <= we; i++) {
        size_t rel = i - ws;
        for (; ks < c->n && c->v[ks].bstart <= rel; ks++)
            out->match_start[ks] = o;
        for (; ke < c->n && c->v[ke].bend <= rel; ke++)
            out->match_end[ke] = o;
        if (i == we)
            break;
        unsigned char ch = (unsigned char)body[i];
        if (is_space_byte(ch)) {
            if (!in_space)
                out->text[o++] = ' ';
            in_space = 1;
        } else {
            out->text[o++] = (char)ch;
            in_space = 0;
        }
    }
    out->text[o] = '\0';
    out->n_matches = c->n;
    return 0;
}

/* ========================================================================================== */
/* The snippet maker                                                                          */

struct bl_snippet_maker {
    size_t max_chars;
    int any;             /* the query has something to mark and the window some room */
    matcher m;
    prefilter pf;
    slot *ring;          /* m.longest slots, for either pass */
    finder f;            /* its queue is reused from body to body */
    collector c;
};

void bl_snippet_maker_free(bl_snippet_maker *sm)
{
    if (!sm)
        return;
    matcher_free(&sm->m);
    prefilter_free(&sm->pf);
    free(sm->ring);
    free(sm->f.q);
    free(sm->c.v);
    free(sm);
}

bl_status bl_snippet_maker_new(bl_analyzer *a, const bl_parsed_query *q, size_t max_chars,
                               bl_snippet_maker **out)
{
    if (!out)
        return BL_ERR_ARGUMENT;
    *out = NULL;
    if (!a)
        return BL_ERR_ARGUMENT;
    bl_snippet_maker *sm = calloc(1, sizeof *sm);
    if (!sm)
        return BL_ERR_NO_MEMORY;
    sm->max_chars = max_chars;
    sm->f.max_chars = max_chars;
    sm->any = bl_parsed_query_highlight_count(q) > 0 && max_chars > 0;
    if (matcher_init(&sm->m, a, q) < 0 || prefilter_init(&sm->pf, a, q, &sm->m) < 0 ||
        !(sm->ring = calloc(sm->m.longest, sizeof *sm->ring))) {
        bl_snippet_maker_free(sm);
        return BL_ERR_NO_MEMORY;
    }
    *out = sm;
    return BL_OK;
}

/* Both passes; -1 on memory failure. */
static int make_snippet(bl_snippet_maker *sm, const char *body, size_t len, bl_snippet *out)
{
    scanner sc;
    finder_reset(&sm->f);
    sm->c.n = 0;
    if (sm->any) {
        scanner_start(&sc, &sm->m, sm->ring, body, finder_sink, &sm->f);
        if ((sm->pf.on ? scan_regions(&sc, &sm->pf, len) : scan_all(&sc, len)) < 0)
            return -1;
    }
    finder_finish(&sm->f);
    size_t ws, we;
    place_window(body, len, sm->max_chars, &sm->f, &ws, &we);
    if (sm->f.best_count > 0) {
        scanner_start(&sc, &sm->m, sm->ring, body + ws, collector_sink, &sm->c);
        if (scan_all(&sc, we - ws) < 0)
            return -1;
    }
    if (copy_out(body, ws, we, &sm->c, out) < 0)
        return -1;
    out->cut_start = has_text(body, 0, ws);
    out->cut_end = has_text(body, we, len);
    return 0;
}

bl_status bl_snippet_maker_run(bl_snippet_maker *sm, const char *body, size_t len,
                               bl_snippet *out)
{
    if (!out)
        return BL_ERR_ARGUMENT;
    memset(out, 0, sizeof *out);
    if (!sm || (!body && len > 0))
        return BL_ERR_ARGUMENT;
    if (!body)
        body = "";
    if (make_snippet(sm, body, len, out) < 0) {
        bl_snippet_free(out);
        return BL_ERR_NO_MEMORY;
    }
    return BL_OK;
}

bl_status bl_snippet_make(bl_analyzer *a, const bl_parsed_query *q, const char *body, size_t len,
                          size_t max_chars, bl_snippet *out)
{
    if (!out)
        return BL_ERR_ARGUMENT;
    memset(out, 0, sizeof *out);
    if (!a || (!body && len > 0))
        return BL_ERR_ARGUMENT;
    bl_snippet_maker *sm;
    bl_status st = bl_snippet_maker_new(a, q, max_chars, &sm);
    if (st == BL_OK)
        st = bl_snippet_maker_run(sm, body, len, out);
    bl_snippet_maker_free(sm);
    return st;
}

void bl_snippet_free(bl_snippet *s)
{
    if (!s)
        return;
    free(s->text);
    free(s->match_start);
    free(s->match_end);
    memset(s, 0, sizeof *s);
}
