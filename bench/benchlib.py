# SPDX-License-Identifier: GPL-2.0-or-later
"""benchlib.py — helpers shared by the bench/ scripts (relevance, indexing, search-latency).

Not a benchmark itself.  Paths: ROOT is the project root (parent of bench/), BUILD its build/
folder, PEERS build/bench/ (built by bench/Makefile), CACHE ~/.cache/byline (BYLINE_CACHE
overrides), CORPORA CACHE/corpora (written by bench/corpus.py).  Byline's programs are taken
from build/ unless BYLINE_BUILD names another folder.
"""

import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
BUILD = os.path.join(ROOT, "build")
PEERS = os.path.join(BUILD, "bench")
CACHE = os.environ.get("BYLINE_CACHE") or os.path.join(os.path.expanduser("~"), ".cache",
                                                       "byline")
CORPORA = os.path.join(CACHE, "corpora")

# Where Byline's programs are looked for: build/ by default; BYLINE_BUILD points elsewhere
# (e.g. build-asan/, or an installed copy's bin/ folder).
BYLINE_BUILD = os.path.abspath(os.environ.get("BYLINE_BUILD") or BUILD)
BYLINE_INDEX = os.path.join(BYLINE_BUILD, "byline-index")
BYLINE_SEARCH = os.path.join(BYLINE_BUILD, "byline-search")
XAPIAN_PEER = os.path.join(PEERS, "xapian_peer")
FTS5_PEER = os.path.join(PEERS, "fts5_peer")
BYLINE_LATENCY = os.path.join(PEERS, "byline_latency")

_SANITISE_RE = re.compile(r"[^\w\s'\u2019]|_", re.UNICODE)


def sanitise_query(text):
    """Keep letters, digits, spaces and apostrophes; anything else becomes a space.

    Applied to every system's query text alike in bench/relevance, so that no engine's query
    syntax ("(", "?", "-", quotes, AND/NOT...) changes the meaning of a collection's query.
    """
    return " ".join(_SANITISE_RE.sub(" ", text).split())


def env_flags(name):
    """Extra command-line flags from an environment variable (shell-style splitting)."""
    return shlex.split(os.environ.get(name, ""))


def cmdline(argv):
    return " ".join(shlex.quote(str(a)) for a in argv)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def ensure_peers():
    """Bring the peers up to date with bench/Makefile (a no-op when they are)."""
    r = subprocess.run(["make", "-s", "-f", os.path.join(BENCH, "Makefile")], cwd=ROOT,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit("bench: building the peers failed (make -f bench/Makefile):\n" + r.stdout)
    if r.stdout.strip():
        log(r.stdout.strip())


def byline_available(*programs):
    missing = [p for p in programs if not os.access(p, os.X_OK)]
    return not missing, missing


def dir_bytes(path):
    """Apparent size in bytes of a file or of every file under a directory."""
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            fp = os.path.join(dirpath, f)
            if not os.path.islink(fp):
                total += os.path.getsize(fp)
    return total


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                os.unlink(path + suffix)
            except FileNotFoundError:
                pass


def time_bin():
    """/usr/bin/time (GNU time), installing Debian's `time` package when absent."""
    if os.access("/usr/bin/time", os.X_OK):
        return "/usr/bin/time"
    log("installing the Debian package `time` (for peak RSS)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "update", "-qq"], env=env)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "time"], env=env,
                   stdout=subprocess.DEVNULL)
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("bench: /usr/bin/time is missing and could not be installed")
    return "/usr/bin/time"


def timed_run(argv, rss_file, **kw):
    """Run argv under /usr/bin/time -f %M; return (CompletedProcess, wall seconds, peak KB)."""
    full = [time_bin(), "-f", "%M", "-o", rss_file] + [str(a) for a in argv]
    t0 = time.perf_counter()
    r = subprocess.run(full, **kw)
    wall = time.perf_counter() - t0
    peak = None
    try:
        with open(rss_file) as f:
            nums = [ln.strip() for ln in f if ln.strip().isdigit()]
            peak = int(nums[-1]) if nums else None
    except OSError:
        pass
    return r, wall, peak


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def corpus_stats(path):
    """docs, text bytes (UTF-8 title+text) and file bytes of a JSON Lines corpus (cached)."""
    st = os.stat(path)
    side = path + ".stats.json"
    key = {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
    try:
        with open(side) as f:
            cached = json.load(f)
        if cached.get("key") == key:
            return cached["stats"]
    except (OSError, ValueError, KeyError):
        pass
    docs = text = 0
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            docs += 1
            for k in ("title", "text"):
                v = d.get(k)
                if isinstance(v, str):
                    text += len(v.encode("utf-8", "surrogatepass"))
    stats = {"docs": docs, "text_bytes": text, "file_bytes": st.st_size}
    try:
        with open(side, "w") as f:
            json.dump({"key": key, "stats": stats}, f)
    except OSError:
        pass
    return stats


def fmt(v, spec=".2f", na="n/a"):
    if v is None:
        return na
    if isinstance(v, str):
        return v
    return format(v, spec)


def print_table(headers, rows, out=sys.stdout):
    """A Markdown-style table (readable as text, pasteable into README/issues)."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]

    def line(vals):
        parts = []
        for i, v in enumerate(vals):
            parts.append(v.ljust(widths[i]) if i == 0 else v.rjust(widths[i]))
        return "| " + " | ".join(parts) + " |"

    print(line(headers), file=out)
    print("|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":"
                         for i, w in enumerate(widths)) + "|", file=out)
    for r in cells:
        print(line(r), file=out)
