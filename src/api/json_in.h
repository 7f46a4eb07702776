/* SPDX-License-Identifier: MIT */
/*
 * json_in.h - request bodies into domain structs: one of the two places
 * that touch the JSON library.
 *
 * Parsers are strict: the body must be one JSON object of valid UTF-8;
 * every member must be known, of the right type and within bounds; every
 * offending field is reported (ctx_fail). Malformed JSON is
 * BO_ERR_MALFORMED (400), a bad field BO_ERR_INVALID (422). Strings point
 * into the parsed document, which lives until the arena is reset.
 */
#ifndef BO_API_JSON_IN_H
#define BO_API_JSON_IN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/organizer.h"
#include "lib/str.h"

struct ctx;
struct event;
struct profile_patch;
struct registration;
struct reset_request;
struct token_request;
struct user_patch;

struct login_body {
    const char *login;
    const char *password;
    bool cookies; /* a web UI session: tokens in HttpOnly cookies, not in the body */
};

struct refresh_body {
    const char *refresh_token;
};

struct password_body {
    const char *current_password;
    const char *new_password;
};

enum bo_err json_in_registration(struct ctx *c, struct str body, struct registration *out);
enum bo_err json_in_login(struct ctx *c, struct str body, struct login_body *out);
enum bo_err json_in_refresh(struct ctx *c, struct str body, struct refresh_body *out);
enum bo_err json_in_reset(struct ctx *c, struct str body, struct reset_request *out);
enum bo_err json_in_password(struct ctx *c, struct str body, struct password_body *out);
enum bo_err json_in_profile_patch(struct ctx *c, struct str body, struct profile_patch *out);
enum bo_err json_in_token_request(struct ctx *c, struct str body, struct token_request *out);
enum bo_err json_in_user_patch(struct ctx *c, struct str body, struct user_patch *out);
/*
 * An event. patch: only the members sent overwrite *inout (read the event
 * first); otherwise *inout is cleared and kind, title, capacity and
 * sessions are required.
 */
enum bo_err json_in_event(struct ctx *c, struct str body, struct event *inout, bool patch);
/*
 * An organizer, like an event: patch overwrites only what was sent. The
 * creator's flag "personal" and the "version" the client read (0: not sent)
 * come out beside it.
 */
struct organizer_body {
    struct organizer o;
    bool personal;
    int version;
};
enum bo_err json_in_organizer(struct ctx *c, struct str body, struct organizer_body *inout,
                              bool patch);
struct speaker;
/* A new speaker (seed 004 EventSpeaker); full_name is required. */
enum bo_err json_in_speaker(struct ctx *c, struct str body, struct speaker *out);
/* {"role": "owner" | "staff"} */
enum bo_err json_in_member_role(struct ctx *c, struct str body, enum member_role *out);
/* {"seats": n} or an empty body (one seat). */
enum bo_err json_in_seats(struct ctx *c, struct str body, int *seats);

/* An empty body, or an empty object: for POSTs that take no input. */
enum bo_err json_in_empty(struct ctx *c, struct str body);

/* Query helpers: limit in [1, 100] (default 50), cursor as a positive id. */
enum bo_err json_in_limit(struct ctx *c, const char *s, int *out);
enum bo_err json_in_cursor(struct ctx *c, const char *s, int64_t *out);
/*
 * A key that names a thing by id or by slug ("42" or "kino-club"): the id
 * when it is a positive decimal integer, 0 when it is a slug. The use cases
 * take (id, slug) and read by slug when the id is 0.
 */
int64_t json_in_id_or_slug(const char *key);
/* A path id: a positive decimal integer; NOT_FOUND otherwise. */
enum bo_err json_in_path_id(struct ctx *c, const char *s, int64_t *out);

/* --- webhook endpoints and notification preferences (issue 4) --- */
struct webhook_change;
struct notification_pref;
/* {url?, event_types?, enabled?}: which members came is in out->*_sent. */
enum bo_err json_in_webhook(struct ctx *c, struct str body, struct webhook_change *out);

struct prefs_body {
    struct notification_pref *items; /* in the arena */
    size_t count;
};
/* {"prefs": [{category, channel, enabled}, ...]}: shapes only; names are app/prefs.c's. */
enum bo_err json_in_prefs(struct ctx *c, struct str body, struct prefs_body *out);

#endif
