/* SPDX-License-Identifier: MIT */
/*
 * route.c - routing rules (route.h).
 */
#include "core/route.h"

#include <string.h>

#include "lib/arena.h"

bool
route_is_reminder(const char *category)
{
    return strncmp(category, "reminder.", 9) == 0;
}

static const char *
kind_of(const char *category)
{
    const char *dot = strchr(category, '.');

    return dot ? dot + 1 : category;
}

const char *
route_webhook_message_id(struct arena *a, const struct route_key *k)
{
    /* A booking's change is named by its new state and time (two changes may share a state);
     * an event's by its version, which every change raises. */
    if (k->booking_id > 0) {
        return arena_printf(a, "msg_booking_%lld_%s_%s_%lld", (long long)k->booking_id,
                            k->state ? k->state : "none", kind_of(k->category),
                            (long long)k->created_at);
    }
    return arena_printf(a, "msg_event_%lld_v%d_%s", (long long)k->event_id, k->version,
                        kind_of(k->category));
}
