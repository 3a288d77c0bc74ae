/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_xapian_c.c — unit tests of the C binding of Xapian (include/xapian_c.h).
 *
 * Every test works in a private directory under one mkdtemp() root (removed at the end).  A
 * small corpus of five documents is indexed once by the group setup; tests that write build
 * their own indexes.  Query tests check WHICH docids come back, not just that nothing crashed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xapian_c.h"

/* ---------------------------------------------------------------------------------------- */
/* Fixture: temp root + corpus                                                               */

static char g_root[64];
static char g_corpus[PATH_MAX];
static unsigned g_seq;

/* A fresh path root/name-N (not created). */
static void new_path(char *buf, size_t size, const char *name) {
    int n = snprintf(buf, size, "%s/%s-%u", g_root, name, ++g_seq);
    assert_true(n > 0 && (size_t)n < size);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void rm_rf(const char *path) {
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

typedef struct corpus_doc {
    const char *uid;      /* unique boolean term */
    const char *words[6]; /* positional postings at 1, 2, ... */
    unsigned first_wdf;   /* wdf increment of the first word (others 1) */
    const char *tag;      /* boolean term */
    const char *date;     /* value slot 0 */
    const char *cat;      /* value slot 1 */
    const char *data;
} corpus_doc;

/* docids 1..5 in this order. */
static const corpus_doc CORPUS[] = {
    {"Qd1", {"the", "quick", "brown", "fox"}, 1, "Tnews", "2021-01-05", "b", "doc one"},
    {"Qd2", {"quick", "fox", "jumps"}, 1, "Tblog", "2020-06-01", "a", "doc two"},
    {"Qd3", {"brown", "dog", "sleeps"}, 1, "Tnews", "2022-03-10", "a", "doc three"},
    {"Qd4", {"fox", "brown", "quick"}, 3, "Tblog", "2019-12-31", "b", "doc four"},
    {"Qd5", {"lazy", "dog"}, 1, "Tnews", "2023-01-01", "c", "doc five"},
};
#define NCORPUS (sizeof CORPUS / sizeof CORPUS[0])

static xc_doc *make_doc(const corpus_doc *c) {
    xc_doc *doc = NULL;
    assert_int_equal(xc_doc_new(&doc), XC_OK);
    assert_non_null(doc);
    for (unsigned i = 0; i < 6 && c->words[i]; i++)
        assert_int_equal(xc_doc_add_posting(doc, c->words[i], strlen(c->words[i]), i + 1,
                                            i == 0 ? c->first_wdf : 1),
                         XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(doc, c->uid, strlen(c->uid)), XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(doc, c->tag, strlen(c->tag)), XC_OK);
    assert_int_equal(xc_doc_set_value(doc, 0, c->date, strlen(c->date)), XC_OK);
    assert_int_equal(xc_doc_set_value(doc, 1, c->cat, strlen(c->cat)), XC_OK);
    assert_int_equal(xc_doc_set_data(doc, c->data, strlen(c->data)), XC_OK);
    return doc;
}

static void build_corpus(const char *path) {
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(path, XC_CREATE, &w, NULL), XC_OK);
    for (size_t i = 0; i < NCORPUS; i++) {
        xc_doc *doc = make_doc(&CORPUS[i]);
        xc_docid id = 0;
        assert_int_equal(xc_wdb_replace(w, CORPUS[i].uid, doc, &id), XC_OK);
        assert_int_equal(id, i + 1);
        xc_doc_free(doc);
    }
    assert_int_equal(xc_wdb_close(w), XC_OK);
}

/* A small index of `n` documents, each with terms "shared" and `word`, data "<tag><i>". */
static void build_small(const char *path, const char *word, const char *tag, unsigned n) {
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(path, XC_CREATE_OR_OPEN, &w, NULL), XC_OK);
    for (unsigned i = 1; i <= n; i++) {
        xc_doc *doc = NULL;
        char data[32];
        snprintf(data, sizeof data, "%s%u", tag, i);
        assert_int_equal(xc_doc_new(&doc), XC_OK);
        assert_int_equal(xc_doc_add_posting(doc, "shared", 6, 1, 1), XC_OK);
        assert_int_equal(xc_doc_add_posting(doc, word, strlen(word), 2, 1), XC_OK);
        assert_int_equal(xc_doc_set_data(doc, data, strlen(data)), XC_OK);
        assert_int_equal(xc_wdb_add(w, doc, NULL), XC_OK);
        xc_doc_free(doc);
    }
    assert_int_equal(xc_wdb_close(w), XC_OK);
}

static int group_setup(void **state) {
    (void)state;
    strcpy(g_root, "/tmp/byline-xc-XXXXXX");
    if (!mkdtemp(g_root)) return -1;
    snprintf(g_corpus, sizeof g_corpus, "%s/corpus", g_root);
    build_corpus(g_corpus);
    return 0;
}

static int group_teardown(void **state) {
    (void)state;
    rm_rf(g_root);
    return 0;
}

static xc_db *open_corpus(void) {
    xc_db *db = NULL;
    char *err = NULL;
    assert_int_equal(xc_db_open(g_corpus, &db, &err), XC_OK);
    assert_null(err);
    assert_non_null(db);
    return db;
}

/* ---------------------------------------------------------------------------------------- */
/* Search helpers                                                                            */

static int cmp_uint(const void *a, const void *b) {
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* Run q on db and return the matching docids as "1,2,4" (sorted when `sorted`, else in rank
 * order) in buf; returns the status of the search. */
static xc_status run_ids(xc_db *db, const xc_query *q, int sorted, char *buf, size_t size) {
    xc_enquire *enq = NULL;
    xc_mset *ms = NULL;
    unsigned ids[64];
    unsigned n = 0;
    buf[0] = '\0';
    assert_int_equal(xc_enquire_new(db, &enq), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, q), XC_OK);
    xc_status st = xc_enquire_get_mset(enq, 0, 64, 64, &ms);
    if (st == XC_OK) {
        n = xc_mset_size(ms);
        for (unsigned i = 0; i < n; i++) {
            xc_hit hit;
            assert_int_equal(xc_mset_get(ms, i, &hit), XC_OK);
            ids[i] = hit.docid;
        }
        xc_mset_free(ms);
    } else {
        assert_null(ms);
        assert_true(strlen(xc_enquire_last_error(enq)) > 0);
    }
    xc_enquire_free(enq);
    if (sorted) qsort(ids, n, sizeof ids[0], cmp_uint);
    size_t off = 0;
    for (unsigned i = 0; i < n; i++)
        off += (size_t)snprintf(buf + off, size - off, i ? ",%u" : "%u", ids[i]);
    return st;
}

static void expect_ids(xc_db *db, const xc_query *q, const char *want) {
    char got[512];
    assert_int_equal(run_ids(db, q, 1, got, sizeof got), XC_OK);
    assert_string_equal(got, want);
}

static xc_query *term(const char *t) {
    xc_query *q = NULL;
    assert_int_equal(xc_query_term(t, strlen(t), 1, 0, &q), XC_OK);
    assert_non_null(q);
    return q;
}

/* Combine two terms with op and check the docids; frees everything. */
static void expect_op2(xc_db *db, xc_query_op op, const char *a, const char *b, unsigned param,
                       const char *want) {
    xc_query *subs[2] = {term(a), term(b)};
    xc_query *q = NULL;
    assert_int_equal(xc_query_combine(op, subs, 2, param, &q), XC_OK);
    xc_query_free(subs[0]);
    xc_query_free(subs[1]);
    expect_ids(db, q, want);
    xc_query_free(q);
}

static int have_program(const char *name) {
    const char *path = getenv("PATH");
    if (!path) path = "/usr/bin:/bin";
    char *copy = strdup(path);
    assert_non_null(copy);
    int found = 0;
    for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir && !found;
         dir = strtok_r(NULL, ":", &save)) {
        char full[PATH_MAX];
        snprintf(full, sizeof full, "%s/%s", dir, name);
        found = access(full, X_OK) == 0;
    }
    free(copy);
    return found;
}

static void write_file(const char *path, const char *content, size_t len) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------------------------------- */
/* Tests                                                                                     */

static void test_status_strings(void **state) {
    (void)state;
    const char *seen[XC_INTERNAL + 1];
    for (int s = XC_OK; s <= XC_INTERNAL; s++) {
        seen[s] = xc_status_to_string((xc_status)s);
        assert_non_null(seen[s]);
        assert_true(strlen(seen[s]) > 0);
        for (int t = XC_OK; t < s; t++) assert_string_not_equal(seen[s], seen[t]);
    }
    assert_string_equal(xc_status_to_string(XC_LOCKED), "index is locked");
    assert_non_null(xc_status_to_string((xc_status)999));
    assert_non_null(xc_version_string());
    assert_memory_equal(xc_version_string(), "1.4", 3);
}

static void test_wdb_create_open_reopen(void **state) {
    (void)state;
    char path[PATH_MAX];
    new_path(path, sizeof path, "wdb");
    xc_wdb *w = (xc_wdb *)1;
    char *err = NULL;
    unsigned long count = 99;

    /* XC_OPEN on a missing index: XC_NOT_FOUND with a message naming the path. */
    assert_int_equal(xc_wdb_open(path, XC_OPEN, &w, &err), XC_NOT_FOUND);
    assert_null(w);
    assert_non_null(err);
    assert_non_null(strstr(err, "no index at"));
    assert_non_null(strstr(err, path));
    free(err);
    err = NULL;
    assert_int_equal(xc_wdb_open(path, XC_OPEN, &w, NULL), XC_NOT_FOUND);

    /* Create, add one document, close (implicit commit). */
    assert_int_equal(xc_wdb_open(path, XC_CREATE, &w, &err), XC_OK);
    assert_null(err);
    assert_string_equal(xc_wdb_last_error(w), "");
    xc_doc *doc = make_doc(&CORPUS[0]);
    assert_int_equal(xc_wdb_add(w, doc, NULL), XC_OK);
    assert_int_equal(xc_wdb_doc_count(w, &count), XC_OK);
    assert_int_equal(count, 1);
    assert_int_equal(xc_wdb_close(w), XC_OK);

    /* XC_CREATE on an existing index fails (with a message), the index is untouched. */
    w = NULL;
    xc_status st = xc_wdb_open(path, XC_CREATE, &w, &err);
    assert_int_not_equal(st, XC_OK);
    assert_null(w);
    assert_non_null(err);
    assert_true(strlen(err) > 0);
    free(err);
    err = NULL;

    /* XC_OPEN and XC_CREATE_OR_OPEN both see the committed document. */
    assert_int_equal(xc_wdb_open(path, XC_OPEN, &w, &err), XC_OK);
    assert_int_equal(xc_wdb_doc_count(w, &count), XC_OK);
    assert_int_equal(count, 1);
    assert_int_equal(xc_wdb_add(w, doc, NULL), XC_OK);
    assert_int_equal(xc_wdb_close(w), XC_OK);
    assert_int_equal(xc_wdb_open(path, XC_CREATE_OR_OPEN, &w, NULL), XC_OK);
    assert_int_equal(xc_wdb_doc_count(w, &count), XC_OK);
    assert_int_equal(count, 2);
    assert_int_equal(xc_wdb_close(w), XC_OK);
    xc_doc_free(doc);

    /* XC_CREATE_OR_OPEN creates when absent. */
    char path2[PATH_MAX];
    new_path(path2, sizeof path2, "wdb-coo");
    assert_int_equal(xc_wdb_open(path2, XC_CREATE_OR_OPEN, &w, NULL), XC_OK);
    assert_int_equal(xc_wdb_doc_count(w, &count), XC_OK);
    assert_int_equal(count, 0);
    assert_int_equal(xc_wdb_close(w), XC_OK);

    /* Bad mode. */
    assert_int_equal(xc_wdb_open(path2, (xc_open_mode)7, &w, &err), XC_INVALID_ARGUMENT);
    assert_null(w);
    assert_non_null(err);
    free(err);

    /* NULL is a no-op for close. */
    assert_int_equal(xc_wdb_close(NULL), XC_OK);
}

static void test_db_open_errors(void **state) {
    (void)state;
    char path[PATH_MAX];
    new_path(path, sizeof path, "missing");
    xc_db *db = (xc_db *)1;
    char *err = NULL;

    assert_int_equal(xc_db_open(path, &db, &err), XC_NOT_FOUND);
    assert_null(db);
    assert_non_null(err);
    assert_non_null(strstr(err, "no index at"));
    assert_non_null(strstr(err, path));
    free(err);
    err = NULL;

    /* An existing directory that is not an index. */
    assert_int_equal(mkdir(path, 0700), 0);
    xc_status st = xc_db_open(path, &db, &err);
    assert_true(st == XC_OPENING || st == XC_NOT_FOUND);
    assert_null(db);
    assert_non_null(err);
    assert_true(strlen(err) > 0);
    free(err);
    err = NULL;

    /* A file that is neither a stub nor an index. */
    char junk[PATH_MAX + 16];
    snprintf(junk, sizeof junk, "%s/junk", path);
    write_file(junk, "this is not\na xapian stub\n", 26);
    st = xc_db_open(junk, &db, &err);
    assert_int_not_equal(st, XC_OK);
    assert_true(st == XC_OPENING || st == XC_NOT_FOUND || st == XC_INVALID_ARGUMENT);
    assert_null(db);
    assert_non_null(err);
    free(err);
    err = NULL;

    /* A stub naming a missing index. */
    char stub[PATH_MAX + 16], content[PATH_MAX + 32];
    snprintf(stub, sizeof stub, "%s/stub", path);
    int n = snprintf(content, sizeof content, "auto %s/nowhere\n", path);
    write_file(stub, content, (size_t)n);
    st = xc_db_open(stub, &db, NULL);
    assert_true(st == XC_OPENING || st == XC_NOT_FOUND);
    assert_null(db);
}

static void test_two_writers_locked(void **state) {
    (void)state;
    char path[PATH_MAX];
    new_path(path, sizeof path, "locked");
    xc_wdb *w1 = NULL, *w2 = (xc_wdb *)1;
    char *err = NULL;
    assert_int_equal(xc_wdb_open(path, XC_CREATE_OR_OPEN, &w1, NULL), XC_OK);
    assert_int_equal(xc_wdb_open(path, XC_CREATE_OR_OPEN, &w2, &err), XC_LOCKED);
    assert_null(w2);
    assert_non_null(err);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "another process is writing"));
    free(err);
    err = NULL;
    assert_int_equal(xc_wdb_open(path, XC_OPEN, &w2, NULL), XC_LOCKED);
    /* Readers are not blocked by the writer. */
    xc_db *db = NULL;
    assert_int_equal(xc_db_open(path, &db, NULL), XC_OK);
    xc_db_close(db);
    /* Once the first writer is gone the lock is free again. */
    assert_int_equal(xc_wdb_close(w1), XC_OK);
    assert_int_equal(xc_wdb_open(path, XC_OPEN, &w2, &err), XC_OK);
    assert_null(err);
    assert_int_equal(xc_wdb_close(w2), XC_OK);
}

static int is_db_failure(xc_status st) {
    return st == XC_CORRUPT || st == XC_IO || st == XC_OPENING || st == XC_VERSION;
}

/* Overwrite `len` bytes of `file` at `off` with garbage (file size preserved if in range). */
static void scribble(const char *file, off_t off, size_t len) {
    int fd = open(file, O_WRONLY);
    assert_true(fd >= 0);
    char *junk = malloc(len);
    assert_non_null(junk);
    for (size_t i = 0; i < len; i++) junk[i] = (char)(0xA5 ^ (i * 31));
    assert_int_equal(pwrite(fd, junk, len, off), (ssize_t)len);
    free(junk);
    assert_int_equal(close(fd), 0);
}

static void build_bigger(const char *path, unsigned ndocs) {
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(path, XC_CREATE, &w, NULL), XC_OK);
    for (unsigned i = 0; i < ndocs; i++) {
        xc_doc *doc = NULL;
        char word[32];
        assert_int_equal(xc_doc_new(&doc), XC_OK);
        for (unsigned j = 0; j < 20; j++) {
            snprintf(word, sizeof word, "w%u", (i * 7 + j * 13) % 500);
            assert_int_equal(xc_doc_add_posting(doc, word, strlen(word), j + 1, 1), XC_OK);
        }
        assert_int_equal(xc_doc_add_term(doc, "common", 6, 1), XC_OK);
        assert_int_equal(xc_wdb_add(w, doc, NULL), XC_OK);
        xc_doc_free(doc);
    }
    assert_int_equal(xc_wdb_close(w), XC_OK);
}

static void test_corrupt_index(void **state) {
    (void)state;
    char path[PATH_MAX], file[PATH_MAX + 32];
    xc_db *db = NULL;
    char *err = NULL;

    /* 1. Garbage version file: opening must fail with a database status, not abort. */
    new_path(path, sizeof path, "corrupt-iam");
    build_bigger(path, 50);
    snprintf(file, sizeof file, "%s/iamglass", path);
    write_file(file, "garbage, not a glass version file", 33);
    xc_status st = xc_db_open(path, &db, &err);
    assert_true(is_db_failure(st));
    assert_null(db);
    assert_non_null(err);
    assert_true(strlen(err) > 0);
    free(err);
    err = NULL;
    xc_wdb *w = NULL;
    st = xc_wdb_open(path, XC_OPEN, &w, &err);
    assert_true(is_db_failure(st));
    assert_null(w);
    free(err);
    err = NULL;

    /* 2. Garbage in the posting list table: open or search fails with a database status. */
    new_path(path, sizeof path, "corrupt-post");
    build_bigger(path, 400);
    snprintf(file, sizeof file, "%s/postlist.glass", path);
    struct stat sb;
    assert_int_equal(stat(file, &sb), 0);
    assert_true(sb.st_size > 0);
    scribble(file, 0, (size_t)sb.st_size);
    st = xc_db_open(path, &db, &err);
    if (st == XC_OK) {
        xc_query *q = term("common");
        char got[512];
        st = run_ids(db, q, 1, got, sizeof got);
        xc_query_free(q);
        if (st == XC_OK) {
            unsigned long f = 0;
            st = xc_db_term_freq(db, "w7", &f);
        }
        assert_true(is_db_failure(st));
        xc_db_close(db);
    } else {
        assert_true(is_db_failure(st));
        assert_null(db);
        free(err);
    }
}

static int count_cb(void *ctx, const char *t, size_t len, unsigned long f) {
    (void)t;
    (void)len;
    (void)f;
    ++*(int *)ctx;
    return 0;
}

static int hit_count_cb(void *ctx, const xc_hit *hit) {
    (void)hit;
    ++*(int *)ctx;
    return 0;
}

static void test_null_arguments(void **state) {
    (void)state;
    xc_db *db = open_corpus();
    xc_wdb *w = NULL;
    char path[PATH_MAX];
    new_path(path, sizeof path, "nulls");
    assert_int_equal(xc_wdb_open(path, XC_CREATE, &w, NULL), XC_OK);
    xc_doc *doc = NULL;
    assert_int_equal(xc_doc_new(&doc), XC_OK);
    xc_query *q = term("fox");
    xc_enquire *enq = NULL;
    assert_int_equal(xc_enquire_new(db, &enq), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, q), XC_OK);
    xc_mset *ms = NULL;
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 0, &ms), XC_OK);

    char *s = NULL;
    size_t len = 0;
    unsigned long ul = 0;
    int i = 0;
    double d = 0;
    xc_hit hit;
    xc_query *qo = (xc_query *)1;
    char *err = NULL;

    /* writable */
    xc_wdb *wo = (xc_wdb *)1;
    assert_int_equal(xc_wdb_open(NULL, XC_OPEN, &wo, &err), XC_INVALID_ARGUMENT);
    assert_null(wo);
    assert_non_null(err);
    free(err);
    err = NULL;
    assert_int_equal(xc_wdb_open(path, XC_OPEN, NULL, NULL), XC_INVALID_ARGUMENT);
    assert_string_equal(xc_wdb_last_error(NULL), "NULL handle");
    assert_int_equal(xc_wdb_begin(NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_commit(NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_cancel(NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_replace(NULL, "Qx", doc, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_replace(w, NULL, doc, NULL), XC_INVALID_ARGUMENT);
    assert_true(strlen(xc_wdb_last_error(w)) > 0);
    assert_int_equal(xc_wdb_replace(w, "Qx", NULL, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_replace(w, "", doc, NULL), XC_INVALID_ARGUMENT); /* empty term */
    assert_int_equal(xc_wdb_add(NULL, doc, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_add(w, NULL, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_delete(NULL, "Qx"), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_delete(w, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_term_exists(NULL, "x", &i), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_term_exists(w, NULL, &i), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_term_exists(w, "x", NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_doc_count(NULL, &ul), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_doc_count(w, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_set_metadata(NULL, "k", "v", 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_set_metadata(w, NULL, "v", 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_set_metadata(w, "k", NULL, 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_set_metadata(w, "", "v", 1), XC_INVALID_ARGUMENT); /* empty key */
    assert_int_equal(xc_wdb_get_metadata(NULL, "k", &s, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_get_metadata(w, NULL, &s, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_get_metadata(w, "k", NULL, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_add_spelling(NULL, "w", 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_add_spelling(w, NULL, 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_get_value_by_term(NULL, "Q", 0, &s, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_get_value_by_term(w, NULL, 0, &s, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_get_value_by_term(w, "Q", 0, NULL, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_get_data_by_term(NULL, "Q", &s, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_get_data_by_term(w, NULL, &s, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_wdb_get_data_by_term(w, "Q", NULL, &len), XC_INVALID_ARGUMENT);

    /* documents */
    assert_int_equal(xc_doc_new(NULL), XC_INVALID_ARGUMENT);
    xc_doc_free(NULL);
    assert_int_equal(xc_doc_add_posting(NULL, "a", 1, 1, 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_add_posting(doc, NULL, 1, 1, 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_add_term(NULL, "a", 1, 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_add_term(doc, NULL, 1, 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_add_boolean_term(NULL, "a", 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_add_boolean_term(doc, NULL, 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_set_value(NULL, 0, "v", 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_set_value(doc, 0, NULL, 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_set_value(doc, 0, NULL, 0), XC_OK); /* empty value */
    assert_int_equal(xc_doc_set_data(NULL, "d", 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_set_data(doc, NULL, 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_set_data(doc, NULL, 0), XC_OK);

    /* read-only databases */
    xc_db *dbo = (xc_db *)1;
    assert_int_equal(xc_db_open(NULL, &dbo, &err), XC_INVALID_ARGUMENT);
    assert_non_null(err);
    free(err);
    err = NULL;
    assert_int_equal(xc_db_open(g_corpus, NULL, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_open_tcp(NULL, 1234, 0, 0, &dbo, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_open_tcp("127.0.0.1", 0, 0, 0, &dbo, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_open_tcp("127.0.0.1", 70000, 0, 0, &dbo, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_open_tcp("127.0.0.1", 1234, 0, 0, NULL, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_open_prog(NULL, "x", 0, &dbo, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_open_prog("x", NULL, 0, &dbo, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_open_prog("x", "y", 0, NULL, NULL), XC_INVALID_ARGUMENT);
    assert_null(dbo);
    assert_int_equal(xc_db_new(NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_add(NULL, db), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_add(db, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_add(db, db), XC_INVALID_ARGUMENT);
    xc_db_close(NULL);
    assert_string_equal(xc_db_last_error(NULL), "NULL handle");
    assert_int_equal(xc_db_reopen(NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_doc_count(NULL, &ul), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_doc_count(db, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_avlength(NULL, &d), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_avlength(db, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_term_freq(NULL, "a", &ul), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_term_freq(db, NULL, &ul), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_term_freq(db, "a", NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_collection_freq(NULL, "a", &ul), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_collection_freq(db, NULL, &ul), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_collection_freq(db, "a", NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_term_exists(NULL, "a", &i), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_term_exists(db, NULL, &i), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_term_exists(db, "a", NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_get_metadata(NULL, "k", &s, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_get_metadata(db, NULL, &s, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_get_metadata(db, "k", NULL, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_get_data(NULL, 1, &s, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_get_data(db, 1, NULL, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_get_value(NULL, 1, 0, &s, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_get_value(db, 1, 0, NULL, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_spelling_suggestion(NULL, "w", &s), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_spelling_suggestion(db, NULL, &s), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_spelling_suggestion(db, "w", NULL), XC_INVALID_ARGUMENT);
    int calls = 0;
    assert_int_equal(xc_db_allterms(NULL, "", count_cb, &calls), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_allterms(db, "", NULL, &calls), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_termlist(NULL, 1, "", count_cb, &calls), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_termlist(db, 1, "", NULL, &calls), XC_INVALID_ARGUMENT);
    assert_int_equal(calls, 0);

    /* queries */
    assert_int_equal(xc_query_term(NULL, 1, 1, 0, &qo), XC_INVALID_ARGUMENT);
    assert_null(qo);
    assert_int_equal(xc_query_term("a", 1, 1, 0, NULL), XC_INVALID_ARGUMENT);
    xc_query *subs[2] = {q, NULL};
    qo = (xc_query *)1;
    assert_int_equal(xc_query_combine(XC_OP_AND, subs, 2, 0, &qo), XC_INVALID_ARGUMENT);
    assert_null(qo);
    assert_int_equal(xc_query_combine(XC_OP_AND, NULL, 2, 0, &qo), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_query_combine(XC_OP_AND, subs, 1, 0, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_query_combine((xc_query_op)99, subs, 1, 0, &qo), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_query_value_range(0, "a", "b", NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_query_value_range(0xFFFFFFFFu, "a", "b", &qo), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_query_wildcard(NULL, 0, &qo), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_query_wildcard("a", 0, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_query_scale(NULL, 1.0, &qo), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_query_scale(q, -1.0, &qo), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_query_scale(q, 1.0, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_query_match_all(NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_query_match_nothing(NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_query_is_empty(NULL), 1);
    assert_null(xc_query_describe(NULL));
    xc_query_free(NULL);

    /* enquire and msets */
    xc_enquire *eo = (xc_enquire *)1;
    assert_int_equal(xc_enquire_new(NULL, &eo), XC_INVALID_ARGUMENT);
    assert_null(eo);
    assert_int_equal(xc_enquire_new(db, NULL), XC_INVALID_ARGUMENT);
    xc_enquire_free(NULL);
    assert_string_equal(xc_enquire_last_error(NULL), "NULL handle");
    assert_int_equal(xc_enquire_set_query(NULL, q), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_set_query(enq, NULL), XC_INVALID_ARGUMENT);
    assert_true(strlen(xc_enquire_last_error(enq)) > 0);
    assert_int_equal(xc_enquire_set_weighting(NULL, XC_WEIGHT_BM25, NULL, 0),
                     XC_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_sort_by_value(NULL, 0, 0, 0), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_sort_by_relevance(NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_set_collapse_key(NULL, 0, 1), XC_INVALID_ARGUMENT);
    xc_mset *mo = (xc_mset *)1;
    assert_int_equal(xc_enquire_get_mset(NULL, 0, 10, 0, &mo), XC_INVALID_ARGUMENT);
    assert_null(mo);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 0, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_mset_size(NULL), 0);
    assert_int_equal(xc_mset_matches_estimated(NULL), 0);
    assert_int_equal(xc_mset_matches_lower_bound(NULL), 0);
    assert_int_equal(xc_mset_matches_upper_bound(NULL), 0);
    assert_int_equal(xc_mset_get(NULL, 0, &hit), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_mset_get(ms, 0, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_mset_foreach(NULL, hit_count_cb, &calls), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_mset_foreach(ms, NULL, &calls), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_mset_get_value(NULL, 0, 0, &s, &len), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_mset_get_value(ms, 0, 0, NULL, &len), XC_INVALID_ARGUMENT);
    xc_mset_free(NULL);
    assert_int_equal(calls, 0);

    /* maintenance */
    const char *srcs[1] = {g_corpus};
    const char *nullsrc[1] = {NULL};
    char dest[PATH_MAX];
    new_path(dest, sizeof dest, "compact-null");
    assert_int_equal(xc_compact(NULL, 1, dest, &err), XC_INVALID_ARGUMENT);
    assert_non_null(err);
    free(err);
    err = NULL;
    assert_int_equal(xc_compact(srcs, 0, dest, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_compact(srcs, 1, NULL, NULL), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_compact(nullsrc, 1, dest, NULL), XC_INVALID_ARGUMENT);

    xc_mset_free(ms);
    xc_enquire_free(enq);
    xc_query_free(q);
    xc_doc_free(doc);
    assert_int_equal(xc_wdb_close(w), XC_OK);
    xc_db_close(db);
}

static void test_replace_delete(void **state) {
    (void)state;
    char path[PATH_MAX];
    new_path(path, sizeof path, "replace");
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(path, XC_CREATE, &w, NULL), XC_OK);
    for (size_t i = 0; i < NCORPUS; i++) {
        xc_doc *doc = make_doc(&CORPUS[i]);
        assert_int_equal(xc_wdb_replace(w, CORPUS[i].uid, doc, NULL), XC_OK);
        xc_doc_free(doc);
    }
    unsigned long count = 0;
    assert_int_equal(xc_wdb_doc_count(w, &count), XC_OK);
    assert_int_equal(count, 5);

    /* Replacing by the unique term keeps the docid and does not duplicate. */
    corpus_doc changed = CORPUS[1];
    changed.data = "doc two, revised";
    changed.date = "2024-02-02";
    for (int round = 0; round < 3; round++) {
        xc_doc *doc = make_doc(&changed);
        xc_docid id = 0;
        assert_int_equal(xc_wdb_replace(w, "Qd2", doc, &id), XC_OK);
        assert_int_equal(id, 2);
        xc_doc_free(doc);
    }
    assert_int_equal(xc_wdb_doc_count(w, &count), XC_OK);
    assert_int_equal(count, 5);
    char *s = NULL;
    size_t len = 0;
    assert_int_equal(xc_wdb_get_data_by_term(w, "Qd2", &s, &len), XC_OK);
    assert_string_equal(s, "doc two, revised");
    assert_int_equal(len, strlen("doc two, revised"));
    free(s);
    assert_int_equal(xc_wdb_get_value_by_term(w, "Qd2", 0, &s, &len), XC_OK);
    assert_string_equal(s, "2024-02-02");
    free(s);
    assert_int_equal(xc_wdb_get_value_by_term(w, "Qd2", 7, &s, NULL), XC_OK); /* unset slot */
    assert_string_equal(s, "");
    free(s);
    s = (char *)1;
    assert_int_equal(xc_wdb_get_value_by_term(w, "Qnope", 0, &s, &len), XC_NOT_FOUND);
    assert_null(s);
    assert_non_null(strstr(xc_wdb_last_error(w), "Qnope"));
    assert_int_equal(xc_wdb_get_data_by_term(w, "Qnope", &s, &len), XC_NOT_FOUND);
    assert_null(s);

    /* A new unique term adds a document. */
    corpus_doc fresh = CORPUS[0];
    fresh.uid = "Qd6";
    xc_doc *doc = make_doc(&fresh);
    xc_docid id = 0;
    assert_int_equal(xc_wdb_replace(w, "Qd6", doc, &id), XC_OK);
    assert_int_equal(id, 6);
    /* xc_wdb_add does not check uniqueness. */
    assert_int_equal(xc_wdb_add(w, doc, &id), XC_OK);
    assert_int_equal(id, 7);
    xc_doc_free(doc);
    assert_int_equal(xc_wdb_doc_count(w, &count), XC_OK);
    assert_int_equal(count, 7);

    /* Delete removes every document indexed by the term (two carry Qd6). */
    int exists = 0;
    assert_int_equal(xc_wdb_term_exists(w, "Qd6", &exists), XC_OK);
    assert_int_equal(exists, 1);
    assert_int_equal(xc_wdb_delete(w, "Qd6"), XC_OK);
    assert_int_equal(xc_wdb_term_exists(w, "Qd6", &exists), XC_OK);
    assert_int_equal(exists, 0);
    assert_int_equal(xc_wdb_doc_count(w, &count), XC_OK);
    assert_int_equal(count, 5);
    assert_int_equal(xc_wdb_delete(w, "Qd3"), XC_OK);
    assert_int_equal(xc_wdb_delete(w, "Qnothing"), XC_OK); /* no error if none */
    assert_int_equal(xc_wdb_doc_count(w, &count), XC_OK);
    assert_int_equal(count, 4);
    assert_int_equal(xc_wdb_commit(w), XC_OK);

    /* A reader sees the result: Qd3 gone, Qd2 once. */
    xc_db *db = NULL;
    assert_int_equal(xc_db_open(path, &db, NULL), XC_OK);
    assert_int_equal(xc_db_doc_count(db, &count), XC_OK);
    assert_int_equal(count, 4);
    unsigned long freq = 9;
    assert_int_equal(xc_db_term_freq(db, "Qd2", &freq), XC_OK);
    assert_int_equal(freq, 1);
    assert_int_equal(xc_db_term_freq(db, "Qd3", &freq), XC_OK);
    assert_int_equal(freq, 0);
    xc_query *q = term("quick");
    expect_ids(db, q, "1,2,4");
    xc_query_free(q);
    xc_db_close(db);
    assert_int_equal(xc_wdb_close(w), XC_OK);
}

static unsigned long reader_count(const char *path) {
    xc_db *db = NULL;
    unsigned long count = 0;
    assert_int_equal(xc_db_open(path, &db, NULL), XC_OK);
    assert_int_equal(xc_db_doc_count(db, &count), XC_OK);
    xc_db_close(db);
    return count;
}

static void add_one(xc_wdb *w, const char *uid) {
    corpus_doc c = CORPUS[0];
    c.uid = uid;
    xc_doc *doc = make_doc(&c);
    assert_int_equal(xc_wdb_replace(w, uid, doc, NULL), XC_OK);
    xc_doc_free(doc);
}

static void test_transactions(void **state) {
    (void)state;
    char path[PATH_MAX];
    new_path(path, sizeof path, "txn");
    xc_wdb *w = NULL;
    unsigned long count = 0;
    int exists = 0;
    assert_int_equal(xc_wdb_open(path, XC_CREATE, &w, NULL), XC_OK);
    add_one(w, "Qa");
    assert_int_equal(xc_wdb_commit(w), XC_OK); /* commit outside a transaction */
    assert_int_equal(reader_count(path), 1);

    /* cancel really drops the changes */
    assert_int_equal(xc_wdb_begin(w), XC_OK);
    assert_int_equal(xc_wdb_begin(w), XC_INVALID_ARGUMENT); /* no nesting */
    assert_true(strlen(xc_wdb_last_error(w)) > 0);
    add_one(w, "Qb");
    add_one(w, "Qc");
    assert_int_equal(xc_wdb_delete(w, "Qa"), XC_OK);
    assert_int_equal(xc_wdb_doc_count(w, &count), XC_OK);
    assert_int_equal(count, 2);
    assert_int_equal(xc_wdb_cancel(w), XC_OK);
    assert_int_equal(xc_wdb_doc_count(w, &count), XC_OK);
    assert_int_equal(count, 1);
    assert_int_equal(xc_wdb_term_exists(w, "Qa", &exists), XC_OK);
    assert_int_equal(exists, 1);
    assert_int_equal(xc_wdb_term_exists(w, "Qb", &exists), XC_OK);
    assert_int_equal(exists, 0);
    assert_int_equal(xc_wdb_cancel(w), XC_INVALID_ARGUMENT); /* no transaction */
    assert_int_equal(xc_wdb_commit(w), XC_OK);
    assert_int_equal(reader_count(path), 1);

    /* commit makes them visible, atomically */
    assert_int_equal(xc_wdb_begin(w), XC_OK);
    add_one(w, "Qb");
    add_one(w, "Qc");
    assert_int_equal(reader_count(path), 1); /* not yet */
    assert_int_equal(xc_wdb_commit(w), XC_OK);
    assert_int_equal(reader_count(path), 3);

    /* closing inside a transaction cancels it */
    assert_int_equal(xc_wdb_begin(w), XC_OK);
    add_one(w, "Qd");
    assert_int_equal(xc_wdb_close(w), XC_OK);
    assert_int_equal(reader_count(path), 3);

    /* closing outside a transaction commits pending changes */
    assert_int_equal(xc_wdb_open(path, XC_OPEN, &w, NULL), XC_OK);
    add_one(w, "Qe");
    assert_int_equal(reader_count(path), 3);
    assert_int_equal(xc_wdb_close(w), XC_OK);
    assert_int_equal(reader_count(path), 4);
}

static void test_metadata(void **state) {
    (void)state;
    char path[PATH_MAX];
    new_path(path, sizeof path, "meta");
    xc_wdb *w = NULL;
    char *v = NULL;
    size_t len = 99;
    assert_int_equal(xc_wdb_open(path, XC_CREATE, &w, NULL), XC_OK);
    assert_int_equal(xc_wdb_set_metadata(w, "schema", "v3", 2), XC_OK);
    static const char bin[] = {'a', '\0', 'b'};
    assert_int_equal(xc_wdb_set_metadata(w, "bin", bin, 3), XC_OK);
    assert_int_equal(xc_wdb_get_metadata(w, "schema", &v, &len), XC_OK);
    assert_string_equal(v, "v3");
    assert_int_equal(len, 2);
    free(v);
    assert_int_equal(xc_wdb_get_metadata(w, "absent", &v, &len), XC_OK);
    assert_string_equal(v, "");
    assert_int_equal(len, 0);
    free(v);
    assert_int_equal(xc_wdb_set_metadata(w, "gone", "x", 1), XC_OK);
    assert_int_equal(xc_wdb_set_metadata(w, "gone", NULL, 0), XC_OK); /* empty = delete */
    assert_int_equal(xc_wdb_close(w), XC_OK);

    xc_db *db = NULL;
    assert_int_equal(xc_db_open(path, &db, NULL), XC_OK);
    assert_int_equal(xc_db_get_metadata(db, "bin", &v, &len), XC_OK);
    assert_int_equal(len, 3);
    assert_memory_equal(v, bin, 3);
    assert_int_equal(v[3], '\0');
    free(v);
    assert_int_equal(xc_db_get_metadata(db, "schema", &v, NULL), XC_OK);
    assert_string_equal(v, "v3");
    free(v);
    assert_int_equal(xc_db_get_metadata(db, "gone", &v, &len), XC_OK);
    assert_int_equal(len, 0);
    free(v);
    assert_int_equal(xc_db_get_metadata(db, "", &v, &len), XC_INVALID_ARGUMENT);
    assert_null(v);
    assert_true(strlen(xc_db_last_error(db)) > 0);
    xc_db_close(db);
}

/* A shard of documents, each given as its Boolean terms ("a b" = terms a and b). */
static void shard_of(const char *path, const char *const *docs, size_t n) {
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(path, XC_CREATE, &w, NULL), XC_OK);
    for (size_t i = 0; i < n; i++) {
        xc_doc *d = NULL;
        assert_int_equal(xc_doc_new(&d), XC_OK);
        char terms[64];
        snprintf(terms, sizeof terms, "%s", docs[i]);
        for (char *t = strtok(terms, " "); t; t = strtok(NULL, " "))
            assert_int_equal(xc_doc_add_boolean_term(d, t, strlen(t)), XC_OK);
        assert_int_equal(xc_wdb_add(w, d, NULL), XC_OK);
        xc_doc_free(d);
    }
    assert_int_equal(xc_wdb_close(w), XC_OK);
}

/* What xc_wdb_prefixed_terms_of / xc_doc_prefixed_terms hand their callback, as text
 * ("docid prefix term;" each), stopping after `stop_after` terms when it is not 0. */
struct term_log {
    char text[256];
    size_t calls, stop_after;
};

static int log_doc_term(void *ctx, xc_docid docid, size_t prefix, const char *term,
                        size_t len) {
    struct term_log *l = ctx;
    size_t used = strlen(l->text);
    snprintf(l->text + used, sizeof l->text - used, "%lu %zu %.*s;", (unsigned long)docid,
             prefix, (int)len, term);
    return l->stop_after && ++l->calls >= l->stop_after;
}

/* xc_doc_prefixed_terms' callback: its termfreq is 0, logged as the docid. */
static int log_term(void *ctx, size_t prefix, const char *term, size_t len,
                    unsigned long termfreq) {
    return log_doc_term(ctx, (xc_docid)termfreq, prefix, term, len);
}

/* xc_wdb_prefixed_terms_of: every document of the unique term, its terms prefix by prefix
 * (in the order of prefixes, each in byte order) with its docid; the callback can stop it;
 * a NULL prefix is refused.  xc_doc_prefixed_terms: the same for one document, docid 0. */
static void test_prefixed_terms_of(void **state) {
    (void)state;
    char path[PATH_MAX];
    new_path(path, sizeof path, "prefixed-terms");
    static const char *const docs[] = {"Q:a P:x L:y P:b", "Q:b P:z", "Q:a P:w"};
    shard_of(path, docs, 3);
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(path, XC_OPEN, &w, NULL), XC_OK);
    const char *prefixes[] = {"P:", "L:"}, *null_prefix[] = {"P:", NULL};
    struct term_log l = {{0}, 0, 0};
    assert_int_equal(xc_wdb_prefixed_terms_of(w, "Q:a", prefixes, 2, log_doc_term, &l), XC_OK);
    assert_string_equal(l.text, "1 0 P:b;1 0 P:x;1 1 L:y;3 0 P:w;");
    l = (struct term_log){{0}, 0, 2};
    assert_int_equal(xc_wdb_prefixed_terms_of(w, "Q:a", prefixes, 2, log_doc_term, &l), XC_OK);
    assert_string_equal(l.text, "1 0 P:b;1 0 P:x;");
    l = (struct term_log){{0}, 0, 0};
    assert_int_equal(xc_wdb_prefixed_terms_of(w, "Q:absent", prefixes, 2, log_doc_term, &l),
                     XC_OK);
    assert_string_equal(l.text, "");
    assert_int_equal(xc_wdb_prefixed_terms_of(w, "Q:a", null_prefix, 2, log_doc_term, &l),
                     XC_INVALID_ARGUMENT);
    assert_true(strlen(xc_wdb_last_error(w)) > 0);
    assert_string_equal(l.text, "");
    assert_int_equal(xc_wdb_close(w), XC_OK);

    xc_doc *d = NULL;
    assert_int_equal(xc_doc_new(&d), XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(d, "L:q", 3), XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(d, "P:m", 3), XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(d, "Z:z", 3), XC_OK);
    assert_int_equal(xc_doc_prefixed_terms(d, prefixes, 2, log_term, &l), XC_OK);
    assert_string_equal(l.text, "0 0 P:m;0 1 L:q;");
    assert_int_equal(xc_doc_prefixed_terms(d, null_prefix, 2, log_term, &l),
                     XC_INVALID_ARGUMENT);
    xc_doc_free(d);
}

/* The two shards of the posting-count tests, searched as one in *db (*sub: the second,
 * open on its own too; both the caller's to close).  Shard a holds "P:x", "P:x L:x", "P:x",
 * "P:y" (combined docids 1, 3, 5, 7), shard b "L:x", "P:x", "P:y L:x" (2, 4, 6). */
static void open_count_shards(const char *tag, xc_db **db, xc_db **sub) {
    char a[PATH_MAX], b[PATH_MAX], name[64];
    snprintf(name, sizeof name, "%s-a", tag);
    new_path(a, sizeof a, name);
    snprintf(name, sizeof name, "%s-b", tag);
    new_path(b, sizeof b, name);
    static const char *const da[] = {"P:x", "P:x L:x", "P:x", "P:y"};
    static const char *const db_[] = {"L:x", "P:x", "P:y L:x"};
    shard_of(a, da, 4);  /* combined docids 1, 3, 5, 7 */
    shard_of(b, db_, 3); /* combined docids 2, 4, 6 */
    assert_int_equal(xc_db_open(a, db, NULL), XC_OK);
    assert_int_equal(xc_db_open(b, sub, NULL), XC_OK);
    assert_int_equal(xc_db_add(*db, *sub), XC_OK);
}

/* xc_db_count_postings: a document of several of the lists counts once, only documents
 * whose bit is set and whose docid is at most `last` count, and two shards searched as one
 * count in the combined docids (shard 0's d is 2d - 1, shard 1's is 2d). */
static void test_count_postings(void **state) {
    (void)state;
    xc_db *db = NULL, *sub = NULL;
    open_count_shards("count", &db, &sub);
    const char *px[] = {"P:x", "L:x"}, *none[] = {"P:absent"};
    const size_t lens[] = {3, 3};
    unsigned long long bits = 0x3eull; /* docids 1..5 */
    unsigned long c = 99;
    assert_int_equal(xc_db_count_postings(db, px, lens, 1, &bits, 6, &c), XC_OK);
    assert_int_equal(c, 4); /* P:x in 1 3 5 4 */
    assert_int_equal(xc_db_count_postings(db, px, lens, 2, &bits, 6, &c), XC_OK);
    assert_int_equal(c, 5); /* P:x or L:x in 1 3 5 4 2 (3 has both) */
    assert_int_equal(xc_db_count_postings(db, px, lens, 2, &bits, 3, &c), XC_OK);
    assert_int_equal(c, 3); /* the same up to docid 3 */
    bits = 0xc0ull; /* docids 6 and 7 */
    assert_int_equal(xc_db_count_postings(db, px + 1, lens, 1, &bits, 7, &c), XC_OK);
    assert_int_equal(c, 1); /* L:x in 2 3 6: 6 */
    assert_int_equal(xc_db_count_postings(db, none, lens, 1, &bits, 7, &c), XC_OK);
    assert_int_equal(c, 0);
    bits = ~0ull; /* one shard alone: its own docids */
    assert_int_equal(xc_db_count_postings(sub, px, lens, 2, &bits, 3, &c), XC_OK);
    assert_int_equal(c, 3);
    assert_int_equal(xc_db_count_postings(db, NULL, lens, 1, &bits, 3, &c), XC_INVALID_ARGUMENT);
    xc_db_close(sub);
    xc_db_close(db);
}

/* xc_db_count_postings_min: a count that reaches `need` (even exactly) is exact, a count that
 * cannot is 0, and the reading really stops early: with the lists' total understated it gives
 * up on a count it would have reached (the caller's total is trusted). */
static void test_count_postings_min(void **state) {
    (void)state;
    xc_db *db = NULL, *sub = NULL;
    open_count_shards("countmin", &db, &sub);
    const char *px[] = {"P:x", "L:x"};
    const size_t lens[] = {3, 3};
    unsigned long long bits = 0x3eull; /* docids 1..5 */
    unsigned long c = 99;
    /* P:x: 4 postings (1 3 5 4), all matching; P:x + L:x: 7 postings, 5 documents match */
    assert_int_equal(xc_db_count_postings_min(db, px, lens, 1, &bits, 6, 4, 0, &c), XC_OK);
    assert_int_equal(c, 4);
    assert_int_equal(xc_db_count_postings_min(db, px, lens, 1, &bits, 6, 4, 4, &c), XC_OK);
    assert_int_equal(c, 4); /* exactly need: kept */
    assert_int_equal(xc_db_count_postings_min(db, px, lens, 1, &bits, 6, 4, 5, &c), XC_OK);
    assert_int_equal(c, 0); /* cannot reach 5 */
    assert_int_equal(xc_db_count_postings_min(db, px, lens, 2, &bits, 6, 7, 5, &c), XC_OK);
    assert_int_equal(c, 5); /* the union, 3 counted once */
    assert_int_equal(xc_db_count_postings_min(db, px, lens, 2, &bits, 6, 7, 6, &c), XC_OK);
    assert_int_equal(c, 0);
    assert_int_equal(xc_db_count_postings_min(db, px, lens, 2, &bits, 3, 7, 3, &c), XC_OK);
    assert_int_equal(c, 3); /* docids up to 3 only: 1 2 3 */
    bits = 0x2ull; /* docid 1 only */
    assert_int_equal(xc_db_count_postings_min(db, px, lens, 1, &bits, 6, 4, 2, &c), XC_OK);
    assert_int_equal(c, 0);
    /* an understated total (2 of P:x's 4): after docid 1, 1 + 1 left < 3, so it stops */
    bits = 0x3eull;
    assert_int_equal(xc_db_count_postings_min(db, px, lens, 1, &bits, 6, 2, 3, &c), XC_OK);
    assert_int_equal(c, 0);
    /* one shard alone, its own docids (1 2 3): P:x 2, L:x 1 3 */
    bits = ~0ull;
    assert_int_equal(xc_db_count_postings_min(sub, px, lens, 2, &bits, 3, 3, 3, &c), XC_OK);
    assert_int_equal(c, 3);
    assert_int_equal(xc_db_count_postings_min(db, px, lens, 1, NULL, 3, 4, 1, &c),
                     XC_INVALID_ARGUMENT);
    xc_db_close(sub);
    xc_db_close(db);
}

/* xc_db_count_keys: several keys counted in one call, each as xc_db_count_postings_min
 * counts it alone, whatever the order of the keys and of their terms (their lists are read
 * in term order), a term shared by two keys, a key stopped below its need beside keys that
 * are not, a key without terms; NULL arguments refused. */
static void test_count_keys(void **state) {
    (void)state;
    xc_db *db = NULL, *sub = NULL;
    open_count_shards("countkeys", &db, &sub);
    const char *px[] = {"P:x"}, *pl[] = {"L:x", "P:x"}, *ly[] = {"P:y", "L:x"},
               *none[] = {"P:absent"}, *nul[] = {NULL};
    const size_t l1[] = {3}, l2[] = {3, 3};
    unsigned long long bits = 0x3eull; /* docids 1..5 */
    xc_key_count k[] = {
        {pl, l2, 2, 7, 5, 99},    /* P:x or L:x in 1..5: 1 2 3 4 5 */
        {px, l1, 1, 4, 0, 99},    /* P:x in 1 3 5 4 */
        {px, l1, 1, 4, 5, 99},    /* cannot reach 5: 0 */
        {ly, l2, 2, 5, 0, 99},    /* P:y (7 6) or L:x (2 3 6), in 1..5: 2 3 */
        {none, l1, 1, 0, 0, 99},  /* no such term */
        {NULL, NULL, 0, 0, 0, 99}, /* no terms */
        {px, l1, 1, 2, 3, 99},    /* an understated total: stops, 0 */
        {pl, l2, 2, 7, 6, 99},    /* the union cannot reach 6: 0 */
    };
    const unsigned long want[] = {5, 4, 0, 2, 0, 0, 0, 0};
    const size_t n = sizeof k / sizeof *k;
    assert_int_equal(xc_db_count_keys(db, k, n, &bits, 6), XC_OK);
    for (size_t i = 0; i < n; i++) {
        unsigned long alone = 98;
        assert_int_equal(k[i].count, want[i]);
        assert_int_equal(xc_db_count_postings_min(db, k[i].terms, k[i].lens, k[i].n, &bits, 6,
                                                  k[i].postings, k[i].need, &alone),
                         XC_OK);
        assert_int_equal(alone, want[i]);
    }
    /* the same keys the other way round: the same counts */
    xc_key_count r[sizeof k / sizeof *k];
    for (size_t i = 0; i < n; i++) {
        r[i] = k[n - 1 - i];
        r[i].count = 99;
    }
    assert_int_equal(xc_db_count_keys(db, r, n, &bits, 6), XC_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(r[i].count, want[n - 1 - i]);
    /* docids up to 3, and one shard alone (its own docids 1 2 3: P:x 2, L:x 1 3) */
    k[0].need = 0;
    assert_int_equal(xc_db_count_keys(db, k, 2, &bits, 3), XC_OK);
    assert_int_equal(k[0].count, 3);
    assert_int_equal(k[1].count, 2);
    bits = ~0ull;
    assert_int_equal(xc_db_count_keys(sub, k, 2, &bits, 3), XC_OK);
    assert_int_equal(k[0].count, 3);
    assert_int_equal(k[1].count, 1);
    assert_int_equal(xc_db_count_keys(db, k, 0, &bits, 3), XC_OK);
    assert_int_equal(xc_db_count_keys(db, NULL, 1, &bits, 3), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_db_count_keys(db, k, 1, NULL, 3), XC_INVALID_ARGUMENT);
    assert_string_equal(xc_db_last_error(db), "xc_db_count_keys: NULL argument (bits)");
    xc_key_count bad[] = {{px, l1, 1, 1, 0, 7}, {nul, l1, 1, 1, 0, 7}};
    assert_int_equal(xc_db_count_keys(db, bad, 2, &bits, 3), XC_INVALID_ARGUMENT);
    /* the message names the function called and the key */
    assert_string_equal(xc_db_last_error(db), "xc_db_count_keys: key 1: NULL term 0");
    assert_int_equal(bad[0].count, 7); /* on failure no count is written */
    bad[1].terms = NULL;
    assert_int_equal(xc_db_count_keys(db, bad, 2, &bits, 3), XC_INVALID_ARGUMENT);
    assert_string_equal(xc_db_last_error(db), "xc_db_count_keys: key 1: NULL terms");
    unsigned long c = 5;
    assert_int_equal(xc_db_count_postings_min(db, px, l1, 1, NULL, 3, 4, 1, &c),
                     XC_INVALID_ARGUMENT);
    assert_string_equal(xc_db_last_error(db), "xc_db_count_postings_min: NULL argument (bits)");
    assert_int_equal(c, 5);
    assert_int_equal(xc_db_count_keys(NULL, k, 1, &bits, 3), XC_INVALID_ARGUMENT);
    xc_db_close(sub);
    xc_db_close(db);
}

static void test_spelling(void **state) {
    (void)state;
    char path[PATH_MAX];
    new_path(path, sizeof path, "spell");
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(path, XC_CREATE, &w, NULL), XC_OK);
    assert_int_equal(xc_wdb_add_spelling(w, "elephant", 3), XC_OK);
    assert_int_equal(xc_wdb_add_spelling(w, "cooperation", 1), XC_OK);
    assert_int_equal(xc_wdb_add_spelling(w, "defence", 2), XC_OK);
    assert_int_equal(xc_wdb_close(w), XC_OK);

    xc_db *db = NULL;
    char *s = NULL;
    assert_int_equal(xc_db_open(path, &db, NULL), XC_OK);
    assert_int_equal(xc_db_spelling_suggestion(db, "elepant", &s), XC_OK);
    assert_string_equal(s, "elephant");
    free(s);
    assert_int_equal(xc_db_spelling_suggestion(db, "coperatoin", &s), XC_OK);
    assert_string_equal(s, "cooperation");
    free(s);
    assert_int_equal(xc_db_spelling_suggestion(db, "defense", &s), XC_OK);
    assert_string_equal(s, "defence");
    free(s);
    assert_int_equal(xc_db_spelling_suggestion(db, "zzzzqqqq", &s), XC_OK);
    assert_string_equal(s, "");
    free(s);
    /* A correctly spelt word has no suggestion. */
    assert_int_equal(xc_db_spelling_suggestion(db, "elephant", &s), XC_OK);
    assert_string_equal(s, "");
    free(s);
    xc_db_close(db);
}

typedef struct term_rec {
    int n;
    int stop_after; /* 0 = never */
    char terms[32][64];
    unsigned long freq[32];
} term_rec;

static int rec_cb(void *ctx, const char *t, size_t len, unsigned long f) {
    term_rec *r = ctx;
    if (r->n < 32 && len < 64) {
        memcpy(r->terms[r->n], t, len);
        r->terms[r->n][len] = '\0';
        r->freq[r->n] = f;
    }
    r->n++;
    return r->stop_after && r->n >= r->stop_after ? 7 : 0;
}

static void test_documents_terms_values_data(void **state) {
    (void)state;
    xc_db *db = open_corpus();
    char *s = NULL;
    size_t len = 0;
    int exists = 0;

    assert_int_equal(xc_db_get_data(db, 3, &s, &len), XC_OK);
    assert_string_equal(s, "doc three");
    assert_int_equal(len, 9);
    free(s);
    assert_int_equal(xc_db_get_value(db, 4, 0, &s, &len), XC_OK);
    assert_string_equal(s, "2019-12-31");
    free(s);
    assert_int_equal(xc_db_get_value(db, 4, 1, &s, NULL), XC_OK);
    assert_string_equal(s, "b");
    free(s);
    assert_int_equal(xc_db_get_value(db, 4, 9, &s, &len), XC_OK); /* unset slot */
    assert_int_equal(len, 0);
    free(s);
    s = (char *)1;
    assert_int_equal(xc_db_get_data(db, 99, &s, &len), XC_NOT_FOUND);
    assert_null(s);
    assert_true(strlen(xc_db_last_error(db)) > 0);
    assert_int_equal(xc_db_get_data(db, 0, &s, &len), XC_NOT_FOUND);
    assert_int_equal(xc_db_get_value(db, 99, 0, &s, &len), XC_NOT_FOUND);
    assert_null(s);

    /* Boolean terms exist but have wdf 0; postings have positions (checked by PHRASE below). */
    assert_int_equal(xc_db_term_exists(db, "Qd5", &exists), XC_OK);
    assert_int_equal(exists, 1);
    assert_int_equal(xc_db_term_exists(db, "Qd9", &exists), XC_OK);
    assert_int_equal(exists, 0);
    term_rec r = {0};
    assert_int_equal(xc_db_termlist(db, 4, "", rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 5); /* Qd4 Tblog brown fox quick */
    assert_string_equal(r.terms[0], "Qd4");
    assert_int_equal(r.freq[0], 0);
    assert_string_equal(r.terms[1], "Tblog");
    assert_int_equal(r.freq[1], 0);
    assert_string_equal(r.terms[3], "fox");
    assert_int_equal(r.freq[3], 3); /* wdfinc 3 */
    assert_string_equal(r.terms[4], "quick");
    assert_int_equal(r.freq[4], 1);
    xc_db_close(db);

    /* Term length limit and empty terms. */
    char path[PATH_MAX];
    new_path(path, sizeof path, "longterm");
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(path, XC_CREATE, &w, NULL), XC_OK);
    char big[300];
    memset(big, 'x', sizeof big);
    xc_doc *doc = NULL;
    assert_int_equal(xc_doc_new(&doc), XC_OK);
    assert_int_equal(xc_doc_add_term(doc, big, sizeof big, 1), XC_OK);
    xc_status st = xc_wdb_add(w, doc, NULL);
    if (st == XC_OK) st = xc_wdb_commit(w);
    assert_int_equal(st, XC_INVALID_ARGUMENT);
    assert_true(strlen(xc_wdb_last_error(w)) > 0);
    xc_doc_free(doc);
    assert_int_equal(xc_doc_new(&doc), XC_OK);
    assert_int_equal(xc_doc_add_term(doc, "", 0, 1), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_doc_add_posting(doc, "", 0, 1, 1), XC_INVALID_ARGUMENT);
    /* Terms are byte strings: embedded NUL is allowed. */
    assert_int_equal(xc_doc_add_term(doc, "a\0b", 3, 2), XC_OK);
    assert_int_equal(xc_doc_add_term(doc, big, 245, 1), XC_OK); /* the maximum */
    xc_docid id = 0;
    assert_int_equal(xc_wdb_add(w, doc, &id), XC_OK);
    xc_doc_free(doc);
    assert_int_equal(xc_wdb_close(w), XC_OK);
    assert_int_equal(xc_db_open(path, &db, NULL), XC_OK);
    memset(&r, 0, sizeof r);
    assert_int_equal(xc_db_termlist(db, id, NULL, rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 2);
    assert_memory_equal(r.terms[0], "a\0b", 3);
    assert_int_equal(r.freq[0], 2);
    xc_db_close(db);
}

static void test_query_ops(void **state) {
    (void)state;
    xc_db *db = open_corpus();
    /* postings: quick {1,2,4}  fox {1,2,4}  brown {1,3,4}  dog {3,5}  jumps {2}
     *           sleeps {3}  lazy {5}  the {1};  Tnews {1,3,5}  Tblog {2,4} */
    expect_op2(db, XC_OP_AND, "quick", "brown", 0, "1,4");
    expect_op2(db, XC_OP_OR, "dog", "jumps", 0, "2,3,5");
    expect_op2(db, XC_OP_AND_NOT, "fox", "brown", 0, "2");
    expect_op2(db, XC_OP_XOR, "quick", "brown", 0, "2,3");
    expect_op2(db, XC_OP_AND_MAYBE, "brown", "quick", 0, "1,3,4");
    expect_op2(db, XC_OP_FILTER, "fox", "Tnews", 0, "1");
    expect_op2(db, XC_OP_FILTER, "dog", "Tnews", 0, "3,5");
    expect_op2(db, XC_OP_SYNONYM, "jumps", "sleeps", 0, "2,3");
    expect_op2(db, XC_OP_MAX, "jumps", "lazy", 0, "2,5");
    /* PHRASE is ordered and adjacent: "quick fox" only in 2, "brown quick" only in 4. */
    expect_op2(db, XC_OP_PHRASE, "quick", "fox", 0, "2");
    expect_op2(db, XC_OP_PHRASE, "brown", "quick", 0, "4");
    expect_op2(db, XC_OP_PHRASE, "quick", "brown", 0, "1");
    /* A wider phrase window lets a word come between: quick _ fox in 1. */
    expect_op2(db, XC_OP_PHRASE, "quick", "fox", 3, "1,2");
    /* NEAR is unordered: quick/brown adjacent in 1 and 4 (any order). */
    expect_op2(db, XC_OP_NEAR, "quick", "brown", 2, "1,4");
    expect_op2(db, XC_OP_NEAR, "fox", "quick", 2, "2");
    expect_op2(db, XC_OP_NEAR, "fox", "quick", 3, "1,2,4");

    /* AND_MAYBE: the optional term only boosts — doc 3 (no "quick") ranks last. */
    {
        xc_query *subs[2] = {term("brown"), term("quick")};
        xc_query *q = NULL;
        char got[128];
        assert_int_equal(xc_query_combine(XC_OP_AND_MAYBE, subs, 2, 0, &q), XC_OK);
        assert_int_equal(run_ids(db, q, 0, got, sizeof got), XC_OK);
        assert_string_equal(got + strlen(got) - 1, "3");
        xc_query_free(q);
        xc_query_free(subs[0]);
        xc_query_free(subs[1]);
    }

    /* ELITE_SET keeps the N best terms: with 1 of {fox, jumps}, the rarer "jumps" wins;
     * with 2 (or 0 = default of 10) it behaves like OR. */
    {
        xc_query *subs[3] = {term("fox"), term("jumps"), term("dog")};
        xc_query *q = NULL;
        assert_int_equal(xc_query_combine(XC_OP_ELITE_SET, subs, 2, 1, &q), XC_OK);
        expect_ids(db, q, "2");
        xc_query_free(q);
        assert_int_equal(xc_query_combine(XC_OP_ELITE_SET, subs, 3, 0, &q), XC_OK);
        expect_ids(db, q, "1,2,3,4,5");
        xc_query_free(q);
        assert_int_equal(xc_query_combine(XC_OP_ELITE_SET, subs, 3, 2, &q), XC_OK);
        char got[128];
        assert_int_equal(run_ids(db, q, 1, got, sizeof got), XC_OK);
        assert_string_not_equal(got, "1,2,3,4,5"); /* one of the three terms dropped */
        xc_query_free(q);
        /* three-way combinations */
        assert_int_equal(xc_query_combine(XC_OP_OR, subs, 3, 0, &q), XC_OK);
        expect_ids(db, q, "1,2,3,4,5");
        xc_query_free(q);
        assert_int_equal(xc_query_combine(XC_OP_AND_NOT, subs, 3, 0, &q), XC_OK);
        expect_ids(db, q, "1,4"); /* fox AND NOT (jumps OR dog) */
        xc_query_free(q);
        for (int i = 0; i < 3; i++) xc_query_free(subs[i]);
    }

    /* Nested: (quick OR dog) AND Tnews. */
    {
        xc_query *or_subs[2] = {term("quick"), term("dog")};
        xc_query *or_q = NULL, *q = NULL;
        assert_int_equal(xc_query_combine(XC_OP_OR, or_subs, 2, 0, &or_q), XC_OK);
        xc_query *and_subs[2] = {or_q, term("Tnews")};
        assert_int_equal(xc_query_combine(XC_OP_AND, and_subs, 2, 0, &q), XC_OK);
        expect_ids(db, q, "1,3,5");
        xc_query_free(q);
        xc_query_free(and_subs[1]);
        xc_query_free(or_q);
        xc_query_free(or_subs[0]);
        xc_query_free(or_subs[1]);
    }

    /* No sub-queries: matches nothing. */
    {
        xc_query *q = NULL;
        assert_int_equal(xc_query_combine(XC_OP_OR, NULL, 0, 0, &q), XC_OK);
        assert_int_equal(xc_query_is_empty(q), 1);
        expect_ids(db, q, "");
        xc_query_free(q);
    }
    /* A term absent from the index. */
    {
        xc_query *q = term("zebra");
        assert_int_equal(xc_query_is_empty(q), 0);
        expect_ids(db, q, "");
        xc_query_free(q);
    }
    xc_db_close(db);
}

static void test_value_range_wildcard_scale(void **state) {
    (void)state;
    xc_db *db = open_corpus();
    xc_query *q = NULL;
    /* dates: 1 2021-01-05, 2 2020-06-01, 3 2022-03-10, 4 2019-12-31, 5 2023-01-01 */
    assert_int_equal(xc_query_value_range(0, "2020-01-01", "2021-12-31", &q), XC_OK);
    expect_ids(db, q, "1,2");
    xc_query_free(q);
    assert_int_equal(xc_query_value_range(0, "2022", NULL, &q), XC_OK);
    expect_ids(db, q, "3,5");
    xc_query_free(q);
    assert_int_equal(xc_query_value_range(0, NULL, "2020", &q), XC_OK);
    expect_ids(db, q, "4");
    xc_query_free(q);
    assert_int_equal(xc_query_value_range(0, NULL, NULL, &q), XC_OK);
    expect_ids(db, q, "1,2,3,4,5");
    xc_query_free(q);
    assert_int_equal(xc_query_value_range(0, "2030", "2040", &q), XC_OK);
    expect_ids(db, q, "");
    xc_query_free(q);
    assert_int_equal(xc_query_value_range(1, "a", "a", &q), XC_OK);
    expect_ids(db, q, "2,3");
    xc_query_free(q);

    /* Wildcards. */
    assert_int_equal(xc_query_wildcard("fo", 0, &q), XC_OK);
    expect_ids(db, q, "1,2,4");
    xc_query_free(q);
    assert_int_equal(xc_query_wildcard("s", 0, &q), XC_OK); /* sleeps */
    expect_ids(db, q, "3");
    xc_query_free(q);
    assert_int_equal(xc_query_wildcard("T", 2, &q), XC_OK); /* Tblog, Tnews: within limit */
    expect_ids(db, q, "1,2,3,4,5");
    xc_query_free(q);
    assert_int_equal(xc_query_wildcard("nomatch", 0, &q), XC_OK);
    expect_ids(db, q, "");
    xc_query_free(q);
    /* Over the limit: XC_INVALID_ARGUMENT at search time. */
    assert_int_equal(xc_query_wildcard("T", 1, &q), XC_OK);
    char got[128];
    assert_int_equal(run_ids(db, q, 1, got, sizeof got), XC_INVALID_ARGUMENT);
    xc_query_free(q);

    /* Scale: same documents, weights multiplied. */
    xc_query *fox = term("fox");
    xc_query *scaled = NULL, *zero = NULL;
    assert_int_equal(xc_query_scale(fox, 2.5, &scaled), XC_OK);
    assert_int_equal(xc_query_scale(fox, 0.0, &zero), XC_OK);
    expect_ids(db, scaled, "1,2,4");
    expect_ids(db, zero, "1,2,4");
    xc_enquire *enq = NULL;
    xc_mset *m1 = NULL, *m2 = NULL, *m3 = NULL;
    assert_int_equal(xc_enquire_new(db, &enq), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, fox), XC_OK);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 0, &m1), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, scaled), XC_OK);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 0, &m2), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, zero), XC_OK);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 0, &m3), XC_OK);
    assert_int_equal(xc_mset_size(m1), 3);
    assert_int_equal(xc_mset_size(m2), 3);
    for (unsigned i = 0; i < 3; i++) {
        xc_hit a, b, c;
        assert_int_equal(xc_mset_get(m1, i, &a), XC_OK);
        assert_int_equal(xc_mset_get(m2, i, &b), XC_OK);
        assert_int_equal(xc_mset_get(m3, i, &c), XC_OK);
        assert_int_equal(a.docid, b.docid);
        assert_true(a.weight > 0);
        assert_true(b.weight > 2.5 * a.weight - 1e-9 && b.weight < 2.5 * a.weight + 1e-9);
        assert_true(c.weight == 0.0);
    }
    xc_mset_free(m1);
    xc_mset_free(m2);
    xc_mset_free(m3);
    xc_enquire_free(enq);
    xc_query_free(scaled);
    xc_query_free(zero);
    xc_query_free(fox);

    /* match_all / match_nothing / empty term */
    assert_int_equal(xc_query_match_all(&q), XC_OK);
    assert_int_equal(xc_query_is_empty(q), 0);
    expect_ids(db, q, "1,2,3,4,5");
    xc_query_free(q);
    assert_int_equal(xc_query_term("", 0, 1, 0, &q), XC_OK);
    expect_ids(db, q, "1,2,3,4,5");
    xc_query_free(q);
    assert_int_equal(xc_query_match_nothing(&q), XC_OK);
    assert_int_equal(xc_query_is_empty(q), 1);
    expect_ids(db, q, "");
    xc_query_free(q);
    xc_db_close(db);
}

static void test_query_describe(void **state) {
    (void)state;
    xc_query *subs[2] = {term("quick"), term("fox")};
    xc_query *q = NULL;
    assert_int_equal(xc_query_combine(XC_OP_PHRASE, subs, 2, 0, &q), XC_OK);
    char *d = xc_query_describe(q);
    assert_non_null(d);
    assert_non_null(strstr(d, "quick"));
    assert_non_null(strstr(d, "fox"));
    assert_non_null(strstr(d, "PHRASE"));
    free(d);
    xc_query_free(q);
    /* Combinators copy: freeing the sub-queries first is fine. */
    assert_int_equal(xc_query_combine(XC_OP_AND, subs, 2, 0, &q), XC_OK);
    xc_query_free(subs[0]);
    xc_query_free(subs[1]);
    d = xc_query_describe(q);
    assert_non_null(strstr(d, "AND"));
    free(d);
    xc_query_free(q);
    /* Term bytes with wqf and position. */
    assert_int_equal(xc_query_term("a\0b", 3, 2, 5, &q), XC_OK);
    d = xc_query_describe(q);
    assert_non_null(d);
    assert_non_null(strstr(d, "#2@5")); /* Xapian writes term#wqf@pos */
    free(d);
    xc_query_free(q);
}

/* weights of the docs in rank order */
static unsigned weighted(xc_db *db, xc_query *q, xc_weighting w, const double *params,
                         size_t np, xc_hit *hits, unsigned max) {
    xc_enquire *enq = NULL;
    xc_mset *ms = NULL;
    assert_int_equal(xc_enquire_new(db, &enq), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, q), XC_OK);
    assert_int_equal(xc_enquire_set_weighting(enq, w, params, np), XC_OK);
    assert_int_equal(xc_enquire_get_mset(enq, 0, max, 0, &ms), XC_OK);
    unsigned n = xc_mset_size(ms);
    for (unsigned i = 0; i < n; i++) {
        assert_int_equal(xc_mset_get(ms, i, &hits[i]), XC_OK);
        hits[i].data = NULL;
    }
    xc_mset_free(ms);
    xc_enquire_free(enq);
    return n;
}

static void test_weightings(void **state) {
    (void)state;
    xc_db *db = open_corpus();
    xc_query *subs[2] = {term("fox"), term("dog")};
    xc_query *q = NULL;
    assert_int_equal(xc_query_combine(XC_OP_OR, subs, 2, 0, &q), XC_OK);
    xc_hit hits[8];

    static const double bm25[] = {1.2, 0, 1, 0.75, 0.5};
    static const double bm25plus[] = {1.2, 0, 1, 0.75, 0.5, 1.0};
    static const double lm[] = {0.0, 2, 2000, -1};
    static const double lm_jm[] = {0.0, 4, 0.7, -1};
    struct {
        xc_weighting w;
        const double *p;
        size_t np;
    } cases[] = {
        {XC_WEIGHT_BM25, NULL, 0},      {XC_WEIGHT_BM25, bm25, 5},
        {XC_WEIGHT_BM25, bm25, 2},      {XC_WEIGHT_BM25PLUS, NULL, 0},
        {XC_WEIGHT_BM25PLUS, bm25plus, 6}, {XC_WEIGHT_DPH, NULL, 0},
        {XC_WEIGHT_LM, NULL, 0},        {XC_WEIGHT_LM, lm, 4},
        {XC_WEIGHT_LM, lm_jm, 3},       {XC_WEIGHT_TFIDF, NULL, 0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        unsigned n = weighted(db, q, cases[c].w, cases[c].p, cases[c].np, hits, 8);
        assert_int_equal(n, 5); /* fox {1,2,4} + dog {3,5} */
        unsigned seen = 0;
        for (unsigned i = 0; i < n; i++) {
            seen |= 1u << hits[i].docid;
            assert_int_equal(hits[i].rank, i);
            if (i) assert_true(hits[i].weight <= hits[i - 1].weight);
        }
        assert_int_equal(seen, 0x3e);
        assert_true(hits[0].weight > 0);
    }
    /* BM25 with wdf 3 in doc 4 ranks doc 4 first among fox docs. */
    unsigned n = weighted(db, subs[0], XC_WEIGHT_BM25, NULL, 0, hits, 8);
    assert_int_equal(n, 3);
    assert_int_equal(hits[0].docid, 4);
    /* BoolWeight: every weight 0, docid order. */
    n = weighted(db, q, XC_WEIGHT_BOOL, NULL, 0, hits, 8);
    assert_int_equal(n, 5);
    for (unsigned i = 0; i < n; i++) {
        assert_true(hits[i].weight == 0.0);
        assert_int_equal(hits[i].docid, i + 1);
    }

    /* Parameter errors. */
    xc_enquire *enq = NULL;
    assert_int_equal(xc_enquire_new(db, &enq), XC_OK);
    assert_int_equal(xc_enquire_set_weighting(enq, XC_WEIGHT_BM25, bm25plus, 6),
                     XC_INVALID_ARGUMENT);
    assert_true(strlen(xc_enquire_last_error(enq)) > 0);
    assert_int_equal(xc_enquire_set_weighting(enq, XC_WEIGHT_DPH, bm25, 1), XC_INVALID_ARGUMENT);
    static const double bad_lm[] = {0.0, 7};
    assert_int_equal(xc_enquire_set_weighting(enq, XC_WEIGHT_LM, bad_lm, 2), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_enquire_set_weighting(enq, (xc_weighting)42, NULL, 0),
                     XC_INVALID_ARGUMENT);
    xc_enquire_free(enq);

    xc_query_free(q);
    xc_query_free(subs[0]);
    xc_query_free(subs[1]);
    xc_db_close(db);
}

static void ordered_ids(xc_enquire *enq, char *buf, size_t size) {
    xc_mset *ms = NULL;
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 10, &ms), XC_OK);
    size_t off = 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < xc_mset_size(ms); i++) {
        xc_hit h;
        assert_int_equal(xc_mset_get(ms, i, &h), XC_OK);
        off += (size_t)snprintf(buf + off, size - off, i ? ",%u" : "%u", h.docid);
    }
    xc_mset_free(ms);
}

static void test_sort_and_collapse(void **state) {
    (void)state;
    xc_db *db = open_corpus();
    xc_query *all = NULL;
    assert_int_equal(xc_query_match_all(&all), XC_OK);
    xc_enquire *enq = NULL;
    char got[128];
    assert_int_equal(xc_enquire_new(db, &enq), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, all), XC_OK);

    /* dates ascending: 4 (2019) 2 (2020) 1 (2021) 3 (2022) 5 (2023) */
    assert_int_equal(xc_enquire_sort_by_value(enq, 0, 0, 0), XC_OK);
    ordered_ids(enq, got, sizeof got);
    assert_string_equal(got, "4,2,1,3,5");
    assert_int_equal(xc_enquire_sort_by_value(enq, 0, 1, 0), XC_OK);
    ordered_ids(enq, got, sizeof got);
    assert_string_equal(got, "5,3,1,2,4");
    /* slot 1 descending, relevance second: c(5) b(1,4) a(2,3) */
    xc_query *fox = term("fox");
    xc_query *subs[2] = {fox, all};
    xc_query *q = NULL;
    assert_int_equal(xc_query_combine(XC_OP_OR, subs, 2, 0, &q), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, q), XC_OK);
    assert_int_equal(xc_enquire_sort_by_value(enq, 1, 1, 1), XC_OK);
    ordered_ids(enq, got, sizeof got);
    /* within "b": doc 4 (fox wdf 3) outranks doc 1; within "a": doc 2 (fox) before doc 3 */
    assert_string_equal(got, "5,4,1,2,3");
    assert_int_equal(xc_enquire_sort_by_value(enq, 1, 0, 1), XC_OK);
    ordered_ids(enq, got, sizeof got);
    assert_string_equal(got, "2,3,4,1,5");
    assert_int_equal(xc_enquire_sort_by_value(enq, 0xFFFFFFFFu, 0, 0), XC_INVALID_ARGUMENT);
    /* back to relevance: fox docs first, doc 4 on top */
    assert_int_equal(xc_enquire_sort_by_relevance(enq), XC_OK);
    ordered_ids(enq, got, sizeof got);
    assert_memory_equal(got, "4,", 2);

    /* collapse on the category: one document per value */
    assert_int_equal(xc_enquire_set_query(enq, all), XC_OK);
    assert_int_equal(xc_enquire_sort_by_value(enq, 0, 0, 0), XC_OK);
    assert_int_equal(xc_enquire_set_collapse_key(enq, 1, 1), XC_OK);
    ordered_ids(enq, got, sizeof got);
    assert_string_equal(got, "4,2,5"); /* earliest of b (4), a (2), c (5) */
    assert_int_equal(xc_enquire_set_collapse_key(enq, 1, 2), XC_OK);
    ordered_ids(enq, got, sizeof got);
    assert_string_equal(got, "4,2,1,3,5");
    assert_int_equal(xc_enquire_set_collapse_key(enq, 1, 1), XC_OK);
    assert_int_equal(xc_enquire_set_collapse_key(enq, 1, 0), XC_OK); /* off */
    ordered_ids(enq, got, sizeof got);
    assert_string_equal(got, "4,2,1,3,5");

    xc_enquire_free(enq);
    xc_query_free(q);
    xc_query_free(fox);
    xc_query_free(all);
    xc_db_close(db);
}

typedef struct hit_rec {
    int n;
    int stop_after;
    xc_docid ids[16];
    unsigned ranks[16];
    char data[16][32];
} hit_rec;

static int hit_rec_cb(void *ctx, const xc_hit *hit) {
    hit_rec *r = ctx;
    if (r->n < 16) {
        r->ids[r->n] = hit->docid;
        r->ranks[r->n] = hit->rank;
        size_t l = hit->data_len < 31 ? hit->data_len : 31;
        memcpy(r->data[r->n], hit->data, l);
        r->data[r->n][l] = '\0';
    }
    r->n++;
    return r->stop_after && r->n >= r->stop_after;
}

static void test_mset_access(void **state) {
    (void)state;
    xc_db *db = open_corpus();
    xc_query *all = NULL;
    assert_int_equal(xc_query_match_all(&all), XC_OK);
    xc_enquire *enq = NULL;
    assert_int_equal(xc_enquire_new(db, &enq), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, all), XC_OK);
    assert_int_equal(xc_enquire_sort_by_value(enq, 0, 0, 0), XC_OK); /* 4,2,1,3,5 */

    /* A page: hits [1, 3) of the whole list. */
    xc_mset *ms = NULL;
    assert_int_equal(xc_enquire_get_mset(enq, 1, 2, 5, &ms), XC_OK);
    assert_int_equal(xc_mset_size(ms), 2);
    assert_int_equal(xc_mset_matches_estimated(ms), 5);
    assert_int_equal(xc_mset_matches_lower_bound(ms), 5);
    assert_int_equal(xc_mset_matches_upper_bound(ms), 5);
    xc_hit hit;
    assert_int_equal(xc_mset_get(ms, 0, &hit), XC_OK);
    assert_int_equal(hit.docid, 2);
    assert_int_equal(hit.rank, 1);
    assert_int_equal(hit.data_len, strlen("doc two"));
    assert_memory_equal(hit.data, "doc two", hit.data_len);
    assert_int_equal(hit.data[hit.data_len], '\0');
    assert_int_equal(xc_mset_get(ms, 1, &hit), XC_OK);
    assert_int_equal(hit.docid, 1);
    assert_int_equal(hit.rank, 2);
    assert_string_equal(hit.data, "doc one");
    assert_int_equal(xc_mset_get(ms, 2, &hit), XC_INVALID_ARGUMENT); /* out of range */
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xc_mset_get_value(ms, 1, 0, &v, &len), XC_OK);
    assert_string_equal(v, "2021-01-05");
    assert_int_equal(len, 10);
    free(v);
    assert_int_equal(xc_mset_get_value(ms, 0, 1, &v, NULL), XC_OK);
    assert_string_equal(v, "a");
    free(v);
    v = (char *)1;
    assert_int_equal(xc_mset_get_value(ms, 5, 0, &v, &len), XC_INVALID_ARGUMENT);
    assert_null(v);

    hit_rec r = {0};
    assert_int_equal(xc_mset_foreach(ms, hit_rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.ids[0], 2);
    assert_int_equal(r.ranks[1], 2);
    assert_string_equal(r.data[1], "doc one");
    xc_mset_free(ms);

    /* Whole list, foreach stops early when the callback says so. */
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 5, &ms), XC_OK);
    memset(&r, 0, sizeof r);
    assert_int_equal(xc_mset_foreach(ms, hit_rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 5);
    assert_string_equal(r.data[0], "doc four");
    assert_string_equal(r.data[4], "doc five");
    memset(&r, 0, sizeof r);
    r.stop_after = 2;
    assert_int_equal(xc_mset_foreach(ms, hit_rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 2);
    /* docids only: same order, no data fetched */
    hit_rec ids = {0};
    assert_int_equal(xc_mset_foreach_docid(ms, hit_rec_cb, &ids), XC_OK);
    assert_int_equal(ids.n, 5);
    assert_int_equal(ids.ids[0], r.ids[0]); /* r stopped after the first two hits */
    assert_int_equal(ids.ids[1], r.ids[1]);
    for (unsigned i = 0; i < 5; i++)
        assert_string_equal(ids.data[i], "");
    assert_int_equal(xc_mset_foreach_docid(NULL, hit_rec_cb, &ids), XC_INVALID_ARGUMENT);
    assert_int_equal(xc_mset_foreach_docid(ms, NULL, &ids), XC_INVALID_ARGUMENT);
    xc_mset_free(ms);

    /* Percentages on a relevance search: the top hit is 100%. */
    xc_query *q = term("fox");
    assert_int_equal(xc_enquire_set_query(enq, q), XC_OK);
    assert_int_equal(xc_enquire_sort_by_relevance(enq), XC_OK);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 0, &ms), XC_OK);
    assert_int_equal(xc_mset_get(ms, 0, &hit), XC_OK);
    assert_int_equal(hit.percent, 100);
    assert_true(hit.weight > 0);
    xc_mset_free(ms);
    /* A page past the end is empty. */
    assert_int_equal(xc_enquire_get_mset(enq, 10, 10, 0, &ms), XC_OK);
    assert_int_equal(xc_mset_size(ms), 0);
    assert_int_equal(xc_mset_matches_estimated(ms), 3);
    xc_mset_free(ms);
    xc_query_free(q);
    xc_enquire_free(enq);
    xc_query_free(all);
    xc_db_close(db);
}

static void test_freqs_avlength(void **state) {
    (void)state;
    xc_db *db = open_corpus();
    unsigned long f = 0;
    double av = 0;
    assert_int_equal(xc_db_doc_count(db, &f), XC_OK);
    assert_int_equal(f, 5);
    assert_int_equal(xc_db_term_freq(db, "fox", &f), XC_OK);
    assert_int_equal(f, 3);
    assert_int_equal(xc_db_collection_freq(db, "fox", &f), XC_OK);
    assert_int_equal(f, 5); /* 1 + 1 + 3 */
    assert_int_equal(xc_db_term_freq(db, "Tnews", &f), XC_OK);
    assert_int_equal(f, 3);
    assert_int_equal(xc_db_collection_freq(db, "Tnews", &f), XC_OK);
    assert_int_equal(f, 0); /* boolean terms have wdf 0 */
    assert_int_equal(xc_db_term_freq(db, "zebra", &f), XC_OK);
    assert_int_equal(f, 0);
    /* lengths: 4, 3, 3, 5, 2 -> 17 / 5 */
    assert_int_equal(xc_db_avlength(db, &av), XC_OK);
    assert_true(av > 3.4 - 1e-9 && av < 3.4 + 1e-9);
    xc_db_close(db);
}

static void test_allterms_termlist(void **state) {
    (void)state;
    xc_db *db = open_corpus();
    term_rec r = {0};
    assert_int_equal(xc_db_allterms(db, "T", rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.terms[0], "Tblog");
    assert_int_equal(r.freq[0], 2);
    assert_string_equal(r.terms[1], "Tnews");
    assert_int_equal(r.freq[1], 3);

    memset(&r, 0, sizeof r);
    assert_int_equal(xc_db_allterms(db, "Q", rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 5);
    assert_string_equal(r.terms[4], "Qd5");
    assert_int_equal(r.freq[4], 1);

    /* every term: Q*5 T*2 brown dog fox jumps lazy quick sleeps the */
    memset(&r, 0, sizeof r);
    assert_int_equal(xc_db_allterms(db, NULL, rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 15);
    assert_string_equal(r.terms[7], "brown");
    assert_int_equal(r.freq[7], 3);
    assert_string_equal(r.terms[14], "the");
    int n = 0;
    assert_int_equal(xc_db_allterms(db, "", count_cb, &n), XC_OK);
    assert_int_equal(n, 15);

    /* early stop */
    memset(&r, 0, sizeof r);
    r.stop_after = 3;
    assert_int_equal(xc_db_allterms(db, "", rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 3);

    memset(&r, 0, sizeof r);
    assert_int_equal(xc_db_allterms(db, "zz", rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 0);

    /* termlist with prefixes: doc 1 = Qd1 Tnews brown fox quick the */
    memset(&r, 0, sizeof r);
    assert_int_equal(xc_db_termlist(db, 1, "T", rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.terms[0], "Tnews");
    assert_int_equal(r.freq[0], 0);
    memset(&r, 0, sizeof r);
    assert_int_equal(xc_db_termlist(db, 1, "", rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 6);
    assert_string_equal(r.terms[5], "the");
    memset(&r, 0, sizeof r);
    assert_int_equal(xc_db_termlist(db, 1, "f", rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.terms[0], "fox");
    assert_int_equal(r.freq[0], 1);
    memset(&r, 0, sizeof r);
    assert_int_equal(xc_db_termlist(db, 4, "fox", rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.freq[0], 3);
    memset(&r, 0, sizeof r);
    assert_int_equal(xc_db_termlist(db, 1, "a", rec_cb, &r), XC_OK); /* between terms */
    assert_int_equal(r.n, 0);
    memset(&r, 0, sizeof r);
    assert_int_equal(xc_db_termlist(db, 1, "zzz", rec_cb, &r), XC_OK); /* past the end */
    assert_int_equal(r.n, 0);
    memset(&r, 0, sizeof r);
    r.stop_after = 2;
    assert_int_equal(xc_db_termlist(db, 1, NULL, rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 2);
    memset(&r, 0, sizeof r);
    assert_int_equal(xc_db_termlist(db, 42, "", rec_cb, &r), XC_NOT_FOUND);
    assert_int_equal(r.n, 0);
    assert_int_equal(xc_db_termlist(db, 0, "", rec_cb, &r), XC_NOT_FOUND);
    xc_db_close(db);
}

static void test_db_reopen(void **state) {
    (void)state;
    char path[PATH_MAX];
    new_path(path, sizeof path, "reopen");
    build_small(path, "alpha", "A", 2);
    xc_db *db = NULL;
    unsigned long count = 0;
    assert_int_equal(xc_db_open(path, &db, NULL), XC_OK);
    assert_int_equal(xc_db_doc_count(db, &count), XC_OK);
    assert_int_equal(count, 2);
    build_small(path, "alpha", "A", 3); /* appends and commits */
    assert_int_equal(xc_db_doc_count(db, &count), XC_OK);
    assert_int_equal(count, 2); /* still the old snapshot */
    assert_int_equal(xc_db_reopen(db), XC_OK);
    assert_int_equal(xc_db_doc_count(db, &count), XC_OK);
    assert_int_equal(count, 5);
    assert_int_equal(xc_db_reopen(db), XC_OK); /* nothing new: fine */
    xc_db_close(db);
}

static void make_ab(char *a, char *b, size_t size) {
    new_path(a, size, "shardA");
    new_path(b, size, "shardB");
    build_small(a, "alpha", "A", 2);
    build_small(b, "beta", "B", 3);
}

static void check_ab(xc_db *db, int renumbered) {
    unsigned long count = 0;
    assert_int_equal(xc_db_doc_count(db, &count), XC_OK);
    assert_int_equal(count, 5);
    unsigned long f = 0;
    assert_int_equal(xc_db_term_freq(db, "shared", &f), XC_OK);
    assert_int_equal(f, 5);
    assert_int_equal(xc_db_term_freq(db, "beta", &f), XC_OK);
    assert_int_equal(f, 3);
    /* Searched as one, shard docids interleave: combined = (local - 1) * 2 + shard + 1, so
     * A1 A2 -> 1 3 and B1 B2 B3 -> 2 4 6 (5 is a hole).  Compaction renumbers: 1..5. */
    xc_query *q = term("shared");
    expect_ids(db, q, renumbered ? "1,2,3,4,5" : "1,2,3,4,6");
    xc_query_free(q);
    const char *want_inter[] = {"A1", "B1", "A2", "B2", NULL, "B3"};
    const char *want_seq[] = {"A1", "A2", "B1", "B2", "B3"};
    for (unsigned id = 1; id <= 6; id++) {
        const char *want = renumbered ? (id <= 5 ? want_seq[id - 1] : NULL) : want_inter[id - 1];
        char *d = NULL;
        if (want) {
            assert_int_equal(xc_db_get_data(db, id, &d, NULL), XC_OK);
            assert_string_equal(d, want);
            free(d);
        } else {
            assert_int_equal(xc_db_get_data(db, id, &d, NULL), XC_NOT_FOUND);
            assert_null(d);
        }
    }
    q = term("alpha");
    expect_ids(db, q, renumbered ? "1,2" : "1,3");
    xc_query_free(q);
    q = term("beta");
    expect_ids(db, q, renumbered ? "3,4,5" : "2,4,6");
    xc_query_free(q);
}

static void test_multi_db_and_stub(void **state) {
    (void)state;
    char a[PATH_MAX], b[PATH_MAX];
    make_ab(a, b, sizeof a);

    xc_db *all = NULL, *da = NULL, *dbb = NULL;
    unsigned long count = 1;
    assert_int_equal(xc_db_new(&all), XC_OK);
    assert_int_equal(xc_db_doc_count(all, &count), XC_OK);
    assert_int_equal(count, 0);
    assert_int_equal(xc_db_open(a, &da, NULL), XC_OK);
    assert_int_equal(xc_db_open(b, &dbb, NULL), XC_OK);
    assert_int_equal(xc_db_add(all, da), XC_OK);
    assert_int_equal(xc_db_add(all, dbb), XC_OK);
    xc_db_close(da); /* the combined database keeps working */
    xc_db_close(dbb);
    check_ab(all, 0);
    assert_int_equal(xc_db_reopen(all), XC_OK);
    check_ab(all, 0);

    /* combining combined databases */
    xc_db *twice = NULL;
    assert_int_equal(xc_db_new(&twice), XC_OK);
    assert_int_equal(xc_db_add(twice, all), XC_OK);
    assert_int_equal(xc_db_add(twice, all), XC_OK);
    assert_int_equal(xc_db_doc_count(twice, &count), XC_OK);
    assert_int_equal(count, 10);
    xc_db_close(twice);
    xc_db_close(all);

    /* A stub file listing both. */
    char stub[PATH_MAX], content[2 * PATH_MAX + 32];
    new_path(stub, sizeof stub, "stub");
    int n = snprintf(content, sizeof content, "auto %s\nauto %s\n", a, b);
    write_file(stub, content, (size_t)n);
    xc_db *sdb = NULL;
    char *err = NULL;
    assert_int_equal(xc_db_open(stub, &sdb, &err), XC_OK);
    assert_null(err);
    check_ab(sdb, 0);
    xc_db_close(sdb);
}

/* ---------------------------------------------------------------------------------------- */
/* Remote                                                                                    */

static unsigned free_port(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = 0;
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t sl = sizeof sa;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

static int try_connect(unsigned port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons((uint16_t)port);
    int ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    close(fd);
    return ok;
}

static void test_remote_tcp(void **state) {
    (void)state;
    if (!have_program("xapian-tcpsrv")) {
        skip();
        return;
    }
    unsigned port = free_port();
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%u", port);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* Own process group: on SIGTERM xapian-tcpsrv signals its whole group (kill(0, ...)),
         * which must not include this test. */
        setpgid(0, 0);
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, 1);
            dup2(devnull, 2);
        }
        execlp("xapian-tcpsrv", "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1",
               "--port", portstr, g_corpus, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid); /* also from the parent, so no window where the group is shared */
    /* Wait until it accepts (at most ~5 s). */
    int up = 0;
    for (int i = 0; i < 100 && !up; i++) {
        int wst;
        if (waitpid(pid, &wst, WNOHANG) == pid) break; /* died */
        up = try_connect(port);
        if (!up) usleep(50000);
    }
    if (!up) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        fail_msg("xapian-tcpsrv did not start on port %u", port);
    }

    xc_db *db = NULL;
    char *err = NULL;
    xc_status st = xc_db_open_tcp("127.0.0.1", port, 5000, 2000, &db, &err);
    if (st == XC_OK) {
        unsigned long count = 0;
        st = xc_db_doc_count(db, &count);
        if (st == XC_OK && count != 5) st = XC_INTERNAL;
        xc_query *q = term("fox");
        char got[128];
        if (st == XC_OK && run_ids(db, q, 1, got, sizeof got) == XC_OK &&
            strcmp(got, "1,2,4") != 0)
            st = XC_INTERNAL;
        xc_query_free(q);
        char *d = NULL;
        if (st == XC_OK) {
            st = xc_db_get_data(db, 2, &d, NULL);
            if (st == XC_OK && strcmp(d, "doc two") != 0) st = XC_INTERNAL;
            free(d);
        }
        /* xc_db_count_keys on a remote shard: the counts of a local one ("fox": 1 2 4;
         * "dog" alone, then with a need it cannot reach) */
        const char *fox[] = {"fox"}, *dog[] = {"dog"};
        const size_t l3[] = {3};
        unsigned long long all = ~0ull;
        xc_key_count kr[] = {{fox, l3, 1, 3, 0, 99}, {dog, l3, 1, 5, 0, 99},
                             {dog, l3, 1, 5, 6, 99}};
        if (st == XC_OK) st = xc_db_count_keys(db, kr, 3, &all, 5);
        xc_db *mix = NULL, *local = open_corpus();
        xc_key_count kl[] = {{fox, l3, 1, 3, 0, 98}, {dog, l3, 1, 5, 0, 98},
                             {dog, l3, 1, 5, 6, 98}};
        assert_int_equal(xc_db_count_keys(local, kl, 3, &all, 5), XC_OK);
        if (st == XC_OK && (kr[0].count != 3 || kr[1].count != kl[1].count ||
                            kr[2].count != 0 || kl[2].count != 0 || kl[0].count != 3))
            st = XC_INTERNAL;
        /* a remote shard combined with a local one */
        if (st == XC_OK) {
            assert_int_equal(xc_db_new(&mix), XC_OK);
            assert_int_equal(xc_db_add(mix, db), XC_OK);
            assert_int_equal(xc_db_add(mix, local), XC_OK);
            if (xc_db_doc_count(mix, &count) != XC_OK || count != 10) st = XC_INTERNAL;
            /* shard by shard, the remote one too: fox in 3 documents of each */
            kr[0].count = 99;
            if (st == XC_OK) st = xc_db_count_keys(mix, kr, 1, &all, 10);
            if (st == XC_OK && kr[0].count != 6) st = XC_INTERNAL;
            xc_db_close(mix);
        }
        xc_db_close(local);
        xc_db_close(db);
    }
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    if (st != XC_OK) fail_msg("remote tcp: %s (%s)", xc_status_to_string(st), err ? err : "");
    assert_null(err);
}

static void test_remote_prog(void **state) {
    (void)state;
    if (!have_program("xapian-progsrv")) {
        skip();
        return;
    }
    xc_db *db = NULL;
    char *err = NULL;
    assert_int_equal(xc_db_open_prog("xapian-progsrv", g_corpus, 10000, &db, &err), XC_OK);
    assert_null(err);
    unsigned long count = 0;
    assert_int_equal(xc_db_doc_count(db, &count), XC_OK);
    assert_int_equal(count, 5);
    xc_query *subs[2] = {term("brown"), term("quick")};
    xc_query *q = NULL;
    assert_int_equal(xc_query_combine(XC_OP_PHRASE, subs, 2, 0, &q), XC_OK);
    expect_ids(db, q, "4");
    xc_query_free(q);
    xc_query_free(subs[0]);
    xc_query_free(subs[1]);
    term_rec r = {0};
    assert_int_equal(xc_db_allterms(db, "T", rec_cb, &r), XC_OK);
    assert_int_equal(r.n, 2);
    xc_db_close(db);

    /* A program that does not speak the protocol. */
    db = (xc_db *)1;
    xc_status st = xc_db_open_prog("true", "", 2000, &db, &err);
    assert_int_equal(st, XC_NETWORK);
    assert_null(db);
    assert_non_null(err);
    free(err);
}

static void test_tcp_closed_port(void **state) {
    (void)state;
    unsigned port = free_port(); /* bound then released: nothing listens there */
    xc_db *db = (xc_db *)1;
    char *err = NULL;
    double t0 = now_s();
    xc_status st = xc_db_open_tcp("127.0.0.1", port, 0, 0, &db, &err);
    double dt = now_s() - t0;
    assert_int_equal(st, XC_NETWORK);
    assert_null(db);
    assert_non_null(err);
    assert_true(strlen(err) > 0);
    assert_non_null(strstr(err, "refused")); /* the system's reason is in the message */
    assert_true(dt < 3.0);
    free(err);
}

static void test_compact(void **state) {
    (void)state;
    char a[PATH_MAX], b[PATH_MAX], dest[PATH_MAX];
    make_ab(a, b, sizeof a);
    new_path(dest, sizeof dest, "compacted");
    const char *srcs[2] = {a, b};
    char *err = NULL;
    assert_int_equal(xc_compact(srcs, 2, dest, &err), XC_OK);
    assert_null(err);
    xc_db *db = NULL;
    assert_int_equal(xc_db_open(dest, &db, NULL), XC_OK);
    check_ab(db, 1);
    xc_db_close(db);
    /* the sources are untouched */
    assert_int_equal(reader_count(a), 2);
    assert_int_equal(reader_count(b), 3);

    /* A single source (the corpus) keeps its docids and data. */
    char dest2[PATH_MAX];
    new_path(dest2, sizeof dest2, "compacted1");
    const char *one[1] = {g_corpus};
    assert_int_equal(xc_compact(one, 1, dest2, NULL), XC_OK);
    assert_int_equal(xc_db_open(dest2, &db, NULL), XC_OK);
    xc_query *subs[2] = {term("quick"), term("fox")};
    xc_query *q = NULL;
    assert_int_equal(xc_query_combine(XC_OP_PHRASE, subs, 2, 0, &q), XC_OK);
    expect_ids(db, q, "2");
    xc_query_free(q);
    xc_query_free(subs[0]);
    xc_query_free(subs[1]);
    xc_db_close(db);

    /* A missing source. */
    char missing[PATH_MAX], dest3[PATH_MAX];
    new_path(missing, sizeof missing, "nosuch");
    new_path(dest3, sizeof dest3, "compacted3");
    const char *bad[2] = {a, missing};
    assert_int_equal(xc_compact(bad, 2, dest3, &err), XC_NOT_FOUND);
    assert_non_null(err);
    assert_non_null(strstr(err, missing));
    free(err);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_strings),
        cmocka_unit_test(test_wdb_create_open_reopen),
        cmocka_unit_test(test_db_open_errors),
        cmocka_unit_test(test_two_writers_locked),
        cmocka_unit_test(test_corrupt_index),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_replace_delete),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_count_postings),
        cmocka_unit_test(test_count_postings_min),
        cmocka_unit_test(test_count_keys),
        cmocka_unit_test(test_prefixed_terms_of),
        cmocka_unit_test(test_spelling),
        cmocka_unit_test(test_documents_terms_values_data),
        cmocka_unit_test(test_query_ops),
        cmocka_unit_test(test_value_range_wildcard_scale),
        cmocka_unit_test(test_query_describe),
        cmocka_unit_test(test_weightings),
        cmocka_unit_test(test_sort_and_collapse),
        cmocka_unit_test(test_mset_access),
        cmocka_unit_test(test_freqs_avlength),
        cmocka_unit_test(test_allterms_termlist),
        cmocka_unit_test(test_db_reopen),
        cmocka_unit_test(test_multi_db_and_stub),
        cmocka_unit_test(test_remote_tcp),
        cmocka_unit_test(test_remote_prog),
        cmocka_unit_test(test_tcp_closed_port),
        cmocka_unit_test(test_compact),
    };
    return cmocka_run_group_tests_name("xapian_c", tests, group_setup, group_teardown);
}
