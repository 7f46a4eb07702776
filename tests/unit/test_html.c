/* SPDX-License-Identifier: MIT */
/*
 * The rich-text sanitizer: what authors may write survives, every known way
 * to smuggle a script does not, and the output is always well formed.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "core/html.h"
#include "lib/arena.h"

static struct arena *ar;

static void
setup(void)
{
    ar = arena_create(4096);
}

static void
teardown(void)
{
    arena_destroy(ar);
}

TestSuite(html, .init = setup, .fini = teardown);

#define SAME(in, want) cr_assert_str_eq(html_sanitize(ar, in), want, "input: %s", in)

Test(html, authors_formatting_survives)
{
    SAME("<p>Bring a <strong>blanket</strong> and <em>snacks</em>.</p>",
         "<p>Bring a <strong>blanket</strong> and <em>snacks</em>.</p>");
    SAME("<ul><li>one</li><li>two</li></ul><br/>", "<ul><li>one</li><li>two</li></ul><br>");
    SAME("<H2>Plan</H2><blockquote>quote</blockquote>",
         "<h2>Plan</h2><blockquote>quote</blockquote>");
    SAME("Tom &amp; Jerry &#169; &#x2014;", "Tom &amp; Jerry &#169; &#x2014;");
    SAME("5 < 6 & 7 > 3", "5 &lt; 6 &amp; 7 &gt; 3");
    SAME("Кіно <b>вечір</b>", "Кіно <b>вечір</b>");
}

Test(html, links_keep_only_safe_targets)
{
    SAME("<a href=\"https://kino.example/x?a=1&amp;b=2\" onclick=\"evil()\">site</a>",
         "<a href=\"https://kino.example/x?a=1&amp;b=2\" rel=\"nofollow noopener\" "
         "target=\"_blank\">site</a>");
    SAME("<a href='mailto:hi@kino.example'>mail</a>",
         "<a href=\"mailto:hi@kino.example\" rel=\"nofollow noopener\" target=\"_blank\">mail</a>");
    SAME("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>");
    SAME("<a href=\"java&#115;cript:alert(1)\">x</a>", "<a>x</a>");
    SAME("<a href=\"data:text/html,<script>\">x</a>", "<a>x</a>");
    /* A quote opened inside an unquoted value never closes: the whole thing is text. */
    SAME("<a href=https://x.example/\"onmouseover=alert(1)>x</a>",
         "&lt;a href=https://x.example/&quot;onmouseover=alert(1)&gt;x");
    SAME("<p title=\"a>b\">x</p>", "<p>x</p>");
}

Test(html, scripts_styles_and_handlers_go)
{
    SAME("<script>alert(1)</script>ok", "ok");
    SAME("<SCRIPT src=//evil.example></SCRIPT>ok", "ok");
    SAME("<script/xss>alert(1)</script>ok", "ok");
    SAME("<style>body{display:none}</style>ok", "ok");
    SAME("<img src=x onerror=alert(1)>ok", "ok");
    SAME("<svg onload=alert(1)><circle/></svg>ok", "ok");
    SAME("<iframe src=\"https://evil.example\"></iframe>ok", "ok");
    SAME("<p onclick=\"evil()\" style=\"x\">hi</p>", "<p>hi</p>");
    SAME("<!-- <script>alert(1)</script> -->ok", "ok");
    SAME("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)");
    SAME("&#x3C;script&#x3E;", "&#x3C;script&#x3E;");
    SAME("<script>never closed", "");
}

Test(html, output_is_always_well_formed)
{
    SAME("<p><b>open", "<p><b>open</b></p>");
    SAME("</p>stray</li>", "stray");
    SAME("<p><b>x</p>y", "<p><b>x</b></p>y");
    SAME("<b><b>twice", "<b><b>twice</b></b>");
    SAME("a <", "a &lt;");
    SAME("<p title=\"unclosed", "&lt;p title=&quot;unclosed");
    cr_assert_null(html_sanitize(ar, NULL));
    SAME("", "");
}

Test(html, text_for_the_index_has_no_tag_or_attribute_names)
{
    const char *t = html_text(ar, "<p>Jazz <strong>night</strong> &amp; "
                                  "<a href=\"https://x.org/blank\" rel=\"nofollow noopener\" "
                                  "target=\"_blank\">more</a></p><ul><li>&#1076;&#x430;</li></ul>");

    cr_assert_str_eq(t, " Jazz  night  &  more    да  ");
    cr_assert_str_eq(html_text(ar, "a < b &copy; c&unknown d"), "a < b   c&unknown d");
    cr_assert_null(html_text(ar, NULL));
}
