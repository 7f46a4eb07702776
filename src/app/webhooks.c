/* SPDX-License-Identifier: MIT */
#include "app/webhooks.h"

#include "app/audit.h"
#include "app/env.h"
#include "app/organizers.h"
#include "app/tx.h"
#include "core/account.h"
#include "core/ctx.h"
#include "lib/sign.h"
#include "store/store.h"

/* The organizer exists (NOT_FOUND) and the caller is one of its members or an admin. */
static enum bo_err
may_manage(struct ctx *c, int64_t organizer_id)
{
    struct organizer o;

    if (organizers_get(c, organizer_id, NULL, &o, NULL)) {
        return c->err;
    }
    if (actor_is_admin(&c->actor) || organizers_role_of(c, organizer_id) != MEMBER_NONE) {
        return BO_OK;
    }
    return ctx_fail(c, BO_ERR_FORBIDDEN, NULL,
                    "only the members of this organizer manage its webhooks");
}

static enum bo_err
check_change(struct ctx *c, const struct webhook_change *ch)
{
    if (ch->url_sent) {
        webhook_url_check(c, ch->url);
    }
    if (ch->types_sent && ch->types == 0) {
        ctx_fail(c, BO_ERR_INVALID, "event_types",
                 "event_types needs at least one type; leave it out for all of them");
    }
    return c->err;
}

static enum bo_err
load(struct ctx *c, int64_t organizer_id, int64_t id, struct webhook_endpoint *out)
{
    enum bo_err err = store_webhook_get(c->store, c->arena, organizer_id, id, out);

    if (err == BO_ERR_NOT_FOUND) {
        return ctx_fail(c, err, NULL, "no such webhook endpoint");
    }
    return err ? tx_fail(c, err) : BO_OK;
}

struct hook_args {
    int64_t organizer_id;
    int64_t id;
    const struct webhook_change *ch;
    struct webhook_endpoint *out;
};

static enum bo_err
create_job(struct ctx *c, void *arg)
{
    struct hook_args *a = arg;
    const struct webhook_change *ch = a->ch;

    if (may_manage(c, a->organizer_id) || check_change(c, ch)) {
        return c->err;
    }
    *a->out = (struct webhook_endpoint){
        .organizer_id = a->organizer_id,
        .url = ch->url,
        .secret = sign_secret_new(c->arena),
        .event_types = webhook_types_text(c->arena, ch->types_sent ? ch->types : WEBHOOK_ALL),
        .created_at = c->now,
    };
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_webhook_create(c->store, a->out);
    }
    if (err == BO_OK) {
        err = audit_write(c, "webhook.created", "webhook", a->out->id, NULL);
    }
    return tx_end(c, err);
}

enum bo_err
webhooks_create(struct ctx *c, int64_t organizer_id, const struct webhook_change *ch,
                struct webhook_endpoint *out)
{
    struct hook_args a = {organizer_id, 0, ch, out};

    if (!ch->url_sent) {
        return ctx_fail(c, BO_ERR_INVALID, "url", "url is required");
    }
    return app_write(c, create_job, &a);
}

enum bo_err
webhooks_list(struct ctx *c, int64_t organizer_id, struct webhook_endpoint **out, size_t *count)
{
    if (may_manage(c, organizer_id)) {
        return c->err;
    }
    enum bo_err err = store_webhook_list(c->store, c->arena, organizer_id, out, count);
    return err ? tx_fail(c, err) : BO_OK;
}

static void
apply(struct ctx *c, const struct webhook_change *ch, struct webhook_endpoint *w)
{
    if (ch->url_sent) {
        w->url = ch->url;
    }
    if (ch->types_sent) {
        w->event_types = webhook_types_text(c->arena, ch->types);
    }
    if (ch->enabled_sent) {
        w->disabled_reason = ch->enabled ? NULL : "disabled by a member";
        w->enabled = ch->enabled;
    }
    w->updated_at = c->now;
}

/* Read, change and save one endpoint in one transaction; a->ch NULL: rotate its secret. */
static enum bo_err
update_job(struct ctx *c, void *arg)
{
    struct hook_args *a = arg;
    const char *action = a->ch ? "webhook.changed" : "webhook.secret_rotated";

    if (may_manage(c, a->organizer_id) || (a->ch && check_change(c, a->ch))) {
        return c->err;
    }
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = load(c, a->organizer_id, a->id, a->out);
    }
    if (err == BO_OK && a->ch) {
        apply(c, a->ch, a->out);
    } else if (err == BO_OK) {
        a->out->secret = sign_secret_new(c->arena);
        a->out->updated_at = c->now;
    }
    if (err == BO_OK) {
        err = store_webhook_update(c->store, a->out);
    }
    if (err == BO_OK) {
        err = audit_write(c, action, "webhook", a->id, NULL);
    }
    return tx_end(c, err);
}

enum bo_err
webhooks_update(struct ctx *c, int64_t organizer_id, int64_t id, const struct webhook_change *ch,
                struct webhook_endpoint *out)
{
    struct hook_args a = {organizer_id, id, ch, out};

    return app_write(c, update_job, &a);
}

enum bo_err
webhooks_rotate(struct ctx *c, int64_t organizer_id, int64_t id, struct webhook_endpoint *out)
{
    struct hook_args a = {organizer_id, id, NULL, out};

    return app_write(c, update_job, &a);
}

static enum bo_err
delete_job(struct ctx *c, void *arg)
{
    struct hook_args *a = arg;

    if (may_manage(c, a->organizer_id)) {
        return c->err;
    }
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = load(c, a->organizer_id, a->id, a->out);
    }
    if (err == BO_OK) {
        err = store_webhook_delete(c->store, a->id);
        if (err == BO_ERR_CONFLICT) {
            ctx_fail(c, err, NULL,
                     "deliveries refer to this endpoint; disable it instead (enabled: false)");
        }
    }
    if (err == BO_OK) {
        err = audit_write(c, "webhook.deleted", "webhook", a->id, NULL);
    }
    return tx_end(c, err);
}

enum bo_err
webhooks_delete(struct ctx *c, int64_t organizer_id, int64_t id)
{
    struct webhook_endpoint gone;
    struct hook_args a = {organizer_id, id, NULL, &gone};

    return app_write(c, delete_job, &a);
}
