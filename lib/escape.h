/* SPDX-License-Identifier: GPL-2.0-or-later */
/* escape.h — the internal side of escape.c (the public side is in byline.h). */
#ifndef BYLINE_ESCAPE_H
#define BYLINE_ESCAPE_H

#include <stddef.h>

/* 1 if the n bytes at s are valid UTF-8 (no overlong forms, no surrogates), else 0. */
int bl_utf8_is_valid(const char *s, size_t n);

/* s with each byte that is not part of valid UTF-8 written as \xHH, everything else kept
 * (malloc()ed, the caller frees; NULL on memory failure).  Makes a file name that is not
 * UTF-8 usable as an id and printable, and keeps distinct names distinct. */
char *bl_escape_invalid_utf8(const char *s);

#endif
