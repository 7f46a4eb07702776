/* SPDX-License-Identifier: MIT */
#include "app/writer.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdlib.h>

#include "app/tx.h"
#include "core/ctx.h"
#include "lib/xalloc.h"
#include "store/store.h"

/* Lives on the caller's stack for as long as the caller waits. */
struct job {
    struct ctx *c;
    write_fn fn;
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

    for (struct job *j = batch; err == BO_OK && j != NULL; j = j->next) {
        run_job(w, j);
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

enum bo_err
writer_start(struct store *store, int max_batch, struct writer **out)
{
    struct writer *w = xcalloc(1, sizeof(*w)); /* checksrc: allow: process lifetime */

    w->store = store;
    w->max_batch = max_batch;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->work, NULL);
    if (pthread_create(&w->thread, NULL, loop, w) != 0) {
        free(w); /* checksrc: allow */
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
    free(w); /* checksrc: allow */
}

enum bo_err
writer_run(struct writer *w, struct ctx *c, write_fn fn, void *arg)
{
    struct job j = {.c = c, .fn = fn, .arg = arg};

    sem_init(&j.done, 0, 0);
    pthread_mutex_lock(&w->lock);
    if (w->tail != NULL) {
        w->tail->next = &j;
    } else {
        w->head = &j;
    }
    w->tail = &j;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->lock);
    while (sem_wait(&j.done) != 0) {
    }
    sem_destroy(&j.done);
    return j.result;
}
