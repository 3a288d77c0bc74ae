/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_query.c — the query language: structure of every form, which documents each form finds
 * (and in which order) on a small fixture index, and the errors with their columns.
 *
 * The fixture is indexed twice: by the indexer itself (bl_index_add, the layout byline-index
 * writes today, with the entities its extractor finds in the texts) and, by hand, in format 2's
 * layout (unstemmed positional words), which the indexer no longer writes but the searcher
 * still reads.  The texts name their entities plainly, and the hand-written lists are the ones
 * the extractor finds, so both indexes give the same answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "docdata.h"
#include "query.h"
#include "schema.h"

/* ========================================================================================== */
/* Fixture: an analyzer and a small index laid out as schema.h says                          */

typedef struct entity {
    const char *prefix, *name;
} entity;

typedef struct article {
    const char *id, *date, *title, *body, *author, *source;
    entity entities[6];
} article;

static const article articles[] = {
    {"in-1", "2024-07-22T10:00:00Z", "India and Israel sign defence cooperation pact",
     "Prime Minister Narendra Modi praised the DRDO. The Israel-India defence agreement covers "
     "cooperation on missiles. Officials in Delhi welcomed the pact.",
     "Priya Sharma", "The Hindu",
     {{BL_PREFIX_PERSON, "Narendra Modi"}, {BL_PREFIX_PLACE, "India"},
      {BL_PREFIX_PLACE, "Israel"}, {BL_PREFIX_ORG, "DRDO"}, {BL_PREFIX_PLACE, "Delhi"}}},
    {"cl-1", "2024-07-05T08:00:00Z", "Climate change talks stall",
     "Negotiators at the United Nations said climate change funding remains the main obstacle. "
     "India and Brazil asked for more money.",
     "John Smith", "Reuters",
     {{BL_PREFIX_PLACE, "India"}, {BL_PREFIX_PLACE, "Brazil"},
      {BL_PREFIX_ORG, "United Nations"}}},
    {"cr-1", "2023-11-12T18:30:00Z", "Cricket: India beat Pakistan",
     "India defeated Pakistan by six wickets in a tense match in Dubai. The change of captain "
     "worked, said Rohit Sharma.",
     "Ravi Kumar", "The Hindu",
     {{BL_PREFIX_PLACE, "India"}, {BL_PREFIX_PLACE, "Pakistan"}, {BL_PREFIX_PLACE, "Dubai"},
      {BL_PREFIX_PERSON, "Rohit Sharma"}}},
    {"ec-1", "2020-03-01T06:00:00Z", "Markets rally on rate cut hopes",
     "Stocks rose as the Reserve Bank signalled that rates may fall. Climate concerns were not "
     "mentioned. Defending the decision, governor Shaktikanta Das said change takes time.",
     "John Smith", "Reuters",
     {{BL_PREFIX_ORG, "Reserve Bank"}, {BL_PREFIX_PERSON, "Shaktikanta Das"}}},
    {"to-be", "2019-12-31T23:00:00Z", "To be or not to be",
     "A review of the play: to be or not to be, that is the question. It opened during the "
     "Olympics.", "Anne Hathaway", "Stage Weekly", {{BL_PREFIX_OTHER, "Olympics"}}},
    {"tr-1", "2024-08-15T12:00:00Z", "Trade figures published",
     "Exports grew. India was mentioned once in the appendix among many trading partners and "
     "trading figures.",
     NULL, "Mint", {{BL_PREFIX_PLACE, "India"}}},
};

#define N_ARTICLES (sizeof articles / sizeof *articles)
#define MANY_DATE "1999-01-01T00:00:00Z"

typedef struct fixture {
    int stem_positions; /* the index has positional stems (the indexer's layout, format >= 3) */
    bl_analyzer *a;
    char dir[64];
    xc_db *db;
} fixture;

typedef struct field_ctx {
    bl_analyzer *a;
    xc_doc *doc;
    const char *prefix, *stem_prefix;
    int also_plain; /* title: also unprefixed words and Z stems */
} field_ctx;

static void add(xc_doc *doc, const char *prefix, const char *term, size_t len, unsigned pos)
{
    char buf[512];
    size_t pl = strlen(prefix);
    assert_true(pl + len < sizeof buf);
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, term, len);
    if (pos == (unsigned)-1)
        assert_int_equal(xc_doc_add_term(doc, buf, pl + len, 1), XC_OK);
    else
        assert_int_equal(xc_doc_add_posting(doc, buf, pl + len, pos, 1), XC_OK);
}

static int index_token(void *ctx, const bl_token *t)
{
    field_ctx *c = ctx;
    size_t sl;
    const char *stem = bl_analyzer_stem(c->a, t->term, t->term_len, &sl);
    char stem_copy[512];
    assert_non_null(stem);
    memcpy(stem_copy, stem, sl);
    add(c->doc, c->prefix, t->term, t->term_len, t->position);
    if (c->also_plain)
        add(c->doc, "", t->term, t->term_len, t->position);
    if (c->stem_prefix)
        add(c->doc, c->stem_prefix, stem_copy, sl, (unsigned)-1);
    if (c->also_plain)
        add(c->doc, BL_PREFIX_STEM, stem_copy, sl, (unsigned)-1);
    return 0;
}

static unsigned index_text(fixture *f, xc_doc *doc, const char *text, const char *prefix,
                           const char *stem_prefix, int also_plain, unsigned first)
{
    field_ctx c = {f->a, doc, prefix, stem_prefix, also_plain};
    unsigned next = first;
    assert_int_equal(bl_analyzer_tokenize(f->a, text, strlen(text), BL_TOKENIZE_DOCUMENT, first,
                                          index_token, &c, &next),
                     0);
    return next;
}

static void add_boolean(xc_doc *doc, const char *prefix, const char *value, size_t len)
{
    char buf[512];
    int n = snprintf(buf, sizeof buf, "%s%.*s", prefix, (int)len, value);
    assert_int_equal(xc_doc_add_boolean_term(doc, buf, (size_t)n), XC_OK);
}

/* Index one article by hand in format 2's layout (lib/schema.h): title words (S, ZS, and
 * unprefixed + Z), body words after a gap (unprefixed + Z), author (A, ZA), source (K), Q id,
 * date value, entity keys; the data is the bare id. */
static void index_article_format2(fixture *f, xc_wdb *w, const article *art)
{
    xc_doc *doc;
    assert_int_equal(xc_doc_new(&doc), XC_OK);
    unsigned pos = index_text(f, doc, art->title, BL_PREFIX_TITLE, "ZS", 1, 0);
    pos = index_text(f, doc, art->body, "", BL_PREFIX_STEM, 0, pos + BL_FIELD_GAP);
    if (art->author)
        pos = index_text(f, doc, art->author, BL_PREFIX_AUTHOR, "ZA", 0, pos + BL_FIELD_GAP);
    index_text(f, doc, art->source, BL_PREFIX_SOURCE, NULL, 0, pos + BL_FIELD_GAP);
    add_boolean(doc, BL_PREFIX_ID, art->id, strlen(art->id));
    assert_int_equal(xc_doc_set_value(doc, BL_SLOT_DATE, art->date, strlen(art->date)), XC_OK);
    assert_int_equal(xc_doc_set_data(doc, art->id, strlen(art->id)), XC_OK);
    for (size_t i = 0; i < 6 && art->entities[i].prefix; i++) {
        size_t kl;
        char *key = bl_normalize(art->entities[i].name, strlen(art->entities[i].name), &kl);
        assert_non_null(key);
        add_boolean(doc, art->entities[i].prefix, key, kl);
        free(key);
    }
    char qterm[64];
    snprintf(qterm, sizeof qterm, "Q%s", art->id);
    assert_int_equal(xc_wdb_replace(w, qterm, doc, NULL), XC_OK);
    xc_doc_free(doc);
}

/* 1001 words sharing the prefix "zz", to overflow the wildcard limit (format 2, by hand). */
static void index_many_terms_format2(xc_wdb *w)
{
    xc_doc *doc;
    assert_int_equal(xc_doc_new(&doc), XC_OK);
    for (unsigned i = 0; i <= BL_QUERY_WILDCARD_LIMIT; i++) {
        char t[16];
        int n = snprintf(t, sizeof t, "zz%04u", i);
        assert_int_equal(xc_doc_add_posting(doc, t, (size_t)n, i, 1), XC_OK);
    }
    assert_int_equal(xc_doc_set_data(doc, "many", 4), XC_OK);
    assert_int_equal(xc_doc_set_value(doc, BL_SLOT_DATE, MANY_DATE, strlen(MANY_DATE)), XC_OK);
    assert_int_equal(xc_wdb_replace(w, "Qmany", doc, NULL), XC_OK);
    xc_doc_free(doc);
}

static fixture *fixture_new(int stem_positions, char *path, size_t path_size)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || !(f->a = bl_analyzer_new("english"))) {
        free(f);
        return NULL;
    }
    f->stem_positions = stem_positions;
    strcpy(f->dir, "/tmp/byline-test-query-XXXXXX");
    if (!mkdtemp(f->dir)) {
        bl_analyzer_free(f->a);
        free(f);
        return NULL;
    }
    snprintf(path, path_size, "%s/db", f->dir);
    return f;
}

/* Format 2, written by hand: the layout of indexes made before positional stems. */
static int setup_format2(void **state)
{
    char path[128];
    fixture *f = fixture_new(0, path, sizeof path);
    xc_wdb *w;
    if (!f)
        return -1;
    *state = f; /* teardown cleans up even if a step below fails */
    if (xc_wdb_open(path, XC_CREATE, &w, NULL) != XC_OK)
        return -1;
    for (size_t i = 0; i < N_ARTICLES; i++)
        index_article_format2(f, w, &articles[i]);
    index_many_terms_format2(w);
    if (xc_wdb_close(w) != XC_OK || xc_db_open(path, &f->db, NULL) != XC_OK)
        return -1;
    return 0;
}

/* One document through bl_index_add (authors: one, or none for NULL). */
static int add_document(bl_index *ix, const char *id, const char *title, const char *text,
                        size_t text_len, const char *date, const char *source,
                        const char *const *author)
{
    bl_document d;
    bl_document_init(&d);
    d.id = id;
    d.title = title;
    d.text = text;
    d.text_len = text_len;
    d.date = date;
    d.source = source;
    d.authors = author;
    d.n_authors = *author ? 1 : 0;
    bl_status st = bl_index_add(ix, &d, NULL);
    if (st != BL_OK)
        print_error("bl_index_add %s: %s\n", id, bl_index_last_error(ix));
    return st == BL_OK ? 0 : -1;
}

/* What byline-index writes today, through the indexer itself: the entities are the ones its
 * extractor finds in the texts, not written here. */
static int setup_indexed(void **state)
{
    char path[128];
    fixture *f = fixture_new(1, path, sizeof path);
    if (!f)
        return -1;
    *state = f;
    bl_index_options o;
    bl_index_options_init(&o);
    bl_index *ix = NULL;
    char *err = NULL;
    if (bl_index_open(path, &o, &ix, &err) != BL_OK) {
        print_error("bl_index_open %s: %s\n", path, err ? err : "?");
        free(err);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < N_ARTICLES && !rc; i++) {
        const article *art = &articles[i];
        rc = add_document(ix, art->id, art->title, art->body, strlen(art->body), art->date,
                          art->source, &art->author);
    }
    /* the "many" document: its body is the 1001 zz words */
    static const char *const no_author = NULL;
    char *many = malloc((BL_QUERY_WILDCARD_LIMIT + 1) * 7 + 1), *p = many;
    if (!rc && !many)
        rc = -1;
    for (unsigned i = 0; !rc && i <= BL_QUERY_WILDCARD_LIMIT; i++)
        p += sprintf(p, "zz%04u ", i);
    if (!rc)
        rc = add_document(ix, "many", NULL, many, (size_t)(p - many), MANY_DATE, NULL,
                          &no_author);
    free(many);
    if (bl_index_close(ix) != BL_OK || rc || xc_db_open(path, &f->db, NULL) != XC_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (!f)
        return 0;
    if (f->db)
        xc_db_close(f->db);
    bl_analyzer_free(f->a);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* ========================================================================================== */
/* Helpers                                                                                    */

static bl_parsed_query *parse_opts(fixture *f, const char *query, const bl_query_options *o)
{
    bl_parsed_query *q = NULL;
    bl_query_error e = {0};
    bl_query_options opts = o ? *o : (bl_query_options){0};
    opts.stem_positions = f->stem_positions; /* as the searcher does for this layout */
    bl_status st = bl_query_parse(f->a, query, &opts, &q, &e);
    if (st != BL_OK)
        print_error("query [%s]: status %d, column %zu: %s\n", query, st, e.column, e.message);
    assert_int_equal(st, BL_OK);
    assert_non_null(q);
    return q;
}

static bl_parsed_query *parse(fixture *f, const char *query) { return parse_opts(f, query, NULL); }

/* Xapian's description of the parsed query, without the "Query(...)" wrapper (static). */
static const char *describe(fixture *f, const char *query, const bl_query_options *o)
{
    static char buf[2048];
    bl_parsed_query *q = parse_opts(f, query, o);
    char *d = xc_query_describe(bl_parsed_query_xapian(q));
    assert_non_null(d);
    size_t n = strlen(d);
    assert_true(n >= 7 && n - 7 < sizeof buf);
    memcpy(buf, d + 6, n - 7);
    buf[n - 7] = '\0';
    free(d);
    bl_parsed_query_free(q);
    return buf;
}

#define assert_describes(f, query, expected) \
    assert_string_equal(describe(f, query, NULL), expected)

/* Run a query: the ids of the hits in rank order, comma-separated (static buffer). */
static const char *search_ranked(fixture *f, const char *query, const bl_query_options *o)
{
    static char out[1024];
    bl_parsed_query *q = parse_opts(f, query, o);
    xc_enquire *enq;
    xc_mset *mset;
    assert_int_equal(xc_enquire_new(f->db, &enq), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, bl_parsed_query_xapian(q)), XC_OK);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 100, 100, &mset), XC_OK);
    out[0] = '\0';
    for (unsigned i = 0; i < xc_mset_size(mset); i++) {
        xc_hit hit;
        assert_int_equal(xc_mset_get(mset, i, &hit), XC_OK);
        if (i)
            strcat(out, ",");
        if (f->stem_positions) { /* the indexer's stored data: its id field */
            bl_docdata dd;
            assert_int_equal(bl_docdata_parse(hit.data, hit.data_len, &dd), BL_OK);
            assert_non_null(dd.id);
            strcat(out, dd.id);
            bl_docdata_clear(&dd);
        } else { /* format 2 by hand: the bare id */
            strncat(out, hit.data, hit.data_len);
        }
    }
    xc_mset_free(mset);
    xc_enquire_free(enq);
    bl_parsed_query_free(q);
    return out;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The same ids, sorted (for queries whose order is not the point). */
static const char *search_set(fixture *f, const char *query, const bl_query_options *o)
{
    static char out[1024];
    char ranked[1024], *ids[64], *save = NULL;
    size_t n = 0;
    strcpy(ranked, search_ranked(f, query, o));
    for (char *t = strtok_r(ranked, ",", &save); t && n < 64; t = strtok_r(NULL, ",", &save))
        ids[n++] = t;
    qsort(ids, n, sizeof *ids, cmp_str);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, ",");
        strcat(out, ids[i]);
    }
    return out;
}

#define assert_finds(f, query, expected) \
    assert_string_equal(search_set(f, query, NULL), expected)
#define assert_ranks(f, query, expected) \
    assert_string_equal(search_ranked(f, query, NULL), expected)

/* Parse a malformed query: the column and a piece of the message. */
/* column 0: any column. */
static void expect_error(fixture *f, const char *query, size_t column, const char *message)
{
    bl_parsed_query *q = NULL;
    bl_query_error e;
    bl_status st = bl_query_parse(f->a, query, NULL, &q, &e);
    if (column == 0)
        column = e.column;
    if (st != BL_ERR_QUERY || e.column != column || !strstr(e.message, message))
        print_error("query [%s]: status %d, column %zu: %s\n", query, st, e.column, e.message);
    assert_int_equal(st, BL_ERR_QUERY);
    assert_null(q);
    assert_int_equal(e.column, column);
    assert_non_null(strstr(e.message, message));
}

/* ========================================================================================== */
/* Structure                                                                                  */

static void test_structure_words(void **state)
{
    fixture *f = *state;
    assert_describes(f, "defence cooperation",
                     "((Zdefenc OR 0.5 * ZSdefenc) OR (Zcooper OR 0.5 * ZScooper))");
    bl_query_options all = {.all_words = 1};
    assert_string_equal(describe(f, "defence cooperation", &all),
                        "((Zdefenc OR 0.5 * ZSdefenc) AND (Zcooper OR 0.5 * ZScooper))");
    bl_query_options plain = {.title_weight = 1};
    assert_string_equal(describe(f, "defence cooperation", &plain), "(Zdefenc OR Zcooper)");
    bl_query_options heavy = {.title_weight = 4};
    assert_string_equal(describe(f, "india", &heavy), "(Zindia OR 3 * ZSindia)");
    /* stopwords are dropped from ranked words, kept when nothing else is left */
    assert_describes(f, "the india of", "(Zindia OR 0.5 * ZSindia)");
    assert_describes(f, "to be", "((Zto OR 0.5 * ZSto) OR (Zbe OR 0.5 * ZSbe))");
    /* lower-case operators are words; possessives and accents fold as at indexing */
    assert_describes(f, "India's café", "((Zindia OR 0.5 * ZSindia) OR (Zcafe OR 0.5 * ZScafe))");
}

static void test_structure_phrases_near(void **state)
{
    fixture *f = *state;
    assert_describes(f, "\"climate change\"", "(climate@1 PHRASE 2 change@2)");
    assert_describes(f, "\"to be or not\"", "(to@1 PHRASE 4 be@2 PHRASE 4 or@3 PHRASE 4 not@4)");
    assert_describes(f, "\xE2\x80\x9C" "climate change" "\xE2\x80\x9D",
                     "(climate@1 PHRASE 2 change@2)");
    assert_describes(f, "\"india\"", "india");
    assert_describes(f, "Israel-India", "(israel@1 PHRASE 2 india@2)");
    assert_describes(f, "title:\"climate change\"", "(Sclimate@1 PHRASE 2 Schange@2)");
    assert_describes(f, "a NEAR b", "(a@1 NEAR 11 b@2)");
    assert_describes(f, "modi NEAR/5 trump", "(modi@1 NEAR 6 trump@2)");
    assert_describes(f, "a NEAR/2 b NEAR/3 c", "(a@1 NEAR 5 b@2 NEAR 5 c@3)");
    assert_describes(f, "title:india NEAR title:pact", "(Sindia@1 NEAR 11 Spact@2)");
}

static void test_structure_modifiers_and_operators(void **state)
{
    fixture *f = *state;
    assert_describes(f, "+india -pakistan trade",
                     "(((Zindia OR 0.5 * ZSindia) AND_MAYBE (Ztrade OR 0.5 * ZStrade)) AND_NOT "
                     "Zpakistan)");
    assert_describes(f, "-india", "0 * (<alldocuments> AND_NOT Zindia)");
    assert_describes(f, "NOT india", "0 * (<alldocuments> AND_NOT Zindia)");
    assert_describes(f, "a AND b OR c NOT d",
                     "(((Za OR 0.5 * ZSa) AND (Zb OR 0.5 * ZSb)) OR ((Zc OR 0.5 * ZSc) AND_NOT Zd))");
    assert_describes(f, "climate change AND india",
                     "(((Zclimat OR 0.5 * ZSclimat) OR (Zchang OR 0.5 * ZSchang)) AND "
                     "(Zindia OR 0.5 * ZSindia))");
    assert_describes(f, "india AND NOT pakistan", "((Zindia OR 0.5 * ZSindia) AND_NOT Zpakistan)");
    assert_describes(f, "(india OR brazil) climate",
                     "(((Zindia OR 0.5 * ZSindia) OR (Zbrazil OR 0.5 * ZSbrazil)) OR "
                     "(Zclimat OR 0.5 * ZSclimat))");
    assert_describes(f, "title:(india pakistan)", "(ZSindia OR ZSpakistan)");
    assert_describes(f, "text:india", "Zindia");
}

static void test_structure_filters(void **state)
{
    fixture *f = *state;
    assert_describes(f, "author:smith", "0 * Asmith");
    assert_describes(f, "source:\"the hindu\"", "0 * (Kthe@1 PHRASE 2 Khindu@2)");
    assert_describes(f, "id:cl-1", "0 * Qcl-1");
    assert_describes(f, "id:a id:b", "0 * (Qa OR Qb)");
    assert_describes(f, "person:\"Narendra  Modi\"", "0 * XPERSON:narendra modi");
    assert_describes(f, "entity:modi",
                     "0 * (XPERSON:modi OR XPLACE:modi OR XORG:modi OR XOTHER:modi)");
    assert_describes(f, "india author:smith date:2024",
                     "((Zindia OR 0.5 * ZSindia) FILTER (Asmith AND VALUE_RANGE 0 "
                     "2024-01-01T00:00:00Z 2024-12-31T23:59:59Z))");
    assert_describes(f, "india OR author:smith", "((Zindia OR 0.5 * ZSindia) OR 0 * Asmith)");
    assert_describes(f, "defen*", "WILDCARD SYNONYM defen");
    assert_describes(f, "title:defen*", "WILDCARD SYNONYM Sdefen");
    assert_describes(f, "\"chan*\"", "WILDCARD SYNONYM chan");
    /* a long id is matched the way the indexer stores it: 200 bytes + "#" + hash */
    char longq[400], expect[400];
    memset(longq, 0, sizeof longq);
    strcpy(longq, "id:");
    memset(longq + 3, 'x', 300);
    bl_parsed_query *q = parse(f, longq);
    char *d = xc_query_describe(bl_parsed_query_xapian(q));
    snprintf(expect, sizeof expect, "Query(0 * Q%.200s#", longq + 3);
    assert_memory_equal(d, expect, strlen(expect));
    free(d);
    bl_parsed_query_free(q);
}

static void test_structure_dates(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *query, *range;
    } cases[] = {
        {"date:2024-07-22", "VALUE_RANGE 0 2024-07-22T00:00:00Z 2024-07-22T23:59:59Z"},
        {"date:2024-07", "VALUE_RANGE 0 2024-07-01T00:00:00Z 2024-07-31T23:59:59Z"},
        {"date:2024-02", "VALUE_RANGE 0 2024-02-01T00:00:00Z 2024-02-29T23:59:59Z"},
        {"date:2024-7-5", "VALUE_RANGE 0 2024-07-05T00:00:00Z 2024-07-05T23:59:59Z"},
        {"date:2024", "VALUE_RANGE 0 2024-01-01T00:00:00Z 2024-12-31T23:59:59Z"},
        {"date:2024-07..2024-08", "VALUE_RANGE 0 2024-07-01T00:00:00Z 2024-08-31T23:59:59Z"},
        {"date:2020..", "VALUE_GE 0 2020-01-01T00:00:00Z"},
        {"date:..2019", "VALUE_LE 0 2019-12-31T23:59:59Z"},
        {"date:>=2020", "VALUE_GE 0 2020-01-01T00:00:00Z"},
        {"date:>2024-12", "VALUE_GE 0 2025-01-01T00:00:00Z"},
        {"date:<2024-01-01", "VALUE_LE 0 2023-12-31T23:59:59Z"},
        {"date:<2024-03", "VALUE_LE 0 2024-02-29T23:59:59Z"},
        {"date:<=2023", "VALUE_LE 0 2023-12-31T23:59:59Z"},
        {"date:\"2024\"", "VALUE_RANGE 0 2024-01-01T00:00:00Z 2024-12-31T23:59:59Z"},
        {"date:>9999", ""},
        {"date:<0001", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char expect[128];
        /* a period beyond every date is MatchNothing, which Xapian prints as Query() */
        snprintf(expect, sizeof expect, cases[i].range[0] ? "0 * %s" : "%s", cases[i].range);
        assert_string_equal(describe(f, cases[i].query, NULL), expect);
    }
    bl_query_options o = {.since = "2024-07", .until = "2024"};
    assert_string_equal(describe(f, "india", &o),
                        "((Zindia OR 0.5 * ZSindia) FILTER VALUE_RANGE 0 2024-07-01T00:00:00Z "
                        "2024-12-31T23:59:59Z)");
    bl_query_options since = {.since = "2020"};
    assert_string_equal(describe(f, "india", &since),
                        "((Zindia OR 0.5 * ZSindia) FILTER VALUE_GE 0 2020-01-01T00:00:00Z)");
}

static void test_words_and_flags(void **state)
{
    fixture *f = *state;
    bl_parsed_query *q = parse(f, "the India -pakistan \"climate change\" title:trade "
                                  "author:smith defen* modi NEAR dossier NOT cricket india");
    static const char *const want[] = {"india", "climate", "change", "trade", "modi", "dossier"};
    assert_int_equal(bl_parsed_query_word_count(q), 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(bl_parsed_query_word(q, i), want[i]);
    assert_null(bl_parsed_query_word(q, 6));
    assert_true(bl_parsed_query_is_ranked(q));
    bl_parsed_query_free(q);

    q = parse(f, "to be or not to be");
    assert_int_equal(bl_parsed_query_word_count(q), 4);
    bl_parsed_query_free(q);

    q = parse(f, "date:2024 author:smith");
    assert_false(bl_parsed_query_is_ranked(q));
    assert_int_equal(bl_parsed_query_word_count(q), 0);
    bl_parsed_query_free(q);

    q = parse(f, "\"climate change\" defen* person:\"Narendra Modi\" india");
    assert_int_equal(bl_parsed_query_highlight_count(q), 4);
    const bl_highlight *h = bl_parsed_query_highlight(q, 0);
    assert_int_equal(h->kind, BL_HIGHLIGHT_PHRASE);
    assert_int_equal(h->n_terms, 2);
    assert_int_equal(bl_parsed_query_highlight(q, 1)->kind, BL_HIGHLIGHT_PREFIX);
    assert_int_equal(bl_parsed_query_highlight(q, 2)->kind, BL_HIGHLIGHT_PHRASE);
    assert_string_equal(bl_parsed_query_highlight(q, 2)->terms[1], "modi");
    assert_int_equal(bl_parsed_query_highlight(q, 3)->kind, BL_HIGHLIGHT_WORD);
    assert_null(bl_parsed_query_highlight(q, 4));
    bl_parsed_query_free(q);
}

/* A huge query parses (in time linear enough for a test) and lists a bounded word list. */
static void test_huge_query(void **state)
{
    fixture *f = *state;
    size_t n = 20000;
    char *text = malloc(n * 8 + 1), *p = text;
    assert_non_null(text);
    /* the largest query the caps allow: BL_QUERY_MAX_TERMS words */
    for (size_t i = 0; i < BL_QUERY_MAX_TERMS; i++)
        p += sprintf(p, "w%05zu ", i);
    bl_parsed_query *q = parse(f, text);
    assert_int_equal(bl_parsed_query_word_count(q), BL_QUERY_MAX_WORDS);
    assert_int_equal(bl_parsed_query_highlight_count(q), BL_QUERY_MAX_TERMS);
    bl_parsed_query_free(q);
    /* one word more is a query error at that word */
    sprintf(p, "x1 ");
    expect_error(f, text, (size_t)(p - text) + 1, "too many words (at most 1024)");
    /* 20000 words (140 KB): too long, whatever the words */
    p = text;
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "w%05zu ", i);
    expect_error(f, text, BL_QUERY_MAX_BYTES + 1, "too long (140000 bytes; at most 16384)");
    /* words in phrases and entity names count too */
    p = text;
    for (size_t i = 0; i < 600; i++)
        p += sprintf(p, "\"a%zu\" person:b%zu ", i, i);
    expect_error(f, text, 0, "too many words");
    /* wildcards: at most BL_QUERY_MAX_WILDCARDS */
    p = text;
    for (size_t i = 0; i <= BL_QUERY_MAX_WILDCARDS; i++)
        p += sprintf(p, "%sw%02zu*", i ? " " : "", i);
    expect_error(f, text, (size_t)BL_QUERY_MAX_WILDCARDS * 5 + 1, "too many wildcards");
    /* deep but allowed nesting */
    memset(text, 0, n * 8 + 1);
    memset(text, '(', BL_QUERY_MAX_DEPTH);
    text[BL_QUERY_MAX_DEPTH] = 'x';
    memset(text + BL_QUERY_MAX_DEPTH + 1, ')', BL_QUERY_MAX_DEPTH);
    q = parse(f, text);
    bl_parsed_query_free(q);
    free(text);
}

static void test_bad_arguments(void **state)
{
    fixture *f = *state;
    bl_parsed_query *q = (bl_parsed_query *)1;
    bl_query_error e;
    assert_int_equal(bl_query_parse(NULL, "x", NULL, &q, &e), BL_ERR_ARGUMENT);
    assert_null(q);
    assert_int_equal(bl_query_parse(f->a, NULL, NULL, &q, &e), BL_ERR_ARGUMENT);
    assert_int_equal(bl_query_parse(f->a, "x", NULL, NULL, &e), BL_ERR_ARGUMENT);
    bl_query_options o = {.title_weight = -1};
    assert_int_equal(bl_query_parse(f->a, "x", &o, &q, &e), BL_ERR_ARGUMENT);
    assert_int_equal(bl_query_parse(f->a, "x", NULL, &q, NULL), BL_OK); /* err may be NULL */
    bl_parsed_query_free(q);
    assert_int_equal(bl_query_parse(f->a, "(", NULL, &q, NULL), BL_ERR_QUERY);
    bl_parsed_query_free(NULL);
    assert_null(bl_parsed_query_xapian(NULL));
    assert_int_equal(bl_parsed_query_word_count(NULL), 0);
}

/* ========================================================================================== */
/* Search: which documents, in which order                                                    */

static void test_search_words(void **state)
{
    fixture *f = *state;
    /* title matches first (in-1 and cr-1 have India in the title) */
    const char *r = search_ranked(f, "india", NULL);
    assert_true(strncmp(r, "in-1,cr-1,", 10) == 0 || strncmp(r, "cr-1,in-1,", 10) == 0);
    assert_finds(f, "india", "cl-1,cr-1,in-1,tr-1");
    /* more query words matched ranks higher */
    assert_true(strncmp(search_ranked(f, "india pakistan cricket", NULL), "cr-1,", 5) == 0);
    assert_true(strncmp(search_ranked(f, "climate", NULL), "cl-1,ec-1", 9) == 0);
    /* stems: cooperate finds cooperation, defeat finds defeated */
    assert_ranks(f, "cooperate", "in-1");
    assert_ranks(f, "defeat", "cr-1");
    bl_query_options all = {.all_words = 1};
    assert_string_equal(search_set(f, "india climate", &all), "cl-1");
    assert_string_equal(search_set(f, "india climate", NULL), "cl-1,cr-1,ec-1,in-1,tr-1");
    /* stopwords alone still search */
    assert_true(strncmp(search_ranked(f, "to be or not to be", NULL), "to-be", 5) == 0);
    assert_finds(f, "the zebra", "");
    /* accents, possessives, odd punctuation */
    assert_finds(f, "INDÍA’s!!", "cl-1,cr-1,in-1,tr-1");
    assert_finds(f, "«pakistan»", "cr-1");
}

static void test_search_phrases_near(void **state)
{
    fixture *f = *state;
    assert_finds(f, "\"climate change\"", "cl-1");
    assert_finds(f, "\"change climate\"", "");
    assert_finds(f, "\"to be or not to be\"", "to-be");
    assert_finds(f, "Israel-India", "in-1");
    assert_finds(f, "India-Israel", "");
    assert_finds(f, "\"defence agreement\"", "in-1");
    /* "defence agreement covers cooperation on missiles": missiles is 5 words on */
    assert_finds(f, "defence NEAR/5 missiles", "in-1");
    assert_finds(f, "missiles NEAR/5 defence", "in-1");
    assert_finds(f, "defence NEAR/4 missiles", "");
    assert_finds(f, "defence NEAR missiles", "in-1");
    assert_finds(f, "title:climate NEAR/2 title:talks", "cl-1");
    assert_finds(f, "india NEAR/2 brazil", "cl-1"); /* "India and Brazil" */
    assert_finds(f, "india NEAR/1 brazil", "");
}

static void test_search_modifiers_operators(void **state)
{
    fixture *f = *state;
    assert_finds(f, "+india -pakistan", "cl-1,in-1,tr-1");
    assert_finds(f, "india -cricket -\"climate change\"", "in-1,tr-1");
    assert_finds(f, "+climate change", "cl-1,ec-1");
    assert_true(strncmp(search_ranked(f, "+climate change", NULL), "cl-1,", 5) == 0);
    assert_finds(f, "-india", "ec-1,many,to-be");
    assert_finds(f, "NOT india", "ec-1,many,to-be");
    assert_finds(f, "(india OR brazil) AND climate", "cl-1");
    assert_finds(f, "india NOT (pakistan OR israel)", "cl-1,tr-1");
    assert_finds(f, "climate OR cricket", "cl-1,cr-1,ec-1");
    assert_finds(f, "india AND pakistan OR hamlet", "cr-1");
    assert_finds(f, "india AND pakistan OR play", "cr-1,to-be");
    assert_finds(f, "india AND (pakistan OR play)", "cr-1");
    assert_finds(f, "markets AND NOT rally", "");
    assert_finds(f, "india NOT pakistan NOT israel", "cl-1,tr-1");
    assert_finds(f, "-(india OR climate)", "many,to-be");
    assert_finds(f, "india -title:india", "cl-1,tr-1");
}

static void test_search_fields(void **state)
{
    fixture *f = *state;
    assert_finds(f, "title:india", "cr-1,in-1");
    assert_finds(f, "title:\"climate change\"", "cl-1");
    assert_finds(f, "title:(cricket OR markets)", "cr-1,ec-1");
    assert_finds(f, "text:appendix", "tr-1");
    assert_finds(f, "author:smith", "cl-1,ec-1");
    assert_finds(f, "author:\"john smith\"", "cl-1,ec-1");
    assert_finds(f, "author:\"smith john\"", "");
    assert_finds(f, "Author:Sharma", "in-1");
    assert_finds(f, "source:hindu", "cr-1,in-1");
    assert_finds(f, "source:\"the hindu\" india", "cr-1,in-1");
    assert_finds(f, "source:reuters climate", "cl-1,ec-1");
    assert_finds(f, "climate source:hindu", "");
    assert_finds(f, "id:cl-1", "cl-1");
    assert_finds(f, "id:cl-1 id:cr-1", "cl-1,cr-1");
    assert_finds(f, "india id:tr-1", "tr-1");
    assert_finds(f, "id:\"nope\"", "");
    assert_finds(f, "author:smith OR source:hindu", "cl-1,cr-1,ec-1,in-1");
    assert_finds(f, "author:smi*", "cl-1,ec-1");
}

static void test_search_entities(void **state)
{
    fixture *f = *state;
    assert_finds(f, "person:\"Narendra Modi\"", "in-1");
    assert_finds(f, "person:modi", "");
    assert_finds(f, "person:rohit*", "cr-1");
    assert_finds(f, "place:india", "cl-1,cr-1,in-1,tr-1");
    assert_finds(f, "place:India pakistan", "cr-1");
    assert_finds(f, "org:\"United Nations\"", "cl-1");
    assert_finds(f, "org:drdo", "in-1");
    assert_finds(f, "other:olympics", "to-be");
    assert_finds(f, "entity:india", "cl-1,cr-1,in-1,tr-1");
    assert_finds(f, "entity:\"rohit sharma\"", "cr-1");
    assert_finds(f, "entity:olympics", "to-be");
    assert_finds(f, "person:(\"rohit sharma\" OR \"shaktikanta das\")", "cr-1,ec-1");
    assert_finds(f, "place:india -place:pakistan", "cl-1,in-1,tr-1");
}

static void test_search_dates(void **state)
{
    fixture *f = *state;
    assert_finds(f, "date:2024-07-22", "in-1");
    assert_finds(f, "date:2024-07", "cl-1,in-1");
    assert_finds(f, "date:2024", "cl-1,in-1,tr-1");
    assert_finds(f, "date:2024-07..2024-08", "cl-1,in-1,tr-1");
    assert_finds(f, "date:2020..", "cl-1,cr-1,ec-1,in-1,tr-1");
    assert_finds(f, "date:..2019", "many,to-be");
    assert_finds(f, "date:>=2020", "cl-1,cr-1,ec-1,in-1,tr-1");
    assert_finds(f, "date:>2024-07", "tr-1");
    assert_finds(f, "date:>2024-07-21", "in-1,tr-1");
    assert_finds(f, "date:<2024-01-01", "cr-1,ec-1,many,to-be");
    assert_finds(f, "date:<=2023", "cr-1,ec-1,many,to-be");
    assert_finds(f, "date:2019-12-31", "to-be");
    assert_finds(f, "date:>9999", "");
    assert_finds(f, "india date:2024", "cl-1,in-1,tr-1");
    assert_finds(f, "date:2023 OR date:2020", "cr-1,ec-1");
    assert_finds(f, "date:(2023 OR 2020)", "cr-1,ec-1");
    bl_query_options since = {.since = "2024"}, until = {.until = "2023-12"},
                     both = {.since = "2024-07-06", .until = "2024-07-31"};
    assert_string_equal(search_set(f, "india", &since), "cl-1,in-1,tr-1");
    assert_string_equal(search_set(f, "india", &until), "cr-1");
    assert_string_equal(search_set(f, "india", &both), "in-1");
    assert_string_equal(search_set(f, "-india", &until), "ec-1,many,to-be");
}

static void test_search_wildcards(void **state)
{
    fixture *f = *state;
    assert_finds(f, "defen*", "ec-1,in-1");
    assert_finds(f, "coop*", "in-1");
    assert_finds(f, "title:cric*", "cr-1");
    assert_finds(f, "zebr*", "");
    /* too broad for the expansion limit: an error from the search, not a hang */
    bl_parsed_query *q = parse(f, "zz*");
    xc_enquire *enq;
    xc_mset *mset = NULL;
    assert_int_equal(xc_enquire_new(f->db, &enq), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, bl_parsed_query_xapian(q)), XC_OK);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, 0, &mset), XC_INVALID_ARGUMENT);
    assert_null(mset);
    xc_enquire_free(enq);
    bl_parsed_query_free(q);
    assert_finds(f, "zz000*", "many"); /* 10 terms: fine */
}

/* What format 3 changes: phrases, NEAR and wildcards match stems, so inflected forms meet;
 * a wildcard expands the typed prefix or its stem ("cooperation*" reaches the stem cooper). */
static void test_search_stem_positions(void **state)
{
    fixture *f = *state;
    assert_finds(f, "\"defence agreements\"", f->stem_positions ? "in-1" : "");
    assert_finds(f, "title:\"climate changes\"", f->stem_positions ? "cl-1" : "");
    assert_finds(f, "\"defended\"", f->stem_positions ? "ec-1" : "");
    assert_finds(f, "defended NEAR/3 decision", f->stem_positions ? "ec-1" : "");
    assert_finds(f, "cooperation*", "in-1");
    assert_finds(f, "defending*", "ec-1");
    assert_finds(f, "author:smiths", f->stem_positions ? "cl-1,ec-1" : "");
    assert_finds(f, "source:hindus", "");
    if (f->stem_positions)
        assert_describes(f, "\"climate change\"",
                         "(Zclimat@1 PHRASE 2 Zchang@2)");
}

/* ========================================================================================== */
/* Errors                                                                                     */

static void test_errors(void **state)
{
    fixture *f = *state;
    expect_error(f, "foo \"bar", 5, "unbalanced quote");
    expect_error(f, "a \xE2\x80\x9C" "b", 3, "unbalanced quote: this \xE2\x80\x9C is never closed");
    expect_error(f, "(a b", 1, "unbalanced parenthesis: this '(' is never closed");
    expect_error(f, "a (b (c)", 3, "is never closed");
    expect_error(f, "a b)", 4, "unbalanced parenthesis: this ')' has no matching '('");
    expect_error(f, "foo:bar", 1, "unknown field 'foo' (fields: title, text, author,");
    expect_error(f, "india Titel:x", 7, "unknown field 'Titel'");
    expect_error(f, "date:2024-13", 6, "bad date '2024-13'");
    expect_error(f, "date:2023-02-29", 6, "bad date");
    expect_error(f, "date:yesterday", 6, "bad date");
    expect_error(f, "date:24", 6, "bad date");
    expect_error(f, "date:2024..2023", 6, "empty date range");
    expect_error(f, "date:..", 6, "bad date");
    expect_error(f, "date:2020..20x", 12, "bad date '20x'");
    expect_error(f, "date:>=", 6, "bad date");
    expect_error(f, "date:\"2024-07-22 \"", 7, "bad date");
    expect_error(f, "a AND", 3, "nothing after 'AND'");
    expect_error(f, "a OR ,,,", 3, "nothing after 'OR'");
    expect_error(f, "a NOT", 3, "nothing after 'NOT'");
    expect_error(f, "NOT", 1, "nothing after 'NOT'");
    expect_error(f, "AND a", 1, "nothing before 'AND'");
    expect_error(f, "a OR OR b", 3, "nothing after 'OR'");
    expect_error(f, "(a AND) b", 4, "nothing after 'AND'");
    expect_error(f, "a NEAR", 3, "nothing after 'NEAR'");
    expect_error(f, "NEAR/3 b", 1, "nothing before 'NEAR/3'");
    expect_error(f, "a NEAR/0 b", 3, "NEAR/n with n from 1 to 1000");
    expect_error(f, "a NEAR/x b", 3, "NEAR/n");
    expect_error(f, "\"a b\" NEAR c", 1, "NEAR needs a single word on each side");
    expect_error(f, "a NEAR (b c)", 8, "NEAR needs a single word");
    expect_error(f, "a NEAR person:x", 8, "NEAR needs a single word");
    expect_error(f, "a NEAR bc*", 8, "NEAR needs a single word");
    expect_error(f, "x \"climate chan*\"", 3, "a wildcard cannot be part of a phrase");
    expect_error(f, "climate-chan*", 1, "a wildcard cannot be part of a phrase");
    expect_error(f, "title:a NEAR b", 14, "NEAR joins words of one field");
    expect_error(f, "d*", 1, "wildcard 'd*' is too broad");
    expect_error(f, "title:x*", 7, "too broad");
    expect_error(f, "person:m*", 8, "too broad");
    expect_error(f, "title:()", 1, "'title:' has nothing to search for");
    expect_error(f, "author:!!!", 1, "'author:' has nothing to search for");
    expect_error(f, "", 1, "nothing to search for");
    expect_error(f, "   ", 1, "nothing to search for");
    expect_error(f, "\"\"", 1, "nothing to search for");
    expect_error(f, "!!! ... ,,, ()", 1, "nothing to search for");
    expect_error(f, "- + ~", 1, "nothing to search for");
    /* a field with no value at all is an error, not the field's name as a word */
    expect_error(f, "title:", 1, "'title:' needs a value");
    expect_error(f, "india source:  ", 7, "'source:' needs a value");
    expect_error(f, "(india title:)", 8, "'title:' needs a value");
    char deep[200] = {0};
    memset(deep, '(', 100);
    expect_error(f, deep, BL_QUERY_MAX_DEPTH + 1, "nested too deeply");
}

static void test_option_errors(void **state)
{
    fixture *f = *state;
    bl_parsed_query *q = NULL;
    bl_query_error e;
    bl_query_options o = {.since = "last week"};
    assert_int_equal(bl_query_parse(f->a, "india", &o, &q, &e), BL_ERR_QUERY);
    assert_int_equal(e.column, 0);
    assert_non_null(strstr(e.message, "bad --since date 'last week'"));
    o = (bl_query_options){.until = "2024-99"};
    assert_int_equal(bl_query_parse(f->a, "india", &o, &q, &e), BL_ERR_QUERY);
    assert_non_null(strstr(e.message, "bad --until date"));
    o = (bl_query_options){.since = "2025", .until = "2024"};
    assert_int_equal(bl_query_parse(f->a, "india", &o, &q, &e), BL_ERR_QUERY);
    assert_non_null(strstr(e.message, "--since 2025 is after --until 2024"));
    assert_null(q);
}

/* Things that look like syntax but are not: they are just words. */
static void test_not_errors(void **state)
{
    fixture *f = *state;
    static const char *const ok[] = {
        "10:30 meeting", "http://example.com/india", "C++ and C#", "a - b", "Re: hello",
        "india:", "title: india", "and or not", "NEARBY", "near/5", "e-mail", "U.S.-led",
        "naïve café résumé", "日本 東京", "emoji 😀 india", "a+b", "x-", "'quoted'",
        "title:10:30", "\xff\xfe india \x80", "tab\there", ("a\xC2\xA0" "b"),
        "(india)", "((india))", "+-india", "--india", "india*", "title:india*",
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        bl_parsed_query *q = NULL;
        bl_query_error e = {0};
        bl_status st = bl_query_parse(f->a, ok[i], NULL, &q, &e);
        if (st != BL_OK)
            print_error("[%s]: %s\n", ok[i], e.message);
        assert_int_equal(st, BL_OK);
        bl_parsed_query_free(q);
    }
    assert_describes(f, "10:30", "(10@1 PHRASE 2 30@2)");
    assert_describes(f, "title: india", "((Ztitl OR 0.5 * ZStitl) OR (Zindia OR 0.5 * ZSindia))");
    /* "*" alone (or "**") matches every document */
    assert_describes(f, "*", "0 * <alldocuments>");
    assert_describes(f, "**", "0 * <alldocuments>");
}

static void test_error_format(void **state)
{
    (void)state;
    bl_query_error e = {.column = 5, .message = "unbalanced quote: this \" is never closed"};
    char buf[256];
    int n = bl_query_error_format("foo \"bar", &e, buf, sizeof buf);
    const char *want = "column 5: unbalanced quote: this \" is never closed\n"
                       "  foo \"bar\n"
                       "      ^\n";
    assert_string_equal(buf, want);
    assert_int_equal(n, (int)strlen(want));
    /* a long query: a window around the column, cut with "…", the caret under the column */
    char longq[1001];
    memset(longq, 'a', 1000);
    longq[1000] = '\0';
    longq[500] = 'X';
    bl_query_error le = {.column = 501, .message = "here"};
    char lbuf[512];
    bl_query_error_format(longq, &le, lbuf, sizeof lbuf);
    const char *line = strchr(lbuf, '\n') + 1, *caret_line = strchr(line, '\n') + 1;
    assert_memory_equal(line, "  \xE2\x80\xA6", 5);
    assert_true(strchr(caret_line, '^') - caret_line == 2 + 1 + 60); /* "  " "…" 60 bytes */
    assert_true(strstr(line, "X") - line == 2 + 3 + 60);
    assert_true(strlen(lbuf) < 300);
    /* like snprintf: truncated but NUL-terminated, returns the full length */
    char small[10];
    assert_int_equal(bl_query_error_format("foo \"bar", &e, small, sizeof small),
                     (int)strlen(want));
    assert_string_equal(small, "column 5:");
    assert_int_equal(bl_query_error_format("foo \"bar", &e, NULL, 0), (int)strlen(want));
    assert_int_equal(bl_query_error_format("x", NULL, buf, sizeof buf), -1);
    /* wide characters take two columns; tabs and bad bytes one */
    e.column = 9; /* the quote after "日本 " (3 + 3 + 1 bytes) and a tab */
    bl_query_error_format("日本 \t\"x", &e, buf, sizeof buf);
    assert_string_equal(strchr(buf, '\n') + 1, "  日本  \"x\n        ^\n");
    e.column = 0; /* an option error: no caret */
    bl_query_error_format("x", &e, buf, sizeof buf);
    assert_string_equal(buf, "unbalanced quote: this \" is never closed\n");
}

static void test_syntax_help(void **state)
{
    (void)state;
    const char *h = bl_query_syntax_help();
    assert_non_null(strstr(h, "NEAR/5"));
    assert_non_null(strstr(h, "date:2024-07..2024-08"));
}

int main(void)
{
    /* Format 2 (unstemmed positional words) is what older indexes hold and the searcher
     * still reads; the structure tests describe its queries. */
    const struct CMUnitTest format2[] = {
        cmocka_unit_test(test_structure_words),
        cmocka_unit_test(test_structure_phrases_near),
        cmocka_unit_test(test_structure_modifiers_and_operators),
        cmocka_unit_test(test_structure_filters),
        cmocka_unit_test(test_structure_dates),
        cmocka_unit_test(test_words_and_flags),
        cmocka_unit_test(test_huge_query),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_search_words),
        cmocka_unit_test(test_search_phrases_near),
        cmocka_unit_test(test_search_modifiers_operators),
        cmocka_unit_test(test_search_fields),
        cmocka_unit_test(test_search_entities),
        cmocka_unit_test(test_search_dates),
        cmocka_unit_test(test_search_wildcards),
        cmocka_unit_test(test_search_stem_positions),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_option_errors),
        cmocka_unit_test(test_not_errors),
        cmocka_unit_test(test_error_format),
        cmocka_unit_test(test_syntax_help),
    };
    /* What byline-index writes now (positional stems only), through the indexer: every search
     * again. */
    const struct CMUnitTest indexed[] = {
        cmocka_unit_test(test_search_words),
        cmocka_unit_test(test_search_phrases_near),
        cmocka_unit_test(test_search_modifiers_operators),
        cmocka_unit_test(test_search_fields),
        cmocka_unit_test(test_search_entities),
        cmocka_unit_test(test_search_dates),
        cmocka_unit_test(test_search_wildcards),
        cmocka_unit_test(test_search_stem_positions),
    };
    int failed = cmocka_run_group_tests_name("format 2", format2, setup_format2, teardown);
    failed += cmocka_run_group_tests_name("indexed", indexed, setup_indexed, teardown);
    return failed;
}
