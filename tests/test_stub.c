/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_stub.c — the one stub-file reader (lib/stub.c): syntax, line numbers, replicas, and
 * the safety policy (programs and paths outside the folder only when trusted). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "stub.h"

typedef struct fixture {
    char dir[64];
    char stub[96];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/byline-test-stub-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->stub, sizeof f->stub, "%s/XAPIANDB", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static void write_stub(const fixture *f, const char *text)
{
    FILE *fp = fopen(f->stub, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_syntax(void **state)
{
    fixture *f = *state;
    write_stub(f, "# comment\n\n  auto a.db\r\nglass sub/b.db\nremote host:7000\n"
                  "remote [::1]:7001 | remote h2:7002\n");
    bl_stub_reader *r = NULL;
    assert_int_equal(bl_stub_open(f->stub, 0, &r, NULL), BL_OK);
    const bl_stub_line *l;
    assert_int_equal(bl_stub_next(r, &l), 1);
    assert_int_equal(l->lineno, 3);
    assert_int_equal(l->alt[0].kind, BL_STUB_PATH);
    char want[160];
    snprintf(want, sizeof want, "%s/a.db", f->dir);
    assert_string_equal(l->alt[0].path, want);
    assert_false(l->alt[0].outside);
    assert_int_equal(bl_stub_next(r, &l), 1);
    assert_int_equal(l->lineno, 4);
    assert_int_equal(l->alt[0].kind, BL_STUB_PATH);
    assert_int_equal(bl_stub_next(r, &l), 1);
    assert_int_equal(l->alt[0].kind, BL_STUB_TCP);
    assert_string_equal(l->alt[0].host, "host");
    assert_int_equal(l->alt[0].port, 7000);
    assert_int_equal(bl_stub_next(r, &l), 1);
    assert_true(l->replicated);
    assert_int_equal(l->n, 2);
    assert_string_equal(l->alt[0].host, "::1");
    assert_string_equal(l->alt[1].host, "h2");
    assert_non_null(strstr(l->where, "XAPIANDB:6"));
    assert_int_equal(bl_stub_next(r, &l), 0);
    bl_stub_close(r);
}

static void expect_refused(const fixture *f, const char *text, unsigned flags, bl_status st,
                           const char *where, const char *what)
{
    write_stub(f, text);
    bl_stub_reader *r = NULL;
    assert_int_equal(bl_stub_open(f->stub, flags, &r, NULL), BL_OK);
    const bl_stub_line *l;
    int rc;
    while ((rc = bl_stub_next(r, &l)) > 0)
        ;
    if (rc != -1 || bl_stub_status(r) != st || !strstr(bl_stub_error(r), where) ||
        !strstr(bl_stub_error(r), what))
        fail_msg("[%s]: rc %d status %d: %s", text, rc, bl_stub_status(r), bl_stub_error(r));
    bl_stub_close(r);
}

static void test_errors_and_policy(void **state)
{
    fixture *f = *state;
    expect_refused(f, "auto a\nbogus line\n", 0, BL_ERR_IO, "XAPIANDB:2:", "bad line");
    expect_refused(f, "auto a |\n", 0, BL_ERR_IO, "XAPIANDB:1:", "replicas");
    expect_refused(f, "remote host:0\n", 0, BL_ERR_IO, ":1:", "bad line");
    expect_refused(f, "auto a\nremote :touch /tmp/x\n", 0, BL_ERR_ARGUMENT, "XAPIANDB:2:",
                   "--allow-programs");
    expect_refused(f, "auto a | remote :xapian-progsrv /x\n", 0, BL_ERR_ARGUMENT, ":1:",
                   "program");
    expect_refused(f, "auto ../elsewhere\n", 0, BL_ERR_ARGUMENT, ":1:", "outside its folder");
    expect_refused(f, "auto /srv/db\n", 0, BL_ERR_ARGUMENT, ":1:", "outside its folder");
    expect_refused(f, "auto a/../../b\n", 0, BL_ERR_ARGUMENT, ":1:", "outside");
    /* trusted: the same lines are read */
    write_stub(f, "remote :xapian-progsrv /x y\nauto ../elsewhere\n");
    bl_stub_reader *r = NULL;
    const bl_stub_line *l;
    assert_int_equal(bl_stub_open(f->stub, BL_STUB_TRUSTED, &r, NULL), BL_OK);
    assert_int_equal(bl_stub_next(r, &l), 1);
    assert_int_equal(l->alt[0].kind, BL_STUB_PROGRAM);
    assert_string_equal(l->alt[0].program, "xapian-progsrv");
    assert_string_equal(l->alt[0].args, "/x y");
    assert_int_equal(bl_stub_next(r, &l), 1);
    assert_true(l->alt[0].outside);
    assert_int_equal(bl_stub_next(r, &l), 0);
    bl_stub_close(r);
    /* a missing stub */
    char *err = NULL;
    assert_int_equal(bl_stub_open("/nonexistent/XAPIANDB", 0, &r, &err), BL_ERR_NOT_FOUND);
    assert_null(r);
    assert_non_null(strstr(err, "/nonexistent/XAPIANDB"));
    free(err);
}

static void test_path_outside(void **state)
{
    fixture *f = *state;
    assert_false(bl_stub_path_outside(f->dir, "a"));
    assert_false(bl_stub_path_outside(f->dir, "a/b/../c"));
    assert_false(bl_stub_path_outside(f->dir, "./a"));
    assert_true(bl_stub_path_outside(f->dir, ".."));
    assert_true(bl_stub_path_outside(f->dir, "a/../../x"));
    assert_true(bl_stub_path_outside(f->dir, "/etc"));
    char link[160];
    snprintf(link, sizeof link, "%s/out", f->dir);
    assert_int_equal(symlink("/tmp", link), 0);
    assert_true(bl_stub_path_outside(f->dir, "out")); /* a symbolic link leading out */
    snprintf(link, sizeof link, "%s/sub", f->dir);
    assert_int_equal(mkdir(link, 0777), 0);
    snprintf(link, sizeof link, "%s/in", f->dir);
    assert_int_equal(symlink("sub", link), 0);
    assert_false(bl_stub_path_outside(f->dir, "in")); /* one staying inside */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_syntax, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_and_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_outside, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
