/* SPDX-License-Identifier: MIT */
/*
 * auth.c - /api/v1/auth/...: register, sign in, refresh, sign out, recovery.
 */
#include "api/handlers.h"

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "api/routes.h"
#include "app/accounts.h"
#include "app/auth.h"
#include "app/env.h"
#include "config.h"
#include "core/ctx.h"
#include "lib/arena.h"

/*
 * Web UI sessions keep both tokens in HttpOnly cookies, out of reach of
 * scripts; the refresh token only travels to /api/v1/auth. The CSRF token is
 * readable on purpose: pages echo it in X-CSRF-Token. SameSite=Strict keeps
 * all three off requests that other sites start.
 */
static void
set_cookie(struct req *r, const char *name, const char *value, const char *path, int max_age,
           bool http_only)
{
    const struct config *cfg = r->ctx->env->cfg;

    req_add_header(r, "Set-Cookie",
                   arena_printf(r->ctx->arena, "%s=%s; Path=%s; Max-Age=%d%s; SameSite=Strict%s",
                                name, value, path, max_age, http_only ? "; HttpOnly" : "",
                                cfg->cookie_secure ? "; Secure" : ""));
}

static enum bo_err
reply_cookie_session(struct req *r, const struct token_pair *p)
{
    const char *csrf = auth_csrf_token(r->ctx, p->family);
    int ttl = p->refresh_expires_in;

    /* The access cookie lives as long as the session: an expired token then
     * answers 401, which tells the page to refresh, instead of silently
     * turning the caller anonymous. */
    set_cookie(r, SESSION_COOKIE, p->access_token, "/", ttl, true);
    set_cookie(r, REFRESH_COOKIE, p->refresh_token, "/api/v1/auth", ttl, true);
    set_cookie(r, CSRF_COOKIE, csrf, "/", ttl, false);
    return json_out_reply(r, 200, json_out_cookie_session(p, csrf));
}

static void
clear_cookies(struct req *r)
{
    set_cookie(r, SESSION_COOKIE, "", "/", 0, true);
    set_cookie(r, REFRESH_COOKIE, "", "/api/v1/auth", 0, true);
    set_cookie(r, CSRF_COOKIE, "", "/", 0, false);
}

enum bo_err
api_register(struct req *r)
{
    struct registration in;
    struct me out;

    enum bo_err err = json_in_registration(r->ctx, r->body, &in);
    if (err) {
        return err;
    }
    err = accounts_register(r->ctx, &in, &out);
    if (err) {
        return err;
    }
    req_add_header(r, "Location", "/api/v1/me");
    return json_out_reply(r, 201, json_out_me(&out));
}

enum bo_err
api_login(struct req *r)
{
    struct login_body in;
    struct token_pair out;

    enum bo_err err = json_in_login(r->ctx, r->body, &in);
    if (err) {
        return err;
    }
    err = auth_login(r->ctx, in.login, in.password, &out);
    if (err) {
        return err;
    }
    if (in.cookies) {
        return reply_cookie_session(r, &out);
    }
    return json_out_reply(r, 200, json_out_token_pair(&out));
}

/* No body: the refresh token is the session cookie's, and CSRF applies. */
static enum bo_err
refresh_cookie_session(struct req *r)
{
    const char *token = req_cookie(r, REFRESH_COOKIE);
    const char *csrf = r->header(r, "X-CSRF-Token");
    struct token_pair out;

    if (token == NULL) {
        return ctx_fail(r->ctx, BO_ERR_UNAUTHORIZED, NULL,
                        "send refresh_token in the body, or sign in again");
    }
    enum bo_err err = auth_refresh(r->ctx, token, csrf ? csrf : "", &out);
    if (err) {
        return err;
    }
    return reply_cookie_session(r, &out);
}

enum bo_err
api_refresh(struct req *r)
{
    struct refresh_body in;
    struct token_pair out;

    if (r->body.len == 0) {
        return refresh_cookie_session(r);
    }
    enum bo_err err = json_in_refresh(r->ctx, r->body, &in);
    if (err) {
        return err;
    }
    err = auth_refresh(r->ctx, in.refresh_token, NULL, &out);
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_token_pair(&out));
}

enum bo_err
api_logout(struct req *r)
{
    enum bo_err err = json_in_empty(r->ctx, r->body);

    if (err == BO_OK) {
        err = auth_logout(r->ctx);
    }
    if (err == BO_OK) {
        clear_cookies(r);
        req_reply_empty(r, 204);
    }
    return err;
}

enum bo_err
api_logout_all(struct req *r)
{
    int revoked = 0;

    enum bo_err err = json_in_empty(r->ctx, r->body);
    if (err == BO_OK) {
        err = auth_logout_all(r->ctx, &revoked);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_count("revoked_sessions", revoked));
}

enum bo_err
api_recovery_codes(struct req *r)
{
    const char **codes = NULL;
    int64_t expires_at = 0;

    enum bo_err err = json_in_empty(r->ctx, r->body);
    if (err == BO_OK) {
        err = auth_recovery_issue(r->ctx, &codes, &expires_at);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 201, json_out_recovery_codes(codes, RECOVERY_CODE_COUNT, expires_at));
}

enum bo_err
api_reset_password(struct req *r)
{
    struct reset_request in;

    enum bo_err err = json_in_reset(r->ctx, r->body, &in);
    if (err == BO_OK) {
        err = auth_reset_password(r->ctx, &in);
    }
    if (err == BO_OK) {
        req_reply_empty(r, 204);
    }
    return err;
}
