/* SPDX-License-Identifier: MIT */
#include "app/catalog.h"

#include <string.h>

#include "app/audit.h"
#include "app/catalog_cache.h"
#include "app/catalog_index.h"
#include "app/env.h"
#include "app/tx.h"
#include "core/ctx.h"
#include "core/text.h"
#include "lib/arena.h"
#include "lib/token.h"
#include "store/store.h"

static enum bo_err
create_job(struct ctx *c, void *arg)
{
    struct speaker *sp = arg;
    uint8_t raw[3];

    sp->created_by = c->actor.user_id;
    sp->created_at = c->now;
    if (speaker_check(c, sp)) {
        return c->err;
    }
    if (sp->slug == NULL) {
        token_random(raw, sizeof(raw));
        sp->slug = text_slug(c->arena, sp->full_name, "speaker", token_hex(c->arena, raw, 3));
    }
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_speaker_create(c->store, sp, &sp->id);
        if (err == BO_ERR_CONFLICT) {
            ctx_fail(c, err, "slug", "this slug is taken");
        }
    }
    if (err == BO_OK) {
        err = audit_write(c, "speaker.created", "speaker", sp->id, NULL);
    }
    return tx_end(c, err);
}

enum bo_err
speakers_create(struct ctx *c, struct speaker *sp)
{
    return app_write(c, create_job, sp);
}

enum bo_err
speakers_get(struct ctx *c, int64_t id, const char *slug, struct speaker *out)
{
    enum bo_err err = store_speaker_get(c->store, c->arena, id, slug, out);

    if (err == BO_ERR_NOT_FOUND) {
        return ctx_fail(c, err, NULL, "no such speaker");
    }
    return err ? tx_fail(c, err) : BO_OK;
}

const char *
catalog_like_prefix(struct ctx *c, const char *prefix)
{
    if (prefix == NULL || prefix[0] == '\0') {
        return NULL;
    }
    char *p = arena_alloc(c->arena, strlen(prefix) * 2 + 1);
    size_t n = 0;
    for (const char *s = prefix; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') {
            p[n++] = '\\';
        }
        p[n++] = *s;
    }
    p[n] = '\0';
    return p;
}

enum bo_err
speakers_list(struct ctx *c, const char *prefix, int64_t after_id, int limit, struct speaker **out,
              size_t *count)
{
    enum bo_err err = store_speaker_list(c->store, c->arena, catalog_like_prefix(c, prefix),
                                         after_id, limit, out, count);

    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
catalog_terms(struct ctx *c, const char *kind, const char ***out, size_t *count)
{
    static const char *const kinds[] = {"city", "genre", "type", "level", "sector", "direction"};
    bool known = false;

    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        known = known || strcmp(kind, kinds[i]) == 0;
    }
    if (!known) {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL,
                        "taxonomies are city, genre, type, level, sector and direction");
    }
    enum bo_err err = store_term_list(c->store, c->arena, kind, out, count);
    return err ? tx_fail(c, err) : BO_OK;
}

/* A text field of the key: its length first, so no value can imitate a separator. */
static const char *
key_text(struct ctx *c, const char *key, const char *v)
{
    return v == NULL ? arena_printf(c->arena, "%s|-", key)
                     : arena_printf(c->arena, "%s|%zu:%s", key, strlen(v), v);
}

/* Everything that decides a page, as one string: equal keys, equal pages at one generation. */
static const char *
query_key(struct ctx *c, const struct event_query *q)
{
    const char *key =
        arena_printf(c->arena, "%d|%lld|%lld|%lld|%lld|%d|%d|%lld|%lld|%lld|%d|%zu", (int)q->sort,
                     (long long)q->after_key, (long long)q->after_id, (long long)q->from,
                     (long long)q->to, q->kind, q->format, (long long)q->price_min,
                     (long long)q->price_max, (long long)q->organizer_id, q->limit, q->term_count);
    key = key_text(c, key, q->city);
    key = key_text(c, key, q->genre);
    for (size_t i = 0; i < q->term_count; i++) {
        key = key_text(c, key, q->terms[i]);
    }
    return key;
}

/*
 * The cached page, if it was read at the current generation: copied with the
 * seats left as they are now. False if it is stale or an event is gone;
 * *generation is then the current one (or 0 if unknown).
 */
static bool
cached_page(struct ctx *c, const struct event *page, size_t count, int64_t read_at,
            int64_t *generation, struct event **out)
{
    int64_t *ids = arena_alloc(c->arena, sizeof(*ids) * (count ? count : 1));
    int *seats = arena_alloc(c->arena, sizeof(*seats) * (count ? count : 1));

    for (size_t i = 0; i < count; i++) {
        ids[i] = page[i].id;
    }
    *generation = 0;
    if (store_event_seats(c->store, c->arena, ids, count, seats, generation) ||
        *generation != read_at) {
        return false;
    }
    struct event *list = arena_alloc(c->arena, sizeof(*list) * (count ? count : 1));
    for (size_t i = 0; i < count; i++) {
        if (seats[i] < 0) {
            return false;
        }
        list[i] = page[i];
        list[i].available = seats[i];
    }
    *out = list;
    return true;
}

/* The page from the cache, if it holds it at the current generation. */
static bool
from_cache(struct ctx *c, struct catalog_cache *cache, const char *key, struct event **out,
           size_t *count, int64_t *generation)
{
    const struct event *page = NULL;
    int64_t read_at = 0;

    *generation = 0;
    bool hit = catalog_cache_get(cache, c->arena, key, &page, count, &read_at) &&
               cached_page(c, page, *count, read_at, generation, out);
    catalog_cache_count(cache, hit);
    return hit;
}

/* The page with SQL, kept in the cache under the generation read before it. */
static enum bo_err
from_store(struct ctx *c, struct catalog_cache *cache, const char *key, int64_t generation,
           const struct event_query *q, struct event **out, size_t *count)
{
    /* Read before the page: a change in between leaves the page under an older number. */
    enum bo_err err =
        generation != 0 || cache == NULL ? BO_OK : store_catalog_generation(c->store, &generation);
    if (err == BO_OK) {
        err = store_event_list(c->store, c->arena, q, out, count);
    }
    if (err == BO_OK && cache != NULL) {
        catalog_cache_put(cache, key, generation, *out, *count);
    }
    return err;
}

bool
catalog_search_is_quick(const struct ctx *c)
{
    return c->env != NULL && c->env->catalog_index != NULL &&
           catalog_index_is_quick(c->env->catalog_index);
}

enum bo_err
catalog_search(struct ctx *c, const struct event_query *q, struct event **out, size_t *count)
{
    struct catalog_cache *cache = c->env != NULL ? c->env->catalog_cache : NULL;
    struct catalog_index *index = c->env != NULL ? c->env->catalog_index : NULL;
    const char *key = cache != NULL ? query_key(c, q) : NULL;
    int64_t generation = 0;
    bool answered = false;

    if (cache != NULL && from_cache(c, cache, key, out, count, &generation)) {
        return BO_OK;
    }
    if (index != NULL) {
        int64_t built_at = 0;
        enum bo_err err = catalog_index_search(index, c, q, out, count, &answered, &built_at);
        if (err || answered) {
            if (answered && cache != NULL) {
                catalog_cache_put(cache, key, built_at, *out, *count);
            }
            return err;
        }
    }
    return from_store(c, cache, key, generation, q, out, count);
}
