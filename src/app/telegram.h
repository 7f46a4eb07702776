/* SPDX-License-Identifier: MIT */
/*
 * telegram.h - linking an account to a Telegram chat (seed 000: Telegram
 * verification by QR; seed 002 telegram_subscriptions), for the
 * /me/telegram endpoints, the webhook and the long poll (jobs/telegram_poll).
 *
 * The account asks for a link t.me/<bot>?start=<token> (also as a QR code);
 * the person opens it in Telegram, which sends "/start <token>" to the bot;
 * that update, by webhook or long poll, links the chat to the account. A
 * token is single-use, lives TGBOT_LINK_TTL seconds, and only its hash is
 * stored. Every update is handled once (telegram_updates by update_id).
 * A chat linked to another account is refused: that account must unlink
 * first (nobody's link is moved away behind their back).
 */
#ifndef BO_APP_TELEGRAM_H
#define BO_APP_TELEGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct config;
struct ctx;
struct tg_update;

struct telegram_link {
    const char *url;    /* https://t.me/<bot>?start=<token> */
    const char *qr_svg; /* the url as a QR code, SVG */
    int64_t expires_at;
};

struct telegram_status {
    bool available; /* Telegram is set up on this server */
    bool linked;
    const char *username; /* NULL when unknown or not linked */
    int64_t verified_at;  /* 0 when not linked */
};

/* What to say in the chat after an update; text NULL: nothing. */
struct telegram_answer {
    const char *chat_id;
    const char *text;
};

/* Is a bot set up (token and name)? */
bool telegram_is_configured(const struct config *cfg);

/* A new link token for the caller. NOT_FOUND when Telegram is not set up here. */
enum bo_err telegram_link_create(struct ctx *c, struct telegram_link *out);
enum bo_err telegram_status(struct ctx *c, struct telegram_status *out);
/* Unlink the caller's chat; fine when none is linked. */
enum bo_err telegram_unlink(struct ctx *c);

/*
 * May this webhook call in? NOT_FOUND when no webhook secret is set (the
 * server long-polls instead), FORBIDDEN when secret (the
 * X-Telegram-Bot-Api-Secret-Token header) is missing or wrong; compared in
 * constant time.
 */
enum bo_err telegram_webhook_check(struct ctx *c, const char *secret);

/*
 * Handle one inbound update, once: a resent update_id changes nothing and
 * says nothing. "/start <token>" with a valid token links the chat (token
 * used, subscription, profile flags: one transaction) and answers in the
 * account's language; anything else gets a polite answer in the sender's.
 */
enum bo_err telegram_update(struct ctx *c, const struct tg_update *u, struct telegram_answer *out);

/*
 * Forget the update ids received more than TGBOT_UPDATE_KEEP before now
 * (Telegram never sends those again); *purged of them. The scheduler's.
 */
enum bo_err telegram_purge_updates(struct ctx *c, int *purged);

#endif
