/* SPDX-License-Identifier: MIT */
#include "http/metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/env.h"
#include "app/messaging.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/xalloc.h"

/* Statuses worth their own series; the rest count under "other". */
static const int statuses[] = {200, 201, 204, 302, 304, 400, 401, 403, 404, 405,
                               409, 413, 415, 422, 429, 431, 500, 503, 0};
#define STATUS_COUNT (sizeof(statuses) / sizeof(statuses[0]))

/* Upper bounds in microseconds; the last bucket is +Inf. */
static const uint64_t bounds_us[] = {250,   500,   1000,   2500,   5000,   10000,
                                     25000, 50000, 100000, 250000, 1000000};
#define BUCKET_COUNT (sizeof(bounds_us) / sizeof(bounds_us[0]) + 1)

struct route_series {
    atomic_uint_fast64_t by_status[STATUS_COUNT];
    atomic_uint_fast64_t buckets[BUCKET_COUNT];
    atomic_uint_fast64_t sum_us;
};

struct metrics {
    const char *const *names;
    size_t count;
    struct route_series *series; /* count + 1 */
    atomic_int_fast64_t in_flight;
};

struct metrics *
metrics_create(const char *const *names, size_t count)
{
    struct metrics *m = xcalloc(1, sizeof(*m));

    m->names = names;
    m->count = count;
    m->series = xcalloc(count + 1, sizeof(*m->series));
    return m;
}

void
metrics_destroy(struct metrics *m)
{
    if (m != NULL) {
        free(m->series);
        free(m);
    }
}

static size_t
status_slot(int status)
{
    for (size_t i = 0; i < STATUS_COUNT - 1; i++) {
        if (statuses[i] == status) {
            return i;
        }
    }
    return STATUS_COUNT - 1;
}

void
metrics_observe(struct metrics *m, size_t route, int status, uint64_t duration_ns)
{
    struct route_series *s = &m->series[route <= m->count ? route : m->count];
    uint64_t us = duration_ns / 1000;
    size_t b = 0;

    while (b < BUCKET_COUNT - 1 && us > bounds_us[b]) {
        b++;
    }
    atomic_fetch_add_explicit(&s->by_status[status_slot(status)], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->sum_us, us, memory_order_relaxed);
}

void
metrics_set_in_flight(struct metrics *m, int64_t n)
{
    atomic_store_explicit(&m->in_flight, n, memory_order_relaxed);
}

static const char *
route_name(const struct metrics *m, size_t i)
{
    return i < m->count ? m->names[i] : "unmatched";
}

static char *
render_counts(struct metrics *m, struct arena *a, char *out)
{
    for (size_t i = 0; i <= m->count; i++) {
        for (size_t j = 0; j < STATUS_COUNT; j++) {
            uint64_t n = atomic_load_explicit(&m->series[i].by_status[j], memory_order_relaxed);
            if (n == 0) {
                continue;
            }
            const char *st = statuses[j] ? arena_printf(a, "%d", statuses[j]) : "other";
            out = arena_printf(a,
                               "%sboxoffice_http_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
                               out, route_name(m, i), st, (unsigned long long)n);
        }
    }
    return out;
}

static char *
render_histogram(struct metrics *m, struct arena *a, char *out, size_t i)
{
    const struct route_series *s = &m->series[i];
    uint64_t total = 0;

    for (size_t b = 0; b < BUCKET_COUNT; b++) {
        total += atomic_load_explicit(&s->buckets[b], memory_order_relaxed);
        const char *le = b < BUCKET_COUNT - 1 ? arena_printf(a, "%g", bounds_us[b] / 1e6) : "+Inf";
        out = arena_printf(a,
                           "%sboxoffice_http_request_duration_seconds_bucket{route=\"%s\","
                           "le=\"%s\"} %llu\n",
                           out, route_name(m, i), le, (unsigned long long)total);
    }
    double sum = (double)atomic_load_explicit(&s->sum_us, memory_order_relaxed) / 1e6;
    return arena_printf(a,
                        "%sboxoffice_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                        "boxoffice_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                        out, route_name(m, i), sum, route_name(m, i), (unsigned long long)total);
}

char *
metrics_render(struct metrics *m, struct arena *a, size_t *len)
{
    char *out = arena_strdup(a, "# HELP boxoffice_http_requests_total HTTP requests answered.\n"
                                "# TYPE boxoffice_http_requests_total counter\n");

    out = render_counts(m, a, out);
    out = arena_printf(a,
                       "%s# HELP boxoffice_http_request_duration_seconds Time to answer.\n"
                       "# TYPE boxoffice_http_request_duration_seconds histogram\n",
                       out);
    for (size_t i = 0; i <= m->count; i++) {
        if (atomic_load_explicit(&m->series[i].sum_us, memory_order_relaxed) > 0 ||
            atomic_load_explicit(&m->series[i].buckets[0], memory_order_relaxed) > 0) {
            out = render_histogram(m, a, out, i);
        }
    }
    out = arena_printf(a,
                       "%s# HELP boxoffice_http_requests_in_flight Requests being answered.\n"
                       "# TYPE boxoffice_http_requests_in_flight gauge\n"
                       "boxoffice_http_requests_in_flight %lld\n",
                       out, (long long)atomic_load_explicit(&m->in_flight, memory_order_relaxed));
    *len = strlen(out);
    return out;
}

/* --- the delivery engine ------------------------------------------------------ */

static char *
render_per_channel(struct arena *a, char *out, const char *name, const char *type, const char *help,
                   const int64_t *values)
{
    out = arena_printf(a, "%s# HELP %s %s\n# TYPE %s %s\n", out, name, help, name, type);
    for (int i = 0; i < MSG_CHANNEL_COUNT; i++) {
        out = arena_printf(a, "%s%s{channel=\"%s\"} %lld\n", out, name, store_msg_channels[i],
                           (long long)values[i]);
    }
    return out;
}

char *
metrics_render_delivery(const struct app_env *env, struct arena *a, int64_t now, char *text,
                        size_t *len)
{
    struct ctx c = {.arena = a, .env = env, .now = now, .req_id = "metrics"};
    struct msg_stats st;

    app_store_acquire(env, &c);
    enum bo_err err = messaging_stats(&c, &st);
    app_store_release(env, &c);
    if (err) {
        return text;
    }
    char *out = arena_printf(
        a,
        "%s# HELP boxoffice_outbox_unrouted Outbox messages not yet routed to their channels.\n"
        "# TYPE boxoffice_outbox_unrouted gauge\nboxoffice_outbox_unrouted %lld\n"
        "# HELP boxoffice_outbox_oldest_unsent_seconds Age of the oldest message not yet sent.\n"
        "# TYPE boxoffice_outbox_oldest_unsent_seconds gauge\n"
        "boxoffice_outbox_oldest_unsent_seconds %lld\n",
        text, (long long)st.unrouted,
        (long long)(st.oldest_unsent_at ? now - st.oldest_unsent_at : 0));
    out = render_per_channel(a, out, "boxoffice_deliveries_pending", "gauge",
                             "Deliveries waiting to be sent.", st.pending);
    out = render_per_channel(a, out, "boxoffice_deliveries_dead", "gauge",
                             "Deliveries given up on (dead letters).", st.dead);
    out = render_per_channel(a, out, "boxoffice_delivery_attempts_sent_total", "counter",
                             "Delivery attempts the peer took.", st.attempts_ok);
    out = render_per_channel(a, out, "boxoffice_delivery_attempts_failed_total", "counter",
                             "Delivery attempts that failed.", st.attempts_failed);
    *len = strlen(out);
    return out;
}
