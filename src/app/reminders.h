/* SPDX-License-Identifier: MIT */
/*
 * reminders.h - the scheduler's messaging work (issue 4,
 * docs/internals/messaging.md "Reminders, exactly once"): reminders 24 h and
 * 1 h before a published event starts, and the watcher that marks a
 * published event done once it has ended (seed 003). Each event is one write
 * transaction: the reminder row (or the status change) and the
 * participants' outbox rows commit together, and only the process whose
 * insert (or update) won writes them, so several schedulers on one
 * PostgreSQL notify once.
 */
#ifndef BO_APP_REMINDERS_H
#define BO_APP_REMINDERS_H

#include "core/err.h"

struct ctx;

/* Reminders due at c->now, for at most limit events; *written counts the outbox rows. */
enum bo_err reminders_work(struct ctx *c, int limit, int *written);
/* Published events that ended by c->now become done; *done counts them. */
enum bo_err events_finish_ended(struct ctx *c, int limit, int *done);

#endif
