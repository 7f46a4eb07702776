/* SPDX-License-Identifier: MIT */
/*
 * organizers.c - SQLite: organizers with their team and FAQ, staff
 * membership, and the events a member manages.
 */
#include "store/sqlite/sqlite_int.h"

#include <string.h>

#include "core/organizer.h"
#include "lib/arena.h"

static void
read_organizer(struct arena *a, sqlite3_stmt *st, struct organizer *o)
{
    *o = (struct organizer){
        .id = sq_int(st, 0),
        .slug = sq_text(a, st, 1),
        .name = sq_text(a, st, 2),
        .logo_url = sq_text(a, st, 3),
        .description = sq_text(a, st, 4),
        .email = sq_text(a, st, 5),
        .phone = sq_text(a, st, 6),
        .website = sq_text(a, st, 7),
        .brand_color = sq_text(a, st, 8),
        .is_personal = sq_int(st, 9) != 0,
        .created_by = sq_int(st, 10),
        .created_at = sq_int(st, 11),
        .updated_at = sq_int(st, 12),
        .version = (int)sq_int(st, 13),
    };
}

/* The profile columns shared by insert (from ?first) and update. */
static void
bind_profile(sqlite3_stmt *st, int first, const struct organizer *o)
{
    sq_bind_text(st, first, o->slug);
    sq_bind_text(st, first + 1, o->name);
    sq_bind_text(st, first + 2, o->logo_url);
    sq_bind_text(st, first + 3, o->description ? o->description : "");
    sq_bind_text(st, first + 4, o->email);
    sq_bind_text(st, first + 5, o->phone);
    sq_bind_text(st, first + 6, o->website);
    sq_bind_text(st, first + 7, o->brand_color);
}

static enum bo_err
write_team_and_faq(struct sqlite_store *s, const struct organizer *o)
{
    sqlite3_stmt *st = sq_stmt(s, ST_TEAM_DELETE);
    sqlite3_bind_int64(st, 1, o->id);
    enum bo_err err = sq_exec(s, st);

    for (int i = 0; err == BO_OK && i < o->team_count; i++) {
        const struct team_member *m = &o->team[i];
        st = sq_stmt(s, ST_TEAM_INSERT);
        sqlite3_bind_int64(st, 1, o->id);
        sqlite3_bind_int(st, 2, i);
        sq_bind_text(st, 3, m->name);
        sq_bind_text(st, 4, m->role ? m->role : "");
        sq_bind_text(st, 5, m->photo_url);
        sq_bind_text(st, 6, m->bio ? m->bio : "");
        err = sq_exec(s, st);
    }
    if (err == BO_OK) {
        st = sq_stmt(s, ST_FAQ_DELETE);
        sqlite3_bind_int64(st, 1, o->id);
        err = sq_exec(s, st);
    }
    for (int i = 0; err == BO_OK && i < o->faq_count; i++) {
        st = sq_stmt(s, ST_FAQ_INSERT);
        sqlite3_bind_int64(st, 1, o->id);
        sqlite3_bind_int(st, 2, i);
        sq_bind_text(st, 3, o->faq[i].question);
        sq_bind_text(st, 4, o->faq[i].answer);
        err = sq_exec(s, st);
    }
    return err;
}

static enum bo_err
read_team_and_faq(struct sqlite_store *s, struct arena *a, struct organizer *o)
{
    sqlite3_stmt *st = sq_stmt(s, ST_TEAM_GET);
    int rc;

    o->team = arena_alloc(a, sizeof(*o->team) * ORGANIZER_MAX_TEAM);
    sqlite3_bind_int64(st, 1, o->id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && o->team_count < ORGANIZER_MAX_TEAM) {
        o->team[o->team_count++] = (struct team_member){sq_text(a, st, 0), sq_text(a, st, 1),
                                                        sq_text(a, st, 2), sq_text(a, st, 3)};
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        return sq_err(s, rc);
    }
    st = sq_stmt(s, ST_FAQ_GET);
    o->faq = arena_alloc(a, sizeof(*o->faq) * ORGANIZER_MAX_FAQ);
    sqlite3_bind_int64(st, 1, o->id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && o->faq_count < ORGANIZER_MAX_FAQ) {
        o->faq[o->faq_count++] = (struct faq_item){sq_text(a, st, 0), sq_text(a, st, 1)};
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? BO_OK : sq_err(s, rc);
}

static enum bo_err
get_organizer(struct sqlite_store *s, struct arena *a, sqlite3_stmt *st, struct organizer *out)
{
    enum bo_err err = sq_step_row(s, st);

    if (err) {
        return err;
    }
    read_organizer(a, st, out);
    sqlite3_reset(st);
    return read_team_and_faq(s, a, out);
}

static enum bo_err
sqlite_organizer_get(struct store *base, struct arena *a, int64_t id, struct organizer *out)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_ORG_GET);

    sqlite3_bind_int64(st, 1, id);
    return get_organizer(sq(base), a, st, out);
}

static enum bo_err
sqlite_organizer_get_by_slug(struct store *base, struct arena *a, const char *slug,
                             struct organizer *out)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_ORG_GET_SLUG);

    sq_bind_text(st, 1, slug);
    return get_organizer(sq(base), a, st, out);
}

static enum bo_err
sqlite_organizer_create(struct store *base, const struct organizer *o, int64_t *id_out,
                        const char **conflict_field)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_ORG_INSERT);

    bind_profile(st, 1, o);
    sqlite3_bind_int(st, 9, o->is_personal);
    sqlite3_bind_int64(st, 10, o->created_by);
    sqlite3_bind_int64(st, 11, o->created_at);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_ERR_CONFLICT) {
        *conflict_field =
            strstr(sqlite3_errmsg(s->db), "created_by") != NULL ? "is_personal" : "slug";
        return err;
    }
    if (err) {
        return err;
    }
    struct organizer saved = *o;
    saved.id = *id_out = sq_int(st, 0);
    sqlite3_reset(st);
    struct organizer_member owner = {.organizer_id = saved.id,
                                     .user_id = o->created_by,
                                     .role = MEMBER_OWNER,
                                     .added_at = o->created_at};
    err = sqlite_organizer_ops.member_put(base, &owner);
    return err ? err : write_team_and_faq(s, &saved);
}

static enum bo_err
sqlite_organizer_update(struct store *base, const struct organizer *o, const char **conflict_field)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_ORG_UPDATE);

    sqlite3_bind_int64(st, 1, o->id);
    sqlite3_bind_int(st, 2, o->version);
    bind_profile(st, 3, o);
    sqlite3_bind_int64(st, 11, o->updated_at);
    enum bo_err err = sq_exec(s, st);
    if (err == BO_ERR_CONFLICT) {
        *conflict_field = "slug";
        return err;
    }
    if (err == BO_OK && sqlite3_changes(s->db) == 0) {
        *conflict_field = "version";
        return BO_ERR_CONFLICT;
    }
    return err ? err : write_team_and_faq(s, o);
}

static enum bo_err
sqlite_organizer_list(struct store *base, struct arena *a, const char *prefix, int64_t after_id,
                      int limit, struct organizer **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_ORG_LIST);
    struct organizer *list = arena_alloc(a, sizeof(*list) * (size_t)limit);
    size_t n = 0;
    int rc = SQLITE_DONE;

    sqlite3_bind_int64(st, 1, after_id);
    sq_bind_text(st, 2, prefix);
    sqlite3_bind_int(st, 3, limit);
    while (n < (size_t)limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_organizer(a, st, &list[n++]);
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_member_get(struct store *base, int64_t organizer_id, int64_t user_id, int *role_out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MEMBER_GET);

    sqlite3_bind_int64(st, 1, organizer_id);
    sqlite3_bind_int64(st, 2, user_id);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        *role_out = (int)member_role_parse((const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_member_put(struct store *base, const struct organizer_member *m)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MEMBER_PUT);

    sqlite3_bind_int64(st, 1, m->organizer_id);
    sqlite3_bind_int64(st, 2, m->user_id);
    sq_bind_text(st, 3, member_role_name(m->role));
    sqlite3_bind_int64(st, 4, m->added_at);
    return sq_exec(s, st);
}

static enum bo_err
sqlite_member_remove(struct store *base, int64_t organizer_id, int64_t user_id)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MEMBER_REMOVE);

    sqlite3_bind_int64(st, 1, organizer_id);
    sqlite3_bind_int64(st, 2, user_id);
    enum bo_err err = sq_exec(s, st);
    return err == BO_OK && sqlite3_changes(s->db) == 0 ? BO_ERR_NOT_FOUND : err;
}

static enum bo_err
list_members(struct sqlite_store *s, struct arena *a, sqlite3_stmt *st, size_t cap,
             struct organizer_member **out, size_t *count)
{
    struct organizer_member *list = arena_alloc(a, sizeof(*list) * cap);
    size_t n = 0;
    int rc = SQLITE_DONE;

    while (n < cap && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        list[n++] = (struct organizer_member){
            .organizer_id = sq_int(st, 0),
            .user_id = sq_int(st, 1),
            .username = sq_text(a, st, 2),
            .role = member_role_parse((const char *)sqlite3_column_text(st, 3)),
            .added_at = sq_int(st, 4),
            .organizer_name = sq_text(a, st, 5),
            .organizer_slug = sq_text(a, st, 6),
        };
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_member_list(struct store *base, struct arena *a, int64_t organizer_id,
                   struct organizer_member **out, size_t *count)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MEMBER_LIST);

    sqlite3_bind_int64(st, 1, organizer_id);
    return list_members(sq(base), a, st, 500, out, count);
}

static enum bo_err
sqlite_member_list_user(struct store *base, struct arena *a, int64_t user_id,
                        struct organizer_member **out, size_t *count)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_MEMBER_LIST_USER);

    sqlite3_bind_int64(st, 1, user_id);
    return list_members(sq(base), a, st, 200, out, count);
}

static enum bo_err
sqlite_member_count_owners(struct store *base, int64_t organizer_id, int *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_MEMBER_OWNERS);

    sqlite3_bind_int64(st, 1, organizer_id);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        *out = (int)sq_int(st, 0);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_event_list_managed(struct store *base, struct arena *a, int64_t user_id, int64_t before_key,
                          int64_t before_id, int limit, struct event **out, size_t *count)
{
    sqlite3_stmt *st = sq_stmt(sq(base), ST_EVENT_LIST_MANAGED);

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, before_key);
    sqlite3_bind_int64(st, 3, before_id);
    sqlite3_bind_int(st, 4, limit);
    return sq_list_events(sq(base), a, st, (size_t)limit, out, count);
}

const struct store_organizer_ops sqlite_organizer_ops = {
    .event_list_managed = sqlite_event_list_managed,
    .organizer_create = sqlite_organizer_create,
    .organizer_get = sqlite_organizer_get,
    .organizer_get_by_slug = sqlite_organizer_get_by_slug,
    .organizer_update = sqlite_organizer_update,
    .organizer_list = sqlite_organizer_list,
    .member_get = sqlite_member_get,
    .member_put = sqlite_member_put,
    .member_remove = sqlite_member_remove,
    .member_list = sqlite_member_list,
    .member_list_user = sqlite_member_list_user,
    .member_count_owners = sqlite_member_count_owners,
};
