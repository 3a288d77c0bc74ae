#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every source file of the tree carries the licence line (tools/add-licence-headers --check),
# and the check itself fails on a file without one and is satisfied once the tool added it.
# Usage: BUILD=build sh tests/cli/licence.sh
set -u
. "$(dirname "$0")/lib.sh"
cli_init licence

check_exit "every tracked source file has the SPDX licence line" 0 "$ROOT/tools/add-licence-headers" --check
[ -s "$T/out" ] && bad "files listed as lacking the line" "$(cat "$T/out")"
if [ -f "$ROOT/COPYING" ] && grep -q "GNU GENERAL PUBLIC LICENSE" "$ROOT/COPYING" && grep -q "Version 2, June 1991" "$ROOT/COPYING"; then
    ok "COPYING holds the GPL version 2"
else
    bad "COPYING is missing or is not the GPL version 2"
fi

# The check can fail: a copy of the tool in a tree (not a git checkout) with an unlicensed file.
mkdir -p "$T/tree/tools" "$T/tree/lib" "$T/tree/corpus"
cp "$ROOT/tools/add-licence-headers" "$T/tree/tools/"
printf '/* a.c — something. */\nint a;\n' > "$T/tree/lib/a.c"
printf '#!/bin/sh\necho hi\n' > "$T/tree/tools/run"
printf 'not source\n' > "$T/tree/corpus/story.txt"
check_exit "--check fails on files without the line" 1 "$T/tree/tools/add-licence-headers" --check
contains "--check names the C file" "$T/out" "lib/a.c"
contains "--check names the script" "$T/out" "tools/run"
lacks "--check leaves data alone" "$T/out" "corpus/story.txt"
check_exit "the tool adds the line" 0 "$T/tree/tools/add-licence-headers"
equals "C file: licence line first, header kept" "$(head -n 2 "$T/tree/lib/a.c")" \
"/* SPDX-License-Identifier: GPL-2.0-or-later */
/* a.c — something. */"
equals "script: licence line after #!" "$(head -n 2 "$T/tree/tools/run")" \
"#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later"
check_exit "--check passes afterwards" 0 "$T/tree/tools/add-licence-headers" --check
cp "$T/tree/lib/a.c" "$T/a.c.1"
"$T/tree/tools/add-licence-headers" >/dev/null
if cmp -s "$T/a.c.1" "$T/tree/lib/a.c"; then ok "the tool is idempotent"; else bad "a second run changed lib/a.c"; fi

cli_finish
