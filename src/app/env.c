/* SPDX-License-Identifier: MIT */
#include "app/env.h"

#include <stdlib.h>
#include <string.h>

#include "app/password.h"
#include "config.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "store/store.h"

#define SECRET_KV_KEY "secret_key"

/* The configured secret, or the one kept in the database (made once). */
static enum bo_err
load_secret(struct store *s, struct arena *a, const char *configured, uint8_t key[32])
{
    const char *b64 = configured;
    size_t len = 0;

    if (b64 == NULL || b64[0] == '\0') {
        uint8_t fresh[TOKEN_KEY_LEN];
        token_random(fresh, sizeof(fresh));
        enum bo_err err = store_kv_put_if_absent(s, SECRET_KV_KEY, token_b64(a, fresh, 32));
        if (err == BO_OK) {
            err = store_kv_get(s, a, SECRET_KV_KEY, &b64);
        }
        if (err) {
            return err;
        }
    }
    if (!token_unb64(b64, key, TOKEN_KEY_LEN, &len) || len != TOKEN_KEY_LEN) {
        return BO_ERR_INVALID;
    }
    return BO_OK;
}

static enum bo_err
prepare_store(struct app_env *env, const struct config *cfg, uint8_t secret[32])
{
    struct store *s = store_pool_acquire(env->pool);
    struct arena *a = arena_create(4096);
    int applied = 0, version = 0;

    enum bo_err err = store_migrate(s, &applied);
    if (err == BO_OK) {
        err = store_schema_version(s, &version);
    }
    if (err == BO_OK) {
        log_info("store.ready", NULL, "backend=%s schema=%d migrated=%d", store_backend(s), version,
                 applied);
        err = load_secret(s, a, cfg->secret_key, secret);
    }
    arena_destroy(a);
    store_pool_release(env->pool, s);
    return err;
}

enum bo_err
app_env_open(struct app_env *env, const struct config *cfg, int handles)
{
    uint8_t secret[TOKEN_KEY_LEN];

    memset(env, 0, sizeof(*env));
    env->cfg = cfg;
    env->hash_slots = xmalloc(sizeof(*env->hash_slots)); /* checksrc: allow: process lifetime */
    sem_init(env->hash_slots, 0, (unsigned)cfg->hash_concurrency);
    enum bo_err err = store_pool_create(cfg->db, handles, &env->pool);
    if (err) {
        log_error("store.open_failed", NULL, "db=%s err=%s", cfg->db, bo_err_name(err));
        return err;
    }
    err = prepare_store(env, cfg, secret);
    if (err) {
        log_error("store.prepare_failed", NULL, "err=%s", bo_err_name(err));
        return err;
    }
    /* Separate keys per purpose, so one leaking use cannot forge another. */
    token_hmac(secret, "access-token", 12, env->access_key);
    token_hmac(secret, "recovery-code", 13, env->recovery_key);
    memset(secret, 0, sizeof(secret));

    char pw[32];
    token_random(pw, sizeof(pw) - 1);
    for (size_t i = 0; i < sizeof(pw) - 1; i++) {
        pw[i] = (char)('a' + (unsigned char)pw[i] % 26);
    }
    pw[sizeof(pw) - 1] = '\0';
    return password_hash(env, pw, env->dummy_hash);
}

void
app_env_close(struct app_env *env)
{
    store_pool_destroy(env->pool);
    env->pool = NULL;
    if (env->hash_slots != NULL) {
        sem_destroy(env->hash_slots);
        free(env->hash_slots); /* checksrc: allow */
        env->hash_slots = NULL;
    }
}

void
app_store_acquire(const struct app_env *env, struct ctx *c)
{
    c->store = store_pool_acquire(env->pool);
}

void
app_store_release(const struct app_env *env, struct ctx *c)
{
    if (c->store != NULL) {
        store_pool_release(env->pool, c->store);
        c->store = NULL;
    }
}

enum bo_err
app_health(struct ctx *c, const char **backend, int *schema_version)
{
    enum bo_err err = store_ping(c->store);

    if (err == BO_OK) {
        err = store_schema_version(c->store, schema_version);
    }
    if (err) {
        return ctx_fail(c, BO_ERR_UNAVAILABLE, NULL, "the database is not answering");
    }
    *backend = store_backend(c->store);
    return BO_OK;
}
