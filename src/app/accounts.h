/* SPDX-License-Identifier: MIT */
/*
 * accounts.h - registration, the caller's own profile, and the admin's
 * view of users and the audit log.
 *
 * Every function records its failure on ctx and writes nothing on failure.
 * Results are in the request arena.
 */
#ifndef BO_APP_ACCOUNTS_H
#define BO_APP_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/account.h"
#include "core/auth.h"
#include "core/err.h"

struct ctx;

struct me {
    struct user user;
    struct profile profile;
    int profile_completion;
};

struct user_patch {
    bool has_role, has_active;
    enum role role;
    bool is_active;
};

/* User and profile in one transaction. CONFLICT (field named) on duplicates. */
enum bo_err accounts_register(struct ctx *c, const struct registration *in, struct me *out);
enum bo_err accounts_me(struct ctx *c, struct me *out);
enum bo_err accounts_patch_me(struct ctx *c, const struct profile_patch *in, struct me *out);

/* Users with id > after, ascending. */
enum bo_err accounts_list_users(struct ctx *c, int64_t after, int limit, struct user **out,
                                size_t *count);
/* Role change and (de)activation; deactivation ends every session. */
enum bo_err accounts_patch_user(struct ctx *c, int64_t id, const struct user_patch *in,
                                struct user *out);
/* Entries with id < before (0: newest), newest first. */
enum bo_err accounts_audit(struct ctx *c, int64_t before, int limit, struct audit_entry **out,
                           size_t *count);

#endif
