/* SPDX-License-Identifier: MIT */
/*
 * token.h - random secrets, their hashes, and keyed signatures (libsodium).
 *
 * A token is "<prefix><base64url of 32 random bytes>" (256 bits), shown to
 * its owner once and stored only as token_hash(). Comparisons of secrets are
 * constant-time.
 */
#ifndef BO_LIB_TOKEN_H
#define BO_LIB_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOKEN_HASH_LEN 64 /* hex SHA-256, without the NUL */
#define TOKEN_RANDOM_LEN 32
#define TOKEN_KEY_LEN 32

struct arena;

/* Call once at start-up; false if libsodium cannot initialise. */
bool token_init(void);

void token_random(void *buf, size_t len);
/* Uniform in [0, upper). */
uint32_t token_uniform(uint32_t upper);

/* prefix + base64url(32 random bytes), in a. */
char *token_new(struct arena *a, const char *prefix);
/* Hex of 16 random bytes: ids such as a jti. */
char *token_id(struct arena *a);
/* Hex SHA-256 of s into out[TOKEN_HASH_LEN + 1]. */
void token_hash(const char *s, char out[TOKEN_HASH_LEN + 1]);
/* Hex HMAC-SHA256(key, s) into out[TOKEN_HASH_LEN + 1]. */
void token_hmac_hex(const uint8_t key[TOKEN_KEY_LEN], const char *s, char out[TOKEN_HASH_LEN + 1]);
/* Raw HMAC-SHA256 of (data, len) into mac[32]. */
void token_hmac(const uint8_t key[TOKEN_KEY_LEN], const void *data, size_t len, uint8_t mac[32]);

/* base64url without padding, in a. */
char *token_b64(struct arena *a, const void *data, size_t len);
/* Decode base64url (no padding) into out; false if malformed or too long. */
bool token_unb64(const char *s, void *out, size_t out_cap, size_t *out_len);

/* Lower-case hex of (data, len), in a. */
char *token_hex(struct arena *a, const void *data, size_t len);
/* Decode exactly out_len bytes of hex; false if malformed or of another length. */
bool token_unhex(const char *s, void *out, size_t out_len);

bool token_equal(const void *a, const void *b, size_t len);

#endif
