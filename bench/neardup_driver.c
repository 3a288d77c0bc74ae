/* SPDX-License-Identifier: GPL-2.0-or-later */
/* neardup_driver.c — print the near-duplicate signature (lib/neardup.h) of each document.
 *
 * Reads JSON Lines {"id", "text"} on standard input, writes "id<TAB>signature" lines (an empty
 * signature for bodies too short to have one).  bench/neardup builds its test set and scores
 * the grouping; this program only exposes the library's signature, so that what is measured is
 * exactly what byline-index stores in BL_SLOT_NEARDUP.
 */
#include "neardup.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        lineno++;
        json_error_t err;
        json_t *doc = json_loadb(line, (size_t)n, 0, &err);
        const char *id = json_string_value(json_object_get(doc, "id"));
        json_t *text = json_object_get(doc, "text");
        if (!id || !json_is_string(text)) {
            fprintf(stderr, "neardup_driver: line %lu: no id or text\n", lineno);
            json_decref(doc);
            continue;
        }
        char sig[BL_NEARDUP_SIG_CHARS + 1];
        bl_neardup_signature(json_string_value(text), json_string_length(text), sig);
        printf("%s\t%s\n", id, sig);
        json_decref(doc);
    }
    free(line);
    return ferror(stdout) ? 1 : 0;
}
