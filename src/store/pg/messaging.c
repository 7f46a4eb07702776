/* SPDX-License-Identifier: MIT */
/*
 * messaging.c - PostgreSQL: the delivery engine's queue (store_messaging.h).
 * Several processes share it: the router's batch and the claim take their
 * rows with FOR UPDATE SKIP LOCKED, so none routes or sends what another
 * holds, and nobody waits on a row another process is working on. The
 * writes that record a sent batch are queued (pg_defer): the batch's
 * results go in one round trip, with its commit.
 */
#include "store/pg/pg_int.h"

#include <string.h>

#include "lib/arena.h"
#include "store/store_messaging_int.h"

static void
read_route_row(struct arena *a, const PGresult *r, int i, void *item)
{
    *(struct route_row *)item = (struct route_row){
        .outbox_id = pg_int(r, i, 0),
        .user_id = pg_int(r, i, 1),
        .created_at = pg_int(r, i, 2),
        .category = pg_text(a, r, i, 3),
        .payload = pg_text(a, r, i, 4),
        .email = pg_text(a, r, i, 5),
        .name = pg_text(a, r, i, 6),
        .lang = pg_text(a, r, i, 7),
        .telegram_chat = pg_text(a, r, i, 8),
        .want_email = pg_bool(r, i, 9),
        .want_telegram = pg_bool(r, i, 10),
        .want_inapp = pg_bool(r, i, 11),
        .organizer_id = pg_int(r, i, 12),
    };
}

static enum bo_err
pg_route_batch(struct store *base, struct arena *a, int limit, struct route_row **out,
               size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, limit);
    return pg_query_rows(pg(base), a, ST_MSG_ROUTE_BATCH, &p, sizeof(**out), read_route_row,
                         (void **)out, count);
}

/* Bind each of col[0..n) (array literals) and run statement id: a whole batch in one statement. */
static enum bo_err
exec_columns(struct pg_store *s, enum stmt id, struct pg_array *col, int n)
{
    struct pg_params p = {0};

    for (int i = 0; i < n; i++) {
        pg_param_text(&p, pg_array_end(&col[i]));
    }
    enum bo_err err = pg_exec(s, id, &p, NULL);
    for (int i = 0; i < n; i++) {
        pg_array_free(&col[i]);
    }
    return err;
}

static enum bo_err
pg_deliveries_add(struct store *base, const struct delivery *d, size_t count)
{
    struct pg_array col[7] = {0};

    for (size_t i = 0; i < count; i++) {
        pg_array_int(&col[0], d[i].outbox_id);
        pg_array_text(&col[1], d[i].channel);
        pg_array_text(&col[2], d[i].target);
        pg_array_time(&col[3], d[i].endpoint_id);
        pg_array_text(&col[4], d[i].message_id);
        pg_array_int(&col[5], d[i].next_at);
        pg_array_int(&col[6], d[i].created_at);
    }
    return exec_columns(pg(base), ST_MSG_DELIVERY_ADD, col, 7);
}

static enum bo_err
pg_notifications_add(struct store *base, const struct notification *n, size_t count)
{
    struct pg_array col[6] = {0};

    for (size_t i = 0; i < count; i++) {
        pg_array_int(&col[0], n[i].user_id);
        pg_array_int(&col[1], n[i].outbox_id);
        pg_array_text(&col[2], n[i].category);
        pg_array_text(&col[3], n[i].payload);
        pg_array_text(&col[4], n[i].link);
        pg_array_int(&col[5], n[i].created_at);
    }
    return exec_columns(pg(base), ST_MSG_NOTIF_ADD, col, 6);
}

static enum bo_err
pg_outbox_rollup(struct store *base, int64_t outbox_id, int64_t now)
{
    struct pg_params p = {0};

    pg_param_int(&p, outbox_id);
    pg_param_int(&p, now);
    return pg_defer(pg(base), ST_MSG_OUTBOX_ROLLUP, &p);
}

static enum bo_err
pg_outbox_routed(struct store *base, struct arena *a, const int64_t *ids, size_t count, int64_t now)
{
    struct pg_params p = {0};

    pg_param_text(&p, store_id_list(a, ids, count, "{", "}"));
    pg_param_int(&p, now);
    return pg_exec(pg(base), ST_MSG_OUTBOX_ROUTED, &p, NULL);
}

static enum bo_err
pg_delivery_claim(struct store *base, struct arena *a, int64_t now, int lease, int limit,
                  int64_t **ids, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, now);
    pg_param_int(&p, lease);
    pg_param_int(&p, limit);
    return pg_query_rows(pg(base), a, ST_MSG_CLAIM, &p, sizeof(**ids), pg_read_int, (void **)ids,
                         count);
}

static void
read_delivery(struct arena *a, const PGresult *r, int i, void *item)
{
    *(struct delivery *)item = (struct delivery){
        .id = pg_int(r, i, 0),
        .outbox_id = pg_int(r, i, 1),
        .channel = pg_text(a, r, i, 2),
        .target = pg_text(a, r, i, 3),
        .endpoint_id = pg_int(r, i, 4),
        .message_id = pg_text(a, r, i, 5),
        .status = pg_text(a, r, i, 6),
        .attempts = (int)pg_int(r, i, 7),
        .next_at = pg_int(r, i, 8),
        .last_error = pg_text(a, r, i, 9),
        .created_at = pg_int(r, i, 10),
        .sent_at = pg_int(r, i, 11),
    };
}

static void
read_job(struct arena *a, const PGresult *r, int i, void *item)
{
    struct delivery_job *j = item;

    read_delivery(a, r, i, &j->d);
    j->user_id = pg_int(r, i, 12);
    j->category = pg_text(a, r, i, 13);
    j->payload = pg_text(a, r, i, 14);
    j->name = pg_text(a, r, i, 15);
    j->lang = pg_text(a, r, i, 16);
    j->secret = pg_text(a, r, i, 17);
}

static enum bo_err
pg_delivery_job(struct store *base, struct arena *a, int64_t id, struct delivery_job *out)
{
    struct pg_params p = {0};

    pg_param_int(&p, id);
    return pg_query_one(pg(base), a, ST_MSG_JOB_GET, &p, read_job, out);
}

static enum bo_err
pg_delivery_finish(struct store *base, const struct delivery_outcome *o)
{
    struct pg_params p = {0};

    pg_param_int(&p, o->id);
    pg_param_text(&p, o->status);
    pg_param_int(&p, o->next_at);
    pg_param_text(&p, o->error);
    pg_param_int(&p, o->now);
    return pg_defer(pg(base), ST_MSG_FINISH, &p);
}

static enum bo_err
pg_delivery_release(struct store *base, struct arena *a, const int64_t *ids, size_t count,
                    int64_t now)
{
    struct pg_params p = {0};

    pg_param_text(&p, store_id_list(a, ids, count, "{", "}"));
    pg_param_int(&p, now);
    return pg_defer(pg(base), ST_MSG_RELEASE, &p);
}

static enum bo_err
pg_attempt_add(struct store *base, const struct delivery_attempt *at)
{
    struct pg_params p = {0};

    pg_param_int(&p, at->delivery_id);
    pg_param_int(&p, at->attempted_at);
    pg_param_bool(&p, at->ok);
    pg_param_time(&p, at->status_code);
    pg_param_text(&p, at->error);
    pg_param_int(&p, at->duration_ms);
    return pg_defer(pg(base), ST_MSG_ATTEMPT_ADD, &p);
}

static enum bo_err
pg_endpoint_disable(struct store *base, int64_t endpoint_id, const char *reason, int64_t now)
{
    struct pg_params p = {0};

    pg_param_int(&p, endpoint_id);
    pg_param_text(&p, reason);
    pg_param_int(&p, now);
    return pg_defer(pg(base), ST_MSG_ENDPOINT_DISABLE, &p);
}

static void
read_outbox(struct arena *a, const PGresult *r, int i, void *item)
{
    *(struct outbox_row *)item = (struct outbox_row){
        .id = pg_int(r, i, 0),
        .user_id = pg_int(r, i, 1),
        .category = pg_text(a, r, i, 2),
        .payload = pg_text(a, r, i, 3),
        .status = pg_text(a, r, i, 4),
        .created_at = pg_int(r, i, 5),
        .routed_at = pg_int(r, i, 6),
        .sent_at = pg_int(r, i, 7),
    };
}

static enum bo_err
pg_outbox_list(struct store *base, struct arena *a, const struct outbox_filter *f,
               struct outbox_row **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_text(&p, f->status);
    pg_param_text(&p, f->category);
    pg_param_int(&p, f->before_id);
    pg_param_int(&p, f->limit);
    return pg_query_rows(pg(base), a, ST_MSG_OUTBOX_LIST, &p, sizeof(**out), read_outbox,
                         (void **)out, count);
}

static enum bo_err
pg_outbox_get(struct store *base, struct arena *a, int64_t id, struct outbox_row *out)
{
    struct pg_params p = {0};

    pg_param_int(&p, id);
    return pg_query_one(pg(base), a, ST_MSG_OUTBOX_GET, &p, read_outbox, out);
}

static enum bo_err
pg_delivery_list(struct store *base, struct arena *a, int64_t outbox_id, struct delivery **out,
                 size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, outbox_id);
    return pg_query_rows(pg(base), a, ST_MSG_DELIVERY_LIST, &p, sizeof(**out), read_delivery,
                         (void **)out, count);
}

static void
read_attempt(struct arena *a, const PGresult *r, int i, void *item)
{
    *(struct delivery_attempt *)item = (struct delivery_attempt){
        .id = pg_int(r, i, 0),
        .delivery_id = pg_int(r, i, 1),
        .attempted_at = pg_int(r, i, 2),
        .ok = pg_bool(r, i, 3),
        .status_code = (int)pg_int(r, i, 4),
        .error = pg_text(a, r, i, 5),
        .duration_ms = pg_int(r, i, 6),
    };
}

static enum bo_err
pg_attempt_list(struct store *base, struct arena *a, int64_t delivery_id,
                struct delivery_attempt **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, delivery_id);
    return pg_query_rows(pg(base), a, ST_MSG_ATTEMPT_LIST, &p, sizeof(**out), read_attempt,
                         (void **)out, count);
}

static enum bo_err
pg_outbox_redrive(struct store *base, int64_t outbox_id, int64_t now, int *count)
{
    struct pg_params p = {0};
    int64_t changed = 0;

    pg_param_int(&p, outbox_id);
    pg_param_int(&p, now);
    enum bo_err err = pg_exec(pg(base), ST_MSG_REDRIVE, &p, &changed);
    if (err) {
        return err;
    }
    *count = (int)changed;
    return pg_outbox_rollup(base, outbox_id, now);
}

/* Rows of (channel, key, count) into by_key_0[] or by_key_1[] by whether key is key_1. */
static enum bo_err
read_channel_counts(struct pg_store *s, enum stmt id, const char *key_1, int64_t *by_key_0,
                    int64_t *by_key_1)
{
    struct pg_params p = {0};
    PGresult *r = NULL;
    enum bo_err err = pg_query(s, id, &p, &r);

    if (err) {
        return err;
    }
    for (int i = 0; i < PQntuples(r); i++) {
        const char *channel = PQgetvalue(r, i, 0);
        for (int ch = 0; ch < MSG_CHANNEL_COUNT; ch++) {
            if (strcmp(channel, store_msg_channels[ch]) == 0) {
                int64_t *slot = strcmp(PQgetvalue(r, i, 1), key_1) == 0 ? by_key_1 : by_key_0;
                slot[ch] = pg_int(r, i, 2);
            }
        }
    }
    PQclear(r);
    return BO_OK;
}

static enum bo_err
pg_msg_stats(struct store *base, struct msg_stats *out)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    *out = (struct msg_stats){0};
    enum bo_err err = pg_query(pg(base), ST_MSG_STATS_QUEUE, &p, &r);
    if (err) {
        return err;
    }
    out->unrouted = pg_int(r, 0, 0);
    out->oldest_unsent_at = pg_int(r, 0, 1);
    PQclear(r);
    return read_channel_counts(pg(base), ST_MSG_STATS_DELIVERIES, "dead", out->pending, out->dead);
}

static enum bo_err
pg_msg_due(struct store *base, int64_t now, bool *route, bool *send)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_int(&p, now);
    enum bo_err err = pg_query(pg(base), ST_MSG_DUE, &p, &r);
    if (err) {
        return err;
    }
    *route = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    *send = strcmp(PQgetvalue(r, 0, 1), "t") == 0;
    PQclear(r);
    return BO_OK;
}

static void
read_notification(struct arena *a, const PGresult *r, int i, void *item)
{
    *(struct notification *)item = (struct notification){
        .id = pg_int(r, i, 0),
        .user_id = pg_int(r, i, 1),
        .outbox_id = pg_int(r, i, 2),
        .category = pg_text(a, r, i, 3),
        .payload = pg_text(a, r, i, 4),
        .link = pg_text(a, r, i, 5),
        .created_at = pg_int(r, i, 6),
        .read_at = pg_int(r, i, 7),
    };
}

static enum bo_err
pg_notification_list(struct store *base, struct arena *a, int64_t user_id, int64_t before_id,
                     int limit, struct notification **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    pg_param_int(&p, before_id);
    pg_param_int(&p, limit);
    return pg_query_rows(pg(base), a, ST_MSG_NOTIF_LIST, &p, sizeof(**out), read_notification,
                         (void **)out, count);
}

static enum bo_err
pg_notification_unread(struct store *base, int64_t user_id, int *out)
{
    struct pg_params p = {0};
    int64_t n = 0;

    pg_param_int(&p, user_id);
    enum bo_err err = pg_query_one(pg(base), NULL, ST_MSG_NOTIF_UNREAD, &p, pg_read_int, &n);
    *out = (int)n;
    return err;
}

static enum bo_err
pg_notification_read(struct store *base, int64_t user_id, int64_t id, int64_t now)
{
    struct pg_params p = {0};
    int64_t changed = 0;

    pg_param_int(&p, user_id);
    pg_param_int(&p, id);
    pg_param_int(&p, now);
    enum bo_err err = pg_exec(pg(base), ST_MSG_NOTIF_READ, &p, &changed);
    if (err == BO_OK && changed == 0) {
        return BO_ERR_NOT_FOUND;
    }
    return err;
}

static enum bo_err
pg_notification_read_all(struct store *base, int64_t user_id, int64_t now, int *count)
{
    struct pg_params p = {0};
    int64_t changed = 0;

    pg_param_int(&p, user_id);
    pg_param_int(&p, now);
    enum bo_err err = pg_exec(pg(base), ST_MSG_NOTIF_READ_ALL, &p, &changed);
    *count = (int)changed;
    return err;
}

static enum bo_err
pg_short_link_click(struct store *base, struct arena *a, const char *code, const char *page,
                    int64_t now, const char **target)
{
    struct pg_params p = {0};

    pg_param_text(&p, code);
    if (page != NULL) {
        pg_param_text(&p, page);
    }
    pg_param_int(&p, now);
    return pg_query_one(pg(base), a, page ? ST_MSG_LINK_FIRST_CLICK : ST_MSG_LINK_CLICK, &p,
                        pg_read_text, target);
}

const struct store_messaging_ops pg_messaging_ops = {
    .route_batch = pg_route_batch,
    .deliveries_add = pg_deliveries_add,
    .notifications_add = pg_notifications_add,
    .outbox_routed = pg_outbox_routed,
    .outbox_rollup = pg_outbox_rollup,
    .delivery_claim = pg_delivery_claim,
    .delivery_job = pg_delivery_job,
    .delivery_finish = pg_delivery_finish,
    .delivery_release = pg_delivery_release,
    .attempt_add = pg_attempt_add,
    .endpoint_disable = pg_endpoint_disable,
    .outbox_list = pg_outbox_list,
    .outbox_get = pg_outbox_get,
    .delivery_list = pg_delivery_list,
    .attempt_list = pg_attempt_list,
    .outbox_redrive = pg_outbox_redrive,
    .msg_stats = pg_msg_stats,
    .msg_due = pg_msg_due,
    .notification_list = pg_notification_list,
    .notification_unread = pg_notification_unread,
    .notification_read = pg_notification_read,
    .notification_read_all = pg_notification_read_all,
    .short_link_click = pg_short_link_click,
};
