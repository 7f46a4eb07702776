/* SPDX-License-Identifier: MIT */
/*
 * store_hooks.c - webhook endpoints and notification preferences of
 * store.h, handed to the backend. Writes run inside a transaction.
 */
#include <assert.h>

#include "store/store_int.h"

enum bo_err
store_webhook_create(struct store *s, struct webhook_endpoint *w)
{
    assert(s->in_tx);
    return s->ops->hook->webhook_create(s, w);
}

enum bo_err
store_webhook_get(struct store *s, struct arena *a, int64_t organizer_id, int64_t id,
                  struct webhook_endpoint *out)
{
    return s->ops->hook->webhook_get(s, a, organizer_id, id, out);
}

enum bo_err
store_webhook_list(struct store *s, struct arena *a, int64_t organizer_id,
                   struct webhook_endpoint **out, size_t *count)
{
    return s->ops->hook->webhook_list(s, a, organizer_id, out, count);
}

enum bo_err
store_webhook_update(struct store *s, const struct webhook_endpoint *w)
{
    assert(s->in_tx);
    return s->ops->hook->webhook_update(s, w);
}

enum bo_err
store_webhook_delete(struct store *s, int64_t id)
{
    assert(s->in_tx);
    return s->ops->hook->webhook_delete(s, id);
}

enum bo_err
store_prefs_get(struct store *s, struct arena *a, int64_t user_id, struct notification_pref **out,
                size_t *count)
{
    return s->ops->hook->prefs_get(s, a, user_id, out, count);
}

enum bo_err
store_pref_put(struct store *s, int64_t user_id, const struct notification_pref *p)
{
    assert(s->in_tx);
    return s->ops->hook->pref_put(s, user_id, p);
}
