/* SPDX-License-Identifier: MIT */
/*
 * delivery.h - the delivery engine's threads inside `serve` and `boxoffice
 * worker` (with --deliver): one router that turns outbox rows into
 * deliveries, and cfg->delivery_workers senders that claim due deliveries
 * and send them through the channels (chan/chan.h). Each thread works
 * while there is work and otherwise naps a moment; several processes may
 * run them against one PostgreSQL database (SKIP LOCKED claims).
 */
#ifndef BO_JOBS_DELIVERY_H
#define BO_JOBS_DELIVERY_H

#include "core/err.h"

struct app_env;
struct chan_table;
struct config;
struct delivery_engine;

/* The real channels: chan_email_send, chan_telegram_send, chan_webhook_send. */
extern const struct chan_table delivery_channels;

/* Store handles the engine holds at once (for the pool's size). */
int delivery_handles(const struct config *cfg);
/* Start the router and the senders, sending through tab. */
enum bo_err delivery_start(const struct app_env *env, const struct chan_table *tab,
                           struct delivery_engine **out);
/* Ask every thread to stop, wait for the sends in progress, free it. NULL is fine. */
void delivery_stop(struct delivery_engine *e);

#endif
