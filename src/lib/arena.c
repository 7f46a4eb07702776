/* SPDX-License-Identifier: MIT */
#include "lib/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "lib/xalloc.h"

#define ALIGN 16

struct block {
    struct block *next;
    size_t cap;
    size_t used;
    _Alignas(ALIGN) unsigned char data[];
};

struct defer {
    struct defer *next;
    void (*fn)(void *);
    void *arg;
};

struct arena {
    struct block *head; /* current block; the first block is last in the list */
    struct defer *defers;
    size_t block_len;
    size_t used;
};

static struct block *
block_new(size_t cap)
{
    struct block *b = xmalloc(sizeof(*b) + cap);

    b->next = NULL;
    b->cap = cap;
    b->used = 0;
    return b;
}

struct arena *
arena_create(size_t first_block_len)
{
    struct arena *a = xcalloc(1, sizeof(*a));

    a->block_len = first_block_len < 1024 ? 1024 : first_block_len;
    a->head = block_new(a->block_len);
    return a;
}

void
arena_destroy(struct arena *a)
{
    if (a == NULL) {
        return;
    }
    arena_reset(a);
    free(a->head);
    free(a);
}

void *
arena_alloc(struct arena *a, size_t len)
{
    size_t need = (len + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    struct block *b = a->head;

    if (need < len) {
        need = len; /* overflow: let block_new's size check abort */
    }
    if (b->cap - b->used < need) {
        size_t cap = need > a->block_len ? need : a->block_len;

        b = block_new(cap);
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += need;
    a->used += need;
    return p;
}

void *
arena_zalloc(struct arena *a, size_t len)
{
    void *p = arena_alloc(a, len);

    memset(p, 0, len);
    return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);

    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list copy;
    char small[256];

    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    if (n < 0) {
        va_end(copy);
        return arena_strdup(a, "");
    }
    char *p = arena_alloc(a, (size_t)n + 1);
    if ((size_t)n < sizeof(small)) {
        memcpy(p, small, (size_t)n + 1);
    } else {
        vsnprintf(p, (size_t)n + 1, fmt, copy);
    }
    va_end(copy);
    return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void
arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
    struct defer *d = arena_alloc(a, sizeof(*d));

    d->fn = fn;
    d->arg = arg;
    d->next = a->defers;
    a->defers = d;
}

void
arena_reset(struct arena *a)
{
    /* Defers live in the blocks, so run them all before freeing any. */
    for (struct defer *d = a->defers; d != NULL; d = d->next) {
        d->fn(d->arg);
    }
    a->defers = NULL;
    while (a->head->next != NULL) {
        struct block *b = a->head;

        a->head = b->next;
        free(b);
    }
    a->head->used = 0;
    a->used = 0;
}

size_t
arena_used(const struct arena *a)
{
    return a->used;
}
