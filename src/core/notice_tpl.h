/* SPDX-License-Identifier: MIT */
/*
 * notice_tpl.h - the notice templates as data: generated at build time from
 * templates/notices/<lang>.json by scripts/embed-notices (which also checks
 * that every language has every key and only known {placeholders}). Only
 * core/notice.c reads these tables.
 *
 * A template key is the category, then optionally the booking state, then
 * optionally ".host" for the event's host: "booking.changed.held",
 * "booking.requested.host", "reminder.1h".
 */
#ifndef BO_CORE_NOTICE_TPL_H
#define BO_CORE_NOTICE_TPL_H

#include <stddef.h>

struct notice_tpl {
    const char *lang;
    const char *key;
    const char *subject;
    const char *body;
    const char *button; /* NULL: the language's default label */
};

struct notice_label {
    const char *lang;
    const char *name;
    const char *value;
};

extern const struct notice_tpl notice_tpls[];
extern const size_t notice_tpls_count;
extern const struct notice_label notice_labels[];
extern const size_t notice_labels_count;

#endif
