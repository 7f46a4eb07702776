/* SPDX-License-Identifier: MIT */
/*
 * audit.h - append to the audit log (seed 002 audit_log) inside the
 * caller's transaction, with the actor and client address from ctx.
 */
#ifndef BO_APP_AUDIT_H
#define BO_APP_AUDIT_H

#include <stdint.h>

#include "core/err.h"

struct ctx;

/* payload is JSON text or NULL; target_id 0 means none. */
enum bo_err audit_write(struct ctx *c, const char *action, const char *target_type,
                        int64_t target_id, const char *payload);
/* The same, as its own transaction (for failures that roll back the rest). */
enum bo_err audit_write_alone(struct ctx *c, const char *action, const char *target_type,
                              int64_t target_id, const char *payload);

#endif
