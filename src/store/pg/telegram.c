/* SPDX-License-Identifier: MIT */
/*
 * telegram.c - Telegram link tokens, inbound update ids and the linked
 * chat of an account on PostgreSQL. Mirrors store/sqlite/telegram.c.
 */
#include "store/pg/pg_int.h"

/* A statement that returns at most one integer; NOT_FOUND when no row. */
static enum bo_err
one_int(struct pg_store *s, enum stmt id, const struct pg_params *p, int64_t *out)
{
    return pg_query_one(s, NULL, id, p, pg_read_int, out);
}

static enum bo_err
pg_tg_token_add(struct store *base, const char *token_hash, int64_t user_id, int64_t now,
                int64_t expires_at)
{
    struct pg_params purge = {0}, p = {0};

    pg_param_int(&purge, user_id);
    pg_param_int(&purge, now);
    enum bo_err err = pg_exec(pg(base), ST_TG_TOKEN_PURGE, &purge, NULL);
    if (err) {
        return err;
    }
    pg_param_text(&p, token_hash);
    pg_param_int(&p, user_id);
    pg_param_int(&p, now);
    pg_param_int(&p, expires_at);
    return pg_exec(pg(base), ST_TG_TOKEN_INSERT, &p, NULL);
}

static enum bo_err
pg_tg_token_use(struct store *base, const char *token_hash, int64_t now, int64_t *user_id)
{
    struct pg_params p = {0};

    pg_param_text(&p, token_hash);
    pg_param_int(&p, now);
    return one_int(pg(base), ST_TG_TOKEN_USE, &p, user_id);
}

static enum bo_err
pg_tg_update_seen(struct store *base, int64_t update_id, int64_t now, bool *is_new)
{
    struct pg_params p = {0};
    int64_t id = 0;

    pg_param_int(&p, update_id);
    pg_param_int(&p, now);
    enum bo_err err = one_int(pg(base), ST_TG_UPDATE_SEEN, &p, &id);
    *is_new = err == BO_OK;
    return err == BO_ERR_NOT_FOUND ? BO_OK : err;
}

static enum bo_err
pg_tg_updates_purge(struct store *base, int64_t before, int *count)
{
    struct pg_params p = {0};
    int64_t changed = 0;

    pg_param_int(&p, before);
    enum bo_err err = pg_exec(pg(base), ST_TG_UPDATES_PURGE, &p, &changed);
    *count = (int)changed;
    return err;
}

static enum bo_err
pg_tg_chat_owner(struct store *base, const char *chat_id, int64_t *user_id)
{
    struct pg_params p = {0};

    pg_param_text(&p, chat_id);
    return one_int(pg(base), ST_TG_CHAT_OWNER, &p, user_id);
}

static enum bo_err
pg_tg_link(struct store *base, int64_t user_id, const char *chat_id, const char *username,
           int64_t now)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    pg_param_text(&p, username);
    pg_param_text(&p, chat_id);
    pg_param_int(&p, now);
    enum bo_err err = pg_exec(pg(base), ST_TG_SUB_UPSERT, &p, NULL);
    if (err == BO_OK) {
        err = pg_exec(pg(base), ST_TG_PROFILE_SET, &p, NULL);
    }
    return err;
}

static enum bo_err
pg_tg_unlink(struct store *base, int64_t user_id)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    enum bo_err err = pg_exec(pg(base), ST_TG_SUB_DELETE, &p, NULL);
    if (err == BO_OK) {
        err = pg_exec(pg(base), ST_TG_PROFILE_CLEAR, &p, NULL);
    }
    return err;
}

const struct store_telegram_ops pg_telegram_ops = {
    .token_add = pg_tg_token_add,
    .token_use = pg_tg_token_use,
    .update_seen = pg_tg_update_seen,
    .updates_purge = pg_tg_updates_purge,
    .chat_owner = pg_tg_chat_owner,
    .link = pg_tg_link,
    .unlink = pg_tg_unlink,
};
