-- Seed 004's reference taxonomies of an event: its type (EventType), level (EventLevel),
-- sector (EducationalSector) and directions (EventDirection, many) as named terms created on
-- first use; and its speakers (EventSpeaker, many), a reference list of their own.

CREATE TABLE terms (
    id    INTEGER PRIMARY KEY,
    kind  TEXT NOT NULL CHECK (kind IN ('type', 'level', 'sector', 'direction')),
    name  TEXT NOT NULL,
    UNIQUE (kind, name)
) STRICT;

CREATE TABLE event_terms (
    event_id  INTEGER NOT NULL REFERENCES events (id),
    term_id   INTEGER NOT NULL REFERENCES terms (id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (event_id, term_id)
) STRICT;

CREATE TABLE speakers (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    job_title     TEXT NOT NULL DEFAULT '',
    email         TEXT,
    legal_entity  TEXT,
    quote         TEXT,
    position      INTEGER NOT NULL DEFAULT 0,  -- seed 004 my_order
    created_by    INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE event_speakers (
    event_id    INTEGER NOT NULL REFERENCES events (id),
    speaker_id  INTEGER NOT NULL REFERENCES speakers (id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (event_id, speaker_id)
) STRICT;
CREATE INDEX event_speakers_speaker ON event_speakers (speaker_id);
