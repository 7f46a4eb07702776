/* SPDX-License-Identifier: MIT */
#include "jobs/scheduler.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "app/bookings.h"
#include "app/env.h"
#include "app/reminders.h"
#include "app/telegram.h"
#include "app/waitlist.h"
#include "config.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "lib/xalloc.h"

#define BATCH 500

struct scheduler {
    const struct app_env *env;
    int interval_ms;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
};

/* Issue 4: reminders 24 h / 1 h before a start, and the watcher that marks ended events done. */
static void
messaging_tick(struct ctx *c)
{
    int written = 0;
    int done = 0;

    if (reminders_work(c, BATCH, &written) != BO_OK) {
        log_warn("job.failed", "scheduler", "job=reminders");
    } else if (written > 0) {
        log_info("job.done", "scheduler", "job=reminders messages=%d", written);
    }
    if (events_finish_ended(c, BATCH, &done) != BO_OK) {
        log_warn("job.failed", "scheduler", "job=events.done");
    } else if (done > 0) {
        log_info("job.done", "scheduler", "job=events.done events=%d", done);
    }
}

void
scheduler_tick(const struct app_env *env)
{
    struct arena *a = arena_create(64 * 1024);
    struct ctx c = {.arena = a, .env = env, .now = clock_now(), .req_id = "scheduler"};
    int expired = 0;

    app_store_acquire(env, &c);
    enum bo_err err = bookings_expire_due(&c, BATCH, &expired);
    int offered = 0;
    if (err == BO_OK && waitlist_work(&c, BATCH, &offered) != BO_OK) {
        log_warn("job.failed", "scheduler", "job=waitlist.offer");
    } else if (offered > 0) {
        log_info("job.done", "scheduler", "job=waitlist.offer offered=%d", offered);
    }
    int purged = 0;
    if (c.now % 60 == 0 && bookings_purge_answers(&c, &purged) != BO_OK) {
        log_warn("job.failed", "scheduler", "job=idempotency.purge");
    }
    if (c.now % 3600 == 0 && telegram_purge_updates(&c, &purged) != BO_OK) {
        log_warn("job.failed", "scheduler", "job=telegram.purge");
    }
    int moved = 0;
    if (c.now % env->cfg->popularity_every == 0 && events_refresh_popularity(&c, &moved) != BO_OK) {
        log_warn("job.failed", "scheduler", "job=popularity.refresh");
    }
    messaging_tick(&c); /* issue 4 */
    if (app_flush_touches(&c) != BO_OK) {
        log_warn("job.failed", "scheduler", "job=tokens.touch");
    }
    app_store_release(env, &c);
    if (err) {
        log_warn("job.failed", "scheduler", "job=holds.expire err=%s", bo_err_name(err));
    } else if (expired > 0) {
        log_info("job.done", "scheduler", "job=holds.expire expired=%d", expired);
    }
    arena_destroy(a);
}

static void
deadline_after(int ms, struct timespec *ts)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static void *
run(void *arg)
{
    struct scheduler *s = arg;
    struct timespec until;

    pthread_mutex_lock(&s->lock);
    while (!s->stopping) {
        pthread_mutex_unlock(&s->lock);
        scheduler_tick(s->env);
        pthread_mutex_lock(&s->lock);
        deadline_after(s->interval_ms, &until);
        while (!s->stopping && pthread_cond_timedwait(&s->wake, &s->lock, &until) != ETIMEDOUT) {
        }
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

enum bo_err
scheduler_start(const struct app_env *env, int interval_ms, struct scheduler **out)
{
    struct scheduler *s = xcalloc(1, sizeof(*s));

    s->env = env;
    s->interval_ms = interval_ms;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    if (pthread_create(&s->thread, NULL, run, s) != 0) {
        free(s);
        return BO_ERR_INTERNAL;
    }
    *out = s;
    return BO_OK;
}

void
scheduler_stop(struct scheduler *s)
{
    if (s == NULL) {
        return;
    }
    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
