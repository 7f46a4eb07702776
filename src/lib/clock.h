/* SPDX-License-Identifier: MIT */
/*
 * clock.h - wall and monotonic time, and RFC 3339 formatting.
 *
 * Domain code never calls these: the edge reads the clock once per request
 * and passes the value down (ctx->now), so tests can inject time.
 */
#ifndef BO_LIB_CLOCK_H
#define BO_LIB_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Seconds since the Unix epoch. */
int64_t clock_now(void);
/* Monotonic nanoseconds, for durations only. */
uint64_t clock_mono_ns(void);

/* "2026-11-21T10:00:00Z" into out (at least 21 bytes). */
void clock_rfc3339(int64_t t, char *out, size_t out_len);
/* Parse an RFC 3339 time with a Z or +hh:mm offset; false if malformed. */
bool clock_parse_rfc3339(const char *s, int64_t *out);

#endif
