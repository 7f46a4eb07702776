/* SPDX-License-Identifier: MIT */
#include "app/bookings.h"

#include <string.h>

#include "app/bookings_int.h"
#include "app/catalog.h"
#include "app/env.h"
#include "app/organizers.h"
#include "app/tx.h"
#include "app/writer.h"
#include "config.h"
#include "core/account.h"
#include "core/ctx.h"
#include "core/html.h"
#include "core/text.h"
#include "lib/arena.h"
#include "lib/jsonw.h"
#include "lib/token.h"
#include "lib/tz.h"
#include "store/store.h"

bool
can_manage(struct ctx *c, const struct event *e)
{
    if (c->actor.via == AUTH_SYSTEM || e->author_id == c->actor.user_id ||
        actor_is_admin(&c->actor)) {
        return true;
    }
    return organizers_role_of(c, e->organizer_id) != MEMBER_NONE;
}

/* Friends-only events are treated as private until the friends list exists. */
static bool
can_see(struct ctx *c, const struct event *e)
{
    bool listed = e->visibility == VISIBILITY_PUBLIC || e->visibility == VISIBILITY_UNLISTED;

    /* The common case first: a published public event needs no membership lookup. */
    if (e->status != EVENT_DRAFT && listed) {
        return true;
    }
    return c->actor.user_id != 0 && can_manage(c, e);
}

/* "Movie night: Dune" -> "movie-night-dune-3fa9c1"; non-Latin titles give "event-3fa9c1". */
static const char *
make_slug(struct ctx *c, const char *title)
{
    uint8_t raw[3];

    token_random(raw, sizeof(raw));
    return text_slug(c->arena, title, "event", token_hex(c->arena, raw, sizeof(raw)));
}

/* The event spans its sessions. */
static void
span_sessions(struct event *e)
{
    if (e->session_count > 0) {
        e->starts_at = e->sessions[0].starts_at;
        e->ends_at = e->sessions[0].ends_at;
        for (int i = 1; i < e->session_count; i++) {
            if (e->sessions[i].ends_at > e->ends_at) {
                e->ends_at = e->sessions[i].ends_at;
            }
        }
    }
}

static void
fill_defaults(struct event *e)
{
    e->status = e->status ? e->status : EVENT_DRAFT;
    e->visibility = e->visibility ? e->visibility : VISIBILITY_PUBLIC;
    e->approval = e->approval ? e->approval : APPROVAL_AUTO;
    e->format = e->format ? e->format : FORMAT_OFFLINE;
    e->currency = e->currency ? e->currency : "UAH";
    e->max_per_booking = e->max_per_booking ? e->max_per_booking : 1;
    e->timezone = e->timezone ? e->timezone : "Europe/Kyiv";
}

static const char *
conflict_detail(const char *field)
{
    if (field != NULL && strcmp(field, "starts_at") == 0) {
        return "you already have an event starting at that time";
    }
    if (field != NULL && strcmp(field, "capacity") == 0) {
        return "capacity cannot go below the seats already taken";
    }
    return "this slug is taken";
}

/* Publishing under an organizer takes its owner or staff (or an admin). */
static enum bo_err
may_publish_for(struct ctx *c, int64_t organizer_id)
{
    struct organizer o;

    if (organizer_id == 0 || actor_is_admin(&c->actor) ||
        organizers_role_of(c, organizer_id) != MEMBER_NONE) {
        return BO_OK;
    }
    enum bo_err err = store_organizer_get(c->store, c->arena, organizer_id, &o);
    if (err == BO_ERR_NOT_FOUND) {
        return ctx_fail(c, BO_ERR_INVALID, "organizer_id", "no such organizer");
    }
    if (err) {
        return tx_fail(c, err);
    }
    return ctx_fail(c, BO_ERR_FORBIDDEN, "organizer_id",
                    "only the organizer's owners and staff may publish under it");
}

/* The seed 004 taxonomy, in the open transaction; an unknown speaker is the caller's mistake. */
static enum bo_err
save_taxonomy(struct ctx *c, const struct event *e)
{
    enum bo_err err = store_event_taxonomy_set(c->store, e->id, &e->taxonomy);

    if (err == BO_ERR_CONFLICT) {
        return ctx_fail(c, BO_ERR_INVALID, "speaker_ids", "no such speaker");
    }
    return err;
}

/* The event in full: the row, its sessions and its taxonomy. */
static enum bo_err
read_full(struct ctx *c, int64_t id, const char *slug, struct event *out)
{
    enum bo_err err = id ? store_event_get(c->store, c->arena, id, out)
                         : store_event_get_by_slug(c->store, c->arena, slug, out);

    if (err == BO_OK) {
        err = store_event_taxonomy_get(c->store, c->arena, out->id, &out->taxonomy);
    }
    return err;
}

/*
 * core/event.c checks the zone's shape; whether the zone database knows it
 * is a file read, so it is asked here. A zone it does not know would show
 * every time of the event in UTC.
 */
static void
check_zone(struct ctx *c, const struct event *e)
{
    int offset;

    if (e->timezone && strchr(e->timezone, '/') && !tz_offset(e->timezone, c->now, &offset)) {
        ctx_fail(c, BO_ERR_INVALID, "timezone", "%s is not a time zone this server knows",
                 e->timezone);
    }
}

static enum bo_err
create_event_job(struct ctx *c, void *arg)
{
    struct event *e = arg;
    const char *field = NULL;

    fill_defaults(e);
    e->author_id = c->actor.user_id;
    e->available = e->capacity;
    e->created_at = e->updated_at = c->now;
    e->version = 1;
    span_sessions(e);
    if (e->status != EVENT_DRAFT && e->status != EVENT_PUBLISHED) {
        ctx_fail(c, BO_ERR_INVALID, "status", "a new event is a draft or published");
    }
    e->description = html_sanitize(c->arena, e->description);
    event_taxonomy_check(c, &e->taxonomy);
    check_zone(c, e);
    if (event_check(c, e) || may_publish_for(c, e->organizer_id)) {
        return c->err;
    }
    e->slug = e->slug ? e->slug : make_slug(c, e->title);
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_event_create(c->store, e, &e->id, &field);
        if (err == BO_ERR_CONFLICT) {
            ctx_fail(c, BO_ERR_CONFLICT, field, "%s", conflict_detail(field));
        }
    }
    if (err == BO_OK) {
        err = save_taxonomy(c, e);
    }
    err = tx_end(c, err);
    if (err == BO_OK) {
        /* Read it back: the sessions now have their ids. */
        err = read_full(c, e->id, NULL, e);
    }
    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
events_create(struct ctx *c, struct event *e)
{
    return app_write(c, create_event_job, e);
}

/* The event row without its sessions, if the caller may see it: the booking path. */
enum bo_err
event_head(struct ctx *c, int64_t id, struct event *out)
{
    enum bo_err err = store_event_get_head(c->store, c->arena, id, out);

    if (err == BO_ERR_NOT_FOUND || (err == BO_OK && !can_see(c, out))) {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such event");
    }
    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
events_get(struct ctx *c, int64_t id, const char *slug, struct event *out)
{
    enum bo_err err = read_full(c, id, slug, out);

    if (err == BO_ERR_NOT_FOUND || (err == BO_OK && !can_see(c, out))) {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such event");
    }
    return err ? tx_fail(c, err) : BO_OK;
}

static const char *
event_payload(struct ctx *c, const struct event *e, const char *what)
{
    struct jsonw_member m[] = {
        {"what", what, 0},
        {"event_id", NULL, e->id},
        {"title", e->title, 0},
        {"version", NULL, e->version},
        {"link", arena_printf(c->arena, "/events/%lld", (long long)e->id), 0}};

    return jsonw_object(c->arena, m, sizeof(m) / sizeof(m[0]));
}

/* Every active booking of a cancelled event is cancelled, its seats freed. */
static enum bo_err
cancel_all_bookings(struct ctx *c, const struct event *e)
{
    struct booking *page = NULL;
    size_t count = 0;
    int64_t before = 0;
    enum bo_err err = BO_OK;

    do {
        err = store_booking_list_event(c->store, c->arena, e->id, before, 500, &page, &count);
        for (size_t i = 0; err == BO_OK && i < count; i++) {
            if (booking_state_is_active(page[i].state) && page[i].state != BOOKING_ATTENDED) {
                err = transition(c, &page[i], e, BOOKING_CANCEL);
            }
        }
        before = count ? page[count - 1].id : 0;
    } while (err == BO_OK && count == 500);
    return err;
}

/* A moved or cancelled event carries its bookings along, in the same transaction. */
static enum bo_err
follow_event(struct ctx *c, const struct event *before, const struct event *e)
{
    enum bo_err err = BO_OK;

    if (e->starts_at != before->starts_at) {
        err = store_booking_shift_start(c->store, e->id, e->starts_at);
        if (err == BO_ERR_CONFLICT) {
            return ctx_fail(c, err, "sessions",
                            "a guest has another booking at the new start time");
        }
    }
    if (err == BO_OK && e->status == EVENT_CANCELLED && before->status != EVENT_CANCELLED) {
        err = cancel_all_bookings(c, e);
    }
    return err;
}

/* Draft -> published -> done; anything but done -> cancelled. */
static bool
status_change_allowed(enum event_status from, enum event_status to)
{
    if (from == to) {
        return true;
    }
    switch (to) {
    case EVENT_PUBLISHED:
        return from == EVENT_DRAFT;
    case EVENT_CANCELLED:
        return from != EVENT_DONE;
    case EVENT_DONE:
        return from == EVENT_PUBLISHED;
    case EVENT_DRAFT:
        return false;
    }
    return false;
}

static enum bo_err
save_event(struct ctx *c, struct event *e)
{
    const char *field = NULL;
    int notified = 0;
    enum bo_err err = store_event_update(c->store, e, &field);

    if (err == BO_ERR_CONFLICT) {
        return ctx_fail(c, BO_ERR_CONFLICT, field, "%s",
                        field ? conflict_detail(field)
                              : "the event changed meanwhile; "
                                "read it again");
    }
    e->version++;
    if (err == BO_OK && e->status != EVENT_DRAFT) {
        const char *what = e->status == EVENT_CANCELLED ? "event.cancelled" : "event.changed";
        err = store_outbox_add_event_audience(c->store, e->id, what, event_payload(c, e, what),
                                              c->now, &notified);
    }
    return err;
}

static enum bo_err
update_event_job(struct ctx *c, void *arg)
{
    struct event *e = arg;
    struct event before;

    if (!can_manage(c, e)) {
        return ctx_fail(c, BO_ERR_FORBIDDEN, NULL,
                        "only the author or the organizer's staff may change this event");
    }
    span_sessions(e);
    e->updated_at = c->now;
    e->description = html_sanitize(c->arena, e->description);
    event_taxonomy_check(c, &e->taxonomy);
    check_zone(c, e);
    if (event_check(c, e)) {
        return c->err;
    }
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_event_get(c->store, c->arena, e->id, &before);
    }
    if (err == BO_OK && !status_change_allowed(before.status, e->status)) {
        err = ctx_fail(c, BO_ERR_CONFLICT, "status", "a %s event cannot become %s",
                       event_status_name(before.status), event_status_name(e->status));
    }
    if (err == BO_OK) {
        err = save_event(c, e);
    }
    if (err == BO_OK) {
        err = save_taxonomy(c, e);
    }
    if (err == BO_OK) {
        err = follow_event(c, &before, e);
    }
    err = tx_end(c, err);
    if (err == BO_OK) {
        /* The store moved `available` with capacity: answer with what it holds now. */
        err = read_full(c, e->id, NULL, e);
    }
    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
events_update(struct ctx *c, struct event *e)
{
    return app_write(c, update_event_job, e);
}

enum bo_err
events_list(struct ctx *c, const struct event_query *q, struct event **out, size_t *count)
{
    struct event_query seek = *q;

    event_query_seek(&seek);
    enum bo_err err = catalog_search(c, &seek, out, count);

    return err ? tx_fail(c, err) : BO_OK;
}

static enum bo_err
refresh_popularity_job(struct ctx *c, void *arg)
{
    enum bo_err err = store_event_refresh_popularity(c->store, arg);

    return err ? tx_fail(c, err) : BO_OK;
}

/*
 * PostgreSQL: on the scheduler's own connection, in short chunks that skip
 * rows a booking holds, so the writer never waits behind it. SQLite has one
 * write lock: through the writer.
 */
enum bo_err
events_refresh_popularity(struct ctx *c, int *changed)
{
    *changed = 0;
    return store_is_remote(c->store) ? refresh_popularity_job(c, changed)
                                     : app_write(c, refresh_popularity_job, changed);
}

struct favorite_args {
    int64_t event_id;
    bool on;
};

static enum bo_err
favorite_job(struct ctx *c, void *arg)
{
    const struct favorite_args *a = arg;
    struct event e;
    enum bo_err err = event_head(c, a->event_id, &e);

    if (err) {
        return err;
    }
    err = a->on ? store_favorite_add(c->store, c->actor.user_id, e.id, c->now)
                : store_favorite_remove(c->store, c->actor.user_id, e.id);
    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
events_favorite(struct ctx *c, int64_t event_id, bool on)
{
    struct favorite_args a = {event_id, on};

    return app_write(c, favorite_job, &a);
}

/* Favorites the caller may no longer see (made private, back to draft) are left out. */
enum bo_err
events_favorites(struct ctx *c, struct event **out, size_t *count)
{
    enum bo_err err = store_favorite_list(c->store, c->arena, c->actor.user_id, out, count);
    size_t kept = 0;

    if (err) {
        return tx_fail(c, err);
    }
    for (size_t i = 0; i < *count; i++) {
        if (can_see(c, &(*out)[i])) {
            (*out)[kept++] = (*out)[i];
        }
    }
    *count = kept;
    return BO_OK;
}

/* --- bookings ---------------------------------------------------------------- */

static const char *
booking_payload(struct ctx *c, const struct booking *b, const char *what)
{
    struct jsonw_member m[] = {
        {"what", what, 0},
        {"booking_id", NULL, b->id},
        {"event_id", NULL, b->event_id},
        {"state", booking_state_name(b->state), 0},
        {"link", arena_printf(c->arena, "/bookings/%lld", (long long)b->id), 0}};

    return jsonw_object(c->arena, m, sizeof(m) / sizeof(m[0]));
}

/* The guest and the host both hear of every change (seed 003). */
static enum bo_err
notify_both(struct ctx *c, const struct booking *b, const struct event *e, const char *what)
{
    const char *payload = booking_payload(c, b, what);
    enum bo_err err = store_outbox_add(c->store, b->user_id, what, payload, c->now);

    if (err == BO_OK) {
        err = store_outbox_add(c->store, e->author_id, what, payload, c->now);
    }
    return err;
}

static enum bo_err
log_transition(struct ctx *c, const struct booking *b, const char *action, enum booking_state from)
{
    struct booking_log l = {
        .booking_id = b->id,
        .action = action,
        .old_value = from ? booking_state_name(from) : NULL,
        .new_value = booking_state_name(b->state),
        .actor_user_id = c->actor.user_id,
        .created_at = c->now,
    };

    return store_booking_log_add(c->store, &l);
}

static enum bo_err
booking_conflict(struct ctx *c, enum bo_err err, const char *field)
{
    if (err == BO_ERR_SOLD_OUT) {
        return ctx_fail(c, BO_ERR_SOLD_OUT, "seats", "not enough seats left");
    }
    if (err == BO_ERR_CONFLICT && field != NULL && strcmp(field, "starts_at") == 0) {
        return ctx_fail(c, err, field, "you have another booking at the same start time");
    }
    if (err == BO_ERR_CONFLICT) {
        return ctx_fail(c, err, "event_id", "you already have a booking for this event");
    }
    return tx_fail(c, err);
}

/* Take seats through the store's guard, unless a negative-control test switched it off. */
static enum bo_err
take_seats(struct ctx *c, int64_t event_id, int seats)
{
    if (c->env->cfg->unsafe_no_seat_guard) {
        return BO_OK;
    }
    return store_event_take_seats(c->store, event_id, seats);
}

/* Does b take its seats through the store's guard (not if a negative-control test said so)? */
static bool
takes_seats(const struct ctx *c, const struct booking *b)
{
    return booking_state_holds_seats(b->state) && !c->env->cfg->unsafe_no_seat_guard;
}

/* The store said the event changed since it was read at the version given. */
static bool
is_stale(enum bo_err err, const char *field)
{
    return err == BO_ERR_CONFLICT && field != NULL && strcmp(field, "version") == 0;
}

/* The notification of a new booking. */
static const char *
created_what(const struct booking *b)
{
    return b->state == BOOKING_REQUESTED ? "booking.requested" : "booking.created";
}

/* b is written and holds its seats: the log line and the notifications. */
static enum bo_err
booked(struct ctx *c, const struct booking *b, const struct event *e)
{
    enum bo_err err = log_transition(c, b, "create", 0);

    if (err == BO_OK) {
        err = notify_both(c, b, e, created_what(b));
    }
    return err;
}

/*
 * Insert b and take its seats if its state holds them (one store call:
 * store_booking_place), then log and notify. With version > 0 the event
 * must not have changed since it was read at that version; if it has,
 * *stale is set and nothing is recorded on c (the caller reads it again).
 */
static enum bo_err
place_booking(struct ctx *c, struct booking *b, const struct event *e, int version, bool *stale)
{
    const char *field = NULL;
    enum bo_err err = store_booking_place(c->store, b, takes_seats(c, b), version, &b->id, &field);

    *stale = is_stale(err, field);
    if (*stale) {
        return err;
    }
    if (err) {
        return booking_conflict(c, err, field);
    }
    return booked(c, b, e);
}

enum bo_err
insert_booking(struct ctx *c, struct booking *b, const struct event *e)
{
    bool stale = false;

    return place_booking(c, b, e, 0, &stale);
}

#define ANSWER_TTL 86400

struct create_args {
    int64_t event_id;
    int seats;
    struct idempotency *idem;
    struct booking *out;
    struct event event; /* as the writer read it for a batch of places */
};

/* A stored answer for this key, if any: replay it, or refuse a different request. */
static enum bo_err
find_answer(struct ctx *c, struct idempotency *idem, bool *found)
{
    struct idempotent_answer ans;
    enum bo_err err = store_idem_get(c->store, c->arena, c->actor.user_id, idem->key, &ans);

    *found = err == BO_OK;
    if (err == BO_ERR_NOT_FOUND) {
        return BO_OK;
    }
    if (err) {
        return tx_fail(c, err);
    }
    if (strcmp(ans.request_hash, idem->request_hash) != 0) {
        return ctx_fail(c, BO_ERR_INVALID, "Idempotency-Key",
                        "this key was already used with a different request");
    }
    idem->replayed = true;
    idem->status = ans.status;
    idem->body = ans.body;
    return BO_OK;
}

/* Keep the answer with the booking, in its transaction. */
static enum bo_err
keep_answer(struct ctx *c, struct idempotency *idem, const struct booking *b)
{
    struct idempotent_answer ans = {.user_id = c->actor.user_id,
                                    .key = idem->key,
                                    .request_hash = idem->request_hash,
                                    .status = 201,
                                    .body = idem->render(c, b),
                                    .created_at = c->now};
    enum bo_err err = store_idem_put(c->store, &ans);

    if (err == BO_ERR_CONFLICT) {
        return ctx_fail(c, err, "Idempotency-Key",
                        "a request with this key is still running; retry shortly");
    }
    return err;
}

static bool
has_key(const struct idempotency *idem)
{
    return idem != NULL && idem->key != NULL;
}

/*
 * May the caller book `seats` of e now? Too few seats left for a booking
 * that would hold them is sold out already here: true at the moment of the
 * read, and it spares the place the refusals of a sold-out storm.
 */
static enum bo_err
check_bookable(struct ctx *c, const struct event *e, int seats)
{
    if (event_check_bookable(c, e, c->actor.user_id, seats, c->now)) {
        return c->err;
    }
    enum booking_state state =
        booking_initial_state(e->approval == APPROVAL_MANUAL, event_is_paid(e));
    if (booking_state_holds_seats(state) && e->available < seats) {
        return booking_conflict(c, BO_ERR_SOLD_OUT, NULL);
    }
    return BO_OK;
}

/* The event, if the caller may see it and book `seats` of it now. */
static enum bo_err
read_bookable(struct ctx *c, int64_t event_id, int seats, struct event *e)
{
    enum bo_err err = event_head(c, event_id, e);

    return err ? err : check_bookable(c, e, seats);
}

/* The booking the caller asks for, priced and timed from e. */
static void
new_booking(struct ctx *c, const struct event *e, int seats, struct booking *out)
{
    *out = (struct booking){
        .event_id = e->id,
        .user_id = c->actor.user_id,
        .state = booking_initial_state(e->approval == APPROVAL_MANUAL, event_is_paid(e)),
        .seats = seats,
        .amount_minor = event_seat_price(e) * seats,
        .currency = e->currency,
        .starts_at = e->starts_at,
        .created_at = c->now,
        .updated_at = c->now,
        .created_by = c->actor.user_id,
    };
    if (out->state == BOOKING_HELD) {
        out->expires_at = c->now + c->env->cfg->hold_ttl;
    }
}

/*
 * One transaction: the booking, its seats, log, notifications and the
 * key's answer. *stale: e is no longer at `version` (nothing written,
 * nothing recorded on c).
 */
static enum bo_err
book(struct ctx *c, const struct create_args *a, const struct event *e, int version, bool *stale)
{
    new_booking(c, e, a->seats, a->out);
    *stale = false;
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = place_booking(c, a->out, e, version, stale);
    }
    if (*stale) {
        store_rollback(c->store);
        return err;
    }
    if (err == BO_OK && has_key(a->idem)) {
        err = keep_answer(c, a->idem, a->out);
    }
    return tx_end(c, err);
}

/*
 * The whole use case in one piece, on the writer: the event is read inside
 * the write transaction (on SQLite a read costs no round trip). The path of
 * a booking with an Idempotency-Key, and of SQLite.
 */
static enum bo_err
create_job(struct ctx *c, void *arg)
{
    struct create_args *a = arg;
    bool answered = false, stale = false;
    struct event e;

    if (has_key(a->idem) && (find_answer(c, a->idem, &answered) || answered)) {
        return c->err; /* a request with this key committed since the first look */
    }
    if (read_bookable(c, a->event_id, a->seats, &e)) {
        return c->err;
    }
    return book(c, a, &e, 0, &stale);
}

/*
 * The two halves of create_job for the writer's shared place (no key:
 * nothing to look up). e was read by the writer for the whole batch, and
 * the place checks that it is still at that version.
 */
static enum bo_err
create_plan(struct ctx *c, void *arg, const struct event *e, struct booking_place *out)
{
    struct create_args *a = arg;

    if (e == NULL || !can_see(c, e)) {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such event");
    }
    if (check_bookable(c, e, a->seats)) {
        return c->err;
    }
    a->event = *e;
    new_booking(c, e, a->seats, a->out);
    a->out->currency = arena_strdup(c->arena, e->currency); /* e ends with the batch */
    *out = (struct booking_place){.b = a->out,
                                  .take_seats = takes_seats(c, a->out),
                                  .event_version = e->version,
                                  .what = created_what(a->out),
                                  .host_id = e->author_id};
    return BO_OK;
}

static enum bo_err
create_finish(struct ctx *c, void *arg, const struct booking_place *done)
{
    struct create_args *a = arg;
    struct event e;
    bool stale = false;

    if (is_stale(done->err, done->conflict_field)) {
        if (read_bookable(c, a->event_id, a->seats, &e)) {
            return c->err;
        }
        return book(c, a, &e, 0, &stale); /* read in the write transaction: no version */
    }
    if (done->err) {
        return booking_conflict(c, done->err, done->conflict_field);
    }
    a->out->id = done->id;
    if (done->noted) {
        return BO_OK; /* the store wrote the log line and the notifications with it */
    }
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = booked(c, a->out, &a->event);
    }
    return tx_end(c, err);
}

static const struct write_place create_place = {create_job, create_plan, create_finish};

/*
 * On PostgreSQL a booking without a key costs its request nothing before
 * the writer: the writer reads the events of a whole batch at once and
 * places its bookings with one call (app_write_place). With a key, the
 * stored answer is looked up here first, on the request's own connection,
 * and again on the writer.
 */
enum bo_err
bookings_create_later(struct ctx *c, int64_t event_id, int seats, struct idempotency *idem,
                      struct booking *out, write_done_fn done, void *done_arg,
                      struct app_later **later)
{
    struct create_args *a = arena_alloc(c->arena, sizeof(*a));
    const struct write_place *wp = NULL;
    bool answered = false;

    *a = (struct create_args){.event_id = event_id, .seats = seats, .idem = idem, .out = out};
    *later = NULL;
    if (store_is_remote(c->store)) {
        if (has_key(idem) && (find_answer(c, idem, &answered) || answered)) {
            return c->err;
        }
        /* With a key, one piece: the key is looked up again on the writer. */
        wp = has_key(idem) ? NULL : &create_place;
    }
    if (done != NULL) {
        *later = app_write_later(c, wp ? NULL : create_job, wp, event_id, a, done, done_arg);
        if (*later != NULL) {
            return BO_OK;
        }
    }
    return wp ? app_write_place(c, wp, event_id, a) : app_write(c, create_job, a);
}

enum bo_err
bookings_create(struct ctx *c, int64_t event_id, int seats, struct idempotency *idem,
                struct booking *out)
{
    struct app_later *later;

    return bookings_create_later(c, event_id, seats, idem, out, NULL, NULL, &later);
}

static enum bo_err
purge_job(struct ctx *c, void *arg)
{
    enum bo_err err = store_idem_purge(c->store, c->now - ANSWER_TTL, arg);

    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
bookings_purge_answers(struct ctx *c, int *purged)
{
    return app_write(c, purge_job, purged);
}

/* The booking and its event, if the caller may see the booking at all. */
static enum bo_err
load_visible(struct ctx *c, int64_t id, struct booking *b, struct event *e)
{
    enum bo_err err = store_booking_get(c->store, c->arena, id, b);

    if (err == BO_OK) {
        err = store_event_get_head(c->store, c->arena, b->event_id, e);
    }
    if (err == BO_ERR_NOT_FOUND ||
        (err == BO_OK && b->user_id != c->actor.user_id && !can_manage(c, e))) {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such booking");
    }
    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
bookings_get(struct ctx *c, int64_t id, struct booking *out)
{
    struct event e;

    return load_visible(c, id, out, &e);
}

enum bo_err
bookings_list_mine(struct ctx *c, int64_t before, int limit, struct booking **out, size_t *count)
{
    enum bo_err err =
        store_booking_list_user(c->store, c->arena, c->actor.user_id, before, limit, out, count);
    struct event e;

    /* A page names each event once, read once: bookings of one event sit together. */
    for (size_t i = 0; err == BO_OK && i < *count; i++) {
        struct booking *b = &(*out)[i];
        if (i > 0 && (*out)[i - 1].event_id == b->event_id) {
            b->event_title = (*out)[i - 1].event_title;
            continue;
        }
        err = store_event_get_head(c->store, c->arena, b->event_id, &e);
        b->event_title = err ? NULL : e.title;
    }
    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
bookings_list_event(struct ctx *c, int64_t event_id, int64_t before, int limit,
                    struct booking **out, size_t *count)
{
    struct event e;
    enum bo_err err = event_head(c, event_id, &e);

    if (err) {
        return err;
    }
    if (!can_manage(c, &e)) {
        return ctx_fail(c, BO_ERR_FORBIDDEN, NULL, "only the host sees who booked");
    }
    err = store_booking_list_event(c->store, c->arena, event_id, before, limit, out, count);
    for (size_t i = 0; err == BO_OK && i < *count; i++) {
        struct user u;
        struct booking *b = &(*out)[i];
        b->event_title = e.title;
        err = store_user_get(c->store, c->arena, b->user_id, &u);
        b->guest_username = err ? NULL : u.username;
    }
    return err ? tx_fail(c, err) : BO_OK;
}

/* The guest may cancel; everything else is the host's (or an admin's, or the system's). */
static enum bo_err
check_actor(struct ctx *c, const struct booking *b, const struct event *e,
            enum booking_action action)
{
    bool guest = b->user_id == c->actor.user_id;
    /* A hold on a free event (a waitlist offer) is claimed by its guest: nothing to pay. */
    bool claim = guest && action == BOOKING_PAY && !event_is_paid(e);

    /* The guest's own rights first: they need no membership lookup. */
    if ((guest && action == BOOKING_CANCEL) || claim || can_manage(c, e)) {
        return BO_OK;
    }
    return ctx_fail(c, BO_ERR_FORBIDDEN, NULL, "only the host may %s a booking",
                    booking_action_name(action));
}

/* Move b by action inside the open transaction: seats, state, log, notifications. */
enum bo_err
transition(struct ctx *c, struct booking *b, const struct event *e, enum booking_action action)
{
    enum booking_state from = b->state, to;

    enum bo_err err = booking_next_state(c, b, action, event_is_paid(e), &to);
    if (err) {
        return err;
    }
    int64_t expires_at = to == BOOKING_HELD ? c->now + c->env->cfg->hold_ttl : 0;
    err = store_booking_set_state(c->store, b->id, from, to, expires_at, c->now);
    if (err == BO_ERR_CONFLICT) {
        return ctx_fail(c, err, NULL, "the booking changed meanwhile; read it again");
    }
    int delta = booking_seat_delta(from, to, b->seats);
    if (err == BO_OK && delta > 0) {
        err = take_seats(c, e->id, delta);
    } else if (err == BO_OK && delta < 0 && !c->env->cfg->unsafe_no_seat_guard) {
        err = store_event_release_seats(c->store, e->id, -delta);
    }
    if (err) {
        return booking_conflict(c, err, NULL);
    }
    if (from == BOOKING_HELD && to != BOOKING_HELD) {
        /* A waitlist offer ends with its hold: claimed, or lapsed so the next one is asked. */
        err = store_waitlist_settle(c->store, b->id,
                                    to == BOOKING_CONFIRMED ? WAITLIST_CLAIMED : WAITLIST_LAPSED);
    }
    if (err) {
        return tx_fail(c, err);
    }
    b->state = to;
    b->expires_at = expires_at;
    b->updated_at = c->now;
    err = log_transition(c, b, booking_action_name(action), from);
    return err ? err : notify_both(c, b, e, "booking.changed");
}

struct act_args {
    int64_t id;
    enum booking_action action;
    struct booking *out;
};

static enum bo_err
act_job(struct ctx *c, void *arg)
{
    const struct act_args *a = arg;
    struct event e;

    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = load_visible(c, a->id, a->out, &e);
    }
    if (err == BO_OK) {
        err = check_actor(c, a->out, &e, a->action);
    }
    if (err == BO_OK) {
        err = transition(c, a->out, &e, a->action);
    }
    return tx_end(c, err);
}

enum bo_err
bookings_act_later(struct ctx *c, int64_t id, enum booking_action action, struct booking *out,
                   write_done_fn done, void *done_arg, struct app_later **later)
{
    struct act_args *a = arena_alloc(c->arena, sizeof(*a));

    *a = (struct act_args){id, action, out};
    *later = done != NULL ? app_write_later(c, act_job, NULL, 0, a, done, done_arg) : NULL;
    return *later != NULL ? BO_OK : app_write(c, act_job, a);
}

enum bo_err
bookings_act(struct ctx *c, int64_t id, enum booking_action action, struct booking *out)
{
    struct app_later *later;

    return bookings_act_later(c, id, action, out, NULL, NULL, &later);
}

enum bo_err
bookings_log(struct ctx *c, int64_t id, struct booking_log **out, size_t *count)
{
    struct booking b;
    struct event e;
    enum bo_err err = load_visible(c, id, &b, &e);

    if (err == BO_OK) {
        err = store_booking_log_list(c->store, c->arena, id, out, count);
    }
    return err ? tx_fail(c, err) : BO_OK;
}

/*
 * One hold, in its own transaction, so one failure does not keep the rest.
 * *done says whether this call expired it (another scheduler may have).
 * Runs as a write use case (on the group-commit writer with SQLite).
 */
struct expire_args {
    int64_t id;
    bool *done;
};

static enum bo_err
expire_job(struct ctx *c, void *arg)
{
    const struct expire_args *a = arg;
    int64_t id = a->id;
    bool *done = a->done;
    struct booking b;
    struct event e;

    *done = false;
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = load_visible(c, id, &b, &e);
    }
    if (err == BO_OK && b.state == BOOKING_HELD && b.expires_at <= c->now) {
        err = transition(c, &b, &e, BOOKING_EXPIRE);
        *done = err == BO_OK;
    }
    err = tx_end(c, err);
    *done = *done && err == BO_OK;
    return err;
}

enum bo_err
bookings_expire_due(struct ctx *c, int limit, int *expired)
{
    struct booking *due = NULL;
    size_t count = 0;
    struct actor saved = c->actor;

    *expired = 0;
    enum bo_err err = store_booking_expired_holds(c->store, c->arena, c->now, limit, &due, &count);
    if (err) {
        return tx_fail(c, err);
    }
    c->actor = (struct actor){.via = AUTH_SYSTEM};
    for (size_t i = 0; i < count; i++) {
        bool done = false;
        ctx_clear_error(c);
        struct expire_args a = {due[i].id, &done};
        app_write(c, expire_job, &a);
        *expired += done;
    }
    c->actor = saved;
    ctx_clear_error(c);
    return BO_OK;
}
