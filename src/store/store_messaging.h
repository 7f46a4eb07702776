/* SPDX-License-Identifier: MIT */
/*
 * store_messaging.h - the storage of the delivery engine (issue 4): the
 * router's batch, deliveries and their attempts, in-app notifications,
 * short links, and the admin's and the metrics' views of the queue.
 * docs/internals/messaging.md has the flow. Same rules as store.h: writes
 * inside a transaction, results in the caller's arena.
 */
#ifndef BO_STORE_MESSAGING_H
#define BO_STORE_MESSAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct store;

/* The external channels, in the order of enum chan_kind (chan/chan.h). */
enum { MSG_CHANNEL_COUNT = 3 };
extern const char *const store_msg_channels[MSG_CHANNEL_COUNT]; /* "email", "telegram", "webhook" */

/* An unrouted outbox row with what routing needs about its recipient. */
struct route_row {
    int64_t outbox_id;
    int64_t user_id;
    int64_t created_at;
    const char *category;
    const char *payload;
    const char *email;
    const char *name;
    const char *lang;
    const char *telegram_chat;                  /* NULL: not linked */
    bool want_email, want_telegram, want_inapp; /* notification_prefs; no row: true */
    int64_t organizer_id;                       /* of the payload's event; 0: none */
};

struct delivery {
    int64_t id;
    int64_t outbox_id;
    const char *channel; /* "email", "telegram", "webhook" */
    const char *target;
    int64_t endpoint_id; /* 0: none */
    const char *message_id;
    const char *status; /* pending, sent, dead, skipped */
    int attempts;
    int64_t next_at;
    const char *last_error;
    int64_t created_at;
    int64_t sent_at;
};

/* A claimed delivery and what sending it needs. */
struct delivery_job {
    struct delivery d;
    int64_t user_id;
    const char *category;
    const char *payload;
    const char *name;
    const char *lang;
    const char *secret; /* the webhook endpoint's; NULL otherwise */
};

struct delivery_attempt {
    int64_t id;
    int64_t delivery_id;
    int64_t attempted_at;
    bool ok;
    int status_code; /* 0: none */
    const char *error;
    int64_t duration_ms;
};

/* How a delivery ends its attempt: status pending (a retry at next_at), sent, dead or skipped. */
struct delivery_outcome {
    int64_t id;
    const char *status;
    int64_t next_at;
    const char *error; /* NULL on success */
    int64_t now;
};

struct outbox_row {
    int64_t id;
    int64_t user_id;
    const char *category;
    const char *payload;
    const char *status;
    int64_t created_at;
    int64_t routed_at; /* 0: not yet */
    int64_t sent_at;
};

struct outbox_filter {
    const char *status;   /* NULL: any */
    const char *category; /* NULL: any */
    int64_t before_id;    /* 0: from the newest */
    int limit;
};

struct notification {
    int64_t id;
    int64_t user_id;
    int64_t outbox_id;
    const char *category;
    const char *payload;
    const char *link;
    int64_t created_at;
    int64_t read_at; /* 0: unread */
};

/* The queue at a glance, for /metrics; per channel in store_msg_channels order. */
struct msg_stats {
    int64_t unrouted;
    int64_t pending[MSG_CHANNEL_COUNT];
    int64_t dead[MSG_CHANNEL_COUNT];
    int64_t attempts_ok[MSG_CHANNEL_COUNT];
    int64_t attempts_failed[MSG_CHANNEL_COUNT];
    int64_t oldest_unsent_at; /* created_at of the oldest pending outbox row; 0: none */
};

/* --- routing --------------------------------------------------------------- */

/*
 * Up to limit unrouted rows, oldest first. In a transaction; on PostgreSQL
 * the rows are locked (SKIP LOCKED), so two routers never take one row.
 */
enum bo_err store_route_batch(struct store *s, struct arena *a, int limit, struct route_row **out,
                              size_t *count);
/* The enabled webhook endpoints of an organizer. */
/*
 * Add d[0..count) (status pending, each due at its next_at), leaving out any
 * whose (channel, message_id, target) exists. One statement on PostgreSQL.
 */
enum bo_err store_deliveries_add(struct store *s, const struct delivery *d, size_t count);
/* Add the in-app notifications n[0..count), leaving out any whose outbox_id has one. */
enum bo_err store_notifications_add(struct store *s, const struct notification *n, size_t count);
/* Mark the rows routed at now, in one statement: sent if a row has no deliveries, else pending. */
enum bo_err store_outbox_routed(struct store *s, struct arena *a, const int64_t *ids, size_t count,
                                int64_t now);
/* outbox.status from its deliveries: dead if one is dead, else sent when none is pending. */
enum bo_err store_outbox_rollup(struct store *s, int64_t outbox_id, int64_t now);

/* --- delivering ------------------------------------------------------------ */

/*
 * Claim up to limit pending deliveries due at now: attempts + 1 and next_at
 * = now + lease, so nobody else takes them until the lease ends. In a
 * transaction. On PostgreSQL with SKIP LOCKED.
 */
enum bo_err store_delivery_claim(struct store *s, struct arena *a, int64_t now, int lease,
                                 int limit, int64_t **ids, size_t *count);
/* A delivery and what sending it needs. BO_ERR_NOT_FOUND if there is none. */
enum bo_err store_delivery_job(struct store *s, struct arena *a, int64_t id,
                               struct delivery_job *out);
/* Record how an attempt ended (a write). */
enum bo_err store_delivery_finish(struct store *s, const struct delivery_outcome *o);
enum bo_err store_attempt_add(struct store *s, const struct delivery_attempt *at);
/* Give back claimed deliveries that were not tried: due at now, the claim's attempt undone. */
enum bo_err store_delivery_release(struct store *s, struct arena *a, const int64_t *ids,
                                   size_t count, int64_t now);
/* Disable a webhook endpoint that is gone for good (410). */
enum bo_err store_endpoint_disable(struct store *s, int64_t endpoint_id, const char *reason,
                                   int64_t now);

/* --- admin and metrics ----------------------------------------------------- */

/* Newest first, by filter. */
enum bo_err store_outbox_list(struct store *s, struct arena *a, const struct outbox_filter *f,
                              struct outbox_row **out, size_t *count);
enum bo_err store_outbox_get(struct store *s, struct arena *a, int64_t id, struct outbox_row *out);
enum bo_err store_delivery_list(struct store *s, struct arena *a, int64_t outbox_id,
                                struct delivery **out, size_t *count);
enum bo_err store_attempt_list(struct store *s, struct arena *a, int64_t delivery_id,
                               struct delivery_attempt **out, size_t *count);
/* Dead deliveries of the row back to pending, attempts 0, due at now; *count of them. */
enum bo_err store_outbox_redrive(struct store *s, int64_t outbox_id, int64_t now, int *count);
/* The queue at a glance; attempts_ok and attempts_failed stay 0 (the process counts those). */
enum bo_err store_msg_stats(struct store *s, struct msg_stats *out);
/* A cheap read before any write: is a row unrouted, is a delivery due at now? */
enum bo_err store_msg_due(struct store *s, int64_t now, bool *route, bool *send);

/* --- in-app and short links ------------------------------------------------ */

/* A user's notifications, newest first, ids below before_id (0: from the newest). */
enum bo_err store_notification_list(struct store *s, struct arena *a, int64_t user_id,
                                    int64_t before_id, int limit, struct notification **out,
                                    size_t *count);
enum bo_err store_notification_unread(struct store *s, int64_t user_id, int *out);
/* Mark one read (kept if read already). BO_ERR_NOT_FOUND unless it is user_id's. */
enum bo_err store_notification_read(struct store *s, int64_t user_id, int64_t id, int64_t now);
enum bo_err store_notification_read_all(struct store *s, int64_t user_id, int64_t now, int *count);
/*
 * Count a click on code and return its target. A code clicked for the first
 * time gets its row, with page as the target (what the code names, from
 * core/route.h); with page NULL only a known code counts. BO_ERR_NOT_FOUND
 * for an unknown code without a page.
 */
enum bo_err store_short_link_click(struct store *s, struct arena *a, const char *code,
                                   const char *page, int64_t now, const char **target);

#endif
