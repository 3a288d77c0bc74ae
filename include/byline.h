/* SPDX-License-Identifier: GPL-2.0-or-later */
/* byline.h — the public C API of libbyline.
 *
 * Byline indexes articles (title, body, date, source, url, authors) into a Xapian index,
 * finds the people, places, organisations and other names in them, and answers ranked
 * queries with snippets and entity facets.  byline-index and byline-search are thin users of
 * this API: everything they do is reachable from a C program linking libbyline.a.
 *
 * Conventions (as in notmuch):
 *  - Opaque handles: bl_index (writing), bl_searcher (reading one or many indexes as one),
 *    bl_results (one page of hits plus counts and facets).
 *  - Every fallible call returns a bl_status; the handle keeps the detail of the last error
 *    (bl_*_last_error), and calls that create a handle return the detail through `char **err`
 *    (malloc()ed, the caller frees; may be passed as NULL).
 *  - Ownership is stated at every function.  `const char *` results belong to the handle they
 *    came from and live as long as it does, unless said otherwise.
 *  - Every function that returns a bl_status lists the values it may return besides BL_OK.
 *
 * Linking: `cc prog.c $(pkg-config --cflags --libs byline)` (shared library libbyline.so.N;
 * add --static for libbyline.a).  The shared library exports exactly the functions declared
 * here.
 *
 * ABI rules (what lets a program built against one 0.x release run with a later one of the
 * same soname):
 *  - Handles are opaque; their layout is never part of the ABI.
 *  - Option structs the caller passes in (bl_ingest_options, bl_index_options,
 *    bl_indexer_options, bl_searcher_options, bl_search_options) and bl_document have an
 *    _init function: call it before setting fields, so that fields added later get their
 *    default.  Zero-filling ({0}) gives the same defaults today but is not promised to.
 *  - Structs only grow: a new field goes at the END, and its zero/_init value keeps the old
 *    behaviour.  Fields are never reordered, removed or retyped.  Enums only get new values at
 *    the end (bl_status too: treat an unknown status as an error).
 *  - Structs the library fills (stats, info, progress, hits, facets) are read field by field.
 *    A release that grows a struct a caller allocates (options, stats, info) changes its size,
 *    so it raises BYLINE_VERSION_MAJOR and with it the soname (libbyline.so.MAJOR); any other
 *    addition raises MINOR only.
 */
#ifndef BYLINE_H
#define BYLINE_H

#include <stddef.h>
#include <stdio.h>

/* The version of this header (and of the library built with it): the only place it is
 * written.  The Makefile derives the soname and byline.pc from these three lines. */
#define BYLINE_VERSION_MAJOR 0
#define BYLINE_VERSION_MINOR 2
#define BYLINE_VERSION_MICRO 0
/* True when this header is version maj.min.mic or later. */
#define BYLINE_CHECK_VERSION(maj, min, mic) \
    (BYLINE_VERSION_MAJOR > (maj) || \
     (BYLINE_VERSION_MAJOR == (maj) && BYLINE_VERSION_MINOR > (min)) || \
     (BYLINE_VERSION_MAJOR == (maj) && BYLINE_VERSION_MINOR == (min) && \
      BYLINE_VERSION_MICRO >= (mic)))

#define BL_ENTITY_TYPES_N 4

#ifdef __cplusplus
extern "C" {
#endif

/* Everything declared from here to the matching pop is libbyline's public API: exported by
 * the shared library, whose other symbols are hidden (-fvisibility=hidden). */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

/* The version of the library actually linked (which may be newer than this header), as
 * "MAJOR.MINOR.MICRO"; static.  Compare with BYLINE_VERSION_* to detect a mismatch. */
const char *bl_version(void);

typedef enum bl_status {
    BL_OK = 0,
    BL_ERR_NO_MEMORY,    /* an allocation failed */
    BL_ERR_ARGUMENT,     /* a NULL or out-of-range argument, an unknown option value */
    BL_ERR_QUERY,        /* the query has a syntax error (see bl_query_error) */
    BL_ERR_INPUT,        /* a document or input file was rejected */
    BL_ERR_NOT_FOUND,    /* no index (or no such document) at the given place */
    BL_ERR_LOCKED,       /* another process is writing to the index */
    BL_ERR_CORRUPT,      /* the index is damaged (or of an unsupported version) */
    BL_ERR_IO,           /* reading or writing the index failed */
    BL_ERR_NETWORK,      /* a remote shard could not be reached or timed out */
    BL_ERR_INTERNAL,     /* a bug: please report it */
    /* Added in 0.2: */
    BL_ERR_MODIFIED      /* the index changed too much while it was read (a writer
                            committed twice meanwhile); bl_search has already reopened and
                            retried once: try again */
} bl_status;

/* A static description of a status ("index is locked", ...).  Never NULL. */
const char *bl_status_to_string(bl_status status);

/* The exit status a command-line program ends with after `status` (the convention of
 * byline-index and byline-search, as ripgrep): 0 for BL_OK; 2 (BL_EXIT_USAGE) for a usage,
 * input or query error or a missing index (BL_ERR_ARGUMENT, BL_ERR_QUERY, BL_ERR_INPUT,
 * BL_ERR_NOT_FOUND); 4 (BL_EXIT_INTERNAL) for BL_ERR_NO_MEMORY and BL_ERR_INTERNAL; 3
 * (BL_EXIT_INDEX) for every other failure (locked, damaged, I/O, network, unknown). */
int bl_exit_status(bl_status status);
enum { BL_EXIT_USAGE = 2, BL_EXIT_INDEX = 3, BL_EXIT_INTERNAL = 4 };

/* The index a program uses when none is named: `given` if not NULL, else $BYLINE_DB if set
 * and not empty, else "byline.db" (in the working directory).  Never NULL; the result is
 * `given`, the environment's string or a static one (owned by none of them: do not free). */
const char *bl_default_index(const char *given);

/* Whether a program should colour what it writes to the terminal `fd` when the user asked
 * for nothing ("--color auto"): 1 if fd is a terminal, $NO_COLOR is unset or empty
 * (https://no-color.org) and $TERM is not "dumb"; else 0. */
int bl_color_auto(int fd);

/* Where a query went wrong: 1-based byte column of the offending character, and a message. */
typedef struct bl_query_error {
    size_t column;
    char message[256];
} bl_query_error;


/* ------------------------------------------------------------------------------------------ */
/* Documents and ingestion                                                                     */

/* One article.  All strings are UTF-8 and NUL-terminated; any may be NULL except id and
 * text.  The struct and its strings belong to whoever produced it (ingestion owns what it
 * hands to a callback; the strings are valid only during the callback). */
typedef struct bl_document {
    const char *id;            /* stable unique id */
    const char *title;
    const char *text;          /* the body */
    size_t text_len;
    const char *date;          /* normalised "YYYY-MM-DDTHH:MM:SSZ" (UTC), or NULL */
    const char *source;
    const char *url;
    const char *path;          /* file it came from, relative to the indexed root */
    const char *const *authors;
    size_t n_authors;
} bl_document;

/* Fill *d with an empty document (every field NULL or 0).  See "ABI rules" above. */
void bl_document_init(bl_document *d);

typedef enum bl_severity { BL_NOTICE, BL_WARNING, BL_REJECTED } bl_severity;

/* Called for each document read.  Return 0 to go on, non-zero to stop ingestion. */
typedef int (*bl_document_cb)(void *ctx, const bl_document *doc);
/* Called for each problem with the input: `file` and `line` (0 when not meaningful) say where,
 * `message` what.  BL_REJECTED means a document or file was not indexed; BL_WARNING that it
 * was indexed with a repair (invalid UTF-8 replaced, a bad date dropped); BL_NOTICE that a
 * file was skipped on purpose (binary file, unknown extension named on the command line). */
typedef void (*bl_problem_cb)(void *ctx, bl_severity severity, const char *file,
                              unsigned long line, const char *message);

/* What bl_ingest_path knows of a file before reading it (for incremental indexing). */
typedef struct bl_file_info {
    unsigned long long size;   /* bytes */
    long long mtime_sec;       /* modification time */
    long mtime_nsec;
} bl_file_info;

typedef struct bl_ingest_options {
    size_t max_doc_size;       /* bytes; larger documents are rejected (0 = BL_DEFAULT_MAX_DOC) */
    /* Added (both may be NULL; they receive the ctx given to bl_ingest_path).  file_begin is
     * called for each regular file about to be read (not for "-"), with its path as opened,
     * its path relative to the indexed root and its size and mtime: return 0 to read it, 1 to
     * skip it without a message (e.g. unchanged since the last run), -1 to stop the walk.
     * file_end is called after a file whose file_begin returned 0 has been read: complete = 1
     * if every document of it was handed over, 0 if reading stopped early. */
    int (*file_begin)(void *ctx, const char *path, const char *rel, const bl_file_info *info);
    void (*file_end)(void *ctx, const char *path, const char *rel, int complete);
    /* Added (issue 12): the folders file ids are relative to (absolute, symbolic links
     * resolved).  When n_id_roots > 0, a file's id ("rel") is its real path relative to the
     * deepest of these folders holding it, whatever folder was named (so news/ and
     * news/asia/doval.txt name doval.txt the same); a file under none of them is named
     * relative to the path given, as without id_roots. */
    const char *const *id_roots;
    size_t n_id_roots;
} bl_ingest_options;
#define BL_DEFAULT_MAX_DOC ((size_t)256 << 20)
/* Fill *o with the defaults: BL_DEFAULT_MAX_DOC, no file callbacks. */
void bl_ingest_options_init(bl_ingest_options *o);

typedef struct bl_ingest_stats {
    unsigned long files;       /* input files read */
    unsigned long documents;   /* documents handed to the callback */
    unsigned long rejected;    /* documents or files rejected */
    unsigned long skipped;     /* files skipped on purpose (binary, hidden, unknown type) */
    unsigned long long bytes;  /* bytes of input read */
    unsigned long invalid_utf8;/* invalid UTF-8 sequences replaced */
} bl_ingest_stats;

/* Read `path` — a directory (walked recursively, hidden entries skipped, symbolic-link loops
 * detected), a .txt/.md file (first non-empty line is the title), a .json file (an object or
 * an array of objects), a .jsonl/.ndjson file (an object a line), or "-" for JSON Lines on
 * standard input — and call doc_cb for every document.  Problems go to problem_cb and do not
 * stop the walk.  stats (may be NULL) is added to, not reset.  Returns BL_OK (even if some
 * inputs were rejected: see stats->rejected), BL_ERR_NOT_FOUND if path does not exist, or
 * BL_ERR_NO_MEMORY. */
bl_status bl_ingest_path(const char *path, const bl_ingest_options *opts,
                         bl_document_cb doc_cb, bl_problem_cb problem_cb, void *ctx,
                         bl_ingest_stats *stats);

/* Parse an ISO 8601 or RFC 2822 date into "YYYY-MM-DDTHH:MM:SSZ" (UTC) in out (>= 21 bytes).
 * Returns 0 on success, -1 if the text is not a date. */
int bl_date_normalize(const char *text, char out[21]);

/* ------------------------------------------------------------------------------------------ */
/* Writing an index                                                                            */

typedef struct bl_index bl_index;

typedef struct bl_index_options {
    const char *language;      /* Snowball stemmer for a new index (NULL = "english"); an
                                  existing index keeps the language it was created with */
    int no_entities;           /* 1: do not extract entities (faster, no facets) */
    /* Added: shards of a NEW index (0 or 1: one database at `path`; N > 1: N databases
     * path/shards/00.. listed by the Xapian stub path/XAPIANDB, which every reader opens as
     * one index; a document goes to shard fnv1a64(id) % N).  An existing index keeps its
     * layout. */
    unsigned shards;
    /* Trust the index's XAPIANDB stub (byline-index --allow-programs): write to shards it
     * names outside the index folder.  0 (default): BL_ERR_ARGUMENT naming the line. */
    int allow_programs;
} bl_index_options;
/* Fill *o with the defaults: English, entities on, one database (shards 1). */
void bl_index_options_init(bl_index_options *o);

/* Open (creating if needed) the index at `path` for writing.  Takes the index's writer lock:
 * BL_ERR_LOCKED if another process holds it.  *out is owned by the caller (bl_index_close);
 * *err (if err is not NULL) receives a malloc()ed message on failure.
 * Returns BL_OK, BL_ERR_ARGUMENT (NULL path or out, unknown language), BL_ERR_LOCKED,
 * BL_ERR_CORRUPT (damaged or newer-format index), BL_ERR_IO, BL_ERR_NO_MEMORY. */
bl_status bl_index_open(const char *path, const bl_index_options *opts, bl_index **out,
                        char **err);
/* Add a document, replacing any earlier document with the same id.  *replaced (may be NULL)
 * is set to 1 if one was replaced.  BL_ERR_INPUT if the document cannot be indexed (no id).
 * Errors writing the index are sticky: once one happened, later calls return it too.
 * Returns BL_OK, BL_ERR_INPUT, BL_ERR_ARGUMENT (NULL ix or doc), BL_ERR_IO, BL_ERR_CORRUPT,
 * BL_ERR_NO_MEMORY. */
bl_status bl_index_add(bl_index *ix, const bl_document *doc, int *replaced);
/* Delete the document with this id (no error if there is none).  Returns BL_OK,
 * BL_ERR_ARGUMENT, BL_ERR_IO, BL_ERR_CORRUPT, BL_ERR_NO_MEMORY (sticky, as bl_index_add). */
bl_status bl_index_delete(bl_index *ix, const char *id);
/* Make everything added so far durable and visible to searchers.  Returns BL_OK,
 * BL_ERR_ARGUMENT, BL_ERR_IO (disk full, ...), BL_ERR_CORRUPT, BL_ERR_NO_MEMORY. */
bl_status bl_index_commit(bl_index *ix);
/* Commit and close; frees ix (NULL is a no-op).  Returns the commit's status (as
 * bl_index_commit). */
bl_status bl_index_close(bl_index *ix);
/* Detail of the last error on this handle ("" if none); owned by ix. */
const char *bl_index_last_error(const bl_index *ix);
/* The index's analyzer language; owned by ix. */
const char *bl_index_language(const bl_index *ix);

/* ------------------------------------------------------------------------------------------ */
/* Parallel, incremental indexing (what byline-index does)                                     */
/* A bl_indexer reads inputs with bl_ingest_path in the calling thread and hands documents to
 * `jobs` worker threads (each with its own analyzer) that analyse them and write them into
 * the index's shards; it commits in batches sized by the memory budget, remembers each file's
 * size, mtime and content hash (in the index) so that unchanged files are skipped next time,
 * and can prune the documents of files that have gone. */

typedef struct bl_indexer bl_indexer;

typedef struct bl_indexer_progress {
    unsigned long files;             /* files read so far */
    unsigned long files_unchanged;   /* files skipped as unchanged */
    unsigned long documents;         /* documents read so far */
    unsigned long long bytes;        /* input bytes read so far */
    unsigned long long total_bytes;  /* bytes to read, 0 if unknown */
    double seconds;                  /* since bl_indexer_open */
} bl_indexer_progress;

typedef struct bl_indexer_options {
    bl_index_options index;    /* language, entities, shards of a new index */
    size_t max_doc_size;       /* as bl_ingest_options (0 = the smaller of BL_DEFAULT_MAX_DOC
                                  and memory_mb / 5, what fits in the memory budget) */
    unsigned jobs;             /* worker threads (0 = online CPUs) */
    size_t memory_mb;          /* memory budget in MiB (0 = BL_DEFAULT_MEMORY_MB): commits come
                                  often enough to stay under it */
    int full;                  /* 1: read every file, even those unchanged since the last run */
    bl_problem_cb problem_cb;  /* may be NULL; called from the reading thread and workers */
    /* may be NULL; called from the reading thread about 4 times a second */
    void (*progress_cb)(void *ctx, const bl_indexer_progress *p);
    void *ctx;                 /* for both callbacks */
    const volatile int *stop;  /* may be NULL: when *stop becomes non-zero (e.g. set by a
                                  signal handler), reading stops; bl_indexer_close commits */
} bl_indexer_options;
#define BL_DEFAULT_MEMORY_MB 1024
/* index.shards value for bl_indexer_open: a new index gets one shard per worker thread
 * (at most BL_MAX_SHARDS).  What bl_indexer_options_init sets. */
#define BL_SHARDS_PER_JOB 0xFFFFFFFFu
#define BL_MAX_SHARDS 64
/* Fill *o with the defaults byline-index uses: English, entities on, one shard per job
 * (BL_SHARDS_PER_JOB), one job per online CPU, BL_DEFAULT_MEMORY_MB, max_doc_size from the
 * memory budget, incremental, no callbacks. */
void bl_indexer_options_init(bl_indexer_options *o);

typedef struct bl_indexer_stats {
    bl_ingest_stats ingest;          /* files, documents, bytes, problems of the inputs */
    unsigned long added, replaced;   /* documents written (replaced: the id existed) */
    unsigned long rejected;          /* documents the index refused (no id, ...) */
    unsigned long files_unchanged;   /* skipped: same size and mtime, or same content */
    unsigned long files_changed;     /* re-read: their earlier documents were removed first */
    unsigned long files_pruned;      /* gone files whose documents bl_indexer_prune removed */
    unsigned long commits;
    int interrupted;                 /* *stop was set */
} bl_indexer_stats;

/* Open (creating if needed) the index at path for parallel writing.  As bl_index_open
 * (BL_ERR_LOCKED if another writer holds any shard); also BL_ERR_INTERNAL if a worker thread
 * cannot be started. */
bl_status bl_indexer_open(const char *path, const bl_indexer_options *opts, bl_indexer **out,
                          char **err);
/* Index a folder, file or "-" (as bl_ingest_path).  BL_ERR_NOT_FOUND if path does not exist,
 * BL_ERR_IO if it cannot be read (errno says why); index errors are sticky (as bl_index_add:
 * BL_ERR_IO, BL_ERR_CORRUPT, BL_ERR_NO_MEMORY); BL_ERR_ARGUMENT for NULL x or path. */
bl_status bl_indexer_add_path(bl_indexer *x, const char *path);
/* Remove the documents of files that were indexed from one of the roots given to
 * bl_indexer_add_path in this run but were not seen in it (deleted or renamed).  Returns
 * BL_OK or a sticky index error (as bl_indexer_add_path). */
bl_status bl_indexer_prune(bl_indexer *x);
/* Finish the work queued, commit, stop the workers, close the index and free x (NULL is a
 * no-op).  stats (may be NULL) receives the totals.  Returns the first index error, if any;
 * then *err (if err is not NULL) receives a malloc()ed message.  After an error nothing
 * since the last successful commit is kept.  Returns BL_OK, BL_ERR_IO, BL_ERR_CORRUPT,
 * BL_ERR_NO_MEMORY, BL_ERR_INTERNAL. */
bl_status bl_indexer_close(bl_indexer *x, bl_indexer_stats *stats, char **err);
/* Detail of the last error ("" if none); owned by x. */
const char *bl_indexer_last_error(const bl_indexer *x);

/* What an index holds, for byline-index --stats. */
typedef struct bl_index_info {
    unsigned long documents;
    unsigned long terms;                       /* distinct terms */
    unsigned long entities[BL_ENTITY_TYPES_N]; /* distinct entities per type: person, place,
                                                  org, other */
    size_t shards;
    unsigned long long disk_bytes;             /* apparent size of every file of the index */
    char language[32];
    int format;                                /* term layout version (lib/schema.h); 1 for
                                                  indexes that do not record it */
    char last_commit[32];                      /* "YYYY-MM-DDTHH:MM:SSZ" or "" */
    char *roots;                               /* source roots, one a line (malloc()ed) */
} bl_index_info;

/* Read the figures of the index at path (read-only; works while a writer runs).  Free
 * info->roots with bl_index_info_free.  Returns BL_OK, BL_ERR_NOT_FOUND (no index there),
 * BL_ERR_CORRUPT, BL_ERR_IO, BL_ERR_NETWORK, BL_ERR_ARGUMENT, BL_ERR_NO_MEMORY. */
bl_status bl_index_info_read(const char *path, bl_index_info *info, char **err);
void bl_index_info_free(bl_index_info *info);

/* ------------------------------------------------------------------------------------------ */
/* Searching                                                                                   */

typedef struct bl_searcher bl_searcher;
typedef struct bl_results bl_results;

/* Open one or several indexes, searched as one (global statistics, one ranking).  Each
 * location is an index directory, a Xapian stub file listing several ("auto PATH",
 * "remote HOST:PORT", "remote :PROGRAM ARGS" lines; a line may list replicas separated by
 * " | ", a Byline extension), a remote shard "tcp://HOST:PORT" (xapian-tcpsrv),
 * "ssh://[USER@]HOST[:PORT]/PATH" (xapian-progsrv through ssh, or $BYLINE_SSH), or
 * "prog:PROGRAM ARGS" (a local program speaking Xapian's remote protocol); "A|B" names
 * replicas of one shard, tried in order.  Every shard is required, and remote shards time
 * out after 10 s.  *out is owned by the caller (bl_searcher_close); *err receives a
 * malloc()ed message naming the location that failed.  Returns BL_OK, BL_ERR_NOT_FOUND (no
 * index at a location), BL_ERR_NETWORK (a remote shard did not answer), BL_ERR_CORRUPT,
 * BL_ERR_IO, BL_ERR_ARGUMENT (an empty list, a malformed location), BL_ERR_NO_MEMORY. */
bl_status bl_searcher_open(const char *const *locations, size_t n, bl_searcher **out,
                           char **err);

/* Called with a one-line warning (no trailing newline; valid during the call only): a replica
 * that did not answer, a shard left out under allow_partial. */
typedef void (*bl_warning_cb)(void *ctx, const char *message);

typedef struct bl_searcher_options {
    int allow_partial;        /* 1: leave out shards that cannot be opened, with a warning
                                 naming each (still an error if none opens) */
    unsigned timeout_ms;      /* remote shards: connecting and each exchange (0 = 10000) */
    bl_warning_cb warning;    /* NULL: warnings are dropped */
    void *warning_ctx;
    /* Trust stub files (byline-search --allow-programs): run the programs they name
     * ("remote :PROGRAM") and open paths outside their folder.  0 (default): such a stub
     * line is refused with BL_ERR_ARGUMENT naming the file and line.  Locations passed by
     * the caller (prog:, ssh://) are trusted either way. */
    int allow_programs;
} bl_searcher_options;

/* Fill *o with the defaults: every shard required, 10 s timeout, no warning callback. */
void bl_searcher_options_init(bl_searcher_options *o);
/* bl_searcher_open with options (o NULL = the defaults).  Same ownership rules and
 * statuses. */
bl_status bl_searcher_open_ex(const char *const *locations, size_t n,
                              const bl_searcher_options *o, bl_searcher **out, char **err);
void bl_searcher_close(bl_searcher *s);
const char *bl_searcher_last_error(const bl_searcher *s);
/* The analyzer language recorded in the (first) index; owned by s. */
const char *bl_searcher_language(const bl_searcher *s);
/* Documents in the index(es).  Returns BL_OK, BL_ERR_ARGUMENT, BL_ERR_IO, BL_ERR_NETWORK. */
bl_status bl_searcher_doc_count(bl_searcher *s, unsigned long *count);

typedef enum bl_sort { BL_SORT_RELEVANCE, BL_SORT_DATE, BL_SORT_DATE_DESC } bl_sort;
typedef enum bl_weighting { BL_WEIGHT_BM25, BL_WEIGHT_BM25PLUS, BL_WEIGHT_DPH, BL_WEIGHT_LM }
    bl_weighting;

/* Entity types, in the order facets are reported. */
enum { BL_FACET_PERSON, BL_FACET_PLACE, BL_FACET_ORG, BL_FACET_OTHER, BL_FACET_NTYPES };
/* The name of an entity type, as in facets, JSON and the query language: "person", "place",
 * "org" or "other" for BL_FACET_PERSON..BL_FACET_OTHER (also the order of
 * bl_index_info.entities); NULL for any other value.  Static. */
const char *bl_facet_type_name(int type);
/* Parse a list of entity types as byline-search's --facets and --graph and byline-serve's
 * facets and graph parameters take it: comma-separated names (person, place, org, other, or all
 * for every type), each optionally followed by :N with N a whole number from 0 to max, e.g.
 * "person:20,place".  For each type named, counts[type] receives N, or def when no :N is
 * given; the other entries are left as they were.  what names the option in messages (e.g.
 * "--facets").  Returns BL_OK, or BL_ERR_ARGUMENT for an empty list, an empty item, an unknown
 * type or a bad N, with a message in err (errsize bytes, may be 0). */
bl_status bl_parse_type_list(const char *what, const char *spec, unsigned def, unsigned max,
                             unsigned counts[BL_FACET_NTYPES], char *err, size_t errsize);

typedef struct bl_search_options {
    unsigned offset;          /* hits to skip (paging) */
    unsigned limit;           /* hits to return; 0 = counts and facets only */
    int all_words;            /* every bare word required (default: ranked OR) */
    const char *since, *until;/* date bounds, as in date: (NULL = none) */
    size_t snippet_chars;     /* snippet length in characters */
    int no_snippets;          /* 1: no snippets (hits carry fields only; faster) */
    bl_sort sort;
    bl_weighting weighting;
    double bm25_k1, bm25_b;   /* BM25 parameters (negative = Byline's defaults) */
    double title_weight;      /* a title match counts this many body matches (0 = default) */
    int exact_total;          /* count every match exactly (slower on big indexes) */
    unsigned facets[BL_FACET_NTYPES]; /* entities to report per type (0 = none) */
    /* Added: analyst views (lib/views*.c; see "Analyst views" below). */
    const char *like_id;      /* rank the documents most like the one with this id (never
                                 itself); the query, if any, then only filters: every one of
                                 its conditions must hold (NULL = off) */
    unsigned expand;          /* pseudo-relevance feedback: add this many distinctive words of
                                 the top-ranked documents to the query, weighted below the
                                 user's words (0 = off; BL_EXPAND_DEFAULT_TERMS is a good N) */
    int collapse;             /* 1: keep the best of each group of near-duplicates (same
                                 signature, BL_SLOT_NEARDUP); bl_hit.similar counts the rest */
    int timeline;             /* bl_timeline_unit: documents per period, whole match set */
    int graph_types[BL_FACET_NTYPES]; /* 1: entities of this type are nodes of the graph */
    unsigned graph_nodes;     /* at most this many nodes, the most frequent (0 = 50 when any
                                 type is asked for) */
    unsigned terms;           /* the N words that most distinguish the match set (0 = off) */
} bl_search_options;

/* Fill *o with the defaults: offset 0, limit 10, ranked OR, 200-character snippets,
 * relevance order, BM25 with Byline's parameters, estimated total, no facets. */
void bl_search_options_init(bl_search_options *o);

typedef struct bl_hit_entity {
    const char *name;         /* display name ("Amir Baram") */
    const char *type;         /* "person", "place", "org" or "other" */
    unsigned count;           /* mentions in the document */
} bl_hit_entity;

typedef struct bl_hit {
    unsigned rank;            /* 1-based rank in the whole result list */
    double score;
    const char *id, *title, *date, *source, *url, *path; /* NULL when absent */
    const char *const *authors;
    size_t n_authors;
    const char *snippet;      /* best passage of the body */
    int snippet_cut_start, snippet_cut_end; /* the passage starts/ends inside the body */
    size_t n_matches;         /* matched words in the snippet, as byte offsets into it */
    const size_t *match_start, *match_end;
    const bl_hit_entity *entities;
    size_t n_entities;
    unsigned long similar;    /* added: with collapse, near-duplicates this hit stands for */
} bl_hit;

typedef struct bl_facet {
    const char *name;         /* display name */
    const char *key;          /* lookup key (what person:"..." matches) */
    unsigned long count;      /* matching documents that mention it */
} bl_facet;

/* The query language, described for people (static text; byline-search --help prints it). */
const char *bl_query_syntax_help(void);
/* Render a query error as "column N: message", the query, and a caret under the column
 * (aligned for multi-byte characters).  snprintf-like: returns the length needed, -1 on bad
 * arguments. */
int bl_query_error_format(const char *query, const bl_query_error *e, char *buf, size_t n);

/* Run `query` (Byline's query language; see bl_query_syntax_help()).  On BL_ERR_QUERY, *qerr
 * (may be NULL) says where.  *out is owned by the caller (bl_results_free).  The searcher
 * must outlive the results.  If the index changed under the searcher since it was opened
 * (a writer committed many times), the searcher reopens it and runs the query once more.
 * Returns BL_OK (also when nothing matches), BL_ERR_QUERY, BL_ERR_ARGUMENT (NULL argument,
 * bad option), BL_ERR_IO, BL_ERR_CORRUPT, BL_ERR_NETWORK (a remote shard failed),
 * BL_ERR_MODIFIED (the index changed again during the retry), BL_ERR_NO_MEMORY. */
bl_status bl_search(bl_searcher *s, const char *query, const bl_search_options *o,
                    bl_results **out, bl_query_error *qerr);

size_t bl_results_size(const bl_results *r);
const bl_hit *bl_results_hit(const bl_results *r, size_t i);    /* owned by r */
unsigned long bl_results_total(const bl_results *r);
int bl_results_total_exact(const bl_results *r);
/* Facets of one type (BL_FACET_*), most frequent first; owned by r. */
size_t bl_results_facet_size(const bl_results *r, int type);
const bl_facet *bl_results_facet(const bl_results *r, int type, size_t i);
/* "Did you mean" suggestion, or NULL; owned by r. */
const char *bl_results_suggestion(const bl_results *r);
void bl_results_free(bl_results *r);

/* ---- Analyst views (lib/views*.c) ---------------------------------------------------------
 * Asked for through bl_search_options (like_id, expand, collapse, timeline, graph_*, terms);
 * computed over the whole match set, on local, sharded and remote indexes alike (Xapian's
 * expand set, ValueCountMatchSpy and collapse key all cross the remote protocol). */

#define BL_EXPAND_DEFAULT_TERMS 10

typedef enum bl_timeline_unit {
    BL_TIMELINE_NONE, BL_TIMELINE_DAY, BL_TIMELINE_WEEK, BL_TIMELINE_MONTH, BL_TIMELINE_YEAR
} bl_timeline_unit;

typedef struct bl_period {
    const char *period;       /* "2025-07-14" (day), "2025-W29" (ISO week), "2025-07", "2025" */
    unsigned long count;      /* matching documents dated in it */
} bl_period;

/* Periods in date order (only periods with documents); owned by r. */
size_t bl_results_timeline_size(const bl_results *r);
const bl_period *bl_results_timeline(const bl_results *r, size_t i);
/* Matching documents without a date (not in any period). */
unsigned long bl_results_timeline_undated(const bl_results *r);

typedef struct bl_graph_node {
    const char *name;         /* display name */
    const char *key;          /* lookup key (what type:"key" matches) */
    const char *type;         /* "person", "place", "org" or "other" */
    unsigned long count;      /* matching documents naming it */
} bl_graph_node;

typedef struct bl_graph_edge {
    size_t source, target;    /* indexes of the two nodes (bl_results_graph_node) */
    unsigned long count;      /* matching documents naming both: what filtering by both finds */
} bl_graph_edge;

/* Nodes most frequent first; edges strongest first (ties: by node order); owned by r. */
size_t bl_results_graph_node_count(const bl_results *r);
const bl_graph_node *bl_results_graph_node(const bl_results *r, size_t i);
size_t bl_results_graph_edge_count(const bl_results *r);
const bl_graph_edge *bl_results_graph_edge(const bl_results *r, size_t i);

typedef struct bl_term {
    const char *term;         /* the indexed (stemmed) word */
    double weight;            /* Xapian's expand weight: higher = more distinctive */
    const char *word;         /* a written form of it, read from a document ("security" for
                                 "secur"); the stem itself when none was found */
} bl_term;

/* --terms: the words that most distinguish the match set, best first; owned by r. */
size_t bl_results_terms_size(const bl_results *r);
const bl_term *bl_results_term(const bl_results *r, size_t i);
/* The words --like or --expand added to the query, best first; owned by r. */
size_t bl_results_added_terms_size(const bl_results *r);
const bl_term *bl_results_added_term(const bl_results *r, size_t i);
/* A note about a view that could not be computed fully (e.g. "this index has no
 * near-duplicate signatures: ..."), or NULL; owned by r. */
const char *bl_results_views_note(const bl_results *r);
/* The graph as GraphML (Gephi, networkx, yEd open it): a malloc()ed string owned by the
 * caller, or NULL if memory ran out. */
char *bl_results_graph_to_graphml(const bl_results *r);

/* How bl_results_to_json lays out a page of results. */
typedef enum bl_json_style {
    BL_JSON_DOCUMENT,   /* one object: {"query", "total", "total_exact", "offset", "limit",
                           "hits": [HIT...], "facets"?, "facets_exact"?, "suggestion"} */
    BL_JSON_LINES       /* one HIT a line, then one {"facets", "facets_exact"} line if facets
                           were asked for */
} bl_json_style;
/* The results as the JSON byline-search --format json|jsonl prints (field names are stable
 * and documented in the README), ending with a newline.  `query` is echoed as "query"; `o`
 * must be the options the search ran with (offset, limit and facets are read from it).
 * Returns a malloc()ed string owned by the caller, or NULL if memory ran out (or r or o is
 * NULL). */
char *bl_results_to_json(const bl_results *r, const char *query, const bl_search_options *o,
                         bl_json_style style);

/* ------------------------------------------------------------------------------------------ */
/* One whole stored document (byline-search --show, byline-serve /api/doc)                     */

/* A document as the index stores it: every field, every entity, the full body.  Opaque;
 * owned by the caller (bl_document_view_free); independent of the searcher once made. */
typedef struct bl_document_view bl_document_view;

/* Fetch the document whose id is `id` (exactly as indexed).  BL_ERR_NOT_FOUND if there is
 * none (*out NULL); BL_ERR_CORRUPT if its stored data cannot be read; other statuses as
 * bl_search (detail in bl_searcher_last_error).  *out owned by the caller. */
bl_status bl_searcher_document(bl_searcher *s, const char *id, bl_document_view **out);
/* The fields: id, title, date, source, url, path, authors, and text (the whole body,
 * text_len bytes, NUL-terminated; "" if none was stored).  Owned by v. */
const bl_document *bl_document_view_fields(const bl_document_view *v);
/* Every entity of the document, most mentioned first (name, type, mentions).  Owned by v. */
size_t bl_document_view_entity_count(const bl_document_view *v);
const bl_hit_entity *bl_document_view_entity(const bl_document_view *v, size_t i);
void bl_document_view_free(bl_document_view *v);
/* The document as JSON (two-space indent, ending with a newline): {"id", "title", "date",
 * "source", "url", "path", "authors": [..], "entities": [{"name", "type", "count"}..],
 * "text"}; absent fields are null.  malloc()ed, owned by the caller; NULL if memory ran
 * out or v is NULL. */
char *bl_document_to_json(const bl_document_view *v);

/* Make s see the latest commit of its index (a long-running reader: byline-serve).  Cheap
 * when nothing changed.  *changed (may be NULL) is set to 1 if s now sees a newer version.
 * On failure s keeps answering from the version it had. */
bl_status bl_searcher_reopen(bl_searcher *s, int *changed);

/* ------------------------------------------------------------------------------------------ */
/* The entity dictionary (byline-search --entities, byline-serve /api/entities)                */

/* One entry of the index-wide entity dictionary.  Strings belong to the bl_entity_matches. */
typedef struct bl_entity_info {
    const char *name;           /* display name: the form documents write most */
    const char *key;            /* lookup key: what person:"..." and facets use */
    const char *type;           /* index-wide type: the one most documents saw ("person",
                                   "place", "org", "other") */
    unsigned long documents;    /* documents that name it (under any type) */
    const char *const *aliases; /* other surface forms seen ("U.S.", "USA", "Modi") */
    size_t n_aliases;
} bl_entity_info;

typedef struct bl_entity_matches bl_entity_matches;

/* The dictionary entries matching `text` (accents and case ignored): entities whose key, or
 * a word of it, or one of their aliases starts with it; of index-wide type `type` ("person",
 * "place", "org", "other"; NULL or "" = any), most documents first, at most `limit` (0 = no
 * limit).  *out owned by the caller (bl_entity_matches_free).  BL_ERR_ARGUMENT for an
 * unknown type. */
bl_status bl_entities_lookup(bl_searcher *s, const char *text, const char *type, size_t limit,
                             bl_entity_matches **out);
size_t bl_entity_matches_size(const bl_entity_matches *m);
const bl_entity_info *bl_entity_matches_get(const bl_entity_matches *m, size_t i);
/* {"entities": [{"name", "key", "type", "documents", "aliases": [...]}]} and a newline;
 * malloc()ed, owned by the caller; NULL if memory ran out. */
char *bl_entity_matches_to_json(const bl_entity_matches *m);
void bl_entity_matches_free(bl_entity_matches *m);

/* When an entity filter of the query (person:X ...) matched no entity of the index: a one-line
 * note naming it and the nearest names ("no person matches 'Modo'; nearest: Narendra Modi"),
 * else NULL.  Owned by r.  (bl_results_suggestion then holds the query with the nearest name
 * put in.) */
const char *bl_results_entity_note(const bl_results *r);

/* ------------------------------------------------------------------------------------------ */
/* Maintenance                                                                                 */

typedef struct bl_compact_stats {
    size_t shards;                    /* shards merged */
    unsigned long long bytes_before;  /* size of the shards before */
    unsigned long long bytes_after;   /* size of the compact index */
} bl_compact_stats;

/* Merge the index at `path` into one compact index in place, with Xapian's compactor, without
 * stopping searches.  `path` is an index folder, or a sharded index (a folder holding a
 * XAPIANDB stub, or a stub file) whose lines name local shards ("auto PATH").  A folder is
 * replaced by its compact copy in one step (rename exchange); a sharded index gets a new
 * folder next to its stub, the stub is atomically replaced by one naming only that folder,
 * and the old shard folders (those named by relative paths) are deleted.  Searches that
 * opened the old index finish on it.  Holds every shard's writer lock while it runs:
 * BL_ERR_LOCKED if a writer is busy.  Remote shards: BL_ERR_ARGUMENT (compact them on their
 * own machine).  stats may be NULL; *err (may be NULL) receives a malloc()ed message.
 * Returns BL_OK, BL_ERR_NOT_FOUND, BL_ERR_LOCKED, BL_ERR_ARGUMENT, BL_ERR_CORRUPT, BL_ERR_IO,
 * BL_ERR_NO_MEMORY. */
bl_status bl_index_compact(const char *path, bl_compact_stats *stats, char **err);

/* ------------------------------------------------------------------------------------------ */
/* Entity extraction without indexing                                                          */

typedef struct bl_extractor bl_extractor;
/* An extractor with the analyzer of `language` (NULL = "english").  *out owned by the caller
 * (bl_extractor_free).  Returns BL_OK, BL_ERR_ARGUMENT (unknown language, NULL out),
 * BL_ERR_NO_MEMORY. */
bl_status bl_extractor_new(const char *language, bl_extractor **out);
void bl_extractor_free(bl_extractor *x);
/* Write doc's entities to out as one JSON line: {"id", "entities": [{"text", "name", "type", "start",
 * "end", "count", "mentions": [[start, end], ...]}]}; offsets are bytes of the title and body
 * joined by a newline (the body alone when there is no title).  Returns BL_OK,
 * BL_ERR_ARGUMENT, BL_ERR_NO_MEMORY, BL_ERR_IO (writing to out failed). */
bl_status bl_extractor_write_jsonl(bl_extractor *x, const bl_document *doc, FILE *out);
/* The text entity extraction sees: title + "\n" + body, or the body alone (malloc()ed, owned
 * by the caller; *len its length).  NULL on memory failure. */
char *bl_document_joined_text(const bl_document *doc, size_t *len);

/* ------------------------------------------------------------------------------------------ */
/* Printing untrusted text to a terminal (lib/escape.c)                                        */

/* Write the n bytes of s to f so that nothing reaches a terminal raw: C0 controls and DEL as
 * \n \t \r or \xHH (ESC is \x1b), C1 controls (U+0080..U+009F) as \uHHHH, and bytes that
 * are not valid UTF-8 as \xHH; everything else (printable UTF-8, backslashes) unchanged.
 * Returns 0, or EOF on a write error.  Used for every document field and file name that
 * byline-search and byline-index print in text mode. */
int bl_fwrite_escaped(const char *s, size_t n, FILE *f);
/* The same for a NUL-terminated string (NULL prints nothing). */
int bl_fputs_escaped(const char *s, FILE *f);
/* The escaped form of s as a new string (malloc()ed, the caller frees); NULL on memory
 * failure or if s is NULL.  For messages built before printing. */
char *bl_escape_string(const char *s);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif /* BYLINE_H */
