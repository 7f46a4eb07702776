/* SPDX-License-Identifier: MIT */
/*
 * chan.h - the delivery channels: email (SMTP), Telegram (Bot API) and
 * outgoing webhooks (Standard Webhooks). Each sends one message to one
 * target and says what happened; none of them touches the store. The
 * delivery worker (jobs/delivery.c) claims a message, calls its channel and
 * records the result, so retries, backoff and dead-lettering live in one
 * place and a channel only has to tell a retryable failure from a final one.
 *
 * Blocking calls with a timeout (cfg->delivery_timeout): they run on the
 * delivery worker's threads, never on an HTTP thread.
 */
#ifndef BO_CHAN_CHAN_H
#define BO_CHAN_CHAN_H

#include <stdint.h>

struct config;
struct notice;

enum chan_kind { CHAN_EMAIL, CHAN_TELEGRAM, CHAN_WEBHOOK, CHAN_KIND_COUNT };

/* One message on one channel. Strings are the caller's, NUL-terminated. */
struct chan_msg {
    int64_t delivery_id;
    const char *message_id;      /* the same on every attempt: Message-ID, webhook-id */
    const char *target;          /* email address, Telegram chat id, or webhook URL */
    const char *secret;          /* webhook: the endpoint's "whsec_..." secret; else NULL */
    const char *category;        /* "booking.created", "reminder.24h", ... */
    const char *payload;         /* the outbox row's JSON */
    const char *link;            /* absolute URL of the button (the short link); NULL: none */
    const struct notice *notice; /* rendered in the recipient's language (core/notice.h) */
    int64_t now;                 /* Unix seconds: Date, webhook-timestamp */
};

enum chan_outcome {
    CHAN_SENT,    /* the peer took it */
    CHAN_RETRY,   /* try again later (timeout, 5xx, 429, connection refused) */
    CHAN_GIVE_UP, /* it can never succeed (bad address, 4xx): dead-letter now */
    CHAN_GONE,    /* the target is gone for good (webhook 410): dead-letter and disable it */
};

struct chan_result {
    enum chan_outcome outcome;
    int status_code;   /* the HTTP status or SMTP reply code; 0 when there was none */
    int retry_after_s; /* the peer asked us to wait this long (Telegram 429); 0: use backoff */
    char error[256];   /* for the attempt log; empty on success */
};

typedef void (*chan_send_fn)(const struct config *cfg, const struct chan_msg *m,
                             struct chan_result *r);

void chan_email_send(const struct config *cfg, const struct chan_msg *m, struct chan_result *r);
/* Free this thread's SMTP handle; call before a delivery thread ends. */
void chan_email_thread_done(void);
void chan_telegram_send(const struct config *cfg, const struct chan_msg *m, struct chan_result *r);
void chan_webhook_send(const struct config *cfg, const struct chan_msg *m, struct chan_result *r);

#endif
