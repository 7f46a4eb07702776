/* SPDX-License-Identifier: MIT */
/*
 * telegram.h - the Telegram Bot API beyond chan_telegram_send (chan.h): a
 * plain reply in a chat, and the long poll of getUpdates for a server that
 * has no public address for a webhook (jobs/telegram_poll.c).
 */
#ifndef BO_CHAN_TELEGRAM_H
#define BO_CHAN_TELEGRAM_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "chan/chan.h"
#include "core/err.h"

struct arena;
struct config;
struct tg_update;

/* sendMessage of text to chat_id, no button; the outcome as chan_telegram_send reports it. */
void chan_telegram_say(const struct config *cfg, const char *chat_id, const char *text,
                       struct chan_result *r);

/*
 * getUpdates from offset on, held by Telegram up to timeout_s (a long
 * poll). The updates go into *out (*count of them, in a). Returns at once,
 * UNAVAILABLE, when *stop becomes true meanwhile (within about a second:
 * libcurl's progress callback), so a stopping server need not wait out the
 * poll; UNAVAILABLE too when no reply came or it was not ok (the caller
 * backs off), CONFLICT when Telegram refuses to poll because a webhook is
 * set, MALFORMED when it could not be read.
 */
enum bo_err chan_telegram_get_updates(const struct config *cfg, struct arena *a, int64_t offset,
                                      int timeout_s, const atomic_bool *stop,
                                      struct tg_update **out, size_t *count);

/*
 * setWebhook: updates to public_url + TGBOT_WEBHOOK_PATH with the
 * webhook secret. Outcomes as for a message (a 4xx such as "HTTPS URL must
 * be provided" is GIVE_UP).
 */
void chan_telegram_set_webhook(const struct config *cfg, struct chan_result *r);

/* deleteWebhook: back to getUpdates (pending updates are kept). */
void chan_telegram_delete_webhook(const struct config *cfg, struct chan_result *r);

/* Free this thread's long-poll handle; call before the polling thread ends. */
void chan_telegram_thread_done(void);

#endif
