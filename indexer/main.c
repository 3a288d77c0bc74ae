/* byline-index — put articles into a Byline index.
 *
 * A thin command-line front end over libbyline: parse options, walk the inputs with
 * bl_ingest_path, hand each document to bl_index_add, report problems as "file:line: what"
 * on stderr, and print one summary line.  Everything it does is reachable from the library.
 *
 * Exit status: 0 every input indexed; 1 some inputs rejected (the rest indexed and
 * committed); 2 usage error or no input could be read; 3 the index could not be opened or
 * written (locked, damaged, disk full); 4 out of memory or internal error.
 */
#include "byline.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_ALL_OK = 0, EXIT_SOME_REJECTED = 1, EXIT_USAGE = 2, EXIT_INDEX = 3, EXIT_INTERNAL = 4 };

typedef struct run {
    bl_index *ix;
    int quiet;
    unsigned long added, replaced, rejected;
    bl_status fatal;          /* an index error that stops the run */
    bl_extractor *extractor;  /* --extract: print entities instead of indexing */
    const char *current;      /* input being read, for messages */
} run;

static void usage(FILE *f)
{
    fprintf(f,
"Usage: byline-index [OPTIONS] PATH...\n"
"Index articles into a Byline index (created if absent).\n"
"\n"
"PATH is a folder (walked recursively; hidden files skipped), a file, or - for JSON Lines\n"
"on standard input.  Formats, chosen by extension:\n"
"  .txt .md          first non-empty line is the title, the rest is the body\n"
"  .json             one object, or an array of objects\n"
"  .jsonl .ndjson    one object a line\n"
"JSON fields: id, title, text (or body, content), date (ISO 8601 or RFC 2822), source,\n"
"url, author or authors.  A document's id is its \"id\" field, else its path relative to\n"
"the indexed folder (with :LINE for JSON Lines); indexing a document again replaces it.\n"
"\n"
"Options:\n"
"  -d, --db DIR          index to write (default: $BYLINE_DB, else ./byline.db)\n"
"      --language LANG   stemming language of a new index (default english; 'none' for\n"
"                        no stemming); an existing index keeps its own\n"
"      --no-entities     do not extract people/places/organisations (faster, no facets)\n"
"      --extract         do not index: print each document's entities as JSON Lines\n"
"                        {\"id\", \"entities\": [{\"text\", \"type\", \"start\", \"end\", \"count\",\n"
"                        \"mentions\"}]} (byte offsets into title + newline + body)\n"
"      --max-doc-size MB reject documents larger than this (default 256)\n"
"      --compact         merge the index (or its shards) into one compact index, in\n"
"                        place, while searches go on (no PATH)\n"
"  -q, --quiet           print errors only (no summary, no warnings)\n"
"  -h, --help            show this help\n"
"      --version         show the version\n"
"\n"
"Exit status: 0 all inputs indexed; 1 some inputs rejected (the rest indexed);\n"
"2 usage error or nothing readable; 3 index error (locked, damaged, disk full);\n"
"4 internal error.\n"
"\n"
"Examples:\n"
"  byline-index -d news.db ~/articles/\n"
"  byline-index -d news.db feed.jsonl extra/story.md\n"
"  scraper | byline-index -d news.db -\n");
}

static void on_problem(void *ctx, bl_severity sev, const char *file, unsigned long line,
                       const char *message)
{
    run *r = ctx;
    if (r->quiet && sev != BL_REJECTED)
        return;
    const char *what = sev == BL_REJECTED ? "error" : sev == BL_WARNING ? "warning" : "note";
    if (line)
        fprintf(stderr, "byline-index: %s:%lu: %s: %s\n", file, line, what, message);
    else
        fprintf(stderr, "byline-index: %s: %s: %s\n", file, what, message);
}

static int on_document(void *ctx, const bl_document *doc)
{
    run *r = ctx;
    if (r->extractor) {
        bl_status xs = bl_extractor_write_jsonl(r->extractor, doc, stdout);
        if (xs == BL_OK) {
            r->added++;
            return 0;
        }
        r->fatal = xs;
        return 1;
    }
    int replaced = 0;
    bl_status st = bl_index_add(r->ix, doc, &replaced);
    if (st == BL_OK) {
        if (replaced)
            r->replaced++;
        else
            r->added++;
        return 0;
    }
    if (st == BL_ERR_INPUT || st == BL_ERR_ARGUMENT) {
        fprintf(stderr, "byline-index: %s: error: document %s: %s\n", r->current,
                doc->id ? doc->id : "(no id)", bl_index_last_error(r->ix));
        r->rejected++;
        return 0;
    }
    r->fatal = st;
    return 1; /* the index itself failed: stop reading */
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int exit_for_status(bl_status st)
{
    return st == BL_ERR_NO_MEMORY || st == BL_ERR_INTERNAL ? EXIT_INTERNAL : EXIT_INDEX;
}

/* --compact: merge and compact the index in place (lib/compact.c). */
static int run_compact(const char *db, int quiet)
{
    bl_compact_stats cs;
    char *err = NULL;
    double t0 = now();
    bl_status st = bl_index_compact(db, &cs, &err);
    if (st != BL_OK) {
        fprintf(stderr, "byline-index: cannot compact %s: %s\n", db,
                err && *err ? err : bl_status_to_string(st));
        free(err);
        return st == BL_ERR_ARGUMENT || st == BL_ERR_NOT_FOUND ? EXIT_USAGE : exit_for_status(st);
    }
    if (!quiet)
        fprintf(stderr, "byline-index: %s: compacted %zu shard%s, %.2f MB -> %.2f MB in %.2f s\n",
                db, cs.shards, cs.shards == 1 ? "" : "s", (double)cs.bytes_before / 1e6,
                (double)cs.bytes_after / 1e6, now() - t0);
    return EXIT_ALL_OK;
}

static const char *default_db(const char *db)
{
    if (db)
        return db;
    const char *env = getenv("BYLINE_DB");
    return env && *env ? env : "byline.db";
}

/* --extract: read the inputs as for indexing, print entities, write nothing. */
static int run_extract(run *r, const bl_index_options *iopts, const bl_ingest_options *gopts,
                       int n, char **paths)
{
    bl_status st = bl_extractor_new(iopts->language, &r->extractor);
    if (st != BL_OK) {
        fprintf(stderr, "byline-index: cannot start entity extraction: %s\n",
                bl_status_to_string(st));
        return st == BL_ERR_ARGUMENT ? EXIT_USAGE : EXIT_INTERNAL;
    }
    bl_ingest_stats stats = {0};
    unsigned long missing = 0;
    for (int i = 0; i < n && !r->fatal; i++) {
        r->current = paths[i];
        st = bl_ingest_path(paths[i], gopts, on_document, on_problem, r, &stats);
        if (st == BL_ERR_NOT_FOUND || st == BL_ERR_IO) {
            fprintf(stderr, "byline-index: %s: error: %s\n", paths[i], strerror(errno));
            missing++;
        } else if (st != BL_OK && !r->fatal) {
            r->fatal = st;
        }
    }
    bl_extractor_free(r->extractor);
    if (fflush(stdout) != 0 || r->fatal)
        return EXIT_INTERNAL;
    if (missing == (unsigned long)n)
        return EXIT_USAGE;
    return stats.rejected + missing ? EXIT_SOME_REJECTED : EXIT_ALL_OK;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},     {"language", required_argument, 0, 'L'},
        {"no-entities", no_argument, 0, 'E'},  {"max-doc-size", required_argument, 0, 'M'},
        {"quiet", no_argument, 0, 'q'},        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},      {"compact", no_argument, 0, 'K'},
        {"extract", no_argument, 0, 'X'},      {0, 0, 0, 0}};
    const char *db = NULL;
    bl_index_options iopts = {0};
    bl_ingest_options gopts = {0};
    run r = {0};
    int c, compact = 0, extract = 0;
    while ((c = getopt_long(argc, argv, "d:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'L': iopts.language = optarg; break;
        case 'E': iopts.no_entities = 1; break;
        case 'M': {
            char *end;
            unsigned long mb = strtoul(optarg, &end, 10);
            if (*end || mb == 0 || mb > 4096) {
                fprintf(stderr, "byline-index: --max-doc-size takes a size in MB (1-4096), not "
                        "'%s'\n", optarg);
                return EXIT_USAGE;
            }
            gopts.max_doc_size = (size_t)mb << 20;
            break;
        }
        case 'q': r.quiet = 1; break;
        case 'X': extract = 1; break;
        case 'K': compact = 1; break;
        case 'h': usage(stdout); return EXIT_ALL_OK;
        case 'V': printf("byline-index 0.1\n"); return EXIT_ALL_OK;
        default:
            fprintf(stderr, "Try 'byline-index --help' for more information.\n");
            return EXIT_USAGE;
        }
    }
    if (compact && optind < argc) {
        fprintf(stderr, "byline-index: --compact takes no PATH (index first, then compact)\n");
        return EXIT_USAGE;
    }
    if (compact)
        return run_compact(default_db(db), r.quiet);
    if (optind >= argc) {
        fprintf(stderr, "byline-index: no PATH given: name the folders or files to index\n"
                        "Try 'byline-index --help' for more information.\n");
        return EXIT_USAGE;
    }
    if (extract)
        return run_extract(&r, &iopts, &gopts, argc - optind, argv + optind);
    db = default_db(db);
    char *err = NULL;
    bl_status st = bl_index_open(db, &iopts, &r.ix, &err);
    if (st != BL_OK) {
        fprintf(stderr, "byline-index: cannot open index %s: %s\n", db,
                err && *err ? err : bl_status_to_string(st));
        free(err);
        return st == BL_ERR_ARGUMENT ? EXIT_USAGE : exit_for_status(st);
    }
    double t0 = now();
    bl_ingest_stats stats = {0};
    unsigned long missing = 0;
    for (int i = optind; i < argc && !r.fatal; i++) {
        r.current = argv[i];
        st = bl_ingest_path(argv[i], &gopts, on_document, on_problem, &r, &stats);
        if (st == BL_ERR_NOT_FOUND || st == BL_ERR_IO) {
            fprintf(stderr, "byline-index: %s: error: %s\n", argv[i], strerror(errno));
            missing++;
        } else if (st != BL_OK && !r.fatal) {
            r.fatal = st;
        }
    }
    bl_status closed = r.fatal ? r.fatal : BL_OK;
    if (r.fatal)
        fprintf(stderr, "byline-index: %s: %s; nothing since the last commit was kept\n", db,
                bl_index_last_error(r.ix)[0] ? bl_index_last_error(r.ix)
                                             : bl_status_to_string(r.fatal));
    st = bl_index_close(r.ix);
    if (!closed && st != BL_OK) {
        fprintf(stderr, "byline-index: %s: commit failed: %s\n", db, bl_status_to_string(st));
        closed = st;
    }
    double secs = now() - t0;
    unsigned long rejected = stats.rejected + r.rejected + missing;
    if (!r.quiet) {
        double mb = (double)stats.bytes / 1e6;
        fprintf(stderr, "byline-index: %s: %lu added, %lu replaced, %lu rejected from %lu "
                "file%s in %.2f s (%.0f docs/s, %.2f MB/s)\n", db, r.added, r.replaced,
                rejected, stats.files, stats.files == 1 ? "" : "s", secs,
                secs > 0 ? (double)(r.added + r.replaced) / secs : 0.0,
                secs > 0 ? mb / secs : 0.0);
    }
    if (closed)
        return exit_for_status(closed);
    if (missing == (unsigned long)(argc - optind))
        return EXIT_USAGE; /* nothing named could be read */
    return rejected ? EXIT_SOME_REJECTED : EXIT_ALL_OK;
}
