/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gazetteer.c — load the generated word lists into a hash table (see gazetteer.h).
 *
 * The data is one static string of lines "<class><key>\t<display>\n" written by
 * tools/gen_gazetteer.py.  A key may appear on several lines (Georgia is a country and a
 * given name; "us" is the United States in capitals), so lines are merged into one entry
 * per key whose flags are the union of its classes.  The table is sized once, from a count
 * of the lines, and never grows: loading is a single pass with one allocation for the
 * entries and one for the slots.
 */
#include "gazetteer.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

extern const char bl_gazetteer_data[];
extern const size_t bl_gazetteer_data_len;

static uint64_t hash_bytes(const char *s, size_t len) { return bl_hash_fold(s, len); }

const char *bl_gazetteer_key(const bl_gz_entry *e)
{
    return bl_gazetteer_data + e->key_off;
}

const bl_gz_entry *bl_gazetteer_lookup(const bl_gazetteer *g, const char *key, size_t len)
{
    if (!g->slots || len == 0 || len > 0xFFFF)
        return NULL;
    size_t i = (size_t)hash_bytes(key, len) & g->mask;
    for (;;) {
        uint32_t s = g->slots[i];
        if (!s)
            return NULL;
        const bl_gz_entry *e = &g->entries[s - 1];
        if (e->key_len == len && memcmp(bl_gazetteer_data + e->key_off, key, len) == 0)
            return e;
        i = (i + 1) & g->mask;
    }
}

const char *bl_gazetteer_display(const bl_gz_entry *e, int which, size_t *len)
{
    *len = e->disp_len[which];
    return *len ? bl_gazetteer_data + e->disp_off[which] : NULL;
}

/* Map a class letter to (flags, display slot or -1). */
static uint32_t class_flags(char c, int *disp)
{
    *disp = -1;
    switch (c) {
    case 'P': *disp = BL_GZ_DISP_PLACE; return BL_GZ_PLACE | BL_GZ_MAJOR_PLACE;
    case 'C': *disp = BL_GZ_DISP_PLACE; return BL_GZ_PLACE | BL_GZ_CITY;
    case 'Q': *disp = BL_GZ_DISP_PLACE; return BL_GZ_PLACE_CAPS;
    case 'O': *disp = BL_GZ_DISP_ORG; return BL_GZ_ORG;
    case 'A': *disp = BL_GZ_DISP_ORG; return BL_GZ_ORG_CAPS;
    case 'X': *disp = BL_GZ_DISP_OTHER; return BL_GZ_OTHER;
    case 'Y': *disp = BL_GZ_DISP_OTHER; return BL_GZ_OTHER_CAPS;
    case 'D': *disp = BL_GZ_DISP_OTHER; return BL_GZ_DEMONYM;
    case 'K': *disp = BL_GZ_DISP_DEMONYM; return BL_GZ_COUNTRY;
    case 'G': return BL_GZ_GIVEN;
    case 'W': return BL_GZ_COMMON;
    case 'T': return BL_GZ_TITLE;
    case 'M': return BL_GZ_TITLE_MOD;
    case 'F': return BL_GZ_PORTFOLIO;
    case 'L': return BL_GZ_ORG_TAIL;
    case 'H': return BL_GZ_ORG_HEAD;
    case 'R': return BL_GZ_PLACE_TAIL;
    case 'B': return BL_GZ_PLACE_HEAD;
    case 'E': return BL_GZ_EVENT_HEAD;
    case 'V': return BL_GZ_EVENT_TAIL;
    case 'N': return BL_GZ_NONNAME;
    case 'J': return BL_GZ_CONNECTOR;
    case 'Z': return BL_GZ_PARTICLE;
    case 'U': return BL_GZ_SUFFIX;
    case 'I': return BL_GZ_GENERIC;
    case 'S': return BL_GZ_COMPANY | BL_GZ_ORG_TAIL;
    case 'c': return BL_GZ_TOWN_NAME;
    default: return 0;
    }
}

/* A key listed both in capitals and in ordinary case matches either way: flags without the
 * capitals-only classes that their ordinary-case class covers. */
static uint32_t either_case(uint32_t f)
{
    if (f & BL_GZ_PLACE)
        f &= ~(uint32_t)BL_GZ_PLACE_CAPS;
    if (f & BL_GZ_ORG)
        f &= ~(uint32_t)BL_GZ_ORG_CAPS;
    if (f & BL_GZ_OTHER)
        f &= ~(uint32_t)BL_GZ_OTHER_CAPS;
    return f;
}

int bl_gazetteer_init(bl_gazetteer *g)
{
    memset(g, 0, sizeof *g);
    const char *d = bl_gazetteer_data;
    size_t len = bl_gazetteer_data_len, lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += d[i] == '\n';
    size_t cap = 16;
    while (cap < lines * 2)
        cap <<= 1;
    g->entries = calloc(lines ? lines : 1, sizeof *g->entries);
    g->slots = calloc(cap, sizeof *g->slots);
    if (!g->entries || !g->slots) {
        bl_gazetteer_destroy(g);
        return -1;
    }
    g->mask = cap - 1;
    size_t i = 0;
    while (i < len) {
        size_t line = i, tab = i, eol;
        while (tab < len && d[tab] != '\t' && d[tab] != '\n')
            tab++;
        eol = tab;
        while (eol < len && d[eol] != '\n')
            eol++;
        i = eol + 1;
        if (tab >= eol || tab == line + 1)
            continue; /* malformed or empty key: skip */
        /* "~": a row the learned model was not trained with (tools/gen_gazetteer.py) */
        int untrained = d[line] == '~', disp;
        size_t cls = line + (size_t)untrained;
        if (tab <= cls + 1)
            continue;
        uint32_t flags = class_flags(d[cls], &disp);
        const char *key = d + cls + 1;
        size_t key_len = tab - cls - 1;
        if (!flags || key_len > 0xFFFF)
            continue;
        size_t h = (size_t)hash_bytes(key, key_len) & g->mask;
        bl_gz_entry *e = NULL;
        for (;;) {
            uint32_t s = g->slots[h];
            if (!s) {
                e = &g->entries[g->n++];
                e->key_off = (uint32_t)(key - d);
                e->key_len = (uint16_t)key_len;
                unsigned words = 1;
                for (size_t k = 0; k < key_len; k++)
                    words += key[k] == ' ';
                e->ntok = (uint8_t)(words > 255 ? 255 : words);
                g->slots[h] = (uint32_t)g->n;
                break;
            }
            bl_gz_entry *o = &g->entries[s - 1];
            if (o->key_len == key_len && memcmp(d + o->key_off, key, key_len) == 0) {
                e = o;
                break;
            }
            h = (h + 1) & g->mask;
        }
        e->flags |= flags;
        if (!untrained)
            e->model_flags |= flags;
        /* The last display of a class wins: the hand-written lists come after the generated
         * ones in the data, so an alias in data/places.txt overrides a generated name. */
        if (disp >= 0 && eol > tab + 1) {
            e->disp_off[disp] = (uint32_t)(tab + 1);
            e->disp_len[disp] = (uint16_t)(eol - tab - 1 > 0xFFFF ? 0xFFFF : eol - tab - 1);
        }
        if (flags & BL_GZ_NAME_CLASSES && e->ntok > g->max_name_tokens)
            g->max_name_tokens = e->ntok;
    }
    /* A key listed both in capitals and in ordinary case matches either way. */
    for (size_t k = 0; k < g->n; k++) {
        g->entries[k].flags = either_case(g->entries[k].flags);
        g->entries[k].model_flags = either_case(g->entries[k].model_flags);
    }
    return 0;
}

void bl_gazetteer_destroy(bl_gazetteer *g)
{
    free(g->entries);
    free(g->slots);
    memset(g, 0, sizeof *g);
}
