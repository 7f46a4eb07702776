/* SPDX-License-Identifier: MIT */
/*
 * accounts.c - users, profiles, sessions, recovery codes, API tokens, audit
 * log, throttling and key/value settings on SQLite.
 */
#include "store/sqlite/sqlite_int.h"

#include <string.h>

#include "core/account.h"
#include "core/auth.h"
#include "lib/arena.h"

/* An UPDATE that must touch a row: BO_ERR_NOT_FOUND when it touched none. */
static enum bo_err
exec_one(struct sqlite_store *s, sqlite3_stmt *st)
{
    enum bo_err err = sq_exec(s, st);

    if (err == BO_OK && sqlite3_changes(s->db) == 0) {
        return BO_ERR_NOT_FOUND;
    }
    return err;
}

static void
bind_tristate(sqlite3_stmt *st, int i, enum tristate v)
{
    if (v == TRI_UNSET) {
        sqlite3_bind_null(st, i);
    } else {
        sqlite3_bind_int(st, i, v);
    }
}

static enum tristate
col_tristate(sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL) {
        return TRI_UNSET;
    }
    return sqlite3_column_int(st, col) ? TRI_YES : TRI_NO;
}

static enum bo_err
sqlite_kv_get(struct store *base, struct arena *a, const char *key, const char **out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_KV_GET);

    sq_bind_text(st, 1, key);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        *out = sq_text(a, st, 0);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_kv_put_if_absent(struct store *base, const char *key, const char *value)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_KV_PUT);

    sq_bind_text(st, 1, key);
    sq_bind_text(st, 2, value);
    return sq_exec(s, st);
}

/* The column list is USER_COLS in sqlite.c, from column `at` on. */
static void
read_user_at(struct arena *a, sqlite3_stmt *st, int at, struct user *u)
{
    memset(u, 0, sizeof(*u));
    u->id = sq_int(st, at);
    u->username = sq_text(a, st, at + 1);
    u->email = sq_text(a, st, at + 2);
    u->first_name = sq_text(a, st, at + 3);
    u->last_name = sq_text(a, st, at + 4);
    u->password_hash = sq_text(a, st, at + 5);
    u->referral_code = sq_text(a, st, at + 6);
    u->role = role_parse((const char *)sqlite3_column_text(st, at + 7));
    u->is_active = sq_int(st, at + 8) != 0;
    u->created_at = sq_int(st, at + 9);
    u->password_changed_at = sq_int(st, at + 10);
}

static void
read_user(struct arena *a, sqlite3_stmt *st, struct user *u)
{
    read_user_at(a, st, 0, u);
}

static const char *
conflict_column(struct sqlite_store *s)
{
    const char *msg = sqlite3_errmsg(s->db);

    return strstr(msg, "email") != NULL ? "email" : "username";
}

static enum bo_err
insert_profile(struct sqlite_store *s, int64_t user_id, const struct profile *p)
{
    sqlite3_stmt *st = sq_stmt(s, ST_PROFILE_INSERT);

    sqlite3_bind_int64(st, 1, user_id);
    sq_bind_text(st, 2, p->phone);
    bind_tristate(st, 3, p->has_children);
    bind_tristate(st, 4, p->plans_renovation);
    sq_bind_text(st, 5, renovation_when_name(p->renovation_when));
    sqlite3_bind_int64(st, 6, p->renovation_rooms);
    sqlite3_bind_int(st, 7, p->newsletter);
    sqlite3_bind_int64(st, 8, p->consent_at);
    sq_bind_text(st, 9, p->language ? p->language : "ru");
    return sq_exec(s, st);
}

static enum bo_err
sqlite_user_create(struct store *base, const struct user *u, const struct profile *p,
                   int64_t *id_out, const char **conflict_field)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_USER_INSERT);

    sq_bind_text(st, 1, u->username);
    sq_bind_text(st, 2, u->email);
    sq_bind_text(st, 3, u->first_name ? u->first_name : "");
    sq_bind_text(st, 4, u->last_name ? u->last_name : "");
    sq_bind_text(st, 5, u->password_hash);
    sq_bind_text(st, 6, u->referral_code);
    sq_bind_text(st, 7, role_name(u->role));
    sqlite3_bind_int(st, 8, u->is_active);
    sqlite3_bind_int64(st, 9, u->created_at);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        enum bo_err err = sq_err(s, rc);
        if (err == BO_ERR_CONFLICT) {
            *conflict_field = conflict_column(s);
        }
        sqlite3_reset(st);
        return err;
    }
    *id_out = sq_int(st, 0);
    sqlite3_reset(st);
    return insert_profile(s, *id_out, p);
}

static enum bo_err
get_user(struct sqlite_store *s, struct arena *a, sqlite3_stmt *st, struct user *out)
{
    enum bo_err err = sq_step_row(s, st);

    if (err == BO_OK) {
        read_user(a, st, out);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_user_get(struct store *base, struct arena *a, int64_t id, struct user *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_USER_GET);

    sqlite3_bind_int64(st, 1, id);
    return get_user(s, a, st, out);
}

static enum bo_err
sqlite_user_find_login(struct store *base, struct arena *a, const char *login, struct user *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, strchr(login, '@') ? ST_USER_FIND_EMAIL : ST_USER_FIND_NAME);

    sq_bind_text(st, 1, login);
    return get_user(s, a, st, out);
}

static enum bo_err
sqlite_user_list(struct store *base, struct arena *a, int64_t after_id, int limit,
                 struct user **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_USER_LIST);
    struct user *users = arena_alloc(a, sizeof(*users) * (size_t)limit);
    size_t n = 0;
    int rc;

    sqlite3_bind_int64(st, 1, after_id);
    sqlite3_bind_int(st, 2, limit);
    while ((size_t)limit > n && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_user(a, st, &users[n++]);
    }
    sqlite3_reset(st);
    *out = users;
    *count = n;
    return BO_OK;
}

static enum bo_err
sqlite_user_set_password(struct store *base, int64_t id, const char *hash, int64_t now)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_USER_SET_PASSWORD);

    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, hash);
    sqlite3_bind_int64(st, 3, now);
    return exec_one(s, st);
}

static enum bo_err
sqlite_user_set_role(struct store *base, int64_t id, int role)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_USER_SET_ROLE);

    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, role_name((enum role)role));
    return exec_one(s, st);
}

static enum bo_err
sqlite_user_set_active(struct store *base, int64_t id, bool active)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_USER_SET_ACTIVE);

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, active);
    return exec_one(s, st);
}

static enum bo_err
sqlite_user_set_names(struct store *base, int64_t id, const char *first, const char *last)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_USER_SET_NAMES);

    sqlite3_bind_int64(st, 1, id);
    sq_bind_text(st, 2, first ? first : "");
    sq_bind_text(st, 3, last ? last : "");
    return exec_one(s, st);
}

static enum bo_err
sqlite_profile_get(struct store *base, struct arena *a, int64_t user_id, struct profile *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_PROFILE_GET);

    sqlite3_bind_int64(st, 1, user_id);
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    out->user_id = sq_int(st, 0);
    out->phone = sq_text(a, st, 1);
    out->telegram_username = sq_text(a, st, 2);
    out->telegram_chat_id = sq_text(a, st, 3);
    out->is_telegram_verified = sq_int(st, 4) != 0;
    out->telegram_verified_at = sq_int(st, 5);
    out->has_children = col_tristate(st, 6);
    out->plans_renovation = col_tristate(st, 7);
    out->renovation_when = renovation_when_parse((const char *)sqlite3_column_text(st, 8));
    out->renovation_rooms = (unsigned)sq_int(st, 9);
    out->newsletter = sq_int(st, 10) != 0;
    out->consent_at = sq_int(st, 11);
    out->language = sq_text(a, st, 12);
    sqlite3_reset(st);
    return BO_OK;
}

static enum bo_err
sqlite_profile_update(struct store *base, const struct profile *p)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_PROFILE_UPDATE);

    sqlite3_bind_int64(st, 1, p->user_id);
    sq_bind_text(st, 2, p->phone);
    bind_tristate(st, 3, p->has_children);
    bind_tristate(st, 4, p->plans_renovation);
    sq_bind_text(st, 5, renovation_when_name(p->renovation_when));
    sqlite3_bind_int64(st, 6, p->renovation_rooms);
    sqlite3_bind_int(st, 7, p->newsletter);
    sq_bind_text(st, 8, p->language);
    return exec_one(s, st);
}

static enum bo_err
sqlite_session_create(struct store *base, const struct refresh_session *rs)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_SESSION_INSERT);

    sq_bind_text(st, 1, rs->jti);
    sq_bind_text(st, 2, rs->family);
    sqlite3_bind_int64(st, 3, rs->user_id);
    sq_bind_text(st, 4, rs->token_hash);
    sqlite3_bind_int64(st, 5, rs->issued_at);
    sqlite3_bind_int64(st, 6, rs->expires_at);
    sq_bind_text(st, 7, rs->user_agent);
    sq_bind_text(st, 8, rs->ip);
    return sq_exec(s, st);
}

static enum bo_err
sqlite_session_find(struct store *base, struct arena *a, const char *token_hash,
                    struct refresh_session *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_SESSION_FIND);

    sq_bind_text(st, 1, token_hash);
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    out->jti = sq_text(a, st, 0);
    out->family = sq_text(a, st, 1);
    out->user_id = sq_int(st, 2);
    out->token_hash = sq_text(a, st, 3);
    out->issued_at = sq_int(st, 4);
    out->expires_at = sq_int(st, 5);
    out->revoked_at = sq_int(st, 6);
    out->replaced_by = sq_text(a, st, 7);
    out->user_agent = sq_text(a, st, 8);
    out->ip = sq_text(a, st, 9);
    sqlite3_reset(st);
    return BO_OK;
}

static enum bo_err
sqlite_session_rotate(struct store *base, const char *jti, const char *new_jti, int64_t now)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_SESSION_ROTATE);

    sq_bind_text(st, 1, jti);
    sq_bind_text(st, 2, new_jti);
    sqlite3_bind_int64(st, 3, now);
    enum bo_err err = exec_one(s, st);
    return err == BO_ERR_NOT_FOUND ? BO_ERR_CONFLICT : err;
}

static enum bo_err
revoke_many(struct sqlite_store *s, sqlite3_stmt *st, int *count)
{
    enum bo_err err = sq_exec(s, st);

    *count = err ? 0 : sqlite3_changes(s->db);
    return err;
}

static enum bo_err
sqlite_session_revoke_family(struct store *base, const char *family, int64_t now, int *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_SESSION_REVOKE_FAMILY);

    sq_bind_text(st, 1, family);
    sqlite3_bind_int64(st, 2, now);
    return revoke_many(s, st, count);
}

static enum bo_err
sqlite_session_revoke_user(struct store *base, int64_t user_id, int64_t now, int *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_SESSION_REVOKE_USER);

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, now);
    return revoke_many(s, st, count);
}

/* A single integer from a one-row query. */
static enum bo_err
query_int(struct sqlite_store *s, sqlite3_stmt *st, int64_t *out)
{
    enum bo_err err = sq_step_row(s, st);

    if (err == BO_OK) {
        *out = sq_int(st, 0);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_session_family_live(struct store *base, const char *family, int64_t now, bool *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_SESSION_FAMILY_LIVE);
    int64_t v = 0;

    sq_bind_text(st, 1, family);
    sqlite3_bind_int64(st, 2, now);
    enum bo_err err = query_int(s, st, &v);
    *out = v != 0;
    return err;
}

static enum bo_err
sqlite_recovery_replace(struct store *base, int64_t user_id, const struct recovery_code *codes,
                        size_t count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_RECOVERY_DELETE_UNUSED);

    sqlite3_bind_int64(st, 1, user_id);
    enum bo_err err = sq_exec(s, st);
    for (size_t i = 0; err == BO_OK && i < count; i++) {
        st = sq_stmt(s, ST_RECOVERY_INSERT);
        sqlite3_bind_int64(st, 1, user_id);
        sq_bind_text(st, 2, codes[i].code_hash);
        sqlite3_bind_int64(st, 3, codes[i].created_at);
        sqlite3_bind_int64(st, 4, codes[i].expires_at);
        err = sq_exec(s, st);
    }
    return err;
}

static enum bo_err
sqlite_recovery_use(struct store *base, int64_t user_id, const char *code_hash, int64_t now)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_RECOVERY_USE);

    sqlite3_bind_int64(st, 1, user_id);
    sq_bind_text(st, 2, code_hash);
    sqlite3_bind_int64(st, 3, now);
    return exec_one(s, st);
}

static enum bo_err
sqlite_recovery_count(struct store *base, int64_t user_id, int64_t now, int *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_RECOVERY_COUNT);
    int64_t v = 0;

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, now);
    enum bo_err err = query_int(s, st, &v);
    *out = (int)v;
    return err;
}

static enum bo_err
sqlite_token_create(struct store *base, const struct api_token *t, int64_t *id_out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TOKEN_INSERT);

    sqlite3_bind_int64(st, 1, t->user_id);
    sq_bind_text(st, 2, t->name);
    sq_bind_text(st, 3, t->prefix);
    sq_bind_text(st, 4, t->token_hash);
    sqlite3_bind_int64(st, 5, t->scopes);
    sqlite3_bind_int64(st, 6, t->created_at);
    sq_bind_time(st, 7, t->expires_at);
    return query_int(s, st, id_out);
}

/* TOKEN_COLS in sqlite.c: the ten columns read here. */
#define TOKEN_COL_COUNT 10

static void
read_token(struct arena *a, sqlite3_stmt *st, struct api_token *t)
{

    t->id = sq_int(st, 0);
    t->user_id = sq_int(st, 1);
    t->name = sq_text(a, st, 2);
    t->prefix = sq_text(a, st, 3);
    t->token_hash = sq_text(a, st, 4);
    t->scopes = (unsigned)sq_int(st, 5);
    t->created_at = sq_int(st, 6);
    t->expires_at = sq_int(st, 7);
    t->revoked_at = sq_int(st, 8);
    t->last_used_at = sq_int(st, 9);
}

static enum bo_err
sqlite_token_find(struct store *base, struct arena *a, const char *token_hash,
                  struct api_token *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TOKEN_FIND);

    sq_bind_text(st, 1, token_hash);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        read_token(a, st, out);
        sqlite3_reset(st);
    }
    return err;
}

/*
 * One statement, not two: each autocommit read starts a read transaction,
 * and one that sees a commit since the connection's last drops its whole
 * page cache; under a booking storm nearly every one does, and the pages
 * come back one pread at a time.
 */
static enum bo_err
sqlite_token_find_user(struct store *base, struct arena *a, const char *token_hash,
                       struct api_token *token, struct user *user)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TOKEN_FIND_USER);

    sq_bind_text(st, 1, token_hash);
    enum bo_err err = sq_step_row(s, st);
    if (err == BO_OK) {
        read_token(a, st, token);
        read_user_at(a, st, TOKEN_COL_COUNT, user);
        sqlite3_reset(st);
    }
    return err;
}

/* A user has a handful of tokens: the list grows by doubling in the arena. */
static enum bo_err
sqlite_token_list(struct store *base, struct arena *a, int64_t user_id, struct api_token **out,
                  size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TOKEN_LIST);
    size_t cap = 16, n = 0;
    struct api_token *list = arena_alloc(a, sizeof(*list) * cap);
    int rc;

    sqlite3_bind_int64(st, 1, user_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            struct api_token *bigger = arena_alloc(a, sizeof(*list) * cap * 2);
            memcpy(bigger, list, sizeof(*list) * cap);
            list = bigger;
            cap *= 2;
        }
        read_token(a, st, &list[n++]);
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_DONE ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_token_revoke(struct store *base, int64_t user_id, int64_t id, int64_t now)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TOKEN_REVOKE);

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int64(st, 3, now);
    return exec_one(s, st);
}

static enum bo_err
sqlite_token_touch(struct store *base, int64_t id, int64_t now)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_TOKEN_TOUCH);

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    return sq_exec(s, st);
}

static enum bo_err
sqlite_audit_add(struct store *base, const struct audit_entry *e)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_AUDIT_INSERT);

    sq_bind_time(st, 1, e->actor_user_id);
    sq_bind_text(st, 2, e->action);
    sq_bind_text(st, 3, e->target_type);
    sq_bind_text(st, 4, e->target_id);
    sq_bind_text(st, 5, e->payload);
    sq_bind_text(st, 6, e->ip);
    sqlite3_bind_int64(st, 7, e->created_at);
    return sq_exec(s, st);
}

static enum bo_err
sqlite_audit_list(struct store *base, struct arena *a, int64_t before_id, int limit,
                  struct audit_entry **out, size_t *count)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_AUDIT_LIST);
    struct audit_entry *list = arena_alloc(a, sizeof(*list) * (size_t)limit);
    size_t n = 0;
    int rc = SQLITE_DONE;

    sqlite3_bind_int64(st, 1, before_id);
    sqlite3_bind_int(st, 2, limit);
    while ((size_t)limit > n && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_entry *e = &list[n++];
        e->id = sq_int(st, 0);
        e->actor_user_id = sq_int(st, 1);
        e->action = sq_text(a, st, 2);
        e->target_type = sq_text(a, st, 3);
        e->target_id = sq_text(a, st, 4);
        e->payload = sq_text(a, st, 5);
        e->ip = sq_text(a, st, 6);
        e->created_at = sq_int(st, 7);
    }
    sqlite3_reset(st);
    *out = list;
    *count = n;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? BO_OK : sq_err(s, rc);
}

static enum bo_err
sqlite_throttle_hit(struct store *base, const char *key, int64_t now, int window, int *count,
                    int64_t *reset_at)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_THROTTLE_HIT);

    sq_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int(st, 3, window);
    enum bo_err err = sq_step_row(s, st);
    if (err) {
        return err;
    }
    *count = (int)sq_int(st, 0);
    *reset_at = sq_int(st, 1);
    sqlite3_reset(st);
    return BO_OK;
}

static enum bo_err
sqlite_throttle_peek(struct store *base, const char *key, int64_t now, int *count,
                     int64_t *reset_at)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_THROTTLE_PEEK);

    sq_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, now);
    enum bo_err err = sq_step_row(s, st);
    *count = 0;
    *reset_at = 0;
    if (err == BO_ERR_NOT_FOUND) {
        return BO_OK;
    }
    if (err == BO_OK) {
        *count = (int)sq_int(st, 0);
        *reset_at = sq_int(st, 1);
        sqlite3_reset(st);
    }
    return err;
}

static enum bo_err
sqlite_throttle_clear(struct store *base, const char *key)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st = sq_stmt(s, ST_THROTTLE_CLEAR);

    sq_bind_text(st, 1, key);
    return sq_exec(s, st);
}

const struct store_account_ops sqlite_account_ops = {
    .kv_get = sqlite_kv_get,
    .kv_put_if_absent = sqlite_kv_put_if_absent,
    .user_create = sqlite_user_create,
    .user_get = sqlite_user_get,
    .user_find_login = sqlite_user_find_login,
    .user_list = sqlite_user_list,
    .user_set_password = sqlite_user_set_password,
    .user_set_role = sqlite_user_set_role,
    .user_set_active = sqlite_user_set_active,
    .user_set_names = sqlite_user_set_names,
    .profile_get = sqlite_profile_get,
    .profile_update = sqlite_profile_update,
    .session_create = sqlite_session_create,
    .session_find = sqlite_session_find,
    .session_rotate = sqlite_session_rotate,
    .session_revoke_family = sqlite_session_revoke_family,
    .session_revoke_user = sqlite_session_revoke_user,
    .session_family_live = sqlite_session_family_live,
    .recovery_replace = sqlite_recovery_replace,
    .recovery_use = sqlite_recovery_use,
    .recovery_count = sqlite_recovery_count,
    .token_create = sqlite_token_create,
    .token_find = sqlite_token_find,
    .token_find_user = sqlite_token_find_user,
    .token_list = sqlite_token_list,
    .token_revoke = sqlite_token_revoke,
    .token_touch = sqlite_token_touch,
    .audit_add = sqlite_audit_add,
    .audit_list = sqlite_audit_list,
    .throttle_hit = sqlite_throttle_hit,
    .throttle_peek = sqlite_throttle_peek,
    .throttle_clear = sqlite_throttle_clear,
};
