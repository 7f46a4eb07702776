/* SPDX-License-Identifier: MIT */
/*
 * backoff.h - how long a failed delivery waits before its next attempt.
 *
 * Exponential with a cap and "full jitter" (AWS Architecture Blog,
 * "Exponential Backoff And Jitter"): the wait is uniform in [0, ceiling]
 * where ceiling = min(cap, base * 2^(attempt-1)). Jitter spreads the retries
 * of many messages that failed together (a peer's outage) instead of
 * sending them back all at once. Pure: the random number comes in.
 */
#ifndef BO_CORE_BACKOFF_H
#define BO_CORE_BACKOFF_H

#include <stdint.h>

/* The ceiling of attempt (1 = the first retry): min(cap, base * 2^(attempt-1)); >= 0. */
int64_t backoff_ceiling(int attempt, int64_t base, int64_t cap);
/*
 * The wait after attempt, in seconds: rnd scaled into [0, ceiling] (rnd is
 * uniform over all 32-bit values). At least 1, so a retry is never due at
 * the moment it failed.
 */
int64_t backoff_delay(int attempt, int64_t base, int64_t cap, uint32_t rnd);

#endif
