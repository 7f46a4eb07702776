/* SPDX-License-Identifier: MIT */
/*
 * The delivery engine with the clock in the test's hand and a recording
 * channel table: routing (preferences, in-app, one webhook message per
 * change), leases, retries with backoff, dead letters and redrive, gone
 * endpoints, reminders after their start, the in-app list and short links.
 * A real store on either backend (BOXOFFICE_TEST_STORE); no server, no sleeps.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/bookings.h"
#include "app/messaging.h"
#include "core/ctx.h"
#include "core/notice.h"
#include "lib/appenv.h"
#include "lib/arena.h"
#include "lib/testdb.h"
#include "store/store.h"

#define T0 2000000000
#define LEASE 120
#define MAX_ATTEMPTS 3

static int64_t host, guest, event_id;

/* What the channels were asked, and what they answer next. */
static struct {
    int calls[CHAN_KIND_COUNT];
    enum chan_outcome answer;
    int status_code;
    int retry_after;
    int sleep_ms; /* a slow peer */
    char message_id[128];
    char text[2048];      /* the last message's plain text */
    char calendar[8][96]; /* each email's "<to> <.ics method or none>", in order */
    int emails;
} rec;

static void
record(enum chan_kind k, const struct chan_msg *m, struct chan_result *r)
{
    rec.calls[k]++;
    if (rec.sleep_ms > 0) {
        nanosleep(&(struct timespec){rec.sleep_ms / 1000, rec.sleep_ms % 1000 * 1000000L}, NULL);
    }
    snprintf(rec.message_id, sizeof(rec.message_id), "%s", m->message_id);
    snprintf(rec.text, sizeof(rec.text), "%s", m->notice ? m->notice->text : "");
    *r = (struct chan_result){
        .outcome = rec.answer, .status_code = rec.status_code, .retry_after_s = rec.retry_after};
    if (rec.answer != CHAN_SENT) {
        snprintf(r->error, sizeof(r->error), "told to fail");
    }
}

static void
rec_email(const struct config *cfg, const struct chan_msg *m, struct chan_result *r)
{
    (void)cfg;
    if (rec.emails < 8) {
        snprintf(rec.calendar[rec.emails++], sizeof(rec.calendar[0]), "%s %s", m->target,
                 m->notice && m->notice->ics ? m->notice->ics_method : "none");
    }
    record(CHAN_EMAIL, m, r);
}

static void
rec_telegram(const struct config *cfg, const struct chan_msg *m, struct chan_result *r)
{
    (void)cfg;
    record(CHAN_TELEGRAM, m, r);
}

static void
rec_webhook(const struct config *cfg, const struct chan_msg *m, struct chan_result *r)
{
    (void)cfg;
    record(CHAN_WEBHOOK, m, r);
}

static const struct chan_table recording = {{rec_email, rec_telegram, rec_webhook}};

static void
set_str(char **field, const char *v)
{
    free(*field);
    *field = strdup(v);
}

static void
tune(struct config *cfg)
{
    set_str(&cfg->smtp_url, "smtp://mail.test");
    set_str(&cfg->telegram_bot_token, "123:abc");
    set_str(&cfg->public_url, "https://box.example");
    cfg->delivery_max_attempts = MAX_ATTEMPTS;
    cfg->delivery_backoff = 30;
    cfg->delivery_backoff_cap = 3600;
    cfg->delivery_lease = LEASE;
}

static void sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
sql(const char *fmt, ...)
{
    char text[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    testdb_exec(test_cfg.db, text);
}

static void
setup(void)
{
    appenv_open(tune);
    memset(&rec, 0, sizeof(rec));
    host = appenv_user("host", T0);
    guest = appenv_user("guest", T0);
    struct event e = {.title = "Screening", .capacity = 10};
    event_id = appenv_publish(host, T0, e, T0 + 86400, T0 + 90000);
    /* The event belongs to an organizer with one webhook endpoint for every category. */
    sql("INSERT INTO organizers (slug, name, created_by, created_at, updated_at) "
        "VALUES ('org', 'Org', %lld, 0, 0)",
        (long long)host);
    sql("UPDATE events SET organizer_id = (SELECT id FROM organizers WHERE slug = 'org') "
        "WHERE id = %lld",
        (long long)event_id);
    sql("INSERT INTO webhook_endpoints (organizer_id, url, secret, event_types, created_at, "
        "updated_at) SELECT id, 'https://hook.test/in', 'whsec_x', '*', 0, 0 FROM organizers "
        "WHERE slug = 'org'");
}

static void
teardown(void)
{
    appenv_close();
}

TestSuite(messaging, .init = setup, .fini = teardown, .timeout = 60);

static int64_t
book(int64_t who)
{
    struct ctx c = appenv_as(who, T0);
    struct booking b = {0};

    cr_assert_eq(bookings_create(&c, event_id, 1, NULL, &b), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
    return b.id;
}

static int
route(int64_t now)
{
    struct ctx c = appenv_as(0, now);
    int routed = -1;

    cr_assert_eq(messaging_route(&c, 100, &routed), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
    return routed;
}

static int
deliver(int64_t now)
{
    struct ctx c = appenv_as(0, now);
    int sent = -1;

    cr_assert_eq(messaging_deliver_due(&c, &recording, 100, &sent), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
    return sent;
}

/* Deliveries of channel (NULL: any) in status (NULL: any), over every outbox row. */
static int
count_deliveries(const char *channel, const char *status)
{
    struct ctx c = appenv_as(0, T0);
    struct outbox_filter f = {.limit = 100};
    struct outbox_row *rows = NULL;
    size_t n = 0;
    int found = 0;

    cr_assert_eq(messaging_outbox_list(&c, &f, &rows, &n), BO_OK);
    for (size_t i = 0; i < n; i++) {
        struct outbox_detail d;
        cr_assert_eq(messaging_outbox_get(&c, rows[i].id, &d), BO_OK);
        for (size_t j = 0; j < d.delivery_count; j++) {
            const struct delivery *x = &d.deliveries[j];
            found += (!channel || strcmp(x->channel, channel) == 0) &&
                     (!status || strcmp(x->status, status) == 0);
        }
    }
    appenv_done(&c);
    return found;
}

static const char *
outbox_status(void)
{
    static char status[16];
    struct ctx c = appenv_as(0, T0);
    struct outbox_filter f = {.limit = 1};
    struct outbox_row *rows = NULL;
    size_t n = 0;

    cr_assert_eq(messaging_outbox_list(&c, &f, &rows, &n), BO_OK);
    cr_assert_eq(n, 1);
    snprintf(status, sizeof(status), "%s", rows[0].status);
    appenv_done(&c);
    return status;
}

static struct inbox_page
inbox(int64_t who, struct ctx *c)
{
    struct inbox_page p;

    *c = appenv_as(who, T0 + 5);
    cr_assert_eq(messaging_inbox(c, 0, 50, &p), BO_OK);
    return p;
}

Test(messaging, a_booking_routes_to_inapp_email_and_one_webhook_for_host_and_guest)
{
    book(guest);

    cr_assert_eq(route(T0 + 1), 2);
    cr_assert_eq(route(T0 + 2), 0, "nothing is routed twice");

    cr_assert_eq(count_deliveries("email", "pending"), 2);
    cr_assert_eq(count_deliveries("webhook", "pending"), 1, "one change, one webhook message");
    cr_assert_eq(count_deliveries("telegram", NULL), 0, "nobody linked Telegram");
    cr_assert_eq(testdb_int(test_cfg.db, "SELECT count(*) FROM deliveries w, deliveries e WHERE "
                                         "w.channel = 'webhook' AND e.channel = 'email' AND "
                                         "e.id > w.id"),
                 0, "written in the unique key's order, so two routers never deadlock");
    struct ctx c;
    struct inbox_page p = inbox(guest, &c);
    cr_assert_eq(p.count, 1);
    cr_assert_eq(p.unread, 1);
    cr_assert_str_eq(p.items[0].category, "booking.created");
    cr_assert(p.items[0].link != NULL && strncmp(p.items[0].link, "/s/", 3) == 0);
    appenv_done(&c);
}

Test(messaging, preferences_turn_channels_off_and_telegram_needs_a_link)
{
    sql("INSERT INTO notification_prefs (user_id, category, channel, enabled) VALUES "
        "(%lld, 'booking', 'email', false), (%lld, 'booking', 'inapp', false)",
        (long long)guest, (long long)guest);
    sql("INSERT INTO telegram_subscriptions (user_id, telegram_chat_id, verified_at) "
        "VALUES (%lld, '5550%lld', 0)",
        (long long)host, (long long)host);
    book(guest);

    cr_assert_eq(route(T0 + 1), 2);

    cr_assert_eq(count_deliveries("email", NULL), 1, "only the host's");
    cr_assert_eq(count_deliveries("telegram", NULL), 1, "only the linked host's");
    struct ctx c;
    cr_assert_eq(inbox(guest, &c).count, 0);
    appenv_done(&c);
    cr_assert_eq(inbox(host, &c).count, 1);
    appenv_done(&c);
}

Test(messaging, sending_marks_everything_sent_with_stable_message_ids)
{
    book(guest);
    route(T0 + 1);

    cr_assert_eq(deliver(T0 + 1), 3);

    cr_assert_eq(rec.calls[CHAN_EMAIL], 2);
    cr_assert_eq(rec.calls[CHAN_WEBHOOK], 1);
    cr_assert_eq(count_deliveries(NULL, "sent"), 3);
    cr_assert_str_eq(outbox_status(), "sent");
    cr_assert_eq(deliver(T0 + 10000), 0, "nothing is sent twice");
}

static int
claim_without_sending(int64_t now)
{
    struct ctx c = appenv_as(0, now);
    int64_t *ids = NULL;
    size_t n = 0;

    cr_assert_eq(store_begin(c.store), BO_OK);
    cr_assert_eq(store_delivery_claim(c.store, c.arena, now, LEASE, 100, &ids, &n), BO_OK);
    cr_assert_eq(store_commit(c.store), BO_OK);
    appenv_done(&c);
    return (int)n;
}

Test(messaging, a_claim_is_not_taken_again_until_its_lease_ends)
{
    book(guest);
    route(T0 + 1);

    cr_assert_eq(claim_without_sending(T0 + 1), 3, "then the process is killed mid-send");

    cr_assert_eq(claim_without_sending(T0 + 2), 0);
    cr_assert_eq(deliver(T0 + LEASE), 0, "still leased");
    cr_assert_eq(deliver(T0 + 1 + LEASE), 3, "the lease ended: sent by another");
    cr_assert_eq(count_deliveries(NULL, "sent"), 3);
}

Test(messaging, a_retry_waits_for_the_peer_or_the_backoff)
{
    book(guest);
    route(T0);
    rec.answer = CHAN_RETRY;
    rec.retry_after = 600;

    cr_assert_eq(deliver(T0), 0);

    cr_assert_eq(count_deliveries(NULL, "pending"), 3);
    rec.answer = CHAN_SENT;
    cr_assert_eq(deliver(T0 + 599), 0, "the peer asked for 600 s");
    cr_assert_eq(deliver(T0 + 600), 3);
    rec.answer = CHAN_RETRY;
    rec.retry_after = 0;
    book(appenv_user("third", T0));
    route(T0 + 700);
    cr_assert_eq(deliver(T0 + 700), 0);
    rec.answer = CHAN_SENT;
    cr_assert_eq(deliver(T0 + 700 + 30), 3, "the first backoff is at most 30 s");
}

Test(messaging, a_message_is_dead_after_max_attempts_and_redrive_brings_it_back)
{
    book(guest);
    route(T0);
    rec.answer = CHAN_RETRY;
    int64_t now = T0;
    for (int i = 0; i < MAX_ATTEMPTS; i++, now += 3600) {
        deliver(now);
    }
    cr_assert_eq(count_deliveries(NULL, "dead"), 3);
    cr_assert_str_eq(outbox_status(), "dead");

    struct ctx c = appenv_as(0, now);
    struct outbox_filter f = {.limit = 1};
    struct outbox_row *rows = NULL;
    size_t n = 0;
    int count = 0;
    cr_assert_eq(messaging_outbox_list(&c, &f, &rows, &n), BO_OK);
    int64_t outbox_id = rows[0].id; /* rows live in c's arena, gone after appenv_done */
    cr_assert_eq(messaging_redrive(&c, outbox_id, &count), BO_OK);
    cr_assert_gt(count, 0);
    appenv_done(&c);

    rec.answer = CHAN_SENT;
    cr_assert_eq(deliver(now), count);
    cr_assert_str_eq(outbox_status(), "sent");
    c = appenv_as(0, now);
    cr_assert_eq(messaging_redrive(&c, outbox_id, &count), BO_ERR_CONFLICT);
    appenv_done(&c);
    c = appenv_as(0, now);
    cr_assert_eq(messaging_redrive(&c, 999999, &count), BO_ERR_NOT_FOUND);
    appenv_done(&c);
}

Test(messaging, a_gone_endpoint_is_disabled_and_gets_nothing_more)
{
    book(guest);
    route(T0);
    rec.answer = CHAN_GONE;
    rec.status_code = 410;

    deliver(T0);

    cr_assert_eq(count_deliveries("webhook", "dead"), 1);
    rec.answer = CHAN_SENT;
    book(appenv_user("third", T0));
    route(T0 + 1);
    cr_assert_eq(count_deliveries("webhook", NULL), 1, "the disabled endpoint gets no more");
}

Test(messaging, a_reminder_after_its_start_is_skipped_and_never_sent)
{
    sql("INSERT INTO outbox (user_id, category, payload, created_at) VALUES (%lld, "
        "'reminder.1h', '{\"event_id\":%lld,\"starts_at\":2000000100,\"link\":\"/events/1\"}', "
        "2000000000)",
        (long long)guest, (long long)event_id);

    route(T0);
    cr_assert_eq(count_deliveries("webhook", NULL), 0, "reminders are not for webhooks");
    cr_assert_eq(deliver(T0 + 200), 0);

    cr_assert_eq(rec.calls[CHAN_EMAIL], 0);
    cr_assert_eq(count_deliveries("email", "skipped"), 1);
    cr_assert_str_eq(outbox_status(), "sent");
}

Test(messaging, a_user_reads_their_own_notifications_only)
{
    book(guest);
    route(T0);
    struct ctx c;
    struct inbox_page p = inbox(host, &c);
    int64_t hosts = p.items[0].id;
    appenv_done(&c);

    c = appenv_as(guest, T0 + 5);
    cr_assert_eq(messaging_read(&c, hosts), BO_ERR_NOT_FOUND);
    appenv_done(&c);
    c = appenv_as(host, T0 + 5);
    cr_assert_eq(messaging_read(&c, hosts), BO_OK);
    cr_assert_eq(messaging_read(&c, hosts), BO_OK, "reading twice is fine");
    appenv_done(&c);
    cr_assert_eq(inbox(host, &c).unread, 0);
    appenv_done(&c);
    c = appenv_as(guest, T0 + 5);
    int count = 0;
    cr_assert_eq(messaging_read_all(&c, &count), BO_OK);
    cr_assert_eq(count, 1);
    appenv_done(&c);
}

Test(messaging, a_short_link_leads_to_the_page_and_counts_clicks)
{
    int64_t booking = book(guest);
    route(T0);
    struct ctx c;
    struct inbox_page p = inbox(guest, &c);
    char code[32];
    snprintf(code, sizeof(code), "%s", p.items[0].link + 3);
    appenv_done(&c);

    c = appenv_as(0, T0 + 9);
    const char *target = NULL;
    cr_assert_eq(messaging_follow(&c, code, &target), BO_OK, "%s", c.err_detail);
    char want[64];
    snprintf(want, sizeof(want), "/#/bookings/%lld", (long long)booking);
    cr_assert_str_eq(target, want);
    cr_assert_eq(messaging_follow(&c, code, &target), BO_OK);
    cr_assert_eq(messaging_follow(&c, "nope0000", &target), BO_ERR_NOT_FOUND);
    cr_assert_eq(messaging_follow(&c, "../etc", &target), BO_ERR_NOT_FOUND);
    appenv_done(&c);
    char q[128];
    snprintf(q, sizeof(q), "SELECT clicks FROM short_links WHERE code = '%s'", code);
    cr_assert_eq(testdb_int(test_cfg.db, q), 2, "the first click made the row, the second counted");
    cr_assert_eq(testdb_int(test_cfg.db, "SELECT count(*) FROM short_links"), 1,
                 "routing wrote no link; only the clicked one has a row");
}

Test(messaging, a_code_from_before_still_leads_to_its_page)
{
    sql("INSERT INTO short_links (code, target, created_at) VALUES ('Zx81Qw7p', '/#/events/5', 0)");
    struct ctx c = appenv_as(0, T0);
    const char *target = NULL;

    cr_assert_eq(messaging_follow(&c, "Zx81Qw7p", &target), BO_OK, "%s", c.err_detail);
    cr_assert_str_eq(target, "/#/events/5");
    appenv_done(&c);
    cr_assert_eq(testdb_int(test_cfg.db, "SELECT clicks FROM short_links"), 1);
}

/* A batch that would outlast its lease stops starting sends and gives the rest back at once:
 * due again, with the claim's attempt undone. */
Test(messaging, a_batch_gives_back_what_it_did_not_get_to, .timeout = 60)
{
    book(guest);
    route(T0 + 1);
    test_cfg.delivery_lease = 2; /* with the timeout of 20 s: start sends for 1 s only */
    rec.sleep_ms = 1100;

    cr_assert_eq(deliver(T0 + 1), 1, "one send, then the time to start more was over");
    cr_assert_eq(count_deliveries(NULL, "sent"), 1);
    cr_assert_eq(testdb_int(test_cfg.db, "SELECT count(*) FROM deliveries WHERE status = "
                                         "'pending' AND attempts = 0 AND next_at = 2000000001"),
                 2);
    rec.sleep_ms = 0;
    cr_assert_eq(deliver(T0 + 1), 2, "given back, not leased: due at once");
}

Test(messaging, a_batch_keeps_every_character_of_what_it_routes)
{
    /* PostgreSQL gets a batch's rows as array literals: quotes, backslashes, braces, commas. */
    sql("UPDATE webhook_endpoints SET url = 'https://hook.test/in?a=\\\"b\\\",{c}'");
    sql("INSERT INTO outbox (user_id, category, payload, created_at) VALUES (%lld, "
        "'booking.changed', '{\"note\":\"Кіно \\\"ніч\\\" \\\\ {1, 2} NULL\","
        "\"event_id\":%lld,\"state\":\"cancelled\"}', %d)",
        (long long)guest, (long long)event_id, T0);
    route(T0 + 1);

    struct ctx c;
    struct inbox_page p = inbox(guest, &c);
    cr_assert_eq(p.count, 1);
    cr_assert(strstr(p.items[0].payload, "Кіно \\\"ніч\\\" \\\\ {1, 2} NULL") != NULL,
              "%s", p.items[0].payload);
    appenv_done(&c);
    cr_assert_eq(testdb_int(test_cfg.db, "SELECT count(*) FROM notifications n JOIN outbox o "
                                         "ON o.id = n.outbox_id WHERE n.payload = o.payload"),
                 1, "the payload as the outbox has it");
    cr_assert_eq(testdb_int(test_cfg.db, "SELECT count(*) FROM deliveries WHERE target = "
                                         "'https://hook.test/in?a=\\\"b\\\",{c}'"),
                 1);
}

Test(messaging, a_message_shows_times_in_the_events_zone)
{
    book(guest);
    route(T0 + 1);
    deliver(T0 + 1);

    /* The event starts at 2033-05-19 03:33:20 UTC: 06:33 in Kyiv's summer time (+3). */
    cr_assert(strstr(rec.text, "19.05.2033 06:33 (Europe/Kyiv)") != NULL, "%s", rec.text);
}

/* Was an email to "<who>@example.org <method>" sent? */
static bool
emailed(const char *want)
{
    for (int i = 0; i < rec.emails; i++) {
        if (strcmp(rec.calendar[i], want) == 0) {
            return true;
        }
    }
    return false;
}

Test(messaging, a_cancelled_booking_takes_the_event_out_of_the_guests_calendar)
{
    int64_t id = book(guest);
    route(T0 + 1);
    deliver(T0 + 1);
    cr_assert(emailed("guest@example.org PUBLISH"), "confirmed: in the calendar");

    struct ctx c = appenv_as(guest, T0 + 10);
    struct booking b;
    cr_assert_eq(bookings_act(&c, id, BOOKING_CANCEL, &b), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
    rec.emails = 0;
    route(T0 + 11);
    deliver(T0 + 11);

    cr_assert_eq(rec.emails, 2, "the guest and the host");
    cr_assert(emailed("guest@example.org CANCEL"), "%s / %s", rec.calendar[0], rec.calendar[1]);
    cr_assert(emailed("host@example.org none"), "the event goes on for its host: %s / %s",
              rec.calendar[0], rec.calendar[1]);
}

Test(messaging, an_idle_engine_reads_that_there_is_nothing_to_do)
{
    bool want_route = false, want_send = false;
    struct ctx c = appenv_as(0, T0 + 1);

    cr_assert_eq(messaging_due(&c, &want_route, &want_send), BO_OK);
    cr_assert(!want_route && !want_send);
    appenv_done(&c);
    book(guest);
    c = appenv_as(0, T0 + 1);
    cr_assert_eq(messaging_due(&c, &want_route, &want_send), BO_OK);
    cr_assert(want_route && !want_send);
    appenv_done(&c);
    route(T0 + 1);
    c = appenv_as(0, T0 + 1);
    cr_assert_eq(messaging_due(&c, &want_route, &want_send), BO_OK);
    cr_assert(!want_route && want_send);
    appenv_done(&c);
    deliver(T0 + 1);
    c = appenv_as(0, T0 + 1);
    cr_assert_eq(messaging_due(&c, &want_route, &want_send), BO_OK);
    cr_assert(!want_route && !want_send);
    appenv_done(&c);
}

Test(messaging, metrics_count_this_processs_attempts_per_channel)
{
    book(guest);
    route(T0 + 1);
    rec.answer = CHAN_RETRY;
    deliver(T0 + 1);
    rec.answer = CHAN_SENT;
    deliver(T0 + 100000);

    struct ctx c = appenv_as(0, T0 + 100000);
    struct msg_stats st;
    cr_assert_eq(messaging_stats(&c, &st), BO_OK);
    appenv_done(&c);
    cr_assert_eq(st.attempts_failed[CHAN_EMAIL], 2);
    cr_assert_eq(st.attempts_failed[CHAN_WEBHOOK], 1);
    cr_assert_eq(st.attempts_ok[CHAN_EMAIL], 2);
    cr_assert_eq(st.attempts_ok[CHAN_WEBHOOK], 1);
    cr_assert_eq(st.attempts_ok[CHAN_TELEGRAM], 0);
    cr_assert_eq(st.pending[CHAN_EMAIL], 0);
}
