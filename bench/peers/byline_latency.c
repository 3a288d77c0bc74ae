/* byline_latency — in-process latency of Byline's library search (build/libbyline.a).
 *
 * TODO: not written yet.  It is to be written against the search API of include/byline.h once
 * that header exists; nothing here guesses that API.  The intended interface, matching the
 * peers, is
 *
 *     byline_latency DB QUERIES.txt [--repeat R] [--warmup W] [--k 10]
 *
 * timing each top-k search (query parse + search + reading each hit's id), and printing one
 * JSON line {"system": "byline-lib", "p50_us": ..., "p95_us": ..., "p99_us": ...} like
 * `xapian_peer latency` (see peer_common.h: peer_print_latency).  Until then this stub prints
 * "not built yet" and exits with status 3, and bench/search-latency reports the row as n/a.
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            puts("usage: byline_latency DB QUERIES.txt [--repeat R] [--warmup W] [--k 10]\n"
                 "(stub: Byline's library search API is not available yet)");
            return 0;
        }
    fputs("byline_latency: not built yet (TODO: needs the search API of include/byline.h)\n",
          stdout);
    return 3;
}
