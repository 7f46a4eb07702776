/* SPDX-License-Identifier: MIT */
#include <criterion/criterion.h>

#include <time.h>

#include "lib/clock.h"

Test(clock, formats_rfc3339_in_utc)
{
    char buf[32];

    clock_rfc3339(1795255200, buf, sizeof(buf));
    cr_assert_str_eq(buf, "2026-11-21T10:00:00Z");
}

/* The hand-written formatter against gmtime_r + strftime, over leap days, centuries and a
 * pseudo-random spread of times from 1000 to 9999. */
Test(clock, formats_like_strftime)
{
    int64_t fixed[] = {0,          -1,           86399,        86400,      951782400, 951868799,
                       4107542400, 253402300799, -30610224000, 1709164800, 1709251199};
    uint64_t x = 88172645463325252u;

    for (size_t i = 0; i < 100000 + sizeof(fixed) / sizeof(fixed[0]); i++) {
        int64_t t;
        if (i < sizeof(fixed) / sizeof(fixed[0])) {
            t = fixed[i];
        } else {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            t = -30610224000 + (int64_t)(x % 284012524800u); /* 1000-01-01 .. 9999-12-31 */
        }
        char got[32], want[32];
        time_t tt = (time_t)t;
        struct tm tm;
        gmtime_r(&tt, &tm);
        strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
        clock_rfc3339(t, got, sizeof(got));
        cr_assert_str_eq(got, want, "t=%lld", (long long)t);
    }
}

Test(clock, parses_offsets_and_fractions)
{
    int64_t t = 0;

    cr_assert(clock_parse_rfc3339("2026-11-21T10:00:00Z", &t));
    cr_assert_eq(t, 1795255200);
    cr_assert(clock_parse_rfc3339("2026-11-21T12:00:00.250+02:00", &t));
    cr_assert_eq(t, 1795255200);
}

Test(clock, rejects_malformed_times)
{
    int64_t t = 0;
    static const char *const bad[] = {"",
                                      "2026-11-21",
                                      "2026-13-01T00:00:00Z",
                                      "2026-02-30T00:00:00Z",
                                      "2026-11-21T10:00:00",
                                      "2026-11-21T25:00:00Z",
                                      "2026-11-21T10:00:00+2"};

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_assert(!clock_parse_rfc3339(bad[i], &t), "accepted %s", bad[i]);
    }
}
