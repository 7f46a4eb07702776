/* SPDX-License-Identifier: MIT */
/*
 * req.h - one HTTP request as handlers see it, and the response they fill.
 *
 * http/ builds a struct req from libmicrohttpd, finds the route, calls
 * api_dispatch(), and sends whatever the handler left in the response
 * fields. Handlers never see MHD, and http/ never calls back into them.
 * Every string lives in the request arena (r->ctx->arena).
 */
#ifndef BO_API_REQ_H
#define BO_API_REQ_H

#include <stddef.h>

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

#endif
