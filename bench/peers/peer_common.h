/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_common.h — small helpers shared by the benchmark peers (xapian_peer.cc, fts5_peer.c).
 *
 * Header-only, C11 and C++17.  Nothing here is part of Byline: the peers are deliberately
 * independent of the project's library so that they measure "plain" Xapian and SQLite FTS5.
 *
 *  - peer_now():         monotonic clock in seconds;
 *  - peer_doc_*:         one JSON Lines record (id, title, text) read with jansson;
 *  - peer_percentile():  nearest-rank percentile of a sorted array;
 *  - peer_read_queries():queries from a TSV (qid<TAB>text) or a plain file (one query a line).
 */
#ifndef BYLINE_BENCH_PEER_COMMON_H
#define BYLINE_BENCH_PEER_COMMON_H

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double peer_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One document of a JSON Lines file.  Strings point into `json` (valid until peer_doc_clear). */
typedef struct peer_doc {
    json_t *json;
    char idbuf[32];
    const char *id, *title, *text;
    size_t id_len, title_len, text_len;
} peer_doc;

static inline void peer_doc_clear(peer_doc *d)
{
    if (d->json)
        json_decref(d->json);
    memset(d, 0, sizeof *d);
}

static inline const char *peer_str_field(json_t *obj, const char *name, size_t *len)
{
    json_t *v = json_object_get(obj, name);
    if (v && json_is_string(v)) {
        *len = json_string_length(v);
        return json_string_value(v);
    }
    *len = 0;
    return "";
}

/* Parse one line.  Returns 1 on success, 0 for a blank line, -1 on a JSON error (message in
 * err, which must hold 200 bytes).  An integer id is accepted and printed in decimal. */
static inline int peer_doc_parse(peer_doc *d, const char *line, size_t len, char *err)
{
    json_error_t jerr;
    size_t i;
    memset(d, 0, sizeof *d);
    for (i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
            break;
    if (i == len)
        return 0;
    d->json = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
    if (!d->json) {
        snprintf(err, 200, "line %d col %d: %s", jerr.line, jerr.column, jerr.text);
        return -1;
    }
    if (!json_is_object(d->json)) {
        snprintf(err, 200, "not a JSON object");
        peer_doc_clear(d);
        return -1;
    }
    json_t *id = json_object_get(d->json, "id");
    if (id && json_is_integer(id)) {
        snprintf(d->idbuf, sizeof d->idbuf, "%lld", (long long)json_integer_value(id));
        d->id = d->idbuf;
        d->id_len = strlen(d->idbuf);
    } else {
        d->id = peer_str_field(d->json, "id", &d->id_len);
    }
    d->title = peer_str_field(d->json, "title", &d->title_len);
    d->text = peer_str_field(d->json, "text", &d->text_len);
    return 1;
}

static inline int peer_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile (p in 0..100) of a sorted array of n > 0 values. */
static inline double peer_percentile(const double *sorted, size_t n, double p)
{
    if (n == 0)
        return 0.0;
    size_t rank = (size_t)ceil(p / 100.0 * (double)n);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return sorted[rank - 1];
}

typedef struct peer_query {
    char *qid;   /* NULL for a plain query file */
    char *text;
} peer_query;

/* Read queries.  tsv != 0: "qid<TAB>text" lines (lines without a tab are skipped with a
 * warning).  tsv == 0: one query per line.  Blank lines are skipped.  Returns the count, the
 * array in *out (free with peer_free_queries), or -1 if the file cannot be opened. */
static inline long peer_read_queries(const char *path, int tsv, peer_query **out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long n = 0, alloc = 0;
    peer_query *qs = NULL;
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        char *qid = NULL, *text = line;
        if (tsv) {
            char *tab = strchr(line, '\t');
            if (!tab) {
                fprintf(stderr, "warning: %s: line without a tab skipped\n", path);
                continue;
            }
            *tab = '\0';
            qid = line;
            text = tab + 1;
        }
        if (n == alloc) {
            alloc = alloc ? alloc * 2 : 256;
            qs = (peer_query *)realloc(qs, (size_t)alloc * sizeof *qs);
            if (!qs) {
                fprintf(stderr, "out of memory\n");
                exit(2);
            }
        }
        qs[n].qid = qid ? strdup(qid) : NULL;
        qs[n].text = strdup(text);
        n++;
    }
    free(line);
    fclose(f);
    *out = qs;
    return n;
}

static inline void peer_free_queries(peer_query *qs, long n)
{
    for (long i = 0; i < n; i++) {
        free(qs[i].qid);
        free(qs[i].text);
    }
    free(qs);
}

/* Print latency figures (microseconds) as one JSON line.  Sorts `us` in place. */
static inline void peer_print_latency(const char *system, long queries, int repeat, double *us,
                                      size_t n, long hits)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += us[i];
    qsort(us, n, sizeof *us, peer_cmp_double);
    printf("{\"system\": \"%s\", \"queries\": %ld, \"repeat\": %d, \"samples\": %zu, "
           "\"p50_us\": %.1f, \"p95_us\": %.1f, \"p99_us\": %.1f, \"mean_us\": %.1f, "
           "\"max_us\": %.1f, \"hits\": %ld}\n",
           system, queries, repeat, n, peer_percentile(us, n, 50), peer_percentile(us, n, 95),
           peer_percentile(us, n, 99), n ? sum / (double)n : 0.0, n ? us[n - 1] : 0.0, hits);
}

static inline void peer_print_index(const char *system, long docs, double seconds,
                                    unsigned long long input_bytes,
                                    unsigned long long text_bytes)
{
    double s = seconds > 0 ? seconds : 1e-9;
    printf("{\"system\": \"%s\", \"docs\": %ld, \"seconds\": %.3f, \"docs_per_s\": %.1f, "
           "\"mb_per_s\": %.3f, \"text_bytes\": %llu, \"input_bytes\": %llu}\n",
           system, docs, seconds, (double)docs / s, (double)text_bytes / 1e6 / s, text_bytes,
           input_bytes);
}

#endif
