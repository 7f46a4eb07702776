/* SPDX-License-Identifier: MIT */
/*
 * waitlist.h - waiting for seats of a full event (seed 002).
 *
 * Joining is for an open, automatic-approval event whose free seats do not
 * cover the request (else: book). When seats free up, the scheduler offers
 * them to the head of the queue (priority, then join order): a held booking
 * that expires after --waitlist-offer-ttl. Claiming it (confirm; the guest
 * may for a free event, payment does it for a paid one) ends the entry
 * claimed; expiry or cancellation ends it lapsed, and the next is asked.
 */
#ifndef BO_APP_WAITLIST_H
#define BO_APP_WAITLIST_H

#include <stddef.h>
#include <stdint.h>

#include "core/booking.h"
#include "core/err.h"

struct ctx;

enum bo_err waitlist_join(struct ctx *c, int64_t event_id, int seats, struct waitlist_entry *out);
/* The owner leaves (an open offer is cancelled with it). */
enum bo_err waitlist_leave(struct ctx *c, int64_t id);
/* The live queue of an event: for its host (or an admin). */
enum bo_err waitlist_of_event(struct ctx *c, int64_t event_id, struct waitlist_entry **out,
                              size_t *count);
enum bo_err waitlist_mine(struct ctx *c, struct waitlist_entry **out, size_t *count);
/* Offer free seats to the heads of the queues (ctx->now); *offered counts the offers. */
enum bo_err waitlist_work(struct ctx *c, int limit, int *offered);

#endif
