/* SPDX-License-Identifier: MIT */
/*
 * str.h - borrowed (pointer, length) slices, as h2o's h2o_iovec_t.
 *
 * A slice never owns its bytes and is not NUL-terminated unless its
 * producer says so.
 */
#ifndef BO_LIB_STR_H
#define BO_LIB_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct str {
    const char *ptr;
    size_t len;
};

static inline struct str
str_of(const char *s)
{
    return (struct str){s, s ? strlen(s) : 0};
}

static inline bool
str_eq(struct str a, const char *b)
{
    size_t n = strlen(b);

    return a.len == n && memcmp(a.ptr, b, n) == 0;
}

static inline bool
str_has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

#endif
