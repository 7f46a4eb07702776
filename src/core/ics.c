/* SPDX-License-Identifier: MIT */
#include "core/ics.h"

#include <stdbool.h>
#include <string.h>

#include "core/caltime.h"
#include "core/notice.h"
#include "core/tbuf.h"
#include "lib/arena.h"

static bool
is_state(const struct notice_facts *f, const char *state)
{
    return f->booking_state && strcmp(f->booking_state, state) == 0;
}

/*
 * A guest's own booking cancelled takes the event out of their calendar. Not
 * the host's: one guest leaving does not cancel the event for its host.
 */
static bool
guest_cancelled(const struct notice_facts *f)
{
    return !f->for_host && strcmp(f->category, "booking.changed") == 0 && is_state(f, "cancelled");
}

bool
ics_cancels(const struct notice_facts *f)
{
    return f->event_cancelled || strcmp(f->category, "event.cancelled") == 0 || guest_cancelled(f);
}

static bool
carries_ics(const struct notice_facts *f)
{
    const char *c = f->category;

    if (f->starts_at == 0 || c == NULL) {
        return false;
    }
    if (strcmp(c, "booking.created") == 0 || strcmp(c, "booking.changed") == 0) {
        return is_state(f, "confirmed") || guest_cancelled(f);
    }
    return strcmp(c, "event.changed") == 0 || strcmp(c, "event.cancelled") == 0 ||
           strcmp(c, "reminder.24h") == 0 || strcmp(c, "reminder.1h") == 0;
}

const char *
ics_escape(struct arena *a, const char *value)
{
    struct tbuf b;

    tbuf_init(&b, a, 64);
    for (const char *p = value ? value : ""; *p; p++) {
        if (*p == '\\' || *p == ';' || *p == ',') {
            tbuf_addc(&b, '\\');
            tbuf_addc(&b, *p);
        } else if (*p == '\n') {
            tbuf_adds(&b, "\\n");
        } else if (*p != '\r') {
            tbuf_addc(&b, *p);
        }
    }
    return b.ptr;
}

/*
 * RFC 5545 3.1: lines longer than 75 octets are split, each continuation
 * starting with one space (which counts). A split never falls before a
 * UTF-8 continuation byte, so no character is cut in two.
 */
void
ics_add_line(struct tbuf *b, const char *name, const char *value)
{
    struct tbuf line;

    tbuf_init(&line, b->a, 128);
    tbuf_printf(&line, "%s:%s", name, value);
    size_t room = 75;
    const char *p = line.ptr;
    while (strlen(p) > room) {
        size_t cut = room;
        while (cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80) {
            cut--;
        }
        tbuf_add(b, p, cut);
        tbuf_adds(b, "\r\n ");
        p += cut;
        room = 74;
    }
    tbuf_adds(b, p);
    tbuf_adds(b, "\r\n");
}

static const char *
utc_stamp(struct arena *a, int64_t t)
{
    struct caltime c;

    caltime_from_unix(t, &c);
    return arena_printf(a, "%04d%02d%02dT%02d%02d%02dZ", c.year, c.month, c.day, c.hour, c.min,
                        c.sec);
}

static void
add_vevent(struct tbuf *b, const struct notice_facts *f, bool cancel)
{
    struct arena *a = b->a;
    const char *host = f->host && f->host[0] ? f->host : "boxoffice.invalid";

    ics_add_line(b, "BEGIN", "VEVENT");
    ics_add_line(b, "UID", arena_printf(a, "event-%lld@%s", (long long)f->event_id, host));
    ics_add_line(b, "SEQUENCE", arena_printf(a, "%d", f->event_version));
    ics_add_line(b, "DTSTAMP", utc_stamp(a, f->changed_at ? f->changed_at : f->starts_at));
    ics_add_line(b, "DTSTART", utc_stamp(a, f->starts_at));
    if (f->ends_at > f->starts_at) {
        ics_add_line(b, "DTEND", utc_stamp(a, f->ends_at));
    }
    ics_add_line(b, "SUMMARY", ics_escape(a, f->event_title));
    if (f->location && f->location[0]) {
        ics_add_line(b, "LOCATION", ics_escape(a, f->location));
    }
    if (f->link) {
        ics_add_line(b, "URL", f->link);
    }
    ics_add_line(b, "ORGANIZER;CN=boxoffice", arena_printf(a, "mailto:no-reply@%s", host));
    ics_add_line(b, "STATUS", cancel ? "CANCELLED" : "CONFIRMED");
    ics_add_line(b, "END", "VEVENT");
}

const char *
ics_render(struct arena *a, const struct notice_facts *f)
{
    struct tbuf b;

    if (!carries_ics(f)) {
        return NULL;
    }
    bool cancel = ics_cancels(f);
    tbuf_init(&b, a, 1024);
    ics_add_line(&b, "BEGIN", "VCALENDAR");
    ics_add_line(&b, "VERSION", "2.0");
    ics_add_line(&b, "PRODID", "-//boxoffice//notices//EN");
    ics_add_line(&b, "CALSCALE", "GREGORIAN");
    ics_add_line(&b, "METHOD", cancel ? "CANCEL" : "PUBLISH");
    add_vevent(&b, f, cancel);
    ics_add_line(&b, "END", "VCALENDAR");
    return b.ptr;
}
