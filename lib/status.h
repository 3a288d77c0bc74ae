/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status.h — mapping the binding's statuses onto libbyline's (internal). */
#ifndef BYLINE_STATUS_H
#define BYLINE_STATUS_H

#include "byline.h"
#include "xapian_c.h"

/* The bl_status that a binding status means to a libbyline caller. */
bl_status bl_status_from_xc(xc_status s);

/* Copy at most n-1 bytes of msg into buf, always NUL-terminated (msg may be NULL). */
void bl_set_message(char *buf, size_t n, const char *msg);

#endif
