/* SPDX-License-Identifier: MIT */
/*
 * handlers.h - every API handler, for the route table in routes.c.
 *
 * A handler parses its input (json_in), calls one app/ use case, and
 * renders (json_out). It returns the use case's error for http/ to map.
 */
#ifndef BO_API_HANDLERS_H
#define BO_API_HANDLERS_H

#include <stdbool.h>

#include "core/err.h"

struct req;

/* meta.c */
enum bo_err api_healthz(struct req *r);
enum bo_err api_readyz(struct req *r);
enum bo_err api_openapi(struct req *r);

/* auth.c */
enum bo_err api_register(struct req *r);
enum bo_err api_login(struct req *r);
enum bo_err api_refresh(struct req *r);
enum bo_err api_logout(struct req *r);
enum bo_err api_logout_all(struct req *r);
enum bo_err api_recovery_codes(struct req *r);
enum bo_err api_reset_password(struct req *r);

/* organizers.c */
enum bo_err api_organizers_list(struct req *r);
enum bo_err api_organizers_create(struct req *r);
enum bo_err api_organizers_get(struct req *r);
enum bo_err api_organizers_patch(struct req *r);
enum bo_err api_organizer_staff_list(struct req *r);
enum bo_err api_organizer_staff_put(struct req *r);
enum bo_err api_organizer_staff_delete(struct req *r);
enum bo_err api_me_organizers(struct req *r);

/* webhooks.c */
enum bo_err api_webhooks_create(struct req *r);
enum bo_err api_webhooks_list(struct req *r);
enum bo_err api_webhooks_patch(struct req *r);
enum bo_err api_webhooks_delete(struct req *r);
enum bo_err api_webhooks_rotate(struct req *r);

/* prefs.c */
enum bo_err api_prefs_get(struct req *r);
enum bo_err api_prefs_put(struct req *r);
enum bo_err api_unsubscribe_page(struct req *r);
enum bo_err api_unsubscribe(struct req *r);

/* catalog.c */
enum bo_err api_speakers_list(struct req *r);
enum bo_err api_speakers_create(struct req *r);
enum bo_err api_speakers_get(struct req *r);
enum bo_err api_taxonomy_list(struct req *r);

/* me.c */
enum bo_err api_me_get(struct req *r);
enum bo_err api_me_patch(struct req *r);
enum bo_err api_me_password(struct req *r);
enum bo_err api_tokens_list(struct req *r);
enum bo_err api_tokens_create(struct req *r);
enum bo_err api_tokens_delete(struct req *r);

/* admin.c */
enum bo_err api_admin_users(struct req *r);
enum bo_err api_admin_user_patch(struct req *r);
enum bo_err api_admin_audit(struct req *r);

/* events.c */
enum bo_err api_events_list(struct req *r);
/* True while the listing answers from its index in microseconds (app/catalog.h). */
bool api_events_list_is_quick(struct req *r);
enum bo_err api_events_create(struct req *r);
enum bo_err api_events_get(struct req *r);
enum bo_err api_events_patch(struct req *r);
enum bo_err api_event_bookings_create(struct req *r);
enum bo_err api_event_bookings_list(struct req *r);

enum bo_err api_favorite_put(struct req *r);
enum bo_err api_favorite_delete(struct req *r);
enum bo_err api_favorites_list(struct req *r);
enum bo_err api_me_events(struct req *r);

/* bookings.c */
enum bo_err api_bookings_list(struct req *r);
enum bo_err api_bookings_get(struct req *r);
enum bo_err api_booking_cancel(struct req *r);
enum bo_err api_booking_approve(struct req *r);
enum bo_err api_booking_reject(struct req *r);
enum bo_err api_booking_confirm(struct req *r);
enum bo_err api_booking_check_in(struct req *r);
enum bo_err api_booking_log(struct req *r);

/* waitlist.c */
enum bo_err api_waitlist_join(struct req *r);
enum bo_err api_waitlist_of_event(struct req *r);
enum bo_err api_waitlist_mine(struct req *r);
enum bo_err api_waitlist_leave(struct req *r);

/* notifications.c */
enum bo_err api_notifications_list(struct req *r);
enum bo_err api_notifications_read(struct req *r);
enum bo_err api_notifications_read_all(struct req *r);
enum bo_err api_admin_outbox_list(struct req *r);
enum bo_err api_admin_outbox_get(struct req *r);
enum bo_err api_admin_outbox_redrive(struct req *r);
enum bo_err api_short_link(struct req *r);
/* api/telegram.c: linking a Telegram chat, and the bot's webhook. */
enum bo_err api_me_telegram_get(struct req *r);
enum bo_err api_me_telegram_link(struct req *r);
enum bo_err api_me_telegram_delete(struct req *r);
enum bo_err api_telegram_webhook(struct req *r);

#endif
