/* SPDX-License-Identifier: MIT */
#include "core/ctx.h"

#include <stdarg.h>

#include "lib/arena.h"

enum bo_err
ctx_fail(struct ctx *c, enum bo_err code, const char *field, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    const char *detail = arena_vprintf(c->arena, fmt, ap);
    va_end(ap);
    if (c->err == BO_OK) {
        c->err = code;
        c->err_detail = detail;
    }
    if (field != NULL && c->field_count < CTX_MAX_FIELD_ERRORS) {
        c->fields[c->field_count].field = field;
        c->fields[c->field_count].detail = detail;
        c->field_count++;
    }
    return c->err;
}

void
ctx_clear_error(struct ctx *c)
{
    c->err = BO_OK;
    c->err_detail = NULL;
    c->field_count = 0;
    c->retry_after = 0;
}
