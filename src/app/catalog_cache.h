/* SPDX-License-Identifier: MIT */
/*
 * catalog_cache.h - listing pages by query, for GET /api/v1/events.
 *
 * An entry is the events of one page (filters, sort, cursor and limit make
 * the key) as read at one catalog generation (store_catalog_generation). The
 * cache itself never decides freshness: the caller serves an entry only if
 * the generation it was read at is still the current one, and always reads
 * the seats left live (DESIGN: availability never comes from a cache).
 *
 * One cache per process, shared by every thread (one mutex, held for a hash
 * lookup). Memory is bounded by max_bytes: least recently used pages go
 * first. Entries handed out stay valid until the reader's arena is reset,
 * even if evicted meanwhile.
 */
#ifndef BO_APP_CATALOG_CACHE_H
#define BO_APP_CATALOG_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct catalog_cache;
struct event;

struct catalog_cache_stats {
    uint64_t hits;   /* served from the cache */
    uint64_t misses; /* not there, or read at an older generation */
    size_t entries, bytes;
};

/* A cache of at most max_bytes (> 0). */
struct catalog_cache *catalog_cache_create(size_t max_bytes);
void catalog_cache_destroy(struct catalog_cache *cc);

/*
 * The page stored under key, if any: *events (count of them, read-only) and
 * the generation they were read at. They live until a is reset. False if
 * there is no such page.
 */
bool catalog_cache_get(struct catalog_cache *cc, struct arena *a, const char *key,
                       const struct event **events, size_t *count, int64_t *generation);

/* Keep a copy of events[0..count) under key, read at generation; replaces what was there. */
void catalog_cache_put(struct catalog_cache *cc, const char *key, int64_t generation,
                       const struct event *events, size_t count);

/* Count one answer as served from the cache (hit) or read from the store. */
void catalog_cache_count(struct catalog_cache *cc, bool hit);
void catalog_cache_stats(struct catalog_cache *cc, struct catalog_cache_stats *out);
/* text (the /metrics exposition, *len bytes) with the cache's counters added; cc may be NULL. */
char *catalog_cache_metrics(struct catalog_cache *cc, struct arena *a, char *text, size_t *len);

#endif
