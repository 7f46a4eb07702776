/* SPDX-License-Identifier: MIT */
/*
 * delivery.c - the router and sender threads (delivery.h).
 *
 * A thread that found work goes again at once; one that found none waits
 * NAP_MS or until stopped. Stopping lets a send in progress finish (each
 * send has its own timeout, cfg->delivery_timeout); a process killed
 * instead leaves its claims to expire with their lease.
 */
#include "jobs/delivery.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "app/env.h"
#include "app/messaging.h"
#include "chan/telegram.h"
#include "config.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "lib/xalloc.h"

#define NAP_MS 500
#define BUSY_NAP_MS 20
#define MAX_DEFER_MS 1000
#define ROUTE_BATCH 200

const struct chan_table delivery_channels = {
    .send = {[CHAN_EMAIL] = chan_email_send,
             [CHAN_TELEGRAM] = chan_telegram_send,
             [CHAN_WEBHOOK] = chan_webhook_send},
};

struct delivery_engine {
    const struct app_env *env;
    const struct chan_table *tab;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
    int thread_count;
    pthread_t *threads;
    atomic_uint_fast64_t last_round; /* clock_mono_ns of the newest round of any thread */
};

int
delivery_handles(const struct config *cfg)
{
    return cfg->deliver ? cfg->delivery_workers + 1 : 0;
}

/* Is there work of this kind? A read, so an idle engine queues no empty writes. */
static bool
due(struct ctx *c, bool for_route)
{
    bool route = false, send = false;

    if (messaging_due(c, &route, &send) != BO_OK) {
        log_warn("job.failed", "delivery", "job=outbox.due err=%s", bo_err_name(c->err));
        return false;
    }
    return for_route ? route : send;
}

/* One round of work on a fresh ctx; returns how much was done. */
static int
route_round(struct delivery_engine *e, struct ctx *c)
{
    int routed = 0;

    (void)e;
    if (!due(c, true)) {
        return 0;
    }
    if (messaging_route(c, ROUTE_BATCH, &routed) != BO_OK) {
        log_warn("job.failed", "delivery", "job=outbox.route err=%s", bo_err_name(c->err));
    }
    return routed;
}

static int
send_round(struct delivery_engine *e, struct ctx *c)
{
    int sent = 0;

    if (!due(c, false)) {
        return 0;
    }
    if (messaging_deliver_due(c, e->tab, e->env->cfg->delivery_batch, &sent) != BO_OK) {
        log_warn("job.failed", "delivery", "job=outbox.deliver err=%s", bo_err_name(c->err));
    }
    return sent;
}

/* Wait NAP_MS unless stopped; true while the engine runs. */
static bool
nap(struct delivery_engine *e)
{
    struct timespec until;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += NAP_MS * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&e->lock);
    while (!e->stopping && pthread_cond_timedwait(&e->wake, &e->lock, &until) != ETIMEDOUT) {
    }
    bool running = !e->stopping;
    pthread_mutex_unlock(&e->lock);
    return running;
}

static bool
running(struct delivery_engine *e)
{
    pthread_mutex_lock(&e->lock);
    bool r = !e->stopping;
    pthread_mutex_unlock(&e->lock);
    return r;
}

/* Wait a moment, unless stopped; true while the engine runs. */
static bool
pause_briefly(struct delivery_engine *e)
{
    nanosleep(&(struct timespec){0, BUSY_NAP_MS * 1000000L}, NULL);
    return running(e);
}

/*
 * May this thread start a round now? Always, unless requests wait on the
 * writer: then the engine as a whole (not each thread) takes one round every
 * MAX_DEFER_MS, so a storm's messages slow down to a trickle, never stop.
 */
static bool
take_turn(struct delivery_engine *e)
{
    uint64_t now = clock_mono_ns();
    uint_fast64_t last = atomic_load(&e->last_round);

    if (!app_writer_busy(e->env)) {
        atomic_store(&e->last_round, now);
        return true;
    }
    return now - last >= MAX_DEFER_MS * 1000000u &&
           atomic_compare_exchange_strong(&e->last_round, &last, now);
}

static void
loop(struct delivery_engine *e, int (*round)(struct delivery_engine *, struct ctx *),
     const char *name)
{
    struct arena *a = arena_create(64 * 1024);

    while (running(e)) {
        if (!take_turn(e)) {
            if (!pause_briefly(e)) {
                break;
            }
            continue;
        }
        struct ctx c = {.arena = a, .env = e->env, .now = clock_now(), .req_id = name};
        app_store_acquire(e->env, &c);
        int done = round(e, &c);
        app_store_release(e->env, &c);
        arena_reset(a);
        if (done == 0 && !nap(e)) {
            break;
        }
    }
    arena_destroy(a);
}

/*
 * Requests first: the engine's threads run at a lower priority (Linux sets
 * nice per thread), so under a booking storm notifications wait and drain
 * after it, instead of taking CPU from the bookings that make them.
 */
static void
yield_to_requests(const struct delivery_engine *e)
{
    int nice = e->env->cfg->delivery_nice;

    if (nice > 0 && setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), nice) != 0) {
        log_warn("delivery.nice_failed", "delivery", "errno=%d", errno);
    }
}

static void *
router_main(void *arg)
{
    yield_to_requests(arg);
    loop(arg, route_round, "router");
    return NULL;
}

static void *
sender_main(void *arg)
{
    yield_to_requests(arg);
    loop(arg, send_round, "sender");
    chan_telegram_thread_done(); /* this thread's curl handles and their connections */
    chan_email_thread_done();
    return NULL;
}

enum bo_err
delivery_start(const struct app_env *env, const struct chan_table *tab,
               struct delivery_engine **out)
{
    struct delivery_engine *e = xcalloc(1, sizeof(*e));
    int want = delivery_handles(env->cfg);

    e->env = env;
    e->tab = tab;
    atomic_init(&e->last_round, clock_mono_ns());
    e->threads = xcalloc((size_t)(want ? want : 1), sizeof(*e->threads));
    pthread_mutex_init(&e->lock, NULL);
    pthread_cond_init(&e->wake, NULL);
    for (int i = 0; i < want; i++) {
        void *(*fn)(void *) = i == 0 ? router_main : sender_main;
        if (pthread_create(&e->threads[i], NULL, fn, e) != 0) {
            delivery_stop(e);
            return BO_ERR_INTERNAL;
        }
        e->thread_count++;
    }
    *out = e;
    return BO_OK;
}

void
delivery_stop(struct delivery_engine *e)
{
    if (e == NULL) {
        return;
    }
    pthread_mutex_lock(&e->lock);
    e->stopping = true;
    pthread_cond_broadcast(&e->wake);
    pthread_mutex_unlock(&e->lock);
    for (int i = 0; i < e->thread_count; i++) {
        pthread_join(e->threads[i], NULL);
    }
    pthread_cond_destroy(&e->wake);
    pthread_mutex_destroy(&e->lock);
    free(e->threads);
    free(e);
}
