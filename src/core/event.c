/* SPDX-License-Identifier: MIT */
#include "core/event.h"

#include <string.h>

#include "core/ctx.h"
#include "core/text.h"

#define TITLE_MAX 200 /* seed 000 CharField(max_length=200) */
#define TEXT_MAX 20000
#define CAPACITY_MAX 1000000
#define PRICE_MAX 100000000000LL /* a billion in major units */

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const kind_names[] = {[EVENT_KIND_EVENT] = "event",
                                         [EVENT_KIND_COURSE] = "course",
                                         [EVENT_KIND_WEBINAR] = "webinar",
                                         [EVENT_KIND_SCREENING] = "screening"};
static const char *const format_names[] = {
    [FORMAT_OFFLINE] = "offline", [FORMAT_ONLINE] = "online", [FORMAT_MIXED] = "mixed"};
static const char *const visibility_names[] = {[VISIBILITY_PUBLIC] = "public",
                                               [VISIBILITY_UNLISTED] = "unlisted",
                                               [VISIBILITY_FRIENDS] = "friends",
                                               [VISIBILITY_PRIVATE] = "private"};
static const char *const approval_names[] = {
    [APPROVAL_AUTO] = "automatic", [APPROVAL_MANUAL] = "manual"};
static const char *const status_names[] = {[EVENT_DRAFT] = "draft",
                                           [EVENT_PUBLISHED] = "published",
                                           [EVENT_CANCELLED] = "cancelled",
                                           [EVENT_DONE] = "done"};

static const char *
name_of(const char *const *names, size_t count, unsigned v)
{
    return v < count ? names[v] : NULL;
}

static int
parse_name(const char *const *names, size_t count, const char *s)
{
    for (size_t i = 1; s != NULL && i < count; i++) {
        if (strcmp(names[i], s) == 0) {
            return (int)i;
        }
    }
    return 0;
}

const char *
event_kind_name(enum event_kind k)
{
    return name_of(kind_names, LEN(kind_names), k);
}

enum event_kind
event_kind_parse(const char *s)
{
    return (enum event_kind)parse_name(kind_names, LEN(kind_names), s);
}

const char *
event_format_name(enum event_format f)
{
    return name_of(format_names, LEN(format_names), f);
}

enum event_format
event_format_parse(const char *s)
{
    return (enum event_format)parse_name(format_names, LEN(format_names), s);
}

const char *
visibility_name(enum visibility v)
{
    return name_of(visibility_names, LEN(visibility_names), v);
}

enum visibility
visibility_parse(const char *s)
{
    return (enum visibility)parse_name(visibility_names, LEN(visibility_names), s);
}

const char *
approval_name(enum approval a)
{
    return name_of(approval_names, LEN(approval_names), a);
}

enum approval
approval_parse(const char *s)
{
    return (enum approval)parse_name(approval_names, LEN(approval_names), s);
}

const char *
event_status_name(enum event_status s)
{
    return name_of(status_names, LEN(status_names), s);
}

enum event_status
event_status_parse(const char *s)
{
    return (enum event_status)parse_name(status_names, LEN(status_names), s);
}

int64_t
event_seat_price(const struct event *e)
{
    return e->sale_price_minor > 0 ? e->sale_price_minor : e->price_minor;
}

int64_t
event_sort_key(const struct event *e, enum event_sort sort)
{
    switch (sort) {
    case SORT_PRICE:
        return event_seat_price(e);
    case SORT_POPULARITY:
        return e->popularity;
    case SORT_DATE:
        break;
    }
    return e->starts_at;
}

void
event_query_seek(struct event_query *q)
{
    int64_t bound = INT64_MIN;

    if (q->sort == SORT_DATE && q->from != 0) {
        bound = q->from;
    } else if (q->sort == SORT_PRICE && q->price_min > 0) {
        bound = q->price_min;
    }
    if (bound > q->after_key) {
        q->after_key = bound;
        q->after_id = 0;
    }
}

static bool
is_currency(const char *s)
{
    return s != NULL && strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
           s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z';
}

static void
check_texts(struct ctx *c, const struct event *e)
{
    size_t title = text_chars(e->title);

    if (title == 0 || title > TITLE_MAX || text_has_control(e->title)) {
        ctx_fail(c, BO_ERR_INVALID, "title", "title must be 1 to %d characters", TITLE_MAX);
    }
    if (text_chars(e->description) > TEXT_MAX) {
        ctx_fail(c, BO_ERR_INVALID, "description", "description is too long");
    }
    if (text_chars(e->rules) > TEXT_MAX) {
        ctx_fail(c, BO_ERR_INVALID, "rules", "rules are too long");
    }
    if (e->slug && !text_is_slug(e->slug)) {
        ctx_fail(c, BO_ERR_INVALID, "slug", "slug must be 1-100 of a-z, 0-9 and '-'");
    }
    if (!text_is_http_url(e->image_url)) {
        ctx_fail(c, BO_ERR_INVALID, "image_url", "image_url must be an http(s) URL");
    }
    if (!text_is_http_url(e->external_url)) {
        ctx_fail(c, BO_ERR_INVALID, "external_url", "external_url must be an http(s) URL");
    }
}

static void
check_money(struct ctx *c, const struct event *e)
{
    if (e->price_minor < 0 || e->price_minor > PRICE_MAX) {
        ctx_fail(c, BO_ERR_INVALID, "price", "price must be 0 or more");
    }
    if (e->sale_price_minor < 0 || e->sale_price_minor > e->price_minor) {
        ctx_fail(c, BO_ERR_INVALID, "sale_price", "sale_price must be between 0 and price");
    }
    if (e->recording_price_minor < 0 || e->recording_price_minor > PRICE_MAX) {
        ctx_fail(c, BO_ERR_INVALID, "recording_price", "recording_price must be 0 or more");
    }
    if (!is_currency(e->currency)) {
        ctx_fail(c, BO_ERR_INVALID, "currency", "currency must be an ISO 4217 code like UAH");
    }
}

static void
check_sessions(struct ctx *c, const struct event *e)
{
    if (e->session_count < 1 || e->session_count > EVENT_MAX_SESSIONS) {
        ctx_fail(c, BO_ERR_INVALID, "sessions", "an event has 1 to %d sessions",
                 EVENT_MAX_SESSIONS);
        return;
    }
    for (int i = 0; i < e->session_count; i++) {
        const struct event_session *s = &e->sessions[i];
        if (s->ends_at <= s->starts_at || (i > 0 && s->starts_at < e->sessions[i - 1].starts_at)) {
            ctx_fail(c, BO_ERR_INVALID, "sessions",
                     "each session ends after it starts, in order of start");
            return;
        }
    }
}

static void
check_capacity(struct ctx *c, const struct event *e)
{
    if (e->capacity < 1 || e->capacity > CAPACITY_MAX) {
        ctx_fail(c, BO_ERR_INVALID, "capacity", "capacity must be 1 to %d", CAPACITY_MAX);
    }
    if (e->max_per_booking < 1 || e->max_per_booking > 100) {
        ctx_fail(c, BO_ERR_INVALID, "max_per_booking", "max_per_booking must be 1 to 100");
    }
    if (e->kind == EVENT_KIND_SCREENING && (e->movie_title == NULL || e->movie_title[0] == 0)) {
        ctx_fail(c, BO_ERR_INVALID, "movie_title", "a screening names its movie");
    }
    if (e->movie_duration_min < 0 || e->movie_duration_min > 1000) {
        ctx_fail(c, BO_ERR_INVALID, "movie_duration", "movie_duration is minutes, 0 to 1000");
    }
}

enum bo_err
event_check(struct ctx *c, const struct event *e)
{
    if (e->kind == 0) {
        ctx_fail(c, BO_ERR_INVALID, "kind", "kind is event, course, webinar or screening");
    }
    if (e->timezone == NULL || strchr(e->timezone, '/') == NULL || strlen(e->timezone) > 64) {
        ctx_fail(c, BO_ERR_INVALID, "timezone", "timezone is an IANA name like Europe/Kyiv");
    }
    check_texts(c, e);
    check_money(c, e);
    check_sessions(c, e);
    check_capacity(c, e);
    return c->err;
}

enum bo_err
event_check_bookable(struct ctx *c, const struct event *e, int64_t user_id, int seats, int64_t now)
{
    if (e->author_id == user_id) {
        return ctx_fail(c, BO_ERR_FORBIDDEN, NULL, "nobody is a guest at their own event");
    }
    if (seats < 1 || seats > e->max_per_booking) {
        return ctx_fail(c, BO_ERR_INVALID, "seats", "seats must be 1 to %d", e->max_per_booking);
    }
    if (e->status != EVENT_PUBLISHED || e->registration_closed) {
        return ctx_fail(c, BO_ERR_CONFLICT, NULL, "this event is not open for booking");
    }
    if (e->starts_at <= now) {
        return ctx_fail(c, BO_ERR_CONFLICT, NULL, "this event has already started");
    }
    return BO_OK;
}

/* A reference name: 1-100 printable characters, or NULL. */
static bool
is_term(const char *s)
{
    size_t n = text_chars(s);

    return s == NULL || (n > 0 && n <= 100 && !text_has_control(s));
}

enum bo_err
event_taxonomy_check(struct ctx *c, const struct event_taxonomy *t)
{
    static const char *const names[] = {"type", "level", "sector"};
    const char *values[] = {t->type, t->level, t->sector};

    for (size_t i = 0; i < LEN(names); i++) {
        if (!is_term(values[i])) {
            ctx_fail(c, BO_ERR_INVALID, names[i], "%s is a name of 1 to 100 characters", names[i]);
        }
    }
    for (int i = 0; i < t->direction_count; i++) {
        bool repeated = false;
        for (int j = 0; j < i; j++) {
            repeated = repeated || strcmp(t->directions[i], t->directions[j]) == 0;
        }
        if (t->directions[i] == NULL || !is_term(t->directions[i]) || repeated) {
            ctx_fail(c, BO_ERR_INVALID, "directions",
                     "directions are up to %d different names of 1 to 100 characters",
                     EVENT_MAX_DIRECTIONS);
            break;
        }
    }
    for (int i = 0; i < t->speaker_count; i++) {
        for (int j = 0; j < i; j++) {
            if (t->speaker_ids[i] == t->speaker_ids[j]) {
                return ctx_fail(c, BO_ERR_INVALID, "speaker_ids", "a speaker is listed twice");
            }
        }
    }
    return c->err;
}

enum bo_err
speaker_check(struct ctx *c, const struct speaker *s)
{
    size_t name = text_chars(s->full_name);

    if (name == 0 || name > 255 || text_has_control(s->full_name)) {
        ctx_fail(c, BO_ERR_INVALID, "full_name", "full_name must be 1 to 255 characters");
    }
    if (text_chars(s->job_title) > 255 || text_has_control(s->job_title)) {
        ctx_fail(c, BO_ERR_INVALID, "job_title", "job_title is at most 255 characters");
    }
    if (text_chars(s->legal_entity) > 255 || text_has_control(s->legal_entity)) {
        ctx_fail(c, BO_ERR_INVALID, "legal_entity", "legal_entity is at most 255 characters");
    }
    if (s->email != NULL &&
        (strchr(s->email, '@') == NULL || strlen(s->email) > 254 || text_has_control(s->email))) {
        ctx_fail(c, BO_ERR_INVALID, "email", "email must be an address like name@example.com");
    }
    if (text_chars(s->quote) > TEXT_MAX) {
        ctx_fail(c, BO_ERR_INVALID, "quote", "quote is too long");
    }
    if (s->slug != NULL && !text_is_slug(s->slug)) {
        ctx_fail(c, BO_ERR_INVALID, "slug", "slug must be 1-100 of a-z, 0-9 and '-'");
    }
    return c->err;
}

void
event_taxonomy_put(struct event_taxonomy *t, const char *kind, const char *name)
{
    if (strcmp(kind, "type") == 0) {
        t->type = name;
    } else if (strcmp(kind, "level") == 0) {
        t->level = name;
    } else if (strcmp(kind, "sector") == 0) {
        t->sector = name;
    } else if (t->direction_count < EVENT_MAX_DIRECTIONS) {
        t->directions[t->direction_count++] = name;
    }
}
