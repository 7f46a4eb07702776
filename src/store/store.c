/* SPDX-License-Identifier: MIT */
/*
 * store.c - the single place every storage call passes through: backend
 * choice by URL, the handle pool, and thin wrappers that check the
 * contract (asserts) before calling the backend.
 */
#include "store/store.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/booking.h"
#include "core/event.h"
#include "lib/arena.h"
#include "lib/str.h"
#include "lib/xalloc.h"
#include "store/store_int.h"

enum bo_err
store_open(const char *url, struct store **out)
{
    const struct store_ops *ops = NULL;

    if (str_has_prefix(url, "sqlite:")) {
        ops = &store_sqlite_ops;
    } else if (str_has_prefix(url, "postgres://") || str_has_prefix(url, "postgresql://")) {
        ops = &store_pg_ops;
    }
    if (ops == NULL) {
        return BO_ERR_INVALID;
    }
    return ops->open(url, out);
}

void
store_close(struct store *s)
{
    if (s != NULL) {
        s->ops->close(s);
    }
}

const char *
store_backend(const struct store *s)
{
    return s->ops->name;
}

enum bo_err
store_migrate(struct store *s, int *applied)
{
    return s->ops->migrate(s, applied);
}

enum bo_err
store_schema_version(struct store *s, int *out)
{
    return s->ops->schema_version(s, out);
}

enum bo_err
store_ping(struct store *s)
{
    return s->ops->ping(s);
}

enum bo_err
store_begin(struct store *s)
{
    assert(!s->in_tx);
    enum bo_err err = s->in_batch ? s->ops->savepoint(s) : s->ops->begin(s);
    s->in_tx = err == BO_OK;
    return err;
}

enum bo_err
store_commit(struct store *s)
{
    assert(s->in_tx);
    enum bo_err err = s->in_batch ? s->ops->release(s) : s->ops->commit(s);
    if (err) {
        if (s->in_batch) {
            s->ops->rollback_to(s);
        } else {
            s->ops->rollback(s);
        }
    }
    s->in_tx = false;
    return err;
}

void
store_rollback(struct store *s)
{
    if (s->in_tx && s->in_batch) {
        s->ops->rollback_to(s);
    } else if (s->in_tx) {
        s->ops->rollback(s);
    }
    s->in_tx = false;
}

enum bo_err
store_defer_sync(struct store *s, bool *deferred)
{
    *deferred = false;
    if (s->ops->defer_sync == NULL) {
        return BO_OK;
    }
    enum bo_err err = s->ops->defer_sync(s);
    *deferred = err == BO_OK;
    return err;
}

enum bo_err
store_sync(struct store *s)
{
    return s->ops->sync != NULL ? s->ops->sync(s) : BO_OK;
}

enum bo_err
store_batch_begin(struct store *s)
{
    assert(!s->in_tx && !s->in_batch);
    enum bo_err err = s->ops->begin(s);
    s->in_batch = err == BO_OK;
    return err;
}

enum bo_err
store_batch_commit(struct store *s)
{
    assert(s->in_batch && !s->in_tx);
    enum bo_err err = s->ops->commit(s);
    if (err) {
        s->ops->rollback(s);
    }
    s->in_batch = false;
    return err;
}

void
store_batch_rollback(struct store *s)
{
    store_rollback(s);
    if (s->in_batch) {
        s->ops->rollback(s);
    }
    s->in_batch = false;
}

/* --- pool ------------------------------------------------------------------- */

struct store_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    char *url;
    struct store **handles; /* every handle opened so far */
    struct store **idle;    /* the free ones: idle[0 .. idle_count) */
    int opened, opening, max;
    int idle_count;
};

/*
 * One handle is opened at once (so a bad URL fails here); the others when
 * concurrency asks for them, up to n. A server with 64 request workers
 * holds as many PostgreSQL connections as it has had requests at once.
 */
enum bo_err
store_pool_create(const char *url, int n, struct store_pool **out)
{
    struct store_pool *p = xcalloc(1, sizeof(*p));

    assert(n > 0);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    p->url = xstrdup(url);
    p->max = n;
    p->handles = xcalloc((size_t)n, sizeof(*p->handles));
    p->idle = xcalloc((size_t)n, sizeof(*p->idle));
    enum bo_err err = store_open(url, &p->handles[0]);
    if (err) {
        store_pool_destroy(p);
        return err;
    }
    p->opened = 1;
    p->idle[p->idle_count++] = p->handles[0];
    *out = p;
    return BO_OK;
}

void
store_pool_destroy(struct store_pool *p)
{
    if (p == NULL) {
        return;
    }
    for (int i = 0; i < p->opened; i++) {
        store_close(p->handles[i]);
    }
    pthread_cond_destroy(&p->freed);
    pthread_mutex_destroy(&p->lock);
    free(p->handles);
    free(p->idle);
    free(p->url);
    free(p);
}

/* Open one more handle, unlocked meanwhile; NULL if the database refuses it. */
static struct store *
grow(struct store_pool *p)
{
    struct store *s = NULL;

    p->opening++;
    pthread_mutex_unlock(&p->lock);
    enum bo_err err = store_open(p->url, &s);
    pthread_mutex_lock(&p->lock);
    p->opening--;
    if (err) {
        p->max = p->opened + p->opening; /* the database said no: live with what we have */
        return NULL;
    }
    p->handles[p->opened++] = s;
    return s;
}

struct store *
store_pool_acquire(struct store_pool *p)
{
    struct store *s = NULL;

    pthread_mutex_lock(&p->lock);
    while (s == NULL) {
        if (p->idle_count > 0) {
            s = p->idle[--p->idle_count];
        } else if (p->opened + p->opening < p->max) {
            s = grow(p);
        } else {
            pthread_cond_wait(&p->freed, &p->lock);
        }
    }
    pthread_mutex_unlock(&p->lock);
    return s;
}

void
store_pool_release(struct store_pool *p, struct store *s)
{
    store_rollback(s); /* a handler that forgot its transaction must not leak it */
    pthread_mutex_lock(&p->lock);
    assert(p->idle_count < p->opened);
    p->idle[p->idle_count++] = s;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

/* --- wrappers --------------------------------------------------------------- */

enum bo_err
store_kv_get(struct store *s, struct arena *a, const char *key, const char **out)
{
    return s->ops->account->kv_get(s, a, key, out);
}

enum bo_err
store_kv_put_if_absent(struct store *s, const char *key, const char *value)
{
    return s->ops->account->kv_put_if_absent(s, key, value);
}

enum bo_err
store_user_create(struct store *s, const struct user *u, const struct profile *p, int64_t *id_out,
                  const char **conflict_field)
{
    *conflict_field = NULL;
    return s->ops->account->user_create(s, u, p, id_out, conflict_field);
}

enum bo_err
store_user_get(struct store *s, struct arena *a, int64_t id, struct user *out)
{
    return s->ops->account->user_get(s, a, id, out);
}

enum bo_err
store_user_find_login(struct store *s, struct arena *a, const char *login, struct user *out)
{
    return s->ops->account->user_find_login(s, a, login, out);
}

enum bo_err
store_user_list(struct store *s, struct arena *a, int64_t after_id, int limit, struct user **out,
                size_t *count)
{
    assert(limit > 0);
    return s->ops->account->user_list(s, a, after_id, limit, out, count);
}

enum bo_err
store_user_set_password(struct store *s, int64_t id, const char *hash, int64_t now)
{
    return s->ops->account->user_set_password(s, id, hash, now);
}

enum bo_err
store_user_set_role(struct store *s, int64_t id, int role)
{
    return s->ops->account->user_set_role(s, id, role);
}

enum bo_err
store_user_set_active(struct store *s, int64_t id, bool active)
{
    return s->ops->account->user_set_active(s, id, active);
}

enum bo_err
store_user_set_names(struct store *s, int64_t id, const char *first, const char *last)
{
    return s->ops->account->user_set_names(s, id, first, last);
}

enum bo_err
store_profile_get(struct store *s, struct arena *a, int64_t user_id, struct profile *out)
{
    return s->ops->account->profile_get(s, a, user_id, out);
}

enum bo_err
store_profile_update(struct store *s, const struct profile *p)
{
    return s->ops->account->profile_update(s, p);
}

enum bo_err
store_session_create(struct store *s, const struct refresh_session *rs)
{
    return s->ops->account->session_create(s, rs);
}

enum bo_err
store_session_find(struct store *s, struct arena *a, const char *token_hash,
                   struct refresh_session *out)
{
    return s->ops->account->session_find(s, a, token_hash, out);
}

enum bo_err
store_session_rotate(struct store *s, const char *jti, const char *new_jti, int64_t now)
{
    return s->ops->account->session_rotate(s, jti, new_jti, now);
}

enum bo_err
store_session_revoke_family(struct store *s, const char *family, int64_t now, int *count)
{
    return s->ops->account->session_revoke_family(s, family, now, count);
}

enum bo_err
store_session_revoke_user(struct store *s, int64_t user_id, int64_t now, int *count)
{
    return s->ops->account->session_revoke_user(s, user_id, now, count);
}

enum bo_err
store_session_family_live(struct store *s, const char *family, int64_t now, bool *out)
{
    return s->ops->account->session_family_live(s, family, now, out);
}

enum bo_err
store_recovery_replace(struct store *s, int64_t user_id, const struct recovery_code *codes,
                       size_t count)
{
    assert(s->in_tx);
    return s->ops->account->recovery_replace(s, user_id, codes, count);
}

enum bo_err
store_recovery_use(struct store *s, int64_t user_id, const char *code_hash, int64_t now)
{
    return s->ops->account->recovery_use(s, user_id, code_hash, now);
}

enum bo_err
store_recovery_count(struct store *s, int64_t user_id, int64_t now, int *out)
{
    return s->ops->account->recovery_count(s, user_id, now, out);
}

enum bo_err
store_token_create(struct store *s, const struct api_token *t, int64_t *id_out)
{
    return s->ops->account->token_create(s, t, id_out);
}

enum bo_err
store_token_find(struct store *s, struct arena *a, const char *token_hash, struct api_token *out)
{
    return s->ops->account->token_find(s, a, token_hash, out);
}

enum bo_err
store_token_find_user(struct store *s, struct arena *a, const char *token_hash,
                      struct api_token *token, struct user *user)
{
    return s->ops->account->token_find_user(s, a, token_hash, token, user);
}

enum bo_err
store_token_list(struct store *s, struct arena *a, int64_t user_id, struct api_token **out,
                 size_t *count)
{
    return s->ops->account->token_list(s, a, user_id, out, count);
}

enum bo_err
store_token_revoke(struct store *s, int64_t user_id, int64_t id, int64_t now)
{
    return s->ops->account->token_revoke(s, user_id, id, now);
}

enum bo_err
store_token_touch(struct store *s, int64_t id, int64_t now)
{
    return s->ops->account->token_touch(s, id, now);
}

enum bo_err
store_token_touch_all(struct store *s, const int64_t *ids, const int64_t *ats, size_t n)
{
    if (s->ops->account->token_touch_all != NULL) {
        return s->ops->account->token_touch_all(s, ids, ats, n);
    }
    enum bo_err err = BO_OK;
    for (size_t i = 0; err == BO_OK && i < n; i++) {
        err = store_token_touch(s, ids[i], ats[i]);
    }
    return err;
}

enum bo_err
store_audit_add(struct store *s, const struct audit_entry *e)
{
    return s->ops->account->audit_add(s, e);
}

enum bo_err
store_audit_list(struct store *s, struct arena *a, int64_t before_id, int limit,
                 struct audit_entry **out, size_t *count)
{
    assert(limit > 0);
    return s->ops->account->audit_list(s, a, before_id, limit, out, count);
}

enum bo_err
store_throttle_hit(struct store *s, const char *key, int64_t now, int window, int *count,
                   int64_t *reset_at)
{
    assert(window > 0);
    return s->ops->account->throttle_hit(s, key, now, window, count, reset_at);
}

enum bo_err
store_throttle_peek(struct store *s, const char *key, int64_t now, int *count, int64_t *reset_at)
{
    return s->ops->account->throttle_peek(s, key, now, count, reset_at);
}

enum bo_err
store_throttle_clear(struct store *s, const char *key)
{
    return s->ops->account->throttle_clear(s, key);
}

/* --- events, bookings, outbox ------------------------------------------------ */

enum bo_err
store_event_create(struct store *s, const struct event *e, int64_t *id_out,
                   const char **conflict_field)
{
    assert(s->in_tx);
    *conflict_field = NULL;
    return s->ops->booking->event_create(s, e, id_out, conflict_field);
}

enum bo_err
store_event_get(struct store *s, struct arena *a, int64_t id, struct event *out)
{
    return s->ops->booking->event_get(s, a, id, out);
}

enum bo_err
store_event_get_by_slug(struct store *s, struct arena *a, const char *slug, struct event *out)
{
    return s->ops->booking->event_get_by_slug(s, a, slug, out);
}

enum bo_err
store_event_update(struct store *s, const struct event *e, const char **conflict_field)
{
    assert(s->in_tx);
    *conflict_field = NULL;
    return s->ops->booking->event_update(s, e, conflict_field);
}

enum bo_err
store_event_list(struct store *s, struct arena *a, const struct event_query *q, struct event **out,
                 size_t *count)
{
    assert(q->limit > 0);
    return s->ops->booking->event_list(s, a, q, out, count);
}

enum bo_err
store_event_refresh_popularity(struct store *s, int *changed)
{
    return s->ops->booking->event_refresh_popularity(s, changed);
}

enum bo_err
store_event_take_seats(struct store *s, int64_t event_id, int seats)
{
    assert(s->in_tx && seats > 0);
    return s->ops->booking->event_take_seats(s, event_id, seats);
}

enum bo_err
store_event_release_seats(struct store *s, int64_t event_id, int seats)
{
    assert(s->in_tx && seats > 0);
    return s->ops->booking->event_release_seats(s, event_id, seats);
}

enum bo_err
store_event_seats_held(struct store *s, int64_t event_id, int *out)
{
    return s->ops->booking->event_seats_held(s, event_id, out);
}

enum bo_err
store_booking_create(struct store *s, const struct booking *b, int64_t *id_out,
                     const char **conflict_field)
{
    assert(s->in_tx);
    *conflict_field = NULL;
    return s->ops->booking->booking_create(s, b, id_out, conflict_field);
}

enum bo_err
store_booking_place(struct store *s, const struct booking *b, bool take_seats, int event_version,
                    int64_t *id_out, const char **conflict_field)
{
    assert(s->in_tx && b->seats > 0 && event_version >= 0);
    *conflict_field = NULL;
    return s->ops->booking->booking_place(s, b, take_seats, event_version, id_out, conflict_field);
}

enum bo_err
store_booking_place_all(struct store *s, struct booking_place *all, size_t n)
{
    assert(s->in_batch && !s->in_tx);
    for (size_t i = 0; i < n; i++) {
        assert(all[i].b->seats > 0 && all[i].event_version >= 0);
        all[i].id = 0;
        all[i].err = BO_OK;
        all[i].conflict_field = NULL;
        all[i].noted = false;
    }
    if (s->ops->booking->booking_place_all != NULL) {
        return s->ops->booking->booking_place_all(s, all, n);
    }
    for (size_t i = 0; i < n; i++) {
        struct booking_place *p = &all[i];
        p->err = store_begin(s);
        if (p->err == BO_OK) {
            p->err = store_booking_place(s, p->b, p->take_seats, p->event_version, &p->id,
                                         &p->conflict_field);
        }
        if (p->err == BO_OK) {
            p->err = store_commit(s);
        }
        store_rollback(s);
    }
    return BO_OK;
}

bool
store_is_remote(const struct store *s)
{
    return s->ops->booking->booking_place_all != NULL;
}

enum bo_err
store_booking_get(struct store *s, struct arena *a, int64_t id, struct booking *out)
{
    return s->ops->booking->booking_get(s, a, id, out);
}

enum bo_err
store_booking_set_state(struct store *s, int64_t id, int from, int to, int64_t expires_at,
                        int64_t now)
{
    assert(s->in_tx);
    return s->ops->booking->booking_set_state(s, id, from, to, expires_at, now);
}

enum bo_err
store_booking_list_user(struct store *s, struct arena *a, int64_t user_id, int64_t before,
                        int limit, struct booking **out, size_t *count)
{
    assert(limit > 0);
    return s->ops->booking->booking_list_user(s, a, user_id, before, limit, out, count);
}

enum bo_err
store_booking_list_event(struct store *s, struct arena *a, int64_t event_id, int64_t before,
                         int limit, struct booking **out, size_t *count)
{
    assert(limit > 0);
    return s->ops->booking->booking_list_event(s, a, event_id, before, limit, out, count);
}

enum bo_err
store_booking_shift_start(struct store *s, int64_t event_id, int64_t starts_at)
{
    assert(s->in_tx);
    return s->ops->booking->booking_shift_start(s, event_id, starts_at);
}

enum bo_err
store_booking_expired_holds(struct store *s, struct arena *a, int64_t now, int limit,
                            struct booking **out, size_t *count)
{
    assert(limit > 0);
    return s->ops->booking->booking_expired_holds(s, a, now, limit, out, count);
}

enum bo_err
store_booking_log_add(struct store *s, const struct booking_log *l)
{
    assert(s->in_tx);
    return s->ops->booking->booking_log_add(s, l);
}

enum bo_err
store_booking_log_list(struct store *s, struct arena *a, int64_t booking_id,
                       struct booking_log **out, size_t *count)
{
    return s->ops->booking->booking_log_list(s, a, booking_id, out, count);
}

enum bo_err
store_outbox_add(struct store *s, int64_t user_id, const char *category, const char *payload,
                 int64_t now)
{
    assert(s->in_tx);
    return s->ops->booking->outbox_add(s, user_id, category, payload, now);
}

enum bo_err
store_outbox_add_event_audience(struct store *s, int64_t event_id, const char *category,
                                const char *payload, int64_t now, int *count)
{
    assert(s->in_tx);
    return s->ops->booking->outbox_add_event_audience(s, event_id, category, payload, now, count);
}

enum bo_err
store_outbox_count(struct store *s, int64_t user_id, const char *category, int *out)
{
    return s->ops->booking->outbox_count(s, user_id, category, out);
}

enum bo_err
store_idem_get(struct store *s, struct arena *a, int64_t user_id, const char *key,
               struct idempotent_answer *out)
{
    return s->ops->booking->idem_get(s, a, user_id, key, out);
}

enum bo_err
store_idem_put(struct store *s, const struct idempotent_answer *ans)
{
    assert(s->in_tx);
    return s->ops->booking->idem_put(s, ans);
}

enum bo_err
store_idem_purge(struct store *s, int64_t before, int *count)
{
    return s->ops->booking->idem_purge(s, before, count);
}

enum bo_err
store_event_get_head(struct store *s, struct arena *a, int64_t id, struct event *out)
{
    return s->ops->booking->event_get_head(s, a, id, out);
}

enum bo_err
store_event_get_heads(struct store *s, struct arena *a, const int64_t *ids, size_t n,
                      struct event *out)
{
    if (s->ops->booking->event_get_heads != NULL) {
        return s->ops->booking->event_get_heads(s, a, ids, n, out);
    }
    for (size_t i = 0; i < n; i++) {
        enum bo_err err = store_event_get_head(s, a, ids[i], &out[i]);
        if (err == BO_ERR_NOT_FOUND) {
            out[i] = (struct event){0};
        } else if (err) {
            return err;
        }
    }
    return BO_OK;
}

enum bo_err
store_waitlist_add(struct store *s, const struct waitlist_entry *w, int64_t *id_out)
{
    assert(s->in_tx);
    return s->ops->booking->waitlist_add(s, w, id_out);
}

enum bo_err
store_waitlist_get(struct store *s, struct arena *a, int64_t id, struct waitlist_entry *out)
{
    return s->ops->booking->waitlist_get(s, a, id, out);
}

enum bo_err
store_waitlist_list_event(struct store *s, struct arena *a, int64_t event_id,
                          struct waitlist_entry **out, size_t *count)
{
    return s->ops->booking->waitlist_list_event(s, a, event_id, out, count);
}

enum bo_err
store_waitlist_list_user(struct store *s, struct arena *a, int64_t user_id,
                         struct waitlist_entry **out, size_t *count)
{
    return s->ops->booking->waitlist_list_user(s, a, user_id, out, count);
}

enum bo_err
store_waitlist_heads(struct store *s, struct arena *a, int64_t now, int limit,
                     struct waitlist_entry **out, size_t *count)
{
    assert(limit > 0);
    return s->ops->booking->waitlist_heads(s, a, now, limit, out, count);
}

enum bo_err
store_waitlist_offer(struct store *s, int64_t id, int64_t booking_id, int64_t now,
                     int64_t expires_at)
{
    assert(s->in_tx);
    return s->ops->booking->waitlist_offer(s, id, booking_id, now, expires_at);
}

enum bo_err
store_waitlist_set_state(struct store *s, int64_t id, int from, int to)
{
    assert(s->in_tx);
    return s->ops->booking->waitlist_set_state(s, id, from, to);
}

enum bo_err
store_waitlist_settle(struct store *s, int64_t booking_id, int to)
{
    assert(s->in_tx);
    return s->ops->booking->waitlist_settle(s, booking_id, to);
}

enum bo_err
store_favorite_add(struct store *s, int64_t user_id, int64_t event_id, int64_t now)
{
    return s->ops->booking->favorite_add(s, user_id, event_id, now);
}

enum bo_err
store_favorite_remove(struct store *s, int64_t user_id, int64_t event_id)
{
    return s->ops->booking->favorite_remove(s, user_id, event_id);
}

enum bo_err
store_favorite_list(struct store *s, struct arena *a, int64_t user_id, struct event **out,
                    size_t *count)
{
    return s->ops->booking->favorite_list(s, a, user_id, out, count);
}

/* --- helpers for the backends ------------------------------------------------ */

const char *
store_id_list(struct arena *a, const int64_t *ids, size_t count, const char *open,
              const char *close)
{
    char *out = arena_alloc(a, count * 21 + strlen(open) + strlen(close) + 1);
    size_t len = strlen(open);

    memcpy(out, open, len);
    for (size_t i = 0; i < count; i++) {
        len += (size_t)snprintf(out + len, 22, "%s%lld", i ? "," : "", (long long)ids[i]);
    }
    memcpy(out + len, close, strlen(close) + 1);
    return out;
}

void
store_put_seats(const int64_t *ids, size_t count, int64_t id, int seats, int *available)
{
    for (size_t i = 0; i < count; i++) {
        if (ids[i] == id) {
            available[i] = seats;
        }
    }
}
