/* SPDX-License-Identifier: MIT */
#include <criterion/criterion.h>

#include "api/req.h"
#include "api/routes.h"
#include "http/router.h"
#include "lib/arena.h"

static enum bo_err
noop(struct req *r)
{
    (void)r;
    return BO_OK;
}

static const struct route table[] = {
    {"GET", "/api/v1/me", noop, ROUTE_PUBLIC, 0, false, false, false, false, false},
    {"PATCH", "/api/v1/me", noop, ROUTE_PUBLIC, 0, false, false, false, false, false},
    {"GET", "/api/v1/events/{id}/bookings/{booking}", noop, ROUTE_PUBLIC, 0, false, false, false,
     false, false},
    {"DELETE", "/api/v1/me/tokens/{id}", noop, ROUTE_PUBLIC, 0, false, false, false, false, false},
};

static struct arena *a;
static struct req r;

static void
setup(void)
{
    a = arena_create(4096);
    r = (struct req){0};
}

static void
teardown(void)
{
    arena_destroy(a);
}

TestSuite(router, .init = setup, .fini = teardown);

Test(router, literal_paths_match_their_method)
{
    struct router_match m = router_find(table, 4, "PATCH", "/api/v1/me", &r, a);

    cr_assert_eq(m.result, ROUTER_FOUND);
    cr_assert_eq(m.index, 1);
}

Test(router, parameters_are_captured)
{
    struct router_match m = router_find(table, 4, "GET", "/api/v1/events/17/bookings/abc", &r, a);

    cr_assert_eq(m.result, ROUTER_FOUND);
    cr_assert_eq(m.index, 2);
    cr_assert_str_eq(req_param(&r, "id"), "17");
    cr_assert_str_eq(req_param(&r, "booking"), "abc");
    cr_assert_null(req_param(&r, "other"));
}

Test(router, head_matches_get)
{
    cr_assert_eq(router_find(table, 4, "HEAD", "/api/v1/me", &r, a).result, ROUTER_FOUND);
}

Test(router, a_known_path_with_another_method_lists_the_allowed_ones)
{
    struct router_match m = router_find(table, 4, "DELETE", "/api/v1/me", &r, a);

    cr_assert_eq(m.result, ROUTER_BAD_METHOD);
    cr_assert_str_eq(m.allow, "GET, PATCH");
}

Test(router, near_misses_are_not_found)
{
    static const char *const paths[] = {
        "/api/v1/me/",        "/api/v1", "/api/v1/mee", "/api/v1/events//bookings/1",
        "/api/v1/me/tokens/", "",        "api/v1/me"};

    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        cr_assert_eq(router_find(table, 4, "GET", paths[i], &r, a).result, ROUTER_NOT_FOUND, "%s",
                     paths[i]);
    }
}
