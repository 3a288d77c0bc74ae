/* SPDX-License-Identifier: GPL-2.0-or-later */
/* frontmatter.c — reading the YAML front matter of a Markdown or text file.  See
 * frontmatter.h. */
#include "frontmatter.h"

#include <stdlib.h>
#include <string.h>

void bl_front_matter_free(bl_front_matter *fm)
{
    free(fm->title);
    free(fm->date);
    free(fm->source);
    free(fm->url);
    free(fm->id);
    for (size_t i = 0; i < fm->n_authors; i++)
        free(fm->authors[i]);
    memset(fm, 0, sizeof *fm);
}

/* Length of the line at s (without its newline); *next: where the next one starts. */
static size_t line_at(const char *s, const char *end, const char **next)
{
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
    *next = nl ? nl + 1 : end;
    if (n && s[n - 1] == '\r')
        n--;
    return n;
}

static int is_fence(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n == 3 && (!memcmp(s, "---", 3) || !memcmp(s, "...", 3));
}

/* A value with spaces trimmed and one pair of matching quotes removed (malloc()ed). */
static char *value_dup(const char *v, size_t n)
{
    while (n && (*v == ' ' || *v == '\t')) {
        v++;
        n--;
    }
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
        v++;
        n -= 2;
    }
    return strndup(v, n);
}

/* Replace *slot with a copy of the value (the first one wins: later duplicates ignored). */
static int set_field(char **slot, const char *v, size_t n)
{
    if (*slot)
        return 0;
    char *d = value_dup(v, n);
    if (!d)
        return -1;
    if (!*d) {
        free(d);
        return 0;
    }
    *slot = d;
    return 0;
}

static int add_author(bl_front_matter *fm, const char *v, size_t n)
{
    if (fm->n_authors == BL_FM_MAX_AUTHORS)
        return 0;
    char *d = value_dup(v, n);
    if (!d)
        return -1;
    if (!*d)
        free(d);
    else
        fm->authors[fm->n_authors++] = d;
    return 0;
}

/* "[a, b]" or a single name. */
static int add_authors(bl_front_matter *fm, const char *v, size_t n)
{
    while (n && (*v == ' ' || *v == '\t')) {
        v++;
        n--;
    }
    if (n && v[0] == '[') {
        const char *end = memchr(v, ']', n);
        const char *p = v + 1, *stop = end ? end : v + n;
        while (p < stop) {
            const char *comma = memchr(p, ',', (size_t)(stop - p));
            const char *e = comma ? comma : stop;
            if (add_author(fm, p, (size_t)(e - p)) < 0)
                return -1;
            p = comma ? comma + 1 : stop;
        }
        return 0;
    }
    return add_author(fm, v, n);
}

int bl_front_matter_parse(const char *text, size_t len, bl_front_matter *fm)
{
    memset(fm, 0, sizeof *fm);
    const char *end = text + len, *p = text, *next;
    size_t n = line_at(p, end, &next);
    if (!(n >= 3 && !memcmp(p, "---", 3) && is_fence(p, n)))
        return 0;
    unsigned long lines = 1;
    int in_authors = 0; /* after "authors:" with no value: "- name" lines follow */
    for (p = next; p < end; p = next) {
        n = line_at(p, end, &next);
        lines++;
        if (is_fence(p, n)) {
            fm->body_offset = (size_t)(next - text);
            fm->lines = lines;
            return 1;
        }
        const char *q = p;
        size_t m = n;
        while (m && (*q == ' ' || *q == '\t')) {
            q++;
            m--;
        }
        if (in_authors && m >= 2 && q[0] == '-' && q[1] == ' ') {
            if (add_author(fm, q + 2, m - 2) < 0)
                goto oom;
            continue;
        }
        in_authors = 0;
        const char *colon = memchr(p, ':', n);
        if (!colon || p[0] == ' ' || p[0] == '#')
            continue;
        size_t kl = (size_t)(colon - p), vl = n - kl - 1;
        const char *v = colon + 1;
        int rc = 0;
        if (kl == 5 && !memcmp(p, "title", 5))
            rc = set_field(&fm->title, v, vl);
        else if (kl == 4 && !memcmp(p, "date", 4))
            rc = set_field(&fm->date, v, vl);
        else if (kl == 6 && !memcmp(p, "source", 6))
            rc = set_field(&fm->source, v, vl);
        else if (kl == 3 && !memcmp(p, "url", 3))
            rc = set_field(&fm->url, v, vl);
        else if (kl == 2 && !memcmp(p, "id", 2))
            rc = set_field(&fm->id, v, vl);
        else if ((kl == 6 && !memcmp(p, "author", 6)) || (kl == 7 && !memcmp(p, "authors", 7))) {
            const char *w = v;
            size_t wl = vl;
            while (wl && (*w == ' ' || *w == '\t')) {
                w++;
                wl--;
            }
            if (wl == 0)
                in_authors = 1;
            else
                rc = add_authors(fm, v, vl);
        }
        if (rc < 0)
            goto oom;
    }
    /* no closing line: not front matter, the file is read as it is */
    bl_front_matter_free(fm);
    return 0;
oom:
    bl_front_matter_free(fm);
    return -1;
}
