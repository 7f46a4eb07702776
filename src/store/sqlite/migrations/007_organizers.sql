-- Organizers (seed 002 organizers, team_members, faq_items) and who may act for them.
-- An event's organizer_id (from migration 002) points here; 0 / NULL: the author's own.

CREATE TABLE organizers (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,   -- lower-case a-z 0-9 '-'
    name          TEXT NOT NULL,
    logo_url      TEXT,
    description   TEXT NOT NULL DEFAULT '',
    email         TEXT,                   -- seed 002 "contacts"
    phone         TEXT,
    website       TEXT,
    brand_color   TEXT,                   -- "#rrggbb"
    is_personal   INTEGER NOT NULL DEFAULT 0 CHECK (is_personal IN (0, 1)),
    created_by    INTEGER NOT NULL REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
) STRICT;

-- One personal organizer per member (seed 003: anyone may host a screening).
CREATE UNIQUE INDEX organizers_personal ON organizers (created_by) WHERE is_personal = 1;

-- Staff membership: who may create and change the organizer's events and bookings.
CREATE TABLE organizer_members (
    organizer_id  INTEGER NOT NULL REFERENCES organizers (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    role          TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    added_at      INTEGER NOT NULL,
    PRIMARY KEY (organizer_id, user_id)
) STRICT;
CREATE INDEX organizer_members_user ON organizer_members (user_id);

-- The public team page: people, not necessarily accounts.
CREATE TABLE team_members (
    id            INTEGER PRIMARY KEY,
    organizer_id  INTEGER NOT NULL REFERENCES organizers (id),
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT '',
    photo_url     TEXT,
    bio           TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX team_members_organizer ON team_members (organizer_id, position);

CREATE TABLE faq_items (
    id            INTEGER PRIMARY KEY,
    organizer_id  INTEGER NOT NULL REFERENCES organizers (id),
    position      INTEGER NOT NULL,
    question      TEXT NOT NULL,
    answer        TEXT NOT NULL
) STRICT;
CREATE INDEX faq_items_organizer ON faq_items (organizer_id, position);

CREATE INDEX events_organizer ON events (organizer_id, starts_at) WHERE organizer_id IS NOT NULL;
CREATE INDEX events_author ON events (author_id, starts_at);
