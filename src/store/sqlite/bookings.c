/* SPDX-License-Identifier: MIT */
/*
 * bookings.c - events, bookings, the booking log and the outbox on SQLite.
 *
 * Seats move only through conditional updates (take: "available >= n";
 * release: "available + n <= capacity"), and a CHECK on the table backs
 * them up, so no interleaving of writers can oversell.
 */
#include "store/sqlite/sqlite_int.h"

#include <stdint.h>
#include <string.h>

#include "core/booking.h"
#include "core/event.h"
#include "lib/arena.h"

/* A reference name (city, genre) to its id, created on first use; 0 for NULL. */
static enum bo_err
ref_id(struct sqlite_store *s, enum stmt id, const char *name, int64_t *out)
{
    *out = 0;
    if (name == NULL || name[0] == '\0') {
        return BO_OK;
    }
    sqlite3_stmt *st = sq_stmt(s, id);
    sq_bind_text(st, 1, name);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        *out = sq_int(st, 0);
        sqlite3_reset(st);
    }
    return err;
}

static void
bind_id(sqlite3_stmt *st, int i, int64_t id)
{
    sq_bind_time(st, i, id); /* 0 binds NULL */
}

/* Which unique rule a constraint failure broke, by the message SQLite gives. */
static const char *
unique_field(struct sqlite_store *s, const char *dflt)
{
    const char *msg = sqlite3_errmsg(s->db);

    if (strstr(msg, "CHECK") != NULL) {
        return "capacity";
    }
    if (strstr(msg, "starts_at") != NULL || strstr(msg, "same_time") != NULL ||
        strstr(msg, "author_start") != NULL) {
        return "starts_at";
    }
    return dflt;
}

static enum bo_err
insert_sessions(struct sqlite_store *s, int64_t event_id, const struct event *e)
{
    sqlite3_stmt *st = sq_stmt(s, ST_SESSION_ROWS_DELETE);
    sqlite3_bind_int64(st, 1, event_id);
    enum bo_err err = sq_exec(s, st);

    for (int i = 0; err == BO_OK && i < e->session_count; i++) {
        st = sq_stmt(s, ST_SESSION_ROW_INSERT);
        sqlite3_bind_int64(st, 1, event_id);
        sqlite3_bind_int64(st, 2, e->sessions[i].starts_at);
        sqlite3_bind_int64(st, 3, e->sessions[i].ends_at);
        err = sq_exec(s, st);
    }
    return err;
}

/* Parameters shared by insert (from 3) and update (from 3): kind .. format. */
static void
bind_descriptive(sqlite3_stmt *st, int at, const struct event *e, int64_t city, int64_t genre)
{
    sq_bind_text(st, at, event_kind_name(e->kind));
    sq_bind_text(st, at + 1, e->title);
    sq_bind_text(st, at + 2, e->slug);
    sq_bind_text(st, at + 3, e->description);
    sq_bind_text(st, at + 4, e->timezone);
    sq_bind_text(st, at + 5, e->location);
    bind_id(st, at + 6, city);
    bind_id(st, at + 7, genre);
    sq_bind_text(st, at + 8, e->language);
    sq_bind_text(st, at + 9, event_format_name(e->format));
    sqlite3_bind_int64(st, at + 10, e->price_minor);
    sqlite3_bind_int64(st, at + 11, e->sale_price_minor);
    sqlite3_bind_int64(st, at + 12, e->recording_price_minor);
    sq_bind_text(st, at + 13, e->currency);
    sqlite3_bind_int(st, at + 14, e->capacity);
}

static enum bo_err
sqlite_event_create(struct store *base, const struct event *e, int64_t *id_out,
                    const char **conflict_field)
{
    struct sqlite_store *s = sq(base);
    int64_t city = 0, genre = 0;
    enum bo_err err = ref_id(s, ST_CITY_UPSERT, e->city, &city);

    if (err == BO_OK) {
        err = ref_id(s, ST_GENRE_UPSERT, e->genre, &genre);
    }
    if (err) {
        return err;
    }
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_INSERT);
    bind_id(st, 1, e->organizer_id);
    sqlite3_bind_int64(st, 2, e->author_id);
    bind_descriptive(st, 3, e, city, genre);
    sqlite3_bind_int(st, 18, e->max_per_booking);
    sq_bind_text(st, 19, e->rules);
    sq_bind_text(st, 20, e->image_url);
    sq_bind_text(st, 21, e->external_url);
    sq_bind_text(st, 22, e->source);
    sqlite3_bind_int(st, 23, e->is_imported);
    sq_bind_text(st, 24, visibility_name(e->visibility));
    sq_bind_text(st, 25, approval_name(e->approval));
    sq_bind_text(st, 26, event_status_name(e->status));
    sqlite3_bind_int(st, 27, e->hidden);
    sqlite3_bind_int(st, 28, e->registration_closed);
    sq_bind_text(st, 29, e->movie_title);
    sqlite3_bind_int(st, 30, e->movie_duration_min);
    sqlite3_bind_int64(st, 31, e->starts_at);
    sqlite3_bind_int64(st, 32, e->ends_at);
    sqlite3_bind_int64(st, 33, e->created_at);
    err = sq_step_row(s, st);
    if (err == BO_ERR_CONFLICT) {
        *conflict_field = unique_field(s, "slug");
        return err;
    }
    if (err) {
        return err;
    }
    *id_out = sq_int(st, 0);
    sqlite3_reset(st);
    return insert_sessions(s, *id_out, e);
}

static const char *
col_cstr(sqlite3_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

/* The columns of EVENT_COLS in sqlite.c, in order. */
static void
read_event(struct arena *a, sqlite3_stmt *st, struct event *e)
{
    memset(e, 0, sizeof(*e));
    e->id = sq_int(st, 0);
    e->organizer_id = sq_int(st, 1);
    e->author_id = sq_int(st, 2);
    e->kind = event_kind_parse(col_cstr(st, 3));
    e->title = sq_text(a, st, 4);
    e->slug = sq_text(a, st, 5);
    e->description = sq_text(a, st, 6);
    e->timezone = sq_text(a, st, 7);
    e->location = sq_text(a, st, 8);
    e->city_id = sq_int(st, 9);
    e->city = sq_text(a, st, 10);
    e->genre_id = sq_int(st, 11);
    e->genre = sq_text(a, st, 12);
    e->language = sq_text(a, st, 13);
    e->format = event_format_parse(col_cstr(st, 14));
    e->price_minor = sq_int(st, 15);
    e->sale_price_minor = sq_int(st, 16);
    e->recording_price_minor = sq_int(st, 17);
    e->currency = sq_text(a, st, 18);
    e->capacity = (int)sq_int(st, 19);
    e->available = (int)sq_int(st, 20);
    e->max_per_booking = (int)sq_int(st, 21);
    e->rules = sq_text(a, st, 22);
    e->image_url = sq_text(a, st, 23);
    e->external_url = sq_text(a, st, 24);
    e->source = sq_text(a, st, 25);
    e->is_imported = sq_int(st, 26) != 0;
    e->visibility = visibility_parse(col_cstr(st, 27));
    e->approval = approval_parse(col_cstr(st, 28));
    e->status = event_status_parse(col_cstr(st, 29));
    e->hidden = sq_int(st, 30) != 0;
    e->registration_closed = sq_int(st, 31) != 0;
    e->movie_title = sq_text(a, st, 32);
    e->movie_duration_min = (int)sq_int(st, 33);
    e->starts_at = sq_int(st, 34);
    e->ends_at = sq_int(st, 35);
    e->created_at = sq_int(st, 36);
    e->updated_at = sq_int(st, 37);
    e->version = (int)sq_int(st, 38);
    e->popularity = (int)sq_int(st, 39);
}

static enum bo_err
read_sessions(struct sqlite_store *s, struct arena *a, struct event *e)
{
    sqlite3_stmt *st = sq_stmt(s, ST_SESSION_ROWS_GET);
    int rc;

    e->sessions = arena_alloc(a, sizeof(*e->sessions) * EVENT_MAX_SESSIONS);
    e->session_count = 0;
    sqlite3_bind_int64(st, 1, e->id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && e->session_count < EVENT_MAX_SESSIONS) {
        struct event_session *ss = &e->sessions[e->session_count++];
        ss->id = sq_int(st, 0);
        ss->starts_at = sq_int(st, 1);
        ss->ends_at = sq_int(st, 2);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? BO_OK : sq_err(s, rc);
}

static enum bo_err
get_event(struct sqlite_store *s, struct arena *a, sqlite3_stmt *st, struct event *out)
{
    enum bo_err err = sq_step_row(s, st);

    if (err) {
        return err;
    }
    read_event(a, st, out);
    sqlite3_reset(st);
    return read_sessions(s, a, out);
}

static enum bo_err
sqlite_event_get(struct store *base, struct arena *a, int64_t id, struct event *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_GET);

    sqlite3_bind_int64(st, 1, id);
    return get_event(s, a, st, out);
}

static enum bo_err
sqlite_event_get_head(struct store *base, struct arena *a, int64_t id, struct event *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_GET);

    sqlite3_bind_int64(st, 1, id);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        read_event(a, st, out);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_event_get_by_slug(struct store *base, struct arena *a, const char *slug, struct event *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_GET_SLUG);

    sq_bind_text(st, 1, slug);
    return get_event(s, a, st, out);
}

static enum bo_err
sqlite_event_update(struct store *base, const struct event *e, const char **conflict_field)
{
    struct sqlite_store *s = sq(base);
    int64_t city = 0, genre = 0;
    enum bo_err err = ref_id(s, ST_CITY_UPSERT, e->city, &city);

    if (err == BO_OK) {
        err = ref_id(s, ST_GENRE_UPSERT, e->genre, &genre);
    }
    if (err) {
        return err;
    }
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_UPDATE);
    sqlite3_bind_int64(st, 1, e->id);
    sqlite3_bind_int(st, 2, e->version);
    bind_descriptive(st, 3, e, city, genre);
    sqlite3_bind_int(st, 18, e->max_per_booking);
    sq_bind_text(st, 19, e->rules);
    sq_bind_text(st, 20, e->image_url);
    sq_bind_text(st, 21, e->external_url);
    sq_bind_text(st, 22, visibility_name(e->visibility));
    sq_bind_text(st, 23, approval_name(e->approval));
    sq_bind_text(st, 24, event_status_name(e->status));
    sqlite3_bind_int(st, 25, e->hidden);
    sqlite3_bind_int(st, 26, e->registration_closed);
    sq_bind_text(st, 27, e->movie_title);
    sqlite3_bind_int(st, 28, e->movie_duration_min);
    sqlite3_bind_int64(st, 29, e->starts_at);
    sqlite3_bind_int64(st, 30, e->ends_at);
    sqlite3_bind_int64(st, 31, e->updated_at);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        err = sq_err(s, rc);
        *conflict_field = err == BO_ERR_CONFLICT ? unique_field(s, "slug") : NULL;
        sqlite3_reset(st);
        return err;
    }
    sqlite3_reset(st);
    if (sqlite3_changes(s->db) == 0) {
        return BO_ERR_CONFLICT; /* changed by someone else since it was read */
    }
    return insert_sessions(s, e->id, e);
}

/* Up to cap rows of a bound statement as events (without sessions), in the arena. */
enum bo_err
sq_list_events(struct sqlite_store *s, struct arena *a, sqlite3_stmt *st, size_t cap,
               struct event **out, size_t *count)
{
    struct event *list = arena_alloc(a, sizeof(*list) * cap);
    size_t n = 0;
    int rc = SQLITE_DONE;

    while (n < cap && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_event(a, st, &list[n++]);
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? BO_OK : sq_err(s, rc);
}

/* FTS5 syntax: every term as a quoted prefix, all required: "dune"* "night"* */
static const char *
fts_query(struct arena *a, const struct event_query *q)
{
    char *out = NULL;

    for (size_t i = 0; i < q->term_count; i++) {
        out = arena_printf(a, "%s%s\"%s\"*", out ? out : "", out ? " " : "", q->terms[i]);
    }
    return out;
}

static enum bo_err
sqlite_event_list(struct store *base, struct arena *a, const struct event_query *q,
                  struct event **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    static const enum stmt by_sort[] = {[SORT_DATE] = ST_EVENT_LIST,
                                        [SORT_PRICE] = ST_EVENT_LIST_PRICE,
                                        [SORT_POPULARITY] = ST_EVENT_LIST_POPULAR};
    sqlite3_stmt *st = sq_stmt(s, by_sort[q->sort]);

    sqlite3_bind_int64(st, 1, q->after_key);
    sqlite3_bind_int64(st, 2, q->after_id);
    sqlite3_bind_int64(st, 3, q->from != 0 ? q->from : INT64_MIN);
    sqlite3_bind_int64(st, 4, q->to != 0 ? q->to : INT64_MAX);
    sq_bind_text(st, 5, q->city);
    sq_bind_text(st, 6, q->genre);
    sq_bind_text(st, 7, q->kind ? event_kind_name((enum event_kind)q->kind) : NULL);
    sqlite3_bind_int(st, 8, q->limit);
    sq_bind_text(st, 9, q->format ? event_format_name((enum event_format)q->format) : NULL);
    sqlite3_bind_int64(st, 10, q->price_min > 0 ? q->price_min : 0);
    sqlite3_bind_int64(st, 11, q->price_max >= 0 ? q->price_max : INT64_MAX);
    sqlite3_bind_int64(st, 13, q->organizer_id);
    sq_bind_text(st, 12, fts_query(a, q));
    return sq_list_events(s, a, st, (size_t)q->limit, out, count);
}

/* A conditional update that must touch one row, else `missing`. */
static enum bo_err
seats_update(struct sqlite_store *s, enum stmt id, int64_t event_id, int seats, enum bo_err missing)
{
    sqlite3_stmt *st = sq_stmt(s, id);

    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_int(st, 2, seats);
    enum bo_err err = sq_exec(s, st);
    if (err == BO_OK && sqlite3_changes(s->db) == 0) {
        return missing;
    }
    return err;
}

static enum bo_err
sqlite_event_refresh_popularity(struct store *base, int *changed)
{
    struct sqlite_store *s = sq(base);
    enum bo_err err = sq_exec(s, sq_stmt(s, ST_EVENT_POPULARITY));

    *changed = err ? 0 : sqlite3_changes(s->db);
    return err;
}

static enum bo_err
sqlite_event_take_seats(struct store *base, int64_t event_id, int seats)
{
    return seats_update(sq(base), ST_EVENT_TAKE, event_id, seats, BO_ERR_SOLD_OUT);
}

static enum bo_err
sqlite_event_release_seats(struct store *base, int64_t event_id, int seats)
{
    /* Releasing more than was taken is a bug, not a user error. */
    return seats_update(sq(base), ST_EVENT_RELEASE, event_id, seats, BO_ERR_INTERNAL);
}

static enum bo_err
sqlite_event_seats_held(struct store *base, int64_t event_id, int *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_SEATS_HELD);

    sqlite3_bind_int64(st, 1, event_id);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        *out = (int)sq_int(st, 0);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_booking_create(struct store *base, const struct booking *b, int64_t *id_out,
                      const char **conflict_field)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_BOOKING_INSERT);

    sqlite3_bind_int64(st, 1, b->event_id);
    sqlite3_bind_int64(st, 2, b->user_id);
    sq_bind_text(st, 3, booking_state_name(b->state));
    sqlite3_bind_int(st, 4, b->seats);
    sqlite3_bind_int64(st, 5, b->amount_minor);
    sq_bind_text(st, 6, b->currency);
    sqlite3_bind_int64(st, 7, b->starts_at);
    sq_bind_time(st, 8, b->expires_at);
    sqlite3_bind_int64(st, 9, b->created_at);
    sqlite3_bind_int64(st, 10, b->created_by);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        enum bo_err err = sq_err(s, rc);
        *conflict_field = err == BO_ERR_CONFLICT ? unique_field(s, "event_id") : NULL;
        sqlite3_reset(st);
        return err;
    }
    *id_out = sq_int(st, 0);
    sqlite3_reset(st);
    return BO_OK;
}

/* CONFLICT unless the event is still at version (the writer holds the lock: it stays so). */
static enum bo_err
check_version(struct sqlite_store *s, int64_t event_id, int version)
{
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_VERSION);

    sqlite3_bind_int64(st, 1, event_id);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        err = sq_int(st, 0) == version ? BO_OK : BO_ERR_CONFLICT;
        sqlite3_reset(st);
    }
    return err == BO_ERR_NOT_FOUND ? BO_ERR_CONFLICT : err;
}

/* SQLite statements cost no round trip: the steps of store_booking_place one by one. */
static enum bo_err
sqlite_booking_place(struct store *base, const struct booking *b, bool take_seats,
                     int event_version, int64_t *id_out, const char **conflict_field)
{
    struct sqlite_store *s = sq(base);
    enum bo_err err = event_version ? check_version(s, b->event_id, event_version) : BO_OK;

    if (err == BO_ERR_CONFLICT) {
        *conflict_field = "version";
        return err;
    }
    if (err == BO_OK) {
        err = sqlite_booking_create(base, b, id_out, conflict_field);
    }
    if (err == BO_OK && take_seats) {
        err = sqlite_event_take_seats(base, b->event_id, b->seats);
    }
    return err;
}

static void
read_booking(struct arena *a, sqlite3_stmt *st, struct booking *b)
{
    *b = (struct booking){0}; /* the read-only decorations too */
    b->id = sq_int(st, 0);
    b->event_id = sq_int(st, 1);
    b->user_id = sq_int(st, 2);
    b->state = booking_state_parse(col_cstr(st, 3));
    b->seats = (int)sq_int(st, 4);
    b->amount_minor = sq_int(st, 5);
    b->currency = sq_text(a, st, 6);
    b->starts_at = sq_int(st, 7);
    b->expires_at = sq_int(st, 8);
    b->created_at = sq_int(st, 9);
    b->updated_at = sq_int(st, 10);
    b->created_by = sq_int(st, 11);
}

static enum bo_err
sqlite_booking_get(struct store *base, struct arena *a, int64_t id, struct booking *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_BOOKING_GET);

    sqlite3_bind_int64(st, 1, id);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        read_booking(a, st, out);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_booking_set_state(struct store *base, int64_t id, int from, int to, int64_t expires_at,
                         int64_t now)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_BOOKING_SET_STATE);

    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, booking_state_name((enum booking_state)from));
    sq_bind_text(st, 3, booking_state_name((enum booking_state)to));
    sq_bind_time(st, 4, expires_at);
    sqlite3_bind_int64(st, 5, now);
    enum bo_err err = sq_exec(s, st);
    if (err == BO_OK && sqlite3_changes(s->db) == 0) {
        return BO_ERR_CONFLICT;
    }
    return err;
}

/* Rows of a booking query whose first two parameters are bound by the caller. */
static enum bo_err
list_bookings(struct sqlite_store *s, struct arena *a, sqlite3_stmt *st, int limit,
              struct booking **out, size_t *count)
{
    struct booking *list = arena_alloc(a, sizeof(*list) * (size_t)limit);
    size_t n = 0;
    int rc = SQLITE_DONE;

    while (n < (size_t)limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_booking(a, st, &list[n++]);
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_booking_list_user(struct store *base, struct arena *a, int64_t user_id, int64_t before,
                         int limit, struct booking **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_BOOKING_LIST_USER);

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, before);
    sqlite3_bind_int(st, 3, limit);
    return list_bookings(s, a, st, limit, out, count);
}

static enum bo_err
sqlite_booking_list_event(struct store *base, struct arena *a, int64_t event_id, int64_t before,
                          int limit, struct booking **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_BOOKING_LIST_EVENT);

    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_int64(st, 2, before);
    sqlite3_bind_int(st, 3, limit);
    return list_bookings(s, a, st, limit, out, count);
}

static enum bo_err
sqlite_booking_shift_start(struct store *base, int64_t event_id, int64_t starts_at)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_BOOKING_SHIFT);

    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_int64(st, 2, starts_at);
    return sq_exec(s, st);
}

static enum bo_err
sqlite_booking_expired_holds(struct store *base, struct arena *a, int64_t now, int limit,
                             struct booking **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_BOOKING_EXPIRED);

    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int(st, 2, limit);
    return list_bookings(s, a, st, limit, out, count);
}

static enum bo_err
sqlite_booking_log_add(struct store *base, const struct booking_log *l)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_BOOKING_LOG_INSERT);

    sqlite3_bind_int64(st, 1, l->booking_id);
    sq_bind_text(st, 2, l->action);
    sq_bind_text(st, 3, l->old_value);
    sq_bind_text(st, 4, l->new_value);
    sq_bind_time(st, 5, l->actor_user_id);
    sqlite3_bind_int64(st, 6, l->created_at);
    return sq_exec(s, st);
}

static enum bo_err
sqlite_booking_log_list(struct store *base, struct arena *a, int64_t booking_id,
                        struct booking_log **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_BOOKING_LOG_LIST);
    size_t cap = 16, n = 0;
    struct booking_log *list = arena_alloc(a, sizeof(*list) * cap);
    int rc;

    sqlite3_bind_int64(st, 1, booking_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            struct booking_log *bigger = arena_alloc(a, sizeof(*list) * cap * 2);
            memcpy(bigger, list, sizeof(*list) * cap);
            list = bigger;
            cap *= 2;
        }
        list[n++] = (struct booking_log){.id = sq_int(st, 0),
                                         .booking_id = sq_int(st, 1),
                                         .action = sq_text(a, st, 2),
                                         .old_value = sq_text(a, st, 3),
                                         .new_value = sq_text(a, st, 4),
                                         .actor_user_id = sq_int(st, 5),
                                         .created_at = sq_int(st, 6)};
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_DONE ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_outbox_add(struct store *base, int64_t user_id, const char *category, const char *payload,
                  int64_t now)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_OUTBOX_INSERT);

    sqlite3_bind_int64(st, 1, user_id);
    sq_bind_text(st, 2, category);
    sq_bind_text(st, 3, payload);
    sqlite3_bind_int64(st, 4, now);
    return sq_exec(s, st);
}

enum bo_err
sq_outbox_fan_out(struct sqlite_store *s, enum stmt audience, int64_t event_id,
                  const char *category, const char *payload, int64_t now, int *count)
{
    sqlite3_stmt *st = sq_stmt(s, audience);

    sqlite3_bind_int64(st, 1, event_id);
    sq_bind_text(st, 2, category);
    sq_bind_text(st, 3, payload);
    sqlite3_bind_int64(st, 4, now);
    enum bo_err err = sq_exec(s, st);
    *count = err ? 0 : sqlite3_changes(s->db);
    return err;
}

static enum bo_err
sqlite_outbox_add_event_audience(struct store *base, int64_t event_id, const char *category,
                                 const char *payload, int64_t now, int *count)
{
    return sq_outbox_fan_out(sq(base), ST_OUTBOX_AUDIENCE, event_id, category, payload, now, count);
}

static enum bo_err
sqlite_outbox_count(struct store *base, int64_t user_id, const char *category, int *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_OUTBOX_COUNT);

    sqlite3_bind_int64(st, 1, user_id);
    sq_bind_text(st, 2, category);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        *out = (int)sq_int(st, 0);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_idem_get(struct store *base, struct arena *a, int64_t user_id, const char *key,
                struct idempotent_answer *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_IDEM_GET);

    sqlite3_bind_int64(st, 1, user_id);
    sq_bind_text(st, 2, key);
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    *out = (struct idempotent_answer){.user_id = user_id,
                                      .key = key,
                                      .request_hash = sq_text(a, st, 0),
                                      .status = (int)sq_int(st, 1),
                                      .body = sq_text(a, st, 2),
                                      .created_at = sq_int(st, 3)};
    sqlite3_reset(st);
    return BO_OK;
}

static enum bo_err
sqlite_idem_put(struct store *base, const struct idempotent_answer *ans)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_IDEM_PUT);

    sqlite3_bind_int64(st, 1, ans->user_id);
    sq_bind_text(st, 2, ans->key);
    sq_bind_text(st, 3, ans->request_hash);
    sqlite3_bind_int(st, 4, ans->status);
    sq_bind_text(st, 5, ans->body);
    sqlite3_bind_int64(st, 6, ans->created_at);
    return sq_exec(s, st);
}

static enum bo_err
sqlite_idem_purge(struct store *base, int64_t before, int *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_IDEM_PURGE);

    sqlite3_bind_int64(st, 1, before);
    enum bo_err err = sq_exec(s, st);
    *count = err ? 0 : sqlite3_changes(s->db);
    return err;
}

static enum bo_err
sqlite_waitlist_add(struct store *base, const struct waitlist_entry *w, int64_t *id_out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_WAITLIST_INSERT);

    sqlite3_bind_int64(st, 1, w->event_id);
    sqlite3_bind_int64(st, 2, w->user_id);
    sqlite3_bind_int(st, 3, w->seats);
    sqlite3_bind_int(st, 4, w->priority);
    sqlite3_bind_int64(st, 5, w->joined_at);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        *id_out = sq_int(st, 0);
        sqlite3_reset(st);
    }
    return err;
}

static void
read_entry(sqlite3_stmt *st, struct waitlist_entry *w)
{
    w->id = sq_int(st, 0);
    w->event_id = sq_int(st, 1);
    w->user_id = sq_int(st, 2);
    w->seats = (int)sq_int(st, 3);
    w->priority = (int)sq_int(st, 4);
    w->state = waitlist_state_parse(col_cstr(st, 5));
    w->joined_at = sq_int(st, 6);
    w->offered_at = sq_int(st, 7);
    w->offer_expires_at = sq_int(st, 8);
    w->booking_id = sq_int(st, 9);
}

static enum bo_err
list_entries(struct sqlite_store *s, struct arena *a, sqlite3_stmt *st, size_t cap,
             struct waitlist_entry **out, size_t *count)
{
    struct waitlist_entry *list = arena_alloc(a, sizeof(*list) * cap);
    size_t n = 0;
    int rc = SQLITE_DONE;

    while (n < cap && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_entry(st, &list[n++]);
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_waitlist_get(struct store *base, struct arena *a, int64_t id, struct waitlist_entry *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_WAITLIST_GET);
    struct waitlist_entry *list = NULL;
    size_t n = 0;

    sqlite3_bind_int64(st, 1, id);
    enum bo_err err = list_entries(s, a, st, 1, &list, &n);
    if (err == BO_OK && n == 0) {
        return BO_ERR_NOT_FOUND;
    }
    if (err == BO_OK) {
        *out = list[0];
    }
    return err;
}

static enum bo_err
sqlite_waitlist_list_event(struct store *base, struct arena *a, int64_t event_id,
                           struct waitlist_entry **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_WAITLIST_EVENT);

    sqlite3_bind_int64(st, 1, event_id);
    return list_entries(s, a, st, 500, out, count);
}

static enum bo_err
sqlite_waitlist_list_user(struct store *base, struct arena *a, int64_t user_id,
                          struct waitlist_entry **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_WAITLIST_USER);

    sqlite3_bind_int64(st, 1, user_id);
    return list_entries(s, a, st, 100, out, count);
}

static enum bo_err
sqlite_waitlist_heads(struct store *base, struct arena *a, int64_t now, int limit,
                      struct waitlist_entry **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_WAITLIST_HEADS);

    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int(st, 2, limit);
    return list_entries(s, a, st, (size_t)limit, out, count);
}

/* An UPDATE that must touch one row, else CONFLICT (the state moved on). */
static enum bo_err
exec_changed(struct sqlite_store *s, sqlite3_stmt *st)
{
    enum bo_err err = sq_exec(s, st);

    return err == BO_OK && sqlite3_changes(s->db) == 0 ? BO_ERR_CONFLICT : err;
}

static enum bo_err
sqlite_waitlist_offer(struct store *base, int64_t id, int64_t booking_id, int64_t now,
                      int64_t expires_at)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_WAITLIST_OFFER);

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, booking_id);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, expires_at);
    return exec_changed(s, st);
}

static enum bo_err
sqlite_waitlist_set_state(struct store *base, int64_t id, int from, int to)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_WAITLIST_SET_STATE);

    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, waitlist_state_name((enum waitlist_state)from));
    sq_bind_text(st, 3, waitlist_state_name((enum waitlist_state)to));
    return exec_changed(s, st);
}

static enum bo_err
sqlite_waitlist_settle(struct store *base, int64_t booking_id, int to)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_WAITLIST_SETTLE);

    sqlite3_bind_int64(st, 1, booking_id);
    sq_bind_text(st, 2, waitlist_state_name((enum waitlist_state)to));
    return sq_exec(s, st);
}

static enum bo_err
sqlite_favorite_add(struct store *base, int64_t user_id, int64_t event_id, int64_t now)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_FAVORITE_ADD);

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, event_id);
    sqlite3_bind_int64(st, 3, now);
    return sq_exec(s, st);
}

static enum bo_err
sqlite_favorite_remove(struct store *base, int64_t user_id, int64_t event_id)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_FAVORITE_REMOVE);

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, event_id);
    return sq_exec(s, st);
}

static enum bo_err
sqlite_favorite_list(struct store *base, struct arena *a, int64_t user_id, struct event **out,
                     size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_FAVORITE_LIST);

    sqlite3_bind_int64(st, 1, user_id);
    return sq_list_events(s, a, st, 200, out, count);
}

const struct store_booking_ops sqlite_booking_ops = {
    .event_create = sqlite_event_create,
    .event_get = sqlite_event_get,
    .event_get_head = sqlite_event_get_head,
    .event_get_by_slug = sqlite_event_get_by_slug,
    .event_update = sqlite_event_update,
    .event_list = sqlite_event_list,
    .event_refresh_popularity = sqlite_event_refresh_popularity,
    .event_take_seats = sqlite_event_take_seats,
    .event_release_seats = sqlite_event_release_seats,
    .event_seats_held = sqlite_event_seats_held,
    .booking_create = sqlite_booking_create,
    .booking_place = sqlite_booking_place,
    .booking_get = sqlite_booking_get,
    .booking_set_state = sqlite_booking_set_state,
    .booking_list_user = sqlite_booking_list_user,
    .booking_list_event = sqlite_booking_list_event,
    .booking_shift_start = sqlite_booking_shift_start,
    .booking_expired_holds = sqlite_booking_expired_holds,
    .booking_log_add = sqlite_booking_log_add,
    .booking_log_list = sqlite_booking_log_list,
    .waitlist_add = sqlite_waitlist_add,
    .waitlist_get = sqlite_waitlist_get,
    .waitlist_list_event = sqlite_waitlist_list_event,
    .waitlist_list_user = sqlite_waitlist_list_user,
    .waitlist_heads = sqlite_waitlist_heads,
    .waitlist_offer = sqlite_waitlist_offer,
    .waitlist_set_state = sqlite_waitlist_set_state,
    .waitlist_settle = sqlite_waitlist_settle,
    .favorite_add = sqlite_favorite_add,
    .favorite_remove = sqlite_favorite_remove,
    .favorite_list = sqlite_favorite_list,
    .idem_get = sqlite_idem_get,
    .idem_put = sqlite_idem_put,
    .idem_purge = sqlite_idem_purge,
    .outbox_add = sqlite_outbox_add,
    .outbox_add_event_audience = sqlite_outbox_add_event_audience,
    .outbox_count = sqlite_outbox_count,
};
