/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_ingest.c — every input format, ids, dates, and every kind of bad input: each gets a
 * message naming the file (and line), and the rest of the input is still read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "byline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct seen {
    size_t n_docs, n_problems;
    char ids[32][128], titles[32][128], dates[32][24], texts[32][256];
    size_t authors[32];
    bl_severity sev[32];
    char where[32][256];
    unsigned long line[32];
    char msg[32][512];
} seen;

static int on_doc(void *ctx, const bl_document *d)
{
    seen *s = ctx;
    if (s->n_docs < 32) {
        snprintf(s->ids[s->n_docs], 128, "%s", d->id);
        snprintf(s->titles[s->n_docs], 128, "%s", d->title ? d->title : "");
        snprintf(s->dates[s->n_docs], 24, "%s", d->date ? d->date : "");
        snprintf(s->texts[s->n_docs], 256, "%.*s", (int)d->text_len, d->text);
        s->authors[s->n_docs] = d->n_authors;
    }
    s->n_docs++;
    return 0;
}

static void on_problem(void *ctx, bl_severity sev, const char *file, unsigned long line,
                       const char *message)
{
    seen *s = ctx;
    if (s->n_problems < 32) {
        s->sev[s->n_problems] = sev;
        snprintf(s->where[s->n_problems], 256, "%s", file);
        s->line[s->n_problems] = line;
        snprintf(s->msg[s->n_problems], 512, "%s", message);
    }
    s->n_problems++;
}

static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/byline-ingest-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static void write_file(const char *name, const char *content, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mkdir(path, 0755);
    *slash = '/';
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    fclose(f);
}

static seen ingest(const char *name, bl_ingest_stats *stats)
{
    seen s = {0};
    char path[256];
    snprintf(path, sizeof path, "%s%s%s", dir, *name ? "/" : "", name);
    assert_int_equal(bl_ingest_path(path, NULL, on_doc, on_problem, &s, stats), BL_OK);
    return s;
}

static void test_txt_title_and_body(void **state)
{
    (void)state;
    const char *t = "\n\n  Israel Calls India Ally \nThe body.\nMore body.\n";
    write_file("a.txt", t, strlen(t));
    seen s = ingest("a.txt", NULL);
    assert_int_equal(s.n_docs, 1);
    assert_string_equal(s.ids[0], "a.txt");
    assert_string_equal(s.titles[0], "Israel Calls India Ally");
    assert_string_equal(s.texts[0], "The body.\nMore body.");
    assert_int_equal(s.n_problems, 0);
}

static void test_markdown_heading(void **state)
{
    (void)state;
    const char *t = "# A Heading\n\nText.";
    write_file("b.md", t, strlen(t));
    seen s = ingest("b.md", NULL);
    assert_string_equal(s.titles[0], "A Heading");
    assert_string_equal(s.texts[0], "Text.");
}

static void test_json_object_and_array(void **state)
{
    (void)state;
    const char *o = "{\"id\": \"x1\", \"title\": \"T\", \"body\": \"B\", \"date\": \"2025-07-24\","
                    " \"authors\": [\"A\", \"B\"]}";
    write_file("one.json", o, strlen(o));
    seen s = ingest("one.json", NULL);
    assert_int_equal(s.n_docs, 1);
    assert_string_equal(s.ids[0], "x1");
    assert_string_equal(s.texts[0], "B");
    assert_string_equal(s.dates[0], "2025-07-24T00:00:00Z");
    assert_int_equal(s.authors[0], 2);
    const char *a = "[{\"title\": \"first\", \"text\": \"one\"}, 42, {\"id\": 7, \"content\": \"c\"}]";
    write_file("arr.json", a, strlen(a));
    s = ingest("arr.json", NULL);
    assert_int_equal(s.n_docs, 2);
    assert_string_equal(s.ids[0], "arr.json#1");
    assert_string_equal(s.ids[1], "7");
    assert_int_equal(s.n_problems, 1); /* the scalar 42 */
    assert_int_equal(s.sev[0], BL_REJECTED);
    assert_non_null(strstr(s.msg[0], "expected a JSON object"));
}

static void test_jsonl_bad_lines_are_named_and_skipped(void **state)
{
    (void)state;
    const char *l = "{\"id\": \"a\", \"text\": \"first\"}\n"
                    "{\"id\": \"b\", \"text\": \n"
                    "\n"
                    "{\"title\": \"no id\", \"text\": \"third\"}\n"
                    "{\"id\": \"d\"}\n"
                    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
                    "{\"id\": \"e\", \"text\": \"last\"}\n";
    write_file("f.jsonl", l, strlen(l));
    bl_ingest_stats st = {0};
    seen s = ingest("f.jsonl", &st);
    assert_int_equal(s.n_docs, 3);
    assert_string_equal(s.ids[0], "a");
    assert_string_equal(s.ids[1], "f.jsonl:4");
    assert_string_equal(s.ids[2], "e");
    assert_int_equal(s.n_problems, 3);
    assert_int_equal(s.line[0], 2);
    assert_non_null(strstr(s.msg[0], "invalid JSON"));
    assert_int_equal(s.line[1], 5);
    assert_non_null(strstr(s.msg[1], "no text"));
    assert_int_equal(s.line[2], 6);
    assert_int_equal(st.rejected, 3);
    assert_int_equal(st.documents, 3);
}

static void test_deeply_nested_json_is_rejected_cleanly(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *deep = malloc(depth * 2 + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[depth * 2] = '\0';
    write_file("deep.json", deep, depth * 2);
    free(deep);
    seen s = ingest("deep.json", NULL);
    assert_int_equal(s.n_docs, 0);
    assert_int_equal(s.n_problems, 1);
    assert_int_equal(s.sev[0], BL_REJECTED);
}

static void test_invalid_utf8_replaced_and_reported(void **state)
{
    (void)state;
    const char t[] = "Title \xc3\xa9t\xc3\xa9\nbody \xff\xfe with bad bytes";
    write_file("bad.txt", t, sizeof t - 1);
    seen s = ingest("bad.txt", NULL);
    assert_int_equal(s.n_docs, 1);
    assert_non_null(strstr(s.texts[0], "\xEF\xBF\xBD"));
    assert_int_equal(s.sev[0], BL_WARNING);
    assert_non_null(strstr(s.msg[0], "invalid UTF-8"));
}

static void test_latin1_is_transcoded(void **state)
{
    (void)state;
    const char t[] = "Caf\xe9 news\nLe caf\xe9 est ferm\xe9.";
    write_file("latin1.txt", t, sizeof t - 1);
    seen s = ingest("latin1.txt", NULL);
    assert_int_equal(s.n_docs, 1);
    assert_string_equal(s.titles[0], "Café news");
    assert_non_null(strstr(s.msg[0], "Latin-1"));
}

static void test_binary_and_empty_files(void **state)
{
    (void)state;
    const char bin[] = "\x7f" "ELF\0\0\0\x01\x02\x03";
    write_file("prog.txt", bin, sizeof bin - 1);
    write_file("empty.txt", "", 0);
    write_file("blank.md", "   \n\n \t\n", 8);
    seen s = ingest("prog.txt", NULL);
    assert_int_equal(s.n_docs, 0);
    assert_int_equal(s.sev[0], BL_NOTICE);
    assert_non_null(strstr(s.msg[0], "binary"));
    s = ingest("empty.txt", NULL);
    assert_int_equal(s.n_docs, 0);
    assert_int_equal(s.sev[0], BL_REJECTED);
    assert_non_null(strstr(s.msg[0], "empty"));
    s = ingest("blank.md", NULL);
    assert_int_equal(s.n_docs, 0);
    assert_int_equal(s.sev[0], BL_REJECTED);
}

static void test_directory_walk_relative_ids_hidden_and_loops(void **state)
{
    (void)state;
    write_file("tree/a.txt", "A\nx", 3);
    write_file("tree/sub/b.md", "B\ny", 3);
    write_file("tree/.hidden.txt", "H\nz", 3);
    write_file("tree/image.png", "\x89PNG", 4);
    char link[256], target[256];
    snprintf(link, sizeof link, "%s/tree/sub/loop", dir);
    snprintf(target, sizeof target, "%s/tree", dir);
    assert_int_equal(symlink(target, link), 0);
    seen s = ingest("tree", NULL);
    assert_int_equal(s.n_docs, 2);
    assert_string_equal(s.ids[0], "a.txt");
    assert_string_equal(s.ids[1], "sub/b.md");
    assert_int_equal(s.n_problems, 1);
    assert_non_null(strstr(s.msg[0], "loop"));
}

static void test_missing_path(void **state)
{
    (void)state;
    seen s = {0};
    assert_int_equal(bl_ingest_path("/nonexistent/byline", NULL, on_doc, on_problem, &s, NULL),
                     BL_ERR_NOT_FOUND);
    assert_int_equal(bl_ingest_path(NULL, NULL, on_doc, on_problem, &s, NULL), BL_ERR_ARGUMENT);
}

static void test_max_doc_size(void **state)
{
    (void)state;
    char *big = malloc(3000);
    memset(big, 'w', 2999);
    big[0] = 'T';
    big[1] = '\n';
    big[2999] = '\0';
    for (int i = 10; i < 2999; i += 10)
        big[i] = ' ';
    write_file("big.txt", big, 2999);
    free(big);
    seen s = {0};
    char path[256];
    snprintf(path, sizeof path, "%s/big.txt", dir);
    bl_ingest_options o = {.max_doc_size = 1000};
    assert_int_equal(bl_ingest_path(path, &o, on_doc, on_problem, &s, NULL), BL_OK);
    assert_int_equal(s.n_docs, 0);
    assert_non_null(strstr(s.msg[0], "--max-doc-size"));
}

static void test_dates(void **state)
{
    (void)state;
    char out[21];
    assert_int_equal(bl_date_normalize("2024-07-22", out), 0);
    assert_string_equal(out, "2024-07-22T00:00:00Z");
    assert_int_equal(bl_date_normalize("2024", out), 0);
    assert_string_equal(out, "2024-01-01T00:00:00Z");
    assert_int_equal(bl_date_normalize("2024-07-22T01:30:00+05:30", out), 0);
    assert_string_equal(out, "2024-07-21T20:00:00Z");
    assert_int_equal(bl_date_normalize("2024-07-22T10:00:00.123Z", out), 0);
    assert_string_equal(out, "2024-07-22T10:00:00Z");
    assert_int_equal(bl_date_normalize("Tue, 22 Jul 2025 10:00:00 +0000", out), 0);
    assert_string_equal(out, "2025-07-22T10:00:00Z");
    assert_int_equal(bl_date_normalize("1 Jan 2000 00:30 -0100", out), 0);
    assert_string_equal(out, "2000-01-01T01:30:00Z");
    assert_int_equal(bl_date_normalize("Thu, 1 Jan 2000 00:00:00 GMT (UTC)", out), 0);
    /* RFC 2822's obsolete zones: North American names, military letters as UTC */
    assert_int_equal(bl_date_normalize("Mon, 1 Sep 2003 22:30:00 EDT", out), 0);
    assert_string_equal(out, "2003-09-02T02:30:00Z");
    assert_int_equal(bl_date_normalize("1 Sep 2003 10:00 pst", out), 0);
    assert_string_equal(out, "2003-09-01T18:00:00Z");
    assert_int_equal(bl_date_normalize("1 Sep 2003 10:00:00 A", out), 0);
    assert_string_equal(out, "2003-09-01T10:00:00Z");
    assert_int_equal(bl_date_normalize("1 Sep 2003 10:00:00 J", out), -1);
    assert_int_equal(bl_date_normalize("1 Sep 2003 10:00:00 XYZ", out), -1);
    assert_int_equal(bl_date_normalize("2003-09-01T10:00:00EDT", out), -1);
    assert_int_equal(bl_date_normalize("2024-02-30", out), -1);
    assert_int_equal(bl_date_normalize("yesterday", out), -1);
    assert_int_equal(bl_date_normalize("", out), -1);
    assert_int_equal(bl_date_normalize("2024-13", out), -1);
}

static void test_bad_date_warns_but_indexes(void **state)
{
    (void)state;
    const char *o = "{\"id\": \"d1\", \"text\": \"x\", \"date\": \"last Tuesday\"}\n";
    write_file("d.jsonl", o, strlen(o));
    seen s = ingest("d.jsonl", NULL);
    assert_int_equal(s.n_docs, 1);
    assert_string_equal(s.dates[0], "");
    assert_int_equal(s.sev[0], BL_WARNING);
    assert_int_equal(s.line[0], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_txt_title_and_body, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markdown_heading, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_object_and_array, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jsonl_bad_lines_are_named_and_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deeply_nested_json_is_rejected_cleanly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8_replaced_and_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latin1_is_transcoded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_binary_and_empty_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_directory_walk_relative_ids_hidden_and_loops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_doc_size, setup, teardown),
        cmocka_unit_test(test_dates),
        cmocka_unit_test_setup_teardown(test_bad_date_warns_but_indexes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
