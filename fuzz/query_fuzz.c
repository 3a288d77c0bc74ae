/* SPDX-License-Identifier: GPL-2.0-or-later */
/* query_fuzz.c — libFuzzer target for the query parser (and the snippet maker behind it).
 *
 * Each input is parsed twice: as raw bytes (up to the first NUL, like a C string from argv)
 * and after bl_utf8_sanitize.  The first byte also picks options.  Beyond the sanitizers'
 * own checks, the target aborts when a documented promise is broken:
 *   - the parser only ever answers BL_OK or BL_ERR_QUERY (BL_ERR_INTERNAL means the binding
 *     refused a query the parser built: a bug);
 *   - an error's column lies within the query (1 .. length + 1) and it has a message;
 *   - bl_query_error_format returns the length it writes;
 *   - a snippet of the input (as a body) for its own query stays within max_chars characters
 *     and its marks lie inside the text, in order.
 * Build and run: `make fuzz` (see the report for the rule), or by hand:
 *   clang -fsanitize=fuzzer,address,undefined ... fuzz/query_fuzz.c libbyline.a ...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "snippet.h"

/* The analyzer is built once per process (creating a Snowball stemmer per input would
 * dominate the run); libFuzzer runs inputs one at a time. */
static bl_analyzer *analyzer;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    analyzer = bl_analyzer_new("english");
    return analyzer ? 0 : -1;
}

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "query_fuzz: check failed: %s (%s:%d)\n", #cond, __FILE__,   \
                    __LINE__);                                                           \
            abort();                                                                     \
        }                                                                                \
    } while (0)

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void check_snippet(const bl_parsed_query *q, const char *body, size_t len, size_t max)
{
    bl_snippet s;
    bl_status st = bl_snippet_make(analyzer, q, body, len, max, &s);
    CHECK(st == BL_OK);
    size_t tl = strlen(s.text);
    CHECK(utf8_chars(s.text) <= max);
    for (size_t i = 0; i < s.n_matches; i++) {
        CHECK(s.match_start[i] < s.match_end[i]);
        CHECK(s.match_end[i] <= tl);
        CHECK(i == 0 || s.match_start[i] >= s.match_end[i - 1]);
    }
    bl_snippet_free(&s);
}

static void check_error_format(const char *text, const bl_query_error *e)
{
    char buf[4096];
    int n = bl_query_error_format(text, e, buf, sizeof buf);
    CHECK(n >= 0);
    if ((size_t)n < sizeof buf)
        CHECK(strlen(buf) == (size_t)n);
}

static void run(const char *text, const bl_query_options *o)
{
    bl_parsed_query *q = NULL;
    bl_query_error e;
    bl_status st = bl_query_parse(analyzer, text, o, &q, &e);
    CHECK(st == BL_OK || st == BL_ERR_QUERY);
    if (st == BL_ERR_QUERY) {
        CHECK(q == NULL);
        CHECK(e.message[0] != '\0');
        CHECK(e.column >= 1 && e.column <= strlen(text) + 1);
        check_error_format(text, &e);
        return;
    }
    CHECK(bl_parsed_query_xapian(q) != NULL);
    char *d = xc_query_describe(bl_parsed_query_xapian(q));
    CHECK(d != NULL);
    free(d);
    for (size_t i = 0; i < bl_parsed_query_word_count(q); i++)
        CHECK(bl_parsed_query_word(q, i)[0] != '\0');
    for (size_t i = 0; i < bl_parsed_query_highlight_count(q); i++)
        CHECK(bl_parsed_query_highlight(q, i)->n_terms > 0);
    size_t len = strlen(text);
    check_snippet(q, text, len, 1 + len % 40);
    check_snippet(q, text, len, 200);
    bl_parsed_query_free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned flags = data[0];
    bl_query_options o = {
        .all_words = flags & 1,
        .title_weight = (flags >> 1) & 3,
        .since = flags & 8 ? "2020" : NULL,
        .until = flags & 16 ? "2024-07" : NULL,
    };
    char *raw = malloc(size);
    if (!raw)
        return 0;
    memcpy(raw, data + 1, size - 1);
    raw[size - 1] = '\0';
    run(raw, &o);

    size_t clean_len;
    char *clean = bl_utf8_sanitize(raw, strlen(raw), &clean_len, NULL);
    if (clean) {
        run(clean, &o);
        free(clean);
    }
    free(raw);
    return 0;
}
