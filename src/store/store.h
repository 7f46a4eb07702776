/* SPDX-License-Identifier: MIT */
/*
 * store.h - the one storage interface.
 *
 * Every SQL statement lives behind this file, in store/sqlite or store/pg.
 * Callers see domain structs and bo_err codes, never rows or SQL errors.
 * A store handle belongs to one thread at a time; a pool hands handles to
 * request threads. Results are allocated in the caller's arena and live
 * until that arena is reset.
 *
 * Writes that must be atomic run between store_begin() and store_commit();
 * a read outside a transaction sees the last committed state. Every
 * function may also return BO_ERR_BUSY (lock timeout, retryable),
 * BO_ERR_UNAVAILABLE (connection lost) or BO_ERR_INTERNAL.
 */
#ifndef BO_STORE_H
#define BO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct api_token;
struct audit_entry;
struct profile;
struct recovery_code;
struct refresh_session;
struct store;
struct store_pool;
struct user;

/*
 * Open "sqlite:PATH" or "postgres://..." / "postgresql://...".
 * BO_ERR_INVALID for an unknown scheme, BO_ERR_UNAVAILABLE if the database
 * cannot be opened. Does not migrate.
 */
enum bo_err store_open(const char *url, struct store **out);
void store_close(struct store *s);
/* "sqlite" or "pg". */
const char *store_backend(const struct store *s);

/* Apply pending migrations; *applied counts them. Safe to run concurrently. */
enum bo_err store_migrate(struct store *s, int *applied);
/* Highest applied migration version. */
enum bo_err store_schema_version(struct store *s, int *out);
/* A cheap round trip: is the database answering? */
enum bo_err store_ping(struct store *s);

/* Write transaction (SQLite: BEGIN IMMEDIATE). */
enum bo_err store_begin(struct store *s);
enum bo_err store_commit(struct store *s);
void store_rollback(struct store *s); /* safe after a failed commit */

/* --- pool: n handles for n threads ------------------------------------ */
enum bo_err store_pool_create(const char *url, int n, struct store_pool **out);
void store_pool_destroy(struct store_pool *p);
/* Blocks until a handle is free. */
struct store *store_pool_acquire(struct store_pool *p);
void store_pool_release(struct store_pool *p, struct store *s);

/* --- key / value settings (the signing secret) -------------------------- */
/* BO_ERR_NOT_FOUND if absent. */
enum bo_err store_kv_get(struct store *s, struct arena *a, const char *key, const char **out);
/* Insert unless present; never overwrites (first writer wins). */
enum bo_err store_kv_put_if_absent(struct store *s, const char *key, const char *value);

/* --- users and profiles --------------------------------------------------- */
/*
 * Insert the user and the profile (profile->user_id is ignored).
 * BO_ERR_CONFLICT on a duplicate username (case-insensitive) or email;
 * *conflict_field is then "username" or "email".
 */
enum bo_err store_user_create(struct store *s, const struct user *u, const struct profile *p,
                              int64_t *id_out, const char **conflict_field);
/* BO_ERR_NOT_FOUND if no such user. */
enum bo_err store_user_get(struct store *s, struct arena *a, int64_t id, struct user *out);
/* By username (case-insensitive) or by email (lower-cased by the caller). */
enum bo_err store_user_find_login(struct store *s, struct arena *a, const char *login,
                                  struct user *out);
/* Users with id > after_id, ascending, at most limit. */
enum bo_err store_user_list(struct store *s, struct arena *a, int64_t after_id, int limit,
                            struct user **out, size_t *count);
enum bo_err store_user_set_password(struct store *s, int64_t id, const char *hash, int64_t now);
enum bo_err store_user_set_role(struct store *s, int64_t id, int role);
enum bo_err store_user_set_active(struct store *s, int64_t id, bool active);
enum bo_err store_user_set_names(struct store *s, int64_t id, const char *first, const char *last);
enum bo_err store_profile_get(struct store *s, struct arena *a, int64_t user_id,
                              struct profile *out);
/* Overwrite the user-editable profile fields (not Telegram, not consent). */
enum bo_err store_profile_update(struct store *s, const struct profile *p);

/* --- refresh sessions (seed 002 refresh_sessions) ------------------------ */
enum bo_err store_session_create(struct store *s, const struct refresh_session *rs);
/* BO_ERR_NOT_FOUND if no session has this token hash. */
enum bo_err store_session_find(struct store *s, struct arena *a, const char *token_hash,
                               struct refresh_session *out);
/*
 * Revoke jti in favour of new_jti, only if it is not revoked yet.
 * BO_ERR_CONFLICT if it already was (a concurrent or replayed rotation).
 */
enum bo_err store_session_rotate(struct store *s, const char *jti, const char *new_jti,
                                 int64_t now);
/* Revoke every live session of a family / of a user; *count revoked. */
enum bo_err store_session_revoke_family(struct store *s, const char *family, int64_t now,
                                        int *count);
enum bo_err store_session_revoke_user(struct store *s, int64_t user_id, int64_t now, int *count);
/* Does the family have a session that is neither revoked nor expired? */
enum bo_err store_session_family_live(struct store *s, const char *family, int64_t now, bool *out);

/* --- recovery codes (seed 002 recovery_codes) ---------------------------- */
/* Delete the user's unused codes and insert these. */
enum bo_err store_recovery_replace(struct store *s, int64_t user_id,
                                   const struct recovery_code *codes, size_t count);
/* Mark one unused, unexpired code used. BO_ERR_NOT_FOUND if none matches. */
enum bo_err store_recovery_use(struct store *s, int64_t user_id, const char *code_hash,
                               int64_t now);
/* Unused, unexpired codes left. */
enum bo_err store_recovery_count(struct store *s, int64_t user_id, int64_t now, int *out);

/* --- personal API tokens ------------------------------------------------ */
enum bo_err store_token_create(struct store *s, const struct api_token *t, int64_t *id_out);
enum bo_err store_token_find(struct store *s, struct arena *a, const char *token_hash,
                             struct api_token *out);
/* The user's tokens, newest first, revoked ones included. */
enum bo_err store_token_list(struct store *s, struct arena *a, int64_t user_id,
                             struct api_token **out, size_t *count);
/* BO_ERR_NOT_FOUND unless the user owns a live token with this id. */
enum bo_err store_token_revoke(struct store *s, int64_t user_id, int64_t id, int64_t now);
enum bo_err store_token_touch(struct store *s, int64_t id, int64_t now);

/* --- audit log (seed 002 audit_log) -------------------------------------- */
enum bo_err store_audit_add(struct store *s, const struct audit_entry *e);
/* Entries with id < before_id (0: from the newest), newest first. */
enum bo_err store_audit_list(struct store *s, struct arena *a, int64_t before_id, int limit,
                             struct audit_entry **out, size_t *count);

/* --- throttling counters (login, password reset) ------------------------- */
/*
 * Count one failure for key in the fixed window that contains now and
 * return the count so far in *count and when the window ends in *reset_at.
 */
enum bo_err store_throttle_hit(struct store *s, const char *key, int64_t now, int window,
                               int *count, int64_t *reset_at);
/* The current count without adding one. */
enum bo_err store_throttle_peek(struct store *s, const char *key, int64_t now, int *count,
                                int64_t *reset_at);
enum bo_err store_throttle_clear(struct store *s, const char *key);

#endif
