/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_docdata.c — the stored forms of a document: the JSON data (fields and the compact
 * entity list, read with and without jansson) and the compressed body, including damaged
 * values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "docdata.h"

#include <stdlib.h>
#include <string.h>

static void roundtrip(const char *text, size_t len, char kind)
{
    char *enc = NULL, *dec = NULL;
    size_t elen = 0, dlen = 0;
    assert_int_equal(bl_body_encode(text, len, &enc, &elen), BL_OK);
    assert_int_equal(enc[0], kind);
    assert_int_equal(bl_body_decode(enc, elen, &dec, &dlen), BL_OK);
    assert_int_equal(dlen, len);
    assert_memory_equal(dec, text, len);
    assert_int_equal(dec[dlen], '\0');
    free(enc);
    free(dec);
}

static void test_body_roundtrip(void **state)
{
    (void)state;
    roundtrip("short", 5, 'r'); /* too small to be worth compressing */
    roundtrip("", 0, 'r');
    size_t n = 100000;
    char *big = malloc(n);
    for (size_t i = 0; i < n; i++)
        big[i] = "defence cooperation "[i % 20];
    roundtrip(big, n, 'z');
    free(big);
}

static void test_body_damaged(void **state)
{
    (void)state;
    char *dec = NULL;
    size_t dlen;
    assert_int_equal(bl_body_decode("x", 1, &dec, &dlen), BL_ERR_CORRUPT);
    assert_int_equal(bl_body_decode("", 0, &dec, &dlen), BL_ERR_CORRUPT);
    assert_int_equal(bl_body_decode("z\x10\0\0\0garbage", 12, &dec, &dlen), BL_ERR_CORRUPT);
    assert_null(dec);
    /* a length that does not match the stream */
    char *enc;
    size_t elen;
    char text[200];
    memset(text, 'a', sizeof text);
    assert_int_equal(bl_body_encode(text, sizeof text, &enc, &elen), BL_OK);
    enc[1] = (char)0xFF;
    assert_int_equal(bl_body_decode(enc, elen, &dec, &dlen), BL_ERR_CORRUPT);
    enc[1] = (char)sizeof text;
    /* a truncated stream, a damaged zlib header */
    assert_int_equal(bl_body_decode(enc, elen - 6, &dec, &dlen), BL_ERR_CORRUPT);
    enc[5] ^= 0x0F;
    assert_int_equal(bl_body_decode(enc, elen, &dec, &dlen), BL_ERR_CORRUPT);
    enc[5] ^= 0x0F;
    assert_int_equal(bl_body_decode(enc, elen, &dec, &dlen), BL_OK);
    assert_memory_equal(dec, text, sizeof text);
    free(dec);
    free(enc);
}

/* bl_docdata_parse reads what bl_docdata_encode writes without jansson, and anything else
 * jansson accepts as an object through jansson: both ways give the same fields. */
static void test_parse_fast_and_general(void **state)
{
    (void)state;
    const char *authors[] = {"A. Writer", "B. \"Quoted\" \u00c9crivain"};
    bl_document d = {.id = "x\\1", .title = "Caf\u00e9 \U0001F600 line\nbreak\ttab",
                     .text = "body", .text_len = 4, .date = "2025-07-24T00:00:00Z",
                     .url = "http://x/y?a=1&b=2", .path = "dir/f.jsonl", .authors = authors,
                     .n_authors = 2};
    bl_entity items[] = {{.name = "Isra\u00ebl", .key = "israel", .type = BL_ENTITY_PLACE,
                          .count = 2}};
    bl_entity_list ents = {items, 1};
    char *data;
    size_t len;
    assert_int_equal(bl_docdata_encode(&d, &ents, &data, &len), BL_OK);
    bl_docdata p;
    assert_int_equal(bl_docdata_parse(data, len, &p), BL_OK);
    assert_null(p.json); /* the fast path */
    assert_string_equal(p.id, d.id);
    assert_string_equal(p.title, d.title);
    assert_string_equal(p.date, d.date);
    assert_null(p.source);
    assert_string_equal(p.url, d.url);
    assert_string_equal(p.path, d.path);
    assert_int_equal(p.n_authors, 2);
    assert_string_equal(p.authors[1], authors[1]);
    assert_string_equal(p.entities, "place\t2\tIsra\u00ebl\n");
    bl_docdata_clear(&p);
    free(data);

    /* escapes jansson does not write, an unknown key: still the fast path */
    const char *esc = " {\"title\": \"\\u00e9\\ud83d\\ude00\\/\\b\", \"other\": \"x\",\n"
                      "\"authors\": [], \"id\":\"1\", \"id\": \"2\"} ";
    assert_int_equal(bl_docdata_parse(esc, strlen(esc), &p), BL_OK);
    assert_null(p.json);
    assert_string_equal(p.title, "\u00e9\U0001F600/\b");
    assert_string_equal(p.id, "2"); /* the last of duplicate keys, as jansson */
    assert_int_equal(p.n_authors, 0);
    bl_docdata_clear(&p);

    /* format 1: entities as objects, a number: through jansson */
    const char *v1 = "{\"id\": \"a\", \"n\": 3, \"entities\": [{\"name\": \"Delhi\", "
                     "\"type\": \"place\", \"count\": 2}], \"text\": \"old body\"}";
    assert_int_equal(bl_docdata_parse(v1, strlen(v1), &p), BL_OK);
    assert_non_null(p.json);
    assert_string_equal(p.id, "a");
    assert_string_equal(p.text, "old body");
    assert_int_equal(json_array_size(p.entity_array), 1);
    assert_null(p.entities);
    bl_docdata_clear(&p);

    /* not an object, broken, control characters, lone surrogates, bad UTF-8, NUL */
    const char *bad[] = {"[1,2]", "{broken", "{\"id\": \"a\"} x", "{\"id\": \"a\tb\"}",
                         "{\"id\": \"\\ud800\"}", "{\"id\": \"\xC3\x28\"}",
                         "{\"id\": \"\\u0000\"}", "", "\"str\""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(bl_docdata_parse(bad[i], strlen(bad[i]), &p), BL_ERR_CORRUPT);
        assert_null(p.id);
        bl_docdata_clear(&p);
    }
    assert_int_equal(bl_docdata_parse(NULL, 0, &p), BL_ERR_CORRUPT);
    bl_docdata_clear(&p);
    bl_docdata_clear(NULL);
}

static void test_data_fields_and_entities(void **state)
{
    (void)state;
    const char *authors[] = {"A. Writer"};
    bl_document d = {.id = "x1", .title = "T", .text = "body", .text_len = 4,
                     .date = "2025-07-24T00:00:00Z", .authors = authors, .n_authors = 1};
    size_t m1[] = {0, 4}, m2[] = {5, 10, 20, 25};
    bl_entity items[] = {
        {.name = "Amir Baram", .key = "amir baram", .type = BL_ENTITY_PERSON, .count = 1,
         .start = 0, .end = 4, .mentions = m1, .n_mentions = 1},
        {.name = "Israel", .key = "israel", .type = BL_ENTITY_PLACE, .count = 2, .start = 5,
         .end = 10, .mentions = m2, .n_mentions = 2},
    };
    bl_entity_list ents = {items, 2};
    char *data;
    size_t len;
    assert_int_equal(bl_docdata_encode(&d, &ents, &data, &len), BL_OK);
    json_t *j = bl_docdata_decode(data, len);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "x1");
    assert_null(json_object_get(j, "text")); /* the body lives in its own value */
    /* most mentioned first */
    assert_string_equal(json_string_value(json_object_get(j, "entities")),
                        "place\t2\tIsrael\nperson\t1\tAmir Baram\n");
    json_decref(j);
    free(data);
    assert_null(bl_docdata_decode("[1,2]", 5));
    assert_null(bl_docdata_decode("{broken", 7));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body_roundtrip),
        cmocka_unit_test(test_body_damaged),
        cmocka_unit_test(test_data_fields_and_entities),
        cmocka_unit_test(test_parse_fast_and_general),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
