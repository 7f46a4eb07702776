/* SPDX-License-Identifier: MIT */
/*
 * The webhook channel against a local receiver (tests/lib/hookrecv.c) that
 * checks every signature: the envelope, the Standard Webhooks headers, a
 * stable webhook-id across attempts, and what each reply status means.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <string.h>

#include "chan/chan.h"
#include "chan/http.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/hookrecv.h"
#include "lib/sign.h"
#include "lib/token.h"

static struct arena *a;
static struct hookrecv *recv_;
static const char *secret;
static struct config cfg;

static void
setup(void)
{
    cr_assert(token_init());
    a = arena_create(4096);
    secret = sign_secret_new(a);
    recv_ = hookrecv_start(secret);
    cr_assert_not_null(recv_);
    cfg.delivery_timeout = 5;
}

static void
teardown(void)
{
    chan_http_thread_done();
    hookrecv_stop(recv_);
    arena_destroy(a);
}

TestSuite(chan_webhook, .init = setup, .fini = teardown, .timeout = 30);

static struct chan_msg
message(const char *id)
{
    return (struct chan_msg){.delivery_id = 1,
                             .message_id = id,
                             .target = hookrecv_url(recv_),
                             .secret = secret,
                             .category = "booking.created",
                             .payload = "{\"booking_id\":7,\"event\":\"Кіно\"}",
                             .now = 1700000000};
}

Test(chan_webhook, a_2xx_is_sent_with_a_signature_the_receiver_verifies)
{
    struct chan_msg m = message("msg_1");
    struct chan_result r;
    struct hookrecv_msg got;

    chan_webhook_send(&cfg, &m, &r);

    cr_assert_eq(r.outcome, CHAN_SENT, "%s", r.error);
    cr_assert_eq(r.status_code, 200);
    cr_assert(hookrecv_get(recv_, 0, &got));
    cr_assert(got.verified, "signature %s", got.signature);
    cr_assert_str_eq(got.id, "msg_1");
    cr_assert_eq(got.timestamp, 1700000000);
    struct json_object *o = json_tokener_parse(got.body);
    struct json_object *v = NULL;
    cr_assert(json_object_object_get_ex(o, "type", &v));
    cr_assert_str_eq(json_object_get_string(v), "booking.created");
    cr_assert(json_object_object_get_ex(o, "timestamp", &v));
    cr_assert_str_eq(json_object_get_string(v), "2023-11-14T22:13:20Z");
    cr_assert(json_object_object_get_ex(o, "data", &v));
    cr_assert_eq(json_object_get_int64(json_object_object_get(v, "booking_id")), 7);
    json_object_put(o);
}

Test(chan_webhook, a_resend_carries_the_same_id_and_a_fresh_signature)
{
    struct chan_msg m = message("msg_again");
    struct chan_result r;
    struct hookrecv_msg first, second;

    chan_webhook_send(&cfg, &m, &r);
    m.now += 60;
    chan_webhook_send(&cfg, &m, &r);

    cr_assert(hookrecv_get(recv_, 0, &first));
    cr_assert(hookrecv_get(recv_, 1, &second));
    cr_assert_str_eq(first.id, second.id);
    cr_assert(first.verified && second.verified);
    cr_assert_str_neq(first.signature, second.signature);
    cr_assert_eq(second.timestamp, 1700000060);
}

Test(chan_webhook, a_410_means_the_endpoint_is_gone)
{
    struct chan_msg m = message("msg_gone");
    struct chan_result r;

    hookrecv_set_status(recv_, 410, 0);
    chan_webhook_send(&cfg, &m, &r);

    cr_assert_eq(r.outcome, CHAN_GONE);
    cr_assert_eq(r.status_code, 410);
}

Test(chan_webhook, a_500_is_retried_and_retry_after_is_passed_on)
{
    struct chan_msg m = message("msg_500");
    struct chan_result r;

    hookrecv_set_status(recv_, 500, 0);
    chan_webhook_send(&cfg, &m, &r);
    cr_assert_eq(r.outcome, CHAN_RETRY);
    cr_assert_eq(r.status_code, 500);
    cr_assert_neq(r.error[0], '\0');

    hookrecv_set_status(recv_, 429, 120);
    chan_webhook_send(&cfg, &m, &r);
    cr_assert_eq(r.outcome, CHAN_RETRY);
    cr_assert_eq(r.retry_after_s, 120);
}

Test(chan_webhook, other_4xx_give_up)
{
    struct chan_msg m = message("msg_400");
    struct chan_result r;

    hookrecv_set_status(recv_, 400, 0);
    chan_webhook_send(&cfg, &m, &r);

    cr_assert_eq(r.outcome, CHAN_GIVE_UP);
    cr_assert_eq(r.status_code, 400);
}

Test(chan_webhook, no_reply_is_retried)
{
    struct chan_msg m = message("msg_down");
    struct chan_result r;

    m.target = "http://127.0.0.1:1/hook";
    chan_webhook_send(&cfg, &m, &r);

    cr_assert_eq(r.outcome, CHAN_RETRY);
    cr_assert_eq(r.status_code, 0);
}

Test(chan_webhook, the_receiver_detects_a_wrong_secret)
{
    struct chan_msg m = message("msg_wrong");
    struct chan_result r;
    struct hookrecv_msg got;

    m.secret = sign_secret_new(a);
    chan_webhook_send(&cfg, &m, &r);

    cr_assert(hookrecv_get(recv_, 0, &got));
    cr_assert_not(got.verified);
}

Test(chan_webhook, a_payload_that_is_not_json_gives_up_without_sending)
{
    struct chan_msg m = message("msg_bad");
    struct chan_result r;

    m.payload = "{not json";
    chan_webhook_send(&cfg, &m, &r);

    cr_assert_eq(r.outcome, CHAN_GIVE_UP);
    cr_assert_eq(hookrecv_count(recv_), 0);
}
