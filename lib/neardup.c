/* SPDX-License-Identifier: GPL-2.0-or-later */
/* neardup.c — near-duplicate signatures: one-permutation MinHash over word 3-shingles.
 *
 * See neardup.h for what the signature promises.  The scan is a single pass over the bytes,
 * with no allocation: each word's FNV-1a hash is built as its bytes are read, the last three
 * word hashes form the shingle, and a 64-bit finaliser (splitmix64) turns the shingle into a
 * well-mixed hash whose minimum is kept.  It is independent of the analyzer on purpose, so
 * that the signature of a stored index never changes with the language or stemmer.
 */
#include "neardup.h"

#include "analyzer.h"

#include <stdint.h>

static uint64_t mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static int word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

size_t bl_neardup_signature(const char *text, size_t len, char out[BL_NEARDUP_SIG_CHARS + 1])
{
    static const char hex[] = "0123456789abcdef";
    uint64_t w[3] = {0, 0, 0}, min = UINT64_MAX;
    int stop[3] = {0, 0, 0};
    size_t words = 0, i = 0;
    out[0] = '\0';
    while (text && i < len) {
        while (i < len && !word_byte((unsigned char)text[i]))
            i++;
        if (i == len)
            break;
        uint64_t h = 1469598103934665603ULL;
        char lower[16];
        size_t wl = 0;
        for (; i < len && word_byte((unsigned char)text[i]); i++, wl++) {
            unsigned char c = (unsigned char)text[i];
            c = c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
            h = (h ^ c) * 1099511628211ULL;
            if (wl < sizeof lower)
                lower[wl] = (char)c;
        }
        w[0] = w[1], w[1] = w[2], w[2] = h;
        stop[0] = stop[1], stop[1] = stop[2];
        stop[2] = wl < sizeof lower && bl_is_stopword(lower, wl);
        /* a shingle of two or three function words ("one of the", "as well as") is in
         * countless unrelated texts: it must not become anyone's signature */
        if (++words >= 3 + BL_NEARDUP_SKIP_WORDS && stop[0] + stop[1] + stop[2] == 0) {
            uint64_t s = mix64(w[0] ^ rotl64(w[1], 21) ^ rotl64(w[2], 42));
            if (s < min)
                min = s;
        }
    }
    if (words < BL_NEARDUP_MIN_WORDS || min == UINT64_MAX)
        return 0;
    for (int k = 0; k < BL_NEARDUP_SIG_CHARS; k++)
        out[k] = hex[(min >> (60 - 4 * k)) & 0xf];
    out[BL_NEARDUP_SIG_CHARS] = '\0';
    return BL_NEARDUP_SIG_CHARS;
}
