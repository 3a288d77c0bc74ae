/* SPDX-License-Identifier: GPL-2.0-or-later */
/* entity_expect.h — checks shared by the entity tests (test_entities.c, test_extract_rules.c):
 * a list holds exactly the expected "name/type" entities, and an entity by name.  Included
 * after <cmocka.h> and the library's entity header. */
#ifndef BYLINE_TEST_ENTITY_EXPECT_H
#define BYLINE_TEST_ENTITY_EXPECT_H

#include <stdio.h>
#include <string.h>

/* Exactly the entities "name/type" of want[0..n) (order free). */
static void expect_exactly(const bl_entity_list *l, const char *const *want, size_t n)
{
    char buf[256];
    for (size_t i = 0; i < l->n; i++) {
        snprintf(buf, sizeof buf, "%s/%s", l->items[i].name,
                 bl_entity_type_name(l->items[i].type));
        int found = 0;
        for (size_t k = 0; k < n; k++)
            found |= strcmp(want[k], buf) == 0;
        if (!found)
            fail_msg("unexpected entity %s", buf);
    }
    for (size_t k = 0; k < n; k++) {
        int found = 0;
        for (size_t i = 0; i < l->n; i++) {
            snprintf(buf, sizeof buf, "%s/%s", l->items[i].name,
                     bl_entity_type_name(l->items[i].type));
            found |= strcmp(want[k], buf) == 0;
        }
        if (!found)
            fail_msg("missing entity %s", want[k]);
    }
}

#define EXPECT(l, ...)                                                                        \
    do {                                                                                      \
        const char *const want_[] = {__VA_ARGS__};                                            \
        expect_exactly((l), want_, sizeof want_ / sizeof want_[0]);                           \
    } while (0)

/* The entity named `name` in l, or NULL. */
static const bl_entity *find(const bl_entity_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0)
            return &l->items[i];
    return NULL;
}

#endif
