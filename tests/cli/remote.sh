#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Command-line tests for searching many shards as one: local shards, stub files, remote shards
# served by xapian-tcpsrv and xapian-progsrv on loopback, replicas made by xapian-replicate,
# failures (killed server, slow server, --allow-partial) and byline-index --compact.
#
# The corpus is split in two shards round-robin, so shard A holds documents 1,3,5,... and
# shard B documents 2,4,6,... of the single index; Xapian numbers the documents of a combined
# database the same way, so even ties between equal scores come out in the same order, and
# every output must be byte-for-byte the same as the single index's.
#
# Every server runs in its own process group (xapian-tcpsrv signals its whole group on
# SIGTERM) on a free port of 127.0.0.1, and is stopped by the EXIT trap even when a check
# fails.  Every search runs under `timeout`.  Usage: BUILD=build sh tests/cli/remote.sh
set -u
. "$(dirname "$0")/lib.sh"   # IDX, SRCH, ROOT; ok, bad, cli_finish; start_tcpsrv, free_port
cli_init remote              # $T
cli_servers                  # the EXIT trap also stops every server started below

for prog in xapian-tcpsrv xapian-progsrv xapian-replicate xapian-replicate-server python3 setsid timeout; do
    if ! command -v "$prog" >/dev/null 2>&1; then
        echo "skip - $prog is not installed (Debian: xapian-tools, python3, util-linux, coreutils)"
        exit 0
    fi
done

# search ARGS...: byline-search bounded to 60 s; stdout in $T/out, stderr in $T/err, $rc set
search() { timeout 60 "$SRCH" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
same() { # same NAME FILE1 FILE2
    if cmp -s "$2" "$3"; then ok "$1"; else bad "$1" "$(diff "$2" "$3" | head -20)"; fi
}

# ---- the corpus: one index, and the same documents in two shards -------------------------
mkdir -p "$T/single" "$T/a" "$T/b"
python3 - "$ROOT/corpus/sotu-1945-2018.jsonl" "$T" <<'EOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()[:100]  # enough, and quick (remote facets read whole term lists)
t = sys.argv[2]
for name, part in (("single", lines), ("a", lines[0::2]), ("b", lines[1::2])):
    with open(f"{t}/{name}/part.jsonl", "w", encoding="utf-8") as f:
        f.write("\n".join(part) + "\n")
EOF
for s in single a b; do
    # --shards 1: one Xapian database each, so the round-robin split holds (see above);
    # --jobs 1: documents numbered in file order (workers sharing one shard take turns in
    # whatever order they finish, and equal scores are ordered by document number)
    if "$IDX" -q --shards 1 --jobs 1 -d "$T/$s.db" "$T/$s" 2>"$T/err"; then :; else bad "index $s" "$(cat "$T/err")"; fi
done

# The queries: ranking, phrases, wildcards, filters, facets, sorting, paging, exact counts;
# the last two have pages long enough to span both shards (remote shards fetch a page's
# documents shard by shard, at the same time), one with --collapse (values of the page).
cat >"$T/queries" <<'EOF'
--limit 10 --facets person,place,org,other economy jobs
--limit 5 "health care"
--limit 5 --offset 5 --facets person:5 war peace
--limit 8 --sort -date tax
--limit 8 --sort date --since 1990 --until 2005 budget
--limit 5 --all --exact energy independence
--limit 5 --weight dph --facets place:5 soviet union
--limit 0 --facets org:5 congress
--limit 5 title:union freedom NOT war
--limit 30 --offset 3 --collapse --facets person:5,place:5 president
--limit 40 --all --sort date america
EOF
# run_all NAME LOCATION-ARGS...: every query against the locations, json into $T/NAME.N
run_all() {
    name=$1
    shift
    n=0
    set -f # a query line may hold a wildcard such as tax*
    while IFS= read -r q; do
        n=$((n + 1))
        eval "timeout 60 \"\$SRCH\" \"\$@\" --format json $q" >"$T/$name.$n" 2>"$T/$name.$n.err"
        echo "$?" >>"$T/$name.rc"
    done <"$T/queries"
    set +f
}
compare_all() { # compare_all NAME: every output of NAME equals the single index's
    n=0 diffs=""
    while IFS= read -r q; do
        n=$((n + 1))
        if ! cmp -s "$T/single.$n" "$T/$1.$n"; then
            diffs="$diffs
query '$q': $(diff "$T/single.$n" "$T/$1.$n" | head -8) $(head -c 300 "$T/$1.$n.err")"
        fi
    done <"$T/queries"
    if [ -z "$diffs" ]; then ok "$1: $n queries give the same ids, order, scores, facets"; else bad "$1 differs from one index" "$diffs"; fi
}

run_all single -d "$T/single.db"
if grep -qv '^[01]$' "$T/single.rc"; then bad "single-index queries run" "$(cat "$T/single.rc" "$T/single.1.err")"; else ok "single-index queries run"; fi
if grep -q '"id"' "$T/single.1" && grep -q '"facets"' "$T/single.1"; then ok "queries return hits and facets"; else bad "queries return hits and facets" "$(head -c 400 "$T/single.1")"; fi

run_all local -d "$T/a.db" -d "$T/b.db"
compare_all local

printf 'auto a.db\nauto b.db\n' >"$T/shards.stub"
run_all stub -d "$T/shards.stub"
compare_all stub

# ---- remote shards ---------------------------------------------------------------------
start_tcpsrv A "$T/a.db"
start_tcpsrv B "$T/b.db"
run_all tcp -d "tcp://127.0.0.1:$A_PORT" -d "tcp://127.0.0.1:$B_PORT"
compare_all tcp
# facets counted by Xapian's value-count spies rather than the walk (tests force the choice):
# the lists' display names are then looked up by batches, the shards at the same time
export BYLINE_FACET_BOUND_MIN=100000000
run_all tcpspies -d "tcp://127.0.0.1:$A_PORT" -d "tcp://127.0.0.1:$B_PORT"
unset BYLINE_FACET_BOUND_MIN
compare_all tcpspies

run_all mixed -d "tcp://127.0.0.1:$A_PORT" -d "prog:xapian-progsrv $T/b.db"
compare_all mixed

printf '# two shards: one served by xapian-tcpsrv, one by xapian-progsrv\nremote 127.0.0.1:%s\nremote :xapian-progsrv %s\n' \
    "$A_PORT" "$T/b.db" >"$T/remote.stub"
run_all remotestub --allow-programs -d "$T/remote.stub" # it names a program: trusted here
compare_all remotestub

# Wildcards: Xapian 1.4 expands them in each shard separately, so the weights (not the
# matches) of a wildcard query differ between shards and one index.  Check the matches.
wild_ids() { timeout 60 "$SRCH" "$@" --format jsonl --limit 1000 'tax*' | python3 -c 'import json,sys; print(sorted(json.loads(l)["id"] for l in sys.stdin))'; }
wild_ids -d "$T/single.db" >"$T/wild.single"
wild_ids -d "tcp://127.0.0.1:$A_PORT" -d "tcp://127.0.0.1:$B_PORT" >"$T/wild.tcp"
if [ -s "$T/wild.single" ] && [ "$(cat "$T/wild.single")" != "[]" ]; then same "wildcard: the same documents match" "$T/wild.single" "$T/wild.tcp"; else bad "wildcard query matches something" "$(cat "$T/wild.single")"; fi

# ssh://HOST/PATH through a stand-in for ssh that runs the command locally.
cat >"$T/fake-ssh" <<'EOF'
#!/bin/sh
# Stands in for ssh: drops the options and the host, runs the remote command here.
while [ "$1" = -o ] || [ "$1" = -p ]; do shift 2; done
shift
exec "$@"
EOF
chmod +x "$T/fake-ssh"
BYLINE_SSH="$T/fake-ssh"
export BYLINE_SSH
run_all ssh -d "ssh://localhost$T/a.db" -d "ssh://user@localhost:2222$T/b.db"
compare_all ssh
unset BYLINE_SSH

# ---- failures ----------------------------------------------------------------------------
search -d "tcp://127.0.0.1:$A_PORT" -d "tcp://127.0.0.1:$B_PORT" --format json economy
cp "$T/out" "$T/both.json"
stop_server "$B_PID"
search -d "tcp://127.0.0.1:$A_PORT" -d "tcp://127.0.0.1:$B_PORT" economy
if [ "$rc" -eq 3 ]; then ok "killed server: exit 3"; else bad "killed server: exit 3 (got $rc)" "$(cat "$T/err")"; fi
if grep -qF "tcp://127.0.0.1:$B_PORT" "$T/err"; then ok "killed server: the error names it"; else bad "killed server: the error names it" "$(cat "$T/err")"; fi

search --allow-partial -d "tcp://127.0.0.1:$A_PORT" -d "tcp://127.0.0.1:$B_PORT" --format json economy
if [ "$rc" -eq 0 ]; then ok "--allow-partial: exit 0"; else bad "--allow-partial: exit 0 (got $rc)" "$(cat "$T/err")"; fi
if grep -q "warning: .*tcp://127.0.0.1:$B_PORT" "$T/err" && grep -q "1 of 2 shards" "$T/err"; then
    ok "--allow-partial: warns which shard is missing"
else
    bad "--allow-partial: warns which shard is missing" "$(cat "$T/err")"
fi
cp "$T/out" "$T/partial.json"
search -d "$T/a.db" --format json economy
same "--allow-partial: the answer is shard A's" "$T/out" "$T/partial.json"
search --allow-partial -d "tcp://127.0.0.1:$B_PORT" economy
if [ "$rc" -eq 3 ] && grep -q "no shard could be opened" "$T/err"; then ok "--allow-partial with no shard left: exit 3"; else bad "--allow-partial with no shard left: exit 3 (got $rc)" "$(cat "$T/err")"; fi

# A server that accepts but never answers: --timeout bounds the wait.
SLOW_PORT=$(free_port)
setsid python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8); held = []
while True:
    c, _ = s.accept(); held.append(c)
' "$SLOW_PORT" &
SLOW_PID=$!
PIDS="$PIDS $SLOW_PID"
wait_port "$SLOW_PORT"
t0=$(date +%s)
search --timeout 500 -d "tcp://127.0.0.1:$A_PORT" -d "tcp://127.0.0.1:$SLOW_PORT" economy
t1=$(date +%s)
if [ "$rc" -eq 3 ] && [ $((t1 - t0)) -le 5 ] && grep -qi "timeout" "$T/err" && grep -qF ":$SLOW_PORT" "$T/err"; then
    ok "slow server: --timeout 500 gives exit 3 naming it, quickly"
else
    bad "slow server: --timeout 500 (exit $rc after $((t1 - t0)) s)" "$(cat "$T/err")"
fi
search --timeout 500 --allow-partial -d "tcp://127.0.0.1:$A_PORT" -d "tcp://127.0.0.1:$SLOW_PORT" --format json economy
same "slow server: --allow-partial answers from the other shard" "$T/out" "$T/partial.json"
stop_server "$SLOW_PID"

search -d "tcp://127.0.0.1" economy
if [ "$rc" -eq 2 ] && grep -q "tcp://HOST:PORT" "$T/err"; then ok "malformed location: exit 2 with the expected form"; else bad "malformed location (exit $rc)" "$(cat "$T/err")"; fi
search --timeout 0 -d "$T/a.db" economy
if [ "$rc" -eq 2 ]; then ok "--timeout 0 is a usage error"; else bad "--timeout 0 is a usage error (got $rc)"; fi

# ---- replicas made by xapian-replicate ---------------------------------------------------
mkdir -p "$T/master"
cp -r "$T/b.db" "$T/master/b.db"
RS_PORT=$(free_port)
setsid xapian-replicate-server -I 127.0.0.1 -p "$RS_PORT" "$T/master" >"$T/rs.log" 2>&1 &
RS_PID=$!
PIDS="$PIDS $RS_PID"
wait_port "$RS_PORT"
for r in r1 r2; do
    # (retried: under heavy load the first connection has been seen to be dropped)
    if timeout 60 xapian-replicate -q -o -h 127.0.0.1 -p "$RS_PORT" -m b.db "$T/$r" >"$T/err" 2>&1 ||
        { sleep 1; rm -rf "${T:?}/$r"; timeout 60 xapian-replicate -q -o -h 127.0.0.1 -p "$RS_PORT" -m b.db "$T/$r" >>"$T/err" 2>&1; } ||
        { sleep 2; rm -rf "${T:?}/$r"; timeout 60 xapian-replicate -q -o -h 127.0.0.1 -p "$RS_PORT" -m b.db "$T/$r" >>"$T/err" 2>&1; }; then
        ok "xapian-replicate makes replica $r"
    else
        bad "xapian-replicate makes replica $r" "$(cat "$T/err" "$T/rs.log")"
    fi
done
stop_server "$RS_PID"
start_tcpsrv R1 "$T/r1"
start_tcpsrv R2 "$T/r2"
run_all replicas -d "tcp://127.0.0.1:$A_PORT" -d "tcp://127.0.0.1:$R1_PORT|tcp://127.0.0.1:$R2_PORT"
compare_all replicas
stop_server "$R1_PID"
run_all failover -d "tcp://127.0.0.1:$A_PORT" -d "tcp://127.0.0.1:$R1_PORT|tcp://127.0.0.1:$R2_PORT"
compare_all failover
if grep -q "replica tcp://127.0.0.1:$R1_PORT did not answer" "$T/failover.1.err" &&
    grep -q "answered by replica tcp://127.0.0.1:$R2_PORT" "$T/failover.1.err"; then
    ok "failover: stderr says which replica answered"
else
    bad "failover: stderr says which replica answered" "$(cat "$T/failover.1.err")"
fi
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s | remote 127.0.0.1:%s\n' "$A_PORT" "$R1_PORT" "$R2_PORT" >"$T/replica.stub"
run_all replicastub -d "$T/replica.stub"
compare_all replicastub
stop_server "$R2_PID"
search -d "tcp://127.0.0.1:$A_PORT" -d "tcp://127.0.0.1:$R1_PORT|tcp://127.0.0.1:$R2_PORT" economy
if [ "$rc" -eq 3 ] && grep -q "no replica answered" "$T/err"; then ok "no replica left: exit 3"; else bad "no replica left: exit 3 (got $rc)" "$(cat "$T/err")"; fi
# A replica made by xapian-replicate is a folder with a XAPIANDB stub: searchable locally too.
run_all replicadir -d "$T/a.db" -d "$T/r1"
compare_all replicadir
stop_server "$A_PID"

# ---- byline-index --compact while searches go on ------------------------------------------
# A stub folder made by hand (round-robin shards: exact comparison) ...
mkdir -p "$T/handmade"
cp -r "$T/a.db" "$T/handmade/shard0"
cp -r "$T/b.db" "$T/handmade/shard1"
printf 'auto shard0\nauto shard1\n' >"$T/handmade/XAPIANDB"
run_all handmade -d "$T/handmade"
compare_all handmade
# ... and byline-index's own sharded layout (DB/XAPIANDB, DB/shards/NN, hash of the id).
# Docids differ from the single index there, so ties may change order: compare each query's
# hits as id -> score maps, with totals and facets.
same_hits() { # same_hits NAME FILE1 FILE2 (json outputs)
    if python3 - "$2" "$3" <<'EOF'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
key = lambda r: ({h["id"]: round(h["score"], 9) for h in r["hits"]}, r["total"], r.get("facets"))
sys.exit(0 if key(a) == key(b) else 1)
EOF
    then ok "$1"; else bad "$1" "$(diff "$2" "$3" | head -10)"; fi
}
"$IDX" -q --shards 2 -d "$T/sharded" "$T/single" 2>"$T/err" || bad "index with --shards 2" "$(cat "$T/err")"
search -d "$T/sharded" --format json --limit 1000 --facets person,place economy jobs
cp "$T/out" "$T/sharded.before"
search -d "$T/single.db" --format json --limit 1000 --facets person,place economy jobs
cp "$T/out" "$T/single.all"
same_hits "--shards 2 index: same hits, scores, facets as one index" "$T/single.all" "$T/sharded.before"
# Searches race compactions: each --compact renames a new stub over the old one, then deletes
# the shards the old one named; a search that has just read the old stub must notice and open
# the new layout (lib/locations.c), neither failing nor reading a half-deleted shard.  The
# window is a millisecond or so, so three search loops run while the index is compacted 20
# times in a row (one shard into a new one after the first): before that fix about one
# compaction in six made a search fail, so a regression shows nearly every run.  Every search
# must exit 0 and print the answer of the index before or after compaction.
RQ="--format jsonl --limit 3 --facets person economy jobs"
search -d "$T/sharded" $RQ
cp "$T/out" "$T/race.before"
mkdir "$T/race"
LOOPS=
for L in 1 2 3; do
    ( i=0
      while [ -d "$T/race" ] && [ ! -e "$T/race.stop" ] && [ $i -lt 2000 ]; do
          timeout 60 "$SRCH" -d "$T/sharded" $RQ >"$T/race/$L.$i" 2>>"$T/race.err"
          echo "$?" >"$T/race/$L.$i.rc"
          i=$((i + 1))
      done ) &
    LOOPS="$LOOPS $!"
done
sleep 0.2
if timeout 120 "$IDX" -d "$T/sharded" --compact 2>"$T/err"; then ok "--compact of a sharded index exits 0"; else bad "--compact of a sharded index exits 0" "$(cat "$T/err")"; fi
n=1
while [ $n -lt 20 ] && timeout 120 "$IDX" -q -d "$T/sharded" --compact 2>"$T/err"; do n=$((n + 1)); done
if [ $n -eq 20 ]; then ok "--compact 20 times in a row while searching"; else bad "--compact 20 times in a row (run $((n + 1)) failed)" "$(cat "$T/err")"; fi
touch "$T/race.stop"
wait $LOOPS
search -d "$T/sharded" $RQ
cp "$T/out" "$T/race.after"
runs=0 failed=0 torn=0 first=
for f in "$T"/race/*.rc; do
    runs=$((runs + 1))
    if [ "$(cat "$f")" != 0 ]; then
        failed=$((failed + 1))
    elif ! cmp -s "${f%.rc}" "$T/race.before" && ! cmp -s "${f%.rc}" "$T/race.after"; then
        torn=$((torn + 1)) first="${first:-${f%.rc}}"
    fi
done
if [ $runs -ge 10 ] && [ $failed -eq 0 ]; then ok "searches during --compact all succeed ($runs searches)"; else bad "searches during --compact all succeed ($failed of $runs failed)" "$(head -5 "$T/race.err")"; fi
if [ $torn -eq 0 ]; then ok "searches during --compact see the old index or the new one"; else bad "searches during --compact see the old index or the new one ($torn of $runs differ)" "$(diff "$T/race.after" "$first" | head -6)"; fi
if [ "$(grep -vc '^#' "$T/sharded/XAPIANDB")" -eq 1 ] && [ ! -e "$T/sharded/shards/00" ]; then ok "--compact leaves one shard"; else bad "--compact leaves one shard" "$(ls "$T/sharded"; cat "$T/sharded/XAPIANDB")"; fi
if xapian-check "$T/sharded/$(grep -v '^#' "$T/sharded/XAPIANDB" | sed 's/^auto //')" >"$T/err" 2>&1; then ok "compacted index passes xapian-check"; else bad "compacted index passes xapian-check" "$(tail -5 "$T/err")"; fi
search -d "$T/sharded" --format json --limit 1000 --facets person,place economy jobs
same_hits "compacted index: same hits, scores, facets" "$T/single.all" "$T/out"
cp -r "$T/single.db" "$T/plain.db"
if timeout 120 "$IDX" -d "$T/plain.db" --compact 2>"$T/err" && [ -f "$T/plain.db/iamglass" ]; then ok "--compact of an index folder"; else bad "--compact of an index folder" "$(cat "$T/err")"; fi
if ls "$T" | grep -q 'plain.db.compact\|plain.db.old'; then bad "--compact leaves no temporary folder" "$(ls "$T")"; else ok "--compact leaves no temporary folder"; fi
search -d "$T/plain.db" --format json --limit 10 --facets person,place,org,other economy jobs
same "compacted folder gives the same answers" "$T/out" "$T/single.1"

# A writer holding the lock: --compact refuses (exit 3) and leaves the index alone.
mkfifo "$T/fifo"
"$IDX" -q -d "$T/plain.db" - <"$T/fifo" 2>/dev/null &
WRITER=$!
exec 9>"$T/fifo"
sleep 0.5
timeout 60 "$IDX" -d "$T/plain.db" --compact 2>"$T/err"
rc=$?
if [ "$rc" -eq 3 ] && grep -qi "lock" "$T/err"; then ok "--compact with a busy writer: exit 3, says locked"; else bad "--compact with a busy writer (exit $rc)" "$(cat "$T/err")"; fi
exec 9>&-
wait "$WRITER"
search -d "$T/plain.db" --format json --limit 10 --facets person,place,org,other economy jobs
same "the index is unharmed after a refused --compact" "$T/out" "$T/single.1"

cli_finish
