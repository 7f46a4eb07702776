/* SPDX-License-Identifier: MIT */
/*
 * telegram.c - the telegram channel. PLACEHOLDER during issue 4's parallel work: it
 * refuses every message until the channel lands (this session).
 */
#include "chan/chan.h"

#include <stdio.h>

void
chan_telegram_send(const struct config *cfg, const struct chan_msg *m, struct chan_result *r)
{
    (void)cfg;
    (void)m;
    r->outcome = CHAN_RETRY;
    r->status_code = 0;
    r->retry_after_s = 0;
    snprintf(r->error, sizeof(r->error), "the telegram channel is not built yet");
}
