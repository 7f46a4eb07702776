-- Favorites (seed 002). Mirrors the SQLite migration.
CREATE TABLE favorites (
    user_id    bigint NOT NULL REFERENCES users (id),
    event_id   bigint NOT NULL REFERENCES events (id),
    created_at bigint NOT NULL,
    PRIMARY KEY (user_id, event_id)
);
