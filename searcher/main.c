/* SPDX-License-Identifier: GPL-2.0-or-later */
/* byline-search — ask a Byline index a question.
 *
 * A thin front end over libbyline's bl_search: options choose what to search and how to
 * rank, --format chooses how to print (text for people, json/jsonl for scripts, with stable
 * field names documented in the README).  Data goes to stdout, errors to stderr.
 *
 * Exit status: 0 results found; 1 no results; 2 usage, query or missing-index error;
 * 3 index error (damaged, unreadable, remote shard down); 4 internal error.
 */
#include "byline.h"
#include "cli_views.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_FOUND = 0, EXIT_NONE = 1, EXIT_USAGE = BL_EXIT_USAGE, EXIT_INDEX = BL_EXIT_INDEX,
       EXIT_INTERNAL = BL_EXIT_INTERNAL };
enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_JSONL, FORMAT_GRAPHML };

typedef struct cli {
    const char *dbs[64];
    size_t n_dbs;
    int format;
    int color;
    bl_search_options o;
    bl_searcher_options so;   /* --allow-partial, --timeout */
    const char *show;         /* --show ID: print this document instead of searching */
    const char *entities;     /* --entities TEXT: look names up instead of searching */
    const char *entity_type;  /* --type TYPE */
    int limit_given;          /* --limit was given (--entities lists 20 by default) */
    int count_only;           /* --count: print the exact number of matches only */
} cli;

static void usage(FILE *f)
{
    fprintf(f, "Usage: byline-search [OPTIONS] QUERY... [--LONG-OPTIONS]\n"
               "Search a Byline index; the best matches first.\n\n%s\n",
            bl_query_syntax_help());
    fprintf(f,
"Options (long options may also follow the query; after -- everything is query):\n"
"  -d, --db DIR          index to search; repeat to search several as one (default:\n"
"                        $BYLINE_DB, else ./byline.db); also a stub file, tcp://HOST:PORT\n"
"                        (xapian-tcpsrv), ssh://[USER@]HOST[:PORT]/PATH (xapian-progsrv\n"
"                        over ssh), prog:PROGRAM ARGS; 'A|B' = replicas of one shard\n"
"      --allow-partial   search the shards that answer; warn about the others\n"
"      --timeout MS      remote shards: connect and reply timeout (default 10000)\n"
"      --allow-programs  trust stub files: run the programs they name (remote :PROG)\n"
"                        and open databases outside their folder; without it such a\n"
"                        stub line is refused (exit 2).  prog: and ssh:// locations\n"
"                        typed on the command line always run: they are yours\n"
"  -n, --limit N         hits to show (default 10; 0 = counts and facets only)\n"
"      --offset N        skip the first N hits (paging)\n"
"      --all             every word is required\n"
"      --since DATE      only documents dated on or after DATE\n"
"      --until DATE      only documents dated on or before DATE\n"
"      --sort ORDER      relevance (default), date (oldest first) or -date (newest first)\n"
"      --weight SCHEME   bm25 (default), bm25+, dph or lm\n"
"      --bm25 K1,B       BM25 parameters (default 1.2,0.75)\n"
"      --title-weight W  a title match counts W times a body match (default 1.5; 1 = none)\n"
"      --facets LIST     entity counts over all matches: person,place,org,other; add :N\n"
"                        for the top N (default 10), e.g. --facets person:20,place\n"
"      --entities TEXT   list the index's entities whose name, a word of it or an alias\n"
"                        starts with TEXT (no query needed): name, type, documents,\n"
"                        aliases, most documents first (--limit, default 20)\n"
"      --type TYPE       with --entities: only person, place, org or other\n"
"      --snippet-chars N snippet length in characters (default 200)\n"
"      --no-snippets     no snippets (faster: hits carry their fields only)\n"
"      --exact           count every match exactly (default: exact up to 1000 matches,\n"
"                        an estimate, printed \"about N\", beyond)\n"
"      --count           print only the exact number of matches (exit 1 if none)\n"
"      --show ID         print the whole stored document ID (fields, entities, text)\n"
"                        instead of searching; no query; exit 1 if there is none\n"
"  -f, --format FMT      text (default), json (one object), jsonl (one hit a line) or\n"
"                        graphml (the --graph network, for Gephi and networkx)\n"
"      --color WHEN      auto (default: only on a terminal, and not if NO_COLOR is set\n"
"                        or TERM=dumb), always or never\n"
"Analyst views (over the whole match set; a query is optional with --like):\n"
"      --like ID         documents most like document ID (never itself); the query,\n"
"                        if any, only filters: --like ID place:India --since 2025\n"
"      --expand          add the distinctive words of the 10 best matches to the query\n"
"                        (pseudo-relevance feedback; re-ranks, never adds matches)\n"
"      --collapse        one hit per near-duplicate group (wire copies), \"+N similar\"\n"
"      --timeline UNIT   matching documents per day, week (ISO), month or year\n"
"      --graph TYPES[:N] co-occurrence network of the N (default 50) most frequent\n"
"                        entities of TYPES (person,place,org,other,all); an edge counts\n"
"                        the matching documents naming both\n"
"      --terms N         the N words that most distinguish the matches from the index\n"
"  -h, --help            show this help\n"
"      --version         show the version\n"
"\n"
"Text output escapes control characters and bytes that are not UTF-8 in every field\n"
"(\\x1b, \\n, \\u009b, \\xff); JSON carries the exact text.\n"
"\n"
"Exit status: 0 results found; 1 no results; 2 usage, query or missing-index error, a\n"
"query over the limits, a stub refused; 3 index error (damaged, unreadable, remote shard\n"
"unreachable); 4 internal error.\n"
"\n"
"Examples:\n"
"  byline-search -d news.db defence cooperation Israel India\n"
"  byline-search -d news.db '\"strategic ally\" date:2025' --sort -date\n"
"  byline-search -d news.db --limit 0 --facets person,place drones\n"
"  byline-search -d news.db --format jsonl 'person:\"Ajit Doval\"' | jq .title\n"
"  byline-search -d news.db --show doval.txt\n"
"  byline-search -d news.db --timeline month 'person:\"Ajit Doval\"'\n"
"  byline-search -d news.db --like reuters-0412 place:India --since 2025\n"
"  byline-search -d news.db --collapse --graph person,org:30 drones\n"
"  byline-search -d news.db --graph person:100 --format graphml election > net.graphml\n"
"  byline-search -d news.db --entities modi        # what is Modi called here?\n"
"  byline-search -d news.db person:Modi place:USA  # a surname, an alias: both work\n"

"  byline-search -d news.db --count '*'                      # documents in the index\n"
"  byline-search --allow-programs -d my-cluster.stub drones   # a stub you wrote\n");
}

/* ---- option parsing -------------------------------------------------------------------- */

static int parse_uint(const char *opt, const char *s, unsigned max, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v > max || s[0] == '-') {
        fprintf(stderr, "byline-search: %s takes a whole number from 0 to %u, not '%s'\n", opt,
                max, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

static int parse_facets(const char *spec, bl_search_options *o)
{
    char err[256];
    if (bl_parse_type_list("--facets", spec, 10, 100000, o->facets, err, sizeof err) != BL_OK) {
        fprintf(stderr, "byline-search: %s\n", err);
        return -1;
    }
    return 0;
}

static int parse_bm25(const char *s, bl_search_options *o)
{
    char *end;
    double k1 = strtod(s, &end), b;
    if (*end != ',' || k1 < 0)
        goto bad;
    b = strtod(end + 1, &end);
    if (*end || b < 0 || b > 1)
        goto bad;
    o->bm25_k1 = k1;
    o->bm25_b = b;
    return 0;
bad:
    fprintf(stderr, "byline-search: --bm25 takes K1,B with K1 >= 0 and 0 <= B <= 1, e.g. "
            "1.2,0.75, not '%s'\n", s);
    return -1;
}

static int parse_choice(const char *opt, const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(s, names[i]))
            return i;
    fprintf(stderr, "byline-search: %s: unknown value '%s' (choose from", opt, s);
    for (int i = 0; i < n; i++)
        fprintf(stderr, "%s %s", i ? "," : "", names[i]);
    fprintf(stderr, ")\n");
    return -1;
}

/* Our long option named by arg ("--limit", "--limit=5"), or NULL. */
static const struct option *find_long_option(const char *arg, const struct option *longopts)
{
    if (strncmp(arg, "--", 2) != 0 || !arg[2])
        return NULL;
    const char *eq = strchr(arg + 2, '=');
    size_t n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
    for (const struct option *o = longopts; o->name; o++)
        if (strlen(o->name) == n && !strncmp(o->name, arg + 2, n))
            return o;
    return NULL;
}

/* Does arg (an option) take the next argument as its value?  Short options may be
 * clustered ("-An5"); a long one may carry "=VALUE". */
static int takes_next(const char *arg, const char *shortopts, const struct option *longopts)
{
    if (arg[1] == '-') {
        const struct option *o = find_long_option(arg, longopts);
        return o && !strchr(arg, '=') && o->has_arg == required_argument;
    }
    for (const char *k = arg + 1; *k; k++) {
        const char *def = strchr(shortopts, *k);
        if (def && def[1] == ':')
            return k[1] == '\0'; /* "-n5" carries its value, "-n" takes the next */
    }
    return 0;
}

/* Options may follow the query, as in ripgrep: `byline-search war --limit 5`.  Query words
 * may start with "-" (exclusion), so only our own long options ("--name", "--name=V") are
 * moved in front of the query, with their value; "--" ends the options and everything after
 * it is query.  The order of everything else is kept.  Returns the last argument when it is
 * an option that lacks its value ("war --limit"), else NULL. */
static const char *hoist_trailing_options(int argc, char **argv, const char *shortopts,
                                          const struct option *longopts)
{
    int i = 1;
    while (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0)
        i += 1 + (takes_next(argv[i], shortopts, longopts) && i + 1 < argc);
    int query = i; /* first query word (or "--") */
    for (int j = query; j < argc && strcmp(argv[j], "--") != 0; j++) {
        if (!find_long_option(argv[j], longopts))
            continue;
        int n = 1 + takes_next(argv[j], shortopts, longopts);
        if (j + n > argc)
            return argv[j];
        char *moved[2] = {argv[j], n == 2 ? argv[j + 1] : NULL};
        memmove(argv + query + n, argv + query, (size_t)(j - query) * sizeof *argv);
        for (int k = 0; k < n; k++)
            argv[query + k] = moved[k];
        query += n;
        j += n - 1;
    }
    return NULL;
}

/* Returns -1 on a usage error, 1 if the program should exit 0 (help), else 0. */
static int parse_args(int argc, char **argv, cli *c)
{
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},      {"limit", required_argument, 0, 'n'},
        {"offset", required_argument, 0, 'O'},  {"all", no_argument, 0, 'A'},
        {"since", required_argument, 0, 'S'},   {"until", required_argument, 0, 'U'},
        {"sort", required_argument, 0, 's'},    {"weight", required_argument, 0, 'w'},
        {"bm25", required_argument, 0, 'B'},    {"title-weight", required_argument, 0, 1001},    {"facets", required_argument, 0, 'F'},
        {"snippet-chars", required_argument, 0, 'C'}, {"no-snippets", no_argument, 0, 1002}, {"exact", no_argument, 0, 'X'},
        {"format", required_argument, 0, 'f'},  {"color", required_argument, 0, 'c'},
        {"colour", required_argument, 0, 'c'},  {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},       {"allow-partial", no_argument, 0, 'P'},
        {"timeout", required_argument, 0, 'T'},
        {"show", required_argument, 0, 1003},
        {"like", required_argument, 0, VIEW_OPT_LIKE}, {"expand", no_argument, 0, VIEW_OPT_EXPAND},
        {"collapse", no_argument, 0, VIEW_OPT_COLLAPSE},
        {"timeline", required_argument, 0, VIEW_OPT_TIMELINE},
        {"graph", required_argument, 0, VIEW_OPT_GRAPH},
        {"terms", required_argument, 0, VIEW_OPT_TERMS},
        {"entities", required_argument, 0, 1101}, {"type", required_argument, 0, 1102},
        {"allow-programs", no_argument, 0, 1301},
        {"count", no_argument, 0, 1302},
        {0, 0, 0, 0}};
    static const char *const formats[] = {"text", "json", "jsonl", "graphml"};
    static const char *const sorts[] = {"relevance", "date", "-date"};
    static const char *const weights[] = {"bm25", "bm25+", "dph", "lm"};
    static const char *const colors[] = {"never", "always", "auto"};
    const char *entity_types[BL_FACET_NTYPES];
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        entity_types[t] = bl_facet_type_name(t);
    int opt, v;
    unsigned u;
    c->color = bl_color_auto(STDOUT_FILENO);
    static const char shortopts[] = "+d:n:f:h";
    const char *valueless = hoist_trailing_options(argc, argv, shortopts + 1, longopts);
    if (valueless) {
        fprintf(stderr, "byline-search: option %s needs a value after it (%s VALUE)\n",
                valueless, valueless);
        return -1;
    }
    while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        switch (opt) {
        case 'd':
            if (c->n_dbs == sizeof c->dbs / sizeof *c->dbs) {
                fprintf(stderr, "byline-search: too many -d options (at most 64)\n");
                return -1;
            }
            c->dbs[c->n_dbs++] = optarg;
            break;
        case 'n':
            if (parse_uint("--limit", optarg, 1000000, &c->o.limit) < 0) return -1;
            c->limit_given = 1;
            break;
        case 1101: c->entities = optarg; break;
        case 1102:
            if (parse_choice("--type", optarg, entity_types, BL_FACET_NTYPES) < 0) return -1;
            c->entity_type = optarg;
            break;
        case 'O': if (parse_uint("--offset", optarg, 100000000, &c->o.offset) < 0) return -1; break;
        case 'A': c->o.all_words = 1; break;
        case 'S': c->o.since = optarg; break;
        case 'U': c->o.until = optarg; break;
        case 'X': c->o.exact_total = 1; break;
        case 1002: c->o.no_snippets = 1; break;
        case 'P': c->so.allow_partial = 1; break;
        case 1301: c->so.allow_programs = 1; break;
        case 1302: c->count_only = 1; break;
        case 'T':
            if (parse_uint("--timeout", optarg, 3600000, &c->so.timeout_ms) < 0) return -1;
            if (c->so.timeout_ms == 0) {
                fprintf(stderr, "byline-search: --timeout takes milliseconds, at least 1\n");
                return -1;
            }
            break;
        case 'C':
            if (parse_uint("--snippet-chars", optarg, 100000, &u) < 0) return -1;
            c->o.snippet_chars = u;
            break;
        case 's':
            if ((v = parse_choice("--sort", optarg, sorts, 3)) < 0) return -1;
            c->o.sort = (bl_sort)v;
            break;
        case 'w':
            if ((v = parse_choice("--weight", optarg, weights, 4)) < 0) return -1;
            c->o.weighting = (bl_weighting)v;
            break;
        case 'B': if (parse_bm25(optarg, &c->o) < 0) return -1; break;
        case 1001: {
            char *end;
            double w = strtod(optarg, &end);
            if (*end || end == optarg || w < 1 || w > 100) {
                fprintf(stderr, "byline-search: --title-weight takes a number from 1 to 100, "
                        "not '%s'\n", optarg);
                return -1;
            }
            c->o.title_weight = w;
            break;
        }
        case 'F': if (parse_facets(optarg, &c->o) < 0) return -1; break;
        case 1003: c->show = optarg; break;
        case 'f':
            if ((c->format = parse_choice("--format", optarg, formats, 4)) < 0) return -1;
            break;
        case 'c':
            if ((v = parse_choice("--color", optarg, colors, 3)) < 0) return -1;
            c->color = v == 2 ? bl_color_auto(STDOUT_FILENO) : v;
            break;
        case 'h': usage(stdout); return 1;
        case 'V': printf("byline-search %s\n", bl_version()); return 1;
        case VIEW_OPT_LIKE: case VIEW_OPT_EXPAND: case VIEW_OPT_COLLAPSE: case VIEW_OPT_TIMELINE:
        case VIEW_OPT_GRAPH: case VIEW_OPT_TERMS:
            if (views_parse_option(opt, optarg, &c->o) < 0) return -1;
            break;
        default: return -1;
        }
    }
    if (c->format == FORMAT_GRAPHML && !views_graph_asked(&c->o)) {
        fprintf(stderr, "byline-search: --format graphml prints the --graph network: add "
                        "--graph TYPES, e.g. --graph person,org\n");
        return -1;
    }
    return 0;
}

/* ---- output ---------------------------------------------------------------------------- */

static void print_snippet(const bl_hit *h, int color)
{
    const char *s = h->snippet ? h->snippet : "";
    size_t pos = 0, len = strlen(s);
    fputs("   ", stdout);
    if (h->snippet_cut_start)
        fputs("…", stdout);
    for (size_t i = 0; i < h->n_matches; i++) {
        size_t a = h->match_start[i], b = h->match_end[i];
        if (a < pos || b > len || a > b)
            continue;
        bl_fwrite_escaped(s + pos, a - pos, stdout);
        fputs(color ? "\033[1m" : "", stdout);
        bl_fwrite_escaped(s + a, b - a, stdout);
        fputs(color ? "\033[0m" : "", stdout);
        pos = b;
    }
    bl_fputs_escaped(s + pos, stdout);
    if (h->snippet_cut_end)
        fputs("…", stdout);
    putchar('\n');
}


static void print_text(const cli *c, const bl_results *r)
{
    size_t n = bl_results_size(r);
    printf("%s%lu result%s", bl_results_total_exact(r) ? "" : "about ", bl_results_total(r),
           bl_results_total(r) == 1 ? "" : "s");
    if (n)
        printf(" (showing %u-%u)", bl_results_hit(r, 0)->rank,
               bl_results_hit(r, n - 1)->rank);
    printf("\n");
    for (size_t i = 0; i < n; i++) {
        const bl_hit *h = bl_results_hit(r, i);
        /* Every field comes from a document: escaped (bl_fputs_escaped). */
        printf("\n%u. %s", h->rank, c->color ? "\033[1m" : "");
        bl_fputs_escaped(h->title && *h->title ? h->title : "(untitled)", stdout);
        printf("%s\n   ", c->color ? "\033[0m" : "");
        if (h->date) {
            bl_fwrite_escaped(h->date, strnlen(h->date, 10), stdout);
            fputs("  ", stdout);
        }
        bl_fputs_escaped(h->id ? h->id : "", stdout);
        printf("  score %.3f", h->score);
        if (h->similar) /* --collapse */
            printf("  +%lu similar", h->similar);
        printf("\n");
        print_snippet(h, c->color);
    }
    for (int t = 0; t < BL_FACET_NTYPES; t++) {
        if (!c->o.facets[t])
            continue;
        printf("\n%s:\n", bl_facet_type_name(t));
        for (size_t i = 0; i < bl_results_facet_size(r, t); i++) {
            const bl_facet *f = bl_results_facet(r, t, i);
            printf("  %6lu  ", f->count);
            bl_fputs_escaped(f->name, stdout);
            putchar('\n');
        }
    }
    if (bl_results_suggestion(r)) {
        fputs("\nDid you mean: ", stdout);
        bl_fputs_escaped(bl_results_suggestion(r), stdout);
        putchar('\n');
    }
    views_print_text(r, &c->o, c->color);
}

static int print_json(const cli *c, const char *query, const bl_results *r)
{
    if (c->format == FORMAT_GRAPHML) {
        char *xml = bl_results_graph_to_graphml(r);
        int rc = xml && fputs(xml, stdout) >= 0 ? 0 : -1;
        free(xml);
        if (bl_results_views_note(r))
            fprintf(stderr, "byline-search: note: %s\n", bl_results_views_note(r));
        return rc;
    }
    char *text = bl_results_to_json(r, query, &c->o,
                                    c->format == FORMAT_JSONL ? BL_JSON_LINES : BL_JSON_DOCUMENT);
    if (!text)
        return -1;
    int rc = fputs(text, stdout) < 0 ? -1 : 0;
    free(text);
    return rc;
}

/* ---- --show ID: one whole document ----------------------------------------------------- */

/* The body of a document: escaped as every field (bl_fwrite_escaped), but its line breaks and
 * tabs kept, so that it reads as text. */
static void print_body(const char *s)
{
    while (s && *s) {
        size_t run = strcspn(s, "\n\t");
        bl_fwrite_escaped(s, run, stdout);
        if (!s[run])
            break;
        putchar(s[run]);
        s += run + 1;
    }
}

static void print_field(const char *name, const char *value)
{
    if (!value)
        return;
    printf("%s: ", name);
    bl_fputs_escaped(value, stdout);
    putchar('\n');
}

/* notmuch-show-like text: "field: value" lines, the entities, a blank line, the body. */
static void print_document_text(const bl_document_view *v)
{
    const bl_document *d = bl_document_view_fields(v);
    print_field("id", d->id);
    print_field("title", d->title);
    print_field("date", d->date);
    print_field("source", d->source);
    print_field("url", d->url);
    print_field("path", d->path);
    for (size_t i = 0; i < d->n_authors; i++)
        print_field("author", d->authors[i]);
    for (size_t i = 0; i < bl_document_view_entity_count(v); i++) {
        const bl_hit_entity *e = bl_document_view_entity(v, i);
        printf("entity: %s %u ", e->type, e->count);
        bl_fputs_escaped(e->name, stdout);
        putchar('\n');
    }
    putchar('\n');
    print_body(d->text);
    if (d->text_len && d->text[d->text_len - 1] != '\n')
        putchar('\n');
}

static bl_status show_document(const cli *c, bl_searcher *s)
{
    bl_document_view *v = NULL;
    bl_status st = bl_searcher_document(s, c->show, &v);
    if (st == BL_ERR_NOT_FOUND) {
        fprintf(stderr, "byline-search: no document with id '");
        for (const unsigned char *p = (const unsigned char *)c->show; *p; p++)
            fprintf(stderr, *p < 0x20 || *p == 0x7f ? "\\x%02x" : "%c", *p);
        fprintf(stderr, "' (ids are listed by a search: byline-search --format jsonl ...)\n");
        return st;
    }
    if (st != BL_OK) {
        fprintf(stderr, "byline-search: %s: %s\n", bl_status_to_string(st),
                bl_searcher_last_error(s));
        return st;
    }
    if (c->format == FORMAT_TEXT) {
        print_document_text(v);
    } else {
        char *text = bl_document_to_json(v);
        if (!text || fputs(text, stdout) < 0)
            st = BL_ERR_NO_MEMORY;
        free(text);
    }
    bl_document_view_free(v);
    return st;
}


/* byline-search --entities TEXT: the dictionary entries, as text or JSON. */
static int run_entities(const cli *c, bl_searcher *s, bl_status *st)
{
    bl_entity_matches *m = NULL;
    *st = bl_entities_lookup(s, c->entities, c->entity_type,
                             c->limit_given ? c->o.limit : 20, &m);
    if (*st != BL_OK)
        return -1;
    size_t n = bl_entity_matches_size(m);
    if (c->format != FORMAT_TEXT) {
        char *text = bl_entity_matches_to_json(m);
        if (!text || fputs(text, stdout) < 0)
            *st = BL_ERR_NO_MEMORY;
        free(text);
    } else {
        for (size_t i = 0; i < n; i++) {
            const bl_entity_info *e = bl_entity_matches_get(m, i);
            printf("%7lu  %-6s  ", e->documents, e->type);
            bl_fputs_escaped(e->name, stdout);
            for (size_t k = 0; k < e->n_aliases; k++) {
                fputs(k ? ", " : "  (also: ", stdout);
                bl_fputs_escaped(e->aliases[k], stdout);
            }
            puts(e->n_aliases ? ")" : "");
        }
        if (n == 0) {
            fputs("byline-search: no entity matches '", stderr);
            bl_fputs_escaped(c->entities, stderr);
            fputs("'\n", stderr);
        }
    }
    bl_entity_matches_free(m);
    return *st == BL_OK ? (int)(n > 0) : -1;
}

/* ---- main ------------------------------------------------------------------------------ */

static char *join_args(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *q = malloc(len), *p = q;
    if (!q)
        return NULL;
    for (int i = 0; i < argc; i++)
        p += sprintf(p, "%s%s", i ? " " : "", argv[i]);
    *p = '\0';
    return q;
}

static void on_warning(void *ctx, const char *message)
{
    (void)ctx;
    fputs("byline-search: warning: ", stderr);
    bl_fputs_escaped(message, stderr); /* may quote a stub line */
    fputc('\n', stderr);
}

static int exit_for_status(bl_status st) { return bl_exit_status(st); }

static void report_query_error(const char *query, const bl_query_error *e)
{
    char buf[4096];
    if (bl_query_error_format(query, e, buf, sizeof buf) < 0)
        snprintf(buf, sizeof buf, "%s", e->message);
    fprintf(stderr, "byline-search: query error: %s\n", buf);
}

int main(int argc, char **argv)
{
    cli c = {0};
    bl_search_options_init(&c.o);
    bl_searcher_options_init(&c.so);
    c.so.warning = on_warning;
    int rc = parse_args(argc, argv, &c);
    if (rc)
        return rc > 0 ? EXIT_FOUND : (fprintf(stderr, "Try 'byline-search --help' for more "
                                                      "information.\n"), EXIT_USAGE);
    if (c.count_only) { /* whatever else was asked: no hits, no facets, an exact count */
        c.o.limit = 0;
        c.o.exact_total = 1;
        memset(c.o.facets, 0, sizeof c.o.facets);
    }
    if (c.entity_type && !c.entities) {
        fprintf(stderr, "byline-search: --type goes with --entities TEXT\nTry 'byline-search "
                        "--help' for more information.\n");
        return EXIT_USAGE;
    }
    if (c.entities && optind < argc) {
        fprintf(stderr, "byline-search: --entities looks names up in the whole index and takes "
                        "no query (found '%s')\n", argv[optind]);
        return EXIT_USAGE;
    }
    if (c.show && optind < argc) {
        fprintf(stderr, "byline-search: --show takes an id and no query\nTry 'byline-search "
                        "--help' for more information.\n");
        return EXIT_USAGE;
    }
    if (!c.show && !c.entities && optind >= argc && !c.o.like_id) {
        fprintf(stderr, "byline-search: no query given\nTry 'byline-search --help' for more "
                        "information.\n");
        return EXIT_USAGE;
    }
    if (c.n_dbs == 0)
        c.dbs[c.n_dbs++] = bl_default_index(NULL);
    char *query = join_args(argc - optind, argv + optind), *err = NULL;
    if (!query)
        return EXIT_INTERNAL;
    bl_searcher *s = NULL;
    bl_status st = bl_searcher_open_ex(c.dbs, c.n_dbs, &c.so, &s, &err);
    if (st != BL_OK) {
        fputs("byline-search: cannot open index: ", stderr);
        bl_fputs_escaped(err && *err ? err : bl_status_to_string(st), stderr);
        fputc('\n', stderr);
        if (st == BL_ERR_NOT_FOUND)
            fprintf(stderr, "Create one with: byline-index -d %s FOLDER\n", c.dbs[0]);
        else if (st == BL_ERR_CORRUPT)
            fprintf(stderr, "The index is damaged (or from an unsupported Xapian version): "
                    "check it with xapian-check, or rebuild it with byline-index --full -d "
                    "%s FOLDER\n", c.dbs[0]);
        else if (st == BL_ERR_NETWORK)
            fprintf(stderr, "Check that the server is running, or use --allow-partial to "
                    "search the shards that answer\n");
        free(err);
        free(query);
        return exit_for_status(st);
    }
    if (c.show || c.entities) {
        int found = 1;
        if (c.show) {
            st = show_document(&c, s);
            found = st == BL_OK;
            if (st == BL_ERR_NOT_FOUND)
                st = BL_OK;
        } else {
            found = run_entities(&c, s, &st);
            if (st != BL_OK)
                fprintf(stderr, "byline-search: --entities: %s%s%s\n", bl_status_to_string(st),
                        *bl_searcher_last_error(s) ? ": " : "", bl_searcher_last_error(s));
        }
        bl_searcher_close(s);
        free(query);
        if (fflush(stdout) != 0)
            return EXIT_INTERNAL;
        return st != BL_OK ? exit_for_status(st) : found ? EXIT_FOUND : EXIT_NONE;
    }
    bl_results *r = NULL;
    bl_query_error qerr = {0};
    st = bl_search(s, query, &c.o, &r, &qerr);
    if (st == BL_OK && c.format == FORMAT_TEXT && bl_results_entity_note(r)) {
        fputs("byline-search: ", stderr);
        bl_fputs_escaped(bl_results_entity_note(r), stderr);
        fputs("\n", stderr);
    }
    if (st == BL_ERR_QUERY) {
        report_query_error(query, &qerr);
    } else if (st == BL_ERR_NOT_FOUND && c.o.like_id) { /* the index is there, the document not */
        fputs("byline-search: ", stderr);
        bl_fputs_escaped(bl_searcher_last_error(s), stderr);
        fputc('\n', stderr);
    } else if (st != BL_OK) {
        fprintf(stderr, "byline-search: %s: ", bl_status_to_string(st));
        bl_fputs_escaped(bl_searcher_last_error(s), stderr);
        fputc('\n', stderr);
    } else if (c.count_only) {
        printf("%lu\n", bl_results_total(r));
    } else if ((c.format == FORMAT_TEXT ? (print_text(&c, r), 0) : print_json(&c, query, r)) <
               0) {
        st = BL_ERR_NO_MEMORY;
    }
    int code = st != BL_OK ? exit_for_status(st)
                           : (bl_results_size(r) || (c.o.limit == 0 && bl_results_total(r)))
                                 ? EXIT_FOUND : EXIT_NONE;
    bl_results_free(r);
    bl_searcher_close(s);
    free(query);
    if (fflush(stdout) != 0)
        return EXIT_INTERNAL;
    return code;
}
