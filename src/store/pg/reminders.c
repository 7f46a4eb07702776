/* SPDX-License-Identifier: MIT */
/*
 * reminders.c - reminders and the watcher on PostgreSQL (issue 4). Several
 * schedulers may run at once: the INSERT ... ON CONFLICT DO NOTHING into
 * event_reminders waits for a concurrent insert of the same key and then
 * does nothing, and the watcher's UPDATE ... WHERE status = 'published'
 * changes a row once; the caller writes the outbox rows only when it won.
 */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/pg/pg_int.h"
#include "store/store.h"

static void
read_due(struct arena *a, const PGresult *r, int row, void *item)
{
    *(struct event_due *)item = (struct event_due){.id = pg_int(r, row, 0),
                                                   .title = pg_text(a, r, row, 1),
                                                   .version = (int)pg_int(r, row, 2),
                                                   .starts_at = pg_int(r, row, 3),
                                                   .ends_at = pg_int(r, row, 4),
                                                   .has_24h = pg_bool(r, row, 5),
                                                   .has_1h = pg_bool(r, row, 6)};
}

static enum bo_err
query_due(struct store *base, struct arena *a, enum stmt id, const struct pg_params *p,
          struct event_due **out, size_t *count)
{
    return pg_query_rows(pg(base), a, id, p, sizeof(**out), read_due, (void **)out, count);
}

static enum bo_err
pg_reminder_due(struct store *base, struct arena *a, int64_t now, int64_t until, int limit,
                struct event_due **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, now);
    pg_param_int(&p, until);
    pg_param_int(&p, limit);
    return query_due(base, a, ST_REMINDER_DUE, &p, out, count);
}

static enum bo_err
pg_reminder_mark(struct store *base, int64_t event_id, int64_t starts_at, const char *kind,
                 const char *state, int64_t now, bool *inserted)
{
    struct pg_params p = {0};
    int64_t changed = 0;

    pg_param_int(&p, event_id);
    pg_param_int(&p, starts_at);
    pg_param_text(&p, kind);
    pg_param_text(&p, state);
    pg_param_int(&p, now);
    enum bo_err err = pg_exec(pg(base), ST_REMINDER_MARK, &p, &changed);
    *inserted = err == BO_OK && changed == 1;
    return err;
}

static enum bo_err
pg_outbox_add_participants(struct store *base, int64_t event_id, const char *category,
                           const char *payload, int64_t now, int *count)
{
    return pg_outbox_fan_out(pg(base), ST_OUTBOX_PARTICIPANTS, event_id, category, payload, now,
                             count);
}

static enum bo_err
pg_event_ended(struct store *base, struct arena *a, int64_t now, int limit, struct event_due **out,
               size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, now);
    pg_param_int(&p, limit);
    return query_due(base, a, ST_EVENT_ENDED, &p, out, count);
}

static enum bo_err
pg_event_mark_done(struct store *base, int64_t event_id, int64_t now, bool *changed)
{
    struct pg_params p = {0};
    int64_t n = 0;

    pg_param_int(&p, event_id);
    pg_param_int(&p, now);
    enum bo_err err = pg_exec(pg(base), ST_EVENT_MARK_DONE, &p, &n);
    *changed = err == BO_OK && n == 1;
    return err;
}

const struct store_reminder_ops pg_reminder_ops = {
    .reminder_due = pg_reminder_due,
    .reminder_mark = pg_reminder_mark,
    .outbox_add_participants = pg_outbox_add_participants,
    .event_ended = pg_event_ended,
    .event_mark_done = pg_event_mark_done,
};
