/* SPDX-License-Identifier: MIT */
/*
 * caltime.h - Unix seconds as a proleptic Gregorian date and time of day, for
 * the renderers that print times without a C library clock (notices, .ics,
 * the Date header). Pure arithmetic (Howard Hinnant's civil_from_days), valid
 * for every int64 second a booking can carry; no time zones here: the caller
 * adds an offset first when it wants local time.
 */
#ifndef BO_CORE_CALTIME_H
#define BO_CORE_CALTIME_H

#include <stdint.h>

struct caltime {
    int year;
    int month; /* 1..12 */
    int day;   /* 1..31 */
    int hour;
    int min;
    int sec;
    int wday; /* 0 = Sunday */
};

void caltime_from_unix(int64_t t, struct caltime *out);

#endif
