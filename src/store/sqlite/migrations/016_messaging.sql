-- Messaging (seed 002 `notification` schema, seed 003 notifications and short links, seed 000
-- Telegram verification). The flow is in docs/internals/messaging.md:
--   outbox row (one per recipient, written with the change)
--     -> routed: one delivery per channel the recipient's preferences allow, plus the in-app
--        notification, plus one delivery per matching organizer webhook
--     -> each delivery claimed with a lease, sent, retried with backoff, dead-lettered.

-- The router's queue. outbox.status keeps seed 002's meaning for the row as a whole:
-- pending until every delivery is finished, then sent, or dead if one was dead-lettered.
ALTER TABLE outbox ADD COLUMN routed_at INTEGER;
DROP INDEX outbox_pending;
CREATE INDEX outbox_unrouted ON outbox (id) WHERE routed_at IS NULL;

-- Organizer-configured endpoints for outgoing webhooks (Standard Webhooks signing).
CREATE TABLE webhook_endpoints (
    id              INTEGER PRIMARY KEY,
    organizer_id    INTEGER NOT NULL REFERENCES organizers (id),
    url             TEXT NOT NULL,
    secret          TEXT NOT NULL,             -- "whsec_" + base64 of 32 random bytes
    event_types     TEXT NOT NULL DEFAULT '*', -- comma-separated categories, or '*'
    enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    disabled_reason TEXT,                      -- e.g. "410 Gone"
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_endpoints_organizer ON webhook_endpoints (organizer_id);

-- One message on one channel. message_id is stable across attempts (the email's Message-ID,
-- the webhook's webhook-id): a message delivered twice after a crash carries the same id.
-- A claim moves next_at to the end of its lease; a process that dies mid-send leaves the row
-- due again when the lease ends.
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    outbox_id   INTEGER NOT NULL REFERENCES outbox (id),
    channel     TEXT NOT NULL CHECK (channel IN ('email', 'telegram', 'webhook')),
    target      TEXT NOT NULL,   -- email address, Telegram chat id, or webhook URL
    endpoint_id INTEGER REFERENCES webhook_endpoints (id),
    message_id  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sent', 'dead', 'skipped')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     INTEGER NOT NULL,
    last_error  TEXT,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER
) STRICT;
CREATE UNIQUE INDEX deliveries_message ON deliveries (channel, message_id, target);
CREATE INDEX deliveries_due ON deliveries (next_at) WHERE status = 'pending';
CREATE INDEX deliveries_outbox ON deliveries (outbox_id);

-- Every attempt, for the admin's view of a message.
CREATE TABLE delivery_attempts (
    id           INTEGER PRIMARY KEY,
    delivery_id  INTEGER NOT NULL REFERENCES deliveries (id),
    attempted_at INTEGER NOT NULL,
    ok           INTEGER NOT NULL CHECK (ok IN (0, 1)),
    status_code  INTEGER,         -- HTTP or SMTP reply code, when there was one
    error        TEXT,
    duration_ms  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id);

-- The in-app channel: written by the router, read by GET /api/v1/me/notifications.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    outbox_id  INTEGER NOT NULL UNIQUE REFERENCES outbox (id),
    category   TEXT NOT NULL,
    payload    TEXT NOT NULL,
    link       TEXT,             -- the short link, /s/<code>
    created_at INTEGER NOT NULL,
    read_at    INTEGER
) STRICT;
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- Seed 002 notification_prefs. No row means the default (docs/notifications.md).
CREATE TABLE notification_prefs (
    user_id  INTEGER NOT NULL REFERENCES users (id),
    category TEXT NOT NULL,
    channel  TEXT NOT NULL CHECK (channel IN ('email', 'telegram', 'inapp')),
    enabled  INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    PRIMARY KEY (user_id, category, channel)
) STRICT, WITHOUT ROWID;

-- Seed 003 Url_shortner: /s/<code> answers 302 to target and counts the click.
CREATE TABLE short_links (
    code          TEXT PRIMARY KEY,
    target        TEXT NOT NULL UNIQUE,
    clicks        INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    last_click_at INTEGER
) STRICT;

-- Reminders 24 h and 1 h before a start: one row per (event, start, kind) makes each one
-- happen exactly once; a moved start is a new start and gets its own reminders.
CREATE TABLE event_reminders (
    event_id  INTEGER NOT NULL REFERENCES events (id),
    starts_at INTEGER NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('24h', '1h')),
    state     TEXT NOT NULL CHECK (state IN ('sent', 'skipped')),
    at        INTEGER NOT NULL,
    PRIMARY KEY (event_id, starts_at, kind)
) STRICT, WITHOUT ROWID;

-- Seed 002 telegram_subscriptions: the chat a verified account is linked to. The profile's
-- is_telegram_verified and telegram_verified_at (seed 000) are set in the same transaction.
CREATE TABLE telegram_subscriptions (
    user_id           INTEGER PRIMARY KEY REFERENCES users (id),
    telegram_username TEXT,
    telegram_chat_id  TEXT NOT NULL UNIQUE,
    verified_at       INTEGER NOT NULL
) STRICT;

-- Single-use tokens of the deep link t.me/<bot>?start=<token>; only a hash is kept.
CREATE TABLE telegram_link_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;

-- Inbound updates already handled (webhook or long polling): a resent update_id is ignored.
CREATE TABLE telegram_updates (
    update_id   INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL
) STRICT;
