/* SPDX-License-Identifier: MIT */
/*
 * demo.h - a small known data set so a newcomer can sign in at once:
 * one admin, one organizer staff member and members in ru, uk and en.
 * Idempotent: running it again changes nothing.
 */
#ifndef BO_APP_DEMO_H
#define BO_APP_DEMO_H

#include <stddef.h>

#include "core/account.h"
#include "core/err.h"

struct ctx;

#define DEMO_PASSWORD "boxoffice-demo"

struct demo_account {
    const char *username;
    const char *email;
    enum role role;
    const char *language;
    const char *first_name;
    const char *last_name;
};

extern const struct demo_account demo_accounts[];
extern const size_t demo_account_count;

/* Create the accounts that are missing; *created counts them. */
enum bo_err demo_seed(struct ctx *c, int *created);

/*
 * The demo catalog, once: `count` events of every kind in several cities and
 * genres, titles in ru, uk and en, free and paid, automatic and manual,
 * courses with lessons; and bookings of the demo members in every state.
 * *events counts what was created (0 when the catalog is there already).
 */
enum bo_err demo_catalog(struct ctx *c, int count, int *events);

#define DEMO_ORGANIZERS 4
#define DEMO_SPEAKERS 3

/*
 * The demo organizers (team, FAQ, brand colours; the caller, an admin, owns
 * them and `staff` works for them) and speakers; found again on a second
 * run. Ids in the caller's arrays.
 */
enum bo_err demo_organizers(struct ctx *c, int64_t staff, int64_t org_ids[DEMO_ORGANIZERS],
                            int64_t speaker_ids[DEMO_SPEAKERS]);
/* The caller's personal organizer (seed 003: hosting at home). */
enum bo_err demo_personal_organizer(struct ctx *c, int64_t *id);

/*
 * n more users named load-<run>-<i>, all with DEMO_PASSWORD (hashed once),
 * each with a personal API token that may book and read; in one
 * transaction. *tokens (n of them) and *user_ids are in the arena.
 */
enum bo_err demo_load_users(struct ctx *c, int n, const char ***tokens, int64_t **user_ids);

/*
 * n published, public, automatic events of `capacity` seats, hosted by the
 * demo staff account, a minute apart from a day ahead; in one transaction.
 * Titles (ru, uk, en), kind, format, city, genre and price (a quarter free,
 * some on sale) vary with the event's number; the first one is free.
 * *first_id is the first one's id (ids are consecutive).
 */
enum bo_err demo_load_events(struct ctx *c, int n, int capacity, int64_t *first_id);

#endif
