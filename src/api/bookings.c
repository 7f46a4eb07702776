/* SPDX-License-Identifier: MIT */
/*
 * bookings.c - /api/v1/bookings: the caller's bookings and their lifecycle.
 */
#include "api/handlers.h"

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "app/bookings.h"
#include "app/env.h"
#include "core/ctx.h"
#include "lib/arena.h"

enum bo_err
api_bookings_list(struct req *r)
{
    struct booking *list = NULL;
    size_t count = 0;
    int64_t cursor = 0;
    int limit = 0;

    enum bo_err err = req_page(r, &limit, &cursor);
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

struct act_reply {
    struct req *r;
    struct booking b;
};

/* On the writer's side, once the change is on disk (or refused, or failed). */
static void
acted(struct ctx *c, void *arg, enum bo_err err)
{
    struct act_reply *ar = arg;

    (void)c;
    req_complete(ar->r, err ? err : json_out_reply(ar->r, 200, json_out_booking(&ar->b)));
}

/* Like a new booking, the change waits for its commit parked, not on a worker. */
static enum bo_err
act(struct req *r, enum booking_action action)
{
    struct act_reply *ar = arena_alloc(r->ctx->arena, sizeof(*ar));
    struct app_later *later = NULL;
    int64_t id = 0;

    ar->r = r;
    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &id);
    if (err == BO_OK) {
        err = json_in_empty(r->ctx, r->body);
    }
    if (err == BO_OK) {
        err =
            bookings_act_later(r->ctx, id, action, &ar->b, r->can_defer ? acted : NULL, ar, &later);
    }
    if (err == BO_OK && later != NULL) {
        req_defer(r, app_write_start, later);
        return BO_OK;
    }
    return err ? err : json_out_reply(r, 200, json_out_booking(&ar->b));
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
