/* SPDX-License-Identifier: MIT */
/*
 * accounts.c - users, profiles, sessions, recovery codes, API tokens, audit
 * log, throttling and key/value settings on PostgreSQL.
 *
 * Behaviour mirrors store/sqlite/accounts.c function for function; the
 * behaviour suite in tests/store/ holds both to it.
 */
#include "store/pg/pg_int.h"

#include <string.h>

#include "core/account.h"
#include "core/auth.h"
#include "lib/arena.h"

/* Run a statement expected to return at most one row; BO_ERR_NOT_FOUND if none. */
static enum bo_err
query_row(struct pg_store *s, enum stmt id, const struct pg_params *p, PGresult **out)
{
    enum bo_err err = pg_query(s, id, p, out);

    if (err == BO_OK && PQntuples(*out) == 0) {
        PQclear(*out);
        *out = NULL;
        return BO_ERR_NOT_FOUND;
    }
    return err;
}

/* A write that must touch a row: BO_ERR_NOT_FOUND when it touched none. */
static enum bo_err
exec_one(struct pg_store *s, enum stmt id, const struct pg_params *p)
{
    int64_t changed = 0;
    enum bo_err err = pg_exec(s, id, p, &changed);

    if (err == BO_OK && changed == 0) {
        return BO_ERR_NOT_FOUND;
    }
    return err;
}

/* A single integer from a one-row query. */
static enum bo_err
query_int(struct pg_store *s, enum stmt id, const struct pg_params *p, int64_t *out)
{
    PGresult *r;
    enum bo_err err = query_row(s, id, p, &r);

    if (err == BO_OK) {
        *out = pg_int(r, 0, 0);
        PQclear(r);
    }
    return err;
}

static void
param_tristate(struct pg_params *p, enum tristate v)
{
    if (v == TRI_UNSET) {
        pg_param_text(p, NULL);
    } else {
        pg_param_bool(p, v == TRI_YES);
    }
}

static enum tristate
col_tristate(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col)) {
        return TRI_UNSET;
    }
    return pg_bool(r, row, col) ? TRI_YES : TRI_NO;
}

/* The raw text of a column, borrowed from r; NULL for NULL. */
static const char *
col_raw(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static enum bo_err
pg_kv_get(struct store *base, struct arena *a, const char *key, const char **out)
{
    struct pg_params p = {0};
    PGresult *r;

    pg_param_text(&p, key);
    enum bo_err err = query_row(pg(base), ST_KV_GET, &p, &r);
    if (err == BO_OK) {
        *out = pg_text(a, r, 0, 0);
        PQclear(r);
    }
    return err;
}

static enum bo_err
pg_kv_put_if_absent(struct store *base, const char *key, const char *value)
{
    struct pg_params p = {0};

    pg_param_text(&p, key);
    pg_param_text(&p, value);
    return pg_exec(pg(base), ST_KV_PUT, &p, NULL);
}

/* The column list is USER_COLS in pg.c, from column col on. */
static void
read_user(struct arena *a, const PGresult *r, int row, int col, struct user *u)
{
    memset(u, 0, sizeof(*u));
    u->id = pg_int(r, row, col + 0);
    u->username = pg_text(a, r, row, col + 1);
    u->email = pg_text(a, r, row, col + 2);
    u->first_name = pg_text(a, r, row, col + 3);
    u->last_name = pg_text(a, r, row, col + 4);
    u->password_hash = pg_text(a, r, row, col + 5);
    u->referral_code = pg_text(a, r, row, col + 6);
    u->role = role_parse(col_raw(r, row, col + 7));
    u->is_active = pg_bool(r, row, col + 8);
    u->created_at = pg_int(r, row, col + 9);
    u->password_changed_at = pg_int(r, row, col + 10);
}

/*
 * The constraint names come from migrations/001_accounts.sql. store.h knows
 * only "username" and "email"; like SQLite, anything but email reports
 * "username" (a referral_code collision included).
 */
static const char *
conflict_column(const struct pg_store *s)
{
    return strcmp(s->err_constraint, "users_email_key") == 0 ? "email" : "username";
}

static enum bo_err
insert_profile(struct pg_store *s, int64_t user_id, const struct profile *pr)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    pg_param_text(&p, pr->phone);
    param_tristate(&p, pr->has_children);
    param_tristate(&p, pr->plans_renovation);
    pg_param_text(&p, renovation_when_name(pr->renovation_when));
    pg_param_int(&p, pr->renovation_rooms);
    pg_param_bool(&p, pr->newsletter);
    pg_param_int(&p, pr->consent_at);
    pg_param_text(&p, pr->language ? pr->language : "ru");
    return pg_exec(s, ST_PROFILE_INSERT, &p, NULL);
}

static enum bo_err
pg_user_create(struct store *base, const struct user *u, const struct profile *pr, int64_t *id_out,
               const char **conflict_field)
{
    struct pg_store *s = pg(base);
    struct pg_params p = {0};

    pg_param_text(&p, u->username);
    pg_param_text(&p, u->email);
    pg_param_text(&p, u->first_name ? u->first_name : "");
    pg_param_text(&p, u->last_name ? u->last_name : "");
    pg_param_text(&p, u->password_hash);
    pg_param_text(&p, u->referral_code);
    pg_param_text(&p, role_name(u->role));
    pg_param_bool(&p, u->is_active);
    pg_param_int(&p, u->created_at);
    enum bo_err err = query_int(s, ST_USER_INSERT, &p, id_out);
    if (err == BO_ERR_CONFLICT) {
        *conflict_field = conflict_column(s);
    }
    if (err) {
        return err;
    }
    return insert_profile(s, *id_out, pr);
}

static enum bo_err
get_user(struct pg_store *s, struct arena *a, enum stmt id, const struct pg_params *p,
         struct user *out)
{
    PGresult *r;
    enum bo_err err = query_row(s, id, p, &r);

    if (err == BO_OK) {
        read_user(a, r, 0, 0, out);
        PQclear(r);
    }
    return err;
}

static enum bo_err
pg_user_get(struct store *base, struct arena *a, int64_t id, struct user *out)
{
    struct pg_params p = {0};

    pg_param_int(&p, id);
    return get_user(pg(base), a, ST_USER_GET, &p, out);
}

static enum bo_err
pg_user_find_login(struct store *base, struct arena *a, const char *login, struct user *out)
{
    struct pg_params p = {0};

    pg_param_text(&p, login);
    return get_user(pg(base), a, strchr(login, '@') ? ST_USER_FIND_EMAIL : ST_USER_FIND_NAME, &p,
                    out);
}

static enum bo_err
pg_user_list(struct store *base, struct arena *a, int64_t after_id, int limit, struct user **out,
             size_t *count)
{
    struct pg_params p = {0};
    PGresult *r;

    *out = arena_alloc(a, sizeof(**out) * (size_t)limit);
    *count = 0;
    pg_param_int(&p, after_id);
    pg_param_int(&p, limit);
    enum bo_err err = pg_query(pg(base), ST_USER_LIST, &p, &r);
    if (err) {
        return err;
    }
    int rows = PQntuples(r);
    for (int i = 0; i < rows && i < limit; i++) {
        read_user(a, r, i, 0, &(*out)[i]);
        (*count)++;
    }
    PQclear(r);
    return BO_OK;
}

static enum bo_err
pg_user_set_password(struct store *base, int64_t id, const char *hash, int64_t now)
{
    struct pg_params p = {0};

    pg_param_int(&p, id);
    pg_param_text(&p, hash);
    pg_param_int(&p, now);
    return exec_one(pg(base), ST_USER_SET_PASSWORD, &p);
}

static enum bo_err
pg_user_set_role(struct store *base, int64_t id, int role)
{
    struct pg_params p = {0};

    pg_param_int(&p, id);
    pg_param_text(&p, role_name((enum role)role));
    return exec_one(pg(base), ST_USER_SET_ROLE, &p);
}

static enum bo_err
pg_user_set_active(struct store *base, int64_t id, bool active)
{
    struct pg_params p = {0};

    pg_param_int(&p, id);
    pg_param_bool(&p, active);
    return exec_one(pg(base), ST_USER_SET_ACTIVE, &p);
}

static enum bo_err
pg_user_set_names(struct store *base, int64_t id, const char *first, const char *last)
{
    struct pg_params p = {0};

    pg_param_int(&p, id);
    pg_param_text(&p, first ? first : "");
    pg_param_text(&p, last ? last : "");
    return exec_one(pg(base), ST_USER_SET_NAMES, &p);
}

static void
read_profile(struct arena *a, const PGresult *r, struct profile *out)
{
    memset(out, 0, sizeof(*out));
    out->user_id = pg_int(r, 0, 0);
    out->phone = pg_text(a, r, 0, 1);
    out->telegram_username = pg_text(a, r, 0, 2);
    out->telegram_chat_id = pg_text(a, r, 0, 3);
    out->is_telegram_verified = pg_bool(r, 0, 4);
    out->telegram_verified_at = pg_int(r, 0, 5);
    out->has_children = col_tristate(r, 0, 6);
    out->plans_renovation = col_tristate(r, 0, 7);
    out->renovation_when = renovation_when_parse(col_raw(r, 0, 8));
    out->renovation_rooms = (unsigned)pg_int(r, 0, 9);
    out->newsletter = pg_bool(r, 0, 10);
    out->consent_at = pg_int(r, 0, 11);
    out->language = pg_text(a, r, 0, 12);
}

static enum bo_err
pg_profile_get(struct store *base, struct arena *a, int64_t user_id, struct profile *out)
{
    struct pg_params p = {0};
    PGresult *r;

    pg_param_int(&p, user_id);
    enum bo_err err = query_row(pg(base), ST_PROFILE_GET, &p, &r);
    if (err == BO_OK) {
        read_profile(a, r, out);
        PQclear(r);
    }
    return err;
}

static enum bo_err
pg_profile_update(struct store *base, const struct profile *pr)
{
    struct pg_params p = {0};

    pg_param_int(&p, pr->user_id);
    pg_param_text(&p, pr->phone);
    param_tristate(&p, pr->has_children);
    param_tristate(&p, pr->plans_renovation);
    pg_param_text(&p, renovation_when_name(pr->renovation_when));
    pg_param_int(&p, pr->renovation_rooms);
    pg_param_bool(&p, pr->newsletter);
    pg_param_text(&p, pr->language);
    return exec_one(pg(base), ST_PROFILE_UPDATE, &p);
}

static enum bo_err
pg_session_create(struct store *base, const struct refresh_session *rs)
{
    struct pg_params p = {0};

    pg_param_text(&p, rs->jti);
    pg_param_text(&p, rs->family);
    pg_param_int(&p, rs->user_id);
    pg_param_text(&p, rs->token_hash);
    pg_param_int(&p, rs->issued_at);
    pg_param_int(&p, rs->expires_at);
    pg_param_text(&p, rs->user_agent);
    pg_param_text(&p, rs->ip);
    return pg_exec(pg(base), ST_SESSION_INSERT, &p, NULL);
}

static void
read_session(struct arena *a, const PGresult *r, struct refresh_session *out)
{
    out->jti = pg_text(a, r, 0, 0);
    out->family = pg_text(a, r, 0, 1);
    out->user_id = pg_int(r, 0, 2);
    out->token_hash = pg_text(a, r, 0, 3);
    out->issued_at = pg_int(r, 0, 4);
    out->expires_at = pg_int(r, 0, 5);
    out->revoked_at = pg_int(r, 0, 6);
    out->replaced_by = pg_text(a, r, 0, 7);
    out->user_agent = pg_text(a, r, 0, 8);
    out->ip = pg_text(a, r, 0, 9);
}

static enum bo_err
pg_session_find(struct store *base, struct arena *a, const char *token_hash,
                struct refresh_session *out)
{
    struct pg_params p = {0};
    PGresult *r;

    pg_param_text(&p, token_hash);
    enum bo_err err = query_row(pg(base), ST_SESSION_FIND, &p, &r);
    if (err == BO_OK) {
        read_session(a, r, out);
        PQclear(r);
    }
    return err;
}

static enum bo_err
pg_session_rotate(struct store *base, const char *jti, const char *new_jti, int64_t now)
{
    struct pg_params p = {0};

    pg_param_text(&p, jti);
    pg_param_text(&p, new_jti);
    pg_param_int(&p, now);
    enum bo_err err = exec_one(pg(base), ST_SESSION_ROTATE, &p);
    return err == BO_ERR_NOT_FOUND ? BO_ERR_CONFLICT : err;
}

static enum bo_err
revoke_many(struct pg_store *s, enum stmt id, const struct pg_params *p, int *count)
{
    int64_t changed = 0;
    enum bo_err err = pg_exec(s, id, p, &changed);

    *count = err ? 0 : (int)changed;
    return err;
}

static enum bo_err
pg_session_revoke_family(struct store *base, const char *family, int64_t now, int *count)
{
    struct pg_params p = {0};

    pg_param_text(&p, family);
    pg_param_int(&p, now);
    return revoke_many(pg(base), ST_SESSION_REVOKE_FAMILY, &p, count);
}

static enum bo_err
pg_session_revoke_user(struct store *base, int64_t user_id, int64_t now, int *count)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    pg_param_int(&p, now);
    return revoke_many(pg(base), ST_SESSION_REVOKE_USER, &p, count);
}

static enum bo_err
pg_session_family_live(struct store *base, const char *family, int64_t now, bool *out)
{
    struct pg_params p = {0};
    PGresult *r;

    *out = false;
    pg_param_text(&p, family);
    pg_param_int(&p, now);
    enum bo_err err = query_row(pg(base), ST_SESSION_FAMILY_LIVE, &p, &r);
    if (err == BO_OK) {
        *out = pg_bool(r, 0, 0);
        PQclear(r);
    }
    return err;
}

static enum bo_err
pg_recovery_replace(struct store *base, int64_t user_id, const struct recovery_code *codes,
                    size_t count)
{
    struct pg_store *s = pg(base);
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    enum bo_err err = pg_exec(s, ST_RECOVERY_DELETE_UNUSED, &p, NULL);
    for (size_t i = 0; err == BO_OK && i < count; i++) {
        struct pg_params ins = {0};
        pg_param_int(&ins, user_id);
        pg_param_text(&ins, codes[i].code_hash);
        pg_param_int(&ins, codes[i].created_at);
        pg_param_int(&ins, codes[i].expires_at);
        err = pg_exec(s, ST_RECOVERY_INSERT, &ins, NULL);
    }
    return err;
}

static enum bo_err
pg_recovery_use(struct store *base, int64_t user_id, const char *code_hash, int64_t now)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    pg_param_text(&p, code_hash);
    pg_param_int(&p, now);
    return exec_one(pg(base), ST_RECOVERY_USE, &p);
}

static enum bo_err
pg_recovery_count(struct store *base, int64_t user_id, int64_t now, int *out)
{
    struct pg_params p = {0};
    int64_t v = 0;

    pg_param_int(&p, user_id);
    pg_param_int(&p, now);
    enum bo_err err = query_int(pg(base), ST_RECOVERY_COUNT, &p, &v);
    *out = (int)v;
    return err;
}

static enum bo_err
pg_token_create(struct store *base, const struct api_token *t, int64_t *id_out)
{
    struct pg_params p = {0};

    pg_param_int(&p, t->user_id);
    pg_param_text(&p, t->name);
    pg_param_text(&p, t->prefix);
    pg_param_text(&p, t->token_hash);
    pg_param_int(&p, t->scopes);
    pg_param_int(&p, t->created_at);
    pg_param_time(&p, t->expires_at);
    return query_int(pg(base), ST_TOKEN_INSERT, &p, id_out);
}

static void
read_token(struct arena *a, const PGresult *r, int row, int col, struct api_token *t)
{
    t->id = pg_int(r, row, col + 0);
    t->user_id = pg_int(r, row, col + 1);
    t->name = pg_text(a, r, row, col + 2);
    t->prefix = pg_text(a, r, row, col + 3);
    t->token_hash = pg_text(a, r, row, col + 4);
    t->scopes = (unsigned)pg_int(r, row, col + 5);
    t->created_at = pg_int(r, row, col + 6);
    t->expires_at = pg_int(r, row, col + 7);
    t->revoked_at = pg_int(r, row, col + 8);
    t->last_used_at = pg_int(r, row, col + 9);
}

/* The token and its user in one round trip: TOKEN_COLS, then USER_COLS. */
static enum bo_err
pg_token_find_user(struct store *base, struct arena *a, const char *token_hash,
                   struct api_token *token, struct user *user)
{
    struct pg_params p = {0};
    PGresult *r;

    pg_param_text(&p, token_hash);
    enum bo_err err = query_row(pg(base), ST_TOKEN_FIND_USER, &p, &r);
    if (err == BO_OK) {
        read_token(a, r, 0, 0, token);
        read_user(a, r, 0, 10, user);
        PQclear(r);
    }
    return err;
}

static enum bo_err
pg_token_find(struct store *base, struct arena *a, const char *token_hash, struct api_token *out)
{
    struct pg_params p = {0};
    PGresult *r;

    pg_param_text(&p, token_hash);
    enum bo_err err = query_row(pg(base), ST_TOKEN_FIND, &p, &r);
    if (err == BO_OK) {
        read_token(a, r, 0, 0, out);
        PQclear(r);
    }
    return err;
}

static enum bo_err
pg_token_list(struct store *base, struct arena *a, int64_t user_id, struct api_token **out,
              size_t *count)
{
    struct pg_params p = {0};
    PGresult *r;

    *out = NULL;
    *count = 0;
    pg_param_int(&p, user_id);
    enum bo_err err = pg_query(pg(base), ST_TOKEN_LIST, &p, &r);
    if (err) {
        return err;
    }
    int rows = PQntuples(r);
    /* At least one element, so *out is never NULL on success (as on SQLite). */
    *out = arena_alloc(a, sizeof(**out) * (size_t)(rows > 0 ? rows : 1));
    for (int i = 0; i < rows; i++) {
        read_token(a, r, i, 0, &(*out)[i]);
    }
    *count = (size_t)rows;
    PQclear(r);
    return BO_OK;
}

static enum bo_err
pg_token_revoke(struct store *base, int64_t user_id, int64_t id, int64_t now)
{
    struct pg_params p = {0};

    pg_param_int(&p, user_id);
    pg_param_int(&p, id);
    pg_param_int(&p, now);
    return exec_one(pg(base), ST_TOKEN_REVOKE, &p);
}

static enum bo_err
pg_token_touch(struct store *base, int64_t id, int64_t now)
{
    struct pg_params p = {0};

    pg_param_int(&p, id);
    pg_param_int(&p, now);
    return pg_defer(pg(base), ST_TOKEN_TOUCH, &p); /* a flush of many touches: one round trip */
}

/* One statement for a whole flush: a statement per token cost the writer ~30 us each. */
static enum bo_err
pg_token_touch_all(struct store *base, const int64_t *ids, const int64_t *ats, size_t n)
{
    struct pg_array id_list = {0}, at_list = {0};
    struct pg_params p = {0};

    for (size_t i = 0; i < n; i++) {
        pg_array_int(&id_list, ids[i]);
        pg_array_int(&at_list, ats[i]);
    }
    pg_param_text(&p, pg_array_end(&id_list));
    pg_param_text(&p, pg_array_end(&at_list));
    enum bo_err err = pg_exec(pg(base), ST_TOKEN_TOUCH_ALL, &p, NULL);
    pg_array_free(&id_list);
    pg_array_free(&at_list);
    return err;
}

static enum bo_err
pg_audit_add(struct store *base, const struct audit_entry *e)
{
    struct pg_params p = {0};

    pg_param_time(&p, e->actor_user_id); /* 0 (anonymous) is NULL, as on SQLite */
    pg_param_text(&p, e->action);
    pg_param_text(&p, e->target_type);
    pg_param_text(&p, e->target_id);
    pg_param_text(&p, e->payload);
    pg_param_text(&p, e->ip);
    pg_param_int(&p, e->created_at);
    return pg_exec(pg(base), ST_AUDIT_INSERT, &p, NULL);
}

static void
read_audit(struct arena *a, const PGresult *r, int row, struct audit_entry *e)
{
    e->id = pg_int(r, row, 0);
    e->actor_user_id = pg_int(r, row, 1);
    e->action = pg_text(a, r, row, 2);
    e->target_type = pg_text(a, r, row, 3);
    e->target_id = pg_text(a, r, row, 4);
    e->payload = pg_text(a, r, row, 5);
    e->ip = pg_text(a, r, row, 6);
    e->created_at = pg_int(r, row, 7);
}

static enum bo_err
pg_audit_list(struct store *base, struct arena *a, int64_t before_id, int limit,
              struct audit_entry **out, size_t *count)
{
    struct pg_params p = {0};
    PGresult *r;

    *out = arena_alloc(a, sizeof(**out) * (size_t)limit);
    *count = 0;
    pg_param_int(&p, before_id);
    pg_param_int(&p, limit);
    enum bo_err err = pg_query(pg(base), ST_AUDIT_LIST, &p, &r);
    if (err) {
        return err;
    }
    int rows = PQntuples(r);
    for (int i = 0; i < rows && i < limit; i++) {
        read_audit(a, r, i, &(*out)[i]);
        (*count)++;
    }
    PQclear(r);
    return BO_OK;
}

static enum bo_err
pg_throttle_hit(struct store *base, const char *key, int64_t now, int window, int *count,
                int64_t *reset_at)
{
    struct pg_params p = {0};
    PGresult *r;

    pg_param_text(&p, key);
    pg_param_int(&p, now);
    pg_param_int(&p, window);
    enum bo_err err = query_row(pg(base), ST_THROTTLE_HIT, &p, &r);
    if (err) {
        return err;
    }
    *count = (int)pg_int(r, 0, 0);
    *reset_at = pg_int(r, 0, 1);
    PQclear(r);
    return BO_OK;
}

static enum bo_err
pg_throttle_peek(struct store *base, const char *key, int64_t now, int *count, int64_t *reset_at)
{
    struct pg_params p = {0};
    PGresult *r;

    *count = 0;
    *reset_at = 0;
    pg_param_text(&p, key);
    pg_param_int(&p, now);
    enum bo_err err = query_row(pg(base), ST_THROTTLE_PEEK, &p, &r);
    if (err == BO_ERR_NOT_FOUND) {
        return BO_OK;
    }
    if (err == BO_OK) {
        *count = (int)pg_int(r, 0, 0);
        *reset_at = pg_int(r, 0, 1);
        PQclear(r);
    }
    return err;
}

static enum bo_err
pg_throttle_clear(struct store *base, const char *key)
{
    struct pg_params p = {0};

    pg_param_text(&p, key);
    return pg_exec(pg(base), ST_THROTTLE_CLEAR, &p, NULL);
}

const struct store_account_ops pg_account_ops = {
    .kv_get = pg_kv_get,
    .kv_put_if_absent = pg_kv_put_if_absent,
    .user_create = pg_user_create,
    .user_get = pg_user_get,
    .user_find_login = pg_user_find_login,
    .user_list = pg_user_list,
    .user_set_password = pg_user_set_password,
    .user_set_role = pg_user_set_role,
    .user_set_active = pg_user_set_active,
    .user_set_names = pg_user_set_names,
    .profile_get = pg_profile_get,
    .profile_update = pg_profile_update,
    .session_create = pg_session_create,
    .session_find = pg_session_find,
    .session_rotate = pg_session_rotate,
    .session_revoke_family = pg_session_revoke_family,
    .session_revoke_user = pg_session_revoke_user,
    .session_family_live = pg_session_family_live,
    .recovery_replace = pg_recovery_replace,
    .recovery_use = pg_recovery_use,
    .recovery_count = pg_recovery_count,
    .token_create = pg_token_create,
    .token_find = pg_token_find,
    .token_find_user = pg_token_find_user,
    .token_list = pg_token_list,
    .token_revoke = pg_token_revoke,
    .token_touch = pg_token_touch,
    .token_touch_all = pg_token_touch_all,
    .audit_add = pg_audit_add,
    .audit_list = pg_audit_list,
    .throttle_hit = pg_throttle_hit,
    .throttle_peek = pg_throttle_peek,
    .throttle_clear = pg_throttle_clear,
};
