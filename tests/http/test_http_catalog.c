/* SPDX-License-Identifier: MIT */
/*
 * Seed 004's reference taxonomies over HTTP: speakers, an event's type,
 * level, sector, directions and speakers, and the reference name lists.
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
static char *host;

static void
start(void)
{
    test_server_start(&srv, NULL);
    test_register(&srv, "teacher");
    host = test_login(&srv, "teacher", TEST_PASSWORD, NULL);
}

static void
stop(void)
{
    free(host);
    test_server_destroy(&srv);
}

TestSuite(catalog, .init = start, .fini = stop, .timeout = 90);

static int64_t
speaker(const char *body)
{
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/speakers", host, body);

    cr_assert_eq(r->status, 201, "%s", r->body);
    int64_t id = jint(r, "id");
    http_free(r);
    return id;
}

/* A course `day` days ahead with the taxonomy members given in extra. */
static struct http_resp *
course(int day, const char *extra)
{
    char body[1024], from[32], to[32];
    int64_t t = (time(NULL) / 3600 + 1) * 3600 + (int64_t)day * 86400;

    clock_rfc3339(t, from, sizeof(from));
    clock_rfc3339(t + 3600, to, sizeof(to));
    snprintf(body, sizeof(body),
             "{\"kind\":\"course\",\"title\":\"Geometry %d\",\"capacity\":30,\"city\":\"Kyiv\","
             "\"status\":\"published\",\"sessions\":[{\"starts_at\":\"%s\",\"ends_at\":\"%s\"}]"
             "%s}",
             day, from, to, extra);
    return http_auth(&srv, "POST", "/api/v1/events", host, body);
}

static size_t
count_of(const char *path)
{
    struct http_resp *r = http_do(&srv, "GET", path, NULL, NULL);
    cr_assert_eq(r->status, 200, "%s %s", path, r->body);
    size_t n = jlen(r, "items");
    http_free(r);
    return n;
}

Test(catalog, speakers_are_created_read_by_id_or_slug_and_listed)
{
    int64_t id = speaker("{\"full_name\":\"Mariia Kovalenko\",\"job_title\":\"PhD in "
                         "pedagogy\",\"email\":\"maria@example.com\",\"quote\":\"Education is "
                         "the key\",\"position\":1}");
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/speakers/%lld", (long long)id);
    struct http_resp *r = http_do(&srv, "GET", path, NULL, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "full_name"), "Mariia Kovalenko");
    cr_assert_eq(strncmp(jstr(r, "slug"), "mariia-kovalenko-", 17), 0, "%s", jstr(r, "slug"));
    http_free(r);
    speaker("{\"full_name\":\"Oleh Bondar\",\"slug\":\"oleh\"}");
    r = http_do(&srv, "GET", "/api/v1/speakers/oleh", NULL, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    http_free(r);
    cr_assert_eq(count_of("/api/v1/speakers"), 2);
    cr_assert_eq(count_of("/api/v1/speakers?q=mari"), 1);
}

Test(catalog, bad_speakers_are_refused_and_nothing_is_written)
{
    struct http_resp *r =
        http_auth(&srv, "POST", "/api/v1/speakers", host,
                  "{\"full_name\":\"\",\"email\":\"nope\",\"slug\":\"Bad Slug\"}");
    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "full_name") && problem_has_field(r, "email") &&
              problem_has_field(r, "slug"));
    http_free(r);
    r = http_do(&srv, "POST", "/api/v1/speakers", "{\"full_name\":\"Anon\"}", NULL);
    assert_problem(r, 401, "unauthorized");
    http_free(r);
    speaker("{\"full_name\":\"One\",\"slug\":\"one\"}");
    r = http_auth(&srv, "POST", "/api/v1/speakers", host,
                  "{\"full_name\":\"Two\",\"slug\":\"one\"}");
    assert_problem(r, 409, "conflict");
    http_free(r);
    cr_assert_eq(count_of("/api/v1/speakers"), 1);
    r = http_do(&srv, "GET", "/api/v1/speakers?limit=abc", NULL, NULL);
    assert_problem(r, 422, "validation");
    http_free(r);
    r = http_do(&srv, "GET", "/api/v1/speakers/no-such-speaker", NULL, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
}

Test(catalog, an_event_carries_its_type_level_sector_directions_and_speakers)
{
    int64_t a = speaker("{\"full_name\":\"A Speaker\"}");
    int64_t b = speaker("{\"full_name\":\"B Speaker\"}");
    char extra[256];

    snprintf(extra, sizeof(extra),
             ",\"type\":\"Workshop\",\"level\":\"Beginner\",\"sector\":\"Secondary school\","
             "\"directions\":[\"Mathematics\",\"STEM\"],\"speaker_ids\":[%lld,%lld]",
             (long long)b, (long long)a);
    struct http_resp *r = course(2, extra);
    cr_assert_eq(r->status, 201, "%s", r->body);
    cr_assert_str_eq(jstr(r, "level"), "Beginner");
    cr_assert_str_eq(jstr(r, "directions.1"), "STEM");
    cr_assert_str_eq(jstr(r, "speakers.0.full_name"), "B Speaker", "in the order given");
    int64_t id = jint(r, "id");
    http_free(r);

    char path[64];
    snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)id);
    r = http_auth(&srv, "PATCH", path, host, "{\"directions\":[\"Physics\"],\"level\":null}");
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_eq(jlen(r, "directions"), 1);
    cr_assert(jnull(r, "level"));
    cr_assert_str_eq(jstr(r, "type"), "Workshop", "what was not sent stays");
    cr_assert_eq(jlen(r, "speakers"), 2);
    http_free(r);

    /* A PATCH that names the version it read is refused once someone else saved. */
    r = http_auth(&srv, "PATCH", path, host, "{\"version\":1,\"level\":\"Late\"}");
    assert_problem(r, 409, "conflict");
    http_free(r);
    r = http_auth(&srv, "PATCH", path, host, "{\"version\":2,\"level\":\"Advanced\"}");
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_eq(jint(r, "version"), 3);
    http_free(r);

    r = http_do(&srv, "GET", "/api/v1/taxonomies/direction", NULL, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_eq(jlen(r, "items"), 3, "every name in use: %s", r->body);
    http_free(r);
    cr_assert_eq(count_of("/api/v1/taxonomies/city"), 1);
    cr_assert_eq(count_of("/api/v1/taxonomies/type"), 1);
    r = http_do(&srv, "GET", "/api/v1/taxonomies/planet", NULL, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
}

Test(catalog, an_unknown_time_zone_is_422_on_create_and_on_change)
{
    struct http_resp *r = course(7, ",\"timezone\":\"Mars/Olympus\"");
    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "timezone"), "%s", r->body);
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/events", host, NULL);
    cr_assert_eq(jlen(r, "items"), 0, "nothing written: %s", r->body);
    http_free(r);

    r = course(7, ",\"timezone\":\"America/Sao_Paulo\"");
    cr_assert_eq(r->status, 201, "%s", r->body);
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/events/%lld", (long long)jint(r, "id"));
    http_free(r);
    r = http_auth(&srv, "PATCH", path, host, "{\"timezone\":\"Europe/Atlantis\"}");
    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "timezone"), "%s", r->body);
    http_free(r);
    r = http_do(&srv, "GET", path, NULL, NULL);
    cr_assert_str_eq(jstr(r, "timezone"), "America/Sao_Paulo", "the zone stays");
    http_free(r);
}

Test(catalog, descriptions_are_rich_text_without_scripts)
{
    struct http_resp *r =
        course(6, ",\"description\":\"<p>Bring <b>pencils</b><script>alert(1)"
                  "</script><img src=x onerror=alert(1)></p><a href=\\\"javascript:x\\\">"
                  "link</a>\"");
    cr_assert_eq(r->status, 201, "%s", r->body);
    cr_assert_str_eq(jstr(r, "description"), "<p>Bring <b>pencils</b></p><a>link</a>");
    http_free(r);
}

Test(catalog, a_bad_taxonomy_is_422_and_no_event_is_created)
{
    struct http_resp *r = course(3, ",\"speaker_ids\":[424242]");
    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "speaker_ids"));
    http_free(r);
    r = course(4, ",\"directions\":[\"Math\",\"Math\"],\"level\":\"\"");
    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "directions") && problem_has_field(r, "level"), "%s", r->body);
    http_free(r);
    r = course(5, ",\"speaker_ids\":[\"one\"]");
    assert_problem(r, 422, "validation");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/events", host, NULL);
    cr_assert_eq(jlen(r, "items"), 0, "%s", r->body);
    http_free(r);
}
