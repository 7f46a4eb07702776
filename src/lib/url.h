/* SPDX-License-Identifier: MIT */
/*
 * url.h - percent-encoding of query values (RFC 3986: everything but the
 * unreserved characters), for links the server hands out.
 */
#ifndef BO_LIB_URL_H
#define BO_LIB_URL_H

struct arena;

/* s percent-encoded, in a. */
char *url_encode(struct arena *a, const char *s);

#endif
