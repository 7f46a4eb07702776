-- Favorites (seed 002 favorites (user_id, event_id)).
CREATE TABLE favorites (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    event_id   INTEGER NOT NULL REFERENCES events (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, event_id)
) STRICT;
