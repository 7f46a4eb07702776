/* SPDX-License-Identifier: MIT */
#include "app/env.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app/catalog_cache.h"
#include "app/messaging.h"
#include "app/catalog_index.h"
#include "app/password.h"
#include "app/writer.h"
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

#define TOUCHES_MAX 4096

struct touch {
    int64_t id, at;
};

struct touches {
    pthread_mutex_t lock;
    int count;
    struct touch items[TOUCHES_MAX];
};

void
app_note_token_use(const struct app_env *env, int64_t id, int64_t now)
{
    struct touches *t = env->touches;

    pthread_mutex_lock(&t->lock);
    if (t->count < TOUCHES_MAX) {
        t->items[t->count++] = (struct touch){id, now};
    }
    pthread_mutex_unlock(&t->lock);
}

struct flush {
    struct touch *items;
    int count;
};

static enum bo_err
flush_job(struct ctx *c, void *arg)
{
    const struct flush *f = arg;
    int64_t *ids = arena_alloc(c->arena, sizeof(*ids) * (size_t)f->count);
    int64_t *ats = arena_alloc(c->arena, sizeof(*ats) * (size_t)f->count);

    for (int i = 0; i < f->count; i++) {
        ids[i] = f->items[i].id;
        ats[i] = f->items[i].at;
    }
    enum bo_err err = store_begin(c->store);
    if (err == BO_OK) {
        err = store_token_touch_all(c->store, ids, ats, (size_t)f->count);
    }
    if (err == BO_OK) {
        return store_commit(c->store);
    }
    store_rollback(c->store);
    return err;
}

enum bo_err
app_flush_touches(struct ctx *c)
{
    struct touches *t = c->env->touches;
    struct flush f = {.items = arena_alloc(c->arena, sizeof(struct touch) * TOUCHES_MAX)};

    pthread_mutex_lock(&t->lock);
    f.count = t->count;
    memcpy(f.items, t->items, sizeof(struct touch) * (size_t)t->count);
    t->count = 0;
    pthread_mutex_unlock(&t->lock);
    if (f.count == 0) {
        return BO_OK;
    }
    /*
     * PostgreSQL: on the scheduler's own connection. Through the writer the
     * statement (50-600 ms for 4,096 tokens on a loaded machine) held up every
     * booking behind it; it locks only api_tokens rows, which bookings never
     * lock. SQLite has one write lock, so it goes through the writer.
     */
    return store_is_remote(c->store) ? flush_job(c, &f) : app_write(c, flush_job, &f);
}

/*
 * One more connection, owned by the group-commit writer. SQLite: one fsync
 * for many bookings. PostgreSQL: the same, and a hot event's row lock taken
 * once per batch instead of once per booking.
 */
static enum bo_err
open_writer(struct app_env *env, const struct config *cfg)
{
    struct store *s = NULL;

    if (!cfg->group_commit) {
        return BO_OK;
    }
    enum bo_err err = store_open(cfg->db, &s);
    if (err == BO_OK) {
        env->writer_in_process = !store_is_remote(s);
        err = writer_start(s, cfg->group_commit_batch, &env->writer);
    }
    if (err) {
        store_close(s);
        log_error("writer.start_failed", NULL, "err=%s", bo_err_name(err));
    }
    return err;
}

enum bo_err
app_env_open(struct app_env *env, const struct config *cfg, int handles)
{
    uint8_t secret[TOKEN_KEY_LEN];

    memset(env, 0, sizeof(*env));
    env->cfg = cfg;
    env->touches = xcalloc(1, sizeof(*env->touches)); /* checksrc: allow: process lifetime */
    pthread_mutex_init(&env->touches->lock, NULL);
    env->hash_slots = xmalloc(sizeof(*env->hash_slots)); /* checksrc: allow: process lifetime */
    env->attempts = messaging_counts_create();
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
    token_hmac(secret, "csrf-token", 10, env->csrf_key);
    token_hmac(secret, "unsubscribe-link", 16, env->unsub_key);
    memset(secret, 0, sizeof(secret));
    err = open_writer(env, cfg);
    if (err) {
        return err;
    }
    if (cfg->search_cache_mb > 0) {
        env->catalog_cache = catalog_cache_create((size_t)cfg->search_cache_mb << 20);
    }

    char pw[32];
    token_random(pw, sizeof(pw) - 1);
    for (size_t i = 0; i < sizeof(pw) - 1; i++) {
        pw[i] = (char)('a' + (unsigned char)pw[i] % 26);
    }
    pw[sizeof(pw) - 1] = '\0';
    return password_hash(env, pw, env->dummy_hash);
}

void
app_env_start_catalog_index(struct app_env *env)
{
    if (env->cfg->search_index && env->catalog_index == NULL) {
        env->catalog_index = catalog_index_create(env->cfg->db);
    }
}

void
app_env_close(struct app_env *env)
{
    writer_stop(env->writer);
    env->writer = NULL;
    catalog_index_destroy(env->catalog_index);
    env->catalog_index = NULL;
    catalog_cache_destroy(env->catalog_cache);
    env->catalog_cache = NULL;
    messaging_counts_destroy(env->attempts);
    env->attempts = NULL;
    if (env->touches != NULL) {
        pthread_mutex_destroy(&env->touches->lock);
        free(env->touches); /* checksrc: allow */
        env->touches = NULL;
    }
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

bool
app_writer_busy(const struct app_env *env)
{
    struct writer_stats st = {0};

    if (env->writer == NULL) {
        return false;
    }
    writer_get_stats(env->writer, &st);
    return st.waiting > 0;
}

enum bo_err
app_write(struct ctx *c, enum bo_err (*fn)(struct ctx *c, void *arg), void *arg)
{
    if (c->env->writer != NULL) {
        return writer_run(c->env->writer, c, fn, arg);
    }
    return fn(c, arg);
}

enum bo_err
app_write_aside(struct ctx *c, enum bo_err (*fn)(struct ctx *c, void *arg), void *arg)
{
    if (c->env->writer != NULL && c->env->writer_in_process) {
        return writer_run(c->env->writer, c, fn, arg);
    }
    return fn(c, arg);
}

struct app_later {
    struct ctx *c;
    write_fn fn;
    const struct write_place *wp;
    int64_t event_id; /* wp's */
    void *arg;
    write_done_fn done;
    void *done_arg;
};

struct app_later *
app_write_later(struct ctx *c, write_fn fn, const struct write_place *wp, int64_t event_id,
                void *arg, write_done_fn done, void *done_arg)
{
    if (c->env->writer == NULL) {
        return NULL;
    }
    if (wp != NULL && !store_is_remote(c->store)) {
        fn = wp->run; /* placing together saves round trips only (app_write_place) */
        wp = NULL;
    }
    struct app_later *l = arena_alloc(c->arena, sizeof(*l));
    *l = (struct app_later){.c = c,
                            .fn = fn,
                            .wp = wp,
                            .event_id = event_id,
                            .arg = arg,
                            .done = done,
                            .done_arg = done_arg};
    return l;
}

bool
app_writes_park_here(const struct app_env *env)
{
    return env != NULL && env->writer != NULL && env->writer_in_process;
}

void
app_write_start(void *later)
{
    struct app_later *l = later;

    writer_submit(l->c->env->writer, l->c, l->fn, l->wp, l->event_id, l->arg, l->done, l->done_arg);
}

enum bo_err
app_write_place(struct ctx *c, const struct write_place *wp, int64_t event_id, void *arg)
{
    if (c->env->writer != NULL && store_is_remote(c->store)) {
        return writer_run_place(c->env->writer, c, wp, event_id, arg);
    }
    return app_write(c, wp->run, arg);
}
