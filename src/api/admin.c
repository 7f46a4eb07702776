/* SPDX-License-Identifier: MIT */
/*
 * admin.c - /api/v1/admin/...: users and the audit log, for admins only
 * (the route table enforces the role).
 */
#include "api/handlers.h"

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "app/accounts.h"
#include "core/ctx.h"
#include "lib/arena.h"

enum bo_err
api_admin_users(struct req *r)
{
    struct user *list = NULL;
    size_t count = 0;
    int limit = 0;
    int64_t cursor = 0;

    enum bo_err err = req_page(r, &limit, &cursor);
    if (err == BO_OK) {
        err = accounts_list_users(r->ctx, cursor, limit, &list, &count);
    }
    if (err) {
        return err;
    }
    struct json_object *items = json_out_array();
    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_user(&list[i]));
    }
    const char *next = req_next_page(r, count, limit, count ? list[count - 1].id : 0);
    return json_out_reply(r, 200, json_out_page(items, next));
}

enum bo_err
api_admin_user_patch(struct req *r)
{
    struct user_patch in;
    struct user out;
    int64_t id = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &id);
    if (err == BO_OK) {
        err = json_in_user_patch(r->ctx, r->body, &in);
    }
    if (err == BO_OK) {
        err = accounts_patch_user(r->ctx, id, &in, &out);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_user(&out));
}

enum bo_err
api_admin_audit(struct req *r)
{
    struct audit_entry *list = NULL;
    size_t count = 0;
    int limit = 0;
    int64_t cursor = 0;

    enum bo_err err = req_page(r, &limit, &cursor);
    if (err == BO_OK) {
        err = accounts_audit(r->ctx, cursor, limit, &list, &count);
    }
    if (err) {
        return err;
    }
    struct json_object *items = json_out_array();
    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_audit_entry(&list[i]));
    }
    const char *next = req_next_page(r, count, limit, count ? list[count - 1].id : 0);
    return json_out_reply(r, 200, json_out_page(items, next));
}
