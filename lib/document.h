/* SPDX-License-Identifier: GPL-2.0-or-later */
/* document.h — fetching one whole stored document (internal; the public API is
 * bl_searcher_document in byline.h, which lib/search.c implements over this). */
#ifndef BYLINE_DOCUMENT_H
#define BYLINE_DOCUMENT_H

#include "byline.h"
#include "xapian_c.h"

/* Fetch the document with this id from db into *out (owned by the caller).  On an error
 * other than BL_ERR_NOT_FOUND, err (n bytes) receives the detail. */
bl_status bl_document_fetch(xc_db *db, const char *id, bl_document_view **out, char *err,
                            size_t n);

#endif
