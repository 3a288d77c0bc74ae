/* SPDX-License-Identifier: GPL-2.0-or-later */
/* byline-serve — a local search page and read-only JSON API over a Byline index.
 *
 * A thin program over libbyline (byline.h) and libmicrohttpd: it opens the index as
 * byline-search does (same -d locations: folders, stubs, shards, remote), serves the page
 * compiled in from serve/static/ and the API of routes.c from a pool of threads, and stops
 * cleanly on Ctrl-C or SIGTERM.  It binds 127.0.0.1 unless told otherwise; it has no
 * authentication, so binding another address is a choice it warns about.
 *
 * Exit status (as byline-search): 0 stopped by a signal after serving; 2 usage error, no
 * index at the given place, or the address cannot be bound; 3 index error (damaged,
 * unreadable, remote shard down); 4 internal error.
 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Exit statuses as byline-search's (byline.h: bl_exit_status and BL_EXIT_*). */
enum { EXIT_OK = 0, EXIT_USAGE = BL_EXIT_USAGE, EXIT_INTERNAL = BL_EXIT_INTERNAL };

typedef struct options {
    const char *dbs[64];
    size_t n_dbs;
    const char *bind;
    unsigned port;
    unsigned threads;
    bl_searcher_options so;
} options;

static void usage(FILE *f)
{
    fprintf(f,
"Usage: byline-serve [OPTIONS]\n"
"Serve a search page and a read-only JSON API over a Byline index, on this machine.\n\n"
"Options:\n"
"  -d, --db DIR          index to serve; repeat to serve several as one (default:\n"
"                        $BYLINE_DB, else ./byline.db); also a stub file, tcp://HOST:PORT,\n"
"                        ssh://[USER@]HOST[:PORT]/PATH, prog:PROGRAM ARGS (as byline-search)\n"
"  -p, --port N          TCP port (default 8080; 0 = any free port, printed at start)\n"
"      --bind ADDR       address to listen on (default 127.0.0.1).  There is no\n"
"                        authentication: another address lets anyone who reaches it read\n"
"                        the whole index, so byline-serve warns\n"
"      --threads N       requests served at once (default 4)\n"
"      --allow-partial   serve the shards that answer; warn about the others\n"
"      --allow-programs  trust a stub file given with -d: run the programs and open the\n"
"                        paths outside its folder that it names (refused by default)\n"
"      --timeout MS      remote shards: connect and reply timeout (default 10000)\n"
"  -h, --help            show this help\n"
"      --version         show the version\n"
"\n"
"It prints the address to open on standard output, then serves until Ctrl-C or SIGTERM.\n"
"New commits of a running byline-index are seen by the next request.\n"
"\n"
"API (GET only; JSON; errors are {\"error\", \"message\", \"column\"} with a 4xx/5xx status):\n"
"  /api/search?q=QUERY[&limit=&offset=&sort=&facets=&since=&until=&all=&exact=]\n"
"                        exactly what byline-search --format json prints for the same options\n"
"  /api/doc?id=ID        one whole document, as byline-search --show ID --format json\n"
"  /api/syntax           the query language     /api/info   documents and language\n"
"\n"
"Exit status: 0 stopped by Ctrl-C/SIGTERM; 2 usage error, no index, address in use;\n"
"3 index error (damaged, unreadable, remote shard unreachable); 4 internal error.\n"
"\n"
"Examples:\n"
"  byline-serve -d news.db                  then open http://127.0.0.1:8080/\n"
"  byline-serve -d news.db --port 0         any free port\n"
"  curl 'http://127.0.0.1:8080/api/search?q=defence%%20cooperation&facets=person'\n");
}

static int parse_uint(const char *opt, const char *s, unsigned min, unsigned max,
                      unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || s[0] == '-' || v < min || v > max) {
        fprintf(stderr, "byline-serve: %s takes a whole number from %u to %u, not '%s'\n", opt,
                min, max, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* Returns -1 on a usage error, 1 if the program should exit 0 (help), else 0. */
static int parse_args(int argc, char **argv, options *o)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},      {"port", required_argument, 0, 'p'},
        {"bind", required_argument, 0, 'b'},    {"threads", required_argument, 0, 't'},
        {"allow-partial", no_argument, 0, 'P'}, {"timeout", required_argument, 0, 'T'},
        {"allow-programs", no_argument, 0, 'A'},
        {"help", no_argument, 0, 'h'},          {"version", no_argument, 0, 'V'},
        {0, 0, 0, 0}};
    int opt;
    while ((opt = getopt_long(argc, argv, "d:p:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'd':
            if (o->n_dbs == sizeof o->dbs / sizeof *o->dbs) {
                fprintf(stderr, "byline-serve: too many -d options (at most 64)\n");
                return -1;
            }
            o->dbs[o->n_dbs++] = optarg;
            break;
        case 'p': if (parse_uint("--port", optarg, 0, 65535, &o->port) < 0) return -1; break;
        case 'b': o->bind = optarg; break;
        case 't': if (parse_uint("--threads", optarg, 1, 256, &o->threads) < 0) return -1; break;
        case 'P': o->so.allow_partial = 1; break;
        case 'A': o->so.allow_programs = 1; break;
        case 'T':
            if (parse_uint("--timeout", optarg, 1, 3600000, &o->so.timeout_ms) < 0) return -1;
            break;
        case 'h': usage(stdout); return 1;
        case 'V': printf("byline-serve 0.1\n"); return 1;
        default: return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "byline-serve: unexpected argument '%s' (queries are asked in the "
                        "page or through /api/search)\n", argv[optind]);
        return -1;
    }
    return 0;
}

/* ---- the listening address ------------------------------------------------------------- */

typedef struct listen_addr {
    struct sockaddr_storage sa;
    int family;
    int loopback;
} listen_addr;

static int parse_bind(const char *text, unsigned port, listen_addr *a)
{
    memset(a, 0, sizeof *a);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&a->sa;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&a->sa;
    const char *host = !strcmp(text, "localhost") ? "127.0.0.1" : text;
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((unsigned short)port);
        a->family = AF_INET;
        a->loopback = (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
        return 0;
    }
    if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((unsigned short)port);
        a->family = AF_INET6;
        a->loopback = IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
        return 0;
    }
    fprintf(stderr, "byline-serve: --bind takes a numeric IPv4 or IPv6 address (or localhost), "
                    "not '%s'\n", text);
    return -1;
}

/* ---- libmicrohttpd glue ---------------------------------------------------------------- */

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    sv_request *req = cls;
    if (req->n_params == SV_MAX_PARAMS) {
        req->too_many_params = 1;
        return MHD_NO;
    }
    req->names[req->n_params] = key;
    req->values[req->n_params] = value ? value : "";
    req->n_params++;
    req->args_bytes += strlen(key) + (value ? strlen(value) : 0) + 2;
    return MHD_YES;
}

/* Form encoding as browsers and URLSearchParams write it: '+' is a space, %XX a byte. */
static size_t unescape_form(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls, (void)c;
    for (char *p = s; *p; p++)
        if (*p == '+')
            *p = ' ';
    return MHD_http_unescape(s);
}

static void add_headers(struct MHD_Response *resp, const sv_response *r)
{
    MHD_add_response_header(resp, "Content-Type", r->content_type);
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; script-src 'self'; style-src 'self'; "
                            "img-src 'self'; connect-src 'self'; base-uri 'none'; "
                            "form-action 'self'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cache-Control", r->body_static ? "no-cache" : "no-store");
    if (r->allow)
        MHD_add_response_header(resp, "Allow", r->allow);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version, (void)upload_data, (void)upload_data_size, (void)con_cls;
    sv_server *srv = cls;
    sv_request req = {.method = method, .path = url};
    req.host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    const char *clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    req.has_body = (clen && strcmp(clen, "0")) ||
                   MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_param, &req);
    sv_response r;
    sv_route(srv, &req, &r);
    if (r.status >= 500 && r.status != 501)
        fprintf(stderr, "byline-serve: %u for %s: %.*s", r.status, url, (int)r.len, r.body);
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        r.len, r.body, r.body_static ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        if (!r.body_static)
            free(r.body);
        return MHD_NO;
    }
    add_headers(resp, &r);
    if (r.status >= 400 && (req.has_body || r.status == 405))
        MHD_add_response_header(resp, "Connection", "close"); /* do not read what was sent */
    enum MHD_Result ret = MHD_queue_response(conn, r.status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Bind and listen here rather than in libmicrohttpd, so that the port (for --port 0) is
 * known before the first request and a failure has its own errno.  Returns the socket or -1
 * with errno set. */
static int open_listener(listen_addr *a, unsigned *port)
{
    int fd = socket(a->family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    socklen_t len = a->family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                          : sizeof(struct sockaddr_in);
    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&a->sa, len) < 0 || listen(fd, 128) < 0 ||
        getsockname(fd, (struct sockaddr *)&a->sa, &len) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    *port = ntohs(a->family == AF_INET6 ? ((struct sockaddr_in6 *)&a->sa)->sin6_port
                                        : ((struct sockaddr_in *)&a->sa)->sin_port);
    return fd;
}

static struct MHD_Daemon *start_daemon(sv_server *srv, const options *o, int fd)
{
    return MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, NULL, NULL, on_request, srv,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape_form, NULL,
        MHD_OPTION_END);
}

/* ---- main ------------------------------------------------------------------------------ */

static void on_warning(void *ctx, const char *message)
{
    (void)ctx;
    fprintf(stderr, "byline-serve: warning: %s\n", message);
}

static int open_index(sv_server *srv, const options *o)
{
    char *err = NULL;
    bl_status st = sv_pool_open(&srv->pool, o->threads, o->dbs, o->n_dbs, &o->so, &err);
    if (st == BL_OK)
        return 0;
    fprintf(stderr, "byline-serve: cannot open index: %s\n",
            err && *err ? err : bl_status_to_string(st));
    if (st == BL_ERR_NOT_FOUND)
        fprintf(stderr, "Create one with: byline-index -d %s FOLDER\n", o->dbs[0]);
    else if (st == BL_ERR_CORRUPT)
        fprintf(stderr, "The index is damaged (or from an unsupported Xapian version): check "
                "it with xapian-check, or rebuild it with byline-index --full -d %s FOLDER\n",
                o->dbs[0]);
    else if (st == BL_ERR_NETWORK)
        fprintf(stderr, "Check that the server is running, or use --allow-partial to serve "
                "the shards that answer\n");
    free(err);
    return bl_exit_status(st);
}

static void print_url(const listen_addr *a, unsigned port)
{
    char host[INET6_ADDRSTRLEN] = "";
    if (a->family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)&a->sa)->sin6_addr, host, sizeof host);
    else
        inet_ntop(AF_INET, &((const struct sockaddr_in *)&a->sa)->sin_addr, host, sizeof host);
    printf(a->family == AF_INET6 ? "http://[%s]:%u/\n" : "http://%s:%u/\n", host, port);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    options o = {.bind = "127.0.0.1", .port = 8080, .threads = 4};
    bl_searcher_options_init(&o.so);
    o.so.warning = on_warning;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc > 0 ? EXIT_OK : (fprintf(stderr, "Try 'byline-serve --help' for more "
                                                   "information.\n"), EXIT_USAGE);
    if (o.n_dbs == 0)
        o.dbs[o.n_dbs++] = bl_default_index(NULL);
    listen_addr addr;
    if (parse_bind(o.bind, o.port, &addr) < 0)
        return EXIT_USAGE;
    /* Signals are taken by sigwait in this thread; the daemon's threads inherit the mask. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    sv_server srv = {.loopback = addr.loopback};
    if ((rc = open_index(&srv, &o)) != 0)
        return rc;
    int fd = open_listener(&addr, &srv.port);
    if (fd < 0) {
        fprintf(stderr, "byline-serve: cannot listen on %s port %u: %s\n", o.bind, o.port,
                strerror(errno));
        fprintf(stderr, "Choose another with --port N (0 = any free port)\n");
        sv_pool_close(&srv.pool);
        return EXIT_USAGE;
    }
    struct MHD_Daemon *d = start_daemon(&srv, &o, fd);
    if (!d) {
        fprintf(stderr, "byline-serve: libmicrohttpd could not start\n");
        close(fd);
        sv_pool_close(&srv.pool);
        return EXIT_INTERNAL;
    }
    if (!addr.loopback)
        fprintf(stderr, "byline-serve: warning: listening on %s, not on loopback: anyone who "
                "can reach this address can read the whole index (there is no "
                "authentication)\n", o.bind);
    print_url(&addr, srv.port);
    fprintf(stderr, "byline-serve: serving %s; open the address above in a browser; Ctrl-C "
            "stops\n", o.dbs[0]);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "byline-serve: %s: stopping\n", sig == SIGINT ? "interrupted" : "SIGTERM");
    MHD_stop_daemon(d);
    close(fd);
    sv_pool_close(&srv.pool);
    return EXIT_OK;
}
