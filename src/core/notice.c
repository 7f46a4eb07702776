/* SPDX-License-Identifier: MIT */
/*
 * notice.c - facts in, words out. The words are data (core/notice_tpl.h,
 * generated from templates/notices/<lang>.json); this file picks the
 * template, fills its {placeholders}, lays out text and HTML the same way for
 * every category, and writes the iCalendar part. Never touches a clock or a
 * file: every time comes in the facts.
 */
#include "core/notice.h"

#include <stdio.h>
#include <string.h>

#include "core/caltime.h"
#include "core/ics.h"
#include "core/notice_tpl.h"
#include "core/tbuf.h"
#include "lib/arena.h"
#include "lib/str.h"

static const char *const categories[] = {
    "booking.requested", "booking.created", "booking.changed", "waitlist.offered", "event.changed",
    "event.cancelled",   "event.done",      "reminder.24h",    "reminder.1h",
};

static bool
is_category(const char *c)
{
    for (size_t i = 0; c != NULL && i < sizeof(categories) / sizeof(categories[0]); i++) {
        if (strcmp(categories[i], c) == 0) {
            return true;
        }
    }
    return false;
}

static const char *
lang_of(const char *lang)
{
    if (lang != NULL && (strcmp(lang, "ru") == 0 || strcmp(lang, "uk") == 0)) {
        return lang;
    }
    return "en";
}

static const struct notice_tpl *
find_tpl(const char *lang, const char *key)
{
    for (size_t i = 0; i < notice_tpls_count; i++) {
        if (strcmp(notice_tpls[i].lang, lang) == 0 && strcmp(notice_tpls[i].key, key) == 0) {
            return &notice_tpls[i];
        }
    }
    return NULL;
}

/* The language's label, or "" (embed-notices makes every language have every label). */
static const char *
label(const char *lang, const char *name)
{
    for (size_t i = 0; i < notice_labels_count; i++) {
        if (strcmp(notice_labels[i].lang, lang) == 0 && strcmp(notice_labels[i].name, name) == 0) {
            return notice_labels[i].value;
        }
    }
    return "";
}

/* The most specific template: category.state.host, category.host, category.state, category. */
static const struct notice_tpl *
pick(struct arena *a, const struct notice_facts *f, const char *lang)
{
    const char *state = f->booking_state ? f->booking_state : "";
    const char *keys[] = {
        f->for_host ? arena_printf(a, "%s.%s.host", f->category, state) : NULL,
        f->for_host ? arena_printf(a, "%s.host", f->category) : NULL,
        arena_printf(a, "%s.%s", f->category, state),
        f->category,
    };
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        const struct notice_tpl *t = keys[i] ? find_tpl(lang, keys[i]) : NULL;
        if (t != NULL) {
            return t;
        }
    }
    return NULL;
}

/* "2026-11-21 19:00 (Europe/Kyiv)", "21.11.2026 19:00 UTC"; "" for 0. */
static const char *
show_time(struct arena *a, const struct notice_facts *f, const char *lang, int64_t t)
{
    struct caltime c;

    if (t == 0) {
        return "";
    }
    int offset = 0;
    bool local = f->zone_offset && f->timezone && f->zone_offset(f->timezone, t, &offset);
    caltime_from_unix(t + (local ? offset : 0), &c);
    const char *zone = local ? arena_printf(a, " (%s)", f->timezone) : " UTC";
    if (strcmp(label(lang, "date_order"), "dmy") == 0) {
        return arena_printf(a, "%02d.%02d.%04d %02d:%02d%s", c.day, c.month, c.year, c.hour, c.min,
                            zone);
    }
    return arena_printf(a, "%04d-%02d-%02d %02d:%02d%s", c.year, c.month, c.day, c.hour, c.min,
                        zone);
}

static bool
named(const char *name, size_t len, const char *s)
{
    return strlen(s) == len && strncmp(name, s, len) == 0;
}

/* The value of placeholder name (not NUL-terminated); false if no such placeholder. */
static bool
value_of(struct arena *a, const struct notice_facts *f, const char *lang, struct str name,
         const char **out)
{
    const char *state = f->booking_state ? f->booking_state : "";
    const struct {
        const char *name;
        const char *value;
    } values[] = {
        {"recipient", f->recipient},
        {"event_title", f->event_title},
        {"location", f->location},
        {"link", f->link},
        {"starts_at", show_time(a, f, lang, f->starts_at)},
        {"ends_at", show_time(a, f, lang, f->ends_at)},
        {"expires_at", show_time(a, f, lang, f->expires_at)},
        {"seats", arena_printf(a, "%d", f->seats > 0 ? f->seats : 1)},
        {"booking_state", label(lang, arena_printf(a, "state.%s", state))},
    };
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        if (named(name.ptr, name.len, values[i].name)) {
            *out = values[i].value ? values[i].value : "";
            return true;
        }
    }
    return false;
}

/* tpl with each {name} replaced by its value; an unknown {name} stays as written. */
static void
fill(struct tbuf *b, const struct notice_facts *f, const char *lang, const char *tpl)
{
    const char *p = tpl;

    while (*p) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        const char *v = NULL;
        if (close == NULL) {
            tbuf_adds(b, p);
            return;
        }
        tbuf_add(b, p, (size_t)(open - p));
        struct str name = {open + 1, (size_t)(close - open - 1)};
        if (value_of(b->a, f, lang, name, &v)) {
            tbuf_adds(b, v);
        } else {
            tbuf_add(b, open, (size_t)(close - open + 1));
        }
        p = close + 1;
    }
}

static const char *
filled(struct arena *a, const struct notice_facts *f, const char *lang, const char *tpl)
{
    struct tbuf b;

    tbuf_init(&b, a, 256);
    fill(&b, f, lang, tpl);
    return b.ptr;
}

static void
add_escaped(struct tbuf *b, const char *s)
{
    for (; s != NULL && *s; s++) {
        switch (*s) {
        case '&':
            tbuf_adds(b, "&amp;");
            break;
        case '<':
            tbuf_adds(b, "&lt;");
            break;
        case '>':
            tbuf_adds(b, "&gt;");
            break;
        case '"':
            tbuf_adds(b, "&quot;");
            break;
        case '\'':
            tbuf_adds(b, "&#39;");
            break;
        default:
            tbuf_addc(b, *s);
        }
    }
}

/* The parts every message has, filled and in order; shared by text and HTML. */
struct parts {
    const char *greeting;
    const char *body;
    const char *when; /* NULL: no line */
    const char *where;
    const char *button;
};

static void
make_parts(struct arena *a, const struct notice_facts *f, const char *lang,
           const struct notice_tpl *t, struct parts *out)
{
    bool named_recipient = f->recipient != NULL && f->recipient[0] != '\0';

    out->greeting = filled(a, f, lang, label(lang, named_recipient ? "greeting" : "greeting_anon"));
    out->body = filled(a, f, lang, t->body);
    out->when = f->starts_at ? show_time(a, f, lang, f->starts_at) : NULL;
    out->where = f->location && f->location[0] ? f->location : NULL;
    out->button = t->button ? t->button : label(lang, "button");
}

static const char *
render_text(struct arena *a, const struct notice_facts *f, const char *lang, const struct parts *p)
{
    struct tbuf b;

    tbuf_init(&b, a, 1024);
    tbuf_printf(&b, "%s\n\n%s\n\n", p->greeting, p->body);
    if (p->when) {
        tbuf_printf(&b, "%s: %s\n", label(lang, "when"), p->when);
    }
    if (p->where) {
        tbuf_printf(&b, "%s: %s\n", label(lang, "where"), p->where);
    }
    tbuf_printf(&b, "%s%s", p->when || p->where ? "\n" : "", f->link ? f->link : "");
    return b.ptr;
}

static void
add_line(struct tbuf *b, const char *name, const char *value)
{
    tbuf_adds(b, "<p><strong>");
    add_escaped(b, name);
    tbuf_adds(b, ":</strong> ");
    add_escaped(b, value);
    tbuf_adds(b, "</p>\n");
}

static const char *
render_html(struct arena *a, const struct notice_facts *f, const char *lang, const struct parts *p)
{
    struct tbuf b;

    tbuf_init(&b, a, 2048);
    tbuf_adds(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n<p>");
    add_escaped(&b, p->greeting);
    tbuf_adds(&b, "</p>\n<p>");
    add_escaped(&b, p->body);
    tbuf_adds(&b, "</p>\n");
    if (p->when) {
        add_line(&b, label(lang, "when"), p->when);
    }
    if (p->where) {
        add_line(&b, label(lang, "where"), p->where);
    }
    if (f->unsubscribe_url) {
        tbuf_adds(&b, "<p style=\"font-size:small\"><a href=\"");
        add_escaped(&b, f->unsubscribe_url);
        tbuf_adds(&b, "\">");
        add_escaped(&b, label(lang, "unsubscribe"));
        tbuf_adds(&b, "</a></p>\n");
    }
    tbuf_adds(&b, "<p><a href=\"");
    add_escaped(&b, f->link);
    tbuf_adds(&b, "\">");
    add_escaped(&b, p->button);
    tbuf_adds(&b, "</a><br>");
    add_escaped(&b, f->link);
    tbuf_adds(&b, "</p>\n</body></html>\n");
    return b.ptr;
}

enum bo_err
notice_render(struct arena *a, const struct notice_facts *f, struct notice *out)
{
    const char *lang = lang_of(f->lang);
    const struct notice_tpl *t = is_category(f->category) ? pick(a, f, lang) : NULL;
    struct parts p;

    if (t == NULL) {
        return BO_ERR_INVALID;
    }
    make_parts(a, f, lang, t, &p);
    out->subject = filled(a, f, lang, t->subject);
    out->text = render_text(a, f, lang, &p);
    out->html = render_html(a, f, lang, &p);
    out->button = p.button;
    out->unsubscribe_url = f->unsubscribe_url;
    out->ics_method = NULL;
    out->ics = ics_render(a, f);
    if (out->ics != NULL) {
        out->ics_method = ics_cancels(f) ? "CANCEL" : "PUBLISH";
    }
    return BO_OK;
}
