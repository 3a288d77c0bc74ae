/* SPDX-License-Identifier: GPL-2.0-or-later */
/* entity_dict.c — the index-wide entity dictionary: storing it, reading it, looking names up.
 *
 * The design (terms whose term frequencies are the dictionary, value slots for facets) is
 * described atop entity_dict.h.  This file writes those terms for one document at index time
 * (bl_entity_dict_store), and reads them at search time: the index-wide type of a key
 * (bl_entity_evidence, or many keys at once with bl_entity_evidence_batch), the keys a
 * forgiving filter matches (bl_entity_resolve), display names, the nearest names to a filter
 * that matched nothing, and byline-search --entities (bl_entities_lookup, public).
 */
#include "entity_dict.h"

#include "analyzer.h"
#include "hash.h"
#include "schema.h"
#include "status.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char *const type_prefix[BL_ENTITY_NTYPES] = {
    BL_PREFIX_PERSON, BL_PREFIX_PLACE, BL_PREFIX_ORG, BL_PREFIX_OTHER};

/* ---- generic words ----------------------------------------------------------------------- */

/* Normalised keys that are never entities on their own: institutions named by their kind
 * ("Assembly", "Secretariat", "University", "Church", "Group"), a company's legal form
 * alone ("Co", "Inc"), compass points, titles and roles; also such a kind after a word that
 * qualifies it without naming it ("Special Committee": is_kind_qualifier), and generic keys
 * joined by "and" ("Army and Navy").  Sorted (strcmp
 * order) for bsearch. */
static const char *const generic_keys[] = {
    "administration", "agency", "alliance", "ambassador", "april", "army", "assembly", "atty",
    "august", "battalion", "board", "bureau", "cabinet", "capitol", "center", "central",
    "centre", "chair", "chairman", "chairwoman", "chancellor", "chief", "church", "city",
    "club", "co", "college", "commission", "commissioner", "committee", "company",
    "constitution", "corp", "council", "country", "county", "court", "december", "department",
    "director", "district", "dr", "east", "eastern", "empire", "executive", "february",
    "federal", "federal government", "friday", "general", "general government", "god",
    "government", "governor", "group", "house", "inc", "interior", "january", "judge", "july",
    "june", "justice", "king", "kingdom", "llc", "ltd", "magistrate", "march", "may", "mayor",
    "minister", "ministry", "mission", "monday", "mr", "mrs", "ms", "nation", "national",
    "navy", "north", "northern", "november", "october", "office", "ombudsman", "organisation",
    "organization", "parliament", "party", "plc", "president", "prime minister", "prince",
    "queen", "rapporteur", "republic", "saturday", "secretariat", "secretary",
    "secretary of state", "senator", "september", "service", "sir", "south", "southern",
    "state", "states", "sunday", "the administration", "the government", "thursday", "treaty",
    "tuesday", "union", "university", "vice president", "wednesday", "west", "western",
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_generic_word(const char *w)
{
    return bsearch(&w, generic_keys, sizeof generic_keys / sizeof *generic_keys,
                   sizeof *generic_keys, cmp_str) != NULL;
}

/* Words that make a body of a kind without naming one: "the Special Committee", "a Working
 * Group", "the City Council" are whichever such body the text is about. */
static int is_kind_qualifier(const char *w)
{
    static const char *const words[] = {"ad hoc", "advisory", "city", "joint", "select",
                                        "special", "standing", "steering", "town", "working"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strcmp(words[i], w))
            return 1;
    return 0;
}

/* Common nouns for a person or a kin, which a religious or capitalising text writes with
 * a capital ("the Son of Man", "Man is mortal", "the Father") but which name no one. */
static int is_person_noun(const char *w)
{
    static const char *const words[] = {"boy", "brother", "child", "daughter", "father",
                                        "girl", "husband", "man", "men", "mother", "sister",
                                        "son", "wife", "woman", "women"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strcmp(words[i], w))
            return 1;
    return 0;
}

int bl_entity_key_is_generic(const char *key, size_t len)
{
    char buf[64];
    if (!key || len == 0 || len >= sizeof buf)
        return 0;
    /* one letter alone is an initial, a label or a grade ("B", "J", "K"), no one's name */
    if (len == 1 && ((key[0] >= 'a' && key[0] <= 'z') || (key[0] >= 'A' && key[0] <= 'Z')))
        return 1;
    memcpy(buf, key, len);
    buf[len] = '\0';
    if (is_generic_word(buf) || is_person_noun(buf))
        return 1;
    /* generic words joined by "and" ("army and navy") */
    char *and = strstr(buf, " and ");
    if (and) {
        *and = '\0';
        return bl_entity_key_is_generic(buf, strlen(buf)) &&
               bl_entity_key_is_generic(and + 5, strlen(and + 5));
    }
    /* a qualifier of a kind and a generic word ("special committee", "working group") */
    char *sp = strrchr(buf, ' ');
    if (!sp)
        return 0;
    *sp = '\0';
    return is_kind_qualifier(buf) && is_generic_word(sp + 1);
}

/* ---- storing ------------------------------------------------------------------------------ */

/* prefix + a [+ "\t" + b] as a boolean term; over-long terms are left out, as facet terms. */
static int add_pair(xc_doc *doc, const char *prefix, const char *a, size_t alen,
                    const char *b, size_t blen)
{
    char buf[BL_MAX_TERM_BYTES + 1];
    size_t pl = strlen(prefix), n = pl + alen + (b ? 1 + blen : 0);
    if (alen == 0 || n > BL_MAX_TERM_BYTES)
        return 0;
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, a, alen);
    if (b) {
        buf[pl + alen] = '\t';
        memcpy(buf + pl + alen + 1, b, blen);
    }
    return xc_doc_add_boolean_term(doc, buf, n) == XC_OK ? 0 : -1;
}

/* s without '.' (u.s. -> us) into out (>= len + 1 bytes); its length. */
static size_t without_dots(const char *s, size_t len, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] != '.')
            out[k++] = s[i];
    out[k] = '\0';
    return k;
}

static int add_alias(xc_doc *doc, const char *alias, size_t alen, const char *key)
{
    size_t klen = strlen(key);
    char dotless[BL_MAX_TERM_BYTES + 1];
    if (alen > BL_MAX_TERM_BYTES)
        return 0;
    if ((alen != klen || memcmp(alias, key, klen)) &&
        add_pair(doc, BL_PREFIX_ALIAS, alias, alen, key, klen) < 0)
        return -1;
    size_t dl = without_dots(alias, alen, dotless);
    if (dl != alen && dl > 0 && (dl != klen || memcmp(dotless, key, klen)))
        return add_pair(doc, BL_PREFIX_ALIAS, dotless, dl, key, klen);
    return 0;
}

/* Name particles: part of a multi-word tail ("von der leyen") but never a name alone. */
static int is_particle(const char *w, size_t len)
{
    static const char *const particles[] = {"al", "bin", "da", "de", "del", "della", "der",
                                            "di", "du", "el", "ibn", "la", "le", "st", "van",
                                            "von", "y"};
    for (size_t i = 0; i < sizeof particles / sizeof *particles; i++)
        if (strlen(particles[i]) == len && !memcmp(particles[i], w, len))
            return 1;
    return 0;
}

/* A person's distinctive words and multi-word tails: "modi"; "leyen", "von der leyen". */
static int add_person_aliases(xc_doc *doc, const char *key)
{
    size_t klen = strlen(key);
    for (size_t i = 0; i < klen;) {
        size_t j = i;
        while (j < klen && key[j] != ' ')
            j++;
        if (j - i >= 2 && !is_particle(key + i, j - i) && !bl_entity_key_is_generic(key + i, j - i) &&
            j - i != klen && add_alias(doc, key + i, j - i, key) < 0)
            return -1;
        if (i > 0 && j < klen && add_alias(doc, key + i, klen - i, key) < 0)
            return -1; /* a tail of two or more words */
        i = j + 1;
    }
    return 0;
}

/* An organisation of three or more significant words also answers to its initials
 * ("indian space research organisation" -> "isro"). */
static int add_initials_alias(xc_doc *doc, const char *key)
{
    static const char *const skip[] = {"of", "the", "and", "for", "de", "&"};
    char init[32];
    size_t n = 0, klen = strlen(key);
    for (size_t i = 0; i < klen && n + 1 < sizeof init;) {
        size_t j = i;
        while (j < klen && key[j] != ' ')
            j++;
        int skipped = 0;
        for (size_t s = 0; s < sizeof skip / sizeof *skip; s++)
            skipped |= strlen(skip[s]) == j - i && !memcmp(skip[s], key + i, j - i);
        if (!skipped && j > i && (unsigned char)key[i] < 0x80)
            init[n++] = key[i];
        i = j + 1;
    }
    return n >= 3 ? add_alias(doc, init, n, key) : 0;
}

/* A name the lists write with its article ("the economist", "the hague") also answers to
 * the name without it, as a sentence's start writes it ("org:Economist"). */
static int add_article_alias(xc_doc *doc, const char *key)
{
    if (strncmp(key, "the ", 4) != 0 || !key[4])
        return 0;
    return add_alias(doc, key + 4, strlen(key + 4), key);
}

/* The surface forms of e in text: an XFORM term and an alias for each. */
static int add_forms(xc_doc *doc, const bl_entity *e, const char *text, size_t len)
{
    size_t klen = strlen(e->key);
    for (size_t m = 0; m < e->n_mentions && m < 64; m++) {
        size_t s = e->mentions[2 * m], end = e->mentions[2 * m + 1];
        if (s >= end || end > len || end - s > 120)
            continue;
        char form[128];
        size_t fl = 0;
        for (size_t i = s; i < end; i++) /* one line, no tabs: the term stays readable */
            form[fl++] = (text[i] == '\n' || text[i] == '\t' || text[i] == '\r') ? ' ' : text[i];
        size_t fkl;
        char *fkey = bl_normalize(form, fl, &fkl);
        if (!fkey)
            return -1;
        int rc = 0;
        if (fkl && (fkl != klen || memcmp(fkey, e->key, klen)))
            rc = add_pair(doc, BL_PREFIX_FORM, e->key, klen, form, fl) < 0 ||
                         add_alias(doc, fkey, fkl, e->key) < 0 ? -1 : 0;
        free(fkey);
        if (rc < 0)
            return -1;
    }
    return 0;
}

typedef struct keyed {
    const bl_entity *e;
    size_t order;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->e->key, y->e->key);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int cmp_order(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

/* One slot value: the type digit ('0' person .. '3' other), the key, a tab and the name as
 * this document wrote it (tabs and newlines in it made spaces), appended to out. */
static size_t slot_value(const bl_entity *e, char *out)
{
    size_t kl = strlen(e->key), nl = e->name ? strlen(e->name) : 0;
    out[0] = (char)('0' + e->type);
    memcpy(out + 1, e->key, kl);
    out[1 + kl] = '\t';
    for (size_t i = 0; i < nl; i++)
        out[2 + kl + i] = e->name[i] == '\n' || e->name[i] == '\t' ? ' ' : e->name[i];
    return 2 + kl + nl;
}

static size_t slot_value_size(const bl_entity *e)
{
    return 2 + strlen(e->key) + (e->name ? strlen(e->name) : 0);
}

/* The entities in value slots (slot_value): one a slot, the rest joined by '\n' in the last.
 * The name rides along so that facets need no look-up to show it. */
static int set_slots(xc_doc *doc, const keyed *k, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += slot_value_size(k[i].e) + 1;
    char *buf = malloc(total ? total : 1);
    if (!buf)
        return -1;
    int rc = 0;
    for (size_t i = 0; i + 1 < BL_ENTITY_SLOTS && i < n && rc == 0; i++) {
        size_t l = slot_value(k[i].e, buf);
        rc = xc_doc_set_value(doc, BL_ENTITY_SLOT_FIRST + (unsigned)i, buf, l) == XC_OK ? 0 : -1;
    }
    if (rc == 0 && n >= BL_ENTITY_SLOTS) {
        size_t l = 0;
        for (size_t i = BL_ENTITY_SLOTS - 1; i < n; i++) {
            l += slot_value(k[i].e, buf + l);
            buf[l++] = '\n';
        }
        rc = xc_doc_set_value(doc, BL_ENTITY_SLOT_FIRST + BL_ENTITY_SLOTS - 1, buf, l - 1) ==
                     XC_OK ? 0 : -1;
    }
    free(buf);
    return rc;
}

bl_status bl_entity_dict_store(xc_doc *doc, const bl_entity_list *ents, const char *text,
                               size_t len)
{
    if (!doc || !ents)
        return BL_ERR_ARGUMENT;
    if (ents->n == 0)
        return BL_OK;
    keyed *k = malloc(ents->n * sizeof *k);
    if (!k)
        return BL_ERR_NO_MEMORY;
    size_t n = 0;
    for (size_t i = 0; i < ents->n; i++) {
        const bl_entity *e = &ents->items[i];
        size_t kl = e->key ? strlen(e->key) : 0;
        if (kl && strlen(type_prefix[e->type]) + kl <= BL_MAX_TERM_BYTES &&
            !bl_entity_key_is_generic(e->key, kl))
            k[n++] = (keyed){e, i};
    }
    /* one entity a key: the first named wins (so facet counts and filters agree) */
    qsort(k, n, sizeof *k, cmp_keyed);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || strcmp(k[u - 1].e->key, k[i].e->key))
            k[u++] = k[i];
    qsort(k, u, sizeof *k, cmp_order);
    int rc = 0;
    for (size_t i = 0; i < u && rc == 0; i++) {
        const bl_entity *e = k[i].e;
        size_t kl = strlen(e->key);
        rc = add_pair(doc, type_prefix[e->type], e->key, kl, NULL, 0);
        if (rc == 0 && e->name)
            rc = add_pair(doc, BL_PREFIX_NAME, e->key, kl, e->name, strlen(e->name));
        if (rc == 0)
            rc = add_forms(doc, e, text, len);
        if (rc == 0)
            rc = add_alias(doc, e->key, kl, e->key); /* its dot-free spelling */
        if (rc == 0 && e->type == BL_ENTITY_PERSON)
            rc = add_person_aliases(doc, e->key);
        if (rc == 0 && e->type == BL_ENTITY_ORG)
            rc = add_initials_alias(doc, e->key);
        if (rc == 0 && e->type != BL_ENTITY_PERSON)
            rc = add_article_alias(doc, e->key);
    }
    if (rc == 0)
        rc = set_slots(doc, k, u);
    free(k);
    return rc == 0 ? BL_OK : BL_ERR_NO_MEMORY;
}

/* ---- reading ------------------------------------------------------------------------------ */

static int majority(const unsigned long docs[BL_ENTITY_NTYPES])
{
    int best = -1;
    for (int t = 0; t < BL_ENTITY_NTYPES; t++)
        if (docs[t] && (best < 0 || docs[t] > docs[best]))
            best = t;
    return best;
}

static xc_status term_freq2(xc_db *db, const char *prefix, const char *key, unsigned long *f)
{
    char buf[BL_MAX_TERM_BYTES + 32];
    *f = 0;
    if (snprintf(buf, sizeof buf, "%s%s", prefix, key) >= (int)sizeof buf)
        return XC_OK;
    return xc_db_term_freq(db, buf, f);
}

bl_status bl_entity_evidence(xc_db *db, const char *key, unsigned long docs[BL_ENTITY_NTYPES],
                             int *type)
{
    for (int t = 0; t < BL_ENTITY_NTYPES; t++) {
        xc_status xs = term_freq2(db, type_prefix[t], key, &docs[t]);
        if (xs != XC_OK)
            return bl_status_from_xc(xs);
    }
    *type = majority(docs);
    return BL_OK;
}

/* A growable list of malloc()ed strings. */
typedef struct strlist {
    char **v;
    size_t n, cap;
    int oom;
} strlist;

static int strlist_has(const strlist *l, const char *s, size_t len)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i]) == len && !memcmp(l->v[i], s, len))
            return 1;
    return 0;
}

static int strlist_add(strlist *l, const char *s, size_t len)
{
    if (strlist_has(l, s, len))
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return l->oom = 1, -1;
        l->v = v;
        l->cap = cap;
    }
    if (!(l->v[l->n] = strndup(s, len)))
        return l->oom = 1, -1;
    l->n++;
    return 0;
}

void bl_entity_keys_free(char **keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
}

typedef struct alias_ctx {
    strlist *out;
    size_t skip; /* bytes of "XALIAS:alias\t" */
} alias_ctx;

static int take_alias_target(void *vctx, const char *term, size_t len, unsigned long freq)
{
    (void)freq;
    alias_ctx *c = vctx;
    return len > c->skip ? strlist_add(c->out, term + c->skip, len - c->skip) : 0;
}

/* The keys `alias` is an alias of, added to out. */
static xc_status alias_targets(xc_db *db, const char *alias, strlist *out)
{
    char buf[BL_MAX_TERM_BYTES + 32];
    int n = snprintf(buf, sizeof buf, "%s%s\t", BL_PREFIX_ALIAS, alias);
    if (n < 0 || n >= (int)sizeof buf)
        return XC_OK;
    alias_ctx c = {out, (size_t)n};
    return xc_db_allterms(db, buf, take_alias_target, &c);
}

/* ---- lone given names ------------------------------------------------------------------- */

typedef struct surname {
    uint64_t hash; /* of the last word of a name key begins */
    unsigned long docs; /* documents naming that name */
} surname;

typedef struct given_ctx {
    const char *key;
    size_t kl, skip;    /* skip: bytes of "XALIAS:key\t" */
    surname *surnames;  /* one a name key begins */
    size_t n, cap;
    unsigned long ends; /* documents naming a name whose last word key is */
    int oom;
} given_ctx;

static int is_name_suffix(const char *w, size_t len)
{
    static const char *const suffixes[] = {"ii", "iii", "iv", "jr", "sr"};
    if (len && w[len - 1] == '.')
        len--;
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
        if (strlen(suffixes[i]) == len && !memcmp(suffixes[i], w, len))
            return 1;
    return 0;
}

/* One XALIAS:key<TAB>name term: does name end with key (a surname here), or begin with it
 * (note its last word)?  Untrusted: a name with a tab or NUL, an empty word or no second
 * word says nothing. */
static int take_given(void *vctx, const char *term, size_t len, unsigned long freq)
{
    given_ctx *c = vctx;
    if (len <= c->skip)
        return 0;
    const char *name = term + c->skip;
    size_t nl = len - c->skip;
    if (memchr(name, '\t', nl) || memchr(name, '\0', nl) || name[0] == ' ' ||
        name[nl - 1] == ' ' || memmem(name, nl, "  ", 2))
        return 0; /* not a key byline-index writes: an empty word */
    /* its last word, a suffix (Jr, III) passed over */
    size_t end = nl, ws;
    for (;;) {
        ws = end;
        while (ws > 0 && name[ws - 1] != ' ')
            ws--;
        if (ws == end || ws == 0)
            return 0; /* an empty word, or one word only */
        if (!is_name_suffix(name + ws, end - ws))
            break;
        end = ws - 1;
    }
    const char *lw = name + ws;
    size_t ll = end - ws;
    if (ll == c->kl && !memcmp(lw, c->key, ll)) {
        /* Elton John; but in Bruce St. John the surname is "st. john" */
        size_t pe = ws - 1, ps = pe;
        while (ps > 0 && name[ps - 1] != ' ')
            ps--;
        size_t pl = pe - ps;
        if (pl && name[ps + pl - 1] == '.')
            pl--;
        if (!is_particle(name + ps, pl))
            c->ends += freq;
        return 0;
    }
    if (nl <= c->kl + 1 || memcmp(name, c->key, c->kl) || name[c->kl] != ' ')
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        surname *v = realloc(c->surnames, cap * sizeof *v);
        if (!v)
            return c->oom = 1;
        c->surnames = v;
        c->cap = cap;
    }
    c->surnames[c->n++] = (surname){bl_fnv1a64(lw, ll), freq};
    return 0;
}

static int cmp_surname(const void *a, const void *b)
{
    uint64_t x = ((const surname *)a)->hash, y = ((const surname *)b)->hash;
    return (x > y) - (x < y);
}

bl_status bl_entity_given_name_figures(xc_db *db, const char *key, size_t len,
                                       bl_given_figures *g)
{
    memset(g, 0, sizeof *g);
    char prefix[BL_MAX_TERM_BYTES + 32];
    if (!key || !len || memchr(key, ' ', len) || memchr(key, '\t', len) ||
        memchr(key, '\0', len) || len > BL_MAX_TERM_BYTES)
        return BL_OK;
    int n = snprintf(prefix, sizeof prefix, "%s%.*s\t", BL_PREFIX_ALIAS, (int)len, key);
    if (n < 0 || n >= (int)sizeof prefix)
        return BL_OK;
    given_ctx c = {.key = key, .kl = len, .skip = (size_t)n};
    xc_status xs = xc_db_allterms(db, prefix, take_given, &c);
    if (xs == XC_OK && c.oom)
        xs = XC_NO_MEMORY;
    if (xs == XC_OK) {
        /* by surname: John F. Kennedy and John Kennedy are one */
        if (c.n)
            qsort(c.surnames, c.n, sizeof *c.surnames, cmp_surname);
        for (size_t i = 0, j; i < c.n; i = j) {
            unsigned long docs = 0;
            for (j = i; j < c.n && c.surnames[j].hash == c.surnames[i].hash; j++)
                docs += c.surnames[j].docs;
            g->surnames++;
            g->begins += docs;
            g->top = docs > g->top ? docs : g->top;
        }
        g->ends = c.ends;
    }
    free(c.surnames);
    return bl_status_from_xc(xs);
}

int bl_given_name_shared(const bl_given_figures *g)
{
    return g->surnames >= BL_GIVEN_MIN_SURNAMES && g->begins >= 2 * g->top &&
           g->begins >= BL_GIVEN_RATIO * g->ends;
}

bl_status bl_entity_given_name_shared(xc_db *db, const char *key, size_t len, int *shared)
{
    bl_given_figures g;
    bl_status st = bl_entity_given_name_figures(db, key, len, &g);
    *shared = st == BL_OK && bl_given_name_shared(&g);
    return st;
}

bl_status bl_entity_resolve(xc_db *db, int type, const char *key, int quoted, char ***terms,
                            size_t *n)
{
    strlist cands = {0}, out = {0};
    char dotless[BL_MAX_TERM_BYTES + 1];
    *terms = NULL;
    *n = 0;
    size_t kl = strlen(key);
    xc_status xs = XC_OK;
    strlist_add(&cands, key, kl);
    /* A quoted name that is an entity of that type stands for itself: the filter then matches
     * exactly the documents its facet counts.  A bare word (Modi, USA), or a quoted name that
     * is no entity of that type ("von der Leyen"), also reaches the entities it is an alias
     * of. */
    int full_name = 0;
    if (type >= 0 && quoted) {
        unsigned long docs[BL_ENTITY_NTYPES];
        int t;
        bl_status est = bl_entity_evidence(db, key, docs, &t);
        if (est != BL_OK) {
            bl_entity_keys_free(cands.v, cands.n);
            return est;
        }
        full_name = t == type;
    }
    if (kl <= BL_MAX_TERM_BYTES && !full_name) {
        xs = alias_targets(db, key, &cands);
        size_t dl = without_dots(key, kl, dotless);
        if (xs == XC_OK && dl != kl && dl) {
            strlist_add(&cands, dotless, dl);
            xs = alias_targets(db, dotless, &cands);
        }
    }
    bl_status st = cands.oom ? BL_ERR_NO_MEMORY : bl_status_from_xc(xs);
    /* the entities of this index-wide type: documents naming them under any type match */
    for (size_t i = 0; i < cands.n && st == BL_OK; i++) {
        unsigned long docs[BL_ENTITY_NTYPES];
        int t;
        st = bl_entity_evidence(db, cands.v[i], docs, &t);
        if (st != BL_OK || t < 0 || (type >= 0 && t != type))
            continue;
        for (int k = 0; k < BL_ENTITY_NTYPES; k++) {
            char buf[BL_MAX_TERM_BYTES + 32];
            if (docs[k] && snprintf(buf, sizeof buf, "%s%s", type_prefix[k], cands.v[i]) <
                               (int)sizeof buf)
                strlist_add(&out, buf, strlen(buf));
        }
    }
    /* none is of that type: the documents that themselves typed it so */
    for (size_t i = 0; i < cands.n && st == BL_OK && out.n == 0 && type >= 0; i++) {
        unsigned long f;
        xs = term_freq2(db, type_prefix[type], cands.v[i], &f);
        st = bl_status_from_xc(xs);
        char buf[BL_MAX_TERM_BYTES + 32];
        if (st == BL_OK && f &&
            snprintf(buf, sizeof buf, "%s%s", type_prefix[type], cands.v[i]) < (int)sizeof buf)
            strlist_add(&out, buf, strlen(buf));
    }
    if (st == BL_OK && out.oom)
        st = BL_ERR_NO_MEMORY;
    bl_entity_keys_free(cands.v, cands.n);
    if (st != BL_OK) {
        bl_entity_keys_free(out.v, out.n);
        return st;
    }
    *terms = out.v;
    *n = out.n;
    return BL_OK;
}

typedef struct best_ctx {
    size_t skip;
    char *best;
    unsigned long freq;
    int best_caps;  /* best is written in capitals only */
    int caps_last;  /* a heading in capitals loses to any other form (display names) */
    strlist *all; /* may be NULL: every form, in byte order */
    int oom;
} best_ctx;

/* 1 if name (len bytes of UTF-8) is several words with at least two letters and no lower-case
 * one: a heading or a wire-style dateline ("STATE DEPARTMENT"), not how the entity is written
 * in text.  A single word in capitals is how an acronym is written (NATO, ISRO): it competes
 * with "Nato" by frequency like any other form. */
static int written_in_capitals(const char *name, size_t len)
{
    size_t upper = 0;
    if (!memchr(name, ' ', len))
        return 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)name + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return 0; /* not UTF-8: not judged */
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_LL)
            return 0;
        upper += cat == UTF8PROC_CATEGORY_LU;
        i += (size_t)n;
    }
    return upper >= 2;
}

/* Forms arrive in byte order; the first of the best rank is kept, so the choice depends on
 * the index alone (not on which shard or counting way asked). */
static int take_best(void *vctx, const char *term, size_t len, unsigned long freq)
{
    best_ctx *c = vctx;
    if (len <= c->skip)
        return 0;
    if (c->all && c->all->n < 32)
        strlist_add(c->all, term + c->skip, len - c->skip);
    int caps = c->caps_last && written_in_capitals(term + c->skip, len - c->skip);
    if (!c->best || caps < c->best_caps || (caps == c->best_caps && freq > c->freq)) {
        char *s = strndup(term + c->skip, len - c->skip);
        if (!s)
            return c->oom = 1;
        free(c->best);
        c->best = s;
        c->freq = freq;
        c->best_caps = caps;
    }
    return 0;
}

/* The most frequent "prefix key\t..." tail (caps_last: a heading in capitals only when no other
 * is), and (all != NULL) every tail. */
static char *best_tail(xc_db *db, const char *prefix, const char *key, int caps_last,
                       strlist *all)
{
    char buf[BL_MAX_TERM_BYTES + 32];
    int n = snprintf(buf, sizeof buf, "%s%s\t", prefix, key);
    if (n < 0 || n >= (int)sizeof buf)
        return NULL;
    best_ctx c = {.skip = (size_t)n, .caps_last = caps_last, .all = all};
    if (xc_db_allterms(db, buf, take_best, &c) != XC_OK || c.oom) {
        free(c.best);
        return NULL;
    }
    return c.best;
}

char *bl_entity_display_name(xc_db *db, const char *key)
{
    char *name = best_tail(db, BL_PREFIX_NAME, key, 1, NULL);
    return name ? name : strdup(key);
}

/* ---- many display names at once ----------------------------------------------------------- */

/* One "XNAME:key\tName" term a part of the database saw, for key number `key`. */
typedef struct name_term {
    size_t key;
    char *tail;             /* the name (after the tab), malloc()ed */
    unsigned long freq;     /* in that part */
} name_term;

typedef struct names_ctx {
    name_term *v;
    size_t n, cap;
    const size_t *skip;     /* each key's prefix length */
    int oom;
} names_ctx;

static int take_name_term(void *vctx, size_t prefix, const char *term, size_t len,
                          unsigned long freq)
{
    names_ctx *c = vctx;
    if (len <= c->skip[prefix])
        return 0;
    name_term *v = bl_grow(c->v, &c->cap, c->n + 1, sizeof *v, 64);
    if (!v)
        return c->oom = 1;
    c->v = v;
    char *tail = strndup(term + c->skip[prefix], len - c->skip[prefix]);
    if (!tail)
        return c->oom = 1;
    c->v[c->n++] = (name_term){prefix, tail, freq};
    return 0;
}

static int cmp_name_term(const void *a, const void *b)
{
    const name_term *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return strcmp(x->tail, y->tail);
}

bl_status bl_entity_display_names(xc_db *db, const char *const *keys, size_t n, char **names)
{
    char **prefixes = calloc(n ? n : 1, sizeof *prefixes);
    size_t *skip = calloc(n ? n : 1, sizeof *skip);
    names_ctx c = {.skip = skip};
    bl_status st = prefixes && skip ? BL_OK : BL_ERR_NO_MEMORY;
    for (size_t i = 0; i < n; i++)
        names[i] = NULL;
    for (size_t i = 0; i < n && st == BL_OK; i++) {
        int l = asprintf(&prefixes[i], "%s%s\t", BL_PREFIX_NAME, keys[i]);
        if (l < 0) {
            prefixes[i] = NULL;
            st = BL_ERR_NO_MEMORY;
        } else {
            skip[i] = (size_t)l;
        }
    }
    if (st == BL_OK) {
        xc_status xs = xc_db_allterms_by_part(db, (const char *const *)prefixes, n,
                                              take_name_term, &c);
        st = c.oom ? BL_ERR_NO_MEMORY : bl_status_from_xc(xs);
    }
    if (st == BL_OK && c.n)
        qsort(c.v, c.n, sizeof *c.v, cmp_name_term);
    /* the parts' frequencies of a term summed, then the terms of a key in byte order through
     * take_best, as best_tail reads them from the database as a whole */
    for (size_t i = 0; i < c.n && st == BL_OK;) {
        size_t key = c.v[i].key;
        best_ctx b = {.skip = 0, .caps_last = 1};
        while (i < c.n && c.v[i].key == key && !b.oom) {
            size_t j = i;
            unsigned long freq = 0;
            for (; j < c.n && c.v[j].key == key && !strcmp(c.v[j].tail, c.v[i].tail); j++)
                freq += c.v[j].freq;
            take_best(&b, c.v[i].tail, strlen(c.v[i].tail), freq);
            i = j;
        }
        while (i < c.n && c.v[i].key == key)
            i++;
        if (b.oom) {
            free(b.best);
            st = BL_ERR_NO_MEMORY;
        } else {
            names[key] = b.best;
        }
    }
    for (size_t i = 0; i < n && st == BL_OK; i++)
        if (!names[i] && !(names[i] = strdup(keys[i])))
            st = BL_ERR_NO_MEMORY;
    for (size_t i = 0; i < n && st != BL_OK; i++) {
        free(names[i]);
        names[i] = NULL;
    }
    for (size_t i = 0; i < c.n; i++)
        free(c.v[i].tail);
    free(c.v);
    for (size_t i = 0; prefixes && i < n; i++)
        free(prefixes[i]);
    free(prefixes);
    free(skip);
    return st;
}

/* ---- nearest names ----------------------------------------------------------------------- */

/* Levenshtein distance of two byte strings, or limit + 1 when it is above limit. */
static unsigned edit_distance(const char *a, size_t la, const char *b, size_t lb, unsigned limit)
{
    unsigned row[65];
    if (la > 64 || lb > 64)
        return limit + 1;
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        unsigned diag = row[0], lo;
        row[0] = (unsigned)i;
        lo = row[0];
        for (size_t j = 1; j <= lb; j++) {
            unsigned up = row[j];
            unsigned v = diag + (a[i - 1] != b[j - 1]);
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            if (up + 1 < v)
                v = up + 1;
            row[j] = v;
            diag = up;
            if (v < lo)
                lo = v;
        }
        if (lo > limit)
            return limit + 1;
    }
    return row[lb];
}

/* How near key is to candidate: 0 if key starts the candidate or one of its words, else the
 * edit distance to the nearest of them (limit + 1 if none within limit). */
static unsigned nearness(const char *key, size_t kl, const char *cand, size_t cl, unsigned limit)
{
    unsigned best = limit + 1;
    for (size_t i = 0; i < cl;) {
        size_t j = i;
        while (j < cl && cand[j] != ' ')
            j++;
        if (cl - i >= kl && !memcmp(cand + i, key, kl))
            return 0;
        unsigned d = edit_distance(key, kl, cand + i, j - i, limit);
        unsigned w = edit_distance(key, kl, cand + i, cl - i, limit);
        if (d < best)
            best = d;
        if (w < best)
            best = w;
        i = j + 1;
    }
    return best;
}

typedef struct near_cand {
    char *key;
    unsigned dist;
    unsigned long docs;
} near_cand;

typedef struct near_ctx {
    const char *key;
    size_t kl, skip;
    unsigned limit;
    int alias; /* terms are alias<TAB>key */
    near_cand *v;
    size_t n, cap;
    int oom;
} near_ctx;

static int take_near(void *vctx, const char *term, size_t len, unsigned long freq)
{
    near_ctx *c = vctx;
    const char *cand = term + c->skip, *target = cand;
    size_t cl = len - c->skip, tl = cl;
    if (c->alias) {
        const char *tab = memchr(cand, '\t', cl);
        if (!tab)
            return 0;
        target = tab + 1;
        tl = (size_t)(cand + cl - target);
        cl = (size_t)(tab - cand);
    }
    unsigned d = nearness(c->key, c->kl, cand, cl, c->limit);
    if (d > c->limit || bl_entity_key_is_generic(target, tl))
        return 0;
    for (size_t i = 0; i < c->n; i++)
        if (strlen(c->v[i].key) == tl && !memcmp(c->v[i].key, target, tl)) {
            if (d < c->v[i].dist)
                c->v[i].dist = d;
            if (!c->alias)
                c->v[i].docs += freq;
            return 0;
        }
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        if (cap > 4096)
            return 1; /* enough candidates */
        near_cand *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return c->oom = 1;
        c->v = v;
        c->cap = cap;
    }
    if (!(c->v[c->n].key = strndup(target, tl)))
        return c->oom = 1;
    c->v[c->n].dist = d;
    c->v[c->n].docs = c->alias ? 0 : freq;
    c->n++;
    return 0;
}

static int cmp_near(const void *a, const void *b)
{
    const near_cand *x = a, *y = b;
    if (x->dist != y->dist)
        return x->dist < y->dist ? -1 : 1;
    if (x->docs != y->docs)
        return x->docs > y->docs ? -1 : 1;
    return strcmp(x->key, y->key);
}

bl_status bl_entity_nearest(xc_db *db, int type, const char *key, size_t max, char **names,
                            char **best)
{
    *names = *best = NULL;
    size_t kl = strlen(key);
    if (kl == 0 || kl > 64)
        return BL_OK;
    near_ctx c = {.key = key, .kl = kl, .limit = kl <= 4 ? 1 : 2};
    char buf[64];
    /* candidates share the first letter (as "did you mean" does) */
    for (int t = 0; t <= BL_ENTITY_NTYPES && !c.oom; t++) {
        const char *prefix = t < BL_ENTITY_NTYPES ? type_prefix[t] : BL_PREFIX_ALIAS;
        snprintf(buf, sizeof buf, "%s%c", prefix, key[0]);
        c.skip = strlen(prefix);
        c.alias = t == BL_ENTITY_NTYPES;
        (void)xc_db_allterms(db, buf, take_near, &c); /* a failure: fewer suggestions */
    }
    bl_status st = c.oom ? BL_ERR_NO_MEMORY : BL_OK;
    for (size_t i = 0; i < c.n && st == BL_OK; i++) {
        unsigned long docs[BL_ENTITY_NTYPES];
        int t;
        if (bl_entity_evidence(db, c.v[i].key, docs, &t) != BL_OK || t < 0 ||
            (type >= 0 && t != type)) {
            c.v[i].dist = c.limit + 1; /* not of the type asked for: last, then dropped */
            continue;
        }
        c.v[i].docs = docs[0] + docs[1] + docs[2] + docs[3];
    }
    if (c.n)
        qsort(c.v, c.n, sizeof *c.v, cmp_near);
    size_t len = 0, k = 0;
    char *out = NULL;
    for (size_t i = 0; i < c.n && k < max && st == BL_OK; i++) {
        if (c.v[i].dist > c.limit)
            break;
        char *name = bl_entity_display_name(db, c.v[i].key);
        char *grown = name ? realloc(out, len + strlen(name) + 3) : NULL;
        if (!grown) {
            free(name);
            st = BL_ERR_NO_MEMORY;
            break;
        }
        out = grown;
        len += (size_t)sprintf(out + len, "%s%s", k ? ", " : "", name);
        if (k++ == 0)
            *best = name;
        else
            free(name);
    }
    for (size_t i = 0; i < c.n; i++)
        free(c.v[i].key);
    free(c.v);
    if (st != BL_OK || !*best) {
        free(out);
        free(*best);
        *best = NULL;
        return st;
    }
    *names = out;
    return BL_OK;
}

/* ---- byline-search --entities --------------------------------------------------------- */

typedef struct lookup_item {
    bl_entity_info info;
    char *name, *key;
    strlist aliases;
} lookup_item;

struct bl_entity_matches {
    lookup_item *items;
    size_t n;
};

typedef struct lookup_ctx {
    const char *key;
    size_t kl, skip;
    int alias;
    strlist keys;
} lookup_ctx;

/* Does key start cand or one of cand's words? */
static int starts_a_word(const char *key, size_t kl, const char *cand, size_t cl)
{
    for (size_t i = 0; i < cl;) {
        if (cl - i >= kl && !memcmp(cand + i, key, kl))
            return 1;
        const char *sp = memchr(cand + i, ' ', cl - i);
        if (!sp)
            break;
        i = (size_t)(sp - cand) + 1;
    }
    return 0;
}

static int take_lookup(void *vctx, const char *term, size_t len, unsigned long freq)
{
    (void)freq;
    lookup_ctx *c = vctx;
    const char *cand = term + c->skip;
    size_t cl = len - c->skip;
    if (c->alias) { /* alias<TAB>key, the alias starting with what was typed */
        const char *tab = memchr(cand, '\t', cl);
        return tab ? strlist_add(&c->keys, tab + 1, (size_t)(cand + cl - tab - 1)) < 0 : 0;
    }
    if (starts_a_word(c->key, c->kl, cand, cl) && strlist_add(&c->keys, cand, cl) < 0)
        return 1;
    return c->keys.n >= 2000; /* enough: the most named are what is shown */
}

static int cmp_item(const void *a, const void *b)
{
    const lookup_item *x = a, *y = b;
    if (x->info.documents != y->info.documents)
        return x->info.documents > y->info.documents ? -1 : 1;
    return strcmp(x->key, y->key);
}

void bl_entity_matches_free(bl_entity_matches *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->items[i].name);
        free(m->items[i].key);
        bl_entity_keys_free(m->items[i].aliases.v, m->items[i].aliases.n);
    }
    free(m->items);
    free(m);
}


/* Fill the shown items' names and aliases (surface forms and display-name variants). */
static bl_status finish_item(xc_db *db, lookup_item *it)
{
    it->name = bl_entity_display_name(db, it->key);
    if (!it->name)
        return BL_ERR_NO_MEMORY;
    free(best_tail(db, BL_PREFIX_FORM, it->key, 0, &it->aliases));
    if (it->aliases.oom)
        return BL_ERR_NO_MEMORY;
    /* the display name itself is not an alias of itself */
    for (size_t i = 0; i < it->aliases.n; i++)
        if (!strcmp(it->aliases.v[i], it->name)) {
            free(it->aliases.v[i]);
            it->aliases.v[i] = it->aliases.v[--it->aliases.n];
            i--;
        }
    it->info.name = it->name;
    it->info.key = it->key;
    it->info.aliases = (const char *const *)it->aliases.v;
    it->info.n_aliases = it->aliases.n;
    return BL_OK;
}

bl_status bl_entities_lookup(bl_searcher *s, const char *text, const char *type, size_t limit,
                             bl_entity_matches **out)
{
    if (!s || !text || !out)
        return BL_ERR_ARGUMENT;
    *out = NULL;
    bl_entity_type want = BL_ENTITY_NTYPES;
    if (type && *type && bl_entity_type_from_name(type, &want) < 0)
        return BL_ERR_ARGUMENT;
    xc_db *db = bl_searcher_db(s);
    size_t kl;
    char *key = bl_normalize(text, strlen(text), &kl);
    bl_entity_matches *m = calloc(1, sizeof *m);
    if (!key || !m) {
        free(key);
        free(m);
        return BL_ERR_NO_MEMORY;
    }
    lookup_ctx c = {.key = key, .kl = kl};
    xc_status xs = XC_OK;
    for (int t = 0; t <= BL_ENTITY_NTYPES && xs == XC_OK && kl; t++) {
        char prefix[BL_MAX_TERM_BYTES + 32];
        c.alias = t == BL_ENTITY_NTYPES;
        if (c.alias)
            snprintf(prefix, sizeof prefix, "%s%s", BL_PREFIX_ALIAS, key);
        else
            snprintf(prefix, sizeof prefix, "%s", type_prefix[t]);
        c.skip = c.alias ? strlen(BL_PREFIX_ALIAS) : strlen(prefix);
        xs = xc_db_allterms(db, prefix, take_lookup, &c);
    }
    bl_status st = c.keys.oom ? BL_ERR_NO_MEMORY : bl_status_from_xc(xs);
    if (st == BL_OK && c.keys.n && !(m->items = calloc(c.keys.n, sizeof *m->items)))
        st = BL_ERR_NO_MEMORY;
    for (size_t i = 0; i < c.keys.n && st == BL_OK; i++) {
        unsigned long docs[BL_ENTITY_NTYPES];
        int t;
        st = bl_entity_evidence(db, c.keys.v[i], docs, &t);
        if (st != BL_OK || t < 0 || (want < BL_ENTITY_NTYPES && t != (int)want) ||
            bl_entity_key_is_generic(c.keys.v[i], strlen(c.keys.v[i])))
            continue;
        lookup_item *it = &m->items[m->n++];
        it->key = c.keys.v[i];
        c.keys.v[i] = NULL;
        it->info.type = bl_facet_type_name(t);
        it->info.documents = docs[0] + docs[1] + docs[2] + docs[3];
    }
    if (m->n)
        qsort(m->items, m->n, sizeof *m->items, cmp_item);
    if (limit && m->n > limit) {
        for (size_t i = limit; i < m->n; i++)
            free(m->items[i].key);
        m->n = limit;
    }
    for (size_t i = 0; i < m->n && st == BL_OK; i++)
        st = finish_item(db, &m->items[i]);
    bl_entity_keys_free(c.keys.v, c.keys.n);
    free(key);
    if (st != BL_OK) {
        bl_entity_matches_free(m);
        return st;
    }
    *out = m;
    return BL_OK;
}

size_t bl_entity_matches_size(const bl_entity_matches *m) { return m ? m->n : 0; }

const bl_entity_info *bl_entity_matches_get(const bl_entity_matches *m, size_t i)
{
    return m && i < m->n ? &m->items[i].info : NULL;
}

