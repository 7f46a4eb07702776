/* SPDX-License-Identifier: MIT */
/*
 * Telegram linking with the clock in the test's hand: tokens expire, are
 * single-use, a resent update changes nothing, a chat belongs to one
 * account. A real store on either backend (BOXOFFICE_TEST_STORE).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts.h"
#include "app/telegram.h"
#include "core/ctx.h"
#include "core/tgbot.h"
#include "lib/appenv.h"

#define T0 2000000000

static int64_t ann, ben;

static void
tune(struct config *cfg)
{
    free(cfg->telegram_bot_token);
    cfg->telegram_bot_token = strdup("123:test");
    free(cfg->telegram_bot_name);
    cfg->telegram_bot_name = strdup("boxoffice_test_bot");
}

static void
setup(void)
{
    appenv_open(tune);
    ann = appenv_user("ann", T0);
    ben = appenv_user("ben", T0);
}

static void
teardown(void)
{
    appenv_close();
}

TestSuite(telegram, .init = setup, .fini = teardown, .timeout = 60);

/* A link token of user at now (the part after start=), malloc'd. */
static char *
new_token(int64_t user, int64_t now)
{
    struct ctx c = appenv_as(user, now);
    struct telegram_link l;

    cr_assert_eq(telegram_link_create(&c, &l), BO_OK, "%s", c.err_detail);
    cr_assert_eq(l.expires_at, now + TGBOT_LINK_TTL);
    char *token = strdup(strstr(l.url, "?start=") + 7);
    appenv_done(&c);
    return token;
}

/* Send "/start <token>" from chat as update id at now; returns the reply (static). */
static const char *
start(int64_t id, const char *chat, const char *token, int64_t now)
{
    static char reply[512];
    struct ctx c = appenv_as(0, now);
    char text[128];
    struct tg_update u = {.update_id = id,
                          .chat_id = chat,
                          .chat_type = "private",
                          .username = "tg_user",
                          .lang = "en",
                          .text = text};
    struct telegram_answer a;

    snprintf(text, sizeof(text), "/start %s", token);
    cr_assert_eq(telegram_update(&c, &u, &a), BO_OK, "%s", c.err_detail);
    snprintf(reply, sizeof(reply), "%s", a.text ? a.text : "");
    appenv_done(&c);
    return reply;
}

static struct telegram_status
status(int64_t user)
{
    struct ctx c = appenv_as(user, T0);
    struct telegram_status s;

    cr_assert_eq(telegram_status(&c, &s), BO_OK);
    s.username = NULL; /* lives in c's arena */
    appenv_done(&c);
    return s;
}

Test(telegram, a_valid_token_links_the_chat_and_answers_in_the_account_language)
{
    char *t = new_token(ann, T0);

    const char *reply = start(1, "5001", t, T0 + 60);

    cr_assert(strstr(reply, "привязан") != NULL, "ann's profile is in Russian: %s", reply);
    struct telegram_status s = status(ann);
    cr_assert(s.linked);
    cr_assert_eq(s.verified_at, T0 + 60);
    struct ctx c = appenv_as(ann, T0);
    struct me me;
    cr_assert_eq(accounts_me(&c, &me), BO_OK);
    cr_assert(me.profile.is_telegram_verified);
    cr_assert_str_eq(me.profile.telegram_chat_id, "5001");
    cr_assert_str_eq(me.profile.telegram_username, "tg_user");
    appenv_done(&c);
    free(t);
}

Test(telegram, an_expired_token_is_refused_politely_and_changes_nothing)
{
    char *t = new_token(ann, T0);

    const char *reply = start(1, "5001", t, T0 + TGBOT_LINK_TTL);

    cr_assert(strstr(reply, "no longer works") != NULL, "%s", reply);
    cr_assert_not(status(ann).linked);
    free(t);
}

Test(telegram, a_used_token_is_refused)
{
    char *t = new_token(ann, T0);
    start(1, "5001", t, T0 + 1);
    struct ctx c = appenv_as(ann, T0 + 2);
    cr_assert_eq(telegram_unlink(&c), BO_OK);
    appenv_done(&c);

    const char *reply = start(2, "5001", t, T0 + 3);

    cr_assert(strstr(reply, "no longer works") != NULL, "%s", reply);
    cr_assert_not(status(ann).linked);
    free(t);
}

Test(telegram, a_resent_update_has_no_effect_and_no_answer)
{
    char *t1 = new_token(ann, T0);
    char *t2 = new_token(ben, T0);
    start(7, "5001", t1, T0 + 1);

    const char *reply = start(7, "5002", t2, T0 + 2);

    cr_assert_str_eq(reply, "");
    cr_assert_not(status(ben).linked, "update 7 was handled already");
    cr_assert(strstr(start(8, "5002", t2, T0 + 3), "привязан") != NULL, "t2 is still unused");
    cr_assert(status(ben).linked);
    free(t1);
    free(t2);
}

static int
purge(int64_t now)
{
    struct ctx c = appenv_as(0, now);
    int purged = -1;

    cr_assert_eq(telegram_purge_updates(&c, &purged), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
    return purged;
}

Test(telegram, update_ids_are_kept_a_week_then_forgotten)
{
    char *t1 = new_token(ann, T0);
    start(7, "5001", t1, T0);
    start(8, "5001", "unknown", T0 + 3600);

    cr_assert_eq(purge(T0 + TGBOT_UPDATE_KEEP), 0, "a week to the second is kept");
    cr_assert_str_eq(start(7, "5001", t1, T0 + TGBOT_UPDATE_KEEP), "", "still seen");
    cr_assert_eq(purge(T0 + TGBOT_UPDATE_KEEP + 1), 1, "only the older one goes");
    cr_assert_eq(purge(T0 + TGBOT_UPDATE_KEEP + 1), 0);
    cr_assert_str_eq(start(8, "5001", "unknown", T0 + TGBOT_UPDATE_KEEP + 2), "",
                     "update 8 is still remembered");
    cr_assert_neq(start(7, "5001", t1, T0 + TGBOT_UPDATE_KEEP + 3)[0], 0,
                  "update 7 is forgotten: handled again (its token is used by now)");
    free(t1);
}

Test(telegram, a_chat_linked_to_another_account_is_refused)
{
    char *t1 = new_token(ann, T0);
    char *t2 = new_token(ben, T0);
    start(1, "5001", t1, T0 + 1);

    const char *reply = start(2, "5001", t2, T0 + 2);

    cr_assert(strstr(reply, "another account") != NULL, "%s", reply);
    cr_assert_not(status(ben).linked);
    cr_assert(status(ann).linked, "ann keeps her chat");
    free(t1);
    free(t2);
}

Test(telegram, relinking_moves_the_account_to_its_new_chat)
{
    char *t1 = new_token(ann, T0);
    char *t2 = new_token(ann, T0 + 10);
    start(1, "5001", t1, T0 + 1);

    start(2, "5009", t2, T0 + 20);

    struct ctx c = appenv_as(ann, T0);
    struct me me;
    cr_assert_eq(accounts_me(&c, &me), BO_OK);
    cr_assert_str_eq(me.profile.telegram_chat_id, "5009");
    appenv_done(&c);
    free(t1);
    free(t2);
}

Test(telegram, unlinking_clears_the_profile)
{
    char *t = new_token(ann, T0);
    start(1, "5001", t, T0 + 1);
    struct ctx c = appenv_as(ann, T0 + 2);

    cr_assert_eq(telegram_unlink(&c), BO_OK);

    struct me me;
    cr_assert_eq(accounts_me(&c, &me), BO_OK);
    cr_assert_not(me.profile.is_telegram_verified);
    cr_assert_null(me.profile.telegram_chat_id);
    cr_assert_eq(me.profile.telegram_verified_at, 0);
    appenv_done(&c);
    free(t);
}

Test(telegram, other_messages_get_help_in_the_sender_language)
{
    struct ctx c = appenv_as(0, T0);
    struct tg_update u = {
        .update_id = 3, .chat_id = "5001", .chat_type = "private", .lang = "uk", .text = "привіт"};
    struct telegram_answer a;

    cr_assert_eq(telegram_update(&c, &u, &a), BO_OK);

    cr_assert(strstr(a.text, "QR-код") != NULL, "%s", a.text);
    appenv_done(&c);
}
