/* SPDX-License-Identifier: MIT */
/*
 * bookings.c - /api/v1/bookings: the caller's bookings and their lifecycle.
 */
#include "api/handlers.h"

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "app/bookings.h"
#include "core/ctx.h"
#include "lib/arena.h"

enum bo_err
api_bookings_list(struct req *r)
{
    struct booking *list = NULL;
    size_t count = 0;
    int64_t cursor = 0;
    int limit = 0;

    json_in_limit(r->ctx, r->query(r, "limit"), &limit);
    json_in_cursor(r->ctx, r->query(r, "cursor"), &cursor);
    enum bo_err err = r->ctx->err;
    if (err == BO_OK) {
        err = bookings_list_mine(r->ctx, cursor, limit, &list, &count);
    }
    if (err) {
        return err;
    }
    return json_out_booking_page(r, list, count, limit);
}

enum bo_err
api_bookings_get(struct req *r)
{
    struct booking b;
    int64_t id = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &id);
    if (err == BO_OK) {
        err = bookings_get(r->ctx, id, &b);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_booking(&b));
}

static enum bo_err
act(struct req *r, enum booking_action action)
{
    struct booking b;
    int64_t id = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &id);
    if (err == BO_OK) {
        err = json_in_empty(r->ctx, r->body);
    }
    if (err == BO_OK) {
        err = bookings_act(r->ctx, id, action, &b);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_booking(&b));
}

enum bo_err
api_booking_cancel(struct req *r)
{
    return act(r, BOOKING_CANCEL);
}

enum bo_err
api_booking_approve(struct req *r)
{
    return act(r, BOOKING_APPROVE);
}

enum bo_err
api_booking_reject(struct req *r)
{
    return act(r, BOOKING_REJECT);
}

enum bo_err
api_booking_confirm(struct req *r)
{
    return act(r, BOOKING_PAY);
}

enum bo_err
api_booking_check_in(struct req *r)
{
    return act(r, BOOKING_CHECK_IN);
}

enum bo_err
api_booking_log(struct req *r)
{
    struct booking_log *list = NULL;
    size_t count = 0;
    int64_t id = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &id);
    if (err == BO_OK) {
        err = bookings_log(r->ctx, id, &list, &count);
    }
    if (err) {
        return err;
    }
    struct json_object *items = json_out_array();
    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_booking_log(&list[i]));
    }
    return json_out_reply(r, 200, json_out_page(items, NULL));
}
