/* SPDX-License-Identifier: MIT */
/*
 * telegram.c - Telegram link tokens, inbound update ids and the linked
 * chat of an account (telegram_subscriptions plus the profile's fields) on
 * SQLite.
 */
#include "store/sqlite/sqlite_int.h"

/* A statement that returns at most one integer; NOT_FOUND when no row. */
static enum bo_err
one_int(struct sqlite_store *s, sqlite3_stmt *st, int64_t *out)
{
    enum bo_err err = sq_step_row(s, st);

    if (err == BO_OK) {
        *out = sq_int(st, 0);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_tg_token_add(struct store *base, const char *token_hash, int64_t user_id, int64_t now,
                    int64_t expires_at)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TG_TOKEN_PURGE);

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, now);
    enum bo_err err = sq_exec(s, st);
    if (err) {
        return err;
    }
    st = sq_stmt(s, ST_TG_TOKEN_INSERT);
    sq_bind_text(st, 1, token_hash);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, expires_at);
    return sq_exec(s, st);
}

static enum bo_err
sqlite_tg_token_use(struct store *base, const char *token_hash, int64_t now, int64_t *user_id)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TG_TOKEN_USE);

    sq_bind_text(st, 1, token_hash);
    sqlite3_bind_int64(st, 2, now);
    return one_int(s, st, user_id);
}

static enum bo_err
sqlite_tg_update_seen(struct store *base, int64_t update_id, int64_t now, bool *is_new)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TG_UPDATE_SEEN);
    int64_t id = 0;

    sqlite3_bind_int64(st, 1, update_id);
    sqlite3_bind_int64(st, 2, now);
    enum bo_err err = one_int(s, st, &id);
    *is_new = err == BO_OK;
    return err == BO_ERR_NOT_FOUND ? BO_OK : err;
}

static enum bo_err
sqlite_tg_updates_purge(struct store *base, int64_t before, int *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TG_UPDATES_PURGE);

    sqlite3_bind_int64(st, 1, before);
    enum bo_err err = sq_exec(s, st);
    *count = err ? 0 : sqlite3_changes(s->db);
    return err;
}

static enum bo_err
sqlite_tg_chat_owner(struct store *base, const char *chat_id, int64_t *user_id)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TG_CHAT_OWNER);

    sq_bind_text(st, 1, chat_id);
    return one_int(s, st, user_id);
}

static enum bo_err
sqlite_tg_link(struct store *base, int64_t user_id, const char *chat_id, const char *username,
               int64_t now)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TG_SUB_UPSERT);

    sqlite3_bind_int64(st, 1, user_id);
    sq_bind_text(st, 2, username);
    sq_bind_text(st, 3, chat_id);
    sqlite3_bind_int64(st, 4, now);
    enum bo_err err = sq_exec(s, st);
    if (err) {
        return err;
    }
    st = sq_stmt(s, ST_TG_PROFILE_SET);
    sqlite3_bind_int64(st, 1, user_id);
    sq_bind_text(st, 2, username);
    sq_bind_text(st, 3, chat_id);
    sqlite3_bind_int64(st, 4, now);
    return sq_exec(s, st);
}

static enum bo_err
sqlite_tg_unlink(struct store *base, int64_t user_id)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TG_SUB_DELETE);

    sqlite3_bind_int64(st, 1, user_id);
    enum bo_err err = sq_exec(s, st);
    if (err) {
        return err;
    }
    st = sq_stmt(s, ST_TG_PROFILE_CLEAR);
    sqlite3_bind_int64(st, 1, user_id);
    return sq_exec(s, st);
}

const struct store_telegram_ops sqlite_telegram_ops = {
    .token_add = sqlite_tg_token_add,
    .token_use = sqlite_tg_token_use,
    .update_seen = sqlite_tg_update_seen,
    .updates_purge = sqlite_tg_updates_purge,
    .chat_owner = sqlite_tg_chat_owner,
    .link = sqlite_tg_link,
    .unlink = sqlite_tg_unlink,
};
