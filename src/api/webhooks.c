/* SPDX-License-Identifier: MIT */
/*
 * webhooks.c - /api/v1/organizers/{id}/webhooks: an organizer's outgoing
 * webhook endpoints (app/webhooks.h says who may and what is refused).
 */
#include "api/handlers.h"

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "app/organizers.h"
#include "app/webhooks.h"
#include "core/ctx.h"
#include "lib/arena.h"

/* {id} is a number or a slug, as on the organizer's own routes. */
static enum bo_err
organizer_param(struct req *r, int64_t *id)
{
    const char *key = req_param(r, "id");
    struct organizer o;

    enum bo_err err = organizers_get(r->ctx, json_in_id_or_slug(key), key, &o, NULL);
    *id = err ? 0 : o.id;
    return err;
}

static enum bo_err
params(struct req *r, int64_t *organizer_id, int64_t *webhook_id)
{
    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "wid"), webhook_id);

    return err ? err : organizer_param(r, organizer_id);
}

enum bo_err
api_webhooks_create(struct req *r)
{
    struct webhook_change in;
    struct webhook_endpoint out;
    int64_t org = 0;

    enum bo_err err = json_in_webhook(r->ctx, r->body, &in);
    if (err == BO_OK) {
        err = organizer_param(r, &org);
    }
    if (err == BO_OK) {
        err = webhooks_create(r->ctx, org, &in, &out);
    }
    if (err) {
        return err;
    }
    req_add_header(r, "Location",
                   arena_printf(r->ctx->arena, "%s/%lld", r->path, (long long)out.id));
    return json_out_reply(r, 201, json_out_webhook(&out, true));
}

enum bo_err
api_webhooks_list(struct req *r)
{
    struct webhook_endpoint *list = NULL;
    size_t count = 0;
    int64_t org = 0;

    enum bo_err err = organizer_param(r, &org);
    if (err == BO_OK) {
        err = webhooks_list(r->ctx, org, &list, &count);
    }
    if (err) {
        return err;
    }
    struct json_object *items = json_out_array();
    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_webhook(&list[i], false));
    }
    return json_out_reply(r, 200, json_out_page(items, NULL));
}

enum bo_err
api_webhooks_patch(struct req *r)
{
    struct webhook_change in;
    struct webhook_endpoint out;
    int64_t org = 0, id = 0;

    enum bo_err err = json_in_webhook(r->ctx, r->body, &in);
    if (err == BO_OK) {
        err = params(r, &org, &id);
    }
    if (err == BO_OK) {
        err = webhooks_update(r->ctx, org, id, &in, &out);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_webhook(&out, false));
}

enum bo_err
api_webhooks_delete(struct req *r)
{
    int64_t org = 0, id = 0;

    enum bo_err err = params(r, &org, &id);
    if (err == BO_OK) {
        err = webhooks_delete(r->ctx, org, id);
    }
    if (err == BO_OK) {
        req_reply_empty(r, 204);
    }
    return err;
}

enum bo_err
api_webhooks_rotate(struct req *r)
{
    struct webhook_endpoint out;
    int64_t org = 0, id = 0;

    enum bo_err err = json_in_empty(r->ctx, r->body);
    if (err == BO_OK) {
        err = params(r, &org, &id);
    }
    if (err == BO_OK) {
        err = webhooks_rotate(r->ctx, org, id, &out);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_webhook(&out, true));
}
