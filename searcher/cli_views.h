/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cli_views.h — byline-search's analyst-view options and their text output (searcher/cli_views.c). */
#ifndef BYLINE_SEARCHER_VIEWS_H
#define BYLINE_SEARCHER_VIEWS_H

#include "byline.h"

/* getopt codes of the view options (main.c's long option table uses them). */
enum {
    VIEW_OPT_LIKE = 1201, VIEW_OPT_EXPAND, VIEW_OPT_COLLAPSE, VIEW_OPT_TIMELINE,
    VIEW_OPT_GRAPH, VIEW_OPT_TERMS
};

/* Apply view option `opt` with its argument to o.  Returns 0, or -1 after printing a usage
 * error to stderr. */
int views_parse_option(int opt, const char *arg, bl_search_options *o);
/* Is any entity type asked for by --graph? */
int views_graph_asked(const bl_search_options *o);
/* The views' part of the text output (after hits and facets): timeline bar chart fitted to
 * the terminal width, graph, terms, the words --like/--expand added.  A note goes to stderr. */
void views_print_text(const bl_results *r, const bl_search_options *o, int color);

#endif
