/* SPDX-License-Identifier: MIT */
/*
 * store_int.h - the backend table behind store.h. Only store.c and the
 * backends include this.
 *
 * Each backend defines one const struct store_ops, with one const sub-table
 * per aggregate (accounts, catalog...) defined in the backend file for that
 * aggregate, and embeds struct store as the first member of its handle.
 * Members mirror store.h one to one.
 */
#ifndef BO_STORE_INT_H
#define BO_STORE_INT_H

#include "store/store.h"

struct store_messaging_ops;

struct store_ops {
    const char *name;
    enum bo_err (*open)(const char *url, struct store **out);
    void (*close)(struct store *s);
    enum bo_err (*migrate)(struct store *s, int *applied);
    enum bo_err (*schema_version)(struct store *s, int *out);
    enum bo_err (*ping)(struct store *s);
    enum bo_err (*begin)(struct store *s);
    enum bo_err (*commit)(struct store *s);
    void (*rollback)(struct store *s);
    enum bo_err (*savepoint)(struct store *s);
    enum bo_err (*release)(struct store *s);
    void (*rollback_to)(struct store *s);       /* and release: the savepoint is gone after */
    enum bo_err (*defer_sync)(struct store *s); /* NULL: commits are always synchronous */
    enum bo_err (*sync)(struct store *s);

    const struct store_account_ops *account;
    const struct store_booking_ops *booking;
    const struct store_organizer_ops *organizer;
    const struct store_catalog_ops *catalog;
    const struct store_hook_ops *hook;
    const struct store_messaging_ops *messaging; /* store_messaging_int.h */
    const struct store_telegram_ops *telegram;
    const struct store_reminder_ops *reminder; /* issue 4: reminders and the watcher */
};

/* Webhook endpoints and notification preferences (store.h, same order). */
struct store_hook_ops {
    enum bo_err (*webhook_create)(struct store *s, struct webhook_endpoint *w);
    enum bo_err (*webhook_get)(struct store *s, struct arena *a, int64_t organizer_id, int64_t id,
                               struct webhook_endpoint *out);
    enum bo_err (*webhook_list)(struct store *s, struct arena *a, int64_t organizer_id,
                                struct webhook_endpoint **out, size_t *count);
    enum bo_err (*webhook_update)(struct store *s, const struct webhook_endpoint *w);
    enum bo_err (*webhook_delete)(struct store *s, int64_t id);
    enum bo_err (*prefs_get)(struct store *s, struct arena *a, int64_t user_id,
                             struct notification_pref **out, size_t *count);
    enum bo_err (*pref_put)(struct store *s, int64_t user_id, const struct notification_pref *p);
};

/* Telegram linking (store.h, same order). */
struct store_telegram_ops {
    enum bo_err (*token_add)(struct store *s, const char *token_hash, int64_t user_id, int64_t now,
                             int64_t expires_at);
    enum bo_err (*token_use)(struct store *s, const char *token_hash, int64_t now,
                             int64_t *user_id);
    enum bo_err (*update_seen)(struct store *s, int64_t update_id, int64_t now, bool *is_new);
    enum bo_err (*updates_purge)(struct store *s, int64_t before, int *count);
    enum bo_err (*chat_owner)(struct store *s, const char *chat_id, int64_t *user_id);
    enum bo_err (*link)(struct store *s, int64_t user_id, const char *chat_id, const char *username,
                        int64_t now);
    enum bo_err (*unlink)(struct store *s, int64_t user_id);
};

/* Issue 4: reminders and the watcher (store.h, same order). */
struct event_due;
struct store_reminder_ops {
    enum bo_err (*reminder_due)(struct store *s, struct arena *a, int64_t now, int64_t until,
                                int limit, struct event_due **out, size_t *count);
    enum bo_err (*reminder_mark)(struct store *s, int64_t event_id, int64_t starts_at,
                                 const char *kind, const char *state, int64_t now, bool *inserted);
    enum bo_err (*outbox_add_participants)(struct store *s, int64_t event_id, const char *category,
                                           const char *payload, int64_t now, int *count);
    enum bo_err (*event_ended)(struct store *s, struct arena *a, int64_t now, int limit,
                               struct event_due **out, size_t *count);
    enum bo_err (*event_mark_done)(struct store *s, int64_t event_id, int64_t now, bool *changed);
};

/* Seed 004 taxonomies and speakers (store.h, same order). */
struct store_catalog_ops {
    enum bo_err (*event_taxonomy_set)(struct store *s, int64_t event_id,
                                      const struct event_taxonomy *t);
    enum bo_err (*event_taxonomy_get)(struct store *s, struct arena *a, int64_t event_id,
                                      struct event_taxonomy *out);
    enum bo_err (*speaker_create)(struct store *s, const struct speaker *sp, int64_t *id_out);
    enum bo_err (*speaker_get)(struct store *s, struct arena *a, int64_t id, const char *slug,
                               struct speaker *out);
    enum bo_err (*speaker_list)(struct store *s, struct arena *a, const char *prefix,
                                int64_t after_id, int limit, struct speaker **out, size_t *count);
    enum bo_err (*term_list)(struct store *s, struct arena *a, const char *kind, const char ***out,
                             size_t *count);
    enum bo_err (*catalog_generation)(struct store *s, int64_t *out);
    enum bo_err (*event_seats)(struct store *s, struct arena *a, const int64_t *ids, size_t count,
                               int *available, int64_t *generation);
    enum bo_err (*catalog_snapshot)(struct store *s, struct arena *a, struct listing_source *out);
    enum bo_err (*catalog_term)(struct store *s, struct arena *a, const char *term, int64_t **ids,
                                size_t *count, int64_t *generation);
    enum bo_err (*event_page)(struct store *s, struct arena *a, const int64_t *ids, size_t count,
                              int64_t generation, struct event **out, size_t *found);
};

/* Accounts, sessions, tokens, audit and throttling (store.h, same order). */
struct store_account_ops {
    enum bo_err (*kv_get)(struct store *s, struct arena *a, const char *key, const char **out);
    enum bo_err (*kv_put_if_absent)(struct store *s, const char *key, const char *value);

    enum bo_err (*user_create)(struct store *s, const struct user *u, const struct profile *p,
                               int64_t *id_out, const char **conflict_field);
    enum bo_err (*user_get)(struct store *s, struct arena *a, int64_t id, struct user *out);
    enum bo_err (*user_find_login)(struct store *s, struct arena *a, const char *login,
                                   struct user *out);
    enum bo_err (*user_list)(struct store *s, struct arena *a, int64_t after_id, int limit,
                             struct user **out, size_t *count);
    enum bo_err (*user_set_password)(struct store *s, int64_t id, const char *hash, int64_t now);
    enum bo_err (*user_set_role)(struct store *s, int64_t id, int role);
    enum bo_err (*user_set_active)(struct store *s, int64_t id, bool active);
    enum bo_err (*user_set_names)(struct store *s, int64_t id, const char *first, const char *last);
    enum bo_err (*profile_get)(struct store *s, struct arena *a, int64_t user_id,
                               struct profile *out);
    enum bo_err (*profile_update)(struct store *s, const struct profile *p);

    enum bo_err (*session_create)(struct store *s, const struct refresh_session *rs);
    enum bo_err (*session_find)(struct store *s, struct arena *a, const char *token_hash,
                                struct refresh_session *out);
    enum bo_err (*session_rotate)(struct store *s, const char *jti, const char *new_jti,
                                  int64_t now);
    enum bo_err (*session_revoke_family)(struct store *s, const char *family, int64_t now,
                                         int *count);
    enum bo_err (*session_revoke_user)(struct store *s, int64_t user_id, int64_t now, int *count);
    enum bo_err (*session_family_live)(struct store *s, const char *family, int64_t now, bool *out);

    enum bo_err (*recovery_replace)(struct store *s, int64_t user_id,
                                    const struct recovery_code *codes, size_t count);
    enum bo_err (*recovery_use)(struct store *s, int64_t user_id, const char *code_hash,
                                int64_t now);
    enum bo_err (*recovery_count)(struct store *s, int64_t user_id, int64_t now, int *out);

    enum bo_err (*token_create)(struct store *s, const struct api_token *t, int64_t *id_out);
    enum bo_err (*token_find)(struct store *s, struct arena *a, const char *token_hash,
                              struct api_token *out);
    enum bo_err (*token_find_user)(struct store *s, struct arena *a, const char *token_hash,
                                   struct api_token *token, struct user *user);
    enum bo_err (*token_list)(struct store *s, struct arena *a, int64_t user_id,
                              struct api_token **out, size_t *count);
    enum bo_err (*token_revoke)(struct store *s, int64_t user_id, int64_t id, int64_t now);
    enum bo_err (*token_touch)(struct store *s, int64_t id, int64_t now);
    /* Optional: NULL runs token_touch once per item. */
    enum bo_err (*token_touch_all)(struct store *s, const int64_t *ids, const int64_t *ats,
                                   size_t n);

    enum bo_err (*audit_add)(struct store *s, const struct audit_entry *e);
    enum bo_err (*audit_list)(struct store *s, struct arena *a, int64_t before_id, int limit,
                              struct audit_entry **out, size_t *count);

    enum bo_err (*throttle_hit)(struct store *s, const char *key, int64_t now, int window,
                                int *count, int64_t *reset_at);
    enum bo_err (*throttle_peek)(struct store *s, const char *key, int64_t now, int *count,
                                 int64_t *reset_at);
    enum bo_err (*throttle_clear)(struct store *s, const char *key);
};

/* Events, bookings, their log and the outbox (store.h, same order). */
struct store_booking_ops {
    enum bo_err (*event_create)(struct store *s, const struct event *e, int64_t *id_out,
                                const char **conflict_field);
    enum bo_err (*event_get)(struct store *s, struct arena *a, int64_t id, struct event *out);
    enum bo_err (*event_get_head)(struct store *s, struct arena *a, int64_t id, struct event *out);
    /* Optional: NULL runs event_get_head once per id. */
    enum bo_err (*event_get_heads)(struct store *s, struct arena *a, const int64_t *ids, size_t n,
                                   struct event *out);
    enum bo_err (*event_get_by_slug)(struct store *s, struct arena *a, const char *slug,
                                     struct event *out);
    enum bo_err (*event_update)(struct store *s, const struct event *e,
                                const char **conflict_field);
    enum bo_err (*event_list)(struct store *s, struct arena *a, const struct event_query *q,
                              struct event **out, size_t *count);
    enum bo_err (*event_refresh_popularity)(struct store *s, int *changed);
    enum bo_err (*event_take_seats)(struct store *s, int64_t event_id, int seats);
    enum bo_err (*event_release_seats)(struct store *s, int64_t event_id, int seats);
    enum bo_err (*event_seats_held)(struct store *s, int64_t event_id, int *out);

    enum bo_err (*booking_create)(struct store *s, const struct booking *b, int64_t *id_out,
                                  const char **conflict_field);
    enum bo_err (*booking_place)(struct store *s, const struct booking *b, bool take_seats,
                                 int event_version, int64_t *id_out, const char **conflict_field);
    /* Optional: NULL runs booking_place once per item, each in a savepoint. */
    enum bo_err (*booking_place_all)(struct store *s, struct booking_place *all, size_t n);
    enum bo_err (*booking_get)(struct store *s, struct arena *a, int64_t id, struct booking *out);
    enum bo_err (*booking_set_state)(struct store *s, int64_t id, int from, int to,
                                     int64_t expires_at, int64_t now);
    enum bo_err (*booking_list_user)(struct store *s, struct arena *a, int64_t user_id,
                                     int64_t before, int limit, struct booking **out,
                                     size_t *count);
    enum bo_err (*booking_list_event)(struct store *s, struct arena *a, int64_t event_id,
                                      int64_t before, int limit, struct booking **out,
                                      size_t *count);
    enum bo_err (*booking_shift_start)(struct store *s, int64_t event_id, int64_t starts_at);
    enum bo_err (*booking_expired_holds)(struct store *s, struct arena *a, int64_t now, int limit,
                                         struct booking **out, size_t *count);
    enum bo_err (*booking_log_add)(struct store *s, const struct booking_log *l);
    enum bo_err (*booking_log_list)(struct store *s, struct arena *a, int64_t booking_id,
                                    struct booking_log **out, size_t *count);

    enum bo_err (*waitlist_add)(struct store *s, const struct waitlist_entry *w, int64_t *id_out);
    enum bo_err (*waitlist_get)(struct store *s, struct arena *a, int64_t id,
                                struct waitlist_entry *out);
    enum bo_err (*waitlist_list_event)(struct store *s, struct arena *a, int64_t event_id,
                                       struct waitlist_entry **out, size_t *count);
    enum bo_err (*waitlist_list_user)(struct store *s, struct arena *a, int64_t user_id,
                                      struct waitlist_entry **out, size_t *count);
    enum bo_err (*waitlist_heads)(struct store *s, struct arena *a, int64_t now, int limit,
                                  struct waitlist_entry **out, size_t *count);
    enum bo_err (*waitlist_offer)(struct store *s, int64_t id, int64_t booking_id, int64_t now,
                                  int64_t expires_at);
    enum bo_err (*waitlist_set_state)(struct store *s, int64_t id, int from, int to);
    enum bo_err (*waitlist_settle)(struct store *s, int64_t booking_id, int to);
    enum bo_err (*favorite_add)(struct store *s, int64_t user_id, int64_t event_id, int64_t now);
    enum bo_err (*favorite_remove)(struct store *s, int64_t user_id, int64_t event_id);
    enum bo_err (*favorite_list)(struct store *s, struct arena *a, int64_t user_id,
                                 struct event **out, size_t *count);
    enum bo_err (*idem_get)(struct store *s, struct arena *a, int64_t user_id, const char *key,
                            struct idempotent_answer *out);
    enum bo_err (*idem_put)(struct store *s, const struct idempotent_answer *ans);
    enum bo_err (*idem_purge)(struct store *s, int64_t before, int *count);
    enum bo_err (*outbox_add)(struct store *s, int64_t user_id, const char *category,
                              const char *payload, int64_t now);
    enum bo_err (*outbox_add_event_audience)(struct store *s, int64_t event_id,
                                             const char *category, const char *payload, int64_t now,
                                             int *count);
    enum bo_err (*outbox_count)(struct store *s, int64_t user_id, const char *category, int *out);
};

/* Organizers, their staff, and the events they manage (store.h, same order). */
struct store_organizer_ops {
    enum bo_err (*event_list_managed)(struct store *s, struct arena *a, int64_t user_id,
                                      int64_t before_key, int64_t before_id, int limit,
                                      struct event **out, size_t *count);
    enum bo_err (*organizer_create)(struct store *s, const struct organizer *o, int64_t *id_out,
                                    const char **conflict_field);
    enum bo_err (*organizer_get)(struct store *s, struct arena *a, int64_t id,
                                 struct organizer *out);
    enum bo_err (*organizer_get_by_slug)(struct store *s, struct arena *a, const char *slug,
                                         struct organizer *out);
    enum bo_err (*organizer_update)(struct store *s, const struct organizer *o,
                                    const char **conflict_field);
    enum bo_err (*organizer_list)(struct store *s, struct arena *a, const char *prefix,
                                  int64_t after_id, int limit, struct organizer **out,
                                  size_t *count);
    enum bo_err (*member_get)(struct store *s, int64_t organizer_id, int64_t user_id,
                              int *role_out);
    enum bo_err (*member_put)(struct store *s, const struct organizer_member *m);
    enum bo_err (*member_remove)(struct store *s, int64_t organizer_id, int64_t user_id);
    enum bo_err (*member_list)(struct store *s, struct arena *a, int64_t organizer_id,
                               struct organizer_member **out, size_t *count);
    enum bo_err (*member_list_user)(struct store *s, struct arena *a, int64_t user_id,
                                    struct organizer_member **out, size_t *count);
    enum bo_err (*member_count_owners)(struct store *s, int64_t organizer_id, int *out);
};

struct store {
    const struct store_ops *ops; /* must be first: backends embed struct store */
    bool in_tx;                  /* a use case's transaction (or savepoint) is open */
    bool in_batch;               /* a writer's batch transaction is open around it */
};

/* Helpers both backends use (store.c). */
/* ids as a list literal in the arena: open, ids separated by commas, close ("{1,2}", "[1,2]"). */
const char *store_id_list(struct arena *a, const int64_t *ids, size_t count, const char *open,
                          const char *close);
/* Where id is in ids, seats go into the same place of available. */
void store_put_seats(const int64_t *ids, size_t count, int64_t id, int seats, int *available);

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

#endif
