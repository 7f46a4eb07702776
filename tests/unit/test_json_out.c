/* SPDX-License-Identifier: MIT */
/*
 * The listing page written in one pass (json_out_event_list) must be byte for byte what
 * json-c writes for the same events (json_out_page of json_out_event(e, false)).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "api/json_out.h"
#include "core/ctx.h"
#include "core/event.h"
#include "lib/arena.h"

static struct arena *a;

static void
setup(void)
{
    a = arena_create(4096);
}

static void
teardown(void)
{
    arena_destroy(a);
}

TestSuite(json_out, .init = setup, .fini = teardown);

static void
assert_same_as_json_c(const struct event *list, size_t count, const char *next)
{
    struct ctx c = {.arena = a};
    struct json_object *items = json_out_array();
    size_t len = 0;

    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_event(&list[i], false));
    }
    const char *want = json_out_text(&c, json_out_page(items, next));
    const char *got = json_out_event_list(a, list, count, next, &len);

    cr_assert_eq(len, strlen(want), "length %zu, json-c %zu:\n%.*s\n%s", len, strlen(want),
                 (int)len, got, want);
    cr_assert(memcmp(got, want, len) == 0, "\n%.*s\n%s", (int)len, got, want);
}

static struct event
sample(int64_t id)
{
    return (struct event){.id = id,
                          .slug = "movie-night-1",
                          .kind = EVENT_KIND_SCREENING,
                          .title = "Кіно разом: «Тіні» / \"quoted\" \\ back\tslash\n\x01\x1f\x7f",
                          .author_id = 7,
                          .organizer_id = 3,
                          .starts_at = 1795255124,
                          .ends_at = 1795258724,
                          .timezone = "Europe/Kyiv",
                          .city = "Kyiv",
                          .language = "uk",
                          .format = FORMAT_MIXED,
                          .price_minor = 25000,
                          .sale_price_minor = 19900,
                          .currency = "UAH",
                          .capacity = 40,
                          .available = 0,
                          .visibility = VISIBILITY_PUBLIC,
                          .approval = APPROVAL_MANUAL,
                          .status = EVENT_PUBLISHED,
                          .registration_closed = true,
                          .movie_title = "Dune\r\b\f",
                          .movie_duration_min = 155};
}

Test(json_out, an_event_page_is_what_json_c_writes)
{
    struct event list[3] = {sample(1), sample(2), sample(9223372036854775807)};

    list[1].title = "Plain";
    list[1].movie_title = NULL;
    list[1].registration_closed = false;
    list[1].starts_at = 0;
    list[1].organizer_id = 0;
    list[2].available = -5;
    assert_same_as_json_c(list, 3, "/api/v1/events?limit=3&cursor=1_2&q=a%20b&city=K/y");
}

Test(json_out, an_empty_page_is_what_json_c_writes)
{
    assert_same_as_json_c(NULL, 0, NULL);
}
