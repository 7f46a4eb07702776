/* SPDX-License-Identifier: MIT */
#include <criterion/criterion.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/sign.h"
#include "lib/token.h"

static struct arena *a;

static void
setup(void)
{
    cr_assert(token_init());
    a = arena_create(4096);
}

static void
teardown(void)
{
    arena_destroy(a);
}

TestSuite(sign, .init = setup, .fini = teardown);

/* The vector published with the Standard Webhooks reference libraries. */
#define SPEC_SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define SPEC_ID "msg_p5jXN8AQM9LWM0D4loKWxJek"
#define SPEC_TS 1614265330
#define SPEC_BODY "{\"test\": 2432232314}"
#define SPEC_SIG "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

Test(sign, webhook_signature_matches_the_published_test_vector)
{
    char sig[SIGN_SIG_LEN];

    cr_assert(sign_webhook(SPEC_SECRET, SPEC_ID, SPEC_TS, SPEC_BODY, strlen(SPEC_BODY), sig));

    cr_assert_str_eq(sig, SPEC_SIG);
}

Test(sign, the_whsec_prefix_is_optional)
{
    char sig[SIGN_SIG_LEN];

    cr_assert(sign_webhook(SPEC_SECRET + 6, SPEC_ID, SPEC_TS, SPEC_BODY, strlen(SPEC_BODY), sig));

    cr_assert_str_eq(sig, SPEC_SIG);
}

Test(sign, verify_accepts_the_vector_among_several_signatures)
{
    const char *header = "v2,abc v1,bm9wZQ== " SPEC_SIG;

    cr_assert(
        sign_webhook_verify(SPEC_SECRET, SPEC_ID, SPEC_TS, SPEC_BODY, strlen(SPEC_BODY), header));
    cr_assert(
        sign_webhook_verify(SPEC_SECRET, SPEC_ID, SPEC_TS, SPEC_BODY, strlen(SPEC_BODY), SPEC_SIG));
}

Test(sign, verify_refuses_a_tampered_body_id_timestamp_or_secret)
{
    const char *body = SPEC_BODY;
    size_t len = strlen(body);
    char *other = sign_secret_new(a);

    cr_assert_not(sign_webhook_verify(SPEC_SECRET, SPEC_ID, SPEC_TS, "{\"test\": 2432232315}", len,
                                      SPEC_SIG));
    cr_assert_not(sign_webhook_verify(SPEC_SECRET, "msg_other", SPEC_TS, body, len, SPEC_SIG));
    cr_assert_not(sign_webhook_verify(SPEC_SECRET, SPEC_ID, SPEC_TS + 1, body, len, SPEC_SIG));
    cr_assert_not(sign_webhook_verify(other, SPEC_ID, SPEC_TS, body, len, SPEC_SIG));
    cr_assert_not(sign_webhook_verify(SPEC_SECRET, SPEC_ID, SPEC_TS, body, len, ""));
    cr_assert_not(sign_webhook_verify(SPEC_SECRET, SPEC_ID, SPEC_TS, body, len, "v1,"));
    cr_assert_not(sign_webhook_verify(SPEC_SECRET, SPEC_ID, SPEC_TS, body, len, NULL));
}

Test(sign, new_secrets_are_whsec_and_32_random_bytes)
{
    char *s1 = sign_secret_new(a);
    char *s2 = sign_secret_new(a);
    char sig[SIGN_SIG_LEN];

    cr_assert(strncmp(s1, "whsec_", 6) == 0);
    cr_assert_eq(strlen(s1), 6 + 44);
    cr_assert_str_neq(s1, s2);
    cr_assert(sign_webhook(s1, "m", 1, "{}", 2, sig));
    cr_assert(sign_webhook_verify(s1, "m", 1, "{}", 2, sig));
}

Test(sign, a_malformed_secret_signs_nothing)
{
    char sig[SIGN_SIG_LEN];

    cr_assert_not(sign_webhook("whsec_!!!", "m", 1, "{}", 2, sig));
    cr_assert_str_eq(sig, "");
    cr_assert_not(sign_webhook("whsec_", "m", 1, "{}", 2, sig));
}

static const uint8_t key[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9};

static const char *
mint(int64_t expires_at)
{
    struct sign_unsub u = {
        .user_id = 42, .category = "booking", .channel = "email", .expires_at = expires_at};
    return sign_unsub_token(a, key, &u);
}

Test(sign, an_unsubscribe_token_round_trips)
{
    struct sign_unsub out;
    const char *t = mint(2000);

    cr_assert_eq(sign_unsub_verify(key, t, 1000, &out), SIGN_OK);
    cr_assert_eq(out.user_id, 42);
    cr_assert_str_eq(out.category, "booking");
    cr_assert_str_eq(out.channel, "email");
    cr_assert_eq(out.expires_at, 2000);
    cr_assert_eq(strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
                 strlen(t), "URL-safe: %s", t);
}

Test(sign, an_unsubscribe_token_expires)
{
    struct sign_unsub out;

    cr_assert_eq(sign_unsub_verify(key, mint(2000), 2000, &out), SIGN_EXPIRED);
    cr_assert_eq(out.user_id, 42);
}

Test(sign, a_tampered_unsubscribe_token_is_refused)
{
    struct sign_unsub out;
    struct sign_unsub other = {
        .user_id = 43, .category = "booking", .channel = "email", .expires_at = 2000};
    char *t = arena_strndup(a, mint(2000), strlen(mint(2000)));
    const char *forged_payload = sign_unsub_token(a, key, &other);
    uint8_t other_key[32] = {9};

    /* Someone else's payload with our MAC. */
    char *dot = strchr(t, '.');
    char *mixed = arena_printf(a, "%.*s%s", (int)(strchr(forged_payload, '.') - forged_payload),
                               forged_payload, dot);
    cr_assert_eq(sign_unsub_verify(key, mixed, 1000, &out), SIGN_BAD);
    cr_assert_eq(sign_unsub_verify(other_key, t, 1000, &out), SIGN_BAD);
    /* A flipped character of the MAC. */
    t[strlen(t) - 2] = t[strlen(t) - 2] == 'A' ? 'B' : 'A';
    cr_assert_eq(sign_unsub_verify(key, t, 1000, &out), SIGN_BAD);
}

/* The last character of an unpadded base64 part carries padding bits: changing only those
 * makes a non-canonical encoding, which is malformed rather than a second valid spelling. */
Test(sign, no_single_character_change_is_accepted)
{
    struct sign_unsub out;
    char *t = arena_strdup(a, mint(2000));

    for (size_t i = 0; t[i] != '\0'; i++) {
        char was = t[i];
        for (const char *c = "AB-_.z0"; *c != '\0'; c++) {
            if (*c == was) {
                continue;
            }
            t[i] = *c;
            cr_assert_neq(sign_unsub_verify(key, t, 1000, &out), SIGN_OK, "%s", t);
        }
        t[i] = was;
    }
    cr_assert_eq(sign_unsub_verify(key, t, 1000, &out), SIGN_OK);
}

Test(sign, a_malformed_unsubscribe_token_is_told_apart)
{
    struct sign_unsub out;
    char big[SIGN_TOKEN_MAX + 10];

    memset(big, 'A', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    cr_assert_eq(sign_unsub_verify(key, "", 0, &out), SIGN_MALFORMED);
    cr_assert_eq(sign_unsub_verify(key, "abc", 0, &out), SIGN_MALFORMED);
    cr_assert_eq(sign_unsub_verify(key, ".abc", 0, &out), SIGN_MALFORMED);
    cr_assert_eq(sign_unsub_verify(key, "abc.!!", 0, &out), SIGN_MALFORMED);
    cr_assert_eq(sign_unsub_verify(key, "YWJj.YWJj", 0, &out), SIGN_MALFORMED);
    cr_assert_eq(sign_unsub_verify(key, big, 0, &out), SIGN_MALFORMED);
    cr_assert_eq(sign_unsub_verify(key, NULL, 0, &out), SIGN_MALFORMED);
}
