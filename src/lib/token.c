/* SPDX-License-Identifier: MIT */
#include "lib/token.h"

#include <sodium.h>
#include <string.h>

#include "lib/arena.h"

bool
token_init(void)
{
    return sodium_init() >= 0;
}

void
token_random(void *buf, size_t len)
{
    randombytes_buf(buf, len);
}

uint32_t
token_uniform(uint32_t upper)
{
    return randombytes_uniform(upper);
}

char *
token_b64(struct arena *a, const void *data, size_t len)
{
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    size_t cap = sodium_base64_ENCODED_LEN(len, variant);
    char *out = arena_alloc(a, cap);

    sodium_bin2base64(out, cap, data, len, variant);
    return out;
}

bool
token_unb64(const char *s, void *out, size_t out_cap, size_t *out_len)
{
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    const char *end = NULL;

    if (sodium_base642bin(out, out_cap, s, strlen(s), NULL, out_len, &end, variant) != 0) {
        return false;
    }
    return end != NULL && *end == '\0';
}

char *
token_new(struct arena *a, const char *prefix)
{
    unsigned char raw[TOKEN_RANDOM_LEN];

    token_random(raw, sizeof(raw));
    char *b64 = token_b64(a, raw, sizeof(raw));
    sodium_memzero(raw, sizeof(raw));
    return arena_printf(a, "%s%s", prefix, b64);
}

char *
token_id(struct arena *a)
{
    unsigned char raw[16];

    token_random(raw, sizeof(raw));
    return token_hex(a, raw, sizeof(raw));
}

void
token_hash(const char *s, char out[TOKEN_HASH_LEN + 1])
{
    unsigned char h[crypto_hash_sha256_BYTES];

    crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
    sodium_bin2hex(out, TOKEN_HASH_LEN + 1, h, sizeof(h));
}

void
token_hmac(const uint8_t key[TOKEN_KEY_LEN], const void *data, size_t len, uint8_t mac[32])
{
    crypto_auth_hmacsha256_state st;

    crypto_auth_hmacsha256_init(&st, key, TOKEN_KEY_LEN);
    crypto_auth_hmacsha256_update(&st, data, len);
    crypto_auth_hmacsha256_final(&st, mac);
}

void
token_hmac_hex(const uint8_t key[TOKEN_KEY_LEN], const char *s, char out[TOKEN_HASH_LEN + 1])
{
    uint8_t mac[32];

    token_hmac(key, s, strlen(s), mac);
    sodium_bin2hex(out, TOKEN_HASH_LEN + 1, mac, sizeof(mac));
}

char *
token_hex(struct arena *a, const void *data, size_t len)
{
    char *hex = arena_alloc(a, len * 2 + 1);

    sodium_bin2hex(hex, len * 2 + 1, data, len);
    return hex;
}

bool
token_unhex(const char *s, void *out, size_t out_len)
{
    size_t len = 0;
    const char *end = NULL;

    if (strlen(s) != out_len * 2) {
        return false;
    }
    if (sodium_hex2bin(out, out_len, s, out_len * 2, NULL, &len, &end) != 0) {
        return false;
    }
    return len == out_len && *end == '\0';
}

bool
token_equal(const void *a, const void *b, size_t len)
{
    return sodium_memcmp(a, b, len) == 0;
}
