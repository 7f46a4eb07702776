/* SPDX-License-Identifier: MIT */
#include "app/catalog_index.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "app/catalog_rows.h"
#include "core/ctx.h"
#include "core/event.h"
#include "core/listing.h"
#include "core/search.h"
#include "lib/arena.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "store/store.h"

#define SORTS 3
/* Room for term bitsets per index: about 220 terms at 100,000 events (3 x 12.5 KB each). */
#define TERM_BYTES (8u << 20)
#define TERM_BUCKETS 256
/* Room for kept rows per index: all of 100,000 events (about 250 bytes each). */
#define ROW_BYTES (28u << 20)
/* A failed rebuild is tried again after this long. */
#define RETRY_SECONDS 1

/* One term's matches, as a bitset over each sort's positions. */
struct term {
    struct term *next;
    const char *text;
    const uint64_t *sets[SORTS];
};

/* An index and what it has learnt about terms; freed when the last holder lets go. */
struct snapshot {
    atomic_int refs;
    struct arena *arena; /* the listing and this struct */
    struct listing *listing;
    struct catalog_rows *rows; /* what the listing shows of its events, as they are read */
    int64_t generation;
    pthread_mutex_t lock; /* the terms */
    struct arena *term_arena;
    struct term *terms[TERM_BUCKETS];
    size_t term_bytes;
};

struct catalog_index {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct snapshot *current; /* NULL until the first build */
    int64_t wanted;           /* the newest generation a request has seen */
    bool is_local;            /* built from an in-process store (SQLite) */
    bool stopping, has_thread;
    pthread_t thread;
    char *db_url;
    struct arena *own; /* db_url */
    atomic_uint_fast64_t hits, misses;
    uint64_t rebuilds, build_us;
};

static void
snapshot_release(void *arg)
{
    struct snapshot *snap = arg;

    if (snap == NULL || atomic_fetch_sub(&snap->refs, 1) != 1) {
        return;
    }
    pthread_mutex_destroy(&snap->lock);
    catalog_rows_destroy(snap->rows);
    arena_destroy(snap->term_arena);
    arena_destroy(snap->arena); /* snap itself lives there */
}

/* The current snapshot, held until a is reset; NULL if there is none yet. */
static struct snapshot *
snapshot_take(struct catalog_index *ci, struct arena *a)
{
    pthread_mutex_lock(&ci->lock);
    struct snapshot *snap = ci->current;
    if (snap != NULL) {
        atomic_fetch_add(&snap->refs, 1);
    }
    pthread_mutex_unlock(&ci->lock);
    if (snap != NULL) {
        arena_defer(a, snapshot_release, snap);
    }
    return snap;
}

/* A request saw the database at generation: wake the rebuild if the index is older. */
static void
note_generation(struct catalog_index *ci, int64_t generation)
{
    pthread_mutex_lock(&ci->lock);
    if (generation > ci->wanted) {
        ci->wanted = generation;
        pthread_cond_signal(&ci->wake);
    }
    pthread_mutex_unlock(&ci->lock);
}

enum bo_err
catalog_index_refresh(struct catalog_index *ci, struct store *s)
{
    uint64_t t0 = clock_mono_ns();
    struct arena *a = arena_create(1 << 20);
    struct arena *tmp = arena_create(1 << 20);
    struct listing_source src;

    enum bo_err err = store_catalog_snapshot(s, tmp, &src);
    if (err) {
        arena_destroy(tmp);
        arena_destroy(a);
        return err;
    }
    uint64_t t1 = clock_mono_ns();
    struct snapshot *snap = arena_zalloc(a, sizeof(*snap));
    atomic_init(&snap->refs, 1);
    snap->arena = a;
    snap->listing = listing_build(a, &src);
    snap->generation = src.generation;
    snap->rows = catalog_rows_create(listing_count(snap->listing), ROW_BYTES);
    snap->term_arena = arena_create(64 * 1024);
    pthread_mutex_init(&snap->lock, NULL);
    arena_destroy(tmp);

    pthread_mutex_lock(&ci->lock);
    struct snapshot *old = ci->current;
    ci->current = snap;
    ci->is_local = !store_is_remote(s);
    ci->rebuilds++;
    ci->build_us = (clock_mono_ns() - t0) / 1000;
    pthread_mutex_unlock(&ci->lock);
    log_info("search.index_built", NULL, "generation=%lld events=%zu read_ms=%.1f build_ms=%.1f",
             (long long)snap->generation, listing_count(snap->listing), (double)(t1 - t0) / 1e6,
             (double)(clock_mono_ns() - t1) / 1e6);
    snapshot_release(old);
    return BO_OK;
}

/* Is a rebuild due? The caller holds the lock. */
static bool
is_stale(const struct catalog_index *ci)
{
    return ci->current == NULL || ci->wanted > ci->current->generation;
}

static void
wait_retry(struct catalog_index *ci)
{
    struct timespec until;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += RETRY_SECONDS;
    pthread_cond_timedwait(&ci->wake, &ci->lock, &until);
}

static void *
rebuild_main(void *arg)
{
    struct catalog_index *ci = arg;
    struct store *s = NULL;

    pthread_mutex_lock(&ci->lock);
    while (!ci->stopping) {
        if (!is_stale(ci)) {
            pthread_cond_wait(&ci->wake, &ci->lock);
            continue;
        }
        pthread_mutex_unlock(&ci->lock);
        enum bo_err err = s != NULL ? BO_OK : store_open(ci->db_url, &s);
        if (err == BO_OK) {
            err = catalog_index_refresh(ci, s);
        }
        pthread_mutex_lock(&ci->lock);
        if (err) {
            log_warn("search.index_failed", NULL, "err=%s", bo_err_name(err));
            wait_retry(ci);
        }
    }
    pthread_mutex_unlock(&ci->lock);
    if (s != NULL) {
        store_close(s);
    }
    return NULL;
}

struct catalog_index *
catalog_index_create(const char *db_url)
{
    struct arena *own = arena_create(4096);
    struct catalog_index *ci = arena_zalloc(own, sizeof(*ci));

    ci->own = own;
    pthread_mutex_init(&ci->lock, NULL);
    pthread_cond_init(&ci->wake, NULL);
    if (db_url != NULL) {
        ci->db_url = arena_strdup(own, db_url);
        ci->has_thread = pthread_create(&ci->thread, NULL, rebuild_main, ci) == 0;
    }
    return ci;
}

void
catalog_index_destroy(struct catalog_index *ci)
{
    if (ci == NULL) {
        return;
    }
    pthread_mutex_lock(&ci->lock);
    ci->stopping = true;
    pthread_cond_signal(&ci->wake);
    pthread_mutex_unlock(&ci->lock);
    if (ci->has_thread) {
        pthread_join(ci->thread, NULL);
    }
    snapshot_release(ci->current);
    pthread_cond_destroy(&ci->wake);
    pthread_mutex_destroy(&ci->lock);
    arena_destroy(ci->own);
}

/* --- terms ------------------------------------------------------------------------- */

static size_t
term_bucket(const char *text)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */

    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        h = (h ^ *p) * 1099511628211u;
    }
    return h % TERM_BUCKETS;
}

/* The caller holds snap->lock. */
static struct term *
term_find(struct snapshot *snap, const char *text)
{
    for (struct term *t = snap->terms[term_bucket(text)]; t != NULL; t = t->next) {
        if (strcmp(t->text, text) == 0) {
            return t;
        }
    }
    return NULL;
}

/* Keep a copy of sets for text, if there is room and nobody did already. */
static void
term_keep(struct snapshot *snap, const char *text, uint64_t *const sets[SORTS])
{
    size_t bytes = listing_bitset_bytes(snap->listing);

    pthread_mutex_lock(&snap->lock);
    if (term_find(snap, text) == NULL && snap->term_bytes + bytes * SORTS <= TERM_BYTES) {
        struct term *t = arena_alloc(snap->term_arena, sizeof(*t));
        t->text = arena_strdup(snap->term_arena, text);
        for (int sort = 0; sort < SORTS; sort++) {
            t->sets[sort] = memcpy(arena_alloc(snap->term_arena, bytes), sets[sort], bytes);
        }
        size_t b = term_bucket(text);
        t->next = snap->terms[b];
        snap->terms[b] = t;
        snap->term_bytes += bytes * SORTS + strlen(text) + 1;
    }
    pthread_mutex_unlock(&snap->lock);
}

/*
 * The matches of one term over sort's positions. *current false (and no
 * set) when the database is past the snapshot's generation.
 */
static enum bo_err
term_set(struct catalog_index *ci, struct snapshot *snap, struct ctx *c, const char *text,
         enum event_sort sort, const uint64_t **set, bool *current)
{
    pthread_mutex_lock(&snap->lock);
    struct term *t = term_find(snap, text);
    *set = t != NULL ? t->sets[sort] : NULL;
    pthread_mutex_unlock(&snap->lock);
    if (*set != NULL) {
        return BO_OK;
    }
    int64_t *ids = NULL, generation = 0;
    size_t count = 0;
    enum bo_err err = store_catalog_term(c->store, c->arena, text, &ids, &count, &generation);
    if (err) {
        return err;
    }
    if (generation != snap->generation) {
        note_generation(ci, generation);
        *current = false;
        return BO_OK;
    }
    uint64_t *sets[SORTS];
    for (int s = 0; s < SORTS; s++) {
        sets[s] = listing_bitset(snap->listing, c->arena, (enum event_sort)s, ids, count);
    }
    term_keep(snap, text, sets);
    *set = sets[sort];
    return BO_OK;
}

/* --- pages ------------------------------------------------------------------------- */

/* rows (any order) in the order of ids; false if one is missing. */
static bool
in_order(struct ctx *c, const int64_t *ids, size_t n, const struct event *rows, size_t found,
         struct event **out)
{
    struct event *list = arena_alloc(c->arena, sizeof(*list) * n);

    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < found && rows[j].id != ids[i]) {
            j++;
        }
        if (j == found) {
            return false;
        }
        list[i] = rows[j];
    }
    *out = list;
    return true;
}

/*
 * The page from the rows kept at this generation and the seats read now: one
 * small statement. Not answered if a row is not kept or the catalog moved
 * (*now is then the generation read, or 0 if none was).
 */
static enum bo_err
page_from_rows(struct snapshot *snap, struct ctx *c, const int64_t *ids, const int64_t *slots,
               size_t n, struct event **out, bool *answered, int64_t *now)
{
    struct event *list = arena_alloc(c->arena, sizeof(*list) * n);
    int *seats = arena_alloc(c->arena, sizeof(*seats) * n);

    if (!catalog_rows_get(snap->rows, slots, n, list)) {
        return BO_OK;
    }
    enum bo_err err = store_event_seats(c->store, c->arena, ids, n, seats, now);
    if (err || *now != snap->generation) {
        return err;
    }
    for (size_t i = 0; i < n; i++) {
        if (seats[i] < 0) {
            return BO_OK; /* gone, which the generation would have said: be safe anyway */
        }
        list[i].available = seats[i];
    }
    *out = list;
    *answered = true;
    return BO_OK;
}

/* The page's rows read while the generation holds, and kept for the pages that show them next. */
static enum bo_err
page_from_store(struct snapshot *snap, struct ctx *c, const int64_t *ids, const int64_t *slots,
                size_t n, struct event **out, bool *answered)
{
    struct event *rows = NULL;
    size_t found = 0;
    enum bo_err err = store_event_page(c->store, c->arena, ids, n, snap->generation, &rows, &found);

    if (err == BO_OK && found == n && in_order(c, ids, n, rows, found, out)) {
        *answered = true;
        for (size_t i = 0; i < n; i++) {
            catalog_rows_put(snap->rows, slots[i], &(*out)[i]);
        }
    }
    return err;
}

/* The events ids[0..n) (at slots) if the database is still at the snapshot's generation. */
static enum bo_err
read_page(struct catalog_index *ci, struct snapshot *snap, struct ctx *c, const int64_t *ids,
          const int64_t *slots, size_t n, struct event **out, bool *answered)
{
    int64_t now = 0;
    enum bo_err err = BO_OK;

    if (n == 0) {
        err = store_catalog_generation(c->store, &now);
        *out = arena_alloc(c->arena, sizeof(**out));
        *answered = err == BO_OK && now == snap->generation;
    } else {
        err = page_from_rows(snap, c, ids, slots, n, out, answered, &now);
        if (err == BO_OK && !*answered && (now == 0 || now == snap->generation)) {
            err = page_from_store(snap, c, ids, slots, n, out, answered);
        }
    }
    if (err == BO_OK && !*answered) {
        /* Moved on (or gone): learn how far, for the rebuild. */
        err = now != 0 ? BO_OK : store_catalog_generation(c->store, &now);
        note_generation(ci, now);
    }
    return err;
}

enum bo_err
catalog_index_search(struct catalog_index *ci, struct ctx *c, const struct event_query *q,
                     struct event **out, size_t *count, bool *answered, int64_t *generation)
{
    struct snapshot *snap = snapshot_take(ci, c->arena);
    const uint64_t *sets[SEARCH_MAX_TERMS];
    bool current = true;
    enum bo_err err = BO_OK;

    *answered = false;
    for (size_t i = 0; snap != NULL && i < q->term_count && current && err == BO_OK; i++) {
        err = term_set(ci, snap, c, q->terms[i], q->sort, &sets[i], &current);
    }
    if (snap != NULL && current && err == BO_OK) {
        size_t room = (size_t)(q->limit > 0 ? q->limit : 1);
        int64_t *ids = arena_alloc(c->arena, sizeof(*ids) * room);
        int64_t *slots = arena_alloc(c->arena, sizeof(*slots) * room);
        size_t n = listing_find(snap->listing, c->arena, q, sets, q->term_count, ids, slots);
        err = read_page(ci, snap, c, ids, slots, n, out, answered);
        *count = *answered ? n : 0;
        *generation = snap->generation;
    }
    atomic_fetch_add_explicit(*answered ? &ci->hits : &ci->misses, 1, memory_order_relaxed);
    return err;
}

bool
catalog_index_is_quick(struct catalog_index *ci)
{
    pthread_mutex_lock(&ci->lock);
    bool quick = ci->is_local && !is_stale(ci);
    pthread_mutex_unlock(&ci->lock);
    return quick;
}

void
catalog_index_stats(struct catalog_index *ci, struct catalog_index_stats *out)
{
    *out = (struct catalog_index_stats){0};
    pthread_mutex_lock(&ci->lock);
    struct snapshot *snap = ci->current;
    if (snap != NULL) {
        out->generation = snap->generation;
        out->events = listing_count(snap->listing);
        out->bytes = listing_bytes(snap->listing);
        pthread_mutex_lock(&snap->lock);
        out->term_bytes = snap->term_bytes;
        pthread_mutex_unlock(&snap->lock);
        out->row_bytes = catalog_rows_bytes(snap->rows);
    }
    out->rebuilds = ci->rebuilds;
    out->build_us = ci->build_us;
    pthread_mutex_unlock(&ci->lock);
    out->hits = atomic_load_explicit(&ci->hits, memory_order_relaxed);
    out->misses = atomic_load_explicit(&ci->misses, memory_order_relaxed);
}

char *
catalog_index_metrics(struct catalog_index *ci, struct arena *a, char *text, size_t *len)
{
    struct catalog_index_stats st;

    if (ci == NULL) {
        return text;
    }
    catalog_index_stats(ci, &st);
    text = arena_printf(
        a,
        "%s# HELP boxoffice_search_index_total Listing pages answered from the index (hit) "
        "or read with SQL (miss).\n# TYPE boxoffice_search_index_total counter\n"
        "boxoffice_search_index_total{result=\"hit\"} %llu\n"
        "boxoffice_search_index_total{result=\"miss\"} %llu\n"
        "# HELP boxoffice_search_index_rebuilds_total Indexes built.\n"
        "# TYPE boxoffice_search_index_rebuilds_total counter\n"
        "boxoffice_search_index_rebuilds_total %llu\n"
        "# HELP boxoffice_search_index_build_seconds The last build, snapshot read included.\n"
        "# TYPE boxoffice_search_index_build_seconds gauge\n"
        "boxoffice_search_index_build_seconds %.6f\n"
        "# HELP boxoffice_search_index_events Events in the index.\n"
        "# TYPE boxoffice_search_index_events gauge\n"
        "boxoffice_search_index_events %zu\n"
        "# HELP boxoffice_search_index_bytes Memory of the index, its terms' bitsets and its "
        "rows.\n"
        "# TYPE boxoffice_search_index_bytes gauge\n"
        "boxoffice_search_index_bytes %zu\n",
        text, (unsigned long long)st.hits, (unsigned long long)st.misses,
        (unsigned long long)st.rebuilds, (double)st.build_us / 1e6, st.events,
        st.bytes + st.term_bytes + st.row_bytes);
    *len = strlen(text);
    return text;
}
