/* SPDX-License-Identifier: MIT */
/*
 * auth.h - signing in and out, token rotation, bearer authentication,
 * recovery codes and personal API tokens.
 *
 * Access tokens are "bo_at_" + base64url(user id, expiry, session family)
 * + "." + base64url(HMAC-SHA256): checked without a lookup, but the user
 * (active?) and the family (revoked?) are still read, so logout and
 * deactivation take effect at once. Refresh tokens ("bo_rt_") and API
 * tokens ("bo_pat_") carry 256 random bits and are stored only as hashes.
 * Every function records its failure on ctx and writes nothing on failure.
 */
#ifndef BO_APP_AUTH_H
#define BO_APP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/account.h"
#include "core/auth.h"
#include "core/err.h"

struct ctx;

#define RECOVERY_CODE_COUNT 10

struct token_pair {
    const char *access_token;
    int access_expires_in; /* seconds */
    const char *refresh_token;
    int refresh_expires_in;
    int64_t user_id;
    const char *username;
    enum role role;
    const char *family; /* the sign-in these tokens belong to */
};

struct reset_request {
    const char *login;
    const char *code;
    const char *new_password;
};

struct token_request {
    const char *name;
    unsigned scopes;
    int expires_in_days; /* 0: never */
};

/* BO_ERR_UNAUTHORIZED for bad credentials, FORBIDDEN if deactivated, RATE_LIMITED. */
enum bo_err auth_login(struct ctx *c, const char *login, const char *password,
                       struct token_pair *out);
/*
 * Rotate: the old token stops working. A reused rotated token revokes its family.
 * A refresh token that came in a cookie needs its session's CSRF token (csrf);
 * checked before the rotation, so a forged request cannot burn the session.
 * csrf NULL: the token came in the body, no cookie involved.
 */
enum bo_err auth_refresh(struct ctx *c, const char *refresh_token, const char *csrf,
                         struct token_pair *out);
/* End the caller's session (the family of its access token). */
enum bo_err auth_logout(struct ctx *c);
enum bo_err auth_logout_all(struct ctx *c, int *revoked);

/*
 * Resolve an Authorization header into c->actor. A NULL header leaves the
 * caller anonymous. UNAUTHORIZED for a bad, expired or revoked token,
 * FORBIDDEN for a deactivated account.
 */
enum bo_err auth_authenticate(struct ctx *c, const char *authorization);
/* The same for an access token that came in the session cookie (no API tokens there). */
enum bo_err auth_authenticate_cookie(struct ctx *c, const char *access_token);

/*
 * The CSRF token of a cookie session: a keyed hash of its family, so it
 * survives rotation and needs no storage. *out is in the arena.
 */
const char *auth_csrf_token(struct ctx *c, const char *family);
/* Does `sent` (the X-CSRF-Token header, may be NULL) match the caller's session? */
bool auth_csrf_ok(struct ctx *c, const char *sent);

/* New single-use codes for the caller, replacing unused ones; *codes in arena. */
enum bo_err auth_recovery_issue(struct ctx *c, const char ***codes, int64_t *expires_at);
enum bo_err auth_reset_password(struct ctx *c, const struct reset_request *in);
enum bo_err auth_change_password(struct ctx *c, const char *current, const char *next);

/* *secret is the token, shown once. */
enum bo_err auth_token_create(struct ctx *c, const struct token_request *in, struct api_token *out,
                              const char **secret);
enum bo_err auth_token_list(struct ctx *c, struct api_token **out, size_t *count);
enum bo_err auth_token_revoke(struct ctx *c, int64_t id);

#endif
