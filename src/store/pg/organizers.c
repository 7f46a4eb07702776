/* SPDX-License-Identifier: MIT */
/*
 * organizers.c - PostgreSQL: organizers with their team and FAQ, staff
 * membership, and the events a member manages.
 */
#include "store/pg/pg_int.h"

#include <string.h>

#include "core/organizer.h"
#include "lib/arena.h"

static void
read_organizer(struct arena *a, const PGresult *r, int row, struct organizer *o)
{
    *o = (struct organizer){
        .id = pg_int(r, row, 0),
        .slug = pg_text(a, r, row, 1),
        .name = pg_text(a, r, row, 2),
        .logo_url = pg_text(a, r, row, 3),
        .description = pg_text(a, r, row, 4),
        .email = pg_text(a, r, row, 5),
        .phone = pg_text(a, r, row, 6),
        .website = pg_text(a, r, row, 7),
        .brand_color = pg_text(a, r, row, 8),
        .is_personal = pg_bool(r, row, 9),
        .created_by = pg_int(r, row, 10),
        .created_at = pg_int(r, row, 11),
        .updated_at = pg_int(r, row, 12),
        .version = (int)pg_int(r, row, 13),
    };
}

/* The profile columns shared by insert ($1..$8) and update ($3..$10). */
static void
param_profile(struct pg_params *p, const struct organizer *o)
{
    pg_param_text(p, o->slug);
    pg_param_text(p, o->name);
    pg_param_text(p, o->logo_url);
    pg_param_text(p, o->description ? o->description : "");
    pg_param_text(p, o->email);
    pg_param_text(p, o->phone);
    pg_param_text(p, o->website);
    pg_param_text(p, o->brand_color);
}

static enum bo_err
exec_by_id(struct pg_store *s, enum stmt id, int64_t organizer_id)
{
    struct pg_params p = {0};

    pg_param_int(&p, organizer_id);
    return pg_exec(s, id, &p, NULL);
}

static enum bo_err
write_team_and_faq(struct pg_store *s, const struct organizer *o)
{
    enum bo_err err = exec_by_id(s, ST_TEAM_DELETE, o->id);

    for (int i = 0; err == BO_OK && i < o->team_count; i++) {
        const struct team_member *m = &o->team[i];
        struct pg_params p = {0};
        pg_param_int(&p, o->id);
        pg_param_int(&p, i);
        pg_param_text(&p, m->name);
        pg_param_text(&p, m->role ? m->role : "");
        pg_param_text(&p, m->photo_url);
        pg_param_text(&p, m->bio ? m->bio : "");
        err = pg_exec(s, ST_TEAM_INSERT, &p, NULL);
    }
    if (err == BO_OK) {
        err = exec_by_id(s, ST_FAQ_DELETE, o->id);
    }
    for (int i = 0; err == BO_OK && i < o->faq_count; i++) {
        struct pg_params p = {0};
        pg_param_int(&p, o->id);
        pg_param_int(&p, i);
        pg_param_text(&p, o->faq[i].question);
        pg_param_text(&p, o->faq[i].answer);
        err = pg_exec(s, ST_FAQ_INSERT, &p, NULL);
    }
    return err;
}

static enum bo_err
read_team_and_faq(struct pg_store *s, struct arena *a, struct organizer *o)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_int(&p, o->id);
    enum bo_err err = pg_query(s, ST_TEAM_GET, &p, &r);
    if (err) {
        return err;
    }
    int n = PQntuples(r) < ORGANIZER_MAX_TEAM ? PQntuples(r) : ORGANIZER_MAX_TEAM;
    o->team = arena_alloc(a, sizeof(*o->team) * ORGANIZER_MAX_TEAM);
    for (o->team_count = 0; o->team_count < n; o->team_count++) {
        int i = o->team_count;
        o->team[i] = (struct team_member){pg_text(a, r, i, 0), pg_text(a, r, i, 1),
                                          pg_text(a, r, i, 2), pg_text(a, r, i, 3)};
    }
    PQclear(r);
    err = pg_query(s, ST_FAQ_GET, &p, &r);
    if (err) {
        return err;
    }
    n = PQntuples(r) < ORGANIZER_MAX_FAQ ? PQntuples(r) : ORGANIZER_MAX_FAQ;
    o->faq = arena_alloc(a, sizeof(*o->faq) * ORGANIZER_MAX_FAQ);
    for (o->faq_count = 0; o->faq_count < n; o->faq_count++) {
        int i = o->faq_count;
        o->faq[i] = (struct faq_item){pg_text(a, r, i, 0), pg_text(a, r, i, 1)};
    }
    PQclear(r);
    return BO_OK;
}

static enum bo_err
get_organizer(struct pg_store *s, struct arena *a, enum stmt id, const struct pg_params *p,
              struct organizer *out)
{
    PGresult *r = NULL;
    enum bo_err err = pg_query(s, id, p, &r);

    if (err) {
        return err;
    }
    if (PQntuples(r) == 0) {
        PQclear(r);
        return BO_ERR_NOT_FOUND;
    }
    read_organizer(a, r, 0, out);
    PQclear(r);
    return read_team_and_faq(s, a, out);
}

static enum bo_err
pg_organizer_get(struct store *base, struct arena *a, int64_t id, struct organizer *out)
{
    struct pg_params p = {0};

    pg_param_int(&p, id);
    return get_organizer(pg(base), a, ST_ORG_GET, &p, out);
}

static enum bo_err
pg_organizer_get_by_slug(struct store *base, struct arena *a, const char *slug,
                         struct organizer *out)
{
    struct pg_params p = {0};

    pg_param_text(&p, slug);
    return get_organizer(pg(base), a, ST_ORG_GET_SLUG, &p, out);
}

static enum bo_err
pg_member_put(struct store *base, const struct organizer_member *m)
{
    struct pg_params p = {0};

    pg_param_int(&p, m->organizer_id);
    pg_param_int(&p, m->user_id);
    pg_param_text(&p, member_role_name(m->role));
    pg_param_int(&p, m->added_at);
    return pg_exec(pg(base), ST_MEMBER_PUT, &p, NULL);
}

static enum bo_err
pg_organizer_create(struct store *base, const struct organizer *o, int64_t *id_out,
                    const char **conflict_field)
{
    struct pg_store *s = pg(base);
    struct pg_params p = {0};
    PGresult *r = NULL;

    param_profile(&p, o);
    pg_param_bool(&p, o->is_personal);
    pg_param_int(&p, o->created_by);
    pg_param_int(&p, o->created_at);
    enum bo_err err = pg_query(s, ST_ORG_INSERT, &p, &r);
    if (err == BO_ERR_CONFLICT) {
        *conflict_field =
            strcmp(s->err_constraint, "organizers_personal") == 0 ? "is_personal" : "slug";
        return err;
    }
    if (err) {
        return err;
    }
    struct organizer saved = *o;
    saved.id = *id_out = pg_int(r, 0, 0);
    PQclear(r);
    struct organizer_member owner = {.organizer_id = saved.id,
                                     .user_id = o->created_by,
                                     .role = MEMBER_OWNER,
                                     .added_at = o->created_at};
    err = pg_member_put(base, &owner);
    return err ? err : write_team_and_faq(s, &saved);
}

static enum bo_err
pg_organizer_update(struct store *base, const struct organizer *o, const char **conflict_field)
{
    struct pg_store *s = pg(base);
    struct pg_params p = {0};
    int64_t changed = 0;

    pg_param_int(&p, o->id);
    pg_param_int(&p, o->version);
    param_profile(&p, o);
    pg_param_int(&p, o->updated_at);
    enum bo_err err = pg_exec(s, ST_ORG_UPDATE, &p, &changed);
    if (err == BO_ERR_CONFLICT) {
        *conflict_field = "slug";
        return err;
    }
    if (err == BO_OK && changed == 0) {
        *conflict_field = "version";
        return BO_ERR_CONFLICT;
    }
    return err ? err : write_team_and_faq(s, o);
}

static enum bo_err
pg_organizer_list(struct store *base, struct arena *a, const char *prefix, int64_t after_id,
                  int limit, struct organizer **out, size_t *count)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_int(&p, after_id);
    pg_param_text(&p, prefix);
    pg_param_int(&p, limit);
    enum bo_err err = pg_query(pg(base), ST_ORG_LIST, &p, &r);
    if (err) {
        return err;
    }
    size_t n = (size_t)PQntuples(r);
    struct organizer *list = arena_alloc(a, sizeof(*list) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        read_organizer(a, r, (int)i, &list[i]);
    }
    PQclear(r);
    *out = list;
    *count = n;
    return BO_OK;
}

static enum bo_err
pg_member_get(struct store *base, int64_t organizer_id, int64_t user_id, int *role_out)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_int(&p, organizer_id);
    pg_param_int(&p, user_id);
    enum bo_err err = pg_query(pg(base), ST_MEMBER_GET, &p, &r);
    if (err) {
        return err;
    }
    if (PQntuples(r) == 0) {
        err = BO_ERR_NOT_FOUND;
    } else {
        *role_out = (int)member_role_parse(PQgetvalue(r, 0, 0));
    }
    PQclear(r);
    return err;
}

static enum bo_err
pg_member_remove(struct store *base, int64_t organizer_id, int64_t user_id)
{
    struct pg_params p = {0};
    int64_t changed = 0;

    pg_param_int(&p, organizer_id);
    pg_param_int(&p, user_id);
    enum bo_err err = pg_exec(pg(base), ST_MEMBER_REMOVE, &p, &changed);
    return err == BO_OK && changed == 0 ? BO_ERR_NOT_FOUND : err;
}

static enum bo_err
list_members(struct pg_store *s, struct arena *a, enum stmt id, int64_t key,
             struct organizer_member **out, size_t *count)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_int(&p, key);
    enum bo_err err = pg_query(s, id, &p, &r);
    if (err) {
        return err;
    }
    size_t n = (size_t)PQntuples(r);
    struct organizer_member *list = arena_alloc(a, sizeof(*list) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        int row = (int)i;
        list[i] = (struct organizer_member){
            .organizer_id = pg_int(r, row, 0),
            .user_id = pg_int(r, row, 1),
            .username = pg_text(a, r, row, 2),
            .role = member_role_parse(PQgetvalue(r, row, 3)),
            .added_at = pg_int(r, row, 4),
            .organizer_name = pg_text(a, r, row, 5),
            .organizer_slug = pg_text(a, r, row, 6),
        };
    }
    PQclear(r);
    *out = list;
    *count = n;
    return BO_OK;
}

static enum bo_err
pg_member_list(struct store *base, struct arena *a, int64_t organizer_id,
               struct organizer_member **out, size_t *count)
{
    return list_members(pg(base), a, ST_MEMBER_LIST, organizer_id, out, count);
}

static enum bo_err
pg_member_list_user(struct store *base, struct arena *a, int64_t user_id,
                    struct organizer_member **out, size_t *count)
{
    return list_members(pg(base), a, ST_MEMBER_LIST_USER, user_id, out, count);
}

static enum bo_err
pg_member_count_owners(struct store *base, int64_t organizer_id, int *out)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_int(&p, organizer_id);
    enum bo_err err = pg_query(pg(base), ST_MEMBER_OWNERS, &p, &r);
    if (err == BO_OK) {
        *out = (int)pg_int(r, 0, 0);
        PQclear(r);
    }
    return err;
}

static enum bo_err
pg_event_list_managed(struct store *base, struct arena *a, int64_t user_id, int64_t before_key,
                      int64_t before_id, int limit, struct event **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    pg_param_int(&p, before_key);
    pg_param_int(&p, before_id);
    pg_param_int(&p, limit);
    return pg_list_events(pg(base), a, ST_EVENT_LIST_MANAGED, &p, out, count);
}

const struct store_organizer_ops pg_organizer_ops = {
    .event_list_managed = pg_event_list_managed,
    .organizer_create = pg_organizer_create,
    .organizer_get = pg_organizer_get,
    .organizer_get_by_slug = pg_organizer_get_by_slug,
    .organizer_update = pg_organizer_update,
    .organizer_list = pg_organizer_list,
    .member_get = pg_member_get,
    .member_put = pg_member_put,
    .member_remove = pg_member_remove,
    .member_list = pg_member_list,
    .member_list_user = pg_member_list_user,
    .member_count_owners = pg_member_count_owners,
};
