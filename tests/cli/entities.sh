#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Command-line tests for the index-wide entity dictionary (lib/entity_dict.c): forgiving
# entity filters (person:Modi, place:USA, org:ECB, org:ISRO), byline-search --entities, the
# note and suggestion when a filter names no entity, facet counts equal to filter counts,
# generic words kept out of facets (institutions named by their kind and legal forms too),
# the dictionary kept current when files are changed and pruned, facets over two
# xapian-tcpsrv shards equal to local ones, and an index of an older format refused with a
# message saying how to rebuild.
#
# Fixture: tests/data/entities/ (seven short news reports written for these tests) and the
# sample corpus.  Usage: BUILD=build sh tests/cli/entities.sh
set -u
. "$(dirname "$0")/lib.sh"   # IDX, SRCH, ROOT; ok, bad, cli_finish; start_tcpsrv
cli_init entities            # $T
cli_servers                  # the EXIT trap also stops the shard servers started below

if ! command -v python3 >/dev/null 2>&1; then
    echo "skip - python3 is not installed"
    exit 0
fi

search() { timeout 60 "$SRCH" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
# ids DB QUERY: the sorted ids of every hit, comma-separated
ids() {
    timeout 60 "$SRCH" -d "$1" --no-snippets --limit 1000 --format jsonl "$2" 2>/dev/null |
        python3 -c 'import sys, json
print(",".join(sorted(json.loads(l)["id"] for l in sys.stdin if "\"id\"" in l)))'
}
expect_ids() { # expect_ids DB QUERY IDS
    got=$(ids "$1" "$2")
    if [ "$got" = "$3" ]; then ok "$2 finds $3"; else bad "$2 finds $3" "got: $got"; fi
}

mkdir -p "$T/news"
cp "$ROOT"/tests/data/entities/*.md "$T/news/"
"$IDX" -q -d "$T/news.db" "$T/news" || bad "indexing the fixture"

# ---- forgiving filters --------------------------------------------------------------------
DB="$T/news.db"
expect_ids "$DB" "person:Modi" "modi-space.md,modi-visit.md,modi-washington.md"
expect_ids "$DB" "person:MODI" "modi-space.md,modi-visit.md,modi-washington.md"
expect_ids "$DB" "person:Narendra" "modi-space.md,modi-visit.md,modi-washington.md"
expect_ids "$DB" "place:USA" "fed-powell.md,modi-washington.md,powell-congress.md"
expect_ids "$DB" "place:U.S." "fed-powell.md,modi-washington.md,powell-congress.md"
expect_ids "$DB" "org:ECB" "ecb-rates.md"
expect_ids "$DB" "org:ISRO" "modi-space.md"
expect_ids "$DB" "person:Lagarde" "ecb-rates.md"
expect_ids "$DB" "person:Powell" "fed-powell.md,powell-congress.md"
# (fed-powell.md writes "Federal Reserve Chair Jerome Powell": the title is cut off the name)
expect_ids "$DB" 'person:"Jerome Powell"' "fed-powell.md,powell-congress.md"
expect_ids "$DB" 'person:“Jerome Powell”' "fed-powell.md,powell-congress.md"
expect_ids "$DB" "person:Lagärde" "ecb-rates.md"
# a surname is not a place: the type still counts
expect_ids "$DB" "place:Modi" ""

# ---- a filter that names no entity ------------------------------------------------------
search -d "$DB" --no-snippets person:Modo
if [ "$rc" = 1 ] && grep -q "no person matches Modo; nearest: Narendra Modi" "$T/err"; then
    ok "person:Modo: exit 1, stderr names the nearest person"
else
    bad "person:Modo: exit 1, stderr names the nearest person" "rc=$rc $(cat "$T/err")"
fi
grep -q 'Did you mean: person:"Narendra Modi"' "$T/out" && ok "person:Modo: Did you mean" ||
    bad "person:Modo: Did you mean" "$(cat "$T/out")"
search -d "$DB" --format json person:Modo
sugg=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["suggestion"])' "$T/out")
[ "$sugg" = 'person:"Narendra Modi"' ] && ok "JSON suggestion for person:Modo" ||
    bad "JSON suggestion for person:Modo" "$sugg"
[ ! -s "$T/err" ] && ok "JSON mode: nothing on stderr" || bad "JSON mode: nothing on stderr" "$(cat "$T/err")"

# ---- --entities -------------------------------------------------------------------------
search -d "$DB" --entities modi
if [ "$rc" = 0 ] && grep -q "3  person  Narendra Modi  (also: Modi)" "$T/out"; then
    ok "--entities modi (text)"
else
    bad "--entities modi (text)" "rc=$rc $(cat "$T/out" "$T/err")"
fi
search -d "$DB" --entities modi --format json
python3 - "$T/out" <<'EOF' && ok "--entities modi (json)" || bad "--entities modi (json)" "$(cat "$T/out")"
import json, sys
e = json.load(open(sys.argv[1]))["entities"]
assert e[0] == {"name": "Narendra Modi", "key": "narendra modi", "type": "person",
                "documents": 3, "aliases": ["Modi"]}, e
EOF
search -d "$DB" --entities european --type org --format json
python3 - "$T/out" <<'EOF' && ok "--entities european --type org: orgs, most documents first" || bad "--entities european --type org" "$(cat "$T/out")"
import json, sys
e = json.load(open(sys.argv[1]))["entities"]
names = [x["name"] for x in e]
assert "European Central Bank" in names and "European Commission" in names, names
assert all(x["type"] == "org" for x in e), e
assert [x["documents"] for x in e] == sorted((x["documents"] for x in e), reverse=True)
ecb = [x for x in e if x["name"] == "European Central Bank"][0]
assert "ECB" in ecb["aliases"], ecb
EOF
search -d "$DB" --entities zzzz
[ "$rc" = 1 ] && ok "--entities with no match: exit 1" || bad "--entities with no match: exit 1" "rc=$rc"
search -d "$DB" --entities modi india
[ "$rc" = 2 ] && grep -q "takes no query" "$T/err" && ok "--entities with a query: usage error" || bad "--entities with a query: usage error" "rc=$rc"
search -d "$DB" --type person modi
[ "$rc" = 2 ] && ok "--type without --entities: usage error" || bad "--type without --entities: usage error" "rc=$rc"
search -d "$DB" --entities modi --type people
[ "$rc" = 2 ] && ok "--type people: usage error" || bad "--type people: usage error" "rc=$rc"

# ---- facets: generic words out, counts equal to filters ------------------------------------
"$IDX" -q -d "$T/sotu.db" "$ROOT/corpus/sotu-1945-2018.jsonl" || bad "indexing the sample corpus"
for q in economy "NOT zzzqqq"; do
    search -d "$T/sotu.db" --limit 0 --format json --facets person,place,org,other:5 "$q"
    cp "$T/out" "$T/facets.json"
    python3 - "$T/facets.json" > "$T/facets.txt" <<'EOF'
import json, sys
f = json.load(open(sys.argv[1]))["facets"]
for t, items in f.items():
    for i in items:
        print(t, i["count"], i["key"], sep="\t")
EOF
    generic=$(cut -f3 "$T/facets.txt" | grep -x -E "government|federal government|administration|union|west|north|department|chair|secretary|president" || true)
    [ -z "$generic" ] && ok "$q: no generic words among the facets" || bad "$q: no generic words among the facets" "$generic"
    mismatch=""
    while IFS="$(printf '\t')" read -r type count key; do
        search -d "$T/sotu.db" --limit 0 --exact --format json "($q) $type:\"$key\""
        got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$T/out")
        [ "$got" = "$count" ] || mismatch="$mismatch $type:$key facet=$count filter=$got;"
    done < "$T/facets.txt"
    [ -z "$mismatch" ] && ok "$q: every facet count equals its filter's count ($(wc -l < "$T/facets.txt") facets)" ||
        bad "$q: every facet count equals its filter's count" "$mismatch"
done

# ---- institutions named by their kind, and legal forms alone, are no facet -----------------
mkdir -p "$T/kinds"
printf 'Kind words\n\nThe Assembly voted on Monday in Geneva. The Secretariat said the Organization would meet in Paris. The University and the College disagreed, said Maria Lopez. Smith and Co. sold it, Inc. said.\n' > "$T/kinds/kinds.txt"
"$IDX" -q -d "$T/kinds.db" "$T/kinds" || bad "indexing the kind words"
search -d "$T/kinds.db" --limit 0 --format json --facets person,place,org,other '*'
got=$(python3 -c 'import json,sys
f = json.load(open(sys.argv[1]))["facets"]
print(",".join(sorted(i["key"] for t in f for i in f[t])))' "$T/out")
[ "$got" = "geneva,maria lopez,paris,smith and co." ] &&
    ok "kind words and legal forms alone are no facet" ||
    bad "kind words and legal forms alone are no facet" "got: $got"

# ---- the two ways of counting facets agree ---------------------------------------------
# A broad match is counted by a walk of the dictionary bounded by term frequencies, a narrow
# one by Xapian's value-count spies; BYLINE_FACET_BOUND_MIN (matches from which the walk is
# tried) forces either.
for q in economy "NOT zzzqqq" war "place:USA"; do
    BYLINE_FACET_BOUND_MIN=1 search -d "$T/sotu.db" --limit 0 --facets person,place,org,other:20 "$q"
    cp "$T/out" "$T/walk"
    BYLINE_FACET_BOUND_MIN=1000000000 search -d "$T/sotu.db" --limit 0 --facets person,place,org,other:20 "$q"
    if [ -s "$T/out" ] && cmp -s "$T/walk" "$T/out"; then
        ok "$q: bounded walk == spies"
    else
        bad "$q: bounded walk == spies" "$(diff "$T/walk" "$T/out" | head)"
    fi
done

# ---- upkeep: replace, delete (--prune) ---------------------------------------------------
count_of() { # count_of DB TEXT: documents of the first --entities match
    timeout 60 "$SRCH" -d "$1" --entities "$2" --format json |
        python3 -c 'import json,sys; e=json.load(sys.stdin)["entities"]; print(e[0]["documents"] if e else 0)'
}
[ "$(count_of "$DB" lagarde)" = 1 ] || bad "Lagarde counted once before the edit"
sed 's/Christine Lagarde/Isabel Schnabel/' "$T/news/ecb-rates.md" > "$T/edit" && mv "$T/edit" "$T/news/ecb-rates.md"
touch -d '+1 minute' "$T/news/ecb-rates.md" 2>/dev/null || touch "$T/news/ecb-rates.md"
"$IDX" -q -d "$DB" "$T/news"
c=$(count_of "$DB" lagarde)
[ "$c" = 0 ] && ok "replace: Lagarde gone from the dictionary" || bad "replace: Lagarde gone from the dictionary" "documents=$c"
[ "$(count_of "$DB" schnabel)" = 1 ] && ok "replace: Schnabel in the dictionary" || bad "replace: Schnabel in the dictionary"
expect_ids "$DB" "person:Lagarde" ""
[ "$(count_of "$DB" modi)" = 3 ] || bad "Modi in 3 documents before the prune"
rm "$T/news/modi-space.md"
"$IDX" -q --prune -d "$DB" "$T/news"
c=$(count_of "$DB" modi)
[ "$c" = 2 ] && ok "--prune: Modi now in 2 documents" || bad "--prune: Modi now in 2 documents" "documents=$c"
search -d "$DB" --entities isro
[ "$rc" = 1 ] && ok "--prune: ISRO gone (its only document was pruned)" || bad "--prune: ISRO gone" "$(cat "$T/out")"
expect_ids "$DB" "org:ISRO" ""

# ---- remote shards: the same facets and dictionary ---------------------------------------
if command -v xapian-tcpsrv >/dev/null 2>&1 && command -v setsid >/dev/null 2>&1; then
    "$IDX" -q --shards 2 -d "$T/sharded.db" "$ROOT/corpus/sotu-1945-2018.jsonl"
    urls=""
    for s in 00 01; do
        start_tcpsrv S "$T/sharded.db/shards/$s"
        urls="$urls -d tcp://127.0.0.1:$S_PORT"
    done
    for q in economy "NOT zzzqqq" "place:USA war"; do
        search -d "$T/sharded.db" --limit 0 --facets person,place,org,other "$q"; cp "$T/out" "$T/local"
        search $urls --limit 0 --facets person,place,org,other "$q"; cp "$T/out" "$T/remote"
        BYLINE_FACET_BOUND_MIN=1 search $urls --limit 0 --facets person,place,org,other "$q"
        # the facets only: the walk leaves the total an estimate (exact with --exact)
        sed -i 1d "$T/out"
        sed 1d "$T/remote" > "$T/remote-facets"
        cmp -s "$T/out" "$T/remote-facets" && ok "$q: remote bounded walk == remote spies" ||
            bad "$q: remote bounded walk == remote spies" "$(diff "$T/out" "$T/remote-facets" | head)"
        search -d "$T/sotu.db" --limit 0 --facets person,place,org,other "$q"; cp "$T/out" "$T/single"
        if cmp -s "$T/local" "$T/remote" && cmp -s "$T/local" "$T/single"; then
            ok "$q: facets over two tcpsrv shards == two local shards == one index"
        else
            bad "$q: facets remote == local" "$(diff "$T/local" "$T/remote" | head; diff "$T/local" "$T/single" | head)"
        fi
    done
    search $urls --entities bush --format json; cp "$T/out" "$T/remote"
    search -d "$T/sotu.db" --entities bush --format json
    cmp -s "$T/out" "$T/remote" && ok "--entities over two tcpsrv shards == one index" ||
        bad "--entities remote == local" "$(diff "$T/out" "$T/remote" | head)"
else
    echo "skip - remote checks (xapian-tcpsrv or setsid missing)"
fi

# ---- migration: an index of an older format is refused with a way out --------------------
if command -v xapian-metadata >/dev/null 2>&1; then
    "$IDX" -q -d "$T/old.db" "$T/news"
    xapian-metadata set "$T/old.db" byline.format 3
    timeout 60 "$IDX" -q -d "$T/old.db" "$T/news" 2>"$T/err"
    rc=$?
    if [ "$rc" != 0 ] && grep -q "format 3" "$T/err" && grep -q "index into a new folder" "$T/err"; then
        ok "a format-3 index is refused with how to rebuild"
    else
        bad "a format-3 index is refused with how to rebuild" "rc=$rc $(cat "$T/err")"
    fi
    search -d "$T/old.db" --limit 0 --facets person modi
    [ "$rc" = 0 ] && grep -q "Narendra Modi" "$T/out" && ok "a format-3 index is still searched, facets from term lists" ||
        bad "a format-3 index is still searched" "rc=$rc $(cat "$T/out" "$T/err")"
fi

cli_finish
