/* SPDX-License-Identifier: GPL-2.0-or-later */
/* serve.h — byline-serve's parts, shared between its files (not a library API).
 *
 *   main.c    options, opening the index, the HTTP daemon's life (start, signals, stop)
 *   pool.c    the searchers the request threads borrow (bl_searcher is not thread-safe)
 *   routes.c  what each path answers: the static page and the read-only JSON API
 *   assets.c  generated at build time from serve/static/ (tools/embed.sh)
 */
#ifndef BYLINE_SERVE_H
#define BYLINE_SERVE_H

#include "byline.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* ---- searcher pool (pool.c) ------------------------------------------------------------ */

/* A fixed set of searchers over one index.  A request thread takes one (waiting if all are
 * busy), uses it alone, and gives it back.  Each take makes the searcher current: a reopen
 * (new commits of a running byline-index), or a fresh open when the locations changed on
 * disk (byline-index --compact), so the server never needs a restart. */
typedef struct sv_slot {
    bl_searcher *searcher;    /* owned by the pool */
    unsigned generation;      /* the locations' generation it was opened at */
} sv_slot;

typedef struct sv_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    sv_slot *slots;           /* size slots */
    sv_slot **idle;           /* slots not in use */
    size_t n_idle, size;
    const char *const *locations; /* as given to sv_pool_open; must outlive the pool */
    size_t n_locations;
    const bl_searcher_options *options;
    uint64_t signature;       /* what the locations were on disk at the last look */
    unsigned generation;      /* incremented when the signature changes */
} sv_pool;

/* Open `size` searchers over locations (as bl_searcher_open_ex; locations and o must outlive
 * the pool).  On failure everything opened is closed, *err receives bl_searcher_open_ex's
 * message (caller frees). */
bl_status sv_pool_open(sv_pool *p, size_t size, const char *const *locations, size_t n,
                       const bl_searcher_options *o, char **err);
/* Borrow a searcher (owned by the pool; give it back with sv_pool_give). */
bl_searcher *sv_pool_take(sv_pool *p);
void sv_pool_give(sv_pool *p, bl_searcher *s);
/* Close every searcher; none may be borrowed. */
void sv_pool_close(sv_pool *p);

/* ---- routes (routes.c) ----------------------------------------------------------------- */

typedef struct sv_asset {
    const char *path;         /* "/index.html" */
    const char *content_type;
    const unsigned char *data;
    size_t len;
} sv_asset;
extern const sv_asset sv_assets[];   /* generated: serve/static/ (read-only data) */
extern const size_t sv_n_assets;

/* What the request handler needs; set up by main, read-only while serving (the pool has
 * its own lock). */
typedef struct sv_server {
    sv_pool pool;
    int loopback;             /* bound to a loopback address: Host must name it (rebinding) */
    unsigned port;            /* the port actually bound */
} sv_server;

/* An HTTP response, built by a route: status, content type, and the body: malloc()ed and
 * handed to libmicrohttpd (which frees it), or static data when body_static is set (the
 * page's files; they are also the ones browsers may cache). */
typedef struct sv_response {
    unsigned status;
    const char *content_type;
    char *body;
    size_t len;
    int body_static;
    const char *allow;        /* 405: the Allow header */
} sv_response;

/* One decoded request: path and query parameters (name/value, in order). */
#define SV_MAX_PARAMS 32
typedef struct sv_request {
    const char *method, *path, *host;
    const char *names[SV_MAX_PARAMS], *values[SV_MAX_PARAMS];
    size_t n_params;
    size_t args_bytes;        /* total bytes of the decoded parameters */
    int too_many_params;
    int has_body;             /* Content-Length > 0 or Transfer-Encoding given */
} sv_request;

/* Answer a request (never NULL body unless out of memory: then a static 500). */
void sv_route(sv_server *srv, const sv_request *req, sv_response *out);

#endif
