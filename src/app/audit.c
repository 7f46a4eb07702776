/* SPDX-License-Identifier: MIT */
#include "app/audit.h"

#include "core/auth.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "store/store.h"

enum bo_err
audit_write(struct ctx *c, const char *action, const char *target_type, int64_t target_id,
            const char *payload)
{
    struct audit_entry e = {
        .actor_user_id = c->actor.user_id,
        .action = action,
        .target_type = target_type,
        .target_id = target_id ? arena_printf(c->arena, "%lld", (long long)target_id) : NULL,
        .payload = payload,
        .ip = c->client_addr,
        .created_at = c->now,
    };

    return store_audit_add(c->store, &e);
}

enum bo_err
audit_write_alone(struct ctx *c, const char *action, const char *target_type, int64_t target_id,
                  const char *payload)
{
    enum bo_err err = store_begin(c->store);

    if (err == BO_OK) {
        err = audit_write(c, action, target_type, target_id, payload);
    }
    if (err == BO_OK) {
        return store_commit(c->store);
    }
    store_rollback(c->store);
    return err;
}
