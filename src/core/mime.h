/* SPDX-License-Identifier: MIT */
/*
 * mime.h - one notification email as RFC 5322 / MIME text, ready for SMTP:
 * multipart/mixed around multipart/alternative (text/plain, text/html, both
 * UTF-8 in base64) and, when there is one, a text/calendar "invite.ics"
 * part. Pure: the same input gives the same bytes, so a message sent again
 * after a crash is the same message (same Message-ID).
 */
#ifndef BO_CORE_MIME_H
#define BO_CORE_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

struct mime_mail {
    const char *from;            /* header value as configured: "boxoffice <no-reply@x>" */
    const char *to;              /* one address */
    const char *subject;         /* UTF-8; encoded as RFC 2047 words when not ASCII */
    int64_t date;                /* Unix seconds, written in UTC */
    const char *message_id;      /* without the angle brackets */
    const char *unsubscribe_url; /* NULL: no List-Unsubscribe headers (RFC 8058) */
    const char *text;
    const char *html;
    const char *ics;        /* NULL: no calendar part */
    const char *ics_method; /* "PUBLISH", "CANCEL" */
};

/* True when s may go into a header: no CR, LF or other control character. */
bool mime_header_safe(const char *s);

/*
 * The whole message with CRLF line ends, in a. The caller has checked the
 * header fields with mime_header_safe (asserted).
 */
const char *mime_build(struct arena *a, const struct mime_mail *m);

/* s as RFC 2047 "=?UTF-8?B?...?=" words folded with CRLF SP; s itself when ASCII. */
const char *mime_encode_words(struct arena *a, const char *s);

/* Base64 of len bytes of p in lines of 76 characters, each ended with CRLF. */
const char *mime_base64_lines(struct arena *a, const char *p, size_t len);

#endif
