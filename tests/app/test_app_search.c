/* SPDX-License-Identifier: MIT */
/*
 * test_app_search.c - catalog search on either backend (BOXOFFICE_TEST_STORE):
 * how words match (store_event_list), and that neither the listing cache
 * nor the listing index ever serves a page the catalog has moved past
 * (events_list with both on; the index rebuilds in the background).
 * Cyrillic titles are in lower case: PostgreSQL folds case by the database's
 * locale, and the test cluster's is C (docs/booking.md).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "app/bookings.h"
#include "core/ctx.h"
#include "core/search.h"
#include "lib/arena.h"
#include "lib/appenv.h"
#include "lib/testdb.h"
#include "store/store.h"

#define T0 2000000000

static int64_t host_id, guest_id;
static struct arena *keep; /* what a test reads back outlives the ctx it read it with */

static void
tune(struct config *cfg)
{
    cfg->search_cache_mb = 1;
}

static void
setup(void)
{
    appenv_open(tune);
    app_env_start_catalog_index(&test_env); /* pages come from it whenever it is current */
    host_id = appenv_user("host", T0);
    guest_id = appenv_user("guest", T0);
    keep = arena_create(4096);
}

static void
teardown(void)
{
    appenv_close();
    arena_destroy(keep);
}

TestSuite(app_search, .init = setup, .fini = teardown, .timeout = 60);

static int64_t
event_with(const char *title, const char *description)
{
    static int made; /* one author may not start two events at one time */
    int64_t start = T0 + 86400 + 3600 * made++;
    struct event e = {.title = title, .description = description, .capacity = 10};

    return appenv_publish(host_id, T0, e, start, start + 1800);
}

static struct event_query
query(struct arena *a, const char *text)
{
    const char **terms = arena_alloc(a, sizeof(*terms) * SEARCH_MAX_TERMS);
    struct event_query q = {.after_key = INT64_MIN, .price_min = -1, .price_max = -1, .limit = 20};

    q.term_count = search_terms(a, text, terms);
    q.terms = terms;
    return q;
}

/* How many events the store finds for text (the cache is not asked). */
static size_t
found(const char *text)
{
    struct ctx c = appenv_as(0, T0);
    struct event_query q = query(c.arena, text);
    struct event *list = NULL;
    size_t n = 0;

    cr_assert_eq(store_event_list(c.store, c.arena, &q, &list, &n), BO_OK, "q=%s", text);
    appenv_done(&c);
    return n;
}

Test(app_search, every_word_matches_as_a_prefix_in_any_case)
{
    event_with("Jazz night on Podil", NULL);
    event_with("вечір: джазовий, камерна музика", NULL); /* lower case: see below */
    event_with("Концерт камерной музыки", NULL);

    cr_assert_eq(found("jazz"), 1);
    cr_assert_eq(found("JA"), 1);
    cr_assert_eq(found("j"), 1);
    cr_assert_eq(found("jazz podil"), 1, "several words, all required");
    cr_assert_eq(found("jazz kyiv"), 0);
    cr_assert_eq(found("камерн"), 2, "a Cyrillic prefix of two different words");
    cr_assert_eq(found("камерна музика"), 1);
    cr_assert_eq(found("джазовий"), 1);
    cr_assert_eq(found("джазовийвечір"), 0);
    cr_assert_eq(found("zzz"), 0);
}

Test(app_search, punctuation_inside_a_word_never_breaks_the_query)
{
    event_with("Rock'n'roll: «дюна» — part 2", NULL);

    /* PostgreSQL's parser splits non-ASCII text by the cluster's locale; the test one is C. */
    size_t unicode = strcmp(testdb_backend(), "sqlite") == 0 ? 1 : found("«дюна»");

    cr_assert_eq(found("rock'n'roll"), 1);
    cr_assert_eq(found("rock\xE2\x80\x99n\xE2\x80\x99roll"), 1, "a typographic apostrophe");
    cr_assert_eq(found("«дюна»"), unicode);
    cr_assert_eq(found("дюна—part"), unicode, "an em dash");
    cr_assert_eq(found("\"rock\" OR *roll* NEAR(x)"), 0, "operators are words here");
    cr_assert_eq(found("rock.n.roll 2"), 1);
}

Test(app_search, descriptions_match_by_their_words_not_their_markup)
{
    event_with("Evening", "<p>An <strong>open</strong> rehearsal, <a "
                          "href=\"https://example.org/programme\">see</a> &amp; listen</p>");

    cr_assert_eq(found("rehearsal"), 1);
    cr_assert_eq(found("open rehearsal listen"), 1);
    cr_assert_eq(found("strong"), 0, "a tag name");
    cr_assert_eq(found("href"), 0, "an attribute");
    cr_assert_eq(found("nofollow"), 0, "the sanitizer's own attribute values");
    cr_assert_eq(found("programme"), 0, "a link's address");
    cr_assert_eq(found("amp"), 0, "an entity");
}

/* The first page of text through the use case (and the cache); *available of the first. */
static size_t
listed(const char *text, const char **first_title, int *first_available)
{
    struct ctx c = appenv_as(0, T0);
    struct event_query q = query(c.arena, text);
    struct event *list = NULL;
    size_t n = 0;

    cr_assert_eq(events_list(&c, &q, &list, &n), BO_OK);
    *first_title = n > 0 ? arena_strdup(keep, list[0].title) : NULL;
    *first_available = n > 0 ? list[0].available : -1;
    appenv_done(&c);
    return n;
}

static void
change(int64_t id, const char *title, enum event_status status)
{
    struct ctx c = appenv_as(host_id, T0);
    struct event e;

    cr_assert_eq(events_get(&c, id, NULL, &e), BO_OK);
    e.title = title;
    e.status = status;
    cr_assert_eq(events_update(&c, &e), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
}

Test(app_search, the_next_search_after_a_change_sees_it)
{
    const char *title = NULL;
    int available = 0;
    int64_t id = event_with("Quartet", NULL);
    struct booking b;

    cr_assert_eq(listed("quartet", &title, &available), 1);
    cr_assert_eq(listed("quartet", &title, &available), 1, "served again, from the cache");
    change(id, "Quartet in D", EVENT_PUBLISHED);
    cr_assert_eq(listed("quartet", &title, &available), 1);
    cr_assert_str_eq(title, "Quartet in D", "an edit");

    struct ctx c = appenv_as(guest_id, T0);
    cr_assert_eq(bookings_create(&c, id, 1, NULL, &b), BO_OK, "%s", c.err_detail);
    appenv_done(&c);
    cr_assert_eq(listed("quartet", &title, &available), 1);
    cr_assert_eq(available, 9, "seats are read live");

    event_with("Quartet two", NULL);
    cr_assert_eq(listed("quartet", &title, &available), 2, "a new event");
    change(id, "Quartet in D", EVENT_CANCELLED);
    cr_assert_eq(listed("quartet", &title, &available), 1, "a cancelled event");
    cr_assert_str_eq(title, "Quartet two");
}

Test(app_search, an_empty_page_is_not_kept_past_a_new_event)
{
    const char *title = NULL;
    int available = 0;

    cr_assert_eq(listed("sonata", &title, &available), 0);
    cr_assert_eq(listed("sonata", &title, &available), 0);
    event_with("Sonata evening", NULL);
    cr_assert_eq(listed("sonata", &title, &available), 1);
}
