/* SPDX-License-Identifier: MIT */
#include "app/telegram.h"

#include <string.h>

#include "app/audit.h"
#include "app/env.h"
#include "app/tx.h"
#include "config.h"
#include "core/account.h"
#include "core/ctx.h"
#include "core/tgbot.h"
#include "lib/arena.h"
#include "lib/qr.h"
#include "lib/token.h"
#include "store/store.h"

bool
telegram_is_configured(const struct config *cfg)
{
    return cfg->telegram_bot_token[0] != '\0' && cfg->telegram_bot_name[0] != '\0';
}

static enum bo_err
not_set_up(struct ctx *c)
{
    return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "Telegram is not set up on this server");
}

struct token_args {
    const char *hash;
    int64_t expires_at;
};

static enum bo_err
add_token_job(struct ctx *c, void *arg)
{
    const struct token_args *t = arg;
    enum bo_err err = tx_begin(c);

    if (err == BO_OK) {
        err = store_telegram_token_add(c->store, t->hash, c->actor.user_id, c->now, t->expires_at);
    }
    return tx_end(c, err);
}

enum bo_err
telegram_link_create(struct ctx *c, struct telegram_link *out)
{
    const struct config *cfg = c->env->cfg;
    char *hash = arena_alloc(c->arena, TOKEN_HASH_LEN + 1);

    if (!telegram_is_configured(cfg)) {
        return not_set_up(c);
    }
    /* 43 base64url characters: within the 64 [A-Za-z0-9_-] a start parameter allows. */
    const char *token = token_new(c->arena, "");
    token_hash(token, hash);
    struct token_args t = {hash, c->now + TGBOT_LINK_TTL};
    enum bo_err err = app_write(c, add_token_job, &t);
    if (err) {
        return err;
    }
    out->url = arena_printf(c->arena, "https://t.me/%s?start=%s", cfg->telegram_bot_name, token);
    out->expires_at = t.expires_at;
    char *svg = NULL;
    if (!qr_svg(c->arena, out->url, &svg)) {
        return ctx_fail(c, BO_ERR_INTERNAL, NULL, "the QR code could not be made");
    }
    out->qr_svg = svg;
    return BO_OK;
}

enum bo_err
telegram_status(struct ctx *c, struct telegram_status *out)
{
    struct profile p;
    enum bo_err err = store_profile_get(c->store, c->arena, c->actor.user_id, &p);

    if (err) {
        return tx_fail(c, err);
    }
    memset(out, 0, sizeof(*out));
    out->available = telegram_is_configured(c->env->cfg);
    out->linked = p.is_telegram_verified;
    if (out->linked) {
        out->username = p.telegram_username;
        out->verified_at = p.telegram_verified_at;
    }
    return BO_OK;
}

static enum bo_err
unlink_job(struct ctx *c, void *arg)
{
    enum bo_err err = tx_begin(c);

    (void)arg;
    if (err == BO_OK) {
        err = store_telegram_unlink(c->store, c->actor.user_id);
    }
    if (err == BO_OK) {
        err = audit_write(c, "telegram.unlinked", "user", c->actor.user_id, NULL);
    }
    return tx_end(c, err);
}

enum bo_err
telegram_unlink(struct ctx *c)
{
    return app_write(c, unlink_job, NULL);
}

enum bo_err
telegram_webhook_check(struct ctx *c, const char *secret)
{
    const char *want = c->env->cfg->telegram_webhook_secret;
    char a[TOKEN_HASH_LEN + 1], b[TOKEN_HASH_LEN + 1];

    if (want[0] == '\0') {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL,
                        "this server takes Telegram updates by long polling, not by webhook");
    }
    /* Equal-length digests, so the comparison takes the same time whatever was sent. */
    token_hash(want, a);
    token_hash(secret ? secret : "", b);
    if (secret == NULL || !token_equal(a, b, TOKEN_HASH_LEN)) {
        return ctx_fail(c, BO_ERR_FORBIDDEN, "X-Telegram-Bot-Api-Secret-Token",
                        "the webhook secret is missing or wrong");
    }
    return BO_OK;
}

struct update_args {
    const struct tg_update *u;
    enum tgbot_reply reply;
    const char *lang; /* of the reply */
};

/* Link the chat of "/start <token>" to the token's account, in the open transaction. */
static enum bo_err
link_chat(struct ctx *c, struct update_args *a, const char *token)
{
    char hash[TOKEN_HASH_LEN + 1];
    int64_t user_id = 0, owner = 0;
    struct profile p;

    token_hash(token, hash);
    enum bo_err err = store_telegram_token_use(c->store, hash, c->now, &user_id);
    if (err == BO_ERR_NOT_FOUND) {
        a->reply = TGBOT_BAD_TOKEN;
        return BO_OK;
    }
    if (err == BO_OK) {
        err = store_telegram_chat_owner(c->store, a->u->chat_id, &owner);
    }
    if (err == BO_OK && owner != user_id) {
        a->reply = TGBOT_CHAT_TAKEN; /* the token is spent; the other account keeps its chat */
        return BO_OK;
    }
    if (err == BO_ERR_NOT_FOUND || err == BO_OK) {
        err = store_telegram_link(c->store, user_id, a->u->chat_id, a->u->username, c->now);
    }
    if (err == BO_OK) {
        err = store_profile_get(c->store, c->arena, user_id, &p);
    }
    if (err == BO_OK) {
        c->actor.user_id = user_id;
        err = audit_write(c, "telegram.linked", "user", user_id, NULL);
        a->reply = TGBOT_LINKED;
        a->lang = p.language;
    }
    return err;
}

/* What an update asks for, once it is known to be new. */
static enum bo_err
handle(struct ctx *c, struct update_args *a)
{
    const struct tg_update *u = a->u;

    if (u->chat_id == NULL || u->text == NULL) {
        return BO_OK; /* not a text message: nothing to answer */
    }
    const char *token = tgbot_start_token(c->arena, u->text);
    if (token == NULL) {
        a->reply = TGBOT_HELP;
        return BO_OK;
    }
    if (u->chat_type == NULL || strcmp(u->chat_type, "private") != 0) {
        a->reply = TGBOT_NOT_PRIVATE;
        return BO_OK;
    }
    return link_chat(c, a, token);
}

static enum bo_err
update_job(struct ctx *c, void *arg)
{
    struct update_args *a = arg;
    bool is_new = false;
    enum bo_err err = tx_begin(c);

    a->reply = TGBOT_SILENT;
    a->lang = a->u->lang;
    if (err == BO_OK) {
        err = store_telegram_update_seen(c->store, a->u->update_id, c->now, &is_new);
    }
    if (err == BO_OK && is_new) {
        err = handle(c, a);
    }
    return tx_end(c, err);
}

enum bo_err
telegram_update(struct ctx *c, const struct tg_update *u, struct telegram_answer *out)
{
    struct update_args a = {.u = u};
    struct actor saved = c->actor;

    c->actor.via = AUTH_SYSTEM;
    enum bo_err err = app_write(c, update_job, &a);
    c->actor = saved;
    out->chat_id = u->chat_id;
    out->text = err ? NULL : tgbot_text(a.reply, a.lang);
    return err;
}

static enum bo_err
purge_job(struct ctx *c, void *arg)
{
    enum bo_err err = tx_begin(c);

    if (err == BO_OK) {
        err = store_telegram_updates_purge(c->store, c->now - TGBOT_UPDATE_KEEP, arg);
    }
    return tx_end(c, err);
}

enum bo_err
telegram_purge_updates(struct ctx *c, int *purged)
{
    *purged = 0;
    return app_write(c, purge_job, purged);
}
