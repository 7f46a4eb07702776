/* SPDX-License-Identifier: MIT */
/*
 * tgbot.h - what the Telegram bot understands and says (seed 000:
 * verification of a profile's Telegram by QR). Pure: an inbound update comes
 * in as plain fields (chan/tgapi.h reads the JSON), the reply text comes out
 * in the chat's language (ru, uk, en).
 */
#ifndef BO_CORE_TGBOT_H
#define BO_CORE_TGBOT_H

#include <stdint.h>

struct arena;

/* Where Telegram posts updates (setWebhook), under the server's public URL. */
#define TGBOT_WEBHOOK_PATH "/api/v1/telegram/webhook"
/* Seconds a link token of t.me/<bot>?start=<token> stays valid. */
#define TGBOT_LINK_TTL 900
/*
 * Seconds an update id is remembered. Telegram keeps an unconfirmed update
 * for 24 hours at most, so an older one cannot come again; a week is margin.
 */
#define TGBOT_UPDATE_KEEP (7 * 86400)
/* Telegram allows at most 64 characters in a start parameter. */
#define TGBOT_TOKEN_MAX 64

/* The parts of an inbound update we use; strings may be NULL. */
struct tg_update {
    int64_t update_id;
    const char *chat_id;   /* decimal, as Telegram's integer chat id */
    const char *chat_type; /* "private", "group", ... */
    const char *username;  /* the sender's @name without the @ */
    const char *lang;      /* the sender's IETF language code ("uk", "en-GB") */
    const char *text;      /* the message text */
};

enum tgbot_reply {
    TGBOT_SILENT,      /* nothing to say (a repeated update, not a message) */
    TGBOT_LINKED,      /* the account is linked */
    TGBOT_BAD_TOKEN,   /* unknown, used or expired token */
    TGBOT_CHAT_TAKEN,  /* this chat is linked to another account */
    TGBOT_NOT_PRIVATE, /* linking works only in a private chat with the bot */
    TGBOT_HELP,        /* anything else: how to link */
};

/*
 * The token of "/start <token>" (also "/start@bot <token>"), in a; NULL
 * when text is not a /start command with a well-formed token.
 */
const char *tgbot_start_token(struct arena *a, const char *text);

/* "ru", "uk" or "en" for a Telegram language code or a profile language; "en" otherwise. */
const char *tgbot_lang(const char *code);

/* The reply in lang (tgbot_lang applied); NULL for TGBOT_SILENT. */
const char *tgbot_text(enum tgbot_reply reply, const char *lang);

#endif
