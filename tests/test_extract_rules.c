/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_extract_rules.c — the extraction rules of issue 11: titles and roles cut off names
 * ("Federal Reserve Chair Jerome Powell"), multi-word name particles ("von der", "de la"), an
 * acronym defined in the text as an alias of its long form, company forms ("plc", "Inc"),
 * generic capitalised words that are no entity on their own ("Government", "the West"), and
 * the learned span-typing table (ner_model.h).
 * Each test states the exact entities expected from a short text written for it, and most
 * also the case the rule must leave alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "analyzer.h"
#include "entities.h"
#include "entity_expect.h"
#include "ner_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fixture {
    bl_entity_extractor *x;
    bl_analyzer *a;
    bl_entity_list l;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->x = bl_entity_extractor_new();
    f->a = bl_analyzer_new("english");
    if (!f->x || !f->a) {
        bl_entity_extractor_free(f->x);
        bl_analyzer_free(f->a);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bl_entity_list_free(&f->l);
    bl_entity_extractor_free(f->x);
    bl_analyzer_free(f->a);
    free(f);
    return 0;
}

static const bl_entity_list *extract(fixture *f, const char *text)
{
    bl_entity_list_free(&f->l);
    assert_int_equal(bl_entities_extract(f->x, f->a, text, strlen(text), &f->l), 0);
    return &f->l;
}


/* A role between an organisation and a person is neither: the organisation stays, the
 * person is the name alone, and the same person named without the title is one entity. */
static void test_title_stripped(void **state)
{
    const bl_entity_list *l = extract(*state, "Federal Reserve Chair Jerome Powell said rates "
                                              "would stay. Later Jerome Powell spoke again.");
    EXPECT(l, "Federal Reserve/org", "Jerome Powell/person");
    assert_int_equal(find(l, "Jerome Powell")->count, 2);
    l = extract(*state, "Officials said Chair Smith and Secretary Jones disagreed.");
    EXPECT(l, "Smith/person", "Jones/person");
    /* a title word right after a given name is a surname */
    l = extract(*state, "Officials said John Major and Martin Luther King met Vice President "
                        "Joe Biden.");
    EXPECT(l, "John Major/person", "Martin Luther King/person", "Joe Biden/person");
}

/* Lower-case particles of one or two words stay inside a person's name. */
static void test_name_particles(void **state)
{
    const bl_entity_list *l = extract(*state, "Officials said Ursula von der Leyen would "
                                              "attend, and Leyen agreed.");
    EXPECT(l, "Ursula von der Leyen/person");
    assert_int_equal(find(l, "Ursula von der Leyen")->count, 2);
    l = extract(*state, "He met Jean de la Fontaine in Paris.");
    EXPECT(l, "Jean de la Fontaine/person", "Paris/place");
    /* a name with "bin" and a common word in it is still a person */
    l = extract(*state, "Officials said Osama bin Laden was hiding.");
    EXPECT(l, "Osama bin Laden/person");
    /* "of" is an organisation connector, not a particle */
    l = extract(*state, "She joined the Bank of England last year.");
    EXPECT(l, "Bank of England/org");
}

/* An acronym whose letters are the initials of a longer name in the same text is that
 * entity, named by its long form, whichever comes first. */
static void test_acronym_alias(void **state)
{
    const bl_entity_list *l = extract(*state, "The Indian Space Research Organisation (ISRO) "
                                              "launched a rocket on Monday; ISRO said it "
                                              "worked.");
    EXPECT(l, "Indian Space Research Organisation/org");
    assert_int_equal(find(l, "Indian Space Research Organisation")->count, 3);
    l = extract(*state, "The ECB cut rates. A European Central Bank official said more "
                        "could follow.");
    EXPECT(l, "European Central Bank/org");
    /* no long form: the acronym stays itself */
    l = extract(*state, "Officials of the ISRO said it worked.");
    EXPECT(l, "ISRO/org");
    /* two long forms with the same initials: ambiguous, nothing merged */
    l = extract(*state, "The Central Bank Council met. The Civil Brigade Command disagreed. "
                        "Officials said the CBC would decide.");
    assert_non_null(find(l, "CBC"));
}

/* Company forms make an organisation, in lower case and after a comma too; they end a
 * name, so "X AG and Y Corp" is two companies. */
static void test_company_forms(void **state)
{
    const bl_entity_list *l = extract(*state, "Shares of Acme Holdings plc rose on Monday.");
    EXPECT(l, "Acme Holdings plc/org");
    l = extract(*state, "Officials said Zorblax CEO Jane Quux resigned.");
    EXPECT(l, "Zorblax/org", "Jane Quux/person");
    /* "a spokesman for X", "X shares": an organisation */
    l = extract(*state, "A spokesman for Zorblax said Quuxcorp shares fell.");
    EXPECT(l, "Zorblax/org", "Quuxcorp/org");
    l = extract(*state, "Shares of Siemens AG and Foo Corp rose.");
    EXPECT(l, "Siemens AG/org", "Foo Corp/org");
    l = extract(*state, "He left the World Bank and the International Monetary Fund.");
    EXPECT(l, "World Bank/org", "International Monetary Fund/org");
    l = extract(*state, "He sold Zorblax, Inc. last year.");
    EXPECT(l, "Zorblax, Inc./org"); /* the full stop of the abbreviation is kept */
    /* Nordic, Italian and Asian forms (w19biz); a form that is a lower-case word is the form
     * only with its capital */
    l = extract(*state, "Nordvik Energi ASA raised output.");
    EXPECT(l, "Nordvik Energi ASA/org");
    l = extract(*state, "Tarvik Holdings AG and Brenn SpA signed the accord.");
    EXPECT(l, "Tarvik Holdings AG/org", "Brenn SpA/org");
    l = extract(*state, "Ostrava Steel Oyj and Halden AB cut costs.");
    EXPECT(l, "Ostrava Steel Oyj/org", "Halden AB/org");
    l = extract(*state, "She relaxed at the Bellagio spa on Sunday.");
    assert_int_equal(l->n, 0);
    /* two organisations, each ending in its own organisation's word, joined by "and"; not
     * when the second part opens with such a word ("Bank and Trust Company") */
    l = extract(*state, "Trevan Bank and Sollis Bancorp agreed to merge.");
    EXPECT(l, "Trevan Bank/org", "Sollis Bancorp/org");
    l = extract(*state, "He worked at the First Quarrin Bank and Trust Company for years.");
    EXPECT(l, "First Quarrin Bank and Trust Company/org");
    l = extract(*state, "The Food and Drug Administration approved the drug.");
    EXPECT(l, "Food and Drug Administration/org");
    /* a listed company joined by a hyphen to a word of no list is one company */
    l = extract(*state, "Shares of Daimler-Benz fell.");
    EXPECT(l, "Daimler-Benz/org");
    /* "co-" starting a hyphenated word is no company form */
    l = extract(*state, "Officials said Mike Zorblax co-founded it.");
    EXPECT(l, "Mike Zorblax/person");
}

/* No entity of l has `part` in its name ("'s ": no possessive joined into a name). */
static void expect_no_name_with(const bl_entity_list *l, const char *part)
{
    for (size_t i = 0; i < l->n; i++)
        if (strstr(l->items[i].name, part))
            fail_msg("unexpected entity %s (with \"%s\")", l->items[i].name, part);
}

/* A possessive inside a known name stays in it; a possessive name before a name does not. */
static void test_possessive_inside_name(void **state)
{
    const bl_entity_list *l = extract(*state, "Rebels of the Lord's Resistance Army attacked. "
                                              "Later the Lord 's Resistance Army fled.");
    EXPECT(l, "Lord's Resistance Army/org");
    assert_int_equal(find(l, "Lord's Resistance Army")->count, 2);
    l = extract(*state, "Officials in New York's City Hall said so.");
    assert_non_null(find(l, "New York"));
    assert_int_equal(find(l, "New York")->type, BL_ENTITY_PLACE);
    expect_no_name_with(l, "York's");
    /* what a place owns is a name, even where the learned model finds none in its words
     * ("City Hall" has no rule cue; its type is the model's best of the four) */
    assert_non_null(find(l, "City Hall"));
    l = extract(*state, "Protesters gathered outside New York's City Hall on Monday.");
    assert_non_null(find(l, "City Hall"));
    assert_int_not_equal(find(l, "City Hall")->type, BL_ENTITY_PERSON);
}

/* A listed acronym ("DPA": Deutsche Presse-Agentur, "ANC": African National Congress) that the
 * text defines as another name, in brackets after it, is that name; undefined, or defined
 * as the listed name, it stays the listed organisation. */
static void test_listed_acronym_defined(void **state)
{
    const bl_entity_list *l = extract(*state, "The bank signed a Deferred Prosecution "
                                              "Agreement (DPA) with prosecutors. The DPA "
                                              "requires a monitor.");
    assert_null(find(l, "Deutsche Presse-Agentur"));
    assert_int_equal(find(l, "Deferred Prosecution Agreement")->count, 3);
    EXPECT(extract(*state, "The Alberta Nurses Council (ANC) met on Monday. The ANC said "
                           "wages would rise."),
           "Alberta Nurses Council/org");
    EXPECT(extract(*state, "Voters backed the ANC in Durban."), "African National Congress/org",
           "Durban/place");
    EXPECT(extract(*state, "The German agency Deutsche Presse-Agentur (DPA) said the DPA "
                           "would appeal."),
           "German/other", "Deutsche Presse-Agentur/org");
}

/* A possessive before a church's, hospital's or college's word is inside its name, typed as
 * the word says ("St Paul's Cathedral", not "St Paul" and "Cathedral"); not after a place,
 * an organisation or a common word, nor before any other word.  An organisation's last word
 * then a city is an organisation too ("King's College London", "Birkbeck College London"). */
static void test_possessive_institution(void **state)
{
    EXPECT(extract(*state, "He prayed at St Paul's Cathedral."), "St Paul's Cathedral/org");
    EXPECT(extract(*state, "She was treated at Guy 's Hospital ."), "Guy 's Hospital/org");
    EXPECT(extract(*state, "She studied at Queen's University in Belfast."),
           "Queen's University/org", "Belfast/place");
    EXPECT(extract(*state, "He joined St. John's College, Cambridge."),
           "St. John's College/org", "Cambridge/place");
    EXPECT(extract(*state, "He teaches at King's College London."),
           "King's College London/org");
    EXPECT(extract(*state, "He teaches at Birkbeck College London."),
           "Birkbeck College London/org");
    const bl_entity_list *l = extract(*state, "Protesters gathered outside Obama's "
                                              "Administration and Britain's Royal Academy.");
    expect_no_name_with(l, "'s ");
    l = extract(*state, "Officials said the University's School of Law would open.");
    expect_no_name_with(l, "University's");
}

/* The saint or person a church or college is named after is no short form of its name:
 * "Luke" (of "Luke 23:34") and "Mary" stay persons beside "St. Luke's Hospital" and "St.
 * Mary's Church" ("Mary's son" too), and the "St." of a street is not "St. Patrick's
 * Cathedral"; but "Christ's" alone, a possessive before punctuation, is short for "Christ's
 * College". */
static void test_possessor_no_partial(void **state)
{
    EXPECT(extract(*state, "He visited St. Luke's Hospital. Luke 23:34 was read aloud."),
           "St. Luke's Hospital/org", "Luke/person");
    EXPECT(extract(*state, "St. Mary's Church was full; Mary wept."), "St. Mary's Church/org",
           "Mary/person");
    EXPECT(extract(*state, "St. Mary's Church was full. Mary's son wept."),
           "St. Mary's Church/org", "Mary/person");
    const bl_entity *e =
        find(extract(*state, "He lives on 46th St. near St. Patrick's Cathedral."),
             "St. Patrick's Cathedral");
    assert_non_null(e);
    assert_int_equal(e->count, 1);
    e = find(extract(*state, "Four came from Christ's College and two from Christ's."),
             "Christ's College");
    assert_non_null(e);
    assert_int_equal(e->count, 2);
}

/* In a headline every word is capitalised, so a possessive there is not joined to the word
 * after it ("Biden's School Reopening Plan" names no school); a saint's name is ("St Paul's
 * Cathedral Reopens"). */
static void test_possessive_institution_headline(void **state)
{
    const bl_entity_list *l = extract(*state, "Biden's School Reopening Plan Faces Critics\n"
                                              "The plan was announced on Monday.");
    expect_no_name_with(l, "'s ");
    l = extract(*state, "Obama's Church Problem\nThe pastor spoke on Sunday.");
    expect_no_name_with(l, "'s ");
    assert_non_null(find(extract(*state, "St Paul's Cathedral Reopens\nThe doors opened."),
                         "St Paul's Cathedral"));
}

/* A town named like a person (data/town_names.txt: "Denver", "Lincoln") is a place after a
 * place's preposition or "visited", and a person otherwise. */
static void test_town_named_like_person(void **state)
{
    const bl_entity_list *l = extract(*state, "The Golden State Warriors visited Denver.");
    EXPECT(l, "Golden State Warriors/org", "Denver/place");
    l = extract(*state, "The family is moving to Lincoln next year.");
    EXPECT(l, "Lincoln/place");
    l = extract(*state, "The team lost in Charlotte on Sunday.");
    EXPECT(l, "Charlotte/place");
    l = extract(*state, "In Charlotte, police arrested three men.");
    EXPECT(l, "Charlotte/place");
    /* the same words as people */
    l = extract(*state, "Later Lincoln said the war would end.");
    EXPECT(l, "Lincoln/person");
    l = extract(*state, "Officials said Charlotte told reporters she was happy.");
    EXPECT(l, "Charlotte/person");
    /* a given name that names no such town keeps its person's reading after "to" */
    l = extract(*state, "The award went to Jennifer last year.");
    EXPECT(l, "Jennifer/person");
}

/* A place, then words no list knows, is what the place has: a team, a company; after a
 * town only a plural, since a town's name is also a given name ("Hassan Nasrallah"). */
/* A gazetteer name written with a comma before a capitals abbreviation is one place, not a
 * place and an organisation ("D.C." alone reads as an acronym). */
static void test_city_comma_abbreviation(void **state)
{
    const bl_entity_list *l = extract(*state, "She flew to Washington, D.C., on Monday.");
    EXPECT(l, "Washington/place");
    l = extract(*state, "He lives in Washington, DC and Boston.");
    EXPECT(l, "Washington/place", "Boston/place");
    /* a comma still ends other names */
    l = extract(*state, "Officials in Paris, Berlin and Rome agreed.");
    EXPECT(l, "Paris/place", "Berlin/place", "Rome/place");
}

/* Capitalised words before a known organisation's name are part of it ("the Social
 * Democrats", "Young Republicans"); before the fix the model found no name and it was dropped. */
static void test_org_name_tail(void **state)
{
    const bl_entity_list *l = extract(*state, "The Social Democrats won the election in Germany.");
    EXPECT(l, "Social Democrats/org", "Germany/place");
    l = extract(*state, "Young Republicans met in Ohio.");
    EXPECT(l, "Young Republicans/org", "Ohio/place");
    /* a listed organisation's one-word name after a given name is a surname */
    l = extract(*state, "Gerald R. Ford signed the bill.");
    assert_non_null(find(l, "Gerald R. Ford"));
    assert_int_equal(find(l, "Gerald R. Ford")->type, BL_ENTITY_PERSON);
    l = extract(*state, "The cup was given by Betty Uber in 1956.");
    EXPECT(l, "Betty Uber/person");
}

/* A tie between person and organisation (or place) votes is not a person: the model's
 * person vote and the speech verb often stand alone against one rule's organisation vote. */
static void test_ties_not_person(void **state)
{
    const bl_entity_list *l = extract(
        *state,
        "He was named to the Red River Rivalry All-time team by the Fort Worth Star-Telegram.");
    const bl_entity *e = find(l, "Red River Rivalry");
    assert_non_null(e);
    assert_int_equal(e->type, BL_ENTITY_ORG);
    /* a place, then a plural: one vote more than the model's person and the speech verb */
    l = extract(*state, "U.S. Marines said the attack failed.");
    EXPECT(l, "U.S. Marines/org");
    l = extract(*state, "Houston Astros said the deal was off.");
    EXPECT(l, "Houston Astros/org");
    l = extract(*state, "It is part of the Coleman Federal Correctional Complex.");
    e = find(l, "Coleman Federal Correctional Complex");
    assert_non_null(e);
    assert_int_equal(e->type, BL_ENTITY_PLACE);
}

/* "to" after a word of speech, giving or kinship is no place cue ("spoke to X", "ties to X",
 * "according to X"); after a verb of motion it still is. */
static void test_to_addressed(void **state)
{
    const bl_entity_list *l = extract(*state, "He spoke to Telbaum yesterday.");
    EXPECT(l, "Telbaum/person");
    l = extract(*state, "The senator had close ties to Abramoff .");
    EXPECT(l, "Abramoff/person");
    l = extract(*state, "The convoy drove to Quarrin yesterday.");
    EXPECT(l, "Quarrin/place");
}

/* A unit's number written as an ordinal is part of the organisation's name. */
static void test_ordinal_unit(void **state)
{
    const bl_entity_list *l = extract(*state, "Soldiers of the 101st Airborne Division arrived.");
    EXPECT(l, "101st Airborne Division/org");
    l = extract(*state, "He joined the 65th Air Division in 1950.");
    EXPECT(l, "65th Air Division/org");
    /* not before a name that is no organisation */
    l = extract(*state, "It was the 65th Quarrin Festival.");
    assert_null(find(l, "65th Quarrin Festival"));
}

/* A name ending in an abbreviation keeps its full stop, as it is written and annotated. */
static void test_abbreviation_stop(void **state)
{
    const bl_entity_list *l = extract(*state, "Martin Luther King Jr. was born in Atlanta.");
    EXPECT(l, "Martin Luther King Jr./person", "Atlanta/place");
    l = extract(*state, "He sold it to Acme Holdings Inc. last year.");
    EXPECT(l, "Acme Holdings Inc./org");
    /* a sentence's full stop after other names stays out */
    l = extract(*state, "He moved to Atlanta.");
    EXPECT(l, "Atlanta/place");
}

/* A title word that also ends organisations is one after "the" ("the Navy"), and still no
 * entity alone elsewhere or as a title. */
static void test_the_service(void **state)
{
    const bl_entity_list *l = extract(*state, "The Navy said it would send ships.");
    EXPECT(l, "Navy/org");
    l = extract(*state, "He served in the Army for years.");
    EXPECT(l, "Army/org");
    l = extract(*state, "Navy Secretary John Lehman spoke.");
    EXPECT(l, "John Lehman/person");
}

/* A demonym before a word for a state is one place, not a demonym and a dropped word. */
static void test_demonym_polity(void **state)
{
    const bl_entity_list *l = extract(*state, "He served in the Russian Empire before 1917.");
    EXPECT(l, "Russian Empire/place");
    l = extract(*state, "The Portuguese Republic was founded in 1910.");
    EXPECT(l, "Portuguese Republic/place");
}

/* An organisation's first word used alone as an adjective is no entity. */
static void test_org_head_adjective(void **state)
{
    const bl_entity_list *l = extract(*state, "Police arrested three Islamic militants in Cairo.");
    EXPECT(l, "Cairo/place");
    l = extract(*state, "He wants an Islamic state in Somalia.");
    EXPECT(l, "Somalia/place");
    /* as the start of a name it still counts */
    l = extract(*state, "The Islamic Jihad said it fired the rockets.");
    assert_non_null(find(l, "Islamic Jihad"));
}

/* A definition says what the name is: "X is a village", "X was a rock band". */
static void test_definition(void **state)
{
    const bl_entity_list *l = extract(*state, "Quarrinby is a small village in the county.");
    EXPECT(l, "Quarrinby/place");
    l = extract(*state, "Telbaum Vox was an American rock band.");
    const bl_entity *e = find(l, "Telbaum Vox");
    assert_non_null(e);
    assert_int_equal(e->type, BL_ENTITY_ORG);
    l = extract(*state, "Morningside is a British novelist.");
    EXPECT(l, "Morningside/person", "British/other");
    /* an apposition is a definition too */
    l = extract(*state, "They met Delbaumer, a small company from Ohio.");
    e = find(l, "Delbaumer");
    assert_non_null(e);
    assert_int_equal(e->type, BL_ENTITY_ORG);
    l = extract(*state, "The bus reached Quarrinby, the provincial capital, at noon.");
    EXPECT(l, "Quarrinby/place");
    /* the noun of a possessive is not what the name is */
    l = extract(*state, "Later Cowley was the team's sole remaining star.");
    e = find(l, "Cowley");
    assert_true(e == NULL || e->type != BL_ENTITY_ORG);
    /* the phrase's head is its last noun: a party's leader is a person */
    l = extract(*state, "Quarrington, the party leader, said no.");
    EXPECT(l, "Quarrington/person");
    l = extract(*state, "Quarrington, a former minister, died.");
    EXPECT(l, "Quarrington/person");
}

static void test_place_then_unknown(void **state)
{
    const bl_entity_list *l = extract(*state, "He was traded to the Houston Astros.");
    EXPECT(l, "Houston Astros/org");
    l = extract(*state, "Fans of the Chicago Cubs cheered.");
    EXPECT(l, "Chicago Cubs/org");
    l = extract(*state, "Later Hassan Nasrallah spoke.");
    EXPECT(l, "Hassan Nasrallah/person");
}

/* "the X administration", "the X regime": X is a head of government, even a common word
 * ("Bush"); not an adjective in -ist, and not a known organisation. */
static void test_leader_of(void **state)
{
    const bl_entity_list *l = extract(*state, "A report says the Bush administration is "
                                              "pressing Iran.");
    EXPECT(l, "Bush/person", "Iran/place");
    l = extract(*state, "Critics of the Assad regime fled.");
    EXPECT(l, "Assad/person");
    l = extract(*state, "He denounced the Zionist regime.");
    assert_null(find(l, "Zionist"));
    l = extract(*state, "Later the Taliban regime fell.");
    EXPECT(l, "Taliban/org");
}

/* A town's name alone is the surname of a person named in full in the same text, and
 * only then ("Belgrano" is a city in Argentina). */
static void test_town_as_surname(void **state)
{
    const bl_entity_list *l = extract(*state, "Manuel Belgrano led the army. Later Belgrano "
                                              "won the battle.");
    EXPECT(l, "Manuel Belgrano/person");
    assert_int_equal(find(l, "Manuel Belgrano")->count, 2);
    l = extract(*state, "Officials said the floods reached Belgrano on Monday.");
    EXPECT(l, "Belgrano/place");
    /* not the person's first word, and never a country or major place */
    l = extract(*state, "Officials said Jordan Smith met Smith's aides in Jordan.");
    assert_non_null(find(l, "Jordan"));
    assert_int_equal(find(l, "Jordan")->type, BL_ENTITY_PLACE);
}

/* A word no list knows, written as a name before its verb, is a person: in a one-sentence
 * text nothing else says so.  Not a plural ("Gunships"), not a code ("X86"), not a
 * definition ("X is a municipality"). */
static void test_initial_subject(void **state)
{
    const bl_entity_list *l = extract(*state, "Zuloaga fled to the U.S. in June.");
    EXPECT(l, "Zuloaga/person", "United States/place");
    l = extract(*state, "Cheney traveled to Singapore.");
    EXPECT(l, "Cheney/person", "Singapore/place");
    l = extract(*state, "Kony is one of five rebel leaders.");
    EXPECT(l, "Kony/person");
    l = extract(*state, "Simonyi brought a gourmet dinner.");
    EXPECT(l, "Simonyi/person");
    l = extract(*state, "Police say Ramda operated from London.");
    EXPECT(l, "Ramda/person", "London/place");
    l = extract(*state, "Officials said the X86 was faster.");
    assert_null(find(l, "X86"));
    /* a definition is no subject: not a person (the definition makes it a place) */
    l = extract(*state, "Brensbach is a municipality in Hesse.");
    EXPECT(l, "Brensbach/place", "Hesse/place");
    l = extract(*state, "Gunships pounded hideouts in the hills.");
    assert_null(find(l, "Gunships"));
    /* a present form in -s, known by the article, possessive or "to" after it */
    l = extract(*state, "Mabeza visits his troops.");
    EXPECT(l, "Mabeza/person");
    l = extract(*state, "Telbaum meets the press.");
    EXPECT(l, "Telbaum/person");
    l = extract(*state, "Quarrin signs the deal.");
    EXPECT(l, "Quarrin/person");
    l = extract(*state, "Quarrin works for a small newspaper.");
    EXPECT(l, "Quarrin/person");
    /* a name in -as is no plural ("Haas", "Vargas") */
    l = extract(*state, "Haas fended off three break points.");
    EXPECT(l, "Haas/person");
    /* a plural noun after a name is not a verb (and residents live in a place) */
    l = extract(*state, "Quarrin residents fled.");
    EXPECT(l, "Quarrin/place");
}

/* An unknown name after "the town of", or before "tribal region", is a place. */
static void test_place_nouns(void **state)
{
    const bl_entity_list *l = extract(*state, "Troops raided the town of Zarbinek today. "
                                              "Gunships pounded hideouts in the Quorvaz "
                                              "tribal region.");
    EXPECT(l, "Zarbinek/place", "Quorvaz/place");
    /* a compass word before a name makes a place, never a person named "North" */
    l = extract(*state, "Rebels attacked North Zarbinek and West Java, Western Union said.");
    EXPECT(l, "North Zarbinek/place", "West Java/place", "Western Union/org");
}

/* "May" after "In" at a sentence start is the month; in a name it is a name. */
static void test_month_may(void **state)
{
    const bl_entity_list *l = extract(*state, "In May , officials rejected it. Later Theresa "
                                              "May said so.");
    EXPECT(l, "Theresa May/person");
}

/* Generic capitalised words alone, or only with each other, are no entity; with a name or a
 * portfolio word they are part of one. */
static void test_generic_words(void **state)
{
    const bl_entity_list *l = extract(
        *state, "The Government and the Administration met the Union. The Treasury said "
                "the North and the West would wait, as the Federal Government and the "
                "Department did. The Chair and the Secretary agreed.");
    assert_int_equal(l->n, 0);
    l = extract(*state, "The Treasury Department and the Department of the Interior met "
                        "the European Union in the West Bank.");
    EXPECT(l, "Treasury Department/org", "Department of the Interior/org",
           "European Union/org", "West Bank/place");
    /* a plural title after common or title words names people in general; a place before
     * it makes a team */
    l = extract(*state, "Several Presidents did the same. Governors agreed, and the "
                        "Ottawa Senators won in Boston.");
    EXPECT(l, "Ottawa Senators/org", "Boston/place");
    /* a lone Roman numeral (a king's keeps it), "Now" opening a sentence, "FY", "the
     * Capital" alone */
    l = extract(*state, "He said that XIV was the number. Items II and III passed.");
    assert_int_equal(l->n, 0);
    l = extract(*state, "Now we must act. The FY budget grew. We met in the Capital. "
                        "Pius XII spoke.");
    EXPECT(l, "Pius XII/person");
}

/* Words before a person's given name and surname that are no part of the name: a common
 * word ("Defendant", "Engineer"), a lower-case word left by a hyphen ("Ethiopian-born"); an
 * Arabic particle after a town that is also part of a name ("Ali Hassan al-Majid").  Not a
 * place whose second word is a given name too ("Circuit Park Zandvoort"). */
static void test_words_before_names(void **state)
{
    const bl_entity_list *l = extract(*state, "The court heard it. Defendant Asher Weisgan "
                                              "denied it, and Engineer John Greiner agreed.");
    EXPECT(l, "Asher Weisgan/person", "John Greiner/person");
    l = extract(*state, "A plane carrying Ethiopian-born Hamdi Issac landed.");
    EXPECT(l, "Ethiopian/other", "Hamdi Issac/person");
    l = extract(*state, "The report implicates Ali Hassan al-Majid in the attacks.");
    EXPECT(l, "Ali Hassan al-Majid/person");
    l = extract(*state, "The race at Circuit Park Zandvoort was won.");
    EXPECT(l, "Circuit Park Zandvoort/place");
}

/* Company and newspaper name endings, "X-based" and "X's chief executive" make an
 * organisation of a name that has no other cue; a place before "-based" stays a place. */
static void test_company_context(void **state)
{
    const bl_entity_list *l = extract(*state, "Shares rose after Kestrel Dynamics said so, and "
                                              "a report in the Orlando Sentinel agreed.");
    EXPECT(l, "Kestrel Dynamics/org", "Orlando Sentinel/org");
    l = extract(*state, "The deal was signed by the Moscow-based Rostelix on Monday.");
    EXPECT(l, "Moscow/place", "Rostelix/org");
    l = extract(*state, "The board said Vendorix's chief executive resigned.");
    EXPECT(l, "Vendorix/org");
    /* a journal or magazine named after its kind noun */
    l = extract(*state, "He wrote for the tabloid Vantrob.");
    EXPECT(l, "Vantrob/org");
    /* the role noun may open the sentence */
    l = extract(*state, "Shares of Vantrobix rose five percent.");
    EXPECT(l, "Vantrobix/org");
}

/* A month word that is also a given name starts a person's name before another name, but
 * stays a date word after "in", before a number or before a known name. */
static void test_month_given_names(void **state)
{
    const bl_entity_list *l = extract(*state, "The envoy met Jan Peter Balkenende and June "
                                              "Soh yesterday.");
    EXPECT(l, "Jan Peter Balkenende/person", "June Soh/person");
    l = extract(*state, "The bill passed in June Congress said. On Jan 5 Zorbek Smith left.");
    EXPECT(l, "Congress/org", "Zorbek Smith/person");
}

/* A one-word name with no other cue is a person as the subject or object of a verb said of
 * people ("Karzai met Mladic"); without such a verb it is not typed at all. */
static void test_person_verbs(void **state)
{
    const bl_entity_list *l = extract(*state, "Yesterday Quarrin met Telbaum in the city.");
    EXPECT(l, "Quarrin/person", "Telbaum/person");
    /* (a word before any past form is a subject now, test_initial_subject: "Quarrin
     * crossed Telbaum" makes Quarrin a person; here neither word is before a verb) */
    l = extract(*state, "Yesterday Quarrin and Telbaum crossing the city.");
    assert_int_equal(l->n, 0);
    /* one sentence, the name alone at its start, as in a news brief */
    l = extract(*state, "Telbaum warned of new attacks.");
    EXPECT(l, "Telbaum/person");
}

/* A lower-case noun naming a kind of organisation beside an unknown name types it. */
static void test_org_kind_nouns(void **state)
{
    const bl_entity_list *l = extract(*state, "An official with the German firm Quarrin Telbaum "
                                              "said so.");
    EXPECT(l, "German/other", "Quarrin Telbaum/org");
    l = extract(*state, "The plane, operated by the Zorblax airline, landed.");
    EXPECT(l, "Zorblax/org");
    l = extract(*state, "The plane, operated by the Zorblax, landed.");
    assert_int_equal(l->n, 0);
}

/* "X, who ..." and "X, 45, ..." are said of people; "X, which ..." is not. */
static void test_who_and_age(void **state)
{
    const bl_entity_list *l = extract(*state, "Police arrested Telbaum, who fled in 1995.");
    EXPECT(l, "Telbaum/person");
    l = extract(*state, "Police arrested Quarrin, 45, on Monday.");
    EXPECT(l, "Quarrin/person");
    /* "which" is said of things, places and bodies; a name nothing else types is taken for
     * a body (w19biz: in news most often a company) */
    l = extract(*state, "Police raided Quarrin, which closed in 1995.");
    EXPECT(l, "Quarrin/org");
    l = extract(*state, "Police raided Quarrin, 2005, on Monday.");
    assert_int_equal(l->n, 0);
    /* what a person has: "Telbaum's lawyer", "Quarrin 's plane" (tokenised text) */
    l = extract(*state, "Officials say Telbaum's lawyer and Quarrin 's plane arrived late.");
    EXPECT(l, "Telbaum/person", "Quarrin/person");
    l = extract(*state, "Officials say Telbaum's output fell.");
    assert_int_equal(l->n, 0);
}

/* Sports and reporting verbs said of people: "Quarrin beat Telbaum", "Telbaum praised ...". */
static void test_more_person_verbs(void **state)
{
    const bl_entity_list *l = extract(*state, "Yesterday Quarrin beat Telbaum in the final.");
    EXPECT(l, "Quarrin/person", "Telbaum/person");
    l = extract(*state, "Yesterday Telbaum praised the plan.");
    EXPECT(l, "Telbaum/person");
}

/* The subject of an auxiliary in a one-sentence brief is a person ("Telbaum has ..."), but
 * not a common word ("Farmers could ...") nor a name the gazetteer knows ("Siemens"). */
static void test_auxiliary_subject(void **state)
{
    const bl_entity_list *l = extract(*state, "Telbaum has spent two years in prison.");
    EXPECT(l, "Telbaum/person");
    l = extract(*state, "If convicted, Quarrin could get life in prison.");
    EXPECT(l, "Quarrin/person");
    /* (a past form is a subject cue now, test_initial_subject: "Telbaum spent" is a person;
     * a verb the rules do not know still says nothing) */
    l = extract(*state, "Telbaum sits in prison.");
    assert_int_equal(l->n, 0);
    l = extract(*state, "Farmers could lose their land.");
    assert_int_equal(l->n, 0);
    l = extract(*state, "Siemens has cut jobs.");
    EXPECT(l, "Siemens/org");
}

/* Abbreviations that name nothing (KO, EP, FM, DJ, GMT) are no organisation on their own. */
static void test_common_abbreviations(void **state)
{
    const bl_entity_list *l = extract(*state, "Yesterday the fight ended by KO at 9 GMT, and a "
                                              "DJ played the new EP on FM radio.");
    assert_int_equal(l->n, 0);
    l = extract(*state, "Yesterday the fight ended by KO and the ZQX said so.");
    EXPECT(l, "ZQX/org");
}

/* Provinces, states and regions named alone in a single news sentence (data/places.txt). */
static void test_regions_alone(void **state)
{
    const bl_entity_list *l = extract(*state, "Floods hit Uttarakhand and Bosnia this week.");
    EXPECT(l, "Uttarakhand/place", "Bosnia/place");
    l = extract(*state, "Police moved through Rangoon overnight.");
    EXPECT(l, "Rangoon/place");
    /* "X State" (Nigerian, Burmese, Indian states) is a place; "State" alone stays nothing */
    l = extract(*state, "The ship sailed from Quarrin State to Telbaum State, the State said.");
    EXPECT(l, "Quarrin State/place", "Telbaum State/place");
}

/* "the" before a name takes a vote from person ("the Quarrin" is no person), but not when
 * the name modifies a regime, family, administration ("the Telbaum regime"). */
/* Programmes and plans are "other" names, never people: a well-known programme from the
 * gazetteer (over the sample corpus "Medicare" was the sixth person for "economy"), and
 * any capitalised name ending in Plan or Initiative (before, "Marshall Plan" was a person
 * by its given name and an invented "Zorvan Plan" dropped or a person). */
static void test_programmes(void **state)
{
    const bl_entity_list *l = extract(*state, "Millions of Americans have received treatment "
                                              "under Medicare since July.");
    EXPECT(l, "Americans/other", "Medicare/other");
    l = extract(*state, "The Marshall Plan rebuilt Europe, and the Zorvan Plan failed.");
    EXPECT(l, "Marshall Plan/other", "Europe/place", "Zorvan Plan/other");
}

static void test_the_before_name(void **state)
{
    const bl_entity_list *l = extract(*state, "Yesterday the Quarrin said so, and the Telbaum "
                                              "regime said Telbaum resigned.");
    EXPECT(l, "Telbaum/person");
    l = extract(*state, "Yesterday Quarrin said so.");
    EXPECT(l, "Quarrin/person");
}

/* Offset of the first mention of entity `name` in l (SIZE_MAX if it is not there). */
static size_t first_mention(const bl_entity_list *l, const char *name)
{
    const bl_entity *e = find(l, name);
    return e && e->n_mentions ? e->mentions[0] : SIZE_MAX;
}

/* A capitalised "The" inside a sentence right before a name is part of the name as written:
 * the mention's span takes it, the entity's name and key do not, so that "The Kestrel Trust"
 * and a sentence's "Kestrel Trust" are one entity, and a place of the gazetteer keeps its
 * name.  At a sentence's start, after a colon, in a headline or in capitals it is left out. */
static void test_the_inside_name(void **state)
{
    const char *t = "He worked for The Kestrel Trust in 1990. Kestrel Trust staff said so.";
    const bl_entity_list *l = extract(*state, t);
    EXPECT(l, "Kestrel Trust/org");
    assert_int_equal(find(l, "Kestrel Trust")->count, 2);
    assert_int_equal(first_mention(l, "Kestrel Trust"), strstr(t, "The Kestrel") - t);
    t = "He moved to The Hague, then to The Netherlands. Netherlands officials agreed.";
    l = extract(*state, t);
    EXPECT(l, "The Hague/place", "Netherlands/place");
    assert_int_equal(find(l, "Netherlands")->count, 2);
    assert_int_equal(first_mention(l, "Netherlands"), strstr(t, "The Netherlands") - t);
    /* a plural named so is a group: "by The Zorvands" */
    t = "Bleeding Hearts is a compilation album by The Zorvands.";
    l = extract(*state, t);
    assert_non_null(find(l, "Zorvands"));
    assert_int_equal(find(l, "Zorvands")->type, BL_ENTITY_ORG);
    assert_int_equal(first_mention(l, "Zorvands"), strstr(t, "The Zorvands") - t);
    /* a sentence's, a clause's after a colon, a headline's "The", and "THE" */
    t = "Officials met. The Kestrel Trust said so.";
    l = extract(*state, t);
    assert_int_equal(first_mention(l, "Kestrel Trust"), strstr(t, "Kestrel") - t);
    t = "He said: The Kestrel Trust will pay.";
    l = extract(*state, t);
    assert_int_equal(first_mention(l, "Kestrel Trust"), strstr(t, "Kestrel") - t);
    t = "Lawyers Sue The Kestrel Trust Over Fees\nThe case was heard on Monday.";
    l = extract(*state, t);
    assert_true(first_mention(l, "Kestrel Trust") == SIZE_MAX ||
                first_mention(l, "Kestrel Trust") == (size_t)(strstr(t, "Kestrel") - t));
    t = "He worked for THE Kestrel Trust in 1990.";
    l = extract(*state, t);
    assert_int_equal(first_mention(l, "Kestrel Trust"), strstr(t, "Kestrel") - t);
}

/* A name that nothing else types, between two names of one kind in a list, is of that kind;
 * one typed neighbour is not enough. */
static void test_list_member(void **state)
{
    const bl_entity_list *l = extract(*state, "He led marketing at companies like Acme Corp, "
                                              "Zorvanta, Kestrel Holdings and many more.");
    EXPECT(l, "Acme Corp/org", "Zorvanta/org", "Kestrel Holdings/org");
    l = extract(*state, "He visited Paris, Zorvanta and Berlin last year.");
    EXPECT(l, "Paris/place", "Zorvanta/place", "Berlin/place");
    l = extract(*state, "He led marketing at Acme Corp and Zorvanta in Ohio.");
    EXPECT(l, "Acme Corp/org", "Ohio/place");
    /* ... but after "companies like" every name of the list is an example of a company */
    l = extract(*state, "He led marketing at companies like Acme Corp and Zorvanta in Ohio.");
    EXPECT(l, "Acme Corp/org", "Zorvanta/org", "Ohio/place");
}

/* An apposition's kind word after a place's "-based" still types the name: the place and
 * "based" are no end of the noun phrase. */
static void test_apposition_based(void **state)
{
    const bl_entity_list *l = extract(*state, "Eventually, he joined Zorbax, a Richmond-based "
                                              "jazz fusion band.");
    const bl_entity *e = find(l, "Zorbax");
    assert_non_null(e);
    assert_int_equal(e->type, BL_ENTITY_ORG);
}

/* A name right before "-based" says where something is based: a place ("a Richmond-based
 * band", "Zorbaville-based", "a Richmond -based firm" in tokenised text), unless the
 * gazetteer knows it as an organisation ("the Google-based service").  Richmond was typed
 * person (a given name) and Zorbaville dropped before. */
static void test_based_place(void **state)
{
    const bl_entity_list *l = extract(*state, "Eventually, he joined Zorbax, a Richmond-based "
                                              "jazz fusion band.");
    EXPECT(l, "Zorbax/org", "Richmond/place");
    l = extract(*state, "The Zorbaville-based Kestrel Corp said on Monday it would cut jobs.");
    EXPECT(l, "Zorbaville/place", "Kestrel Corp/org");
    l = extract(*state, "He left for a Richmond -based firm .");
    EXPECT(l, "Richmond/place");
    l = extract(*state, "Users of the Google-based service complained.");
    EXPECT(l, "Google/org");
}

/* "for" after a complete organisation ("... League", "... Club", a known one), before a
 * name of its own (a known place or organisation, a club's "FC X"), and "in" before a known
 * place after "X of Y", join two names, not one.  Names with these connectors inside stay
 * whole: "League for Democracy", "Institute for Palestinian Studies", "Association for
 * Regional Cooperation", "Center for Constitutional Rights", and the gazetteer's
 * "Organization for Security and Cooperation in Europe".  All were one name before. */
static void test_connector_two_names(void **state)
{
    const bl_entity_list *l = extract(*state, "He played in the Marvellian Super League for FC "
                                              "Zorbach.");
    EXPECT(l, "Marvellian Super League/org", "FC Zorbach/org");
    l = extract(*state, "He played in the National Hockey League for the St. Louis Eagles.");
    EXPECT(l, "NHL/org", "St. Louis Eagles/org"); /* the gazetteer's display name */
    l = extract(*state, "He studied at the Academy of Zorvand in Beijing.");
    EXPECT(l, "Academy of Zorvand/org", "Beijing/place");
    l = extract(*state, "He spoke at the Ministry of Foreign Affairs in Kabul on Monday.");
    EXPECT(l, "Ministry of Foreign Affairs/org", "Kabul/place");
    l = extract(*state, "The Organization for Security and Cooperation in Europe sent monitors.");
    EXPECT(l, "Organization for Security and Cooperation in Europe/org");
    l = extract(*state, "He joined the Zorvand League for Democracy and the Zorvand Institute for "
                        "Palestinian Studies.");
    EXPECT(l, "Zorvand League for Democracy/org", "Zorvand Institute for Palestinian Studies/org");
    l = extract(*state, "The South Asian Association for Regional Cooperation met the Center for "
                        "Constitutional Rights.");
    EXPECT(l, "South Asian Association for Regional Cooperation/org",
           "Center for Constitutional Rights/org");
}

/* The learned span-typing model types a name it never saw by the gazetteer classes of the
 * words around it and in it (tools/train_ner.py, gf: gl: gp: gx:): an invented name after
 * "ambassador to <country>," is a person, one after the word "parliament" an organisation,
 * an invented town listed among known towns a place.  Without those features the first two
 * were typed org and person, the third dropped. */
static void test_model_word_classes(void **state)
{
    const bl_entity_list *l = extract(*state, "Kofi Annan and the U.S. ambassador to Liberia , "
                                              "Torvald Brekke , have praised the vote .");
    EXPECT(l, "Kofi Annan/person", "United States/place", "Liberia/place",
           "Torvald Brekke/person");
    l = extract(*state, "Members of the parliament Sejm Ludowy also agreed Friday to vote .");
    EXPECT(l, "Sejm Ludowy/org");
    l = extract(*state, "Israel has yet to hand over three other towns - Tulkarem , Bethlehem "
                        "and Ramallah .");
    EXPECT(l, "Israel/place", "Tulkarem/place", "Bethlehem/place", "Ramallah/place");
}

/* A capitalised word that the learned model finds no name, with little rule evidence for a
 * type (VOTE.model_veto), is no entity ("Fame" of "Hall of Fame", "the Kind-hearted
 * Physician"); an unknown two-word name that the model does not reject is still a person. */
static void test_model_none(void **state)
{
    const bl_entity_list *l = extract(*state, "The Hall of Fame has a museum in Cleveland , "
                                              "Ohio .");
    EXPECT(l, "Cleveland/place", "Ohio/place");
    l = extract(*state, "Recalled by the moans of his patient , the Kind-hearted Physician gave "
                        "him a stimulant .");
    assert_int_equal(l->n, 0);
    l = extract(*state, "Supporters of Marten Olsberg say the court rushed the appeal .");
    EXPECT(l, "Marten Olsberg/person");
}

/* A single unknown word opening a sentence takes the learned model's type when the model is
 * sure of it (VOTE.model_initial): in a one-sentence text nothing else types it.  A plural
 * noun the model is unsure of stays no entity. */
static void test_model_sentence_start(void **state)
{
    const bl_entity_list *l = extract(*state, "Brannock was rated a star at this early stage .");
    EXPECT(l, "Brannock/person");
    l = extract(*state, "Gunships pounded hideouts in the hills .");
    assert_int_equal(l->n, 0);
}

/* A middle initial "A." or "I." is part of the name, not the article or the pronoun; a
 * preposition or conjunction opening a sentence is not the first word of a name. */
static void test_initials_and_openers(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "The prize went to Arvel B. Quarrington and Delia A. Vantrobe."),
           "Arvel B. Quarrington/person", "Delia A. Vantrobe/person");
    EXPECT(extract(f, "The winner was Delia I. Vantrobe of Ohio."), "Delia I. Vantrobe/person",
           "Ohio/place");
    EXPECT(extract(f, "Unlike Arvel Quarrington, the mayor stayed."), "Arvel Quarrington/person");
    EXPECT(extract(f, "Amid Arvel Quarrington's visit, it rained."), "Arvel Quarrington/person");
    EXPECT(extract(f, "Though Arvel Quarrington won, he lost."), "Arvel Quarrington/person");
    /* a pronoun with a contraction after a colon or quote is no name */
    assert_int_equal(extract(f, "He said: We\xe2\x80\x99ve won.")->n, 0);
    assert_int_equal(extract(f, "The plan worked. \"We've trained them,\" he said.")->n, 0);
    EXPECT(extract(f, "He met Arvel O'Quarrin."), "Arvel O'Quarrin/person");
    /* a compass word before "of" opening a sentence says where: the place is after "of" */
    EXPECT(extract(f, "North of Baghdad, troops advanced."), "Baghdad/place");
    /* a sentence-initial capital that is part of the name stays ("Golden Gate Bridge") */
    EXPECT(extract(f, "Golden Gate Bridge was closed."), "Golden Gate Bridge/place");
}

/* The parts and people of a place name it as a place even when no list knows it: "the
 * outskirts of X", "residents of X", "the mayor of X", "north of X", "in northern X",
 * "X residents". */
static void test_place_parts(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Troops reached the outskirts of Quarrinby."), "Quarrinby/place");
    EXPECT(extract(f, "Residents of Quarrinby fled."), "Quarrinby/place");
    EXPECT(extract(f, "The people of Quarrinby voted."), "Quarrinby/place");
    EXPECT(extract(f, "He was elected MP for Quarrinby in 2010."), "Quarrinby/place");
    EXPECT(extract(f, "The minister welcomed the liberation of Quarrinby."), "Quarrinby/place");
    EXPECT(extract(f, "Fighting continued around Quarrinby on Monday."), "Quarrinby/place");
    /* not when a noun follows the name */
    assert_int_equal(extract(f, "Talks centred around R&D collaboration.")->n, 0);
    EXPECT(extract(f, "The army pushed the rebels out of Quarrinby."), "Quarrinby/place");
    EXPECT(extract(f, "It lies near the hamlet of Quarrinby."), "Quarrinby/place");
    EXPECT(extract(f, "Settlers left the settlement of Quarrinby."), "Quarrinby/place");
    EXPECT(extract(f, "The road slopes down into the plains of Quarrinby."), "Quarrinby/place");
    /* the lower-case half of a hyphenated word is no name, even before a place noun */
    EXPECT(extract(f, "They called for a Syrian-led political settlement."), "Syrian/other");
    EXPECT(extract(f, "The mayor of Quarrinby resigned."), "Quarrinby/place");
    EXPECT(extract(f, "The road ends ten miles north of Quarrinby."), "Quarrinby/place");
    EXPECT(extract(f, "Fighting went on in northern Quarrinby."), "Quarrinby/place");
    EXPECT(extract(f, "Quarrinby residents were evacuated."), "Quarrinby/place");
    /* a town, then its state or country; not a list of names */
    EXPECT(extract(f, "The rally was held in Quarrinby, Ohio."), "Quarrinby/place",
           "Ohio/place");
    EXPECT(extract(f, "Quarrinby, Ohio, was hit by a tornado."), "Quarrinby/place",
           "Ohio/place");
    EXPECT(extract(f, "Quarrinby, New Jersey, was hit by a tornado."), "Quarrinby/place",
           "New Jersey/place");
    const bl_entity *e = find(extract(f, "Talks between Quarrin, Russia and China failed."),
                              "Quarrin");
    assert_true(e == NULL || e->type != BL_ENTITY_PLACE);
    /* a title word inside a place's name does not make a person of the rest */
    EXPECT(extract(f, "They took the ferry to Prince Quarrin Island."),
           "Prince Quarrin Island/place");
    EXPECT(extract(f, "Protesters met in Queen Vantrob Park."), "Queen Vantrob Park/place");
    assert_null(find(extract(f, "The Secretary of State said no."), "Secretary of State"));
    /* an office is no ruler: the mayor named John Street is a person */
    EXPECT(extract(f, "Philadelphia Mayor Arvel Street said no."), "Philadelphia/place",
           "Arvel Street/person");
    /* a preposition opening the sentence still says where */
    EXPECT(extract(f, "In Quarrinby, police arrested three men."), "Quarrinby/place");
    EXPECT(extract(f, "Near Quarrinby, one strike destroyed a tank."), "Quarrinby/place");
    /* a place noun right before a name */
    EXPECT(extract(f, "Vantrob's capital Quarrin fell."), "Vantrob/place", "Quarrin/place");
    EXPECT(extract(f, "In the city Kowalczyk said the plan failed."), "Kowalczyk/person");
    /* the place of a news dateline: capitals opening a line, then only a date */
    EXPECT(extract(f, "QUARRINBY 2001-05-02\nPolice arrested three men."), "QUARRINBY/place");
    EXPECT(extract(f, "VANTROB-ALIN , Ohio 2001-05-02\nPolice arrested three men."),
           "VANTROB-ALIN/place", "Ohio/place");
    EXPECT(extract(f, "QUARRINBY (Reuters) - Police arrested three men."), "QUARRINBY/place",
           "Reuters/org");
    EXPECT(extract(f, "QUARRINBY \xe2\x80\x94 Police arrested three men on Monday."),
           "QUARRINBY/place");
    assert_int_equal(extract(f, "UPDATE \xe2\x80\x94 Police arrested three men.")->n, 0);
    /* a person's name after other nouns with "of" is left alone */
    EXPECT(extract(f, "The wife of Arvel Quarrington said no."), "Arvel Quarrington/person");
}

/* An apposition before a name says what it is: "a Kenyan newspaper, The Daily Nation", "the
 * provincial capital, Quarrinby", "his lawyer, Arvel Quarrington"; a closing quote is no
 * apposition. */
static void test_apposition_before(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "He told the broadcaster, Vantrobix, that it was true."),
           "Vantrobix/org");
    EXPECT(extract(f, "The rebels seized the provincial capital, Quarrinby, on Monday."),
           "Quarrinby/place");
    EXPECT(extract(f, "He hired a lawyer, Arvel Quarrington, to defend him."),
           "Arvel Quarrington/person");
    EXPECT(extract(f, "\"It was the worst in the region,\" Quarrington said."),
           "Quarrington/person");
    /* a clause ending in such a noun, then its speaker, is no apposition */
    EXPECT(extract(f, "It is a good company, Quarrington said."), "Quarrington/person");
    EXPECT(extract(f, "The attack hit the city, Quarrington told reporters."),
           "Quarrington/person");
}

/* A given name that is also a place's name opens a person's name when the words after it are
 * no names, common words or tails ("Jordan Henderson"); a place's tail keeps it a place. */
static void test_given_place_person(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "The coach praised Jordan Henderson."), "Jordan Henderson/person");
    EXPECT(extract(f, "The coach praised Jordan Quarrington."), "Jordan Quarrington/person");
    EXPECT(extract(f, "Sydney Vantrobe said no."), "Sydney Vantrobe/person");
    EXPECT(extract(f, "Chad Arvel Vantrobe pitched for the team."), "Chad Arvel Vantrobe/person");
    EXPECT(extract(f, "Settlers moved into the Jordan Valley."), "Jordan Valley/place");
}

/* Defects an analyst saw (issue 11): a place that is a given name before an organisation's
 * last word is no person ("Georgia Tech"); a short stopword after a hyphen ends a given name
 * ("Moon Jae-in"); a cathedral is one name, typed like a church; "Daesh" is the Islamic
 * State; a faith's word before a party known by its plural is one party ("Christian
 * Democrats", while "American Democrats" stays two); an empire is a place ("Ottoman
 * Empire"). */
static void test_known_defects(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Students at Georgia Tech protested."), "Georgia Tech/org");
    EXPECT(extract(f, "President Moon Jae-in met Kim Jong-un."), "Moon Jae-in/person",
           "Kim Jong-un/person");
    EXPECT(extract(f, "Goods made-in-China flowed."), "China/place");
    /* a dash written as a hyphen is no name part ("the Old World-the new") */
    const bl_entity_list *h = extract(f, "He left the Brush-off behind and the Old World-the new "
                                         "one waited.");
    for (size_t i = 0; i < h->n; i++)
        assert_null(strstr(h->items[i].name, "-the"));
    assert_null(find(h, "Brush-off"));
    EXPECT(extract(f, "Fire broke out at Notre Dame Cathedral today."),
           "Notre Dame Cathedral/org");
    EXPECT(extract(f, "Fighters loyal to Daesh attacked."), "Islamic State/org");
    EXPECT(extract(f, "Fighters loyal to Da\u2019esh and the Islamic State of Iraq and the Levant "
                      "attacked."),
           "Islamic State/org");
    EXPECT(extract(f, "The Christian Democrats won."), "Christian Democrats/org");
    EXPECT(extract(f, "Many American Democrats voted."), "American/other", "Democrats/org");
    EXPECT(extract(f, "The Ottoman Empire collapsed."), "Ottoman Empire/place");
    EXPECT(extract(f, "He studied the Mughal Empire in detail."), "Mughal Empire/place");
}

/* Sports reports name clubs by towns and nicknames: a name before or after a team score, a
 * town before a coach's or player's role, a club's form and a club's last word make an
 * organisation.  Tennis sets are a match of two people; a town elsewhere stays a place. */
static void test_sports_teams(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Vantrobe beat Quarrington 2-1 on Saturday."), "Vantrobe/org",
           "Quarrington/org");
    EXPECT(extract(f, "Results: Vantrobe 2 Quarrington 0."), "Vantrobe/org", "Quarrington/org");
    EXPECT(extract(f, "Vantrobe beat Quarrington 6-3 6-4 on Saturday."), "Quarrington/person");
    EXPECT(extract(f, "Bowling Green lost to Tulsa 63-7."), "Bowling Green/org", "Tulsa/org");
    EXPECT(extract(f, "Tulsa coach Arvel Kowalczyk resigned."), "Tulsa/org",
           "Arvel Kowalczyk/person");
    EXPECT(extract(f, "He moved to Tulsa in 2009."), "Tulsa/place");
    EXPECT(extract(f, "FC Porto drew with Benfica."), "FC Porto/org", "Benfica/org");
    EXPECT(extract(f, "Quarrin Rovers won."), "Quarrin Rovers/org");
    /* the opponent after the score, at the end of a sentence; a town's "City" in a result;
     * a stadium named after a king is one place */
    EXPECT(extract(f, "Quarrin drew 1-1 with Vantrob."), "Quarrin/org", "Vantrob/org");
    EXPECT(extract(f, "Quarrin beat Stoke City 2-1."), "Quarrin/org", "Stoke City/org");
    /* a player's moves between clubs; a prisoner's transfer is to a place */
    EXPECT(extract(f, "In 2005 he was traded to the Vantrobs."), "Vantrobs/org");
    EXPECT(extract(f, "He played with Footscray for four seasons."), "Footscray/org");
    EXPECT(extract(f, "Prisoners were transferred to Quarrin in May."), "Quarrin/place");
    /* numbers after a reference, a record after a possessive, a number with no report of a
     * match around it are no scores */
    assert_int_equal(extract(f, "The data are given in Table 26-2 on page 1678.")->n, 0);
    assert_int_equal(extract(f, "It cites Revenue Ruling 54-17 on mergers.")->n, 0);
    const bl_entity_list *r = extract(f, "He chose Telbaum for his 4-0 won-lost record.");
    for (size_t i = 0; i < r->n; i++)
        assert_int_not_equal(r->items[i].type, BL_ENTITY_ORG);
    r = extract(f, "Officials said Telbaum's 4-0 record was good.");
    for (size_t i = 0; i < r->n; i++)
        assert_int_not_equal(r->items[i].type, BL_ENTITY_ORG);
    /* a town named like a person ("Leicester" is a given name too) before a club's tail */
    EXPECT(extract(f, "Leicester City beat Quarrin 2-1."), "Leicester City/org", "Quarrin/org");
    EXPECT(extract(f, "The fans left King Quarrin Stadium."), "King Quarrin Stadium/place");
}

/* Does l hold the entity `name` with type t? */
static void expect_type(const bl_entity_list *l, const char *name, bl_entity_type t)
{
    const bl_entity *e = find(l, name);
    if (!e)
        fail_msg("missing entity %s", name);
    if (e->type != t)
        fail_msg("%s is %s, not %s", name, bl_entity_type_name(e->type), bl_entity_type_name(t));
}

/* Sports newswire names clubs by their towns in more places: a league table's row (played =
 * won + drawn + lost, or the share won), a result line with scorers in brackets, a cricket
 * innings line, a result that is its line, both sides of a result verb or "V" in a headline that opens with a team
 * sport, the opponent after a result's noun with a score or after "their", a side before
 * its score and result's noun or after "at home to", a club joined or on loan, the club a player
 * scored for or was signed from, a side of a cricket result by wickets or runs, a town before
 * a captain.  A golfer's rounds, a tennis score, a vote share, a treaty signed "on a visit
 * from X", a national side and a town after "in" stay as they were. */
static void test_sports_newswire(void **state)
{
    fixture *f = *state;
    const bl_entity_list *r;
    const int O = BL_ENTITY_ORG, P = BL_ENTITY_PLACE;
    /* a league table's rows; not a golfer's rounds */
    r = extract(f, "Standings:\nMarlow 5 3 1 1 9 5 10\nTenbury 5 2 2 1 7 6 8\n");
    expect_type(r, "Marlow", O);
    expect_type(r, "Tenbury", O);
    r = extract(f, "Leading scores:\nMarlow Quent 70 68 72 69\n");
    for (size_t i = 0; i < r->n; i++)
        assert_int_not_equal(r->items[i].type, BL_ENTITY_ORG);
    r = extract(f, "Standings:\nTENBURY 74 58 .561 -\nMARLOW 70 62 .530 4\n");
    expect_type(r, "TENBURY", O);
    /* a result line with scorers in brackets (a scorer is no team); not a party in brackets */
    r = extract(f, "Results:\nTenbury 2 (Grey 34, Moss 80) Marlow 1 (Ortiz 56)\n");
    expect_type(r, "Tenbury", O);
    expect_type(r, "Marlow", O);
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].name, "Moss") == 0 || strcmp(r->items[i].name, "Grey") == 0)
            assert_int_not_equal(r->items[i].type, BL_ENTITY_ORG);
    r = extract(f, "Election results:\nMarlow 2 (Labour) Tenbury 1 (Green)\n");
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].name, "Marlow") == 0 || strcmp(r->items[i].name, "Tenbury") == 0)
            assert_int_not_equal(r->items[i].type, BL_ENTITY_ORG);
    /* a result that is its line, with scores of three digits */
    r = extract(f, "Results:\nQuarrin 110 Vantrob 105\n");
    expect_type(r, "Quarrin", O);
    expect_type(r, "Vantrob", O);
    /* a cricket innings line, with the batsmen's scores in brackets */
    r = extract(f, "At Wexcombe:\nStenfield 285 (P. Grey 112, L. Moss 56)\n");
    expect_type(r, "Stenfield", O);
    expect_type(r, "Wexcombe", P);

    r = extract(f, "Scores:\nStenfield 285-8 declared\nWexcombe 120 and 95-3\n");
    expect_type(r, "Stenfield", O);
    expect_type(r, "Wexcombe", O);
    /* both sides of a result verb in a team sport's headline; a national side stays a place */
    r = extract(f, "CRICKET - STENFIELD BEAT WEXCOMBE IN FOUR DAYS\nText.\n");
    expect_type(r, "STENFIELD", O);
    expect_type(r, "WEXCOMBE", O);
    r = extract(f, "SOCCER - LEEDS V CHELSEA\nText.\n");
    expect_type(r, "Leeds", O);
    expect_type(r, "CHELSEA", O);
    r = extract(f, "SOCCER - JAPAN BEAT SYRIA\nText.\n");
    expect_type(r, "Japan", P);
    expect_type(r, "Syria", P);
    /* scored for X; a win over X with a score or after "their"; not a tennis score */
    r = extract(f, "Striker Ramos scored twice for Valdora in their 3-1 win over Castelmonte.");
    expect_type(r, "Valdora", O);
    expect_type(r, "Castelmonte", O);
    r = extract(f, "It was their first win over Castelmonte in the league.");
    expect_type(r, "Castelmonte", O);
    r = extract(f, "Valdora's 3-1 win over them was a surprise.");
    expect_type(r, "Valdora", O);
    r = extract(f, "Marlow lost again at home to Tenbury on Saturday.");
    expect_type(r, "Tenbury", O);
    r = extract(f, "Kova's 6-3 6-4 win over Perez came in the final.");
    expect_type(r, "Perez", BL_ENTITY_PERSON);
    /* a town before a captain, scored against X; not a vote share */
    r = extract(f, "Stenfield captain Paul Grey scored 112 against Wexcombe.");
    expect_type(r, "Stenfield", O);
    expect_type(r, "Wexcombe", O);
    r = extract(f, "He scored 30 percent against Valdora in the poll.");
    expect_type(r, "Valdora", P);
    /* signed a player from X; not a treaty signed on a visit from X */
    r = extract(f, "Valdora signed defender Luis Mendes from Porto.");
    expect_type(r, "Porto", O);
    r = extract(f, "Ramos scored for Valdora, who signed him from Tenbury in July.");
    expect_type(r, "Tenbury", O);
    r = extract(f, "The minister signed the treaty on a visit from Porto.");
    expect_type(r, "Porto", P);
    /* joined X from Y, on loan from X; not a person joined */
    r = extract(f, "Mendes joined Valdora from Castelmonte in July.");
    expect_type(r, "Valdora", O);
    expect_type(r, "Castelmonte", O);
    r = extract(f, "Ortiz, on loan from Castelmonte, scored the winner.");
    expect_type(r, "Castelmonte", O);
    r = extract(f, "Delegates joined Kim Jones from Valdora at the talks.");
    expect_type(r, "Valdora", P);
    /* a cricket result by wickets; not an army's advance by miles */
    r = extract(f, "Stenfield beat Wexcombe by six wickets at Lord's.");
    expect_type(r, "Stenfield", O);
    expect_type(r, "Wexcombe", O);
    r = extract(f, "The army beat the rebels by six miles at Valdora.");
    expect_type(r, "Valdora", P);
}

/* A nationality before an organisation named "X of Y" or ending in a body's word is part
 * of its name ("Bulgarian Academy of Sciences", "Brazilian Cycling Confederation"); before
 * a ministry it names the ministry's country (a rule of its own), and before a person it stays
 * its own entity.  A school's (or other body's) district is a body, not a place. */
static void test_nationality_in_org_name(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "He joined the Australian League of Rights in 1960."),
           "Australian League of Rights/org");
    EXPECT(extract(f, "She is a member of the Bulgarian Academy of Sciences now."),
           "Bulgarian Academy of Sciences/org");
    EXPECT(extract(f, "He led the Brazilian Cycling Confederation for years."),
           "Brazilian Cycling Confederation/org");
    EXPECT(extract(f, "She joined the Quarrin Scientific Affiliation."),
           "Quarrin Scientific Affiliation/org");
    EXPECT(extract(f, "She taught in the Quarrin Unified School District for years."),
           "Quarrin Unified School District/org");
    EXPECT(extract(f, "She lived in the Quarrin District for years."), "Quarrin District/place");
    EXPECT(extract(f, "The Iraqi Ministry of Defence said so."), "Iraqi/other",
           "Iraqi Ministry of Defence/org");
    EXPECT(extract(f, "The Australian Arvel Kowalczyk said so."), "Australian/other",
           "Arvel Kowalczyk/person");
}

/* A plural possessive inside an organisation's name ("Kurdistan Workers' Party", tokenised
 * "Martyrs ' Brigades", a typographic apostrophe) keeps the name whole; a plural possessive
 * before anything else, an opening quote, or a known body's possessive does not join. */
static void test_plural_possessive_org(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Rebels of the Quarrin Workers' Party attacked."),
           "Quarrin Workers' Party/org");
    EXPECT(extract(f, "The Vantrob Martyrs ' Brigades claimed it."),
           "Vantrob Martyrs ' Brigades/org");
    EXPECT(extract(f, "He joined the Ratepayers\u2019 Association."),
           "Ratepayers\u2019 Association/org");
    const bl_entity_list *q = extract(f, "He said the Vantrob Workers 'Party' was fun.");
    for (size_t i = 0; i < q->n; i++)
        assert_null(strstr(q->items[i].name, "Workers 'Party"));
    const bl_entity_list *l = extract(f, "The House of Representatives' Energy and Commerce "
                                         "committee voted.");
    assert_non_null(find(l, "House of Representatives"));
}

/* National parliaments are organisations by name, also where no rule has a cue for them. */
static void test_parliaments(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "The Storting voted on Monday."), "Storting/org");
    EXPECT(extract(f, "Members of the Lok Sabha and the Verkhovna Rada met."), "Lok Sabha/org",
           "Verkhovna Rada/org");
}

/* What a company has names it: its board, its shares, a stake in it ("shares in Vantrobix"
 * is no place); a place after "in" elsewhere stays one.  So do a founder, an employee "at"
 * it, its stock and its headquarters; "works for" a person stays a person. */
static void test_company_holdings(void **state)
{
    fixture *f = *state;
    const bl_entity_list *r;
    EXPECT(extract(f, "The board of Vantrobix approved the deal."), "Vantrobix/org");
    EXPECT(extract(f, "Shares in Vantrobix fell 5 percent."), "Vantrobix/org");
    EXPECT(extract(f, "He bought a stake in Vantrobix last year."), "Vantrobix/org");
    EXPECT(extract(f, "He bought a house in Quarrinby."), "Quarrinby/place");
    /* what a person founds or works at, its stock, its headquarters */
    EXPECT(extract(f, "Officials said Arvel Quarrington founded Vantrobix in 1990."),
           "Arvel Quarrington/person", "Vantrobix/org");
    EXPECT(extract(f, "He works at Vantrobix."), "Vantrobix/org");
    EXPECT(extract(f, "Vantrobix stock rose 3 percent."), "Vantrobix/org");
    r = extract(f, "Officials said Telbaum's stock soared after the ball.");
    for (size_t i = 0; i < r->n; i++)
        assert_int_not_equal(r->items[i].type, BL_ENTITY_ORG);
    EXPECT(extract(f, "Vantrobix is headquartered in Ohio."), "Vantrobix/org", "Ohio/place");
    EXPECT(extract(f, "She worked for Arvel Quarrington for years."), "Arvel Quarrington/person");
    /* people have spokesmen too: "Putin's spokesman" is no company; "a Vantrobix spokesman" is */
    EXPECT(extract(f, "Officials said Telbaum's spokesman declined."), "Telbaum/person");
    EXPECT(extract(f, "A Vantrobix spokesman declined to comment."), "Vantrobix/org");
}

/* A definition's kind noun types the name: chains, publishers, studios are organisations; a
 * band's member is a person, not the band. */
static void test_definition_kinds(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Quarrin Vantrobe is a chain of supermarkets."), "Quarrin Vantrobe/org");
    EXPECT(extract(f, "Vantrobix is a publisher of comics."), "Vantrobix/org");
    EXPECT(extract(f, "Arvel Quarrington was a band member."), "Arvel Quarrington/person");
}

/* A ship's prefix makes its name an "other" name, not a person or place ("USS Mahan", "HMS
 * Daring"); a company tail still wins ("INS Corp."). */
static void test_ships(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "The destroyer USS Vantrob fired two missiles."), "USS Vantrob/other");
    EXPECT(extract(f, "The frigate HMS Quarrington sailed."), "HMS Quarrington/other");
    const bl_entity *e = find(extract(f, "He worked for INS Corp. in Ohio."), "INS Corp.");
    assert_non_null(e);
    assert_int_equal(e->type, BL_ENTITY_ORG);
}

/* The learned span-typing table loads, scores a known feature and ignores an unknown one. */
static void test_model_table(void **state)
{
    (void)state;
    bl_ner_model m;
    assert_int_equal(bl_ner_model_init(&m), 0);
    assert_true(m.n > 1000);
    int s[BL_NER_LABELS] = {0};
    bl_ner_model_add(&m, "zz:not-a-feature", 16, s);
    for (int k = 0; k < BL_NER_LABELS; k++)
        assert_int_equal(s[k], 0);
    /* "... Records" and "... University" end organisations in the training text */
    bl_ner_model_add(&m, "l:records", 9, s);
    bl_ner_model_add(&m, "l:university", 12, s);
    for (int k = 0; k < BL_NER_LABELS; k++)
        if (k != BL_ENTITY_ORG)
            assert_true(s[BL_ENTITY_ORG] > s[k]);
    /* a title word just before the name (gazetteer class t) says person */
    int t[BL_NER_LABELS] = {0};
    bl_ner_model_add(&m, "gp:t", 4, t);
    for (int k = 0; k < BL_NER_LABELS; k++)
        if (k != BL_ENTITY_PERSON)
            assert_true(t[BL_ENTITY_PERSON] > t[k]);
    /* a suffix feature is the last 3 bytes of the term, as model_scores takes them, even
     * when they cut a character: "dae\u2019sh" (re3d) gives "s:\x99sh", not "s:sh" */
    int u[BL_NER_LABELS] = {0}, nonzero = 0;
    bl_ner_model_add(&m, "s:\x99sh", 5, u);
    for (int k = 0; k < BL_NER_LABELS; k++)
        nonzero |= u[k] != 0;
    assert_true(nonzero);
    bl_ner_model_destroy(&m);
    bl_ner_model_destroy(&m); /* idempotent */
}

/* A faith or doctrine in one word ("Catholicism", "Judaism", "Christianity") is an "other"
 * name, never a place, even where prepositions read like a journey ("from X to Y"). */
static void test_doctrine_not_place(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "He converted from Catholicism to Judaism in 1950."),
           "Catholicism/other", "Judaism/other");
    EXPECT(extract(f, "Missionaries brought Christianity to Quarrinby."),
           "Christianity/other", "Quarrinby/place");
    EXPECT(extract(f, "He wrote about Protestantism in Germany."), "Protestantism/other",
           "Germany/place");
}

/* A capitalised word for a kind of place, "of" and a known place are one place ("Gulf of
 * Oman", "Sea of Oman", "Port of Liverpool", "City of Brampton"), not the place alone; an
 * organisation's head still makes an organisation ("University of Pittsburgh"). */
static void test_place_kind_of_place(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "The tanker sailed through the Gulf of Oman and the Sea of Oman."),
           "Gulf of Oman/place", "Sea of Oman/place");
    EXPECT(extract(f, "Ships waited at the Port of Liverpool."), "Port of Liverpool/place");
    /* a polity's word before "of" names the place itself: one facet with it ("Brampton") */
    EXPECT(extract(f, "He worked for the City of Brampton."), "Brampton/place");
    EXPECT(extract(f, "The State of Israel and Israel's army."), "Israel/place");
    EXPECT(extract(f, "He flew to the Kingdom of Jordan."), "Jordan/place");
    EXPECT(extract(f, "He lives in the District of Columbia."), "District of Columbia/place");
    /* ... but "City" names a town, not the country or province of its name, and a kingdom,
     * republic or state is not the city of its name */
    EXPECT(extract(f, "He met the mayor of the City of Kuwait."), "City of Kuwait/place");
    EXPECT(extract(f, "The Kingdom of Naples fell in 1861."), "Kingdom of Naples/place");
    EXPECT(extract(f, "The Kingdom of Jerusalem was founded in 1099."),
           "Kingdom of Jerusalem/place");
    EXPECT(extract(f, "She studied at the University of Pittsburgh."),
           "University of Pittsburgh/org");
}

/* A town, a comma, "the" and its country set off by commas is a place ("Den Haag, the
 * Netherlands,"); not a clause after a comma ("at the Manama Dialogue, the United States will
 * ...") nor a list of countries. */
static void test_town_then_the_country(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Mayor Smith of Ross, the Bahamas, resigned."), "Smith/person",
           "Ross/place", "Bahamas/place");
    EXPECT(extract(f, "Kemp, the Philippines, was hit by the storm."), "Kemp/place",
           "Philippines/place");
    EXPECT(extract(f, "As announced at the Manama Dialogue, the United States will give aid."),
           "Manama Dialogue/org", "United States/place");
    EXPECT(extract(f, "Members include Jordan, the Netherlands, the United Kingdom, and Peru."),
           "Jordan/place", "Netherlands/place", "United Kingdom/place", "Peru/place");
}

static void test_near_arabic_article(void **state)
{
    fixture *f = *state;
    /* "Al" after "near" is the Arabic article of a place, not the given name */
    EXPECT(extract(f, "Near Al Huwayjah, one strike destroyed a storage facility."),
           "Al Huwayjah/place");
    EXPECT(extract(f, "Coalition jets struck targets near Al Shadaddi on Monday."),
           "Al Shadaddi/place");
    EXPECT(extract(f, "Al Gore spoke in Nashville on Monday."), "Al Gore/person",
           "Nashville/place");
}

static void test_surname_of_persons_only(void **state)
{
    fixture *f = *state;
    /* the surname of several persons named in full is a person's, though not merged */
    EXPECT(extract(f, "Moses Mendelssohn was a philosopher and Felix Mendelssohn a composer. "
                      "The king extended royal protection to Mendelssohn as well."),
           "Moses Mendelssohn/person", "Felix Mendelssohn/person", "Mendelssohn/person");
    /* one person's surname, also the first word of a body's name, is the person's */
    const bl_entity_list *l = extract(f, "Anna Kowalczyk opened the Kowalczyk Gallery in "
                                         "Warsaw. Visitors came to Kowalczyk from across Poland.");
    EXPECT(l, "Anna Kowalczyk/person", "Kowalczyk Gallery/org", "Warsaw/place", "Poland/place");
    assert_int_equal(find(l, "Anna Kowalczyk")->count, 2);
}

static void test_faker_given_names(void **state)
{
    fixture *f = *state;
    /* given names of data/given_names_faker.txt (Yoruba, Bengali, Indonesian, Uzbek) */
    EXPECT(extract(f, "The award went to Anjolaoluwa Mill on Friday."),
           "Anjolaoluwa Mill/person");
    EXPECT(extract(f, "The crowd cheered for Diptendu."), "Diptendu/person");
    EXPECT(extract(f, "Performers included Salsabila, Jumadi and Gulnora."), "Salsabila/person",
           "Jumadi/person", "Gulnora/person");
}

static void test_place_dweller_before_name(void **state)
{
    fixture *f = *state;
    /* a dweller's word made from a place or a nationality is no part of the person's name */
    EXPECT(extract(f, "He defeated fellow Texan Scott LeDoux."), "Texan/other",
           "Scott LeDoux/person");
    EXPECT(extract(f, "The pair were Ben Player and Queenslander Mitchell Rawlins."),
           "Ben Player/person", "Queenslander/other", "Mitchell Rawlins/person");
    EXPECT(extract(f, "Yorkshireman David Brown won."), "Yorkshireman/other",
           "David Brown/person");
    EXPECT(extract(f, "Adrian John Smith spoke."), "Adrian John Smith/person");
}

static void test_more_titles(void **state)
{
    fixture *f = *state;
    /* titles of local officers and of priests ("+sheriff", "+coroner", "+fr" in cues.txt) */
    EXPECT(extract(f, "Seminole County Sheriff Don Eslinger said the boy was suicidal."),
           "Seminole County/place", "Don Eslinger/person");
    EXPECT(extract(f, "County Coroner William McLaughlin went to the scene."),
           "William McLaughlin/person");
    EXPECT(extract(f, "A Jesuit priest Fr Francisco Sousa documented it."),
           "Francisco Sousa/person");
}

static void test_nickname_in_name(void **state)
{
    fixture *f = *state;
    /* a nickname in quotes between a given name and a surname is part of the name */
    EXPECT(extract(f, "Richard \"Tex\" Coe spoke on Monday."), "Richard \"Tex\" Coe/person");
    EXPECT(extract(f, "The commander, Col. John \"J.D.\" Dorrian, said the strikes continued."),
           "John \"J.D.\" Dorrian/person");
    /* not a quotation after a name */
    EXPECT(extract(f, "He said \"Yes\" Obama would come."), "Obama/person");
}

static void test_state_abbreviation_no_given_name(void **state)
{
    fixture *f = *state;
    /* the AP abbreviation of a US state after a town is no person ("Ala" is also a given
       name of the world list) */
    EXPECT(extract(f, "Mrs. Gretchen Schenk of Summerdale, Ala., will speak."),
           "Gretchen Schenk/person", "Summerdale/place", "Alabama/place");
    const bl_entity *e = find(extract(f, "Birmingham, Ala. -- The police arrested a man."), "Ala");
    assert_true(e == NULL || e->type != BL_ENTITY_PERSON);
    assert_non_null(find(&f->l, "Birmingham"));
}

static void test_title_before_brand(void **state)
{
    fixture *f = *state;
    /* a brand of the organisation lists after a person's title is a person's surname */
    EXPECT(extract(f, "Mr. Trimble has been in the hospital but is expected back Tuesday."),
           "Trimble/person");
    EXPECT(extract(f, "Dr. Fing spoke."), "Fing/person");
    /* without the title the brand stays an organisation */
    EXPECT(extract(f, "The game was published by Konami last spring."), "Konami/org");
}

static void test_brand_as_surname(void **state)
{
    fixture *f = *state;
    /* a brand of the untrained organisation lists that ends a person's name in the text is
       that person's surname when it stands alone */
    EXPECT(extract(f, "The stars are Felix Fing and Anna Pulova. Fing, a lean man, came too."),
           "Felix Fing/person", "Anna Pulova/person");
    EXPECT(extract(f, "Ann Trimble spoke. Trimble said no."), "Ann Trimble/person");
    /* not when no person is named so */
    EXPECT(extract(f, "Konami grew. Konami said it grew."), "Konami/org");
}

static void test_dash_after_listed_word(void **state)
{
    fixture *f = *state;
    /* a hyphen written for a dash after a word of the lists joins no lower-case word */
    EXPECT(extract(f, "The year after the first World War-was marred by strife."),
           "World War/other");
    EXPECT(extract(f, "We must renew the Vocational Education Act-to help the young."),
           "Vocational Education Act/other");
    /* the hyphenated given name after a surname still joins ("Moon Jae-in") */
    EXPECT(extract(f, "President Moon Jae-in arrived."), "Moon Jae-in/person");
}

/* A law's title holds "and" and "Against" ("Family and Medical Leave Act", "Violence
 * Against Women Act"); elsewhere "and" still parts two names. */
static void test_law_titles(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Congress passed the Family and Medical Leave Act in 1993."),
           "Congress/org", "Family and Medical Leave Act/other");
    EXPECT(extract(f, "The Violence Against Women Act was renewed."),
           "Violence Against Women Act/other");
    EXPECT(extract(f, "The African Growth and Opportunity Act (AGOA) helps Kenya."),
           "African Growth and Opportunity Act/other", "Kenya/place"); /* AGOA: its alias */
    EXPECT(extract(f, "Officials from Kenya and Uganda met."), "Kenya/place", "Uganda/place");
    /* ... and may open with "No" */
    EXPECT(extract(f, "We must pass the No Child Left Behind Act now."),
           "No Child Left Behind Act/other");
}

/* Words that name nothing alone: an adverb of the large word list ("Federally"), the "Jr."
 * after a comma; places named by a wall, a seaway, the Everglades */
static void test_adverbs_suffixes_landmarks(void **state)
{
    fixture *f = *state;
    assert_int_equal(
        extract(f, "We need public works on Federal and Federally assisted construction.")->n, 0);
    EXPECT(extract(f, "Martin Luther King, Jr. spoke."), "Martin Luther King/person");
    EXPECT(extract(f, "We made progress since the Berlin Wall fell."), "Berlin Wall/place");
    EXPECT(extract(f, "They restored the Florida Everglades."), "Florida Everglades/place");
    EXPECT(extract(f, "Congress approved the St. Lawrence Seaway."), "Congress/org",
           "St. Lawrence Seaway/place");
    EXPECT(extract(f, "Larry Wall said he would come."), "Larry Wall/person");
    /* "Hall" and "Branch" alone are generic ("this hallowed Hall", "the Executive Branch") */
    assert_int_equal(extract(f, "Those of us in this hallowed Hall tonight must act.")->n, 0);
    assert_int_equal(extract(f, "He must nominate all top officials of the Executive Branch.")->n,
                     0);
    EXPECT(extract(f, "Stuart Hall spoke. We lead the Free World."), "Stuart Hall/person",
           "Free World/other");
    /* the yearly address is one name, not an organisation "Union Message" */
    EXPECT(extract(f, "Annual Message to the Congress on the State of the Union Message."),
           "Congress/org", "State of the Union/other");
}

/* English names of big cities that GeoNames names otherwise (data/cities.txt "+" lines) */
static void test_english_city_names(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Officials in Irbil and Fez agreed."), "Irbil/place", "Fez/place");
    EXPECT(extract(f, "They flew from Cologne to Seville."), "Cologne/place", "Seville/place");
    /* a town named like a person stays a person's given name before a surname */
    EXPECT(extract(f, "Geneva Smith spoke to reporters."), "Geneva Smith/person");
}

static void test_patronymic_surnames(void **state)
{
    fixture *f = *state;
    /* an English surname made of a given name and "s" is no given name starting a name */
    const bl_entity *e = find(extract(f, "Last month, I went to Andrews Air Force Base."),
                              "Andrews Air Force Base");
    assert_non_null(e);
    assert_int_not_equal(e->type, BL_ENTITY_PERSON);
    /* nor does it split the name it ends ("Tennessee" and "Williams") */
    assert_null(find(extract(f, "The play by Tennessee Williams opened in May."), "Tennessee"));
}

/* Mail and web pages carry markup: the words of a tag (its name, attributes and values, an
 * address in angle brackets) and codes such as "#C0C0C0" or "&Eacute;" are no text, and a
 * tag between two names keeps them apart. */
static void test_markup_words(void **state)
{
    const bl_entity_list *l = extract(*state, "<IMG HEIGHT=1 WIDTH=1 SRC=\"x.gif\"><FONT "
                                              "face=Arial>Peter Jones met Mary Smith in Boston."
                                              "</FONT> <TD BGCOLOR=\"#C0C0C0\">Caf&Eacute; "
                                              "owners</TD>");
    EXPECT(l, "Peter Jones/person", "Mary Smith/person", "Boston/place");
    l = extract(*state, "Peter Jones <PJones@Example.ORG> wrote:\n\nThe talks in Boston "
                        "ended.");
    EXPECT(l, "Peter Jones/person", "Boston/place");
    /* a character reference written onto a word is no part of it */
    l = extract(*state, "Mail from Chris Pirillo&nbsp;&nbsp;in Boston.");
    EXPECT(l, "Chris Pirillo/person", "Boston/place");
    /* nor are the words of a web or e-mail address */
    l = extract(*state, "Write to John.Smith@Example.org or see http://click.example.com/"
                        "News/TM and www.Example.com/Paris before Peter Jones calls.");
    EXPECT(l, "Peter Jones/person");
    /* a sign is no tag: the words after it are text */
    l = extract(*state, "If a <b then Peter Jones wins, said Mary Smith.");
    EXPECT(l, "Peter Jones/person", "Mary Smith/person");
    /* nor the words of a signed mail's armour lines */
    l = extract(*state, "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\nPeter Jones "
                        "wrote.\n-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----\n");
    EXPECT(l, "SHA1/other", "Peter Jones/person");
    /* nor a style sheet's fonts, though the style is too long to follow as a tag */
    l = extract(*state, "p { FONT-FAMILY: Comic Sans MS, Trebuchet MS, Geneva, \nArial; } "
                        "Peter Jones wrote.");
    EXPECT(l, "Peter Jones/person");
    /* in any case, and only where the text has the property: elsewhere the names count */
    l = extract(*state, "td { font-Family: Trebuchet MS, Geneva; } Peter Jones wrote.");
    EXPECT(l, "Peter Jones/person");
    l = extract(*state, "He typed: Trebuchet Mandel and Peter Jones replied.");
    EXPECT(l, "Trebuchet Mandel/person", "Peter Jones/person");
}

/* Interjections and greetings open no name ("Hi Tom,": the person is Tom), nor does a mail's
 * reply mark before its colon; inside a name such a word stays ("Bank Hey Street"). */
static void test_interjections(void **state)
{
    const bl_entity_list *l = extract(*state, "Hi Tom,\nOh, thanks for the note. Hello all, "
                                              "the meeting is in Boston.");
    EXPECT(l, "Tom/person", "Boston/place");
    l = extract(*state, "RE: Alexander Smith\nFwd: budget\nThe talks in Boston ended.");
    EXPECT(l, "Alexander Smith/person", "Boston/place");
    assert_non_null(find(extract(*state, "The shop on Bank Hey Street in Blackpool closed."),
                         "Bank Hey Street"));
    /* a word that calls, opening a sentence before its comma */
    l = extract(*state, "Man, these are the best beers, said Mary Smith.");
    EXPECT(l, "Mary Smith/person");
    /* a letter's greeting, a postscript's mark and an advertisement's mark */
    l = extract(*state, "DEAR SIR,\nI write from Boston.\nDear John,\nthanks.\n"
                        "P.S. Call Mary Smith.\nADV: Free mortgage quotes");
    EXPECT(l, "Boston/place", "John/person", "Mary Smith/person");
}

/* The label of a telephone number names nothing: opening its line, before a colon, or after
 * another number ("Fax" is a given name of the lists). */
static void test_phone_labels(void **state)
{
    const bl_entity_list *l = extract(*state, "Mary Smith\nDublin 4\nTel: 01 6188428\n"
                                              "Fax: 01 6602244\n");
    EXPECT(l, "Mary Smith/person", "Dublin/place");
    l = extract(*state, "Write to Mary Smith. Phone: 408.725.7136  Fax: 408.973.7239 or "
                        "Ph +353 1 8064276 Fax +353 1 8064247 any day.");
    EXPECT(l, "Mary Smith/person");
}

/* A common word shouted in capitals in ordinary text names nothing ("for FREE"), nor do the
 * abbreviations of mail and the web ("FAQ", "BTW"); acronyms that are names stay ("NATO"). */
static void test_shouted_words(void **state)
{
    const bl_entity_list *l = extract(*state, "Get the new phone for FREE today! It is a HUGE "
                                              "ISSUE, said Peter Jones of NATO.");
    EXPECT(l, "Peter Jones/person", "NATO/org");
    /* abbreviations of mail and the web name nothing */
    l = extract(*state, "BTW, the FAQ gives the URL of the HTML and XML files for your new "
                        "PC, said Peter Jones.");
    EXPECT(l, "Peter Jones/person");
    l = extract(*state, "Our ISP gave me a new IP address and an ID card on CD-ROM, said "
                        "Peter Jones in Boise, ID 83702.");
    EXPECT(l, "Peter Jones/person", "Boise/place", "Idaho/place");
    /* shouted words beside each other are still shouting */
    l = extract(*state, "To be removed, DO NOT REPLY to this message. You get HUGE PROFITS "
                        "with NO RISK, said Peter Jones of NATO.");
    EXPECT(l, "Peter Jones/person", "NATO/org");
}

/* A short common word or a given name's word shouted alone in a lower-case sentence names
 * nothing ("for BIG dollars", "with CASH."); after a determiner or before a noun it may be an
 * abbreviation and stays ("support to the SAC", "the ETHEL companies"). */
static void test_shouted_in_prose(void **state)
{
    const bl_entity_list *l = extract(*state, "I bought my own home with CASH. Resell them for "
                                              "BIG dollars, said Peter Jones. It runs on ONE "
                                              "battery and is worth CASH to you.");
    EXPECT(l, "Peter Jones/person");
    l = extract(*state, "Airstrikes gave support to the SAC. The ISAP, ILPAP and ETHEL "
                        "companies belong to OASA.");
    assert_non_null(find(l, "SAC"));
    assert_non_null(find(l, "ETHEL"));
}

/* A given name's word opening a sentence right before a pronoun is a verb ("Hope this
 * helps", "Will you come?"); before a verb it is still a person ("Hope said"). */
static void test_opening_given_verb(void **state)
{
    const bl_entity_list *l = extract(*state, "Buy it online from the UK.\n\nHope this is "
                                              "useful. Will you come? Mark it down, said "
                                              "Peter Jones.");
    EXPECT(l, "United Kingdom/place", "Peter Jones/person");
    l = extract(*state, "He left. Hope said that she would stay.");
    EXPECT(l, "Hope/person");
}

/* A letter's addressee mark before its colon names nothing ("ATTN: President"), as "Re:"
 * and "ADV:" do not. */
static void test_attn_mark(void **state)
{
    const bl_entity_list *l = extract(*state, "ATTN: President,\n\nI write to you. Attn: "
                                              "Peter Jones, Acme Corp.");
    EXPECT(l, "Peter Jones/person", "Acme Corp./org");
}

/* A name that opens with no given name and ends in a word of no list, before a bare model
 * number, is a product's ("Nikon Coolpix 995", "Leica Digilux 1"), not a person's; a listed
 * word ("Ben Player 12"), a letter ("Pentastar V 6") or a year ("Sydney 2000") is not one. */
static void test_model_number(void **state)
{
    const bl_entity_list *l = extract(*state, "Deals: Nikon Coolpix 995 for sale. Leica Digilux "
                                              "1: street shooter's digicam.");
    EXPECT(l, "Nikon Coolpix/other", "Leica Digilux/other");
    l = extract(*state, "He went to Sydney 2000 with Peter Jones, and Ben Player 12 times.");
    EXPECT(l, "Sydney/place", "Peter Jones/person", "Ben Player/person");
}

/* A word of a sovereign's style before "Majesty" names nothing ("Her Britannic Majesty"). */
static void test_style_epithets(void **state)
{
    const bl_entity_list *l = extract(*state, "The Government of Her Britannic Majesty will "
                                              "agree, said Martin Van Buren in Washington.");
    EXPECT(l, "Martin Van Buren/person", "Washington/place");
}

/* No person is named by common lower-case words alone ("Free Bonus", "Feedback"); a given
 * name among them is a person's ("Bill Gates"). */
static void test_common_words_no_person(void **state)
{
    const bl_entity_list *l = extract(*state, "You get a Free Bonus and General Feedback, "
                                              "said Bill Gates.");
    EXPECT(l, "Bill Gates/person");
}

/* A town named like a person is a place beside a listed place ("Dallas and Atlanta") and
 * as the home of a person just named ("C. Wheeler Barnes of Denver,"). */
static void test_town_by_place(void **state)
{
    const bl_entity_list *l = extract(*state, "Desegregation is beginning in two more cities, "
                                              "Dallas and Atlanta.");
    EXPECT(l, "Dallas/place", "Atlanta/place");
    l = extract(*state, "C. Wheeler Barnes of Denver, head of the lodge, praised him.");
    EXPECT(l, "C. Wheeler Barnes/person", "Denver/place");
    /* the same town as a person */
    l = extract(*state, "Later Lincoln said the war would end.");
    EXPECT(l, "Lincoln/person");
}

/* Titles of office that were missing: alone they name nobody ("the Special Rapporteur"),
 * and before a name they are cut off it ("Atty. Gen. J. Joseph Nugent"). */
static void test_office_titles(void **state)
{
    const bl_entity_list *l = extract(*state, "The Special Rapporteur notes with concern that "
                                              "the report from Geneva was late.");
    EXPECT(l, "Geneva/place");
    l = extract(*state, "He will take up the matter with Atty. Gen. J. Joseph Nugent in "
                        "Boston.");
    EXPECT(l, "J. Joseph Nugent/person", "Boston/place");
}

/* A US state's abbreviation after a town and its comma is the state, under its name, and
 * the town before it a place: AP style ("Temple, Pa.", "Princeton, N.J.,") and postal codes
 * before a ZIP code or at a line's end ("Boston, MA 02131"). */
static void test_state_abbreviations(void **state)
{
    const bl_entity_list *l = extract(*state, "Mr. Emmert, of Temple, Pa., came to see Dr. "
                                              "Hester of Princeton, N.J., on Monday.");
    EXPECT(l, "Emmert/person", "Temple/place", "Pennsylvania/place", "Hester/person",
           "Princeton/place", "New Jersey/place");
    l = extract(*state, "Write to us:\n44 Farquhar Street, Boston, MA 02131\nCall Peter "
                        "Jones.");
    assert_non_null(find(l, "Massachusetts"));
    assert_int_equal(find(l, "Massachusetts")->type, BL_ENTITY_PLACE);
    assert_non_null(find(l, "Boston"));
    assert_int_equal(find(l, "Boston")->type, BL_ENTITY_PLACE);
    assert_null(find(l, "MA"));
    /* elsewhere two capitals keep their own reading */
    l = extract(*state, "The MA program at Boston University, said Peter Jones, is full.");
    assert_null(find(l, "Massachusetts"));
    /* a postal code after "in" or "to" that ends its phrase; not a code that is a word */
    l = extract(*state, "I wish I was still in CA. He moved to TX, then to Boston. She "
                        "lives in ME.");
    EXPECT(l, "California/place", "Texas/place", "Boston/place");
    /* a postal code closing a town's address, before a comma, a stop, a dash or a lower-case
     * word; not after a person's name, nor a code that is a word or a degree */
    l = extract(*state, "Ian will play in San Rafael, CA, and Irvine, CA -- the tour ends "
                        "in Menlo Park, CA.");
    EXPECT(l, "Ian/person", "San Rafael/place", "California/place", "Irvine/place",
           "Menlo Park/place");
    l = extract(*state, "Bill Jones, NY, met Ann Hale, MA, in Boston.");
    assert_null(find(l, "New York"));
    assert_null(find(l, "Massachusetts"));
}

/* A dotted abbreviation in lower case is a word, not an organisation's acronym ("e.g.",
 * "i.e."); in capitals it stays one ("U.N."). */
static void test_lower_case_abbreviations(void **state)
{
    const bl_entity_list *l = extract(*state, "The term (as opposed to, e.g., the other one) "
                                              "was used, i.e. by Peter Jones at the U.N.");
    EXPECT(l, "Peter Jones/person", "United Nations/org");
}

/* A brand's spelling is no person's: CamelCase after three or more lower-case letters
 * ("ThinkGeek", "KindHearts") is an organisation's, a name holding a model code ("Sony
 * DAVC450") a product's; a person's "McDonald", "DeMarco" or "MacInnis" stays a person. */
static void test_brand_spelling(void **state)
{
    const bl_entity_list *l = extract(*state, "Shoppers love ThinkGeek, said the clerk.");
    EXPECT(l, "ThinkGeek/org");
    l = extract(*state, "Police said KindHearts was closed.");
    EXPECT(l, "KindHearts/org");
    l = extract(*state, "Ronald McDonald and Mike DeMarco met Rob MacInnis in Boston.");
    EXPECT(l, "Ronald McDonald/person", "Mike DeMarco/person", "Rob MacInnis/person",
           "Boston/place");
    const bl_entity *e = find(extract(*state, "Critics said Quarrin ZX450 was the best."),
                              "Quarrin ZX450");
    assert_non_null(e);
    assert_int_not_equal(e->type, BL_ENTITY_PERSON);
    /* with no vote at all, such a name of several words is no person by default */
    l = extract(*state, "Prices for Canon PowerShot G2 and Sony DAVC450 fell.");
    EXPECT(l, "Canon PowerShot G2/other", "Sony DAVC450/other");
}

/* An ideology's adherents are a group, as a faith's are ("Communist", "Marxists": other),
 * never a person; a party named by it stays an organisation ("Communist Party of China"). */
static void test_ideology_adherents(void **state)
{
    const bl_entity_list *l = extract(*state, "It was a major Communist victory, which dealt "
                                              "Berlin a blow.");
    EXPECT(l, "Communist/other", "Berlin/place");
    l = extract(*state, "The Nazi Party and the Communist Party of China met in Berlin.");
    EXPECT(l, "Nazi Party/org", "Chinese Communist Party/org", "Berlin/place");
}

/* A war's number written in figures is part of its name ("World War 2", as "World War
 * II"); a number after another event's name is not ("won the World Cup 3 times"). */
static void test_war_number(void **state)
{
    const bl_entity_list *l = extract(*state, "He was a veteran of World War 1. Before World "
                                              "War 2, homes were small.");
    EXPECT(l, "World War 1/other", "World War 2/other");
    assert_null(find(extract(*state, "Brazil won the World Cup 3 times."), "World Cup 3"));
}

/* Round w17's organisation rules: a word for a kind of body beside a name, an armed service
 * alone or before a title, a unit's ordinal, a country's own national body, an opening
 * quantifier, and abbreviations and periods that name nothing. */
static void test_org_kinds_and_services(void **state)
{
    EXPECT(extract(*state, "Police named members of the militant group Ansar al-Islam, which "
                           "is banned."),
           "Ansar al-Islam/org");
    EXPECT(extract(*state, "Last week he joined his Si Cumple party."), "Si Cumple/org");
    EXPECT(extract(*state, "It got fewer votes than either the Labor or Liberal parties."),
           "Labor/org", "Liberal/org");
    EXPECT(extract(*state, "Globovision president Guillermo Zuloaga spoke."), "Globovision/org",
           "Guillermo Zuloaga/person");
    EXPECT(extract(*state, "The former Navy secretary spoke. Clashes between Marines and "
                           "insurgents went on."),
           "Navy/org", "Marines/org");
    EXPECT(extract(*state, "They met Navy Capt. Jeff Davis."), "Jeff Davis/person");
    EXPECT(extract(*state, "Members of the 2nd Battalion met the 507th ARW."),
           "2nd Battalion/org", "507th ARW/org");
    EXPECT(extract(*state, "The American Red Cross opened shelters."), "American Red Cross/org");
    EXPECT(extract(*state, "Three U.S. Navy sailors were hurt."), "U.S. Navy/org");
    assert_int_equal(extract(*state, "An IED hit a UAV near an SUV.")->n, 0);
    assert_int_equal(extract(*state, "They lived there in the Middle Ages.")->n, 0);
}

/* Round w17org2: facilities end a place's name, a unit's number in figures is part of its
 * name, a superlative's phrase names nothing, and a champion's word is no part of a name. */
static void test_facilities_units_superlatives(void **state)
{
    EXPECT(extract(*state, "He was sent to the Quarrington Federal Correctional Complex last "
                           "year."),
           "Quarrington Federal Correctional Complex/place");
    EXPECT(extract(*state, "Divers explored the Vantrob Cave and the Quarrin Pavilion."),
           "Vantrob Cave/place", "Quarrin Pavilion/place");
    EXPECT(extract(*state, "The unit was redesignated 65 Fighter Wing on 24 July 1943."),
           "65 Fighter Wing/org");
    EXPECT(extract(*state, "It played at many of Miami's Hottest Venues."), "Miami/place");
    EXPECT(extract(*state, "He was drafted by the NFL Champion Baltimore Colts."), "NFL/org",
           "Baltimore Colts/org");
    EXPECT(extract(*state, "Olympic Champion Michael Phelps swam. The Champions League final "
                           "was held."),
           "Michael Phelps/person", "Champions League/org");
    assert_int_equal(extract(*state, "He is the current 2007 World Champion.")->n, 0);
}

/* Companies named like people (w18co): an example of a kind of company, alone or in a list
 * ("a company like Dell", "firms such as X, Dell and Harriet Quell"; not "people like"),
 * what is acquired, a job at it, its customers and shoppers, and one word between "a" and
 * a noun ("a Dell keyboard"; not "an Islamist militant") are organisations. */
static void test_companies_named_like_people(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Or you can get a machine from a cheaper company like Dell, and it works."),
           "Dell/org");
    EXPECT(extract(f, "Scandals at firms such as Vantrobix, Dell and Harriet Quell shook the market."),
           "Vantrobix/org", "Dell/org", "Harriet Quell/org");
    EXPECT(extract(f, "He met people like Harriet Quell at the fair."), "Harriet Quell/person");
    EXPECT(extract(f, "He sued companies including Vantrobix and Harriet Quell."),
           "Vantrobix/org", "Harriet Quell/org");
    EXPECT(extract(f, "The pencil unit was acquired by Harriet Quell in 1994."),
           "Harriet Quell/org");
    EXPECT(extract(f, "After the war he took a job at Harriet Quell in Holland."),
           "Harriet Quell/org", "Holland/place");
    EXPECT(extract(f, "Many Dell customers complained about the keyboards."), "Dell/org");
    EXPECT(extract(f, "Shoppers at Harriet Quell were angry."), "Harriet Quell/org");
    EXPECT(extract(f, "I have a Dell keyboard that fails."), "Dell/org");
    EXPECT(extract(f, "An Islamist militant was killed."), "Islamist/other");
    /* ... but not before a noun of someone who follows or serves a person */
    EXPECT(extract(f, "A man shouted at a Sanders volunteer."), "Sanders/person");
}

/* Software and mailing lists in mail (w18co): the name before "mailing list" names a list,
 * an organisation as a newspaper is; what only software has ("Perl modules", "the Linux
 * kernel") and a version's number after a name ("Red Hat 7.3", "release 8.0") make it
 * software, an "other" name; a quantity ("1.5 percent") and a common word ("Version 1.50")
 * are left alone. */
static void test_software_and_lists(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Thanks.\n_______________________________________________\n"
                      "Quarrin-Sightings mailing list\nhttp://lists.example.net/"),
           "Quarrin-Sightings/org");
    EXPECT(extract(f, "I rewrote it with Perl modules last week."), "Perl/other");
    EXPECT(extract(f, "The Linux kernel crashed again."), "Linux/other");
    EXPECT(extract(f, "I run Red Hat 7.3 on that box."), "Red Hat/other");
    EXPECT(extract(f, "Red Hat Linux release 8.0 (Psyche) is out."), "Red Hat Linux/other");
    EXPECT(extract(f, "Harriet Quell 2.1 came out."), "Harriet Quell/other");
    EXPECT(extract(f, "Prices rose in Germany 1.5 percent last year."), "Germany/place");
    assert_int_equal(extract(f, "Version 1.50 was released in December.")->n, 0);
}

/* "Fax" is in the Moby given-name list, but a fax names nothing (w18co: spam's person facet
 * had Fax in 99 documents). */
static void test_fax_word(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Please send a Fax to Harriet Quell today."), "Harriet Quell/person");
    assert_int_equal(extract(f, "We take orders by Fax or phone.")->n, 0);
}

/* A treaty or a battle is named after a place: the name after "the treaty of", "the battle
 * of" is that place, even when it opens with a given name ("Guadalupe"). */
static void test_named_after_place(void **state)
{
    const bl_entity_list *l = extract(*state, "Since the treaty of Guadalupe Hidalgo nothing "
                                              "has occurred, said Peter Jones.");
    EXPECT(l, "Guadalupe Hidalgo/place", "Peter Jones/person");
    l = extract(*state, "After the battle of Lincoln Grove the army withdrew.");
    EXPECT(l, "Lincoln Grove/place");
}

/* A party's adjective alone names no organisation ("Republican leaders", "a Republican
 * senator"); the party ("the Republican Party") and a noun that names it ("Labour") do. */
static void test_party_adjective(void **state)
{
    const bl_entity_list *l = extract(*state, "Republican leaders met a Democratic senator, "
                                              "said Bob Dole of the Republican Party.");
    EXPECT(l, "Bob Dole/person", "Republican Party/org");
    l = extract(*state, "I'm a Republican, said Bob Dole, and Labour lost.");
    EXPECT(l, "Bob Dole/person", "Labour Party/org");
}

/* The peoples of history are "other" names, as nations' peoples are ("the Romans", "the
 * Saxons", "Negroes"), not organisations or persons. */
static void test_peoples_of_history(void **state)
{
    const bl_entity_list *l = extract(*state, "So whenever the Romans finally withdrew from "
                                              "the island, the Saxons came.");
    EXPECT(l, "Romans/other", "Saxons/other");
}

/* A rank's grade is part of the title ("Private First Class", "Sergeant First Class"), not
 * of the name after it; a cabin class names nothing. */
static void test_rank_class(void **state)
{
    const bl_entity_list *l = extract(*state, "Private First Class James Markwell died in "
                                              "Iraq.");
    EXPECT(l, "James Markwell/person", "Iraq/place");
    l = extract(*state, "He flew First Class to Paris.");
    EXPECT(l, "Paris/place");
}

/* A listed law or programme whose last word is written in lower case is still that name
 * ("the GI bill": the listed GI Bill, not an organisation "GI"); an unlisted one is not joined. */
static void test_lower_case_law_word(void **state)
{
    const bl_entity_list *l = extract(*state, "In the wake of war, the GI bill sent a "
                                              "generation to college, said Peter Jones.");
    EXPECT(l, "GI bill/other", "Peter Jones/person");
    l = extract(*state, "The NATO plan failed, said Peter Jones.");
    EXPECT(l, "NATO/org", "Peter Jones/person");
}

/* "Vs." and "Versus" stand between two names and belong to neither ("Kramer Vs. Kramer",
 * "Texas Versus Oklahoma"). */
static void test_versus(void **state)
{
    const bl_entity_list *l = extract(*state, "Texas Versus Oklahoma was a draw, said Peter "
                                              "Jones.");
    EXPECT(l, "Texas/place", "Oklahoma/place", "Peter Jones/person");
}

/* A ballistic missile's abbreviation names nothing, as a drone's does ("the ICBM"); the
 * Testaments are books, "other" names as the Bible is. */
static void test_missiles_and_testaments(void **state)
{
    const bl_entity_list *l = extract(*state, "Even so, the ICBM still has a time of flight, "
                                              "said Peter Jones.");
    EXPECT(l, "Peter Jones/person");
    l = extract(*state, "The New Testament offered to the public today sold well.");
    EXPECT(l, "New Testament/other");
}

/* A listed place's dweller alone is an "other" name, as a demonym is ("a Minnesotan", "a
 * New Englander": New England). */
static void test_place_dwellers(void **state)
{
    const bl_entity_list *l = extract(*state, "A Minnesotan met a New Englander, said Peter "
                                              "Jones.");
    EXPECT(l, "Minnesotan/other", "New Englander/other", "Peter Jones/person");
}

/* A city's "Constitution" is its newspaper ("The Atlanta Constitution"), as a city's
 * "Herald" is. */
static void test_city_constitution(void **state)
{
    const bl_entity_list *l = extract(*state, "Brown A01 (news): The Atlanta Constitution");
    assert_non_null(find(l, "Atlanta Constitution"));
    assert_int_equal(find(l, "Atlanta Constitution")->type, BL_ENTITY_ORG);
}

/* A band or an orchestra named right after its noun is a body of performers, whatever its
 * name looks like ("the rock band Velvet Zorblin"). */
static void test_performer_kind(void **state)
{
    const bl_entity_list *l = extract(*state, "She was the singer of the rock band Velvet "
                                              "Zorblin until 2001.");
    assert_non_null(find(l, "Velvet Zorblin"));
    assert_int_equal(find(l, "Velvet Zorblin")->type, BL_ENTITY_ORG);
}

/* A museum and a hall of fame are organisations, with what follows "of" in their names
 * ("the Metropolitan Museum of Art", "the Hockey Hall of Fame"). */
static void test_museums(void **state)
{
    const bl_entity_list *l = extract(*state, "He saw the Metropolitan Museum of Art, then "
                                              "the Hockey Hall of Fame and the Quarrin "
                                              "Museum.");
    const char *names[] = {"Metropolitan Museum of Art", "Hockey Hall of Fame",
                           "Quarrin Museum"};
    for (size_t k = 0; k < 3; k++) {
        assert_non_null(find(l, names[k]));
        assert_int_equal(find(l, names[k])->type, BL_ENTITY_ORG);
    }
}

/* A listed organisation then "of" and a word no list knows stays an organisation, the
 * country's name with it ("the Labour Party of Quarrin"): the name never disappears. */
static void test_listed_org_of(void **state)
{
    const bl_entity_list *l = extract(*state, "He joined the Labour Party of Quarrin.");
    assert_non_null(find(l, "Labour Party of Quarrin"));
    assert_int_equal(find(l, "Labour Party of Quarrin")->type, BL_ENTITY_ORG);
    l = extract(*state, "He joined the Labour Party of Kenya.");
    assert_non_null(find(l, "Labour Party"));
    assert_int_equal(find(l, "Labour Party")->type, BL_ENTITY_ORG);
    assert_non_null(find(l, "Kenya"));
}

/* A possessor before "Hall of Fame" names it, in tokenised text too ("Badminton Canada 's
 * Hall of Fame"): no lone "Fame" left as a partial of another hall of fame. */
static void test_possessor_hall_of_fame(void **state)
{
    const char *text = "There is also a USA Badminton Hall of Fame and a Badminton Canada 's "
                       "Hall of Fame .";
    const bl_entity_list *l = extract(*state, text);
    assert_null(find(l, "Fame"));
    const bl_entity *e = find(l, "USA Badminton Hall of Fame");
    assert_non_null(e);
    assert_int_equal(e->type, BL_ENTITY_ORG);
    /* the second hall is a mention "Hall of Fame" of it (a partial name), not "Fame" */
    int hall = 0;
    for (size_t i = 0; i < e->n_mentions; i++) {
        size_t s = e->mentions[2 * i], n = e->mentions[2 * i + 1] - s;
        assert_false(n == 4 && memcmp(text + s, "Fame", 4) == 0);
        hall |= n == 12 && memcmp(text + s, "Hall of Fame", 12) == 0;
    }
    assert_true(hall);
}

/* The "Fame" of "the Hall of Fame" without its hall is no name, nor a partial of a named
 * hall of fame of the same text. */
static void test_lone_fame(void **state)
{
    const bl_entity_list *l = extract(*state, "The Hockey Hall of Fame is big . The Hall of "
                                              "Fame is old .");
    EXPECT(l, "Hockey Hall of Fame/org");
    assert_int_equal(find(l, "Hockey Hall of Fame")->count, 1);
}

/* A place, a word for a kind of place that goes on with its name ("Bay", a given name
 * too), then a plural no list knows: a team named after the place, one organisation ("the
 * Tampa Bay Devil Rays"); "Tampa Bay" alone stays a place. */
static void test_bay_team(void **state)
{
    const bl_entity_list *l = extract(*state, "He played for the Tampa Bay Devil Rays.");
    EXPECT(l, "Tampa Bay Devil Rays/org");
    l = extract(*state, "He lived in Tampa Bay.");
    EXPECT(l, "Tampa Bay/place");
}

/* A radio station's number after "Radio" is part of its name ("BBC Radio 4"), not a count
 * ("Radio 2 million listeners"). */
static void test_station_number(void **state)
{
    const bl_entity_list *l = extract(*state, "She joined BBC Radio 4 in 2005.");
    assert_non_null(find(l, "BBC Radio 4"));
    assert_int_equal(find(l, "BBC Radio 4")->type, BL_ENTITY_ORG);
    l = extract(*state, "Vatican Radio 2 million listeners heard it.");
    assert_non_null(find(l, "Vatican Radio"));
}

/* One word, "&" and a capitalised word name a firm ("Procter & Gamble", "Ernst & Young"),
 * as any name does before "& Co." ("Merrill Lynch & Co.");
 * two persons stay two ("David Christison & Lee Tate"), as two places do. */
static void test_ampersand_firm(void **state)
{
    const bl_entity_list *l = extract(*state, "Shares of Procter & Gamble rose, and Ernst & "
                                              "Young audited Marks & Spencer.");
    EXPECT(l, "Procter & Gamble/org", "Ernst & Young/org", "Marks & Spencer/org");
    l = extract(*state, "The show is hosted by David Christison & Lee Tate.");
    EXPECT(l, "David Christison/person", "Lee Tate/person");
    l = extract(*state, "She sang R & B songs.");
    assert_int_equal(l->n, 0);
    /* a partners' word after "&" ends a firm's name of any length */
    l = extract(*state, "Shares of Merrill Lynch & Co. rose.");
    EXPECT(l, "Merrill Lynch & Co./org");
}

/* A name beside "radio station" or "television station" is a broadcaster ("Nepal FM radio
 * station", "the radio station Zorblin"); a band named in apposition is one ("His band,
 * Gigi, was formed in 1994"). */
static void test_broadcast_station(void **state)
{
    const bl_entity_list *l = extract(*state, "The court halted the closure of Nepal FM radio "
                                              "station on Monday.");
    EXPECT(l, "Nepal FM/org");
    l = extract(*state, "He spoke to the radio station Zorblin on Monday.");
    EXPECT(l, "Zorblin/org");
    l = extract(*state, "Her new band, Marisa Cole, played on Monday.");
    EXPECT(l, "Marisa Cole/org");
}

/* A city's "Bee", "Register", "Enquirer" or "Telegram" is its newspaper, as its
 * "Constitution" is ("the Sacramento Bee", "the Fort Worth Star-Telegram"). */
static void test_city_papers(void **state)
{
    const bl_entity_list *l = extract(*state, "The story ran in the Sacramento Bee and the "
                                              "Fort Worth Star-Telegram.");
    EXPECT(l, "Sacramento Bee/org", "Fort Worth Star-Telegram/org");
}

/* A player's move to a club named by a state that is also a given name: after "the" the
 * given name opens no person's name ("played for the Florida Gators"). */
static void test_club_after_the(void **state)
{
    const bl_entity_list *l = extract(*state, "He played for the Florida Gators.");
    EXPECT(l, "Florida Gators/org");
    l = extract(*state, "He played with Jordan Henderson.");
    EXPECT(l, "Jordan Henderson/person");
}

/* Business newswire (w19biz): a clause that refers back to its subject with "its" or with
 * an "it" that opens what the subject said, before any "he" or "she", makes the subject a
 * company ("Zentrix said on Tuesday its profit rose"); so do a verb of accounts with their
 * noun ("Corvell reported net income"), ", which" after it, and the market's people at it or a
 * price put on it.  A person with an empty "it" ("it was raining"), a person's pronoun later
 * in the sentence, a passive ("has been liberated after its") and a place after "in" are left
 * alone. */
static void test_company_clause(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Zentrix said on Tuesday its third-quarter profit rose 12 percent."),
           "Zentrix/org");
    EXPECT(extract(f, "Quorvane said it would cut 300 jobs at its plant in Ohio."),
           "Quorvane/org", "Ohio/place");
    EXPECT(extract(f, "Corvell reported net income of $4 million."), "Corvell/org");
    EXPECT(extract(f, "Gravelle posted a quarterly loss of $10 million."), "Gravelle/org");
    EXPECT(extract(f, "Kestrel and its partners bought the mine."), "Kestrel/org");
    EXPECT(extract(f, "Velmont, which makes car parts, said sales fell."), "Velmont/org");
    EXPECT(extract(f, "Harlan said it was raining when he left the stadium."),
           "Harlan/person");
    EXPECT(extract(f, "Tomlin said it was too early to tell."), "Tomlin/person");
    EXPECT(extract(f, "Merkel said on Monday she would not seek re-election."),
           "Merkel/person");
    EXPECT(extract(f, "Kessler reported the news to police."), "Kessler/person");
    /* an "it" with an empty verb, a person's pronoun after the noun of accounts, what a place
     * has, where a place lies */
    EXPECT(extract(f, "Whitmore said it would take time to rebuild."), "Whitmore/person");
    EXPECT(extract(f, "Kerrigan said sales of his book rose."), "Kerrigan/person");
    assert_int_equal(extract(f, "Haverford and its suburbs lost power.")->n, 0);
    assert_int_equal(extract(f, "Drayton, which lies north of the river, flooded.")->n, 0);
    /* a name of common words alone is left to the other rules ("the Budget, which") */
    assert_int_equal(extract(f, "He sent the Economic Report, which I shall submit soon.")->n, 0);
}

static void test_market_context(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Analysts at Drayfield said the deal was fair."), "Drayfield/org");
    EXPECT(extract(f, "The deal values Pellacorp at $2 billion."), "Pellacorp/org");
    EXPECT(extract(f, "Traders in London said the pound was weak."), "London/place");
    /* a plural for firms or market people opening the sentence is no part of the name after
     * it, and a firms' plural names each firm of its list */
    EXPECT(extract(f, "Brokers Castellane and Varrow advised the board."), "Castellane/org",
           "Varrow/org");
    EXPECT(extract(f, "Analysts Quarrin and Telbaum said the deal was fair."),
           "Quarrin/person", "Telbaum/person");
    EXPECT(extract(f, "Times Square was crowded."), "Times Square/place");
    /* a company's accounts after its possessive; a merger of or with it */
    EXPECT(extract(f, "Zentrix's net profit rose 12 percent in the third quarter."),
           "Zentrix/org");
    EXPECT(extract(f, "Corvell's revenue fell in 1996."), "Corvell/org");
    EXPECT(extract(f, "The merger of Drayfield and Fendmark will create a giant."),
           "Drayfield/org", "Fendmark/org");
    EXPECT(extract(f, "Smith's sales pitch failed."), "Smith/person");
    /* income, earnings and losses are a person's too: after a possessive they need a word
     * only firms' accounts have, and a person's pronoun later in the sentence says whose */
    EXPECT(extract(f, "The filing showed that Dremmel's quarterly income rose."),
           "Dremmel/org");
    const bl_entity *e;
    e = find(extract(f, "The filing showed that Dremmel's net income was $400,000."),
             "Dremmel");
    assert_true(!e || e->type != BL_ENTITY_ORG);
    EXPECT(extract(f, "The filing showed that Halvorsen reported income of $2 million last "
                      "year, his aides said."),
           "Halvorsen/person");
}

/* Deals (w21deal): a name bought for a price, and its buyer, are companies; so is a
 * company's acquisition; not a listed place, a given name, nor a lower-case object. */
static void test_company_deal(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Fendmark agreed to buy Drayfield for $300 million."), "Fendmark/org",
           "Drayfield/org");
    EXPECT(extract(f, "Velmont agreed to acquire Carrowby in a deal worth $2 billion."),
           "Velmont/org", "Carrowby/org");
    EXPECT(extract(f, "Tarsido will take over Bremmlin for $45 a share."), "Tarsido/org",
           "Bremmlin/org");
    EXPECT(extract(f, "Fendmark's acquisition of Drayfield was approved."), "Drayfield/org");
    EXPECT(extract(f, "Dorn agreed to buy the house for $300,000."), "Dorn/person");
    EXPECT(extract(f, "Jefferson bought Louisiana for $15 million."), "Jefferson/person",
           "Louisiana/place");
    const bl_entity *e =
        find(extract(f, "Real Madrid bought Ronaldo for 80 million pounds."), "Ronaldo");
    assert_true(!e || e->type != BL_ENTITY_ORG);
}

/* Markets (w21deal): trading in a name no list places, stopped or in its shares, makes it a
 * company; "shares" before a determiner is a verb. */
static void test_company_trading(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Trading in Quorvane was suspended."), "Quorvane/org");
    EXPECT(extract(f, "Trading in Velmont shares was halted."), "Velmont/org");
    EXPECT(extract(f, "Trading in Velmont resumed on Monday."), "Velmont/org");
    EXPECT(extract(f, "Trading in London was quiet."), "London/place");
    EXPECT(extract(f, "Trading in Germany was halted."), "Germany/place");
    EXPECT(extract(f, "Quorvane shares rose 5 percent."), "Quorvane/org");
    EXPECT(extract(f, "Dorn shares his view with the committee."), "Dorn/person");
}

/* World newswire (w20pol): a body's lower-case noun before its name set off by commas, or
 * after the name in an apposition, makes it that body; not a clause's subject after a
 * fronted phrase, nor a person's apposition. */
static void test_body_apposition(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "The Ostran parliament, the Volkstag, approved the budget."),
           "Volkstag/org");
    EXPECT(extract(f, "The electoral commission, the Izborna Komisija, said turnout was 61 "
                      "percent."),
           "Izborna Komisija/org");
    EXPECT(extract(f, "Elections to the Sejmar, the country's lower house, will be held in "
                      "May."),
           "Sejmar/org");
    EXPECT(extract(f, "After leaving the army, Dorn joined the police."), "Dorn/person");
    EXPECT(extract(f, "Kessler, the committee's chairman, opened the hearing."),
           "Kessler/person");
    EXPECT(extract(f, "His lawyer, Karl Dorn, said the verdict would be appealed."),
           "Karl Dorn/person");
    EXPECT(extract(f, "The capital, Kelm, was calm on Monday."), "Kelm/place");
    /* a person's name after a fronted phrase; a body that is the object of "of" or "by"; a
     * clause's subject after the name */
    EXPECT(extract(f, "At a hearing held by an appeals court, Warren Dremmel, the former "
                      "envoy, spoke."),
           "Warren Dremmel/person");
    const bl_entity *e = find(extract(f, "The fifth member and president of the tribunal, "
                                         "Karel Vostrik, has a world-wide reputation."),
                              "Karel Vostrik");
    assert_true(e && e->type == BL_ENTITY_PERSON);
    e = find(extract(f, "But here, unlike Quarrinby, the trial court was ordered to act."),
             "Quarrinby");
    assert_true(!e || e->type != BL_ENTITY_ORG);
}

/* Two one-word names after "talks between" or "negotiators from" are countries; not a
 * meeting of two people, nor two persons' full names. */
static void test_country_pairs(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "Negotiators from Drava and Kelmora met in Geneva."), "Drava/place",
           "Kelmora/place", "Geneva/place");
    EXPECT(extract(f, "Talks between Drava and Kelmora resumed in Vienna on Friday."),
           "Drava/place", "Kelmora/place", "Vienna/place");
    EXPECT(extract(f, "The ministers met in Brussels with envoys from Kelmora and Sarnia."),
           "Brussels/place", "Kelmora/place", "Sarnia/place");
    EXPECT(extract(f, "The talks between Karl Dorn and Anna Kovec failed."),
           "Karl Dorn/person", "Anna Kovec/person");
    const bl_entity *e = find(extract(f, "A meeting between Dorn and Kessler ended without "
                                         "agreement."),
                              "Kessler");
    assert_true(!e || e->type != BL_ENTITY_PLACE);
}

/* A news agency, a weekly, a movement named beside its noun; not a creed's adjective in
 * -ist ("the Zionist movement"), nor a compound ("News-agency reports"). */
static void test_news_agency_movement(void **state)
{
    fixture *f = *state;
    EXPECT(extract(f, "The state news agency Varnpress said the talks had failed."),
           "Varnpress/org");
    EXPECT(extract(f, "The weekly Tjednik published the leaked documents."), "Tjednik/org");
    const bl_entity *e = find(extract(f, "Play our games and win weekly Prizes today."),
                              "Prizes");
    assert_true(!e || e->type != BL_ENTITY_ORG);
    EXPECT(extract(f, "The opposition Renewal movement called for a strike in Kelm."),
           "Renewal/org", "Kelm/place");
    assert_int_equal(extract(f, "The Zionist movement grew in the 1890s.")->n, 0);
    /* a party's name with "and" inside, before its lower-case noun; not before its people */
    EXPECT(extract(f, "The opposition Freedom and Reform party boycotted the vote."),
           "Freedom and Reform/org");
    EXPECT(extract(f, "The Peace and Progress movement won two seats."),
           "Peace and Progress/org");
    assert_null(find(extract(f, "The Freedom and Reform party leaders met on Monday."),
                     "Freedom and Reform"));
    EXPECT(extract(f, "News-agency reports from Sevastopol say the crowd shouted."),
           "Sevastopol/place");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_title_stripped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_law_titles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_adverbs_suffixes_landmarks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_english_city_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_initials_and_openers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_place_parts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_apposition_before, setup, teardown),
        cmocka_unit_test_setup_teardown(test_given_place_person, setup, teardown),
        cmocka_unit_test_setup_teardown(test_known_defects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sports_teams, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sports_newswire, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nationality_in_org_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plural_possessive_org, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parliaments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_company_holdings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_definition_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ships, setup, teardown),
        cmocka_unit_test_setup_teardown(test_name_particles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_acronym_alias, setup, teardown),
        cmocka_unit_test_setup_teardown(test_company_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_possessive_inside_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_possessive_institution, setup, teardown),
        cmocka_unit_test_setup_teardown(test_listed_acronym_defined, setup, teardown),
        cmocka_unit_test_setup_teardown(test_possessor_no_partial, setup, teardown),
        cmocka_unit_test_setup_teardown(test_possessive_institution_headline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_place_nouns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_town_named_like_person, setup, teardown),
        cmocka_unit_test_setup_teardown(test_place_then_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_definition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_org_head_adjective, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demonym_polity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_service, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abbreviation_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ordinal_unit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_to_addressed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ties_not_person, setup, teardown),
        cmocka_unit_test_setup_teardown(test_org_name_tail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_city_comma_abbreviation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leader_of, setup, teardown),
        cmocka_unit_test_setup_teardown(test_town_as_surname, setup, teardown),
        cmocka_unit_test_setup_teardown(test_initial_subject, setup, teardown),
        cmocka_unit_test_setup_teardown(test_month_may, setup, teardown),
        cmocka_unit_test_setup_teardown(test_generic_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_words_before_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_company_context, setup, teardown),
        cmocka_unit_test_setup_teardown(test_month_given_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_person_verbs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_before_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_inside_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_member, setup, teardown),
        cmocka_unit_test_setup_teardown(test_apposition_based, setup, teardown),
        cmocka_unit_test_setup_teardown(test_based_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_connector_two_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_programmes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_more_person_verbs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_org_kind_nouns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_who_and_age, setup, teardown),
        cmocka_unit_test_setup_teardown(test_common_abbreviations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_auxiliary_subject, setup, teardown),
        cmocka_unit_test_setup_teardown(test_regions_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_word_classes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_none, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_sentence_start, setup, teardown),
        cmocka_unit_test(test_model_table),
        cmocka_unit_test_setup_teardown(test_doctrine_not_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_place_kind_of_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_town_then_the_country, setup, teardown),
        cmocka_unit_test_setup_teardown(test_near_arabic_article, setup, teardown),
        cmocka_unit_test_setup_teardown(test_surname_of_persons_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_faker_given_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_place_dweller_before_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_more_titles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nickname_in_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_abbreviation_no_given_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_title_before_brand, setup, teardown),
        cmocka_unit_test_setup_teardown(test_brand_as_surname, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dash_after_listed_word, setup, teardown),
        cmocka_unit_test_setup_teardown(test_patronymic_surnames, setup, teardown),
        cmocka_unit_test_setup_teardown(test_markup_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interjections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shouted_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shouted_in_prose, setup, teardown),
        cmocka_unit_test_setup_teardown(test_opening_given_verb, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attn_mark, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_number, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phone_labels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_common_words_no_person, setup, teardown),
        cmocka_unit_test_setup_teardown(test_style_epithets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_town_by_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_office_titles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_abbreviations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lower_case_abbreviations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_brand_spelling, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ideology_adherents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_war_number, setup, teardown),
        cmocka_unit_test_setup_teardown(test_org_kinds_and_services, setup, teardown),
        cmocka_unit_test_setup_teardown(test_facilities_units_superlatives, setup, teardown),
        cmocka_unit_test_setup_teardown(test_companies_named_like_people, setup, teardown),
        cmocka_unit_test_setup_teardown(test_software_and_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fax_word, setup, teardown),
        cmocka_unit_test_setup_teardown(test_named_after_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_party_adjective, setup, teardown),
        cmocka_unit_test_setup_teardown(test_peoples_of_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rank_class, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lower_case_law_word, setup, teardown),
        cmocka_unit_test_setup_teardown(test_versus, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missiles_and_testaments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_place_dwellers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_city_constitution, setup, teardown),
        cmocka_unit_test_setup_teardown(test_performer_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_museums, setup, teardown),
        cmocka_unit_test_setup_teardown(test_station_number, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ampersand_firm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_broadcast_station, setup, teardown),
        cmocka_unit_test_setup_teardown(test_city_papers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_club_after_the, setup, teardown),
        cmocka_unit_test_setup_teardown(test_listed_org_of, setup, teardown),
        cmocka_unit_test_setup_teardown(test_possessor_hall_of_fame, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bay_team, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lone_fame, setup, teardown),
        cmocka_unit_test_setup_teardown(test_company_clause, setup, teardown),
        cmocka_unit_test_setup_teardown(test_market_context, setup, teardown),
        cmocka_unit_test_setup_teardown(test_company_deal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_company_trading, setup, teardown),
        cmocka_unit_test_setup_teardown(test_body_apposition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_country_pairs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_news_agency_movement, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
