/* SPDX-License-Identifier: GPL-2.0-or-later */
/* date.c — turn the dates articles carry into one sortable form.
 *
 * Scrapers and feeds write dates as ISO 8601 ("2025-07-24", "2025-07-24T10:30:00+05:30") or
 * as RFC 2822 ("Thu, 24 Jul 2025 10:30:00 +0530").  The index stores one form,
 * "YYYY-MM-DDTHH:MM:SSZ" in UTC, which sorts correctly as bytes, so date ranges and sorting by
 * date are plain value-slot operations in Xapian.  Partial ISO dates ("2025", "2025-07") mean
 * the first instant of that period.
 */
#include "byline.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct civil {
    int year, month, day, hour, min, sec;
    int offset_min; /* east of UTC */
} civil;

static int read_int(const char **p, int digits, int *out)
{
    int v = 0;
    for (int i = 0; i < digits; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += digits;
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : d[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int valid(const civil *c)
{
    return c->year >= 1 && c->year <= 9999 && c->month >= 1 && c->month <= 12 && c->day >= 1 &&
           c->day <= days_in_month(c->year, c->month) && c->hour >= 0 && c->hour <= 23 &&
           c->min >= 0 && c->min <= 59 && c->sec >= 0 && c->sec <= 60;
}

/* The obsolete zones that RFC 2822 (section 4.3) still asks a mail reader to accept: the
 * North American names ("Mon, 1 Sep 2003 10:00:00 EDT"), as minutes east of UTC, and the
 * one-letter military zones, which count as UTC (their signs were written both ways, so
 * they tell nothing).  -1 if p is none of them. */
static int obsolete_zone(const char *p, int *offset_min)
{
    static const struct { const char *name; int hours; } zones[] = {
        {"edt", -4}, {"est", -5}, {"cdt", -5}, {"cst", -6},
        {"mdt", -6}, {"mst", -7}, {"pdt", -7}, {"pst", -8}};
    while (*p == ' ')
        p++;
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (!strcasecmp(p, zones[i].name)) {
            *offset_min = zones[i].hours * 60;
            return 0;
        }
    if (p[0] && !p[1] && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) &&
        *p != 'j' && *p != 'J') {
        *offset_min = 0;
        return 0;
    }
    return -1;
}

/* Parse "Z", "+hh:mm", "+hhmm", "+hh", "UT", "GMT" or nothing at *p. */
static int parse_zone(const char *p, int *offset_min)
{
    while (*p == ' ')
        p++;
    *offset_min = 0;
    if (!*p || !strcasecmp(p, "z") || !strcasecmp(p, "ut") || !strcasecmp(p, "utc") ||
        !strcasecmp(p, "gmt"))
        return 0;
    if (*p != '+' && *p != '-')
        return -1;
    int sign = *p++ == '-' ? -1 : 1, h, m = 0;
    if (read_int(&p, 2, &h) < 0)
        return -1;
    if (*p == ':')
        p++;
    if (*p && read_int(&p, 2, &m) < 0)
        return -1;
    if (*p || h > 23 || m > 59)
        return -1;
    *offset_min = sign * (h * 60 + m);
    return 0;
}

static int parse_iso(const char *p, civil *c)
{
    if (read_int(&p, 4, &c->year) < 0)
        return -1;
    c->month = c->day = 1;
    if (*p == '-') {
        p++;
        if (read_int(&p, 2, &c->month) < 0)
            return -1;
        if (*p == '-') {
            p++;
            if (read_int(&p, 2, &c->day) < 0)
                return -1;
            if (*p == 'T' || *p == 't' || *p == ' ') {
                p++;
                if (read_int(&p, 2, &c->hour) < 0 || *p++ != ':' || read_int(&p, 2, &c->min) < 0)
                    return -1;
                if (*p == ':') {
                    p++;
                    if (read_int(&p, 2, &c->sec) < 0)
                        return -1;
                }
                if (*p == '.' || *p == ',') /* fractional seconds are dropped */
                    for (p++; isdigit((unsigned char)*p); p++)
                        ;
                return parse_zone(p, &c->offset_min);
            }
        }
    }
    return *p ? -1 : 0;
}

static int parse_rfc2822(const char *p, civil *c)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    const char *comma = strchr(p, ',');
    if (comma)
        p = comma + 1;
    char mon[4] = {0};
    int n = 0;
    if (sscanf(p, " %d %3s %d %n", &c->day, mon, &c->year, &n) != 3)
        return -1;
    p += n;
    c->month = 0;
    for (int i = 0; i < 12; i++)
        if (!strcasecmp(mon, months[i]))
            c->month = i + 1;
    if (!c->month)
        return -1;
    if (c->year < 100)
        c->year += c->year < 50 ? 2000 : 1900;
    if (!*p)
        return 0;
    n = 0;
    if (sscanf(p, "%d:%d%n", &c->hour, &c->min, &n) != 2)
        return -1;
    p += n;
    if (*p == ':') {
        n = 0;
        if (sscanf(p, ":%d%n", &c->sec, &n) != 1)
            return -1;
        p += n;
    }
    /* "(UTC)" style comments after the zone are ignored */
    char zone[16] = {0};
    const char *paren = strchr(p, '(');
    size_t zl = paren ? (size_t)(paren - p) : strlen(p);
    if (zl >= sizeof zone)
        return -1;
    memcpy(zone, p, zl);
    for (size_t i = zl; i > 0 && zone[i - 1] == ' '; i--)
        zone[i - 1] = '\0';
    if (obsolete_zone(zone, &c->offset_min) == 0)
        return 0;
    return parse_zone(zone, &c->offset_min);
}

int bl_date_normalize(const char *text, char out[21])
{
    if (!text)
        return -1;
    while (isspace((unsigned char)*text))
        text++;
    char buf[64];
    size_t len = strlen(text);
    while (len > 0 && isspace((unsigned char)text[len - 1]))
        len--;
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, text, len);
    buf[len] = '\0';
    civil c = {0};
    if (parse_iso(buf, &c) < 0) {
        memset(&c, 0, sizeof c);
        if (parse_rfc2822(buf, &c) < 0)
            return -1;
    }
    if (!valid(&c))
        return -1;
    long secs = (long)c.hour * 3600 + c.min * 60 + (c.sec > 59 ? 59 : c.sec) - c.offset_min * 60L;
    long days = days_from_civil(c.year, c.month, c.day);
    while (secs < 0) {
        secs += 86400;
        days--;
    }
    days += secs / 86400;
    secs %= 86400;
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 1 || y > 9999)
        return -1;
    /* the ranges are checked above, so the text is exactly 20 bytes */
    char text_out[64];
    snprintf(text_out, sizeof text_out, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(secs / 3600),
             (int)(secs / 60 % 60), (int)(secs % 60));
    memcpy(out, text_out, 21);
    return 0;
}
