#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Packaging, end to end (issue 13): `make install DESTDIR=... PREFIX=/usr` installs what a
# Debian library package would (programs, libbyline.a, libbyline.so.N with its links, byline.h
# only, byline.pc, man pages, bash completion); a plain `cc` builds examples/search.c with
# pkg-config against the installed shared library and it runs; the shared library exports
# exactly the functions byline.h declares; each man page renders without a warning; `make
# uninstall` removes exactly what was installed.
# Usage: BUILD=build sh tests/cli/install.sh
set -u
. "$(dirname "$0")/lib.sh"
cli_init install

D="$T/dest"
make -s -C "$ROOT" BUILD="$BUILD" DESTDIR="$D" PREFIX=/usr install >"$T/make.out" 2>&1
if [ $? -eq 0 ]; then ok "make install DESTDIR PREFIX=/usr"; else bad "make install failed" "$(tail -n 20 "$T/make.out")"; fi

for f in bin/byline-index bin/byline-search bin/byline-serve lib/libbyline.a lib/libbyline.so lib/libbyline.so.0 \
         include/byline.h lib/pkgconfig/byline.pc share/man/man1/byline-index.1 \
         share/man/man1/byline-search.1 share/man/man1/byline-serve.1 share/man/man3/libbyline.3 share/man/man7/byline-query.7 \
         share/bash-completion/completions/byline-index share/bash-completion/completions/byline-search \
         share/bash-completion/completions/byline-serve; do
    if [ -e "$D/usr/$f" ]; then ok "installed /usr/$f"; else bad "/usr/$f not installed"; fi
done
if [ -e "$D/usr/include/xapian_c.h" ] || [ -e "$D/usr/include/byline/xapian_c.h" ]; then
    bad "the internal binding header xapian_c.h is installed"
else
    ok "xapian_c.h (internal) is not installed"
fi
equals "libbyline.so.0 is a link to the versioned file" \
    "$(readlink "$D/usr/lib/libbyline.so.0" | sed 's/[0-9][0-9]*\.[0-9][0-9]*$/M.m/')" "libbyline.so.0.M.m"
equals "libbyline.so -> libbyline.so.0" "$(readlink "$D/usr/lib/libbyline.so")" "libbyline.so.0"
soname=$(objdump -p "$D/usr/lib/libbyline.so.0" 2>/dev/null | awk '$1 == "SONAME" {print $2}')
equals "soname" "$soname" "libbyline.so.0"

# Exports: exactly the functions byline.h declares (compared both ways).
cc -E -P "$ROOT/include/byline.h" | grep -o '\bbl_[a-z0-9_]*[[:space:]]*(' | sed 's/[[:space:](]//g' | sort -u >"$T/declared"
nm -D --defined-only "$D/usr/lib/libbyline.so.0" | awk '{print $3}' | sed 's/@.*//' | sort -u >"$T/exported"
if [ -s "$T/declared" ] && cmp -s "$T/declared" "$T/exported"; then
    ok "libbyline.so exports exactly byline.h's $(wc -l <"$T/declared") functions"
else
    bad "exports differ from byline.h (< declared only, > exported only)" "$(diff "$T/declared" "$T/exported")"
fi
grep -q '^bl_index_build$\|^bl_query_parse\|^xc_' "$T/exported" && bad "internal functions are exported" || ok "no internal bl_/xc_ function exported"

# A C program built with plain cc through pkg-config, run against the installed .so.
export PKG_CONFIG_PATH="$D/usr/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D"
flags=$(pkg-config --cflags --libs byline 2>"$T/pc.err")
if [ $? -eq 0 ]; then ok "pkg-config --cflags --libs byline: $flags"; else bad "pkg-config byline failed" "$(cat "$T/pc.err")"; fi
equals "pkg-config --modversion byline is byline.h's version" "$(pkg-config --modversion byline)" \
    "$(sed -n 's/^#define BYLINE_VERSION_\(MAJOR\|MINOR\|MICRO\) *\([0-9]*\).*/\2/p' "$ROOT/include/byline.h" | paste -sd.)"
case " $flags " in *" -lstdc++ "*|*" -lxapian "*) bad "pkg-config --libs byline asks for the library's own dependencies: $flags" ;; *) ok "pkg-config --libs byline needs only -lbyline" ;; esac
# (a sanitizer build's library needs the sanitizer's runtime in the program too)
SAN=${SANITIZE:-}
check_exit "cc examples/search.c \$(pkg-config --cflags --libs byline)" 0 \
    cc $SAN -o "$T/search" "$ROOT/examples/search.c" $flags
LD_LIBRARY_PATH="$D/usr/lib" "$T/search" "$T/ex.db" drones >"$T/out" 2>"$T/err"
equals "the example finds one hit" "$?" 0
contains "the example prints the hit" "$T/out" "1 border Drones seen over the border"
if LD_LIBRARY_PATH="$D/usr/lib" ldd "$T/search" | grep -q "$D/usr/lib/libbyline.so.0"; then ok "the example runs on the installed libbyline.so.0"; else bad "the example does not use the installed shared library" "$(ldd "$T/search")"; fi
LD_LIBRARY_PATH="$D/usr/lib" "$T/search" "$T/ex.db" "zzzunknown" >"$T/out" 2>"$T/err"
equals "no hit: exit 1 (bl_exit_status convention)" "$?" 1
check_exit "static build with pkg-config --static" 0 \
    sh -c "cc $SAN -o '$T/search-static' '$ROOT/examples/search.c' \$(pkg-config --static --cflags byline) '$D/usr/lib/libbyline.a' \$(pkg-config --static --libs-only-l byline | sed 's/-lbyline//')"
"$T/search-static" "$T/ex2.db" budget >"$T/out" 2>"$T/err"
contains "the static example runs" "$T/out" "1 budget Parliament passes the budget"

# Man pages render without warnings.
if command -v man >/dev/null 2>&1; then
    for m in "$D"/usr/share/man/man*/*; do
        LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$m" >"$T/man.out" 2>"$T/man.err"
        if [ -s "$T/man.err" ] || [ ! -s "$T/man.out" ]; then
            bad "man -l $(basename "$m") renders with warnings" "$(cat "$T/man.err")"
        else
            ok "man -l $(basename "$m") renders without warnings"
        fi
    done
else
    bad "man is not installed (Debian: man-db, groff-base)"
fi
# Every option of --help has a .TP block in its man page.
for p in byline-index byline-search byline-serve; do
    missing=""
    for o in $("$ROOT/$BUILD/$p" --help | sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z0-9-]*\).*/\2/p'); do
        grep -q -- "$(printf '%s' "$o" | sed 's/-/\\\\-/g')" "$ROOT/man/$p.1" || missing="$missing $o"
    done
    equals "$p(1) documents every option of --help" "$missing" ""
done

# Bash completion completes options from --help.
if command -v bash >/dev/null 2>&1; then
    got=$(PATH="$ROOT/$BUILD:$PATH" bash -c '. "$1"; COMP_WORDS=(byline-search --colo); COMP_CWORD=1; _byline byline-search; echo "${COMPREPLY[*]}"' sh "$D/usr/share/bash-completion/completions/byline-search")
    equals "bash completion: --colo -> --color" "$got" "--color"
fi

# Uninstall removes exactly what was installed: nothing but empty folders is left.
make -s -C "$ROOT" BUILD="$BUILD" DESTDIR="$D" PREFIX=/usr uninstall >"$T/make.out" 2>&1
equals "make uninstall exits 0" "$?" 0
equals "make uninstall leaves no file or link" "$(find "$D" ! -type d | sed "s|$D||")" ""
mkdir -p "$T/keep/usr/lib" && touch "$T/keep/usr/lib/libother.so"
make -s -C "$ROOT" BUILD="$BUILD" DESTDIR="$T/keep" PREFIX=/usr uninstall >/dev/null 2>&1
if [ -e "$T/keep/usr/lib/libother.so" ]; then ok "make uninstall leaves other files alone"; else bad "make uninstall removed a file it did not install"; fi

cli_finish
