# SPDX-License-Identifier: GPL-2.0-or-later
"""byline-serve tests: API, limits, bind, reopen, signals, and the page in a real browser.

Run by tests/cli/serve.sh as: /usr/bin/python3 serve_test.py ROOT BUILD.  Prints "ok - NAME"
or "FAIL - NAME" per check and "N passed, N failed"; exits 1 if any check failed.  Every
server is started under setsid on a port it picks itself (--port 0) and its process group is
killed when the test ends, whatever happens; every wait is bounded.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT, BUILD = sys.argv[1], sys.argv[2]
BIN = os.path.join(ROOT, BUILD)
SERVE, SEARCH, INDEX = (os.path.join(BIN, p) for p in ("byline-serve", "byline-search", "byline-index"))
SEED_QUERY = "defence cooperation Israel India"
SEED_ID = "israel-india-defence.txt"
XSS_TITLE = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> zanzibarite report'

passed = failed = 0
servers = []


def ok(name):
    global passed
    passed += 1
    print("ok - " + name, flush=True)


def bad(name, detail=""):
    global failed
    failed += 1
    print("FAIL - " + name, flush=True)
    for line in str(detail).splitlines()[:20]:
        print("    " + line, flush=True)


def check(name, cond, detail=""):
    (ok if cond else bad)(name, *([] if cond else [detail]))
    return cond


# ---- servers -------------------------------------------------------------------------------

class Server:
    """byline-serve under setsid (its own process group), killed at the end of the test."""

    def __init__(self, args, expect_url=True):
        self.err = tempfile.TemporaryFile()
        self.p = subprocess.Popen([SERVE] + args, stdout=subprocess.PIPE, stderr=self.err,
                                  start_new_session=True)
        servers.append(self)
        self.url = None
        if expect_url:
            line = self._read_line(10)
            if not line.startswith("http://"):
                raise RuntimeError("byline-serve printed no URL: %r %s" % (line, self.stderr()))
            self.url = line.strip().rstrip("/")
            self.port = int(self.url.rsplit(":", 1)[1])

    def _read_line(self, timeout):
        box = []
        t = threading.Thread(target=lambda: box.append(self.p.stdout.readline().decode()), daemon=True)
        t.start()
        t.join(timeout)
        return box[0] if box else ""

    def stderr(self):
        self.err.seek(0)
        return self.err.read().decode(errors="replace")

    def wait(self, timeout):
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self):
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.p.wait(10)


def kill_all():
    for s in servers:
        s.kill()


def http(url, method="GET", headers=None, body=None, timeout=10):
    """(status, headers, body bytes); never raises for an HTTP status."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def raw_request(port, data, timeout=10):
    """Send raw bytes, return the status line's code (0 if the server closed first)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        buf = b""
        try:
            while b"\r\n" not in buf:
                chunk = s.recv(4096)
                if not chunk:
                    break
                buf += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    parts = buf.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def q(params):
    return urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


def cli(*args):
    r = subprocess.run([SEARCH] + list(args), capture_output=True, timeout=60)
    return r.returncode, r.stdout, r.stderr.decode(errors="replace")


# ---- API ------------------------------------------------------------------------------------

def test_api(db, srv):
    u = srv.url
    cases = [
        ({"q": SEED_QUERY}, []),
        ({"q": SEED_QUERY, "limit": "3", "offset": "2"}, ["--limit", "3", "--offset", "2"]),
        ({"q": SEED_QUERY, "facets": "person:5,place"}, ["--facets", "person:5,place"]),
        ({"q": 'person:"Amir Baram"', "facets": "all"}, ["--facets", "all"]),
        ({"q": "war", "sort": "-date", "since": "1990", "until": "2000-12-31", "limit": "5"},
         ["--sort", "-date", "--since", "1990", "--until", "2000-12-31", "--limit", "5"]),
        ({"q": "economy", "all": "1", "exact": "1"}, ["--all", "--exact"]),
        ({"q": "zzzqqqxxx"}, []),
        # the analyst views, as the same options of byline-search
        ({"q": "economy", "limit": "0", "timeline": "year", "graph": "person:5", "terms": "5"},
         ["--limit", "0", "--timeline", "year", "--graph", "person:5", "--terms", "5"]),
        ({"q": "defence", "collapse": "1", "expand": "1", "limit": "3"},
         ["--collapse", "--expand", "--limit", "3"]),
        ({"q": "", "like": SEED_ID, "limit": "3"}, ["--like", SEED_ID, "--limit", "3"]),
    ]
    for params, args in cases:
        st, h, body = http(u + "/api/search?" + q(params))
        rc, out, err = cli("-d", db, "--format", "json", *args, params["q"])
        check("/api/search?%s is byte for byte byline-search --format json %s" % (q(params), " ".join(args)),
              st == 200 and body == out and len(out) > 50, "HTTP %d, CLI exit %d\n%s\n---\n%s" % (st, rc, body[:300], out[:300]))
    st, h, body = http(u + "/api/search?" + q({"q": SEED_QUERY, "limit": "3"}))
    ids = [x["id"] for x in json.loads(body)["hits"]] if st == 200 else []
    check("the seed article is the first hit of the API", ids[:1] == [SEED_ID], ids)
    st, h, body = http(u + "/api/search?q=defence+cooperation+Israel+India&limit=1")
    check("'+' in the query string is a space (form encoding)", st == 200 and json.loads(body)["query"] == SEED_QUERY, body[:200])

    # one whole document, as byline-search --show --format json
    st, h, body = http(u + "/api/doc?" + q({"id": SEED_ID}))
    rc, out, err = cli("-d", db, "--show", SEED_ID, "--format", "json")
    check("/api/doc is byte for byte byline-search --show ID --format json", st == 200 and body == out, body[:200])
    st, h, body = http(u + "/api/doc?id=no-such-document")
    check("/api/doc of an unknown id is 404 in JSON", st == 404 and json.loads(body)["error"] == "not-found", body)

    # a bad query: 400 with the message and column byline-search gives
    for bad_query in ["(defence AND", 'title:"unclosed', "defence AND AND india"]:
        st, h, body = http(u + "/api/search?" + q({"q": bad_query}))
        rc, out, err = cli("-d", db, "--format", "json", bad_query)
        try:
            e = json.loads(body)
            same = "column %d: %s" % (e["column"], e["message"]) in err
        except (ValueError, KeyError, TypeError):
            e, same = body, False
        check("bad query %r: 400 with the CLI's message and column" % bad_query,
              st == 400 and rc == 2 and e.get("error") == "query" and same, "%d %r\nCLI: %s" % (st, e, err))
    for params, what in [({"q": "x", "limit": "-1"}, "negative limit"), ({"q": "x", "sort": "size"}, "unknown sort"),
                         ({"q": "x", "facets": "people"}, "unknown facet type"), ({"q": "x", "nope": "1"}, "unknown parameter"),
                         ({"limit": "3"}, "no query"), ({"q": "x", "limit": "10001"}, "limit over the cap")]:
        st, h, body = http(u + "/api/search?" + q(params))
        check("%s is a 400 with a message" % what, st == 400 and json.loads(body).get("message"), "%d %s" % (st, body))
    st, h, body = http(u + "/api/search?q=a&q=b")
    check("a repeated parameter is a 400", st == 400, st)
    st, h, body = http(u + "/api/search?q=%ff%fe")
    check("a query that is not UTF-8 is a 400 in JSON", st == 400 and json.loads(body)["error"] == "bad-request", body)

    st, h, body = http(u + "/no/such/page")
    check("unknown path: 404 in JSON", st == 404 and json.loads(body)["error"] == "not-found", body)
    # the entity look-up, as byline-search --entities TEXT [--type TYPE] --format json
    for params, args in [({"q": "doval"}, []), ({"q": "obama", "type": "person", "limit": "3"},
                                                 ["--type", "person", "--limit", "3"])]:
        st, h, body = http(u + "/api/entities?" + q(params))
        rc, out, err = cli("-d", db, "--format", "json", "--entities", params["q"], *args)
        check("/api/entities?%s is byte for byte byline-search --entities" % q(params),
              st == 200 and body == out and b'"documents"' in body, "%d %s\n---\n%s" % (st, body[:300], out[:300]))
    st, h, body = http(u + "/api/entities?q=doval")
    names = [e["name"] for e in json.loads(body)["entities"]] if st == 200 else []
    check("/api/entities finds the seed article's Ajit Doval", "Ajit Doval" in names, names)
    for params, what in [({"q": "x", "type": "people"}, "unknown entity type"), ({}, "no name"),
                         ({"q": "x", "nope": "1"}, "unknown look-up parameter")]:
        st, h, body = http(u + "/api/entities?" + q(params))
        check("/api/entities: %s is a 400 with a message" % what, st == 400 and json.loads(body).get("message"), "%d %s" % (st, body))
    st, h, body = http(u + "/api/syntax")
    check("/api/syntax is the query help of byline-search --help", st == 200 and "person:X" in json.loads(body)["syntax"], body[:100])
    st, h, body = http(u + "/api/info")
    check("/api/info counts the documents", st == 200 and json.loads(body)["documents"] > 400, body)

    # refused requests: size, method, body, foreign Host
    st, h, body = http(u + "/api/search?" + q({"q": "word " * 2000}))
    check("a 10 KB query string is refused (414)", st == 414, st)
    code = raw_request(srv.port, b"GET /api/search?q=" + b"a" * 100000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    check("a 100 KB request line is refused by the HTTP layer (4xx)", 400 <= code < 500, code)
    code = raw_request(srv.port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"b" * 60000 + b"\r\n\r\n")
    check("a 60 KB header is refused (4xx)", 400 <= code < 500, code)
    st, h, body = http(u + "/api/search?q=x", method="POST", body=b"q=x")
    check("POST is refused with 405 and Allow: GET, HEAD", st == 405 and h.get("Allow") == "GET, HEAD", (st, dict(h)))
    for m in ("PUT", "DELETE"):
        st, h, body = http(u + "/api/doc?id=" + SEED_ID, method=m)
        check("%s is refused with 405" % m, st == 405, st)
    code = raw_request(srv.port, b"GET /api/search?q=x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello")
    check("a GET with a body is refused (413)", code == 413, code)
    st, h, body = http(u + "/api/search?q=x", headers={"Host": "evil.example:%d" % srv.port})
    check("a foreign Host header (DNS rebinding) is refused (403)", st == 403, st)
    st, h, body = http(u + "/api/info", headers={"Host": "localhost:%d" % srv.port})
    check("Host localhost:PORT is answered", st == 200, st)

    # headers: a CSP without inline script, nosniff
    st, h, body = http(u + "/")
    csp = h.get("Content-Security-Policy", "")
    check("/ is the page, with a CSP that allows no inline script",
          st == 200 and b"<input" in body and "script-src 'self'" in csp and "unsafe-inline" not in csp, csp)
    check("responses carry X-Content-Type-Options: nosniff", h.get("X-Content-Type-Options") == "nosniff", dict(h))
    st, h, body = http(u + "/app.js")
    check("/app.js is served as JavaScript", st == 200 and h.get("Content-Type", "").startswith("text/javascript"), h.get("Content-Type"))
    check("the page script never assigns innerHTML", b"innerHTML" not in body and b"outerHTML" not in body and b"insertAdjacentHTML" not in body)

    # many requests at once: every answer right
    want = http(u + "/api/search?" + q({"q": SEED_QUERY, "facets": "all"}))[2]
    results = []

    def worker():
        for _ in range(5):
            results.append(http(u + "/api/search?" + q({"q": SEED_QUERY, "facets": "all"}), timeout=30))
    threads = [threading.Thread(target=worker) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    check("60 concurrent searches all answer the same 200", len(results) == 60 and all(r[0] == 200 and r[2] == want for r in results),
          [r[0] for r in results])


def test_reopen(db, srv, tmp):
    feed = os.path.join(tmp, "late.jsonl")
    with open(feed, "w") as f:
        f.write(json.dumps({"id": "late-1", "title": "Quokkaville late edition", "text": "Quokkaville council meets."}) + "\n")
    st, h, body = http(srv.url + "/api/search?q=quokkaville")
    check("before the new commit the word is unknown", st == 200 and json.loads(body)["total"] == 0, body[:200])
    r = subprocess.run([INDEX, "-d", db, feed], capture_output=True, timeout=120)
    st, h, body = http(srv.url + "/api/search?q=quokkaville")
    ids = [x["id"] for x in json.loads(body)["hits"]] if st == 200 else []
    check("a commit of byline-index is seen by the running server", r.returncode == 0 and ids == ["late-1"], (r.stderr, ids))
    # byline-index --compact replaces the shards with a new folder: later commits go there
    r1 = subprocess.run([INDEX, "--compact", "-d", db], capture_output=True, timeout=120)
    feed = os.path.join(tmp, "later.jsonl")
    with open(feed, "w") as f:
        f.write(json.dumps({"id": "late-2", "title": "Quokkaville after compaction", "text": "Quokkaville again."}) + "\n")
    r2 = subprocess.run([INDEX, "-d", db, feed], capture_output=True, timeout=120)
    seen = set()
    for _ in range(2 * 4):  # every searcher of the pool (4 threads), whichever answers
        st, h, body = http(srv.url + "/api/search?q=quokkaville")
        seen.add(tuple(sorted(x["id"] for x in json.loads(body)["hits"])) if st == 200 else st)
    check("after byline-index --compact, new commits are still seen without a restart",
          r1.returncode == 0 and r2.returncode == 0 and seen == {("late-1", "late-2")}, (r1.stderr, r2.stderr, seen))


def test_bind_and_exit(db, tmp):
    srv = Server(["-d", db, "--port", "0"])
    hexport = "%04X" % srv.port
    with open("/proc/net/tcp") as f:
        rows = [l.split() for l in f.read().splitlines()[1:]]
    listening = [r[1] for r in rows if r[1].endswith(":" + hexport) and r[3] == "0A"]
    check("by default it listens on 127.0.0.1 only", listening == ["0100007F:" + hexport], listening)
    st, h, body = http(srv.url + "/api/info")
    check("the printed URL answers", srv.url.startswith("http://127.0.0.1:") and st == 200, srv.url)
    # IPv6 loopback: the URL brackets the address, the Host [::1]:PORT is answered
    if os.path.exists("/proc/net/if_inet6") and "00000000000000000000000000000001" in open("/proc/net/if_inet6").read():
        s6 = Server(["-d", db, "--port", "0", "--bind", "::1"])
        st, h, body = http(s6.url + "/api/info")
        check("--bind ::1 serves at http://[::1]:PORT/ with no warning",
              s6.url.startswith("http://[::1]:") and st == 200 and "warning" not in s6.stderr(), (s6.url, st, s6.stderr()))
        s6.kill()
    # another address warns (the server is killed as soon as it has said so)
    sa = Server(["-d", db, "--port", "0", "--bind", "0.0.0.0"])
    sa.kill()
    check("--bind 0.0.0.0 warns that anyone who reaches it can read the index",
          "warning: listening on 0.0.0.0" in sa.stderr() and "no authentication" in sa.stderr(), sa.stderr())
    srv.p.send_signal(signal.SIGTERM)
    rc = srv.wait(15)
    check("SIGTERM stops it with exit status 0", rc == 0, (rc, srv.stderr()))
    srv2 = Server(["-d", db, "--port", "0"])
    srv2.p.send_signal(signal.SIGINT)
    check("Ctrl-C (SIGINT) stops it with exit status 0", srv2.wait(15) == 0, srv2.stderr())
    # exit statuses as byline-search
    s = Server(["-d", os.path.join(tmp, "no-index"), "--port", "0"], expect_url=False)
    rc = s.wait(15)
    check("a missing index exits 2 with byline-search's message", rc == 2 and "Create one with: byline-index" in s.stderr(), (rc, s.stderr()))
    s = Server(["--frobnicate"], expect_url=False)
    check("an unknown option exits 2", s.wait(15) == 2, s.stderr())
    s = Server(["-d", db, "--bind", "not-an-address"], expect_url=False)
    check("a bad --bind exits 2", s.wait(15) == 2, s.stderr())
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    s = Server(["-d", db, "--port", str(holder.getsockname()[1])], expect_url=False)
    rc = s.wait(15)
    holder.close()
    check("a port in use exits 2 and says so", rc == 2 and "in use" in s.stderr(), (rc, s.stderr()))
    # a damaged index: every shard's postlist table scrambled
    damaged = os.path.join(tmp, "damaged")
    shutil.copytree(db, damaged)
    scrambled = 0
    for top, dirs, files in os.walk(damaged):
        for name in files:
            if name.startswith("postlist."):
                path = os.path.join(top, name)
                data = open(path, "rb").read()
                open(path, "wb").write(bytes(b ^ 0x5A for b in data))
                scrambled += 1
    rc_cli, out, err_cli = cli("-d", damaged, SEED_QUERY)
    s = Server(["-d", damaged, "--port", "0"], expect_url=False)
    rc = s.wait(5)
    if rc is None:  # opened: the damage shows when searching, and the API must say so
        line = s._read_line(5)
        st, h, body = http(line.strip().rstrip("/") + "/api/search?" + q({"q": SEED_QUERY})) if line.startswith("http") else (0, {}, b"")
        s.kill()
        check("a damaged index: byline-search exits 3, the API answers 500 in JSON",
              scrambled > 0 and rc_cli == 3 and st == 500 and json.loads(body)["error"] == "index", (scrambled, rc_cli, st, body[:200]))
    else:
        check("a damaged index exits 3, as byline-search does", scrambled > 0 and rc == rc_cli == 3, (scrambled, rc, rc_cli, s.stderr()))


# ---- the page, in headless Chromium ---------------------------------------------------------

def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        o.add_argument(a)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    d.set_page_load_timeout(20)
    d.set_script_timeout(20)
    return d


def test_page(srv):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def wait(cond, what):
        try:
            return WebDriverWait(d, 10).until(lambda d: cond())
        except Exception as e:
            raise AssertionError("timed out waiting for " + what) from e

    def hits():
        return [e.get_attribute("data-id") for e in d.find_elements(By.CSS_SELECTOR, "#hits .hit")]

    def first_rank():
        t = d.find_element(By.ID, "status").text
        return t

    def status_total():
        t = d.find_element(By.ID, "status").text.replace("about ", "")
        return int(t.split()[0]) if t[:1].isdigit() else -1

    d = browser()
    try:
        d.get(srv.url + "/")
        box = d.find_element(By.ID, "q")
        box.send_keys(SEED_QUERY)
        d.find_element(By.ID, "go").click()
        wait(lambda: hits(), "results")
        check("browser: typing the seed query puts the seed article first", hits()[0] == SEED_ID, hits()[:3])
        title = d.find_element(By.CSS_SELECTOR, "#hits .hit h2").text
        check("browser: the first hit shows its title", title.startswith("Israel Calls India"), title)
        marks = [m.text.lower() for m in d.find_elements(By.CSS_SELECTOR, "#hits .hit:first-child .snippet mark")]
        check("browser: matched words are highlighted in the snippet", any(m.startswith(("defence", "israel", "india")) for m in marks), marks)
        people = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#facets ul[data-type=person] .facet .name")]
        ents = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#hits .hit:first-child .entities .entity")]
        check("browser: the seed hit lists its entities", "Amir Baram" in ents and "New Delhi" in ents, ents)
        check("browser: the sidebar lists people with counts", len(people) > 3, people)
        top = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#facets ul[data-type=top] .facet .name")]
        check("browser: the sidebar names the seed article's people, places and organisations "
              "('In the best matches')", {"Amir Baram", "Ajit Doval", "New Delhi"} <= set(top)
              and any("Ministry of Defence" in t for t in top), top)
        check("browser: the query is in the address", "q=defence" in d.current_url, d.current_url)
        d.find_element(By.ID, "more-names").click()
        wait(lambda: "names=more" in d.current_url and len(d.find_elements(By.CSS_SELECTOR, "#facets ul[data-type=person] .facet")) > 10, "more names")
        more = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#facets ul[data-type=person] .facet .name")]
        check("browser: 'More names' lists more people", len(more) > len(people) and more[:len(people)] == people, more)
        d.back()
        wait(lambda: "names=more" not in d.current_url and len(d.find_elements(By.CSS_SELECTOR, "#facets ul[data-type=person] .facet")) == len(people), "fewer names")

        # click a facet: a chip appears and the list narrows
        before = status_total()
        facet = d.find_element(By.CSS_SELECTOR, "#facets ul[data-type=place] .facet")
        fname = facet.find_element(By.CSS_SELECTOR, ".name").text
        fcount = int(facet.find_element(By.CSS_SELECTOR, ".count").text)
        facet.click()
        wait(lambda: d.find_elements(By.CSS_SELECTOR, "#chips .chip") and status_total() != before and status_total() > 0, "narrowed results")
        after = status_total()
        check("browser: clicking a place facet narrows the list to its count (%s: %d -> %d)" % (fname, before, after),
              after == fcount and after < before, (before, after, fcount))
        check("browser: the filter is a chip and in the address", fname in d.find_element(By.ID, "chips").text and "f=place" in d.current_url, d.current_url)
        d.find_element(By.CSS_SELECTOR, "#chips .chip button").click()
        wait(lambda: not d.find_elements(By.CSS_SELECTOR, "#chips .chip") and status_total() == before, "chip removed")
        check("browser: removing the chip restores the list", status_total() == before, status_total())

        # paging, and the back button
        wait(lambda: d.find_elements(By.ID, "next"), "a Next button")
        d.find_element(By.ID, "next").click()
        wait(lambda: "(showing 11" in first_rank(), "page 2")
        check("browser: Next shows hits 11-20 and page=2 in the address", "page=2" in d.current_url and SEED_ID not in hits(), (d.current_url, first_rank()))
        d.back()
        wait(lambda: "(showing 1–" in first_rank() or "(showing 1-" in first_rank(), "page 1 again")
        check("browser: Back returns to page 1", hits()[:1] == [SEED_ID], hits()[:3])

        # a bookmarked address shows the same search
        d.get(srv.url + "/?" + q({"q": SEED_QUERY, "f": "person:Amir Baram"}))
        wait(lambda: hits(), "bookmarked results")
        check("browser: a bookmarked address with a filter shows the narrowed search", hits() == [SEED_ID] and "Amir Baram" in d.find_element(By.ID, "chips").text, hits())

        # the date range: typed into the page, kept in the address, every hit inside it
        d.get(srv.url + "/?" + q({"q": "war"}))
        wait(lambda: hits(), "war")
        all_war = status_total()
        since = d.find_element(By.ID, "since")
        d.execute_script("arguments[0].value = '2001-01-01'; arguments[0].dispatchEvent(new Event('change'));", since)
        wait(lambda: "since=2001-01-01" in d.current_url and status_total() not in (-1, all_war), "the date range")
        dates = [e.text.split(" · ")[0] for e in d.find_elements(By.CSS_SELECTOR, "#hits .hit .meta")]
        check("browser: a From date narrows the list to documents dated from then on",
              0 < status_total() < all_war and dates and all(x >= "2001-01-01" for x in dates), (all_war, status_total(), dates))

        # the whole document
        d.get(srv.url + "/?" + q({"q": SEED_QUERY, "f": "person:Amir Baram"}))
        wait(lambda: hits(), "bookmarked results again")
        d.find_element(By.CSS_SELECTOR, "#hits .hit h2 a").click()
        wait(lambda: d.find_elements(By.CSS_SELECTOR, "#doc .body") and d.find_element(By.ID, "doc").is_displayed(), "the document")
        body = d.find_element(By.CSS_SELECTOR, "#doc .body").text
        check("browser: clicking a title shows the whole document", "Joint Working Group" in body and "doc=" in d.current_url, body[:100])
        d.back()
        wait(lambda: d.find_element(By.ID, "results").is_displayed(), "results again")

        # the query syntax is one click away
        d.find_element(By.ID, "syntax-toggle").click()
        wait(lambda: d.find_element(By.ID, "syntax").is_displayed(), "syntax help")
        check("browser: the query syntax is one click away", "person:X" in d.find_element(By.ID, "syntax").text)

        # a bad query shows the error, with its column
        d.get(srv.url + "/?" + q({"q": "(defence AND"}))
        wait(lambda: "error" in d.find_element(By.ID, "status").text.lower(), "query error")
        check("browser: a bad query shows the message and column", "at character" in d.find_element(By.ID, "status").text, d.find_element(By.ID, "status").text)

        # hostile document text stays text
        d.get(srv.url + "/?" + q({"q": "zanzibarite"}))
        wait(lambda: hits(), "the hostile document")
        shown = d.find_element(By.CSS_SELECTOR, "#hits .hit h2").text
        pwned = d.execute_script("return window.__pwned === undefined ? null : window.__pwned")
        tags = d.execute_script("return document.querySelectorAll('#hits img, #hits script, #doc img, #doc script').length")
        check("browser: a title with <img onerror> and <script> shows as text", shown == XSS_TITLE, shown)
        check("browser: ... and no element was made from it", tags == 0, tags)
        d.find_element(By.CSS_SELECTOR, "#hits .hit h2 a").click()
        wait(lambda: d.find_elements(By.CSS_SELECTOR, "#doc .body"), "the hostile document's view")
        time.sleep(0.3)
        pwned = d.execute_script("return window.__pwned === undefined ? null : window.__pwned") or pwned
        tags = d.execute_script("return document.querySelectorAll('#doc img, #doc script').length")
        check("browser: ... its document view runs nothing either", pwned is None and tags == 0, (pwned, tags))

        # a phone
        d.set_window_size(390, 844)
        d.get(srv.url + "/?" + q({"q": SEED_QUERY}))
        wait(lambda: hits(), "results on a phone")
        width = d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        fx = d.find_element(By.ID, "facets").location["y"]
        rx = d.find_element(By.ID, "results").location["y"]
        check("browser: on a phone there is no sideways scrolling and the sidebar follows the results",
              width[0] <= width[1] and fx > rx, (width, fx, rx))
        errors = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]
        check("browser: the page logged no errors besides the intended query error",
              all("400" in e["message"] for e in errors), errors)
    finally:
        d.quit()


def main():
    tmp = tempfile.mkdtemp(prefix="byline-serve-")
    try:
        db = os.path.join(tmp, "db")
        feed = os.path.join(tmp, "hostile.jsonl")
        with open(feed, "w") as f:
            f.write(json.dumps({"id": "xss-1", "title": XSS_TITLE,
                                "text": "<script>window.__pwned=3</script><b>bold?</b> zanzibarite text <img src=x onerror=\"window.__pwned=4\">"}) + "\n")
        r = subprocess.run([INDEX, "-d", db, os.path.join(ROOT, "corpus"), feed], capture_output=True, timeout=300)
        if not check("index corpus/ and a hostile document", r.returncode == 0, r.stderr.decode()):
            return
        srv = Server(["-d", db, "--port", "0", "--threads", "4"])
        test_api(db, srv)
        test_reopen(db, srv, tmp)
        try:
            test_page(srv)
        except Exception as e:  # a browser that cannot start, or a wait that timed out
            bad("browser tests ran to the end", "%s: %s" % (type(e).__name__, e))
        test_bind_and_exit(db, tmp)
    finally:
        kill_all()
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
