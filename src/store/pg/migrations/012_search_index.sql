-- Search index, second form (docs/internals/store.md, "The event listing"): the words are
-- kept in a column, search_vector, so a prefix query's recheck reads them instead of parsing
-- each candidate's text again. A trigger keeps it, only when the text changes: seat updates
-- (SET available) neither fire it nor touch an indexed column, so they stay HOT. The 'simple'
-- parser already skips HTML tags and entities, so descriptions' markup is not indexed.
ALTER TABLE events ADD COLUMN search_vector tsvector;
CREATE FUNCTION events_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector('simple', coalesce(NEW.title, '') || ' ' ||
        coalesce(NEW.description, '') || ' ' || coalesce(NEW.movie_title, ''));
    RETURN NEW;
END $$;
CREATE TRIGGER events_search_vector BEFORE INSERT OR UPDATE OF title, description, movie_title
    ON events FOR EACH ROW EXECUTE FUNCTION events_search_vector();
UPDATE events SET title = title;
DROP INDEX events_search;
CREATE INDEX events_search ON events USING gin (search_vector);

-- The catalog generation (as on SQLite): raised in the same transaction as every change of
-- what a listing shows, so a cached page is served only while the generation it was read at
-- is current, in every server process alike. Seat updates do not fire these triggers.
CREATE TABLE catalog_state (
    id         integer PRIMARY KEY CHECK (id = 1),
    generation bigint NOT NULL
);
INSERT INTO catalog_state (id, generation) VALUES (1, 1);
-- Once per transaction (a transaction-local setting remembers it): a statement that changes
-- many rows (the popularity refresh) would otherwise update the one row as many times.
CREATE FUNCTION catalog_generation_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('boxoffice.generation_raised', true) IS DISTINCT FROM
       txid_current()::text THEN
        UPDATE catalog_state SET generation = generation + 1;
        PERFORM set_config('boxoffice.generation_raised', txid_current()::text, true);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER events_generation_insert AFTER INSERT OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION catalog_generation_raise();
CREATE TRIGGER events_generation_update AFTER UPDATE OF organizer_id, author_id, kind, title,
    slug, description, timezone, location, city_id, genre_id, language, format, price_minor,
    sale_price_minor, recording_price_minor, currency, capacity, max_per_booking, rules,
    image_url, external_url, source, is_imported, visibility, approval, status, hidden,
    registration_closed, movie_title, movie_duration_min, starts_at, ends_at, created_at,
    updated_at, version, popularity ON events
    FOR EACH ROW EXECUTE FUNCTION catalog_generation_raise();
CREATE TRIGGER cities_generation AFTER UPDATE ON cities
    FOR EACH ROW EXECUTE FUNCTION catalog_generation_raise();
CREATE TRIGGER genres_generation AFTER UPDATE ON genres
    FOR EACH ROW EXECUTE FUNCTION catalog_generation_raise();
