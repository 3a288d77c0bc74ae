/* SPDX-License-Identifier: GPL-2.0-or-later */
/* escape.c — untrusted text made safe for a terminal.
 *
 * Titles, ids, sources, file names and messages that quote them come from documents and
 * folders anyone may have written.  Printed raw, an ESC sequence in a title can rewrite the
 * screen, set the window title or (on some terminals) answer back with input.  Every text
 * that a program prints in text mode goes through bl_fwrite_escaped, the one place that
 * decides what is shown as is and what is spelled out.  JSON output needs none of this: the
 * JSON encoder escapes controls itself.
 */
#include "byline.h"
#include "escape.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length (2..4) of the valid UTF-8 sequence at s (n bytes available) and its code point,
 * or 0 if the bytes are not valid UTF-8 (overlong forms and surrogates included). */
static size_t utf8_valid(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2; v = c & 0x1f; min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3; v = c & 0x0f; min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4; v = c & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

/* Append the escaped form of s[0..n) through put(ctx, bytes, len). */
typedef int (*put_fn)(void *ctx, const char *p, size_t len);

/* only_invalid: escape nothing but bytes that are not valid UTF-8. */
static int escape_to(const char *s, size_t n, int only_invalid, put_fn put, void *ctx)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0; /* start of the bytes copied as they are */
    char buf[16];
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        size_t len = 1;
        uint32_t cp = c;
        int esc = 0;
        if ((c < 0x20 || c == 0x7f) && !only_invalid) {
            esc = 1;
            if (c == '\n')
                memcpy(buf, "\\n", 3);
            else if (c == '\t')
                memcpy(buf, "\\t", 3);
            else if (c == '\r')
                memcpy(buf, "\\r", 3);
            else
                snprintf(buf, sizeof buf, "\\x%02x", c);
        } else if (c >= 0x80) {
            len = utf8_valid(u + i, n - i, &cp);
            if (len == 0) {
                esc = 1;
                len = 1;
                snprintf(buf, sizeof buf, "\\x%02x", c);
            } else if (cp <= 0x9f && !only_invalid) {
                esc = 1;
                snprintf(buf, sizeof buf, "\\u%04x", (unsigned)cp);
            }
        }
        if (esc) {
            if (i > run && put(ctx, s + run, i - run) != 0)
                return EOF;
            if (put(ctx, buf, strlen(buf)) != 0)
                return EOF;
            run = i + len;
        }
        i += len;
    }
    if (n > run && put(ctx, s + run, n - run) != 0)
        return EOF;
    return 0;
}

static int put_file(void *ctx, const char *p, size_t len)
{
    return fwrite(p, 1, len, (FILE *)ctx) == len ? 0 : EOF;
}

int bl_fwrite_escaped(const char *s, size_t n, FILE *f)
{
    if (!s || !f)
        return 0;
    return escape_to(s, n, 0, put_file, f);
}

int bl_fputs_escaped(const char *s, FILE *f)
{
    return s ? bl_fwrite_escaped(s, strlen(s), f) : 0;
}

static int put_buf(void *ctx, const char *p, size_t len)
{
    return bl_strbuf_append(ctx, p, len) == 0 ? 0 : EOF;
}

static char *escape_string(const char *s, int only_invalid)
{
    if (!s)
        return NULL;
    bl_strbuf b = {0};
    if (escape_to(s, strlen(s), only_invalid, put_buf, &b) != 0) {
        bl_strbuf_free(&b);
        return NULL;
    }
    return bl_strbuf_take(&b, NULL); /* "" for "" */
}

char *bl_escape_string(const char *s) { return escape_string(s, 0); }

char *bl_escape_invalid_utf8(const char *s) { return escape_string(s, 1); }

int bl_utf8_is_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t cp;
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = utf8_valid(u + i, n - i, &cp);
        if (!len)
            return 0;
        i += len;
    }
    return 1;
}
