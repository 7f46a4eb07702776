/* SPDX-License-Identifier: MIT */
/*
 * tbuf.h - a growing text buffer in an arena, for the renderers of core/
 * (notices, MIME). Always NUL-terminated; growth copies into a new arena
 * block, so the old one is left to the arena. Never fails (the arena aborts
 * on out-of-memory).
 */
#ifndef BO_CORE_TBUF_H
#define BO_CORE_TBUF_H

#include <stddef.h>

struct arena;

struct tbuf {
    struct arena *a;
    char *ptr; /* NUL-terminated */
    size_t len;
    size_t cap; /* private */
};

void tbuf_init(struct tbuf *b, struct arena *a, size_t cap);
void tbuf_add(struct tbuf *b, const char *s, size_t len);
/* s may be NULL: nothing is added. */
void tbuf_adds(struct tbuf *b, const char *s);
void tbuf_addc(struct tbuf *b, char c);
void tbuf_printf(struct tbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
