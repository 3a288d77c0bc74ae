/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_locations.c — a layout swapped while a reader opens it (lib/locations.c).
 *
 * byline-index --compact renames a new stub over the old one and then deletes the old shards,
 * or exchanges an index folder with its compacted copy.  A reader that read the old stub just
 * before must not fail, nor open a half-deleted shard: it notices the change and opens again.
 * The race is made certain here with the internal test hook of lib/locations.h, which runs
 * bl_index_compact (or rewrites the stub) exactly at the moment the reader is exposed: after
 * it opened the stub, before it opens the shards it names.  tests/cli/remote.sh races real
 * processes against each other. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "byline.h"
#include "locations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];
    char sharded[128], plain[128], stub[160];
} fixture;

/* What the hook does, and how often it ran. */
typedef struct hook_state {
    const char *suffix;   /* act only on paths ending so */
    int compact_at;       /* compact `target` on this call (1-based); 0 never */
    int rewrite_from;     /* rewrite the stub `target` (same text, new file) on calls */
    int rewrite_until;    /* rewrite_from .. rewrite_until (0: no end) */
    const char *target;
    int calls;
} hook_state;

static void make_index(const char *path, unsigned shards, int n)
{
    bl_index *ix = NULL;
    bl_index_options o = {.no_entities = 1, .shards = shards};
    assert_int_equal(bl_index_open(path, &o, &ix, NULL), BL_OK);
    for (int i = 0; i < n; i++) {
        char id[32], text[128];
        snprintf(id, sizeof id, "doc-%d", i);
        snprintf(text, sizeof text, "article %d about compaction and readers", i);
        bl_document d = {.id = id, .title = id, .text = text, .text_len = strlen(text)};
        assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
    }
    assert_int_equal(bl_index_close(ix), BL_OK);
}

/* Replace file by a copy of itself (a new inode, as a writer's rename makes). */
static void rewrite(const char *file)
{
    char tmp[256], buf[4096];
    snprintf(tmp, sizeof tmp, "%s.new", file);
    FILE *in = fopen(file, "rb"), *out = fopen(tmp, "wb");
    assert_non_null(in);
    assert_non_null(out);
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
    assert_int_equal(rename(tmp, file), 0);
}

static void hook(const char *path, void *ctx)
{
    hook_state *h = ctx;
    size_t pl = strlen(path), sl = strlen(h->suffix);
    if (pl < sl || strcmp(path + pl - sl, h->suffix) != 0)
        return;
    h->calls++;
    if (h->calls == h->compact_at) {
        char *err = NULL;
        assert_int_equal(bl_index_compact(h->target, NULL, &err), BL_OK);
        free(err);
    }
    if (h->rewrite_from && h->calls >= h->rewrite_from &&
        (!h->rewrite_until || h->calls <= h->rewrite_until))
        rewrite(h->target);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/byline-test-locations-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->sharded, sizeof f->sharded, "%s/sharded", f->dir);
    snprintf(f->plain, sizeof f->plain, "%s/plain", f->dir);
    snprintf(f->stub, sizeof f->stub, "%s/XAPIANDB", f->sharded);
    make_index(f->sharded, 2, 12);
    make_index(f->plain, 1, 7);
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

static void on_warning(void *ctx, const char *message)
{
    (void)message;
    (*(int *)ctx)++;
}

/* Open loc with the hook set; the document count, or 0 with *st the failure. */
static unsigned long open_count(const char *loc, hook_state *h, const bl_searcher_options *o,
                                bl_status *st, char **err)
{
    const char *locs[] = {loc};
    xc_db *db = NULL;
    *st = bl_locations_open_hooked(locs, 1, o, hook, h, &db, NULL, err);
    unsigned long c = 0;
    if (*st == BL_OK) {
        assert_int_equal(xc_db_doc_count(db, &c), XC_OK);
        xc_db_close(db);
    } else {
        assert_null(db);
    }
    return c;
}

/* The stub is read, then the shards are merged and deleted before the reader opens them. */
static void test_compacted_after_stub_read(void **state)
{
    fixture *f = *state;
    char old[160];
    snprintf(old, sizeof old, "%s/shards/00", f->sharded);
    assert_int_equal(access(old, F_OK), 0);
    hook_state h = {.suffix = "/XAPIANDB", .compact_at = 1, .target = f->sharded};
    bl_status st;
    char *err = NULL;
    assert_int_equal(open_count(f->sharded, &h, NULL, &st, &err), 12);
    assert_int_equal(st, BL_OK);
    assert_null(err);
    assert_int_equal(h.calls, 2); /* the old stub, then the new one */
    assert_int_not_equal(access(old, F_OK), 0); /* the first attempt really lost its shards */
}

/* A plain index folder exchanged with its compacted copy just before Xapian opens it. */
static void test_folder_swapped_before_open(void **state)
{
    fixture *f = *state;
    hook_state h = {.suffix = "/plain", .compact_at = 1, .target = f->plain};
    bl_status st;
    assert_int_equal(open_count(f->plain, &h, NULL, &st, NULL), 7);
    assert_int_equal(st, BL_OK);
    assert_int_equal(h.calls, 2);
}

/* Nothing changes: one attempt, and a missing shard is reported as before. */
static void test_steady_layout_one_attempt(void **state)
{
    fixture *f = *state;
    hook_state h = {.suffix = "/XAPIANDB"};
    bl_status st;
    assert_int_equal(open_count(f->sharded, &h, NULL, &st, NULL), 12);
    assert_int_equal(h.calls, 1);
    char stub[160], *err = NULL;
    snprintf(stub, sizeof stub, "%s/broken.stub", f->dir);
    FILE *fp = fopen(stub, "w");
    assert_non_null(fp);
    fputs("auto plain\nauto gone\n", fp);
    assert_int_equal(fclose(fp), 0);
    h = (hook_state){.suffix = ".stub"};
    assert_int_equal(open_count(stub, &h, NULL, &st, &err), 0);
    assert_int_equal(st, BL_ERR_NOT_FOUND);
    assert_non_null(err);
    assert_non_null(strstr(err, "gone"));
    free(err);
    assert_int_equal(h.calls, 1);
}

/* A stub replaced on every attempt: a bounded number of attempts, then BL_ERR_MODIFIED. */
static void test_always_changing_gives_up(void **state)
{
    fixture *f = *state;
    hook_state h = {.suffix = "/XAPIANDB", .rewrite_from = 1, .target = f->stub};
    bl_status st;
    char *err = NULL;
    assert_int_equal(open_count(f->sharded, &h, NULL, &st, &err), 0);
    assert_int_equal(st, BL_ERR_MODIFIED);
    assert_non_null(err);
    assert_non_null(strstr(err, "changed"));
    free(err);
    assert_true(h.calls > 1 && h.calls < 20);
}

/* Warnings of an attempt thrown away are not given: allow_partial leaves out a missing shard
 * once, though the stub changed under the first attempt. */
static void test_warnings_of_last_attempt_only(void **state)
{
    fixture *f = *state;
    char stub[160];
    snprintf(stub, sizeof stub, "%s/partial.stub", f->dir);
    FILE *fp = fopen(stub, "w");
    assert_non_null(fp);
    fputs("auto plain\nauto gone\n", fp);
    assert_int_equal(fclose(fp), 0);
    int warned = 0;
    bl_searcher_options o;
    bl_searcher_options_init(&o);
    o.allow_partial = 1;
    o.warning = on_warning;
    o.warning_ctx = &warned;
    hook_state h = {.suffix = ".stub"};
    bl_status st;
    assert_int_equal(open_count(stub, &h, &o, &st, NULL), 7);
    assert_int_equal(st, BL_OK);
    assert_int_equal(h.calls, 1);
    int steady = warned; /* "leaving out shard ...", "searching 1 of 2 shards ..." */
    assert_true(steady > 0);
    warned = 0;
    h = (hook_state){.suffix = ".stub", .rewrite_from = 1, .rewrite_until = 1, .target = stub};
    assert_int_equal(open_count(stub, &h, &o, &st, NULL), 7);
    assert_int_equal(st, BL_OK);
    assert_int_equal(h.calls, 2);
    assert_int_equal(warned, steady);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compacted_after_stub_read),
        cmocka_unit_test(test_folder_swapped_before_open),
        cmocka_unit_test(test_steady_layout_one_attempt),
        cmocka_unit_test(test_always_changing_gives_up),
        cmocka_unit_test(test_warnings_of_last_attempt_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
