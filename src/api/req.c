/* SPDX-License-Identifier: MIT */
#include "api/req.h"

#include <assert.h>
#include <string.h>

#include "api/json_in.h"
#include "core/ctx.h"
#include "lib/arena.h"

const char *
req_param(const struct req *r, const char *name)
{
    for (size_t i = 0; i < r->param_count; i++) {
        if (strcmp(r->params[i].name, name) == 0) {
            return r->params[i].value;
        }
    }
    return NULL;
}

/* "a=1; b=2": pairs split by ';', optional spaces before a name. */
const char *
req_cookie(const struct req *r, const char *name)
{
    const char *p = r->header(r, "Cookie");
    size_t len = strlen(name);

    while (p != NULL && *p != '\0') {
        while (*p == ' ' || *p == ';') {
            p++;
        }
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > len && p[len] == '=' && strncmp(p, name, len) == 0) {
            return arena_strndup(r->ctx->arena, p + len + 1, n - len - 1);
        }
        p = end;
    }
    return NULL;
}

void
req_add_header(struct req *r, const char *name, const char *value)
{
    if (r->header_out_count < REQ_MAX_HEADERS) {
        r->headers_out[r->header_out_count++] = (struct req_pair){name, value};
    }
}

void
req_reply_empty(struct req *r, int status)
{
    r->status = status;
    r->content_type = NULL;
    r->body_out = NULL;
    r->body_out_len = 0;
}

void
req_defer(struct req *r, void (*start)(void *arg), void *arg)
{
    assert(r->can_defer);
    r->defer_start = start;
    r->defer_arg = arg;
}

void
req_complete(struct req *r, enum bo_err err)
{
    r->complete(r, err);
}

void
req_reply_text(struct req *r, int status, const char *type, const char *body, size_t len)
{
    r->status = status;
    r->content_type = type;
    r->body_out = body;
    r->body_out_len = len;
}

enum bo_err
req_page(struct req *r, int *limit, int64_t *cursor)
{
    json_in_limit(r->ctx, r->query(r, "limit"), limit);
    json_in_cursor(r->ctx, r->query(r, "cursor"), cursor);
    return r->ctx->err;
}

const char *
req_next_page(struct req *r, size_t count, int limit, int64_t last_id)
{
    if (count == 0 || count < (size_t)limit) {
        return NULL;
    }
    return arena_printf(r->ctx->arena, "%s?limit=%d&cursor=%lld", r->path, limit,
                        (long long)last_id);
}
