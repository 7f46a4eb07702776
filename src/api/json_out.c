/* SPDX-License-Identifier: MIT */
#include "api/json_out.h"

#include <json-c/json.h>
#include <string.h>

#include "api/req.h"
#include "app/accounts.h"
#include "app/auth.h"
#include "app/messaging.h"
#include "core/account.h"
#include "core/booking.h"
#include "core/event.h"
#include "core/ctx.h"
#include "core/organizer.h"
#include "core/webhook.h"
#include "lib/arena.h"
#include "lib/clock.h"
#include "app/telegram.h"

static void
add_str(struct json_object *o, const char *name, const char *v)
{
    json_object_object_add(o, name, v ? json_object_new_string(v) : NULL);
}

static void
add_int(struct json_object *o, const char *name, int64_t v)
{
    json_object_object_add(o, name, json_object_new_int64(v));
}

/* An id that may be absent: null for 0. */
static void
add_ref(struct json_object *o, const char *name, int64_t id)
{
    json_object_object_add(o, name, id ? json_object_new_int64(id) : NULL);
}

static void
add_bool(struct json_object *o, const char *name, bool v)
{
    json_object_object_add(o, name, json_object_new_boolean(v));
}

/* 0 is "never": null. */
static void
add_time(struct json_object *o, const char *name, int64_t t)
{
    char buf[32];

    if (t == 0) {
        json_object_object_add(o, name, NULL);
        return;
    }
    clock_rfc3339(t, buf, sizeof(buf));
    json_object_object_add(o, name, json_object_new_string(buf));
}

static void
add_tristate(struct json_object *o, const char *name, enum tristate v)
{
    json_object_object_add(o, name, v == TRI_UNSET ? NULL : json_object_new_boolean(v == TRI_YES));
}

static struct json_object *
bit_names(unsigned bits, unsigned count, const char *(*name)(unsigned))
{
    struct json_object *a = json_object_new_array();

    for (unsigned i = 0; i < count; i++) {
        if (bits & (1u << i)) {
            json_object_array_add(a, json_object_new_string(name(1u << i)));
        }
    }
    return a;
}

static void
add_user_fields(struct json_object *o, const struct user *u)
{
    add_int(o, "id", u->id);
    add_str(o, "username", u->username);
    add_str(o, "email", u->email);
    add_str(o, "first_name", u->first_name ? u->first_name : "");
    add_str(o, "last_name", u->last_name ? u->last_name : "");
    add_str(o, "role", role_name(u->role));
    add_bool(o, "is_active", u->is_active);
    add_str(o, "referral_code", u->referral_code);
    add_time(o, "created_at", u->created_at);
}

struct json_object *
json_out_user(const struct user *u)
{
    struct json_object *o = json_object_new_object();

    add_user_fields(o, u);
    return o;
}

static struct json_object *
profile(const struct profile *p)
{
    struct json_object *o = json_object_new_object();

    add_str(o, "phone", p->phone);
    add_str(o, "telegram_username", p->telegram_username);
    add_str(o, "telegram_chat_id", p->telegram_chat_id);
    add_bool(o, "is_telegram_verified", p->is_telegram_verified);
    add_time(o, "telegram_verified_at", p->telegram_verified_at);
    add_tristate(o, "has_children", p->has_children);
    add_tristate(o, "plans_renovation", p->plans_renovation);
    add_str(o, "renovation_when", renovation_when_name(p->renovation_when));
    json_object_object_add(o, "renovation_rooms",
                           bit_names(p->renovation_rooms, ROOM_COUNT, room_name));
    add_bool(o, "newsletter", p->newsletter);
    add_bool(o, "consent_personal_data", p->consent_at != 0);
    add_time(o, "consent_at", p->consent_at);
    add_str(o, "language", p->language);
    return o;
}

struct json_object *
json_out_me(const struct me *m)
{
    struct json_object *o = json_object_new_object();

    add_user_fields(o, &m->user);
    json_object_object_add(o, "profile", profile(&m->profile));
    add_int(o, "profile_completion", m->profile_completion);
    return o;
}

static struct json_object *
token_user(const struct token_pair *p)
{
    struct json_object *u = json_object_new_object();

    add_int(u, "id", p->user_id);
    add_str(u, "username", p->username);
    add_str(u, "role", role_name(p->role));
    return u;
}

struct json_object *
json_out_token_pair(const struct token_pair *p)
{
    struct json_object *o = json_object_new_object();

    add_str(o, "access_token", p->access_token);
    add_str(o, "token_type", "Bearer");
    add_int(o, "expires_in", p->access_expires_in);
    add_str(o, "refresh_token", p->refresh_token);
    add_int(o, "refresh_expires_in", p->refresh_expires_in);
    json_object_object_add(o, "user", token_user(p));
    return o;
}

struct json_object *
json_out_cookie_session(const struct token_pair *p, const char *csrf_token)
{
    struct json_object *o = json_object_new_object();

    add_str(o, "token_type", "cookie");
    add_int(o, "expires_in", p->access_expires_in);
    add_int(o, "refresh_expires_in", p->refresh_expires_in);
    add_str(o, "csrf_token", csrf_token);
    json_object_object_add(o, "user", token_user(p));
    return o;
}

struct json_object *
json_out_api_token(const struct api_token *t, const char *secret)
{
    struct json_object *o = json_object_new_object();

    add_int(o, "id", t->id);
    add_str(o, "name", t->name);
    add_str(o, "prefix", t->prefix);
    json_object_object_add(o, "scopes", bit_names(t->scopes, SCOPE_COUNT, scope_name));
    add_time(o, "created_at", t->created_at);
    add_time(o, "expires_at", t->expires_at);
    add_time(o, "revoked_at", t->revoked_at);
    add_time(o, "last_used_at", t->last_used_at);
    if (secret != NULL) {
        add_str(o, "token", secret);
    }
    return o;
}

struct json_object *
json_out_audit_entry(const struct audit_entry *e)
{
    struct json_object *o = json_object_new_object();

    add_int(o, "id", e->id);
    json_object_object_add(o, "actor_user_id",
                           e->actor_user_id ? json_object_new_int64(e->actor_user_id) : NULL);
    add_str(o, "action", e->action);
    add_str(o, "target_type", e->target_type);
    add_str(o, "target_id", e->target_id);
    /* The payload was written by us as JSON; parse it back into the answer. */
    json_object_object_add(o, "payload", e->payload ? json_tokener_parse(e->payload) : NULL);
    add_str(o, "ip", e->ip);
    add_time(o, "created_at", e->created_at);
    return o;
}

struct json_object *
json_out_recovery_codes(const char *const *codes, size_t count, int64_t expires_at)
{
    struct json_object *o = json_object_new_object();
    struct json_object *a = json_object_new_array();

    for (size_t i = 0; i < count; i++) {
        json_object_array_add(a, json_object_new_string(codes[i]));
    }
    json_object_object_add(o, "codes", a);
    add_time(o, "expires_at", expires_at);
    return o;
}

/* Money as minor units plus its currency (DESIGN.md section 4). */
static void
add_money(struct json_object *o, const char *name, int64_t minor)
{
    json_object_object_add(o, name, json_object_new_int64(minor));
}

static struct json_object *
sessions(const struct event *e)
{
    struct json_object *a = json_object_new_array();

    for (int i = 0; i < e->session_count; i++) {
        struct json_object *s = json_object_new_object();
        add_int(s, "id", e->sessions[i].id);
        add_time(s, "starts_at", e->sessions[i].starts_at);
        add_time(s, "ends_at", e->sessions[i].ends_at);
        json_object_array_add(a, s);
    }
    return a;
}

static struct json_object *
speaker_json(const struct speaker *sp, bool detail)
{
    struct json_object *o = json_object_new_object();

    add_int(o, "id", sp->id);
    add_str(o, "slug", sp->slug);
    add_str(o, "full_name", sp->full_name);
    add_str(o, "job_title", sp->job_title);
    if (detail) {
        add_str(o, "email", sp->email);
        add_str(o, "legal_entity", sp->legal_entity);
        add_str(o, "quote", sp->quote);
        add_int(o, "position", sp->position);
    }
    return o;
}

struct json_object *
json_out_speaker(const struct speaker *sp)
{
    return speaker_json(sp, true);
}

/* Seed 004's type, level, sector, directions and speakers. */
static void
add_taxonomy(struct json_object *o, const struct event_taxonomy *t)
{
    struct json_object *directions = json_object_new_array();
    struct json_object *speakers = json_object_new_array();

    add_str(o, "type", t->type);
    add_str(o, "level", t->level);
    add_str(o, "sector", t->sector);
    for (int i = 0; i < t->direction_count; i++) {
        json_object_array_add(directions, json_object_new_string(t->directions[i]));
    }
    json_object_object_add(o, "directions", directions);
    for (int i = 0; t->speakers != NULL && i < t->speaker_count; i++) {
        json_object_array_add(speakers, speaker_json(&t->speakers[i], false));
    }
    json_object_object_add(o, "speakers", speakers);
}

static void
add_event_detail(struct json_object *o, const struct event *e)
{
    add_str(o, "description", e->description);
    add_str(o, "rules", e->rules);
    add_str(o, "external_url", e->external_url);
    add_str(o, "source", e->source);
    add_bool(o, "is_imported", e->is_imported);
    add_money(o, "recording_price", e->recording_price_minor);
    add_int(o, "max_per_booking", e->max_per_booking);
    add_bool(o, "hidden", e->hidden);
    add_time(o, "created_at", e->created_at);
    add_time(o, "updated_at", e->updated_at);
    add_int(o, "version", e->version);
    json_object_object_add(o, "sessions", sessions(e));
}

struct json_object *
json_out_event(const struct event *e, bool detail)
{
    struct json_object *o = json_object_new_object();

    add_int(o, "id", e->id);
    add_str(o, "slug", e->slug);
    add_str(o, "kind", event_kind_name(e->kind));
    add_str(o, "title", e->title);
    add_int(o, "author_id", e->author_id);
    add_ref(o, "organizer_id", e->organizer_id);
    add_time(o, "starts_at", e->starts_at);
    add_time(o, "ends_at", e->ends_at);
    add_str(o, "timezone", e->timezone);
    add_str(o, "location", e->location);
    add_str(o, "city", e->city);
    add_str(o, "genre", e->genre);
    add_str(o, "language", e->language);
    add_str(o, "format", event_format_name(e->format));
    add_money(o, "price", e->price_minor);
    add_money(o, "sale_price", e->sale_price_minor);
    add_str(o, "currency", e->currency);
    add_int(o, "capacity", e->capacity);
    add_int(o, "available", e->available);
    add_str(o, "image_url", e->image_url);
    add_str(o, "visibility", visibility_name(e->visibility));
    add_str(o, "approval", approval_name(e->approval));
    add_str(o, "status", event_status_name(e->status));
    add_bool(o, "registration_closed", e->registration_closed);
    add_str(o, "movie_title", e->movie_title);
    add_int(o, "movie_duration", e->movie_duration_min);
    if (detail) {
        add_event_detail(o, e);
        add_taxonomy(o, &e->taxonomy);
    }
    return o;
}

/*
 * The listing page, written in one pass. Through json-c a page of 20-50 events costs a hash
 * table, its resize and about 30 small allocations per item: half of a search request's CPU
 * (perf, bench/search.sh). So the page is written straight into one arena buffer, with the
 * escaping json-c applies (JSON_C_TO_STRING_NOSLASHESCAPE). The fields and their order are
 * json_out_event's (detail false); tests/unit/test_json_out.c holds the two to the same bytes.
 */
struct jw {
    struct arena *a;
    char *buf;
    size_t len, cap;
};

static void
jw_reserve(struct jw *w, size_t more)
{
    if (w->len + more <= w->cap) {
        return;
    }
    size_t cap = w->cap * 2 > w->len + more ? w->cap * 2 : w->len + more + 1024;
    char *bigger = arena_alloc(w->a, cap);
    memcpy(bigger, w->buf, w->len);
    w->buf = bigger;
    w->cap = cap;
}

static void
jw_raw(struct jw *w, const char *s, size_t len)
{
    jw_reserve(w, len);
    memcpy(w->buf + w->len, s, len);
    w->len += len;
}

/* The two-character escape json-c writes for ch, or NULL. */
static const char *
short_escape(unsigned char ch)
{
    switch (ch) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\b':
        return "\\b";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    case '\f':
        return "\\f";
    default:
        return NULL;
    }
}

/* A string as json-c writes it: ", \ and control characters escaped; null for NULL. */
static void
jw_str(struct jw *w, const char *s)
{
    static const char hex[] = "0123456789abcdef";

    if (s == NULL) {
        jw_raw(w, "null", 4);
        return;
    }
    size_t len = strlen(s);
    jw_reserve(w, len * 6 + 2);
    char *o = w->buf + w->len;
    *o++ = '"';
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\') { /* the common case first */
            *o++ = (char)*p;
            continue;
        }
        const char *esc = short_escape(*p);
        if (esc != NULL) {
            *o++ = esc[0];
            *o++ = esc[1];
        } else if (*p < 0x20) {
            memcpy(o, "\\u00", 4);
            o[4] = hex[*p >> 4];
            o[5] = hex[*p & 15];
            o += 6;
        } else {
            *o++ = (char)*p;
        }
    }
    *o++ = '"';
    w->len = (size_t)(o - w->buf);
}

static void
jw_int(struct jw *w, int64_t v)
{
    char digits[24];
    char *end = digits + sizeof(digits), *p = end;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0) {
        *--p = '-';
    }
    jw_raw(w, p, (size_t)(end - p));
}

static void
jw_time(struct jw *w, int64_t t)
{
    char buf[32];

    if (t == 0) {
        jw_raw(w, "null", 4);
        return;
    }
    clock_rfc3339(t, buf, sizeof(buf));
    jw_str(w, buf);
}

/* A string literal as it is: member names with their punctuation, true, false. */
#define JW_NAME(w, lit) jw_raw(w, "" lit, sizeof(lit) - 1)

static void
jw_event_summary(struct jw *w, const struct event *e)
{
    JW_NAME(w, "{\"id\":");
    jw_int(w, e->id);
    JW_NAME(w, ",\"slug\":");
    jw_str(w, e->slug);
    JW_NAME(w, ",\"kind\":");
    jw_str(w, event_kind_name(e->kind));
    JW_NAME(w, ",\"title\":");
    jw_str(w, e->title);
    JW_NAME(w, ",\"author_id\":");
    jw_int(w, e->author_id);
    JW_NAME(w, ",\"organizer_id\":");
    if (e->organizer_id != 0) {
        jw_int(w, e->organizer_id);
    } else {
        JW_NAME(w, "null");
    }
    JW_NAME(w, ",\"starts_at\":");
    jw_time(w, e->starts_at);
    JW_NAME(w, ",\"ends_at\":");
    jw_time(w, e->ends_at);
    JW_NAME(w, ",\"timezone\":");
    jw_str(w, e->timezone);
    JW_NAME(w, ",\"location\":");
    jw_str(w, e->location);
    JW_NAME(w, ",\"city\":");
    jw_str(w, e->city);
    JW_NAME(w, ",\"genre\":");
    jw_str(w, e->genre);
    JW_NAME(w, ",\"language\":");
    jw_str(w, e->language);
    JW_NAME(w, ",\"format\":");
    jw_str(w, event_format_name(e->format));
    JW_NAME(w, ",\"price\":");
    jw_int(w, e->price_minor);
    JW_NAME(w, ",\"sale_price\":");
    jw_int(w, e->sale_price_minor);
    JW_NAME(w, ",\"currency\":");
    jw_str(w, e->currency);
    JW_NAME(w, ",\"capacity\":");
    jw_int(w, e->capacity);
    JW_NAME(w, ",\"available\":");
    jw_int(w, e->available);
    JW_NAME(w, ",\"image_url\":");
    jw_str(w, e->image_url);
    JW_NAME(w, ",\"visibility\":");
    jw_str(w, visibility_name(e->visibility));
    JW_NAME(w, ",\"approval\":");
    jw_str(w, approval_name(e->approval));
    JW_NAME(w, ",\"status\":");
    jw_str(w, event_status_name(e->status));
    JW_NAME(w, ",\"registration_closed\":");
    if (e->registration_closed) {
        JW_NAME(w, "true");
    } else {
        JW_NAME(w, "false");
    }
    JW_NAME(w, ",\"movie_title\":");
    jw_str(w, e->movie_title);
    JW_NAME(w, ",\"movie_duration\":");
    jw_int(w, e->movie_duration_min);
    JW_NAME(w, "}");
}

const char *
json_out_event_list(struct arena *a, const struct event *list, size_t count, const char *next,
                    size_t *len)
{
    struct jw w = {.a = a, .cap = 256 + count * 1024};

    w.buf = arena_alloc(a, w.cap);
    JW_NAME(&w, "{\"items\":[");
    for (size_t i = 0; i < count; i++) {
        if (i > 0) {
            JW_NAME(&w, ",");
        }
        jw_event_summary(&w, &list[i]);
    }
    JW_NAME(&w, "],\"next\":");
    jw_str(&w, next);
    JW_NAME(&w, "}");
    *len = w.len;
    return w.buf;
}

enum bo_err
json_out_event_page(struct req *r, const struct event *list, size_t count, const char *next)
{
    r->body_out = json_out_event_list(r->ctx->arena, list, count, next, &r->body_out_len);
    r->status = 200;
    r->content_type = "application/json";
    return BO_OK;
}

struct json_object *
json_out_booking(const struct booking *b)
{
    struct json_object *o = json_object_new_object();

    add_int(o, "id", b->id);
    add_int(o, "event_id", b->event_id);
    add_int(o, "user_id", b->user_id);
    add_str(o, "state", booking_state_name(b->state));
    add_int(o, "seats", b->seats);
    add_money(o, "amount", b->amount_minor);
    add_str(o, "currency", b->currency);
    add_time(o, "starts_at", b->starts_at);
    add_time(o, "expires_at", b->expires_at);
    add_time(o, "created_at", b->created_at);
    add_time(o, "updated_at", b->updated_at);
    if (b->event_title != NULL) {
        add_str(o, "event_title", b->event_title);
    }
    if (b->guest_username != NULL) {
        add_str(o, "guest_username", b->guest_username);
    }
    return o;
}

struct json_object *
json_out_booking_log(const struct booking_log *l)
{
    struct json_object *o = json_object_new_object();

    add_int(o, "id", l->id);
    add_str(o, "action", l->action);
    add_str(o, "old_state", l->old_value);
    add_str(o, "new_state", l->new_value);
    json_object_object_add(o, "actor_user_id",
                           l->actor_user_id ? json_object_new_int64(l->actor_user_id) : NULL);
    add_time(o, "created_at", l->created_at);
    return o;
}

struct json_object *
json_out_page(struct json_object *items, const char *next)
{
    struct json_object *o = json_object_new_object();

    json_object_object_add(o, "items", items);
    add_str(o, "next", next);
    return o;
}

struct json_object *
json_out_array(void)
{
    return json_object_new_array();
}

void
json_out_push(struct json_object *array, struct json_object *item)
{
    json_object_array_add(array, item);
}

struct json_object *
json_out_count(const char *name, int64_t value)
{
    struct json_object *o = json_object_new_object();

    add_int(o, name, value);
    return o;
}

struct json_object *
json_out_strings(const char *const *names, const char *const *values, size_t count)
{
    struct json_object *o = json_object_new_object();

    for (size_t i = 0; i < count; i++) {
        add_str(o, names[i], values[i]);
    }
    return o;
}

struct json_object *
json_out_ready(const char *backend, int schema_version)
{
    struct json_object *o = json_object_new_object();

    add_str(o, "status", "ready");
    add_str(o, "database", backend);
    add_int(o, "schema_version", schema_version);
    return o;
}

const char *
json_out_text(struct ctx *c, struct json_object *obj)
{
    size_t len = 0;
    const char *text = json_object_to_json_string_length(
        obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
    char *copy = arena_strndup(c->arena, text, len);

    json_object_put(obj);
    return copy;
}

enum bo_err
json_out_reply(struct req *r, int status, struct json_object *obj)
{
    size_t len = 0;
    const char *text = json_object_to_json_string_length(
        obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);

    r->body_out = arena_strndup(r->ctx->arena, text, len);
    r->body_out_len = len;
    r->status = status;
    r->content_type = "application/json";
    json_object_put(obj);
    return BO_OK;
}

enum bo_err
json_out_booking_page(struct req *r, const struct booking *list, size_t count, int limit)
{
    struct json_object *items = json_out_array();

    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_booking(&list[i]));
    }
    const char *next = req_next_page(r, count, limit, count ? list[count - 1].id : 0);
    return json_out_reply(r, 200, json_out_page(items, next));
}

struct json_object *
json_out_waitlist_entry(const struct waitlist_entry *w)
{
    struct json_object *o = json_object_new_object();

    add_int(o, "id", w->id);
    add_int(o, "event_id", w->event_id);
    add_int(o, "user_id", w->user_id);
    add_int(o, "seats", w->seats);
    add_int(o, "priority", w->priority);
    add_str(o, "state", waitlist_state_name(w->state));
    add_time(o, "joined_at", w->joined_at);
    add_time(o, "offered_at", w->offered_at);
    add_time(o, "offer_expires_at", w->offer_expires_at);
    json_object_object_add(o, "booking_id",
                           w->booking_id ? json_object_new_int64(w->booking_id) : NULL);
    return o;
}

enum bo_err
json_out_waitlist_page(struct req *r, const struct waitlist_entry *list, size_t count)
{
    struct json_object *items = json_out_array();

    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_waitlist_entry(&list[i]));
    }
    return json_out_reply(r, 200, json_out_page(items, NULL));
}

static struct json_object *
team_json(const struct organizer *o)
{
    struct json_object *a = json_object_new_array();

    for (int i = 0; i < o->team_count; i++) {
        struct json_object *m = json_object_new_object();
        add_str(m, "name", o->team[i].name);
        add_str(m, "role", o->team[i].role);
        add_str(m, "photo_url", o->team[i].photo_url);
        add_str(m, "bio", o->team[i].bio);
        json_object_array_add(a, m);
    }
    return a;
}

static struct json_object *
faq_json(const struct organizer *o)
{
    struct json_object *a = json_object_new_array();

    for (int i = 0; i < o->faq_count; i++) {
        struct json_object *q = json_object_new_object();
        add_str(q, "question", o->faq[i].question);
        add_str(q, "answer", o->faq[i].answer);
        json_object_array_add(a, q);
    }
    return a;
}

struct json_object *
json_out_organizer(const struct organizer *o, bool detail, enum member_role my_role)
{
    struct json_object *j = json_object_new_object();

    add_int(j, "id", o->id);
    add_str(j, "slug", o->slug);
    add_str(j, "name", o->name);
    add_str(j, "logo_url", o->logo_url);
    add_str(j, "brand_color", o->brand_color);
    add_bool(j, "personal", o->is_personal);
    if (detail) {
        add_str(j, "description", o->description);
        add_str(j, "email", o->email);
        add_str(j, "phone", o->phone);
        add_str(j, "website", o->website);
        json_object_object_add(j, "team", team_json(o));
        json_object_object_add(j, "faq", faq_json(o));
        add_str(j, "my_role", member_role_name(my_role));
        add_int(j, "version", o->version);
        add_time(j, "created_at", o->created_at);
        add_time(j, "updated_at", o->updated_at);
    }
    return j;
}

struct json_object *
json_out_member(const struct organizer_member *m)
{
    struct json_object *j = json_object_new_object();

    add_int(j, "organizer_id", m->organizer_id);
    if (m->organizer_name != NULL) {
        add_str(j, "organizer_name", m->organizer_name);
        add_str(j, "organizer_slug", m->organizer_slug);
    }
    add_int(j, "user_id", m->user_id);
    if (m->username != NULL) {
        add_str(j, "username", m->username);
    }
    add_str(j, "role", member_role_name(m->role));
    add_time(j, "added_at", m->added_at);
    return j;
}

struct json_object *
json_out_string(const char *s)
{
    return json_object_new_string(s);
}

/* --- webhook endpoints and notification preferences (issue 4) ------------- */

struct json_object *
json_out_webhook(const struct webhook_endpoint *w, bool with_secret)
{
    struct json_object *j = json_object_new_object();
    struct json_object *types = json_object_new_array();
    unsigned bits = webhook_types_from_text(w->event_types);

    add_int(j, "id", w->id);
    add_int(j, "organizer_id", w->organizer_id);
    add_str(j, "url", w->url);
    for (unsigned bit = 1; bits != WEBHOOK_ALL && bit & WEBHOOK_ALL; bit <<= 1) {
        if (bits & bit) {
            json_object_array_add(types, json_object_new_string(webhook_type_name(bit)));
        }
    }
    if (bits == WEBHOOK_ALL) {
        json_object_array_add(types, json_object_new_string("*"));
    }
    json_object_object_add(j, "event_types", types);
    add_bool(j, "enabled", w->enabled);
    add_str(j, "disabled_reason", w->disabled_reason);
    if (with_secret) {
        add_str(j, "secret", w->secret);
    }
    add_time(j, "created_at", w->created_at);
    add_time(j, "updated_at", w->updated_at);
    return j;
}

struct json_object *
json_out_prefs(const struct notification_pref *list, size_t count, bool telegram_linked)
{
    struct json_object *j = json_object_new_object();
    struct json_object *items = json_object_new_array();

    for (size_t i = 0; i < count; i++) {
        struct json_object *p = json_object_new_object();
        add_str(p, "category", list[i].category);
        add_str(p, "channel", list[i].channel);
        add_bool(p, "enabled", list[i].enabled);
        json_object_array_add(items, p);
    }
    add_bool(j, "telegram_linked", telegram_linked);
    json_object_object_add(j, "prefs", items);
    return j;
}

/* --- the delivery engine ---------------------------------------------------- */

/* Payloads are our own JSON objects; one that is not stays a string. */
static struct json_object *
payload_object(const char *text)
{
    struct json_object *o = json_tokener_parse(text ? text : "");

    return o != NULL ? o : json_object_new_string(text ? text : "");
}

struct json_object *
json_out_notification(const struct notification *n)
{
    struct json_object *o = json_object_new_object();

    add_int(o, "id", n->id);
    add_str(o, "category", n->category);
    json_object_object_add(o, "payload", payload_object(n->payload));
    add_str(o, "link", n->link);
    add_bool(o, "read", n->read_at != 0);
    add_time(o, "created_at", n->created_at);
    add_time(o, "read_at", n->read_at);
    return o;
}

struct json_object *
json_out_inbox(const struct inbox_page *p, const char *next)
{
    struct json_object *items = json_object_new_array();

    for (size_t i = 0; i < p->count; i++) {
        json_object_array_add(items, json_out_notification(&p->items[i]));
    }
    struct json_object *o = json_out_page(items, next);
    add_int(o, "unread", p->unread);
    return o;
}

struct json_object *
json_out_outbox_row(const struct outbox_row *r)
{
    struct json_object *o = json_object_new_object();

    add_int(o, "id", r->id);
    add_int(o, "user_id", r->user_id);
    add_str(o, "category", r->category);
    json_object_object_add(o, "payload", payload_object(r->payload));
    add_str(o, "status", r->status);
    add_time(o, "created_at", r->created_at);
    add_time(o, "routed_at", r->routed_at);
    add_time(o, "sent_at", r->sent_at);
    return o;
}

static struct json_object *
attempt_object(const struct delivery_attempt *at)
{
    struct json_object *o = json_object_new_object();

    add_int(o, "id", at->id);
    add_time(o, "attempted_at", at->attempted_at);
    add_bool(o, "ok", at->ok);
    json_object_object_add(o, "status_code",
                           at->status_code ? json_object_new_int(at->status_code) : NULL);
    add_str(o, "error", at->error);
    add_int(o, "duration_ms", at->duration_ms);
    return o;
}

static struct json_object *
delivery_object(const struct delivery *d, const struct delivery_attempt *at, size_t at_count)
{
    struct json_object *o = json_object_new_object();
    struct json_object *attempts = json_object_new_array();

    add_int(o, "id", d->id);
    add_str(o, "channel", d->channel);
    add_str(o, "target", d->target);
    add_ref(o, "endpoint_id", d->endpoint_id);
    add_str(o, "message_id", d->message_id);
    add_str(o, "status", d->status);
    add_int(o, "attempts", d->attempts);
    add_time(o, "next_at", d->next_at);
    add_str(o, "last_error", d->last_error);
    add_time(o, "created_at", d->created_at);
    add_time(o, "sent_at", d->sent_at);
    for (size_t i = 0; i < at_count; i++) {
        json_object_array_add(attempts, attempt_object(&at[i]));
    }
    json_object_object_add(o, "attempt_log", attempts);
    return o;
}

struct json_object *
json_out_outbox_detail(const struct outbox_detail *d)
{
    struct json_object *o = json_out_outbox_row(&d->row);
    struct json_object *list = json_object_new_array();

    for (size_t i = 0; i < d->delivery_count; i++) {
        json_object_array_add(
            list, delivery_object(&d->deliveries[i], d->attempts[i], d->attempt_counts[i]));
    }
    json_object_object_add(o, "deliveries", list);
    return o;
}

/* --- Telegram linking (api/telegram.c) ------------------------------------------ */

struct json_object *
json_out_telegram_link(const struct telegram_link *l)
{
    struct json_object *o = json_object_new_object();

    add_str(o, "url", l->url);
    add_str(o, "qr_svg", l->qr_svg);
    add_time(o, "expires_at", l->expires_at);
    return o;
}

struct json_object *
json_out_telegram_status(const struct telegram_status *s)
{
    struct json_object *o = json_object_new_object();

    add_bool(o, "available", s->available);
    add_bool(o, "linked", s->linked);
    add_str(o, "username", s->username);
    add_time(o, "verified_at", s->verified_at);
    return o;
}
