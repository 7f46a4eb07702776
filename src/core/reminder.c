/* SPDX-License-Identifier: MIT */
#include "core/reminder.h"

#include <stddef.h>

void
reminder_plan(int64_t now, int64_t starts_at, bool has_24h, bool has_1h, struct reminder_plan *out)
{
    int64_t left = starts_at - now;

    *out = (struct reminder_plan){NULL, false};
    if (left <= 0 || left > REMINDER_24H_S) {
        return;
    }
    if (left <= REMINDER_1H_S) {
        out->send_1h = !has_1h;
        out->state_24h = has_24h ? NULL : "skipped";
        return;
    }
    out->state_24h = has_24h ? NULL : "sent";
}
