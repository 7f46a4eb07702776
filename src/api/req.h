/* SPDX-License-Identifier: MIT */
/*
 * req.h - one HTTP request as handlers see it, and the response they fill.
 *
 * http/ builds a struct req from libmicrohttpd, finds the route, calls
 * api_dispatch(), and sends whatever the handler left in the response
 * fields (or, for a deferred request, what req_complete brings later).
 * Handlers never see MHD, and http/ never calls back into them.
 * Every string lives in the request arena (r->ctx->arena).
 */
#ifndef BO_API_REQ_H
#define BO_API_REQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "lib/str.h"

struct ctx;

#define REQ_MAX_PARAMS 4
#define REQ_MAX_HEADERS 8

struct req_pair {
    const char *name;
    const char *value;
};

struct req {
    struct ctx *ctx;
    const char *method;
    const char *path;
    struct req_pair params[REQ_MAX_PARAMS]; /* path parameters, from {name} */
    size_t param_count;
    struct str body;

    /* Look up a header or a query parameter; NULL when absent. */
    const char *(*header)(const struct req *r, const char *name);
    const char *(*query)(const struct req *r, const char *name);
    void *transport; /* http/'s own state, opaque here */

    /*
     * Answering later (req_defer): set by http/ when the request is parked,
     * so that no thread needs to wait for it.
     */
    bool can_defer;
    void (*complete)(struct req *r, enum bo_err err);
    void (*defer_start)(void *arg); /* set by req_defer */
    void *defer_arg;

    /* The response. */
    int status;
    const char *content_type;
    const char *body_out;
    size_t body_out_len;
    struct req_pair headers_out[REQ_MAX_HEADERS];
    size_t header_out_count;
};

/* A path parameter by name, or NULL. */
const char *req_param(const struct req *r, const char *name);
/* A cookie from the Cookie header by name (in the arena), or NULL. */
const char *req_cookie(const struct req *r, const char *name);
/* Add a response header (name and value must outlive the request). */
void req_add_header(struct req *r, const char *name, const char *value);
/* An empty response (204 and the like). */
void req_reply_empty(struct req *r, int status);
/* A text response of the given type; body is borrowed. */
void req_reply_text(struct req *r, int status, const char *type, const char *body, size_t len);

/* A list's ?limit= and ?cursor= (a wrong one is a field problem in r->ctx); r->ctx->err. */
enum bo_err req_page(struct req *r, int *limit, int64_t *cursor);
/*
 * The link to the next page of a list (this path, the same limit, cursor =
 * the last id shown), in the arena; NULL when the page was not full.
 */
const char *req_next_page(struct req *r, size_t count, int limit, int64_t last_id);

/*
 * For a handler whose work finishes elsewhere (r->can_defer only): it
 * returns BO_OK after req_defer, the request stays parked, and start(arg)
 * runs once the handler and its cleanup are done (the store handle given
 * back). From then on whoever finishes the work answers with req_complete,
 * once, from any thread; the request may be gone as soon as it returns.
 */
void req_defer(struct req *r, void (*start)(void *arg), void *arg);
/* The answer of a deferred request: err as a handler would return it. */
void req_complete(struct req *r, enum bo_err err);

#endif
