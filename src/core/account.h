/* SPDX-License-Identifier: MIT */
/*
 * account.h - users, profiles, roles and scopes, and the rules on them.
 *
 * Pure: validators report through ctx_fail() and touch nothing else.
 * Strings in these structs are borrowed (usually from the request arena).
 * Times are seconds since the epoch; 0 means "never" / "not set".
 */
#ifndef BO_CORE_ACCOUNT_H
#define BO_CORE_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct ctx;

enum role { ROLE_MEMBER = 1, ROLE_STAFF = 2, ROLE_ADMIN = 3 };

struct actor;
/* An admin acting as one: by session, or by an API token with the admin scope. */
bool actor_is_admin(const struct actor *a);

/* Seed 001: when the renovation starts. */
enum renovation_when {
    RENOVATION_UNSET = 0,
    RENOVATION_STARTED,
    RENOVATION_SOON,
    RENOVATION_HALF_YEAR,
    RENOVATION_YEAR,
};

/* Seed 001: rooms under renovation, as bits. */
enum room {
    ROOM_KITCHEN = 1u << 0,
    ROOM_HALLWAY = 1u << 1,
    ROOM_ENTRANCE = 1u << 2,
    ROOM_BATHROOM = 1u << 3,
    ROOM_NURSERY = 1u << 4,
    ROOM_BEDROOM = 1u << 5,
    ROOM_LIVING_ROOM = 1u << 6,
    ROOM_DINING_ROOM = 1u << 7,
    ROOM_STUDY = 1u << 8,
};
#define ROOM_COUNT 9

/* What a personal API token may do. A signed-in session may do all. */
enum scope {
    SCOPE_PROFILE_READ = 1u << 0,
    SCOPE_PROFILE_WRITE = 1u << 1,
    SCOPE_EVENTS_READ = 1u << 2,
    SCOPE_EVENTS_WRITE = 1u << 3,
    SCOPE_BOOKINGS_READ = 1u << 4,
    SCOPE_BOOKINGS_WRITE = 1u << 5,
    SCOPE_ADMIN = 1u << 6,
};
#define SCOPE_COUNT 7
#define SCOPE_ALL ((1u << SCOPE_COUNT) - 1)

/* A yes / no answer the user may not have given yet. */
enum tristate { TRI_UNSET = -1, TRI_NO = 0, TRI_YES = 1 };

struct user {
    int64_t id;
    const char *username;
    const char *email; /* stored lower-case */
    const char *first_name;
    const char *last_name;
    const char *password_hash;
    const char *referral_code;
    enum role role;
    bool is_active;
    int64_t created_at;
    int64_t password_changed_at;
};

struct profile {
    int64_t user_id;
    const char *phone;             /* NULL when unset */
    const char *telegram_username; /* set by Telegram linking only */
    const char *telegram_chat_id;
    bool is_telegram_verified;
    int64_t telegram_verified_at;
    enum tristate has_children;
    enum tristate plans_renovation;
    enum renovation_when renovation_when;
    unsigned renovation_rooms; /* enum room bits */
    bool newsletter;
    int64_t consent_at;   /* consent to personal-data processing; always set */
    const char *language; /* "ru", "uk" or "en" */
};

struct registration {
    const char *username;
    const char *email;
    const char *password;
    const char *first_name;
    const char *last_name;
    const char *phone;
    const char *language;
    bool consent_personal_data;
    bool newsletter;
};

/* What PATCH /me may change; has_* says which fields were sent. */
struct profile_patch {
    bool has_first_name, has_last_name, has_phone, has_has_children;
    bool has_plans_renovation, has_renovation_when, has_renovation_rooms;
    bool has_newsletter, has_language;
    const char *first_name;
    const char *last_name;
    const char *phone; /* NULL clears it */
    enum tristate has_children;
    enum tristate plans_renovation;
    enum renovation_when renovation_when;
    unsigned renovation_rooms;
    bool newsletter;
    const char *language;
};

/* Name tables: NULL / 0 when out of range or unknown. */
const char *role_name(enum role r);
enum role role_parse(const char *s);
const char *renovation_when_name(enum renovation_when w);
enum renovation_when renovation_when_parse(const char *s);
const char *room_name(unsigned room_bit);
unsigned room_parse(const char *s);
const char *scope_name(unsigned scope_bit);
unsigned scope_parse(const char *s);
bool language_is_supported(const char *s);

/* Every rule on a registration; reports each bad field. */
enum bo_err account_check_registration(struct ctx *c, const struct registration *r);
/* Length, and not built from the username or email. */
enum bo_err account_check_password(struct ctx *c, const char *field, const char *password,
                                   const char *username, const char *email);
enum bo_err account_check_patch(struct ctx *c, const struct profile_patch *p);

/* Apply a checked patch to a user and profile in place. */
void account_apply_patch(struct user *u, struct profile *p, const struct profile_patch *patch);

/* Percentage (0-100) of the optional profile fields that are filled. */
int account_profile_completion(const struct user *u, const struct profile *p);

/* Lower-case an ASCII email in place. */
void account_normalize_email(char *email);

#endif
