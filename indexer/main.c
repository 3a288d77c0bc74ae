/* SPDX-License-Identifier: GPL-2.0-or-later */
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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_ALL_OK = 0, EXIT_SOME_REJECTED = 1, EXIT_USAGE = BL_EXIT_USAGE,
       EXIT_INDEX = BL_EXIT_INDEX, EXIT_INTERNAL = BL_EXIT_INTERNAL };

/* Set by SIGINT/SIGTERM: the signal number.  The only global state of the program. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { interrupted = sig; }

typedef struct run {
    int quiet;
    int progress;             /* draw the progress line */
    int tty;                  /* stderr is a terminal: redraw in place */
    int line_shown;           /* a progress line is on screen */
    double last_line;
} run;

static void usage(FILE *f)
{
    fprintf(f,
"Usage: byline-index [OPTIONS] PATH...\n"
"       byline-index --stats [-d DIR] [--format text|json]\n"
"Index articles into a Byline index (created if absent).\n"
"\n"
"PATH is a folder (walked recursively; hidden files skipped), a file, or - for JSON Lines\n"
"on standard input.  Formats, chosen by extension:\n"
"  .txt .md          first non-empty line is the title, the rest is the body\n"
"  .json             one object, or an array of objects\n"
"  .jsonl .ndjson    one object a line\n"
"JSON fields: id, title, text (or body, content), date (ISO 8601, RFC 2822 or Unix time),\n"
"source, url, author or authors; .md/.txt files may start with YAML front matter (---\n"
"title: date: author: source: url: id: ---).  A document's id is its \"id\" field, else the\n"
"file's path relative to the first indexed folder holding it (whatever folder is named;\n"
"with :LINE for JSON Lines, #N in a JSON array), else for standard input stdin:HASH of\n"
"its title and text; indexing a document again replaces it (README: \"What an id is\").\n"
"\n"
"Runs are incremental: files whose size and modification time (or content) have not\n"
"changed since the last run are skipped; a changed file's earlier documents are replaced.\n"
"\n"
"Options:\n"
"  -d, --db DIR          index to write (default: $BYLINE_DB, else ./byline.db)\n"
"      --language LANG   stemming language of a new index (default english; 'none' for\n"
"                        no stemming); an existing index keeps its own\n"
"      --no-entities     do not extract people/places/organisations (faster, no facets)\n"
"      --max-doc-size MB reject documents larger than this (default 256, or --memory/5\n"
"                        if smaller: a document needs about 5 times its size in memory)\n"
"  -j, --jobs N          worker threads (default: the number of cores)\n"
"      --shards N        shards of a NEW index (default: one per job; 1 = a single\n"
"                        database); an existing index keeps its layout\n"
"      --memory MB       memory budget: commit often enough to stay under it\n"
"                        (default 1024)\n"
"      --prune           remove the documents of files gone from the folders indexed\n"
"      --full            re-read every file, even unchanged ones\n"
"      --extract         do not index: print each document's entities as JSON Lines,\n"
"                        {\"id\", \"entities\": [{\"text\", \"name\", \"type\", \"start\", \"end\",\n"
"                        \"count\", \"mentions\"}]}, offsets into title + newline + body\n"
"      --progress        show the progress line even when stderr is not a terminal\n"
"      --allow-programs  trust the index's XAPIANDB stub: write to shards it names\n"
"                        outside the index folder (refused by default, exit 2)\n"
"  -q, --quiet           print errors only (no summary, no warnings, no progress)\n"
"      --stats           print what the index holds and exit\n"
"      --compact         merge the index (or its shards) into one compact index, in\n"
"                        place, while searches go on (no PATH)\n"
"  -f, --format FMT      --stats output: text (default) or json\n"
"  -h, --help            show this help\n"
"      --version         show the version\n"
"\n"
"Ctrl-C (SIGINT) or SIGTERM stops reading, commits what was indexed and exits with\n"
"status 130 (SIGINT) or 143 (SIGTERM); running the same command again finishes the work.\n"
"\n"
"Exit status: 0 all inputs indexed; 1 some inputs rejected (the rest indexed);\n"
"2 usage error or nothing readable; 3 index error (locked, damaged, disk full);\n"
"4 internal error; 130/143 interrupted (what was done is committed).\n"
"\n"
"Examples:\n"
"  byline-index -d news.db ~/articles/\n"
"  byline-index -d news.db --prune ~/articles/      # also forget deleted files\n"
"  byline-index -d news.db feed.jsonl extra/story.md\n"
"  scraper | byline-index -d news.db -\n"
"  byline-index --stats -d news.db --format json\n"
"\n"
"Exit status 2 also when the index's XAPIANDB stub names a program or a shard outside the\n"
"index folder (see --allow-programs).\n");
}

/* Print a file name from a folder: control characters and bad UTF-8 escaped. */
static void put_name(const char *s) { bl_fputs_escaped(s, stderr); }

static void clear_line(run *r)
{
    if (r->line_shown && r->tty)
        fputs("\r\033[K", stderr);
    r->line_shown = 0;
}

static void on_problem(void *ctx, bl_severity sev, const char *file, unsigned long line,
                       const char *message)
{
    run *r = ctx;
    if (r->quiet && sev != BL_REJECTED)
        return;
    const char *what = sev == BL_REJECTED ? "error" : sev == BL_WARNING ? "warning" : "note";
    flockfile(stderr);
    clear_line(r);
    fputs("byline-index: ", stderr);
    put_name(file);
    if (line)
        fprintf(stderr, ":%lu", line);
    fprintf(stderr, ": %s: ", what);
    bl_fputs_escaped(message, stderr); /* may quote an id or title */
    fputc('\n', stderr);
    funlockfile(stderr);
}

static void on_progress(void *ctx, const bl_indexer_progress *p)
{
    run *r = ctx;
    if (!r->progress)
        return;
    if (!r->tty && p->seconds - r->last_line < 5.0)
        return; /* a log: one line every 5 s */
    r->last_line = p->seconds;
    double secs = p->seconds > 0 ? p->seconds : 1e-9;
    double mb = (double)p->bytes / 1e6;
    char eta[48] = "";
    if (p->total_bytes && p->bytes > 0 && p->bytes <= p->total_bytes) {
        double left = secs * (double)(p->total_bytes - p->bytes) / (double)p->bytes;
        snprintf(eta, sizeof eta, "  %3.0f%%  ETA %d:%02d",
                 100.0 * (double)p->bytes / (double)p->total_bytes, (int)(left / 60),
                 (int)left % 60);
    }
    flockfile(stderr);
    fprintf(stderr, "%sbyline-index: %lu files (%lu unchanged), %lu docs, %.0f docs/s, "
            "%.2f MB/s%s%s", r->tty ? "\r\033[K" : "", p->files, p->files_unchanged,
            p->documents, (double)p->documents / secs, mb / secs, eta, r->tty ? "" : "\n");
    r->line_shown = 1;
    funlockfile(stderr);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int exit_for_status(bl_status st) { return bl_exit_status(st); }

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
        return exit_for_status(st);
    }
    if (!quiet)
        fprintf(stderr, "byline-index: %s: compacted %zu shard%s, %.2f MB -> %.2f MB in %.2f s\n",
                db, cs.shards, cs.shards == 1 ? "" : "s", (double)cs.bytes_before / 1e6,
                (double)cs.bytes_after / 1e6, now() - t0);
    return EXIT_ALL_OK;
}

static int parse_num(const char *opt, const char *v, unsigned long lo, unsigned long hi,
                     unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (!*v || *end || errno || n < lo || n > hi || v[0] == '-') {
        fprintf(stderr, "byline-index: %s takes a number from %lu to %lu, not '%s'\n", opt, lo,
                hi, v);
        return -1;
    }
    *out = n;
    return 0;
}

static void json_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static int print_stats(const char *db, int json)
{
    bl_index_info info;
    char *err = NULL;
    bl_status st = bl_index_info_read(db, &info, &err);
    if (st != BL_OK) {
        fprintf(stderr, "byline-index: cannot read index %s: %s\n", db,
                err && *err ? err : bl_status_to_string(st));
        free(err);
        return st == BL_ERR_NOT_FOUND || st == BL_ERR_ARGUMENT ? EXIT_USAGE : exit_for_status(st);
    }
    const char *roots = info.roots ? info.roots : "";
    if (json) {
        printf("{\"index\": ");
        json_string(db);
        printf(", \"documents\": %lu, \"terms\": %lu, \"entities\": {", info.documents,
               info.terms);
        for (int i = 0; i < BL_ENTITY_TYPES_N; i++)
            printf("%s\"%s\": %lu", i ? ", " : "", bl_facet_type_name(i), info.entities[i]);
        printf("}, \"shards\": %zu, \"disk_bytes\": %llu, \"language\": ", info.shards,
               info.disk_bytes);
        json_string(info.language);
        printf(", \"format\": %d, \"last_commit\": ", info.format);
        if (info.last_commit[0])
            json_string(info.last_commit);
        else
            printf("null");
        printf(", \"roots\": [");
        int first = 1;
        for (const char *p = roots; *p;) {
            const char *nl = strchr(p, '\n');
            size_t l = nl ? (size_t)(nl - p) : strlen(p);
            char *one = strndup(p, l);
            if (!one) {
                bl_index_info_free(&info);
                return EXIT_INTERNAL;
            }
            if (l) {
                printf("%s", first ? "" : ", ");
                json_string(one);
                first = 0;
            }
            free(one);
            p += l + (nl ? 1 : 0);
        }
        printf("]}\n");
    } else {
        printf("index:       %s\n", db);
        printf("documents:   %lu\n", info.documents);
        printf("terms:       %lu\n", info.terms);
        printf("entities:    ");
        for (int i = 0; i < BL_ENTITY_TYPES_N; i++)
            printf("%s%s %lu", i ? ", " : "", bl_facet_type_name(i), info.entities[i]);
        printf("\nshards:      %zu\n", info.shards);
        printf("size:        %.1f MB (%llu bytes)\n", (double)info.disk_bytes / 1e6,
               info.disk_bytes);
        printf("language:    %s\n", info.language);
        printf("format:      %d\n", info.format);
        printf("last commit: %s\n", info.last_commit[0] ? info.last_commit : "(none)");
        printf("roots:      ");
        if (!*roots)
            printf(" (none)");
        for (const char *p = roots; *p;) {
            const char *nl = strchr(p, '\n');
            size_t l = nl ? (size_t)(nl - p) : strlen(p);
            if (l) {
                putchar(' ');
                bl_fwrite_escaped(p, l, stdout); /* a folder name: may hold anything */
            }
            p += l + (nl ? 1 : 0);
        }
        printf("\n");
    }
    bl_index_info_free(&info);
    return EXIT_ALL_OK;
}

/* --extract: read the inputs as for indexing and print each document's entities as JSON
 * Lines on stdout; nothing is written to any index. */
typedef struct extract_run {
    run *r;
    bl_extractor *x;
    bl_status fatal;
} extract_run;

static int on_extract_document(void *ctx, const bl_document *doc)
{
    extract_run *e = ctx;
    e->fatal = bl_extractor_write_jsonl(e->x, doc, stdout);
    return e->fatal != BL_OK;
}

static void on_extract_problem(void *ctx, bl_severity sev, const char *file,
                               unsigned long line, const char *message)
{
    on_problem(((extract_run *)ctx)->r, sev, file, line, message);
}

static int run_extract(run *r, const char *language, size_t max_doc_size, int n, char **paths)
{
    extract_run e = {.r = r};
    bl_status st = bl_extractor_new(language, &e.x);
    if (st != BL_OK) {
        fprintf(stderr, "byline-index: cannot start entity extraction: %s\n",
                st == BL_ERR_ARGUMENT ? "unknown --language" : bl_status_to_string(st));
        return st == BL_ERR_ARGUMENT ? EXIT_USAGE : EXIT_INTERNAL;
    }
    bl_ingest_options gopts = {.max_doc_size = max_doc_size};
    bl_ingest_stats stats = {0};
    unsigned long missing = 0;
    for (int i = 0; i < n && e.fatal == BL_OK; i++) {
        st = bl_ingest_path(paths[i], &gopts, on_extract_document, on_extract_problem, &e,
                            &stats);
        if (st == BL_ERR_NOT_FOUND || st == BL_ERR_IO) {
            fprintf(stderr, "byline-index: %s: error: %s\n", paths[i], strerror(errno));
            missing++;
        } else if (st != BL_OK && e.fatal == BL_OK) {
            e.fatal = st;
        }
    }
    bl_extractor_free(e.x);
    if (fflush(stdout) != 0 || e.fatal != BL_OK)
        return EXIT_INTERNAL;
    if (missing == (unsigned long)n)
        return EXIT_USAGE;
    return stats.rejected + missing ? EXIT_SOME_REJECTED : EXIT_ALL_OK;
}

/* What the command line asks for. */
typedef struct args {
    const char *db;
    bl_indexer_options o;
    int prune, force_progress, stats_only, json, compact, extract;
} args;

/* Parse the options into *a (and r->quiet); optind is left at the first PATH.  Returns -1 to
 * go on, or the exit status to end with (--help, --version, a usage error). */
static int parse_args(int argc, char **argv, args *a, run *r)
{
    enum { O_LANG = 256, O_NOENT, O_MAXDOC, O_VERSION, O_SHARDS, O_MEMORY, O_PRUNE, O_FULL,
           O_PROGRESS, O_STATS, O_COMPACT, O_EXTRACT, O_ALLOW_PROGRAMS };
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},       {"language", required_argument, 0, O_LANG},
        {"no-entities", no_argument, 0, O_NOENT}, {"max-doc-size", required_argument, 0, O_MAXDOC},
        {"quiet", no_argument, 0, 'q'},          {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, O_VERSION},  {"jobs", required_argument, 0, 'j'},
        {"shards", required_argument, 0, O_SHARDS}, {"memory", required_argument, 0, O_MEMORY},
        {"prune", no_argument, 0, O_PRUNE},      {"full", no_argument, 0, O_FULL},
        {"progress", no_argument, 0, O_PROGRESS}, {"stats", no_argument, 0, O_STATS},
        {"format", required_argument, 0, 'f'},   {"compact", no_argument, 0, O_COMPACT},
        {"extract", no_argument, 0, O_EXTRACT},
        {"allow-programs", no_argument, 0, O_ALLOW_PROGRAMS},
        {0, 0, 0, 0}};
    memset(a, 0, sizeof *a);
    bl_indexer_options_init(&a->o);
    unsigned long n;
    int c;
    while ((c = getopt_long(argc, argv, "d:qhj:f:", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': a->db = optarg; break;
        case O_LANG: a->o.index.language = optarg; break;
        case O_NOENT: a->o.index.no_entities = 1; break;
        case O_MAXDOC:
            if (parse_num("--max-doc-size", optarg, 1, 4096, &n) < 0)
                return EXIT_USAGE;
            a->o.max_doc_size = (size_t)n << 20;
            break;
        case 'j':
            if (parse_num("--jobs", optarg, 1, 256, &n) < 0)
                return EXIT_USAGE;
            a->o.jobs = (unsigned)n;
            break;
        case O_SHARDS:
            if (parse_num("--shards", optarg, 1, BL_MAX_SHARDS, &n) < 0)
                return EXIT_USAGE;
            a->o.index.shards = (unsigned)n;
            break;
        case O_MEMORY:
            if (parse_num("--memory", optarg, 64, 1048576, &n) < 0)
                return EXIT_USAGE;
            a->o.memory_mb = n;
            break;
        case O_PRUNE: a->prune = 1; break;
        case O_FULL: a->o.full = 1; break;
        case O_PROGRESS: a->force_progress = 1; break;
        case O_STATS: a->stats_only = 1; break;
        case O_COMPACT: a->compact = 1; break;
        case O_EXTRACT: a->extract = 1; break;
        case O_ALLOW_PROGRAMS: a->o.index.allow_programs = 1; break;
        case 'f':
            if (!strcmp(optarg, "json"))
                a->json = 1;
            else if (strcmp(optarg, "text") != 0) {
                fprintf(stderr, "byline-index: --format is text or json, not '%s'\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'q': r->quiet = 1; break;
        case 'h': usage(stdout); return EXIT_ALL_OK;
        case O_VERSION: printf("byline-index %s\n", bl_version()); return EXIT_ALL_OK;
        default:
            fprintf(stderr, "Try 'byline-index --help' for more information.\n");
            return EXIT_USAGE;
        }
    }
    a->db = bl_default_index(a->db);
    return -1;
}

/* SIGINT and SIGTERM set `interrupted`: reading stops, what was indexed is committed. */
static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* The one line that ends a run (unless --quiet). */
static void print_summary(const char *db, const bl_indexer_stats *stats, unsigned long rejected,
                          double secs)
{
    double mb = (double)stats->ingest.bytes / 1e6;
    unsigned long docs = stats->added + stats->replaced;
    fprintf(stderr, "byline-index: %s: %lu added, %lu replaced, %lu rejected from %lu "
            "file%s in %.2f s (%.0f docs/s, %.2f MB/s)", db, stats->added, stats->replaced,
            rejected, stats->ingest.files, stats->ingest.files == 1 ? "" : "s", secs,
            secs > 0 ? (double)docs / secs : 0.0, secs > 0 ? mb / secs : 0.0);
    if (stats->files_unchanged || stats->files_changed || stats->files_pruned)
        fprintf(stderr, "; %lu unchanged, %lu changed, %lu pruned file%s",
                stats->files_unchanged, stats->files_changed, stats->files_pruned,
                stats->files_pruned == 1 ? "" : "s");
    fputc('\n', stderr);
}

/* Index the n paths into a->db: open, read each path (a missing one is reported and the rest
 * go on), prune if asked, close (commit), report.  Returns the exit status. */
static int run_index(args *a, run *r, int n, char **paths)
{
    /* Xapian's own automatic flush (every 10000 documents) is not needed: we commit in
     * batches sized by --memory.  This stays here, in the program, on purpose: Xapian 1.4 has
     * no API for the threshold (it reads XAPIAN_FLUSH_THRESHOLD from the environment when a
     * WritableDatabase is opened), and a library that called setenv would change its host's
     * environment behind its back and race with getenv in the host's other threads (setenv is
     * not thread-safe).  Setting it first thing, before any thread starts, is safe; a user's
     * own value wins (overwrite 0).  A program using libbyline without it indexes the same,
     * with one extra automatic commit per 10000 documents of a large batch. */
    setenv("XAPIAN_FLUSH_THRESHOLD", "1000000", 0);
    /* redraw the progress line in place on a terminal that understands it */
    const char *term = getenv("TERM");
    r->tty = isatty(STDERR_FILENO) && !(term && !strcmp(term, "dumb"));
    r->progress = !r->quiet && (r->tty || a->force_progress);
    a->o.problem_cb = on_problem;
    a->o.progress_cb = on_progress;
    a->o.ctx = r;
    a->o.stop = &interrupted;
    catch_signals();

    const char *db = a->db;
    char *err = NULL;
    bl_indexer *x = NULL;
    bl_status st = bl_indexer_open(db, &a->o, &x, &err);
    if (st != BL_OK) {
        fprintf(stderr, "byline-index: cannot open index %s: %s\n", db,
                err && *err ? err : bl_status_to_string(st));
        if (st == BL_ERR_LOCKED)
            fprintf(stderr, "byline-index: index is locked: another byline-index is writing "
                    "to %s; wait for it to finish\n", db);
        free(err);
        return exit_for_status(st);
    }
    double t0 = now();
    unsigned long missing = 0;
    bl_status fatal = BL_OK;
    for (int i = 0; i < n && !fatal && !interrupted; i++) {
        errno = 0;
        st = bl_indexer_add_path(x, paths[i]);
        /* NOT_FOUND / IO with no index error recorded: the PATH itself could not be read;
         * an index error (disk full, ...) is fatal and reported once, below. */
        if (st == BL_ERR_NOT_FOUND || (st == BL_ERR_IO && !*bl_indexer_last_error(x))) {
            flockfile(stderr);
            clear_line(r);
            fputs("byline-index: ", stderr);
            put_name(paths[i]);
            fprintf(stderr, ": error: %s\n", strerror(errno));
            funlockfile(stderr);
            missing++;
        } else if (st != BL_OK) {
            fatal = st;
        }
    }
    if (!fatal && a->prune && !interrupted && missing == 0)
        fatal = bl_indexer_prune(x);
    else if (a->prune && missing)
        fprintf(stderr, "byline-index: --prune skipped: some PATH could not be read\n");
    if (fatal) {
        clear_line(r);
        fprintf(stderr, "byline-index: %s: %s; nothing since the last commit was kept\n", db,
                bl_indexer_last_error(x));
    }
    bl_indexer_stats stats;
    st = bl_indexer_close(x, &stats, &err);
    clear_line(r);
    if (!fatal && st != BL_OK) {
        fprintf(stderr, "byline-index: %s: commit failed: %s\n", db,
                err ? err : bl_status_to_string(st));
        fatal = st;
    }
    free(err);
    unsigned long rejected = stats.ingest.rejected + stats.rejected + missing;
    if (fatal && !r->quiet)
        /* Nothing since the last commit is kept: do not claim documents were added. */
        fprintf(stderr, "byline-index: %s: stopped by the error above after reading %lu "
                "document%s from %lu file%s; only what %lu earlier commit%s wrote is kept; run "
                "the same command again when the problem is fixed\n", db,
                stats.ingest.documents, stats.ingest.documents == 1 ? "" : "s",
                stats.ingest.files, stats.ingest.files == 1 ? "" : "s", stats.commits,
                stats.commits == 1 ? "" : "s");
    else if (!r->quiet)
        print_summary(db, &stats, rejected, now() - t0);
    if (fatal)
        return exit_for_status(fatal);
    if (stats.interrupted || interrupted) {
        fprintf(stderr, "byline-index: interrupted by %s: what was indexed is committed; run "
                "the same command again to finish\n", interrupted == SIGTERM ? "SIGTERM"
                                                                             : "SIGINT");
        return interrupted == SIGTERM ? 143 : 130;
    }
    if (missing == (unsigned long)n)
        return EXIT_USAGE; /* nothing named could be read */
    return rejected ? EXIT_SOME_REJECTED : EXIT_ALL_OK;
}

int main(int argc, char **argv)
{
    args a;
    run r = {.last_line = -10};
    int rc = parse_args(argc, argv, &a, &r);
    if (rc >= 0)
        return rc;
    if (a.stats_only) {
        if (optind < argc) {
            fprintf(stderr, "byline-index: --stats takes no PATH\n");
            return EXIT_USAGE;
        }
        return print_stats(a.db, a.json);
    }
    if (a.compact) {
        if (optind < argc) {
            fprintf(stderr, "byline-index: --compact takes no PATH (index first, then compact)\n");
            return EXIT_USAGE;
        }
        return run_compact(a.db, r.quiet);
    }
    if (optind >= argc) {
        fprintf(stderr, "byline-index: no PATH given: name the folders or files to index\n"
                        "Try 'byline-index --help' for more information.\n");
        return EXIT_USAGE;
    }
    if (a.extract)
        return run_extract(&r, a.o.index.language, a.o.max_doc_size, argc - optind,
                           argv + optind);
    return run_index(&a, &r, argc - optind, argv + optind);
}
