/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_facets.c — entity facets (lib/facets.c) through the public API: a searcher that stays
 * open while a writer adds and deletes documents must count from the revision it has
 * reopened to, not from what it cached before (the dictionary, each key's posting list, the
 * last docid), whichever way it counts (the walk over cached posting lists on a local index,
 * or Xapian's value-count spies), and both ways must agree with the entity filter, whatever
 * the shape of the query (the match bitmap comes from posting lists or from the matcher). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "byline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Add documents first..last-1, each a short news item naming Angela Merkel (and, every other
 * one, Emmanuel Macron), and commit. */
static void add_docs(bl_index *ix, int first, int last)
{
    char id[32], text[512];
    bl_document d;
    bl_document_init(&d);
    for (int i = first; i < last; i++) {
        snprintf(id, sizeof id, "news-%d", i);
        snprintf(text, sizeof text,
                 "Summit report %d\n\nGerman Chancellor Angela Merkel met reporters in Berlin "
                 "on day %d of the summit.%s Merkel said the talks would go on.\n",
                 i, i, i % 2 ? " French President Emmanuel Macron joined her." : "");
        d.id = id;
        d.text = text;
        d.text_len = strlen(text);
        assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
    }
    assert_int_equal(bl_index_commit(ix), BL_OK);
}

/* The count of the facet (any type) whose key contains `word`, 0 if none; *key its key. */
static unsigned long facet_count(bl_searcher *s, const char *query, const char *word,
                                 char *key, size_t keysize, unsigned long *total)
{
    bl_search_options o;
    bl_search_options_init(&o);
    o.no_snippets = 1;
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        o.facets[t] = 20;
    bl_results *r = NULL;
    assert_int_equal(bl_search(s, query, &o, &r, NULL), BL_OK);
    unsigned long c = 0;
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        for (size_t i = 0; i < bl_results_facet_size(r, t); i++) {
            const bl_facet *f = bl_results_facet(r, t, i);
            if (strstr(f->key, word) && !c) {
                c = f->count;
                snprintf(key, keysize, "%s:\"%s\"", bl_facet_type_name(t), f->key);
            }
        }
    assert_true(bl_results_total_exact(r));
    *total = bl_results_total(r);
    bl_results_free(r);
    return c;
}

/* What the entity filter finds: the documents of the query and the facet's key. */
static unsigned long filter_count(bl_searcher *s, const char *query, const char *key)
{
    char q[256];
    snprintf(q, sizeof q, "(%s) %s", query, key);
    bl_search_options o;
    bl_search_options_init(&o);
    o.no_snippets = 1;
    o.exact_total = 1;
    bl_results *r = NULL;
    assert_int_equal(bl_search(s, q, &o, &r, NULL), BL_OK);
    unsigned long n = bl_results_total(r);
    bl_results_free(r);
    return n;
}

/* Both ways of counting (BYLINE_FACET_BOUND_MIN=1: the walk for every match; a huge value:
 * the spies) give `want` for the facet of `word` among the matches of `query`, equal to the
 * filter's count. */
static void expect_query_counts(bl_searcher *s, const char *query, const char *word,
                                unsigned long want, unsigned long matches)
{
    const char *ways[] = {"1", "1000000000", "1"}; /* the walk twice: cold, then cached */
    for (size_t w = 0; w < sizeof ways / sizeof *ways; w++) {
        char key[128] = "";
        unsigned long total = 0;
        assert_int_equal(setenv("BYLINE_FACET_BOUND_MIN", ways[w], 1), 0);
        unsigned long c = facet_count(s, query, word, key, sizeof key, &total);
        if (c != want || total != matches)
            fprintf(stderr, "BYLINE_FACET_BOUND_MIN=%s: %s counted %lu of %lu (want %lu of %lu)\n",
                    ways[w], word, c, total, want, matches);
        assert_int_equal(c, want);
        assert_int_equal(total, matches);
        assert_int_equal(filter_count(s, query, key), want);
    }
    unsetenv("BYLINE_FACET_BOUND_MIN");
}

static void expect_counts(bl_searcher *s, const char *word, unsigned long want,
                          unsigned long matches)
{
    expect_query_counts(s, "summit", word, want, matches);
}

static void test_counts_follow_reopen(void **state)
{
    (void)state;
    char dir[] = "/tmp/byline-test-facets-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[64];
    snprintf(db, sizeof db, "%s/db", dir);
    bl_index_options io;
    bl_index_options_init(&io);
    io.shards = 2; /* docids of the combined database interleave */
    bl_index *ix = NULL;
    assert_int_equal(bl_index_open(db, &io, &ix, NULL), BL_OK);
    add_docs(ix, 0, 6);

    const char *where[] = {db};
    bl_searcher *s = NULL;
    assert_int_equal(bl_searcher_open(where, 1, &s, NULL), BL_OK);
    expect_counts(s, "merkel", 6, 6);
    expect_counts(s, "macron", 3, 6);

    add_docs(ix, 6, 11); /* 5 more: Merkel in all, Macron in news-7 and news-9 */
    int changed = 0;
    assert_int_equal(bl_searcher_reopen(s, &changed), BL_OK);
    assert_true(changed);
    expect_counts(s, "merkel", 11, 11);
    expect_counts(s, "macron", 5, 11);

    assert_int_equal(bl_index_delete(ix, "news-1"), BL_OK); /* names both */
    assert_int_equal(bl_index_delete(ix, "news-2"), BL_OK);
    assert_int_equal(bl_index_commit(ix), BL_OK);
    assert_int_equal(bl_searcher_reopen(s, &changed), BL_OK);
    assert_true(changed);
    expect_counts(s, "merkel", 9, 9);
    expect_counts(s, "macron", 4, 9);

    /* query shapes: the bitmap from posting lists (terms, AND, OR, NOT) and from the matcher
     * (a phrase, a date range) must count the same */
    expect_query_counts(s, "summit NOT macron", "merkel", 5, 5);
    expect_query_counts(s, "summit AND macron", "merkel", 4, 4);
    expect_query_counts(s, "reporters OR joined", "macron", 4, 9);
    expect_query_counts(s, "\"French President\"", "merkel", 4, 4);
    expect_query_counts(s, "\"day 3\" OR \"day 4\"", "macron", 1, 2);

    bl_searcher_close(s);
    assert_int_equal(bl_index_close(ix), BL_OK);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_follow_reopen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
