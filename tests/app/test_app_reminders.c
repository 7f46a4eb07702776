/* SPDX-License-Identifier: MIT */
/*
 * Reminders 24 h and 1 h before a start, and the watcher that marks ended
 * events done, with the clock in the test's hand (no sleeps), on either
 * backend (BOXOFFICE_TEST_STORE): each reminder once, one reminder after
 * downtime, none after the start, new ones for a moved start, and several
 * schedulers racing write once.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#include "app/bookings.h"
#include "app/reminders.h"
#include "core/ctx.h"
#include "lib/appenv.h"
#include "lib/arena.h"
#include "store/store.h"

#define T0 2000000000
#define HOUR 3600
#define DAY 86400
#define S (T0 + 3 * DAY) /* the event's start */

static int64_t host, ann, ben, cat;

static void
setup(void)
{
    appenv_open(NULL);
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

TestSuite(reminders, .init = setup, .fini = teardown, .timeout = 60);

/* A free event at start (2 h long): ann and ben booked (confirmed), cat's booking cancelled. */
static int64_t
screening_at(int64_t start)
{
    struct event e = {.title = "Movie night", .capacity = 10};
    int64_t id = appenv_publish(host, T0, e, start, start + 2 * HOUR);
    int64_t who[] = {ann, ben, cat};

    for (int i = 0; i < 3; i++) {
        struct ctx c = appenv_as(who[i], T0);
        struct booking b;
        cr_assert_eq(bookings_create(&c, id, 1, NULL, &b), BO_OK, "%s", c.err_detail);
        if (who[i] == cat) {
            cr_assert_eq(bookings_act(&c, b.id, BOOKING_CANCEL, &b), BO_OK, "%s", c.err_detail);
        }
        appenv_done(&c);
    }
    return id;
}

static int64_t
screening(void)
{
    return screening_at(S);
}

/* One scheduler tick of the messaging work at now; the outbox rows it wrote. */
static int
tick(int64_t now)
{
    struct ctx c = appenv_as(0, now);
    int written = 0, done = 0;

    cr_assert_eq(reminders_work(&c, 100, &written), BO_OK);
    cr_assert_eq(events_finish_ended(&c, 100, &done), BO_OK);
    appenv_done(&c);
    return written;
}

static int
notes(int64_t user, const char *category)
{
    struct ctx c = appenv_as(0, T0);
    int n = -1;

    cr_assert_eq(store_outbox_count(c.store, user, category, &n), BO_OK);
    appenv_done(&c);
    return n;
}

static void
assert_notes(const char *category, int want_ann, int want_ben)
{
    cr_assert_eq(notes(ann, category), want_ann, "ann %s", category);
    cr_assert_eq(notes(ben, category), want_ben, "ben %s", category);
    cr_assert_eq(notes(cat, category), 0, "cat cancelled, hears no %s", category);
    cr_assert_eq(notes(host, category), 0, "the host is no participant (%s)", category);
}

Test(reminders, each_reminder_goes_out_once_and_none_after_the_start)
{
    screening();

    cr_assert_eq(tick(S - DAY - 60), 0, "too early");
    cr_assert_eq(tick(S - DAY + 60), 2);
    cr_assert_eq(tick(S - DAY + 120), 0, "a second tick sends nothing");
    cr_assert_eq(tick(S - 2 * HOUR), 0);
    assert_notes("reminder.24h", 1, 1);
    cr_assert_eq(tick(S - HOUR + 60), 2);
    cr_assert_eq(tick(S - HOUR + 61), 0);
    cr_assert_eq(tick(S + 60), 0, "nothing after the start");
    assert_notes("reminder.24h", 1, 1);
    assert_notes("reminder.1h", 1, 1);
}

Test(reminders, after_downtime_only_the_1h_reminder_goes_out)
{
    screening();

    cr_assert_eq(tick(S - 30 * 60), 2);
    cr_assert_eq(tick(S - 20 * 60), 0);

    assert_notes("reminder.1h", 1, 1);
    assert_notes("reminder.24h", 0, 0);
}

Test(reminders, a_start_that_passed_while_down_gets_nothing)
{
    screening();

    cr_assert_eq(tick(S + 1), 0);
    assert_notes("reminder.1h", 0, 0);
    assert_notes("reminder.24h", 0, 0);
}

static void
move_start(int64_t id, int64_t now, int64_t starts_at)
{
    struct ctx c = appenv_as(host, now);
    struct event e;

    cr_assert_eq(events_get(&c, id, NULL, &e), BO_OK, "%s", c.err_detail);
    cr_assert_eq(e.session_count, 1);
    struct event_session s = {.starts_at = starts_at, .ends_at = starts_at + 2 * HOUR};
    e.sessions = &s;
    cr_assert_eq(events_update(&c, &e), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
}

Test(reminders, a_moved_start_gets_new_reminders)
{
    int64_t id = screening();

    cr_assert_eq(tick(S - 23 * HOUR), 2);
    move_start(id, S - 23 * HOUR + 10, S + 2 * DAY);
    cr_assert_eq(tick(S - 23 * HOUR + 20), 0, "the new start is days away");
    cr_assert_eq(tick(S + 2 * DAY - 23 * HOUR), 2);
    cr_assert_eq(tick(S + 2 * DAY - 50 * 60), 2);

    assert_notes("reminder.24h", 2, 2);
    assert_notes("reminder.1h", 1, 1);
}

static enum event_status
status_of(int64_t id)
{
    struct ctx c = appenv_as(host, T0);
    struct event e;

    cr_assert_eq(events_get(&c, id, NULL, &e), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
    return e.status;
}

Test(reminders, the_watcher_marks_an_ended_event_done_once)
{
    int64_t id = screening();

    tick(S + 2 * HOUR - 1);
    cr_assert_eq(status_of(id), EVENT_PUBLISHED);
    assert_notes("event.done", 0, 0);
    tick(S + 2 * HOUR);
    cr_assert_eq(status_of(id), EVENT_DONE);
    assert_notes("event.done", 1, 1);
    tick(S + 3 * HOUR);
    assert_notes("event.done", 1, 1);
}

#define RACERS 4

struct racer {
    int64_t now;
    int written;
};

static void *
race(void *arg)
{
    struct racer *r = arg;

    for (int i = 0; i < 3; i++) {
        struct ctx c = appenv_as(0, r->now + i);
        int written = 0, done = 0;
        cr_assert_eq(reminders_work(&c, 100, &written), BO_OK);
        cr_assert_eq(events_finish_ended(&c, 100, &done), BO_OK);
        r->written += written;
        appenv_done(&c);
    }
    return NULL;
}

static int
race_at(int64_t now)
{
    pthread_t t[RACERS];
    struct racer r[RACERS];
    int total = 0;

    for (int i = 0; i < RACERS; i++) {
        r[i] = (struct racer){.now = now};
        pthread_create(&t[i], NULL, race, &r[i]);
    }
    for (int i = 0; i < RACERS; i++) {
        pthread_join(t[i], NULL);
        total += r[i].written;
    }
    return total;
}

Test(reminders, schedulers_racing_write_each_reminder_once)
{
    int64_t events[5];
    for (int i = 0; i < 5; i++) {
        events[i] = screening_at(S + i * 60);
    }

    cr_assert_eq(race_at(S - DAY + 300), 5 * 2);
    cr_assert_eq(race_at(S - HOUR + 300), 5 * 2);
    race_at(S + 3 * HOUR);

    assert_notes("reminder.24h", 5, 5);
    assert_notes("reminder.1h", 5, 5);
    assert_notes("event.done", 5, 5);
    cr_assert_eq(status_of(events[4]), EVENT_DONE);
}
