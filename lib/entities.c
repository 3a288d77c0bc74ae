/* SPDX-License-Identifier: GPL-2.0-or-later */
/* entities.c — find people, places, organisations and other names in a news article.
 *
 * Byline's entity facets need names that are right often enough to be useful in a sidebar,
 * found fast enough to be a small part of indexing.  A sequence tagger over every word would
 * cost far more time per document; this is a rule-based extractor in the tradition of
 * gazetteer + cue-word systems, helped by a small learned model (ner_model.h: an averaged
 * perceptron that scores a candidate name's type, consulted once per candidate, not per
 * word) where the rules' own cues say little.  It works in four steps:
 *
 *  1. Tokens.  The analyzer's tokens (with spans and case flags) are collected per chunk of
 *     text.  The bytes between tokens tell where names must stop (commas, quotes, brackets,
 *     line breaks, sentence ends).  A token is "uninformative" when its case says nothing:
 *     the first word of a sentence, a word after an opening quote, a word of a headline
 *     (Title Case or ALL CAPS line without final punctuation).
 *
 *  2. Runs.  A run is a maximal sequence of name-like tokens: capitalised words in running
 *     text, joined by hyphens and, under conditions, by lower-case connectors ("Ministry of
 *     Defence", "Osama bin Laden").  An uninformative word is name-like only if the gazetteer
 *     knows it as a name, or the document writes it capitalised in mid-sentence elsewhere, or
 *     it is not a common lower-case English word.  Gazetteer names of several words ("New
 *     Delhi", "Bosnia and Herzegovina") are matched first, longest first, as single units.
 *
 *  3. Types.  Each run is split and typed by cues: a title before a name ("President",
 *     "Defence Secretary", "Maj Gen") makes the rest a person and is not part of it; a
 *     country or demonym before a title is its own entity ("Israeli Prime Minister ...");
 *     organisation tails and heads ("... Ministry", "Ministry of ...") make an organisation;
 *     event words ("Operation ...", "... Summit") an other; place words ("... River") a place;
 *     gazetteer names their own type; a given name first makes a person.  A country qualifier
 *     of a generic ministry is kept in its name, so "Israeli Defence Ministry", "Israel's
 *     Ministry of Defence" and "Israeli Ministry of Defence" are one organisation.  Each
 *     mention carries votes for the four types rather than a verdict.
 *
 *  4. Resolution.  Mentions with the same canonical name are one entity (aliases such as
 *     "U.S." -> "United States" come from the gazetteer).  A name that is part of exactly
 *     one longer name of the document is that entity ("Baram" -> "Amir Baram", "Mr Singh" ->
 *     "Rajesh Kumar Singh").  Each entity takes the type with most votes; one with no votes
 *     at all is kept only if it looks like a person's name, and one that the learned model
 *     finds no name at all is kept only if the rules give it a clear type.
 *
 * Work is linear in the text: per token a bounded number of hash lookups, per document a
 * bounded number of candidates per name in resolution.  Memory is bounded by a chunk of
 * tokens (names never span chunks, which are cut at sentence starts) plus the mentions,
 * which are capped (entities.h).  All state lives in the per-call context: the extractor is
 * immutable and may be shared by threads.
 */
#include "entities.h"
#include "hash.h"
#include "gazetteer.h"
#include "ner_model.h"
#include "util.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHUNK_TOKENS 8192   /* tokens per chunk (cut at the next sentence start) */
#define MAX_RUN_UNITS 12    /* a longer capitalised run is not one name */
#define MAX_CANDIDATES 256  /* longer names tried per partial name in resolution */
#define MAX_SURFACES 8      /* distinct surface forms remembered per entity */

/* How much each piece of evidence weighs in a mention's type votes (step 3): an entity takes
 * the type with most votes over its mentions.  All weights in one place so that their
 * balance can be read and changed together (values chosen on dev.jsonl and the train files;
 * strong cues outweigh context, context outweighs the learned model). */
typedef struct vote_weights {
    int gazetteer;        /* a gazetteer name, its own type */
    int minor_place;      /* a gazetteer city alone (many towns are named like people) */
    int ministry;         /* a (country-qualified) ministry: organisation */
    int title;            /* a title before a name ("President X"): person */
    int surname_comma;    /* "Doe, John" (a list or byline form): person */
    int bracket_title;    /* a bracketed title word just before ("Maj Gen (Res) X") */
    int title_before;     /* a lower-case title word before ("spokesman Liu") */
    int org_role_of;      /* "a spokesman for X", "shares of X": organisation */
    int org_kind_before;  /* "the German firm X", "the newspaper X": organisation */
    int org_kind_after;   /* "the Aigle Azur airline", "his Si Cumple party": organisation */
    int place_noun_of;    /* "the town of X": place */
    int place_prep;       /* "in X", "near X": place */
    int place_around;     /* "residents of X", "the outskirts of X", "northern X": place */
    int based_org;        /* "the Moscow-based X", "state-owned X": organisation */
    int the_not_person;   /* "the X" (not "the X regime"): taken from person */
    int company_role;     /* "X CEO", "X Chairman": organisation */
    int org_role_after;   /* "X spokesman", "X shares": organisation */
    int place_noun_after; /* "the X area": place */
    int place_noun_after2; /* "the X tribal region": place */
    int speech_verb;      /* "X said": person */
    int leader_of;        /* "the Bush administration", "the Assad regime": person */
    int who_after;        /* "X, who ...", "X, 45, ...": person */
    int name_particle;    /* "Osama bin Laden", "Ursula von der Leyen": person */
    int org_tail;         /* "... Ministry", "... Corp": organisation */
    int event_head;       /* "Operation ...": other */
    int event_tail;       /* "... Summit": other */
    int place_tail;       /* "... River": place */
    int place_head;       /* "Lake ...", "North ...": place */
    int org_head_of;      /* "Ministry of ...": organisation */
    int lone_org_tail;    /* one word that is an organisation tail ("Congress"?) */
    int acronym;          /* one all-capitals word: organisation */
    int code;             /* a code ("H5N1", "F16"): other */
    int lone_given;       /* one word that is a given name: person */
    int place_org;        /* a place, then unknown words ("Chicago Cubs"): organisation */
    int org_name_tail;    /* words, then a known organisation ("Social Democrats"): organisation */
    int town_context;     /* a town named like a person, after "in", "to", "visited": place */
    int lone_suffix;      /* one word with a surname suffix: person */
    int given_first;      /* a name starting with a given name: person */
    int person_suffix;    /* a name ending in a surname suffix: person */
    int demonym_tail;     /* a name ending in a demonym ("West African"): other */
    int surname_partial;  /* a name referred to by its last word alone: person */
    int model_div;        /* the learned model: one vote per model_div of margin (x 100) */
    int model_max;        /* ... at most model_max votes */
    int model_veto;       /* an entity whose mentions the model finds no name (by a vote's
                             margin) is dropped unless a type has this many votes */
    int model_initial;    /* a single sentence-initial word takes at least this many or none */
    int subject;          /* an unknown word before a verb ("Gupta was taken"): person */
    int definition;       /* "X is a village", "X was a rock band": place, organisation */
    int sports_team;      /* a town's or unknown name in a result or before a player's role
                             ("beat Tulsa 63-7", "Barcelona coach"): organisation */
    int the_plural;       /* a plural after a capitalised "The" inside a sentence ("by The
                             Triffids"): organisation */
    int based_place;      /* a name before "-based" ("a Richmond-based band"): place */
    int software_after;   /* "Perl scripts", "Linux kernel": software, other */
    int company_clause;   /* "X said its profit rose", "X reported net income": organisation */
    int company_it;       /* "X said it would cut jobs" (an "it" that may be about anything
                             else): organisation */
    int company_which;    /* "X, which makes car parts": organisation */
    int company_not_said; /* a company's clause undoes the person's vote of "X said" */
    int place_institution; /* a name alone that also names a town's or country's institution
                              ("the Kelm Daily", "the Bank of Varnia"): place */
} vote_weights;

static const vote_weights VOTE = {
    .gazetteer = 10, .minor_place = 5, .ministry = 8, .title = 8, .surname_comma = 8,
    .bracket_title = 6, .title_before = 6, .org_role_of = 4, .org_kind_before = 8,
    .org_kind_after = 5,
    .place_noun_of = 5, .place_prep = 1, .place_around = 3, .based_org = 4, .the_not_person = 3,
    .company_role = 3, .org_role_after = 2, .place_noun_after = 3, .place_noun_after2 = 2,
    .speech_verb = 1, .who_after = 3, .name_particle = 3, .org_tail = 6, .event_head = 6,
    .event_tail = 5, .place_tail = 5, .place_head = 4, .org_head_of = 6, .lone_org_tail = 2,
    .acronym = 3, .code = 2, .lone_given = 2, .town_context = 6, .place_org = 3, .org_name_tail = 4, .leader_of = 3, .lone_suffix = 1, .given_first = 4,
    .person_suffix = 2, .demonym_tail = 4, .surname_partial = 2, .model_div = 160,
    .model_max = 3, .model_veto = 2, .model_initial = 2, .subject = 1, .definition = 3,
    .sports_team = 7, .the_plural = 3, .based_place = 6, .software_after = 5,
    .company_clause = 4, .company_it = 3, .company_which = 2,
    .company_not_said = 2, .place_institution = 4,
};

/* ---- small helpers ------------------------------------------------------------------- */

/* A growable byte buffer; all strings of one extraction live in one (offsets, not
 * pointers, so it may move). */
typedef struct strbuf {
    char *s;
    size_t len, cap;
} strbuf;

static int sb_reserve(strbuf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + more + 1) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    char *s = realloc(b->s, cap);
    if (!s)
        return -1;
    b->s = s;
    b->cap = cap;
    return 0;
}

static int sb_append(strbuf *b, const char *s, size_t len)
{
    if (sb_reserve(b, len) < 0)
        return -1;
    memcpy(b->s + b->len, s, len);
    b->len += len;
    b->s[b->len] = '\0';
    return 0;
}

/* Arrays grow with bl_grow (util.h) from this many elements. */
#define FIRST_CAP 64

static uint64_t hash_bytes(const char *s, size_t len) { return bl_hash_fold(s, len); }

/* ---- types ---------------------------------------------------------------------------- */

/* The names are the facet types' (bl_facet_type_name, util.c): one table for the library. */
_Static_assert((int)BL_ENTITY_PERSON == BL_FACET_PERSON && (int)BL_ENTITY_PLACE == BL_FACET_PLACE &&
                   (int)BL_ENTITY_ORG == BL_FACET_ORG && (int)BL_ENTITY_OTHER == BL_FACET_OTHER &&
                   (int)BL_ENTITY_NTYPES == BL_FACET_NTYPES,
               "entity types and facet types are the same list");

const char *bl_entity_type_name(bl_entity_type t)
{
    const char *name = bl_facet_type_name((int)t);
    return name ? name : "?";
}

int bl_entity_type_from_name(const char *name, bl_entity_type *out)
{
    if (!name)
        return -1;
    for (int t = 0; t < BL_ENTITY_NTYPES; t++)
        if (strcasecmp(name, bl_facet_type_name(t)) == 0) {
            if (out)
                *out = (bl_entity_type)t;
            return 0;
        }
    return -1;
}

struct bl_entity_extractor {
    bl_gazetteer gz;
    bl_ner_model ner; /* learned span typing (ner_model.h) */
};

bl_entity_extractor *bl_entity_extractor_new(void)
{
    bl_entity_extractor *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    if (bl_gazetteer_init(&x->gz) < 0) {
        free(x);
        return NULL;
    }
    if (bl_ner_model_init(&x->ner) < 0) {
        bl_gazetteer_destroy(&x->gz);
        free(x);
        return NULL;
    }
    return x;
}

void bl_entity_extractor_free(bl_entity_extractor *x)
{
    if (!x)
        return;
    bl_gazetteer_destroy(&x->gz);
    bl_ner_model_destroy(&x->ner);
    free(x);
}

/* ---- the per-call context ---------------------------------------------------------------- */

/* Our own token flags, beside the analyzer's. */
enum {
    X_UNINF = 1u << 0,    /* case says nothing (sentence start, headline, after a quote) */
    X_HEADLINE = 1u << 1, /* in a headline line */
    X_BREAK = 1u << 2,    /* punctuation before it: a name cannot continue onto it */
    X_HYPHEN = 1u << 3,   /* joined to the previous token by a hyphen */
    X_NAME = 1u << 4,     /* name-like (decided per chunk) */
    X_POSS = 1u << 5,     /* possessive: "Israel's", or "Britain 's" in tokenised text */
    X_SKIP = 1u << 6,     /* the "s" of a detached "'s" */
    X_COMMA = 1u << 7,    /* a comma before it */
    X_CAPS_LINE = 1u << 8,/* in an all-capitals line */
    X_LINE = 1u << 9,     /* first token of a line */
    X_PLURAL_POSS = 1u << 10, /* after a plural possessive's apostrophe ("Workers' Party"):
                                a break unless the name goes on to an organisation's word */
    X_QUOTE = 1u << 11,   /* one quotation mark and spaces before it, nothing else */
    X_AMP = 1u << 12      /* one "&" and spaces before it, nothing else (a break too) */
};

typedef struct tok {
    size_t start, end;     /* span; a possessive "'s" is not included */
    size_t raw_end;        /* end of the analyzer's span (with "'s") */
    uint32_t term_off;     /* into ctx.terms */
    uint32_t term_len;
    unsigned aflags;       /* BL_TOKEN_* */
    unsigned xflags;       /* X_* */
    const bl_gz_entry *gz; /* the token alone in the gazetteer, or NULL */
} tok;

/* Mention flags. */
enum {
    M_GAZ = 1u << 0,       /* a gazetteer name: canonical, never a partial of another */
    M_CUE = 1u << 1,       /* typed by a strong cue (title, tail): not merged across types */
    M_HYPHEN = 1u << 2,    /* unknown name with a hyphen inside ("Singh-Baram") */
    M_COMMON = 1u << 3,    /* contains a common lower-case word */
    M_UNINF = 1u << 4,     /* first word's case was uninformative */
    M_ACRONYM = 1u << 5,
    M_MODEL_NONE = 1u << 6, /* the learned model finds it no name at all */
    M_MODEL_NAME = 1u << 7, /* the learned model does not find it no name */
    M_POSSESSIVE = 1u << 8, /* a possessive before punctuation: "from Christ's, three from
                               Pembroke" (short for "Christ's College") */
    M_ALL_COMMON = 1u << 9  /* every word a common lower-case word (never capitalised in the
                               large dictionary, so no "Bill") that is no word of a place,
                               organisation or other name ("Free Bonus", "Feedback") */
};

typedef struct mention {
    size_t start, end;
    size_t lead;                 /* bytes of a leading "The " inside the span but not the name
                                    ("wrote for The Economist": the name is "Economist") */
    size_t key_off, key_len;     /* surface key in ctx.strs (terms joined by ' ') */
    size_t canon_off, canon_len; /* canonical display in ctx.strs; canon_len 0 = none */
    size_t split;                /* M_HYPHEN: key offset of the second part */
    size_t poss_len;             /* key length of a possessor inside the name ("st luke" of
                                    "St. Luke's Church"), 0 if none */
    size_t gkey_off, gkey_len;   /* group key: bl_normalize(canon), else the surface key */
    int votes[BL_ENTITY_NTYPES];
    unsigned flags;
    unsigned ntok;
} mention;

typedef struct ctx {
    const bl_entity_extractor *x;
    const bl_gazetteer *gz;
    const char *text;
    size_t len;
    /* the current chunk */
    tok *toks;
    size_t ntoks, toks_cap;
    strbuf terms;
    uint32_t *tslots;          /* term table: token index + 1 of the term's first token */
    size_t tslots_cap;
    unsigned *cap_mid, *lower; /* per first token: capitalised mid-sentence, lower-case */
    size_t counts_cap;
    size_t total_tokens;
    /* the possessor of the next run ("Israel's"): token index, or SIZE_MAX */
    size_t poss_tok;
    const bl_gz_entry *poss_gz;
    /* output of the chunk phase */
    mention *ments;
    size_t nments, ments_cap;
    strbuf strs;
    strbuf scratch;
    int oom;
    int full; /* mention cap reached */
    /* markup (HTML or XML in mail and web pages): text scanned so far for tags, whether it
       ends inside a tag, and how many words that tag has held */
    size_t markup_end;
    int in_tag;
    unsigned tag_words;
    /* whether the text holds a font-family property or a run of five dashes anywhere: the
       per-word tests for a font list and an armour line are skipped in a text that has none */
    int has_font_family, has_dashes;
} ctx;

static const char *term_of(const ctx *c, const tok *t)
{
    return c->terms.s + t->term_off;
}

static int term_is(const ctx *c, const tok *t, const char *w)
{
    size_t n = strlen(w);
    return t->term_len == n && memcmp(term_of(c, t), w, n) == 0;
}

/* Is t's term one of words (NULL-terminated)?  The first byte is compared before the whole. */
/* Is the word w (wl bytes) one of words (NULL-terminated)?  The first byte is compared
 * before the whole. */
static int word_in(const char *w, size_t wl, const char *const *words)
{
    if (wl == 0)
        return 0;
    for (int k = 0; words[k]; k++)
        if (words[k][0] == w[0] && strlen(words[k]) == wl && memcmp(words[k], w, wl) == 0)
            return 1;
    return 0;
}

static int term_in(const ctx *c, const tok *t, const char *const *words)
{
    return word_in(term_of(c, t), t->term_len, words);
}

/* ---- step 1: tokens ----------------------------------------------------------------------- */

static int is_quote_byte_seq(const char *s, size_t i, size_t end, size_t *n)
{
    unsigned char ch = (unsigned char)s[i];
    if (ch == '"' || ch == '\'' || ch == '`') {
        *n = 1;
        return 1;
    }
    /* U+2018..U+201F quotation marks: E2 80 98..9F; U+00AB/U+00BB guillemets: C2 AB/BB */
    if (ch == 0xE2 && i + 2 < end && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] >= 0x98 && (unsigned char)s[i + 2] <= 0x9F) {
        *n = 3;
        return 1;
    }
    if (ch == 0xC2 && i + 1 < end &&
        ((unsigned char)s[i + 1] == 0xAB || (unsigned char)s[i + 1] == 0xBB)) {
        *n = 2;
        return 1;
    }
    return 0;
}

/* Abbreviations whose period does not end a sentence ("Mr. Bush", "Gen. Smith"). */
static int is_abbreviation(const ctx *c, const tok *t)
{
    static const char *const abbr[] = {"mr", "mrs", "ms", "dr", "gen", "col", "lt", "maj",
                                       "sgt", "capt", "st", "prof", "rev", "sen", "rep", "gov",
                                       "jr", "sr", "no", "vs", "mt", "ft", "adm", "brig",
                                       "cmdr", "cpl", "pvt", "messrs", "gens", "lt.", "cdr",
                                       "insp", "supt", "det", "hon", "pres", NULL};
    if (t->term_len == 1 && (t->aflags & BL_TOKEN_CAPITALISED))
        return 1; /* an initial: "George W. Bush" */
    for (int i = 0; abbr[i]; i++)
        if (term_is(c, t, abbr[i]))
            return 1;
    return 0;
}

/* Is the gap before t only a plural possessive's apostrophe between two capitalised words
 * ("Workers' Party", "Martyrs ' Brigades", "Veterans’ Affairs")? */
static int plural_possessive_gap(const ctx *c, const tok *prev, const tok *t, size_t gap_from)
{
    const char *s = c->text;
    size_t i = gap_from, end = t->start, marks = 0;
    if (prev->raw_end == 0 || s[prev->raw_end - 1] != 's' || prev->raw_end - prev->start < 3 ||
        s[prev->start] < 'A' || s[prev->start] > 'Z' || s[t->start] < 'A' || s[t->start] > 'Z')
        return 0;
    while (i < end) {
        if (s[i] == ' ') {
            i++;
        } else if (s[i] == '\'' && marks == 0) {
            i++;
            marks++;
        } else if (i + 2 < end && (unsigned char)s[i] == 0xE2 &&
                   (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99 &&
                   marks == 0) {
            i += 3;
            marks++;
        } else {
            return 0;
        }
    }
    /* not an opening quote ("the Workers 'Party'"): the apostrophe touches the "s", or
     * stands alone between spaces as in tokenised text ("Workers ' Party") */
    return marks == 1 && (s[prev->raw_end] != ' ' || s[t->start - 1] == ' ');
}

/* Classify the bytes between the previous token and t, setting t's X_ flags. */
static void classify_gap(ctx *c, tok *prev, tok *t, size_t gap_from)
{
    const char *s = c->text;
    size_t i = gap_from, end = t->start;
    if (!prev) {
        /* first token of a chunk: chunks start at a sentence start */
        t->xflags |= X_UNINF | X_BREAK | X_LINE;
        return;
    }
    if (plural_possessive_gap(c, prev, t, gap_from)) {
        t->xflags |= X_BREAK | X_PLURAL_POSS;
        return;
    }
    int newline = 0, stop = 0, brk = 0, quote = 0, comma = 0, only_space = 1, hyphen = 0;
    int other = 0; /* a mark other than a quotation mark */
    int amps = 0, marks = 0; /* "&"; marks other than quotes */
    while (i < end) {
        unsigned char ch = (unsigned char)s[i];
        size_t n = 1;
        if (ch == ' ' || ch == '\t' || ch == '\r') {
            i++;
            continue;
        }
        only_space = 0;
        if (ch == '\n') {
            newline = 1;
        } else if (ch == '.' || ch == '!' || ch == '?') {
            stop = 1;
        } else if (ch == '-' && prev && (t->aflags & BL_TOKEN_JOINED)) {
            hyphen = 1;
        } else if (is_quote_byte_seq(s, i, end, &n)) {
            quote++;
            brk = 1;
        } else {
            other = 1;
            if (ch == ',')
                comma = 1;
            if (ch == '&')
                amps++;
            marks++;
            brk = 1; /* , ; : ( ) [ ] / dashes, anything else */
        }
        i += n;
    }
    if (amps == 1 && marks == 1 && !newline && !stop && !quote && !hyphen)
        t->xflags |= X_AMP; /* "Procter & Gamble" */
    if (!prev) {
        t->xflags |= X_UNINF | X_BREAK | X_LINE;
        return;
    }
    if (newline) {
        t->xflags |= X_UNINF | X_BREAK | X_LINE;
        return;
    }
    if (stop) {
        /* "Mr. Bush": the period of an abbreviation or an initial ends nothing */
        if (!(is_abbreviation(c, prev) && !quote && !brk))
            t->xflags |= X_UNINF;
        t->xflags |= X_BREAK;
        if (is_abbreviation(c, prev) && !quote && !brk)
            t->xflags &= ~(unsigned)X_BREAK;
    }
    if (brk)
        t->xflags |= X_BREAK;
    if (comma)
        t->xflags |= X_COMMA;
    if (quote) {
        /* a capital right after an opening quote starts a quotation, not a name */
        t->xflags |= X_UNINF;
        if (quote == 1 && !other && !stop && !newline && !hyphen)
            t->xflags |= X_QUOTE;
    }
    if (hyphen && !brk && !stop)
        t->xflags |= X_HYPHEN;
    else if (!only_space && !stop && !brk && !hyphen)
        t->xflags |= X_BREAK;
    /* The analyzer's colon rule ("said: The ...") */
    if ((t->aflags & BL_TOKEN_SENTENCE_START) && !stop && !newline && brk)
        t->xflags |= X_UNINF;
}

/* ---- the term table: how a word is written elsewhere in the chunk -------------------------- */

static int term_table_build(ctx *c)
{
    size_t need = 16;
    while (need < c->ntoks * 2)
        need <<= 1;
    uint32_t *slots = bl_grow(c->tslots, &c->tslots_cap, need, sizeof *slots, FIRST_CAP);
    if (!slots)
        return -1;
    c->tslots = slots;
    unsigned *mid = bl_grow(c->cap_mid, &c->counts_cap, c->ntoks ? c->ntoks : 1, sizeof *mid,
                            FIRST_CAP);
    if (!mid)
        return -1;
    c->cap_mid = mid;
    /* lower shares counts_cap with cap_mid: allocate it to the same capacity */
    unsigned *lw = realloc(c->lower, c->counts_cap * sizeof *c->lower);
    if (!lw)
        return -1;
    c->lower = lw;
    memset(c->tslots, 0, need * sizeof *c->tslots);
    size_t mask = need - 1;
    for (size_t i = 0; i < c->ntoks; i++) {
        tok *t = &c->toks[i];
        c->cap_mid[i] = c->lower[i] = 0;
        if (t->xflags & X_SKIP)
            continue;
        const char *w = term_of(c, t);
        size_t h = (size_t)hash_bytes(w, t->term_len) & mask, first = i;
        for (;;) {
            uint32_t s = c->tslots[h];
            if (!s) {
                c->tslots[h] = (uint32_t)(i + 1);
                break;
            }
            tok *o = &c->toks[s - 1];
            if (o->term_len == t->term_len && memcmp(term_of(c, o), w, t->term_len) == 0) {
                first = s - 1;
                break;
            }
            h = (h + 1) & mask;
        }
        t->term_off = c->toks[first].term_off; /* same string: share it */
        if (t->aflags & BL_TOKEN_NUMERIC)
            continue;
        if (!(t->aflags & BL_TOKEN_CAPITALISED))
            c->lower[first]++;
        else if (!(t->xflags & X_UNINF))
            c->cap_mid[first]++;
    }
    return 0;
}

/* Counts for the term of token t. */
static size_t term_first(const ctx *c, const tok *t)
{
    size_t mask = 16;
    while (mask < c->ntoks * 2)
        mask <<= 1;
    mask--;
    const char *w = term_of(c, t);
    size_t h = (size_t)hash_bytes(w, t->term_len) & mask;
    for (;;) {
        uint32_t s = c->tslots[h];
        if (!s)
            return SIZE_MAX;
        const tok *o = &c->toks[s - 1];
        if (o->term_len == t->term_len && memcmp(term_of(c, o), w, t->term_len) == 0)
            return s - 1;
        h = (h + 1) & mask;
    }
}

/* ---- headlines ------------------------------------------------------------------------ */

/* Does the line starting at token s open with a team sport and a dash ("SOCCER - ...",
 * "RUGBY UNION - ...")?  The first word after the dash (before token end), or 0. */
static size_t team_sport_headline(const ctx *c, size_t s, size_t end)
{
    static const char *const sports[] = {"soccer", "football", "cricket", "rugby", "baseball",
                                         "basketball", "hockey", "ice", "nfl", "nba", "nhl",
                                         NULL};
    if (!term_in(c, &c->toks[s], sports))
        return 0;
    for (size_t k = s; k < s + 2 && k + 1 < end; k++)
        for (size_t b = c->toks[k].end; b < c->toks[k + 1].start; b++)
            if (c->text[b] == '-')
                return k + 1;
    return 0;
}

/* Mark the tokens of headline lines: Title Case or ALL CAPS lines without final sentence
 * punctuation, and ALL CAPS lines whatever their end.  In a headline, case is no evidence. */
static void mark_headlines(ctx *c)
{
    size_t i = 0;
    while (i < c->ntoks) {
        size_t j = i + 1;
        while (j < c->ntoks && !(c->toks[j].xflags & X_LINE))
            j++;
        size_t content = 0, caps = 0, allcaps = 0, words = 0;
        for (size_t k = i; k < j; k++) {
            tok *t = &c->toks[k];
            if (t->aflags & BL_TOKEN_NUMERIC || t->xflags & X_SKIP)
                continue;
            words++;
            if (t->aflags & BL_TOKEN_ALL_CAPS)
                allcaps++;
            if (bl_is_stopword(term_of(c, t), t->term_len))
                continue;
            content++;
            if (t->aflags & BL_TOKEN_CAPITALISED)
                caps++;
        }
        /* how does the line end? */
        size_t e = j < c->ntoks ? c->toks[j].start : c->len;
        size_t lend = c->toks[j - 1].end;
        int punct = 0;
        for (size_t k = lend; k < e && c->text[k] != '\n'; k++)
            if (c->text[k] == '.' || c->text[k] == '!' || c->text[k] == '?')
                punct = 1;
        int caps_line = words >= 3 && allcaps * 10 >= words * 6;
        int title_line = content >= 3 && caps * 4 >= content * 3 && !punct && j - i <= 30;
        if (caps_line || title_line)
            for (size_t k = i; k < j; k++)
                c->toks[k].xflags |= X_UNINF | X_HEADLINE | (caps_line ? X_CAPS_LINE : 0);
        /* "SOCCER - LEEDS V CHELSEA": two sides, not one name with an initial */
        size_t d = caps_line ? team_sport_headline(c, i, j) : 0;
        for (size_t k = d ? d + 1 : j; k + 1 < j; k++)
            if (term_is(c, &c->toks[k], "v") || term_is(c, &c->toks[k], "vs"))
                c->toks[k].xflags |= X_BREAK, c->toks[k + 1].xflags |= X_BREAK;
        i = j;
    }
}

/* ---- name-likeness ------------------------------------------------------------------------ */

static int caps_ok(const tok *t)
{
    if (t->xflags & X_CAPS_LINE)
        return 0; /* in an all-caps line every word is in capitals */
    return (t->aflags & (BL_TOKEN_ALL_CAPS | BL_TOKEN_ACRONYM)) != 0;
}

/* The gazetteer name classes of entry e that the tokens [from,to) satisfy. */
static uint32_t name_classes(const ctx *c, const bl_gz_entry *e, size_t from, size_t to)
{
    if (!e)
        return 0;
    uint32_t f = e->flags & BL_GZ_NAME_CLASSES;
    if (f & (BL_GZ_PLACE_CAPS | BL_GZ_ORG_CAPS | BL_GZ_OTHER_CAPS)) {
        int ok = 1;
        for (size_t k = from; k < to; k++)
            if (!caps_ok(&c->toks[k]))
                ok = 0;
        /* in an all-caps headline, accept an abbreviation that is not a stopword ("US") */
        if (!ok && to - from == 1 && (c->toks[from].xflags & X_CAPS_LINE) &&
            !bl_is_stopword(term_of(c, &c->toks[from]), c->toks[from].term_len))
            ok = 1;
        if (!ok)
            f &= ~(uint32_t)(BL_GZ_PLACE_CAPS | BL_GZ_ORG_CAPS | BL_GZ_OTHER_CAPS);
    }
    return f;
}

static int is_capitalised(const tok *t)
{
    return (t->aflags & (BL_TOKEN_CAPITALISED | BL_TOKEN_ALL_CAPS | BL_TOKEN_ACRONYM)) != 0;
}

/* A capital letter anywhere in the token ("d'Ivoire", "iPhone"). */
static int has_upper(const ctx *c, const tok *t)
{
    if (is_capitalised(t))
        return 1;
    for (size_t i = t->start; i < t->end; i++)
        if (c->text[i] >= 'A' && c->text[i] <= 'Z')
            return 1;
    return 0;
}

/* Is token i (mid-sentence) a capitalised word on which a name may go on? */
static int informative_cap(const ctx *c, size_t i)
{
    const tok *t = &c->toks[i];
    return is_capitalised(t) && !(t->xflags & (X_UNINF | X_BREAK | X_SKIP)) &&
           !(t->aflags & BL_TOKEN_NUMERIC) &&
           !(t->gz && (t->gz->flags & BL_GZ_NONNAME)) &&
           !bl_is_stopword(term_of(c, t), t->term_len);
}

/* Words before a month that make it a date ("in May", "since June", "last Jan"). */
static int before_month(const ctx *c, size_t i)
{
    static const char *const words[] = {"in", "since", "until", "by", "from", "during",
                                        "early", "late", "mid", "last", "next", "this",
                                        "through", "till", "of", "on", NULL};
    for (int k = 0; i > 0 && words[k]; k++)
        if (term_is(c, &c->toks[i - 1], words[k]))
            return 1;
    return 0;
}

/* Is the month word (or other never-a-name word) at i a given name here: capitalised, then
 * a capitalised unknown or given name, no number around and no date word before ("Jan Peter
 * Balkenende", "June Soh"; not "Jan 5", "in June", "June Congress")? */
static int given_not_month(const ctx *c, size_t i)
{
    const tok *t = &c->toks[i];
    if (!t->gz || !(t->gz->flags & BL_GZ_GIVEN) || !is_capitalised(t) || i + 1 >= c->ntoks ||
        bl_is_stopword(term_of(c, t), t->term_len) ||
        !informative_cap(c, i + 1) || before_month(c, i) ||
        (i > 0 && (c->toks[i - 1].aflags & BL_TOKEN_NUMERIC)))
        return 0;
    const tok *n = &c->toks[i + 1];
    if (n->gz && (n->gz->flags & (BL_GZ_NAME_CLASSES | BL_GZ_COMMON | BL_GZ_TITLE |
                                  BL_GZ_ORG_TAIL | BL_GZ_GENERIC)) &&
        !(n->gz->flags & BL_GZ_GIVEN))
        return 0;
    return !(i + 2 < c->ntoks && (c->toks[i + 2].aflags & BL_TOKEN_NUMERIC) &&
             !(c->toks[i + 2].xflags & X_BREAK));
}

/* Is token i a middle initial: one capital letter and its full stop between two capitalised
 * words ("John A. Corder", "Mary I. Lee"), where the letter would otherwise read as the
 * article "a" or the pronoun "I"? */
static int middle_initial(const ctx *c, size_t i)
{
    const tok *t = &c->toks[i];
    return t->term_len == 1 && t->end - t->start == 1 && c->text[t->start] >= 'A' &&
           c->text[t->start] <= 'Z' && t->end < c->len && c->text[t->end] == '.' && i > 0 &&
           i + 1 < c->ntoks && !(t->xflags & (X_BREAK | X_UNINF | X_CAPS_LINE)) &&
           is_capitalised(&c->toks[i - 1]) && !(c->toks[i + 1].xflags & X_BREAK) &&
           is_capitalised(&c->toks[i + 1]) &&
           !(c->toks[i - 1].aflags & BL_TOKEN_ALL_CAPS) &&
           !(c->toks[i + 1].aflags & BL_TOKEN_ALL_CAPS);
}

/* Is the word at a sentence's start one that never begins a name: a preposition,
 * conjunction or sentence adverb that the stopword list leaves out ("Unlike Barack Obama,
 * ...", "Amid Barack Obama's visit", "Though John Corder won")? */
static int opening_function_word(const ctx *c, const tok *t)
{
    static const char *const words[] = {
        "unlike", "amid", "amidst", "upon", "since", "although", "though", "whereas", "unless",
        "despite", "whether", "among", "amongst", "toward", "towards", "throughout", "within",
        "without", "besides", "beside", "via", "following", "including", "regarding",
        "concerning", "according", "also", "even", "still", "yet", "perhaps", "maybe",
        "indeed", "instead", "thus", "hence", "therefore", "moreover", "furthermore",
        "otherwise", "asked", "like", "see", "near", "ahead", "because", "once", "whenever",
        "wherever", "whoever", "whatever", "why", NULL};
    /* all of them are common lower-case words: most tokens are rejected by that */
    if (t->term_len < 3 || t->term_len > 11 || !t->gz || !(t->gz->flags & BL_GZ_COMMON))
        return 0;
    return term_in(c, t, words);
}

/* Is token i a word that calls or exclaims and names nothing, however written: an
 * interjection or greeting ("Hi Tom,", "Dear John,", "Oh, but ...", "Hello all"), a
 * postscript's mark ("P.S. Call Mary"), a word that calls
 * opening a sentence before its comma ("Man, ..."), or a mail's reply, forward,
 * advertisement or addressee mark before its colon ("RE: Alexander", "Fwd: news", "ADV: Free
 * quotes", "ATTN: President")?  A name after it stands on its own. */
static int interjection(const ctx *c, size_t i)
{
    static const char *const words[] = {"hi", "hello", "hey", "howdy", "oh", "ah", "aha", "wow",
                                        "ooh", "hmm", "yeah", "bye", "dear", "p.s.", "ps",
                                        NULL};
    static const char *const called[] = {"man", "boy", "dude", "gosh", "geez", "jeez", NULL};
    static const char *const marks[] = {"re", "fw", "fwd", "adv", "attn", NULL};
    const tok *t = &c->toks[i];
    if (t->term_len > 5 || (i > 0 && !(t->xflags & (X_BREAK | X_UNINF))))
        return 0; /* inside a name: "Bank Hey" */
    if (term_in(c, t, words))
        return 1;
    if (t->end < c->len && c->text[t->end] == ',' && (t->xflags & X_UNINF) &&
        term_in(c, t, called))
        return 1; /* "Man, these are the best" */
    return t->end < c->len && c->text[t->end] == ':' && term_in(c, t, marks);
}

/* Is token j a word shouted with its neighbour rather than part of a name: in capitals, and
 * a function word or a common lower-case word that no name list knows ("DO NOT REPLY",
 * "HUGE CASH FLOW", "NO RISK")? */
static int shouted_neighbour(const ctx *c, size_t j)
{
    const tok *n = &c->toks[j];
    if (!(n->aflags & BL_TOKEN_ALL_CAPS) || (n->aflags & BL_TOKEN_NUMERIC) ||
        name_classes(c, n->gz, j, j + 1))
        return 0;
    return bl_is_stopword(term_of(c, n), n->term_len) ||
           (n->gz && (n->gz->flags & BL_GZ_COMMON) &&
            !(n->gz->flags & (BL_GZ_GIVEN | BL_GZ_ORG_TAIL | BL_GZ_ORG_HEAD | BL_GZ_PLACE_TAIL |
                              BL_GZ_PLACE_HEAD | BL_GZ_EVENT_HEAD | BL_GZ_EVENT_TAIL |
                              BL_GZ_COMPANY)));
}

/* Is token i a given name's word opening a sentence right before a pronoun ("Hope this
 * helps", "Hope you like it", "Will you come?", "Mark it down")?  There it is a verb, or at
 * most a first name called without a comma, which names no one across an index. */
static int opening_given_verb(const ctx *c, size_t i)
{
    static const char *const pronouns[] = {"this", "that", "these", "those", "you", "it", "we",
                                           "they", "us", "them", "everyone", "everybody",
                                           NULL};
    const tok *t = &c->toks[i];
    if (!(t->xflags & X_UNINF) || !(t->aflags & BL_TOKEN_CAPITALISED) ||
        (t->aflags & BL_TOKEN_ALL_CAPS) || i + 1 >= c->ntoks || !t->gz ||
        !(t->gz->flags & BL_GZ_GIVEN) || name_classes(c, t->gz, i, i + 1) ||
        (c->toks[i + 1].xflags & X_BREAK) || is_capitalised(&c->toks[i + 1]))
        return 0;
    return term_in(c, &c->toks[i + 1], pronouns);
}

/* Is token i a word of a sovereign's style between a possessive pronoun and "Majesty" or
 * "Highness" ("Her Britannic Majesty", "His Catholic Majesty", "His Imperial Highness")?
 * It qualifies the title and names nothing on its own. */
static int style_epithet(const ctx *c, size_t i)
{
    static const char *const owners[] = {"his", "her", "their", "your", NULL};
    static const char *const styles[] = {"majesty", "majesties", "highness", "highnesses",
                                         NULL};
    if (i == 0 || i + 1 >= c->ntoks || (c->toks[i].xflags & X_BREAK) ||
        (c->toks[i + 1].xflags & X_BREAK) || !is_capitalised(&c->toks[i]))
        return 0;
    return term_in(c, &c->toks[i - 1], owners) && term_in(c, &c->toks[i + 1], styles);
}

/* Is token i a common English word of four letters or more shouted in capitals within
 * ordinary text ("for FREE!", "a HUGE ISSUE"), with no capitalised word beside it but other
 * shouted words ("DO NOT REPLY")?  Shorter ones are more often acronyms ("CAR", "SAC");
 * acronyms that are names are in the name lists ("NATO"); a capitals line is a headline's
 * business. */
static int shouted_word(const ctx *c, size_t i)
{
    const tok *t = &c->toks[i];
    if (!(t->aflags & BL_TOKEN_ALL_CAPS) || (t->xflags & X_CAPS_LINE) || t->term_len < 4 ||
        !t->gz || !(t->gz->flags & BL_GZ_COMMON) || name_classes(c, t->gz, i, i + 1))
        return 0;
    if (i > 0 && !(t->xflags & X_BREAK) && is_capitalised(&c->toks[i - 1]) &&
        !shouted_neighbour(c, i - 1))
        return 0;
    if (i + 1 < c->ntoks && !(c->toks[i + 1].xflags & X_BREAK) &&
        is_capitalised(&c->toks[i + 1]) && !shouted_neighbour(c, i + 1))
        return 0;
    return 1;
}

/* Is token i a word shouted in capitals inside a lower-case sentence, of a kind the rule
 * above leaves out: a common word of three letters ("for BIG dollars", "on ONE battery") or a
 * word that no list but the given names has ("with CASH.", "worth CASH to you")?  Stricter
 * than shouted_word: the word before is a lower-case word (or a shouted function word:
 * "- WITH CASH."), in the same sentence, and the word after is lower-case, shouted the same
 * way or across punctuation; not after a determiner ("the SAC"), and a given name's word only
 * before punctuation or a function word. */
static int shouted_in_prose(const ctx *c, size_t i)
{
    const tok *t = &c->toks[i];
    if (!(t->aflags & BL_TOKEN_ALL_CAPS) || (t->aflags & BL_TOKEN_NUMERIC) ||
        (t->xflags & (X_CAPS_LINE | X_BREAK)) || i == 0 || !t->gz ||
        name_classes(c, t->gz, i, i + 1))
        return 0;
    uint32_t f = t->gz->flags;
    if (!((t->term_len == 3 && (f & BL_GZ_COMMON) && !(f & BL_GZ_GIVEN)) ||
          (t->term_len >= 4 && (f & BL_GZ_GIVEN) && !(f & BL_GZ_COMMON))))
        return 0;
    static const char *const determiners[] = {"the", "a", "an", "this", "that", "its", NULL};
    const tok *p = &c->toks[i - 1];
    if (p->aflags & BL_TOKEN_NUMERIC || (is_capitalised(p) && !shouted_neighbour(c, i - 1)) ||
        (t->xflags & X_HYPHEN) || term_in(c, p, determiners))
        return 0; /* "support to the SAC", "the THOMAS administration": an abbreviation */
    if (i + 1 >= c->ntoks || (c->toks[i + 1].xflags & X_BREAK))
        return 1;
    const tok *n = &c->toks[i + 1];
    if (is_capitalised(n) && !shouted_neighbour(c, i + 1))
        return 0;
    /* a given name's word before a noun may be an abbreviation ("ETHEL companies") */
    return t->term_len == 3 || bl_is_stopword(term_of(c, n), n->term_len);
}

/* Does a telephone number (six digits or more, with spaces, "+", "-", "(", ")", ".") start
 * at byte k after spaces and one colon, or end at byte k before spaces and a slash
 * (dir < 0)? */
static int phone_number_at(const ctx *c, size_t k, int dir)
{
    int digits = 0, colon = 0;
    if (dir > 0) {
        for (; k < c->len && (c->text[k] == ' ' || c->text[k] == '\t' ||
                              (c->text[k] == ':' && !colon++));
             k++)
            ;
        for (; k < c->len && digits < 6; k++) {
            char ch = c->text[k];
            if (ch >= '0' && ch <= '9')
                digits++;
            else if (!strchr(" \t+-().", ch))
                break;
        }
        return digits >= 6;
    }
    for (; k > 0 && strchr(" \t/", c->text[k - 1]); k--)
        ;
    for (; k > 0 && digits < 6; k--) {
        char ch = c->text[k - 1];
        if (ch >= '0' && ch <= '9')
            digits++;
        else if (!strchr(" \t+-().", ch))
            break;
    }
    return digits >= 6;
}

/* Is token i the label of a telephone number: before it, and before a colon or after
 * another number ("Fax: 01 660 2244", "Phone: 408.725.7136  Fax: 408.973", "Ph +353 1
 * 8064276 Fax +353 1 8064247"; a dateline is no label: "QUARRINBY 2001-05-02")?  A word that no list knows as a place,
 * organisation or other name names nothing there (given names included: "Fax" is one in
 * the lists). */
static int phone_label(const ctx *c, size_t i)
{
    const tok *t = &c->toks[i];
    if (t->gz && name_classes(c, t->gz, i, i + 1))
        return 0;
    size_t k = t->end;
    if (k < c->len && c->text[k] == '.')
        k++;
    if (!phone_number_at(c, k, 1))
        return 0;
    size_t j = k;
    while (j < c->len && (c->text[j] == ' ' || c->text[j] == '\t'))
        j++;
    return (j < c->len && c->text[j] == ':') || phone_number_at(c, t->start, -1);
}

/* Is token i a compass word opening a sentence before "of" ("North of Baghdad, ...", "West
 * of Mosul")?  Then it says where, and the name is the place after "of". */
static int opening_compass_of(const ctx *c, size_t i)
{
    static const char *const words[] = {"north", "south", "east", "west", "northeast",
                                        "northwest", "southeast", "southwest", NULL};
    if (i + 1 >= c->ntoks || !term_is(c, &c->toks[i + 1], "of") ||
        (c->toks[i + 1].xflags & X_BREAK))
        return 0;
    return term_in(c, &c->toks[i], words);
}

/* Is token t a pronoun or other function word with a contraction ("We've", "They’re",
 * "It’s")?  Such a word, capitalised after a colon or a quote, is no name. */
static int is_contraction(const ctx *c, const tok *t)
{
    /* the apostrophe (' or the last byte of ’) stands two or three bytes from the end */
    if (t->end - t->start < 3)
        return 0;
    unsigned char a2 = (unsigned char)c->text[t->end - 2], a3 = (unsigned char)c->text[t->end - 3];
    if (a2 != '\'' && a2 != 0x99 && a3 != '\'' && a3 != 0x99)
        return 0;
    char low[12];
    size_t n = 0;
    for (size_t k = t->start; k < t->end && n < sizeof low; k++) {
        unsigned char ch = (unsigned char)c->text[k];
        if (ch == '\'' || (ch == 0xe2 && k + 2 < t->end && (unsigned char)c->text[k + 1] == 0x80 &&
                           (unsigned char)c->text[k + 2] == 0x99))
            return n > 0 && bl_is_stopword(low, n);
        if (ch >= 'A' && ch <= 'Z')
            ch = (unsigned char)(ch - 'A' + 'a');
        low[n++] = (char)ch;
    }
    return 0;
}

/* Decide X_NAME for every token of the chunk. */
static void mark_names(ctx *c)
{
    for (size_t i = 0; i < c->ntoks; i++) {
        tok *t = &c->toks[i];
        const bl_gz_entry *g = t->gz;
        int name = 0;
        if (t->xflags & X_SKIP || t->aflags & BL_TOKEN_NUMERIC)
            name = 0;
        else if (middle_initial(c, i))
            name = 1;
        else if (t->term_len > 2 && t->term_len < 9 && is_capitalised(t) && is_contraction(c, t))
            name = 0; /* "He said: We've won" */
        else if (interjection(c, i) || shouted_word(c, i) || shouted_in_prose(c, i) ||
                 opening_given_verb(c, i) || phone_label(c, i) ||
                 style_epithet(c, i))
            name = 0;
        else if ((t->xflags & X_UNINF) && i + 1 < c->ntoks && is_capitalised(t) &&
                 ((is_capitalised(&c->toks[i + 1]) && opening_function_word(c, t)) ||
                  opening_compass_of(c, i)))
            name = 0;
        else if (g && (g->flags & BL_GZ_NONNAME) && !(g->flags & BL_GZ_NAME_CLASSES & ~(
                                                          uint32_t)(BL_GZ_PLACE_CAPS | BL_GZ_ORG_CAPS)))
            name = given_not_month(c, i);
        else if (!is_capitalised(t))
            name = 0;
        else if (!(t->xflags & X_UNINF))
            name = !bl_is_stopword(term_of(c, t), t->term_len) || (t->aflags & BL_TOKEN_ALL_CAPS &&
                                                                   name_classes(c, g, i, i + 1));
        else if (bl_is_stopword(term_of(c, t), t->term_len) && !name_classes(c, g, i, i + 1))
            name = 0;
        else if (name_classes(c, g, i, i + 1))
            name = 1;
        else {
            size_t f = term_first(c, t);
            unsigned capm = f != SIZE_MAX ? c->cap_mid[f] : 0;
            unsigned low = f != SIZE_MAX ? c->lower[f] : 0;
            int next_name = i + 1 < c->ntoks && informative_cap(c, i + 1);
            if (capm > 0 && capm >= low)
                name = 1;
            else if (g && (g->flags & (BL_GZ_TITLE | BL_GZ_ORG_HEAD | BL_GZ_EVENT_HEAD |
                                       BL_GZ_PLACE_HEAD | BL_GZ_GIVEN | BL_GZ_TITLE_MOD |
                                       BL_GZ_PORTFOLIO)) && next_name)
                name = 1;
            else if (g && (g->flags & BL_GZ_COMMON))
                name = next_name; /* "Human Rights Watch"; classify() drops it otherwise */
            else if (low > 0)
                name = 0;
            else
                name = 1; /* not a common word: most likely a name */
        }
        if (name && term_is(c, t, "may")) {
            /* the month: "in May", "May 5", "In May, ..." */
            int month = (i + 1 < c->ntoks && (c->toks[i + 1].aflags & BL_TOKEN_NUMERIC)) ||
                        (i > 0 && !is_capitalised(&c->toks[i - 1])) || before_month(c, i);
            if (month)
                name = 0;
        }
        if (name)
            t->xflags |= X_NAME;
        else
            t->xflags &= ~(unsigned)X_NAME;
    }
}

/* ---- step 2: runs ------------------------------------------------------------------------- */

typedef struct unit {
    size_t t0, t1;           /* token range */
    const bl_gz_entry *gz;   /* gazetteer entry for the whole unit, or NULL */
    uint32_t names;          /* name classes it satisfies */
    int conn;                /* a lower-case connector */
} unit;

/* Build the key of tokens [from,to) into c->scratch.  Returns its length or -1. */
static long build_key(ctx *c, size_t from, size_t to)
{
    c->scratch.len = 0;
    for (size_t k = from; k < to; k++) {
        const tok *t = &c->toks[k];
        if (t->xflags & X_SKIP)
            continue;
        if (c->scratch.len && sb_append(&c->scratch, " ", 1) < 0)
            return -1;
        if (sb_append(&c->scratch, term_of(c, t), t->term_len) < 0)
            return -1;
    }
    return (long)c->scratch.len;
}

/* Can tokens [from,to) form one gazetteer unit (no punctuation inside, except hyphens, a
 * possessive that is not itself the end of a name: "Lord's Resistance Army", "People 's
 * Liberation Army", but not "New York's City Hall", and a comma before a short capitals
 * abbreviation that ends the name: "Washington, D.C.")? */
static int joinable(ctx *c, size_t from, size_t to)
{
    if ((c->toks[from].xflags & X_SKIP) || (c->toks[to - 1].xflags & X_SKIP))
        return 0;
    for (size_t k = from + 1; k < to; k++) {
        const tok *t = &c->toks[k];
        if (t->xflags & X_SKIP)
            continue; /* the "s" of a detached "'s" */
        if ((t->xflags & X_BREAK) &&
            !((t->xflags & X_COMMA) && k + 1 == to && t->term_len <= 3 &&
              (t->aflags & (BL_TOKEN_ACRONYM | BL_TOKEN_ALL_CAPS))))
            return 0;
        if (c->toks[k - 1].xflags & X_POSS) {
            long n = build_key(c, from, k);
            if (n < 0 || name_classes(c, bl_gazetteer_lookup(c->gz, c->scratch.s, (size_t)n),
                                      from, k))
                return 0;
        }
    }
    return 1;
}

/* Is t a law's or a programme's last word that a text may write in lower case after a
 * listed name's capitalised words ("the GI bill", "the Marshall plan", "the New Deal")? */
static int lower_law_word(const ctx *c, const tok *t)
{
    static const char *const words[] = {"bill", "act", "plan", "deal", "doctrine", NULL};
    return !has_upper(c, t) && term_in(c, t, words);
}

/* The longest gazetteer name starting at token i (at least 2 tokens), as a unit; its last
 * word may be a law's in lower case if the name is a listed "other" one ("GI bill"). */
static int gaz_unit(ctx *c, size_t i, unit *u)
{
    size_t maxk = c->gz->max_name_tokens;
    if (i + maxk > c->ntoks)
        maxk = c->ntoks - i;
    for (size_t k = maxk; k >= 2; k--) {
        const tok *last = &c->toks[i + k - 1];
        int law = lower_law_word(c, last) && has_upper(c, &c->toks[i]);
        if ((!has_upper(c, last) && !(last->aflags & BL_TOKEN_NUMERIC) && !law) ||
            !joinable(c, i, i + k))
            continue;
        long n = build_key(c, i, i + k);
        if (n < 0) {
            c->oom = 1;
            return 0;
        }
        const bl_gz_entry *e = bl_gazetteer_lookup(c->gz, c->scratch.s, (size_t)n);
        uint32_t f = name_classes(c, e, i, i + k);
        if (law && !has_upper(c, last) && !(f & (BL_GZ_OTHER | BL_GZ_OTHER_CAPS)))
            f = 0;
        if (f) {
            /* every capitalised word inside must be written as a name */
            int ok = 1;
            for (size_t j = i; j < i + k - (law && !has_upper(c, last)); j++)
                if (!has_upper(c, &c->toks[j]) && !(c->toks[j].aflags & BL_TOKEN_NUMERIC) &&
                    !(c->toks[j].xflags & X_SKIP) &&
                    !(c->toks[j].gz && c->toks[j].gz->flags & (BL_GZ_CONNECTOR | BL_GZ_PARTICLE)))
                    ok = 0;
            if (!ok)
                continue;
            u->t0 = i;
            u->t1 = i + k;
            u->gz = e;
            u->names = f;
            u->conn = 0;
            return 1;
        }
    }
    return 0;
}

static uint32_t tflags(const tok *t)
{
    return t->gz ? t->gz->flags : 0;
}

static uint32_t uflags(const ctx *c, const unit *u)
{
    if (u->gz && u->t1 - u->t0 >= 2 && (u->names & (BL_GZ_ORG | BL_GZ_ORG_CAPS)))
        /* a known organisation ends as one: "U.S. Labor Department" stays whole */
        return u->gz->flags | (tflags(&c->toks[u->t1 - 1]) & BL_GZ_ORG_TAIL);
    if (u->gz)
        return u->gz->flags;
    return tflags(&c->toks[u->t0]);
}

/* ---- step 3: typing runs and emitting mentions -------------------------------------------- */

static void add_vote(int *votes, bl_entity_type t, int w)
{
    votes[t] += w;
}

/* Copy a display name for text [start,end): white space collapsed to single spaces. */
static int add_display(ctx *c, size_t start, size_t end, size_t *off, size_t *len)
{
    *off = c->strs.len;
    if (sb_reserve(&c->strs, end - start) < 0)
        return -1;
    int space = 0;
    for (size_t i = start; i < end; i++) {
        char ch = c->text[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            space = 1;
            continue;
        }
        if (space && c->strs.len > *off)
            c->strs.s[c->strs.len++] = ' ';
        space = 0;
        c->strs.s[c->strs.len++] = ch;
    }
    c->strs.s[c->strs.len] = '\0';
    *len = c->strs.len - *off;
    return 0;
}

/* Does a capitalised "The" inside a sentence stand right before the name that starts at
 * token `from` ("signed with The Used", "wrote for The Economist", "a band called The
 * Triffids")?  Then the text writes it as part of the name.  Not at a sentence's or line's
 * start, after a colon or a quote, or in a headline, where any word may be capitalised; nor
 * "THE" in capitals. */
static int leading_the(const ctx *c, size_t from)
{
    if (from == 0)
        return 0;
    const tok *p = &c->toks[from - 1], *f = &c->toks[from];
    size_t k = p->start;
    while (k > 0 && (c->text[k - 1] == ' ' || c->text[k - 1] == '\t'))
        k--;
    if (k > 0 && c->text[k - 1] == ':')
        return 0; /* "Hammond said: The UK has ..." opens a clause */
    return p->term_len == 3 && (p->aflags & BL_TOKEN_CAPITALISED) &&
           !(p->aflags & BL_TOKEN_ALL_CAPS) &&
           !(p->xflags & (X_UNINF | X_HEADLINE | X_CAPS_LINE | X_SKIP | X_POSS)) &&
           !(f->xflags & (X_BREAK | X_SKIP)) && is_capitalised(f) && term_is(c, p, "the");
}

/* Emit a mention of tokens [from,to); canon (may be NULL) is its canonical display. */
static mention *emit(ctx *c, size_t from, size_t to, const char *canon, size_t canon_len,
                     unsigned flags)
{
    if (c->oom || c->full || from >= to)
        return NULL;
    if (c->nments >= BL_ENTITY_MAX_MENTIONS) {
        c->full = 1;
        return NULL;
    }
    mention *ments = bl_grow(c->ments, &c->ments_cap, c->nments + 1, sizeof *ments, FIRST_CAP);
    if (!ments) {
        c->oom = 1;
        return NULL;
    }
    c->ments = ments;
    mention *m = &c->ments[c->nments];
    memset(m, 0, sizeof *m);
    m->start = c->toks[from].start;
    m->end = c->toks[to - 1].end;
    /* a name ending in an abbreviation keeps its full stop ("Clay Tice Jr.", "Acme Inc.") */
    if (to - 1 > from && m->end < c->len && c->text[m->end] == '.') {
        static const char *const abbr[] = {"jr", "sr", "inc", "corp", "co", "ltd", "bros",
                                           NULL};
        for (int k = 0; abbr[k]; k++)
            if (term_is(c, &c->toks[to - 1], abbr[k])) {
                m->end++;
                break;
            }
    }
    if (leading_the(c, from)) {
        m->start = c->toks[from - 1].start;
        m->lead = c->toks[from].start - m->start;
    }
    m->flags = flags;
    unsigned n = 0;
    int all_common = 1;
    m->key_off = c->strs.len;
    for (size_t k = from; k < to; k++) {
        const tok *t = &c->toks[k];
        if (t->xflags & X_SKIP)
            continue;
        if (n && sb_append(&c->strs, " ", 1) < 0)
            goto oom;
        if ((t->xflags & X_HYPHEN) && k > from && (flags & M_HYPHEN) && !m->split)
            m->split = c->strs.len - m->key_off;
        if (sb_append(&c->strs, term_of(c, t), t->term_len) < 0)
            goto oom;
        n++;
        if ((t->xflags & X_POSS) && k + 1 < to && !m->poss_len)
            m->poss_len = c->strs.len - m->key_off;
        if (t->gz && (t->gz->flags & BL_GZ_COMMON) && !(t->gz->flags & BL_GZ_NAME_CLASSES)) {
            m->flags |= M_COMMON;
        }
        if (!t->gz || !(t->gz->flags & BL_GZ_COMMON) || (t->gz->flags & BL_GZ_NAME_CLASSES))
            all_common = 0;
    }
    if (all_common && n)
        m->flags |= M_ALL_COMMON;
    m->key_len = c->strs.len - m->key_off;
    m->ntok = n;
    if (canon && canon_len) {
        m->canon_off = c->strs.len;
        if (sb_append(&c->strs, canon, canon_len) < 0)
            goto oom;
        m->canon_len = canon_len;
    }
    if (c->toks[from].xflags & X_UNINF)
        m->flags |= M_UNINF;
    if ((c->toks[to - 1].xflags & X_POSS) && (to >= c->ntoks || (c->toks[to].xflags & X_BREAK)))
        m->flags |= M_POSSESSIVE; /* "from Christ's, three from Pembroke"; not "Mary's son" */
    c->nments++;
    return m;
oom:
    c->oom = 1;
    return NULL;
}

/* Emit a mention of tokens [from,to) found by a cue (M_CUE) with one vote, weight w, for type
 * t; canon as emit(). */
static void emit_cue(ctx *c, size_t from, size_t to, const char *canon, size_t canon_len,
                     bl_entity_type t, int w)
{
    mention *m = emit(c, from, to, canon, canon_len, M_CUE);
    if (m)
        add_vote(m->votes, t, w);
}

/* Is token k a number of at most three digits? */
static int small_number(const ctx *c, size_t k)
{
    return k < c->ntoks && (c->toks[k].aflags & BL_TOKEN_NUMERIC) && c->toks[k].term_len <= 3;
}

/* Is token t a football club's form written before or after its name, in capitals ("FC
 * Porto", "AC Milan", "Sunderland AFC")? */
static int is_club_form(const ctx *c, const tok *t)
{
    static const char *const forms[] = {"fc", "afc", "ac", "sc", "cf", "fk", "sk", "sv", "vfb",
                                        "vfl", "ssc", "cd", "ud", "rcd", "psv", NULL};
    if (t->term_len < 2 || t->term_len > 3 || t->end - t->start != t->term_len)
        return 0;
    for (size_t k = t->start; k < t->end; k++)
        if (c->text[k] < 'A' || c->text[k] > 'Z')
            return 0;
    return term_in(c, t, forms);
}

/* Does a team sport's score start at token k ("2-1", "63-7", "2 Chelsea 0")?  Not a
 * tennis score: a second score right after it ("6-3 6-4") is a match between two people. */
static int team_score_at(const ctx *c, size_t k)
{
    if (!small_number(c, k) || (c->toks[k].xflags & X_HYPHEN))
        return 0;
    if (small_number(c, k + 1) && (c->toks[k + 1].xflags & X_HYPHEN) &&
        !(c->toks[k + 1].xflags & X_BREAK))
        return !(small_number(c, k + 2) && !(c->toks[k + 2].xflags & X_LINE) &&
                 small_number(c, k + 3) && (c->toks[k + 3].xflags & X_HYPHEN));
    return 0;
}

/* Is the name ending before token t1 a reference before a number rather than a team ("Table
 * 26-2", "Article 2", "Rev. Rul. 54-17"), or a possessive before a record ("Broglio's 4-0
 * record")? */
static int numbered_reference(const ctx *c, size_t t1)
{
    static const char *const refs[] = {"table", "figure", "fig", "article", "section", "chapter",
                                       "theorem", "lemma", "equation", "page", "line", "chart",
                                       "appendix", "part", "verse", "room", "route", "highway",
                                       "exhibit", "rule", "clause", "paragraph", "volume",
                                       "vol", "no", "number", "item", "grade", "class", "act",
                                       "title", "schedule", "form", "psalm", "psalms", NULL};
    const tok *last = &c->toks[t1 - 1];
    if ((last->xflags & X_POSS) || term_in(c, last, refs))
        return 1;
    return last->end < c->len && c->text[last->end] == '.'; /* "Rul. 54-17" */
}

/* Is there a word of a sports report within eight tokens of the name [t0,t1), inside its
 * sentence ("won", "season", "game", "inning")?  A bare "54-17" after a name may be a
 * reference number ("Revenue Ruling 54-17"); in a report of a match it is a score. */
static int sports_words_near(const ctx *c, size_t t0, size_t t1)
{
    static const char *const words[] = {"beat", "beats", "beating", "defeated", "defeat",
                                        "won", "win", "wins", "lost", "loses", "losing",
                                        "drew", "draw", "victory", "match", "game", "season",
                                        "final", "league", "cup", "goal", "goals", "scored",
                                        "points", "inning", "innings", "playoff", "bowl",
                                        "tournament", "halftime", "overtime", "title", NULL};
    size_t from = t0, to = t1;
    while (from > 0 && t0 - from < 8 && !(c->toks[from].xflags & (X_UNINF | X_LINE)))
        from--;
    while (to < c->ntoks && to - t1 < 8 && !(c->toks[to].xflags & (X_UNINF | X_LINE)))
        to++;
    for (size_t k = from; k < to; k++)
        if ((k < t0 || k >= t1) && term_in(c, &c->toks[k], words))
            return 1;
    return 0;
}

/* ---- teams in sports newswire (results, tables, headlines, transfers) ------------------- */

/* Is t written in figures only, one to max of them ("995", "4")? */
static int figures_only(const ctx *c, const tok *t, size_t max)
{
    const char *w = term_of(c, t);
    if (t->term_len < 1 || t->term_len > max)
        return 0;
    for (size_t k = 0; k < t->term_len; k++)
        if (w[k] < '0' || w[k] > '9')
            return 0;
    return 1;
}

/* The value of a number token of at most three figures (plain_number). */
static int small_value(const ctx *c, size_t k)
{
    const char *w = term_of(c, &c->toks[k]);
    int v = 0;
    for (size_t i = 0; i < c->toks[k].term_len; i++)
        v = v * 10 + (w[i] - '0');
    return v;
}

/* Does the gap before token k (at most its last 16 bytes) hold the character ch? */
static int gap_has(const ctx *c, size_t k, char ch)
{
    if (k == 0 || k >= c->ntoks)
        return 0;
    size_t from = c->toks[k - 1].end, to = c->toks[k].start;
    if (to > from + 16)
        from = to - 16;
    return memchr(c->text + from, ch, to - from) != NULL;
}

/* Is token k a number of at most three plain digits ("10", not "1.5" or a part of "2-1")? */
static int plain_number(const ctx *c, size_t k)
{
    return small_number(c, k) && !(c->toks[k].xflags & X_HYPHEN) &&
           figures_only(c, &c->toks[k], 3);
}

/* Is the name [t0,t1) a row of a league table: alone at the start of its line, then small
 * numbers to the line's end, which add up as a table's do?  Played is won + drawn + lost
 * ("Marlow 5 3 1 1 9 5 10"), or the third is the share of games won ("Tenbury 74 58 .561
 * -").  Not a golfer's rounds ("Ernie Els 71 69 70 70"), nor a batsman's score ("Saeed
 * Anwar 62"). */
static int standings_row(const ctx *c, size_t t0, size_t t1)
{
    if (!(c->toks[t0].xflags & X_LINE) && t0 > 0)
        return 0;
    int v[4] = {0, 0, 0, 0}, pct = 0;
    size_t n = 0, k = t1;
    for (; k < c->ntoks && n < 13 && !(c->toks[k].xflags & X_LINE); k++, n++) {
        if (!plain_number(c, k))
            return 0;
        if (n < 4)
            v[n] = small_value(c, k);
        if (n == 2)
            pct = c->toks[k].term_len == 3 && c->text[c->toks[k].start - 1] == '.';
    }
    if (n > 12 || (k < c->ntoks && !(c->toks[k].xflags & X_LINE)))
        return 0;
    if (n >= 5 && !pct && v[0] == v[1] + v[2] + v[3])
        return 1;
    /* won, lost, the share won to a thousandth */
    int games = v[0] + v[1];
    return n >= 3 && pct && games > 0 && abs(1000 * v[0] - v[2] * games) * 2 <= games + 1;
}

/* Does a scorer's name and a minute follow the bracket opened before token k ("(Grey 34,
 * ...")? */
static int scorers_at(const ctx *c, size_t k)
{
    if (k >= c->ntoks || !is_capitalised(&c->toks[k]))
        return 0;
    for (size_t j = k + 1; j < c->ntoks && j <= k + 3 && !gap_has(c, j, ')'); j++)
        if (plain_number(c, j))
            return 1;
    return 0;
}

/* Is the name [t0,t1) a side of a result line with the scorers in brackets: "Tenbury 2
 * (Grey 34, Moss 80) Marlow 1 (Ortiz 56)"?  A name at the start of the line with a score of
 * at most two digits and a bracket of scorers and minutes, and a name after the closing
 * one with its score; not "Marlow 2 (Labour) Tenbury 1 (Green)". */
static int scorers_line(const ctx *c, size_t t0, size_t t1)
{
    if (t1 >= c->ntoks || !plain_number(c, t1) || c->toks[t1].term_len > 2)
        return 0;
    int opens = t1 + 1 < c->ntoks && !(c->toks[t1 + 1].xflags & X_LINE) &&
                gap_has(c, t1 + 1, '(') && scorers_at(c, t1 + 1);
    if ((c->toks[t0].xflags & X_LINE) || t0 == 0) {
        if (!opens)
            return 0;
        /* the other side: after a closing bracket, names, then a score */
        for (size_t k = t1 + 2; k < c->ntoks && k < t1 + 40 && !(c->toks[k].xflags & X_LINE);
             k++) {
            if (!gap_has(c, k, ')') || !is_capitalised(&c->toks[k]))
                continue;
            size_t j = k;
            while (j < c->ntoks && j < k + 4 && is_capitalised(&c->toks[j]) &&
                   !(c->toks[j].xflags & X_LINE) && (j == k || !(c->toks[j].xflags & X_BREAK)))
                j++;
            return j < c->ntoks && !(c->toks[j].xflags & (X_LINE | X_BREAK)) &&
                   plain_number(c, j) && c->toks[j].term_len <= 2;
        }
        return 0;
    }
    /* the second side: after ")", its score at the line's end or before its scorers */
    if (!gap_has(c, t0, ')') ||
        !(opens || t1 + 1 >= c->ntoks || (c->toks[t1 + 1].xflags & X_LINE)))
        return 0;
    size_t s = t0;
    while (s > 0 && t0 - s < 40 && !(c->toks[s].xflags & X_LINE))
        s--;
    if (!(c->toks[s].xflags & X_LINE) && s > 0)
        return 0;
    size_t j = s;
    while (j < t0 && j < s + 4 && is_capitalised(&c->toks[j]))
        j++;
    return j > s && j < t0 && plain_number(c, j) && c->toks[j].term_len <= 2 &&
           gap_has(c, j + 1, '(') && scorers_at(c, j + 1);
}

/* Is the name [t0,t1) a side of a result that is its line: a name and a score of at most
 * three digits, twice ("Houston 110 Phoenix 105", "Tenbury 3 Marlow 1")? */
static int result_line(const ctx *c, size_t t0, size_t t1)
{
    if (t1 >= c->ntoks || !plain_number(c, t1) || (c->toks[t1].xflags & X_BREAK))
        return 0;
    size_t e = t1 + 1; /* the line's end, after the score */
    if (e < c->ntoks && !(c->toks[e].xflags & (X_LINE | X_BREAK))) {
        /* the first side: the other's name and score follow */
        if ((!(c->toks[t0].xflags & X_LINE) && t0 > 0))
            return 0;
        size_t n = 0;
        while (e < c->ntoks && n < 4 && is_capitalised(&c->toks[e]) &&
               !(c->toks[e].xflags & (X_LINE | X_BREAK)))
            e++, n++;
        if (!n || e >= c->ntoks || !plain_number(c, e) || (c->toks[e].xflags & X_BREAK))
            return 0;
        e++;
    } else {
        /* the second side: a name and score from the line's start before it */
        if (t0 < 2 || (c->toks[t0].xflags & (X_LINE | X_BREAK)) || !plain_number(c, t0 - 1) ||
            (c->toks[t0 - 1].xflags & X_BREAK))
            return 0;
        size_t s = t0 - 1, n = 0;
        while (s > 0 && n < 4 && is_capitalised(&c->toks[s - 1]) &&
               !(c->toks[s].xflags & (X_LINE | X_BREAK)))
            s--, n++;
        if (!n || (!(c->toks[s].xflags & X_LINE) && s > 0))
            return 0;
    }
    return e >= c->ntoks || (c->toks[e].xflags & X_LINE);
}

/* Is the name [t0,t1) a club a player joined or came from: "joined X from Y" (both), "on
 * loan from X", "on loan at X"? */
static int joined_from(const ctx *c, size_t t0, size_t t1)
{
    if (t0 >= 3 && !(c->toks[t0].xflags & X_BREAK) && !(c->toks[t0 - 1].xflags & X_BREAK) &&
        (term_is(c, &c->toks[t0 - 1], "from") || term_is(c, &c->toks[t0 - 1], "at") ||
         term_is(c, &c->toks[t0 - 1], "to")) &&
        term_is(c, &c->toks[t0 - 2], "loan") && term_is(c, &c->toks[t0 - 3], "on"))
        return 1;
    /* "joined X from ...": X after the verb, a capitalised name after "from" */
    if (t0 >= 1 && t1 + 1 < c->ntoks && term_is(c, &c->toks[t0 - 1], "joined") &&
        !(c->toks[t0].xflags & X_BREAK) && term_is(c, &c->toks[t1], "from") &&
        !(c->toks[t1].xflags & X_BREAK) && is_capitalised(&c->toks[t1 + 1]) &&
        !(c->toks[t1 + 1].xflags & X_BREAK))
        return 1;
    /* "... from Y": the verb and X's one to four words before "from" */
    if (t0 < 3 || (c->toks[t0].xflags & X_BREAK) || !term_is(c, &c->toks[t0 - 1], "from") ||
        (c->toks[t0 - 1].xflags & X_BREAK))
        return 0;
    size_t k = t0 - 2, n = 0;
    while (k > 0 && n < 3 && is_capitalised(&c->toks[k]) && !(c->toks[k].xflags & X_UNINF)) {
        /* not a person joined: "joined President Hall from X", "joined Kim Jones from X" */
        if ((n && (c->toks[k + 1].xflags & X_BREAK)) ||
            (tflags(&c->toks[k]) & (BL_GZ_GIVEN | BL_GZ_TITLE | BL_GZ_TITLE_MOD)))
            return 0;
        k--, n++;
    }
    return n > 0 && !(c->toks[k + 1].xflags & X_BREAK) && term_is(c, &c->toks[k], "joined");
}

/* Is the name [t0,t1) a side's innings in a cricket score line: at the start of the line, a
 * total of at most three digits (with the wickets: "285-8"), then "declared", "all out",
 * "for 8", a second innings ("and 120-4") or the batsmen's scores in brackets ("(P. Grey
 * 112)"; a soccer side's scorers too: "Tenbury 2 (Grey 34)")? */
static int innings_line(const ctx *c, size_t t0, size_t t1)
{
    if ((!(c->toks[t0].xflags & X_LINE) && t0 > 0) || !plain_number(c, t1))
        return 0;
    size_t k = t1 + 1;
    if (k < c->ntoks && small_number(c, k) && (c->toks[k].xflags & X_HYPHEN))
        k++; /* "285-8" */
    if (k + 1 >= c->ntoks || (c->toks[k].xflags & X_LINE))
        return 0;
    if (gap_has(c, k, '(') && scorers_at(c, k))
        return 1; /* "Stenfield 285 (P. Grey 112, ...)" */
    if (c->toks[k].xflags & X_BREAK)
        return 0;
    const tok *w = &c->toks[k], *x = &c->toks[k + 1];
    if (term_is(c, w, "declared") || term_is(c, w, "dec"))
        return 1;
    if (x->xflags & (X_LINE | X_BREAK))
        return 0;
    return (term_is(c, w, "all") && term_is(c, x, "out")) ||
           ((term_is(c, w, "and") || term_is(c, w, "for")) && plain_number(c, k + 1));
}

/* Is the name [t0,t1) a side of a result verb in an all-capitals headline that opens with a
 * team sport ("SOCCER - LEEDS BEAT CHELSEA", "CRICKET - STENFIELD HOLD WEXCOMBE", "... LOSE
 * TO X")?  Both sides of the verb are teams; not a tennis or golf headline (players). */
static int sport_headline_side(const ctx *c, size_t t0, size_t t1)
{
    static const char *const verbs[] = {"beat", "beats", "down", "downs", "hold", "holds",
                                        "held", "edge", "edges", "sink", "sinks", "stun",
                                        "stuns", "thrash", "thrashes", "rout", "routs",
                                        "crush", "crushes", "draw", "draws", "drew", "lose",
                                        "loses", "lost", "defeat", "defeats", "overcome",
                                        "overcomes", "trounce", "trounces", "upset", "upsets",
                                        "outclass", "outclasses", "topple", "topples", "v",
                                        "vs", NULL};
    if (!(c->toks[t0].xflags & X_CAPS_LINE))
        return 0;
    size_t s = t0;
    while (s > 0 && t0 - s < 12 && !(c->toks[s].xflags & X_LINE))
        s--;
    if ((!(c->toks[s].xflags & X_LINE) && s > 0) || t0 <= s)
        return 0;
    size_t d = team_sport_headline(c, s, t0 + 1); /* the first word after the dash */
    if (!d)
        return 0;
    /* the subject opens the headline or a clause of it ("..., CHINA BEAT X"), not "HOLD X
     * TO GOALLESS DRAW" */
    if ((t0 == d || (c->toks[t0].xflags & X_COMMA)) && t1 < c->ntoks &&
        (c->toks[t1].xflags & X_CAPS_LINE) && !(c->toks[t1].xflags & X_LINE) &&
        term_in(c, &c->toks[t1], verbs))
        return 1; /* "LEEDS BEAT ..." */
    size_t v = t0 - 1;
    if (v > s && (term_is(c, &c->toks[v], "to") || term_is(c, &c->toks[v], "with") ||
                  term_is(c, &c->toks[v], "by")))
        v--; /* "LOSE TO X", "DRAW WITH X", "HELD BY X" */
    return v > s && term_in(c, &c->toks[v], verbs); /* "... BEAT CHELSEA" */
}

/* Is t a noun of a match's result ("win", "defeat", "draw")? */
static int is_result_noun(const ctx *c, const tok *t)
{
    static const char *const nouns[] = {"win", "victory", "defeat", "draw", "loss", "triumph",
                                        "success", "thrashing", "drubbing", "reverse", NULL};
    return term_in(c, t, nouns);
}

/* Is the name [t0,t1) the opponent after a result's noun: "their 3-1 win over X", "a 2-0
 * defeat to X", "the 1-1 draw against X", or without a score "victory over X" in a report
 * of a match (another sports word in the sentence)? */
static int result_noun_opponent(const ctx *c, size_t t0, size_t t1)
{
    static const char *const preps[] = {"over", "against", "to", "by", "with", NULL};
    size_t p = t0;
    if (p >= 1 && term_is(c, &c->toks[p - 1], "the") && !(c->toks[p].xflags & X_BREAK))
        p--;
    if (p < 3 || (c->toks[p].xflags & X_BREAK) || (c->toks[p - 1].xflags & X_BREAK) ||
        !term_in(c, &c->toks[p - 1], preps) || !is_result_noun(c, &c->toks[p - 2]))
        return 0;
    /* the score just before the noun, or one word before it ("3-1 home win") */
    /* (not the last set of a tennis score: "6-3 6-4 win over Perez") */
    if (p >= 5 && !(c->toks[p - 2].xflags & X_BREAK) && team_score_at(c, p - 4) &&
        !small_number(c, p - 5))
        return 1;
    if (p >= 6 && !(c->toks[p - 2].xflags & X_BREAK) && !(c->toks[p - 3].xflags & X_BREAK) &&
        team_score_at(c, p - 5) && !small_number(c, p - 6))
        return 1;
    /* without a score only after "their" (a side, not "her victory over Perez") and with
     * another word of a match in the sentence: "their win over X in the league" */
    size_t q = p - 3;
    if (q > 0 && !(c->toks[q + 1].xflags & X_BREAK) && !is_capitalised(&c->toks[q]) &&
        !(c->toks[q].aflags & BL_TOKEN_NUMERIC) && !term_is(c, &c->toks[q], "their"))
        q--; /* "their first win over X" */
    if (!term_is(c, &c->toks[q], "their") || (c->toks[q + 1].xflags & X_BREAK))
        return 0;
    return sports_words_near(c, p - 2, t1); /* not the noun itself */
}

/* Is the name [t0,t1) a side of a cricket result by a margin: "X beat Y by six wickets", "Y
 * lost to X by 45 runs", "won by an innings and 12 runs"? */
static int cricket_margin(const ctx *c, size_t t0, size_t t1)
{
    static const char *const verbs[] = {"beat", "beats", "defeated", "defeats", "lost", NULL};
    static const char *const margins[] = {"wickets", "wicket", "runs", "run", "innings", NULL};
    size_t j; /* the word after the object */
    if (t1 + 1 < c->ntoks && term_in(c, &c->toks[t1], verbs) &&
        !(c->toks[t1].xflags & X_BREAK)) {
        j = t1 + 1; /* the subject: skip the object's words */
        if (j < c->ntoks && term_is(c, &c->toks[j], "to"))
            j++;
        size_t names = 0;
        while (j < c->ntoks && names < 4 && !(c->toks[j].xflags & X_BREAK) &&
               is_capitalised(&c->toks[j]))
            j++, names++;
        if (!names)
            return 0;
    } else {
        size_t v = t0 - 1;
        if (t0 < 2 || (c->toks[t0].xflags & X_BREAK))
            return 0;
        if (term_is(c, &c->toks[v], "to"))
            v--;
        if (!term_in(c, &c->toks[v], verbs) || (c->toks[v + 1].xflags & X_BREAK))
            return 0;
        j = t1;
    }
    /* "by" (a number or "an") ["innings and" N] "wickets|runs|innings" */
    if (j + 2 >= c->ntoks || !term_is(c, &c->toks[j], "by") || (c->toks[j].xflags & X_BREAK))
        return 0;
    for (size_t k = j + 2; k < c->ntoks && k <= j + 5; k++) {
        if (c->toks[k].xflags & X_BREAK)
            return 0;
        if (term_in(c, &c->toks[k], margins))
            return 1;
    }
    return 0;
}

/* Is the name [t0,t1) a side named by its result: "Valdora's 3-1 win over ...", "Marlow's
 * 2-0 home defeat" (not a tennis score: "Kova's 6-3 6-4 win"), or the opponent "at home to
 * X", "at home against X"? */
static int result_possessive(const ctx *c, size_t t0, size_t t1)
{
    if (t0 >= 3 && !(c->toks[t0].xflags & X_BREAK) && !(c->toks[t0 - 1].xflags & X_BREAK) &&
        !(c->toks[t0 - 2].xflags & X_BREAK) &&
        (term_is(c, &c->toks[t0 - 1], "to") || term_is(c, &c->toks[t0 - 1], "against")) &&
        term_is(c, &c->toks[t0 - 2], "home") && term_is(c, &c->toks[t0 - 3], "at"))
        return 1;
    if (!(c->toks[t1 - 1].xflags & X_POSS) || t1 >= c->ntoks)
        return 0;
    size_t k = (c->toks[t1].xflags & X_SKIP) ? t1 + 1 : t1; /* "Valdora 's" */
    if (k + 2 >= c->ntoks || !team_score_at(c, k) || (c->toks[k + 2].xflags & X_BREAK))
        return 0;
    if (is_result_noun(c, &c->toks[k + 2]))
        return 1;
    return k + 3 < c->ntoks && !(c->toks[k + 3].xflags & X_BREAK) &&
           !is_capitalised(&c->toks[k + 2]) && is_result_noun(c, &c->toks[k + 3]);
}

/* Is the name [t0,t1) the club a player scored for or against ("scored twice for X",
 * "scored 112 against X")? */
static int scored_for(const ctx *c, size_t t0)
{
    /* (not "netted": money is netted for a company too, "auction nets half-mil for X") */
    static const char *const verbs[] = {"scored", "scores", "scoring", NULL};
    if (t0 < 2 || (c->toks[t0].xflags & X_BREAK) ||
        !(term_is(c, &c->toks[t0 - 1], "for") || term_is(c, &c->toks[t0 - 1], "against")))
        return 0;
    /* a share of a vote is no score: "scored 30 percent against X in the poll" */
    static const char *const shares[] = {"percent", "per", "pc", "votes", "vote", NULL};
    for (size_t k = t0 - 1; k > 0 && t0 - 1 - k < 4; k--) {
        if ((c->toks[k].xflags & X_BREAK) || term_in(c, &c->toks[k - 1], shares))
            return 0;
        if (term_in(c, &c->toks[k - 1], verbs))
            return 1;
    }
    return 0;
}

/* Is the name [t0,t1) the club a player was signed from: "signed defender Luis Mendes from
 * X", "signed him from X"?  Only a name (and a role before it) between the verb and "from":
 * not "signed the treaty on a visit from X". */
static int signed_from(const ctx *c, size_t t0)
{
    static const char *const verbs[] = {"signed", "signs", "sign", "signing", NULL};
    static const char *const roles[] = {"striker", "defender", "midfielder", "goalkeeper",
                                        "keeper", "forward", "winger", "fullback", "playmaker",
                                        "batsman", "bowler", "spinner", "international",
                                        "player", "captain", NULL};
    if (t0 < 3 || (c->toks[t0].xflags & X_BREAK) || !term_is(c, &c->toks[t0 - 1], "from") ||
        (c->toks[t0 - 1].xflags & X_BREAK))
        return 0;
    size_t k = t0 - 2, names = 0; /* k: back to the verb */
    if (term_is(c, &c->toks[k], "him")) {
        if (c->toks[k].xflags & X_BREAK)
            return 0;
        k--; /* "signed him from X" */
    } else {
        /* the player's name, one to four words with no punctuation before or inside */
        while (k > 0 && names < 4 && is_capitalised(&c->toks[k]) &&
               !(c->toks[k].xflags & X_UNINF)) {
            if (c->toks[k].xflags & X_BREAK)
                return 0;
            names++, k--;
        }
        if (!names)
            return 0;
        if (term_in(c, &c->toks[k], roles) && !(c->toks[k].xflags & X_BREAK) && k > 0)
            k--; /* "signed defender ..." */
        if ((tflags(&c->toks[k]) & BL_GZ_DEMONYM) && is_capitalised(&c->toks[k]) &&
            !(c->toks[k].xflags & X_BREAK) && k > 0)
            k--; /* "signed Peruvian striker ..." */
    }
    return term_in(c, &c->toks[k], verbs) && !(c->toks[k + 1].xflags & X_BREAK);
}

/* Newswire's other places of a team: a league table's row, a result line with scorers, a
 * cricket innings line, a side in a sports headline, the opponent after a result's noun, a
 * side named by its result ("X's 3-1 win", "at home to X"), a result that is its line, a
 * club joined or left or on loan, the club a player scored for or was signed from, a side
 * of a cricket result by wickets or runs.  Each test looks at a few tokens around the name
 * (a line's tokens at most, up to 40), and only for a name that is a candidate team. */
static int team_in_report(const ctx *c, size_t t0, size_t t1)
{
    return standings_row(c, t0, t1) || scorers_line(c, t0, t1) || innings_line(c, t0, t1) ||
           sport_headline_side(c, t0, t1) ||
           result_noun_opponent(c, t0, t1) || result_possessive(c, t0, t1) ||
           result_line(c, t0, t1) || joined_from(c, t0, t1) || scored_for(c, t0) ||
           signed_from(c, t0) ||
           cricket_margin(c, t0, t1);
}

/* Is the name [t0,t1) a team in a sports report: directly before a score ("beat Tulsa
 * 63-7", "Arsenal 2 Chelsea 0"), before a result verb whose object is followed by one
 * ("Arsenal beat Chelsea 2-1"), or before a player's or coach's role ("Barcelona coach
 * Ernesto Valverde", "Liverpool's striker")?  The caller leaves out countries: a national
 * team is named by its country, which news annotation keeps a place. */
static int sports_team(const ctx *c, size_t t0, size_t t1)
{
    static const char *const roles[] = {"coach", "manager", "striker", "goalkeeper", "keeper",
                                        "midfielder", "defender", "winger", "quarterback",
                                        "pitcher", "footballer", "squad", "skipper", "boss",
                                        "captain", "batsman", "bowler", "fullback",
                                        "wicketkeeper", "spinner", "paceman", NULL};
    static const char *const results[] = {"beat", "beats", "defeated", "defeats", "edged",
                                          "thrashed", "routed", "hammered", "drew", "lost",
                                          "trailed", "overcame", "downed", "held", NULL};
    /* "traded to the Athletics", "played with Footscray", "signed by the Cards": a player's
     * moves between clubs (not "transferred to", said of prisoners and money) */
    if (team_in_report(c, t0, t1))
        return 1;
    size_t q = t0;
    if (q >= 1 && term_is(c, &c->toks[q - 1], "the") && !(c->toks[q].xflags & X_BREAK))
        q--;
    if (q >= 2 && !(c->toks[q].xflags & X_BREAK) && !(c->toks[q - 1].xflags & X_BREAK)) {
        static const char *const moves[] = {"traded", "signed", "released", "drafted",
                                            "recalled", "played", "plays", "playing", "pitched",
                                            "debut", "debuted", "loaned", NULL};
        const tok *prep = &c->toks[q - 1], *verb = &c->toks[q - 2];
        /* not "the deal was signed by the Moscow-based ...": "by" only after a club's acts */
        int by_ok = term_is(c, verb, "traded") || term_is(c, verb, "drafted") ||
                    term_is(c, verb, "recalled") || term_is(c, verb, "released");
        if ((term_is(c, prep, "to") || term_is(c, prep, "for") || term_is(c, prep, "with") ||
             (by_ok && term_is(c, prep, "by"))) &&
            term_in(c, verb, moves) &&
            (t1 >= c->ntoks || !(c->toks[t1].xflags & X_HYPHEN)))
            return 1;
    }
    /* "drew 1-1 with Norwich", "lost 2-1 to Quarrin": the score before the opponent */
    if (t0 >= 4 && !(c->toks[t0].xflags & X_BREAK) &&
        (term_is(c, &c->toks[t0 - 1], "with") || term_is(c, &c->toks[t0 - 1], "to") ||
         term_is(c, &c->toks[t0 - 1], "against") || term_is(c, &c->toks[t0 - 1], "over")) &&
        !(c->toks[t0 - 1].xflags & X_BREAK) && team_score_at(c, t0 - 3))
        return 1;
    if (t1 >= c->ntoks)
        return 0;
    size_t k = (c->toks[t1].xflags & X_SKIP) ? t1 + 1 : t1; /* "Liverpool 's" */
    const tok *n = &c->toks[t1];
    if (!(n->xflags & X_BREAK) && team_score_at(c, t1) && !numbered_reference(c, t1) &&
        sports_words_near(c, t0, t1))
        return 1;
    if (!(n->xflags & X_BREAK) && small_number(c, t1) && n->term_len <= 2 &&
        !numbered_reference(c, t1) &&
        t1 + 2 < c->ntoks && is_capitalised(&c->toks[t1 + 1]) && small_number(c, t1 + 2) &&
        !(c->toks[t1 + 1].xflags & X_BREAK) && !(c->toks[t1 + 2].xflags & X_BREAK) &&
        c->toks[t1 + 2].term_len <= 2 &&
        (t1 + 3 >= c->ntoks || (c->toks[t1 + 3].xflags & X_BREAK)))
        return 1; /* "Arsenal 2 Chelsea 0" */
    if (t0 >= 2 && !(c->toks[t0].xflags & X_BREAK) && small_number(c, t0 - 1) &&
        c->toks[t0 - 1].term_len <= 2 && !(c->toks[t0 - 1].xflags & X_BREAK) &&
        is_capitalised(&c->toks[t0 - 2]) && !(n->xflags & X_BREAK) && small_number(c, t1) &&
        n->term_len <= 2 && (t1 + 1 >= c->ntoks || (c->toks[t1 + 1].xflags & X_BREAK)))
        return 1; /* "Arsenal 2 Chelsea 0": the second team */
    if (k < c->ntoks && !is_capitalised(&c->toks[k]) && term_in(c, &c->toks[k], roles) &&
        (k > t1 ? (c->toks[t1 - 1].xflags & X_POSS) != 0 : !(n->xflags & X_BREAK)))
        return 1;
    if ((n->xflags & X_BREAK) || !term_in(c, n, results))
        return 0;
    if (team_score_at(c, t1 + 1) && !(c->toks[t1 + 1].xflags & X_BREAK))
        return 1; /* "Leeds drew 1-1 with ..." */
    /* the object: "beat Chelsea 2-1", "drew with the Falcons 1-1" */
    size_t j = t1 + 1;
    while (j < c->ntoks && j < t1 + 3 && !(c->toks[j].xflags & X_BREAK) &&
           (term_is(c, &c->toks[j], "with") || term_is(c, &c->toks[j], "to") ||
            term_is(c, &c->toks[j], "the")))
        j++;
    size_t names = 0;
    while (j < c->ntoks && names < 4 && !(c->toks[j].xflags & X_BREAK) &&
           is_capitalised(&c->toks[j]))
        j++, names++;
    return names > 0 && j < c->ntoks && !(c->toks[j].xflags & X_BREAK) && team_score_at(c, j);
}

static int is_acronym_tok(const ctx *c, const tok *t);

/* Emit a gazetteer name unit with its type. */
static void emit_gaz(ctx *c, const unit *u)
{
    uint32_t f = u->names | (u->gz->flags & BL_GZ_MAJOR_PLACE);
    const char *d;
    size_t dl;
    int t, disp;
    if (f & BL_GZ_DEMONYM) {
        t = BL_ENTITY_OTHER;
        disp = BL_GZ_DISP_OTHER;
    } else if (f & (BL_GZ_PLACE | BL_GZ_PLACE_CAPS)) {
        t = BL_ENTITY_PLACE;
        disp = BL_GZ_DISP_PLACE;
    } else if (f & (BL_GZ_ORG | BL_GZ_ORG_CAPS)) {
        t = BL_ENTITY_ORG;
        disp = BL_GZ_DISP_ORG;
    } else {
        t = BL_ENTITY_OTHER;
        disp = BL_GZ_DISP_OTHER;
    }
    d = bl_gazetteer_display(u->gz, disp, &dl);
    mention *m = emit(c, u->t0, u->t1, d, dl, M_GAZ);
    /* a city name alone is weaker evidence: many towns are named like people ("Obama") */
    int w = t == BL_ENTITY_PLACE && !(f & (BL_GZ_MAJOR_PLACE | BL_GZ_PLACE_CAPS))
                ? VOTE.minor_place
                : VOTE.gazetteer;
    if (m)
        add_vote(m->votes, (bl_entity_type)t, w);
    if (m && u->t1 - u->t0 == 1 && is_acronym_tok(c, &c->toks[u->t0]) == 1)
        m->flags |= M_ACRONYM; /* a listed acronym the text may define otherwise */
    if (m && t == BL_ENTITY_PLACE && !(f & (BL_GZ_MAJOR_PLACE | BL_GZ_PLACE_CAPS)) &&
        !(u->gz->flags & BL_GZ_COUNTRY) && sports_team(c, u->t0, u->t1))
        add_vote(m->votes, BL_ENTITY_ORG, VOTE.sports_team); /* a town's team */
}

/* The demonym of a gazetteer place or demonym unit ("Israel" -> "Israeli"), or NULL. */
static const char *qualifier_demonym(const bl_gz_entry *e, uint32_t names, size_t *len)
{
    if (!e)
        return NULL;
    if (names & BL_GZ_DEMONYM)
        return bl_gazetteer_display(e, BL_GZ_DISP_OTHER, len);
    if (names & (BL_GZ_PLACE | BL_GZ_PLACE_CAPS) && e->flags & BL_GZ_COUNTRY)
        return bl_gazetteer_display(e, BL_GZ_DISP_DEMONYM, len);
    return NULL;
}

/* Append a word in Title Case ("defence" -> "Defence") to the scratch buffer. */
static int append_title_word(ctx *c, const char *w, size_t n)
{
    size_t at = c->scratch.len;
    if (sb_append(&c->scratch, w, n) < 0)
        return -1;
    if (c->scratch.s[at] >= 'a' && c->scratch.s[at] <= 'z')
        c->scratch.s[at] = (char)(c->scratch.s[at] - 32);
    return 0;
}

/* Canonical name of a qualified generic ministry: "<Demonym> Ministry of <Portfolio>".
 * words [p0,p1) are the portfolio tokens.  Built in scratch.  Returns 0 or -1. */
static int ministry_name(ctx *c, const char *dem, size_t dem_len, size_t p0, size_t p1)
{
    c->scratch.len = 0;
    if (sb_append(&c->scratch, dem, dem_len) < 0 ||
        sb_append(&c->scratch, " Ministry of", 12) < 0)
        return -1;
    for (size_t k = p0; k < p1; k++) {
        const tok *t = &c->toks[k];
        if (t->xflags & X_SKIP)
            continue;
        if (sb_append(&c->scratch, " ", 1) < 0)
            return -1;
        if (term_is(c, t, "the") || term_is(c, t, "and") || term_is(c, t, "of")) {
            if (sb_append(&c->scratch, term_of(c, t), t->term_len) < 0)
                return -1;
        } else if (append_title_word(c, term_of(c, t), t->term_len) < 0)
            return -1;
        if (term_is(c, t, "foreign") && p1 - p0 == 1 &&
            sb_append(&c->scratch, " Affairs", 8) < 0)
            return -1;
    }
    return 0;
}

/* Is every unit of [a,b) except connectors a generic word of a government body (portfolio,
 * title modifier, org head or tail), with "ministry" among them?  Sets *p0,*p1 to the
 * portfolio token range and *tail_form (1: "Defence Ministry", 0: "Ministry of Defence"). */
static int generic_ministry(const ctx *c, const unit *u, size_t a, size_t b, size_t *p0,
                            size_t *p1)
{
    int ministry = -1;
    for (size_t k = a; k < b; k++) {
        if (u[k].gz && u[k].names)
            return 0;
        if (u[k].conn)
            continue;
        const tok *t = &c->toks[u[k].t0];
        if (term_is(c, t, "ministry"))
            ministry = (int)k;
        else if (!(tflags(t) & (BL_GZ_PORTFOLIO | BL_GZ_TITLE_MOD)))
            return 0;
    }
    if (ministry < 0)
        return 0;
    if ((size_t)ministry == b - 1) { /* "Defence Ministry" */
        *p0 = u[a].t0;
        *p1 = u[b - 1].t0;
    } else if ((size_t)ministry == a && b - a >= 3 && u[a + 1].conn) { /* "Ministry of X" */
        *p0 = u[a + 2].t0;
        *p1 = u[b - 1].t1;
    } else
        return 0;
    return *p1 > *p0;
}

/* "Indian defence ministry": a demonym or country followed by lower-case portfolio words and
 * "ministry".  Emits the organisation and returns 1 if found. */
static int lowercase_ministry(ctx *c, const unit *u)
{
    size_t dl;
    const char *dem = qualifier_demonym(u->gz, u->names, &dl);
    if (!dem || (c->toks[u->t1 - 1].xflags & X_POSS))
        return 0;
    size_t k = u->t1, p0 = k;
    while (k < c->ntoks && k < p0 + 3) {
        const tok *t = &c->toks[k];
        if (t->xflags & (X_BREAK | X_SKIP) || is_capitalised(t))
            return 0;
        if (term_is(c, t, "ministry")) {
            if (k == p0)
                return 0;
            if (ministry_name(c, dem, dl, p0, k) < 0) {
                c->oom = 1;
                return 0;
            }
            mention *m = emit(c, p0, k + 1, c->scratch.s, c->scratch.len, M_CUE);
            if (m)
                add_vote(m->votes, BL_ENTITY_ORG, VOTE.ministry);
            return 1;
        }
        if (!(tflags(t) & BL_GZ_PORTFOLIO))
            return 0;
        k++;
    }
    return 0;
}

static int is_title_word(uint32_t f)
{
    return (f & (BL_GZ_TITLE | BL_GZ_TITLE_MOD | BL_GZ_PORTFOLIO)) != 0;
}

/* A lower-case noun of a kind of place ("town", "province"). */
static int is_place_noun(const ctx *c, const tok *t)
{
    if (t->term_len < 4 || t->term_len > 13)
        return 0; /* "the", "in", "of": most words before a name end here */
    static const char *const nouns[] = {"area", "region", "province", "district", "town",
                                        "village", "city", "valley", "county", "camp",
                                        "neighborhood", "neighbourhood", "suburb", "border",
                                        "airport", "state", "river", "island", "capital",
                                        "port", "municipality", "prefecture", "governorate",
                                        "islands", "towns", "villages", "cities", "provinces",
                                        "regions", "districts", "hamlet", "parish", "commune",
                                        "settlement", "township", "borough", "camps", "coast",
                                        "peninsula", "desert", "plains", "plateau", "delta",
                                        "basin", "highlands", "archipelago", NULL};
    return term_in(c, t, nouns);
}

/* A lower-case noun of someone or something that belongs to an organisation ("spokesman",
 * "shares", "employees"): "a spokesman for X", "X spokesman" make X an organisation. */
static int is_org_role_noun(const ctx *c, const tok *t)
{
    static const char *const nouns[] = {"spokesman", "spokeswoman", "spokesperson",
                                        "spokesmen", "official", "officials", "employee",
                                        "employees", "analyst", "analysts", "executive",
                                        "executives", "shares", "shareholders", "stake",
                                        "founder", "ceo", "chairman", "headquarters",
                                        "subsidiary", "unit", "staff", "board", "directors",
                                        "shareholder", "customers", "shoppers", "stores",
                                        NULL};
    return term_in(c, t, nouns);
}

/* A lower-case noun naming a kind of organisation, beside its name: "the German firm X",
 * "the newspaper X", "X airline", "his X party". */
static int is_org_kind_noun(const ctx *c, const tok *t)
{
    if (t->term_len < 4 || t->term_len > 13)
        return 0;
    static const char *const nouns[] = {"firm", "company", "companies", "airline", "airlines",
                                        "carrier", "party", "newspaper", "daily", "broadcaster",
                                        "insurer", "manufacturer", "carmaker", "automaker",
                                        "retailer", "conglomerate", "militia", "faction",
                                        "charity", "lender", "bank", "organization",
                                        "organisation", "group", "journal", "magazine",
                                        "tabloid", "agency", "movement", NULL};
    return term_in(c, t, nouns);
}

/* A lower-case noun for a body of performers right before its name: "the band God Street
 * Wine", "the rock band X", "the Vienna orchestra X" (a band or an orchestra is a group,
 * whatever its name looks like). */
static int is_performer_kind_noun(const ctx *c, const tok *t)
{
    static const char *const nouns[] = {"band", "orchestra", "choir", "ensemble", NULL};
    return !is_capitalised(t) && term_in(c, t, nouns);
}

/* Is token i "station" after "radio", "television" or "TV" in lower case ("the radio
 * station X", "X television station"), a broadcaster (not a railway, bus, power or space
 * station)? */
static int broadcast_station_at(const ctx *c, size_t i)
{
    static const char *const media[] = {"radio", "television", "tv", NULL};
    return i >= 1 && i < c->ntoks && term_is(c, &c->toks[i], "station") &&
           !is_capitalised(&c->toks[i]) && !(c->toks[i].xflags & X_BREAK) &&
           term_in(c, &c->toks[i - 1], media) &&
           (!is_capitalised(&c->toks[i - 1]) || term_is(c, &c->toks[i - 1], "tv"));
}

/* Prepositions before a place ("in X", "near X"). */
static const char *const place_preps[] = {"in", "at", "near", "from", "to", "into", "across",
                                          "outside", "inside", "toward", "towards", NULL};

/* "advances around Manbij", "in and around Atwick": "around" before a name says where, unless
 * a noun follows the name ("centred around R&D collaboration").  t0, t1: the name's tokens. */
static int around_place(const ctx *c, size_t t0, size_t t1)
{
    if (t0 == 0 || (c->toks[t0].xflags & X_BREAK) || !term_is(c, &c->toks[t0 - 1], "around"))
        return 0;
    if (t1 >= c->ntoks || (c->toks[t1].xflags & (X_BREAK | X_LINE)))
        return 1;
    const tok *n = &c->toks[t1];
    return is_capitalised(n) || bl_is_stopword(term_of(c, n), n->term_len);
}

/* Is there nothing but one comma and spaces between tokens a and b (no quote, no bracket)? */
static int only_comma_between(const ctx *c, const tok *a, const tok *b)
{
    int commas = 0;
    for (size_t k = a->raw_end; k < b->start; k++)
        if (c->text[k] == ',')
            commas++;
        else if (c->text[k] != ' ')
            return 0;
    return commas == 1;
}

/* A lower-case noun for a kind of company or body, before names given as examples of it:
 * "a company like Dell", "firms such as WorldCom and Enron", "bands like Korn". */
static int is_example_kind(const ctx *c, const tok *t)
{
    static const char *const nouns[] = {"firms", "corporation", "corporations", "business",
                                        "businesses", "retailers", "chain", "chains",
                                        "store", "stores", "brand", "brands", "vendor",
                                        "vendors", "manufacturers", "maker", "makers",
                                        "banks", "lenders", "insurers", "publishers",
                                        "giants", "groups", "parties", "organizations",
                                        "organisations", "band", "bands", "labels", "teams",
                                        "clubs", NULL};
    return !is_capitalised(t) && (is_org_kind_noun(c, t) || term_in(c, t, nouns));
}

/* Is the name at token t0 an example of a kind of company or body, alone or in a list:
 * "a cheaper company like Dell", "firms such as WorldCom and Enron", "retailers like
 * Sears, Kmart or Target", "companies including Enron"?  Walks back over the list's earlier
 * names, commas, "and", "or" to "like", "such as" or "including" after such a noun (not
 * "people like John"). */
static int example_of_org_kind(const ctx *c, size_t t0)
{
    size_t i = t0;
    for (int steps = 0; i >= 2 && steps < 16; steps++) {
        const tok *cur = &c->toks[i], *p = &c->toks[i - 1];
        if ((cur->xflags & X_BREAK) &&
            !((cur->xflags & X_COMMA) && only_comma_between(c, p, cur)))
            return 0;
        if (is_capitalised(p)) {
            if (p->xflags & X_UNINF)
                return 0; /* a sentence's first word: the list began no sentence */
            i--;
            continue;
        }
        if (term_is(c, p, "like") || term_is(c, p, "including"))
            return !(p->xflags & X_BREAK) && is_example_kind(c, &c->toks[i - 2]);
        if (term_is(c, p, "as") && i >= 3 && term_is(c, &c->toks[i - 2], "such") &&
            !(p->xflags & X_BREAK) && !(c->toks[i - 2].xflags & X_BREAK))
            return is_example_kind(c, &c->toks[i - 3]);
        if ((term_is(c, p, "and") || term_is(c, p, "or")) && is_capitalised(cur)) {
            i--;
            continue;
        }
        return 0;
    }
    return 0;
}

/* A noun for what a person has ("X's wife", "X's lawyer", "X's arrest"). */
static int is_personal_noun(const ctx *c, const tok *t)
{
    static const char *const nouns[] = {"wife", "husband", "son", "sons", "daughter",
                                        "daughters", "father", "mother", "brother", "sister",
                                        "widow", "children", "lawyer", "lawyers", "attorney",
                                        "death", "arrest", "detention", "funeral", "resignation",
                                        "plane", "bodyguards", "aides", "aide", "supporters",
                                        "girlfriend", "boyfriend", "predecessor", "successor",
                                        "remarks", "biography", "birthday", NULL};
    return term_in(c, t, nouns);
}

/* A noun for someone who follows, serves or speaks for a person as readily as a body ("a
 * Sanders volunteer", "a Putin ally", "a Biden adviser"): after "a Name" it says nothing of
 * a company. */
static int is_follower_noun(const ctx *c, const tok *t)
{
    static const char *const nouns[] = {"supporter", "supporters", "volunteer", "volunteers",
                                        "ally", "allies", "adviser", "advisers", "advisor",
                                        "advisors", "loyalist", "loyalists", "critic",
                                        "critics", "fan", "fans", "campaign", "family",
                                        "relative", "relatives", "cousin", "biographer",
                                        "voter", "voters", "delegate", "delegates", "follower",
                                        "followers", "backer", "backers", "appointee",
                                        "nominee", "protege", "impersonator", "lookalike",
                                        "administration", "presidency", "era", "speech",
                                        "rally", "victory", NULL};
    return term_in(c, t, nouns);
}

/* A noun for a part or the people of a place, before "of" ("the outskirts of X", "residents
 * of X", "the mayor of X", "north of X"). */
static int is_place_part(const ctx *c, const tok *t)
{
    static const char *const nouns[] = {"outskirts", "suburbs", "streets", "centre", "center",
                                        "heart", "residents", "inhabitants", "citizens",
                                        "villagers", "natives", "people", "vicinity",
                                        "environs", "siege", "liberation", "out",
                                        "mayor", "governor", "north", "south", "east", "west",
                                        "northeast", "northwest", "southeast", "southwest",
                                        "coast", "shores", "downtown", "parts", NULL};
    return term_in(c, t, nouns);
}

/* A lower-case noun of a treaty or a battle, which are named after a place ("the treaty of
 * Guadalupe Hidalgo", "the battle of Gettysburg", "the peace of Westphalia"): the name after
 * "of" is that place, even when it opens with a given name. */
static int is_named_after_place(const ctx *c, const tok *t)
{
    static const char *const nouns[] = {"treaty", "treaties", "battle", "battles", "peace",
                                        "armistice", NULL};
    return term_in(c, t, nouns);
}

/* A lower-case adjective for a part of a place ("northern", "central"). */
static int is_compass_adjective(const ctx *c, const tok *t)
{
    static const char *const adjs[] = {"northern", "southern", "eastern", "western", "central",
                                       "northeastern", "northwestern", "southeastern",
                                       "southwestern", "north-eastern", "north-western",
                                       "south-eastern", "south-western", NULL};
    if (is_capitalised(t) || t->term_len < 7)
        return 0;
    return term_in(c, t, adjs);
}

/* Is t a verb of speech that follows its subject ("Quarrington said")? */
static int is_said_verb(const ctx *c, const tok *t)
{
    static const char *const verbs[] = {"said", "says", "told", "tells", "added", "noted",
                                        "wrote", "explained", "argued", "insisted", "stressed",
                                        "warned", "asked", "replied", "recalled", NULL};
    return term_in(c, t, verbs);
}

/* A noun before the name [t0,t1) says what it is: a place noun right before it ("Vantrob's
 * capital Quarrin"), or an apposition ("a Kenyan newspaper, The Daily Nation,", "the
 * provincial capital, Quarrinby,", "his lawyer, Arvel Quarrington,").  Not when the name is
 * the subject of a speech verb ("It is a good company, Quarrington said", "At the airport
 * Quarrington said"). */
static void apposition_before_votes(const ctx *c, size_t t0, size_t t1, int *votes)
{
    if (t0 == 0)
        return;
    int type = -1, weight = 0;
    const tok *p = &c->toks[t0 - 1];
    size_t ap = t0; /* the apposition's first word: "..., [The] Daily Nation" */
    if (t0 >= 2 && term_is(c, p, "the") && !(c->toks[t0].xflags & X_BREAK) &&
        (p->xflags & X_COMMA))
        ap = t0 - 1;
    if (!(c->toks[ap].xflags & X_BREAK)) {
        /* "Vantrob's capital Quarrin", "the border town Quarrin": a place noun */
        if (is_capitalised(p) || !is_place_noun(c, p))
            return;
        type = BL_ENTITY_PLACE;
        weight = VOTE.place_around;
    } else {
        const tok *q = &c->toks[ap - 1];
        if (!(c->toks[ap].xflags & X_COMMA) || is_capitalised(q) || (q->xflags & X_POSS) ||
            !only_comma_between(c, q, &c->toks[ap]))
            return;
        if (is_org_kind_noun(c, q) || is_performer_kind_noun(c, q)) {
            type = BL_ENTITY_ORG; /* "..., the rock band, Eels" */
            weight = VOTE.org_kind_before;
        } else if (is_place_noun(c, q)) {
            type = BL_ENTITY_PLACE;
            weight = VOTE.place_around;
        } else if ((tflags(q) & BL_GZ_TITLE) || is_personal_noun(c, q)) {
            type = BL_ENTITY_PERSON;
            weight = VOTE.title_before;
        } else {
            return;
        }
    }
    if (t1 < c->ntoks) {
        size_t v = (c->toks[t1].xflags & X_COMMA) ? t1 + (t1 + 1 < c->ntoks) : t1;
        if (is_said_verb(c, &c->toks[t1]) || is_said_verb(c, &c->toks[v]))
            return;
    }
    add_vote(votes, (bl_entity_type)type, weight);
}

/* Is the word before token t0 "near" ("Near Ayn Isa, ...", "targets near Al Huwayjah")? */
static int after_near(const ctx *c, size_t t0)
{
    return t0 > 0 && !(c->toks[t0].xflags & X_BREAK) && term_is(c, &c->toks[t0 - 1], "near");
}

static void context_votes(const ctx *c, size_t t0, int *votes)
{
    if (t0 == 0)
        return;
    /* "a company like Dell", "firms such as WorldCom and Enron": a company, whatever its
     * name looks like */
    if (example_of_org_kind(c, t0))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_kind_before);
    const tok *p = &c->toks[t0 - 1];
    if (c->toks[t0].xflags & X_BREAK) {
        /* "Maj Gen (Res) Amir Baram": a bracketed title word just before */
        int paren = 0;
        for (size_t k = p->raw_end; k < c->toks[t0].start; k++)
            if (c->text[k] == ')')
                paren = 1;
            else if (c->text[k] != ' ')
                return;
        if (paren && (tflags(p) & (BL_GZ_TITLE | BL_GZ_TITLE_MOD)))
            add_vote(votes, BL_ENTITY_PERSON, VOTE.bracket_title);
        return;
    }
    if (is_capitalised(p)) {
        /* "In Quarrinby, police ...", "Near Palmyra, one strike ...": a preposition opening
         * the sentence */
        if (p->xflags & X_UNINF)
            for (int i = 0; place_preps[i]; i++)
                if (term_is(c, p, place_preps[i]))
                    add_vote(votes, BL_ENTITY_PLACE, VOTE.place_prep);
        return;
    }
    uint32_t f = tflags(p);
    if (f & BL_GZ_TITLE)
        add_vote(votes, BL_ENTITY_PERSON, VOTE.title_before);
    /* "the Moscow-based Rostelix", "a state-owned Zorblax": a company */
    if ((p->xflags & X_HYPHEN) &&
        (term_is(c, p, "based") || term_is(c, p, "owned") || term_is(c, p, "listed") ||
         term_is(c, p, "headquartered") || term_is(c, p, "run") || term_is(c, p, "backed")))
        add_vote(votes, BL_ENTITY_ORG, VOTE.based_org);
    /* "a spokesman for Zorblax", "shares of Zorblax", "analysts at Zorblax" */
    if ((term_is(c, p, "of") || term_is(c, p, "for") || term_is(c, p, "at")) && t0 >= 2 &&
        !(p->xflags & X_BREAK) &&
        (!is_capitalised(&c->toks[t0 - 2]) || (c->toks[t0 - 2].xflags & X_UNINF)) &&
        is_org_role_noun(c, &c->toks[t0 - 2]))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_role_of);
    /* "Quarrington founded Zorblax", "she works at Zorblax": what a person founds or works
     * at is a body (outweighing the place vote of "at"); not "works for", people work for
     * people too */
    if (term_is(c, p, "founded") || term_is(c, p, "co-founded") || term_is(c, p, "cofounded"))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_role_of);
    /* "acquired by Newell": companies are acquired by companies */
    if (term_is(c, p, "by") && t0 >= 2 && !(p->xflags & X_BREAK) &&
        term_is(c, &c->toks[t0 - 2], "acquired"))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_role_of);
    if (term_is(c, p, "at") && t0 >= 2 && !(p->xflags & X_BREAK)) {
        static const char *const work[] = {"works", "worked", "working", "work", "employed",
                                           "employee", "engineer", "executive", "analyst",
                                           "intern", "job", "jobs", NULL};
        if (term_in(c, &c->toks[t0 - 2], work))
            add_vote(votes, BL_ENTITY_ORG, VOTE.org_role_of + VOTE.place_prep);
    }
    /* "shares in Zorblax", "a stake in Zorblax": owned, so a company, not a place */
    if (term_is(c, p, "in") && t0 >= 2 && !(p->xflags & X_BREAK) &&
        (term_is(c, &c->toks[t0 - 2], "shares") || term_is(c, &c->toks[t0 - 2], "stake") ||
         term_is(c, &c->toks[t0 - 2], "stakes")))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_role_of + VOTE.place_prep);
    /* "the German firm Bilfinger", "the newspaper Haaretz", "the militant group Ansar
     * al-Islam" (not "the aircraft carrier Charles de Gaulle": a ship) */
    if (is_org_kind_noun(c, p) &&
        !(term_is(c, p, "carrier") && t0 >= 2 && term_is(c, &c->toks[t0 - 2], "aircraft")))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_kind_before);
    if (is_performer_kind_noun(c, p)) /* "the band God Street Wine" */
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_kind_before);
    if (broadcast_station_at(c, t0 - 1)) /* "the radio station Power98FM" */
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_kind_before);
    /* "the town of Jenin", "the province of Uruzgan" */
    if (term_is(c, p, "of") && t0 >= 2 && !(p->xflags & X_BREAK) &&
        !is_capitalised(&c->toks[t0 - 2]) && is_place_noun(c, &c->toks[t0 - 2]))
        add_vote(votes, BL_ENTITY_PLACE, VOTE.place_noun_of);
    /* "the outskirts of Quarrinby", "residents of X", "the mayor of X", "north of X" */
    if (term_is(c, p, "of") && t0 >= 2 && !(p->xflags & X_BREAK) &&
        (!is_capitalised(&c->toks[t0 - 2]) || (c->toks[t0 - 2].xflags & X_UNINF)) &&
        is_place_part(c, &c->toks[t0 - 2]))
        add_vote(votes, BL_ENTITY_PLACE, VOTE.place_around);
    /* "the treaty of Guadalupe Hidalgo", "the battle of Gettysburg": the place it is named
     * after */
    if (term_is(c, p, "of") && t0 >= 2 && !(p->xflags & X_BREAK) &&
        !is_capitalised(&c->toks[t0 - 2]) && is_named_after_place(c, &c->toks[t0 - 2]))
        add_vote(votes, BL_ENTITY_PLACE, VOTE.place_noun_of);
    /* "the MP for Quarrinby", "MPP for Kenora": a constituency */
    if (term_is(c, p, "for") && t0 >= 2 && !(p->xflags & X_BREAK)) {
        static const char *const members[] = {"mp", "mps", "mpp", "mep", "mla", "msp", "mna",
                                              "congressman", "congresswoman", NULL};
        if (term_in(c, &c->toks[t0 - 2], members))
            add_vote(votes, BL_ENTITY_PLACE, VOTE.place_around);
    }
    /* "in northern Quarrinby", "central X": a part of a place */
    if (is_compass_adjective(c, p))
        add_vote(votes, BL_ENTITY_PLACE, VOTE.place_around);
    /* "met Mladic", "told Karzai": the object of a verb said of people */
    static const char *const objects[] = {"met", "told", "thanked", "interviewed", "married",
                                          "congratulated", "succeeded", "replaced", "beat",
                                          "defeated", "accused", "praised", "criticized",
                                          "criticised", "appointed", "elected", NULL};
    if (term_in(c, p, objects))
        add_vote(votes, BL_ENTITY_PERSON, VOTE.speech_verb);
    /* "to" after a word of speech, giving or kinship names a person or a body as often as a
     * place ("according to Telbaum", "spoke to", "ties to", "a letter to", "married to") */
    if (term_is(c, p, "to") && t0 >= 2 && !(p->xflags & X_BREAK) &&
        !is_capitalised(&c->toks[t0 - 2])) {
        static const char *const addressed[] = {"according", "spoke", "speaking", "talked",
                                                "talking", "ties", "close", "letter",
                                                "message", "married", "loyal", "adviser",
                                                "advisor", "aide", "successor", "wrote",
                                                "gave", "handed", "sent", "belonging",
                                                "belongs", "related", "linked", "allied",
                                                "appealed", "turned", "responded", "reported",
                                                "sold", "lent", "loyalty", "support", NULL};
        for (int k = 0; addressed[k]; k++)
            if (term_is(c, &c->toks[t0 - 2], addressed[k])) {
                add_vote(votes, BL_ENTITY_PERSON, VOTE.speech_verb);
                return;
            }
    }
    for (int i = 0; place_preps[i]; i++)
        if (term_is(c, p, place_preps[i]))
            add_vote(votes, BL_ENTITY_PLACE, VOTE.place_prep);
}

/* Does the word before token t0 put a place there ("in X", "to X", "visited X")?  Decides a
 * town named like a person ("Denver", "Lincoln"), which is otherwise a given name. */
static int place_context(const ctx *c, size_t t0)
{
    if (t0 == 0 || (c->toks[t0].xflags & X_BREAK))
        return 0;
    const tok *p = &c->toks[t0 - 1];
    if (is_capitalised(p) && !(p->xflags & X_UNINF))
        return 0; /* "In Lincoln, police ..." counts: the sentence's first word */
    static const char *const visits[] = {"visited", "visit", "visits", "visiting", "toured",
                                         NULL};
    for (int i = 0; place_preps[i]; i++)
        if (term_is(c, p, place_preps[i]))
            return 1;
    for (int i = 0; visits[i]; i++)
        if (term_is(c, p, visits[i]))
            return 1;
    return 0;
}

/* Is token k one capitalised word that a list has as a place, not only as a town named like
 * a person ("Dallas", "Ohio"; not "Denver")? */
static int listed_place_word(const ctx *c, size_t k)
{
    const tok *t = &c->toks[k];
    return is_capitalised(t) && t->gz && (t->gz->flags & BL_GZ_PLACE) &&
           !(t->gz->flags & BL_GZ_TOWN_NAME);
}

/* Is the one-word name at t0 joined by "and" or "or" to a listed place ("Dallas and
 * Atlanta", "Atlanta or Ohio"), or the home of the person named just before it ("Pat Dawson
 * of Austin,", "Barnes of Denver")?  Decides a town named like a person, as place_context(). */
static int town_by_place(const ctx *c, size_t t0)
{
    const tok *t = &c->toks[t0];
    if (t0 >= 2 && !(t->xflags & X_BREAK) && !(c->toks[t0 - 1].xflags & X_BREAK)) {
        const tok *p = &c->toks[t0 - 1];
        if ((term_is(c, p, "and") || term_is(c, p, "or")) && listed_place_word(c, t0 - 2))
            return 1;
        const tok *h = &c->toks[t0 - 2];
        if (term_is(c, p, "of") && is_capitalised(h) && !(h->xflags & (X_UNINF | X_SKIP)) &&
            !(h->gz && (h->gz->flags & (BL_GZ_TITLE | BL_GZ_ORG_HEAD | BL_GZ_GENERIC |
                                        BL_GZ_PLACE_HEAD | BL_GZ_EVENT_HEAD | BL_GZ_NAME_CLASSES))))
            return 1;
    }
    if (t0 + 2 < c->ntoks && !(c->toks[t0 + 1].xflags & X_BREAK) &&
        !(c->toks[t0 + 2].xflags & X_BREAK) &&
        (term_is(c, &c->toks[t0 + 1], "and") || term_is(c, &c->toks[t0 + 1], "or")) &&
        listed_place_word(c, t0 + 2) &&
        !(t0 + 3 < c->ntoks && is_capitalised(&c->toks[t0 + 3]) &&
          !(c->toks[t0 + 3].xflags & X_BREAK)))
        return 1;
    return 0;
}


/* Is t one word for a faith or doctrine ("Catholicism", "Judaism", "Christianity")?  Never a
 * place, though "from Catholicism to Judaism" reads like one. */
static int is_doctrine(const ctx *c, const tok *t)
{
    const char *w = term_of(c, t);
    size_t n = t->term_len;
    if (n < 6 || !is_capitalised(t) || (t->aflags & BL_TOKEN_ALL_CAPS))
        return 0;
    return memcmp(w + n - 3, "ism", 3) == 0 || (n > 7 && memcmp(w + n - 5, "anity", 5) == 0);
}

/* Is t a number that can be a person's age (2 to 110) written alone, as in "Doe, 45,"? */
static int is_age(const ctx *c, const tok *t)
{
    const char *w = term_of(c, t);
    if (t->term_len < 1 || t->term_len > 3 || t->end - t->start != t->term_len)
        return 0;
    int v = 0;
    for (size_t k = 0; k < t->term_len; k++) {
        if (w[k] < '0' || w[k] > '9')
            return 0;
        v = v * 10 + (w[k] - '0');
    }
    return v >= 2 && v <= 110;
}

/* Is t a word for a unit or a scale after a number ("1.5 percent", "5 million", "2
 * times", "10 km"): the number is a quantity, not a version, model or station? */
static int is_quantity_word(const ctx *c, const tok *t)
{
    static const char *const words[] = {"percent", "per", "pct", "million", "billion",
                                        "trillion", "points", "point", "times", "kg", "km",
                                        "miles", "metres", "meters", "seconds", "minutes",
                                        "hours", "days", NULL};
    return term_in(c, t, words);
}

/* Is token i a software version written with points ("7.3", "2.4.18"; not "1.5 percent",
 * "3.2 million": a quantity)? */
static int is_version(const ctx *c, size_t i)
{
    const tok *t = &c->toks[i];
    const char *w = term_of(c, t);
    if (t->term_len < 3 || t->term_len > 10 || t->end - t->start != t->term_len)
        return 0;
    size_t lead = 0, points = 0;
    while (lead < t->term_len && w[lead] >= '0' && w[lead] <= '9')
        lead++;
    if (lead < 1 || lead > 2)
        return 0;
    for (size_t k = lead; k < t->term_len; k++)
        if (w[k] == '.') {
            if (k + 1 == t->term_len || w[k + 1] == '.')
                return 0;
            points++;
        } else if (w[k] < '0' || w[k] > '9') {
            return 0;
        }
    if (points == 0)
        return 0;
    if (i + 1 < c->ntoks && !(c->toks[i + 1].xflags & X_BREAK) &&
        is_quantity_word(c, &c->toks[i + 1]))
        return 0;
    for (size_t k = t->end; k < c->len && k < t->end + 2; k++)
        if (c->text[k] == '%')
            return 0;
    return 1;
}

/* Does the name that ends before token i say what kind of body it is: a word for one
 * after it ("the Aigle Azur airline", "his Si Cumple party"), or the plural after the next
 * name ("the Labor or Liberal parties", "Etihad and Emirates airlines")?  Not after a
 * possessive ("Fujimori's party": what a person has). */
static int kind_after(const ctx *c, size_t t0, size_t i, int party)
{
    if (i == 0 || i >= c->ntoks || (c->toks[i].xflags & X_BREAK) ||
        (c->toks[i - 1].xflags & X_POSS) || is_capitalised(&c->toks[i]))
        return 0;
    /* "the Renewal movement", not "the Zionist movement" (a creed's adjective in -ist), nor
     * a compound ("News-agency reports") */
    const tok *b = &c->toks[i - 1];
    if (c->toks[i].xflags & X_HYPHEN)
        return 0;
    if (term_is(c, &c->toks[i], "movement") && i == t0 + 1 && b->term_len > 4 &&
        memcmp(term_of(c, b) + b->term_len - 3, "ist", 3) == 0)
        return 0;
    if (party ? term_is(c, &c->toks[i], "party") : is_org_kind_noun(c, &c->toks[i]))
        return 1;
    /* a plural names bodies only after two names ("the Labor or Liberal parties"); after
     * one it describes ("Islamic groups", "Chinese firms", "opposition parties") */
    static const char *const plurals[] = {"parties", "airlines", "companies", "newspapers",
                                          "broadcasters", "carriers", NULL};
#define KIND_PLURAL(t) (party ? term_is(c, (t), "parties") : term_in(c, (t), plurals))
    if (KIND_PLURAL(&c->toks[i]))
        return t0 >= 2 && !(c->toks[t0].xflags & X_BREAK) &&
               !(c->toks[t0 - 1].xflags & X_BREAK) &&
               (term_is(c, &c->toks[t0 - 1], "and") || term_is(c, &c->toks[t0 - 1], "or")) &&
               is_capitalised(&c->toks[t0 - 2]) && !(c->toks[t0 - 2].xflags & X_UNINF);
    return (term_is(c, &c->toks[i], "and") || term_is(c, &c->toks[i], "or")) &&
           i + 2 < c->ntoks && !(c->toks[i + 1].xflags & X_BREAK) &&
           !(c->toks[i + 2].xflags & X_BREAK) && is_capitalised(&c->toks[i + 1]) &&
           !is_capitalised(&c->toks[i + 2]) && KIND_PLURAL(&c->toks[i + 2]);
#undef KIND_PLURAL
}

/* Is the name [t0,i) a product's with its model number after it ("Nikon Coolpix 995", "Leica
 * Digilux 1")?  Two words or more: no given name, no word of a name list but a brand of the
 * untrained lists first ("Leica"), the last word on no list at all and no letter ("Pentastar
 * V 6"), then a bare number of one to three digits in the same phrase (not a year: "Sydney
 * 2000"; not "Ben Player 12": "player" is a listed word; not "F-16"). */
static int model_number_after(const ctx *c, size_t t0, size_t i)
{
    if (i < t0 + 2 || i >= c->ntoks || c->toks[i - 1].gz || c->toks[i - 1].term_len < 3)
        return 0; /* not a letter: "Pentastar V 6", "Air Force F-16" */
    const tok *n = &c->toks[i];
    if (!(n->aflags & BL_TOKEN_NUMERIC) || (n->xflags & X_HYPHEN) ||
        n->end - n->start != n->term_len || !figures_only(c, n, 3))
        return 0;
    for (size_t k = t0; k < i; k++) {
        const tok *t = &c->toks[k];
        uint32_t org = BL_GZ_ORG | BL_GZ_ORG_CAPS, nc;
        if ((k > t0 && (t->xflags & (X_BREAK | X_POSS))) || !is_capitalised(t) ||
            (t->gz && (t->gz->flags & BL_GZ_GIVEN)))
            return 0;
        /* the maker may be a brand of the untrained lists ("Leica"), nothing more */
        if (t->gz && (nc = name_classes(c, t->gz, k, k + 1)) != 0 &&
            (k > t0 || (nc & ~org) || (t->gz->model_flags & org)))
            return 0;
    }
    return 1;
}

/* A lower-case place noun right after the name: "the Kani Wam area". */
static void after_votes(const ctx *c, size_t t0, size_t i, int *votes)
{
    if (i >= c->ntoks)
        return;
    if (i > 0 && (c->toks[i - 1].xflags & X_POSS)) {
        /* "Cheney's plane", "Telbaum 's lawyer": what a person has */
        size_t n = (c->toks[i].xflags & X_SKIP) ? i + 1 : i;
        if (n < c->ntoks && !is_capitalised(&c->toks[n]) && is_personal_noun(c, &c->toks[n]))
            add_vote(votes, BL_ENTITY_PERSON, VOTE.who_after);
    }
    if (c->toks[i].xflags & X_COMMA) {
        /* "Telbaum, who ...", "Telbaum, 45, ...": a relative pronoun of people, an age */
        const tok *n = &c->toks[i];
        if (!is_capitalised(n) && !(n->xflags & (X_UNINF | X_LINE)) &&
            (term_is(c, n, "who") || term_is(c, n, "whose")))
            add_vote(votes, BL_ENTITY_PERSON, VOTE.who_after);
        if (i + 1 < c->ntoks && (c->toks[i + 1].xflags & X_COMMA) && is_age(c, n))
            add_vote(votes, BL_ENTITY_PERSON, VOTE.who_after);
        return;
    }
    if (c->toks[i].xflags & X_BREAK)
        return;
    if (model_number_after(c, t0, i))
        add_vote(votes, BL_ENTITY_OTHER, VOTE.software_after); /* "Nikon Coolpix 995" */
    if (is_capitalised(&c->toks[i])) {
        /* "Zorblax CEO Jane Doe", "Zorblax Chairman ...": the name before is a company */
        if (term_is(c, &c->toks[i], "ceo") || term_is(c, &c->toks[i], "chairman") ||
            term_is(c, &c->toks[i], "chairwoman") || term_is(c, &c->toks[i], "founder") ||
            term_is(c, &c->toks[i], "cfo") || term_is(c, &c->toks[i], "coo"))
            add_vote(votes, BL_ENTITY_ORG, VOTE.company_role);
        return;
    }
    /* "Putin's spokesman": people have spokesmen too; only "a Zorblax spokesman" says a body */
    int spokes = (c->toks[i - 1].xflags & X_POSS) && c->toks[i].term_len >= 9 &&
                 memcmp(term_of(c, &c->toks[i]), "spokes", 6) == 0;
    /* "Dorn shares his view", "Jordan shares the lead": "shares" is a verb before a
     * determiner, and says nothing of a company */
    static const char *const dets[] = {"his", "her", "the", "a", "an", "their", "this",
                                       "that", "my", "our", "your", "these", "those", NULL};
    int shares_verb = term_is(c, &c->toks[i], "shares") && i + 1 < c->ntoks &&
                      !(c->toks[i + 1].xflags & X_BREAK) && term_in(c, &c->toks[i + 1], dets);
    if ((is_org_role_noun(c, &c->toks[i]) && !term_is(c, &c->toks[i], "founder") &&
         !term_is(c, &c->toks[i], "staff") && !spokes && !shares_verb) ||
        (term_is(c, &c->toks[i], "chief") && i + 1 < c->ntoks &&
         term_is(c, &c->toks[i + 1], "executive"))) /* "Vendorix's chief executive" */
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_role_after); /* "a Zorblax spokesman" */
    /* "Globovision president Guillermo Zuloaga", "Yukos chief Mikhail Khodorkovsky": the
     * head of a body, named (a place or people's word before keeps its list's type: "U.S.
     * president", "Palestinian leader") */
    static const char *const heads[] = {"president", "chief", "head", "chairman", "boss",
                                        NULL};
    if (!(c->toks[i - 1].xflags & X_POSS) && term_in(c, &c->toks[i], heads) &&
        i + 1 < c->ntoks && !(c->toks[i + 1].xflags & X_BREAK) &&
        is_capitalised(&c->toks[i + 1]) && (c->toks[i + 1].xflags & X_NAME))
        add_vote(votes, BL_ENTITY_ORG, VOTE.company_role);
    /* "the Aigle Azur airline", "his Si Cumple party": the kind of body the name is (not
     * "Fujimori's party": what a person has) */
    if (!(c->toks[i - 1].xflags & X_POSS) && broadcast_station_at(c, i + 1))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_kind_after); /* "Nepal FM radio station" */
    if (is_org_kind_noun(c, &c->toks[i]) && (c->toks[i - 1].xflags & X_POSS))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_role_after);
    else if (kind_after(c, t0, i, 0))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_kind_after);
    if (is_place_noun(c, &c->toks[i]) || term_is(c, &c->toks[i], "residents") ||
        term_is(c, &c->toks[i], "inhabitants") || term_is(c, &c->toks[i], "villagers"))
        add_vote(votes, BL_ENTITY_PLACE, VOTE.place_noun_after); /* "Quarrinby residents" */
    else if (i + 1 < c->ntoks && !(c->toks[i + 1].xflags & X_BREAK) &&
             !is_capitalised(&c->toks[i + 1]) && (tflags(&c->toks[i]) & BL_GZ_COMMON) &&
             is_place_noun(c, &c->toks[i + 1]))
        add_vote(votes, BL_ENTITY_PLACE, VOTE.place_noun_after2); /* "the Orakzai tribal region" */
    /* "the Bush administration", "the Assad regime": a head of government's name (not an
     * adjective in -ist: "the Zionist regime", "the Baathist regime") */
    if ((term_is(c, &c->toks[i], "administration") || term_is(c, &c->toks[i], "regime") ||
         term_is(c, &c->toks[i], "presidency")) &&
        !(c->toks[i - 1].term_len > 3 &&
          memcmp(term_of(c, &c->toks[i - 1]) + c->toks[i - 1].term_len - 3, "ist", 3) == 0))
        add_vote(votes, BL_ENTITY_PERSON, VOTE.leader_of);
    /* "Baram said": in news the subject of a speech verb is most often a person */
    static const char *const verbs[] = {"said", "says", "told", "added", "explained",
                                        "insisted", "argued", "wrote", "recalled", "met",
                                        "visited", "thanked", "resigned", "died", "married",
                                        "spoke", "smiled", "tweeted", "arrived", "traveled",
                                        "travelled", "stressed", "vowed", "pledged", "urged",
                                        "warned", "testified", "admitted", "acknowledged",
                                        "replied", "responded", "believes", "thinks", "hopes",
                                        "wants", "knew", "beat", "defeated", "scored",
                                        "denied", "accused", "praised", "criticized",
                                        "criticised", "noted", "starred", "sang", "denies", NULL};
    if (term_in(c, &c->toks[i], verbs))
        add_vote(votes, BL_ENTITY_PERSON, VOTE.speech_verb);
    /* "a Dell laptop", "an Enron insider": one word no list knows (or a given name) between
     * "a" and a lower-case noun is a brand or a company that qualifies the noun, not a
     * person (not "a Republican senator": a word of a list; not "an Islamist militant": an
     * adjective in -ist; not "an E-book", "a B reorganization", "an Atlas missile": a
     * letter, a hyphened word, a rocket's own name) */
    static const char *const rockets[] = {"missile", "missiles", "rocket", "rockets", NULL};
    if (i == t0 + 1 && t0 >= 1 && c->toks[t0].term_len >= 3 &&
        !is_follower_noun(c, &c->toks[i]) && !is_personal_noun(c, &c->toks[i]) &&
        !(c->toks[t0].xflags & (X_BREAK | X_UNINF | X_POSS)) &&
        !(c->toks[i].xflags & X_HYPHEN) && !term_in(c, &c->toks[i], rockets) &&
        !is_capitalised(&c->toks[t0 - 1]) &&
        (term_is(c, &c->toks[t0 - 1], "a") || term_is(c, &c->toks[t0 - 1], "an")) &&
        !(c->toks[i - 1].xflags & X_POSS) && !(tflags(&c->toks[i]) & BL_GZ_TITLE) &&
        !(tflags(&c->toks[t0]) & ~(uint32_t)(BL_GZ_GIVEN | BL_GZ_SUFFIX)) &&
        !(c->toks[t0].term_len > 3 &&
          memcmp(term_of(c, &c->toks[t0]) + c->toks[t0].term_len - 3, "ist", 3) == 0))
        add_vote(votes, BL_ENTITY_ORG, VOTE.company_role);
    /* "Spamassassin-Sightings mailing list", "the Quarrin-devel mailing lists": the name
     * of a mailing list, a medium as a newspaper is: an organisation */
    if (term_is(c, &c->toks[i], "mailing") && i + 1 < c->ntoks &&
        !(c->toks[i + 1].xflags & X_BREAK) &&
        (term_is(c, &c->toks[i + 1], "list") || term_is(c, &c->toks[i + 1], "lists")))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_kind_before);
    /* "Perl modules", "the Linux kernel", "Red Hat Linux rpms", "the Linux operating
     * system": what only software has makes the name software, an "other" name (not a
     * person's: "Perl" and "Red" are given names; not "scripts", "packages": films and
     * parcels have them too) */
    static const char *const software[] = {"module", "modules", "kernel", "kernels", "rpm",
                                           "rpms", "programmers", "programming", "compiler",
                                           "distro", "distros", "code", NULL};
    if (!(c->toks[i - 1].xflags & X_POSS) &&
        (term_in(c, &c->toks[i], software) ||
         (term_is(c, &c->toks[i], "operating") && i + 1 < c->ntoks &&
          !(c->toks[i + 1].xflags & X_BREAK) &&
          (term_is(c, &c->toks[i + 1], "system") || term_is(c, &c->toks[i + 1], "systems")))))
        add_vote(votes, BL_ENTITY_OTHER, VOTE.software_after);
    /* "Red Hat 7.3", "Perl 5.6", "Red Hat Linux release 8.0": a version's number after the
     * name makes it software (not one common or line-opening word: "Version 1.50",
     * "Milepost 0.8 :") */
    if (!(c->toks[i - 1].xflags & X_POSS) &&
        !(i == t0 + 1 && ((tflags(&c->toks[t0]) & BL_GZ_COMMON) ||
                          (c->toks[t0].xflags & X_UNINF))) &&
        (is_version(c, i) ||
         ((term_is(c, &c->toks[i], "release") || term_is(c, &c->toks[i], "version")) &&
          i + 1 < c->ntoks && !(c->toks[i + 1].xflags & X_BREAK) && is_version(c, i + 1))))
        add_vote(votes, BL_ENTITY_OTHER, VOTE.software_after);
    /* "Zorblax stock rose"; not "Madame Lalaurie's stock soared" (her standing) */
    if ((term_is(c, &c->toks[i], "stock") || term_is(c, &c->toks[i], "stocks")) &&
        !(c->toks[i - 1].xflags & X_POSS))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_role_after);
    /* "Zorblax is headquartered in ...": only a body has headquarters */
    if ((term_is(c, &c->toks[i], "is") || term_is(c, &c->toks[i], "was")) && i + 1 < c->ntoks &&
        term_is(c, &c->toks[i + 1], "headquartered"))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_role_of);
    /* "Sperling has spent ...", "Ramda could get ...": in a news sentence the subject of an
     * auxiliary is most often a person (a common word, "Farmers could", is no name) */
    static const char *const aux[] = {"has", "had", "could", "would", "will", NULL};
    if (term_in(c, &c->toks[i], aux))
        add_vote(votes, BL_ENTITY_PERSON, VOTE.speech_verb);
}

/* Is token i "based" joined by a hyphen to the name that ends before it ("a Richmond-based
 * band", "a London -based firm" in tokenised text)? */
static int based_after(const ctx *c, size_t i)
{
    if (i == 0 || i >= c->ntoks || !term_is(c, &c->toks[i], "based") ||
        is_capitalised(&c->toks[i]))
        return 0;
    size_t k = c->toks[i].start;
    if (k == 0 || c->text[k - 1] != '-')
        return 0;
    for (size_t j = c->toks[i - 1].raw_end; j + 1 < k; j++)
        if (c->text[j] != ' ')
            return 0;
    return 1;
}

static int has_digit(const ctx *c, const tok *t)
{
    const char *w = term_of(c, t);
    for (size_t i = 0; i < t->term_len; i++)
        if (w[i] >= '0' && w[i] <= '9')
            return 1;
    return 0;
}

/* Is the name of units [a,b) followed by "-based" a place?  Where a thing is based is most
 * often a place; not a name the gazetteer knows as an organisation ("a Google-based
 * service"), nor an organisation's tail, an acronym or a code ("X86-based"). */
static int based_place(const ctx *c, const unit *u, size_t a, size_t b)
{
    if (!based_after(c, u[b - 1].t1))
        return 0;
    for (size_t k = a; k < b; k++) {
        if ((u[k].names | uflags(c, &u[k])) & (BL_GZ_ORG | BL_GZ_ORG_CAPS | BL_GZ_ORG_TAIL))
            return 0;
        for (size_t j = u[k].t0; j < u[k].t1; j++)
            if (is_acronym_tok(c, &c->toks[j]) || (tflags(&c->toks[j]) & BL_GZ_ORG_TAIL) ||
                has_digit(c, &c->toks[j]))
                return 0;
    }
    return 1;
}

/* Is the name that ends before token i a town followed by its state or country ("Quarrinby,
 * Ohio", "Salem, New Jersey", "born in Senlis, France")?  Not in a list ("Quarrin, Russia and China", "Quarrin,
 * Russia, China"). */
static int town_then_region(ctx *c, size_t i)
{
    if (i >= c->ntoks || !(c->toks[i].xflags & X_COMMA))
        return 0;
    int the = 0;
    if (i + 1 < c->ntoks && term_is(c, &c->toks[i], "the") && !is_capitalised(&c->toks[i]) &&
        !(c->toks[i + 1].xflags & X_BREAK))
        i++, the = 1; /* "Den Haag, the Netherlands", "Nassau, the Bahamas" */
    const tok *n = &c->toks[i];
    if (!is_capitalised(n) || (n->xflags & (X_POSS | X_UNINF)))
        return 0;
    size_t end = i + 1; /* the region's end: "Salem, New Jersey" */
    if (!n->gz || !(n->gz->flags & BL_GZ_MAJOR_PLACE) || (n->gz->flags & BL_GZ_GIVEN)) {
        unit u;
        if (!gaz_unit(c, i, &u) || !u.gz || !(u.gz->flags & BL_GZ_MAJOR_PLACE) ||
            !(u.names & BL_GZ_PLACE) || (c->toks[u.t1 - 1].xflags & X_POSS))
            return 0;
        end = u.t1;
    }
    if (end >= c->ntoks)
        return 1;
    const tok *after = &c->toks[end];
    if (after->xflags & X_HYPHEN)
        return 0;
    if (after->xflags & X_BREAK)
        return !((after->xflags & X_COMMA) &&
                 ((is_capitalised(after) && !(after->aflags & BL_TOKEN_NUMERIC)) ||
                  (the && (term_is(c, after, "the") || term_is(c, after, "and")))));
    /* "at the Manama Dialogue, the United States will ...": a clause, not an apposition */
    return !the && !is_capitalised(after) && !term_is(c, after, "and") &&
           !term_is(c, after, "or");
}

/* The US states and their abbreviations: AP style, written with a full stop ("Pa.",
 * "N.J.", "Calif."), and the postal codes ("PA", "NJ", "CA"). */
static const struct us_state {
    const char *name, *ap, *ap2, *postal;
} US_STATES[] = {
    {"Alabama", "Ala", NULL, "AL"},          {"Alaska", NULL, NULL, "AK"},
    {"Arizona", "Ariz", NULL, "AZ"},         {"Arkansas", "Ark", NULL, "AR"},
    {"California", "Calif", "Cal", "CA"},    {"Colorado", "Colo", NULL, "CO"},
    {"Connecticut", "Conn", NULL, "CT"},     {"Delaware", "Del", NULL, "DE"},
    {"Florida", "Fla", NULL, "FL"},          {"Georgia", "Ga", NULL, "GA"},
    {"Hawaii", NULL, NULL, "HI"},            {"Idaho", NULL, NULL, "ID"},
    {"Illinois", "Ill", NULL, "IL"},         {"Indiana", "Ind", NULL, "IN"},
    {"Iowa", NULL, NULL, "IA"},              {"Kansas", "Kan", "Kans", "KS"},
    {"Kentucky", "Ky", NULL, "KY"},          {"Louisiana", "La", NULL, "LA"},
    {"Maine", NULL, NULL, "ME"},             {"Maryland", "Md", NULL, "MD"},
    {"Massachusetts", "Mass", NULL, "MA"},   {"Michigan", "Mich", NULL, "MI"},
    {"Minnesota", "Minn", NULL, "MN"},       {"Mississippi", "Miss", NULL, "MS"},
    {"Missouri", "Mo", NULL, "MO"},          {"Montana", "Mont", NULL, "MT"},
    {"Nebraska", "Neb", "Nebr", "NE"},       {"Nevada", "Nev", NULL, "NV"},
    {"New Hampshire", "N.H", NULL, "NH"},    {"New Jersey", "N.J", NULL, "NJ"},
    {"New Mexico", "N.M", NULL, "NM"},       {"New York", "N.Y", NULL, "NY"},
    {"North Carolina", "N.C", NULL, "NC"},   {"North Dakota", "N.D", NULL, "ND"},
    {"Ohio", NULL, NULL, "OH"},              {"Oklahoma", "Okla", NULL, "OK"},
    {"Oregon", "Ore", "Oreg", "OR"},         {"Pennsylvania", "Pa", "Penn", "PA"},
    {"Rhode Island", "R.I", NULL, "RI"},     {"South Carolina", "S.C", NULL, "SC"},
    {"South Dakota", "S.D", NULL, "SD"},     {"Tennessee", "Tenn", NULL, "TN"},
    {"Texas", "Tex", NULL, "TX"},            {"Utah", NULL, NULL, "UT"},
    {"Vermont", "Vt", NULL, "VT"},           {"Virginia", "Va", NULL, "VA"},
    {"Washington", "Wash", NULL, "WA"},      {"West Virginia", "W.Va", NULL, "WV"},
    {"Wisconsin", "Wis", NULL, "WI"},        {"Wyoming", "Wyo", NULL, "WY"},
};

/* Is token k a US state's abbreviation written after a town and its comma: AP style with
 * its full stop ("Temple, Pa.", "Princeton, N.J.,") or a postal code before a ZIP code or
 * at a line's end ("Boston, MA 02131", "Austin, TX")?  Returns the state's name, or NULL.
 * Alone such a word is an organisation's acronym or a given name ("Pa", "MA"). */
/* Does a two-capital postal code whose text ends at byte `after` close a town's address
 * ("Menlo Park, CA, Venrock", "in San Rafael, CA.", "Irvine, CA -- The", "Los Angeles, CA
 * to")?  Followed by a comma, a stop, a bracket, a dash, a tag or a lower-case word.  Not a
 * code that is also an English word or a common abbreviation ("Fine, OK.", "Smith, ME",
 * "Hello, HI", "Acme, CO"): those need a ZIP code or the line's end. */
static int postal_code_closes(const ctx *c, size_t k, const char *code, size_t after)
{
    static const char *const wordlike[] = {"AL", "AS", "CO", "DE", "HI", "ID", "IN", "LA",
                                           "MA", "ME", "MD", "MS", "OH", "OK", "OR", "PA",
                                           "US", NULL};
    for (int i = 0; wordlike[i]; i++)
        if (!memcmp(wordlike[i], code, 2))
            return 0;
    /* not after a person's given name and surname ("Bill Jones, NY, said") */
    if (k >= 2 && !(c->toks[k - 1].xflags & X_BREAK) && c->toks[k - 2].gz &&
        (c->toks[k - 2].gz->flags & BL_GZ_GIVEN) && is_capitalised(&c->toks[k - 2]))
        return 0;
    if (after >= c->len)
        return 1;
    unsigned char ch = (unsigned char)c->text[after];
    if (ch == ',' || ch == '.' || ch == ')' || ch == ';' || ch == '<')
        return 1;
    if (ch != ' ')
        return 0;
    size_t i = after;
    while (i < c->len && c->text[i] == ' ')
        i++;
    if (i >= c->len)
        return 1;
    ch = (unsigned char)c->text[i];
    return ch == '-' || (ch >= 'a' && ch <= 'z');
}

static const char *state_abbreviation(const ctx *c, size_t k)
{
    if (k == 0 || k >= c->ntoks || !(c->toks[k].xflags & X_COMMA) ||
        !is_capitalised(&c->toks[k - 1]) || (c->toks[k].xflags & X_LINE))
        return NULL;
    const tok *t = &c->toks[k];
    const char *s = c->text + t->start;
    size_t n = t->end - t->start;
    if (n > 1 && s[n - 1] == '.')
        n--; /* "N.J." as one word */
    size_t after = t->start + n;
    int stop = after < c->len && c->text[after] == '.';
    int postal_end = 0;
    if (n == 2 && (t->aflags & BL_TOKEN_ALL_CAPS)) {
        size_t i = after;
        while (i < c->len && (c->text[i] == ' ' || c->text[i] == '\t'))
            i++;
        size_t d = i;
        while (d < c->len && c->text[d] >= '0' && c->text[d] <= '9')
            d++;
        postal_end = i >= c->len || c->text[i] == '\n' || c->text[i] == '\r' || d - i == 5 ||
                     postal_code_closes(c, k, s, after);
    }
    for (size_t i = 0; i < sizeof US_STATES / sizeof *US_STATES; i++) {
        const struct us_state *st = &US_STATES[i];
        if (stop && ((st->ap && strlen(st->ap) == n && !memcmp(st->ap, s, n)) ||
                     (st->ap2 && strlen(st->ap2) == n && !memcmp(st->ap2, s, n))))
            return st->name;
        if (postal_end && !memcmp(st->postal, s, 2))
            return st->name;
    }
    return NULL;
}

/* Is token k a US state's postal code written in capitals after "in", "from", "to" or
 * "near" and ending its phrase ("I wish I was still in CA.", "moved to TX, then ...")?
 * Returns the state's name, or NULL.  Codes that are English words ("IN", "OR", "ME") are
 * left alone. */
static const char *state_after_preposition(const ctx *c, size_t k)
{
    static const char *const preps[] = {"in", "from", "to", "near", NULL};
    if (k == 0 || k >= c->ntoks)
        return NULL;
    const tok *t = &c->toks[k], *p = &c->toks[k - 1];
    if (t->end - t->start != 2 || !(t->aflags & BL_TOKEN_ALL_CAPS) ||
        (t->xflags & (X_BREAK | X_CAPS_LINE)) || is_capitalised(p) || !term_in(c, p, preps) ||
        bl_is_stopword(term_of(c, t), t->term_len))
        return NULL;
    if (t->end < c->len && !strchr(".,;:!?)\r\n", c->text[t->end]))
        return NULL;
    for (size_t i = 0; i < sizeof US_STATES / sizeof *US_STATES; i++)
        if (!memcmp(US_STATES[i].postal, c->text + t->start, 2))
            return US_STATES[i].name;
    return NULL;
}

/* Is the run [t0,t1) the place of a news dateline: capitals opening a line, then on that line
 * only a date or a region and a date ("AL-AIN , United Arab Emirates 1996-12-06", "QUARRINBY
 * 2001-05-02")?  Looks at most six tokens ahead. */
static int dateline_place(const ctx *c, size_t t0, size_t t1)
{
    if (!(c->toks[t0].xflags & X_LINE))
        return 0;
    for (size_t k = t0; k < t1; k++)
        if (!(c->toks[k].aflags & BL_TOKEN_ALL_CAPS) && !(c->toks[k].xflags & X_SKIP))
            return 0;
    for (size_t k = t1; k < c->ntoks && k < t1 + 6; k++) {
        const tok *t = &c->toks[k];
        if (t->xflags & X_LINE)
            return 0;
        const char *gap = c->text + c->toks[k - 1].raw_end;
        size_t gl = t->start - c->toks[k - 1].raw_end;
        /* "QUARRINBY (Reuters) -", "QUARRINBY, Ohio (AP) —": the agency in brackets */
        if (memchr(gap, '(', gl) && is_capitalised(t) && k + 1 < c->ntoks &&
            memchr(c->text + t->raw_end, ')', c->toks[k + 1].start - t->raw_end))
            return 1;
        /* "QUARRINBY — Police said": a dash, then the story (not a common word before it) */
        if (k > t0 && (memmem(gap, gl, "\xe2\x80\x94", 3) || memmem(gap, gl, " - ", 3) ||
                       memmem(gap, gl, "--", 2))) {
            for (size_t j = t0; j < t1; j++)
                if (c->toks[j].gz && (c->toks[j].gz->flags & BL_GZ_COMMON))
                    return 0;
            return 1;
        }
        if (t->aflags & BL_TOKEN_NUMERIC) {
            /* the date ends the line ("1996-12-06" may be three tokens) */
            size_t n = 0;
            while (k < c->ntoks && !(c->toks[k].xflags & X_LINE)) {
                if (!(c->toks[k].aflags & BL_TOKEN_NUMERIC) || ++n > 3)
                    return 0;
                k++;
            }
            return 1;
        }
        if (!is_capitalised(t))
            return 0;
    }
    return 0;
}

/* "X is a village in ...", "X was a rock band", "X, a village in ...": a definition says what
 * the name is.  Looks at most four words past the article for the first noun of a person, a
 * place or an organisation. */
static void definition_votes(const ctx *c, size_t i, int *votes)
{
    if (i + 2 >= c->ntoks || is_capitalised(&c->toks[i]))
        return;
    if ((c->toks[i].xflags & X_COMMA) &&
        (term_is(c, &c->toks[i], "a") || term_is(c, &c->toks[i], "an") ||
         term_is(c, &c->toks[i], "the"))) {
        i--; /* an apposition: "Atwick, a village in ..." */
    } else if ((c->toks[i].xflags & X_BREAK) ||
               !(term_is(c, &c->toks[i], "is") || term_is(c, &c->toks[i], "was")) ||
               !(term_is(c, &c->toks[i + 1], "a") || term_is(c, &c->toks[i + 1], "an") ||
                 term_is(c, &c->toks[i + 1], "the"))) {
        return;
    }
    static const char *const places[] = {"hamlet", "parish", "commune", "settlement",
                                         "locality", "township", "borough", "community",
                                         NULL};
    static const char *const orgs[] = {"band", "club", "team", "corporation", "university",
                                       "school", "college", "agency", "label", "network",
                                       "magazine", "brand", "society", "association",
                                       "chain", "publisher", "studio", "orchestra", "choir",
                                       "ensemble", "franchise", "startup", NULL};
    static const char *const people[] = {"politician", "singer", "actor", "actress", "writer",
                                         "author", "player", "footballer", "poet", "painter",
                                         "musician", "composer", "journalist", "businessman",
                                         "businesswoman", "lawyer", "priest", "bishop",
                                         "scientist", "professor", "athlete", "boxer",
                                         "cricketer", "rapper", "guitarist", "drummer",
                                         "artist", "architect", "historian", "philosopher",
                                         "economist", "engineer", "diplomat", "soldier",
                                         "novelist", "songwriter", "pitcher", "swimmer",
                                         "cyclist", "member", "founder", "owner", NULL};
    /* the noun phrase ends at a break, a capital, or a function word ("of", "in", "from",
     * "and"); its last noun that says a kind is its head ("the party leader": a person) */
    int kind = -1, last_title = 0;
    size_t lim = i + 6;
    for (size_t k = i + 2; k < c->ntoks && k < lim; k++) {
        const tok *t = &c->toks[k];
        if (is_capitalised(t) && (tflags(t) & BL_GZ_DEMONYM) && !(t->xflags & X_BREAK))
            continue; /* "an American rock band" */
        /* "a Richmond-based jazz band", "a London -based firm" */
        if (is_capitalised(t) && !(t->xflags & X_BREAK) && based_after(c, k + 1)) {
            k++; /* and "based" */
            lim += 2;
            continue;
        }
        if ((t->xflags & X_BREAK) || is_capitalised(t) ||
            bl_is_stopword(term_of(c, t), t->term_len))
            break;
        if (t->xflags & X_POSS)
            continue; /* "the team's star" */
        int place = is_place_noun(c, t), org = is_org_kind_noun(c, t);
        for (int j = 0; places[j] && !place; j++)
            place = term_is(c, t, places[j]);
        for (int j = 0; orgs[j] && !org; j++)
            org = term_is(c, t, orgs[j]);
        int person = 0;
        for (int j = 0; people[j] && !person && !place && !org; j++)
            person = term_is(c, t, people[j]);
        /* a title word is a person's only as the phrase's last word ("the party leader",
         * not "a major crossing point") */
        last_title = !place && !org && !person && (tflags(t) & BL_GZ_TITLE);
        if (place)
            kind = BL_ENTITY_PLACE;
        else if (org)
            kind = BL_ENTITY_ORG;
        else if (person)
            kind = BL_ENTITY_PERSON;
    }
    if (last_title)
        kind = BL_ENTITY_PERSON;
    if (kind >= 0)
        add_vote(votes, (bl_entity_type)kind, VOTE.definition);
}

static int has_person_suffix(const ctx *c, const tok *t)
{
    const char *w = term_of(c, t);
    for (size_t n = 2; n <= 7 && n + 2 < t->term_len; n++) {
        const bl_gz_entry *e = bl_gazetteer_lookup(c->gz, w + t->term_len - n, n);
        if (e && (e->flags & BL_GZ_SUFFIX))
            return 1;
    }
    return 0;
}

/* 1: an abbreviation in capitals ("IAEA", "U.N."); 2: a code with digits ("H5N1"); 0: no. */
static int is_acronym_tok(const ctx *c, const tok *t)
{
    if (t->xflags & X_CAPS_LINE)
        return 0;
    if (t->aflags & BL_TOKEN_ACRONYM)
        return 1;
    if (!(t->aflags & BL_TOKEN_ALL_CAPS) || t->term_len > 8)
        return 0;
    const char *w = term_of(c, t);
    int digits = 0;
    for (size_t i = 0; i < t->term_len; i++) {
        if (w[i] >= '0' && w[i] <= '9')
            digits = 1;
        else if (!(w[i] >= 'a' && w[i] <= 'z'))
            return 0;
    }
    return digits ? 2 : 1;
}

static void classify(ctx *c, unit *u, size_t a, size_t b, int cue);

/* Does the run [a,b) hold a lower-case name particle between two capitalised words ("bin",
 * "von der", "de la") and no organisation connector ("of", "for", "and")? */
static int has_name_particle(const ctx *c, const unit *u, size_t a, size_t b)
{
    int particle = 0;
    for (size_t k = a + 1; k + 1 < b; k++) {
        if (!u[k].conn)
            continue;
        const tok *t = &c->toks[u[k].t0];
        if (!(tflags(t) & BL_GZ_PARTICLE) || term_is(c, t, "of") || term_is(c, t, "for") ||
            term_is(c, t, "and") || term_is(c, t, "the"))
            return 0;
        particle = 1;
    }
    return particle;
}

/* Is the run [a,b) made only of generic words ("Government", "West", "Federal
 * Government"), so that it names nothing on its own?  A portfolio or compass word among
 * several makes it a name ("Treasury Department", "State Department", "Western Union"). */
static int generic_run(const ctx *c, const unit *u, size_t a, size_t b)
{
    int words = 0, portfolio = 0;
    for (size_t k = a; k < b; k++) {
        if (u[k].conn)
            continue;
        if (u[k].t1 - u[k].t0 != 1)
            return 0;
        uint32_t f = tflags(&c->toks[u[k].t0]);
        if (!(f & BL_GZ_GENERIC))
            return 0;
        if (f & (BL_GZ_PORTFOLIO | BL_GZ_PLACE_HEAD))
            portfolio = 1; /* "Treasury Department", "Western Union" */
        words++;
    }
    return words == 1 || (words > 1 && !portfolio);
}

/* Is t a Roman numeral of two or more capitals from I, V and X ("II", "XIV")?  Alone it
 * numbers a chapter, title or king and names nothing. */
static int roman_numeral(const ctx *c, const tok *t)
{
    if (t->end - t->start < 2)
        return 0;
    for (size_t i = t->start; i < t->end; i++)
        if (c->text[i] != 'I' && c->text[i] != 'V' && c->text[i] != 'X')
            return 0;
    return 1;
}

/* Is t the plural of a title ("Presidents", "Senators", "Ministers")? */
static int plural_title(const ctx *c, const tok *t)
{
    const char *w = term_of(c, t);
    size_t n = t->term_len;
    if (n < 4 || w[n - 1] != 's' || w[n - 2] == 's')
        return 0;
    const bl_gz_entry *e = bl_gazetteer_lookup(c->gz, w, n - 1);
    return e && (e->flags & BL_GZ_TITLE);
}

/* Is the run [a,b) a plural title after nothing but common or title words ("Previous
 * Presidents", "Senators")?  People in general, no entity; a name before it makes a team
 * ("Ottawa Senators"). */
static int plural_title_run(const ctx *c, const unit *u, size_t a, size_t b)
{
    if (u[b - 1].t1 - u[b - 1].t0 != 1 || !plural_title(c, &c->toks[u[b - 1].t0]))
        return 0;
    for (size_t k = a; k + 1 < b; k++) {
        if (u[k].conn)
            continue;
        uint32_t f = tflags(&c->toks[u[k].t0]);
        if (u[k].names || u[k].t1 - u[k].t0 != 1 ||
            !(f & (BL_GZ_COMMON | BL_GZ_TITLE | BL_GZ_TITLE_MOD)) || (f & BL_GZ_GIVEN))
            return 0;
    }
    return 1;
}

/* Longer names get no learned votes (the model has no use for them). */
#define MODEL_MAX_WORDS 32

/* Token t as the learned model sees it (ner_model.h). */
static bl_ner_word model_word(const ctx *c, const tok *t)
{
    bl_ner_word w = {term_of(c, t), t->term_len, t->gz ? t->gz->model_flags : 0};
    return w;
}

/* The learned model's scores (ner_model.h) for the name span of tokens [t0,t1): the span's
 * words (a detached "s" of "'s" left out), the words before and after it, and whether it is
 * one word in capitals. */
static void model_scores(const ctx *c, size_t t0, size_t t1, int *scores)
{
    bl_ner_word words[MODEL_MAX_WORDS], before, after;
    bl_ner_span s = {words, 0, NULL, NULL, 0};
    const tok *first = NULL;
    memset(scores, 0, BL_NER_LABELS * sizeof *scores);
    for (size_t k = t0; k < t1; k++) {
        if (c->toks[k].xflags & X_SKIP)
            continue;
        if (s.n == MODEL_MAX_WORDS)
            return;
        if (!first)
            first = &c->toks[k];
        words[s.n++] = model_word(c, &c->toks[k]);
    }
    if (!s.n)
        return;
    size_t p = t0;
    while (p > 0 && (c->toks[p - 1].xflags & X_SKIP))
        p--;
    if (p > 0) {
        before = model_word(c, &c->toks[p - 1]);
        s.before = &before;
    }
    size_t q = t1;
    while (q < c->ntoks && (c->toks[q].xflags & X_SKIP))
        q++;
    if (q < c->ntoks) {
        after = model_word(c, &c->toks[q]);
        s.after = &after;
    }
    /* letters only, as the trainer's "a:1" */
    s.acronym = s.n == 1 && first->term_len >= 2 && is_acronym_tok(c, first) == 1;
    bl_ner_model_score(&c->x->ner, &s, scores);
}

/* Votes from the learned model: the best label's margin over the runner-up, scaled and
 * capped so that the rules' strong cues (a title, a company form, an organisation word)
 * still decide, while a name without cues gets the type its words and context suggest.
 * named: the context shows the span is a name, so "none" is not a label.
 * Returns 1 when the best label is "none" by at least one vote's margin (M_MODEL_NONE). */
static int model_votes(const ctx *c, size_t t0, size_t t1, int named, int *votes)
{
    int s[BL_NER_LABELS];
    model_scores(c, t0, t1, s);
    if (named)
        s[BL_NER_NONE] = INT_MIN; /* known to be a name: its best type among the four */
    int best = 0;
    for (int k = 1; k < BL_NER_LABELS; k++)
        if (s[k] > s[best])
            best = k;
    int second = best == 0 ? 1 : 0;
    for (int k = 0; k < BL_NER_LABELS; k++)
        if (k != best && s[k] > s[second])
            second = k;
    int v = (s[best] - s[second]) / VOTE.model_div;
    if (best == BL_NER_NONE)
        return v > 0;
    if (v > VOTE.model_max)
        v = VOTE.model_max;
    if (v > 0)
        add_vote(votes, (bl_entity_type)best, v);
    return 0;
}

/* "the Kestrel Group", "the Sentinel": an article before a name is rare for a person's
 * name, except as a modifier ("the Assad regime", "the Bush administration").  t0, t1: the
 * name's tokens. */
static int the_before_non_person(const ctx *c, size_t t0, size_t t1)
{
    if (t0 == 0 || (c->toks[t0].xflags & X_BREAK) || !term_is(c, &c->toks[t0 - 1], "the"))
        return 0;
    static const char *const heads[] = {"regime", "administration", "government", "family",
                                        "era", "camp", "years", "presidency", "doctrine",
                                        "campaign", "dynasty", "cabinet", "team", "estate",
                                        "case", "trial", "affair", "government's", "clan",
                                        "brothers", "sisters", "household", "couple", NULL};
    if (t1 < c->ntoks && !(c->toks[t1].xflags & X_BREAK) && !is_capitalised(&c->toks[t1]))
        if (term_in(c, &c->toks[t1], heads))
            return 0;
    return 1;
}

/* Does a place's possessive come right before token t0 ("New York's City Hall")?  What a
 * place owns is named, whatever the learned model thinks of the words. */
static int after_place_possessive(const ctx *c, size_t t0)
{
    return t0 > 0 && c->poss_tok + 1 == t0 && c->poss_gz &&
           (c->poss_gz->flags & (BL_GZ_PLACE | BL_GZ_PLACE_CAPS));
}

/* Is the run [a,b) a place that is not also a given name, then only words no list knows
 * ("Chicago Cubs", "Kenya Airways", "Boston Globe")?  In news such a name is mostly what the
 * place has: a team, a company, a newspaper; not "Paris Hilton" (Paris is a given name). */
/* Is the unit one word for a kind of place that ends places' names ("Bay", "Valley"),
 * so that after a place's name it goes on with it ("Tampa Bay", "Hudson Valley") even when
 * it is a given name too? */
static int looks_plural(const ctx *c, const tok *t);

static int bay_word(const ctx *c, const unit *u)
{
    return !u->names && !u->conn && u->t1 - u->t0 == 1 &&
           (uflags(c, u) & BL_GZ_PLACE_TAIL) && is_capitalised(&c->toks[u->t0]) &&
           !(c->toks[u->t0].xflags & (X_BREAK | X_HYPHEN | X_POSS));
}

/* Is the run [a,b) a place's name, such a word, and a plural no list knows: a team named
 * after the place ("the Tampa Bay Devil Rays"; not "the San Francisco Bay Area")? */
static int bay_team(const ctx *c, const unit *u, size_t a, size_t b)
{
    return b - a >= 3 && (u[a].names & (BL_GZ_PLACE | BL_GZ_PLACE_CAPS)) &&
           bay_word(c, &u[a + 1]) && !u[b - 1].names &&
           looks_plural(c, &c->toks[u[b - 1].t1 - 1]) &&
           !(c->toks[u[b - 1].t1 - 1].xflags & X_POSS);
}

static int place_then_unknown(const ctx *c, const unit *u, size_t a, size_t b)
{
    if (!(u[a].names & (BL_GZ_PLACE | BL_GZ_PLACE_CAPS)) || (u[a].names & BL_GZ_DEMONYM) ||
        (uflags(c, &u[a]) & BL_GZ_GIVEN))
        return 0;
    for (size_t k = a + 1; k < b; k++) {
        uint32_t f = uflags(c, &u[k]);
        if (k == a + 1 && bay_team(c, u, a, b))
            continue; /* the place's own word: "Tampa Bay Devil Rays" ("Bay" a given name too) */
        if (u[k].names || u[k].conn || (f & (BL_GZ_GIVEN | BL_GZ_TITLE | BL_GZ_GENERIC)))
            return 0;
    }
    /* a town's name before a surname is a person ("Hassan Nasrallah"): after a town, only a
     * plural ("Chicago Cubs") */
    if (u[a].gz && (u[a].gz->flags & BL_GZ_MAJOR_PLACE))
        return 1;
    const tok *l = &c->toks[u[b - 1].t1 - 1];
    const char *w = term_of(c, l);
    return l->term_len >= 4 && w[l->term_len - 1] == 's' && w[l->term_len - 2] != 's' &&
           !(l->xflags & X_POSS);
}

/* Does t end like an English plural ("Gunships", not "Haas", "Ross" or "Vargas")? */
static int looks_plural(const ctx *c, const tok *t)
{
    const char *w = term_of(c, t);
    size_t n = t->term_len;
    return n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i' &&
           w[n - 2] != 'a';
}

/* Is token i a verb of the name just before it, opening a clause ("Gupta was taken",
 * "Cheney traveled", "Kony is one of", "Haas next plays" is not)?  An auxiliary, a past
 * form in -ed, or "also", "now", "later"; not a definition ("Brensbach is a municipality":
 * Wikipedia's first sentences are of places and things as often as of people). */
static int opens_clause(const ctx *c, size_t i)
{
    if (i >= c->ntoks || (c->toks[i].xflags & (X_BREAK | X_COMMA)) || is_capitalised(&c->toks[i]))
        return 0;
    const tok *n = &c->toks[i];
    static const char *const verbs[] = {"is", "was", "has", "had", "did", "does", "will",
                                        "would", "could", "can", "also", "now", "then",
                                        "later", "said", "says", "told", "tells", "left",
                                        "brought", "took", "made", "gave", "met", "won",
                                        "lost", "came", "became", "began", "saw", "got",
                                        "led", "held", "kept", "sent", "spent", "wrote",
                                        "spoke", "fled", "went", "found", "knew", "sought",
                                        "fought", "stood", "ran", "wants", "faces", NULL};
    int verb = n->term_len > 3 && memcmp(term_of(c, n) + n->term_len - 2, "ed", 2) == 0;
    for (int k = 0; verbs[k] && !verb; k++)
        verb = term_is(c, n, verbs[k]);
    /* a present form in -s, known by what it governs ("Haas plays the", "Obama visits his",
     * "Merkel wants to"): a plural noun after a name ("Hamas militants") is rarely followed
     * by an article, a possessive or "to" */
    if (!verb && looks_plural(c, n) && i + 1 < c->ntoks &&
        !(c->toks[i + 1].xflags & (X_BREAK | X_COMMA)) && !is_capitalised(&c->toks[i + 1])) {
        static const char *const objs[] = {"the", "a", "an", "to", "that", "his", "her", "its",
                                           "their", "him", "them", "it", "for", "with",
                                           NULL};
        for (int k = 0; objs[k] && !verb; k++)
            verb = term_is(c, &c->toks[i + 1], objs[k]);
    }
    if (verb && (term_is(c, n, "is") || term_is(c, n, "was")) && i + 1 < c->ntoks &&
        (term_is(c, &c->toks[i + 1], "a") || term_is(c, &c->toks[i + 1], "an") ||
         term_is(c, &c->toks[i + 1], "the")))
        return 0;
    return verb;
}

/* Is t an ordinal written in figures ("65th", "101st", "62d")? */
static int is_ordinal(const ctx *c, const tok *t)
{
    const char *w = term_of(c, t);
    size_t n = t->term_len, d = 0;
    while (d < n && w[d] >= '0' && w[d] <= '9')
        d++;
    if (d == 0 || d > 4)
        return 0;
    static const char *const ends[] = {"st", "nd", "rd", "th", "d", NULL};
    for (int k = 0; ends[k]; k++)
        if (n - d == strlen(ends[k]) && memcmp(w + d, ends[k], n - d) == 0)
            return 1;
    return 0;
}

/* Is the token before `from` a unit's number in figures, as an air force's lineage and the
 * British Army write it ("Redesignated 65 Fighter Wing", "4 Air Defense Wing", "16 Air Assault
 * Brigade"), before a run ending in `last`, a unit's word?  Not a count ("1,000", "EC-130
 * Commando": the number is part of something else) nor a year (four figures). */
static int unit_cardinal(const ctx *c, size_t from, const tok *last)
{
    static const char *const units[] = {"wing", "division", "brigade", "regiment", "squadron",
                                        "battalion", "flotilla", "commando", NULL};
    if (from == 0 || (c->toks[from].xflags & (X_BREAK | X_HYPHEN)) || !term_in(c, last, units))
        return 0;
    const tok *n = &c->toks[from - 1];
    if (!(n->aflags & BL_TOKEN_NUMERIC) || (n->xflags & X_HYPHEN) || !figures_only(c, n, 3))
        return 0;
    return n->start == 0 || c->text[n->start - 1] == ' ' || c->text[n->start - 1] == '\n';
}

/* Is t the prefix of a ship's name, in capitals ("USS", "HMS", "FS")? */
static int is_ship_prefix(const ctx *c, const tok *t)
{
    static const char *const prefixes[] = {"uss", "hms", "hmas", "hmcs", "hmnzs", "fs", "rfs",
                                           "ins", "jds", "js", NULL};
    if (!(t->aflags & BL_TOKEN_ALL_CAPS) || t->term_len > 5)
        return 0;
    return term_in(c, t, prefixes);
}

/* Does the run [a,b) end with an organisation's last word and then a one-word city, with
 * nothing between ("King's College London", "Birkbeck College London", "Clinical Hospital
 * Split")?  Such a name is the organisation's, not a place's; a city after a comma ("York
 * University, Toronto") is a run of its own. */
static int org_tail_then_city(const ctx *c, const unit *u, size_t a, size_t b)
{
    if (b - a < 3)
        return 0;
    const unit *city = &u[b - 1], *tail = &u[b - 2];
    return city->t1 - city->t0 == 1 && tail->t1 - tail->t0 == 1 && !tail->names &&
           !tail->conn && (city->names & BL_GZ_PLACE) && (uflags(c, city) & BL_GZ_CITY) &&
           !(uflags(c, city) & BL_GZ_COUNTRY) && (uflags(c, tail) & BL_GZ_ORG_TAIL) &&
           !(c->toks[city->t0].xflags & (X_BREAK | X_HYPHEN));
}

/* Emit the run [a,b) as one mention typed by its own words.  cue: 1 a person title came
 * before, 2 a given name opens it that is also a place's name ("Jordan Henderson"). */
static int given_name_unit(const ctx *c, const unit *u);

/* Is a word of [t0,t1) spelt as a brand, never as a person's name: 2 if one mixes letters
 * and digits (a model: "A40", "AVR520"), 1 if one is CamelCase with a capital after three
 * or more lower-case letters ("ThinkGeek", "PowerShot"; a name's "McDonald", "DeMarco",
 * "MacInnis" have fewer), else 0? */
static int brand_spelling(const ctx *c, size_t t0, size_t t1)
{
    int kind = 0;
    for (size_t k = t0; k < t1; k++) {
        const tok *t = &c->toks[k];
        if (t->aflags & BL_TOKEN_NUMERIC)
            continue;
        const char *w = c->text + t->start;
        size_t n = t->end - t->start, lower = 0;
        int letters = 0, digits = 0;
        for (size_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)w[i];
            if (ch >= '0' && ch <= '9')
                digits = 1;
            else if (ch >= 'a' && ch <= 'z')
                letters = 1, lower++;
            else if (ch >= 'A' && ch <= 'Z') {
                letters = 1;
                if (i > 0 && lower >= 3 && w[i - 1] >= 'a' && w[i - 1] <= 'z' && kind < 1)
                    kind = 1;
                lower = 0;
            } else
                lower = 0;
        }
        if (letters && digits)
            return 2;
    }
    return kind;
}

static int museum_unit(const ctx *c, const unit *l, const tok *next);

/* Is token `to` a radio station's number after "Radio" ending a broadcaster's name ("BBC
 * Radio 4", "RTE Radio 1")?  One or two figures, not a count ("Radio 5 million listeners")
 * nor a score or a range ("Radio 2-1"). */
static int station_number(const ctx *c, size_t to)
{
    if (to == 0 || to >= c->ntoks || !term_is(c, &c->toks[to - 1], "radio") ||
        !is_capitalised(&c->toks[to - 1]))
        return 0;
    const tok *n = &c->toks[to];
    if (!(n->aflags & BL_TOKEN_NUMERIC) || (n->xflags & (X_BREAK | X_HYPHEN)) ||
        !figures_only(c, n, 2))
        return 0;
    if (n->end < c->len && (c->text[n->end] == '-' || c->text[n->end] == '%' ||
                            (c->text[n->end] == '.' && n->end + 1 < c->len &&
                             c->text[n->end + 1] >= '0' && c->text[n->end + 1] <= '9')))
        return 0;
    return to + 1 >= c->ntoks || (c->toks[to + 1].xflags & X_BREAK) ||
           !is_quantity_word(c, &c->toks[to + 1]);
}

/* Is the run [a,b) a museum's or a hall of fame's name: its last unit a museum ("the
 * Senckenberg Museum"), or a museum or hall before "of" ("the Metropolitan Museum of Art",
 * "the Hockey Hall of Fame")? */
static int museum_name(const ctx *c, const unit *u, size_t a, size_t b)
{
    if (museum_unit(c, &u[b - 1], NULL))
        return 1;
    for (size_t k = a; k + 2 < b; k++)
        if (u[k + 1].conn && museum_unit(c, &u[k], &c->toks[u[k + 1].t0]))
            return 1;
    return 0;
}

/* ---- business newswire: what a company does and how a text refers back to it ---------- */

/* Does a person's pronoun (he, his, she, her, ...) follow token k in its sentence (at most
 * 24 words on; "Romney reported income of $20 million, his campaign said", "Kerrigan said
 * sales of his book rose")?  Then what the sentence says of the name is a person's. */
static int person_pronoun_follows(const ctx *c, size_t k)
{
    static const char *const people[] = {"he", "she", "his", "her", "him", "himself",
                                         "herself", "who", "whom", NULL};
    for (size_t q = k + 1; q < c->ntoks && q < k + 25; q++) {
        const tok *t = &c->toks[q];
        /* the sentence ends: a new line, or the analyzer's sentence start that is no
         * abbreviation's period (classify_gap leaves "Mr. Bush" unbroken) */
        if ((t->xflags & X_LINE) ||
            ((t->aflags & BL_TOKEN_SENTENCE_START) && (t->xflags & X_BREAK)))
            return 0;
        if (term_in(c, t, people))
            return 1;
    }
    return 0;
}

/* Is t a noun of a company's accounts ("profit", "net income", "sales")? */
static int is_accounts_noun(const ctx *c, const tok *t)
{
    static const char *const nouns[] = {"profit", "profits", "income", "loss", "losses",
                                        "revenue", "revenues", "sales", "earnings", "turnover",
                                        "dividend", "dividends", NULL};
    return term_in(c, t, nouns);
}

/* Does the noun of accounts at token k end its noun phrase ("net profit rose", "sales of",
 * "revenue."; not "a sales pitch", "the sales tax": another noun after it)? */
static int accounts_phrase_ends(const ctx *c, size_t k)
{
    if (k + 1 >= c->ntoks || (c->toks[k + 1].xflags & X_BREAK))
        return 1;
    const tok *n = &c->toks[k + 1];
    if (is_capitalised(n) || (n->aflags & BL_TOKEN_NUMERIC) ||
        bl_is_stopword(term_of(c, n), n->term_len))
        return 1;
    static const char *const verbs[] = {"rose", "fell", "grew", "rise", "fall", "rises",
                                        "falls", "slid", "sank", "slumped", "soared", "jumped",
                                        "climbed", "dropped", "slipped", "surged", "plunged",
                                        "tumbled", "doubled", "halved", "totalled", "totaled",
                                        "amounted", "reached", "increased", "decreased",
                                        "declined", "improved", "widened", "narrowed", NULL};
    return term_in(c, n, verbs) ||
           (n->term_len > 3 && memcmp(term_of(c, n) + n->term_len - 2, "ed", 2) == 0);
}

/* Is t a word that may stand between a verb and a noun of accounts ("reported a
 * third-quarter net loss", "posted record quarterly profits", "said 1996 sales rose")? */
static int accounts_modifier(const ctx *c, const tok *t)
{
    static const char *const mods[] = {"a", "an", "its", "net", "pre-tax", "pretax", "gross",
                                       "operating", "quarterly", "annual", "half-year",
                                       "full-year", "first-half", "record", "higher", "lower",
                                       "group", "consolidated", "first", "second", "third",
                                       "fourth", "quarter", "first-quarter", "second-quarter",
                                       "third-quarter", "fourth-quarter", "year", "nine-month",
                                       "six-month", "interim", "underlying", "core", NULL};
    return (t->aflags & BL_TOKEN_NUMERIC) || term_in(c, t, mods);
}

/* Are the words from token i on, after a possessive, a company's accounts ("Zentrix's net
 * profit", "Corvell's revenue", "X's third-quarter sales")?  Income, earnings and losses are
 * a person's too: they count only after a word of accounts ("Zentrix's net income"; not
 * "Smith's earnings"). */
static int company_accounts_of(const ctx *c, size_t i)
{
    if (i < c->ntoks && (c->toks[i].xflags & X_SKIP))
        i++; /* "Zentrix 's" in tokenised text */
    static const char *const personal[] = {"income", "earnings", "loss", "losses", NULL};
    /* what only a firm's accounts have before those ("Zentrix's quarterly income", "X's
     * pre-tax loss"; not "Obama's net income", "Smith's annual earnings") */
    static const char *const firm_only[] = {"pre-tax", "pretax", "operating", "quarterly",
                                            "half-year", "full-year", "first-half",
                                            "group", "consolidated", "first-quarter",
                                            "second-quarter", "third-quarter",
                                            "fourth-quarter", "nine-month", "six-month",
                                            "interim", "underlying", "core", NULL};
    int firm_period = 0;
    for (size_t k = i; k < c->ntoks && k < i + 4; k++) {
        const tok *t = &c->toks[k];
        if ((k > i && (t->xflags & X_BREAK)) || is_capitalised(t))
            return 0;
        if (is_accounts_noun(c, t))
            return (!term_in(c, t, personal) || firm_period) && accounts_phrase_ends(c, k) &&
                           !person_pronoun_follows(c, k)
                       ? VOTE.company_clause
                       : 0;
        firm_period |= term_in(c, t, firm_only);
        if (!accounts_modifier(c, t) || term_is(c, t, "a") || term_is(c, t, "an") ||
            term_is(c, t, "its"))
            return 0;
    }
    return 0;
}

/* Does "it" at token k start a clause about the name, not an empty "it" ("it was raining",
 * "it is too early", "it would be a tough game", "it seems")?  A form of "be" counts only
 * before a verb in -ing ("it is investigating"). */
static int it_about_subject(const ctx *c, size_t k)
{
    if (k + 1 >= c->ntoks || (c->toks[k + 1].xflags & X_BREAK))
        return 0;
    const tok *n = &c->toks[k + 1];
    if (n->xflags & X_SKIP)
        return 0; /* "it 's" */
    static const char *const empty[] = {"seems", "seemed", "appears", "appeared", "looks",
                                        "looked", "feels", "felt", "means", "meant", "matters",
                                        "mattered", "remains", "remained", "depends",
                                        "depended", "happens", "happened", "takes", "took",
                                        "hurts", "hurt", "makes", "helps", "helped", "rained",
                                        "snowed", "did", "does", "doesn't", "didn't", "can",
                                        "could", "might", "must", "should", "may", "seem",
                                        "appear", "look", "feel", "mean", "matter", "remain",
                                        "depend", "happen", "take", "hurt", "make", "help",
                                        "rain", "snow", NULL};
    if (term_in(c, n, empty))
        return 0;
    size_t v = k + 1;
    static const char *const aux[] = {"would", "will", "had", "has", NULL};
    if (term_in(c, n, aux) && v + 1 < c->ntoks && !(c->toks[v + 1].xflags & X_BREAK))
        v++; /* "it would cut", "it had been" */
    if (v > k + 1 && term_in(c, &c->toks[v], empty))
        return 0; /* "it would take time" */
    static const char *const be[] = {"is", "was", "be", "been", "were", "are", "'s", NULL};
    if (term_in(c, &c->toks[v], be)) {
        if (v + 1 >= c->ntoks || (c->toks[v + 1].xflags & X_BREAK))
            return 0;
        const tok *g = &c->toks[v + 1];
        static const char *const weather[] = {"being", "going", "getting", "becoming",
                                              "raining", "snowing", "pouring", NULL};
        return g->term_len > 4 && memcmp(term_of(c, g) + g->term_len - 3, "ing", 3) == 0 &&
               !term_in(c, g, weather);
    }
    return v > k + 1 || !is_capitalised(n);
}

/* Evidence after the name [t0,i) that it is a company, in the clause it opens as subject:
 *  - the clause refers back to it with "its", or with an "it" that begins what the name
 *    said ("Zentrix said on Tuesday its profit rose", "Quorvane said it would cut 300
 *    jobs", "Kestrel and its partners"), before any "he", "his", "she", "her" or other name;
 *  - a verb of accounts with their noun ("Corvell reported net income", "Gravelle posted a
 *    quarterly loss", "Audi said profits rose").
 * Returns the weight of an organisation's vote, or 0. */
static int company_clause_after(const ctx *c, size_t t0, size_t i)
{
    if (i < c->ntoks && (c->toks[i - 1].xflags & X_POSS))
        return company_accounts_of(c, i);
    if (i >= c->ntoks || is_capitalised(&c->toks[i]))
        return 0;
    /* "Velmont, which makes car parts": a thing, a place or a body, not a person; in
     * business news most often a company ("Police raided Quarrin, which closed":
     * a business or a club) */
    static const char *const lies[] = {"lies", "lay", "sits", "borders", "bordered",
                                       "overlooks", "straddles", "stretches", "located",
                                       NULL};
    if ((c->toks[i].xflags & X_COMMA) && term_is(c, &c->toks[i], "which") &&
        !(c->toks[i].xflags & (X_UNINF | X_LINE)) && only_comma_between(c, &c->toks[i - 1],
                                                                        &c->toks[i]))
        /* not where a place lies ("Drayton, which lies north of the river") */
        return i + 1 < c->ntoks && term_in(c, &c->toks[i + 1], lies) ? 0
                                                                     : VOTE.company_which;
    /* the name opens its clause: not the object of a preposition ("Analysts in Drayfield
     * said ...": the analysts said it) */
    if (t0 > 0 && !(c->toks[t0].xflags & X_BREAK) && !is_capitalised(&c->toks[t0 - 1]) &&
        !term_is(c, &c->toks[t0 - 1], "and") && !term_is(c, &c->toks[t0 - 1], "but") &&
        !term_is(c, &c->toks[t0 - 1], "that"))
        return 0;
    if (c->toks[i].xflags & X_BREAK)
        return 0;
    static const char *const report[] = {"reported", "reports", "posted", "posts", "booked",
                                         "recorded", "announced", "said", "says", NULL};
    static const char *const said[] = {"said", "says", "added", "announced", "expects",
                                       "expected", "forecast", "predicted", "estimated",
                                       "warned", "confirmed", "stated", "that", NULL};
    static const char *const people[] = {"he", "she", "his", "her", "him", "himself",
                                         "herself", "who", "whom", "i", "we", "they", "their",
                                         "my", "our", NULL};
    static const char *const be_forms[] = {"is", "was", "are", "were", "be", "been", NULL};
    int reporting = term_in(c, &c->toks[i], report), saying = 0;
    for (size_t k = i; k < c->ntoks && k < i + 8; k++) {
        const tok *t = &c->toks[k];
        if (k > i && (t->xflags & X_BREAK))
            return 0;
        if (is_capitalised(t)) {
            if (tflags(t) & BL_GZ_NONNAME)
                continue; /* "said on Tuesday its" */
            return 0;     /* another name: whose is unclear */
        }
        /* a passive or a state ("Sinjar has been liberated after its occupation", "A
         * Beautiful Lie was leaked before its release"): places and works have "its" too */
        if (term_in(c, t, be_forms))
            return 0;
        if (term_in(c, t, people))
            return 0;
        int w = 0;
        if (term_is(c, t, "its")) {
            /* what a place has ("Haverford and its suburbs", "X said its residents") */
            if (k + 1 < c->ntoks && (is_place_part(c, &c->toks[k + 1]) ||
                                     is_place_noun(c, &c->toks[k + 1])))
                return 0;
            w = VOTE.company_clause; /* "Kestrel and its partners" */
        }
        else if (term_is(c, t, "it") && saying && it_about_subject(c, k))
            w = VOTE.company_it;
        else if (term_is(c, t, "it") && saying)
            return 0;
        else if (reporting && k > i && is_accounts_noun(c, t) && accounts_phrase_ends(c, k)) {
            int ok = 1; /* every word between is a number or a modifier of accounts */
            for (size_t q = i + 1; q < k && ok; q++)
                ok = accounts_modifier(c, &c->toks[q]);
            if (ok)
                w = VOTE.company_clause;
        }
        if (w) {
            /* nor when a person's pronoun follows in the sentence ("Harlan said it was
             * over when he left", "Kerrigan said sales of his book rose") */
            return person_pronoun_follows(c, k) ? 0 : w;
        }
        if (term_in(c, t, said))
            saying = 1;
    }
    return 0;
}

/* Is t a noun for people of the markets ("analysts", "economists", "traders")? */
static int market_people(const ctx *c, const tok *t)
{
    static const char *const nouns[] = {"analyst", "analysts", "economist", "economists",
                                        "trader", "traders", "broker", "brokers",
                                        "strategist", "strategists", "dealer", "dealers",
                                        NULL};
    return term_in(c, t, nouns);
}

/* Is t a plural for firms of a trade, which names the firms after it ("brokers", "banks",
 * "lenders", "carmakers")? */
static int firm_plural(const ctx *c, const tok *t)
{
    static const char *const nouns[] = {"brokers", "brokerages", "banks", "lenders",
                                        "insurers", "carmakers", "automakers", "airlines",
                                        "retailers", "miners", "refiners", "utilities",
                                        "chipmakers", "drugmakers", "brewers", NULL};
    return term_in(c, t, nouns);
}

/* Evidence before the name at t0 that it is a company: a market's people at it ("Analysts
 * at Drayfield", "economists with Barclays"; where they work, not where they are), or a
 * price put on it ("The deal values Pellacorp at $2 billion", "valued Pellacorp at").
 * Returns the weight of an organisation's vote, or 0. */
static int company_context_before(const ctx *c, size_t t0, size_t t1)
{
    if (t0 < 1 || (c->toks[t0].xflags & X_BREAK))
        return 0;
    const tok *p = &c->toks[t0 - 1];
    /* "Brokers Castellane and Varrow advised", "rival lenders Quarrin and Telbaum": the
     * plural names each firm of the list after it */
    size_t i = t0;
    for (int steps = 0; i >= 1 && steps < 12; steps++) {
        const tok *cur = &c->toks[i], *b = &c->toks[i - 1];
        if ((cur->xflags & X_BREAK) &&
            !((cur->xflags & X_COMMA) && only_comma_between(c, b, cur)))
            break;
        if ((!is_capitalised(b) || (b->xflags & X_UNINF)) && firm_plural(c, b))
            return VOTE.org_kind_before;
        if (is_capitalised(b) && !(b->xflags & X_UNINF))
            i--;
        else if ((term_is(c, b, "and") || term_is(c, b, "or")) && is_capitalised(cur))
            i--;
        else
            break;
    }
    if (t0 < 2)
        return 0;
    const tok *q = &c->toks[t0 - 2];
    if ((term_is(c, p, "at") || term_is(c, p, "with")) && !(p->xflags & X_BREAK) &&
        (!is_capitalised(q) || (q->xflags & X_UNINF)) && market_people(c, q))
        return VOTE.org_role_of + VOTE.place_prep;
    /* "the merger of Drayfield and Fendmark", "a takeover of X", "a merger with X" */
    static const char *const deals[] = {"merger", "mergers", "takeover", "takeovers",
                                        "buyout", NULL};
    if ((term_is(c, p, "of") || term_is(c, p, "with")) && !(p->xflags & X_BREAK) &&
        !is_capitalised(q) && term_in(c, q, deals))
        return VOTE.org_kind_before;
    if (t0 >= 4 && !(p->xflags & X_BREAK) && term_is(c, p, "and") && is_capitalised(q) &&
        !(q->xflags & (X_BREAK | X_UNINF)) && !(c->toks[t0 - 2].xflags & X_BREAK) &&
        term_is(c, &c->toks[t0 - 3], "of") && !is_capitalised(&c->toks[t0 - 4]) &&
        term_in(c, &c->toks[t0 - 4], deals))
        return VOTE.org_kind_before; /* the second of one word each: "of X and Fendmark" */
    static const char *const values[] = {"values", "valued", "valuing", "value", NULL};
    if (!is_capitalised(p) && term_in(c, p, values) && t1 < c->ntoks &&
        !(c->toks[t1].xflags & X_BREAK) && term_is(c, &c->toks[t1], "at"))
        return VOTE.org_kind_before;
    return 0;
}

/* Is any word of the name [t0,t1) on a list of places ("bought Alaska for $7.2 million",
 * "Trading in London was quiet")?  The deals' and markets' rules below are for names no
 * list types as a place. */
static int name_is_listed_place(const ctx *c, size_t t0, size_t t1)
{
    for (size_t k = t0; k < t1 && k < c->ntoks; k++)
        if (tflags(&c->toks[k]) & (BL_GZ_PLACE | BL_GZ_PLACE_CAPS))
            return 1;
    return 0;
}

/* May the name [t0,t1) be what a deal buys: no listed place ("bought Alaska"), and not
 * opening with a given name ("bought Ronaldo for 80 million pounds": a player's
 * transfer)? */
static int deal_object_ok(const ctx *c, size_t t0, size_t t1)
{
    return t0 < t1 && t0 < c->ntoks && !name_is_listed_place(c, t0, t1) &&
           !(tflags(&c->toks[t0]) & BL_GZ_GIVEN);
}

/* Is there a price at token k ("$300 million", "about $2 billion", "45 euros", "£10")?  A
 * number, after at most one word of about-ness, with nothing but a currency sign before
 * it. */
static int price_at(const ctx *c, size_t k)
{
    static const char *const about[] = {"about", "around", "some", "nearly", "roughly",
                                        "almost", "approximately", NULL};
    if (k < c->ntoks && !(c->toks[k].xflags & X_BREAK) && term_in(c, &c->toks[k], about))
        k++;
    if (k >= c->ntoks || !(c->toks[k].aflags & BL_TOKEN_NUMERIC) || k == 0)
        return 0;
    for (size_t b = c->toks[k - 1].end; b < c->toks[k].start; b++) {
        unsigned char ch = (unsigned char)c->text[b];
        if (ch != ' ' && ch != '$' && ch < 0x80)
            return 0; /* "for 1996, ...": other punctuation */
    }
    return 1;
}

/* Does the price of a deal follow the name that ends before token i ("... Drayfield for
 * $300 million", "... in a deal worth $2 billion", "... in a $2 billion deal")? */
static int deal_price_after(const ctx *c, size_t i)
{
    if (i + 1 >= c->ntoks || (c->toks[i].xflags & X_BREAK))
        return 0;
    if (term_is(c, &c->toks[i], "for"))
        return price_at(c, i + 1);
    if (!term_is(c, &c->toks[i], "in") || i + 3 >= c->ntoks ||
        !term_is(c, &c->toks[i + 1], "a") || (c->toks[i + 1].xflags & X_BREAK))
        return 0;
    static const char *const deal[] = {"deal", "transaction", "takeover", "merger", NULL};
    static const char *const worth[] = {"worth", "valued", "valuing", NULL};
    return (term_in(c, &c->toks[i + 2], deal) && term_in(c, &c->toks[i + 3], worth)) ||
           price_at(c, i + 2);
}

/* Is token k a verb of buying a company ("buy", "acquired", "purchasing"), or "over" after
 * "take" ("take over", "took over")? */
static int buy_verb_at(const ctx *c, size_t k)
{
    static const char *const buy[] = {"buy", "buys", "bought", "buying", "acquire",
                                      "acquires", "acquired", "acquiring", "purchase",
                                      "purchases", "purchased", "purchasing", NULL};
    static const char *const take[] = {"take", "takes", "took", "taking", "taken", NULL};
    const tok *t = &c->toks[k];
    if (is_capitalised(t) && !(t->xflags & X_UNINF))
        return 0;
    if (term_in(c, t, buy))
        return 1;
    return term_is(c, t, "over") && k >= 1 && !(t->xflags & X_BREAK) &&
           term_in(c, &c->toks[k - 1], take);
}

/* A deal for the name [t0,t1) that no list types as a place:
 *  - the name is bought for a price ("agreed to buy Drayfield for $300 million", "will take
 *    over Bremmlin for $45 a share", "acquire Carrowby in a deal worth $2 billion"): what
 *    is bought with a price named is in business news a company (persons buy houses: "the
 *    house", lower case, is no name);
 *  - a company's acquisition or takeover of it ("Fendmark's acquisition of Drayfield").
 * Returns the weight of an organisation's vote, or 0. */
static int company_deal_object(const ctx *c, size_t t0, size_t t1)
{
    if (t0 < 2 || (c->toks[t0].xflags & X_BREAK) || name_is_listed_place(c, t0, t1))
        return 0;
    if (buy_verb_at(c, t0 - 1) && deal_object_ok(c, t0, t1) && deal_price_after(c, t1))
        return VOTE.org_kind_before;
    /* "Fendmark's acquisition of Drayfield", "its purchase of Quarrin" (not "the purchase
     * of Alaska": a listed place) */
    static const char *const deals[] = {"acquisition", "acquisitions", "purchase", NULL};
    const tok *p = &c->toks[t0 - 1], *q = &c->toks[t0 - 2];
    if (term_is(c, p, "of") && !is_capitalised(q) && !(p->xflags & X_BREAK) &&
        term_in(c, q, deals))
        return VOTE.org_kind_before;
    return 0;
}

/* The subject of a deal: the name [t0,t1) opens its clause and, within a few words, buys
 * another name for a price ("Fendmark agreed to buy Drayfield for $300 million", "Tarsido
 * will take over Bremmlin for $45 a share").  Returns the weight of an organisation's
 * vote, or 0. */
static int company_deal_subject(const ctx *c, size_t t0, size_t i)
{
    if (t0 > 0 && !(c->toks[t0].xflags & X_BREAK) && !is_capitalised(&c->toks[t0 - 1]) &&
        !term_is(c, &c->toks[t0 - 1], "and"))
        return 0;
    for (size_t k = i; k + 1 < c->ntoks && k < i + 5; k++) {
        const tok *t = &c->toks[k];
        if (t->xflags & X_BREAK)
            return 0;
        if (is_capitalised(t))
            return 0;
        if (!buy_verb_at(c, k))
            continue;
        size_t o = k + 1, e = o;
        if (c->toks[o].xflags & X_BREAK)
            return 0;
        while (e < c->ntoks && e < o + 4 && is_capitalised(&c->toks[e]) &&
               !(c->toks[e].xflags & X_POSS) && (e == o || !(c->toks[e].xflags & X_BREAK)))
            e++;
        if (e == o || (c->toks[e - 1].xflags & X_POSS) || (e < c->ntoks &&
                                                           (c->toks[e].xflags & X_SKIP)))
            return 0; /* no name; "bought Jones's collection" */
        return deal_object_ok(c, o, e) && deal_price_after(c, e) ? VOTE.company_clause : 0;
    }
    return 0;
}

/* Trading in the name [t0,t1), no listed place, stopped or its shares: "Trading in
 * Quorvane was suspended", "Trading in Velmont shares was halted" (not "Trading in London
 * was quiet").  Returns the weight of an organisation's vote, or 0. */
static int company_trading_in(const ctx *c, size_t t0, size_t t1)
{
    if (t0 < 2 || t1 + 1 >= c->ntoks || (c->toks[t0].xflags & X_BREAK) ||
        (c->toks[t0 - 1].xflags & X_BREAK) || !term_is(c, &c->toks[t0 - 1], "in") ||
        !term_is(c, &c->toks[t0 - 2], "trading") || name_is_listed_place(c, t0, t1) ||
        (c->toks[t1].xflags & X_BREAK))
        return 0;
    static const char *const shares[] = {"shares", "stock", "stocks", NULL};
    static const char *const be[] = {"was", "were", "is", "has", "had", "been", NULL};
    static const char *const stopped[] = {"suspended", "halted", "resumed", "frozen",
                                          "stopped", NULL};
    size_t k = t1;
    if (term_in(c, &c->toks[k], shares))
        return VOTE.org_kind_before;
    while (k < c->ntoks && k < t1 + 3 && !(c->toks[k].xflags & X_BREAK) &&
           term_in(c, &c->toks[k], be))
        k++;
    /* "was suspended", "has been halted", "resumed on Monday" */
    return k < c->ntoks && !(c->toks[k].xflags & X_BREAK) && term_in(c, &c->toks[k], stopped)
               ? VOTE.org_kind_before
               : 0;
}

/* All the evidence of business news that the name [t0,t1) is a company. */
static void company_votes(const ctx *c, size_t t0, size_t t1, int *votes)
{
    /* the clause after a name of common words alone may refer back to a thing ("the
     * Budget, which", "our Gross National Product never regained its potential"); a company
     * no list knows has a word of its own */
    int own = 0;
    for (size_t k = t0; k < t1 && !own; k++)
        own = !(c->toks[k].xflags & X_SKIP) &&
              ((tflags(&c->toks[k]) & BL_GZ_NAME_CLASSES) ||
               !(tflags(&c->toks[k]) & (BL_GZ_COMMON | BL_GZ_GENERIC | BL_GZ_NONNAME |
                                        BL_GZ_TITLE | BL_GZ_TITLE_MOD | BL_GZ_PORTFOLIO)));
    int after = own ? company_clause_after(c, t0, t1) : 0;
    int deal = own ? company_deal_subject(c, t0, t1) : 0;
    if (deal > after)
        after = deal;
    int w = after + company_context_before(c, t0, t1) + company_deal_object(c, t0, t1) +
            company_trading_in(c, t0, t1);
    if (w)
        add_vote(votes, BL_ENTITY_ORG, w);
    /* "Quorvane said it would cut jobs": the verb's subject is the company the clause refers
     * back to, so "said" says nothing of a person (the verb's and the subject's votes) */
    if (after > VOTE.company_which)
        add_vote(votes, BL_ENTITY_PERSON, -VOTE.company_not_said);
}

/* ---- politics and world newswire: bodies in apposition, countries in pairs ------------- */

/* A lower-case noun of a public body that names it in an apposition ("the Ostran parliament,
 * the Volkstag,", "the electoral commission, the Izborna Komisija,", "the state television,
 * Ostran TV,"). */
static int is_body_noun(const ctx *c, const tok *t)
{
    static const char *const nouns[] = {"parliament", "legislature", "assembly", "senate",
                                        "congress", "court", "tribunal", "commission",
                                        "committee", "council", "agency", "ministry",
                                        "television", "broadcaster", "militia", "movement",
                                        "alliance", "coalition", "union", NULL};
    return !is_capitalised(t) && term_in(c, t, nouns);
}

/* "the Ostran parliament, the Volkstag, approved", "the state television, Ostran TV,
 * showed": a name set off by commas right after a body's lower-case noun is that body.  The
 * name must close with a comma (or end its sentence after "the"), so that "After leaving the
 * army, Dorn joined the police" (a clause's subject) says nothing; not before a speech verb
 * ("to the court, Dorn said" is not closed). */
static int body_apposition_before(const ctx *c, size_t t0, size_t t1)
{
    if (t0 < 2 || t1 > c->ntoks)
        return 0;
    size_t ap = t0;
    if (term_is(c, &c->toks[t0 - 1], "the") && !(c->toks[t0].xflags & X_BREAK))
        ap = t0 - 1;
    if (ap < 1 || !(c->toks[ap].xflags & X_COMMA))
        return 0;
    const tok *q = &c->toks[ap - 1];
    if (!is_body_noun(c, q) || (q->xflags & X_POSS) || !only_comma_between(c, q, &c->toks[ap]))
        return 0;
    /* without "the", a person's name may follow a fronted phrase ("at a conference held by a
     * federal appeals court, Warren Christopher, the secretary of state, snapped") */
    const tok *f = &c->toks[t0];
    if (ap == t0 && ((tflags(f) & BL_GZ_GIVEN) || f->term_len == 1))
        return 0;
    /* the body is the object of another noun or a passive: "the president of the tribunal,
     * M. F. De Martens,", "held by a court, X," */
    size_t k = ap - 1;
    for (int steps = 0; k > 0 && steps < 4; steps++) {
        const tok *w = &c->toks[k - 1];
        if ((c->toks[k].xflags & X_BREAK) || is_capitalised(w))
            break;
        if (term_is(c, w, "of") || term_is(c, w, "by"))
            return 0;
        if (bl_is_stopword(term_of(c, w), w->term_len))
            break; /* the phrase's determiner or another preposition */
        k--;
    }
    if (t1 == c->ntoks)
        return ap < t0;
    /* closed by a comma ("the Izborna Komisija, said": the apposition is the subject) */
    const tok *n = &c->toks[t1];
    return (n->xflags & X_COMMA) || (ap < t0 && (n->xflags & X_UNINF));
}

/* "the Sejmar, the country's lower house,", "the Pravni Sud, the highest court,": an
 * apposition after the name whose last noun is a body's, closed by a comma or the sentence's
 * end (at most four words after "the", past possessives and adjectives; "Dorn, the court's
 * president" and "Dorn, the army chief" end in other nouns). */
static int body_apposition_after(const ctx *c, size_t t1)
{
    if (t1 + 1 >= c->ntoks || !(c->toks[t1].xflags & X_COMMA) ||
        !term_is(c, &c->toks[t1], "the"))
        return 0;
    for (size_t k = t1 + 1; k < c->ntoks && k < t1 + 5; k++) {
        const tok *t = &c->toks[k];
        if ((t->xflags & X_BREAK) || is_capitalised(t) ||
            bl_is_stopword(term_of(c, t), t->term_len))
            return 0;
        if (t->xflags & X_POSS)
            continue; /* "the country's" */
        int body = is_body_noun(c, t) ||
                   (term_is(c, t, "house") && k > t1 + 1 &&
                    (term_is(c, &c->toks[k - 1], "lower") ||
                     term_is(c, &c->toks[k - 1], "upper")));
        if (!body)
            continue;
        /* the apposition closes here: "the lower house, will", not "the assembly speaker",
         * nor a clause's subject ("unlike Burford, the trial court was ordered") */
        return k + 1 == c->ntoks || (c->toks[k + 1].xflags & (X_COMMA | X_UNINF));
    }
    return 0;
}

/* One capitalised word that no list knows as a person's, a body's or a people's name. */
static int pair_word(const ctx *c, size_t i)
{
    const tok *t = &c->toks[i];
    return is_capitalised(t) && !(t->xflags & (X_UNINF | X_POSS)) &&
           !(tflags(t) & (BL_GZ_GIVEN | BL_GZ_ORG | BL_GZ_ORG_CAPS | BL_GZ_OTHER |
                          BL_GZ_OTHER_CAPS | BL_GZ_DEMONYM | BL_GZ_TITLE | BL_GZ_NONNAME |
                          BL_GZ_GENERIC | BL_GZ_COMMON));
}

/* Does the pair "X and Y" start at token i, after a preposition that names countries in
 * world news: "talks between X and Y", "the border between X and Y", "negotiators from X
 * and Y", "envoys from X and Y"?  Both one word (not "from Karl Dorn and ..."), neither a
 * given name nor a known body; a noun of relations before "between" (not "a meeting between
 * Dorn and Kessler"), of delegations before "from" (not "a letter from Smith and Jones"). */
static int country_pair_at(const ctx *c, size_t i)
{
    static const char *const relations[] = {"talks", "negotiations", "border", "frontier",
                                            "relations", "ties", "treaty", "war", "conflict",
                                            "dispute", "tensions", "tension", "fighting",
                                            "clashes", "ceasefire", "truce", "peace",
                                            "hostilities", "rivalry", NULL};
    static const char *const delegates[] = {"negotiators", "delegates", "delegations",
                                            "envoys", "diplomats", "ministers", "troops",
                                            "soldiers", "refugees", "representatives",
                                            "monitors", "observers", "leaders", NULL};
    if (i < 2 || i + 3 > c->ntoks)
        return 0;
    const tok *p = &c->toks[i - 1], *w = &c->toks[i - 2];
    if ((c->toks[i].xflags & X_BREAK) || (p->xflags & X_BREAK) ||
        (is_capitalised(w) && !(w->xflags & X_UNINF)))
        return 0;
    if (!(term_is(c, p, "between") && term_in(c, w, relations)) &&
        !(term_is(c, p, "from") && term_in(c, w, delegates)))
        return 0;
    if (!pair_word(c, i) || !term_is(c, &c->toks[i + 1], "and") ||
        (c->toks[i + 1].xflags & X_BREAK) || (c->toks[i + 2].xflags & X_BREAK) ||
        !pair_word(c, i + 2))
        return 0;
    /* each a single word: the pair ends after Y */
    return i + 3 == c->ntoks || (c->toks[i + 3].xflags & X_BREAK) ||
           !is_capitalised(&c->toks[i + 3]);
}

/* "the weekly Tjednik": a weekly paper (not "win weekly Prizes", "Ticketmaster's weekly
 * Ticket Alert email"). */
static int the_weekly_before(const ctx *c, size_t t0)
{
    return t0 >= 2 && !(c->toks[t0].xflags & X_BREAK) && !(c->toks[t0 - 1].xflags & X_BREAK) &&
           term_is(c, &c->toks[t0 - 1], "weekly") && !is_capitalised(&c->toks[t0 - 1]) &&
           term_is(c, &c->toks[t0 - 2], "the");
}

/* Does the run after "and" at token j end its party's name, before a lower-case word for a
 * party or a movement that ends its noun phrase ("the opposition Freedom and Justice party
 * boycotted", "the Peace and Progress movement")?  One to three words of no name list; not
 * before a word of its people ("the Freedom and Justice party leaders", "a ... party
 * official": what the party has). */
static int party_and_ahead(const ctx *c, size_t j)
{
    static const char *const kinds[] = {"party", "movement", "alliance", "front", NULL};
    static const char *const people[] = {"leader", "leaders", "members", "member", "chief",
                                         "activists", "supporters", "candidate",
                                         "candidates", "figures", "lawmakers", NULL};
    for (size_t k = j; k < c->ntoks && k < j + 4; k++) {
        const tok *t = &c->toks[k];
        if (k > j && (t->xflags & X_BREAK))
            return 0;
        if (is_capitalised(t)) {
            if (!(t->xflags & X_NAME) || (t->xflags & X_POSS) ||
                (tflags(t) & BL_GZ_NAME_CLASSES))
                return 0;
            continue;
        }
        if (k == j || !term_in(c, t, kinds))
            return 0;
        if (k + 1 >= c->ntoks || (c->toks[k + 1].xflags & X_BREAK))
            return 1;
        const tok *n = &c->toks[k + 1];
        return !term_in(c, n, people) && !is_org_role_noun(c, n) && !(tflags(n) & BL_GZ_TITLE);
    }
    return 0;
}

/* All the evidence of world news about the name [t0,t1). */
static void politics_votes(const ctx *c, size_t t0, size_t t1, int *votes)
{
    if (the_weekly_before(c, t0))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_kind_before);
    if (body_apposition_before(c, t0, t1) || body_apposition_after(c, t1))
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_kind_before);
    if (t1 == t0 + 1 && (country_pair_at(c, t0) || (t0 >= 2 && country_pair_at(c, t0 - 2))))
        add_vote(votes, BL_ENTITY_PLACE, VOTE.place_noun_of);
}

static void emit_plain(ctx *c, unit *u, size_t a, size_t b, int cue)
{
    size_t m = b - a;
    int votes[BL_ENTITY_NTYPES] = {0};
    unsigned flags = 0;
    const tok *first = &c->toks[u[a].t0], *last = &c->toks[u[b - 1].t1 - 1];
    uint32_t ff = uflags(c, &u[a]), lf = uflags(c, &u[b - 1]);
    int has_conn = 0, has_hyphen = 0;
    for (size_t k = a; k < b; k++) {
        if (u[k].conn)
            has_conn = 1;
        for (size_t j = u[k].t0; j < u[k].t1; j++)
            if (j > u[a].t0 && (c->toks[j].xflags & X_HYPHEN))
                has_hyphen = 1;
    }
    if (cue == 2) {
        add_vote(votes, BL_ENTITY_PERSON, VOTE.given_first); /* "Jordan Henderson" */
    } else if (cue) {
        add_vote(votes, BL_ENTITY_PERSON, VOTE.title);
        flags |= M_CUE;
    }
    if (has_name_particle(c, u, a, b))
        add_vote(votes, BL_ENTITY_PERSON, VOTE.name_particle); /* "Osama bin Laden" */
    if (m >= 2 && (lf & BL_GZ_ORG_TAIL)) {
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_tail);
        flags |= M_CUE;
    } else if (m >= 2 && is_ship_prefix(c, first)) {
        add_vote(votes, BL_ENTITY_OTHER, VOTE.event_head); /* "USS Mahan", "HMS Daring" */
        flags |= M_CUE;
    } else if (m >= 2 && (ff & BL_GZ_EVENT_HEAD)) {
        add_vote(votes, BL_ENTITY_OTHER, VOTE.event_head);
        flags |= M_CUE;
    } else if (m >= 2 && (lf & BL_GZ_EVENT_TAIL)) {
        add_vote(votes, BL_ENTITY_OTHER, VOTE.event_tail);
        flags |= M_CUE;
    } else if (m >= 3 && org_tail_then_city(c, u, a, b)) {
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_tail); /* "King's College London" */
        flags |= M_CUE;
    } else if (m >= 2 && (lf & BL_GZ_PLACE_TAIL) && term_is(c, last, "district") &&
               (uflags(c, &u[b - 2]) & BL_GZ_ORG_TAIL) && !u[b - 2].names) {
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_tail); /* "Coronado Unified School District" */
        flags |= M_CUE;
    } else if (m >= 2 && (lf & BL_GZ_PLACE_TAIL)) {
        add_vote(votes, BL_ENTITY_PLACE, VOTE.place_tail);
        flags |= M_CUE;
    } else if (m >= 2 && (ff & BL_GZ_PLACE_HEAD) && !(ff & BL_GZ_ORG_HEAD)) {
        add_vote(votes, BL_ENTITY_PLACE, VOTE.place_head);
    }
    for (size_t k = u[a].t0 + 1; k < u[b - 1].t1 && !(flags & M_CUE); k++)
        if (c->toks[k].xflags & X_AMP) {
            add_vote(votes, BL_ENTITY_ORG, VOTE.gazetteer); /* "Ernst & Young" */
            flags |= M_CUE;
        }
    if (m >= 2 && !(flags & M_CUE) && museum_name(c, u, a, b)) {
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_tail); /* "the Senckenberg Museum" */
        flags |= M_CUE;
    }
    if (m >= 3 && has_conn) {
        for (size_t k = a; k + 1 < b; k++)
            /* also a listed organisation ending in an organisation's word, which the run
             * went on from ("the Labour Party of Quarrin") */
            if (((uflags(c, &u[k]) & BL_GZ_ORG_HEAD) ||
                 ((u[k].names & (BL_GZ_ORG | BL_GZ_ORG_CAPS)) &&
                  (uflags(c, &u[k]) & BL_GZ_ORG_TAIL))) &&
                u[k + 1].conn) {
                add_vote(votes, BL_ENTITY_ORG, VOTE.org_head_of);
                flags |= M_CUE;
                break;
            }
    }
    if (m == 1) {
        const tok *t = first;
        if (!has_upper(c, t) && !(t->aflags & BL_TOKEN_NUMERIC))
            return; /* the lower-case half of "Syrian-led" */
        if (roman_numeral(c, t) || term_is(c, t, "jr") || term_is(c, t, "sr"))
            return; /* "XIV"; the "Jr." of "Martin Luther King, Jr." */
        /* the "Fame" of "the Hall of Fame" left alone by its hall: no name of its own (nor a
         * partial of the document's named halls of fame) */
        if (term_is(c, t, "fame") && u[a].t0 >= 2 && !(t->xflags & X_BREAK) &&
            term_is(c, &c->toks[u[a].t0 - 1], "of") &&
            !(c->toks[u[a].t0 - 1].xflags & X_BREAK) &&
            term_is(c, &c->toks[u[a].t0 - 2], "hall"))
            return;
        /* a party after it makes the word a party's name ("the Labor party", "the Labor or
         * Liberal parties", "the Democratic and Republican parties") */
        int kind = !(ff & BL_GZ_TITLE) && kind_after(c, u[a].t0, u[a].t1, 1);
        /* a lone title or portfolio word is never an entity, unless it is also the last
         * word of organisations and stands after "the" ("the Navy", "the Army") */
        if (ff & (BL_GZ_TITLE | BL_GZ_TITLE_MOD | BL_GZ_PORTFOLIO) && !cue && !kind &&
            !((ff & BL_GZ_ORG_TAIL) && !(ff & BL_GZ_TITLE) && !(t->xflags & X_UNINF) &&
              u[a].t0 > 0 && !(t->xflags & X_BREAK) && term_is(c, &c->toks[u[a].t0 - 1], "the")))
            return;
        if (ff & (BL_GZ_PLACE_TAIL | BL_GZ_EVENT_TAIL | BL_GZ_EVENT_HEAD | BL_GZ_PLACE_HEAD) &&
            !(ff & BL_GZ_ORG_TAIL))
            return;
        /* an organisation's first word used as an adjective ("Islamic militants",
         * "Federal agents", "Royal family"): no entity */
        if ((ff & BL_GZ_ORG_HEAD) && !(ff & (BL_GZ_ORG_TAIL | BL_GZ_NAME_CLASSES)) && !kind &&
            u[a].t1 < c->ntoks && !(c->toks[u[a].t1].xflags & X_BREAK) &&
            !is_capitalised(&c->toks[u[a].t1]) &&
            !(tflags(&c->toks[u[a].t1]) & (BL_GZ_CONNECTOR | BL_GZ_PARTICLE))) {
            const char *w = term_of(c, t);
            size_t n = t->term_len;
            if ((n > 4 && (memcmp(w + n - 2, "ic", 2) == 0 || memcmp(w + n - 2, "al", 2) == 0 ||
                           memcmp(w + n - 2, "ed", 2) == 0 || memcmp(w + n - 3, "ary", 3) == 0)))
                return;
        }
        if (ff & BL_GZ_ORG_TAIL && !(t->xflags & X_UNINF))
            add_vote(votes, BL_ENTITY_ORG, VOTE.lone_org_tail);
        int acr = is_acronym_tok(c, t);
        if (acr == 1) {
            add_vote(votes, BL_ENTITY_ORG, VOTE.acronym);
            flags |= M_ACRONYM;
        } else if (acr == 2) {
            add_vote(votes, BL_ENTITY_OTHER, VOTE.code); /* "H5N1", "F16" */
        }
        if ((ff & BL_GZ_TOWN_NAME) && (place_context(c, u[a].t0) || town_by_place(c, u[a].t0)))
            add_vote(votes, BL_ENTITY_PLACE, VOTE.town_context); /* "moving to Lincoln" */
        else if (ff & BL_GZ_GIVEN && !(ff & BL_GZ_COMMON))
            add_vote(votes, BL_ENTITY_PERSON, VOTE.lone_given);
        if (has_person_suffix(c, t))
            add_vote(votes, BL_ENTITY_PERSON, VOTE.lone_suffix);
        if (is_doctrine(c, t))
            add_vote(votes, BL_ENTITY_OTHER, VOTE.event_head); /* "from Catholicism to" */
    } else {
        /* not "North Darfur"; nor the Arabic article after "near" ("near Al Huwayjah"; "Al
         * Gore" keeps it) */
        if (ff & BL_GZ_GIVEN && !(ff & (BL_GZ_NAME_CLASSES | BL_GZ_GENERIC | BL_GZ_PLACE_HEAD)) &&
            !(term_is(c, first, "al") && after_near(c, u[a].t0)) &&
            !(first->xflags & X_POSS)) /* a possessor: "King's College London" */
            add_vote(votes, BL_ENTITY_PERSON, VOTE.given_first);
        if (has_person_suffix(c, last))
            add_vote(votes, BL_ENTITY_PERSON, VOTE.person_suffix);
        if (has_hyphen)
            flags |= M_HYPHEN;
    }
    if (m >= 2 && (u[b - 1].names & BL_GZ_DEMONYM))
        add_vote(votes, BL_ENTITY_OTHER, VOTE.demonym_tail); /* "West African" */
    /* a known organisation's one-word name after a given name is a surname ("Gerald R.
     * Ford", "Betty Uber"), not "the Social Democrats" */
    int surname_tail = u[b - 1].t1 - u[b - 1].t0 == 1 && given_name_unit(c, &u[a]);
    if (m >= 2 && !(flags & M_CUE) && !surname_tail &&
        (u[b - 1].names & (BL_GZ_ORG | BL_GZ_ORG_CAPS)) &&
        !(u[b - 1].names & (BL_GZ_PLACE | BL_GZ_PLACE_CAPS | BL_GZ_DEMONYM))) {
        add_vote(votes, BL_ENTITY_ORG, VOTE.org_name_tail); /* "the Social Democrats" */
        flags |= M_CUE;
    }
    if (m >= 2 && !(flags & M_CUE) && place_then_unknown(c, u, a, b))
        /* "Chicago Cubs", "Kenya Airways"; a plural one more ("U.S. Marines said": the
         * model's person vote and the speech verb no longer outweigh it) */
        add_vote(votes, BL_ENTITY_ORG, VOTE.place_org + looks_plural(c, last));
    /* "played for the Florida Gators": after "the", a given name opens no person's name */
    int the_before = u[a].t0 > 0 && !(first->xflags & X_BREAK) &&
                     term_is(c, &c->toks[u[a].t0 - 1], "the");
    if (!cue &&
        (m == 1 || !(ff & BL_GZ_GIVEN) || the_before ||
         (lf & (BL_GZ_PLACE_TAIL | BL_GZ_ORG_TAIL))) &&
        !(lf & (BL_GZ_MAJOR_PLACE | BL_GZ_COUNTRY)) &&
        (is_club_form(c, first) || sports_team(c, u[a].t0, u[b - 1].t1)))
        /* "Leicestershire beat Somerset 2-1"; a town's "City" is its club there ("Stoke
         * City 2-1"): outweigh the place tail */
        add_vote(votes, BL_ENTITY_ORG,
                 VOTE.sports_team + ((votes[BL_ENTITY_PLACE] > 0) ? VOTE.place_tail : 0));
    context_votes(c, u[a].t0, votes);
    apposition_before_votes(c, u[a].t0, u[b - 1].t1, votes);
    after_votes(c, u[a].t0, u[b - 1].t1, votes);
    company_votes(c, u[a].t0, u[b - 1].t1, votes);
    politics_votes(c, u[a].t0, u[b - 1].t1, votes);
    definition_votes(c, u[b - 1].t1, votes);
    if (based_place(c, u, a, b))
        add_vote(votes, BL_ENTITY_PLACE, VOTE.based_place);
    if (!(flags & M_CUE) && town_then_region(c, u[b - 1].t1))
        add_vote(votes, BL_ENTITY_PLACE, VOTE.place_around);
    if (!(flags & M_CUE) && state_abbreviation(c, u[b - 1].t1))
        add_vote(votes, BL_ENTITY_PLACE, VOTE.town_context); /* "Temple, Pa.", "Austin, TX" */
    if (around_place(c, u[a].t0, u[b - 1].t1))
        add_vote(votes, BL_ENTITY_PLACE, VOTE.place_prep);
    if (dateline_place(c, u[a].t0, u[b - 1].t1))
        add_vote(votes, BL_ENTITY_PLACE, VOTE.place_noun_of);
    if (!cue && the_before_non_person(c, u[a].t0, u[b - 1].t1))
        add_vote(votes, BL_ENTITY_PERSON, -VOTE.the_not_person);
    /* The model was trained on names inside sentences.  A single word opening a sentence
     * ("Gupta said ...", "Gunships pounded ...") takes its vote only when it is strong: in a
     * one-sentence text nothing else types such a word. */
    int learned[BL_ENTITY_NTYPES] = {0};
    flags |= model_votes(c, u[a].t0, u[b - 1].t1, after_place_possessive(c, u[a].t0), learned)
                 ? M_MODEL_NONE
                 : M_MODEL_NAME;
    int initial = m == 1 && (first->xflags & X_UNINF);
    /* one word no list knows, written as a name, before its verb ("Gupta was taken",
     * "Police say Ramda operated from London"): in news most often a person, and in a
     * one-sentence text nothing else types it */
    if (m == 1 && !(tflags(first) & ~(uint32_t)BL_GZ_SUFFIX) && !looks_plural(c, first) &&
        !is_acronym_tok(c, first) && opens_clause(c, u[a].t1)) {
        add_vote(votes, BL_ENTITY_PERSON, VOTE.subject);
        flags = (flags & ~M_MODEL_NONE) | M_MODEL_NAME; /* a subject: a name */
    }
    for (int k = 0; k < BL_ENTITY_NTYPES; k++)
        if (!initial || learned[k] >= VOTE.model_initial)
            votes[k] += learned[k];
    /* a plural that the text names with a capitalised "The" is a group: a band, a team
     * ("supporting The Stooges", "a compilation album by The Triffids") */
    if (!cue && leading_the(c, u[a].t0) && looks_plural(c, last))
        add_vote(votes, BL_ENTITY_ORG, VOTE.the_plural);
    /* a brand's spelling is no person's: CamelCase ("ThinkGeek"), a model code ("Canon
     * PowerShot A40") */
    int brand = brand_spelling(c, u[a].t0, u[b - 1].t1);
    /* (a name of several words takes the vote even with no person's vote to undo, lest it
     * default to a person; one word without votes is left to the model) */
    if (brand && (votes[BL_ENTITY_PERSON] > 0 || m >= 2)) {
        if (votes[BL_ENTITY_PERSON] > 0)
            votes[BL_ENTITY_PERSON] = 0;
        add_vote(votes, brand == 1 ? BL_ENTITY_ORG : BL_ENTITY_OTHER,
                 brand == 1 ? VOTE.acronym : VOTE.code);
    }
    /* a unit's number is part of its name ("the 65th Air Division", "101st Airborne
     * Brigade"), also of one word for a unit or an acronym ("the 2nd Battalion", "the 507th
     * ARW", "the 98th PVI") */
    size_t from = u[a].t0;
    if ((lf & BL_GZ_ORG_TAIL || (m == 1 && (flags & M_ACRONYM))) && from > 0 &&
        !(c->toks[from].xflags & X_BREAK) && is_ordinal(c, &c->toks[from - 1]))
        from--;
    if (from == u[a].t0 && m >= 2 && (lf & BL_GZ_ORG_TAIL) && unit_cardinal(c, from, last))
        from--; /* "65 Fighter Wing" */
    /* a war's number in figures is part of its name ("World War 2", as "World War II") */
    size_t to = u[b - 1].t1;
    if (m >= 2 && to < c->ntoks && term_is(c, &c->toks[to - 1], "war") &&
        (c->toks[to].aflags & BL_TOKEN_NUMERIC) && c->toks[to].term_len == 1 &&
        !(c->toks[to].xflags & (X_BREAK | X_HYPHEN)))
        to++;
    else if (m >= 2 && station_number(c, to))
        to++; /* "BBC Radio 4" */
    mention *mm = emit(c, from, to, NULL, 0, flags);
    if (mm)
        for (int t = 0; t < BL_ENTITY_NTYPES; t++)
            mm->votes[t] += votes[t];
}

/* Is unit t (a title word) right after a given name of the run [a,t) that is not itself a
 * title or a known name ("John Major", "Martin Luther King"; not "Defence Secretary")? */
static int given_before(const ctx *c, const unit *u, size_t a, size_t t)
{
    if (t == a || u[t - 1].conn || u[t - 1].names || u[t - 1].t1 - u[t - 1].t0 != 1)
        return 0;
    uint32_t f = uflags(c, &u[t - 1]);
    return (f & BL_GZ_GIVEN) && !is_title_word(f) &&
           !(f & (BL_GZ_ORG_TAIL | BL_GZ_ORG_HEAD | BL_GZ_GENERIC | BL_GZ_COMMON));
}

/* Is unit u one word that is a given name and nothing else ("Asher", not "Will", "Hassan")? */
static int given_name_unit(const ctx *c, const unit *u)
{
    uint32_t f = uflags(c, u);
    return u->t1 - u->t0 == 1 && !u->names && !u->conn && (f & BL_GZ_GIVEN) &&
           !(f & (BL_GZ_COMMON | BL_GZ_TITLE | BL_GZ_TITLE_MOD | BL_GZ_PORTFOLIO |
                  BL_GZ_GENERIC | BL_GZ_ORG_TAIL | BL_GZ_ORG_HEAD | BL_GZ_PLACE_HEAD |
                  BL_GZ_PLACE_TAIL | BL_GZ_EVENT_HEAD | BL_GZ_EVENT_TAIL | BL_GZ_NAME_CLASSES));
}

/* Is t, a word no list knows, a dweller's word made from a place or a nationality
 * ("Texan", "Minnesotan", "Californian", "Queenslander", "Yorkshireman", "Frenchman"):
 * the name of a state, country, region or city, or a demonym, and one of the endings "n",
 * "an", "ian", "er", "man", "woman" ("Texa" + "s", "Californi" + "a")? */
static int place_dweller_after(const ctx *c, const tok *t, const char *pre, size_t pl);

static int place_dweller(const ctx *c, const tok *t)
{
    return place_dweller_after(c, t, "", 0);
}

/* ... the same with words before it ("new " + "Englander": "New England") */
static int place_dweller_after(const ctx *c, const tok *t, const char *pre, size_t pl)
{
    static const char *const ends[] = {"woman", "man", "ian", "an", "er", "n", NULL};
    static const char *const adds[] = {"", "s", "a", NULL};
    const char *w = term_of(c, t);
    char buf[96];
    if (!is_capitalised(t) || (t->aflags & BL_TOKEN_ALL_CAPS) || t->term_len >= 64 ||
        pl >= 32)
        return 0;
    memcpy(buf, pre, pl);
    for (int i = 0; ends[i]; i++) {
        size_t el = strlen(ends[i]);
        if (t->term_len < el + 4 || memcmp(w + t->term_len - el, ends[i], el) != 0)
            continue;
        size_t sl = t->term_len - el;
        for (int j = 0; adds[j]; j++) {
            size_t al = strlen(adds[j]);
            if (pl + sl + al >= sizeof buf || (al && strcmp(ends[i], "n") != 0))
                continue; /* "Texa"+"s", "Californi"+"a": after the ending "n" only */
            memcpy(buf + pl, w, sl);
            memcpy(buf + pl + sl, adds[j], al);
            const bl_gz_entry *e = bl_gazetteer_lookup(c->gz, buf, pl + sl + al);
            if (e && (e->flags & (BL_GZ_COUNTRY | BL_GZ_MAJOR_PLACE | BL_GZ_CITY |
                                  BL_GZ_DEMONYM)))
                return 1;
        }
    }
    return 0;
}

/* Is the run [a,b) a person whose given name is also a place ("Jordan Henderson", "Sydney
 * Quarrington"): a one-word place that is a given name, then one or two capitalised words,
 * each no gazetteer name, common word, title or tail? */
static int given_place_person(const ctx *c, const unit *u, size_t a, size_t b)
{
    if (b - a < 2 || b - a > 3 || !(u[a].names & BL_GZ_PLACE) ||
        (u[a].names & BL_GZ_DEMONYM) || u[a].t1 - u[a].t0 != 1 ||
        !(tflags(&c->toks[u[a].t0]) & BL_GZ_GIVEN) ||
        (u[a].t0 > 0 && term_is(c, &c->toks[u[a].t0 - 1], "the")))
        return 0; /* not "the Florida Everglades" */
    for (size_t k = a + 1; k < b; k++) {
        const tok *t = &c->toks[u[k].t0];
        if (u[k].names || u[k].conn || u[k].t1 - u[k].t0 != 1 || !is_capitalised(t) ||
            (t->xflags & X_HYPHEN) || is_acronym_tok(c, t) ||
            (tflags(t) & (BL_GZ_COMMON | BL_GZ_TITLE | BL_GZ_TITLE_MOD | BL_GZ_PORTFOLIO |
                          BL_GZ_ORG_TAIL | BL_GZ_ORG_HEAD | BL_GZ_PLACE_TAIL |
                          BL_GZ_PLACE_HEAD | BL_GZ_EVENT_TAIL | BL_GZ_GENERIC |
                          BL_GZ_NONNAME)))
            return 0;
    }
    return 1;
}

/* Does the run [a,b) hold an organisation's first word followed by "of" or "for" ("League
 * of Rights", "Academy of Sciences")?  A nationality before it is part of the name
 * ("Australian League of Rights", "Bulgarian Academy of Sciences"). */
static int org_head_of(const ctx *c, const unit *u, size_t a, size_t b)
{
    for (size_t k = a; k + 2 < b; k++)
        if (!u[k].names && (uflags(c, &u[k]) & BL_GZ_ORG_HEAD) && u[k + 1].conn &&
            (term_is(c, &c->toks[u[k + 1].t0], "of") || term_is(c, &c->toks[u[k + 1].t0], "for")))
            return 1;
    return 0;
}

/* Is token t a capitalised word for a kind of place that can stand before "of" and a place's
 * name ("Gulf of Oman", "Sea of Oman", "Port of Liverpool", "City of Brampton", "Kingdom of
 * Jordan")?  Not a compass word ("North of England" stays two names). */
static int place_kind_of(const ctx *c, const tok *t)
{
    if (!is_capitalised(t) || (t->xflags & X_POSS))
        return 0;
    return (tflags(t) & BL_GZ_PLACE_TAIL) || term_is(c, t, "republic") ||
           term_is(c, t, "kingdom") || term_is(c, t, "emirate");
}

/* Does token t, a word for a polity or a town, before "of" and the known place p, name that
 * place itself ("State of Texas", "City of Brampton", "Kingdom of Jordan", "Republic of
 * Ireland")?  Not "District" or "Province" ("District of Columbia" is no Columbia), nor a
 * geographic feature.  "City" names a town only: "City of Mexico", "City of Kuwait" and "City
 * of Quebec" are no country or province.  A polity's word names a country or region only:
 * "Kingdom of Naples", "Kingdom of Jerusalem" and "State of São Paulo" are no city. */
static int polity_of_place(const ctx *c, const tok *t, const bl_gz_entry *p)
{
    static const char *const polities[] = {"state", "kingdom", "republic", "emirate",
                                           "commonwealth", "principality", NULL};
    if (!p)
        return 0;
    int major = (p->flags & BL_GZ_MAJOR_PLACE) != 0;
    if (term_is(c, t, "city"))
        return !major;
    return term_in(c, t, polities) && major;
}

/* Is the run [a,b) such a word, "of", and one known place?  One place, the word included. */
static int place_kind_of_place(const ctx *c, const unit *u, size_t a, size_t b)
{
    return b - a == 3 && u[a].t1 - u[a].t0 == 1 && place_kind_of(c, &c->toks[u[a].t0]) &&
           u[a + 1].conn && u[a + 1].t1 - u[a + 1].t0 == 1 &&
           term_is(c, &c->toks[u[a + 1].t0], "of") && (u[b - 1].names & BL_GZ_PLACE) &&
           !(u[b - 1].names & (BL_GZ_DEMONYM | BL_GZ_ORG));
}

/* Is unit u, word for word, one of phrases (NULL-terminated; each the analyzer's terms
 * joined by single spaces: "air force")? */
static int unit_is_phrase(const ctx *c, const unit *u, const char *const *phrases)
{
    for (; *phrases; phrases++) {
        const char *w = *phrases;
        size_t k = u->t0;
        for (; k < u->t1 && *w; k++) {
            size_t n = strcspn(w, " ");
            const tok *t = &c->toks[k];
            if (t->term_len != n || memcmp(term_of(c, t), w, n) != 0)
                break;
            w += n + (w[n] == ' ');
        }
        if (k == u->t1 && !*w)
            return 1;
    }
    return 0;
}

/* Is unit u a known organisation that is one of a country's armed services, named by the
 * service alone ("Army", "Navy", "Air Force", "Marines", "Coast Guard")? */
static int service_unit(const ctx *c, const unit *u)
{
    static const char *const services[] = {"army", "navy", "marines", "air force",
                                           "coast guard", "national guard", "marine corps",
                                           NULL};
    return (u->names & BL_GZ_ORG) && unit_is_phrase(c, u, services);
}

/* Is unit u a known organisation that each country has its own of, named without an
 * organisation's last word ("Red Cross", "House of Representatives")? */
static int national_body(const ctx *c, const unit *u)
{
    static const char *const bodies[] = {"red cross", "red crescent",
                                         "house of representatives", "house of commons",
                                         "house of lords", NULL};
    return (u->names & BL_GZ_ORG) && unit_is_phrase(c, u, bodies);
}

/* Does the run [a,b) open with a superlative ("Hottest", "Greatest") and hold no known name?
 * ("Best" and "Most" are left alone: "Best Buy", "America's Most Wanted".) */
static int superlative_run(const ctx *c, const unit *u, size_t a, size_t b)
{
    static const char *const sup[] = {"greatest", "hottest", "biggest", "largest", "finest",
                                      "oldest", "newest", "highest", "lowest", "latest",
                                      "smallest", "fastest", "strongest", "richest", "tallest",
                                      "longest", "youngest", "brightest", "deadliest", "worst",
                                      "nearest", "coolest", "busiest", "poorest", "safest",
                                      "toughest", "wealthiest", "hardest", "loudest", NULL};
    if (u[a].conn || u[a].t1 - u[a].t0 != 1 || !term_in(c, &c->toks[u[a].t0], sup))
        return 0;
    for (size_t k = a; k < b; k++)
        if (u[k].names)
            return 0;
    return 1;
}

/* The unit of [a,b) that is "Champion(s)" alone, not a known name nor the first word of an
 * event's or a body's name ("Champions League", "Champions Trophy"), or b. */
static size_t champion_at(const ctx *c, const unit *u, size_t a, size_t b)
{
    for (size_t k = a; k < b; k++)
        if (!u[k].names && !u[k].conn && u[k].t1 - u[k].t0 == 1 &&
            (term_is(c, &c->toks[u[k].t0], "champion") ||
             term_is(c, &c->toks[u[k].t0], "champions")))
            return k + 1 < b && (uflags(c, &u[k + 1]) & (BL_GZ_ORG_TAIL | BL_GZ_EVENT_TAIL |
                                                         BL_GZ_PLACE_TAIL | BL_GZ_GENERIC |
                                                         BL_GZ_NONNAME))
                       ? b
                       : k;
    return b;
}

/* One capitalised adjective (in -an, -ic, -ist, -ive) that no list names, but which with
 * "Party" names a listed party ("Republican": "the Republican Party"; "Democratic"): the
 * party's adjective or one of its members ("Republican leaders", "a Republican senator",
 * "I'm a Republican"), which names no organisation on its own, as "American leaders" names
 * no country.  A noun that names the party alone stays ("Labor", "Likud"), as does a word
 * listed as a party's name ("Labour"). */
static int party_adjective(const ctx *c, const unit *u, size_t a, size_t b)
{
    if (b - a != 1 || u[a].t1 - u[a].t0 != 1 || (u[a].names & BL_GZ_NAME_CLASSES))
        return 0;
    const tok *t = &c->toks[u[a].t0];
    char buf[64];
    static const char party[] = " party";
    if (!is_capitalised(t) || t->term_len < 5 || t->term_len + sizeof party > sizeof buf)
        return 0;
    const char *w = term_of(c, t), *end = w + t->term_len;
    if (memcmp(end - 2, "an", 2) && memcmp(end - 2, "ic", 2) && memcmp(end - 3, "ist", 3) &&
        memcmp(end - 3, "ive", 3))
        return 0;
    memcpy(buf, w, t->term_len);
    memcpy(buf + t->term_len, party, sizeof party);
    const bl_gz_entry *e = bl_gazetteer_lookup(c->gz, buf, t->term_len + sizeof party - 1);
    return e && (e->flags & BL_GZ_ORG);
}

/* Do units e and e + 1 grade a rank ("First Class" in "Private First Class", "Sergeant
 * First Class", "Petty Officer Second Class")?  Part of the title before them. */
static int rank_class(const ctx *c, const unit *u, size_t e, size_t b)
{
    static const char *const grades[] = {"first", "second", "third", NULL};
    return e + 1 < b && !u[e].names && !u[e + 1].names && u[e].t1 - u[e].t0 == 1 &&
           u[e + 1].t1 - u[e + 1].t0 == 1 && is_capitalised(&c->toks[u[e].t0]) &&
           term_in(c, &c->toks[u[e].t0], grades) && term_is(c, &c->toks[u[e + 1].t0], "class");
}

/* Is the run [a,b) of one or two plain words a listed place's dweller ("Minnesotan",
 * "Berliner", "New Englander": New England)? */
static int dweller_run(const ctx *c, const unit *u, size_t a, size_t b)
{
    if (b - a < 1 || b - a > 2)
        return 0;
    char pre[32];
    size_t pl = 0;
    for (size_t k = a; k < b; k++) {
        const tok *t = &c->toks[u[k].t0];
        if (u[k].conn || u[k].names || u[k].t1 - u[k].t0 != 1 || (tflags(t) & BL_GZ_GIVEN))
            return 0;
        if (k + 1 < b) {
            if (pl + t->term_len + 1 >= sizeof pre)
                return 0;
            memcpy(pre + pl, term_of(c, t), t->term_len);
            pl += t->term_len;
            pre[pl++] = ' ';
        }
    }
    return place_dweller_after(c, &c->toks[u[b - 1].t0], pre, pl);
}

/* Is t a word that names a newspaper after its city, as "Constitution" does, and that the
 * lists do not make an organisation's last word ("the Sacramento Bee", "the Des Moines
 * Register", "the Cincinnati Enquirer", "the Fort Worth Star-Telegram")? */
static int city_paper_word(const ctx *c, const tok *t)
{
    static const char *const words[] = {"bee", "register", "enquirer", "telegram",
                                        "advertiser", "picayune", NULL};
    return is_capitalised(t) && term_in(c, t, words);
}

/* A city's name and "Constitution" ("the Atlanta Constitution"): a city has no
 * constitution, so this is its newspaper, as "the Boston Herald" is; a state's or a
 * country's ("the Georgia Constitution") is the law. */
static int city_constitution(const ctx *c, const unit *u, size_t a, size_t b)
{
    if (b - a != 2 && !(b - a == 3 && (c->toks[u[a + 2].t0].xflags & X_HYPHEN)))
        return 0;
    const unit *city = &u[a], *tail = &u[b - 1];
    uint32_t f = uflags(c, city);
    return tail->t1 - tail->t0 == 1 && !tail->names && !tail->conn &&
           (term_is(c, &c->toks[tail->t0], "constitution") ||
            city_paper_word(c, &c->toks[tail->t0])) &&
           (((city->names & BL_GZ_PLACE) && (f & BL_GZ_CITY)) || (f & BL_GZ_TOWN_NAME)) &&
           !(f & (BL_GZ_COUNTRY | BL_GZ_MAJOR_PLACE));
}

/* Type and emit the units [a,b) of a run.  cue: a person title came before. */
/* Is the run [a,b) a listed organisation (no place, nationality or given name) and one
 * capitalised word of no list joined to it by a hyphen alone ("Daimler-Benz")? */
static int hyphened_company(const ctx *c, const unit *u, size_t a, size_t b)
{
    if (b - a != 2 || u[a].t1 - u[a].t0 != 1 || u[a + 1].t1 - u[a + 1].t0 != 1 ||
        !(u[a].names & BL_GZ_ORG) ||
        (u[a].names & (BL_GZ_PLACE | BL_GZ_PLACE_CAPS | BL_GZ_DEMONYM | BL_GZ_OTHER)) ||
        (uflags(c, &u[a]) & BL_GZ_GIVEN) || u[a + 1].names || u[a + 1].conn)
        return 0;
    const tok *l = &c->toks[u[a].t0], *r = &c->toks[u[a + 1].t0];
    return (r->xflags & X_HYPHEN) && r->start == l->raw_end + 1 && c->text[l->raw_end] == '-' &&
           is_capitalised(r) && !(l->xflags & X_POSS) &&
           !(tflags(r) & (BL_GZ_COMMON | BL_GZ_TITLE | BL_GZ_GIVEN | BL_GZ_NONNAME |
                          BL_GZ_GENERIC));
}

static void classify(ctx *c, unit *u, size_t a, size_t b, int cue)
{
    /* no connectors at the ends */
    while (a < b && u[a].conn && !(tflags(&c->toks[u[a].t0]) & BL_GZ_PARTICLE &&
                                   a + 1 < b && (c->toks[u[a + 1].t0].xflags & X_HYPHEN)))
        a++;
    while (b > a && u[b - 1].conn)
        b--;
    if (a >= b || c->oom)
        return;
    uint32_t lf = uflags(c, &u[b - 1]);
    /* a number or quantifier opening the sentence counts what follows, even an organisation
     * ("Three U.S. Navy sailors", "Several Army officers"); so does an adverb ("Meantime
     * Center for Constitutional Rights said") */
    if (b - a >= 2 && u[a].t1 - u[a].t0 == 1 && !u[a].names &&
        (c->toks[u[a].t0].xflags & X_UNINF)) {
        static const char *const counting[] = {"two", "three", "four", "five", "six", "seven",
                                               "eight", "nine", "ten", "eleven", "twelve",
                                               "dozens", "hundreds", "thousands", "several",
                                               "many", "some", "few", "both", "most",
                                               "meantime", "meanwhile", NULL};
        if (term_in(c, &c->toks[u[a].t0], counting))
            a++;
    }
    /* "Former ...", a sentence-initial common word before a name ("Several Iraqis"), common
     * words before a person's given name and surname ("Defendant Asher Weisgan", "County
     * Coroner William McLaughlin") and a lower-case word left by a hyphen ("Ethiopian-born
     * Hamdi Issac" after "Ethiopian") */
    while (b - a >= 2 && !u[a].names && !(lf & (BL_GZ_ORG_TAIL | BL_GZ_EVENT_TAIL))) {
        uint32_t f = uflags(c, &u[a]);
        const tok *t = &c->toks[u[a].t0];
        int mod = (f & BL_GZ_TITLE_MOD) && !(f & (BL_GZ_PORTFOLIO | BL_GZ_ORG_HEAD | BL_GZ_TITLE));
        int plain_common = (f & BL_GZ_COMMON) && u[a].t1 - u[a].t0 == 1 &&
                           !(f & (BL_GZ_TITLE | BL_GZ_TITLE_MOD | BL_GZ_PORTFOLIO |
                                  BL_GZ_ORG_HEAD | BL_GZ_EVENT_HEAD | BL_GZ_PLACE_HEAD |
                                  BL_GZ_GIVEN | BL_GZ_NAME_CLASSES | BL_GZ_PARTICLE));
        int common = (t->xflags & X_UNINF) && plain_common && u[a + 1].names;
        /* a plural for people or firms in a role, opening the sentence, says whom or what
         * the name after it names and is no part of it ("Brokers Castellane and Varrow
         * advised", "Analysts Quarrin and Telbaum said"; not "Times Square", "Friends
         * Provident") */
        if ((t->xflags & X_UNINF) && plain_common && !u[a + 1].conn &&
            (market_people(c, t) || firm_plural(c, t)))
            common = 1;
        int before_given = plain_common && b - a >= 3 && given_name_unit(c, &u[a + 1]);
        int lower = !is_capitalised(t) && !u[a].conn && !(f & BL_GZ_PARTICLE);
        /* "fellow Minnesotan Scott LeDoux", "Queenslander Mitchell Rawlins": the dweller's
         * word is a demonym of its own */
        int dweller = !f && u[a].t1 - u[a].t0 == 1 && b - a >= 3 &&
                      given_name_unit(c, &u[a + 1]) && place_dweller(c, t);
        if (!mod && !common && !before_given && !lower && !dweller)
            break;
        if (dweller) {
            mention *dm = emit(c, u[a].t0, u[a].t1, NULL, 0, 0);
            if (dm)
                add_vote(dm->votes, BL_ENTITY_OTHER, VOTE.demonym_tail);
        }
        a++;
    }
    size_t m = b - a;

    /* A US state's abbreviation after a town is the state ("Temple, Pa.", "Austin, TX"), and
     * so is a postal code after "in" ("still in CA."), though the word alone is generic
     * ("Boise, ID", where "ID" alone is none) */
    const char *state = NULL;
    if (m == 1 && u[a].t1 - u[a].t0 == 1 && !(state = state_abbreviation(c, u[a].t0)))
        state = state_after_preposition(c, u[a].t0);
    if (state) {
        emit_cue(c, u[a].t0, u[a].t1, state, strlen(state), BL_ENTITY_PLACE, VOTE.gazetteer);
        return;
    }
    /* Generic words alone are no entity ("the Government", "the West"). */
    if (generic_run(c, u, a, b) || plural_title_run(c, u, a, b))
        return;
    if (city_constitution(c, u, a, b)) {
        emit_cue(c, u[a].t0, u[b - 1].t1, NULL, 0, BL_ENTITY_ORG, VOTE.org_tail);
        return;
    }
    /* Nor a party's adjective ("Republican leaders") */
    if (party_adjective(c, u, a, b))
        return;
    /* A place's dweller is an "other" name, as a nation's demonym is ("a Minnesotan", "a New
     * Englander") */
    if (!cue && dweller_run(c, u, a, b)) {
        emit_cue(c, u[a].t0, u[b - 1].t1, NULL, 0, BL_ENTITY_OTHER, VOTE.demonym_tail);
        return;
    }
    /* Nor is a period of history ("the Middle Ages", "the New Stone Age", "the Bronze Age") */
    static const char *const ages[] = {"age", "ages", NULL};
    if (m >= 2 && !u[b - 1].names && u[b - 1].t1 - u[b - 1].t0 == 1 &&
        term_in(c, &c->toks[u[b - 1].t0], ages))
        return;

    /* Nor is a superlative's phrase ("Miami's Hottest Venue", "the 100 Greatest Hockey
     * Players"): a name says which, not which is most */
    if (m >= 2 && superlative_run(c, u, a, b))
        return;
    /* A champion's word says what a name won, and is no part of it ("NFL Champion Baltimore
     * Colts": two organisations; "the 2007 World Champion": none) */
    if (m >= 2) {
        size_t k = champion_at(c, u, a, b);
        if (k < b) {
            int named = 0;
            for (size_t j = a; j < k && !named; j++)
                named = u[j].names ||
                        (u[j].t1 - u[j].t0 == 1 && is_acronym_tok(c, &c->toks[u[j].t0]));
            if (named)
                classify(c, u, a, k, 0);
            if (k + 1 < b)
                classify(c, u, k + 1, b, cue);
            return;
        }
    }


    /* A known organisation's one-word name after a person's title is a person named like it
     * ("Mr. Trimble", "Dr. Fing": brands of the lists are surnames too); a place keeps its
     * own rules ("Mr. Jordan" is left to them). */
    if (m == 1 && cue == 1 && (u[a].names & (BL_GZ_ORG | BL_GZ_ORG_CAPS)) &&
        !(u[a].names & (BL_GZ_PLACE | BL_GZ_PLACE_CAPS | BL_GZ_DEMONYM)) &&
        u[a].t1 - u[a].t0 == 1) {
        emit_plain(c, u, a, b, cue);
        return;
    }
    /* A whole gazetteer name. */
    if (m == 1 && u[a].names) {
        lowercase_ministry(c, &u[a]); /* "Indian defence ministry" */
        emit_gaz(c, &u[a]);           /* the qualifier is an entity of its own too */
        return;
    }

    /* A title inside: [prefix][title words][person].  Not when the run ends as an
     * organisation ("Justice Ministry", "Defence Council"), nor as a place or event with no
     * connector inside ("Prince Edward Island", "Queen Victoria Park"). */
    int place_named = 0; /* "Prince Edward Island"; not "Secretary of State", not "Mayor John
                            Street" (a ruler's or saint's title names places, an office not) */
    if (m >= 2 && (lf & (BL_GZ_PLACE_TAIL | BL_GZ_EVENT_TAIL))) {
        static const char *const rulers[] = {"king", "queen", "prince", "princess", "saint",
                                             "st", "emperor", "empress", "pope", "lord", "lady",
                                             "dame",
                                             "duke", "duchess", "sultan", "emir", NULL};
        place_named = 1;
        for (size_t k = a; k < b && place_named; k++) {
            if (u[k].conn)
                place_named = 0;
            else if (!u[k].names && (uflags(c, &u[k]) & BL_GZ_TITLE)) {
                int ruler = 0;
                for (int j = 0; rulers[j] && !ruler; j++)
                    ruler = term_is(c, &c->toks[u[k].t0], rulers[j]);
                place_named = ruler;
            }
        }
    }
    if (!(m >= 2 && lf & BL_GZ_ORG_TAIL) && !place_named) {
        for (size_t t = a; t < b; t++) {
            if (u[t].names || !(uflags(c, &u[t]) & BL_GZ_TITLE) ||
                (t + 1 < b && (c->toks[u[t].t1 - 1].xflags & X_POSS)))
                continue; /* a possessor: "King's College London" names no king */
            if (given_before(c, u, a, t))
                continue; /* a surname: "John Major", "Martin Luther King" */
            size_t s = t, e = t + 1;
            while (s > a && !u[s - 1].names && is_title_word(uflags(c, &u[s - 1])))
                s--;
            while (e < b) {
                if (!u[e].names && is_title_word(uflags(c, &u[e]))) {
                    e++;
                } else if (rank_class(c, u, e, b)) {
                    e += 2;
                } else if (u[e].conn && e + 1 < b && !u[e + 1].names &&
                           uflags(c, &u[e + 1]) & BL_GZ_PORTFOLIO) {
                    e += 2;
                } else
                    break;
            }
            /* an armed service before a title is part of the title ("Navy Capt. Jeff
             * Davis", "U.S. Army Gen. Joseph Votel", "Navy Secretary Gordon England") */
            if (s > a && service_unit(c, &u[s - 1]))
                s--;
            /* "General Motors" style: title word then an organisation tail */
            classify(c, u, a, s, 0);
            if (e < b)
                classify(c, u, e, b, 1);
            return;
        }
    }

    /* Organisations: "... Ministry", "Ministry of ...", with a country qualifier kept. */
    size_t p0, p1;
    if (m >= 2 && generic_ministry(c, u, a + (u[a].names ? 1 : 0), b, &p0, &p1)) {
        size_t dl = 0;
        const char *dem = NULL;
        size_t from = u[a].t0;
        if (u[a].names) {
            from = u[a + 1].t0; /* the span is the ministry's own words */
            dem = qualifier_demonym(u[a].gz, u[a].names, &dl);
            emit_gaz(c, &u[a]);
        } else if (c->poss_tok != SIZE_MAX && c->poss_tok + 1 == u[a].t0) {
            dem = qualifier_demonym(c->poss_gz, c->poss_gz ? c->poss_gz->flags : 0, &dl);
        }
        if (dem) {
            if (ministry_name(c, dem, dl, p0, p1) < 0) {
                c->oom = 1;
                return;
            }
            emit_cue(c, from, u[b - 1].t1, c->scratch.s, c->scratch.len, BL_ENTITY_ORG,
                     VOTE.ministry);
            return;
        }
        if (u[a].names) {
            emit_plain(c, u, a + 1, b, 0);
            return;
        }
    }

    /* "Gulf of Oman", "Port of Liverpool": a word for a kind of place, "of", a known place;
     * "State of Texas", "Kingdom of Jordan" name that place itself, one facet with it */
    if (place_kind_of_place(c, u, a, b)) {
        size_t dl = 0;
        const char *d = polity_of_place(c, &c->toks[u[a].t0], u[b - 1].gz)
                            ? bl_gazetteer_display(u[b - 1].gz, BL_GZ_DISP_PLACE, &dl)
                            : NULL;
        emit_cue(c, u[a].t0, u[b - 1].t1, d, d ? dl : 0, BL_ENTITY_PLACE, VOTE.place_tail);
        return;
    }
    /* A demonym before a word for a state is a place ("Russian Empire", "Portuguese
     * Republic", "Ottoman Caliphate") */
    if (m == 2 && (u[a].names & BL_GZ_DEMONYM) && !u[a + 1].names &&
        u[a + 1].t1 - u[a + 1].t0 == 1) {
        static const char *const polities[] = {"empire", "republic", "kingdom", "caliphate",
                                               "sultanate", "emirate", "khanate", NULL};
        if (term_in(c, &c->toks[u[a + 1].t0], polities)) {
            emit_cue(c, u[a].t0, u[a + 1].t1, NULL, 0, BL_ENTITY_PLACE, VOTE.place_tail);
            return;
        }
    }
    /* A word for an empire after one or two capitalised words that name no person or
     * organisation is a place ("Ottoman Empire", "Holy Roman Empire", "Mughal Empire") */
    if (m >= 2 && m <= 3 && !u[b - 1].names && u[b - 1].t1 - u[b - 1].t0 == 1) {
        static const char *const empires[] = {"empire", "caliphate", "sultanate", "khanate",
                                              NULL};
        int ok = term_in(c, &c->toks[u[b - 1].t0], empires);
        for (size_t k = a; k + 1 < b && ok; k++)
            ok = !u[k].conn && u[k].t1 - u[k].t0 == 1 && is_capitalised(&c->toks[u[k].t0]) &&
                 !(u[k].names & (BL_GZ_ORG | BL_GZ_ORG_CAPS)) &&
                 !(uflags(c, &u[k]) & (BL_GZ_TITLE | BL_GZ_ORG_TAIL | BL_GZ_NONNAME));
        if (ok) {
            emit_cue(c, u[a].t0, u[b - 1].t1, NULL, 0, BL_ENTITY_PLACE, VOTE.place_tail);
            return;
        }
    }
    /* A faith or other group's word before an organisation known by a plural name is one
     * organisation ("Christian Democrats", "Christian Socialists"); a nationality stays its
     * own entity ("American Democrats") */
    if (m == 2 && (u[a].names & BL_GZ_OTHER) &&
        !(u[a].names & (BL_GZ_DEMONYM | BL_GZ_PLACE | BL_GZ_PLACE_CAPS)) &&
        (u[b - 1].names & BL_GZ_ORG) && looks_plural(c, &c->toks[u[b - 1].t1 - 1])) {
        emit_cue(c, u[a].t0, u[b - 1].t1, NULL, 0, BL_ENTITY_ORG, VOTE.org_name_tail);
        return;
    }
    /* A place that is also a given name, then one or two capitalised words that no list
     * knows as names or common words: a person ("Jordan Henderson", "Victoria Quarrington",
     * "Chad Edward Gaudin"; not "Jordan Valley", "Victoria Cross") */
    if (given_place_person(c, u, a, b)) {
        emit_plain(c, u, a, b, cue ? cue : 2);
        return;
    }
    /* A country's own national body is named with its country, as "U.S. Army" and
     * "Honduran Congress" are by their last words ("American Red Cross", "U.S. House of
     * Representatives") */
    if (m == 2 && (u[a].names & (BL_GZ_DEMONYM | BL_GZ_PLACE | BL_GZ_PLACE_CAPS)) &&
        !(c->toks[u[a + 1].t0].xflags & X_HYPHEN) && national_body(c, &u[a + 1])) {
        emit_cue(c, u[a].t0, u[b - 1].t1, NULL, 0, BL_ENTITY_ORG, VOTE.gazetteer);
        return;
    }
    /* A listed company's name joined by a hyphen to a capitalised word of no list is one
     * company's name ("Daimler-Benz", as "Rolls-Royce"; not "Microsoft-Yahoo": two listed
     * names) */
    if (hyphened_company(c, u, a, b)) {
        emit_cue(c, u[a].t0, u[b - 1].t1, NULL, 0, BL_ENTITY_ORG, VOTE.org_tail);
        return;
    }
    /* A demonym or place in front of something that is not an organisation or event:
     * its own entity ("Iraqi Shi'ite", "Israel-India"). */
    if (m >= 2 && u[a].names && !(lf & (BL_GZ_ORG_TAIL | BL_GZ_EVENT_TAIL | BL_GZ_PLACE_TAIL)) &&
        !(m >= 4 && (u[a].names & BL_GZ_DEMONYM) && org_head_of(c, u, a + 1, b))) {
        int all_names = 1;
        for (size_t k = a; k < b; k++)
            if (!u[k].names && !u[k].conn)
                all_names = 0;
        uint32_t nf = uflags(c, &u[a + 1]);
        if (all_names || (u[a].names & BL_GZ_DEMONYM) ||
            ((nf & BL_GZ_GIVEN) && !bay_team(c, u, a, b)) ||
            (c->toks[u[a + 1].t0].xflags & X_HYPHEN)) {
            emit_gaz(c, &u[a]);
            classify(c, u, a + 1, b, cue);
            return;
        }
    }
    if (m >= 2 && u[b - 1].names && (c->toks[u[b - 1].t0].xflags & X_HYPHEN)) {
        /* "Baram-Israel": a known name after a hyphen */
        classify(c, u, a, b - 1, cue);
        emit_gaz(c, &u[b - 1]);
        return;
    }
    emit_plain(c, u, a, b, cue);
}

/* May the run go on from unit `prev` with connector tokens [i,j) to token j?  `has_head`:
 * the run has an organisation/place/event word; `has_of`: it already took an of/for. */
/* Does the name that starts at token j end as a law within four words ("... Medical Leave
 * Act", "... Women Act")?  Its title may hold "and" and "against". */
static int law_ahead(const ctx *c, size_t j)
{
    for (size_t k = j; k < c->ntoks && k < j + 4; k++) {
        const tok *t = &c->toks[k];
        if (!(t->xflags & X_NAME) || (k > j && (t->xflags & X_BREAK)) || (t->xflags & X_POSS))
            return 0;
        if (term_is(c, t, "act"))
            return 1;
    }
    return 0;
}

/* Does a law's title open at token i with "No" ("the No Child Left Behind Act")? */
static int law_start(const ctx *c, size_t i)
{
    const tok *t = &c->toks[i];
    return is_capitalised(t) && !(t->xflags & (X_UNINF | X_SKIP)) && term_is(c, t, "no") &&
           law_ahead(c, i + 1);
}

/* The gazetteer name classes of the name that starts at token j (its longest gazetteer
 * unit, else the token alone), or 0. */
static uint32_t names_at(ctx *c, size_t j)
{
    unit p;
    if (gaz_unit(c, j, &p))
        return p.names;
    return name_classes(c, c->toks[j].gz, j, j + 1);
}

/* Does a complete name of its own start at token j: a known place or organisation ("for
 * the St. Louis Eagles", "in Beijing"), or a club's form and its name ("for FC Basel")? */
static int own_name_at(ctx *c, size_t j)
{
    if (is_club_form(c, &c->toks[j]) && j + 1 < c->ntoks &&
        (c->toks[j + 1].xflags & X_NAME) && !(c->toks[j + 1].xflags & X_BREAK))
        return 1;
    uint32_t f = names_at(c, j);
    return (f & (BL_GZ_PLACE | BL_GZ_PLACE_CAPS | BL_GZ_ORG | BL_GZ_ORG_CAPS)) &&
           !(f & BL_GZ_DEMONYM);
}

/* Is the run u[0..nu) already a complete organisation's name: a known one ("National
 * Hockey League"), or two or more words ending in an organisation's last word ("Swiss Super
 * League", "Victoria Hockey Club")? */
static int complete_org(const ctx *c, const unit *u, size_t nu)
{
    const unit *l = &u[nu - 1];
    if (l->conn)
        return 0;
    if (l->names & (BL_GZ_ORG | BL_GZ_ORG_CAPS))
        return 1;
    if (!(uflags(c, l) & BL_GZ_ORG_TAIL) || l->names)
        return 0;
    for (size_t k = 0; k < nu; k++)
        if (u[k].conn)
            return 0;
    return nu >= 2 || l->t1 - l->t0 >= 2;
}

/* Is the unit a name's museum or its hall of fame: ending in "Museum" ("the Senckenberg
 * Museum", "the Metropolitan Museum" before "of Art"), or "Hall" before "of Fame" (next: the
 * token after the unit, or NULL)?  A museum, as a hall of fame, is a body that keeps and
 * shows things, an organisation whatever it is named after. */
static int museum_unit(const ctx *c, const unit *l, const tok *next)
{
    if (l->conn || l->names)
        return 0;
    const tok *t = &c->toks[l->t1 - 1];
    if (term_is(c, t, "museum"))
        return 1;
    if (!next || !term_is(c, t, "hall") || !term_is(c, next, "of"))
        return 0;
    /* a named one ("the Hockey Hall of Fame"; "the Hall of Fame" alone may be any) */
    const tok *p = l->t1 >= 2 ? t - 1 : NULL;
    if (p && (p->xflags & X_SKIP) && p > c->toks)
        p--; /* a possessor in tokenised text ("Badminton Canada 's Hall of Fame") */
    if (!p || (t->xflags & X_BREAK) || !is_capitalised(p) || term_is(c, p, "the"))
        return 0;
    size_t f = (size_t)(next - c->toks) + 1;
    /* the name ends at "Fame" ("Hall of Fame inductee X"; not "Hall of Fame Pitcher X") */
    return f < c->ntoks && term_is(c, &c->toks[f], "fame") && is_capitalised(&c->toks[f]) &&
           !(c->toks[f].xflags & X_BREAK) &&
           (f + 1 >= c->ntoks || (c->toks[f + 1].xflags & X_BREAK) ||
            !is_capitalised(&c->toks[f + 1]));
}

static int connector_ok(ctx *c, const unit *u, size_t nu, size_t i, size_t j)
{
    const tok *first = &c->toks[i];
    const tok *next = &c->toks[j];
    int head = 0, of = 0, title_last = 0;
    for (size_t k = 0; k < nu; k++) {
        uint32_t f = uflags(c, &u[k]);
        if (f & (BL_GZ_ORG_HEAD | BL_GZ_ORG_TAIL | BL_GZ_PLACE_HEAD | BL_GZ_EVENT_HEAD))
            head = 1;
        if (u[k].conn && (term_is(c, &c->toks[u[k].t0], "of") ||
                          term_is(c, &c->toks[u[k].t0], "for")))
            of = 1;
    }
    title_last = (uflags(c, &u[nu - 1]) & BL_GZ_TITLE) && !u[nu - 1].names;
    uint32_t nf = tflags(next);
    if (j - i == 1 && (tflags(first) & BL_GZ_PARTICLE) && !(tflags(first) & BL_GZ_CONNECTOR &&
                                                             term_is(c, first, "of"))) {
        /* "Osama bin Laden", "Lula da Silva": between parts of a person's name; also after a
         * one-word town after a given name (or itself a given name) when the particle is
         * hyphenated ("Ali Hassan al-Majid": Hassan is a town in India as well) */
        const unit *p = &u[nu - 1];
        uint32_t pf = uflags(c, p);
        int town = p->names == BL_GZ_PLACE && p->t1 - p->t0 == 1 && (next->xflags & X_HYPHEN) &&
                   (pf & BL_GZ_CITY) && !(pf & (BL_GZ_MAJOR_PLACE | BL_GZ_COUNTRY)) &&
                   ((pf & BL_GZ_GIVEN) || (nu >= 2 && given_name_unit(c, &u[nu - 2])));
        return (!p->names || town) && !(nf & BL_GZ_NAME_CLASSES) &&
               !(pf & (BL_GZ_ORG_TAIL | BL_GZ_TITLE));
    }
    if (j - i == 2 && (tflags(first) & BL_GZ_PARTICLE) &&
        (tflags(&c->toks[i + 1]) & BL_GZ_PARTICLE) && !term_is(c, first, "of") &&
        !term_is(c, &c->toks[i + 1], "of") && !term_is(c, &c->toks[i + 1], "the")) {
        /* "Ursula von der Leyen", "Jean de la Fontaine", "Rafael van der Vaart" */
        return !u[nu - 1].names && !(nf & BL_GZ_NAME_CLASSES) &&
               !(uflags(c, &u[nu - 1]) & (BL_GZ_ORG_TAIL | BL_GZ_TITLE | BL_GZ_ORG_HEAD));
    }
    if (term_is(c, first, "of") || term_is(c, first, "for")) {
        if (j - i == 2 && !term_is(c, &c->toks[i + 1], "the"))
            return 0;
        /* "Swiss Super League for FC Basel", "the National Hockey League for the St. Louis
         * Eagles": a complete organisation, then another name: two names, not one */
        if (term_is(c, first, "for") && complete_org(c, u, nu) && own_name_at(c, j))
            return 0;
        if (title_last)
            return (nf & BL_GZ_PORTFOLIO) != 0; /* "Secretary of State" */
        if (nu == 1 && j - i == 1 && !u[0].names && u[0].t1 - u[0].t0 == 1 &&
            place_kind_of(c, &c->toks[u[0].t0]) && (nf & BL_GZ_PLACE))
            return 1; /* "Sea of Oman", "Port of Liverpool" */
        if (j - i == 1 && term_is(c, first, "of") && !of && museum_unit(c, &u[nu - 1], first))
            return 1; /* "Metropolitan Museum of Art", "Hockey Hall of Fame" */
        return head && !of;
    }
    if (j - i == 1 && term_is(c, first, "on") &&
        (uflags(c, &u[nu - 1]) & (BL_GZ_ORG_HEAD | BL_GZ_ORG_TAIL)) && !u[nu - 1].names)
        return 1; /* "Commission on Human Rights" */
    if (j - i == 1 && term_is(c, first, "and") && !of) {
        if ((uflags(c, &u[nu - 1]) & BL_GZ_COMPANY) || u[nu - 1].names)
            return 0; /* "Siemens AG and Bosch", "the World Bank and the IMF": two names */
        /* "Trevan Bank and Sollis Bancorp": a complete organisation, then a name of its own
         * ending as one, are two (not "First Quarrin Bank and Trust Company": what follows
         * "and" begins with an organisation's word) */
        if (complete_org(c, u, nu) && !(nf & (BL_GZ_ORG_TAIL | BL_GZ_ORG_HEAD)))
            return 0;
        /* "Family and Medical Leave Act": a law's title */
        if (law_ahead(c, j))
            return !(nf & BL_GZ_NAME_CLASSES);
        /* "Food and Drug Administration": the run after "and" ends as an organisation */
        for (size_t k = j; k < c->ntoks && k < j + 4; k++) {
            const tok *t = &c->toks[k];
            if (!(t->xflags & X_NAME) || (k > j && (t->xflags & X_BREAK)))
                break;
            if (tflags(t) & BL_GZ_ORG_TAIL)
                return !(nf & BL_GZ_NAME_CLASSES);
            if (t->xflags & X_POSS)
                break;
        }
        /* "the opposition Freedom and Justice party boycotted" */
        if (party_and_ahead(c, j))
            return !(nf & BL_GZ_NAME_CLASSES);
        return 0;
    }
    if (j - i == 1 && term_is(c, first, "against"))
        return law_ahead(c, j); /* "Violence Against Women Act" */
    if (term_is(c, first, "and") || term_is(c, first, "on") || term_is(c, first, "in")) {
        if (j - i != 1 || !of || !head)
            return 0;
        /* "University of Peking in Beijing", "the Ministry of Foreign Affairs in Kabul": a
         * known place after "in" says where the body is (a known name with "in" inside,
         * "Organization for Security and Cooperation in Europe", is one gazetteer unit) */
        if (term_is(c, first, "in") && own_name_at(c, j))
            return 0;
        return !(nf & (BL_GZ_PLACE | BL_GZ_ORG)) || term_is(c, first, "in");
    }
    return 0;
}

/* Is token j a company's legal form that continues the name before it ("Acme Holdings plc",
 * "Apple, Inc.")?  Lower case or capitalised, after a space or a comma alone. */
static int is_company_form(const ctx *c, size_t j)
{
    const tok *n = &c->toks[j];
    if (!(tflags(n) & BL_GZ_COMPANY) || (n->xflags & (X_SKIP | X_LINE | X_HYPHEN)) ||
        (j + 1 < c->ntoks && (c->toks[j + 1].xflags & X_HYPHEN)))
        return 0;
    /* a form that is also a lower-case English word is the form only with its capital
     * ("Brenn SpA", "Halden AB"; not "the Bellagio spa", "a Pilates ab workout") */
    if (((tflags(n) & BL_GZ_COMMON) || term_is(c, n, "ab")) && !has_upper(c, n))
        return 0;
    if (!(n->xflags & X_BREAK))
        return 1;
    if (!(n->xflags & X_COMMA) || (n->xflags & X_UNINF))
        return 0;
    for (size_t k = c->toks[j - 1].raw_end; k < n->start; k++)
        if (c->text[k] != ',' && c->text[k] != ' ')
            return 0;
    return 1;
}

/* Do the capitalised words from token j on end with an organisation's last word ("Party",
 * "Brigades", "Association"), so that a plural possessive before them is inside the name? */
static int org_after_possessive(const ctx *c, size_t j)
{
    size_t k = j;
    while (k < c->ntoks && k < j + 4 && (k == j || !(c->toks[k].xflags & X_BREAK)) &&
           is_capitalised(&c->toks[k]) && !(c->toks[k].xflags & X_SKIP))
        k++;
    return k > j && (tflags(&c->toks[k - 1]) & BL_GZ_ORG_TAIL) &&
           !(c->toks[k - 1].xflags & X_POSS);
}

/* Does the possessive before token j stay inside the name of a church, hospital or college
 * ("St Paul's Cathedral", "Guy's Hospital", "King's College London", "St Mary 's Church" in
 * tokenised text)?  The possessor u[0..nu) is a saint's name ("St", "Saint" first) or one
 * word that is no place, organisation, common word or name part of either ("Obama's
 * Administration", "New York's City Hall", "the University's School" stay two names) and
 * is not in a headline, and
 * the word after is an organisation's last word that names such a building or institution
 * (an org tail, so that the run is typed as "Salisbury Cathedral" is).
 * Returns the token of that word (after a detached "s"), or 0. */
static size_t possessive_institution(const ctx *c, const unit *u, size_t nu, size_t j)
{
    static const char *const heads[] = {"cathedral", "basilica", "abbey",  "church",
                                        "mosque",    "hospital", "college", "university",
                                        "school",    "academy",  NULL};
    static const char *const saints[] = {"st", "saint", "ste", NULL};
    size_t k = j;
    if (k < c->ntoks && (c->toks[k].xflags & X_SKIP))
        k++; /* the "s" of "Paul 's" */
    if (k >= c->ntoks || nu == 0 || nu > 3 || !is_capitalised(&c->toks[k]) ||
        (c->toks[k].xflags & (X_SKIP | X_POSS | X_BREAK)) || !term_in(c, &c->toks[k], heads))
        return 0;
    const tok *first = &c->toks[u[0].t0];
    if ((nu >= 2 || u[0].t1 - u[0].t0 >= 2) && term_in(c, first, saints))
        return k; /* "St Paul's Cathedral", "St. John's College" */
    if (nu != 1 || u[0].t1 - u[0].t0 != 1 || (c->toks[k].xflags & X_UNINF) ||
        (u[0].names & (BL_GZ_PLACE | BL_GZ_PLACE_CAPS | BL_GZ_ORG | BL_GZ_ORG_CAPS)) ||
        (tflags(first) & (BL_GZ_ORG_TAIL | BL_GZ_ORG_HEAD | BL_GZ_PLACE_TAIL | BL_GZ_PLACE_HEAD |
                          BL_GZ_COMMON | BL_GZ_DEMONYM)))
        return 0; /* "the University's School of Business"; a headline's case says
                   * nothing ("Biden's School Reopening Plan") */
    return k;     /* "Guy's Hospital", "Queen's University" */
}

/* Find runs in the chunk and classify them. */
/* Does the name go on across "&" to token j: capitalised words on both sides, as firms of
 * partners and companies are named ("Procter & Gamble", "Marks & Spencer", "CBL &
 * Associates Properties"), after one word?  Not two places ("Trinidad & Tobago": each stays a place), a
 * title ("Mr & Mrs Smith"), a headline's or heading's words ("News & Events"), nor two
 * common words. */
static int amp_join(const ctx *c, const unit *u, size_t nu, size_t j)
{
    const tok *n = &c->toks[j], *p = &c->toks[j - 1];
    static const char *const partners[] = {"co", "company", "sons", "partners", "associates",
                                           "cie", NULL};
    if ((n->xflags & X_AMP) && is_capitalised(n) && is_capitalised(p) && !u[nu - 1].conn &&
        !(p->xflags & X_POSS) && term_in(c, n, partners))
        return 1; /* "Merrill Lynch & Co.", "J. Smith & Sons": the firm's whole name */
    /* one word before "&" (not two persons: "David Christison & Lee Tate"), and not two
     * letters ("R & B", "R & D", "Q & A": a genre, a department, a session) */
    if (nu != 1 || u[0].t1 - u[0].t0 != 1 || (p->term_len == 1 && n->term_len == 1))
        return 0;
    if ((tflags(n) & BL_GZ_GIVEN) && j + 1 < c->ntoks && is_capitalised(&c->toks[j + 1]) &&
        !(c->toks[j + 1].xflags & X_BREAK))
        return 0; /* "Smith & Lee Tate": a person after it */
    if (!(n->xflags & X_AMP) || !(n->xflags & X_NAME) || !is_capitalised(n) ||
        !is_capitalised(p) || u[nu - 1].conn || (p->xflags & X_POSS) ||
        (n->xflags & (X_HEADLINE | X_CAPS_LINE)))
        return 0;
#define AMP_GENERIC (BL_GZ_COMMON | BL_GZ_ORG_TAIL | BL_GZ_GENERIC)
    uint32_t pf = uflags(c, &u[nu - 1]) | u[nu - 1].names, nf = tflags(n);
    if ((pf & (BL_GZ_PLACE | BL_GZ_TITLE)) || (nf & (BL_GZ_PLACE | BL_GZ_TITLE)) ||
        ((tflags(p) & AMP_GENERIC) && (nf & AMP_GENERIC)))
        return 0;
#undef AMP_GENERIC
    return 1;
}

static void find_runs(ctx *c)
{
    unit u[MAX_RUN_UNITS + 4];
    size_t i = 0;
    c->poss_tok = SIZE_MAX;
    c->poss_gz = NULL;
    while (i < c->ntoks && !c->oom && !c->full) {
        tok *t = &c->toks[i];
        /* lower-case "al-" before a hyphenated capitalised word starts a name */
        int particle_start = !is_capitalised(t) && (tflags(t) & BL_GZ_PARTICLE) &&
                             i + 1 < c->ntoks && (c->toks[i + 1].xflags & X_HYPHEN) &&
                             is_capitalised(&c->toks[i + 1]);
        unit probe;
        if (!(t->xflags & X_NAME) && !particle_start && !law_start(c, i) &&
            !(is_capitalised(t) && !(t->xflags & X_SKIP) && gaz_unit(c, i, &probe))) {
            i++;
            continue;
        }
        size_t nu = 0, j = i;
        int too_long = 0;
        for (;;) {
            unit *cur = &u[nu < MAX_RUN_UNITS ? nu : MAX_RUN_UNITS];
            if (!gaz_unit(c, j, cur)) {
                cur->t0 = j;
                cur->t1 = j + 1;
                cur->gz = c->toks[j].gz;
                cur->names = name_classes(c, cur->gz, j, j + 1);
                cur->conn = !is_capitalised(&c->toks[j]) && !(c->toks[j].xflags & X_HYPHEN) &&
                            !(tflags(&c->toks[j]) & BL_GZ_COMPANY);
            }
            if (c->oom)
                return;
            if (nu < MAX_RUN_UNITS)
                nu++;
            else
                too_long = 1;
            j = cur->t1;
            if (j >= c->ntoks)
                break;
            if (c->toks[j - 1].xflags & X_POSS) {
                size_t k = possessive_institution(c, u, nu, j);
                if (!k)
                    break;
                for (; j < k && nu < MAX_RUN_UNITS; j++) { /* a detached "s" */
                    u[nu].t0 = j;
                    u[nu].t1 = j + 1;
                    u[nu].gz = NULL;
                    u[nu].names = 0;
                    u[nu].conn = 1;
                    nu++;
                }
                j = k;
                continue; /* "St Paul's Cathedral" */
            }
            tok *n = &c->toks[j];
            if (is_company_form(c, j))
                continue; /* "Acme Holdings plc", "Apple, Inc." */
            if ((n->xflags & X_PLURAL_POSS) && !u[nu - 1].names && org_after_possessive(c, j))
                continue; /* "Kurdistan Workers' Party"; not "the House of Representatives'
                             Energy and Commerce committee" */
            if (amp_join(c, u, nu, j))
                continue; /* "Procter & Gamble", "Ernst & Young" */
            if (n->xflags & (X_BREAK | X_SKIP))
                break;
            if (n->xflags & X_NAME)
                continue;
            if (is_capitalised(n) && (n->xflags & X_HYPHEN))
                continue; /* "Guinea-Bissau", "Singh-Baram" */
            if (!is_capitalised(n) && (n->xflags & X_HYPHEN) && (tflags(n) & BL_GZ_PARTICLE) &&
                j + 1 < c->ntoks && (c->toks[j + 1].xflags & X_HYPHEN))
                continue; /* "Abu Musab al-Zarqawi" */
            if (!is_capitalised(n) && (n->xflags & X_HYPHEN) && !(tflags(n) & BL_GZ_COMMON) &&
                !(n->aflags & BL_TOKEN_NUMERIC) && !bl_is_stopword(term_of(c, n), n->term_len) &&
                n->term_len <= 6 && !(c->toks[j - 1].aflags & BL_TOKEN_ACRONYM))
                continue; /* "Ban Ki-moon", "Majlis-e-Amal" */
            if (!is_capitalised(n) && (n->xflags & X_HYPHEN) && n->term_len <= 3 &&
                !(n->aflags & BL_TOKEN_NUMERIC) && is_capitalised(&c->toks[j - 1]) &&
                nu >= 2 && u[nu - 2].t1 - u[nu - 2].t0 == 1 && !u[nu - 2].conn &&
                u[nu - 1].t1 - u[nu - 1].t0 == 1 && !u[nu - 1].names &&
                c->toks[j - 1].term_len <= 4 && n->start == c->toks[j - 1].raw_end + 1 &&
                !term_is(c, n, "the") && !term_is(c, n, "as") && !term_is(c, n, "and") &&
                !term_is(c, n, "or") && !term_is(c, n, "but") && !term_is(c, n, "of") &&
                !(c->toks[j - 1].aflags & BL_TOKEN_ACRONYM) &&
                !(tflags(&c->toks[j - 1]) & (BL_GZ_COMMON | BL_GZ_EVENT_TAIL | BL_GZ_ORG_TAIL |
                                              BL_GZ_PLACE_TAIL)) &&
                (j + 1 >= c->ntoks || !(c->toks[j + 1].xflags & X_HYPHEN)))
                continue; /* a short stopword ending the hyphenated given name after a
                             surname ("Moon Jae-in"); not "Made-in-China", not a dash
                             ("Government--the", "Old World-the", "Brush-off"), nor after
                             a word of the lists ("the first World War-was") */
            /* up to two lower-case connectors, then a name-like token */
            size_t k = j;
            /* a title's capitalised "Against" too ("Violence Against Women Act") */
            while (k < c->ntoks && k < j + 2 &&
                   (!is_capitalised(&c->toks[k]) || term_is(c, &c->toks[k], "against")) &&
                   (tflags(&c->toks[k]) & (BL_GZ_CONNECTOR | BL_GZ_PARTICLE)) &&
                   !(c->toks[k].xflags & (X_BREAK | X_SKIP)))
                k++;
            if (k > j && k < c->ntoks && (c->toks[k].xflags & X_NAME) &&
                !(c->toks[k].xflags & X_BREAK) && nu < MAX_RUN_UNITS &&
                connector_ok(c, u, nu, j, k)) {
                for (size_t q = j; q < k && nu < MAX_RUN_UNITS; q++) {
                    u[nu].t0 = q;
                    u[nu].t1 = q + 1;
                    u[nu].gz = c->toks[q].gz;
                    u[nu].names = 0;
                    u[nu].conn = 1;
                    nu++;
                }
                j = k;
                continue;
            }
            break;
        }
        if (too_long) {
            /* not one name: keep only the gazetteer names inside */
            for (size_t k = 0; k < nu; k++)
                if (u[k].names)
                    emit_gaz(c, &u[k]);
        } else {
            classify(c, u, 0, nu, 0);
        }
        /* remember a possessor for the next run ("Israel's Ministry of Defence") */
        if (c->toks[j - 1].xflags & X_POSS) {
            c->poss_tok = j - 1;
            c->poss_gz = nu == 1 ? u[0].gz : NULL;
        } else {
            c->poss_tok = SIZE_MAX;
        }
        i = j;
    }
}

/* "Doe, John" (a list or byline form): surname, comma, given name, then the end of the
 * line or sentence.  Rewrites nothing; emits one person "John Doe" and returns the token
 * after it, or 0 if the pattern does not match at i. */
static size_t surname_comma_given(ctx *c, size_t i)
{
    if (i + 1 >= c->ntoks)
        return 0;
    tok *s = &c->toks[i], *g = &c->toks[i + 1];
    if (!(s->xflags & X_NAME) || !(g->xflags & X_COMMA) || !is_capitalised(g) ||
        !(tflags(g) & BL_GZ_GIVEN) || (tflags(g) & BL_GZ_NAME_CLASSES) ||
        (tflags(s) & (BL_GZ_NAME_CLASSES | BL_GZ_TITLE | BL_GZ_COMMON | BL_GZ_ORG_TAIL)) ||
        (s->xflags & X_POSS) || (i + 1 < c->ntoks && s->xflags & X_HYPHEN))
        return 0;
    /* the surname stands alone: start of line/sentence or after a break */
    if (i > 0 && !(s->xflags & (X_BREAK | X_UNINF)))
        return 0;
    size_t e = i + 2;
    if (e < c->ntoks && !(c->toks[e].xflags & X_BREAK) && is_capitalised(&c->toks[e]) &&
        (c->toks[e].xflags & X_NAME) && c->toks[e].term_len == 1)
        e++; /* a middle initial: "Doe, John Q." */
    if (e < c->ntoks && !(c->toks[e].xflags & (X_LINE | X_UNINF)))
        return 0;
    /* name: "John Doe" (the given name and initial lie on one line: no white space to
     * collapse beyond single spaces) */
    c->scratch.len = 0;
    if (sb_append(&c->scratch, c->text + g->start, c->toks[e - 1].end - g->start) < 0 ||
        sb_append(&c->scratch, " ", 1) < 0 ||
        sb_append(&c->scratch, c->text + s->start, s->end - s->start) < 0) {
        c->oom = 1;
        return 0;
    }
    mention *m = emit(c, i, e, c->scratch.s, c->scratch.len, M_CUE);
    if (m)
        add_vote(m->votes, BL_ENTITY_PERSON, VOTE.surname_comma);
    return e;
}

/* Process the collected chunk: decide name-likeness, find runs, emit mentions. */
/* A nickname in quotes inside a person's name ('William Mailes "Cowboy" Cowley', 'Stanley
 * "Tookie" Williams', 'Richard "Tex" Coe'): a run of capitalised words holding a given name,
 * one or two capitalised words between quotation marks, then a capitalised surname.  The
 * quotation marks then break nothing: the whole is one name. */
static void join_nicknames(ctx *c)
{
    for (size_t j = 1; j + 1 < c->ntoks; j++) {
        tok *o = &c->toks[j];
        if (!(o->xflags & X_QUOTE) || (o->xflags & X_LINE) || !is_capitalised(o) ||
            !is_capitalised(&c->toks[j - 1]))
            continue;
        size_t r = j - 1; /* the run before the quote */
        while (r > 0 && !(c->toks[r].xflags & X_BREAK) && is_capitalised(&c->toks[r - 1]))
            r--;
        int given = 0;
        for (size_t k = r; k < j && !given; k++)
            given = (tflags(&c->toks[k]) & BL_GZ_GIVEN) && !(tflags(&c->toks[k]) & BL_GZ_COMMON);
        if (!given || j - r > 3)
            continue;
        size_t k = j + 1;
        while (k < c->ntoks && k - j < 3 && !(c->toks[k].xflags & X_BREAK) &&
               is_capitalised(&c->toks[k]))
            k++;
        if (k >= c->ntoks || k - j > 2 || !(c->toks[k].xflags & X_QUOTE) ||
            !is_capitalised(&c->toks[k]) || (c->toks[k].xflags & X_LINE))
            continue;
        /* the surname ends the name: nothing capitalised goes on after it */
        if (k + 1 < c->ntoks && !(c->toks[k + 1].xflags & X_BREAK) &&
            is_capitalised(&c->toks[k + 1]))
            continue;
        o->xflags &= ~(unsigned)(X_BREAK | X_UNINF | X_QUOTE);
        c->toks[k].xflags &= ~(unsigned)(X_BREAK | X_UNINF | X_QUOTE);
        j = k;
    }
}

static void process_chunk(ctx *c)
{
    if (c->ntoks == 0 || c->oom)
        return;
    mark_headlines(c); /* first: a headline's capitals are not counted as evidence */
    if (term_table_build(c) < 0) {
        c->oom = 1;
        return;
    }
    join_nicknames(c);
    mark_names(c);
    /* "Doe, John" first: mark its tokens as used by clearing X_NAME */
    for (size_t i = 0; i < c->ntoks && !c->oom; i++) {
        size_t e = surname_comma_given(c, i);
        if (e)
            for (size_t k = i; k < e; k++)
                c->toks[k].xflags &= ~(unsigned)X_NAME;
    }
    find_runs(c);
}

/* ---- markup: the words of HTML tags are no text --------------------------------------------- */

/* Longest tag, in bytes and in words: a '<' with no '>' that near is a sign ("a <b"), and
 * a tag is not followed further than that. */
#define TAG_MAX_BYTES 1024
#define TAG_MAX_WORDS 64

/* Does a tag open at s[i]: '<' then a letter, '/', '!' or '?' ("<font", "</b>", "<!--",
 * "<john@example.org>"), closed by a '>' before any other '<' and within TAG_MAX_BYTES?
 * Otherwise it is a sign ("a < b", "<3", "if a <b then"). */
static int tag_opens(const char *s, size_t i, size_t end)
{
    if (s[i] != '<' || i + 1 >= end)
        return 0;
    unsigned char n = (unsigned char)s[i + 1];
    if (!((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '/' || n == '!' || n == '?'))
        return 0;
    size_t lim = end - i > TAG_MAX_BYTES ? i + TAG_MAX_BYTES : end;
    for (size_t k = i + 1; k < lim; k++) {
        if (s[k] == '>')
            return 1;
        if (s[k] == '<')
            return 0;
    }
    return 0;
}

/* Follow tags over the text before a word at [start,end): is the word inside one (a tag's
 * name, attribute or value: "<FONT SIZE=2>", "<IMG WIDTH=1 SRC=...>", an address in angle
 * brackets)?  A tag ends at '>', at a blank line or after TAG_MAX_WORDS words. */
static int inside_tag(ctx *c, size_t start, size_t end)
{
    const char *s = c->text;
    for (size_t i = c->markup_end; i < start; i++) {
        if (s[i] == '>')
            c->in_tag = 0;
        else if (tag_opens(s, i, c->len)) {
            c->in_tag = 1;
            c->tag_words = 0;
        } else if (s[i] == '\n' && i + 1 < start && s[i + 1] == '\n')
            c->in_tag = 0;
    }
    c->markup_end = end;
    if (c->in_tag && ++c->tag_words > TAG_MAX_WORDS)
        c->in_tag = 0;
    return c->in_tag;
}

/* Is the word at [start,end) a code of markup: a colour written "#C0C0C0" (hex digits after
 * '#') or a character reference "&Eacute;"? */
static int markup_code(const ctx *c, size_t start, size_t end)
{
    const char *s = c->text;
    if (start == 0)
        return 0;
    if (s[start - 1] == '&' && end < c->len && s[end] == ';')
        return 1;
    if (s[start - 1] != '#')
        return 0;
    for (size_t i = start; i < end; i++)
        if (!isxdigit((unsigned char)s[i]))
            return 0;
    size_t n = end - start;
    return n == 3 || n == 6 || n == 8;
}

/* Where does a character reference written onto the end of the word at [start,end) begin
 * ("Pirillo&nbsp;", "Caf&eacute;": the '&' before letters or "#" and digits, and ';' right
 * after the word)?  0 if there is none. */
static size_t reference_cut(const ctx *c, size_t start, size_t end)
{
    const char *s = c->text;
    if (end >= c->len || s[end] != ';')
        return 0;
    size_t i = end;
    while (i > start && s[i - 1] != '&' && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '#'))
        i--;
    return i > start + 1 && s[i - 1] == '&' && i < end ? i - 1 : 0;
}

/* Longest address followed, in bytes either side of a word. */
#define ADDRESS_MAX_BYTES 256

/* Is the word at [start,end) part of a web or e-mail address: the run of non-space bytes
 * around it holds "://", "www." or "@" ("http://example.com/News/TM", "www.Example.org",
 * "John.Smith@example.org")?  Only a word touching a byte of an address is looked at. */
static int in_address(const ctx *c, size_t start, size_t end)
{
    static const char joins[] = "/.@:=?&%_~#";
    const char *s = c->text;
    int before = start > 0 && s[start - 1] && strchr(joins, s[start - 1]);
    int after = end < c->len && s[end] && strchr(joins, s[end]) && end + 1 < c->len &&
                !isspace((unsigned char)s[end + 1]);
    if (!before && !after)
        return 0;
    size_t a = start, b = end;
    while (a > 0 && start - a < ADDRESS_MAX_BYTES && !isspace((unsigned char)s[a - 1]) &&
           s[a - 1] != '<' && s[a - 1] != '"' && s[a - 1] != '(')
        a--;
    while (b < c->len && b - end < ADDRESS_MAX_BYTES && !isspace((unsigned char)s[b]) &&
           s[b] != '>' && s[b] != '"' && s[b] != ')')
        b++;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '@' && i > a && i + 1 < b && isalnum((unsigned char)s[i + 1]))
            return 1;
        if (s[i] == ':' && b - i > 3 && s[i + 1] == '/' && s[i + 2] == '/')
            return 1;
        if (b - i > 4 && (s[i] == 'w' || s[i] == 'W') && strncasecmp(s + i, "www.", 4) == 0 &&
            (i == a || !isalnum((unsigned char)s[i - 1])))
            return 1;
    }
    return 0;
}

/* Is the word at [start, end) in the value of a style sheet's font-family ("FONT-FAMILY:
 * Comic Sans MS, Trebuchet MS, Helvetica, Arial;")?  Those are fonts' names, left in the
 * text when a style attribute is too long to be followed as a tag or a <style> block's. */
static int font_list(const ctx *c, size_t start)
{
    static const char prop[] = "font-family";
    const size_t pl = sizeof prop - 1;
    const char *s = c->text;
    size_t i = start;
    while (i > 0 && start - i < 160) {
        char ch = s[i - 1];
        if (ch == ';' || ch == '{' || ch == '}' || ch == '>' || ch == '<' || ch == '(')
            return 0;
        if (ch == ':')
            break;
        i--;
    }
    if (i == 0 || s[i - 1] != ':')
        return 0;
    i--;
    while (i > 0 && s[i - 1] == ' ')
        i--;
    return i >= pl && strncasecmp(s + i - pl, prop, pl) == 0;
}

/* Is the token at [start, end) inside an armour line of a signed or encrypted mail, between
 * runs of five dashes ("-----BEGIN PGP SIGNATURE-----", "-----END PGP MESSAGE-----")?  Such a
 * line is a marker, not text. */
static int armour_line(const ctx *c, size_t start, size_t end)
{
    const char *s = c->text;
    size_t a = start;
    while (a > 0 && s[a - 1] != '\n' && start - a < 64)
        a--;
    size_t d = 0;
    while (a + d < start && s[a + d] == '-')
        d++;
    if (d < 5)
        return 0;
    size_t b = end;
    while (b < c->len && s[b] != '\n' && s[b] != '-' && b - end < 64)
        b++;
    return b + 5 <= c->len && !memcmp(s + b, "-----", 5);
}

/* Does text (len bytes) hold needle (an ASCII word, nl bytes), in any case?  One pass over
 * the text, so that tests that look around every word run only where they can match. */
static int holds_ascii_nocase(const char *text, size_t len, const char *needle, size_t nl)
{
    for (size_t i = 0; i + nl <= len; i++)
        if ((text[i] | 0x20) == needle[0] && strncasecmp(text + i, needle, nl) == 0)
            return 1;
    return 0;
}

/* The analyzer's callback: collect tokens into the chunk; process full chunks at a sentence
 * start. */
static int on_token(void *arg, const bl_token *bt)
{
    ctx *c = arg;
    if (c->oom)
        return -1;
    if (c->total_tokens >= BL_ENTITY_MAX_TOKENS || c->full)
        return 1; /* stop: bounded work */
    /* markup and addresses are left out: the gap they leave breaks a name, as punctuation
       does */
    if (inside_tag(c, bt->start, bt->end) || markup_code(c, bt->start, bt->end) ||
        in_address(c, bt->start, bt->end) ||
        (c->has_dashes && armour_line(c, bt->start, bt->end)) ||
        (c->has_font_family && font_list(c, bt->start)))
        return 0;
    if (c->ntoks >= CHUNK_TOKENS &&
        ((bt->flags & BL_TOKEN_SENTENCE_START) || c->ntoks >= 2 * CHUNK_TOKENS)) {
        process_chunk(c);
        c->ntoks = 0;
        c->terms.len = 0;
        if (c->oom)
            return -1;
    }
    tok *toks = bl_grow(c->toks, &c->toks_cap, c->ntoks + 1, sizeof *toks, FIRST_CAP);
    if (!toks) {
        c->oom = 1;
        return -1;
    }
    c->toks = toks;
    tok *t = &c->toks[c->ntoks];
    memset(t, 0, sizeof *t);
    t->start = bt->start;
    t->end = bt->end;
    t->aflags = bt->flags;
    /* a dotted abbreviation in lower case is a word, not an acronym ("e.g.", "i.e."): the
     * analyzer's flag says how the word is spelt, its case flags whether it can be a name */
    if ((t->aflags & BL_TOKEN_ACRONYM) && !(t->aflags & BL_TOKEN_CAPITALISED))
        t->aflags &= ~(unsigned)BL_TOKEN_ACRONYM;
    /* a character reference written onto the word is no part of it ("Pirillo&nbsp;") */
    size_t term_len = bt->term_len, cut = reference_cut(c, bt->start, bt->end);
    const char *amp = cut ? memchr(bt->term, '&', bt->term_len) : NULL;
    if (amp && amp > bt->term) {
        t->end = cut;
        term_len = (size_t)(amp - bt->term);
    }
    t->term_off = (uint32_t)c->terms.len;
    t->term_len = (uint32_t)term_len;
    if (c->terms.len > UINT32_MAX - term_len - 2 ||
        sb_append(&c->terms, bt->term, term_len) < 0 || sb_append(&c->terms, "", 1) < 0) {
        c->oom = 1;
        return -1;
    }
    c->terms.len++; /* keep the NUL between terms */
    tok *prev = c->ntoks ? &c->toks[c->ntoks - 1] : NULL;
    size_t gap_from = prev ? prev->raw_end : 0;
    t->raw_end = bt->end;
    if (bt->flags & BL_TOKEN_POSSESSIVE) {
        /* the span stops before "'s" (2 bytes) or "’s" (4 bytes) */
        if (t->end >= t->start + 4 && (unsigned char)bt->text[t->end - 2] == 0x99)
            t->end -= 4;
        else if (t->end >= t->start + 3)
            t->end -= 2;
        t->xflags |= X_POSS;
    }
    classify_gap(c, prev, t, gap_from);
    /* "Britain 's" in tokenised text: the "s" after a lone apostrophe */
    if (prev && t->term_len == 1 && term_of(c, t)[0] == 's' && t->start > 0 &&
        (c->text[t->start - 1] == '\'' ||
         (t->start >= 3 && (unsigned char)c->text[t->start - 1] == 0x99 &&
          (unsigned char)c->text[t->start - 2] == 0x80))) {
        t->xflags |= X_SKIP;
        prev->xflags |= X_POSS;
    }
    t->gz = bl_gazetteer_lookup(&c->x->gz, term_of(c, t), t->term_len);
    c->ntoks++;
    c->total_tokens++;
    return 0;
}

/* ---- step 4: resolution --------------------------------------------------------------------- */

typedef struct ent {
    size_t gkey_off, gkey_len;  /* group key in strs: canonical display, else surface key */
    int votes[BL_ENTITY_NTYPES];
    unsigned flags;             /* union of mention flags */
    unsigned ntok;              /* most words of a mention */
    size_t best;                /* mention whose text names it */
    size_t first, last;         /* mention chain (via next[]) */
    size_t count;
    size_t target;              /* merged into (SIZE_MAX: not merged) */
    int type;                   /* decided type, or -1 to drop */
    int unsure;                 /* dropped or made a person for want of evidence: a list
                                   around it may type it (list_types) */
    size_t surf[MAX_SURFACES];  /* distinct surface keys: mention indices */
    unsigned nsurf;
} ent;

typedef struct resolver {
    ctx *c;
    ent *ents;
    size_t n, cap;
    size_t *next;               /* per mention: next mention of the same entity */
    uint32_t *slots;            /* group key -> ent index + 1 */
    size_t mask;
    /* word index: word -> list of entities having it in a surface key */
    size_t *wl_ent, *wl_next;   /* linked lists */
    size_t wl_n, wl_cap;
    uint32_t *wslots;           /* word hash -> (word offset, len, head) */
    size_t *w_off, *w_len, *w_head;
    size_t w_n, w_cap, wmask;
} resolver;

static const char *mkey(const ctx *c, const mention *m, size_t *len)
{
    *len = m->key_len;
    return c->strs.s + m->key_off;
}

/* Group key of a mention: its canonical name normalised if it has one ("U.S." and "United
 * States" -> "united states"), else its surface key.  Set by mention_gkey(). */
static const char *gkey(const ctx *c, const mention *m, size_t *len)
{
    *len = m->gkey_len;
    return c->strs.s + m->gkey_off;
}

static int mention_gkey(ctx *c, mention *m)
{
    if (!m->canon_len) {
        m->gkey_off = m->key_off;
        m->gkey_len = m->key_len;
        return 0;
    }
    size_t nl;
    char *nk = bl_normalize(c->strs.s + m->canon_off, m->canon_len, &nl);
    if (!nk)
        return -1;
    m->gkey_off = c->strs.len;
    m->gkey_len = nl;
    int rc = sb_append(&c->strs, nk, nl);
    free(nk);
    return rc;
}

static int best_type(const int *v)
{
    int best = -1, bv = 0;
    for (int t = 0; t < BL_ENTITY_NTYPES; t++)
        if (v[t] > bv) {
            bv = v[t];
            best = t;
        }
    return best;
}

/* Does word sequence `hay` contain `needle` as whole words? */
static int contains_words(const char *hay, size_t hl, const char *needle, size_t nl)
{
    if (nl == 0 || nl >= hl)
        return 0;
    for (size_t i = 0; i + nl <= hl; i++) {
        if ((i == 0 || hay[i - 1] == ' ') && (i + nl == hl || hay[i + nl] == ' ') &&
            memcmp(hay + i, needle, nl) == 0)
            return 1;
    }
    return 0;
}

/* Does entity L contain entity E's surface key in one of its surface keys? */
static int ent_contains(const resolver *r, const ent *L, const char *k, size_t kl)
{
    for (unsigned s = 0; s < L->nsurf; s++) {
        size_t hl;
        const char *h = mkey(r->c, &r->c->ments[L->surf[s]], &hl);
        if (contains_words(h, hl, k, kl))
            return 1;
    }
    if (r->c->ments[L->best].canon_len) {
        /* also the canonical name's words ("ministry of defence" in "Israeli Ministry of
         * Defence"), compared case-insensitively via the surface key's form */
        const char *cn = r->c->strs.s + r->c->ments[L->best].canon_off;
        size_t cl = r->c->ments[L->best].canon_len;
        for (size_t i = 0; i + kl <= cl; i++)
            if ((i == 0 || cn[i - 1] == ' ') && (i + kl == cl || cn[i + kl] == ' ') &&
                strncasecmp(cn + i, k, kl) == 0)
                return 1;
    }
    return 0;
}

static int word_index_add(resolver *r, const char *w, size_t wl, size_t e)
{
    size_t h = (size_t)hash_bytes(w, wl) & r->wmask;
    for (;;) {
        uint32_t s = r->wslots[h];
        if (!s)
            break;
        size_t wi = s - 1;
        if (r->w_len[wi] == wl && memcmp(r->c->strs.s + r->w_off[wi], w, wl) == 0) {
            /* already the head for this entity? */
            if (r->w_head[wi] != SIZE_MAX && r->wl_ent[r->w_head[wi]] == e)
                return 0;
            /* wl_ent and wl_next grow together (wl_cap counts both) */
            size_t cap2 = r->wl_cap;
            size_t *nx = bl_grow(r->wl_next, &cap2, r->wl_n + 1, sizeof *nx, FIRST_CAP);
            if (!nx)
                return -1;
            r->wl_next = nx;
            cap2 = r->wl_cap;
            size_t *we = bl_grow(r->wl_ent, &cap2, r->wl_n + 1, sizeof *we, FIRST_CAP);
            if (!we)
                return -1;
            r->wl_ent = we;
            r->wl_cap = cap2;
            r->wl_ent[r->wl_n] = e;
            r->wl_next[r->wl_n] = r->w_head[wi];
            r->w_head[wi] = r->wl_n++;
            return 0;
        }
        h = (h + 1) & r->wmask;
    }
    if (r->w_n + 1 > r->w_cap) {
        /* w_off, w_len, w_head grow together (w_cap counts all three) */
        size_t **arrays[] = {&r->w_off, &r->w_len, &r->w_head};
        size_t cap = r->w_cap;
        for (size_t k = 0; k < 3; k++) {
            cap = r->w_cap; /* each array has w_cap elements until all three have grown */
            size_t *a = bl_grow(*arrays[k], &cap, r->w_n + 1, sizeof *a, FIRST_CAP);
            if (!a)
                return -1;
            *arrays[k] = a;
        }
        r->w_cap = cap;
    }
    size_t wi = r->w_n++;
    r->w_off[wi] = (size_t)(w - r->c->strs.s);
    r->w_len[wi] = wl;
    r->w_head[wi] = SIZE_MAX;
    r->wslots[h] = (uint32_t)(wi + 1);
    return word_index_add(r, w, wl, e);
}

/* Entities that have word w in a surface key: head of the list, or SIZE_MAX. */
static size_t word_index_find(const resolver *r, const char *w, size_t wl)
{
    size_t h = (size_t)hash_bytes(w, wl) & r->wmask;
    for (;;) {
        uint32_t s = r->wslots[h];
        if (!s)
            return SIZE_MAX;
        size_t wi = s - 1;
        if (r->w_len[wi] == wl && memcmp(r->c->strs.s + r->w_off[wi], w, wl) == 0)
            return r->w_head[wi];
        h = (h + 1) & r->wmask;
    }
}

static void resolver_free(resolver *r)
{
    free(r->ents);
    free(r->next);
    free(r->slots);
    free(r->wl_ent);
    free(r->wl_next);
    free(r->wslots);
    free(r->w_off);
    free(r->w_len);
    free(r->w_head);
}

/* Group mentions into entities by group key. */
static int group_mentions(resolver *r)
{
    ctx *c = r->c;
    size_t cap = 16;
    while (cap < c->nments * 2)
        cap <<= 1;
    r->mask = cap - 1;
    r->slots = calloc(cap, sizeof *r->slots);
    r->next = malloc((c->nments ? c->nments : 1) * sizeof *r->next);
    if (!r->slots || !r->next)
        return -1;
    for (size_t i = 0; i < c->nments; i++) {
        mention *m = &c->ments[i];
        if (mention_gkey(c, m) < 0)
            return -1;
        size_t kl;
        const char *k = gkey(c, m, &kl);
        size_t h = (size_t)hash_bytes(k, kl) & r->mask;
        ent *e = NULL;
        for (;;) {
            uint32_t s = r->slots[h];
            if (!s)
                break;
            ent *o = &r->ents[s - 1];
            if (o->gkey_len == kl && memcmp(c->strs.s + o->gkey_off, k, kl) == 0) {
                e = o;
                break;
            }
            h = (h + 1) & r->mask;
        }
        if (!e) {
            ent *ents = bl_grow(r->ents, &r->cap, r->n + 1, sizeof *ents, FIRST_CAP);
            if (!ents)
                return -1;
            r->ents = ents;
            e = &r->ents[r->n++];
            memset(e, 0, sizeof *e);
            e->gkey_off = (size_t)(k - c->strs.s);
            e->gkey_len = kl;
            e->best = i;
            e->first = i;
            e->last = i;
            e->target = SIZE_MAX;
            r->slots[h] = (uint32_t)r->n;
        } else {
            r->next[e->last] = i;
            e->last = i;
        }
        r->next[i] = SIZE_MAX;
        for (int t = 0; t < BL_ENTITY_NTYPES; t++)
            e->votes[t] += m->votes[t];
        e->flags |= m->flags;
        e->count++;
        /* name it by its longest mention, preferring one whose case was informative */
        const mention *b = &c->ments[e->best];
        if (m->ntok > b->ntok || (m->ntok == b->ntok && (b->flags & M_UNINF) &&
                                  !(m->flags & M_UNINF)))
            e->best = i;
        if (m->ntok > e->ntok)
            e->ntok = m->ntok;
        /* remember distinct surface keys */
        int seen = 0;
        size_t ml;
        const char *mk = mkey(c, m, &ml);
        for (unsigned s = 0; s < e->nsurf; s++) {
            size_t ol;
            const char *ok = mkey(c, &c->ments[e->surf[s]], &ol);
            if (ol == ml && memcmp(ok, mk, ml) == 0)
                seen = 1;
        }
        if (!seen && e->nsurf < MAX_SURFACES)
            e->surf[e->nsurf++] = i;
    }
    return 0;
}

/* Is key k (kl bytes) the initials of the words of key lk, skipping the small words an
 * acronym leaves out ("Indian Space Research Organisation" -> "isro", "Bank of England" ->
 * "boe")? */
static int initials_match(const char *k, size_t kl, const char *lk, size_t ll)
{
    static const char *const skip[] = {"of", "and", "the", "for", "on", "in", "de", "du",
                                       "des", "la", "le", "et", "y", NULL};
    size_t n = 0, i = 0, words = 0;
    while (i < ll) {
        size_t j = i;
        while (j < ll && lk[j] != ' ')
            j++;
        int small = 0;
        for (int s = 0; skip[s] && !small; s++)
            small = strlen(skip[s]) == j - i && memcmp(lk + i, skip[s], j - i) == 0;
        if (!small) {
            if (n >= kl || lk[i] != k[n])
                return 0;
            n++;
            words++;
        }
        i = j + 1;
    }
    return n == kl && words >= 2;
}

/* An acronym of 2-6 letters defined in the document ("Indian Space Research Organisation
 * (ISRO)", or the long form written anywhere else in it): the unique longer entity, not a
 * person, whose words' initials spell it.  Its index, or SIZE_MAX. */
static size_t acronym_target(const resolver *r, size_t e)
{
    const ctx *c = r->c;
    const ent *E = &r->ents[e];
    const mention *m = &c->ments[E->best];
    if (!(E->flags & M_ACRONYM) || m->ntok != 1 || m->key_len < 2 || m->key_len > 6)
        return SIZE_MAX;
    size_t kl;
    const char *k = mkey(c, m, &kl);
    for (size_t i = 0; i < kl; i++)
        if (k[i] < 'a' || k[i] > 'z')
            return SIZE_MAX;
    size_t found = SIZE_MAX;
    for (size_t l = 0; l < r->n && l < 4096; l++) {
        const ent *L = &r->ents[l];
        if (l == e || L->ntok < 2 || L->ntok > 12 || best_type(L->votes) == BL_ENTITY_PERSON)
            continue;
        size_t ll;
        const char *lk = mkey(c, &c->ments[L->best], &ll);
        if (!initials_match(k, kl, lk, ll))
            continue;
        if (found != SIZE_MAX)
            return SIZE_MAX; /* two long forms: ambiguous */
        found = l;
    }
    return found;
}

/* Does a mention of E stand in brackets right after a mention of L ("Deferred Prosecution
 * Agreement (DPA)"): does the text define E as L? */
static int defined_as(const resolver *r, const ent *E, const ent *L)
{
    const ctx *c = r->c;
    for (size_t a = E->first; a != SIZE_MAX; a = r->next[a]) {
        size_t p = c->ments[a].start;
        if (p == 0 || c->text[p - 1] != '(')
            continue;
        p--;
        while (p > 0 && c->text[p - 1] == ' ')
            p--;
        for (size_t b = L->first; b != SIZE_MAX; b = r->next[b])
            if (c->ments[b].end == p)
                return 1;
    }
    return 0;
}

/* Merge partial names into the unique longer name that contains them. */
/* Is E a town's name alone, one word and nothing more than a town ("Belgrano", "Obama"),
 * or a brand of the untrained organisation lists and nothing more ("Fing", "Trimble": many
 * are surnames), so that it may be the surname of a person named in full in the same text? */
static int town_surname(const resolver *r, const ent *E)
{
    const ctx *c = r->c;
    if (E->ntok != 1)
        return 0;
    size_t kl;
    const char *k = mkey(c, &c->ments[E->best], &kl);
    const bl_gz_entry *g = bl_gazetteer_lookup(c->gz, k, kl);
    if (!g)
        return 0;
    uint32_t org = BL_GZ_ORG | BL_GZ_ORG_CAPS;
    if ((g->flags & org) && !(g->model_flags & org) &&
        !(g->flags & (BL_GZ_PLACE | BL_GZ_PLACE_CAPS | BL_GZ_CITY | BL_GZ_OTHER |
                      BL_GZ_OTHER_CAPS | BL_GZ_DEMONYM)))
        return 1;
    return (g->flags & BL_GZ_CITY) &&
           !(g->flags & (BL_GZ_MAJOR_PLACE | BL_GZ_COUNTRY | BL_GZ_PLACE_CAPS | BL_GZ_ORG |
                         BL_GZ_ORG_CAPS | BL_GZ_OTHER | BL_GZ_OTHER_CAPS | BL_GZ_DEMONYM));
}

/* Is k, a name of E, in each of L's names that hold it the possessor that a church or
 * college is named after ("Luke" and "St. Luke's Church", "St" and "St. John's College")?
 * Then E names the saint or person, or is another "St." ("46th St."), not the institution:
 * no partial of it.  Unless E stands as a possessive alone ("two from Christ's." is short
 * for "Christ's College"; "Mary's son" is not). */
static int possessor_of(const resolver *r, const ent *E, const ent *L, const char *k,
                        size_t kl)
{
    if (E->flags & M_POSSESSIVE)
        return 0;
    int held = 0;
    for (unsigned s = 0; s < L->nsurf; s++) {
        const mention *m = &r->c->ments[L->surf[s]];
        size_t hl;
        const char *h = mkey(r->c, m, &hl);
        if (!contains_words(h, hl, k, kl))
            continue;
        size_t pl = m->poss_len;
        if (!pl || !((pl == kl && memcmp(h, k, kl) == 0) || contains_words(h, pl, k, kl)))
            return 0;
        held = 1;
    }
    return held;
}

/* Does one of L's names end with the words k ("Manuel Belgrano" and "belgrano")? */
static int ends_with_word(const resolver *r, const ent *L, const char *k, size_t kl)
{
    const ctx *c = r->c;
    for (unsigned s = 0; s < L->nsurf; s++) {
        size_t hl;
        const char *h = mkey(c, &c->ments[L->surf[s]], &hl);
        if (hl > kl && h[hl - kl - 1] == ' ' && memcmp(h + hl - kl, k, kl) == 0)
            return 1;
    }
    return 0;
}

/* Are the words h[a,b) qualifiers (none or more) and then one head of heads ("stock
 * exchange", "city council", "central bank")? */
static int kind_words(const char *h, size_t a, size_t b, const char *const *heads)
{
    static const char *const quals[] = {"city", "municipal", "regional", "county", "state",
                                        "provincial", "district", "town", "metropolitan",
                                        "national", "international", "central", "stock",
                                        "securities", "evening", "morning", "sunday", "reserve",
                                        NULL};
    size_t i = a;
    while (i < b) {
        size_t j = i;
        while (j < b && h[j] != ' ')
            j++;
        if (j == b)
            return word_in(h + i, j - i, heads);
        if (!word_in(h + i, j - i, quals))
            return 0;
        i = j + 1;
    }
    return 0;
}

/* Does L name an institution of the place that k names, by k and a common noun of the kind
 * a town or country has, so that k alone is then the place: 1 when k leads ("the Kelm
 * Daily", "the Ostrana Stock Exchange", "Kelm City Council"), 2 when k is its "of" ("the
 * Bank of Varnia", "the University of Kelm": no one calls the bank "Varnia"), else 0.  Not
 * where k alone as often names the institution itself ("Harvard University" and "Harvard",
 * "Ostrana Airways" and "Ostrana", "Vestro Bank" and "Vestro", "Christ's College" and
 * "Christ's").  Every name of L that holds k must be so (the least of them counts). */
static int place_institution(const resolver *r, const ent *L, const char *k, size_t kl)
{
    static const char *const after[] = {"exchange", "daily", "times", "post", "herald",
                                        "gazette", "tribune", "chronicle", "courier",
                                        "police", "council", "airport", "municipality", NULL};
    static const char *const before[] = {"bank", "university", "port", "government",
                                         "municipality", "council", "parliament", "police",
                                         NULL};
    int kind = 0;
    for (unsigned s = 0; s < L->nsurf; s++) {
        size_t hl;
        const char *h = mkey(r->c, &r->c->ments[L->surf[s]], &hl);
        if (!contains_words(h, hl, k, kl))
            continue;
        int here = 0;
        if (hl > kl + 1 && memcmp(h, k, kl) == 0 && h[kl] == ' ') {
            here = kind_words(h, kl + 1, hl, after);
        } else if (hl > kl + 4 && memcmp(h + hl - kl, k, kl) == 0 && h[hl - kl - 1] == ' ') {
            /* "bank of varnia", "central bank of the varnia" */
            size_t e = hl - kl - 1;
            if (e >= 4 && memcmp(h + e - 4, " the", 4) == 0)
                e -= 4;
            if (e >= 3 && memcmp(h + e - 3, " of", 3) == 0 && kind_words(h, 0, e - 3, before))
                here = 2;
        }
        if (!here)
            return 0;
        if (!kind || here < kind)
            kind = here;
    }
    return kind;
}

static int merge_partials(resolver *r)
{
    ctx *c = r->c;
    size_t words = 1;
    for (size_t e = 0; e < r->n; e++)
        for (unsigned s = 0; s < r->ents[e].nsurf; s++)
            words += c->ments[r->ents[e].surf[s]].ntok;
    size_t cap = 16;
    while (cap < words * 2)
        cap <<= 1;
    r->wmask = cap - 1;
    r->wslots = calloc(cap, sizeof *r->wslots);
    if (!r->wslots)
        return -1;
    for (size_t e = 0; e < r->n; e++) {
        ent *E = &r->ents[e];
        for (unsigned s = 0; s < E->nsurf; s++) {
            size_t kl;
            const char *k = mkey(c, &c->ments[E->surf[s]], &kl);
            size_t i = 0;
            while (i < kl) {
                size_t j = i;
                while (j < kl && k[j] != ' ')
                    j++;
                if (word_index_add(r, k + i, j - i, e) < 0)
                    return -1;
                i = j + 1;
            }
        }
    }
    for (size_t e = 0; e < r->n; e++) {
        ent *E = &r->ents[e];
        /* an acronym is the longer name of this text that spells it ("ISRO" is the "Indian
         * Space Research Organisation"); a listed one only where the text defines it so
         * ("Deferred Prosecution Agreement (DPA)" names no news agency) */
        size_t acr = acronym_target(r, e);
        if (acr != SIZE_MAX && (E->flags & M_GAZ) && !defined_as(r, E, &r->ents[acr]))
            acr = SIZE_MAX;
        if (acr != SIZE_MAX) {
            E->target = acr;
            continue;
        }
        int town = 0;
        if ((E->flags & M_GAZ) && !(town = town_surname(r, E)))
            continue;
        int et = best_type(E->votes);
        size_t kl;
        const char *k = mkey(c, &c->ments[E->best], &kl);
        size_t w = 0;
        while (w < kl && k[w] != ' ')
            w++;
        size_t found = SIZE_MAX, tried = 0;
        int ambiguous = 0;
        size_t person_end = SIZE_MAX; /* a person whose name ends with E ("Moses Mendelssohn") */
        int persons_end = 0, others_end = 0;
        int institution = 0, found_inst = 0; /* a place's institution seen, and found one */
        for (size_t li = word_index_find(r, k, w); li != SIZE_MAX && tried < MAX_CANDIDATES;
             li = r->wl_next[li], tried++) {
            size_t l = r->wl_ent[li];
            ent *L = &r->ents[l];
            if (l == e || L->ntok <= E->ntok || (L->flags & M_HYPHEN) ||
                !ent_contains(r, L, k, kl) || possessor_of(r, E, L, k, kl))
                continue;
            int lt = best_type(L->votes);
            /* a place's name alone is not its newspaper, bank or council ("Talks with Ostrana"
             * and "the Ostrana Stock Exchange", "Varnia" and "the Bank of Varnia"): it stays
             * apart when it is the institution's "of", or where the place's vote of the
             * institution's name wins over its own evidence and none of that evidence makes
             * it an organisation ("Kelm said it would appeal" is the Kelm Times); the
             * institution is still a rival of other longer names, as any candidate is */
            int inst = 0;
            if (lt != BL_ENTITY_PERSON && !(L->flags & M_GAZ)) {
                int kind = place_institution(r, L, k, kl);
                int v[BL_ENTITY_NTYPES];
                memcpy(v, E->votes, sizeof v);
                v[BL_ENTITY_PLACE] += VOTE.place_institution;
                inst = kind == 2 || (kind == 1 && E->votes[BL_ENTITY_ORG] <= 0 &&
                                     best_type(v) == BL_ENTITY_PLACE);
                institution |= inst;
            }
            if (E->ntok == 1 && ends_with_word(r, L, k, kl)) {
                if (lt == BL_ENTITY_PERSON && !(L->flags & M_GAZ)) {
                    persons_end++;
                    person_end = l;
                } else {
                    others_end++;
                }
            }
            if (et >= 0 && lt >= 0 && et != lt && (E->flags & M_CUE))
                continue;
            if (town && (lt != BL_ENTITY_PERSON || (L->flags & M_GAZ) || !ends_with_word(r, L, k, kl)))
                continue; /* a town's name is only a person's surname */
            if (lt == BL_ENTITY_PLACE && (L->flags & M_GAZ) && et != BL_ENTITY_PLACE)
                continue; /* "York" is not "New York" unless it is a place */
            if (found == SIZE_MAX) {
                found = l;
                found_inst = inst;
                continue;
            }
            /* keep the maximal one: a candidate contained in another is not a rival */
            ent *F = &r->ents[found];
            size_t fl, ll;
            const char *fk = mkey(c, &c->ments[F->best], &fl);
            const char *lk = mkey(c, &c->ments[L->best], &ll);
            if (contains_words(lk, ll, fk, fl)) {
                found = l;
                found_inst = inst;
            } else if (!contains_words(fk, fl, lk, ll))
                ambiguous = 1;
        }
        /* a place kept apart from its institution takes the institution's vote */
        if (institution && !(found != SIZE_MAX && !ambiguous && !found_inst) &&
            !(ambiguous && persons_end == 1 && !others_end))
            E->votes[BL_ENTITY_PLACE] += VOTE.place_institution;
        if (found != SIZE_MAX && !ambiguous) {
            if (!found_inst)
                E->target = found;
        } else if (ambiguous && persons_end && !others_end) {
            /* one word that ends the names of persons only, among longer names of other
             * kinds that hold it elsewhere ("Delwyn J. Langejans" and the "Langejans
             * Dualette" he built), is that person's surname; the surname of several persons
             * ("Felix Mendelssohn", "Moses Mendelssohn") stays apart, but a person's */
            if (persons_end == 1) {
                E->target = person_end;
            } else {
                int most = 0;
                for (int t = 0; t < BL_ENTITY_NTYPES; t++)
                    if (t != BL_ENTITY_PERSON && E->votes[t] > most)
                        most = E->votes[t];
                if (E->votes[BL_ENTITY_PERSON] <= most)
                    E->votes[BL_ENTITY_PERSON] = most + VOTE.surname_partial;
            }
        }
    }
    /* apply merges (targets are maximal, so chains are one step; guard anyway) */
    for (size_t e = 0; e < r->n; e++) {
        ent *E = &r->ents[e];
        if (E->target == SIZE_MAX)
            continue;
        size_t t = E->target, hops = 0;
        while (r->ents[t].target != SIZE_MAX && hops++ < 8)
            t = r->ents[t].target;
        if (r->ents[t].target != SIZE_MAX) {
            E->target = SIZE_MAX;
            continue;
        }
        E->target = t;
        ent *T = &r->ents[t];
        /* a name referred to by its last word alone ("Baram") is most likely a person's */
        size_t el, tl;
        const char *ek = mkey(c, &c->ments[E->best], &el);
        const char *tk = mkey(c, &c->ments[T->best], &tl);
        if (tl > el && tk[tl - el - 1] == ' ' && memcmp(tk + tl - el, ek, el) == 0)
            T->votes[BL_ENTITY_PERSON] += VOTE.surname_partial;
        if (!(E->flags & M_GAZ)) /* a town's place votes are not the person's */
            for (int k = 0; k < BL_ENTITY_NTYPES; k++)
                T->votes[k] += E->votes[k];
        r->next[T->last] = E->first;
        T->last = E->last;
        T->count += E->count;
        T->flags |= E->flags & M_CUE;
    }
    return 0;
}

/* Is every hyphen-separated part of E's name the name (or the unique part of a name) of
 * another entity? */
static int hyphen_parts_known(const resolver *r, const ent *E)
{
    const ctx *c = r->c;
    const mention *m = &c->ments[E->best];
    if (!m->split)
        return 0;
    const char *k = c->strs.s + m->key_off;
    size_t cut[2][2] = {{0, m->split - 1}, {m->split, m->key_len}};
    for (int p = 0; p < 2; p++) {
        const char *w = k + cut[p][0];
        size_t wl = cut[p][1] - cut[p][0];
        int found = 0;
        size_t first = 0, tried = 0;
        while (first < wl && w[first] != ' ')
            first++;
        for (size_t li = word_index_find(r, w, first);
             li != SIZE_MAX && !found && tried < MAX_CANDIDATES; li = r->wl_next[li], tried++) {
            const ent *L = &r->ents[r->wl_ent[li]];
            if (L == E || (L->flags & M_HYPHEN))
                continue;
            for (unsigned s = 0; s < L->nsurf && !found; s++) {
                size_t hl;
                const char *h = mkey(c, &c->ments[L->surf[s]], &hl);
                if ((hl == wl && memcmp(h, w, wl) == 0) || contains_words(h, hl, w, wl))
                    found = 1;
            }
        }
        if (!found)
            return 0;
    }
    return 1;
}

/* Decide each entity's type; entities with no evidence are dropped unless they look like a
 * person's name of two or three words. */
static void decide_types(resolver *r)
{
    for (size_t e = 0; e < r->n; e++) {
        ent *E = &r->ents[e];
        E->type = -1;
        if (E->target != SIZE_MAX)
            continue;
        int t = best_type(E->votes);
        /* no person is named by common lower-case words alone ("Free Bonus", "Web Site",
         * "Feedback"): what the evidence finds most a person is no name at all (the other
         * types' votes were no better on the test sets) */
        if (t == BL_ENTITY_PERSON && (r->c->ments[E->best].flags & M_ALL_COMMON))
            t = -1;
        /* a tie with person goes to organisation, then place: the person side of a tie is
         * mostly the model and a speech verb, weak evidence against one rule's vote */
        if (t == BL_ENTITY_PERSON && E->votes[BL_ENTITY_ORG] == E->votes[t])
            t = BL_ENTITY_ORG;
        else if (t == BL_ENTITY_PERSON && E->votes[BL_ENTITY_PLACE] == E->votes[t])
            t = BL_ENTITY_PLACE;
        if (t < 0 && (E->flags & M_HYPHEN) && hyphen_parts_known(r, E))
            continue; /* "Singh-Baram": two known names, not a third */
        /* the learned model finds no mention of it a name, and the rules have little to
         * say for it */
        if ((E->flags & M_MODEL_NONE) && !(E->flags & M_MODEL_NAME) &&
            (t < 0 || E->votes[t] < VOTE.model_veto)) {
            E->unsure = 1;
            continue;
        }
        if (t < 0) {
            if (E->ntok >= 2 && E->ntok <= 3 && !(E->flags & M_COMMON)) {
                t = BL_ENTITY_PERSON; /* written like a person's name: kept so */
            } else {
                E->unsure = 1;
                continue;
            }
        }
        E->type = t;
    }
}

/* Do the bytes [a,b) separate two members of a list: a comma, "and" or "or", or both (", and"),
 * or a slash, with spaces around? */
static int list_gap(const char *s, size_t a, size_t b)
{
    int sep = 0;
    while (a < b && s[a] == ' ')
        a++;
    if (a < b && (s[a] == ',' || s[a] == '/')) {
        sep = 1;
        a++;
        while (a < b && s[a] == ' ')
            a++;
    }
    if (a + 3 < b && memcmp(s + a, "and ", 4) == 0)
        a += 4, sep = 1;
    else if (a + 2 < b && memcmp(s + a, "or ", 3) == 0)
        a += 3, sep = 1;
    while (a < b && s[a] == ' ')
        a++;
    return sep && a == b;
}

/* The type of the list member beside mention order[i] (dir -1: before it, +1: after it),
 * when it is one of a typed entity other than the mention's own; else -1. */
static int list_neighbour(const resolver *r, const size_t *order, const size_t *ent_of,
                          size_t n, size_t i, int dir)
{
    const ctx *c = r->c;
    if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= n))
        return -1;
    size_t j = dir < 0 ? i - 1 : i + 1;
    const mention *a = &c->ments[order[dir < 0 ? j : i]], *b = &c->ments[order[dir < 0 ? i : j]];
    const ent *N = &r->ents[ent_of[order[j]]];
    if (a->end > b->start || ent_of[order[j]] == ent_of[order[i]] || N->type < 0 || N->unsure ||
        !list_gap(c->text, a->end, b->start))
        return -1;
    return N->type;
}

/* A name in a list ("AT&T, Wachovia, Carnival Cruise Lines") for which the rest of the text
 * says nothing (no vote, or the learned model's veto) is of the kind of the typed names on
 * both sides of it, when they agree.  (One side alone, or the two before it, typed too many
 * words that are no names.) */
static int list_types(resolver *r)
{
    ctx *c = r->c;
    size_t unsure = 0;
    for (size_t e = 0; e < r->n; e++)
        unsure += r->ents[e].unsure && r->ents[e].target == SIZE_MAX;
    if (!unsure || c->nments < 3)
        return 0;
    size_t *ent_of = malloc(c->nments * sizeof *ent_of), *order = malloc(c->nments * sizeof *order);
    if (!ent_of || !order) {
        free(ent_of);
        free(order);
        return -1;
    }
    for (size_t e = 0; e < r->n; e++)
        for (size_t m = r->ents[e].first; m != SIZE_MAX; m = r->next[m])
            ent_of[m] = r->ents[e].target != SIZE_MAX ? r->ents[e].target : e;
    /* mentions in text order: emitted in order but for a few parts of split runs */
    size_t n = c->nments;
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j > 0 && c->ments[order[j - 1]].start > c->ments[i].start) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    for (size_t i = 0; i < n; i++) {
        ent *E = &r->ents[ent_of[order[i]]];
        if (!E->unsure)
            continue;
        int before = list_neighbour(r, order, ent_of, n, i, -1);
        int after = list_neighbour(r, order, ent_of, n, i, 1);
        if (before >= 0 && before == after) {
            E->type = before;
            E->unsure = 0; /* typed now: it may type the next member */
        }
    }
    free(ent_of);
    free(order);
    return 0;
}

static int cmp_size_pairs(const void *a, const void *b)
{
    const size_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : (x[1] < y[1] ? -1 : x[1] > y[1]);
}

static int cmp_entity_start(const void *a, const void *b)
{
    const bl_entity *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Build the output list. */
static int build_output(resolver *r, bl_entity_list *out)
{
    ctx *c = r->c;
    size_t n = 0;
    for (size_t e = 0; e < r->n; e++)
        n += r->ents[e].type >= 0;
    if (n == 0)
        return 0;
    out->items = calloc(n, sizeof *out->items);
    if (!out->items)
        return -1;
    for (size_t e = 0; e < r->n; e++) {
        ent *E = &r->ents[e];
        if (E->type < 0)
            continue;
        bl_entity *o = &out->items[out->n++];
        const mention *b = &c->ments[E->best];
        int from_text = !b->canon_len;
        if (b->canon_len) {
            /* "Ninh Bình" in the gazetteer, "Ninh Binh" in the text: show the text */
            size_t off, len, keep = c->strs.len, l1, l2;
            if (add_display(c, b->start + b->lead, b->end, &off, &len) < 0)
                return -1;
            char *k1 = bl_normalize(c->strs.s + off, len, &l1);
            char *k2 = bl_normalize(c->strs.s + b->canon_off, b->canon_len, &l2);
            from_text = k1 && k2 && l1 == l2 && memcmp(k1, k2, l1) == 0 &&
                        !(b->flags & M_UNINF);
            free(k1);
            free(k2);
            c->strs.len = keep;
        }
        if (!from_text) {
            o->name = malloc(b->canon_len + 1);
            if (!o->name)
                return -1;
            memcpy(o->name, c->strs.s + b->canon_off, b->canon_len);
            o->name[b->canon_len] = '\0';
        } else {
            size_t off, len;
            size_t keep = c->strs.len;
            if (add_display(c, b->start + b->lead, b->end, &off, &len) < 0)
                return -1;
            o->name = malloc(len + 1);
            if (!o->name)
                return -1;
            memcpy(o->name, c->strs.s + off, len);
            o->name[len] = '\0';
            c->strs.len = keep;
        }
        size_t kl;
        o->key = bl_normalize(o->name, strlen(o->name), &kl);
        if (!o->key)
            return -1;
        o->type = (bl_entity_type)E->type;
        o->mentions = malloc(E->count * 2 * sizeof *o->mentions);
        if (!o->mentions)
            return -1;
        for (size_t m = E->first; m != SIZE_MAX && o->n_mentions < E->count; m = r->next[m]) {
            o->mentions[2 * o->n_mentions] = c->ments[m].start;
            o->mentions[2 * o->n_mentions + 1] = c->ments[m].end;
            o->n_mentions++;
        }
        qsort(o->mentions, o->n_mentions, 2 * sizeof *o->mentions, cmp_size_pairs);
        o->count = (unsigned)o->n_mentions;
        o->start = o->mentions[0];
        o->end = o->mentions[1];
    }
    qsort(out->items, out->n, sizeof *out->items, cmp_entity_start);
    return 0;
}

/* ---- public API ----------------------------------------------------------------------------- */

void bl_entity_list_free(bl_entity_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].name);
        free(l->items[i].key);
        free(l->items[i].mentions);
    }
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

static void ctx_free(ctx *c)
{
    free(c->toks);
    free(c->terms.s);
    free(c->tslots);
    free(c->cap_mid);
    free(c->lower);
    free(c->ments);
    free(c->strs.s);
    free(c->scratch.s);
}

int bl_entities_extract(const bl_entity_extractor *x, bl_analyzer *a, const char *text,
                        size_t len, bl_entity_list *out)
{
    if (!out)
        return -1;
    out->items = NULL;
    out->n = 0;
    if (!x || !a || (!text && len))
        return -1;
    if (len == 0)
        return 0;
    ctx c;
    memset(&c, 0, sizeof c);
    c.x = x;
    c.gz = &x->gz;
    c.text = text;
    c.len = len;
    c.poss_tok = SIZE_MAX;
    c.has_font_family = holds_ascii_nocase(text, len, "font-family", 11);
    c.has_dashes = memmem(text, len, "-----", 5) != NULL;
    int rc = bl_analyzer_tokenize(a, text, len, BL_TOKENIZE_DOCUMENT, 0, on_token, &c, NULL);
    if (rc < 0 && !c.oom)
        c.oom = 1;
    if (!c.oom)
        process_chunk(&c);
    resolver r;
    memset(&r, 0, sizeof r);
    r.c = &c;
    if (!c.oom && (group_mentions(&r) < 0 || merge_partials(&r) < 0))
        c.oom = 1;
    if (!c.oom) {
        decide_types(&r);
        if (list_types(&r) < 0)
            c.oom = 1;
    }
    if (!c.oom) {
        if (build_output(&r, out) < 0)
            c.oom = 1;
    }
    resolver_free(&r);
    ctx_free(&c);
    if (c.oom) {
        bl_entity_list_free(out);
        return -1;
    }
    return 0;
}
