/* SPDX-License-Identifier: MIT */
/*
 * Organizers over HTTP: the page (team, FAQ, contacts, branding), personal
 * organizers, staff membership and what it allows on events and bookings,
 * the last owner, the organizer filter and the host's own event list.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/client.h"
#include "lib/clock.h"
#include "lib/server.h"

static struct test_server srv;
static char *owner, *staff, *guest, *stranger;
static int64_t staff_id, guest_id;

static void
start(void)
{
    test_server_start(&srv, NULL);
    test_register(&srv, "owner");
    staff_id = test_register(&srv, "staffer");
    guest_id = test_register(&srv, "guest");
    test_register(&srv, "stranger");
    owner = test_login(&srv, "owner", TEST_PASSWORD, NULL);
    staff = test_login(&srv, "staffer", TEST_PASSWORD, NULL);
    guest = test_login(&srv, "guest", TEST_PASSWORD, NULL);
    stranger = test_login(&srv, "stranger", TEST_PASSWORD, NULL);
}

static void
stop(void)
{
    free(owner);
    free(staff);
    free(guest);
    free(stranger);
    test_server_destroy(&srv);
}

TestSuite(organizers, .init = start, .fini = stop, .timeout = 120);

static const char *club =
    "{\"name\":\"Kino Club Kyiv\",\"slug\":\"kino-club\",\"brand_color\":"
    "\"#1a73e8\",\"email\":\"hi@kino.example\",\"phone\":\"+380 44 000 00 00\","
    "\"website\":\"https://kino.example\",\"description\":\"Films, sofas.\","
    "\"team\":[{\"name\":\"Olha\",\"role\":\"Host\",\"bio\":\"Runs it.\"},"
    "{\"name\":\"Taras\",\"role\":\"Projectionist\"}],"
    "\"faq\":[{\"question\":\"Snacks?\",\"answer\":\"Bring your own.\"}]}";

static int64_t
create(const char *token, const char *body)
{
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/organizers", token, body);

    cr_assert_eq(r->status, 201, "%s", r->body);
    int64_t id = jint(r, "id");
    http_free(r);
    return id;
}

static long
status_of(struct http_resp *r)
{
    long status = r->status;

    http_free(r);
    return status;
}

static long
put_staff(const char *token, int64_t org, int64_t user, const char *role)
{
    char path[96], body[64];

    snprintf(path, sizeof(path), "/api/v1/organizers/%lld/staff/%lld", (long long)org,
             (long long)user);
    snprintf(body, sizeof(body), "{\"role\":\"%s\"}", role);
    return status_of(http_auth(&srv, "PUT", path, token, body));
}

static long
remove_staff(const char *token, int64_t org, int64_t user)
{
    char path[96];

    snprintf(path, sizeof(path), "/api/v1/organizers/%lld/staff/%lld", (long long)org,
             (long long)user);
    return status_of(http_auth(&srv, "DELETE", path, token, NULL));
}

/* A manual-approval screening under org (0: none), `day` days ahead. */
static struct http_resp *
post_event(const char *token, int64_t org, int day, const char *status)
{
    char body[1024], from[32], to[32];
    int64_t t = (time(NULL) / 3600 + 1) * 3600 + (int64_t)day * 86400;

    clock_rfc3339(t, from, sizeof(from));
    clock_rfc3339(t + 7200, to, sizeof(to));
    snprintf(body, sizeof(body),
             "{\"kind\":\"screening\",\"title\":\"Club night %d\",\"movie_title\":\"Dune\","
             "\"capacity\":10,\"approval\":\"manual\",\"status\":\"%s\",\"organizer_id\":%lld,"
             "\"sessions\":[{\"starts_at\":\"%s\",\"ends_at\":\"%s\"}]}",
             day, status, (long long)org, from, to);
    return http_auth(&srv, "POST", "/api/v1/events", token, body);
}

static size_t
count_of(const char *path, const char *token)
{
    struct http_resp *r = http_auth(&srv, "GET", path, token, NULL);
    cr_assert_eq(r->status, 200, "%s %s", path, r->body);
    size_t n = jlen(r, "items");
    http_free(r);
    return n;
}

Test(organizers, create_then_read_the_page_by_id_and_slug)
{
    int64_t id = create(owner, club);
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/organizers/%lld", (long long)id);
    struct http_resp *r = http_do(&srv, "GET", path, NULL, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "slug"), "kino-club");
    cr_assert_str_eq(jstr(r, "brand_color"), "#1a73e8");
    cr_assert_eq(jlen(r, "team"), 2);
    cr_assert_str_eq(jstr(r, "team.1.role"), "Projectionist");
    cr_assert_str_eq(jstr(r, "faq.0.answer"), "Bring your own.");
    cr_assert(jnull(r, "my_role"), "an anonymous reader is nobody's staff");
    http_free(r);

    r = http_auth(&srv, "GET", "/api/v1/organizers/kino-club", owner, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "my_role"), "owner");
    http_free(r);
    cr_assert_eq(count_of("/api/v1/me/organizers", owner), 1);
    cr_assert_eq(count_of("/api/v1/organizers?q=kino", NULL), 1);
    cr_assert_eq(count_of("/api/v1/organizers?q=nothing", NULL), 0);
}

Test(organizers, bad_input_is_422_naming_each_field_and_writes_nothing)
{
    struct http_resp *r = http_auth(
        &srv, "POST", "/api/v1/organizers", owner,
        "{\"name\":\"\",\"slug\":\"Not A Slug\",\"brand_color\":\"blue\",\"email\":\"nope\","
        "\"website\":\"ftp://x\",\"team\":[{\"role\":\"Host\"}],\"faq\":[{\"question\":\"Q\"}]}");

    assert_problem(r, 422, "validation");
    const char *fields[] = {"name", "slug", "brand_color", "email", "website", "team", "faq"};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        cr_assert(problem_has_field(r, fields[i]), "%s missing in %s", fields[i], r->body);
    }
    http_free(r);
    r = http_auth(&srv, "POST", "/api/v1/organizers", owner,
                  "{\"name\":\"X\",\"faq\":[{\"question\":\"Q\",\"answer\":\"A\",\"extra\":1}]}");
    assert_problem(r, 422, "validation");
    http_free(r);
    cr_assert_eq(count_of("/api/v1/organizers", NULL), 0);
    cr_assert_eq(count_of("/api/v1/me/organizers", owner), 0);
}

Test(organizers, bad_list_parameters_and_unknown_organizers_are_clear_4xx)
{
    const char *bad[] = {"/api/v1/organizers?limit=0", "/api/v1/organizers?cursor=x",
                         "/api/v1/me/events?cursor=12", "/api/v1/me/events?limit=abc"};

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct http_resp *r = http_auth(&srv, "GET", bad[i], owner, NULL);
        assert_problem(r, 422, "validation");
        http_free(r);
    }
    struct http_resp *r = http_do(&srv, "GET", "/api/v1/organizers/no-such-club", NULL, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
    r = http_do(&srv, "GET", "/api/v1/me/events", NULL, NULL);
    assert_problem(r, 401, "unauthorized");
    http_free(r);
    cr_assert_eq(remove_staff(owner, 424242, staff_id), 404);
}

Test(organizers, one_personal_organizer_each_and_slugs_are_unique)
{
    create(owner, "{\"name\":\"Owner at home\",\"personal\":true}");
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/organizers", owner,
                                    "{\"name\":\"Owner again\",\"personal\":true}");
    assert_problem(r, 409, "conflict");
    cr_assert(problem_has_field(r, "is_personal"));
    http_free(r);

    create(owner, club);
    r = http_auth(&srv, "POST", "/api/v1/organizers", guest, club);
    assert_problem(r, 409, "conflict");
    cr_assert(problem_has_field(r, "slug"));
    http_free(r);
    cr_assert_eq(count_of("/api/v1/organizers", NULL), 2);
}

Test(organizers, only_owners_change_the_page_and_stale_versions_conflict)
{
    int64_t id = create(owner, club);
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/organizers/%lld", (long long)id);
    cr_assert_eq(put_staff(owner, id, staff_id, "staff"), 200);
    cr_assert_eq(status_of(http_auth(&srv, "PATCH", path, staff, "{\"name\":\"Mine now\"}")), 403);
    cr_assert_eq(status_of(http_auth(&srv, "PATCH", path, stranger, "{\"name\":\"Mine\"}")), 403);

    struct http_resp *r =
        http_auth(&srv, "PATCH", path, owner,
                  "{\"version\":1,\"name\":\"Kino Club\",\"faq\":[{\"question\":\"Parking?\","
                  "\"answer\":\"Yes.\"},{\"question\":\"Pets?\",\"answer\":\"Cats only.\"}]}");
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_eq(jint(r, "version"), 2);
    cr_assert_str_eq(jstr(r, "name"), "Kino Club");
    cr_assert_eq(jlen(r, "team"), 2, "what was not sent stays");
    cr_assert_str_eq(jstr(r, "faq.1.question"), "Pets?");
    http_free(r);

    r = http_auth(&srv, "PATCH", path, owner, "{\"version\":1,\"name\":\"Late\"}");
    assert_problem(r, 409, "conflict");
    http_free(r);
    r = http_auth(&srv, "PATCH", path, owner, "{\"personal\":true}");
    assert_problem(r, 422, "validation");
    http_free(r);
    r = http_do(&srv, "GET", path, NULL, NULL);
    cr_assert_str_eq(jstr(r, "name"), "Kino Club");
    http_free(r);
}

Test(organizers, staff_act_for_the_organizer_and_strangers_do_not)
{
    int64_t org = create(owner, club);
    cr_assert_eq(put_staff(owner, org, staff_id, "staff"), 200);

    /* A stranger cannot publish under it: 403, and no event appears. */
    struct http_resp *r = post_event(stranger, org, 3, "published");
    assert_problem(r, 403, "forbidden");
    http_free(r);
    r = post_event(owner, 99999, 3, "published");
    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "organizer_id"));
    http_free(r);

    /* The owner publishes; staff handle the requests though they did not author it. */
    r = post_event(owner, org, 3, "published");
    cr_assert_eq(r->status, 201, "%s", r->body);
    int64_t ev = jint(r, "id");
    http_free(r);
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)ev);
    r = http_auth(&srv, "POST", path, guest, "{\"seats\":1}");
    cr_assert_eq(r->status, 201, "%s", r->body);
    cr_assert_str_eq(jstr(r, "state"), "requested");
    int64_t booking = jint(r, "id");
    http_free(r);
    cr_assert_eq(count_of(path, staff), 1);
    r = http_auth(&srv, "GET", path, staff, NULL);
    cr_assert_str_eq(jstr(r, "items.0.guest_username"), "guest", "hosts see who booked");
    cr_assert_str_eq(jstr(r, "items.0.event_title"), "Club night 3");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/bookings", guest, NULL);
    cr_assert_str_eq(jstr(r, "items.0.event_title"), "Club night 3", "guests see what they booked");
    cr_assert_null(jstr(r, "items.0.guest_username"));
    http_free(r);
    cr_assert_eq(status_of(http_auth(&srv, "GET", path, stranger, NULL)), 403);
    char act[96];
    snprintf(act, sizeof(act), "/api/v1/bookings/%lld/approve", (long long)booking);
    cr_assert_eq(status_of(http_auth(&srv, "POST", act, stranger, NULL)), 404, "not theirs to see");
    r = http_auth(&srv, "POST", act, staff, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "state"), "confirmed");
    http_free(r);

    /* Staff edit the event; nobody moves it to another organizer. */
    snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)ev);
    cr_assert_eq(status_of(http_auth(&srv, "PATCH", path, staff, "{\"capacity\":12}")), 200);
    cr_assert_eq(status_of(http_auth(&srv, "PATCH", path, stranger, "{\"capacity\":13}")), 403);
    r = http_auth(&srv, "PATCH", path, owner, "{\"organizer_id\":null}");
    cr_assert_eq(r->status, 422, "%s", r->body);
    http_free(r);

    /* Once they leave, the rights go with them. */
    cr_assert_eq(remove_staff(staff, org, staff_id), 204);
    cr_assert_eq(status_of(http_auth(&srv, "PATCH", path, staff, "{\"capacity\":14}")), 403);
}

Test(organizers, only_owners_manage_staff_and_the_last_owner_stays)
{
    int64_t org = create(owner, club);
    int64_t owner_id = 1;

    cr_assert_eq(put_staff(stranger, org, staff_id, "owner"), 403);
    cr_assert_eq(put_staff(owner, org, staff_id, "staff"), 200);
    cr_assert_eq(put_staff(staff, org, guest_id, "staff"), 403, "staff do not hire");
    cr_assert_eq(put_staff(owner, org, 424242, "staff"), 404);
    cr_assert_eq(put_staff(owner, org, guest_id, "boss"), 422);

    char path[96];
    snprintf(path, sizeof(path), "/api/v1/organizers/%lld/staff", (long long)org);
    cr_assert_eq(count_of(path, staff), 2);
    cr_assert_eq(status_of(http_auth(&srv, "GET", path, stranger, NULL)), 403);

    cr_assert_eq(remove_staff(owner, org, owner_id), 409, "the last owner cannot leave");
    cr_assert_eq(put_staff(owner, org, owner_id, "staff"), 409, "nor step down");
    cr_assert_eq(put_staff(owner, org, staff_id, "owner"), 200);
    cr_assert_eq(remove_staff(owner, org, owner_id), 204, "with another owner, they may");
    cr_assert_eq(remove_staff(staff, org, guest_id), 404, "not a member");
    cr_assert_eq(count_of(path, staff), 1);
}

struct demote {
    const char *token;
    int64_t org, user;
    long status;
};

static void *
demote_run(void *arg)
{
    struct demote *d = arg;

    d->status = put_staff(d->token, d->org, d->user, "staff");
    return NULL;
}

Test(organizers, two_owners_demoting_each_other_at_once_leave_one_owner)
{
    int64_t org = create(owner, club);
    cr_assert_eq(put_staff(owner, org, staff_id, "owner"), 200);

    struct demote a = {owner, org, staff_id, 0}, b = {staff, org, 1, 0};
    pthread_t ta, tb;
    pthread_create(&ta, NULL, demote_run, &a);
    pthread_create(&tb, NULL, demote_run, &b);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    cr_assert((a.status == 200) != (b.status == 200), "one wins: %ld %ld", a.status, b.status);
    cr_assert(a.status == 409 || b.status == 409 || a.status == 403 || b.status == 403,
              "the loser is refused: %ld %ld", a.status, b.status);

    char path[96];
    snprintf(path, sizeof(path), "/api/v1/organizers/%lld/staff", (long long)org);
    struct http_resp *r = http_auth(&srv, "GET", path, owner, NULL);
    int owners = 0;
    for (size_t i = 0; i < jlen(r, "items"); i++) {
        char key[32];
        snprintf(key, sizeof(key), "items.%zu.role", i);
        owners += strcmp(jstr(r, key), "owner") == 0;
    }
    cr_assert_eq(owners, 1);
    http_free(r);
}

Test(organizers, the_filter_and_the_hosts_list_show_the_organizers_events)
{
    int64_t org = create(owner, club);
    cr_assert_eq(put_staff(owner, org, staff_id, "staff"), 200);
    http_free(post_event(owner, org, 4, "published"));
    http_free(post_event(owner, org, 5, "draft"));
    http_free(post_event(owner, 0, 6, "published"));
    http_free(post_event(guest, 0, 7, "published"));

    cr_assert_eq(count_of("/api/v1/events?organizer=kino-club", NULL), 1, "drafts stay hidden");
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/events?organizer=%lld", (long long)org);
    cr_assert_eq(count_of(path, NULL), 1);
    struct http_resp *r = http_do(&srv, "GET", "/api/v1/events?organizer=no-such-club", NULL, NULL);
    assert_problem(r, 422, "validation");
    http_free(r);

    cr_assert_eq(count_of("/api/v1/me/events", owner), 3, "own and the organizer's, drafts too");
    cr_assert_eq(count_of("/api/v1/me/events", staff), 2, "the organizer's");
    cr_assert_eq(count_of("/api/v1/me/events", stranger), 0);
    r = http_auth(&srv, "GET", "/api/v1/me/events?limit=2", owner, NULL);
    cr_assert_eq(jlen(r, "items"), 2);
    const char *next = jstr(r, "next");
    cr_assert_not_null(next);
    char *again = strdup(next);
    http_free(r);
    cr_assert_eq(count_of(again, owner), 1, "the cursor continues where the page ended");
    free(again);
}
