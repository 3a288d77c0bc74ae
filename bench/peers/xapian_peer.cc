// SPDX-License-Identifier: GPL-2.0-or-later
// xapian_peer — "plain Xapian" benchmark peer for Byline.
//
// What a competent user of libxapian 1.4 would write with the stock classes and defaults,
// so that Byline's figures can be compared against it:
//
//   xapian_peer index DB FILE.jsonl [--data id|text]
//       TermGenerator with Stem("english") (default strategy STEM_SOME), positions on; the
//       title is indexed, then increase_termpos(), then the text, all unprefixed.  Unique
//       boolean term "Q"+id, replace_document() on that term.  Document data:
//         --data id    (default) the id alone: the cheapest index, used by bench/indexing;
//         --data text  what an application that shows its hits stores, Omega-style
//                      "id=ID\ntitle=TITLE\ntext=TEXT" (newlines of the title as spaces, the
//                      text last and verbatim); the id is also value slot 0 so that reading
//                      ids does not fetch the text, and metadata "peer.data" = "text".
//       One WritableDatabase (DB_CREATE_OR_OVERWRITE), default commit behaviour (Xapian's
//       automatic flush threshold, final commit on close).  Prints one JSON line:
//       docs, seconds (open .. close), docs/s, MB/s (MB = 10^6 bytes of title+text).
//
//   xapian_peer search DB QUERIES.tsv [--k 1000] [--run TAG]
//       QueryParser, english stemmer, STEM_SOME, default op OR, FLAG_DEFAULT; BM25Weight with
//       its defaults.  Prints a TREC run: "qid Q0 docid rank score TAG" (rank from 1).
//
//   xapian_peer latency DB QUERIES.txt [--repeat R] [--warmup W] [--k 10]
//                                      [--fetch ids|data|snippet|snippet-fast]
//       One query per line; each timed search = parse + get_mset(0, k) + per hit:
//         ids      (default) read its id (value 0 of a --data text index, else its data);
//         data     get_document().get_data() and split it into id, title and text (a
//                  --data text index: what a result page needs except the snippet);
//         snippet  data, then MSet::snippet(text, 200, Stem("english")) with Xapian's default
//                  flags (background model, exhaustive) and markers: a 200-byte passage with
//                  the query's matches marked, like Byline's hits;
//         snippet-fast  the same without SNIPPET_EXHAUSTIVE (Xapian stops at a "good enough"
//                  passage): the quicker setting an application would pick for speed.
//       W untimed passes (default 1), then R timed passes (default 3).  Prints one JSON line
//       with p50/p95/p99/mean/max in microseconds (nearest-rank percentiles); the system is
//       "xapian" for ids, "xapian-data", "xapian-snippet", "xapian-snippet-fast" otherwise.
//
// A query the QueryParser rejects is retried without FLAG_DEFAULT (flags 0), then with its
// punctuation removed; it never crashes the run.
#include <xapian.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "peer_common.h"

namespace {

const char *USAGE =
    "usage: xapian_peer index DB FILE.jsonl [--data id|text]\n"
    "       xapian_peer search DB QUERIES.tsv [--k 1000] [--run TAG]\n"
    "       xapian_peer latency DB QUERIES.txt [--repeat 3] [--warmup 1] [--k 10]\n"
    "                                          [--fetch ids|data|snippet|snippet-fast]\n"
    "\n"
    "Plain-Xapian peer for the Byline benchmarks (see bench/README.md).\n"
    "  index    index a JSON Lines file (fields id, title, text) into DB (overwritten);\n"
    "           prints {docs, seconds, docs_per_s, mb_per_s, ...} as one JSON line;\n"
    "           --data text stores id, title and text as document data (default: id only)\n"
    "  search   run every query of a qid<TAB>text file, print a TREC run on stdout\n"
    "  latency  time top-k searches, print p50/p95/p99 microseconds as one JSON line;\n"
    "           --fetch: per hit read the id (default), the data, or data + MSet::snippet\n"
    "           (default flags, or snippet-fast: without SNIPPET_EXHAUSTIVE)\n";

int usage_error(const char *msg)
{
    if (msg)
        std::fprintf(stderr, "xapian_peer: %s\n", msg);
    std::fputs(USAGE, stderr);
    return 2;
}

// Keep letters (any non-ASCII byte counts as one), digits, apostrophes; the rest -> space.
std::string strip_punctuation(const std::string &q)
{
    std::string out(q);
    for (auto &c : out) {
        unsigned char u = static_cast<unsigned char>(c);
        if (!(u >= 0x80 || std::isalnum(u) || c == '\''))
            c = ' ';
    }
    return out;
}

const char *META_DATA = "peer.data";  // "text" for a --data text index
const Xapian::valueno SLOT_ID = 0;     // the id, in a --data text index

struct Searcher {
    Xapian::Database db;
    Xapian::QueryParser qp;
    Xapian::Stem stem{"english"};
    bool text_data;  // a --data text index: the id is value SLOT_ID, the data is big
    long parse_fallbacks = 0;

    explicit Searcher(const std::string &path)
        : db(path), text_data(db.get_metadata(META_DATA) == "text")
    {
        qp.set_database(db);
        qp.set_stemmer(stem);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_default_op(Xapian::Query::OP_OR);
    }

    Xapian::Query parse(const std::string &text)
    {
        try {
            return qp.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT);
        } catch (const Xapian::QueryParserError &) {
        }
        parse_fallbacks++;
        try {
            return qp.parse_query(text, 0);
        } catch (const Xapian::QueryParserError &) {
        }
        try {
            return qp.parse_query(strip_punctuation(text), 0);
        } catch (const Xapian::QueryParserError &e) {
            std::fprintf(stderr, "xapian_peer: query not parsed (%s): %s\n",
                         e.get_msg().c_str(), text.c_str());
        }
        return Xapian::Query();
    }

    // A hit's id without reading more than it needs.
    std::string id_of(const Xapian::MSetIterator &it) const
    {
        Xapian::Document doc = it.get_document();
        return text_data ? doc.get_value(SLOT_ID) : doc.get_data();
    }
};

// Omega-style document data of a --data text index: "id=ID\ntitle=TITLE\ntext=TEXT".
std::string omega_data(const peer_doc &d)
{
    std::string data;
    data.reserve(d.id_len + d.title_len + d.text_len + 20);
    data.append("id=").append(d.id, d.id_len).append("\ntitle=");
    for (size_t i = 0; i < d.title_len; i++)
        data.push_back(d.title[i] == '\n' || d.title[i] == '\r' ? ' ' : d.title[i]);
    data.append("\ntext=").append(d.text, d.text_len);
    return data;
}

// The fields of omega_data()'s layout, as views into `data` (empty when absent).
struct DataFields {
    const char *id = "", *title = "", *text = "";
    size_t id_len = 0, title_len = 0, text_len = 0;
};

DataFields split_data(const std::string &data)
{
    DataFields f;
    const char *p = data.data(), *end = p + data.size();
    const char **val[] = {&f.id, &f.title, &f.text};
    size_t *len[] = {&f.id_len, &f.title_len, &f.text_len};
    const char *keys[] = {"id=", "title=", "text="};
    for (int k = 0; k < 3 && p < end; k++) {
        size_t kl = std::strlen(keys[k]);
        if (static_cast<size_t>(end - p) < kl || std::memcmp(p, keys[k], kl) != 0)
            break;
        p += kl;
        const char *nl = k < 2 ? static_cast<const char *>(std::memchr(p, '\n', end - p)) : end;
        nl = nl ? nl : end;
        *val[k] = p;
        *len[k] = static_cast<size_t>(nl - p);
        p = nl < end ? nl + 1 : end;
    }
    return f;
}

int cmd_index(const char *dbpath, const char *file, bool store_text)
{
    FILE *f = std::fopen(file, "rb");
    if (!f) {
        std::fprintf(stderr, "xapian_peer: %s: %s\n", file, std::strerror(errno));
        return 2;
    }
    double t0 = peer_now();
    Xapian::WritableDatabase db(dbpath, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    // index_text() records positions (the default).
    char *line = nullptr;
    size_t cap = 0;
    ssize_t len;
    long docs = 0, lineno = 0, bad = 0;
    unsigned long long input_bytes = 0, text_bytes = 0;
    char err[200];
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        input_bytes += static_cast<unsigned long long>(len);
        peer_doc d;
        int rc = peer_doc_parse(&d, line, static_cast<size_t>(len), err);
        if (rc == 0)
            continue;
        if (rc < 0) {
            std::fprintf(stderr, "xapian_peer: %s:%ld: %s (skipped)\n", file, lineno, err);
            bad++;
            continue;
        }
        if (d.id_len == 0) {
            std::fprintf(stderr, "xapian_peer: %s:%ld: no id (skipped)\n", file, lineno);
            bad++;
            peer_doc_clear(&d);
            continue;
        }
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(std::string(d.title, d.title_len));
        tg.increase_termpos();
        tg.index_text(std::string(d.text, d.text_len));
        std::string id(d.id, d.id_len);
        if (store_text) {
            doc.set_data(omega_data(d));
            doc.add_value(SLOT_ID, id);
        } else {
            doc.set_data(id);
        }
        std::string idterm = "Q" + id;
        doc.add_boolean_term(idterm);
        db.replace_document(idterm, doc);
        text_bytes += d.title_len + d.text_len;
        docs++;
        peer_doc_clear(&d);
    }
    std::free(line);
    std::fclose(f);
    if (store_text)
        db.set_metadata(META_DATA, "text");
    db.close();  // commits
    double t1 = peer_now();
    if (bad)
        std::fprintf(stderr, "xapian_peer: %ld bad lines skipped\n", bad);
    peer_print_index("xapian", docs, t1 - t0, input_bytes, text_bytes);
    return 0;
}

int cmd_search(const char *dbpath, const char *qfile, int k, const char *tag)
{
    peer_query *qs = nullptr;
    long n = peer_read_queries(qfile, 1, &qs);
    if (n < 0) {
        std::fprintf(stderr, "xapian_peer: %s: %s\n", qfile, std::strerror(errno));
        return 2;
    }
    Searcher s(dbpath);
    Xapian::Enquire enq(s.db);
    enq.set_weighting_scheme(Xapian::BM25Weight());
    for (long i = 0; i < n; i++) {
        Xapian::Query q = s.parse(qs[i].text);
        if (q.empty())
            continue;
        enq.set_query(q);
        Xapian::MSet ms = enq.get_mset(0, static_cast<Xapian::doccount>(k));
        int rank = 1;
        for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it, ++rank) {
            std::string id = s.id_of(it);
            std::printf("%s Q0 %s %d %.6f %s\n", qs[i].qid, id.c_str(), rank, it.get_weight(),
                        tag);
        }
    }
    if (s.parse_fallbacks)
        std::fprintf(stderr, "xapian_peer: %ld queries parsed without FLAG_DEFAULT\n",
                     s.parse_fallbacks);
    peer_free_queries(qs, n);
    return 0;
}

enum class Fetch { Ids, Data, Snippet, SnippetFast };

// What one hit costs a result page in the given mode; returns 1 when the hit has an id.
long fetch_hit(const Searcher &s, const Xapian::MSet &ms, const Xapian::MSetIterator &it,
               Fetch fetch)
{
    if (fetch == Fetch::Ids)
        return !s.id_of(it).empty();
    std::string data = it.get_document().get_data();
    DataFields f = split_data(data);
    if (fetch == Fetch::Snippet || fetch == Fetch::SnippetFast) {
        unsigned flags = Xapian::MSet::SNIPPET_BACKGROUND_MODEL;
        if (fetch == Fetch::Snippet)
            flags |= Xapian::MSet::SNIPPET_EXHAUSTIVE;  // the default flags
        std::string snip = ms.snippet(std::string(f.text, f.text_len), 200, s.stem, flags);
        if (snip.empty() && f.text_len)
            return 0;  // never happens without SNIPPET_EMPTY_WITHOUT_MATCH
    }
    return f.id_len > 0;
}

int cmd_latency(const char *dbpath, const char *qfile, int repeat, int warmup, int k,
                Fetch fetch)
{
    peer_query *qs = nullptr;
    long n = peer_read_queries(qfile, 0, &qs);
    if (n < 0) {
        std::fprintf(stderr, "xapian_peer: %s: %s\n", qfile, std::strerror(errno));
        return 2;
    }
    if (n == 0) {
        std::fprintf(stderr, "xapian_peer: %s: no queries\n", qfile);
        return 2;
    }
    Searcher s(dbpath);
    if (fetch != Fetch::Ids && !s.text_data)
        std::fprintf(stderr, "xapian_peer: %s was not indexed with --data text: its data "
                             "holds no title or text\n", dbpath);
    std::vector<double> us;
    us.reserve(static_cast<size_t>(n) * static_cast<size_t>(repeat));
    long hits = 0;
    for (int pass = 0; pass < warmup + repeat; pass++) {
        bool timed = pass >= warmup;
        for (long i = 0; i < n; i++) {
            double t0 = peer_now();
            Xapian::Query q = s.parse(qs[i].text);
            Xapian::Enquire enq(s.db);
            enq.set_query(q);
            Xapian::MSet ms = enq.get_mset(0, static_cast<Xapian::doccount>(k));
            long got = 0;
            for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it)
                got += fetch_hit(s, ms, it, fetch);
            double t1 = peer_now();
            if (timed) {
                us.push_back((t1 - t0) * 1e6);
                hits += got;
            }
        }
    }
    const char *name = fetch == Fetch::Ids       ? "xapian"
                       : fetch == Fetch::Data    ? "xapian-data"
                       : fetch == Fetch::Snippet ? "xapian-snippet"
                                                 : "xapian-snippet-fast";
    peer_print_latency(name, n, repeat, us.data(), us.size(), hits);
    peer_free_queries(qs, n);
    return 0;
}

bool parse_int_opt(const char *v, int min, int *out)
{
    char *end = nullptr;
    long x = std::strtol(v, &end, 10);
    if (!v[0] || *end || x < min || x > 1000000000L)
        return false;
    *out = static_cast<int>(x);
    return true;
}

}  // namespace

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            std::fputs(USAGE, stdout);
            return 0;
        }
    if (argc < 4)
        return usage_error(nullptr);
    std::string cmd = argv[1];
    const char *db = argv[2], *file = argv[3];
    int k = cmd == "search" ? 1000 : 10, repeat = 3, warmup = 1;
    const char *tag = "xapian";
    bool store_text = false, data_opt = false;
    Fetch fetch = Fetch::Ids;
    for (int i = 4; i < argc; i++) {
        std::string opt = argv[i];
        if (i + 1 >= argc)
            return usage_error(("missing value for " + opt).c_str());
        const char *v = argv[++i];
        if (opt == "--k") {
            if (!parse_int_opt(v, 1, &k))
                return usage_error("bad --k");
        } else if (opt == "--run") {
            tag = v;
        } else if (opt == "--data" && cmd == "index") {
            if (std::strcmp(v, "id") && std::strcmp(v, "text"))
                return usage_error("--data takes id or text");
            store_text = !std::strcmp(v, "text");
            data_opt = true;
        } else if (opt == "--fetch" && cmd == "latency") {
            if (!std::strcmp(v, "ids"))
                fetch = Fetch::Ids;
            else if (!std::strcmp(v, "data"))
                fetch = Fetch::Data;
            else if (!std::strcmp(v, "snippet"))
                fetch = Fetch::Snippet;
            else if (!std::strcmp(v, "snippet-fast"))
                fetch = Fetch::SnippetFast;
            else
                return usage_error("--fetch takes ids, data, snippet or snippet-fast");
        } else if (opt == "--repeat") {
            if (!parse_int_opt(v, 1, &repeat))
                return usage_error("bad --repeat");
        } else if (opt == "--warmup") {
            if (!parse_int_opt(v, 0, &warmup))
                return usage_error("bad --warmup");
        } else {
            return usage_error(("unknown option " + opt).c_str());
        }
    }
    try {
        if (cmd == "index")
            return argc == 4 + 2 * data_opt ? cmd_index(db, file, store_text)
                                            : usage_error("index takes only --data");
        if (cmd == "search")
            return cmd_search(db, file, k, tag);
        if (cmd == "latency")
            return cmd_latency(db, file, repeat, warmup, k, fetch);
        return usage_error(("unknown command " + cmd).c_str());
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapian_peer: %s\n", e.get_description().c_str());
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "xapian_peer: %s\n", e.what());
        return 2;
    }
}
