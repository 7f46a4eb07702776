/* SPDX-License-Identifier: MIT */
/*
 * telegram_poll.h - how the bot's updates reach us, on a thread of its own
 * inside `serve` and `boxoffice worker` when a bot token is set.
 *
 * With a webhook secret, the thread registers the webhook (setWebhook:
 * public_url + /api/v1/telegram/webhook, the secret) and ends; updates then
 * come to that endpoint. Without one it long-polls (getUpdates), for a
 * server Telegram cannot reach (local use, behind NAT); Telegram refuses
 * getUpdates while a webhook is set. Each update goes through the same use case as the
 * webhook (app/telegram.h); the reply is sent with sendMessage. An update
 * whose handling failed (the database was away) is fetched again: the
 * offset moves past an update only once it is handled, and
 * handling it twice is harmless (update_id de-duplication).
 */
#ifndef BO_JOBS_TELEGRAM_POLL_H
#define BO_JOBS_TELEGRAM_POLL_H

#include <stdbool.h>

#include "core/err.h"

struct app_env;
struct config;
struct telegram_poll;

/* Is there a bot (a token) whose updates this process should see to? */
bool telegram_poll_wanted(const struct config *cfg);
enum bo_err telegram_poll_start(const struct app_env *env, struct telegram_poll **out);
/* Abandon the poll in flight (within about a second), wait for the thread, free it. */
void telegram_poll_stop(struct telegram_poll *p);

#endif
