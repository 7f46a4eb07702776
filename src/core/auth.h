/* SPDX-License-Identifier: MIT */
/*
 * auth.h - sessions, recovery codes, API tokens and audit entries (seed 002
 * `user` schema), and the pure rules on them.
 *
 * Secrets never appear here in clear: every *_hash is the hex SHA-256 (or
 * keyed HMAC) of a token shown to its owner once. Times are seconds since
 * the epoch; 0 means "never".
 */
#ifndef BO_CORE_AUTH_H
#define BO_CORE_AUTH_H

#include <stdbool.h>
#include <stdint.h>

/*
 * One refresh token. A family is one sign-in: every rotation adds a row
 * with the same family and revokes its predecessor (replaced_by).
 */
struct refresh_session {
    const char *jti;
    const char *family;
    int64_t user_id;
    const char *token_hash;
    int64_t issued_at;
    int64_t expires_at;
    int64_t revoked_at;
    const char *replaced_by; /* jti of the successor, NULL if none */
    const char *user_agent;
    const char *ip;
};

struct recovery_code {
    int64_t user_id;
    const char *code_hash;
    int64_t created_at;
    int64_t expires_at;
    int64_t used_at;
};

struct api_token {
    int64_t id;
    int64_t user_id;
    const char *name;
    const char *prefix; /* the first characters, shown in listings */
    const char *token_hash;
    unsigned scopes; /* enum scope bits */
    int64_t created_at;
    int64_t expires_at; /* 0: does not expire */
    int64_t revoked_at;
    int64_t last_used_at;
};

struct audit_entry {
    int64_t id;
    int64_t actor_user_id; /* 0: anonymous or the system */
    const char *action;    /* "auth.login", "user.role_changed"... */
    const char *target_type;
    const char *target_id;
    const char *payload; /* a JSON object as text, or NULL */
    const char *ip;
    int64_t created_at;
};

/* Is the session usable at `now`: not revoked, not expired. */
static inline bool
session_is_live(const struct refresh_session *s, int64_t now)
{
    return s->revoked_at == 0 && s->expires_at > now;
}

static inline bool
api_token_is_live(const struct api_token *t, int64_t now)
{
    return t->revoked_at == 0 && (t->expires_at == 0 || t->expires_at > now);
}

#endif
