-- Organizers (seed 002 organizers, team_members, faq_items). Mirrors the SQLite migration.
-- An event's organizer_id (from migration 002) points here; 0 / NULL: the author's own.

CREATE TABLE organizers (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug          text NOT NULL UNIQUE,   -- lower-case a-z 0-9 '-'
    name          text NOT NULL,
    logo_url      text,
    description   text NOT NULL DEFAULT '',
    email         text,                   -- seed 002 "contacts"
    phone         text,
    website       text,
    brand_color   text,                   -- "#rrggbb"
    is_personal   boolean NOT NULL DEFAULT false,
    created_by    bigint NOT NULL REFERENCES users (id),
    created_at    bigint NOT NULL,
    updated_at    bigint NOT NULL,
    version       bigint NOT NULL DEFAULT 1
);

-- One personal organizer per member (seed 003: anyone may host a screening).
CREATE UNIQUE INDEX organizers_personal ON organizers (created_by) WHERE is_personal;

-- Staff membership: who may create and change the organizer's events and bookings.
CREATE TABLE organizer_members (
    organizer_id  bigint NOT NULL REFERENCES organizers (id),
    user_id       bigint NOT NULL REFERENCES users (id),
    role          text NOT NULL CHECK (role IN ('owner', 'staff')),
    added_at      bigint NOT NULL,
    PRIMARY KEY (organizer_id, user_id)
);
CREATE INDEX organizer_members_user ON organizer_members (user_id);

-- The public team page: people, not necessarily accounts.
CREATE TABLE team_members (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organizer_id  bigint NOT NULL REFERENCES organizers (id),
    position      bigint NOT NULL,
    name          text NOT NULL,
    role          text NOT NULL DEFAULT '',
    photo_url     text,
    bio           text NOT NULL DEFAULT ''
);
CREATE INDEX team_members_organizer ON team_members (organizer_id, position);

CREATE TABLE faq_items (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organizer_id  bigint NOT NULL REFERENCES organizers (id),
    position      bigint NOT NULL,
    question      text NOT NULL,
    answer        text NOT NULL
);
CREATE INDEX faq_items_organizer ON faq_items (organizer_id, position);

CREATE INDEX events_organizer ON events (organizer_id, starts_at) WHERE organizer_id IS NOT NULL;
CREATE INDEX events_author ON events (author_id, starts_at);
