/* SPDX-License-Identifier: MIT */
/*
 * ics.h - the iCalendar (RFC 5545) attachment of a notice: one VEVENT whose
 * UID is stable per event ("event-<id>@<host>") and whose SEQUENCE is the
 * event's version, so a calendar updates (or, with METHOD:CANCEL, removes)
 * the entry it already has instead of adding another one.
 */
#ifndef BO_CORE_ICS_H
#define BO_CORE_ICS_H

#include <stdbool.h>

struct arena;
struct notice_facts;
struct tbuf;

/*
 * The VCALENDAR text for f (CRLF lines, escaped, folded at 75 octets without
 * splitting a UTF-8 character), in a; NULL when f's category carries none
 * (only confirmations, a guest's cancelled booking, event changes and
 * cancellations, and reminders do) or
 * the event has no start.
 */
const char *ics_render(struct arena *a, const struct notice_facts *f);

/*
 * Does f's entry remove the event from the calendar (METHOD:CANCEL)? When
 * the event is cancelled, and for a guest whose booking was cancelled.
 */
bool ics_cancels(const struct notice_facts *f);

/* One content line "name:value" folded and ended with CRLF, appended to b. */
void ics_add_line(struct tbuf *b, const char *name, const char *value);

/* value with \ ; , and newlines escaped as RFC 5545 3.3.11 TEXT, in a. */
const char *ics_escape(struct arena *a, const char *value);

#endif
