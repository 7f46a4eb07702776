/* SPDX-License-Identifier: MIT */
#include "app/organizers.h"

#include <string.h>

#include "app/audit.h"
#include "app/catalog.h"
#include "app/env.h"
#include "app/tx.h"
#include "core/account.h"
#include "core/ctx.h"
#include "core/html.h"
#include "core/text.h"
#include "lib/arena.h"
#include "lib/token.h"
#include "store/store.h"

enum member_role
organizers_role_of(struct ctx *c, int64_t organizer_id)
{
    int role = MEMBER_NONE;

    if (organizer_id == 0 || c->actor.user_id == 0) {
        return MEMBER_NONE;
    }
    if (store_member_get(c->store, organizer_id, c->actor.user_id, &role) != BO_OK) {
        return MEMBER_NONE;
    }
    return (enum member_role)role;
}

/* "Kino Club Kyiv" -> "kino-club-kyiv-3fa9c1"; other scripts give "organizer-3fa9c1". */
static const char *
make_slug(struct ctx *c, const char *name)
{
    uint8_t raw[3];

    token_random(raw, sizeof(raw));
    return text_slug(c->arena, name, "organizer", token_hex(c->arena, raw, sizeof(raw)));
}

static enum bo_err
conflict(struct ctx *c, const char *field)
{
    if (strcmp(field, "is_personal") == 0) {
        return ctx_fail(c, BO_ERR_CONFLICT, field, "you already have a personal organizer");
    }
    if (strcmp(field, "version") == 0) {
        return ctx_fail(c, BO_ERR_CONFLICT, field,
                        "the organizer changed meanwhile; read it again");
    }
    return ctx_fail(c, BO_ERR_CONFLICT, field, "this slug is taken");
}

static enum bo_err
create_job(struct ctx *c, void *arg)
{
    struct organizer *o = arg;
    const char *field = NULL;

    o->created_by = c->actor.user_id;
    o->created_at = o->updated_at = c->now;
    o->version = 1;
    o->description = html_sanitize(c->arena, o->description);
    if (organizer_check(c, o)) {
        return c->err;
    }
    o->slug = o->slug ? o->slug : make_slug(c, o->name);
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_organizer_create(c->store, o, &o->id, &field);
        if (err == BO_ERR_CONFLICT) {
            conflict(c, field);
        }
    }
    if (err == BO_OK) {
        err = audit_write(c, "organizer.created", "organizer", o->id, NULL);
    }
    err = tx_end(c, err);
    if (err == BO_OK) {
        /* Answer with what was stored (defaults included), like a later read. */
        err = store_organizer_get(c->store, c->arena, o->id, o);
    }
    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
organizers_create(struct ctx *c, struct organizer *o)
{
    return app_write(c, create_job, o);
}

enum bo_err
organizers_get(struct ctx *c, int64_t id, const char *slug, struct organizer *out,
               enum member_role *my_role)
{
    enum bo_err err = id ? store_organizer_get(c->store, c->arena, id, out)
                         : store_organizer_get_by_slug(c->store, c->arena, slug, out);

    if (err == BO_ERR_NOT_FOUND) {
        return ctx_fail(c, err, NULL, "no such organizer");
    }
    if (err) {
        return tx_fail(c, err);
    }
    if (my_role != NULL) {
        *my_role = organizers_role_of(c, out->id);
    }
    return BO_OK;
}

static enum bo_err
may_run(struct ctx *c, int64_t organizer_id)
{
    if (actor_is_admin(&c->actor) || organizers_role_of(c, organizer_id) == MEMBER_OWNER) {
        return BO_OK;
    }
    return ctx_fail(c, BO_ERR_FORBIDDEN, NULL, "only an owner of this organizer may do this");
}

static enum bo_err
update_job(struct ctx *c, void *arg)
{
    struct organizer *o = arg;
    const char *field = NULL;

    o->updated_at = c->now;
    o->description = html_sanitize(c->arena, o->description);
    if (may_run(c, o->id) || organizer_check(c, o)) {
        return c->err;
    }
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_organizer_update(c->store, o, &field);
        if (err == BO_ERR_CONFLICT) {
            conflict(c, field);
        }
    }
    if (err == BO_OK) {
        o->version++;
        err = audit_write(c, "organizer.changed", "organizer", o->id, NULL);
    }
    return tx_end(c, err);
}

enum bo_err
organizers_update(struct ctx *c, struct organizer *o)
{
    return app_write(c, update_job, o);
}

enum bo_err
organizers_list(struct ctx *c, const char *prefix, int64_t after_id, int limit,
                struct organizer **out, size_t *count)
{
    enum bo_err err = store_organizer_list(c->store, c->arena, catalog_like_prefix(c, prefix),
                                           after_id, limit, out, count);
    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
organizers_staff(struct ctx *c, int64_t organizer_id, struct organizer_member **out, size_t *count)
{
    struct organizer o;

    if (organizers_get(c, organizer_id, NULL, &o, NULL)) {
        return c->err;
    }
    if (!actor_is_admin(&c->actor) && organizers_role_of(c, organizer_id) == MEMBER_NONE) {
        return ctx_fail(c, BO_ERR_FORBIDDEN, NULL, "only members of this organizer see its staff");
    }
    enum bo_err err = store_member_list(c->store, c->arena, organizer_id, out, count);
    return err ? tx_fail(c, err) : BO_OK;
}

struct staff_args {
    int64_t organizer_id;
    int64_t user_id;
    enum member_role role; /* MEMBER_NONE: remove */
    struct organizer_member *out;
};

/* Demoting or removing the last owner would leave nobody in charge. */
static enum bo_err
keep_an_owner(struct ctx *c, const struct staff_args *a, int current)
{
    int owners = 0;

    if (current != MEMBER_OWNER || a->role == MEMBER_OWNER) {
        return BO_OK;
    }
    enum bo_err err = store_member_count_owners(c->store, a->organizer_id, &owners);
    if (err) {
        return tx_fail(c, err);
    }
    if (owners <= 1) {
        return ctx_fail(c, BO_ERR_CONFLICT, "role",
                        "the last owner cannot leave; make someone else an owner first");
    }
    return BO_OK;
}

static enum bo_err
staff_job(struct ctx *c, void *arg)
{
    struct staff_args *a = arg;
    struct organizer o;
    struct user u;
    int current = MEMBER_NONE;
    bool leaving = a->role == MEMBER_NONE && a->user_id == c->actor.user_id;

    if (organizers_get(c, a->organizer_id, NULL, &o, NULL) || (!leaving && may_run(c, o.id))) {
        return c->err;
    }
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_user_get(c->store, c->arena, a->user_id, &u);
        if (err == BO_ERR_NOT_FOUND) {
            ctx_fail(c, err, NULL, "no such user");
        }
    }
    if (err == BO_OK) {
        err = store_member_get(c->store, o.id, u.id, &current);
        if (err == BO_ERR_NOT_FOUND && a->role != MEMBER_NONE) {
            err = BO_OK; /* a new member */
        } else if (err == BO_ERR_NOT_FOUND) {
            ctx_fail(c, err, NULL, "%s is not a member of this organizer", u.username);
        }
    }
    if (err == BO_OK) {
        err = keep_an_owner(c, a, current);
    }
    if (err == BO_OK) {
        *a->out = (struct organizer_member){.organizer_id = o.id,
                                            .user_id = u.id,
                                            .username = u.username,
                                            .role = a->role,
                                            .added_at = c->now};
        err = a->role == MEMBER_NONE ? store_member_remove(c->store, o.id, u.id)
                                     : store_member_put(c->store, a->out);
    }
    if (err == BO_OK) {
        err = audit_write(
            c, a->role == MEMBER_NONE ? "organizer.staff_removed" : "organizer.staff_set", "user",
            u.id, NULL);
    }
    return tx_end(c, err);
}

enum bo_err
organizers_staff_put(struct ctx *c, int64_t organizer_id, int64_t user_id, enum member_role role,
                     struct organizer_member *out)
{
    struct staff_args a = {organizer_id, user_id, role, out};

    return app_write(c, staff_job, &a);
}

enum bo_err
organizers_staff_remove(struct ctx *c, int64_t organizer_id, int64_t user_id)
{
    struct organizer_member gone;
    struct staff_args a = {organizer_id, user_id, MEMBER_NONE, &gone};

    return app_write(c, staff_job, &a);
}

enum bo_err
organizers_mine(struct ctx *c, struct organizer_member **out, size_t *count)
{
    enum bo_err err = store_member_list_user(c->store, c->arena, c->actor.user_id, out, count);

    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
organizers_managed_events(struct ctx *c, int64_t before_key, int64_t before_id, int limit,
                          struct event **out, size_t *count)
{
    enum bo_err err = store_event_list_managed(c->store, c->arena, c->actor.user_id, before_key,
                                               before_id, limit, out, count);

    return err ? tx_fail(c, err) : BO_OK;
}
