/* SPDX-License-Identifier: MIT */
#include "app/auth.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "app/audit.h"
#include "app/env.h"
#include "app/password.h"
#include "app/tx.h"
#include "config.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/jsonw.h"
#include "lib/token.h"
#include "store/store.h"

#define ACCESS_PREFIX "bo_at_"
#define REFRESH_PREFIX "bo_rt_"
#define API_TOKEN_PREFIX "bo_pat_"
#define FAMILY_LEN 16
#define RECOVERY_TTL (365 * 86400)
#define TOKEN_TOUCH_EVERY 60

/* The signed part of an access token, big-endian on the wire. */
struct access_claims {
    int64_t user_id;
    int64_t expires_at;
    uint8_t family[FAMILY_LEN];
};

static void
put64(uint8_t *p, int64_t v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (uint8_t)(v & 0xff);
        v = (int64_t)((uint64_t)v >> 8);
    }
}

static int64_t
get64(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 0; i < 8; i++) {
        v = v << 8 | p[i];
    }
    return (int64_t)v;
}

static char *
access_sign(const struct app_env *env, struct arena *a, const struct access_claims *cl)
{
    uint8_t payload[16 + FAMILY_LEN];
    uint8_t mac[32];

    put64(payload, cl->user_id);
    put64(payload + 8, cl->expires_at);
    memcpy(payload + 16, cl->family, FAMILY_LEN);
    token_hmac(env->access_key, payload, sizeof(payload), mac);
    return arena_printf(a, ACCESS_PREFIX "%s.%s", token_b64(a, payload, sizeof(payload)),
                        token_b64(a, mac, sizeof(mac)));
}

/* False unless the token is well formed and its signature is ours. */
static bool
access_parse(const struct app_env *env, const char *tok, struct access_claims *out)
{
    uint8_t payload[16 + FAMILY_LEN], mac[32], want[32];
    char part[64];
    size_t len = 0;
    const char *body = tok + strlen(ACCESS_PREFIX);
    const char *dot = strchr(body, '.');

    if (dot == NULL || (size_t)(dot - body) >= sizeof(part)) {
        return false;
    }
    memcpy(part, body, (size_t)(dot - body));
    part[dot - body] = '\0';
    if (!token_unb64(part, payload, sizeof(payload), &len) || len != sizeof(payload) ||
        !token_unb64(dot + 1, mac, sizeof(mac), &len) || len != sizeof(mac)) {
        return false;
    }
    token_hmac(env->access_key, payload, sizeof(payload), want);
    if (!token_equal(mac, want, sizeof(mac))) {
        return false;
    }
    out->user_id = get64(payload);
    out->expires_at = get64(payload + 8);
    memcpy(out->family, payload + 16, FAMILY_LEN);
    return true;
}

static char *
lower_dup(struct arena *a, const char *s)
{
    char *p = arena_strdup(a, s);

    for (char *q = p; *q; q++) {
        *q = (char)tolower((unsigned char)*q);
    }
    return p;
}

/*
 * Insert a refresh session (id jti, in family) for u and fill out with a
 * fresh pair. Runs inside the caller's transaction.
 */
static enum bo_err
issue_pair(struct ctx *c, const struct user *u, const char *family, const char *jti,
           struct token_pair *out)
{
    const struct config *cfg = c->env->cfg;
    char hash[TOKEN_HASH_LEN + 1];
    struct access_claims cl = {.user_id = u->id, .expires_at = c->now + cfg->access_ttl};

    if (!token_unhex(family, cl.family, FAMILY_LEN)) {
        return ctx_fail(c, BO_ERR_INTERNAL, NULL, "malformed session family");
    }
    out->refresh_token = token_new(c->arena, REFRESH_PREFIX);
    token_hash(out->refresh_token, hash);
    struct refresh_session rs = {
        .jti = jti,
        .family = family,
        .user_id = u->id,
        .token_hash = hash,
        .issued_at = c->now,
        .expires_at = c->now + cfg->refresh_ttl,
        .user_agent = c->user_agent,
        .ip = c->client_addr,
    };
    enum bo_err err = store_session_create(c->store, &rs);
    if (err) {
        return ctx_fail(c, err, NULL, "could not store the session");
    }
    out->access_token = access_sign(c->env, c->arena, &cl);
    out->access_expires_in = cfg->access_ttl;
    out->refresh_expires_in = cfg->refresh_ttl;
    out->user_id = u->id;
    out->username = u->username;
    out->role = u->role;
    out->family = family;
    return BO_OK;
}

/* --- throttling ------------------------------------------------------- */

static enum bo_err
throttle_check(struct ctx *c, const char *key, int limit)
{
    int count = 0;
    int64_t reset_at = 0;
    enum bo_err err = store_throttle_peek(c->store, key, c->now, &count, &reset_at);

    if (err) {
        return ctx_fail(c, err, NULL, "could not read the throttle");
    }
    if (count >= limit) {
        c->retry_after = (int)(reset_at - c->now);
        return ctx_fail(c, BO_ERR_RATE_LIMITED, NULL,
                        "too many failed attempts; try again in %d seconds", c->retry_after);
    }
    return BO_OK;
}

static void
throttle_fail(struct ctx *c, const char *key)
{
    int count = 0;
    int64_t reset_at = 0;

    store_throttle_hit(c->store, key, c->now, c->env->cfg->login_window, &count, &reset_at);
}

/* Keys "<what>:acct:<login>" and "<what>:addr:<client>"; checks both. */
static enum bo_err
throttle_both(struct ctx *c, const char *what, const char *login, const char *keys[2])
{
    const struct config *cfg = c->env->cfg;

    keys[0] = arena_printf(c->arena, "%s:acct:%s", what, login);
    keys[1] = arena_printf(c->arena, "%s:addr:%s", what, c->client_addr ? c->client_addr : "-");
    enum bo_err err = throttle_check(c, keys[0], cfg->login_account_limit);
    return err ? err : throttle_check(c, keys[1], cfg->login_addr_limit);
}

/* --- cookie sessions: CSRF --------------------------------------------- */

const char *
auth_csrf_token(struct ctx *c, const char *family)
{
    char *out = arena_alloc(c->arena, TOKEN_HASH_LEN + 1);

    token_hmac_hex(c->env->csrf_key, family, out);
    return out;
}

static bool
csrf_matches(struct ctx *c, const char *family, const char *sent)
{
    const char *want = auth_csrf_token(c, family);

    return sent != NULL && strlen(sent) == TOKEN_HASH_LEN &&
           token_equal(want, sent, TOKEN_HASH_LEN);
}

bool
auth_csrf_ok(struct ctx *c, const char *sent)
{
    return c->actor.session_family != NULL && csrf_matches(c, c->actor.session_family, sent);
}

/* --- sign in / out ------------------------------------------------------ */

enum bo_err
auth_login(struct ctx *c, const char *login, const char *password, struct token_pair *out)
{
    const char *keys[2];
    const char *norm = lower_dup(c->arena, login);
    struct user u;

    enum bo_err err = throttle_both(c, "login", norm, keys);
    if (err) {
        return err;
    }
    err = store_user_find_login(c->store, c->arena, norm, &u);
    if (err && err != BO_ERR_NOT_FOUND) {
        return ctx_fail(c, err, NULL, "could not read the account");
    }
    /* An unknown user costs one hash too, so timing does not tell them apart. */
    bool found = err == BO_OK;
    bool ok = password_verify(c->env, found ? u.password_hash : c->env->dummy_hash, password);
    if (!found || !ok) {
        throttle_fail(c, keys[0]);
        throttle_fail(c, keys[1]);
        if (found) {
            audit_write_alone(c, "auth.login_failed", "user", u.id, NULL);
        }
        return ctx_fail(c, BO_ERR_UNAUTHORIZED, NULL, "wrong username, email or password");
    }
    if (!u.is_active) {
        return ctx_fail(c, BO_ERR_FORBIDDEN, NULL, "this account is deactivated");
    }
    c->actor.user_id = u.id;
    err = tx_begin(c);
    if (err) {
        return err;
    }
    err = store_throttle_clear(c->store, keys[0]);
    if (err == BO_OK) {
        err = issue_pair(c, &u, token_id(c->arena), token_id(c->arena), out);
    }
    if (err == BO_OK) {
        err = audit_write(c, "auth.login", "user", u.id, NULL);
    }
    return tx_end(c, err);
}

/* A rotated token came back: someone holds a copy. End the whole family. */
static enum bo_err
refresh_reused(struct ctx *c, const struct refresh_session *rs)
{
    int count = 0;

    c->actor.user_id = rs->user_id;
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_session_revoke_family(c->store, rs->family, c->now, &count);
    }
    if (err == BO_OK) {
        err = audit_write(c, "auth.refresh_reuse", "session", 0,
                          jsonw_object(c->arena,
                                       (struct jsonw_member[]){{"family", rs->family, 0},
                                                               {"revoked", NULL, count}},
                                       2));
    }
    tx_end(c, err);
    ctx_clear_error(c);
    return ctx_fail(c, BO_ERR_UNAUTHORIZED, NULL,
                    "refresh token was already used; every session of this sign-in is ended");
}

static enum bo_err
check_refreshable(struct ctx *c, const struct refresh_session *rs, struct user *u)
{
    if (rs->revoked_at != 0 && rs->replaced_by != NULL) {
        return refresh_reused(c, rs);
    }
    if (!session_is_live(rs, c->now)) {
        return ctx_fail(c, BO_ERR_UNAUTHORIZED, NULL, "the session has ended; sign in again");
    }
    enum bo_err err = store_user_get(c->store, c->arena, rs->user_id, u);
    if (err) {
        return ctx_fail(c, err == BO_ERR_NOT_FOUND ? BO_ERR_UNAUTHORIZED : err, NULL,
                        "the account is gone");
    }
    if (!u->is_active) {
        return ctx_fail(c, BO_ERR_FORBIDDEN, NULL, "this account is deactivated");
    }
    return BO_OK;
}

enum bo_err
auth_refresh(struct ctx *c, const char *refresh_token, const char *csrf, struct token_pair *out)
{
    char hash[TOKEN_HASH_LEN + 1];
    struct refresh_session rs;
    struct user u;

    token_hash(refresh_token, hash);
    enum bo_err err = store_session_find(c->store, c->arena, hash, &rs);
    if (err) {
        return ctx_fail(c, err == BO_ERR_NOT_FOUND ? BO_ERR_UNAUTHORIZED : err, NULL,
                        "refresh token is not valid");
    }
    if (csrf != NULL && !csrf_matches(c, rs.family, csrf)) {
        return ctx_fail(c, BO_ERR_FORBIDDEN, "X-CSRF-Token",
                        "send the session's CSRF token in X-CSRF-Token");
    }
    err = check_refreshable(c, &rs, &u);
    if (err) {
        return err;
    }
    const char *next_jti = token_id(c->arena);
    err = tx_begin(c);
    if (err) {
        return err;
    }
    err = store_session_rotate(c->store, rs.jti, next_jti, c->now);
    if (err == BO_ERR_CONFLICT) {
        /* Rotated by a concurrent request with the same token: a replay. */
        store_rollback(c->store);
        rs.replaced_by = next_jti;
        return refresh_reused(c, &rs);
    }
    if (err == BO_OK) {
        err = issue_pair(c, &u, rs.family, next_jti, out);
    }
    return tx_end(c, err);
}

enum bo_err
auth_logout(struct ctx *c)
{
    int count = 0;
    enum bo_err err = tx_begin(c);

    if (err) {
        return err;
    }
    err = store_session_revoke_family(c->store, c->actor.session_family, c->now, &count);
    if (err == BO_OK) {
        err = audit_write(c, "auth.logout", "user", c->actor.user_id, NULL);
    }
    return tx_end(c, err);
}

enum bo_err
auth_logout_all(struct ctx *c, int *revoked)
{
    enum bo_err err = tx_begin(c);

    if (err) {
        return err;
    }
    err = store_session_revoke_user(c->store, c->actor.user_id, c->now, revoked);
    if (err == BO_OK) {
        err = audit_write(
            c, "auth.logout_all", "user", c->actor.user_id,
            jsonw_object(c->arena, (struct jsonw_member[]){{"revoked", NULL, *revoked}}, 1));
    }
    return tx_end(c, err);
}

/* --- bearer authentication ---------------------------------------------- */

/* The user read for a token (err: how that read went) may act. */
static enum bo_err
check_actor_user(struct ctx *c, enum bo_err err, const struct user *u)
{
    if (err) {
        return ctx_fail(c, err == BO_ERR_NOT_FOUND ? BO_ERR_UNAUTHORIZED : err, NULL,
                        "the account of this token is gone");
    }
    if (!u->is_active) {
        return ctx_fail(c, BO_ERR_FORBIDDEN, NULL, "this account is deactivated");
    }
    return BO_OK;
}

static enum bo_err
load_actor_user(struct ctx *c, int64_t user_id, struct user *u)
{
    return check_actor_user(c, store_user_get(c->store, c->arena, user_id, u), u);
}

static enum bo_err
authenticate_access(struct ctx *c, const char *tok)
{
    struct access_claims cl;
    struct user u;
    bool live = false;

    if (!access_parse(c->env, tok, &cl)) {
        return ctx_fail(c, BO_ERR_UNAUTHORIZED, NULL, "access token is not valid");
    }
    if (cl.expires_at <= c->now) {
        return ctx_fail(c, BO_ERR_UNAUTHORIZED, NULL, "access token has expired; refresh it");
    }
    enum bo_err err = load_actor_user(c, cl.user_id, &u);
    if (err) {
        return err;
    }
    const char *family = token_hex(c->arena, cl.family, FAMILY_LEN);
    err = store_session_family_live(c->store, family, c->now, &live);
    if (err || !live) {
        return ctx_fail(c, err ? err : BO_ERR_UNAUTHORIZED, NULL, "the session has ended");
    }
    c->actor = (struct actor){.user_id = u.id,
                              .role = u.role,
                              .scopes = SCOPE_ALL,
                              .via = AUTH_SESSION,
                              .session_family = family};
    return BO_OK;
}

static enum bo_err
authenticate_api_token(struct ctx *c, const char *tok)
{
    char hash[TOKEN_HASH_LEN + 1];
    struct api_token t;
    struct user u;

    token_hash(tok, hash);
    /* The token and its user in one read: one round trip on PostgreSQL, on every request. */
    enum bo_err err = store_token_find_user(c->store, c->arena, hash, &t, &u);
    if (err || !api_token_is_live(&t, c->now)) {
        return ctx_fail(c, err && err != BO_ERR_NOT_FOUND ? err : BO_ERR_UNAUTHORIZED, NULL,
                        "API token is not valid");
    }
    err = check_actor_user(c, BO_OK, &u);
    if (err) {
        return err;
    }
    if (c->now - t.last_used_at >= TOKEN_TOUCH_EVERY) {
        app_note_token_use(c->env, t.id, c->now); /* written by the scheduler */
    }
    c->actor =
        (struct actor){.user_id = u.id, .role = u.role, .scopes = t.scopes, .via = AUTH_API_TOKEN};
    return BO_OK;
}

enum bo_err
auth_authenticate(struct ctx *c, const char *authorization)
{
    if (authorization == NULL) {
        return BO_OK;
    }
    if (strncasecmp(authorization, "Bearer ", 7) != 0) {
        return ctx_fail(c, BO_ERR_UNAUTHORIZED, NULL, "use: Authorization: Bearer <token>");
    }
    const char *tok = authorization + 7;
    while (*tok == ' ') {
        tok++;
    }
    if (strncmp(tok, ACCESS_PREFIX, strlen(ACCESS_PREFIX)) == 0) {
        return authenticate_access(c, tok);
    }
    if (strncmp(tok, API_TOKEN_PREFIX, strlen(API_TOKEN_PREFIX)) == 0) {
        return authenticate_api_token(c, tok);
    }
    return ctx_fail(c, BO_ERR_UNAUTHORIZED, NULL, "token is not valid");
}

enum bo_err
auth_authenticate_cookie(struct ctx *c, const char *access_token)
{
    if (strncmp(access_token, ACCESS_PREFIX, strlen(ACCESS_PREFIX)) != 0) {
        return ctx_fail(c, BO_ERR_UNAUTHORIZED, NULL, "the session cookie is not valid");
    }
    return authenticate_access(c, access_token);
}

/* --- passwords and recovery codes ---------------------------------------- */

/* No 0/O, 1/I: codes are read aloud and typed by hand. 32 symbols: 5 bits each. */
static const char code_alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

static char *
recovery_code_new(struct arena *a)
{
    char *code = arena_alloc(a, 24);
    size_t n = 0;

    for (int group = 0; group < 4; group++) {
        for (int i = 0; i < 5; i++) {
            code[n++] = code_alphabet[token_uniform(sizeof(code_alphabet) - 1)];
        }
        code[n++] = group < 3 ? '-' : '\0';
    }
    return code;
}

/* Upper-case, without separators: "abcde fghij" and "ABCDE-FGHIJ" are one code. */
static void
recovery_code_hash(const struct app_env *env, struct arena *a, const char *code,
                   char out[TOKEN_HASH_LEN + 1])
{
    char *norm = arena_alloc(a, strlen(code) + 1);
    size_t n = 0;

    for (const char *p = code; *p; p++) {
        if (*p != '-' && *p != ' ') {
            norm[n++] = (char)toupper((unsigned char)*p);
        }
    }
    norm[n] = '\0';
    token_hmac_hex(env->recovery_key, norm, out);
}

enum bo_err
auth_recovery_issue(struct ctx *c, const char ***codes, int64_t *expires_at)
{
    struct recovery_code rows[RECOVERY_CODE_COUNT];
    const char **list = arena_alloc(c->arena, sizeof(*list) * RECOVERY_CODE_COUNT);

    *expires_at = c->now + RECOVERY_TTL;
    for (int i = 0; i < RECOVERY_CODE_COUNT; i++) {
        char *hash = arena_alloc(c->arena, TOKEN_HASH_LEN + 1);

        list[i] = recovery_code_new(c->arena);
        recovery_code_hash(c->env, c->arena, list[i], hash);
        rows[i] = (struct recovery_code){.user_id = c->actor.user_id,
                                         .code_hash = hash,
                                         .created_at = c->now,
                                         .expires_at = *expires_at};
    }
    enum bo_err err = tx_begin(c);
    if (err) {
        return err;
    }
    err = store_recovery_replace(c->store, c->actor.user_id, rows, RECOVERY_CODE_COUNT);
    if (err == BO_OK) {
        err = audit_write(c, "auth.recovery_codes_issued", "user", c->actor.user_id, NULL);
    }
    *codes = list;
    return tx_end(c, err);
}

/* Set the password and end every session, in the open transaction. */
static enum bo_err
replace_password(struct ctx *c, const struct user *u, const char *hash, const char *action)
{
    int revoked = 0;
    enum bo_err err = store_user_set_password(c->store, u->id, hash, c->now);

    if (err == BO_OK) {
        err = store_session_revoke_user(c->store, u->id, c->now, &revoked);
    }
    if (err == BO_OK) {
        err = audit_write(c, action, "user", u->id,
                          jsonw_object(c->arena,
                                       (struct jsonw_member[]){{"sessions_revoked", NULL, revoked}},
                                       1));
    }
    return err;
}

enum bo_err
auth_reset_password(struct ctx *c, const struct reset_request *in)
{
    const char *keys[2];
    const char *norm = lower_dup(c->arena, in->login);
    char code_hash[TOKEN_HASH_LEN + 1];
    char pw_hash[PASSWORD_HASH_MAX];
    struct user u;

    enum bo_err err = throttle_both(c, "reset", norm, keys);
    if (err) {
        return err;
    }
    err = store_user_find_login(c->store, c->arena, norm, &u);
    if (err == BO_OK &&
        account_check_password(c, "new_password", in->new_password, u.username, u.email)) {
        return c->err; /* weak password: the code is not spent */
    }
    if (err == BO_OK) {
        err = password_hash(c->env, in->new_password, pw_hash);
    } else if (err == BO_ERR_NOT_FOUND) {
        password_verify(c->env, c->env->dummy_hash, in->new_password); /* same timing */
    }
    recovery_code_hash(c->env, c->arena, in->code, code_hash);
    if (err == BO_OK) {
        c->actor.user_id = u.id;
        err = tx_begin(c);
    }
    if (err == BO_OK) {
        err = store_recovery_use(c->store, u.id, code_hash, c->now);
        if (err == BO_OK) {
            return tx_end(c, replace_password(c, &u, pw_hash, "auth.password_reset"));
        }
        store_rollback(c->store);
    }
    if (err != BO_ERR_NOT_FOUND) {
        return c->err ? c->err : ctx_fail(c, err, NULL, "could not reset the password");
    }
    throttle_fail(c, keys[0]);
    throttle_fail(c, keys[1]);
    return ctx_fail(c, BO_ERR_UNAUTHORIZED, "code", "the recovery code is not valid");
}

enum bo_err
auth_change_password(struct ctx *c, const char *current, const char *next)
{
    char pw_hash[PASSWORD_HASH_MAX];
    struct user u;

    enum bo_err err = store_user_get(c->store, c->arena, c->actor.user_id, &u);
    if (err) {
        return ctx_fail(c, err, NULL, "could not read the account");
    }
    if (!password_verify(c->env, u.password_hash, current)) {
        return ctx_fail(c, BO_ERR_INVALID, "current_password", "the current password is wrong");
    }
    if (account_check_password(c, "new_password", next, u.username, u.email)) {
        return c->err;
    }
    err = password_hash(c->env, next, pw_hash);
    if (err == BO_OK) {
        err = tx_begin(c);
    }
    if (err) {
        return c->err ? c->err : ctx_fail(c, err, NULL, "could not hash the password");
    }
    return tx_end(c, replace_password(c, &u, pw_hash, "auth.password_changed"));
}

/* --- personal API tokens -------------------------------------------------- */

#define TOKEN_NAME_MAX 100
#define TOKEN_DAYS_MAX 3650
#define TOKEN_SHOWN_PREFIX 12

static enum bo_err
check_token_request(struct ctx *c, const struct token_request *in)
{
    size_t len = strlen(in->name);

    if (len == 0 || len > TOKEN_NAME_MAX) {
        ctx_fail(c, BO_ERR_INVALID, "name", "name must be 1 to %d characters", TOKEN_NAME_MAX);
    }
    if (in->scopes == 0) {
        ctx_fail(c, BO_ERR_INVALID, "scopes", "at least one scope is needed");
    }
    if ((in->scopes & SCOPE_ADMIN) && c->actor.role != ROLE_ADMIN) {
        ctx_fail(c, BO_ERR_INVALID, "scopes", "only an admin may grant the admin scope");
    }
    if (in->expires_in_days < 0 || in->expires_in_days > TOKEN_DAYS_MAX) {
        ctx_fail(c, BO_ERR_INVALID, "expires_in_days", "expires_in_days must be 1 to %d",
                 TOKEN_DAYS_MAX);
    }
    return c->err;
}

enum bo_err
auth_token_create(struct ctx *c, const struct token_request *in, struct api_token *out,
                  const char **secret)
{
    char *hash = arena_alloc(c->arena, TOKEN_HASH_LEN + 1);

    if (check_token_request(c, in)) {
        return c->err;
    }
    *secret = token_new(c->arena, API_TOKEN_PREFIX);
    token_hash(*secret, hash);
    *out = (struct api_token){
        .user_id = c->actor.user_id,
        .name = in->name,
        .prefix = arena_strndup(c->arena, *secret, TOKEN_SHOWN_PREFIX),
        .token_hash = hash,
        .scopes = in->scopes,
        .created_at = c->now,
        .expires_at = in->expires_in_days ? c->now + (int64_t)in->expires_in_days * 86400 : 0,
    };
    enum bo_err err = tx_begin(c);
    if (err) {
        return err;
    }
    err = store_token_create(c->store, out, &out->id);
    if (err == BO_OK) {
        err = audit_write(c, "token.created", "api_token", out->id, NULL);
    }
    return tx_end(c, err);
}

enum bo_err
auth_token_list(struct ctx *c, struct api_token **out, size_t *count)
{
    enum bo_err err = store_token_list(c->store, c->arena, c->actor.user_id, out, count);

    return err ? ctx_fail(c, err, NULL, "could not list tokens") : BO_OK;
}

enum bo_err
auth_token_revoke(struct ctx *c, int64_t id)
{
    enum bo_err err = tx_begin(c);

    if (err) {
        return err;
    }
    err = store_token_revoke(c->store, c->actor.user_id, id, c->now);
    if (err == BO_ERR_NOT_FOUND) {
        store_rollback(c->store);
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such token");
    }
    if (err == BO_OK) {
        err = audit_write(c, "token.revoked", "api_token", id, NULL);
    }
    return tx_end(c, err);
}
