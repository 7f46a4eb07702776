/* SPDX-License-Identifier: MIT */
#include "http/problem.h"

#include <json-c/json.h>

#include "api/req.h"
#include "core/ctx.h"
#include "lib/arena.h"

struct problem {
    int status;
    const char *title;
};

static const struct problem problems[BO_ERR_COUNT] = {
    [BO_OK] = {200, "OK"},
    [BO_ERR_INVALID] = {422, "The request breaks a rule"},
    [BO_ERR_MALFORMED] = {400, "The request cannot be read"},
    [BO_ERR_UNAUTHORIZED] = {401, "Authentication needed"},
    [BO_ERR_FORBIDDEN] = {403, "Not allowed"},
    [BO_ERR_NOT_FOUND] = {404, "Not found"},
    [BO_ERR_METHOD] = {405, "Method not allowed"},
    [BO_ERR_CONFLICT] = {409, "Conflict with the current state"},
    [BO_ERR_SOLD_OUT] = {409, "Sold out"},
    [BO_ERR_TOO_LARGE] = {413, "Request body too large"},
    [BO_ERR_HEADERS_TOO_LARGE] = {431, "Request headers too large"},
    [BO_ERR_UNSUPPORTED_MEDIA] = {415, "Unsupported media type"},
    [BO_ERR_RATE_LIMITED] = {429, "Too many requests"},
    [BO_ERR_BUSY] = {503, "Busy; try again"},
    [BO_ERR_UNAVAILABLE] = {503, "Service unavailable"},
    [BO_ERR_INTERNAL] = {500, "Internal error"},
    [BO_ERR_EXPIRED] = {403, "The link has expired"},
};

int
problem_status(enum bo_err err)
{
    return (unsigned)err < BO_ERR_COUNT ? problems[err].status : 500;
}

static struct json_object *
field_list(const struct ctx *c)
{
    struct json_object *list = json_object_new_array();

    for (size_t i = 0; i < c->field_count; i++) {
        struct json_object *f = json_object_new_object();
        json_object_object_add(f, "field", json_object_new_string(c->fields[i].field));
        json_object_object_add(f, "detail", json_object_new_string(c->fields[i].detail));
        json_object_array_add(list, f);
    }
    return list;
}

void
problem_render(struct req *r, enum bo_err err)
{
    struct ctx *c = r->ctx;
    enum bo_err code = (unsigned)err < BO_ERR_COUNT && err != BO_OK ? err : BO_ERR_INTERNAL;
    const struct problem *p = &problems[code];
    struct json_object *o = json_object_new_object();
    /* Internal details are for the log, not for the client. */
    const char *detail =
        code == BO_ERR_INTERNAL || c->err_detail == NULL ? p->title : c->err_detail;

    json_object_object_add(
        o, "type",
        json_object_new_string(arena_printf(c->arena, "/problems/%s", bo_err_name(code))));
    json_object_object_add(o, "title", json_object_new_string(p->title));
    json_object_object_add(o, "status", json_object_new_int(p->status));
    json_object_object_add(o, "detail", json_object_new_string(detail));
    json_object_object_add(o, "instance", json_object_new_string(r->path));
    json_object_object_add(o, "request_id", json_object_new_string(c->req_id ? c->req_id : ""));
    if (c->field_count > 0) {
        json_object_object_add(o, "errors", field_list(c));
    }
    size_t len = 0;
    const char *text = json_object_to_json_string_length(
        o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
    r->body_out = arena_strndup(c->arena, text, len);
    r->body_out_len = len;
    r->status = p->status;
    r->content_type = "application/problem+json";
    json_object_put(o);
    if (p->status == 401) {
        req_add_header(r, "WWW-Authenticate", "Bearer realm=\"boxoffice\"");
    }
    if (code == BO_ERR_RATE_LIMITED) {
        req_add_header(r, "Retry-After",
                       arena_printf(c->arena, "%d", c->retry_after > 0 ? c->retry_after : 1));
    }
}
