#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Safety and robustness (issue 12), end to end: stub files never start programs unless
# --allow-programs, ssh:// never passes an option to ssh, control characters from documents
# never reach the terminal raw, queries are bounded, bad file names, stale documents, file
# and stdin identity, input warnings, exact counts, every query shape answers, honest
# messages.  Independent of the other suites.
# Each check prints "ok" or "FAIL"; the last line is "N passed, N failed"; exit 1 on failure.
# Usage: BUILD=build sh tests/cli/safety.sh
set -u
. "$(dirname "$0")/lib.sh"   # ok, bad, check_exit, contains, lacks, equals, cli_finish
cli_init safety              # $T, made writable and removed on exit
absent() { if [ -e "$2" ]; then bad "$1: $2 exists"; rm -f "$2"; else ok "$1"; fi; }

mkdir -p "$T/src"
printf 'Modi visits Paris\nNarendra Modi met leaders in Paris on defence.\n' >"$T/src/a.txt"
printf 'Beta release\nThe beta of the tool is out.\n' >"$T/src/b.txt"
DB="$T/db"
"$IDX" -q --shards 1 -d "$DB" "$T/src" || bad "index the sources"

# ---- 1. stub files never start programs ----------------------------------------------------
PW="$T/pwned"
printf 'remote :touch %s\n' "$PW" >"$T/evil.stub"
check_exit "stub naming a program: exit 2" 2 "$SRCH" -d "$T/evil.stub" modi
absent "stub naming a program: nothing run" "$PW"
contains "refusal names the file and line" "$T/err" "evil.stub:1:"
contains "refusal says how to allow it" "$T/err" "--allow-programs"
mkdir -p "$T/evdir"
printf '# comment\n\nremote :touch %s\n' "$PW" >"$T/evdir/XAPIANDB"
check_exit "stub folder naming a program: exit 2" 2 "$SRCH" -d "$T/evdir" modi
absent "stub folder naming a program: nothing run" "$PW"
contains "stub folder refusal names line 3" "$T/err" "XAPIANDB:3:"
# A NUL byte early in the file must not make it look like a database Xapian opens itself.
printf '# \000\nremote :touch %s\n' "$PW" >"$T/nul.stub"
check_exit "stub with a NUL byte: exit 2" 2 "$SRCH" -d "$T/nul.stub" modi
absent "stub with a NUL byte: nothing run" "$PW"
# ... also behind a replica bar and nested one stub deeper
printf 'auto db | remote :touch %s\n' "$PW" >"$T/rep.stub"
check_exit "program as a replica: exit 2" 2 "$SRCH" -d "$T/rep.stub" modi
absent "program as a replica: nothing run" "$PW"
mkdir -p "$T/nest"
cp "$T/evil.stub" "$T/nest/inner.stub"
printf 'auto inner.stub\n' >"$T/nest/outer.stub"
check_exit "nested stub naming a program: exit 2" 2 "$SRCH" -d "$T/nest/outer.stub" modi
absent "nested stub: nothing run" "$PW"
# the indexer refuses it too (remote shards cannot be written)
mkdir -p "$T/evidx"
printf 'remote :touch %s\n' "$PW" >"$T/evidx/XAPIANDB"
check_exit "indexer: stub naming a program: exit 2" 2 "$IDX" -q -d "$T/evidx" "$T/src"
absent "indexer: nothing run" "$PW"
check_exit "--stats: stub naming a program: exit 2" 2 "$IDX" --stats -d "$T/evidx"
absent "--stats: nothing run" "$PW"
# --allow-programs: the user trusts the stub
printf 'remote :xapian-progsrv %s\n' "$DB" >"$T/good.stub"
check_exit "stub program refused without --allow-programs" 2 "$SRCH" -d "$T/good.stub" modi
check_exit "stub program runs with --allow-programs" 0 "$SRCH" --allow-programs -d "$T/good.stub" modi
# prog: on the command line is the user's own: trusted
check_exit "prog: on the command line runs" 0 "$SRCH" -d "prog:xapian-progsrv $DB" modi
# auto paths outside the stub's folder
mkdir -p "$T/out1"
printf 'auto ../db\n' >"$T/out1/XAPIANDB"
check_exit "stub path outside its folder: exit 2" 2 "$SRCH" -d "$T/out1" modi
contains "outside path refusal names the line" "$T/err" "XAPIANDB:1:"
check_exit "outside path opens with --allow-programs" 0 "$SRCH" --allow-programs -d "$T/out1" modi
printf 'auto %s\n' "$DB" >"$T/abs.stub"
check_exit "absolute stub path: exit 2" 2 "$SRCH" -d "$T/abs.stub" modi
ln -s "$DB" "$T/out1/link"
printf 'auto link\n' >"$T/out1/XAPIANDB"
check_exit "stub path leaving through a symlink: exit 2" 2 "$SRCH" -d "$T/out1" modi
# the writer never writes outside the index folder named by a planted stub
mkdir -p "$T/victim" "$T/plant"
printf 'auto ../victim/s0\nauto ../victim/s1\n' >"$T/plant/XAPIANDB"
check_exit "indexer: stub shards outside the folder: exit 2" 2 "$IDX" -q -d "$T/plant" "$T/src"
contains "indexer refusal names the line" "$T/err" "XAPIANDB:1:"
if [ -z "$(ls "$T/victim")" ]; then ok "indexer wrote nothing outside"; else bad "indexer wrote outside" "$(ls "$T/victim")"; fi
check_exit "--compact: stub shards outside the folder: exit 2" 2 "$IDX" --compact -d "$T/plant"
# the sharded index byline-index makes itself keeps working
check_exit "own sharded index: index" 0 "$IDX" -q --shards 3 -d "$T/sh" "$T/src"
check_exit "own sharded index: search" 0 "$SRCH" -d "$T/sh" modi

# ---- 2. ssh:// never passes an option to ssh -----------------------------------------------
for loc in "ssh://-Fevil/x" "ssh://-oProxyCommand=touch%20$PW/x" "ssh://u@-oProxyCommand=x/x" "ssh://-p22/x"; do
    check_exit "ssh location $loc: exit 2" 2 env BYLINE_SSH=/bin/echo "$SRCH" -d "$loc" modi
done
absent "ssh: nothing run" "$PW"

# ---- 3. nothing from a document reaches the terminal raw ------------------------------------
printf '{"id":"x\\u001b]0;pwn\\u0007y","title":"Evil \\u001b[31mred\\u009b title","text":"modi here modi","source":"s"}\n' >"$T/esc.jsonl"
"$IDX" -q -d "$T/escdb" "$T/esc.jsonl"
check_exit "search a document with control characters" 0 "$SRCH" -d "$T/escdb" --color never modi
if LC_ALL=C grep -q "$(printf '\033')" "$T/out"; then bad "no raw ESC in text output" "$(cat -A "$T/out")"; else ok "no raw ESC in text output"; fi
if LC_ALL=C grep -q "$(printf '\302\233')" "$T/out"; then bad "no raw C1 CSI in text output"; else ok "no raw C1 CSI in text output"; fi
contains "title escaped" "$T/out" 'Evil \x1b[31mred\u009b title'
contains "id escaped" "$T/out" 'x\x1b]0;pwn\x07y'
check_exit "--like an unknown id holding control characters: exit 2" 2 "$SRCH" -d "$T/escdb" --like "$(printf 'z\033]0;q')" modi
if LC_ALL=C grep -q "$(printf '\033')" "$T/err"; then bad "--like: the id is escaped in the message" "$(cat -A "$T/err")"; else ok "--like: the id is escaped in the message"; fi
check_exit "graph and terms of a document with control characters" 0 "$SRCH" -d "$T/escdb" --limit 0 --graph all --terms 5 --color never modi
if LC_ALL=C grep -q "$(printf '\033')" "$T/out" "$T/err"; then bad "no raw ESC in the views' text" "$(cat -A "$T/out")"; else ok "no raw ESC in the views' text"; fi
"$SRCH" -d "$T/escdb" --format json modi >"$T/json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["hits"][0]["title"]=="Evil \x1b[31mred\x9b title"' "$T/json"; then ok "JSON keeps the exact title"; else bad "JSON keeps the exact title" "$(cat "$T/json")"; fi
# indexer messages quote file names and document ids escaped
printf '{"id":"q\\u001b[2Jq","title":"t","text":"x","date":"not a date"}\n{"title":"no text \\u001b[5m"}\n' >"$T/esc2.jsonl"
"$IDX" -d "$T/escdb2" "$T/esc2.jsonl" >"$T/out" 2>"$T/err"
if LC_ALL=C grep -q "$(printf '\033')" "$T/err"; then bad "no raw ESC in indexer messages" "$(cat -A "$T/err")"; else ok "no raw ESC in indexer messages"; fi
mkdir -p "$T/escsrc"
printf 'Title\nbody\n' >"$T/escsrc/$(printf 'a\033[31mb').txt"
printf '' >"$T/escsrc/$(printf 'empty\033c').txt"
"$IDX" -d "$T/escdb3" "$T/escsrc" >"$T/out" 2>"$T/err"
if LC_ALL=C grep -q "$(printf '\033')" "$T/err"; then bad "file names escaped in indexer messages" "$(cat -A "$T/err")"; else ok "file names escaped in indexer messages"; fi
"$SRCH" -d "$T/escdb3" body >"$T/out" 2>&1
if LC_ALL=C grep -q "$(printf '\033')" "$T/out"; then bad "file-name ids escaped in search output" "$(cat -A "$T/out")"; else ok "file-name ids escaped in search output"; fi

# ---- 4. bounded queries ----------------------------------------------------------------------
python3 -c 'import sys; sys.stdout.write(("modi paris defence " * 6000)[:100000])' >"$T/q100k"
check_exit "100 KB query: exit 2" 2 "$SRCH" -d "$DB" -- "$(cat "$T/q100k")"
contains "100 KB query: names the byte limit" "$T/err" "too long (100000 bytes; at most 16384)"
python3 -c 'import sys; sys.stdout.write(" ".join(["ab"] * 1100))' >"$T/q1100"
check_exit "1100-word query: exit 2" 2 "$SRCH" -d "$DB" -- "$(cat "$T/q1100")"
contains "1100-word query: names the word limit" "$T/err" "too many words (at most 1024)"
python3 -c 'import sys; sys.stdout.write(" ".join(["ab"] * 1000))' >"$T/q1000"
check_exit "1000-word query runs" 1 "$SRCH" -d "$DB" -- "$(cat "$T/q1000")"
python3 -c 'import sys; sys.stdout.write(" OR ".join("w%02d*" % i for i in range(17)))' >"$T/qwild"
check_exit "17 wildcards: exit 2" 2 "$SRCH" -d "$DB" -- "$(cat "$T/qwild")"
contains "17 wildcards: names the limit" "$T/err" "too many wildcards (at most 16"
python3 -c 'import sys; sys.stdout.write("(" * 70 + "modi" + ")" * 70)' >"$T/qdeep"
check_exit "nesting 70 deep: exit 2" 2 "$SRCH" -d "$DB" -- "$(cat "$T/qdeep")"

# ---- 5. one bad file name costs at most one document ----------------------------------------
mkdir -p "$T/u8"
printf 'Good one\nwombat text\n' >"$T/u8/a.txt"
printf 'Bad name\nwombat text two\n' >"$T/u8/$(printf 'b\377\376.txt')"
printf 'Good z\nwombat text three\n' >"$T/u8/z.txt"
check_exit "non-UTF-8 file name: all indexed" 0 "$IDX" -d "$T/u8db" "$T/u8"
lacks "non-UTF-8 file name: no out-of-memory" "$T/err" "out of memory"
check_exit "non-UTF-8 file name: searchable" 0 "$SRCH" -d "$T/u8db" --limit 10 wombat
contains "non-UTF-8 file name: three hits" "$T/out" "3 results"
contains "non-UTF-8 file name: id escaped" "$T/out" 'b\xff\xfe.txt'
printf 'More\nwombat four\n' >"$T/u8/c.txt"
check_exit "non-UTF-8 file name: next run still works" 0 "$IDX" -d "$T/u8db" "$T/u8"
# a JSON field that is not UTF-8 after all is one rejected document, not a sticky error
printf '{"id":"ok1","text":"wombat fine"}\n' >"$T/u8/feed.jsonl"
check_exit "run after a bad name keeps indexing" 0 "$IDX" -d "$T/u8db" "$T/u8"

# ---- 6. a shrunk file leaves no stale documents ----------------------------------------------
printf '{"id":"l1","text":"quokka one"}\n{"id":"l2","text":"quokka two"}\n{"id":"l3",\n{"id":"l4","text":"quokka four"}\n{"id":"l5","text":"quokka five"}\n' >"$T/shrink.jsonl"
check_exit "file with a bad line: some rejected" 1 "$IDX" -d "$T/shdb" "$T/shrink.jsonl"
printf '{"id":"l1","text":"quokka one"}\n{"id":"l2","text":"quokka two"}\n' >"$T/shrink.jsonl"
check_exit "shrunk file re-indexed" 0 "$IDX" -d "$T/shdb" "$T/shrink.jsonl"
"$SRCH" -d "$T/shdb" --format jsonl --limit 100 quokka >"$T/out" 2>&1
equals "shrunk file: only its two documents remain" "$(grep -c '"id"' "$T/out")" 2
lacks "shrunk file: l4 gone" "$T/out" '"id":"l4"'

# ---- 7. one file is one document, whatever folder names it -----------------------------------
mkdir -p "$T/news/asia"
printf 'Doval visits\nAjit Doval met the numbat.\n' >"$T/news/asia/doval.txt"
printf 'Top story\nthe numbat top story\n' >"$T/news/top.txt"
"$IDX" -q -d "$T/iddb" "$T/news"
(cd "$T/news" && "$IDX" -q -d "$T/iddb" asia/doval.txt)
(cd "$T/news/asia" && "$IDX" -q -d "$T/iddb" doval.txt)
"$IDX" -q -d "$T/iddb" "$T/news/./asia/../asia/doval.txt"
ln -s "$T/news/asia" "$T/asialink"
"$IDX" -q -d "$T/iddb" "$T/asialink/doval.txt"
"$SRCH" -d "$T/iddb" --format jsonl --limit 100 numbat >"$T/out" 2>&1
equals "one file, five ways: two documents" "$(grep -c '"id"' "$T/out")" 2
contains "id relative to the first folder indexed" "$T/out" '"id":"asia/doval.txt"'
# the other order: the file first, then its folder's parent
"$IDX" -q -d "$T/iddb2" "$T/news/asia/doval.txt"
"$IDX" -q -d "$T/iddb2" "$T/news"
"$SRCH" -d "$T/iddb2" --format jsonl --limit 100 numbat >"$T/out" 2>&1
equals "file then folder: two documents" "$(grep -c '"id"' "$T/out")" 2
contains "file then folder: the file keeps its id" "$T/out" '"id":"doval.txt"'

# ---- 8. standard input without ids never overwrites ------------------------------------------
printf '{"title":"First","text":"platypus alpha"}\n{"title":"Second","text":"platypus beta"}\n' | "$IDX" -q -d "$T/stdb" -
printf '{"title":"Third","text":"platypus gamma"}\n' | "$IDX" -q -d "$T/stdb" -
printf '{"title":"First","text":"platypus alpha"}\n' | "$IDX" -d "$T/stdb" - 2>"$T/err"
"$SRCH" -d "$T/stdb" --format jsonl --limit 100 platypus >"$T/out" 2>&1
equals "stdin feeds: three distinct documents" "$(grep -c '"id"' "$T/out")" 3
contains "stdin: same document again replaces it" "$T/err" "0 added, 1 replaced"
if grep -Eq '"id":"stdin:[0-9a-f]{16}"' "$T/out"; then ok "stdin: content ids"; else bad "stdin: content ids" "$(head -c 400 "$T/out")"; fi

# ---- 10. exact counts where they are cheap; --count ------------------------------------------
python3 - "$T/count.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(23):
        words = ["filler%d" % i, "common"]
        if i % 2 == 0: words.append("modi")
        if i % 7 == 0: words.append("beta")
        f.write(json.dumps({"id": "c%d" % i, "title": "Doc %d" % i, "text": " ".join(words)}) + "\n")
PY
"$IDX" -q -d "$T/cdb" "$T/count.jsonl"
# modi: 12 documents (even i), beta: 0 7 14 21, of which 7 and 21 are odd: 14 in all
check_exit "small index: OR query" 0 "$SRCH" -d "$T/cdb" --limit 3 'modi OR beta'
contains "small index: exact count in text" "$T/out" "14 results"
lacks "small index: no 'about'" "$T/out" "about"
"$SRCH" -d "$T/cdb" --format json --limit 3 'modi OR beta' >"$T/out"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"]==14 and d["total_exact"] is True, d' "$T/out"; then ok "small index: JSON total exact"; else bad "small index: JSON total exact" "$(head -c 300 "$T/out")"; fi
check_exit "--count" 0 "$SRCH" -d "$T/cdb" --count 'modi OR beta'
equals "--count prints only the number" "$(cat "$T/out")" 14
check_exit "--count with no match exits 1" 1 "$SRCH" -d "$T/cdb" --count zzzqqq
equals "--count with no match prints 0" "$(cat "$T/out")" 0
check_exit "--count ignores --limit and --facets" 0 "$SRCH" -d "$T/cdb" --count --limit 5 --facets person common
equals "--count prints the whole count" "$(cat "$T/out")" 23

# ---- 11. every query shape answers -----------------------------------------------------------
check_exit "'*' alone matches every document" 0 "$SRCH" -d "$T/cdb" --count '*'
equals "'*' alone: 23" "$(cat "$T/out")" 23
check_exit "'* -modi'" 0 "$SRCH" -d "$T/cdb" --count -- '* -modi'
equals "'* -modi': 11" "$(cat "$T/out")" 11
check_exit "'*' with --facets" 0 "$SRCH" -d "$T/cdb" --limit 0 --facets person '*'
check_exit "filters only: id:c3" 0 "$SRCH" -d "$T/cdb" --count 'id:c3'
equals "filters only: one" "$(cat "$T/out")" 1
check_exit "'title:' alone is a query error" 2 "$SRCH" -d "$T/cdb" 'title:'
contains "'title:' error names the field" "$T/err" "'title:' needs a value"
contains "'title:' error has a column" "$T/err" "column 1"
check_exit "'modi source:' is a query error" 2 "$SRCH" -d "$T/cdb" 'modi source:'
contains "'modi source:' error at column 6" "$T/err" "column 6"
check_exit "invalid UTF-8 query in JSON: answered" 1 "$SRCH" -d "$T/cdb" --format json "$(printf 'caf\377')"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["query"]=="caf\\xff", d' "$T/out"; then ok "invalid UTF-8 query: JSON echoes it escaped"; else bad "invalid UTF-8 query: JSON" "$(head -c 300 "$T/out") $(cat "$T/err")"; fi
check_exit "invalid UTF-8 query in JSON Lines" 1 "$SRCH" -d "$T/cdb" --format jsonl "$(printf 'caf\377')"

# ---- 13. honest messages ---------------------------------------------------------------------
# run a command as an unprivileged user (root ignores file permissions)
as_user() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
if [ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null 2>&1; then
    chmod 755 "$T"
    mkdir -p "$T/ro"
    "$IDX" -q --shards 1 -d "$T/ro/db" "$T/src/a.txt"
    chmod -R a+rX "$T/ro" "$T/src"
    chmod 555 "$T/ro/db"
    rm -f "$T/ro/db/flintlock"
    check_exit "unwritable lock file: exit 3" 3 as_user "$IDX" -d "$T/ro/db" "$T/src/a.txt"
    lacks "unwritable lock file: not 'locked'" "$T/err" "another byline-index is writing"
    contains "unwritable lock file: says permission" "$T/err" "Permission denied"
    chmod 555 "$T/ro"
    check_exit "folder that cannot be created: exit 3" 3 as_user "$IDX" --shards 2 -d "$T/ro/new" "$T/src/a.txt"
    contains "folder that cannot be created: says why" "$T/err" "cannot create the folder $T/ro/new: Permission denied"
    chmod 755 "$T/ro"
else
    echo "skip - permission messages (no setpriv)"
fi
check_exit "folder whose parent is missing: exit 3" 3 "$IDX" --shards 2 -d "$T/no/such/db" "$T/src/a.txt"
contains "missing parent: says why" "$T/err" "No such file or directory"
# a failed commit (file size limit standing in for a full disk): the summary claims nothing
python3 -c '
import json
with open("'"$T"'/big.jsonl", "w") as f:
    for i in range(400):
        f.write(json.dumps({"id": "b%d" % i, "text": " ".join("w%d_%d" % (i, j) for j in range(300))}) + "\n")'
# (under `make asan`: full stacks, so that tests/lsan.supp can name the libxapian function
# that leaks when its commit fails; other programs ignore ASAN_OPTIONS)
(ulimit -f 200; trap '' XFSZ; ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0" \
    exec "$IDX" -d "$T/fulldb" --shards 1 "$T/big.jsonl") >"$T/out" 2>"$T/err"
equals "write failure: exit 3" "$?" 3
lacks "write failure: the summary does not claim documents were added" "$T/err" "added,"
contains "write failure: says what is kept" "$T/err" "only what"
lacks "write failure: no bogus per-path error" "$T/err" "Invalid argument"
if xapian-check "$T/fulldb" >/dev/null 2>&1; then ok "write failure: index consistent"; else bad "write failure: index consistent"; fi

# ---- 9. inputs that were silently mangled ----------------------------------------------------
mkdir -p "$T/i9"
printf '\357\273\277{"id":"bom1","title":"BOM line","text":"aardvark one"}\n' >"$T/i9/bom.jsonl"
printf '\357\273\277BOM title\naardvark two\n' >"$T/i9/bom.txt"
printf '{"id":"e1","title":"Epoch","text":"aardvark three","date":1721817000}\n{"id":{"a":1},"title":"Obj id","text":"aardvark four"}\n{"id":true,"text":"aardvark five"}\n{"id":null,"text":"aardvark ten"}\n{"id":"h1","title":"Headline only"}\n' >"$T/i9/m.jsonl"
printf '[{"id":"a1","text":"aardvark six"}, 5, {"id":"a3","text":"aardvark seven"}]' >"$T/i9/arr.json"
printf -- '---\ntitle: "Front Title"\ndate: 2024-03-05\nauthor: Jane Roe\nsource: Wire\nurl: https://x.example/a\nid: fm-1\n---\n\nThe aardvark eight body.\n' >"$T/i9/fm.md"
printf -- '---\ntags: [a]\n---\nPlain title\naardvark nine\n' >"$T/i9/fm2.txt"
check_exit "mangled inputs: one bad array element rejected" 1 "$IDX" -d "$T/i9db" "$T/i9"
cp "$T/err" "$T/i9err"
contains "every good document indexed" "$T/i9err" "11 added"
lacks "BOM: no invalid JSON on line 1" "$T/i9err" "bom.jsonl:1"
contains "bad array element named with #N" "$T/i9err" "arr.json#2: error"
contains "id of the wrong type: warning (object)" "$T/i9err" 'm.jsonl:2: warning: "id" is an object'
contains "id of the wrong type: warning (boolean)" "$T/i9err" 'm.jsonl:3: warning: "id" is a boolean'
contains "id of the wrong type: warning (null)" "$T/i9err" 'm.jsonl:4: warning: "id" is null'
"$SRCH" -d "$T/i9db" --format jsonl --limit 50 '*' >"$T/i9out"
J() { python3 -c 'import json,sys
docs={}
for l in open(sys.argv[1]):
    d=json.loads(l)
    if "id" in d: docs[d["id"]]=d
d=docs.get(sys.argv[2]); print("missing" if d is None else d.get(sys.argv[3]))' "$T/i9out" "$1" "$2"; }
equals "BOM: text file title" "$(J bom.txt title)" "BOM title"
equals "BOM: JSON Lines title" "$(J bom1 title)" "BOM line"
equals "numeric date read as epoch seconds" "$(J e1 date)" "2024-07-24T10:30:00Z"
equals "title without text: indexed (README says so)" "$(J h1 title)" "Headline only"
equals "front matter: title" "$(J fm-1 title)" "Front Title"
equals "front matter: date" "$(J fm-1 date)" "2024-03-05T00:00:00Z"
equals "front matter: author" "$(J fm-1 authors)" "['Jane Roe']"
equals "front matter: source" "$(J fm-1 source)" "Wire"
equals "front matter: url" "$(J fm-1 url)" "https://x.example/a"
equals "front matter without title: first line is the title" "$(J fm2.txt title)" "Plain title"
lacks "front matter is not body text" "$T/i9out" "tags:"

# ---- end -------------------------------------------------------------------------------
cli_finish
