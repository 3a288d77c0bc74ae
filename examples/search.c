/* SPDX-License-Identifier: GPL-2.0-or-later */
/* search.c — the smallest complete libbyline program: index two articles, then search them.
 *
 *   cc search.c $(pkg-config --cflags --libs byline) -o search
 *   ./search /tmp/example.db drones
 *
 * It creates (or reuses) the index at DIR, adds two documents (adding them again replaces
 * them), and prints the hits of QUERY with their places, one a line: "rank id title".
 * Exit status as byline-search: 0 hits, 1 none, 2 usage or query error, 3+ index errors
 * (bl_exit_status). */
#include <byline.h>

#include <stdio.h>
#include <string.h>

static int add_articles(const char *dir)
{
    static const char *const ids[2] = {"border", "budget"};
    static const char *const titles[2] = {"Drones seen over the border",
                                          "Parliament passes the budget"};
    static const char *const texts[2] = {
        "Officials in Jammu said two drones crossed the border at night.",
        "The budget raises spending on roads and schools, the finance minister said."};
    bl_index *ix = NULL;
    char *err = NULL;
    bl_status st = bl_index_open(dir, NULL, &ix, &err);
    if (st != BL_OK) {
        fprintf(stderr, "search: cannot open %s: %s\n", dir, err ? err : bl_status_to_string(st));
        return bl_exit_status(st);
    }
    for (int i = 0; i < 2 && st == BL_OK; i++) {
        bl_document d;
        bl_document_init(&d);
        d.id = ids[i];
        d.title = titles[i];
        d.text = texts[i];
        d.text_len = strlen(texts[i]);
        d.date = "2025-07-24T00:00:00Z";
        st = bl_index_add(ix, &d, NULL);
    }
    if (st != BL_OK)
        fprintf(stderr, "search: cannot add: %s\n", bl_index_last_error(ix));
    bl_status cst = bl_index_close(ix);
    return bl_exit_status(st != BL_OK ? st : cst);
}

static int search(const char *dir, const char *query)
{
    bl_searcher *s = NULL;
    char *err = NULL;
    bl_status st = bl_searcher_open(&dir, 1, &s, &err);
    if (st != BL_OK) {
        fprintf(stderr, "search: cannot open %s: %s\n", dir, err ? err : bl_status_to_string(st));
        return bl_exit_status(st);
    }
    bl_search_options o;
    bl_search_options_init(&o);
    bl_results *r = NULL;
    bl_query_error qerr;
    st = bl_search(s, query, &o, &r, &qerr);
    int code = bl_exit_status(st);
    if (st == BL_ERR_QUERY)
        fprintf(stderr, "search: query error at column %zu: %s\n", qerr.column, qerr.message);
    else if (st != BL_OK)
        fprintf(stderr, "search: %s\n", bl_searcher_last_error(s));
    else {
        printf("%zu hit%s for: %s\n", bl_results_size(r), bl_results_size(r) == 1 ? "" : "s",
               query);
        for (size_t i = 0; i < bl_results_size(r); i++) {
            const bl_hit *h = bl_results_hit(r, i);
            printf("%u %s %s\n", h->rank, h->id, h->title ? h->title : "");
            for (size_t e = 0; e < h->n_entities; e++)
                printf("  %s: %s\n", h->entities[e].type, h->entities[e].name);
        }
        code = bl_results_size(r) ? 0 : 1;
    }
    bl_results_free(r);
    bl_searcher_close(s);
    return code;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: search DIR QUERY\n");
        return BL_EXIT_USAGE;
    }
#if !BYLINE_CHECK_VERSION(0, 2, 0)
#error "this example needs byline.h 0.2.0 or later (bl_document_init, bl_exit_status)"
#endif
    int major = -1;
    if (sscanf(bl_version(), "%d", &major) != 1 || major != BYLINE_VERSION_MAJOR) {
        fprintf(stderr, "search: libbyline %s does not match byline.h %d.x\n", bl_version(),
                BYLINE_VERSION_MAJOR);
        return BL_EXIT_INTERNAL;
    }
    int rc = add_articles(argv[1]);
    return rc ? rc : search(argv[1], argv[2]);
}
