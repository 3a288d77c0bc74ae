#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Terminal manners: byline-search colours (bold matches and titles) only on a terminal, and
# not there either when NO_COLOR is set (https://no-color.org) or TERM is dumb, unless
# --color always asks for it.  The programs run under a pseudo-terminal made by script(1).
# Usage: BUILD=build sh tests/cli/color.sh
set -u
. "$(dirname "$0")/lib.sh"
cli_init color

if ! command -v script >/dev/null 2>&1; then
    bad "script(1) is not installed (Debian: bsdutils)"
    cli_finish
    exit 1
fi
"$IDX" -q -d "$T/db" "$ROOT/corpus/israel-india-defence.txt" >"$T/out" 2>"$T/err" || bad "indexing the seed article" "$(cat "$T/err")"

ESC=$(printf '\033')
# tty_search ENV...: run byline-search (default colour) under a pty with the environment ENV;
# its output (stdout and stderr, as the terminal shows them) in $T/tty.
tty_search() {
    env "$@" script -qec "$SRCH -d $T/db strategic ally" /dev/null >"$T/tty" 2>&1 </dev/null
}
has_esc() { # has_esc NAME WANT(yes|no)
    if grep -q "$ESC" "$T/tty"; then got=yes; else got=no; fi
    if [ "$got" = "$2" ]; then ok "$1"; else bad "$1: escape sequences: $got, wanted $2" "$(head -c 400 "$T/tty" | od -c | head -5)"; fi
}

tty_search -u NO_COLOR TERM=xterm
contains "under a pty the seed article is found" "$T/tty" "Key Strategic Ally"
has_esc "pty, --color auto (default): bold" yes
tty_search NO_COLOR=1 TERM=xterm
has_esc "pty, NO_COLOR=1: no colour" no
env NO_COLOR=1 TERM=xterm script -qec "$SRCH -d $T/db --color auto strategic ally" /dev/null >"$T/tty" 2>&1 </dev/null
has_esc "pty, NO_COLOR=1 --color auto: no colour" no
env -u NO_COLOR TERM=dumb script -qec "$SRCH -d $T/db strategic ally" /dev/null >"$T/tty" 2>&1 </dev/null
has_esc "pty, TERM=dumb: no colour" no
env NO_COLOR= TERM=xterm script -qec "$SRCH -d $T/db strategic ally" /dev/null >"$T/tty" 2>&1 </dev/null
has_esc "pty, NO_COLOR empty: colour (the variable counts only when not empty)" yes
env NO_COLOR=1 TERM=dumb script -qec "$SRCH -d $T/db --color always strategic ally" /dev/null >"$T/tty" 2>&1 </dev/null
has_esc "pty, NO_COLOR=1 TERM=dumb --color always: colour forced" yes
env -u NO_COLOR TERM=xterm script -qec "$SRCH -d $T/db --color never strategic ally" /dev/null >"$T/tty" 2>&1 </dev/null
has_esc "pty, --color never: no colour" no
env -u NO_COLOR TERM=xterm "$SRCH" -d "$T/db" strategic ally >"$T/tty" 2>&1
has_esc "not a terminal (a pipe): no colour" no

cli_finish
