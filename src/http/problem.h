/* SPDX-License-Identifier: MIT */
/*
 * problem.h - errors as RFC 9457 application/problem+json.
 *
 * The one table that maps enum bo_err to an HTTP status, a stable problem
 * type ("/problems/<name>") and a title. Nothing else chooses a status code
 * for an error.
 */
#ifndef BO_HTTP_PROBLEM_H
#define BO_HTTP_PROBLEM_H

#include "core/err.h"

struct req;

int problem_status(enum bo_err err);

/*
 * Fill r's response with the problem for err, its detail and fields taken
 * from r->ctx, instance = the request path, and the headers the status
 * calls for (WWW-Authenticate, Retry-After).
 */
void problem_render(struct req *r, enum bo_err err);

#endif
