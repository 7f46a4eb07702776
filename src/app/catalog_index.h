/* SPDX-License-Identifier: MIT */
/*
 * catalog_index.h - the listing index (core/listing.h) of the catalog as it
 * is now, for GET /api/v1/events: every query costs about the same, however
 * selective its filters.
 *
 * Exact: a page is answered from the index only if the catalog generation
 * it was built at is still the database's, checked by the statement that
 * reads the page's rows and seats (store_event_page). Otherwise the caller
 * reads the page with SQL, and the index is rebuilt in the background: one
 * thread, one rebuild at a time, on a connection of its own, from a
 * snapshot read in one transaction (store_catalog_snapshot). Requests that
 * hold the old index keep it until their arena is reset.
 *
 * Text: each term's full-text match (store_catalog_term, at the same
 * generation) becomes a bitset per sort, kept with the index while there is
 * room (8 MiB), so a term costs one store read per generation.
 */
#ifndef BO_APP_CATALOG_INDEX_H
#define BO_APP_CATALOG_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct catalog_index;
struct ctx;
struct event;
struct event_query;
struct store;

struct catalog_index_stats {
    uint64_t hits;     /* pages answered from the index */
    uint64_t misses;   /* pages read with SQL: no index yet, or the catalog moved */
    uint64_t rebuilds; /* indexes built */
    int64_t generation;
    size_t events, bytes, term_bytes, row_bytes;
    uint64_t build_us; /* the last build: snapshot read and index */
};

/*
 * An index of the catalog at db_url, built and kept current by a thread of
 * its own; with db_url NULL, no thread: catalog_index_refresh builds it.
 */
struct catalog_index *catalog_index_create(const char *db_url);
void catalog_index_destroy(struct catalog_index *ci);

/* Build the index from s now and make it current. */
enum bo_err catalog_index_refresh(struct catalog_index *ci, struct store *s);

/*
 * The page q asks for (q as event_query_seek left it), from the index if it
 * is current: then *answered, and *out / *count hold the events with their
 * seats as they are now, read at *generation. Not answered (nothing
 * written): the caller reads the page itself. Errors are the store's.
 */
enum bo_err catalog_index_search(struct catalog_index *ci, struct ctx *c,
                                 const struct event_query *q, struct event **out, size_t *count,
                                 bool *answered, int64_t *generation);

/*
 * Is an answer from the index a matter of microseconds now? True when it is
 * built from a store in this process (SQLite) and no request has seen the
 * catalog move past it, so a thread that must not wait (an HTTP thread) may
 * run the search. A stale index is found out by the next search, which then
 * reads with SQL once.
 */
bool catalog_index_is_quick(struct catalog_index *ci);

void catalog_index_stats(struct catalog_index *ci, struct catalog_index_stats *out);
/* text (the /metrics exposition, *len bytes) with the index's figures added; ci may be NULL. */
char *catalog_index_metrics(struct catalog_index *ci, struct arena *a, char *text, size_t *len);

#endif
