/* SPDX-License-Identifier: MIT */
#include "core/webhook.h"

#include <string.h>
#include <strings.h>

#include "core/ctx.h"
#include "lib/arena.h"

static const char *const type_names[] = {
    "booking.requested", "booking.created", "booking.changed", "waitlist.offered",
    "event.changed",     "event.cancelled", "event.done",
};
#define TYPE_COUNT (sizeof(type_names) / sizeof(type_names[0]))

const char *const pref_groups[PREF_GROUP_COUNT] = {"booking", "event", "reminder", "waitlist"};
const char *const pref_channels[PREF_CHANNEL_COUNT] = {"email", "telegram", "inapp"};

unsigned
webhook_type_parse(const char *name)
{
    for (size_t i = 0; name != NULL && i < TYPE_COUNT; i++) {
        if (strcmp(name, type_names[i]) == 0) {
            return 1u << i;
        }
    }
    return 0;
}

const char *
webhook_type_name(unsigned bit)
{
    for (size_t i = 0; i < TYPE_COUNT; i++) {
        if (bit == 1u << i) {
            return type_names[i];
        }
    }
    return NULL;
}

unsigned
webhook_types_from_text(const char *text)
{
    unsigned bits = 0;
    char name[32];

    if (text == NULL || strcmp(text, "*") == 0) {
        return WEBHOOK_ALL;
    }
    for (const char *p = text; *p != '\0';) {
        size_t len = strcspn(p, ",");
        size_t skip = strspn(p, " "); /* "a, b" as well as "a,b" */
        size_t keep = skip < len ? len - skip : 0;
        while (keep > 0 && p[skip + keep - 1] == ' ') {
            keep--;
        }
        if (keep < sizeof(name)) {
            memcpy(name, p + skip, keep);
            name[keep] = '\0';
            bits |= webhook_type_parse(name);
        }
        p += len + (p[len] == ',');
    }
    return bits;
}

const char *
webhook_types_text(struct arena *a, unsigned bits)
{
    const char *text = "";

    if ((bits & WEBHOOK_ALL) == WEBHOOK_ALL) {
        return "*";
    }
    for (size_t i = 0; i < TYPE_COUNT; i++) {
        if (bits & (1u << i)) {
            text = arena_printf(a, "%s%s%s", text, text[0] ? "," : "", type_names[i]);
        }
    }
    return text;
}

bool
webhook_wants(const char *types_text, const char *category)
{
    unsigned bit = webhook_type_parse(category);

    return bit != 0 && (webhook_types_from_text(types_text) & bit) != 0;
}

static bool
is_loopback(const char *host, size_t len)
{
    static const char *const names[] = {"127.0.0.1", "[::1]", "localhost"};

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (len == strlen(names[i]) && strncasecmp(host, names[i], len) == 0) {
            return true;
        }
    }
    return false;
}

/* The host of an authority "host[:port]" or "[v6][:port]"; false if the port is not digits. */
static bool
split_host(const char *auth, size_t auth_len, size_t *host_len)
{
    const char *end = auth + auth_len;
    const char *colon = NULL;

    if (auth_len > 0 && auth[0] == '[') {
        const char *close = memchr(auth, ']', auth_len);
        colon = close && close + 1 < end && close[1] == ':' ? close + 1 : NULL;
        if (close == NULL || (close + 1 < end && colon == NULL)) {
            return false;
        }
    } else {
        colon = memchr(auth, ':', auth_len);
    }
    *host_len = colon ? (size_t)(colon - auth) : auth_len;
    if (colon == NULL) {
        return true;
    }
    size_t port_len = (size_t)(end - colon - 1);
    return port_len > 0 && port_len <= 5 && strspn(colon + 1, "0123456789") >= port_len;
}

static bool
has_bad_bytes(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p == 0x7f) {
            return true;
        }
    }
    return false;
}

enum bo_err
webhook_url_check(struct ctx *c, const char *url)
{
    size_t scheme = strncasecmp(url, "https://", 8) == 0  ? 8
                    : strncasecmp(url, "http://", 7) == 0 ? 7
                                                          : 0;
    size_t host_len = 0;

    if (strlen(url) > WEBHOOK_URL_MAX || has_bad_bytes(url)) {
        return ctx_fail(c, BO_ERR_INVALID, "url",
                        "url must be at most %d characters, without spaces", WEBHOOK_URL_MAX);
    }
    if (scheme == 0) {
        return ctx_fail(c, BO_ERR_INVALID, "url", "url must be an absolute http(s) URL");
    }
    const char *auth = url + scheme;
    size_t auth_len = strcspn(auth, "/?#");
    if (strchr(url, '#') != NULL) {
        return ctx_fail(c, BO_ERR_INVALID, "url", "url must not have a #fragment");
    }
    if (memchr(auth, '@', auth_len) != NULL) {
        return ctx_fail(c, BO_ERR_INVALID, "url", "url must not carry a user name or password");
    }
    if (!split_host(auth, auth_len, &host_len) || host_len == 0) {
        return ctx_fail(c, BO_ERR_INVALID, "url", "url must name a host (and a numeric port)");
    }
    if (scheme == 7 && !is_loopback(auth, host_len)) {
        return ctx_fail(c, BO_ERR_INVALID, "url", "url must use https (http only to loopback)");
    }
    return BO_OK;
}

int
pref_group_index(const char *group)
{
    for (int i = 0; group != NULL && i < PREF_GROUP_COUNT; i++) {
        if (strcmp(group, pref_groups[i]) == 0) {
            return i;
        }
    }
    return -1;
}

int
pref_channel_index(const char *channel)
{
    for (int i = 0; channel != NULL && i < PREF_CHANNEL_COUNT; i++) {
        if (strcmp(channel, pref_channels[i]) == 0) {
            return i;
        }
    }
    return -1;
}

const char *
pref_group_of(struct arena *a, const char *category)
{
    size_t len = strcspn(category, ".");
    char *group = arena_strndup(a, category, len);

    return pref_group_index(group) >= 0 ? group : NULL;
}
