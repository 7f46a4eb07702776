-- Waitlist (seed 002). Mirrors the SQLite migration.
CREATE TABLE waitlist (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         bigint NOT NULL REFERENCES events (id),
    user_id          bigint NOT NULL REFERENCES users (id),
    seats            integer NOT NULL CHECK (seats > 0),
    priority         integer NOT NULL DEFAULT 0,
    state            text NOT NULL CHECK (state IN ('waiting', 'offered', 'claimed', 'lapsed', 'left')),
    joined_at        bigint NOT NULL,
    offered_at       bigint,
    offer_expires_at bigint,
    booking_id       bigint REFERENCES bookings (id)
);
CREATE UNIQUE INDEX waitlist_one_live ON waitlist (event_id, user_id)
    WHERE state IN ('waiting', 'offered');
CREATE INDEX waitlist_queue ON waitlist (event_id, priority DESC, joined_at, id)
    WHERE state = 'waiting';
CREATE INDEX waitlist_booking ON waitlist (booking_id) WHERE state = 'offered';
