/* SPDX-License-Identifier: GPL-2.0-or-later */
/* render_graphml.c — the entity network of a result set as GraphML.
 *
 * byline-search --graph ... --format graphml prints this; Gephi, networkx (read_graphml),
 * yEd and igraph open it.  Nodes carry name, key, type and count (matching documents naming
 * the entity); edges carry count (matching documents naming both), also written as the
 * edge's weight, which Gephi uses for layout.  Text is XML-escaped; control characters that
 * XML 1.0 forbids are dropped.
 */
#include "byline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Write s XML-escaped to f. */
static void put_escaped(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
                fputc(c, f);
        }
    }
}

char *bl_results_graph_to_graphml(const bl_results *r)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
          "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
          "  <key id=\"key\" for=\"node\" attr.name=\"key\" attr.type=\"string\"/>\n"
          "  <key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n"
          "  <key id=\"ncount\" for=\"node\" attr.name=\"count\" attr.type=\"long\"/>\n"
          "  <key id=\"ecount\" for=\"edge\" attr.name=\"count\" attr.type=\"long\"/>\n"
          "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
          "  <graph id=\"byline\" edgedefault=\"undirected\">\n", f);
    for (size_t i = 0; i < bl_results_graph_node_count(r); i++) {
        const bl_graph_node *n = bl_results_graph_node(r, i);
        fprintf(f, "    <node id=\"n%zu\"><data key=\"name\">", i);
        put_escaped(f, n->name);
        fputs("</data><data key=\"key\">", f);
        put_escaped(f, n->key);
        fprintf(f, "</data><data key=\"type\">%s</data><data key=\"ncount\">%lu</data></node>\n",
                n->type, n->count);
    }
    for (size_t i = 0; i < bl_results_graph_edge_count(r); i++) {
        const bl_graph_edge *e = bl_results_graph_edge(r, i);
        fprintf(f, "    <edge id=\"e%zu\" source=\"n%zu\" target=\"n%zu\"><data key=\"ecount\">"
                   "%lu</data><data key=\"weight\">%lu</data></edge>\n",
                i, e->source, e->target, e->count, e->count);
    }
    fputs("  </graph>\n</graphml>\n", f);
    if (ferror(f)) {
        fclose(f);
        free(text);
        return NULL;
    }
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}
