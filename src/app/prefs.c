/* SPDX-License-Identifier: MIT */
#include "app/prefs.h"

#include <string.h>

#include "app/env.h"
#include "app/telegram.h"
#include "app/tx.h"
#include "config.h"
#include "core/account.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/sign.h"
#include "store/store.h"

enum bo_err
prefs_get(struct ctx *c, struct notification_pref out[PREFS_ALL], bool *telegram_linked)
{
    struct notification_pref *rows = NULL;
    size_t count = 0;

    struct telegram_status tg;
    enum bo_err err = store_prefs_get(c->store, c->arena, c->actor.user_id, &rows, &count);
    if (err) {
        return tx_fail(c, err);
    }
    if ((err = telegram_status(c, &tg)) != BO_OK) {
        return err;
    }
    *telegram_linked = tg.linked;
    for (int g = 0; g < PREF_GROUP_COUNT; g++) {
        for (int ch = 0; ch < PREF_CHANNEL_COUNT; ch++) {
            out[g * PREF_CHANNEL_COUNT + ch] =
                (struct notification_pref){pref_groups[g], pref_channels[ch], true};
        }
    }
    /* Rows of groups no longer known are ignored rather than shown. */
    for (size_t i = 0; i < count; i++) {
        int g = pref_group_index(rows[i].category), ch = pref_channel_index(rows[i].channel);
        if (g >= 0 && ch >= 0) {
            out[g * PREF_CHANNEL_COUNT + ch].enabled = rows[i].enabled;
        }
    }
    return BO_OK;
}

static enum bo_err
check_items(struct ctx *c, const struct notification_pref *items, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (pref_group_index(items[i].category) < 0) {
            ctx_fail(c, BO_ERR_INVALID, arena_printf(c->arena, "prefs.%zu.category", i),
                     "category must be one of booking, event, reminder, waitlist");
        }
        if (pref_channel_index(items[i].channel) < 0) {
            ctx_fail(c, BO_ERR_INVALID, arena_printf(c->arena, "prefs.%zu.channel", i),
                     "channel must be one of email, telegram, inapp");
        }
    }
    return c->err;
}

struct put_args {
    int64_t user_id;
    const struct notification_pref *items;
    size_t count;
};

static enum bo_err
put_job(struct ctx *c, void *arg)
{
    const struct put_args *a = arg;

    enum bo_err err = tx_begin(c);
    for (size_t i = 0; err == BO_OK && i < a->count; i++) {
        err = store_pref_put(c->store, a->user_id, &a->items[i]);
    }
    return tx_end(c, err);
}

enum bo_err
prefs_put(struct ctx *c, const struct notification_pref *items, size_t count)
{
    struct put_args a = {c->actor.user_id, items, count};

    if (check_items(c, items, count)) {
        return c->err;
    }
    return app_write(c, put_job, &a);
}

const char *
prefs_unsubscribe_url(const struct app_env *env, struct arena *a, int64_t user_id,
                      const char *category, int64_t now)
{
    const char *group = pref_group_of(a, category);
    struct sign_unsub u = {.user_id = user_id, .expires_at = now + env->cfg->unsubscribe_ttl};

    if (group == NULL || strlen(group) >= sizeof(u.category)) {
        return NULL;
    }
    memcpy(u.category, group, strlen(group) + 1);
    memcpy(u.channel, "email", sizeof("email"));
    return arena_printf(a, "%s/unsubscribe?token=%s", env->cfg->public_url,
                        sign_unsub_token(a, env->unsub_key, &u));
}

static enum bo_err
check_token(struct ctx *c, const char *token, struct sign_unsub *u)
{
    switch (sign_unsub_verify(c->env->unsub_key, token, c->now, u)) {
    case SIGN_OK:
        break;
    case SIGN_MALFORMED:
        return ctx_fail(c, BO_ERR_MALFORMED, "token", "this is not an unsubscribe link of ours");
    case SIGN_BAD:
        return ctx_fail(c, BO_ERR_FORBIDDEN, "token", "this unsubscribe link was altered");
    case SIGN_EXPIRED:
        return ctx_fail(c, BO_ERR_EXPIRED, "token",
                        "this unsubscribe link has expired; change your preferences signed in");
    }
    if (pref_group_index(u->category) < 0 || pref_channel_index(u->channel) < 0) {
        return ctx_fail(c, BO_ERR_MALFORMED, "token", "this link names no known preference");
    }
    return BO_OK;
}

static enum bo_err
unsubscribe_job(struct ctx *c, void *arg)
{
    const struct unsub_view *v = arg;
    const struct notification_pref off = {v->group, v->channel, false};

    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_pref_put(c->store, v->user_id, &off);
    }
    return tx_end(c, err);
}

enum bo_err
prefs_unsubscribe(struct ctx *c, const char *token, bool apply, struct unsub_view *out)
{
    struct sign_unsub u;
    struct profile p;

    if (check_token(c, token, &u)) {
        return c->err;
    }
    enum bo_err err = store_profile_get(c->store, c->arena, u.user_id, &p);
    if (err == BO_ERR_NOT_FOUND) {
        return ctx_fail(c, err, NULL, "this account no longer exists");
    }
    if (err) {
        return tx_fail(c, err);
    }
    *out = (struct unsub_view){.user_id = u.user_id,
                               .group = arena_strdup(c->arena, u.category),
                               .channel = arena_strdup(c->arena, u.channel),
                               .language = p.language ? p.language : "en"};
    return apply ? app_write(c, unsubscribe_job, out) : BO_OK;
}
