/* SPDX-License-Identifier: MIT */
/*
 * sqlite_int.h - shared by the files of the SQLite backend only.
 *
 * Every statement is in one table (stmt_sql[] in sqlite.c), keyed by
 * enum stmt, prepared lazily once per connection and reset after use.
 */
#ifndef BO_STORE_SQLITE_INT_H
#define BO_STORE_SQLITE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store_int.h"

struct arena;
struct event;

enum stmt {
    ST_KV_GET,
    ST_KV_PUT,
    ST_USER_INSERT,
    ST_PROFILE_INSERT,
    ST_USER_GET,
    ST_USER_FIND_NAME,
    ST_USER_FIND_EMAIL,
    ST_USER_LIST,
    ST_USER_SET_PASSWORD,
    ST_USER_SET_ROLE,
    ST_USER_SET_ACTIVE,
    ST_USER_SET_NAMES,
    ST_PROFILE_GET,
    ST_PROFILE_UPDATE,
    ST_SESSION_INSERT,
    ST_SESSION_FIND,
    ST_SESSION_ROTATE,
    ST_SESSION_REVOKE_FAMILY,
    ST_SESSION_REVOKE_USER,
    ST_SESSION_FAMILY_LIVE,
    ST_RECOVERY_DELETE_UNUSED,
    ST_RECOVERY_INSERT,
    ST_RECOVERY_USE,
    ST_RECOVERY_COUNT,
    ST_TOKEN_INSERT,
    ST_TOKEN_FIND,
    ST_TOKEN_FIND_USER,
    ST_TOKEN_LIST,
    ST_TOKEN_REVOKE,
    ST_TOKEN_TOUCH,
    ST_AUDIT_INSERT,
    ST_AUDIT_LIST,
    ST_THROTTLE_HIT,
    ST_THROTTLE_PEEK,
    ST_THROTTLE_CLEAR,
    ST_ORG_INSERT,
    ST_ORG_GET,
    ST_ORG_GET_SLUG,
    ST_ORG_UPDATE,
    ST_ORG_LIST,
    ST_TEAM_DELETE,
    ST_TEAM_INSERT,
    ST_TEAM_GET,
    ST_FAQ_DELETE,
    ST_FAQ_INSERT,
    ST_FAQ_GET,
    ST_MEMBER_GET,
    ST_MEMBER_PUT,
    ST_MEMBER_REMOVE,
    ST_MEMBER_LIST,
    ST_MEMBER_LIST_USER,
    ST_MEMBER_OWNERS,
    ST_EVENT_LIST_MANAGED,
    ST_TERM_UPSERT,
    ST_EVENT_TERMS_DELETE,
    ST_EVENT_TERM_INSERT,
    ST_EVENT_TERMS_GET,
    ST_EVENT_SPEAKERS_DELETE,
    ST_EVENT_SPEAKER_INSERT,
    ST_EVENT_SPEAKERS_GET,
    ST_SPEAKER_INSERT,
    ST_SPEAKER_GET,
    ST_SPEAKER_GET_SLUG,
    ST_SPEAKER_LIST,
    ST_TERMS_LIST,
    ST_CITIES_LIST,
    ST_GENRES_LIST,
    ST_CATALOG_GENERATION,
    ST_EVENT_SEATS,
    ST_CATALOG_READ,
    ST_CATALOG_ROWS,
    ST_CATALOG_CITIES,
    ST_CATALOG_GENRES,
    ST_CATALOG_TERM,
    ST_EVENT_PAGE,
    ST_CITY_UPSERT,
    ST_GENRE_UPSERT,
    ST_EVENT_INSERT,
    ST_EVENT_GET,
    ST_EVENT_GET_SLUG,
    ST_EVENT_UPDATE,
    ST_EVENT_LIST,
    ST_EVENT_LIST_PRICE,
    ST_EVENT_LIST_POPULAR,
    ST_EVENT_POPULARITY,
    ST_EVENT_TAKE,
    ST_EVENT_RELEASE,
    ST_EVENT_SEATS_HELD,
    ST_EVENT_VERSION,
    ST_SESSION_ROWS_DELETE,
    ST_SESSION_ROW_INSERT,
    ST_SESSION_ROWS_GET,
    ST_BOOKING_INSERT,
    ST_BOOKING_GET,
    ST_BOOKING_SET_STATE,
    ST_BOOKING_LIST_USER,
    ST_BOOKING_LIST_EVENT,
    ST_BOOKING_EXPIRED,
    ST_BOOKING_SHIFT,
    ST_BOOKING_LOG_INSERT,
    ST_BOOKING_LOG_LIST,
    ST_WAITLIST_INSERT,
    ST_WAITLIST_GET,
    ST_WAITLIST_EVENT,
    ST_WAITLIST_USER,
    ST_WAITLIST_HEADS,
    ST_WAITLIST_OFFER,
    ST_WAITLIST_SET_STATE,
    ST_WAITLIST_SETTLE,
    ST_FAVORITE_ADD,
    ST_FAVORITE_REMOVE,
    ST_FAVORITE_LIST,
    /* issue 4: reminders and the watcher (reminders.c) */
    ST_REMINDER_DUE,
    ST_REMINDER_MARK,
    ST_OUTBOX_PARTICIPANTS,
    ST_EVENT_ENDED,
    ST_EVENT_MARK_DONE,
    ST_IDEM_GET,
    ST_IDEM_PUT,
    ST_IDEM_PURGE,
    ST_OUTBOX_INSERT,
    ST_OUTBOX_AUDIENCE,
    ST_OUTBOX_COUNT,
    ST_HOOK_INSERT, /* webhook endpoints and notification preferences (webhooks.c) */
    ST_HOOK_GET,
    ST_HOOK_LIST,
    ST_HOOK_UPDATE,
    ST_HOOK_IN_USE,
    ST_HOOK_DELETE,
    ST_PREFS_GET,
    ST_PREF_PUT,
    /* delivery engine (messaging.c) */
    ST_MSG_ROUTE_BATCH,
    ST_MSG_DELIVERY_ADD,
    ST_MSG_NOTIF_ADD,
    ST_MSG_LINK_FIRST_CLICK,
    ST_MSG_OUTBOX_ROUTED,
    ST_MSG_OUTBOX_ROLLUP,
    ST_MSG_CLAIM,
    ST_MSG_JOB_GET,
    ST_MSG_FINISH,
    ST_MSG_RELEASE,
    ST_MSG_ATTEMPT_ADD,
    ST_MSG_ENDPOINT_DISABLE,
    ST_MSG_OUTBOX_LIST,
    ST_MSG_OUTBOX_GET,
    ST_MSG_DELIVERY_LIST,
    ST_MSG_ATTEMPT_LIST,
    ST_MSG_REDRIVE,
    ST_MSG_STATS_QUEUE,
    ST_MSG_STATS_DELIVERIES,
    ST_MSG_DUE,
    ST_MSG_NOTIF_LIST,
    ST_MSG_NOTIF_UNREAD,
    ST_MSG_NOTIF_READ,
    ST_MSG_NOTIF_READ_ALL,
    ST_MSG_LINK_CLICK,
    /* Telegram linking (store/<backend>/telegram.c) */
    ST_TG_TOKEN_PURGE,
    ST_TG_TOKEN_INSERT,
    ST_TG_TOKEN_USE,
    ST_TG_UPDATE_SEEN,
    ST_TG_UPDATES_PURGE,
    ST_TG_CHAT_OWNER,
    ST_TG_SUB_UPSERT,
    ST_TG_PROFILE_SET,
    ST_TG_SUB_DELETE,
    ST_TG_PROFILE_CLEAR,
    ST_BEGIN, /* transactions: prepared once, as the writer runs them per use case */
    ST_COMMIT,
    ST_SAVEPOINT,
    ST_RELEASE,
    ST_ROLLBACK_TO,
    ST_COUNT
};

struct sqlite_store {
    struct store base; /* must be first */
    sqlite3 *db;
    sqlite3_stmt *stmt[ST_COUNT];
    char *wal_path; /* set by defer_sync: the log file sync() flushes */
};

/* The prepared statement for id, reset and with its bindings cleared. */
sqlite3_stmt *sq_stmt(struct sqlite_store *s, enum stmt id);
/* Map an SQLite result code to bo_err (BUSY, CONSTRAINT -> CONFLICT...). */
enum bo_err sq_err(struct sqlite_store *s, int rc);
/* Step a statement that returns no row (or ignores rows); resets it. */
enum bo_err sq_exec(struct sqlite_store *s, sqlite3_stmt *st);
/* One outbox row (category, payload) per user the audience statement picks for event_id. */
enum bo_err sq_outbox_fan_out(struct sqlite_store *s, enum stmt audience, int64_t event_id,
                              const char *category, const char *payload, int64_t now, int *count);

void sq_bind_text(sqlite3_stmt *st, int i, const char *v);       /* NULL binds NULL */
void sq_bind_time(sqlite3_stmt *st, int i, int64_t v);           /* 0 binds NULL */
const char *sq_text(struct arena *a, sqlite3_stmt *st, int col); /* NULL for NULL */
int64_t sq_int(sqlite3_stmt *st, int col);                       /* 0 for NULL */

extern const struct store_account_ops sqlite_account_ops;
extern const struct store_booking_ops sqlite_booking_ops;
extern const struct store_organizer_ops sqlite_organizer_ops;
extern const struct store_catalog_ops sqlite_catalog_ops;
extern const struct store_hook_ops sqlite_hook_ops;
extern const struct store_telegram_ops sqlite_telegram_ops;
extern const struct store_reminder_ops sqlite_reminder_ops;

/* Read the events of a listing statement (EVENT_COLS), at most cap, without sessions. */
enum bo_err sq_list_events(struct sqlite_store *s, struct arena *a, sqlite3_stmt *st, size_t cap,
                           struct event **out, size_t *count);

/* One row expected: BO_ERR_NOT_FOUND if none; the row stays current on success. */
enum bo_err sq_step_row(struct sqlite_store *s, sqlite3_stmt *st);

static inline struct sqlite_store *
sq(struct store *s)
{
    return (struct sqlite_store *)s;
}

#endif
