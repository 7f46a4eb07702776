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
#include "core/event.h"
#include "core/webhook.h"
#include "lib/clock.h"
#include "lib/arena.h"

#define MAX_DEPTH 16
#define MAX_STRING 80000 /* bytes: 20,000 characters of up to 4 bytes */
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
    F_INT64,   /* int64_t, within [0, max64] */
    F_CUSTOM,  /* handled by custom() */
};

struct field;
typedef enum bo_err (*custom_fn)(struct ctx *c, const struct field *f, struct json_object *v,
                                 void *dst);

struct field {
    const char *name;
    enum field_type type;
    bool required;
    size_t offset;                    /* of the value in the output struct */
    size_t sent_at;                   /* of a bool "was sent" in the output struct, or NO_FLAG */
    int min, max;                     /* F_INT bounds */
    unsigned (*parse)(const char *s); /* F_ENUM, F_BITS: 0 is "unknown name" */
    bool nullable;                    /* F_ENUM */
    custom_fn custom;                 /* F_CUSTOM */
    int64_t max64;                    /* F_INT64 */
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
take_int64(struct ctx *c, const struct field *f, struct json_object *v, int64_t *out)
{
    errno = 0;
    int64_t n = json_object_get_int64(v);

    if (errno != 0 || n < 0 || n > f->max64) {
        return ctx_fail(c, BO_ERR_INVALID, f->name, "%s must be between 0 and %lld", f->name,
                        (long long)f->max64);
    }
    *out = n;
    return BO_OK;
}

static enum bo_err
wrong_type(struct ctx *c, const struct field *f)
{
    static const char *const wanted[] = {[F_STR] = "a string",
                                         [F_STR_NUL] = "a string or null",
                                         [F_BOOL] = "true or false",
                                         [F_TRI] = "true, false or null",
                                         [F_INT] = "an integer",
                                         [F_ENUM] = "one of its names",
                                         [F_BITS] = "an array of names",
                                         [F_INT64] = "an integer",
                                         [F_CUSTOM] = "valid"};

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
    case F_INT64:
        return t == json_type_int ? take_int64(c, f, v, dst) : wrong_type(c, f);
    case F_CUSTOM:
        return f->custom(c, f, v, dst);
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
parse_some(struct ctx *c, struct str body, const struct field *fields, size_t count, void *out,
           bool enforce_required)
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
    for (size_t i = 0; enforce_required && i < count; i++) {
        if (fields[i].required && json_object_object_get_ex(o, fields[i].name, NULL) == 0) {
            ctx_fail(c, BO_ERR_INVALID, fields[i].name, "%s is required", fields[i].name);
        }
    }
    return c->err;
}

static enum bo_err
parse_fields(struct ctx *c, struct str body, const struct field *fields, size_t count, void *out)
{
    return parse_some(c, body, fields, count, out, true);
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
        {.name = "username",
         .type = F_STR,
         .required = true,
         .offset = R(username),
         .sent_at = NO_FLAG},
        {.name = "email", .type = F_STR, .required = true, .offset = R(email), .sent_at = NO_FLAG},
        {.name = "password",
         .type = F_STR,
         .required = true,
         .offset = R(password),
         .sent_at = NO_FLAG},
        {.name = "first_name", .type = F_STR, .offset = R(first_name), .sent_at = NO_FLAG},
        {.name = "last_name", .type = F_STR, .offset = R(last_name), .sent_at = NO_FLAG},
        {.name = "phone", .type = F_STR_NUL, .offset = R(phone), .sent_at = NO_FLAG},
        {.name = "language", .type = F_STR, .offset = R(language), .sent_at = NO_FLAG},
        {.name = "consent_personal_data",
         .type = F_BOOL,
         .required = true,
         .offset = R(consent_personal_data),
         .sent_at = NO_FLAG},
        {.name = "newsletter", .type = F_BOOL, .offset = R(newsletter), .sent_at = NO_FLAG},
    };
#undef R
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_login(struct ctx *c, struct str body, struct login_body *out)
{
    static const struct field fields[] = {
        {.name = "login",
         .type = F_STR,
         .required = true,
         .offset = AT(struct login_body, login),
         .sent_at = NO_FLAG},
        {.name = "password",
         .type = F_STR,
         .required = true,
         .offset = AT(struct login_body, password),
         .sent_at = NO_FLAG},
        {.name = "cookies",
         .type = F_BOOL,
         .offset = AT(struct login_body, cookies),
         .sent_at = NO_FLAG},
    };
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_refresh(struct ctx *c, struct str body, struct refresh_body *out)
{
    static const struct field fields[] = {
        {.name = "refresh_token",
         .type = F_STR,
         .required = true,
         .offset = AT(struct refresh_body, refresh_token),
         .sent_at = NO_FLAG},
    };
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_reset(struct ctx *c, struct str body, struct reset_request *out)
{
    static const struct field fields[] = {
        {.name = "login",
         .type = F_STR,
         .required = true,
         .offset = AT(struct reset_request, login),
         .sent_at = NO_FLAG},
        {.name = "code",
         .type = F_STR,
         .required = true,
         .offset = AT(struct reset_request, code),
         .sent_at = NO_FLAG},
        {.name = "new_password",
         .type = F_STR,
         .required = true,
         .offset = AT(struct reset_request, new_password),
         .sent_at = NO_FLAG},
    };
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_password(struct ctx *c, struct str body, struct password_body *out)
{
    static const struct field fields[] = {
        {.name = "current_password",
         .type = F_STR,
         .required = true,
         .offset = AT(struct password_body, current_password),
         .sent_at = NO_FLAG},
        {.name = "new_password",
         .type = F_STR,
         .required = true,
         .offset = AT(struct password_body, new_password),
         .sent_at = NO_FLAG},
    };
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_profile_patch(struct ctx *c, struct str body, struct profile_patch *out)
{
#define P(m) AT(struct profile_patch, m)
    static const struct field fields[] = {
        {.name = "first_name",
         .type = F_STR,
         .offset = P(first_name),
         .sent_at = P(has_first_name)},
        {.name = "last_name", .type = F_STR, .offset = P(last_name), .sent_at = P(has_last_name)},
        {.name = "phone", .type = F_STR_NUL, .offset = P(phone), .sent_at = P(has_phone)},
        {.name = "has_children",
         .type = F_TRI,
         .offset = P(has_children),
         .sent_at = P(has_has_children)},
        {.name = "plans_renovation",
         .type = F_TRI,
         .offset = P(plans_renovation),
         .sent_at = P(has_plans_renovation)},
        {.name = "renovation_when",
         .type = F_ENUM,
         .offset = P(renovation_when),
         .sent_at = P(has_renovation_when),
         .parse = parse_when,
         .nullable = true},
        {.name = "renovation_rooms",
         .type = F_BITS,
         .offset = P(renovation_rooms),
         .sent_at = P(has_renovation_rooms),
         .parse = room_parse},
        {.name = "newsletter",
         .type = F_BOOL,
         .offset = P(newsletter),
         .sent_at = P(has_newsletter)},
        {.name = "language", .type = F_STR, .offset = P(language), .sent_at = P(has_language)},
    };
#undef P
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_token_request(struct ctx *c, struct str body, struct token_request *out)
{
    static const struct field fields[] = {
        {.name = "name",
         .type = F_STR,
         .required = true,
         .offset = AT(struct token_request, name),
         .sent_at = NO_FLAG},
        {.name = "scopes",
         .type = F_BITS,
         .required = true,
         .offset = AT(struct token_request, scopes),
         .sent_at = NO_FLAG,
         .parse = scope_parse},
        {.name = "expires_in_days",
         .type = F_INT,
         .offset = AT(struct token_request, expires_in_days),
         .sent_at = NO_FLAG,
         .min = 1,
         .max = 3650},
    };
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}

enum bo_err
json_in_user_patch(struct ctx *c, struct str body, struct user_patch *out)
{
    static const struct field fields[] = {
        {.name = "role",
         .type = F_ENUM,
         .offset = AT(struct user_patch, role),
         .sent_at = AT(struct user_patch, has_role),
         .parse = parse_role},
        {.name = "is_active",
         .type = F_BOOL,
         .offset = AT(struct user_patch, is_active),
         .sent_at = AT(struct user_patch, has_active)},
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

int64_t
json_in_id_or_slug(const char *key)
{
    int64_t id = 0;

    return parse_i64(key, &id) && id > 0 ? id : 0;
}

enum bo_err
json_in_path_id(struct ctx *c, const char *s, int64_t *out)
{
    if (!parse_i64(s, out) || *out < 1) {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such resource");
    }
    return BO_OK;
}

/* --- events and bookings ------------------------------------------------------ */

static unsigned
parse_kind(const char *s)
{
    return (unsigned)event_kind_parse(s);
}

static unsigned
parse_format(const char *s)
{
    return (unsigned)event_format_parse(s);
}

static unsigned
parse_visibility(const char *s)
{
    return (unsigned)visibility_parse(s);
}

static unsigned
parse_approval(const char *s)
{
    return (unsigned)approval_parse(s);
}

static unsigned
parse_status(const char *s)
{
    return (unsigned)event_status_parse(s);
}

static enum bo_err
take_time(struct ctx *c, const char *field, struct json_object *o, const char *key, int64_t *out)
{
    struct json_object *v = NULL;

    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string) ||
        !clock_parse_rfc3339(json_object_get_string(v), out)) {
        return ctx_fail(c, BO_ERR_INVALID, field, "%s.%s must be an RFC 3339 time", field, key);
    }
    return BO_OK;
}

/* "sessions": [{"starts_at": "...", "ends_at": "..."}, ...] into struct event. */
static enum bo_err
take_sessions(struct ctx *c, const struct field *f, struct json_object *v, void *dst)
{
    struct event *e = (struct event *)((char *)dst - offsetof(struct event, sessions));
    size_t n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 0;

    if (n < 1 || n > EVENT_MAX_SESSIONS) {
        return ctx_fail(c, BO_ERR_INVALID, f->name, "sessions is an array of 1 to %d sessions",
                        EVENT_MAX_SESSIONS);
    }
    e->sessions = arena_zalloc(c->arena, sizeof(*e->sessions) * n);
    e->session_count = (int)n;
    for (size_t i = 0; i < n; i++) {
        struct json_object *item = json_object_array_get_idx(v, i);
        if (!json_object_is_type(item, json_type_object) || json_object_object_length(item) != 2) {
            return ctx_fail(c, BO_ERR_INVALID, f->name,
                            "each session is {\"starts_at\": ..., \"ends_at\": ...}");
        }
        if (take_time(c, f->name, item, "starts_at", &e->sessions[i].starts_at) ||
            take_time(c, f->name, item, "ends_at", &e->sessions[i].ends_at)) {
            return c->err;
        }
    }
    return BO_OK;
}

/* "directions": ["Math", ...] into the event's taxonomy (the rules are in core/). */
static enum bo_err
take_directions(struct ctx *c, const struct field *f, struct json_object *v, void *dst)
{
    struct event_taxonomy *t =
        (struct event_taxonomy *)((char *)dst - offsetof(struct event_taxonomy, directions));
    size_t n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 0;

    if (!json_object_is_type(v, json_type_array) || n > EVENT_MAX_DIRECTIONS) {
        return ctx_fail(c, BO_ERR_INVALID, f->name, "directions is an array of up to %d names",
                        EVENT_MAX_DIRECTIONS);
    }
    t->direction_count = (int)n;
    for (size_t i = 0; i < n; i++) {
        struct json_object *item = json_object_array_get_idx(v, i);
        if (!json_object_is_type(item, json_type_string)) {
            return ctx_fail(c, BO_ERR_INVALID, f->name, "each direction is a name");
        }
        t->directions[i] = json_object_get_string(item);
    }
    return BO_OK;
}

/* "speaker_ids": [15, 23] into the event's taxonomy, in the order given. */
static enum bo_err
take_speaker_ids(struct ctx *c, const struct field *f, struct json_object *v, void *dst)
{
    struct event_taxonomy *t =
        (struct event_taxonomy *)((char *)dst - offsetof(struct event_taxonomy, speaker_ids));
    size_t n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 0;

    if (!json_object_is_type(v, json_type_array) || n > EVENT_MAX_SPEAKERS) {
        return ctx_fail(c, BO_ERR_INVALID, f->name, "speaker_ids is an array of up to %d ids",
                        EVENT_MAX_SPEAKERS);
    }
    t->speaker_count = (int)n;
    t->speakers = NULL; /* what was read before no longer matches */
    for (size_t i = 0; i < n; i++) {
        struct json_object *item = json_object_array_get_idx(v, i);
        if (!json_object_is_type(item, json_type_int) || json_object_get_int64(item) < 1) {
            return ctx_fail(c, BO_ERR_INVALID, f->name, "each speaker id is a positive integer");
        }
        t->speaker_ids[i] = json_object_get_int64(item);
    }
    return BO_OK;
}

#define E(m) AT(struct event, m)
#define MONEY_MAX 100000000000LL
static const struct field event_fields[] = {
    {.name = "kind",
     .type = F_ENUM,
     .required = true,
     .offset = E(kind),
     .sent_at = NO_FLAG,
     .parse = parse_kind},
    {.name = "title", .type = F_STR, .required = true, .offset = E(title), .sent_at = NO_FLAG},
    {.name = "slug", .type = F_STR, .offset = E(slug), .sent_at = NO_FLAG},
    {.name = "organizer_id",
     .type = F_INT64,
     .offset = E(organizer_id),
     .sent_at = NO_FLAG,
     .max64 = INT64_MAX},
    {.name = "description", .type = F_STR_NUL, .offset = E(description), .sent_at = NO_FLAG},
    {.name = "timezone", .type = F_STR, .offset = E(timezone), .sent_at = NO_FLAG},
    {.name = "location", .type = F_STR_NUL, .offset = E(location), .sent_at = NO_FLAG},
    {.name = "city", .type = F_STR_NUL, .offset = E(city), .sent_at = NO_FLAG},
    {.name = "genre", .type = F_STR_NUL, .offset = E(genre), .sent_at = NO_FLAG},
    {.name = "language", .type = F_STR_NUL, .offset = E(language), .sent_at = NO_FLAG},
    {.name = "format",
     .type = F_ENUM,
     .offset = E(format),
     .sent_at = NO_FLAG,
     .parse = parse_format},
    {.name = "price",
     .type = F_INT64,
     .offset = E(price_minor),
     .sent_at = NO_FLAG,
     .max64 = MONEY_MAX},
    {.name = "sale_price",
     .type = F_INT64,
     .offset = E(sale_price_minor),
     .sent_at = NO_FLAG,
     .max64 = MONEY_MAX},
    {.name = "recording_price",
     .type = F_INT64,
     .offset = E(recording_price_minor),
     .sent_at = NO_FLAG,
     .max64 = MONEY_MAX},
    {.name = "currency", .type = F_STR, .offset = E(currency), .sent_at = NO_FLAG},
    {.name = "capacity",
     .type = F_INT,
     .required = true,
     .offset = E(capacity),
     .sent_at = NO_FLAG,
     .min = 1,
     .max = 1000000},
    {.name = "max_per_booking",
     .type = F_INT,
     .offset = E(max_per_booking),
     .sent_at = NO_FLAG,
     .min = 1,
     .max = 100},
    {.name = "rules", .type = F_STR_NUL, .offset = E(rules), .sent_at = NO_FLAG},
    {.name = "image_url", .type = F_STR_NUL, .offset = E(image_url), .sent_at = NO_FLAG},
    {.name = "external_url", .type = F_STR_NUL, .offset = E(external_url), .sent_at = NO_FLAG},
    {.name = "visibility",
     .type = F_ENUM,
     .offset = E(visibility),
     .sent_at = NO_FLAG,
     .parse = parse_visibility},
    {.name = "approval",
     .type = F_ENUM,
     .offset = E(approval),
     .sent_at = NO_FLAG,
     .parse = parse_approval},
    {.name = "status",
     .type = F_ENUM,
     .offset = E(status),
     .sent_at = NO_FLAG,
     .parse = parse_status},
    {.name = "hidden", .type = F_BOOL, .offset = E(hidden), .sent_at = NO_FLAG},
    {.name = "registration_closed",
     .type = F_BOOL,
     .offset = E(registration_closed),
     .sent_at = NO_FLAG},
    {.name = "movie_title", .type = F_STR_NUL, .offset = E(movie_title), .sent_at = NO_FLAG},
    {.name = "movie_duration",
     .type = F_INT,
     .offset = E(movie_duration_min),
     .sent_at = NO_FLAG,
     .min = 0,
     .max = 1000},
    {.name = "sessions",
     .type = F_CUSTOM,
     .required = true,
     .offset = E(sessions),
     .sent_at = NO_FLAG,
     .custom = take_sessions},
    /* In a PATCH, the version the client read: the store refuses the save if it moved. */
    {.name = "version",
     .type = F_INT,
     .offset = E(version),
     .sent_at = NO_FLAG,
     .min = 1,
     .max = 1 << 30},
    {.name = "type", .type = F_STR_NUL, .offset = E(taxonomy.type), .sent_at = NO_FLAG},
    {.name = "level", .type = F_STR_NUL, .offset = E(taxonomy.level), .sent_at = NO_FLAG},
    {.name = "sector", .type = F_STR_NUL, .offset = E(taxonomy.sector), .sent_at = NO_FLAG},
    {.name = "directions",
     .type = F_CUSTOM,
     .offset = E(taxonomy.directions),
     .sent_at = NO_FLAG,
     .custom = take_directions},
    {.name = "speaker_ids",
     .type = F_CUSTOM,
     .offset = E(taxonomy.speaker_ids),
     .sent_at = NO_FLAG,
     .custom = take_speaker_ids},
};
#undef E

enum bo_err
json_in_event(struct ctx *c, struct str body, struct event *inout, bool patch)
{
    if (!patch) {
        memset(inout, 0, sizeof(*inout));
    }
    return parse_some(c, body, event_fields, LEN(event_fields), inout, !patch);
}

/* A string member of an array item, NULL when absent (the rules in core/ say what is required). */
static enum bo_err
take_item_str(struct ctx *c, const char *field, struct json_object *item, const char *key,
              const char **out)
{
    struct json_object *v = NULL;

    *out = NULL;
    if (!json_object_object_get_ex(item, key, &v) || json_object_is_type(v, json_type_null)) {
        return BO_OK;
    }
    if (!json_object_is_type(v, json_type_string) ||
        (size_t)json_object_get_string_len(v) != strlen(json_object_get_string(v))) {
        return ctx_fail(c, BO_ERR_INVALID, field, "%s.%s must be a string", field, key);
    }
    *out = json_object_get_string(v);
    return BO_OK;
}

/* An array of at most max objects with only the given keys; *n its length. */
static enum bo_err
take_item_array(struct ctx *c, const struct field *f, struct json_object *v, int max,
                const char *const *keys, size_t key_count, size_t *n)
{
    *n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 0;
    if (!json_object_is_type(v, json_type_array) || *n > (size_t)max) {
        return ctx_fail(c, BO_ERR_INVALID, f->name, "%s is an array of at most %d items", f->name,
                        max);
    }
    for (size_t i = 0; i < *n; i++) {
        struct json_object *item = json_object_array_get_idx(v, i);
        if (!json_object_is_type(item, json_type_object)) {
            return ctx_fail(c, BO_ERR_INVALID, f->name, "each of %s is an object", f->name);
        }
        json_object_object_foreach(item, key, val)
        {
            (void)val;
            bool known = false;
            for (size_t k = 0; k < key_count; k++) {
                known = known || strcmp(key, keys[k]) == 0;
            }
            if (!known) {
                return ctx_fail(c, BO_ERR_INVALID, f->name, "unknown field '%s' in %s", key,
                                f->name);
            }
        }
    }
    return BO_OK;
}

/* "team": [{"name", "role", "photo_url", "bio"}, ...] into struct organizer. */
static enum bo_err
take_team(struct ctx *c, const struct field *f, struct json_object *v, void *dst)
{
    static const char *const keys[] = {"name", "role", "photo_url", "bio"};
    struct organizer *o = (struct organizer *)((char *)dst - offsetof(struct organizer, team));
    size_t n = 0;

    if (take_item_array(c, f, v, ORGANIZER_MAX_TEAM, keys, LEN(keys), &n)) {
        return c->err;
    }
    o->team = arena_zalloc(c->arena, sizeof(*o->team) * (n ? n : 1));
    o->team_count = (int)n;
    for (size_t i = 0; i < n; i++) {
        struct json_object *item = json_object_array_get_idx(v, i);
        struct team_member *m = &o->team[i];
        if (take_item_str(c, f->name, item, "name", &m->name) ||
            take_item_str(c, f->name, item, "role", &m->role) ||
            take_item_str(c, f->name, item, "photo_url", &m->photo_url) ||
            take_item_str(c, f->name, item, "bio", &m->bio)) {
            return c->err;
        }
    }
    return BO_OK;
}

/* "faq": [{"question", "answer"}, ...] into struct organizer. */
static enum bo_err
take_faq(struct ctx *c, const struct field *f, struct json_object *v, void *dst)
{
    static const char *const keys[] = {"question", "answer"};
    struct organizer *o = (struct organizer *)((char *)dst - offsetof(struct organizer, faq));
    size_t n = 0;

    if (take_item_array(c, f, v, ORGANIZER_MAX_FAQ, keys, LEN(keys), &n)) {
        return c->err;
    }
    o->faq = arena_zalloc(c->arena, sizeof(*o->faq) * (n ? n : 1));
    o->faq_count = (int)n;
    for (size_t i = 0; i < n; i++) {
        struct json_object *item = json_object_array_get_idx(v, i);
        if (take_item_str(c, f->name, item, "question", &o->faq[i].question) ||
            take_item_str(c, f->name, item, "answer", &o->faq[i].answer)) {
            return c->err;
        }
    }
    return BO_OK;
}

#define O(m) AT(struct organizer_body, o.m)
static const struct field organizer_fields[] = {
    {.name = "name", .type = F_STR, .required = true, .offset = O(name), .sent_at = NO_FLAG},
    {.name = "slug", .type = F_STR, .offset = O(slug), .sent_at = NO_FLAG},
    {.name = "logo_url", .type = F_STR_NUL, .offset = O(logo_url), .sent_at = NO_FLAG},
    {.name = "description", .type = F_STR_NUL, .offset = O(description), .sent_at = NO_FLAG},
    {.name = "email", .type = F_STR_NUL, .offset = O(email), .sent_at = NO_FLAG},
    {.name = "phone", .type = F_STR_NUL, .offset = O(phone), .sent_at = NO_FLAG},
    {.name = "website", .type = F_STR_NUL, .offset = O(website), .sent_at = NO_FLAG},
    {.name = "brand_color", .type = F_STR_NUL, .offset = O(brand_color), .sent_at = NO_FLAG},
    {.name = "team", .type = F_CUSTOM, .offset = O(team), .sent_at = NO_FLAG, .custom = take_team},
    {.name = "faq", .type = F_CUSTOM, .offset = O(faq), .sent_at = NO_FLAG, .custom = take_faq},
    {.name = "personal",
     .type = F_BOOL,
     .offset = AT(struct organizer_body, personal),
     .sent_at = NO_FLAG},
    {.name = "version",
     .type = F_INT,
     .offset = AT(struct organizer_body, version),
     .sent_at = NO_FLAG,
     .min = 1,
     .max = 1 << 30},
};
#undef O

enum bo_err
json_in_organizer(struct ctx *c, struct str body, struct organizer_body *inout, bool patch)
{
    if (!patch) {
        memset(inout, 0, sizeof(*inout));
    }
    inout->version = 0;
    return parse_some(c, body, organizer_fields, LEN(organizer_fields), inout, !patch);
}

#define SP(m) AT(struct speaker, m)
static const struct field speaker_fields[] = {
    {.name = "full_name",
     .type = F_STR,
     .required = true,
     .offset = SP(full_name),
     .sent_at = NO_FLAG},
    {.name = "slug", .type = F_STR, .offset = SP(slug), .sent_at = NO_FLAG},
    {.name = "job_title", .type = F_STR_NUL, .offset = SP(job_title), .sent_at = NO_FLAG},
    {.name = "email", .type = F_STR_NUL, .offset = SP(email), .sent_at = NO_FLAG},
    {.name = "legal_entity", .type = F_STR_NUL, .offset = SP(legal_entity), .sent_at = NO_FLAG},
    {.name = "quote", .type = F_STR_NUL, .offset = SP(quote), .sent_at = NO_FLAG},
    {.name = "position",
     .type = F_INT,
     .offset = SP(position),
     .sent_at = NO_FLAG,
     .min = 0,
     .max = 1000000},
};
#undef SP

enum bo_err
json_in_speaker(struct ctx *c, struct str body, struct speaker *out)
{
    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, speaker_fields, LEN(speaker_fields), out);
}

struct role_body {
    int role;
};

static unsigned
parse_member_role(const char *s)
{
    return (unsigned)member_role_parse(s);
}

enum bo_err
json_in_member_role(struct ctx *c, struct str body, enum member_role *out)
{
    static const struct field fields[] = {
        {.name = "role",
         .type = F_ENUM,
         .required = true,
         .offset = offsetof(struct role_body, role),
         .sent_at = NO_FLAG,
         .parse = parse_member_role},
    };
    struct role_body b = {0};

    if (parse_fields(c, body, fields, LEN(fields), &b)) {
        return c->err;
    }
    *out = (enum member_role)b.role;
    return BO_OK;
}

struct seats_body {
    int seats;
};

enum bo_err
json_in_seats(struct ctx *c, struct str body, int *seats)
{
    static const struct field fields[] = {
        {.name = "seats",
         .type = F_INT,
         .offset = offsetof(struct seats_body, seats),
         .sent_at = NO_FLAG,
         .min = 1,
         .max = 100},
    };
    struct seats_body b = {.seats = 1};

    if (body.len > 0 && parse_fields(c, body, fields, LEN(fields), &b)) {
        return c->err;
    }
    *seats = b.seats;
    return BO_OK;
}

/* --- webhook endpoints and notification preferences (issue 4) ------------- */

/* "*" stands for every type, now and later. */
static unsigned
parse_webhook_type(const char *s)
{
    return strcmp(s, "*") == 0 ? WEBHOOK_ALL : webhook_type_parse(s);
}

#define WH(m) AT(struct webhook_change, m)
static const struct field webhook_fields[] = {
    {.name = "url", .type = F_STR, .offset = WH(url), .sent_at = WH(url_sent)},
    {.name = "event_types",
     .type = F_BITS,
     .offset = WH(types),
     .sent_at = WH(types_sent),
     .parse = parse_webhook_type},
    {.name = "enabled", .type = F_BOOL, .offset = WH(enabled), .sent_at = WH(enabled_sent)},
};
#undef WH

enum bo_err
json_in_webhook(struct ctx *c, struct str body, struct webhook_change *out)
{
    memset(out, 0, sizeof(*out));
    return parse_some(c, body, webhook_fields, LEN(webhook_fields), out, false);
}

static enum bo_err
take_pref(struct ctx *c, size_t i, struct json_object *item, struct notification_pref *p)
{
    struct json_object *cat = NULL, *chan = NULL, *on = NULL;
    const char *field = arena_printf(c->arena, "prefs.%zu", i);

    if (!json_object_is_type(item, json_type_object) || json_object_object_length(item) != 3 ||
        !json_object_object_get_ex(item, "category", &cat) ||
        !json_object_object_get_ex(item, "channel", &chan) ||
        !json_object_object_get_ex(item, "enabled", &on) ||
        !json_object_is_type(cat, json_type_string) ||
        !json_object_is_type(chan, json_type_string) ||
        !json_object_is_type(on, json_type_boolean)) {
        return ctx_fail(c, BO_ERR_INVALID, field,
                        "each item is {\"category\": name, \"channel\": name, \"enabled\": bool}");
    }
    *p = (struct notification_pref){json_object_get_string(cat), json_object_get_string(chan),
                                    json_object_get_boolean(on)};
    return BO_OK;
}

static enum bo_err
take_prefs(struct ctx *c, const struct field *f, struct json_object *v, void *dst)
{
    struct prefs_body *b = dst;
    size_t n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 0;

    if (!json_object_is_type(v, json_type_array) || n == 0 || n > MAX_ARRAY) {
        return ctx_fail(c, BO_ERR_INVALID, f->name, "prefs is an array of 1 to %d items",
                        MAX_ARRAY);
    }
    b->items = arena_alloc(c->arena, sizeof(*b->items) * n);
    b->count = n;
    for (size_t i = 0; i < n; i++) {
        take_pref(c, i, json_object_array_get_idx(v, i), &b->items[i]);
    }
    return c->err;
}

enum bo_err
json_in_prefs(struct ctx *c, struct str body, struct prefs_body *out)
{
    static const struct field fields[] = {
        {.name = "prefs",
         .type = F_CUSTOM,
         .required = true,
         .offset = 0,
         .sent_at = NO_FLAG,
         .custom = take_prefs},
    };

    memset(out, 0, sizeof(*out));
    return parse_fields(c, body, fields, LEN(fields), out);
}
