/* SPDX-License-Identifier: MIT */
/*
 * store_messaging.c - the delivery engine's part of the store
 * (store_messaging.h), handed to the backend. Writes must run inside a
 * transaction (store_begin), like every write.
 */
#include "store/store_messaging.h"

#include <assert.h>

#include "store/store_messaging_int.h"

const char *const store_msg_channels[MSG_CHANNEL_COUNT] = {"email", "telegram", "webhook"};

enum bo_err
store_route_batch(struct store *s, struct arena *a, int limit, struct route_row **out,
                  size_t *count)
{
    assert(s->in_tx);
    return s->ops->messaging->route_batch(s, a, limit, out, count);
}

enum bo_err
store_deliveries_add(struct store *s, const struct delivery *d, size_t count)
{
    assert(s->in_tx);
    return count ? s->ops->messaging->deliveries_add(s, d, count) : BO_OK;
}

enum bo_err
store_notifications_add(struct store *s, const struct notification *n, size_t count)
{
    assert(s->in_tx);
    return count ? s->ops->messaging->notifications_add(s, n, count) : BO_OK;
}

enum bo_err
store_outbox_routed(struct store *s, struct arena *a, const int64_t *ids, size_t count, int64_t now)
{
    assert(s->in_tx);
    return count ? s->ops->messaging->outbox_routed(s, a, ids, count, now) : BO_OK;
}

enum bo_err
store_outbox_rollup(struct store *s, int64_t outbox_id, int64_t now)
{
    assert(s->in_tx);
    return s->ops->messaging->outbox_rollup(s, outbox_id, now);
}

enum bo_err
store_delivery_claim(struct store *s, struct arena *a, int64_t now, int lease, int limit,
                     int64_t **ids, size_t *count)
{
    assert(s->in_tx);
    return s->ops->messaging->delivery_claim(s, a, now, lease, limit, ids, count);
}

enum bo_err
store_delivery_job(struct store *s, struct arena *a, int64_t id, struct delivery_job *out)
{
    return s->ops->messaging->delivery_job(s, a, id, out);
}

enum bo_err
store_delivery_finish(struct store *s, const struct delivery_outcome *o)
{
    assert(s->in_tx);
    return s->ops->messaging->delivery_finish(s, o);
}

enum bo_err
store_attempt_add(struct store *s, const struct delivery_attempt *at)
{
    assert(s->in_tx);
    return s->ops->messaging->attempt_add(s, at);
}

enum bo_err
store_delivery_release(struct store *s, struct arena *a, const int64_t *ids, size_t count,
                       int64_t now)
{
    assert(s->in_tx);
    return count ? s->ops->messaging->delivery_release(s, a, ids, count, now) : BO_OK;
}

enum bo_err
store_endpoint_disable(struct store *s, int64_t endpoint_id, const char *reason, int64_t now)
{
    assert(s->in_tx);
    return s->ops->messaging->endpoint_disable(s, endpoint_id, reason, now);
}

enum bo_err
store_outbox_list(struct store *s, struct arena *a, const struct outbox_filter *f,
                  struct outbox_row **out, size_t *count)
{
    return s->ops->messaging->outbox_list(s, a, f, out, count);
}

enum bo_err
store_outbox_get(struct store *s, struct arena *a, int64_t id, struct outbox_row *out)
{
    return s->ops->messaging->outbox_get(s, a, id, out);
}

enum bo_err
store_delivery_list(struct store *s, struct arena *a, int64_t outbox_id, struct delivery **out,
                    size_t *count)
{
    return s->ops->messaging->delivery_list(s, a, outbox_id, out, count);
}

enum bo_err
store_attempt_list(struct store *s, struct arena *a, int64_t delivery_id,
                   struct delivery_attempt **out, size_t *count)
{
    return s->ops->messaging->attempt_list(s, a, delivery_id, out, count);
}

enum bo_err
store_outbox_redrive(struct store *s, int64_t outbox_id, int64_t now, int *count)
{
    assert(s->in_tx);
    return s->ops->messaging->outbox_redrive(s, outbox_id, now, count);
}

enum bo_err
store_msg_stats(struct store *s, struct msg_stats *out)
{
    return s->ops->messaging->msg_stats(s, out);
}

enum bo_err
store_msg_due(struct store *s, int64_t now, bool *route, bool *send)
{
    return s->ops->messaging->msg_due(s, now, route, send);
}

enum bo_err
store_notification_list(struct store *s, struct arena *a, int64_t user_id, int64_t before_id,
                        int limit, struct notification **out, size_t *count)
{
    return s->ops->messaging->notification_list(s, a, user_id, before_id, limit, out, count);
}

enum bo_err
store_notification_unread(struct store *s, int64_t user_id, int *out)
{
    return s->ops->messaging->notification_unread(s, user_id, out);
}

enum bo_err
store_notification_read(struct store *s, int64_t user_id, int64_t id, int64_t now)
{
    assert(s->in_tx);
    return s->ops->messaging->notification_read(s, user_id, id, now);
}

enum bo_err
store_notification_read_all(struct store *s, int64_t user_id, int64_t now, int *count)
{
    assert(s->in_tx);
    return s->ops->messaging->notification_read_all(s, user_id, now, count);
}

enum bo_err
store_short_link_click(struct store *s, struct arena *a, const char *code, const char *page,
                       int64_t now, const char **target)
{
    assert(s->in_tx);
    return s->ops->messaging->short_link_click(s, a, code, page, now, target);
}
