/* SPDX-License-Identifier: MIT */
/*
 * webhook.h - the pure rules of organizer webhook endpoints and of
 * notification preferences: which event types exist, which URLs an
 * endpoint may have, which preference groups and channels there are.
 *
 * Event types are bits so a set of them is one unsigned; the store keeps
 * them as "*" (all, including types added later) or a comma list.
 */
#ifndef BO_CORE_WEBHOOK_H
#define BO_CORE_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct ctx;

enum webhook_type {
    WEBHOOK_BOOKING_REQUESTED = 1u << 0,
    WEBHOOK_BOOKING_CREATED = 1u << 1,
    WEBHOOK_BOOKING_CHANGED = 1u << 2,
    WEBHOOK_WAITLIST_OFFERED = 1u << 3,
    WEBHOOK_EVENT_CHANGED = 1u << 4,
    WEBHOOK_EVENT_CANCELLED = 1u << 5,
    WEBHOOK_EVENT_DONE = 1u << 6,
    WEBHOOK_ALL = (1u << 7) - 1,
};

#define WEBHOOK_URL_MAX 2048

/* An organizer's endpoint (seed 002 style; migration 016 webhook_endpoints). */
struct webhook_endpoint {
    int64_t id;
    int64_t organizer_id;
    const char *url;
    const char *secret;      /* "whsec_..."; shown only when made or rotated */
    const char *event_types; /* stored form: "*" or a comma list */
    bool enabled;
    const char *disabled_reason; /* why it was switched off ("410 Gone"); NULL when enabled */
    int64_t created_at;
    int64_t updated_at;
};

/* What a request asks to set on an endpoint; *_sent says which members came. */
struct webhook_change {
    const char *url;
    unsigned types; /* WEBHOOK_* bits */
    bool enabled;
    bool url_sent, types_sent, enabled_sent;
};

/* One stored preference (seed 002 notification_prefs). No row means enabled. */
struct notification_pref {
    const char *category; /* a group: booking, event, reminder, waitlist */
    const char *channel;  /* email, telegram, inapp */
    bool enabled;
};

/* The bit of a type name ("booking.created"); 0 if unknown. */
unsigned webhook_type_parse(const char *name);
/* The name of one bit; NULL if it is not exactly one known type. */
const char *webhook_type_name(unsigned bit);
/* "*" -> WEBHOOK_ALL, "a,b" -> their bits (unknown names are skipped). */
unsigned webhook_types_from_text(const char *text);
/* The stored form, in a: "*" for WEBHOOK_ALL, else a comma list. */
const char *webhook_types_text(struct arena *a, unsigned bits);
/* Does an endpoint subscribed to stored types text want category? */
bool webhook_wants(const char *types_text, const char *category);

/*
 * Is url a target we POST to? Absolute http(s), a host, no userinfo, no
 * fragment, no spaces or control characters, at most WEBHOOK_URL_MAX
 * bytes; plain http only to a loopback host (127.0.0.1, ::1, localhost).
 * INVALID on the field "url" otherwise.
 */
enum bo_err webhook_url_check(struct ctx *c, const char *url);

/* Preferences: a group of categories (the part before the dot) on a channel. */
#define PREF_GROUP_COUNT 4
#define PREF_CHANNEL_COUNT 3
extern const char *const pref_groups[PREF_GROUP_COUNT];     /* booking, event, reminder, waitlist */
extern const char *const pref_channels[PREF_CHANNEL_COUNT]; /* email, telegram, inapp */

/* Index in pref_groups / pref_channels, or -1 if unknown. */
int pref_group_index(const char *group);
int pref_channel_index(const char *channel);
/* The group of a category: "reminder.24h" -> "reminder", in a; NULL if none is known. */
const char *pref_group_of(struct arena *a, const char *category);

#endif
