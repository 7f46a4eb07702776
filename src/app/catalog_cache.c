/* SPDX-License-Identifier: MIT */
#include "app/catalog_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "lib/arena.h"
#include "lib/xalloc.h"

/* One page: header, key, events and their strings in one allocation. */
struct entry {
    struct catalog_cache *cache;
    struct entry *next_in_bucket;
    struct entry *newer, *older; /* recency list */
    uint64_t hash;
    int refs; /* the cache's own while listed, plus one per reader */
    int64_t generation;
    size_t bytes, count;
    char *key;
    struct event *events;
};

struct catalog_cache {
    pthread_mutex_t lock;
    struct entry **buckets;
    size_t bucket_count;
    struct entry recent; /* list head: recent.older is the newest, recent.newer the oldest */
    size_t bytes, max_bytes, entries;
    atomic_uint_fast64_t hits, misses;
};

/* The string fields of struct event that a listing reads; each is copied into the entry. */
static const size_t event_strings[] = {
    offsetof(struct event, title),       offsetof(struct event, slug),
    offsetof(struct event, description), offsetof(struct event, timezone),
    offsetof(struct event, location),    offsetof(struct event, city),
    offsetof(struct event, genre),       offsetof(struct event, language),
    offsetof(struct event, currency),    offsetof(struct event, rules),
    offsetof(struct event, image_url),   offsetof(struct event, external_url),
    offsetof(struct event, source),      offsetof(struct event, movie_title),
};
#define EVENT_STRINGS (sizeof(event_strings) / sizeof(event_strings[0]))
/* A new field of struct event must be looked at here: a string must go into event_strings. */
_Static_assert(sizeof(struct event) == 584, "struct event changed: update event_strings");

static const char **
string_at(struct event *e, size_t i)
{
    return (const char **)((char *)e + event_strings[i]);
}

static size_t
string_bytes(const struct event *e)
{
    size_t bytes = 0;

    for (size_t f = 0; f < EVENT_STRINGS; f++) {
        const char *v = *(const char *const *)((const char *)e + event_strings[f]);
        bytes += v != NULL ? strlen(v) + 1 : 0;
    }
    return bytes;
}

static uint64_t
hash_key(const char *key)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */

    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h = (h ^ *p) * 1099511628211u;
    }
    return h;
}

struct catalog_cache *
catalog_cache_create(size_t max_bytes)
{
    struct catalog_cache *cc = xcalloc(1, sizeof(*cc)); /* checksrc: allow: process lifetime */

    pthread_mutex_init(&cc->lock, NULL);
    cc->max_bytes = max_bytes;
    /* About one bucket per 8 KiB page: chains stay short at any fill. */
    cc->bucket_count = max_bytes / 8192 + 64;
    cc->buckets =
        xcalloc(cc->bucket_count, sizeof(*cc->buckets)); /* checksrc: allow: process lifetime */
    cc->recent.newer = cc->recent.older = &cc->recent;
    return cc;
}

/* A reader is done with e (arena_defer). */
static void
entry_release(void *arg)
{
    struct entry *e = arg;
    struct catalog_cache *cc = e->cache;

    pthread_mutex_lock(&cc->lock);
    bool last = --e->refs == 0;
    pthread_mutex_unlock(&cc->lock);
    if (last) {
        free(e); /* checksrc: allow: shared pages outlive requests */
    }
}

/* Take e out of the table and the recency list; the caller holds the lock. */
static void
unlist(struct catalog_cache *cc, struct entry *e)
{
    struct entry **p = &cc->buckets[e->hash % cc->bucket_count];

    while (*p != e) {
        p = &(*p)->next_in_bucket;
    }
    *p = e->next_in_bucket;
    e->newer->older = e->older;
    e->older->newer = e->newer;
    cc->bytes -= e->bytes;
    cc->entries--;
    if (--e->refs == 0) {
        free(e); /* checksrc: allow: shared pages outlive requests */
    }
}

void
catalog_cache_destroy(struct catalog_cache *cc)
{
    if (cc == NULL) {
        return;
    }
    while (cc->recent.older != &cc->recent) {
        unlist(cc, cc->recent.older);
    }
    free(cc->buckets); /* checksrc: allow: process lifetime */
    pthread_mutex_destroy(&cc->lock);
    free(cc); /* checksrc: allow: process lifetime */
}

/* The entry under key, or NULL; the caller holds the lock. */
static struct entry *
find(struct catalog_cache *cc, const char *key, uint64_t hash)
{
    for (struct entry *e = cc->buckets[hash % cc->bucket_count]; e; e = e->next_in_bucket) {
        if (e->hash == hash && strcmp(e->key, key) == 0) {
            return e;
        }
    }
    return NULL;
}

/* Make e the newest; the caller holds the lock. */
static void
touch(struct catalog_cache *cc, struct entry *e)
{
    e->newer->older = e->older;
    e->older->newer = e->newer;
    e->older = cc->recent.older;
    e->newer = &cc->recent;
    cc->recent.older->newer = e;
    cc->recent.older = e;
}

bool
catalog_cache_get(struct catalog_cache *cc, struct arena *a, const char *key,
                  const struct event **events, size_t *count, int64_t *generation)
{
    uint64_t hash = hash_key(key);

    pthread_mutex_lock(&cc->lock);
    struct entry *e = find(cc, key, hash);
    if (e != NULL) {
        e->refs++;
        touch(cc, e);
    }
    pthread_mutex_unlock(&cc->lock);
    if (e == NULL) {
        return false;
    }
    arena_defer(a, entry_release, e);
    *events = e->events;
    *count = e->count;
    *generation = e->generation;
    return true;
}

/* One block holding key, a copy of events and every string they point to. */
static struct entry *
entry_build(const char *key, int64_t generation, const struct event *events, size_t count)
{
    size_t key_len = strlen(key) + 1;
    size_t bytes = sizeof(struct entry) + sizeof(struct event) * count + key_len;

    for (size_t i = 0; i < count; i++) {
        bytes += string_bytes(&events[i]);
    }
    struct entry *e = xmalloc(bytes); /* checksrc: allow: shared pages outlive requests */
    *e = (struct entry){.refs = 1, .generation = generation, .bytes = bytes, .count = count};
    e->events = (struct event *)(e + 1);
    memcpy(e->events, events, sizeof(struct event) * count);
    char *p = (char *)(e->events + count);
    e->key = memcpy(p, key, key_len);
    p += key_len;
    for (size_t i = 0; i < count; i++) {
        struct event *copy = &e->events[i];
        copy->sessions = NULL; /* listings read neither sessions nor taxonomies */
        copy->session_count = 0;
        memset(&copy->taxonomy, 0, sizeof(copy->taxonomy));
        for (size_t f = 0; f < EVENT_STRINGS; f++) {
            const char **v = string_at(copy, f);
            if (*v != NULL) {
                size_t len = strlen(*v) + 1;
                *v = memcpy(p, *v, len);
                p += len;
            }
        }
    }
    return e;
}

void
catalog_cache_put(struct catalog_cache *cc, const char *key, int64_t generation,
                  const struct event *events, size_t count)
{
    struct entry *e = entry_build(key, generation, events, count);

    e->cache = cc;
    e->hash = hash_key(key);
    if (e->bytes > cc->max_bytes) {
        free(e); /* checksrc: allow: shared pages outlive requests */
        return;
    }
    pthread_mutex_lock(&cc->lock);
    struct entry *old = find(cc, key, e->hash);
    if (old != NULL) {
        unlist(cc, old);
    }
    while (cc->bytes + e->bytes > cc->max_bytes) {
        unlist(cc, cc->recent.newer); /* the least recently used */
    }
    struct entry **bucket = &cc->buckets[e->hash % cc->bucket_count];
    e->next_in_bucket = *bucket;
    *bucket = e;
    e->newer = e->older = e; /* touch() unlinks first */
    touch(cc, e);
    cc->bytes += e->bytes;
    cc->entries++;
    pthread_mutex_unlock(&cc->lock);
}

void
catalog_cache_count(struct catalog_cache *cc, bool hit)
{
    atomic_fetch_add_explicit(hit ? &cc->hits : &cc->misses, 1, memory_order_relaxed);
}

void
catalog_cache_stats(struct catalog_cache *cc, struct catalog_cache_stats *out)
{
    pthread_mutex_lock(&cc->lock);
    out->entries = cc->entries;
    out->bytes = cc->bytes;
    pthread_mutex_unlock(&cc->lock);
    out->hits = atomic_load_explicit(&cc->hits, memory_order_relaxed);
    out->misses = atomic_load_explicit(&cc->misses, memory_order_relaxed);
}

char *
catalog_cache_metrics(struct catalog_cache *cc, struct arena *a, char *text, size_t *len)
{
    struct catalog_cache_stats st;

    if (cc == NULL) {
        return text;
    }
    catalog_cache_stats(cc, &st);
    text = arena_printf(a,
                        "%s# HELP boxoffice_search_cache_total Listing pages by where they came "
                        "from.\n# TYPE boxoffice_search_cache_total counter\n"
                        "boxoffice_search_cache_total{result=\"hit\"} %llu\n"
                        "boxoffice_search_cache_total{result=\"miss\"} %llu\n"
                        "# HELP boxoffice_search_cache_bytes Memory held by cached pages.\n"
                        "# TYPE boxoffice_search_cache_bytes gauge\n"
                        "boxoffice_search_cache_bytes %zu\n",
                        text, (unsigned long long)st.hits, (unsigned long long)st.misses, st.bytes);
    *len = strlen(text);
    return text;
}
