/* SPDX-License-Identifier: MIT */
/*
 * embed-notices FILE... - turn templates/notices/<lang>.json into the C tables
 * of core/notice_tpl.h, on stdout. Built and run at build time, so core/ gets
 * its templates as data without parsing JSON at run time, and a broken
 * template (bad JSON, a member that is not a string, an unknown {placeholder},
 * a key missing in one language) fails the build instead of a delivery.
 */
#include <json-c/json.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const placeholders[] = {
    "recipient", "event_title", "starts_at", "ends_at", "location", "seats",
    "expires_at", "booking_state", "link",
};

static void
die(const char *file, const char *what, const char *detail)
{
    fprintf(stderr, "embed-notices: %s: %s%s%s\n", file, what, detail ? ": " : "",
            detail ? detail : "");
    exit(1);
}

/* Every {name} in s is one the renderer knows. */
static void
check_placeholders(const char *file, const char *s)
{
    for (const char *p = strchr(s, '{'); p != NULL; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        size_t n = end ? (size_t)(end - p - 1) : 0;
        int known = 0;
        for (size_t i = 0; end && i < sizeof(placeholders) / sizeof(placeholders[0]); i++) {
            known |= strlen(placeholders[i]) == n && strncmp(placeholders[i], p + 1, n) == 0;
        }
        if (!known) {
            die(file, "unknown placeholder", p);
        }
    }
}

/* s as a C string literal: printable ASCII as is, every other byte as 3-digit octal. */
static void
literal(const char *s)
{
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\' || *p < 0x20 || *p >= 0x7f || *p == '?') {
            printf("\\%03o", *p);
        } else {
            putchar(*p);
        }
    }
    putchar('"');
}

static const char *
member(const char *file, json_object *o, const char *name, int required)
{
    json_object *v = NULL;
    if (!json_object_object_get_ex(o, name, &v)) {
        if (required) {
            die(file, "missing member", name);
        }
        return NULL;
    }
    if (!json_object_is_type(v, json_type_string)) {
        die(file, "not a string", name);
    }
    check_placeholders(file, json_object_get_string(v));
    return json_object_get_string(v);
}

static void
emit_templates(const char *file, const char *lang, json_object *tpls)
{
    json_object_object_foreach(tpls, key, t)
    {
        if (!json_object_is_type(t, json_type_object)) {
            die(file, "template is not an object", key);
        }
        const char *button = member(file, t, "button", 0);
        printf("    {\"%s\", ", lang);
        literal(key);
        printf(", ");
        literal(member(file, t, "subject", 1));
        printf(", ");
        literal(member(file, t, "body", 1));
        printf(", ");
        if (button) {
            literal(button);
        } else {
            printf("NULL");
        }
        printf("},\n");
    }
}

static void
emit_labels(const char *file, const char *lang, json_object *labels)
{
    json_object_object_foreach(labels, name, v)
    {
        (void)v;
        printf("    {\"%s\", ", lang);
        literal(name);
        printf(", ");
        literal(member(file, labels, name, 1));
        printf("},\n");
    }
}

static json_object *
section(const char *file, json_object *root, const char *name)
{
    json_object *o = NULL;
    if (!json_object_object_get_ex(root, name, &o) || !json_object_is_type(o, json_type_object)) {
        die(file, "missing object", name);
    }
    return o;
}

/* Every key of the first language exists in every other, and the other way round. */
static void
check_same_keys(const char *file, json_object *a, json_object *b)
{
    json_object_object_foreach(a, key, v)
    {
        (void)v;
        if (!json_object_object_get_ex(b, key, NULL)) {
            die(file, "key missing in one language", key);
        }
    }
}

int
main(int argc, char **argv)
{
    json_object *roots[16];
    char langs[16][8];

    if (argc < 2 || argc > 17) {
        fprintf(stderr, "usage: embed-notices FILE...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        char *copy = strdup(argv[i]);
        snprintf(langs[i - 1], sizeof(langs[0]), "%.*s", (int)strcspn(basename(copy), "."),
                 basename(copy));
        free(copy);
        roots[i - 1] = json_object_from_file(argv[i]);
        if (roots[i - 1] == NULL) {
            die(argv[i], "not JSON", json_util_get_last_err());
        }
    }
    for (int i = 1; i < argc - 1; i++) {
        for (int k = 0; k < 2; k++) {
            const char *s = k ? "labels" : "templates";
            check_same_keys(argv[1], section(argv[1], roots[0], s), section(argv[i + 1], roots[i], s));
            check_same_keys(argv[i + 1], section(argv[i + 1], roots[i], s), section(argv[1], roots[0], s));
        }
    }
    printf("/* Generated by scripts/embed-notices from templates/notices. Do not edit. */\n");
    printf("#include \"core/notice_tpl.h\"\n\n#include <stddef.h>\n\n");
    printf("const struct notice_tpl notice_tpls[] = {\n");
    for (int i = 0; i < argc - 1; i++) {
        emit_templates(argv[i + 1], langs[i], section(argv[i + 1], roots[i], "templates"));
    }
    printf("};\nconst size_t notice_tpls_count = sizeof(notice_tpls) / sizeof(notice_tpls[0]);\n\n");
    printf("const struct notice_label notice_labels[] = {\n");
    for (int i = 0; i < argc - 1; i++) {
        emit_labels(argv[i + 1], langs[i], section(argv[i + 1], roots[i], "labels"));
    }
    printf("};\nconst size_t notice_labels_count = "
           "sizeof(notice_labels) / sizeof(notice_labels[0]);\n");
    for (int i = 0; i < argc - 1; i++) {
        json_object_put(roots[i]);
    }
    return 0;
}
