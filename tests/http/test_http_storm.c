/* SPDX-License-Identifier: MIT */
/*
 * Storms that try to break invariant 1 (held + confirmed <= capacity) over
 * HTTP: thousands of distinct users at once, one or two server processes,
 * the last seat approved twice, cancel racing book. After each storm the
 * database itself is checked. A negative control runs the same storm with
 * the guard switched off and shows the check notices the oversell.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
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
#include "lib/testdb.h"
#include "store/store.h"

#define USERS 2000
#define SEATS 100
#define THREADS 64

static struct test_server srv;
static char *host;
static char **tokens;

/* Load-test users with API tokens, made by `boxoffice demo --load-users`. */
static void
load_users(const char *db_url, int n)
{
    char file[] = "/tmp/boxoffice-tokens-XXXXXX";
    char count[16], out[4096], line[128];
    int fd = mkstemp(file);

    cr_assert(fd >= 0);
    close(fd);
    snprintf(count, sizeof(count), "%d", n);
    const char *args[] = {
        "demo",          "--db", db_url, "--demo-events", "0", "--load-users", count,
        "--load-tokens", file,   NULL};
    cr_assert_eq(test_run_binary(args, out, sizeof(out)), 0, "%s", out);
    FILE *f = fopen(file, "r");
    tokens = calloc((size_t)n, sizeof(*tokens));
    for (int i = 0; i < n && fgets(line, sizeof(line), f) != NULL; i++) {
        line[strcspn(line, "\n")] = '\0';
        tokens[i] = strdup(line);
    }
    fclose(f);
    unlink(file);
}

static void
start_with(const char *const *extra)
{
    test_server_start(&srv, extra);
    test_register(&srv, "host");
    host = test_login(&srv, "host", TEST_PASSWORD, NULL);
    load_users(srv.db_url, USERS);
}

static void
start(void)
{
    start_with(NULL);
}

static void
stop(void)
{
    for (int i = 0; tokens != NULL && i < USERS; i++) {
        free(tokens[i]);
    }
    free(tokens);
    free(host);
    test_server_destroy(&srv);
}

TestSuite(storm, .init = start, .fini = stop, .timeout = 300);

static int64_t
create_event(int day, int capacity, const char *approval)
{
    char body[1024], from[32], to[32];
    int64_t t = (time(NULL) / 3600 + 1) * 3600 + (int64_t)day * 86400;

    clock_rfc3339(t, from, sizeof(from));
    clock_rfc3339(t + 3600, to, sizeof(to));
    snprintf(body, sizeof(body),
             "{\"kind\":\"event\",\"title\":\"Storm %d\",\"capacity\":%d,\"approval\":\"%s\","
             "\"status\":\"published\",\"sessions\":[{\"starts_at\":\"%s\",\"ends_at\":\"%s\"}]}",
             day, capacity, approval, from, to);
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/events", host, body);
    cr_assert_eq(r->status, 201, "%s", r->body);
    int64_t id = jint(r, "id");
    http_free(r);
    return id;
}

struct storm {
    const struct test_server *servers[2];
    int server_count;
    int64_t event_id;
    atomic_int next;
    atomic_int created, sold_out, other;
};

static void *
storm_worker(void *arg)
{
    struct storm *st = arg;
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)st->event_id);
    for (int i = atomic_fetch_add(&st->next, 1); i < USERS; i = atomic_fetch_add(&st->next, 1)) {
        const struct test_server *s = st->servers[i % st->server_count];
        struct http_resp *r = http_auth(s, "POST", path, tokens[i], NULL);
        if (r->status == 201) {
            atomic_fetch_add(&st->created, 1);
        } else if (r->status == 409 && strstr(r->body, "/problems/sold-out") != NULL) {
            atomic_fetch_add(&st->sold_out, 1);
        } else {
            atomic_fetch_add(&st->other, 1);
            fprintf(stderr, "storm: %ld %s\n", r->status, r->body);
        }
        http_free(r);
    }
    return NULL;
}

static void
run_storm(struct storm *st)
{
    pthread_t t[THREADS];

    for (int i = 0; i < THREADS; i++) {
        pthread_create(&t[i], NULL, storm_worker, st);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
    }
}

/* From the database: the seats booking rows hold, and the counter, must agree. */
static int
seats_held(int64_t event_id, int *counter)
{
    struct store *s = NULL;
    struct arena *a = arena_create(4096);
    struct event e;
    int held = -1;

    cr_assert_eq(store_open(srv.db_url, &s), BO_OK);
    cr_assert_eq(store_event_get(s, a, event_id, &e), BO_OK);
    cr_assert_eq(store_event_seats_held(s, event_id, &held), BO_OK);
    *counter = e.capacity - e.available;
    store_close(s);
    arena_destroy(a);
    return held;
}

static void
assert_exactly_full(const struct storm *st)
{
    int counter = 0;
    int held = seats_held(st->event_id, &counter);

    cr_assert_eq(st->created, SEATS, "%d bookings for %d seats", st->created, SEATS);
    cr_assert_eq(st->sold_out, USERS - SEATS);
    cr_assert_eq(st->other, 0);
    cr_assert_eq(held, SEATS, "rows hold %d seats", held);
    cr_assert_eq(counter, SEATS, "the counter says %d", counter);
}

Test(storm, two_thousand_users_for_a_hundred_seats_get_exactly_a_hundred)
{
    struct storm st = {.servers = {&srv}, .server_count = 1};

    st.event_id = create_event(1, SEATS, "automatic");
    run_storm(&st);
    assert_exactly_full(&st);
}

Test(storm, two_server_processes_on_one_database_do_not_oversell)
{
    struct test_server second;
    struct storm st = {.servers = {&srv, &second}, .server_count = 2};

    test_server_attach(&second, &srv, NULL);
    st.event_id = create_event(2, SEATS, "automatic");
    run_storm(&st);
    test_server_destroy(&second);
    assert_exactly_full(&st);
}

struct approval_race {
    const char *token;
    int64_t booking_id;
    long status;
};

static void *
approve(void *arg)
{
    struct approval_race *a = arg;
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/bookings/%lld/approve", (long long)a->booking_id);
    struct http_resp *r = http_auth(&srv, "POST", path, a->token, NULL);
    a->status = r->status;
    http_free(r);
    return NULL;
}

static int64_t
request_seat(int64_t event_id, const char *token)
{
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)event_id);
    struct http_resp *r = http_auth(&srv, "POST", path, token, NULL);
    cr_assert_eq(r->status, 201, "%s", r->body);
    int64_t id = jint(r, "id");
    http_free(r);
    return id;
}

Test(storm, the_last_seat_approved_twice_at_once_goes_to_one)
{
    for (int round = 0; round < 10; round++) {
        int64_t event_id = create_event(10 + round, 1, "manual");
        struct approval_race a[2] = {{host, request_seat(event_id, tokens[2 * round]), 0},
                                     {host, request_seat(event_id, tokens[2 * round + 1]), 0}};
        pthread_t t[2];
        int counter = 0;

        pthread_create(&t[0], NULL, approve, &a[0]);
        pthread_create(&t[1], NULL, approve, &a[1]);
        pthread_join(t[0], NULL);
        pthread_join(t[1], NULL);
        cr_assert((a[0].status == 200) != (a[1].status == 200), "round %d: %ld and %ld", round,
                  a[0].status, a[1].status);
        cr_assert_eq(seats_held(event_id, &counter), 1);
        cr_assert_eq(counter, 1);
    }
}

struct churn {
    int64_t event_id;
    int first, count; /* the tokens this worker books and cancels with */
};

/* Book, and cancel at once when it worked: seats churn while others try to take them. */
static void *
churn(void *arg)
{
    struct churn *c = arg;
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)c->event_id);
    for (int i = c->first; i < c->first + c->count; i++) {
        struct http_resp *r = http_auth(&srv, "POST", path, tokens[i], NULL);
        if (r->status == 201) {
            char cancel[64];
            snprintf(cancel, sizeof(cancel), "/api/v1/bookings/%lld/cancel",
                     (long long)jint(r, "id"));
            http_free(http_auth(&srv, "POST", cancel, tokens[i], NULL));
        }
        cr_assert(r->status == 201 || r->status == 409, "%ld %s", r->status, r->body);
        http_free(r);
    }
    return NULL;
}

Test(storm, cancel_racing_book_keeps_the_counter_equal_to_the_rows)
{
    int64_t event_id = create_event(30, 5, "automatic");
    struct churn work[16];
    pthread_t t[16];
    int counter = 0;

    for (int i = 0; i < 16; i++) {
        work[i] = (struct churn){event_id, 100 + i * 40, 40};
        pthread_create(&t[i], NULL, churn, &work[i]);
    }
    for (int i = 0; i < 16; i++) {
        pthread_join(t[i], NULL);
    }
    int held = seats_held(event_id, &counter);
    cr_assert_eq(held, counter, "rows %d, counter %d", held, counter);
    cr_assert_leq(held, 5);
}

static void
start_unguarded(void)
{
    const char *args[] = {"--unsafe-no-seat-guard", NULL};

    start_with(args);
}

TestSuite(storm_negative_control, .init = start_unguarded, .fini = stop, .timeout = 300);

Test(storm_negative_control, without_the_guard_the_storm_oversells_and_the_check_sees_it)
{
    struct storm st = {.servers = {&srv}, .server_count = 1};
    int counter = 0;

    st.event_id = create_event(1, SEATS, "automatic");
    run_storm(&st);
    int held = seats_held(st.event_id, &counter);
    cr_assert_gt(held, SEATS, "with no guard %d seats were taken: the storm must oversell", held);
    cr_assert_neq(st.created, SEATS, "assert_exactly_full would have failed here");
}

/* --- bookings wait parked, not on a thread ------------------------------------ */

static void
start_one_worker(void)
{
    const char *args[] = {"--workers", "1", "--hash-concurrency", "1", NULL};

    start_with(args);
}

/* A counter or gauge from /metrics text. */
static long long
metric(const struct http_resp *r, const char *name)
{
    char key[96];

    snprintf(key, sizeof(key), "\n%s ", name);
    const char *p = strstr(r->body, key);
    cr_assert_not_null(p, "no %s in /metrics", name);
    return atoll(p + strlen(key));
}

TestSuite(storm_one_worker, .init = start_one_worker, .fini = stop, .timeout = 300);

/*
 * With one request worker, a booking that waited for its commit on that
 * thread would leave the writer one job at a time. Parked instead, the
 * worker goes on to the next request, and many wait for one commit.
 */
Test(storm_one_worker, bookings_wait_for_their_commit_parked_not_on_the_worker)
{
    struct storm st = {.servers = {&srv}, .server_count = 1};

    st.event_id = create_event(1, USERS, "automatic");
    run_storm(&st);
    cr_assert_eq(st.created, USERS, "%d of %d booked", st.created, USERS);
    struct http_resp *r = http_do(&srv, "GET", "/metrics", NULL, NULL);
    long long jobs = metric(r, "boxoffice_writer_jobs_total");
    long long syncs = metric(r, "boxoffice_writer_syncs_total");
    long long waiting = metric(r, "boxoffice_writer_waiting_max");
    http_free(r);
    cr_assert_geq(jobs, USERS);
    cr_assert_gt(waiting, 1, "at most %lld waited at once: they waited on the worker", waiting);
    cr_assert_lt(syncs, jobs, "%lld syncs for %lld jobs: no commit was shared", syncs, jobs);
}

/*
 * On SQLite a booking is prepared on the HTTP thread and parked there until
 * its commit: no request worker takes it (docs/internals/write-path.md). On
 * PostgreSQL, where reading the token is a round trip, a worker does.
 */
Test(storm_one_worker, bookings_on_sqlite_are_not_handed_to_a_worker)
{
    int64_t event_id = create_event(3, 40, "automatic");
    char path[64];
    int writes = 0;

    struct http_resp *m = http_do(&srv, "GET", "/metrics", NULL, NULL);
    long long before = metric(m, "boxoffice_http_parked_total{pool=\"write\"}");
    http_free(m);
    snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)event_id);
    for (int i = 0; i < 30; i++) {
        struct http_resp *r = http_auth(&srv, "POST", path, tokens[200 + i], NULL);
        cr_assert_eq(r->status, 201, "%s", r->body);
        writes++;
        char cancel[64];
        snprintf(cancel, sizeof(cancel), "/api/v1/bookings/%lld/cancel", (long long)jint(r, "id"));
        http_free(r);
        if (i % 3 == 0) {
            r = http_auth(&srv, "POST", cancel, tokens[200 + i], NULL);
            cr_assert_eq(r->status, 200, "%s", r->body);
            http_free(r);
            writes++;
        }
    }
    m = http_do(&srv, "GET", "/metrics", NULL, NULL);
    long long after = metric(m, "boxoffice_http_parked_total{pool=\"write\"}");
    http_free(m);
    bool in_process = strcmp(testdb_backend(), "sqlite") == 0;
    cr_assert_eq(after - before, in_process ? 0 : writes,
                 "%lld of %d bookings and cancels went to the write worker", after - before,
                 writes);
}

#define SIGN_INS 8

static atomic_int signed_in;

static void *
sign_in(void *arg)
{
    (void)arg;
    free(test_login(&srv, "host", TEST_PASSWORD, NULL));
    atomic_fetch_add(&signed_in, 1);
    return NULL;
}

/*
 * Sign-ins spend tens of milliseconds each in argon2, one at a time here:
 * on a pool of their own, they leave the one write worker free for a booking.
 */
Test(storm_one_worker, a_burst_of_sign_ins_does_not_hold_up_a_booking)
{
    int64_t event_id = create_event(2, 10, "automatic");
    char path[64];
    pthread_t t[SIGN_INS];

    for (int i = 0; i < SIGN_INS; i++) {
        pthread_create(&t[i], NULL, sign_in, NULL);
    }
    usleep(20 * 1000); /* let them all arrive */
    snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)event_id);
    struct http_resp *r = http_auth(&srv, "POST", path, tokens[0], NULL);
    int done = atomic_load(&signed_in);
    cr_assert_eq(r->status, 201, "%s", r->body);
    http_free(r);
    for (int i = 0; i < SIGN_INS; i++) {
        pthread_join(t[i], NULL);
    }
    cr_assert_lt(done, SIGN_INS, "the booking waited for all %d sign-ins", SIGN_INS);
}

/* --- kill -9 in the middle of a storm ------------------------------------------ */

struct crash {
    int64_t event_id;
    atomic_int next;
    atomic_int acked;
    int64_t ids[USERS];
    int owner[USERS]; /* token index of each acknowledged booking */
};

static void *
crash_worker(void *arg)
{
    struct crash *st = arg;
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)st->event_id);
    for (int i = atomic_fetch_add(&st->next, 1); i < USERS; i = atomic_fetch_add(&st->next, 1)) {
        struct http_resp *r = http_try(&srv, "POST", path, tokens[i], NULL);
        if (r != NULL && r->status == 201) {
            int k = atomic_fetch_add(&st->acked, 1);
            st->ids[k] = jint(r, "id");
            st->owner[k] = i;
        }
        http_free(r);
    }
    return NULL;
}

Test(storm, every_booking_acknowledged_before_a_kill_9_survives_it)
{
    static struct crash st;
    pthread_t t[THREADS];

    st.event_id = create_event(40, USERS, "automatic");
    for (int i = 0; i < THREADS; i++) {
        pthread_create(&t[i], NULL, crash_worker, &st);
    }
    while (atomic_load(&st.acked) < 300) {
        usleep(1000);
    }
    test_server_kill(&srv);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
    }
    int acked = atomic_load(&st.acked);
    test_server_restart(&srv, NULL);
    for (int k = 0; k < acked; k++) {
        char path[64];
        snprintf(path, sizeof(path), "/api/v1/bookings/%lld", (long long)st.ids[k]);
        struct http_resp *r = http_auth(&srv, "GET", path, tokens[st.owner[k]], NULL);
        cr_assert_eq(r->status, 200, "acknowledged booking %lld is gone after the crash",
                     (long long)st.ids[k]);
        cr_assert_str_eq(jstr(r, "state"), "confirmed");
        http_free(r);
    }
    int counter = 0;
    int held = seats_held(st.event_id, &counter);
    cr_assert_eq(held, counter, "rows %d, counter %d after the crash", held, counter);
    cr_assert_geq(held, acked, "%d acknowledged, %d on disk", acked, held);
}
