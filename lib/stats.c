/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stats.c — what an index holds (byline-index --stats), read through a read-only handle so
 * that it works while a writer is running (it sees the last commit). */
#include "byline.h"
#include "index_internal.h"
#include "layout.h"
#include "locations.h"
#include "schema.h"
#include "status.h"
#include "util.h"
#include "xapian_c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int count_term(void *ctx, const char *term, size_t len, unsigned long tf)
{
    (void)term;
    (void)len;
    (void)tf;
    (*(unsigned long *)ctx)++;
    return 0;
}

void bl_index_info_free(bl_index_info *info)
{
    if (!info)
        return;
    free(info->roots);
    info->roots = NULL;
}

bl_status bl_index_info_read(const char *path, bl_index_info *info, char **err)
{
    if (err)
        *err = NULL;
    if (!path || !info)
        return BL_ERR_ARGUMENT;
    memset(info, 0, sizeof *info);
    char msg[512];
    bl_layout lay;
    bl_status st = bl_layout_read(path, 0, &lay, msg, sizeof msg);
    if (st == BL_OK && lay.n == 0)
        st = BL_ERR_NOT_FOUND;
    if (st != BL_OK) {
        if (err && asprintf(err, "%s", msg[0] ? msg : "no index there") < 0)
            *err = NULL;
        return st;
    }
    info->shards = lay.n;
    bl_layout_free(&lay);
    /* Opened as byline-search opens it, so that a compaction swapping the layout meanwhile
     * is noticed and the new one read (lib/locations.c). */
    xc_db *db = NULL;
    const char *locs[] = {path};
    st = bl_locations_open(locs, 1, NULL, &db, NULL, err);
    if (st != BL_OK)
        return st;
    xc_status xs = XC_OK;
    static const char *const prefixes[BL_ENTITY_TYPES_N] = {
        BL_PREFIX_PERSON, BL_PREFIX_PLACE, BL_PREFIX_ORG, BL_PREFIX_OTHER};
    xs = xc_db_doc_count(db, &info->documents);
    if (xs == XC_OK)
        xs = xc_db_allterms(db, NULL, count_term, &info->terms);
    for (int i = 0; xs == XC_OK && i < BL_ENTITY_TYPES_N; i++)
        xs = xc_db_allterms(db, prefixes[i], count_term, &info->entities[i]);
    char *v = NULL;
    if (xs == XC_OK && (xs = xc_db_get_metadata(db, BL_META_LANGUAGE, &v, NULL)) == XC_OK)
        snprintf(info->language, sizeof info->language, "%s", *v ? v : "english");
    free(v);
    v = NULL;
    if (xs == XC_OK && (xs = xc_db_get_metadata(db, BL_META_FORMAT, &v, NULL)) == XC_OK)
        info->format = *v ? atoi(v) : 1;
    free(v);
    v = NULL;
    if (xs == XC_OK && (xs = xc_db_get_metadata(db, BL_META_LAST_COMMIT, &v, NULL)) == XC_OK)
        snprintf(info->last_commit, sizeof info->last_commit, "%s", v);
    free(v);
    if (xs == XC_OK)
        xs = xc_db_get_metadata(db, BL_META_ROOTS, &info->roots, NULL);
    if (xs != XC_OK && err && !*err)
        *err = strdup(xc_db_last_error(db));
    xc_db_close(db);
    if (xs != XC_OK) {
        bl_index_info_free(info);
        return bl_status_from_xc(xs);
    }
    info->disk_bytes = 0;
    bl_disk_usage(path, &info->disk_bytes);
    return BL_OK;
}
