/* SPDX-License-Identifier: MIT */
/*
 * telegram_poll.h - the bot's updates by long polling (getUpdates), for a
 * server Telegram cannot reach with a webhook (local use, behind NAT).
 *
 * Runs on its own thread inside `serve` and `boxoffice worker` when a bot
 * token is set and no webhook secret is (with a secret, updates come to
 * POST /api/v1/telegram/webhook instead; Telegram refuses getUpdates while
 * a webhook is set). Each update goes through the same use case as the
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

/* Should this process poll (a bot token and no webhook secret)? */
bool telegram_poll_wanted(const struct config *cfg);
enum bo_err telegram_poll_start(const struct app_env *env, struct telegram_poll **out);
/* Abandon the poll in flight (within about a second), wait for the thread, free it. */
void telegram_poll_stop(struct telegram_poll *p);

#endif
