/* SPDX-License-Identifier: MIT */
/*
 * Issue 4 over HTTP: an organizer's webhook endpoints (who may, what is
 * refused and that a refusal writes nothing, the secret shown once,
 * disable / re-enable, rotation, delete), the notification preferences,
 * and unsubscribe links without signing in (page, one-click POST, altered,
 * expired and malformed tokens).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/client.h"
#include "lib/server.h"
#include "lib/sign.h"
#include "lib/token.h"

/* The server's secret, so the tests can mint unsubscribe tokens with its derived key. */
#define SECRET_KEY "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"

static struct test_server srv;
static char *owner, *staff, *stranger;
static int64_t org, owner_id;
static struct arena *a;
static uint8_t unsub_key[32];

static int64_t
create_org(void)
{
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/organizers", owner,
                                    "{\"name\":\"Hook Club\",\"slug\":\"hook-club\"}");
    cr_assert_eq(r->status, 201, "%s", r->body);
    int64_t id = jint(r, "id");
    http_free(r);
    return id;
}

static void
start(void)
{
    const char *const extra[] = {"--secret-key", SECRET_KEY, NULL};
    uint8_t secret[32];
    size_t len = 0;

    cr_assert(token_init());
    a = arena_create(4096);
    cr_assert(token_unb64(SECRET_KEY, secret, sizeof(secret), &len) && len == 32);
    token_hmac(secret, "unsubscribe-link", 16, unsub_key); /* as app_env_open derives it */
    test_server_start(&srv, extra);
    owner_id = test_register(&srv, "hookowner");
    int64_t staff_id = test_register(&srv, "hookstaff");
    test_register(&srv, "hookstranger");
    owner = test_login(&srv, "hookowner", TEST_PASSWORD, NULL);
    staff = test_login(&srv, "hookstaff", TEST_PASSWORD, NULL);
    stranger = test_login(&srv, "hookstranger", TEST_PASSWORD, NULL);
    org = create_org();
    char path[96];
    snprintf(path, sizeof(path), "/api/v1/organizers/%lld/staff/%lld", (long long)org,
             (long long)staff_id);
    struct http_resp *r = http_auth(&srv, "PUT", path, owner, "{\"role\":\"staff\"}");
    cr_assert_eq(r->status, 200, "%s", r->body);
    http_free(r);
}

static void
stop(void)
{
    free(owner);
    free(staff);
    free(stranger);
    test_server_destroy(&srv);
    arena_destroy(a);
}

TestSuite(webhooks, .init = start, .fini = stop, .timeout = 120);

static const char *
hooks_path(void)
{
    return arena_printf(a, "/api/v1/organizers/%lld/webhooks", (long long)org);
}

static const char *
hook_path(int64_t id, const char *tail)
{
    return arena_printf(a, "%s/%lld%s", hooks_path(), (long long)id, tail);
}

static size_t
hook_count(void)
{
    struct http_resp *r = http_auth(&srv, "GET", hooks_path(), owner, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    size_t n = jlen(r, "items");
    http_free(r);
    return n;
}

static int64_t
create_hook(const char *body, char *secret_out)
{
    struct http_resp *r = http_auth(&srv, "POST", hooks_path(), owner, body);
    cr_assert_eq(r->status, 201, "%s", r->body);
    int64_t id = jint(r, "id");
    if (secret_out != NULL) {
        snprintf(secret_out, 128, "%s", jstr(r, "secret"));
    }
    http_free(r);
    return id;
}

Test(webhooks, a_member_adds_an_endpoint_and_sees_its_secret_once)
{
    char secret[128];
    int64_t id = create_hook("{\"url\":\"https://hooks.example.com/in\"}", secret);

    cr_assert(strncmp(secret, "whsec_", 6) == 0, "%s", secret);
    struct http_resp *r = http_auth(&srv, "GET", hooks_path(), staff, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_eq(jint(r, "items.0.id"), id);
    cr_assert_str_eq(jstr(r, "items.0.url"), "https://hooks.example.com/in");
    cr_assert_str_eq(jstr(r, "items.0.event_types.0"), "*");
    cr_assert(jbool(r, "items.0.enabled"));
    cr_assert(strstr(r->body, "whsec_") == NULL, "a list never shows a secret: %s", r->body);
    http_free(r);
}

Test(webhooks, only_members_manage_endpoints)
{
    int64_t id = create_hook("{\"url\":\"https://hooks.example.com/m\"}", NULL);
    struct http_resp *r = http_auth(&srv, "GET", hooks_path(), stranger, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);

    size_t before = hook_count();
    r = http_auth(&srv, "POST", hooks_path(), stranger, "{\"url\":\"https://x.example/\"}");
    assert_problem(r, 403, "forbidden");
    http_free(r);
    r = http_auth(&srv, "PATCH", hook_path(id, ""), stranger, "{\"enabled\":false}");
    assert_problem(r, 403, "forbidden");
    http_free(r);
    r = http_auth(&srv, "DELETE", hook_path(id, ""), stranger, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);
    cr_assert_eq(hook_count(), before);

    r = http_auth(&srv, "GET", "/api/v1/organizers/999999/webhooks", owner, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
    r = http_do(&srv, "GET", hooks_path(), NULL, NULL);
    assert_problem(r, 401, "unauthorized");
    http_free(r);
}

static void
refused(const char *body, const char *field)
{
    size_t before = hook_count();
    struct http_resp *r = http_auth(&srv, "POST", hooks_path(), owner, body);

    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, field), "%s: %s", body, r->body);
    http_free(r);
    cr_assert_eq(hook_count(), before, "a refusal wrote something: %s", body);
}

Test(webhooks, bad_urls_and_types_are_refused_and_nothing_is_written)
{
    char big[2200];

    refused("{}", "url");
    refused("{\"url\":\"ftp://hooks.example.com/\"}", "url");
    refused("{\"url\":\"hooks.example.com/in\"}", "url");
    refused("{\"url\":\"http://hooks.example.com/in\"}", "url");
    refused("{\"url\":\"https://user:pw@hooks.example.com/in\"}", "url");
    refused("{\"url\":\"https://hooks.example.com/in#top\"}", "url");
    refused("{\"url\":\"https:///in\"}", "url");
    refused("{\"url\":\"https://hooks.example.com:http/in\"}", "url");
    refused("{\"url\":\"https://hooks.example.com/a b\"}", "url");
    snprintf(big, sizeof(big), "{\"url\":\"https://hooks.example.com/%02100d\"}", 0);
    refused(big, "url");
    refused("{\"url\":\"https://hooks.example.com/\",\"event_types\":[\"booking.paid\"]}",
            "event_types");
    refused("{\"url\":\"https://hooks.example.com/\",\"event_types\":[]}", "event_types");
    refused("{\"url\":\"https://hooks.example.com/\",\"event_types\":\"event.done\"}",
            "event_types");
    refused("{\"url\":\"https://hooks.example.com/\",\"secret\":\"whsec_mine\"}", "secret");
}

Test(webhooks, plain_http_is_allowed_to_loopback_only)
{
    create_hook("{\"url\":\"http://127.0.0.1:9/in\"}", NULL);
    create_hook("{\"url\":\"http://localhost:9/in\"}", NULL);
    create_hook("{\"url\":\"http://[::1]:9/in\"}", NULL);
}

Test(webhooks, update_disable_reenable_rotate_and_delete)
{
    char secret[128];
    int64_t id = create_hook("{\"url\":\"https://hooks.example.com/u\","
                             "\"event_types\":[\"booking.created\",\"event.cancelled\"]}",
                             secret);

    struct http_resp *r =
        http_auth(&srv, "PATCH", hook_path(id, ""), staff,
                  "{\"url\":\"https://hooks.example.com/v\",\"event_types\":[\"event.done\"],"
                  "\"enabled\":false}");
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "url"), "https://hooks.example.com/v");
    cr_assert_eq(jlen(r, "event_types"), 1);
    cr_assert_str_eq(jstr(r, "event_types.0"), "event.done");
    cr_assert_not(jbool(r, "enabled"));
    cr_assert_not(jnull(r, "disabled_reason"));
    cr_assert(strstr(r->body, "whsec_") == NULL);
    http_free(r);

    r = http_auth(&srv, "PATCH", hook_path(id, ""), owner, "{\"enabled\":true}");
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert(jbool(r, "enabled"));
    cr_assert(jnull(r, "disabled_reason"), "re-enabling clears the reason: %s", r->body);
    http_free(r);

    r = http_auth(&srv, "PATCH", hook_path(id, ""), owner, "{\"url\":\"http://example.com/\"}");
    assert_problem(r, 422, "validation");
    http_free(r);

    r = http_auth(&srv, "POST", hook_path(id, "/rotate-secret"), owner, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert(strncmp(jstr(r, "secret"), "whsec_", 6) == 0);
    cr_assert_str_neq(jstr(r, "secret"), secret);
    http_free(r);

    r = http_auth(&srv, "DELETE", hook_path(id, ""), owner, NULL);
    cr_assert_eq(r->status, 204, "%s", r->body);
    http_free(r);
    r = http_auth(&srv, "PATCH", hook_path(id, ""), owner, "{\"enabled\":true}");
    assert_problem(r, 404, "not-found");
    http_free(r);
}

Test(webhooks, an_endpoint_of_another_organizer_is_not_found)
{
    int64_t id = create_hook("{\"url\":\"https://hooks.example.com/o\"}", NULL);
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/organizers", stranger,
                                    "{\"name\":\"Other Club\",\"slug\":\"other-club\"}");
    cr_assert_eq(r->status, 201, "%s", r->body);
    int64_t other = jint(r, "id");
    http_free(r);

    const char *path =
        arena_printf(a, "/api/v1/organizers/%lld/webhooks/%lld", (long long)other, (long long)id);
    r = http_auth(&srv, "PATCH", path, stranger, "{\"enabled\":false}");
    assert_problem(r, 404, "not-found");
    http_free(r);
}

/* --- preferences ------------------------------------------------------------ */

/* The effective value of (category, channel) for token's user. */
static bool
pref_of(const char *token, const char *category, const char *channel)
{
    struct http_resp *r = http_auth(&srv, "GET", "/api/v1/me/notification-prefs", token, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_eq(jlen(r, "prefs"), 12);
    for (size_t i = 0; i < 12; i++) {
        const char *at = arena_printf(a, "prefs.%zu", i);
        if (strcmp(jstr(r, arena_printf(a, "%s.category", at)), category) == 0 &&
            strcmp(jstr(r, arena_printf(a, "%s.channel", at)), channel) == 0) {
            bool on = jbool(r, arena_printf(a, "%s.enabled", at));
            http_free(r);
            return on;
        }
    }
    cr_assert_fail("no %s/%s in %s", category, channel, r->body);
    return false;
}

Test(webhooks, preferences_default_to_on_and_change_together)
{
    struct http_resp *r = http_auth(&srv, "GET", "/api/v1/me/notification-prefs", staff, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_not(jbool(r, "telegram_linked"));
    cr_assert_eq(jlen(r, "prefs"), 12);
    http_free(r);
    cr_assert(pref_of(staff, "reminder", "telegram"));

    r = http_auth(&srv, "PUT", "/api/v1/me/notification-prefs", staff,
                  "{\"prefs\":[{\"category\":\"reminder\",\"channel\":\"telegram\","
                  "\"enabled\":false},{\"category\":\"event\",\"channel\":\"inapp\","
                  "\"enabled\":false}]}");
    cr_assert_eq(r->status, 200, "%s", r->body);
    http_free(r);
    cr_assert_not(pref_of(staff, "reminder", "telegram"));
    cr_assert_not(pref_of(staff, "event", "inapp"));
    cr_assert(pref_of(staff, "event", "email"));
}

Test(webhooks, an_unknown_category_or_channel_writes_nothing)
{
    static const char *const bodies[] = {
        "{\"prefs\":[{\"category\":\"booking\",\"channel\":\"email\",\"enabled\":false},"
        "{\"category\":\"booking\",\"channel\":\"sms\",\"enabled\":false}]}",
        "{\"prefs\":[{\"category\":\"booking\",\"channel\":\"email\",\"enabled\":false},"
        "{\"category\":\"promo\",\"channel\":\"email\",\"enabled\":false}]}",
        "{\"prefs\":[{\"category\":\"booking\",\"channel\":\"email\",\"enabled\":\"no\"}]}",
        "{\"prefs\":[]}",
        "{\"prefs\":[{\"category\":\"booking\",\"channel\":\"email\",\"enabled\":false,"
        "\"x\":1}]}",
    };

    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        struct http_resp *r =
            http_auth(&srv, "PUT", "/api/v1/me/notification-prefs", owner, bodies[i]);
        assert_problem(r, 422, "validation");
        http_free(r);
        cr_assert(pref_of(owner, "booking", "email"), "body %zu wrote something", i);
    }
}

/* --- unsubscribe ------------------------------------------------------------ */

static const char *
mint(int64_t user_id, const char *group, int64_t expires_at)
{
    struct sign_unsub u = {.user_id = user_id, .expires_at = expires_at};

    snprintf(u.category, sizeof(u.category), "%s", group);
    snprintf(u.channel, sizeof(u.channel), "email");
    return sign_unsub_token(a, unsub_key, &u);
}

static struct http_resp *
one_click(const char *token)
{
    static const char *const form[] = {"Content-Type: application/x-www-form-urlencoded", NULL};

    return http_do(&srv, "POST", arena_printf(a, "/unsubscribe?token=%s", token),
                   "List-Unsubscribe=One-Click", form);
}

Test(webhooks, the_link_page_asks_and_the_one_click_post_turns_the_pref_off)
{
    const char *token = mint(owner_id, "waitlist", time(NULL) + 3600);

    struct http_resp *r =
        http_do(&srv, "GET", arena_printf(a, "/unsubscribe?token=%s", token), NULL, NULL);
    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert(strstr(http_header(r, "Content-Type"), "text/html") != NULL);
    cr_assert(strstr(r->body, "method=\"post\"") != NULL, "%s", r->body);
    cr_assert(strstr(r->body, "lang=\"ru\"") != NULL, "in the account's language: %s", r->body);
    http_free(r);
    cr_assert(pref_of(owner, "waitlist", "email"), "opening the page changes nothing");

    r = one_click(token);
    cr_assert_eq(r->status, 200, "%s", r->body);
    http_free(r);
    cr_assert_not(pref_of(owner, "waitlist", "email"));
    cr_assert(pref_of(owner, "waitlist", "telegram"));

    r = one_click(token);
    cr_assert_eq(r->status, 200, "a second click is harmless: %s", r->body);
    http_free(r);
}

Test(webhooks, an_altered_token_is_forbidden)
{
    char *token = arena_strdup(a, mint(owner_id, "event", time(NULL) + 3600));
    const char *other = mint(owner_id + 1, "event", time(NULL) + 3600);
    char *dot = strchr(token, '.');
    const char *swapped = arena_printf(a, "%.*s%s", (int)(strchr(other, '.') - other), other, dot);

    struct http_resp *r = one_click(swapped);
    assert_problem(r, 403, "forbidden");
    http_free(r);
    /* Not the last character: its low bits are padding, and a change there makes
     * a non-canonical encoding, which is malformed (400), not forged. */
    char *mac = strchr(token, '.') + 1;
    mac[0] = mac[0] == 'A' ? 'B' : 'A';
    r = one_click(token);
    assert_problem(r, 403, "forbidden");
    http_free(r);
    cr_assert(pref_of(owner, "event", "email"));
}

Test(webhooks, an_expired_token_has_its_own_problem)
{
    const char *token = mint(owner_id, "booking", time(NULL) - 60);

    struct http_resp *r = one_click(token);
    assert_problem(r, 403, "expired");
    http_free(r);
    r = http_do(&srv, "GET", arena_printf(a, "/unsubscribe?token=%s", token), NULL, NULL);
    assert_problem(r, 403, "expired");
    http_free(r);
    cr_assert(pref_of(owner, "booking", "email"));
}

Test(webhooks, a_malformed_or_missing_token_is_a_bad_request)
{
    struct http_resp *r = one_click("not-a-token");
    assert_problem(r, 400, "malformed");
    http_free(r);
    r = http_do(&srv, "GET", "/unsubscribe", NULL, NULL);
    assert_problem(r, 400, "malformed");
    http_free(r);
    r = http_do(&srv, "GET", "/unsubscribe?token=YWJj.YWJj", NULL, NULL);
    assert_problem(r, 400, "malformed");
    http_free(r);
}
