/* SPDX-License-Identifier: GPL-2.0-or-later */
/* byline_latency — in-process latency of Byline's library search (build/libbyline.a).
 *
 *   byline_latency DB QUERIES.txt [--repeat R] [--warmup W] [--k 10] [--no-snippets] [--json]
 *
 * One query per line, passed as is to bl_search() (Byline's query language, default options
 * of bl_search_options_init() except limit = k, and no_snippets with --no-snippets: hits with
 * their fields only).  Each timed search = bl_search() + reading every hit's id +
 * bl_results_free(); the searcher is opened once.  W untimed passes (default 1), then R timed
 * passes (default 3).  With --json each timed search also renders its page with
 * bl_results_to_json (what byline-search --format json and byline-serve's /api/search print).  Prints one JSON line like `xapian_peer latency`:
 * {"system": "byline-lib", "p50_us": ..., "p95_us": ..., "p99_us": ..., ...}.
 *
 * Built for real by bench/Makefile only when build/libbyline.a and include/byline.h exist
 * (compiled with -DBYLINE_LIB); otherwise, or if that build fails, this file is compiled as a
 * stub that prints "not built yet" and exits with status 3, and bench/search-latency reports
 * the row as n/a.
 */
#include <stdio.h>
#include <string.h>

#ifdef BYLINE_LIB

#include <errno.h>
#include <stdlib.h>

#include "byline.h"
#include "peer_common.h"

static const char *USAGE =
    "usage: byline_latency DB QUERIES.txt [--repeat 3] [--warmup 1] [--k 10] [--no-snippets]\n"
    "                      [--json]   (--json: also render each page with bl_results_to_json)\n"
    "Times top-k searches through libbyline (bl_search), prints p50/p95/p99 microseconds as\n"
    "one JSON line.\n";

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
    if (argc < 3) {
        fputs(USAGE, stderr);
        return 2;
    }
    const char *dbpath = argv[1], *qfile = argv[2];
    int repeat = 3, warmup = 1, k = 10, no_snippets = 0, json = 0;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--no-snippets")) { /* fields only, as the peers return */
            no_snippets = 1;
            continue;
        }
        if (!strcmp(argv[i], "--json")) { /* also render the page as byline-search -f json */
            json = 1;
            continue;
        }
        if (i + 1 >= argc) {
            fputs(USAGE, stderr);
            return 2;
        }
        const char *opt = argv[i], *v = argv[++i];
        int ok = !strcmp(opt, "--repeat")   ? parse_int_opt(v, 1, &repeat)
                 : !strcmp(opt, "--warmup") ? parse_int_opt(v, 0, &warmup)
                 : !strcmp(opt, "--k")      ? parse_int_opt(v, 1, &k)
                                            : 0;
        if (!ok) {
            fprintf(stderr, "byline_latency: bad option %s %s\n", opt, v);
            fputs(USAGE, stderr);
            return 2;
        }
    }
    peer_query *qs = NULL;
    long n = peer_read_queries(qfile, 0, &qs);
    if (n <= 0) {
        fprintf(stderr, "byline_latency: %s: %s\n", qfile, n < 0 ? strerror(errno) : "no queries");
        return 2;
    }
    bl_searcher *s = NULL;
    char *err = NULL;
    const char *locs[1] = {dbpath};
    if (bl_searcher_open(locs, 1, &s, &err) != BL_OK) {
        fprintf(stderr, "byline_latency: %s: %s\n", dbpath, err ? err : "cannot open");
        free(err);
        peer_free_queries(qs, n);
        return 2;
    }
    bl_search_options o;
    bl_search_options_init(&o);
    o.limit = (unsigned)k;
    o.no_snippets = no_snippets;
    double *us = malloc(sizeof *us * (size_t)n * (size_t)repeat);
    if (!us) {
        fputs("out of memory\n", stderr);
        return 2;
    }
    size_t ns = 0;
    long hits = 0, errors = 0;
    for (int pass = 0; pass < warmup + repeat; pass++) {
        int timed = pass >= warmup;
        for (long i = 0; i < n; i++) {
            bl_results *r = NULL;
            bl_query_error qerr;
            long got = 0;
            double t0 = peer_now();
            bl_status st = bl_search(s, qs[i].text, &o, &r, &qerr);
            if (st == BL_OK && r) {
                size_t m = bl_results_size(r);
                for (size_t j = 0; j < m; j++) {
                    const bl_hit *h = bl_results_hit(r, j);
                    got += h && h->id && h->id[0];
                }
                if (json)
                    free(bl_results_to_json(r, qs[i].text, &o, BL_JSON_DOCUMENT));
            }
            if (r)
                bl_results_free(r);
            double t1 = peer_now();
            if (!timed)
                continue;
            if (st != BL_OK) {
                if (errors++ == 0)
                    fprintf(stderr, "byline_latency: query %ld (%s): %s\n", i + 1, qs[i].text,
                            st == BL_ERR_QUERY ? qerr.message : bl_status_to_string(st));
            }
            us[ns++] = (t1 - t0) * 1e6;
            hits += got;
        }
    }
    if (errors)
        fprintf(stderr, "byline_latency: %ld failed searches (timed anyway)\n", errors);
    peer_print_latency("byline-lib", n, repeat, us, ns, hits);
    free(us);
    bl_searcher_close(s);
    peer_free_queries(qs, n);
    return 0;
}

#else /* !BYLINE_LIB: stub */

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            puts("usage: byline_latency DB QUERIES.txt [--repeat R] [--warmup W] [--k 10] "
                 "[--no-snippets]\n"
                 "(stub: build/libbyline.a was not available when bench/Makefile ran)");
            return 0;
        }
    fputs("byline_latency: not built yet (build Byline's library with `make`, then "
          "`make -f bench/Makefile`)\n",
          stdout);
    return 3;
}

#endif
