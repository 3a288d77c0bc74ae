/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dict_snapshot.c — write and read the per-shard snapshot of the entity dictionary's type
 * terms (format and rules in dict_snapshot.h). */
#include "dict_snapshot.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "schema.h"
#include "util.h"

static const char MAGIC2[] = "BLDICT2\n";
#define MAGIC_LEN (sizeof MAGIC2 - 1)
#define NTYPES BL_DICT_NTYPES

static const char *const type_prefix[NTYPES] = {BL_PREFIX_PERSON, BL_PREFIX_PLACE,
                                                  BL_PREFIX_ORG, BL_PREFIX_OTHER};

/* ---- writing ---------------------------------------------------------------------------- */

/* The shard's type terms as allterms gives them: type by type, keys in byte order within a
 * type (so each type is one sorted run), the keys in one arena. */
typedef struct w_term {
    size_t off, len;
    unsigned long tf;
} w_term;

typedef struct writer {
    bl_strbuf keys;            /* every key's bytes */
    w_term *v[NTYPES];         /* each type's terms, in key order */
    size_t n[NTYPES], cap[NTYPES];
    int oom;
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
    size_t m = a->len < b->len ? a->len : b->len;
    int r = memcmp(w->keys.s + a->off, w->keys.s + b->off, m);
    return r ? r : (a->len > b->len) - (a->len < b->len);
}

/* Merge the four sorted runs into one entry a key: *nkeys entries appended to body. */
static void write_entries(writer *w, bl_strbuf *body, unsigned long long *nkeys)
{
    size_t at[NTYPES] = {0};
    *nkeys = 0;
    for (;;) {
        const w_term *min = NULL;
        for (int t = 0; t < NTYPES; t++)
            if (at[t] < w->n[t] && (!min || w_cmp(w, &w->v[t][at[t]], min) < 0))
                min = &w->v[t][at[t]];
        if (!min)
            return;
        const w_term key = *min;
        unsigned long tf[NTYPES] = {0};
        unsigned mask = 0;
        for (int t = 0; t < NTYPES; t++)
            if (at[t] < w->n[t] && w_cmp(w, &w->v[t][at[t]], &key) == 0) {
                tf[t] = w->v[t][at[t]++].tf;
                mask |= 1u << t;
            }
        put_varint(body, key.len);
        bl_strbuf_append(body, w->keys.s + key.off, key.len);
        bl_strbuf_putc(body, '\0');
        bl_strbuf_putc(body, (char)mask);
        for (int t = 0; t < NTYPES; t++)
            if (mask >> t & 1)
                put_varint(body, tf[t]);
        (*nkeys)++;
    }
}

xc_status bl_dict_snapshot_write(xc_wdb *wdb)
{
    writer w;
    memset(&w, 0, sizeof w);
    bl_strbuf body = {0}, out = {0};
    unsigned long long nkeys = 0;
    xc_shard_stamp stamp;
    xc_status xs = xc_wdb_stamp(wdb, &stamp);
    if (xs == XC_OK)
        xs = xc_wdb_allterms(wdb, type_prefix, NTYPES, take_term, &w);
    if (xs == XC_OK && !w.oom && !w.keys.failed) {
        write_entries(&w, &body, &nkeys);
        bl_strbuf_append(&out, MAGIC2, MAGIC_LEN);
        put_varint(&out, stamp.doccount);
        put_varint(&out, stamp.lastdocid);
        put_varint(&out, stamp.total_length);
        put_varint(&out, nkeys);
        bl_strbuf_append(&out, body.s ? body.s : "", body.len);
        if (!out.failed) {
            uLong crc = crc32(0L, (const Bytef *)out.s, (uInt)out.len);
            for (int k = 0; k < 4; k++)
                bl_strbuf_putc(&out, (char)(crc >> (8 * k) & 0xff));
        }
    }
    if (xs == XC_OK)
        xs = w.oom || w.keys.failed || body.failed || out.failed
                 ? XC_NO_MEMORY
                 : xc_wdb_set_metadata(wdb, BL_META_DICT_SNAPSHOT, out.s, out.len);
    for (int t = 0; t < NTYPES; t++)
        free(w.v[t]);
    free(w.keys.s);
    free(body.s);
    free(out.s);
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

typedef struct part {
    char *value;     /* the metadata value (owned) */
    size_t len;
    cursor at;       /* the next entry */
    unsigned long long left; /* entries not yet handed on */
} part;

struct bl_dict_snapshot {
    part *v;
    size_t n, cap;
    int usable; /* 1: every part so far has a current snapshot; 0: one has not; -1: no memory */
};

#define CRC_LEN 4

/* Does value's stamp say st (and its magic version 2)?  *c then stands after the stamp. */
static int stamp_matches(cursor *c, const xc_shard_stamp *st)
{
    if ((size_t)(c->end - c->p) < MAGIC_LEN || memcmp(c->p, MAGIC2, MAGIC_LEN) != 0)
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
    uLong want = (uLong)e[0] | (uLong)e[1] << 8 | (uLong)e[2] << 16 | (uLong)e[3] << 24;
    return crc32(0L, (const Bytef *)v, (uInt)(len - CRC_LEN)) == want;
}

static int take_part(void *vs, size_t part_no, const char *value, size_t len,
                     const xc_shard_stamp *st)
{
    (void)part_no;
    bl_dict_snapshot *s = vs;
    cursor c = {(const unsigned char *)value, (const unsigned char *)value + len, 0};
    if (!stamp_matches(&c, st) || !checksum_matches(value, len)) {
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
    p->at = (cursor){(const unsigned char *)copy + (c.p - (const unsigned char *)value),
                     (const unsigned char *)copy + len - CRC_LEN, 0};
    p->left = get_varint(&p->at);
    return 0;
}

/* One entry at c into e: 0 when malformed (a key empty, longer than what is left, not
 * followed by its NUL or holding one; no type, an unknown type bit, a frequency 0). */
static int parse_entry(cursor *c, bl_dict_entry *e)
{
    unsigned long long l = get_varint(c);
    if (c->bad || l == 0 || l > (unsigned long long)(c->end - c->p) - 2 ||
        (unsigned long long)(c->end - c->p) < 2)
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
        e->tf[t] = mask >> t & 1 ? (unsigned long)get_varint(c) : 0;
        if (mask >> t & 1 && (e->tf[t] == 0 || c->bad))
            return 0;
    }
    return 1;
}

/* Does part p parse to its end exactly, keys strictly increasing?  Checked for every shard
 * before anything is handed on. */
static int well_formed(const part *p)
{
    cursor c = p->at;
    bl_dict_entry e, prev = {0};
    if (c.bad)
        return 0;
    for (unsigned long long i = 0; i < p->left; i++) {
        if (!parse_entry(&c, &e))
            return 0;
        if (prev.key) {
            int r = memcmp(prev.key, e.key, prev.len < e.len ? prev.len : e.len);
            if (r > 0 || (r == 0 && prev.len >= e.len))
                return 0;
        }
        prev = e;
    }
    return c.p == c.end;
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

xc_status bl_dict_snapshot_open(xc_db *db, bl_dict_snapshot **out)
{
    *out = NULL;
    bl_dict_snapshot *s = calloc(1, sizeof *s);
    if (!s)
        return XC_NO_MEMORY;
    s->usable = 1;
    xc_status xs = xc_db_metadata_by_part(db, BL_META_DICT_SNAPSHOT, take_part, s);
    if (xs == XC_UNSUPPORTED)
        xs = XC_OK, s->usable = 0; /* not shard by shard: read the terms instead */
    else if (xs == XC_OK && s->usable < 0)
        xs = XC_NO_MEMORY;
    for (size_t i = 0; i < s->n && s->usable > 0; i++)
        s->usable = well_formed(&s->v[i]);
    if (xs == XC_OK && s->usable > 0 && s->n > 0)
        *out = s;
    else
        bl_dict_snapshot_free(s);
    return xs;
}

size_t bl_dict_snapshot_parts(const bl_dict_snapshot *s) { return s->n; }

unsigned long long bl_dict_snapshot_count(const bl_dict_snapshot *s, size_t part_no)
{
    return part_no < s->n ? s->v[part_no].left : 0;
}

int bl_dict_snapshot_next(bl_dict_snapshot *s, size_t part_no, bl_dict_entry *e)
{
    if (part_no >= s->n || s->v[part_no].left == 0)
        return 0;
    part *p = &s->v[part_no];
    p->left--;
    return parse_entry(&p->at, e); /* checked by well_formed: always 1 */
}
