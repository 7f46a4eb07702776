/* SPDX-License-Identifier: MIT */
/*
 * organizers.c - /api/v1/organizers: the organizer pages (team, FAQ,
 * contacts, branding) and their staff; /api/v1/me/organizers.
 */
#include "api/handlers.h"

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "app/organizers.h"
#include "core/ctx.h"
#include "lib/arena.h"

/* {id} is a number or a slug. */
static enum bo_err
load_organizer(struct req *r, struct organizer *o, enum member_role *my_role)
{
    const char *key = req_param(r, "id");

    return organizers_get(r->ctx, json_in_id_or_slug(key), key, o, my_role);
}

enum bo_err
api_organizers_list(struct req *r)
{
    struct organizer *list = NULL;
    size_t count = 0;
    int limit = 0;
    int64_t after = 0;
    const char *prefix = r->query(r, "q");

    enum bo_err err = req_page(r, &limit, &after);
    if (err == BO_OK) {
        err = organizers_list(r->ctx, prefix, after, limit, &list, &count);
    }
    if (err) {
        return err;
    }
    struct json_object *items = json_out_array();
    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_organizer(&list[i], false, MEMBER_NONE));
    }
    const char *next = req_next_page(r, count, limit, count ? list[count - 1].id : 0);
    return json_out_reply(r, 200, json_out_page(items, next));
}

enum bo_err
api_organizers_create(struct req *r)
{
    struct organizer_body in;

    enum bo_err err = json_in_organizer(r->ctx, r->body, &in, false);
    if (err) {
        return err;
    }
    in.o.is_personal = in.personal;
    err = organizers_create(r->ctx, &in.o);
    if (err) {
        return err;
    }
    req_add_header(r, "Location",
                   arena_printf(r->ctx->arena, "/api/v1/organizers/%lld", (long long)in.o.id));
    return json_out_reply(r, 201, json_out_organizer(&in.o, true, MEMBER_OWNER));
}

enum bo_err
api_organizers_get(struct req *r)
{
    struct organizer o;
    enum member_role role = MEMBER_NONE;

    enum bo_err err = load_organizer(r, &o, &role);
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_organizer(&o, true, role));
}

enum bo_err
api_organizers_patch(struct req *r)
{
    struct organizer_body in = {0};
    enum member_role role = MEMBER_NONE;

    enum bo_err err = load_organizer(r, &in.o, &role);
    if (err == BO_OK) {
        in.personal = in.o.is_personal;
        err = json_in_organizer(r->ctx, r->body, &in, true);
    }
    if (err == BO_OK && in.personal != in.o.is_personal) {
        err = ctx_fail(r->ctx, BO_ERR_INVALID, "personal", "personal is set at creation only");
    }
    if (err == BO_OK && in.version != 0 && in.version != in.o.version) {
        err = ctx_fail(r->ctx, BO_ERR_CONFLICT, "version",
                       "the organizer changed since version %d; read it again", in.version);
    }
    if (err == BO_OK) {
        err = organizers_update(r->ctx, &in.o);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_organizer(&in.o, true, role));
}

static enum bo_err
organizer_id_param(struct req *r, int64_t *id)
{
    struct organizer o;

    enum bo_err err = load_organizer(r, &o, NULL);
    *id = err ? 0 : o.id;
    return err;
}

enum bo_err
api_organizer_staff_list(struct req *r)
{
    struct organizer_member *list = NULL;
    size_t count = 0;
    int64_t id = 0;

    enum bo_err err = organizer_id_param(r, &id);
    if (err == BO_OK) {
        err = organizers_staff(r->ctx, id, &list, &count);
    }
    if (err) {
        return err;
    }
    struct json_object *items = json_out_array();
    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_member(&list[i]));
    }
    return json_out_reply(r, 200, json_out_page(items, NULL));
}

enum bo_err
api_organizer_staff_put(struct req *r)
{
    struct organizer_member out;
    enum member_role role = MEMBER_NONE;
    int64_t id = 0, user_id = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "user_id"), &user_id);
    if (err == BO_OK) {
        err = json_in_member_role(r->ctx, r->body, &role);
    }
    if (err == BO_OK) {
        err = organizer_id_param(r, &id);
    }
    if (err == BO_OK) {
        err = organizers_staff_put(r->ctx, id, user_id, role, &out);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_member(&out));
}

enum bo_err
api_organizer_staff_delete(struct req *r)
{
    int64_t id = 0, user_id = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "user_id"), &user_id);
    if (err == BO_OK) {
        err = organizer_id_param(r, &id);
    }
    if (err == BO_OK) {
        err = organizers_staff_remove(r->ctx, id, user_id);
    }
    if (err == BO_OK) {
        req_reply_empty(r, 204);
    }
    return err;
}

enum bo_err
api_me_organizers(struct req *r)
{
    struct organizer_member *list = NULL;
    size_t count = 0;

    enum bo_err err = organizers_mine(r->ctx, &list, &count);
    if (err) {
        return err;
    }
    struct json_object *items = json_out_array();
    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_member(&list[i]));
    }
    return json_out_reply(r, 200, json_out_page(items, NULL));
}
