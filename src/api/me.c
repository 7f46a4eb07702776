/* SPDX-License-Identifier: MIT */
/*
 * me.c - /api/v1/me: the caller's profile, password and API tokens.
 */
#include "api/handlers.h"

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "app/accounts.h"
#include "app/auth.h"
#include "core/ctx.h"

enum bo_err
api_me_get(struct req *r)
{
    struct me out;

    enum bo_err err = accounts_me(r->ctx, &out);
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_me(&out));
}

enum bo_err
api_me_patch(struct req *r)
{
    struct profile_patch in;
    struct me out;

    enum bo_err err = json_in_profile_patch(r->ctx, r->body, &in);
    if (err) {
        return err;
    }
    err = accounts_patch_me(r->ctx, &in, &out);
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_me(&out));
}

enum bo_err
api_me_password(struct req *r)
{
    struct password_body in;

    enum bo_err err = json_in_password(r->ctx, r->body, &in);
    if (err == BO_OK) {
        err = auth_change_password(r->ctx, in.current_password, in.new_password);
    }
    if (err == BO_OK) {
        req_reply_empty(r, 204);
    }
    return err;
}

enum bo_err
api_tokens_list(struct req *r)
{
    struct api_token *list = NULL;
    size_t count = 0;

    enum bo_err err = auth_token_list(r->ctx, &list, &count);
    if (err) {
        return err;
    }
    struct json_object *items = json_out_array();
    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_api_token(&list[i], NULL));
    }
    return json_out_reply(r, 200, json_out_page(items, NULL));
}

enum bo_err
api_tokens_create(struct req *r)
{
    struct token_request in;
    struct api_token out;
    const char *secret = NULL;

    enum bo_err err = json_in_token_request(r->ctx, r->body, &in);
    if (err) {
        return err;
    }
    err = auth_token_create(r->ctx, &in, &out, &secret);
    if (err) {
        return err;
    }
    return json_out_reply(r, 201, json_out_api_token(&out, secret));
}

enum bo_err
api_tokens_delete(struct req *r)
{
    int64_t id = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &id);
    if (err == BO_OK) {
        err = auth_token_revoke(r->ctx, id);
    }
    if (err == BO_OK) {
        req_reply_empty(r, 204);
    }
    return err;
}
