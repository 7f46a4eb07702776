/* SPDX-License-Identifier: MIT */
#include "app/reminders.h"

#include <stdbool.h>
#include <string.h>

#include "app/env.h"
#include "app/tx.h"
#include "core/ctx.h"
#include "core/reminder.h"
#include "lib/arena.h"
#include "lib/jsonw.h"
#include "store/store.h"

/* The event payload of app/bookings.c, with the start the message is about. */
static const char *
payload(struct ctx *c, const struct event_due *e, const char *what, int version)
{
    struct jsonw_member m[] = {
        {"what", what, 0},
        {"event_id", NULL, e->id},
        {"title", e->title, 0},
        {"version", NULL, version},
        {"starts_at", NULL, e->starts_at},
        {"link", arena_printf(c->arena, "/events/%lld", (long long)e->id), 0}};

    return jsonw_object(c->arena, m, sizeof(m) / sizeof(m[0]));
}

struct remind_args {
    const struct event_due *e;
    int written;
};

/* Record one reminder; tell the participants only if this run recorded it and it was sent. */
static enum bo_err
remind(struct ctx *c, struct remind_args *a, const char *kind, const char *state)
{
    const struct event_due *e = a->e;
    bool inserted = false;
    int count = 0;
    enum bo_err err =
        store_reminder_mark(c->store, e->id, e->starts_at, kind, state, c->now, &inserted);

    if (err || !inserted || strcmp(state, "sent") != 0) {
        return err;
    }
    const char *category = strcmp(kind, "24h") == 0 ? "reminder.24h" : "reminder.1h";
    err = store_outbox_add_participants(c->store, e->id, category,
                                        payload(c, e, category, e->version), c->now, &count);
    a->written += count;
    return err;
}

static enum bo_err
remind_job(struct ctx *c, void *arg)
{
    struct remind_args *a = arg;
    struct reminder_plan plan;

    reminder_plan(c->now, a->e->starts_at, a->e->has_24h, a->e->has_1h, &plan);
    a->written = 0;
    enum bo_err err = tx_begin(c);
    if (err == BO_OK && plan.state_24h) {
        err = remind(c, a, "24h", plan.state_24h);
    }
    if (err == BO_OK && plan.send_1h) {
        err = remind(c, a, "1h", "sent");
    }
    return tx_end(c, err);
}

enum bo_err
reminders_work(struct ctx *c, int limit, int *written)
{
    struct event_due *due = NULL;
    size_t count = 0;

    *written = 0;
    enum bo_err err = store_reminder_due(c->store, c->arena, c->now, c->now + REMINDER_24H_S, limit,
                                         &due, &count);
    if (err) {
        return tx_fail(c, err);
    }
    for (size_t i = 0; i < count; i++) {
        struct remind_args a = {.e = &due[i]};
        ctx_clear_error(c);
        if (app_write(c, remind_job, &a) == BO_OK) {
            *written += a.written;
        }
    }
    ctx_clear_error(c);
    return BO_OK;
}

struct finish_args {
    const struct event_due *e;
    bool done;
};

/* published -> done, and the participants hear of it, in one transaction. */
static enum bo_err
finish_job(struct ctx *c, void *arg)
{
    struct finish_args *a = arg;
    int count = 0;

    a->done = false;
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_event_mark_done(c->store, a->e->id, c->now, &a->done);
    }
    if (err == BO_OK && a->done) {
        err = store_outbox_add_participants(c->store, a->e->id, "event.done",
                                            payload(c, a->e, "event.done", a->e->version + 1),
                                            c->now, &count);
    }
    return tx_end(c, err);
}

enum bo_err
events_finish_ended(struct ctx *c, int limit, int *done)
{
    struct event_due *ended = NULL;
    size_t count = 0;

    *done = 0;
    enum bo_err err = store_event_ended(c->store, c->arena, c->now, limit, &ended, &count);
    if (err) {
        return tx_fail(c, err);
    }
    for (size_t i = 0; i < count; i++) {
        struct finish_args a = {.e = &ended[i]};
        ctx_clear_error(c);
        if (app_write(c, finish_job, &a) == BO_OK && a.done) {
            (*done)++;
        }
    }
    ctx_clear_error(c);
    return BO_OK;
}
