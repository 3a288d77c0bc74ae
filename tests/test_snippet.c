/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_snippet.c — the best passage of a body: density, stems, phrases, UTF-8 cuts, speed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "snippet.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

typedef struct fixture {
    bl_analyzer *a;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || !(f->a = bl_analyzer_new("english")))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bl_analyzer_free(f->a);
    free(f);
    return 0;
}

static bl_parsed_query *parse(fixture *f, const char *query)
{
    bl_parsed_query *q = NULL;
    bl_query_error e;
    assert_int_equal(bl_query_parse(f->a, query, NULL, &q, &e), BL_OK);
    return q;
}

/* The snippet of body for query (NULL query: none). */
static bl_snippet snip(fixture *f, const char *query, const char *body, size_t max_chars)
{
    bl_parsed_query *q = query ? parse(f, query) : NULL;
    bl_snippet s;
    assert_int_equal(bl_snippet_make(f->a, q, body, strlen(body), max_chars, &s), BL_OK);
    bl_parsed_query_free(q);
    return s;
}

/* The i-th marked match as a string (static buffer). */
static const char *marked(const bl_snippet *s, size_t i)
{
    static char buf[256];
    assert_true(i < s->n_matches);
    size_t a = s->match_start[i], b = s->match_end[i];
    assert_true(a < b && b <= strlen(s->text) && b - a < sizeof buf);
    memcpy(buf, s->text + a, b - a);
    buf[b - a] = '\0';
    return buf;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Is s valid UTF-8 (structurally: lead bytes followed by the right number of continuations)? */
static int valid_utf8(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        int n = *u < 0x80 ? 0 : (*u & 0xE0) == 0xC0 ? 1 : (*u & 0xF0) == 0xE0 ? 2
              : (*u & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0)
            return 0;
        u++;
        for (int k = 0; k < n; k++, u++)
            if ((*u & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

/* A body: `words` filler words, then tail. */
static char *filler_then(const char *head, size_t words, const char *tail)
{
    size_t n = strlen(head) + words * 6 + strlen(tail) + 1;
    char *b = malloc(n);
    assert_non_null(b);
    strcpy(b, head);
    for (size_t i = 0; i < words; i++)
        strcat(b, " lorem");
    strcat(b, tail);
    return b;
}

static void test_densest_window(void **state)
{
    fixture *f = *state;
    char *body = filler_then("India was mentioned once here.", 60,
                             " Then India and Pakistan signed a trade pact on Monday. "
                             "More filler follows here lorem lorem lorem lorem.");
    bl_snippet s = snip(f, "india pakistan trade", body, 60);
    assert_true(utf8_chars(s.text) <= 60);
    assert_int_equal(s.n_matches, 3);
    assert_string_equal(marked(&s, 0), "India");
    assert_string_equal(marked(&s, 1), "Pakistan");
    assert_string_equal(marked(&s, 2), "trade");
    assert_true(s.cut_start);
    assert_true(s.cut_end);
    assert_non_null(strstr(s.text, "India and Pakistan signed a trade"));
    bl_snippet_free(&s);
    free(body);
}

static void test_stem_marking(void **state)
{
    fixture *f = *state;
    bl_snippet s = snip(f, "cooperate", "Talks on defence cooperation resumed; they cooperated.", 200);
    assert_int_equal(s.n_matches, 2);
    assert_string_equal(marked(&s, 0), "cooperation");
    assert_string_equal(marked(&s, 1), "cooperated");
    assert_false(s.cut_start);
    assert_false(s.cut_end);
    assert_string_equal(s.text, "Talks on defence cooperation resumed; they cooperated.");
    bl_snippet_free(&s);
}

static void test_phrase_is_one_match(void **state)
{
    fixture *f = *state;
    /* Window A holds the phrase (one match) and window B two words: B wins.  Were the
     * phrase counted as two, the tie would go to the earlier window A. */
    char *body = filler_then("A report on climate change appeared.", 40,
                             " Later India spoke, and India listened.");
    bl_snippet s = snip(f, "\"climate change\" india", body, 40);
    assert_int_equal(s.n_matches, 2);
    assert_string_equal(marked(&s, 0), "India");
    assert_string_equal(marked(&s, 1), "India");
    bl_snippet_free(&s);

    /* The phrase is marked as one span; its words alone are not marked. */
    s = snip(f, "\"climate change\"", "Climate  change is real; climate alone, change alone.", 200);
    assert_int_equal(s.n_matches, 1);
    assert_string_equal(marked(&s, 0), "Climate change"); /* white space shown as one space */
    bl_snippet_free(&s);
    free(body);
}

static void test_hyphen_phrase_and_wildcard(void **state)
{
    fixture *f = *state;
    bl_snippet s = snip(f, "Israel-India defen*", "The Israel-India defence talks; defending it.", 200);
    assert_int_equal(s.n_matches, 3);
    assert_string_equal(marked(&s, 0), "Israel-India");
    assert_string_equal(marked(&s, 1), "defence");
    assert_string_equal(marked(&s, 2), "defending");
    bl_snippet_free(&s);
}

static void test_no_match_gives_start(void **state)
{
    fixture *f = *state;
    const char *body = "  First sentence of the article. Second sentence goes on and on.";
    bl_snippet s = snip(f, "zebra", body, 20);
    assert_int_equal(s.n_matches, 0);
    assert_false(s.cut_start);
    assert_true(s.cut_end);
    assert_string_equal(s.text, "First sentence of"); /* cut at a word boundary */
    bl_snippet_free(&s);

    s = snip(f, NULL, body, 1000);
    assert_int_equal(s.n_matches, 0);
    assert_false(s.cut_end);
    assert_string_equal(s.text, "First sentence of the article. Second sentence goes on and on.");
    bl_snippet_free(&s);
}

static void test_empty_and_tiny(void **state)
{
    fixture *f = *state;
    bl_parsed_query *q = parse(f, "india");
    bl_snippet s;
    assert_int_equal(bl_snippet_make(f->a, q, NULL, 0, 50, &s), BL_OK);
    assert_string_equal(s.text, "");
    assert_int_equal(s.n_matches, 0);
    bl_snippet_free(&s);
    assert_int_equal(bl_snippet_make(f->a, q, "india", 5, 0, &s), BL_OK);
    assert_string_equal(s.text, "");
    assert_true(s.cut_end);
    bl_snippet_free(&s);
    assert_int_equal(bl_snippet_make(NULL, q, "x", 1, 5, &s), BL_ERR_ARGUMENT);
    assert_int_equal(bl_snippet_make(f->a, q, NULL, 3, 5, &s), BL_ERR_ARGUMENT);
    bl_snippet_free(NULL);
    bl_parsed_query_free(q);
}

/* Every window size over a body full of multi-byte characters: valid UTF-8, never more than
 * max_chars characters, and every mark is a whole matching word. */
static void test_utf8_safe_cuts(void **state)
{
    fixture *f = *state;
    const char *body = "日本の首相 café Zürich – «India» 東京 naïve India’s café 😀😀 "
                       "Ελλάδα India नमस्ते India end";
    bl_parsed_query *q = parse(f, "india cafe");
    for (size_t max = 1; max < 80; max++) {
        bl_snippet s;
        assert_int_equal(bl_snippet_make(f->a, q, body, strlen(body), max, &s), BL_OK);
        assert_true(valid_utf8(s.text));
        assert_true(utf8_chars(s.text) <= max);
        for (size_t i = 0; i < s.n_matches; i++) {
            const char *m = marked(&s, i);
            assert_true(strcmp(m, "India") == 0 || strcmp(m, "café") == 0 ||
                        strcmp(m, "India’s") == 0);
        }
        bl_snippet_free(&s);
    }
    /* One word longer than the window is cut at a character boundary. */
    bl_snippet s;
    const char *word = "ééééééééééééééé";
    assert_int_equal(bl_snippet_make(f->a, q, word, strlen(word), 5, &s), BL_OK);
    assert_string_equal(s.text, "ééééé");
    assert_true(s.cut_end);
    bl_snippet_free(&s);
    bl_parsed_query_free(q);
}

static void test_context_before_match(void **state)
{
    fixture *f = *state;
    char *body = filler_then("Start.", 100, " The minister said India would respond. lorem.");
    bl_snippet s = snip(f, "india", body, 80);
    assert_int_equal(s.n_matches, 1);
    assert_true(s.match_start[0] > 0);            /* some context before the match */
    assert_true(s.text[0] != ' ');                /* starts at a word */
    assert_true(s.cut_start);
    assert_non_null(strstr(s.text, "minister said India"));
    bl_snippet_free(&s);
    free(body);
}

/* A long body (far beyond what is tokenised around candidates) whose only match is near its
 * end: the passage is there, with context before it. */
static void test_long_body_match_at_end(void **state)
{
    fixture *f = *state;
    char *body = filler_then("Opening words.", 20000, " The summit in Zürich ended. Then the "
                             "delegates went home, and nothing more was said.");
    bl_snippet s = snip(f, "summit", body, 60);
    assert_int_equal(s.n_matches, 1);
    assert_string_equal(marked(&s, 0), "summit");
    assert_true(s.cut_start);
    assert_non_null(strstr(s.text, "The summit in Zürich ended."));
    bl_snippet_free(&s);
    /* found through a non-ASCII letter: "zurich" is written "Zürich" */
    s = snip(f, "zurich", body, 60);
    assert_int_equal(s.n_matches, 1);
    assert_string_equal(marked(&s, 0), "Zürich");
    bl_snippet_free(&s);
    free(body);
}

/* Words whose text differs from their term: acronyms, grouped digits, case, apostrophes,
 * accents and the stems that English spells differently (dying -> die). */
static void test_written_forms(void **state)
{
    fixture *f = *state;
    struct { const char *query, *body, *mark; } cases[] = {
        {"un", "lorem lorem. The U.N. said so.", "U.N."},
        {"1000", "lorem lorem, some 1,000 people.", "1,000"},
        {"nato", "lorem lorem; NATO met.", "NATO"},
        {"o'brien", "lorem lorem O\u2019Brien spoke.", "O\u2019Brien"},
        {"cafe", "lorem lorem the CAF\u00c9 opened.", "CAF\u00c9"},
        {"finance", "lorem lorem \ufb01nance rules.", "\ufb01nance"},
        {"die", "lorem lorem he was dying then.", "dying"},
        {"lie", "lorem lorem it was lying there.", "lying"},
        {"sky", "lorem lorem under blue skies.", "skies"},
        {"happy", "lorem lorem such happiness.", "happiness"},
        {"possibility", "lorem lorem many possibilities.", "possibilities"},
        {"india", "lorem lorem Israel-India talks.", "India"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bl_snippet s = snip(f, cases[i].query, cases[i].body, 200);
        if (s.n_matches != 1)
            print_message("query %s: %zu matches in %s\n", cases[i].query, s.n_matches, s.text);
        assert_int_equal(s.n_matches, 1);
        assert_string_equal(marked(&s, 0), cases[i].mark);
        bl_snippet_free(&s);
    }
}

/* Phrases match by stems in order, as the index's phrases do; a phrase whose rare word is not
 * its first is found however common its first words are. */
static void test_phrase_by_stems(void **state)
{
    fixture *f = *state;
    bl_snippet s = snip(f, "\"he played\"", "At first he plays; later he played again.", 200);
    assert_int_equal(s.n_matches, 2);
    assert_string_equal(marked(&s, 0), "he plays");
    assert_string_equal(marked(&s, 1), "he played");
    bl_snippet_free(&s);

    char *body = filler_then("To the end, to the point, to the letter.", 3000,
                             " He bowed to the\n\nnecessity of it.");
    s = snip(f, "\"to the necessity\"", body, 80);
    assert_int_equal(s.n_matches, 1);
    assert_string_equal(marked(&s, 0), "to the necessity");
    bl_snippet_free(&s);
    free(body);
}

/* A wildcard marks the words that start with it and those whose stem starts with its stem,
 * as the index's wildcards match stems (happy* finds the stem "happi" of happiness). */
static void test_wildcard_by_stem(void **state)
{
    fixture *f = *state;
    bl_snippet s = snip(f, "happy*", "Happiness is not happygolucky; unhappy people.", 200);
    assert_int_equal(s.n_matches, 2);
    assert_string_equal(marked(&s, 0), "Happiness");
    assert_string_equal(marked(&s, 1), "happygolucky");
    bl_snippet_free(&s);
}

/* One maker serves many bodies (the hits of a search) exactly as single calls do. */
static void test_maker_reuse(void **state)
{
    fixture *f = *state;
    const char *bodies[] = {
        "India and Pakistan talk.", "", "Nothing here at all.",
        "Climate change: India, climate change and India again.", "india",
    };
    bl_parsed_query *q = parse(f, "india \"climate change\"");
    bl_snippet_maker *m = NULL;
    assert_int_equal(bl_snippet_maker_new(f->a, q, 30, &m), BL_OK);
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
            bl_snippet a, b;
            assert_int_equal(bl_snippet_maker_run(m, bodies[i], strlen(bodies[i]), &a), BL_OK);
            assert_int_equal(bl_snippet_make(f->a, q, bodies[i], strlen(bodies[i]), 30, &b),
                             BL_OK);
            assert_string_equal(a.text, b.text);
            assert_int_equal(a.n_matches, b.n_matches);
            for (size_t k = 0; k < a.n_matches; k++) {
                assert_int_equal(a.match_start[k], b.match_start[k]);
                assert_int_equal(a.match_end[k], b.match_end[k]);
            }
            bl_snippet_free(&a);
            bl_snippet_free(&b);
        }
    bl_snippet s;
    assert_int_equal(bl_snippet_maker_run(m, NULL, 3, &s), BL_ERR_ARGUMENT);
    assert_int_equal(bl_snippet_maker_run(NULL, "x", 1, &s), BL_ERR_ARGUMENT);
    bl_snippet_maker_free(m);
    bl_snippet_maker_free(NULL);
    bl_parsed_query_free(q);
}

/* Other languages tokenise whole bodies (the prefilter's rule is English's): same results. */
static void test_other_language(void **state)
{
    (void)state;
    bl_analyzer *fr = bl_analyzer_new("french");
    assert_non_null(fr);
    bl_parsed_query *q = NULL;
    bl_query_error e;
    assert_int_equal(bl_query_parse(fr, "nationale", NULL, &q, &e), BL_OK);
    char *body = filler_then("Début.", 500, " L'Assemblée nationale et les nationaux.");
    bl_snippet s;
    assert_int_equal(bl_snippet_make(fr, q, body, strlen(body), 60, &s), BL_OK);
    assert_int_equal(s.n_matches, 2);
    assert_string_equal(marked(&s, 0), "nationale");
    assert_string_equal(marked(&s, 1), "nationaux");
    bl_snippet_free(&s);
    free(body);
    bl_parsed_query_free(q);
    bl_analyzer_free(fr);
}

/* CPU time of this process: what the work costs, whatever else the machine is running. */
static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A body of n bytes of news-like text with the query's words only at the very end. */
static char *big_body(size_t n, size_t *len)
{
    static const char unit[] = "The government announced new defence cooperation measures on "
                               "Tuesday, officials in Delhi said. ";
    static const char tail[] = " climate change in India and Pakistan.";
    char *b = malloc(n + sizeof tail);
    assert_non_null(b);
    size_t o = 0;
    while (o + sizeof unit - 1 <= n) {
        memcpy(b + o, unit, sizeof unit - 1);
        o += sizeof unit - 1;
    }
    memcpy(b + o, tail, sizeof tail);
    *len = o + sizeof tail - 1;
    return b;
}

static double time_snippet(fixture *f, bl_parsed_query *q, size_t n, bl_snippet *s)
{
    size_t len;
    char *body = big_body(n, &len);
    double t0 = seconds();
    assert_int_equal(bl_snippet_make(f->a, q, body, len, 200, s), BL_OK);
    double t = seconds() - t0;
    free(body);
    return t;
}

/* Linear time: 8x the input may not take much more than 8x the time (quadratic would be 64x);
 * and with an optimised, uninstrumented build 20 MB takes well under three seconds. */
static void test_huge_body_linear(void **state)
{
    fixture *f = *state;
    bl_parsed_query *q = parse(f, "\"climate change\" india pakistan zebra");
    bl_snippet s;
    int instrumented = RUNNING_ON_VALGRIND;
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
    instrumented = 1;
#endif
    size_t small = instrumented ? (256u << 10) : (2u << 20);
    double t1 = time_snippet(f, q, small, &s);
    bl_snippet_free(&s);
    double t8 = time_snippet(f, q, small * 8, &s);
    assert_int_equal(s.n_matches, 3);
    assert_true(s.cut_start);
    assert_false(s.cut_end);
    bl_snippet_free(&s);
    print_message("snippet of %zu KiB: %.3fs, of %zu KiB: %.3fs\n", small >> 10, t1,
                  (small * 8) >> 10, t8);
    assert_true(t8 < 16 * t1 + 0.05);
    if (!instrumented) {
        double t20 = time_snippet(f, q, 20u << 20, &s);
        bl_snippet_free(&s);
        print_message("snippet of 20 MiB: %.3fs\n", t20);
        assert_true(t20 < 3.0); /* generous: CI machines are shared and noisy */
    }
    bl_parsed_query_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_densest_window),
        cmocka_unit_test(test_stem_marking),
        cmocka_unit_test(test_phrase_is_one_match),
        cmocka_unit_test(test_hyphen_phrase_and_wildcard),
        cmocka_unit_test(test_no_match_gives_start),
        cmocka_unit_test(test_empty_and_tiny),
        cmocka_unit_test(test_utf8_safe_cuts),
        cmocka_unit_test(test_context_before_match),
        cmocka_unit_test(test_long_body_match_at_end),
        cmocka_unit_test(test_written_forms),
        cmocka_unit_test(test_phrase_by_stems),
        cmocka_unit_test(test_wildcard_by_stem),
        cmocka_unit_test(test_maker_reuse),
        cmocka_unit_test(test_other_language),
        cmocka_unit_test(test_huge_body_linear),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
