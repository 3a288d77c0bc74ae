/* SPDX-License-Identifier: GPL-2.0-or-later */
/* http_load — concurrent load on byline-serve's /api/search, for bench/serve.
 *
 *   http_load PORT QUERIES.txt [--concurrency C] [--requests N] [--params '&limit=10']
 *
 * C threads, each with one keep-alive HTTP/1.1 connection to 127.0.0.1:PORT (only the local
 * machine: there is no host argument), send GET /api/search?q=QUERY<params> for the queries
 * of QUERIES.txt in turn (thread i starts at query i) until N requests in all have been
 * answered, and time each from the first byte sent to the last byte of the body read.  A
 * response other than 200 or 400 counts as an error.  Prints one JSON line:
 * {"system": "byline-serve", "concurrency", "requests", "errors", "seconds", "rps",
 *  "p50_us", "p95_us", "p99_us", "mean_us"}.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct load {
    unsigned port;
    char **paths;             /* request paths, URL-encoded */
    size_t n_paths;
    size_t total;             /* requests to make */
    size_t next;              /* next request number (under lock) */
    pthread_mutex_t lock;
    double *latency_us;       /* one per request */
    size_t errors;
} load;

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static char *encode_path(const char *q, const char *params)
{
    size_t n = strlen(q);
    char *out = malloc(n * 3 + strlen(params) + 32), *p = out;
    if (!out)
        return NULL;
    p += sprintf(p, "/api/search?q=");
    for (const unsigned char *s = (const unsigned char *)q; *s; s++)
        p += (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')
                 ? sprintf(p, "%c", *s) : sprintf(p, "%%%02X", *s);
    strcpy(p, params);
    return out;
}

static int connect_local(unsigned port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    if (fd < 0)
        return -1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Send one request and read its response; returns the HTTP status, -1 on a broken
 * connection. */
static int exchange(int fd, const char *path, char *buf, size_t cap)
{
    char req[16384];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
    if (n < 0 || (size_t)n >= sizeof req || write(fd, req, (size_t)n) != n)
        return -1;
    size_t have = 0;
    long body = -1;
    char *head_end = NULL;
    for (;;) {
        ssize_t r = read(fd, buf + have, cap - have - 1);
        if (r <= 0)
            return -1;
        have += (size_t)r;
        buf[have] = '\0';
        if (!head_end && (head_end = strstr(buf, "\r\n\r\n"))) {
            const char *cl = strcasestr(buf, "\r\nContent-Length:");
            if (!cl || cl > head_end)
                return -1;
            body = strtol(cl + 17, NULL, 10);
        }
        if (head_end) {
            size_t need = (size_t)(head_end + 4 - buf) + (size_t)body;
            if (have >= need)
                return atoi(buf + 9);
            if (need >= cap) { /* a big body: read it through in pieces */
                size_t left = need - have;
                while (left) {
                    r = read(fd, buf, left < cap ? left : cap);
                    if (r <= 0)
                        return -1;
                    left -= (size_t)r;
                }
                return atoi(buf + 9);
            }
        }
        if (have + 1 >= cap)
            return -1;
    }
}

static void *worker(void *arg)
{
    load *l = arg;
    size_t cap = 1 << 20;
    char *buf = malloc(cap);
    int fd = connect_local(l->port);
    for (;;) {
        pthread_mutex_lock(&l->lock);
        size_t i = l->next < l->total ? l->next++ : l->total;
        pthread_mutex_unlock(&l->lock);
        if (i == l->total)
            break;
        double t0 = now_us();
        int status = fd >= 0 && buf ? exchange(fd, l->paths[i % l->n_paths], buf, cap) : -1;
        if (status < 0) { /* the server closed the connection: one retry on a new one */
            if (fd >= 0)
                close(fd);
            fd = connect_local(l->port);
            status = fd >= 0 && buf ? exchange(fd, l->paths[i % l->n_paths], buf, cap) : -1;
        }
        l->latency_us[i] = now_us() - t0;
        if (status != 200 && status != 400) {
            pthread_mutex_lock(&l->lock);
            l->errors++;
            pthread_mutex_unlock(&l->lock);
        }
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double pct(const double *sorted, size_t n, double p)
{
    size_t k = (size_t)(p / 100.0 * n + 0.999999);
    return sorted[k ? k - 1 : 0];
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: http_load PORT QUERIES.txt [--concurrency 8] [--requests 2000] "
                        "[--params '&limit=10']\n");
        return 2;
    }
    load l = {.port = (unsigned)atoi(argv[1]), .total = 2000};
    unsigned conc = 8;
    const char *params = "";
    for (int i = 3; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--concurrency")) conc = (unsigned)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--requests")) l.total = (size_t)atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--params")) params = argv[i + 1];
        else { fprintf(stderr, "http_load: unknown option %s\n", argv[i]); return 2; }
    }
    if (conc < 1 || conc > 1024 || l.total < 1 || l.total > 10000000 || !l.port) {
        fprintf(stderr, "http_load: bad port, concurrency (1-1024) or requests\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        fprintf(stderr, "http_load: %s: %s\n", argv[2], strerror(errno));
        return 2;
    }
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line)
            continue;
        char **grown = realloc(l.paths, (l.n_paths + 1) * sizeof *grown);
        if (!grown || !(grown[l.n_paths] = encode_path(line, params)))
            return 3;
        l.paths = grown;
        l.n_paths++;
    }
    fclose(f);
    if (!l.n_paths || !(l.latency_us = calloc(l.total, sizeof *l.latency_us)))
        return 3;
    pthread_mutex_init(&l.lock, NULL);
    pthread_t *th = calloc(conc, sizeof *th);
    double t0 = now_us();
    for (unsigned i = 0; i < conc; i++)
        pthread_create(&th[i], NULL, worker, &l);
    for (unsigned i = 0; i < conc; i++)
        pthread_join(th[i], NULL);
    double secs = (now_us() - t0) / 1e6, sum = 0;
    qsort(l.latency_us, l.total, sizeof *l.latency_us, cmp_double);
    for (size_t i = 0; i < l.total; i++)
        sum += l.latency_us[i];
    printf("{\"system\": \"byline-serve\", \"concurrency\": %u, \"requests\": %zu, \"errors\": %zu, "
           "\"seconds\": %.3f, \"rps\": %.1f, \"p50_us\": %.0f, \"p95_us\": %.0f, \"p99_us\": %.0f, "
           "\"mean_us\": %.0f}\n", conc, l.total, l.errors, secs, l.total / secs,
           pct(l.latency_us, l.total, 50), pct(l.latency_us, l.total, 95),
           pct(l.latency_us, l.total, 99), sum / l.total);
    for (size_t i = 0; i < l.n_paths; i++)
        free(l.paths[i]);
    free(l.paths);
    free(l.latency_us);
    free(th);
    return l.errors ? 1 : 0;
}
