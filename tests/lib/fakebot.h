/* SPDX-License-Identifier: MIT */
/*
 * fakebot.h - a local stand-in for the Telegram Bot API (an outside service
 * the tests cannot reach), on 127.0.0.1 at a port of its own choice.
 *
 * It records every call (method and JSON body), answers getUpdates from a
 * queue the test fills (holding the long poll until an update is queued or
 * the poll's timeout passes, as Telegram does), answers sendMessage ok, and
 * can be told to answer the next calls of sendMessage with an error (429
 * with parameters.retry_after, 403 "bot was blocked"...). Thread-safe.
 */
#ifndef BO_TESTS_FAKEBOT_H
#define BO_TESTS_FAKEBOT_H

#include <stdbool.h>
#include <stdint.h>

struct fakebot;

struct fakebot *fakebot_start(void);
/* Stop it (wakes held polls first) and free it. */
void fakebot_stop(struct fakebot *b);
/* "http://127.0.0.1:PORT": the --telegram-api-url of a server under test. */
const char *fakebot_url(const struct fakebot *b);

/* Queue an Update object (JSON text with an integer update_id) for getUpdates. */
void fakebot_queue_update(struct fakebot *b, const char *update_json);
/* Queue a private-chat text message from @username in chat_id as update update_id. */
void fakebot_queue_text(struct fakebot *b, int64_t update_id, int64_t chat_id, const char *username,
                        const char *lang, const char *text);
/* The next k calls of sendMessage answer status (with retry_after when > 0). */
void fakebot_fail_next(struct fakebot *b, int k, int status, int retry_after);

/*
 * As Telegram: while a webhook is set (by setWebhook, or here), getUpdates
 * answers 409 Conflict; deleteWebhook clears it.
 */
void fakebot_set_webhook(struct fakebot *b, bool set);

/* Calls of method so far. */
int fakebot_count(struct fakebot *b, const char *method);
/* Wait up to timeout_ms until at least n calls of method came; returns the count. */
int fakebot_wait(struct fakebot *b, const char *method, int n, int timeout_ms);
/* The JSON body of the i-th call of method (0 first), malloc'd; NULL if none. */
char *fakebot_body(struct fakebot *b, const char *method, int i);
/* The bot token of the i-th call of method (from /bot<token>/<method>), malloc'd. */
char *fakebot_token(struct fakebot *b, const char *method, int i);

#endif
