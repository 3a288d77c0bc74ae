/* SPDX-License-Identifier: GPL-2.0-or-later */
/* util.h — the small pieces every layer of libbyline needs, written once (internal):
 *  - bl_grow: room for one more element in a growable array (capacity doubling);
 *  - bl_strbuf: a growable, always NUL-terminated string;
 *  - bl_disk_usage: the apparent size of every file below a folder;
 *  - bl_word_codepoint: the one rule of which characters make words (analyzer, snippets);
 *  - bl_facet_type_name (declared in byline.h): the names of the entity types.
 * Nothing here keeps state; every function is safe to call from any thread. */
#ifndef BYLINE_UTIL_H
#define BYLINE_UTIL_H

#include "byline.h"

#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

/* Make room for `need` (>= 1) elements of `size` bytes in `items`, whose capacity is *cap: if need
 * exceeds *cap, the array is reallocated to the larger of `need`, twice *cap and `first`.
 * Returns the (possibly moved) array and updates *cap; NULL if memory ran out or the size
 * overflows, and then `items` and *cap are unchanged (still owned by the caller).  Typical
 * use:  T *v = bl_grow(a->v, &a->cap, a->n + 1, sizeof *v, 16); if (!v) fail; a->v = v; */
void *bl_grow(void *items, size_t *cap, size_t need, size_t size, size_t first);

/* A growable string.  Zero-initialise ({0}) or bl_strbuf_init; `s` is NULL until something
 * is appended, then always NUL-terminated.  After a failed append the buffer keeps what it
 * had and `failed` is set, so a run of appends can be checked once at the end. */
typedef struct bl_strbuf {
    char *s;
    size_t len, cap;
    int failed;
} bl_strbuf;

void bl_strbuf_init(bl_strbuf *b);
/* Append n bytes of p (may contain NUL bytes).  0, or -1 if memory ran out. */
int bl_strbuf_append(bl_strbuf *b, const char *p, size_t n);
int bl_strbuf_puts(bl_strbuf *b, const char *p);
int bl_strbuf_putc(bl_strbuf *b, char c);
/* Hand the string to the caller (malloc()ed; "" if nothing was appended; NULL if memory ran
 * out at any point) and reset b.  *len (may be NULL) receives its length. */
char *bl_strbuf_take(bl_strbuf *b, size_t *len);
void bl_strbuf_free(bl_strbuf *b);

/* Add to *bytes the apparent size (st_size) of every regular file below path (path itself if
 * it is a file); symbolic links are not followed.  Returns 0, or -1 if path cannot be read
 * (errno set); unreadable entries below it are skipped. */
int bl_disk_usage(const char *path, unsigned long long *bytes);

/* Is the code point part of a word, as the analyzer splits text: a letter, a combining mark
 * or a number (Unicode categories L*, M*, N*)?  Negative (invalid) code points are not.
 * Inline: the analyzer asks it for every character it reads. */
static inline int bl_word_codepoint(int32_t cp)
{
    if (cp < 0)
        return 0;
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

/* bl_facet_type_name (public, byline.h: the one table of entity type names) is defined in
 * util.c; lib/entities.c's bl_entity_type_name and bl_entity_type_from_name read it too. */

#endif
