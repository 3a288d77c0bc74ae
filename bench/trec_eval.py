#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""trec_eval.py — score a TREC run against qrels, following trec_eval's conventions.

Usage:
  bench/trec_eval.py QRELS RUN [-q] [--json]
  bench/trec_eval.py --self-test

Inputs
  QRELS  "qid 0 docid rel" per line (TREC qrels).  rel >= 1 is relevant, 0 judged
         non-relevant; unjudged documents are non-relevant.
  RUN    "qid Q0 docid rank score tag" per line.  The rank column is ignored: like trec_eval,
         each query's documents are ordered by score (descending), ties broken by docid in
         descending byte order (strcmp).  A docid listed twice for a query is an error in
         trec_eval; here the first occurrence is kept and a warning printed.

Measures (trec_eval name in brackets)
  MAP       [map]            sum of precision at each relevant retrieved doc / #relevant
  nDCG@10   [ndcg_cut.10]    gain = rel value; discount 1 at rank 1 and 1/log2(rank) after,
                             exactly as trec_eval 9 computes it; ideal ranking built from all
                             judged rel > 0 documents of the query
  P@10      [P.10]           relevant in the top 10 / 10
  R@100     [recall.100]     relevant in the top 100 / #relevant

Averages are over the queries of QRELS with at least one relevant document (like
`trec_eval -c`: such a query missing from RUN scores 0 on every measure).  Queries in RUN
without relevant documents in QRELS are ignored.

Output: trec_eval-style lines "measure  all  value" (and per query with -q), or one JSON object
with --json.  Exit 0 on success, 2 on unreadable input, 1 if --self-test fails.
"""

import argparse
import json
import math
import os
import sys
import tempfile

MEASURES = ("map", "ndcg_cut_10", "P_10", "recall_100")
LABELS = {"map": "MAP", "ndcg_cut_10": "nDCG@10", "P_10": "P@10", "recall_100": "R@100"}


def read_qrels(path):
    """Return {qid: {docid: rel}}."""
    qrels = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 4:
                raise ValueError(f"{path}:{lineno}: expected 'qid 0 docid rel'")
            qid, _, docid, rel = parts
            qrels.setdefault(qid, {})[docid] = int(rel)
    return qrels


def read_run(path, warn=True):
    """Return {qid: [(score, docid), ...]} in file order, duplicates dropped."""
    run = {}
    seen = {}
    dups = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 5:
                raise ValueError(f"{path}:{lineno}: expected 'qid Q0 docid rank score [tag]'")
            qid, docid, score = parts[0], parts[2], float(parts[4])
            s = seen.setdefault(qid, set())
            if docid in s:
                dups += 1
                continue
            s.add(docid)
            run.setdefault(qid, []).append((score, docid))
    if dups and warn:
        print(f"trec_eval.py: warning: {path}: {dups} duplicate (qid, docid) lines ignored",
              file=sys.stderr)
    return run


def trec_order(ranked):
    """trec_eval's order: score descending, then docid descending (byte order)."""
    return [d for _, d in sorted(ranked, key=lambda sd: (-sd[0], _bytes_desc_key(sd[1])))]


class _bytes_desc_key:
    """Sort key giving descending byte order of docids."""
    __slots__ = ("b",)

    def __init__(self, s):
        self.b = s.encode("utf-8", "surrogateescape")

    def __lt__(self, other):
        return self.b > other.b

    def __eq__(self, other):
        return self.b == other.b


def _discount(i):
    """trec_eval 9 ndcg discount for 0-based position i."""
    return 1.0 if i == 0 else 1.0 / math.log2(i + 1)


def evaluate_query(judged, docs):
    """judged: {docid: rel}; docs: docids in trec order.  Returns {measure: value}."""
    num_rel = sum(1 for r in judged.values() if r >= 1)
    rels = [judged.get(d, 0) for d in docs]
    hits = 0
    ap = 0.0
    for i, r in enumerate(rels):
        if r >= 1:
            hits += 1
            ap += hits / (i + 1)
    dcg = sum(r * _discount(i) for i, r in enumerate(rels[:10]) if r > 0)
    ideal = sorted((r for r in judged.values() if r > 0), reverse=True)[:10]
    idcg = sum(r * _discount(i) for i, r in enumerate(ideal))
    return {
        "map": ap / num_rel if num_rel else 0.0,
        "ndcg_cut_10": dcg / idcg if idcg > 0 else 0.0,
        "P_10": sum(1 for r in rels[:10] if r >= 1) / 10.0,
        "recall_100": sum(1 for r in rels[:100] if r >= 1) / num_rel if num_rel else 0.0,
    }


def evaluate(qrels, run):
    """Returns (means {measure: value}, per_query {qid: {measure: value}}, n_queries)."""
    per_query = {}
    for qid in sorted(qrels, key=_qid_key):
        judged = qrels[qid]
        if not any(r >= 1 for r in judged.values()):
            continue
        per_query[qid] = evaluate_query(judged, trec_order(run.get(qid, [])))
    n = len(per_query)
    means = {m: (sum(v[m] for v in per_query.values()) / n if n else 0.0) for m in MEASURES}
    return means, per_query, n


def _qid_key(q):
    return (0, int(q), "") if q.isdigit() else (1, 0, q)


def score_files(qrels_path, run_path, warn=True):
    return evaluate(read_qrels(qrels_path), read_run(run_path, warn))


def self_test():
    """Hand-made qrels/run with answers worked out by hand (see comments)."""
    qrels = (
        "q1 0 d1 2\nq1 0 d2 1\nq1 0 d3 0\nq1 0 d4 1\n"   # 3 relevant, graded
        "q2 0 d5 1\n"                                    # 1 relevant
        "q3 0 d6 0\n"                                    # no relevant: not averaged
        "q4 0 d7 3\n"                                    # relevant, nothing retrieved
        "q6 0 r101 1\n"                                  # its one relevant doc at rank 101
    )
    run = (
        # q1: the rank column lies; by score: d3 (3.0), then the 2.0 tie d9 > d1 by docid
        # descending, then d2 (1.0): relevance 0, -, 2, 1.  d4 never retrieved.
        "q1 Q0 d1 1 2.0 t\nq1 Q0 d2 2 1.0 t\nq1 Q0 d3 3 3.0 t\nq1 Q0 d9 4 2.0 t\n"
        "q1 Q0 d1 5 0.5 t\n"                             # duplicate: ignored
        "q2 Q0 d8 1 4.0 t\nq2 Q0 d5 2 5.0 t\n"           # d5 first by score
        "q5 Q0 d1 1 1.0 t\n"                             # query not in qrels: ignored
    )
    # q6: 100 non-relevant docs n000..n099 (scores 200..101), then r101 (score 100).
    run += "".join(f"q6 Q0 n{i:03d} {i + 1} {200 - i}.0 t\n" for i in range(100))
    run += "q6 Q0 r101 101 100.0 t\n"

    # q1: relevant at ranks 3 (rel 2) and 4 (rel 1); #rel = 3.
    ap1 = (1 / 3 + 2 / 4) / 3
    dcg1 = 2 / math.log2(3) + 1 / math.log2(4)           # trec_eval: rank r>1 -> 1/log2(r)
    idcg1 = 2 + 1 / math.log2(2) + 1 / math.log2(3)      # ideal 2,1,1 at ranks 1,2,3
    q1 = {"map": ap1, "ndcg_cut_10": dcg1 / idcg1, "P_10": 0.2, "recall_100": 2 / 3}
    q2 = {"map": 1.0, "ndcg_cut_10": 1.0, "P_10": 0.1, "recall_100": 1.0}
    q4 = {"map": 0.0, "ndcg_cut_10": 0.0, "P_10": 0.0, "recall_100": 0.0}
    q6 = {"map": 1 / 101, "ndcg_cut_10": 0.0, "P_10": 0.0, "recall_100": 0.0}
    expect_q = {"q1": q1, "q2": q2, "q4": q4, "q6": q6}
    expect = {m: sum(q[m] for q in expect_q.values()) / 4 for m in MEASURES}
    # Spelled out: MAP = (0.277778 + 1 + 0 + 0.009901) / 4 = 0.321920
    assert abs(expect["map"] - 0.321920) < 1e-6, expect["map"]
    assert abs(q1["ndcg_cut_10"] - 0.485236) < 1e-6, q1["ndcg_cut_10"]

    with tempfile.TemporaryDirectory() as tmp:
        qp, rp = os.path.join(tmp, "qrels"), os.path.join(tmp, "run")
        with open(qp, "w") as f:
            f.write(qrels)
        with open(rp, "w") as f:
            f.write(run)
        means, per_query, n = score_files(qp, rp, warn=False)  # one duplicate on purpose
    ok = True

    def check(what, got, want):
        nonlocal ok
        good = abs(got - want) < 1e-9
        ok &= good
        print(f"  {'ok  ' if good else 'FAIL'} {what:<22} got {got:.6f} want {want:.6f}")

    if n != 4 or sorted(per_query) != sorted(expect_q):
        print(f"  FAIL evaluated queries {sorted(per_query)}, want {sorted(expect_q)}")
        ok = False
    for qid, want in expect_q.items():
        for m in MEASURES:
            check(f"{qid} {m}", per_query.get(qid, {}).get(m, float("nan")), want[m])
    for m in MEASURES:
        check(f"all {m}", means[m], expect[m])
    # order check: ties broken by docid descending
    order = trec_order([(2.0, "d1"), (3.0, "d3"), (2.0, "d9"), (2.0, "d10")])
    good = order == ["d3", "d9", "d10", "d1"]
    ok &= good
    print(f"  {'ok  ' if good else 'FAIL'} tie order              got {order}")
    print("self-test " + ("passed" if ok else "FAILED"))
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Score a TREC run (MAP, nDCG@10, P@10, R@100) with trec_eval conventions.",
        epilog="See the module docstring (head of this file) for the exact definitions.")
    ap.add_argument("qrels", nargs="?", help="qrels file: qid 0 docid rel")
    ap.add_argument("run", nargs="?", help="run file: qid Q0 docid rank score tag")
    ap.add_argument("-q", action="store_true", help="also print per-query values")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--self-test", action="store_true",
                    help="check the measures on a hand-made qrels/run with known answers")
    a = ap.parse_args(argv)
    if a.self_test:
        return 0 if self_test() else 1
    if not a.qrels or not a.run:
        ap.error("QRELS and RUN are required (or --self-test)")
    try:
        means, per_query, n = score_files(a.qrels, a.run)
    except (OSError, ValueError) as e:
        print(f"trec_eval.py: {e}", file=sys.stderr)
        return 2
    if a.json:
        out = {"queries": n, **means}
        if a.q:
            out["per_query"] = per_query
        print(json.dumps(out, sort_keys=True))
        return 0
    if a.q:
        for qid, vals in per_query.items():
            for m in MEASURES:
                print(f"{m:<22}\t{qid}\t{vals[m]:.4f}")
    print(f"{'num_q':<22}\tall\t{n}")
    for m in MEASURES:
        print(f"{m:<22}\tall\t{means[m]:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
