/* SPDX-License-Identifier: MIT */
/*
 * Admin endpoints: who may use them, roles, deactivation, the audit log.
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
static char *admin;

/* The demo data set has an admin with a known password. */
static void
start(void)
{
    char out[4096];

    test_server_start(&srv, NULL);
    const char *args[] = {"demo", "--db", srv.db_url, "--demo-events", "0", NULL};
    cr_assert_eq(test_run_binary(args, out, sizeof(out)), 0, "%s", out);
    admin = test_login(&srv, "admin", "boxoffice-demo", NULL);
}

static void
stop(void)
{
    free(admin);
    test_server_destroy(&srv);
}

TestSuite(admin, .init = start, .fini = stop, .timeout = 60);

static struct http_resp *
patch_user(const char *token, int64_t id, const char *body)
{
    char path[64];

    snprintf(path, sizeof(path), "/api/v1/admin/users/%lld", (long long)id);
    return http_auth(&srv, "PATCH", path, token, body);
}

Test(admin, members_and_staff_may_not_use_admin_endpoints)
{
    char *staff = test_login(&srv, "staff", "boxoffice-demo", NULL);
    test_register(&srv, "plain");
    char *member = test_login(&srv, "plain", TEST_PASSWORD, NULL);

    struct http_resp *r = http_auth(&srv, "GET", "/api/v1/admin/users", member, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/admin/audit", staff, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/admin/users", NULL, NULL);
    assert_problem(r, 401, "unauthorized");
    http_free(r);
    free(staff);
    free(member);
}

Test(admin, users_are_listed_page_by_page)
{
    struct http_resp *r = http_auth(&srv, "GET", "/api/v1/admin/users?limit=2", admin, NULL);

    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_eq(jlen(r, "items"), 2);
    const char *next = jstr(r, "next");
    cr_assert(next != NULL && strstr(next, "cursor=") != NULL, "%s", r->body);
    struct http_resp *r2 = http_auth(&srv, "GET", next, admin, NULL);
    cr_assert_eq(r2->status, 200);
    cr_assert_neq(jint(r2, "items.0.id"), jint(r, "items.0.id"));
    cr_assert(jint(r2, "items.0.id") > jint(r, "items.1.id"));
    http_free(r);
    http_free(r2);
    r = http_auth(&srv, "GET", "/api/v1/admin/users?limit=500", admin, NULL);
    assert_problem(r, 422, "validation");
    http_free(r);
}

Test(admin, a_role_change_is_applied_and_audited)
{
    int64_t id = test_register(&srv, "promoted");
    struct http_resp *r = patch_user(admin, id, "{\"role\":\"staff\"}");

    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "role"), "staff");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/admin/audit?limit=5", admin, NULL);
    cr_assert_str_eq(jstr(r, "items.0.action"), "user.role_changed", "%s", r->body);
    cr_assert_str_eq(jstr(r, "items.0.payload.to"), "staff");
    http_free(r);
    r = patch_user(admin, id, "{\"role\":\"overlord\"}");
    assert_problem(r, 422, "validation");
    http_free(r);
}

Test(admin, deactivation_ends_sessions_and_blocks_sign_in)
{
    int64_t id = test_register(&srv, "leaving");
    char *refresh = NULL, body[256];
    char *tok = test_login(&srv, "leaving", TEST_PASSWORD, &refresh);

    struct http_resp *r = patch_user(admin, id, "{\"is_active\":false}");
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert(!jbool(r, "is_active"));
    http_free(r);

    r = http_auth(&srv, "GET", "/api/v1/me", tok, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);
    snprintf(body, sizeof(body), "{\"login\":\"leaving\",\"password\":\"%s\"}", TEST_PASSWORD);
    r = http_do(&srv, "POST", "/api/v1/auth/login", body, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);
    snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}", refresh);
    r = http_do(&srv, "POST", "/api/v1/auth/refresh", body, NULL);
    cr_assert(r->status == 401 || r->status == 403, "%s", r->body);
    http_free(r);
    free(tok);
    free(refresh);
}

Test(admin, an_admin_cannot_lock_themselves_out)
{
    struct http_resp *me = http_auth(&srv, "GET", "/api/v1/me", admin, NULL);
    int64_t id = jint(me, "id");

    struct http_resp *r = patch_user(admin, id, "{\"is_active\":false}");
    assert_problem(r, 409, "conflict");
    http_free(r);
    r = patch_user(admin, id, "{\"role\":\"member\"}");
    assert_problem(r, 409, "conflict");
    http_free(r);
    http_free(me);
}

Test(admin, unknown_users_are_404)
{
    struct http_resp *r = patch_user(admin, 999999, "{\"role\":\"staff\"}");

    assert_problem(r, 404, "not-found");
    http_free(r);
    r = http_auth(&srv, "PATCH", "/api/v1/admin/users/abc", admin, "{\"role\":\"staff\"}");
    assert_problem(r, 404, "not-found");
    http_free(r);
}

Test(admin, the_audit_log_records_sign_ins_and_failures)
{
    test_register(&srv, "audited");
    char body[128];
    snprintf(body, sizeof(body), "{\"login\":\"audited\",\"password\":\"wrong-password\"}");
    http_free(http_do(&srv, "POST", "/api/v1/auth/login", body, NULL));
    char *tok = test_login(&srv, "audited", TEST_PASSWORD, NULL);
    http_free(http_auth(&srv, "POST", "/api/v1/auth/logout", tok, NULL));

    struct http_resp *r = http_auth(&srv, "GET", "/api/v1/admin/audit?limit=3", admin, NULL);
    cr_assert_eq(r->status, 200);
    cr_assert_str_eq(jstr(r, "items.0.action"), "auth.logout");
    cr_assert_str_eq(jstr(r, "items.1.action"), "auth.login");
    cr_assert_str_eq(jstr(r, "items.2.action"), "auth.login_failed");
    cr_assert_str_eq(jstr(r, "items.2.ip"), "127.0.0.1");
    http_free(r);
    free(tok);
}

Test(admin, an_api_token_needs_the_admin_scope)
{
    struct http_resp *t = http_auth(&srv, "POST", "/api/v1/me/tokens", admin,
                                    "{\"name\":\"reports\",\"scopes\":[\"profile:read\"]}");
    struct http_resp *r = http_auth(&srv, "GET", "/api/v1/admin/users", jstr(t, "token"), NULL);

    assert_problem(r, 403, "forbidden");
    http_free(r);
    http_free(t);
    t = http_auth(&srv, "POST", "/api/v1/me/tokens", admin,
                  "{\"name\":\"reports\",\"scopes\":[\"admin\"]}");
    cr_assert_eq(t->status, 201, "%s", t->body);
    r = http_auth(&srv, "GET", "/api/v1/admin/users", jstr(t, "token"), NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    http_free(r);
    http_free(t);
}

Test(admin, an_admin_token_without_the_admin_scope_cannot_manage_others_bookings)
{
    char body[512], from[32], to[32];
    int64_t t = (time(NULL) / 3600 + 1) * 3600 + 86400;

    test_register(&srv, "hoster");
    test_register(&srv, "booker");
    char *hoster = test_login(&srv, "hoster", TEST_PASSWORD, NULL);
    char *booker = test_login(&srv, "booker", TEST_PASSWORD, NULL);
    clock_rfc3339(t, from, sizeof(from));
    clock_rfc3339(t + 3600, to, sizeof(to));
    snprintf(body, sizeof(body),
             "{\"kind\":\"event\",\"title\":\"Talk\",\"capacity\":5,\"status\":\"published\","
             "\"sessions\":[{\"starts_at\":\"%s\",\"ends_at\":\"%s\"}]}",
             from, to);
    struct http_resp *e = http_auth(&srv, "POST", "/api/v1/events", hoster, body);
    char path[64];
    snprintf(path, sizeof(path), "/api/v1/events/%lld/bookings", (long long)jint(e, "id"));
    struct http_resp *b = http_auth(&srv, "POST", path, booker, NULL);
    struct http_resp *t1 = http_auth(&srv, "POST", "/api/v1/me/tokens", admin,
                                     "{\"name\":\"ops\",\"scopes\":[\"bookings:write\"]}");
    snprintf(path, sizeof(path), "/api/v1/bookings/%lld/cancel", (long long)jint(b, "id"));
    struct http_resp *r = http_auth(&srv, "POST", path, jstr(t1, "token"), NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
    r = http_auth(&srv, "POST", path, admin, NULL);
    cr_assert_eq(r->status, 200, "a signed-in admin may: %s", r->body);
    http_free(r);
    http_free(t1);
    http_free(b);
    http_free(e);
    free(hoster);
    free(booker);
}
