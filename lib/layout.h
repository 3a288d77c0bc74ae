/* SPDX-License-Identifier: GPL-2.0-or-later */
/* layout.h — where the shards of a Byline index live on disk (internal).
 *
 * An index folder DB is either
 *   - one Xapian (glass) database: DB/iamglass exists (the layout of a one-shard index), or
 *   - a sharded index: DB/XAPIANDB is a Xapian stub listing the shards, one "auto PATH" line
 *     each (Byline writes "auto shards/00", "auto shards/01", ...; paths relative to DB).
 * Xapian opens a folder holding a XAPIANDB stub as the databases it lists, so readers
 * (byline-search -d DB, xapian-delve DB, xapian-compact DB ...) need nothing special; writers
 * open every listed shard.  A document lives in shard fnv1a64(id) % N, so re-indexing it
 * always replaces it in the same shard. */
#ifndef BYLINE_LAYOUT_H
#define BYLINE_LAYOUT_H

#include "byline.h"

#include <stddef.h>

#define BL_STUB_NAME "XAPIANDB"
#define BL_SHARDS_DIR "shards"
/* BL_MAX_SHARDS (64) is public: include/byline.h. */

typedef struct bl_layout {
    size_t n;          /* 0: no index there yet */
    char **paths;      /* n shard paths (malloc()ed) */
    int sharded;       /* 1: DB/XAPIANDB stub; 0: DB is itself a database */
} bl_layout;

/* Read the layout of the index at db.  BL_OK with n == 0 if there is no index yet;
 * BL_ERR_ARGUMENT (msg says why) if the stub names remote shards, or (unless stub_flags has
 * BL_STUB_TRUSTED, stub.h) a shard outside db; BL_ERR_IO if it is unreadable. */
bl_status bl_layout_read(const char *db, unsigned stub_flags, bl_layout *out, char *msg,
                         size_t msglen);
/* Paths of a new layout with n shards (n <= 1: db itself). */
bl_status bl_layout_new(const char *db, size_t n, bl_layout *out);
/* Write DB/XAPIANDB listing shards/00 .. (atomically: temp file + rename).  0 or -1 (errno). */
int bl_layout_write_stub(const char *db, size_t n);
void bl_layout_free(bl_layout *l);
/* 1 if dir/name exists ("iamglass" marks a Xapian database, "XAPIANDB" a sharded index). */
int bl_layout_has_file(const char *dir, const char *name);

/* The shard (0 .. n-1) a document id belongs to. */
size_t bl_layout_shard_of(const char *id, size_t n);

/* Total apparent size in bytes of the files under path (0 if absent). */

#endif
