/* SPDX-License-Identifier: MIT */
/*
 * notifications.c - the delivery engine over HTTP: the caller's in-app
 * notifications (/api/v1/me/notifications), the admin's outbox
 * (/api/v1/admin/outbox, admins only: the route table enforces the role),
 * and short links (/s/{code}).
 */
#include "api/handlers.h"

#include <string.h>

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "app/messaging.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/url.h"

enum bo_err
api_notifications_list(struct req *r)
{
    struct inbox_page page;
    int limit = 0;
    int64_t cursor = 0;

    enum bo_err err = req_page(r, &limit, &cursor);
    if (err == BO_OK) {
        err = messaging_inbox(r->ctx, cursor, limit, &page);
    }
    if (err) {
        return err;
    }
    const char *next =
        req_next_page(r, page.count, limit, page.count ? page.items[page.count - 1].id : 0);
    return json_out_reply(r, 200, json_out_inbox(&page, next));
}

enum bo_err
api_notifications_read(struct req *r)
{
    int64_t id = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &id);
    if (err == BO_OK) {
        err = messaging_read(r->ctx, id);
    }
    if (err) {
        return err;
    }
    req_reply_empty(r, 204);
    return BO_OK;
}

enum bo_err
api_notifications_read_all(struct req *r)
{
    int count = 0;
    enum bo_err err = messaging_read_all(r->ctx, &count);

    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_count("updated", count));
}

static bool
is_outbox_status(const char *s)
{
    static const char *const known[] = {"pending", "sent", "failed", "dead"};

    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strcmp(s, known[i]) == 0) {
            return true;
        }
    }
    return false;
}

static enum bo_err
outbox_filter(struct req *r, struct outbox_filter *f)
{
    struct ctx *c = r->ctx;

    *f = (struct outbox_filter){.status = r->query(r, "status"),
                                .category = r->query(r, "category")};
    if (f->status != NULL && !is_outbox_status(f->status)) {
        ctx_fail(c, BO_ERR_INVALID, "status", "status is one of pending, sent, failed, dead");
    }
    if (f->category != NULL && (f->category[0] == '\0' || strlen(f->category) > 64)) {
        ctx_fail(c, BO_ERR_INVALID, "category", "category is 1 to 64 characters");
    }
    return req_page(r, &f->limit, &f->before_id);
}

/* The next page keeps the filters; NULL after the last page. */
static const char *
outbox_next(struct req *r, const struct outbox_filter *f, size_t count, int64_t last_id)
{
    struct arena *a = r->ctx->arena;
    const char *link = req_next_page(r, count, f->limit, last_id);

    if (link != NULL && f->status != NULL) {
        link = arena_printf(a, "%s&status=%s", link, url_encode(a, f->status));
    }
    if (link != NULL && f->category != NULL) {
        link = arena_printf(a, "%s&category=%s", link, url_encode(a, f->category));
    }
    return link;
}

enum bo_err
api_admin_outbox_list(struct req *r)
{
    struct outbox_filter f;
    struct outbox_row *list = NULL;
    size_t count = 0;

    enum bo_err err = outbox_filter(r, &f);
    if (err == BO_OK) {
        err = messaging_outbox_list(r->ctx, &f, &list, &count);
    }
    if (err) {
        return err;
    }
    struct json_object *items = json_out_array();
    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_outbox_row(&list[i]));
    }
    const char *next = outbox_next(r, &f, count, count ? list[count - 1].id : 0);
    return json_out_reply(r, 200, json_out_page(items, next));
}

enum bo_err
api_admin_outbox_get(struct req *r)
{
    struct outbox_detail d;
    int64_t id = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &id);
    if (err == BO_OK) {
        err = messaging_outbox_get(r->ctx, id, &d);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_outbox_detail(&d));
}

enum bo_err
api_admin_outbox_redrive(struct req *r)
{
    int64_t id = 0;
    int count = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &id);
    if (err == BO_OK) {
        err = messaging_redrive(r->ctx, id, &count);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_count("redriven", count));
}

enum bo_err
api_short_link(struct req *r)
{
    const char *target = NULL;
    enum bo_err err = messaging_follow(r->ctx, req_param(r, "code"), &target);

    if (err) {
        return err;
    }
    req_add_header(r, "Location", target);
    req_add_header(r, "Cache-Control", "no-store");
    req_reply_empty(r, 302);
    return BO_OK;
}
