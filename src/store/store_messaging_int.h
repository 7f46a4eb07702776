/* SPDX-License-Identifier: MIT */
/*
 * store_messaging_int.h - the backend table behind store_messaging.h, one
 * member per function there, same order. Only the store includes this.
 */
#ifndef BO_STORE_MESSAGING_INT_H
#define BO_STORE_MESSAGING_INT_H

#include "store/store_int.h"
#include "store/store_messaging.h"

struct store_messaging_ops {
    enum bo_err (*route_batch)(struct store *s, struct arena *a, int limit, struct route_row **out,
                               size_t *count);
    enum bo_err (*deliveries_add)(struct store *s, const struct delivery *d, size_t count);
    enum bo_err (*notifications_add)(struct store *s, const struct notification *n, size_t count);
    enum bo_err (*outbox_routed)(struct store *s, struct arena *a, const int64_t *ids, size_t count,
                                 int64_t now);
    enum bo_err (*outbox_rollup)(struct store *s, int64_t outbox_id, int64_t now);
    enum bo_err (*delivery_claim)(struct store *s, struct arena *a, int64_t now, int lease,
                                  int limit, int64_t **ids, size_t *count);
    enum bo_err (*delivery_job)(struct store *s, struct arena *a, int64_t id,
                                struct delivery_job *out);
    enum bo_err (*delivery_finish)(struct store *s, const struct delivery_outcome *o);
    enum bo_err (*delivery_release)(struct store *s, struct arena *a, const int64_t *ids,
                                    size_t count, int64_t now);
    enum bo_err (*attempt_add)(struct store *s, const struct delivery_attempt *at);
    enum bo_err (*endpoint_disable)(struct store *s, int64_t endpoint_id, const char *reason,
                                    int64_t now);
    enum bo_err (*outbox_list)(struct store *s, struct arena *a, const struct outbox_filter *f,
                               struct outbox_row **out, size_t *count);
    enum bo_err (*outbox_get)(struct store *s, struct arena *a, int64_t id, struct outbox_row *out);
    enum bo_err (*delivery_list)(struct store *s, struct arena *a, int64_t outbox_id,
                                 struct delivery **out, size_t *count);
    enum bo_err (*attempt_list)(struct store *s, struct arena *a, int64_t delivery_id,
                                struct delivery_attempt **out, size_t *count);
    enum bo_err (*outbox_redrive)(struct store *s, int64_t outbox_id, int64_t now, int *count);
    enum bo_err (*msg_stats)(struct store *s, struct msg_stats *out);
    enum bo_err (*msg_due)(struct store *s, int64_t now, bool *route, bool *send);
    enum bo_err (*notification_list)(struct store *s, struct arena *a, int64_t user_id,
                                     int64_t before_id, int limit, struct notification **out,
                                     size_t *count);
    enum bo_err (*notification_unread)(struct store *s, int64_t user_id, int *out);
    enum bo_err (*notification_read)(struct store *s, int64_t user_id, int64_t id, int64_t now);
    enum bo_err (*notification_read_all)(struct store *s, int64_t user_id, int64_t now, int *count);
    enum bo_err (*short_link_click)(struct store *s, struct arena *a, const char *code,
                                    const char *page, int64_t now, const char **target);
};

extern const struct store_messaging_ops sqlite_messaging_ops;
extern const struct store_messaging_ops pg_messaging_ops;

#endif
