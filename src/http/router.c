/* SPDX-License-Identifier: MIT */
#include "http/router.h"

#include <stdbool.h>
#include <string.h>

#include "api/req.h"
#include "api/routes.h"
#include "lib/arena.h"

/* Next segment of a path or pattern: [*p, end) without the leading '/'. */
static bool
next_segment(const char **p, const char **seg, size_t *len)
{
    if (**p != '/') {
        return false;
    }
    (*p)++;
    *seg = *p;
    while (**p != '\0' && **p != '/') {
        (*p)++;
    }
    *len = (size_t)(*p - *seg);
    return true;
}

/* Does path fit pattern? Parameters go to r when r is not NULL. */
static bool
path_matches(const char *pattern, const char *path, struct req *r, struct arena *a)
{
    const char *pp = pattern, *sp = path, *pseg, *sseg;
    size_t plen, slen;

    while (*pp != '\0' || *sp != '\0') {
        if (!next_segment(&pp, &pseg, &plen) || !next_segment(&sp, &sseg, &slen)) {
            return false;
        }
        bool is_param = plen > 2 && pseg[0] == '{' && pseg[plen - 1] == '}';
        if (!is_param && (plen != slen || memcmp(pseg, sseg, plen) != 0)) {
            return false;
        }
        if (is_param && slen == 0) {
            return false;
        }
        if (is_param && r != NULL && r->param_count < REQ_MAX_PARAMS) {
            r->params[r->param_count].name = arena_strndup(a, pseg + 1, plen - 2);
            r->params[r->param_count].value = arena_strndup(a, sseg, slen);
            r->param_count++;
        }
    }
    return true;
}

static const char *
allowed_methods(const struct route *table, size_t count, const char *path, struct arena *a)
{
    char *allow = arena_strdup(a, "");

    for (size_t i = 0; i < count; i++) {
        if (path_matches(table[i].pattern, path, NULL, NULL) &&
            strstr(allow, table[i].method) == NULL) {
            allow = arena_printf(a, "%s%s%s", allow, allow[0] ? ", " : "", table[i].method);
        }
    }
    return allow;
}

struct router_match
router_find(const struct route *table, size_t count, const char *method, const char *path,
            struct req *r, struct arena *a)
{
    const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
    bool path_known = false;

    for (size_t i = 0; i < count; i++) {
        if (!path_matches(table[i].pattern, path, NULL, NULL)) {
            continue;
        }
        path_known = true;
        if (strcmp(table[i].method, want) == 0) {
            r->param_count = 0;
            path_matches(table[i].pattern, path, r, a);
            return (struct router_match){ROUTER_FOUND, i, NULL};
        }
    }
    if (!path_known) {
        return (struct router_match){ROUTER_NOT_FOUND, 0, NULL};
    }
    return (struct router_match){ROUTER_BAD_METHOD, 0, allowed_methods(table, count, path, a)};
}
