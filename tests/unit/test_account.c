/* SPDX-License-Identifier: MIT */
/*
 * The pure account rules: no server, no database.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "core/account.h"
#include "core/ctx.h"
#include "lib/arena.h"

static struct arena *a;
static struct ctx c;

static void
setup(void)
{
    a = arena_create(4096);
    c = (struct ctx){.arena = a};
}

static void
teardown(void)
{
    arena_destroy(a);
}

TestSuite(account, .init = setup, .fini = teardown);

static struct registration
valid(void)
{
    return (struct registration){.username = "taras.k",
                                 .email = "t@example.org",
                                 .password = "a-long-secret",
                                 .consent_personal_data = true};
}

static bool
has_field(const char *field)
{
    for (size_t i = 0; i < c.field_count; i++) {
        if (strcmp(c.fields[i].field, field) == 0) {
            return true;
        }
    }
    return false;
}

Test(account, a_valid_registration_passes)
{
    struct registration r = valid();

    cr_assert_eq(account_check_registration(&c, &r), BO_OK);
    cr_assert_eq(c.field_count, 0);
}

Test(account, consent_is_required)
{
    struct registration r = valid();

    r.consent_personal_data = false;
    cr_assert_eq(account_check_registration(&c, &r), BO_ERR_INVALID);
    cr_assert(has_field("consent_personal_data"));
}

Test(account, every_bad_field_is_reported)
{
    struct registration r = {.username = "-x",
                             .email = "a@b",
                             .password = "short",
                             .phone = "12ab",
                             .language = "fr",
                             .consent_personal_data = true};

    cr_assert_eq(account_check_registration(&c, &r), BO_ERR_INVALID);
    cr_assert(has_field("username") && has_field("email") && has_field("password") &&
              has_field("phone") && has_field("language"));
}

Test(account, passwords_may_not_contain_the_username_or_email)
{
    cr_assert_eq(account_check_password(&c, "pw", "xx-TARAS-xx-12", "taras", "t@e.org"),
                 BO_ERR_INVALID);
    ctx_clear_error(&c);
    cr_assert_eq(account_check_password(&c, "pw", "my-mailbox-name", "u1", "mailbox@e.org"),
                 BO_ERR_INVALID);
    ctx_clear_error(&c);
    cr_assert_eq(account_check_password(&c, "pw", "пароль-довгий", "u1", "x@e.org"), BO_OK,
                 "ten Cyrillic letters count as ten characters");
}

Test(account, phone_numbers_are_checked)
{
    static const char *const good[] = {"+380501234567", "(044) 123-45-67", "1234567"};
    static const char *const bad[] = {"123", "+38050123456789012", "12+34567", "phone"};

    for (size_t i = 0; i < 3; i++) {
        struct profile_patch p = {.has_phone = true, .phone = good[i]};
        cr_assert_eq(account_check_patch(&c, &p), BO_OK, "%s", good[i]);
    }
    for (size_t i = 0; i < 4; i++) {
        struct profile_patch p = {.has_phone = true, .phone = bad[i]};
        ctx_clear_error(&c);
        cr_assert_eq(account_check_patch(&c, &p), BO_ERR_INVALID, "%s", bad[i]);
    }
}

Test(account, completion_counts_only_what_applies)
{
    struct user u = {.first_name = "A", .last_name = ""};
    struct profile p = {.has_children = TRI_UNSET, .plans_renovation = TRI_UNSET};

    cr_assert_eq(account_profile_completion(&u, &p), 16); /* 1 of 6 */
    p.plans_renovation = TRI_NO;
    p.has_children = TRI_YES;
    cr_assert_eq(account_profile_completion(&u, &p), 50); /* 3 of 6 */
    p.plans_renovation = TRI_YES;
    cr_assert_eq(account_profile_completion(&u, &p), 37); /* 3 of 8: when, rooms now count */
    u.last_name = "B";
    p.phone = "+380501234567";
    p.is_telegram_verified = true;
    p.renovation_when = RENOVATION_SOON;
    p.renovation_rooms = ROOM_KITCHEN;
    cr_assert_eq(account_profile_completion(&u, &p), 100);
}

Test(account, names_round_trip)
{
    cr_assert_eq(role_parse(role_name(ROLE_STAFF)), ROLE_STAFF);
    cr_assert_eq(role_parse("root"), 0);
    cr_assert_eq(room_parse("living_room"), ROOM_LIVING_ROOM);
    cr_assert_str_eq(room_name(ROOM_STUDY), "study");
    cr_assert_eq(renovation_when_parse("within_a_year"), RENOVATION_YEAR);
    cr_assert_eq(scope_parse("bookings:write"), SCOPE_BOOKINGS_WRITE);
    cr_assert_eq(scope_parse("bookings"), 0);
}

Test(account, patch_applies_only_what_was_sent)
{
    struct user u = {.first_name = "A", .last_name = "B"};
    struct profile p = {.phone = "+380501234567", .newsletter = true};
    struct profile_patch patch = {
        .has_last_name = true, .last_name = "C", .has_phone = true, .phone = NULL};

    account_apply_patch(&u, &p, &patch);
    cr_assert_str_eq(u.first_name, "A");
    cr_assert_str_eq(u.last_name, "C");
    cr_assert_null(p.phone);
    cr_assert(p.newsletter);
}

Test(account, the_first_failure_wins_and_fields_accumulate)
{
    ctx_fail(&c, BO_ERR_INVALID, "a", "first");
    ctx_fail(&c, BO_ERR_CONFLICT, "b", "second");

    cr_assert_eq(c.err, BO_ERR_INVALID);
    cr_assert_str_eq(c.err_detail, "first");
    cr_assert_eq(c.field_count, 2);
}
