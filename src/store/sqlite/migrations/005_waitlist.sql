-- Waitlist (seed 002 waitlist: priority, notified_at, notification_expires_at). An entry waits,
-- is offered a held booking when seats free up (offer_expires_at = that hold's end), and ends
-- claimed (the hold was confirmed), lapsed (it expired or was cancelled) or left.
CREATE TABLE waitlist (
    id               INTEGER PRIMARY KEY,
    event_id         INTEGER NOT NULL REFERENCES events (id),
    user_id          INTEGER NOT NULL REFERENCES users (id),
    seats            INTEGER NOT NULL CHECK (seats > 0),
    priority         INTEGER NOT NULL DEFAULT 0,
    state            TEXT NOT NULL CHECK (state IN ('waiting', 'offered', 'claimed', 'lapsed', 'left')),
    joined_at        INTEGER NOT NULL,
    offered_at       INTEGER,
    offer_expires_at INTEGER,
    booking_id       INTEGER REFERENCES bookings (id)
) STRICT;
CREATE UNIQUE INDEX waitlist_one_live ON waitlist (event_id, user_id)
    WHERE state IN ('waiting', 'offered');
CREATE INDEX waitlist_queue ON waitlist (event_id, priority DESC, joined_at, id)
    WHERE state = 'waiting';
CREATE INDEX waitlist_booking ON waitlist (booking_id) WHERE state = 'offered';
