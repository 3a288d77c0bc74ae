/* SPDX-License-Identifier: GPL-2.0-or-later */
/* suggest.c — "did you mean": a correction for query words the index does not know.
 *
 * Candidates are read from the index's own term list at search time, so indexing pays nothing
 * and remote shards work.  Indexes of format 3 on hold only stems (lib/schema.h), so there the
 * query word's stem is compared with indexed stems, and the word offered is a real form of
 * the chosen stem, read from the first document that has it ("economi" is shown as
 * "economy"); the stem itself is shown only if no body has it (a title-only word).
 */
#include "suggest.h"

#include "docdata.h"
#include "schema.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SUGGEST_MAX_WORD 64
#define SUGGEST_MAX_EDITS 2

/* Edit distance with transpositions between a and b, or SUGGEST_MAX_EDITS + 1 when larger.
 * With prefix_of_b, the distance between a and the closest prefix of b (a stem against the
 * word a user typed: "cooper" is 0 edits from "cooperatoin"). */
static unsigned edit_distance(const char *a, size_t la, const char *b, size_t lb,
                              int prefix_of_b)
{
    if (la > SUGGEST_MAX_WORD || lb > SUGGEST_MAX_WORD ||
        (!prefix_of_b && (la > lb ? la - lb : lb - la) > SUGGEST_MAX_EDITS))
        return SUGGEST_MAX_EDITS + 1;
    unsigned d[SUGGEST_MAX_WORD + 1][SUGGEST_MAX_WORD + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (unsigned)j;
    unsigned row_min = 0;
    for (size_t i = 1; i <= la; i++) {
        row_min = SUGGEST_MAX_EDITS + 1;
        for (size_t j = 1; j <= lb; j++) {
            unsigned cost = a[i - 1] != b[j - 1];
            unsigned v = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < row_min)
                row_min = v;
        }
        if (row_min > SUGGEST_MAX_EDITS)
            return SUGGEST_MAX_EDITS + 1;
    }
    return prefix_of_b ? row_min : d[la][lb];
}

/* Candidates for one unknown word, most frequent kept. */
#define SUGGEST_CANDIDATES 8

typedef struct candidate {
    char term[SUGGEST_MAX_WORD + 1];
    unsigned edits; /* edits from the query word (format 1-2) or its stem (format 3) */
    unsigned rank;  /* format 3: the fewer of edits and edits from a prefix of the word */
    unsigned long freq;
} candidate;

/* Is a worse than b: more edits, or as many and less frequent? */
static int worse(const candidate *a, const candidate *b)
{
    return a->rank > b->rank || (a->rank == b->rank && a->freq < b->freq);
}

typedef struct suggest_ctx {
    const char *word;     /* what is compared with the terms: the word, or its stem */
    size_t len;
    const char *typed;    /* format 3: the word as typed, for the prefix test; else NULL */
    size_t typed_len;
    size_t skip;          /* bytes of term prefix to ignore in candidates */
    candidate best;       /* format 1-2: the one suggestion */
    candidate cands[SUGGEST_CANDIDATES]; /* format 3: kept candidates */
    size_t n_cands;
} suggest_ctx;

/* Keep the SUGGEST_CANDIDATES best candidates (fewest edits, then most frequent). */
static void keep_candidate(suggest_ctx *c, const char *term, size_t len, unsigned edits,
                           unsigned rank, unsigned long freq)
{
    candidate k = {.edits = edits, .rank = rank, .freq = freq};
    memcpy(k.term, term, len);
    k.term[len] = '\0';
    size_t at = c->n_cands;
    if (at == SUGGEST_CANDIDATES) { /* replace the worst, if this one is better */
        at = 0;
        for (size_t i = 1; i < SUGGEST_CANDIDATES; i++)
            if (worse(&c->cands[i], &c->cands[at]))
                at = i;
        if (!worse(&c->cands[at], &k))
            return;
    } else {
        c->n_cands++;
    }
    c->cands[at] = k;
}

static int consider_term(void *vctx, const char *term, size_t len, unsigned long freq)
{
    suggest_ctx *c = vctx;
    if (len < c->skip || len - c->skip > SUGGEST_MAX_WORD)
        return 0;
    term += c->skip;
    len -= c->skip;
    unsigned e = edit_distance(c->word, c->len, term, len, 0);
    if (c->typed) {
        /* a stem shorter than the typed word may be a prefix of it, give or take two edits
         * ("cooper" of "cooperatoin"); short stems would be a prefix of too much */
        unsigned p = len >= 4 && 2 * len >= c->typed_len
                         ? edit_distance(term, len, c->typed, c->typed_len, 1)
                         : SUGGEST_MAX_EDITS + 1;
        unsigned rank = e < p ? e : p;
        if (rank <= SUGGEST_MAX_EDITS && e != 0)
            keep_candidate(c, term, len, e, rank, freq);
        return 0;
    }
    if (e == 0 || e > SUGGEST_MAX_EDITS)
        return 0;
    if (!c->best.term[0] || e < c->best.edits || (e == c->best.edits && freq > c->best.freq)) {
        memcpy(c->best.term, term, len);
        c->best.term[len] = '\0';
        c->best.edits = e;
        c->best.freq = freq;
    }
    return 0;
}

/* The first UTF-8 character of w, as a term prefix after `prefix`. */
static void first_char_prefix(const char *prefix, const char *w, size_t len, char *out,
                              size_t outsz)
{
    size_t fl = 1;
    while (fl < len && fl < 7 && ((unsigned char)w[fl] & 0xC0) == 0x80)
        fl++; /* the whole first UTF-8 character */
    snprintf(out, outsz, "%s%.*s", prefix, (int)fl, w);
}

/* Format 1-2: unstemmed words are unprefixed terms. */
static const char *suggest_plain(xc_db *db, const char *w, suggest_ctx *c)
{
    unsigned long freq = 0;
    size_t len = strlen(w);
    if (len < 3 || len > SUGGEST_MAX_WORD || xc_db_term_freq(db, w, &freq) != XC_OK || freq)
        return NULL;
    char first[16];
    first_char_prefix("", w, len, first, sizeof first);
    *c = (suggest_ctx){.word = w, .len = len};
    if (xc_db_allterms(db, first, consider_term, c) != XC_OK || !c->best.term[0])
        return NULL;
    return c->best.term;
}

/* Finds, in a text, the form of `stem` closest to what the user typed. */
typedef struct surface_ctx {
    bl_analyzer *a;
    const char *stem;
    const char *typed;
    unsigned best_edits;
    char best[SUGGEST_MAX_WORD + 1];
    int one_token; /* look at the first token only */
    int nomem;
} surface_ctx;

static int match_surface(void *vctx, const bl_token *t)
{
    surface_ctx *c = vctx;
    size_t sl;
    if (t->term_len > SUGGEST_MAX_WORD)
        return c->one_token;
    const char *s = bl_analyzer_stem(c->a, t->term, t->term_len, &sl);
    if (!s) {
        c->nomem = 1;
        return 1;
    }
    if (sl != strlen(c->stem) || memcmp(s, c->stem, sl) != 0)
        return c->one_token;
    unsigned e = edit_distance(t->term, t->term_len, c->typed, strlen(c->typed), 0);
    if (!c->best[0] || e < c->best_edits) {
        memcpy(c->best, t->term, t->term_len);
        c->best[t->term_len] = '\0';
        c->best_edits = e;
    }
    return e == 1 || c->one_token; /* no form is closer than one edit to an unknown word */
}

/* Look for forms of c->stem in body.  Tokenising and stemming a long body costs
 * milliseconds; a stem of lower-case ASCII letters starts the words it comes from in the
 * languages Snowball stems by suffix, so only words starting (case aside) with its first
 * SURFACE_NEEDLE letters are tokenised, each through a short window.  Other stems: the
 * whole body. */
#define SURFACE_NEEDLE 3
#define SURFACE_WINDOW 128

static int ascii_lower_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'a' || s[i] > 'z')
            return 0;
    return 1;
}

static int word_byte(unsigned char b) { return b >= 0x80 || b == '_' || isalnum(b); }

static void scan_for_stem(surface_ctx *c, const char *body, size_t len)
{
    size_t sl = strlen(c->stem);
    if (sl < SURFACE_NEEDLE || !ascii_lower_word(c->stem, SURFACE_NEEDLE)) {
        bl_analyzer_tokenize(c->a, body, len, BL_TOKENIZE_DOCUMENT, 0, match_surface, c, NULL);
        return;
    }
    c->one_token = 1; /* the word that starts at the needle */
    for (size_t i = 0; i + SURFACE_NEEDLE <= len && !c->nomem; i++) {
        if ((i && word_byte((unsigned char)body[i - 1])) ||
            strncasecmp(body + i, c->stem, SURFACE_NEEDLE) != 0)
            continue;
        size_t n = len - i < SURFACE_WINDOW ? len - i : SURFACE_WINDOW;
        bl_analyzer_tokenize(c->a, body + i, n, BL_TOKENIZE_DOCUMENT, 0, match_surface, c, NULL);
        if (c->best[0] && c->best_edits <= 1)
            return; /* a form one edit away: none is closer */
    }
}

/* The form of stem (term = "Z" + stem) closest to `typed` in the body of the best document
 * that has it, into c->best; c->best stays empty when none is found or anything fails. */
static void surface_of_stem(xc_db *db, const char *term, surface_ctx *c)
{
    xc_query *q = NULL;
    xc_enquire *enq = NULL;
    xc_mset *m = NULL;
    xc_hit hit;
    char *value = NULL, *body = NULL;
    size_t vlen = 0, blen = 0;
    if (xc_query_term(term, strlen(term), 1, 0, &q) == XC_OK &&
        xc_enquire_new(db, &enq) == XC_OK && xc_enquire_set_query(enq, q) == XC_OK &&
        xc_enquire_get_mset(enq, 0, 1, 0, &m) == XC_OK && xc_mset_size(m) == 1 &&
        xc_mset_get(m, 0, &hit) == XC_OK &&
        xc_db_get_value(db, hit.docid, BL_SLOT_TEXT, &value, &vlen) == XC_OK && vlen &&
        bl_body_decode(value, vlen, &body, &blen) == BL_OK)
        scan_for_stem(c, body, blen);
    free(body);
    free(value);
    xc_mset_free(m);
    xc_enquire_free(enq);
    xc_query_free(q);
}

/* Of the kept candidate stems, the form closest to the typed word: a form within two edits of
 * it wins (fewest edits, then most frequent stem); failing that, the stem closest to the
 * word's stem.  Returns a malloc()ed word or NULL. */
static char *best_surface(xc_db *db, bl_analyzer *a, const char *typed, suggest_ctx *c,
                          int *nomem)
{
    char best[SUGGEST_MAX_WORD + 1] = "", fallback[SUGGEST_MAX_WORD + 1] = "";
    unsigned best_edits = SUGGEST_MAX_EDITS + 1, fallback_edits = SUGGEST_MAX_EDITS + 1;
    unsigned long best_freq = 0, fallback_freq = 0;
    for (size_t i = 0; i < c->n_cands && !*nomem; i++) {
        const candidate *k = &c->cands[i];
        char term[SUGGEST_MAX_WORD + 8];
        snprintf(term, sizeof term, "%s%s", BL_PREFIX_STEM, k->term);
        surface_ctx sc = {.a = a, .stem = k->term, .typed = typed};
        surface_of_stem(db, term, &sc);
        *nomem = sc.nomem;
        const char *form = sc.best[0] ? sc.best : k->term;
        unsigned e = sc.best[0] ? sc.best_edits : SUGGEST_MAX_EDITS + 1;
        if (e < best_edits || (e == best_edits && e <= SUGGEST_MAX_EDITS && k->freq > best_freq)) {
            snprintf(best, sizeof best, "%s", form);
            best_edits = e;
            best_freq = k->freq;
        }
        if (k->edits < fallback_edits || (k->edits == fallback_edits && k->freq > fallback_freq)) {
            snprintf(fallback, sizeof fallback, "%s", form);
            fallback_edits = k->edits;
            fallback_freq = k->freq;
        }
    }
    const char *pick = best_edits <= SUGGEST_MAX_EDITS ? best
                       : fallback_edits <= SUGGEST_MAX_EDITS ? fallback : NULL;
    if (*nomem || !pick || !*pick)
        return NULL;
    char *word = strdup(pick);
    *nomem = !word;
    return word;
}

/* Format 3 on: stems with the "Z" prefix.  Returns a malloc()ed word, or NULL. */
static char *suggest_stem(xc_db *db, bl_analyzer *a, const char *w, suggest_ctx *c,
                          int *nomem)
{
    size_t len = strlen(w), sl;
    if (len < 3 || len > SUGGEST_MAX_WORD)
        return NULL;
    const char *st = bl_analyzer_stem(a, w, len, &sl);
    char stem[SUGGEST_MAX_WORD + 1], term[SUGGEST_MAX_WORD + 8];
    if (!st || sl > SUGGEST_MAX_WORD) {
        *nomem = !st;
        return NULL;
    }
    memcpy(stem, st, sl);
    stem[sl] = '\0';
    unsigned long freq = 0;
    snprintf(term, sizeof term, "%s%s", BL_PREFIX_STEM, stem);
    if (xc_db_term_freq(db, term, &freq) != XC_OK || freq)
        return NULL;
    char first[16];
    first_char_prefix(BL_PREFIX_STEM, stem, sl, first, sizeof first);
    *c = (suggest_ctx){.word = stem, .len = sl, .typed = w, .typed_len = len,
                       .skip = strlen(BL_PREFIX_STEM)};
    if (xc_db_allterms(db, first, consider_term, c) != XC_OK || !c->n_cands)
        return NULL;
    return best_surface(db, a, w, c, nomem);
}

bl_status bl_suggest(xc_db *db, bl_analyzer *a, int format, const bl_parsed_query *pq,
                     char **out)
{
    size_t n = bl_parsed_query_word_count(pq);
    char *text = NULL;
    size_t len = 0;
    int changed = 0, nomem = 0;
    *out = NULL;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return BL_ERR_NO_MEMORY;
    for (size_t i = 0; i < n && !nomem; i++) {
        const char *w = bl_parsed_query_word(pq, i);
        suggest_ctx c;
        char *owned = NULL;
        const char *sugg = format >= BL_FORMAT_STEM_POSITIONS
                               ? (owned = suggest_stem(db, a, w, &c, &nomem))
                               : suggest_plain(db, w, &c);
        fprintf(f, "%s%s", i ? " " : "", sugg ? sugg : w);
        changed |= sugg != NULL;
        free(owned);
    }
    if (fclose(f) != 0 || nomem) {
        free(text);
        return BL_ERR_NO_MEMORY;
    }
    if (changed)
        *out = text;
    else
        free(text);
    return BL_OK;
}

/* ---- for the analyst views (lib/views_feedback.c) -------------------------------------- */

char *bl_suggest_written_form(xc_db *db, bl_analyzer *a, const char *stem)
{
    char term[SUGGEST_MAX_WORD + 2];
    if (!stem || strlen(stem) > SUGGEST_MAX_WORD)
        return NULL;
    snprintf(term, sizeof term, "%s%s", BL_PREFIX_STEM, stem);
    surface_ctx c = {.a = a, .stem = stem, .typed = stem};
    surface_of_stem(db, term, &c);
    return c.best[0] && !c.nomem ? strdup(c.best) : NULL;
}
