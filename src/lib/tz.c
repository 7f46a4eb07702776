/* SPDX-License-Identifier: MIT */
/*
 * tz.c - a TZif reader (RFC 8536, tzfile(5)) and a POSIX TZ rule evaluator.
 *
 * A file is validated completely before use, so lookups never check bounds.
 * Parsed zones are immutable and, once in the cache, never freed: a thread
 * takes a zone under the lock and reads it after releasing the lock. The cache
 * is this module's one mutable global (a copy of read-only system data, like
 * the C library's own zone cache); it holds at most CACHE_MAX zones, and past
 * that a zone is parsed for one call and freed after it.
 */
#include "lib/tz.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/xalloc.h"

#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"
#define TZIF_HEADER_LEN 44
#define TZIF_MAX_LEN (64 * 1024) /* real files are under 4 KiB */
#define FOOTER_MAX 128           /* real TZ strings are under 50 bytes */
#define CACHE_MAX 64
#define SECS_PER_DAY 86400
/* The Gregorian calendar, weekdays included, repeats every 400 years (146097 days). */
#define SECS_PER_400Y (146097LL * SECS_PER_DAY)
/* POSIX: DST without a rule follows the US rule (tzcode's and glibc's default too). */
#define DEFAULT_RULE ",M3.2.0,M11.1.0"
#define LETTERS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

enum rule_kind {
    RULE_JULIAN,      /* Jn: 1..365, February 29 never counted */
    RULE_DAY_OF_YEAR, /* n: 0..365, February 29 counted */
    RULE_MONTH_WEEK,  /* Mm.w.d: weekday d of week w (5 = last) of month m */
};

struct rule_date {
    enum rule_kind kind;
    int day; /* Jn or n; for Mm.w.d the weekday, 0 = Sunday */
    int week;
    int month;
    int32_t time; /* local seconds after midnight, -167h..167h (RFC 8536 3.3.1) */
};

/* The footer's POSIX TZ string, e.g. "EET-2EEST,M3.5.0/3,M10.5.0/4". */
struct posix_rule {
    int32_t std_off; /* seconds east of UTC */
    int32_t dst_off;
    bool has_dst;
    struct rule_date start; /* in local standard time */
    struct rule_date end;   /* in local daylight time */
};

struct zone {
    int64_t *times;  /* transition instants, strictly ascending */
    uint8_t *types;  /* the local time type that starts at times[i] */
    int32_t *utoffs; /* UT offset of each local time type */
    uint32_t time_count;
    uint32_t type_count;
    bool has_rule; /* the footer rule covers instants after the last transition */
    struct posix_rule rule;
};

/* The six counts of a TZif header, in file order. */
struct tzif_counts {
    uint32_t isut;
    uint32_t isstd;
    uint32_t leap;
    uint32_t time;
    uint32_t type;
    uint32_t chars;
};

struct cache_entry {
    char *path;
    struct zone *zone;
};

static struct cache_entry cache[CACHE_MAX];
static size_t cache_count;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- calendar arithmetic (Howard Hinnant's algorithms) ---- */

static int64_t
floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
    return a - floor_div(a, b) * b;
}

static bool
is_leap(int64_t y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
month_days(int64_t y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return days[m - 1] + (m == 2 && is_leap(y));
}

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

/* The year in which Unix second t falls. */
static int64_t
year_of(int64_t t)
{
    int64_t z = floor_div(t, SECS_PER_DAY) + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153; /* 10 and 11 are January and February */

    return yoe + era * 400 + (mp >= 10);
}

/* ---- the POSIX TZ rule of the footer ---- */

/* Days since the epoch of d's date in year y. */
static int64_t
rule_day(const struct rule_date *d, int64_t y)
{
    int64_t jan1 = days_from_civil(y, 1, 1);

    if (d->kind == RULE_JULIAN) {
        return jan1 + d->day - 1 + (is_leap(y) && d->day >= 60);
    }
    if (d->kind == RULE_DAY_OF_YEAR) {
        return jan1 + d->day;
    }
    int64_t first = days_from_civil(y, d->month, 1);
    int first_wday = (int)floor_mod(first + 4, 7); /* 1970-01-01 was a Thursday */
    int mday = 1 + (d->day - first_wday + 7) % 7 + 7 * (d->week - 1);
    if (mday > month_days(y, d->month)) {
        mday -= 7; /* week 5 means the last; at most 35 - 7 = 28 days, so once is enough */
    }
    return first + mday - 1;
}

static int
rule_offset(const struct posix_rule *r, int64_t t)
{
    if (!r->has_dst) {
        return r->std_off;
    }
    /* The rule depends only on the calendar, so any t maps into 1970..2370; this also keeps
     * the sums below far from overflow for t near INT64_MIN or INT64_MAX. */
    t = floor_mod(t, SECS_PER_400Y);
    /* Rule dates are local, so take the year of local standard time: a rule that ends at
     * "J365/25" then still belongs to the year it started in. */
    int64_t year = year_of(t + r->std_off);
    int64_t start = rule_day(&r->start, year) * SECS_PER_DAY + r->start.time - r->std_off;
    int64_t end = rule_day(&r->end, year) * SECS_PER_DAY + r->end.time - r->dst_off;
    /* start > end: southern hemisphere, DST spans the new year. */
    bool in_dst = start < end ? t >= start && t < end : t >= start || t < end;

    return in_dst ? r->dst_off : r->std_off;
}

/* 1 to 3 digits with a value in [min, max]; the rest of s, or NULL. */
static const char *
parse_num(const char *s, int min, int max, int *out)
{
    int v = 0;
    int n = 0;

    while (n < 3 && s[n] >= '0' && s[n] <= '9') {
        v = v * 10 + (s[n] - '0');
        n++;
    }
    if (n == 0 || v < min || v > max) {
        return NULL;
    }
    *out = v;
    return s + n;
}

/* [+-]hh[:mm[:ss]] in seconds, hh at most max_hours. */
static const char *
parse_hms(const char *s, int max_hours, int32_t *out)
{
    int sign = *s == '-' ? -1 : 1;
    int h = 0;
    int m = 0;
    int sec = 0;

    if (*s == '+' || *s == '-') {
        s++;
    }
    s = parse_num(s, 0, max_hours, &h);
    if (s != NULL && *s == ':') {
        s = parse_num(s + 1, 0, 59, &m);
    }
    if (s != NULL && *s == ':') {
        s = parse_num(s + 1, 0, 59, &sec);
    }
    if (s != NULL) {
        *out = sign * (h * 3600 + m * 60 + sec);
    }
    return s;
}

/* A designation: 3 or more letters, or 3 or more of [A-Za-z0-9+-] inside <>. */
static const char *
parse_name(const char *s)
{
    if (*s == '<') {
        size_t n = strspn(s + 1, LETTERS "0123456789+-");
        return n >= 3 && s[n + 1] == '>' ? s + n + 2 : NULL;
    }
    size_t n = strspn(s, LETTERS);
    return n >= 3 ? s + n : NULL;
}

/* "name offset", the offset optional unless need_offset. POSIX offsets count west, so
 * *east_off gets the negated value; it is left alone when the offset is absent. */
static const char *
parse_zone_part(const char *s, bool need_offset, int32_t *east_off)
{
    int32_t west = 0;

    s = parse_name(s);
    if (s == NULL || (!need_offset && (*s == ',' || *s == '\0'))) {
        return s;
    }
    s = parse_hms(s, 24, &west);
    if (s != NULL) {
        *east_off = -west;
    }
    return s;
}

/* Jn, n or Mm.w.d, then an optional /time (02:00 when absent). */
static const char *
parse_date(const char *s, struct rule_date *d)
{
    d->time = 2 * 3600;
    if (*s == 'M') {
        d->kind = RULE_MONTH_WEEK;
        s = parse_num(s + 1, 1, 12, &d->month);
        s = s != NULL && *s == '.' ? parse_num(s + 1, 1, 5, &d->week) : NULL;
        s = s != NULL && *s == '.' ? parse_num(s + 1, 0, 6, &d->day) : NULL;
    } else if (*s == 'J') {
        d->kind = RULE_JULIAN;
        s = parse_num(s + 1, 1, 365, &d->day);
    } else {
        d->kind = RULE_DAY_OF_YEAR;
        s = parse_num(s, 0, 365, &d->day);
    }
    if (s != NULL && *s == '/') {
        s = parse_hms(s + 1, 167, &d->time);
    }
    return s;
}

/* The whole of s as "std offset [dst [offset] [,start[/time],end[/time]]]". */
static bool
rule_parse(const char *s, struct posix_rule *r)
{
    s = parse_zone_part(s, true, &r->std_off);
    if (s == NULL) {
        return false;
    }
    r->has_dst = *s != '\0';
    if (!r->has_dst) {
        return true;
    }
    r->dst_off = r->std_off + 3600; /* POSIX: one hour ahead when omitted */
    s = parse_zone_part(s, false, &r->dst_off);
    if (s != NULL && *s == '\0') {
        s = DEFAULT_RULE;
    }
    s = s != NULL && *s == ',' ? parse_date(s + 1, &r->start) : NULL;
    s = s != NULL && *s == ',' ? parse_date(s + 1, &r->end) : NULL;
    return s != NULL && *s == '\0';
}

/* ---- TZif ---- */

static uint32_t
be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* A header; *version is 1 for a v1 file, else 2, 3, 4... (each a superset of v2). */
static bool
read_header(const unsigned char *p, size_t len, int *version, struct tzif_counts *c)
{
    if (len < TZIF_HEADER_LEN || memcmp(p, "TZif", 4) != 0) {
        return false;
    }
    if (p[4] != 0 && (p[4] < '2' || p[4] > '9')) {
        return false;
    }
    *version = p[4] == 0 ? 1 : p[4] - '0';
    c->isut = be32(p + 20);
    c->isstd = be32(p + 24);
    c->leap = be32(p + 28);
    c->time = be32(p + 32);
    c->type = be32(p + 36);
    c->chars = be32(p + 40);
    return true;
}

/* Bytes in the data block after a header. 64-bit, so no count can make it wrap. */
static uint64_t
block_len(const struct tzif_counts *c, unsigned time_len)
{
    return (uint64_t)c->time * (time_len + 1) + (uint64_t)c->type * 6 + c->chars +
           (uint64_t)c->leap * (time_len + 4) + c->isstd + c->isut;
}

/* RFC 8536 section 3.1; types are indexed by one byte, hence at most 256. */
static bool
counts_are_valid(const struct tzif_counts *c)
{
    return c->type != 0 && c->type <= 256 && c->chars != 0 &&
           (c->isstd == 0 || c->isstd == c->type) && (c->isut == 0 || c->isut == c->type);
}

/* Transition times and their type indices; times must ascend, indices name a type. */
static bool
read_transitions(const unsigned char *p, const struct tzif_counts *c, unsigned time_len,
                 struct zone *z)
{
    const unsigned char *idx = p + (size_t)c->time * time_len;

    z->times = xcalloc(c->time, sizeof(z->times[0]));
    z->types = xcalloc(c->time, sizeof(z->types[0]));
    z->time_count = c->time;
    for (uint32_t i = 0; i < c->time; i++) {
        const unsigned char *tp = p + (size_t)i * time_len;
        z->times[i] = time_len == 8 ? be64(tp) : (int32_t)be32(tp);
        z->types[i] = idx[i];
        if (idx[i] >= c->type || (i > 0 && z->times[i] <= z->times[i - 1])) {
            return false;
        }
    }
    return true;
}

/* The ttinfo records (utoff, isdst, desigidx), 6 bytes each. The utoff bound is tzfile(5)'s
 * "realistic" range; it keeps offsets far from overflow in the rule arithmetic. */
static bool
read_types(const unsigned char *p, const struct tzif_counts *c, struct zone *z)
{
    z->utoffs = xcalloc(c->type, sizeof(z->utoffs[0]));
    z->type_count = c->type;
    for (uint32_t i = 0; i < c->type; i++) {
        const unsigned char *tt = p + (size_t)i * 6;
        int32_t utoff = (int32_t)be32(tt);
        if (utoff < -89999 || utoff > 93599 || tt[4] > 1 || tt[5] >= c->chars) {
            return false;
        }
        z->utoffs[i] = utoff;
    }
    return true;
}

/* One data block; the caller has checked that block_len bytes are there. Leap second
 * records and the std/wall and UT/local indicators are not needed for offsets: skipped. */
static bool
read_block(const unsigned char *p, const struct tzif_counts *c, unsigned time_len, struct zone *z)
{
    if (!counts_are_valid(c)) {
        return false;
    }
    return read_transitions(p, c, time_len, z) &&
           read_types(p + (size_t)c->time * (time_len + 1), c, z);
}

/* The footer is "\n" TZ-string "\n" (RFC 8536 section 3.3); an empty string means no rule,
 * and the last transition's type then goes on for ever. */
static bool
read_footer(const unsigned char *p, size_t len, struct zone *z)
{
    char tz[FOOTER_MAX];

    if (len < 2 || p[0] != '\n') {
        return false;
    }
    const unsigned char *nl = memchr(p + 1, '\n', len - 1);
    if (nl == NULL) {
        return false;
    }
    size_t n = (size_t)(nl - (p + 1));
    if (n >= sizeof(tz) || memchr(p + 1, '\0', n) != NULL) {
        return false;
    }
    memcpy(tz, p + 1, n);
    tz[n] = '\0';
    z->has_rule = n > 0;
    return n == 0 || rule_parse(tz, &z->rule);
}

/* A v1 file has 32-bit times only. A v2+ file repeats the data with 64-bit times after the
 * v1 block, whose size follows from its own header counts; then comes the footer. */
static bool
zone_parse(const unsigned char *buf, size_t len, struct zone *z)
{
    struct tzif_counts c;
    int version;

    if (!read_header(buf, len, &version, &c) || block_len(&c, 4) > len - TZIF_HEADER_LEN) {
        return false;
    }
    if (version == 1) {
        return read_block(buf + TZIF_HEADER_LEN, &c, 4, z);
    }
    size_t skip = TZIF_HEADER_LEN + (size_t)block_len(&c, 4);
    buf += skip;
    len -= skip;
    if (!read_header(buf, len, &version, &c) || version == 1 ||
        block_len(&c, 8) > len - TZIF_HEADER_LEN) {
        return false;
    }
    size_t body = (size_t)block_len(&c, 8);
    return read_block(buf + TZIF_HEADER_LEN, &c, 8, z) &&
           read_footer(buf + TZIF_HEADER_LEN + body, len - TZIF_HEADER_LEN - body, z);
}

static void
zone_free(struct zone *z)
{
    free(z->times);
    free(z->types);
    free(z->utoffs);
    free(z);
}

/* The whole regular file at path, at most TZIF_MAX_LEN bytes; caller frees *out. O_NONBLOCK
 * so that a FIFO planted in TZDIR cannot hang the caller (fstat then rejects it). */
static bool
read_file(const char *path, unsigned char **out, size_t *out_len)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

    if (fd < 0) {
        return false;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > TZIF_MAX_LEN) {
        close(fd);
        return false;
    }
    size_t len = (size_t)st.st_size;
    size_t got = 0;
    unsigned char *buf = xmalloc(len);
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    if (got != len) {
        free(buf);
        return false;
    }
    *out = buf;
    *out_len = len;
    return true;
}

/* The parsed zone at path, or NULL if it cannot be read or is not valid TZif. */
static struct zone *
zone_load(const char *path)
{
    unsigned char *buf;
    size_t len;

    if (!read_file(path, &buf, &len)) {
        return NULL;
    }
    struct zone *z = xcalloc(1, sizeof(*z));
    bool ok = zone_parse(buf, len, z);
    free(buf);
    if (!ok) {
        zone_free(z);
        return NULL;
    }
    return z;
}

/* Index of the last transition at or before t; times[0] <= t <= times[time_count - 1]. */
static uint32_t
transition_at(const struct zone *z, int64_t t)
{
    uint32_t lo = 0;
    uint32_t hi = z->time_count; /* times[lo] <= t, and t < times[hi] if hi < time_count */

    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (z->times[mid] <= t) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static int
zone_offset(const struct zone *z, int64_t t)
{
    uint32_t n = z->time_count;

    if (n > 0 && t < z->times[0]) {
        return z->utoffs[0]; /* RFC 8536 section 3.2: type 0 before the first transition */
    }
    if (n > 0 && t <= z->times[n - 1]) {
        return z->utoffs[z->types[transition_at(z, t)]];
    }
    if (z->has_rule) {
        return rule_offset(&z->rule, t); /* after the last transition, or always if none */
    }
    return z->utoffs[n > 0 ? z->types[n - 1] : 0];
}

/* ---- names, paths and the cache ---- */

static bool
name_is_valid(const char *name)
{
    static const char allowed[] = LETTERS "0123456789_+-/";

    if (name == NULL || name[0] == '\0' || name[0] == '/') {
        return false;
    }
    size_t len = strnlen(name, TZ_NAME_MAX + 1);
    /* '.' is not allowed at all; the ".." test states the intent and survives a wider set. */
    return len <= TZ_NAME_MAX && strspn(name, allowed) == len && strstr(name, "..") == NULL;
}

/* getenv is safe here as long as nobody changes the environment concurrently (see tz.h). */
static bool
zone_path(const char *name, char *out, size_t out_len)
{
    const char *dir = getenv("TZDIR");

    if (dir == NULL || dir[0] == '\0') {
        dir = TZ_DEFAULT_DIR;
    }
    int n = snprintf(out, out_len, "%s/%s", dir, name);
    return n > 0 && (size_t)n < out_len;
}

/* Keyed by the full path, so a changed TZDIR (tests) never sees another directory's zone. */
static struct zone *
find_locked(const char *path)
{
    for (size_t i = 0; i < cache_count; i++) {
        if (strcmp(cache[i].path, path) == 0) {
            return cache[i].zone;
        }
    }
    return NULL;
}

static const struct zone *
cache_find(const char *path)
{
    pthread_mutex_lock(&cache_lock);
    const struct zone *z = find_locked(path);
    pthread_mutex_unlock(&cache_lock);
    return z;
}

/*
 * Publish z, freshly loaded from path. Returns the zone to use from now on: z, or the one
 * another thread published first (z is then freed). NULL if the cache is full: z stays
 * the caller's.
 */
static const struct zone *
cache_add(const char *path, struct zone *z)
{
    pthread_mutex_lock(&cache_lock);
    struct zone *found = find_locked(path);
    if (found == NULL && cache_count < CACHE_MAX) {
        cache[cache_count].path = xstrdup(path);
        cache[cache_count].zone = z;
        cache_count++;
        found = z;
    }
    pthread_mutex_unlock(&cache_lock);
    if (found != NULL && found != z) {
        zone_free(z);
    }
    return found;
}

bool
tz_offset(const char *zone, int64_t t, int *offset_s)
{
    char path[PATH_MAX];

    if (!name_is_valid(zone) || !zone_path(zone, path, sizeof(path))) {
        return false;
    }
    const struct zone *z = cache_find(path);
    if (z == NULL) {
        /* Parsed outside the lock: two threads may both load a zone on first use, and
         * cache_add keeps one. */
        struct zone *fresh = zone_load(path);
        if (fresh == NULL) {
            return false;
        }
        z = cache_add(path, fresh);
        if (z == NULL) {
            *offset_s = zone_offset(fresh, t);
            zone_free(fresh);
            return true;
        }
    }
    *offset_s = zone_offset(z, t);
    return true;
}
