/* SPDX-License-Identifier: MIT */
/*
 * password.h - argon2id password hashes (libsodium crypto_pwhash).
 *
 * Parameters are at least m = 19 MiB, t = 2 (OWASP's argon2id floor). Each
 * hash takes that much memory for tens of milliseconds, so at most
 * cfg->hash_concurrency run at once; the rest wait for a slot.
 */
#ifndef BO_APP_PASSWORD_H
#define BO_APP_PASSWORD_H

#include <stdbool.h>

#include "core/err.h"

struct app_env;
struct arena;

#define PASSWORD_HASH_MAX 128

/* Hash password into out (NUL-terminated, at most PASSWORD_HASH_MAX). */
enum bo_err password_hash(const struct app_env *env, const char *password,
                          char out[PASSWORD_HASH_MAX]);
/* Constant-time check; false for a malformed hash. */
bool password_verify(const struct app_env *env, const char *hash, const char *password);

#endif
