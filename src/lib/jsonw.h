/* SPDX-License-Identifier: MIT */
/*
 * jsonw.h - a flat JSON object of string and integer members, built with
 * json-c, for small machine-written payloads (audit entries, log fields).
 * Resource bodies are built in api/json_out.c, not here.
 */
#ifndef BO_LIB_JSONW_H
#define BO_LIB_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

struct jsonw_member {
    const char *name;
    const char *str; /* a string member when not NULL ... */
    int64_t num;     /* ... else a number */
};

/* The object as compact JSON text, in a. */
char *jsonw_object(struct arena *a, const struct jsonw_member *members, size_t count);
/*
 * The same object with one more member, raw_name, whose value is the JSON
 * text raw_json parsed (an envelope around a stored payload: webhooks).
 * NULL if raw_json is not valid JSON.
 */
char *jsonw_object_raw(struct arena *a, const struct jsonw_member *members, size_t count,
                       const char *raw_name, const char *raw_json);
/*
 * The reverse, for such payloads: each of members[] whose name is in the
 * object gets its value (a string copied into a, or a number); the others
 * are left as they are. False if text is not a JSON object.
 */
bool jsonw_read(struct arena *a, const char *text, struct jsonw_member *members, size_t count);

#endif
