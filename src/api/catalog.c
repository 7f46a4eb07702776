/* SPDX-License-Identifier: MIT */
/*
 * catalog.c - /api/v1/speakers and /api/v1/taxonomies/{kind}: the
 * reference lists behind events (seed 004) and a catalog page's filters.
 */
#include "api/handlers.h"

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "app/catalog.h"
#include "core/ctx.h"
#include "lib/arena.h"

enum bo_err
api_speakers_create(struct req *r)
{
    struct speaker sp;

    enum bo_err err = json_in_speaker(r->ctx, r->body, &sp);
    if (err == BO_OK) {
        err = speakers_create(r->ctx, &sp);
    }
    if (err) {
        return err;
    }
    req_add_header(r, "Location",
                   arena_printf(r->ctx->arena, "/api/v1/speakers/%lld", (long long)sp.id));
    return json_out_reply(r, 201, json_out_speaker(&sp));
}

enum bo_err
api_speakers_get(struct req *r)
{
    const char *key = req_param(r, "id");
    struct speaker sp;

    enum bo_err err = speakers_get(r->ctx, json_in_id_or_slug(key), key, &sp);
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_speaker(&sp));
}

enum bo_err
api_speakers_list(struct req *r)
{
    struct speaker *list = NULL;
    size_t count = 0;
    int limit = 0;
    int64_t after = 0;

    enum bo_err err = req_page(r, &limit, &after);
    if (err == BO_OK) {
        err = speakers_list(r->ctx, r->query(r, "q"), after, limit, &list, &count);
    }
    if (err) {
        return err;
    }
    struct json_object *items = json_out_array();
    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_speaker(&list[i]));
    }
    const char *next = req_next_page(r, count, limit, count ? list[count - 1].id : 0);
    return json_out_reply(r, 200, json_out_page(items, next));
}

enum bo_err
api_taxonomy_list(struct req *r)
{
    const char **names = NULL;
    size_t count = 0;

    enum bo_err err = catalog_terms(r->ctx, req_param(r, "kind"), &names, &count);
    if (err) {
        return err;
    }
    struct json_object *items = json_out_array();
    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_string(names[i]));
    }
    return json_out_reply(r, 200, json_out_page(items, NULL));
}
