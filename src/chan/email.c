/* SPDX-License-Identifier: MIT */
/*
 * email.c - the email channel: the notice as a MIME message (core/mime.c,
 * pure) sent with libcurl's SMTP, one easy handle per delivery thread so the
 * connection to the relay is reused. The Message-ID comes from the
 * delivery's stable message_id, so a message sent twice after a crash is
 * recognisably the same message.
 *
 * Outcomes: the relay took it (250) -> sent; a 4xx reply, a refused or
 * broken connection, a timeout -> retry; a 5xx reply (no such mailbox,
 * policy) -> give up. Bad credentials (535) are retried: they are the
 * operator's to fix, not the message's fault.
 */
#include "chan/chan.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "chan/http.h"
#include "config.h"
#include "core/mime.h"
#include "core/notice.h"
#include "lib/arena.h"

static _Thread_local CURL *handle; /* SMTP: its own connection to the relay */

struct upload {
    const char *p;
    size_t left;
};

static size_t
read_body(char *buf, size_t size, size_t n, void *arg)
{
    struct upload *u = arg;
    size_t take = size * n < u->left ? size * n : u->left;

    memcpy(buf, u->p, take);
    u->p += take;
    u->left -= take;
    return take;
}

/* The address inside "Name <addr>", or s itself; in a. */
static const char *
bare_address(struct arena *a, const char *s)
{
    const char *open = strrchr(s, '<');
    const char *close = open ? strchr(open, '>') : NULL;

    if (close == NULL) {
        return s;
    }
    return arena_strndup(a, open + 1, (size_t)(close - open - 1));
}

static void
finish(struct chan_result *r, enum chan_outcome outcome, int code, const char *error)
{
    r->outcome = outcome;
    r->status_code = code;
    r->retry_after_s = 0;
    snprintf(r->error, sizeof(r->error), "%s", error ? error : "");
}

static bool
valid_target(const char *to)
{
    return mime_header_safe(to) && strchr(to, '@') != NULL && strpbrk(to, "<>,; ") == NULL;
}

/* "<id>" needs an "@right" part (RFC 5322 msg-id): the sender's domain when id has none. */
static const char *
message_id(struct arena *a, const struct config *cfg, const char *id)
{
    if (strchr(id, '@') != NULL) {
        return id;
    }
    const char *at = strrchr(bare_address(a, cfg->smtp_from), '@');
    return arena_printf(a, "%s@%s", id, at ? at + 1 : "boxoffice.invalid");
}

static const char *
build(struct arena *a, const struct config *cfg, const struct chan_msg *m)
{
    const struct notice *n = m->notice;
    struct mime_mail mail = {
        .from = cfg->smtp_from,
        .to = m->target,
        .subject = n->subject,
        .date = m->now,
        .message_id = message_id(a, cfg, m->message_id),
        .unsubscribe_url = n->unsubscribe_url,
        .text = n->text,
        .html = n->html,
        .ics = n->ics,
        .ics_method = n->ics_method,
    };
    bool safe = mime_header_safe(mail.from) && mime_header_safe(mail.subject) &&
                mime_header_safe(mail.message_id) &&
                (mail.unsubscribe_url == NULL || mime_header_safe(mail.unsubscribe_url));
    return safe ? mime_build(a, &mail) : NULL;
}

static void
set_options(CURL *h, const struct config *cfg, struct upload *u, struct curl_slist *rcpt,
            const char *from)
{
    curl_easy_setopt(h, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_body);
    curl_easy_setopt(h, CURLOPT_READDATA, u);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)u->left);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)cfg->delivery_timeout);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    /* STARTTLS when the relay offers it; smtps:// URLs are TLS from the start. */
    curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    if (cfg->smtp_user && cfg->smtp_user[0]) {
        curl_easy_setopt(h, CURLOPT_USERNAME, cfg->smtp_user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->smtp_password ? cfg->smtp_password : "");
    }
}

static void
classify(CURLcode res, long code, struct chan_result *r)
{
    if (res == CURLE_OK) {
        finish(r, CHAN_SENT, code ? (int)code : 250, NULL);
    } else if (code >= 500 && res != CURLE_LOGIN_DENIED) {
        finish(r, CHAN_GIVE_UP, (int)code, curl_easy_strerror(res));
    } else {
        finish(r, CHAN_RETRY, (int)code, curl_easy_strerror(res));
    }
}

void
chan_email_send(const struct config *cfg, const struct chan_msg *m, struct chan_result *r)
{
    if (cfg->smtp_url == NULL || cfg->smtp_url[0] == '\0' || cfg->smtp_from == NULL) {
        finish(r, CHAN_RETRY, 0, "SMTP is not configured (smtp_url, smtp_from)");
        return;
    }
    if (!valid_target(m->target)) {
        finish(r, CHAN_GIVE_UP, 0, "not a valid email address");
        return;
    }
    struct arena *a = arena_create(32 * 1024);
    const char *body = build(a, cfg, m);
    if (body == NULL) {
        finish(r, CHAN_GIVE_UP, 0, "a header would carry a control character");
        arena_destroy(a);
        return;
    }
    struct upload u = {body, strlen(body)};
    struct curl_slist *rcpt = curl_slist_append(NULL, m->target);
    CURL *h = chan_curl_handle(&handle);
    long code = 0;
    set_options(h, cfg, &u, rcpt, arena_printf(a, "<%s>", bare_address(a, cfg->smtp_from)));
    CURLcode res = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    classify(res, code, r);
    curl_slist_free_all(rcpt);
    arena_destroy(a);
}

void
chan_email_thread_done(void)
{
    chan_curl_release(&handle);
}
