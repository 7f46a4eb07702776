/* SPDX-License-Identifier: MIT */
/*
 * tx.h - the two ends of a use case's write transaction.
 *
 *     enum bo_err err = tx_begin(c);
 *     if (err == BO_OK) { err = ...writes...; }
 *     return tx_end(c, err);
 *
 * tx_end commits when err is BO_OK and rolls back otherwise; either way it
 * returns the error recorded on ctx (a storage failure without a recorded
 * reason gets a generic one).
 */
#ifndef BO_APP_TX_H
#define BO_APP_TX_H

#include "core/err.h"

struct ctx;

enum bo_err tx_begin(struct ctx *c);
enum bo_err tx_end(struct ctx *c, enum bo_err err);
/* Record a storage error on ctx unless a reason is there already. */
enum bo_err tx_fail(struct ctx *c, enum bo_err err);

#endif
