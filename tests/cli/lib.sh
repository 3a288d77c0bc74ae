# SPDX-License-Identifier: GPL-2.0-or-later
# tests/cli/lib.sh — what every command-line suite shares: where the programs are, a scratch
# folder removed on exit, and the checks that print "ok - NAME" or "FAIL - NAME" (with what
# went wrong, indented).  A suite sources it, runs its checks, and ends with `cli_finish`,
# which prints "N passed, N failed" and returns non-zero when a check failed.
#
#   . "$(dirname "$0")/lib.sh"
#   cli_init licence              # $T = a fresh /tmp/byline-licence-XXXXXX, removed on exit
#   check_exit "index exits 0" 0 "$IDX" -d "$T/db" "$ROOT/corpus"
#   contains "summary" "$T/err" "402 added"
#   cli_finish
#
# Variables: BUILD (build folder, default build), ROOT (the source tree), IDX and SRCH (the
# programs in $ROOT/$BUILD), T (scratch folder, after cli_init).  The EXIT trap makes $T
# writable before removing it, so a suite may leave read-only folders behind.
#
# Suites that start servers call `cli_servers` after cli_init: the EXIT trap then also stops
# every process group in $PIDS.  `start_tcpsrv A "$T/a.db"` serves a database on a free port of
# 127.0.0.1 (A_PORT and A_PID are set); `stop_server "$A_PID"` stops it early.  Every server
# runs under setsid, as the leader of its own process group: xapian-tcpsrv answers SIGTERM by
# signalling its whole group, which must not be the suite's.

BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
IDX="$ROOT/$BUILD/byline-index"
SRCH="$ROOT/$BUILD/byline-search"
pass=0
fail=0

# cli_init NAME: make the scratch folder $T and remove it (made writable first) on exit.
cli_init() {
    T=$(mktemp -d "/tmp/byline-$1-XXXXXX") || exit 3
    trap cli_cleanup EXIT
    trap 'exit 130' INT TERM
}

# cli_servers: from now on the EXIT trap (cli_cleanup) also stops every process group in $PIDS
# (call after cli_init; the helpers below need python3 and setsid).
cli_servers() {
    PIDS=""  # process groups to stop (each server is the leader of its own)
    trap cli_cleanup EXIT
}
# cli_cleanup (the EXIT trap): stop the servers' process groups, if any, wait for them, then
# make $T writable and remove it.
# /bin/kill, not the shell builtin: dash's kill cannot signal a process group.
cli_cleanup() {
    for _p in ${PIDS:-}; do env kill -s TERM -- "-$_p" 2>/dev/null; done
    for _p in ${PIDS:-}; do wait "$_p" 2>/dev/null; done
    chmod -R u+rwx "$T" 2>/dev/null
    rm -rf "$T"
}
# free_port: print a TCP port of 127.0.0.1 that is free now.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# wait_port PORT: until something accepts on PORT of 127.0.0.1 (at most ~10 s); 1 if nothing did.
wait_port() {
    python3 - "$1" <<'EOF'
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
EOF
}
# start_tcpsrv VAR DB...: serve DB with xapian-tcpsrv on a free port, in its own process group
# (stopped on exit); sets VAR_PORT and VAR_PID.  A server that does not start is a failed check.
start_tcpsrv() {
    _var=$1
    shift
    _port=$(free_port)
    setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$_port" "$@" >/dev/null 2>&1 &
    _pid=$!
    PIDS="$PIDS $_pid"
    if ! wait_port "$_port"; then bad "xapian-tcpsrv for $* did not start on port $_port"; fi
    eval "${_var}_PORT=$_port ${_var}_PID=$_pid"
}
# stop_server PID: stop the process group PID leads (a server started under setsid), and reap it.
stop_server() { env kill -s TERM -- "-$1" 2>/dev/null; wait "$1" 2>/dev/null; }

ok() { pass=$((pass + 1)); echo "ok - $1"; }
# bad NAME [DETAIL]: a failed check; DETAIL (e.g. the program's stderr) is shown indented.
bad() { fail=$((fail + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    /'; }
skip() { echo "skip - $1"; }

# check_exit NAME WANT CMD...: run CMD with stdout in $T/out and stderr in $T/err.
check_exit() {
    _name=$1 _want=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    _got=$?
    if [ "$_got" -eq "$_want" ]; then ok "$_name"; else bad "$_name (exit $_got, wanted $_want)" "$(head -c 800 "$T/err")"; fi
}
contains() { # contains NAME FILE TEXT
    if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1: '$3' not in $2" "$(head -c 800 "$2")"; fi
}
lacks() { # lacks NAME FILE TEXT
    if grep -qF -- "$3" "$2"; then bad "$1: '$3' unexpectedly in $2" "$(head -c 800 "$2")"; else ok "$1"; fi
}
equals() { # equals NAME GOT WANTED
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', wanted '$3'"; fi
}
json_ok() { # json_ok NAME FILE: the file parses as JSON (python3's parser)
    if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$2" 2>"$T/jerr"; then ok "$1"; else bad "$1" "$(cat "$T/jerr")"; fi
}

# cli_finish: the summary line; the suite's exit status (0 only when every check passed).
cli_finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
