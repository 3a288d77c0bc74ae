#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# byline-search --show ID: one whole stored document, as text and as JSON.
# Usage: BUILD=build sh tests/cli/show.sh
set -u
. "$(dirname "$0")/lib.sh"   # IDX, SRCH, ROOT; ok, bad, check_exit, contains, lacks, cli_finish
cli_init show                # $T, made writable and removed on exit

DB="$T/db"
mkdir "$T/in"
cp "$ROOT/corpus/israel-india-defence.txt" "$T/in/"
# a document whose fields carry a terminal escape (ESC [2J clears the screen)
printf '{"id": "esc-1", "title": "Bad \\u001b[2J title", "author": "A. Writer", "date": "2024-05-06", "source": "Wire", "url": "https://example.org/x", "text": "First line.\\nSecond line with \\u001b[31m red."}\n' >"$T/in/esc.jsonl"
check_exit "index the documents" 0 "$IDX" -d "$DB" "$T/in"

check_exit "--show an id exits 0" 0 "$SRCH" -d "$DB" --show israel-india-defence.txt
contains "--show prints the title" "$T/out" "title: Israel Calls India"
contains "--show prints the entities" "$T/out" "entity: person 6 Amir Baram"
# the last paragraph of the article: the whole body, not a snippet
last=$(grep -v '^$' "$ROOT/corpus/israel-india-defence.txt" | tail -n 1 | cut -c1-60)
contains "--show prints the whole body (its last line)" "$T/out" "$last"

check_exit "--show --format json exits 0" 0 "$SRCH" -d "$DB" --show israel-india-defence.txt --format json
if python3 - "$T/out" "$ROOT/corpus/israel-india-defence.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
body = open(sys.argv[2]).read()
assert d["id"] == "israel-india-defence.txt", d["id"]
assert d["title"].startswith("Israel Calls India"), d["title"]
assert set(d) == {"id", "title", "date", "source", "url", "path", "authors", "entities", "text"}, set(d)
names = {(e["type"], e["name"]): e["count"] for e in d["entities"]}
assert names.get(("person", "Amir Baram")) == 6, names
assert d["text"].strip() in body and len(d["text"]) > 0.9 * len(body) - len(d["title"]) - 10, len(d["text"])
PY
then ok "--show JSON has every field, the entities and the whole text"; else bad "--show JSON fields"; fi

check_exit "--show of a JSON Lines document" 0 "$SRCH" -d "$DB" --show esc-1
contains "--show prints author" "$T/out" "author: A. Writer"
contains "--show prints source and url" "$T/out" "url: https://example.org/x"
contains "--show escapes ESC in the title" "$T/out" 'title: Bad \x1b[2J title'
contains "--show escapes ESC in the body" "$T/out" 'with \x1b[31m red.'
if grep -q "$(printf '\033')" "$T/out"; then bad "--show sends no raw ESC"; else ok "--show sends no raw ESC"; fi
contains "--show keeps the body's newlines" "$T/out" "Second line"

check_exit "--show of an unknown id exits 1" 1 "$SRCH" -d "$DB" --show no-such-id
contains "--show of an unknown id says so" "$T/err" "no document with id 'no-such-id'"
check_exit "--show with a query is a usage error" 2 "$SRCH" -d "$DB" --show esc-1 modi
check_exit "--show on a missing index exits 2" 2 "$SRCH" -d "$T/nothing" --show esc-1

cli_finish
