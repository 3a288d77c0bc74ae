/* SPDX-License-Identifier: GPL-2.0-or-later */
/* version.c — the version of the library that is linked, for programs that were compiled
 * against an older or newer byline.h (the macros give the header's version, this the
 * library's).  The version is written once, in include/byline.h. */
#include "byline.h"

#define BL_STR_(x) #x
#define BL_STR(x) BL_STR_(x)

const char *bl_version(void)
{
    return BL_STR(BYLINE_VERSION_MAJOR) "." BL_STR(BYLINE_VERSION_MINOR) "."
           BL_STR(BYLINE_VERSION_MICRO);
}
