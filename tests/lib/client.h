/* SPDX-License-Identifier: MIT */
/*
 * client.h - HTTP requests to a test server (libcurl) and JSON answers
 * (json-c), with the helpers most test cases need.
 */
#ifndef BO_TESTS_CLIENT_H
#define BO_TESTS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_object;
struct test_server;

struct http_resp {
    long status;
    char *body;
    size_t len;
    char *headers;            /* raw header block */
    struct json_object *json; /* parsed body, or NULL */
};

/*
 * method path with an optional body and a NULL-terminated list of extra
 * "Name: value" headers. A JSON body gets Content-Type: application/json
 * unless a header overrides it.
 */
struct http_resp *http_do(const struct test_server *s, const char *method, const char *path,
                          const char *body, const char *const *headers);
/* Like http_auth, but NULL when the server cannot be reached (crash tests). */
struct http_resp *http_try(const struct test_server *s, const char *method, const char *path,
                           const char *token, const char *body);
/* The same with "Authorization: Bearer token" when token is not NULL. */
struct http_resp *http_auth(const struct test_server *s, const char *method, const char *path,
                            const char *token, const char *body);
/* A header's value (case-insensitive name), in a static buffer; NULL if absent. */
const char *http_header(const struct http_resp *r, const char *name);
void http_free(struct http_resp *r);

/* Dotted path into the JSON answer: "user.id", "errors.0.field". */
const char *jstr(const struct http_resp *r, const char *path);
int64_t jint(const struct http_resp *r, const char *path);
bool jbool(const struct http_resp *r, const char *path);
bool jnull(const struct http_resp *r, const char *path);
size_t jlen(const struct http_resp *r, const char *path);

/* Is r a problem+json of this status and type ("validation"...)? */
void assert_problem(const struct http_resp *r, long status, const char *type);
/* Does the problem name this field among its errors? */
bool problem_has_field(const struct http_resp *r, const char *field);

/* Register username (password "correct-horse-9", consent given); asserts 201. */
int64_t test_register(const struct test_server *s, const char *username);
/* Sign in; returns a malloc'd access token, and the refresh token in *refresh if not NULL. */
char *test_login(const struct test_server *s, const char *login, const char *password,
                 char **refresh);

#define TEST_PASSWORD "correct-horse-9"

#endif
