/* SPDX-License-Identifier: MIT */
/*
 * The bot's parser and phrases (core/tgbot.c), and the Bot API JSON it
 * reads (chan/tgapi.c).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "chan/tgapi.h"
#include "core/tgbot.h"
#include "lib/arena.h"

static struct arena *a;

static void
setup(void)
{
    a = arena_create(4096);
}

static void
teardown(void)
{
    arena_destroy(a);
}

TestSuite(tgbot, .init = setup, .fini = teardown);

Test(tgbot, start_with_a_token_gives_the_token)
{
    cr_assert_str_eq(tgbot_start_token(a, "/start abc-DEF_123"), "abc-DEF_123");
    cr_assert_str_eq(tgbot_start_token(a, "/start@boxoffice_bot  abc"), "abc");
}

Test(tgbot, anything_else_gives_no_token)
{
    cr_assert_null(tgbot_start_token(a, "/start"));
    cr_assert_null(tgbot_start_token(a, "/starting abc"));
    cr_assert_null(tgbot_start_token(a, "/help abc"));
    cr_assert_null(tgbot_start_token(a, "/start ab$c"));
    cr_assert_null(tgbot_start_token(a, NULL));
    char longer[80];
    memset(longer, 'a', sizeof(longer));
    memcpy(longer, "/start ", 7);
    longer[79] = '\0';
    cr_assert_null(tgbot_start_token(a, longer), "over 64 characters");
}

Test(tgbot, replies_come_in_the_chat_language_with_english_for_the_rest)
{
    cr_assert(strstr(tgbot_text(TGBOT_LINKED, "ru"), "привязан") != NULL);
    cr_assert(strstr(tgbot_text(TGBOT_LINKED, "uk-UA"), "прив'язано") != NULL);
    cr_assert(strstr(tgbot_text(TGBOT_LINKED, "de"), "linked") != NULL);
    cr_assert(strstr(tgbot_text(TGBOT_BAD_TOKEN, NULL), "no longer works") != NULL);
    cr_assert_null(tgbot_text(TGBOT_SILENT, "en"));
    cr_assert_str_eq(tgbot_lang("russian"), "en");
}

Test(tgbot, an_update_is_read_with_its_chat_and_sender)
{
    const char *json = "{\"update_id\":900000001,\"message\":{\"message_id\":5,"
                       "\"from\":{\"id\":5000000001,\"username\":\"olena\","
                       "\"language_code\":\"uk\"},\"chat\":{\"id\":5000000001,"
                       "\"type\":\"private\"},\"text\":\"/start abc\"}}";
    struct tg_update u;

    cr_assert_eq(tgapi_parse_update(a, json, strlen(json), &u), BO_OK);

    cr_assert_eq(u.update_id, 900000001);
    cr_assert_str_eq(u.chat_id, "5000000001");
    cr_assert_str_eq(u.chat_type, "private");
    cr_assert_str_eq(u.username, "olena");
    cr_assert_str_eq(u.lang, "uk");
    cr_assert_str_eq(u.text, "/start abc");
}

Test(tgbot, a_body_without_update_id_is_malformed)
{
    struct tg_update u;

    cr_assert_eq(tgapi_parse_update(a, "{\"message\":{}}", 14, &u), BO_ERR_MALFORMED);
    cr_assert_eq(tgapi_parse_update(a, "[1]", 3, &u), BO_ERR_MALFORMED);
    cr_assert_eq(tgapi_parse_update(a, "{\"update_id\":", 13, &u), BO_ERR_MALFORMED);
    cr_assert_eq(tgapi_parse_update(a, "{\"update_id\":\"7\"}", 17, &u), BO_ERR_MALFORMED);
}

Test(tgbot, an_update_of_another_kind_has_no_message_fields)
{
    const char *json = "{\"update_id\":3,\"edited_message\":{\"text\":\"x\"}}";
    struct tg_update u;

    cr_assert_eq(tgapi_parse_update(a, json, strlen(json), &u), BO_OK);
    cr_assert_null(u.text);
    cr_assert_null(u.chat_id);
}

Test(tgbot, get_updates_replies_are_read_in_order)
{
    const char *json = "{\"ok\":true,\"result\":[{\"update_id\":1,\"message\":{\"chat\":"
                       "{\"id\":-100,\"type\":\"group\"},\"text\":\"hi\"}},{\"nope\":1},"
                       "{\"update_id\":2}]}";
    struct tg_update *u = NULL;
    size_t n = 0;

    cr_assert_eq(tgapi_parse_updates(a, json, strlen(json), &u, &n), BO_OK);

    cr_assert_eq(n, 2);
    cr_assert_eq(u[0].update_id, 1);
    cr_assert_str_eq(u[0].chat_id, "-100");
    cr_assert_eq(u[1].update_id, 2);
}

Test(tgbot, a_send_message_body_carries_one_inline_button)
{
    char *body = tgapi_send_message(a, "42", "Hi \"there\"", "Open", "https://x.example/s/1", true);

    cr_assert_str_eq(body,
                     "{\"method\":\"sendMessage\",\"chat_id\":42,\"text\":\"Hi \\\"there\\\"\","
                     "\"reply_markup\":{\"inline_keyboard\":[[{\"text\":\"Open\","
                     "\"url\":\"https://x.example/s/1\"}]]}}");
    cr_assert_str_eq(tgapi_send_message(a, "@news", "x", NULL, NULL, false),
                     "{\"chat_id\":\"@news\",\"text\":\"x\"}");
}

Test(tgbot, a_method_reply_gives_ok_code_and_retry_after)
{
    struct tgapi_reply r;

    tgapi_parse_reply(a,
                      "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests\","
                      "\"parameters\":{\"retry_after\":31}}",
                      &r);
    cr_assert_not(r.ok);
    cr_assert_eq(r.error_code, 429);
    cr_assert_eq(r.retry_after, 31);
    cr_assert_str_eq(r.description, "Too Many Requests");
    tgapi_parse_reply(a, "<html>bad gateway", &r);
    cr_assert_not(r.ok);
    cr_assert_eq(r.retry_after, 0);
}
