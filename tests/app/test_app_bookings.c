/* SPDX-License-Identifier: MIT */
/*
 * The booking use cases with the clock in the test's hand: no server, no
 * sleeps, a real store on either backend (BOXOFFICE_TEST_STORE).
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "app/bookings.h"
#include "app/env.h"
#include "core/account.h"
#include "core/auth.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/appenv.h"
#include "store/store.h"

#define T0 2000000000 /* "now" for these tests: 2033-05-18 */
#define TTL 900

static int64_t host_id, guest_id;

static void
tune(struct config *cfg)
{
    cfg->hold_ttl = TTL;
}

static void
setup(void)
{
    appenv_open(tune);
    host_id = appenv_user("host", T0);
    guest_id = appenv_user("guest", T0);
}

static void
teardown(void)
{
    appenv_close();
}

TestSuite(app_bookings, .init = setup, .fini = teardown, .timeout = 60);

static int64_t
paid_event(int capacity)
{
    struct event e = {.title = "Course", .capacity = capacity, .price_minor = 10000};

    return appenv_publish(host_id, T0, e, T0 + 86400, T0 + 90000);
}

static struct booking
hold(int64_t event_id, int64_t user_id)
{
    struct ctx c = appenv_as(user_id, T0);
    struct booking b;

    cr_assert_eq(bookings_create(&c, event_id, 1, NULL, &b), BO_OK, "%s", c.err_detail);
    cr_assert_eq(b.state, BOOKING_HELD);
    cr_assert_eq(b.expires_at, T0 + TTL);
    appenv_done(&c);
    return b;
}

static int
expire_at(int64_t now)
{
    struct ctx c = appenv_as(0, now);
    int expired = -1;

    cr_assert_eq(bookings_expire_due(&c, 100, &expired), BO_OK);
    appenv_done(&c);
    return expired;
}

static void
seats(int64_t event_id, int *held, int *available)
{
    struct ctx c = appenv_as(host_id, T0);
    struct event e;

    cr_assert_eq(store_event_get(c.store, c.arena, event_id, &e), BO_OK);
    cr_assert_eq(store_event_seats_held(c.store, event_id, held), BO_OK);
    *available = e.available;
    appenv_done(&c);
}

Test(app_bookings, a_hold_expires_exactly_at_its_ttl_and_frees_its_seat)
{
    int64_t event_id = paid_event(1);
    struct booking b = hold(event_id, guest_id);
    int held = 0, available = 0;

    cr_assert_eq(expire_at(T0 + TTL - 1), 0, "not a second early");
    seats(event_id, &held, &available);
    cr_assert_eq(available, 0);
    cr_assert_eq(expire_at(T0 + TTL), 1);
    seats(event_id, &held, &available);
    cr_assert_eq(available, 1);
    cr_assert_eq(held, 0);

    struct ctx c = appenv_as(guest_id, T0 + TTL);
    struct booking after;
    cr_assert_eq(bookings_get(&c, b.id, &after), BO_OK);
    cr_assert_eq(after.state, BOOKING_EXPIRED);
    struct booking_log *log = NULL;
    size_t n = 0;
    cr_assert_eq(bookings_log(&c, b.id, &log, &n), BO_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(log[1].action, "expire");
    cr_assert_eq(log[1].actor_user_id, 0, "the system, not a person");
    appenv_done(&c);
}

Test(app_bookings, an_expired_hold_cannot_be_confirmed)
{
    int64_t event_id = paid_event(1);
    struct booking b = hold(event_id, guest_id);

    expire_at(T0 + TTL);
    struct ctx c = appenv_as(host_id, T0 + TTL);
    struct booking out;
    cr_assert_eq(bookings_act(&c, b.id, BOOKING_PAY, &out), BO_ERR_CONFLICT);
    appenv_done(&c);
}

struct sweep {
    int expired;
};

static void *
sweep(void *arg)
{
    struct sweep *s = arg;

    s->expired = expire_at(T0 + TTL + 5);
    return NULL;
}

Test(app_bookings, two_schedulers_expire_a_hold_once)
{
    int64_t event_id = paid_event(3);
    struct sweep s[3] = {{0}};
    pthread_t t[3];
    int held = 0, available = 0;

    hold(event_id, guest_id);
    hold(event_id, appenv_user("third", T0));
    for (int i = 0; i < 3; i++) {
        pthread_create(&t[i], NULL, sweep, &s[i]);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
    }
    cr_assert_eq(s[0].expired + s[1].expired + s[2].expired, 2);
    seats(event_id, &held, &available);
    cr_assert_eq(held, 0);
    cr_assert_eq(available, 3, "each seat released once");
}

Test(app_bookings, every_booking_change_is_in_the_outbox_for_guest_and_host)
{
    int64_t event_id = paid_event(2);
    struct booking b = hold(event_id, guest_id);
    struct ctx c = appenv_as(host_id, T0 + 10);
    struct booking out;
    int guest_notes = 0, host_notes = 0;

    cr_assert_eq(bookings_act(&c, b.id, BOOKING_PAY, &out), BO_OK);
    cr_assert_eq(store_outbox_count(c.store, guest_id, "booking.created", &guest_notes), BO_OK);
    cr_assert_eq(store_outbox_count(c.store, host_id, "booking.changed", &host_notes), BO_OK);
    cr_assert_eq(guest_notes, 1);
    cr_assert_eq(host_notes, 1);
    appenv_done(&c);
}

static int64_t
free_event(int hour)
{
    struct event e = {.title = "Popular talk", .capacity = 5, .max_per_booking = 2};

    return appenv_publish(host_id, T0, e, T0 + hour * 3600, T0 + hour * 3600 + 60);
}

/* The ids of the first page by popularity. */
static void
by_popularity(int64_t ids[2])
{
    struct ctx c = appenv_as(0, T0);
    struct event_query q = {.sort = SORT_POPULARITY,
                            .after_key = INT64_MIN,
                            .price_min = -1,
                            .price_max = -1,
                            .limit = 10};
    struct event *list = NULL;
    size_t n = 0;

    cr_assert_eq(events_list(&c, &q, &list, &n), BO_OK);
    cr_assert_eq(n, 2);
    ids[0] = list[0].id;
    ids[1] = list[1].id;
    appenv_done(&c);
}

Test(app_bookings, popularity_ranks_by_seats_taken_as_of_the_last_refresh)
{
    int64_t quiet = free_event(30), busy = free_event(31);
    int64_t ids[2];
    int moved = -1;

    struct ctx c = appenv_as(guest_id, T0);
    struct booking b;
    cr_assert_eq(bookings_create(&c, busy, 2, NULL, &b), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
    by_popularity(ids);
    cr_assert_eq(ids[0], quiet, "not refreshed yet: ties, in id order");

    c = appenv_as(0, T0);
    cr_assert_eq(events_refresh_popularity(&c, &moved), BO_OK);
    appenv_done(&c);
    cr_assert_eq(moved, 1);
    by_popularity(ids);
    cr_assert_eq(ids[0], busy, "most seats taken first");
    cr_assert_eq(ids[1], quiet);
}

/* PostgreSQL refreshes in chunks of 256 rows: every changed row is reached. */
Test(app_bookings, popularity_refresh_reaches_every_event_past_one_chunk)
{
    enum { EVENTS = 600 };
    int moved = -1;

    for (int i = 0; i < EVENTS; i++) {
        int64_t id = free_event(40 + i);
        struct ctx c = appenv_as(guest_id, T0);
        struct booking b;
        cr_assert_eq(bookings_create(&c, id, 1 + i % 2, NULL, &b), BO_OK, "%s", c.err_detail);
        appenv_done(&c);
    }
    struct ctx c = appenv_as(0, T0);
    cr_assert_eq(events_refresh_popularity(&c, &moved), BO_OK);
    cr_assert_eq(moved, EVENTS);
    cr_assert_eq(events_refresh_popularity(&c, &moved), BO_OK);
    cr_assert_eq(moved, 0, "nothing left to move");
    appenv_done(&c);
}

/* A held booking of one seat of event e for user, as the use case would build it. */
static struct booking
held_booking(const struct event *e, int64_t user_id)
{
    return (struct booking){.event_id = e->id,
                            .user_id = user_id,
                            .state = BOOKING_HELD,
                            .seats = 1,
                            .amount_minor = 10000,
                            .currency = "UAH",
                            .starts_at = e->starts_at,
                            .expires_at = T0 + TTL,
                            .created_at = T0,
                            .updated_at = T0,
                            .created_by = user_id};
}

Test(app_bookings, placing_a_booking_checks_the_version_the_rules_and_the_seats)
{
    int64_t event_id = paid_event(1);
    struct ctx c = appenv_as(host_id, T0);
    struct event e;
    int64_t id = 0;
    const char *field = NULL;
    int held = 0;

    cr_assert_eq(store_event_get_head(c.store, c.arena, event_id, &e), BO_OK);
    struct booking b = held_booking(&e, guest_id);
    cr_assert_eq(store_begin(c.store), BO_OK);
    cr_assert_eq(store_booking_place(c.store, &b, true, e.version + 1, &id, &field),
                 BO_ERR_CONFLICT, "an event read at another version has changed");
    cr_assert_str_eq(field, "version");
    store_rollback(c.store);

    cr_assert_eq(store_begin(c.store), BO_OK);
    cr_assert_eq(store_booking_place(c.store, &b, true, e.version, &id, &field), BO_OK);
    cr_assert_eq(store_commit(c.store), BO_OK);
    cr_assert_gt(id, 0);

    cr_assert_eq(store_begin(c.store), BO_OK);
    cr_assert_eq(store_booking_place(c.store, &b, true, e.version, &id, &field), BO_ERR_CONFLICT);
    cr_assert_str_eq(field, "event_id");
    store_rollback(c.store);

    struct booking other = held_booking(&e, appenv_user("other", T0));
    cr_assert_eq(store_begin(c.store), BO_OK);
    cr_assert_eq(store_booking_place(c.store, &other, true, e.version, &id, &field),
                 BO_ERR_SOLD_OUT);
    store_rollback(c.store);

    cr_assert_eq(store_event_seats_held(c.store, event_id, &held), BO_OK);
    cr_assert_eq(store_event_get_head(c.store, c.arena, event_id, &e), BO_OK);
    cr_assert_eq(held, 1);
    cr_assert_eq(e.available, 0, "one seat taken, once");
    appenv_done(&c);
}

Test(app_bookings, placing_many_keeps_each_outcome_to_its_own_booking)
{
    int64_t event_id = paid_event(2);
    struct ctx c = appenv_as(host_id, T0);
    struct event e;
    int held = 0;

    cr_assert_eq(store_event_get_head(c.store, c.arena, event_id, &e), BO_OK);
    struct booking b[5] = {held_booking(&e, guest_id), held_booking(&e, guest_id),
                           held_booking(&e, appenv_user("second", T0)),
                           held_booking(&e, appenv_user("third", T0)),
                           held_booking(&e, appenv_user("fourth", T0))};
    struct booking_place all[5];
    for (int i = 0; i < 5; i++) {
        all[i] = (struct booking_place){.b = &b[i], .take_seats = true, .event_version = e.version};
    }
    all[4].event_version = e.version + 1;
    cr_assert_eq(store_batch_begin(c.store), BO_OK);
    cr_assert_eq(store_booking_place_all(c.store, all, 5), BO_OK);
    cr_assert_eq(all[0].err, BO_OK);
    cr_assert_eq(all[1].err, BO_ERR_CONFLICT, "the same guest twice in one batch");
    cr_assert_str_eq(all[1].conflict_field, "event_id");
    cr_assert_eq(all[2].err, BO_OK);
    cr_assert_eq(all[3].err, BO_ERR_SOLD_OUT);
    cr_assert_eq(all[4].err, BO_ERR_CONFLICT);
    cr_assert_str_eq(all[4].conflict_field, "version");
    cr_assert_neq(all[0].id, all[2].id);
    cr_assert_eq(store_batch_commit(c.store), BO_OK);

    cr_assert_eq(store_event_seats_held(c.store, event_id, &held), BO_OK);
    cr_assert_eq(store_event_get_head(c.store, c.arena, event_id, &e), BO_OK);
    cr_assert_eq(held, 2);
    cr_assert_eq(e.available, 0);
    appenv_done(&c);
}

struct late_commit {
    struct store *store;
};

static void *
commit_later(void *arg)
{
    struct late_commit *l = arg;

    usleep(300 * 1000);
    cr_assert_eq(store_commit(l->store), BO_OK);
    return NULL;
}

/*
 * Another writer (another process, on PostgreSQL) holds an uncommitted
 * booking of the same guest: the batch cannot see it, waits for it, and
 * then fails on the unique index. Only that booking is refused; the
 * bookings after it in the batch are placed all the same.
 */
Test(app_bookings, placing_many_survives_a_race_lost_to_another_writer)
{
    int64_t event_id = paid_event(5);
    struct ctx x = appenv_as(host_id, T0), y = appenv_as(host_id, T0);
    struct event e;
    int64_t id = 0;
    const char *field = NULL;
    int held = 0;
    pthread_t t;

    cr_assert_eq(store_event_get_head(y.store, y.arena, event_id, &e), BO_OK);
    struct booking mine = held_booking(&e, guest_id);
    cr_assert_eq(store_begin(x.store), BO_OK);
    cr_assert_eq(store_booking_place(x.store, &mine, true, e.version, &id, &field), BO_OK);
    struct late_commit l = {x.store};
    pthread_create(&t, NULL, commit_later, &l);

    struct booking b[3] = {held_booking(&e, appenv_user("second", T0)), mine,
                           held_booking(&e, appenv_user("third", T0))};
    struct booking_place all[3];
    for (int i = 0; i < 3; i++) {
        all[i] = (struct booking_place){.b = &b[i], .take_seats = true, .event_version = e.version};
    }
    cr_assert_eq(store_batch_begin(y.store), BO_OK);
    cr_assert_eq(store_booking_place_all(y.store, all, 3), BO_OK);
    pthread_join(t, NULL);
    cr_assert_eq(all[0].err, BO_OK);
    cr_assert_eq(all[1].err, BO_ERR_CONFLICT, "the other writer's booking won");
    cr_assert_str_eq(all[1].conflict_field, "event_id");
    cr_assert_eq(all[2].err, BO_OK, "placed after the failure, in the same batch");
    cr_assert_eq(store_batch_commit(y.store), BO_OK);

    cr_assert_eq(store_event_seats_held(y.store, event_id, &held), BO_OK);
    cr_assert_eq(store_event_get_head(y.store, y.arena, event_id, &e), BO_OK);
    cr_assert_eq(held, 3);
    cr_assert_eq(e.available, 2, "the refused booking's seat went back");
    appenv_done(&x);
    appenv_done(&y);
}

/* A published paid event of author at starts_at. */
static int64_t
event_at(int64_t author, int capacity, int64_t starts_at)
{
    struct event e = {.title = "Batch", .capacity = capacity, .price_minor = 10000};

    return appenv_publish(author, T0, e, starts_at, starts_at + 3600);
}

static struct event
event_now(struct ctx *c, int64_t id)
{
    struct event e;

    cr_assert_eq(store_event_get_head(c->store, c->arena, id, &e), BO_OK);
    return e;
}

/* The host edits the event: its version moves on. */
static void
rename_event(int64_t id)
{
    struct ctx c = appenv_as(host_id, T0);
    struct event e;

    cr_assert_eq(events_get(&c, id, NULL, &e), BO_OK);
    e.title = "Renamed";
    cr_assert_eq(events_update(&c, &e), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
}

/* user_id's bookings (at most 10) and "booking.created" notifications. */
static size_t
bookings_of(struct ctx *c, int64_t user_id, int *notes)
{
    struct booking *list = NULL;
    size_t n = 0;

    cr_assert_eq(store_booking_list_user(c->store, c->arena, user_id, 0, 10, &list, &n), BO_OK);
    cr_assert_eq(store_outbox_count(c->store, user_id, "booking.created", notes), BO_OK);
    return n;
}

static struct booking_place
place_of(const struct booking *b, const struct event *e)
{
    return (struct booking_place){.b = b,
                                  .take_seats = true,
                                  .event_version = e->version,
                                  .what = "booking.created",
                                  .host_id = e->author_id};
}

Test(app_bookings, placing_many_answers_each_refusal_and_writes_nothing_for_it)
{
    int64_t other_host = appenv_user("otherhost", T0), at = T0 + 86400;
    int64_t a_id = event_at(host_id, 3, at), b_id = event_at(other_host, 5, at);
    int64_t c_id = event_at(host_id, 5, at + 3600);
    int64_t early = appenv_user("early", T0), second = appenv_user("second", T0);
    int64_t third = appenv_user("third", T0), late = appenv_user("late", T0);
    int64_t fifth = appenv_user("fifth", T0);
    hold(a_id, early);
    struct ctx c = appenv_as(host_id, T0);
    struct event a = event_now(&c, a_id), b = event_now(&c, b_id), ev = event_now(&c, c_id);
    rename_event(c_id);
    struct booking list[8] = {held_booking(&a, guest_id), held_booking(&a, guest_id),
                              held_booking(&b, guest_id), held_booking(&a, early),
                              held_booking(&a, second),   held_booking(&a, third),
                              held_booking(&ev, late),    held_booking(&b, fifth)};
    const struct event *of[8] = {&a, &a, &b, &a, &a, &a, &ev, &b};
    struct booking_place all[8];
    for (int i = 0; i < 8; i++) {
        all[i] = place_of(&list[i], of[i]);
    }

    cr_assert_eq(store_batch_begin(c.store), BO_OK);
    cr_assert_eq(store_booking_place_all(c.store, all, 8), BO_OK);
    cr_assert_eq(store_batch_commit(c.store), BO_OK);

    const enum bo_err want[8] = {BO_OK, BO_ERR_CONFLICT, BO_ERR_CONFLICT, BO_ERR_CONFLICT,
                                 BO_OK, BO_ERR_SOLD_OUT, BO_ERR_CONFLICT, BO_OK};
    const char *field[8] = {NULL, "event_id", "starts_at", "event_id", NULL, NULL, "version", NULL};
    for (int i = 0; i < 8; i++) {
        cr_assert_eq(all[i].err, want[i], "booking %d: %d", i, (int)all[i].err);
        cr_assert(want[i] != BO_OK || all[i].id != 0, "booking %d", i);
        if (field[i] != NULL) {
            cr_assert_str_eq(all[i].conflict_field, field[i], "booking %d", i);
        }
        cr_assert(!all[i].noted || want[i] == BO_OK, "booking %d", i);
    }
    int notes = 0;
    cr_assert_eq(bookings_of(&c, third, &notes), 0, "sold out: nothing written");
    cr_assert_eq(notes, 0);
    cr_assert_eq(bookings_of(&c, late, &notes), 0, "event changed: nothing written");
    cr_assert_eq(notes, 0);
    cr_assert_eq(bookings_of(&c, guest_id, &notes), 1, "the guest's first booking only");
    cr_assert_eq(notes, all[0].noted ? 1 : 0);
    cr_assert_eq(bookings_of(&c, early, &notes), 1, "the booking from before only");
    struct booking_log *log = NULL;
    size_t lines = 0;
    cr_assert_eq(store_booking_log_list(c.store, c.arena, all[4].id, &log, &lines), BO_OK);
    cr_assert_eq(lines, all[4].noted ? 1 : 0);
    cr_assert_eq(event_now(&c, a_id).available, 0);
    cr_assert_eq(event_now(&c, b_id).available, 4);
    cr_assert_eq(event_now(&c, c_id).available, 5);
    appenv_done(&c);
}

/*
 * Two writers (two server processes on PostgreSQL) place bookings of the
 * same two events in opposite orders, round after round. A batch locks its
 * events in id order, so neither ever waits for the other in a cycle: no
 * deadlock (BUSY), every booking placed.
 */
#define ROUNDS 12

struct rounds {
    int64_t user_id;
    int64_t events[ROUNDS][2];
    bool reversed;
    pthread_barrier_t *start;
    int failures;
};

static void *
place_rounds(void *arg)
{
    struct rounds *r = arg;
    struct ctx c = appenv_as(r->user_id, T0);

    for (int i = 0; i < ROUNDS; i++) {
        struct event e0 = event_now(&c, r->events[i][r->reversed ? 1 : 0]);
        struct event e1 = event_now(&c, r->events[i][r->reversed ? 0 : 1]);
        struct booking b[2] = {held_booking(&e0, r->user_id), held_booking(&e1, r->user_id)};
        struct booking_place all[2] = {place_of(&b[0], &e0), place_of(&b[1], &e1)};
        pthread_barrier_wait(r->start);
        enum bo_err err = store_batch_begin(c.store);
        if (err == BO_OK) {
            err = store_booking_place_all(c.store, all, 2);
        }
        err = err ? err : all[0].err ? all[0].err : all[1].err;
        if (err == BO_OK) {
            err = store_batch_commit(c.store);
        } else {
            store_batch_rollback(c.store);
        }
        r->failures += err != BO_OK;
    }
    appenv_done(&c);
    return NULL;
}

Test(app_bookings, placing_many_in_two_writers_never_deadlocks)
{
    pthread_barrier_t start;
    struct rounds x = {.user_id = guest_id, .start = &start};
    struct rounds y = {.user_id = appenv_user("other", T0), .reversed = true, .start = &start};
    pthread_t tx, ty;

    for (int i = 0; i < ROUNDS; i++) {
        for (int k = 0; k < 2; k++) {
            x.events[i][k] = y.events[i][k] = event_at(host_id, 5, T0 + 86400 + (2 * i + k) * 3600);
        }
    }
    pthread_barrier_init(&start, NULL, 2);
    pthread_create(&tx, NULL, place_rounds, &x);
    pthread_create(&ty, NULL, place_rounds, &y);
    pthread_join(tx, NULL);
    pthread_join(ty, NULL);
    pthread_barrier_destroy(&start);

    cr_assert_eq(x.failures, 0);
    cr_assert_eq(y.failures, 0);
    struct ctx c = appenv_as(host_id, T0);
    for (int i = 0; i < ROUNDS; i++) {
        cr_assert_eq(event_now(&c, x.events[i][0]).available, 3);
        cr_assert_eq(event_now(&c, x.events[i][1]).available, 3);
    }
    appenv_done(&c);
}

/*
 * Another writer's uncommitted booking of the guest at the same time, of
 * another event (so it holds no lock the batch waits for first): the batch
 * cannot see it when it checks, waits on the unique index when it inserts,
 * and then refuses that booking alone, without taking its seat.
 */
Test(app_bookings, placing_many_loses_a_race_on_the_unique_index_cleanly)
{
    int64_t other_host = appenv_user("otherhost", T0), at = T0 + 86400;
    int64_t a_id = event_at(host_id, 5, at), b_id = event_at(other_host, 5, at);
    struct ctx x = appenv_as(guest_id, T0), y = appenv_as(host_id, T0);
    struct event a = event_now(&y, a_id), b = event_now(&y, b_id);
    int64_t id = 0;
    const char *field = NULL;
    pthread_t t;

    struct booking theirs = held_booking(&b, guest_id);
    cr_assert_eq(store_begin(x.store), BO_OK);
    cr_assert_eq(store_booking_place(x.store, &theirs, true, b.version, &id, &field), BO_OK);
    struct late_commit l = {x.store};
    pthread_create(&t, NULL, commit_later, &l);

    struct booking list[2] = {held_booking(&a, guest_id),
                              held_booking(&a, appenv_user("second", T0))};
    struct booking_place all[2] = {place_of(&list[0], &a), place_of(&list[1], &a)};
    cr_assert_eq(store_batch_begin(y.store), BO_OK);
    cr_assert_eq(store_booking_place_all(y.store, all, 2), BO_OK);
    pthread_join(t, NULL);
    cr_assert_eq(store_batch_commit(y.store), BO_OK);

    cr_assert_eq(all[0].err, BO_ERR_CONFLICT, "the other writer's booking won");
    cr_assert_str_eq(all[0].conflict_field, "starts_at");
    cr_assert_eq(all[1].err, BO_OK);
    int notes = 0;
    cr_assert_eq(bookings_of(&y, guest_id, &notes), 1, "theirs only");
    cr_assert_eq(notes, 0, "theirs was placed without notes; the batch wrote none");
    cr_assert_eq(event_now(&y, a_id).available, 4, "the refused booking took no seat");
    appenv_done(&x);
    appenv_done(&y);
}

/* --- API-token touches (app_flush_touches) ----------------------------------------- */

static int64_t
new_token(struct ctx *c, const char *hash)
{
    struct api_token t = {.user_id = guest_id,
                          .name = "ci",
                          .prefix = "bo_ci",
                          .token_hash = hash,
                          .scopes = SCOPE_ALL,
                          .created_at = T0};
    int64_t id = 0;

    cr_assert_eq(store_token_create(c->store, &t, &id), BO_OK);
    return id;
}

static int64_t
last_used(struct ctx *c, const char *hash)
{
    struct api_token t;

    cr_assert_eq(store_token_find(c->store, c->arena, hash, &t), BO_OK);
    return t.last_used_at;
}

Test(app_bookings, token_uses_are_written_by_the_next_flush)
{
    struct ctx c = appenv_as(guest_id, T0);
    const int64_t id = new_token(&c, "hash-flushed");

    app_note_token_use(&test_env, id, T0 + 5);
    cr_assert_eq(last_used(&c, "hash-flushed"), 0, "a hint, kept in memory until the flush");
    cr_assert_eq(app_flush_touches(&c), BO_OK);
    cr_assert_eq(last_used(&c, "hash-flushed"), T0 + 5);
    appenv_done(&c);
}

/* A use case that keeps the writer until the test opens the gate. */
struct gate {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool entered, open;
};

static enum bo_err
wait_at_gate(struct ctx *c, void *arg)
{
    struct gate *g = arg;

    (void)c;
    pthread_mutex_lock(&g->lock);
    g->entered = true;
    pthread_cond_broadcast(&g->cond);
    while (!g->open) {
        pthread_cond_wait(&g->cond, &g->lock);
    }
    pthread_mutex_unlock(&g->lock);
    return BO_OK;
}

static void *
occupy_writer(void *arg)
{
    struct ctx c = appenv_as(host_id, T0);

    cr_assert_eq(app_write(&c, wait_at_gate, arg), BO_OK);
    appenv_done(&c);
    return NULL;
}

/* PostgreSQL: the flush does not queue behind the writer, so bookings never wait for it. */
Test(app_bookings, token_uses_are_flushed_while_the_writer_is_busy_on_postgresql)
{
    struct ctx c = appenv_as(guest_id, T0);
    if (!store_is_remote(c.store)) {
        appenv_done(&c);
        cr_skip_test("SQLite writes through its one writer");
    }
    const int64_t id = new_token(&c, "hash-busy");
    struct gate g = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
    pthread_t t;

    pthread_create(&t, NULL, occupy_writer, &g);
    pthread_mutex_lock(&g.lock);
    while (!g.entered) {
        pthread_cond_wait(&g.cond, &g.lock);
    }
    pthread_mutex_unlock(&g.lock);

    app_note_token_use(&test_env, id, T0 + 7);
    cr_assert_eq(app_flush_touches(&c), BO_OK); /* through the writer, this would never return */
    cr_assert_eq(last_used(&c, "hash-busy"), T0 + 7);

    pthread_mutex_lock(&g.lock);
    g.open = true;
    pthread_cond_broadcast(&g.cond);
    pthread_mutex_unlock(&g.lock);
    pthread_join(t, NULL);
    appenv_done(&c);
}
