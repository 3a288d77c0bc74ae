/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_dict_snapshot.c — the per-shard snapshot of the entity dictionary's type terms
 * (lib/dict_snapshot.c): written with a commit, it hands on exactly what Xapian's allterms
 * gives; a shard changed by another writer afterwards, or a malformed snapshot, is not used
 * (the reader then reads the terms, as before). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "byline.h"
#include "dict_snapshot.h"
#include "index_internal.h"
#include "schema.h"
#include "xapian_c.h"

#include <zlib.h>

typedef struct fixture {
    char dir[64];
    xc_wdb *w;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/byline-test-snap-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    strcat(f->dir, "/db");
    if (xc_wdb_open(f->dir, XC_CREATE_OR_OPEN, &f->w, NULL) != XC_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    xc_wdb_close(f->w);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%.*s'", (int)(strlen(f->dir) - 3), f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static void add_doc(fixture *f, const char *const *terms, size_t n)
{
    xc_doc *d = NULL;
    assert_int_equal(xc_doc_new(&d), XC_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(xc_doc_add_boolean_term(d, terms[i], strlen(terms[i])), XC_OK);
    assert_int_equal(xc_wdb_add(f->w, d, NULL), XC_OK);
    xc_doc_free(d);
}

/* Write f's snapshot (pending changes included) and commit it. */
static void write_and_commit(fixture *f)
{
    assert_int_equal(bl_dict_snapshot_write(f->w), XC_OK);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
}

/* Store value (len bytes; NULL, 0: remove it) as f's metadata `name` and commit. */
static void store_and_commit(fixture *f, const char *name, const char *value, size_t len)
{
    assert_int_equal(xc_wdb_set_metadata(f->w, name, value, len), XC_OK);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
}

/* "key=tf0,tf1,tf2,tf3;" for everything handed on, in order. */
typedef struct listing {
    char s[32768];
    size_t n;
} listing;

static const char *const prefixes[4] = {BL_PREFIX_PERSON, BL_PREFIX_PLACE, BL_PREFIX_ORG,
                                        BL_PREFIX_OTHER};

static void list_key(listing *l, const char *key, size_t len,
                     const unsigned long tf[BL_DICT_NTYPES])
{
    int w = snprintf(l->s + l->n, sizeof l->s - l->n, "%.*s=%lu,%lu,%lu,%lu;", (int)len, key,
                     tf[0], tf[1], tf[2], tf[3]);
    assert_true(w > 0 && (size_t)w < sizeof l->s - l->n);
    l->n += (size_t)w;
}

static int cmp_gathered(const void *a, const void *b);

/* Everything the snapshots of db hand on, shard after shard, each shard's head and tail
 * merged into key order (*used: they were usable: opened, and every entry of every run read
 * without a break of the format; else nothing is listed, as a reader then drops what it
 * took).  Each head key is named by at least the shard's bound, each tail key by fewer. */
static void list_snapshot(xc_db *db, listing *l, int *used)
{
    bl_dict_snapshot *snap = NULL;
    assert_int_equal(bl_dict_snapshot_open(db, &snap), XC_OK);
    *used = snap != NULL;
    static struct {
        char key[64];
        unsigned long tf[4];
    } v[512];
    for (size_t p = 0; snap && *used && p < bl_dict_snapshot_parts(snap); p++) {
        size_t n = 0;
        unsigned long long bound = bl_dict_snapshot_bound(snap, p);
        for (int tail = 0; tail < 2 && *used; tail++) {
            bl_dict_entry e;
            unsigned long long got = 0;
            int r;
            while ((r = bl_dict_snapshot_next(snap, p, tail, &e)) == 1) {
                assert_int_equal(e.key[e.len], '\0');
                assert_true(e.len < sizeof v[0].key && n < sizeof v / sizeof *v);
                unsigned long total = e.tf[0] + e.tf[1] + e.tf[2] + e.tf[3];
                assert_true(tail ? total < bound : total >= bound);
                memcpy(v[n].key, e.key, e.len + 1);
                memcpy(v[n++].tf, e.tf, sizeof v[0].tf);
                got++;
            }
            if (r < 0)
                *used = 0;
            else
                assert_int_equal(got, bl_dict_snapshot_count(snap, p, tail));
        }
        qsort(v, n, sizeof *v, cmp_gathered);
        for (size_t i = 0; *used && i < n; i++)
            list_key(l, v[i].key, strlen(v[i].key), v[i].tf);
    }
    if (!*used) {
        l->n = 0;
        l->s[0] = '\0';
    }
    bl_dict_snapshot_free(snap);
}

/* allterms' terms gathered one entry a key (what a version-2 snapshot holds), then listed in
 * key order. */
typedef struct gathered {
    struct {
        char key[64];
        unsigned long tf[4];
    } v[512];
    size_t n;
} gathered;

static int gather_term(void *ctx, size_t type, const char *term, size_t len, unsigned long tf)
{
    gathered *g = ctx;
    size_t pl = strlen(prefixes[type]), i = 0;
    assert_true(len > pl && len - pl < sizeof g->v[0].key);
    while (i < g->n && (strlen(g->v[i].key) != len - pl || memcmp(g->v[i].key, term + pl, len - pl)))
        i++;
    if (i == g->n) {
        assert_true(g->n < 512);
        memset(&g->v[g->n], 0, sizeof g->v[0]);
        memcpy(g->v[g->n++].key, term + pl, len - pl);
    }
    g->v[i].tf[type] += tf;
    return 0;
}

static int cmp_gathered(const void *a, const void *b) { return strcmp(a, b); }

static void list_allterms(xc_db *db, listing *terms)
{
    static gathered g;
    g.n = 0;
    assert_int_equal(xc_db_allterms_by_part(db, prefixes, 4, gather_term, &g), XC_OK);
    qsort(g.v, g.n, sizeof g.v[0], cmp_gathered);
    for (size_t i = 0; i < g.n; i++)
        list_key(terms, g.v[i].key, strlen(g.v[i].key), g.v[i].tf);
}

/* What the snapshot reader hands on (*used), and what allterms gives, for f's index. */
static void read_both(fixture *f, listing *snap, int *used, listing *terms)
{
    xc_db *db = NULL;
    assert_int_equal(xc_db_open(f->dir, &db, NULL), XC_OK);
    memset(snap, 0, sizeof *snap);
    memset(terms, 0, sizeof *terms);
    list_snapshot(db, snap, used);
    list_allterms(db, terms);
    xc_db_close(db);
}

static void fill(fixture *f)
{
    const char *a[] = {"XPERSON:angela merkel", "XPLACE:berlin", "Qdoc1", "summit"};
    const char *b[] = {"XPERSON:angela merkel", "XORG:european union", "XPLACE:berlin"};
    const char *c[] = {"XOTHER:german", "XPERSON:emmanuel macron", "XPLACE:paris"};
    add_doc(f, a, 4);
    add_doc(f, b, 3);
    add_doc(f, c, 3);
}

static void test_written_with_commit(void **state)
{
    fixture *f = *state;
    fill(f);
    write_and_commit(f);
    listing snap, terms;
    int used = 0;
    read_both(f, &snap, &used, &terms);
    assert_int_equal(used, 1);
    assert_string_equal(snap.s, terms.s);
    assert_non_null(strstr(snap.s, "angela merkel=2,0,0,0;"));
    assert_non_null(strstr(snap.s, "european union=0,0,1,0;"));
}

/* A document added and committed without a new snapshot: the stamp no longer matches. */
static void test_stale_not_used(void **state)
{
    fixture *f = *state;
    fill(f);
    write_and_commit(f);
    const char *d[] = {"XPERSON:olaf scholz"};
    add_doc(f, d, 1);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    listing snap, terms;
    int used = 1;
    read_both(f, &snap, &used, &terms);
    assert_int_equal(used, 0);
    assert_int_equal(snap.n, 0);
    assert_non_null(strstr(terms.s, "olaf scholz"));
}

/* No snapshot at all, an empty one, one with a right stamp but a cut body: none is used. */
static void test_missing_or_malformed_not_used(void **state)
{
    fixture *f = *state;
    fill(f);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    listing snap, terms;
    int used = 1;
    read_both(f, &snap, &used, &terms);
    assert_int_equal(used, 0);

    assert_int_equal(bl_dict_snapshot_write(f->w), XC_OK);
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_DICT_SNAPSHOT, &v, &len), XC_OK);
    assert_true(len > 20);
    for (size_t cut = len - 1; cut > len - 6; cut--) {
        store_and_commit(f, BL_META_DICT_SNAPSHOT, v, cut);
        used = 1;
        read_both(f, &snap, &used, &terms);
        assert_int_equal(used, 0);
        assert_int_equal(snap.n, 0);
    }
    store_and_commit(f, BL_META_DICT_SNAPSHOT, v, len);
    read_both(f, &snap, &used, &terms);
    assert_int_equal(used, 1); /* the whole value again: used */
    free(v);
}

/* Store value (len bytes) as f's snapshot and commit; was it used? */
static int used_after_storing(fixture *f, const char *value, size_t len)
{
    store_and_commit(f, BL_META_DICT_SNAPSHOT, value, len);
    listing snap, terms;
    int used = -1;
    read_both(f, &snap, &used, &terms);
    if (!used)
        assert_int_equal(snap.n, 0); /* nothing handed on from a refused snapshot */
    else
        assert_string_equal(snap.s, terms.s);
    return used;
}

/* Every single damaged byte of a real snapshot (two ways) is refused, never read as other
 * keys or frequencies: the checksum sees it, or the parse does. */
static void test_every_damaged_byte_refused(void **state)
{
    fixture *f = *state;
    fill(f);
    assert_int_equal(bl_dict_snapshot_write(f->w), XC_OK);
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_DICT_SNAPSHOT, &v, &len), XC_OK);
    assert_true(len > 40);
    char *bad = malloc(len);
    assert_non_null(bad);
    for (size_t i = 0; i < len; i++)
        for (int flip = 0; flip < 2; flip++) {
            memcpy(bad, v, len);
            bad[i] ^= flip ? (char)0xff : (char)0x01;
            assert_int_equal(used_after_storing(f, bad, len), 0);
        }
    assert_int_equal(used_after_storing(f, v, len), 1);
    free(bad);
    free(v);
}

/* bl_crc32 gives zlib's crc32, whatever the length (below, at and above the 64 bytes the
 * fold starts at, not multiples of 16), the start (unaligned) and the value continued. */
static void test_crc32_as_zlib(void **state)
{
    (void)state;
    static unsigned char buf[20000 + 64];
    unsigned long long x = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < sizeof buf; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        buf[i] = (unsigned char)x;
    }
    static const size_t lens[] = {0, 1, 15, 16, 17, 63, 64, 65, 79, 80, 127, 128, 129, 191,
                                  192, 255, 256, 1000, 4096, 6251, 12500, 20000};
    for (size_t l = 0; l < sizeof lens / sizeof *lens; l++)
        for (size_t off = 0; off < 17; off++)
            for (int seed = 0; seed < 2; seed++) {
                unsigned long from = seed ? crc32(0L, buf + 20000, 37) : 0;
                unsigned long want = crc32(from, buf + off, (uInt)lens[l]);
                if (bl_crc32(from, buf + off, lens[l]) != want)
                    fail_msg("length %zu at %zu from %lx: %lx, zlib %lx", lens[l], off, from,
                             bl_crc32(from, buf + off, lens[l]), want);
            }
    for (size_t len = 0; len < 600; len++) /* every length up to some folds of 64 */
        assert_int_equal(bl_crc32(0L, buf + 3, len), crc32(0L, buf + 3, (uInt)len));
}

/* The CRC-32 of v[0..n) into v[n..n + 4), little-endian: a snapshot's checksum. */
static void put_crc(char *v, size_t n)
{
    uLong crc = crc32(0L, (const Bytef *)v, (uInt)n);
    for (int k = 0; k < 4; k++)
        v[n + (size_t)k] = (char)(crc >> (8 * k) & 0xff);
}

/* A version-2 value with the shard's stamp and a right checksum, body as given. */
static size_t put_v(char *out, unsigned long long v)
{
    size_t n = 0;
    do {
        out[n++] = (char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return n;
}

static size_t crafted(fixture *f, const char *magic, const char *body, size_t body_len,
                      char *out)
{
    xc_shard_stamp st;
    assert_int_equal(xc_wdb_stamp(f->w, &st), XC_OK);
    size_t n = strlen(magic);
    memcpy(out, magic, n);
    n += put_v(out + n, st.doccount);
    n += put_v(out + n, st.lastdocid);
    n += put_v(out + n, st.total_length);
    memcpy(out + n, body, body_len);
    n += body_len;
    put_crc(out, n);
    return n + 4;
}

/* Store a crafted value (len bytes) as f's snapshot and commit; was it used?  (What it lists
 * is its own, not the shard's terms.) */
static int crafted_used(fixture *f, const char *value, size_t len)
{
    store_and_commit(f, BL_META_DICT_SNAPSHOT, value, len);
    xc_db *db = NULL;
    listing snap = {0};
    int used = -1;
    assert_int_equal(xc_db_open(f->dir, &db, NULL), XC_OK);
    list_snapshot(db, &snap, &used);
    xc_db_close(db);
    if (!used)
        assert_int_equal(snap.n, 0);
    return used;
}

/* A version-2 body (after the stamp): bound, the head's nhead entries, the tail's ntail
 * entries, no dense keys and the tail's index, as given. */
static size_t v2_body(char *out, unsigned long long bound, unsigned long long nhead,
                      const char *head, size_t head_len, unsigned long long ntail,
                      const char *tail, size_t tail_len, const char *index, size_t index_len)
{
    size_t n = put_v(out, bound);
    n += put_v(out + n, nhead);
    n += put_v(out + n, head_len);
    n += put_v(out + n, ntail);
    n += put_v(out + n, tail_len);
    n += put_v(out + n, 0); /* no dense keys */
    n += put_v(out + n, 0);
    memcpy(out + n, head, head_len);
    n += head_len;
    memcpy(out + n, tail, tail_len);
    n += tail_len;
    memcpy(out + n, index, index_len);
    return n + index_len;
}

/* Well checksummed but malformed bodies (written by something else than byline) are refused
 * as a whole; a version-1 snapshot (byline before this format) is treated as absent. */
static void test_malformed_bodies_refused(void **state)
{
    fixture *f = *state;
    fill(f);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
#define RUN(n, lit) {n, lit, sizeof lit - 1}
    static const struct {
        unsigned long long n; /* keys said to be in the head (bound 1, no tail) */
        const char *entries;
        size_t len;
    } bad[] = {
        RUN(2, "\x01" "a\0\x01\x01" "\x01" "a\0\x01\x01"),     /* a key twice */
        RUN(2, "\x01" "b\0\x01\x01" "\x01" "a\0\x01\x01"),     /* keys out of order */
        RUN(1, "\x01" "a\0\x00"),                               /* no type */
        RUN(1, "\x01" "a\0\x10\x01"),                           /* an unknown type */
        RUN(1, "\x01" "a\0\x01\x00"),                           /* a frequency 0 */
        RUN(1, "\x01" "a\0\x01\x80\x80\x80\x80\x10"),           /* a frequency 2^32 */
        RUN(1, "\x02" "ab\x01\x01"),                            /* no NUL after the key */
        RUN(1, "\x02" "a\0\0\x01\x01"),                         /* a NUL in the key */
        RUN(1, "\x00\0\x01\x01"),                               /* an empty key */
        RUN(1, "\x7f" "a\0\x01\x01"),                           /* a key past the end */
        RUN(2, "\x01" "a\0\x01\x01" "\x01" "b\0\x01\x01" "\x01" "c\0\x01\x01"), /* more keys */
        RUN(1, "\x01" "a\0\x01\x01" "\x01" "b\0\x01\x01"),     /* bytes after the keys */
        RUN(1, "\x01" "a\0\x01\xff"),                           /* a cut varint */
    };
    char value[256], body[192];
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t bl = v2_body(body, 1, bad[i].n, bad[i].entries, bad[i].len, 0, "", 0, "", 0);
        size_t n = crafted(f, "BLDICT2\n", body, bl, value);
        if (crafted_used(f, value, n) != 0)
            fail_msg("malformed head %zu was used", i);
    }
    static const char two[] = "\x01" "a\0\x01\x01" "\x01" "b\0\x05\x02\x03";
    const size_t two_len = sizeof two - 1;
    static const char too_long[] = "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01";
    size_t n = crafted(f, "BLDICT2\n", too_long, sizeof too_long - 1, value); /* a bound */
    assert_int_equal(crafted_used(f, value, n), 0);
    /* lengths that do not add up, a bound of 0, a head key below the bound, a tail key at
     * it, an index of the wrong size */
    size_t bl = v2_body(body, 1, 2, two, two_len + 1, 0, "", 0, "", 0);
    assert_int_equal(crafted_used(f, value, crafted(f, "BLDICT2\n", body, bl - 1, value)), 0);
    bl = v2_body(body, 0, 2, two, two_len, 0, "", 0, "", 0);
    assert_int_equal(crafted_used(f, value, crafted(f, "BLDICT2\n", body, bl, value)), 0);
    bl = v2_body(body, 3, 2, two, two_len, 0, "", 0, "", 0); /* a has 1 < 3 */
    assert_int_equal(crafted_used(f, value, crafted(f, "BLDICT2\n", body, bl, value)), 0);
    bl = v2_body(body, 2, 1, two + 5, two_len - 5, 1, two, 5, "\0\0\0\0", 4); /* a in tail ok */
    assert_int_equal(crafted_used(f, value, crafted(f, "BLDICT2\n", body, bl, value)), 1);
    bl = v2_body(body, 1, 1, two + 5, two_len - 5, 1, two, 5, "\0\0\0\0", 4); /* a: 1 >= 1 */
    assert_int_equal(crafted_used(f, value, crafted(f, "BLDICT2\n", body, bl, value)), 0);
    bl = v2_body(body, 2, 1, two + 5, two_len - 5, 1, two, 5, "", 0); /* no index */
    assert_int_equal(crafted_used(f, value, crafted(f, "BLDICT2\n", body, bl, value)), 0);
    /* the same framing with good bodies is used: the cases above fail for their flaw */
    bl = v2_body(body, 1, 2, two, two_len, 0, "", 0, "", 0);
    n = crafted(f, "BLDICT2\n", body, bl, value);
    store_and_commit(f, BL_META_DICT_SNAPSHOT, value, n);
    xc_db *db = NULL;
    listing snap = {0};
    int used = 0;
    assert_int_equal(xc_db_open(f->dir, &db, NULL), XC_OK);
    list_snapshot(db, &snap, &used);
    xc_db_close(db);
    assert_int_equal(used, 1);
    assert_string_equal(snap.s, "a=1,0,0,0;b=2,0,3,0;");
    /* version 1 (per-type sections, no checksum): not read, the terms are */
    char v1[64];
    size_t n1 = crafted(f, "BLDICT1\n", "\x01\x02\x01" "a\0\0\0", 7, v1) - 4;
    assert_int_equal(used_after_storing(f, value, 0) + used_after_storing(f, v1, n1), 0);
}

/* A shard of more keys than a head holds: the head has the most frequent (at least the
 * bound), the tail the others, together every key once as allterms gives them; each tail key
 * is found through the index, head keys and absent ones are not; a damaged index offset
 * is reported, not followed. */
/* 60 documents naming 300 keys: key k%03d by (k % 60) + 1 of them (org for k % 3 == 0,
 * else person). */
static void fill_300_keys(fixture *f)
{
    char term[32];
    for (int d = 1; d <= 60; d++) {
        xc_doc *doc = NULL;
        assert_int_equal(xc_doc_new(&doc), XC_OK);
        for (int k = 0; k < 300; k++)
            if (k % 60 + 1 >= d) {
                snprintf(term, sizeof term, "%sk%03d", k % 3 ? BL_PREFIX_PERSON : BL_PREFIX_ORG, k);
                assert_int_equal(xc_doc_add_boolean_term(doc, term, strlen(term)), XC_OK);
            }
        assert_int_equal(xc_wdb_add(f->w, doc, NULL), XC_OK);
        xc_doc_free(doc);
    }
}

static void test_head_and_tail(void **state)
{
    fixture *f = *state;
    char term[32];
    fill_300_keys(f);
    write_and_commit(f);
    listing snap, terms;
    int used = 0;
    read_both(f, &snap, &used, &terms);
    assert_int_equal(used, 1);
    assert_string_equal(snap.s, terms.s);
    xc_db *db = NULL;
    assert_int_equal(xc_db_open(f->dir, &db, NULL), XC_OK);
    bl_dict_snapshot *s = NULL;
    assert_int_equal(bl_dict_snapshot_open(db, &s), XC_OK);
    assert_non_null(s);
    unsigned long long bound = bl_dict_snapshot_bound(s, 0);
    assert_true(bound > 1);
    /* at most 64 keys (a 16th of 300 is fewer), as many as the ties at the bound allow */
    assert_true(bl_dict_snapshot_count(s, 0, 0) > 32 && bl_dict_snapshot_count(s, 0, 0) <= 64);
    assert_int_equal(bl_dict_snapshot_count(s, 0, 0) + bl_dict_snapshot_count(s, 0, 1), 300);
    for (int k = 0; k < 300; k++) {
        bl_dict_entry e;
        snprintf(term, sizeof term, "k%03d", k);
        unsigned long docs = (unsigned long)(k % 60 + 1);
        int found = bl_dict_snapshot_find(s, 0, term, strlen(term), &e);
        assert_int_equal(found, docs < bound ? 1 : 0);
        if (found)
            assert_int_equal(e.tf[k % 3 ? 0 : 2], docs);
    }
    bl_dict_entry e;
    assert_int_equal(bl_dict_snapshot_find(s, 0, "k", 1, &e), 0);
    assert_int_equal(bl_dict_snapshot_find(s, 0, "zzz", 3, &e), 0);
    bl_dict_snapshot_free(s);
    xc_db_close(db);
    /* an index offset past the tail, checksum made right: the look-up says so */
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_DICT_SNAPSHOT, &v, &len), XC_OK);
    v[len - 4 - 4 * 2 + 3] = 0x7f; /* the second-to-last index point's high byte */
    put_crc(v, len - 4); /* the checksum made right */
    store_and_commit(f, BL_META_DICT_SNAPSHOT, v, len);
    free(v);
    assert_int_equal(xc_db_open(f->dir, &db, NULL), XC_OK);
    assert_int_equal(bl_dict_snapshot_open(db, &s), XC_OK);
    assert_non_null(s);
    int bad = 0;
    for (int k = 0; k < 300; k++) {
        snprintf(term, sizeof term, "k%03d", k);
        bad |= bl_dict_snapshot_find(s, 0, term, strlen(term), &e) < 0;
    }
    assert_true(bad);
    bl_dict_snapshot_free(s);
    xc_db_close(db);
}

static void fill_dense(fixture *f, int n);

/* The heads of f's committed index, read from the heads values: 1 when usable, and then
 * they (head entries, bound, tail counts, the dense key angela merkel) are those of the
 * whole snapshots, and
 * the tail cannot be read (-1, never "empty" or "not there"). */
static int heads_match_whole(fixture *f)
{
    xc_db *db = NULL;
    assert_int_equal(xc_db_open(f->dir, &db, NULL), XC_OK);
    bl_dict_snapshot *h = NULL, *s = NULL;
    assert_int_equal(bl_dict_snapshot_open_heads(db, &h), XC_OK);
    assert_int_equal(bl_dict_snapshot_open(db, &s), XC_OK);
    assert_non_null(s);
    int usable = h != NULL;
    if (h) {
        assert_int_equal(bl_dict_snapshot_parts(h), 1);
        assert_int_equal(bl_dict_snapshot_bound(h, 0), bl_dict_snapshot_bound(s, 0));
        assert_int_equal(bl_dict_snapshot_count(h, 0, 0), bl_dict_snapshot_count(s, 0, 0));
        assert_int_equal(bl_dict_snapshot_count(h, 0, 1), bl_dict_snapshot_count(s, 0, 1));
        bl_dict_entry a, b;
        int ra, rb;
        do {
            ra = bl_dict_snapshot_next(h, 0, 0, &a);
            rb = bl_dict_snapshot_next(s, 0, 0, &b);
            assert_int_equal(ra, rb);
            if (ra > 0) {
                assert_int_equal(a.len, b.len);
                assert_memory_equal(a.key, b.key, a.len);
                assert_memory_equal(a.tf, b.tf, sizeof a.tf);
            }
        } while (ra > 0);
        assert_int_equal(ra, 0);
        assert_int_equal(bl_dict_snapshot_next(h, 0, 1, &a), -1);
        assert_int_equal(bl_dict_snapshot_find(h, 0, "k000", 4, &a), -1);
        unsigned long ca = 0, cb = 0;
        unsigned long long la = 0, lb = 0;
        assert_int_equal(bl_dict_snapshot_dense(h, 0, "angela merkel", 13, &ca, &la), 1);
        assert_int_equal(bl_dict_snapshot_dense(s, 0, "angela merkel", 13, &cb, &lb), 1);
        assert_true(ca == cb && la == lb);
    }
    bl_dict_snapshot_free(h);
    bl_dict_snapshot_free(s);
    xc_db_close(db);
    return usable;
}

/* The heads value each commit writes beside the snapshot: the same heads (a dense key among
 * them); every single damaged byte refused; stale once a document is committed without it;
 * missing (an index written before heads values existed: only the whole snapshot is read)
 * until the next commit, which writes it even when it changes no document. */
static void test_heads_value(void **state)
{
    fixture *f = *state;
    fill_300_keys(f);
    fill_dense(f, 100);
    write_and_commit(f);
    assert_int_equal(heads_match_whole(f), 1);
    char *v = NULL, *bad = NULL;
    size_t len = 0;
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_DICT_HEADS, &v, &len), XC_OK);
    char *whole = NULL;
    size_t whole_len = 0;
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_DICT_SNAPSHOT, &whole, &whole_len), XC_OK);
    assert_true(len > 100 && len < whole_len / 2);
    free(whole);
    assert_non_null(bad = malloc(len));
    for (size_t i = 0; i < len; i++)
        for (int flip = 0; flip < 2; flip++) {
            memcpy(bad, v, len);
            bad[i] ^= flip ? (char)0xff : (char)0x01;
            store_and_commit(f, BL_META_DICT_HEADS, bad, len);
            assert_int_equal(heads_match_whole(f), 0);
        }
    store_and_commit(f, BL_META_DICT_HEADS, v, len - 1); /* cut */
    assert_int_equal(heads_match_whole(f), 0);
    store_and_commit(f, BL_META_DICT_HEADS, v, len);
    assert_int_equal(heads_match_whole(f), 1);
    /* removed: not read; a commit that changes nothing puts it back, the same bytes */
    store_and_commit(f, BL_META_DICT_HEADS, NULL, 0);
    assert_int_equal(heads_match_whole(f), 0);
    bl_dict_changes *c = bl_dict_changes_new();
    assert_non_null(c);
    bl_dict_changes_reset(c, f->w, 0);
    int patched = -1;
    assert_int_equal(bl_dict_snapshot_update(f->w, c, &patched), XC_OK);
    assert_int_equal(patched, 1);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    assert_int_equal(heads_match_whole(f), 1);
    char *again = NULL;
    size_t again_len = 0;
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_DICT_HEADS, &again, &again_len), XC_OK);
    assert_int_equal(again_len, len);
    assert_memory_equal(again, v, len);
    free(again);
    /* stale: a document committed without a new snapshot */
    const char *d[] = {"XPERSON:olaf scholz"};
    add_doc(f, d, 1);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    xc_db *db = NULL;
    bl_dict_snapshot *h = NULL;
    assert_int_equal(xc_db_open(f->dir, &db, NULL), XC_OK);
    assert_int_equal(bl_dict_snapshot_open_heads(db, &h), XC_OK);
    assert_null(h);
    xc_db_close(db);
    bl_dict_changes_free(c);
    free(bad);
    free(v);
}

/* Forged heads values (random bytes changed, cut or grown after the stamp, the checksum then
 * made right, as a forger would): never a crash, an endless read or a read out of bounds
 * (make asan / valgrind), and a value that is accepted claims no bound above any key's
 * possible total (4 x doccount + 1), hands on at most the head keys it counts (an entry no
 * more frequent under a type than the documents, at or above the bound), and no tail. */
static void test_heads_forged(void **state)
{
    fixture *f = *state;
    fill_300_keys(f);
    fill_dense(f, 100);
    write_and_commit(f);
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_DICT_HEADS, &v, &len), XC_OK);
    xc_db *db = NULL;
    xc_shard_stamp st;
    assert_int_equal(xc_wdb_stamp(f->w, &st), XC_OK);
    unsigned long long docs = st.doccount;
    size_t stamp = 8; /* magic, then the stamp's three varints */
    for (int k = 0; k < 3; k++)
        while ((unsigned char)v[stamp++] & 0x80)
            ;
    char *bad = malloc(len + 64);
    assert_non_null(bad);
    unsigned long long x = 0x2545f4914f6cdd1dull;
    int accepted = 0;
    for (int round = 0; round < 400; round++) {
        size_t n = len;
        memcpy(bad, v, len);
        for (int m = 0; m < 1 + round % 3; m++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            size_t at = stamp + (size_t)(x >> 8) % (n - 4 - stamp); /* in the body */
            unsigned char b = (unsigned char)x;
            switch ((x >> 40) % 6) {
            case 0: bad[at] = (char)b; break;                      /* any byte */
            case 1: bad[at] = (char)0xff; break;                   /* a longer varint */
            case 2: bad[at] = (char)(b & 0x7f); break;             /* a shorter one */
            case 3: bad[at] ^= (char)(1 << (b & 7)); break;        /* one bit */
            case 4: n -= n - 4 > at + 1 ? 1 : 0; break;            /* one byte fewer */
            default: memmove(bad + at + 1, bad + at, n - at); bad[at] = (char)b; n++; break;
            }
        }
        unsigned long crc = bl_crc32(0L, bad, n - 4);
        for (int k = 0; k < 4; k++)
            bad[n - 4 + (size_t)k] = (char)(crc >> (8 * k) & 0xff);
        store_and_commit(f, BL_META_DICT_HEADS, bad, n);
        assert_int_equal(xc_db_open(f->dir, &db, NULL), XC_OK);
        bl_dict_snapshot *h = NULL;
        assert_int_equal(bl_dict_snapshot_open_heads(db, &h), XC_OK);
        if (h) {
            accepted++;
            unsigned long long bound = bl_dict_snapshot_bound(h, 0), read = 0;
            assert_true(bound >= 1 && bound <= 4 * docs + 1);
            bl_dict_entry e;
            int r;
            while ((r = bl_dict_snapshot_next(h, 0, 0, &e)) > 0) {
                unsigned long long total = 0;
                for (int t = 0; t < 4; t++) {
                    assert_true(e.tf[t] <= docs);
                    total += e.tf[t];
                }
                assert_true(total >= bound && e.len > 0 && memchr(e.key, 0, e.len) == NULL);
                assert_true(++read <= bl_dict_snapshot_count(h, 0, 0));
            }
            assert_int_equal(bl_dict_snapshot_next(h, 0, 1, &e), -1);
            assert_int_equal(bl_dict_snapshot_find(h, 0, "k000", 4, &e), -1);
            unsigned long dcrc = 0;
            unsigned long long dlen = 0;
            bl_dict_snapshot_dense(h, 0, "angela merkel", 13, &dcrc, &dlen);
            bl_dict_snapshot_free(h);
        }
        xc_db_close(db);
    }
    /* some forgeries keep the format (a changed count or name): the checks saw them too */
    assert_true(accepted > 0 && accepted < 400);
    free(bad);
    free(v);
}

/* n documents "Qdoc-i": each names angela merkel as a person, every tenth also as a place
 * (one key under two types, counted once), the first three name the org "rare". */
static void fill_dense(fixture *f, int n)
{
    char id[32];
    for (int i = 1; i <= n; i++) {
        snprintf(id, sizeof id, "Qdoc-%d", i);
        const char *t[] = {id, "XPERSON:angela merkel", i % 10 ? "XORG:rare" : "XPLACE:angela merkel"};
        add_doc(f, t, i % 10 == 0 || i <= 3 ? 3 : 2);
    }
}

/* bl_dense_key_count over f's committed index with the odd docids and the tens up to 100
 * matching (60 documents, the ten that name angela merkel twice among them); *named (unless
 * NULL) the documents naming key. */
static unsigned long dense_count(fixture *f, const char *key, int *found, unsigned long *named)
{
    xc_db *db = NULL;
    assert_int_equal(xc_db_open(f->dir, &db, NULL), XC_OK);
    xc_docid last = 0;
    assert_int_equal(xc_db_last_docid(db, &last), XC_OK);
    unsigned long long *match = calloc(last / 64 + 1, sizeof *match);
    assert_non_null(match);
    for (xc_docid d = 1; d <= last && d <= 100; d++)
        if (d % 2 || d % 10 == 0)
            match[d / 64] |= 1ull << (d % 64);
    bl_shard_match *m = bl_shard_match_new(match, last);
    assert_non_null(m);
    unsigned long c = 99;
    *found = -1;
    bl_dict_snapshot *snap = NULL; /* NULL when stale or damaged: no bitmap is then used */
    assert_int_equal(bl_dict_snapshot_open(db, &snap), XC_OK);
    assert_int_equal(bl_dense_key_count(db, snap, key, m, &c, named, found), XC_OK);
    bl_dict_snapshot_free(snap);
    bl_shard_match_free(m);
    free(match);
    xc_db_close(db);
    return c;
}

/* key's bitmaps are used, and count want of the matching documents (dense_count). */
static void expect_dense(fixture *f, const char *key, unsigned long want)
{
    int found = 0;
    assert_int_equal(dense_count(f, key, &found, NULL), want);
    assert_int_equal(found, 1);
}

/* key has no bitmap a reader may use (dense_count). */
static void expect_no_dense(fixture *f, const char *key)
{
    int found = 1;
    dense_count(f, key, &found, NULL);
    assert_int_equal(found, 0);
}

/* A key most documents name gets its bitmap with the commit, counted against a match (a
 * document named under two types once); a rare key has none; a stale one is not used. */
static void test_dense_key_bitmaps(void **state)
{
    fixture *f = *state;
    fill_dense(f, 100);
    write_and_commit(f);
    expect_dense(f, "angela merkel", 60);
    unsigned long named = 0;
    int found = 0;
    dense_count(f, "angela merkel", &found, &named);
    assert_int_equal(named, 100); /* every document names it, once whatever its types */
    expect_no_dense(f, "rare");
    expect_no_dense(f, "nobody");
    const char *more[] = {"Qdoc-101", "XPERSON:angela merkel"};
    add_doc(f, more, 2);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK); /* no new snapshot: stale */
    expect_no_dense(f, "angela merkel");
    write_and_commit(f);
    expect_dense(f, "angela merkel", 60);
    /* a document that does not name the key leaves its bitmap as it was, still used by the
     * new snapshot; one that names it changes it */
    char *before = NULL, *after = NULL;
    size_t before_len = 0, after_len = 0;
    const char *name = BL_META_KEY_DOCS ":angela merkel";
    assert_int_equal(xc_wdb_get_metadata(f->w, name, &before, &before_len), XC_OK);
    const char *other[] = {"Qdoc-102", "XPLACE:berlin"};
    add_doc(f, other, 2);
    write_and_commit(f);
    assert_int_equal(xc_wdb_get_metadata(f->w, name, &after, &after_len), XC_OK);
    assert_int_equal(after_len, before_len);
    assert_memory_equal(after, before, before_len);
    expect_dense(f, "angela merkel", 60);
    free(after);
    const char *naming[] = {"Qdoc-103", "XPERSON:angela merkel"};
    add_doc(f, naming, 2);
    write_and_commit(f);
    assert_int_equal(xc_wdb_get_metadata(f->w, name, &after, &after_len), XC_OK);
    assert_true(after_len != before_len || memcmp(after, before, before_len) != 0);
    expect_dense(f, "angela merkel", 60); /* 103 is not a match */
    free(after);
    free(before);
}

/* Every damaged byte of a bitmap value, and a well-checksummed value that says more bits
 * than it holds, are refused (the posting lists are read instead). */
static void test_dense_key_damage_refused(void **state)
{
    fixture *f = *state;
    fill_dense(f, 100);
    assert_int_equal(bl_dict_snapshot_write(f->w), XC_OK);
    const char *name = BL_META_KEY_DOCS ":angela merkel";
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xc_wdb_get_metadata(f->w, name, &v, &len), XC_OK);
    assert_true(len > 20);
    char *bad = malloc(len);
    assert_non_null(bad);
    int found = 0;
    for (size_t i = 0; i < len; i++)
        for (int flip = 0; flip < 2; flip++) {
            memcpy(bad, v, len);
            bad[i] ^= flip ? (char)0xff : (char)0x01;
            store_and_commit(f, name, bad, len);
            dense_count(f, "angela merkel", &found, NULL);
            if (found)
                fail_msg("byte %zu damaged (flip %d) was used", i, flip);
        }
    /* the bits-set count raised by one, and the snapshot made to name that value (its CRC in
     * the dense section, the snapshot's own CRC made right): refused, the bits disagree */
    memcpy(bad, v, len);
    size_t at = 6; /* after "BLKD2\n": the bits set */
    assert_false(bad[at] & 0x80);
    bad[at]++;
    char *snap = NULL;
    size_t snap_len = 0;
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_DICT_SNAPSHOT, &snap, &snap_len), XC_OK);
    const unsigned char *p = (const unsigned char *)snap + 8;
    unsigned long long h[10];
    for (int k = 0; k < 10; k++) { /* stamp (3), bound, nhead, head, ntail, tail, ndense, dense */
        h[k] = 0;
        for (int shift = 0;; shift += 7) {
            h[k] |= (unsigned long long)(*p & 0x7f) << shift;
            if (!(*p++ & 0x80))
                break;
        }
    }
    assert_int_equal(h[8], 1); /* one dense key: angela merkel */
    p += h[5] + h[7] + 1 + strlen("angela merkel"); /* to its value's CRC */
    uLong forged = crc32(0L, (const Bytef *)bad, (uInt)len);
    size_t crc_at = (size_t)(p - (const unsigned char *)snap);
    for (int k = 0; k < 4; k++)
        snap[crc_at + (size_t)k] = (char)(forged >> (8 * k) & 0xff);
    put_crc(snap, snap_len - 4);
    assert_int_equal(xc_wdb_set_metadata(f->w, BL_META_DICT_SNAPSHOT, snap, snap_len), XC_OK);
    store_and_commit(f, name, bad, len);
    expect_no_dense(f, "angela merkel");
    bad[at]--; /* the value as written, which the forged snapshot does not name: refused */
    store_and_commit(f, name, bad, len);
    expect_no_dense(f, "angela merkel");
    free(snap);
    write_and_commit(f); /* a new snapshot names it again */
    expect_dense(f, "angela merkel", 60);
    store_and_commit(f, name, v, len); /* whole again: used */
    expect_dense(f, "angela merkel", 60);
    free(bad);
    free(v);
}

/* A key no longer dense loses its bitmap with the next snapshot, and leaves the list. */
static void test_dense_key_removed(void **state)
{
    fixture *f = *state;
    fill_dense(f, 100);
    write_and_commit(f);
    char id[32];
    for (int i = 1; i <= 50; i++) {
        snprintf(id, sizeof id, "Qdoc-%d", i);
        assert_int_equal(xc_wdb_delete(f->w, id), XC_OK);
    }
    write_and_commit(f);
    char *v = NULL;
    size_t len = 1;
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_KEY_DOCS ":angela merkel", &v, &len),
                     XC_OK);
    assert_int_equal(len, 0);
    free(v);
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_KEY_DOCS, &v, &len), XC_OK);
    assert_int_equal(len, 0);
    free(v);
    expect_no_dense(f, "angela merkel");
}

/* A byline index beside f's database (its folder into db) and options for it: two shards. */
static void index_options(fixture *f, char *db, size_t size, bl_index_options *io)
{
    snprintf(db, size, "%.*s/ix", (int)(strlen(f->dir) - 3), f->dir);
    bl_index_options_init(io);
    io->shards = 2;
}

/* A two-shard index at db (its path, written into db[0..size)) opened for writing. */
static bl_index *open_index(fixture *f, char *db, size_t size)
{
    bl_index_options io;
    bl_index *ix = NULL;
    index_options(f, db, size, &io);
    assert_int_equal(bl_index_open(db, &io, &ix, NULL), BL_OK);
    return ix;
}

/* Byline's own indexer writes a current snapshot into every shard with every commit, and it
 * agrees with the shard's terms (a commit that skipped it would leave readers on allterms). */
static void test_indexer_writes_them(void **state)
{
    fixture *f = *state;
    char db[96];
    bl_index *ix = open_index(f, db, sizeof db);
    char id[32], text[256];
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 5; i++) {
            bl_document d;
            bl_document_init(&d);
            snprintf(id, sizeof id, "doc-%d-%d", round, i);
            snprintf(text, sizeof text, "Report %d\n\nChancellor Angela Merkel met President "
                     "Emmanuel Macron in Paris on day %d.\n", i, i);
            d.id = id;
            d.text = text;
            d.text_len = strlen(text);
            assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
        }
        assert_int_equal(bl_index_commit(ix), BL_OK);
        for (int k = 0; k < 2; k++) {
            char shard[128];
            snprintf(shard, sizeof shard, "%s/shards/%02d", db, k);
            xc_db *sdb = NULL;
            assert_int_equal(xc_db_open(shard, &sdb, NULL), XC_OK);
            listing snap = {0}, terms = {0};
            int used = 0;
            list_snapshot(sdb, &snap, &used);
            list_allterms(sdb, &terms);
            xc_db_close(sdb);
            assert_int_equal(used, 1);
            assert_string_equal(snap.s, terms.s);
            assert_non_null(strstr(snap.s, "angela merkel"));
        }
    }
    assert_int_equal(bl_index_close(ix), BL_OK);
}

/* ---- patching the last commit's snapshot ------------------------------------------------ */

/* Everything a commit writes for the dictionary in w (pending changes included): the
 * heads value, the snapshot, the list of dense keys and each listed key's bitmap, one after
 * the other (malloc()ed, *len bytes). */
static char *written_state(xc_wdb *w, size_t *len)
{
    char *out = NULL, *v = NULL, *list = NULL, *heads = NULL;
    size_t n = 0, vlen = 0, list_len = 0, heads_len = 0;
    assert_int_equal(xc_wdb_get_metadata(w, BL_META_DICT_SNAPSHOT, &v, &vlen), XC_OK);
    assert_int_equal(xc_wdb_get_metadata(w, BL_META_KEY_DOCS, &list, &list_len), XC_OK);
    assert_int_equal(xc_wdb_get_metadata(w, BL_META_DICT_HEADS, &heads, &heads_len), XC_OK);
    assert_true(heads_len > 0);
    out = malloc(heads_len + vlen + list_len + 3);
    assert_non_null(out);
    memcpy(out, heads, heads_len);
    out[heads_len] = '|';
    memcpy(out + heads_len + 1, v, vlen);
    out[heads_len + 1 + vlen] = '|';
    memcpy(out + heads_len + vlen + 2, list, list_len);
    n = heads_len + vlen + list_len + 2;
    free(heads);
    free(v);
    for (size_t at = 0; at < list_len; at += strlen(list + at) + 1) {
        char name[320];
        snprintf(name, sizeof name, "%s:%s", BL_META_KEY_DOCS, list + at);
        assert_int_equal(xc_wdb_get_metadata(w, name, &v, &vlen), XC_OK);
        assert_true(vlen > 0); /* every listed key has its bitmap */
        char *more = realloc(out, n + vlen + 1);
        assert_non_null(more);
        out = more;
        out[n++] = '|';
        memcpy(out + n, v, vlen);
        n += vlen;
        free(v);
    }
    free(list);
    *len = n;
    return out;
}

/* What w holds for the dictionary now is, byte for byte, what a whole rebuild of it
 * (bl_dict_snapshot_write, left pending in w) writes. */
static void assert_same_as_rebuild(xc_wdb *w)
{
    size_t a_len = 0, b_len = 0;
    char *a = written_state(w, &a_len);
    assert_int_equal(bl_dict_snapshot_write(w), XC_OK);
    char *b = written_state(w, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    free(a);
    free(b);
}

/* Write f's snapshot through bl_dict_snapshot_update from c; it must have been patched (or
 * rebuilt whole: want_patched 0), and hold exactly what a whole rebuild of the same pending
 * changes writes; then commit and start noting again. */
static void update_and_compare(fixture *f, bl_dict_changes *c, int want_patched)
{
    int patched = -1;
    assert_int_equal(bl_dict_snapshot_update(f->w, c, &patched), XC_OK);
    assert_int_equal(patched, want_patched);
    assert_same_as_rebuild(f->w);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    bl_dict_changes_reset(c, f->w, 1);
}

/* Put (add or replace) the document "Q" + id with terms, noting it as byline-index does. */
static void put_noted(fixture *f, bl_dict_changes *c, const char *id, const char *const *terms,
                      size_t n)
{
    char q[64];
    snprintf(q, sizeof q, "Q%s", id);
    xc_doc *d = NULL;
    assert_int_equal(xc_doc_new(&d), XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(d, q, strlen(q)), XC_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(xc_doc_add_boolean_term(d, terms[i], strlen(terms[i])), XC_OK);
    bl_dict_changes_note_indexed(c, f->w, q);
    xc_docid docid = 0;
    assert_int_equal(xc_wdb_replace(f->w, q, d, &docid), XC_OK);
    bl_dict_changes_note_doc(c, d, docid);
    xc_doc_free(d);
}

static void delete_noted(fixture *f, bl_dict_changes *c, const char *term)
{
    bl_dict_changes_note_indexed(c, f->w, term);
    assert_int_equal(xc_wdb_delete(f->w, term), XC_OK);
}

/* 400 documents: every one names angela merkel (dense), the first 90 emmanuel macron (dense
 * until some go), each a key of its own ("key-i", a tail of hundreds) and one of 20 shared
 * places; documents 1..40 come from file "a" (a boolean term, as --prune deletes by). */
static void fill_patchable(fixture *f, bl_dict_changes *c)
{
    for (int i = 1; i <= 400; i++) {
        char id[32], own[32], place[32];
        snprintf(id, sizeof id, "d%d", i);
        snprintf(own, sizeof own, "XOTHER:key-%d", i);
        snprintf(place, sizeof place, "XPLACE:town %d", i % 20);
        const char *t[] = {"XPERSON:angela merkel", own, place,
                           i <= 40 ? "Pa" : "Pb", "XPERSON:emmanuel macron"};
        put_noted(f, c, id, t, i <= 90 ? 5 : 4);
    }
    write_and_commit(f);
    bl_dict_changes_reset(c, f->w, 1);
}

/* A small commit patches the last commit's snapshot and bitmaps, and they come out the same,
 * byte for byte, as a whole rebuild: after adds (new keys, a key under a new type), replaces
 * (keys dropped and gained), deletes, a --prune-style delete of many documents by one term
 * (a dense key stops being dense, keys vanish), and a commit that changes nothing. */
static void test_patch_equals_rebuild(void **state)
{
    fixture *f = *state;
    bl_dict_changes *c = bl_dict_changes_new();
    assert_non_null(c);
    bl_dict_changes_reset(c, f->w, 1);
    fill_patchable(f, c);
    const char *add1[] = {"XPERSON:angela merkel", "XORG:new body", "XPLACE:key-7", "Pb"};
    put_noted(f, c, "new1", add1, 4);
    const char *add2[] = {"XPERSON:zz top", "XOTHER:key-401", "Pb"};
    put_noted(f, c, "new2", add2, 3);
    update_and_compare(f, c, 1);
    const char *rep1[] = {"XPERSON:emmanuel macron", "XOTHER:key-2", "Pb"}; /* drops merkel */
    put_noted(f, c, "d2", rep1, 3);
    const char *rep2[] = {"XORG:angela merkel", "Pb"}; /* drops its own key and town 5 */
    put_noted(f, c, "d5", rep2, 2);
    put_noted(f, c, "new2", rep2, 2); /* zz top and key-401 vanish */
    update_and_compare(f, c, 1);
    delete_noted(f, c, "Qd3");
    delete_noted(f, c, "Qd399");
    delete_noted(f, c, "Qnot-there");
    update_and_compare(f, c, 1);
    delete_noted(f, c, "Pa"); /* 40 documents: macron is no longer dense */
    update_and_compare(f, c, 1);
    char *list = NULL;
    size_t list_len = 0;
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_KEY_DOCS, &list, &list_len), XC_OK);
    assert_int_equal(list_len, strlen("angela merkel") + 1); /* macron's left the list */
    free(list);
    size_t before_len = 0, after_len = 0;
    char *before = written_state(f->w, &before_len);
    update_and_compare(f, c, 1); /* nothing changed: nothing to write */
    char *after = written_state(f->w, &after_len);
    assert_int_equal(after_len, before_len);
    assert_memory_equal(after, before, before_len);
    free(before);
    free(after);
    /* and what the reader hands on agrees with the terms */
    listing snap = {0}, terms = {0};
    int used = 0;
    read_both(f, &snap, &used, &terms);
    assert_int_equal(used, 1);
    assert_string_equal(snap.s, terms.s);
    bl_dict_changes_free(c);
}

/* The patch is made only from a stored snapshot that is whole and the last commit's; a
 * damaged, stale or missing one, or too many changes, rebuild whole; a damaged bitmap of a
 * key the commit did not touch is written again. */
static void test_patch_falls_back(void **state)
{
    fixture *f = *state;
    bl_dict_changes *c = bl_dict_changes_new();
    assert_non_null(c);
    bl_dict_changes_reset(c, f->w, 1);
    fill_patchable(f, c);
    const char *one[] = {"XPERSON:angela merkel", "Pb"};
    /* a damaged byte in the stored snapshot */
    char *v = NULL;
    size_t vlen = 0;
    assert_int_equal(xc_wdb_get_metadata(f->w, BL_META_DICT_SNAPSHOT, &v, &vlen), XC_OK);
    v[vlen / 2] ^= 0x20;
    assert_int_equal(xc_wdb_set_metadata(f->w, BL_META_DICT_SNAPSHOT, v, vlen), XC_OK);
    free(v);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    bl_dict_changes_reset(c, f->w, 1);
    put_noted(f, c, "x1", one, 2);
    update_and_compare(f, c, 0);
    /* stale: documents committed after it, unnoted */
    add_doc(f, one, 2);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    bl_dict_changes_reset(c, f->w, 1);
    put_noted(f, c, "x2", one, 2);
    update_and_compare(f, c, 0);
    /* missing */
    store_and_commit(f, BL_META_DICT_SNAPSHOT, NULL, 0);
    bl_dict_changes_reset(c, f->w, 1);
    put_noted(f, c, "x3", one, 2);
    update_and_compare(f, c, 0);
    /* a damaged bitmap of a key this commit does not touch: patched, the bitmap rewritten */
    const char *name = BL_META_KEY_DOCS ":angela merkel";
    assert_int_equal(xc_wdb_get_metadata(f->w, name, &v, &vlen), XC_OK);
    v[vlen - 1] ^= 0x01;
    assert_int_equal(xc_wdb_set_metadata(f->w, name, v, vlen), XC_OK);
    free(v);
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    bl_dict_changes_reset(c, f->w, 1);
    const char *other[] = {"XPLACE:elsewhere", "Pb"};
    put_noted(f, c, "x4", other, 2);
    update_and_compare(f, c, 1);
    expect_dense(f, "angela merkel", 60);
    /* looked at when told to: a missing snapshot means nothing is noted */
    bl_dict_changes_reset(c, f->w, 0);
    assert_int_equal(bl_dict_changes_full(c), 0);
    store_and_commit(f, BL_META_DICT_SNAPSHOT, NULL, 0);
    bl_dict_changes_reset(c, f->w, 0);
    assert_int_equal(bl_dict_changes_full(c), 1);
    put_noted(f, c, "x5", other, 2);
    update_and_compare(f, c, 0);
    /* more terms than are worth noting: rebuilt whole */
    assert_int_equal(bl_dict_changes_full(c), 0);
    for (int i = 0; i <= BL_DICT_CHANGES_MAX; i++) {
        char id[32], own[32];
        snprintf(id, sizeof id, "bulk%d", i);
        snprintf(own, sizeof own, "XOTHER:bulk key %d", i);
        const char *t[] = {own};
        put_noted(f, c, id, t, 1);
    }
    assert_int_equal(bl_dict_changes_full(c), 1);
    update_and_compare(f, c, 0);
    bl_dict_changes_free(c);
}

/* Each shard of the index at db, closed: what its last commit wrote for the dictionary is
 * exactly what a whole rebuild writes (checked in a transaction, then cancelled). */
static void shards_equal_rebuild(const char *db, int nshards)
{
    for (int k = 0; k < nshards; k++) {
        char shard[160];
        snprintf(shard, sizeof shard, "%s/shards/%02d", db, k);
        xc_wdb *w = NULL;
        assert_int_equal(xc_wdb_open(shard, XC_OPEN, &w, NULL), XC_OK);
        assert_int_equal(xc_wdb_begin(w), XC_OK);
        assert_same_as_rebuild(w);
        assert_int_equal(xc_wdb_cancel(w), XC_OK);
        xc_wdb_close(w);
    }
}

static void index_text(bl_index *ix, const char *id, const char *path, const char *text)
{
    bl_document d;
    bl_document_init(&d);
    d.id = id;
    d.path = path;
    d.text = text;
    d.text_len = strlen(text);
    assert_int_equal(bl_index_add(ix, &d, NULL), BL_OK);
}

/* Byline's indexer notes what each commit changes, so its patched snapshots and bitmaps are
 * a whole rebuild's, commit after commit: adds, replaces that drop and gain entities,
 * deletes by id and a --prune-style delete of a file's documents by their path term. */
static void test_indexer_patches_exactly(void **state)
{
    fixture *f = *state;
    char db[96];
    bl_index_options io;
    index_options(f, db, sizeof db, &io);
    static const char *const texts[] = {
        "Report\n\nChancellor Angela Merkel met President Emmanuel Macron in Paris.\n",
        "Report\n\nAngela Merkel spoke to the Bundestag in Berlin about NATO.\n",
        "Report\n\nPresident Emmanuel Macron visited Lyon with officials of the United Nations.\n",
        "Report\n\nPrime Minister Boris Johnson met Angela Merkel in London.\n"};
    for (int round = 0; round < 5; round++) {
        bl_index *ix = NULL;
        assert_int_equal(bl_index_open(db, &io, &ix, NULL), BL_OK);
        char id[32], path[32];
        if (round == 0) {
            for (int i = 0; i < 200; i++) {
                snprintf(id, sizeof id, "doc-%d", i);
                snprintf(path, sizeof path, "file-%d.txt", i % 5);
                index_text(ix, id, path, texts[i % 4]);
            }
        } else if (round == 1) { /* adds and replaces (other entities) */
            index_text(ix, "new-1", "file-9.txt", "Report\n\nVladimir Putin met Xi Jinping.\n");
            index_text(ix, "doc-0", "file-0.txt", texts[3]);
            index_text(ix, "doc-1", "file-1.txt", "Report\n\nNothing of note happened.\n");
        } else if (round == 2) { /* deletes by id */
            assert_int_equal(bl_index_delete(ix, "doc-2"), BL_OK);
            assert_int_equal(bl_index_delete(ix, "new-1"), BL_OK);
        } else if (round == 3) { /* a file's documents, as --prune deletes them */
            assert_int_equal(bl_index_delete_term(ix, BL_PREFIX_PATH "file-3.txt"), BL_OK);
        } else { /* two commits in one run */
            index_text(ix, "doc-5", "file-0.txt", texts[2]);
            assert_int_equal(bl_index_commit(ix), BL_OK);
            index_text(ix, "doc-6", "file-1.txt", texts[0]);
        }
        assert_int_equal(bl_index_close(ix), BL_OK);
        shards_equal_rebuild(db, 2);
    }
}

/* A put that fails after its terms were noted (a term Xapian refuses, in a replacement of a
 * document naming entities) makes the commit rebuild whole: what was noted did not happen,
 * and a patch from it would take the old document's keys away. */
static void test_indexer_failed_put_rebuilds(void **state)
{
    fixture *f = *state;
    char db[96];
    bl_index *ix = open_index(f, db, sizeof db);
    index_text(ix, "doc-1", "file-1.txt",
               "Report\n\nChancellor Angela Merkel met President Emmanuel Macron in Paris.\n");
    assert_int_equal(bl_index_commit(ix), BL_OK);
    char qterm[BL_QTERM_MAX], huge[400];
    bl_id_term("doc-1", qterm, sizeof qterm);
    snprintf(huge, sizeof huge, "%s%0300d", BL_PREFIX_PERSON, 0); /* past Xapian's 245 */
    xc_doc *d = NULL;
    assert_int_equal(xc_doc_new(&d), XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(d, qterm, strlen(qterm)), XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(d, huge, strlen(huge)), XC_OK);
    assert_int_not_equal(bl_index_put(ix, bl_index_shard_of(ix, "doc-1"), qterm, d, NULL),
                         BL_OK);
    xc_doc_free(d);
    assert_int_equal(bl_index_close(ix), BL_OK);
    shards_equal_rebuild(db, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32_as_zlib),
        cmocka_unit_test_setup_teardown(test_written_with_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_not_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_or_malformed_not_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_damaged_byte_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_bodies_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_head_and_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heads_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heads_forged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dense_key_bitmaps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dense_key_damage_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dense_key_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_indexer_writes_them, setup, teardown),
        cmocka_unit_test_setup_teardown(test_patch_equals_rebuild, setup, teardown),
        cmocka_unit_test_setup_teardown(test_patch_falls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_indexer_patches_exactly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_indexer_failed_put_rebuilds, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
