/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_api.c — the library-wide parts of byline.h (issue 13): the version macros and
 * bl_version, the _init functions and their defaults, bl_exit_status, bl_default_index,
 * bl_color_auto, and bl_search's reopen-and-retry when a writer has moved the index on
 * under a reader (Xapian's DatabaseModifiedError, BL_ERR_MODIFIED). */
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

static void test_version(void **state)
{
    (void)state;
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", BYLINE_VERSION_MAJOR, BYLINE_VERSION_MINOR,
             BYLINE_VERSION_MICRO);
    assert_string_equal(bl_version(), want);
    assert_true(BYLINE_CHECK_VERSION(0, 0, 0));
    assert_true(BYLINE_CHECK_VERSION(BYLINE_VERSION_MAJOR, BYLINE_VERSION_MINOR,
                                     BYLINE_VERSION_MICRO));
    assert_false(BYLINE_CHECK_VERSION(BYLINE_VERSION_MAJOR, BYLINE_VERSION_MINOR,
                                      BYLINE_VERSION_MICRO + 1));
    assert_false(BYLINE_CHECK_VERSION(BYLINE_VERSION_MAJOR, BYLINE_VERSION_MINOR + 1, 0));
    assert_false(BYLINE_CHECK_VERSION(BYLINE_VERSION_MAJOR + 1, 0, 0));
}

static void test_init_defaults(void **state)
{
    (void)state;
    bl_document d;
    memset(&d, 0xAB, sizeof d);
    bl_document_init(&d);
    assert_null(d.id);
    assert_null(d.text);
    assert_int_equal(d.n_authors, 0);

    bl_ingest_options g;
    memset(&g, 0xAB, sizeof g);
    bl_ingest_options_init(&g);
    assert_int_equal(g.max_doc_size, BL_DEFAULT_MAX_DOC);
    assert_null(g.file_begin);

    bl_indexer_options o;
    memset(&o, 0xAB, sizeof o);
    bl_indexer_options_init(&o);
    assert_string_equal(o.index.language, "english");
    assert_int_equal(o.index.no_entities, 0);
    assert_int_equal(o.index.shards, BL_SHARDS_PER_JOB);
    assert_int_equal(o.jobs, 0);
    assert_int_equal(o.memory_mb, BL_DEFAULT_MEMORY_MB);
    assert_null(o.problem_cb);
    assert_null(o.stop);

    bl_index_options io;
    bl_index_options_init(&io);
    assert_int_equal(io.shards, 1);
}

static void test_exit_status(void **state)
{
    (void)state;
    assert_int_equal(bl_exit_status(BL_OK), 0);
    assert_int_equal(bl_exit_status(BL_ERR_QUERY), 2);
    assert_int_equal(bl_exit_status(BL_ERR_ARGUMENT), 2);
    assert_int_equal(bl_exit_status(BL_ERR_NOT_FOUND), 2);
    assert_int_equal(bl_exit_status(BL_ERR_INPUT), 2);
    assert_int_equal(bl_exit_status(BL_ERR_LOCKED), 3);
    assert_int_equal(bl_exit_status(BL_ERR_CORRUPT), 3);
    assert_int_equal(bl_exit_status(BL_ERR_IO), 3);
    assert_int_equal(bl_exit_status(BL_ERR_NETWORK), 3);
    assert_int_equal(bl_exit_status(BL_ERR_MODIFIED), 3);
    assert_int_equal(bl_exit_status(BL_ERR_NO_MEMORY), 4);
    assert_int_equal(bl_exit_status(BL_ERR_INTERNAL), 4);
    assert_int_equal(bl_exit_status((bl_status)999), 3);
    assert_string_not_equal(bl_status_to_string(BL_ERR_MODIFIED), "unknown status");
}

static void test_default_index_and_color(void **state)
{
    (void)state;
    unsetenv("BYLINE_DB");
    assert_string_equal(bl_default_index(NULL), "byline.db");
    assert_string_equal(bl_default_index("x.db"), "x.db");
    setenv("BYLINE_DB", "", 1);
    assert_string_equal(bl_default_index(NULL), "byline.db");
    setenv("BYLINE_DB", "/srv/news.db", 1);
    assert_string_equal(bl_default_index(NULL), "/srv/news.db");
    assert_string_equal(bl_default_index("x.db"), "x.db");
    unsetenv("BYLINE_DB");
    /* a pipe is never coloured, whatever the environment says */
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    unsetenv("NO_COLOR");
    setenv("TERM", "xterm", 1);
    assert_int_equal(bl_color_auto(fds[1]), 0);
    close(fds[0]);
    close(fds[1]);
}

/* Add n documents "doc-I" whose text names the round (so a reader can tell revisions apart)
 * and commit. */
static void write_round(bl_index *ix, int round, int n)
{
    char id[32], text[256];
    bl_document d;
    bl_document_init(&d);
    for (int i = 0; i < n; i++) {
        snprintf(id, sizeof id, "doc-%d", i); /* replaced at each round */
        snprintf(text, sizeof text, "alpha word%d round%d filler%d text%d more%d words%d",
                 i, round, i * 7 + round, i % 13, i % 101, round * 1000 + i);
        d.id = id;
        d.text = text;
        d.text_len = strlen(text);
        assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
    }
    assert_int_equal(bl_index_commit(ix), BL_OK);
}

/* A reader opened on one revision, then a writer that rewrites every document several times:
 * the blocks of the reader's revision are reused, so Xapian throws DatabaseModifiedError when
 * the reader next looks at a part of the index it has not read yet.  bl_search reopens and
 * answers from the last commit: no error reaches the caller. */
static void test_search_after_many_commits(void **state)
{
    (void)state;
    enum { DOCS = 1000, ROUNDS = 4 };
    char dir[] = "/tmp/byline-test-api-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[64];
    snprintf(db, sizeof db, "%s/db", dir);
    bl_index_options io;
    bl_index_options_init(&io);
    io.no_entities = 1;
    bl_index *ix = NULL;
    assert_int_equal(bl_index_open(db, &io, &ix, NULL), BL_OK);
    write_round(ix, 0, DOCS);

    const char *where[] = {db};
    bl_searcher *s = NULL;
    assert_int_equal(bl_searcher_open(where, 1, &s, NULL), BL_OK);
    bl_search_options o;
    bl_search_options_init(&o);
    o.exact_total = 1;
    o.no_snippets = 1;
    o.limit = 1;
    bl_results *r = NULL;
    assert_int_equal(bl_search(s, "round0", &o, &r, NULL), BL_OK);
    assert_int_equal(bl_results_total(r), DOCS);
    bl_results_free(r);
    for (int c = 1; c <= ROUNDS; c++)
        write_round(ix, c, DOCS);
    char q[32];
    snprintf(q, sizeof q, "round%d", ROUNDS); /* only in the last revision */
    bl_status st = bl_search(s, q, &o, &r, NULL);
    assert_int_equal(st, BL_OK);
    assert_int_equal(bl_results_total(r), DOCS); /* reopened: the last commit */
    bl_results_free(r);
    bl_searcher_close(s);
    assert_int_equal(bl_index_close(ix), BL_OK);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_init_defaults),
        cmocka_unit_test(test_exit_status),
        cmocka_unit_test(test_default_index_and_color),
        cmocka_unit_test(test_search_after_many_commits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
