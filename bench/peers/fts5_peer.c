/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fts5_peer — SQLite FTS5 benchmark peer for Byline.
 *
 *   fts5_peer index DB FILE.jsonl
 *       DB is a file (removed first, with its -journal/-wal).  One table
 *         CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text,
 *                                              tokenize='porter unicode61')
 *       filled in ONE transaction.  Prints one JSON line: docs, seconds (open .. close),
 *       docs/s, MB/s (MB = 10^6 bytes of title+text).
 *
 *   fts5_peer search DB QUERIES.tsv [--k 1000] [--run TAG]
 *       SELECT id, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT k;
 *       prints a TREC run "qid Q0 docid rank score TAG" with score = -bm25 (higher = better).
 *
 *   fts5_peer latency DB QUERIES.txt [--repeat R] [--warmup W] [--k 10]
 *       Same statement, top k, timing = build MATCH string + bind + step + read ids.
 *       Prints p50/p95/p99/mean/max microseconds as one JSON line.
 *
 * Query text never reaches FTS5's syntax: it is cut into words (runs of ASCII letters/digits
 * and any non-ASCII bytes) and rebuilt as an OR of double-quoted strings.  A double-quoted
 * span of the input ("new york") stays one quoted string, i.e. an FTS5 phrase.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "peer_common.h"

static const char *USAGE =
    "usage: fts5_peer index DB FILE.jsonl\n"
    "       fts5_peer search DB QUERIES.tsv [--k 1000] [--run TAG]\n"
    "       fts5_peer latency DB QUERIES.txt [--repeat 3] [--warmup 1] [--k 10]\n"
    "\n"
    "SQLite FTS5 peer for the Byline benchmarks (see bench/README.md).\n"
    "  index    load a JSON Lines file (fields id, title, text) into DB (a file, overwritten)\n"
    "           in one transaction; prints {docs, seconds, docs_per_s, mb_per_s, ...}\n"
    "  search   run every query of a qid<TAB>text file, print a TREC run on stdout\n"
    "  latency  time top-k searches, print p50/p95/p99 microseconds as one JSON line\n";

static int usage_error(const char *msg)
{
    if (msg)
        fprintf(stderr, "fts5_peer: %s\n", msg);
    fputs(USAGE, stderr);
    return 2;
}

static int is_word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

/* Build the MATCH expression for `q` into a malloc()ed string; NULL if q has no word. */
static char *fts5_match(const char *q)
{
    size_t n = strlen(q);
    char *out = malloc(n * 6 + 16);  /* worst case: every byte its own "x" OR  */
    if (!out) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    size_t o = 0;
    int terms = 0, in_quote = 0, phrase_words = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)q[i];
        if (c == '"') {
            if (in_quote && phrase_words > 0)
                out[o++] = '"';
            in_quote = !in_quote;
            phrase_words = 0;
            i++;
            continue;
        }
        if (!is_word_byte(c)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && is_word_byte((unsigned char)q[j]))
            j++;
        if (in_quote && phrase_words > 0) {
            out[o++] = ' ';
        } else {
            if (terms > 0) {
                memcpy(out + o, " OR ", 4);
                o += 4;
            }
            out[o++] = '"';
            terms++;
        }
        memcpy(out + o, q + i, j - i);
        o += j - i;
        if (in_quote)
            phrase_words++;
        else
            out[o++] = '"';
        i = j;
    }
    if (in_quote && phrase_words > 0)
        out[o++] = '"';  /* unterminated quote: close the phrase */
    out[o] = '\0';
    if (terms == 0) {
        free(out);
        return NULL;
    }
    return out;
}

static int exec_sql(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "fts5_peer: %s: %s\n", sql, err ? err : "?");
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

static int cmd_index(const char *dbpath, const char *file)
{
    FILE *f = fopen(file, "rb");
    if (!f) {
        fprintf(stderr, "fts5_peer: %s: %s\n", file, strerror(errno));
        return 2;
    }
    const char *suffixes[] = {"", "-journal", "-wal", "-shm"};
    for (size_t s = 0; s < sizeof suffixes / sizeof *suffixes; s++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s", dbpath, suffixes[s]);
        if (unlink(path) != 0 && errno != ENOENT) {
            fprintf(stderr, "fts5_peer: cannot remove %s: %s\n", path, strerror(errno));
            fclose(f);
            return 2;
        }
    }
    double t0 = peer_now();
    sqlite3 *db = NULL;
    if (sqlite3_open(dbpath, &db) != SQLITE_OK) {
        fprintf(stderr, "fts5_peer: %s: %s\n", dbpath, sqlite3_errmsg(db));
        sqlite3_close(db);
        fclose(f);
        return 2;
    }
    if (exec_sql(db, "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text, "
                     "tokenize='porter unicode61')") ||
        exec_sql(db, "BEGIN")) {
        sqlite3_close(db);
        fclose(f);
        return 2;
    }
    sqlite3_stmt *ins = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO docs(id, title, text) VALUES (?1, ?2, ?3)", -1, &ins,
                           NULL) != SQLITE_OK) {
        fprintf(stderr, "fts5_peer: prepare: %s\n", sqlite3_errmsg(db));
        sqlite3_close(db);
        fclose(f);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long docs = 0, lineno = 0, bad = 0;
    unsigned long long input_bytes = 0, text_bytes = 0;
    char err[200];
    int rc = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        input_bytes += (unsigned long long)len;
        peer_doc d;
        int pr = peer_doc_parse(&d, line, (size_t)len, err);
        if (pr == 0)
            continue;
        if (pr < 0) {
            fprintf(stderr, "fts5_peer: %s:%ld: %s (skipped)\n", file, lineno, err);
            bad++;
            continue;
        }
        sqlite3_bind_text(ins, 1, d.id, (int)d.id_len, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, d.title, (int)d.title_len, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, d.text, (int)d.text_len, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            fprintf(stderr, "fts5_peer: %s:%ld: insert: %s\n", file, lineno, sqlite3_errmsg(db));
            rc = 2;
            peer_doc_clear(&d);
            break;
        }
        sqlite3_reset(ins);
        sqlite3_clear_bindings(ins);
        text_bytes += d.title_len + d.text_len;
        docs++;
        peer_doc_clear(&d);
    }
    free(line);
    fclose(f);
    sqlite3_finalize(ins);
    if (rc == 0 && exec_sql(db, "COMMIT"))
        rc = 2;
    if (sqlite3_close(db) != SQLITE_OK) {
        fprintf(stderr, "fts5_peer: close failed\n");
        rc = 2;
    }
    double t1 = peer_now();
    if (bad)
        fprintf(stderr, "fts5_peer: %ld bad lines skipped\n", bad);
    if (rc == 0)
        peer_print_index("fts5", docs, t1 - t0, input_bytes, text_bytes);
    return rc;
}

static sqlite3 *open_ro(const char *dbpath, sqlite3_stmt **st)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "fts5_peer: %s: %s\n", dbpath, sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    if (sqlite3_prepare_v2(db,
                           "SELECT id, bm25(docs) FROM docs WHERE docs MATCH ?1 "
                           "ORDER BY rank LIMIT ?2",
                           -1, st, NULL) != SQLITE_OK) {
        fprintf(stderr, "fts5_peer: %s: %s\n", dbpath, sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

static int cmd_search(const char *dbpath, const char *qfile, int k, const char *tag)
{
    peer_query *qs = NULL;
    long n = peer_read_queries(qfile, 1, &qs);
    if (n < 0) {
        fprintf(stderr, "fts5_peer: %s: %s\n", qfile, strerror(errno));
        return 2;
    }
    sqlite3_stmt *st = NULL;
    sqlite3 *db = open_ro(dbpath, &st);
    if (!db) {
        peer_free_queries(qs, n);
        return 2;
    }
    long errors = 0;
    for (long i = 0; i < n; i++) {
        char *m = fts5_match(qs[i].text);
        if (!m)
            continue;
        sqlite3_bind_text(st, 1, m, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, k);
        int rank = 1, rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const unsigned char *id = sqlite3_column_text(st, 0);
            double bm25 = sqlite3_column_double(st, 1);
            printf("%s Q0 %s %d %.6f %s\n", qs[i].qid, id ? (const char *)id : "", rank++,
                   -bm25, tag);
        }
        if (rc != SQLITE_DONE) {
            fprintf(stderr, "fts5_peer: query %s (%s): %s\n", qs[i].qid, m, sqlite3_errmsg(db));
            errors++;
        }
        sqlite3_reset(st);
        free(m);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    peer_free_queries(qs, n);
    return errors ? 2 : 0;
}

static int cmd_latency(const char *dbpath, const char *qfile, int repeat, int warmup, int k)
{
    peer_query *qs = NULL;
    long n = peer_read_queries(qfile, 0, &qs);
    if (n < 0) {
        fprintf(stderr, "fts5_peer: %s: %s\n", qfile, strerror(errno));
        return 2;
    }
    if (n == 0) {
        fprintf(stderr, "fts5_peer: %s: no queries\n", qfile);
        return 2;
    }
    sqlite3_stmt *st = NULL;
    sqlite3 *db = open_ro(dbpath, &st);
    if (!db) {
        peer_free_queries(qs, n);
        return 2;
    }
    double *us = malloc(sizeof *us * (size_t)n * (size_t)repeat);
    if (!us) {
        fprintf(stderr, "out of memory\n");
        return 2;
    }
    size_t ns = 0;
    long hits = 0, errors = 0;
    for (int pass = 0; pass < warmup + repeat; pass++) {
        int timed = pass >= warmup;
        for (long i = 0; i < n; i++) {
            double t0 = peer_now();
            char *m = fts5_match(qs[i].text);
            long got = 0;
            if (m) {
                sqlite3_bind_text(st, 1, m, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int(st, 2, k);
                int rc;
                while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                    got += sqlite3_column_text(st, 0) != NULL;
                if (rc != SQLITE_DONE && timed)
                    errors++;
                sqlite3_reset(st);
                free(m);
            }
            double t1 = peer_now();
            if (timed) {
                us[ns++] = (t1 - t0) * 1e6;
                hits += got;
            }
        }
    }
    if (errors)
        fprintf(stderr, "fts5_peer: %ld query errors\n", errors);
    peer_print_latency("fts5", n, repeat, us, ns, hits);
    free(us);
    sqlite3_finalize(st);
    sqlite3_close(db);
    peer_free_queries(qs, n);
    return errors ? 2 : 0;
}

static int parse_int_opt(const char *v, int min, int *out)
{
    char *end = NULL;
    long x = strtol(v, &end, 10);
    if (!v[0] || *end || x < min || x > 1000000000L)
        return 0;
    *out = (int)x;
    return 1;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(USAGE, stdout);
            return 0;
        }
    if (argc >= 3 && !strcmp(argv[1], "match")) {
        /* debugging aid: show the MATCH expression built for a query */
        char *m = fts5_match(argv[2]);
        printf("%s\n", m ? m : "(no words)");
        free(m);
        return 0;
    }
    if (argc < 4)
        return usage_error(NULL);
    const char *cmd = argv[1], *db = argv[2], *file = argv[3];
    int k = !strcmp(cmd, "search") ? 1000 : 10, repeat = 3, warmup = 1;
    const char *tag = "fts5";
    for (int i = 4; i < argc; i++) {
        const char *opt = argv[i];
        if (i + 1 >= argc) {
            fprintf(stderr, "fts5_peer: missing value for %s\n", opt);
            return usage_error(NULL);
        }
        const char *v = argv[++i];
        if (!strcmp(opt, "--k")) {
            if (!parse_int_opt(v, 1, &k))
                return usage_error("bad --k");
        } else if (!strcmp(opt, "--run")) {
            tag = v;
        } else if (!strcmp(opt, "--repeat")) {
            if (!parse_int_opt(v, 1, &repeat))
                return usage_error("bad --repeat");
        } else if (!strcmp(opt, "--warmup")) {
            if (!parse_int_opt(v, 0, &warmup))
                return usage_error("bad --warmup");
        } else {
            fprintf(stderr, "fts5_peer: unknown option %s\n", opt);
            return usage_error(NULL);
        }
    }
    if (!strcmp(cmd, "index"))
        return argc == 4 ? cmd_index(db, file) : usage_error("index takes no options");
    if (!strcmp(cmd, "search"))
        return cmd_search(db, file, k, tag);
    if (!strcmp(cmd, "latency"))
        return cmd_latency(db, file, repeat, warmup, k);
    return usage_error("unknown command");
}
