/* SPDX-License-Identifier: MIT */
#include "lib/sign.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"

#define WEBHOOK_KEY_LEN 32
#define B64 sodium_base64_VARIANT_ORIGINAL

char *
sign_secret_new(struct arena *a)
{
    uint8_t key[WEBHOOK_KEY_LEN];
    char b64[sodium_base64_ENCODED_LEN(WEBHOOK_KEY_LEN, B64)];

    randombytes_buf(key, sizeof(key));
    sodium_bin2base64(b64, sizeof(b64), key, sizeof(key), B64);
    sodium_memzero(key, sizeof(key));
    return arena_printf(a, "%s%s", SIGN_SECRET_PREFIX, b64);
}

/* The key bytes of a "whsec_<base64>" secret; the prefix is optional, as in the spec's libraries.
 */
static bool
webhook_key(const char *secret, uint8_t key[SIGN_KEY_MAX], size_t *key_len)
{
    const size_t plen = sizeof(SIGN_SECRET_PREFIX) - 1;
    const char *end = NULL;

    if (secret == NULL) {
        return false;
    }
    if (strncmp(secret, SIGN_SECRET_PREFIX, plen) == 0) {
        secret += plen;
    }
    if (sodium_base642bin(key, SIGN_KEY_MAX, secret, strlen(secret), NULL, key_len, &end, B64)) {
        return false;
    }
    return *end == '\0' && *key_len > 0;
}

/* HMAC-SHA256(key, "<id>.<timestamp>.<body>") */
static void
webhook_mac(const uint8_t *key, size_t key_len, const char *id, int64_t timestamp, const char *body,
            size_t body_len, uint8_t mac[crypto_auth_hmacsha256_BYTES])
{
    crypto_auth_hmacsha256_state st;
    char ts[24];
    int ts_len = snprintf(ts, sizeof(ts), "%lld", (long long)timestamp); /* checksrc: allow */

    crypto_auth_hmacsha256_init(&st, key, key_len);
    crypto_auth_hmacsha256_update(&st, (const uint8_t *)id, strlen(id));
    crypto_auth_hmacsha256_update(&st, (const uint8_t *)".", 1);
    crypto_auth_hmacsha256_update(&st, (const uint8_t *)ts, (size_t)ts_len);
    crypto_auth_hmacsha256_update(&st, (const uint8_t *)".", 1);
    crypto_auth_hmacsha256_update(&st, (const uint8_t *)body, body_len);
    crypto_auth_hmacsha256_final(&st, mac);
}

bool
sign_webhook(const char *secret, const char *id, int64_t timestamp, const char *body,
             size_t body_len, char out[SIGN_SIG_LEN])
{
    uint8_t key[SIGN_KEY_MAX], mac[crypto_auth_hmacsha256_BYTES];
    size_t key_len = 0;

    out[0] = '\0';
    if (!webhook_key(secret, key, &key_len)) {
        return false;
    }
    webhook_mac(key, key_len, id, timestamp, body, body_len, mac);
    sodium_memzero(key, sizeof(key));
    memcpy(out, "v1,", 3);
    sodium_bin2base64(out + 3, SIGN_SIG_LEN - 3, mac, sizeof(mac), B64);
    return true;
}

/* Does one "v1,<base64>" entry (len bytes) equal mac? Constant-time on the MAC. */
static bool
entry_matches(const char *entry, size_t len, const uint8_t mac[crypto_auth_hmacsha256_BYTES])
{
    uint8_t got[crypto_auth_hmacsha256_BYTES + 4];
    size_t got_len = 0;

    if (len < 4 || strncmp(entry, "v1,", 3) != 0) {
        return false;
    }
    if (sodium_base642bin(got, sizeof(got), entry + 3, len - 3, NULL, &got_len, NULL, B64)) {
        return false;
    }
    return got_len == crypto_auth_hmacsha256_BYTES &&
           sodium_memcmp(got, mac, crypto_auth_hmacsha256_BYTES) == 0;
}

bool
sign_webhook_verify(const char *secret, const char *id, int64_t timestamp, const char *body,
                    size_t body_len, const char *header)
{
    uint8_t key[SIGN_KEY_MAX], mac[crypto_auth_hmacsha256_BYTES];
    size_t key_len = 0;
    bool found = false;

    if (header == NULL || !webhook_key(secret, key, &key_len)) {
        return false;
    }
    webhook_mac(key, key_len, id, timestamp, body, body_len, mac);
    sodium_memzero(key, sizeof(key));
    for (const char *p = header; *p != '\0';) {
        size_t len = strcspn(p, " ");
        /* No early exit: every entry is compared, so timing says nothing about which matched. */
        found |= entry_matches(p, len, mac);
        p += len;
        p += strspn(p, " ");
    }
    return found;
}

static bool
is_word(const char *s, size_t cap)
{
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz.");

    return n > 0 && n < cap && s[n] == '\0';
}

char *
sign_unsub_token(struct arena *a, const uint8_t key[32], const struct sign_unsub *u)
{
    const int v = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    uint8_t mac[crypto_auth_hmacsha256_BYTES];
    char b64mac[sodium_base64_ENCODED_LEN(sizeof(mac), sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

    char *payload = arena_printf(a, "u1|%lld|%s|%s|%lld", (long long)u->user_id, u->category,
                                 u->channel, (long long)u->expires_at);
    size_t len = strlen(payload);
    char *b64 = arena_alloc(a, sodium_base64_ENCODED_LEN(len, v));
    sodium_bin2base64(b64, sodium_base64_ENCODED_LEN(len, v), (const uint8_t *)payload, len, v);
    crypto_auth_hmacsha256(mac, (const uint8_t *)payload, len, key);
    sodium_bin2base64(b64mac, sizeof(b64mac), mac, sizeof(mac), v);
    return arena_printf(a, "%s.%s", b64, b64mac);
}

/* A decimal int64 of exactly len bytes. */
static bool
parse_int(const char *s, size_t len, int64_t *out)
{
    char buf[24];
    char *end = NULL;

    if (len == 0 || len >= sizeof(buf) || strspn(s, "0123456789") < len) {
        return false;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    long long v = strtoll(buf, &end, 10);
    if (errno != 0 || *end != '\0') {
        return false;
    }
    *out = v;
    return true;
}

/* Copy the next '|'-separated field of *p into out (cap bytes); false if too long or empty. */
static bool
next_field(const char **p, char *out, size_t cap)
{
    size_t len = strcspn(*p, "|");

    if (len == 0 || len >= cap || (*p)[len] != '|') {
        return false;
    }
    memcpy(out, *p, len);
    out[len] = '\0';
    *p += len + 1;
    return true;
}

/* "u1|<user_id>|<category>|<channel>|<expires_at>" */
static bool
parse_payload(const char *s, struct sign_unsub *out)
{
    char version[4], user[24];

    *out = (struct sign_unsub){0};
    if (!next_field(&s, version, sizeof(version)) || strcmp(version, "u1") != 0) {
        return false;
    }
    if (!next_field(&s, user, sizeof(user)) || !parse_int(user, strlen(user), &out->user_id)) {
        return false;
    }
    if (!next_field(&s, out->category, sizeof(out->category)) ||
        !next_field(&s, out->channel, sizeof(out->channel))) {
        return false;
    }
    return is_word(out->category, sizeof(out->category)) &&
           is_word(out->channel, sizeof(out->channel)) &&
           parse_int(s, strlen(s), &out->expires_at) && out->user_id > 0;
}

/* Split "<b64 payload>.<b64 mac>" and decode both; false if malformed. */
static bool
decode_token(const char *token, char payload[SIGN_TOKEN_MAX], uint8_t mac[32])
{
    const int v = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    size_t tlen = token ? strnlen(token, SIGN_TOKEN_MAX) : SIGN_TOKEN_MAX;
    const char *dot = tlen < SIGN_TOKEN_MAX ? strchr(token, '.') : NULL;
    size_t plen = 0, mlen = 0;
    const char *end = NULL;

    if (dot == NULL || dot == token) {
        return false;
    }
    if (sodium_base642bin((uint8_t *)payload, SIGN_TOKEN_MAX - 1, token, (size_t)(dot - token),
                          NULL, &plen, &end, v) != 0 ||
        end != dot || memchr(payload, '\0', plen) != NULL) {
        return false;
    }
    payload[plen] = '\0';
    if (sodium_base642bin(mac, 32, dot + 1, strlen(dot + 1), NULL, &mlen, &end, v) != 0) {
        return false;
    }
    return *end == '\0' && mlen == 32;
}

enum sign_verdict
sign_unsub_verify(const uint8_t key[32], const char *token, int64_t now, struct sign_unsub *out)
{
    char payload[SIGN_TOKEN_MAX];
    uint8_t mac[32];

    if (!decode_token(token, payload, mac)) {
        return SIGN_MALFORMED;
    }
    if (crypto_auth_hmacsha256_verify(mac, (const uint8_t *)payload, strlen(payload), key) != 0) {
        return SIGN_BAD;
    }
    if (!parse_payload(payload, out)) {
        return SIGN_MALFORMED; /* signed by us yet unreadable: only a bug or a leaked key */
    }
    return out->expires_at <= now ? SIGN_EXPIRED : SIGN_OK;
}
