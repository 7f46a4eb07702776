/* SPDX-License-Identifier: MIT */
#include "app/tx.h"

#include "core/ctx.h"
#include "store/store.h"

enum bo_err
tx_fail(struct ctx *c, enum bo_err err)
{
    if (c->err != BO_OK) {
        return c->err;
    }
    return ctx_fail(c, err, NULL,
                    err == BO_ERR_BUSY ? "the database is busy; try again" : "storage failed");
}

enum bo_err
tx_begin(struct ctx *c)
{
    enum bo_err err = store_begin(c->store);

    return err ? tx_fail(c, err) : BO_OK;
}

enum bo_err
tx_end(struct ctx *c, enum bo_err err)
{
    if (err == BO_OK) {
        err = store_commit(c->store);
    }
    if (err) {
        store_rollback(c->store);
        return tx_fail(c, err);
    }
    return BO_OK;
}
