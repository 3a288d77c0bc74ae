/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_util.c — lib/util: the growable array, the string buffer, the disk-usage walk, the
 * word-character rule and the entity type names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "byline.h"
#include "budget.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_grow(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0, n = 0;
    for (int i = 0; i < 1000; i++) {
        int *g = bl_grow(v, &cap, n + 1, sizeof *v, 8);
        assert_non_null(g);
        v = g;
        v[n++] = i;
        assert_true(cap >= n);
    }
    assert_int_equal(cap, 1024); /* 8, 16, ... doubling */
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v[i], i);
    /* no growth needed: same array, same capacity */
    assert_ptr_equal(bl_grow(v, &cap, 10, sizeof *v, 8), v);
    assert_int_equal(cap, 1024);
    /* an impossible size fails and leaves the array alone */
    size_t before = cap;
    assert_null(bl_grow(v, &cap, SIZE_MAX / 2, sizeof *v, 8));
    assert_int_equal(cap, before);
    assert_int_equal(v[999], 999);
    free(v);
}

static void test_strbuf(void **state)
{
    (void)state;
    bl_strbuf b = {0};
    assert_int_equal(bl_strbuf_puts(&b, "hello"), 0);
    assert_int_equal(bl_strbuf_putc(&b, ' '), 0);
    for (int i = 0; i < 100; i++)
        assert_int_equal(bl_strbuf_append(&b, "world", 5), 0);
    size_t len;
    char *s = bl_strbuf_take(&b, &len);
    assert_non_null(s);
    assert_int_equal(len, 6 + 500);
    assert_int_equal(strlen(s), len);
    assert_memory_equal(s, "hello world", 11);
    assert_null(b.s); /* reset */
    free(s);
    s = bl_strbuf_take(&b, &len); /* nothing appended: "" */
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
    bl_strbuf_puts(&b, "x");
    b.failed = 1; /* a failed append poisons the buffer: take returns NULL, frees */
    assert_int_equal(bl_strbuf_puts(&b, "y"), -1);
    assert_null(bl_strbuf_take(&b, &len));
    bl_strbuf_free(&b);
}

static void write_file(const char *path, size_t n)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (size_t i = 0; i < n; i++)
        fputc('x', f);
    fclose(f);
}

static void test_disk_usage(void **state)
{
    (void)state;
    char dir[] = "/tmp/byline-test-util-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[128];
    snprintf(p, sizeof p, "%s/a", dir);
    write_file(p, 100);
    snprintf(p, sizeof p, "%s/sub", dir);
    assert_int_equal(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/sub/b", dir);
    write_file(p, 23);
    snprintf(p, sizeof p, "%s/link", dir);
    assert_int_equal(symlink("/usr", p), 0); /* not followed */
    unsigned long long bytes = 0;
    assert_int_equal(bl_disk_usage(dir, &bytes), 0);
    assert_int_equal(bytes, 123);
    snprintf(p, sizeof p, "%s/sub/b", dir);
    assert_int_equal(bl_disk_usage(p, &bytes), 0); /* a file; added to, not reset */
    assert_int_equal(bytes, 146);
    snprintf(p, sizeof p, "%s/none", dir);
    assert_int_equal(bl_disk_usage(p, &bytes), -1);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_word_codepoint(void **state)
{
    (void)state;
    assert_true(bl_word_codepoint('a'));
    assert_true(bl_word_codepoint('Z'));
    assert_true(bl_word_codepoint('7'));
    assert_false(bl_word_codepoint('-'));
    assert_false(bl_word_codepoint(' '));
    assert_false(bl_word_codepoint('\''));
    assert_true(bl_word_codepoint(0x00E9));  /* é */
    assert_true(bl_word_codepoint(0x0301));  /* combining acute */
    assert_true(bl_word_codepoint(0x0967));  /* Devanagari digit one */
    assert_true(bl_word_codepoint(0x4E2D));  /* CJK */
    assert_false(bl_word_codepoint(0x2019)); /* right single quotation mark */
    assert_false(bl_word_codepoint(0x00A0)); /* no-break space */
    assert_false(bl_word_codepoint(-1));
}

static void test_facet_type_names(void **state)
{
    (void)state;
    assert_string_equal(bl_facet_type_name(BL_FACET_PERSON), "person");
    assert_string_equal(bl_facet_type_name(BL_FACET_PLACE), "place");
    assert_string_equal(bl_facet_type_name(BL_FACET_ORG), "org");
    assert_string_equal(bl_facet_type_name(BL_FACET_OTHER), "other");
    assert_null(bl_facet_type_name(BL_FACET_NTYPES));
    assert_null(bl_facet_type_name(-1));
}

/* The memory policy of the indexer (lib/budget.c), at the default and a small budget. */
/* bl_parse_type_list: the --facets/--graph list both programs parse. */
static void test_parse_type_list(void **state)
{
    (void)state;
    char err[200];
    unsigned c[BL_FACET_NTYPES] = {0};
    assert_int_equal(bl_parse_type_list("--facets", "person:20,place", 10, 100, c, err,
                                        sizeof err), BL_OK);
    assert_int_equal(c[BL_FACET_PERSON], 20);
    assert_int_equal(c[BL_FACET_PLACE], 10);
    assert_int_equal(c[BL_FACET_ORG], 0);
    assert_int_equal(c[BL_FACET_OTHER], 0);
    /* all; a trailing comma ends the list; :0 is a count */
    unsigned a[BL_FACET_NTYPES] = {0};
    assert_int_equal(bl_parse_type_list("f", "all:3,", 10, 100, a, err, sizeof err), BL_OK);
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        assert_int_equal(a[t], 3);
    assert_int_equal(bl_parse_type_list("f", "org:0", 10, 100, a, err, sizeof err), BL_OK);
    assert_int_equal(a[BL_FACET_ORG], 0);
    assert_int_equal(a[BL_FACET_PERSON], 3);

    /* errors leave counts[] as they were and say what was wrong */
    unsigned keep[BL_FACET_NTYPES] = {7, 7, 7, 7};
    static const char *const bad[] = {"", "people", "person,,place", ",person", "person:",
                                       "person:101", "person:-1", "person:1x", "person:+5",
                                       "place,persona", "person:99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err[0] = '\0';
        assert_int_equal(bl_parse_type_list("--facets", bad[i], 10, 100, keep, err, sizeof err),
                         BL_ERR_ARGUMENT);
        assert_non_null(strstr(err, "--facets"));
        for (int t = 0; t < BL_FACET_NTYPES; t++)
            assert_int_equal(keep[t], 7);
    }
    assert_int_equal(bl_parse_type_list("--facets", "people", 10, 100, keep, err, sizeof err),
                     BL_ERR_ARGUMENT);
    assert_string_equal(err, "--facets: unknown type 'people' (use person, place, org, other "
                             "or all)");
    assert_int_equal(bl_parse_type_list("--facets", "place:101", 10, 100, keep, err, sizeof err),
                     BL_ERR_ARGUMENT);
    assert_string_equal(err, "--facets takes a whole number from 0 to 100, not '101'");
    /* no room for a message is fine; NULL arguments are refused */
    assert_int_equal(bl_parse_type_list("x", "people", 1, 1, keep, NULL, 0), BL_ERR_ARGUMENT);
    assert_int_equal(bl_parse_type_list("x", NULL, 1, 1, keep, err, sizeof err),
                     BL_ERR_ARGUMENT);
}

static void test_budget(void **state)
{
    (void)state;
    const unsigned long long mib = 1ull << 20;
    bl_budget b;
    bl_budget_split(0, 2, &b); /* the default, 1024 MiB */
    assert_int_equal(b.batch_first, 5 * mib / 2);
    assert_int_equal(b.batch_cap, 1024 * mib / 48);
    assert_int_equal(b.queue_bytes, 1024 * mib / 16 / 2);
    assert_int_equal(b.max_doc_size, 1024 * mib / 5);
    bl_budget_split(64, 2, &b);
    assert_int_equal(b.batch_first, 64 * mib / 48);
    assert_int_equal(b.batch_cap, 64 * mib / 48);
    assert_int_equal(b.queue_bytes, 2 * mib);
    assert_int_equal(b.max_doc_size, 64 * mib / 5);
    bl_budget_split(16, 64, &b); /* floors */
    assert_int_equal(b.batch_first, mib);
    assert_int_equal(b.batch_cap, mib);
    assert_int_equal(b.queue_bytes, mib);
    bl_budget_split(1 << 20, 1, &b); /* a huge budget: documents still capped */
    assert_int_equal(b.max_doc_size, BL_DEFAULT_MAX_DOC);
    assert_int_equal(b.batch_first, 5 * mib / 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_strbuf),
        cmocka_unit_test(test_disk_usage),
        cmocka_unit_test(test_word_codepoint),
        cmocka_unit_test(test_facet_type_names),
        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_parse_type_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
