/* SPDX-License-Identifier: MIT */
/*
 * tgapi.h - the JSON of the Telegram Bot API: the bodies we send
 * (sendMessage, getUpdates) and what we read back (a method's reply, the
 * updates of getUpdates and of the webhook). Pure functions over json-c, so
 * the webhook handler, the long poll and the channel read and write the
 * same shapes, and a fuzz target can reach the parsers without a network.
 * https://core.telegram.org/bots/api
 */
#ifndef BO_CHAN_TGAPI_H
#define BO_CHAN_TGAPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/tgbot.h"

struct arena;

/* A method's reply: {"ok":false,"error_code":429,"parameters":{"retry_after":5},...}. */
struct tgapi_reply {
    bool ok;
    int error_code;
    int retry_after; /* seconds; 0 when not given */
    const char *description;
};

/*
 * The body of sendMessage to chat_id (a decimal id goes as a JSON integer,
 * anything else, such as "@channel", as a string), with one inline button
 * (button, url) when both are given. with_method adds "method":"sendMessage",
 * which turns the body into an answer to a webhook call (Telegram then
 * performs it, so the HTTP thread makes no outbound call). In a.
 */
char *tgapi_send_message(struct arena *a, const char *chat_id, const char *text, const char *button,
                         const char *url, bool with_method);

/* The body of getUpdates: updates from offset on, held up to timeout_s; messages only. */
char *tgapi_get_updates(struct arena *a, int64_t offset, int timeout_s, int limit);

/*
 * The body of setWebhook: Telegram is to POST updates (messages only) to
 * url with the header X-Telegram-Bot-Api-Secret-Token: secret.
 */
char *tgapi_set_webhook(struct arena *a, const char *url, const char *secret);

/* A reply body (NUL-terminated, may be cut short or empty) into *out; strings in a. */
void tgapi_parse_reply(struct arena *a, const char *body, struct tgapi_reply *out);

/*
 * One Update object (a webhook call's body). MALFORMED when it is not a JSON
 * object with an integer update_id; the message fields are NULL when absent.
 */
enum bo_err tgapi_parse_update(struct arena *a, const char *json, size_t len,
                               struct tg_update *out);

/*
 * The updates of a getUpdates reply ({"ok":true,"result":[...]}), skipping
 * entries without an update_id. MALFORMED when it is not such a reply.
 */
enum bo_err tgapi_parse_updates(struct arena *a, const char *json, size_t len,
                                struct tg_update **out, size_t *count);

/* A top-level string member of a JSON object (a payload's "link"), in a; NULL if none. */
const char *tgapi_string_member(struct arena *a, const char *json, const char *name);

#endif
