/* SPDX-License-Identifier: MIT */
#include "fakebot.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <json-c/json.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_CALLS 256
#define MAX_UPDATES 64
#define MAX_BODY (64 * 1024)
#define HOLD_CAP_S 30

struct call {
    char *method, *token, *body;
};

struct fakebot {
    struct MHD_Daemon *d;
    char url[64];
    pthread_mutex_t lock;
    pthread_cond_t changed;
    bool stopping;
    struct call calls[MAX_CALLS];
    int call_count;
    char *updates[MAX_UPDATES];
    int64_t update_ids[MAX_UPDATES];
    int update_count;
    int fail_left, fail_status, fail_retry_after;
    bool webhook_set; /* as Telegram: getUpdates is 409 until deleteWebhook */
};

struct upload {
    char buf[MAX_BODY + 1];
    size_t len;
};

static void
deadline_after(int ms, struct timespec *ts)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static int64_t
body_int(const char *body, const char *name, int64_t fallback)
{
    struct json_object *o = json_tokener_parse(body);
    struct json_object *v = NULL;
    int64_t out = fallback;

    if (o != NULL && json_object_object_get_ex(o, name, &v)) {
        out = json_object_get_int64(v);
    }
    json_object_put(o);
    return out;
}

/* Forget updates before offset (Telegram: a poll with offset confirms them). Locked. */
static void
confirm_before(struct fakebot *b, int64_t offset)
{
    int kept = 0;

    for (int i = 0; i < b->update_count; i++) {
        if (b->update_ids[i] >= offset) {
            b->updates[kept] = b->updates[i];
            b->update_ids[kept++] = b->update_ids[i];
        } else {
            free(b->updates[i]);
        }
    }
    b->update_count = kept;
}

/* {"ok":true,"result":[...queued updates...]}. Locked. */
static char *
updates_reply(struct fakebot *b)
{
    size_t cap = 64, len;
    for (int i = 0; i < b->update_count; i++) {
        cap += strlen(b->updates[i]) + 1;
    }
    char *out = malloc(cap);
    len = (size_t)snprintf(out, cap, "{\"ok\":true,\"result\":[");
    for (int i = 0; i < b->update_count; i++) {
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "," : "", b->updates[i]);
    }
    snprintf(out + len, cap - len, "]}");
    return out;
}

static char *
get_updates(struct fakebot *b, const char *body)
{
    int64_t offset = body_int(body, "offset", 0);
    int64_t timeout = body_int(body, "timeout", 0);
    struct timespec until;

    deadline_after((int)(timeout < HOLD_CAP_S ? timeout : HOLD_CAP_S) * 1000, &until);
    pthread_mutex_lock(&b->lock);
    confirm_before(b, offset);
    while (b->update_count == 0 && !b->stopping &&
           pthread_cond_timedwait(&b->changed, &b->lock, &until) != ETIMEDOUT) {
        confirm_before(b, offset);
    }
    char *out = updates_reply(b);
    pthread_mutex_unlock(&b->lock);
    return out;
}

/* The answer to sendMessage (and anything else): ok, or a failure the test asked for. */
static char *
send_message(struct fakebot *b, unsigned *status)
{
    char *out = malloc(256);

    pthread_mutex_lock(&b->lock);
    if (b->fail_left > 0) {
        b->fail_left--;
        *status = (unsigned)b->fail_status;
        snprintf(out, 256,
                 "{\"ok\":false,\"error_code\":%d,\"description\":\"%s\","
                 "\"parameters\":{\"retry_after\":%d}}",
                 b->fail_status,
                 b->fail_status == 429 ? "Too Many Requests: retry later"
                                       : "Forbidden: bot was blocked by the user",
                 b->fail_retry_after);
    } else {
        *status = 200;
        snprintf(out, 256, "{\"ok\":true,\"result\":{\"message_id\":%d}}", b->call_count);
    }
    pthread_mutex_unlock(&b->lock);
    return out;
}

static void
record(struct fakebot *b, const char *url, const char *body)
{
    /* /bot<token>/<method> */
    const char *slash = strrchr(url, '/');
    const char *tok = strncmp(url, "/bot", 4) == 0 ? url + 4 : url;

    pthread_mutex_lock(&b->lock);
    if (b->call_count < MAX_CALLS && slash != NULL) {
        struct call *c = &b->calls[b->call_count++];
        c->method = strdup(slash + 1);
        c->token = strndup(tok, slash > tok ? (size_t)(slash - tok) : 0);
        c->body = strdup(body);
    }
    pthread_cond_broadcast(&b->changed);
    pthread_mutex_unlock(&b->lock);
}

static enum MHD_Result
answer(struct MHD_Connection *conn, unsigned status, char *json)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(json), json, MHD_RESPMEM_MUST_FREE);

    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static bool
webhook_is_set(struct fakebot *b)
{
    pthread_mutex_lock(&b->lock);
    bool set = b->webhook_set;
    pthread_mutex_unlock(&b->lock);
    return set;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
       const char *version, const char *data, size_t *data_len, void **state)
{
    struct fakebot *b = cls;
    struct upload *up = *state;
    unsigned status = 200;

    (void)method;
    (void)version;
    if (up == NULL) {
        *state = calloc(1, sizeof(struct upload));
        return MHD_YES;
    }
    if (*data_len > 0) {
        size_t take = *data_len < MAX_BODY - up->len ? *data_len : MAX_BODY - up->len;
        memcpy(up->buf + up->len, data, take);
        up->len += take;
        *data_len = 0;
        return MHD_YES;
    }
    record(b, url, up->buf);
    const char *slash = strrchr(url, '/');
    if (slash != NULL && strcmp(slash, "/getUpdates") == 0 && webhook_is_set(b)) {
        return answer(conn, 409,
                      strdup("{\"ok\":false,\"error_code\":409,\"description\":\"Conflict: "
                             "can't use getUpdates method while webhook is active; use "
                             "deleteWebhook to delete the webhook first\"}"));
    }
    if (slash != NULL && strcmp(slash, "/getUpdates") == 0) {
        return answer(conn, 200, get_updates(b, up->buf));
    }
    if (slash != NULL &&
        (strcmp(slash, "/setWebhook") == 0 || strcmp(slash, "/deleteWebhook") == 0)) {
        fakebot_set_webhook(b, strcmp(slash, "/setWebhook") == 0);
    }
    char *out = send_message(b, &status);
    return answer(conn, status, out);
}

static void
completed(void *cls, struct MHD_Connection *conn, void **state, enum MHD_RequestTerminationCode t)
{
    (void)cls;
    (void)conn;
    (void)t;
    free(*state);
    *state = NULL;
}

struct fakebot *
fakebot_start(void)
{
    struct fakebot *b = calloc(1, sizeof(*b));
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->changed, NULL);
    b->d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD, 0,
                            NULL, NULL, handle, b, MHD_OPTION_SOCK_ADDR, &addr,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, b, MHD_OPTION_END);
    cr_assert(b->d != NULL, "the fake Bot API cannot listen");
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(b->d, MHD_DAEMON_INFO_BIND_PORT);
    snprintf(b->url, sizeof(b->url), "http://127.0.0.1:%u", (unsigned)info->port);
    return b;
}

void
fakebot_stop(struct fakebot *b)
{
    if (b == NULL) {
        return;
    }
    pthread_mutex_lock(&b->lock);
    b->stopping = true;
    pthread_cond_broadcast(&b->changed);
    pthread_mutex_unlock(&b->lock);
    MHD_stop_daemon(b->d);
    for (int i = 0; i < b->call_count; i++) {
        free(b->calls[i].method);
        free(b->calls[i].token);
        free(b->calls[i].body);
    }
    confirm_before(b, INT64_MAX);
    pthread_cond_destroy(&b->changed);
    pthread_mutex_destroy(&b->lock);
    free(b);
}

const char *
fakebot_url(const struct fakebot *b)
{
    return b->url;
}

void
fakebot_queue_update(struct fakebot *b, const char *update_json)
{
    int64_t id = body_int(update_json, "update_id", -1);

    cr_assert(id >= 0, "an update needs an update_id: %s", update_json);
    pthread_mutex_lock(&b->lock);
    cr_assert(b->update_count < MAX_UPDATES);
    b->update_ids[b->update_count] = id;
    b->updates[b->update_count++] = strdup(update_json);
    pthread_cond_broadcast(&b->changed);
    pthread_mutex_unlock(&b->lock);
}

void
fakebot_queue_text(struct fakebot *b, int64_t update_id, int64_t chat_id, const char *username,
                   const char *lang, const char *text)
{
    struct json_object *u = json_object_new_object();
    struct json_object *msg = json_object_new_object();
    struct json_object *chat = json_object_new_object();
    struct json_object *from = json_object_new_object();

    json_object_object_add(chat, "id", json_object_new_int64(chat_id));
    json_object_object_add(chat, "type", json_object_new_string("private"));
    json_object_object_add(from, "id", json_object_new_int64(chat_id));
    json_object_object_add(from, "is_bot", json_object_new_boolean(0));
    json_object_object_add(from, "first_name", json_object_new_string("Test"));
    json_object_object_add(from, "username", json_object_new_string(username));
    json_object_object_add(from, "language_code", json_object_new_string(lang));
    json_object_object_add(msg, "message_id", json_object_new_int64(update_id));
    json_object_object_add(msg, "from", from);
    json_object_object_add(msg, "chat", chat);
    json_object_object_add(msg, "date", json_object_new_int64(time(NULL)));
    json_object_object_add(msg, "text", json_object_new_string(text));
    json_object_object_add(u, "update_id", json_object_new_int64(update_id));
    json_object_object_add(u, "message", msg);
    fakebot_queue_update(b, json_object_to_json_string_ext(u, JSON_C_TO_STRING_PLAIN));
    json_object_put(u);
}

void
fakebot_fail_next(struct fakebot *b, int k, int status, int retry_after)
{
    pthread_mutex_lock(&b->lock);
    b->fail_left = k;
    b->fail_status = status;
    b->fail_retry_after = retry_after;
    pthread_mutex_unlock(&b->lock);
}

/* Locked. */
static int
count_of(struct fakebot *b, const char *method)
{
    int n = 0;

    for (int i = 0; i < b->call_count; i++) {
        n += strcmp(b->calls[i].method, method) == 0;
    }
    return n;
}

int
fakebot_count(struct fakebot *b, const char *method)
{
    pthread_mutex_lock(&b->lock);
    int n = count_of(b, method);
    pthread_mutex_unlock(&b->lock);
    return n;
}

int
fakebot_wait(struct fakebot *b, const char *method, int n, int timeout_ms)
{
    struct timespec until;

    deadline_after(timeout_ms, &until);
    pthread_mutex_lock(&b->lock);
    int have = count_of(b, method);
    while (have < n && pthread_cond_timedwait(&b->changed, &b->lock, &until) != ETIMEDOUT) {
        have = count_of(b, method);
    }
    have = count_of(b, method);
    pthread_mutex_unlock(&b->lock);
    return have;
}

/* The i-th call of method, or NULL. Locked. */
static const struct call *
nth_call(struct fakebot *b, const char *method, int i)
{
    for (int k = 0; k < b->call_count; k++) {
        if (strcmp(b->calls[k].method, method) == 0 && i-- == 0) {
            return &b->calls[k];
        }
    }
    return NULL;
}

char *
fakebot_body(struct fakebot *b, const char *method, int i)
{
    pthread_mutex_lock(&b->lock);
    const struct call *c = nth_call(b, method, i);
    char *out = c ? strdup(c->body) : NULL;
    pthread_mutex_unlock(&b->lock);
    return out;
}

char *
fakebot_token(struct fakebot *b, const char *method, int i)
{
    pthread_mutex_lock(&b->lock);
    const struct call *c = nth_call(b, method, i);
    char *out = c ? strdup(c->token) : NULL;
    pthread_mutex_unlock(&b->lock);
    return out;
}

void
fakebot_set_webhook(struct fakebot *b, bool set)
{
    pthread_mutex_lock(&b->lock);
    b->webhook_set = set;
    pthread_mutex_unlock(&b->lock);
}
