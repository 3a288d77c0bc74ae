#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Command-line tests: byline-index and byline-search end to end, as a user runs them.
# Each check prints "ok" or "FAIL" with what went wrong; the last line is "N passed, N failed".
# Usage: BUILD=build sh tests/cli/run.sh
set -u
. "$(dirname "$0")/lib.sh"   # IDX, SRCH, ROOT; ok, bad, check_exit, contains, lacks, json_ok
cli_init cli

DB="$T/db"

# ---- indexing the sample corpus ---------------------------------------------------------
check_exit "index corpus/ exits 0" 0 "$IDX" -d "$DB" "$ROOT/corpus"
contains "summary line counts documents" "$T/err" "401 added, 0 replaced, 0 rejected"
contains "summary line gives throughput" "$T/err" "docs/s"
if command -v xapian-check >/dev/null 2>&1; then
    # a sharded index is a folder of shards listed by a Xapian stub: check every shard
    if [ -f "$DB/XAPIANDB" ]; then
        for shard in "$DB"/shards/*; do
            check_exit "shard $(basename "$shard") passes xapian-check" 0 xapian-check "$shard"
        done
    else
        check_exit "index passes xapian-check" 0 xapian-check "$DB"
    fi
fi

# ---- the seed query ---------------------------------------------------------------------
check_exit "seed query finds results" 0 "$SRCH" -d "$DB" --format jsonl --limit 3 defence cooperation Israel India
first=$(head -n 1 "$T/out")
case "$first" in
    *"Key Strategic Ally"*) ok "seed article ranks first" ;;
    *) bad "seed article ranks first" "$first" ;;
esac
check_exit "stemming: cooperate finds the seed article" 0 "$SRCH" -d "$DB" --format jsonl --limit 1000 cooperate
contains "cooperate hit is the seed article" "$T/out" '"id":"israel-india-defence.txt"'
check_exit "possessive: Israel's body text matches israel" 0 "$SRCH" -d "$DB" --format jsonl --limit 1 '"Rising Lion"'
contains "phrase finds the seed article" "$T/out" "israel-india-defence.txt"

check_exit "json output" 0 "$SRCH" -d "$DB" --format json --limit 2 defence cooperation
json_ok "json output parses" "$T/out"
contains "json has total" "$T/out" '"total"'
contains "json hits have snippets" "$T/out" '"snippet"'
check_exit "jsonl output" 0 "$SRCH" -d "$DB" --format jsonl --limit 4 economy
if [ "$(wc -l <"$T/out")" -eq 4 ]; then ok "jsonl has one line per hit"; else bad "jsonl has one line per hit" "$(cat "$T/out")"; fi
while IFS= read -r line; do printf '%s' "$line" >"$T/line.json"; json_ok "jsonl line parses" "$T/line.json"; done <"$T/out"

check_exit "text output" 0 "$SRCH" -d "$DB" --limit 2 defence
contains "text output has a title" "$T/out" "1. "
if grep -q "$(printf '\033')" "$T/out"; then bad "no colour when stdout is not a terminal"; else ok "no colour when stdout is not a terminal"; fi
check_exit "colour when asked" 0 "$SRCH" -d "$DB" --color always --limit 1 defence
if grep -q "$(printf '\033')\[1m" "$T/out"; then ok "bold matches with --color always"; else bad "bold matches with --color always" "$(cat "$T/out")"; fi

check_exit "paging: offset" 0 "$SRCH" -d "$DB" --format jsonl --limit 1 --offset 1 economy
contains "offset hit has rank 2" "$T/out" '"rank":2'

# ---- entity facets on the seed article --------------------------------------------------
check_exit "facets of the seed article" 0 "$SRCH" -d "$DB" --format json --limit 1 --facets all:50 'id:israel-india-defence.txt'
json_ok "facet json parses" "$T/out"
python3 - "$T/out" >"$T/facets" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for t, items in d["facets"].items():
    for f in items:
        print(t + "\t" + f["name"] + "\t" + str(f["count"]))
print("exact\t" + str(d["facets_exact"]))
PY
for want in "person	Amir Baram" "person	Ajit Doval" "person	Rajesh Kumar Singh" \
            "place	Israel" "place	India" "place	New Delhi" "place	Iran" \
            "other	Operation Rising Lion" "exact	True"; do
    contains "facet: $want" "$T/facets" "$want"
done
orgs=$(grep -c "^org	.*[Mm]inistry" "$T/facets")
if [ "$orgs" -eq 2 ]; then ok "two ministries, one entry each"; else bad "two ministries, one entry each" "$(grep '^org' "$T/facets")"; fi
lacks "a lone title is not a person" "$T/facets" "person	Director General"
check_exit "person filter finds the seed article" 0 "$SRCH" -d "$DB" --format jsonl 'person:"Ajit Doval"'
contains "person filter hit" "$T/out" "israel-india-defence.txt"
check_exit "entity filter combines with words" 0 "$SRCH" -d "$DB" --format jsonl 'defence place:"New Delhi"'
contains "entity and word hit" "$T/out" "israel-india-defence.txt"
check_exit "facet counts over the whole match set" 0 "$SRCH" -d "$DB" --format json --limit 0 --facets place:5 economy
json_ok "counts-only json parses" "$T/out"
contains "counts-only has facets" "$T/out" '"place"'
check_exit "--extract prints entities without indexing" 0 "$IDX" --extract "$ROOT/corpus/israel-india-defence.txt"
json_ok "--extract line parses" "$T/out"
contains "--extract finds Ajit Doval" "$T/out" '"text":"Ajit Doval"'
contains "--extract gives the canonical name" "$T/out" '"name":"Amir Baram"'
if [ ! -e "$ROOT/byline.db" ] || [ "$(find "$ROOT/byline.db" -newer "$T/out" 2>/dev/null | head -n 1)" = "" ]; then ok "--extract writes no index"; else bad "--extract writes no index"; fi

check_exit "a misspelt word finds nothing" 1 "$SRCH" -d "$DB" cooperatoin
contains "did you mean the indexed word" "$T/out" "Did you mean: cooperation"
check_exit "suggestion in json" 1 "$SRCH" -d "$DB" --format json strategc
contains "json suggestion" "$T/out" '"suggestion": "strategic"'

check_exit "--no-snippets" 0 "$SRCH" -d "$DB" --format jsonl --no-snippets --limit 1 defence
contains "no snippet when asked" "$T/out" '"snippet":null'
contains "fields without snippets" "$T/out" '"title":'

# ---- exit codes and errors --------------------------------------------------------------
check_exit "no results exits 1" 1 "$SRCH" -d "$DB" xyzzyplugh
check_exit "missing index exits 2" 2 "$SRCH" -d "$T/nowhere" defence
contains "missing index is named" "$T/err" "$T/nowhere"
check_exit "empty query exits 2" 2 "$SRCH" -d "$DB" "..."
check_exit "unbalanced quote exits 2" 2 "$SRCH" -d "$DB" '"strategic ally'
contains "query error names the column" "$T/err" "column"
contains "query error shows a caret" "$T/err" "^"
check_exit "unknown option exits 2" 2 "$SRCH" -d "$DB" --frobnicate defence
check_exit "bad --limit exits 2" 2 "$SRCH" -d "$DB" --limit many defence
check_exit "no query exits 2" 2 "$SRCH" -d "$DB"
check_exit "search --help exits 0" 0 "$SRCH" --help
contains "search --help has examples" "$T/out" "Examples:"
check_exit "index --help exits 0" 0 "$IDX" --help
check_exit "index without PATH exits 2" 2 "$IDX" -d "$DB"
check_exit "BYLINE_DB is the default index" 0 env BYLINE_DB="$DB" "$SRCH" --limit 1 defence
# long options may follow the query (the --help example does); "--" keeps them as query text
check_exit "options after the query" 0 "$SRCH" -d "$DB" '"strategic ally"' --sort -date --format jsonl --limit=2
contains "options after the query: jsonl" "$T/out" '{"rank":1,'
if [ "$(wc -l <"$T/out")" -le 2 ]; then ok "options after the query: --limit=2"; else bad "options after the query: --limit=2" "$(cat "$T/out")"; fi
check_exit "after --, options are query words" 0 "$SRCH" -d "$DB" -- defence --format jsonl
lacks "after --, --format stays in the query" "$T/out" '{"rank":'
check_exit "an option after the query without its value exits 2" 2 "$SRCH" -d "$DB" defence --limit
contains "the missing value is named" "$T/err" "option --limit needs a value"
check_exit "a -word after the query stays an exclusion" 0 "$SRCH" -d "$DB" --format jsonl strategic -israel --limit 50
lacks "exclusion after the query" "$T/out" '"id":"israel-india-defence.txt"'

# ---- a damaged index: a clear error, exit 3, never a crash ------------------------------
cp -r "$DB" "$T/damaged"
for f in "$T"/damaged/shards/*/postlist.glass "$T"/damaged/postlist.glass; do
    # every block, not just the first ones: glass writes changed blocks elsewhere, so the
    # first blocks of a file that saw several commits may hold no live data
    [ -f "$f" ] && head -c "$(stat -c %s "$f")" /dev/zero > "$f.zero" && mv "$f.zero" "$f"
done
check_exit "damaged index exits 3" 3 "$SRCH" -d "$T/damaged" defence
contains "damaged index: says what to do" "$T/err" "rebuild it"

# ---- re-indexing replaces, never duplicates ---------------------------------------------
check_exit "re-index unchanged corpus" 0 "$IDX" -d "$DB" "$ROOT/corpus"
contains "unchanged files are skipped" "$T/err" "2 unchanged"
check_exit "re-index corpus with --full" 0 "$IDX" --full -d "$DB" "$ROOT/corpus"
contains "re-index replaces every document" "$T/err" "0 added, 401 replaced"
check_exit "count after re-index" 0 "$SRCH" -d "$DB" --exact --format json --limit 0 economy
before=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$T/out")
if command -v xapian-delve >/dev/null 2>&1; then
    n=$(xapian-delve "$DB" | sed -n 's/^number of documents = //p')
    if [ "$n" = "401" ]; then ok "index holds 401 documents"; else bad "index holds 401 documents" "got $n"; fi
fi

# ---- bad input: reported with file:line, the rest indexed ------------------------------
mkdir -p "$T/mixed"
printf '{"id":"good1","title":"Good one","text":"alpha bravo"}\n{"id":"broken",\n{"id":"good2","text":"charlie delta"}\n' >"$T/mixed/feed.jsonl"
printf 'Binary\000\001\002\003' >"$T/mixed/blob.txt"
printf 'Latin title\nCaf\351 au lait\n' >"$T/mixed/latin1.txt"
: >"$T/mixed/empty.txt"
check_exit "mixed bad input exits 1" 1 "$IDX" -d "$T/db2" "$T/mixed"
contains "bad JSON line is named" "$T/err" "feed.jsonl:2:"
contains "empty file is named" "$T/err" "empty.txt"
contains "binary file is skipped with a note" "$T/err" "binary file"
check_exit "good documents were indexed" 0 "$SRCH" -d "$T/db2" --format jsonl charlie
contains "second good line indexed" "$T/out" '"id":"good2"'
check_exit "Latin-1 file was transcoded" 0 "$SRCH" -d "$T/db2" --format jsonl cafe
check_exit "missing input path exits 2" 2 "$IDX" -d "$T/db3" "$T/does-not-exist"
contains "missing input is named" "$T/err" "does-not-exist"

# ---- standard input ---------------------------------------------------------------------
printf '{"id":"s1","title":"Piped","text":"echo foxtrot"}\n' | "$IDX" -d "$T/db4" - 2>"$T/err"
if [ $? -eq 0 ]; then ok "JSON Lines from stdin"; else bad "JSON Lines from stdin" "$(cat "$T/err")"; fi
check_exit "stdin document searchable" 0 "$SRCH" -d "$T/db4" foxtrot

# ---- a second writer gets a clear lock error --------------------------------------------
mkfifo "$T/fifo"
"$IDX" -d "$T/db4" - <"$T/fifo" 2>/dev/null &
holder=$!
exec 7>"$T/fifo"
sleep 1
check_exit "second writer exits 3" 3 "$IDX" -d "$T/db4" "$ROOT/corpus/israel-india-defence.txt"
contains "second writer is told the index is locked" "$T/err" "locked"
exec 7>&-
wait $holder

cli_finish
