/* SPDX-License-Identifier: GPL-2.0-or-later */
/* views_collapse.c — --collapse: how many near-duplicates each shown hit stands for.
 *
 * The collapsing itself is Xapian's (Enquire::set_collapse_key on BL_SLOT_NEARDUP, set in
 * lib/search.c).  Its collapse count is not used for "similar": when shards are searched as
 * one, Xapian 1.4 collapses within each shard and again when merging, and the merge does not
 * add what it drops to the count (two tcpsrv shards said +1 where one index said +2).  So the
 * copies are counted here, exactly, with one ValueCountMatchSpy pass over the uncollapsed
 * match set: the number of matches sharing a hit's signature, minus the hit itself.
 */
#include "views.h"

#include "schema.h"

#include <stdlib.h>
#include <string.h>

typedef struct similar_ctx {
    char **sigs;              /* signature of each hit of the page ("" when it has none) */
    size_t *sig_len;
    size_t n;
    unsigned long *similar;
} similar_ctx;

static int on_signature(void *vctx, const char *value, size_t len, unsigned long count)
{
    similar_ctx *c = vctx;
    for (size_t i = 0; i < c->n; i++)
        if (c->sig_len[i] == len && len && !memcmp(c->sigs[i], value, len))
            c->similar[i] = count ? count - 1 : 0;
    return 0;
}

bl_status bl_views_similar(const bl_views_env *e, const xc_query *q, xc_mset *page,
                           unsigned long *similar)
{
    size_t n = xc_mset_size(page);
    similar_ctx c = {calloc(n + 1, sizeof(char *)), calloc(n + 1, sizeof(size_t)), n, similar};
    unsigned long docs = 0;
    xc_enquire *enq = NULL;
    xc_status xs = c.sigs && c.sig_len ? XC_OK : XC_NO_MEMORY;
    for (size_t i = 0; xs == XC_OK && i < n; i++) {
        similar[i] = 0;
        xs = xc_mset_get_value(page, (unsigned)i, BL_SLOT_NEARDUP, &c.sigs[i], &c.sig_len[i]);
    }
    if (xs == XC_OK)
        xs = bl_views_match_all(e, q, &enq, &docs);
    if (xs == XC_OK && n)
        xs = xc_enquire_count_values(enq, BL_SLOT_NEARDUP, docs, on_signature, &c, NULL);
    bl_status st = BL_OK;
    if (xs != XC_OK)
        st = bl_views_fail(e, xs, enq ? xc_enquire_last_error(enq) : xc_db_last_error(e->db));
    xc_enquire_free(enq);
    for (size_t i = 0; c.sigs && i < n; i++)
        free(c.sigs[i]);
    free(c.sigs);
    free(c.sig_len);
    return st;
}

bl_status bl_views_check_collapse(const bl_views_env *e, bl_views *v)
{
    unsigned long docs = 0, with_sig = 0;
    xc_status xs = xc_db_doc_count(e->db, &docs);
    if (xs == XC_OK)
        xs = xc_db_value_freq(e->db, BL_SLOT_NEARDUP, &with_sig);
    if (xs != XC_OK)
        return bl_views_fail(e, xs, xc_db_last_error(e->db));
    if (docs && !with_sig &&
        !bl_views_keep(v, v->note = strdup("this index has no near-duplicate signatures (it "
                                           "was built before they existed), so nothing was "
                                           "collapsed; rebuild it with byline-index --full")))
        return BL_ERR_NO_MEMORY;
    return BL_OK;
}
