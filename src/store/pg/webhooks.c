/* SPDX-License-Identifier: MIT */
/*
 * webhooks.c - PostgreSQL: organizers' webhook endpoints and users'
 * notification preferences (migration 016).
 */
#include "store/pg/pg_int.h"

#include "core/webhook.h"
#include "lib/arena.h"

static void
read_hook(struct arena *a, const PGresult *r, int row, void *item)
{
    *(struct webhook_endpoint *)item = (struct webhook_endpoint){
        .id = pg_int(r, row, 0),
        .organizer_id = pg_int(r, row, 1),
        .url = pg_text(a, r, row, 2),
        .secret = pg_text(a, r, row, 3),
        .event_types = pg_text(a, r, row, 4),
        .enabled = pg_bool(r, row, 5),
        .disabled_reason = pg_text(a, r, row, 6),
        .created_at = pg_int(r, row, 7),
        .updated_at = pg_int(r, row, 8),
    };
}

static enum bo_err
pg_webhook_create(struct store *base, struct webhook_endpoint *w)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_int(&p, w->organizer_id);
    pg_param_text(&p, w->url);
    pg_param_text(&p, w->secret);
    pg_param_text(&p, w->event_types);
    pg_param_int(&p, w->created_at);
    enum bo_err err = pg_query(pg(base), ST_HOOK_INSERT, &p, &r);
    if (err) {
        return err;
    }
    w->id = pg_int(r, 0, 0);
    w->enabled = true;
    w->updated_at = w->created_at;
    PQclear(r);
    return BO_OK;
}

static enum bo_err
pg_webhook_get(struct store *base, struct arena *a, int64_t organizer_id, int64_t id,
               struct webhook_endpoint *out)
{
    struct pg_params p = {0};

    pg_param_int(&p, organizer_id);
    pg_param_int(&p, id);
    return pg_query_one(pg(base), a, ST_HOOK_GET, &p, read_hook, out);
}

static enum bo_err
pg_webhook_list(struct store *base, struct arena *a, int64_t organizer_id,
                struct webhook_endpoint **out, size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, organizer_id);
    return pg_query_rows(pg(base), a, ST_HOOK_LIST, &p, sizeof(**out), read_hook, (void **)out,
                         count);
}

static enum bo_err
pg_webhook_update(struct store *base, const struct webhook_endpoint *w)
{
    struct pg_params p = {0};
    int64_t changed = 0;

    pg_param_int(&p, w->id);
    pg_param_text(&p, w->url);
    pg_param_text(&p, w->secret);
    pg_param_text(&p, w->event_types);
    pg_param_bool(&p, w->enabled);
    pg_param_text(&p, w->disabled_reason);
    pg_param_int(&p, w->updated_at);
    enum bo_err err = pg_exec(pg(base), ST_HOOK_UPDATE, &p, &changed);
    return err == BO_OK && changed == 0 ? BO_ERR_NOT_FOUND : err;
}

static enum bo_err
pg_exists(struct pg_store *s, enum stmt id, int64_t key, bool *out)
{
    struct pg_params p = {0};
    PGresult *r = NULL;

    pg_param_int(&p, key);
    enum bo_err err = pg_query(s, id, &p, &r);
    if (err) {
        return err;
    }
    *out = pg_bool(r, 0, 0);
    PQclear(r);
    return BO_OK;
}

static enum bo_err
pg_webhook_delete(struct store *base, int64_t id)
{
    struct pg_params p = {0};
    int64_t changed = 0;
    bool in_use = false;

    enum bo_err err = pg_exists(pg(base), ST_HOOK_IN_USE, id, &in_use);
    if (err) {
        return err;
    }
    if (in_use) {
        return BO_ERR_CONFLICT;
    }
    pg_param_int(&p, id);
    err = pg_exec(pg(base), ST_HOOK_DELETE, &p, &changed);
    return err == BO_OK && changed == 0 ? BO_ERR_NOT_FOUND : err;
}

static void
read_pref(struct arena *a, const PGresult *r, int i, void *item)
{
    *(struct notification_pref *)item =
        (struct notification_pref){pg_text(a, r, i, 0), pg_text(a, r, i, 1), pg_bool(r, i, 2)};
}

static enum bo_err
pg_prefs_get(struct store *base, struct arena *a, int64_t user_id, struct notification_pref **out,
             size_t *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    return pg_query_rows(pg(base), a, ST_PREFS_GET, &p, sizeof(**out), read_pref, (void **)out,
                         count);
}

static enum bo_err
pg_pref_put(struct store *base, int64_t user_id, const struct notification_pref *pref)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    pg_param_text(&p, pref->category);
    pg_param_text(&p, pref->channel);
    pg_param_bool(&p, pref->enabled);
    return pg_exec(pg(base), ST_PREF_PUT, &p, NULL);
}

const struct store_hook_ops pg_hook_ops = {
    .webhook_create = pg_webhook_create,
    .webhook_get = pg_webhook_get,
    .webhook_list = pg_webhook_list,
    .webhook_update = pg_webhook_update,
    .webhook_delete = pg_webhook_delete,
    .prefs_get = pg_prefs_get,
    .pref_put = pg_pref_put,
};
