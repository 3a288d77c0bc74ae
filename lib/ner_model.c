/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ner_model.c — the learned span-typing model (see ner_model.h): its weights loaded into a
 * hash table, and the feature strings of a candidate name, which must be exactly the strings
 * tools/train_ner.py computes (tests/test_ner_model.c checks both against one file).
 *
 * The data is one static string of lines "<feature>\t<w0> <w1> <w2> <w3> <w4>\n" written by
 * tools/train_ner.py (weights are integers: the averaged perceptron's weights x 100).  Loading
 * is one pass with one allocation per array; the table never grows.  Malformed lines are
 * skipped, so a bad generated file degrades the model rather than the extractor.
 */
#include "ner_model.h"
#include "gazetteer.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

extern const char bl_ner_model_data[];
extern const size_t bl_ner_model_data_len;

/* Parse up to BL_NER_LABELS integers from [s, e).  Returns how many were read. */
static int parse_weights(const char *s, const char *e, int16_t *w)
{
    int n = 0;
    while (s < e && n < BL_NER_LABELS) {
        while (s < e && *s == ' ')
            s++;
        int neg = 0;
        if (s < e && *s == '-') {
            neg = 1;
            s++;
        }
        if (s >= e || *s < '0' || *s > '9')
            break;
        long v = 0;
        while (s < e && *s >= '0' && *s <= '9' && v < 100000)
            v = v * 10 + (*s++ - '0');
        v = neg ? -v : v;
        w[n++] = (int16_t)(v > INT16_MAX ? INT16_MAX : v < INT16_MIN ? INT16_MIN : v);
    }
    return n;
}

int bl_ner_model_init(bl_ner_model *m)
{
    memset(m, 0, sizeof *m);
    const char *d = bl_ner_model_data;
    size_t len = bl_ner_model_data_len, lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += d[i] == '\n';
    size_t cap = 16;
    while (cap < lines * 2)
        cap <<= 1;
    size_t nl = lines ? lines : 1;
    m->keys = malloc(nl * sizeof *m->keys);
    m->key_lens = malloc(nl * sizeof *m->key_lens);
    m->weights = malloc(nl * sizeof *m->weights);
    m->slots = calloc(cap, sizeof *m->slots);
    if (!m->keys || !m->key_lens || !m->weights || !m->slots) {
        bl_ner_model_destroy(m);
        return -1;
    }
    m->mask = cap - 1;
    size_t i = 0;
    while (i < len) {
        const char *line = d + i, *tab = line, *eol;
        while (tab < d + len && *tab != '\t' && *tab != '\n')
            tab++;
        eol = tab;
        while (eol < d + len && *eol != '\n')
            eol++;
        i = (size_t)(eol - d) + 1;
        size_t kl = (size_t)(tab - line);
        if (*tab != '\t' || kl == 0 || kl > 0xFFFF)
            continue;
        int16_t w[BL_NER_LABELS];
        if (parse_weights(tab + 1, eol, w) != BL_NER_LABELS)
            continue;
        size_t h = (size_t)bl_hash_fold(line, kl) & m->mask;
        while (m->slots[h]) {
            size_t o = m->slots[h] - 1;
            if (m->key_lens[o] == kl && memcmp(m->keys[o], line, kl) == 0)
                break; /* a repeated feature: the first line wins */
            h = (h + 1) & m->mask;
        }
        if (m->slots[h])
            continue;
        m->keys[m->n] = line;
        m->key_lens[m->n] = (uint16_t)kl;
        memcpy(m->weights[m->n], w, sizeof w);
        m->slots[h] = (uint32_t)++m->n;
    }
    return 0;
}

void bl_ner_model_destroy(bl_ner_model *m)
{
    free(m->keys);
    free(m->key_lens);
    free(m->weights);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

void bl_ner_model_add(const bl_ner_model *m, const char *f, size_t len, int *scores)
{
    if (!m->slots || len == 0 || len > 0xFFFF)
        return;
    size_t h = (size_t)bl_hash_fold(f, len) & m->mask;
    for (;;) {
        uint32_t s = m->slots[h];
        if (!s)
            return;
        size_t o = s - 1;
        if (m->key_lens[o] == len && memcmp(m->keys[o], f, len) == 0) {
            for (int k = 0; k < BL_NER_LABELS; k++)
                scores[k] += m->weights[o][k];
            return;
        }
        h = (h + 1) & m->mask;
    }
}

/* ---- feature strings ------------------------------------------------------------------- */

#define FEATURE_MAX 255

/* fn(prefix + w); left out when longer than FEATURE_MAX bytes. */
static void emit(bl_ner_feature_fn fn, void *arg, const char *prefix, const char *w, size_t wl)
{
    char buf[FEATURE_MAX];
    size_t pl = strlen(prefix);
    if (pl + wl > sizeof buf)
        return;
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, w, wl);
    fn(arg, buf, pl + wl);
}

/* The feature letter of each gazetteer flag, in the order of the flags (tools/train_ner.py:
 * CLASS_FLAGS and FLAG_ORDER make the same letters from the gazetteer's class letters). */
static const struct {
    uint32_t flag;
    char letter;
} class_letters[] = {
    {BL_GZ_PLACE, 'p'}, {BL_GZ_PLACE_CAPS, 'q'}, {BL_GZ_ORG, 'o'}, {BL_GZ_ORG_CAPS, 'a'},
    {BL_GZ_OTHER, 'x'}, {BL_GZ_OTHER_CAPS, 'y'}, {BL_GZ_DEMONYM, 'd'}, {BL_GZ_GIVEN, 'g'},
    {BL_GZ_COMMON, 'w'}, {BL_GZ_TITLE, 't'}, {BL_GZ_TITLE_MOD, 'm'},
    {BL_GZ_PORTFOLIO, 'f'}, {BL_GZ_ORG_TAIL, 'l'}, {BL_GZ_ORG_HEAD, 'h'},
    {BL_GZ_PLACE_TAIL, 'r'}, {BL_GZ_PLACE_HEAD, 'b'}, {BL_GZ_EVENT_HEAD, 'e'},
    {BL_GZ_EVENT_TAIL, 'v'}, {BL_GZ_NONNAME, 'n'}, {BL_GZ_CONNECTOR, 'j'},
    {BL_GZ_PARTICLE, 'z'}, {BL_GZ_COUNTRY, 'k'}, {BL_GZ_CITY, 'c'},
    {BL_GZ_MAJOR_PLACE, 'M'}, {BL_GZ_GENERIC, 'i'}, {BL_GZ_COMPANY, 's'}};
#define NCLASS_LETTERS (sizeof class_letters / sizeof class_letters[0])

/* One feature prefix+letter per gazetteer class of w, leaving out the flags in skip. */
static void emit_classes(bl_ner_feature_fn fn, void *arg, const char *prefix,
                         const bl_ner_word *w, uint32_t skip)
{
    uint32_t f = w->classes & ~skip;
    for (size_t k = 0; f && k < NCLASS_LETTERS; k++)
        if (f & class_letters[k].flag)
            emit(fn, arg, prefix, &class_letters[k].letter, 1);
}

void bl_ner_span_features(const bl_ner_span *s, bl_ner_feature_fn fn, void *arg)
{
    if (!s->n)
        return;
    const bl_ner_word *first = &s->words[0], *last = &s->words[s->n - 1];
    const bl_ner_word *p = s->before, *x = s->after;
    fn(arg, "b", 1);
    for (size_t k = 0; k < s->n; k++)
        emit(fn, arg, "w:", s->words[k].term, s->words[k].term_len);
    emit(fn, arg, "f:", first->term, first->term_len);
    emit(fn, arg, "l:", last->term, last->term_len);
    if (last->term_len >= 5) /* the last 3 bytes, even when they cut a character */
        emit(fn, arg, "s:", last->term + last->term_len - 3, 3);
    char len[2] = {(char)('0' + (s->n < 4 ? s->n : 4)), 0};
    emit(fn, arg, "n:", len, 1);
    if (p)
        emit(fn, arg, "p:", p->term, p->term_len);
    if (x)
        emit(fn, arg, "x:", x->term, x->term_len);
    if (s->n == 1 && s->acronym)
        fn(arg, "a:1", 3);
    /* the span's own given-name and city classes are rule votes already: as features they
     * counted twice */
    emit_classes(fn, arg, "gf:", first, BL_GZ_GIVEN | BL_GZ_CITY);
    emit_classes(fn, arg, "gl:", last, BL_GZ_GIVEN | BL_GZ_CITY);
    if (p)
        emit_classes(fn, arg, "gp:", p, 0);
    if (x)
        emit_classes(fn, arg, "gx:", x, 0);
}

typedef struct score_arg {
    const bl_ner_model *m;
    int *scores;
} score_arg;

static void add_feature(void *arg, const char *f, size_t len)
{
    score_arg *a = arg;
    bl_ner_model_add(a->m, f, len, a->scores);
}

void bl_ner_model_score(const bl_ner_model *m, const bl_ner_span *s, int *scores)
{
    memset(scores, 0, BL_NER_LABELS * sizeof *scores);
    if (!m->n)
        return;
    score_arg a = {m, scores};
    bl_ner_span_features(s, add_feature, &a);
}
