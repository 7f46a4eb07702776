/* SPDX-License-Identifier: MIT */
/*
 * auth.c - /api/v1/auth/...: register, sign in, refresh, sign out, recovery.
 */
#include "api/handlers.h"

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "app/accounts.h"
#include "app/auth.h"
#include "core/ctx.h"

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
    return json_out_reply(r, 200, json_out_token_pair(&out));
}

enum bo_err
api_refresh(struct req *r)
{
    struct refresh_body in;
    struct token_pair out;

    enum bo_err err = json_in_refresh(r->ctx, r->body, &in);
    if (err) {
        return err;
    }
    err = auth_refresh(r->ctx, in.refresh_token, &out);
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
