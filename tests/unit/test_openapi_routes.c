/* SPDX-License-Identifier: MIT */
/*
 * Every served route must be in the OpenAPI document the server serves,
 * with the same method, and every documented operation must be served.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <json-c/json.h>
#include <string.h>

#include "api/routes.h"

extern const char openapi_doc[];
extern const size_t openapi_doc_len;

static struct json_object *
paths(void)
{
    struct json_object *doc = json_tokener_parse(openapi_doc);
    struct json_object *p = NULL;

    cr_assert_not_null(doc, "the OpenAPI document is not JSON");
    cr_assert(json_object_object_get_ex(doc, "paths", &p));
    json_object_get(p);
    json_object_put(doc);
    return p;
}

static void
lower(const char *in, char *out, size_t len)
{
    size_t i = 0;

    for (; in[i] && i < len - 1; i++) {
        out[i] = (char)tolower((unsigned char)in[i]);
    }
    out[i] = '\0';
}

Test(openapi, every_route_is_documented)
{
    struct json_object *p = paths();

    for (size_t i = 0; i < api_route_count; i++) {
        struct json_object *item = NULL, *op = NULL;
        char method[16];

        lower(api_routes[i].method, method, sizeof(method));
        cr_assert(json_object_object_get_ex(p, api_routes[i].pattern, &item),
                  "%s is not in docs/openapi.json", api_routes[i].pattern);
        cr_assert(json_object_object_get_ex(item, method, &op), "%s %s is not documented",
                  api_routes[i].method, api_routes[i].pattern);
    }
    cr_assert(json_object_object_get_ex(p, "/metrics", NULL), "/metrics is not documented");
    json_object_put(p);
}

static bool
served(const char *path, const char *method)
{
    if (strcmp(path, "/metrics") == 0) {
        return strcmp(method, "get") == 0;
    }
    for (size_t i = 0; i < api_route_count; i++) {
        char m[16];
        lower(api_routes[i].method, m, sizeof(m));
        if (strcmp(api_routes[i].pattern, path) == 0 && strcmp(m, method) == 0) {
            return true;
        }
    }
    return false;
}

Test(openapi, every_documented_operation_is_served)
{
    static const char *const methods[] = {"get", "post", "put", "patch", "delete"};
    struct json_object *p = paths();

    json_object_object_foreach(p, path, item)
    {
        for (size_t i = 0; i < 5; i++) {
            if (json_object_object_get_ex(item, methods[i], NULL)) {
                cr_assert(served(path, methods[i]), "%s %s is documented but not served",
                          methods[i], path);
            }
        }
    }
    json_object_put(p);
}
