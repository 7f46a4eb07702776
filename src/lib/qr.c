/* SPDX-License-Identifier: MIT */
/*
 * qr.c - libqrencode's module matrix written as SVG.
 */
#include "lib/qr.h"

#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#include "lib/arena.h"

/* The longest run segment: "M177 177h177v1h-177z". */
#define SEGMENT_MAX 32

static bool
is_dark(const unsigned char *dark, int width, int x, int y)
{
    return (dark[(size_t)y * (size_t)width + (size_t)x] & 1) != 0;
}

/* Append one path segment per horizontal run of dark modules in row y. */
static size_t
write_row(char *p, const unsigned char *dark, int width, int y)
{
    size_t len = 0;

    for (int x = 0; x < width;) {
        if (!is_dark(dark, width, x, y)) {
            x++;
            continue;
        }
        int run = 1;
        while (x + run < width && is_dark(dark, width, x + run, y)) {
            run++;
        }
        len += (size_t)snprintf(p + len, SEGMENT_MAX + 1, "M%d %dh%dv1h-%dz", x + QR_QUIET_ZONE,
                                y + QR_QUIET_ZONE, run, run);
        x += run;
    }
    return len;
}

char *
qr_svg_modules(struct arena *a, const unsigned char *dark, int width)
{
    static const char tail[] = "\"/></svg>";
    int size = width + 2 * QR_QUIET_ZONE;
    /* At most one run for every second module of a row, plus the frame. */
    size_t cap = (size_t)width * (size_t)(width / 2 + 1) * SEGMENT_MAX + 512;
    char *svg = arena_alloc(a, cap);
    int len = snprintf(svg, 512,
                       "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                       "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
                       "fill=\"#fff\"/><path fill=\"#000\" d=\"",
                       size, size, size, size);
    size_t at = (size_t)len;

    for (int y = 0; y < width; y++) {
        at += write_row(svg + at, dark, width, y);
    }
    memcpy(svg + at, tail, sizeof(tail));
    return svg;
}

bool
qr_svg(struct arena *a, const char *text, char **out)
{
    QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

    if (code == NULL) {
        return false;
    }
    *out = qr_svg_modules(a, code->data, code->width);
    QRcode_free(code);
    return true;
}
