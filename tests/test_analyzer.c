/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_analyzer.c — the one analyzer: what a word is, how it is normalised and stemmed, and
 * that hostile input (invalid UTF-8, odd Unicode, huge words) never crashes it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "analyzer.h"

#include <libstemmer.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 64

typedef struct collected {
    size_t n;
    char terms[MAX_TOKENS][64];
    size_t start[MAX_TOKENS], end[MAX_TOKENS];
    unsigned pos[MAX_TOKENS], flags[MAX_TOKENS];
} collected;

static int collect(void *ctx, const bl_token *t)
{
    collected *c = ctx;
    if (c->n == MAX_TOKENS)
        return 1;
    snprintf(c->terms[c->n], sizeof c->terms[0], "%.*s", (int)t->term_len, t->term);
    c->start[c->n] = t->start;
    c->end[c->n] = t->end;
    c->pos[c->n] = t->position;
    c->flags[c->n] = t->flags;
    c->n++;
    return 0;
}

static collected tokenize(const char *text)
{
    collected c = {0};
    bl_analyzer *a = bl_analyzer_new("english");
    assert_non_null(a);
    assert_int_equal(bl_analyzer_tokenize(a, text, strlen(text), BL_TOKENIZE_DOCUMENT, 0,
                                          collect, &c, NULL), 0);
    bl_analyzer_free(a);
    return c;
}

/* Assert the terms of `text` equal the NULL-terminated list. */
static void expect_terms(const char *text, const char *const *want)
{
    collected c = tokenize(text);
    size_t n = 0;
    while (want[n])
        n++;
    if (c.n != n)
        for (size_t i = 0; i < c.n; i++)
            print_message("  got [%s]\n", c.terms[i]);
    assert_int_equal(c.n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(c.terms[i], want[i]);
}

static void test_words_and_case(void **state)
{
    (void)state;
    expect_terms("Israel Calls India", (const char *const[]){"israel", "calls", "india", NULL});
}

static void test_possessive_apostrophes(void **state)
{
    (void)state;
    expect_terms("India's O'Brien’s don't", (const char *const[]){"india", "o'brien", "don't", NULL});
    collected c = tokenize("India's");
    assert_true(c.flags[0] & BL_TOKEN_POSSESSIVE);
    assert_int_equal(c.end[0], 7); /* the span keeps the suffix */
}

static void test_hyphen_splits_with_consecutive_positions(void **state)
{
    (void)state;
    collected c = tokenize("Israel-India ties");
    assert_int_equal(c.n, 3);
    assert_string_equal(c.terms[0], "israel");
    assert_string_equal(c.terms[1], "india");
    assert_int_equal(c.pos[1], c.pos[0] + 1);
    assert_true(c.flags[1] & BL_TOKEN_JOINED);
    assert_false(c.flags[2] & BL_TOKEN_JOINED);
}

static void test_ampersand_numbers_acronyms(void **state)
{
    (void)state;
    expect_terms("R&D in 2024 cost 1,000 or 3.5 for the U.S. army",
                 (const char *const[]){"r&d", "in", "2024", "cost", "1000", "or", "3.5", "for",
                                       "the", "us", "army", NULL});
    collected c = tokenize("the U.S. army");
    assert_true(c.flags[1] & BL_TOKEN_ACRONYM);
    assert_int_equal(c.start[1], 4);
    assert_int_equal(c.end[1], 8);
}

static void test_unicode_folding(void **state)
{
    (void)state;
    /* accents stripped, case folded, NFKC (ligature fi, full-width letters), German sharp s */
    expect_terms("Café ÉLYSÉE ﬁne ＡＢＣ Straße",
                 (const char *const[]){"cafe", "elysee", "fine", "abc", "strasse", NULL});
    /* decomposed e + combining acute equals the composed form */
    expect_terms("Cafe\xCC\x81", (const char *const[]){"cafe", NULL});
}

static void test_non_latin_scripts(void **state)
{
    (void)state;
    expect_terms("Москва 北京 नई दिल्ली", (const char *const[]){"москва", "北京", "नई", "दिल्ली", NULL});
}

static void test_flags(void **state)
{
    (void)state;
    collected c = tokenize("Amir Baram met NATO. then Doval");
    assert_true(c.flags[0] & BL_TOKEN_SENTENCE_START);
    assert_true(c.flags[0] & BL_TOKEN_CAPITALISED);
    assert_false(c.flags[1] & BL_TOKEN_SENTENCE_START);
    assert_true(c.flags[3] & BL_TOKEN_ALL_CAPS);
    assert_true(c.flags[4] & BL_TOKEN_SENTENCE_START);
    assert_false(c.flags[4] & BL_TOKEN_CAPITALISED);
    assert_false(c.flags[5] & BL_TOKEN_SENTENCE_START);
}

static void test_spans_point_into_text(void **state)
{
    (void)state;
    const char *text = "  “Défense” — stratégique";
    collected c = tokenize(text);
    assert_int_equal(c.n, 2);
    assert_memory_equal(text + c.start[0], "Défense", c.end[0] - c.start[0]);
    assert_memory_equal(text + c.start[1], "stratégique", c.end[1] - c.start[1]);
}

static void test_invalid_utf8_is_a_separator(void **state)
{
    (void)state;
    const char bad[] = "abc\xff\xfe" "def\xc3" "ghi\xed\xa0\x80jkl";
    collected c = tokenize(bad);
    assert_int_equal(c.n, 4);
    assert_string_equal(c.terms[0], "abc");
    assert_string_equal(c.terms[3], "jkl");
}

static void test_sanitize_counts_and_replaces(void **state)
{
    (void)state;
    size_t len, bad;
    char *s = bl_utf8_sanitize("a\xff" "b\0c", 5, &len, &bad);
    assert_non_null(s);
    assert_int_equal(bad, 2);
    assert_string_equal(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
    assert_int_equal(len, strlen(s));
    free(s);
    s = bl_utf8_sanitize("clean ü", strlen("clean ü"), &len, &bad);
    assert_int_equal(bad, 0);
    assert_string_equal(s, "clean ü");
    free(s);
}

static void test_stemming(void **state)
{
    (void)state;
    bl_analyzer *a = bl_analyzer_new("english");
    size_t l1, l2;
    char s1[64];
    const char *st = bl_analyzer_stem(a, "cooperation", 11, &l1);
    snprintf(s1, sizeof s1, "%.*s", (int)l1, st);
    st = bl_analyzer_stem(a, "cooperate", 9, &l2);
    assert_int_equal(l1, l2);
    assert_memory_equal(s1, st, l1);
    bl_analyzer_free(a);
    assert_null(bl_analyzer_new("klingon"));
    a = bl_analyzer_new("none");
    st = bl_analyzer_stem(a, "cooperation", 11, &l1);
    assert_int_equal(l1, 11);
    bl_analyzer_free(a);
    a = bl_analyzer_new("french");
    assert_string_equal(bl_analyzer_language(a), "french");
    bl_analyzer_free(a);
}

static void test_long_word_is_dropped_not_truncated(void **state)
{
    (void)state;
    char *text = malloc(2000);
    memset(text, 'x', 1000);
    strcpy(text + 1000, " after");
    collected c = tokenize(text);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.terms[0], "after");
    assert_int_equal(c.pos[0], 0);
    free(text);
}

static void test_normalize_and_stopwords(void **state)
{
    (void)state;
    size_t len;
    char *k = bl_normalize("  Amir   BARAM\t", 15, &len);
    assert_string_equal(k, "amir baram");
    assert_int_equal(len, 10);
    free(k);
    k = bl_normalize("São Tomé", strlen("São Tomé"), NULL);
    assert_string_equal(k, "sao tome");
    free(k);
    assert_true(bl_is_stopword("the", 3));
    assert_true(bl_is_stopword("and", 3));
    assert_false(bl_is_stopword("india", 5));
    /* the ends of the sorted list, the longest words, apostrophes, and terms that are not
     * terminated where len says (the search compares exactly len bytes) */
    assert_true(bl_is_stopword("a", 1));
    assert_true(bl_is_stopword("yourselves", 10));
    assert_true(bl_is_stopword("themselves", 10));
    assert_true(bl_is_stopword("it's", 4));
    assert_true(bl_is_stopword("its", 3));
    assert_true(bl_is_stopword("theirs and", 6));
    assert_true(bl_is_stopword("thesis", 1) == 0); /* "t" is not a stopword */
    assert_false(bl_is_stopword("themselve", 9));
    assert_false(bl_is_stopword("themselvesx", 11));
    assert_false(bl_is_stopword("it'", 3));
    assert_false(bl_is_stopword("zebra", 5));
    assert_false(bl_is_stopword("The", 3)); /* terms are normalised: case matters */
    assert_false(bl_is_stopword("", 0));
    assert_false(bl_is_stopword(NULL, 3));
    const char *all = "a about above after again against all am an and any are as at be "
                      "because been before being below between both but by can could did do "
                      "does doing down during each few for from further had has have having "
                      "he her here hers herself him himself his how i if in into is it it's "
                      "its itself me more most my myself no nor not of off on once only or "
                      "other our ours ourselves out over own same she should so some such "
                      "than that the their theirs them themselves then there these they this "
                      "those through to too under until up very was we were what when where "
                      "which while who whom why will with would you your yours yourself "
                      "yourselves";
    int n = 0;
    for (const char *p = all; *p;) {
        size_t l = strcspn(p, " ");
        assert_true(bl_is_stopword(p, l)); /* each found (the list is in search order) */
        n++;
        p += l + (p[l] == ' ');
    }
    assert_int_equal(n, 125);
}

static int stop_after_two(void *ctx, const bl_token *t)
{
    (void)t;
    return ++*(int *)ctx == 2 ? 7 : 0;
}

static void test_callback_can_stop(void **state)
{
    (void)state;
    bl_analyzer *a = bl_analyzer_new("english");
    int seen = 0;
    unsigned next = 0;
    assert_int_equal(bl_analyzer_tokenize(a, "one two three", 13, BL_TOKENIZE_QUERY, 5,
                                          stop_after_two, &seen, &next), 7);
    assert_int_equal(seen, 2);
    bl_analyzer_free(a);
}

static void test_empty_and_punctuation_only(void **state)
{
    (void)state;
    assert_int_equal(tokenize("").n, 0);
    assert_int_equal(tokenize(" ... — !!! ''' --- &&& ").n, 0);
}

/* The analyzer remembers recent stems: over many words (more than its slots, so entries are
 * evicted and slots collide), repeated in varying order and with lengths around its word
 * limit, every stem is still Snowball's own. */
static void test_stem_cache_agrees_with_snowball(void **state)
{
    (void)state;
    static const char *const suffixes[] = {"", "s", "ing", "ed", "ation", "ness", "ies", "ly"};
    bl_analyzer *a = bl_analyzer_new("english");
    struct sb_stemmer *sb = sb_stemmer_new("english", "UTF_8");
    assert_non_null(a);
    assert_non_null(sb);
    char w[64];
    for (int pass = 0; pass < 3; pass++)
        for (int i = 0; i < 6000; i++) {
            int k = pass == 1 ? 5999 - i : (i * 7919) % 6000;
            int n = snprintf(w, sizeof w, "%.*s%d%s", 1 + k % 20, "abcdefghijklmnopqrstu", k,
                             suffixes[k % 8]);
            size_t len;
            const char *got = bl_analyzer_stem(a, w, (size_t)n, &len);
            assert_non_null(got);
            const sb_symbol *want = sb_stemmer_stem(sb, (const sb_symbol *)w, n);
            assert_int_equal(len, (size_t)sb_stemmer_length(sb));
            assert_memory_equal(got, want, len);
        }
    sb_stemmer_delete(sb);
    bl_analyzer_free(a);
}

/* The constructor says why it failed: an unknown language is an argument error, not memory. */
static void test_analyzer_open_statuses(void **state)
{
    (void)state;
    bl_analyzer *a = (bl_analyzer *)1;
    assert_int_equal(bl_analyzer_open("klingon", &a), BL_ERR_ARGUMENT);
    assert_null(a);
    assert_int_equal(bl_analyzer_open("an-overlong-language-name-that-fits-nowhere", &a),
                     BL_ERR_ARGUMENT);
    assert_int_equal(bl_analyzer_open("english", NULL), BL_ERR_ARGUMENT);
    assert_int_equal(bl_analyzer_open(NULL, &a), BL_OK); /* english */
    assert_string_equal(bl_analyzer_language(a), "english");
    bl_analyzer_free(a);
    assert_int_equal(bl_analyzer_open("none", &a), BL_OK);
    bl_analyzer_free(a);
    assert_int_equal(bl_analyzer_open("french", &a), BL_OK);
    bl_analyzer_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_case),
        cmocka_unit_test(test_possessive_apostrophes),
        cmocka_unit_test(test_hyphen_splits_with_consecutive_positions),
        cmocka_unit_test(test_ampersand_numbers_acronyms),
        cmocka_unit_test(test_unicode_folding),
        cmocka_unit_test(test_non_latin_scripts),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_spans_point_into_text),
        cmocka_unit_test(test_invalid_utf8_is_a_separator),
        cmocka_unit_test(test_sanitize_counts_and_replaces),
        cmocka_unit_test(test_stemming),
        cmocka_unit_test(test_stem_cache_agrees_with_snowball),
        cmocka_unit_test(test_long_word_is_dropped_not_truncated),
        cmocka_unit_test(test_normalize_and_stopwords),
        cmocka_unit_test(test_callback_can_stop),
        cmocka_unit_test(test_empty_and_punctuation_only),
        cmocka_unit_test(test_analyzer_open_statuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
