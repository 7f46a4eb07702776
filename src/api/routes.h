/* SPDX-License-Identifier: MIT */
/*
 * routes.h - the table of every API route, and the dispatcher that checks
 * authentication, role, scope and media type before calling a handler.
 *
 * Routes are data (Kore, TFB-h2o): adding an endpoint is one row here, one
 * handler, one OpenAPI entry. A test compares this table with the OpenAPI
 * document.
 */
#ifndef BO_API_ROUTES_H
#define BO_API_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct req;

enum route_auth {
    ROUTE_PUBLIC = 0, /* no credentials needed, and any sent are ignored */
    ROUTE_OPTIONAL,   /* anyone; credentials, when sent, must be good and are used */
    ROUTE_USER,       /* an access token or an API token with the route's scope */
    ROUTE_SESSION,    /* a signed-in session only: not an API token */
    ROUTE_ADMIN,      /* an admin, by session or by a token with the admin scope */
};

struct route {
    const char *method;
    const char *pattern; /* "/api/v1/me/tokens/{id}" */
    enum bo_err (*handler)(struct req *r);
    enum route_auth auth;
    unsigned scope;       /* enum scope bit an API token needs; 0: none */
    bool uses_store;      /* acquire a database handle for the request */
    bool has_body;        /* expects a JSON body */
    bool hashes_password; /* spends tens of milliseconds of CPU in argon2 */
    bool parks_write;     /* its write waits on the writer parked (req_defer), not on a thread */
    bool takes_form;      /* reads a form body itself (RFC 8058 one-click unsubscribe) */
};

extern const struct route api_routes[];
extern const size_t api_route_count;

/*
 * Run route's handler for r: authenticate, check role / scope / media
 * type, acquire and release the store handle. Returns the handler's error
 * (already recorded in r->ctx) for http/ to render.
 */
enum bo_err api_dispatch(const struct route *route, struct req *r);

/*
 * May r (of route) run on the HTTP thread now, without the hand-off to a
 * worker? Only work that reads for microseconds: the listing while its index
 * is current on an in-process store, and on such a store the bookings whose
 * write then waits on the writer parked (the HTTP thread reads the caller's
 * token and queues the job; req_defer must be allowed: r->can_defer).
 */
bool api_route_is_quick(const struct route *route, struct req *r);

/* The cookies of a web UI session (see api/auth.c). */
#define SESSION_COOKIE "bo_at"
#define REFRESH_COOKIE "bo_rt"
#define CSRF_COOKIE "bo_csrf"

#endif
