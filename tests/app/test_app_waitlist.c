/* SPDX-License-Identifier: MIT */
/*
 * The waitlist with the clock in the test's hand: a full event's queue is
 * offered freed seats in order, offers lapse and move on, claims end it.
 * A real store on either backend (BOXOFFICE_TEST_STORE); no server, no sleeps.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "app/bookings.h"
#include "app/waitlist.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/appenv.h"
#include "store/store.h"

#define T0 2000000000
#define OFFER_TTL 600

static int64_t host, ann, ben, cat;

static void
tune(struct config *cfg)
{
    cfg->waitlist_offer_ttl = OFFER_TTL;
}

static void
setup(void)
{
    appenv_open(tune);
    host = appenv_user("host", T0);
    ann = appenv_user("ann", T0);
    ben = appenv_user("ben", T0);
    cat = appenv_user("cat", T0);
}

static void
teardown(void)
{
    appenv_close();
}

TestSuite(waitlist, .init = setup, .fini = teardown, .timeout = 60);

static int64_t
one_seat_event(void)
{
    struct event e = {.title = "Small room", .capacity = 1};

    return appenv_publish(host, T0, e, T0 + 86400, T0 + 90000);
}

static struct booking
book(int64_t who, int64_t event_id, enum bo_err want)
{
    struct ctx c = appenv_as(who, T0);
    struct booking b = {0};

    cr_assert_eq(bookings_create(&c, event_id, 1, NULL, &b), want, "%s", c.err_detail);
    appenv_done(&c);
    return b;
}

static struct waitlist_entry
join(int64_t who, int64_t event_id, int64_t at)
{
    struct ctx c = appenv_as(who, at);
    struct waitlist_entry w;

    cr_assert_eq(waitlist_join(&c, event_id, 1, &w), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
    return w;
}

static int
work(int64_t now)
{
    struct ctx c = appenv_as(0, now);
    int offered = 0, expired = 0;

    cr_assert_eq(bookings_expire_due(&c, 100, &expired), BO_OK);
    cr_assert_eq(waitlist_work(&c, 100, &offered), BO_OK);
    appenv_done(&c);
    return offered;
}

static struct waitlist_entry
entry(int64_t who, int64_t id)
{
    struct ctx c = appenv_as(who, T0);
    struct waitlist_entry *list = NULL, found = {0};
    size_t n = 0;

    cr_assert_eq(waitlist_mine(&c, &list, &n), BO_OK);
    for (size_t i = 0; i < n; i++) {
        if (list[i].id == id) {
            found = list[i]; /* copied out: the list lives in c's arena */
        }
    }
    appenv_done(&c);
    cr_assert_eq(found.id, id, "entry %lld not found", (long long)id);
    return found;
}

static void
act(int64_t who, int64_t booking_id, enum booking_action action, int64_t now, enum bo_err want)
{
    struct ctx c = appenv_as(who, now);
    struct booking out;

    cr_assert_eq(bookings_act(&c, booking_id, action, &out), want, "%s", c.err_detail);
    appenv_done(&c);
}

Test(waitlist, freed_seats_go_to_the_queue_in_order_and_lapsed_offers_move_on)
{
    int64_t event = one_seat_event();
    struct booking first = book(ann, event, BO_OK);
    struct waitlist_entry wb = join(ben, event, T0 + 1);
    struct waitlist_entry wc = join(cat, event, T0 + 2);

    book(ben, event, BO_ERR_SOLD_OUT);
    cr_assert_eq(work(T0 + 10), 0, "nothing is free yet");
    act(ann, first.id, BOOKING_CANCEL, T0 + 20, BO_OK);
    cr_assert_eq(work(T0 + 30), 1);
    struct waitlist_entry b1 = entry(ben, wb.id);
    cr_assert_eq(b1.state, WAITLIST_OFFERED, "the first in line is asked first");
    cr_assert_eq(b1.offer_expires_at, T0 + 30 + OFFER_TTL);
    cr_assert_eq(entry(cat, wc.id).state, WAITLIST_WAITING);

    cr_assert_eq(work(T0 + 30 + OFFER_TTL), 1, "ben's offer lapses and cat is asked");
    cr_assert_eq(entry(ben, wb.id).state, WAITLIST_LAPSED);
    struct waitlist_entry c1 = entry(cat, wc.id);
    cr_assert_eq(c1.state, WAITLIST_OFFERED);

    act(cat, c1.booking_id, BOOKING_PAY, T0 + 700, BO_OK); /* a free event: the guest claims */
    cr_assert_eq(entry(cat, wc.id).state, WAITLIST_CLAIMED);
    struct ctx c = appenv_as(host, T0);
    int held = 0;
    cr_assert_eq(store_event_seats_held(c.store, event, &held), BO_OK);
    cr_assert_eq(held, 1);
    appenv_done(&c);
}

Test(waitlist, joining_is_refused_when_it_makes_no_sense)
{
    int64_t event = one_seat_event();
    struct ctx c = appenv_as(ann, T0);
    struct waitlist_entry w;

    cr_assert_eq(waitlist_join(&c, event, 1, &w), BO_ERR_CONFLICT, "a free seat: book it");
    appenv_done(&c);
    book(ann, event, BO_OK);
    c = appenv_as(host, T0);
    cr_assert_eq(waitlist_join(&c, event, 1, &w), BO_ERR_FORBIDDEN, "not at one's own event");
    appenv_done(&c);
    join(ben, event, T0);
    c = appenv_as(ben, T0);
    cr_assert_eq(waitlist_join(&c, event, 1, &w), BO_ERR_CONFLICT, "once per event");
    appenv_done(&c);
}

Test(waitlist, leaving_with_an_open_offer_frees_the_seat_for_the_next)
{
    int64_t event = one_seat_event();
    struct booking first = book(ann, event, BO_OK);
    struct waitlist_entry wb = join(ben, event, T0 + 1);
    struct waitlist_entry wc = join(cat, event, T0 + 2);

    act(ann, first.id, BOOKING_CANCEL, T0 + 5, BO_OK);
    work(T0 + 10);
    struct ctx c = appenv_as(ben, T0 + 20);
    cr_assert_eq(waitlist_leave(&c, wb.id), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
    cr_assert_eq(entry(ben, wb.id).state, WAITLIST_LEFT);
    cr_assert_eq(work(T0 + 30), 1);
    cr_assert_eq(entry(cat, wc.id).state, WAITLIST_OFFERED);
    c = appenv_as(ann, T0 + 40);
    cr_assert_eq(waitlist_leave(&c, wc.id), BO_ERR_NOT_FOUND, "not someone else's place");
    appenv_done(&c);
}
