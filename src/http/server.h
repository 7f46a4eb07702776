/* SPDX-License-Identifier: MIT */
/*
 * server.h - the HTTP server: libmicrohttpd in epoll mode with a thread
 * pool, wrapped once so that handlers only ever see struct req.
 *
 * Per request: limits (431 header block, 413 body), a request id, the
 * route, api_dispatch(), problem+json for errors, one JSON access-log line
 * and the metrics. Files under web_root answer GET requests that match no
 * route. Shutdown is graceful: stop accepting, let in-flight requests end.
 */
#ifndef BO_HTTP_SERVER_H
#define BO_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct app_env;
struct http_server;

struct http_options {
    const char *listen; /* "127.0.0.1:8080"; port 0 picks a free one */
    int threads;
    size_t body_limit;
    size_t header_limit;
    int idle_timeout;
    int max_connections;
    int workers;      /* threads that run database handlers; 0: on MHD's own threads */
    int read_workers; /* of them, a separate pool for GET and HEAD; 0: none */
    int hash_workers; /* a pool for the routes that hash a password; 0: none */
    bool trust_proxy;
    const char *web_root;
};

/* Start serving. BO_ERR_UNAVAILABLE if the address cannot be bound. */
enum bo_err http_start(const struct http_options *opt, const struct app_env *env,
                       struct http_server **out);
/* The port actually bound. */
int http_port(const struct http_server *s);
/* Stop accepting, wait up to timeout_ms for in-flight requests, then stop. */
void http_stop(struct http_server *s, int timeout_ms);

#endif
