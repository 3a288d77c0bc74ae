#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Command-line tests of the analyst views: --timeline, --collapse, --like, --expand, --terms,
# --graph (text, JSON, GraphML), on the fixture tests/cli/fixtures/views.jsonl, whose answers
# are known exactly:
#   wire-1, wire-2, wire-3  one wire story: wire-2 has another title and a byline instead of
#                           the dateline, wire-3 a sentence more (near-duplicates)
#   port-talks              another story on the same strike (not a duplicate)
#   india-israel-1 (2024-12-30, ISO week 2025-W01), india-israel-2 (2025-01-02),
#   india-france (2025-01-15)   places India, Israel, France
#   undated-note            no date
# Then the same views over two xapian-tcpsrv shards must print the same JSON as one index.
# Usage: BUILD=build sh tests/cli/views.sh
set -u
. "$(dirname "$0")/lib.sh"   # IDX, SRCH, ROOT; ok, bad, cli_finish; start_tcpsrv
FIX="$ROOT/tests/cli/fixtures/views.jsonl"
cli_init views               # $T
cli_servers                  # the EXIT trap also stops the shard servers started below
search() { timeout 60 "$SRCH" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
# expect NAME WANT PYTHON-EXPRESSION: evaluate the expression over d = the JSON in $T/out
expect() {
    got=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($3)" "$T/out" 2>&1)
    if [ "$got" = "$2" ]; then ok "$1"; else bad "$1" "want: $2
got:  $got
stderr: $(head -c 300 "$T/err")"; fi
}

command -v python3 >/dev/null 2>&1 || { echo "skip - python3 is not installed"; exit 0; }

if "$IDX" -q -d "$T/db" "$FIX" 2>"$T/err"; then ok "index the fixture"; else bad "index the fixture" "$(cat "$T/err")"; fi

# ---- --timeline --------------------------------------------------------------------------
search -d "$T/db" --format json --limit 0 --timeline month 'port OR ports OR india'
expect "timeline month: periods in date order, exact counts" \
    "[('2024-12', 1), ('2025-01', 2), ('2025-07', 3), ('2025-08', 1)] 1" \
    "[(p['period'], p['count']) for p in d['timeline']], d['undated']"
search -d "$T/db" --format json --limit 0 --timeline week india
expect "timeline week: ISO weeks (2024-12-30 is in 2025-W01)" \
    "[('2025-W01', 2), ('2025-W03', 1)] 0" \
    "[(p['period'], p['count']) for p in d['timeline']], d['undated']"
search -d "$T/db" --format json --limit 0 --timeline day 'strike OR dock'
expect "timeline day" "[('2025-07-03', 1), ('2025-07-04', 1), ('2025-07-10', 1), ('2025-08-01', 1)] 1" \
    "[(p['period'], p['count']) for p in d['timeline']], d['undated']"
search -d "$T/db" --format json --limit 0 --timeline year 'place:India'
expect "timeline year with a facet filter" "[('2024', 1), ('2025', 2)]" \
    "[(p['period'], p['count']) for p in d['timeline']]"
search -d "$T/db" --format json --limit 0 --timeline month --since 2025-02 'port OR ports OR india'
expect "timeline with --since: filters apply" "[('2025-07', 3), ('2025-08', 1)] 0" \
    "[(p['period'], p['count']) for p in d['timeline']], d['undated']"
search -d "$T/db" --format jsonl --timeline year india
if python3 -c "
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l['id'] for l in lines[:-1]] and all('id' in l for l in lines[:-1]), lines
assert [(p['period'], p['count']) for p in lines[-1]['timeline']] == [('2024', 1), ('2025', 2)], lines[-1]
" "$T/out" 2>"$T/pyerr"; then ok "jsonl: hits, then one line with the views"; else bad "jsonl views line" "$(cat "$T/pyerr")"; fi
COLUMNS=40 search -d "$T/db" --limit 0 --timeline month 'port OR ports OR india'
if grep -q '^  2025-07  *#* 3$' "$T/out" && grep -q '^  undated: 1$' "$T/out" &&
    [ "$(awk 'length > 40' "$T/out" | wc -l)" -eq 0 ]; then
    ok "timeline text: a bar chart within the terminal width, undated apart"
else bad "timeline text" "$(cat "$T/out")"; fi
search -d "$T/db" --timeline fortnight war
if [ "$rc" -eq 2 ] && grep -q "day, week, month, year" "$T/err"; then ok "bad --timeline unit is a usage error"; else bad "bad --timeline unit" "rc=$rc $(cat "$T/err")"; fi

# ---- --collapse --------------------------------------------------------------------------
search -d "$T/db" --format json dock workers strike
expect "without --collapse every copy is a hit" "['wire-1', 'wire-3', 'wire-2', 'undated-note', 'port-talks']" \
    "[h['id'] for h in d['hits']]"
search -d "$T/db" --format json --collapse dock workers strike
expect "--collapse: one hit per wire story, 'similar' counts the copies; another story on the topic stays" \
    "[('wire-1', 2), ('undated-note', 0), ('port-talks', 0)] 3" \
    "[(h['id'], h['similar']) for h in d['hits']], d['total']"
search -d "$T/db" --collapse dock workers strike
if grep -q 'wire-1  score [0-9.]*  +2 similar$' "$T/out"; then ok "--collapse text: +2 similar"; else bad "--collapse text" "$(cat "$T/out")"; fi
printf '{"id": "short-1", "text": "Too short."}\n{"id": "short-2", "text": "Also short."}\n' >"$T/short.jsonl"
"$IDX" -q -d "$T/nosig" "$T/short.jsonl" 2>/dev/null
search -d "$T/nosig" --collapse short
if [ "$rc" -eq 0 ] && grep -q "no near-duplicate signatures" "$T/err"; then ok "--collapse on an index without signatures says so"; else bad "--collapse without signatures" "rc=$rc $(cat "$T/err")"; fi

# ---- --like ------------------------------------------------------------------------------
search -d "$T/db" --format json --limit 3 --like wire-1
expect "--like: the copies first, never the document itself" "['wire-2', 'wire-3'] False" \
    "sorted(h['id'] for h in d['hits'][:2]), any(h['id'] == 'wire-1' for h in d['hits'])"
search -d "$T/db" --format json --like wire-1 --since 2025-07-05
expect "--like with --since: only later documents" "['wire-3', 'port-talks']" \
    "[h['id'] for h in d['hits']]"
search -d "$T/db" --format json --like india-israel-1 'place:France'
expect "--like with a facet filter" "['india-france']" "[h['id'] for h in d['hits']]"
search -d "$T/db" --like no-such-doc
if [ "$rc" -eq 2 ] && grep -q "no document with id 'no-such-doc'" "$T/err"; then ok "--like unknown id: exit 2, says which"; else bad "--like unknown id" "rc=$rc $(cat "$T/err")"; fi

# ---- --expand ----------------------------------------------------------------------------
search -d "$T/db" --format json --limit 20 port
plain=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sorted(h['id'] for h in d['hits']), d['total'])" "$T/out")
search -d "$T/db" --format json --limit 20 --expand port
expect "--expand re-ranks the same matches" "$plain" "sorted(h['id'] for h in d['hits']), d['total']"
expect "--expand reports the words it added, not the query's" "True True" \
    "len(d['added_terms']) > 0, all(t['term'] != 'port' for t in d['added_terms'])"

# ---- --terms -----------------------------------------------------------------------------
search -d "$T/db" --format json --limit 0 --terms 4 dock
expect "--terms: the words that set the matches apart, not the query's" \
    "['haifa', 'worker', 'port', 'traffic']" "[t['term'] for t in d['terms']]"
expect "--terms: each stem with a written form read from a document" "True workers" \
    "all(t['word'].startswith(t['term']) for t in d['terms']), d['terms'][1]['word']"

# ---- --graph -----------------------------------------------------------------------------
search -d "$T/db" --format json --limit 0 --graph place:3 'india OR israel'
expect "--graph: top nodes by documents" "[('India', 'place', 3), ('Israel', 'place', 3), ('France', 'place', 2)]" \
    "[(n['name'], n['type'], n['count']) for n in d['graph']['nodes']]"
expect "--graph: edges strongest first" "[(0, 1, 2), (0, 2, 2), (1, 2, 1)]" \
    "[(e['source'], e['target'], e['count']) for e in d['graph']['edges']]"
cp "$T/out" "$T/graph.json"
# every edge's count equals what filtering by both entities finds
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
n = d['graph']['nodes']
for e in d['graph']['edges']:
    a, b = n[e['source']], n[e['target']]
    print('%s:\"%s\" AND %s:\"%s\"' % (a['type'], a['key'], b['type'], b['key']), e['count'])
" "$T/graph.json" >"$T/edges"
mismatch=""
while IFS= read -r line; do
    want=${line##* }
    q=${line% *}
    got=$(timeout 60 "$SRCH" -d "$T/db" --format json --limit 0 --exact "(india OR israel) AND $q" |
        python3 -c "import json,sys; print(json.load(sys.stdin)['total'])")
    [ "$got" = "$want" ] || mismatch="$mismatch
$q: edge $want, filter $got"
done <"$T/edges"
if [ -s "$T/edges" ] && [ -z "$mismatch" ]; then ok "--graph: every edge count equals the filter by both entities ($(wc -l <"$T/edges") edges)"; else bad "--graph edges vs filters" "$mismatch"; fi
search -d "$T/db" --limit 0 --graph place:3 --format graphml 'india OR israel'
if python3 -c "
import sys, xml.etree.ElementTree as ET
ns = {'g': 'http://graphml.graphdrawing.org/xmlns'}
g = ET.parse(sys.argv[1]).getroot().find('g:graph', ns)
nodes, edges = g.findall('g:node', ns), g.findall('g:edge', ns)
assert len(nodes) == 3 and len(edges) == 3, (len(nodes), len(edges))
assert nodes[0].find('g:data[@key=\"name\"]', ns).text == 'India'
assert edges[0].find('g:data[@key=\"ecount\"]', ns).text == '2'
" "$T/out" 2>"$T/pyerr"; then ok "--format graphml: valid GraphML with the same nodes and edges"; else bad "--format graphml" "$(cat "$T/pyerr") $(head -c 600 "$T/out")"; fi
search -d "$T/db" --format graphml india
if [ "$rc" -eq 2 ] && grep -q "add --graph" "$T/err"; then ok "--format graphml without --graph is a usage error"; else bad "graphml without --graph" "rc=$rc $(cat "$T/err")"; fi
search -d "$T/db" --graph people india
if [ "$rc" -eq 2 ]; then ok "--graph unknown type is a usage error"; else bad "--graph unknown type" "rc=$rc"; fi
search -d "$T/db" --graph person:5,org:30 india
if [ "$rc" -eq 2 ] && grep -q "one :N at the end" "$T/err"; then ok "--graph: a :N on each type is a usage error that says where :N goes"; else bad "--graph per-type :N" "rc=$rc $(cat "$T/err")"; fi
search -d "$T/db" --graph place,org:2 --format json india
if [ "$rc" -eq 0 ] && python3 -c "
import json, sys
g = json.load(open(sys.argv[1]))['graph']
assert 0 < len(g['nodes']) <= 2, g['nodes']
assert {n['type'] for n in g['nodes']} <= {'place', 'org'}, g['nodes']
" "$T/out" 2>"$T/pyerr"; then ok "--graph place,org:2: at most 2 nodes, of those types"; else bad "--graph place,org:2" "rc=$rc $(cat "$T/pyerr" "$T/err")"; fi

# ---- the same answers over two xapian-tcpsrv shards ---------------------------------------
for prog in xapian-tcpsrv setsid timeout; do
    if ! command -v "$prog" >/dev/null 2>&1; then
        echo "skip - $prog is not installed: no remote checks"
        cli_finish
        exit
    fi
done
# Round-robin split, one Xapian database per shard: the combined docids are the single
# index's, so even ties come out in the same order (see tests/cli/remote.sh).
mkdir -p "$T/one" "$T/a" "$T/b"
cp "$FIX" "$T/one/part.jsonl" # the same file name, so the hits' "path" fields agree
awk 'NR % 2 == 1' "$FIX" >"$T/a/part.jsonl"
awk 'NR % 2 == 0' "$FIX" >"$T/b/part.jsonl"
"$IDX" -q --shards 1 -d "$T/one.db" "$T/one" && "$IDX" -q --shards 1 -d "$T/a.db" "$T/a" &&
    "$IDX" -q --shards 1 -d "$T/b.db" "$T/b" || bad "index the shards"
start_tcpsrv A "$T/a.db"
start_tcpsrv B "$T/b.db"
# Scores are compared to 9 significant digits: a weighted sum of many terms (--like, --expand)
# is added up in another order when the shards' weights are merged.
rounded() { python3 -c "
import json, sys
d = json.load(sys.stdin)
for h in d.get('hits', []):
    h['score'] = float('%.9g' % h['score'])
print(json.dumps(d, indent=1))" >"$1" 2>&1; }
n=0
diffs=""
while IFS= read -r q; do
    n=$((n + 1))
    eval "timeout 60 \"\$SRCH\" -d \"\$T/one.db\" --format json --exact $q" | rounded "$T/one.$n"
    eval "timeout 60 \"\$SRCH\" -d tcp://127.0.0.1:$A_PORT -d tcp://127.0.0.1:$B_PORT --format json --exact $q" | rounded "$T/two.$n"
    cmp -s "$T/one.$n" "$T/two.$n" || diffs="$diffs
$q: $(diff "$T/one.$n" "$T/two.$n" | head -6)"
done <<'EOF'
--limit 0 --timeline month 'port OR ports OR india'
--limit 0 --timeline week india
--collapse dock workers strike
--limit 3 --like wire-1
--like india-israel-1 'place:France'
--expand --limit 20 port
--limit 0 --terms 4 dock
--limit 0 --graph place,person,org 'india OR israel'
EOF
if [ -z "$diffs" ]; then ok "two tcpsrv shards: the same JSON as one index for $n view queries"; else bad "two tcpsrv shards differ from one index" "$diffs"; fi

cli_finish
