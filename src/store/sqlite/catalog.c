/* SPDX-License-Identifier: MIT */
/*
 * catalog.c - SQLite: seed 004's taxonomies of an event, speakers, and the
 * reference names in use (for the filters of a catalog page).
 */
#include "store/sqlite/sqlite_int.h"

#include <stdio.h>
#include <string.h>

#include "core/event.h"
#include "core/listing.h"
#include "lib/arena.h"

static enum bo_err
link_term(struct sqlite_store *s, int64_t event_id, const char *kind, const char *name,
          int position)
{
    sqlite3_stmt *st = sq_stmt(s, ST_TERM_UPSERT);

    sq_bind_text(st, 1, kind);
    sq_bind_text(st, 2, name);
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    int64_t term = sq_int(st, 0);
    sqlite3_reset(st);
    st = sq_stmt(s, ST_EVENT_TERM_INSERT);
    sqlite3_bind_int64(st, 1, event_id);
    sqlite3_bind_int64(st, 2, term);
    sqlite3_bind_int(st, 3, position);
    return sq_exec(s, st);
}

static enum bo_err
delete_links(struct sqlite_store *s, int64_t event_id)
{
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_TERMS_DELETE);

    sqlite3_bind_int64(st, 1, event_id);
    enum bo_err err = sq_exec(s, st);
    if (err == BO_OK) {
        st = sq_stmt(s, ST_EVENT_SPEAKERS_DELETE);
        sqlite3_bind_int64(st, 1, event_id);
        err = sq_exec(s, st);
    }
    return err;
}

static enum bo_err
sqlite_event_taxonomy_set(struct store *base, int64_t event_id, const struct event_taxonomy *t)
{
    struct sqlite_store *s = sq(base);
    const char *kinds[] = {"type", "level", "sector"};
    const char *names[] = {t->type, t->level, t->sector};
    enum bo_err err = delete_links(s, event_id);
    int position = 0;

    for (size_t i = 0; err == BO_OK && i < 3; i++) {
        if (names[i] != NULL) {
            err = link_term(s, event_id, kinds[i], names[i], position++);
        }
    }
    for (int i = 0; err == BO_OK && i < t->direction_count; i++) {
        err = link_term(s, event_id, "direction", t->directions[i], position++);
    }
    for (int i = 0; err == BO_OK && i < t->speaker_count; i++) {
        sqlite3_stmt *st = sq_stmt(s, ST_EVENT_SPEAKER_INSERT);
        sqlite3_bind_int64(st, 1, event_id);
        sqlite3_bind_int64(st, 2, t->speaker_ids[i]);
        sqlite3_bind_int(st, 3, i);
        err = sq_exec(s, st);
    }
    return err;
}

static void
read_speaker(struct arena *a, sqlite3_stmt *st, struct speaker *sp)
{
    *sp = (struct speaker){
        .id = sq_int(st, 0),
        .slug = sq_text(a, st, 1),
        .full_name = sq_text(a, st, 2),
        .job_title = sq_text(a, st, 3),
        .email = sq_text(a, st, 4),
        .legal_entity = sq_text(a, st, 5),
        .quote = sq_text(a, st, 6),
        .position = (int)sq_int(st, 7),
        .created_by = sq_int(st, 8),
        .created_at = sq_int(st, 9),
    };
}

/* Rows of a speaker statement, at most cap. */
static enum bo_err
read_speakers(struct sqlite_store *s, struct arena *a, sqlite3_stmt *st, size_t cap,
              struct speaker **out, size_t *count)
{
    struct speaker *list = arena_alloc(a, sizeof(*list) * (cap ? cap : 1));
    size_t n = 0;
    int rc = SQLITE_DONE;

    while (n < cap && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_speaker(a, st, &list[n++]);
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_event_taxonomy_get(struct store *base, struct arena *a, int64_t event_id,
                          struct event_taxonomy *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_TERMS_GET);
    int rc;

    *out = (struct event_taxonomy){0};
    sqlite3_bind_int64(st, 1, event_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        event_taxonomy_put(out, (const char *)sqlite3_column_text(st, 0), sq_text(a, st, 1));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        return sq_err(s, rc);
    }
    size_t n = 0;
    st = sq_stmt(s, ST_EVENT_SPEAKERS_GET);
    sqlite3_bind_int64(st, 1, event_id);
    enum bo_err err = read_speakers(s, a, st, EVENT_MAX_SPEAKERS, &out->speakers, &n);
    out->speaker_count = (int)n;
    for (size_t i = 0; i < n; i++) {
        out->speaker_ids[i] = out->speakers[i].id;
    }
    return err;
}

static enum bo_err
sqlite_speaker_create(struct store *base, const struct speaker *sp, int64_t *id_out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_SPEAKER_INSERT);

    sq_bind_text(st, 1, sp->slug);
    sq_bind_text(st, 2, sp->full_name);
    sq_bind_text(st, 3, sp->job_title ? sp->job_title : "");
    sq_bind_text(st, 4, sp->email);
    sq_bind_text(st, 5, sp->legal_entity);
    sq_bind_text(st, 6, sp->quote);
    sqlite3_bind_int(st, 7, sp->position);
    sq_bind_time(st, 8, sp->created_by);
    sqlite3_bind_int64(st, 9, sp->created_at);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        *id_out = sq_int(st, 0);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_speaker_get(struct store *base, struct arena *a, int64_t id, const char *slug,
                   struct speaker *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, id ? ST_SPEAKER_GET : ST_SPEAKER_GET_SLUG);

    if (id) {
        sqlite3_bind_int64(st, 1, id);
    } else {
        sq_bind_text(st, 1, slug);
    }
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        read_speaker(a, st, out);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_speaker_list(struct store *base, struct arena *a, const char *prefix, int64_t after_id,
                    int limit, struct speaker **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_SPEAKER_LIST);

    sqlite3_bind_int64(st, 1, after_id);
    sq_bind_text(st, 2, prefix);
    sqlite3_bind_int(st, 3, limit);
    return read_speakers(s, a, st, (size_t)limit, out, count);
}

static enum bo_err
sqlite_term_list(struct store *base, struct arena *a, const char *kind, const char ***out,
                 size_t *count)
{
    struct sqlite_store *s = sq(base);
    enum stmt id = strcmp(kind, "city") == 0    ? ST_CITIES_LIST
                   : strcmp(kind, "genre") == 0 ? ST_GENRES_LIST
                                                : ST_TERMS_LIST;
    sqlite3_stmt *st = sq_stmt(s, id);
    const char **names = arena_alloc(a, sizeof(*names) * 500);
    size_t n = 0;
    int rc = SQLITE_DONE;

    if (id == ST_TERMS_LIST) {
        sq_bind_text(st, 1, kind);
    }
    while (n < 500 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        names[n++] = sq_text(a, st, 0);
    }
    sqlite3_reset(st);
    *out = names;
    *count = n;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_catalog_generation(struct store *base, int64_t *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_CATALOG_GENERATION);
    enum bo_err err = sq_step_row(s, st);

    if (err == BO_OK) {
        *out = sq_int(st, 0);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_event_seats(struct store *base, struct arena *a, const int64_t *ids, size_t count,
                   int *available, int64_t *generation)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_SEATS);
    int rc;

    for (size_t i = 0; i < count; i++) {
        available[i] = -1;
    }
    sq_bind_text(st, 1, store_id_list(a, ids, count, "[", "]"));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *generation = sq_int(st, 0);
        if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
            store_put_seats(ids, count, sq_int(st, 1), (int)sq_int(st, 2), available);
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? BO_OK : sq_err(s, rc);
}

/* The rows of ST_CATALOG_ROWS, growing *rows as needed. */
static enum bo_err
read_listing_rows(struct sqlite_store *s, struct arena *a, struct listing_source *out)
{
    sqlite3_stmt *st = sq_stmt(s, ST_CATALOG_ROWS);
    size_t cap = 1024, n = 0;
    struct listing_row *rows = arena_alloc(a, sizeof(*rows) * cap);
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            struct listing_row *more = arena_alloc(a, sizeof(*rows) * cap * 2);
            rows = memcpy(more, rows, sizeof(*rows) * cap);
            cap *= 2;
        }
        rows[n++] = (struct listing_row){
            .id = sq_int(st, 0),
            .starts_at = sq_int(st, 1),
            .seat_price = sq_int(st, 2),
            .organizer_id = sq_int(st, 3),
            .city_id = sq_int(st, 4),
            .genre_id = sq_int(st, 5),
            .popularity = sq_int(st, 6),
            .kind = (int)event_kind_parse((const char *)sqlite3_column_text(st, 7)),
            .format = (int)event_format_parse((const char *)sqlite3_column_text(st, 8)),
        };
    }
    sqlite3_reset(st);
    out->rows = rows;
    out->row_count = n;
    return rc == SQLITE_DONE ? BO_OK : sq_err(s, rc);
}

/* (id, name) rows of statement id. */
static enum bo_err
read_names(struct sqlite_store *s, struct arena *a, enum stmt id, const struct listing_name **out,
           size_t *count)
{
    sqlite3_stmt *st = sq_stmt(s, id);
    size_t cap = 64, n = 0;
    struct listing_name *names = arena_alloc(a, sizeof(*names) * cap);
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            struct listing_name *more = arena_alloc(a, sizeof(*names) * cap * 2);
            names = memcpy(more, names, sizeof(*names) * cap);
            cap *= 2;
        }
        names[n++] = (struct listing_name){sq_int(st, 0), sq_text(a, st, 1)};
    }
    sqlite3_reset(st);
    *out = names;
    *count = n;
    return rc == SQLITE_DONE ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_catalog_snapshot(struct store *base, struct arena *a, struct listing_source *out)
{
    struct sqlite_store *s = sq(base);

    *out = (struct listing_source){0};
    enum bo_err err = sq_exec(s, sq_stmt(s, ST_CATALOG_READ));
    if (err) {
        return err;
    }
    err = sqlite_catalog_generation(base, &out->generation);
    if (err == BO_OK) {
        err = read_names(s, a, ST_CATALOG_CITIES, &out->cities, &out->city_count);
    }
    if (err == BO_OK) {
        err = read_names(s, a, ST_CATALOG_GENRES, &out->genres, &out->genre_count);
    }
    if (err == BO_OK) {
        err = read_listing_rows(s, a, out);
    }
    /* A read transaction: COMMIT only ends it, failed or not. */
    enum bo_err end = sq_exec(s, sq_stmt(s, ST_COMMIT));
    return err ? err : end;
}

static enum bo_err
sqlite_catalog_term(struct store *base, struct arena *a, const char *term, int64_t **ids,
                    size_t *count, int64_t *generation)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_CATALOG_TERM);
    size_t cap = 256, n = 0;
    int64_t *list = arena_alloc(a, sizeof(*list) * cap);
    int rc;

    *generation = 0;
    sq_bind_text(st, 1, arena_printf(a, "\"%s\"*", term)); /* FTS5: a quoted prefix */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
            *generation = sq_int(st, 0);
            continue;
        }
        if (n == cap) {
            int64_t *more = arena_alloc(a, sizeof(*list) * cap * 2);
            list = memcpy(more, list, sizeof(*list) * cap);
            cap *= 2;
        }
        list[n++] = sq_int(st, 1);
    }
    sqlite3_reset(st);
    *ids = list;
    *count = n;
    return rc == SQLITE_DONE ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_event_page(struct store *base, struct arena *a, const int64_t *ids, size_t count,
                  int64_t generation, struct event **out, size_t *found)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_EVENT_PAGE);

    sq_bind_text(st, 1, store_id_list(a, ids, count, "[", "]"));
    sqlite3_bind_int64(st, 2, generation);
    return sq_list_events(s, a, st, count, out, found);
}

const struct store_catalog_ops sqlite_catalog_ops = {
    .event_taxonomy_set = sqlite_event_taxonomy_set,
    .event_taxonomy_get = sqlite_event_taxonomy_get,
    .speaker_create = sqlite_speaker_create,
    .speaker_get = sqlite_speaker_get,
    .speaker_list = sqlite_speaker_list,
    .term_list = sqlite_term_list,
    .catalog_generation = sqlite_catalog_generation,
    .event_seats = sqlite_event_seats,
    .catalog_snapshot = sqlite_catalog_snapshot,
    .catalog_term = sqlite_catalog_term,
    .event_page = sqlite_event_page,
};
