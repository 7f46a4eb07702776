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
 * a read outside a transaction sees the last committed state. After any
 * error inside a transaction only store_rollback() is valid (PostgreSQL
 * aborts the transaction there; SQLite would carry on, so do not rely on
 * it). Every
 * function may also return BO_ERR_BUSY (lock timeout, retryable),
 * BO_ERR_UNAVAILABLE (connection lost) or BO_ERR_INTERNAL.
 *
 * Inside a transaction, PostgreSQL sends writes whose answer nobody reads
 * (store_booking_log_add, store_outbox_add, store_token_touch) together
 * with the next statement or the commit: their failure is reported by a
 * later call or by store_commit, and fails the whole transaction.
 */
#ifndef BO_STORE_H
#define BO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct api_token;
struct booking;
struct booking_log;
struct event;
struct event_query;
struct idempotent_answer;
struct listing_source;
struct event_taxonomy;
struct organizer;
struct speaker;
struct organizer_member;
struct waitlist_entry;
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

/*
 * Batch mode, for the SQLite group-commit writer: between store_batch_begin
 * and store_batch_commit, store_begin / store_commit / store_rollback become
 * SAVEPOINT / RELEASE / ROLLBACK TO, so many use cases share one transaction
 * and one fsync, and a failing one takes back only its own writes. Nothing
 * in the batch is durable before store_batch_commit returns BO_OK.
 */
enum bo_err store_batch_begin(struct store *s);
enum bo_err store_batch_commit(struct store *s);
void store_batch_rollback(struct store *s);

/*
 * Deferred durability, for the group-commit writer (SQLite). After
 * store_defer_sync sets *deferred, a commit returns once its writes are in
 * the log, before they reach the disk, and is visible to other connections
 * from then on; store_sync makes every commit made so far durable (one
 * fsync). store_sync touches only the log file, never the connection, so a
 * second thread may call it while the handle is in use. A backend whose
 * commits are always synchronous (PostgreSQL) leaves *deferred false.
 */
enum bo_err store_defer_sync(struct store *s, bool *deferred);
enum bo_err store_sync(struct store *s);

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
/* The token and the user it belongs to, in one read; NOT_FOUND if either is missing. */
enum bo_err store_token_find_user(struct store *s, struct arena *a, const char *token_hash,
                                  struct api_token *token, struct user *user);
/* The user's tokens, newest first, revoked ones included. */
enum bo_err store_token_list(struct store *s, struct arena *a, int64_t user_id,
                             struct api_token **out, size_t *count);
/* BO_ERR_NOT_FOUND unless the user owns a live token with this id. */
enum bo_err store_token_revoke(struct store *s, int64_t user_id, int64_t id, int64_t now);
enum bo_err store_token_touch(struct store *s, int64_t id, int64_t now);
/*
 * store_token_touch(ids[i], ats[i]) for each of n (repeats allowed: the
 * latest time wins), with one statement on PostgreSQL.
 */
enum bo_err store_token_touch_all(struct store *s, const int64_t *ids, const int64_t *ats,
                                  size_t n);

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

/* --- events ---------------------------------------------------------------- */

/*
 * Insert the event and its sessions. CONFLICT when the slug is taken
 * (*conflict_field "slug") or the author has an event at that start time
 * ("starts_at").
 */
enum bo_err store_event_create(struct store *s, const struct event *e, int64_t *id_out,
                               const char **conflict_field);
/* With its sessions. NOT_FOUND if none. */
enum bo_err store_event_get(struct store *s, struct arena *a, int64_t id, struct event *out);
/* The event row only (sessions not read; session_count 0): for the booking path. */
enum bo_err store_event_get_head(struct store *s, struct arena *a, int64_t id, struct event *out);
/*
 * store_event_get_head for each of ids[0 .. n) (repeats allowed), in one
 * statement on PostgreSQL: out[i] for ids[i], with out[i].id 0 if there is
 * no such event.
 */
enum bo_err store_event_get_heads(struct store *s, struct arena *a, const int64_t *ids, size_t n,
                                  struct event *out);
enum bo_err store_event_get_by_slug(struct store *s, struct arena *a, const char *slug,
                                    struct event *out);
/*
 * Overwrite the editable fields and the sessions, raise the version. The
 * capacity change moves `available` by the same amount; BO_ERR_CONFLICT
 * ("capacity") if that would take it below zero.
 */
enum bo_err store_event_update(struct store *s, const struct event *e, const char **conflict_field);
/* Published, public, not hidden, in start order. */
enum bo_err store_event_list(struct store *s, struct arena *a, const struct event_query *q,
                             struct event **out, size_t *count);
/*
 * Set every event's popularity (the sort key of sort=popularity) to available - capacity as
 * it is now; *changed counts the events whose rank moved. Seat updates leave popularity
 * alone, so that they never move an event in the listing index.
 */
enum bo_err store_event_refresh_popularity(struct store *s, int *changed);
/* Take seats if at least that many are left; BO_ERR_SOLD_OUT otherwise (nothing written). */
enum bo_err store_event_take_seats(struct store *s, int64_t event_id, int seats);
enum bo_err store_event_release_seats(struct store *s, int64_t event_id, int seats);
/* Seats of bookings that hold them: what capacity - available must equal. */
enum bo_err store_event_seats_held(struct store *s, int64_t event_id, int *out);

/*
 * Events the user may manage: authored, or of an organizer they are a
 * member of; any status; latest start first, (starts_at, id) before the
 * cursor (INT64_MAX: from the start). Sessions are not read.
 */
enum bo_err store_event_list_managed(struct store *s, struct arena *a, int64_t user_id,
                                     int64_t before_key, int64_t before_id, int limit,
                                     struct event **out, size_t *count);

/* --- seed 004 taxonomies and speakers ------------------------------------------- */

/*
 * Replace the event's type, level, sector, directions (names, created on
 * first use) and speakers. CONFLICT if a speaker id does not exist.
 */
enum bo_err store_event_taxonomy_set(struct store *s, int64_t event_id,
                                     const struct event_taxonomy *t);
/* The event's taxonomy with its speakers in full. */
enum bo_err store_event_taxonomy_get(struct store *s, struct arena *a, int64_t event_id,
                                     struct event_taxonomy *out);
/* CONFLICT ("slug") if the slug is taken. */
enum bo_err store_speaker_create(struct store *s, const struct speaker *sp, int64_t *id_out);
/* By id, or by slug when id is 0. NOT_FOUND if none. */
enum bo_err store_speaker_get(struct store *s, struct arena *a, int64_t id, const char *slug,
                              struct speaker *out);
/* Names starting with prefix (NULL: all), id > after_id, in id order. */
enum bo_err store_speaker_list(struct store *s, struct arena *a, const char *prefix,
                               int64_t after_id, int limit, struct speaker **out, size_t *count);
/*
 * The names in use for a reference kind: "city", "genre", "type", "level",
 * "sector" or "direction"; alphabetical, at most 500.
 */
enum bo_err store_term_list(struct store *s, struct arena *a, const char *kind, const char ***out,
                            size_t *count);
/*
 * The catalog generation: a number raised in the same transaction as every
 * change of what a listing shows (an event's fields, status or popularity;
 * not its seats). Equal generations mean equal listings (app/catalog_cache.h).
 */
enum bo_err store_catalog_generation(struct store *s, int64_t *out);
/*
 * The seats left of events ids[0..count) into available[] (-1 for an id that
 * is gone), and the catalog generation, all from one snapshot.
 */
enum bo_err store_event_seats(struct store *s, struct arena *a, const int64_t *ids, size_t count,
                              int *available, int64_t *generation);
/*
 * What the listing index (core/listing.h) is built from: every listed event
 * (published, public, not hidden), every city and genre, and the catalog
 * generation, read in one read transaction, so exactly the state at
 * out->generation. Allocated in a.
 */
enum bo_err store_catalog_snapshot(struct store *s, struct arena *a, struct listing_source *out);
/*
 * The ids of the events (of any status) whose text matches term as a
 * prefix, as the listing's text filter matches one term (core/search.h),
 * into *ids (*count of them, in a), and the catalog generation, from one
 * snapshot.
 */
enum bo_err store_catalog_term(struct store *s, struct arena *a, const char *term, int64_t **ids,
                               size_t *count, int64_t *generation);
/*
 * The events ids[0..count) (count > 0) into *out, in any order and without
 * sessions, if the catalog generation is still `generation`; none if it
 * moved. *found is how many were read: count when the page is current.
 */
enum bo_err store_event_page(struct store *s, struct arena *a, const int64_t *ids, size_t count,
                             int64_t generation, struct event **out, size_t *found);

/* --- organizers and their staff ------------------------------------------------ */

/*
 * Insert o with its team and FAQ, and o->created_by as its owner. CONFLICT
 * when the slug is taken (*conflict_field "slug") or the creator has a
 * personal organizer already ("is_personal").
 */
enum bo_err store_organizer_create(struct store *s, const struct organizer *o, int64_t *id_out,
                                   const char **conflict_field);
/* With team and FAQ. NOT_FOUND if none. */
enum bo_err store_organizer_get(struct store *s, struct arena *a, int64_t id,
                                struct organizer *out);
enum bo_err store_organizer_get_by_slug(struct store *s, struct arena *a, const char *slug,
                                        struct organizer *out);
/*
 * Overwrite the fields, the team and the FAQ; raise the version. CONFLICT
 * ("version") if o->version is no longer current, ("slug") if it is taken.
 */
enum bo_err store_organizer_update(struct store *s, const struct organizer *o,
                                   const char **conflict_field);
/* Name starting with prefix (any case; NULL: all), id > after_id, by id; no team or FAQ. */
enum bo_err store_organizer_list(struct store *s, struct arena *a, const char *prefix,
                                 int64_t after_id, int limit, struct organizer **out,
                                 size_t *count);
/* The user's role at the organizer; NOT_FOUND if not a member. */
enum bo_err store_member_get(struct store *s, int64_t organizer_id, int64_t user_id, int *role_out);
/* Add the member, or change their role. */
enum bo_err store_member_put(struct store *s, const struct organizer_member *m);
/* NOT_FOUND if not a member. */
enum bo_err store_member_remove(struct store *s, int64_t organizer_id, int64_t user_id);
/* Members of an organizer with their usernames, owners first (at most 500). */
enum bo_err store_member_list(struct store *s, struct arena *a, int64_t organizer_id,
                              struct organizer_member **out, size_t *count);
/* A user's memberships with the organizers' names (at most 200). */
enum bo_err store_member_list_user(struct store *s, struct arena *a, int64_t user_id,
                                   struct organizer_member **out, size_t *count);
enum bo_err store_member_count_owners(struct store *s, int64_t organizer_id, int *out);

/* --- bookings and their log ---------------------------------------------- */

/*
 * CONFLICT when the user has an active booking for this event
 * (*conflict_field "event_id") or another at the same start time ("starts_at").
 */
enum bo_err store_booking_create(struct store *s, const struct booking *b, int64_t *id_out,
                                 const char **conflict_field);
/*
 * A new booking in one step (one statement on PostgreSQL): insert b as
 * store_booking_create does, then, if take_seats, take b->seats of its event
 * (booking row first, event row second: the lock order). With
 * event_version > 0 the event must still be at that version, that is,
 * unchanged since the caller read it. CONFLICT as store_booking_create, or
 * with *conflict_field "version" when the event has changed; SOLD_OUT when
 * fewer seats are left. After an error the caller must roll back: the
 * booking row may be written.
 */
enum bo_err store_booking_place(struct store *s, const struct booking *b, bool take_seats,
                                int event_version, int64_t *id_out, const char **conflict_field);

/* One booking of store_booking_place_all: the arguments and the outcome of store_booking_place. */
struct booking_place {
    const struct booking *b;
    bool take_seats;
    int event_version;
    const char *what;           /* the notification of a placed booking, to its guest and */
    int64_t host_id;            /* to the host (NULL what: none by the store) */
    int64_t id;                 /* out: the new booking's id */
    enum bo_err err;            /* out: what store_booking_place would return */
    const char *conflict_field; /* out */
    bool noted;                 /* out: the store wrote the log line and notifications too */
};

/*
 * Batch mode, between use cases: store_booking_place for each of n, in
 * order, as if each were alone in its own savepoint: a refused or failed
 * one leaves nothing behind, the others stand, and each sees the ones
 * before it. PostgreSQL places them all with one call, which also writes,
 * for each booking placed, its "create" log line and the notification
 * `what` to its guest and to host_id (noted is set then; the payload has the
 * members of app's booking payload); it locks the events in id order, so
 * batches of several processes do not deadlock. Returns BO_OK, or a failure
 * of the whole batch transaction (then every unfinished item carries it
 * too, and only a rollback is left).
 */
enum bo_err store_booking_place_all(struct store *s, struct booking_place *all, size_t n);
/*
 * Does every statement cost a round trip to a database server (PostgreSQL)?
 * Then reading before the writer, and placing the bookings of a batch
 * together (store_booking_place_all), saves time. Not on SQLite, whose
 * statements are function calls.
 */
bool store_is_remote(const struct store *s);
enum bo_err store_booking_get(struct store *s, struct arena *a, int64_t id, struct booking *out);
/* Move from -> to; CONFLICT if the booking is no longer in `from` (a race lost). */
enum bo_err store_booking_set_state(struct store *s, int64_t id, int from, int to,
                                    int64_t expires_at, int64_t now);
/* Newest first, id < before (0: from the newest). */
enum bo_err store_booking_list_user(struct store *s, struct arena *a, int64_t user_id,
                                    int64_t before, int limit, struct booking **out, size_t *count);
enum bo_err store_booking_list_event(struct store *s, struct arena *a, int64_t event_id,
                                     int64_t before, int limit, struct booking **out,
                                     size_t *count);
/*
 * The event moved: its active bookings take the new start time. CONFLICT
 * ("starts_at") if a guest has another active booking at that time.
 */
enum bo_err store_booking_shift_start(struct store *s, int64_t event_id, int64_t starts_at);
/* Holds whose time ran out, oldest first. */
enum bo_err store_booking_expired_holds(struct store *s, struct arena *a, int64_t now, int limit,
                                        struct booking **out, size_t *count);
enum bo_err store_booking_log_add(struct store *s, const struct booking_log *l);
enum bo_err store_booking_log_list(struct store *s, struct arena *a, int64_t booking_id,
                                   struct booking_log **out, size_t *count);

/* --- waitlist ------------------------------------------------------------------ */

/* CONFLICT if the user already has a live (waiting or offered) entry for the event. */
enum bo_err store_waitlist_add(struct store *s, const struct waitlist_entry *w, int64_t *id_out);
enum bo_err store_waitlist_get(struct store *s, struct arena *a, int64_t id,
                               struct waitlist_entry *out);
/* Live entries of an event in the order they are served (at most 500). */
enum bo_err store_waitlist_list_event(struct store *s, struct arena *a, int64_t event_id,
                                      struct waitlist_entry **out, size_t *count);
/* A user's entries, newest first (at most 100). */
enum bo_err store_waitlist_list_user(struct store *s, struct arena *a, int64_t user_id,
                                     struct waitlist_entry **out, size_t *count);
/*
 * The first waiting entry of each published, not yet started event whose
 * free seats now cover it: who to offer a place to.
 */
enum bo_err store_waitlist_heads(struct store *s, struct arena *a, int64_t now, int limit,
                                 struct waitlist_entry **out, size_t *count);
/* waiting -> offered with its held booking; CONFLICT if no longer waiting. */
enum bo_err store_waitlist_offer(struct store *s, int64_t id, int64_t booking_id, int64_t now,
                                 int64_t expires_at);
/* Move from -> to (leaving, lapsing an offer that could not be made); CONFLICT if not in from. */
enum bo_err store_waitlist_set_state(struct store *s, int64_t id, int from, int to);
/* The offered entry holding this booking, if any, ends in `to` (claimed or lapsed). */
enum bo_err store_waitlist_settle(struct store *s, int64_t booking_id, int to);

/* --- favorites ----------------------------------------------------------------- */

/* Idempotent: adding twice keeps one; removing what is not there is fine. */
enum bo_err store_favorite_add(struct store *s, int64_t user_id, int64_t event_id, int64_t now);
enum bo_err store_favorite_remove(struct store *s, int64_t user_id, int64_t event_id);
/* The user's favorite events, most recently added first (at most 200). */
enum bo_err store_favorite_list(struct store *s, struct arena *a, int64_t user_id,
                                struct event **out, size_t *count);

/* --- idempotency keys ------------------------------------------------------ */

/* The answer stored for (user, key); NOT_FOUND if none. */
enum bo_err store_idem_get(struct store *s, struct arena *a, int64_t user_id, const char *key,
                           struct idempotent_answer *out);
/* CONFLICT if the key is taken (a concurrent request with it committed first). */
enum bo_err store_idem_put(struct store *s, const struct idempotent_answer *ans);
/* Forget answers older than `before`; *count of them. */
enum bo_err store_idem_purge(struct store *s, int64_t before, int *count);

/* --- outbox ---------------------------------------------------------------- */

/* One notification for one user, in the caller's transaction. */
enum bo_err store_outbox_add(struct store *s, int64_t user_id, const char *category,
                             const char *payload, int64_t now);
/* One for every participant and applicant of the event; *count of them. */
enum bo_err store_outbox_add_event_audience(struct store *s, int64_t event_id, const char *category,
                                            const char *payload, int64_t now, int *count);
/* Pending messages of a user (tests and, later, the in-app list). */
enum bo_err store_outbox_count(struct store *s, int64_t user_id, const char *category, int *out);

/* --- webhook endpoints and notification preferences (issue 4) -------------- */

struct webhook_endpoint;
struct notification_pref;

/* Insert w (id is set). */
enum bo_err store_webhook_create(struct store *s, struct webhook_endpoint *w);
/* Endpoint id of organizer_id; NOT_FOUND if none (or of another organizer). */
enum bo_err store_webhook_get(struct store *s, struct arena *a, int64_t organizer_id, int64_t id,
                              struct webhook_endpoint *out);
/* The organizer's endpoints, oldest first (at most 100). */
enum bo_err store_webhook_list(struct store *s, struct arena *a, int64_t organizer_id,
                               struct webhook_endpoint **out, size_t *count);
/* Save url, secret, event_types, enabled, disabled_reason, updated_at of w. NOT_FOUND if gone. */
enum bo_err store_webhook_update(struct store *s, const struct webhook_endpoint *w);
/* Delete endpoint id. CONFLICT if deliveries refer to it (they keep its history). */
enum bo_err store_webhook_delete(struct store *s, int64_t id);

/* The user's stored preferences (rows only: no row means enabled). */
enum bo_err store_prefs_get(struct store *s, struct arena *a, int64_t user_id,
                            struct notification_pref **out, size_t *count);
/* Insert or replace one preference. */
enum bo_err store_pref_put(struct store *s, int64_t user_id, const struct notification_pref *p);
/* --- Telegram linking (seed 000 QR verification; store/store_telegram.c) ---- */

/*
 * A link token (only its hash) of user_id, valid until expires_at; the
 * user's used and expired tokens are deleted on the way.
 */
enum bo_err store_telegram_token_add(struct store *s, const char *token_hash, int64_t user_id,
                                     int64_t now, int64_t expires_at);
/*
 * Mark the token used if it is unused and unexpired at now, and give its
 * user. NOT_FOUND for an unknown, used or expired token (nothing written).
 */
enum bo_err store_telegram_token_use(struct store *s, const char *token_hash, int64_t now,
                                     int64_t *user_id);
/* Record an inbound update; *is_new false when update_id was seen before. */
enum bo_err store_telegram_update_seen(struct store *s, int64_t update_id, int64_t now,
                                       bool *is_new);
/* Forget the update ids received before before; *count of them. */
enum bo_err store_telegram_updates_purge(struct store *s, int64_t before, int *count);
/* The account chat_id is linked to; NOT_FOUND if none. */
enum bo_err store_telegram_chat_owner(struct store *s, const char *chat_id, int64_t *user_id);
/*
 * Link user_id to chat_id: the subscription (replacing the user's previous
 * chat) and the profile's telegram_* fields with is_telegram_verified set.
 * CONFLICT if the chat is another account's.
 */
enum bo_err store_telegram_link(struct store *s, int64_t user_id, const char *chat_id,
                                const char *username, int64_t now);
/* Remove the user's subscription and clear the profile's telegram_* fields; fine if none. */
enum bo_err store_telegram_unlink(struct store *s, int64_t user_id);
/* --- reminders and the watcher (issue 4, docs/internals/messaging.md) --------- */

/* A published event the scheduler has to do something about. */
struct event_due {
    int64_t id;
    const char *title;
    int version;
    int64_t starts_at; /* the first session's start */
    int64_t ends_at;   /* the last session's end */
    bool has_24h;      /* event_reminders rows for this starts_at */
    bool has_1h;
};

/*
 * Published events starting in (now, until] that still lack a reminder:
 * no 24h row, or a start within the hour and no 1h row. Earliest first, at
 * most limit.
 */
enum bo_err store_reminder_due(struct store *s, struct arena *a, int64_t now, int64_t until,
                               int limit, struct event_due **out, size_t *count);
/*
 * Record reminder kind ("24h", "1h") of (event, start) as state ("sent",
 * "skipped"), in the caller's transaction. *inserted is false when the row
 * was there already (an earlier run or another process): the caller writes
 * nothing more. The primary key is what makes a reminder happen once.
 */
enum bo_err store_reminder_mark(struct store *s, int64_t event_id, int64_t starts_at,
                                const char *kind, const char *state, int64_t now, bool *inserted);
/* One outbox row per participant (held, confirmed or attended booking); *count of them. */
enum bo_err store_outbox_add_participants(struct store *s, int64_t event_id, const char *category,
                                          const char *payload, int64_t now, int *count);
/* Published events whose end is at or before now, earliest end first, at most limit. */
enum bo_err store_event_ended(struct store *s, struct arena *a, int64_t now, int limit,
                              struct event_due **out, size_t *count);
/*
 * published -> done (version + 1), in the caller's transaction; *changed is
 * false when the event was not published any more (another process, or the
 * host cancelled it meanwhile).
 */
enum bo_err store_event_mark_done(struct store *s, int64_t event_id, int64_t now, bool *changed);

#endif
