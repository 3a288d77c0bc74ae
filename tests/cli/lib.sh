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
# programs in $ROOT/$BUILD), T (scratch folder, after cli_init).  Suites that must clean up
# more (servers, read-only folders) set their own EXIT trap after cli_init and remove $T there.

BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
IDX="$ROOT/$BUILD/byline-index"
SRCH="$ROOT/$BUILD/byline-search"
pass=0
fail=0

# cli_init NAME: make the scratch folder $T and remove it (made writable first) on exit.
cli_init() {
    T=$(mktemp -d "/tmp/byline-$1-XXXXXX") || exit 3
    trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
    trap 'exit 130' INT TERM
}

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
