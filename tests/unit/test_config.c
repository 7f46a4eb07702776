/* SPDX-License-Identifier: MIT */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

Test(config, defaults_are_valid)
{
    struct config cfg;
    struct config_errors errs = {0};

    config_defaults(&cfg);
    config_validate(&cfg, &errs);
    cr_assert_eq(errs.count, 0, "%s", errs.msg[0]);
    cr_assert_str_eq(cfg.listen, "127.0.0.1:8080");
    cr_assert_eq(cfg.body_limit, 1 << 20);
    cr_assert_eq(cfg.header_limit, 16 << 10);
    config_free(&cfg);
}

Test(config, flags_override_the_environment)
{
    struct config cfg;
    struct config_errors errs = {0};
    char *env[] = {"BOXOFFICE_THREADS=3", "BOXOFFICE_DB=sqlite:/tmp/env.db", "HOME=/root", NULL};
    char *argv[] = {"--threads=5", "--trust-proxy", "--listen", "0.0.0.0:9000", "extra"};
    int rest[5], rest_count = 0;

    config_defaults(&cfg);
    config_load_env(&cfg, env, &errs);
    config_load_args(&cfg, 5, argv, rest, &rest_count, &errs);
    cr_assert_eq(errs.count, 0);
    cr_assert_eq(cfg.threads, 5);
    cr_assert(cfg.trust_proxy);
    cr_assert_str_eq(cfg.listen, "0.0.0.0:9000");
    cr_assert_str_eq(cfg.db, "sqlite:/tmp/env.db");
    cr_assert_eq(rest_count, 1);
    cr_assert_eq(rest[0], 4);
    config_free(&cfg);
}

Test(config, every_bad_value_is_reported)
{
    struct config cfg;
    struct config_errors errs = {0};
    char *env[] = {"BOXOFFICE_NO_SUCH_THING=1", "BOXOFFICE_BODY_LIMIT=lots", NULL};
    char *argv[] = {"--threads", "-1", "--log-level", "loud", "--secret-key", "short"};
    int rest[6], rest_count = 0;

    config_defaults(&cfg);
    config_load_env(&cfg, env, &errs);
    config_load_args(&cfg, 6, argv, rest, &rest_count, &errs);
    config_validate(&cfg, &errs);
    cr_assert_eq(errs.count, 5);
    config_free(&cfg);
}

Test(config, printing_masks_secrets)
{
    struct config cfg;
    struct config_errors errs = {0};
    char *argv[] = {"--secret-key", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTAxMjM"};
    int rest[2], rest_count = 0;
    char buf[4096] = {0};
    FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");

    config_defaults(&cfg);
    config_load_args(&cfg, 2, argv, rest, &rest_count, &errs);
    config_print(&cfg, f);
    fclose(f);
    cr_assert(strstr(buf, "secret-key = ********") != NULL, "%s", buf);
    cr_assert(strstr(buf, "c2VjcmV0") == NULL);
    config_free(&cfg);
}
