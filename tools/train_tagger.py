#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""train_tagger.py — learn the BIO sequence tagger of Byline's entity extractor.

    tools/train_tagger.py --features build/ner-features [--out lib/generated/ner_tagger_data.c]
                          [TRAIN.jsonl...]
    tools/train_tagger.py --features build/ner-features --test DEV.jsonl [TRAIN.jsonl...]
                          (span precision/recall/F1 of the tagger alone; writes nothing)

`make ner-tagger` runs the first form.  The tagger gives each of the analyzer's tokens one of
nine tags: O, B-<type> (first word of a name) or I-<type> (a later word), types person, place,
org, other.  It is a multi-class averaged perceptron with greedy left-to-right decoding; an
I- tag is allowed only after a B- or I- tag of its type, in training and in lib/ner_tagger.c.

Features.  The token features are not computed here: the extractor computes them
(lib/entities.c, tag_token_features) and tools/ner_features.c dumps them, so training and use
see the same tokens, case flags and gazetteer classes.  They are:
    b              bias
    w:  s:         the word (the analyzer's term: lower case, no accents); its case shape
                   (N number, D dotted acronym, A capitals, C capitalised, x inner capital,
                   l lower; u when case says nothing: sentence start, headline, after a quote)
    x3: p3:        last and first three bytes of a word of four or more
    w-2: w-1: w+1: w+2:   the words around it (^ and $ past the chunk's ends)
    s-1: s+1:      the neighbours' shapes;  g-1: g+1:  the neighbours' gazetteer classes
    ww:            previous word | word
    g:             the word's gazetteer classes (one letter each: P place, O org, G given name,
                   t title, o organisation tail, c common word ...)
    gm:            inside a gazetteer name of several words: B/I and its class (P, O, T)
    r:n            the rules find the word name-like
    k:1 k+1:1 h:1 z:1   punctuation before it / after it, a hyphen before it, possessive
    d:cap d:low    the same word is written capitalised mid-sentence / in lower case
                   elsewhere in the document
and, added during decoding, the previous tag (t:) and the previous tag with this shape (ts:).

Training data: the annotated files given (by default $NER_DIR/train/wikigold.jsonl, NER_DIR
defaulting to /work/shared/ner: WikiGold, CC BY 4.0, Balasuriya et al. 2009 — see README.md;
re3d, whose annotation differs from news, made the tagger worse on dev.jsonl).  A token is inside
a gold name if their byte spans overlap.  Features seen fewer than MIN_COUNT times in the
training tokens are dropped.

Output: lib/generated/ner_tagger_data.c, one string of lines "<feature>\\t<w0> ... <w8>\\n"
(averaged weights x 100, rounded; rows that round to all zeros are left out).  Deterministic:
examples in file order, no randomness.  Python 3 standard library only.
"""

import argparse
import json
import os
import subprocess
import sys

TYPES = ["person", "place", "org", "other"]
LABELS = ["O"] + [p + t for t in TYPES for p in ("B-", "I-")]
NL = len(LABELS)
SCALE = 100
EPOCHS = 6
MIN_COUNT = 2


def is_inside(k):
    return k > 0 and k % 2 == 0


def allowed(k, prev):
    """An I- tag only after a B- or I- tag of the same type (as bl_ner_tagger_best)."""
    return not is_inside(k) or (prev > 0 and (prev - 1) // 2 == (k - 1) // 2)


def read_docs(features_bin, path):
    """[(doc id, [(start, end, [features])...] per chunk...)] from the extractor's dump."""
    out = subprocess.run([features_bin, path], check=True, stdout=subprocess.PIPE).stdout
    docs, cur, chunk = [], None, []
    for line in out.decode("utf-8", "surrogateescape").split("\n"):
        if line.startswith("#doc "):
            cur = (line[5:], [])
            docs.append(cur)
            chunk = []
        elif not line:
            if chunk:
                cur[1].append(chunk)
            chunk = []
        else:
            parts = line.split(" ")
            chunk.append((int(parts[0]), int(parts[1]), parts[2:]))
    return docs


def gold_tags(path, docs):
    """Per document, per chunk, the gold tag of each token."""
    gold = {}
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        gold[d["id"]] = [(e["start"], e["end"], TYPES.index(e["type"]))
                         for e in d.get("entities", []) if e["type"] in TYPES]
    seqs = []
    for did, chunks in docs:
        ents = gold.get(did, [])
        for chunk in chunks:
            tags, last = [], None
            for s, e, _ in chunk:
                tag = 0
                for k, (gs, ge, ty) in enumerate(ents):
                    if s < ge and gs < e:
                        tag = 1 + 2 * ty + (1 if last == k else 0)
                        last = k
                        break
                else:
                    last = None
                tags.append(tag)
            seqs.append(([f for _, _, f in chunk], tags))
    return seqs


def shape_of(feats):
    for f in feats:
        if f.startswith("s:"):
            return f[2:]
    return ""


def prev_features(prev, shape):
    return ["t:%d" % prev, "ts:%d|%s" % (prev, shape)]


class Perceptron:
    def __init__(self):
        self.w, self.acc, self.stamp, self.step = {}, {}, {}, 1

    def scores(self, feats):
        sc = [0.0] * NL
        for f in feats:
            v = self.w.get(f)
            if v:
                for k in range(NL):
                    sc[k] += v[k]
        return sc

    def update(self, feats, good, bad):
        for f in feats:
            v = self.w.get(f)
            if v is None:
                v = self.w[f] = [0.0] * NL
                self.acc[f] = [0.0] * NL
                self.stamp[f] = self.step
            a, n = self.acc[f], self.step - self.stamp[f]
            if n:
                for k in range(NL):
                    a[k] += n * v[k]
            self.stamp[f] = self.step
            v[good] += 1
            v[bad] -= 1

    def averaged(self):
        avg = {}
        for f, v in self.w.items():
            a, n = self.acc[f], self.step - self.stamp[f]
            avg[f] = [(a[k] + n * v[k]) / self.step for k in range(NL)]
        return avg


def best(sc, prev):
    b = -1
    for k in range(NL):
        if allowed(k, prev) and (b < 0 or sc[k] > sc[b]):
            b = k
    return b


def train(seqs, keep):
    p = Perceptron()
    for _ in range(EPOCHS):
        for feats, tags in seqs:
            prev = 0
            for fs, y in zip(feats, tags):
                fs = [f for f in fs if f in keep] + prev_features(prev, shape_of(fs))
                guess = best(p.scores(fs), prev)
                if guess != y:
                    p.update(fs, y, guess)
                prev = guess
                p.step += 1
    return p.averaged()


def quantise(model):
    q = {}
    for f, v in model.items():
        r = [int(round(x * SCALE)) for x in v]
        if any(r):
            q[f] = r
    return q


def decode(model, feats):
    tags, prev = [], 0
    for fs in feats:
        fs = fs + prev_features(prev, shape_of(fs))
        sc = [0] * NL
        for f in fs:
            v = model.get(f)
            if v:
                for k in range(NL):
                    sc[k] += v[k]
        prev = best(sc, prev)
        tags.append(prev)
    return tags


def spans(tags):
    out, start = set(), None
    for i, t in enumerate(tags + [0]):
        if start is not None and not (is_inside(t) and (t - 1) // 2 == ty):
            out.add((start, i, ty))
            start = None
        if t > 0 and not is_inside(t):
            start, ty = i, (t - 1) // 2
    return out


def evaluate(model, seqs):
    tp = [0] * 4
    np_ = [0] * 4
    ng = [0] * 4
    for feats, tags in seqs:
        g, p = spans(tags), spans(decode(model, feats))
        for s in g:
            ng[s[2]] += 1
        for s in p:
            np_[s[2]] += 1
            tp[s[2]] += s in g
    for k, t in enumerate(TYPES + ["all"]):
        a, b, c = (sum(tp), sum(np_), sum(ng)) if t == "all" else (tp[k], np_[k], ng[k])
        pr, rc = a / max(1, b), a / max(1, c)
        print("%-7s P %.3f R %.3f F1 %.3f (gold %d)" % (t, pr, rc, 2 * pr * rc / max(1e-9, pr + rc), c))


def write_c(model, path, sources):
    rows = []
    for f in sorted(model):
        rows.append("%s\t%s\n" % (f, " ".join(str(v) for v in model[f])))
    out = ["/* SPDX-License-Identifier: GPL-2.0-or-later */\n"
           "/* ner_tagger_data.c — GENERATED by tools/train_tagger.py (make ner-tagger); do not edit.\n"
           " *\n"
           " * Weights of the BIO tagger of lib/ner_tagger.c: lines \"<feature>\\t<w0> ... <w8>\\n\"\n"
           " * (tags O, B-person, I-person, B-place, I-place, B-org, I-org, B-other, I-other),\n"
           " * averaged weights x %d.  Trained on: %s.\n"
           " * Derived from WikiGold (CC BY 4.0; Balasuriya, Ringland, Nothman, Murphy, Curran,\n"
           " * 2009) and re3d (Dstl; public domain, OGL v3, CC BY 3.0 AU); see README.md. */\n"
           % (SCALE, ", ".join(sources))]
    out.append("#include <stddef.h>\n\n")
    out.append("extern const char bl_ner_tagger_data[];\n")
    out.append("extern const size_t bl_ner_tagger_data_len;\n\n")
    out.append("const char bl_ner_tagger_data[] =\n    \"\"\n")
    total = 0
    for r in rows:
        b = r.encode("utf-8", "surrogateescape")
        total += len(b)
        esc = "".join(c if 32 <= ord(c) < 127 and c not in '"\\?' else ("\\%03o" % ord(c))
                      for c in b.decode("latin-1"))
        out.append('    "%s"\n' % esc)
    out.append("    ;\n")
    out.append("const size_t bl_ner_tagger_data_len = %d;\n" % total)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("".join(out))
    print("wrote %s (%d features, %d bytes)" % (path, len(rows), total))


def load(features_bin, paths):
    seqs = []
    for p in paths:
        seqs += gold_tags(p, read_docs(features_bin, p))
    return seqs


def main(argv):
    global EPOCHS, MIN_COUNT
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ner = os.environ.get("NER_DIR", "/work/shared/ner")
    ap.add_argument("train", nargs="*", default=[os.path.join(ner, "train", "wikigold.jsonl")])
    ap.add_argument("--features", required=True, help="the ner-features program (make ner-tagger)")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), "lib", "generated", "ner_tagger_data.c"))
    ap.add_argument("--test", help="score the tagger alone on this file instead of writing")
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--min-count", type=int, default=MIN_COUNT)
    a = ap.parse_args(argv[1:])
    EPOCHS, MIN_COUNT = a.epochs, a.min_count
    seqs = load(a.features, a.train)
    counts = {}
    for feats, _ in seqs:
        for fs in feats:
            for f in fs:
                counts[f] = counts.get(f, 0) + 1
    keep = {f for f, n in counts.items() if n >= MIN_COUNT}
    model = quantise(train(seqs, keep))
    if a.test:
        evaluate(model, load(a.features, [a.test]))
        return
    write_c(model, a.out, [os.path.basename(p) for p in a.train])


if __name__ == "__main__":
    main(sys.argv)
