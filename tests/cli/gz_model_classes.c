/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gz_model_classes.c — a helper of tests/cli/generated.sh: prints, for every one-word key of
 * the gazetteer, the class letters lib/ner_model.c gives the learned model for that word
 * (its "gp:" features as the word before a span, from bl_gz_entry.model_flags), one
 * "key\tletters" line each.  The test compares them with tools/train_ner.py's word_classes(),
 * so that the C loader and the trainer agree on every word the model sees.  With the argument
 * "all" it prints the letters of every row (bl_gz_entry.flags) instead: the comparison must
 * then find the untrained rows ("~"). */
#include <stdio.h>
#include <string.h>

#include "gazetteer.h"
#include "ner_model.h"

extern const char bl_gazetteer_data[];

typedef struct letters {
    char buf[64];
    size_t n;
} letters;

/* Collects the letter of each "gp:" feature. */
static void collect(void *arg, const char *f, size_t len)
{
    letters *l = arg;
    if (len == 4 && !memcmp(f, "gp:", 3) && l->n < sizeof l->buf)
        l->buf[l->n++] = f[3];
}

int main(int argc, char **argv)
{
    bl_gazetteer g;
    int all = argc > 1 && !strcmp(argv[1], "all");
    if (bl_gazetteer_init(&g))
        return 3;
    for (size_t k = 0; k < g.n; k++) {
        const bl_gz_entry *e = &g.entries[k];
        const char *key = bl_gazetteer_data + e->key_off;
        if (!e->key_len || memchr(key, ' ', e->key_len))
            continue;
        bl_ner_word w = {key, e->key_len, 0};
        bl_ner_word before = {key, e->key_len, all ? e->flags : e->model_flags};
        bl_ner_span s = {&w, 1, &before, NULL, 0};
        letters l = {.n = 0};
        bl_ner_span_features(&s, collect, &l);
        printf("%.*s\t%.*s\n", (int)e->key_len, key, (int)l.n, l.buf);
    }
    bl_gazetteer_destroy(&g);
    return 0;
}
