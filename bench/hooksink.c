/* SPDX-License-Identifier: MIT */
/*
 * hooksink.c - the webhook receiver of bench/webhooks.sh and bench/notify.sh.
 *
 *   hooksink PORT
 *
 * Listens on 127.0.0.1:PORT. Every POST is read to its end and answered 204, and counted once
 * per distinct webhook-id as well as in total (a resend after a lease carries the same id).
 * GET /count answers "<requests> <distinct ids>". Runs until SIGTERM or SIGINT.
 *
 * Distinct ids are kept in an open-addressed set of their hashes: a benchmark sends at most a
 * few million, and a false "seen" needs two 64-bit hashes to collide.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SET_BITS 23 /* 8M slots: a quarter full at 2M messages */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t *seen;
static long requests, distinct;

static uint64_t
fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603u;

    for (; *s != '\0'; s++) {
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    }
    return h ? h : 1; /* 0 marks an empty slot */
}

static void
count(const char *id)
{
    uint64_t h = fnv1a(id), mask = (1u << SET_BITS) - 1;

    pthread_mutex_lock(&lock);
    requests++;
    for (uint64_t i = h & mask;; i = (i + 1) & mask) {
        if (seen[i] == h) {
            break;
        }
        if (seen[i] == 0) {
            seen[i] = h;
            distinct++;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

static enum MHD_Result
answer(struct MHD_Connection *conn, unsigned status, const char *text)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
    enum MHD_Result ok = MHD_queue_response(conn, status, r);

    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
           const char *version, const char *data, size_t *data_len, void **state)
{
    static int started;

    (void)cls, (void)url, (void)version, (void)data;
    if (*state == NULL) {
        *state = &started;
        return MHD_YES;
    }
    if (*data_len > 0) {
        *data_len = 0; /* the body is read and dropped */
        return MHD_YES;
    }
    if (strcmp(method, "GET") == 0) {
        char text[64];
        pthread_mutex_lock(&lock);
        snprintf(text, sizeof(text), "%ld %ld\n", requests, distinct);
        pthread_mutex_unlock(&lock);
        return answer(conn, MHD_HTTP_OK, text);
    }
    const char *id = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "webhook-id");
    count(id ? id : "");
    return answer(conn, MHD_HTTP_NO_CONTENT, "");
}

int
main(int argc, char **argv)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    sigset_t stop;

    if (argc != 2) {
        fprintf(stderr, "usage: hooksink PORT\n");
        return 64;
    }
    seen = calloc((size_t)1 << SET_BITS, sizeof(*seen));
    addr.sin_port = htons((uint16_t)atoi(argv[1]));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL); /* MHD's threads inherit the mask */
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, 2u, MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_END);
    if (seen == NULL || d == NULL) {
        fprintf(stderr, "hooksink: cannot listen on 127.0.0.1:%s\n", argv[1]);
        return 1;
    }
    int sig = 0;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    printf("hooksink: %ld requests, %ld distinct ids\n", requests, distinct);
    free(seen);
    return 0;
}
