/* SPDX-License-Identifier: MIT */
/*
 * organizers.h - organizers and their staff: the use cases behind
 * /api/v1/organizers and the permission question the event and booking use
 * cases ask ("may this caller act for that organizer?").
 *
 * Anyone signed in creates organizers (and becomes their owner), at most one
 * of them personal. Owners (or an admin) change the organizer and its staff;
 * owners and staff manage its events and their bookings. The last owner
 * cannot leave or be demoted (409): an organizer always has someone in charge.
 */
#ifndef BO_APP_ORGANIZERS_H
#define BO_APP_ORGANIZERS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/organizer.h"

struct ctx;
struct event;

/* The caller's role at the organizer; MEMBER_NONE when not a member (or anonymous). */
enum member_role organizers_role_of(struct ctx *c, int64_t organizer_id);

/* o is filled by the caller; the slug is made from the name when not given. */
enum bo_err organizers_create(struct ctx *c, struct organizer *o);
/* By id, or by slug when id is 0. *my_role (may be NULL) is the caller's role. */
enum bo_err organizers_get(struct ctx *c, int64_t id, const char *slug, struct organizer *out,
                           enum member_role *my_role);
/* Save o (read with organizers_get, then changed). CONFLICT on a stale version. */
enum bo_err organizers_update(struct ctx *c, struct organizer *o);
enum bo_err organizers_list(struct ctx *c, const char *prefix, int64_t after_id, int limit,
                            struct organizer **out, size_t *count);

/* Members of an organizer: for its members and admins only (403 otherwise). */
enum bo_err organizers_staff(struct ctx *c, int64_t organizer_id, struct organizer_member **out,
                             size_t *count);
/* Add a member or change their role (owners and admins). NOT_FOUND for an unknown user. */
enum bo_err organizers_staff_put(struct ctx *c, int64_t organizer_id, int64_t user_id,
                                 enum member_role role, struct organizer_member *out);
/* Remove a member (owners and admins; anyone may leave). */
enum bo_err organizers_staff_remove(struct ctx *c, int64_t organizer_id, int64_t user_id);
/* The caller's memberships. */
enum bo_err organizers_mine(struct ctx *c, struct organizer_member **out, size_t *count);

/* Events the caller may manage, latest first; before_key INT64_MAX: the first page. */
enum bo_err organizers_managed_events(struct ctx *c, int64_t before_key, int64_t before_id,
                                      int limit, struct event **out, size_t *count);

#endif
