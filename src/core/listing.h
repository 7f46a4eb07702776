/* SPDX-License-Identifier: MIT */
/*
 * listing.h - the public event listing (GET /api/v1/events) as an index in
 * memory, so that every query costs about the same whatever its filters.
 *
 * Built from every listed event (published, public, not hidden) as of one
 * catalog generation. Per sort, the events are in (key, id) order, the
 * order of the store's listing statement. Each value of a filter column
 * (city, genre, kind, format, organizer) is a set of events: a bitset over
 * each sort's positions for values held by at least 1/64 of the events,
 * made per query from a list for rarer ones. A page is the first `limit`
 * positions after the cursor whose bit is set in every set of the query: a
 * word-wise AND. The date range on the date sort and the price range on the
 * price sort become a range of positions (binary search); on other sorts
 * they are tested per candidate.
 *
 * Pure: no I/O. Everything lives in the arena given to listing_build; the
 * listing is read-only afterwards, so any number of threads may query it.
 * Scratch memory of a query comes from the caller's arena.
 */
#ifndef BO_CORE_LISTING_H
#define BO_CORE_LISTING_H

#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct arena;

/* One listed event, as the filters and the sorts see it. */
struct listing_row {
    int64_t id;
    int64_t starts_at;
    int64_t seat_price;   /* the sale price when there is one (event_seat_price) */
    int64_t organizer_id; /* 0: none */
    int64_t city_id;      /* 0: none */
    int64_t genre_id;     /* 0: none */
    int64_t popularity;
    int kind;   /* enum event_kind */
    int format; /* enum event_format */
};

/* A city or a genre: the filters name them, the rows hold ids. */
struct listing_name {
    int64_t id;
    const char *name;
};

/* What a listing is built from: the state of one catalog generation. */
struct listing_source {
    int64_t generation;
    const struct listing_row *rows; /* any order */
    size_t row_count;
    const struct listing_name *cities;
    size_t city_count;
    const struct listing_name *genres;
    size_t genre_count;
};

struct listing;

/* The index of src, allocated in a (which must outlive it); src is not kept. */
struct listing *listing_build(struct arena *a, const struct listing_source *src);

int64_t listing_generation(const struct listing *l);
size_t listing_count(const struct listing *l);
/* Bytes the listing holds in its arena. */
size_t listing_bytes(const struct listing *l);
/* The rank of event id among the listed ones (0..count), or -1 if it is not listed. */
int64_t listing_slot(const struct listing *l, int64_t id);
/* Bytes of one bitset (listing_bitset). */
size_t listing_bitset_bytes(const struct listing *l);

/*
 * The events ids[0..count) among the listed ones (others are ignored), as a
 * bitset over sort's positions, allocated in a. For text matches.
 */
uint64_t *listing_bitset(const struct listing *l, struct arena *a, enum event_sort sort,
                         const int64_t *ids, size_t count);

/*
 * The page q asks for: the ids of at most q->limit events, in listing order,
 * into ids_out (room for q->limit). Every filter of q is applied except the
 * text: the caller passes one bitset per term (listing_bitset over q->sort),
 * term_sets[0..term_count). Returns how many ids were written; their slots
 * (listing_slot) go to slots_out too unless it is NULL.
 */
size_t listing_find(const struct listing *l, struct arena *a, const struct event_query *q,
                    const uint64_t *const *term_sets, size_t term_count, int64_t *ids_out,
                    int64_t *slots_out);

#endif
