/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_facets.c — entity facets (lib/facets.c) through the public API: a searcher that stays
 * open while a writer adds and deletes documents must count from the revision it has
 * reopened to, not from what it cached before (the dictionary, each key's posting list, the
 * last docid), whichever way it counts (the walk over cached posting lists on a local index,
 * or Xapian's value-count spies), and both ways must agree with the entity filter, whatever
 * the shape of the query (the match bitmap comes from posting lists or from the matcher).
 * The same over the two shards served by xapian-tcpsrv: there the match set comes shard by
 * shard through the matcher, as the documents that do NOT match when they are fewer (counts
 * are then a key's documents less those), and each key's documents are cached the same way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "byline.h"
#include "dict_snapshot.h" /* the damage test writes shards' metadata itself */
#include "xapian_c.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Add documents first..last-1, each a short news item naming Angela Merkel (and, every other
 * one, Emmanuel Macron), and commit. */
static void add_docs(bl_index *ix, int first, int last)
{
    char id[32], text[512];
    bl_document d;
    bl_document_init(&d);
    for (int i = first; i < last; i++) {
        snprintf(id, sizeof id, "news-%d", i);
        snprintf(text, sizeof text,
                 "Summit report %d\n\nGerman Chancellor Angela Merkel met reporters in Berlin "
                 "on day %d of the summit.%s Merkel said the talks would go on.\n",
                 i, i, i % 2 ? " French President Emmanuel Macron joined her." : "");
        d.id = id;
        d.text = text;
        d.text_len = strlen(text);
        assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
    }
    assert_int_equal(bl_index_commit(ix), BL_OK);
}

/* The count of the facet (any type) whose key contains `word`, 0 if none; *key its key;
 * every facet listed, as "type:key=count;...", in all (allsize bytes). */
static unsigned long facet_count(bl_searcher *s, const char *query, const char *word,
                                 char *key, size_t keysize, unsigned long *total,
                                 char *all, size_t allsize)
{
    bl_search_options o;
    bl_search_options_init(&o);
    o.no_snippets = 1;
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        o.facets[t] = 20;
    bl_results *r = NULL;
    assert_int_equal(bl_search(s, query, &o, &r, NULL), BL_OK);
    unsigned long c = 0;
    size_t used = 0;
    all[0] = '\0';
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        for (size_t i = 0; i < bl_results_facet_size(r, t); i++) {
            const bl_facet *f = bl_results_facet(r, t, i);
            int w = snprintf(all + used, allsize - used, "%s:%s=%lu %s;",
                             bl_facet_type_name(t), f->key, f->count, f->name);
            assert_true(w > 0 && (size_t)w < allsize - used);
            used += (size_t)w;
            if (strstr(f->key, word) && !c) {
                c = f->count;
                snprintf(key, keysize, "%s:\"%s\"", bl_facet_type_name(t), f->key);
            }
        }
    assert_true(bl_results_total_exact(r));
    *total = bl_results_total(r);
    bl_results_free(r);
    return c;
}

/* What the entity filter finds: the documents of the query and the facet's key. */
static unsigned long filter_count(bl_searcher *s, const char *query, const char *key)
{
    char q[256];
    snprintf(q, sizeof q, "(%s) %s", query, key);
    bl_search_options o;
    bl_search_options_init(&o);
    o.no_snippets = 1;
    o.exact_total = 1;
    bl_results *r = NULL;
    assert_int_equal(bl_search(s, q, &o, &r, NULL), BL_OK);
    unsigned long n = bl_results_total(r);
    bl_results_free(r);
    return n;
}

/* Both ways of counting (BYLINE_FACET_BOUND_MIN=1: the walk for every match; a huge value:
 * the spies) give `want` for the facet of `word` among the matches of `query`, equal to the
 * filter's count. */
static void expect_query_counts(bl_searcher *s, const char *query, const char *word,
                                unsigned long want, unsigned long matches)
{
    /* the walk twice: the first of a revision counts keys straight from their posting lists,
     * later ones from the lists they keep; then the spies */
    const char *ways[] = {"1", "1000000000", "1"};
    char first[2048] = "", all[2048];
    for (size_t w = 0; w < sizeof ways / sizeof *ways; w++) {
        char key[128] = "";
        unsigned long total = 0;
        assert_int_equal(setenv("BYLINE_FACET_BOUND_MIN", ways[w], 1), 0);
        unsigned long c = facet_count(s, query, word, key, sizeof key, &total, all, sizeof all);
        if (w == 0)
            snprintf(first, sizeof first, "%s", all);
        else if (strcmp(all, first)) /* every facet listed, not only `word`'s */
            fprintf(stderr, "%s: the walk listed %s\nBYLINE_FACET_BOUND_MIN=%s: %s\n", query,
                    first, ways[w], all);
        assert_string_equal(all, first);
        if (c != want || total != matches)
            fprintf(stderr, "BYLINE_FACET_BOUND_MIN=%s: %s counted %lu of %lu (want %lu of %lu)\n",
                    ways[w], word, c, total, want, matches);
        assert_int_equal(c, want);
        assert_int_equal(total, matches);
        assert_int_equal(filter_count(s, query, key), want);
    }
    unsetenv("BYLINE_FACET_BOUND_MIN");
}

static void expect_counts(bl_searcher *s, const char *word, unsigned long want,
                          unsigned long matches)
{
    expect_query_counts(s, "summit", word, want, matches);
}

/* ---- two shards served by xapian-tcpsrv ---- */

typedef struct server {
    pid_t pid;
    unsigned port;
} server;

/* A port nobody listens on now (the kernel's pick). */
static unsigned free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

static int port_open(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

/* Serve shard `path` with xapian-tcpsrv in its own session (it kills its process group when
 * told to stop); 0 if it did not come up. */
static int server_start(server *sv, const char *path)
{
    char port[16];
    sv->port = free_port();
    snprintf(port, sizeof port, "%u", sv->port);
    sv->pid = fork();
    assert_true(sv->pid >= 0);
    if (sv->pid == 0) {
        setsid();
        /* its output is not the test's (and the probes' broken pipes are not news) */
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            _exit(126);
        execlp("xapian-tcpsrv", "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1",
               "--port", port, path, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) { /* up to 10 s */
        if (port_open(sv->port))
            return 1;
        if (waitpid(sv->pid, NULL, WNOHANG) == sv->pid)
            return 0;
        nanosleep(&(struct timespec){0, 50000000}, NULL);
    }
    return 0;
}

/* A fresh index of two shards in a new directory: dir (a mkdtemp template, filled in) holds
 * it at db (db_size bytes); the caller closes it and calls remove_dir(dir). */
static bl_index *open_two_shards(char *dir, char *db, size_t db_size)
{
    assert_non_null(mkdtemp(dir));
    snprintf(db, db_size, "%s/db", dir);
    bl_index_options io;
    bl_index_options_init(&io);
    io.shards = 2; /* docids of the combined database interleave */
    bl_index *ix = NULL;
    assert_int_equal(bl_index_open(db, &io, &ix, NULL), BL_OK);
    return ix;
}

static void remove_dir(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* Where a searcher looks: the index db itself, or (sv != NULL) two xapian-tcpsrv started on
 * its two shards (the test is skipped when they do not start). */
typedef struct target {
    const char *where[2];
    size_t n;
    char shard[2][96], loc[2][64];
} target;

/* A searcher over the index db or its two servers, their names kept in t (the caller closes
 * the searcher). */
static bl_searcher *open_target(target *t, const char *db, server *sv)
{
    t->where[0] = db;
    t->n = 1;
    for (int i = 0; sv && i < 2; i++) {
        snprintf(t->shard[i], sizeof t->shard[i], "%s/shards/%02d", db, i);
        if (!server_start(&sv[i], t->shard[i])) {
            fprintf(stderr, "xapian-tcpsrv did not start: remote facets not tested\n");
            skip();
        }
        snprintf(t->loc[i], sizeof t->loc[i], "tcp://127.0.0.1:%u", sv[i].port);
        t->where[i] = t->loc[i];
        t->n = 2;
    }
    bl_searcher *s = NULL;
    assert_int_equal(bl_searcher_open(t->where, t->n, &s, NULL), BL_OK);
    return s;
}

static void server_stop(server *sv)
{
    if (sv->pid > 0) {
        kill(sv->pid, SIGTERM);
        waitpid(sv->pid, NULL, 0);
        sv->pid = 0;
    }
}

/* The servers of the remote test, stopped by the teardown even when an assertion failed. */
static int servers_new(void **state)
{
    *state = calloc(2, sizeof(server));
    return *state ? 0 : -1;
}

static int servers_stop(void **state)
{
    server *sv = *state;
    server_stop(&sv[0]);
    server_stop(&sv[1]);
    free(sv);
    return 0;
}

/* sv: NULL to search the index locally, else two servers to start on its shards. */
static void counts_follow_reopen(server *sv)
{
    char dir[] = "/tmp/byline-test-facets-XXXXXX", db[64];
    bl_index *ix = open_two_shards(dir, db, sizeof db);
    add_docs(ix, 0, 6);

    target tg;
    bl_searcher *s = open_target(&tg, db, sv);
    expect_counts(s, "merkel", 6, 6);
    expect_counts(s, "macron", 3, 6);

    add_docs(ix, 6, 11); /* 5 more: Merkel in all, Macron in news-7 and news-9 */
    int changed = 0;
    assert_int_equal(bl_searcher_reopen(s, &changed), BL_OK);
    assert_true(changed);
    expect_counts(s, "merkel", 11, 11);
    expect_counts(s, "macron", 5, 11);

    assert_int_equal(bl_index_delete(ix, "news-1"), BL_OK); /* names both */
    assert_int_equal(bl_index_delete(ix, "news-2"), BL_OK);
    assert_int_equal(bl_index_commit(ix), BL_OK);
    assert_int_equal(bl_searcher_reopen(s, &changed), BL_OK);
    assert_true(changed);
    expect_counts(s, "merkel", 9, 9);
    expect_counts(s, "macron", 4, 9);

    /* query shapes: the bitmap from posting lists (terms, AND, OR, NOT) and from the matcher
     * (a phrase, a date range) must count the same */
    expect_query_counts(s, "summit NOT macron", "merkel", 5, 5);
    expect_query_counts(s, "summit AND macron", "merkel", 4, 4);
    expect_query_counts(s, "reporters OR joined", "macron", 4, 9);
    expect_query_counts(s, "\"French President\"", "merkel", 4, 4);
    expect_query_counts(s, "\"day 3\" OR \"day 4\"", "macron", 1, 2);

    bl_searcher_close(s);
    assert_int_equal(bl_index_close(ix), BL_OK);
    remove_dir(dir);
}

static void test_counts_follow_reopen(void **state)
{
    (void)state;
    counts_follow_reopen(NULL);
}

static void test_remote_counts_follow_reopen(void **state)
{
    counts_follow_reopen(*state);
}

/* Keys most documents name: byline-index keeps their documents as bitmaps (one a shard), and
 * the first walk of a revision (what a one-shot byline-search does) counts from them.  Each
 * query gets a new searcher, so each is such a first walk; its counts must equal the spies',
 * a later walk's and the filter's, for Merkel (200 documents: bitmaps) and Macron (100: too
 * few a shard, read from its posting lists), whatever the match; and still when a shard's
 * snapshot or bitmap is damaged or missing. */
static void test_dense_keys_counted(void **state)
{
    (void)state;
    char dir[] = "/tmp/byline-test-facets-XXXXXX", db[64];
    bl_index *ix = open_two_shards(dir, db, sizeof db);
    add_docs(ix, 0, 200);
    assert_int_equal(bl_index_close(ix), BL_OK);
    static const struct {
        const char *query, *word;
        unsigned long want, matches;
    } cases[] = {
        {"summit", "merkel", 200, 200},
        {"summit", "macron", 100, 200},
        {"summit NOT macron", "merkel", 100, 100},
        {"reporters AND joined", "merkel", 100, 100},
        {"\"day 1\" OR \"day 2\" OR \"day 3\"", "merkel", 3, 3},
    };
    const char *where[1] = {db};
    /* round 0: as byline-index wrote it; round 1: shard 0's dictionary snapshot and Merkel's
     * bitmap damaged (the terms and posting lists are read instead); round 2: shard 1's
     * bitmap of Merkel gone */
    for (int round = 0; round < 3; round++) {
        if (round > 0) {
            char shard[96];
            snprintf(shard, sizeof shard, "%s/shards/%02d", db, round - 1);
            xc_wdb *w = NULL;
            assert_int_equal(xc_wdb_open(shard, XC_OPEN, &w, NULL), XC_OK);
            const char *bits = BL_META_KEY_DOCS ":angela merkel";
            char *v = NULL;
            size_t len = 0;
            assert_int_equal(xc_wdb_get_metadata(w, bits, &v, &len), XC_OK);
            assert_true(len > 20); /* it was there */
            v[len / 2] ^= 0x10;
            assert_int_equal(xc_wdb_set_metadata(w, bits, v, round == 1 ? len : 0), XC_OK);
            free(v);
            if (round == 1) {
                assert_int_equal(xc_wdb_get_metadata(w, BL_META_DICT_SNAPSHOT, &v, &len), XC_OK);
                assert_true(len > 20);
                v[len - 9] ^= 0x01;
                assert_int_equal(xc_wdb_set_metadata(w, BL_META_DICT_SNAPSHOT, v, len), XC_OK);
                free(v);
            }
            assert_int_equal(xc_wdb_commit(w), XC_OK);
            assert_int_equal(xc_wdb_close(w), XC_OK);
        }
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            bl_searcher *s = NULL;
            assert_int_equal(bl_searcher_open(where, 1, &s, NULL), BL_OK);
            expect_query_counts(s, cases[i].query, cases[i].word, cases[i].want,
                                cases[i].matches);
            bl_searcher_close(s);
        }
    }
    remove_dir(dir);
}

static int add_ingested(void *ctx, const bl_document *d)
{
    return bl_index_add(ctx, d, NULL) == BL_OK ? 0 : 1;
}

static void no_problem(void *ctx, bl_severity severity, const char *file, unsigned long line,
                       const char *message)
{
    (void)ctx, (void)severity, (void)file, (void)line;
    fail_msg("ingesting the State of the Union corpus: %s", message);
}

/* Every facet listed for query with lists of `size` (of types `types`, bit t = type t), as
 * "type:key=count name;..." in the order listed. */
/* The facet lists of query, sizes[t] entries of type t (0: none), as one string: "type:key=count
 * name;" for each entry, in list order. */
static void list_facets_sized(bl_searcher *s, const char *query,
                              const unsigned sizes[BL_FACET_NTYPES], char *all, size_t allsize)
{
    bl_search_options o;
    bl_search_options_init(&o);
    o.no_snippets = 1;
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        o.facets[t] = sizes[t];
    bl_results *r = NULL;
    assert_int_equal(bl_search(s, query, &o, &r, NULL), BL_OK);
    size_t used = 0;
    all[0] = '\0';
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        for (size_t i = 0; i < bl_results_facet_size(r, t); i++) {
            const bl_facet *f = bl_results_facet(r, t, i);
            int w = snprintf(all + used, allsize - used, "%s:%s=%lu %s;",
                             bl_facet_type_name(t), f->key, f->count, f->name);
            assert_true(w > 0 && (size_t)w < allsize - used);
            used += (size_t)w;
        }
    bl_results_free(r);
}

static void list_facets_of(bl_searcher *s, const char *query, unsigned types, unsigned size,
                           char *all, size_t allsize)
{
    unsigned sizes[BL_FACET_NTYPES];
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        sizes[t] = types >> t & 1 ? size : 0;
    list_facets_sized(s, query, sizes, all, allsize);
}

/* The sample corpus's path: make runs the tests from the source root. */
static const char *sample_corpus(void)
{
    const char *corpus = "corpus/sotu-1945-2018.jsonl";
    return access(corpus, R_OK) == 0 ? corpus : "../corpus/sotu-1945-2018.jsonl";
}

static void list_facets(bl_searcher *s, const char *query, unsigned size, char *all,
                        size_t allsize)
{
    list_facets_of(s, query, (1u << BL_FACET_NTYPES) - 1, size, all, allsize);
}

/* Thousands of entities (the State of the Union corpus, 2 shards): the snapshots' heads
 * hold the most frequent keys, the tails the others.  A first walk on a new searcher (heads
 * merged, the others looked up in the tails; with long lists the walk goes on past the
 * heads into every key) lists the same keys, counts, names and order as a later walk (from
 * the keys it then keeps), and as the spies, also for long lists that end among the many
 * keys named once (which keys survive the cut: key order among equal counts). */
static void test_many_keys_counted(void **state)
{
    (void)state;
    char dir[] = "/tmp/byline-test-facets-XXXXXX", db[64];
    bl_index *ix = open_two_shards(dir, db, sizeof db);
    bl_ingest_options ing;
    bl_ingest_options_init(&ing);
    assert_int_equal(bl_ingest_path(sample_corpus(), &ing, add_ingested, no_problem, ix, NULL),
                     BL_OK);
    assert_int_equal(bl_index_close(ix), BL_OK);
    static const char *const queries[] = {"economy", "war OR peace", "congress", "america"};
    static const unsigned sizes[] = {5, 40, 400};
    static char first[262144], other[262144];
    const char *where[1] = {db};
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
        for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
            bl_searcher *s = NULL;
            assert_int_equal(bl_searcher_open(where, 1, &s, NULL), BL_OK);
            /* first walk, later walk, spies */
            const char *ways[] = {"1", "1", "1000000000"};
            for (size_t w = 0; w < sizeof ways / sizeof *ways; w++) {
                assert_int_equal(setenv("BYLINE_FACET_BOUND_MIN", ways[w], 1), 0);
                list_facets(s, queries[q], sizes[z], w ? other : first, sizeof first);
                if (w && strcmp(first, other))
                    fail_msg("%s, lists of %u: the first walk listed\n%s\nbut way %zu\n%s",
                             queries[q], sizes[z], first, w, other);
            }
            assert_true(strlen(first) > 20);
            unsetenv("BYLINE_FACET_BOUND_MIN");
            bl_searcher_close(s);
        }
    remove_dir(dir);
}

/* Every document of the corpus, and the ids of every fifth (to delete later). */
typedef struct some_deleted {
    bl_index *ix;
    size_t n;
    char ids[128][96];
    size_t nids;
} some_deleted;

static int add_marking(void *ctx, const bl_document *d)
{
    some_deleted *sd = ctx;
    if (sd->n++ % 5 == 0 && sd->nids < sizeof sd->ids / sizeof *sd->ids)
        snprintf(sd->ids[sd->nids++], sizeof sd->ids[0], "%s", d->id);
    return bl_index_add(sd->ix, d, NULL) == BL_OK ? 0 : 1;
}

/* Lists of other sizes for each type (the one-shot walk counts its next keys by batches,
 * each key with the need its list has when the batch is made: a list of 1 is full at once,
 * a list of 400 stays open), on two shards that differ in size once a fifth of the
 * documents are deleted: the first walk lists what a later walk and the spies list. */
static void test_batched_walk_limits(void **state)
{
    (void)state;
    char dir[] = "/tmp/byline-test-facets-XXXXXX", db[64];
    static some_deleted sd;
    sd.ix = open_two_shards(dir, db, sizeof db);
    bl_ingest_options ing;
    bl_ingest_options_init(&ing);
    assert_int_equal(bl_ingest_path(sample_corpus(), &ing, add_marking, no_problem, &sd, NULL),
                     BL_OK);
    assert_true(sd.nids > 50);
    assert_int_equal(bl_index_commit(sd.ix), BL_OK);
    for (size_t i = 0; i < sd.nids; i++)
        assert_int_equal(bl_index_delete(sd.ix, sd.ids[i]), BL_OK);
    assert_int_equal(bl_index_close(sd.ix), BL_OK);
    static const char *const queries[] = {"economy", "war OR peace", "america", "tax*"};
    /* person, place, org, other */
    static const unsigned sizes[][BL_FACET_NTYPES] = {
        {1, 400, 3, 25}, {40, 0, 200, 1}, {2, 2, 2, 2}, {300, 1, 0, 0}};
    static char first[262144], other[262144];
    const char *where[1] = {db};
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
        for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
            bl_searcher *s = NULL;
            assert_int_equal(bl_searcher_open(where, 1, &s, NULL), BL_OK);
            const char *ways[] = {"1", "1", "1000000000"}; /* first walk, later, spies */
            for (size_t w = 0; w < sizeof ways / sizeof *ways; w++) {
                assert_int_equal(setenv("BYLINE_FACET_BOUND_MIN", ways[w], 1), 0);
                list_facets_sized(s, queries[q], sizes[z], w ? other : first, sizeof first);
                if (w && strcmp(first, other))
                    fail_msg("%s, lists %u/%u/%u/%u: the first walk listed\n%s\nbut way %zu\n%s",
                             queries[q], sizes[z][0], sizes[z][1], sizes[z][2], sizes[z][3],
                             first, w, other);
            }
            assert_true(strlen(first) > 20);
            unsetenv("BYLINE_FACET_BOUND_MIN");
            bl_searcher_close(s);
        }
    remove_dir(dir);
}

/* Add n documents to shard w, each holding the term of the query "quokka" and `term` (an
 * entity's type term). */
/* Shard k of the two-shard index db, opened for writing (the caller closes it). */
static xc_wdb *open_shard(const char *db, int k)
{
    char shard[96];
    xc_wdb *w = NULL;
    snprintf(shard, sizeof shard, "%s/shards/%02d", db, k);
    assert_int_equal(xc_wdb_open(shard, XC_OPEN, &w, NULL), XC_OK);
    return w;
}

static void add_raw(xc_wdb *w, const char *term, int n)
{
    for (int i = 0; i < n; i++) {
        xc_doc *d = NULL;
        assert_int_equal(xc_doc_new(&d), XC_OK);
        assert_int_equal(xc_doc_add_boolean_term(d, "Zquokka", 7), XC_OK);
        assert_int_equal(xc_doc_add_boolean_term(d, term, strlen(term)), XC_OK);
        assert_int_equal(xc_wdb_add(w, d, NULL), XC_OK);
        xc_doc_free(d);
    }
}

/* The person list of "quokka" (lists of 100), walked (a first walk of a new searcher, then a
 * later one: both must list `want` among what they list) into all. */
static void quokka_people(const char *db, const char *want, char *all, size_t allsize)
{
    static char later[8192];
    const char *where[1] = {db};
    bl_searcher *s = NULL;
    assert_int_equal(bl_searcher_open(where, 1, &s, NULL), BL_OK);
    assert_int_equal(setenv("BYLINE_FACET_BOUND_MIN", "1", 1), 0);
    list_facets_of(s, "quokka", 1u << BL_FACET_PERSON, 100, all, allsize);
    list_facets_of(s, "quokka", 1u << BL_FACET_PERSON, 100, later, sizeof later);
    unsetenv("BYLINE_FACET_BOUND_MIN");
    bl_searcher_close(s);
    if (strcmp(all, later))
        fail_msg("the first walk listed\n%s\nbut a later walk\n%s", all, later);
    if (!strstr(all, want))
        fail_msg("%s not listed in\n%s", want, all);
}

/* A one-shot search reads only the shards' heads (dict_snapshot.h): a key missing from a
 * shard's head has a bound for a total there, and its type may not be known from the heads.
 * Here "quolla" is a place in shard 0's head (3 documents: shard 0 has few keys, all in its
 * head) but a person in shard 1's tail (5 documents; shard 1's 70 other keys, 10 documents
 * each, fill no head, so its bound is 11): a person across the index, as the first walk
 * must find out before it leaves the key out of a person list.  Then the same with every
 * shard's heads value damaged, and removed (an index written before they existed): read
 * through the whole snapshots, the same list. */
static void test_heads_only_first_walk(void **state)
{
    (void)state;
    char dir[] = "/tmp/byline-test-facets-XXXXXX", db[64];
    bl_index *ix = open_two_shards(dir, db, sizeof db);
    add_docs(ix, 0, 2);
    assert_int_equal(bl_index_close(ix), BL_OK);
    for (int k = 0; k < 2; k++) {
        xc_wdb *w = open_shard(db, k);
        if (k == 0) {
            add_raw(w, "XPLACE:quolla", 3);
        } else {
            add_raw(w, "XPERSON:quolla", 5);
            for (int i = 0; i < 70; i++) {
                char term[64];
                snprintf(term, sizeof term, "XPERSON:filler %02d", i);
                add_raw(w, term, 10);
            }
        }
        assert_int_equal(bl_dict_snapshot_write(w), XC_OK);
        assert_int_equal(xc_wdb_commit(w), XC_OK);
        assert_int_equal(xc_wdb_close(w), XC_OK);
    }
    static char first[8192], again[8192];
    quokka_people(db, "person:quolla=8 ", first, sizeof first);
    assert_non_null(strstr(first, "person:filler 69=10 "));
    /* round 0: every heads value damaged (one byte); round 1: removed */
    for (int round = 0; round < 2; round++) {
        for (int k = 0; k < 2; k++) {
            xc_wdb *w = open_shard(db, k);
            char *v = NULL;
            size_t len = 0;
            assert_int_equal(xc_wdb_get_metadata(w, BL_META_DICT_HEADS, &v, &len), XC_OK);
            assert_true(round == 1 || len > 20);
            if (len)
                v[len / 2] ^= 0x04;
            assert_int_equal(xc_wdb_set_metadata(w, BL_META_DICT_HEADS, v, round ? 0 : len),
                             XC_OK);
            free(v);
            assert_int_equal(xc_wdb_commit(w), XC_OK);
            assert_int_equal(xc_wdb_close(w), XC_OK);
        }
        quokka_people(db, "person:quolla=8 ", again, sizeof again);
        assert_string_equal(first, again);
    }
    remove_dir(dir);
}

/* A varint (dict_snapshot.h: 7 bits a byte, low first) at *at (below end) into *v: 0 when it
 * runs off the end. */
static int take_varint(const unsigned char **at, const unsigned char *end,
                       unsigned long long *v)
{
    *v = 0;
    for (int shift = 0; *at < end && shift < 64; shift += 7) {
        unsigned char b = *(*at)++;
        *v |= (unsigned long long)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return 1;
    }
    return 0;
}

static size_t put_varint(unsigned char *o, unsigned long long v)
{
    size_t n = 0;
    do {
        o[n++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return n;
}

/* Rewrite shard k of db's heads value as a forger would, with a correct checksum and stamp:
 * its tail count set to ntail (unless ~0ull), and head entry `key` (when not NULL) said to
 * name `person_tf` more documents as a person. */
static void forge_heads(const char *db, int k, unsigned long long ntail, const char *key,
                        unsigned long person_tf)
{
    xc_wdb *w = open_shard(db, k);
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xc_wdb_get_metadata(w, BL_META_DICT_HEADS, &v, &len), XC_OK);
    if (key)
        assert_non_null(memmem(v, len, key, strlen(key)));
    assert_true(len > 12 && memcmp(v, "BLHEAD2\n", 8) == 0);
    const unsigned char *at = (const unsigned char *)v + 8, *end = (const unsigned char *)v + len - 4;
    unsigned long long f[9]; /* stamp (3), bound, nhead, head bytes, ntail, ndense, dense bytes */
    for (int i = 0; i < 9; i++)
        assert_true(take_varint(&at, end, &f[i]));
    assert_true(f[5] + f[8] == (unsigned long long)(end - at));
    unsigned char *o = malloc(len + 64), *p = o + 8;
    assert_non_null(o);
    unsigned char *head = malloc(f[5] + 16), *h = head;
    assert_non_null(head);
    for (const unsigned char *e = at; e < at + f[5];) { /* the head's entries, one edited */
        const unsigned char *start = e;
        unsigned long long l = 0, tf = 0;
        assert_true(take_varint(&e, end, &l));
        int edit = key && l == strlen(key) && memcmp(e, key, l) == 0;
        e += l + 1;
        unsigned mask = *e++;
        const unsigned char *tfs = e;
        for (int t = 0; t < 4; t++)
            if (mask >> t & 1)
                assert_true(take_varint(&e, end, &tf));
        if (!edit) {
            memcpy(h, start, (size_t)(e - start));
            h += e - start;
            continue;
        }
        assert_int_equal(mask & 1, 0); /* not a person yet: person_tf goes first */
        h += put_varint(h, l);
        memcpy(h, key, l + 1);
        h += l + 1;
        *h++ = (unsigned char)(mask | 1);
        h += put_varint(h, person_tf);
        memcpy(h, tfs, (size_t)(e - tfs));
        h += e - tfs;
    }
    memcpy(o, v, 8);
    f[5] = (unsigned long long)(h - head);
    if (ntail != ~0ull)
        f[6] = ntail;
    for (int i = 0; i < 9; i++)
        p += put_varint(p, f[i]);
    memcpy(p, head, f[5]);
    p += f[5];
    memcpy(p, at + (end - at) - f[8], f[8]);
    p += f[8];
    unsigned long crc = bl_crc32(0L, o, (size_t)(p - o));
    for (int i = 0; i < 4; i++)
        *p++ = (unsigned char)(crc >> (8 * i) & 0xff);
    assert_int_equal(xc_wdb_set_metadata(w, BL_META_DICT_HEADS, (const char *)o, (size_t)(p - o)),
                     XC_OK);
    assert_int_equal(xc_wdb_commit(w), XC_OK);
    assert_int_equal(xc_wdb_close(w), XC_OK);
    free(head);
    free(o);
    free(v);
}

/* The persons and places of "quokka" in db (lists of 200, the walk forced), by a first walk
 * of a new searcher into first and by a later one into later (size bytes each). */
static void quokka_walks(const char *db, char *first, char *later, size_t size)
{
    const char *where[1] = {db};
    bl_searcher *s = NULL;
    assert_int_equal(bl_searcher_open(where, 1, &s, NULL), BL_OK);
    assert_int_equal(setenv("BYLINE_FACET_BOUND_MIN", "1", 1), 0);
    unsigned types = 1u << BL_FACET_PERSON | 1u << BL_FACET_PLACE;
    list_facets_of(s, "quokka", types, 200, first, size);
    list_facets_of(s, "quokka", types, 200, later, size);
    unsetenv("BYLINE_FACET_BOUND_MIN");
    bl_searcher_close(s);
}

/* The persons and places of "quokka" (lists of 200) in db, by a first walk and a later one,
 * are `want` each time one shard's heads value is forged (checksum and stamp right) to lie
 * in a way a reader can tell: a tail count of 2^32 - 1 (room for that many keys is neither
 * believed nor asked for: read from the whole snapshots), a tail count of 0 (the whole snapshots say
 * otherwise when the walk goes past the heads: the walk starts again without them), a key
 * in every head ("delta", whose type the heads decide) named as a person by more documents
 * than the shard holds (refused as it is read).  Then the heads right and a whole snapshot
 * damaged (the keys below the cut read from the terms). */
static void forged_heads_list(const char *db, const char *want)
{
    static char first[16384], later[16384];
    char *orig[2] = {NULL, NULL};
    size_t orig_len[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        xc_wdb *w = open_shard(db, k);
        assert_int_equal(xc_wdb_get_metadata(w, BL_META_DICT_HEADS, &orig[k], &orig_len[k]),
                         XC_OK);
        assert_int_equal(xc_wdb_close(w), XC_OK);
    }
    for (int forgery = 0; forgery < 4; forgery++) {
        int k = forgery == 1;
        if (forgery == 0)
            forge_heads(db, 0, 0xffffffffull, NULL, 0);
        else if (forgery == 1)
            forge_heads(db, 1, 0, NULL, 0);
        else if (forgery == 2)
            forge_heads(db, 0, 0, NULL, 0);
        else
            forge_heads(db, 0, ~0ull, "delta", 5000);
        quokka_walks(db, first, later, sizeof first);
        if (strcmp(first, want) || strcmp(later, want))
            fail_msg("forgery %d: the first walk listed\n%s\nthe later one\n%s\nnot\n%s",
                     forgery, first, later, want);
        xc_wdb *w = open_shard(db, k); /* the value as written, again */
        assert_int_equal(xc_wdb_set_metadata(w, BL_META_DICT_HEADS, orig[k], orig_len[k]),
                         XC_OK);
        assert_int_equal(xc_wdb_commit(w), XC_OK);
        assert_int_equal(xc_wdb_close(w), XC_OK);
    }
    /* the heads right but shard 1's whole snapshot damaged: past the heads, the keys below
     * the cut come from the terms, where those already put in order by a bound are too */
    xc_wdb *w = open_shard(db, 1);
    char *whole = NULL;
    size_t whole_len = 0;
    assert_int_equal(xc_wdb_get_metadata(w, BL_META_DICT_SNAPSHOT, &whole, &whole_len), XC_OK);
    assert_true(whole_len > 100);
    whole[whole_len / 2] ^= 0x10;
    assert_int_equal(xc_wdb_set_metadata(w, BL_META_DICT_SNAPSHOT, whole, whole_len), XC_OK);
    assert_int_equal(xc_wdb_commit(w), XC_OK);
    assert_int_equal(xc_wdb_close(w), XC_OK);
    quokka_walks(db, first, later, sizeof first);
    if (strcmp(first, want) || strcmp(later, want))
        fail_msg("whole snapshot damaged: the first walk listed\n%s\nthe later one\n%s\nnot"
                 "\n%s", first, later, want);
    free(whole);
    free(orig[0]);
    free(orig[1]);
}

/* A key in one shard's head but in no document of the other shard, whose bound (its
 * figures plus the other shard's bound less one) reaches the cut while its exact total does
 * not: the first walk puts it in order by the bound, and when it goes on past the heads, the
 * keys below the cut (read from the whole snapshots) hold it a second time.  Here 20 such
 * places ("gamma NN": 12 documents in shard 0, whose 70 "alpha NN" people name 10 each, so
 * its bound is 11; shard 1's 70 "beta NN" people, 10 each, bound 11; cut 22, bounds 22) and
 * few keys named in both shards (the place "delta", 12 documents in each head): the keys read after the heads are more than the shards'
 * key counts less those put in order (the dictionary's room), and must still fit, each
 * listed once, the same as a later walk lists them. */
static void test_heads_bound_keys_fit(void **state)
{
    (void)state;
    char dir[] = "/tmp/byline-test-facets-XXXXXX", db[64], term[64];
    bl_index *ix = open_two_shards(dir, db, sizeof db);
    add_docs(ix, 0, 2);
    assert_int_equal(bl_index_close(ix), BL_OK);
    for (int k = 0; k < 2; k++) {
        xc_wdb *w = open_shard(db, k);
        for (int i = 0; i < 70; i++) {
            snprintf(term, sizeof term, "XPERSON:%s %02d", k ? "beta" : "alpha", i);
            add_raw(w, term, 10);
        }
        for (int i = 0; k == 0 && i < 20; i++) {
            snprintf(term, sizeof term, "XPLACE:gamma %02d", i);
            add_raw(w, term, 12);
        }
        add_raw(w, "XPLACE:delta", 12); /* in both heads */
        assert_int_equal(bl_dict_snapshot_write(w), XC_OK);
        assert_int_equal(xc_wdb_commit(w), XC_OK);
        assert_int_equal(xc_wdb_close(w), XC_OK);
    }
    static char first[16384], later[16384];
    quokka_walks(db, first, later, sizeof first);
    assert_string_equal(first, later);
    for (int i = 0; i < 20; i++) {
        snprintf(term, sizeof term, "place:gamma %02d=12 ", i);
        const char *at = strstr(first, term);
        if (!at || strstr(at + 1, term))
            fail_msg("%s not listed once in\n%s", term, first);
    }
    for (int i = 0; i < 70; i++) {
        snprintf(term, sizeof term, "person:beta %02d=10 ", i);
        if (!strstr(first, term))
            fail_msg("%s not listed in\n%s", term, first);
    }
    assert_non_null(strstr(first, "place:delta=24 "));
    forged_heads_list(db, first);
    remove_dir(dir);
}

/* Documents for the naming and tie test: the query "fair" matches the first three. */
static const struct {
    const char *id, *text;
} fair_docs[] = {
    /* headings in capitals: STATE DEPARTMENT more often than its usual form among the
     * matches; NATIONAL PARKS more often across the whole index; the acronym NATO more
     * often than Nato (other-parks) */
    {"fair-0", "Fair report 0\n\nSTATE DEPARTMENT\n\nThe fair budget of the STATE DEPARTMENT "
               "grew, officials said.\n\nNATIONAL PARKS\n\nThe fair season of the NATIONAL "
               "PARKS was long. NATO officials came too.\n"},
    {"fair-1", "Fair report 1\n\nSTATE DEPARTMENT\n\nThe fair budget of the STATE DEPARTMENT "
               "grew, officials said.\n\nNATIONAL PARKS\n\nThe fair season of the NATIONAL "
               "PARKS was long. NATO officials came too.\n"},
    /* Lincoln: a place here, a person across the index (the other-* documents); with Yuri
     * Zhang and Zoe Young, three people named once by the matches */
    {"fair-lincoln", "County fair\n\nThe fair was held in Lincoln, Nebraska, last week. Yuri "
                     "Zhang and Zoe Young attended the fair.\n"},
    {"other-0", "Travel note 0\n\nOfficials at the State Department in Washington said travel "
                "advice changed. Mr. Lincoln said the vote would pass. Lincoln told reporters "
                "he was pleased.\n"},
    {"other-1", "Travel note 1\n\nOfficials at the State Department in Washington said travel "
                "advice changed. Mr. Lincoln said the vote would pass. Lincoln told reporters "
                "he was pleased.\n"},
    {"other-2", "Travel note 2\n\nOfficials at the State Department in Washington said travel "
                "advice changed. Mr. Lincoln said the vote would pass. Lincoln told reporters "
                "he was pleased.\n"},
    {"other-parks", "Parks\n\nVisitors to the National Parks rose this year. Nato staff "
                    "visited too.\n"},
};

/* One display name and one order whichever way facets are counted (the first walk of a
 * revision, a later walk, the spies), locally and over xapian-tcpsrv (sv: NULL to search
 * locally, else two servers to start on the shards):
 *   - an entity whose name of several words is written both in capitals only and otherwise
 *     is shown as written otherwise, whichever form more documents (matching or not) wrote;
 *     a single word in capitals (an acronym: NATO) competes with other forms (Nato) by
 *     the number of documents like any form;
 *   - equal counts are listed in key order, and a list cut among equals keeps the first
 *     keys in that order: with a list of 2 people named once each, Lincoln (a person
 *     across the index though the matching document calls it a place) and Yuri Zhang, not
 *     Zoe Young. */
static void names_and_ties(server *sv)
{
    char dir[] = "/tmp/byline-test-facets-XXXXXX", db[64];
    bl_index *ix = open_two_shards(dir, db, sizeof db);
    bl_document d;
    bl_document_init(&d);
    for (size_t i = 0; i < sizeof fair_docs / sizeof *fair_docs; i++) {
        d.id = fair_docs[i].id;
        d.text = fair_docs[i].text;
        d.text_len = strlen(d.text);
        assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
    }
    assert_int_equal(bl_index_close(ix), BL_OK);

    target tg;
    bl_searcher *s = open_target(&tg, db, sv);
    const char *ways[] = {"1", "1000000000", "1"}; /* first walk, spies, later walk */
    char all[4096];
    for (size_t w = 0; w < sizeof ways / sizeof *ways; w++) {
        assert_int_equal(setenv("BYLINE_FACET_BOUND_MIN", ways[w], 1), 0);
        list_facets_of(s, "fair", 1u << BL_FACET_PERSON, 2, all, sizeof all);
        if (strcmp(all, "person:lincoln=1 Lincoln;person:yuri zhang=1 Yuri Zhang;"))
            fail_msg("BYLINE_FACET_BOUND_MIN=%s, people, list of 2: %s", ways[w], all);
        list_facets_of(s, "fair", 1u << BL_FACET_ORG, 10, all, sizeof all);
        static const char *const want[] = {"org:national parks=2 National Parks;",
                                           "org:state department=2 State Department;",
                                           "org:nato=2 NATO;"};
        for (size_t i = 0; i < sizeof want / sizeof *want; i++)
            if (!strstr(all, want[i]))
                fail_msg("BYLINE_FACET_BOUND_MIN=%s, organisations: %s has no %s", ways[w], all,
                         want[i]);
    }
    unsetenv("BYLINE_FACET_BOUND_MIN");
    bl_searcher_close(s);
    remove_dir(dir);
}

static void test_names_and_ties(void **state)
{
    (void)state;
    names_and_ties(NULL);
}

static void test_remote_names_and_ties(void **state)
{
    names_and_ties(*state);
}


/* Lone given names (bl_entity_given_name_shared): "John" alone, named by two notes, is not
 * listed once John Smith, John Adams and John Kennedy are named (three surnames), however
 * the facets are counted (a first walk, the spies, a later walk that keeps keys), locally
 * and over xapian-tcpsrv; Lincoln (which ends Abraham Lincoln) is; and after John Kennedy's
 * note is deleted (two surnames) a reopened searcher lists John again, every way. */
static const struct {
    const char *id, *text;
} john_docs[] = {
    {"smith", "Bakery news\n\nJohn Smith opened a bakery on the harbour road. Smith said "
              "the bread sold out by noon.\n"},
    {"adams", "Harbour letter\n\nJohn Adams wrote to the harbour board about the moorings. "
              "Adams asked for an answer.\n"},
    {"kennedy", "Moon speech\n\nJohn Kennedy spoke about the moon at the stadium. Kennedy "
                "was cheered.\n"},
    {"lone1", "A walk\n\nJohn went home after the walk and made tea. Later John read the "
              "paper.\n"},
    {"lone2", "A talk\n\nJohn told the class about tides. John asked questions too.\n"},
    {"lincoln1", "History note\n\nAbraham Lincoln gave a short speech. Lincoln was tall.\n"},
    {"lincoln2", "Another note\n\nLincoln spoke again at the hall. Lincoln left early.\n"},
};

static void john_lists(bl_searcher *s, int want_john)
{
    const char *ways[] = {"1", "1000000000", "1"}; /* first walk, spies, later walk */
    char all[4096];
    for (size_t w = 0; w < sizeof ways / sizeof *ways; w++) {
        assert_int_equal(setenv("BYLINE_FACET_BOUND_MIN", ways[w], 1), 0);
        list_facets_of(s, "*", 1u << BL_FACET_PERSON, 20, all, sizeof all);
        if (!strstr(all, "person:lincoln=1 Lincoln;") || !strstr(all, "person:john smith=1 "))
            fail_msg("BYLINE_FACET_BOUND_MIN=%s: Lincoln or John Smith missing: %s", ways[w],
                     all);
        if (!!strstr(all, "person:john=2 John;") != want_john)
            fail_msg("BYLINE_FACET_BOUND_MIN=%s: John alone %s: %s", ways[w],
                     want_john ? "not listed" : "listed", all);
    }
    unsetenv("BYLINE_FACET_BOUND_MIN");
}

static void given_names(server *sv)
{
    char dir[] = "/tmp/byline-test-facets-XXXXXX", db[64];
    bl_index *ix = open_two_shards(dir, db, sizeof db);
    bl_document d;
    bl_document_init(&d);
    for (size_t i = 0; i < sizeof john_docs / sizeof *john_docs; i++) {
        d.id = john_docs[i].id;
        d.text = john_docs[i].text;
        d.text_len = strlen(d.text);
        assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
    }
    assert_int_equal(bl_index_commit(ix), BL_OK);
    target tg;
    bl_searcher *s = open_target(&tg, db, sv);
    john_lists(s, 0);
    assert_int_equal(bl_index_delete(ix, "kennedy"), BL_OK);
    assert_int_equal(bl_index_commit(ix), BL_OK);
    int changed = 0;
    assert_int_equal(bl_searcher_reopen(s, &changed), BL_OK);
    assert_true(changed);
    john_lists(s, 1);
    bl_searcher_close(s);
    assert_int_equal(bl_index_close(ix), BL_OK);
    remove_dir(dir);
}

static void test_given_names(void **state)
{
    (void)state;
    given_names(NULL);
}

static void test_remote_given_names(void **state)
{
    given_names(*state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_follow_reopen),
        cmocka_unit_test(test_dense_keys_counted),
        cmocka_unit_test(test_many_keys_counted),
        cmocka_unit_test(test_batched_walk_limits),
        cmocka_unit_test(test_heads_only_first_walk),
        cmocka_unit_test(test_heads_bound_keys_fit),
        cmocka_unit_test(test_names_and_ties),
        cmocka_unit_test(test_given_names),
        cmocka_unit_test_setup_teardown(test_remote_counts_follow_reopen, servers_new,
                                        servers_stop),
        cmocka_unit_test_setup_teardown(test_remote_names_and_ties, servers_new,
                                        servers_stop),
        cmocka_unit_test_setup_teardown(test_remote_given_names, servers_new, servers_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
