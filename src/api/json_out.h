/* SPDX-License-Identifier: MIT */
/*
 * json_out.h - domain structs into response bodies: the other place that
 * touches the JSON library.
 *
 * Renderers return a new json object owned by the caller; json_out_reply()
 * takes ownership, serialises it into the request arena and releases it.
 * Times are RFC 3339 in UTC, or null when unset.
 */
#ifndef BO_API_JSON_OUT_H
#define BO_API_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/organizer.h"

struct api_token;
struct arena;
struct audit_entry;
struct booking;
struct booking_log;
struct ctx;
struct event;
struct json_object;
struct me;
struct req;
struct token_pair;
struct user;
struct waitlist_entry;

struct json_object *json_out_me(const struct me *m);
struct json_object *json_out_user(const struct user *u);
struct json_object *json_out_token_pair(const struct token_pair *p);
struct organizer;
struct organizer_member;
/* detail: the whole page (team, FAQ, contacts, the caller's role); else a list item. */
struct json_object *json_out_organizer(const struct organizer *o, bool detail,
                                       enum member_role my_role);
struct json_object *json_out_member(const struct organizer_member *m);
struct speaker;
struct json_object *json_out_speaker(const struct speaker *sp);
struct json_object *json_out_string(const char *s);
/* A cookie session's answer: no tokens (they are in HttpOnly cookies), the CSRF token. */
struct json_object *json_out_cookie_session(const struct token_pair *p, const char *csrf_token);
/* secret is the token itself, included only when it was just created. */
struct json_object *json_out_api_token(const struct api_token *t, const char *secret);
struct json_object *json_out_audit_entry(const struct audit_entry *e);
struct json_object *json_out_recovery_codes(const char *const *codes, size_t count,
                                            int64_t expires_at);
/* detail: with sessions and the rules; else the listing form. */
struct json_object *json_out_event(const struct event *e, bool detail);
/*
 * {"items": [...EventSummary], "next": next or null} as text in a, *len bytes (not
 * NUL-terminated): the same bytes as json_out_page of json_out_event(e, false) items, written
 * without building the objects (the listing's hot path).
 */
const char *json_out_event_list(struct arena *a, const struct event *list, size_t count,
                                const char *next, size_t *len);
/* Answer r with 200 and json_out_event_list. */
enum bo_err json_out_event_page(struct req *r, const struct event *list, size_t count,
                                const char *next);
struct json_object *json_out_booking(const struct booking *b);
struct json_object *json_out_booking_log(const struct booking_log *l);
struct json_object *json_out_waitlist_entry(const struct waitlist_entry *w);
/* {"items": [...entries], "next": null} as the answer to r. */
enum bo_err json_out_waitlist_page(struct req *r, const struct waitlist_entry *list, size_t count);

struct webhook_endpoint;
struct notification_pref;
/* An endpoint; its secret only when with_secret (just made or rotated). */
struct json_object *json_out_webhook(const struct webhook_endpoint *w, bool with_secret);
/* {"telegram_linked": ..., "prefs": [{category, channel, enabled}...]} */
struct json_object *json_out_prefs(const struct notification_pref *list, size_t count,
                                   bool telegram_linked);

/* {"items": items, "next": next or null}; takes items. */
struct json_object *json_out_page(struct json_object *items, const char *next);
/* A new empty array, and append (takes item). */
struct json_object *json_out_array(void);
void json_out_push(struct json_object *array, struct json_object *item);
/* {name: value} with one integer member. */
struct json_object *json_out_count(const char *name, int64_t value);
/* A flat object of string members: names[i] -> values[i]. */
struct json_object *json_out_strings(const char *const *names, const char *const *values,
                                     size_t count);
/* {"status": ..., "database": ..., "schema_version": ...} */
struct json_object *json_out_ready(const char *backend, int schema_version);

/* obj as compact JSON text in the arena of c; takes obj. */
const char *json_out_text(struct ctx *c, struct json_object *obj);

/*
 * Answer r with {"items": [...bookings], "next": ...}: next links to the
 * page after this one when the page is full (cursor = the last id).
 */
enum bo_err json_out_booking_page(struct req *r, const struct booking *list, size_t count,
                                  int limit);

/* Answer r with status and obj as application/json; takes obj. */
enum bo_err json_out_reply(struct req *r, int status, struct json_object *obj);

/* The delivery engine (api/notifications.c): in-app notifications and the admin's outbox. */
struct delivery;
struct delivery_attempt;
struct notification;
struct outbox_detail;
struct outbox_row;
struct inbox_page;
struct json_object *json_out_notification(const struct notification *n);
/* {"items": [...], "next": ..., "unread": n} */
struct json_object *json_out_inbox(const struct inbox_page *p, const char *next);
struct json_object *json_out_outbox_row(const struct outbox_row *o);
struct json_object *json_out_outbox_detail(const struct outbox_detail *d);
/* Telegram linking (api/telegram.c). */
struct telegram_link;
struct telegram_status;
struct json_object *json_out_telegram_link(const struct telegram_link *l);
struct json_object *json_out_telegram_status(const struct telegram_status *s);

#endif
