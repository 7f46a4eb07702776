/* SPDX-License-Identifier: MIT */
/*
 * reminders.c - reminders and the watcher on SQLite (issue 4). The
 * statements are ST_REMINDER_* and ST_EVENT_ENDED / ST_EVENT_MARK_DONE in
 * sqlite.c. Exactly once comes from event_reminders' primary key and from
 * the conditional update of the event's status, not from process memory.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/arena.h"
#include "store/sqlite/sqlite_int.h"
#include "store/store.h"

/* Rows of ST_REMINDER_DUE / ST_EVENT_ENDED (the same seven columns), at most cap. */
static enum bo_err
read_due(struct sqlite_store *s, struct arena *a, sqlite3_stmt *st, int cap, struct event_due **out,
         size_t *count)
{
    struct event_due *list = arena_zalloc(a, sizeof(*list) * (size_t)(cap > 0 ? cap : 1));
    size_t n = 0;
    int rc = SQLITE_DONE;

    while (n < (size_t)cap && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        list[n++] = (struct event_due){.id = sq_int(st, 0),
                                       .title = sq_text(a, st, 1),
                                       .version = (int)sq_int(st, 2),
                                       .starts_at = sq_int(st, 3),
                                       .ends_at = sq_int(st, 4),
                                       .has_24h = sq_int(st, 5) != 0,
                                       .has_1h = sq_int(st, 6) != 0};
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_reminder_due(struct store *base, struct arena *a, int64_t now, int64_t until, int limit,
                    struct event_due **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_REMINDER_DUE);

    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, until);
    sqlite3_bind_int(st, 3, limit);
    return read_due(s, a, st, limit, out, count);
}

static enum bo_err
sqlite_reminder_mark(struct store *base, int64_t event_id, int64_t starts_at, const char *kind,
                     const char *state, int64_t now, bool *inserted)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_REMINDER_MARK);

    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_int64(st, 2, starts_at);
    sq_bind_text(st, 3, kind);
    sq_bind_text(st, 4, state);
    sqlite3_bind_int64(st, 5, now);
    enum bo_err err = sq_exec(s, st);
    *inserted = err == BO_OK && sqlite3_changes(s->db) == 1;
    return err;
}

static enum bo_err
sqlite_outbox_add_participants(struct store *base, int64_t event_id, const char *category,
                               const char *payload, int64_t now, int *count)
{
    return sq_outbox_fan_out(sq(base), ST_OUTBOX_PARTICIPANTS, event_id, category, payload, now,
                             count);
}

static enum bo_err
sqlite_event_ended(struct store *base, struct arena *a, int64_t now, int limit,
                   struct event_due **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_ENDED);

    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int(st, 2, limit);
    return read_due(s, a, st, limit, out, count);
}

static enum bo_err
sqlite_event_mark_done(struct store *base, int64_t event_id, int64_t now, bool *changed)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_MARK_DONE);

    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_int64(st, 2, now);
    enum bo_err err = sq_exec(s, st);
    *changed = err == BO_OK && sqlite3_changes(s->db) == 1;
    return err;
}

const struct store_reminder_ops sqlite_reminder_ops = {
    .reminder_due = sqlite_reminder_due,
    .reminder_mark = sqlite_reminder_mark,
    .outbox_add_participants = sqlite_outbox_add_participants,
    .event_ended = sqlite_event_ended,
    .event_mark_done = sqlite_event_mark_done,
};
