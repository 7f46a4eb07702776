/* SPDX-License-Identifier: MIT */
#include "api/json_in.h"

#include <errno.h>
#include <json-c/json.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts.h"
#include "app/auth.h"
#include "core/account.h"
#include "core/ctx.h"
#include "lib/arena.h"

#define MAX_DEPTH 16
#define MAX_STRING 4096
#define MAX_ARRAY 32
#define NO_FLAG ((size_t)-1)

_Static_assert(sizeof(enum role) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum tristate) == sizeof(int), "enums are stored as int");
_Static_assert(sizeof(enum renovation_when) == sizeof(int), "enums are stored as int");

enum field_type {
    F_STR,     /* const char * */
    F_STR_NUL, /* const char *, NULL for JSON null */
    F_BOOL,    /* bool */
    F_TRI,     /* enum tristate: true, false or null */
    F_INT,     /* int, within [min, max] */
    F_ENUM,    /* int from a name via parse(); null allowed with .nullable */
    F_BITS,    /* unsigned: an array of unique names via parse() */
};

struct field {
    const char *name;
    enum field_type type;
    bool required;
    size_t offset;                    /* of the value in the output struct */
    size_t sent_at;                   /* of a bool "was sent" in the output struct, or NO_FLAG */
    int min, max;                     /* F_INT bounds */
    unsigned (*parse)(const char *s); /* F_ENUM, F_BITS: 0 is "unknown name" */
    bool nullable;                    /* F_ENUM */
};

static void
put_json(void *o)
{
    json_object_put(o);
}

/* Parse a body into a json object owned by the arena. */
static enum bo_err
parse_object(struct ctx *c, struct str body, struct json_object **out)
{
    struct json_tokener *tok = json_tokener_new_ex(MAX_DEPTH);

    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    struct json_object *o = json_tokener_parse_ex(tok, body.ptr, (int)body.len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t used = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (o != NULL) {
        arena_defer(c->arena, put_json, o);
    }
    if (jerr != json_tokener_success || o == NULL || used != body.len) {
        return ctx_fail(c, BO_ERR_MALFORMED, NULL, "the body is not valid JSON: %s",
                        o == NULL && jerr == json_tokener_success
                            ? "empty"
                            : json_tokener_error_desc(jerr == json_tokener_success
                                                          ? json_tokener_error_parse_unexpected
                                                          : jerr));
    }
    if (!json_object_is_type(o, json_type_object)) {
        return ctx_fail(c, BO_ERR_INVALID, NULL, "the body must be a JSON object");
    }
    *out = o;
    return BO_OK;
}

static enum bo_err
take_string(struct ctx *c, const struct field *f, struct json_object *v, const char **out)
{
    const char *s = json_object_get_string(v);
    int len = json_object_get_string_len(v);

    if (len > MAX_STRING || (size_t)len != strlen(s)) {
        return ctx_fail(c, BO_ERR_INVALID, f->name, "%s must be at most %d characters, no NUL",
                        f->name, MAX_STRING);
    }
    *out = s;
    return BO_OK;
}

static enum bo_err
take_bits(struct ctx *c, const struct field *f, struct json_object *v, unsigned *out)
{
    size_t n = json_object_array_length(v);
    unsigned bits = 0;

    if (n > MAX_ARRAY) {
        return ctx_fail(c, BO_ERR_INVALID, f->name, "%s has too many items", f->name);
    }
    for (size_t i = 0; i < n; i++) {
        struct json_object *item = json_object_array_get_idx(v, i);
        unsigned bit = json_object_is_type(item, json_type_string)
                           ? f->parse(json_object_get_string(item))
                           : 0;
        if (bit == 0 || (bits & bit)) {
            return ctx_fail(c, BO_ERR_INVALID, f->name, "%s item %zu is unknown or repeated",
                            f->name, i);
        }
        bits |= bit;
    }
    *out = bits;
    return BO_OK;
}

static enum bo_err
take_int(struct ctx *c, const struct field *f, struct json_object *v, int *out)
{
    errno = 0;
    int64_t n = json_object_get_int64(v);

    if (errno != 0 || n < f->min || n > f->max) {
        return ctx_fail(c, BO_ERR_INVALID, f->name, "%s must be between %d and %d", f->name, f->min,
                        f->max);
    }
    *out = (int)n;
    return BO_OK;
}

static enum bo_err
wrong_type(struct ctx *c, const struct field *f)
{
    static const char *const wanted[] = {
        [F_STR] = "a string",          [F_STR_NUL] = "a string or null",
        [F_BOOL] = "true or false",    [F_TRI] = "true, false or null",
        [F_INT] = "an integer",        [F_ENUM] = "one of its names",
        [F_BITS] = "an array of names"};

    const char *want =
        (size_t)f->type < sizeof(wanted) / sizeof(wanted[0]) ? wanted[f->type] : "valid";

    return ctx_fail(c, BO_ERR_INVALID, f->name, "%s must be %s", f->name, want);
}

static enum bo_err
take_enum(struct ctx *c, const struct field *f, struct json_object *v, int *out)
{
    unsigned val = f->parse(json_object_get_string(v));

    if (val == 0) {
        return ctx_fail(c, BO_ERR_INVALID, f->name, "%s: '%s' is not one of its values", f->name,
                        json_object_get_string(v));
    }
    *out = (int)val;
    return BO_OK;
}

/* Store one member's value into the output struct at f->offset. */
static enum bo_err
take(struct ctx *c, const struct field *f, struct json_object *v, char *base)
{
    enum json_type t = json_object_get_type(v);
    void *dst = base + f->offset;
    bool is_null = t == json_type_null;

    if (is_null &&
        (f->type == F_STR_NUL || f->type == F_TRI || (f->type == F_ENUM && f->nullable))) {
        if (f->type == F_STR_NUL) {
            *(const char **)dst = NULL;
        } else {
            *(int *)dst = f->type == F_TRI ? TRI_UNSET : 0;
        }
        return BO_OK;
    }
    switch (f->type) {
    case F_STR:
    case F_STR_NUL:
        return t == json_type_string ? take_string(c, f, v, dst) : wrong_type(c, f);
    case F_BOOL:
        return t == json_type_boolean ? (*(bool *)dst = json_object_get_boolean(v), BO_OK)
                                      : wrong_type(c, f);
    case F_TRI:
        return t == json_type_boolean
                   ? (*(int *)dst = json_object_get_boolean(v) ? TRI_YES : TRI_NO, BO_OK)
                   : wrong_type(c, f);
    case F_INT:
        return t == json_type_int ? take_int(c, f, v, dst) : wrong_type(c, f);
    case F_ENUM:
        return t == json_type_string ? take_enum(c, f, v, dst) : wrong_type(c, f);
    case F_BITS:
        return t == json_type_array ? take_bits(c, f, v, dst) : wrong_type(c, f);
    }
    return wrong_type(c, f);
}

static const struct field *
find_field(const struct field *fields, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(fields[i].name, name) == 0) {
            return &fields[i];
        }
    }
    return NULL;
}

/* The whole recipe: parse, reject unknown members, take known ones, check required. */
static enum bo_err
parse_fields(struct ctx *c, struct str body, const struct field *fields, size_t count, void *out)
{
    struct json_object *o = NULL;

    if (parse_object(c, body, &o)) {
        return c->err;
    }
    json_object_object_foreach(o, key, val)
    {
        const struct field *f = find_field(fields, count, key);
        if (f == NULL) {
            ctx_fail(c, BO_ERR_INVALID, arena_strdup(c->arena, key), "unknown field '%s'", key);
            continue;
        }
        if (take(c, f, val, out) == BO_OK && f->sent_at != NO_FLAG) {
            *(bool *)((char *)out + f->sent_at) = true;
        }
    }
    for (size_t i = 0; i < count; i++) {
        if (fields[i].required && json_object_object_get_ex(o, fields[i].name, NULL) == 0) {
            ctx_fail(c, BO_ERR_INVALID, fields[i].name, "%s is required", fields[i].name);
        }
    }
    return c->err;
}

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define AT(type, member) offsetof(type, member)

enum bo_err
json_in_empty(struct ctx *c, struct str body)
{
    static const struct field none[1] = {{.name = ""}};

    if (body.len == 0) {
        return BO_OK;
    }
    return parse_fields(c, body, none, 0, NULL);
}

static unsigned
parse_role(const char *s)
{
    return (unsigned)role_parse(s);
}

static unsigned
parse_when(const char *s)
{
    return (unsigned)renovation_when_parse(s);
}

enum bo_err
json_in_registration(struct ctx *c, struct str body, struct registration *out)
{
#define R(m) AT(struct registration, m)
    static const struct field fields[] = {
        {"username", F_STR, true, R(username), NO_FLAG, 0, 0, NULL, false},
        {"email", F_STR, true, R(email), NO_FLAG, 0, 0, NULL, false},
        {"password", F_STR, true, R(password), NO_FLAG, 0, 0, NULL, false},
        {"first_name", F_STR, false, R(first_name), NO_FLAG, 0, 0, NULL, false},
        {"last_name", F_STR, false, R(last_name), NO_FLAG, 0, 0, NULL, false},
        {"phone", F_STR_NUL, false, R(phone), NO_FLAG, 0, 0, NULL, false},
        {"language", F_STR, false, R(language), NO_FLAG, 0, 0, NULL, false},
        {"consent_personal_data", F_BOOL, true, R(consent_personal_data), NO_FLAG, 0, 0, NULL,
         false},
        {"newsletter", F_BOOL, false, R(newsletter), NO_FLAG, 0, 0, NULL, false},
    };
#undef R
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_login(struct ctx *c, struct str body, struct login_body *out)
{
    static const struct field fields[] = {
        {"login", F_STR, true, AT(struct login_body, login), NO_FLAG, 0, 0, NULL, false},
        {"password", F_STR, true, AT(struct login_body, password), NO_FLAG, 0, 0, NULL, false},
    };
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_refresh(struct ctx *c, struct str body, struct refresh_body *out)
{
    static const struct field fields[] = {
        {"refresh_token", F_STR, true, AT(struct refresh_body, refresh_token), NO_FLAG, 0, 0, NULL,
         false},
    };
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_reset(struct ctx *c, struct str body, struct reset_request *out)
{
    static const struct field fields[] = {
        {"login", F_STR, true, AT(struct reset_request, login), NO_FLAG, 0, 0, NULL, false},
        {"code", F_STR, true, AT(struct reset_request, code), NO_FLAG, 0, 0, NULL, false},
        {"new_password", F_STR, true, AT(struct reset_request, new_password), NO_FLAG, 0, 0, NULL,
         false},
    };
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_password(struct ctx *c, struct str body, struct password_body *out)
{
    static const struct field fields[] = {
        {"current_password", F_STR, true, AT(struct password_body, current_password), NO_FLAG, 0, 0,
         NULL, false},
        {"new_password", F_STR, true, AT(struct password_body, new_password), NO_FLAG, 0, 0, NULL,
         false},
    };
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_profile_patch(struct ctx *c, struct str body, struct profile_patch *out)
{
#define P(m) AT(struct profile_patch, m)
    static const struct field fields[] = {
        {"first_name", F_STR, false, P(first_name), P(has_first_name), 0, 0, NULL, false},
        {"last_name", F_STR, false, P(last_name), P(has_last_name), 0, 0, NULL, false},
        {"phone", F_STR_NUL, false, P(phone), P(has_phone), 0, 0, NULL, false},
        {"has_children", F_TRI, false, P(has_children), P(has_has_children), 0, 0, NULL, false},
        {"plans_renovation", F_TRI, false, P(plans_renovation), P(has_plans_renovation), 0, 0, NULL,
         false},
        {"renovation_when", F_ENUM, false, P(renovation_when), P(has_renovation_when), 0, 0,
         parse_when, true},
        {"renovation_rooms", F_BITS, false, P(renovation_rooms), P(has_renovation_rooms), 0, 0,
         room_parse, false},
        {"newsletter", F_BOOL, false, P(newsletter), P(has_newsletter), 0, 0, NULL, false},
        {"language", F_STR, false, P(language), P(has_language), 0, 0, NULL, false},
    };
#undef P
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_token_request(struct ctx *c, struct str body, struct token_request *out)
{
    static const struct field fields[] = {
        {"name", F_STR, true, AT(struct token_request, name), NO_FLAG, 0, 0, NULL, false},
        {"scopes", F_BITS, true, AT(struct token_request, scopes), NO_FLAG, 0, 0, scope_parse,
         false},
        {"expires_in_days", F_INT, false, AT(struct token_request, expires_in_days), NO_FLAG, 1,
         3650, NULL, false},
    };
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_user_patch(struct ctx *c, struct str body, struct user_patch *out)
{
    static const struct field fields[] = {
        {"role", F_ENUM, false, AT(struct user_patch, role), AT(struct user_patch, has_role), 0, 0,
         parse_role, false},
        {"is_active", F_BOOL, false, AT(struct user_patch, is_active),
         AT(struct user_patch, has_active), 0, 0, NULL, false},
    };
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

static bool
parse_i64(const char *s, int64_t *out)
{
    char *end;

    if (s == NULL || *s < '0' || *s > '9') {
        return false;
    }
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || *end != '\0') {
        return false;
    }
    *out = v;
    return true;
}

enum bo_err
json_in_limit(struct ctx *c, const char *s, int *out)
{
    int64_t v = 50;

    if (s != NULL && (!parse_i64(s, &v) || v < 1 || v > 100)) {
        return ctx_fail(c, BO_ERR_INVALID, "limit", "limit must be between 1 and 100");
    }
    *out = (int)v;
    return BO_OK;
}

enum bo_err
json_in_cursor(struct ctx *c, const char *s, int64_t *out)
{
    *out = 0;
    if (s != NULL && (!parse_i64(s, out) || *out < 1)) {
        return ctx_fail(c, BO_ERR_INVALID, "cursor", "cursor is not one this server gave out");
    }
    return BO_OK;
}

enum bo_err
json_in_path_id(struct ctx *c, const char *s, int64_t *out)
{
    if (!parse_i64(s, out) || *out < 1) {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such resource");
    }
    return BO_OK;
}
