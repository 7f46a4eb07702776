/* SPDX-License-Identifier: MIT */
/*
 * pg_int.h - shared by the files of the PostgreSQL backend only.
 *
 * Every statement is in one table (stmt_sql[] in pg.c), keyed by enum stmt,
 * prepared with PQprepare on first use, once per connection (the schema may
 * not exist before the first migration, so nothing is prepared at open).
 * Parameters and results travel in text format; every value is a bound
 * parameter, never spliced into SQL. Every PGresult is PQclear'ed before the
 * function that got it returns; strings handed out are copied into an arena.
 *
 * Inside a transaction, commands whose answer nobody waits for (BEGIN,
 * SAVEPOINT, RELEASE, ROLLBACK TO, and writes queued with pg_defer) are not
 * sent on their own: they wait in a queue and go out in one pipeline (libpq
 * pipeline mode) with the next statement whose result is needed, or with
 * COMMIT. A booking in the group-commit writer is then one round trip, not
 * ten. If a queued command fails, the transaction is "broken": every later
 * call and the commit report that error, and only a rollback clears it, so
 * a failure can never be pinned on the wrong use case and then forgotten.
 */
#ifndef BO_STORE_PG_INT_H
#define BO_STORE_PG_INT_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store_int.h"

struct arena;

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
    ST_TOKEN_TOUCH_ALL,
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
    ST_EVENT_GET_MANY,
    ST_EVENT_UPDATE,
    ST_EVENT_LIST,
    ST_EVENT_LIST_PRICE,
    ST_EVENT_LIST_POPULAR,
    ST_EVENT_POPULARITY,
    ST_EVENT_TAKE,
    ST_EVENT_RELEASE,
    ST_EVENT_SEATS_HELD,
    ST_SESSION_ROWS_DELETE,
    ST_SESSION_ROW_INSERT,
    ST_SESSION_ROWS_GET,
    ST_BOOKING_INSERT,
    ST_BOOKING_PLACE,
    ST_BOOKING_PLACE_BATCH,
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
    ST_COUNT
};

#define PG_PARAM_MAX 40
#define PG_INT_LEN 24  /* "-9223372036854775808" and a NUL */
#define PG_NAME_LEN 64 /* NAMEDATALEN */
/* One command waiting in the queue, and after a flush, its outcome. */
struct pg_queued {
    const char *sql;    /* a command without parameters (SAVEPOINT...), or NULL for stmt */
    enum stmt stmt;     /* a prepared statement ... */
    int n, first;       /* ... with parameters value_off[first .. first + n) */
    size_t buf_start;   /* value_len when it was queued: dropping it gives the space back */
    bool owned;         /* its caller reads its outcome: its failure does not break the tx */
    bool sent, aborted; /* outcome: went out; skipped by the server after an earlier failure */
    enum bo_err err;    /* outcome: its own failure */
    PGresult *result;   /* outcome of an owned one that succeeded (the queue owns it) */
};

struct pg_store {
    struct store base; /* must be first */
    PGconn *conn;
    bool prepared[ST_COUNT];
    enum bo_err tx_err;               /* why the open transaction failed, if it did */
    char err_constraint[PG_NAME_LEN]; /* constraint of the last failed statement, or "" */

    struct pg_queued *queue; /* queue[0 .. queued) */
    int queued, queue_cap;
    int *value_off; /* offsets into value_buf; -1 for NULL */
    int value_count, value_cap;
    char *value_buf; /* copies of the queued parameters */
    size_t value_len, value_buf_cap;
    int savepoint_at;   /* index of the queued, unsent SAVEPOINT, or -1 */
    bool recovering;    /* a ROLLBACK TO is queued: the failed transaction will be healthy */
    enum bo_err broken; /* a queued command failed: the transaction can only roll back */
};

/*
 * Text-format parameters of one statement, in $1, $2... order. Integers are
 * formatted into buf; strings are borrowed and must outlive the call.
 */
struct pg_params {
    int n;
    const char *values[PG_PARAM_MAX];
    char buf[PG_PARAM_MAX][PG_INT_LEN];
};

void pg_param_text(struct pg_params *p, const char *v); /* NULL binds NULL */
void pg_param_int(struct pg_params *p, int64_t v);
void pg_param_time(struct pg_params *p, int64_t v); /* 0 binds NULL */
void pg_param_bool(struct pg_params *p, bool v);

/*
 * Run statement id. On BO_OK *out holds the result, which the caller must
 * PQclear; on error *out is NULL. Reconnects once if the connection was lost
 * outside a transaction; inside one, the transaction is gone: UNAVAILABLE.
 */
enum bo_err pg_query(struct pg_store *s, enum stmt id, const struct pg_params *p, PGresult **out);
/* Run statement id and discard its rows; *changed (if not NULL) = rows affected. */
enum bo_err pg_exec(struct pg_store *s, enum stmt id, const struct pg_params *p, int64_t *changed);
/* One outbox row (category, payload) per user the audience statement picks for event_id. */
enum bo_err pg_outbox_fan_out(struct pg_store *s, enum stmt audience, int64_t event_id,
                              const char *category, const char *payload, int64_t now, int *count);
/*
 * Inside a transaction: queue statement id (a write whose rows and count
 * nobody reads) for the next round trip; parameters are copied. If it fails
 * there, the transaction is broken (see above): the next call or the commit
 * says so. Outside a transaction it runs at once, like pg_exec.
 */
enum bo_err pg_defer(struct pg_store *s, enum stmt id, const struct pg_params *p);

/*
 * The queue, for a caller that sends many statements in one round trip and
 * reads each answer (store_booking_place_all): pg_ready each statement,
 * pg_enqueue it (owned: its failure is the caller's, not a broken
 * transaction), pg_flush, read queue[i] (err, aborted, result), then
 * pg_unqueue(s, 0). pg_recover queues ROLLBACK TO after an owned failure
 * inside a use case's savepoint.
 */
enum bo_err pg_ready(struct pg_store *s, enum stmt id);
enum bo_err pg_enqueue(struct pg_store *s, const char *sql, enum stmt id, const struct pg_params *p,
                       bool owned);
enum bo_err pg_flush(struct pg_store *s);
void pg_unqueue(struct pg_store *s, int from);
void pg_recover(struct pg_store *s);

/*
 * An array literal built one element at a time ({1,NULL,"a b"}), to pass a
 * whole column of values as one parameter. Zero-initialise; the text is on
 * the heap until pg_array_free.
 */
struct pg_array {
    char *text;
    size_t len, cap;
};

void pg_array_int(struct pg_array *a, int64_t v);
void pg_array_time(struct pg_array *a, int64_t v);     /* 0 is NULL */
void pg_array_text(struct pg_array *a, const char *v); /* NULL is NULL */
void pg_array_bool(struct pg_array *a, bool v);
/* The literal, closed: no element can be added after this. */
const char *pg_array_end(struct pg_array *a);
void pg_array_free(struct pg_array *a);

/* Map a failed result to bo_err and remember its constraint name. */
enum bo_err pg_err(struct pg_store *s, const PGresult *r);

const char *pg_text(struct arena *a, const PGresult *r, int row, int col); /* NULL for NULL */

/* Row i of r into item (strings in a). */
typedef void (*pg_read_fn)(struct arena *a, const PGresult *r, int i, void *item);
/* Every row of statement id, each read by fill into an arena array of items of size. */
enum bo_err pg_query_rows(struct pg_store *s, struct arena *a, enum stmt id,
                          const struct pg_params *p, size_t size, pg_read_fn fill, void **out,
                          size_t *count);
/* The first row of statement id into item; BO_ERR_NOT_FOUND if there is none. */
enum bo_err pg_query_one(struct pg_store *s, struct arena *a, enum stmt id,
                         const struct pg_params *p, pg_read_fn fill, void *item);
/* pg_read_fn for a first column that is an int64_t / a string. */
void pg_read_int(struct arena *a, const PGresult *r, int i, void *item);
void pg_read_text(struct arena *a, const PGresult *r, int i, void *item);
int64_t pg_int(const PGresult *r, int row, int col); /* 0 for NULL */
bool pg_bool(const PGresult *r, int row, int col);   /* false for NULL */

extern const struct store_account_ops pg_account_ops;
extern const struct store_booking_ops pg_booking_ops;
extern const struct store_organizer_ops pg_organizer_ops;
extern const struct store_catalog_ops pg_catalog_ops;
extern const struct store_hook_ops pg_hook_ops;
extern const struct store_telegram_ops pg_telegram_ops;
extern const struct store_reminder_ops pg_reminder_ops;

struct event;
/* Every row of statement id (EVENT_COLS) as an event without sessions, in the arena. */
enum bo_err pg_list_events(struct pg_store *s, struct arena *a, enum stmt id,
                           const struct pg_params *p, struct event **out, size_t *count);

static inline struct pg_store *
pg(struct store *s)
{
    return (struct pg_store *)s;
}

#endif
