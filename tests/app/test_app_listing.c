/* SPDX-License-Identifier: MIT */
/*
 * test_app_listing.c - the listing index (app/catalog_index.c, core/listing.c)
 * against the store's listing statement, on either backend
 * (BOXOFFICE_TEST_STORE): many random queries (every filter, alone and
 * together, each sort, text terms, cursors from the pages before) must give
 * the same ids in the same order both ways. And the index must not answer
 * once the catalog has moved past it.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "app/catalog_index.h"
#include "core/ctx.h"
#include "core/event.h"
#include "core/search.h"
#include "lib/arena.h"
#include "lib/appenv.h"
#include "lib/testdb.h"
#include "store/store.h"

#define T0 2000000000
#define EVENTS 400
#define QUERIES 700

static const char *const cities[] = {"Kyiv", "Lviv", "Odesa", "Warsaw"};
static const char *const genres[] = {"Music", "Theatre", "Cinema"};
static const char *const words[] = {"jazz",  "night", "movie", "garden", "lecture",
                                    "photo", "club",  "art",   "design", "startup"};
static const int64_t prices[] = {0, 0, 500, 1000, 1000, 2500, 5000, 20000};

static uint64_t seed = 88172645463325252u;
static struct catalog_index *index_;

/* xorshift64: the same sequence on every run, so a failure can be replayed. */
static unsigned
pick(unsigned n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (unsigned)(seed % n);
}

static void
tune(struct config *cfg)
{
    cfg->search_index = false; /* this test builds its own, synchronously */
    cfg->search_cache_mb = 0;
}

static void
setup(void)
{
    appenv_open(tune);
    index_ = catalog_index_create(NULL);
}

static void
teardown(void)
{
    catalog_index_destroy(index_);
    appenv_close();
}

TestSuite(app_listing, .init = setup, .fini = teardown, .timeout = 240);

/* A title of two or three words of the list (so terms match a spread of events). */
static const char *
random_title(struct arena *a)
{
    const char *t = words[pick(10)];

    for (unsigned n = 1 + pick(2); n > 0; n--) {
        t = arena_printf(a, "%s %s", t, words[pick(10)]);
    }
    return t;
}

static void
random_listing_fields(struct arena *a, struct event *e)
{
    static const enum event_status statuses[] = {EVENT_PUBLISHED, EVENT_PUBLISHED, EVENT_PUBLISHED,
                                                 EVENT_PUBLISHED, EVENT_PUBLISHED, EVENT_DRAFT,
                                                 EVENT_CANCELLED};

    e->kind = (enum event_kind)(1 + pick(4));
    e->format = (enum event_format)(1 + pick(3));
    e->city = pick(6) < 4 ? cities[pick(4)] : NULL;
    e->genre = pick(5) < 3 ? genres[pick(3)] : NULL;
    e->organizer_id = pick(3) == 0 ? 0 : 1 + pick(3);
    e->price_minor = prices[pick(8)];
    e->sale_price_minor = e->price_minor > 0 && pick(4) == 0 ? e->price_minor / 2 : 0;
    e->status = statuses[pick(7)];
    e->visibility = pick(10) == 0 ? VISIBILITY_PRIVATE : VISIBILITY_PUBLIC;
    e->hidden = pick(12) == 0;
    e->title = random_title(a);
    e->description = pick(2) ? random_title(a) : NULL;
}

/* Events with starts that often tie (three authors), and random filters' values. */
static void
make_catalog(const int64_t authors[3])
{
    struct ctx c = appenv_as(0, T0);

    cr_assert_eq(store_begin(c.store), BO_OK);
    for (int i = 0; i < EVENTS; i++) {
        int64_t start = T0 + 3600 * (i / 3);
        struct event_session s = {.starts_at = start, .ends_at = start + 1800};
        struct event e = {.author_id = authors[i % 3],
                          .slug = arena_printf(c.arena, "ev-%d", i),
                          .timezone = "Europe/Kyiv",
                          .currency = "UAH",
                          .capacity = 20,
                          .available = 20,
                          .max_per_booking = 5,
                          .approval = APPROVAL_AUTO,
                          .starts_at = start,
                          .ends_at = start + 1800,
                          .sessions = &s,
                          .session_count = 1};
        int64_t id = 0;
        const char *field = NULL;
        random_listing_fields(c.arena, &e);
        cr_assert_eq(store_event_create(c.store, &e, &id, &field), BO_OK, "event %d", i);
        int taken = (int)pick(20);
        if (taken > 0) {
            cr_assert_eq(store_event_take_seats(c.store, id, taken), BO_OK);
        }
    }
    int moved = 0;
    cr_assert_eq(store_event_refresh_popularity(c.store, &moved), BO_OK);
    cr_assert_eq(store_commit(c.store), BO_OK);
    appenv_done(&c);
}

static void
random_text(struct arena *a, struct event_query *q)
{
    const char **terms = arena_alloc(a, sizeof(*terms) * SEARCH_MAX_TERMS);
    const char *text = "";

    for (unsigned n = pick(4) == 0 ? 1 + pick(2) : 0; n > 0; n--) {
        const char *w = pick(12) == 0 ? "zzz" : words[pick(10)];
        size_t len = strlen(w) - pick((unsigned)strlen(w)); /* a prefix, at least one letter */
        text = arena_printf(a, "%s %.*s", text, (int)len, w);
    }
    q->term_count = search_terms(a, text, terms);
    q->terms = terms;
}

static void
random_ranges(struct event_query *q)
{
    static const int64_t bounds[] = {-1, 0, 500, 999, 1000, 2500, 5000, 20000};
    int64_t span = 3600 * (EVENTS / 3);

    if (pick(4) == 0) {
        q->from = T0 + (int64_t)pick((unsigned)span) / 3600 * 3600 + (pick(2) ? 0 : 1);
    }
    if (pick(4) == 0) {
        q->to = T0 + (int64_t)pick((unsigned)span) / 3600 * 3600;
    }
    if (pick(3) == 0) {
        q->price_min = bounds[pick(8)];
    }
    if (pick(3) == 0) {
        q->price_max = bounds[pick(8)];
    }
}

static struct event_query
random_query(struct arena *a)
{
    struct event_query q = {.after_key = INT64_MIN, .price_min = -1, .price_max = -1};

    q.sort = (enum event_sort)pick(3);
    q.limit = 1 + (int)pick(25);
    q.city = pick(3) == 0 ? (pick(8) == 0 ? "Nowhere" : cities[pick(4)]) : NULL;
    q.genre = pick(3) == 0 ? genres[pick(3)] : NULL;
    q.kind = pick(3) == 0 ? 1 + (int)pick(4) : 0;
    q.format = pick(3) == 0 ? 1 + (int)pick(3) : 0;
    q.organizer_id = pick(5) == 0 ? 1 + pick(4) : 0;
    random_ranges(&q);
    random_text(a, &q);
    event_query_seek(&q);
    return q;
}

static bool
same_text(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* What a listing shows must be equal too, however the index got it (read, or kept). */
static void
same_listing_fields(const struct event *got, const struct event *want)
{
    cr_assert_eq(got->available, want->available);
    cr_assert_eq(got->starts_at, want->starts_at);
    cr_assert_eq(got->price_minor, want->price_minor);
    cr_assert_eq(got->sale_price_minor, want->sale_price_minor);
    cr_assert_eq(got->popularity, want->popularity);
    cr_assert_eq(got->kind, want->kind);
    cr_assert_eq(got->format, want->format);
    cr_assert_eq(got->organizer_id, want->organizer_id);
    cr_assert(same_text(got->title, want->title) && same_text(got->slug, want->slug));
    cr_assert(same_text(got->city, want->city) && same_text(got->genre, want->genre));
}

/* Both ways must agree; returns the page's length (for the next cursor, in *last). */
static size_t
compare_page(const struct event_query *q, int n, struct event *last)
{
    struct ctx c = appenv_as(0, T0);
    struct event *want = NULL, *got = NULL;
    size_t want_n = 0, got_n = 0;
    bool answered = false;
    int64_t generation = 0;

    cr_assert_eq(store_event_list(c.store, c.arena, q, &want, &want_n), BO_OK);
    cr_assert_eq(catalog_index_search(index_, &c, q, &got, &got_n, &answered, &generation), BO_OK);
    cr_assert(answered, "query %d: the index is current and must answer", n);
    cr_assert_eq(got_n, want_n, "query %d (sort %d, limit %d): %zu events, SQL %zu", n, q->sort,
                 q->limit, got_n, want_n);
    for (size_t i = 0; i < want_n; i++) {
        cr_assert_eq(got[i].id, want[i].id, "query %d, place %zu: %lld, SQL %lld", n, i,
                     (long long)got[i].id, (long long)want[i].id);
        same_listing_fields(&got[i], &want[i]);
    }
    if (want_n > 0) {
        *last = want[want_n - 1];
    }
    appenv_done(&c);
    return want_n;
}

Test(app_listing, random_queries_and_their_next_pages_match_sql)
{
    int64_t authors[3] = {appenv_user("author1", T0), appenv_user("author2", T0),
                          appenv_user("author3", T0)};
    struct arena *a = arena_create(64 * 1024);
    size_t nonempty = 0;

    make_catalog(authors);
    struct ctx c = appenv_as(0, T0);
    cr_assert_eq(catalog_index_refresh(index_, c.store), BO_OK);
    appenv_done(&c);
    for (int n = 0; n < QUERIES; n++) {
        struct event_query q = random_query(a);
        struct event last;
        size_t got = compare_page(&q, n, &last);
        nonempty += got > 0;
        /* Follow `next` as the API builds it, for up to three more pages. */
        for (int page = 0; page < 3 && got == (size_t)q.limit; page++) {
            q.after_key = event_sort_key(&last, q.sort);
            q.after_id = last.id;
            got = compare_page(&q, n, &last);
        }
    }
    cr_assert_gt(nonempty, QUERIES / 3, "the queries must find events often: %zu", nonempty);
    arena_destroy(a);
}

Test(app_listing, the_index_does_not_answer_once_the_catalog_moved)
{
    int64_t authors[3] = {appenv_user("author1", T0), appenv_user("author2", T0),
                          appenv_user("author3", T0)};
    struct event_query q = {.after_key = INT64_MIN, .price_min = -1, .price_max = -1, .limit = 5};
    struct event *list = NULL;
    size_t n = 0;
    bool answered = false;
    int64_t generation = 0;

    make_catalog(authors);
    struct ctx c = appenv_as(0, T0);
    cr_assert_eq(catalog_index_refresh(index_, c.store), BO_OK);
    cr_assert_eq(catalog_index_search(index_, &c, &q, &list, &n, &answered, &generation), BO_OK);
    cr_assert(answered);
    struct event e;
    cr_assert_eq(store_event_get(c.store, c.arena, list[0].id, &e), BO_OK);
    e.title = "Renamed";
    const char *field = NULL;
    cr_assert_eq(store_begin(c.store), BO_OK);
    cr_assert_eq(store_event_update(c.store, &e, &field), BO_OK);
    cr_assert_eq(store_commit(c.store), BO_OK);

    cr_assert_eq(catalog_index_search(index_, &c, &q, &list, &n, &answered, &generation), BO_OK);
    cr_assert_not(answered, "the catalog moved: SQL must answer");
    cr_assert_eq(catalog_index_refresh(index_, c.store), BO_OK);
    cr_assert_eq(catalog_index_search(index_, &c, &q, &list, &n, &answered, &generation), BO_OK);
    cr_assert(answered);
    cr_assert_str_eq(list[0].title, "Renamed");
    appenv_done(&c);
}
