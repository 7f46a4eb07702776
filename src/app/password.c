/* SPDX-License-Identifier: MIT */
#include "app/password.h"

#include <sodium.h>
#include <string.h>

#include "app/env.h"

#define OPS_LIMIT 2
#define MEM_LIMIT (19u * 1024 * 1024)

_Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_MAX, "hash buffer too small");

enum bo_err
password_hash(const struct app_env *env, const char *password, char out[PASSWORD_HASH_MAX])
{
    sem_wait(env->hash_slots);
    int rc = crypto_pwhash_str_alg(out, password, strlen(password), OPS_LIMIT, MEM_LIMIT,
                                   crypto_pwhash_ALG_ARGON2ID13);
    sem_post(env->hash_slots);
    return rc == 0 ? BO_OK : BO_ERR_INTERNAL;
}

bool
password_verify(const struct app_env *env, const char *hash, const char *password)
{
    sem_wait(env->hash_slots);
    int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
    sem_post(env->hash_slots);
    return rc == 0;
}
