/* SPDX-License-Identifier: MIT */
/*
 * waitlist.c - /api/v1/events/{id}/waitlist and /api/v1/waitlist: places in
 * the queue of a full event.
 */
#include "api/handlers.h"

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "app/waitlist.h"
#include "core/ctx.h"
#include "lib/arena.h"

enum bo_err
api_waitlist_join(struct req *r)
{
    struct waitlist_entry w;
    int64_t event_id = 0;
    int seats = 1;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &event_id);
    if (err == BO_OK) {
        err = json_in_seats(r->ctx, r->body, &seats);
    }
    if (err == BO_OK) {
        err = waitlist_join(r->ctx, event_id, seats, &w);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 201, json_out_waitlist_entry(&w));
}

enum bo_err
api_waitlist_of_event(struct req *r)
{
    struct waitlist_entry *list = NULL;
    size_t count = 0;
    int64_t event_id = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &event_id);
    if (err == BO_OK) {
        err = waitlist_of_event(r->ctx, event_id, &list, &count);
    }
    return err ? err : json_out_waitlist_page(r, list, count);
}

enum bo_err
api_waitlist_mine(struct req *r)
{
    struct waitlist_entry *list = NULL;
    size_t count = 0;

    enum bo_err err = waitlist_mine(r->ctx, &list, &count);
    return err ? err : json_out_waitlist_page(r, list, count);
}

enum bo_err
api_waitlist_leave(struct req *r)
{
    int64_t id = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &id);
    if (err == BO_OK) {
        err = waitlist_leave(r->ctx, id);
    }
    if (err == BO_OK) {
        req_reply_empty(r, 204);
    }
    return err;
}
