/* SPDX-License-Identifier: MIT */
#include "core/text.h"

size_t
text_chars(const char *s)
{
    size_t n = 0;

    for (; s != NULL && *s; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80; /* count lead bytes only */
    }
    return n;
}

bool
text_has_control(const char *s)
{
    for (; s != NULL && *s; s++) {
        if ((unsigned char)*s < 0x20 || *s == 0x7f) {
            return true;
        }
    }
    return false;
}
