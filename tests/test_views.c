/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_views.c — the analyst views through the public API (bl_search_options and the
 * bl_results_* accessors): the near-duplicate signature (lib/neardup.c), timelines per day,
 * ISO week, month and year with undated documents apart, --collapse's similar counts,
 * --like never returning its document, --expand keeping the match set, --terms leaving out
 * the query's words, the entity graph's edges equal to filtering by both entities, GraphML
 * output, and an unknown --like id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "byline.h"
#include "neardup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the near-duplicate signature ---------------------------------------------------- */

static const char story[] =
    "Dock workers walked off the job on Thursday and closed the port of Haifa, halting "
    "container traffic for the first time in a decade. The union said the strike would last "
    "until the port authority agreed to restore overtime pay that was cut in the spring. "
    "Ships were queuing outside the breakwater by the afternoon.";

static void test_signature_of_copies(void **state)
{
    (void)state;
    char a[BL_NEARDUP_SIG_CHARS + 1], b[BL_NEARDUP_SIG_CHARS + 1];
    char edited[1024];
    assert_int_equal(bl_neardup_signature(story, strlen(story), a), BL_NEARDUP_SIG_CHARS);
    /* a dateline in front, other case and punctuation: the same story */
    snprintf(edited, sizeof edited, "HAIFA (Wire) - %s", story);
    for (char *p = edited; *p; p++)
        if (*p == ',')
            *p = ';';
    bl_neardup_signature(edited, strlen(edited), b);
    assert_string_equal(a, b);
    /* another story on the same topic: another signature */
    static const char other[] =
        "Negotiations between the dockers' union and the port authority broke down on Friday "
        "without agreement. Mediators had hoped to settle the dispute over overtime before "
        "the harvest season, when citrus exports peak, and union leaders accused management.";
    bl_neardup_signature(other, strlen(other), b);
    assert_string_not_equal(a, b);
    /* too short to tell: no signature */
    assert_int_equal(bl_neardup_signature("Too short to sign.", 18, b), 0);
    assert_string_equal(b, "");
    assert_int_equal(bl_neardup_signature(NULL, 0, b), 0);
}

/* ---- an index to search ----------------------------------------------------------------- */

typedef struct fixture {
    char dir[64];
    char db[128];
    bl_searcher *s;
} fixture;

static const struct {
    const char *id, *date, *title, *text;
} docs[] = {
    {"wire-1", "2025-07-03T09:00:00Z", "Dock workers strike closes Haifa port", story},
    {"wire-2", "2025-07-04T06:30:00Z", "Haifa port shut as dockers walk out", story},
    {"talks", "2025-08-01T10:00:00Z", "Port strike talks stall",
     "Negotiations between the dockers' union and the port authority broke down on Friday "
     "without agreement over overtime pay. A second strike could follow next month."},
    {"pact", "2024-12-30T08:00:00Z", "India and Israel sign defence pact",
     "India and Israel signed a defence cooperation agreement in New Delhi on Monday. "
     "Officials from India said the deal would deepen ties with Israel and with France."},
    {"drones", "2025-01-02T08:00:00Z", "Israel to supply drones to India",
     "Israel will supply surveillance drones to India under the new agreement."},
    {"jets", "2025-01-15T08:00:00Z", "India buys French jets",
     "India agreed to buy fighter jets from France on Wednesday."},
    {"note", NULL, "Ports of the eastern Mediterranean",
     "Haifa and Ashdod handle most of the container traffic for Israel; dock workers there "
     "are organised in strong unions."},
};

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/byline-test-views-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->db, sizeof f->db, "%s/db", f->dir);
    bl_index *ix = NULL;
    if (bl_index_open(f->db, NULL, &ix, NULL) != BL_OK)
        return -1;
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        bl_document d = {.id = docs[i].id, .title = docs[i].title, .text = docs[i].text,
                         .text_len = strlen(docs[i].text), .date = docs[i].date};
        if (bl_index_add(ix, &d, NULL) != BL_OK)
            return -1;
    }
    if (bl_index_close(ix) != BL_OK)
        return -1;
    const char *loc = f->db;
    if (bl_searcher_open(&loc, 1, &f->s, NULL) != BL_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[256];
    bl_searcher_close(f->s);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static bl_results *search(fixture *f, const char *query, const bl_search_options *o)
{
    bl_results *r = NULL;
    bl_status st = bl_search(f->s, query, o, &r, NULL);
    if (st != BL_OK)
        fail_msg("search '%s': %s: %s", query, bl_status_to_string(st),
                 bl_searcher_last_error(f->s));
    return r;
}

static void expect_timeline(fixture *f, const char *query, int unit, const char *want,
                            unsigned long undated)
{
    bl_search_options o;
    bl_search_options_init(&o);
    o.limit = 0;
    o.timeline = unit;
    bl_results *r = search(f, query, &o);
    char got[256] = "";
    for (size_t i = 0; i < bl_results_timeline_size(r); i++) {
        const bl_period *p = bl_results_timeline(r, i);
        size_t len = strlen(got);
        snprintf(got + len, sizeof got - len, "%s%s=%lu", i ? " " : "", p->period, p->count);
    }
    assert_string_equal(got, want);
    assert_int_equal(bl_results_timeline_undated(r), undated);
    assert_null(bl_results_timeline(r, bl_results_timeline_size(r)));
    bl_results_free(r);
}

static void test_timeline(void **state)
{
    fixture *f = *state;
    expect_timeline(f, "india", BL_TIMELINE_WEEK, "2025-W01=2 2025-W03=1", 0);
    expect_timeline(f, "india", BL_TIMELINE_YEAR, "2024=1 2025=2", 0);
    expect_timeline(f, "port OR ports OR india", BL_TIMELINE_MONTH,
                    "2024-12=1 2025-01=2 2025-07=2 2025-08=1", 1);
    expect_timeline(f, "strike OR dock", BL_TIMELINE_DAY,
                    "2025-07-03=1 2025-07-04=1 2025-08-01=1", 1);
    expect_timeline(f, "place:India", BL_TIMELINE_YEAR, "2024=1 2025=2", 0);
}

static void test_collapse(void **state)
{
    fixture *f = *state;
    bl_search_options o;
    bl_search_options_init(&o);
    o.collapse = 1;
    bl_results *r = search(f, "dock workers", &o);
    int wire = 0;
    for (size_t i = 0; i < bl_results_size(r); i++) {
        const bl_hit *h = bl_results_hit(r, i);
        if (!strncmp(h->id, "wire-", 5)) {
            wire++;
            assert_int_equal(h->similar, 1); /* the other copy */
        } else {
            assert_int_equal(h->similar, 0);
        }
    }
    assert_int_equal(wire, 1);
    assert_null(bl_results_views_note(r));
    bl_results_free(r);
}

static void test_like_and_expand(void **state)
{
    fixture *f = *state;
    bl_search_options o;
    bl_search_options_init(&o);
    o.like_id = "wire-1";
    bl_results *r = search(f, "", &o);
    assert_true(bl_results_size(r) > 0);
    assert_string_equal(bl_results_hit(r, 0)->id, "wire-2");
    for (size_t i = 0; i < bl_results_size(r); i++)
        assert_string_not_equal(bl_results_hit(r, i)->id, "wire-1");
    assert_true(bl_results_added_terms_size(r) > 0);
    bl_results_free(r);

    o.like_id = "no-such-id";
    bl_results *none = NULL;
    assert_int_equal(bl_search(f->s, "", &o, &none, NULL), BL_ERR_NOT_FOUND);
    assert_null(none);
    assert_non_null(strstr(bl_searcher_last_error(f->s), "no-such-id"));

    bl_search_options_init(&o);
    o.exact_total = 1;
    r = search(f, "port", &o);
    unsigned long plain = bl_results_total(r);
    bl_results_free(r);
    o.expand = BL_EXPAND_DEFAULT_TERMS;
    r = search(f, "port", &o);
    assert_int_equal(bl_results_total(r), plain); /* re-ranks, adds no match */
    for (size_t i = 0; i < bl_results_added_terms_size(r); i++)
        assert_string_not_equal(bl_results_added_term(r, i)->term, "port");
    bl_results_free(r);
}

static void test_terms(void **state)
{
    fixture *f = *state;
    bl_search_options o;
    bl_search_options_init(&o);
    o.terms = 3;
    bl_results *r = search(f, "india", &o);
    assert_int_equal(bl_results_terms_size(r), 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_not_equal(bl_results_term(r, i)->term, "india");
        assert_true(i == 0 || bl_results_term(r, i)->weight <= bl_results_term(r, i - 1)->weight);
    }
    assert_null(bl_results_term(r, 3));
    bl_results_free(r);
}

static unsigned long count(fixture *f, const char *query)
{
    bl_search_options o;
    bl_search_options_init(&o);
    o.limit = 0;
    o.exact_total = 1;
    bl_results *r = search(f, query, &o);
    unsigned long n = bl_results_total(r);
    bl_results_free(r);
    return n;
}

static void test_graph(void **state)
{
    fixture *f = *state;
    bl_search_options o;
    bl_search_options_init(&o);
    o.limit = 0;
    o.graph_types[BL_FACET_PLACE] = 1;
    o.graph_nodes = 3;
    bl_results *r = search(f, "india OR israel", &o);
    assert_int_equal(bl_results_graph_node_count(r), 3);
    const bl_graph_node *n0 = bl_results_graph_node(r, 0);
    assert_string_equal(n0->type, "place");
    assert_true(n0->count >= bl_results_graph_node(r, 2)->count);
    assert_true(bl_results_graph_edge_count(r) > 0);
    for (size_t i = 0; i < bl_results_graph_edge_count(r); i++) {
        const bl_graph_edge *e = bl_results_graph_edge(r, i);
        const bl_graph_node *a = bl_results_graph_node(r, e->source);
        const bl_graph_node *b = bl_results_graph_node(r, e->target);
        char q[512];
        snprintf(q, sizeof q, "(india OR israel) AND place:\"%s\" AND place:\"%s\"", a->key,
                 b->key);
        assert_int_equal(e->count, count(f, q));
        assert_true(i == 0 || e->count <= bl_results_graph_edge(r, i - 1)->count);
    }
    char *xml = bl_results_graph_to_graphml(r);
    assert_non_null(xml);
    assert_non_null(strstr(xml, "<graphml"));
    assert_non_null(strstr(xml, "<edge id=\"e0\""));
    free(xml);
    bl_results_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_signature_of_copies),
        cmocka_unit_test_setup_teardown(test_timeline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_collapse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_like_and_expand, setup, teardown),
        cmocka_unit_test_setup_teardown(test_terms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_graph, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
