/* SPDX-License-Identifier: MIT */
/*
 * route.c - routing rules (route.h).
 */
#include "core/route.h"

#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"

bool
route_is_reminder(const char *category)
{
    return strncmp(category, "reminder.", 9) == 0;
}

static const char *
kind_of(const char *category)
{
    const char *dot = strchr(category, '.');

    return dot ? dot + 1 : category;
}

const char *
route_webhook_message_id(struct arena *a, const struct route_key *k)
{
    /* A booking's change is named by its new state and time (two changes may share a state);
     * an event's by its version, which every change raises. */
    if (k->booking_id > 0) {
        return arena_printf(a, "msg_booking_%lld_%s_%s_%lld", (long long)k->booking_id,
                            k->state ? k->state : "none", kind_of(k->category),
                            (long long)k->created_at);
    }
    return arena_printf(a, "msg_event_%lld_v%d_%s", (long long)k->event_id, k->version,
                        kind_of(k->category));
}

/* --- short links --------------------------------------------------------------- */

static const char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static const struct {
    char letter;
    const char *prefix;
} short_kinds[] = {{'b', "/bookings/"}, {'e', "/events/"}};

#define SHORT_KINDS (sizeof(short_kinds) / sizeof(short_kinds[0]))

/* A positive decimal id without sign, spaces or leading zeros, below 10^17 (so its code
 * has at most 10 base62 digits: 62^10 > 8e17). */
static bool
parse_id(const char *s, int64_t *out)
{
    char *end = NULL;

    if (s[0] < '1' || s[0] > '9' || strspn(s, "0123456789") != strlen(s) || strlen(s) > 17) {
        return false;
    }
    *out = strtoll(s, &end, 10);
    return *end == '\0';
}

bool
route_short_code(const char *link, char out[ROUTE_SHORT_MAX])
{
    for (size_t k = 0; link != NULL && k < SHORT_KINDS; k++) {
        size_t plen = strlen(short_kinds[k].prefix);
        int64_t id = 0;
        if (strncmp(link, short_kinds[k].prefix, plen) != 0 || !parse_id(link + plen, &id)) {
            continue;
        }
        char digits[ROUTE_SHORT_MAX];
        size_t n = 0;
        for (; id > 0; id /= 62) {
            digits[n++] = base62[id % 62];
        }
        out[0] = short_kinds[k].letter;
        for (size_t i = 0; i < n; i++) {
            out[1 + i] = digits[n - 1 - i];
        }
        out[1 + n] = '\0';
        return true;
    }
    return false;
}

bool
route_short_code_plausible(const char *code)
{
    size_t len = code ? strlen(code) : 0;

    return len > 0 && len <= 32 && strspn(code, base62) == len;
}

const char *
route_short_link(struct arena *a, const char *code)
{
    size_t len = code ? strlen(code) : 0;
    int64_t id = 0;

    /* At most 10 digits, so no overflow (62^10 < 2^63); no leading zero, so one code a page. */
    if (len < 2 || len > 11 || code[1] == '0' || strspn(code + 1, base62) != len - 1) {
        return NULL;
    }
    for (size_t i = 1; i < len; i++) {
        id = id * 62 + (int64_t)(strchr(base62, code[i]) - base62);
    }
    for (size_t k = 0; k < SHORT_KINDS; k++) {
        if (code[0] == short_kinds[k].letter) {
            return arena_printf(a, "%s%lld", short_kinds[k].prefix, (long long)id);
        }
    }
    return NULL;
}
