-- Full-text search over events: an expression GIN index ('simple' configuration: no stemming,
-- the same for ru, uk and en). An index on an expression, not a stored column, so an UPDATE
-- that leaves the text alone (taking seats) stays a HOT update and never touches it.
CREATE INDEX events_search ON events USING gin (
    to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' ||
                          coalesce(movie_title, ''))
);
CREATE INDEX events_city ON events (city_id);
CREATE INDEX events_genre ON events (genre_id);
