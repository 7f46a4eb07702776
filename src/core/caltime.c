/* SPDX-License-Identifier: MIT */
#include "core/caltime.h"

/* Floor division, so times before 1970 land on the right day. */
static int64_t
floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void
caltime_from_unix(int64_t t, struct caltime *out)
{
    int64_t days = floor_div(t, 86400);
    int64_t secs = t - days * 86400;
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);

    out->year = (int)(yoe + era * 400 + (month <= 2));
    out->month = month;
    out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    out->hour = (int)(secs / 3600);
    out->min = (int)(secs / 60 % 60);
    out->sec = (int)(secs % 60);
    /* 1970-01-01 was a Thursday. */
    out->wday = (int)(floor_div(days + 4, 7) * -7 + days + 4);
}
