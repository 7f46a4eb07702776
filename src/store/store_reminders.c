/* SPDX-License-Identifier: MIT */
/*
 * store_reminders.c - the wrappers of the reminder and watcher calls
 * (issue 4): the transaction rules are asserted here, once for both backends.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "store/store_int.h"

enum bo_err
store_reminder_due(struct store *s, struct arena *a, int64_t now, int64_t until, int limit,
                   struct event_due **out, size_t *count)
{
    assert(limit > 0 && until > now);
    return s->ops->reminder->reminder_due(s, a, now, until, limit, out, count);
}

enum bo_err
store_reminder_mark(struct store *s, int64_t event_id, int64_t starts_at, const char *kind,
                    const char *state, int64_t now, bool *inserted)
{
    assert(s->in_tx);
    return s->ops->reminder->reminder_mark(s, event_id, starts_at, kind, state, now, inserted);
}

enum bo_err
store_outbox_add_participants(struct store *s, int64_t event_id, const char *category,
                              const char *payload, int64_t now, int *count)
{
    assert(s->in_tx);
    return s->ops->reminder->outbox_add_participants(s, event_id, category, payload, now, count);
}

enum bo_err
store_event_ended(struct store *s, struct arena *a, int64_t now, int limit, struct event_due **out,
                  size_t *count)
{
    assert(limit > 0);
    return s->ops->reminder->event_ended(s, a, now, limit, out, count);
}

enum bo_err
store_event_mark_done(struct store *s, int64_t event_id, int64_t now, bool *changed)
{
    assert(s->in_tx);
    return s->ops->reminder->event_mark_done(s, event_id, now, changed);
}
