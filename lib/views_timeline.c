/* SPDX-License-Identifier: GPL-2.0-or-later */
/* views_timeline.c — --timeline day|week|month|year: matching documents per period.
 *
 * Exact over the whole match set: Xapian's built-in ValueCountMatchSpy counts the documents
 * per value of BL_SLOT_DATE ("YYYY-MM-DDTHH:MM:SSZ") while the match runs with every match
 * checked; a built-in spy is serialised to remote shards (a custom MatchSpy would not be), so
 * sharded and remote indexes count the same.  The values come in byte order, which is date
 * order, and every period key (day, ISO week "YYYY-Www", month, year) grows with the date,
 * so equal keys are adjacent and merge in one pass.  Matches with no date value are counted
 * apart (undated).
 */
#include "views.h"

#include "schema.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static long year_of_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return (long)yoe + era * 400 + (m <= 2);
}

/* "YYYY-Www": the ISO 8601 week of the date (weeks start on Monday; week 1 holds the year's
 * first Thursday, so 2024-12-30 is in 2025-W01). */
static void iso_week(long y, unsigned m, unsigned d, char *out, size_t n)
{
    long days = days_from_civil(y, m, d);
    long weekday = ((days % 7) + 7 + 3) % 7 + 1; /* 1970-01-01 was a Thursday: Mon=1..Sun=7 */
    long thursday = days + 4 - weekday;
    long iso_year = year_of_days(thursday);
    long week = (thursday - days_from_civil(iso_year, 1, 1)) / 7 + 1;
    snprintf(out, n, "%04d-W%02d", (int)(iso_year % 10000), (int)(week % 100));
}

/* The period key of a stored date value; 0 if the value is not a date. */
static int period_of(const char *value, size_t len, int unit, char *out, size_t n)
{
    unsigned y, m, d;
    if (len < 10 || sscanf(value, "%4u-%2u-%2u", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return 0;
    switch (unit) {
    case BL_TIMELINE_DAY: snprintf(out, n, "%04u-%02u-%02u", y, m, d); break;
    case BL_TIMELINE_WEEK: iso_week(y, m, d, out, n); break;
    case BL_TIMELINE_MONTH: snprintf(out, n, "%04u-%02u", y, m); break;
    default: snprintf(out, n, "%04u", y); break;
    }
    return 1;
}

typedef struct timeline_ctx {
    bl_views *v;
    int unit;
    size_t cap;
    unsigned long dated;
    int oom;
} timeline_ctx;

static int add_value(void *vctx, const char *value, size_t len, unsigned long count)
{
    timeline_ctx *c = vctx;
    bl_views *v = c->v;
    char key[32];
    if (!period_of(value, len, c->unit, key, sizeof key))
        return 0; /* not a date: counted as undated */
    c->dated += count;
    if (v->n_timeline && !strcmp(v->timeline[v->n_timeline - 1].period, key)) {
        v->timeline[v->n_timeline - 1].count += count;
        return 0;
    }
    bl_period *grown = bl_grow(v->timeline, &c->cap, v->n_timeline + 1, sizeof *grown, 64);
    if (!grown)
        return c->oom = 1;
    v->timeline = grown;
    const char *kept = bl_views_keep(v, strdup(key));
    if (!kept)
        return c->oom = 1;
    v->timeline[v->n_timeline++] = (bl_period){.period = kept, .count = count};
    return 0;
}

bl_status bl_views_timeline(const bl_views_env *e, const xc_query *q, bl_views *v)
{
    timeline_ctx c = {.v = v, .unit = e->o->timeline};
    unsigned long docs = 0, matches = 0;
    xc_enquire *enq = NULL;
    xc_status xs = bl_views_match_all(e, q, &enq, &docs);
    if (xs == XC_OK)
        xs = xc_enquire_count_values(enq, BL_SLOT_DATE, docs, add_value, &c, &matches);
    bl_status st = c.oom ? BL_ERR_NO_MEMORY : BL_OK;
    if (xs != XC_OK)
        st = bl_views_fail(e, xs, enq ? xc_enquire_last_error(enq) : xc_db_last_error(e->db));
    xc_enquire_free(enq);
    v->undated = matches > c.dated ? matches - c.dated : 0;
    return st;
}
