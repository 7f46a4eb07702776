/* SPDX-License-Identifier: MIT */
#include "core/organizer.h"

#include <string.h>

#include "core/ctx.h"
#include "core/text.h"

#define NAME_MAX_CHARS 200
#define SHORT_MAX_CHARS 200
#define TEXT_MAX_CHARS 20000

static const char *const role_names[] = {
    [MEMBER_NONE] = NULL, [MEMBER_OWNER] = "owner", [MEMBER_STAFF] = "staff"};

const char *
member_role_name(enum member_role r)
{
    return (unsigned)r < sizeof(role_names) / sizeof(role_names[0]) ? role_names[r] : NULL;
}

enum member_role
member_role_parse(const char *s)
{
    for (unsigned i = MEMBER_OWNER; s != NULL && i <= MEMBER_STAFF; i++) {
        if (strcmp(s, role_names[i]) == 0) {
            return (enum member_role)i;
        }
    }
    return MEMBER_NONE;
}

/* One line of 1..max characters when required, 0..max otherwise. */
static bool
line_ok(const char *s, size_t max, bool required)
{
    size_t n = text_chars(s);

    return (n > 0 || !required) && n <= max && !text_has_control(s);
}

static bool
is_color(const char *s)
{
    return s == NULL ||
           (strlen(s) == 7 && s[0] == '#' && strspn(s + 1, "0123456789abcdefABCDEF") == 6);
}

static bool
is_email(const char *s)
{
    const char *at = s ? strchr(s, '@') : NULL;

    return s == NULL || (at != NULL && at != s && strchr(at + 1, '.') != NULL && strlen(s) <= 254 &&
                         !text_has_control(s) && strchr(s, ' ') == NULL);
}

static bool
is_phone(const char *s)
{
    size_t n = s ? strlen(s) : 0;

    return s == NULL || (n >= 5 && n <= 20 && strspn(s, "+0123456789 -()") == n);
}

static void
check_contacts(struct ctx *c, const struct organizer *o)
{
    if (!is_email(o->email)) {
        ctx_fail(c, BO_ERR_INVALID, "email", "email must be an address like team@example.com");
    }
    if (!is_phone(o->phone)) {
        ctx_fail(c, BO_ERR_INVALID, "phone", "phone is 5-20 of digits, spaces, + - ( )");
    }
    if (!text_is_http_url(o->website)) {
        ctx_fail(c, BO_ERR_INVALID, "website", "website must be an http(s) URL");
    }
    if (!text_is_http_url(o->logo_url)) {
        ctx_fail(c, BO_ERR_INVALID, "logo_url", "logo_url must be an http(s) URL");
    }
    if (!is_color(o->brand_color)) {
        ctx_fail(c, BO_ERR_INVALID, "brand_color", "brand_color is a colour like #1a73e8");
    }
}

static void
check_team(struct ctx *c, const struct organizer *o)
{
    if (o->team_count > ORGANIZER_MAX_TEAM) {
        ctx_fail(c, BO_ERR_INVALID, "team", "at most %d team members", ORGANIZER_MAX_TEAM);
        return;
    }
    for (int i = 0; i < o->team_count; i++) {
        const struct team_member *m = &o->team[i];
        if (!line_ok(m->name, NAME_MAX_CHARS, true) || !line_ok(m->role, SHORT_MAX_CHARS, false) ||
            !text_is_http_url(m->photo_url) || text_chars(m->bio) > TEXT_MAX_CHARS) {
            ctx_fail(c, BO_ERR_INVALID, "team",
                     "team member %d needs a name (1-200), a role up to 200, an http(s) "
                     "photo_url and a bio up to 20,000 characters",
                     i + 1);
        }
    }
}

static void
check_faq(struct ctx *c, const struct organizer *o)
{
    if (o->faq_count > ORGANIZER_MAX_FAQ) {
        ctx_fail(c, BO_ERR_INVALID, "faq", "at most %d questions", ORGANIZER_MAX_FAQ);
        return;
    }
    for (int i = 0; i < o->faq_count; i++) {
        const struct faq_item *q = &o->faq[i];
        size_t answer = text_chars(q->answer);
        if (!line_ok(q->question, 500, true) || answer == 0 || answer > TEXT_MAX_CHARS) {
            ctx_fail(c, BO_ERR_INVALID, "faq",
                     "question %d needs a question (1-500) and an answer (1-20,000)", i + 1);
        }
    }
}

enum bo_err
organizer_check(struct ctx *c, const struct organizer *o)
{
    if (!line_ok(o->name, NAME_MAX_CHARS, true)) {
        ctx_fail(c, BO_ERR_INVALID, "name", "name must be 1 to %d characters", NAME_MAX_CHARS);
    }
    if (o->slug != NULL && !text_is_slug(o->slug)) {
        ctx_fail(c, BO_ERR_INVALID, "slug", "slug must be 1-100 of a-z, 0-9 and '-'");
    }
    if (text_chars(o->description) > TEXT_MAX_CHARS) {
        ctx_fail(c, BO_ERR_INVALID, "description", "description is too long");
    }
    check_contacts(c, o);
    check_team(c, o);
    check_faq(c, o);
    return c->err;
}
