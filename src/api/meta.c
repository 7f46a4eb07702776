/* SPDX-License-Identifier: MIT */
/*
 * meta.c - liveness, readiness, and the OpenAPI document.
 */
#include "api/handlers.h"

#include <stddef.h>

#include "api/json_out.h"
#include "api/req.h"
#include "app/env.h"
#include "core/ctx.h"

/* build/gen/openapi_doc.c, made from docs/openapi.json by scripts/embed-file. */
extern const char openapi_doc[];
extern const size_t openapi_doc_len;

enum bo_err
api_healthz(struct req *r)
{
    static const char *const names[] = {"status"};
    static const char *const values[] = {"ok"};

    return json_out_reply(r, 200, json_out_strings(names, values, 1));
}

enum bo_err
api_readyz(struct req *r)
{
    const char *backend = NULL;
    int version = 0;

    enum bo_err err = app_health(r->ctx, &backend, &version);
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_ready(backend, version));
}

enum bo_err
api_openapi(struct req *r)
{
    req_reply_text(r, 200, "application/json", openapi_doc, openapi_doc_len);
    return BO_OK;
}
