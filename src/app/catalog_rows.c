/* SPDX-License-Identifier: MIT */
#include "app/catalog_rows.h"

#include <pthread.h>
#include <string.h>

#include "core/event.h"
#include "lib/arena.h"

/* The strings a listing shows (api/json_out.c jw_event_summary). */
static const size_t row_strings[] = {
    offsetof(struct event, slug),      offsetof(struct event, title),
    offsetof(struct event, timezone),  offsetof(struct event, location),
    offsetof(struct event, city),      offsetof(struct event, genre),
    offsetof(struct event, language),  offsetof(struct event, currency),
    offsetof(struct event, image_url), offsetof(struct event, movie_title),
};
#define ROW_STRINGS (sizeof(row_strings) / sizeof(row_strings[0]))

/* What a listing shows of an event, and its sort keys; about a third of struct event. */
struct row {
    int64_t id, organizer_id, author_id, starts_at, ends_at, price_minor, sale_price_minor;
    int capacity, movie_duration_min, popularity;
    unsigned char kind, format, visibility, approval, status;
    bool registration_closed;
    const char *strings[ROW_STRINGS];
};

struct catalog_rows {
    pthread_mutex_t lock;
    struct arena *arena;
    const struct row **at; /* slot -> row, NULL if not kept */
    size_t slot_count, bytes, max_bytes;
};

struct catalog_rows *
catalog_rows_create(size_t slot_count, size_t max_bytes)
{
    struct arena *a = arena_create(256 * 1024);
    struct catalog_rows *r = arena_zalloc(a, sizeof(*r));

    pthread_mutex_init(&r->lock, NULL);
    r->arena = a;
    r->slot_count = slot_count;
    r->max_bytes = max_bytes;
    r->at = arena_zalloc(a, sizeof(*r->at) * (slot_count + 1));
    r->bytes = sizeof(*r->at) * slot_count;
    return r;
}

void
catalog_rows_destroy(struct catalog_rows *r)
{
    if (r != NULL) {
        pthread_mutex_destroy(&r->lock);
        arena_destroy(r->arena); /* r lives there */
    }
}

static const char *
string_of(const struct event *e, size_t i)
{
    return *(const char *const *)((const char *)e + row_strings[i]);
}

static void
row_to_event(const struct row *w, struct event *e)
{
    *e = (struct event){.id = w->id,
                        .organizer_id = w->organizer_id,
                        .author_id = w->author_id,
                        .starts_at = w->starts_at,
                        .ends_at = w->ends_at,
                        .price_minor = w->price_minor,
                        .sale_price_minor = w->sale_price_minor,
                        .capacity = w->capacity,
                        .movie_duration_min = w->movie_duration_min,
                        .popularity = w->popularity,
                        .kind = (enum event_kind)w->kind,
                        .format = (enum event_format)w->format,
                        .visibility = (enum visibility)w->visibility,
                        .approval = (enum approval)w->approval,
                        .status = (enum event_status)w->status,
                        .registration_closed = w->registration_closed};
    for (size_t i = 0; i < ROW_STRINGS; i++) {
        *(const char **)((char *)e + row_strings[i]) = w->strings[i];
    }
}

/* A row of e and its strings, in one block of r's arena; the caller holds the lock. */
static struct row *
row_from_event(struct catalog_rows *r, const struct event *e)
{
    size_t bytes = sizeof(struct row);

    for (size_t i = 0; i < ROW_STRINGS; i++) {
        bytes += string_of(e, i) != NULL ? strlen(string_of(e, i)) + 1 : 0;
    }
    struct row *w = arena_alloc(r->arena, bytes);
    char *p = (char *)(w + 1);
    *w = (struct row){.id = e->id,
                      .organizer_id = e->organizer_id,
                      .author_id = e->author_id,
                      .starts_at = e->starts_at,
                      .ends_at = e->ends_at,
                      .price_minor = e->price_minor,
                      .sale_price_minor = e->sale_price_minor,
                      .capacity = e->capacity,
                      .movie_duration_min = e->movie_duration_min,
                      .popularity = e->popularity,
                      .kind = (unsigned char)e->kind,
                      .format = (unsigned char)e->format,
                      .visibility = (unsigned char)e->visibility,
                      .approval = (unsigned char)e->approval,
                      .status = (unsigned char)e->status,
                      .registration_closed = e->registration_closed};
    for (size_t i = 0; i < ROW_STRINGS; i++) {
        const char *s = string_of(e, i);
        size_t len = s != NULL ? strlen(s) + 1 : 0;
        w->strings[i] = s != NULL ? memcpy(p, s, len) : NULL;
        p += len;
    }
    r->bytes += bytes;
    return w;
}

bool
catalog_rows_get(struct catalog_rows *r, const int64_t *slots, size_t n, struct event *out)
{
    bool all = true;

    pthread_mutex_lock(&r->lock);
    /* The rows are scattered over the arena: start every load before the first copy. */
    for (size_t i = 0; i < n; i++) {
        if (slots[i] >= 0 && (size_t)slots[i] < r->slot_count) {
            __builtin_prefetch(&r->at[slots[i]]);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (slots[i] >= 0 && (size_t)slots[i] < r->slot_count && r->at[slots[i]] != NULL) {
            __builtin_prefetch(r->at[slots[i]]);
        }
    }
    for (size_t i = 0; i < n && all; i++) {
        const struct row *w =
            slots[i] >= 0 && (size_t)slots[i] < r->slot_count ? r->at[slots[i]] : NULL;
        if (w != NULL) {
            row_to_event(w, &out[i]);
        }
        all = w != NULL;
    }
    pthread_mutex_unlock(&r->lock);
    return all;
}

void
catalog_rows_put(struct catalog_rows *r, int64_t slot, const struct event *e)
{
    if (slot < 0 || (size_t)slot >= r->slot_count) {
        return;
    }
    pthread_mutex_lock(&r->lock);
    if (r->at[slot] == NULL && r->bytes < r->max_bytes) {
        r->at[slot] = row_from_event(r, e);
    }
    pthread_mutex_unlock(&r->lock);
}

size_t
catalog_rows_bytes(struct catalog_rows *r)
{
    pthread_mutex_lock(&r->lock);
    size_t bytes = r->bytes;
    pthread_mutex_unlock(&r->lock);
    return bytes;
}
