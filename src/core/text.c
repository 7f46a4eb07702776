/* SPDX-License-Identifier: MIT */
#include "core/text.h"

#include <ctype.h>
#include <string.h>

#include "lib/arena.h"

size_t
text_chars(const char *s)
{
    size_t n = 0;

    for (; s != NULL && *s; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80; /* count lead bytes only */
    }
    return n;
}

bool
text_has_control(const char *s)
{
    for (; s != NULL && *s; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f) {
            return true;
        }
    }
    return false;
}

bool
text_is_slug(const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (n == 0 || n > 100 || s[0] == '-' || s[n - 1] == '-') {
        return false;
    }
    return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

bool
text_is_http_url(const char *s)
{
    if (s == NULL) {
        return true;
    }
    bool scheme = strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
    return scheme && strlen(s) <= 2000 && !text_has_control(s);
}

char *
text_slug(struct arena *a, const char *name, const char *fallback, const char *suffix)
{
    enum { WORDS_MAX = 60 };
    char words[WORDS_MAX + 1];
    size_t n = 0;

    for (const char *p = name; p != NULL && *p && n < WORDS_MAX; p++) {
        unsigned char ch = (unsigned char)*p;
        if (isalnum(ch) && ch < 0x80) {
            words[n++] = (char)tolower(ch);
        } else if (n > 0 && words[n - 1] != '-') {
            words[n++] = '-';
        }
    }
    while (n > 0 && words[n - 1] == '-') {
        n--;
    }
    words[n] = '\0';
    return arena_printf(a, "%s-%s", n ? words : fallback, suffix);
}
