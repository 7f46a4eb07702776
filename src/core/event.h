/* SPDX-License-Identifier: MIT */
/*
 * event.h - one event model for every seed: a catalog event (seed 000), a
 * course or webinar with lessons (seed 004), a screening announcement
 * (seed 003), with its capacity and the rules on changing it.
 *
 * Money is integer minor units with an ISO 4217 code; times are seconds
 * since the epoch, shown in the event's IANA time zone by clients.
 * `available` is capacity minus the seats held or confirmed: the store
 * keeps it exact under concurrency (store_event_take_seats).
 */
#ifndef BO_CORE_EVENT_H
#define BO_CORE_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct ctx;

enum event_kind {
    EVENT_KIND_EVENT = 1,
    EVENT_KIND_COURSE,
    EVENT_KIND_WEBINAR,
    EVENT_KIND_SCREENING
};
enum event_format { FORMAT_OFFLINE = 1, FORMAT_ONLINE, FORMAT_MIXED };
enum visibility {
    VISIBILITY_PUBLIC = 1,
    VISIBILITY_UNLISTED,
    VISIBILITY_FRIENDS,
    VISIBILITY_PRIVATE
};
enum approval { APPROVAL_AUTO = 1, APPROVAL_MANUAL };
enum event_status { EVENT_DRAFT = 1, EVENT_PUBLISHED, EVENT_CANCELLED, EVENT_DONE };

#define EVENT_MAX_SESSIONS 64

/* A session of an event; for a course, a lesson (seed 004 Lesson). */
struct event_session {
    int64_t id;
    int64_t starts_at;
    int64_t ends_at;
};

#define EVENT_MAX_DIRECTIONS 10
#define EVENT_MAX_SPEAKERS 20

/* A speaker of seed 004 (EventSpeaker): a reference entry events point to. */
struct speaker {
    int64_t id;
    const char *slug;
    const char *full_name;
    const char *job_title;
    const char *email; /* for the online room (seed 004: "Email для Zoom") */
    const char *legal_entity;
    const char *quote;
    int position; /* seed 004 my_order: listing order */
    int64_t created_by;
    int64_t created_at;
};

/*
 * Seed 004's reference taxonomies of an event. Names are created on first
 * use, like cities and genres; speakers must exist. NULL / 0: none.
 */
struct event_taxonomy {
    const char *type;                             /* EventType: "Workshop" */
    const char *level;                            /* EventLevel: "Beginner" */
    const char *sector;                           /* EducationalSector: "Higher education" */
    const char *directions[EVENT_MAX_DIRECTIONS]; /* EventDirection, many */
    int direction_count;
    int64_t speaker_ids[EVENT_MAX_SPEAKERS]; /* EventSpeaker, many, in order */
    int speaker_count;
    struct speaker *speakers; /* when read: the speakers themselves, speaker_count of them */
};

/* Add a term read back by kind ("type", "level", "sector", "direction"); name is kept. */
void event_taxonomy_put(struct event_taxonomy *t, const char *kind, const char *name);
/* Every rule on a taxonomy and on a speaker; each bad field is reported. */
enum bo_err event_taxonomy_check(struct ctx *c, const struct event_taxonomy *t);
enum bo_err speaker_check(struct ctx *c, const struct speaker *s);

struct event {
    int64_t id;
    int64_t organizer_id; /* 0: the author's own */
    int64_t author_id;
    enum event_kind kind;
    const char *title;
    const char *slug;
    const char *description;
    const char *timezone; /* IANA, "Europe/Kyiv" */
    const char *location;
    int64_t city_id;  /* seed 000 City; 0: none */
    const char *city; /* its name, read-only */
    int64_t genre_id; /* seed 000 Genre; 0: none */
    const char *genre;
    const char *language;
    enum event_format format;
    int64_t price_minor;
    int64_t sale_price_minor;      /* 0: no sale */
    int64_t recording_price_minor; /* seed 004 video_price; 0: none */
    const char *currency;
    int capacity;
    int available;
    int max_per_booking;
    const char *rules;
    const char *image_url;
    const char *external_url;
    const char *source; /* seed 000: "import" and the like; NULL for our own */
    bool is_imported;
    enum visibility visibility;
    enum approval approval;
    enum event_status status;
    bool hidden;
    bool registration_closed;
    const char *movie_title; /* screenings (seed 003) */
    int movie_duration_min;
    int64_t starts_at; /* the first session's start */
    int64_t ends_at;   /* the last session's end */
    int64_t created_at;
    int64_t updated_at;
    int version;    /* raised on every change: .ics SEQUENCE, optimistic checks */
    int popularity; /* available - capacity at the last refresh: the popularity sort key */
    struct event_session *sessions;
    int session_count;
    struct event_taxonomy taxonomy; /* read with the event in full, not in listings */
};

/* Which published events to list: all filters optional (0 / NULL). */
/* How a listing is ordered; each sorts ascending on its key, then id. */
enum event_sort {
    SORT_DATE = 0,   /* key: starts_at */
    SORT_PRICE,      /* key: the seat price */
    SORT_POPULARITY, /* key: popularity, available - capacity as last refreshed */
};

struct event_query {
    enum event_sort sort;
    int64_t after_key; /* cursor: (key, id) after this pair; INT64_MIN: from the start */
    int64_t after_id;
    int64_t from, to; /* starts_at range */
    const char *city; /* by name */
    const char *genre;
    int kind;                 /* enum event_kind */
    int format;               /* enum event_format */
    int64_t price_min;        /* seat price in minor units; -1: no bound */
    int64_t price_max;        /* -1: no bound; 0 (with price_min -1 or 0): free only */
    const char *const *terms; /* text query (core/search.h), all must match */
    size_t term_count;
    int64_t organizer_id;  /* 0: any */
    const char *organizer; /* as given (id or slug), resolved into organizer_id by app/ */
    int limit;
};

const char *event_kind_name(enum event_kind k);
enum event_kind event_kind_parse(const char *s);
const char *event_format_name(enum event_format f);
enum event_format event_format_parse(const char *s);
const char *visibility_name(enum visibility v);
enum visibility visibility_parse(const char *s);
const char *approval_name(enum approval a);
enum approval approval_parse(const char *s);
const char *event_status_name(enum event_status s);
enum event_status event_status_parse(const char *s);

/* Every rule on a new or changed event; reports each bad field. */
enum bo_err event_check(struct ctx *c, const struct event *e);

/* The price a booking pays per seat: the sale price when there is one. */
int64_t event_seat_price(const struct event *e);
/* The key of e under sort, as the listing orders and the cursor carries it. */
int64_t event_sort_key(const struct event *e, enum event_sort sort);

/*
 * Raise q's keyset start to the sort key's own lower bound (from for date,
 * price_min for price): (key, id) > (bound, 0) is key >= bound, so the
 * listing index is read from there instead of from its first entry.
 */
void event_query_seek(struct event_query *q);
static inline bool
event_is_paid(const struct event *e)
{
    return event_seat_price(e) > 0;
}

/*
 * May a booking of seats be made now? FORBIDDEN for the author (no guest
 * at their own event); CONFLICT when the event is not open for bookings;
 * INVALID for a seat count outside 1..max_per_booking.
 */
enum bo_err event_check_bookable(struct ctx *c, const struct event *e, int64_t user_id, int seats,
                                 int64_t now);

#endif
