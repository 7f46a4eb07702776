/* SPDX-License-Identifier: MIT */
#include "http/server.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/req.h"
#include "api/routes.h"
#include "app/catalog_cache.h"
#include "app/catalog_index.h"
#include "app/env.h"
#include "core/ctx.h"
#include "http/metrics.h"
#include "http/problem.h"
#include "http/router.h"
#include "lib/arena.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "lib/token.h"
#include "lib/xalloc.h"

/*
 * MHD's own buffer per connection: twice our header limit (the headers and MHD's records of
 * them), at least this much. MHD zeroes all of it after every request, so it is no larger.
 */
#define CONNECTION_MEMORY_MIN (16 * 1024)
#define NO_ROUTE ((size_t)-1)

/* Where an exchange is between MHD's callbacks. */
enum phase {
    PHASE_READING, /* headers in, body arriving */
    PHASE_PARKED,  /* suspended, queued for or running on a worker */
    PHASE_READY,   /* the worker filled the answer and resumed the connection */
    PHASE_SENT,    /* the answer is queued with MHD */
};

struct exchange;

/*
 * Request workers: handlers that touch the database run here, not on MHD's
 * threads. Two pools: reads (GET, HEAD) on a few threads, since a read
 * never waits for a commit and more threads only add switches; writes on
 * many, since each waits parked for its group commit.
 */
struct workq {
    struct http_server *srv;
    pthread_mutex_t lock;
    pthread_cond_t work;
    struct exchange *head, *tail;
    int queued, max_queued;
    uint64_t parked; /* requests queued here so far (the lock's) */
    bool stopping;
    pthread_t *threads;
    int count;
};

struct http_server {
    struct MHD_Daemon *daemon;
    struct workq q;       /* writes, and reads when there is no read pool */
    struct workq reads;   /* GET and HEAD */
    struct workq hashing; /* routes that hash a password: tens of ms of CPU each */
    struct http_options opt;
    const struct app_env *env;
    struct metrics *metrics;
    const char **route_names;
    atomic_int in_flight;
    atomic_int deferred; /* answered by req_complete, not yet */
    atomic_uint_fast64_t seq;
    char id_prefix[9];
    int port;
};

/* One request, from its first callback to its completion. */
struct exchange {
    struct http_server *srv;
    struct MHD_Connection *conn;
    struct arena *arena;
    struct ctx ctx;
    struct req req;
    char *body;
    size_t body_len, body_cap;
    bool too_large;
    enum phase phase;
    struct exchange *next; /* in the work queue */
    size_t route;
    uint64_t start_ns;
    char req_id[72];
    char addr[INET6_ADDRSTRLEN];
};

static void complete_deferred(struct req *r, enum bo_err err);

static const char *
exchange_header(const struct req *r, const char *name)
{
    const struct exchange *x = r->transport;

    return MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, name);
}

static const char *
exchange_query(const struct req *r, const char *name)
{
    const struct exchange *x = r->transport;

    return MHD_lookup_connection_value(x->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* A client's X-Request-Id is kept when it is short and plain; else ours. */
static void
set_request_id(struct exchange *x)
{
    const char *given = MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, "X-Request-Id");
    size_t len = given ? strlen(given) : 0;
    bool plain = len > 0 && len <= 64 &&
                 strspn(given, "abcdefghijklmnopqrstuvwxyz"
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                               "0123456789-_.") == len;

    if (plain) {
        memcpy(x->req_id, given, len + 1);
        return;
    }
    uint64_t n = atomic_fetch_add(&x->srv->seq, 1);
    snprintf(x->req_id, sizeof(x->req_id), "%s-%06llx", x->srv->id_prefix, (unsigned long long)n);
}

static void
set_client_addr(struct exchange *x)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(x->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const char *fwd = MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, "X-Forwarded-For");

    x->addr[0] = '\0';
    if (x->srv->opt.trust_proxy && fwd != NULL) {
        size_t len = strcspn(fwd, ", ");
        snprintf(x->addr, sizeof(x->addr), "%.*s", (int)len, fwd);
        return;
    }
    if (ci == NULL || ci->client_addr == NULL) {
        return;
    }
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, x->addr,
                  sizeof(x->addr));
    } else if (sa->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, x->addr,
                  sizeof(x->addr));
    }
}

static struct exchange *
exchange_new(struct http_server *srv, struct MHD_Connection *conn, const char *url,
             const char *method)
{
    struct exchange *x = xcalloc(1, sizeof(*x));

    x->srv = srv;
    x->conn = conn;
    x->start_ns = clock_mono_ns();
    x->route = NO_ROUTE;
    x->arena = arena_create(16 * 1024);
    set_request_id(x);
    set_client_addr(x);
    x->ctx = (struct ctx){.arena = x->arena,
                          .env = srv->env,
                          .now = clock_now(),
                          .req_id = x->req_id,
                          .client_addr = x->addr};
    x->ctx.user_agent = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "User-Agent");
    x->req = (struct req){.ctx = &x->ctx,
                          .method = method,
                          .path = arena_strdup(x->arena, url),
                          .header = exchange_header,
                          .query = exchange_query,
                          .complete = complete_deferred,
                          .transport = x};
    atomic_fetch_add(&srv->in_flight, 1);
    return x;
}

static void
exchange_free(struct exchange *x)
{
    arena_destroy(x->arena);
    free(x->body);
    free(x);
}

static enum MHD_Result
add_header_len(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    size_t *total = cls;

    (void)kind;
    *total += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

static size_t
header_block_len(struct MHD_Connection *conn)
{
    size_t total = 0;

    MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header_len, &total);
    return total;
}

/* Queue r's response, with the request id and the handler's headers. */
static enum MHD_Result
send_req(struct exchange *x)
{
    struct req *r = &x->req;
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        r->body_out_len, (void *)(uintptr_t)r->body_out, MHD_RESPMEM_MUST_COPY);

    if (r->content_type != NULL) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    }
    MHD_add_response_header(resp, "X-Request-Id", x->req_id);
    for (size_t i = 0; i < r->header_out_count; i++) {
        MHD_add_response_header(resp, r->headers_out[i].name, r->headers_out[i].value);
    }
    enum MHD_Result ret = MHD_queue_response(x->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    x->phase = PHASE_SENT;
    return ret;
}

static enum MHD_Result
send_problem(struct exchange *x, enum bo_err err, const char *detail)
{
    ctx_fail(&x->ctx, err, NULL, "%s", detail);
    problem_render(&x->req, err);
    return send_req(x);
}

/* The first callback: headers are in. Refuse what is too big before the body. */
static enum MHD_Result
begin_exchange(struct exchange *x)
{
    const char *cl = MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, "Content-Length");

    if (header_block_len(x->conn) > x->srv->opt.header_limit) {
        return send_problem(
            x, BO_ERR_HEADERS_TOO_LARGE,
            arena_printf(x->arena, "the header block is over %zu bytes", x->srv->opt.header_limit));
    }
    if (cl != NULL && strtoull(cl, NULL, 10) > x->srv->opt.body_limit) {
        return send_problem(
            x, BO_ERR_TOO_LARGE,
            arena_printf(x->arena, "the body is over %zu bytes", x->srv->opt.body_limit));
    }
    return MHD_YES;
}

/* Keep the body up to the limit; past it, drop the rest and answer 413 at the end. */
static void
collect_body(struct exchange *x, const char *data, size_t len)
{
    if (x->too_large || x->body_len + len > x->srv->opt.body_limit) {
        x->too_large = true;
        return;
    }
    if (x->body_len + len > x->body_cap) {
        x->body_cap = (x->body_len + len) * 2;
        if (x->body_cap > x->srv->opt.body_limit) {
            x->body_cap = x->srv->opt.body_limit;
        }
        x->body = xrealloc(x->body, x->body_cap);
    }
    memcpy(x->body + x->body_len, data, len);
    x->body_len += len;
}

static const struct {
    const char *ext;
    const char *type;
} mime_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".webp", "image/webp"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *
mime_type(const char *path)
{
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot != NULL && i < sizeof(mime_types) / sizeof(mime_types[0]); i++) {
        if (strcmp(dot, mime_types[i].ext) == 0) {
            return mime_types[i].type;
        }
    }
    return "application/octet-stream";
}

/* Open web_root + path if it is a plain file inside web_root; -1 otherwise. */
static int
open_static(struct exchange *x, const char **file, off_t *size)
{
    const char *path = x->req.path;
    struct stat st;

    if (path[0] != '/' || strstr(path, "..") != NULL || strstr(path, "//") != NULL) {
        return -1;
    }
    *file = arena_printf(x->arena, "%s%s%s", x->srv->opt.web_root, path,
                         path[strlen(path) - 1] == '/' ? "index.html" : "");
    int fd = open(*file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    *size = st.st_size;
    return fd;
}

static bool
serve_static(struct exchange *x, enum MHD_Result *ret)
{
    const char *file = NULL;
    off_t size = 0;
    int fd = open_static(x, &file, &size);

    if (fd < 0) {
        return false;
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)size, fd);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, mime_type(file));
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    /* The pages carry their own script and style policy (a meta tag); what only a header
     * can say is that no other site may frame them (clickjacking) or learn their URLs. */
    MHD_add_response_header(resp, "Content-Security-Policy", "frame-ancestors 'none'");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "X-Request-Id", x->req_id);
    x->req.status = 200;
    x->phase = PHASE_SENT;
    *ret = MHD_queue_response(x->conn, 200, resp);
    MHD_destroy_response(resp);
    return true;
}

static bool
is_read(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

/* The handler's result into the answer: problem+json for errors. */
static void
finish(struct exchange *x, enum bo_err err)
{
    struct req *r = &x->req;

    if (err == BO_OK && r->status == 0) {
        err = ctx_fail(&x->ctx, BO_ERR_INTERNAL, NULL, "the handler gave no answer");
    }
    if (err) {
        if (problem_status(err) >= 500) {
            log_error("http.error", x->req_id, "path=%s err=%s detail=\"%s\"", r->path,
                      bo_err_name(err), x->ctx.err_detail ? x->ctx.err_detail : "");
        }
        problem_render(r, err);
    }
}

/* --- request workers -------------------------------------------------------- */

/* The answer is in: MHD sends it from its own thread. */
static void
resume(struct exchange *x, enum bo_err err)
{
    finish(x, err);
    x->phase = PHASE_READY;
    MHD_resume_connection(x->conn);
}

/* req_complete() of a deferred request, on whichever thread finished its work. */
static void
complete_deferred(struct req *r, enum bo_err err)
{
    struct exchange *x = r->transport;
    struct http_server *srv = x->srv;

    resume(x, err);
    atomic_fetch_sub(&srv->deferred, 1); /* x may be gone: only srv from here */
}

/* Start the work a handler deferred x to (x suspended); x may be gone when it returns. */
static void
hand_on(struct exchange *x)
{
    atomic_fetch_add(&x->srv->deferred, 1);
    x->req.defer_start(x->req.defer_arg);
}

/* Answer x, or hand it on if its handler deferred it; x may be gone after either. */
static void
run_parked(struct exchange *x)
{
    enum bo_err err = api_dispatch(&api_routes[x->route], &x->req);

    if (x->req.defer_start == NULL) {
        resume(x, err);
        return;
    }
    hand_on(x);
}

static void *
worker_loop(void *arg)
{
    struct workq *q = arg;

    pthread_mutex_lock(&q->lock);
    for (;;) {
        while (q->head == NULL && !q->stopping) {
            pthread_cond_wait(&q->work, &q->lock);
        }
        struct exchange *x = q->head;
        if (x == NULL) {
            break; /* stopping, and nothing left to answer */
        }
        q->head = x->next;
        q->tail = q->head ? q->tail : NULL;
        q->queued--;
        pthread_mutex_unlock(&q->lock);
        run_parked(x);
        pthread_mutex_lock(&q->lock);
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

static bool is_read(const char *method);

/* Suspend x and queue it for a worker; false when the queue is full. */
static bool
park(struct exchange *x)
{
    struct http_server *srv = x->srv;
    struct workq *q = srv->reads.count > 0 && is_read(x->req.method) ? &srv->reads : &srv->q;

    if (srv->hashing.count > 0 && api_routes[x->route].hashes_password) {
        q = &srv->hashing; /* a burst of sign-ins must not hold the write workers */
    }
    bool ok;

    pthread_mutex_lock(&q->lock);
    ok = q->queued < q->max_queued && !q->stopping;
    if (ok) {
        x->phase = PHASE_PARKED;
        x->req.can_defer = true;
        x->next = NULL;
        MHD_suspend_connection(x->conn);
        if (q->tail != NULL) {
            q->tail->next = x;
        } else {
            q->head = x;
        }
        q->tail = x;
        q->queued++;
        q->parked++;
        pthread_cond_signal(&q->work);
    }
    pthread_mutex_unlock(&q->lock);
    return ok;
}

static void
workers_start(struct http_server *s, struct workq *q, int count)
{
    q->srv = s;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->work, NULL);
    q->max_queued = 16 * count + 1024;
    q->threads = xcalloc((size_t)(count ? count : 1), sizeof(*q->threads));
    for (int i = 0; i < count; i++) {
        if (pthread_create(&q->threads[i], NULL, worker_loop, q) != 0) {
            break;
        }
        q->count++;
    }
}

/* Workers answer what is queued, then exit. */
static void
workers_stop(struct workq *q)
{
    pthread_mutex_lock(&q->lock);
    q->stopping = true;
    pthread_cond_broadcast(&q->work);
    pthread_mutex_unlock(&q->lock);
    for (int i = 0; i < q->count; i++) {
        pthread_join(q->threads[i], NULL);
    }
    free(q->threads);
    pthread_cond_destroy(&q->work);
    pthread_mutex_destroy(&q->lock);
}

/*
 * Run the handler on this (MHD's) thread. One that defers (a booking on an
 * in-process store) leaves x suspended until its write is on disk, like a
 * parked request whose handler deferred (run_parked).
 */
static enum MHD_Result
answer_here(struct exchange *x, const struct route *rt)
{
    x->req.can_defer = true;
    enum bo_err err = api_dispatch(rt, &x->req);

    if (x->req.defer_start == NULL) {
        finish(x, err);
        return send_req(x);
    }
    x->phase = PHASE_PARKED;
    MHD_suspend_connection(x->conn); /* before the work starts: the answer may come at once */
    hand_on(x);
    return MHD_YES;
}

/* Find the route: answer here, park on a worker, or serve a file. */
static enum MHD_Result
route(struct exchange *x)
{
    struct req *r = &x->req;
    enum MHD_Result ret = MHD_NO;
    struct router_match m =
        router_find(api_routes, api_route_count, r->method, r->path, r, x->arena);

    if (m.result == ROUTER_FOUND) {
        x->route = m.index;
        const struct route *rt = &api_routes[m.index];
        bool is_quick = api_route_is_quick(rt, r);
        if (rt->uses_store && x->srv->q.count > 0 && !is_quick) {
            return park(x) ? MHD_YES
                           : send_problem(x, BO_ERR_BUSY, "the server is at capacity; retry");
        }
        return answer_here(x, rt);
    }
    if (m.result == ROUTER_BAD_METHOD) {
        req_add_header(r, "Allow", m.allow);
        ctx_fail(&x->ctx, BO_ERR_METHOD, NULL, "%s is not allowed here; use %s", r->method,
                 m.allow);
        finish(x, BO_ERR_METHOD);
        return send_req(x);
    }
    if (is_read(r->method) && strncmp(r->path, "/api/", 5) != 0 && serve_static(x, &ret)) {
        return ret;
    }
    ctx_fail(&x->ctx, BO_ERR_NOT_FOUND, NULL, "nothing is at %s", r->path);
    finish(x, BO_ERR_NOT_FOUND);
    return send_req(x);
}

static uint64_t
parked_count(struct workq *q)
{
    pthread_mutex_lock(&q->lock);
    uint64_t n = q->parked;
    pthread_mutex_unlock(&q->lock);
    return n;
}

/* How many requests each worker pool took: the rest were answered on the HTTP threads. */
static char *
render_parked(struct exchange *x, char *text, size_t *len)
{
    struct http_server *s = x->srv;

    text = arena_printf(
        x->arena,
        "%s# HELP boxoffice_http_parked_total Requests handed to a worker pool; the others were "
        "answered on the HTTP threads.\n# TYPE boxoffice_http_parked_total counter\n"
        "boxoffice_http_parked_total{pool=\"write\"} %llu\n"
        "boxoffice_http_parked_total{pool=\"read\"} %llu\n"
        "boxoffice_http_parked_total{pool=\"hash\"} %llu\n",
        text, (unsigned long long)(s->q.count > 0 ? parked_count(&s->q) : 0),
        (unsigned long long)(s->reads.count > 0 ? parked_count(&s->reads) : 0),
        (unsigned long long)(s->hashing.count > 0 ? parked_count(&s->hashing) : 0));
    *len = strlen(text);
    return text;
}

/* The group-commit writer's counters, after the HTTP ones. */
static char *
render_writer_stats(struct exchange *x, char *text, size_t *len)
{
    struct writer_stats st;

    if (x->srv->env->writer == NULL) {
        return text;
    }
    writer_get_stats(x->srv->env->writer, &st);
    text = arena_printf(
        x->arena,
        "%s# HELP boxoffice_writer_jobs_total Write use cases run by the group-commit writer.\n"
        "# TYPE boxoffice_writer_jobs_total counter\nboxoffice_writer_jobs_total %llu\n"
        "# HELP boxoffice_writer_batches_total Transactions the writer committed them in.\n"
        "# TYPE boxoffice_writer_batches_total counter\nboxoffice_writer_batches_total %llu\n"
        "# HELP boxoffice_writer_syncs_total Flushes to disk that released answers.\n"
        "# TYPE boxoffice_writer_syncs_total counter\nboxoffice_writer_syncs_total %llu\n"
        "# HELP boxoffice_writer_waiting_max The most requests waiting for the writer at once.\n"
        "# TYPE boxoffice_writer_waiting_max gauge\nboxoffice_writer_waiting_max %lld\n",
        text, (unsigned long long)st.jobs, (unsigned long long)st.batches,
        (unsigned long long)st.syncs, (long long)st.most_waiting);
    *len = strlen(text);
    return text;
}

/* The last callback: the body is in. */
static enum MHD_Result
respond(struct exchange *x)
{
    struct req *r = &x->req;

    if (x->too_large) {
        return send_problem(
            x, BO_ERR_TOO_LARGE,
            arena_printf(x->arena, "the body is over %zu bytes", x->srv->opt.body_limit));
    }
    r->body = (struct str){x->body ? x->body : "", x->body_len};
    if (is_read(r->method) && strcmp(r->path, "/metrics") == 0) {
        size_t len = 0;
        metrics_set_in_flight(x->srv->metrics, atomic_load(&x->srv->in_flight));
        char *text = metrics_render(x->srv->metrics, x->arena, &len);
        text = render_parked(x, text, &len);
        text = render_writer_stats(x, text, &len);
        text = catalog_cache_metrics(x->srv->env->catalog_cache, x->arena, text, &len);
        text = catalog_index_metrics(x->srv->env->catalog_index, x->arena, text, &len);
        text = metrics_render_delivery(x->srv->env, x->arena, clock_now(), text, &len);
        req_reply_text(r, 200, "text/plain; version=0.0.4", text, len);
        return send_req(x);
    }
    return route(x);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_len, void **state)
{
    struct exchange *x = *state;

    (void)version;
    if (x == NULL) {
        x = exchange_new(cls, conn, url, method);
        *state = x;
        return begin_exchange(x);
    }
    switch (x->phase) {
    case PHASE_READY:
        return send_req(x);
    case PHASE_PARKED:
    case PHASE_SENT:
        *upload_len = 0; /* answered early (413, 431): drop the rest */
        return MHD_YES;
    case PHASE_READING:
        break;
    }
    if (*upload_len > 0) {
        collect_body(x, upload_data, *upload_len);
        *upload_len = 0;
        return MHD_YES;
    }
    return respond(x);
}

static void
access_log(struct exchange *x, double ms)
{
    struct json_object *o = json_object_new_object();
    char ts[32];
    const char *route = x->route != NO_ROUTE ? api_routes[x->route].pattern : NULL;

    clock_rfc3339(x->ctx.now, ts, sizeof(ts));
    json_object_object_add(o, "ts", json_object_new_string(ts));
    json_object_object_add(o, "event", json_object_new_string("http.request"));
    json_object_object_add(o, "req", json_object_new_string(x->req_id));
    json_object_object_add(o, "method", json_object_new_string(x->req.method));
    json_object_object_add(o, "path", json_object_new_string(x->req.path));
    json_object_object_add(o, "route", route ? json_object_new_string(route) : NULL);
    json_object_object_add(o, "status", json_object_new_int(x->req.status));
    json_object_object_add(o, "ms",
                           json_object_new_double_s(ms, arena_printf(x->arena, "%.3f", ms)));
    json_object_object_add(o, "in", json_object_new_int64((int64_t)x->body_len));
    json_object_object_add(o, "out", json_object_new_int64((int64_t)x->req.body_out_len));
    json_object_object_add(o, "addr", json_object_new_string(x->addr));
    json_object_object_add(
        o, "user", x->ctx.actor.user_id ? json_object_new_int64(x->ctx.actor.user_id) : NULL);
    log_raw(
        json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **state,
             enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct exchange *x = *state;

    (void)conn;
    (void)toe;
    if (x == NULL) {
        return;
    }
    uint64_t ns = clock_mono_ns() - x->start_ns;
    metrics_observe(srv->metrics, x->route == NO_ROUTE ? api_route_count : x->route, x->req.status,
                    ns);
    if (log_enabled(LOG_INFO)) { /* the access log is an info event: warn and error skip it */
        access_log(x, (double)ns / 1e6);
    }
    exchange_free(x);
    *state = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

/*
 * Answers of parked requests are written after a resume, as separate header
 * and body sends: with Nagle's algorithm on, the body waits for the client's
 * delayed ACK (40 ms on Linux). Send small answers at once.
 */
static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
              enum MHD_ConnectionNotificationCode code)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    int one = 1;

    (void)cls;
    (void)socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED && ci != NULL) {
        setsockopt(ci->connect_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
}

/* "host:port" or "[v6]:port" into a socket address. */
static bool
parse_listen(const char *listen, struct sockaddr_storage *out, bool *v6)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    size_t len = colon ? (size_t)(colon - listen) : 0;
    char *end = NULL;
    unsigned long port = colon ? strtoul(colon + 1, &end, 10) : 0;

    if (colon == NULL || len == 0 || len >= sizeof(host) || *end != '\0' || port > 65535) {
        return false;
    }
    memset(out, 0, sizeof(*out));
    *v6 = listen[0] == '[';
    snprintf(host, sizeof(host), "%.*s", (int)(*v6 ? len - 2 : len), listen + *v6);
    if (*v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)out;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        return inet_pton(AF_INET6, host, &a->sin6_addr) == 1;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)out;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    return inet_pton(AF_INET, host, &a->sin_addr) == 1;
}

static struct metrics *
metrics_for_routes(struct http_server *s)
{
    s->route_names = xcalloc(api_route_count, sizeof(*s->route_names));
    for (size_t i = 0; i < api_route_count; i++) {
        s->route_names[i] = api_routes[i].pattern;
    }
    return metrics_create(s->route_names, api_route_count);
}

static size_t
connection_memory(const struct http_options *opt)
{
    size_t bytes = 2 * opt->header_limit;

    return bytes > CONNECTION_MEMORY_MIN ? bytes : CONNECTION_MEMORY_MIN;
}

enum bo_err
http_start(const struct http_options *opt, const struct app_env *env, struct http_server **out)
{
    struct sockaddr_storage addr;
    bool v6 = false;
    unsigned char seed[4];

    if (!parse_listen(opt->listen, &addr, &v6)) {
        return BO_ERR_INVALID;
    }
    struct http_server *s = xcalloc(1, sizeof(*s));
    s->opt = *opt;
    s->env = env;
    s->metrics = metrics_for_routes(s);
    token_random(seed, sizeof(seed));
    snprintf(s->id_prefix, sizeof(s->id_prefix), "%02x%02x%02x%02x", seed[0], seed[1], seed[2],
             seed[3]);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                     (v6 ? MHD_USE_IPv6 : 0);
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)opt->threads, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)opt->idle_timeout, MHD_OPTION_CONNECTION_LIMIT, (unsigned)opt->max_connections,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory(opt), MHD_OPTION_LISTEN_BACKLOG_SIZE,
        1024u, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_NOTIFY_CONNECTION,
        on_connection, s, MHD_OPTION_END);
    if (s->daemon == NULL) {
        metrics_destroy(s->metrics);
        free(s->route_names);
        free(s);
        return BO_ERR_UNAVAILABLE;
    }
    s->port = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT)->port;
    workers_start(s, &s->q, opt->workers);
    workers_start(s, &s->reads, opt->workers > 0 ? opt->read_workers : 0);
    workers_start(s, &s->hashing, opt->workers > 0 ? opt->hash_workers : 0);
    *out = s;
    return BO_OK;
}

int
http_port(const struct http_server *s)
{
    return s->port;
}

void
http_stop(struct http_server *s, int timeout_ms)
{
    MHD_socket fd = MHD_quiesce_daemon(s->daemon);

    for (int waited = 0; atomic_load(&s->in_flight) > 0 && waited < timeout_ms; waited += 10) {
        usleep(10 * 1000);
    }
    /* Resumes whatever is still parked: MHD must not stop with any. */
    workers_stop(&s->reads);
    workers_stop(&s->hashing);
    workers_stop(&s->q);
    while (atomic_load(&s->deferred) > 0) {
        usleep(1000); /* the writer, still running, answers them */
    }
    MHD_stop_daemon(s->daemon);
    if (fd != MHD_INVALID_SOCKET) {
        close(fd);
    }
    log_info("http.stopped", NULL, "unfinished=%d", atomic_load(&s->in_flight));
    metrics_destroy(s->metrics);
    free(s->route_names);
    free(s);
}
