/* SPDX-License-Identifier: MIT */
/*
 * The delivery engine over HTTP against the real binary: the in-app list,
 * marking read (one's own only), the admin's outbox (admins only), short
 * links, and the queue on /metrics. The server's own router turns the
 * outbox into notifications; the tests wait for it by polling, with a bound.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/client.h"
#include "lib/clock.h"
#include "lib/server.h"

static struct test_server srv;
static char *admin, *host, *guest;
static int64_t booking_id;

static char *
event_body(void)
{
    static char body[1024];
    char from[32], to[32];
    int64_t t = (time(NULL) / 3600 + 1) * 3600 + 3 * 86400;

    clock_rfc3339(t, from, sizeof(from));
    clock_rfc3339(t + 7200, to, sizeof(to));
    snprintf(body, sizeof(body),
             "{\"kind\":\"screening\",\"title\":\"Movie night\",\"movie_title\":\"Dune\","
             "\"movie_duration\":155,\"capacity\":5,\"price\":0,\"currency\":\"UAH\","
             "\"approval\":\"automatic\",\"status\":\"published\",\"city\":\"Kyiv\","
             "\"sessions\":[{\"starts_at\":\"%s\",\"ends_at\":\"%s\"}]}",
             from, to);
    return body;
}

/* GET path as token until it lists at least one item (the router works in the background). */
static struct http_resp *
wait_for_items(const char *path, const char *token)
{
    for (int i = 0; i < 200; i++) {
        struct http_resp *r = http_auth(&srv, "GET", path, token, NULL);
        cr_assert_eq(r->status, 200, "%s", r->body);
        if (jlen(r, "items") > 0) {
            return r;
        }
        http_free(r);
        nanosleep(&(struct timespec){0, 50 * 1000000L}, NULL);
    }
    cr_assert_fail("no notification was routed within 10 s");
    return NULL;
}

static void
start(void)
{
    char out[4096];

    test_server_start(&srv, NULL);
    const char *args[] = {"demo", "--db", srv.db_url, "--demo-events", "0", NULL};
    cr_assert_eq(test_run_binary(args, out, sizeof(out)), 0, "%s", out);
    admin = test_login(&srv, "admin", "boxoffice-demo", NULL);
    test_register(&srv, "nhost");
    test_register(&srv, "nguest");
    host = test_login(&srv, "nhost", TEST_PASSWORD, NULL);
    guest = test_login(&srv, "nguest", TEST_PASSWORD, NULL);
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/events", host, event_body());
    cr_assert_eq(r->status, 201, "%s", r->body);
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)jint(r, "id"));
    http_free(r);
    r = http_auth(&srv, "POST", path, guest, "{\"seats\":1}");
    cr_assert_eq(r->status, 201, "%s", r->body);
    booking_id = jint(r, "id");
    http_free(r);
}

static void
stop(void)
{
    free(admin);
    free(host);
    free(guest);
    test_server_destroy(&srv);
}

TestSuite(notifications, .init = start, .fini = stop, .timeout = 60);

Test(notifications, a_booking_shows_up_in_both_inboxes_with_an_unread_count)
{
    struct http_resp *r = wait_for_items("/api/v1/me/notifications?limit=1", guest);

    cr_assert_eq(jlen(r, "items"), 1);
    cr_assert_eq(jint(r, "unread"), 1, "%s", r->body);
    cr_assert(!jbool(r, "items.0.read"));
    cr_assert_eq(jint(r, "items.0.payload.booking_id"), booking_id);
    cr_assert(jstr(r, "next") != NULL, "a full page has a next link: %s", r->body);
    http_free(r);
    r = wait_for_items("/api/v1/me/notifications", host);
    cr_assert_eq(jint(r, "items.0.payload.booking_id"), booking_id);
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/notifications?limit=0", guest, NULL);
    assert_problem(r, 422, "validation");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/notifications", NULL, NULL);
    assert_problem(r, 401, "unauthorized");
    http_free(r);
}

Test(notifications, only_the_owner_marks_a_notification_read)
{
    struct http_resp *r = wait_for_items("/api/v1/me/notifications", guest);
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/me/notifications/%lld/read",
             (long long)jint(r, "items.0.id"));
    http_free(r);

    r = http_auth(&srv, "POST", path, host, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
    r = http_auth(&srv, "POST", path, guest, NULL);
    cr_assert_eq(r->status, 204, "%s", r->body);
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/notifications", guest, NULL);
    cr_assert_eq(jint(r, "unread"), 0);
    cr_assert(jbool(r, "items.0.read"));
    http_free(r);
    r = http_auth(&srv, "POST", "/api/v1/me/notifications/abc/read", guest, NULL);
    cr_assert(r->status == 404 || r->status == 422, "%ld", r->status);
    http_free(r);
    r = http_auth(&srv, "POST", "/api/v1/me/notifications/read-all", host, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_eq(jint(r, "updated"), 1);
    http_free(r);
}

Test(notifications, the_outbox_is_for_admins_only)
{
    struct http_resp *r = http_auth(&srv, "GET", "/api/v1/admin/outbox", guest, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);
    r = http_auth(&srv, "POST", "/api/v1/admin/outbox/1/redrive", host, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);

    r = wait_for_items("/api/v1/admin/outbox?status=sent&category=booking.created", admin);
    int64_t id = jint(r, "items.0.id");
    cr_assert_str_eq(jstr(r, "items.0.status"), "sent", "in-app only: nothing left to send");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/admin/outbox?status=sent&category=booking.created&limit=1",
                  admin, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert(strstr(jstr(r, "next"), "?limit=1&cursor=") &&
                  strstr(jstr(r, "next"), "&status=sent&category=booking.created"),
              "the next page keeps the filters: %s", r->body);
    http_free(r);
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/admin/outbox/%lld", (long long)id);
    r = http_auth(&srv, "GET", path, admin, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_eq(jlen(r, "deliveries"), 0);
    http_free(r);
    snprintf(path, sizeof(path), "/api/v1/admin/outbox/%lld/redrive", (long long)id);
    r = http_auth(&srv, "POST", path, admin, NULL);
    assert_problem(r, 409, "conflict");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/admin/outbox/999999", admin, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/admin/outbox?status=lost", admin, NULL);
    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "status"));
    http_free(r);
}

Test(notifications, a_short_link_redirects_to_the_page)
{
    struct http_resp *r = wait_for_items("/api/v1/me/notifications", guest);
    char path[96], want[64];
    snprintf(path, sizeof(path), "%s", jstr(r, "items.0.link"));
    http_free(r);

    r = http_do(&srv, "GET", path, NULL, NULL);
    cr_assert_eq(r->status, 302, "%s: %s", path, r->body);
    snprintf(want, sizeof(want), "/#/bookings/%lld", (long long)booking_id);
    cr_assert_str_eq(http_header(r, "Location"), want);
    http_free(r);
    r = http_do(&srv, "GET", "/s/nope0000", NULL, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
}

Test(notifications, metrics_show_the_queue)
{
    struct http_resp *r = http_do(&srv, "GET", "/metrics", NULL, NULL);

    cr_assert_eq(r->status, 200);
    cr_assert(strstr(r->body, "boxoffice_outbox_unrouted ") != NULL);
    cr_assert(strstr(r->body, "boxoffice_deliveries_dead{channel=\"webhook\"} 0") != NULL, "%s",
              r->body);
    cr_assert(strstr(r->body, "boxoffice_outbox_oldest_unsent_seconds") != NULL);
    http_free(r);
}
