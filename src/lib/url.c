/* SPDX-License-Identifier: MIT */
#include "lib/url.h"

#include <string.h>

#include "lib/arena.h"

char *
url_encode(struct arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    static const char unreserved[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                     "0123456789-._~";
    char *out = arena_alloc(a, strlen(s) * 3 + 1);
    size_t n = 0;

    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (strchr(unreserved, ch) != NULL) {
            out[n++] = (char)ch;
        } else {
            out[n++] = '%';
            out[n++] = hex[ch >> 4];
            out[n++] = hex[ch & 15];
        }
    }
    out[n] = '\0';
    return out;
}
