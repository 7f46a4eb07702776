/* SPDX-License-Identifier: MIT */
/*
 * messaging.h - the delivery engine's use cases (docs/internals/messaging.md):
 * route outbox rows to deliveries, claim and send due deliveries through a
 * channel table, record each result with retries, backoff and dead-letters;
 * the in-app list, the admin's view and redrive, short links.
 *
 * The jobs (jobs/delivery.c) and the HTTP handlers call these; tests call
 * them with the clock in their hand and their own channel table.
 */
#ifndef BO_APP_MESSAGING_H
#define BO_APP_MESSAGING_H

#include <stddef.h>
#include <stdint.h>

#include "chan/chan.h"
#include "core/err.h"
#include "store/store_messaging.h"

struct ctx;

/* The send function of each channel, indexed by enum chan_kind. */
struct chan_table {
    chan_send_fn send[CHAN_KIND_COUNT];
};

/* Route up to limit unrouted outbox rows in one transaction; *routed of them. */
enum bo_err messaging_route(struct ctx *c, int limit, int *routed);

/*
 * Claim up to limit due deliveries (each leased for cfg->delivery_lease
 * seconds) and send each through tab, recording its result; *sent of
 * them were taken by their peer. Sending happens outside any transaction.
 */
enum bo_err messaging_deliver_due(struct ctx *c, const struct chan_table *tab, int limit,
                                  int *sent);

/* One page of the caller's in-app notifications, newest first, and the unread count. */
struct inbox_page {
    struct notification *items;
    size_t count;
    int unread;
};
enum bo_err messaging_inbox(struct ctx *c, int64_t before_id, int limit, struct inbox_page *out);
/* Mark one of the caller's notifications read; NOT_FOUND if it is not theirs. */
enum bo_err messaging_read(struct ctx *c, int64_t id);
enum bo_err messaging_read_all(struct ctx *c, int *count);

/* Admin: an outbox row with its deliveries and their attempts. */
struct outbox_detail {
    struct outbox_row row;
    struct delivery *deliveries;
    size_t delivery_count;
    struct delivery_attempt **attempts; /* attempts[i]: of deliveries[i] */
    size_t *attempt_counts;
};
enum bo_err messaging_outbox_list(struct ctx *c, const struct outbox_filter *f,
                                  struct outbox_row **out, size_t *count);
enum bo_err messaging_outbox_get(struct ctx *c, int64_t id, struct outbox_detail *out);
/* Dead deliveries of row id back to pending, due now. CONFLICT if none is dead. */
enum bo_err messaging_redrive(struct ctx *c, int64_t id, int *count);

/* Follow a short link: count the click, return the web page it points to. */
enum bo_err messaging_follow(struct ctx *c, const char *code, const char **target);

/* The queue from the store, and the attempts this process made (counters since it started). */
enum bo_err messaging_stats(struct ctx *c, struct msg_stats *out);

/*
 * Whether there is work: a cheap read, so that idle router and sender
 * threads do not each queue an empty write (on SQLite, the one writer's).
 */
enum bo_err messaging_due(struct ctx *c, bool *route, bool *send);

/* The per-process attempt counters of app_env (attempts). */
struct attempt_counts *messaging_counts_create(void);
void messaging_counts_destroy(struct attempt_counts *n);

#endif
