/* SPDX-License-Identifier: GPL-2.0-or-later */
/* layout.c — the on-disk layout of a Byline index: one database or a stub of shards.
 * See layout.h. */
#include "layout.h"
#include "hash.h"
#include "util.h"
#include "status.h"
#include "stub.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void bl_layout_free(bl_layout *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    l->paths = NULL;
    l->n = 0;
}

static int exists(const char *dir, const char *name)
{
    char *p = NULL;
    if (asprintf(&p, "%s/%s", dir, name) < 0)
        return -1;
    struct stat st;
    int r = stat(p, &st) == 0;
    free(p);
    return r;
}

static bl_status push(bl_layout *l, size_t *cap, char *path)
{
    if (!path)
        return BL_ERR_NO_MEMORY;
    char **np = bl_grow(l->paths, cap, l->n + 1, sizeof *np, 8);
    if (!np) {
        free(path);
        return BL_ERR_NO_MEMORY;
    }
    l->paths = np;
    l->paths[l->n++] = path;
    return BL_OK;
}

bl_status bl_layout_read(const char *db, unsigned stub_flags, bl_layout *out, char *msg,
                         size_t msglen)
{
    memset(out, 0, sizeof *out);
    msg[0] = '\0';
    int stub = exists(db, BL_STUB_NAME), glass = exists(db, "iamglass");
    if (stub < 0 || glass < 0)
        return BL_ERR_NO_MEMORY;
    size_t cap = 0;
    if (glass)
        return push(out, &cap, strdup(db));
    if (!stub)
        return BL_OK;
    char *sp = NULL, *err = NULL;
    if (asprintf(&sp, "%s/%s", db, BL_STUB_NAME) < 0)
        return BL_ERR_NO_MEMORY;
    bl_stub_reader *r = NULL;
    bl_status st = bl_stub_open(sp, stub_flags, &r, &err);
    free(sp);
    if (st != BL_OK) {
        bl_set_message(msg, msglen, err);
        free(err);
        return st == BL_ERR_NOT_FOUND ? BL_ERR_IO : st;
    }
    out->sharded = 1;
    const bl_stub_line *line;
    int more = 0;
    while (st == BL_OK && (more = bl_stub_next(r, &line)) > 0) {
        if (line->replicated || line->alt[0].kind != BL_STUB_PATH) {
            snprintf(msg, msglen, "%s: only local shards can be written (\"auto PATH\"), "
                     "not \"%.200s\"", line->where, line->alt[0].text);
            st = BL_ERR_ARGUMENT;
            break;
        }
        st = push(out, &cap, strdup(line->alt[0].path));
    }
    if (st == BL_OK && more < 0) {
        st = bl_stub_status(r);
        bl_set_message(msg, msglen, bl_stub_error(r));
    }
    bl_stub_close(r);
    if (st == BL_OK && (out->n == 0 || out->n > BL_MAX_SHARDS)) {
        snprintf(msg, msglen, "%s/%s lists %zu shards (1 to %d expected)", db, BL_STUB_NAME,
                 out->n, BL_MAX_SHARDS);
        st = BL_ERR_CORRUPT;
    }
    if (st != BL_OK)
        bl_layout_free(out);
    return st;
}

bl_status bl_layout_new(const char *db, size_t n, bl_layout *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    if (n <= 1)
        return push(out, &cap, strdup(db));
    out->sharded = 1;
    if (mkdir(db, 0777) < 0 && errno != EEXIST)
        return BL_ERR_IO; /* errno says why */
    char *sd = NULL;
    if (asprintf(&sd, "%s/%s", db, BL_SHARDS_DIR) < 0)
        return BL_ERR_NO_MEMORY;
    int r = mkdir(sd, 0777);
    free(sd);
    if (r < 0 && errno != EEXIST)
        return BL_ERR_IO; /* errno says why */
    for (size_t i = 0; i < n; i++) {
        char *p = NULL;
        if (asprintf(&p, "%s/%s/%02zu", db, BL_SHARDS_DIR, i) < 0)
            p = NULL;
        bl_status st = push(out, &cap, p);
        if (st != BL_OK) {
            bl_layout_free(out);
            return st;
        }
    }
    return BL_OK;
}

int bl_layout_write_stub(const char *db, size_t n)
{
    char *tmp = NULL, *fin = NULL;
    if (asprintf(&tmp, "%s/%s.tmp", db, BL_STUB_NAME) < 0)
        return -1;
    if (asprintf(&fin, "%s/%s", db, BL_STUB_NAME) < 0) {
        free(tmp);
        return -1;
    }
    int rc = -1;
    FILE *f = fopen(tmp, "w");
    if (f) {
        int ok = fprintf(f, "# Byline sharded index: documents go to shard fnv1a64(id) %% %zu\n",
                         n) > 0;
        for (size_t i = 0; ok && i < n; i++)
            ok = fprintf(f, "auto %s/%02zu\n", BL_SHARDS_DIR, i) > 0;
        ok = fflush(f) == 0 && fsync(fileno(f)) == 0 && ok;
        if (fclose(f) != 0)
            ok = 0;
        if (ok && rename(tmp, fin) == 0)
            rc = 0;
        else
            unlink(tmp);
    }
    free(tmp);
    free(fin);
    return rc;
}

size_t bl_layout_shard_of(const char *id, size_t n)
{
    if (n <= 1)
        return 0;
    return (size_t)(bl_fnv1a64(id, strlen(id)) % n); /* stored placement: never change */
}

int bl_layout_has_file(const char *dir, const char *name)
{
    char *p = NULL;
    if (asprintf(&p, "%s/%s", dir, name) < 0)
        return 0;
    int r = access(p, F_OK) == 0;
    free(p);
    return r;
}
