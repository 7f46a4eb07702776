/* SPDX-License-Identifier: MIT */
/*
 * Web UI sessions: tokens in HttpOnly cookies, CSRF on every unsafe
 * request made with them, cookie refresh that a forged request cannot burn,
 * sign-out that clears the cookies.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/client.h"
#include "lib/server.h"

static struct test_server srv;

static void
start(void)
{
    test_server_start(&srv, NULL);
}

static void
stop(void)
{
    test_server_destroy(&srv);
}

TestSuite(cookies, .init = start, .fini = stop, .timeout = 90);

/* The whole Set-Cookie line for name ("bo_at=...; Path=/; ..."), malloc'd; NULL if none. */
static char *
set_cookie_line(const struct http_resp *r, const char *name)
{
    size_t len = strlen(name);

    for (const char *p = r->headers; p != NULL && *p != '\0';) {
        const char *end = strstr(p, "\r\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > 12 + len && strncasecmp(p, "Set-Cookie: ", 12) == 0 &&
            strncmp(p + 12, name, len) == 0 && p[12 + len] == '=') {
            return strndup(p + 12, n - 12);
        }
        p = end ? end + 2 : NULL;
    }
    return NULL;
}

/* The value of cookie name as set by r, malloc'd. */
static char *
cookie_value(const struct http_resp *r, const char *name)
{
    char *line = set_cookie_line(r, name);

    cr_assert_not_null(line, "no Set-Cookie for %s", name);
    char *value = strndup(line + strlen(name) + 1, strcspn(line + strlen(name) + 1, ";"));
    free(line);
    return value;
}

struct session {
    char *access;
    char *refresh;
    char *csrf;
};

static struct session
cookie_login(const char *user)
{
    char body[256];

    snprintf(body, sizeof(body), "{\"login\":\"%s\",\"password\":\"%s\",\"cookies\":true}", user,
             TEST_PASSWORD);
    struct http_resp *r = http_do(&srv, "POST", "/api/v1/auth/login", body, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    struct session s = {cookie_value(r, "bo_at"), cookie_value(r, "bo_rt"),
                        cookie_value(r, "bo_csrf")};
    cr_assert_str_eq(jstr(r, "csrf_token"), s.csrf);
    http_free(r);
    return s;
}

/* method path with the session's cookies and, if csrf is not NULL, that CSRF header. */
static struct http_resp *
with_cookies(const char *method, const char *path, const struct session *s, const char *csrf,
             const char *body)
{
    char cookie[1024];
    char header[256];

    snprintf(cookie, sizeof(cookie), "Cookie: theme=dark; bo_at=%s; bo_rt=%s", s->access,
             s->refresh);
    snprintf(header, sizeof(header), "X-CSRF-Token: %s", csrf ? csrf : "");
    const char *headers[] = {cookie, csrf ? header : NULL, NULL};
    return http_do(&srv, method, path, body, headers);
}

static long
status_of(struct http_resp *r)
{
    long status = r->status;

    http_free(r);
    return status;
}

Test(cookies, login_sets_httponly_cookies_and_no_tokens_in_the_body)
{
    test_register(&srv, "cookie_anna");
    char body[256];
    snprintf(body, sizeof(body), "{\"login\":\"cookie_anna\",\"password\":\"%s\",\"cookies\":true}",
             TEST_PASSWORD);
    struct http_resp *r = http_do(&srv, "POST", "/api/v1/auth/login", body, NULL);

    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "token_type"), "cookie");
    cr_assert_null(jstr(r, "access_token"));
    cr_assert_null(jstr(r, "refresh_token"));
    cr_assert_str_eq(jstr(r, "user.username"), "cookie_anna");
    char *at = set_cookie_line(r, "bo_at");
    char *rt = set_cookie_line(r, "bo_rt");
    char *csrf = set_cookie_line(r, "bo_csrf");
    cr_assert(strstr(at, "; HttpOnly") && strstr(at, "; SameSite=Strict") && strstr(at, "Path=/;"),
              "%s", at);
    cr_assert(strstr(rt, "; HttpOnly") && strstr(rt, "Path=/api/v1/auth;"), "%s", rt);
    cr_assert_null(strstr(csrf, "HttpOnly"), "pages must be able to read %s", csrf);
    cr_assert_null(strstr(at, "Secure"), "not without --cookie-secure");
    free(at);
    free(rt);
    free(csrf);
    http_free(r);
}

Test(cookies, the_access_cookie_authenticates_reads_without_csrf)
{
    test_register(&srv, "cookie_bo");
    struct session s = cookie_login("cookie_bo");
    struct http_resp *r = with_cookies("GET", "/api/v1/me", &s, NULL, NULL);

    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "username"), "cookie_bo");
    http_free(r);
}

Test(cookies, unsafe_requests_need_the_csrf_token_and_write_nothing_without_it)
{
    test_register(&srv, "cookie_cy");
    struct session s = cookie_login("cookie_cy");
    const char *patch = "{\"first_name\":\"Forged\"}";

    struct http_resp *r = with_cookies("PATCH", "/api/v1/me", &s, NULL, patch);
    assert_problem(r, 403, "forbidden");
    cr_assert(problem_has_field(r, "X-CSRF-Token"));
    http_free(r);
    cr_assert_eq(status_of(with_cookies("PATCH", "/api/v1/me", &s, "0123abcd", patch)), 403);
    char *other = strdup(s.csrf);
    other[0] = other[0] == 'a' ? 'b' : 'a';
    cr_assert_eq(status_of(with_cookies("PATCH", "/api/v1/me", &s, other, patch)), 403);

    r = with_cookies("GET", "/api/v1/me", &s, NULL, NULL);
    cr_assert_str_eq(jstr(r, "first_name"), "", "nothing written");
    http_free(r);
    r = with_cookies("PATCH", "/api/v1/me", &s, s.csrf, "{\"first_name\":\"Real\"}");
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "first_name"), "Real");
    http_free(r);
    free(other);
}

Test(cookies, another_sessions_csrf_token_does_not_pass)
{
    test_register(&srv, "cookie_di");
    struct session a = cookie_login("cookie_di");
    struct session b = cookie_login("cookie_di");

    cr_assert_str_neq(a.csrf, b.csrf);
    cr_assert_eq(status_of(with_cookies("POST", "/api/v1/auth/logout", &a, b.csrf, NULL)), 403);
    cr_assert_eq(status_of(with_cookies("GET", "/api/v1/me", &a, NULL, NULL)), 200);
}

Test(cookies, refresh_by_cookie_rotates_and_needs_csrf_first)
{
    test_register(&srv, "cookie_ed");
    struct session s = cookie_login("cookie_ed");

    /* A forged refresh is refused before the rotation: the session lives on. */
    struct http_resp *r = with_cookies("POST", "/api/v1/auth/refresh", &s, NULL, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);

    r = with_cookies("POST", "/api/v1/auth/refresh", &s, s.csrf, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "csrf_token"), s.csrf, "the token belongs to the sign-in");
    struct session next = {cookie_value(r, "bo_at"), cookie_value(r, "bo_rt"), strdup(s.csrf)};
    cr_assert_str_neq(next.refresh, s.refresh);
    http_free(r);
    cr_assert_eq(status_of(with_cookies("GET", "/api/v1/me", &next, NULL, NULL)), 200);

    /* The rotated-out cookie coming back is a replay: the whole sign-in ends. */
    cr_assert_eq(status_of(with_cookies("POST", "/api/v1/auth/refresh", &s, s.csrf, NULL)), 401);
    cr_assert_eq(status_of(with_cookies("GET", "/api/v1/me", &next, NULL, NULL)), 401);
}

Test(cookies, refresh_without_body_or_cookie_is_401)
{
    struct http_resp *r = http_do(&srv, "POST", "/api/v1/auth/refresh", NULL, NULL);

    assert_problem(r, 401, "unauthorized");
    http_free(r);
}

Test(cookies, logout_clears_the_cookies_and_ends_the_session)
{
    test_register(&srv, "cookie_fa");
    struct session s = cookie_login("cookie_fa");
    struct http_resp *r = with_cookies("POST", "/api/v1/auth/logout", &s, s.csrf, NULL);

    cr_assert_eq(r->status, 204, "%s", r->body);
    char *at = set_cookie_line(r, "bo_at");
    cr_assert(at && strncmp(at, "bo_at=;", 7) == 0 && strstr(at, "Max-Age=0"), "%s", at);
    free(at);
    http_free(r);
    cr_assert_eq(status_of(with_cookies("GET", "/api/v1/me", &s, NULL, NULL)), 401);
}

Test(cookies, an_api_token_in_the_cookie_is_refused)
{
    test_register(&srv, "cookie_gu");
    char *token = test_login(&srv, "cookie_gu", TEST_PASSWORD, NULL);
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/me/tokens", token,
                                    "{\"name\":\"ci\",\"scopes\":[\"profile:read\"]}");
    cr_assert_eq(r->status, 201, "%s", r->body);
    struct session s = {strdup(jstr(r, "token")), strdup("x"), NULL};
    http_free(r);

    cr_assert_eq(status_of(with_cookies("GET", "/api/v1/me", &s, NULL, NULL)), 401);
    free(token);
}

Test(cookies, a_bearer_header_wins_over_the_cookie)
{
    test_register(&srv, "cookie_hu");
    test_register(&srv, "cookie_iv");
    struct session s = cookie_login("cookie_hu");
    char *token = test_login(&srv, "cookie_iv", TEST_PASSWORD, NULL);
    char cookie[512];
    char authz[512];

    snprintf(cookie, sizeof(cookie), "Cookie: bo_at=%s", s.access);
    snprintf(authz, sizeof(authz), "Authorization: Bearer %s", token);
    const char *headers[] = {cookie, authz, NULL};
    /* A bearer call is not a browser's ambient credential: no CSRF token needed. */
    struct http_resp *r = http_do(&srv, "PATCH", "/api/v1/me", "{\"first_name\":\"Iv\"}", headers);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "username"), "cookie_iv");
    http_free(r);
    free(token);
}
