/* SPDX-License-Identifier: MIT */
/*
 * telegram.c - the Telegram channel: sendMessage with an inline button
 * (chan_http_post), and the long poll of getUpdates on a handle of its own,
 * because a poll must be abandoned when the server stops.
 *
 * Outcomes of sendMessage (https://core.telegram.org/bots/api#making-requests):
 * ok -> SENT; 429 -> RETRY after parameters.retry_after (or Retry-After);
 * 5xx, no reply, and 401/404 (our bot token is wrong, not the message) ->
 * RETRY; any other 4xx (chat not found, bot blocked by the user) -> GIVE_UP.
 */
#include "chan/telegram.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "chan/http.h"
#include "chan/tgapi.h"
#include "config.h"
#include "core/notice.h"
#include "lib/arena.h"

#define UPDATES_MAX_BYTES (1024 * 1024)
#define UPDATES_LIMIT 20

static char *
method_url(struct arena *a, const struct config *cfg, const char *method)
{
    return arena_printf(a, "%s/bot%s/%s", cfg->telegram_api_url, cfg->telegram_bot_token, method);
}

static void
classify(struct arena *a, const struct chan_http_reply *h, struct chan_result *r)
{
    struct tgapi_reply t;

    tgapi_parse_reply(a, h->body, &t);
    r->status_code = h->status;
    if (h->status == 200 && t.ok) {
        r->outcome = CHAN_SENT;
        return;
    }
    snprintf(r->error, sizeof(r->error), "telegram %d: %s", h->status,
             t.description ? t.description : "no description");
    if (h->status == 429) {
        r->outcome = CHAN_RETRY;
        r->retry_after_s = t.retry_after > 0 ? t.retry_after : h->retry_after_s;
    } else if (h->status >= 500 || h->status == 401 || h->status == 404) {
        r->outcome = CHAN_RETRY;
    } else {
        r->outcome = CHAN_GIVE_UP;
    }
}

static void
post_method(const struct config *cfg, struct arena *a, const char *method, const char *body,
            struct chan_result *r)
{
    struct chan_http_reply h;

    memset(r, 0, sizeof(*r));
    if (chan_http_post(method_url(a, cfg, method), NULL, "application/json", body, strlen(body),
                       cfg->delivery_timeout, &h) != 0) {
        r->outcome = CHAN_RETRY;
        snprintf(r->error, sizeof(r->error), "no reply from telegram: %.200s", h.error);
        return;
    }
    classify(a, &h, r);
}

/* The button's target: the router's short link, else the payload's link made absolute. */
static const char *
button_url(struct arena *a, const struct config *cfg, const struct chan_msg *m)
{
    if (m->link != NULL && m->link[0] != '\0') {
        return m->link;
    }
    const char *link = m->payload ? tgapi_string_member(a, m->payload, "link") : NULL;
    if (link == NULL || link[0] == '\0') {
        return NULL;
    }
    if (link[0] == '/') {
        return arena_printf(a, "%s%s", cfg->public_url, link);
    }
    return strncmp(link, "https://", 8) == 0 || strncmp(link, "http://", 7) == 0 ? link : NULL;
}

void
chan_telegram_send(const struct config *cfg, const struct chan_msg *m, struct chan_result *r)
{
    struct arena *a = arena_create(8 * 1024);
    const struct notice *n = m->notice;
    const char *url = button_url(a, cfg, m);
    const char *button = n->button && n->button[0] ? n->button : "Open";
    const char *body = tgapi_send_message(a, m->target, n->text, url ? button : NULL, url, false);

    post_method(cfg, a, "sendMessage", body, r);
    arena_destroy(a);
}

void
chan_telegram_say(const struct config *cfg, const char *chat_id, const char *text,
                  struct chan_result *r)
{
    struct arena *a = arena_create(4 * 1024);

    post_method(cfg, a, "sendMessage", tgapi_send_message(a, chat_id, text, NULL, NULL, false), r);
    arena_destroy(a);
}

void
chan_telegram_set_webhook(const struct config *cfg, struct chan_result *r)
{
    struct arena *a = arena_create(4 * 1024);
    const char *url = arena_printf(a, "%s%s", cfg->public_url, TGBOT_WEBHOOK_PATH);

    post_method(cfg, a, "setWebhook", tgapi_set_webhook(a, url, cfg->telegram_webhook_secret), r);
    arena_destroy(a);
}

void
chan_telegram_delete_webhook(const struct config *cfg, struct chan_result *r)
{
    struct arena *a = arena_create(1024);

    post_method(cfg, a, "deleteWebhook", "{}", r);
    arena_destroy(a);
}

/* --- the long poll ----------------------------------------------------------- */

static _Thread_local CURL *poll_handle;

struct poll_sink {
    char *buf;
    size_t len;
    const atomic_bool *stop;
};

static size_t
collect(char *data, size_t size, size_t n, void *arg)
{
    struct poll_sink *s = arg;
    size_t bytes = size * n;

    if (s->len + bytes >= UPDATES_MAX_BYTES) {
        return 0; /* ends the transfer: more than 20 updates can ever fill */
    }
    memcpy(s->buf + s->len, data, bytes);
    s->len += bytes;
    s->buf[s->len] = '\0';
    return bytes;
}

/* libcurl calls this about once a second even when idle: a non-zero answer aborts. */
static int
check_stop(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    const struct poll_sink *s = arg;

    return atomic_load(s->stop) ? 1 : 0;
}

/* POST body to url; the reply into sink. The HTTP status, or 0 when none came. */
static long
long_post(const char *url, const char *body, int timeout_s, struct poll_sink *sink)
{
    CURL *h = chan_curl_handle(&poll_handle);
    struct curl_slist *list = curl_slist_append(NULL, "Content-Type: application/json");
    long status = 0;

    if (h == NULL || list == NULL) {
        curl_slist_free_all(list);
        return 0;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)timeout_s);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, sink);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, check_stop);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, sink);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "boxoffice");
    if (curl_easy_perform(h) == CURLE_OK) {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    }
    curl_slist_free_all(list);
    return status;
}

enum bo_err
chan_telegram_get_updates(const struct config *cfg, struct arena *a, int64_t offset, int timeout_s,
                          const atomic_bool *stop, struct tg_update **out, size_t *count)
{
    struct poll_sink sink = {arena_alloc(a, UPDATES_MAX_BYTES), 0, stop};
    const char *body = tgapi_get_updates(a, offset, timeout_s, UPDATES_LIMIT);

    *count = 0;
    sink.buf[0] = '\0';
    /* The poll is held up to timeout_s; allow the reply some more time to arrive. */
    long status = long_post(method_url(a, cfg, "getUpdates"), body, timeout_s + 10, &sink);
    if (status == 409 && !atomic_load(stop)) {
        return BO_ERR_CONFLICT; /* a webhook is set: Telegram sends nothing to a poll */
    }
    if (status != 200 || atomic_load(stop)) {
        return BO_ERR_UNAVAILABLE;
    }
    return tgapi_parse_updates(a, sink.buf, sink.len, out, count);
}

void
chan_telegram_thread_done(void)
{
    chan_curl_release(&poll_handle);
    chan_http_thread_done();
}
