-- (Mirrors the SQLite migration.) Seed 004's reference taxonomies of an event: its type (EventType), level (EventLevel),
-- sector (EducationalSector) and directions (EventDirection, many) as named terms created on
-- first use; and its speakers (EventSpeaker, many), a reference list of their own.

CREATE TABLE terms (
    id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind  text NOT NULL CHECK (kind IN ('type', 'level', 'sector', 'direction')),
    name  text NOT NULL,
    UNIQUE (kind, name)
);

CREATE TABLE event_terms (
    event_id  bigint NOT NULL REFERENCES events (id),
    term_id   bigint NOT NULL REFERENCES terms (id),
    position  bigint NOT NULL,
    PRIMARY KEY (event_id, term_id)
);

CREATE TABLE speakers (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug          text NOT NULL UNIQUE,
    full_name     text NOT NULL,
    job_title     text NOT NULL DEFAULT '',
    email         text,
    legal_entity  text,
    quote         text,
    position      bigint NOT NULL DEFAULT 0,  -- seed 004 my_order
    created_by    bigint REFERENCES users (id),
    created_at    bigint NOT NULL
);

CREATE TABLE event_speakers (
    event_id    bigint NOT NULL REFERENCES events (id),
    speaker_id  bigint NOT NULL REFERENCES speakers (id),
    position    bigint NOT NULL,
    PRIMARY KEY (event_id, speaker_id)
);
CREATE INDEX event_speakers_speaker ON event_speakers (speaker_id);
