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
