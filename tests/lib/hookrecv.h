/* SPDX-License-Identifier: MIT */
/*
 * hookrecv.h - a local webhook receiver for tests (libmicrohttpd on
 * 127.0.0.1, a port of its own). It checks every request's Standard
 * Webhooks signature with the secret it was given, records the headers and
 * body, and answers the status the test sets (200 by default), with a
 * Retry-After when one is set.
 */
#ifndef BO_TESTS_HOOKRECV_H
#define BO_TESTS_HOOKRECV_H

#include <stdbool.h>
#include <stdint.h>

struct hookrecv;

struct hookrecv_msg {
    char id[256];        /* webhook-id */
    int64_t timestamp;   /* webhook-timestamp */
    char signature[256]; /* webhook-signature */
    char *body;          /* owned by the receiver */
    bool verified;       /* the signature matched the receiver's secret */
};

/* Start on 127.0.0.1; secret is the endpoint's "whsec_..." (copied). */
struct hookrecv *hookrecv_start(const char *secret);
void hookrecv_stop(struct hookrecv *h);
/* "http://127.0.0.1:<port>/hook" */
const char *hookrecv_url(const struct hookrecv *h);
void hookrecv_set_status(struct hookrecv *h, int status, int retry_after_s);
void hookrecv_set_secret(struct hookrecv *h, const char *secret);
/* Wait this long before answering each request (a slow receiver). */
void hookrecv_set_delay(struct hookrecv *h, int delay_ms);
int hookrecv_count(struct hookrecv *h);
/* Copy of message i (body still owned by h); false if there is none. */
bool hookrecv_get(struct hookrecv *h, int i, struct hookrecv_msg *out);
/* Wait up to timeout_ms until count messages arrived; false on timeout. */
bool hookrecv_wait(struct hookrecv *h, int count, int timeout_ms);

#endif
