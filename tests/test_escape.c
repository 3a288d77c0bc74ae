/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_escape.c — bl_fwrite_escaped / bl_escape_string: what reaches a terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "byline.h"

static void expect(const char *in, const char *want)
{
    char *got = bl_escape_string(in);
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fail_msg("escape(\"%s\"): got \"%s\", wanted \"%s\"", in, got, want);
    free(got);
}

static void test_controls(void **state)
{
    (void)state;
    expect("plain text", "plain text");
    expect("", "");
    expect("a\033[31mred", "a\\x1b[31mred");       /* ESC */
    expect("t\033]0;title\007", "t\\x1b]0;title\\x07"); /* OSC, BEL */
    expect("a\nb\tc\rd", "a\\nb\\tc\\rd");
    expect("del\177", "del\\x7f");
    expect("\001\037", "\\x01\\x1f");
}

static void test_c1_and_utf8(void **state)
{
    (void)state;
    expect("c1 \xc2\x9b" "31m", "c1 \\u009b31m");      /* CSI as U+009B */
    expect("nel \xc2\x85", "nel \\u0085");
    expect("\xc2\xa0nbsp", "\xc2\xa0nbsp");           /* U+00A0 is printable */
    expect("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80");
    expect("bad \xff\xfe", "bad \\xff\\xfe");          /* not UTF-8 */
    expect("cut \xe2\x80", "cut \\xe2\\x80");          /* truncated sequence */
    expect("overlong \xc0\xaf", "overlong \\xc0\\xaf");
    expect("surrogate \xed\xa0\x80", "surrogate \\xed\\xa0\\x80");
    expect("back\\slash", "back\\slash");
}

static void test_fwrite(void **state)
{
    (void)state;
    char buf[64] = "";
    FILE *f = fmemopen(buf, sizeof buf, "w");
    assert_non_null(f);
    assert_int_equal(bl_fwrite_escaped("ab\033cd", 3, f), 0); /* only n bytes */
    assert_int_equal(bl_fputs_escaped(NULL, f), 0);
    fclose(f);
    assert_string_equal(buf, "ab\\x1b");
    assert_null(bl_escape_string(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_controls),
        cmocka_unit_test(test_c1_and_utf8),
        cmocka_unit_test(test_fwrite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
