/* SPDX-License-Identifier: MIT */
#include <criterion/criterion.h>
#include <string.h>

#include "core/search.h"
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

TestSuite(search, .init = setup, .fini = teardown);

Test(search, words_are_split_and_ascii_is_lowered)
{
    const char *t[SEARCH_MAX_TERMS];

    cr_assert_eq(search_terms(a, "  Movie  NIGHT, dune-2!", t), 4);
    cr_assert_str_eq(t[0], "movie");
    cr_assert_str_eq(t[1], "night");
    cr_assert_str_eq(t[2], "dune");
    cr_assert_str_eq(t[3], "2");
}

Test(search, operators_and_quotes_never_reach_a_term)
{
    const char *t[SEARCH_MAX_TERMS];
    size_t n = search_terms(a, "\"a\" OR b* & !c:* (d) NEAR/2", t);

    for (size_t i = 0; i < n; i++) {
        cr_assert(strpbrk(t[i], "\"*&!:()/ ") == NULL, "term %s", t[i]);
    }
}

Test(search, cyrillic_words_are_terms)
{
    const char *t[SEARCH_MAX_TERMS];

    cr_assert_eq(search_terms(a, "Кино в компании", t), 3);
    cr_assert_str_eq(t[0], "Кино");
    cr_assert_str_eq(t[2], "компании");
}

Test(search, empty_and_long_inputs_are_bounded)
{
    const char *t[SEARCH_MAX_TERMS];
    char big[400];

    cr_assert_eq(search_terms(a, NULL, t), 0);
    cr_assert_eq(search_terms(a, " ,.; ", t), 0);
    cr_assert_eq(search_terms(a, "a b c d e f g h i j k", t), SEARCH_MAX_TERMS);
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    cr_assert_eq(search_terms(a, big, t), 1);
    cr_assert_eq(strlen(t[0]), SEARCH_TERM_MAX);
}

#include "core/organizer.h"
#include "core/text.h"
#include "lib/arena.h"

Test(text, slugs_keep_latin_words_and_fall_back_for_other_scripts)
{
    struct arena *ar = arena_create(1024);

    cr_assert_str_eq(text_slug(ar, "Kino Club: Kyiv!", "organizer", "3fa9c1"),
                     "kino-club-kyiv-3fa9c1");
    cr_assert_str_eq(text_slug(ar, "Кіноклуб", "organizer", "3fa9c1"), "organizer-3fa9c1");
    cr_assert_str_eq(text_slug(ar, "--Dune--", "event", "00"), "dune-00");
    cr_assert(text_is_slug("kino-club") && !text_is_slug("-kino") && !text_is_slug("Kino"));
    cr_assert(text_is_http_url(NULL) && text_is_http_url("https://x.example") &&
              !text_is_http_url("javascript:alert(1)"));
    arena_destroy(ar);
}

Test(text, member_roles_parse_both_ways)
{
    cr_assert_eq(member_role_parse("owner"), MEMBER_OWNER);
    cr_assert_eq(member_role_parse("staff"), MEMBER_STAFF);
    cr_assert_eq(member_role_parse("boss"), MEMBER_NONE);
    cr_assert_eq(member_role_parse(NULL), MEMBER_NONE);
    cr_assert_str_eq(member_role_name(MEMBER_STAFF), "staff");
}

Test(search, punctuation_of_any_script_splits_words)
{
    const char *t[SEARCH_MAX_TERMS];

    cr_assert_eq(
        search_terms(
            a, "rock\xE2\x80\x99n\xE2\x80\x94roll \xC2\xAB\xD0\x94\xD1\x8E\xD0\xBD\xD0\xB0\xC2\xBB",
            t),
        4);
    cr_assert_str_eq(t[0], "rock");
    cr_assert_str_eq(t[1], "n");
    cr_assert_str_eq(t[2], "roll");
    cr_assert_str_eq(t[3], "\xD0\x94\xD1\x8E\xD0\xBD\xD0\xB0"); /* Дюна, without the quotes */
}

Test(search, invalid_utf8_and_symbols_are_separators)
{
    const char *t[SEARCH_MAX_TERMS];

    cr_assert_eq(search_terms(a,
                              "a\xFF"
                              "b \xE2\x82\xAC"
                              "5 x\xC3\x97y \xF0\x9F\x8E\xB7sax",
                              t),
                 6);
    cr_assert_str_eq(t[0], "a");
    cr_assert_str_eq(t[1], "b");
    cr_assert_str_eq(t[2], "5");
    cr_assert_str_eq(t[3], "x");
    cr_assert_str_eq(t[4], "y");
    cr_assert_str_eq(t[5], "sax");
}
