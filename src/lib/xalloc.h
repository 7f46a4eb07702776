/* SPDX-License-Identifier: MIT */
/*
 * xalloc.h - heap allocation that never returns NULL.
 *
 * Out of memory aborts the process (the h2o, Kore and git policy), so call
 * sites never test for NULL. Only lib/, http/, store/ and main use the heap
 * directly; request code allocates from its arena.
 */
#ifndef BO_LIB_XALLOC_H
#define BO_LIB_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t len);
void *xcalloc(size_t count, size_t len);
void *xrealloc(void *p, size_t len);
char *xstrdup(const char *s);

#endif
