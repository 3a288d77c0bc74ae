/* SPDX-License-Identifier: GPL-2.0-or-later */
/* util.c — growable arrays and strings, the disk-usage walk, the word-character rule and the
 * entity type names: small things libbyline used to write again in each file (see util.h). */
#include "util.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void *bl_grow(void *items, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap)
        return items; /* need >= 1, so a NULL array has *cap 0 and does not come here */
    size_t n = *cap > SIZE_MAX / 2 ? SIZE_MAX : *cap * 2;
    if (n < first)
        n = first;
    if (n < need)
        n = need;
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *grown = realloc(items, n * size);
    if (!grown)
        return NULL;
    *cap = n;
    return grown;
}

/* ---- string buffer ---------------------------------------------------------------------- */

void bl_strbuf_init(bl_strbuf *b) { memset(b, 0, sizeof *b); }

int bl_strbuf_append(bl_strbuf *b, const char *p, size_t n)
{
    if (b->failed)
        return -1;
    if (n >= SIZE_MAX - b->len) {
        b->failed = 1;
        return -1;
    }
    char *s = bl_grow(b->s, &b->cap, b->len + n + 1, 1, 64);
    if (!s) {
        b->failed = 1;
        return -1;
    }
    b->s = s;
    if (n)
        memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

int bl_strbuf_puts(bl_strbuf *b, const char *p) { return bl_strbuf_append(b, p, strlen(p)); }
int bl_strbuf_putc(bl_strbuf *b, char c) { return bl_strbuf_append(b, &c, 1); }

char *bl_strbuf_take(bl_strbuf *b, size_t *len)
{
    if (!b->failed && !b->s)
        bl_strbuf_append(b, "", 0);
    char *s = b->failed ? NULL : b->s;
    if (len)
        *len = s ? b->len : 0;
    if (!s)
        free(b->s);
    bl_strbuf_init(b);
    return s;
}

void bl_strbuf_free(bl_strbuf *b)
{
    free(b->s);
    bl_strbuf_init(b);
}

/* ---- disk usage ------------------------------------------------------------------------- */

/* Deeper than this is not an index (and a loop of bind mounts must end). */
#define DISK_USAGE_MAX_DEPTH 16

static unsigned long long du_walk(const char *path, int depth)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return S_ISREG(st.st_mode) ? (unsigned long long)st.st_size : 0;
    if (depth > DISK_USAGE_MAX_DEPTH)
        return 0;
    unsigned long long total = 0;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *sub = NULL;
        if (asprintf(&sub, "%s/%s", path, e->d_name) < 0)
            continue;
        total += du_walk(sub, depth + 1);
        free(sub);
    }
    closedir(d);
    return total;
}

int bl_disk_usage(const char *path, unsigned long long *bytes)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return -1;
    *bytes += du_walk(path, 0);
    return 0;
}

/* ---- entity types ----------------------------------------------------------------------- */

static const char *const entity_type_names[BL_FACET_NTYPES] = {
    [BL_FACET_PERSON] = "person", [BL_FACET_PLACE] = "place", [BL_FACET_ORG] = "org",
    [BL_FACET_OTHER] = "other"};

const char *bl_facet_type_name(int type)
{
    return type >= 0 && type < BL_FACET_NTYPES ? entity_type_names[type] : NULL;
}

/* One item of a type list: "NAME" or "NAME:N" (len bytes at p). */
static bl_status parse_type_item(const char *what, const char *p, size_t len, unsigned def,
                                 unsigned max, unsigned counts[BL_FACET_NTYPES], char *err,
                                 size_t errsize)
{
    const char *colon = memchr(p, ':', len);
    size_t name_len = colon ? (size_t)(colon - p) : len;
    unsigned count = def;
    if (colon) {
        const char *num = colon + 1;
        size_t num_len = len - name_len - 1;
        unsigned long long v = 0;
        int ok = num_len > 0;
        for (size_t i = 0; i < num_len && ok; i++) {
            ok = num[i] >= '0' && num[i] <= '9';
            v = ok && v <= max ? v * 10 + (unsigned long long)(num[i] - '0') : v;
            ok = ok && v <= max;
        }
        if (!ok) {
            if (errsize)
                snprintf(err, errsize, "%s takes a whole number from 0 to %u, not '%.*s'", what,
                         max, (int)(num_len > 64 ? 64 : num_len), num);
            return BL_ERR_ARGUMENT;
        }
        count = (unsigned)v;
    }
    int found = 0;
    for (int t = 0; t < BL_FACET_NTYPES; t++) {
        const char *name = entity_type_names[t];
        if ((name_len == strlen(name) && !memcmp(p, name, name_len)) ||
            (name_len == 3 && !memcmp(p, "all", 3))) {
            counts[t] = count;
            found = 1;
        }
    }
    if (!found && errsize)
        snprintf(err, errsize, "%s: unknown type '%.*s' (use person, place, org, other or all)",
                 what, (int)(name_len > 64 ? 64 : name_len), p);
    return found ? BL_OK : BL_ERR_ARGUMENT;
}

bl_status bl_parse_type_list(const char *what, const char *spec, unsigned def, unsigned max,
                             unsigned counts[BL_FACET_NTYPES], char *err, size_t errsize)
{
    if (errsize)
        err[0] = '\0';
    if (!what || !spec || !counts) {
        if (errsize)
            snprintf(err, errsize, "bl_parse_type_list: NULL argument");
        return BL_ERR_ARGUMENT;
    }
    if (!*spec) {
        if (errsize)
            snprintf(err, errsize, "%s: give at least one type (person, place, org, other or all)",
                     what);
        return BL_ERR_ARGUMENT;
    }
    /* Parse into a copy so that a bad item leaves counts[] as it was. */
    unsigned parsed[BL_FACET_NTYPES];
    memcpy(parsed, counts, sizeof parsed);
    const char *p = spec;
    while (*p) { /* a trailing comma ends the list */
        size_t len = strcspn(p, ",");
        if (len == 0) {
            if (errsize)
                snprintf(err, errsize, "%s: empty item in '%.64s'", what, spec);
            return BL_ERR_ARGUMENT;
        }
        bl_status st = parse_type_item(what, p, len, def, max, parsed, err, errsize);
        if (st != BL_OK)
            return st;
        p += len + (p[len] == ',');
    }
    memcpy(counts, parsed, sizeof parsed);
    return BL_OK;
}
