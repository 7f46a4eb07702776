-- Idempotency keys (DESIGN.md section 4): the key, the write and the stored answer commit
-- together; a repeat with the same key and body gets the same answer for 24 hours.
CREATE TABLE idempotency_keys (
    user_id      INTEGER NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
) STRICT;
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
