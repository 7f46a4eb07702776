/* SPDX-License-Identifier: MIT */
/*
 * bookings.c - events, bookings, the booking log and the outbox on
 * PostgreSQL.
 *
 * Seats move only through conditional updates ("available >= n") that
 * lock the event row for the rest of the transaction, or through the batch
 * call (booking_place_batch, migration 011), which counts them under the
 * events' row locks; a CHECK backs both up, so no interleaving of writers,
 * in one process or many, can oversell. A single booking's row is locked
 * before its event row (insert or update the booking first); a batch locks
 * all its events first, in id order, so two batches never wait on each
 * other in a cycle.
 */
#include "store/pg/pg_int.h"

#include <stdint.h>

#include <string.h>

#include "core/booking.h"
#include "core/event.h"
#include "lib/arena.h"

/* Which rule a unique or check violation broke, by its constraint name. */
static const char *
conflict_field(const struct pg_store *s, const char *dflt)
{
    static const struct {
        const char *constraint;
        const char *field;
    } map[] = {
        {"events_slug_key", "slug"},
        {"events_author_start", "starts_at"},
        {"events_available_check", "capacity"},
        {"bookings_one_active", "event_id"},
        {"bookings_same_time", "starts_at"},
    };

    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (strcmp(s->err_constraint, map[i].constraint) == 0) {
            return map[i].field;
        }
    }
    return dflt;
}

/* One row with one integer: NOT_FOUND when there is no row. */
static enum bo_err
query_one_int(struct pg_store *s, enum stmt id, const struct pg_params *p, int64_t *out)
{
    PGresult *r = NULL;
    enum bo_err err = pg_query(s, id, p, &r);

    if (err == BO_OK && PQntuples(r) == 0) {
        err = BO_ERR_NOT_FOUND;
    }
    if (err == BO_OK) {
        *out = pg_int(r, 0, 0);
    }
    PQclear(r);
    return err;
}

static enum bo_err
ref_id(struct pg_store *s, enum stmt id, const char *name, int64_t *out)
{
    struct pg_params p = {0};

    *out = 0;
    if (name == NULL || name[0] == '\0') {
        return BO_OK;
    }
    pg_param_text(&p, name);
    return query_one_int(s, id, &p, out);
}

static enum bo_err
write_sessions(struct pg_store *s, int64_t event_id, const struct event *e)
{
    struct pg_params p = {0};

    pg_param_int(&p, event_id);
    enum bo_err err = pg_exec(s, ST_SESSION_ROWS_DELETE, &p, NULL);
    for (int i = 0; err == BO_OK && i < e->session_count; i++) {
        struct pg_params q = {0};
        pg_param_int(&q, event_id);
        pg_param_int(&q, e->sessions[i].starts_at);
        pg_param_int(&q, e->sessions[i].ends_at);
        err = pg_exec(s, ST_SESSION_ROW_INSERT, &q, NULL);
    }
    return err;
}

/* kind .. capacity: the parameters insert and update share, in order. */
static void
param_descriptive(struct pg_params *p, const struct event *e, int64_t city, int64_t genre)
{
    pg_param_text(p, event_kind_name(e->kind));
    pg_param_text(p, e->title);
    pg_param_text(p, e->slug);
    pg_param_text(p, e->description);
    pg_param_text(p, e->timezone);
    pg_param_text(p, e->location);
    pg_param_time(p, city);
    pg_param_time(p, genre);
    pg_param_text(p, e->language);
    pg_param_text(p, event_format_name(e->format));
    pg_param_int(p, e->price_minor);
    pg_param_int(p, e->sale_price_minor);
    pg_param_int(p, e->recording_price_minor);
    pg_param_text(p, e->currency);
    pg_param_int(p, e->capacity);
}

static enum bo_err
refs(struct pg_store *s, const struct event *e, int64_t *city, int64_t *genre)
{
    enum bo_err err = ref_id(s, ST_CITY_UPSERT, e->city, city);

    return err ? err : ref_id(s, ST_GENRE_UPSERT, e->genre, genre);
}

static enum bo_err
pg_event_create(struct store *base, const struct event *e, int64_t *id_out, const char **conflict)
{
    struct pg_store *s = pg(base);
    struct pg_params p = {0};
    int64_t city = 0, genre = 0;
    enum bo_err err = refs(s, e, &city, &genre);

    if (err) {
        return err;
    }
    pg_param_time(&p, e->organizer_id);
    pg_param_int(&p, e->author_id);
    param_descriptive(&p, e, city, genre);
    pg_param_int(&p, e->max_per_booking);
    pg_param_text(&p, e->rules);
    pg_param_text(&p, e->image_url);
    pg_param_text(&p, e->external_url);
    pg_param_text(&p, e->source);
    pg_param_bool(&p, e->is_imported);
    pg_param_text(&p, visibility_name(e->visibility));
    pg_param_text(&p, approval_name(e->approval));
    pg_param_text(&p, event_status_name(e->status));
    pg_param_bool(&p, e->hidden);
    pg_param_bool(&p, e->registration_closed);
    pg_param_text(&p, e->movie_title);
    pg_param_int(&p, e->movie_duration_min);
    pg_param_int(&p, e->starts_at);
    pg_param_int(&p, e->ends_at);
    pg_param_int(&p, e->created_at);
    err = query_one_int(s, ST_EVENT_INSERT, &p, id_out);
    if (err == BO_ERR_CONFLICT) {
        *conflict = conflict_field(s, "slug");
    }
    return err ? err : write_sessions(s, *id_out, e);
}

/* The columns of EVENT_COLS in pg.c, in order. */
static void
read_event(struct arena *a, const PGresult *r, int row, struct event *e)
{
    memset(e, 0, sizeof(*e));
    e->id = pg_int(r, row, 0);
    e->organizer_id = pg_int(r, row, 1);
    e->author_id = pg_int(r, row, 2);
    e->kind = event_kind_parse(PQgetvalue(r, row, 3));
    e->title = pg_text(a, r, row, 4);
    e->slug = pg_text(a, r, row, 5);
    e->description = pg_text(a, r, row, 6);
    e->timezone = pg_text(a, r, row, 7);
    e->location = pg_text(a, r, row, 8);
    e->city_id = pg_int(r, row, 9);
    e->city = pg_text(a, r, row, 10);
    e->genre_id = pg_int(r, row, 11);
    e->genre = pg_text(a, r, row, 12);
    e->language = pg_text(a, r, row, 13);
    e->format = event_format_parse(PQgetvalue(r, row, 14));
    e->price_minor = pg_int(r, row, 15);
    e->sale_price_minor = pg_int(r, row, 16);
    e->recording_price_minor = pg_int(r, row, 17);
    e->currency = pg_text(a, r, row, 18);
    e->capacity = (int)pg_int(r, row, 19);
    e->available = (int)pg_int(r, row, 20);
    e->max_per_booking = (int)pg_int(r, row, 21);
    e->rules = pg_text(a, r, row, 22);
    e->image_url = pg_text(a, r, row, 23);
    e->external_url = pg_text(a, r, row, 24);
    e->source = pg_text(a, r, row, 25);
    e->is_imported = pg_bool(r, row, 26);
    e->visibility = visibility_parse(PQgetvalue(r, row, 27));
    e->approval = approval_parse(PQgetvalue(r, row, 28));
    e->status = event_status_parse(PQgetvalue(r, row, 29));
    e->hidden = pg_bool(r, row, 30);
    e->registration_closed = pg_bool(r, row, 31);
    e->movie_title = pg_text(a, r, row, 32);
    e->movie_duration_min = (int)pg_int(r, row, 33);
    e->starts_at = pg_int(r, row, 34);
    e->ends_at = pg_int(r, row, 35);
    e->created_at = pg_int(r, row, 36);
    e->updated_at = pg_int(r, row, 37);
    e->version = (int)pg_int(r, row, 38);
    e->popularity = (int)pg_int(r, row, 39);
}

static enum bo_err
read_sessions(struct pg_store *s, struct arena *a, struct event *e)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_int(&p, e->id);
    enum bo_err err = pg_query(s, ST_SESSION_ROWS_GET, &p, &r);
    if (err) {
        return err;
    }
    int n = PQntuples(r) < EVENT_MAX_SESSIONS ? PQntuples(r) : EVENT_MAX_SESSIONS;
    e->sessions = arena_alloc(a, sizeof(*e->sessions) * (size_t)(n ? n : 1));
    e->session_count = n;
    for (int i = 0; i < n; i++) {
        e->sessions[i] = (struct event_session){
            .id = pg_int(r, i, 0), .starts_at = pg_int(r, i, 1), .ends_at = pg_int(r, i, 2)};
    }
    PQclear(r);
    return BO_OK;
}

static enum bo_err
get_event(struct pg_store *s, struct arena *a, enum stmt id, const struct pg_params *p,
          struct event *out)
{
    PGresult *r = NULL;
    enum bo_err err = pg_query(s, id, p, &r);

    if (err == BO_OK && PQntuples(r) == 0) {
        err = BO_ERR_NOT_FOUND;
    }
    if (err == BO_OK) {
        read_event(a, r, 0, out);
    }
    PQclear(r);
    return err ? err : read_sessions(s, a, out);
}

static enum bo_err
pg_event_get(struct store *base, struct arena *a, int64_t id, struct event *out)
{
    struct pg_params p = {0};

    pg_param_int(&p, id);
    return get_event(pg(base), a, ST_EVENT_GET, &p, out);
}

static enum bo_err
pg_event_get_head(struct store *base, struct arena *a, int64_t id, struct event *out)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_int(&p, id);
    enum bo_err err = pg_query(pg(base), ST_EVENT_GET, &p, &r);
    if (err == BO_OK && PQntuples(r) == 0) {
        err = BO_ERR_NOT_FOUND;
    }
    if (err == BO_OK) {
        read_event(a, r, 0, out);
    }
    PQclear(r);
    return err;
}

static enum bo_err
pg_event_get_heads(struct store *base, struct arena *a, const int64_t *ids, size_t n,
                   struct event *out)
{
    struct pg_array list = {0};
    struct pg_params p = {0};
    struct event *rows = NULL;
    size_t count = 0;

    for (size_t i = 0; i < n; i++) {
        pg_array_int(&list, ids[i]);
    }
    pg_param_text(&p, pg_array_end(&list));
    enum bo_err err = pg_list_events(pg(base), a, ST_EVENT_GET_MANY, &p, &rows, &count);
    pg_array_free(&list);
    /* n and count are a batch (hundreds at most): a plain search is fine. */
    for (size_t i = 0; err == BO_OK && i < n; i++) {
        out[i] = (struct event){0};
        for (size_t k = 0; k < count && out[i].id == 0; k++) {
            if (rows[k].id == ids[i]) {
                out[i] = rows[k];
            }
        }
    }
    return err;
}

static enum bo_err
pg_event_get_by_slug(struct store *base, struct arena *a, const char *slug, struct event *out)
{
    struct pg_params p = {0};

    pg_param_text(&p, slug);
    return get_event(pg(base), a, ST_EVENT_GET_SLUG, &p, out);
}

static enum bo_err
pg_event_update(struct store *base, const struct event *e, const char **conflict)
{
    struct pg_store *s = pg(base);
    struct pg_params p = {0};
    int64_t city = 0, genre = 0, changed = 0;
    enum bo_err err = refs(s, e, &city, &genre);

    if (err) {
        return err;
    }
    pg_param_int(&p, e->id);
    pg_param_int(&p, e->version);
    param_descriptive(&p, e, city, genre);
    pg_param_int(&p, e->max_per_booking);
    pg_param_text(&p, e->rules);
    pg_param_text(&p, e->image_url);
    pg_param_text(&p, e->external_url);
    pg_param_text(&p, visibility_name(e->visibility));
    pg_param_text(&p, approval_name(e->approval));
    pg_param_text(&p, event_status_name(e->status));
    pg_param_bool(&p, e->hidden);
    pg_param_bool(&p, e->registration_closed);
    pg_param_text(&p, e->movie_title);
    pg_param_int(&p, e->movie_duration_min);
    pg_param_int(&p, e->starts_at);
    pg_param_int(&p, e->ends_at);
    pg_param_int(&p, e->updated_at);
    err = pg_exec(s, ST_EVENT_UPDATE, &p, &changed);
    if (err == BO_ERR_CONFLICT || err == BO_ERR_INVALID) {
        *conflict = conflict_field(s, "slug");
        return BO_ERR_CONFLICT;
    }
    if (err == BO_OK && changed == 0) {
        return BO_ERR_CONFLICT; /* changed by someone else since it was read */
    }
    return err ? err : write_sessions(s, e->id, e);
}

enum bo_err
pg_list_events(struct pg_store *s, struct arena *a, enum stmt id, const struct pg_params *p,
               struct event **out, size_t *count)
{
    PGresult *r = NULL;
    enum bo_err err = pg_query(s, id, p, &r);

    if (err) {
        return err;
    }
    size_t n = (size_t)PQntuples(r);
    struct event *list = arena_alloc(a, sizeof(*list) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        read_event(a, r, (int)i, &list[i]);
    }
    PQclear(r);
    *out = list;
    *count = n;
    return BO_OK;
}

/* tsquery syntax: every term as a prefix, all required: dune:* & night:* */
static const char *
tsquery(struct arena *a, const struct event_query *q)
{
    char *out = NULL;

    for (size_t i = 0; i < q->term_count; i++) {
        out = arena_printf(a, "%s%s%s:*", out ? out : "", out ? " & " : "", q->terms[i]);
    }
    return out;
}

static enum bo_err
pg_event_list(struct store *base, struct arena *a, const struct event_query *q, struct event **out,
              size_t *count)
{
    struct pg_store *s = pg(base);
    struct pg_params p = {0};

    pg_param_int(&p, q->after_key);
    pg_param_int(&p, q->after_id);
    pg_param_int(&p, q->from != 0 ? q->from : INT64_MIN);
    pg_param_int(&p, q->to != 0 ? q->to : INT64_MAX);
    pg_param_text(&p, q->city);
    pg_param_text(&p, q->genre);
    pg_param_text(&p, q->kind ? event_kind_name((enum event_kind)q->kind) : NULL);
    pg_param_int(&p, q->limit);
    pg_param_text(&p, q->format ? event_format_name((enum event_format)q->format) : NULL);
    pg_param_int(&p, q->price_min > 0 ? q->price_min : 0);
    pg_param_int(&p, q->price_max >= 0 ? q->price_max : INT64_MAX);
    pg_param_text(&p, tsquery(a, q));
    pg_param_int(&p, q->organizer_id);
    static const enum stmt by_sort[] = {[SORT_DATE] = ST_EVENT_LIST,
                                        [SORT_PRICE] = ST_EVENT_LIST_PRICE,
                                        [SORT_POPULARITY] = ST_EVENT_LIST_POPULAR};
    return pg_list_events(s, a, by_sort[q->sort], &p, out, count);
}

static enum bo_err
seats_update(struct pg_store *s, enum stmt id, int64_t event_id, int seats, enum bo_err missing)
{
    struct pg_params p = {0};
    int64_t changed = 0;

    pg_param_int(&p, event_id);
    pg_param_int(&p, seats);
    enum bo_err err = pg_exec(s, id, &p, &changed);
    return err == BO_OK && changed == 0 ? missing : err;
}

/*
 * In chunks of POPULARITY_CHUNK rows, each its own short transaction: one
 * statement over 10,000 changed events rewrote them all (every index) in
 * 230-300 ms, and every booking of those events waited behind its locks.
 */
#define POPULARITY_CHUNK 256

static enum bo_err
pg_event_refresh_popularity(struct store *base, int *changed)
{
    int64_t after = 0, n = POPULARITY_CHUNK;
    enum bo_err err = BO_OK;

    *changed = 0;
    while (err == BO_OK && n == POPULARITY_CHUNK) {
        struct pg_params p = {0};
        PGresult *r = NULL;

        pg_param_int(&p, after);
        pg_param_int(&p, POPULARITY_CHUNK);
        err = pg_query(pg(base), ST_EVENT_POPULARITY, &p, &r);
        if (err == BO_OK) {
            after = pg_int(r, 0, 0);
            n = pg_int(r, 0, 1);
            *changed += (int)n;
        }
        PQclear(r);
    }
    return err;
}

static enum bo_err
pg_event_take_seats(struct store *base, int64_t event_id, int seats)
{
    return seats_update(pg(base), ST_EVENT_TAKE, event_id, seats, BO_ERR_SOLD_OUT);
}

static enum bo_err
pg_event_release_seats(struct store *base, int64_t event_id, int seats)
{
    return seats_update(pg(base), ST_EVENT_RELEASE, event_id, seats, BO_ERR_INTERNAL);
}

static enum bo_err
pg_event_seats_held(struct store *base, int64_t event_id, int *out)
{
    struct pg_params p = {0};
    int64_t v = 0;

    pg_param_int(&p, event_id);
    enum bo_err err = query_one_int(pg(base), ST_EVENT_SEATS_HELD, &p, &v);
    *out = (int)v;
    return err;
}

static enum bo_err
pg_booking_create(struct store *base, const struct booking *b, int64_t *id_out,
                  const char **conflict)
{
    struct pg_store *s = pg(base);
    struct pg_params p = {0};

    pg_param_int(&p, b->event_id);
    pg_param_int(&p, b->user_id);
    pg_param_text(&p, booking_state_name(b->state));
    pg_param_int(&p, b->seats);
    pg_param_int(&p, b->amount_minor);
    pg_param_text(&p, b->currency);
    pg_param_int(&p, b->starts_at);
    pg_param_time(&p, b->expires_at);
    pg_param_int(&p, b->created_at);
    pg_param_int(&p, b->created_by);
    enum bo_err err = query_one_int(s, ST_BOOKING_INSERT, &p, id_out);
    if (err == BO_ERR_CONFLICT) {
        *conflict = conflict_field(s, "event_id");
    }
    return err;
}

/* The parameters of ST_BOOKING_PLACE. */
static void
place_params(struct pg_params *p, const struct booking *b, bool take_seats, int event_version)
{
    pg_param_int(p, b->event_id);
    pg_param_int(p, b->user_id);
    pg_param_text(p, booking_state_name(b->state));
    pg_param_int(p, b->seats);
    pg_param_int(p, b->amount_minor);
    pg_param_text(p, b->currency);
    pg_param_int(p, b->starts_at);
    pg_param_time(p, b->expires_at);
    pg_param_int(p, b->created_at);
    pg_param_int(p, b->created_by);
    pg_param_bool(p, take_seats);
    pg_param_int(p, event_version);
}

/* The row of ST_BOOKING_PLACE -> the outcome of store_booking_place. */
static void
read_place(const PGresult *r, struct booking_place *out)
{
    int version = out->event_version;
    bool found = PQntuples(r) == 1 && !PQgetisnull(r, 0, 4);

    out->err = BO_OK;
    out->id = PQntuples(r) == 1 ? pg_int(r, 0, 0) : 0;
    if (PQntuples(r) == 1 && pg_bool(r, 0, 1)) {
        out->err = BO_ERR_CONFLICT;
        out->conflict_field = "event_id";
    } else if (PQntuples(r) == 1 && pg_bool(r, 0, 2)) {
        out->err = BO_ERR_CONFLICT;
        out->conflict_field = "starts_at";
    } else if (out->id != 0) {
        return;
    } else if (version != 0 && (!found || pg_int(r, 0, 4) != version)) {
        out->err = BO_ERR_CONFLICT;
        out->conflict_field = "version";
    } else if (out->take_seats && found && pg_int(r, 0, 3) < out->b->seats) {
        out->err = BO_ERR_SOLD_OUT;
    } else if (version != 0) {
        out->err = BO_ERR_CONFLICT; /* changed by another process after the snapshot */
        out->conflict_field = "version";
    } else {
        out->err = out->take_seats ? BO_ERR_SOLD_OUT : BO_ERR_NOT_FOUND;
    }
}

static enum bo_err
pg_booking_place(struct store *base, const struct booking *b, bool take_seats, int event_version,
                 int64_t *id_out, const char **conflict)
{
    struct pg_store *s = pg(base);
    struct booking_place one = {.b = b, .take_seats = take_seats, .event_version = event_version};
    struct pg_params p = {0};
    PGresult *r = NULL;

    place_params(&p, b, take_seats, event_version);
    enum bo_err err = pg_query(s, ST_BOOKING_PLACE, &p, &r);
    if (err == BO_ERR_CONFLICT) {
        *conflict = conflict_field(s, "event_id");
        return err;
    }
    if (err) {
        return err;
    }
    read_place(r, &one);
    PQclear(r);
    *id_out = one.id;
    *conflict = one.conflict_field;
    return one.err;
}

/* The columns of booking_place_batch (migration 011), one array each, in its parameter order. */
#define PLACE_COLS 16

/*
 * The batch's previous booking (1-based; 0: none) with the same event and
 * user as all[i], and with the same user and start time. n is a batch (a
 * few hundred at most), so the plain search costs microseconds.
 */
static void
earlier_twins(const struct booking_place *all, size_t i, int64_t *dup, int64_t *same)
{
    const struct booking *b = all[i].b;

    *dup = *same = 0;
    for (size_t j = i; j-- > 0 && (*dup == 0 || *same == 0);) {
        const struct booking *o = all[j].b;
        if (*dup == 0 && o->user_id == b->user_id && o->event_id == b->event_id) {
            *dup = (int64_t)j + 1;
        }
        if (*same == 0 && o->user_id == b->user_id && o->starts_at == b->starts_at) {
            *same = (int64_t)j + 1;
        }
    }
}

static void
place_columns(const struct booking_place *all, size_t n, struct pg_array col[PLACE_COLS])
{
    for (size_t i = 0; i < n; i++) {
        const struct booking *b = all[i].b;
        int64_t dup = 0, same = 0;
        earlier_twins(all, i, &dup, &same);
        pg_array_int(&col[14], dup);
        pg_array_int(&col[15], same);
        pg_array_int(&col[0], b->event_id);
        pg_array_int(&col[1], b->user_id);
        pg_array_text(&col[2], booking_state_name(b->state));
        pg_array_int(&col[3], b->seats);
        pg_array_int(&col[4], b->amount_minor);
        pg_array_text(&col[5], b->currency);
        pg_array_int(&col[6], b->starts_at);
        pg_array_time(&col[7], b->expires_at);
        pg_array_int(&col[8], b->created_at);
        pg_array_int(&col[9], b->created_by);
        pg_array_bool(&col[10], all[i].take_seats);
        pg_array_int(&col[11], all[i].event_version);
        pg_array_text(&col[12], all[i].what);
        pg_array_int(&col[13], all[i].host_id);
    }
}

/* A refusal of booking_place_batch -> the outcome store_booking_place would give. */
static void
read_refusal(const char *why, struct booking_place *out)
{
    static const struct {
        const char *why;
        enum bo_err err;
        const char *field;
    } map[] = {
        {"event_id", BO_ERR_CONFLICT, "event_id"}, {"starts_at", BO_ERR_CONFLICT, "starts_at"},
        {"version", BO_ERR_CONFLICT, "version"},   {"sold_out", BO_ERR_SOLD_OUT, NULL},
        {"not_found", BO_ERR_NOT_FOUND, NULL},
    };

    out->err = BO_ERR_INTERNAL;
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (strcmp(why, map[i].why) == 0) {
            out->err = map[i].err;
            out->conflict_field = map[i].field;
        }
    }
}

/* One row per booking, in order: (ord, id or NULL, refusal or NULL). */
static enum bo_err
read_placed(const PGresult *r, struct booking_place *all, size_t n)
{
    if ((size_t)PQntuples(r) != n) {
        return BO_ERR_INTERNAL;
    }
    for (int row = 0; row < (int)n; row++) {
        struct booking_place *p = &all[row];
        if (pg_int(r, row, 0) != row + 1) {
            return BO_ERR_INTERNAL;
        }
        p->id = pg_int(r, row, 1);
        p->noted = p->id != 0 && p->what != NULL;
        if (p->id == 0) {
            read_refusal(PQgetvalue(r, row, 2), p);
        }
    }
    return BO_OK;
}

/*
 * One call for the whole batch, in a savepoint of its own: if the call
 * fails (a lock wait timed out, the connection...), each booking carries
 * that failure and the batch transaction goes on without them.
 */
static enum bo_err
place_call(struct pg_store *s, const struct pg_params *p, struct booking_place *all, size_t n)
{
    pg_enqueue(s, "SAVEPOINT use_case", 0, NULL, false);
    pg_enqueue(s, NULL, ST_BOOKING_PLACE_BATCH, p, true);
    pg_enqueue(s, "RELEASE use_case", 0, NULL, false);
    const int call = s->queued - 2;
    enum bo_err err = pg_flush(s);
    const struct pg_queued *q = &s->queue[call];
    enum bo_err failed = err ? err : q->err ? q->err : q->result == NULL ? BO_ERR_INTERNAL : BO_OK;

    if (failed == BO_OK) {
        failed = read_placed(q->result, all, n);
    }
    const bool call_failed = q->err != BO_OK;
    for (size_t i = 0; failed != BO_OK && i < n; i++) {
        all[i].err = failed;
        all[i].id = 0;
        all[i].noted = false;
    }
    pg_unqueue(s, 0);
    if (err == BO_OK && call_failed) {
        pg_recover(s); /* goes out first in the next round trip */
    }
    return err;
}

static enum bo_err
pg_booking_place_all(struct store *base, struct booking_place *all, size_t n)
{
    struct pg_store *s = pg(base);
    struct pg_array col[PLACE_COLS] = {0};
    struct pg_params p = {0};
    enum bo_err err = pg_ready(s, ST_BOOKING_PLACE_BATCH);

    place_columns(all, n, col);
    for (int i = 0; i < PLACE_COLS; i++) {
        pg_param_text(&p, pg_array_end(&col[i]));
    }
    if (err == BO_OK) {
        err = place_call(s, &p, all, n);
    }
    for (size_t i = 0; err != BO_OK && i < n; i++) {
        all[i].err = err;
    }
    for (int i = 0; i < PLACE_COLS; i++) {
        pg_array_free(&col[i]);
    }
    return err;
}

static void
read_booking(struct arena *a, const PGresult *r, int row, struct booking *b)
{
    *b = (struct booking){0}; /* the read-only decorations too */
    b->id = pg_int(r, row, 0);
    b->event_id = pg_int(r, row, 1);
    b->user_id = pg_int(r, row, 2);
    b->state = booking_state_parse(PQgetvalue(r, row, 3));
    b->seats = (int)pg_int(r, row, 4);
    b->amount_minor = pg_int(r, row, 5);
    b->currency = pg_text(a, r, row, 6);
    b->starts_at = pg_int(r, row, 7);
    b->expires_at = pg_int(r, row, 8);
    b->created_at = pg_int(r, row, 9);
    b->updated_at = pg_int(r, row, 10);
    b->created_by = pg_int(r, row, 11);
}

static enum bo_err
list_bookings(struct pg_store *s, struct arena *a, enum stmt id, const struct pg_params *p,
              struct booking **out, size_t *count)
{
    PGresult *r = NULL;
    enum bo_err err = pg_query(s, id, p, &r);

    if (err) {
        return err;
    }
    size_t n = (size_t)PQntuples(r);
    struct booking *list = arena_alloc(a, sizeof(*list) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        read_booking(a, r, (int)i, &list[i]);
    }
    PQclear(r);
    *out = list;
    *count = n;
    return BO_OK;
}

static enum bo_err
pg_booking_get(struct store *base, struct arena *a, int64_t id, struct booking *out)
{
    struct pg_params p = {0};
    struct booking *list = NULL;
    size_t n = 0;

    pg_param_int(&p, id);
    enum bo_err err = list_bookings(pg(base), a, ST_BOOKING_GET, &p, &list, &n);
    if (err == BO_OK && n == 0) {
        return BO_ERR_NOT_FOUND;
    }
    if (err == BO_OK) {
        *out = list[0];
    }
    return err;
}

static enum bo_err
pg_booking_set_state(struct store *base, int64_t id, int from, int to, int64_t expires_at,
                     int64_t now)
{
    struct pg_params p = {0};
    int64_t changed = 0;

    pg_param_int(&p, id);
    pg_param_text(&p, booking_state_name((enum booking_state)from));
    pg_param_text(&p, booking_state_name((enum booking_state)to));
    pg_param_time(&p, expires_at);
    pg_param_int(&p, now);
    enum bo_err err = pg_exec(pg(base), ST_BOOKING_SET_STATE, &p, &changed);
    return err == BO_OK && changed == 0 ? BO_ERR_CONFLICT : err;
}

static enum bo_err
pg_booking_list_user(struct store *base, struct arena *a, int64_t user_id, int64_t before,
                     int limit, struct booking **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    pg_param_int(&p, before);
    pg_param_int(&p, limit);
    return list_bookings(pg(base), a, ST_BOOKING_LIST_USER, &p, out, count);
}

static enum bo_err
pg_booking_list_event(struct store *base, struct arena *a, int64_t event_id, int64_t before,
                      int limit, struct booking **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, event_id);
    pg_param_int(&p, before);
    pg_param_int(&p, limit);
    return list_bookings(pg(base), a, ST_BOOKING_LIST_EVENT, &p, out, count);
}

static enum bo_err
pg_booking_shift_start(struct store *base, int64_t event_id, int64_t starts_at)
{
    struct pg_params p = {0};

    pg_param_int(&p, event_id);
    pg_param_int(&p, starts_at);
    return pg_exec(pg(base), ST_BOOKING_SHIFT, &p, NULL);
}

static enum bo_err
pg_booking_expired_holds(struct store *base, struct arena *a, int64_t now, int limit,
                         struct booking **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, now);
    pg_param_int(&p, limit);
    return list_bookings(pg(base), a, ST_BOOKING_EXPIRED, &p, out, count);
}

static enum bo_err
pg_booking_log_add(struct store *base, const struct booking_log *l)
{
    struct pg_params p = {0};

    pg_param_int(&p, l->booking_id);
    pg_param_text(&p, l->action);
    pg_param_text(&p, l->old_value);
    pg_param_text(&p, l->new_value);
    pg_param_time(&p, l->actor_user_id);
    pg_param_int(&p, l->created_at);
    return pg_defer(pg(base), ST_BOOKING_LOG_INSERT, &p);
}

static enum bo_err
pg_booking_log_list(struct store *base, struct arena *a, int64_t booking_id,
                    struct booking_log **out, size_t *count)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_int(&p, booking_id);
    enum bo_err err = pg_query(pg(base), ST_BOOKING_LOG_LIST, &p, &r);
    if (err) {
        return err;
    }
    size_t n = (size_t)PQntuples(r);
    struct booking_log *list = arena_alloc(a, sizeof(*list) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        int row = (int)i;
        list[i] = (struct booking_log){.id = pg_int(r, row, 0),
                                       .booking_id = pg_int(r, row, 1),
                                       .action = pg_text(a, r, row, 2),
                                       .old_value = pg_text(a, r, row, 3),
                                       .new_value = pg_text(a, r, row, 4),
                                       .actor_user_id = pg_int(r, row, 5),
                                       .created_at = pg_int(r, row, 6)};
    }
    PQclear(r);
    *out = list;
    *count = n;
    return BO_OK;
}

static enum bo_err
pg_outbox_add(struct store *base, int64_t user_id, const char *category, const char *payload,
              int64_t now)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    pg_param_text(&p, category);
    pg_param_text(&p, payload);
    pg_param_int(&p, now);
    return pg_defer(pg(base), ST_OUTBOX_INSERT, &p);
}

enum bo_err
pg_outbox_fan_out(struct pg_store *s, enum stmt audience, int64_t event_id, const char *category,
                  const char *payload, int64_t now, int *count)
{
    struct pg_params p = {0};
    int64_t changed = 0;

    pg_param_int(&p, event_id);
    pg_param_text(&p, category);
    pg_param_text(&p, payload);
    pg_param_int(&p, now);
    enum bo_err err = pg_exec(s, audience, &p, &changed);
    *count = (int)changed;
    return err;
}

static enum bo_err
pg_outbox_add_event_audience(struct store *base, int64_t event_id, const char *category,
                             const char *payload, int64_t now, int *count)
{
    return pg_outbox_fan_out(pg(base), ST_OUTBOX_AUDIENCE, event_id, category, payload, now, count);
}

static enum bo_err
pg_outbox_count(struct store *base, int64_t user_id, const char *category, int *out)
{
    struct pg_params p = {0};
    int64_t v = 0;

    pg_param_int(&p, user_id);
    pg_param_text(&p, category);
    enum bo_err err = query_one_int(pg(base), ST_OUTBOX_COUNT, &p, &v);
    *out = (int)v;
    return err;
}

static enum bo_err
pg_idem_get(struct store *base, struct arena *a, int64_t user_id, const char *key,
            struct idempotent_answer *out)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_int(&p, user_id);
    pg_param_text(&p, key);
    enum bo_err err = pg_query(pg(base), ST_IDEM_GET, &p, &r);
    if (err == BO_OK && PQntuples(r) == 0) {
        err = BO_ERR_NOT_FOUND;
    }
    if (err == BO_OK) {
        *out = (struct idempotent_answer){.user_id = user_id,
                                          .key = key,
                                          .request_hash = pg_text(a, r, 0, 0),
                                          .status = (int)pg_int(r, 0, 1),
                                          .body = pg_text(a, r, 0, 2),
                                          .created_at = pg_int(r, 0, 3)};
    }
    PQclear(r);
    return err;
}

static enum bo_err
pg_idem_put(struct store *base, const struct idempotent_answer *ans)
{
    struct pg_params p = {0};

    pg_param_int(&p, ans->user_id);
    pg_param_text(&p, ans->key);
    pg_param_text(&p, ans->request_hash);
    pg_param_int(&p, ans->status);
    pg_param_text(&p, ans->body);
    pg_param_int(&p, ans->created_at);
    return pg_exec(pg(base), ST_IDEM_PUT, &p, NULL);
}

static enum bo_err
pg_idem_purge(struct store *base, int64_t before, int *count)
{
    struct pg_params p = {0};
    int64_t changed = 0;

    pg_param_int(&p, before);
    enum bo_err err = pg_exec(pg(base), ST_IDEM_PURGE, &p, &changed);
    *count = (int)changed;
    return err;
}

static enum bo_err
pg_waitlist_add(struct store *base, const struct waitlist_entry *w, int64_t *id_out)
{
    struct pg_params p = {0};

    pg_param_int(&p, w->event_id);
    pg_param_int(&p, w->user_id);
    pg_param_int(&p, w->seats);
    pg_param_int(&p, w->priority);
    pg_param_int(&p, w->joined_at);
    return query_one_int(pg(base), ST_WAITLIST_INSERT, &p, id_out);
}

static enum bo_err
list_entries(struct pg_store *s, struct arena *a, enum stmt id, const struct pg_params *p,
             struct waitlist_entry **out, size_t *count)
{
    PGresult *r = NULL;
    enum bo_err err = pg_query(s, id, p, &r);

    if (err) {
        return err;
    }
    size_t n = (size_t)PQntuples(r);
    struct waitlist_entry *list = arena_alloc(a, sizeof(*list) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        int row = (int)i;
        list[i] = (struct waitlist_entry){.id = pg_int(r, row, 0),
                                          .event_id = pg_int(r, row, 1),
                                          .user_id = pg_int(r, row, 2),
                                          .seats = (int)pg_int(r, row, 3),
                                          .priority = (int)pg_int(r, row, 4),
                                          .state = waitlist_state_parse(PQgetvalue(r, row, 5)),
                                          .joined_at = pg_int(r, row, 6),
                                          .offered_at = pg_int(r, row, 7),
                                          .offer_expires_at = pg_int(r, row, 8),
                                          .booking_id = pg_int(r, row, 9)};
    }
    PQclear(r);
    *out = list;
    *count = n;
    return BO_OK;
}

static enum bo_err
pg_waitlist_get(struct store *base, struct arena *a, int64_t id, struct waitlist_entry *out)
{
    struct pg_params p = {0};
    struct waitlist_entry *list = NULL;
    size_t n = 0;

    pg_param_int(&p, id);
    enum bo_err err = list_entries(pg(base), a, ST_WAITLIST_GET, &p, &list, &n);
    if (err == BO_OK && n == 0) {
        return BO_ERR_NOT_FOUND;
    }
    if (err == BO_OK) {
        *out = list[0];
    }
    return err;
}

static enum bo_err
pg_waitlist_list_event(struct store *base, struct arena *a, int64_t event_id,
                       struct waitlist_entry **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, event_id);
    return list_entries(pg(base), a, ST_WAITLIST_EVENT, &p, out, count);
}

static enum bo_err
pg_waitlist_list_user(struct store *base, struct arena *a, int64_t user_id,
                      struct waitlist_entry **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    return list_entries(pg(base), a, ST_WAITLIST_USER, &p, out, count);
}

static enum bo_err
pg_waitlist_heads(struct store *base, struct arena *a, int64_t now, int limit,
                  struct waitlist_entry **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, now);
    pg_param_int(&p, limit);
    return list_entries(pg(base), a, ST_WAITLIST_HEADS, &p, out, count);
}

static enum bo_err
changed_one(struct pg_store *s, enum stmt id, const struct pg_params *p)
{
    int64_t changed = 0;
    enum bo_err err = pg_exec(s, id, p, &changed);

    return err == BO_OK && changed == 0 ? BO_ERR_CONFLICT : err;
}

static enum bo_err
pg_waitlist_offer(struct store *base, int64_t id, int64_t booking_id, int64_t now,
                  int64_t expires_at)
{
    struct pg_params p = {0};

    pg_param_int(&p, id);
    pg_param_int(&p, booking_id);
    pg_param_int(&p, now);
    pg_param_int(&p, expires_at);
    return changed_one(pg(base), ST_WAITLIST_OFFER, &p);
}

static enum bo_err
pg_waitlist_set_state(struct store *base, int64_t id, int from, int to)
{
    struct pg_params p = {0};

    pg_param_int(&p, id);
    pg_param_text(&p, waitlist_state_name((enum waitlist_state)from));
    pg_param_text(&p, waitlist_state_name((enum waitlist_state)to));
    return changed_one(pg(base), ST_WAITLIST_SET_STATE, &p);
}

static enum bo_err
pg_waitlist_settle(struct store *base, int64_t booking_id, int to)
{
    struct pg_params p = {0};

    pg_param_int(&p, booking_id);
    pg_param_text(&p, waitlist_state_name((enum waitlist_state)to));
    return pg_exec(pg(base), ST_WAITLIST_SETTLE, &p, NULL);
}

static enum bo_err
pg_favorite_add(struct store *base, int64_t user_id, int64_t event_id, int64_t now)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    pg_param_int(&p, event_id);
    pg_param_int(&p, now);
    return pg_exec(pg(base), ST_FAVORITE_ADD, &p, NULL);
}

static enum bo_err
pg_favorite_remove(struct store *base, int64_t user_id, int64_t event_id)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    pg_param_int(&p, event_id);
    return pg_exec(pg(base), ST_FAVORITE_REMOVE, &p, NULL);
}

static enum bo_err
pg_favorite_list(struct store *base, struct arena *a, int64_t user_id, struct event **out,
                 size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    return pg_list_events(pg(base), a, ST_FAVORITE_LIST, &p, out, count);
}

const struct store_booking_ops pg_booking_ops = {
    .event_create = pg_event_create,
    .event_get = pg_event_get,
    .event_get_head = pg_event_get_head,
    .event_get_heads = pg_event_get_heads,
    .event_get_by_slug = pg_event_get_by_slug,
    .event_update = pg_event_update,
    .event_list = pg_event_list,
    .event_refresh_popularity = pg_event_refresh_popularity,
    .event_take_seats = pg_event_take_seats,
    .event_release_seats = pg_event_release_seats,
    .event_seats_held = pg_event_seats_held,
    .booking_create = pg_booking_create,
    .booking_place = pg_booking_place,
    .booking_place_all = pg_booking_place_all,
    .booking_get = pg_booking_get,
    .booking_set_state = pg_booking_set_state,
    .booking_list_user = pg_booking_list_user,
    .booking_list_event = pg_booking_list_event,
    .booking_shift_start = pg_booking_shift_start,
    .booking_expired_holds = pg_booking_expired_holds,
    .booking_log_add = pg_booking_log_add,
    .booking_log_list = pg_booking_log_list,
    .waitlist_add = pg_waitlist_add,
    .waitlist_get = pg_waitlist_get,
    .waitlist_list_event = pg_waitlist_list_event,
    .waitlist_list_user = pg_waitlist_list_user,
    .waitlist_heads = pg_waitlist_heads,
    .waitlist_offer = pg_waitlist_offer,
    .waitlist_set_state = pg_waitlist_set_state,
    .waitlist_settle = pg_waitlist_settle,
    .favorite_add = pg_favorite_add,
    .favorite_remove = pg_favorite_remove,
    .favorite_list = pg_favorite_list,
    .idem_get = pg_idem_get,
    .idem_put = pg_idem_put,
    .idem_purge = pg_idem_purge,
    .outbox_add = pg_outbox_add,
    .outbox_add_event_audience = pg_outbox_add_event_audience,
    .outbox_count = pg_outbox_count,
};
