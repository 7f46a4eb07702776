/* SPDX-License-Identifier: MIT */
/*
 * messaging.c - SQLite: the delivery engine's queue (store_messaging.h).
 * One writer owns the write connection, so a claim needs no row locks:
 * the claim's UPDATE is the lease.
 */
#include "store/sqlite/sqlite_int.h"

#include <string.h>

#include "lib/arena.h"
#include "store/store_messaging_int.h"

/* Rows of st read by fill(a, st, item) into an arena array of at most cap items of size. */
typedef void (*read_fn)(struct arena *a, sqlite3_stmt *st, void *item);

static enum bo_err
read_rows(struct sqlite_store *s, struct arena *a, sqlite3_stmt *st, size_t cap, size_t size,
          read_fn fill, void **out, size_t *count)
{
    char *list = arena_alloc(a, size * (cap ? cap : 1));
    size_t n = 0;
    int rc;

    if (st == NULL) {
        return BO_ERR_INTERNAL;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < cap) {
        fill(a, st, list + n * size);
        n++;
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? BO_OK : sq_err(s, rc);
}

static void
read_route_row(struct arena *a, sqlite3_stmt *st, void *item)
{
    *(struct route_row *)item = (struct route_row){
        .outbox_id = sq_int(st, 0),
        .user_id = sq_int(st, 1),
        .created_at = sq_int(st, 2),
        .category = sq_text(a, st, 3),
        .payload = sq_text(a, st, 4),
        .email = sq_text(a, st, 5),
        .name = sq_text(a, st, 6),
        .lang = sq_text(a, st, 7),
        .telegram_chat = sq_text(a, st, 8),
        .want_email = sq_int(st, 9) != 0,
        .want_telegram = sq_int(st, 10) != 0,
        .want_inapp = sq_int(st, 11) != 0,
        .organizer_id = sq_int(st, 12),
    };
}

static enum bo_err
sqlite_route_batch(struct store *base, struct arena *a, int limit, struct route_row **out,
                   size_t *count)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_ROUTE_BATCH);

    sqlite3_bind_int(st, 1, limit);
    return read_rows(sq(base), a, st, (size_t)limit, sizeof(**out), read_route_row, (void **)out,
                     count);
}

/* In-process, a statement per row costs no round trip: one prepared statement, run count times. */
static enum bo_err
sqlite_deliveries_add(struct store *base, const struct delivery *d, size_t count)
{
    enum bo_err err = BO_OK;

    for (size_t i = 0; err == BO_OK && i < count; i++) {
        sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_DELIVERY_ADD);

        sqlite3_bind_int64(st, 1, d[i].outbox_id);
        sq_bind_text(st, 2, d[i].channel);
        sq_bind_text(st, 3, d[i].target);
        sq_bind_time(st, 4, d[i].endpoint_id);
        sq_bind_text(st, 5, d[i].message_id);
        sqlite3_bind_int64(st, 6, d[i].next_at);
        sqlite3_bind_int64(st, 7, d[i].created_at);
        err = sq_exec(sq(base), st);
    }
    return err;
}

static enum bo_err
sqlite_notifications_add(struct store *base, const struct notification *n, size_t count)
{
    enum bo_err err = BO_OK;

    for (size_t i = 0; err == BO_OK && i < count; i++) {
        sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_NOTIF_ADD);

        sqlite3_bind_int64(st, 1, n[i].user_id);
        sqlite3_bind_int64(st, 2, n[i].outbox_id);
        sq_bind_text(st, 3, n[i].category);
        sq_bind_text(st, 4, n[i].payload);
        sq_bind_text(st, 5, n[i].link);
        sqlite3_bind_int64(st, 6, n[i].created_at);
        err = sq_exec(sq(base), st);
    }
    return err;
}

static enum bo_err
sqlite_outbox_rollup(struct store *base, int64_t outbox_id, int64_t now)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_OUTBOX_ROLLUP);

    sqlite3_bind_int64(st, 1, outbox_id);
    sqlite3_bind_int64(st, 2, now);
    return sq_exec(sq(base), st);
}

static enum bo_err
sqlite_outbox_routed(struct store *base, struct arena *a, const int64_t *ids, size_t count,
                     int64_t now)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_OUTBOX_ROUTED);

    sq_bind_text(st, 1, store_id_list(a, ids, count, "[", "]"));
    sqlite3_bind_int64(st, 2, now);
    return sq_exec(sq(base), st);
}

static enum bo_err
sqlite_delivery_claim(struct store *base, struct arena *a, int64_t now, int lease, int limit,
                      int64_t **ids, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MSG_CLAIM);
    int64_t *list = arena_alloc(a, sizeof(*list) * (size_t)(limit > 0 ? limit : 1));
    size_t n = 0;
    int rc;

    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int(st, 2, lease);
    sqlite3_bind_int(st, 3, limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < (size_t)limit) {
        list[n++] = sq_int(st, 0);
    }
    sqlite3_reset(st);
    *ids = list;
    *count = n;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? BO_OK : sq_err(s, rc);
}

static void
read_delivery(struct arena *a, sqlite3_stmt *st, void *item)
{
    *(struct delivery *)item = (struct delivery){
        .id = sq_int(st, 0),
        .outbox_id = sq_int(st, 1),
        .channel = sq_text(a, st, 2),
        .target = sq_text(a, st, 3),
        .endpoint_id = sq_int(st, 4),
        .message_id = sq_text(a, st, 5),
        .status = sq_text(a, st, 6),
        .attempts = (int)sq_int(st, 7),
        .next_at = sq_int(st, 8),
        .last_error = sq_text(a, st, 9),
        .created_at = sq_int(st, 10),
        .sent_at = sq_int(st, 11),
    };
}

static enum bo_err
sqlite_delivery_job(struct store *base, struct arena *a, int64_t id, struct delivery_job *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MSG_JOB_GET);

    sqlite3_bind_int64(st, 1, id);
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    read_delivery(a, st, &out->d);
    out->user_id = sq_int(st, 12);
    out->category = sq_text(a, st, 13);
    out->payload = sq_text(a, st, 14);
    out->name = sq_text(a, st, 15);
    out->lang = sq_text(a, st, 16);
    out->secret = sq_text(a, st, 17);
    sqlite3_reset(st);
    return BO_OK;
}

static enum bo_err
sqlite_delivery_finish(struct store *base, const struct delivery_outcome *o)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_FINISH);

    sqlite3_bind_int64(st, 1, o->id);
    sq_bind_text(st, 2, o->status);
    sqlite3_bind_int64(st, 3, o->next_at);
    sq_bind_text(st, 4, o->error);
    sqlite3_bind_int64(st, 5, o->now);
    return sq_exec(sq(base), st);
}

static enum bo_err
sqlite_delivery_release(struct store *base, struct arena *a, const int64_t *ids, size_t count,
                        int64_t now)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_RELEASE);

    sq_bind_text(st, 1, store_id_list(a, ids, count, "[", "]"));
    sqlite3_bind_int64(st, 2, now);
    return sq_exec(sq(base), st);
}

static enum bo_err
sqlite_attempt_add(struct store *base, const struct delivery_attempt *at)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_ATTEMPT_ADD);

    sqlite3_bind_int64(st, 1, at->delivery_id);
    sqlite3_bind_int64(st, 2, at->attempted_at);
    sqlite3_bind_int(st, 3, at->ok);
    sq_bind_time(st, 4, at->status_code);
    sq_bind_text(st, 5, at->error);
    sqlite3_bind_int64(st, 6, at->duration_ms);
    return sq_exec(sq(base), st);
}

static enum bo_err
sqlite_endpoint_disable(struct store *base, int64_t endpoint_id, const char *reason, int64_t now)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_ENDPOINT_DISABLE);

    sqlite3_bind_int64(st, 1, endpoint_id);
    sq_bind_text(st, 2, reason);
    sqlite3_bind_int64(st, 3, now);
    return sq_exec(sq(base), st);
}

static void
read_outbox(struct arena *a, sqlite3_stmt *st, void *item)
{
    *(struct outbox_row *)item = (struct outbox_row){
        .id = sq_int(st, 0),
        .user_id = sq_int(st, 1),
        .category = sq_text(a, st, 2),
        .payload = sq_text(a, st, 3),
        .status = sq_text(a, st, 4),
        .created_at = sq_int(st, 5),
        .routed_at = sq_int(st, 6),
        .sent_at = sq_int(st, 7),
    };
}

static enum bo_err
sqlite_outbox_list(struct store *base, struct arena *a, const struct outbox_filter *f,
                   struct outbox_row **out, size_t *count)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_OUTBOX_LIST);

    sq_bind_text(st, 1, f->status);
    sq_bind_text(st, 2, f->category);
    sqlite3_bind_int64(st, 3, f->before_id);
    sqlite3_bind_int(st, 4, f->limit);
    return read_rows(sq(base), a, st, (size_t)f->limit, sizeof(**out), read_outbox, (void **)out,
                     count);
}

static enum bo_err
sqlite_outbox_get(struct store *base, struct arena *a, int64_t id, struct outbox_row *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MSG_OUTBOX_GET);

    sqlite3_bind_int64(st, 1, id);
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    read_outbox(a, st, out);
    sqlite3_reset(st);
    return BO_OK;
}

/* One outbox row has a delivery per channel and endpoint: a few, never hundreds. */
#define DELIVERIES_MAX 256
#define ATTEMPTS_MAX 256

static enum bo_err
sqlite_delivery_list(struct store *base, struct arena *a, int64_t outbox_id, struct delivery **out,
                     size_t *count)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_DELIVERY_LIST);

    sqlite3_bind_int64(st, 1, outbox_id);
    return read_rows(sq(base), a, st, DELIVERIES_MAX, sizeof(**out), read_delivery, (void **)out,
                     count);
}

static void
read_attempt(struct arena *a, sqlite3_stmt *st, void *item)
{
    *(struct delivery_attempt *)item = (struct delivery_attempt){
        .id = sq_int(st, 0),
        .delivery_id = sq_int(st, 1),
        .attempted_at = sq_int(st, 2),
        .ok = sq_int(st, 3) != 0,
        .status_code = (int)sq_int(st, 4),
        .error = sq_text(a, st, 5),
        .duration_ms = sq_int(st, 6),
    };
}

static enum bo_err
sqlite_attempt_list(struct store *base, struct arena *a, int64_t delivery_id,
                    struct delivery_attempt **out, size_t *count)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_ATTEMPT_LIST);

    sqlite3_bind_int64(st, 1, delivery_id);
    return read_rows(sq(base), a, st, ATTEMPTS_MAX, sizeof(**out), read_attempt, (void **)out,
                     count);
}

static enum bo_err
sqlite_outbox_redrive(struct store *base, int64_t outbox_id, int64_t now, int *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MSG_REDRIVE);

    sqlite3_bind_int64(st, 1, outbox_id);
    sqlite3_bind_int64(st, 2, now);
    enum bo_err err = sq_exec(s, st);
    if (err) {
        return err;
    }
    *count = sqlite3_changes(s->db);
    return sqlite_outbox_rollup(base, outbox_id, now);
}

static int
channel_index(const char *channel)
{
    for (int i = 0; i < MSG_CHANNEL_COUNT; i++) {
        if (channel != NULL && strcmp(channel, store_msg_channels[i]) == 0) {
            return i;
        }
    }
    return -1;
}

/* Rows of (channel, key, count) into by_key_0[] or by_key_1[] by whether key is key_1. */
static enum bo_err
read_channel_counts(struct sqlite_store *s, sqlite3_stmt *st, const char *key_1, int64_t *by_key_0,
                    int64_t *by_key_1)
{
    int rc;

    if (st == NULL) {
        return BO_ERR_INTERNAL;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int ch = channel_index((const char *)sqlite3_column_text(st, 0));
        const char *key = (const char *)sqlite3_column_text(st, 1);
        if (ch >= 0) {
            int64_t *slot = key && strcmp(key, key_1) == 0 ? by_key_1 : by_key_0;
            slot[ch] = sq_int(st, 2);
        }
    }
    sqlite3_reset(st);
    return sq_err(s, rc);
}

static enum bo_err
sqlite_msg_stats(struct store *base, struct msg_stats *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MSG_STATS_QUEUE);

    *out = (struct msg_stats){0};
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    out->unrouted = sq_int(st, 0);
    out->oldest_unsent_at = sq_int(st, 1);
    sqlite3_reset(st);
    return read_channel_counts(s, sq_stmt(s, ST_MSG_STATS_DELIVERIES), "dead", out->pending,
                               out->dead);
}

static enum bo_err
sqlite_msg_due(struct store *base, int64_t now, bool *route, bool *send)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MSG_DUE);

    sqlite3_bind_int64(st, 1, now);
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    *route = sq_int(st, 0) != 0;
    *send = sq_int(st, 1) != 0;
    sqlite3_reset(st);
    return BO_OK;
}

static void
read_notification(struct arena *a, sqlite3_stmt *st, void *item)
{
    *(struct notification *)item = (struct notification){
        .id = sq_int(st, 0),
        .user_id = sq_int(st, 1),
        .outbox_id = sq_int(st, 2),
        .category = sq_text(a, st, 3),
        .payload = sq_text(a, st, 4),
        .link = sq_text(a, st, 5),
        .created_at = sq_int(st, 6),
        .read_at = sq_int(st, 7),
    };
}

static enum bo_err
sqlite_notification_list(struct store *base, struct arena *a, int64_t user_id, int64_t before_id,
                         int limit, struct notification **out, size_t *count)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MSG_NOTIF_LIST);

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, before_id);
    sqlite3_bind_int(st, 3, limit);
    return read_rows(sq(base), a, st, (size_t)limit, sizeof(**out), read_notification, (void **)out,
                     count);
}

static enum bo_err
sqlite_notification_unread(struct store *base, int64_t user_id, int *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MSG_NOTIF_UNREAD);

    sqlite3_bind_int64(st, 1, user_id);
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    *out = (int)sq_int(st, 0);
    sqlite3_reset(st);
    return BO_OK;
}

static enum bo_err
sqlite_notification_read(struct store *base, int64_t user_id, int64_t id, int64_t now)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MSG_NOTIF_READ);

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int64(st, 3, now);
    enum bo_err err = sq_exec(s, st);
    if (err == BO_OK && sqlite3_changes(s->db) == 0) {
        return BO_ERR_NOT_FOUND;
    }
    return err;
}

static enum bo_err
sqlite_notification_read_all(struct store *base, int64_t user_id, int64_t now, int *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MSG_NOTIF_READ_ALL);

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, now);
    enum bo_err err = sq_exec(s, st);
    *count = err ? 0 : sqlite3_changes(s->db);
    return err;
}

static enum bo_err
sqlite_short_link_click(struct store *base, struct arena *a, const char *code, const char *page,
                        int64_t now, const char **target)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, page ? ST_MSG_LINK_FIRST_CLICK : ST_MSG_LINK_CLICK);

    sq_bind_text(st, 1, code);
    if (page != NULL) {
        sq_bind_text(st, 2, page);
        sqlite3_bind_int64(st, 3, now);
    } else {
        sqlite3_bind_int64(st, 2, now);
    }
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    *target = sq_text(a, st, 0);
    /* Step to the end so the UPDATE completes before the reset. */
    return sq_exec(s, st);
}

const struct store_messaging_ops sqlite_messaging_ops = {
    .route_batch = sqlite_route_batch,
    .deliveries_add = sqlite_deliveries_add,
    .notifications_add = sqlite_notifications_add,
    .outbox_routed = sqlite_outbox_routed,
    .outbox_rollup = sqlite_outbox_rollup,
    .delivery_claim = sqlite_delivery_claim,
    .delivery_job = sqlite_delivery_job,
    .delivery_finish = sqlite_delivery_finish,
    .delivery_release = sqlite_delivery_release,
    .attempt_add = sqlite_attempt_add,
    .endpoint_disable = sqlite_endpoint_disable,
    .outbox_list = sqlite_outbox_list,
    .outbox_get = sqlite_outbox_get,
    .delivery_list = sqlite_delivery_list,
    .attempt_list = sqlite_attempt_list,
    .outbox_redrive = sqlite_outbox_redrive,
    .msg_stats = sqlite_msg_stats,
    .msg_due = sqlite_msg_due,
    .notification_list = sqlite_notification_list,
    .notification_unread = sqlite_notification_unread,
    .notification_read = sqlite_notification_read,
    .notification_read_all = sqlite_notification_read_all,
    .short_link_click = sqlite_short_link_click,
};
