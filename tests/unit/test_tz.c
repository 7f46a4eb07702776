/* SPDX-License-Identifier: MIT */
#include <criterion/criterion.h>

#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/tz.h"

#define SYSTEM_DIR "/usr/share/zoneinfo"

/* Unix time of a UTC date and hour. */
static int64_t
utc(int y, int m, int d, int h)
{
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = h};

    return (int64_t)timegm(&tm);
}

static int
offset(const char *zone, int64_t t)
{
    int off = -1;

    cr_assert(tz_offset(zone, t, &off), "tz_offset(%s, %lld) failed", zone, (long long)t);
    return off;
}

/* Asserts the offset just before and at instant t. */
static void
assert_switch(const char *zone, int64_t t, int before, int after)
{
    cr_assert_eq(offset(zone, t - 1), before, "%s just before %lld", zone, (long long)t);
    cr_assert_eq(offset(zone, t), after, "%s at %lld", zone, (long long)t);
}

Test(tz, kyiv_is_utc_plus_2_in_winter_and_plus_3_in_summer)
{
    cr_assert_eq(offset("Europe/Kyiv", utc(2025, 1, 15, 12)), 7200);
    cr_assert_eq(offset("Europe/Kyiv", utc(2025, 7, 15, 12)), 10800);
}

/* Debian's files list transitions up to 2037, so 2030 comes from the table (on a "slim"
 * tzdata it would come from the footer rule and must agree). 31 March is a last Sunday. */
Test(tz, kyiv_switches_at_01_00_utc_on_the_last_sundays_of_2030)
{
    assert_switch("Europe/Kyiv", utc(2030, 3, 31, 1), 7200, 10800);
    assert_switch("Europe/Kyiv", utc(2030, 10, 27, 1), 10800, 7200);
}

/* Past the table: the footer "EET-2EEST,M3.5.0/3,M10.5.0/4". 31 October is a last Sunday. */
Test(tz, kyiv_follows_the_footer_rule_in_2100)
{
    assert_switch("Europe/Kyiv", utc(2100, 3, 28, 1), 7200, 10800);
    assert_switch("Europe/Kyiv", utc(2100, 10, 31, 1), 10800, 7200);
    cr_assert_eq(offset("Europe/Kyiv", utc(2100, 1, 1, 0)), 7200);
}

Test(tz, new_york_is_minus_5_in_winter_and_minus_4_in_summer)
{
    cr_assert_eq(offset("America/New_York", utc(2025, 1, 15, 12)), -18000);
    cr_assert_eq(offset("America/New_York", utc(2025, 7, 15, 12)), -14400);
    assert_switch("America/New_York", utc(2100, 3, 14, 7), -18000, -14400);
    assert_switch("America/New_York", utc(2100, 11, 7, 6), -14400, -18000);
}

Test(tz, kolkata_is_plus_5_30_all_year)
{
    cr_assert_eq(offset("Asia/Kolkata", utc(2025, 1, 15, 12)), 19800);
    cr_assert_eq(offset("Asia/Kolkata", utc(2025, 7, 15, 12)), 19800);
    cr_assert_eq(offset("Asia/Kolkata", utc(2100, 7, 15, 12)), 19800);
}

Test(tz, utc_and_etc_utc_are_zero_at_any_time)
{
    int64_t times[] = {INT64_MIN, -1, 0, utc(2025, 7, 15, 12), utc(2100, 7, 1, 0), INT64_MAX};

    for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
        cr_assert_eq(offset("UTC", times[i]), 0);
        cr_assert_eq(offset("Etc/UTC", times[i]), 0);
    }
}

Test(tz, moscow_is_plus_3_all_year_after_2014)
{
    cr_assert_eq(offset("Europe/Moscow", utc(2014, 1, 15, 12)), 14400);
    cr_assert_eq(offset("Europe/Moscow", utc(2015, 1, 15, 12)), 10800);
    cr_assert_eq(offset("Europe/Moscow", utc(2015, 7, 15, 12)), 10800);
    cr_assert_eq(offset("Europe/Moscow", utc(2100, 7, 15, 12)), 10800);
}

/* RFC 8536 section 3.2: time type 0, here local mean time (Kyiv +2:02:04, New York
 * -4:56:02), rules before the first transition. */
Test(tz, times_before_the_first_transition_use_type_0)
{
    cr_assert_eq(offset("Europe/Kyiv", utc(1850, 6, 1, 0)), 7324);
    cr_assert_eq(offset("America/New_York", utc(1850, 6, 1, 0)), -17762);
    cr_assert_eq(offset("Europe/Kyiv", INT64_MIN), 7324);
}

/* Dublin's standard time is summer time (IST, +1) and winter time is a negative DST: the
 * rule "IST-1GMT0,M10.5.0,M3.5.0/1" starts in October and ends in March. */
Test(tz, dublin_uses_a_negative_dst_in_winter)
{
    cr_assert_eq(offset("Europe/Dublin", utc(2100, 1, 15, 12)), 0);
    cr_assert_eq(offset("Europe/Dublin", utc(2100, 7, 15, 12)), 3600);
}

Test(tz, sydney_dst_spans_the_new_year)
{
    cr_assert_eq(offset("Australia/Sydney", utc(2100, 1, 15, 12)), 39600);
    cr_assert_eq(offset("Australia/Sydney", utc(2100, 7, 15, 12)), 36000);
    cr_assert_eq(offset("Australia/Sydney", utc(2100, 12, 31, 23)), 39600);
}

Test(tz, the_extreme_times_get_an_answer)
{
    cr_assert_eq(offset("Europe/Kyiv", INT64_MAX), offset("Europe/Kyiv", INT64_MAX - 1));
    cr_assert_eq(offset("America/New_York", INT64_MIN + 1), -17762);
}

Test(tz, rejects_malformed_names_without_touching_the_answer)
{
    char long_name[201];
    memset(long_name, 'A', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = '\0';
    const char *const bad[] = {"../etc/passwd",
                               "/etc/passwd",
                               "Europe/../UTC",
                               "Europe/Kyiv.",
                               "Europe/Kyiv ",
                               "Europe\\Kyiv",
                               "",
                               long_name};
    int off = 12345;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cr_assert_not(tz_offset(bad[i], 0, &off), "accepted \"%s\"", bad[i]);
    }
    cr_assert_not(tz_offset(NULL, 0, &off));
    cr_assert_eq(off, 12345);
}

Test(tz, unknown_zones_and_directories_are_false)
{
    int off = 0;

    cr_assert_not(tz_offset("Nope/Nowhere", 0, &off));
    cr_assert_not(tz_offset("Europe", 0, &off));
    cr_assert_not(tz_offset("Europe/", 0, &off));
}

/* ---- against the C library, which reads the same files ---- */

static const char *const sample_zones[] = {
    "Europe/Kyiv",         "America/New_York", "Asia/Kolkata",      "Europe/Moscow",
    "Australia/Sydney",    "Europe/Dublin",    "Africa/Casablanca", "America/Sao_Paulo",
    "Pacific/Auckland",    "Asia/Tehran",      "America/St_Johns",  "Pacific/Chatham",
    "Australia/Lord_Howe", "America/Santiago", "Asia/Gaza",         "Europe/London",
    "Pacific/Apia",        "America/Nuuk",     "Antarctica/Troll",  "Pacific/Kiritimati",
    "Etc/GMT+12",          "America/Asuncion", "Africa/Cairo",      "Asia/Jerusalem",
    "America/Havana",      "Europe/Lisbon",    "Asia/Tokyo",        "America/Los_Angeles",
};

static int
libc_offset(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;

    cr_assert_not_null(localtime_r(&tt, &tm));
    return (int)tm.tm_gmtoff;
}

/* 1800..2500 at pseudo-random instants: the table, type 0 before it, the footer after it.
 * The test process is its own (Criterion forks), so setting TZ here is harmless. */
Test(tz, agrees_with_the_c_library_over_seven_centuries)
{
    uint64_t x = 88172645463325252u;

    for (size_t z = 0; z < sizeof(sample_zones) / sizeof(sample_zones[0]); z++) {
        setenv("TZ", sample_zones[z], 1);
        tzset();
        for (int i = 0; i < 5000; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            int64_t t = utc(1800, 1, 1, 0) + (int64_t)(x % (uint64_t)(700 * 31556952LL));
            cr_assert_eq(offset(sample_zones[z], t), libc_offset(t), "%s at %lld", sample_zones[z],
                         (long long)t);
        }
    }
}

/* ---- threads and the cache ---- */

#define THREADS 4
#define PROBES 2000

struct worker {
    pthread_barrier_t *start;
    int got[sizeof(sample_zones) / sizeof(sample_zones[0])][PROBES];
};

static int64_t
probe_time(int i)
{
    return utc(1900, 1, 1, 0) + (int64_t)i * 1577836; /* 1900..2000, 18 days apart */
}

/* Every thread asks for every zone, all starting cold at once, so first loads race. */
static void *
work(void *arg)
{
    struct worker *w = arg;

    pthread_barrier_wait(w->start);
    for (size_t z = 0; z < sizeof(sample_zones) / sizeof(sample_zones[0]); z++) {
        for (int i = 0; i < PROBES; i++) {
            if (!tz_offset(sample_zones[z], probe_time(i), &w->got[z][i])) {
                w->got[z][i] = INT_MIN;
            }
        }
    }
    return NULL;
}

Test(tz, concurrent_calls_from_4_threads_agree)
{
    static struct worker workers[THREADS];
    pthread_t threads[THREADS];
    pthread_barrier_t start;

    pthread_barrier_init(&start, NULL, THREADS);
    for (int i = 0; i < THREADS; i++) {
        workers[i].start = &start;
        cr_assert_eq(pthread_create(&threads[i], NULL, work, &workers[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
    }
    pthread_barrier_destroy(&start);

    for (size_t z = 0; z < sizeof(sample_zones) / sizeof(sample_zones[0]); z++) {
        for (int i = 0; i < PROBES; i++) {
            int want = offset(sample_zones[z], probe_time(i));
            for (int k = 0; k < THREADS; k++) {
                cr_assert_eq(workers[k].got[z][i], want, "thread %d, %s", k, sample_zones[z]);
            }
        }
    }
}

/* ---- files of our own in a temporary TZDIR ---- */

static char tmpdir[] = "/tmp/test_tz_XXXXXX";

static void
make_tzdir(void)
{
    cr_assert_not_null(mkdtemp(tmpdir));
    setenv("TZDIR", tmpdir, 1);
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void
remove_tzdir(void)
{
    nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(tzfile, .init = make_tzdir, .fini = remove_tzdir);

static void
write_zone(const char *name, const void *data, size_t len)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");

    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

static size_t
read_system_zone(const char *name, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(name, "rb");

    cr_assert_not_null(f, "%s", name);
    size_t len = fread(buf, 1, cap, f);
    fclose(f);
    cr_assert(len > 0 && len < cap);
    return len;
}

/* A TZif file built field by field, RFC 8536 section 3. */
struct tzif {
    char version; /* 0 for a v1 file, else '2', '3'... */
    size_t time_count;
    const int64_t *times;
    const uint8_t *types;
    size_t type_count;
    const int32_t *utoffs;
    size_t leap_count; /* made-up leap second records, which readers skip */
    int32_t v1_bias;   /* added to the v1 block's offsets of a v2 file: shows which was read */
    const char *footer;
};

struct out {
    unsigned char data[4096];
    size_t len;
};

static void
put(struct out *o, uint64_t v, unsigned len)
{
    cr_assert(o->len + len <= sizeof(o->data));
    for (unsigned i = 0; i < len; i++) {
        o->data[o->len++] = (unsigned char)(v >> (8 * (len - 1 - i)));
    }
}

static void
put_header(struct out *o, const struct tzif *z)
{
    put(o, 0x545a6966, 4); /* "TZif" */
    put(o, (unsigned char)z->version, 1);
    put(o, 0, 8); /* 15 unused bytes */
    put(o, 0, 7);
    put(o, 0, 4);             /* isutcnt */
    put(o, 0, 4);             /* isstdcnt */
    put(o, z->leap_count, 4); /* leapcnt */
    put(o, z->time_count, 4); /* timecnt */
    put(o, z->type_count, 4); /* typecnt */
    put(o, 4, 4);             /* charcnt: "ABC\0" */
}

static void
put_block(struct out *o, const struct tzif *z, unsigned time_len, int32_t bias)
{
    put_header(o, z);
    for (size_t i = 0; i < z->time_count; i++) {
        put(o, (uint64_t)z->times[i], time_len);
    }
    for (size_t i = 0; i < z->time_count; i++) {
        put(o, z->types[i], 1);
    }
    for (size_t i = 0; i < z->type_count; i++) {
        put(o, (uint32_t)(z->utoffs[i] + bias), 4);
        put(o, 0, 1); /* isdst */
        put(o, 0, 1); /* desigidx */
    }
    put(o, 0x41424300, 4);
    for (size_t i = 0; i < z->leap_count; i++) {
        put(o, 78796800 + i * 15778800, time_len);
        put(o, i + 1, 4);
    }
}

static void
write_tzif(const char *name, const struct tzif *z)
{
    struct out o = {.len = 0};

    put_block(&o, z, 4, z->version == 0 ? 0 : z->v1_bias);
    if (z->version != 0) {
        put_block(&o, z, 8, 0);
        size_t n = strlen(z->footer);
        cr_assert(o.len + n + 2 <= sizeof(o.data));
        o.data[o.len++] = '\n';
        memcpy(o.data + o.len, z->footer, n);
        o.len += n;
        o.data[o.len++] = '\n';
    }
    write_zone(name, o.data, o.len);
}

/* A zone with no transitions: the footer alone decides. */
static void
write_rule_zone(const char *name, const char *footer)
{
    static const int32_t utoff[] = {0};
    struct tzif z = {.version = '2', .type_count = 1, .utoffs = utoff, .footer = footer};

    write_tzif(name, &z);
}

static const int64_t two_times[] = {1000000000, 2000000000};
static const uint8_t two_types[] = {1, 2};
static const int32_t three_offsets[] = {100, 200, 300};

Test(tzfile, a_version_1_file_is_read_from_its_32_bit_block)
{
    struct tzif z = {.version = 0,
                     .time_count = 2,
                     .times = two_times,
                     .types = two_types,
                     .type_count = 3,
                     .utoffs = three_offsets,
                     .leap_count = 2};

    write_tzif("V1", &z);

    cr_assert_eq(offset("V1", 999999999), 100);
    cr_assert_eq(offset("V1", 1000000000), 200);
    cr_assert_eq(offset("V1", 2000000000), 300);
    cr_assert_eq(offset("V1", INT64_MAX), 300);
}

Test(tzfile, a_version_2_file_is_read_from_its_64_bit_block_past_leap_records)
{
    struct tzif z = {.version = '2',
                     .time_count = 2,
                     .times = two_times,
                     .types = two_types,
                     .type_count = 3,
                     .utoffs = three_offsets,
                     .leap_count = 3,
                     .v1_bias = 7,
                     .footer = "<+0005>-0:05"};

    write_tzif("V2", &z);

    cr_assert_eq(offset("V2", 999999999), 100);
    cr_assert_eq(offset("V2", 1000000000), 200);
    cr_assert_eq(offset("V2", 2000000000), 300);
    cr_assert_eq(offset("V2", 2000000001), 300); /* footer from here */
    cr_assert_eq(offset("V2", 2100000000), 300);
}

Test(tzfile, an_empty_footer_keeps_the_last_type)
{
    struct tzif z = {.version = '3',
                     .time_count = 2,
                     .times = two_times,
                     .types = two_types,
                     .type_count = 3,
                     .utoffs = three_offsets,
                     .footer = ""};

    write_tzif("Empty", &z);

    cr_assert_eq(offset("Empty", 4000000000), 300);
}

/* Jn never counts 29 February (J60 is always 1 March); n counts it from 0 (59 is 1 March
 * in 2023 and 29 February in 2024). */
Test(tzfile, julian_day_rules)
{
    write_rule_zone("J", "AAA-1BBB,J60/2,J300/2");
    write_rule_zone("N", "AAA-1BBB,59/2,299/2");

    assert_switch("J", utc(2024, 3, 1, 1), 3600, 7200);
    assert_switch("J", utc(2023, 3, 1, 1), 3600, 7200);
    assert_switch("N", utc(2023, 3, 1, 1), 3600, 7200);
    assert_switch("N", utc(2024, 2, 29, 1), 3600, 7200);
}

/* RFC 8536 section 3.3.1: DST all year is written as a rule from 1 January 00:00 to
 * 31 December 25:00; it must hold across the new year too. */
Test(tzfile, a_rule_can_keep_dst_all_year)
{
    write_rule_zone("AllYear", "EST5EDT,0/0,J365/25");

    cr_assert_eq(offset("AllYear", utc(2026, 7, 1, 0)), -14400);
    cr_assert_eq(offset("AllYear", utc(2026, 12, 31, 23)), -14400);
    cr_assert_eq(offset("AllYear", utc(2027, 1, 1, 3)), -14400);
    cr_assert_eq(offset("AllYear", utc(2027, 1, 1, 6)), -14400);
}

Test(tzfile, dst_without_a_rule_follows_the_posix_default)
{
    write_rule_zone("NoRule", "EST5EDT");

    assert_switch("NoRule", utc(2100, 3, 14, 7), -18000, -14400);
}

Test(tzfile, every_truncation_of_a_real_file_is_refused)
{
    unsigned char buf[16384];
    size_t len = read_system_zone(SYSTEM_DIR "/Europe/Kyiv", buf, sizeof(buf));
    int off = 12345;

    write_zone("Whole", buf, len);
    cr_assert_eq(offset("Whole", utc(2025, 7, 15, 12)), 10800);
    for (size_t n = 0; n < len; n++) {
        write_zone("Cut", buf, n);
        cr_assert_not(tz_offset("Cut", 0, &off), "accepted the first %zu of %zu bytes", n, len);
    }
    cr_assert_eq(off, 12345);
}

/* Each byte in turn set to 0xff or 0x00: the answer may be either, but never a crash (the
 * sanitizer build checks every read). Names differ since a success is cached. */
Test(tzfile, damaged_bytes_never_crash)
{
    unsigned char buf[16384];
    size_t len = read_system_zone(SYSTEM_DIR "/America/New_York", buf, sizeof(buf));
    int off;

    for (size_t i = 0; i < len; i++) {
        for (int v = 0; v < 2; v++) {
            char name[32];
            unsigned char saved = buf[i];
            buf[i] = v == 0 ? 0xff : 0x00;
            snprintf(name, sizeof(name), "D%zu_%d", i, v);
            write_zone(name, buf, len);
            (void)tz_offset(name, utc(2025, 7, 15, 12), &off);
            (void)tz_offset(name, INT64_MAX, &off);
            buf[i] = saved;
        }
    }
}

Test(tzfile, malformed_files_are_refused)
{
    static const int64_t backwards[] = {2000000000, 1000000000};
    static const uint8_t bad_type[] = {1, 3};
    struct tzif desc = {.version = '2',
                        .time_count = 2,
                        .times = backwards,
                        .types = two_types,
                        .type_count = 3,
                        .utoffs = three_offsets,
                        .footer = ""};
    struct tzif bad_index = {.version = '2',
                             .time_count = 2,
                             .times = two_times,
                             .types = bad_type,
                             .type_count = 3,
                             .utoffs = three_offsets,
                             .footer = ""};
    int off = 0;

    write_tzif("Backwards", &desc);
    write_tzif("BadIndex", &bad_index);
    write_rule_zone("BadRule", "EET-2EEST,M3.5.0/3");
    write_rule_zone("BadMonth", "EET-2EEST,M13.5.0/3,M10.5.0/4");
    write_rule_zone("NoOffset", "EET");
    write_zone("Text", "Europe/Kyiv\n", 12);
    write_zone("Empty", "", 0);

    const char *const names[] = {"Backwards", "BadIndex", "BadRule", "BadMonth",
                                 "NoOffset",  "Text",     "Empty"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        cr_assert_not(tz_offset(names[i], 0, &off), "accepted %s", names[i]);
    }
}

/* A header that promises more data than the file holds, by up to 2^32 entries. */
Test(tzfile, counts_larger_than_the_file_are_refused)
{
    unsigned char buf[16384];
    size_t len = read_system_zone(SYSTEM_DIR "/Europe/Kyiv", buf, sizeof(buf));
    int off = 0;

    for (size_t field = 20; field < 44; field += 4) {
        unsigned char saved[4];
        memcpy(saved, buf + field, 4);
        memset(buf + field, 0xff, 4);
        write_zone("Huge", buf, len);
        cr_assert_not(tz_offset("Huge", 0, &off), "count at byte %zu", field);
        memcpy(buf + field, saved, 4);
    }
}

/* A name of exactly TZ_NAME_MAX bytes is valid; one byte more is refused even if the file
 * is there. */
Test(tzfile, the_name_limit_is_inclusive)
{
    char name[TZ_NAME_MAX + 2];
    int off = 0;

    memset(name, 'A', sizeof(name) - 1);
    name[TZ_NAME_MAX + 1] = '\0';
    write_rule_zone(name, "UTC0");
    cr_assert_not(tz_offset(name, 0, &off));
    name[TZ_NAME_MAX] = '\0';
    write_rule_zone(name, "UTC0");
    cr_assert(tz_offset(name, 0, &off));
}

/* More zones than the cache holds: the rest are read for each call, with the same answers. */
Test(tzfile, zones_past_the_cache_limit_still_answer)
{
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 100; i++) {
            char name[16];
            char path[PATH_MAX];
            snprintf(name, sizeof(name), "K%d", i);
            snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
            if (round == 0) {
                cr_assert_eq(symlink(SYSTEM_DIR "/Europe/Kyiv", path), 0);
            }
            cr_assert_eq(offset(name, utc(2025, 7, 15, 12)), 10800, "%s", name);
            cr_assert_eq(offset(name, utc(2100, 1, 15, 12)), 7200, "%s", name);
        }
    }
}
