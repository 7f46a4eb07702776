/* SPDX-License-Identifier: MIT */
/*
 * loadgen.c - a small closed-loop HTTP/1.1 load generator for the booking
 * benchmark: CONNS keep-alive connections on one thread (epoll), each with
 * one request in flight, so the client takes a fraction of the CPU that
 * wrk with a Lua script takes on the same two cores.
 *
 *   loadgen PORT SECONDS CONNS TOKENS_FILE FIRST_EVENT EVENT_COUNT
 *
 * Request i books one seat of event FIRST + i % EVENT_COUNT as the user of
 * token i (no user books twice); it stops after SECONDS or when the tokens
 * run out. Prints wrk's summary lines (Requests/sec, 50%, 99%) and the
 * statuses, so bench/booking.sh reads either tool the same way.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF 16384

struct conn {
    int fd;
    char in[BUF];
    size_t got;
    double sent_at;
};

static char **tokens;
static size_t token_count, next_token;
static long first_event, event_count;
static double *latencies;
static size_t done_count, created, refused, other;

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
load_tokens(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[256];
    size_t cap = 1024;

    if (f == NULL) {
        perror(path);
        exit(1);
    }
    tokens = malloc(cap * sizeof(*tokens));
    while (fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (token_count == cap) {
            cap *= 2;
            tokens = realloc(tokens, cap * sizeof(*tokens));
        }
        tokens[token_count++] = strdup(line);
    }
    fclose(f);
    latencies = malloc((token_count + 1) * sizeof(*latencies));
}

/* Send the next booking on c; 0 when the tokens are used up. */
static int
send_next(struct conn *c)
{
    char req[1024];

    if (next_token == token_count) {
        return 0;
    }
    size_t i = next_token++;
    int n = snprintf(req, sizeof(req),
                     "POST /api/v1/events/%ld/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Authorization: Bearer %s\r\nContent-Length: 0\r\n\r\n",
                     first_event + (long)(i % (size_t)event_count), tokens[i]);
    c->sent_at = now();
    c->got = 0;
    return write(c->fd, req, (size_t)n) == n ? 1 : -1;
}

/* A whole answer in c->in? Then count it and return 1. */
static int
take_answer(struct conn *c)
{
    c->in[c->got] = '\0';
    char *end = strstr(c->in, "\r\n\r\n");
    if (end == NULL) {
        return 0;
    }
    const char *cl = strcasestr(c->in, "\r\nContent-Length:");
    size_t body = cl != NULL && cl < end ? (size_t)strtoul(cl + 17, NULL, 10) : 0;
    if (c->got < (size_t)(end + 4 - c->in) + body) {
        return 0;
    }
    int status = atoi(c->in + 9);
    created += status == 201;
    refused += status == 409;
    other += status != 201 && status != 409;
    latencies[done_count++] = now() - c->sent_at;
    return 1;
}

static int
open_conn(int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;

    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        perror("connect");
        exit(1);
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

static int
cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: loadgen PORT SECONDS CONNS TOKENS FIRST_EVENT EVENT_COUNT\n");
        return 64;
    }
    int port = atoi(argv[1]), conns = atoi(argv[3]);
    double seconds = atof(argv[2]);
    first_event = atol(argv[5]);
    event_count = atol(argv[6]);
    load_tokens(argv[4]);

    int ep = epoll_create1(0);
    struct conn *cs = calloc((size_t)conns, sizeof(*cs));
    int active = 0;
    double start = now(), stop = start + seconds;
    for (int i = 0; i < conns; i++) {
        cs[i].fd = open_conn(port);
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &cs[i]};
        epoll_ctl(ep, EPOLL_CTL_ADD, cs[i].fd, &ev);
        active += send_next(&cs[i]) == 1;
    }
    struct epoll_event evs[256];
    while (active > 0) {
        int n = epoll_wait(ep, evs, 256, 1000);
        for (int k = 0; k < n; k++) {
            struct conn *c = evs[k].data.ptr;
            ssize_t r = read(c->fd, c->in + c->got, BUF - 1 - c->got);
            if (r <= 0) {
                fprintf(stderr, "loadgen: connection closed (%s)\n", r ? strerror(errno) : "eof");
                return 1;
            }
            c->got += (size_t)r;
            if (take_answer(c) && (now() >= stop || send_next(c) != 1)) {
                active--;
            }
        }
    }
    double took = now() - start;
    qsort(latencies, done_count, sizeof(*latencies), cmp);
    printf("Requests/sec: %.2f\n", (double)done_count / took);
    if (done_count > 0) {
        printf("     50%%  %.2fms\n", latencies[done_count / 2] * 1e3);
        printf("     99%%  %.2fms\n", latencies[done_count * 99 / 100] * 1e3);
    }
    printf("statuses: %zu created, %zu refused (409), %zu other\n", created, refused, other);
    return 0;
}
