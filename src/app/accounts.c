/* SPDX-License-Identifier: MIT */
#include "app/accounts.h"

#include <string.h>

#include "app/audit.h"
#include "app/env.h"
#include "app/password.h"
#include "app/tx.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/jsonw.h"
#include "lib/token.h"
#include "store/store.h"

/* Seed 001: every user gets a referral code to invite others with. */
static const char *
referral_code_new(struct arena *a)
{
    uint8_t raw[6];

    token_random(raw, sizeof(raw));
    return token_hex(a, raw, sizeof(raw));
}

static enum bo_err
insert_user(struct ctx *c, struct me *out)
{
    const char *field = NULL;
    enum bo_err err = tx_begin(c);

    if (err == BO_OK) {
        err = store_user_create(c->store, &out->user, &out->profile, &out->user.id, &field);
    }
    if (err == BO_ERR_CONFLICT) {
        store_rollback(c->store);
        field = field ? field : "username";
        return ctx_fail(c, BO_ERR_CONFLICT, field, "this %s is already registered", field);
    }
    c->actor.user_id = err ? 0 : out->user.id;
    if (err == BO_OK) {
        err = audit_write(c, "user.registered", "user", out->user.id, NULL);
    }
    return tx_end(c, err);
}

enum bo_err
accounts_register(struct ctx *c, const struct registration *in, struct me *out)
{
    char *hash = arena_alloc(c->arena, PASSWORD_HASH_MAX);
    char *email = arena_strdup(c->arena, in->email ? in->email : "");

    account_normalize_email(email);
    if (account_check_registration(c, in)) {
        return c->err;
    }
    enum bo_err err = password_hash(c->env, in->password, hash);
    if (err) {
        return ctx_fail(c, err, NULL, "could not hash the password");
    }
    memset(out, 0, sizeof(*out));
    out->user = (struct user){.username = in->username,
                              .email = email,
                              .first_name = in->first_name,
                              .last_name = in->last_name,
                              .password_hash = hash,
                              .referral_code = referral_code_new(c->arena),
                              .role = ROLE_MEMBER,
                              .is_active = true,
                              .created_at = c->now,
                              .password_changed_at = c->now};
    out->profile = (struct profile){.phone = in->phone,
                                    .has_children = TRI_UNSET,
                                    .plans_renovation = TRI_UNSET,
                                    .newsletter = in->newsletter,
                                    .consent_at = c->now,
                                    .language = in->language ? in->language : "ru"};
    err = insert_user(c, out);
    if (err) {
        return err;
    }
    out->user.first_name = in->first_name ? in->first_name : "";
    out->user.last_name = in->last_name ? in->last_name : "";
    out->profile_completion = account_profile_completion(&out->user, &out->profile);
    return BO_OK;
}

static enum bo_err
load_me(struct ctx *c, struct me *out)
{
    enum bo_err err = store_user_get(c->store, c->arena, c->actor.user_id, &out->user);

    if (err == BO_OK) {
        err = store_profile_get(c->store, c->arena, c->actor.user_id, &out->profile);
    }
    if (err) {
        return ctx_fail(c, err, NULL, "could not read the account");
    }
    out->profile_completion = account_profile_completion(&out->user, &out->profile);
    return BO_OK;
}

enum bo_err
accounts_me(struct ctx *c, struct me *out)
{
    return load_me(c, out);
}

enum bo_err
accounts_patch_me(struct ctx *c, const struct profile_patch *in, struct me *out)
{
    if (account_check_patch(c, in)) {
        return c->err;
    }
    enum bo_err err = tx_begin(c);
    if (err) {
        return err;
    }
    err = load_me(c, out);
    if (err) {
        store_rollback(c->store);
        return err;
    }
    account_apply_patch(&out->user, &out->profile, in);
    if (in->has_first_name || in->has_last_name) {
        err =
            store_user_set_names(c->store, out->user.id, out->user.first_name, out->user.last_name);
    }
    if (err == BO_OK) {
        err = store_profile_update(c->store, &out->profile);
    }
    out->profile_completion = account_profile_completion(&out->user, &out->profile);
    return tx_end(c, err);
}

enum bo_err
accounts_list_users(struct ctx *c, int64_t after, int limit, struct user **out, size_t *count)
{
    enum bo_err err = store_user_list(c->store, c->arena, after, limit, out, count);

    return err ? tx_fail(c, err) : BO_OK;
}

/* An admin may not lock themselves out: the last admin would be gone. */
static enum bo_err
check_user_patch(struct ctx *c, int64_t id, const struct user_patch *in)
{
    if (id != c->actor.user_id) {
        return BO_OK;
    }
    if (in->has_active && !in->is_active) {
        return ctx_fail(c, BO_ERR_CONFLICT, "is_active", "you cannot deactivate yourself");
    }
    if (in->has_role && in->role != ROLE_ADMIN) {
        return ctx_fail(c, BO_ERR_CONFLICT, "role", "you cannot take away your own admin role");
    }
    return BO_OK;
}

static enum bo_err
apply_user_patch(struct ctx *c, struct user *u, const struct user_patch *in)
{
    enum bo_err err = BO_OK;
    int revoked = 0;

    if (in->has_role && in->role != u->role) {
        err = store_user_set_role(c->store, u->id, in->role);
        if (err == BO_OK) {
            struct jsonw_member m[] = {{"from", role_name(u->role), 0},
                                       {"to", role_name(in->role), 0}};
            err = audit_write(c, "user.role_changed", "user", u->id, jsonw_object(c->arena, m, 2));
        }
        u->role = in->role;
    }
    if (err == BO_OK && in->has_active && in->is_active != u->is_active) {
        err = store_user_set_active(c->store, u->id, in->is_active);
        if (err == BO_OK && !in->is_active) {
            err = store_session_revoke_user(c->store, u->id, c->now, &revoked);
        }
        if (err == BO_OK) {
            struct jsonw_member m[] = {{"sessions_revoked", NULL, revoked}};
            err = audit_write(c, in->is_active ? "user.activated" : "user.deactivated", "user",
                              u->id, jsonw_object(c->arena, m, 1));
        }
        u->is_active = in->is_active;
    }
    return err;
}

enum bo_err
accounts_patch_user(struct ctx *c, int64_t id, const struct user_patch *in, struct user *out)
{
    if (check_user_patch(c, id, in)) {
        return c->err;
    }
    enum bo_err err = tx_begin(c);
    if (err) {
        return err;
    }
    err = store_user_get(c->store, c->arena, id, out);
    if (err == BO_ERR_NOT_FOUND) {
        store_rollback(c->store);
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such user");
    }
    if (err == BO_OK) {
        err = apply_user_patch(c, out, in);
    }
    return tx_end(c, err);
}

enum bo_err
accounts_audit(struct ctx *c, int64_t before, int limit, struct audit_entry **out, size_t *count)
{
    enum bo_err err = store_audit_list(c->store, c->arena, before, limit, out, count);

    return err ? tx_fail(c, err) : BO_OK;
}
