/* SPDX-License-Identifier: MIT */
/*
 * tz.h - UTC offsets of IANA time zones ("Europe/Kyiv"), read from the
 * system's compiled zoneinfo files (TZif, RFC 8536) in $TZDIR, or in
 * /usr/share/zoneinfo when TZDIR is unset or empty.
 *
 * Never sets TZ nor uses the C library's local time (process-wide state):
 * each zone file is parsed once into a small cache of its own, so any thread
 * may call tz_offset at any time. Zone names come from user input and are
 * checked before any file is opened.
 */
#ifndef BO_LIB_TZ_H
#define BO_LIB_TZ_H

#include <stdbool.h>
#include <stdint.h>

/* Longest zone name tz_offset accepts, in bytes. */
#define TZ_NAME_MAX 64

/*
 * The offset of zone from UTC at Unix time t, in seconds east of UTC
 * (Europe/Kyiv in July: 10800), in *offset_s.
 *
 * Returns false, leaving *offset_s alone, if zone is NULL, empty, longer than
 * TZ_NAME_MAX, starts with '/', contains "..", or has a byte outside
 * [A-Za-z0-9_+-/]; or if no such zone file exists or it is not valid TZif.
 * A false answer is not cached: the file is looked for again next time.
 * A zone, once loaded, is not re-read until the process restarts.
 * Thread-safe; TZDIR must not be changed while other threads call this.
 */
bool tz_offset(const char *zone, int64_t t, int *offset_s);

#endif
