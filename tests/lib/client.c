/* SPDX-License-Identifier: MIT */
#include "client.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server.h"

struct buf {
    char *data;
    size_t len;
};

static size_t
append(char *ptr, size_t size, size_t n, void *userdata)
{
    struct buf *b = userdata;
    size_t len = size * n;

    b->data = realloc(b->data, b->len + len + 1);
    cr_assert(b->data != NULL);
    memcpy(b->data + b->len, ptr, len);
    b->len += len;
    b->data[b->len] = '\0';
    return len;
}

static struct curl_slist *
header_list(const char *body, const char *const *headers)
{
    struct curl_slist *list = NULL;
    bool has_type = false, has_expect = false;

    for (; headers != NULL && *headers != NULL; headers++) {
        has_type = has_type || strncasecmp(*headers, "Content-Type:", 13) == 0;
        has_expect = has_expect || strncasecmp(*headers, "Expect:", 7) == 0;
        list = curl_slist_append(list, *headers);
    }
    if (body != NULL && !has_type) {
        list = curl_slist_append(list, "Content-Type: application/json");
    }
    return has_expect ? list : curl_slist_append(list, "Expect:");
}

static struct http_resp *perform(const struct test_server *s, const char *method, const char *path,
                                 const char *body, const char *const *headers, bool must);

struct http_resp *
http_do(const struct test_server *s, const char *method, const char *path, const char *body,
        const char *const *headers)
{
    return perform(s, method, path, body, headers, true);
}

struct http_resp *
http_try(const struct test_server *s, const char *method, const char *path, const char *token,
         const char *body)
{
    char authz[512];
    const char *headers[] = {authz, NULL};

    snprintf(authz, sizeof(authz), "Authorization: Bearer %s", token);
    return perform(s, method, path, body, headers, false);
}

static struct http_resp *
perform(const struct test_server *s, const char *method, const char *path, const char *body,
        const char *const *headers, bool must)
{
    struct http_resp *r = calloc(1, sizeof(*r));
    struct buf b = {0}, h = {0};
    char url[1024];
    CURL *curl = curl_easy_init();
    struct curl_slist *list = header_list(body, headers);

    snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", s->port, path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    }
    if (body != NULL) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK && !must) {
        curl_slist_free_all(list);
        curl_easy_cleanup(curl);
        free(b.data);
        free(h.data);
        free(r);
        return NULL;
    }
    cr_assert_eq(rc, CURLE_OK, "%s %s: %s", method, path, curl_easy_strerror(rc));
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(list);
    curl_easy_cleanup(curl);
    r->body = b.data ? b.data : strdup("");
    r->len = b.len;
    r->headers = h.data ? h.data : strdup("");
    r->json = r->len ? json_tokener_parse(r->body) : NULL;
    return r;
}

struct http_resp *
http_auth(const struct test_server *s, const char *method, const char *path, const char *token,
          const char *body)
{
    char authz[512];
    const char *headers[] = {authz, NULL};

    if (token == NULL) {
        return http_do(s, method, path, body, NULL);
    }
    snprintf(authz, sizeof(authz), "Authorization: Bearer %s", token);
    return http_do(s, method, path, body, headers);
}

const char *
http_header(const struct http_resp *r, const char *name)
{
    static char value[1024];
    size_t n = strlen(name);

    for (const char *line = r->headers; line != NULL && *line; line = strchr(line, '\n')) {
        line += *line == '\n';
        if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1;
            v += strspn(v, " ");
            snprintf(value, sizeof(value), "%.*s", (int)strcspn(v, "\r\n"), v);
            return value;
        }
    }
    return NULL;
}

void
http_free(struct http_resp *r)
{
    if (r != NULL) {
        json_object_put(r->json);
        free(r->body);
        free(r->headers);
        free(r);
    }
}

static struct json_object *
jget(const struct http_resp *r, const char *path)
{
    struct json_object *o = r->json;
    char key[128];

    while (o != NULL && *path) {
        size_t n = strcspn(path, ".");
        snprintf(key, sizeof(key), "%.*s", (int)n, path);
        if (json_object_is_type(o, json_type_array)) {
            o = json_object_array_get_idx(o, (size_t)strtol(key, NULL, 10));
        } else if (!json_object_object_get_ex(o, key, &o)) {
            return NULL;
        }
        path += n + (path[n] == '.');
    }
    return o;
}

const char *
jstr(const struct http_resp *r, const char *path)
{
    struct json_object *o = jget(r, path);

    return o ? json_object_get_string(o) : NULL;
}

int64_t
jint(const struct http_resp *r, const char *path)
{
    return json_object_get_int64(jget(r, path));
}

bool
jbool(const struct http_resp *r, const char *path)
{
    return json_object_get_boolean(jget(r, path));
}

bool
jnull(const struct http_resp *r, const char *path)
{
    struct json_object *parent = r->json;

    return jget(r, path) == NULL && parent != NULL;
}

size_t
jlen(const struct http_resp *r, const char *path)
{
    struct json_object *o = *path ? jget(r, path) : r->json;

    return o && json_object_is_type(o, json_type_array) ? json_object_array_length(o) : 0;
}

void
assert_problem(const struct http_resp *r, long status, const char *type)
{
    char want[128];

    snprintf(want, sizeof(want), "/problems/%s", type);
    cr_assert_eq(r->status, status, "status %ld, want %ld: %s", r->status, status, r->body);
    const char *ct = http_header(r, "Content-Type");
    cr_assert(ct && strcmp(ct, "application/problem+json") == 0, "content type %s",
              ct ? ct : "none");
    cr_assert_str_eq(jstr(r, "type"), want, "body: %s", r->body);
    cr_assert_eq(jint(r, "status"), status);
    cr_assert(jstr(r, "detail") != NULL && jstr(r, "title") != NULL);
}

bool
problem_has_field(const struct http_resp *r, const char *field)
{
    for (size_t i = 0; i < jlen(r, "errors"); i++) {
        char path[48];
        snprintf(path, sizeof(path), "errors.%zu.field", i);
        const char *f = jstr(r, path);
        if (f != NULL && strcmp(f, field) == 0) {
            return true;
        }
    }
    return false;
}

int64_t
test_register(const struct test_server *s, const char *username)
{
    struct json_object *o = json_object_new_object();
    char email[128];

    snprintf(email, sizeof(email), "%s@example.org", username);
    json_object_object_add(o, "username", json_object_new_string(username));
    json_object_object_add(o, "email", json_object_new_string(email));
    json_object_object_add(o, "password", json_object_new_string(TEST_PASSWORD));
    json_object_object_add(o, "consent_personal_data", json_object_new_boolean(1));
    struct http_resp *r =
        http_do(s, "POST", "/api/v1/auth/register", json_object_to_json_string(o), NULL);
    cr_assert_eq(r->status, 201, "register %s: %s", username, r->body);
    int64_t id = jint(r, "id");
    http_free(r);
    json_object_put(o);
    return id;
}

char *
test_login(const struct test_server *s, const char *login, const char *password, char **refresh)
{
    struct json_object *o = json_object_new_object();

    json_object_object_add(o, "login", json_object_new_string(login));
    json_object_object_add(o, "password", json_object_new_string(password));
    struct http_resp *r =
        http_do(s, "POST", "/api/v1/auth/login", json_object_to_json_string(o), NULL);
    cr_assert_eq(r->status, 200, "login %s: %s", login, r->body);
    char *access = strdup(jstr(r, "access_token"));
    if (refresh != NULL) {
        *refresh = strdup(jstr(r, "refresh_token"));
    }
    http_free(r);
    json_object_put(o);
    return access;
}
