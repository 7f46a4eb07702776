/* SPDX-License-Identifier: MIT */
#include "appenv.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts.h"
#include "app/bookings.h"
#include "core/event.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/token.h"
#include "testdb.h"

struct config test_cfg;
struct app_env test_env;
static char *url;

void
appenv_open(void (*tune)(struct config *cfg))
{
    cr_assert(token_init());
    log_open(LOG_WARN, NULL);
    url = testdb_create();
    config_defaults(&test_cfg);
    free(test_cfg.db);
    test_cfg.db = strdup(url);
    if (tune != NULL) {
        tune(&test_cfg);
    }
    cr_assert_eq(app_env_open(&test_env, &test_cfg, 4), BO_OK);
}

void
appenv_close(void)
{
    app_env_close(&test_env);
    config_free(&test_cfg);
    testdb_drop(url);
    free(url);
}

struct ctx
appenv_as(int64_t user_id, int64_t now)
{
    struct ctx c = {.arena = arena_create(16 * 1024), .env = &test_env, .now = now};

    c.actor = (struct actor){
        .user_id = user_id, .role = ROLE_MEMBER, .via = AUTH_SESSION, .scopes = SCOPE_ALL};
    app_store_acquire(&test_env, &c);
    return c;
}

void
appenv_done(struct ctx *c)
{
    app_store_release(&test_env, c);
    arena_destroy(c->arena);
}

int64_t
appenv_user(const char *name, int64_t now)
{
    struct ctx c = appenv_as(0, now);
    char email[64];
    struct me me;
    struct registration r = {.username = name,
                             .email = email,
                             .password = "long-enough-pw",
                             .consent_personal_data = true};

    snprintf(email, sizeof(email), "%s@example.org", name);
    cr_assert_eq(accounts_register(&c, &r, &me), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
    return me.user.id;
}

int64_t
appenv_publish(int64_t author, int64_t now, struct event e, int64_t starts_at, int64_t ends_at)
{
    struct ctx c = appenv_as(author, now);
    struct event_session s = {.starts_at = starts_at, .ends_at = ends_at};

    e.kind = e.kind ? e.kind : EVENT_KIND_EVENT;
    e.status = EVENT_PUBLISHED;
    e.sessions = &s;
    e.session_count = 1;
    cr_assert_eq(events_create(&c, &e), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
    return e.id;
}
