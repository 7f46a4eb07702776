/* SPDX-License-Identifier: MIT */
#include "core/mime.h"

#include <assert.h>
#include <string.h>

#include "core/caltime.h"
#include "core/tbuf.h"
#include "lib/arena.h"

/* Base64 never contains "=_" (padding ends a part), so these cannot occur in a body. */
#define MIXED "=_boxoffice_mixed"
#define ALT "=_boxoffice_alt"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
add_base64(struct tbuf *b, const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        v |= i + 1 < len ? (uint32_t)p[i + 1] << 8 : 0;
        v |= i + 2 < len ? p[i + 2] : 0;
        tbuf_addc(b, b64[v >> 18 & 63]);
        tbuf_addc(b, b64[v >> 12 & 63]);
        tbuf_addc(b, i + 1 < len ? b64[v >> 6 & 63] : '=');
        tbuf_addc(b, i + 2 < len ? b64[v & 63] : '=');
    }
}

const char *
mime_base64_lines(struct arena *a, const char *p, size_t len)
{
    struct tbuf b;

    tbuf_init(&b, a, len * 4 / 3 + len / 38 + 8);
    for (size_t i = 0; i < len; i += 57) {
        add_base64(&b, (const unsigned char *)p + i, len - i < 57 ? len - i : 57);
        tbuf_adds(&b, "\r\n");
    }
    return b.ptr;
}

bool
mime_header_safe(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            return false;
        }
    }
    return s != NULL;
}

static bool
is_ascii(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x80) {
            return false;
        }
    }
    return true;
}

/*
 * RFC 2047: an encoded word is at most 75 characters, so each carries at
 * most 45 bytes (60 base64 characters), and never half a UTF-8 character.
 */
const char *
mime_encode_words(struct arena *a, const char *s)
{
    struct tbuf b;
    size_t len = strlen(s);

    if (is_ascii(s)) {
        return s;
    }
    tbuf_init(&b, a, len * 2 + 32);
    for (size_t i = 0; i < len;) {
        size_t n = len - i < 45 ? len - i : 45;
        while (i + n < len && ((unsigned char)s[i + n] & 0xC0) == 0x80) {
            n--;
        }
        tbuf_adds(&b, i ? "\r\n =?UTF-8?B?" : "=?UTF-8?B?");
        add_base64(&b, (const unsigned char *)s + i, n);
        tbuf_adds(&b, "?=");
        i += n;
    }
    return b.ptr;
}

static const char *
rfc5322_date(struct arena *a, int64_t t)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct caltime c;

    caltime_from_unix(t, &c);
    return arena_printf(a, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[c.wday], c.day,
                        months[c.month - 1], c.year, c.hour, c.min, c.sec);
}

static void
add_headers(struct tbuf *b, const struct mime_mail *m)
{
    tbuf_printf(b, "Date: %s\r\n", rfc5322_date(b->a, m->date));
    tbuf_printf(b, "From: %s\r\n", m->from);
    tbuf_printf(b, "To: %s\r\n", m->to);
    tbuf_printf(b, "Subject: %s\r\n", mime_encode_words(b->a, m->subject));
    tbuf_printf(b, "Message-ID: <%s>\r\n", m->message_id);
    tbuf_adds(b, "MIME-Version: 1.0\r\n");
    if (m->unsubscribe_url) {
        /* RFC 8058: one-click unsubscribe is a POST to this URL, no confirmation page. */
        tbuf_printf(b, "List-Unsubscribe: <%s>\r\n", m->unsubscribe_url);
        tbuf_adds(b, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
    }
    tbuf_adds(b, "Auto-Submitted: auto-generated\r\n");
    tbuf_adds(b, "Content-Type: multipart/mixed; boundary=\"" MIXED "\"\r\n\r\n");
}

static void
add_part(struct tbuf *b, const char *boundary, const char *type, const char *body)
{
    tbuf_printf(b, "--%s\r\nContent-Type: %s\r\nContent-Transfer-Encoding: base64\r\n", boundary,
                type);
    if (strncmp(type, "text/calendar", 13) == 0) {
        tbuf_adds(b, "Content-Disposition: attachment; filename=\"invite.ics\"\r\n");
    }
    tbuf_adds(b, "\r\n");
    tbuf_adds(b, mime_base64_lines(b->a, body, strlen(body)));
}

const char *
mime_build(struct arena *a, const struct mime_mail *m)
{
    struct tbuf b;

    assert(mime_header_safe(m->from) && mime_header_safe(m->to));
    assert(mime_header_safe(m->subject) && mime_header_safe(m->message_id));
    assert(m->unsubscribe_url == NULL || mime_header_safe(m->unsubscribe_url));
    tbuf_init(&b, a, 8192);
    add_headers(&b, m);
    tbuf_adds(&b, "This is a multipart message in MIME format.\r\n\r\n");
    tbuf_adds(&b,
              "--" MIXED "\r\nContent-Type: multipart/alternative; boundary=\"" ALT "\"\r\n\r\n");
    add_part(&b, ALT, "text/plain; charset=utf-8", m->text ? m->text : "");
    add_part(&b, ALT, "text/html; charset=utf-8", m->html ? m->html : "");
    tbuf_adds(&b, "--" ALT "--\r\n\r\n");
    if (m->ics) {
        const char *method = m->ics_method ? m->ics_method : "PUBLISH";
        add_part(&b, MIXED, arena_printf(a, "text/calendar; charset=utf-8; method=%s", method),
                 m->ics);
    }
    tbuf_adds(&b, "--" MIXED "--\r\n");
    return b.ptr;
}
