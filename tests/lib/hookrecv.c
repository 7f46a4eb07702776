/* SPDX-License-Identifier: MIT */
#include "lib/hookrecv.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sign.h"

#define HOOKRECV_MAX 64
#define BODY_MAX (1 << 20)

struct hookrecv {
    struct MHD_Daemon *d;
    pthread_mutex_t lock;
    char url[64];
    char secret[128];
    int status, retry_after_s;
    int delay_ms; /* before each answer: the sender waits mid-delivery */
    int count;
    struct hookrecv_msg msgs[HOOKRECV_MAX];
};

struct upload {
    char *buf;
    size_t len;
};

static const char *
header(struct MHD_Connection *c, const char *name)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
    return v ? v : "";
}

static void
record(struct hookrecv *h, struct MHD_Connection *c, struct upload *u)
{
    struct hookrecv_msg m = {0};

    snprintf(m.id, sizeof(m.id), "%s", header(c, "webhook-id"));
    snprintf(m.signature, sizeof(m.signature), "%s", header(c, "webhook-signature"));
    m.timestamp = strtoll(header(c, "webhook-timestamp"), NULL, 10);
    m.body = u->buf ? u->buf : strdup("");
    u->buf = NULL;
    pthread_mutex_lock(&h->lock);
    m.verified =
        sign_webhook_verify(h->secret, m.id, m.timestamp, m.body, strlen(m.body), m.signature);
    if (h->count < HOOKRECV_MAX) {
        h->msgs[h->count++] = m;
    } else {
        free(m.body);
    }
    pthread_mutex_unlock(&h->lock);
}

static enum MHD_Result
answer(struct hookrecv *h, struct MHD_Connection *c)
{
    static const char ok[] = "{}";

    pthread_mutex_lock(&h->lock);
    int status = h->status, retry = h->retry_after_s, delay = h->delay_ms;
    pthread_mutex_unlock(&h->lock);
    if (delay > 0) {
        nanosleep(&(struct timespec){delay / 1000, (long)(delay % 1000) * 1000000L}, NULL);
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(2, (void *)(uintptr_t)ok, MHD_RESPMEM_PERSISTENT);
    if (retry > 0) {
        char v[16];
        snprintf(v, sizeof(v), "%d", retry);
        MHD_add_response_header(resp, "Retry-After", v);
    }
    enum MHD_Result rc = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return rc;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *data, size_t *data_len, void **state)
{
    struct hookrecv *h = cls;
    struct upload *u = *state;

    (void)url, (void)method, (void)version;
    if (u == NULL) {
        *state = calloc(1, sizeof(struct upload));
        return MHD_YES;
    }
    if (*data_len > 0) {
        if (u->len + *data_len < BODY_MAX) {
            u->buf = realloc(u->buf, u->len + *data_len + 1);
            memcpy(u->buf + u->len, data, *data_len);
            u->len += *data_len;
            u->buf[u->len] = '\0';
        }
        *data_len = 0;
        return MHD_YES;
    }
    record(h, c, u);
    return answer(h, c);
}

static void
on_done(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode tc)
{
    struct upload *u = *state;

    (void)cls, (void)c, (void)tc;
    if (u != NULL) {
        free(u->buf);
        free(u);
    }
}

struct hookrecv *
hookrecv_start(const char *secret)
{
    struct hookrecv *h = calloc(1, sizeof(*h));
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    pthread_mutex_init(&h->lock, NULL);
    h->status = 200;
    snprintf(h->secret, sizeof(h->secret), "%s", secret);
    h->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
                            on_request, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                            MHD_OPTION_NOTIFY_COMPLETED, on_done, h, MHD_OPTION_END);
    if (h->d == NULL) {
        free(h);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
    snprintf(h->url, sizeof(h->url), "http://127.0.0.1:%u/hook", (unsigned)info->port);
    return h;
}

void
hookrecv_stop(struct hookrecv *h)
{
    if (h == NULL) {
        return;
    }
    MHD_stop_daemon(h->d);
    for (int i = 0; i < h->count; i++) {
        free(h->msgs[i].body);
    }
    pthread_mutex_destroy(&h->lock);
    free(h);
}

const char *
hookrecv_url(const struct hookrecv *h)
{
    return h->url;
}

void
hookrecv_set_delay(struct hookrecv *h, int delay_ms)
{
    pthread_mutex_lock(&h->lock);
    h->delay_ms = delay_ms;
    pthread_mutex_unlock(&h->lock);
}

void
hookrecv_set_status(struct hookrecv *h, int status, int retry_after_s)
{
    pthread_mutex_lock(&h->lock);
    h->status = status;
    h->retry_after_s = retry_after_s;
    pthread_mutex_unlock(&h->lock);
}

void
hookrecv_set_secret(struct hookrecv *h, const char *secret)
{
    pthread_mutex_lock(&h->lock);
    snprintf(h->secret, sizeof(h->secret), "%s", secret);
    pthread_mutex_unlock(&h->lock);
}

int
hookrecv_count(struct hookrecv *h)
{
    pthread_mutex_lock(&h->lock);
    int n = h->count;
    pthread_mutex_unlock(&h->lock);
    return n;
}

bool
hookrecv_get(struct hookrecv *h, int i, struct hookrecv_msg *out)
{
    pthread_mutex_lock(&h->lock);
    bool found = i >= 0 && i < h->count;
    if (found) {
        *out = h->msgs[i];
    }
    pthread_mutex_unlock(&h->lock);
    return found;
}

bool
hookrecv_wait(struct hookrecv *h, int count, int timeout_ms)
{
    const struct timespec tick = {0, 10 * 1000 * 1000};

    for (int waited = 0; waited < timeout_ms; waited += 10) {
        if (hookrecv_count(h) >= count) {
            return true;
        }
        nanosleep(&tick, NULL);
    }
    return hookrecv_count(h) >= count;
}
