/* SPDX-License-Identifier: MIT */
/*
 * messaging.c - the delivery engine's use cases (messaging.h).
 *
 * Routing and recording results are writes (app_write_aside: the
 * group-commit writer on SQLite, the engine's own connection on PostgreSQL,
 * so routing never holds up the bookings queued on the writer); sending is
 * not, and never runs inside a transaction, so a slow peer holds no lock.
 * Between the claim and the result a delivery is leased: a process that
 * dies mid-send leaves it due again when the lease ends, with the same
 * message id (at least once).
 */
#include "app/messaging.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/env.h"
#include "app/prefs.h"
#include "app/tx.h"
#include "config.h"
#include "core/backoff.h"
#include "core/booking.h"
#include "core/ctx.h"
#include "core/event.h"
#include "core/notice.h"
#include "core/route.h"
#include "core/webhook.h"
#include "lib/arena.h"
#include "lib/clock.h"
#include "lib/jsonw.h"
#include "lib/log.h"
#include "lib/token.h"
#include "lib/tz.h"
#include "store/store.h"

/* What routing and rendering read from an outbox row's payload. */
struct payload_facts {
    int64_t event_id;
    int64_t booking_id;
    const char *state;
    int version;
    int64_t starts_at; /* reminders: the start they are about */
    const char *link;  /* "/bookings/<id>" or "/events/<id>" */
};

/* Our own payloads (app/bookings.c, app/waitlist.c); what is missing reads as zero. */
static void
read_payload(struct arena *a, const char *payload, struct payload_facts *out)
{
    struct jsonw_member m[] = {{"event_id", NULL, 0}, {"booking_id", NULL, 0}, {"state", NULL, 0},
                               {"version", NULL, 0},  {"starts_at", NULL, 0},  {"link", NULL, 0}};

    jsonw_read(a, payload, m, sizeof(m) / sizeof(m[0]));
    *out = (struct payload_facts){.event_id = m[0].num,
                                  .booking_id = m[1].num,
                                  .state = m[2].str,
                                  .version = (int)m[3].num,
                                  .starts_at = m[4].num,
                                  .link = m[5].str};
}

/* --- routing ----------------------------------------------------------------- */

/* The short link (/s/<code>) of a payload's link, or NULL for a link without one. */
static const char *
short_link(struct arena *a, const char *link)
{
    char code[ROUTE_SHORT_MAX];

    return route_short_code(link, code) ? arena_printf(a, "/s/%s", code) : NULL;
}

/* The endpoints of the organizers one batch reaches: read once a batch, not once a row. */
#define ENDPOINT_CACHE 16

struct endpoint_cache {
    size_t count;
    struct {
        int64_t organizer_id;
        struct webhook_endpoint *targets;
        size_t n;
    } orgs[ENDPOINT_CACHE];
};

static enum bo_err
endpoints_of(struct ctx *c, struct endpoint_cache *ec, int64_t organizer_id,
             struct webhook_endpoint **targets, size_t *n)
{
    for (size_t i = 0; i < ec->count; i++) {
        if (ec->orgs[i].organizer_id == organizer_id) {
            *targets = ec->orgs[i].targets;
            *n = ec->orgs[i].n;
            return BO_OK;
        }
    }
    enum bo_err err = store_webhook_list(c->store, c->arena, organizer_id, targets, n);
    if (err == BO_OK && ec->count < ENDPOINT_CACHE) {
        ec->orgs[ec->count].organizer_id = organizer_id;
        ec->orgs[ec->count].targets = *targets;
        ec->orgs[ec->count++].n = *n;
    }
    return err;
}

/* "host" of cfg->public_url, for Message-IDs. */
static const char *
public_host(struct arena *a, const char *url)
{
    const char *p = strstr(url, "://");
    size_t len;

    p = p ? p + 3 : url;
    len = strcspn(p, ":/");
    return len ? arena_strndup(a, p, len) : "localhost";
}

/* What a batch adds, written with one statement per table once every row is routed. */
struct route_out {
    struct notification *notes; /* at most one per row */
    size_t notes_n;
    struct delivery *sends;
    size_t sends_n, sends_cap;
};

static void
add_delivery(struct ctx *c, struct route_out *o, const struct route_row *r, const char *channel,
             const char *target, const char *message_id, int64_t endpoint_id)
{
    if (o->sends_n == o->sends_cap) {
        size_t cap = o->sends_cap ? 2 * o->sends_cap : 64;
        struct delivery *grown = arena_alloc(c->arena, cap * sizeof(*grown));

        if (o->sends_n) {
            memcpy(grown, o->sends, o->sends_n * sizeof(*grown));
        }
        o->sends = grown;
        o->sends_cap = cap;
    }
    o->sends[o->sends_n++] = (struct delivery){.outbox_id = r->outbox_id,
                                               .channel = channel,
                                               .target = target,
                                               .endpoint_id = endpoint_id,
                                               .message_id = message_id,
                                               .next_at = c->now,
                                               .created_at = c->now};
}

/* Email and Telegram: one message per outbox row and channel, when configured and wanted. */
static void
route_personal(struct ctx *c, struct route_out *o, const struct route_row *r)
{
    const struct config *cfg = c->env->cfg;
    const char *host = public_host(c->arena, cfg->public_url);

    if (cfg->smtp_url[0] && r->want_email && r->email && r->email[0]) {
        const char *id = arena_printf(c->arena, "ob%lld.email@%s", (long long)r->outbox_id, host);
        add_delivery(c, o, r, "email", r->email, id, 0);
    }
    if (cfg->telegram_bot_token[0] && r->want_telegram && r->telegram_chat) {
        const char *id =
            arena_printf(c->arena, "ob%lld.telegram@%s", (long long)r->outbox_id, host);
        add_delivery(c, o, r, "telegram", r->telegram_chat, id, 0);
    }
}

/* Webhooks: one message per domain event and endpoint, whoever's row comes first. */
static enum bo_err
route_webhooks(struct ctx *c, struct endpoint_cache *ec, struct route_out *o,
               const struct route_row *r, const struct payload_facts *p)
{
    struct webhook_endpoint *targets = NULL;
    size_t count = 0;

    if (r->organizer_id == 0 || route_is_reminder(r->category)) {
        return BO_OK;
    }
    enum bo_err err = endpoints_of(c, ec, r->organizer_id, &targets, &count);
    struct route_key k = {r->category, p->booking_id, p->state,
                          p->event_id, p->version,    r->created_at};
    const char *id = route_webhook_message_id(c->arena, &k);
    for (size_t i = 0; err == BO_OK && i < count; i++) {
        if (targets[i].enabled && webhook_wants(targets[i].event_types, r->category)) {
            add_delivery(c, o, r, "webhook", targets[i].url, id, targets[i].id);
        }
    }
    return err;
}

/* By (channel, message_id, target): the unique key's order. */
static int
by_key(const void *x, const void *y)
{
    const struct delivery *a = x, *b = y;
    int d = strcmp(a->channel, b->channel);

    d = d ? d : strcmp(a->message_id, b->message_id);
    return d ? d : strcmp(a->target, b->target);
}

static enum bo_err
route_one(struct ctx *c, struct endpoint_cache *ec, struct route_out *o, const struct route_row *r)
{
    struct payload_facts p;

    read_payload(c->arena, r->payload, &p);
    if (r->want_inapp) {
        o->notes[o->notes_n++] = (struct notification){.user_id = r->user_id,
                                                       .outbox_id = r->outbox_id,
                                                       .category = r->category,
                                                       .payload = r->payload,
                                                       .link = short_link(c->arena, p.link),
                                                       .created_at = c->now};
    }
    route_personal(c, o, r);
    return route_webhooks(c, ec, o, r, &p);
}

struct route_args {
    int limit;
    int routed;
};

static enum bo_err
route_job(struct ctx *c, void *arg)
{
    struct route_args *a = arg;
    struct route_row *rows = NULL;
    size_t count = 0;

    struct endpoint_cache ec = {0};
    struct route_out o = {0};
    int64_t *ids = NULL;

    a->routed = 0;
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_route_batch(c->store, c->arena, a->limit, &rows, &count);
    }
    if (err == BO_OK && count > 0) {
        ids = arena_alloc(c->arena, count * sizeof(*ids));
        o.notes = arena_alloc(c->arena, count * sizeof(*o.notes));
    }
    for (size_t i = 0; err == BO_OK && i < count; i++) {
        err = route_one(c, &ec, &o, &rows[i]);
        ids[i] = rows[i].outbox_id;
    }
    if (err == BO_OK) {
        err = store_notifications_add(c->store, o.notes, o.notes_n);
    }
    if (err == BO_OK) {
        /* Two routers (processes, or threads on PostgreSQL) may insert one webhook message
         * (an event change reaches many rows): in the key's order, neither waits in a cycle. */
        if (o.sends_n > 1) {
            qsort(o.sends, o.sends_n, sizeof(*o.sends), by_key);
        }
        err = store_deliveries_add(c->store, o.sends, o.sends_n);
    }
    if (err == BO_OK) {
        err = store_outbox_routed(c->store, c->arena, ids, count, c->now);
    }
    err = tx_end(c, err);
    a->routed = err ? 0 : (int)count;
    return err;
}

enum bo_err
messaging_route(struct ctx *c, int limit, int *routed)
{
    struct route_args a = {.limit = limit};
    enum bo_err err = app_write_aside(c, route_job, &a);

    *routed = a.routed;
    return err;
}

/* --- delivering -------------------------------------------------------------- */

struct claim_args {
    int limit;
    int64_t *ids;
    size_t count;
};

static enum bo_err
claim_job(struct ctx *c, void *arg)
{
    struct claim_args *a = arg;
    const struct config *cfg = c->env->cfg;

    a->count = 0;
    enum bo_err err = tx_begin(c);
    if (err == BO_OK) {
        err = store_delivery_claim(c->store, c->arena, c->now, cfg->delivery_lease, a->limit,
                                   &a->ids, &a->count);
    }
    err = tx_end(c, err);
    if (err) {
        a->count = 0;
    }
    return err;
}

/* How one attempt ended, to record. */
struct result_args {
    const struct delivery_job *job;
    struct chan_result res;
    bool skipped; /* not sent, and never will be (a reminder after its start) */
    int64_t duration_ms;
};

static const char *
final_status(const struct ctx *c, const struct result_args *a, int64_t *next_at)
{
    const struct config *cfg = c->env->cfg;
    const struct delivery *d = &a->job->d;

    *next_at = c->now;
    if (a->skipped) {
        return "skipped";
    }
    switch (a->res.outcome) {
    case CHAN_SENT:
        return "sent";
    case CHAN_GIVE_UP:
    case CHAN_GONE:
        return "dead";
    case CHAN_RETRY:
        break;
    }
    if (d->attempts >= cfg->delivery_max_attempts) {
        return "dead";
    }
    *next_at = c->now + (a->res.retry_after_s > 0
                             ? a->res.retry_after_s
                             : backoff_delay(d->attempts, cfg->delivery_backoff,
                                             cfg->delivery_backoff_cap, token_uniform(UINT32_MAX)));
    return "pending";
}

static enum bo_err
record_attempt(struct ctx *c, const struct result_args *a)
{
    bool ok = a->res.outcome == CHAN_SENT;
    struct delivery_attempt at = {.delivery_id = a->job->d.id,
                                  .attempted_at = c->now,
                                  .ok = ok,
                                  .status_code = a->res.status_code,
                                  .error = ok ? NULL : a->res.error,
                                  .duration_ms = a->duration_ms};

    return store_attempt_add(c->store, &at);
}

static enum bo_err
record_one(struct ctx *c, const struct result_args *a)
{
    const struct delivery *d = &a->job->d;
    struct delivery_outcome o = {.id = d->id, .now = c->now};

    o.status = final_status(c, a, &o.next_at);
    o.error = a->skipped || a->res.outcome == CHAN_SENT ? NULL : a->res.error;
    enum bo_err err = store_delivery_finish(c->store, &o);
    if (err == BO_OK && !a->skipped) {
        err = record_attempt(c, a);
    }
    if (err == BO_OK && a->res.outcome == CHAN_GONE && d->endpoint_id > 0 && !a->skipped) {
        const char *why =
            a->res.status_code ? arena_printf(c->arena, "%d Gone", a->res.status_code) : "gone";
        err = store_endpoint_disable(c->store, d->endpoint_id, why, c->now);
    }
    return err ? err : store_outbox_rollup(c->store, d->outbox_id, c->now);
}

/* The results of one claimed batch, and the claims it did not get to. */
struct record_args {
    const struct result_args *results;
    size_t count;
    const int64_t *untried;
    size_t untried_count;
};

static enum chan_kind
channel_kind(const char *channel)
{
    for (int k = 0; k < CHAN_KIND_COUNT; k++) {
        if (strcmp(channel, store_msg_channels[k]) == 0) {
            return (enum chan_kind)k;
        }
    }
    return CHAN_KIND_COUNT;
}

struct attempt_counts {
    atomic_llong ok[MSG_CHANNEL_COUNT];
    atomic_llong failed[MSG_CHANNEL_COUNT];
};

struct attempt_counts *
messaging_counts_create(void)
{
    struct attempt_counts *n = calloc(1, sizeof(*n)); /* checksrc: allow: process lifetime */

    for (int ch = 0; n != NULL && ch < MSG_CHANNEL_COUNT; ch++) {
        atomic_init(&n->ok[ch], 0);
        atomic_init(&n->failed[ch], 0);
    }
    return n;
}

void
messaging_counts_destroy(struct attempt_counts *n)
{
    free(n); /* checksrc: allow */
}

/* After the batch is on disk: what /metrics reports as attempts of this process. */
static void
count_attempts(struct attempt_counts *n, const struct result_args *results, size_t count)
{
    for (size_t i = 0; n != NULL && i < count; i++) {
        const struct result_args *a = &results[i];
        enum chan_kind ch = channel_kind(a->job->d.channel);
        if (a->skipped || ch == CHAN_KIND_COUNT) {
            continue;
        }
        atomic_fetch_add_explicit(a->res.outcome == CHAN_SENT ? &n->ok[ch] : &n->failed[ch], 1,
                                  memory_order_relaxed);
    }
}

/* One transaction for a batch's results: a commit per batch, not per message. */
static enum bo_err
record_job(struct ctx *c, void *arg)
{
    const struct record_args *a = arg;
    enum bo_err err = tx_begin(c);

    for (size_t i = 0; err == BO_OK && i < a->count; i++) {
        err = record_one(c, &a->results[i]);
    }
    if (err == BO_OK) {
        err = store_delivery_release(c->store, c->arena, a->untried, a->untried_count, c->now);
    }
    return tx_end(c, err);
}

static void
event_facts(const struct event *e, struct notice_facts *f)
{
    f->event_id = e->id;
    f->event_version = e->version;
    f->event_title = e->title;
    f->event_slug = e->slug;
    f->starts_at = e->starts_at;
    f->ends_at = e->ends_at;
    f->timezone = e->timezone;
    f->location = e->location;
    f->event_cancelled = e->status == EVENT_CANCELLED;
}

/* What the templates may say about a job, from the store as it is now. */
static void
build_facts(struct ctx *c, const struct delivery_job *j, const struct payload_facts *p,
            struct notice_facts *f)
{
    const struct config *cfg = c->env->cfg;
    struct event e;
    struct booking b;

    *f = (struct notice_facts){.category = j->category,
                               .lang = j->lang,
                               .recipient = j->name,
                               .event_id = p->event_id,
                               .event_version = p->version,
                               .host = public_host(c->arena, cfg->public_url),
                               .zone_offset = tz_offset};
    const char *link = short_link(c->arena, p->link);
    if (link != NULL) {
        f->link = arena_printf(c->arena, "%s%s", cfg->public_url, link);
    }
    if (p->event_id && store_event_get(c->store, c->arena, p->event_id, &e) == BO_OK) {
        event_facts(&e, f);
        f->for_host = e.author_id == j->user_id;
    }
    f->changed_at = j->d.created_at;
    if (strcmp(j->d.channel, "email") == 0) {
        f->unsubscribe_url =
            prefs_unsubscribe_url(c->env, c->arena, j->user_id, j->category, c->now);
    }
    if (p->booking_id && store_booking_get(c->store, c->arena, p->booking_id, &b) == BO_OK) {
        f->booking_id = b.id;
        f->booking_state = booking_state_name(b.state);
        f->seats = b.seats;
        f->expires_at = b.expires_at;
    }
    if (route_is_reminder(j->category) && p->starts_at > 0) {
        f->starts_at = p->starts_at; /* the start the reminder is about */
    }
}

/* Render and send: the channel's verdict into a->res. */
static void
send_job(struct ctx *c, const struct chan_table *tab, const struct notice_facts *f,
         struct result_args *a)
{
    const struct delivery_job *j = a->job;
    enum chan_kind kind = channel_kind(j->d.channel);
    struct notice n;

    a->res = (struct chan_result){.outcome = CHAN_GIVE_UP};
    if (kind == CHAN_KIND_COUNT || tab->send[kind] == NULL) {
        snprintf(a->res.error, sizeof(a->res.error), "no channel %s", j->d.channel);
        return;
    }
    if (notice_render(c->arena, f, &n) != BO_OK) {
        snprintf(a->res.error, sizeof(a->res.error), "cannot render %s", j->category);
        return;
    }
    struct chan_msg m = {.delivery_id = j->d.id,
                         .message_id = j->d.message_id,
                         .target = j->d.target,
                         .secret = j->secret,
                         .category = j->category,
                         .payload = j->payload,
                         .link = f->link,
                         .notice = &n,
                         .now = c->now};
    uint64_t t0 = clock_mono_ns();
    tab->send[kind](c->env->cfg, &m, &a->res);
    a->duration_ms = (int64_t)((clock_mono_ns() - t0) / 1000000u);
}

/* Send delivery id into *a; false when there is nothing to record (gone, or no longer ours). */
static bool
deliver_one(struct ctx *c, const struct chan_table *tab, int64_t id, struct result_args *a)
{
    struct delivery_job *j = arena_alloc(c->arena, sizeof(*j));
    struct payload_facts p;
    struct notice_facts f;

    enum bo_err err = store_delivery_job(c->store, c->arena, id, j);
    if (err || strcmp(j->d.status, "pending") != 0) {
        if (err != BO_OK && err != BO_ERR_NOT_FOUND) {
            log_warn("job.failed", c->req_id, "job=outbox.deliver id=%lld err=%s", (long long)id,
                     bo_err_name(err));
        }
        return false;
    }
    *a = (struct result_args){.job = j};
    read_payload(c->arena, j->payload, &p);
    build_facts(c, j, &p, &f);
    /* A reminder of a start that has passed says nothing useful any more. */
    a->skipped = route_is_reminder(j->category) && f.starts_at > 0 && f.starts_at <= c->now;
    if (!a->skipped) {
        send_job(c, tab, &f, a);
    }
    return true;
}

enum bo_err
messaging_deliver_due(struct ctx *c, const struct chan_table *tab, int limit, int *sent)
{
    const struct config *cfg = c->env->cfg;
    struct claim_args a = {.limit = limit};
    struct record_args rec = {0};

    *sent = 0;
    enum bo_err err = app_write_aside(c, claim_job, &a);
    if (err || a.count == 0) {
        return err;
    }
    /* Start no send that could outlast the claim (a slow peer takes up to the timeout); with
     * a lease shorter than twice the timeout, stop at half of it. The rest is given back. */
    int start_s = cfg->delivery_lease - cfg->delivery_timeout;
    start_s = start_s > cfg->delivery_lease / 2 ? start_s : cfg->delivery_lease / 2;
    uint64_t deadline = clock_mono_ns() + (uint64_t)start_s * 1000000000u;
    struct result_args *results = arena_alloc(c->arena, a.count * sizeof(*results));
    size_t i = 0;
    for (; i < a.count && (i == 0 || clock_mono_ns() < deadline); i++) {
        if (deliver_one(c, tab, a.ids[i], &results[rec.count])) {
            *sent += !results[rec.count].skipped && results[rec.count].res.outcome == CHAN_SENT;
            rec.count++;
        }
    }
    rec.results = results;
    rec.untried = a.ids + i;
    rec.untried_count = a.count - i;
    err = rec.count || rec.untried_count ? app_write_aside(c, record_job, &rec) : BO_OK;
    if (err == BO_OK) {
        count_attempts(c->env->attempts, results, rec.count);
    }
    return err;
}

/* --- in-app -------------------------------------------------------------------- */

enum bo_err
messaging_inbox(struct ctx *c, int64_t before_id, int limit, struct inbox_page *out)
{
    *out = (struct inbox_page){0};
    enum bo_err err = store_notification_list(c->store, c->arena, c->actor.user_id, before_id,
                                              limit, &out->items, &out->count);
    if (err == BO_OK) {
        err = store_notification_unread(c->store, c->actor.user_id, &out->unread);
    }
    return err ? tx_fail(c, err) : BO_OK;
}

struct read_args {
    int64_t id; /* 0: all of them */
    int count;
};

static enum bo_err
read_job(struct ctx *c, void *arg)
{
    struct read_args *a = arg;
    enum bo_err err = tx_begin(c);

    if (err == BO_OK && a->id > 0) {
        err = store_notification_read(c->store, c->actor.user_id, a->id, c->now);
        if (err == BO_ERR_NOT_FOUND) {
            err = ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such notification");
        }
    } else if (err == BO_OK) {
        err = store_notification_read_all(c->store, c->actor.user_id, c->now, &a->count);
    }
    return tx_end(c, err);
}

enum bo_err
messaging_read(struct ctx *c, int64_t id)
{
    struct read_args a = {.id = id};

    if (id <= 0) {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such notification");
    }
    return app_write(c, read_job, &a);
}

enum bo_err
messaging_read_all(struct ctx *c, int *count)
{
    struct read_args a = {0};
    enum bo_err err = app_write(c, read_job, &a);

    *count = a.count;
    return err;
}

/* --- admin ------------------------------------------------------------------------ */

enum bo_err
messaging_outbox_list(struct ctx *c, const struct outbox_filter *f, struct outbox_row **out,
                      size_t *count)
{
    enum bo_err err = store_outbox_list(c->store, c->arena, f, out, count);

    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
messaging_outbox_get(struct ctx *c, int64_t id, struct outbox_detail *out)
{
    *out = (struct outbox_detail){0};
    enum bo_err err = store_outbox_get(c->store, c->arena, id, &out->row);
    if (err == BO_ERR_NOT_FOUND) {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such outbox message");
    }
    if (err == BO_OK) {
        err = store_delivery_list(c->store, c->arena, id, &out->deliveries, &out->delivery_count);
    }
    size_t n = out->delivery_count ? out->delivery_count : 1;
    out->attempts = arena_alloc(c->arena, sizeof(*out->attempts) * n);
    out->attempt_counts = arena_alloc(c->arena, sizeof(*out->attempt_counts) * n);
    for (size_t i = 0; err == BO_OK && i < out->delivery_count; i++) {
        err = store_attempt_list(c->store, c->arena, out->deliveries[i].id, &out->attempts[i],
                                 &out->attempt_counts[i]);
    }
    return err ? tx_fail(c, err) : BO_OK;
}

struct redrive_args {
    int64_t id;
    int count;
};

static enum bo_err
redrive_job(struct ctx *c, void *arg)
{
    struct redrive_args *a = arg;
    struct outbox_row row;
    enum bo_err err = tx_begin(c);

    if (err == BO_OK) {
        err = store_outbox_get(c->store, c->arena, a->id, &row);
        if (err == BO_ERR_NOT_FOUND) {
            err = ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such outbox message");
        }
    }
    if (err == BO_OK) {
        err = store_outbox_redrive(c->store, a->id, c->now, &a->count);
    }
    if (err == BO_OK && a->count == 0) {
        err = ctx_fail(c, BO_ERR_CONFLICT, NULL, "no dead delivery to redrive");
    }
    return tx_end(c, err);
}

enum bo_err
messaging_redrive(struct ctx *c, int64_t id, int *count)
{
    struct redrive_args a = {.id = id};
    enum bo_err err = app_write(c, redrive_job, &a);

    *count = a.count;
    return err;
}

/* --- short links and metrics -------------------------------------------------------- */

struct follow_args {
    const char *code;
    const char *target;
};

static enum bo_err
follow_job(struct ctx *c, void *arg)
{
    struct follow_args *a = arg;
    enum bo_err err = tx_begin(c);

    if (err == BO_OK) {
        const char *page = route_short_link(c->arena, a->code);
        page = page ? arena_printf(c->arena, "/#%s", page) : NULL;
        err = store_short_link_click(c->store, c->arena, a->code, page, c->now, &a->target);
        if (err == BO_ERR_NOT_FOUND) {
            err = ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such link");
        }
    }
    return tx_end(c, err);
}

enum bo_err
messaging_follow(struct ctx *c, const char *code, const char **target)
{
    struct follow_args a = {.code = code};

    if (!route_short_code_plausible(code)) {
        return ctx_fail(c, BO_ERR_NOT_FOUND, NULL, "no such link");
    }
    enum bo_err err = app_write(c, follow_job, &a);
    *target = a.target;
    return err;
}

enum bo_err
messaging_stats(struct ctx *c, struct msg_stats *out)
{
    const struct attempt_counts *n = c->env->attempts;
    enum bo_err err = store_msg_stats(c->store, out);

    for (int ch = 0; err == BO_OK && n != NULL && ch < MSG_CHANNEL_COUNT; ch++) {
        out->attempts_ok[ch] = atomic_load_explicit(&n->ok[ch], memory_order_relaxed);
        out->attempts_failed[ch] = atomic_load_explicit(&n->failed[ch], memory_order_relaxed);
    }
    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
messaging_due(struct ctx *c, bool *route, bool *send)
{
    enum bo_err err = store_msg_due(c->store, c->now, route, send);

    return err ? tx_fail(c, err) : BO_OK;
}
