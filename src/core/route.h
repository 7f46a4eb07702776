/* SPDX-License-Identifier: MIT */
/*
 * route.h - the pure rules of routing an outbox row to its channels
 * (docs/internals/messaging.md): reminders stay off webhooks, and the key
 * that makes the host's and the guest's row of one change one webhook
 * message. Preference groups and endpoint types are core/webhook.h's.
 */
#ifndef BO_CORE_ROUTE_H
#define BO_CORE_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* Reminders are for the participants only, never for organizers' webhooks. */
bool route_is_reminder(const char *category);

/* What names one domain event, from an outbox row's payload. */
struct route_key {
    const char *category;
    int64_t booking_id; /* 0: not about a booking */
    const char *state;  /* the booking's state after the change */
    int64_t event_id;
    int version; /* the event's version after the change */
    int64_t created_at;
};

/*
 * The webhook message id of a domain event, the same for every recipient's
 * row of it: "msg_booking_<id>_<state>_<kind>_<time>" or
 * "msg_event_<id>_v<version>_<kind>" (kind: the category after its dot).
 */
const char *route_webhook_message_id(struct arena *a, const struct route_key *k);

/*
 * Short links (/s/<code>) name their page, so routing writes nothing for
 * them: "/bookings/<id>" is "b" + the id in base62, "/events/<id>" is "e" +
 * the id. The pages behind them need a sign-in anyway; the store keeps a
 * row per code only once it is clicked, to count the clicks.
 */
#define ROUTE_SHORT_MAX 16

/* The code of a payload link into out; false for a link of another shape. */
bool route_short_code(const char *link, char out[ROUTE_SHORT_MAX]);

/* Whether code could be a short link of ours, now or from migration 016's random
 * codes: 1 to 32 base62 characters. Anything else never reaches the store. */
bool route_short_code_plausible(const char *code);

/* The link a code names ("/bookings/<id>"), or NULL for a code we would not make. */
const char *route_short_link(struct arena *a, const char *code);

#endif
