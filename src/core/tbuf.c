/* SPDX-License-Identifier: MIT */
#include "core/tbuf.h"

#include <stdarg.h>
#include <string.h>

#include "lib/arena.h"

void
tbuf_init(struct tbuf *b, struct arena *a, size_t cap)
{
    b->a = a;
    b->cap = cap < 16 ? 16 : cap;
    b->ptr = arena_alloc(a, b->cap);
    b->ptr[0] = '\0';
    b->len = 0;
}

static void
reserve(struct tbuf *b, size_t more)
{
    if (b->len + more < b->cap) {
        return;
    }
    size_t cap = b->cap * 2;
    while (cap <= b->len + more) {
        cap *= 2;
    }
    char *p = arena_alloc(b->a, cap);
    memcpy(p, b->ptr, b->len + 1);
    b->ptr = p;
    b->cap = cap;
}

void
tbuf_add(struct tbuf *b, const char *s, size_t len)
{
    reserve(b, len);
    memcpy(b->ptr + b->len, s, len);
    b->len += len;
    b->ptr[b->len] = '\0';
}

void
tbuf_adds(struct tbuf *b, const char *s)
{
    if (s != NULL) {
        tbuf_add(b, s, strlen(s));
    }
}

void
tbuf_addc(struct tbuf *b, char c)
{
    tbuf_add(b, &c, 1);
}

void
tbuf_printf(struct tbuf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    char *s = arena_vprintf(b->a, fmt, ap);
    va_end(ap);
    tbuf_adds(b, s);
}
