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

/* Code points in s (0 for NULL). */
size_t text_chars(const char *s);
/* Does s contain a C0 control character or DEL? */
bool text_has_control(const char *s);

#endif
