/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_ner_model.c — the learned span-typing model's feature strings (ner_model.h).
 *
 * The model is trained in Python (tools/train_ner.py) and applied in C: a feature string that
 * the two sides write differently is a weight the extractor never finds.  The expected strings
 * of a few tricky spans are in tests/data/ner_features.txt, written by the trainer (`--features
 * ... --write`, checked again by tests/cli/generated.sh); here lib/ner_model.c must compute
 * exactly those strings, in the same order, from the analyzer's tokens and the gazetteer, as
 * lib/entities.c hands them over.  Run from the repository's root (as `make check` does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "analyzer.h"
#include "gazetteer.h"
#include "ner_model.h"
#include "read_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES_PATH "tests/data/ner_features.txt"
#define MAX_TOKENS 64
#define MAX_FEATURES 64

/* One token of a case's text, as lib/entities.c keeps it. */
typedef struct word {
    char term[64];
    size_t start;
    unsigned flags; /* BL_TOKEN_* */
    int skip;       /* the "s" of a detached "'s" (X_SKIP in lib/entities.c) */
} word;

typedef struct tokens {
    const char *text;
    word w[MAX_TOKENS];
    size_t n;
} tokens;

typedef struct feature_list {
    char f[MAX_FEATURES][256];
    size_t len[MAX_FEATURES];
    size_t n;
} feature_list;

static int collect(void *arg, const bl_token *t)
{
    tokens *ts = arg;
    assert_true(ts->n < MAX_TOKENS);
    assert_true(t->term_len < sizeof ts->w[0].term);
    word *w = &ts->w[ts->n];
    memcpy(w->term, t->term, t->term_len);
    w->term[t->term_len] = '\0';
    w->start = t->start;
    w->flags = t->flags;
    /* "Britain 's" in tokenised text: lib/entities.c skips the "s" after a lone apostrophe */
    w->skip = ts->n > 0 && t->term_len == 1 && t->term[0] == 's' && t->start > 0 &&
              (ts->text[t->start - 1] == '\'' ||
               (t->start >= 3 && memcmp(ts->text + t->start - 3, "\xE2\x80\x99", 3) == 0));
    ts->n++;
    return 0;
}

static void add_string(void *arg, const char *f, size_t len)
{
    feature_list *l = arg;
    assert_true(l->n < MAX_FEATURES);
    assert_true(len < sizeof l->f[0]);
    memcpy(l->f[l->n], f, len);
    l->len[l->n++] = len;
}

/* The features of l are exactly want[0..n), in order. */
static void assert_features(const feature_list *l, const char *const *want, size_t n)
{
    assert_int_equal(l->n, n);
    for (size_t k = 0; k < l->n; k++) {
        assert_int_equal(l->len[k], strlen(want[k]));
        assert_memory_equal(l->f[k], want[k], l->len[k]);
    }
}
#define ASSERT_FEATURES(l, want) assert_features((l), (want), sizeof(want) / sizeof(want)[0])

/* lib/entities.c's is_acronym_tok() == 1, outside all-capitals lines. */
static int is_acronym(const word *w)
{
    size_t n = strlen(w->term);
    if (n < 2)
        return 0;
    if (w->flags & BL_TOKEN_ACRONYM)
        return 1;
    if (!(w->flags & BL_TOKEN_ALL_CAPS) || n > 8)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (w->term[i] < 'a' || w->term[i] > 'z')
            return 0;
    return 1;
}

/* As lib/entities.c gives a word to the model: the classes of its trained rows only (a "+"
 * cue such as "hall" in [generic] is the rules' alone). */
static bl_ner_word model_word(const bl_gazetteer *g, const word *w)
{
    const bl_gz_entry *e = bl_gazetteer_lookup(g, w->term, strlen(w->term));
    bl_ner_word m = {w->term, strlen(w->term), e ? e->model_flags : 0};
    return m;
}

/* The feature strings of the bytes [start,end) of text, computed by lib/ner_model.c. */
static void c_features(const bl_gazetteer *g, bl_analyzer *a, const char *text, size_t start,
                       size_t end, feature_list *out)
{
    tokens ts = {.text = text};
    assert_int_equal(bl_analyzer_tokenize(a, text, strlen(text), BL_TOKENIZE_DOCUMENT, 0, collect,
                                          &ts, NULL),
                     0);
    bl_ner_word words[MAX_TOKENS], before, after;
    bl_ner_span s = {words, 0, NULL, NULL, 0};
    const word *first = NULL;
    for (size_t k = 0; k < ts.n; k++) {
        if (ts.w[k].skip)
            continue;
        if (ts.w[k].start < start) {
            before = model_word(g, &ts.w[k]);
            s.before = &before;
        } else if (ts.w[k].start < end) {
            if (!first)
                first = &ts.w[k];
            words[s.n++] = model_word(g, &ts.w[k]);
        } else if (!s.after) {
            after = model_word(g, &ts.w[k]);
            s.after = &after;
        }
    }
    assert_non_null(first);
    s.acronym = s.n == 1 && is_acronym(first);
    out->n = 0;
    bl_ner_span_features(&s, add_string, out);
}

typedef struct fixture {
    bl_gazetteer g;
    bl_analyzer *a;
    char *cases; /* the whole cases file, NUL-terminated */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->a = bl_analyzer_new("english");
    f->cases = read_file(CASES_PATH, NULL);
    if (!f->a || !f->cases || bl_gazetteer_init(&f->g) < 0) {
        if (!f->cases)
            fprintf(stderr, "test_ner_model: cannot read %s (run from the repository root)\n",
                    CASES_PATH);
        bl_analyzer_free(f->a);
        free(f->cases);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bl_gazetteer_destroy(&f->g);
    bl_analyzer_free(f->a);
    free(f->cases);
    free(f);
    return 0;
}

/* Next line of *p (its length in *len, without the newline); NULL at the end. */
static const char *next_line(const char **p, size_t *len)
{
    if (!**p)
        return NULL;
    const char *line = *p, *nl = strchr(line, '\n');
    *len = nl ? (size_t)(nl - line) : strlen(line);
    *p = nl ? nl + 1 : line + *len;
    return line;
}

/* Every case of the cases file: lib/ner_model.c writes the trainer's strings, in its order. */
static void test_features_as_trainer(void **state)
{
    fixture *f = *state;
    const char *p = f->cases, *line;
    size_t len, cases = 0;
    char text[1024];
    while ((line = next_line(&p, &len))) {
        if (len < 5 || memcmp(line, "text\t", 5) != 0)
            continue;
        assert_true(len - 5 < sizeof text);
        memcpy(text, line + 5, len - 5);
        text[len - 5] = '\0';
        line = next_line(&p, &len);
        assert_non_null(line);
        unsigned long start, end;
        assert_int_equal(sscanf(line, "span\t%lu\t%lu", &start, &end), 2);
        feature_list got;
        c_features(&f->g, f->a, text, start, end, &got);
        size_t k = 0;
        while ((line = next_line(&p, &len)) && len > 0) {
            if (k >= got.n || got.len[k] != len || memcmp(got.f[k], line, len) != 0) {
                print_error("%.*s: trainer's feature %zu is \"%.*s\", C wrote \"%.*s\"\n",
                            (int)(end - start), text + start, k, (int)len, line,
                            k < got.n ? (int)got.len[k] : 0, k < got.n ? got.f[k] : "");
                fail();
            }
            k++;
        }
        if (k != got.n) {
            print_error("%.*s: C wrote %zu features, the trainer %zu (first extra: \"%.*s\")\n",
                        (int)(end - start), text + start, got.n, k, (int)got.len[k], got.f[k]);
            fail();
        }
        cases++;
    }
    assert_true(cases >= 10);
}

/* The model's scores of a span are the sums of its features' weights. */
static void test_score_is_sum(void **state)
{
    fixture *f = *state;
    bl_ner_model m;
    assert_int_equal(bl_ner_model_init(&m), 0);
    const char *text = "Members of the parliament Sejm Ludowy also agreed Friday to vote .";
    const char *name = strstr(text, "Sejm Ludowy");
    feature_list l;
    c_features(&f->g, f->a, text, (size_t)(name - text), (size_t)(name - text) + 11, &l);
    int want[BL_NER_LABELS] = {0}, nonzero = 0;
    for (size_t k = 0; k < l.n; k++)
        bl_ner_model_add(&m, l.f[k], l.len[k], want);
    for (int k = 0; k < BL_NER_LABELS; k++)
        nonzero |= want[k] != 0;
    assert_true(nonzero);
    /* the same span through bl_ner_model_score */
    bl_ner_word w[2] = {{"sejm", 4, 0}, {"ludowy", 6, 0}};
    const bl_gz_entry *e = bl_gazetteer_lookup(&f->g, "parliament", 10);
    bl_ner_word p = {"parliament", 10, e ? e->model_flags : 0};
    e = bl_gazetteer_lookup(&f->g, "also", 4);
    bl_ner_word x = {"also", 4, e ? e->model_flags : 0};
    bl_ner_span s = {w, 2, &p, &x, 0};
    int got[BL_NER_LABELS];
    bl_ner_model_score(&m, &s, got);
    for (int k = 0; k < BL_NER_LABELS; k++)
        assert_int_equal(got[k], want[k]);
    /* an empty model scores nothing */
    bl_ner_model_destroy(&m);
    bl_ner_model_score(&m, &s, got);
    for (int k = 0; k < BL_NER_LABELS; k++)
        assert_int_equal(got[k], 0);
}

/* No neighbours, one word: bias, word, first, last, length and nothing about context; a word
 * too long for any feature is left out rather than cut. */
static void test_bare_span(void **state)
{
    (void)state;
    char big[300];
    memset(big, 'a', sizeof big);
    bl_ner_word w[1] = {{"osaka", 5, 0}};
    bl_ner_span s = {w, 1, NULL, NULL, 1};
    feature_list l = {.n = 0};
    bl_ner_span_features(&s, add_string, &l);
    const char *want[] = {"b", "w:osaka", "f:osaka", "l:osaka", "s:aka", "n:1", "a:1"};
    ASSERT_FEATURES(&l, want);
    bl_ner_word huge[1] = {{big, sizeof big, 0}};
    s.words = huge;
    s.acronym = 0;
    l.n = 0;
    bl_ner_span_features(&s, add_string, &l);
    /* b, s:aaa, n:1 (w:, f:, l: would be over 255 bytes) */
    assert_int_equal(l.n, 3);
    assert_memory_equal(l.f[1], "s:aaa", 5);
}

/* A word of a list the model was not trained with ("~" rows of the gazetteer) gives the model
 * no class feature, as the trainer, which skips such rows; the rules still see its classes,
 * and with them the same word gives the class features.  "Volga" (data/geo_features.txt) and
 * "Soufiane" (data/given_names_world.txt) are in lists the model was not trained with, "Daesh"
 * an alias marked "+" in data/orgs.txt; "Paris" is in trained lists only. */
static void test_untrained_classes(void **state)
{
    (void)state;
    bl_gazetteer gz;
    assert_int_equal(bl_gazetteer_init(&gz), 0);
    const bl_gz_entry *volga = bl_gazetteer_lookup(&gz, "volga", 5),
                      *soufiane = bl_gazetteer_lookup(&gz, "soufiane", 8),
                      *daesh = bl_gazetteer_lookup(&gz, "daesh", 5),
                      *paris = bl_gazetteer_lookup(&gz, "paris", 5);
    assert_non_null(volga);
    assert_non_null(soufiane);
    assert_non_null(daesh);
    assert_non_null(paris);
    assert_int_equal(volga->flags, BL_GZ_PLACE | BL_GZ_MAJOR_PLACE);
    assert_int_equal(soufiane->flags, BL_GZ_GIVEN);
    assert_true(daesh->flags & BL_GZ_ORG);
    assert_int_equal(volga->model_flags, 0);
    assert_int_equal(soufiane->model_flags, 0);
    assert_int_equal(daesh->model_flags, 0);
    assert_true(paris->flags & BL_GZ_PLACE);
    assert_int_equal(paris->model_flags, paris->flags);
    bl_ner_word w[1] = {{"volga", 5, volga->model_flags}};
    bl_ner_word before = {"soufiane", 8, soufiane->model_flags};
    bl_ner_span s = {w, 1, &before, NULL, 0};
    feature_list l = {.n = 0};
    bl_ner_span_features(&s, add_string, &l);
    const char *want[] = {"b", "w:volga", "f:volga", "l:volga", "s:lga", "n:1", "p:soufiane"};
    ASSERT_FEATURES(&l, want);
    w[0].classes = volga->flags;
    before.classes = soufiane->flags;
    bl_gazetteer_destroy(&gz);
    l.n = 0;
    bl_ner_span_features(&s, add_string, &l);
    const char *trained[] = {"b", "w:volga", "f:volga", "l:volga", "s:lga", "n:1",
                             "p:soufiane", "gf:p", "gf:M", "gl:p", "gl:M", "gp:g"};
    ASSERT_FEATURES(&l, trained);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_features_as_trainer),
        cmocka_unit_test(test_score_is_sum),
        cmocka_unit_test(test_bare_span),
        cmocka_unit_test(test_untrained_classes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
