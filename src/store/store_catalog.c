/* SPDX-License-Identifier: MIT */
/*
 * store_catalog.c - the seed 004 taxonomy part of store.h, handed to the
 * backend. Writes must run inside a transaction (store_begin).
 */
#include <assert.h>

#include "store/store_int.h"

enum bo_err
store_event_taxonomy_set(struct store *s, int64_t event_id, const struct event_taxonomy *t)
{
    assert(s->in_tx);
    return s->ops->catalog->event_taxonomy_set(s, event_id, t);
}

enum bo_err
store_event_taxonomy_get(struct store *s, struct arena *a, int64_t event_id,
                         struct event_taxonomy *out)
{
    return s->ops->catalog->event_taxonomy_get(s, a, event_id, out);
}

enum bo_err
store_speaker_create(struct store *s, const struct speaker *sp, int64_t *id_out)
{
    assert(s->in_tx);
    return s->ops->catalog->speaker_create(s, sp, id_out);
}

enum bo_err
store_speaker_get(struct store *s, struct arena *a, int64_t id, const char *slug,
                  struct speaker *out)
{
    return s->ops->catalog->speaker_get(s, a, id, slug, out);
}

enum bo_err
store_speaker_list(struct store *s, struct arena *a, const char *prefix, int64_t after_id,
                   int limit, struct speaker **out, size_t *count)
{
    return s->ops->catalog->speaker_list(s, a, prefix, after_id, limit, out, count);
}

enum bo_err
store_term_list(struct store *s, struct arena *a, const char *kind, const char ***out,
                size_t *count)
{
    return s->ops->catalog->term_list(s, a, kind, out, count);
}

enum bo_err
store_catalog_generation(struct store *s, int64_t *out)
{
    return s->ops->catalog->catalog_generation(s, out);
}

enum bo_err
store_event_seats(struct store *s, struct arena *a, const int64_t *ids, size_t count,
                  int *available, int64_t *generation)
{
    assert(count == 0 || (ids != NULL && available != NULL));
    return s->ops->catalog->event_seats(s, a, ids, count, available, generation);
}

enum bo_err
store_catalog_snapshot(struct store *s, struct arena *a, struct listing_source *out)
{
    assert(a != NULL && out != NULL);
    return s->ops->catalog->catalog_snapshot(s, a, out);
}

enum bo_err
store_catalog_term(struct store *s, struct arena *a, const char *term, int64_t **ids, size_t *count,
                   int64_t *generation)
{
    assert(term != NULL && term[0] != '\0');
    return s->ops->catalog->catalog_term(s, a, term, ids, count, generation);
}

enum bo_err
store_event_page(struct store *s, struct arena *a, const int64_t *ids, size_t count,
                 int64_t generation, struct event **out, size_t *found)
{
    assert(count > 0);
    return s->ops->catalog->event_page(s, a, ids, count, generation, out, found);
}
