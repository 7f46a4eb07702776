/* SPDX-License-Identifier: MIT */
/*
 * Events and bookings over HTTP: the lifecycle, the rules of every seed,
 * who sees what, and the storms that try to oversell. After each storm the
 * invariants are read from the database itself.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/event.h"
#include "lib/arena.h"
#include "lib/client.h"
#include "lib/clock.h"
#include "lib/server.h"
#include "store/store.h"

static struct test_server srv;
static char *host, *guest, *other;

static void
start(void)
{
    static const char *const fast_popularity[] = {"--popularity-every", "1", NULL};

    test_server_start(&srv, fast_popularity);
    test_register(&srv, "host");
    test_register(&srv, "guest");
    test_register(&srv, "other");
    host = test_login(&srv, "host", TEST_PASSWORD, NULL);
    guest = test_login(&srv, "guest", TEST_PASSWORD, NULL);
    other = test_login(&srv, "other", TEST_PASSWORD, NULL);
}

static void
stop(void)
{
    free(host);
    free(guest);
    free(other);
    test_server_destroy(&srv);
}

TestSuite(bookings, .init = start, .fini = stop, .timeout = 120);

static const char *new_status = "published";

/* An event body starting `day` days from now (distinct days: one author, one time). */
static char *
event_body(int day, int capacity, int price, const char *approval, const char *extra)
{
    static char body[1024];
    char from[32], to[32];
    int64_t t = (time(NULL) / 3600 + 1) * 3600 + (int64_t)day * 86400;

    clock_rfc3339(t, from, sizeof(from));
    clock_rfc3339(t + 7200, to, sizeof(to));
    snprintf(body, sizeof(body),
             "{\"kind\":\"screening\",\"title\":\"Movie night %d\",\"movie_title\":\"Dune\","
             "\"movie_duration\":155,\"capacity\":%d,\"price\":%d,\"currency\":\"UAH\","
             "\"approval\":\"%s\",\"status\":\"%s\",\"city\":\"Kyiv\","
             "\"sessions\":[{\"starts_at\":\"%s\",\"ends_at\":\"%s\"}]%s}",
             day, capacity, price, approval, new_status, from, to, extra ? extra : "");
    return body;
}

static int64_t
create_event(const char *token, const char *body)
{
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/events", token, body);

    cr_assert_eq(r->status, 201, "%s", r->body);
    int64_t id = jint(r, "id");
    http_free(r);
    return id;
}

static struct http_resp *
book(const char *token, int64_t event_id, const char *body)
{
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)event_id);
    return http_auth(&srv, "POST", path, token, body);
}

static struct http_resp *
act(const char *token, int64_t booking_id, const char *action)
{
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/bookings/%lld/%s", (long long)booking_id, action);
    return http_auth(&srv, "POST", path, token, NULL);
}

static int
available(int64_t event_id)
{
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)event_id);
    struct http_resp *r = http_do(&srv, "GET", path, NULL, NULL);
    int n = (int)jint(r, "available");
    http_free(r);
    return n;
}

/* Invariant 1, from the database: seats held = capacity - available <= capacity. */
static int
check_seats(int64_t event_id)
{
    struct store *s = NULL;
    struct arena *a = arena_create(4096);
    struct event e;
    int held = -1;

    cr_assert_eq(store_open(srv.db_url, &s), BO_OK);
    cr_assert_eq(store_event_get(s, a, event_id, &e), BO_OK);
    cr_assert_eq(store_event_seats_held(s, event_id, &held), BO_OK);
    cr_assert_eq(held, e.capacity - e.available, "rows say %d seats, the counter %d", held,
                 e.capacity - e.available);
    store_close(s);
    arena_destroy(a);
    return held;
}

Test(bookings, an_event_is_created_and_read_by_id_and_slug)
{
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/events", host,
                                    event_body(1, 10, 0, "automatic", ",\"slug\":\"dune-night\""));

    cr_assert_eq(r->status, 201, "%s", r->body);
    cr_assert_str_eq(jstr(r, "slug"), "dune-night");
    cr_assert_eq(jint(r, "available"), 10);
    cr_assert_str_eq(jstr(r, "city"), "Kyiv");
    cr_assert_eq(jlen(r, "sessions"), 1);
    http_free(r);
    r = http_do(&srv, "GET", "/api/v1/events/dune-night", NULL, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "movie_title"), "Dune");
    http_free(r);
}

Test(bookings, bad_events_are_422_with_every_field_named)
{
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/events", host,
                                    "{\"kind\":\"party\",\"capacity\":0,\"currency\":\"uah\","
                                    "\"sessions\":[{\"starts_at\":\"2030-01-01T10:00:00Z\","
                                    "\"ends_at\":\"2030-01-01T09:00:00Z\"}]}");

    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "kind") && problem_has_field(r, "capacity") &&
                  problem_has_field(r, "title"),
              "%s", r->body);
    http_free(r);
    r = http_do(&srv, "GET", "/api/v1/events", NULL, NULL);
    cr_assert_eq(jlen(r, "items"), 0, "nothing was written: %s", r->body);
    http_free(r);
}

Test(bookings, one_author_cannot_announce_two_events_at_one_time)
{
    create_event(host, event_body(2, 10, 0, "automatic", NULL));
    struct http_resp *r =
        http_auth(&srv, "POST", "/api/v1/events", host, event_body(2, 10, 0, "automatic", NULL));

    assert_problem(r, 409, "conflict");
    cr_assert(problem_has_field(r, "starts_at"), "%s", r->body);
    http_free(r);
}

Test(bookings, only_the_author_changes_an_event_and_participants_hear_of_it)
{
    int64_t id = create_event(host, event_body(3, 10, 0, "automatic", NULL));
    char path[64];
    struct http_resp *b = book(guest, id, NULL);
    int64_t guest_id = jint(b, "user_id");
    struct store *s = NULL;
    int notes = 0;

    snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)id);
    struct http_resp *r = http_auth(&srv, "PATCH", path, other, "{\"title\":\"Mine now\"}");
    assert_problem(r, 403, "forbidden");
    http_free(r);
    r = http_auth(&srv, "PATCH", path, host, "{\"title\":\"Dune, part two\",\"capacity\":20}");
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_eq(jint(r, "version"), 2);
    cr_assert_eq(jint(r, "available"), 19);
    http_free(r);
    cr_assert_eq(store_open(srv.db_url, &s), BO_OK);
    cr_assert_eq(store_outbox_count(s, guest_id, "event.changed", &notes), BO_OK);
    cr_assert_eq(notes, 1, "the participant is told, in the same transaction");
    store_close(s);
    http_free(b);
}

Test(bookings, capacity_cannot_shrink_below_the_seats_taken)
{
    int64_t id = create_event(host, event_body(4, 2, 0, "automatic", NULL));
    char path[64];

    http_free(book(guest, id, "{\"seats\":1}"));
    http_free(book(other, id, "{\"seats\":1}"));
    snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)id);
    struct http_resp *r = http_auth(&srv, "PATCH", path, host, "{\"capacity\":1}");
    assert_problem(r, 409, "conflict");
    http_free(r);
    cr_assert_eq(check_seats(id), 2);
}

Test(bookings, a_free_automatic_event_confirms_at_once)
{
    int64_t id = create_event(host, event_body(5, 10, 0, "automatic", NULL));
    struct http_resp *r = book(guest, id, "{\"seats\":1}");

    cr_assert_eq(r->status, 201, "%s", r->body);
    cr_assert_str_eq(jstr(r, "state"), "confirmed");
    cr_assert(jnull(r, "expires_at"));
    cr_assert_eq(available(id), 9);
    http_free(r);
}

Test(bookings, a_paid_event_holds_seats_until_confirmed)
{
    int64_t id =
        create_event(host, event_body(6, 10, 25000, "automatic", ",\"max_per_booking\":4"));
    struct http_resp *r = book(guest, id, "{\"seats\":2}");

    cr_assert_eq(r->status, 201, "%s", r->body);
    cr_assert_str_eq(jstr(r, "state"), "held");
    cr_assert(!jnull(r, "expires_at"));
    cr_assert_eq(jint(r, "amount"), 50000);
    cr_assert_eq(available(id), 8);
    struct http_resp *c = act(guest, jint(r, "id"), "confirm");
    assert_problem(c, 403, "forbidden");
    http_free(c);
    c = act(host, jint(r, "id"), "confirm");
    cr_assert_eq(c->status, 200, "%s", c->body);
    cr_assert_str_eq(jstr(c, "state"), "confirmed");
    http_free(c);
    http_free(r);
    cr_assert_eq(check_seats(id), 2);
}

Test(bookings, the_host_approves_or_rejects_requests)
{
    int64_t id = create_event(host, event_body(7, 1, 0, "manual", NULL));
    struct http_resp *a = book(guest, id, NULL);
    struct http_resp *b = book(other, id, NULL);

    cr_assert_str_eq(jstr(a, "state"), "requested");
    cr_assert_eq(available(id), 1, "a request takes no seat");
    struct http_resp *r = act(guest, jint(a, "id"), "approve");
    assert_problem(r, 403, "forbidden");
    http_free(r);
    r = act(host, jint(a, "id"), "approve");
    cr_assert_str_eq(jstr(r, "state"), "confirmed");
    http_free(r);
    r = act(host, jint(b, "id"), "approve");
    assert_problem(r, 409, "sold-out");
    http_free(r);
    r = act(host, jint(b, "id"), "reject");
    cr_assert_str_eq(jstr(r, "state"), "rejected");
    http_free(r);
    r = act(host, jint(b, "id"), "approve");
    assert_problem(r, 409, "conflict");
    http_free(r);
    http_free(a);
    http_free(b);
    cr_assert_eq(check_seats(id), 1);
}

Test(bookings, cancelling_frees_the_seats_and_is_logged)
{
    int64_t id = create_event(host, event_body(8, 1, 0, "automatic", NULL));
    struct http_resp *a = book(guest, id, NULL);
    char path[64];

    http_free(act(guest, jint(a, "id"), "cancel"));
    cr_assert_eq(available(id), 1);
    struct http_resp *b = book(other, id, NULL);
    cr_assert_eq(b->status, 201, "the freed seat is bookable: %s", b->body);
    snprintf(path, sizeof(path), "/api/v1/bookings/%lld/log", (long long)jint(a, "id"));
    struct http_resp *log = http_auth(&srv, "GET", path, guest, NULL);
    cr_assert_eq(jlen(log, "items"), 2);
    cr_assert_str_eq(jstr(log, "items.1.action"), "cancel");
    cr_assert_str_eq(jstr(log, "items.1.old_state"), "confirmed");
    cr_assert_str_eq(jstr(log, "items.1.new_state"), "cancelled");
    http_free(log);
    http_free(a);
    http_free(b);
}

Test(bookings, the_rules_of_who_may_book)
{
    int64_t e1 = create_event(host, event_body(9, 5, 0, "automatic", NULL));
    int64_t e2 = create_event(other, event_body(9, 5, 0, "automatic", NULL));
    struct http_resp *r = book(host, e1, NULL);

    assert_problem(r, 403, "forbidden");
    http_free(r);
    http_free(book(guest, e1, NULL));
    r = book(guest, e1, NULL);
    assert_problem(r, 409, "conflict");
    cr_assert(problem_has_field(r, "event_id"), "%s", r->body);
    http_free(r);
    r = book(guest, e2, NULL);
    assert_problem(r, 409, "conflict");
    cr_assert(problem_has_field(r, "starts_at"), "same start time: %s", r->body);
    http_free(r);
    r = book(guest, e1, "{\"seats\":3}");
    assert_problem(r, 422, "validation");
    http_free(r);
    r = book(guest, 999999, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
}

Test(bookings, each_user_sees_only_their_own_bookings)
{
    int64_t id = create_event(host, event_body(10, 5, 0, "automatic", NULL));
    struct http_resp *b = book(guest, id, NULL);
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/bookings/%lld", (long long)jint(b, "id"));
    struct http_resp *r = http_auth(&srv, "GET", path, other, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
    r = http_auth(&srv, "GET", path, host, NULL);
    cr_assert_eq(r->status, 200, "the host sees bookings of their event");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/bookings", other, NULL);
    cr_assert_eq(jlen(r, "items"), 0);
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/bookings", guest, NULL);
    cr_assert_eq(jlen(r, "items"), 1);
    http_free(r);
    snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)id);
    r = http_auth(&srv, "GET", path, other, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);
    r = act(other, jint(b, "id"), "cancel");
    assert_problem(r, 404, "not-found");
    http_free(r);
    http_free(b);
}

Test(bookings, drafts_are_invisible_to_others)
{
    new_status = "draft";
    int64_t id = create_event(host, event_body(11, 5, 0, "automatic", NULL));
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)id);
    struct http_resp *r = http_do(&srv, "GET", path, NULL, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
    r = http_auth(&srv, "GET", path, host, NULL);
    cr_assert_eq(r->status, 200);
    http_free(r);
}

Test(bookings, a_new_event_answers_with_its_session_ids)
{
    struct http_resp *r =
        http_auth(&srv, "POST", "/api/v1/events", host, event_body(12, 5, 0, "automatic", NULL));

    cr_assert_eq(r->status, 201, "%s", r->body);
    cr_assert_gt(jint(r, "sessions.0.id"), 0, "%s", r->body);
    http_free(r);
}

Test(bookings, cancelling_an_event_cancels_its_bookings_and_frees_the_seats)
{
    int64_t id = create_event(host, event_body(13, 5, 0, "automatic", NULL));
    struct http_resp *b = book(guest, id, NULL);
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)id);
    struct http_resp *r = http_auth(&srv, "PATCH", path, host, "{\"status\":\"cancelled\"}");
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_eq(jint(r, "available"), 5);
    http_free(r);
    snprintf(path, sizeof(path), "/api/v1/bookings/%lld", (long long)jint(b, "id"));
    r = http_auth(&srv, "GET", path, guest, NULL);
    cr_assert_str_eq(jstr(r, "state"), "cancelled");
    http_free(r);
    http_free(b);
    cr_assert_eq(check_seats(id), 0);
}

Test(bookings, moving_an_event_moves_its_bookings_start_time)
{
    int64_t id = create_event(host, event_body(14, 5, 0, "automatic", NULL));
    struct http_resp *b = book(guest, id, NULL);
    char path[64], body[256], from[32], to[32];
    int64_t t = (time(NULL) / 3600 + 1) * 3600 + 15LL * 86400 + 1800;

    clock_rfc3339(t, from, sizeof(from));
    clock_rfc3339(t + 3600, to, sizeof(to));
    snprintf(body, sizeof(body), "{\"sessions\":[{\"starts_at\":\"%s\",\"ends_at\":\"%s\"}]}", from,
             to);
    snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)id);
    struct http_resp *r = http_auth(&srv, "PATCH", path, host, body);
    cr_assert_eq(r->status, 200, "%s", r->body);
    http_free(r);
    snprintf(path, sizeof(path), "/api/v1/bookings/%lld", (long long)jint(b, "id"));
    r = http_auth(&srv, "GET", path, guest, NULL);
    cr_assert_str_eq(jstr(r, "starts_at"), from);
    http_free(r);
    http_free(b);
}

static struct http_resp *
book_with_key(const char *token, int64_t event_id, const char *key, const char *body)
{
    char path[64], authz[512], idem[300];
    const char *headers[] = {authz, idem, NULL};

    snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)event_id);
    snprintf(authz, sizeof(authz), "Authorization: Bearer %s", token);
    snprintf(idem, sizeof(idem), "Idempotency-Key: %s", key);
    return http_do(&srv, "POST", path, body, headers);
}

Test(bookings, a_retried_request_with_its_key_books_once_and_replays_the_answer)
{
    int64_t id = create_event(host, event_body(16, 5, 0, "automatic", ",\"max_per_booking\":3"));
    struct http_resp *a = book_with_key(guest, id, "retry-1", "{\"seats\":2}");
    struct http_resp *b = book_with_key(guest, id, "retry-1", "{\"seats\":2}");

    cr_assert_eq(a->status, 201, "%s", a->body);
    cr_assert_eq(b->status, 201, "%s", b->body);
    cr_assert_str_eq(http_header(b, "Idempotent-Replayed"), "true");
    cr_assert_str_eq(a->body, b->body, "the same answer, byte for byte");
    cr_assert_eq(available(id), 3, "one booking of two seats");
    struct http_resp *c = book_with_key(guest, id, "retry-1", "{\"seats\":1}");
    assert_problem(c, 422, "validation");
    cr_assert(problem_has_field(c, "Idempotency-Key"), "%s", c->body);
    http_free(a);
    http_free(b);
    http_free(c);
}

Test(bookings, a_bad_idempotency_key_is_422_and_books_nothing)
{
    int64_t id = create_event(host, event_body(17, 5, 0, "automatic", NULL));
    struct http_resp *r = book_with_key(guest, id, "has space", NULL);

    assert_problem(r, 422, "validation");
    cr_assert_eq(available(id), 5);
    http_free(r);
}

struct keyed {
    int64_t event_id;
    long status;
    int64_t booking_id;
};

static void *
keyed_booking(void *arg)
{
    struct keyed *k = arg;
    struct http_resp *r = book_with_key(guest, k->event_id, "same-key", NULL);

    k->status = r->status;
    k->booking_id = r->status == 201 ? jint(r, "id") : 0;
    http_free(r);
    return NULL;
}

Test(bookings, concurrent_requests_with_one_key_make_one_booking)
{
    int64_t id = create_event(host, event_body(18, 5, 0, "automatic", NULL));
    struct keyed k[8];
    pthread_t t[8];

    for (int i = 0; i < 8; i++) {
        k[i] = (struct keyed){.event_id = id};
        pthread_create(&t[i], NULL, keyed_booking, &k[i]);
    }
    for (int i = 0; i < 8; i++) {
        pthread_join(t[i], NULL);
    }
    for (int i = 0; i < 8; i++) {
        cr_assert(k[i].status == 201 || k[i].status == 409, "got %ld", k[i].status);
        cr_assert(k[i].booking_id == 0 || k[i].booking_id == k[0].booking_id ||
                      k[0].booking_id == 0,
                  "every answer names the same booking");
    }
    cr_assert_eq(available(id), 4, "exactly one seat taken");
}

/* --- search ------------------------------------------------------------------ */

static int64_t
listed(const char *query, int64_t expect_id)
{
    char path[512];

    snprintf(path, sizeof(path), "/api/v1/events?%s", query);
    struct http_resp *r = http_do(&srv, "GET", path, NULL, NULL);
    cr_assert_eq(r->status, 200, "%s: %s", query, r->body);
    int64_t n = (int64_t)jlen(r, "items");
    bool found = false;
    for (int64_t i = 0; i < n; i++) {
        char key[32];
        snprintf(key, sizeof(key), "items.%lld.id", (long long)i);
        found = found || jint(r, key) == expect_id;
    }
    http_free(r);
    return found ? n : -n - 1; /* negative: the expected event is not there */
}

Test(bookings, search_filters_by_text_city_format_and_price)
{
    int64_t a = create_event(host, event_body(20, 5, 0, "automatic",
                                              ",\"title\":\"Jazz evening Podil\",\"city\":\"Lviv\","
                                              "\"format\":\"online\""));
    int64_t b = create_event(host, event_body(21, 5, 30000, "automatic",
                                              ",\"title\":\"Chamber music\",\"city\":\"Odesa\""));

    cr_assert_eq(listed("q=jazz", a), 1);
    cr_assert_eq(listed("q=JAZ%20pod", a), 1, "prefixes, any case, all terms");
    cr_assert_lt(listed("q=jazz%20chamber", a), 0);
    cr_assert_eq(listed("city=Lviv&q=evening", a), 1);
    cr_assert_lt(listed("city=Odesa&q=jazz", a), 0);
    cr_assert_gt(listed("free=true&q=jazz", a), 0);
    cr_assert_lt(listed("free=true&q=chamber", b), 0);
    cr_assert_eq(listed("price_min=20000&price_max=30000&q=chamber", b), 1);
    cr_assert_eq(listed("format=online&q=jazz", a), 1);
    cr_assert_lt(listed("format=offline&q=jazz", a), 0);
}

Test(bookings, a_changed_title_is_found_by_its_new_words)
{
    int64_t id = create_event(host, event_body(22, 5, 0, "automatic", ",\"title\":\"Old name\""));
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)id);
    http_free(http_auth(&srv, "PATCH", path, host, "{\"title\":\"Fresh lecture\"}"));
    cr_assert_eq(listed("q=fresh", id), 1);
    cr_assert_lt(listed("q=old", id), 0);
}

Test(bookings, bad_search_parameters_are_422)
{
    static const char *const bad[] = {"price_min=-1", "price_max=abc",  "free=yes", "format=paper",
                                      "kind=party",   "from=yesterday", "limit=0",  "cursor=xyz"};

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char path[64];
        snprintf(path, sizeof(path), "/api/v1/events?%s", bad[i]);
        struct http_resp *r = http_do(&srv, "GET", path, NULL, NULL);
        assert_problem(r, 422, "validation");
        http_free(r);
    }
}

Test(bookings, the_next_link_keeps_the_filters)
{
    for (int i = 0; i < 3; i++) {
        char extra[128];
        snprintf(extra, sizeof(extra), ",\"title\":\"Paged talk %d\",\"city\":\"Kyiv\"", i);
        create_event(host, event_body(23 + i, 5, 0, "automatic", extra));
    }
    struct http_resp *r =
        http_do(&srv, "GET", "/api/v1/events?q=paged&city=Kyiv&limit=2", NULL, NULL);
    const char *next = jstr(r, "next");
    cr_assert(next && strstr(next, "q=paged") && strstr(next, "city=Kyiv"), "%s", r->body);
    struct http_resp *r2 = http_do(&srv, "GET", next, NULL, NULL);
    cr_assert_eq(jlen(r2, "items"), 1, "%s", r2->body);
    http_free(r);
    http_free(r2);
}

/* --- waitlist ------------------------------------------------------------------- */

Test(bookings, the_waitlist_over_http)
{
    int64_t id = create_event(host, event_body(30, 1, 0, "automatic", NULL));
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/events/%lld/waitlist", (long long)id);
    struct http_resp *r = http_auth(&srv, "POST", path, guest, NULL);
    assert_problem(r, 409, "conflict"); /* a seat is free: book it */
    http_free(r);
    http_free(book(other, id, NULL));
    r = http_auth(&srv, "POST", path, guest, NULL);
    cr_assert_eq(r->status, 201, "%s", r->body);
    cr_assert_str_eq(jstr(r, "state"), "waiting");
    int64_t entry = jint(r, "id");
    http_free(r);
    r = http_auth(&srv, "POST", path, guest, NULL);
    assert_problem(r, 409, "conflict");
    http_free(r);
    r = http_auth(&srv, "POST", path, host, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);

    r = http_auth(&srv, "GET", path, host, NULL);
    cr_assert_eq(jlen(r, "items"), 1, "%s", r->body);
    http_free(r);
    r = http_auth(&srv, "GET", path, other, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/waitlist", guest, NULL);
    cr_assert_eq(jint(r, "items.0.id"), entry);
    http_free(r);

    snprintf(path, sizeof(path), "/api/v1/waitlist/%lld", (long long)entry);
    r = http_auth(&srv, "DELETE", path, other, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
    r = http_auth(&srv, "DELETE", path, guest, NULL);
    cr_assert_eq(r->status, 204, "%s", r->body);
    http_free(r);
    r = http_auth(&srv, "DELETE", path, guest, NULL);
    assert_problem(r, 409, "conflict");
    http_free(r);
}

Test(bookings, favorites_are_kept_per_user)
{
    int64_t id = create_event(host, event_body(31, 5, 0, "automatic", NULL));
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/events/%lld/favorite", (long long)id);
    struct http_resp *r = http_auth(&srv, "PUT", path, guest, NULL);
    cr_assert_eq(r->status, 204, "%s", r->body);
    http_free(r);
    http_free(http_auth(&srv, "PUT", path, guest, NULL));
    r = http_auth(&srv, "GET", "/api/v1/me/favorites", guest, NULL);
    cr_assert_eq(jlen(r, "items"), 1, "marked twice, kept once: %s", r->body);
    cr_assert_eq(jint(r, "items.0.id"), id);
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/favorites", other, NULL);
    cr_assert_eq(jlen(r, "items"), 0);
    http_free(r);
    r = http_auth(&srv, "DELETE", path, guest, NULL);
    cr_assert_eq(r->status, 204);
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/favorites", guest, NULL);
    cr_assert_eq(jlen(r, "items"), 0);
    http_free(r);
    r = http_auth(&srv, "PUT", "/api/v1/events/999999/favorite", guest, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
}

Test(bookings, listings_sort_by_price_and_popularity_and_page_in_that_order)
{
    int64_t cheap =
        create_event(host, event_body(40, 5, 100, "automatic", ",\"title\":\"Sorted a\""));
    int64_t dear =
        create_event(host, event_body(41, 5, 900, "automatic", ",\"title\":\"Sorted b\""));
    int64_t mid =
        create_event(host, event_body(42, 5, 500, "automatic", ",\"title\":\"Sorted c\""));

    http_free(book(guest, mid, NULL));
    http_free(book(other, mid, NULL));
    http_free(book(guest, dear, NULL));
    struct http_resp *r = http_do(&srv, "GET", "/api/v1/events?q=sorted&sort=price", NULL, NULL);
    cr_assert_eq(jint(r, "items.0.id"), cheap, "%s", r->body);
    cr_assert_eq(jint(r, "items.1.id"), mid);
    cr_assert_eq(jint(r, "items.2.id"), dear);
    http_free(r);
    /* Popularity is refreshed by the scheduler, every second here. */
    for (int tries = 0; tries < 50; tries++) {
        r = http_do(&srv, "GET", "/api/v1/events?q=sorted&sort=popularity&limit=1", NULL, NULL);
        if (jint(r, "items.0.id") == mid) {
            break;
        }
        http_free(r);
        usleep(100 * 1000);
    }
    cr_assert_eq(jint(r, "items.0.id"), mid, "most seats taken first: %s", r->body);
    struct http_resp *r2 = http_do(&srv, "GET", jstr(r, "next"), NULL, NULL);
    cr_assert_eq(jint(r2, "items.0.id"), dear, "the next page follows the same order: %s",
                 r2->body);
    http_free(r);
    http_free(r2);
    r = http_do(&srv, "GET", "/api/v1/events?sort=loudness", NULL, NULL);
    assert_problem(r, 422, "validation");
    http_free(r);
}

/* Five events, "Tied 0".."Tied 4": seat prices 300, 100, 300 (900 on sale), 300, 200. */
static void
create_tied(int64_t ids[5])
{
    static const char *const prices[] = {"30000", "10000", "90000,\"sale_price\":30000", "30000",
                                         "20000"};

    for (int i = 0; i < 5; i++) {
        char body[1200];
        char extra[96];
        snprintf(extra, sizeof(extra), ",\"title\":\"Tied %d\"", i);
        snprintf(body, sizeof(body), "%s", event_body(60 + i, 5, 1, "automatic", extra));
        char *p = strstr(body, "\"price\":1,");
        cr_assert(p != NULL);
        char rest[1200];
        snprintf(rest, sizeof(rest), "%s", p + strlen("\"price\":1"));
        snprintf(p, sizeof(body) - (size_t)(p - body), "\"price\":%s%s", prices[i], rest);
        ids[i] = create_event(host, body);
    }
}

Test(bookings, paging_a_price_sorted_list_with_ties_gives_every_event_once)
{
    int64_t ids[5];
    int64_t seen[8];
    int count = 0;

    create_tied(ids);
    char *path = strdup("/api/v1/events?q=tied&sort=price&limit=2");
    while (path != NULL && count < 8) {
        struct http_resp *r = http_do(&srv, "GET", path, NULL, NULL);
        cr_assert_eq(r->status, 200, "%s", r->body);
        for (int i = 0; i < (int)jlen(r, "items") && count < 8; i++) {
            char key[32];
            snprintf(key, sizeof(key), "items.%d.id", i);
            seen[count++] = jint(r, key);
        }
        free(path);
        path = jstr(r, "next") ? strdup(jstr(r, "next")) : NULL;
        http_free(r);
    }
    free(path);

    int64_t want[] = {ids[1], ids[4], ids[0], ids[2], ids[3]};
    cr_assert_eq(count, 5, "every event once, and no more: %d", count);
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(seen[i], want[i], "place %d: %lld, not %lld", i, (long long)seen[i],
                     (long long)want[i]);
    }
}

Test(bookings, price_and_date_bounds_start_the_sorted_list_at_the_bound)
{
    int64_t ids[5];
    char path[160], from[32];

    create_tied(ids);
    struct http_resp *r =
        http_do(&srv, "GET", "/api/v1/events?q=tied&sort=price&price_min=20000", NULL, NULL);
    cr_assert_eq(jlen(r, "items"), 4, "%s", r->body);
    cr_assert_eq(jint(r, "items.0.id"), ids[4], "%s", r->body);
    http_free(r);
    clock_rfc3339((time(NULL) / 3600 + 1) * 3600 + 62 * 86400, from, sizeof(from));
    snprintf(path, sizeof(path), "/api/v1/events?q=tied&from=%s", from);
    r = http_do(&srv, "GET", path, NULL, NULL);
    cr_assert_eq(jlen(r, "items"), 3, "%s", r->body);
    cr_assert_eq(jint(r, "items.0.id"), ids[2], "%s", r->body);
    http_free(r);
}

Test(bookings, bad_input_on_every_booking_endpoint_is_a_problem_and_writes_nothing)
{
    int64_t id = create_event(host, event_body(50, 2, 0, "automatic", NULL));
    struct http_resp *b = book(guest, id, NULL);
    char path[96];

    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/bookings/abc/cancel", guest, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
    snprintf(path, sizeof(path), "/api/v1/bookings/%lld/cancel", (long long)jint(b, "id"));
    r = http_auth(&srv, "POST", path, guest, "{\"reason\":\"x\"}");
    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "reason"), "%s", r->body);
    http_free(r);
    r = book(other, id, "{\"seats\":\"two\"}");
    assert_problem(r, 422, "validation");
    http_free(r);
    r = book(other, id, "{\"seats\":");
    assert_problem(r, 400, "malformed");
    http_free(r);
    snprintf(path, sizeof(path), "/api/v1/events/%lld/favorite", (long long)id);
    r = http_auth(&srv, "PUT", path, guest, "{\"on\":true}");
    assert_problem(r, 422, "validation");
    http_free(r);
    snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)id);
    r = http_auth(&srv, "PATCH", path, host, "{\"available\":100,\"title\":\"Changed\"}");
    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "available"), "%s", r->body);
    http_free(r);

    cr_assert_eq(available(id), 1, "one booking, nothing else written");
    r = http_do(&srv, "GET", path, NULL, NULL);
    cr_assert_str_neq(jstr(r, "title"), "Changed");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/favorites", guest, NULL);
    cr_assert_eq(jlen(r, "items"), 0);
    http_free(r);
    snprintf(path, sizeof(path), "/api/v1/bookings/%lld", (long long)jint(b, "id"));
    r = http_auth(&srv, "GET", path, guest, NULL);
    cr_assert_str_eq(jstr(r, "state"), "confirmed");
    http_free(r);
    http_free(b);
}

Test(bookings, bad_waitlist_input_is_422)
{
    int64_t id = create_event(host, event_body(51, 1, 0, "automatic", NULL));
    char path[64];

    http_free(book(other, id, NULL));
    snprintf(path, sizeof(path), "/api/v1/events/%lld/waitlist", (long long)id);
    struct http_resp *r = http_auth(&srv, "POST", path, guest, "{\"seats\":0}");
    assert_problem(r, 422, "validation");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/waitlist", guest, NULL);
    cr_assert_eq(jlen(r, "items"), 0);
    http_free(r);
}
