/* SPDX-License-Identifier: MIT */
/*
 * booking.h - the one booking lifecycle for every kind of event.
 *
 *   requested --approve--> held --pay--> confirmed --check-in--> attended
 *       |                    |               |
 *     reject              expire          cancel        (free events skip held)
 *       v                    v               v
 *    rejected             expired        cancelled
 *
 * A booking in held, confirmed or attended occupies its seats; requested
 * does not (the host has not said yes). Pure: no I/O, no clock; the time of
 * a transition is passed in.
 *
 * Seed 000's BOOKED / CONFIRMED / CANCELLED map to held (or requested when
 * the host approves), confirmed, cancelled; seed 004's EventRequest
 * registration_status pending / approved / rejected / cancelled to
 * requested / confirmed / rejected / cancelled (docs/booking.md).
 */
#ifndef BO_CORE_BOOKING_H
#define BO_CORE_BOOKING_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct ctx;
struct event;

enum booking_state {
    BOOKING_REQUESTED = 1,
    BOOKING_HELD,
    BOOKING_CONFIRMED,
    BOOKING_ATTENDED,
    BOOKING_REJECTED,
    BOOKING_EXPIRED,
    BOOKING_CANCELLED,
};
#define BOOKING_STATE_COUNT 8

enum booking_action {
    BOOKING_APPROVE = 1,
    BOOKING_REJECT,
    BOOKING_PAY, /* confirm a hold: payment arrived or the hold is claimed */
    BOOKING_EXPIRE,
    BOOKING_CANCEL,
    BOOKING_CHECK_IN,
};

struct booking {
    int64_t id;
    int64_t event_id;
    int64_t user_id;
    enum booking_state state;
    int seats;
    int64_t amount_minor; /* price * seats at booking time */
    const char *currency;
    int64_t starts_at;  /* the event's start, kept for the same-time rule */
    int64_t expires_at; /* a hold's end; 0 otherwise */
    int64_t created_at;
    int64_t updated_at;
    int64_t created_by;
    /* Read-only, filled in listings: what a person reading the list needs to see. */
    const char *event_title;
    const char *guest_username; /* in the host's list */
};

/* One line of the booking log (seed 002 booking_logs). */
struct booking_log {
    int64_t id;
    int64_t booking_id;
    const char *action;
    const char *old_value; /* state name, NULL on creation */
    const char *new_value;
    int64_t actor_user_id;
    int64_t created_at;
};

/*
 * A place in an event's waitlist (seed 002). waiting -> offered (a held
 * booking with its own expiry) -> claimed (confirmed) | lapsed (expired or
 * cancelled); or left by its owner. Served by priority, then join order.
 */
enum waitlist_state {
    WAITLIST_WAITING = 1,
    WAITLIST_OFFERED,
    WAITLIST_CLAIMED,
    WAITLIST_LAPSED,
    WAITLIST_LEFT,
};

struct waitlist_entry {
    int64_t id;
    int64_t event_id;
    int64_t user_id;
    int seats;
    int priority;
    enum waitlist_state state;
    int64_t joined_at;
    int64_t offered_at;
    int64_t offer_expires_at;
    int64_t booking_id;
};

const char *waitlist_state_name(enum waitlist_state s);
enum waitlist_state waitlist_state_parse(const char *s);

/* A stored answer to a request made with an Idempotency-Key. */
struct idempotent_answer {
    int64_t user_id;
    const char *key;
    const char *request_hash;
    int status;
    const char *body;
    int64_t created_at;
};

const char *booking_state_name(enum booking_state s);
enum booking_state booking_state_parse(const char *s);
const char *booking_action_name(enum booking_action a);

/* Does a booking in this state occupy seats? */
bool booking_state_holds_seats(enum booking_state s);
/* Is it still alive (counts for one-per-user and same-start-time)? */
bool booking_state_is_active(enum booking_state s);

/*
 * The state a new booking starts in: requested when the host approves,
 * else held for a paid event, else confirmed.
 */
enum booking_state booking_initial_state(bool manual_approval, bool paid);

/*
 * The state after action, or BO_ERR_CONFLICT (recorded on c) if the action
 * is not allowed from b's state. paid decides approve: held or confirmed.
 */
enum bo_err booking_next_state(struct ctx *c, const struct booking *b, enum booking_action action,
                               bool paid, enum booking_state *out);

/* Seats that change hands going from -> to: positive takes, negative frees. */
int booking_seat_delta(enum booking_state from, enum booking_state to, int seats);

#endif
