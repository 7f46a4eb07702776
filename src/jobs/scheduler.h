/* SPDX-License-Identifier: MIT */
/*
 * scheduler.h - the periodic jobs of the server: expiring holds (and, as
 * they arrive, working the waitlist, reminders, the outbox).
 *
 * Runs on its own thread inside `serve`, or alone as `boxoffice worker`.
 * Every job calls the same app/ use cases HTTP does, and every transition
 * they make is conditional on the state it read, so several schedulers on
 * one PostgreSQL database never apply a change twice.
 */
#ifndef BO_JOBS_SCHEDULER_H
#define BO_JOBS_SCHEDULER_H

#include "core/err.h"

struct app_env;
struct scheduler;

/* Start the thread; a tick every interval_ms. */
enum bo_err scheduler_start(const struct app_env *env, int interval_ms, struct scheduler **out);
/* Ask it to stop, wait for the tick in progress, free it. */
void scheduler_stop(struct scheduler *s);

/* One tick on the calling thread (for `worker --once` and tests). */
void scheduler_tick(const struct app_env *env);

#endif
