-- Events (seeds 000, 002, 003, 004), bookings with their log (seed 002), and the
-- notification outbox (seed 002), written in the same transaction as the change.
-- Times are Unix seconds; money is integer minor units.

CREATE TABLE cities (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE genres (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE events (
    id                    INTEGER PRIMARY KEY,
    organizer_id          INTEGER,
    author_id             INTEGER NOT NULL REFERENCES users (id),
    kind                  TEXT NOT NULL CHECK (kind IN ('event', 'course', 'webinar', 'screening')),
    title                 TEXT NOT NULL,
    slug                  TEXT NOT NULL UNIQUE,
    description           TEXT,
    timezone              TEXT NOT NULL,
    location              TEXT,
    city_id               INTEGER REFERENCES cities (id),
    genre_id              INTEGER REFERENCES genres (id),
    language              TEXT,
    format                TEXT NOT NULL CHECK (format IN ('offline', 'online', 'mixed')),
    price_minor           INTEGER NOT NULL CHECK (price_minor >= 0),
    sale_price_minor      INTEGER NOT NULL DEFAULT 0 CHECK (sale_price_minor >= 0),
    recording_price_minor INTEGER NOT NULL DEFAULT 0 CHECK (recording_price_minor >= 0),
    currency              TEXT NOT NULL,
    capacity              INTEGER NOT NULL CHECK (capacity > 0),
    -- Invariant 1 of DESIGN.md: held + confirmed seats never exceed capacity.
    available             INTEGER NOT NULL CHECK (available >= 0 AND available <= capacity),
    max_per_booking       INTEGER NOT NULL DEFAULT 1,
    rules                 TEXT,
    image_url             TEXT,
    external_url          TEXT,
    source                TEXT,
    is_imported           INTEGER NOT NULL DEFAULT 0,
    visibility            TEXT NOT NULL CHECK (visibility IN ('public', 'unlisted', 'friends', 'private')),
    approval              TEXT NOT NULL CHECK (approval IN ('automatic', 'manual')),
    status                TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled', 'done')),
    hidden                INTEGER NOT NULL DEFAULT 0,
    registration_closed   INTEGER NOT NULL DEFAULT 0,
    movie_title           TEXT,
    movie_duration_min    INTEGER NOT NULL DEFAULT 0,
    starts_at             INTEGER NOT NULL,
    ends_at               INTEGER NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1
) STRICT;
-- Seed 003: no two announcements by one author at one time.
CREATE UNIQUE INDEX events_author_start ON events (author_id, starts_at)
    WHERE status <> 'cancelled';
CREATE INDEX events_listing ON events (status, starts_at);

CREATE TABLE event_sessions (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    ends_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX event_sessions_event ON event_sessions (event_id, starts_at);

CREATE TABLE bookings (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    state        TEXT NOT NULL CHECK (state IN ('requested', 'held', 'confirmed', 'attended',
                                                 'rejected', 'expired', 'cancelled')),
    seats        INTEGER NOT NULL CHECK (seats > 0),
    amount_minor INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    starts_at    INTEGER NOT NULL,
    expires_at   INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    created_by   INTEGER NOT NULL
) STRICT;
-- Invariant 3: no two active bookings of one user with the same start time (seed 003) ...
CREATE UNIQUE INDEX bookings_same_time ON bookings (user_id, starts_at)
    WHERE state IN ('requested', 'held', 'confirmed', 'attended');
-- ... and one active booking per user and event. A second booking of one event breaks both;
-- SQLite checks the index created last first, so this one names the conflict.
CREATE UNIQUE INDEX bookings_one_active ON bookings (event_id, user_id)
    WHERE state IN ('requested', 'held', 'confirmed', 'attended');
CREATE INDEX bookings_event ON bookings (event_id, state);
CREATE INDEX bookings_holds ON bookings (expires_at) WHERE state = 'held';

CREATE TABLE booking_logs (
    id            INTEGER PRIMARY KEY,
    booking_id    INTEGER NOT NULL REFERENCES bookings (id),
    action        TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT NOT NULL,
    actor_user_id INTEGER,
    created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX booking_logs_booking ON booking_logs (booking_id);

CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    category   TEXT NOT NULL,
    payload    TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'dead')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    sent_at    INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';
