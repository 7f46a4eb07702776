/* SPDX-License-Identifier: MIT */
#include "core/listing.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/search.h"
#include "lib/arena.h"

#define SORTS 3
/* A value held by at least 1/DENSE of the events keeps a bitset per sort. */
#define DENSE 64

enum attr { ATTR_CITY, ATTR_GENRE, ATTR_KIND, ATTR_FORMAT, ATTR_ORGANIZER, ATTRS };

/* One filter column: its values (none is 0, not indexed) and the events of each. */
struct attr_index {
    size_t value_count;
    int64_t *values;   /* ascending */
    uint32_t *start;   /* value i holds slots[start[i] .. start[i + 1]) */
    uint32_t *slots;   /* ascending within a value */
    uint64_t **bitset; /* [value * SORTS + sort]: positions, or NULL for a rare value */
};

/* One sort: a slot is an event's rank by id, a position its rank in this order. */
struct sort_order {
    uint32_t *slot_at;  /* position -> slot */
    int64_t *id_at;     /* position -> id: a page reads ids in order, not all over ids */
    uint32_t *pos_of;   /* slot -> position */
    int64_t *key_at;    /* position -> sort key */
    int64_t *starts_at; /* position -> start (the date range on other sorts) */
    int64_t *price_at;  /* position -> seat price (the price range on other sorts) */
};

/*
 * A bitset is `words` words over positions, then `summary` words with one bit
 * per word that is not zero, so that a scan skips the words where any set of
 * the query is empty (a selective query touches few of them).
 */
struct listing {
    int64_t generation;
    size_t n, words, summary, bytes;
    int64_t *ids; /* slot -> id, ascending */
    struct sort_order order[SORTS];
    struct attr_index attr[ATTRS];
    struct listing_name *cities, *genres; /* by name */
    size_t city_count, genre_count;
};

/* A (key, slot) pair; slots rise with ids, so (key, slot) order is (key, id) order. */
struct keyed {
    int64_t key;
    uint32_t slot;
};

static void *
alloc(struct listing *l, struct arena *a, size_t len)
{
    l->bytes += len;
    return arena_alloc(a, len ? len : 1);
}

static int
cmp_keyed(const void *pa, const void *pb)
{
    const struct keyed *x = pa, *y = pb;

    if (x->key != y->key) {
        return x->key < y->key ? -1 : 1;
    }
    return x->slot < y->slot ? -1 : x->slot > y->slot;
}

static int
cmp_row_id(const void *pa, const void *pb)
{
    const struct listing_row *x = pa, *y = pb;

    return x->id < y->id ? -1 : x->id > y->id;
}

static int
cmp_name(const void *pa, const void *pb)
{
    return strcmp(((const struct listing_name *)pa)->name, ((const struct listing_name *)pb)->name);
}

static int64_t
sort_key(const struct listing_row *r, int sort)
{
    return sort == SORT_PRICE        ? r->seat_price
           : sort == SORT_POPULARITY ? r->popularity
                                     : r->starts_at;
}

static int64_t
attr_value(const struct listing_row *r, int attr)
{
    static const size_t offs[] = {[ATTR_CITY] = offsetof(struct listing_row, city_id),
                                  [ATTR_GENRE] = offsetof(struct listing_row, genre_id),
                                  [ATTR_ORGANIZER] = offsetof(struct listing_row, organizer_id)};

    if (attr == ATTR_KIND || attr == ATTR_FORMAT) {
        return attr == ATTR_KIND ? r->kind : r->format;
    }
    return *(const int64_t *)((const char *)r + offs[attr]);
}

static void
build_order(struct listing *l, struct arena *a, struct arena *tmp, const struct listing_row *rows,
            int sort)
{
    struct sort_order *o = &l->order[sort];
    struct keyed *k = arena_alloc(tmp, sizeof(*k) * (l->n ? l->n : 1));

    for (size_t s = 0; s < l->n; s++) {
        k[s] = (struct keyed){sort_key(&rows[s], sort), (uint32_t)s};
    }
    qsort(k, l->n, sizeof(*k), cmp_keyed);
    o->slot_at = alloc(l, a, sizeof(uint32_t) * l->n);
    o->id_at = alloc(l, a, sizeof(int64_t) * l->n);
    o->pos_of = alloc(l, a, sizeof(uint32_t) * l->n);
    o->key_at = alloc(l, a, sizeof(int64_t) * l->n);
    o->starts_at = sort == SORT_DATE ? o->key_at : alloc(l, a, sizeof(int64_t) * l->n);
    o->price_at = sort == SORT_PRICE ? o->key_at : alloc(l, a, sizeof(int64_t) * l->n);
    for (size_t p = 0; p < l->n; p++) {
        o->slot_at[p] = k[p].slot;
        o->id_at[p] = rows[k[p].slot].id;
        o->pos_of[k[p].slot] = (uint32_t)p;
        o->key_at[p] = k[p].key;
        o->starts_at[p] = rows[k[p].slot].starts_at;
        o->price_at[p] = rows[k[p].slot].seat_price;
    }
}

/* Fill the summary words of a bitset whose position words are set. */
static void
summarize(const struct listing *l, uint64_t *bits)
{
    uint64_t *summary = bits + l->words;

    memset(summary, 0, l->summary * sizeof(uint64_t));
    for (size_t w = 0; w < l->words; w++) {
        summary[w / 64] |= (uint64_t)(bits[w] != 0) << (w % 64);
    }
}

/* Set the bit of slot's position in sort. */
static void
set_slot(const struct listing *l, uint64_t *bits, int sort, uint32_t slot)
{
    uint32_t pos = l->order[sort].pos_of[slot];

    bits[pos / 64] |= (uint64_t)1 << (pos % 64);
}

/* The events holding value v of x, into the zeroed bitset bits over sort's positions. */
static void
fill_value(const struct listing *l, const struct attr_index *x, size_t v, int sort, uint64_t *bits)
{
    for (uint32_t i = x->start[v]; i < x->start[v + 1]; i++) {
        set_slot(l, bits, sort, x->slots[i]);
    }
    summarize(l, bits);
}

/* The first index in the ascending v[0..n) whose value is not below key (n: none). */
static size_t
lower_bound(const int64_t *v, size_t n, int64_t key)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < key) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* The dense values' bitsets, one per sort. */
static void
build_bitsets(struct listing *l, struct arena *a, struct attr_index *x)
{
    x->bitset = alloc(l, a, sizeof(*x->bitset) * x->value_count * SORTS);
    for (size_t v = 0; v < x->value_count; v++) {
        size_t count = x->start[v + 1] - x->start[v];
        for (int sort = 0; sort < SORTS; sort++) {
            uint64_t *bits = NULL;
            if (count * DENSE >= l->n) {
                bits = alloc(l, a, listing_bitset_bytes(l));
                memset(bits, 0, listing_bitset_bytes(l));
                fill_value(l, x, v, sort, bits);
            }
            x->bitset[v * SORTS + (size_t)sort] = bits;
        }
    }
}

static void
build_attr(struct listing *l, struct arena *a, struct arena *tmp, const struct listing_row *rows,
           int attr)
{
    struct attr_index *x = &l->attr[attr];
    struct keyed *k = arena_alloc(tmp, sizeof(*k) * (l->n ? l->n : 1));
    size_t m = 0;

    for (size_t s = 0; s < l->n; s++) {
        int64_t v = attr_value(&rows[s], attr);
        if (v != 0) {
            k[m++] = (struct keyed){v, (uint32_t)s};
        }
    }
    qsort(k, m, sizeof(*k), cmp_keyed);
    size_t values = 0;
    for (size_t i = 0; i < m; i++) {
        values += i == 0 || k[i].key != k[i - 1].key;
    }
    x->slots = alloc(l, a, sizeof(uint32_t) * m);
    x->values = alloc(l, a, sizeof(int64_t) * values);
    x->start = alloc(l, a, sizeof(uint32_t) * (values + 1));
    x->value_count = 0;
    for (size_t i = 0; i < m; i++) {
        if (i == 0 || k[i].key != k[i - 1].key) {
            x->values[x->value_count] = k[i].key;
            x->start[x->value_count++] = (uint32_t)i;
        }
        x->slots[i] = k[i].slot;
    }
    x->start[x->value_count] = (uint32_t)m;
    build_bitsets(l, a, x);
}

static struct listing_name *
copy_names(struct listing *l, struct arena *a, const struct listing_name *names, size_t count)
{
    struct listing_name *out = alloc(l, a, sizeof(*out) * count);

    for (size_t i = 0; i < count; i++) {
        out[i] = (struct listing_name){names[i].id, arena_strdup(a, names[i].name)};
        l->bytes += strlen(names[i].name) + 1;
    }
    qsort(out, count, sizeof(*out), cmp_name);
    return out;
}

struct listing *
listing_build(struct arena *a, const struct listing_source *src)
{
    struct listing *l = arena_zalloc(a, sizeof(*l));
    struct arena *tmp = arena_create(64 * 1024);
    struct listing_row *rows = arena_alloc(tmp, sizeof(*rows) * (src->row_count + 1));

    l->generation = src->generation;
    l->n = src->row_count;
    l->words = (l->n + 63) / 64;
    l->summary = (l->words + 63) / 64;
    memcpy(rows, src->rows, sizeof(*rows) * l->n);
    qsort(rows, l->n, sizeof(*rows), cmp_row_id);
    l->ids = alloc(l, a, sizeof(int64_t) * l->n);
    for (size_t s = 0; s < l->n; s++) {
        l->ids[s] = rows[s].id;
    }
    for (int sort = 0; sort < SORTS; sort++) {
        build_order(l, a, tmp, rows, sort);
    }
    for (int attr = 0; attr < ATTRS; attr++) {
        build_attr(l, a, tmp, rows, attr);
    }
    l->cities = copy_names(l, a, src->cities, src->city_count);
    l->city_count = src->city_count;
    l->genres = copy_names(l, a, src->genres, src->genre_count);
    l->genre_count = src->genre_count;
    arena_destroy(tmp);
    return l;
}

int64_t
listing_generation(const struct listing *l)
{
    return l->generation;
}

size_t
listing_count(const struct listing *l)
{
    return l->n;
}

size_t
listing_bytes(const struct listing *l)
{
    return l->bytes;
}

size_t
listing_bitset_bytes(const struct listing *l)
{
    return (l->words + l->summary) * sizeof(uint64_t);
}

int64_t
listing_slot(const struct listing *l, int64_t id)
{
    size_t i = lower_bound(l->ids, l->n, id);

    return i < l->n && l->ids[i] == id ? (int64_t)i : -1;
}

uint64_t *
listing_bitset(const struct listing *l, struct arena *a, enum event_sort sort, const int64_t *ids,
               size_t count)
{
    uint64_t *bits = arena_zalloc(a, listing_bitset_bytes(l));

    for (size_t i = 0; i < count; i++) {
        int64_t slot = listing_slot(l, ids[i]);
        if (slot >= 0) {
            set_slot(l, bits, (int)sort, (uint32_t)slot);
        }
    }
    summarize(l, bits);
    return bits;
}

/* --- queries ----------------------------------------------------------------------- */

/* A query made ready to scan: the sets to AND, the positions, the per-candidate tests. */
struct plan {
    const struct sort_order *o;
    const uint64_t *sets[ATTRS + SEARCH_MAX_TERMS];
    size_t set_count;
    size_t lo, hi;
    bool empty, test_date, test_price;
    int64_t from, to, price_min, price_max; /* inclusive from / price bounds, exclusive to */
};

static int64_t
name_id(const struct listing_name *names, size_t count, const char *name)
{
    size_t lo = 0, hi = count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(names[mid].name, name);
        if (c == 0) {
            return names[mid].id;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return 0;
}

/* The events holding value in attr, as a bitset over the plan's sort (NULL: none). */
static const uint64_t *
value_set(const struct listing *l, struct arena *a, int attr, int sort, int64_t value)
{
    const struct attr_index *x = &l->attr[attr];
    size_t v = lower_bound(x->values, x->value_count, value);

    if (value == 0 || v == x->value_count || x->values[v] != value) {
        return NULL;
    }
    if (x->bitset[v * SORTS + (size_t)sort] != NULL) {
        return x->bitset[v * SORTS + (size_t)sort];
    }
    uint64_t *bits = arena_zalloc(a, listing_bitset_bytes(l));
    fill_value(l, x, v, sort, bits); /* a rare value: made for this query */
    return bits;
}

/* Add the set of value to the plan; a value nobody holds empties the page. */
static void
plan_value(const struct listing *l, struct arena *a, struct plan *p, int attr, int sort,
           int64_t value)
{
    const uint64_t *set = value_set(l, a, attr, sort, value);

    if (set == NULL) {
        p->empty = true;
        return;
    }
    p->sets[p->set_count++] = set;
}

static void
plan_filters(const struct listing *l, struct arena *a, const struct event_query *q, struct plan *p)
{
    int sort = (int)q->sort;

    if (q->city != NULL) {
        plan_value(l, a, p, ATTR_CITY, sort, name_id(l->cities, l->city_count, q->city));
    }
    if (q->genre != NULL) {
        plan_value(l, a, p, ATTR_GENRE, sort, name_id(l->genres, l->genre_count, q->genre));
    }
    if (q->kind != 0) {
        plan_value(l, a, p, ATTR_KIND, sort, q->kind);
    }
    if (q->format != 0) {
        plan_value(l, a, p, ATTR_FORMAT, sort, q->format);
    }
    if (q->organizer_id != 0) {
        plan_value(l, a, p, ATTR_ORGANIZER, sort, q->organizer_id);
    }
}

/* The first position whose (key, id) is after (key, id), or at/after key when id is -1. */
static size_t
first_after(const struct listing *l, const struct sort_order *o, int64_t key, int64_t id)
{
    size_t lo = 0, hi = l->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t k = o->key_at[mid];
        bool after = k > key || (k == key && o->id_at[mid] > id);
        if (after) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

static size_t
max_size(size_t a, size_t b)
{
    return a > b ? a : b;
}

static size_t
min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* The bounds as the store binds them: absent is the widest value (store/ EVENT_LIST). */
static void
plan_ranges(const struct listing *l, const struct event_query *q, struct plan *p)
{
    p->from = q->from != 0 ? q->from : INT64_MIN;
    p->to = q->to != 0 ? q->to : INT64_MAX;
    p->price_min = q->price_min > 0 ? q->price_min : 0;
    p->price_max = q->price_max >= 0 ? q->price_max : INT64_MAX;
    p->lo = first_after(l, p->o, q->after_key, q->after_id);
    p->hi = l->n;
    if (q->sort == SORT_DATE) {
        /* starts_at >= from: after (from, -inf); starts_at < to: up to (to, -inf). */
        p->lo = max_size(p->lo, first_after(l, p->o, p->from, INT64_MIN));
        p->hi = min_size(p->hi, first_after(l, p->o, p->to, INT64_MIN));
    } else {
        p->test_date = p->from != INT64_MIN || p->to != INT64_MAX;
    }
    if (q->sort == SORT_PRICE) {
        p->lo = max_size(p->lo, first_after(l, p->o, p->price_min, INT64_MIN));
        p->hi = min_size(p->hi, first_after(l, p->o, p->price_max, INT64_MAX));
    } else {
        p->test_price = p->price_min != 0 || p->price_max != INT64_MAX;
    }
}

/* The positions [lo, hi) that fall in word w, as a mask. */
static uint64_t
range_mask(size_t w, size_t lo, size_t hi)
{
    uint64_t mask = ~(uint64_t)0;

    if (lo > w * 64) {
        mask &= ~(uint64_t)0 << (lo - w * 64);
    }
    if (hi < w * 64 + 64) {
        mask &= ~(uint64_t)0 >> (64 - (hi - w * 64)); /* the caller keeps hi > w * 64 */
    }
    return mask;
}

static bool
passes(const struct plan *p, size_t pos)
{
    const struct sort_order *o = p->o;

    if (p->test_date && (o->starts_at[pos] < p->from || o->starts_at[pos] >= p->to)) {
        return false;
    }
    return !p->test_price || (o->price_at[pos] >= p->price_min && o->price_at[pos] <= p->price_max);
}

/* The words of summary word sw that no set of the plan rules out. */
static uint64_t
candidate_words(const struct listing *l, const struct plan *p, size_t sw)
{
    uint64_t words = range_mask(sw, p->lo / 64, (p->hi + 63) / 64);

    for (size_t i = 0; i < p->set_count && words != 0; i++) {
        words &= p->sets[i][l->words + sw];
    }
    return words;
}

/* Append the positions of word w that pass to the page; the new count. */
static size_t
scan_word(const struct plan *p, size_t w, size_t n, size_t limit, int64_t *ids_out,
          int64_t *slots_out)
{
    uint64_t bits = range_mask(w, p->lo, p->hi);

    for (size_t i = 0; i < p->set_count && bits != 0; i++) {
        bits &= p->sets[i][w];
    }
    while (bits != 0 && n < limit) {
        size_t pos = w * 64 + (size_t)__builtin_ctzll(bits);
        bits &= bits - 1;
        if (passes(p, pos)) {
            ids_out[n] = p->o->id_at[pos];
            if (slots_out != NULL) {
                slots_out[n] = p->o->slot_at[pos];
            }
            n++;
        }
    }
    return n;
}

static size_t
scan(const struct listing *l, const struct plan *p, size_t limit, int64_t *ids_out,
     int64_t *slots_out)
{
    size_t n = 0;

    for (size_t sw = p->lo / 4096; sw * 4096 < p->hi && n < limit; sw++) {
        uint64_t words = candidate_words(l, p, sw);
        while (words != 0 && n < limit) {
            size_t w = sw * 64 + (size_t)__builtin_ctzll(words);
            words &= words - 1;
            n = scan_word(p, w, n, limit, ids_out, slots_out);
        }
    }
    return n;
}

size_t
listing_find(const struct listing *l, struct arena *a, const struct event_query *q,
             const uint64_t *const *term_sets, size_t term_count, int64_t *ids_out,
             int64_t *slots_out)
{
    struct plan p = {.o = &l->order[q->sort]};

    if (q->limit <= 0 || l->n == 0) {
        return 0;
    }
    plan_filters(l, a, q, &p);
    for (size_t i = 0; i < term_count && i < SEARCH_MAX_TERMS; i++) {
        p.sets[p.set_count++] = term_sets[i];
    }
    plan_ranges(l, q, &p);
    if (p.empty || p.lo >= p.hi) {
        return 0;
    }
    return scan(l, &p, (size_t)q->limit, ids_out, slots_out);
}
