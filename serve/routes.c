/* SPDX-License-Identifier: GPL-2.0-or-later */
/* routes.c — what byline-serve answers at each path.
 *
 *   /  /app.js  /style.css   the search page (serve/static/, compiled into the program)
 *   /api/search              exactly what `byline-search --format json` prints
 *   /api/doc?id=             one whole stored document (as `byline-search --show ID -f json`)
 *   /api/entities?q=         the entity look-up (501 until the library has it)
 *   /api/syntax              the query language help, as byline-search --help prints it
 *   /api/info                documents in the index and its language
 *
 * Everything is read-only: no path writes the index or any file.  The checks every request
 * passes first (Host, method, body, size) are here too, so that main.c only moves bytes
 * between libmicrohttpd and sv_route.  Errors are JSON: {"error": KIND, "message": TEXT,
 * "column": N or null}, with the HTTP status saying which class of error it is.
 */
#include "serve.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bytes of decoded query parameters a request may carry (a query of a few hundred words). */
#define SV_MAX_ARGS_BYTES 8192
/* Largest page and facet list the API hands out (the CLI allows more; a browser needs less). */
#define SV_MAX_LIMIT 1000
#define SV_MAX_FACETS 1000

/* ---- small text building ----------------------------------------------------------------- */

typedef struct sv_buf {
    char *s;
    size_t len, cap;
    int oom;
} sv_buf;

static void buf_add(sv_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *grown = realloc(b->s, cap);
        if (!grown) {
            b->oom = 1;
            return;
        }
        b->s = grown;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void buf_str(sv_buf *b, const char *s) { buf_add(b, s, strlen(s)); }

/* s as a JSON string literal (s is valid UTF-8: requests are checked on arrival). */
static void buf_json_string(sv_buf *b, const char *s)
{
    buf_add(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\', esc[1] = (char)*p;
            buf_add(b, esc, 2);
        } else if (*p < 0x20 || *p == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            buf_add(b, esc, 6);
        } else {
            buf_add(b, (const char *)p, 1);
        }
    }
    buf_add(b, "\"", 1);
}

/* ---- responses ------------------------------------------------------------------------- */

static const char JSON_TYPE[] = "application/json; charset=utf-8";

static void respond_buf(sv_response *out, unsigned status, sv_buf *b)
{
    if (b->oom) {
        free(b->s);
        static const char oom[] = "{\"error\": \"internal\", \"message\": \"out of memory\", "
                                  "\"column\": null}\n";
        *out = (sv_response){.status = 500, .content_type = JSON_TYPE, .body = (char *)oom,
                             .len = sizeof oom - 1, .body_static = 1};
        return;
    }
    *out = (sv_response){.status = status, .content_type = JSON_TYPE, .body = b->s,
                         .len = b->len};
}

/* An error answer.  column 0 = none (query errors give the 1-based column of the CLI). */
static void respond_error(sv_response *out, unsigned status, const char *kind, size_t column,
                          const char *fmt, ...)
{
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    sv_buf b = {0};
    buf_str(&b, "{\"error\": ");
    buf_json_string(&b, kind);
    buf_str(&b, ", \"message\": ");
    buf_json_string(&b, message);
    char col[32];
    if (column)
        snprintf(col, sizeof col, "%zu", column);
    buf_str(&b, ", \"column\": ");
    buf_str(&b, column ? col : "null");
    buf_str(&b, "}\n");
    respond_buf(out, status, &b);
}

/* The answer for a failed library call other than a query error. */
static void respond_status(sv_response *out, bl_status st, bl_searcher *s)
{
    unsigned http = st == BL_ERR_NETWORK ? 502 : st == BL_ERR_ARGUMENT ? 400 : 500;
    const char *detail = s ? bl_searcher_last_error(s) : "";
    respond_error(out, http, st == BL_ERR_ARGUMENT ? "bad-request" : "index", 0, "%s%s%s",
                  bl_status_to_string(st), *detail ? ": " : "", detail);
}

static void respond_owned(sv_response *out, unsigned status, char *text)
{
    if (!text) {
        sv_buf b = {.oom = 1};
        respond_buf(out, 500, &b);
        return;
    }
    *out = (sv_response){.status = status, .content_type = JSON_TYPE, .body = text,
                         .len = strlen(text)};
}

/* ---- request parameters -------------------------------------------------------------------- */

static const char *param(const sv_request *req, const char *name)
{
    for (size_t i = 0; i < req->n_params; i++)
        if (!strcmp(req->names[i], name))
            return req->values[i];
    return NULL;
}

static int parse_uint(const char *name, const char *s, unsigned max, unsigned *out, char *err,
                      size_t n)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || s[0] == '-' || s[0] == '+' || v > max) {
        snprintf(err, n, "%s takes a whole number from 0 to %u, not '%.64s'", name, max, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

static int parse_flag(const char *name, const char *s, int *out, char *err, size_t n)
{
    if (!*s || !strcmp(s, "1") || !strcmp(s, "true"))
        *out = 1;
    else if (!strcmp(s, "0") || !strcmp(s, "false"))
        *out = 0;
    else {
        snprintf(err, n, "%s takes 1 or 0, not '%.64s'", name, s);
        return -1;
    }
    return 0;
}

/* A list of entity types as byline-search's --facets and --graph take it: "person:20,place",
 * "all"; each named type gets :N (or def, at most max) in counts[].  Returns -1 with err set. */
static int parse_type_list(const char *what, const char *spec, unsigned def, unsigned max,
                           unsigned counts[BL_FACET_NTYPES], char *err, size_t n)
{
    return bl_parse_type_list(what, spec, def, max, counts, err, n) == BL_OK ? 0 : -1;
}

/* ---- /api/search parameters: one rule per parameter ----------------------------------- */

typedef struct search_request {
    const char *q;
    bl_search_options o;
} search_request;

typedef int (*param_rule_fn)(search_request *r, const char *value, char *err, size_t n);

static int set_q(search_request *r, const char *v, char *e, size_t n)
{
    (void)e, (void)n;
    r->q = v;
    return 0;
}
static int set_limit(search_request *r, const char *v, char *e, size_t n)
{
    return parse_uint("limit", v, SV_MAX_LIMIT, &r->o.limit, e, n);
}
static int set_offset(search_request *r, const char *v, char *e, size_t n)
{
    return parse_uint("offset", v, 100000000, &r->o.offset, e, n);
}
static int set_sort(search_request *r, const char *v, char *e, size_t n)
{
    static const char *const sorts[] = {"relevance", "date", "-date"};
    for (int i = 0; i < 3; i++)
        if (!strcmp(v, sorts[i])) {
            r->o.sort = (bl_sort)i;
            return 0;
        }
    snprintf(e, n, "sort: unknown value '%.64s' (choose from relevance, date, -date)", v);
    return -1;
}
static int set_facets(search_request *r, const char *v, char *e, size_t n)
{
    return parse_type_list("facets", v, 10, SV_MAX_FACETS, r->o.facets, e, n);
}
/* The analyst views, as byline-search's --like, --expand, --collapse, --timeline, --graph and
 * --terms. */
static int set_like(search_request *r, const char *v, char *e, size_t n)
{
    if (!*v) {
        snprintf(e, n, "like takes a document id");
        return -1;
    }
    r->o.like_id = v;
    return 0;
}
static int set_expand(search_request *r, const char *v, char *e, size_t n)
{
    int on = 0;
    if (parse_flag("expand", v, &on, e, n) < 0)
        return -1;
    r->o.expand = on ? BL_EXPAND_DEFAULT_TERMS : 0;
    return 0;
}
static int set_collapse(search_request *r, const char *v, char *e, size_t n)
{
    return parse_flag("collapse", v, &r->o.collapse, e, n);
}
static int set_timeline(search_request *r, const char *v, char *e, size_t n)
{
    static const char *const units[] = {"day", "week", "month", "year"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(v, units[i])) {
            r->o.timeline = BL_TIMELINE_DAY + i;
            return 0;
        }
    snprintf(e, n, "timeline: unknown period '%.64s' (choose from day, week, month, year)", v);
    return -1;
}
static int set_graph(search_request *r, const char *v, char *e, size_t n)
{
    unsigned nodes[BL_FACET_NTYPES] = {0};
    if (parse_type_list("graph", v, 50, 1000, nodes, e, n) < 0)
        return -1;
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        if (nodes[t]) {
            r->o.graph_types[t] = 1;
            r->o.graph_nodes = nodes[t];
        }
    return 0;
}
static int set_terms(search_request *r, const char *v, char *e, size_t n)
{
    return parse_uint("terms", v, 1000, &r->o.terms, e, n);
}
static int set_since(search_request *r, const char *v, char *e, size_t n)
{
    (void)e, (void)n;
    r->o.since = *v ? v : NULL;
    return 0;
}
static int set_until(search_request *r, const char *v, char *e, size_t n)
{
    (void)e, (void)n;
    r->o.until = *v ? v : NULL;
    return 0;
}
static int set_all(search_request *r, const char *v, char *e, size_t n)
{
    return parse_flag("all", v, &r->o.all_words, e, n);
}
static int set_exact(search_request *r, const char *v, char *e, size_t n)
{
    return parse_flag("exact", v, &r->o.exact_total, e, n);
}

/* The parameters of /api/search and the byline-search options they stand for.  A new
 * option of bl_search_options (the analyst views: timeline, graph, like) is one line here
 * and one small setter above. */
static const struct search_param {
    const char *name;
    param_rule_fn set;
} SEARCH_PARAMS[] = {
    {"q", set_q},           /* the query (byline-search's QUERY...) */
    {"limit", set_limit},   /* --limit */
    {"offset", set_offset}, /* --offset */
    {"sort", set_sort},     /* --sort */
    {"facets", set_facets}, /* --facets */
    {"since", set_since},   /* --since */
    {"until", set_until},   /* --until */
    {"all", set_all},       /* --all */
    {"exact", set_exact},   /* --exact */
    {"like", set_like},         /* --like ID (q may then be empty) */
    {"expand", set_expand},     /* --expand */
    {"collapse", set_collapse}, /* --collapse */
    {"timeline", set_timeline}, /* --timeline day|week|month|year */
    {"graph", set_graph},       /* --graph TYPES[:N] */
    {"terms", set_terms},       /* --terms N */
};
#define N_SEARCH_PARAMS (sizeof SEARCH_PARAMS / sizeof *SEARCH_PARAMS)

/* Map the request's parameters onto r (which starts from byline-search's defaults).
 * Returns -1 with err set for an unknown, repeated or bad parameter. */
static int search_request_parse(const sv_request *req, search_request *r, char *err, size_t n)
{
    bl_search_options_init(&r->o);
    r->q = NULL;
    int seen[N_SEARCH_PARAMS] = {0};
    for (size_t i = 0; i < req->n_params; i++) {
        size_t k = 0;
        while (k < N_SEARCH_PARAMS && strcmp(SEARCH_PARAMS[k].name, req->names[i]))
            k++;
        if (k == N_SEARCH_PARAMS) {
            snprintf(err, n, "unknown parameter '%.64s' (known: q, limit, offset, sort, "
                     "facets, since, until, all, exact, like, expand, collapse, timeline, graph, "
                     "terms)", req->names[i]);
            return -1;
        }
        if (seen[k]++) {
            snprintf(err, n, "parameter '%s' is given twice", req->names[i]);
            return -1;
        }
        if (SEARCH_PARAMS[k].set(r, req->values[i], err, n) < 0)
            return -1;
    }
    if ((!r->q || !*r->q) && !r->o.like_id) {
        snprintf(err, n, "no query: give q=QUERY (see /api/syntax) or like=ID");
        return -1;
    }
    return 0;
}

/* ---- the API ---------------------------------------------------------------------------- */

static void api_search(sv_server *srv, const sv_request *req, sv_response *out)
{
    search_request r;
    char err[256];
    if (search_request_parse(req, &r, err, sizeof err) < 0) {
        respond_error(out, 400, "bad-request", 0, "%s", err);
        return;
    }
    bl_searcher *s = sv_pool_take(&srv->pool);
    bl_results *res = NULL;
    bl_query_error qerr = {0};
    bl_status st = bl_search(s, r.q, &r.o, &res, &qerr);
    if (st == BL_ERR_IO && bl_searcher_reopen(s, NULL) == BL_OK) /* a commit overtook us */
        st = bl_search(s, r.q, &r.o, &res, &qerr);
    if (st == BL_ERR_QUERY)
        respond_error(out, 400, "query", qerr.column, "%s", qerr.message);
    else if (st != BL_OK)
        respond_status(out, st, s);
    else
        respond_owned(out, 200, bl_results_to_json(res, r.q, &r.o, BL_JSON_DOCUMENT));
    bl_results_free(res);
    sv_pool_give(&srv->pool, s);
}

static int only_params(const sv_request *req, const char *allowed, sv_response *out)
{
    for (size_t i = 0; i < req->n_params; i++)
        if (strcmp(req->names[i], allowed)) {
            respond_error(out, 400, "bad-request", 0, "unknown parameter '%.64s' (known: %s)",
                          req->names[i], allowed);
            return -1;
        }
    return 0;
}

static void api_doc(sv_server *srv, const sv_request *req, sv_response *out)
{
    const char *id = param(req, "id");
    if (only_params(req, "id", out) < 0)
        return;
    if (!id || !*id || req->n_params != 1) {
        respond_error(out, 400, "bad-request", 0, "give one document id: /api/doc?id=ID");
        return;
    }
    bl_searcher *s = sv_pool_take(&srv->pool);
    bl_document_view *v = NULL;
    bl_status st = bl_searcher_document(s, id, &v);
    if (st == BL_ERR_IO && bl_searcher_reopen(s, NULL) == BL_OK)
        st = bl_searcher_document(s, id, &v);
    if (st == BL_ERR_NOT_FOUND)
        respond_error(out, 404, "not-found", 0, "no document with id '%.200s'", id);
    else if (st != BL_OK)
        respond_status(out, st, s);
    else
        respond_owned(out, 200, bl_document_to_json(v));
    bl_document_view_free(v);
    sv_pool_give(&srv->pool, s);
}

/* The entity look-up, as byline-search --entities TEXT [--type TYPE] [--limit N] --format
 * json prints it: q (required), type, limit (default 20). */
static void api_entities(sv_server *srv, const sv_request *req, sv_response *out)
{
    const char *q = param(req, "q"), *type = param(req, "type"), *limit_s = param(req, "limit");
    unsigned limit = 20;
    char err[256];
    for (size_t i = 0; i < req->n_params; i++)
        if (strcmp(req->names[i], "q") && strcmp(req->names[i], "type") &&
            strcmp(req->names[i], "limit")) {
            respond_error(out, 400, "bad-request", 0,
                          "unknown parameter '%.64s' (known: q, type, limit)", req->names[i]);
            return;
        }
    if (!q || !*q) {
        respond_error(out, 400, "bad-request", 0, "give a name to look up: /api/entities?q=TEXT");
        return;
    }
    if (limit_s && parse_uint("limit", limit_s, SV_MAX_LIMIT, &limit, err, sizeof err) < 0) {
        respond_error(out, 400, "bad-request", 0, "%s", err);
        return;
    }
    bl_searcher *s = sv_pool_take(&srv->pool);
    bl_entity_matches *m = NULL;
    bl_status st = bl_entities_lookup(s, q, type, limit, &m);
    if (st == BL_ERR_ARGUMENT)
        respond_error(out, 400, "bad-request", 0,
                      "type: unknown type '%.64s' (use person, place, org or other)", type);
    else if (st != BL_OK)
        respond_status(out, st, s);
    else
        respond_owned(out, 200, bl_entity_matches_to_json(m));
    bl_entity_matches_free(m);
    sv_pool_give(&srv->pool, s);
}

static void api_syntax(sv_server *srv, const sv_request *req, sv_response *out)
{
    (void)srv, (void)req;
    sv_buf b = {0};
    buf_str(&b, "{\"syntax\": ");
    buf_json_string(&b, bl_query_syntax_help());
    buf_str(&b, "}\n");
    respond_buf(out, 200, &b);
}

static void api_info(sv_server *srv, const sv_request *req, sv_response *out)
{
    (void)req;
    bl_searcher *s = sv_pool_take(&srv->pool);
    unsigned long docs = 0;
    bl_status st = bl_searcher_doc_count(s, &docs);
    if (st != BL_OK) {
        respond_status(out, st, s);
    } else {
        sv_buf b = {0};
        char num[32];
        snprintf(num, sizeof num, "%lu", docs);
        buf_str(&b, "{\"documents\": ");
        buf_str(&b, num);
        buf_str(&b, ", \"language\": ");
        buf_json_string(&b, bl_searcher_language(s));
        buf_str(&b, "}\n");
        respond_buf(out, 200, &b);
    }
    sv_pool_give(&srv->pool, s);
}

static const struct route {
    const char *path;
    void (*answer)(sv_server *srv, const sv_request *req, sv_response *out);
} ROUTES[] = {
    {"/api/search", api_search},     {"/api/doc", api_doc},   {"/api/entities", api_entities},
    {"/api/syntax", api_syntax},     {"/api/info", api_info},
};

/* ---- checks every request passes ---------------------------------------------------------- */

static int utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2
                                                   : (*p & 0xf8) == 0xf0 ? 3 : -1;
        if (n < 0 || (n == 1 && *p < 0xc2) || (n == 3 && *p > 0xf4))
            return 0;
        unsigned cp = n == 0 ? *p : *p & (0x3f >> n);
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (p[i] & 0x3f);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0;
        p += n + 1;
    }
    return 1;
}

/* On a loopback address, the Host header must name this server (127.0.0.1, localhost or
 * [::1], with our port if any): a web page that rebinds its own name to 127.0.0.1 (DNS
 * rebinding) must not be able to read the index through the user's browser. */
static int host_allowed(const sv_server *srv, const char *host)
{
    if (!srv->loopback || !host)
        return 1; /* HTTP/1.0 clients may omit Host; browsers always send it */
    const char *end = host + strlen(host), *colon = NULL;
    if (host[0] == '[') {
        const char *close = strchr(host, ']');
        if (!close)
            return 0;
        colon = close[1] == ':' ? close + 1 : NULL;
        if (close[1] && !colon)
            return 0;
    } else {
        colon = strchr(host, ':');
    }
    size_t name_len = (size_t)((colon ? colon : end) - host);
    if (colon) {
        char *e;
        unsigned long port = strtoul(colon + 1, &e, 10);
        if (*e || e == colon + 1 || port != srv->port)
            return 0;
    }
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == name_len && !strncasecmp(host, names[i], name_len))
            return 1;
    return 0;
}

static int request_refused(const sv_server *srv, const sv_request *req, sv_response *out)
{
    if (!utf8_valid(req->path) || (req->host && !utf8_valid(req->host)))
        respond_error(out, 400, "bad-request", 0, "the path or Host is not valid UTF-8");
    else if (!host_allowed(srv, req->host))
        respond_error(out, 403, "forbidden", 0, "this server answers only to 127.0.0.1, "
                      "localhost or [::1] with port %u, not to Host '%.100s'", srv->port,
                      req->host);
    else if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
        respond_error(out, 405, "method-not-allowed", 0, "byline-serve is read-only: "
                      "only GET and HEAD are answered, not %.32s", req->method);
        out->allow = "GET, HEAD";
    } else if (req->has_body)
        respond_error(out, 413, "too-large", 0, "a GET request carries no body");
    else if (req->too_many_params || req->args_bytes > SV_MAX_ARGS_BYTES)
        respond_error(out, 414, "too-large", 0, "the request's parameters are over the limit "
                      "(%d parameters, %d bytes)", SV_MAX_PARAMS, SV_MAX_ARGS_BYTES);
    else {
        for (size_t i = 0; i < req->n_params; i++)
            if (!utf8_valid(req->names[i]) || !utf8_valid(req->values[i])) {
                respond_error(out, 400, "bad-request", 0, "parameter %zu is not valid UTF-8",
                              i + 1);
                return 1;
            }
        return 0;
    }
    return 1;
}

void sv_route(sv_server *srv, const sv_request *req, sv_response *out)
{
    memset(out, 0, sizeof *out);
    if (request_refused(srv, req, out))
        return;
    for (size_t i = 0; i < sizeof ROUTES / sizeof *ROUTES; i++)
        if (!strcmp(req->path, ROUTES[i].path)) {
            ROUTES[i].answer(srv, req, out);
            return;
        }
    const char *path = strcmp(req->path, "/") ? req->path : "/index.html";
    for (size_t i = 0; i < sv_n_assets; i++)
        if (!strcmp(path, sv_assets[i].path)) {
            *out = (sv_response){.status = 200, .content_type = sv_assets[i].content_type,
                                 .body = (char *)sv_assets[i].data, .len = sv_assets[i].len,
                                 .body_static = 1};
            return;
        }
    respond_error(out, 404, "not-found", 0, "nothing at %.200s (the API: /api/search, "
                  "/api/doc, /api/entities, /api/syntax, /api/info)", req->path);
}
