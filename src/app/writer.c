/* SPDX-License-Identifier: MIT */
#include "app/writer.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#include "app/tx.h"
#include "core/ctx.h"
#include "core/event.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "store/store.h"

/* Lives on the caller's stack for as long as the caller waits. */
struct job {
    struct ctx *c;
    write_fn fn;                     /* one piece, or */
    const struct write_place *place; /* two halves around a shared place */
    int64_t event_id;                /* (the place's event) */
    void *arg;
    enum bo_err result;
    sem_t done;            /* a caller waiting on a thread, or */
    write_done_fn on_done; /* one told when it is over */
    void *done_arg;
    struct job *next;
};

struct writer {
    struct store *store;
    int max_batch;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t work;
    struct job *head, *tail;
    bool stopping;
    struct booking_place *places; /* max_batch of each: the bookings placed together, */
    struct job **placing;
    int64_t *event_ids; /* their events, */
    struct event *events;
    struct arena *arena; /* read into this, for one run of places */

    /*
     * Deferred durability (SQLite): the writer commits without waiting for
     * the disk and goes on with the next batch while the syncer thread
     * flushes the log and only then wakes the committed batches' callers.
     */
    bool deferred;
    pthread_t syncer;
    pthread_mutex_t sync_lock;
    pthread_cond_t sync_work;
    struct job *unsynced, *unsynced_tail; /* committed, not yet on disk */
    bool sync_stopping;
    atomic_bool broken; /* a sync failed: nothing is acknowledged any more */

    atomic_uint_fast64_t jobs, batches, syncs;
    atomic_int_fast64_t waiting, most_waiting;
};

/* Up to max_batch jobs off the queue, in arrival order; NULL when stopping and empty. */
static struct job *
take_batch(struct writer *w)
{
    pthread_mutex_lock(&w->lock);
    while (w->head == NULL && !w->stopping) {
        pthread_cond_wait(&w->work, &w->lock);
    }
    struct job *first = w->head, *last = w->head;
    for (int n = 1; last != NULL && last->next != NULL && n < w->max_batch; n++) {
        last = last->next;
    }
    if (last != NULL) {
        w->head = last->next;
        last->next = NULL;
        if (w->head == NULL) {
            w->tail = NULL;
        }
    }
    pthread_mutex_unlock(&w->lock);
    return first;
}

static void
run_job(struct writer *w, struct job *j)
{
    struct store *own = j->c->store;

    j->c->store = w->store;
    j->result = j->fn(j->c, j->arg);
    store_rollback(w->store); /* a use case that left its savepoint open */
    j->c->store = own;
}

/* The events of the run of two-half jobs that starts at j, with one store call; *count: the run. */
static enum bo_err
read_events(struct writer *w, const struct job *j, size_t *count)
{
    size_t n = 0;

    for (; j != NULL && j->place != NULL; j = j->next) {
        w->event_ids[n++] = j->event_id;
    }
    *count = n;
    arena_reset(w->arena);
    return store_event_get_heads(w->store, w->arena, w->event_ids, n, w->events);
}

/*
 * The run of two-half jobs that starts at j: read their events, plan each,
 * place all their bookings with one store call, finish each. Returns the
 * job after the run.
 */
static struct job *
run_places(struct writer *w, struct job *j)
{
    size_t run = 0, n = 0;
    enum bo_err err = read_events(w, j, &run);

    for (size_t i = 0; i < run; i++, j = j->next) {
        const struct event *e = w->events[i].id != 0 ? &w->events[i] : NULL;
        struct store *own = j->c->store;
        j->c->store = w->store;
        j->result = err ? tx_fail(j->c, err) : j->place->plan(j->c, j->arg, e, &w->places[n]);
        j->c->store = own;
        if (j->result == BO_OK) {
            w->placing[n++] = j;
        }
    }
    if (n > 0) {
        store_booking_place_all(w->store, w->places, n); /* a failure is in each place's err */
    }
    for (size_t i = 0; i < n; i++) {
        struct job *p = w->placing[i];
        struct store *own = p->c->store;
        p->c->store = w->store;
        p->result = p->place->finish(p->c, p->arg, &w->places[i]);
        store_rollback(w->store); /* a use case that left its savepoint open */
        p->c->store = own;
    }
    return j;
}

/* The batch did not commit: nothing of it is on disk, whatever each job said. */
static void
fail_batch(struct job *batch, enum bo_err err)
{
    for (struct job *j = batch; j != NULL; j = j->next) {
        if (j->result == BO_OK) {
            j->result = tx_fail(j->c, err);
        }
    }
}

static void
wake_all(struct writer *w, struct job *list)
{
    for (struct job *j = list, *next = NULL; j != NULL; j = next) {
        next = j->next; /* j is gone once its owner wakes */
        atomic_fetch_sub(&w->waiting, 1);
        if (j->on_done != NULL) {
            j->on_done(j->c, j->done_arg, j->result);
        } else {
            sem_post(&j->done);
        }
    }
}

/* A committed batch waits for the syncer's next fsync. */
static void
hand_to_syncer(struct writer *w, struct job *batch)
{
    struct job *last = batch;

    while (last->next != NULL) {
        last = last->next;
    }
    pthread_mutex_lock(&w->sync_lock);
    if (w->unsynced_tail != NULL) {
        w->unsynced_tail->next = batch;
    } else {
        w->unsynced = batch;
    }
    w->unsynced_tail = last;
    pthread_cond_signal(&w->sync_work);
    pthread_mutex_unlock(&w->sync_lock);
}

/*
 * One fsync for every batch committed since the last: the log is written in
 * commit order, so it covers them all. After a failed fsync the kernel may
 * have dropped the dirty pages and report the next one clean; so the writer
 * stops acknowledging anything (as PostgreSQL does) until restarted.
 */
static void *
sync_loop(void *arg)
{
    struct writer *w = arg;

    for (;;) {
        pthread_mutex_lock(&w->sync_lock);
        while (w->unsynced == NULL && !w->sync_stopping) {
            pthread_cond_wait(&w->sync_work, &w->sync_lock);
        }
        struct job *jobs = w->unsynced;
        w->unsynced = w->unsynced_tail = NULL;
        pthread_mutex_unlock(&w->sync_lock);
        if (jobs == NULL) {
            return NULL; /* stopping, and nothing left */
        }
        enum bo_err err = store_sync(w->store);
        atomic_fetch_add(&w->syncs, 1);
        if (err) {
            atomic_store(&w->broken, true);
            log_error("writer.sync_failed", NULL, "err=%s", bo_err_name(err));
            fail_batch(jobs, err);
        }
        wake_all(w, jobs);
    }
}

static void
run_batch(struct writer *w, struct job *batch)
{
    if (atomic_load(&w->broken)) {
        fail_batch(batch, BO_ERR_UNAVAILABLE);
        wake_all(w, batch);
        return;
    }
    enum bo_err err = store_batch_begin(w->store);

    atomic_fetch_add(&w->batches, 1);
    for (struct job *j = batch; err == BO_OK && j != NULL;) {
        if (j->place != NULL) {
            j = run_places(w, j);
        } else {
            run_job(w, j);
            j = j->next;
        }
    }
    if (err == BO_OK) {
        err = store_batch_commit(w->store);
    }
    if (err) {
        store_batch_rollback(w->store);
        fail_batch(batch, err);
    }
    if (err == BO_OK && w->deferred) {
        hand_to_syncer(w, batch);
    } else {
        atomic_fetch_add(&w->syncs, err == BO_OK); /* the commit was the sync */
        wake_all(w, batch);
    }
}

static void *
loop(void *arg)
{
    struct writer *w = arg;

    for (struct job *batch = take_batch(w); batch != NULL; batch = take_batch(w)) {
        run_batch(w, batch);
    }
    return NULL;
}

static void
writer_free(struct writer *w)
{
    pthread_cond_destroy(&w->work);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->sync_work);
    pthread_mutex_destroy(&w->sync_lock);
    arena_destroy(w->arena);
    free(w->places);    /* checksrc: allow */
    free(w->placing);   /* checksrc: allow */
    free(w->event_ids); /* checksrc: allow */
    free(w->events);    /* checksrc: allow */
    free(w);            /* checksrc: allow */
}

static void
stop_syncer(struct writer *w)
{
    pthread_mutex_lock(&w->sync_lock);
    w->sync_stopping = true;
    pthread_cond_signal(&w->sync_work);
    pthread_mutex_unlock(&w->sync_lock);
    pthread_join(w->syncer, NULL);
}

enum bo_err
writer_start(struct store *store, int max_batch, struct writer **out)
{
    struct writer *w = xcalloc(1, sizeof(*w)); /* checksrc: allow: process lifetime */

    w->store = store;
    w->max_batch = max_batch;
    w->places = xcalloc((size_t)max_batch, sizeof(*w->places));       /* checksrc: allow */
    w->placing = xcalloc((size_t)max_batch, sizeof(*w->placing));     /* checksrc: allow */
    w->event_ids = xcalloc((size_t)max_batch, sizeof(*w->event_ids)); /* checksrc: allow */
    w->events = xcalloc((size_t)max_batch, sizeof(*w->events));       /* checksrc: allow */
    w->arena = arena_create(64 * 1024);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->work, NULL);
    pthread_mutex_init(&w->sync_lock, NULL);
    pthread_cond_init(&w->sync_work, NULL);
    enum bo_err err = store_defer_sync(store, &w->deferred);
    if (err == BO_OK && w->deferred && pthread_create(&w->syncer, NULL, sync_loop, w) != 0) {
        err = BO_ERR_INTERNAL;
    }
    if (err == BO_OK && pthread_create(&w->thread, NULL, loop, w) != 0) {
        if (w->deferred) {
            stop_syncer(w);
        }
        err = BO_ERR_INTERNAL;
    }
    if (err) {
        writer_free(w);
        return err;
    }
    *out = w;
    return BO_OK;
}

void
writer_stop(struct writer *w)
{
    if (w == NULL) {
        return;
    }
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    if (w->deferred) {
        stop_syncer(w); /* after the writer: its last batches are synced first */
    }
    store_close(w->store);
    writer_free(w);
}

static void
enqueue(struct writer *w, struct job *j)
{
    int_fast64_t waiting = atomic_fetch_add(&w->waiting, 1) + 1;
    int_fast64_t most = atomic_load(&w->most_waiting);

    while (waiting > most && !atomic_compare_exchange_weak(&w->most_waiting, &most, waiting)) {
    }
    atomic_fetch_add(&w->jobs, 1);
    pthread_mutex_lock(&w->lock);
    if (w->tail != NULL) {
        w->tail->next = j;
    } else {
        w->head = j;
    }
    w->tail = j;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->lock);
}

/* Queue j (on the caller's stack) and wait until its batch has committed or failed. */
static enum bo_err
enqueue_and_wait(struct writer *w, struct job *j)
{
    sem_init(&j->done, 0, 0);
    enqueue(w, j);
    while (sem_wait(&j->done) != 0) {
    }
    sem_destroy(&j->done);
    return j->result;
}

enum bo_err
writer_run(struct writer *w, struct ctx *c, write_fn fn, void *arg)
{
    struct job j = {.c = c, .fn = fn, .arg = arg};

    return enqueue_and_wait(w, &j);
}

enum bo_err
writer_run_place(struct writer *w, struct ctx *c, const struct write_place *wp, int64_t event_id,
                 void *arg)
{
    struct job j = {.c = c, .place = wp, .event_id = event_id, .arg = arg};

    return enqueue_and_wait(w, &j);
}

void
writer_submit(struct writer *w, struct ctx *c, write_fn fn, const struct write_place *wp,
              int64_t event_id, void *arg, write_done_fn done, void *done_arg)
{
    struct job *j = arena_alloc(c->arena, sizeof(*j));

    *j = (struct job){.c = c,
                      .fn = fn,
                      .place = wp,
                      .event_id = event_id,
                      .arg = arg,
                      .on_done = done,
                      .done_arg = done_arg};
    enqueue(w, j);
}

void
writer_get_stats(struct writer *w, struct writer_stats *out)
{
    *out = (struct writer_stats){.jobs = atomic_load(&w->jobs),
                                 .batches = atomic_load(&w->batches),
                                 .syncs = atomic_load(&w->syncs),
                                 .waiting = atomic_load(&w->waiting),
                                 .most_waiting = atomic_load(&w->most_waiting)};
}
