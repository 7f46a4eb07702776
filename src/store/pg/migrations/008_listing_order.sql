-- Listing order (GET /api/v1/events): each sort reads its own index in order and stops after
-- one page, instead of sorting every matching row. Mirrors the SQLite migration: seat_price
-- is a stored generated column (the sale price when there is one; seat updates recompute it
-- to the same value, which keeps them HOT).
ALTER TABLE events ADD COLUMN seat_price bigint GENERATED ALWAYS AS
    (CASE WHEN sale_price_minor > 0 THEN sale_price_minor ELSE price_minor END) STORED;
-- popularity: available - capacity (most seats taken first) as of the last refresh by the
-- scheduler (--popularity-every). An index on the live value would end HOT updates: every
-- seat update would write a new entry in each of the table's indexes, the GIN text index
-- included (pgbench, one UPDATE of available: 8,600/s without such an index, 5,200/s with it).
ALTER TABLE events ADD COLUMN popularity integer NOT NULL DEFAULT 0;
UPDATE events SET popularity = available - capacity;
CREATE INDEX events_list_date ON events (starts_at, id)
    WHERE status = 'published' AND visibility = 'public' AND NOT hidden;
CREATE INDEX events_list_price ON events (seat_price, id)
    WHERE status = 'published' AND visibility = 'public' AND NOT hidden;
CREATE INDEX events_list_popularity ON events (popularity, id)
    WHERE status = 'published' AND visibility = 'public' AND NOT hidden;
