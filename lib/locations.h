/* SPDX-License-Identifier: GPL-2.0-or-later */
/* locations.h — opening the places a searcher reads from (internal).
 *
 * A location is one of
 *   DIR                      a local index directory (a directory holding a XAPIANDB stub
 *                            file is read as that stub, as Xapian does)
 *   FILE                     a Xapian stub file: lines "auto PATH", "glass PATH",
 *                            "remote HOST:PORT" (xapian-tcpsrv), "remote :PROGRAM ARGS"
 *                            (a program speaking the remote protocol, e.g. xapian-progsrv);
 *                            blank lines and lines starting with '#' are ignored; relative
 *                            paths are relative to the stub's folder
 *   tcp://HOST:PORT          a shard served by xapian-tcpsrv ([ADDR]:PORT for IPv6)
 *   ssh://[USER@]HOST[:PORT]/PATH
 *                            xapian-progsrv PATH run on HOST through ssh (BatchMode: keys
 *                            only, never a password prompt)
 *   prog:PROGRAM ARGS        a local program speaking Xapian's remote protocol on
 *                            stdin/stdout (e.g. "prog:xapian-progsrv /srv/news.db")
 *   A|B|...                  replicas of one shard: the first that opens is used, and the
 *                            warning callback is told about each one that did not
 * Byline reads stub files itself (same syntax as Xapian's) so that every shard they list gets
 * the caller's timeout, its own error message, and --allow-partial; one extension: a stub
 * line may list replicas separated by " | " ("remote a:7000 | remote b:7000").  Xapian's own
 * tools cannot open a stub that uses it.
 */
#ifndef BYLINE_LOCATIONS_H
#define BYLINE_LOCATIONS_H

#include "byline.h"
#include "xapian_c.h"

#include <stddef.h>

/* What bl_locations_open found: shards listed (a replica group counts once) and shards
 * left out (only with allow_partial). */
typedef struct bl_locations_report {
    size_t shards;
    size_t missing;
} bl_locations_report;

/* Open the n locations into one combined database *out (owned by the caller, xc_db_close).
 * opts may be NULL (defaults: all shards required, 10 s timeout, warnings dropped).
 * Failure: *out NULL, *err (if err not NULL) a malloc()ed message naming the location;
 * BL_ERR_NETWORK for an unreachable/slow remote shard, BL_ERR_NOT_FOUND for a missing local
 * index, BL_ERR_ARGUMENT for a malformed location.  With opts->allow_partial, shards that
 * fail to open (other than for malformed locations or lack of memory) are left out with a
 * warning naming each; it is still an error if no shard at all opens.  report may be NULL.
 * A local stub or index folder that changed while it was opened (a compaction swapped it) is
 * opened again, up to a few times; then BL_ERR_MODIFIED.  Warnings are given once, for the
 * attempt that stands. */
bl_status bl_locations_open(const char *const *locations, size_t n,
                            const bl_searcher_options *opts, xc_db **out,
                            bl_locations_report *report, char **err);

/* As bl_locations_open, for tests: hook(path, hook_ctx), if not NULL, is called just before
 * a local index folder is opened and just after a local stub file is opened, the moments a
 * compaction can swap the layout under a reader. */
typedef void (*bl_locations_hook)(const char *path, void *ctx);
bl_status bl_locations_open_hooked(const char *const *locations, size_t n,
                                   const bl_searcher_options *opts, bl_locations_hook hook,
                                   void *hook_ctx, xc_db **out, bl_locations_report *report,
                                   char **err);

#endif
