/* SPDX-License-Identifier: MIT */
/*
 * arena.h - bump allocator for one request or one job run.
 *
 * Nothing is freed individually: arena_reset() releases everything at once
 * and runs the deferred cleanups (json-c objects, statements) in reverse
 * order of registration. Allocation aborts on out-of-memory. An arena
 * belongs to one thread.
 */
#ifndef BO_LIB_ARENA_H
#define BO_LIB_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_create(size_t first_block_len);
void arena_destroy(struct arena *a);

/* len bytes, 16-byte aligned, uninitialised. */
void *arena_alloc(struct arena *a, size_t len);
/* len bytes, zeroed. */
void *arena_zalloc(struct arena *a, size_t len);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Run fn(arg) at the next reset: for memory the arena does not own. */
void arena_defer(struct arena *a, void (*fn)(void *), void *arg);

/* Run the defers, free every block but the first, and start again. */
void arena_reset(struct arena *a);

/* Bytes handed out since the last reset (for tests and metrics). */
size_t arena_used(const struct arena *a);

#endif
