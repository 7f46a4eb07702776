/* SPDX-License-Identifier: MIT */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "lib/arena.h"

static int defer_calls;
static int defer_order[4];

static void
record(void *arg)
{
    defer_order[defer_calls++] = (int)(intptr_t)arg;
}

Test(arena, allocations_are_aligned_and_distinct)
{
    struct arena *a = arena_create(1024);
    char *p = arena_alloc(a, 3);
    char *q = arena_alloc(a, 5);

    cr_assert_eq((uintptr_t)p % 16, 0);
    cr_assert_eq((uintptr_t)q % 16, 0);
    cr_assert(q >= p + 3);
    arena_destroy(a);
}

Test(arena, large_allocations_get_their_own_block)
{
    struct arena *a = arena_create(1024);
    char *big = arena_alloc(a, 100000);

    memset(big, 1, 100000);
    cr_assert_geq(arena_used(a), 100000);
    arena_reset(a);
    cr_assert_eq(arena_used(a), 0);
    arena_destroy(a);
}

Test(arena, printf_and_strdup_copy)
{
    struct arena *a = arena_create(1024);
    char long_text[600];

    memset(long_text, 'x', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    cr_assert_str_eq(arena_printf(a, "%s-%d", "id", 42), "id-42");
    cr_assert_str_eq(arena_printf(a, "%s", long_text), long_text);
    cr_assert_str_eq(arena_strndup(a, "abcdef", 3), "abc");
    arena_destroy(a);
}

Test(arena, reset_runs_defers_in_reverse_order)
{
    struct arena *a = arena_create(1024);

    defer_calls = 0;
    arena_defer(a, record, (void *)1);
    arena_defer(a, record, (void *)2);
    arena_reset(a);
    cr_assert_eq(defer_calls, 2);
    cr_assert_eq(defer_order[0], 2);
    cr_assert_eq(defer_order[1], 1);
    arena_reset(a);
    cr_assert_eq(defer_calls, 2, "defers run once");
    arena_destroy(a);
}
