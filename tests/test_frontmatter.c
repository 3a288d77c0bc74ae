/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_frontmatter.c — YAML front matter of .md/.txt files (lib/frontmatter.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "frontmatter.h"

static int parse(const char *text, bl_front_matter *fm)
{
    return bl_front_matter_parse(text, strlen(text), fm);
}

static void test_fields(void **state)
{
    (void)state;
    const char *t = "---\ntitle: \"A: quoted title\"\ndate: 2024-03-05\nauthor: 'Jane Roe'\n"
                    "source: Wire\nurl: https://x.example/a?b=c\nid: fm-1\ntags: [x, y]\n"
                    "---\n\nBody text.\n";
    bl_front_matter fm;
    assert_int_equal(parse(t, &fm), 1);
    assert_string_equal(fm.title, "A: quoted title");
    assert_string_equal(fm.date, "2024-03-05");
    assert_string_equal(fm.source, "Wire");
    assert_string_equal(fm.url, "https://x.example/a?b=c");
    assert_string_equal(fm.id, "fm-1");
    assert_int_equal(fm.n_authors, 1);
    assert_string_equal(fm.authors[0], "Jane Roe");
    assert_string_equal(t + fm.body_offset, "\nBody text.\n");
    assert_int_equal(fm.lines, 9);
    bl_front_matter_free(&fm);
}

static void test_authors_and_endings(void **state)
{
    (void)state;
    bl_front_matter fm;
    assert_int_equal(parse("---\r\nauthors: [Ann Lee, \"Bo Chan\"]\r\n...\r\nx", &fm), 1);
    assert_int_equal(fm.n_authors, 2);
    assert_string_equal(fm.authors[0], "Ann Lee");
    assert_string_equal(fm.authors[1], "Bo Chan");
    assert_null(fm.title);
    bl_front_matter_free(&fm);
    assert_int_equal(parse("---\nauthors:\n  - Ann Lee\n  - Bo Chan\ntitle: T\n---\n", &fm), 1);
    assert_int_equal(fm.n_authors, 2);
    assert_string_equal(fm.authors[1], "Bo Chan");
    assert_string_equal(fm.title, "T");
    bl_front_matter_free(&fm);
}

static void test_not_front_matter(void **state)
{
    (void)state;
    bl_front_matter fm;
    assert_int_equal(parse("Title\n---\nbody", &fm), 0);          /* not at the top */
    assert_int_equal(parse("---\ntitle: never closed\nbody", &fm), 0);
    assert_null(fm.title);                                         /* nothing kept */
    assert_int_equal(parse("----\ntitle: x\n----\n", &fm), 0);     /* a rule, not a fence */
    assert_int_equal(parse("", &fm), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_authors_and_endings),
        cmocka_unit_test(test_not_front_matter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
