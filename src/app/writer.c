/* SPDX-License-Identifier: MIT */
#include "app/writer.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdlib.h>

#include "app/tx.h"
#include "core/ctx.h"
#include "core/event.h"
#include "lib/arena.h"
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
    sem_t done;
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
run_batch(struct writer *w, struct job *batch)
{
    enum bo_err err = store_batch_begin(w->store);

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
    for (struct job *j = batch, *next = NULL; j != NULL; j = next) {
        next = j->next; /* j is gone once its owner wakes */
        sem_post(&j->done);
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
free_parts(struct writer *w)
{
    arena_destroy(w->arena);
    free(w->places);    /* checksrc: allow */
    free(w->placing);   /* checksrc: allow */
    free(w->event_ids); /* checksrc: allow */
    free(w->events);    /* checksrc: allow */
    free(w);            /* checksrc: allow */
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
    if (pthread_create(&w->thread, NULL, loop, w) != 0) {
        free_parts(w);
        return BO_ERR_INTERNAL;
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
    pthread_cond_destroy(&w->work);
    pthread_mutex_destroy(&w->lock);
    store_close(w->store);
    free_parts(w);
}

/* Queue j (on the caller's stack) and wait until its batch has committed or failed. */
static enum bo_err
enqueue_and_wait(struct writer *w, struct job *j)
{
    sem_init(&j->done, 0, 0);
    pthread_mutex_lock(&w->lock);
    if (w->tail != NULL) {
        w->tail->next = j;
    } else {
        w->head = j;
    }
    w->tail = j;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->lock);
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
