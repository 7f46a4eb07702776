/* SPDX-License-Identifier: MIT */
/*
 * err.h - the one error vocabulary of every layer.
 *
 * 0 is success, so `if (err)` reads correctly. The mapping to HTTP status
 * and problem type lives in one table in http/problem.c; nothing else
 * chooses a status code for an error.
 */
#ifndef BO_CORE_ERR_H
#define BO_CORE_ERR_H

enum bo_err {
    BO_OK = 0,
    BO_ERR_INVALID,      /* input breaks a rule; the detail names the field */
    BO_ERR_MALFORMED,    /* the request cannot be parsed at all */
    BO_ERR_UNAUTHORIZED, /* no credentials, or bad / expired ones */
    BO_ERR_FORBIDDEN,    /* authenticated, but not allowed */
    BO_ERR_NOT_FOUND,
    BO_ERR_METHOD,   /* the route exists, the method does not */
    BO_ERR_CONFLICT, /* state forbids it: duplicate, already revoked... */
    BO_ERR_SOLD_OUT,
    BO_ERR_TOO_LARGE, /* body over the limit */
    BO_ERR_HEADERS_TOO_LARGE,
    BO_ERR_UNSUPPORTED_MEDIA,
    BO_ERR_RATE_LIMITED, /* throttled; ctx carries Retry-After */
    BO_ERR_BUSY,         /* lock timeout / queue full; retryable */
    BO_ERR_UNAVAILABLE,  /* a dependency is down; retryable */
    BO_ERR_INTERNAL,     /* a bug or an unexpected backend failure */
    BO_ERR_EXPIRED,      /* a genuine signed link whose time is up (unsubscribe) */
    BO_ERR_COUNT
};

/* Stable lower-case name ("sold_out"); used in logs and problem types. */
const char *bo_err_name(enum bo_err err);

#endif
