/* SPDX-License-Identifier: MIT */
/*
 * webhook.c - the webhook channel: one Standard Webhooks POST per message.
 *
 * Body: {"type": category, "timestamp": RFC 3339 of m->now, "data": payload}.
 * Headers: webhook-id (m->message_id, the same on every attempt, so the
 * receiver can drop duplicates), webhook-timestamp (m->now, fresh on each
 * attempt) and webhook-signature ("v1,<base64 HMAC>" with m->secret).
 * The reply decides: 2xx sent; 410 gone (the endpoint is disabled);
 * 408, 425, 429, 5xx or no reply at all retry; any other status gives up.
 */
#include "chan/chan.h"

#include <stdio.h>
#include <string.h>

#include "chan/http.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/clock.h"
#include "lib/jsonw.h"
#include "lib/sign.h"

static enum chan_outcome
classify(int status)
{
    if (status >= 200 && status < 300) {
        return CHAN_SENT;
    }
    if (status == 410) {
        return CHAN_GONE;
    }
    if (status == 0 || status == 408 || status == 425 || status == 429 || status >= 500) {
        return CHAN_RETRY;
    }
    return CHAN_GIVE_UP;
}

static void
give_up(struct chan_result *r, const char *why)
{
    r->outcome = CHAN_GIVE_UP;
    snprintf(r->error, sizeof(r->error), "%s", why);
}

/* The envelope around the stored payload; NULL if the payload is not JSON. */
static const char *
envelope(struct arena *a, const struct chan_msg *m)
{
    char ts[32];

    clock_rfc3339(m->now, ts, sizeof(ts));
    const struct jsonw_member head[] = {{"type", m->category, 0}, {"timestamp", ts, 0}};
    return jsonw_object_raw(a, head, 2, "data", m->payload ? m->payload : "{}");
}

static void
post(const struct config *cfg, const struct chan_msg *m, const char *body, const char *sig,
     struct chan_result *r)
{
    char id_h[300], ts_h[48], sig_h[SIGN_SIG_LEN + 32];
    struct chan_http_reply reply;

    snprintf(id_h, sizeof(id_h), "webhook-id: %s", m->message_id);
    snprintf(ts_h, sizeof(ts_h), "webhook-timestamp: %lld", (long long)m->now);
    snprintf(sig_h, sizeof(sig_h), "webhook-signature: %s", sig);
    const char *const headers[] = {id_h, ts_h, sig_h, NULL};
    int timeout = cfg != NULL && cfg->delivery_timeout > 0 ? cfg->delivery_timeout : 10;
    chan_http_post(m->target, headers, "application/json", body, strlen(body), timeout, &reply);
    r->status_code = reply.status;
    r->retry_after_s = reply.retry_after_s;
    r->outcome = classify(reply.status);
    if (reply.status == 0) {
        snprintf(r->error, sizeof(r->error), "no reply: %.200s", reply.error);
    } else if (r->outcome != CHAN_SENT) {
        snprintf(r->error, sizeof(r->error), "HTTP %d: %.200s", reply.status, reply.body);
    }
}

void
chan_webhook_send(const struct config *cfg, const struct chan_msg *m, struct chan_result *r)
{
    struct arena *a = arena_create(4096);
    char sig[SIGN_SIG_LEN];

    memset(r, 0, sizeof(*r));
    const char *body = envelope(a, m);
    if (body == NULL) {
        give_up(r, "the payload is not JSON");
    } else if (m->message_id == NULL || strlen(m->message_id) > 255) {
        give_up(r, "no usable message id");
    } else if (!sign_webhook(m->secret, m->message_id, m->now, body, strlen(body), sig)) {
        give_up(r, "the endpoint's secret is not a whsec_ key");
    } else {
        post(cfg, m, body, sig, r);
    }
    arena_destroy(a);
}
