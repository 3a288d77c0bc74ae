#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Command-line tests for lone given names in facet lists (bl_entity_given_name_shared,
# lib/entity_dict.h): "John" alone, in two documents, is not listed once three documents
# name John Smith, John Adams and John Kennedy (three surnames), whichever way facets are
# counted (the first walk, the spies) and wherever the shards are (one index, two local
# shards, two xapian-tcpsrv shards); person:John and --entities john still find it; Lincoln
# (the last word of Abraham Lincoln) stays; and the rule follows the index: once John
# Kennedy's document is pruned (two surnames left) John is listed again.
#
# Fixture: tests/data/given/ (seven short notes).  Usage: BUILD=build sh tests/cli/given.sh
set -u
. "$(dirname "$0")/lib.sh"   # IDX, SRCH, ROOT; ok, bad, cli_finish; start_tcpsrv
cli_init given               # $T
cli_servers                  # the EXIT trap also stops the shard servers started below

search() { timeout 60 "$SRCH" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
# listed NAME FILE: is NAME a whole line of the facet lists in FILE ("   2  John")?
listed() { grep -qE "^ +[0-9]+  $1\$" "$2"; }
# people WHERE...: the person list of '*' into $T/out, first walk and spies (both must agree)
people() {
    BYLINE_FACET_BOUND_MIN=1 search "$@" --limit 0 --facets person:20 '*'; cp "$T/out" "$T/walk"
    BYLINE_FACET_BOUND_MIN=1000000000 search "$@" --limit 0 --facets person:20 '*'
    cmp -s "$T/out" "$T/walk" || bad "walk == spies ($*)" "$(diff "$T/walk" "$T/out")"
}
expect_hidden() { # expect_hidden LABEL WHERE...
    _l=$1; shift
    people "$@"
    if listed John "$T/out"; then bad "$_l: John alone not listed" "$(cat "$T/out")"; else ok "$_l: John alone not listed"; fi
    if listed Lincoln "$T/out" && listed "John Smith" "$T/out"; then ok "$_l: Lincoln and John Smith listed"
    else bad "$_l: Lincoln and John Smith listed" "$(cat "$T/out")"; fi
}

mkdir -p "$T/notes"
cp "$ROOT"/tests/data/given/*.md "$T/notes/"
"$IDX" -q -d "$T/one.db" "$T/notes" || bad "indexing the fixture"
"$IDX" -q --shards 2 -d "$T/two.db" "$T/notes" || bad "indexing the fixture in two shards"

expect_hidden "one index" -d "$T/one.db"
expect_hidden "two local shards" -d "$T/two.db"

# still an entity: the filter and the dictionary find it
search -d "$T/one.db" --no-snippets --limit 10 --format jsonl 'person:John'
contains "person:John finds lone1.md" "$T/out" '"lone1.md"'
search -d "$T/one.db" --entities john
contains "--entities john lists John" "$T/out" "John"

if command -v xapian-tcpsrv >/dev/null 2>&1 && command -v setsid >/dev/null 2>&1; then
    urls=""
    for s in 00 01; do
        start_tcpsrv S "$T/two.db/shards/$s"
        urls="$urls -d tcp://127.0.0.1:$S_PORT"
    done
    # shellcheck disable=SC2086
    expect_hidden "two tcpsrv shards" $urls
    for s in $PIDS; do stop_server "$s"; done
    PIDS=""
else
    skip "remote checks (xapian-tcpsrv or setsid missing)"
fi

# upkeep: John Kennedy's note pruned, two surnames left: John is listed again
rm "$T/notes/kennedy.md"
"$IDX" -q --prune -d "$T/one.db" "$T/notes" || bad "the run with --prune"
"$IDX" -q --prune -d "$T/two.db" "$T/notes" || bad "the run with --prune (two shards)"
for db in one two; do
    people -d "$T/$db.db"
    if listed John "$T/out"; then ok "$db: after the prune John is listed"
    else bad "$db: after the prune John is listed" "$(cat "$T/out")"; fi
done
# and hidden again when a third surname comes back (an incremental run)
printf 'Ferry news\n\nJohn Baker ran the ferry all winter. Baker never missed a day.\n' > "$T/notes/baker.md"
"$IDX" -q -d "$T/one.db" "$T/notes" || bad "the incremental run"
expect_hidden "after John Baker was added" -d "$T/one.db"

cli_finish
