/* SPDX-License-Identifier: MIT */
/*
 * writer.h - group commit: one thread owns a write connection and runs the
 * write use cases queued by request threads, many to a transaction.
 *
 * A durable commit costs one fsync (about 0.1 ms here), far more than the
 * SQL of one booking; batching many bookings into one commit is what lets
 * SQLite take tens of thousands of them a second. Each use case runs inside
 * a SAVEPOINT (store batch mode), so its failure undoes only its own writes.
 * A caller of writer_run() waits until the batch holding its work is
 * committed and on disk: a 2xx is only ever sent for a write that is. On
 * SQLite the commit does not wait for the disk: a syncer thread flushes
 * the log for every batch committed since its last flush, then wakes
 * their callers, while the writer goes on (docs/internals/write-path.md).
 */
#ifndef BO_APP_WRITER_H
#define BO_APP_WRITER_H

#include <stdint.h>

#include "core/err.h"

struct booking_place;
struct ctx;
struct event;
struct store;
struct writer;

typedef enum bo_err (*write_fn)(struct ctx *c, void *arg);
/* What a caller that does not wait is told: the use case's result, once durable or failed. */
typedef void (*write_done_fn)(struct ctx *c, void *arg, enum bo_err result);

/*
 * A booking use case in two halves around the store call that writes the
 * booking, so that the writer can place the bookings of many use cases
 * with one store_booking_place_all (one call on PostgreSQL, however many
 * bookings). The writer first reads the events of all of them with one
 * store_event_get_heads; plan() then checks the booking against its event
 * e (NULL: no such event) and fills *out (an error ends the use case
 * there); finish() runs after the place and completes the use case in its
 * own transaction (log, notifications, unless the store wrote them) or
 * answers the refusal. Both run on the writer's store; e lives until the
 * batch ends. Once a booking is placed, finish() may fail only if the
 * whole batch does. run() is the whole use case in one piece, for a server
 * without the writer.
 */
struct write_place {
    write_fn run;
    enum bo_err (*plan)(struct ctx *c, void *arg, const struct event *e, struct booking_place *out);
    enum bo_err (*finish)(struct ctx *c, void *arg, const struct booking_place *done);
};

/* Take ownership of store (its own connection) and start the thread. */
enum bo_err writer_start(struct store *store, int max_batch, struct writer **out);
/* Finish what is queued, stop, close the store. */
void writer_stop(struct writer *w);

/*
 * Run fn(c, arg) on the writer thread with c->store set to the writer's
 * handle, and wait for the commit of its batch. Returns fn's result, or the
 * commit's failure (recorded on c).
 */
enum bo_err writer_run(struct writer *w, struct ctx *c, write_fn fn, void *arg);
/*
 * The same for a two-half booking use case of event_id; consecutive ones in
 * a batch are placed together.
 */
enum bo_err writer_run_place(struct writer *w, struct ctx *c, const struct write_place *wp,
                             int64_t event_id, void *arg);

/*
 * Queue fn (or wp: exactly one of them) and return at once: nobody waits on
 * a thread. done(c, done_arg, result) runs on the writer's side once the
 * batch is on disk or failed; the job lives in c's arena until then.
 */
void writer_submit(struct writer *w, struct ctx *c, write_fn fn, const struct write_place *wp,
                   int64_t event_id, void *arg, write_done_fn done, void *done_arg);

/* Counters since the start, for /metrics. */
struct writer_stats {
    uint64_t jobs, batches, syncs;
    int64_t waiting;      /* jobs queued or awaiting their fsync now */
    int64_t most_waiting; /* the most jobs queued or awaiting their fsync at once */
};
void writer_get_stats(struct writer *w, struct writer_stats *out);

#endif
