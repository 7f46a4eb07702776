/* SPDX-License-Identifier: MIT */
/*
 * Linking a Telegram chat end to end, against the real binary and a local
 * stand-in of the Bot API (tests/lib/fakebot.c): by webhook, and by long
 * polling. Either backend (BOXOFFICE_TEST_STORE).
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/client.h"
#include "lib/fakebot.h"
#include "lib/server.h"

#define SECRET "whsec-test-0123456789"
#define SECRET_HEADER "X-Telegram-Bot-Api-Secret-Token: " SECRET

static struct test_server srv;
static struct fakebot *bot;
static char *tok;

/* The server, talking to bot; by webhook (under public_url) or by long polling. */
static void
serve(bool webhook, const char *public_url)
{
    const char *extra[] = {"--telegram-bot-token",
                           "123:fake",
                           "--telegram-bot-name",
                           "boxoffice_test_bot",
                           "--telegram-api-url",
                           fakebot_url(bot),
                           "--public-url",
                           public_url,
                           webhook ? "--telegram-webhook-secret" : NULL,
                           SECRET,
                           NULL};
    test_server_start(&srv, extra);
}

static void
start_with(bool webhook)
{
    bot = fakebot_start();
    serve(webhook, "http://127.0.0.1:8080");
    test_register(&srv, "sofia");
    tok = test_login(&srv, "sofia", TEST_PASSWORD, NULL);
}

static void
start_webhook(void)
{
    start_with(true);
}

static void
start_polling(void)
{
    start_with(false);
}

static void
stop(void)
{
    free(tok);
    test_server_destroy(&srv);
    fakebot_stop(bot);
}

TestSuite(telegram_webhook, .init = start_webhook, .fini = stop, .timeout = 60);
TestSuite(telegram_poll, .init = start_polling, .fini = stop, .timeout = 60);

/* A new link token for the signed-in user, malloc'd. */
static char *
link_token(void)
{
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/me/telegram/link", tok, NULL);

    cr_assert_eq(r->status, 201, "%s", r->body);
    const char *url = jstr(r, "url");
    cr_assert(strncmp(url, "https://t.me/boxoffice_test_bot?start=", 38) == 0, "%s", url);
    char *token = strdup(url + 38);
    http_free(r);
    return token;
}

/* An Update with "/start <token>" (or any text) from chat 777, as JSON. */
static char *
update_json(int64_t id, const char *text)
{
    char *out = NULL;
    int n = asprintf(&out,
                     "{\"update_id\":%lld,\"message\":{\"message_id\":1,\"date\":1700000000,"
                     "\"from\":{\"id\":777,\"is_bot\":false,\"first_name\":\"S\","
                     "\"username\":\"sofia_tg\",\"language_code\":\"en\"},"
                     "\"chat\":{\"id\":777,\"type\":\"private\"},\"text\":\"%s\"}}",
                     (long long)id, text);
    cr_assert(n > 0);
    return out;
}

static struct http_resp *
webhook(const char *body, const char *header)
{
    const char *headers[] = {header, NULL};

    return http_do(&srv, "POST", "/api/v1/telegram/webhook", body, header ? headers : NULL);
}

static struct http_resp *
send_start(int64_t id, const char *token, const char *header)
{
    char text[128];

    snprintf(text, sizeof(text), "/start %s", token);
    char *body = update_json(id, text);
    struct http_resp *r = webhook(body, header);
    free(body);
    return r;
}

static bool
is_linked(void)
{
    struct http_resp *r = http_auth(&srv, "GET", "/api/v1/me/telegram", tok, NULL);

    cr_assert_eq(r->status, 200, "%s", r->body);
    bool linked = jbool(r, "linked");
    http_free(r);
    return linked;
}

/* setWebhook's body i names our endpoint under public_url, the secret and messages only. */
static void
assert_registered(int i, const char *public_url)
{
    char *body = fakebot_body(bot, "setWebhook", i);
    struct json_object *o = json_tokener_parse(body), *v = NULL;
    char want[256];

    cr_assert_not_null(o, "%s", body);
    snprintf(want, sizeof(want), "%s/api/v1/telegram/webhook", public_url);
    cr_assert(json_object_object_get_ex(o, "url", &v));
    cr_assert_str_eq(json_object_get_string(v), want);
    cr_assert(json_object_object_get_ex(o, "secret_token", &v));
    cr_assert_str_eq(json_object_get_string(v), SECRET);
    cr_assert(json_object_object_get_ex(o, "allowed_updates", &v));
    cr_assert_str_eq(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN), "[\"message\"]");
    json_object_put(o);
    free(body);
}

Test(telegram_webhook, the_server_registers_its_webhook_with_the_secret)
{
    cr_assert_eq(fakebot_wait(bot, "setWebhook", 1, 10000), 1);
    assert_registered(0, "http://127.0.0.1:8080");
    cr_assert_eq(fakebot_count(bot, "getUpdates"), 0, "no polling beside a webhook");
}

Test(telegram_webhook, the_link_comes_with_a_qr_code_and_an_expiry)
{
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/me/telegram/link", tok, NULL);

    cr_assert_eq(r->status, 201, "%s", r->body);
    cr_assert(strncmp(jstr(r, "qr_svg"), "<svg ", 5) == 0);
    cr_assert(strstr(jstr(r, "qr_svg"), "M4 4h7v1h-7z") != NULL, "a finder pattern");
    cr_assert(jstr(r, "expires_at") != NULL);
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/telegram", tok, NULL);
    cr_assert(jbool(r, "available"));
    cr_assert_not(jbool(r, "linked"));
    cr_assert(jnull(r, "verified_at"));
    http_free(r);
}

Test(telegram_webhook, start_with_a_valid_token_links_the_chat_and_answers_in_it)
{
    char *token = link_token();

    struct http_resp *r = send_start(1001, token, SECRET_HEADER);

    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "method"), "sendMessage");
    cr_assert_eq(jint(r, "chat_id"), 777);
    cr_assert(strstr(jstr(r, "text"), "привязан") != NULL, "sofia's profile is in Russian");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/telegram", tok, NULL);
    cr_assert(jbool(r, "linked"));
    cr_assert_str_eq(jstr(r, "username"), "sofia_tg");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me", tok, NULL);
    cr_assert(jbool(r, "profile.is_telegram_verified"));
    cr_assert_str_eq(jstr(r, "profile.telegram_chat_id"), "777");
    cr_assert(jstr(r, "profile.telegram_verified_at") != NULL);
    http_free(r);
    free(token);
}

Test(telegram_webhook, a_missing_or_wrong_secret_is_403_and_nothing_is_written)
{
    char *token = link_token();

    struct http_resp *r = send_start(1001, token, NULL);
    assert_problem(r, 403, "forbidden");
    http_free(r);
    r = send_start(1001, token, "X-Telegram-Bot-Api-Secret-Token: guess");
    assert_problem(r, 403, "forbidden");
    http_free(r);

    cr_assert_not(is_linked());
    r = send_start(1001, token, SECRET_HEADER);
    cr_assert_eq(r->status, 200, "neither the update nor the token was spent: %s", r->body);
    cr_assert(is_linked());
    http_free(r);
    free(token);
}

Test(telegram_webhook, a_resent_update_has_no_effect)
{
    char *token = link_token();
    http_free(send_start(1001, token, SECRET_HEADER));
    struct http_resp *r = http_auth(&srv, "DELETE", "/api/v1/me/telegram", tok, NULL);
    cr_assert_eq(r->status, 204, "%s", r->body);
    http_free(r);
    char *again = link_token();

    r = send_start(1001, again, SECRET_HEADER);

    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(r->body, "{}");
    cr_assert_not(is_linked());
    http_free(r);
    free(token);
    free(again);
}

Test(telegram_webhook, a_used_token_is_refused_politely)
{
    char *token = link_token();
    http_free(send_start(1001, token, SECRET_HEADER));
    http_free(http_auth(&srv, "DELETE", "/api/v1/me/telegram", tok, NULL));

    struct http_resp *r = send_start(1002, token, SECRET_HEADER);

    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert(strstr(jstr(r, "text"), "no longer works") != NULL, "in the sender's English");
    cr_assert_not(is_linked());
    http_free(r);
    free(token);
}

Test(telegram_webhook, unlinking_clears_the_profile)
{
    char *token = link_token();
    http_free(send_start(1001, token, SECRET_HEADER));

    struct http_resp *r = http_auth(&srv, "DELETE", "/api/v1/me/telegram", tok, NULL);

    cr_assert_eq(r->status, 204, "%s", r->body);
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me", tok, NULL);
    cr_assert_not(jbool(r, "profile.is_telegram_verified"));
    cr_assert(jnull(r, "profile.telegram_chat_id"));
    http_free(r);
    free(token);
}

Test(telegram_webhook, a_body_that_is_not_an_update_is_400)
{
    struct http_resp *r = webhook("{\"update_id\":", SECRET_HEADER);

    assert_problem(r, 400, "malformed");
    http_free(r);
    r = webhook("{\"message\":{}}", SECRET_HEADER);
    assert_problem(r, 400, "malformed");
    http_free(r);
}

Test(telegram_webhook, linking_needs_a_signed_in_user)
{
    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/me/telegram/link", NULL, NULL);

    assert_problem(r, 401, "unauthorized");
    http_free(r);
}

/* Wait for the n-th sendMessage (bounded) and return its body as JSON. */
static struct json_object *
sent_message(int n)
{
    cr_assert_geq(fakebot_wait(bot, "sendMessage", n, 10000), n, "no sendMessage came");
    char *body = fakebot_body(bot, "sendMessage", n - 1);
    struct json_object *o = json_tokener_parse(body);
    free(body);
    cr_assert(o != NULL);
    return o;
}

static const char *
member(struct json_object *o, const char *name)
{
    struct json_object *v = NULL;

    cr_assert(json_object_object_get_ex(o, name, &v), "no %s", name);
    return json_object_get_string(v);
}

Test(telegram_poll, start_by_long_polling_links_the_chat_and_confirms_in_it)
{
    char *token = link_token();
    char text[128];
    http_free(http_auth(&srv, "PATCH", "/api/v1/me", tok, "{\"language\":\"uk\"}"));

    snprintf(text, sizeof(text), "/start %s", token);
    fakebot_queue_text(bot, 5001, 777, "sofia_tg", "en", text);

    struct json_object *o = sent_message(1);
    cr_assert_str_eq(member(o, "chat_id"), "777");
    cr_assert(strstr(member(o, "text"), "прив'язано") != NULL, "%s", member(o, "text"));
    json_object_put(o);
    cr_assert(is_linked());
    char *bot_token = fakebot_token(bot, "getUpdates", 0);
    cr_assert_str_eq(bot_token, "123:fake");
    free(bot_token);
    free(token);
}

Test(telegram_poll, the_next_poll_confirms_what_was_handled_and_repeats_change_nothing)
{
    char *token = link_token();
    char text[128];
    snprintf(text, sizeof(text), "/start %s", token);
    fakebot_queue_text(bot, 5001, 777, "sofia_tg", "en", text);
    json_object_put(sent_message(1));

    fakebot_queue_text(bot, 5002, 777, "sofia_tg", "en", "hello");
    struct json_object *o = sent_message(2);

    cr_assert(strstr(member(o, "text"), "QR") != NULL, "help for other messages");
    json_object_put(o);
    /* Polls: offset none (gets 5001), 5002 (gets 5002), then 5003. */
    cr_assert_geq(fakebot_wait(bot, "getUpdates", 3, 10000), 3);
    char *body = fakebot_body(bot, "getUpdates", 2);
    cr_assert(strstr(body, "\"offset\":5003") != NULL, "%s", body);
    free(body);
    fakebot_queue_text(bot, 5001, 777, "sofia_tg", "en", text);
    fakebot_queue_text(bot, 5003, 777, "sofia_tg", "en", "ping");
    json_object_put(sent_message(3));
    cr_assert_eq(fakebot_count(bot, "sendMessage"), 3, "the old update 5001 got no answer");
    free(token);
}

Test(telegram_poll, without_a_webhook_secret_the_webhook_is_404)
{
    struct http_resp *r = webhook("{\"update_id\":1}", SECRET_HEADER);

    assert_problem(r, 404, "not-found");
    http_free(r);
}

Test(telegram_poll, a_polling_server_sets_no_webhook)
{
    cr_assert_geq(fakebot_wait(bot, "getUpdates", 1, 10000), 1);
    cr_assert_eq(fakebot_count(bot, "setWebhook"), 0);
}

Test(telegram_poll, the_server_stops_promptly_during_a_long_poll)
{
    cr_assert_geq(fakebot_wait(bot, "getUpdates", 1, 10000), 1);

    cr_assert_eq(test_server_stop(&srv), 0);
}

Test(telegram_off, a_busy_bot_api_gets_the_webhook_again_after_retry_after)
{
    bot = fakebot_start();
    fakebot_fail_next(bot, 1, 429, 1);
    serve(true, "https://tickets.example");

    cr_assert_eq(fakebot_wait(bot, "setWebhook", 2, 10000), 2, "asked again after the 429");
    assert_registered(1, "https://tickets.example");
    test_server_destroy(&srv);
    fakebot_stop(bot);
}

Test(telegram_off, a_polling_server_deletes_a_webhook_left_from_before)
{
    bot = fakebot_start();
    fakebot_set_webhook(bot, true);
    serve(false, "http://127.0.0.1:8080");

    cr_assert_eq(fakebot_wait(bot, "deleteWebhook", 1, 10000), 1);
    cr_assert_geq(fakebot_wait(bot, "getUpdates", 2, 10000), 2, "the 409, then a poll");
    cr_assert_eq(fakebot_count(bot, "deleteWebhook"), 1);
    test_server_destroy(&srv);
    fakebot_stop(bot);
}

Test(telegram_off, without_a_bot_linking_is_404_and_status_says_unavailable)
{
    test_server_start(&srv, NULL);
    test_register(&srv, "sofia");
    tok = test_login(&srv, "sofia", TEST_PASSWORD, NULL);

    struct http_resp *r = http_auth(&srv, "POST", "/api/v1/me/telegram/link", tok, NULL);
    assert_problem(r, 404, "not-found");
    http_free(r);
    r = http_auth(&srv, "GET", "/api/v1/me/telegram", tok, NULL);
    cr_assert_not(jbool(r, "available"));
    http_free(r);
    r = http_auth(&srv, "DELETE", "/api/v1/me/telegram", tok, NULL);
    cr_assert_eq(r->status, 204);
    http_free(r);
    free(tok);
    test_server_destroy(&srv);
}
