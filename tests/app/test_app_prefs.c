/* SPDX-License-Identifier: MIT */
/*
 * Unsubscribe links through app/prefs.c with the clock in the test's hand:
 * the URL the delivery engine puts in an email, a link used in time, and
 * the same link after its expiry. A real store on either backend.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "app/prefs.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/appenv.h"
#include "lib/sign.h"

#define T0 2000000000
#define TTL 86400

static int64_t ann;

static void
tune(struct config *cfg)
{
    cfg->unsubscribe_ttl = TTL;
}

static void
setup(void)
{
    appenv_open(tune);
    ann = appenv_user("ann", T0);
}

static void
teardown(void)
{
    appenv_close();
}

TestSuite(app_prefs, .init = setup, .fini = teardown, .timeout = 60);

static const char *
token_of(const char *url)
{
    const char *prefix = "/unsubscribe?token=";
    size_t base = strlen(test_cfg.public_url);

    cr_assert(strncmp(url, test_cfg.public_url, base) == 0, "%s", url);
    cr_assert(strncmp(url + base, prefix, strlen(prefix)) == 0, "%s", url);
    return url + base + strlen(prefix);
}

static bool
email_pref(int64_t user, const char *group)
{
    struct ctx c = appenv_as(user, T0);
    struct notification_pref all[PREFS_ALL];
    bool linked = true, on = false;

    cr_assert_eq(prefs_get(&c, all, &linked), BO_OK);
    cr_assert_not(linked);
    for (int i = 0; i < PREFS_ALL; i++) {
        if (strcmp(all[i].category, group) == 0 && strcmp(all[i].channel, "email") == 0) {
            on = all[i].enabled;
        }
    }
    appenv_done(&c);
    return on;
}

Test(app_prefs, the_email_link_is_absolute_and_names_the_group_and_its_expiry)
{
    struct arena *a = arena_create(1024);
    struct sign_unsub u;

    const char *url = prefs_unsubscribe_url(&test_env, a, ann, "reminder.24h", T0);
    cr_assert_not_null(url);
    cr_assert_eq(sign_unsub_verify(test_env.unsub_key, token_of(url), T0, &u), SIGN_OK);
    cr_assert_eq(u.user_id, ann);
    cr_assert_str_eq(u.category, "reminder");
    cr_assert_str_eq(u.channel, "email");
    cr_assert_eq(u.expires_at, T0 + TTL);
    cr_assert_null(prefs_unsubscribe_url(&test_env, a, ann, "promo.spring", T0));
    arena_destroy(a);
}

Test(app_prefs, a_link_used_in_time_turns_the_pref_off_and_an_expired_one_is_refused)
{
    struct arena *a = arena_create(1024);
    const char *token = token_of(prefs_unsubscribe_url(&test_env, a, ann, "booking", T0));
    struct unsub_view v;

    struct ctx late = appenv_as(0, T0 + TTL);
    cr_assert_eq(prefs_unsubscribe(&late, token, true, &v), BO_ERR_EXPIRED);
    appenv_done(&late);
    cr_assert(email_pref(ann, "booking"));

    struct ctx c = appenv_as(0, T0 + TTL - 1);
    cr_assert_eq(prefs_unsubscribe(&c, token, true, &v), BO_OK);
    cr_assert_eq(v.user_id, ann);
    cr_assert_str_eq(v.group, "booking");
    appenv_done(&c);
    cr_assert_not(email_pref(ann, "booking"));
    cr_assert(email_pref(ann, "event"));
    arena_destroy(a);
}
