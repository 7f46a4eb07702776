/* SPDX-License-Identifier: MIT */
#include "jobs/telegram_poll.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "app/env.h"
#include "app/telegram.h"
#include "chan/http.h"
#include "chan/telegram.h"
#include "config.h"
#include "core/ctx.h"
#include "core/tgbot.h"
#include "lib/arena.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "lib/xalloc.h"

#define POLL_TIMEOUT_S 25 /* how long Telegram holds a getUpdates with nothing new */
#define BACKOFF_MAX_S 60

struct telegram_poll {
    const struct app_env *env;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    atomic_bool stopping;
};

bool
telegram_poll_wanted(const struct config *cfg)
{
    return cfg->telegram_bot_token[0] != '\0';
}

static bool
by_webhook(const struct config *cfg)
{
    return cfg->telegram_webhook_secret[0] != '\0';
}

/* Wait s seconds unless the poller is told to stop meanwhile. */
static void
pause_for(struct telegram_poll *p, int s)
{
    struct timespec until;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += s;
    pthread_mutex_lock(&p->lock);
    while (!atomic_load(&p->stopping) &&
           pthread_cond_timedwait(&p->wake, &p->lock, &until) != ETIMEDOUT) {
    }
    pthread_mutex_unlock(&p->lock);
}

/* Handle one update and send the answer; false if it must be fetched again. */
static bool
handle_one(const struct app_env *env, struct arena *a, const struct tg_update *u)
{
    struct ctx c = {.arena = a, .env = env, .now = clock_now(), .req_id = "telegram.poll"};
    struct telegram_answer answer;
    struct chan_result r;

    app_store_acquire(env, &c);
    enum bo_err err = telegram_update(&c, u, &answer);
    app_store_release(env, &c);
    if (err) {
        log_warn("telegram.update_failed", "telegram.poll", "update_id=%lld err=%s",
                 (long long)u->update_id, bo_err_name(err));
        return false;
    }
    if (answer.text == NULL) {
        return true;
    }
    /* The link is committed; a lost reply only costs the confirmation in the chat. */
    chan_telegram_say(env->cfg, answer.chat_id, answer.text, &r);
    if (r.outcome != CHAN_SENT) {
        log_warn("telegram.reply_failed", "telegram.poll", "update_id=%lld status=%d error=%s",
                 (long long)u->update_id, r.status_code, r.error);
    }
    return true;
}

/*
 * This process was set up to poll (no webhook secret), but a webhook is set
 * for the bot (an earlier setup): Telegram refuses getUpdates until it is
 * deleted. The configuration says poll, so the webhook goes.
 */
static void
unset_webhook(struct telegram_poll *p)
{
    struct chan_result r;

    chan_telegram_delete_webhook(p->env->cfg, &r);
    if (r.outcome == CHAN_SENT) {
        log_warn("telegram.webhook_deleted", "telegram.poll", "was=webhook now=polling");
    } else {
        log_warn("telegram.webhook_delete_failed", "telegram.poll", "error=%s", r.error);
    }
}

/* One getUpdates and its updates; the next offset into *offset. false: back off. */
static bool
poll_once(struct telegram_poll *p, struct arena *a, int64_t *offset)
{
    struct tg_update *u = NULL;
    size_t n = 0;
    enum bo_err err =
        chan_telegram_get_updates(p->env->cfg, a, *offset, POLL_TIMEOUT_S, &p->stopping, &u, &n);

    if (err == BO_ERR_CONFLICT) {
        unset_webhook(p);
        return false;
    }
    if (err) {
        if (!atomic_load(&p->stopping)) {
            log_warn("telegram.poll_failed", "telegram.poll", "err=%s", bo_err_name(err));
        }
        return false;
    }
    for (size_t i = 0; i < n && !atomic_load(&p->stopping); i++) {
        if (!handle_one(p->env, a, &u[i])) {
            return false;
        }
        *offset = u[i].update_id + 1;
    }
    return true;
}

static int
next_backoff(int s)
{
    return s * 2 < BACKOFF_MAX_S ? s * 2 : BACKOFF_MAX_S;
}

/*
 * Tell Telegram where to post (setWebhook), retrying until it answers. A
 * refusal (a public URL that is not HTTPS, say) is logged once: asking
 * again would get the same answer.
 */
static void
register_webhook(struct telegram_poll *p)
{
    const struct config *cfg = p->env->cfg;
    int backoff = 1;
    struct chan_result r;

    while (!atomic_load(&p->stopping)) {
        chan_telegram_set_webhook(cfg, &r);
        if (r.outcome == CHAN_SENT) {
            log_info("telegram.webhook_set", "telegram", "url=%s%s", cfg->public_url,
                     TGBOT_WEBHOOK_PATH);
            break;
        }
        if (r.outcome == CHAN_GIVE_UP) {
            log_error("telegram.webhook_refused", "telegram", "url=%s%s error=%s", cfg->public_url,
                      TGBOT_WEBHOOK_PATH, r.error);
            break;
        }
        log_warn("telegram.webhook_retry", "telegram", "error=%s", r.error);
        pause_for(p, r.retry_after_s > backoff ? r.retry_after_s : backoff);
        backoff = next_backoff(backoff);
    }
    chan_http_thread_done();
}

static void *
run(void *arg)
{
    struct telegram_poll *p = arg;

    if (by_webhook(p->env->cfg)) {
        register_webhook(p);
        return NULL;
    }
    struct arena *a = arena_create(64 * 1024);
    int64_t offset = 0;
    int backoff = 1;

    while (!atomic_load(&p->stopping)) {
        arena_reset(a);
        if (poll_once(p, a, &offset)) {
            backoff = 1;
            continue;
        }
        pause_for(p, backoff);
        backoff = next_backoff(backoff);
    }
    arena_destroy(a);
    chan_telegram_thread_done();
    return NULL;
}

enum bo_err
telegram_poll_start(const struct app_env *env, struct telegram_poll **out)
{
    struct telegram_poll *p = xcalloc(1, sizeof(*p));

    p->env = env;
    atomic_init(&p->stopping, false);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    if (pthread_create(&p->thread, NULL, run, p) != 0) {
        pthread_cond_destroy(&p->wake);
        pthread_mutex_destroy(&p->lock);
        free(p);
        return BO_ERR_INTERNAL;
    }
    if (!by_webhook(env->cfg)) {
        log_info("telegram.polling", NULL, "api=%s", env->cfg->telegram_api_url);
    }
    *out = p;
    return BO_OK;
}

void
telegram_poll_stop(struct telegram_poll *p)
{
    if (p == NULL) {
        return;
    }
    pthread_mutex_lock(&p->lock);
    atomic_store(&p->stopping, true);
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
