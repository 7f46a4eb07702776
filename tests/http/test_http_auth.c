/* SPDX-License-Identifier: MIT */
/*
 * Registration, sign-in, token rotation and reuse detection, sign-out,
 * recovery codes, throttling, forged and expired tokens, races.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/client.h"
#include "lib/server.h"
#include "lib/token.h"

/* Known to the test so it can sign tokens the way the server does. */
#define SECRET "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTAxMjM"

static struct test_server srv;

static void
start(void)
{
    const char *args[] = {"--secret-key", SECRET, NULL};

    token_init();
    test_server_start(&srv, args);
}

static void
stop(void)
{
    test_server_destroy(&srv);
}

TestSuite(auth, .init = start, .fini = stop, .timeout = 90);

static struct http_resp *
post(const char *path, const char *body)
{
    return http_do(&srv, "POST", path, body, NULL);
}

static struct http_resp *
login(const char *who, const char *password)
{
    char body[256];

    snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\"}", who, password);
    return post("/api/v1/auth/login", body);
}

static long
me_status(const char *token)
{
    struct http_resp *r = http_auth(&srv, "GET", "/api/v1/me", token, NULL);
    long status = r->status;

    http_free(r);
    return status;
}

Test(auth, register_creates_user_and_profile_in_one_step)
{
    struct http_resp *r =
        post("/api/v1/auth/register", "{\"username\":\"olga\",\"email\":\"Olga@Example.org\","
                                      "\"password\":\"long-enough-pw\",\"first_name\":\"Ольга\","
                                      "\"phone\":\"+380 44 123-45-67\",\"language\":\"uk\","
                                      "\"consent_personal_data\":true,\"newsletter\":true}");

    cr_assert_eq(r->status, 201, "%s", r->body);
    cr_assert_str_eq(http_header(r, "Location"), "/api/v1/me");
    cr_assert_str_eq(jstr(r, "email"), "olga@example.org");
    cr_assert_str_eq(jstr(r, "role"), "member");
    cr_assert_str_eq(jstr(r, "profile.phone"), "+380 44 123-45-67");
    cr_assert_str_eq(jstr(r, "profile.language"), "uk");
    cr_assert(jbool(r, "profile.newsletter"));
    cr_assert(jbool(r, "profile.consent_personal_data"));
    cr_assert_eq(jlen(r, "profile.renovation_rooms"), 0);
    cr_assert(jint(r, "profile_completion") > 0 && jint(r, "profile_completion") < 100);
    http_free(r);
    char *tok = test_login(&srv, "OLGA", "long-enough-pw", NULL);
    cr_assert_eq(me_status(tok), 200);
    free(tok);
}

Test(auth, duplicate_username_in_any_case_is_409_and_writes_nothing)
{
    test_register(&srv, "petro");
    struct http_resp *r = post("/api/v1/auth/register",
                               "{\"username\":\"PETRO\",\"email\":\"other@example.org\","
                               "\"password\":\"long-enough-pw\",\"consent_personal_data\":true}");

    assert_problem(r, 409, "conflict");
    cr_assert(problem_has_field(r, "username"), "%s", r->body);
    http_free(r);
    r = login("other@example.org", "long-enough-pw");
    assert_problem(r, 401, "unauthorized");
    http_free(r);
}

Test(auth, duplicate_email_is_409)
{
    test_register(&srv, "maria");
    struct http_resp *r = post("/api/v1/auth/register",
                               "{\"username\":\"maria2\",\"email\":\"MARIA@example.org\","
                               "\"password\":\"long-enough-pw\",\"consent_personal_data\":true}");

    assert_problem(r, 409, "conflict");
    cr_assert(problem_has_field(r, "email"), "%s", r->body);
    http_free(r);
}

Test(auth, weak_passwords_are_422)
{
    static const char *const bodies[] = {
        "{\"username\":\"ivan\",\"email\":\"i@example.org\",\"password\":\"short\","
        "\"consent_personal_data\":true}",
        "{\"username\":\"ivanko\",\"email\":\"i@example.org\",\"password\":\"my-ivanko-pass\","
        "\"consent_personal_data\":true}",
    };

    for (size_t i = 0; i < 2; i++) {
        struct http_resp *r = post("/api/v1/auth/register", bodies[i]);
        assert_problem(r, 422, "validation");
        cr_assert(problem_has_field(r, "password"), "%s", r->body);
        http_free(r);
    }
}

Test(auth, missing_consent_is_422_and_writes_nothing)
{
    struct http_resp *r = post("/api/v1/auth/register",
                               "{\"username\":\"nastya\",\"email\":\"n@example.org\","
                               "\"password\":\"long-enough-pw\",\"consent_personal_data\":false}");

    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "consent_personal_data"));
    http_free(r);
    r = login("nastya", "long-enough-pw");
    cr_assert_eq(r->status, 401);
    http_free(r);
}

Test(auth, every_bad_registration_field_is_reported_at_once)
{
    struct http_resp *r = post("/api/v1/auth/register",
                               "{\"username\":\"x\",\"email\":\"not-an-email\",\"password\":\"a\","
                               "\"phone\":\"12\",\"language\":\"de\","
                               "\"consent_personal_data\":true}");

    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "username") && problem_has_field(r, "email") &&
                  problem_has_field(r, "password") && problem_has_field(r, "phone") &&
                  problem_has_field(r, "language"),
              "%s", r->body);
    http_free(r);
}

Test(auth, wrong_password_and_unknown_user_get_the_same_answer)
{
    test_register(&srv, "dmytro");
    struct http_resp *a = login("dmytro", "wrong-password-1");
    struct http_resp *b = login("nobody-at-all", "wrong-password-1");

    assert_problem(a, 401, "unauthorized");
    assert_problem(b, 401, "unauthorized");
    cr_assert_str_eq(jstr(a, "detail"), jstr(b, "detail"));
    cr_assert(http_header(a, "WWW-Authenticate") != NULL);
    http_free(a);
    http_free(b);
}

Test(auth, repeated_failures_are_throttled_with_retry_after)
{
    test_register(&srv, "bohdan");
    for (int i = 0; i < 5; i++) {
        http_free(login("bohdan", "wrong-password-1"));
    }
    struct http_resp *r = login("bohdan", TEST_PASSWORD);

    assert_problem(r, 429, "rate-limited");
    cr_assert(atoi(http_header(r, "Retry-After")) > 0);
    http_free(r);
}

Test(auth, refresh_rotates_and_the_old_token_stops_working)
{
    char *refresh = NULL, body[256];

    test_register(&srv, "kateryna");
    free(test_login(&srv, "kateryna", TEST_PASSWORD, &refresh));
    snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}", refresh);
    struct http_resp *r = post("/api/v1/auth/refresh", body);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_neq(jstr(r, "refresh_token"), refresh);
    cr_assert_eq(me_status(jstr(r, "access_token")), 200);
    http_free(r);
    free(refresh);
}

Test(auth, reusing_a_rotated_refresh_token_ends_the_whole_family)
{
    char *refresh = NULL, body[256], body2[256];

    test_register(&srv, "yurii");
    free(test_login(&srv, "yurii", TEST_PASSWORD, &refresh));
    snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}", refresh);
    struct http_resp *first = post("/api/v1/auth/refresh", body);
    cr_assert_eq(first->status, 200);

    struct http_resp *replay = post("/api/v1/auth/refresh", body);
    assert_problem(replay, 401, "unauthorized");

    snprintf(body2, sizeof(body2), "{\"refresh_token\":\"%s\"}", jstr(first, "refresh_token"));
    struct http_resp *after = post("/api/v1/auth/refresh", body2);
    assert_problem(after, 401, "unauthorized");
    cr_assert_eq(me_status(jstr(first, "access_token")), 401);
    http_free(first);
    http_free(replay);
    http_free(after);
    free(refresh);
}

Test(auth, logout_ends_only_the_current_session)
{
    test_register(&srv, "oksana");
    char *a = test_login(&srv, "oksana", TEST_PASSWORD, NULL);
    char *b = test_login(&srv, "oksana", TEST_PASSWORD, NULL);
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/auth/logout", a, NULL);

    cr_assert_eq(r->status, 204, "%s", r->body);
    cr_assert_eq(me_status(a), 401);
    cr_assert_eq(me_status(b), 200);
    http_free(r);
    free(a);
    free(b);
}

Test(auth, logout_all_ends_every_session)
{
    test_register(&srv, "andrii");
    char *a = test_login(&srv, "andrii", TEST_PASSWORD, NULL);
    char *b = test_login(&srv, "andrii", TEST_PASSWORD, NULL);
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/auth/logout-all", a, NULL);

    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_eq(jint(r, "revoked_sessions"), 2);
    cr_assert_eq(me_status(a), 401);
    cr_assert_eq(me_status(b), 401);
    http_free(r);
    free(a);
    free(b);
}

static char *
reset_body(const char *login_name, const char *code, const char *pw)
{
    static char body[256];

    snprintf(body, sizeof(body), "{\"login\":\"%s\",\"code\":\"%s\",\"new_password\":\"%s\"}",
             login_name, code, pw);
    return body;
}

Test(auth, a_recovery_code_resets_the_password_once)
{
    test_register(&srv, "larysa");
    char *tok = test_login(&srv, "larysa", TEST_PASSWORD, NULL);
    struct http_resp *codes = http_auth(&srv, "POST", "/api/v1/auth/recovery-codes", tok, NULL);
    cr_assert_eq(codes->status, 201, "%s", codes->body);
    cr_assert_eq(jlen(codes, "codes"), 10);
    char code[64];
    snprintf(code, sizeof(code), "%s", jstr(codes, "codes.3"));

    struct http_resp *weak = post("/api/v1/auth/reset-password", reset_body("larysa", code, "x"));
    assert_problem(weak, 422, "validation");
    struct http_resp *ok =
        post("/api/v1/auth/reset-password", reset_body("larysa", code, "brand-new-secret"));
    cr_assert_eq(ok->status, 204, "%s", ok->body);
    cr_assert_eq(me_status(tok), 401); /* every session ended */
    struct http_resp *again =
        post("/api/v1/auth/reset-password", reset_body("larysa", code, "another-secret-1"));
    assert_problem(again, 401, "unauthorized");
    free(test_login(&srv, "larysa", "brand-new-secret", NULL));
    http_free(codes);
    http_free(weak);
    http_free(ok);
    http_free(again);
    free(tok);
}

Test(auth, a_wrong_recovery_code_is_401)
{
    test_register(&srv, "myroslav");
    struct http_resp *r =
        post("/api/v1/auth/reset-password",
             reset_body("myroslav", "AAAAA-BBBBB-CCCCC-DDDDD", "brand-new-secret"));

    assert_problem(r, 401, "unauthorized");
    http_free(r);
}

/* An access token signed like the server does, for any claims. */
static char *
forge_access(int64_t user_id, int64_t expires_at, const char *family_hex)
{
    uint8_t secret[32], key[32], payload[32], mac[32];
    size_t len = 0;
    struct arena *a = arena_create(4096);

    cr_assert(token_unb64(SECRET, secret, sizeof(secret), &len) && len == 32);
    token_hmac(secret, "access-token", 12, key);
    for (int i = 0; i < 8; i++) {
        payload[i] = (uint8_t)((uint64_t)user_id >> (56 - 8 * i));
        payload[8 + i] = (uint8_t)((uint64_t)expires_at >> (56 - 8 * i));
    }
    cr_assert(token_unhex(family_hex, payload + 16, 16));
    token_hmac(key, payload, sizeof(payload), mac);
    char *tok = arena_printf(a, "bo_at_%s.%s", token_b64(a, payload, 32), token_b64(a, mac, 32));
    char *out = strdup(tok);
    arena_destroy(a);
    return out;
}

/* The family of a real token, read back from its payload. */
static void
family_of(const char *tok, char hex[33])
{
    uint8_t payload[32];
    char part[64];
    size_t len = 0;
    const char *body = tok + 6;

    snprintf(part, sizeof(part), "%.*s", (int)(strchr(body, '.') - body), body);
    cr_assert(token_unb64(part, payload, sizeof(payload), &len));
    for (int i = 0; i < 16; i++) {
        snprintf(hex + 2 * i, 3, "%02x", payload[16 + i]);
    }
}

Test(auth, an_expired_access_token_is_401)
{
    char family[33];
    int64_t id = test_register(&srv, "halyna");
    char *real = test_login(&srv, "halyna", TEST_PASSWORD, NULL);

    family_of(real, family);
    char *fresh = forge_access(id, time(NULL) + 300, family);
    char *expired = forge_access(id, time(NULL) - 1, family);
    cr_assert_eq(me_status(fresh), 200, "the forging matches the server's signing");
    struct http_resp *r = http_auth(&srv, "GET", "/api/v1/me", expired, NULL);
    assert_problem(r, 401, "unauthorized");
    cr_assert(strstr(jstr(r, "detail"), "expired") != NULL);
    http_free(r);
    free(real);
    free(fresh);
    free(expired);
}

Test(auth, a_tampered_access_token_is_401)
{
    test_register(&srv, "roman");
    char *tok = test_login(&srv, "roman", TEST_PASSWORD, NULL);
    size_t n = strlen(tok);

    tok[n - 3] = tok[n - 3] == 'A' ? 'B' : 'A';
    cr_assert_eq(me_status(tok), 401);
    tok[8] = tok[8] == 'A' ? 'B' : 'A';
    cr_assert_eq(me_status(tok), 401);
    cr_assert_eq(me_status("bo_at_garbage"), 401);
    cr_assert_eq(me_status("something-else"), 401);
    free(tok);
}

struct race {
    const char *path;
    const char *body;
    long status;
};

static void *
race_post(void *arg)
{
    struct race *r = arg;
    struct http_resp *resp = post(r->path, r->body);

    r->status = resp->status;
    http_free(resp);
    return NULL;
}

static int
run_race(const char *path, const char *body, int n, long want, struct race *races)
{
    pthread_t t[16];
    int hits = 0;

    for (int i = 0; i < n; i++) {
        races[i] = (struct race){path, body, 0};
        pthread_create(&t[i], NULL, race_post, &races[i]);
    }
    for (int i = 0; i < n; i++) {
        pthread_join(t[i], NULL);
        hits += races[i].status == want;
    }
    return hits;
}

Test(auth, concurrent_registrations_of_one_name_create_one_account)
{
    struct race races[8];
    int created = run_race("/api/v1/auth/register",
                           "{\"username\":\"twin\",\"email\":\"twin@example.org\","
                           "\"password\":\"long-enough-pw\",\"consent_personal_data\":true}",
                           8, 201, races);

    cr_assert_eq(created, 1);
    for (int i = 0; i < 8; i++) {
        cr_assert(races[i].status == 201 || races[i].status == 409, "got %ld", races[i].status);
    }
}

Test(auth, concurrent_refreshes_with_one_token_rotate_it_once)
{
    struct race races[8];
    char *refresh = NULL, body[256];

    test_register(&srv, "hanna");
    free(test_login(&srv, "hanna", TEST_PASSWORD, &refresh));
    snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}", refresh);
    int rotated = run_race("/api/v1/auth/refresh", body, 8, 200, races);
    cr_assert(rotated <= 1, "%d rotations of one token", rotated);
    free(refresh);
}

Test(auth_addr, failures_from_one_address_are_throttled_across_accounts)
{
    struct test_server s;
    const char *args[] = {"--login-addr-limit", "3", NULL};
    char body[128];

    test_server_start(&s, args);
    for (int i = 0; i < 3; i++) {
        snprintf(body, sizeof(body), "{\"login\":\"ghost%d\",\"password\":\"wrong-password\"}", i);
        struct http_resp *r = http_do(&s, "POST", "/api/v1/auth/login", body, NULL);
        cr_assert_eq(r->status, 401);
        http_free(r);
    }
    struct http_resp *r =
        http_do(&s, "POST", "/api/v1/auth/login",
                "{\"login\":\"someone-new\",\"password\":\"wrong-password\"}", NULL);
    assert_problem(r, 429, "rate-limited");
    http_free(r);
    test_server_destroy(&s);
}
