/* SPDX-License-Identifier: MIT */
/*
 * bookings.h - events and bookings: the use cases HTTP handlers and jobs
 * share. Each opens one transaction, asks core/ whether the change is
 * allowed, writes, logs the transition, queues the notifications in the
 * same transaction (the outbox), and commits; on any failure nothing is
 * written and the reason is on ctx.
 *
 * Who may do what: anyone signed in creates events and books; only the
 * author, the staff of the event's organizer (app/organizers.h) or an admin
 * changes an event, sees its bookings, approves, rejects, confirms and
 * checks in; the guest (or those managers) cancels. Someone who may not
 * see a thing gets NOT_FOUND, never a hint.
 */
#ifndef BO_APP_BOOKINGS_H
#define BO_APP_BOOKINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/writer.h"
#include "core/booking.h"
#include "core/err.h"
#include "core/event.h"

struct app_later;
struct ctx;
struct event_query;

/* e is filled by the caller; author, seats and dates are set here. */
enum bo_err events_create(struct ctx *c, struct event *e);
/* By id, or by slug when id is 0. NOT_FOUND when the caller may not see it. */
enum bo_err events_get(struct ctx *c, int64_t id, const char *slug, struct event *out);
/*
 * Save e (read with events_get, then changed). CONFLICT if it changed in
 * between (version). A published event's audience gets "event.changed".
 */
enum bo_err events_update(struct ctx *c, struct event *e);
enum bo_err events_list(struct ctx *c, const struct event_query *q, struct event **out,
                        size_t *count);
/*
 * The scheduler's job: every event's popularity (the sort=popularity key) becomes its seats
 * taken as they are now; *changed counts the events that moved. One write, through the writer.
 */
enum bo_err events_refresh_popularity(struct ctx *c, int *changed);

/*
 * A request sent with an Idempotency-Key (DESIGN.md section 4). The key,
 * the booking and the answer (made by render) are written in one
 * transaction. A repeat with the same key and request finds the stored
 * answer: replayed is set and status / body hold it. The same key with
 * another request is INVALID (422). A failed request stores nothing: it had
 * no effect, so it may simply be sent again.
 */
struct idempotency {
    const char *key; /* NULL: no key was sent */
    const char *request_hash;
    const char *(*render)(struct ctx *c, const struct booking *b);
    bool replayed;
    int status;
    const char *body;
};

/* idem may be NULL. */
/* Favorites (seed 002): only events the caller may see; adding twice keeps one. */
enum bo_err events_favorite(struct ctx *c, int64_t event_id, bool on);
enum bo_err events_favorites(struct ctx *c, struct event **out, size_t *count);

enum bo_err bookings_create(struct ctx *c, int64_t event_id, int seats, struct idempotency *idem,
                            struct booking *out);
/*
 * The same for a caller that does not wait on a thread: when the write goes
 * to the writer, BO_OK with *later set and nothing written yet;
 * app_write_start(*later) queues it, and done(c, done_arg, result) tells the
 * outcome (out and idem filled as bookings_create fills them). Otherwise
 * *later is NULL and the booking was made, or refused, here.
 */
enum bo_err bookings_create_later(struct ctx *c, int64_t event_id, int seats,
                                  struct idempotency *idem, struct booking *out, write_done_fn done,
                                  void *done_arg, struct app_later **later);
/* Forget stored answers older than 24 hours. */
enum bo_err bookings_purge_answers(struct ctx *c, int *purged);
enum bo_err bookings_get(struct ctx *c, int64_t id, struct booking *out);
enum bo_err bookings_list_mine(struct ctx *c, int64_t before, int limit, struct booking **out,
                               size_t *count);
enum bo_err bookings_list_event(struct ctx *c, int64_t event_id, int64_t before, int limit,
                                struct booking **out, size_t *count);
/* approve, reject, pay (confirm a hold), cancel, check-in; expire is for the scheduler. */
enum bo_err bookings_act(struct ctx *c, int64_t id, enum booking_action action,
                         struct booking *out);
/* The same for a caller that does not wait on a thread: as bookings_create_later. */
enum bo_err bookings_act_later(struct ctx *c, int64_t id, enum booking_action action,
                               struct booking *out, write_done_fn done, void *done_arg,
                               struct app_later **later);
enum bo_err bookings_log(struct ctx *c, int64_t id, struct booking_log **out, size_t *count);

/* Expire holds whose time has passed (ctx->now); *expired counts them. */
enum bo_err bookings_expire_due(struct ctx *c, int limit, int *expired);

#endif
