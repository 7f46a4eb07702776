/* SPDX-License-Identifier: MIT */
/*
 * store_telegram.c - the Telegram linking part of store.h, handed to the
 * backend. Writes must run inside a transaction (store_begin).
 */
#include <assert.h>

#include "store/store_int.h"

enum bo_err
store_telegram_token_add(struct store *s, const char *token_hash, int64_t user_id, int64_t now,
                         int64_t expires_at)
{
    assert(s->in_tx);
    return s->ops->telegram->token_add(s, token_hash, user_id, now, expires_at);
}

enum bo_err
store_telegram_token_use(struct store *s, const char *token_hash, int64_t now, int64_t *user_id)
{
    assert(s->in_tx);
    return s->ops->telegram->token_use(s, token_hash, now, user_id);
}

enum bo_err
store_telegram_update_seen(struct store *s, int64_t update_id, int64_t now, bool *is_new)
{
    assert(s->in_tx);
    return s->ops->telegram->update_seen(s, update_id, now, is_new);
}

enum bo_err
store_telegram_updates_purge(struct store *s, int64_t before, int *count)
{
    assert(s->in_tx);
    return s->ops->telegram->updates_purge(s, before, count);
}

enum bo_err
store_telegram_chat_owner(struct store *s, const char *chat_id, int64_t *user_id)
{
    return s->ops->telegram->chat_owner(s, chat_id, user_id);
}

enum bo_err
store_telegram_link(struct store *s, int64_t user_id, const char *chat_id, const char *username,
                    int64_t now)
{
    assert(s->in_tx);
    return s->ops->telegram->link(s, user_id, chat_id, username, now);
}

enum bo_err
store_telegram_unlink(struct store *s, int64_t user_id)
{
    assert(s->in_tx);
    return s->ops->telegram->unlink(s, user_id);
}
