/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_document.c — one whole stored document (bl_searcher_document, bl_document_to_json)
 * and a reader seeing new commits (bl_searcher_reopen): every field, every entity and the
 * whole body come back, an unknown id is BL_ERR_NOT_FOUND, the view outlives its searcher,
 * and a long-lived searcher sees a later commit only after a reopen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "byline.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];
    char db[128];
} fixture;

static const char *BODY = "Ajit Doval met officials in New Delhi. Ajit Doval praised the "
                          "cooperation.\nA second line ends the body.";

static void add(const char *db, const char *id, const char *title, const char *text)
{
    bl_index *ix = NULL;
    assert_int_equal(bl_index_open(db, NULL, &ix, NULL), BL_OK);
    const char *authors[] = {"A. Writer", "B. Writer"};
    bl_document d = {.id = id, .title = title, .text = text, .text_len = strlen(text),
                     .date = "2024-07-22T00:00:00Z", .source = "Wire", .url = "https://x.test/1",
                     .authors = authors, .n_authors = 2};
    assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
    assert_int_equal(bl_index_close(ix), BL_OK);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/byline-test-document-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->db, sizeof f->db, "%s/db", f->dir);
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

static bl_searcher *open_searcher(const char *db)
{
    bl_searcher *s = NULL;
    const char *locs[] = {db};
    assert_int_equal(bl_searcher_open(locs, 1, &s, NULL), BL_OK);
    return s;
}

static void test_whole_document(void **state)
{
    fixture *f = *state;
    add(f->db, "doc-1", "A meeting in Delhi", BODY);
    bl_searcher *s = open_searcher(f->db);
    bl_document_view *v = NULL;
    assert_int_equal(bl_searcher_document(s, "doc-1", &v), BL_OK);
    bl_searcher_close(s); /* the view is independent of the searcher */
    const bl_document *d = bl_document_view_fields(v);
    assert_string_equal(d->id, "doc-1");
    assert_string_equal(d->title, "A meeting in Delhi");
    assert_string_equal(d->date, "2024-07-22T00:00:00Z");
    assert_string_equal(d->source, "Wire");
    assert_string_equal(d->url, "https://x.test/1");
    assert_int_equal(d->n_authors, 2);
    assert_string_equal(d->authors[1], "B. Writer");
    assert_int_equal(d->text_len, strlen(BODY));
    assert_string_equal(d->text, BODY);
    int doval = 0;
    for (size_t i = 0; i < bl_document_view_entity_count(v); i++) {
        const bl_hit_entity *e = bl_document_view_entity(v, i);
        if (!strcmp(e->name, "Ajit Doval")) {
            assert_string_equal(e->type, "person");
            assert_int_equal(e->count, 2);
            doval = 1;
        }
    }
    assert_true(doval);
    assert_null(bl_document_view_entity(v, bl_document_view_entity_count(v)));

    char *text = bl_document_to_json(v);
    assert_non_null(text);
    json_error_t jerr;
    json_t *j = json_loads(text, 0, &jerr);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "text")), BODY);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "doc-1");
    assert_int_equal(json_array_size(json_object_get(j, "authors")), 2);
    assert_int_equal(json_array_size(json_object_get(j, "entities")),
                     bl_document_view_entity_count(v));
    assert_true(text[strlen(text) - 1] == '\n');
    json_decref(j);
    free(text);
    bl_document_view_free(v);
}

static void test_unknown_id(void **state)
{
    fixture *f = *state;
    add(f->db, "doc-1", "T", BODY);
    bl_searcher *s = open_searcher(f->db);
    bl_document_view *v = (bl_document_view *)1;
    assert_int_equal(bl_searcher_document(s, "doc-2", &v), BL_ERR_NOT_FOUND);
    assert_null(v);
    assert_int_equal(bl_searcher_document(s, "", &v), BL_ERR_NOT_FOUND);
    assert_int_equal(bl_searcher_document(NULL, "doc-1", &v), BL_ERR_ARGUMENT);
    assert_int_equal(bl_searcher_document(s, NULL, &v), BL_ERR_ARGUMENT);
    assert_null(bl_document_view_fields(NULL));
    assert_null(bl_document_to_json(NULL));
    bl_document_view_free(NULL);
    bl_searcher_close(s);
}

static void test_reopen_sees_new_commits(void **state)
{
    fixture *f = *state;
    add(f->db, "doc-1", "First", "alpha words");
    bl_searcher *s = open_searcher(f->db);
    int changed = -1;
    assert_int_equal(bl_searcher_reopen(s, &changed), BL_OK);
    assert_int_equal(changed, 0);
    add(f->db, "doc-2", "Second", "quokka words");
    bl_document_view *v = NULL;
    assert_int_equal(bl_searcher_document(s, "doc-2", &v), BL_ERR_NOT_FOUND); /* old version */
    assert_int_equal(bl_searcher_reopen(s, &changed), BL_OK);
    assert_int_equal(changed, 1);
    assert_int_equal(bl_searcher_document(s, "doc-2", &v), BL_OK);
    assert_string_equal(bl_document_view_fields(v)->title, "Second");
    bl_document_view_free(v);
    bl_results *r = NULL;
    assert_int_equal(bl_search(s, "quokka", NULL, &r, NULL), BL_OK);
    assert_int_equal(bl_results_size(r), 1);
    bl_results_free(r);
    assert_int_equal(bl_searcher_reopen(NULL, &changed), BL_ERR_ARGUMENT);
    bl_searcher_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_whole_document, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_sees_new_commits, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
