/* SPDX-License-Identifier: GPL-2.0-or-later */
/* schema.c — the functions behind lib/schema.h's layout rules (see there). */
#include "schema.h"
#include "hash.h"

#include <stdio.h>
#include <string.h>

void bl_id_term(const char *id, char *buf, size_t n)
{
    size_t len = strlen(id);
    if (len + 1 <= BL_MAX_TERM_BYTES && len + 1 < n) {
        snprintf(buf, n, "%s%s", BL_PREFIX_ID, id);
        return;
    }
    snprintf(buf, n, "%s%.200s#%016llx", BL_PREFIX_ID, id,
             (unsigned long long)bl_fnv1a64(id, len));
}
