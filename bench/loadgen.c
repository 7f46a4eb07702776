/* SPDX-License-Identifier: MIT */
/*
 * loadgen.c - a small closed-loop HTTP/1.1 load generator for the benchmarks:
 * CONNS keep-alive connections on one thread (epoll), each with one request
 * in flight, so the client takes a fraction of the CPU that wrk with a Lua
 * script takes on the same two cores.
 *
 *   loadgen PORT SECONDS CONNS TOKENS_FILE FIRST_EVENT EVENT_COUNT
 *   loadgen search PORT SECONDS CONNS
 *
 * Bookings: request i books one seat of event FIRST + i % EVENT_COUNT as the
 * user of token i (no user books twice); it stops after SECONDS or when the
 * tokens run out.
 *
 * Search: the mix of bench/search.lua (each filter drawn on its own, rank r
 * with weight 1/r; one request in five follows the `next` link of the
 * connection's previous page). Keep the two lists in step.
 *
 * Prints wrk's summary lines (Requests/sec, 50%, 99%) and the workload's own
 * line (statuses, or pages), so the bench scripts read either tool the same
 * way.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF (256 * 1024)
#define NEXT_MAX 1024

struct conn {
    int fd;
    char in[BUF];
    size_t got;
    double sent_at;
    uint64_t rng;
    char next[NEXT_MAX]; /* search: the previous page's `next` link, or "" */
};

/* A workload writes the next request into req (0: nothing more to send) and
 * looks at each whole answer. */
struct workload {
    int (*request)(struct conn *c, char *req, size_t cap);
    void (*answer)(struct conn *c, int status, const char *body, size_t len);
    void (*summary)(void);
};

static double *latencies;
static size_t done_count, latency_cap;

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *
xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (p == NULL) {
        perror("loadgen");
        exit(1);
    }
    return p;
}

/* ---- bookings ---- */

static char **tokens;
static size_t token_count, next_token;
static long first_event, event_count;
static size_t created, refused, other;

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
    tokens = xrealloc(NULL, cap * sizeof(*tokens));
    while (fgets(line, sizeof(line), f) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (token_count == cap) {
            cap *= 2;
            tokens = xrealloc(tokens, cap * sizeof(*tokens));
        }
        tokens[token_count++] = strdup(line);
    }
    fclose(f);
}

static int
book_request(struct conn *c, char *req, size_t cap)
{
    (void)c;
    if (next_token == token_count) {
        return 0;
    }
    size_t i = next_token++;
    return snprintf(req, cap,
                    "POST /api/v1/events/%ld/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Authorization: Bearer %s\r\nContent-Length: 0\r\n\r\n",
                    first_event + (long)(i % (size_t)event_count), tokens[i]);
}

static void
book_answer(struct conn *c, int status, const char *body, size_t len)
{
    (void)c, (void)body, (void)len;
    created += status == 201;
    refused += status == 409;
    other += status != 201 && status != 409;
}

static void
book_summary(void)
{
    printf("statuses: %zu created, %zu refused (409), %zu other\n", created, refused, other);
}

/* ---- search: the lists and weights of bench/search.lua ---- */

static const char *const cities[] = {
    "", "Kyiv", "Lviv", "Odesa", "Kharkiv", "Dnipro", "Warsaw", "Moscow", "Saint%20Petersburg"};
static const char *const genres[] = {"",      "Music",      "Theatre", "Cinema", "Education",
                                     "Sport", "Technology", "Art",     "Kids"};
static const char *const kinds[] = {"", "event", "course", "webinar", "screening"};
static const char *const formats[] = {"", "offline", "online", "mixed"};
static const char *const prices[] = {"", "&free=true", "&price_min=10000&price_max=20000",
                                     "&price_max=15000", "&price_min=50000"};
static const char *const words[] = {
    "",
    "jazz",
    "night",
    "movie",
    "workshop",
    "webinar",
    "photo",
    "design",
    "art",
    "science",
    "garden",
    "startup",
    "club",
    "lecture",
    "%D0%BA%D0%B0%D0%BC%D0%B5%D1%80%D0%BD",             /* камерн */
    "%D1%96%D1%81%D1%82%D0%BE%D1%80%D1%96%D1%8F",       /* історія */
    "%D0%B0%D0%BA%D0%B2%D0%B0%D1%80%D0%B5%D0%BB%D1%8C", /* акварель */
    "%D0%B4%D1%8E%D0%BD%D0%B0",                         /* дюна */
    "%D0%BA%D0%BE%D0%BD%D1%86%D0%B5%D1%80%D1%82",       /* концерт */
    "%D0%BA%D1%96%D0%BD%D0%BE",                         /* кіно */
    "%D0%BC%D0%B0%D0%B9%D1%81%D1%82%D0%B5%D1%80",       /* майстер */
    "%D0%BB%D0%B5%D0%BA%D1%86",                         /* лекц */
    "%D0%BA%D0%B5%D1%80%D0%B0%D0%BC",                   /* керам */
    "%D0%B1%D0%B4%D0%B6",                               /* бдж */
    "%D0%B3%D1%80%D0%B0%D0%BD%D1%82",                   /* грант */
    "%D0%BC%D0%B5%D0%B1%D0%B5%D0%BB%D1%8C",             /* мебель */
    "%D0%B0%D0%B2%D0%B0%D0%BD%D0%B3%D0%B0%D1%80%D0%B4", /* авангард */
    "%D1%81%D0%BE%D0%BD",                               /* сон */
    "%D0%B2%D0%B5%D1%87",                               /* веч */
    "jazz%20night",
    "movie%20arrival",
    "miles%20davis",
    "urban%20gardening",
    "%D0%BA%D0%B0%D0%BC%D0%B5%D1%80%D0%BD%D0%B0%20%D0%BC%D1%83%D0%B7", /* камерна муз */
    "product",
    "finance",
    "tribute"};
static const char *const sorts[] = {"", "&sort=price", "&sort=popularity"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static size_t pages_ok, pages_empty, pages_bad, next_pages;

/* xorshift64*: a uniform double in [0, 1) */
static double
uniform(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (double)((*s * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* One of list's n entries, rank r drawn with weight 1/r. */
static const char *
skewed(uint64_t *s, const char *const *list, size_t n)
{
    double total = 0;
    for (size_t r = 1; r <= n; r++) {
        total += 1.0 / (double)r;
    }
    double x = uniform(s) * total;
    for (size_t r = 1; r <= n; r++) {
        x -= 1.0 / (double)r;
        if (x <= 0) {
            return list[r - 1];
        }
    }
    return list[n - 1];
}

#define SKEWED(s, list) skewed(s, list, COUNT(list))

/* "&name=value", or "" for the empty choice */
static const char *
param(char *buf, size_t cap, const char *name, const char *value)
{
    if (*value == '\0') {
        return "";
    }
    snprintf(buf, cap, "&%s=%s", name, value);
    return buf;
}

static int
search_request(struct conn *c, char *req, size_t cap)
{
    if (c->next[0] != '\0' && uniform(&c->rng) < 0.2) {
        next_pages++;
        int n = snprintf(req, cap, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", c->next);
        c->next[0] = '\0';
        return n;
    }
    char city[64], genre[64], kind[64], format[64], q[128];
    uint64_t *s = &c->rng;
    return snprintf(req, cap,
                    "GET /api/v1/events?limit=20%s%s%s%s%s%s%s HTTP/1.1\r\n"
                    "Host: 127.0.0.1\r\n\r\n",
                    param(city, sizeof(city), "city", SKEWED(s, cities)),
                    param(genre, sizeof(genre), "genre", SKEWED(s, genres)),
                    param(kind, sizeof(kind), "kind", SKEWED(s, kinds)),
                    param(format, sizeof(format), "format", SKEWED(s, formats)), SKEWED(s, prices),
                    param(q, sizeof(q), "q", SKEWED(s, words)), SKEWED(s, sorts));
}

/* The page's `next` link, JSON's "\/" read as "/", into c->next ("" if none). */
static void
keep_next(struct conn *c, const char *body)
{
    const char *p = strstr(body, "\"next\":\"");
    size_t n = 0;

    if (p != NULL) {
        for (p += 8; *p != '"' && *p != '\0' && n + 1 < NEXT_MAX; p++) {
            if (p[0] == '\\' && p[1] == '/') {
                p++;
            }
            c->next[n++] = *p;
        }
    }
    c->next[n] = '\0';
}

static void
search_answer(struct conn *c, int status, const char *body, size_t len)
{
    (void)len;
    if (status != 200) {
        pages_bad++;
        c->next[0] = '\0';
        return;
    }
    if (strstr(body, "\"items\":[]") != NULL) {
        pages_empty++;
    } else {
        pages_ok++;
    }
    keep_next(c, body);
}

static void
search_summary(void)
{
    printf("pages: %zu with items, %zu empty, %zu not 200 (%zu next pages)\n", pages_ok,
           pages_empty, pages_bad, next_pages);
}

/* ---- the engine ---- */

static int
send_next(const struct workload *w, struct conn *c)
{
    char req[2048];
    int n = w->request(c, req, sizeof(req));

    if (n <= 0) {
        return 0;
    }
    c->sent_at = now();
    c->got = 0;
    return write(c->fd, req, (size_t)n) == n ? 1 : -1;
}

/* A whole answer in c->in? Then hand it to the workload and return 1. */
static int
take_answer(const struct workload *w, struct conn *c)
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
    w->answer(c, atoi(c->in + 9), end + 4, body);
    if (done_count == latency_cap) {
        latency_cap = latency_cap ? 2 * latency_cap : 1 << 16;
        latencies = xrealloc(latencies, latency_cap * sizeof(*latencies));
    }
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

/* Drive conns connections for seconds; 0 when every answer was read whole. */
static int
run(const struct workload *w, int port, double seconds, int conns)
{
    int ep = epoll_create1(0);
    struct conn *cs = calloc((size_t)conns, sizeof(*cs));
    int active = 0;
    double start = now(), stop = start + seconds;

    for (int i = 0; i < conns; i++) {
        cs[i].fd = open_conn(port);
        cs[i].rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1) ^ (uint64_t)time(NULL);
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &cs[i]};
        epoll_ctl(ep, EPOLL_CTL_ADD, cs[i].fd, &ev);
        active += send_next(w, &cs[i]) == 1;
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
            if (take_answer(w, c) && (now() >= stop || send_next(w, c) != 1)) {
                active--;
            }
        }
    }
    double took = now() - start;
    qsort(latencies, done_count, sizeof(*latencies), cmp);
    printf("Requests/sec: %.2f\n", (double)done_count / took);
    printf("%zu requests in %.2fs\n", done_count, took);
    if (done_count > 0) {
        printf("     50%%  %.2fms\n", latencies[done_count / 2] * 1e3);
        printf("     99%%  %.2fms\n", latencies[done_count * 99 / 100] * 1e3);
    }
    w->summary();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    printf("client CPU: %.0f us/request\n", done_count ? cpu * 1e6 / (double)done_count : 0);
    return 0;
}

int
main(int argc, char **argv)
{
    static const struct workload book = {book_request, book_answer, book_summary};
    static const struct workload search = {search_request, search_answer, search_summary};

    if (argc == 5 && strcmp(argv[1], "search") == 0) {
        return run(&search, atoi(argv[2]), atof(argv[3]), atoi(argv[4]));
    }
    if (argc != 7) {
        fprintf(stderr, "usage: loadgen PORT SECONDS CONNS TOKENS FIRST_EVENT EVENT_COUNT\n"
                        "       loadgen search PORT SECONDS CONNS\n");
        return 64;
    }
    first_event = atol(argv[5]);
    event_count = atol(argv[6]);
    load_tokens(argv[4]);
    return run(&book, atoi(argv[1]), atof(argv[2]), atoi(argv[3]));
}
