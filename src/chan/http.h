/* SPDX-License-Identifier: MIT */
/*
 * http.h - one outbound HTTP POST for the channels (webhooks, the Telegram
 * Bot API), on libcurl. Each thread keeps its own easy handle, so a worker
 * reuses its connections (keep-alive) from one message to the next.
 */
#ifndef BO_CHAN_HTTP_H
#define BO_CHAN_HTTP_H

#include <curl/curl.h>
#include <stddef.h>

struct chan_http_reply {
    int status;        /* HTTP status; 0 when no reply came (see error) */
    int retry_after_s; /* the Retry-After header in seconds; 0 when absent */
    char body[4096];   /* the first bytes of the reply body, NUL-terminated */
    char error[256];   /* curl's message when status is 0 */
};

/*
 * POST body (len bytes, content_type) to url with extra headers (NULL-ended
 * "Name: value" strings, may be NULL), waiting at most timeout_s. Returns 0
 * when a reply came (any status), -1 when none did (r->error says why).
 */
int chan_http_post(const char *url, const char *const *headers, const char *content_type,
                   const char *body, size_t len, int timeout_s, struct chan_http_reply *r);

/* Free this thread's handle; call before a worker thread ends. */
void chan_http_thread_done(void);

/*
 * The easy handle in *slot, a _Thread_local of the caller's: made on first
 * use (libcurl initialised once per process), reset for each later use so
 * it keeps its connections. One slot per protocol or purpose (HTTP, SMTP,
 * the long poll), each with its own connection cache. NULL when out of
 * memory. chan_curl_release frees it; call before the thread ends.
 */
CURL *chan_curl_handle(CURL **slot);
void chan_curl_release(CURL **slot);

#endif
