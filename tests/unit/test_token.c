/* SPDX-License-Identifier: MIT */
#include <criterion/criterion.h>
#include <string.h>

#include "lib/arena.h"
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

TestSuite(token, .init = setup, .fini = teardown);

Test(token, new_tokens_carry_the_prefix_and_256_random_bits)
{
    char *t1 = token_new(a, "bo_rt_");
    char *t2 = token_new(a, "bo_rt_");

    cr_assert(strncmp(t1, "bo_rt_", 6) == 0);
    cr_assert_eq(strlen(t1), 6 + 43);
    cr_assert_str_neq(t1, t2);
}

Test(token, base64url_round_trips)
{
    unsigned char in[32], out[32];
    size_t len = 0;

    token_random(in, sizeof(in));
    cr_assert(token_unb64(token_b64(a, in, sizeof(in)), out, sizeof(out), &len));
    cr_assert_eq(len, 32);
    cr_assert_arr_eq(in, out, 32);
    cr_assert(!token_unb64("not base64!", out, sizeof(out), &len));
}

Test(token, hex_round_trips_and_checks_length)
{
    unsigned char in[16], out[16];

    token_random(in, sizeof(in));
    cr_assert(token_unhex(token_hex(a, in, sizeof(in)), out, sizeof(out)));
    cr_assert_arr_eq(in, out, 16);
    cr_assert(!token_unhex("abcd", out, sizeof(out)));
    cr_assert(!token_unhex("zz000000000000000000000000000000", out, sizeof(out)));
}

Test(token, sha256_matches_a_known_vector)
{
    char hex[TOKEN_HASH_LEN + 1];

    token_hash("abc", hex);
    cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

Test(token, hmac_sha256_matches_rfc4231_case_2)
{
    uint8_t key[32] = "Jefe";
    char hex[TOKEN_HASH_LEN + 1];

    /* RFC 4231 pads short keys with zeros to the block size: the same as ours. */
    token_hmac_hex(key, "what do ya want for nothing?", hex);
    cr_assert_str_eq(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

Test(token, uniform_stays_in_range)
{
    for (int i = 0; i < 1000; i++) {
        cr_assert_lt(token_uniform(32), 32u);
    }
}
