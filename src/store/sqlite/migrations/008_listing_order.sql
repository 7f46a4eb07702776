-- Listing order (GET /api/v1/events): each sort reads its own index in order and stops after
-- one page, instead of sorting every matching row. Only published, public, visible events
-- are listed, so the indexes hold only those. The keys are columns, which the planner
-- matches: seat_price (the sale price when there is one) is computed on read (VIRTUAL).
ALTER TABLE events ADD COLUMN seat_price INTEGER GENERATED ALWAYS AS
    (CASE WHEN sale_price_minor > 0 THEN sale_price_minor ELSE price_minor END) VIRTUAL;
-- popularity: available - capacity (most seats taken first) as of the last refresh by the
-- scheduler (--popularity-every), not as of now: a key that moved with every seat taken
-- would move the event in its index on every booking (on PostgreSQL it also ends HOT
-- updates; see docs/internals/store.md).
ALTER TABLE events ADD COLUMN popularity INTEGER NOT NULL DEFAULT 0;
UPDATE events SET popularity = available - capacity;
CREATE INDEX events_list_date ON events (starts_at, id)
    WHERE status = 'published' AND visibility = 'public' AND hidden = 0;
CREATE INDEX events_list_price ON events (seat_price, id)
    WHERE status = 'published' AND visibility = 'public' AND hidden = 0;
CREATE INDEX events_list_popularity ON events (popularity, id)
    WHERE status = 'published' AND visibility = 'public' AND hidden = 0;
