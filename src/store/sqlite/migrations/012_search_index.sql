-- Search index, second form (docs/internals/store.md, "The event listing"):
-- * the words of descriptions, not their HTML: bo_search_text() (core/html.c html_text,
--   registered on every connection by store/sqlite/sqlite.c) drops tags and attributes, so
--   "strong", "href" or "nofollow" no longer match every formatted description;
-- * contentless (content = ''): the index keeps no copy of the text, and a row is deleted by
--   giving its old words again, which bo_search_text() reproduces exactly;
-- * detail = none: a query asks only which events hold every word (core/search.c splits words
--   where unicode61 does, so no query is ever a phrase), so positions are not kept;
-- * prefix indexes for prefixes of 1 to 8 characters: "камерн"* reads one list instead of
--   merging the lists of every word that starts so.
-- A program that writes events must register bo_search_text() (the sqlite3 shell cannot).
DROP TRIGGER events_fts_insert;
DROP TRIGGER events_fts_delete;
DROP TRIGGER events_fts_update;
DROP TABLE events_fts;
CREATE VIRTUAL TABLE events_fts USING fts5(
    title, description, movie_title,
    content = '', detail = none, prefix = '1 2 3 4 5 6 7 8',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO events_fts (rowid, title, description, movie_title)
    SELECT id, title, bo_search_text(description), movie_title FROM events;

CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, title, description, movie_title)
    VALUES (new.id, new.title, bo_search_text(new.description), new.movie_title);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description, movie_title)
    VALUES ('delete', old.id, old.title, bo_search_text(old.description), old.movie_title);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF title, description, movie_title ON events BEGIN
    INSERT INTO events_fts (events_fts, rowid, title, description, movie_title)
    VALUES ('delete', old.id, old.title, bo_search_text(old.description), old.movie_title);
    INSERT INTO events_fts (rowid, title, description, movie_title)
    VALUES (new.id, new.title, bo_search_text(new.description), new.movie_title);
END;

-- The catalog generation: raised in the same transaction as every change of what a listing
-- shows, so a cached page is served only while the generation it was read at is current
-- (app/catalog_cache.c). Seat updates (SET available) do not fire these triggers: availability
-- is always read live. A new column of events that listings show belongs in the column list.
CREATE TABLE catalog_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
) STRICT;
INSERT INTO catalog_state (id, generation) VALUES (1, 1);
CREATE TRIGGER events_generation_insert AFTER INSERT ON events BEGIN
    UPDATE catalog_state SET generation = generation + 1;
END;
CREATE TRIGGER events_generation_delete AFTER DELETE ON events BEGIN
    UPDATE catalog_state SET generation = generation + 1;
END;
CREATE TRIGGER events_generation_update AFTER UPDATE OF organizer_id, author_id, kind, title,
    slug, description, timezone, location, city_id, genre_id, language, format, price_minor,
    sale_price_minor, recording_price_minor, currency, capacity, max_per_booking, rules,
    image_url, external_url, source, is_imported, visibility, approval, status, hidden,
    registration_closed, movie_title, movie_duration_min, starts_at, ends_at, created_at,
    updated_at, version, popularity ON events BEGIN
    UPDATE catalog_state SET generation = generation + 1;
END;
CREATE TRIGGER cities_generation AFTER UPDATE ON cities BEGIN
    UPDATE catalog_state SET generation = generation + 1;
END;
CREATE TRIGGER genres_generation AFTER UPDATE ON genres BEGIN
    UPDATE catalog_state SET generation = generation + 1;
END;
