-- Events, bookings with their log, and the notification outbox.
-- Mirrors store/sqlite/migrations/002_catalog_bookings.sql column for column.
-- Constraint and index names are part of the contract: pg/bookings.c maps them to fields.

CREATE TABLE cities (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CONSTRAINT cities_name_key UNIQUE
);

CREATE TABLE genres (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CONSTRAINT genres_name_key UNIQUE
);

CREATE TABLE events (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organizer_id          bigint,
    author_id             bigint NOT NULL REFERENCES users (id),
    kind                  text NOT NULL CHECK (kind IN ('event', 'course', 'webinar', 'screening')),
    title                 text NOT NULL,
    slug                  text NOT NULL CONSTRAINT events_slug_key UNIQUE,
    description           text,
    timezone              text NOT NULL,
    location              text,
    city_id               bigint REFERENCES cities (id),
    genre_id              bigint REFERENCES genres (id),
    language              text,
    format                text NOT NULL CHECK (format IN ('offline', 'online', 'mixed')),
    price_minor           bigint NOT NULL CHECK (price_minor >= 0),
    sale_price_minor      bigint NOT NULL DEFAULT 0 CHECK (sale_price_minor >= 0),
    recording_price_minor bigint NOT NULL DEFAULT 0 CHECK (recording_price_minor >= 0),
    currency              text NOT NULL,
    capacity              integer NOT NULL CHECK (capacity > 0),
    -- Invariant 1 of DESIGN.md: held + confirmed seats never exceed capacity.
    available             integer NOT NULL
                          CONSTRAINT events_available_check CHECK (available >= 0 AND available <= capacity),
    max_per_booking       integer NOT NULL DEFAULT 1,
    rules                 text,
    image_url             text,
    external_url          text,
    source                text,
    is_imported           boolean NOT NULL DEFAULT false,
    visibility            text NOT NULL CHECK (visibility IN ('public', 'unlisted', 'friends', 'private')),
    approval              text NOT NULL CHECK (approval IN ('automatic', 'manual')),
    status                text NOT NULL CHECK (status IN ('draft', 'published', 'cancelled', 'done')),
    hidden                boolean NOT NULL DEFAULT false,
    registration_closed   boolean NOT NULL DEFAULT false,
    movie_title           text,
    movie_duration_min    integer NOT NULL DEFAULT 0,
    starts_at             bigint NOT NULL,
    ends_at               bigint NOT NULL,
    created_at            bigint NOT NULL,
    updated_at            bigint NOT NULL,
    version               integer NOT NULL DEFAULT 1
);
-- Seed 003: no two announcements by one author at one time.
CREATE UNIQUE INDEX events_author_start ON events (author_id, starts_at)
    WHERE status <> 'cancelled';
CREATE INDEX events_listing ON events (status, starts_at, id);

CREATE TABLE event_sessions (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id  bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    starts_at bigint NOT NULL,
    ends_at   bigint NOT NULL
);
CREATE INDEX event_sessions_event ON event_sessions (event_id, starts_at);

CREATE TABLE bookings (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     bigint NOT NULL REFERENCES events (id),
    user_id      bigint NOT NULL REFERENCES users (id),
    state        text NOT NULL CHECK (state IN ('requested', 'held', 'confirmed', 'attended',
                                                 'rejected', 'expired', 'cancelled')),
    seats        integer NOT NULL CHECK (seats > 0),
    amount_minor bigint NOT NULL,
    currency     text NOT NULL,
    starts_at    bigint NOT NULL,
    expires_at   bigint,
    created_at   bigint NOT NULL,
    updated_at   bigint NOT NULL,
    created_by   bigint NOT NULL
);
-- Invariant 3: one active booking per user and event ... A second booking of one event breaks
-- this and the next index; PostgreSQL checks indexes in creation order, so this one names it.
CREATE UNIQUE INDEX bookings_one_active ON bookings (event_id, user_id)
    WHERE state IN ('requested', 'held', 'confirmed', 'attended');
-- ... and no two active bookings of one user with the same start time (seed 003).
CREATE UNIQUE INDEX bookings_same_time ON bookings (user_id, starts_at)
    WHERE state IN ('requested', 'held', 'confirmed', 'attended');
CREATE INDEX bookings_event ON bookings (event_id, state);
CREATE INDEX bookings_user ON bookings (user_id, id);
CREATE INDEX bookings_holds ON bookings (expires_at) WHERE state = 'held';

CREATE TABLE booking_logs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id    bigint NOT NULL REFERENCES bookings (id),
    action        text NOT NULL,
    old_value     text,
    new_value     text NOT NULL,
    actor_user_id bigint,
    created_at    bigint NOT NULL
);
CREATE INDEX booking_logs_booking ON booking_logs (booking_id);

CREATE TABLE outbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id),
    category   text NOT NULL,
    payload    text NOT NULL,
    status     text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'dead')),
    attempts   integer NOT NULL DEFAULT 0,
    created_at bigint NOT NULL,
    sent_at    bigint
);
CREATE INDEX outbox_pending ON outbox (id) WHERE status = 'pending';
CREATE INDEX outbox_user ON outbox (user_id, category);
