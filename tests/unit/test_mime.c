/* SPDX-License-Identifier: MIT */
/*
 * The MIME builder: headers, RFC 2047 subjects, base64 bodies and the
 * calendar part; the same input is the same bytes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "core/mime.h"
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

TestSuite(mime, .init = setup, .fini = teardown);

static struct mime_mail
mail(void)
{
    return (struct mime_mail){
        .from = "boxoffice <no-reply@kino.example>",
        .to = "olena@example.org",
        .subject = "Hello",
        .date = 0,
        .message_id = "d42.o7@kino.example",
        .text = "plain",
        .html = "<p>html</p>",
    };
}

Test(mime, headers_and_structure)
{
    struct mime_mail m = mail();
    m.unsubscribe_url = "https://kino.example/unsubscribe?t=abc";
    m.ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
    m.ics_method = "CANCEL";

    const char *s = mime_build(ar, &m);

    const char *want[] = {
        "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n",
        "From: boxoffice <no-reply@kino.example>\r\n",
        "To: olena@example.org\r\n",
        "Subject: Hello\r\n",
        "Message-ID: <d42.o7@kino.example>\r\n",
        "MIME-Version: 1.0\r\n",
        "List-Unsubscribe: <https://kino.example/unsubscribe?t=abc>\r\n",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
        "Content-Type: multipart/mixed;",
        "Content-Type: multipart/alternative;",
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "cGxhaW4=\r\n",
        "Content-Type: text/calendar; charset=utf-8; method=CANCEL\r\n",
        "Content-Disposition: attachment; filename=\"invite.ics\"\r\n",
        "--=_boxoffice_mixed--\r\n",
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        cr_assert(strstr(s, want[i]) != NULL, "missing %s in\n%s", want[i], s);
    }
    cr_assert_str_eq(s, mime_build(ar, &m), "the same message is the same bytes");
}

Test(mime, no_unsubscribe_no_calendar_no_headers_for_them)
{
    struct mime_mail m = mail();
    const char *s = mime_build(ar, &m);

    cr_assert_null(strstr(s, "List-Unsubscribe"));
    cr_assert_null(strstr(s, "text/calendar"));
}

Test(mime, non_ascii_subject_is_encoded_words_of_whole_characters)
{
    const char *subject = "Напоминание: «Очень длинное название киновечера» начнётся через час";
    const char *w = mime_encode_words(ar, subject);

    cr_assert(strncmp(w, "=?UTF-8?B?", 10) == 0, "%s", w);
    for (const char *p = w; p;) {
        const char *end = strstr(p, "?=");
        cr_assert_not_null(end);
        cr_assert_leq(end + 2 - p, 75, "encoded word too long");
        p = strstr(end, "\r\n =?UTF-8?B?");
        p = p ? p + 3 : NULL;
    }
    cr_assert_str_eq(mime_encode_words(ar, "plain ascii"), "plain ascii");
    cr_assert_str_eq(mime_encode_words(ar, "Привет"), "=?UTF-8?B?0J/RgNC40LLQtdGC?=");
}

Test(mime, base64_lines_are_76_characters)
{
    char in[200];
    memset(in, 'a', sizeof(in));
    const char *s = mime_base64_lines(ar, in, sizeof(in));

    cr_assert_eq(strstr(s, "\r\n") - s, 76);
    cr_assert_str_eq(mime_base64_lines(ar, "ab", 2), "YWI=\r\n");
    cr_assert_str_eq(mime_base64_lines(ar, "a", 1), "YQ==\r\n");
}

Test(mime, header_injection_is_refused)
{
    cr_assert(mime_header_safe("olena@example.org"));
    cr_assert_not(mime_header_safe("olena@example.org\r\nBcc: all@example.org"));
    cr_assert_not(mime_header_safe(NULL));
}
