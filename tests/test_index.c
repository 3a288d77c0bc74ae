/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_index.c — the parallel, incremental indexer (bl_indexer) and the sharded layout:
 * documents land in one shard each and replace themselves there, re-runs skip unchanged
 * files, --full re-runs replace, a second writer is refused, and bl_index_info_read reports
 * what the index holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "byline.h"
#include "layout.h"
#include "schema.h"
#include "xapian_c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];
    char corpus[128];
    char db[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/byline-test-index-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->corpus, sizeof f->corpus, "%s/corpus", f->dir);
    snprintf(f->db, sizeof f->db, "%s/db", f->dir);
    if (mkdir(f->corpus, 0777) < 0)
        return -1;
    for (int i = 0; i < 40; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/doc%02d.txt", f->corpus, i);
        FILE *fp = fopen(p, "w");
        if (!fp)
            return -1;
        fprintf(fp, "Title %d\n\nword%d and a shared body\n", i, i);
        fclose(fp);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static bl_indexer_stats run(const char *db, const char *path, unsigned shards, unsigned jobs,
                            int full)
{
    bl_indexer_options o = {0};
    o.index.shards = shards;
    o.index.no_entities = 1;
    o.jobs = jobs;
    o.full = full;
    bl_indexer *x = NULL;
    char *err = NULL;
    assert_int_equal(bl_indexer_open(db, &o, &x, &err), BL_OK);
    assert_null(err);
    assert_int_equal(bl_indexer_add_path(x, path), BL_OK);
    bl_indexer_stats st;
    assert_int_equal(bl_indexer_close(x, &st, &err), BL_OK);
    assert_null(err);
    return st;
}

static unsigned long documents(const char *db, size_t *shards)
{
    bl_index_info info;
    assert_int_equal(bl_index_info_read(db, &info, NULL), BL_OK);
    if (shards)
        *shards = info.shards;
    unsigned long n = info.documents;
    bl_index_info_free(&info);
    return n;
}

static void test_sharded_index_and_reruns(void **state)
{
    fixture *f = *state;
    bl_indexer_stats st = run(f->db, f->corpus, 3, 2, 0);
    assert_int_equal(st.added, 40);
    assert_int_equal(st.replaced, 0);
    size_t shards = 0;
    assert_int_equal(documents(f->db, &shards), 40);
    assert_int_equal(shards, 3);

    /* an unchanged re-run reads nothing */
    st = run(f->db, f->corpus, 0, 2, 0);
    assert_int_equal(st.files_unchanged, 40);
    assert_int_equal(st.added + st.replaced, 0);

    /* a full re-run replaces every document in its own shard: no duplicates */
    st = run(f->db, f->corpus, 0, 1, 1);
    assert_int_equal(st.replaced, 40);
    assert_int_equal(st.added, 0);
    assert_int_equal(documents(f->db, NULL), 40);

    /* searching the sharded folder sees one index */
    bl_searcher *s = NULL;
    const char *loc[1] = {f->db};
    assert_int_equal(bl_searcher_open(loc, 1, &s, NULL), BL_OK);
    unsigned long n = 0;
    assert_int_equal(bl_searcher_doc_count(s, &n), BL_OK);
    assert_int_equal(n, 40);
    bl_searcher_close(s);
}

static void test_single_threaded_api_on_shards(void **state)
{
    fixture *f = *state;
    run(f->db, f->corpus, 4, 2, 0);
    bl_index *ix = NULL;
    assert_int_equal(bl_index_open(f->db, NULL, &ix, NULL), BL_OK);
    bl_document d = {.id = "doc07.txt", .title = "again", .text = "new text", .text_len = 8};
    int replaced = 0;
    assert_int_equal(bl_index_add(ix, &d, &replaced), BL_OK);
    assert_int_equal(replaced, 1);
    d.id = "brand-new";
    assert_int_equal(bl_index_add(ix, &d, &replaced), BL_OK);
    assert_int_equal(replaced, 0);
    assert_int_equal(bl_index_delete(ix, "doc08.txt"), BL_OK);
    assert_int_equal(bl_index_close(ix), BL_OK);
    assert_int_equal(documents(f->db, NULL), 40);
}

static void test_second_writer_is_refused(void **state)
{
    fixture *f = *state;
    run(f->db, f->corpus, 2, 1, 0);
    bl_indexer_options o = {0};
    o.index.no_entities = 1;
    bl_indexer *x = NULL;
    assert_int_equal(bl_indexer_open(f->db, &o, &x, NULL), BL_OK);
    bl_index *ix = NULL;
    char *err = NULL;
    assert_int_equal(bl_index_open(f->db, NULL, &ix, &err), BL_ERR_LOCKED);
    assert_null(ix);
    free(err);
    bl_indexer *y = NULL;
    assert_int_equal(bl_indexer_open(f->db, &o, &y, NULL), BL_ERR_LOCKED);
    assert_int_equal(bl_indexer_close(x, NULL, NULL), BL_OK);
    /* once the first is done, the lock is free */
    assert_int_equal(bl_index_open(f->db, NULL, &ix, NULL), BL_OK);
    assert_int_equal(bl_index_close(ix), BL_OK);
}

static void test_changed_file_drops_vanished_documents(void **state)
{
    fixture *f = *state;
    char p[256];
    snprintf(p, sizeof p, "%s/feed.jsonl", f->corpus);
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    for (int i = 0; i < 10; i++)
        fprintf(fp, "{\"id\": \"f%d\", \"text\": \"feed %d\"}\n", i, i);
    fclose(fp);
    run(f->db, f->corpus, 2, 2, 0);
    assert_int_equal(documents(f->db, NULL), 50);
    sleep(1); /* a different mtime even on coarse file systems */
    fp = fopen(p, "w");
    assert_non_null(fp);
    for (int i = 0; i < 4; i++)
        fprintf(fp, "{\"id\": \"f%d\", \"text\": \"feed %d changed\"}\n", i, i);
    fclose(fp);
    bl_indexer_stats st = run(f->db, f->corpus, 0, 2, 0);
    assert_int_equal(st.files_changed, 1);
    assert_int_equal(st.replaced, 4);
    assert_int_equal(documents(f->db, NULL), 44);
}

static void test_info_of_missing_index(void **state)
{
    fixture *f = *state;
    bl_index_info info;
    char *err = NULL;
    assert_int_equal(bl_index_info_read(f->db, &info, &err), BL_ERR_NOT_FOUND);
    free(err);
}

/* Matches of a query over the whole index (exact count). */
static unsigned long matches(const char *db, const char *query)
{
    const char *loc[] = {db};
    bl_searcher *s = NULL;
    assert_int_equal(bl_searcher_open(loc, 1, &s, NULL), BL_OK);
    bl_search_options o;
    bl_search_options_init(&o);
    o.limit = 0;
    o.exact_total = 1;
    bl_results *r = NULL;
    assert_int_equal(bl_search(s, query, &o, &r, NULL), BL_OK);
    unsigned long n = bl_results_total(r);
    bl_results_free(r);
    bl_searcher_close(s);
    return n;
}

/* An index of an older format is searched with its own term layout, and the indexer refuses
 * to add documents of the new layout to it, saying why. */
static void test_older_format_is_read_not_extended(void **state)
{
    fixture *f = *state;
    run(f->db, f->corpus, 2, 1, 0);
    /* format 3: phrases match stems in order ("shared bodies" meets "shared body") */
    assert_int_equal(matches(f->db, "\"shared bodies\""), 40);
    for (int i = 0; i < 2; i++) { /* say the shards are format 2 */
        char shard[256];
        snprintf(shard, sizeof shard, "%s/%s/%02d", f->db, BL_SHARDS_DIR, i);
        xc_wdb *w = NULL;
        assert_int_equal(xc_wdb_open(shard, XC_OPEN, &w, NULL), XC_OK);
        assert_int_equal(xc_wdb_set_metadata(w, BL_META_FORMAT, "2", 1), XC_OK);
        assert_int_equal(xc_wdb_commit(w), XC_OK);
        assert_int_equal(xc_wdb_close(w), XC_OK);
    }
    /* the searcher now compiles phrases to format 2's unstemmed words, which are absent */
    assert_int_equal(matches(f->db, "\"shared body\""), 0);
    assert_int_equal(matches(f->db, "shared body"), 40); /* plain words are stems in both */
    bl_indexer_options o = {0};
    o.index.no_entities = 1;
    bl_indexer *x = NULL;
    char *err = NULL;
    assert_int_equal(bl_indexer_open(f->db, &o, &x, &err), BL_ERR_CORRUPT);
    assert_null(x);
    assert_non_null(err);
    assert_non_null(strstr(err, "format 2"));
    assert_non_null(strstr(err, "new folder"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sharded_index_and_reruns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_single_threaded_api_on_shards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_writer_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_file_drops_vanished_documents, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_info_of_missing_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_older_format_is_read_not_extended, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
