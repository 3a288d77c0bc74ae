/* SPDX-License-Identifier: GPL-2.0-or-later */
/* facets_driver — in-process cost of entity facets (compiled by bench/facets against
 * build/libbyline.a; not part of the library).
 *
 *   facets_driver LOCATION... -- QUERY... [--repeat R]
 *
 * Opens LOCATIONs as one searcher once, then for each query runs, R times and interleaved so
 * that the machine's load falls on all alike: (a) bl_search with the defaults (10 hits with
 * snippets, estimated total), (b) the same with an exact total (--exact: every match visited,
 * the least any exact count over the match must pay), (c) the defaults with --facets
 * person,place,org,other (10 each).
 * Prints one JSON line per query: {"query", "plain_ms", "exact_ms", "facets_ms" (medians), "total",
 * "facet_top": ["name:count", ...] (the first of each type, to compare runs)}.
 */
#include "byline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double timed(bl_searcher *s, const char *q, const bl_search_options *o, bl_results **keep)
{
    bl_results *r = NULL;
    double t0 = now_ms();
    bl_status st = bl_search(s, q, o, &r, NULL);
    double t = now_ms() - t0;
    if (st != BL_OK) {
        fprintf(stderr, "facets_driver: %s: %s\n", q, bl_searcher_last_error(s));
        exit(3);
    }
    if (keep && !*keep)
        *keep = r;
    else
        bl_results_free(r);
    return t;
}

int main(int argc, char **argv)
{
    int sep = 1, repeat = 5;
    while (sep < argc && strcmp(argv[sep], "--"))
        sep++;
    if (sep == 1 || sep >= argc - 1) {
        fprintf(stderr, "usage: facets_driver LOCATION... -- QUERY... [--repeat R]\n");
        return 2;
    }
    if (argc > 2 && !strcmp(argv[argc - 2], "--repeat")) {
        repeat = atoi(argv[argc - 1]);
        argc -= 2;
    }
    bl_searcher *s = NULL;
    char *err = NULL;
    if (bl_searcher_open((const char *const *)argv + 1, (size_t)sep - 1, &s, &err) != BL_OK) {
        fprintf(stderr, "facets_driver: %s\n", err ? err : "cannot open");
        return 3;
    }
    bl_search_options plain, exact, facets;
    bl_search_options_init(&plain);
    bl_search_options_init(&exact);
    exact.exact_total = 1;
    bl_search_options_init(&facets);
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        facets.facets[t] = 10;
    double *a = calloc((size_t)repeat, sizeof *a), *b = calloc((size_t)repeat, sizeof *b);
    double *e = calloc((size_t)repeat, sizeof *e);
    for (int i = sep + 1; i < argc && a && b && e; i++) {
        bl_results *r = NULL;
        timed(s, argv[i], &plain, NULL); /* warm-up */
        timed(s, argv[i], &facets, NULL);
        for (int k = 0; k < repeat; k++) {
            a[k] = timed(s, argv[i], &plain, NULL);
            e[k] = timed(s, argv[i], &exact, NULL);
            b[k] = timed(s, argv[i], &facets, &r);
        }
        printf("{\"query\": \"%s\", \"plain_ms\": %.2f, \"exact_ms\": %.2f, "
               "\"facets_ms\": %.2f, \"total\": %lu, \"facet_top\": [", argv[i],
               median(a, repeat), median(e, repeat), median(b, repeat), bl_results_total(r));
        for (int t = 0; t < BL_FACET_NTYPES; t++) {
            const bl_facet *f = bl_results_facet(r, t, 0);
            printf("%s\"%s:%lu\"", t ? ", " : "", f ? f->key : "", f ? f->count : 0);
        }
        printf("]}\n");
        fflush(stdout);
        bl_results_free(r);
    }
    free(a);
    free(b);
    free(e);
    bl_searcher_close(s);
    return 0;
}
