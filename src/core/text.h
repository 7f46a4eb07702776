/* SPDX-License-Identifier: MIT */
/*
 * text.h - facts about user text that rules need: length in characters
 * (code points of valid UTF-8, which the JSON parser guarantees), control
 * characters.
 */
#ifndef BO_CORE_TEXT_H
#define BO_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* Code points in s (0 for NULL). */
size_t text_chars(const char *s);
/* Does s contain a C0 control character or DEL? */
bool text_has_control(const char *s);
/* A slug: 1-100 of a-z 0-9 '-', not starting or ending with '-'. */
bool text_is_slug(const char *s);
/*
 * A slug from a name: its Latin letters and digits in lower case, the rest
 * as single '-', at most 60 of them, then '-' suffix ("movie-night-dune-3fa9");
 * fallback stands in for a name without Latin letters. In the arena.
 */
char *text_slug(struct arena *a, const char *name, const char *fallback, const char *suffix);
/* NULL (not given) or an http:// or https:// URL of at most 2,000 bytes. */
bool text_is_http_url(const char *s);

#endif
