/* SPDX-License-Identifier: MIT */
#include "lib/jsonw.h"

#include <json-c/json.h>

#include "lib/arena.h"

char *
jsonw_object(struct arena *a, const struct jsonw_member *members, size_t count)
{
    struct json_object *o = json_object_new_object();

    for (size_t i = 0; i < count; i++) {
        const struct jsonw_member *m = &members[i];
        struct json_object *v =
            m->str ? json_object_new_string(m->str) : json_object_new_int64(m->num);
        json_object_object_add(o, m->name, v);
    }
    char *text = arena_strdup(a, json_object_to_json_string_ext(
                                     o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    return text;
}

char *
jsonw_object_raw(struct arena *a, const struct jsonw_member *members, size_t count,
                 const char *raw_name, const char *raw_json)
{
    struct json_object *raw = json_tokener_parse(raw_json);

    if (raw == NULL) {
        return NULL;
    }
    struct json_object *o = json_object_new_object();
    for (size_t i = 0; i < count; i++) {
        const struct jsonw_member *m = &members[i];
        json_object_object_add(
            o, m->name, m->str ? json_object_new_string(m->str) : json_object_new_int64(m->num));
    }
    json_object_object_add(o, raw_name, raw);
    char *text = arena_strdup(a, json_object_to_json_string_ext(
                                     o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    return text;
}

bool
jsonw_read(struct arena *a, const char *text, struct jsonw_member *members, size_t count)
{
    struct json_object *o = json_tokener_parse(text ? text : "");

    if (o == NULL || !json_object_is_type(o, json_type_object)) {
        json_object_put(o);
        return false;
    }
    for (size_t i = 0; i < count; i++) {
        struct json_object *v = NULL;
        if (!json_object_object_get_ex(o, members[i].name, &v) || v == NULL) {
            continue;
        }
        if (json_object_is_type(v, json_type_string)) {
            members[i].str =
                arena_strndup(a, json_object_get_string(v), (size_t)json_object_get_string_len(v));
        } else if (json_object_is_type(v, json_type_int)) {
            members[i].num = json_object_get_int64(v);
        }
    }
    json_object_put(o);
    return true;
}
