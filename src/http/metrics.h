/* SPDX-License-Identifier: MIT */
/*
 * metrics.h - request counters and latency histograms per route and
 * status, rendered in the Prometheus text format for GET /metrics.
 *
 * Lock-free: every observation is a few relaxed atomic increments, so any
 * server thread may record at any time. Figures are per process.
 */
#ifndef BO_HTTP_METRICS_H
#define BO_HTTP_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct metrics;

/* names[i] labels route i; one more slot is kept for "unmatched". */
struct metrics *metrics_create(const char *const *names, size_t count);
void metrics_destroy(struct metrics *m);

/* route == count means unmatched (404, static files). */
void metrics_observe(struct metrics *m, size_t route, int status, uint64_t duration_ns);
void metrics_set_in_flight(struct metrics *m, int64_t n);

/* The exposition text, in a. */
char *metrics_render(struct metrics *m, struct arena *a, size_t *len);

/*
 * The delivery engine's queue (unrouted rows, pending and dead deliveries
 * and attempts per channel, the oldest unsent message's age) appended to
 * text, read with a store handle of env's pool at now; text as it was if
 * the database does not answer.
 */
struct app_env;
char *metrics_render_delivery(const struct app_env *env, struct arena *a, int64_t now, char *text,
                              size_t *len);

#endif
