/* SPDX-License-Identifier: MIT */
#include "api/req.h"

#include <string.h>

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
req_reply_text(struct req *r, int status, const char *type, const char *body, size_t len)
{
    r->status = status;
    r->content_type = type;
    r->body_out = body;
    r->body_out_len = len;
}
