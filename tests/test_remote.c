/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_remote.c — opening search locations (lib/locations.c) and compaction (lib/compact.c)
 * through the public API, without servers: malformed locations, missing shards, replicas
 * falling back (the warning callback says so), allow_partial, stub files with bad lines, a
 * stub folder, and bl_index_compact on a plain and a sharded index.  The servers themselves
 * (xapian-tcpsrv, xapian-progsrv, xapian-replicate) are exercised by tests/cli/remote.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "byline.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];
    char a[128], b[128], missing[128];
} fixture;

typedef struct warnings {
    int n;
    char text[2048];
} warnings;

static void on_warning(void *ctx, const char *message)
{
    warnings *w = ctx;
    w->n++;
    size_t len = strlen(w->text);
    snprintf(w->text + len, sizeof w->text - len, "%s\n", message);
}

static void make_index(const char *path, int first, int n)
{
    bl_index *ix = NULL;
    bl_index_options o = {.no_entities = 1};
    assert_int_equal(bl_index_open(path, &o, &ix, NULL), BL_OK);
    for (int i = first; i < first + n; i++) {
        char id[32], text[128];
        snprintf(id, sizeof id, "doc-%d", i);
        snprintf(text, sizeof text, "article %d about shards and remote search", i);
        bl_document d = {.id = id, .title = id, .text = text, .text_len = strlen(text)};
        assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
    }
    assert_int_equal(bl_index_close(ix), BL_OK);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/byline-test-remote-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->a, sizeof f->a, "%s/a.db", f->dir);
    snprintf(f->b, sizeof f->b, "%s/b.db", f->dir);
    snprintf(f->missing, sizeof f->missing, "%s/missing.db", f->dir);
    make_index(f->a, 0, 5);
    make_index(f->b, 5, 3);
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

static unsigned long count(const char *const *locs, size_t n, const bl_searcher_options *o,
                           bl_status *st, char **err)
{
    bl_searcher *s = NULL;
    unsigned long c = 0;
    *st = bl_searcher_open_ex(locs, n, o, &s, err);
    if (*st == BL_OK) {
        assert_int_equal(bl_searcher_doc_count(s, &c), BL_OK);
        bl_searcher_close(s);
    } else {
        assert_null(s);
    }
    return c;
}

static void test_many_as_one(void **state)
{
    fixture *f = *state;
    const char *locs[] = {f->a, f->b};
    bl_status st;
    assert_int_equal(count(locs, 2, NULL, &st, NULL), 8);
    assert_int_equal(st, BL_OK);
}

static void test_malformed(void **state)
{
    (void)state;
    const char *bad[] = {"tcp://localhost", "tcp://:7000", "tcp://h:0", "tcp://h:99999",
                         "ssh://host", "ssh://host/", "ssh://host/a;rm -rf", "prog:",
                         "tcp://h:1||tcp://h:2"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        bl_status st;
        char *err = NULL;
        count(&bad[i], 1, NULL, &st, &err);
        if (st != BL_ERR_ARGUMENT)
            fail_msg("%s: status %d (%s)", bad[i], st, err ? err : "");
        assert_non_null(err);
        free(err);
    }
}

static void test_missing_names_it(void **state)
{
    fixture *f = *state;
    const char *locs[] = {f->a, f->missing};
    bl_status st;
    char *err = NULL;
    count(locs, 2, NULL, &st, &err);
    assert_int_equal(st, BL_ERR_NOT_FOUND);
    assert_non_null(err);
    assert_non_null(strstr(err, f->missing));
    free(err);
}

static void test_replica_fallback(void **state)
{
    fixture *f = *state;
    char loc[512];
    snprintf(loc, sizeof loc, "%s|%s", f->missing, f->b);
    const char *locs[] = {f->a, loc};
    warnings w = {0};
    bl_searcher_options o;
    bl_searcher_options_init(&o);
    o.warning = on_warning;
    o.warning_ctx = &w;
    bl_status st;
    assert_int_equal(count(locs, 2, &o, &st, NULL), 8);
    assert_int_equal(st, BL_OK);
    assert_int_equal(w.n, 2);
    assert_non_null(strstr(w.text, "did not answer"));
    assert_non_null(strstr(w.text, "answered by replica"));
}

static void test_allow_partial(void **state)
{
    fixture *f = *state;
    const char *locs[] = {f->missing, f->b};
    warnings w = {0};
    bl_searcher_options o;
    bl_searcher_options_init(&o);
    o.warning = on_warning;
    o.warning_ctx = &w;
    o.allow_partial = 1;
    bl_status st;
    assert_int_equal(count(locs, 2, &o, &st, NULL), 3);
    assert_int_equal(st, BL_OK);
    assert_non_null(strstr(w.text, f->missing));
    assert_non_null(strstr(w.text, "1 of 2 shards"));
    /* nothing left: still an error */
    const char *none[] = {f->missing};
    char *err = NULL;
    count(none, 1, &o, &st, &err);
    assert_int_equal(st, BL_ERR_NOT_FOUND);
    assert_non_null(strstr(err, "no shard could be opened"));
    free(err);
    /* malformed locations are never skipped */
    const char *bad[] = {"tcp://nohost", f->b};
    count(bad, 2, &o, &st, &err);
    assert_int_equal(st, BL_ERR_ARGUMENT);
    free(err);
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_true(fputs(text, fp) >= 0);
    assert_int_equal(fclose(fp), 0);
}

static void test_stubs(void **state)
{
    fixture *f = *state;
    char stub[128], folder[128], path[160];
    snprintf(stub, sizeof stub, "%s/shards.stub", f->dir);
    write_text(stub, "# two shards\n\nauto a.db\nglass b.db\n");
    const char *locs[] = {stub};
    bl_status st;
    assert_int_equal(count(locs, 1, NULL, &st, NULL), 8);
    /* replicas on a stub line (Byline's extension) */
    write_text(stub, "auto a.db\nauto missing.db | auto b.db\n");
    assert_int_equal(count(locs, 1, NULL, &st, NULL), 8);
    /* a bad line is named with its line number */
    write_text(stub, "auto a.db\nbogus line\n");
    char *err = NULL;
    count(locs, 1, NULL, &st, &err);
    assert_int_equal(st, BL_ERR_IO);
    assert_non_null(strstr(err, "shards.stub:2"));
    free(err);
    /* a folder holding a XAPIANDB stub, as xapian-replicate and byline-index --shards make */
    snprintf(folder, sizeof folder, "%s/stubdir", f->dir);
    assert_int_equal(mkdir(folder, 0777), 0);
    snprintf(path, sizeof path, "%s/XAPIANDB", folder);
    write_text(path, "auto ../a.db\nauto ../b.db\n");
    locs[0] = folder;
    /* ... whose paths leave the folder: refused unless the caller trusts the stub */
    err = NULL;
    assert_int_equal(count(locs, 1, NULL, &st, &err), 0);
    assert_int_equal(st, BL_ERR_ARGUMENT);
    assert_non_null(strstr(err, "XAPIANDB:1"));
    free(err);
    bl_searcher_options o;
    bl_searcher_options_init(&o);
    o.allow_programs = 1;
    assert_int_equal(count(locs, 1, &o, &st, NULL), 8);
    /* a program named in a stub never runs untrusted */
    write_text(stub, "auto a.db\nremote :false\n");
    locs[0] = stub;
    err = NULL;
    count(locs, 1, NULL, &st, &err);
    assert_int_equal(st, BL_ERR_ARGUMENT);
    assert_non_null(strstr(err, "shards.stub:2"));
    assert_non_null(strstr(err, "--allow-programs"));
    free(err);
}

static void test_compact(void **state)
{
    fixture *f = *state;
    char plain[128], sharded[160], path[200];
    /* a plain index folder */
    snprintf(plain, sizeof plain, "%s/plain.db", f->dir);
    make_index(plain, 0, 20);
    bl_compact_stats cs;
    char *err = NULL;
    assert_int_equal(bl_index_compact(plain, &cs, &err), BL_OK);
    assert_null(err);
    assert_int_equal(cs.shards, 1);
    assert_true(cs.bytes_after > 0);
    const char *locs[] = {plain};
    bl_status st;
    assert_int_equal(count(locs, 1, NULL, &st, NULL), 20);
    snprintf(path, sizeof path, "%s.compact-%ld", plain, (long)getpid());
    assert_int_not_equal(access(path, F_OK), 0);
    /* a stub folder naming two local shards */
    snprintf(sharded, sizeof sharded, "%s/sharded", f->dir);
    assert_int_equal(mkdir(sharded, 0777), 0);
    snprintf(path, sizeof path, "%s/s0", sharded);
    make_index(path, 0, 4);
    snprintf(path, sizeof path, "%s/s1", sharded);
    make_index(path, 4, 6);
    snprintf(path, sizeof path, "%s/XAPIANDB", sharded);
    write_text(path, "auto s0\nauto s1\n");
    assert_int_equal(bl_index_compact(sharded, &cs, &err), BL_OK);
    assert_int_equal(cs.shards, 2);
    locs[0] = sharded;
    assert_int_equal(count(locs, 1, NULL, &st, NULL), 10);
    snprintf(path, sizeof path, "%s/s0", sharded);
    assert_int_not_equal(access(path, F_OK), 0); /* the old shards are gone */
    /* remote shards are refused; a missing index is not found */
    snprintf(path, sizeof path, "%s/remote.stub", f->dir);
    write_text(path, "remote 127.0.0.1:1\n");
    assert_int_equal(bl_index_compact(path, NULL, &err), BL_ERR_ARGUMENT);
    assert_non_null(err);
    free(err);
    assert_int_equal(bl_index_compact(f->missing, NULL, &err), BL_ERR_NOT_FOUND);
    free(err);
    /* a busy writer: locked, the index untouched */
    bl_index *ix = NULL;
    assert_int_equal(bl_index_open(plain, NULL, &ix, NULL), BL_OK);
    assert_int_equal(bl_index_compact(plain, NULL, &err), BL_ERR_LOCKED);
    free(err);
    assert_int_equal(bl_index_close(ix), BL_OK);
    locs[0] = plain;
    assert_int_equal(count(locs, 1, NULL, &st, NULL), 20);
}

/* ---- a shard that dies between opening and searching ------------------------------------ */

static unsigned free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t sl = sizeof sa;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

static int try_connect(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    close(fd);
    return ok;
}

static void test_shard_dies_mid_search(void **state)
{
    fixture *f = *state;
    /* xapian-tools is one of the Makefile's DEB_PACKAGES: its absence is a failure */
    if (system("command -v xapian-tcpsrv >/dev/null 2>&1") != 0)
        fail_msg("xapian-tcpsrv is not on PATH (Debian package xapian-tools: make deps)");
    unsigned port = free_port();
    char portstr[16], loc[64];
    snprintf(portstr, sizeof portstr, "%u", port);
    snprintf(loc, sizeof loc, "tcp://127.0.0.1:%u", port);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0); /* xapian-tcpsrv signals its whole group on SIGTERM */
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, 1);
            dup2(devnull, 2);
        }
        execlp("xapian-tcpsrv", "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1",
               "--port", portstr, f->b, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    int up = 0;
    for (int i = 0; i < 100 && !up; i++) {
        if (waitpid(pid, NULL, WNOHANG) == pid)
            break;
        up = try_connect(port);
        if (!up)
            usleep(50000);
    }
    bl_searcher *s = NULL;
    bl_status st = BL_ERR_INTERNAL;
    const char *locs[] = {f->a, loc};
    bl_searcher_options o;
    bl_searcher_options_init(&o);
    o.timeout_ms = 2000;
    if (up)
        st = bl_searcher_open_ex(locs, 2, &o, &s, NULL);
    kill(-pid, SIGTERM); /* the server and the child serving our connection */
    waitpid(pid, NULL, 0);
    if (!up)
        fail_msg("xapian-tcpsrv did not start on port %u", port);
    assert_int_equal(st, BL_OK);
    bl_results *r = NULL;
    st = bl_search(s, "shards", NULL, &r, NULL);
    assert_int_equal(st, BL_ERR_NETWORK);
    assert_null(r);
    assert_true(strlen(bl_searcher_last_error(s)) > 0);
    print_message("mid-search failure: %s\n", bl_searcher_last_error(s));
    bl_searcher_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_as_one),      cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_missing_names_it), cmocka_unit_test(test_replica_fallback),
        cmocka_unit_test(test_allow_partial),    cmocka_unit_test(test_stubs),
        cmocka_unit_test(test_compact),          cmocka_unit_test(test_shard_dies_mid_search),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
