/* SPDX-License-Identifier: MIT */
/*
 * backoff.c - capped exponential backoff with full jitter (backoff.h).
 */
#include "core/backoff.h"

int64_t
backoff_ceiling(int attempt, int64_t base, int64_t cap)
{
    int64_t c = base > 0 ? base : 0;

    if (attempt < 1) {
        attempt = 1;
    }
    /* Doubling stops at the cap, so the product never overflows. */
    for (int i = 1; i < attempt && c < cap; i++) {
        c *= 2;
    }
    return c < cap ? c : (cap > 0 ? cap : 0);
}

int64_t
backoff_delay(int attempt, int64_t base, int64_t cap, uint32_t rnd)
{
    int64_t ceiling = backoff_ceiling(attempt, base, cap);
    /* (ceiling + 1) * rnd / 2^32 is uniform over [0, ceiling]. */
    int64_t d = (int64_t)(((uint64_t)(ceiling + 1) * rnd) >> 32);

    return d < 1 ? 1 : d;
}
