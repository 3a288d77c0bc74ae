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
 */
#ifndef BYLINE_H
#define BYLINE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

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
    BL_ERR_INTERNAL      /* a bug: please report it */
} bl_status;

/* A static description of a status ("index is locked", ...).  Never NULL. */
const char *bl_status_to_string(bl_status status);

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

typedef enum bl_severity { BL_NOTICE, BL_WARNING, BL_REJECTED } bl_severity;

/* Called for each document read.  Return 0 to go on, non-zero to stop ingestion. */
typedef int (*bl_document_cb)(void *ctx, const bl_document *doc);
/* Called for each problem with the input: `file` and `line` (0 when not meaningful) say where,
 * `message` what.  BL_REJECTED means a document or file was not indexed; BL_WARNING that it
 * was indexed with a repair (invalid UTF-8 replaced, a bad date dropped); BL_NOTICE that a
 * file was skipped on purpose (binary file, unknown extension named on the command line). */
typedef void (*bl_problem_cb)(void *ctx, bl_severity severity, const char *file,
                              unsigned long line, const char *message);

typedef struct bl_ingest_options {
    size_t max_doc_size;       /* bytes; larger documents are rejected (0 = BL_DEFAULT_MAX_DOC) */
} bl_ingest_options;
#define BL_DEFAULT_MAX_DOC ((size_t)256 << 20)

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
} bl_index_options;

/* Open (creating if needed) the index at `path` for writing.  Takes the index's writer lock:
 * BL_ERR_LOCKED if another process holds it.  *out is owned by the caller (bl_index_close);
 * *err (if err is not NULL) receives a malloc()ed message on failure. */
bl_status bl_index_open(const char *path, const bl_index_options *opts, bl_index **out,
                        char **err);
/* Add a document, replacing any earlier document with the same id.  *replaced (may be NULL)
 * is set to 1 if one was replaced.  BL_ERR_INPUT if the document cannot be indexed (no id).
 * Errors writing the index are sticky: once one happened, later calls return it too. */
bl_status bl_index_add(bl_index *ix, const bl_document *doc, int *replaced);
/* Delete the document with this id (no error if there is none). */
bl_status bl_index_delete(bl_index *ix, const char *id);
/* Make everything added so far durable and visible to searchers. */
bl_status bl_index_commit(bl_index *ix);
/* Commit and close; frees ix (NULL is a no-op).  Returns the commit's status. */
bl_status bl_index_close(bl_index *ix);
/* Detail of the last error on this handle ("" if none); owned by ix. */
const char *bl_index_last_error(const bl_index *ix);
/* The index's analyzer language; owned by ix. */
const char *bl_index_language(const bl_index *ix);

#ifdef __cplusplus
}
#endif
#endif /* BYLINE_H */
