/* SPDX-License-Identifier: MIT */
#include "core/account.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/ctx.h"
#include "core/text.h"

#define USERNAME_MIN 3
#define USERNAME_MAX 32
#define EMAIL_MAX 254
#define NAME_MAX_LEN 150
#define PASSWORD_MIN 10
#define PASSWORD_MAX 128
#define PHONE_MAX 20 /* seed 000: CharField(max_length=20) */

static const char *const role_names[] = {
    [ROLE_MEMBER] = "member", [ROLE_STAFF] = "staff", [ROLE_ADMIN] = "admin"};
static const char *const when_names[] = {[RENOVATION_STARTED] = "started",
                                         [RENOVATION_SOON] = "soon",
                                         [RENOVATION_HALF_YEAR] = "within_six_months",
                                         [RENOVATION_YEAR] = "within_a_year"};
static const char *const room_names[ROOM_COUNT] = {"kitchen",     "hallway",     "entrance",
                                                   "bathroom",    "nursery",     "bedroom",
                                                   "living_room", "dining_room", "study"};
static const char *const scope_names[SCOPE_COUNT] = {
    "profile:read",  "profile:write",  "events:read", "events:write",
    "bookings:read", "bookings:write", "admin"};
static const char *const languages[] = {"ru", "uk", "en"};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static int
index_of(const char *const *names, size_t count, const char *s)
{
    for (size_t i = 0; i < count; i++) {
        if (names[i] != NULL && s != NULL && strcmp(names[i], s) == 0) {
            return (int)i;
        }
    }
    return -1;
}

const char *
role_name(enum role r)
{
    return (unsigned)r < LEN(role_names) ? role_names[r] : NULL;
}

enum role
role_parse(const char *s)
{
    int i = index_of(role_names, LEN(role_names), s);

    return i < 0 ? 0 : (enum role)i;
}

const char *
renovation_when_name(enum renovation_when w)
{
    return (unsigned)w < LEN(when_names) ? when_names[w] : NULL;
}

enum renovation_when
renovation_when_parse(const char *s)
{
    int i = index_of(when_names, LEN(when_names), s);

    return i < 0 ? RENOVATION_UNSET : (enum renovation_when)i;
}

static const char *
bit_name(const char *const *names, unsigned count, unsigned bit)
{
    for (unsigned i = 0; i < count; i++) {
        if (bit == 1u << i) {
            return names[i];
        }
    }
    return NULL;
}

const char *
room_name(unsigned room_bit)
{
    return bit_name(room_names, ROOM_COUNT, room_bit);
}

unsigned
room_parse(const char *s)
{
    int i = index_of(room_names, ROOM_COUNT, s);

    return i < 0 ? 0 : 1u << i;
}

const char *
scope_name(unsigned scope_bit)
{
    return bit_name(scope_names, SCOPE_COUNT, scope_bit);
}

unsigned
scope_parse(const char *s)
{
    int i = index_of(scope_names, SCOPE_COUNT, s);

    return i < 0 ? 0 : 1u << i;
}

bool
language_is_supported(const char *s)
{
    return index_of(languages, LEN(languages), s) >= 0;
}

static enum bo_err
check_username(struct ctx *c, const char *s)
{
    size_t len = s ? strlen(s) : 0;

    if (len < USERNAME_MIN || len > USERNAME_MAX) {
        return ctx_fail(c, BO_ERR_INVALID, "username", "username must be %d to %d characters",
                        USERNAME_MIN, USERNAME_MAX);
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!isalnum(ch) && ch != '_' && ch != '.' && ch != '-') {
            return ctx_fail(c, BO_ERR_INVALID, "username",
                            "username may hold only letters a-z, digits, '_', '.' and '-'");
        }
    }
    if (!isalnum((unsigned char)s[0])) {
        return ctx_fail(c, BO_ERR_INVALID, "username",
                        "username must start with a letter or digit");
    }
    return BO_OK;
}

static enum bo_err
check_email(struct ctx *c, const char *s)
{
    const char *at = s ? strchr(s, '@') : NULL;

    if (s == NULL || strlen(s) > EMAIL_MAX || at == NULL || at == s || strchr(at + 1, '@') ||
        strchr(at + 1, '.') == NULL || at[1] == '.' || s[strlen(s) - 1] == '.' ||
        strpbrk(s, " \t\r\n<>,;\"()[]\\") != NULL || text_has_control(s)) {
        return ctx_fail(c, BO_ERR_INVALID, "email",
                        "email must be an address like name@example.com");
    }
    return BO_OK;
}

static enum bo_err
check_name(struct ctx *c, const char *field, const char *s)
{
    if (s != NULL && (text_chars(s) > NAME_MAX_LEN || text_has_control(s))) {
        return ctx_fail(c, BO_ERR_INVALID, field, "%s must be at most %d printable characters",
                        field, NAME_MAX_LEN);
    }
    return BO_OK;
}

static enum bo_err
check_phone(struct ctx *c, const char *s)
{
    int digits = 0;

    if (s == NULL) {
        return BO_OK;
    }
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            digits++;
        } else if (strchr("+ -()", *p) == NULL || (*p == '+' && p != s)) {
            digits = -100;
        }
    }
    if (strlen(s) > PHONE_MAX || digits < 7 || digits > 15) {
        return ctx_fail(c, BO_ERR_INVALID, "phone",
                        "phone must be 7 to 15 digits, optionally with a leading '+'");
    }
    return BO_OK;
}

static bool
contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    if (n == 0) {
        return false;
    }
    for (; *hay; hay++) {
        if (strncasecmp(hay, needle, n) == 0) {
            return true;
        }
    }
    return false;
}

enum bo_err
account_check_password(struct ctx *c, const char *field, const char *password, const char *username,
                       const char *email)
{
    size_t n = password ? text_chars(password) : 0;

    if (n < PASSWORD_MIN || n > PASSWORD_MAX) {
        return ctx_fail(c, BO_ERR_INVALID, field, "password must be %d to %d characters",
                        PASSWORD_MIN, PASSWORD_MAX);
    }
    if (username != NULL && contains_nocase(password, username)) {
        return ctx_fail(c, BO_ERR_INVALID, field, "password must not contain the username");
    }
    if (email != NULL) {
        const char *at = strchr(email, '@');
        size_t local = at ? (size_t)(at - email) : strlen(email);
        char buf[EMAIL_MAX + 1];

        if (local >= 3 && local <= EMAIL_MAX) {
            memcpy(buf, email, local);
            buf[local] = '\0';
            if (contains_nocase(password, buf)) {
                return ctx_fail(c, BO_ERR_INVALID, field, "password must not contain the email");
            }
        }
    }
    return BO_OK;
}

static enum bo_err
check_language(struct ctx *c, const char *s)
{
    if (s != NULL && !language_is_supported(s)) {
        return ctx_fail(c, BO_ERR_INVALID, "language", "language must be one of ru, uk, en");
    }
    return BO_OK;
}

enum bo_err
account_check_registration(struct ctx *c, const struct registration *r)
{
    check_username(c, r->username);
    check_email(c, r->email);
    account_check_password(c, "password", r->password, r->username, r->email);
    check_name(c, "first_name", r->first_name);
    check_name(c, "last_name", r->last_name);
    check_phone(c, r->phone);
    check_language(c, r->language);
    if (!r->consent_personal_data) {
        ctx_fail(c, BO_ERR_INVALID, "consent_personal_data",
                 "consent to personal-data processing is required");
    }
    return c->err;
}

enum bo_err
account_check_patch(struct ctx *c, const struct profile_patch *p)
{
    if (p->has_first_name) {
        check_name(c, "first_name", p->first_name);
    }
    if (p->has_last_name) {
        check_name(c, "last_name", p->last_name);
    }
    if (p->has_phone) {
        check_phone(c, p->phone);
    }
    if (p->has_language) {
        check_language(c, p->language);
    }
    return c->err;
}

void
account_apply_patch(struct user *u, struct profile *p, const struct profile_patch *patch)
{
    if (patch->has_first_name) {
        u->first_name = patch->first_name;
    }
    if (patch->has_last_name) {
        u->last_name = patch->last_name;
    }
    if (patch->has_phone) {
        p->phone = patch->phone;
    }
    if (patch->has_has_children) {
        p->has_children = patch->has_children;
    }
    if (patch->has_plans_renovation) {
        p->plans_renovation = patch->plans_renovation;
    }
    if (patch->has_renovation_when) {
        p->renovation_when = patch->renovation_when;
    }
    if (patch->has_renovation_rooms) {
        p->renovation_rooms = patch->renovation_rooms;
    }
    if (patch->has_newsletter) {
        p->newsletter = patch->newsletter;
    }
    if (patch->has_language) {
        p->language = patch->language;
    }
}

static bool
filled(const char *s)
{
    return s != NULL && s[0] != '\0';
}

int
account_profile_completion(const struct user *u, const struct profile *p)
{
    int total = 6, done = 0;

    done += filled(u->first_name);
    done += filled(u->last_name);
    done += filled(p->phone);
    done += p->is_telegram_verified;
    done += p->has_children != TRI_UNSET;
    done += p->plans_renovation != TRI_UNSET;
    /* When and where only apply to someone who plans a renovation. */
    if (p->plans_renovation == TRI_YES) {
        total += 2;
        done += p->renovation_when != RENOVATION_UNSET;
        done += p->renovation_rooms != 0;
    }
    return done * 100 / total;
}

void
account_normalize_email(char *email)
{
    for (; *email; email++) {
        *email = (char)tolower((unsigned char)*email);
    }
}

bool
actor_is_admin(const struct actor *a)
{
    if (a->role != ROLE_ADMIN || a->via == AUTH_NONE) {
        return false;
    }
    return a->via != AUTH_API_TOKEN || (a->scopes & SCOPE_ADMIN) != 0;
}
