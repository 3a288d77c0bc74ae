#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Indexing at scale (issue 6), end to end: shards, incremental runs, --prune, locking,
# SIGINT/SIGTERM and kill -9, progress, --stats, and bad input (names with newlines, NUL bytes,
# unreadable files, a 200 MB document).  Independent of tests/cli/run.sh.
# Each check prints "ok" or "FAIL"; the last line is "N passed, N failed"; exit 1 on failure.
# Usage: BUILD=build sh tests/cli/indexing.sh
set -u
. "$(dirname "$0")/lib.sh"   # IDX, SRCH, ROOT; ok, bad, skip, check_exit, contains, lacks, equals
cli_init indexing            # $T, made writable and removed on exit
# stat_field DB FIELD: one number from --stats --format json
stat_field() { "$IDX" --stats -d "$1" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$2"; }
# hits DB QUERY: number of results (0 when none)
hits() { "$SRCH" -d "$1" --format jsonl --limit 1000 "$2" 2>/dev/null | grep -c '"id"'; }
check_shards() { # xapian-check every shard of DB
    ok_all=1
    if [ -f "$1/XAPIANDB" ]; then
        for s in "$1"/shards/*; do xapian-check "$s" >/dev/null 2>&1 || ok_all=0; done
    else
        xapian-check "$1" >/dev/null 2>&1 || ok_all=0
    fi
    if [ $ok_all -eq 1 ]; then ok "$2"; else bad "$2"; fi
}

# A corpus: 30 text files in two folders and a JSON Lines file of 200 documents.
C="$T/corpus"
mkdir -p "$C/a" "$C/b"
i=0
while [ $i -lt 30 ]; do
    d=a; [ $((i % 2)) -eq 1 ] && d=b
    printf 'Story number %d\n\nThe zebra%d walked to the market with word%d and common words.\n' $i $i $i >"$C/$d/s$i.txt"
    i=$((i + 1))
done
python3 - "$C/feed.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(200):
        f.write(json.dumps({"id": "feed-%d" % i, "title": "Feed item %d" % i,
                            "text": "lineword%d appears once; shared feedword everywhere." % i}) + "\n")
EOF

# ---- sharded layout ----------------------------------------------------------------------
DB="$T/db3"
check_exit "index into 3 shards" 0 "$IDX" -d "$DB" --jobs 2 --shards 3 "$C"
contains "summary counts 230 documents" "$T/err" "230 added, 0 replaced, 0 rejected"
if [ -f "$DB/XAPIANDB" ] && [ -d "$DB/shards/00" ] && [ -d "$DB/shards/02" ]; then ok "stub and shards/00..02 exist"; else bad "stub and shards exist" "$(ls -R "$DB" | head)"; fi
check_shards "$DB" "every shard passes xapian-check"
equals "stats: 230 documents" "$(stat_field "$DB" documents)" 230
equals "stats: 3 shards" "$(stat_field "$DB" shards)" 3
equals "search across shards finds one story" "$(hits "$DB" zebra7)" 1
equals "search across shards finds every feed item" "$(hits "$DB" feedword)" 200
n=0
for s in "$DB"/shards/*; do c=$(xapian-delve "$s" 2>/dev/null | sed -n 's/^number of documents = //p'); n=$((n + c)); done
equals "documents are spread over the shards without duplicates" "$n" 230
check_exit "--full re-index replaces, never duplicates" 0 "$IDX" -d "$DB" --full --jobs 1 "$C"
contains "full re-run replaces" "$T/err" "0 added, 230 replaced"
equals "still 230 documents" "$(stat_field "$DB" documents)" 230
check_exit "--shards on an existing index keeps its layout" 0 "$IDX" -d "$DB" --shards 5 "$C"
equals "still 3 shards" "$(stat_field "$DB" shards)" 3

DB1="$T/db1"
check_exit "index with --shards 1 (one database)" 0 "$IDX" -d "$DB1" --jobs 2 --shards 1 "$C"
if [ -f "$DB1/iamglass" ] && [ ! -f "$DB1/XAPIANDB" ]; then ok "one-shard index is a plain Xapian database"; else bad "one-shard layout" "$(ls "$DB1")"; fi
equals "one-shard index holds 230" "$(stat_field "$DB1" documents)" 230

# ---- incremental runs --------------------------------------------------------------------
check_exit "unchanged re-run" 0 "$IDX" -d "$DB" "$C"
contains "unchanged re-run reads nothing" "$T/err" "0 added, 0 replaced, 0 rejected from 0 files"
contains "unchanged re-run reports skipped files" "$T/err" "31 unchanged"
touch "$C/a/s0.txt"
check_exit "touched file" 0 "$IDX" -d "$DB" "$C"
contains "touched but unchanged content is skipped" "$T/err" "31 unchanged"
printf 'Story number 2 rewritten\n\nThe okapi2 replaced the zebra.\n' >"$C/a/s2.txt"
check_exit "changed file" 0 "$IDX" -d "$DB" "$C"
contains "one file changed" "$T/err" "1 changed"
equals "changed file: new word found" "$(hits "$DB" okapi2)" 1
equals "changed file: old word gone" "$(hits "$DB" zebra2)" 0
# a JSON Lines file losing lines loses those documents
python3 - "$C/feed.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(150):
        f.write(json.dumps({"id": "feed-%d" % i, "title": "Feed item %d" % i,
                            "text": "lineword%d appears once; shared feedword everywhere." % i}) + "\n")
EOF
check_exit "shortened JSON Lines file" 0 "$IDX" -d "$DB" "$C"
equals "documents no longer in the file are gone" "$(hits "$DB" feedword)" 150
equals "document count follows" "$(stat_field "$DB" documents)" 180
# --prune
rm "$C/b/s1.txt" "$C/b/s3.txt"
check_exit "run without --prune" 0 "$IDX" -d "$DB" "$C"
equals "without --prune the documents of deleted files stay" "$(hits "$DB" zebra3)" 1
check_exit "run with --prune" 0 "$IDX" -d "$DB" --prune "$C"
contains "prune reports files" "$T/err" "2 pruned files"
equals "pruned documents are gone" "$(hits "$DB" zebra3)" 0
equals "document count after prune" "$(stat_field "$DB" documents)" 178
check_shards "$DB" "shards pass xapian-check after updates"

# ---- --stats -------------------------------------------------------------------------------
check_exit "--stats text" 0 "$IDX" --stats -d "$DB"
contains "stats text: documents" "$T/out" "documents:   178"
contains "stats text: shards" "$T/out" "shards:      3"
contains "stats text: language" "$T/out" "language:    english"
contains "stats text: roots" "$T/out" "$C"
check_exit "--stats json" 0 "$IDX" --stats -d "$DB" --format json
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["terms"]>100 and set(d["entities"])=={"person","place","org","other"} and d["disk_bytes"]>0 and d["last_commit"].endswith("Z") and d["roots"]' "$T/out"; then ok "stats json fields"; else bad "stats json fields" "$(cat "$T/out")"; fi
check_exit "--stats on a missing index exits 2" 2 "$IDX" --stats -d "$T/nothing"

# ---- progress and quiet --------------------------------------------------------------------
check_exit "no progress line when stderr is not a terminal" 0 "$IDX" -d "$T/p1" "$C"
lacks "no progress text" "$T/err" "docs, "
check_exit "--progress forces it" 0 "$IDX" -d "$T/p2" --progress "$C"
contains "progress line printed" "$T/err" "docs/s"
contains "progress line has the ETA-less counters" "$T/err" "files (0 unchanged)"
check_exit "--quiet" 0 "$IDX" -d "$T/p3" --quiet "$C"
if [ ! -s "$T/err" ]; then ok "--quiet prints nothing"; else bad "--quiet prints nothing" "$(cat "$T/err")"; fi

# ---- locking ---------------------------------------------------------------------------------
mkfifo "$T/fifo"
"$IDX" -d "$DB" - <"$T/fifo" >"$T/w1.out" 2>&1 &
w1=$!
exec 7>"$T/fifo"
sleep 1
check_exit "second writer on a sharded index exits 3" 3 "$IDX" -d "$DB" "$C"
contains "second writer is told the index is locked" "$T/err" "index is locked"
# searching while the first writer runs
check_exit "searching while indexing works" 0 "$SRCH" -d "$DB" okapi2
exec 7>&-
wait $w1
equals "first writer finished cleanly" "$?" 0

# ---- SIGINT / SIGTERM / kill -9 --------------------------------------------------------------
gen() { python3 -c '
import json, sys, time
n = int(sys.argv[1]); delay = float(sys.argv[2])
for i in range(n):
    print(json.dumps({"id": "g%d" % i, "text": "generated words number %d for the crash test" % i}), flush=True)
    if delay and i % 100 == 99: time.sleep(delay)
' "$@"; }
for sig in INT TERM; do
    D="$T/sig$sig"
    gen 100000 0.05 | "$IDX" -d "$D" --memory 64 - >"$T/out" 2>"$T/err" &
    p=$!
    sleep 2
    kill -$sig $p 2>/dev/null
    wait $p
    st=$?
    want=130; [ $sig = TERM ] && want=143
    equals "SIG$sig: exit status $want" "$st" "$want"
    contains "SIG$sig: says what happened" "$T/err" "interrupted by SIG$sig"
    check_shards "$D" "SIG$sig: index passes xapian-check"
    n=$(stat_field "$D" documents)
    if [ "$n" -gt 0 ] && [ "$n" -lt 100000 ]; then ok "SIG$sig: work done so far is committed ($n)"; else bad "SIG$sig: committed $n"; fi
done
D="$T/kill9"
gen 20000 0 >"$T/g.jsonl"
"$IDX" -d "$D" --memory 64 --jobs 2 "$T/g.jsonl" >/dev/null 2>&1 &
p=$!
sleep 1.5
kill -9 $p 2>/dev/null
wait $p 2>/dev/null
check_shards "$D" "kill -9: every shard passes xapian-check"
if "$SRCH" -d "$D" generated >/dev/null 2>&1 || [ $? -eq 1 ]; then ok "kill -9: the index opens for searching"; else bad "kill -9: the index opens"; fi
check_exit "kill -9: the next run completes the work" 0 "$IDX" -d "$D" "$T/g.jsonl"
equals "kill -9: all 20000 documents after the re-run" "$(stat_field "$D" documents)" 20000

# ---- bad input -------------------------------------------------------------------------------
B="$T/bad"
mkdir -p "$B"
nl_name="$B/line
break.txt"
printf 'Newline name\n\nthe quokka lives here\n' >"$nl_name"
printf 'Has NUL\n\nbinary\000stuff here\n' >"$B/nul.txt"
printf '{"id":"n1","text":"a \\u0000 b"}\n{"id":"n2","text":"fine wombat"}\n' >"$B/nul.jsonl"
check_exit "file name with a newline, NUL bytes: exit 1 (one line rejected)" 1 "$IDX" -d "$T/dbbad" "$B"
equals "the file with a newline in its name is indexed" "$(hits "$T/dbbad" quokka)" 1
contains "a file with NUL bytes is skipped as binary" "$T/err" "binary file; skipped"
contains "the JSON line holding \\u0000 is rejected with its line" "$T/err" "nul.jsonl:1: error"
equals "the next line is indexed" "$(hits "$T/dbbad" wombat)" 1
# messages escape control characters in names
printf '{"id":"x", "text": 1}\n' >"$B/bad
name.jsonl"
check_exit "bad document in a file with a newline in its name" 1 "$IDX" -d "$T/dbbad" "$B"
contains "control characters in names are escaped" "$T/err" 'bad\nname.jsonl:1: error'
# unreadable files and folders: root reads everything, so run as nobody when possible
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
    U="$T/unread"
    mkdir -p "$U/closed"
    printf 'Readable\n\nthe numbat\n' >"$U/ok.txt"
    printf 'Secret\n\nhidden\n' >"$U/secret.txt"
    printf 'Inside\n\nclosed folder\n' >"$U/closed/in.txt"
    chmod 000 "$U/secret.txt" "$U/closed"
    chmod 777 "$T"
    chmod -R a+rX "$U/ok.txt"
    chmod a+rx "$U"
    setpriv --reuid=65534 --regid=65534 --clear-groups "$IDX" -d "$T/dbnobody" "$U" >"$T/out" 2>"$T/err"
    equals "unreadable file and folder: exit 1, the rest indexed" "$?" 1
    contains "unreadable file is named" "$T/err" "secret.txt: error: cannot open: Permission denied"
    contains "unreadable folder is named" "$T/err" "closed: error: cannot read directory: Permission denied"
    equals "readable file indexed" "$(hits "$T/dbnobody" numbat)" 1
    chmod 755 "$U/closed"
else
    skip "unreadable files (needs root and setpriv to run as an unprivileged user)"
fi
# a 200 MB single document: refused past --max-doc-size, indexed within --memory otherwise
python3 - "$T/big.txt" <<'EOF'
import sys
words = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
         "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu ").split()
line = " ".join(words) + "\n"
with open(sys.argv[1], "w") as f:
    f.write("Big document\n\n")
    n = 0
    i = 0
    while n < 200 * 1000 * 1000:
        s = line if i % 1000 else "uniqueword%d %s" % (i, line)
        f.write(s); n += len(s); i += 1
EOF
check_exit "200 MB document over --max-doc-size 100 is refused" 1 "$IDX" -d "$T/dbbig" --max-doc-size 100 "$T/big.txt"
contains "refusal gives the reason" "$T/err" "over the document limit"
/usr/bin/time -f "%M" -o "$T/rss" "$IDX" -d "$T/dbbig" --memory 1024 "$T/big.txt" >"$T/out" 2>"$T/err"
st=$?
equals "200 MB document indexed" "$st" 0
rss_mb=$(( $(tail -n 1 "$T/rss") / 1024 ))
if [ "$rss_mb" -le 1024 ]; then ok "200 MB document: peak RSS ${rss_mb} MB <= --memory 1024"; else bad "200 MB document: peak RSS ${rss_mb} MB > 1024"; fi
equals "200 MB document searchable" "$(hits "$T/dbbig" uniqueword7000)" 1

cli_finish
