/* SPDX-License-Identifier: MIT */
/*
 * events.c - /api/v1/events: the catalog, and an event's bookings.
 */
#include "api/handlers.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/json_in.h"
#include "api/json_out.h"
#include "api/req.h"
#include "app/bookings.h"
#include "app/catalog.h"
#include "app/env.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/clock.h"
#include "lib/token.h"
#include "lib/url.h"
#include "app/organizers.h"
#include "core/event.h"
#include "core/search.h"

/* Cursor "<starts_at>_<id>" of the last event on the page. */
static enum bo_err
parse_event_cursor(struct ctx *c, const char *s, struct event_query *q)
{
    char *end = NULL;

    if (s == NULL) {
        return BO_OK;
    }
    errno = 0;
    q->after_key = strtoll(s, &end, 10);
    bool both = errno == 0 && end != s && *end == '_';
    if (both) {
        q->after_id = strtoll(end + 1, &end, 10);
    }
    if (!both || errno != 0 || *end != '\0' || q->after_id <= 0) {
        return ctx_fail(c, BO_ERR_INVALID, "cursor", "cursor is not one this server gave out");
    }
    return BO_OK;
}

static void
parse_time_param(struct req *r, const char *name, int64_t *out)
{
    const char *v = r->query(r, name);

    if (v != NULL && !clock_parse_rfc3339(v, out)) {
        ctx_fail(r->ctx, BO_ERR_INVALID, name, "%s must be an RFC 3339 time", name);
    }
}

static void
parse_kind_param(struct req *r, struct event_query *q)
{
    const char *v = r->query(r, "kind");

    q->kind = v ? (int)event_kind_parse(v) : 0;
    if (v != NULL && q->kind == 0) {
        ctx_fail(r->ctx, BO_ERR_INVALID, "kind", "kind is event, course, webinar or screening");
    }
}

/* A price bound in minor units: a whole number >= 0, or absent (-1). */
static void
parse_price_param(struct req *r, const char *name, int64_t *out)
{
    const char *v = r->query(r, name);
    char *end = NULL;

    *out = -1;
    if (v == NULL) {
        return;
    }
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0' || n < 0) {
        ctx_fail(r->ctx, BO_ERR_INVALID, name, "%s is a price in minor units, 0 or more", name);
        return;
    }
    *out = n;
}

static void
parse_format_param(struct req *r, struct event_query *q)
{
    const char *v = r->query(r, "format");

    q->format = v ? (int)event_format_parse(v) : 0;
    if (v != NULL && q->format == 0) {
        ctx_fail(r->ctx, BO_ERR_INVALID, "format", "format is offline, online or mixed");
    }
}

/* free=true is price_max=0; q= becomes search terms. */
static void
parse_text_params(struct req *r, struct event_query *q)
{
    const char *free_only = r->query(r, "free");
    const char *text = r->query(r, "q");
    const char **terms = arena_alloc(r->ctx->arena, sizeof(*terms) * SEARCH_MAX_TERMS);

    if (free_only != NULL && strcmp(free_only, "true") != 0 && strcmp(free_only, "false") != 0) {
        ctx_fail(r->ctx, BO_ERR_INVALID, "free", "free is true or false");
    } else if (free_only != NULL && strcmp(free_only, "true") == 0) {
        q->price_max = 0;
    }
    q->term_count = search_terms(r->ctx->arena, text, terms);
    q->terms = terms;
    q->city = r->query(r, "city");
    q->genre = r->query(r, "genre");
    q->organizer = r->query(r, "organizer");
}

/* organizer= is an id or a slug; an unknown one is a mistake worth saying, not an empty page. */
static enum bo_err
resolve_organizer(struct req *r, struct event_query *q)
{
    struct organizer o;

    if (q->organizer == NULL) {
        return BO_OK;
    }
    enum bo_err err =
        organizers_get(r->ctx, json_in_id_or_slug(q->organizer), q->organizer, &o, NULL);
    if (err == BO_ERR_NOT_FOUND) {
        ctx_clear_error(r->ctx);
        return ctx_fail(r->ctx, BO_ERR_INVALID, "organizer", "no such organizer");
    }
    q->organizer_id = err ? 0 : o.id;
    return err;
}

static void
parse_sort_param(struct req *r, struct event_query *q)
{
    static const char *const names[] = {
        [SORT_DATE] = "date", [SORT_PRICE] = "price", [SORT_POPULARITY] = "popularity"};
    const char *v = r->query(r, "sort");

    for (int i = 0; v != NULL && i < 3; i++) {
        if (strcmp(v, names[i]) == 0) {
            q->sort = (enum event_sort)i;
            return;
        }
    }
    if (v != NULL) {
        ctx_fail(r->ctx, BO_ERR_INVALID, "sort", "sort is date, price or popularity");
    }
}

static enum bo_err
parse_query(struct req *r, struct event_query *q)
{
    *q = (struct event_query){.after_key = INT64_MIN};
    parse_sort_param(r, q);
    json_in_limit(r->ctx, r->query(r, "limit"), &q->limit);
    parse_event_cursor(r->ctx, r->query(r, "cursor"), q);
    parse_time_param(r, "from", &q->from);
    parse_time_param(r, "to", &q->to);
    parse_kind_param(r, q);
    parse_format_param(r, q);
    parse_price_param(r, "price_min", &q->price_min);
    parse_price_param(r, "price_max", &q->price_max);
    parse_text_params(r, q);
    return r->ctx->err;
}

/* The filters of this request, for the next page's link: "&from=...&kind=...". */
static const char *
filters_again(struct req *r)
{
    static const char *const names[] = {"sort",      "from", "to",    "kind",
                                        "format",    "city", "genre", "price_min",
                                        "price_max", "free", "q",     "organizer"};
    const char *out = "";

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *v = r->query(r, names[i]);
        if (v != NULL) {
            out = arena_printf(r->ctx->arena, "%s&%s=%s", out, names[i],
                               url_encode(r->ctx->arena, v));
        }
    }
    return out;
}

enum bo_err
api_events_list(struct req *r)
{
    struct event_query q;
    struct event *list = NULL;
    size_t count = 0;

    enum bo_err err = parse_query(r, &q);
    if (err == BO_OK) {
        err = resolve_organizer(r, &q);
    }
    if (err == BO_OK) {
        err = events_list(r->ctx, &q, &list, &count);
    }
    if (err) {
        return err;
    }
    const char *next = NULL;
    if (count == (size_t)q.limit) {
        next = arena_printf(r->ctx->arena, "%s?limit=%d&cursor=%lld_%lld%s", r->path, q.limit,
                            (long long)event_sort_key(&list[count - 1], q.sort),
                            (long long)list[count - 1].id, filters_again(r));
    }
    return json_out_event_page(r, list, count, next);
}

bool
api_events_list_is_quick(struct req *r)
{
    return catalog_search_is_quick(r->ctx);
}

enum bo_err
api_events_create(struct req *r)
{
    struct event e;

    enum bo_err err = json_in_event(r->ctx, r->body, &e, false);
    if (err == BO_OK) {
        err = events_create(r->ctx, &e);
    }
    if (err) {
        return err;
    }
    req_add_header(r, "Location",
                   arena_printf(r->ctx->arena, "/api/v1/events/%lld", (long long)e.id));
    return json_out_reply(r, 201, json_out_event(&e, true));
}

/* {id} is a number or a slug. */
static enum bo_err
load_event(struct req *r, struct event *e)
{
    const char *key = req_param(r, "id");

    return events_get(r->ctx, json_in_id_or_slug(key), key, e);
}

enum bo_err
api_events_get(struct req *r)
{
    struct event e;

    enum bo_err err = load_event(r, &e);
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_event(&e, true));
}

enum bo_err
api_events_patch(struct req *r)
{
    struct event e;

    enum bo_err err = load_event(r, &e);
    int64_t organizer_id = err ? 0 : e.organizer_id;
    if (err == BO_OK) {
        err = json_in_event(r->ctx, r->body, &e, true);
    }
    if (err == BO_OK && e.organizer_id != organizer_id) {
        err = ctx_fail(r->ctx, BO_ERR_INVALID, "organizer_id",
                       "an event stays with the organizer it was created under");
    }
    if (err == BO_OK) {
        err = events_update(r->ctx, &e);
    }
    if (err) {
        return err;
    }
    return json_out_reply(r, 200, json_out_event(&e, true));
}

static const char *
render_booking(struct ctx *c, const struct booking *b)
{
    return json_out_text(c, json_out_booking(b));
}

/* Idempotency-Key: 1-255 visible ASCII characters; the request is hashed with it. */
static enum bo_err
read_idempotency(struct req *r, struct idempotency *idem)
{
    const char *key = r->header(r, "Idempotency-Key");
    char hash[TOKEN_HASH_LEN + 1];

    *idem = (struct idempotency){.render = render_booking};
    if (key == NULL) {
        return BO_OK;
    }
    size_t len = strlen(key);
    for (size_t i = 0; i < len; i++) {
        if (key[i] < 0x21 || key[i] > 0x7e) {
            len = 0;
        }
    }
    if (len == 0 || len > 255) {
        return ctx_fail(r->ctx, BO_ERR_INVALID, "Idempotency-Key",
                        "Idempotency-Key is 1 to 255 visible ASCII characters");
    }
    const char *request =
        arena_printf(r->ctx->arena, "POST %s\n%.*s", r->path, (int)r->body.len, r->body.ptr);
    token_hash(request, hash);
    idem->key = key;
    idem->request_hash = arena_strdup(r->ctx->arena, hash);
    return BO_OK;
}

/* What a booking request answers with, now or once it is on disk. */
struct booking_reply {
    struct req *r;
    struct idempotency idem;
    struct booking b;
};

static enum bo_err
reply_booking(struct booking_reply *br)
{
    struct req *r = br->r;

    if (br->idem.replayed) {
        req_add_header(r, "Idempotent-Replayed", "true");
        req_reply_text(r, br->idem.status, "application/json", br->idem.body,
                       strlen(br->idem.body));
        return BO_OK;
    }
    req_add_header(r, "Location",
                   arena_printf(r->ctx->arena, "/api/v1/bookings/%lld", (long long)br->b.id));
    return json_out_reply(r, 201, json_out_booking(&br->b));
}

/* On the writer's side, once the booking is on disk (or refused, or failed). */
static void
booking_done(struct ctx *c, void *arg, enum bo_err err)
{
    struct booking_reply *br = arg;

    (void)c;
    req_complete(br->r, err ? err : reply_booking(br));
}

/*
 * The request stays parked while the writer has the booking: no thread
 * waits for the commit, so as many bookings as there are connections can
 * share one.
 */
enum bo_err
api_event_bookings_create(struct req *r)
{
    struct booking_reply *br = arena_alloc(r->ctx->arena, sizeof(*br));
    struct app_later *later = NULL;
    int64_t event_id = 0;
    int seats = 1;

    br->r = r;
    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &event_id);
    if (err == BO_OK) {
        err = json_in_seats(r->ctx, r->body, &seats);
    }
    if (err == BO_OK) {
        err = read_idempotency(r, &br->idem);
    }
    if (err == BO_OK) {
        err = bookings_create_later(r->ctx, event_id, seats, &br->idem, &br->b,
                                    r->can_defer ? booking_done : NULL, br, &later);
    }
    if (err == BO_OK && later != NULL) {
        req_defer(r, app_write_start, later);
        return BO_OK;
    }
    return err ? err : reply_booking(br);
}

enum bo_err
api_event_bookings_list(struct req *r)
{
    struct booking *list = NULL;
    size_t count = 0;
    int64_t event_id = 0, cursor = 0;
    int limit = 0;

    json_in_path_id(r->ctx, req_param(r, "id"), &event_id);
    json_in_limit(r->ctx, r->query(r, "limit"), &limit);
    json_in_cursor(r->ctx, r->query(r, "cursor"), &cursor);
    enum bo_err err = r->ctx->err;
    if (err == BO_OK) {
        err = bookings_list_event(r->ctx, event_id, cursor, limit, &list, &count);
    }
    if (err) {
        return err;
    }
    return json_out_booking_page(r, list, count, limit);
}

static enum bo_err
set_favorite(struct req *r, bool on)
{
    int64_t event_id = 0;

    enum bo_err err = json_in_path_id(r->ctx, req_param(r, "id"), &event_id);
    if (err == BO_OK) {
        err = events_favorite(r->ctx, event_id, on);
    }
    if (err == BO_OK) {
        req_reply_empty(r, 204);
    }
    return err;
}

enum bo_err
api_favorite_put(struct req *r)
{
    return set_favorite(r, true);
}

enum bo_err
api_favorite_delete(struct req *r)
{
    return set_favorite(r, false);
}

enum bo_err
api_favorites_list(struct req *r)
{
    struct event *list = NULL;
    size_t count = 0;

    enum bo_err err = events_favorites(r->ctx, &list, &count);
    if (err) {
        return err;
    }
    return json_out_event_page(r, list, count, NULL);
}

/* The host dashboard: events the caller may manage, any status, latest first. */
enum bo_err
api_me_events(struct req *r)
{
    struct event_query q = {.after_key = INT64_MAX, .after_id = INT64_MAX};
    struct event *list = NULL;
    size_t count = 0;

    json_in_limit(r->ctx, r->query(r, "limit"), &q.limit);
    parse_event_cursor(r->ctx, r->query(r, "cursor"), &q);
    enum bo_err err = r->ctx->err;
    if (err == BO_OK) {
        err = organizers_managed_events(r->ctx, q.after_key, q.after_id, q.limit, &list, &count);
    }
    if (err) {
        return err;
    }
    struct json_object *items = json_out_array();
    for (size_t i = 0; i < count; i++) {
        json_out_push(items, json_out_event(&list[i], false));
    }
    const char *next = NULL;
    if (count == (size_t)q.limit) {
        next = arena_printf(r->ctx->arena, "%s?limit=%d&cursor=%lld_%lld", r->path, q.limit,
                            (long long)list[count - 1].starts_at, (long long)list[count - 1].id);
    }
    return json_out_reply(r, 200, json_out_page(items, next));
}
