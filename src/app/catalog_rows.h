/* SPDX-License-Identifier: MIT */
/*
 * catalog_rows.h - the listed events as read at one catalog generation, kept
 * in memory beside the listing index, so that a page of known events needs
 * only their seats read live (store_event_seats) instead of their rows.
 *
 * A kept event holds what a listing shows of it (api/json_out.c) and what
 * its cursor needs; its other fields read back as zero / NULL (description,
 * rules, sessions...). Rows are valid only for the generation they were read
 * at: the index keeps one set per generation and drops it with the index.
 * Thread-safe. Memory is bounded: past max_bytes, rows are not kept.
 */
#ifndef BO_APP_CATALOG_ROWS_H
#define BO_APP_CATALOG_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct catalog_rows;
struct event;

/* Room for slot_count events (slots 0..slot_count), at most max_bytes of them. */
struct catalog_rows *catalog_rows_create(size_t slot_count, size_t max_bytes);
void catalog_rows_destroy(struct catalog_rows *r);

/*
 * The events kept at slots[0..n) into out[0..n) (their strings stay valid
 * while r lives); false if any of them is not kept.
 */
bool catalog_rows_get(struct catalog_rows *r, const int64_t *slots, size_t n, struct event *out);
/* Keep what a listing shows of e at slot, unless it is kept already or there is no room. */
void catalog_rows_put(struct catalog_rows *r, int64_t slot, const struct event *e);
size_t catalog_rows_bytes(struct catalog_rows *r);

#endif
