/* SPDX-License-Identifier: MIT */
/*
 * search.h - a user's text query as safe search terms.
 *
 * Terms are runs of letters and digits (any script; ASCII is lower-cased),
 * at most SEARCH_MAX_TERMS of them, each at most SEARCH_TERM_MAX bytes. They
 * hold no operators or quotes, so a backend can put them into its own query
 * syntax (FTS5 "t"*, tsquery t:*) without escaping. Every term must match
 * (AND), as a prefix.
 */
#ifndef BO_CORE_SEARCH_H
#define BO_CORE_SEARCH_H

#include <stddef.h>

struct arena;

#define SEARCH_MAX_TERMS 8
#define SEARCH_TERM_MAX 64

/* The terms of q into out[SEARCH_MAX_TERMS]; returns how many (0 for none). */
size_t search_terms(struct arena *a, const char *q, const char *out[SEARCH_MAX_TERMS]);

#endif
