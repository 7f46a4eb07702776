/* SPDX-License-Identifier: MIT */
/*
 * The server as a whole: health, OpenAPI, metrics, routing errors, request
 * limits, problem documents, static files, the command line, shutdown.
 */
#include <criterion/criterion.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/client.h"
#include "lib/server.h"

static struct test_server srv;

static void
start(void)
{
    test_server_start(&srv, NULL);
}

static void
stop(void)
{
    test_server_destroy(&srv);
}

TestSuite(basics, .init = start, .fini = stop, .timeout = 60);

Test(basics, healthz_answers_ok_with_a_request_id)
{
    struct http_resp *r = http_do(&srv, "GET", "/healthz", NULL, NULL);

    cr_assert_eq(r->status, 200);
    cr_assert_str_eq(jstr(r, "status"), "ok");
    cr_assert(http_header(r, "X-Request-Id") != NULL);
    http_free(r);
}

Test(basics, a_sane_client_request_id_is_echoed)
{
    const char *h[] = {"X-Request-Id: trace-42", NULL};
    struct http_resp *r = http_do(&srv, "GET", "/healthz", NULL, h);

    cr_assert_str_eq(http_header(r, "X-Request-Id"), "trace-42");
    http_free(r);
}

Test(basics, readyz_names_the_database_and_schema)
{
    struct http_resp *r = http_do(&srv, "GET", "/readyz", NULL, NULL);

    cr_assert_eq(r->status, 200, "%s", r->body);
    cr_assert_str_eq(jstr(r, "status"), "ready");
    cr_assert(jint(r, "schema_version") >= 1);
    http_free(r);
}

Test(basics, openapi_document_is_served_as_openapi_3_1)
{
    struct http_resp *r = http_do(&srv, "GET", "/api/v1/openapi.json", NULL, NULL);

    cr_assert_eq(r->status, 200);
    cr_assert_str_eq(jstr(r, "openapi"), "3.1.0");
    cr_assert(jstr(r, "paths./api/v1/me") != NULL);
    http_free(r);
}

Test(basics, metrics_count_requests_by_route_and_status)
{
    http_free(http_do(&srv, "GET", "/healthz", NULL, NULL));
    http_free(http_do(&srv, "GET", "/nope", NULL, NULL));
    /* A request is counted when it completes, just after its answer left: allow a moment. */
    struct http_resp *r = NULL;
    for (int i = 0; i < 100; i++) {
        http_free(r);
        r = http_do(&srv, "GET", "/metrics", NULL, NULL);
        if (strstr(r->body, "route=\"unmatched\",status=\"404\"") != NULL &&
            strstr(r->body, "route=\"/healthz\",status=\"200\"") != NULL) {
            break;
        }
        usleep(10 * 1000);
    }

    cr_assert_eq(r->status, 200);
    cr_assert(strstr(r->body, "boxoffice_http_requests_total{route=\"/healthz\",status=\"200\"}"),
              "%s", r->body);
    cr_assert(strstr(r->body, "route=\"unmatched\",status=\"404\""));
    cr_assert(strstr(r->body, "boxoffice_http_request_duration_seconds_bucket{route=\"/healthz\""));
    http_free(r);
}

Test(basics, unknown_route_is_a_404_problem)
{
    struct http_resp *r = http_do(&srv, "GET", "/api/v1/nothing-here", NULL, NULL);

    assert_problem(r, 404, "not-found");
    cr_assert_str_eq(jstr(r, "instance"), "/api/v1/nothing-here");
    http_free(r);
}

Test(basics, wrong_method_is_a_405_with_allow)
{
    struct http_resp *r = http_do(&srv, "PUT", "/api/v1/me", "{}", NULL);

    assert_problem(r, 405, "method-not-allowed");
    cr_assert_str_eq(http_header(r, "Allow"), "GET, PATCH");
    http_free(r);
}

/*
 * The server refuses an oversize Content-Length before reading the body. A
 * client that sends the body at once may see the connection close mid-upload
 * (HTTP/1.1 allows that); one that asks first, as curl does for big bodies,
 * always reads the 413.
 */
Test(basics, oversize_body_is_a_413)
{
    size_t n = 1024 * 1024 + 100;
    char *big = malloc(n + 1);
    const char *h[] = {"Expect: 100-continue", NULL};

    memset(big, 'a', n);
    big[n] = '\0';
    struct http_resp *r = http_do(&srv, "POST", "/api/v1/auth/login", big, h);
    assert_problem(r, 413, "payload-too-large");
    http_free(r);
    free(big);
}

Test(basics, oversize_chunked_body_is_a_413)
{
    size_t n = 1024 * 1024 + 100;
    char *big = malloc(n + 1);
    const char *h[] = {"Transfer-Encoding: chunked", NULL};

    memset(big, ' ', n);
    big[n] = '\0';
    struct http_resp *r = http_do(&srv, "POST", "/api/v1/auth/login", big, h);
    assert_problem(r, 413, "payload-too-large");
    http_free(r);
    free(big);
}

Test(basics, oversize_headers_are_a_431)
{
    char *h = malloc(20 * 1024);
    const char *headers[] = {h, NULL};

    strcpy(h, "X-Padding: ");
    memset(h + 11, 'x', 20 * 1024 - 12);
    h[20 * 1024 - 1] = '\0';
    struct http_resp *r = http_do(&srv, "GET", "/healthz", NULL, headers);
    assert_problem(r, 431, "headers-too-large");
    http_free(r);
    free(h);
}

Test(basics, malformed_json_is_a_400)
{
    struct http_resp *r = http_do(&srv, "POST", "/api/v1/auth/login", "{\"login\": ", NULL);

    assert_problem(r, 400, "malformed");
    http_free(r);
}

Test(basics, trailing_garbage_after_json_is_a_400)
{
    struct http_resp *r = http_do(&srv, "POST", "/api/v1/auth/login", "{} {}", NULL);

    assert_problem(r, 400, "malformed");
    http_free(r);
}

Test(basics, invalid_utf8_is_a_400)
{
    struct http_resp *r = http_do(&srv, "POST", "/api/v1/auth/login",
                                  "{\"login\": \"\xff\xfe\", \"password\": \"x\"}", NULL);

    assert_problem(r, 400, "malformed");
    http_free(r);
}

Test(basics, a_json_array_body_is_a_422)
{
    struct http_resp *r = http_do(&srv, "POST", "/api/v1/auth/login", "[]", NULL);

    assert_problem(r, 422, "validation");
    http_free(r);
}

Test(basics, wrong_types_name_each_field)
{
    struct http_resp *r =
        http_do(&srv, "POST", "/api/v1/auth/login", "{\"login\": 5, \"password\": true}", NULL);

    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "login") && problem_has_field(r, "password"), "%s", r->body);
    http_free(r);
}

Test(basics, missing_and_unknown_fields_are_named)
{
    struct http_resp *r = http_do(&srv, "POST", "/api/v1/auth/login", "{\"user\": \"a\"}", NULL);

    assert_problem(r, 422, "validation");
    cr_assert(problem_has_field(r, "user"), "%s", r->body);
    cr_assert(problem_has_field(r, "login") && problem_has_field(r, "password"), "%s", r->body);
    http_free(r);
}

Test(basics, a_body_that_is_not_json_is_a_415)
{
    const char *h[] = {"Content-Type: text/plain", NULL};
    struct http_resp *r = http_do(&srv, "POST", "/api/v1/auth/login", "login=a", h);

    assert_problem(r, 415, "unsupported-media-type");
    http_free(r);
}

Test(basics, the_web_ui_index_is_served)
{
    struct http_resp *r = http_do(&srv, "GET", "/", NULL, NULL);

    cr_assert_eq(r->status, 200);
    cr_assert(strstr(http_header(r, "Content-Type"), "text/html") != NULL);
    cr_assert_str_eq(http_header(r, "Content-Security-Policy"), "frame-ancestors 'none'");
    cr_assert_str_eq(http_header(r, "X-Frame-Options"), "DENY", "no framing by other sites");
    cr_assert_str_eq(http_header(r, "Referrer-Policy"), "same-origin");
    http_free(r);
}

Test(basics, paths_that_climb_out_of_the_web_root_are_not_served)
{
    struct http_resp *r = http_do(&srv, "GET", "/../Makefile", NULL, NULL);

    cr_assert_eq(r->status, 404);
    http_free(r);
}

Test(basics, sigterm_stops_the_server_cleanly)
{
    cr_assert_eq(test_server_stop(&srv), 0);
}

Test(cli, version_and_help_exit_zero)
{
    char out[16384]; /* the help lists every setting: past 4 KiB by now */
    const char *version[] = {"version", NULL};
    const char *help[] = {"serve", "--help", NULL};

    cr_assert_eq(test_run_binary(version, out, sizeof(out)), 0);
    cr_assert(strstr(out, "boxoffice 0.") != NULL, "%s", out);
    cr_assert_eq(test_run_binary(help, out, sizeof(out)), 0);
    cr_assert(strstr(out, "BOXOFFICE_DB") != NULL, "%s", out);
}

Test(cli, unknown_command_or_argument_is_a_usage_error)
{
    char out[4096];
    const char *cmd[] = {"frobnicate", NULL};
    const char *arg[] = {"serve", "--no-such-flag", NULL};

    cr_assert_eq(test_run_binary(cmd, out, sizeof(out)), 64);
    cr_assert_eq(test_run_binary(arg, out, sizeof(out)), 64);
}

Test(cli, every_bad_setting_is_reported_with_exit_78)
{
    char out[4096];
    const char *args[] = {"serve",   "--threads", "-3",        "--listen",
                          "nowhere", "--db",      "mysql://x", NULL};

    cr_assert_eq(test_run_binary(args, out, sizeof(out)), 78);
    cr_assert(strstr(out, "threads") && strstr(out, "listen") && strstr(out, "db"), "%s", out);
}

Test(cli, print_config_masks_the_secret)
{
    char out[4096];
    const char *args[] = {"serve", "--print-config", "--secret-key",
                          "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL};

    cr_assert_eq(test_run_binary(args, out, sizeof(out)), 0);
    cr_assert(strstr(out, "secret-key = ********") != NULL, "%s", out);
    cr_assert(strstr(out, "AAAAAAAA") == NULL);
}

/* The log file's text, for a server that has answered and been stopped. */
static char *
read_log(const struct test_server *s)
{
    FILE *f = fopen(s->log_path, "r");
    static char text[1 << 16];
    size_t n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;

    if (f != NULL) {
        fclose(f);
    }
    text[n] = '\0';
    return text;
}

static bool
logged_request(const char *level, const char *path)
{
    const char *args[] = {"--log-level", level, NULL};
    struct test_server s = {0};
    char want[128];

    test_server_start(&s, args);
    http_free(http_do(&s, "GET", path, NULL, NULL));
    cr_assert_eq(test_server_stop(&s), 0);
    snprintf(want, sizeof(want), "\"path\":\"%s\"", path);
    bool found = strstr(read_log(&s), want) != NULL;
    test_server_destroy(&s);
    return found;
}

Test(cli, the_access_log_is_an_info_event)
{
    cr_assert(logged_request("info", "/logged-at-info"), "no access log line at info");
    cr_assert_not(logged_request("warn", "/quiet-at-warn"), "an access log line at warn");
}
