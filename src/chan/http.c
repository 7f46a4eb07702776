/* SPDX-License-Identifier: MIT */
/*
 * http.c - outbound POST on libcurl with one easy handle per thread.
 */
#include "chan/http.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local CURL *handle;
static pthread_once_t global_once = PTHREAD_ONCE_INIT;

static void
global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct sink {
    char *buf;
    size_t cap, len;
};

/* Keep the first bytes of the reply; the rest is read and dropped. */
static size_t
collect(char *data, size_t size, size_t n, void *arg)
{
    struct sink *s = arg;
    size_t bytes = size * n;
    size_t room = s->cap - 1 - s->len;
    size_t take = bytes < room ? bytes : room;

    memcpy(s->buf + s->len, data, take);
    s->len += take;
    s->buf[s->len] = '\0';
    return bytes;
}

CURL *
chan_curl_handle(CURL **slot)
{
    pthread_once(&global_once, global_init);
    if (*slot == NULL) {
        *slot = curl_easy_init();
    } else {
        curl_easy_reset(*slot); /* keeps the connection cache */
    }
    return *slot;
}

void
chan_curl_release(CURL **slot)
{
    if (*slot != NULL) {
        curl_easy_cleanup(*slot);
        *slot = NULL;
    }
}

static struct curl_slist *
header_list(const char *const *headers, const char *content_type)
{
    char line[160];
    struct curl_slist *list = NULL;

    snprintf(line, sizeof(line), "Content-Type: %s", content_type);
    list = curl_slist_append(list, line);
    list = curl_slist_append(list, "Expect:"); /* no 100-continue round trip */
    for (size_t i = 0; headers && headers[i]; i++) {
        list = curl_slist_append(list, headers[i]);
    }
    return list;
}

int
chan_http_post(const char *url, const char *const *headers, const char *content_type,
               const char *body, size_t len, int timeout_s, struct chan_http_reply *r)
{
    CURL *h = chan_curl_handle(&handle);
    struct sink sink = {r->body, sizeof(r->body), 0};
    struct curl_slist *list = header_list(headers, content_type);
    curl_off_t retry_after = 0;
    long status = 0;
    CURLcode rc;

    memset(r, 0, sizeof(*r));
    if (h == NULL || list == NULL) {
        curl_slist_free_all(list);
        snprintf(r->error, sizeof(r->error), "out of memory");
        return -1;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)timeout_s);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "boxoffice");
    rc = curl_easy_perform(h);
    curl_slist_free_all(list);
    if (rc != CURLE_OK) {
        snprintf(r->error, sizeof(r->error), "%s", curl_easy_strerror(rc));
        return -1;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry_after);
    r->status = (int)status;
    r->retry_after_s = retry_after > 0 && retry_after < 86400 ? (int)retry_after : 0;
    return 0;
}

void
chan_http_thread_done(void)
{
    chan_curl_release(&handle);
}
