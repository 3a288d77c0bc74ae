/* snippet.c — the densest passage of a body for a query, with its matches marked.
 *
 * Two passes, both linear:
 *   1. The whole body is tokenised by the analyzer.  Each token is checked against the query
 *      (word, stem, wildcard prefix) and a small ring of the last few tokens recognises the
 *      query's phrases.  A token leaves the ring only once every phrase that could start at it
 *      has been seen, so a phrase is reported as one match and its words are not reported
 *      again.  The matches stream, in order, into a sliding window of max_chars characters
 *      that remembers the window holding the most of them.
 *   2. The chosen window is widened to show a little context, cut at white space, tokenised
 *      again (only that region) to collect the match offsets, and copied out with runs of
 *      white space shown as one space.
 * Memory is bounded by the query and max_chars, never by the body's length.
 */
#include "snippet.h"
#include "hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ========================================================================================== */
/* A fixed-size set of byte strings (open addressing; the set is built once, never grows)     */

typedef struct strset {
    char **keys;   /* malloc()ed copies, NULL = empty slot */
    size_t *lens;
    size_t mask;   /* capacity - 1 (capacity a power of two, at least twice the keys) */
} strset;

static uint64_t hash_bytes(const char *s, size_t n) { return bl_hash_fold(s, n); }

static int strset_init(strset *set, size_t max_keys)
{
    size_t cap = 8;
    while (cap < 2 * max_keys + 1)
        cap *= 2;
    set->keys = calloc(cap, sizeof *set->keys);
    set->lens = calloc(cap, sizeof *set->lens);
    set->mask = cap - 1;
    return set->keys && set->lens ? 0 : -1;
}

static void strset_free(strset *set)
{
    for (size_t i = 0; set->keys && i <= set->mask; i++)
        free(set->keys[i]);
    free(set->keys);
    free(set->lens);
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

static int strset_add(strset *set, const char *s, size_t n)
{
    size_t i = strset_slot(set, s, n, hash_bytes(s, n));
    if (set->keys[i])
        return 0;
    if (!(set->keys[i] = malloc(n + 1)))
        return -1;
    memcpy(set->keys[i], s, n);
    set->keys[i][n] = '\0';
    set->lens[i] = n;
    return 0;
}

static int strset_has(const strset *set, const char *s, size_t n, uint64_t h)
{
    return set->keys[strset_slot(set, s, n, h)] != NULL;
}

/* ========================================================================================== */
/* The matcher: is a body word a query word?                                                  */

enum { CACHE_SLOTS = 4096, CACHE_TERM = 30 };

/* Stemming every body word would dominate the cost; words repeat, so remember the verdict for
 * recent short terms (direct-mapped by hash). */
typedef struct cache_entry {
    unsigned char len;   /* 0 = empty */
    unsigned char match;
    char term[CACHE_TERM];
} cache_entry;

typedef struct matcher {
    bl_analyzer *a;
    strset words, stems;
    const bl_highlight **prefixes, **phrases;
    size_t n_prefixes, n_phrases;
    size_t longest;      /* tokens in the longest phrase, at least 1: the ring's size */
    cache_entry *cache;
    unsigned char first_bytes[32]; /* bit set: first bytes of the query words and stems */
} matcher;

static void matcher_free(matcher *m)
{
    strset_free(&m->words);
    strset_free(&m->stems);
    free(m->prefixes);
    free(m->phrases);
    free(m->cache);
}

/* Snowball stemmers only change the ends of words, so a body word whose first byte starts no
 * query word nor stem cannot match by stem: most body words are ruled out without stemming. */
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

/* Index the query's highlights.  -1 on memory failure. */
static int matcher_init(matcher *m, bl_analyzer *a, const bl_parsed_query *q)
{
    memset(m, 0, sizeof *m);
    m->a = a;
    m->longest = 1;
    size_t n = bl_parsed_query_highlight_count(q);
    m->prefixes = calloc(n + 1, sizeof *m->prefixes);
    m->phrases = calloc(n + 1, sizeof *m->phrases);
    m->cache = calloc(CACHE_SLOTS, sizeof *m->cache);
    if (!m->prefixes || !m->phrases || !m->cache || strset_init(&m->words, n) < 0 ||
        strset_init(&m->stems, n) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const bl_highlight *h = bl_parsed_query_highlight(q, i);
        if (h->kind == BL_HIGHLIGHT_PREFIX) {
            m->prefixes[m->n_prefixes++] = h;
        } else if (h->kind == BL_HIGHLIGHT_PHRASE && h->n_terms > 1) {
            m->phrases[m->n_phrases++] = h;
            m->longest = h->n_terms > m->longest ? h->n_terms : m->longest;
        } else {
            size_t tl = strlen(h->terms[0]), sl;
            const char *stem = bl_analyzer_stem(a, h->terms[0], tl, &sl);
            if (!stem || strset_add(&m->words, h->terms[0], tl) < 0 ||
                strset_add(&m->stems, stem, sl) < 0)
                return -1;
            note_first_byte(m, h->terms[0]);
            note_first_byte(m, stem);
        }
    }
    return 0;
}

static int has_prefix(const matcher *m, const char *term, size_t len)
{
    for (size_t i = 0; i < m->n_prefixes; i++) {
        const char *p = m->prefixes[i]->terms[0];
        size_t pl = strlen(p);
        if (pl <= len && memcmp(term, p, pl) == 0)
            return 1;
    }
    return 0;
}

/* Does the stem of term equal a query word's stem?  -1 on memory failure. */
static int stem_matches(matcher *m, const char *term, size_t len, uint64_t h)
{
    if (len == 0 || !may_match_stem(m, term))
        return 0;
    cache_entry *e = len < CACHE_TERM ? &m->cache[h % CACHE_SLOTS] : NULL;
    if (e && e->len == len && memcmp(e->term, term, len) == 0)
        return e->match;
    size_t sl;
    const char *stem = bl_analyzer_stem(m->a, term, len, &sl);
    if (!stem)
        return -1;
    int match = strset_has(&m->stems, stem, sl, hash_bytes(stem, sl));
    if (e) {
        e->len = (unsigned char)len;
        e->match = (unsigned char)match;
        memcpy(e->term, term, len);
    }
    return match;
}

/* 1 if the body word matches a query word, its stem or a wildcard; -1 on memory failure. */
static int word_matches(matcher *m, const char *term, size_t len)
{
    uint64_t h = hash_bytes(term, len);
    if (strset_has(&m->words, term, len, h) || has_prefix(m, term, len))
        return 1;
    return stem_matches(m, term, len, h);
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
    char *term;          /* kept only when the query has phrases */
    size_t term_len, term_cap;
    int word;            /* matches as a single word */
    size_t phrase_len;   /* the longest query phrase starting here (0 = none) */
    int covered;         /* inside a phrase already reported */
} slot;

typedef struct scanner {
    matcher *m;
    slot *ring;
    size_t size;         /* ring size = the longest phrase */
    size_t count;        /* tokens seen */
    const char *text;
    size_t cursor_b, cursor_c; /* character counting: byte offset and its character offset */
    match_sink sink;
    void *sink_ctx;
} scanner;

/* Character offset of byte offset b (b never goes backwards between calls). */
static size_t char_offset(scanner *sc, size_t b)
{
    for (; sc->cursor_b < b; sc->cursor_b++)
        sc->cursor_c += ((unsigned char)sc->text[sc->cursor_b] & 0xC0) != 0x80;
    return sc->cursor_c;
}

static slot *ring_at(const scanner *sc, size_t token) { return &sc->ring[token % sc->size]; }

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

/* Does the phrase end at the newest token? */
static int phrase_ends_here(const scanner *sc, const bl_highlight *ph)
{
    if (ph->n_terms > sc->count)
        return 0;
    for (size_t k = 0; k < ph->n_terms; k++) {
        const slot *s = ring_at(sc, sc->count - ph->n_terms + k);
        const char *t = ph->terms[k];
        if (strlen(t) != s->term_len || memcmp(t, s->term, s->term_len) != 0)
            return 0;
    }
    return 1;
}

static int keep_term(slot *s, const bl_token *tok)
{
    if (tok->term_len + 1 > s->term_cap) {
        size_t cap = tok->term_len + 32;
        char *t = realloc(s->term, cap);
        if (!t)
            return -1;
        s->term = t;
        s->term_cap = cap;
    }
    memcpy(s->term, tok->term, tok->term_len);
    s->term_len = tok->term_len;
    return 0;
}

static int on_token(void *ctx, const bl_token *tok)
{
    scanner *sc = ctx;
    if (sc->count >= sc->size && evict(sc, sc->count - sc->size) < 0)
        return -1;
    slot *s = ring_at(sc, sc->count);
    s->span.bstart = tok->start;
    s->span.cstart = char_offset(sc, tok->start);
    s->span.bend = tok->end;
    s->span.cend = char_offset(sc, tok->end);
    s->phrase_len = 0;
    s->covered = 0;
    int w = word_matches(sc->m, tok->term, tok->term_len);
    if (w < 0 || (sc->m->n_phrases && keep_term(s, tok) < 0))
        return -1;
    s->word = w;
    sc->count++;
    for (size_t i = 0; i < sc->m->n_phrases; i++) {
        const bl_highlight *ph = sc->m->phrases[i];
        if (phrase_ends_here(sc, ph)) {
            slot *first = ring_at(sc, sc->count - ph->n_terms);
            if (ph->n_terms > first->phrase_len)
                first->phrase_len = ph->n_terms;
        }
    }
    return 0;
}

/* Tokenise len bytes at text, sending every match to sink.  -1 on memory failure. */
static int scan_matches(matcher *m, const char *text, size_t len, match_sink sink, void *ctx)
{
    scanner sc = {.m = m, .size = m->longest, .text = text, .sink = sink, .sink_ctx = ctx};
    sc.ring = calloc(sc.size, sizeof *sc.ring);
    if (!sc.ring)
        return -1;
    int rc = bl_analyzer_tokenize(m->a, text, len, BL_TOKENIZE_DOCUMENT, 0, on_token, &sc, NULL);
    size_t first = sc.count > sc.size ? sc.count - sc.size : 0;
    for (size_t i = first; rc == 0 && i < sc.count; i++)
        rc = evict(&sc, i);
    for (size_t i = 0; i < sc.size; i++)
        free(sc.ring[i].term);
    free(sc.ring);
    return rc == 0 ? 0 : -1;
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

static int is_space_byte(unsigned char c) { return c <= 0x20 || c == 0x7f; }

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
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        match *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return -1;
        c->v = v;
        c->cap = cap;
    }
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
/* Entry points                                                                               */

/* Both passes; -1 on memory failure. */
static int make_snippet(bl_analyzer *a, const bl_parsed_query *q, const char *body, size_t len,
                        size_t max_chars, bl_snippet *out)
{
    matcher m;
    finder f = {.max_chars = max_chars};
    collector c = {0};
    int rc = -1;
    if (matcher_init(&m, a, q) < 0)
        goto done;
    int any = bl_parsed_query_highlight_count(q) > 0 && max_chars > 0;
    if (any && scan_matches(&m, body, len, finder_sink, &f) < 0)
        goto done;
    finder_finish(&f);
    size_t ws, we;
    place_window(body, len, max_chars, &f, &ws, &we);
    if (f.best_count > 0 && scan_matches(&m, body + ws, we - ws, collector_sink, &c) < 0)
        goto done;
    if (copy_out(body, ws, we, &c, out) < 0)
        goto done;
    out->cut_start = has_text(body, 0, ws);
    out->cut_end = has_text(body, we, len);
    rc = 0;
done:
    matcher_free(&m);
    free(f.q);
    free(c.v);
    return rc;
}

bl_status bl_snippet_make(bl_analyzer *a, const bl_parsed_query *q, const char *body, size_t len,
                          size_t max_chars, bl_snippet *out)
{
    if (!out)
        return BL_ERR_ARGUMENT;
    memset(out, 0, sizeof *out);
    if (!a || (!body && len > 0))
        return BL_ERR_ARGUMENT;
    if (!body)
        body = "";
    if (make_snippet(a, q, body, len, max_chars, out) < 0) {
        bl_snippet_free(out);
        return BL_ERR_NO_MEMORY;
    }
    return BL_OK;
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
