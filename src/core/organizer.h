/* SPDX-License-Identifier: MIT */
/*
 * organizer.h - organizers (seed 002 organizers, team_members, faq_items)
 * and their staff, and the pure rules on them.
 *
 * An organizer is the name events are published under: a company, a club,
 * or one person's own (is_personal, at most one per member; seed 003 lets
 * anyone host a screening). Members are owners (manage the organizer and
 * its staff) or staff (create and change its events, handle bookings).
 * The team and the FAQ are public page content, not accounts.
 */
#ifndef BO_CORE_ORGANIZER_H
#define BO_CORE_ORGANIZER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct ctx;

#define ORGANIZER_MAX_TEAM 50
#define ORGANIZER_MAX_FAQ 50

enum member_role { MEMBER_NONE = 0, MEMBER_OWNER, MEMBER_STAFF };

struct team_member {
    const char *name;
    const char *role; /* what they do: "Host", "Projectionist" */
    const char *photo_url;
    const char *bio;
};

struct faq_item {
    const char *question;
    const char *answer;
};

struct organizer {
    int64_t id;
    const char *slug;
    const char *name;
    const char *logo_url;
    const char *description;
    const char *email; /* seed 002 "contacts" */
    const char *phone;
    const char *website;
    const char *brand_color; /* "#rrggbb" */
    bool is_personal;
    int64_t created_by;
    int64_t created_at;
    int64_t updated_at;
    int version;
    struct team_member *team;
    int team_count;
    struct faq_item *faq;
    int faq_count;
};

struct organizer_member {
    int64_t organizer_id;
    int64_t user_id;
    const char *username; /* read-only, for listings */
    enum member_role role;
    int64_t added_at;
    const char *organizer_name; /* read-only, for "my organizers" */
    const char *organizer_slug;
};

const char *member_role_name(enum member_role r);
enum member_role member_role_parse(const char *s); /* MEMBER_NONE if unknown */

/* Every rule on a new or changed organizer; reports each bad field. */
enum bo_err organizer_check(struct ctx *c, const struct organizer *o);

#endif
