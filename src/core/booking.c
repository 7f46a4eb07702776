/* SPDX-License-Identifier: MIT */
#include "core/booking.h"

#include <string.h>

#include "core/ctx.h"

static const char *const state_names[BOOKING_STATE_COUNT] = {
    [BOOKING_REQUESTED] = "requested", [BOOKING_HELD] = "held",
    [BOOKING_CONFIRMED] = "confirmed", [BOOKING_ATTENDED] = "attended",
    [BOOKING_REJECTED] = "rejected",   [BOOKING_EXPIRED] = "expired",
    [BOOKING_CANCELLED] = "cancelled",
};

static const char *const action_names[] = {
    [BOOKING_APPROVE] = "approve", [BOOKING_REJECT] = "reject", [BOOKING_PAY] = "pay",
    [BOOKING_EXPIRE] = "expire",   [BOOKING_CANCEL] = "cancel", [BOOKING_CHECK_IN] = "check-in",
};

const char *
booking_state_name(enum booking_state s)
{
    return (unsigned)s < BOOKING_STATE_COUNT ? state_names[s] : NULL;
}

enum booking_state
booking_state_parse(const char *s)
{
    for (int i = 1; s != NULL && i < BOOKING_STATE_COUNT; i++) {
        if (strcmp(state_names[i], s) == 0) {
            return (enum booking_state)i;
        }
    }
    return 0;
}

const char *
booking_action_name(enum booking_action a)
{
    return (unsigned)a < sizeof(action_names) / sizeof(action_names[0]) ? action_names[a] : NULL;
}

bool
booking_state_holds_seats(enum booking_state s)
{
    return s == BOOKING_HELD || s == BOOKING_CONFIRMED || s == BOOKING_ATTENDED;
}

bool
booking_state_is_active(enum booking_state s)
{
    return s == BOOKING_REQUESTED || booking_state_holds_seats(s);
}

enum booking_state
booking_initial_state(bool manual_approval, bool paid)
{
    if (manual_approval) {
        return BOOKING_REQUESTED;
    }
    return paid ? BOOKING_HELD : BOOKING_CONFIRMED;
}

/* One row per action: from which state, to which (approve depends on paid). */
struct transition {
    enum booking_action action;
    enum booking_state from;
    enum booking_state to;
};

static const struct transition transitions[] = {
    {BOOKING_APPROVE, BOOKING_REQUESTED, BOOKING_HELD}, /* CONFIRMED when free */
    {BOOKING_REJECT, BOOKING_REQUESTED, BOOKING_REJECTED},
    {BOOKING_PAY, BOOKING_HELD, BOOKING_CONFIRMED},
    {BOOKING_EXPIRE, BOOKING_HELD, BOOKING_EXPIRED},
    {BOOKING_CANCEL, BOOKING_REQUESTED, BOOKING_CANCELLED},
    {BOOKING_CANCEL, BOOKING_HELD, BOOKING_CANCELLED},
    {BOOKING_CANCEL, BOOKING_CONFIRMED, BOOKING_CANCELLED},
    {BOOKING_CHECK_IN, BOOKING_CONFIRMED, BOOKING_ATTENDED},
};

enum bo_err
booking_next_state(struct ctx *c, const struct booking *b, enum booking_action action, bool paid,
                   enum booking_state *out)
{
    for (size_t i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++) {
        const struct transition *t = &transitions[i];
        if (t->action == action && t->from == b->state) {
            *out = action == BOOKING_APPROVE && !paid ? BOOKING_CONFIRMED : t->to;
            return BO_OK;
        }
    }
    return ctx_fail(c, BO_ERR_CONFLICT, "state", "a %s booking cannot be %s",
                    booking_state_name(b->state), booking_action_name(action));
}

int
booking_seat_delta(enum booking_state from, enum booking_state to, int seats)
{
    int before = booking_state_holds_seats(from) ? seats : 0;
    int after = booking_state_holds_seats(to) ? seats : 0;

    return after - before;
}

static const char *const waitlist_names[] = {
    [WAITLIST_WAITING] = "waiting", [WAITLIST_OFFERED] = "offered", [WAITLIST_CLAIMED] = "claimed",
    [WAITLIST_LAPSED] = "lapsed",   [WAITLIST_LEFT] = "left",
};

const char *
waitlist_state_name(enum waitlist_state s)
{
    return (unsigned)s < sizeof(waitlist_names) / sizeof(waitlist_names[0]) ? waitlist_names[s]
                                                                            : NULL;
}

enum waitlist_state
waitlist_state_parse(const char *s)
{
    for (int i = 1; s != NULL && i <= WAITLIST_LEFT; i++) {
        if (strcmp(waitlist_names[i], s) == 0) {
            return (enum waitlist_state)i;
        }
    }
    return 0;
}
