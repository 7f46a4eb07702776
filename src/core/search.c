/* SPDX-License-Identifier: MIT */
#include "core/search.h"

#include <stdbool.h>

#include "lib/arena.h"

/* A byte of a term: an ASCII letter or digit, or any byte of a multi-byte UTF-8 character. */
static bool
term_byte(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           ch >= 0x80;
}

size_t
search_terms(struct arena *a, const char *q, const char *out[SEARCH_MAX_TERMS])
{
    size_t n = 0;

    while (q != NULL && *q && n < SEARCH_MAX_TERMS) {
        while (*q && !term_byte((unsigned char)*q)) {
            q++;
        }
        const char *start = q;
        while (*q && term_byte((unsigned char)*q)) {
            q++;
        }
        size_t len = (size_t)(q - start);
        if (len == 0) {
            break;
        }
        /* Cut a long term at a character boundary. */
        while (len > SEARCH_TERM_MAX ||
               (len < (size_t)(q - start) && ((unsigned char)start[len] & 0xC0) == 0x80)) {
            len--;
        }
        char *t = arena_strndup(a, start, len);
        for (char *p = t; *p; p++) {
            *p = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
        }
        out[n++] = t;
    }
    return n;
}
