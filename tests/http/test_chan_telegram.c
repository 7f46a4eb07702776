/* SPDX-License-Identifier: MIT */
/*
 * The Telegram channel (chan_telegram_send) against the local stand-in of
 * the Bot API: what it sends, and how it reads each kind of answer.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chan/chan.h"
#include "chan/telegram.h"
#include "config.h"
#include "core/notice.h"
#include "lib/fakebot.h"

static struct fakebot *bot;
static struct config cfg;

static void
start(void)
{
    struct config_errors errs = {0};
    int rest[8], rest_count = 0;

    bot = fakebot_start();
    char url[64];
    snprintf(url, sizeof(url), "%s", fakebot_url(bot));
    char *argv[] = {"--telegram-api-url",   url,
                    "--telegram-bot-token", "123:secret-token",
                    "--public-url",         "https://tickets.example",
                    "--delivery-timeout",   "5"};
    config_defaults(&cfg);
    config_load_args(&cfg, 8, argv, rest, &rest_count, &errs);
    cr_assert_eq(errs.count, 0);
}

static void
stop(void)
{
    chan_telegram_thread_done();
    config_free(&cfg);
    fakebot_stop(bot);
}

TestSuite(chan_telegram, .init = start, .fini = stop, .timeout = 30);

static const struct notice note = {.subject = "Booking confirmed",
                                   .text = "Your booking for Hamlet is confirmed.",
                                   .button = "Open the booking"};

static void
send(const char *link, const char *payload, struct chan_result *r)
{
    struct chan_msg m = {.delivery_id = 7,
                         .message_id = "booking.confirmed:7",
                         .target = "424242",
                         .category = "booking.confirmed",
                         .payload = payload,
                         .link = link,
                         .notice = &note,
                         .now = 1700000000};

    chan_telegram_send(&cfg, &m, r);
}

static struct json_object *
sent_body(int i)
{
    char *body = fakebot_body(bot, "sendMessage", i);

    cr_assert(body != NULL, "no sendMessage number %d", i);
    struct json_object *o = json_tokener_parse(body);
    free(body);
    cr_assert(o != NULL);
    return o;
}

static const char *
path_str(struct json_object *o, const char *const *path)
{
    for (; *path != NULL; path++) {
        struct json_object *next = NULL;
        if (json_object_is_type(o, json_type_array)) {
            next = json_object_array_get_idx(o, (size_t)strtol(*path, NULL, 10));
        } else {
            json_object_object_get_ex(o, *path, &next);
        }
        cr_assert(next != NULL, "no member %s", *path);
        o = next;
    }
    return json_object_get_string(o);
}

Test(chan_telegram, success_sends_the_text_with_an_inline_button_to_the_link)
{
    struct chan_result r;

    send("https://tickets.example/s/Ab3d", NULL, &r);

    cr_assert_eq(r.outcome, CHAN_SENT, "%s", r.error);
    cr_assert_eq(r.status_code, 200);
    char *token = fakebot_token(bot, "sendMessage", 0);
    cr_assert_str_eq(token, "123:secret-token");
    free(token);
    struct json_object *o = sent_body(0);
    const char *const chat[] = {"chat_id", NULL};
    const char *const text[] = {"text", NULL};
    const char *const url[] = {"reply_markup", "inline_keyboard", "0", "0", "url", NULL};
    const char *const label[] = {"reply_markup", "inline_keyboard", "0", "0", "text", NULL};
    cr_assert_str_eq(path_str(o, chat), "424242");
    cr_assert_str_eq(path_str(o, text), "Your booking for Hamlet is confirmed.");
    cr_assert_str_eq(path_str(o, url), "https://tickets.example/s/Ab3d");
    cr_assert_str_eq(path_str(o, label), "Open the booking");
    json_object_put(o);
}

Test(chan_telegram, without_a_short_link_the_payload_link_is_made_absolute)
{
    struct chan_result r;

    send(NULL, "{\"booking_id\":7,\"link\":\"/bookings/7\"}", &r);

    cr_assert_eq(r.outcome, CHAN_SENT, "%s", r.error);
    struct json_object *o = sent_body(0);
    const char *const url[] = {"reply_markup", "inline_keyboard", "0", "0", "url", NULL};
    cr_assert_str_eq(path_str(o, url), "https://tickets.example/bookings/7");
    json_object_put(o);
}

Test(chan_telegram, too_many_requests_is_a_retry_after_the_given_seconds)
{
    struct chan_result r;

    fakebot_fail_next(bot, 1, 429, 17);
    send("https://tickets.example/s/Ab3d", NULL, &r);

    cr_assert_eq(r.outcome, CHAN_RETRY);
    cr_assert_eq(r.status_code, 429);
    cr_assert_eq(r.retry_after_s, 17);
    cr_assert(strstr(r.error, "429") != NULL, "%s", r.error);
    send("https://tickets.example/s/Ab3d", NULL, &r);
    cr_assert_eq(r.outcome, CHAN_SENT, "the next call goes through: %s", r.error);
}

Test(chan_telegram, a_blocked_bot_is_given_up)
{
    struct chan_result r;

    fakebot_fail_next(bot, 1, 403, 0);
    send("https://tickets.example/s/Ab3d", NULL, &r);

    cr_assert_eq(r.outcome, CHAN_GIVE_UP);
    cr_assert_eq(r.status_code, 403);
    cr_assert(strstr(r.error, "blocked") != NULL, "%s", r.error);
}

Test(chan_telegram, a_server_error_is_a_retry_with_backoff)
{
    struct chan_result r;

    fakebot_fail_next(bot, 1, 502, 0);
    send(NULL, NULL, &r);

    cr_assert_eq(r.outcome, CHAN_RETRY);
    cr_assert_eq(r.retry_after_s, 0);
}

Test(chan_telegram, no_reply_is_a_retry)
{
    struct chan_result r;

    free(cfg.telegram_api_url);
    cfg.telegram_api_url = strdup("http://127.0.0.1:1");
    send(NULL, NULL, &r);

    cr_assert_eq(r.outcome, CHAN_RETRY);
    cr_assert_eq(r.status_code, 0);
    cr_assert(r.error[0] != '\0');
}

Test(chan_telegram, no_link_sends_the_text_alone)
{
    struct chan_result r;

    send(NULL, "{\"booking_id\":7}", &r);

    cr_assert_eq(r.outcome, CHAN_SENT, "%s", r.error);
    struct json_object *o = sent_body(0);
    struct json_object *markup = NULL;
    cr_assert_not(json_object_object_get_ex(o, "reply_markup", &markup));
    json_object_put(o);
}
