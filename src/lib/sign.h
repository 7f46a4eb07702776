/* SPDX-License-Identifier: MIT */
/*
 * sign.h - signatures that leave the server (libsodium HMAC-SHA256).
 *
 * Webhooks follow Standard Webhooks (standardwebhooks.com): the secret is
 * "whsec_" + base64 of the key bytes; a signature is "v1," + base64 of
 * HMAC-SHA256(key, "<id>.<timestamp>.<body>"); a header may carry several
 * space-separated signatures (during a secret rotation) and one match is
 * enough.
 *
 * Unsubscribe tokens are "<base64url payload>.<base64url HMAC>", the payload
 * being "u1|<user_id>|<category>|<channel>|<expires_at>". They are not
 * secret (they sit in an email), only unforgeable, and they expire.
 * Every comparison of a MAC is constant-time.
 */
#ifndef BO_LIB_SIGN_H
#define BO_LIB_SIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define SIGN_SECRET_PREFIX "whsec_"
#define SIGN_KEY_MAX 64 /* bytes of a webhook key we accept (ours are 32) */
#define SIGN_SIG_LEN 48 /* "v1," + 44 base64 characters + NUL */
#define SIGN_TOKEN_MAX 512

/* A new webhook secret: "whsec_" + base64 of 32 random bytes, in a. */
char *sign_secret_new(struct arena *a);

/*
 * Sign (id, timestamp, body) with secret ("whsec_..." or bare base64) into
 * out. False if the secret does not decode (then out is "").
 */
bool sign_webhook(const char *secret, const char *id, int64_t timestamp, const char *body,
                  size_t body_len, char out[SIGN_SIG_LEN]);

/*
 * Does header (space-separated "v1,<base64>" signatures) hold a signature
 * of (id, timestamp, body) made with secret? Other versions are skipped.
 */
bool sign_webhook_verify(const char *secret, const char *id, int64_t timestamp, const char *body,
                         size_t body_len, const char *header);

/* What an unsubscribe token says. */
struct sign_unsub {
    int64_t user_id;
    char category[32]; /* a preference group: "booking", "event", ... */
    char channel[16];  /* "email", "telegram", "inapp" */
    int64_t expires_at;
};

enum sign_verdict {
    SIGN_OK = 0,
    SIGN_MALFORMED, /* not a token of ours: wrong shape, encoding or fields */
    SIGN_BAD,       /* well formed, but the MAC does not match: forged or tampered */
    SIGN_EXPIRED,   /* genuine, but expires_at <= now */
};

/*
 * The token for u with key (32 bytes, derived for this purpose only), in a.
 * category and channel are [a-z.] words shorter than their fields.
 */
char *sign_unsub_token(struct arena *a, const uint8_t key[32], const struct sign_unsub *u);

/* Check token at now; *out is filled when the verdict is SIGN_OK or SIGN_EXPIRED. */
enum sign_verdict sign_unsub_verify(const uint8_t key[32], const char *token, int64_t now,
                                    struct sign_unsub *out);

#endif
