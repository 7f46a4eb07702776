/* SPDX-License-Identifier: MIT */
#include "core/search.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lib/arena.h"

/*
 * Code points that are letters or digits in the scripts of our catalogs, as
 * inclusive ranges: the ones SQLite's unicode61 tokenizer keeps inside a
 * token. Everything else separates terms. Where this table is narrower than
 * the tokenizer (rarer scripts, combining marks) a query word is only split
 * more, which still matches; it must never be wider, since a term the index
 * holds as two tokens would become a phrase (not supported by the index).
 */
static const uint32_t word_ranges[][2] = {
    {0x30, 0x39},     {0x41, 0x5A},     {0x61, 0x7A},       {0xAA, 0xAA},     {0xB2, 0xB3},
    {0xB5, 0xB5},     {0xB9, 0xBA},     {0xBC, 0xBE},       {0xC0, 0xD6},     {0xD8, 0xF6},
    {0xF8, 0x2C1},    {0x2C6, 0x2D1},   {0x2E0, 0x2E4},     {0x2EC, 0x2EC},   {0x2EE, 0x2EE},
    {0x370, 0x374},   {0x376, 0x377},   {0x37A, 0x37D},     {0x37F, 0x37F},   {0x386, 0x386},
    {0x388, 0x3F5},   {0x3F7, 0x481},   {0x48A, 0x52F},     {0x531, 0x556},   {0x560, 0x588},
    {0x5D0, 0x5EA},   {0x620, 0x64A},   {0x660, 0x669},     {0x671, 0x6D3},   {0x6F0, 0x6F9},
    {0x1E00, 0x1F15}, {0x1F18, 0x1F1D}, {0x1F20, 0x1F45},   {0x1F48, 0x1F4D}, {0x1F50, 0x1F57},
    {0x1F60, 0x1F7D}, {0x1F80, 0x1FB4}, {0x1FB6, 0x1FBC},   {0x3041, 0x3096}, {0x30A1, 0x30FA},
    {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3},   {0xFB00, 0xFB06}, {0xFF10, 0xFF19},
    {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A}, {0x20000, 0x2A6DF},
};

static bool
is_word_char(uint32_t cp)
{
    size_t lo = 0, hi = sizeof(word_ranges) / sizeof(word_ranges[0]);

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < word_ranges[mid][0]) {
            hi = mid;
        } else if (cp > word_ranges[mid][1]) {
            lo = mid + 1;
        } else {
            return true;
        }
    }
    return false;
}

/* The code point at s and its length in bytes; invalid UTF-8 is one byte of U+FFFD. */
static uint32_t
next_char(const unsigned char *s, size_t *len)
{
    static const uint32_t min_of_len[] = {0, 0, 0x80, 0x800, 0x10000};
    size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    uint32_t cp = n == 1 ? s[0] : s[0] & (0x7F >> n);

    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            n = 0;
            break;
        }
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (n == 0 || cp < min_of_len[n] || cp > 0x10FFFF) {
        *len = 1;
        return 0xFFFD;
    }
    *len = n;
    return cp;
}

/* The length of the run of word characters at s (0 if s starts with a separator). */
static size_t
word_len(const char *s)
{
    size_t n = 0, len = 0;

    while (s[n] != '\0' && is_word_char(next_char((const unsigned char *)s + n, &len))) {
        n += len;
    }
    return n;
}

size_t
search_terms(struct arena *a, const char *q, const char *out[SEARCH_MAX_TERMS])
{
    size_t n = 0, len = 0;

    while (q != NULL && *q && n < SEARCH_MAX_TERMS) {
        size_t word = word_len(q);
        if (word == 0) {
            next_char((const unsigned char *)q, &len);
            q += len;
            continue;
        }
        /* Cut a long term at a character boundary. */
        size_t keep = word;
        while (keep > SEARCH_TERM_MAX || (keep < word && ((unsigned char)q[keep] & 0xC0) == 0x80)) {
            keep--;
        }
        char *t = arena_strndup(a, q, keep);
        for (char *p = t; *p; p++) {
            *p = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
        }
        out[n++] = t;
        q += word;
    }
    return n;
}
