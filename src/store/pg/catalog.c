/* SPDX-License-Identifier: MIT */
/*
 * catalog.c - PostgreSQL: seed 004's taxonomies of an event, speakers, and
 * the reference names in use (for the filters of a catalog page).
 */
#include "store/pg/pg_int.h"

#include <stdio.h>
#include <string.h>

#include "core/event.h"
#include "core/listing.h"
#include "lib/arena.h"

static enum bo_err
link_term(struct pg_store *s, int64_t event_id, const char *kind, const char *name, int position)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_text(&p, kind);
    pg_param_text(&p, name);
    enum bo_err err = pg_query(s, ST_TERM_UPSERT, &p, &r);
    if (err) {
        return err;
    }
    int64_t term = pg_int(r, 0, 0);
    PQclear(r);
    struct pg_params q = {0};
    pg_param_int(&q, event_id);
    pg_param_int(&q, term);
    pg_param_int(&q, position);
    return pg_exec(s, ST_EVENT_TERM_INSERT, &q, NULL);
}

static enum bo_err
pg_event_taxonomy_set(struct store *base, int64_t event_id, const struct event_taxonomy *t)
{
    struct pg_store *s = pg(base);
    const char *kinds[] = {"type", "level", "sector"};
    const char *names[] = {t->type, t->level, t->sector};
    struct pg_params p = {0};
    int position = 0;

    pg_param_int(&p, event_id);
    enum bo_err err = pg_exec(s, ST_EVENT_TERMS_DELETE, &p, NULL);
    if (err == BO_OK) {
        err = pg_exec(s, ST_EVENT_SPEAKERS_DELETE, &p, NULL);
    }
    for (size_t i = 0; err == BO_OK && i < 3; i++) {
        if (names[i] != NULL) {
            err = link_term(s, event_id, kinds[i], names[i], position++);
        }
    }
    for (int i = 0; err == BO_OK && i < t->direction_count; i++) {
        err = link_term(s, event_id, "direction", t->directions[i], position++);
    }
    for (int i = 0; err == BO_OK && i < t->speaker_count; i++) {
        struct pg_params q = {0};
        pg_param_int(&q, event_id);
        pg_param_int(&q, t->speaker_ids[i]);
        pg_param_int(&q, i);
        err = pg_exec(s, ST_EVENT_SPEAKER_INSERT, &q, NULL);
    }
    return err;
}

static void
read_speaker(struct arena *a, const PGresult *r, int row, struct speaker *sp)
{
    *sp = (struct speaker){
        .id = pg_int(r, row, 0),
        .slug = pg_text(a, r, row, 1),
        .full_name = pg_text(a, r, row, 2),
        .job_title = pg_text(a, r, row, 3),
        .email = pg_text(a, r, row, 4),
        .legal_entity = pg_text(a, r, row, 5),
        .quote = pg_text(a, r, row, 6),
        .position = (int)pg_int(r, row, 7),
        .created_by = pg_int(r, row, 8),
        .created_at = pg_int(r, row, 9),
    };
}

static enum bo_err
query_speakers(struct pg_store *s, struct arena *a, enum stmt id, const struct pg_params *p,
               struct speaker **out, size_t *count)
{
    PGresult *r = NULL;
    enum bo_err err = pg_query(s, id, p, &r);

    if (err) {
        return err;
    }
    size_t n = (size_t)PQntuples(r);
    struct speaker *list = arena_alloc(a, sizeof(*list) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        read_speaker(a, r, (int)i, &list[i]);
    }
    PQclear(r);
    *out = list;
    *count = n;
    return BO_OK;
}

static enum bo_err
pg_event_taxonomy_get(struct store *base, struct arena *a, int64_t event_id,
                      struct event_taxonomy *out)
{
    struct pg_store *s = pg(base);
    struct pg_params p = {0};
    PGresult *r = NULL;

    *out = (struct event_taxonomy){0};
    pg_param_int(&p, event_id);
    enum bo_err err = pg_query(s, ST_EVENT_TERMS_GET, &p, &r);
    if (err) {
        return err;
    }
    for (int i = 0; i < PQntuples(r); i++) {
        event_taxonomy_put(out, PQgetvalue(r, i, 0), pg_text(a, r, i, 1));
    }
    PQclear(r);
    size_t n = 0;
    err = query_speakers(s, a, ST_EVENT_SPEAKERS_GET, &p, &out->speakers, &n);
    out->speaker_count = n < EVENT_MAX_SPEAKERS ? (int)n : EVENT_MAX_SPEAKERS;
    for (int i = 0; i < out->speaker_count; i++) {
        out->speaker_ids[i] = out->speakers[i].id;
    }
    return err;
}

static enum bo_err
pg_speaker_create(struct store *base, const struct speaker *sp, int64_t *id_out)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_text(&p, sp->slug);
    pg_param_text(&p, sp->full_name);
    pg_param_text(&p, sp->job_title ? sp->job_title : "");
    pg_param_text(&p, sp->email);
    pg_param_text(&p, sp->legal_entity);
    pg_param_text(&p, sp->quote);
    pg_param_int(&p, sp->position);
    pg_param_time(&p, sp->created_by);
    pg_param_int(&p, sp->created_at);
    enum bo_err err = pg_query(pg(base), ST_SPEAKER_INSERT, &p, &r);
    if (err == BO_OK) {
        *id_out = pg_int(r, 0, 0);
        PQclear(r);
    }
    return err;
}

static enum bo_err
pg_speaker_get(struct store *base, struct arena *a, int64_t id, const char *slug,
               struct speaker *out)
{
    struct pg_params p = {0};
    struct speaker *list = NULL;
    size_t n = 0;

    if (id) {
        pg_param_int(&p, id);
    } else {
        pg_param_text(&p, slug);
    }
    enum bo_err err =
        query_speakers(pg(base), a, id ? ST_SPEAKER_GET : ST_SPEAKER_GET_SLUG, &p, &list, &n);
    if (err == BO_OK && n == 0) {
        return BO_ERR_NOT_FOUND;
    }
    if (err == BO_OK) {
        *out = list[0];
    }
    return err;
}

static enum bo_err
pg_speaker_list(struct store *base, struct arena *a, const char *prefix, int64_t after_id,
                int limit, struct speaker **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, after_id);
    pg_param_text(&p, prefix);
    pg_param_int(&p, limit);
    return query_speakers(pg(base), a, ST_SPEAKER_LIST, &p, out, count);
}

static enum bo_err
pg_term_list(struct store *base, struct arena *a, const char *kind, const char ***out,
             size_t *count)
{
    enum stmt id = strcmp(kind, "city") == 0    ? ST_CITIES_LIST
                   : strcmp(kind, "genre") == 0 ? ST_GENRES_LIST
                                                : ST_TERMS_LIST;
    struct pg_params p = {0};
    PGresult *r = NULL;

    if (id == ST_TERMS_LIST) {
        pg_param_text(&p, kind);
    }
    enum bo_err err = pg_query(pg(base), id, &p, &r);
    if (err) {
        return err;
    }
    size_t n = (size_t)PQntuples(r);
    const char **names = arena_alloc(a, sizeof(*names) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        names[i] = pg_text(a, r, (int)i, 0);
    }
    PQclear(r);
    *out = names;
    *count = n;
    return BO_OK;
}

static enum bo_err
pg_catalog_generation(struct store *base, int64_t *out)
{
    struct pg_params p = {0};
    PGresult *r = NULL;
    enum bo_err err = pg_query(pg(base), ST_CATALOG_GENERATION, &p, &r);

    if (err) {
        return err;
    }
    *out = PQntuples(r) == 1 ? pg_int(r, 0, 0) : 0;
    PQclear(r);
    return BO_OK;
}

static enum bo_err
pg_event_seats(struct store *base, struct arena *a, const int64_t *ids, size_t count,
               int *available, int64_t *generation)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    for (size_t i = 0; i < count; i++) {
        available[i] = -1;
    }
    pg_param_text(&p, store_id_list(a, ids, count, "{", "}"));
    enum bo_err err = pg_query(pg(base), ST_EVENT_SEATS, &p, &r);
    if (err) {
        return err;
    }
    for (int row = 0; row < PQntuples(r); row++) {
        *generation = pg_int(r, row, 0);
        if (!PQgetisnull(r, row, 1)) {
            store_put_seats(ids, count, pg_int(r, row, 1), (int)pg_int(r, row, 2), available);
        }
    }
    PQclear(r);
    return BO_OK;
}

static void
read_listing_row(const PGresult *r, int row, struct listing_row *out)
{
    *out = (struct listing_row){
        .id = pg_int(r, row, 0),
        .starts_at = pg_int(r, row, 1),
        .seat_price = pg_int(r, row, 2),
        .organizer_id = pg_int(r, row, 3),
        .city_id = pg_int(r, row, 4),
        .genre_id = pg_int(r, row, 5),
        .popularity = pg_int(r, row, 6),
        .kind = (int)event_kind_parse(PQgetvalue(r, row, 7)),
        .format = (int)event_format_parse(PQgetvalue(r, row, 8)),
    };
}

static enum bo_err
read_listing_rows(struct pg_store *s, struct arena *a, struct listing_source *out)
{
    struct pg_params p = {0};
    PGresult *r = NULL;
    enum bo_err err = pg_query(s, ST_CATALOG_ROWS, &p, &r);

    if (err) {
        return err;
    }
    size_t n = (size_t)PQntuples(r);
    struct listing_row *rows = arena_alloc(a, sizeof(*rows) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        read_listing_row(r, (int)i, &rows[i]);
    }
    PQclear(r);
    out->rows = rows;
    out->row_count = n;
    return BO_OK;
}

/* (id, name) rows of statement id. */
static enum bo_err
read_names(struct pg_store *s, struct arena *a, enum stmt id, const struct listing_name **out,
           size_t *count)
{
    struct pg_params p = {0};
    PGresult *r = NULL;
    enum bo_err err = pg_query(s, id, &p, &r);

    if (err) {
        return err;
    }
    size_t n = (size_t)PQntuples(r);
    struct listing_name *names = arena_alloc(a, sizeof(*names) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        names[i] = (struct listing_name){pg_int(r, (int)i, 0), pg_text(a, r, (int)i, 1)};
    }
    PQclear(r);
    *out = names;
    *count = n;
    return BO_OK;
}

/* One snapshot for every statement (REPEATABLE READ), read only. */
static enum bo_err
pg_catalog_snapshot(struct store *base, struct arena *a, struct listing_source *out)
{
    struct pg_store *s = pg(base);

    *out = (struct listing_source){0};
    enum bo_err err =
        pg_enqueue(s, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", 0, NULL, false);
    if (err == BO_OK) {
        err = pg_catalog_generation(base, &out->generation);
    }
    if (err == BO_OK) {
        err = read_names(s, a, ST_CATALOG_CITIES, &out->cities, &out->city_count);
    }
    if (err == BO_OK) {
        err = read_names(s, a, ST_CATALOG_GENRES, &out->genres, &out->genre_count);
    }
    if (err == BO_OK) {
        err = read_listing_rows(s, a, out);
    }
    if (err == BO_OK) {
        err = base->ops->commit(base);
    }
    if (err) {
        base->ops->rollback(base);
    }
    return err;
}

static enum bo_err
pg_catalog_term(struct store *base, struct arena *a, const char *term, int64_t **ids, size_t *count,
                int64_t *generation)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    *generation = 0;
    pg_param_text(&p, arena_printf(a, "%s:*", term)); /* tsquery: a prefix */
    enum bo_err err = pg_query(pg(base), ST_CATALOG_TERM, &p, &r);
    if (err) {
        return err;
    }
    int rows = PQntuples(r);
    int64_t *list = arena_alloc(a, sizeof(*list) * (size_t)(rows ? rows : 1));
    size_t n = 0;
    for (int row = 0; row < rows; row++) {
        if (!PQgetisnull(r, row, 0)) {
            *generation = pg_int(r, row, 0);
        } else {
            list[n++] = pg_int(r, row, 1);
        }
    }
    PQclear(r);
    *ids = list;
    *count = n;
    return BO_OK;
}

static enum bo_err
pg_event_page(struct store *base, struct arena *a, const int64_t *ids, size_t count,
              int64_t generation, struct event **out, size_t *found)
{
    struct pg_params p = {0};

    pg_param_text(&p, store_id_list(a, ids, count, "{", "}"));
    pg_param_int(&p, generation);
    return pg_list_events(pg(base), a, ST_EVENT_PAGE, &p, out, found);
}

const struct store_catalog_ops pg_catalog_ops = {
    .event_taxonomy_set = pg_event_taxonomy_set,
    .event_taxonomy_get = pg_event_taxonomy_get,
    .speaker_create = pg_speaker_create,
    .speaker_get = pg_speaker_get,
    .speaker_list = pg_speaker_list,
    .term_list = pg_term_list,
    .catalog_generation = pg_catalog_generation,
    .event_seats = pg_event_seats,
    .catalog_snapshot = pg_catalog_snapshot,
    .catalog_term = pg_catalog_term,
    .event_page = pg_event_page,
};
