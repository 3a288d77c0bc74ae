// xapian_peer — "plain Xapian" benchmark peer for Byline.
//
// What a competent user of libxapian 1.4 would write with the stock classes and defaults,
// so that Byline's figures can be compared against it:
//
//   xapian_peer index DB FILE.jsonl
//       TermGenerator with Stem("english") (default strategy STEM_SOME), positions on; the
//       title is indexed, then increase_termpos(), then the text, all unprefixed.  Document
//       data = id, unique boolean term "Q"+id, replace_document() on that term.  One
//       WritableDatabase (DB_CREATE_OR_OVERWRITE), default commit behaviour (Xapian's
//       automatic flush threshold, final commit on close).  Prints one JSON line:
//       docs, seconds (open .. close), docs/s, MB/s (MB = 10^6 bytes of title+text).
//
//   xapian_peer search DB QUERIES.tsv [--k 1000] [--run TAG]
//       QueryParser, english stemmer, STEM_SOME, default op OR, FLAG_DEFAULT; BM25Weight with
//       its defaults.  Prints a TREC run: "qid Q0 docid rank score TAG" (rank from 1).
//
//   xapian_peer latency DB QUERIES.txt [--repeat R] [--warmup W] [--k 10]
//       One query per line; each timed search = parse + get_mset(0, k) + read each hit's id.
//       W untimed passes (default 1), then R timed passes (default 3).  Prints one JSON line
//       with p50/p95/p99/mean/max in microseconds (nearest-rank percentiles).
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
    "usage: xapian_peer index DB FILE.jsonl\n"
    "       xapian_peer search DB QUERIES.tsv [--k 1000] [--run TAG]\n"
    "       xapian_peer latency DB QUERIES.txt [--repeat 3] [--warmup 1] [--k 10]\n"
    "\n"
    "Plain-Xapian peer for the Byline benchmarks (see bench/README.md).\n"
    "  index    index a JSON Lines file (fields id, title, text) into DB (overwritten);\n"
    "           prints {docs, seconds, docs_per_s, mb_per_s, ...} as one JSON line\n"
    "  search   run every query of a qid<TAB>text file, print a TREC run on stdout\n"
    "  latency  time top-k searches, print p50/p95/p99 microseconds as one JSON line\n";

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

struct Searcher {
    Xapian::Database db;
    Xapian::QueryParser qp;
    Xapian::Stem stem{"english"};
    long parse_fallbacks = 0;

    explicit Searcher(const std::string &path) : db(path)
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
};

int cmd_index(const char *dbpath, const char *file)
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
        doc.set_data(id);
        std::string idterm = "Q" + id;
        doc.add_boolean_term(idterm);
        db.replace_document(idterm, doc);
        text_bytes += d.title_len + d.text_len;
        docs++;
        peer_doc_clear(&d);
    }
    std::free(line);
    std::fclose(f);
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
            std::string id = it.get_document().get_data();
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

int cmd_latency(const char *dbpath, const char *qfile, int repeat, int warmup, int k)
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
            for (Xapian::MSetIterator it = ms.begin(); it != ms.end(); ++it) {
                std::string id = it.get_document().get_data();
                got += !id.empty();
            }
            double t1 = peer_now();
            if (timed) {
                us.push_back((t1 - t0) * 1e6);
                hits += got;
            }
        }
    }
    peer_print_latency("xapian", n, repeat, us.data(), us.size(), hits);
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
            return argc == 4 ? cmd_index(db, file) : usage_error("index takes no options");
        if (cmd == "search")
            return cmd_search(db, file, k, tag);
        if (cmd == "latency")
            return cmd_latency(db, file, repeat, warmup, k);
        return usage_error(("unknown command " + cmd).c_str());
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "xapian_peer: %s\n", e.get_description().c_str());
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "xapian_peer: %s\n", e.what());
        return 2;
    }
}
