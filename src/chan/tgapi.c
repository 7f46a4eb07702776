/* SPDX-License-Identifier: MIT */
/*
 * tgapi.c - Bot API bodies built and read with json-c.
 */
#include "chan/tgapi.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"

#define MAX_DEPTH 32 /* a message may quote another (reply_to_message) */

static void
put_json(void *o)
{
    json_object_put(o);
}

/* Parse (json, len) into an object whose life is the arena's; NULL if it is not one. */
static struct json_object *
parse(struct arena *a, const char *json, size_t len)
{
    if (json == NULL || len == 0 || len > (size_t)INT32_MAX) {
        return NULL;
    }
    struct json_tokener *tok = json_tokener_new_ex(MAX_DEPTH);
    json_tokener_set_flags(tok, JSON_TOKENER_VALIDATE_UTF8);
    struct json_object *o = json_tokener_parse_ex(tok, json, (int)len);
    json_tokener_free(tok);
    if (o != NULL) {
        arena_defer(a, put_json, o);
    }
    return json_object_is_type(o, json_type_object) ? o : NULL;
}

/* The JSON text of o, copied into a; o is released. */
static char *
finish(struct arena *a, struct json_object *o)
{
    char *text = arena_strdup(a, json_object_to_json_string_ext(
                                     o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));

    json_object_put(o);
    return text;
}

static struct json_object *
chat_id_value(const char *chat_id)
{
    char *end = NULL;

    errno = 0;
    long long id = strtoll(chat_id, &end, 10);
    if (errno == 0 && end != chat_id && *end == '\0') {
        return json_object_new_int64(id);
    }
    return json_object_new_string(chat_id);
}

/* {"inline_keyboard":[[{"text":button,"url":url}]]} */
static struct json_object *
one_button(const char *button, const char *url)
{
    struct json_object *b = json_object_new_object();
    struct json_object *row = json_object_new_array();
    struct json_object *rows = json_object_new_array();
    struct json_object *markup = json_object_new_object();

    json_object_object_add(b, "text", json_object_new_string(button));
    json_object_object_add(b, "url", json_object_new_string(url));
    json_object_array_add(row, b);
    json_object_array_add(rows, row);
    json_object_object_add(markup, "inline_keyboard", rows);
    return markup;
}

char *
tgapi_send_message(struct arena *a, const char *chat_id, const char *text, const char *button,
                   const char *url, bool with_method)
{
    struct json_object *o = json_object_new_object();

    if (with_method) {
        json_object_object_add(o, "method", json_object_new_string("sendMessage"));
    }
    json_object_object_add(o, "chat_id", chat_id_value(chat_id));
    json_object_object_add(o, "text", json_object_new_string(text));
    if (button != NULL && url != NULL) {
        json_object_object_add(o, "reply_markup", one_button(button, url));
    }
    return finish(a, o);
}

char *
tgapi_get_updates(struct arena *a, int64_t offset, int timeout_s, int limit)
{
    struct json_object *o = json_object_new_object();
    struct json_object *kinds = json_object_new_array();

    json_object_array_add(kinds, json_object_new_string("message"));
    if (offset > 0) {
        json_object_object_add(o, "offset", json_object_new_int64(offset));
    }
    json_object_object_add(o, "timeout", json_object_new_int(timeout_s));
    json_object_object_add(o, "limit", json_object_new_int(limit));
    json_object_object_add(o, "allowed_updates", kinds);
    return finish(a, o);
}

char *
tgapi_set_webhook(struct arena *a, const char *url, const char *secret)
{
    struct json_object *o = json_object_new_object();
    struct json_object *kinds = json_object_new_array();

    json_object_array_add(kinds, json_object_new_string("message"));
    json_object_object_add(o, "url", json_object_new_string(url));
    json_object_object_add(o, "secret_token", json_object_new_string(secret));
    json_object_object_add(o, "allowed_updates", kinds);
    return finish(a, o);
}

/* o.name as a string in a (numbers as decimal text); NULL when absent or null. */
static const char *
member_text(struct arena *a, struct json_object *o, const char *name)
{
    struct json_object *v = NULL;

    if (!json_object_object_get_ex(o, name, &v) || v == NULL) {
        return NULL;
    }
    if (json_object_is_type(v, json_type_int)) {
        return arena_printf(a, "%lld", (long long)json_object_get_int64(v));
    }
    if (json_object_is_type(v, json_type_string)) {
        return arena_strdup(a, json_object_get_string(v));
    }
    return NULL;
}

static struct json_object *
member_object(struct json_object *o, const char *name)
{
    struct json_object *v = NULL;

    if (o == NULL || !json_object_object_get_ex(o, name, &v)) {
        return NULL;
    }
    return json_object_is_type(v, json_type_object) ? v : NULL;
}

static int
member_int(struct json_object *o, const char *name)
{
    struct json_object *v = NULL;

    if (o == NULL || !json_object_object_get_ex(o, name, &v) ||
        !json_object_is_type(v, json_type_int)) {
        return 0;
    }
    return json_object_get_int(v);
}

void
tgapi_parse_reply(struct arena *a, const char *body, struct tgapi_reply *out)
{
    struct json_object *o = parse(a, body, body ? strlen(body) : 0);
    struct json_object *ok = NULL;

    memset(out, 0, sizeof(*out));
    if (o == NULL) {
        return;
    }
    out->ok = json_object_object_get_ex(o, "ok", &ok) && json_object_get_boolean(ok);
    out->error_code = member_int(o, "error_code");
    out->retry_after = member_int(member_object(o, "parameters"), "retry_after");
    out->description = member_text(a, o, "description");
}

/* An Update object into out; false when it has no integer update_id. */
static bool
read_update(struct arena *a, struct json_object *o, struct tg_update *out)
{
    struct json_object *id = NULL;

    memset(out, 0, sizeof(*out));
    if (!json_object_object_get_ex(o, "update_id", &id) ||
        !json_object_is_type(id, json_type_int)) {
        return false;
    }
    out->update_id = json_object_get_int64(id);
    struct json_object *msg = member_object(o, "message");
    struct json_object *chat = member_object(msg, "chat");
    struct json_object *from = member_object(msg, "from");
    if (msg != NULL) {
        out->text = member_text(a, msg, "text");
    }
    if (chat != NULL) {
        out->chat_id = member_text(a, chat, "id");
        out->chat_type = member_text(a, chat, "type");
    }
    if (from != NULL) {
        out->username = member_text(a, from, "username");
        out->lang = member_text(a, from, "language_code");
    }
    return true;
}

enum bo_err
tgapi_parse_update(struct arena *a, const char *json, size_t len, struct tg_update *out)
{
    struct json_object *o = parse(a, json, len);

    return o != NULL && read_update(a, o, out) ? BO_OK : BO_ERR_MALFORMED;
}

enum bo_err
tgapi_parse_updates(struct arena *a, const char *json, size_t len, struct tg_update **out,
                    size_t *count)
{
    struct json_object *o = parse(a, json, len);
    struct json_object *result = NULL;

    *count = 0;
    if (o == NULL || !json_object_object_get_ex(o, "result", &result) ||
        !json_object_is_type(result, json_type_array)) {
        return BO_ERR_MALFORMED;
    }
    size_t n = json_object_array_length(result);
    *out = arena_alloc(a, (n ? n : 1) * sizeof(**out));
    for (size_t i = 0; i < n; i++) {
        struct json_object *u = json_object_array_get_idx(result, i);
        if (json_object_is_type(u, json_type_object) && read_update(a, u, &(*out)[*count])) {
            (*count)++;
        }
    }
    return BO_OK;
}

const char *
tgapi_string_member(struct arena *a, const char *json, const char *name)
{
    struct json_object *o = parse(a, json, json ? strlen(json) : 0);
    struct json_object *v = NULL;

    if (o == NULL || !json_object_object_get_ex(o, name, &v) ||
        !json_object_is_type(v, json_type_string)) {
        return NULL;
    }
    return arena_strdup(a, json_object_get_string(v));
}
