/* SPDX-License-Identifier: MIT */
/*
 * router.h - match a method and path against the route table.
 *
 * Patterns are literal segments and {name} parameters; a parameter matches
 * one non-empty segment. HEAD matches GET routes. Matching is linear: the
 * table is small and a segment compare costs nanoseconds.
 */
#ifndef BO_HTTP_ROUTER_H
#define BO_HTTP_ROUTER_H

#include <stddef.h>

struct arena;
struct req;
struct route;

enum router_result { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_BAD_METHOD };

struct router_match {
    enum router_result result;
    size_t index;      /* of the route, when FOUND */
    const char *allow; /* "GET, PATCH", when BAD_METHOD */
};

/* On FOUND the parameters are copied into r->params (values in a). */
struct router_match router_find(const struct route *table, size_t count, const char *method,
                                const char *path, struct req *r, struct arena *a);

#endif
