/* SPDX-License-Identifier: MIT */
/*
 * routes.c - the route table and the checks every request passes before
 * its handler: media type, credentials, role and scope.
 */
#include "api/routes.h"

#include <string.h>
#include <strings.h>

#include "api/handlers.h"
#include "api/req.h"
#include "app/auth.h"
#include "app/env.h"
#include "core/account.h"
#include "core/ctx.h"
#include "core/tgbot.h"

#define ANY 0u

const struct route api_routes[] = {
    /* method, pattern, handler, auth, scope; then the flags of struct route in its order:
     * uses_store, has_body, hashes_password, parks_write */
    {"GET", "/healthz", api_healthz, ROUTE_PUBLIC, ANY, false, false, false, false, false},
    {"GET", "/readyz", api_readyz, ROUTE_PUBLIC, ANY, true, false, false, false, false},
    {"GET", "/api/v1/openapi.json", api_openapi, ROUTE_PUBLIC, ANY, false, false, false, false,
     false},
    {"POST", "/api/v1/auth/register", api_register, ROUTE_PUBLIC, ANY, true, true, true, false,
     false},
    {"POST", "/api/v1/auth/login", api_login, ROUTE_PUBLIC, ANY, true, true, true, false, false},
    {"POST", "/api/v1/auth/refresh", api_refresh, ROUTE_PUBLIC, ANY, true, true, false, false,
     false},
    {"POST", "/api/v1/auth/logout", api_logout, ROUTE_SESSION, ANY, true, true, false, false,
     false},
    {"POST", "/api/v1/auth/logout-all", api_logout_all, ROUTE_SESSION, ANY, true, true, false,
     false, false},
    {"POST", "/api/v1/auth/recovery-codes", api_recovery_codes, ROUTE_SESSION, ANY, true, true,
     false, false, false},
    {"POST", "/api/v1/auth/reset-password", api_reset_password, ROUTE_PUBLIC, ANY, true, true, true,
     false, false},
    {"GET", "/api/v1/me", api_me_get, ROUTE_USER, SCOPE_PROFILE_READ, true, false, false, false,
     false},
    {"PATCH", "/api/v1/me", api_me_patch, ROUTE_USER, SCOPE_PROFILE_WRITE, true, true, false, false,
     false},
    {"POST", "/api/v1/me/password", api_me_password, ROUTE_SESSION, ANY, true, true, true, false,
     false},
    {"GET", "/api/v1/me/tokens", api_tokens_list, ROUTE_SESSION, ANY, true, false, false, false,
     false},
    {"POST", "/api/v1/me/tokens", api_tokens_create, ROUTE_SESSION, ANY, true, true, false, false,
     false},
    {"DELETE", "/api/v1/me/tokens/{id}", api_tokens_delete, ROUTE_SESSION, ANY, true, false, false,
     false, false},
    /* Telegram linking (api/telegram.c) */
    {"GET", "/api/v1/me/telegram", api_me_telegram_get, ROUTE_USER, SCOPE_PROFILE_READ, true, false,
     false, false, false},
    {"DELETE", "/api/v1/me/telegram", api_me_telegram_delete, ROUTE_USER, SCOPE_PROFILE_WRITE, true,
     false, false, false, false},
    {"POST", "/api/v1/me/telegram/link", api_me_telegram_link, ROUTE_USER, SCOPE_PROFILE_WRITE,
     true, false, false, false, false},
    {"POST", TGBOT_WEBHOOK_PATH, api_telegram_webhook, ROUTE_PUBLIC, ANY, true, true, false, false,
     false},
    {"GET", "/api/v1/admin/users", api_admin_users, ROUTE_ADMIN, ANY, true, false, false, false,
     false},
    {"PATCH", "/api/v1/admin/users/{id}", api_admin_user_patch, ROUTE_ADMIN, ANY, true, true, false,
     false, false},
    {"GET", "/api/v1/admin/audit", api_admin_audit, ROUTE_ADMIN, ANY, true, false, false, false,
     false},
    {"GET", "/api/v1/organizers", api_organizers_list, ROUTE_OPTIONAL, ANY, true, false, false,
     false, false},
    {"POST", "/api/v1/organizers", api_organizers_create, ROUTE_USER, SCOPE_EVENTS_WRITE, true,
     true, false, false, false},
    {"GET", "/api/v1/organizers/{id}", api_organizers_get, ROUTE_OPTIONAL, ANY, true, false, false,
     false, false},
    {"PATCH", "/api/v1/organizers/{id}", api_organizers_patch, ROUTE_USER, SCOPE_EVENTS_WRITE, true,
     true, false, false, false},
    {"GET", "/api/v1/organizers/{id}/staff", api_organizer_staff_list, ROUTE_USER,
     SCOPE_EVENTS_READ, true, false, false, false, false},
    {"PUT", "/api/v1/organizers/{id}/staff/{user_id}", api_organizer_staff_put, ROUTE_USER,
     SCOPE_EVENTS_WRITE, true, true, false, false, false},
    {"DELETE", "/api/v1/organizers/{id}/staff/{user_id}", api_organizer_staff_delete, ROUTE_USER,
     SCOPE_EVENTS_WRITE, true, false, false, false, false},
    /* issue 4: webhook endpoints, notification preferences, unsubscribe links */
    {"POST", "/api/v1/organizers/{id}/webhooks", api_webhooks_create, ROUTE_USER,
     SCOPE_EVENTS_WRITE, true, true, false, false, false},
    {"GET", "/api/v1/organizers/{id}/webhooks", api_webhooks_list, ROUTE_USER, SCOPE_EVENTS_READ,
     true, false, false, false, false},
    {"PATCH", "/api/v1/organizers/{id}/webhooks/{wid}", api_webhooks_patch, ROUTE_USER,
     SCOPE_EVENTS_WRITE, true, true, false, false, false},
    {"DELETE", "/api/v1/organizers/{id}/webhooks/{wid}", api_webhooks_delete, ROUTE_USER,
     SCOPE_EVENTS_WRITE, true, false, false, false, false},
    {"POST", "/api/v1/organizers/{id}/webhooks/{wid}/rotate-secret", api_webhooks_rotate,
     ROUTE_USER, SCOPE_EVENTS_WRITE, true, true, false, false, false},
    {"GET", "/api/v1/me/notification-prefs", api_prefs_get, ROUTE_USER, SCOPE_PROFILE_READ, true,
     false, false, false, false},
    {"PUT", "/api/v1/me/notification-prefs", api_prefs_put, ROUTE_USER, SCOPE_PROFILE_WRITE, true,
     true, false, false, false},
    {"GET", "/unsubscribe", api_unsubscribe_page, ROUTE_PUBLIC, ANY, true, false, false, false,
     false},
    {"POST", "/unsubscribe", api_unsubscribe, ROUTE_PUBLIC, ANY, true, false, false, false, true},
    {"GET", "/api/v1/me/organizers", api_me_organizers, ROUTE_USER, SCOPE_EVENTS_READ, true, false,
     false, false, false},
    {"GET", "/api/v1/me/events", api_me_events, ROUTE_USER, SCOPE_EVENTS_READ, true, false, false,
     false, false},
    {"GET", "/api/v1/speakers", api_speakers_list, ROUTE_PUBLIC, ANY, true, false, false, false,
     false},
    {"POST", "/api/v1/speakers", api_speakers_create, ROUTE_USER, SCOPE_EVENTS_WRITE, true, true,
     false, false, false},
    {"GET", "/api/v1/speakers/{id}", api_speakers_get, ROUTE_PUBLIC, ANY, true, false, false, false,
     false},
    {"GET", "/api/v1/taxonomies/{kind}", api_taxonomy_list, ROUTE_PUBLIC, ANY, true, false, false,
     false, false},
    {"GET", "/api/v1/events", api_events_list, ROUTE_OPTIONAL, ANY, true, false, false, false,
     false},
    {"POST", "/api/v1/events", api_events_create, ROUTE_USER, SCOPE_EVENTS_WRITE, true, true, false,
     false, false},
    {"GET", "/api/v1/events/{id}", api_events_get, ROUTE_OPTIONAL, ANY, true, false, false, false,
     false},
    {"PATCH", "/api/v1/events/{id}", api_events_patch, ROUTE_USER, SCOPE_EVENTS_WRITE, true, true,
     false, false, false},
    {"PUT", "/api/v1/events/{id}/favorite", api_favorite_put, ROUTE_USER, SCOPE_PROFILE_WRITE, true,
     false, false, false, false},
    {"DELETE", "/api/v1/events/{id}/favorite", api_favorite_delete, ROUTE_USER, SCOPE_PROFILE_WRITE,
     true, false, false, false, false},
    {"GET", "/api/v1/me/favorites", api_favorites_list, ROUTE_USER, SCOPE_PROFILE_READ, true, false,
     false, false, false},
    {"POST", "/api/v1/events/{id}/bookings", api_event_bookings_create, ROUTE_USER,
     SCOPE_BOOKINGS_WRITE, true, true, false, true, false},
    {"GET", "/api/v1/events/{id}/bookings", api_event_bookings_list, ROUTE_USER,
     SCOPE_BOOKINGS_READ, true, false, false, false, false},
    {"POST", "/api/v1/events/{id}/waitlist", api_waitlist_join, ROUTE_USER, SCOPE_BOOKINGS_WRITE,
     true, true, false, false, false},
    {"GET", "/api/v1/events/{id}/waitlist", api_waitlist_of_event, ROUTE_USER, SCOPE_BOOKINGS_READ,
     true, false, false, false, false},
    {"GET", "/api/v1/waitlist", api_waitlist_mine, ROUTE_USER, SCOPE_BOOKINGS_READ, true, false,
     false, false, false},
    {"DELETE", "/api/v1/waitlist/{id}", api_waitlist_leave, ROUTE_USER, SCOPE_BOOKINGS_WRITE, true,
     false, false, false, false},
    {"GET", "/api/v1/bookings", api_bookings_list, ROUTE_USER, SCOPE_BOOKINGS_READ, true, false,
     false, false, false},
    {"GET", "/api/v1/bookings/{id}", api_bookings_get, ROUTE_USER, SCOPE_BOOKINGS_READ, true, false,
     false, false, false},
    {"GET", "/api/v1/bookings/{id}/log", api_booking_log, ROUTE_USER, SCOPE_BOOKINGS_READ, true,
     false, false, false, false},
    {"POST", "/api/v1/bookings/{id}/cancel", api_booking_cancel, ROUTE_USER, SCOPE_BOOKINGS_WRITE,
     true, true, false, true, false},
    {"POST", "/api/v1/bookings/{id}/approve", api_booking_approve, ROUTE_USER, SCOPE_BOOKINGS_WRITE,
     true, true, false, true, false},
    {"POST", "/api/v1/bookings/{id}/reject", api_booking_reject, ROUTE_USER, SCOPE_BOOKINGS_WRITE,
     true, true, false, true, false},
    {"POST", "/api/v1/bookings/{id}/confirm", api_booking_confirm, ROUTE_USER, SCOPE_BOOKINGS_WRITE,
     true, true, false, true, false},
    {"POST", "/api/v1/bookings/{id}/check-in", api_booking_check_in, ROUTE_USER,
     SCOPE_BOOKINGS_WRITE, true, true, false, true, false},
    /* the delivery engine: in-app notifications, the admin's outbox, short links */
    {"GET", "/api/v1/me/notifications", api_notifications_list, ROUTE_USER, SCOPE_PROFILE_READ,
     true, false, false, false, false},
    {"POST", "/api/v1/me/notifications/read-all", api_notifications_read_all, ROUTE_USER,
     SCOPE_PROFILE_WRITE, true, false, false, false, false},
    {"POST", "/api/v1/me/notifications/{id}/read", api_notifications_read, ROUTE_USER,
     SCOPE_PROFILE_WRITE, true, false, false, false, false},
    {"GET", "/api/v1/admin/outbox", api_admin_outbox_list, ROUTE_ADMIN, ANY, true, false, false,
     false, false},
    {"GET", "/api/v1/admin/outbox/{id}", api_admin_outbox_get, ROUTE_ADMIN, ANY, true, false, false,
     false, false},
    {"POST", "/api/v1/admin/outbox/{id}/redrive", api_admin_outbox_redrive, ROUTE_ADMIN, ANY, true,
     false, false, false, false},
    {"GET", "/s/{code}", api_short_link, ROUTE_PUBLIC, ANY, true, false, false, false, false},
};

const size_t api_route_count = sizeof(api_routes) / sizeof(api_routes[0]);

/* "application/json" or "application/json; charset=utf-8" */
static bool
is_json(const char *type)
{
    static const char json[] = "application/json";

    if (type == NULL || strncasecmp(type, json, sizeof(json) - 1) != 0) {
        return false;
    }
    char next = type[sizeof(json) - 1];
    return next == '\0' || next == ';' || next == ' ';
}

static enum bo_err
check_access(const struct route *rt, struct ctx *c)
{
    const struct actor *a = &c->actor;

    switch (rt->auth) {
    case ROUTE_PUBLIC:
    case ROUTE_OPTIONAL:
        return BO_OK;
    case ROUTE_USER:
        if (a->via == AUTH_API_TOKEN && rt->scope && !(a->scopes & rt->scope)) {
            return ctx_fail(c, BO_ERR_FORBIDDEN, NULL, "this API token lacks the scope %s",
                            scope_name(rt->scope));
        }
        return BO_OK;
    case ROUTE_SESSION:
        if (a->via != AUTH_SESSION) {
            return ctx_fail(c, BO_ERR_FORBIDDEN, NULL,
                            "this needs a signed-in session, not an API token");
        }
        return BO_OK;
    case ROUTE_ADMIN:
        if (a->role != ROLE_ADMIN || (a->via == AUTH_API_TOKEN && !(a->scopes & SCOPE_ADMIN))) {
            return ctx_fail(c, BO_ERR_FORBIDDEN, NULL, "only an admin may do this");
        }
        return BO_OK;
    }
    return ctx_fail(c, BO_ERR_INTERNAL, NULL, "unknown access rule");
}

static bool
is_safe_method(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

/*
 * The web UI's session rides in an HttpOnly cookie, which a browser also
 * sends on requests another site starts; so every unsafe request made with
 * it must prove it came from our pages by echoing the session's CSRF token.
 */
static enum bo_err
authorize_cookie(const struct route *rt, struct req *r, const char *access_token)
{
    struct ctx *c = r->ctx;
    enum bo_err err = auth_authenticate_cookie(c, access_token);

    if (err) {
        return err;
    }
    if (!is_safe_method(r->method) && !auth_csrf_ok(c, r->header(r, "X-CSRF-Token"))) {
        return ctx_fail(c, BO_ERR_FORBIDDEN, "X-CSRF-Token",
                        "send the session's CSRF token in X-CSRF-Token");
    }
    return check_access(rt, c);
}

/* Public routes ignore credentials: a stale token must not block signing in. */
static enum bo_err
authorize(const struct route *rt, struct req *r)
{
    struct ctx *c = r->ctx;

    if (rt->auth == ROUTE_PUBLIC) {
        return BO_OK;
    }
    const char *authz = r->header(r, "Authorization");
    const char *cookie = authz == NULL ? req_cookie(r, SESSION_COOKIE) : NULL;
    if (cookie != NULL) {
        return authorize_cookie(rt, r, cookie);
    }
    if (authz == NULL && rt->auth == ROUTE_OPTIONAL) {
        return BO_OK;
    }
    if (authz == NULL) {
        return ctx_fail(c, BO_ERR_UNAUTHORIZED, NULL, "sign in first: send a bearer token");
    }
    enum bo_err err = auth_authenticate(c, authz);
    return err ? err : check_access(rt, c);
}

enum bo_err
api_dispatch(const struct route *rt, struct req *r)
{
    struct ctx *c = r->ctx;
    if (rt->has_body && r->body.len > 0 && !is_json(r->header(r, "Content-Type"))) {
        return ctx_fail(c, BO_ERR_UNSUPPORTED_MEDIA, NULL,
                        "send the body as Content-Type: application/json");
    }
    if (!rt->has_body && !rt->takes_form && r->body.len > 0) {
        return ctx_fail(c, BO_ERR_INVALID, NULL, "this request takes no body");
    }
    if (rt->uses_store) {
        app_store_acquire(c->env, c);
    }
    enum bo_err err = authorize(rt, r);
    if (err == BO_OK) {
        err = rt->handler(r);
    }
    app_store_release(c->env, c);
    return err;
}

bool
api_route_is_quick(const struct route *route, struct req *r)
{
    if (route->handler == api_events_list) {
        return api_events_list_is_quick(r);
    }
    return route->parks_write && app_writes_park_here(r->ctx->env);
}
