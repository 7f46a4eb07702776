/* SPDX-License-Identifier: MIT */
/*
 * bookings_int.h - the parts of the booking use cases that the waitlist
 * shares. Only app/bookings.c and app/waitlist.c include this.
 */
#ifndef BO_APP_BOOKINGS_INT_H
#define BO_APP_BOOKINGS_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/booking.h"
#include "core/err.h"
#include "core/event.h"

struct ctx;

/*
 * The author, staff of the event's organizer, an admin (with the admin
 * scope on a token), or the system itself. May read the membership.
 */
bool can_manage(struct ctx *c, const struct event *e);
/* The event row without its sessions, if the caller may see it (NOT_FOUND otherwise). */
enum bo_err event_head(struct ctx *c, int64_t id, struct event *out);
/* Insert b, take its seats if its state holds them, log, notify; in the open transaction. */
enum bo_err insert_booking(struct ctx *c, struct booking *b, const struct event *e);
/* Move b by action in the open transaction: seats, state, waitlist, log, notifications. */
enum bo_err transition(struct ctx *c, struct booking *b, const struct event *e,
                       enum booking_action action);

#endif
