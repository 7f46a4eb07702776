/* SPDX-License-Identifier: MIT */
/*
 * notice.h - what a notification says, in the recipient's language (ru, uk,
 * en): subject, plain text, HTML, the link, and for confirmations and event
 * changes an iCalendar attachment (RFC 5545). Pure: the facts come in, text
 * comes out; the templates are data (templates/notices/<lang>.json, built in).
 */
#ifndef BO_CORE_NOTICE_H
#define BO_CORE_NOTICE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct arena;

/* Everything a template may say. Strings may be NULL when unknown. */
struct notice_facts {
    const char *category;  /* "booking.created", "event.changed", "reminder.1h", ... */
    const char *lang;      /* "ru", "uk" or "en"; anything else falls back to "en" */
    const char *recipient; /* the user's name */
    int64_t event_id;
    int event_version; /* raises the .ics SEQUENCE */
    const char *event_title;
    const char *event_slug;
    int64_t starts_at; /* Unix seconds; 0: not scheduled */
    int64_t ends_at;
    const char *timezone; /* IANA; times are shown in it */
    const char *location;
    bool event_cancelled;      /* .ics METHOD:CANCEL */
    int64_t booking_id;        /* 0: not about a booking */
    const char *booking_state; /* "requested", "held", "confirmed", ... */
    int seats;
    int64_t expires_at;          /* a hold's or waitlist offer's end; 0: none */
    const char *link;            /* absolute short link, https://host/s/<code> */
    const char *unsubscribe_url; /* absolute; email footers */
    const char *host;            /* public host name, for the .ics UID */
    bool for_host;               /* the recipient is the event's host, not a guest */
    /*
     * Core reads no files, so the caller gives the zone database (lib/tz.h's
     * tz_offset): timezone's offset east of UTC at t, false if unknown. Each
     * time shown asks for its own instant, so a hold's expiry in winter and
     * an event in summer each get their own offset. NULL, or a zone it does
     * not know: times are shown in UTC.
     */
    bool (*zone_offset)(const char *zone, int64_t t, int *offset_s);
    int64_t changed_at; /* when the change happened (the outbox row): .ics DTSTAMP */
};

struct notice {
    const char *subject;
    const char *text;            /* plain text, ends with the link */
    const char *html;            /* escaped, the same content */
    const char *ics;             /* NULL when the category carries none */
    const char *button;          /* the label of the link (Telegram's inline button) */
    const char *ics_method;      /* "PUBLISH" or "CANCEL" when ics is set */
    const char *unsubscribe_url; /* the facts' one: email's List-Unsubscribe; may be NULL */
};

/*
 * Render f into out (strings in a). BO_ERR_INVALID for an unknown category.
 * text and html end with the link (html adds the unsubscribe footer when
 * there is a URL); times are shown as the language writes dates, in the
 * event's zone when zone_offset knows it, else in UTC.
 */
enum bo_err notice_render(struct arena *a, const struct notice_facts *f, struct notice *out);

#endif
