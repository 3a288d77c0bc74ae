/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ner_tagger.c — load the learned BIO tagger's weights into a hash table (see ner_tagger.h).
 *
 * The data is one static string of lines "<feature>\t<w0> ... <w8>\n" written by
 * tools/train_tagger.py (weights are integers: the averaged perceptron's weights x 100).
 * Loading is one pass with one allocation per array; the table never grows.  Malformed lines
 * are skipped, so a bad generated file degrades the tagger rather than the extractor.
 */
#include "ner_tagger.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

extern const char bl_ner_tagger_data[];
extern const size_t bl_ner_tagger_data_len;

/* Parse up to BL_TAG_LABELS integers from [s, e).  Returns how many were read. */
static int parse_weights(const char *s, const char *e, int16_t *w)
{
    int n = 0;
    while (s < e && n < BL_TAG_LABELS) {
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

int bl_ner_tagger_init(bl_ner_tagger *m)
{
    memset(m, 0, sizeof *m);
    const char *d = bl_ner_tagger_data;
    size_t len = bl_ner_tagger_data_len, lines = 0;
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
        bl_ner_tagger_destroy(m);
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
        if (tab >= d + len || *tab != '\t' || kl == 0 || kl > 0xFFFF)
            continue;
        int16_t w[BL_TAG_LABELS];
        if (parse_weights(tab + 1, eol, w) != BL_TAG_LABELS)
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

void bl_ner_tagger_destroy(bl_ner_tagger *m)
{
    free(m->keys);
    free(m->key_lens);
    free(m->weights);
    free(m->slots);
    memset(m, 0, sizeof *m);
}

void bl_ner_tagger_add(const bl_ner_tagger *m, const char *f, size_t len, int *scores)
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
            for (int k = 0; k < BL_TAG_LABELS; k++)
                scores[k] += m->weights[o][k];
            return;
        }
        h = (h + 1) & m->mask;
    }
}

int bl_ner_tagger_best(const int *scores, int prev)
{
    int best = -1;
    for (int k = 0; k < BL_TAG_LABELS; k++) {
        if (BL_TAG_IS_I(k) && !(prev > 0 && BL_TAG_TYPE(prev) == BL_TAG_TYPE(k)))
            continue;
        if (best < 0 || scores[k] > scores[best])
            best = k;
    }
    return best;
}
