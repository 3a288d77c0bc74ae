/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dict_snapshot.c — write and read the per-shard snapshot of the entity dictionary's type
 * terms (format and rules in dict_snapshot.h). */
#include "dict_snapshot.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "hash.h"
#include "schema.h"
#include "util.h"

static const char MAGIC2[] = "BLDICT2\n";
#define MAGIC_LEN (sizeof MAGIC2 - 1)
static const char HEADS_MAGIC[] = "BLHEAD2\n";
#define HEADS_MAGIC_LEN (sizeof HEADS_MAGIC - 1)
#define NTYPES BL_DICT_NTYPES
#define DICT_INDEX_STEP 16 /* a tail index point every this many tail entries */

static const char *const type_prefix[NTYPES] = {BL_PREFIX_PERSON, BL_PREFIX_PLACE,
                                                  BL_PREFIX_ORG, BL_PREFIX_OTHER};

/* ---- writing ---------------------------------------------------------------------------- */

/* The shard's type terms as allterms gives them: type by type, keys in byte order within a
 * type (so each type is one sorted run), the keys in one arena. */
typedef struct w_term {
    size_t off, len;
    unsigned long tf;
} w_term;

typedef struct dense_key {
    size_t off, len;           /* the key in the writer's keys */
    unsigned mask;             /* its types, bit t = type t */
    unsigned long crc;         /* its bitmap value's CRC-32 and length, once written */
    size_t vlen;
} dense_key;

typedef struct writer {
    bl_strbuf keys;            /* every key's bytes */
    w_term *v[NTYPES];         /* each type's terms, in key order */
    size_t n[NTYPES], cap[NTYPES];
    dense_key *dense;          /* the keys dense enough for a bitmap, in key order */
    size_t dense_n, dense_cap;
    unsigned long long last;   /* the shard's last docid */
    int oom;
} writer;


static int take_term(void *vw, size_t type, const char *term, size_t len, unsigned long tf)
{
    writer *w = vw;
    size_t pl = strlen(type_prefix[type]);
    if (len <= pl || tf == 0 || memchr(term + pl, '\0', len - pl))
        return 0; /* byline makes no such key; one would not be a C string */
    w_term *v = bl_grow(w->v[type], &w->cap[type], w->n[type] + 1, sizeof *v, 256);
    if (!v || bl_strbuf_append(&w->keys, term + pl, len - pl) != 0)
        return w->oom = 1; /* out of memory: stop */
    w->v[type] = v;
    v[w->n[type]++] = (w_term){w->keys.len - (len - pl), len - pl, tf};
    return 0;
}

static int w_cmp(const writer *w, const w_term *a, const w_term *b)
{
    const unsigned char *x = (const unsigned char *)w->keys.s + a->off,
                        *y = (const unsigned char *)w->keys.s + b->off;
    if (*x != *y) /* keys are never empty; most pairs differ at once (no call) */
        return *x < *y ? -1 : 1;
    size_t m = a->len < b->len ? a->len : b->len;
    int r = memcmp(x, y, m);
    return r ? r : (a->len > b->len) - (a->len < b->len);
}

static size_t varint_to(unsigned char *out, unsigned long long v)
{
    size_t n = 0;
    do {
        out[n++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return n;
}

static int put_varint(bl_strbuf *b, unsigned long long v)
{
    unsigned char tmp[10];
    return bl_strbuf_append(b, (const char *)tmp, varint_to(tmp, v));
}

/* A reading position in a value (the reader's, and heads_value's over the writer's own):
 * bad once a read ran past the end or a varint past 64 bits. */
typedef struct cursor {
    const unsigned char *p, *end;
    int bad;
} cursor;

static unsigned long long get_varint(cursor *c)
{
    unsigned long long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (c->p >= c->end) {
            c->bad = 1;
            return 0;
        }
        unsigned char b = *c->p++;
        v |= (unsigned long long)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    c->bad = 1;
    return 0;
}

/* One key of the shard with its four frequencies (the writer's merged list, key order). */
typedef struct w_key {
    size_t off, len;
    unsigned long tf[NTYPES];
    unsigned long long total;
    unsigned mask;
} w_key;

/* Note k in w->dense when it is dense (keys come in key order): 0, or -1 out of memory. */
static int note_dense(writer *w, const w_key *k)
{
    if (k->total < BL_DENSE_MIN_DOCS || k->total * BL_DENSE_RATIO < w->last)
        return 0;
    dense_key *d = bl_grow(w->dense, &w->dense_cap, w->dense_n + 1, sizeof *d, 64);
    if (!d)
        return -1;
    (w->dense = d)[w->dense_n++] = (dense_key){k->off, k->len, k->mask, 0, 0};
    return 0;
}

/* Merge the four sorted runs into one entry a key, in key order: *out (malloc()ed), *n keys.
 * One scan of the heads a key finds the smallest and which heads equal it.  Dense keys are
 * noted in w->dense. */
static int merge_terms(writer *w, w_key **out, size_t *n)
{
    size_t at[NTYPES] = {0}, cap = 0;
    *out = NULL;
    *n = 0;
    for (;;) {
        const w_term *min = NULL;
        unsigned mask = 0;
        for (int t = 0; t < NTYPES; t++) {
            if (at[t] == w->n[t])
                continue;
            const w_term *h = &w->v[t][at[t]];
            int r = min ? w_cmp(w, h, min) : -1;
            if (r < 0) {
                min = h;
                mask = 0;
            }
            if (r <= 0)
                mask |= 1u << t;
        }
        if (!min)
            return 0;
        w_key *k = bl_grow(*out, &cap, *n + 1, sizeof *k, 1024);
        if (!k)
            return -1;
        *out = k;
        k = &k[(*n)++];
        memset(k, 0, sizeof *k);
        k->off = min->off;
        k->len = min->len;
        k->mask = mask;
        for (int t = 0; t < NTYPES; t++)
            if (mask >> t & 1)
                k->total += k->tf[t] = w->v[t][at[t]++].tf;
        if (note_dense(w, k) != 0)
            return -1;
    }
}

/* The head bound of keys[0..n): the least total of the DICT_HEAD_SHARE-th part of the keys
 * (at least DICT_HEAD_FLOOR of them) most documents name, raised past a tie that would make
 * the head larger than that; 1 (everything in the head) for a small shard. */
#define DICT_HEAD_SHARE 16
#define DICT_HEAD_FLOOR 64

static unsigned long long head_bound(const w_key *keys, size_t n)
{
    size_t want = n / DICT_HEAD_SHARE > DICT_HEAD_FLOOR ? n / DICT_HEAD_SHARE : DICT_HEAD_FLOOR;
    if (n <= want)
        return 1;
    /* the want-th largest total, by a histogram up to the largest total, capped at 2^16
     * (larger totals counted at the cap: the head then just holds every such key) */
    unsigned long long cap = 0;
    for (size_t i = 0; i < n; i++)
        cap = keys[i].total > cap ? keys[i].total : cap;
    cap = cap < (1u << 16) ? cap : (1u << 16);
    size_t *hist = calloc((size_t)cap + 1, sizeof *hist), above = 0;
    if (!hist)
        return 1;
    for (size_t i = 0; i < n; i++)
        hist[keys[i].total < cap ? keys[i].total : cap]++;
    unsigned long long t = cap + 1;
    while (t > 1 && above + hist[t - 1] <= want)
        above += hist[--t];
    free(hist);
    return t; /* keys with total >= t: at most want (and t > 1 unless all fit) */
}

static size_t varint_len(unsigned long long v)
{
    size_t n = 1;
    while (v > 0x7f) {
        v >>= 7;
        n++;
    }
    return n;
}

static size_t entry_len(const w_key *k)
{
    size_t n = varint_len(k->len) + k->len + 2;
    for (int t = 0; t < NTYPES; t++)
        if (k->mask >> t & 1)
            n += varint_len(k->tf[t]);
    return n;
}

static unsigned char *put_entry(unsigned char *at, const writer *w, const w_key *k)
{
    at += varint_to(at, k->len);
    memcpy(at, w->keys.s + k->off, k->len);
    at += k->len;
    *at++ = '\0';
    *at++ = (unsigned char)k->mask;
    for (int t = 0; t < NTYPES; t++)
        if (k->mask >> t & 1)
            at += varint_to(at, k->tf[t]);
    return at;
}

static unsigned char *put_le32(unsigned char *at, unsigned long long v)
{
    for (int k = 0; k < 4; k++)
        *at++ = (unsigned char)(v >> (8 * k) & 0xff);
    return at;
}

/* The whole snapshot value for keys[0..n) and the stamp (format in dict_snapshot.h), built in
 * one buffer of the size it needs (sizes first, then bytes: no growing, no copying): *len
 * bytes, malloc()ed, or NULL if memory ran out. */
static unsigned char *snapshot_value(const writer *w, const w_key *keys, size_t n,
                                     const xc_shard_stamp *st, size_t *len)
{
    unsigned long long bound = head_bound(keys, n);
    size_t nhead = 0, ntail = 0, head_bytes = 0, tail_bytes = 0, ndense = 0, dense_bytes = 0;
    for (size_t i = 0; i < n; i++) {
        size_t e = entry_len(&keys[i]);
        if (keys[i].total >= bound)
            nhead++, head_bytes += e;
        else
            ntail++, tail_bytes += e;
    }
    for (size_t i = 0; i < w->dense_n; i++)
        if (w->dense[i].vlen) /* else no value (a key too long for a metadata name) */
            ndense++, dense_bytes += varint_len(w->dense[i].len) + w->dense[i].len + 4 +
                                     varint_len(w->dense[i].vlen);
    size_t index_bytes = 4 * (ntail / DICT_INDEX_STEP + (ntail % DICT_INDEX_STEP != 0));
    unsigned long long head_fields[] = {st->doccount, st->lastdocid, st->total_length, bound,
                                        nhead, head_bytes, ntail, tail_bytes, ndense,
                                        dense_bytes};
    size_t total = MAGIC_LEN + head_bytes + tail_bytes + dense_bytes + index_bytes + 4;
    for (size_t k = 0; k < sizeof head_fields / sizeof *head_fields; k++)
        total += varint_len(head_fields[k]);
    if (tail_bytes > 0xffffffffu)
        return NULL; /* the index's offsets are 32 bits */
    unsigned char *v = malloc(total);
    if (!v)
        return NULL;
    unsigned char *at = v;
    memcpy(at, MAGIC2, MAGIC_LEN);
    at += MAGIC_LEN;
    for (size_t k = 0; k < sizeof head_fields / sizeof *head_fields; k++)
        at += varint_to(at, head_fields[k]);
    unsigned char *head = at, *tail = at + head_bytes, *dense = tail + tail_bytes,
                  *index = dense + dense_bytes, *tail_start = tail;
    size_t t = 0;
    for (size_t i = 0; i < n; i++) {
        if (keys[i].total >= bound) {
            head = put_entry(head, w, &keys[i]);
            continue;
        }
        if (t++ % DICT_INDEX_STEP == 0)
            index = put_le32(index, (unsigned long long)(tail - tail_start));
        tail = put_entry(tail, w, &keys[i]);
    }
    for (size_t i = 0; i < w->dense_n; i++) {
        const dense_key *d = &w->dense[i];
        if (!d->vlen)
            continue;
        dense += varint_to(dense, d->len);
        memcpy(dense, w->keys.s + d->off, d->len);
        dense += d->len;
        dense = put_le32(dense, d->crc);
        dense += varint_to(dense, d->vlen);
    }
    put_le32(index, bl_crc32(0L, v, total - 4));
    *len = total;
    return v;
}

/* The heads value (dict_snapshot.h) of whole snapshot value v, len bytes (as snapshot_value
 * built it, or one whose stamp, checksum and lengths were checked): *out_len bytes, malloc()ed, or
 * NULL if memory ran out. */
static unsigned char *heads_value(const unsigned char *v, size_t len, size_t *out_len)
{
    unsigned long long f[10]; /* doccount, lastdocid, total_length, bound, nhead, head bytes,
                                 ntail, tail bytes, ndense, dense bytes */
    cursor c = {v + MAGIC_LEN, v + len, 0};
    for (int k = 0; k < 10; k++)
        f[k] = get_varint(&c);
    const unsigned char *head = c.p, *dense = c.p + f[5] + f[7];
    unsigned long long fields[] = {f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[8], f[9]};
    size_t total = HEADS_MAGIC_LEN + (size_t)f[5] + (size_t)f[9] + 4;
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
        total += varint_len(fields[k]);
    unsigned char *h = malloc(total), *o = h;
    if (!h)
        return NULL;
    memcpy(o, HEADS_MAGIC, HEADS_MAGIC_LEN);
    o += HEADS_MAGIC_LEN;
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
        o += varint_to(o, fields[k]);
    memcpy(o, head, (size_t)f[5]);
    o += f[5];
    memcpy(o, dense, (size_t)f[9]);
    o += f[9];
    put_le32(o, bl_crc32(0L, h, total - 4));
    *out_len = total;
    return h;
}

/* Store snapshot value v (len bytes) and its heads value in wdb's metadata. */
static xc_status store_snapshot(xc_wdb *wdb, const unsigned char *v, size_t len)
{
    size_t hlen = 0;
    unsigned char *h = heads_value(v, len, &hlen);
    xc_status xs = h ? xc_wdb_set_metadata(wdb, BL_META_DICT_SNAPSHOT, (const char *)v, len)
                     : XC_NO_MEMORY;
    if (xs == XC_OK)
        xs = xc_wdb_set_metadata(wdb, BL_META_DICT_HEADS, (const char *)h, hlen);
    free(h);
    return xs;
}

/* Make sure wdb's heads value is the one of its stored snapshot v (whole): an index written
 * before heads values existed gets one with its next commit, even when that commit changes
 * no document. */
static xc_status heads_current(xc_wdb *wdb, const unsigned char *v, size_t len)
{
    size_t hlen = 0, stored_len = 0;
    char *stored = NULL;
    unsigned char *h = heads_value(v, len, &hlen);
    xc_status xs = h ? xc_wdb_get_metadata(wdb, BL_META_DICT_HEADS, &stored, &stored_len)
                     : XC_NO_MEMORY;
    if (xs == XC_OK && (stored_len != hlen || memcmp(stored, h, hlen) != 0))
        xs = xc_wdb_set_metadata(wdb, BL_META_DICT_HEADS, (const char *)h, hlen);
    free(stored);
    free(h);
    return xs;
}

/* ---- dense keys' bitmaps ------------------------------------------------------------------ */

static const char KD_MAGIC[] = "BLKD2\n";
#define KD_MAGIC_LEN (sizeof KD_MAGIC - 1)

typedef struct bitmap_ctx {
    unsigned char *bits;
    unsigned long long last;
    unsigned long long set; /* bits set */
} bitmap_ctx;

static int set_doc_bit(void *vctx, xc_docid d)
{
    bitmap_ctx *c = vctx;
    unsigned char bit = (unsigned char)(1u << (d % 8));
    if (d <= c->last && !(c->bits[d / 8] & bit)) {
        c->bits[d / 8] |= bit;
        c->set++;
    }
    return 0;
}

/* The metadata key of key's bitmap ("byline.key-docs:" + key) into name; 0 if too long. */
static int key_docs_name(char *name, size_t size, const char *key, size_t len)
{
    int n = snprintf(name, size, "%s:%.*s", BL_META_KEY_DOCS, (int)len, key);
    return n > 0 && (size_t)n < size && len <= 200; /* Xapian keeps keys under 245 bytes */
}

static xc_status store_key_docs(xc_wdb *wdb, const char *name, dense_key *k,
                                const unsigned char *bits, size_t room, unsigned long long set);

/* Write one dense key's bitmap (k->crc and k->vlen: its value's), unless the stored value
 * is the same already: a commit rewrites only the bitmaps of keys whose documents changed.
 * The bitmap stops at the key's last document, so documents added elsewhere do not change
 * it. */
static xc_status write_key_docs(xc_wdb *wdb, const writer *w, dense_key *k,
                                const xc_shard_stamp *st, unsigned char *bits, size_t room)
{
    char name[256], term[320];
    if (!key_docs_name(name, sizeof name, w->keys.s + k->off, k->len))
        return XC_OK;
    memset(bits, 0, room);
    bitmap_ctx c = {bits, st->lastdocid, 0};
    xc_status xs = XC_OK;
    for (int t = 0; t < NTYPES && xs == XC_OK; t++) {
        int l = snprintf(term, sizeof term, "%s%.*s", type_prefix[t], (int)k->len,
                         w->keys.s + k->off);
        if (k->mask >> t & 1 && l > 0 && (size_t)l < sizeof term)
            xs = xc_wdb_postlist(wdb, term, (size_t)l, set_doc_bit, &c);
    }
    return xs == XC_OK ? store_key_docs(wdb, name, k, bits, room, c.set) : xs;
}

/* Store bits[0..room) (set: bits set) as the value `name` of dense key k (k->crc, k->vlen:
 * the value's), unless the stored value is the same already. */
static xc_status store_key_docs(xc_wdb *wdb, const char *name, dense_key *k,
                                const unsigned char *bits, size_t room, unsigned long long set)
{
    size_t nbytes = room;
    while (nbytes > 1 && bits[nbytes - 1] == 0)
        nbytes--;
    bl_strbuf out = {0};
    bl_strbuf_append(&out, KD_MAGIC, KD_MAGIC_LEN);
    put_varint(&out, set);
    put_varint(&out, nbytes);
    bl_strbuf_append(&out, (const char *)bits, nbytes);
    char *old = NULL;
    size_t old_len = 0;
    xc_status xs = out.failed ? XC_NO_MEMORY : XC_OK;
    if (xs == XC_OK)
        xs = xc_wdb_get_metadata(wdb, name, &old, &old_len);
    if (xs == XC_OK && (old_len != out.len || memcmp(old, out.s, out.len) != 0))
        xs = xc_wdb_set_metadata(wdb, name, out.s, out.len);
    if (xs == XC_OK) {
        k->crc = bl_crc32(0L, out.s, out.len);
        k->vlen = out.len;
    }
    free(old);
    free(out.s);
    return xs;
}

/* Remove the bitmaps of keys that the last commit kept and this one does not (both lists in
 * byte order), then store this commit's list. */
static xc_status replace_key_docs_list(xc_wdb *wdb, const writer *w)
{
    char *old = NULL;
    size_t old_len = 0;
    bl_strbuf list = {0};
    xc_status xs = xc_wdb_get_metadata(wdb, BL_META_KEY_DOCS, &old, &old_len);
    size_t j = 0;
    for (size_t at = 0; xs == XC_OK && at < old_len;) {
        const char *key = old + at;
        size_t len = strnlen(key, old_len - at);
        int gone = 1;
        for (; j < w->dense_n; j++) {
            const dense_key *d = &w->dense[j];
            int r = memcmp(w->keys.s + d->off, key, d->len < len ? d->len : len);
            if (r > 0 || (r == 0 && d->len >= len)) {
                gone = !(r == 0 && d->len == len);
                break;
            }
        }
        char name[256];
        if (gone && key_docs_name(name, sizeof name, key, len))
            xs = xc_wdb_set_metadata(wdb, name, NULL, 0);
        at += len + 1;
    }
    for (size_t i = 0; i < w->dense_n; i++) {
        bl_strbuf_append(&list, w->keys.s + w->dense[i].off, w->dense[i].len);
        bl_strbuf_putc(&list, '\0');
    }
    if (xs == XC_OK && list.failed)
        xs = XC_NO_MEMORY;
    if (xs == XC_OK && (list.len != old_len || (list.len && memcmp(list.s, old, list.len))))
        xs = xc_wdb_set_metadata(wdb, BL_META_KEY_DOCS, list.s, list.len);
    free(old);
    free(list.s);
    return xs;
}

static xc_status write_dense(xc_wdb *wdb, writer *w, const xc_shard_stamp *st)
{
    size_t nbytes = (size_t)(st->lastdocid / 8 + 1);
    unsigned char *bits = w->dense_n ? malloc(nbytes) : NULL;
    xc_status xs = w->dense_n && !bits ? XC_NO_MEMORY : XC_OK;
    for (size_t i = 0; i < w->dense_n && xs == XC_OK; i++)
        xs = write_key_docs(wdb, w, &w->dense[i], st, bits, nbytes);
    if (xs == XC_OK)
        xs = replace_key_docs_list(wdb, w);
    free(bits);
    return xs;
}

xc_status bl_dict_snapshot_write(xc_wdb *wdb)
{
    writer w;
    memset(&w, 0, sizeof w);
    w_key *keys = NULL;
    size_t nkeys = 0;
    xc_shard_stamp stamp;
    xc_status xs = xc_wdb_stamp(wdb, &stamp);
    w.last = stamp.lastdocid;
    if (xs == XC_OK)
        xs = xc_wdb_allterms(wdb, type_prefix, NTYPES, take_term, &w);
    int merged = xs == XC_OK && !w.oom && !w.keys.failed && merge_terms(&w, &keys, &nkeys) == 0;
    if (merged) /* the bitmaps first: the snapshot records their values' checksums */
        xs = write_dense(wdb, &w, &stamp);
    unsigned char *value = NULL;
    size_t value_len = 0;
    if (xs == XC_OK && merged)
        value = snapshot_value(&w, keys, nkeys, &stamp, &value_len);
    if (xs == XC_OK)
        xs = !merged || !value ? XC_NO_MEMORY : store_snapshot(wdb, value, value_len);
    for (int t = 0; t < NTYPES; t++)
        free(w.v[t]);
    free(w.dense);
    free(w.keys.s);
    free(keys);
    free(value);
    return xs;
}

/* ---- reading ---------------------------------------------------------------------------- */

/* zlib's CRC-32 of buf[0..len) continuing from crc, by folding 16 bytes at a time with the
 * carry-less multiply where the processor has one (a reader checks about 1 MB of bitmaps and
 * heads a one-shot search: zlib's byte-wise CRC was half of a bitmap's cost), else zlib's.
 * The fold and its constants are Intel's ("Fast CRC Computation for Generic Polynomials
 * Using PCLMULQDQ", as in Chromium's and Linux's CRC-32): the same values as zlib's. */

/* zlib's own, any length (zlib takes at most 2^32 - 1 bytes a call). */
static unsigned long crc_zlib(unsigned long crc, const unsigned char *p, size_t len)
{
    while (len > 0) {
        uInt n = len > 0xffffffffu ? 0xffffffffu : (uInt)len;
        crc = crc32(crc, p, n);
        p += n, len -= n;
    }
    return crc;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

__attribute__((target("pclmul,sse4.1"))) static uint32_t crc_fold(const unsigned char *buf,
                                                                   size_t len, uint32_t crc)
{
    /* len >= 64, a multiple of 16; crc inverted (as zlib keeps it inside) */
    const __m128i k1k2 = _mm_set_epi64x(0x01c6e41596, 0x0154442bd4),
                  k3k4 = _mm_set_epi64x(0x00ccaa009e, 0x01751997d0),
                  k5k0 = _mm_set_epi64x(0, 0x0163cd6124),
                  poly = _mm_set_epi64x(0x01f7011641, 0x01db710641),
                  mask32 = _mm_setr_epi32(~0, 0, ~0, 0);
    __m128i x1 = _mm_loadu_si128((const __m128i *)(const void *)(buf + 0x00)),
            x2 = _mm_loadu_si128((const __m128i *)(const void *)(buf + 0x10)),
            x3 = _mm_loadu_si128((const __m128i *)(const void *)(buf + 0x20)),
            x4 = _mm_loadu_si128((const __m128i *)(const void *)(buf + 0x30));
    x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
    buf += 64, len -= 64;
    for (; len >= 64; buf += 64, len -= 64) {
        __m128i *xs[4] = {&x1, &x2, &x3, &x4};
        for (int i = 0; i < 4; i++) {
            __m128i lo = _mm_clmulepi64_si128(*xs[i], k1k2, 0x00),
                    hi = _mm_clmulepi64_si128(*xs[i], k1k2, 0x11),
                    y = _mm_loadu_si128((const __m128i *)(const void *)(buf + 16 * i));
            *xs[i] = _mm_xor_si128(_mm_xor_si128(lo, hi), y);
        }
    }
    const __m128i *rest[3] = {&x2, &x3, &x4};
    for (int i = 0; i < 3; i++)
        x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x00),
                                         _mm_clmulepi64_si128(x1, k3k4, 0x11)),
                           *rest[i]);
    for (; len >= 16; buf += 16, len -= 16)
        x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k3k4, 0x00),
                                         _mm_clmulepi64_si128(x1, k3k4, 0x11)),
                           _mm_loadu_si128((const __m128i *)(const void *)buf));
    /* 128 bits to 64, 64 to 32, then Barrett's reduction */
    x2 = _mm_clmulepi64_si128(x1, k3k4, 0x10);
    x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), x2);
    x2 = _mm_srli_si128(x1, 4);
    x1 = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(x1, mask32), k5k0, 0x00), x2);
    x2 = _mm_clmulepi64_si128(_mm_and_si128(x1, mask32), poly, 0x10);
    x2 = _mm_clmulepi64_si128(_mm_and_si128(x2, mask32), poly, 0x00);
    return (uint32_t)_mm_extract_epi32(_mm_xor_si128(x1, x2), 1);
}

unsigned long bl_crc32(unsigned long crc, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    /* asked every call (libgcc read the processor's features at start-up): no state shared
     * between threads */
    if (len >= 64 && len <= 0xffffffffu && __builtin_cpu_supports("pclmul") &&
        __builtin_cpu_supports("sse4.1")) {
        size_t n = len & ~(size_t)15;
        crc = ~crc_fold(p, n, ~(uint32_t)crc) & 0xffffffffu;
        p += n, len -= n;
    }
    return crc_zlib(crc, p, len);
}
#else
unsigned long bl_crc32(unsigned long crc, const void *buf, size_t len)
{
    return crc_zlib(crc, buf, len);
}
#endif

/* The 4 bytes at p, little-endian (put_le32's). */
static unsigned long get_le32(const unsigned char *p)
{
    return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
           (unsigned long)p[3] << 24;
}

/* One sorted run of a part: its head or its tail. */
typedef struct run {
    const unsigned char *start, *end; /* its entries */
    unsigned long long n;             /* how many */
    cursor at;                        /* the next entry */
    unsigned long long left;          /* entries not yet handed on */
    const unsigned char *prev;        /* the last key handed on (NULL before the first) */
    size_t prev_len;
} run;

typedef struct part {
    char *value;               /* the metadata value (owned) */
    size_t len;
    unsigned long long bound;  /* head keys: total >= bound; tail keys: below */
    run runs[2];               /* head, tail */
    const unsigned char *index; /* the tail's index: 4-byte offsets */
    size_t index_n;
    const unsigned char *dense, *dense_end; /* the dense keys' values: key, CRC, length */
    unsigned long long tail_keys; /* how many keys the tail holds */
    unsigned long long docs;      /* the shard's documents (its stamp): no key names more */
    int no_tail;               /* from the heads value: the tail is not there */
} part;

struct bl_dict_snapshot {
    part *v;
    size_t n, cap;
    int usable; /* 1: every part so far has a current snapshot; 0: one has not; -1: no memory */
    int heads;  /* read from the heads values: no tails */
};

#define CRC_LEN 4

/* Does value's stamp say st (and its magic `magic`: MAGIC2 or HEADS_MAGIC, both MAGIC_LEN
 * bytes)?  *c then stands after the stamp. */
static int stamp_matches(cursor *c, const xc_shard_stamp *st, const char *magic)
{
    if ((size_t)(c->end - c->p) < MAGIC_LEN || memcmp(c->p, magic, MAGIC_LEN) != 0)
        return 0;
    c->p += MAGIC_LEN;
    unsigned long long dc = get_varint(c), last = get_varint(c), total = get_varint(c);
    return !c->bad && dc == st->doccount && last == st->lastdocid && total == st->total_length;
}

static int checksum_matches(const char *v, size_t len)
{
    if (len < MAGIC_LEN + CRC_LEN || len - CRC_LEN > 0xffffffffu)
        return 0;
    const unsigned char *e = (const unsigned char *)v + len - CRC_LEN;
    return bl_crc32(0L, v, len - CRC_LEN) == get_le32(e);
}

static void run_rewind(run *r)
{
    r->at = (cursor){r->start, r->end, 0};
    r->left = r->n;
    r->prev = NULL;
    r->prev_len = 0;
}

/* Lay part p out from its body at c (after the stamp), a whole snapshot's or (heads) a
 * heads value's (no tail bytes, no index: the tail is not there): 0 when the lengths do not
 * add up. */
static int lay_out(part *p, cursor c, int heads)
{
    unsigned long long bound = get_varint(&c), nhead = get_varint(&c), head_bytes = get_varint(&c),
                       ntail = get_varint(&c), tail_bytes = heads ? 0 : get_varint(&c),
                       ndense = get_varint(&c), dense_bytes = get_varint(&c);
    if (c.bad || bound == 0)
        return 0;
    unsigned long long left = (unsigned long long)(c.end - c.p);
    unsigned long long index_n = ntail / DICT_INDEX_STEP + (ntail % DICT_INDEX_STEP != 0);
    if (heads)
        index_n = 0;
    /* an entry takes at least 5 bytes (a dense one 7): counts beyond that are lies (and no
     * allocation may be sized by them) */
    if (head_bytes > left || tail_bytes > left - head_bytes ||
        dense_bytes > left - head_bytes - tail_bytes ||
        index_n * 4 != left - head_bytes - tail_bytes - dense_bytes ||
        nhead > head_bytes / 5 || ndense > dense_bytes / 7)
        return 0;
    /* a heads value's tail count is held by no bytes; a bound above 2^34 (four types'
     * frequencies below 2^32 each) is a lie, and a reader adds bounds up */
    if (heads ? ntail > 0xffffffffu || bound > (1ull << 34) : ntail > tail_bytes / 5)
        return 0;
    const unsigned char *tail = c.p + head_bytes;
    p->dense = tail + tail_bytes;
    p->dense_end = p->dense + dense_bytes;
    p->bound = bound;
    p->runs[0] = (run){c.p, tail, nhead, {0}, 0, NULL, 0};
    p->runs[1] = (run){tail, tail + tail_bytes, heads ? 0 : ntail, {0}, 0, NULL, 0};
    run_rewind(&p->runs[0]);
    run_rewind(&p->runs[1]);
    p->index = heads ? NULL : p->dense_end;
    p->index_n = (size_t)index_n;
    p->tail_keys = ntail;
    p->no_tail = heads;
    return 1;
}

static int take_part(void *vs, size_t part_no, const char *value, size_t len,
                     const xc_shard_stamp *st)
{
    (void)part_no;
    bl_dict_snapshot *s = vs;
    cursor c = {(const unsigned char *)value, (const unsigned char *)value + len, 0};
    if (!stamp_matches(&c, st, s->heads ? HEADS_MAGIC : MAGIC2) ||
        !checksum_matches(value, len)) {
        s->usable = 0;
        return 1; /* stop: this shard changed since its snapshot, or has none */
    }
    part *v = bl_grow(s->v, &s->cap, s->n + 1, sizeof *v, 4);
    char *copy = v ? malloc(len) : NULL;
    if (v)
        s->v = v;
    if (!copy) {
        s->usable = -1;
        return 1;
    }
    memcpy(copy, value, len);
    part *p = &s->v[s->n++];
    p->value = copy;
    p->len = len;
    p->docs = st->doccount;
    cursor body = {(const unsigned char *)copy + (c.p - (const unsigned char *)value),
                   (const unsigned char *)copy + len - CRC_LEN, 0};
    /* a bound above every key's possible total (four types, each of at most doccount
     * documents) is a lie: the reader adds bounds up as totals */
    if (body.p > body.end || !lay_out(p, body, s->heads) ||
        p->bound > 4 * (unsigned long long)st->doccount + 1) {
        s->usable = 0;
        return 1;
    }
    return 0;
}

/* One entry at c into e: 0 when malformed (a key empty, longer than what is left, not
 * followed by its NUL or holding one; no type, an unknown type bit, a frequency 0). */
static int parse_entry(cursor *c, bl_dict_entry *e)
{
    unsigned long long l = get_varint(c);
    if (c->bad || (unsigned long long)(c->end - c->p) < 2 || l == 0 ||
        l > (unsigned long long)(c->end - c->p) - 2)
        return 0; /* the key, its NUL and its mask */
    const unsigned char *key = c->p;
    if (key[l] != '\0' || memchr(key, '\0', (size_t)l))
        return 0;
    c->p += l + 1;
    unsigned mask = *c->p++;
    if (mask == 0 || mask >> BL_DICT_NTYPES)
        return 0;
    e->key = (const char *)key;
    e->len = (size_t)l;
    for (int t = 0; t < BL_DICT_NTYPES; t++) {
        unsigned long long tf = mask >> t & 1 ? get_varint(c) : 0;
        if (mask >> t & 1 && (tf == 0 || tf > 0xffffffffu || c->bad))
            return 0; /* a shard has fewer than 2^32 documents */
        e->tf[t] = (unsigned long)tf;
    }
    return 1;
}

static unsigned long long entry_total(const bl_dict_entry *e)
{
    unsigned long long t = 0;
    for (int u = 0; u < BL_DICT_NTYPES; u++)
        t += e->tf[u];
    return t;
}

/* Does entry e name no more documents under a type than part p holds?  (A count above them
 * is a lie, and a reader adds counts up.) */
static int entry_fits(const part *p, const bl_dict_entry *e)
{
    for (int u = 0; u < BL_DICT_NTYPES; u++)
        if (e->tf[u] > p->docs)
            return 0;
    return 1;
}

static int key_cmp(const char *a, size_t al, const char *b, size_t bl)
{
    int r = memcmp(a, b, al < bl ? al : bl);
    return r ? r : (al > bl) - (al < bl);
}

void bl_dict_snapshot_free(bl_dict_snapshot *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].value);
    free(s->v);
    free(s);
}

static xc_status snapshot_open(xc_db *db, int heads, bl_dict_snapshot **out)
{
    *out = NULL;
    bl_dict_snapshot *s = calloc(1, sizeof *s);
    if (!s)
        return XC_NO_MEMORY;
    s->usable = 1;
    s->heads = heads;
    xc_status xs = xc_db_metadata_by_part(db, heads ? BL_META_DICT_HEADS : BL_META_DICT_SNAPSHOT,
                                          take_part, s);
    if (xs == XC_UNSUPPORTED)
        xs = XC_OK, s->usable = 0; /* not shard by shard: read the terms instead */
    else if (xs == XC_OK && s->usable < 0)
        xs = XC_NO_MEMORY;
    if (xs == XC_OK && s->usable > 0 && s->n > 0)
        *out = s;
    else
        bl_dict_snapshot_free(s);
    return xs;
}

xc_status bl_dict_snapshot_open(xc_db *db, bl_dict_snapshot **out)
{
    return snapshot_open(db, 0, out);
}

xc_status bl_dict_snapshot_open_heads(xc_db *db, bl_dict_snapshot **out)
{
    return snapshot_open(db, 1, out);
}

size_t bl_dict_snapshot_parts(const bl_dict_snapshot *s) { return s->n; }

unsigned long long bl_dict_snapshot_count(const bl_dict_snapshot *s, size_t part_no, int tail)
{
    return part_no >= s->n ? 0 : tail ? s->v[part_no].tail_keys : s->v[part_no].runs[0].n;
}

unsigned long long bl_dict_snapshot_bound(const bl_dict_snapshot *s, size_t part_no)
{
    return part_no < s->n ? s->v[part_no].bound : 1;
}

void bl_dict_snapshot_rewind(bl_dict_snapshot *s)
{
    for (size_t i = 0; i < s->n; i++) {
        run_rewind(&s->v[i].runs[0]);
        run_rewind(&s->v[i].runs[1]);
    }
}

/* The next entry of p's head (tail = 0) or tail: as bl_dict_snapshot_next. */
static int part_next(part *p, int tail, bl_dict_entry *e)
{
    run *r = &p->runs[tail != 0];
    if (tail && p->no_tail)
        return -1; /* not read: the caller must not go on as if it were empty */
    if (r->left == 0) /* the end: exactly where the entries were said to end */
        return r->at.p == r->at.end ? 0 : -1;
    r->left--;
    if (!parse_entry(&r->at, e) || !entry_fits(p, e))
        return -1;
    if (r->prev && key_cmp((const char *)r->prev, r->prev_len, e->key, e->len) >= 0)
        return -1; /* keys strictly increasing */
    if ((entry_total(e) >= p->bound) != !tail)
        return -1; /* in the head exactly the keys at or above the bound */
    r->prev = (const unsigned char *)e->key;
    r->prev_len = e->len;
    return 1;
}

int bl_dict_snapshot_next(bl_dict_snapshot *s, size_t part_no, int tail, bl_dict_entry *e)
{
    return part_no < s->n ? part_next(&s->v[part_no], tail, e) : -1;
}

int bl_dict_snapshot_find(const bl_dict_snapshot *s, size_t part_no, const char *key,
                          size_t len, bl_dict_entry *e)
{
    if (part_no >= s->n || s->v[part_no].no_tail)
        return -1;
    const part *p = &s->v[part_no];
    const run *r = &p->runs[1];
    size_t tail_bytes = (size_t)(r->end - r->start);
    /* the last index point whose key is at most `key` (binary search), then a scan */
    size_t lo = 0, hi = p->index_n; /* answer in [lo, hi) ... */
    if (hi == 0)
        return 0;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        size_t off = (size_t)get_le32(p->index + 4 * mid);
        cursor c = {r->start + off, r->end, 0};
        bl_dict_entry m;
        if (off >= tail_bytes || !parse_entry(&c, &m))
            return -1;
        if (key_cmp(m.key, m.len, key, len) <= 0)
            lo = mid;
        else
            hi = mid;
    }
    size_t off = (size_t)get_le32(p->index + 4 * lo);
    if (off >= tail_bytes)
        return -1;
    cursor c = {r->start + off, r->end, 0};
    const char *prev = NULL;
    size_t prev_len = 0;
    for (size_t i = 0; i < DICT_INDEX_STEP && c.p < c.end; i++) {
        if (!parse_entry(&c, e))
            return -1;
        if (prev && key_cmp(prev, prev_len, e->key, e->len) >= 0)
            return -1;
        int cmp = key_cmp(e->key, e->len, key, len);
        if (cmp == 0)
            return entry_total(e) < p->bound && entry_fits(p, e) ? 1 : -1;
        if (cmp > 0)
            return 0;
        prev = e->key;
        prev_len = e->len;
    }
    return 0;
}

/* Dense key `key`'s value in p's list: as bl_dict_snapshot_dense. */
static int part_dense(const part *p, const char *key, size_t len, unsigned long *crc,
                      unsigned long long *vlen)
{
    cursor c = {p->dense, p->dense_end, 0};
    while (c.p < c.end) {
        unsigned long long l = get_varint(&c);
        if (c.bad || l > (unsigned long long)(c.end - c.p) || (unsigned long long)(c.end - c.p) - l < 4)
            return -1;
        const unsigned char *k = c.p, *le = c.p + l;
        c.p += l + 4;
        unsigned long long n = get_varint(&c);
        if (c.bad)
            return -1;
        if (l == len && memcmp(k, key, len) == 0) {
            *crc = get_le32(le);
            *vlen = n;
            return 1;
        }
    }
    return 0;
}

int bl_dict_snapshot_dense(const bl_dict_snapshot *s, size_t part_no, const char *key,
                           size_t len, unsigned long *crc, unsigned long long *vlen)
{
    return part_no < s->n ? part_dense(&s->v[part_no], key, len, crc, vlen) : -1;
}

/* ---- reading dense keys' bitmaps -------------------------------------------------------- */

struct bl_shard_match {
    const unsigned long long *match; /* combined docids (not owned) */
    xc_docid last;
    size_t parts;                    /* 0 until the first bitmap is read */
    unsigned long long **part;       /* parts: a shard's matches by its own docids, or NULL */
    size_t *words;                   /* parts: words of part[k] */
};

bl_shard_match *bl_shard_match_new(const unsigned long long *match, xc_docid last)
{
    bl_shard_match *m = calloc(1, sizeof *m);
    if (m) {
        m->match = match;
        m->last = last;
    }
    return m;
}

void bl_shard_match_free(bl_shard_match *m)
{
    if (!m)
        return;
    for (size_t k = 0; m->part && k < m->parts; k++)
        free(m->part[k]);
    free(m->part);
    free(m->words);
    free(m);
}

/* Shard k's matches by its own docids (*words words, no more than its last docid needs),
 * made for every shard at once from the combined bitmap on first use, in one pass over the
 * matches: combined docid c is docid (c - 1) / parts + 1 of shard (c - 1) % parts. */
static const unsigned long long *shard_matches(bl_shard_match *m, size_t k,
                                               unsigned long long shard_last, size_t *words)
{
    if (!m->part[0]) {
        size_t parts = m->parts;
        size_t w = (size_t)(((m->last ? m->last - 1 : 0) / parts + 1) / 64 + 1);
        for (size_t j = 0; j < parts; j++) {
            if (!(m->part[j] = calloc(w, sizeof **m->part))) {
                for (size_t i = 0; i < j; i++) {
                    free(m->part[i]);
                    m->part[i] = NULL;
                }
                return NULL;
            }
            m->words[j] = w;
        }
        size_t cw_n = m->last / 64 + 1;
        if (parts == 1) {
            memcpy(m->part[0], m->match, (cw_n < w ? cw_n : w) * sizeof **m->part);
        } else {
            for (size_t cw = 0; cw < cw_n; cw++)
                for (unsigned long long x = m->match[cw]; x; x &= x - 1) {
                    unsigned long long c = cw * 64 + (unsigned long long)__builtin_ctzll(x);
                    if (c == 0 || c > m->last)
                        continue;
                    unsigned long long j, d; /* shard j, its docid d */
                    if (parts == 2) {
                        j = (c - 1) & 1;
                        d = ((c - 1) >> 1) + 1;
                    } else {
                        j = (c - 1) % parts;
                        d = (c - 1) / parts + 1;
                    }
                    m->part[j][d / 64] |= 1ull << (d % 64);
                }
        }
    }
    size_t need = (size_t)(shard_last / 64 + 1);
    *words = m->words[k] < need ? m->words[k] : need;
    return m->part[k];
}


/* Bits set in key[0..words) and in key & match: the AND and popcount of a dense key's bitmap
 * (bytes: nbytes, read as little-endian words) against a shard's matches.  Built twice on
 * x86-64, the POPCNT instruction used where the processor has it. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("popcnt", "default")))
#endif
static void and_count(const unsigned char *key, unsigned long long nbytes,
                      const unsigned long long *match, size_t words, unsigned long long *set,
                      unsigned long long *hit)
{
    unsigned long long s = 0, h = 0;
    size_t w = 0, whole = nbytes / 8 < words ? (size_t)(nbytes / 8) : words;
    for (; w < whole; w++) { /* whole words: one load each */
        unsigned long long x;
        memcpy(&x, key + w * 8, 8);
        s += (unsigned long long)__builtin_popcountll(x);
        h += (unsigned long long)__builtin_popcountll(x & match[w]);
    }
    for (; w < words; w++) {
        unsigned long long x = 0;
        size_t at = w * 8, n = nbytes - at < 8 ? (size_t)(nbytes - at) : 8;
        memcpy(&x, key + at, n);
        s += (unsigned long long)__builtin_popcountll(x);
        h += (unsigned long long)__builtin_popcountll(x & match[w]);
    }
    *set = s;
    *hit = h;
}

/* Are the bitmap's bytes from word `words` on all 0 (no document past the shard's last)? */
static int bits_beyond_zero(const unsigned char *bits, unsigned long long nbytes, size_t words)
{
    for (unsigned long long i = (unsigned long long)words * 8; i < nbytes; i++)
        if (bits[i])
            return 0;
    return 1;
}

typedef struct dense_ctx {
    const bl_dict_snapshot *snap;
    const char *key;
    size_t len;
    bl_shard_match *m;
    unsigned long count;
    unsigned long named; /* documents naming the key, all shards so far */
    int found; /* 1 while every shard so far had a usable bitmap */
    int oom;
} dense_ctx;

/* One shard's bitmap of the key: the value the shard's snapshot names (its length and CRC),
 * whole, and holding the bits it says; then counted against the shard's matches. */
static int take_key_docs(void *vctx, size_t part_no, const char *value, size_t len,
                         const xc_shard_stamp *st)
{
    dense_ctx *c = vctx; /* the snapshot, checked against the stamp, vouches for the value */
    unsigned long crc = 0;
    unsigned long long vlen = 0;
    int f = part_no < c->m->parts
                ? bl_dict_snapshot_dense(c->snap, part_no, c->key, c->len, &crc, &vlen)
                : 0;
    if (f <= 0 || vlen != len || len < KD_MAGIC_LEN ||
        memcmp(value, KD_MAGIC, KD_MAGIC_LEN) != 0 ||
        bl_crc32(0L, value, len) != crc)
        return !(c->found = 0);
    cursor cur = {(const unsigned char *)value + KD_MAGIC_LEN,
                  (const unsigned char *)value + len, 0};
    unsigned long long bits_set = get_varint(&cur), nbytes = get_varint(&cur);
    if (cur.bad || nbytes == 0 || nbytes != (unsigned long long)(cur.end - cur.p))
        return !(c->found = 0);
    size_t words = 0;
    const unsigned long long *match = shard_matches(c->m, part_no, st->lastdocid, &words);
    if (!match) {
        c->oom = 1;
        return !(c->found = 0);
    }
    size_t key_words = (size_t)((nbytes + 7) / 8); /* never past the bitmap's bytes */
    unsigned long long set = 0, hit = 0;
    and_count(cur.p, nbytes, match, words < key_words ? words : key_words, &set, &hit);
    if (set != bits_set || (key_words > words && !bits_beyond_zero(cur.p, nbytes, words)))
        return !(c->found = 0);
    c->count += (unsigned long)hit;
    c->named += (unsigned long)set;
    return 0;
}

xc_status bl_dense_key_count(xc_db *db, const bl_dict_snapshot *snap, const char *key,
                             bl_shard_match *m, unsigned long *count, unsigned long *named,
                             int *found)
{
    char name[256];
    *found = 0;
    *count = 0;
    if (named)
        *named = 0;
    if (!snap || !key_docs_name(name, sizeof name, key, strlen(key)))
        return XC_OK;
    if (!m->parts) {
        size_t parts = 0;
        xc_status xs = xc_db_part_count(db, &parts);
        if (xs == XC_UNSUPPORTED)
            return XC_OK;
        if (xs != XC_OK)
            return xs;
        m->part = calloc(parts, sizeof *m->part);
        m->words = calloc(parts, sizeof *m->words);
        if (!m->part || !m->words) {
            free(m->part);
            free(m->words);
            m->part = NULL;
            m->words = NULL;
            return XC_NO_MEMORY;
        }
        m->parts = parts;
    }
    dense_ctx c = {snap, key, strlen(key), m, 0, 0, 1, 0};
    xc_status xs = xc_db_metadata_by_part(db, name, take_key_docs, &c);
    if (xs == XC_UNSUPPORTED)
        return XC_OK;
    if (xs == XC_OK && c.oom)
        xs = XC_NO_MEMORY;
    *found = xs == XC_OK && c.found;
    *count = *found ? c.count : 0;
    if (named)
        *named = *found ? c.named : 0;
    return xs;
}

/* ---- what a commit changed, and patching the last commit's snapshot ---------------------- */

typedef struct noted {
    size_t off, len; /* the key (type prefix stripped) in the changes' keys */
    unsigned type;
    long delta;      /* documents put in naming it less those taken away */
} noted;

/* A document put in (put = 1) or taken away naming a noted pair, in the order noted. */
typedef struct doc_event {
    size_t noted;    /* index into the changes' v */
    xc_docid docid;
    int put;
} doc_event;
#define CHANGES_EVENTS_MAX (8 * BL_DICT_CHANGES_MAX)

struct bl_dict_changes {
    xc_shard_stamp base; /* the shard's stamp with no pending changes */
    int have_base;       /* base was read */
    int full;            /* noting gave up (too many terms, no memory): rebuild whole */
    bl_strbuf keys;      /* noted keys' bytes */
    noted *v;            /* the distinct (type, key) pairs noted */
    size_t n, cap;
    size_t *slot;        /* open addressing over v: index + 1, 0 empty; slots: a power of 2 */
    size_t slots;
    doc_event *ev;       /* every document put in or taken away, by pair, in order */
    size_t nev, evcap;
};

bl_dict_changes *bl_dict_changes_new(void) { return calloc(1, sizeof(bl_dict_changes)); }

void bl_dict_changes_free(bl_dict_changes *c)
{
    if (!c)
        return;
    free(c->keys.s);
    free(c->v);
    free(c->slot);
    free(c->ev);
    free(c);
}

void bl_dict_changes_reset(bl_dict_changes *c, xc_wdb *wdb, int snapshot_current)
{
    if (!c)
        return;
    c->keys.len = 0;
    c->keys.failed = 0;
    c->n = 0;
    c->nev = 0;
    if (c->slot)
        memset(c->slot, 0, c->slots * sizeof *c->slot);
    c->full = 0;
    c->have_base = xc_wdb_stamp(wdb, &c->base) == XC_OK;
    if (c->have_base && !snapshot_current) { /* the magic and the stamp: the rest at commit */
        char *v = NULL;
        size_t len = 0;
        cursor cur = {NULL, NULL, 0};
        if (xc_wdb_get_metadata(wdb, BL_META_DICT_SNAPSHOT, &v, &len) == XC_OK)
            cur = (cursor){(const unsigned char *)v, (const unsigned char *)v + len, 0};
        c->full = !cur.p || !stamp_matches(&cur, &c->base, MAGIC2);
        free(v);
    }
}

int bl_dict_changes_full(const bl_dict_changes *c) { return !c || c->full || !c->have_base; }

static size_t noted_slot(const bl_dict_changes *c, const char *key, size_t len, unsigned type)
{
    uint64_t h = bl_hash_fold(key, len) + type * 0x9e3779b97f4a7c15ULL;
    return (size_t)(h ^ h >> 29) & (c->slots - 1);
}

/* Room for one more noted pair at half load: 0, or -1 out of memory. */
static int changes_room(bl_dict_changes *c)
{
    if (2 * (c->n + 1) <= c->slots)
        return 0;
    size_t slots = c->slots ? 2 * c->slots : 256;
    size_t *slot = calloc(slots, sizeof *slot);
    if (!slot)
        return -1;
    free(c->slot);
    c->slot = slot;
    c->slots = slots;
    for (size_t i = 0; i < c->n; i++) {
        const noted *x = &c->v[i];
        size_t at = noted_slot(c, c->keys.s + x->off, x->len, x->type);
        while (c->slot[at])
            at = (at + 1) & (slots - 1);
        c->slot[at] = i + 1;
    }
    return 0;
}

/* Note one type term of document docid put in (sign +1) or taken away (-1). */
static int note_term(bl_dict_changes *c, int sign, xc_docid docid, size_t type,
                     const char *term, size_t len)
{
    size_t pl = strlen(type_prefix[type]);
    if (len <= pl || memchr(term + pl, '\0', len - pl))
        return 0; /* never in a snapshot (take_term) */
    const char *key = term + pl;
    size_t klen = len - pl;
    if (c->n >= BL_DICT_CHANGES_MAX || c->nev >= CHANGES_EVENTS_MAX || changes_room(c) != 0)
        return c->full = 1; /* a bulk commit, or no memory: rebuild whole; stop */
    doc_event *ev = bl_grow(c->ev, &c->evcap, c->nev + 1, sizeof *ev, 256);
    if (!ev)
        return c->full = 1;
    c->ev = ev;
    size_t at = noted_slot(c, key, klen, (unsigned)type);
    for (; c->slot[at]; at = (at + 1) & (c->slots - 1)) {
        noted *x = &c->v[c->slot[at] - 1];
        if (x->type == type && x->len == klen && memcmp(c->keys.s + x->off, key, klen) == 0) {
            x->delta += sign; /* noted already */
            ev[c->nev++] = (doc_event){(size_t)(x - c->v), docid, sign > 0};
            return 0;
        }
    }
    noted *v = bl_grow(c->v, &c->cap, c->n + 1, sizeof *v, 64);
    if (!v || bl_strbuf_append(&c->keys, key, klen) != 0)
        return c->full = 1;
    c->v = v;
    ev[c->nev++] = (doc_event){c->n, docid, sign > 0};
    v[c->n++] = (noted){c->keys.len - klen, klen, (unsigned)type, sign};
    c->slot[at] = c->n;
    return 0;
}

typedef struct put_ctx {
    bl_dict_changes *c;
    xc_docid docid;
} put_ctx;

static int note_put(void *vp, size_t type, const char *term, size_t len, unsigned long tf)
{
    (void)tf;
    put_ctx *p = vp;
    return note_term(p->c, +1, p->docid, type, term, len);
}

static int note_taken(void *vc, xc_docid docid, size_t type, const char *term, size_t len)
{
    return note_term(vc, -1, docid, type, term, len);
}

void bl_dict_changes_note_doc(bl_dict_changes *c, const xc_doc *doc, xc_docid docid)
{
    put_ctx p = {c, docid};
    if (!bl_dict_changes_full(c) &&
        xc_doc_prefixed_terms(doc, type_prefix, NTYPES, note_put, &p) != XC_OK)
        c->full = 1;
}

void bl_dict_changes_note_indexed(bl_dict_changes *c, xc_wdb *wdb, const char *unique_term)
{
    if (!bl_dict_changes_full(c) &&
        xc_wdb_prefixed_terms_of(wdb, unique_term, type_prefix, NTYPES, note_taken, c) != XC_OK)
        c->full = 1;
}

void bl_dict_changes_give_up(bl_dict_changes *c)
{
    if (c)
        c->full = 1;
}

/* A noted pair, pointing into the changes' keys, for sorting. */
typedef struct touched {
    const char *key;
    size_t len;
    unsigned type;
    long delta;
} touched;

static int touched_cmp(const void *va, const void *vb)
{
    const touched *a = va, *b = vb;
    int r = key_cmp(a->key, a->len, b->key, b->len);
    return r ? r : (a->type > b->type) - (a->type < b->type);
}

/* Does the sorted t[0..n) hold key (under any type)? */
static int touched_has(const touched *t, size_t n, const char *key, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = key_cmp(t[mid].key, t[mid].len, key, len);
        if (r == 0)
            return 1;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int same_stamp(const xc_shard_stamp *a, const xc_shard_stamp *b)
{
    return a->doccount == b->doccount && a->lastdocid == b->lastdocid &&
           a->total_length == b->total_length;
}

/* wdb's stored snapshot laid out in *p (pointing into the returned value, malloc()ed) when
 * it is whole and carries stamp `base`; NULL otherwise (*xs: a binding error or XC_OK). */
static char *stored_snapshot(xc_wdb *wdb, const xc_shard_stamp *base, part *p, xc_status *xs)
{
    char *v = NULL;
    size_t len = 0;
    *xs = xc_wdb_get_metadata(wdb, BL_META_DICT_SNAPSHOT, &v, &len);
    cursor c = {(const unsigned char *)v, (const unsigned char *)v + len, 0};
    if (*xs == XC_OK && stamp_matches(&c, base, MAGIC2) && checksum_matches(v, len)) {
        memset(p, 0, sizeof *p);
        p->docs = base->doccount;
        p->value = v;
        p->len = len;
        cursor body = {c.p, (const unsigned char *)v + len - CRC_LEN, 0};
        if (body.p <= body.end && lay_out(p, body, 0))
            return v;
    }
    free(v);
    return NULL;
}

/* The next old entry in key order, from p's head or tail, whichever key is smaller: *from
 * which (the caller then advances e[*from]); 1, 0 at the end of both, -1 damaged. */
static int old_next(const int have[2], const bl_dict_entry e[2], int *from)
{
    if (have[0] < 0 || have[1] < 0)
        return -1;
    if (!have[0] && !have[1])
        return 0;
    if (have[0] && have[1]) {
        int r = key_cmp(e[0].key, e[0].len, e[1].key, e[1].len);
        if (r == 0)
            return -1; /* a key in both runs */
        *from = r < 0 ? 0 : 1;
    } else {
        *from = have[0] ? 0 : 1;
    }
    return 1;
}

/* Every key of the old snapshot p (keys at offsets into w->keys, a copy of its value), its
 * touched types' frequencies moved by what the commit put in and took away, into *out (*n):
 * 1; 0 when p breaks the format or a frequency would leave its range (rebuild whole); -1 when
 * memory runs out. */
static int patched_keys(writer *w, part *p, const touched *t, size_t nt, w_key **out,
                        size_t *n)
{
    size_t cap = (size_t)(p->runs[0].n + p->runs[1].n) + nt, ti = 0; /* at most */
    if (!(*out = malloc(cap * sizeof **out)))
        return -1; /* (the counts are bounded by the value's length: lay_out) */
    bl_dict_entry e[2];
    int have[2] = {part_next(p, 0, &e[0]), part_next(p, 1, &e[1])};
    for (;;) {
        int from = 0, o = old_next(have, e, &from);
        if (o < 0)
            return 0;
        if (!o && ti == nt)
            return 1;
        int r = !o ? 1 : ti == nt ? -1 : key_cmp(e[from].key, e[from].len, t[ti].key, t[ti].len);
        w_key k;
        memset(&k, 0, sizeof k);
        if (r <= 0) { /* the old entry: its bytes are at the same offset in the copy */
            k.off = (size_t)(e[from].key - p->value);
            k.len = e[from].len;
            memcpy(k.tf, e[from].tf, sizeof k.tf);
            have[from] = part_next(p, from, &e[from]);
        } else { /* a key new to the shard */
            if (bl_strbuf_append(&w->keys, t[ti].key, t[ti].len) != 0)
                return -1;
            k.off = w->keys.len - t[ti].len;
            k.len = t[ti].len;
        }
        /* a touched key (r >= 0: t[ti] is it): its touched types' frequencies now */
        const char *key = r >= 0 ? t[ti].key : NULL;
        for (; key && ti < nt && t[ti].len == k.len && memcmp(t[ti].key, key, k.len) == 0;
             ti++) {
            long long tf = (long long)k.tf[t[ti].type] + t[ti].delta;
            if (tf < 0 || tf > 0xffffffffLL)
                return 0; /* the old snapshot did not hold what was taken away */
            k.tf[t[ti].type] = (unsigned long)tf;
        }
        for (int u = 0; u < NTYPES; u++) {
            k.mask |= (k.tf[u] != 0) << u;
            k.total += k.tf[u];
        }
        if (!k.mask)
            continue; /* no document names it any more */
        w_key *v = bl_grow(*out, &cap, *n + 1, sizeof *v, 1024);
        if (!v)
            return -1;
        (*out = v)[(*n)++] = k;
        if (note_dense(w, &k) != 0)
            return -1;
    }
}

/* A noted document event with its key, for finding a key's events in order. */
typedef struct key_event {
    const char *key;
    size_t len;
    size_t seq; /* the order noted */
    xc_docid docid;
    int put;
} key_event;

static int key_event_cmp(const void *va, const void *vb)
{
    const key_event *a = va, *b = vb;
    int r = key_cmp(a->key, a->len, b->key, b->len);
    return r ? r : (a->seq > b->seq) - (a->seq < b->seq);
}

/* The stored value `name` of dense key `key` into *v (malloc()ed, *v_len bytes; *crc its
 * CRC-32) when it is the one the old snapshot names for the key (CRC and length): 1; 0 when
 * not, *v then NULL (*xs: a binding error or left as it was). */
static int named_value(xc_wdb *wdb, const part *old, const char *name, const char *key,
                       size_t len, char **v, size_t *v_len, unsigned long *crc, xc_status *xs)
{
    unsigned long long vlen = 0;
    *v = NULL;
    *v_len = 0;
    if (part_dense(old, key, len, crc, &vlen) > 0 &&
        (*xs = xc_wdb_get_metadata(wdb, name, v, v_len)) == XC_OK && *v_len == vlen &&
        *v_len <= 0xffffffffu && bl_crc32(0L, *v, *v_len) == *crc)
        return 1;
    free(*v);
    *v = NULL;
    return 0;
}

/* Is the stored value `name` the one the old snapshot names for key (named_value)?  Its
 * bitmap into bits[0..room) (zeroed first): 1; 0 when not (read the postings instead). */
static int old_bitmap(xc_wdb *wdb, const part *old, const char *name, const char *key,
                      size_t len, unsigned char *bits, size_t room, xc_status *xs)
{
    unsigned long crc = 0;
    char *v = NULL;
    size_t v_len = 0;
    int ok = 0;
    if (named_value(wdb, old, name, key, len, &v, &v_len, &crc, xs) &&
        v_len >= KD_MAGIC_LEN && memcmp(v, KD_MAGIC, KD_MAGIC_LEN) == 0) {
        cursor c = {(const unsigned char *)v + KD_MAGIC_LEN, (const unsigned char *)v + v_len, 0};
        get_varint(&c);
        unsigned long long nbytes = get_varint(&c);
        if (!c.bad && nbytes == (unsigned long long)(c.end - c.p) && nbytes <= room) {
            memset(bits, 0, room);
            memcpy(bits, c.p, (size_t)nbytes);
            ok = 1;
        }
    }
    free(v);
    return ok;
}

/* Patch dense key k's bitmap from its old value and its documents' events ev[0..n) (in the
 * order noted: taking a document away clears its bit, putting one in sets it, so the last
 * event of a docid decides): 1 when done, 0 when the old value is not usable. */
static int patch_bitmap(xc_wdb *wdb, const part *old, dense_key *k, const char *key,
                        const key_event *ev, size_t n, unsigned char *bits, size_t room,
                        xc_status *xs)
{
    char name[256];
    if (!key_docs_name(name, sizeof name, key, k->len) ||
        !old_bitmap(wdb, old, name, key, k->len, bits, room, xs))
        return 0;
    for (size_t i = 0; i < n; i++) {
        xc_docid d = ev[i].docid;
        if (d == 0 || d / 8 >= room)
            return 0; /* not a docid of this shard's: read the postings */
        unsigned char bit = (unsigned char)(1u << (d % 8));
        bits[d / 8] = ev[i].put ? (unsigned char)(bits[d / 8] | bit)
                                : (unsigned char)(bits[d / 8] & ~bit);
    }
    unsigned long long set = 0;
    for (size_t i = 0; i < room; i++)
        set += (unsigned long long)__builtin_popcount(bits[i]);
    *xs = store_key_docs(wdb, name, k, bits, room, set);
    return 1;
}

/* The dense keys' bitmaps of a patched snapshot: an untouched key keeps its stored value
 * when the old snapshot names it and it is whole; a touched one has its old bitmap patched
 * by the documents put in and taken away; the others are read from their postings. */
static xc_status patch_dense(xc_wdb *wdb, writer *w, const part *old, const touched *t,
                             size_t nt, const key_event *ev, size_t nev,
                             const xc_shard_stamp *st)
{
    size_t nbytes = (size_t)(st->lastdocid / 8 + 1);
    unsigned char *bits = NULL;
    xc_status xs = XC_OK;
    for (size_t i = 0; i < w->dense_n && xs == XC_OK; i++) {
        dense_key *d = &w->dense[i];
        const char *key = w->keys.s + d->off;
        unsigned long crc = 0;
        char name[256], *v = NULL;
        size_t len = 0;
        if (!touched_has(t, nt, key, d->len) && key_docs_name(name, sizeof name, key, d->len) &&
            named_value(wdb, old, name, key, d->len, &v, &len, &crc, &xs)) {
            d->crc = crc;
            d->vlen = len;
            free(v);
            continue;
        }
        if (xs == XC_OK && !bits && !(bits = malloc(nbytes)))
            xs = XC_NO_MEMORY;
        size_t lo = 0, hi = nev; /* the key's events: ev[lo..] */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (key_cmp(ev[mid].key, ev[mid].len, key, d->len) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (hi = lo; hi < nev && key_cmp(ev[hi].key, ev[hi].len, key, d->len) == 0;)
            hi++;
        if (xs == XC_OK &&
            !patch_bitmap(wdb, old, d, key, ev + lo, hi - lo, bits, nbytes, &xs) && xs == XC_OK)
            xs = write_key_docs(wdb, w, d, st, bits, nbytes);
    }
    if (xs == XC_OK)
        xs = replace_key_docs_list(wdb, w);
    free(bits);
    return xs;
}

/* Patch wdb's snapshot from changes: *done = 1 when written so (or nothing to write). */
static xc_status patch_snapshot(xc_wdb *wdb, const bl_dict_changes *ch, int *done)
{
    *done = 0;
    if (bl_dict_changes_full(ch))
        return XC_OK;
    xc_shard_stamp now;
    xc_status xs = xc_wdb_stamp(wdb, &now);
    part old;
    char *value = xs == XC_OK ? stored_snapshot(wdb, &ch->base, &old, &xs) : NULL;
    if (!value)
        return xs;
    if (ch->n == 0 && same_stamp(&now, &ch->base)) { /* no document changed */
        xs = heads_current(wdb, (const unsigned char *)value, old.len);
        free(value);
        *done = xs == XC_OK;
        return xs;
    }
    touched *t = malloc((ch->n ? ch->n : 1) * sizeof *t);
    key_event *ev = malloc((ch->nev ? ch->nev : 1) * sizeof *ev);
    writer w;
    memset(&w, 0, sizeof w);
    w.last = now.lastdocid;
    w_key *keys = NULL;
    size_t nkeys = 0;
    int got = 0;
    if (!t || !ev || bl_strbuf_append(&w.keys, value, old.len) != 0) {
        xs = XC_NO_MEMORY;
    } else {
        for (size_t i = 0; i < ch->n; i++)
            t[i] = (touched){ch->keys.s + ch->v[i].off, ch->v[i].len, ch->v[i].type,
                             ch->v[i].delta};
        qsort(t, ch->n, sizeof *t, touched_cmp);
        for (size_t i = 0; i < ch->nev; i++) {
            const noted *x = &ch->v[ch->ev[i].noted];
            ev[i] = (key_event){ch->keys.s + x->off, x->len, i, ch->ev[i].docid, ch->ev[i].put};
        }
        qsort(ev, ch->nev, sizeof *ev, key_event_cmp);
        got = patched_keys(&w, &old, t, ch->n, &keys, &nkeys);
        if (got < 0)
            xs = XC_NO_MEMORY;
    }
    unsigned char *out = NULL;
    size_t out_len = 0;
    if (got > 0)
        xs = patch_dense(wdb, &w, &old, t, ch->n, ev, ch->nev, &now);
    if (got > 0 && xs == XC_OK) {
        out = snapshot_value(&w, keys, nkeys, &now, &out_len);
        xs = out ? store_snapshot(wdb, out, out_len) : XC_NO_MEMORY;
        *done = xs == XC_OK;
    }
    free(out);
    free(keys);
    free(w.dense);
    free(w.keys.s);
    free(t);
    free(ev);
    free(value);
    return xs;
}

xc_status bl_dict_snapshot_update(xc_wdb *wdb, const bl_dict_changes *changes, int *patched)
{
    int done = 0;
    xc_status xs = patch_snapshot(wdb, changes, &done);
    if (patched)
        *patched = done;
    return xs == XC_OK && !done ? bl_dict_snapshot_write(wdb) : xs;
}
