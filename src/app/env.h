/* SPDX-License-Identifier: MIT */
/*
 * env.h - what the use cases share for the life of the process: settings,
 * the store pool, keys, and the cap on concurrent password hashing.
 *
 * Built once by app_env_open() before any thread serves, read-only after
 * (the semaphore and pool synchronise themselves).
 */
#ifndef BO_APP_ENV_H
#define BO_APP_ENV_H

#include <semaphore.h>
#include <stdint.h>

#include "app/writer.h"
#include "core/err.h"
#include "lib/token.h"

struct attempt_counts;
struct catalog_cache;
struct catalog_index;
struct config;
struct ctx;
struct store_pool;
struct touches;
struct writer;

struct app_env {
    const struct config *cfg;
    struct store_pool *pool;
    uint8_t access_key[TOKEN_KEY_LEN];   /* signs access tokens */
    uint8_t recovery_key[TOKEN_KEY_LEN]; /* keys the recovery-code hashes */
    uint8_t csrf_key[TOKEN_KEY_LEN];     /* derives the CSRF token of a cookie session */
    uint8_t unsub_key[TOKEN_KEY_LEN];    /* signs unsubscribe links (lib/sign.h) */
    sem_t *hash_slots;                   /* password hashes in flight */
    char dummy_hash[128];                /* verified for unknown users: same timing */
    struct writer *writer;               /* group commit; NULL with --group-commit=false */
    bool writer_in_process;              /* and its database is in this process (SQLite) */
    struct touches *touches;             /* API tokens used, waiting to be recorded */
    struct catalog_cache *catalog_cache; /* listing pages; NULL with --search-cache-mb 0 */
    struct catalog_index *catalog_index; /* the listing in memory; NULL with --search-index false */
    struct attempt_counts *attempts;     /* delivery attempts of this process (app/messaging.h) */
};

/*
 * Open the store pool of `handles` handles, migrate, and load (or create
 * once, shared by every process) the signing secret. Errors are logged.
 */
enum bo_err app_env_open(struct app_env *env, const struct config *cfg, int handles);
void app_env_close(struct app_env *env);
/*
 * For a process that answers listings (serve): start the listing index and
 * its rebuild thread (app/catalog_index.h), unless --search-index is false.
 */
void app_env_start_catalog_index(struct app_env *env);

/* Borrow / return a store handle for ctx (sets / clears ctx->store). */
void app_store_acquire(const struct app_env *env, struct ctx *c);
void app_store_release(const struct app_env *env, struct ctx *c);

/*
 * Run a write use case: on the group-commit writer when there is one,
 * directly on c's own store handle otherwise. Returns fn's result.
 */
enum bo_err app_write(struct ctx *c, enum bo_err (*fn)(struct ctx *c, void *arg), void *arg);
/*
 * A write that shares no rows with bookings (the delivery engine's queue):
 * on the writer only where there is one writer by nature (SQLite in this
 * process); on PostgreSQL in c's own transaction, so it never holds up the
 * bookings queued on the writer. Its statements must not wait on a booking's
 * locks (SKIP LOCKED, or rows only it writes).
 */
enum bo_err app_write_aside(struct ctx *c, enum bo_err (*fn)(struct ctx *c, void *arg), void *arg);
/* Whether requests are waiting on the group-commit writer now (false without one). */
bool app_writer_busy(const struct app_env *env);
/*
 * A two-half booking use case of event_id (app/writer.h): shares its event
 * read and its place with others on the writer where that saves round trips
 * (store_is_remote), and runs in one piece (app_write) otherwise.
 */
struct write_place;
enum bo_err app_write_place(struct ctx *c, const struct write_place *wp, int64_t event_id,
                            void *arg);

/*
 * A write whose caller does not wait on a thread: fn, or wp (exactly one),
 * prepared here and queued by app_write_start(later) once the caller has let
 * go of its store handle; done(c, done_arg, result) runs on the writer's side
 * when it is on disk or failed. NULL when there is no writer: the caller
 * then runs the write itself (app_write / app_write_place).
 */
struct app_later;
struct app_later *app_write_later(struct ctx *c, write_fn fn, const struct write_place *wp,
                                  int64_t event_id, void *arg, write_done_fn done, void *done_arg);
void app_write_start(void *later);
/*
 * Is a parked write cheap to prepare right where the request arrives? With
 * an in-process database (SQLite) and a writer, the preparation reads only a
 * few pages (the caller's token) and the write waits on the writer, parked.
 */
bool app_writes_park_here(const struct app_env *env);

/*
 * Note that API token id was used at now. last_used_at is a hint, so uses
 * are kept in memory and written by app_flush_touches() (the scheduler, once
 * a second) in one write, instead of a commit per request. A full buffer
 * drops the note. On PostgreSQL the flush runs on c's own store handle, not
 * through the writer, so bookings never wait for it.
 */
void app_note_token_use(const struct app_env *env, int64_t id, int64_t now);
enum bo_err app_flush_touches(struct ctx *c);

/* Is the database answering, and at which schema version? UNAVAILABLE if not. */
enum bo_err app_health(struct ctx *c, const char **backend, int *schema_version);

#endif
