/* SPDX-License-Identifier: MIT */
#include <criterion/criterion.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/qr.h"

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

TestSuite(qr, .init = setup, .fini = teardown);

static size_t
count(const char *s, const char *what)
{
    size_t n = 0;

    for (const char *p = strstr(s, what); p != NULL; p = strstr(p + 1, what)) {
        n++;
    }
    return n;
}

Test(qr, a_matrix_becomes_one_path_of_runs_inside_the_quiet_zone)
{
    /* 3 x 3: a full top row, the centre, nothing below. */
    const unsigned char dark[] = {1, 1, 1, 0, 1, 0, 0, 0, 0};

    char *svg = qr_svg_modules(a, dark, 3);

    cr_assert_str_eq(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 11 11\" "
                          "shape-rendering=\"crispEdges\"><rect width=\"11\" height=\"11\" "
                          "fill=\"#fff\"/><path fill=\"#000\" d=\"M4 4h3v1h-3zM5 5h1v1h-1z\"/>"
                          "</svg>");
}

Test(qr, only_bit_0_marks_a_dark_module)
{
    /* libqrencode keeps other facts in the upper bits. */
    const unsigned char dark[] = {0x80, 0x03, 0x02, 0x01};

    char *svg = qr_svg_modules(a, dark, 2);

    cr_assert(strstr(svg, "d=\"M5 4h1v1h-1zM5 5h1v1h-1z\"") != NULL, "%s", svg);
}

Test(qr, a_link_encodes_with_three_finder_patterns)
{
    char *svg = NULL;

    cr_assert(qr_svg(
        a, "https://t.me/boxoffice_bot?start=0123456789abcdefghijklmnopqrstuvwxyzABCDEFG", &svg));

    cr_assert(strncmp(svg, "<svg ", 5) == 0);
    /* Finder patterns: a 7-module run at the top left, top right and bottom left. */
    cr_assert(strstr(svg, "M4 4h7v1h-7z") != NULL, "%s", svg);
    cr_assert(count(svg, "h7v1h-7z") >= 6, "%s", svg);
    cr_assert(strstr(svg, "</svg>") != NULL);
}

Test(qr, text_too_long_for_a_qr_code_is_refused)
{
    size_t n = 8000;
    char *text = arena_alloc(a, n + 1);
    char *svg = NULL;

    memset(text, 'x', n);
    text[n] = '\0';

    cr_assert_not(qr_svg(a, text, &svg));
}
