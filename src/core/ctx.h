/* SPDX-License-Identifier: MIT */
/*
 * ctx.h - what one request or job run carries through every layer.
 *
 * The edge (http/, jobs) fills a ctx: arena, clock reading, store handle,
 * caller identity. Any layer records a failure with ctx_fail(), which keeps
 * the first code and detail and collects every offending field, so a
 * validator can report all bad fields at once. Nothing here does I/O.
 */
#ifndef BO_CORE_CTX_H
#define BO_CORE_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct store;
struct app_env;

#define CTX_MAX_FIELD_ERRORS 16

/* AUTH_SYSTEM: a job of the server itself (expiring holds), not a person. */
enum auth_via { AUTH_NONE = 0, AUTH_SESSION, AUTH_API_TOKEN, AUTH_SYSTEM };

/* Who is calling. user_id is 0 for an anonymous caller. */
struct actor {
    int64_t user_id;
    int role;        /* enum role from core/account.h */
    unsigned scopes; /* enum scope bits; all of them for a session */
    enum auth_via via;
    const char *session_family; /* refresh-session family behind an access token */
};

struct field_error {
    const char *field;
    const char *detail;
};

struct ctx {
    struct arena *arena;
    struct store *store;
    const struct app_env *env;
    int64_t now; /* seconds since the epoch, read once at the edge */
    const char *req_id;
    const char *client_addr;
    const char *user_agent;
    struct actor actor;

    /* The first failure; set only through ctx_fail(). */
    enum bo_err err;
    const char *err_detail;
    struct field_error fields[CTX_MAX_FIELD_ERRORS];
    size_t field_count;
    int retry_after; /* seconds, for BO_ERR_RATE_LIMITED */
};

/*
 * Record a failure and return code, so raising one is a single return.
 * The first call sets the code and detail; every call with a field adds it
 * to the field list (up to CTX_MAX_FIELD_ERRORS).
 */
enum bo_err ctx_fail(struct ctx *c, enum bo_err code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Forget any recorded failure (a retried transaction starts clean). */
void ctx_clear_error(struct ctx *c);

#endif
