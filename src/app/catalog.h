/* SPDX-License-Identifier: MIT */
/*
 * catalog.h - the reference lists of the catalog: seed 004's speakers, and
 * the names in use for cities, genres, types, levels, sectors and
 * directions (what a catalog page offers as filters).
 */
#ifndef BO_APP_CATALOG_H
#define BO_APP_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/event.h"

struct ctx;
struct event_query;

/* Anyone signed in adds speakers (an event's author names them); slug made when not given. */
enum bo_err speakers_create(struct ctx *c, struct speaker *sp);
/* By id, or by slug when id is 0. */
enum bo_err speakers_get(struct ctx *c, int64_t id, const char *slug, struct speaker *out);
enum bo_err speakers_list(struct ctx *c, const char *prefix, int64_t after_id, int limit,
                          struct speaker **out, size_t *count);
/* A name prefix as a LIKE pattern: wildcards typed are literal characters; NULL if empty. */
const char *catalog_like_prefix(struct ctx *c, const char *prefix);
/* kind: city, genre, type, level, sector or direction; NOT_FOUND for another. */
enum bo_err catalog_terms(struct ctx *c, const char *kind, const char ***out, size_t *count);

/*
 * One listing page (store_event_list), served from the catalog cache when
 * the catalog has not changed since the page was read (app/catalog_cache.h):
 * the seats left are read live either way. Without a cache, the store alone.
 */
enum bo_err catalog_search(struct ctx *c, const struct event_query *q, struct event **out,
                           size_t *count);

/* May catalog_search run on a thread that must not wait (catalog_index_is_quick)? */
bool catalog_search_is_quick(const struct ctx *c);

#endif
