/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compact.c — merging an index, or its shards, into one compact index while searches go on.
 *
 * Xapian's compactor (through the binding's xc_compact) writes a new, compact copy; this file
 * only decides where it goes and how it replaces the old one so that a search never finds the
 * index missing:
 *
 *  - a plain index folder PATH: the copy is written to PATH.compact-PID beside it, then the
 *    two folders are exchanged in one step (renameat2 RENAME_EXCHANGE; on file systems without
 *    it, two renames with a window of a few microseconds), then the old copy is deleted;
 *  - a sharded index (a folder holding a XAPIANDB stub, or a stub file) whose lines name local
 *    shards: the copy is written as a new folder next to the stub, a new stub naming only it
 *    is written beside the old one and renamed over it (atomic), then the old shard folders
 *    named by relative paths are deleted (shards named by absolute paths are left alone).
 *
 * While it runs it holds the writer lock of every shard, so no commit can be lost between the
 * copy and the swap (a busy writer gives BL_ERR_LOCKED).  Searches that opened the old index
 * before the swap finish on it: on POSIX systems deleted files stay readable while open.  A
 * search that was opening the index at the moment of the swap notices it and opens the new
 * layout (lib/locations.c stats every stub and folder before and after opening): that relies
 * on the order here, the stub renamed or the folder exchanged *before* anything is deleted.
 * Remote shards cannot be compacted from here (run this on the machine that holds them).
 */
#include "byline.h"
#include "layout.h"
#include "stub.h"
#include "status.h"
#include "util.h"
#include "xapian_c.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_SHARDS 4096
#define MAX_DEPTH 16

typedef struct compact_job {
    char *stub;           /* stub file, or NULL for a plain index folder */
    char *stubdir;        /* folder of the stub */
    char **shards;        /* local shard paths, resolved */
    int *relative;        /* 1: named by a relative path in the stub (ours to delete) */
    size_t n;
    xc_wdb **locks;       /* writer handles held during the compaction */
    char *err;
} compact_job;

static bl_status job_fail(compact_job *j, bl_status st, const char *fmt, ...)
{
    if (j->err)
        return st;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&j->err, fmt, ap) < 0)
        j->err = NULL;
    va_end(ap);
    return st;
}


/* Size in bytes of the files under path (0 if unreadable). */
static unsigned long long tree_size(const char *path)
{
    unsigned long long total = 0;
    bl_disk_usage(path, &total);
    return total;
}

/* rm -r path (no symbolic links followed).  0 on success. */
static int remove_tree(const char *path, int depth)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return errno == ENOENT ? 0 : -1;
    if (S_ISDIR(sb.st_mode) && depth <= MAX_DEPTH) {
        DIR *d = opendir(path);
        struct dirent *e;
        int rc = d ? 0 : -1;
        while (d && (e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *sub = NULL;
            if (asprintf(&sub, "%s/%s", path, e->d_name) < 0)
                rc = -1;
            else {
                rc |= remove_tree(sub, depth + 1);
                free(sub);
            }
        }
        if (d)
            closedir(d);
        return rc | rmdir(path);
    }
    return unlink(path);
}

static bl_status add_shard(compact_job *j, const char *path, int relative)
{
    if (j->n == MAX_SHARDS)
        return job_fail(j, BL_ERR_ARGUMENT, "more than %d shards", MAX_SHARDS);
    char **s = realloc(j->shards, (j->n + 1) * sizeof *s);
    if (!s)
        return BL_ERR_NO_MEMORY;
    j->shards = s;
    int *r = realloc(j->relative, (j->n + 1) * sizeof *r);
    if (!r)
        return BL_ERR_NO_MEMORY;
    j->relative = r;
    if (!(j->shards[j->n] = strdup(path)))
        return BL_ERR_NO_MEMORY;
    j->relative[j->n++] = relative;
    return BL_OK;
}

/* The local shards a stub names ("auto PATH" / "glass PATH" inside the stub's folder;
 * remote lines, replicas and, by the stub reader's policy, paths outside are refused). */
static bl_status read_stub(compact_job *j)
{
    bl_stub_reader *r = NULL;
    char *err = NULL;
    bl_status st = bl_stub_open(j->stub, 0, &r, &err);
    if (st != BL_OK) {
        st = job_fail(j, st, "%s", err ? err : "out of memory");
        free(err);
        return st;
    }
    const bl_stub_line *line;
    int more = 0;
    while (st == BL_OK && (more = bl_stub_next(r, &line)) > 0) {
        const bl_stub_entry *e = &line->alt[0];
        if (line->replicated || e->kind != BL_STUB_PATH) {
            st = job_fail(j, BL_ERR_ARGUMENT, "%s: only local shards (auto PATH, glass "
                          "PATH) can be compacted here; compact remote shards on their own "
                          "machine", line->where);
            break;
        }
        struct stat sb;
        if (stat(e->path, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
            !bl_layout_has_file(e->path, "iamglass"))
            st = job_fail(j, BL_ERR_ARGUMENT, "%s: %s is not an index folder (nested "
                          "stubs cannot be compacted)", line->where, e->path);
        else
            st = add_shard(j, e->path, !e->outside);
    }
    if (st == BL_OK && more < 0)
        st = job_fail(j, bl_stub_status(r), "%s", bl_stub_error(r));
    bl_stub_close(r);
    if (st == BL_OK && j->n == 0)
        st = job_fail(j, BL_ERR_NOT_FOUND, "%s lists no shards", j->stub);
    return st;
}

/* Work out the layout at `path`. */
static bl_status plan(compact_job *j, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return job_fail(j, BL_ERR_NOT_FOUND, "no index at %s", path);
    if (S_ISDIR(sb.st_mode) && bl_layout_has_file(path, "iamglass"))
        return add_shard(j, path, 0);
    if (S_ISDIR(sb.st_mode) && bl_layout_has_file(path, "XAPIANDB")) {
        if (asprintf(&j->stub, "%s/XAPIANDB", path) < 0 || !(j->stubdir = strdup(path)))
            return BL_ERR_NO_MEMORY;
        return read_stub(j);
    }
    if (S_ISREG(sb.st_mode)) {
        const char *slash = strrchr(path, '/');
        j->stub = strdup(path);
        j->stubdir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path))
                           : strdup(".");
        if (!j->stub || !j->stubdir)
            return BL_ERR_NO_MEMORY;
        return read_stub(j);
    }
    return job_fail(j, BL_ERR_NOT_FOUND, "no index at %s", path);
}

static bl_status lock_all(compact_job *j)
{
    if (!(j->locks = calloc(j->n, sizeof *j->locks)))
        return BL_ERR_NO_MEMORY;
    for (size_t i = 0; i < j->n; i++) {
        char *e = NULL;
        xc_status xs = xc_wdb_open(j->shards[i], XC_OPEN, &j->locks[i], &e);
        if (xs != XC_OK) {
            bl_status st = job_fail(j, bl_status_from_xc(xs), "%s: %s", j->shards[i],
                                    e ? e : xc_status_to_string(xs));
            free(e);
            return st;
        }
    }
    return BL_OK;
}

static void unlock_all(compact_job *j)
{
    for (size_t i = 0; j->locks && i < j->n; i++)
        xc_wdb_close(j->locks[i]);
    free(j->locks);
    j->locks = NULL;
}

static int fsync_path(const char *path, int dir)
{
    int fd = open(path, dir ? O_RDONLY | O_DIRECTORY : O_WRONLY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Exchange two folders in one step when the file system can. */
static int exchange(const char *a, const char *b, const char *aside)
{
#ifdef RENAME_EXCHANGE
    if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return -1;
#endif
    /* Fallback: b → aside, a → b (b is missing for a moment). */
    if (rename(b, aside) != 0)
        return -1;
    if (rename(a, b) != 0) {
        int e = errno;
        if (rename(aside, b) != 0) { /* put it back */
        }
        errno = e;
        return -1;
    }
    return rename(aside, a);
}

static bl_status swap_plain(compact_job *j, const char *path, const char *fresh)
{
    char *aside = NULL;
    if (asprintf(&aside, "%s.old-%ld", path, (long)getpid()) < 0)
        return BL_ERR_NO_MEMORY;
    bl_status st = BL_OK;
    if (exchange(fresh, path, aside) != 0)
        st = job_fail(j, BL_ERR_IO, "cannot swap %s and %s: %s", fresh, path, strerror(errno));
    free(aside);
    return st;
}

static bl_status swap_stub(compact_job *j, const char *fresh_name)
{
    char *tmp = NULL;
    if (asprintf(&tmp, "%s.tmp-%ld", j->stub, (long)getpid()) < 0)
        return BL_ERR_NO_MEMORY;
    bl_status st = BL_OK;
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "# Byline: merged by byline-index --compact\nauto %s\n", fresh_name) < 0 ||
        fflush(f) != 0 || fsync(fileno(f)) != 0) {
        st = job_fail(j, BL_ERR_IO, "%s: cannot write: %s", tmp, strerror(errno));
    }
    if (f && fclose(f) != 0 && st == BL_OK)
        st = job_fail(j, BL_ERR_IO, "%s: cannot write: %s", tmp, strerror(errno));
    if (st == BL_OK && rename(tmp, j->stub) != 0)
        st = job_fail(j, BL_ERR_IO, "cannot replace %s: %s", j->stub, strerror(errno));
    if (st != BL_OK)
        unlink(tmp);
    else
        fsync_path(j->stubdir, 1);
    free(tmp);
    return st;
}

bl_status bl_index_compact(const char *path, bl_compact_stats *stats, char **err)
{
    if (err)
        *err = NULL;
    if (stats)
        memset(stats, 0, sizeof *stats);
    if (!path || !*path)
        return BL_ERR_ARGUMENT;
    compact_job j = {0};
    char *fresh = NULL, *fresh_name = NULL, *xerr = NULL;
    bl_status st = plan(&j, path);
    if (st == BL_OK)
        st = lock_all(&j);
    if (st == BL_OK) {
        if (j.stub) {
            /* Beside Byline's own shards (DB/shards/NN, lib/layout.h) when that folder is
             * there, else next to the stub. */
            struct stat sb;
            char *sd = NULL;
            int in_shards = asprintf(&sd, "%s/shards", j.stubdir) >= 0 && stat(sd, &sb) == 0 &&
                            S_ISDIR(sb.st_mode);
            free(sd);
            if (asprintf(&fresh_name, "%scompact-%ld-%ld", in_shards ? "shards/" : "",
                         (long)time(NULL), (long)getpid()) < 0 ||
                asprintf(&fresh, "%s/%s", j.stubdir, fresh_name) < 0)
                st = BL_ERR_NO_MEMORY;
        } else if (asprintf(&fresh, "%s.compact-%ld", path, (long)getpid()) < 0) {
            st = BL_ERR_NO_MEMORY;
        }
    }
    unsigned long long before = 0;
    for (size_t i = 0; st == BL_OK && i < j.n; i++)
        before += tree_size(j.shards[i]);
    if (st == BL_OK) {
        remove_tree(fresh, 0); /* a leftover of an interrupted run */
        xc_status xs = xc_compact((const char *const *)j.shards, j.n, fresh, &xerr);
        if (xs != XC_OK) {
            st = job_fail(&j, bl_status_from_xc(xs), "compacting %s: %s", path,
                          xerr ? xerr : xc_status_to_string(xs));
            remove_tree(fresh, 0);
        }
    }
    if (st == BL_OK && stats) {
        stats->shards = j.n;
        stats->bytes_before = before;
        stats->bytes_after = tree_size(fresh);
    }
    if (st == BL_OK)
        st = j.stub ? swap_stub(&j, fresh_name) : swap_plain(&j, path, fresh);
    unlock_all(&j);
    if (st == BL_OK) {
        /* The old data is no longer reachable by new searches: delete it (only now, after
         * the swap; see the top of the file). */
        if (!j.stub)
            remove_tree(fresh, 0); /* after the exchange, `fresh` holds the old index */
        for (size_t i = 0; j.stub && i < j.n; i++)
            if (j.relative[i])
                remove_tree(j.shards[i], 0);
    } else if (fresh && access(fresh, F_OK) == 0) {
        remove_tree(fresh, 0);
    }
    if (st != BL_OK && !j.err)
        job_fail(&j, st, "%s: %s", path, bl_status_to_string(st));
    if (err) {
        *err = j.err;
        j.err = NULL;
    }
    free(j.err);
    free(xerr);
    free(fresh);
    free(fresh_name);
    for (size_t i = 0; i < j.n; i++)
        free(j.shards[i]);
    free(j.shards);
    free(j.relative);
    free(j.stub);
    free(j.stubdir);
    return st;
}
