/* SPDX-License-Identifier: MIT */
#include "app/waitlist.h"

#include "app/bookings_int.h"
#include "app/env.h"
#include "app/tx.h"
#include "config.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/jsonw.h"
#include "store/store.h"

static enum bo_err
check_joinable(struct ctx *c, const struct event *e, int seats)
{
    if (e->author_id == c->actor.user_id) {
        return ctx_fail(c, BO_ERR_FORBIDDEN, NULL, "nobody waits for their own event");
    }
    if (seats < 1 || seats > e->max_per_booking) {
        return ctx_fail(c, BO_ERR_INVALID, "seats", "seats must be 1 to %d", e->max_per_booking);
    }
    if (e->status != EVENT_PUBLISHED || e->registration_closed || e->starts_at <= c->now) {
        return ctx_fail(c, BO_ERR_CONFLICT, NULL, "this event is not open for booking");
    }
    if (e->approval == APPROVAL_MANUAL) {
        return ctx_fail(c, BO_ERR_CONFLICT, NULL,
                        "this event takes requests, which wait for the host anyway: send one");
    }
    if (e->available >= seats) {
        return ctx_fail(c, BO_ERR_CONFLICT, "seats", "there are free seats: book them");
    }
    return BO_OK;
}

struct join_args {
    int64_t event_id;
    int seats;
    struct waitlist_entry *out;
};

static enum bo_err
join_job(struct ctx *c, void *arg)
{
    struct join_args *a = arg;
    struct event e;

    enum bo_err err = event_head(c, a->event_id, &e);
    if (err || check_joinable(c, &e, a->seats)) {
        return c->err;
    }
    *a->out = (struct waitlist_entry){.event_id = e.id,
                                      .user_id = c->actor.user_id,
                                      .seats = a->seats,
                                      .state = WAITLIST_WAITING,
                                      .joined_at = c->now};
    err = tx_begin(c);
    if (err == BO_OK) {
        err = store_waitlist_add(c->store, a->out, &a->out->id);
        if (err == BO_ERR_CONFLICT) {
            ctx_fail(c, err, "event_id", "you are on this waitlist already");
        }
    }
    return tx_end(c, err);
}

enum bo_err
waitlist_join(struct ctx *c, int64_t event_id, int seats, struct waitlist_entry *out)
{
    struct join_args a = {event_id, seats, out};

    return app_write(c, join_job, &a);
}

/* The entry, if the caller owns it (or is an admin or the host): NOT_FOUND otherwise. */
static enum bo_err
own_entry(struct ctx *c, int64_t id, struct waitlist_entry *w, struct event *e)
{
    enum bo_err err = store_waitlist_get(c->store, c->arena, id, w);

    if (err == BO_OK) {
        err = store_event_get_head(c->store, c->arena, w->event_id, e);
    }
    if (err == BO_ERR_NOT_FOUND ||
        (err == BO_OK && w->user_id != c->actor.user_id && !can_manage(c, e))) {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such waitlist entry");
    }
    return err ? tx_fail(c, err) : BO_OK;
}

static enum bo_err
leave_job(struct ctx *c, void *arg)
{
    const int64_t *id = arg;
    struct waitlist_entry w;
    struct event e;
    struct booking b;

    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = own_entry(c, *id, &w, &e);
    }
    if (err == BO_OK) {
        err = store_waitlist_set_state(c->store, w.id, w.state, WAITLIST_LEFT);
        if (err == BO_ERR_CONFLICT ||
            (w.state != WAITLIST_WAITING && w.state != WAITLIST_OFFERED)) {
            err = ctx_fail(c, BO_ERR_CONFLICT, NULL, "this entry is %s already",
                           waitlist_state_name(w.state));
        }
    }
    /* Leaving with an open offer gives its seats back. */
    if (err == BO_OK && w.state == WAITLIST_OFFERED &&
        store_booking_get(c->store, c->arena, w.booking_id, &b) == BO_OK &&
        b.state == BOOKING_HELD) {
        err = transition(c, &b, &e, BOOKING_CANCEL);
    }
    return tx_end(c, err);
}

enum bo_err
waitlist_leave(struct ctx *c, int64_t id)
{
    return app_write(c, leave_job, &id);
}

enum bo_err
waitlist_of_event(struct ctx *c, int64_t event_id, struct waitlist_entry **out, size_t *count)
{
    struct event e;
    enum bo_err err = event_head(c, event_id, &e);

    if (err) {
        return err;
    }
    if (!can_manage(c, &e)) {
        return ctx_fail(c, BO_ERR_FORBIDDEN, NULL, "only the host sees the waitlist");
    }
    err = store_waitlist_list_event(c->store, c->arena, event_id, out, count);
    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
waitlist_mine(struct ctx *c, struct waitlist_entry **out, size_t *count)
{
    enum bo_err err = store_waitlist_list_user(c->store, c->arena, c->actor.user_id, out, count);

    return err ? tx_fail(c, err) : BO_OK;
}

static const char *
offer_payload(struct ctx *c, const struct booking *b)
{
    struct jsonw_member m[] = {
        {"what", "waitlist.offered", 0},
        {"booking_id", NULL, b->id},
        {"event_id", NULL, b->event_id},
        {"expires_at", NULL, b->expires_at},
        {"link", arena_printf(c->arena, "/bookings/%lld", (long long)b->id), 0}};

    return jsonw_object(c->arena, m, sizeof(m) / sizeof(m[0]));
}

/* Hold the seats for w's user and tell them; in the open transaction. */
static enum bo_err
make_offer(struct ctx *c, const struct waitlist_entry *w, const struct event *e)
{
    struct booking b = {.event_id = e->id,
                        .user_id = w->user_id,
                        .state = BOOKING_HELD,
                        .seats = w->seats,
                        .amount_minor = event_seat_price(e) * w->seats,
                        .currency = e->currency,
                        .starts_at = e->starts_at,
                        .expires_at = c->now + c->env->cfg->waitlist_offer_ttl,
                        .created_at = c->now,
                        .updated_at = c->now};
    enum bo_err err = insert_booking(c, &b, e);

    if (err == BO_OK) {
        err = store_waitlist_offer(c->store, w->id, b.id, c->now, b.expires_at);
    }
    if (err == BO_OK) {
        err = store_outbox_add(c->store, w->user_id, "waitlist.offered", offer_payload(c, &b),
                               c->now);
    }
    return err;
}

struct offer_args {
    int64_t id;
    bool offered;
    bool lapse; /* the user cannot take it (booked meanwhile, or another at that time) */
};

static enum bo_err
offer_job(struct ctx *c, void *arg)
{
    struct offer_args *a = arg;
    struct waitlist_entry w;
    struct event e;

    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_waitlist_get(c->store, c->arena, a->id, &w);
    }
    if (err == BO_OK && w.state == WAITLIST_WAITING) {
        err = store_event_get_head(c->store, c->arena, w.event_id, &e);
        if (err == BO_OK) {
            err = make_offer(c, &w, &e);
            a->offered = err == BO_OK;
            a->lapse = err == BO_ERR_CONFLICT;
        }
    }
    err = tx_end(c, err);
    if (a->lapse) {
        ctx_clear_error(c);
        err = tx_begin(c);
        if (err == BO_OK) {
            err = store_waitlist_set_state(c->store, a->id, WAITLIST_WAITING, WAITLIST_LAPSED);
        }
        err = tx_end(c, err);
    }
    return err;
}

enum bo_err
waitlist_work(struct ctx *c, int limit, int *offered)
{
    struct waitlist_entry *heads = NULL;
    size_t count = 0;
    struct actor saved = c->actor;

    *offered = 0;
    enum bo_err err = store_waitlist_heads(c->store, c->arena, c->now, limit, &heads, &count);
    if (err) {
        return tx_fail(c, err);
    }
    c->actor = (struct actor){.via = AUTH_SYSTEM};
    for (size_t i = 0; i < count; i++) {
        struct offer_args a = {.id = heads[i].id};
        ctx_clear_error(c);
        app_write(c, offer_job, &a);
        *offered += a.offered;
    }
    c->actor = saved;
    ctx_clear_error(c);
    return BO_OK;
}
