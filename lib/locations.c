/* SPDX-License-Identifier: GPL-2.0-or-later */
/* locations.c — opening local, stub, remote and replicated shards as one database.
 *
 * Every shard ends up as one sub-database of a single combined Xapian database, so ranking
 * uses global statistics however the shards are reached.  This file only decides *how* to
 * reach each shard (see locations.h for the accepted forms) and what to do when one cannot be
 * reached: fail naming it, fall back to a replica, or (allow_partial) leave it out with a
 * warning.  Nothing here speaks a network protocol: remote shards go through Xapian's own
 * remote backend (xapian-tcpsrv, xapian-progsrv), via the binding.
 *
 * A local layout can change under a reader: `byline-index --compact` renames a new stub over
 * the old one and then deletes the shards the old one named, or exchanges a whole index folder
 * with its compacted copy (lib/compact.c).  A reader caught in between would fail to open a
 * shard that is being deleted, or, worse, open it without the tables already unlinked (Xapian
 * reads a missing optional table as empty).  So every stub and index folder is stat()ed before
 * it is read and again once everything is open; if any of them changed, the attempt is thrown
 * away, warnings included, and the open starts again on the layout now on disk.  Since the
 * compactor swaps before it deletes, a reader whose files were deleted under it always sees
 * the change.
 */
#include "layout.h"
#include "locations.h"
#include "status.h"
#include "stub.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_MS 10000u
#define MAX_ATTEMPTS 6 /* opens of a layout that keeps changing under us */
#define MAX_STUB_DEPTH 8
#define MAX_REPLICAS BL_STUB_MAX_REPLICAS

typedef enum leaf_kind { LEAF_PATH, LEAF_TCP, LEAF_PROG } leaf_kind;

/* One way of reaching one shard (or one replica of it). */
typedef struct leaf {
    leaf_kind kind;
    char *a;       /* path, host or program */
    char *b;       /* program arguments */
    unsigned port;
    char *name;    /* for messages: what the user wrote */
} leaf;

/* What a local stub or index folder was when an attempt began to read it. */
typedef struct watch {
    char *path;
    int present;
    int is_file;          /* a stub: its mtime and size count too */
    dev_t dev;
    ino_t ino;
    struct timespec mtime;
    off_t size;
} watch;

typedef struct open_ctx {
    const bl_searcher_options *o;
    unsigned timeout_ms;
    xc_db *all;
    size_t shards, missing;
    bl_status status;     /* first fatal error */
    char *err;            /* its message */
    bl_status last_fail;  /* status of the last shard left out */
    char *missing_names;  /* "a, b, c" */
    watch *watches;       /* every local stub and folder this attempt read */
    size_t n_watches, cap_watches;
    char **warnings;      /* held back until the attempt is known to stand */
    size_t n_warnings, cap_warnings;
    bl_locations_hook hook; /* tests only: called at the moments a swap can strike */
    void *hook_ctx;
} open_ctx;

static void leaf_clear(leaf *l)
{
    free(l->a);
    free(l->b);
    free(l->name);
    memset(l, 0, sizeof *l);
}

/* A warning for the caller, given once the attempt is known to stand (deliver_warnings). */
static void warn(open_ctx *c, const char *fmt, ...)
{
    if (!c->o || !c->o->warning)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    int n = vasprintf(&msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        return; /* out of memory: the warning is lost, the search goes on */
    char **w = bl_grow(c->warnings, &c->cap_warnings, c->n_warnings + 1, sizeof *w, 4);
    if (!w) {
        free(msg);
        return;
    }
    c->warnings = w;
    c->warnings[c->n_warnings++] = msg;
}

static void deliver_warnings(open_ctx *c)
{
    for (size_t i = 0; c->o && c->o->warning && i < c->n_warnings; i++)
        c->o->warning(c->o->warning_ctx, c->warnings[i]);
}

/* ---- noticing a layout that changed while it was opened ---------------------------------- */

static void fatal(open_ctx *c, bl_status st, const char *fmt, ...);

static void watch_stat(watch *w)
{
    struct stat sb;
    w->present = stat(w->path, &sb) == 0;
    if (!w->present)
        return;
    w->is_file = S_ISREG(sb.st_mode);
    w->dev = sb.st_dev;
    w->ino = sb.st_ino;
    w->mtime = sb.st_mtim;
    w->size = sb.st_size;
}

/* Note what path is now, before it is read.  A rename after this stat and before the read
 * makes the recorded identity older than what was read, which only costs a needless retry. */
static void watch_add(open_ctx *c, const char *path)
{
    watch *w = bl_grow(c->watches, &c->cap_watches, c->n_watches + 1, sizeof *w, 8);
    char *p = w ? strdup(path) : NULL;
    if (!p) {
        fatal(c, BL_ERR_NO_MEMORY, "out of memory");
        return;
    }
    c->watches = w;
    w = &c->watches[c->n_watches++];
    memset(w, 0, sizeof *w);
    w->path = p;
    watch_stat(w);
}

/* The first watched path replaced, created, removed (or, for a stub, rewritten) since it was
 * noted; NULL if none. */
static const char *watches_changed(const open_ctx *c)
{
    for (size_t i = 0; i < c->n_watches; i++) {
        const watch *was = &c->watches[i];
        watch now = {.path = was->path};
        watch_stat(&now);
        if (now.present != was->present)
            return was->path;
        if (!now.present)
            continue;
        if (now.dev != was->dev || now.ino != was->ino || now.is_file != was->is_file)
            return was->path;
        if (now.is_file && (now.size != was->size || now.mtime.tv_sec != was->mtime.tv_sec ||
                            now.mtime.tv_nsec != was->mtime.tv_nsec))
            return was->path;
    }
    return NULL;
}

/* Record a fatal error (the first one wins). */
static void fatal(open_ctx *c, bl_status st, const char *fmt, ...)
{
    if (c->status != BL_OK)
        return;
    c->status = st;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&c->err, fmt, ap) < 0)
        c->err = NULL;
    va_end(ap);
}

/* A shard (replica group) could not be opened: fatal, or left out under allow_partial. */
static void shard_failed(open_ctx *c, const char *name, bl_status st, const char *msg)
{
    int partial_ok = c->o && c->o->allow_partial && st != BL_ERR_ARGUMENT &&
                     st != BL_ERR_NO_MEMORY && st != BL_ERR_INTERNAL;
    if (!partial_ok) {
        fatal(c, st, "%s: %s", name, msg && *msg ? msg : bl_status_to_string(st));
        return;
    }
    c->missing++;
    c->last_fail = st;
    warn(c, "leaving out shard %s: %s", name, msg && *msg ? msg : bl_status_to_string(st));
    char *joined = NULL;
    if (asprintf(&joined, "%s%s%s", c->missing_names ? c->missing_names : "",
                 c->missing_names ? ", " : "", name) < 0) {
        fatal(c, BL_ERR_NO_MEMORY, "out of memory");
        return;
    }
    free(c->missing_names);
    c->missing_names = joined;
}

/* ---- parsing the forms of a location ------------------------------------------------- */

static char *dup_range(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Characters that survive the remote shell unquoted (ssh runs the command through it). */
static int shell_safe(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!isalnum(ch) && !strchr("/._-~+,=@:%[]", ch))
            return 0;
    }
    return 1;
}

/* ssh://[USER@]HOST[:PORT]/PATH → program "ssh" (or $BYLINE_SSH) running xapian-progsrv. */
static bl_status parse_ssh(const char *loc, unsigned timeout_ms, leaf *l, char **msg)
{
    const char *rest = loc + 6, *slash = strchr(rest, '/');
    if (!slash || slash == rest || !slash[1]) {
        *msg = strdup("expected ssh://[USER@]HOST[:PORT]/PATH");
        return BL_ERR_ARGUMENT;
    }
    size_t authl = (size_t)(slash - rest);
    const char *path = slash;
    if (!shell_safe(rest, authl) || !shell_safe(path, strlen(path))) {
        *msg = strdup("host and path may hold only letters, digits and / . _ - ~ + , = @ : %");
        return BL_ERR_ARGUMENT;
    }
    /* ssh would read a user or host starting with '-' as an option ("-oProxyCommand=..."). */
    const char *at = memchr(rest, '@', authl);
    if (rest[0] == '-' || (at && at[1] == '-')) {
        *msg = strdup("user and host may not start with '-' (ssh would read it as an option)");
        return BL_ERR_ARGUMENT;
    }
    /* An optional :PORT after the host (not inside an [IPv6] address). */
    char port[8] = "";
    const char *close = memchr(rest, ']', authl);
    const char *colon = NULL;
    for (const char *p = close ? close : rest; p < slash; p++)
        if (*p == ':')
            colon = p;
    size_t hostl = authl;
    if (colon) {
        size_t pl = (size_t)(slash - colon - 1);
        if (pl == 0 || pl >= sizeof port || strspn(colon + 1, "0123456789") < pl) {
            *msg = strdup("bad port in ssh:// location");
            return BL_ERR_ARGUMENT;
        }
        memcpy(port, colon + 1, pl);
        port[pl] = '\0';
        hostl = (size_t)(colon - rest);
    }
    const char *prog = getenv("BYLINE_SSH");
    unsigned secs = (timeout_ms + 999) / 1000;
    l->kind = LEAF_PROG;
    l->a = strdup(prog && *prog ? prog : "ssh");
    if (asprintf(&l->b, "-o BatchMode=yes -o ConnectTimeout=%u%s%s %.*s xapian-progsrv %s",
                 secs ? secs : 1, *port ? " -p " : "", port, (int)hostl, rest, path) < 0)
        l->b = NULL;
    return l->a && l->b ? BL_OK : BL_ERR_NO_MEMORY;
}

/* A location written by a user (command line or library caller), one replica of it. */
static bl_status parse_user_leaf(const char *loc, unsigned timeout_ms, leaf *l, char **msg)
{
    bl_status st = BL_OK;
    if (!(l->name = strdup(loc)))
        return BL_ERR_NO_MEMORY;
    if (!strncmp(loc, "tcp://", 6)) {
        l->kind = LEAF_TCP;
        int r = bl_stub_split_host_port(loc + 6, &l->a, &l->port);
        if (r == -2)
            return BL_ERR_NO_MEMORY;
        if (r < 0) {
            *msg = strdup("expected tcp://HOST:PORT (or tcp://[ADDRESS]:PORT)");
            return BL_ERR_ARGUMENT;
        }
    } else if (!strncmp(loc, "ssh://", 6)) {
        st = parse_ssh(loc, timeout_ms, l, msg);
    } else if (!strncmp(loc, "prog:", 5)) {
        const char *p = loc + 5;
        while (*p == ' ')
            p++;
        size_t pl = strcspn(p, " ");
        if (pl == 0) {
            *msg = strdup("expected prog:PROGRAM ARGS");
            return BL_ERR_ARGUMENT;
        }
        l->kind = LEAF_PROG;
        l->a = dup_range(p, pl);
        l->b = strdup(p[pl] ? p + pl + 1 : "");
        if (!l->a || !l->b)
            return BL_ERR_NO_MEMORY;
    } else {
        l->kind = LEAF_PATH;
        if (!(l->a = strdup(loc)))
            return BL_ERR_NO_MEMORY;
    }
    return st;
}

/* ---- opening ----------------------------------------------------------------------------- */

static xc_status open_leaf(open_ctx *c, const leaf *l, xc_db **db, char **msg)
{
    switch (l->kind) {
    case LEAF_TCP:
        return xc_db_open_tcp(l->a, l->port, c->timeout_ms, c->timeout_ms, db, msg);
    case LEAF_PROG:
        return xc_db_open_prog(l->a, l->b, c->timeout_ms, db, msg);
    case LEAF_PATH:
        break;
    }
    watch_add(c, l->a);
    if (c->hook)
        c->hook(l->a, c->hook_ctx);
    return xc_db_open(l->a, db, msg);
}

/* Open one shard from its replicas (n >= 1), in order, and add it to the combined db. */
static void open_group(open_ctx *c, leaf *alts, size_t n, const char *group_name)
{
    c->shards++;
    bl_status st = BL_OK;
    char *msg = NULL;
    for (size_t i = 0; i < n; i++) {
        xc_db *db = NULL;
        free(msg);
        msg = NULL;
        xc_status xs = open_leaf(c, &alts[i], &db, &msg);
        if (xs == XC_OK) {
            xs = xc_db_add(c->all, db);
            if (xs != XC_OK) {
                free(msg);
                msg = strdup(xc_db_last_error(c->all));
            }
            xc_db_close(db);
        }
        st = bl_status_from_xc(xs);
        if (st == BL_OK) {
            if (i > 0)
                warn(c, "shard %s: answered by replica %s", group_name, alts[i].name);
            free(msg);
            return;
        }
        if (st == BL_ERR_NO_MEMORY || st == BL_ERR_ARGUMENT)
            break;
        if (i + 1 < n)
            warn(c, "replica %s did not answer (%s); trying %s", alts[i].name,
                 msg && *msg ? msg : bl_status_to_string(st), alts[i + 1].name);
    }
    if (n > 1 && st != BL_ERR_NO_MEMORY && st != BL_ERR_ARGUMENT) {
        char *all = NULL;
        if (asprintf(&all, "no replica answered (last: %s)",
                     msg && *msg ? msg : bl_status_to_string(st)) >= 0) {
            free(msg);
            msg = all;
        }
    }
    shard_failed(c, group_name, st, msg);
    free(msg);
}

static void add_path(open_ctx *c, const char *path, int depth);

/* A leaf from one entry of a stub line (strings copied: the reader owns its own). */
static bl_status leaf_from_stub(const bl_stub_entry *e, const char *where, leaf *l)
{
    if (asprintf(&l->name, "%s (%s)", where, e->text) < 0) {
        l->name = NULL;
        return BL_ERR_NO_MEMORY;
    }
    switch (e->kind) {
    case BL_STUB_PATH:
        l->kind = LEAF_PATH;
        l->a = strdup(e->path);
        return l->a ? BL_OK : BL_ERR_NO_MEMORY;
    case BL_STUB_TCP:
        l->kind = LEAF_TCP;
        l->a = strdup(e->host);
        l->port = e->port;
        return l->a ? BL_OK : BL_ERR_NO_MEMORY;
    case BL_STUB_PROGRAM:
        break;
    }
    l->kind = LEAF_PROG;
    l->a = strdup(e->program);
    l->b = strdup(e->args);
    return l->a && l->b ? BL_OK : BL_ERR_NO_MEMORY;
}

/* Read a Xapian stub file: each line is one shard (or, with " | ", one replicated shard).
 * What an untrusted stub may name is decided by the stub reader (stub.h). */
static void add_stub(open_ctx *c, const char *file, int depth)
{
    if (depth > MAX_STUB_DEPTH) {
        fatal(c, BL_ERR_IO, "%s: stub files nest more than %d deep", file, MAX_STUB_DEPTH);
        return;
    }
    bl_stub_reader *r = NULL;
    char *err = NULL;
    watch_add(c, file);
    bl_status st = bl_stub_open(file, c->o && c->o->allow_programs ? BL_STUB_TRUSTED : 0, &r,
                                &err);
    if (st != BL_OK) {
        fatal(c, st, "%s", err ? err : "out of memory");
        free(err);
        return;
    }
    if (c->hook)
        c->hook(file, c->hook_ctx);
    const bl_stub_line *line;
    int more = 0;
    while (c->status == BL_OK && (more = bl_stub_next(r, &line)) > 0) {
        leaf alts[MAX_REPLICAS];
        memset(alts, 0, sizeof alts);
        st = BL_OK;
        for (size_t i = 0; i < line->n && st == BL_OK; i++)
            st = leaf_from_stub(&line->alt[i], line->where, &alts[i]);
        if (st != BL_OK)
            fatal(c, st, "out of memory");
        else if (!line->replicated && alts[0].kind == LEAF_PATH)
            add_path(c, alts[0].a, depth + 1); /* may itself be a stub or a stub folder */
        else
            open_group(c, alts, line->n, line->where);
        for (size_t i = 0; i < line->n; i++)
            leaf_clear(&alts[i]);
    }
    if (c->status == BL_OK && more < 0)
        fatal(c, bl_stub_status(r), "%s", bl_stub_error(r));
    bl_stub_close(r);
}

/* Is the regular file at path a single-file glass database (xapian-compact --single-file)?
 * Anything else is read as a stub by our own reader, never handed to Xapian, which would
 * read it as a stub itself and run the programs it names. */
static int is_single_file_db(const char *path)
{
    static const char magic[] = "\x0f\x0dXapian Glass";
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0; /* let the stub reader report the error */
    char buf[sizeof magic - 1];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return n == sizeof buf && memcmp(buf, magic, sizeof buf) == 0;
}

/* A local path: index folder, stub file or stub folder (XAPIANDB), as Xapian decides. */
static void add_path(open_ctx *c, const char *path, int depth)
{
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (S_ISREG(sb.st_mode) && !is_single_file_db(path)) {
            add_stub(c, path, depth);
            return;
        }
        if (S_ISDIR(sb.st_mode) && !bl_layout_has_file(path, "iamglass") && bl_layout_has_file(path, "XAPIANDB")) {
            char *stub = NULL;
            if (asprintf(&stub, "%s/XAPIANDB", path) < 0) {
                fatal(c, BL_ERR_NO_MEMORY, "out of memory");
                return;
            }
            add_stub(c, stub, depth);
            free(stub);
            return;
        }
    }
    leaf l = {.kind = LEAF_PATH, .a = strdup(path), .name = strdup(path)};
    if (!l.a || !l.name)
        fatal(c, BL_ERR_NO_MEMORY, "out of memory");
    else
        open_group(c, &l, 1, path);
    leaf_clear(&l);
}

/* One location as the user wrote it. */
static void add_location(open_ctx *c, const char *loc)
{
    struct stat sb;
    int is_url = !strncmp(loc, "tcp://", 6) || !strncmp(loc, "ssh://", 6) ||
                 !strncmp(loc, "prog:", 5);
    if (!strchr(loc, '|') && !is_url) {
        add_path(c, loc, 0);
        return;
    }
    if (!is_url && stat(loc, &sb) == 0) { /* an odd file name holding '|' */
        add_path(c, loc, 0);
        return;
    }
    char *copy = strdup(loc), *parts[MAX_REPLICAS + 1];
    if (!copy) {
        fatal(c, BL_ERR_NO_MEMORY, "out of memory");
        return;
    }
    size_t n = strchr(loc, '|') ? bl_stub_split_replicas(copy, parts) : (parts[0] = copy, 1);
    if (n == 0 || n > MAX_REPLICAS) {
        fatal(c, BL_ERR_ARGUMENT, "%s: expected at most %d replicas separated by |, none "
              "empty", loc, MAX_REPLICAS);
        free(copy);
        return;
    }
    leaf alts[MAX_REPLICAS];
    memset(alts, 0, sizeof alts);
    bl_status st = BL_OK;
    char *msg = NULL;
    size_t i;
    for (i = 0; i < n && st == BL_OK; i++)
        st = parse_user_leaf(parts[i], c->timeout_ms, &alts[i], &msg);
    if (st != BL_OK)
        fatal(c, st, "%s: %s", parts[i - 1], msg ? msg : bl_status_to_string(st));
    else
        open_group(c, alts, n, loc);
    for (i = 0; i < n; i++)
        leaf_clear(&alts[i]);
    free(msg);
    free(copy);
}

/* Forget an attempt: its database, error, warnings and watches. */
static void attempt_clear(open_ctx *c)
{
    xc_db_close(c->all);
    c->all = NULL;
    free(c->err);
    free(c->missing_names);
    for (size_t i = 0; i < c->n_warnings; i++)
        free(c->warnings[i]);
    free(c->warnings);
    for (size_t i = 0; i < c->n_watches; i++)
        free(c->watches[i].path);
    free(c->watches);
    /* keep what the caller gave */
    open_ctx kept = {.o = c->o, .timeout_ms = c->timeout_ms, .hook = c->hook,
                     .hook_ctx = c->hook_ctx};
    *c = kept;
}

/* One attempt at opening every location into c->all. */
static void open_attempt(open_ctx *c, const char *const *locations, size_t n)
{
    xc_status xs = xc_db_new(&c->all);
    if (xs != XC_OK) {
        fatal(c, bl_status_from_xc(xs), "%s", bl_status_to_string(bl_status_from_xc(xs)));
        return;
    }
    for (size_t i = 0; i < n && c->status == BL_OK; i++)
        add_location(c, locations[i]);
    if (c->status == BL_OK && c->missing > 0 && c->missing == c->shards)
        fatal(c, c->last_fail != BL_OK ? c->last_fail : BL_ERR_NETWORK,
              "no shard could be opened (missing: %s)", c->missing_names);
    if (c->status == BL_OK && c->missing > 0)
        warn(c, "searching %zu of %zu shards; missing: %s", c->shards - c->missing, c->shards,
             c->missing_names);
}

bl_status bl_locations_open(const char *const *locations, size_t n,
                            const bl_searcher_options *opts, xc_db **out,
                            bl_locations_report *report, char **err)
{
    return bl_locations_open_hooked(locations, n, opts, NULL, NULL, out, report, err);
}

bl_status bl_locations_open_hooked(const char *const *locations, size_t n,
                                   const bl_searcher_options *opts, bl_locations_hook hook,
                                   void *hook_ctx, xc_db **out, bl_locations_report *report,
                                   char **err)
{
    if (err)
        *err = NULL;
    if (report)
        memset(report, 0, sizeof *report);
    if (!out || !locations || n == 0)
        return BL_ERR_ARGUMENT;
    *out = NULL;
    for (size_t i = 0; i < n; i++)
        if (!locations[i])
            return BL_ERR_ARGUMENT;
    open_ctx c = {.o = opts,
                  .timeout_ms = opts && opts->timeout_ms ? opts->timeout_ms : DEFAULT_TIMEOUT_MS,
                  .hook = hook,
                  .hook_ctx = hook_ctx};
    for (int attempt = 1;; attempt++) {
        open_attempt(&c, locations, n);
        const char *moved = c.status == BL_ERR_NO_MEMORY ? NULL : watches_changed(&c);
        if (!moved)
            break; /* what was opened is what is on disk (or a failure that is not a race) */
        if (attempt == MAX_ATTEMPTS) {
            /* Still changing: refuse a database that may mix two layouts. */
            char *what = strdup(moved);
            attempt_clear(&c);
            fatal(&c, BL_ERR_MODIFIED, "%s changed %d times while it was being opened (is "
                  "the index being compacted?); try again", what ? what : locations[0],
                  MAX_ATTEMPTS);
            free(what);
            break;
        }
        attempt_clear(&c);
        /* A compactor swaps the stub before it deletes anything: the next attempt reads the
         * new layout.  The pause only matters for a folder swap by two renames. */
        nanosleep(&(struct timespec){.tv_nsec = 1000000L * attempt}, NULL);
    }
    deliver_warnings(&c);
    if (report) {
        report->shards = c.shards;
        report->missing = c.missing;
    }
    bl_status st = c.status;
    if (st != BL_OK && err) {
        *err = c.err;
        c.err = NULL;
    }
    if (st == BL_OK) {
        *out = c.all;
        c.all = NULL;
    }
    attempt_clear(&c);
    return st;
}
