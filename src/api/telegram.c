/* SPDX-License-Identifier: MIT */
/*
 * telegram.c - /api/v1/me/telegram (link, status, unlink) and
 * /api/v1/telegram/webhook, where Telegram delivers the bot's updates.
 *
 * The webhook answers the update in its own reply: a body with
 * "method":"sendMessage" makes Telegram send the bot's answer, so an HTTP
 * thread never waits on an outbound call (Bot API, "Making requests when
 * getting updates"). The long poll (jobs/telegram_poll.c) sends it itself.
 */
#include "api/handlers.h"

#include <string.h>

#include "api/json_out.h"
#include "api/req.h"
#include "app/telegram.h"
#include "chan/tgapi.h"
#include "core/ctx.h"
#include "core/tgbot.h"

enum bo_err
api_me_telegram_get(struct req *r)
{
    struct telegram_status out;

    enum bo_err err = telegram_status(r->ctx, &out);
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_telegram_status(&out));
}

enum bo_err
api_me_telegram_link(struct req *r)
{
    struct telegram_link out;

    enum bo_err err = telegram_link_create(r->ctx, &out);
    if (err) {
        return err;
    }
    return json_out_reply(r, 201, json_out_telegram_link(&out));
}

enum bo_err
api_me_telegram_delete(struct req *r)
{
    enum bo_err err = telegram_unlink(r->ctx);

    if (err == BO_OK) {
        req_reply_empty(r, 204);
    }
    return err;
}

enum bo_err
api_telegram_webhook(struct req *r)
{
    static const char nothing[] = "{}";
    struct ctx *c = r->ctx;
    struct tg_update u;
    struct telegram_answer answer;

    enum bo_err err = telegram_webhook_check(c, r->header(r, "X-Telegram-Bot-Api-Secret-Token"));
    if (err) {
        return err;
    }
    if (tgapi_parse_update(c->arena, r->body.ptr, r->body.len, &u) != BO_OK) {
        return ctx_fail(c, BO_ERR_MALFORMED, NULL, "the body is not a Telegram Update object");
    }
    err = telegram_update(c, &u, &answer);
    if (err) {
        return err;
    }
    if (answer.text == NULL) {
        req_reply_text(r, 200, "application/json", nothing, sizeof(nothing) - 1);
        return BO_OK;
    }
    const char *body = tgapi_send_message(c->arena, answer.chat_id, answer.text, NULL, NULL, true);
    req_reply_text(r, 200, "application/json", body, strlen(body));
    return BO_OK;
}
