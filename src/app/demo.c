/* SPDX-License-Identifier: MIT */
#include "app/demo.h"

#include "app/accounts.h"
#include "app/bookings.h"
#include "app/env.h"
#include "config.h"
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

static const char *const demo_cities[] = {
    "Kyiv", "Lviv", "Odesa", "Kharkiv", "Dnipro", "Moscow", "Saint Petersburg", "Warsaw"};
static const char *const demo_genres[] = {"Music", "Theatre",    "Cinema", "Education",
                                          "Sport", "Technology", "Art",    "Kids"};
/*
 * Load-test catalog words: a title is a head and a topic of one language, so
 * a word of a text query matches a few percent of the catalog, as in a real
 * one, rather than all of it.
 */
static const struct {
    const char *language;
    const char *heads[8];
    const char *topics[8];
} load_words[] = {
    {"en",
     {"Jazz night", "Movie night", "Workshop", "Webinar", "Open lecture", "Book club",
      "Stand-up show", "Masterclass"},
     {"Miles Davis tribute", "Arrival", "startup finance", "product design", "modern art",
      "science fiction", "urban gardening", "photography basics"}},
    {"ru",
     {"Джазовый вечер", "Кино в компании", "Мастер-класс", "Вебинар", "Открытая лекция",
      "Книжный клуб", "Концерт", "Экскурсия"},
     {"Дюна", "камерная музыка", "мебель на заказ", "история города", "основы C",
      "акварель для начинающих", "русский авангард", "здоровый сон"}},
    {"uk",
     {"Джазовий вечір", "Кіно разом", "Майстер-клас", "Вебінар", "Відкрита лекція",
      "Книжковий клуб", "Концерт", "Екскурсія"},
     {"Тіні забутих предків", "камерна музика", "грант для громади", "історія Подолу",
      "англійська для початківців", "українська кераміка", "бджільництво", "цифрова безпека"}},
};
/* Load event i: a pure function of i, so every run builds the same catalog. */
static void
load_event(struct ctx *c, int i, int64_t host, struct event *e)
{
    const unsigned u = (unsigned)i * 2654435761u; /* spreads neighbours apart */
    const size_t lang = u % 3;
    const char *head = load_words[lang].heads[(u >> 4) % 8];
    const char *topic = load_words[lang].topics[(u >> 8) % 8];
    int64_t price = (u >> 12) % 4 == 0 ? 0 : (int64_t)(100 + (u >> 14) % 20 * 25) * 100;

    e->kind = (enum event_kind)(1 + (u >> 16) % 4);
    e->format = (enum event_format)(1 + (u >> 18) % 3);
    e->title = arena_printf(c->arena, "%s: %s", head, topic);
    e->slug = arena_printf(c->arena, "load-%lld-%d", (long long)c->now, i);
    e->city = demo_cities[(u >> 20) % 8];
    e->genre = demo_genres[(u >> 23) % 8];
    e->language = load_words[lang].language;
    e->price_minor = price;
    e->sale_price_minor = price > 0 && (u >> 26) % 5 == 0 ? price * 3 / 4 : 0;
    e->movie_title = e->kind == EVENT_KIND_SCREENING ? topic : NULL;
    e->author_id = host;
}

enum bo_err
demo_load_events(struct ctx *c, int n, int capacity, int64_t *first_id)
{
    struct user host;
    const char *field = NULL;

    enum bo_err err = store_user_find_login(c->store, c->arena, "staff", &host);
    if (err == BO_OK) {
        err = tx_begin(c);
    }
    for (int i = 0; err == BO_OK && i < n; i++) {
        int64_t start = c->now + 86400 + (int64_t)i * 60, id = 0;
        struct event_session s = {.starts_at = start, .ends_at = start + 3600};
        struct event e = {.timezone = "Europe/Kyiv",
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
        load_event(c, i, host.id, &e);
        err = store_event_create(c->store, &e, &id, &field);
        *first_id = i == 0 ? id : *first_id;
    }
    return tx_end(c, err);
}

/* Titles in the three languages of the seeds' users, with the event's language. */
static const struct {
    const char *title;
    const char *language;
    enum event_kind kind;
} demo_titles[] = {
    {"Кино в компании: «Дюна»", "ru", EVENT_KIND_SCREENING},
    {"Кіно разом: «Тіні забутих предків»", "uk", EVENT_KIND_SCREENING},
    {"Movie night: Arrival", "en", EVENT_KIND_SCREENING},
    {"Граматика англійської мови для початківців", "uk", EVENT_KIND_COURSE},
    {"Основы C для инженеров", "ru", EVENT_KIND_COURSE},
    {"Product design sprint", "en", EVENT_KIND_COURSE},
    {"Вебінар: як подати заявку на грант", "uk", EVENT_KIND_WEBINAR},
    {"Вебинар: мебель на заказ для детской", "ru", EVENT_KIND_WEBINAR},
    {"Webinar: booking systems that never oversell", "en", EVENT_KIND_WEBINAR},
    {"Джазовий вечір на Подолі", "uk", EVENT_KIND_EVENT},
    {"Концерт камерной музыки", "ru", EVENT_KIND_EVENT},
    {"Open-air theatre: A Midsummer Night's Dream", "en", EVENT_KIND_EVENT},
};
#define DEMO_TITLES (sizeof(demo_titles) / sizeof(demo_titles[0]))

/* Seed 004's taxonomies, for the courses and webinars. */
static const char *const demo_levels[] = {"Beginner", "Intermediate", "Advanced"};
static const char *const demo_sectors[] = {"Secondary school", "Higher education", "Preschool"};
static const char *const demo_directions[] = {"Languages", "Programming", "Design", "Grants"};

struct demo_refs {
    int64_t orgs[DEMO_ORGANIZERS];
    int64_t speakers[DEMO_SPEAKERS];
};

/* Most events are published by an organizer; every sixth is its author's own. */
static void
demo_taxonomy(int i, const struct demo_refs *refs, struct event *e)
{
    e->organizer_id = i % 6 == 5 ? 0 : refs->orgs[i % DEMO_ORGANIZERS];
    if (e->kind != EVENT_KIND_COURSE && e->kind != EVENT_KIND_WEBINAR) {
        return;
    }
    e->taxonomy.type = e->kind == EVENT_KIND_COURSE ? "Course" : "Webinar";
    e->taxonomy.level = demo_levels[i % 3];
    e->taxonomy.sector = demo_sectors[(i / 3) % 3];
    e->taxonomy.directions[0] = demo_directions[i % 4];
    e->taxonomy.direction_count = 1;
    e->taxonomy.speaker_ids[0] = refs->speakers[i % DEMO_SPEAKERS];
    e->taxonomy.speaker_count = 1;
}

static void
demo_event(struct ctx *c, int i, int64_t author, struct event *e, struct event_session *lessons)
{
    const size_t t = (size_t)i % DEMO_TITLES;
    int64_t start = (c->now / 3600 + 24 + (int64_t)i * 7) * 3600; /* a week of hours apart */
    int count = demo_titles[t].kind == EVENT_KIND_COURSE ? 4 : 1;

    for (int k = 0; k < count; k++) {
        lessons[k] = (struct event_session){.starts_at = start + (int64_t)k * 7 * 86400,
                                            .ends_at = start + (int64_t)k * 7 * 86400 + 5400};
    }
    *e = (struct event){
        .author_id = author,
        .kind = demo_titles[t].kind,
        .title = arena_printf(c->arena, "%s #%d", demo_titles[t].title, i + 1),
        .slug = arena_printf(c->arena, "demo-%d", i),
        .description = "Demo event: a place to try booking, approval and cancellation.",
        .timezone = "Europe/Kyiv",
        .location = "Main hall",
        .city = demo_cities[i % 8],
        .genre = demo_genres[(i / 8) % 8],
        .language = demo_titles[t].language,
        .format = i % 5 == 0 ? FORMAT_ONLINE : (i % 7 == 0 ? FORMAT_MIXED : FORMAT_OFFLINE),
        .price_minor = i % 3 == 0 ? 0 : (int64_t)(150 + (i % 10) * 50) * 100,
        .currency = "UAH",
        .capacity = 10 + i % 90,
        .max_per_booking = 4,
        .visibility = VISIBILITY_PUBLIC,
        .approval = demo_titles[t].kind == EVENT_KIND_SCREENING ? APPROVAL_MANUAL : APPROVAL_AUTO,
        .status = i % 50 == 49 ? EVENT_DRAFT : EVENT_PUBLISHED,
        .movie_title = demo_titles[t].kind == EVENT_KIND_SCREENING ? "Dune" : NULL,
        .movie_duration_min = demo_titles[t].kind == EVENT_KIND_SCREENING ? 155 : 0,
        .sessions = lessons,
        .session_count = count};
    if (i % 4 == 1) {
        e->description = "<p>Demo event: a place to try <b>booking</b>, <em>approval</em> and "
                         "cancellation.</p><ul><li>Bring a friend</li><li>Come on time</li></ul>";
    }
}

/* As another user: the ctx's actor, for the use cases that check it. */
static void
act_as(struct ctx *c, int64_t user_id, enum role role)
{
    c->actor =
        (struct actor){.user_id = user_id, .role = role, .via = AUTH_SESSION, .scopes = SCOPE_ALL};
    ctx_clear_error(c);
}

static int64_t
demo_user(struct ctx *c, const char *name)
{
    struct user u;

    return store_user_find_login(c->store, c->arena, name, &u) == BO_OK ? u.id : 0;
}

/* Guests of event `id` end up in `state`; a pure function of the event number. */
static void
demo_bookings(struct ctx *c, int i, int64_t event_id, int64_t host)
{
    static const enum booking_action then[] = {
        0, BOOKING_APPROVE, BOOKING_REJECT, BOOKING_CANCEL, BOOKING_PAY, BOOKING_CHECK_IN};
    static const char *const guests[] = {"anna", "taras", "emma"};
    struct booking b, after;

    for (int g = 0; g < 3; g++) {
        int64_t guest = demo_user(c, guests[g]);
        act_as(c, guest, ROLE_MEMBER);
        if (bookings_create(c, event_id, 1, NULL, &b) != BO_OK) {
            continue;
        }
        enum booking_action next = then[(size_t)(i + g) % 6];
        bool host_acts = next != BOOKING_CANCEL;
        act_as(c, host_acts ? host : guest, host_acts ? ROLE_STAFF : ROLE_MEMBER);
        if (next != 0) {
            bookings_act(c, b.id, next, &after);
        }
    }
}

/* Holds taken "an hour ago" (the clock is the ctx's), then expired the real way. */
static void
demo_expired_holds(struct ctx *c)
{
    int64_t now = c->now, guest = demo_user(c, "emma");
    struct booking b;
    int expired = 0;

    c->now = now - c->env->cfg->hold_ttl - 3600;
    for (int64_t slug = 60; slug < 90; slug++) {
        struct event e;
        const char *key = arena_printf(c->arena, "demo-%lld", (long long)slug);
        if (store_event_get_by_slug(c->store, c->arena, key, &e) == BO_OK && event_is_paid(&e) &&
            e.approval == APPROVAL_AUTO) {
            act_as(c, guest, ROLE_MEMBER);
            bookings_create(c, e.id, 1, NULL, &b);
        }
    }
    c->now = now;
    bookings_expire_due(c, 100, &expired);
}

/* Seed 003: a member hosts screenings at home under her personal organizer. */
static void
demo_sofa_cinema(struct ctx *c, int count)
{
    struct event e;
    struct event_session lessons[4];
    int64_t anna = demo_user(c, "anna"), org = 0;

    act_as(c, anna, ROLE_MEMBER);
    if (demo_personal_organizer(c, &org) != BO_OK) {
        return;
    }
    for (int k = 0; k < 3; k++) {
        demo_event(c, count + k * 12, anna, &e, lessons); /* a screening title */
        e.slug = arena_printf(c->arena, "demo-sofa-%d", k);
        e.organizer_id = org;
        e.capacity = 4;
        e.location = "Anna's living room";
        e.approval = APPROVAL_MANUAL;
        e.status = EVENT_PUBLISHED;
        events_create(c, &e);
    }
}

enum bo_err
demo_catalog(struct ctx *c, int count, int *events)
{
    struct event existing, e;
    struct event_session lessons[4];
    int64_t host = demo_user(c, "staff");
    struct actor saved = c->actor;

    *events = 0;
    if (count == 0 || !host ||
        store_event_get_by_slug(c->store, c->arena, "demo-0", &existing) == BO_OK) {
        return BO_OK;
    }
    struct demo_refs refs;
    act_as(c, demo_user(c, "admin"), ROLE_ADMIN);
    if (demo_organizers(c, host, refs.orgs, refs.speakers) != BO_OK) {
        return c->err;
    }
    for (int i = 0; i < count; i++) {
        act_as(c, host, ROLE_STAFF);
        demo_event(c, i, host, &e, lessons);
        demo_taxonomy(i, &refs, &e);
        if (events_create(c, &e) != BO_OK) {
            return c->err;
        }
        (*events)++;
        if (i < 60) {
            demo_bookings(c, i, e.id, host);
        }
    }
    demo_expired_holds(c);
    demo_sofa_cinema(c, count);
    c->actor = saved;
    ctx_clear_error(c);
    return BO_OK;
}
