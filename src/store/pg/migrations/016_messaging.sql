-- Messaging; mirrors the SQLite migration (seed 002 `notification` schema, seed 003 notifications and short links, seed 000
-- Telegram verification). The flow is in docs/internals/messaging.md:
--   outbox row (one per recipient, written with the change)
--     -> routed: one delivery per channel the recipient's preferences allow, plus the in-app
--        notification, plus one delivery per matching organizer webhook
--     -> each delivery claimed with a lease, sent, retried with backoff, dead-lettered.

-- The router's queue. outbox.status keeps seed 002's meaning for the row as a whole:
-- pending until every delivery is finished, then sent, or dead if one was dead-lettered.
ALTER TABLE outbox ADD COLUMN routed_at bigint;
DROP INDEX outbox_pending;
CREATE INDEX outbox_unrouted ON outbox (id) WHERE routed_at IS NULL;

-- Organizer-configured endpoints for outgoing webhooks (Standard Webhooks signing).
CREATE TABLE webhook_endpoints (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organizer_id    bigint NOT NULL REFERENCES organizers (id),
    url             text NOT NULL,
    secret          text NOT NULL,             -- "whsec_" + base64 of 32 random bytes
    event_types     text NOT NULL DEFAULT '*', -- comma-separated categories, or '*'
    enabled         boolean NOT NULL DEFAULT true,
    disabled_reason text,                      -- e.g. "410 Gone"
    created_at      bigint NOT NULL,
    updated_at      bigint NOT NULL
);
CREATE INDEX webhook_endpoints_organizer ON webhook_endpoints (organizer_id);

-- One message on one channel. message_id is stable across attempts (the email's Message-ID,
-- the webhook's webhook-id): a message delivered twice after a crash carries the same id.
-- A claim moves next_at to the end of its lease; a process that dies mid-send leaves the row
-- due again when the lease ends.
CREATE TABLE deliveries (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id   bigint NOT NULL REFERENCES outbox (id),
    channel     text NOT NULL CHECK (channel IN ('email', 'telegram', 'webhook')),
    target      text NOT NULL,   -- email address, Telegram chat id, or webhook URL
    endpoint_id bigint REFERENCES webhook_endpoints (id),
    message_id  text NOT NULL,
    status      text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sent', 'dead', 'skipped')),
    attempts    bigint NOT NULL DEFAULT 0,
    next_at     bigint NOT NULL,
    last_error  text,
    created_at  bigint NOT NULL,
    sent_at     bigint
);
CREATE UNIQUE INDEX deliveries_message ON deliveries (channel, message_id, target);
CREATE INDEX deliveries_due ON deliveries (next_at) WHERE status = 'pending';
CREATE INDEX deliveries_outbox ON deliveries (outbox_id);

-- Every attempt, for the admin's view of a message.
CREATE TABLE delivery_attempts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id  bigint NOT NULL REFERENCES deliveries (id),
    attempted_at bigint NOT NULL,
    ok           boolean NOT NULL,
    status_code  bigint,         -- HTTP or SMTP reply code, when there was one
    error        text,
    duration_ms  bigint NOT NULL DEFAULT 0
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id);

-- The in-app channel: written by the router, read by GET /api/v1/me/notifications.
CREATE TABLE notifications (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id),
    outbox_id  bigint NOT NULL UNIQUE REFERENCES outbox (id),
    category   text NOT NULL,
    payload    text NOT NULL,
    link       text,             -- the short link, /s/<code>
    created_at bigint NOT NULL,
    read_at    bigint
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- Seed 002 notification_prefs. No row means the default (docs/notifications.md).
CREATE TABLE notification_prefs (
    user_id  bigint NOT NULL REFERENCES users (id),
    category text NOT NULL,
    channel  text NOT NULL CHECK (channel IN ('email', 'telegram', 'inapp')),
    enabled  boolean NOT NULL,
    PRIMARY KEY (user_id, category, channel)
);

-- Seed 003 Url_shortner: /s/<code> answers 302 to target and counts the click.
CREATE TABLE short_links (
    code          text PRIMARY KEY,
    target        text NOT NULL UNIQUE,
    clicks        bigint NOT NULL DEFAULT 0,
    created_at    bigint NOT NULL,
    last_click_at bigint
);

-- Reminders 24 h and 1 h before a start: one row per (event, start, kind) makes each one
-- happen exactly once; a moved start is a new start and gets its own reminders.
CREATE TABLE event_reminders (
    event_id  bigint NOT NULL REFERENCES events (id),
    starts_at bigint NOT NULL,
    kind      text NOT NULL CHECK (kind IN ('24h', '1h')),
    state     text NOT NULL CHECK (state IN ('sent', 'skipped')),
    at        bigint NOT NULL,
    PRIMARY KEY (event_id, starts_at, kind)
);

-- Seed 002 telegram_subscriptions: the chat a verified account is linked to. The profile's
-- is_telegram_verified and telegram_verified_at (seed 000) are set in the same transaction.
CREATE TABLE telegram_subscriptions (
    user_id           bigint PRIMARY KEY REFERENCES users (id),
    telegram_username text,
    telegram_chat_id  text NOT NULL UNIQUE,
    verified_at       bigint NOT NULL
);

-- Single-use tokens of the deep link t.me/<bot>?start=<token>; only a hash is kept.
CREATE TABLE telegram_link_tokens (
    token_hash text PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id),
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    used_at    bigint
);

-- Inbound updates already handled (webhook or long polling): a resent update_id is ignored.
CREATE TABLE telegram_updates (
    update_id   bigint PRIMARY KEY,
    received_at bigint NOT NULL
);
