/* SPDX-License-Identifier: MIT */
/*
 * appenv.h - the use cases of app/ on a fresh database, with the clock and
 * the caller in the test's hand: no server, no sleeps. The backend comes
 * from BOXOFFICE_TEST_STORE (testdb.h).
 */
#ifndef BO_TESTS_APPENV_H
#define BO_TESTS_APPENV_H

#include <stdint.h>

#include "app/env.h"
#include "config.h"
#include "core/ctx.h"
#include "core/event.h"

extern struct config test_cfg;
extern struct app_env test_env;

/* Open test_env on a new database with test_cfg, after tune(&test_cfg) if not NULL. */
void appenv_open(void (*tune)(struct config *cfg));
void appenv_close(void);

/* A ctx acting as user_id (0: nobody) at now, with a store handle; end it with appenv_done. */
struct ctx appenv_as(int64_t user_id, int64_t now);
void appenv_done(struct ctx *c);

/* Register name (name@example.org) through the real use case; returns the user id. */
int64_t appenv_user(const char *name, int64_t now);

/*
 * Publish e (title, capacity, prices... as the caller set them; an event
 * unless a kind is given) as author at now, with one session from
 * starts_at to ends_at, through the real use case; returns its id.
 */
int64_t appenv_publish(int64_t author, int64_t now, struct event e, int64_t starts_at,
                       int64_t ends_at);

#endif
