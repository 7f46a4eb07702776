/* SPDX-License-Identifier: MIT */
/*
 * prefs.h - notification preferences (seed 002 notification_prefs) and the
 * signed unsubscribe links that turn one off without signing in.
 *
 * A preference is (group, channel) -> enabled, the group being the part of
 * a category before the dot (booking, event, reminder, waitlist) and the
 * channel email, telegram or inapp. No stored row means enabled.
 */
#ifndef BO_APP_PREFS_H
#define BO_APP_PREFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/webhook.h"

struct app_env;
struct arena;
struct ctx;

#define PREFS_ALL (PREF_GROUP_COUNT * PREF_CHANNEL_COUNT)

/* The caller's effective preferences, every group x channel in table order. */
enum bo_err prefs_get(struct ctx *c, struct notification_pref out[PREFS_ALL],
                      bool *telegram_linked);
/* Set each item for the caller, all or nothing; INVALID names the bad item's field. */
enum bo_err prefs_put(struct ctx *c, const struct notification_pref *items, size_t count);

/*
 * The absolute link for an email: cfg->public_url + "/unsubscribe?token=" +
 * a token for (user_id, the group of category, "email") valid until now +
 * cfg->unsubscribe_ttl. category is a category ("booking.created") or a
 * group ("booking"). In a; NULL if category belongs to no group.
 */
const char *prefs_unsubscribe_url(const struct app_env *env, struct arena *a, int64_t user_id,
                                  const char *category, int64_t now);

/* What an unsubscribe link is about, for its page. */
struct unsub_view {
    int64_t user_id;
    const char *group;
    const char *channel;
    const char *language; /* the user's: "ru", "uk" or "en" */
};

/*
 * Check token at c->now and, when apply, turn its preference off. MALFORMED
 * if it is not a token, FORBIDDEN if the signature is wrong, EXPIRED if its
 * time is up, NOT_FOUND if the user is gone. Idempotent.
 */
enum bo_err prefs_unsubscribe(struct ctx *c, const char *token, bool apply, struct unsub_view *out);

#endif
