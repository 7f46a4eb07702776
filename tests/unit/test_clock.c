/* SPDX-License-Identifier: MIT */
#include <criterion/criterion.h>

#include "lib/clock.h"

Test(clock, formats_rfc3339_in_utc)
{
    char buf[32];

    clock_rfc3339(1795255200, buf, sizeof(buf));
    cr_assert_str_eq(buf, "2026-11-21T10:00:00Z");
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
