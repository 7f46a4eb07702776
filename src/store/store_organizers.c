/* SPDX-License-Identifier: MIT */
/*
 * store_organizers.c - the organizer part of store.h, handed to the backend.
 * Writes must run inside a transaction (store_begin), like every write.
 */
#include <assert.h>

#include "store/store_int.h"

enum bo_err
store_event_list_managed(struct store *s, struct arena *a, int64_t user_id, int64_t before_key,
                         int64_t before_id, int limit, struct event **out, size_t *count)
{
    return s->ops->organizer->event_list_managed(s, a, user_id, before_key, before_id, limit, out,
                                                 count);
}

enum bo_err
store_organizer_create(struct store *s, const struct organizer *o, int64_t *id_out,
                       const char **conflict_field)
{
    assert(s->in_tx);
    return s->ops->organizer->organizer_create(s, o, id_out, conflict_field);
}

enum bo_err
store_organizer_get(struct store *s, struct arena *a, int64_t id, struct organizer *out)
{
    return s->ops->organizer->organizer_get(s, a, id, out);
}

enum bo_err
store_organizer_get_by_slug(struct store *s, struct arena *a, const char *slug,
                            struct organizer *out)
{
    return s->ops->organizer->organizer_get_by_slug(s, a, slug, out);
}

enum bo_err
store_organizer_update(struct store *s, const struct organizer *o, const char **conflict_field)
{
    assert(s->in_tx);
    return s->ops->organizer->organizer_update(s, o, conflict_field);
}

enum bo_err
store_organizer_list(struct store *s, struct arena *a, const char *prefix, int64_t after_id,
                     int limit, struct organizer **out, size_t *count)
{
    return s->ops->organizer->organizer_list(s, a, prefix, after_id, limit, out, count);
}

enum bo_err
store_member_get(struct store *s, int64_t organizer_id, int64_t user_id, int *role_out)
{
    return s->ops->organizer->member_get(s, organizer_id, user_id, role_out);
}

enum bo_err
store_member_put(struct store *s, const struct organizer_member *m)
{
    assert(s->in_tx);
    return s->ops->organizer->member_put(s, m);
}

enum bo_err
store_member_remove(struct store *s, int64_t organizer_id, int64_t user_id)
{
    assert(s->in_tx);
    return s->ops->organizer->member_remove(s, organizer_id, user_id);
}

enum bo_err
store_member_list(struct store *s, struct arena *a, int64_t organizer_id,
                  struct organizer_member **out, size_t *count)
{
    return s->ops->organizer->member_list(s, a, organizer_id, out, count);
}

enum bo_err
store_member_list_user(struct store *s, struct arena *a, int64_t user_id,
                       struct organizer_member **out, size_t *count)
{
    return s->ops->organizer->member_list_user(s, a, user_id, out, count);
}

enum bo_err
store_member_count_owners(struct store *s, int64_t organizer_id, int *out)
{
    return s->ops->organizer->member_count_owners(s, organizer_id, out);
}
