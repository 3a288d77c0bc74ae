/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status.c — libbyline's one status enum, its descriptions, and how the binding's statuses
 * map onto it.  Callers of libbyline never see xc_status: a lock stays a lock, a network
 * failure stays a network failure, everything Xapian calls "corrupt" or "wrong version"
 * becomes BL_ERR_CORRUPT (the user's remedy is the same: rebuild the index). */
#include "status.h"

#include <string.h>

const char *bl_status_to_string(bl_status status)
{
    switch (status) {
    case BL_OK: return "success";
    case BL_ERR_NO_MEMORY: return "out of memory";
    case BL_ERR_ARGUMENT: return "invalid argument";
    case BL_ERR_QUERY: return "query syntax error";
    case BL_ERR_INPUT: return "input rejected";
    case BL_ERR_NOT_FOUND: return "index not found";
    case BL_ERR_LOCKED: return "index is locked by another writer";
    case BL_ERR_CORRUPT: return "index is damaged or of an unsupported version";
    case BL_ERR_IO: return "index read/write error";
    case BL_ERR_NETWORK: return "remote index unreachable";
    case BL_ERR_INTERNAL: return "internal error";
    case BL_ERR_MODIFIED: return "index modified while it was read; try again";
    }
    return "unknown status";
}

int bl_exit_status(bl_status status)
{
    switch (status) {
    case BL_OK: return 0;
    case BL_ERR_ARGUMENT: case BL_ERR_QUERY: case BL_ERR_INPUT: case BL_ERR_NOT_FOUND:
        return BL_EXIT_USAGE;
    case BL_ERR_NO_MEMORY: case BL_ERR_INTERNAL: return BL_EXIT_INTERNAL;
    default: return BL_EXIT_INDEX;
    }
}

bl_status bl_status_from_xc(xc_status s)
{
    switch (s) {
    case XC_OK: return BL_OK;
    case XC_NOT_FOUND: return BL_ERR_NOT_FOUND;
    case XC_LOCKED: return BL_ERR_LOCKED;
    case XC_CORRUPT: case XC_VERSION: return BL_ERR_CORRUPT;
    case XC_OPENING: case XC_IO: return BL_ERR_IO;
    case XC_MODIFIED: return BL_ERR_MODIFIED;
    case XC_NETWORK: return BL_ERR_NETWORK;
    case XC_INVALID_ARGUMENT: return BL_ERR_ARGUMENT;
    case XC_NO_MEMORY: return BL_ERR_NO_MEMORY;
    case XC_UNSUPPORTED: case XC_INTERNAL: return BL_ERR_INTERNAL;
    }
    return BL_ERR_INTERNAL;
}

void bl_set_message(char *buf, size_t n, const char *msg)
{
    if (!buf || n == 0)
        return;
    if (!msg)
        msg = "";
    size_t len = strlen(msg);
    if (len >= n)
        len = n - 1;
    memcpy(buf, msg, len);
    buf[len] = '\0';
}
