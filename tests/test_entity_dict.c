/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_entity_dict.c — the index-wide entity dictionary (lib/entity_dict.c) without the
 * extractor: documents are built from hand-made entity lists (so these tests do not move when
 * extraction improves), written with the binding, and read back: aliases (surname, name tail,
 * dotted and dot-free forms, an organisation's initials), index-wide types decided by the
 * majority of documents, generic words never stored, value slots with the overflow, and the
 * dictionary kept current when a document is replaced or deleted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "analyzer.h"
#include "entity_dict.h"
#include "schema.h"
#include "xapian_c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct spec {
    const char *name; /* display name; its key is bl_normalize(name) */
    bl_entity_type type;
    const char *form; /* another surface form written in the text, or NULL */
} spec;

typedef struct fixture {
    char dir[64];
    xc_wdb *w;
    xc_db *db;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/byline-test-dict-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    strcat(f->dir, "/db");
    if (xc_wdb_open(f->dir, XC_CREATE_OR_OPEN, &f->w, NULL) != XC_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    xc_db_close(f->db);
    xc_wdb_close(f->w);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%.*s'", (int)(strlen(f->dir) - 3), f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* Write document `id` naming the entities of specs (the text is the names and forms one after
 * the other, so mention offsets are real). */
static void put_doc(fixture *f, const char *id, const spec *specs, size_t n)
{
    char text[4096] = "";
    bl_entity_list l = {calloc(n, sizeof(bl_entity)), n};
    assert_non_null(l.items);
    for (size_t i = 0; i < n; i++) {
        bl_entity *e = &l.items[i];
        e->name = strdup(specs[i].name);
        e->key = bl_normalize(specs[i].name, strlen(specs[i].name), NULL);
        e->type = specs[i].type;
        e->mentions = calloc(4, sizeof *e->mentions);
        assert_non_null(e->mentions);
        e->mentions[0] = strlen(text);
        strcat(text, specs[i].name);
        e->mentions[1] = strlen(text);
        strcat(text, ". ");
        e->n_mentions = 1;
        if (specs[i].form) {
            e->mentions[2] = strlen(text);
            strcat(text, specs[i].form);
            e->mentions[3] = strlen(text);
            strcat(text, ". ");
            e->n_mentions = 2;
        }
        e->count = (unsigned)e->n_mentions;
    }
    xc_doc *doc = NULL;
    char q[256];
    snprintf(q, sizeof q, "Q%s", id);
    assert_int_equal(xc_doc_new(&doc), XC_OK);
    assert_int_equal(bl_entity_dict_store(doc, &l, text, strlen(text)), BL_OK);
    assert_int_equal(xc_doc_add_boolean_term(doc, q, strlen(q)), XC_OK);
    assert_int_equal(xc_wdb_replace(f->w, q, doc, NULL), XC_OK);
    xc_doc_free(doc);
    bl_entity_list_free(&l);
}

static xc_db *reader(fixture *f)
{
    assert_int_equal(xc_wdb_commit(f->w), XC_OK);
    xc_db_close(f->db);
    f->db = NULL;
    assert_int_equal(xc_db_open(f->dir, &f->db, NULL), XC_OK);
    return f->db;
}

/* The filter's terms joined by "|", in the order given. */
static char *resolved(xc_db *db, int type, const char *key, int quoted)
{
    char **terms = NULL;
    size_t n = 0;
    assert_int_equal(bl_entity_resolve(db, type, key, quoted, &terms, &n), BL_OK);
    static char buf[1024];
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strcat(buf, i ? "|" : "");
        strcat(buf, terms[i]);
    }
    bl_entity_keys_free(terms, n);
    return buf;
}

static void test_person_aliases(void **state)
{
    fixture *f = *state;
    const spec a[] = {{"Ursula von der Leyen", BL_ENTITY_PERSON, NULL},
                      {"Narendra Modi", BL_ENTITY_PERSON, "Modi"}};
    put_doc(f, "a", a, 2);
    xc_db *db = reader(f);
    assert_string_equal(resolved(db, BL_ENTITY_PERSON, "von der leyen", 1),
                        "XPERSON:ursula von der leyen");
    assert_string_equal(resolved(db, BL_ENTITY_PERSON, "leyen", 0),
                        "XPERSON:ursula von der leyen");
    assert_string_equal(resolved(db, BL_ENTITY_PERSON, "modi", 0), "XPERSON:narendra modi");
    assert_string_equal(resolved(db, BL_ENTITY_PERSON, "narendra modi", 1),
                        "XPERSON:narendra modi");
    /* particles alone are no alias; the type still counts */
    assert_string_equal(resolved(db, BL_ENTITY_PERSON, "von", 0), "");
    assert_string_equal(resolved(db, BL_ENTITY_PLACE, "modi", 0), "");
    char *name = bl_entity_display_name(db, "narendra modi");
    assert_string_equal(name, "Narendra Modi");
    free(name);
}

/* bl_entity_display_names (many keys at once, the shards of a combined database each read
 * on its own, their frequencies summed) names every key as bl_entity_display_name does: the
 * form most documents of the whole index write (shard a alone would say "Federal reserve"),
 * a heading in capitals last however frequent, the first in byte order among equals, the
 * key itself when no document names it. */
static void test_display_names_at_once(void **state)
{
    fixture *f = *state;
    const spec lower[] = {{"Federal reserve", BL_ENTITY_ORG, NULL}};
    const spec upper[] = {{"Federal Reserve", BL_ENTITY_ORG, NULL}};
    const spec caps[] = {{"FEDERAL RESERVE", BL_ENTITY_ORG, NULL}};
    const spec tie_b[] = {{"Nato", BL_ENTITY_ORG, NULL}};
    const spec tie_a[] = {{"NATO", BL_ENTITY_ORG, NULL}};
    put_doc(f, "a1", lower, 1); /* shard a: reserve 2, Reserve 1, NATO 1 */
    put_doc(f, "a2", lower, 1);
    put_doc(f, "a3", upper, 1);
    put_doc(f, "a4", tie_a, 1);
    (void)reader(f);
    char dir_b[80];
    snprintf(dir_b, sizeof dir_b, "%s-b", f->dir);
    xc_wdb *wa = f->w, *wb = NULL;
    assert_int_equal(xc_wdb_open(dir_b, XC_CREATE_OR_OPEN, &wb, NULL), XC_OK);
    f->w = wb; /* shard b: Reserve 2, FEDERAL RESERVE 4, Nato 1 */
    put_doc(f, "b1", upper, 1);
    put_doc(f, "b2", upper, 1);
    for (int i = 0; i < 4; i++) {
        char id[16];
        snprintf(id, sizeof id, "c%d", i);
        put_doc(f, id, caps, 1);
    }
    put_doc(f, "b3", tie_b, 1);
    assert_int_equal(xc_wdb_commit(wb), XC_OK);
    f->w = wa;
    xc_db *a = NULL, *b = NULL, *both = NULL;
    assert_int_equal(xc_db_open(f->dir, &a, NULL), XC_OK);
    assert_int_equal(xc_db_open(dir_b, &b, NULL), XC_OK);
    assert_int_equal(xc_db_new(&both), XC_OK);
    assert_int_equal(xc_db_add(both, a), XC_OK);
    assert_int_equal(xc_db_add(both, b), XC_OK);
    const char *keys[] = {"federal reserve", "nato", "nobody at all", "federal reserve"};
    const char *want[] = {"Federal Reserve", "NATO", "nobody at all", "Federal Reserve"};
    char *names[4];
    xc_db *dbs[] = {both, a};
    for (size_t d = 0; d < 2; d++) {
        assert_int_equal(bl_entity_display_names(dbs[d], keys, 4, names), BL_OK);
        for (size_t i = 0; i < 4; i++) {
            char *one = bl_entity_display_name(dbs[d], keys[i]);
            assert_string_equal(names[i], one); /* the same as one at a time */
            if (d == 0)
                assert_string_equal(names[i], want[i]);
            free(one);
            free(names[i]);
        }
    }
    assert_int_equal(bl_entity_display_names(both, keys, 0, names), BL_OK);
    xc_db_close(both);
    xc_db_close(a);
    xc_db_close(b);
    xc_wdb_close(wb);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir_b);
    assert_int_equal(system(cmd), 0);
}

static void test_place_and_org_aliases(void **state)
{
    fixture *f = *state;
    const spec a[] = {{"United States", BL_ENTITY_PLACE, "U.S."},
                      {"Indian Space Research Organisation", BL_ENTITY_ORG, NULL},
                      {"European Central Bank", BL_ENTITY_ORG, "ECB"}};
    put_doc(f, "a", a, 3);
    xc_db *db = reader(f);
    assert_string_equal(resolved(db, BL_ENTITY_PLACE, "u.s.", 0), "XPLACE:united states");
    assert_string_equal(resolved(db, BL_ENTITY_PLACE, "us", 0), "XPLACE:united states");
    assert_string_equal(resolved(db, BL_ENTITY_ORG, "isro", 0),
                        "XORG:indian space research organisation");
    assert_string_equal(resolved(db, BL_ENTITY_ORG, "ecb", 0), "XORG:european central bank");
    /* a place's words are not aliases (org:bank would find every bank) */
    assert_string_equal(resolved(db, BL_ENTITY_PLACE, "united", 0), "");
}

/* A name listed with its article ("The Economist") answers to the name without it too. */
static void test_article_alias(void **state)
{
    fixture *f = *state;
    const spec a[] = {{"The Economist", BL_ENTITY_ORG, NULL}, {"The Hague", BL_ENTITY_PLACE, NULL}};
    put_doc(f, "a", a, 2);
    xc_db *db = reader(f);
    assert_string_equal(resolved(db, BL_ENTITY_ORG, "economist", 0), "XORG:the economist");
    assert_string_equal(resolved(db, BL_ENTITY_PLACE, "hague", 0), "XPLACE:the hague");
    assert_string_equal(resolved(db, BL_ENTITY_ORG, "the economist", 1), "XORG:the economist");
}

static void test_majority_type(void **state)
{
    fixture *f = *state;
    const spec place[] = {{"Washington", BL_ENTITY_PLACE, NULL}};
    const spec person[] = {{"Washington", BL_ENTITY_PERSON, NULL}};
    put_doc(f, "p1", place, 1);
    put_doc(f, "p2", place, 1);
    put_doc(f, "p3", place, 1);
    put_doc(f, "h1", person, 1);
    xc_db *db = reader(f);
    unsigned long docs[BL_ENTITY_NTYPES];
    int type;
    assert_int_equal(bl_entity_evidence(db, "washington", docs, &type), BL_OK);
    assert_int_equal(type, BL_ENTITY_PLACE);
    assert_int_equal(docs[BL_ENTITY_PLACE], 3);
    assert_int_equal(docs[BL_ENTITY_PERSON], 1);
    /* a place everywhere: the document that typed it a person is found by place: too */
    assert_string_equal(resolved(db, BL_ENTITY_PLACE, "washington", 0),
                        "XPERSON:washington|XPLACE:washington");
    /* person: asks for what the index does not call a person: only the documents that did */
    assert_string_equal(resolved(db, BL_ENTITY_PERSON, "washington", 0), "XPERSON:washington");
    /* the majority flips when the person documents outnumber the place ones */
    put_doc(f, "h2", person, 1);
    put_doc(f, "h3", person, 1);
    put_doc(f, "h4", person, 1);
    db = reader(f);
    assert_int_equal(bl_entity_evidence(db, "washington", docs, &type), BL_OK);
    assert_int_equal(type, BL_ENTITY_PERSON);
}

static void test_generic_words_not_stored(void **state)
{
    fixture *f = *state;
    const spec a[] = {{"Government", BL_ENTITY_ORG, NULL}, {"West", BL_ENTITY_PERSON, NULL},
                      {"Secretary", BL_ENTITY_PERSON, NULL}, {"Congress", BL_ENTITY_ORG, NULL}};
    put_doc(f, "a", a, 4);
    xc_db *db = reader(f);
    int exists = 1;
    assert_int_equal(xc_db_term_exists(db, "XORG:government", &exists), XC_OK);
    assert_false(exists);
    assert_int_equal(xc_db_term_exists(db, "XPERSON:west", &exists), XC_OK);
    assert_false(exists);
    assert_int_equal(xc_db_term_exists(db, "XORG:congress", &exists), XC_OK);
    assert_true(exists);
    assert_true(bl_entity_key_is_generic("secretary", 9));
    assert_false(bl_entity_key_is_generic("congress", 8));
    /* institutions named by their kind, alone or after a word that qualifies the kind */
    assert_true(bl_entity_key_is_generic("church", 6));
    assert_true(bl_entity_key_is_generic("special committee", 17));
    assert_true(bl_entity_key_is_generic("working group", 13));
    assert_true(bl_entity_key_is_generic("city council", 12));
    assert_false(bl_entity_key_is_generic("security council", 16));
    assert_false(bl_entity_key_is_generic("general assembly", 16));
    assert_false(bl_entity_key_is_generic("special forces", 14));
    /* a common noun for a person or a kin names no one ("the Son of Man") */
    assert_true(bl_entity_key_is_generic("man", 3));
    assert_true(bl_entity_key_is_generic("son", 3));
    assert_false(bl_entity_key_is_generic("isle of man", 11));
    assert_false(bl_entity_key_is_generic("manning", 7));
    /* nor does one letter alone ("B", "J": an initial or a label) */
    assert_true(bl_entity_key_is_generic("b", 1));
    assert_false(bl_entity_key_is_generic("bo", 2));
    assert_true(bl_entity_key_is_generic("army and navy", 13));
    assert_false(bl_entity_key_is_generic("army and nato", 13));
    assert_false(bl_entity_key_is_generic("bosnia and herzegovina", 22));
}

/* Entities past BL_ENTITY_SLOTS - 1 share the last slot, one a line, each as
 * "<type digit>key<TAB>Name". */
static void test_value_slots_overflow(void **state)
{
    fixture *f = *state;
    enum { N = BL_ENTITY_SLOTS + 3 };
    spec a[N];
    char names[N][32];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "Person Number%c%c", 'a' + i / 26, 'a' + i % 26);
        a[i] = (spec){names[i], i % 2 ? BL_ENTITY_PLACE : BL_ENTITY_PERSON, NULL};
    }
    put_doc(f, "many", a, N);
    xc_db *db = reader(f);
    char *v = NULL;
    assert_int_equal(xc_db_get_value(db, 1, BL_ENTITY_SLOT_FIRST, &v, NULL), XC_OK);
    assert_string_equal(v, "0person numberaa\tPerson Numberaa");
    free(v);
    assert_int_equal(xc_db_get_value(db, 1, BL_ENTITY_SLOT_FIRST + BL_ENTITY_SLOTS - 1, &v,
                                     NULL), XC_OK);
    /* entities BL_ENTITY_SLOTS - 1 .. N - 1, one a line */
    char want[512] = "";
    for (int i = BL_ENTITY_SLOTS - 1; i < N; i++) {
        char line[64];
        snprintf(line, sizeof line, "%s%c%s\t%s", i > BL_ENTITY_SLOTS - 1 ? "\n" : "",
                 '0' + i % 2, names[i], names[i]);
        for (char *p = line; *p && *p != '\t'; p++) /* the key: the name in lower case */
            if (*p >= 'A' && *p <= 'Z')
                *p += 'a' - 'A';
        strcat(want, line);
    }
    assert_string_equal(v, want);
    free(v);
}

static void test_upkeep_replace_delete(void **state)
{
    fixture *f = *state;
    const spec before[] = {{"Christine Lagarde", BL_ENTITY_PERSON, "Lagarde"}};
    const spec after[] = {{"Isabel Schnabel", BL_ENTITY_PERSON, NULL}};
    put_doc(f, "ecb", before, 1);
    put_doc(f, "other", before, 1);
    xc_db *db = reader(f);
    unsigned long freq = 0;
    assert_int_equal(xc_db_term_freq(db, "XALIAS:lagarde\tchristine lagarde", &freq), XC_OK);
    assert_int_equal(freq, 2);
    put_doc(f, "ecb", after, 1); /* replaced */
    assert_int_equal(xc_wdb_delete(f->w, "Qother"), XC_OK);
    db = reader(f);
    assert_string_equal(resolved(db, BL_ENTITY_PERSON, "lagarde", 0), "");
    assert_int_equal(xc_db_term_freq(db, "XALIAS:lagarde\tchristine lagarde", &freq), XC_OK);
    assert_int_equal(freq, 0);
    assert_string_equal(resolved(db, BL_ENTITY_PERSON, "schnabel", 0),
                        "XPERSON:isabel schnabel");
    char *names = NULL, *best = NULL;
    assert_int_equal(bl_entity_nearest(db, BL_ENTITY_PERSON, "schnabl", 3, &names, &best), BL_OK);
    assert_non_null(best);
    assert_string_equal(best, "Isabel Schnabel");
    free(names);
    free(best);
}


/* ---- lone given names ---- */

static void put_people(fixture *f, const char *prefix, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char id[64];
        snprintf(id, sizeof id, "%s%zu", prefix, i);
        const spec one[] = {{names[i], BL_ENTITY_PERSON, NULL}};
        put_doc(f, id, one, 1);
    }
}

static bl_given_figures figures(xc_db *db, const char *key)
{
    bl_given_figures g;
    int shared = -1;
    assert_int_equal(bl_entity_given_name_figures(db, key, strlen(key), &g), BL_OK);
    assert_int_equal(bl_entity_given_name_shared(db, key, strlen(key), &shared), BL_OK);
    assert_int_equal(shared, bl_given_name_shared(&g));
    return g;
}

static int shared(xc_db *db, const char *key)
{
    bl_given_figures g = figures(db, key);
    return bl_given_name_shared(&g);
}

/* "john" begins John Smith, John Adams, John Kennedy and John F. Kennedy: three surnames,
 * no one of which holds more than half of their documents, and ends nothing: shared.  Ends
 * one name (Elton John, in 1 document of 5): still 4 times fewer; in 2: not shared.
 * Lincoln ends Abraham Lincoln (twice) and begins three names (one each): not shared.
 * Jesus begins Jesus Christ (3 documents) and two others (1 each): Christ holds more than
 * half, not shared.  Mary begins two surnames only.  A particle before the last word makes
 * a longer surname (Bruce St. John ends nothing); a suffix is passed over (Martin Luther
 * King Jr.: "king"; Sammy Davis Jr. ends "davis").  A key of two words, empty or unknown: nothing. */
static void test_given_names(void **state)
{
    fixture *f = *state;
    static const char *const people[] = {
        "John Smith", "John Adams", "John Kennedy", "John F. Kennedy", "John",
        "Abraham Lincoln", "Abraham Lincoln", "Lincoln Mills", "Lincoln Steffens",
        "Lincoln Memorial", "Lincoln", "Jesus Christ", "Jesus Christ", "Jesus Christ",
        "Jesus Franco", "Jesus Guerra", "Jesus", "Mary Jones", "Mary Brown", "Mary Jones",
        "Mary", "Bruce St. John", "Martin Luther King Jr.", "Martin Luther King Jr.",
        "Martin Short", "Martin Amis", "Sammy Davis Jr."};
    put_people(f, "p", people, sizeof people / sizeof *people);
    xc_db *db = reader(f);
    bl_given_figures g = figures(db, "john");
    assert_int_equal(g.surnames, 3);
    assert_int_equal(g.begins, 4);
    assert_int_equal(g.top, 2);
    assert_int_equal(g.ends, 0);
    assert_true(shared(db, "john"));
    assert_false(shared(db, "lincoln"));
    g = figures(db, "lincoln");
    assert_int_equal(g.surnames, 3);
    assert_int_equal(g.ends, 2);
    assert_false(shared(db, "jesus"));
    assert_false(shared(db, "mary"));
    g = figures(db, "martin");
    assert_int_equal(g.surnames, 3); /* king, short, amis */
    assert_int_equal(g.top, 2);
    assert_true(shared(db, "martin"));
    assert_int_equal(figures(db, "davis").ends, 1); /* Sammy Davis Jr. */
    assert_false(shared(db, "john smith"));
    assert_false(shared(db, ""));
    assert_false(shared(db, "zebedee"));

    const spec elton[] = {{"Elton John", BL_ENTITY_PERSON, NULL}};
    put_doc(f, "elton1", elton, 1);
    db = reader(f);
    assert_int_equal(figures(db, "john").ends, 1);
    assert_true(shared(db, "john")); /* 4 >= 4 x 1 */
    put_doc(f, "elton2", elton, 1);
    db = reader(f);
    assert_false(shared(db, "john")); /* 4 < 4 x 2 */
    assert_int_equal(xc_wdb_delete(f->w, "Qelton1"), XC_OK); /* kept current */
    assert_int_equal(xc_wdb_delete(f->w, "Qelton2"), XC_OK);
    db = reader(f);
    assert_true(shared(db, "john"));
    assert_int_equal(xc_wdb_delete(f->w, "Qp2"), XC_OK); /* John Kennedy */
    assert_int_equal(xc_wdb_delete(f->w, "Qp3"), XC_OK); /* John F. Kennedy */
    db = reader(f);
    assert_false(shared(db, "john")); /* two surnames left */
}

/* Keys are normalised (case, accents): JOSÉ García, José Martí and Jose Ortega all begin
 * with "jose". */
static void test_given_names_case_accents(void **state)
{
    fixture *f = *state;
    static const char *const people[] = {"JOSÉ García", "José Martí", "Jose Ortega", "José"};
    put_people(f, "j", people, 4);
    xc_db *db = reader(f);
    char *key = bl_normalize("José", strlen("José"), NULL);
    assert_non_null(key);
    assert_string_equal(key, "jose");
    bl_given_figures g = figures(db, key);
    assert_int_equal(g.surnames, 3);
    assert_true(shared(db, key));
    free(key);
}

/* Two shards: each alone names two of John's surnames (John Adams in both), together three:
 * the figures of the combined database are the index's (each name once, its documents
 * summed). */
static void test_given_names_shards(void **state)
{
    fixture *f = *state;
    static const char *const a_people[] = {"John Smith", "John Adams"};
    static const char *const b_people[] = {"John Adams", "John Kennedy"};
    put_people(f, "a", a_people, 2);
    (void)reader(f);
    char dir_b[80];
    snprintf(dir_b, sizeof dir_b, "%s-b", f->dir);
    xc_wdb *wa = f->w, *wb = NULL;
    assert_int_equal(xc_wdb_open(dir_b, XC_CREATE_OR_OPEN, &wb, NULL), XC_OK);
    f->w = wb;
    put_people(f, "b", b_people, 2);
    assert_int_equal(xc_wdb_commit(wb), XC_OK);
    f->w = wa;
    xc_db *a = NULL, *b = NULL, *both = NULL;
    assert_int_equal(xc_db_open(f->dir, &a, NULL), XC_OK);
    assert_int_equal(xc_db_open(dir_b, &b, NULL), XC_OK);
    assert_int_equal(xc_db_new(&both), XC_OK);
    assert_int_equal(xc_db_add(both, a), XC_OK);
    assert_int_equal(xc_db_add(both, b), XC_OK);
    assert_false(shared(a, "john"));
    assert_false(shared(b, "john"));
    bl_given_figures g = figures(both, "john");
    assert_int_equal(g.surnames, 3);
    assert_int_equal(g.begins, 4);
    assert_int_equal(g.top, 2); /* John Adams, one document a shard */
    assert_true(shared(both, "john"));
    xc_db_close(both);
    xc_db_close(a);
    xc_db_close(b);
    xc_wdb_close(wb);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir_b);
    assert_int_equal(system(cmd), 0);
}

/* The alias terms are untrusted (any writer may add terms): names byline-index never
 * writes (empty, an empty word, a tab, a NUL, one word only) say nothing, an over-long one
 * is read safely, and none of them crashes or changes the figures. */
static void test_given_names_malformed(void **state)
{
    fixture *f = *state;
    static const char *const people[] = {"Paul Smith", "Paul Adams", "Paul Klee"};
    put_people(f, "p", people, 3);
    xc_db *db = reader(f);
    bl_given_figures want = figures(db, "paul");
    assert_true(shared(db, "paul"));
    static const char bad[][24] = {"XALIAS:paul\t", "XALIAS:paul\tpaul ", "XALIAS:paul\t paul",
                                   "XALIAS:paul\tx  paul", "XALIAS:paul\tx\tpaul",
                                   "XALIAS:paul\tpaul", "XALIAS:paul\tjr paul jr",
                                   "XALIAS:paul\tpaul\0 x"};
    static const size_t bad_len[] = {12, 17, 17, 19, 18, 16, 22, 19};
    char longname[BL_MAX_TERM_BYTES + 1];
    int n = snprintf(longname, sizeof longname, "XALIAS:paul\tpaul ");
    memset(longname + n, 'z', sizeof longname - 1 - (size_t)n);
    longname[sizeof longname - 1] = '\0';
    xc_doc *doc = NULL;
    assert_int_equal(xc_doc_new(&doc), XC_OK);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(xc_doc_add_boolean_term(doc, bad[i], bad_len[i]), XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(doc, longname, strlen(longname)), XC_OK);
    assert_int_equal(xc_wdb_replace(f->w, "Qforged", doc, NULL), XC_OK);
    xc_doc_free(doc);
    db = reader(f);
    bl_given_figures g = figures(db, "paul");
    assert_int_equal(g.surnames, want.surnames + 1); /* the long "zzz..." surname */
    assert_int_equal(g.begins, want.begins + 1);
    assert_int_equal(g.ends, 1); /* "jr paul jr": paul after a suffix */
    assert_true(shared(db, "paul"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_person_aliases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_display_names_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_place_and_org_aliases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_article_alias, setup, teardown),
        cmocka_unit_test_setup_teardown(test_majority_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_generic_words_not_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_value_slots_overflow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upkeep_replace_delete, setup, teardown),
        cmocka_unit_test_setup_teardown(test_given_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_given_names_case_accents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_given_names_shards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_given_names_malformed, setup, teardown),
    };
    return cmocka_run_group_tests_name("entity dictionary", tests, NULL, NULL);
}
