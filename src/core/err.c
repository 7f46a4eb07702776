/* SPDX-License-Identifier: MIT */
#include "core/err.h"

static const char *const names[BO_ERR_COUNT] = {
    [BO_OK] = "ok",
    [BO_ERR_INVALID] = "validation",
    [BO_ERR_MALFORMED] = "malformed",
    [BO_ERR_UNAUTHORIZED] = "unauthorized",
    [BO_ERR_FORBIDDEN] = "forbidden",
    [BO_ERR_NOT_FOUND] = "not-found",
    [BO_ERR_METHOD] = "method-not-allowed",
    [BO_ERR_CONFLICT] = "conflict",
    [BO_ERR_SOLD_OUT] = "sold-out",
    [BO_ERR_TOO_LARGE] = "payload-too-large",
    [BO_ERR_HEADERS_TOO_LARGE] = "headers-too-large",
    [BO_ERR_UNSUPPORTED_MEDIA] = "unsupported-media-type",
    [BO_ERR_RATE_LIMITED] = "rate-limited",
    [BO_ERR_BUSY] = "busy",
    [BO_ERR_UNAVAILABLE] = "unavailable",
    [BO_ERR_INTERNAL] = "internal",
    [BO_ERR_EXPIRED] = "expired",
};

const char *
bo_err_name(enum bo_err err)
{
    if ((unsigned)err >= BO_ERR_COUNT) {
        return "internal";
    }
    return names[err];
}
