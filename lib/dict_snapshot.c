/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dict_snapshot.c — write and read the per-shard snapshot of the entity dictionary's type
 * terms (format and rules in dict_snapshot.h). */
#include "dict_snapshot.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "util.h"

static const char MAGIC[] = "BLDICT1\n";
#define MAGIC_LEN (sizeof MAGIC - 1)
#define NTYPES 4

static const char *const type_prefix[NTYPES] = {BL_PREFIX_PERSON, BL_PREFIX_PLACE,
                                                  BL_PREFIX_ORG, BL_PREFIX_OTHER};

/* ---- writing ---------------------------------------------------------------------------- */

typedef struct writer {
    bl_strbuf out;
    bl_strbuf section[NTYPES]; /* entries of each type, counted in n[] */
    unsigned long long n[NTYPES];
} writer;

static int put_varint(bl_strbuf *b, unsigned long long v)
{
    char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return bl_strbuf_append(b, tmp, n);
}

static int take_term(void *vw, size_t type, const char *term, size_t len, unsigned long tf)
{
    writer *w = vw;
    size_t pl = strlen(type_prefix[type]);
    if (len <= pl)
        return 0;
    bl_strbuf *s = &w->section[type];
    w->n[type]++;
    put_varint(s, tf);
    put_varint(s, len - pl);
    bl_strbuf_append(s, term + pl, len - pl);
    return s->failed; /* out of memory: stop */
}

xc_status bl_dict_snapshot_write(xc_wdb *wdb)
{
    writer w;
    memset(&w, 0, sizeof w);
    xc_shard_stamp stamp;
    xc_status xs = xc_wdb_stamp(wdb, &stamp);
    if (xs == XC_OK)
        xs = xc_wdb_allterms(wdb, type_prefix, NTYPES, take_term, &w);
    bl_strbuf_append(&w.out, MAGIC, MAGIC_LEN);
    put_varint(&w.out, stamp.doccount);
    put_varint(&w.out, stamp.lastdocid);
    put_varint(&w.out, stamp.total_length);
    int failed = 0;
    for (int t = 0; t < NTYPES; t++) {
        put_varint(&w.out, w.n[t]);
        bl_strbuf_append(&w.out, w.section[t].s ? w.section[t].s : "", w.section[t].len);
        failed |= w.section[t].failed;
    }
    if (xs == XC_OK)
        xs = failed || w.out.failed ? XC_NO_MEMORY
                                    : xc_wdb_set_metadata(wdb, BL_META_DICT_SNAPSHOT, w.out.s,
                                                          w.out.len);
    for (int t = 0; t < NTYPES; t++)
        free(w.section[t].s);
    free(w.out.s);
    return xs;
}

/* ---- reading ---------------------------------------------------------------------------- */

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

typedef struct blob {
    char *s;
    size_t len;
} blob;

typedef struct parts {
    blob *v;
    size_t n, cap;
    int usable; /* 1: every part so far has a current snapshot; 0: one has not; -1: no memory */
} parts;

/* Check the stamp of one snapshot; on success *c stands after it. */
static int stamp_matches(cursor *c, const xc_shard_stamp *st)
{
    if ((size_t)(c->end - c->p) < MAGIC_LEN || memcmp(c->p, MAGIC, MAGIC_LEN) != 0)
        return 0;
    c->p += MAGIC_LEN;
    unsigned long long dc = get_varint(c), last = get_varint(c), total = get_varint(c);
    return !c->bad && dc == st->doccount && last == st->lastdocid && total == st->total_length;
}

static int take_part(void *vp, size_t part, const char *value, size_t len,
                     const xc_shard_stamp *st)
{
    (void)part;
    parts *p = vp;
    cursor c = {(const unsigned char *)value, (const unsigned char *)value + len, 0};
    if (!stamp_matches(&c, st)) {
        p->usable = 0;
        return 1; /* stop: this shard changed since its snapshot, or has none */
    }
    blob *v = bl_grow(p->v, &p->cap, p->n + 1, sizeof *v, 4);
    char *copy = v ? malloc(len ? len : 1) : NULL;
    if (v)
        p->v = v;
    if (!copy) {
        p->usable = -1;
        return 1;
    }
    memcpy(copy, value, len);
    p->v[p->n++] = (blob){copy, len};
    return 0;
}

/* Check that one snapshot parses to its end (before anything is handed on). */
static int well_formed(const char *blob, size_t len)
{
    cursor c = {(const unsigned char *)blob, (const unsigned char *)blob + len, 0};
    c.p += MAGIC_LEN;
    for (int k = 0; k < 3; k++)
        get_varint(&c);
    for (int t = 0; t < NTYPES && !c.bad; t++) {
        unsigned long long n = get_varint(&c);
        for (unsigned long long i = 0; i < n && !c.bad; i++) {
            get_varint(&c);
            unsigned long long kl = get_varint(&c);
            if (kl == 0 || kl > (unsigned long long)(c.end - c.p))
                c.bad = 1;
            else
                c.p += kl;
        }
    }
    return !c.bad && c.p == c.end;
}

static int feed(const char *blob, size_t len, xc_prefixed_term_cb cb, void *ctx)
{
    cursor c = {(const unsigned char *)blob, (const unsigned char *)blob + len, 0};
    c.p += MAGIC_LEN;
    for (int k = 0; k < 3; k++)
        get_varint(&c);
    for (size_t t = 0; t < NTYPES; t++) {
        unsigned long long n = get_varint(&c);
        for (unsigned long long i = 0; i < n; i++) {
            unsigned long tf = (unsigned long)get_varint(&c);
            size_t kl = (size_t)get_varint(&c);
            if (cb(ctx, t, (const char *)c.p, kl, tf) != 0)
                return 1;
            c.p += kl;
        }
    }
    return 0;
}

xc_status bl_dict_snapshot_read(xc_db *db, xc_prefixed_term_cb cb, void *ctx, int *used)
{
    parts p = {.usable = 1};
    *used = 0;
    xc_status xs = xc_db_metadata_by_part(db, BL_META_DICT_SNAPSHOT, take_part, &p);
    if (xs == XC_UNSUPPORTED)
        xs = XC_OK; /* not shard by shard: read the terms instead */
    else if (xs == XC_OK && p.usable < 0)
        xs = XC_NO_MEMORY;
    else if (xs == XC_OK && p.usable > 0) {
        int ok = 1;
        for (size_t i = 0; i < p.n && ok; i++)
            ok = well_formed(p.v[i].s, p.v[i].len);
        for (size_t i = 0; i < p.n && ok; i++)
            if (feed(p.v[i].s, p.v[i].len, cb, ctx))
                break;
        *used = ok;
    }
    for (size_t i = 0; i < p.n; i++)
        free(p.v[i].s);
    free(p.v);
    return xs;
}
