/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stub.h — the one reader of Xapian stub files, and the one place their safety is decided
 * (internal).
 *
 * A stub file (Xapian's, also DB/XAPIANDB of a sharded Byline index) lists databases, one a
 * line:
 *   auto PATH | glass PATH    a local database (or another stub); PATH relative to the
 *                             stub's folder unless absolute
 *   remote HOST:PORT          a database served by xapian-tcpsrv ([ADDR]:PORT for IPv6)
 *   remote :PROGRAM ARGS      a program speaking Xapian's remote protocol (xapian-progsrv)
 * Blank lines and lines starting with '#' are skipped.  Byline's one extension: a line may
 * list replicas of one shard separated by " | " ("remote a:7000 | remote b:7000").
 *
 * A stub is data, not a command: anyone who can write a folder can put one there.  So unless
 * the caller says the stub is trusted (BL_STUB_TRUSTED, the user's --allow-programs), a stub
 * may name neither a program (remote :PROGRAM) nor a path outside its own folder (absolute,
 * "..", or a symbolic link leading out); such a line is refused with BL_ERR_ARGUMENT and a
 * message "FILE:LINE: ..." that says how to allow it.  Locations typed by the user on the
 * command line (prog:, ssh://, -d /abs/path) are not stubs and are not affected.
 */
#ifndef BYLINE_STUB_H
#define BYLINE_STUB_H

#include "byline.h"

#include <stddef.h>

#define BL_STUB_MAX_REPLICAS 16

/* Flags of bl_stub_open. */
#define BL_STUB_TRUSTED 1u   /* run programs and open paths outside the folder it names */

typedef enum bl_stub_kind { BL_STUB_PATH, BL_STUB_TCP, BL_STUB_PROGRAM } bl_stub_kind;

/* One entry of a line (one replica).  Strings are owned by the reader. */
typedef struct bl_stub_entry {
    bl_stub_kind kind;
    const char *text;   /* the entry as written ("auto a.db"), for messages */
    char *path;         /* PATH: resolved against the stub's folder */
    int outside;        /* PATH: leaves the stub's folder (absolute, "..", symlink) */
    char *host;         /* TCP (brackets of an IPv6 address removed) */
    unsigned port;      /* TCP */
    char *program;      /* PROGRAM */
    char *args;         /* PROGRAM: "" when none */
} bl_stub_entry;

/* One line: a shard, reached through n >= 1 replicas. */
typedef struct bl_stub_line {
    unsigned long lineno;
    const char *where;  /* "FILE:LINE", for messages */
    int replicated;     /* written with '|' (even if n == 1 never happens: "a |" is an error) */
    size_t n;
    bl_stub_entry alt[BL_STUB_MAX_REPLICAS];
} bl_stub_line;

typedef struct bl_stub_reader bl_stub_reader;

/* Open the stub file `file` for reading.  *out owned by the caller (bl_stub_close).
 * Failure: BL_ERR_NOT_FOUND (no such file) or BL_ERR_IO / BL_ERR_NO_MEMORY, with *err (if
 * not NULL) a malloc()ed message naming the file. */
bl_status bl_stub_open(const char *file, unsigned flags, bl_stub_reader **out, char **err);

/* The next line.  1: *line filled (valid until the next call or bl_stub_close); 0: end of
 * file; -1: error, see bl_stub_status / bl_stub_error (the reader stops there):
 * BL_ERR_IO for a malformed line, BL_ERR_ARGUMENT for a line refused by the safety policy,
 * BL_ERR_NO_MEMORY. */
int bl_stub_next(bl_stub_reader *r, const bl_stub_line **line);
bl_status bl_stub_status(const bl_stub_reader *r);
/* "FILE:LINE: what" of the error (owned by r); "" if none. */
const char *bl_stub_error(const bl_stub_reader *r);
/* The folder relative paths are resolved against (owned by r). */
const char *bl_stub_dir(const bl_stub_reader *r);
void bl_stub_close(bl_stub_reader *r);

/* Is `path` outside `dir` (absolute, climbs out with "..", or resolves there through a
 * symbolic link)?  1 yes, 0 no. */
int bl_stub_path_outside(const char *dir, const char *relpath);

/* "HOST:PORT" or "[ADDR]:PORT" → *host (malloc()ed, brackets removed) and *port.
 * 0 on success, -1 malformed, -2 out of memory.  Also used for tcp:// locations. */
int bl_stub_split_host_port(const char *s, char **host, unsigned *port);

/* Split s at '|' into trimmed pieces (modifies s; parts has room for
 * BL_STUB_MAX_REPLICAS + 1).  0: an empty piece; more than BL_STUB_MAX_REPLICAS: too many. */
size_t bl_stub_split_replicas(char *s, char **parts);

#endif
