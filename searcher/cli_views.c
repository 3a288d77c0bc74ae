/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cli_views.c — byline-search's analyst views: --like, --expand, --collapse, --timeline, --graph
 * and --terms parsed into bl_search_options, and their text rendering for people (JSON and
 * GraphML come from the library: bl_results_to_json, bl_results_graph_to_graphml).
 */
#include "cli_views.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int parse_count(const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || s[0] == '-' || v < lo || v > hi) {
        fprintf(stderr, "byline-search: %s takes a whole number from %u to %u, not '%s'\n", opt,
                lo, hi, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* --graph TYPE[,TYPE...][:N] */
static int parse_graph(const char *spec, bl_search_options *o)
{
    char *copy = strdup(spec);
    if (!copy)
        return -1;
    char *colon = strrchr(copy, ':');
    int rc = 0;
    if (colon) {
        *colon = '\0';
        rc = parse_count("--graph", colon + 1, 1, 1000, &o->graph_nodes);
    }
    /* One :N for the whole list (taken off above), so the types take none of their own. */
    unsigned named[BL_FACET_NTYPES] = {0};
    char err[256];
    if (!rc && strchr(copy, ':')) {
        fprintf(stderr, "byline-search: --graph takes one :N at the end, e.g. person,org:30, "
                        "not '%s'\n", spec);
        rc = -1;
    } else if (!rc && *copy &&
               bl_parse_type_list("--graph", copy, 1, 0, named, err, sizeof err) != BL_OK) {
        fprintf(stderr, "byline-search: %s, and :N for the number of nodes\n", err);
        rc = -1;
    }
    for (int t = 0; t < BL_FACET_NTYPES && !rc; t++)
        if (named[t])
            o->graph_types[t] = 1;
    if (!rc && !views_graph_asked(o)) {
        fprintf(stderr, "byline-search: --graph needs at least one type, e.g. person,org\n");
        rc = -1;
    }
    free(copy);
    return rc;
}

int views_graph_asked(const bl_search_options *o)
{
    for (int t = 0; t < BL_FACET_NTYPES; t++)
        if (o->graph_types[t])
            return 1;
    return 0;
}

int views_parse_option(int opt, const char *arg, bl_search_options *o)
{
    static const char *const units[] = {"day", "week", "month", "year"};
    switch (opt) {
    case VIEW_OPT_LIKE:
        if (!*arg) {
            fprintf(stderr, "byline-search: --like takes a document id\n");
            return -1;
        }
        o->like_id = arg;
        return 0;
    case VIEW_OPT_EXPAND: o->expand = BL_EXPAND_DEFAULT_TERMS; return 0;
    case VIEW_OPT_COLLAPSE: o->collapse = 1; return 0;
    case VIEW_OPT_TERMS: return parse_count("--terms", arg, 1, 1000, &o->terms);
    case VIEW_OPT_GRAPH: return parse_graph(arg, o);
    case VIEW_OPT_TIMELINE:
        for (int i = 0; i < 4; i++)
            if (!strcmp(arg, units[i])) {
                o->timeline = BL_TIMELINE_DAY + i;
                return 0;
            }
        fprintf(stderr, "byline-search: --timeline: unknown period '%s' (choose from day, "
                        "week, month, year)\n", arg);
        return -1;
    }
    return -1;
}

/* Columns of the terminal on stdout ($COLUMNS, else the tty's width, else 80). */
static unsigned terminal_width(void)
{
    const char *env = getenv("COLUMNS");
    struct winsize ws;
    if (env && atoi(env) >= 20)
        return (unsigned)atoi(env);
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 80;
}

static void print_timeline(const bl_results *r, int color)
{
    size_t n = bl_results_timeline_size(r);
    unsigned long max = 1;
    for (size_t i = 0; i < n; i++)
        if (bl_results_timeline(r, i)->count > max)
            max = bl_results_timeline(r, i)->count;
    int digits = snprintf(NULL, 0, "%lu", max);
    /* "  PERIOD  BAR COUNT": a period is at most 10 columns; the last column stays free */
    unsigned width = terminal_width(), used = 2 + 10 + 2 + 1 + (unsigned)digits;
    unsigned bar_max = width > used + 1 ? width - used - 1 : 1;
    printf("\ntimeline:\n");
    for (size_t i = 0; i < n; i++) {
        const bl_period *p = bl_results_timeline(r, i);
        unsigned bar = (unsigned)((p->count * bar_max + max - 1) / max);
        printf("  %-10s  ", p->period);
        for (unsigned k = 0; k < bar; k++)
            fputs(color ? "\u2588" : "#", stdout);
        printf(" %lu\n", p->count);
    }
    printf("  undated: %lu\n", bl_results_timeline_undated(r));
}

/* Text shows the strongest edges only: 50 nodes can have 1,225. */
#define TEXT_MAX_EDGES 100

static void print_graph(const bl_results *r)
{
    size_t n = bl_results_graph_node_count(r), m = bl_results_graph_edge_count(r);
    printf("\ngraph: %zu node%s, %zu edge%s\n", n, n == 1 ? "" : "s", m, m == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        const bl_graph_node *g = bl_results_graph_node(r, i);
        printf("  %6lu  ", g->count);
        bl_fputs_escaped(g->name, stdout); /* names come from documents */
        printf(" (%s)\n", g->type);
    }
    if (m)
        printf("  edges (documents naming both):\n");
    for (size_t i = 0; i < m && i < TEXT_MAX_EDGES; i++) {
        const bl_graph_edge *e = bl_results_graph_edge(r, i);
        printf("  %6lu  ", e->count);
        bl_fputs_escaped(bl_results_graph_node(r, e->source)->name, stdout);
        fputs(" -- ", stdout);
        bl_fputs_escaped(bl_results_graph_node(r, e->target)->name, stdout);
        putchar('\n');
    }
    if (m > TEXT_MAX_EDGES)
        printf("  ... %zu weaker edges (--format json or graphml lists them all)\n",
               m - TEXT_MAX_EDGES);
}

static void print_terms(const char *title, size_t n, const bl_term *(*get)(const bl_results *,
                                                                         size_t),
                        const bl_results *r)
{
    printf("\n%s:", title);
    for (size_t i = 0; i < n; i++) { /* words as documents wrote them */
        putchar(' ');
        bl_fputs_escaped(get(r, i)->word ? get(r, i)->word : get(r, i)->term, stdout);
    }
    printf("\n");
}

void views_print_text(const bl_results *r, const bl_search_options *o, int color)
{
    if (o->timeline)
        print_timeline(r, color);
    if (views_graph_asked(o))
        print_graph(r);
    if (o->terms)
        print_terms("terms", bl_results_terms_size(r), bl_results_term, r);
    if (o->like_id || o->expand)
        print_terms(o->like_id ? "like (words used)" : "expanded with",
                    bl_results_added_terms_size(r), bl_results_added_term, r);
    if (bl_results_views_note(r)) {
        fputs("byline-search: note: ", stderr);
        bl_fputs_escaped(bl_results_views_note(r), stderr); /* may quote a document id */
        fputc('\n', stderr);
    }
}
