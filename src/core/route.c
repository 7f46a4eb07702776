/* SPDX-License-Identifier: MIT */
/*
 * route.c - routing rules (route.h).
 */
#include "core/route.h"

#include <string.h>

#include "lib/arena.h"

const char *
route_pref_category(struct arena *a, const char *category)
{
    const char *dot = strchr(category, '.');

    return dot ? arena_strndup(a, category, (size_t)(dot - category)) : category;
}

bool
route_types_match(const char *event_types, const char *category)
{
    size_t want = strlen(category);
    const char *p = event_types;

    if (strcmp(event_types, "*") == 0) {
        return true;
    }
    while (p != NULL) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len > 0 && *p == ' ') {
            p++, len--;
        }
        while (len > 0 && p[len - 1] == ' ') {
            len--;
        }
        if (len == want && memcmp(p, category, len) == 0) {
            return true;
        }
        p = end ? end + 1 : NULL;
    }
    return false;
}

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
