/* SPDX-License-Identifier: MIT */
/*
 * webhooks.h - an organizer's outgoing webhook endpoints: the use cases
 * behind /api/v1/organizers/{id}/webhooks.
 *
 * Only the organizer's members (owners and staff) and admins manage them:
 * FORBIDDEN for anyone else signed in, NOT_FOUND for an unknown organizer
 * or an endpoint of another organizer. The secret is made here and shown
 * once, by create and rotate; lists and updates never carry it. A delete is
 * refused (CONFLICT) once deliveries refer to the endpoint, whose history
 * they keep: disable it instead.
 */
#ifndef BO_APP_WEBHOOKS_H
#define BO_APP_WEBHOOKS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/webhook.h"

struct ctx;

/* ch: url required; types default to all. *out holds the new endpoint with its secret. */
enum bo_err webhooks_create(struct ctx *c, int64_t organizer_id, const struct webhook_change *ch,
                            struct webhook_endpoint *out);
enum bo_err webhooks_list(struct ctx *c, int64_t organizer_id, struct webhook_endpoint **out,
                          size_t *count);
/* Apply what ch sent; enabling clears disabled_reason. */
enum bo_err webhooks_update(struct ctx *c, int64_t organizer_id, int64_t id,
                            const struct webhook_change *ch, struct webhook_endpoint *out);
enum bo_err webhooks_delete(struct ctx *c, int64_t organizer_id, int64_t id);
/* A new secret replaces the old one at once; *out carries it. */
enum bo_err webhooks_rotate(struct ctx *c, int64_t organizer_id, int64_t id,
                            struct webhook_endpoint *out);

#endif
