/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stub.c — reading Xapian stub files, line by line, with one safety policy.  See stub.h.
 *
 * Everything that reads a stub (the searcher's locations, the writer's layout, compaction)
 * goes through bl_stub_next, so the syntax is parsed once and the rule "a stub runs no
 * program and opens nothing outside its folder unless trusted" is applied once, here.
 */
#include "stub.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

struct bl_stub_reader {
    FILE *f;
    char *file;
    char *dir;             /* folder of the stub */
    unsigned flags;
    char *buf;             /* the current line (split in place) */
    size_t cap;
    unsigned long lineno;
    bl_stub_line line;
    char *where;
    bl_status status;
    char *err;
};

static void set_error(bl_stub_reader *r, bl_status st, const char *fmt, ...)
{
    r->status = st;
    free(r->err);
    r->err = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&r->err, fmt, ap) < 0)
        r->err = NULL;
    va_end(ap);
}

static void entry_clear(bl_stub_entry *e)
{
    free(e->path);
    free(e->host);
    free(e->program);
    free(e->args);
    memset(e, 0, sizeof *e);
}

static void line_clear(bl_stub_reader *r)
{
    for (size_t i = 0; i < r->line.n; i++)
        entry_clear(&r->line.alt[i]);
    memset(&r->line, 0, sizeof r->line);
    free(r->where);
    r->where = NULL;
}

int bl_stub_split_host_port(const char *s, char **host, unsigned *port)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s)
        return -1;
    const char *h = s;
    size_t hl = (size_t)(colon - s);
    if (h[0] == '[') {
        if (hl < 3 || h[hl - 1] != ']')
            return -1;
        h++;
        hl -= 2;
    }
    char *end;
    errno = 0;
    unsigned long p = strtoul(colon + 1, &end, 10);
    if (!isdigit((unsigned char)colon[1]) || *end || errno || p == 0 || p > 65535)
        return -1;
    for (size_t i = 0; i < hl; i++)
        if (isspace((unsigned char)h[i]))
            return -1;
    if (!(*host = strndup(h, hl)))
        return -2;
    *port = (unsigned)p;
    return 0;
}

/* Lexically: absolute, or a ".." component that climbs above the start. */
static int lexically_outside(const char *rel)
{
    if (rel[0] == '/')
        return 1;
    long depth = 0;
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (--depth < 0)
                return 1;
        } else if (n > 0 && !(n == 1 && p[0] == '.')) {
            depth++;
        }
        p += n;
        while (*p == '/')
            p++;
    }
    return 0;
}

int bl_stub_path_outside(const char *dir, const char *relpath)
{
    if (lexically_outside(relpath))
        return 1;
    /* Through symbolic links: compare the real paths when the target exists. */
    char *full = NULL, *rdir = realpath(dir, NULL), *rfull = NULL;
    if (rdir && asprintf(&full, "%s/%s", dir, relpath) >= 0)
        rfull = realpath(full, NULL);
    int out = 0;
    if (rdir && rfull) {
        size_t dl = strlen(rdir);
        if (strcmp(rdir, "/") != 0)
            out = strncmp(rfull, rdir, dl) != 0 || (rfull[dl] != '/' && rfull[dl] != '\0');
    }
    free(full);
    free(rdir);
    free(rfull);
    return out;
}

static char *resolve(const char *dir, const char *path)
{
    char *out = NULL;
    if (path[0] == '/')
        return strdup(path);
    if (asprintf(&out, "%s/%s", dir, path) < 0)
        return NULL;
    return out;
}

/* One entry ("auto PATH", "glass PATH", "remote HOST:PORT", "remote :PROGRAM ARGS"), as
 * Xapian's read_stub_file reads it.  BL_OK, BL_ERR_IO (malformed) or BL_ERR_NO_MEMORY. */
static bl_status parse_entry(bl_stub_reader *r, const char *text, bl_stub_entry *e)
{
    size_t tl = strcspn(text, " \t");
    const char *arg = text + tl;
    while (*arg == ' ' || *arg == '\t')
        arg++;
    e->text = text;
    if ((tl == 4 && !strncmp(text, "auto", 4)) || (tl == 5 && !strncmp(text, "glass", 5))) {
        if (!*arg)
            return BL_ERR_IO;
        e->kind = BL_STUB_PATH;
        if (!(e->path = resolve(r->dir, arg)))
            return BL_ERR_NO_MEMORY;
        e->outside = bl_stub_path_outside(r->dir, arg);
        return BL_OK;
    }
    if (tl == 6 && !strncmp(text, "remote", 6) && *arg) {
        if (arg[0] == ':') {
            size_t pl = strcspn(arg + 1, " ");
            if (pl == 0)
                return BL_ERR_IO;
            e->kind = BL_STUB_PROGRAM;
            e->program = strndup(arg + 1, pl);
            e->args = strdup(arg[1 + pl] ? arg + 2 + pl : "");
            return e->program && e->args ? BL_OK : BL_ERR_NO_MEMORY;
        }
        e->kind = BL_STUB_TCP;
        int rc = bl_stub_split_host_port(arg, &e->host, &e->port);
        return rc == 0 ? BL_OK : rc == -2 ? BL_ERR_NO_MEMORY : BL_ERR_IO;
    }
    return BL_ERR_IO;
}

size_t bl_stub_split_replicas(char *s, char **parts)
{
    size_t n = 0;
    for (char *p = s;;) {
        char *bar = strchr(p, '|');
        if (bar)
            *bar = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        size_t len = strlen(p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            p[--len] = '\0';
        if (len == 0)
            return 0;
        if (n == BL_STUB_MAX_REPLICAS)
            return BL_STUB_MAX_REPLICAS + 1;
        parts[n++] = p;
        if (!bar)
            return n;
        p = bar + 1;
    }
}

/* The safety policy: what an untrusted stub may not name. */
static int refused(bl_stub_reader *r, const bl_stub_entry *e)
{
    if (r->flags & BL_STUB_TRUSTED)
        return 0;
    if (e->kind == BL_STUB_PROGRAM) {
        set_error(r, BL_ERR_ARGUMENT, "%s: the stub names a program to run (\"%s\"); programs "
                  "named in stub files run only with --allow-programs", r->where, e->text);
        return 1;
    }
    if (e->kind == BL_STUB_PATH && e->outside) {
        set_error(r, BL_ERR_ARGUMENT, "%s: the stub names a database outside its folder "
                  "(\"%s\"); such paths are opened only with --allow-programs", r->where,
                  e->text);
        return 1;
    }
    return 0;
}

bl_status bl_stub_open(const char *file, unsigned flags, bl_stub_reader **out, char **err)
{
    if (err)
        *err = NULL;
    *out = NULL;
    bl_stub_reader *r = calloc(1, sizeof *r);
    if (!r)
        return BL_ERR_NO_MEMORY;
    const char *slash = strrchr(file, '/');
    r->flags = flags;
    r->file = strdup(file);
    r->dir = slash ? strndup(file, slash == file ? 1 : (size_t)(slash - file)) : strdup(".");
    if (!r->file || !r->dir) {
        bl_stub_close(r);
        return BL_ERR_NO_MEMORY;
    }
    if (!(r->f = fopen(file, "r"))) {
        bl_status st = errno == ENOENT ? BL_ERR_NOT_FOUND : BL_ERR_IO;
        if (err && asprintf(err, "%s: cannot read stub file: %s", file, strerror(errno)) < 0)
            *err = NULL;
        bl_stub_close(r);
        return st;
    }
    *out = r;
    return BL_OK;
}

int bl_stub_next(bl_stub_reader *r, const bl_stub_line **line)
{
    *line = NULL;
    if (r->status != BL_OK)
        return -1;
    line_clear(r);
    ssize_t len;
    while ((len = getline(&r->buf, &r->cap, r->f)) >= 0) {
        r->lineno++;
        while (len > 0 && (r->buf[len - 1] == '\n' || r->buf[len - 1] == '\r'))
            r->buf[--len] = '\0';
        const char *p = r->buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        if (asprintf(&r->where, "%s:%lu", r->file, r->lineno) < 0) {
            r->where = NULL;
            set_error(r, BL_ERR_NO_MEMORY, "out of memory");
            return -1;
        }
        r->line.lineno = r->lineno;
        r->line.where = r->where;
        r->line.replicated = strchr(r->buf, '|') != NULL;
        char *parts[BL_STUB_MAX_REPLICAS + 1];
        size_t n = bl_stub_split_replicas(r->buf, parts);
        if (n == 0 || n > BL_STUB_MAX_REPLICAS) {
            set_error(r, BL_ERR_IO, "%s: bad line (at most %d replicas, none empty)", r->where,
                      BL_STUB_MAX_REPLICAS);
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            r->line.n = i + 1;
            bl_status st = parse_entry(r, parts[i], &r->line.alt[i]);
            if (st == BL_ERR_NO_MEMORY) {
                set_error(r, st, "out of memory");
                return -1;
            }
            if (st != BL_OK) {
                set_error(r, st, "%s: bad line (expected auto PATH, glass PATH, remote "
                          "HOST:PORT or remote :PROGRAM ARGS)", r->where);
                return -1;
            }
            if (refused(r, &r->line.alt[i]))
                return -1;
        }
        *line = &r->line;
        return 1;
    }
    if (ferror(r->f)) {
        set_error(r, BL_ERR_IO, "%s: cannot read stub file: %s", r->file, strerror(errno));
        return -1;
    }
    return 0;
}

bl_status bl_stub_status(const bl_stub_reader *r) { return r->status; }

const char *bl_stub_error(const bl_stub_reader *r) { return r->err ? r->err : ""; }

const char *bl_stub_dir(const bl_stub_reader *r) { return r->dir; }

void bl_stub_close(bl_stub_reader *r)
{
    if (!r)
        return;
    line_clear(r);
    if (r->f)
        fclose(r->f);
    free(r->buf);
    free(r->file);
    free(r->dir);
    free(r->where);
    free(r->err);
    free(r);
}
