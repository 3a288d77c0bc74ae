/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_dict_snapshot.c — the per-shard snapshot of the entity dictionary's type terms
 * (lib/dict_snapshot.c): written with a commit, it hands on exactly what Xapian's allterms
 * gives; a shard changed by another writer afterwards, or a malformed snapshot, is not used
 * (the reader then reads the terms, as before). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "byline.h"
#include "dict_snapshot.h"
#include "schema.h"
#include "xapian_c.h"

typedef struct fixture {
    char dir[64];
    xc_wdb *w;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/byline-test-snap-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    strcat(f->dir, "/db");
    if (xc_wdb_open(f->dir, XC_CREATE_OR_OPEN, &f->w, NULL) != XC_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    xc_wdb_close(f->w);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%.*s'", (int)(strlen(f->dir) - 3), f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static void add_doc(fixture *f, const char *const *terms, size_t n)
{
    xc_doc *d = NULL;
    assert_int_equal(xc_doc_new(&d), XC_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(xc_doc_add_boolean_term(d, terms[i], strlen(terms[i])), XC_OK);
    assert_int_equal(xc_wdb_add(f->w, d, NULL), XC_OK);
    xc_doc_free(d);
}

/* "type:key=tf;" for everything handed on, in order. */
typedef struct listing {
    char s[1024];
    size_t n;
} listing;

static const char *const prefixes[4] = {BL_PREFIX_PERSON, BL_PREFIX_PLACE, BL_PREFIX_ORG,
                                        BL_PREFIX_OTHER};

static int list_key(void *ctx, size_t type, const char *key, size_t len, unsigned long tf)
{
    listing *l = ctx;
    int w = snprintf(l->s + l->n, sizeof l->s - l->n, "%zu:%.*s=%lu;", type, (int)len, key, tf);
    assert_true(w > 0 && (size_t)w < sizeof l->s - l->n);
    l->n += (size_t)w;
    return 0;
}

static int list_term(void *ctx, size_t type, const char *term, size_t len, unsigned long tf)
{
    size_t pl = strlen(prefixes[type]);
    return list_key(ctx, type, term + pl, len - pl, tf);
}

/* What the snapshot reader hands on (*used), and what allterms gives, for f's index. */
static void read_both(fixture *f, listing *snap, int *used, listing *terms)
{
    xc_db *db = NULL;
    assert_int_equal(xc_db_open(f->dir, &db, NULL), XC_OK);
    memset(snap, 0, sizeof *snap);
    memset(terms, 0, sizeof *terms);
    assert_int_equal(bl_dict_snapshot_read(db, list_key, snap, used), XC_OK);
    assert_int_equal(xc_db_allterms_by_part(db, prefixes, 4, list_term, terms), XC_OK);
    xc_db_close(db);
}

static void fill(fixture *f)
{
    const char *a[] = {"XPERSON:angela merkel", "XPLACE:berlin", "Qdoc1", "summit"};
    const char *b[] = {"XPERSON:angela merkel", "XORG:european union", "XPLACE:berlin"};
    const char *c[] = {"XOTHER:german", "XPERSON:emmanuel macron", "XPLACE:paris"};
    add_doc(f, a, 4);
    add_doc(f, b, 3);
    add_doc(f, c, 3);
}

static void test_written_with_commit(void **state)
{
    fixture *f = *state;
    fill(f);
    assert_int_equal(bl_dict_snapshot_write(f->w), XC_OK);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    listing snap, terms;
    int used = 0;
    read_both(f, &snap, &used, &terms);
    assert_int_equal(used, 1);
    assert_string_equal(snap.s, terms.s);
    assert_non_null(strstr(snap.s, "0:angela merkel=2;"));
    assert_non_null(strstr(snap.s, "2:european union=1;"));
}

/* A document added and committed without a new snapshot: the stamp no longer matches. */
static void test_stale_not_used(void **state)
{
    fixture *f = *state;
    fill(f);
    assert_int_equal(bl_dict_snapshot_write(f->w), XC_OK);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    const char *d[] = {"XPERSON:olaf scholz"};
    add_doc(f, d, 1);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    listing snap, terms;
    int used = 1;
    read_both(f, &snap, &used, &terms);
    assert_int_equal(used, 0);
    assert_int_equal(snap.n, 0);
    assert_non_null(strstr(terms.s, "olaf scholz"));
}

/* No snapshot at all, an empty one, one with a right stamp but a cut body: none is used. */
static void test_missing_or_malformed_not_used(void **state)
{
    fixture *f = *state;
    fill(f);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    listing snap, terms;
    int used = 1;
    read_both(f, &snap, &used, &terms);
    assert_int_equal(used, 0);

    assert_int_equal(bl_dict_snapshot_write(f->w), XC_OK);
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_DICT_SNAPSHOT, &v, &len), XC_OK);
    assert_true(len > 20);
    for (size_t cut = len - 1; cut > len - 6; cut--) {
        assert_int_equal(xc_wdb_set_metadata(f->w, BL_META_DICT_SNAPSHOT, v, cut), XC_OK);
        assert_int_equal(xc_wdb_commit(f->w), XC_OK);
        used = 1;
        read_both(f, &snap, &used, &terms);
        assert_int_equal(used, 0);
        assert_int_equal(snap.n, 0);
    }
    assert_int_equal(xc_wdb_set_metadata(f->w, BL_META_DICT_SNAPSHOT, v, len), XC_OK);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    read_both(f, &snap, &used, &terms);
    assert_int_equal(used, 1); /* the whole value again: used */
    free(v);
}

/* Byline's own indexer writes a current snapshot into every shard with every commit, and it
 * agrees with the shard's terms (a commit that skipped it would leave readers on allterms). */
static void test_indexer_writes_them(void **state)
{
    fixture *f = *state;
    char db[96];
    snprintf(db, sizeof db, "%.*s/ix", (int)(strlen(f->dir) - 3), f->dir);
    bl_index_options io;
    bl_index_options_init(&io);
    io.shards = 2;
    bl_index *ix = NULL;
    assert_int_equal(bl_index_open(db, &io, &ix, NULL), BL_OK);
    char id[32], text[256];
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 5; i++) {
            bl_document d;
            bl_document_init(&d);
            snprintf(id, sizeof id, "doc-%d-%d", round, i);
            snprintf(text, sizeof text, "Report %d\n\nChancellor Angela Merkel met President "
                     "Emmanuel Macron in Paris on day %d.\n", i, i);
            d.id = id;
            d.text = text;
            d.text_len = strlen(text);
            assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
        }
        assert_int_equal(bl_index_commit(ix), BL_OK);
        for (int k = 0; k < 2; k++) {
            char shard[128];
            snprintf(shard, sizeof shard, "%s/shards/%02d", db, k);
            xc_db *sdb = NULL;
            assert_int_equal(xc_db_open(shard, &sdb, NULL), XC_OK);
            listing snap = {0}, terms = {0};
            int used = 0;
            assert_int_equal(bl_dict_snapshot_read(sdb, list_key, &snap, &used), XC_OK);
            assert_int_equal(xc_db_allterms_by_part(sdb, prefixes, 4, list_term, &terms), XC_OK);
            xc_db_close(sdb);
            assert_int_equal(used, 1);
            assert_string_equal(snap.s, terms.s);
            assert_non_null(strstr(snap.s, "angela merkel"));
        }
    }
    assert_int_equal(bl_index_close(ix), BL_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_written_with_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_not_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_or_malformed_not_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_indexer_writes_them, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
