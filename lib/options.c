/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.c — defaults and the policies programs share.  The _init functions of the public
 * structs a caller fills in (byline.h, "ABI rules"): the one place that says what each field
 * defaults to, so that a field added at the end of a struct in a later release gets its
 * default in programs that call the _init function.  Also where a program finds its index
 * when none is named, and when it colours its output.  bl_search_options_init and bl_searcher_options_init live beside their searches
 * (lib/search.c). */
#include "byline.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void bl_document_init(bl_document *d)
{
    if (d)
        memset(d, 0, sizeof *d);
}

void bl_ingest_options_init(bl_ingest_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->max_doc_size = BL_DEFAULT_MAX_DOC;
}

void bl_index_options_init(bl_index_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->language = "english";
    o->shards = 1;
}

void bl_indexer_options_init(bl_indexer_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    bl_index_options_init(&o->index);
    o->index.shards = BL_SHARDS_PER_JOB;
    o->jobs = 0;          /* one per online CPU, decided when the indexer opens */
    o->memory_mb = BL_DEFAULT_MEMORY_MB;
    o->max_doc_size = 0;  /* the smaller of BL_DEFAULT_MAX_DOC and memory_mb / 5 */
}

const char *bl_default_index(const char *given)
{
    if (given)
        return given;
    const char *env = getenv("BYLINE_DB");
    return env && *env ? env : "byline.db";
}

int bl_color_auto(int fd)
{
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    if (no_color && *no_color)
        return 0;
    if (term && !strcmp(term, "dumb"))
        return 0;
    return isatty(fd);
}
