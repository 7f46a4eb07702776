/* SPDX-License-Identifier: MIT */
/*
 * reminder.h - which reminders a start needs now (seed 003: 24 h and 1 h
 * before). Pure: the store says which reminder rows exist, this says what
 * to write; the row's primary key makes each happen once.
 */
#ifndef BO_CORE_REMINDER_H
#define BO_CORE_REMINDER_H

#include <stdbool.h>
#include <stdint.h>

#define REMINDER_24H_S 86400
#define REMINDER_1H_S 3600

struct reminder_plan {
    const char *state_24h; /* "sent", "skipped" (the 1 h window is open already), or NULL */
    bool send_1h;
};

/*
 * A start in (now, now + 24 h] gets its 24 h reminder; a start in
 * (now, now + 1 h] its 1 h one, and a 24 h one that never went out is
 * recorded as skipped (after downtime: one reminder, not two). A start that
 * has passed gets nothing.
 */
void reminder_plan(int64_t now, int64_t starts_at, bool has_24h, bool has_1h,
                   struct reminder_plan *out);

#endif
