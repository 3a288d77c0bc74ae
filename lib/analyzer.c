/* SPDX-License-Identifier: GPL-2.0-or-later */
/* analyzer.c — the one analyzer: UTF-8 text in, normalised positional tokens out.
 *
 * Every other module that needs to know what a "word" is asks this file, so indexing, query
 * parsing, snippet marking and entity extraction always agree (see analyzer.h for the token
 * rules).  The scanner works on raw bytes with an ASCII fast path; code points outside ASCII
 * are decoded and classified with utf8proc.  A raw word is a run of word characters plus the
 * connectors allowed inside it; it is then normalised (NFKC + case fold + accents stripped)
 * into the term the index stores.  Nothing here allocates per token on the ASCII path; the
 * non-ASCII path uses utf8proc_map, whose result is freed before the next token.
 */
#include "analyzer.h"
#include "hash.h"
#include "schema.h"
#include "util.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Stems of recent short words, direct-mapped by hash.  Text repeats its words (a few
 * thousand make up most of it), and a lookup costs a hash and a memcmp where Snowball costs a
 * few hundred instructions: this took stemming from about 6% of indexing time to under 1%. */
#define STEM_CACHE_SLOTS 4096 /* power of two */
#define STEM_CACHE_WORD 22    /* longer words are stemmed every time */

typedef struct stem_slot {
    unsigned char term_len, stem_len; /* term_len 0: empty slot */
    char term[STEM_CACHE_WORD + 1];
    char stem[STEM_CACHE_WORD + 1];
} stem_slot;

struct bl_analyzer {
    char language[32];
    struct sb_stemmer *stemmer; /* NULL for "none" */
    char *buf;                  /* term buffer reused across tokens */
    size_t cap;
    stem_slot *stems;           /* STEM_CACHE_SLOTS, allocated on first use */
};

/* ---- character classes ---------------------------------------------------------------- */

/* Decode one code point at s[i..len).  Returns its byte length (>= 1); *cp = -1 for an
 * invalid sequence, which then counts as one byte. */
static size_t decode(const char *s, size_t len, size_t i, int32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    utf8proc_int32_t out;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i), &out);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = out;
    return (size_t)n;
}

/* ASCII classes, so that the common case never leaves this table. */
enum { A_WORD = 1, A_LETTER = 2, A_DIGIT = 4, A_UPPER = 8 };
static inline unsigned ascii_cls(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return A_WORD | A_LETTER;
    if (c >= 'A' && c <= 'Z')
        return A_WORD | A_LETTER | A_UPPER;
    if (c >= '0' && c <= '9')
        return A_WORD | A_DIGIT;
    return 0;
}

/* The one word-character rule, shared with the snippet maker (lib/util.h). */
static int is_word_cp(int32_t cp) { return bl_word_codepoint(cp); }

static int is_letter_cp(int32_t cp)
{
    return is_word_cp(cp) && !(cp >= '0' && cp <= '9') &&
           utf8proc_category(cp) != UTF8PROC_CATEGORY_ND;
}

static int is_digit_cp(int32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ND);
}

static int is_upper_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int is_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019; }
static int is_hyphen(int32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }

/* ---- analyzer object ------------------------------------------------------------------- */

/* Is `language` one of the stemmers libstemmer was built with? */
static int known_stemmer(const char *language)
{
    for (const char **l = sb_stemmer_list(); l && *l; l++)
        if (!strcmp(*l, language))
            return 1;
    return 0;
}

bl_status bl_analyzer_open(const char *language, bl_analyzer **out)
{
    if (!out)
        return BL_ERR_ARGUMENT;
    *out = NULL;
    if (!language || !*language)
        language = "english";
    if (strlen(language) >= sizeof(((bl_analyzer *)0)->language) ||
        (strcmp(language, "none") != 0 && !known_stemmer(language)))
        return BL_ERR_ARGUMENT;
    bl_analyzer *a = calloc(1, sizeof *a);
    if (!a)
        return BL_ERR_NO_MEMORY;
    strcpy(a->language, language);
    /* the language is known, so a NULL stemmer means memory ran out */
    if (strcmp(language, "none") != 0 && !(a->stemmer = sb_stemmer_new(language, "UTF_8"))) {
        free(a);
        return BL_ERR_NO_MEMORY;
    }
    a->cap = 256;
    a->buf = malloc(a->cap);
    if (!a->buf) {
        bl_analyzer_free(a);
        return BL_ERR_NO_MEMORY;
    }
    *out = a;
    return BL_OK;
}

bl_analyzer *bl_analyzer_new(const char *language)
{
    bl_analyzer *a = NULL;
    bl_analyzer_open(language, &a);
    return a;
}

void bl_analyzer_free(bl_analyzer *a)
{
    if (!a)
        return;
    if (a->stemmer)
        sb_stemmer_delete(a->stemmer);
    free(a->buf);
    free(a->stems);
    free(a);
}

const char *bl_analyzer_language(const bl_analyzer *a) { return a ? a->language : NULL; }

static int reserve(bl_analyzer *a, size_t need)
{
    if (need <= a->cap)
        return 0;
    size_t cap = a->cap;
    while (cap < need)
        cap *= 2;
    char *nb = realloc(a->buf, cap);
    if (!nb)
        return -1;
    a->buf = nb;
    a->cap = cap;
    return 0;
}

const char *bl_analyzer_stem(bl_analyzer *a, const char *term, size_t len, size_t *out_len)
{
    if (!a || !term)
        return NULL;
    if (!a->stemmer) {
        *out_len = len;
        return term;
    }
    stem_slot *slot = NULL;
    if (len && len <= STEM_CACHE_WORD &&
        (a->stems || (a->stems = calloc(STEM_CACHE_SLOTS, sizeof *a->stems)))) {
        slot = &a->stems[bl_fnv1a64(term, len) & (STEM_CACHE_SLOTS - 1)];
        if (slot->term_len == len && memcmp(slot->term, term, len) == 0) {
            *out_len = slot->stem_len;
            return slot->stem;
        }
    }
    const sb_symbol *s = sb_stemmer_stem(a->stemmer, (const sb_symbol *)term, (int)len);
    if (!s)
        return NULL;
    *out_len = (size_t)sb_stemmer_length(a->stemmer);
    if (slot && *out_len <= STEM_CACHE_WORD) {
        memcpy(slot->term, term, len);
        slot->term_len = (unsigned char)len;
        memcpy(slot->stem, s, *out_len);
        slot->stem[*out_len] = '\0';
        slot->stem_len = (unsigned char)*out_len;
    }
    return (const char *)s;
}

/* ---- normalisation --------------------------------------------------------------------- */

#define DECOMPOSE_OPTIONS (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | \
                           UTF8PROC_IGNORE)

/* Accents are folded only on scripts where they are diacritics a reader would drop when
 * typing (Latin, Greek, Cyrillic): in Devanagari or Arabic the combining marks are vowels,
 * and stripping them would merge different words. */
static int accent_foldable(int32_t base)
{
    return base < 0x0530 || (base >= 0x1E00 && base <= 0x1FFF);
}

/* NFKC + case fold + accents removed, as a malloc()ed string (utf8proc's allocator);
 * returns its length or a negative utf8proc error. */
static utf8proc_ssize_t fold_utf8(const char *s, size_t len, utf8proc_uint8_t **out)
{
    utf8proc_uint8_t *dec = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dec,
                                      DECOMPOSE_OPTIONS);
    if (n < 0)
        return n;
    /* drop combining marks that follow a foldable base, in place */
    utf8proc_ssize_t i = 0, o = 0;
    int32_t base = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(dec + i, n - i, &cp);
        if (k <= 0)
            break;
        int mark = utf8proc_category(cp) == UTF8PROC_CATEGORY_MN;
        if (!mark)
            base = cp;
        if (!(mark && accent_foldable(base))) {
            memmove(dec + o, dec + i, (size_t)k);
            o += k;
        }
        i += k;
    }
    n = utf8proc_map(dec, o, out, UTF8PROC_COMPOSE);
    free(dec);
    return n;
}

/* Normalise raw word bytes into a->buf, dropping characters that are only connectors in a
 * term (the "," of "1,000"; the "." of acronyms) and mapping U+2019 to "'".  Returns the term
 * length, or (size_t)-1 on memory failure. */
static size_t normalize_word(bl_analyzer *a, const char *s, size_t len)
{
    if (reserve(a, len * 4 + 1) < 0)
        return (size_t)-1;
    size_t o = 0;
    int ascii = 1;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80) {
            ascii = 0;
            break;
        }
    if (ascii) {
        for (size_t i = 0; i < len; i++) {
            char c = s[i];
            if (c == ',' || c == '.')
                if (!(c == '.' && i > 0 && i + 1 < len && s[i - 1] >= '0' && s[i - 1] <= '9'))
                    continue;
            a->buf[o++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        a->buf[o] = '\0';
        return o;
    }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = fold_utf8(s, len, &mapped);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? (size_t)-1 : 0;
    if (reserve(a, (size_t)n + 1) < 0) {
        free(mapped);
        return (size_t)-1;
    }
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        unsigned char c = mapped[i];
        if (c == ',' || (c == '.' && !(i > 0 && mapped[i - 1] >= '0' && mapped[i - 1] <= '9')))
            continue;
        /* U+2019 RIGHT SINGLE QUOTATION MARK (E2 80 99) -> ASCII apostrophe */
        if (c == 0xE2 && i + 2 < n && mapped[i + 1] == 0x80 && mapped[i + 2] == 0x99) {
            a->buf[o++] = '\'';
            i += 2;
            continue;
        }
        a->buf[o++] = (char)c;
    }
    a->buf[o] = '\0';
    free(mapped);
    return o;
}

char *bl_normalize(const char *s, size_t len, size_t *out_len)
{
    if (!s)
        return NULL;
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = fold_utf8(s, len, &mapped);
    if (n < 0) {
        /* Invalid UTF-8: normalise a repaired copy instead. */
        size_t clen;
        char *clean = bl_utf8_sanitize(s, len, &clen, NULL);
        if (!clean)
            return NULL;
        n = fold_utf8(clean, clen, &mapped);
        free(clean);
        if (n < 0)
            return NULL;
    }
    /* Collapse runs of white space into one space and trim the ends. */
    size_t o = 0;
    int space = 1;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        unsigned char c = mapped[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!space)
                mapped[o++] = ' ';
            space = 1;
        } else {
            mapped[o++] = c;
            space = 0;
        }
    }
    if (o > 0 && mapped[o - 1] == ' ')
        o--;
    mapped[o] = '\0';
    if (out_len)
        *out_len = o;
    return (char *)mapped;
}

/* ---- the scanner ----------------------------------------------------------------------- */

typedef struct scan {
    const char *s;
    size_t len;
} scan;

static int32_t cp_at(const scan *sc, size_t i, size_t *n)
{
    int32_t cp = -1;
    *n = 0;
    if (i < sc->len)
        *n = decode(sc->s, sc->len, i, &cp);
    return cp;
}

/* Is position i (just after a word character) the start of a connector that keeps the word
 * together?  Returns the connector's byte length, or 0. */
static size_t inner_connector(const scan *sc, size_t i, int32_t prev)
{
    size_t n, m;
    int32_t c = cp_at(sc, i, &n);
    if (c < 0)
        return 0;
    int32_t next = cp_at(sc, i + n, &m);
    if (is_apostrophe(c) && is_letter_cp(prev) && is_letter_cp(next))
        return n;
    if (c == '&' && is_letter_cp(prev) && is_letter_cp(next))
        return n;
    if ((c == '.' || c == ',') && is_digit_cp(prev) && is_digit_cp(next))
        return n;
    return 0;
}

/* Scan a raw word starting at i (a word character).  Returns its end. */
static size_t scan_word(const scan *sc, size_t i)
{
    int32_t prev = -1;
    const unsigned char *u = (const unsigned char *)sc->s;
    while (i < sc->len) {
        size_t start = i;
        while (i < sc->len && u[i] < 0x80 && (ascii_cls(u[i]) & A_WORD))
            i++; /* the ASCII fast path */
        if (i > start)
            prev = u[i - 1];
        if (i >= sc->len)
            break;
        size_t n;
        int32_t c = cp_at(sc, i, &n);
        if (is_word_cp(c)) {
            prev = c;
            i += n;
            continue;
        }
        size_t k = inner_connector(sc, i, prev);
        if (!k)
            break;
        i += k;
    }
    return i;
}

/* A dotted acronym starting at i: letter "." letter "." ... (at least two letters).  Returns
 * its end (after the last dot) or 0. */
static size_t scan_acronym(const scan *sc, size_t i)
{
    size_t letters = 0, j = i, n;
    for (;;) {
        int32_t c = cp_at(sc, j, &n);
        if (!is_letter_cp(c))
            break;
        size_t m;
        int32_t dot = cp_at(sc, j + n, &m);
        if (dot != '.')
            break;
        /* the letter must stand alone: no word character right after the dot */
        letters++;
        j += n + m;
        int32_t after = cp_at(sc, j, &m);
        if (!is_letter_cp(after))
            break;
        size_t m2;
        if (cp_at(sc, j + m, &m2) != '.')
            break;
    }
    return letters >= 2 ? j : 0;
}

/* Does the gap between two tokens end a sentence? */
static int gap_ends_sentence(const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        char c = s[i];
        if (c == '.' || c == '!' || c == '?' || c == '\n')
            return 1;
    }
    return 0;
}

static unsigned case_flags(const scan *sc, size_t start, size_t end)
{
    size_t n, letters = 0, upper = 0;
    unsigned flags = 0;
    const unsigned char *u = (const unsigned char *)sc->s;
    for (size_t i = start; i < end; i += n) {
        if (u[i] < 0x80) { /* ASCII fast path */
            unsigned char k = ascii_cls(u[i]);
            n = 1;
            if (!(k & A_LETTER))
                continue;
            if (letters == 0 && (k & A_UPPER))
                flags |= BL_TOKEN_CAPITALISED;
            letters++;
            upper += (k & A_UPPER) ? 1 : 0;
            continue;
        }
        int32_t c = cp_at(sc, i, &n);
        if (!is_letter_cp(c))
            continue;
        if (letters == 0 && is_upper_cp(c))
            flags |= BL_TOKEN_CAPITALISED;
        letters++;
        upper += is_upper_cp(c) ? 1 : 0;
    }
    if (letters >= 2 && upper == letters)
        flags |= BL_TOKEN_ALL_CAPS;
    return flags;
}

/* Cut a trailing possessive "'s" off the raw word [start,end).  Returns the new end. */
static size_t cut_possessive(const scan *sc, size_t start, size_t end)
{
    if (end - start < 3)
        return end;
    const unsigned char *s = (const unsigned char *)sc->s;
    if ((s[end - 1] == 's' || s[end - 1] == 'S')) {
        if (s[end - 2] == '\'' && end - 2 > start)
            return end - 2;
        if (end - start >= 5 && s[end - 2] == 0x99 && s[end - 3] == 0x80 && s[end - 4] == 0xE2)
            return end - 4;
    }
    return end;
}

int bl_analyzer_tokenize(bl_analyzer *a, const char *text, size_t len, bl_tokenize_mode mode,
                         unsigned first_position, bl_token_cb cb, void *ctx,
                         unsigned *next_position)
{
    (void)mode; /* documents and queries are tokenised alike; the mode is for callers */
    scan sc = {text, len};
    unsigned pos = first_position;
    size_t i = 0, prev_end = 0;
    int have_prev = 0, rc = 0;
    int32_t prev_sep = -1;
    const unsigned char *u = (const unsigned char *)text;
    while (i < len) {
        if (u[i] < 0x80 && !(ascii_cls(u[i]) & A_WORD)) { /* ASCII separator */
            prev_sep = u[i++];
            continue;
        }
        size_t n;
        int32_t c = cp_at(&sc, i, &n);
        if (!is_word_cp(c)) {
            prev_sep = c;
            i += n;
            continue;
        }
        bl_token tok = {.text = text, .start = i};
        size_t end = scan_acronym(&sc, i), word_end;
        if (end) {
            tok.flags |= BL_TOKEN_ACRONYM;
            word_end = end;
        } else {
            end = scan_word(&sc, i);
            word_end = cut_possessive(&sc, i, end);
            if (word_end != end)
                tok.flags |= BL_TOKEN_POSSESSIVE;
        }
        tok.end = end;
        tok.flags |= case_flags(&sc, i, word_end);
        if (is_digit_cp(c))
            tok.flags |= BL_TOKEN_NUMERIC;
        if (!have_prev || gap_ends_sentence(text, prev_end, i))
            tok.flags |= BL_TOKEN_SENTENCE_START;
        if (have_prev && prev_end + 1 == i && is_hyphen(prev_sep))
            tok.flags |= BL_TOKEN_JOINED;
        size_t tl = normalize_word(a, text + i, word_end - i);
        if (tl == (size_t)-1)
            return -1;
        if (tl > 0 && tl <= BL_MAX_TERM_BYTES) {
            tok.term = a->buf;
            tok.term_len = tl;
            tok.position = pos++;
            rc = cb(ctx, &tok);
            if (rc)
                break;
        }
        have_prev = 1;
        prev_end = end;
        prev_sep = -1;
        i = end;
    }
    if (next_position)
        *next_position = pos;
    return rc;
}

/* ---- UTF-8 repair ---------------------------------------------------------------------- */

char *bl_utf8_sanitize(const char *s, size_t len, size_t *out_len, size_t *invalid)
{
    size_t bad = 0, o = 0;
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = malloc(len * 3 + 1); /* each bad byte becomes 3 bytes at most */
    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x01 && c < 0x80) {
            out[o++] = (char)c;
            i++;
            continue;
        }
        int32_t cp;
        size_t n = c ? decode(s, len, i, &cp) : 1;
        if (c == 0 || cp < 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            bad++;
        } else {
            memcpy(out + o, s + i, n);
            o += n;
        }
        i += n;
    }
    out[o] = '\0';
    if (out_len)
        *out_len = o;
    if (invalid)
        *invalid = bad;
    return out;
}

/* ---- stopwords ------------------------------------------------------------------------- */

/* A conventional English stopword list (sorted in strcmp order for the binary search). */
static const char *const stopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between",
    "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during",
    "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
    "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is",
    "it", "it's", "its", "itself", "me", "more", "most", "my", "myself", "no", "nor", "not",
    "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
    "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were",
    "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
    "you", "your", "yours", "yourself", "yourselves",
};

/* The longest stopword ("themselves", "yourselves"): a longer term is never one. */
#define STOPWORD_MAX_LEN 10

/* strcmp order of term[0..len) (not terminated) against the terminated word w. */
static int cmp_term_word(const char *term, size_t len, const char *w)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)term[i], b = (unsigned char)w[i];
        if (a != b || b == '\0') /* at w's end: a NUL in the term ends it too, as strcmp */
            return (int)a - (int)b;
    }
    return w[len] ? -1 : 0;
}

/* stopwords[stop_from[c - 'a'] .. stop_from[c - 'a' + 1]) are the words that begin with c.
 * Written out from the list above; tests/test_analyzer.c looks every word up, so a wrong
 * bound fails there, and the assertion catches a word added or removed. */
static const unsigned char stop_from[27] = {
    0,  14, 24, 26, 32, 33, 37, 37, 50,  59,  59,  59,  59, 64,
    67, 80, 80, 80, 80, 86, 102, 105, 106, 120, 120, 125, 125};
/* Bit n of stop_lengths[c - 'a'] is set when some stopword that begins with c is n bytes
 * long: most words are rejected here without a comparison ("company": no 7-letter c-word). */
static const unsigned short stop_lengths[26] = {
    0x0ae, 0x0fc, 0x028, 0x07c, 0x010, 0x098, 0x000, 0x0dc, 0x05e, 0x000, 0x000, 0x000, 0x054,
    0x00c, 0x23c, 0x000, 0x000, 0x000, 0x05c, 0x4fc, 0x024, 0x010, 0x03c, 0x000, 0x538, 0x000};
_Static_assert(sizeof stopwords / sizeof *stopwords == 125,
               "the stopword list changed: recompute stop_from and stop_lengths");

/* Called for every word of every document (the near-duplicate signature, entity rules), so
 * it filters by first letter and length, then binary-searches that letter's words in place:
 * no copy, no libc call per probe (bsearch + strcmp here cost ~5% of indexing without
 * entities). */
int bl_is_stopword(const char *term, size_t len)
{
    if (!term || len == 0 || len > STOPWORD_MAX_LEN || term[0] < 'a' || term[0] > 'z' ||
        !(stop_lengths[term[0] - 'a'] >> len & 1))
        return 0;
    size_t lo = stop_from[term[0] - 'a'], hi = stop_from[term[0] - 'a' + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_term_word(term, len, stopwords[mid]);
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}
