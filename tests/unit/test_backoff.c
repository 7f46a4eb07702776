/* SPDX-License-Identifier: MIT */
/* The retry delay (core/backoff.h) and the routing rules (core/route.h). */
#include <criterion/criterion.h>
#include <stdio.h>

#include "core/backoff.h"
#include "core/route.h"
#include "core/webhook.h"
#include "lib/arena.h"

Test(backoff, the_ceiling_doubles_from_base_up_to_the_cap)
{
    cr_assert_eq(backoff_ceiling(1, 30, 3600), 30);
    cr_assert_eq(backoff_ceiling(2, 30, 3600), 60);
    cr_assert_eq(backoff_ceiling(5, 30, 3600), 480);
    cr_assert_eq(backoff_ceiling(8, 30, 3600), 3600);
    cr_assert_eq(backoff_ceiling(1000, 30, 3600), 3600);
}

Test(backoff, full_jitter_spans_one_second_to_the_ceiling)
{
    cr_assert_eq(backoff_delay(3, 30, 3600, 0), 1);
    cr_assert_eq(backoff_delay(3, 30, 3600, UINT32_MAX), 120);
    cr_assert_eq(backoff_delay(3, 30, 3600, UINT32_MAX / 2), 60);
    cr_assert_eq(backoff_delay(40, 30, 3600, UINT32_MAX), 3600);
}

Test(backoff, an_attempt_below_one_counts_as_the_first)
{
    cr_assert_eq(backoff_ceiling(0, 30, 3600), 30);
    cr_assert_eq(backoff_ceiling(-5, 30, 3600), 30);
}

Test(route, the_pref_category_is_the_part_before_the_dot)
{
    struct arena *a = arena_create(1024);

    cr_assert_str_eq(pref_group_of(a, "booking.created"), "booking");
    cr_assert_str_eq(pref_group_of(a, "reminder.24h"), "reminder");
    cr_assert_null(pref_group_of(a, "plain"), "not a group: no preference governs it");
    arena_destroy(a);
}

Test(route, endpoint_types_take_a_star_or_a_listed_category)
{
    cr_assert(webhook_wants("*", "booking.created"));
    cr_assert(webhook_wants("event.changed, booking.created", "booking.created"));
    cr_assert(webhook_wants("booking.created", "booking.created"));
    cr_assert_not(webhook_wants("booking.created", "booking.create"));
    cr_assert_not(webhook_wants("booking.createdx,event.changed", "booking.created"));
    cr_assert_not(webhook_wants("", "booking.created"));
}

Test(route, one_change_has_one_webhook_message_id)
{
    struct arena *a = arena_create(1024);
    struct route_key b = {"booking.created", 7, "confirmed", 3, 0, 1000};
    struct route_key e = {"event.changed", 0, NULL, 3, 4, 1000};

    cr_assert_str_eq(route_webhook_message_id(a, &b), "msg_booking_7_confirmed_created_1000");
    cr_assert_str_eq(route_webhook_message_id(a, &e), "msg_event_3_v4_changed");
    cr_assert(route_is_reminder("reminder.1h"));
    cr_assert_not(route_is_reminder("booking.created"));
    arena_destroy(a);
}

Test(route, a_short_code_names_its_page_and_back)
{
    struct arena *a = arena_create(1024);
    char code[ROUTE_SHORT_MAX];

    cr_assert(route_short_code("/bookings/1", code));
    cr_assert_str_eq(code, "b1");
    cr_assert(route_short_code("/events/62", code));
    cr_assert_str_eq(code, "e10");
    cr_assert(route_short_code("/bookings/99999999999999999", code));
    cr_assert_str_eq(route_short_link(a, code), "/bookings/99999999999999999");
    for (int64_t id = 1; id < 200000; id += 997) {
        char link[40];
        snprintf(link, sizeof(link), "/events/%lld", (long long)id);
        cr_assert(route_short_code(link, code));
        cr_assert_str_eq(route_short_link(a, code), link);
    }
    arena_destroy(a);
}

Test(route, only_codes_we_would_make_name_a_page)
{
    struct arena *a = arena_create(1024);
    char code[ROUTE_SHORT_MAX];
    static const char *const links[] = {"/bookings/0",
                                        "/bookings/-1",
                                        "/bookings/01",
                                        "/bookings/",
                                        "/bookings/1x",
                                        "/users/1",
                                        "/bookings/100000000000000000",
                                        NULL};
    static const char *const codes[] = {"b", "b0", "b01", "x1", "b1!", "bzzzzzzzzzzz", "", NULL};

    for (size_t i = 0; links[i] != NULL; i++) {
        cr_assert_not(route_short_code(links[i], code), "%s", links[i]);
    }
    cr_assert_not(route_short_code(NULL, code));
    for (size_t i = 0; codes[i] != NULL; i++) {
        cr_assert_null(route_short_link(a, codes[i]), "%s", codes[i]);
    }
    cr_assert_null(route_short_link(a, NULL));
    arena_destroy(a);
}
