/* SPDX-License-Identifier: MIT */
/*
 * qr.h - QR codes (libqrencode) drawn as SVG, for links a phone should open
 * (the Telegram deep link of /me/telegram/link, later tickets).
 *
 * The SVG is standalone and scalable: its viewBox is in modules, with the
 * quiet zone of 4 modules the standard asks for; dark modules are one path
 * of horizontal runs, so the markup stays small (a few KB for a link).
 */
#ifndef BO_LIB_QR_H
#define BO_LIB_QR_H

#include <stdbool.h>

struct arena;

#define QR_QUIET_ZONE 4

/*
 * The QR code of text (error correction level M) as SVG into *out, in a.
 * false when text cannot be encoded (too long for a QR code).
 */
bool qr_svg(struct arena *a, const char *text, char **out);

/*
 * The SVG of a module matrix of width x width, dark where
 * dark[y * width + x] has bit 0 set (libqrencode's layout), in a.
 */
char *qr_svg_modules(struct arena *a, const unsigned char *dark, int width);

#endif
