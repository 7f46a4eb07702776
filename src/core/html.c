/* SPDX-License-Identifier: MIT */
#include "core/html.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/arena.h"

#define NAME_MAX_LEN 16
#define DEPTH_MAX 64

struct out {
    struct arena *a;
    char *buf;
    size_t len, cap;
};

static void
put(struct out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        size_t cap = (o->len + n + 1) * 2;
        char *grown = arena_alloc(o->a, cap);
        memcpy(grown, o->buf, o->len);
        o->buf = grown;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void
puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

static bool
in_list(const char *name, const char *const *list)
{
    for (; *list != NULL; list++) {
        if (strcmp(name, *list) == 0) {
            return true;
        }
    }
    return false;
}

static const char *const kept[] = {"p",    "br",  "strong", "b",  "em", "i",  "u",
                                   "s",    "ul",  "ol",     "li", "h2", "h3", "blockquote",
                                   "code", "pre", "h4",     "a",  NULL};
static const char *const dropped_whole[] = {"script", "style",    "iframe",   "object",
                                            "embed",  "template", "noscript", "svg",
                                            "math",   "textarea", "title",    NULL};

/* "&amp;", "&#39;", "&#x27;": a well-formed entity starts at p; its length, or 0. */
static size_t
entity_len(const char *p)
{
    size_t n = 1;

    if (p[n] == '#') {
        n++;
        bool hex = p[n] == 'x' || p[n] == 'X';
        n += hex;
        size_t digits = hex ? strspn(p + n, "0123456789abcdefABCDEF") : strspn(p + n, "0123456789");
        n += digits;
        return digits > 0 && digits <= 6 && p[n] == ';' ? n + 1 : 0;
    }
    size_t letters = 0;
    while (isalnum((unsigned char)p[n]) && letters < 32) {
        n++;
        letters++;
    }
    return letters > 0 && p[n] == ';' ? n + 1 : 0;
}

/* Text escaped, well-formed entities kept. */
static void
put_text(struct out *o, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t e = p[i] == '&' ? entity_len(p + i) : 0;
        if (e > 0 && i + e <= n) {
            put(o, p + i, e);
            i += e - 1;
            continue;
        }
        switch (p[i]) {
        case '&':
            puts_(o, "&amp;");
            break;
        case '<':
            puts_(o, "&lt;");
            break;
        case '>':
            puts_(o, "&gt;");
            break;
        case '"':
            puts_(o, "&quot;");
            break;
        case '\'':
            puts_(o, "&#39;");
            break;
        default:
            put(o, p + i, 1);
        }
    }
}

/* Where the tag that opens at p ends (its '>'), quotes respected; NULL if it never does. */
static const char *
tag_end(const char *p)
{
    char quote = 0;

    for (p++; *p; p++) {
        if (quote) {
            quote = *p == quote ? 0 : quote;
        } else if (*p == '"' || *p == '\'') {
            quote = *p;
        } else if (*p == '>') {
            return p;
        }
    }
    return NULL;
}

/* The value of attribute `want` within [p, end), copied into buf; false if absent. */
static bool
attr_value(const char *p, const char *end, const char *want, char *buf, size_t cap)
{
    size_t wlen = strlen(want);

    while (p < end) {
        while (p < end && (isspace((unsigned char)*p) || *p == '/')) {
            p++;
        }
        const char *name = p;
        while (p < end && !isspace((unsigned char)*p) && *p != '=' && *p != '/') {
            p++;
        }
        size_t nlen = (size_t)(p - name);
        const char *val = p, *vend = p;
        if (p < end && *p == '=') {
            p++;
            char q = (*p == '"' || *p == '\'') ? *p++ : 0;
            val = p;
            while (p < end && (q ? *p != q : !isspace((unsigned char)*p))) {
                p++;
            }
            vend = p;
            p += q && p < end;
        }
        if (nlen == wlen && strncasecmp(name, want, wlen) == 0) {
            size_t vlen = (size_t)(vend - val) < cap - 1 ? (size_t)(vend - val) : cap - 1;
            memcpy(buf, val, vlen);
            buf[vlen] = '\0';
            return true;
        }
        if (nlen == 0 && p == val) {
            p++; /* a stray character: move on */
        }
    }
    return false;
}

static bool
safe_href(const char *href)
{
    while (isspace((unsigned char)*href)) {
        href++;
    }
    return strncasecmp(href, "https://", 8) == 0 || strncasecmp(href, "http://", 7) == 0 ||
           strncasecmp(href, "mailto:", 7) == 0;
}

struct sanitizer {
    struct out o;
    char stack[DEPTH_MAX][NAME_MAX_LEN + 1];
    int depth;
};

static void
open_tag(struct sanitizer *z, const char *name, const char *attrs, const char *end)
{
    char href[2048];

    if (strcmp(name, "br") == 0) {
        puts_(&z->o, "<br>");
        return;
    }
    if (z->depth == DEPTH_MAX) {
        return;
    }
    memcpy(z->stack[z->depth++], name, strlen(name) + 1); /* name fits: NAME_MAX_LEN */
    if (strcmp(name, "a") == 0 && attr_value(attrs, end, "href", href, sizeof(href)) &&
        safe_href(href)) {
        puts_(&z->o, "<a href=\"");
        put_text(&z->o, href, strlen(href));
        puts_(&z->o, "\" rel=\"nofollow noopener\" target=\"_blank\">");
        return;
    }
    put(&z->o, "<", 1);
    puts_(&z->o, name);
    put(&z->o, ">", 1);
}

static void
close_tag(struct sanitizer *z, const char *name)
{
    int at = z->depth - 1;

    while (at >= 0 && strcmp(z->stack[at], name) != 0) {
        at--;
    }
    while (at >= 0 && z->depth > at) { /* close what was left open inside it, too */
        z->depth--;
        puts_(&z->o, "</");
        puts_(&z->o, z->stack[z->depth]);
        put(&z->o, ">", 1);
    }
}

/* After "<name ...>" of a dropped-whole element: past its closing tag, or the end. */
static const char *
skip_element(const char *p, const char *name)
{
    size_t n = strlen(name);

    for (; *p; p++) {
        if (p[0] == '<' && p[1] == '/' && strncasecmp(p + 2, name, n) == 0) {
            const char *end = tag_end(p);
            return end ? end + 1 : p + strlen(p);
        }
    }
    return p;
}

/* One tag at p ('<'); returns where to go on, or NULL if p is not a tag but text. */
static const char *
take_tag(struct sanitizer *z, const char *p)
{
    if (strncmp(p, "<!--", 4) == 0) {
        const char *end = strstr(p + 4, "-->");
        return end ? end + 3 : p + strlen(p);
    }
    bool closing = p[1] == '/';
    const char *q = p + 1 + closing;
    if (!isalpha((unsigned char)*q) && !(p[1] == '!' || p[1] == '?')) {
        return NULL;
    }
    const char *end = tag_end(p);
    if (end == NULL) {
        return NULL;
    }
    char name[NAME_MAX_LEN + 1];
    size_t n = 0;
    while (isalnum((unsigned char)*q) && n < NAME_MAX_LEN) {
        name[n++] = (char)tolower((unsigned char)*q++);
    }
    name[n] = '\0';
    if (!closing && in_list(name, dropped_whole)) {
        return skip_element(end + 1, name);
    }
    if (n > 0 && in_list(name, kept)) {
        if (closing) {
            close_tag(z, name);
        } else {
            open_tag(z, name, q, end);
        }
    }
    return end + 1;
}

char *
html_sanitize(struct arena *a, const char *html)
{
    struct sanitizer z = {.o = {.a = a}};

    if (html == NULL) {
        return NULL;
    }
    z.o.cap = strlen(html) + 64; /* most text passes through about as long */
    z.o.buf = arena_alloc(a, z.o.cap);
    z.o.buf[0] = '\0';
    for (const char *p = html; *p;) {
        if (*p == '<') {
            const char *next = take_tag(&z, p);
            if (next != NULL) {
                p = next;
                continue;
            }
        }
        const char *stop = strchr(p + 1, '<');
        size_t n = stop ? (size_t)(stop - p) : strlen(p);
        put_text(&z.o, p, n);
        p += n;
    }
    while (z.depth > 0) {
        z.depth--;
        puts_(&z.o, "</");
        puts_(&z.o, z.stack[z.depth]);
        put(&z.o, ">", 1);
    }
    return z.o.buf;
}

/* The UTF-8 bytes of code point cp into buf (at least 4 bytes); their count, 0 if invalid. */
static size_t
utf8_put(uint32_t cp, char *buf)
{
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        return 0;
    }
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char)(0xC0 | cp >> 6);
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | cp >> 12);
        buf[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | cp >> 18);
    buf[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    buf[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The text an entity of length n at p stands for; a space for names we do not know. */
static void
put_entity_text(struct out *o, const char *p, size_t n)
{
    static const char *const names[][2] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
    char buf[4];

    if (p[1] == '#') {
        bool hex = p[2] == 'x' || p[2] == 'X';
        uint32_t cp = (uint32_t)strtoul(p + 2 + hex, NULL, hex ? 16 : 10);
        size_t len = utf8_put(cp, buf);
        put(o, len > 0 ? buf : " ", len > 0 ? len : 1);
        return;
    }
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strlen(names[i][0]) == n && strncmp(p, names[i][0], n) == 0) {
            puts_(o, names[i][1]);
            return;
        }
    }
    put(o, " ", 1);
}

char *
html_text(struct arena *a, const char *html)
{
    struct out o = {.a = a};

    if (html == NULL) {
        return NULL;
    }
    o.cap = strlen(html) + 1;
    o.buf = arena_alloc(a, o.cap);
    o.buf[0] = '\0';
    for (const char *p = html; *p;) {
        const char *end = *p == '<' ? tag_end(p) : NULL;
        size_t e = *p == '&' ? entity_len(p) : 0;
        if (end != NULL) {
            put(&o, " ", 1);
            p = end + 1;
        } else if (e > 0) {
            put_entity_text(&o, p, e);
            p += e;
        } else {
            size_t n = strcspn(p + 1, "<&") + 1;
            put(&o, p, n);
            p += n;
        }
    }
    return o.buf;
}
