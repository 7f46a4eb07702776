/* SPDX-License-Identifier: MIT */
/*
 * The caller's own account: profile, password, personal API tokens.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/client.h"
#include "lib/server.h"

static struct test_server srv;
static char *tok;

static void
start(void)
{
    test_server_start(&srv, NULL);
    test_register(&srv, "sofia");
    tok = test_login(&srv, "sofia", TEST_PASSWORD, NULL);
}

static void
stop(void)
{
    free(tok);
    test_server_destroy(&srv);
}

TestSuite(me, .init = start, .fini = stop, .timeout = 60);

static struct http_resp *
me(const char *method, const char *token, const char *body)
{
    return http_auth(&srv, method, "/api/v1/me", token, body);
}

Test(me, needs_a_bearer_token)
{
    struct http_resp *r = me("GET", NULL, NULL);

    assert_problem(r, 401, "unauthorized");
    cr_assert(strstr(http_header(r, "WWW-Authenticate"), "Bearer") != NULL);
    http_free(r);
}

Test(me, patch_updates_the_profile_and_its_completion)
{
    struct http_resp *before = me("GET", tok, NULL);
    struct http_resp *r = me("PATCH", tok,
                             "{\"first_name\":\"Софія\",\"last_name\":\"Коваль\","
                             "\"phone\":\"+380501234567\",\"has_children\":true,"
                             "\"plans_renovation\":true,\"renovation_when\":\"soon\","
                             "\"renovation_rooms\":[\"kitchen\",\"nursery\"],"
                             "\"newsletter\":true,\"language\":\"en\"}");

    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "first_name"), "Софія");
    cr_assert_str_eq(jstr(r, "profile.renovation_when"), "soon");
    cr_assert_eq(jlen(r, "profile.renovation_rooms"), 2);
    cr_assert_str_eq(jstr(r, "profile.renovation_rooms.1"), "nursery");
    cr_assert(jbool(r, "profile.has_children"));
    cr_assert(jint(r, "profile_completion") > jint(before, "profile_completion"));
    http_free(r);
    r = me("GET", tok, NULL);
    cr_assert_str_eq(jstr(r, "profile.language"), "en");
    cr_assert_str_eq(jstr(r, "profile.phone"), "+380501234567");
    http_free(r);
    http_free(before);
}

Test(me, null_clears_optional_answers)
{
    http_free(me("PATCH", tok, "{\"phone\":\"+380501234567\",\"has_children\":false}"));
    struct http_resp *r = me("PATCH", tok, "{\"phone\":null,\"has_children\":null}");

    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert(jnull(r, "profile.phone"));
    cr_assert(jnull(r, "profile.has_children"));
    http_free(r);
}

Test(me, read_only_and_bad_fields_are_422_and_nothing_is_written)
{
    struct http_resp *before = me("GET", tok, NULL);
    struct http_resp *r = me("PATCH", tok,
                             "{\"first_name\":\"Changed\",\"email\":\"x@example.org\","
                             "\"is_telegram_verified\":true,\"has_children\":\"yes\","
                             "\"renovation_rooms\":[\"kitchen\",\"kitchen\"],"
                             "\"renovation_when\":\"someday\"}");

    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "email") && problem_has_field(r, "is_telegram_verified") &&
                  problem_has_field(r, "has_children") &&
                  problem_has_field(r, "renovation_rooms") &&
                  problem_has_field(r, "renovation_when"),
              "%s", r->body);
    struct http_resp *after = me("GET", tok, NULL);
    cr_assert_str_eq(before->body, after->body);
    http_free(r);
    http_free(before);
    http_free(after);
}

Test(me, changing_the_password_needs_the_current_one)
{
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/me/password", tok,
                                    "{\"current_password\":\"not-it-at-all\","
                                    "\"new_password\":\"another-long-pw\"}");

    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "current_password"));
    http_free(r);
    r = http_auth(&srv, "POST", "/api/v1/me/password", tok,
                  "{\"current_password\":\"" TEST_PASSWORD "\","
                  "\"new_password\":\"another-long-pw\"}");
    cr_assert_eq(r->status, 204, "%s", r->body);
    http_free(r);
    r = me("GET", tok, NULL);
    cr_assert_eq(r->status, 401, "sessions end with a password change");
    http_free(r);
    free(test_login(&srv, "sofia", "another-long-pw", NULL));
}

static struct http_resp *
create_token(const char *body)
{
    return http_auth(&srv, "POST", "/api/v1/me/tokens", tok, body);
}

Test(me, a_personal_token_works_within_its_scopes)
{
    struct http_resp *t = create_token(
        "{\"name\":\"CRM sync\",\"scopes\":[\"profile:read\"],\"expires_in_days\":30}");

    cr_assert_eq(t->status, 201, "%s", t->body);
    const char *secret = jstr(t, "token");
    cr_assert(strncmp(secret, "bo_pat_", 7) == 0);
    cr_assert(strncmp(secret, jstr(t, "prefix"), strlen(jstr(t, "prefix"))) == 0);

    struct http_resp *r = me("GET", secret, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    http_free(r);
    r = me("PATCH", secret, "{\"newsletter\":true}");
    assert_problem(r, 403, "forbidden");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/tokens", secret, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);

    r = http_auth(&srv, "GET", "/api/v1/me/tokens", tok, NULL);
    cr_assert_eq(jlen(r, "items"), 1);
    cr_assert(strstr(r->body, secret) == NULL, "a listing never shows the secret");
    http_free(r);
    http_free(t);
}

Test(me, a_revoked_token_stops_working)
{
    struct http_resp *t = create_token("{\"name\":\"n\",\"scopes\":[\"profile:read\"]}");
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/me/tokens/%lld", (long long)jint(t, "id"));
    struct http_resp *r = http_auth(&srv, "DELETE", path, tok, NULL);
    cr_assert_eq(r->status, 204, "%s", r->body);
    http_free(r);
    r = me("GET", jstr(t, "token"), NULL);
    assert_problem(r, 401, "unauthorized");
    http_free(r);
    r = http_auth(&srv, "DELETE", path, tok, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
    http_free(t);
}

Test(me, nobody_revokes_another_users_token)
{
    struct http_resp *t = create_token("{\"name\":\"n\",\"scopes\":[\"profile:read\"]}");
    char path[64];

    test_register(&srv, "intruder");
    char *other = test_login(&srv, "intruder", TEST_PASSWORD, NULL);
    snprintf(path, sizeof(path), "/api/v1/me/tokens/%lld", (long long)jint(t, "id"));
    struct http_resp *r = http_auth(&srv, "DELETE", path, other, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
    r = me("GET", jstr(t, "token"), NULL);
    cr_assert_eq(r->status, 200);
    http_free(r);
    http_free(t);
    free(other);
}

Test(me, bad_token_requests_are_422)
{
    struct http_resp *r = create_token("{\"name\":\"\",\"scopes\":[],\"expires_in_days\":0}");

    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "expires_in_days"), "%s", r->body);
    http_free(r);
    r = create_token("{\"name\":\"x\",\"scopes\":[\"admin\"]}");
    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "scopes"), "%s", r->body);
    http_free(r);
    r = create_token("{\"name\":\"x\",\"scopes\":[\"root\"]}");
    assert_problem(r, 422, "validation");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/tokens", tok, NULL);
    cr_assert_eq(jlen(r, "items"), 0, "nothing was written: %s", r->body);
    http_free(r);
}
