/* SPDX-License-Identifier: MIT */
/*
 * Notices: every category renders in every language with nothing left
 * unfilled, user text is escaped in HTML and .ics, and the .ics carries a
 * stable UID, the event's version as SEQUENCE, and folded CRLF lines.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "core/caltime.h"
#include "core/notice.h"
#include "lib/arena.h"

static struct arena *ar;

static void
setup(void)
{
    ar = arena_create(64 * 1024);
}

static void
teardown(void)
{
    arena_destroy(ar);
}

TestSuite(notice, .init = setup, .fini = teardown);

/* Kyiv in winter, for any zone: a stand-in for lib/tz.h, which core may not call. */
static bool
fixed_offset(const char *zone, int64_t t, int *offset_s)
{
    (void)zone, (void)t;
    *offset_s = 7200;
    return true;
}

/* Kyiv as it is around these dates: +3 from 2027-03-28 01:00 UTC (1806195600), +2 before. */
static bool
kyiv_offset(const char *zone, int64_t t, int *offset_s)
{
    *offset_s = t >= 1806195600 ? 10800 : 7200;
    return strcmp(zone, "Europe/Kyiv") == 0;
}

static struct notice_facts
facts(const char *category, const char *lang, const char *state)
{
    return (struct notice_facts){
        .category = category,
        .lang = lang,
        .recipient = "Olena",
        .event_id = 42,
        .event_version = 3,
        .event_title = "Movie night",
        .starts_at = 1795000000, /* 2026-11-18 11:06:40 UTC */
        .ends_at = 1795007200,
        .timezone = "Europe/Kyiv",
        .zone_offset = fixed_offset,
        .location = "Kyiv, Khreshchatyk 1",
        .booking_id = 7,
        .booking_state = state,
        .seats = 2,
        .expires_at = 1794990000,
        .link = "https://kino.example/s/abc123",
        .unsubscribe_url = "https://kino.example/unsubscribe?t=x",
        .host = "kino.example",
        .changed_at = 1794900000,
    };
}

static const struct {
    const char *category;
    const char *state;
    bool for_host;
} cases[] = {
    {"booking.requested", "requested", false},
    {"booking.requested", "requested", true},
    {"booking.created", "held", false},
    {"booking.created", "confirmed", false},
    {"booking.created", "confirmed", true},
    {"booking.changed", "held", false},
    {"booking.changed", "confirmed", false},
    {"booking.changed", "rejected", false},
    {"booking.changed", "cancelled", false},
    {"booking.changed", "expired", false},
    {"booking.changed", "attended", false},
    {"booking.changed", "rejected", true},
    {"waitlist.offered", NULL, false},
    {"event.changed", NULL, false},
    {"event.cancelled", NULL, false},
    {"event.done", NULL, false},
    {"reminder.24h", NULL, false},
    {"reminder.1h", NULL, false},
};

static void
assert_filled(const char *what, const char *s, const char *ctx)
{
    cr_assert_not_null(s, "%s: %s is NULL", ctx, what);
    cr_assert(strchr(s, '{') == NULL && strchr(s, '}') == NULL, "%s: %s not filled: %s", ctx, what,
              s);
    cr_assert(s[0] != '\0', "%s: %s empty", ctx, what);
}

Test(notice, every_category_renders_in_every_language)
{
    const char *langs[] = {"en", "ru", "uk"};

    for (size_t l = 0; l < 3; l++) {
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            struct notice_facts f = facts(cases[i].category, langs[l], cases[i].state);
            f.for_host = cases[i].for_host;
            struct notice n;
            const char *ctx = arena_printf(ar, "%s/%s/%s%s", langs[l], cases[i].category,
                                           cases[i].state ? cases[i].state : "-",
                                           cases[i].for_host ? "/host" : "");
            cr_assert_eq(notice_render(ar, &f, &n), BO_OK, "%s", ctx);
            assert_filled("subject", n.subject, ctx);
            assert_filled("text", n.text, ctx);
            assert_filled("button", n.button, ctx);
            cr_assert(strstr(n.subject, "Movie night") != NULL, "%s: %s", ctx, n.subject);
            size_t tl = strlen(n.text), ll = strlen(f.link);
            cr_assert(tl > ll && strcmp(n.text + tl - ll, f.link) == 0, "%s: text ends with link",
                      ctx);
            cr_assert(strstr(n.html, "href=\"https://kino.example/s/abc123\"") != NULL, "%s", ctx);
            cr_assert_str_eq(n.unsubscribe_url, f.unsubscribe_url);
        }
    }
}

Test(notice, languages_differ_and_unknown_language_is_english)
{
    struct notice_facts f = facts("reminder.1h", "ru", NULL);
    struct notice ru, uk, en, xx;

    cr_assert_eq(notice_render(ar, &f, &ru), BO_OK);
    f.lang = "uk";
    cr_assert_eq(notice_render(ar, &f, &uk), BO_OK);
    f.lang = "en";
    cr_assert_eq(notice_render(ar, &f, &en), BO_OK);
    f.lang = "de";
    cr_assert_eq(notice_render(ar, &f, &xx), BO_OK);
    cr_assert_str_eq(ru.subject, "Через час: «Movie night»");
    cr_assert_str_eq(uk.subject, "За годину: «Movie night»");
    cr_assert_str_eq(en.subject, xx.subject);
}

Test(notice, times_are_shown_in_the_event_zone_or_in_utc)
{
    struct notice_facts f = facts("reminder.24h", "ru", NULL);
    struct notice n;

    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert(strstr(n.text, "18.11.2026 13:06 (Europe/Kyiv)") != NULL, "%s", n.text);
    f.lang = "en";
    f.zone_offset = NULL;
    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert(strstr(n.text, "2026-11-18 11:06 UTC") != NULL, "%s", n.text);
}

Test(notice, each_time_gets_the_offset_of_its_own_instant)
{
    struct notice_facts f = facts("booking.created", "en", "held");
    struct notice n;

    f.zone_offset = kyiv_offset;
    f.starts_at = 1811000000;  /* 2027-05-22 15:33:20 UTC: summer, +3 */
    f.expires_at = 1795000000; /* 2026-11-18 11:06:40 UTC: winter, +2 */
    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert(strstr(n.text, "2027-05-22 18:33 (Europe/Kyiv)") != NULL, "%s", n.text);
    cr_assert(strstr(n.text, "2026-11-18 13:06 (Europe/Kyiv)") != NULL, "%s", n.text);
    f.timezone = "Mars/Olympus";
    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert(strstr(n.text, "2027-05-22 15:33 UTC") != NULL, "an unknown zone: UTC: %s", n.text);
}

Test(notice, host_and_guest_hear_different_words)
{
    struct notice_facts f = facts("booking.requested", "en", "requested");
    struct notice guest, host;

    cr_assert_eq(notice_render(ar, &f, &guest), BO_OK);
    f.for_host = true;
    cr_assert_eq(notice_render(ar, &f, &host), BO_OK);
    cr_assert_str_neq(guest.subject, host.subject);
    cr_assert(strstr(host.text, "A guest has applied") != NULL, "%s", host.text);
}

Test(notice, user_text_is_escaped_in_html)
{
    struct notice_facts f = facts("event.changed", "en", NULL);
    struct notice n;

    f.event_title = "<script>alert('x')</script> & \"friends\"";
    f.location = "<b>home</b>";
    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert(strstr(n.html, "<script>") == NULL, "%s", n.html);
    cr_assert(strstr(n.html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                             "&quot;friends&quot;") != NULL,
              "%s", n.html);
    cr_assert(strstr(n.html, "&lt;b&gt;home&lt;/b&gt;") != NULL);
    cr_assert(strstr(n.text, "<script>alert('x')</script>") != NULL, "text is plain");
}

Test(notice, unknown_category_is_invalid)
{
    struct notice_facts f = facts("booking.exploded", "en", NULL);
    struct notice n;

    cr_assert_eq(notice_render(ar, &f, &n), BO_ERR_INVALID);
    f.category = NULL;
    cr_assert_eq(notice_render(ar, &f, &n), BO_ERR_INVALID);
}

Test(notice, ics_only_where_a_calendar_needs_it)
{
    struct notice n;
    struct notice_facts f = facts("booking.changed", "en", "rejected");

    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert_null(n.ics);
    f = facts("booking.created", "en", "held");
    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert_null(n.ics);
    f = facts("booking.created", "en", "confirmed");
    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert_not_null(n.ics);
    cr_assert_str_eq(n.ics_method, "PUBLISH");
    f = facts("reminder.1h", "en", NULL);
    f.starts_at = 0;
    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert_null(n.ics, "no start, no calendar entry");
}

Test(notice, ics_has_stable_uid_sequence_and_utc_times)
{
    struct notice_facts f = facts("event.changed", "uk", NULL);
    struct notice n;

    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    const char *want[] = {"BEGIN:VCALENDAR\r\n",
                          "VERSION:2.0\r\n",
                          "METHOD:PUBLISH\r\n",
                          "UID:event-42@kino.example\r\n",
                          "SEQUENCE:3\r\n",
                          "DTSTAMP:20261117T072000Z\r\n",
                          "DTSTART:20261118T110640Z\r\n",
                          "DTEND:20261118T130640Z\r\n",
                          "SUMMARY:Movie night\r\n",
                          "LOCATION:Kyiv\\, Khreshchatyk 1\r\n",
                          "URL:https://kino.example/s/abc123\r\n",
                          "STATUS:CONFIRMED\r\n",
                          "END:VCALENDAR\r\n"};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        cr_assert(strstr(n.ics, want[i]) != NULL, "missing %s in\n%s", want[i], n.ics);
    }
    for (const char *p = strchr(n.ics, '\n'); p; p = strchr(p + 1, '\n')) {
        cr_assert_eq(p[-1], '\r', "bare LF");
    }
}

Test(notice, cancelled_event_ics_cancels)
{
    struct notice_facts f = facts("event.cancelled", "en", NULL);
    struct notice n;

    f.event_version = 9;
    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert_str_eq(n.ics_method, "CANCEL");
    cr_assert(strstr(n.ics, "METHOD:CANCEL\r\n") && strstr(n.ics, "STATUS:CANCELLED\r\n") &&
              strstr(n.ics, "SEQUENCE:9\r\n"));
}

Test(notice, a_guests_cancelled_booking_cancels_their_entry_not_the_hosts)
{
    struct notice_facts f = facts("booking.changed", "en", "cancelled");
    struct notice n;

    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert_str_eq(n.ics_method, "CANCEL");
    cr_assert(strstr(n.ics, "METHOD:CANCEL\r\n") && strstr(n.ics, "STATUS:CANCELLED\r\n") &&
                  strstr(n.ics, "UID:event-42@kino.example\r\n"),
              "%s", n.ics);
    f.for_host = true;
    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert_null(n.ics, "the event goes on for its host");
    f = facts("booking.changed", "en", "rejected");
    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert_null(n.ics, "a request never confirmed was never in a calendar");
    f = facts("booking.changed", "en", "expired");
    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    cr_assert_null(n.ics, "nor was a hold");
}

/* Unfold RFC 5545 lines: CRLF followed by one space joins. */
static char *
unfold(const char *s)
{
    char *out = arena_strdup(ar, s);
    char *w = out;
    for (const char *p = s; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
            p += 2;
            continue;
        }
        *w++ = *p;
    }
    *w = '\0';
    return out;
}

Test(notice, long_ics_lines_fold_at_75_octets_without_cutting_utf8)
{
    struct notice_facts f = facts("reminder.24h", "ru", NULL);
    struct notice n;

    f.event_title = "Очень длинное название киновечера; с точкой с запятой, запятыми и "
                    "кириллицей, чтобы строка точно была длиннее семидесяти пяти октетов";
    cr_assert_eq(notice_render(ar, &f, &n), BO_OK);
    const char *line = n.ics;
    while (*line) {
        const char *end = strstr(line, "\r\n");
        cr_assert_not_null(end);
        cr_assert_leq(end - line, 75, "line longer than 75 octets");
        if (end[2] == ' ') {
            cr_assert_neq((unsigned char)end[3] & 0xC0, 0x80, "continuation cuts a character");
        }
        line = end + 2;
    }
    cr_assert(strstr(unfold(n.ics), "SUMMARY:Очень длинное название киновечера\\; с точкой с "
                                    "запятой\\, запятыми") != NULL,
              "%s", n.ics);
}

Test(notice, caltime_knows_weekdays_and_leap_days)
{
    struct caltime c;

    caltime_from_unix(0, &c);
    cr_assert(c.year == 1970 && c.month == 1 && c.day == 1 && c.wday == 4);
    caltime_from_unix(951782400, &c); /* 2000-02-29 00:00 UTC, a Tuesday */
    cr_assert(c.year == 2000 && c.month == 2 && c.day == 29 && c.wday == 2);
    caltime_from_unix(-1, &c);
    cr_assert(c.year == 1969 && c.month == 12 && c.day == 31 && c.hour == 23 && c.wday == 3);
}
