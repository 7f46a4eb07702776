/* SPDX-License-Identifier: MIT */
#include "lib/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
oom(size_t len)
{
    fprintf(stderr, "fatal: out of memory allocating %zu bytes\n", len);
    abort();
}

void *
xmalloc(size_t len)
{
    void *p = malloc(len ? len : 1);

    if (p == NULL) {
        oom(len);
    }
    return p;
}

void *
xcalloc(size_t count, size_t len)
{
    void *p = calloc(count ? count : 1, len ? len : 1);

    if (p == NULL) {
        oom(count * len);
    }
    return p;
}

void *
xrealloc(void *p, size_t len)
{
    void *q = realloc(p, len ? len : 1);

    if (q == NULL) {
        oom(len);
    }
    return q;
}

char *
xstrdup(const char *s)
{
    size_t len = strlen(s) + 1;
    char *p = xmalloc(len);

    memcpy(p, s, len);
    return p;
}
