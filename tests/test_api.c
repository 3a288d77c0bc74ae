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

/* A reader opened before a writer commits many times, then asked again: never an error. */
static void test_search_after_many_commits(void **state)
{
    (void)state;
    char dir[] = "/tmp/byline-test-api-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[64];
    snprintf(db, sizeof db, "%s/db", dir);
    bl_index_options io;
    bl_index_options_init(&io);
    io.no_entities = 1;
    bl_index *ix = NULL;
    assert_int_equal(bl_index_open(db, &io, &ix, NULL), BL_OK);
    char id[32], text[256];
    bl_document d;
    bl_document_init(&d);
    d.id = "first";
    d.text = "alpha beta gamma";
    d.text_len = strlen(d.text);
    assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
    assert_int_equal(bl_index_commit(ix), BL_OK);

    const char *where[] = {db};
    bl_searcher *s = NULL;
    assert_int_equal(bl_searcher_open(where, 1, &s, NULL), BL_OK);
    /* the reader reads once, so that it holds the old revision's blocks in use */
    bl_search_options o;
    bl_search_options_init(&o);
    o.exact_total = 1;
    bl_results *r = NULL;
    assert_int_equal(bl_search(s, "alpha", &o, &r, NULL), BL_OK);
    assert_int_equal(bl_results_total(r), 1);
    bl_results_free(r);
    for (int c = 0; c < 8; c++) { /* many commits, each rewriting the same blocks */
        for (int i = 0; i < 300; i++) {
            snprintf(id, sizeof id, "doc-%d", i); /* replaced at each round */
            snprintf(text, sizeof text, "alpha delta word%d number%d round%d", i, c, c);
            d.id = id;
            d.text = text;
            d.text_len = strlen(text);
            assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
        }
        assert_int_equal(bl_index_delete(ix, "first"), BL_OK);
        assert_int_equal(bl_index_commit(ix), BL_OK);
    }
    bl_status st = bl_search(s, "alpha", &o, &r, NULL);
    assert_int_equal(st, BL_OK);
    /* Xapian answers from the reader's revision while it can still read it (1 document), and
     * throws DatabaseModifiedError once its blocks were reused; then bl_search reopens and
     * answers from the last commit (300).  Never an error.  (On an index this small Xapian
     * still reads the old revision, so the reopen itself is not reached here.) */
    assert_true(bl_results_total(r) == 1 || bl_results_total(r) == 300);
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
