/* SPDX-License-Identifier: MIT */
#include "app/demo.h"

#include "app/accounts.h"
#include "app/password.h"
#include "app/tx.h"
#include "core/auth.h"
#include "core/event.h"
#include "lib/arena.h"
#include "lib/token.h"
#include "core/ctx.h"
#include "store/store.h"

const struct demo_account demo_accounts[] = {
    {"admin", "admin@boxoffice.test", ROLE_ADMIN, "en", "Ada", "Admin"},
    {"staff", "staff@boxoffice.test", ROLE_STAFF, "ru", "Сергей", "Организаторов"},
    {"anna", "anna@boxoffice.test", ROLE_MEMBER, "ru", "Анна", "Иванова"},
    {"taras", "taras@boxoffice.test", ROLE_MEMBER, "uk", "Тарас", "Шевчук"},
    {"emma", "emma@boxoffice.test", ROLE_MEMBER, "en", "Emma", "Brown"},
};
const size_t demo_account_count = sizeof(demo_accounts) / sizeof(demo_accounts[0]);

static enum bo_err
seed_one(struct ctx *c, const struct demo_account *d, int *created)
{
    struct user existing;
    struct me me;
    struct registration reg = {.username = d->username,
                               .email = d->email,
                               .password = DEMO_PASSWORD,
                               .first_name = d->first_name,
                               .last_name = d->last_name,
                               .language = d->language,
                               .consent_personal_data = true};

    enum bo_err err = store_user_find_login(c->store, c->arena, d->username, &existing);
    if (err == BO_OK) {
        return BO_OK;
    }
    err = accounts_register(c, &reg, &me);
    if (err) {
        return err;
    }
    (*created)++;
    if (d->role == ROLE_MEMBER) {
        return BO_OK;
    }
    return store_user_set_role(c->store, me.user.id, d->role);
}

enum bo_err
demo_seed(struct ctx *c, int *created)
{
    *created = 0;
    for (size_t i = 0; i < demo_account_count; i++) {
        enum bo_err err = seed_one(c, &demo_accounts[i], created);
        if (err) {
            return err;
        }
    }
    return BO_OK;
}

static enum bo_err
load_one(struct ctx *c, const char *run, int i, const char *hash, const char **token,
         int64_t *user_id)
{
    const char *field = NULL;
    char *hashed = arena_alloc(c->arena, TOKEN_HASH_LEN + 1);
    struct user u = {.username = arena_printf(c->arena, "load-%s-%d", run, i),
                     .email = arena_printf(c->arena, "load-%s-%d@boxoffice.test", run, i),
                     .password_hash = hash,
                     .role = ROLE_MEMBER,
                     .is_active = true,
                     .created_at = c->now,
                     .password_changed_at = c->now};
    struct profile p = {.has_children = TRI_UNSET,
                        .plans_renovation = TRI_UNSET,
                        .consent_at = c->now,
                        .language = "en"};

    enum bo_err err = store_user_create(c->store, &u, &p, user_id, &field);
    if (err) {
        return err;
    }
    *token = token_new(c->arena, "bo_pat_");
    token_hash(*token, hashed);
    struct api_token t = {.user_id = *user_id,
                          .name = "load test",
                          .prefix = arena_strndup(c->arena, *token, 12),
                          .token_hash = hashed,
                          .scopes = SCOPE_BOOKINGS_READ | SCOPE_BOOKINGS_WRITE | SCOPE_EVENTS_READ |
                                    SCOPE_PROFILE_READ,
                          .created_at = c->now};
    int64_t token_id = 0;
    return store_token_create(c->store, &t, &token_id);
}

enum bo_err
demo_load_users(struct ctx *c, int n, const char ***tokens, int64_t **user_ids)
{
    char *hash = arena_alloc(c->arena, PASSWORD_HASH_MAX);
    uint8_t raw[3];

    token_random(raw, sizeof(raw));
    const char *run = token_hex(c->arena, raw, sizeof(raw));
    *tokens = arena_alloc(c->arena, sizeof(**tokens) * (size_t)n);
    *user_ids = arena_alloc(c->arena, sizeof(**user_ids) * (size_t)n);
    enum bo_err err = password_hash(c->env, DEMO_PASSWORD, hash);
    if (err == BO_OK) {
        err = tx_begin(c);
    }
    for (int i = 0; err == BO_OK && i < n; i++) {
        err = load_one(c, run, i, hash, &(*tokens)[i], &(*user_ids)[i]);
    }
    return tx_end(c, err);
}

enum bo_err
demo_load_events(struct ctx *c, int n, int capacity, int64_t *first_id)
{
    static const char *const cities[] = {"Kyiv", "Lviv", "Odesa", "Moscow", "Warsaw"};
    struct user host;
    const char *field = NULL;

    enum bo_err err = store_user_find_login(c->store, c->arena, "staff", &host);
    if (err == BO_OK) {
        err = tx_begin(c);
    }
    for (int i = 0; err == BO_OK && i < n; i++) {
        int64_t start = c->now + 86400 + (int64_t)i * 60, id = 0;
        struct event_session s = {.starts_at = start, .ends_at = start + 3600};
        struct event e = {.author_id = host.id,
                          .kind = EVENT_KIND_EVENT,
                          .format = FORMAT_OFFLINE,
                          .title = arena_printf(c->arena, "Load event %d", i),
                          .slug = arena_printf(c->arena, "load-%lld-%d", (long long)c->now, i),
                          .timezone = "Europe/Kyiv",
                          .city = cities[i % 5],
                          .currency = "UAH",
                          .capacity = capacity,
                          .available = capacity,
                          .max_per_booking = 1,
                          .visibility = VISIBILITY_PUBLIC,
                          .approval = APPROVAL_AUTO,
                          .status = EVENT_PUBLISHED,
                          .starts_at = start,
                          .ends_at = start + 3600,
                          .created_at = c->now,
                          .updated_at = c->now,
                          .version = 1,
                          .sessions = &s,
                          .session_count = 1};
        err = store_event_create(c->store, &e, &id, &field);
        *first_id = i == 0 ? id : *first_id;
    }
    return tx_end(c, err);
}
