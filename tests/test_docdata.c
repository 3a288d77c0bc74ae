/* test_docdata.c — the stored forms of a document: the JSON data (fields and the compact
 * entity list) and the compressed body, including damaged values. */
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
    free(enc);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
