/* SPDX-License-Identifier: MIT */
/*
 * Issue 4: kill -9 the server in the middle of delivery, start it again, and
 * every message still arrives, at least once; a message sent twice carries
 * the same webhook-id. The receiver is slow (each answer waits), so the kill
 * lands while senders wait for replies to messages already received: those
 * stay claimed until their lease ends and are sent again by the new process.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/client.h"
#include "lib/clock.h"
#include "lib/hookrecv.h"
#include "lib/server.h"

enum { EVENTS = 24 };

static const char *const flags[] = {"--delivery-lease", "5", "--delivery-workers", "4", NULL};

static int64_t
create_org(struct test_server *srv, const char *owner)
{
    struct http_resp *r = http_auth(srv, "POST", "/api/v1/organizers", owner,
                                    "{\"name\":\"Crash Club\",\"slug\":\"crash-club\"}");
    cr_assert_eq(r->status, 201, "%s", r->body);
    int64_t id = jint(r, "id");
    http_free(r);
    return id;
}

static void
add_endpoint(struct test_server *srv, const char *owner, int64_t org, struct hookrecv *h)
{
    char path[96], body[256];

    snprintf(path, sizeof(path), "/api/v1/organizers/%lld/webhooks", (long long)org);
    snprintf(body, sizeof(body), "{\"url\":\"%s\",\"event_types\":[\"booking.created\"]}",
             hookrecv_url(h));
    struct http_resp *r = http_auth(srv, "POST", path, owner, body);
    cr_assert_eq(r->status, 201, "%s", r->body);
    hookrecv_set_secret(h, jstr(r, "secret"));
    http_free(r);
}

/* EVENTS events of org, each booked once by guest: EVENTS webhook messages. */
static void
book_events(struct test_server *srv, const char *owner, const char *guest, int64_t org)
{
    int64_t base = (time(NULL) / 3600 + 1) * 3600 + 2 * 86400;

    for (int i = 0; i < EVENTS; i++) {
        char from[32], to[32], body[512], path[64];
        clock_rfc3339(base + i * 3600, from, sizeof(from));
        clock_rfc3339(base + i * 3600 + 1800, to, sizeof(to));
        snprintf(body, sizeof(body),
                 "{\"kind\":\"event\",\"title\":\"Crash talk %d\",\"capacity\":5,\"price\":0,"
                 "\"currency\":\"UAH\",\"status\":\"published\",\"organizer_id\":%lld,"
                 "\"sessions\":[{\"starts_at\":\"%s\",\"ends_at\":\"%s\"}]}",
                 i, (long long)org, from, to);
        struct http_resp *r = http_auth(srv, "POST", "/api/v1/events", owner, body);
        cr_assert_eq(r->status, 201, "%s", r->body);
        snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)jint(r, "id"));
        http_free(r);
        r = http_auth(srv, "POST", path, guest, "{\"seats\":1}");
        cr_assert_eq(r->status, 201, "%s", r->body);
        http_free(r);
    }
}

/* The distinct webhook-ids received so far; every message's signature must verify. */
static int
distinct_ids(struct hookrecv *h, int *total)
{
    char seen[EVENTS * 4][256];
    int n = 0;

    *total = hookrecv_count(h);
    for (int i = 0; i < *total; i++) {
        struct hookrecv_msg m;
        cr_assert(hookrecv_get(h, i, &m));
        cr_assert(m.verified, "message %d (%s) is not signed with the endpoint's secret", i, m.id);
        bool dup = false;
        for (int k = 0; k < n && !dup; k++) {
            dup = strcmp(seen[k], m.id) == 0;
        }
        if (!dup && n < EVENTS * 4) {
            snprintf(seen[n++], sizeof(seen[0]), "%s", m.id);
        }
    }
    return n;
}

Test(delivery_crash, every_message_arrives_after_a_kill_mid_delivery, .timeout = 120)
{
    struct test_server srv;
    struct hookrecv *h = hookrecv_start("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    int total = 0;

    cr_assert_not_null(h);
    test_server_start(&srv, flags);
    test_register(&srv, "crashowner");
    test_register(&srv, "crashguest");
    char *owner = test_login(&srv, "crashowner", TEST_PASSWORD, NULL);
    char *guest = test_login(&srv, "crashguest", TEST_PASSWORD, NULL);
    int64_t org = create_org(&srv, owner);
    add_endpoint(&srv, owner, org, h);

    hookrecv_set_delay(h, 300);
    book_events(&srv, owner, guest, org);
    cr_assert(hookrecv_wait(h, 2, 30000), "delivery did not start");
    test_server_kill(&srv);
    int before = distinct_ids(h, &total);
    cr_assert_lt(before, EVENTS, "everything was delivered before the kill: not mid-delivery");

    hookrecv_set_delay(h, 0);
    test_server_restart(&srv, flags);
    for (int i = 0; i < 300 && distinct_ids(h, &total) < EVENTS; i++) {
        nanosleep(&(struct timespec){0, 100 * 1000000L}, NULL);
    }
    int after = distinct_ids(h, &total);
    cr_assert_eq(after, EVENTS, "%d of %d messages arrived (%d before the kill)", after, EVENTS,
                 before);
    cr_log_info("delivered %d messages in %d requests; %d before the kill", after, total, before);
    free(owner);
    free(guest);
    test_server_destroy(&srv);
    hookrecv_stop(h);
}
