/* SPDX-License-Identifier: MIT */
/*
 * webhooks.c - SQLite: organizers' webhook endpoints and users'
 * notification preferences (migration 016).
 */
#include "store/sqlite/sqlite_int.h"

#include "core/webhook.h"
#include "lib/arena.h"

static void
read_hook(struct arena *a, sqlite3_stmt *st, struct webhook_endpoint *w)
{
    *w = (struct webhook_endpoint){
        .id = sq_int(st, 0),
        .organizer_id = sq_int(st, 1),
        .url = sq_text(a, st, 2),
        .secret = sq_text(a, st, 3),
        .event_types = sq_text(a, st, 4),
        .enabled = sq_int(st, 5) != 0,
        .disabled_reason = sq_text(a, st, 6),
        .created_at = sq_int(st, 7),
        .updated_at = sq_int(st, 8),
    };
}

static enum bo_err
sqlite_webhook_create(struct store *base, struct webhook_endpoint *w)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_HOOK_INSERT);

    sqlite3_bind_int64(st, 1, w->organizer_id);
    sq_bind_text(st, 2, w->url);
    sq_bind_text(st, 3, w->secret);
    sq_bind_text(st, 4, w->event_types);
    sqlite3_bind_int64(st, 5, w->created_at);
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err == BO_ERR_NOT_FOUND ? BO_ERR_INTERNAL : err;
    }
    w->id = sq_int(st, 0);
    w->enabled = true;
    w->updated_at = w->created_at;
    sqlite3_reset(st);
    return BO_OK;
}

static enum bo_err
sqlite_webhook_get(struct store *base, struct arena *a, int64_t organizer_id, int64_t id,
                   struct webhook_endpoint *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_HOOK_GET);

    sqlite3_bind_int64(st, 1, organizer_id);
    sqlite3_bind_int64(st, 2, id);
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    read_hook(a, st, out);
    sqlite3_reset(st);
    return BO_OK;
}

#define HOOK_LIST_MAX 100

static enum bo_err
sqlite_webhook_list(struct store *base, struct arena *a, int64_t organizer_id,
                    struct webhook_endpoint **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_HOOK_LIST);
    struct webhook_endpoint *list = arena_alloc(a, sizeof(*list) * HOOK_LIST_MAX);
    size_t n = 0;
    int rc;

    sqlite3_bind_int64(st, 1, organizer_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < HOOK_LIST_MAX) {
        read_hook(a, st, &list[n++]);
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_webhook_update(struct store *base, const struct webhook_endpoint *w)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_HOOK_UPDATE);

    sqlite3_bind_int64(st, 1, w->id);
    sq_bind_text(st, 2, w->url);
    sq_bind_text(st, 3, w->secret);
    sq_bind_text(st, 4, w->event_types);
    sqlite3_bind_int(st, 5, w->enabled ? 1 : 0);
    sq_bind_text(st, 6, w->disabled_reason);
    sqlite3_bind_int64(st, 7, w->updated_at);
    enum bo_err err = sq_exec(s, st);
    if (err == BO_OK && sqlite3_changes(s->db) == 0) {
        return BO_ERR_NOT_FOUND;
    }
    return err;
}

static enum bo_err
sqlite_webhook_delete(struct store *base, int64_t id)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_HOOK_IN_USE);

    sqlite3_bind_int64(st, 1, id);
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    bool in_use = sq_int(st, 0) != 0;
    sqlite3_reset(st);
    if (in_use) {
        return BO_ERR_CONFLICT;
    }
    st = sq_stmt(s, ST_HOOK_DELETE);
    sqlite3_bind_int64(st, 1, id);
    err = sq_exec(s, st);
    if (err == BO_OK && sqlite3_changes(s->db) == 0) {
        return BO_ERR_NOT_FOUND;
    }
    return err;
}

#define PREFS_MAX 64

static enum bo_err
sqlite_prefs_get(struct store *base, struct arena *a, int64_t user_id,
                 struct notification_pref **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_PREFS_GET);
    struct notification_pref *list = arena_alloc(a, sizeof(*list) * PREFS_MAX);
    size_t n = 0;
    int rc;

    sqlite3_bind_int64(st, 1, user_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < PREFS_MAX) {
        list[n++] =
            (struct notification_pref){sq_text(a, st, 0), sq_text(a, st, 1), sq_int(st, 2) != 0};
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_pref_put(struct store *base, int64_t user_id, const struct notification_pref *p)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_PREF_PUT);

    sqlite3_bind_int64(st, 1, user_id);
    sq_bind_text(st, 2, p->category);
    sq_bind_text(st, 3, p->channel);
    sqlite3_bind_int(st, 4, p->enabled ? 1 : 0);
    return sq_exec(s, st);
}

const struct store_hook_ops sqlite_hook_ops = {
    .webhook_create = sqlite_webhook_create,
    .webhook_get = sqlite_webhook_get,
    .webhook_list = sqlite_webhook_list,
    .webhook_update = sqlite_webhook_update,
    .webhook_delete = sqlite_webhook_delete,
    .prefs_get = sqlite_prefs_get,
    .pref_put = sqlite_pref_put,
};
