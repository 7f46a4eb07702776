-- Listing order (GET /api/v1/events): each sort reads its own index in order and stops after
-- one page, instead of sorting every matching row. Mirrors the SQLite migration: seat_price
-- is a stored generated column (the sale price when there is one); popularity (available -
-- capacity: most seats taken first) is an expression, indexed as such. Only published,
-- public, visible events are listed, so the indexes hold only those.
ALTER TABLE events ADD COLUMN seat_price bigint GENERATED ALWAYS AS
    (CASE WHEN sale_price_minor > 0 THEN sale_price_minor ELSE price_minor END) STORED;
CREATE INDEX events_list_date ON events (starts_at, id)
    WHERE status = 'published' AND visibility = 'public' AND NOT hidden;
CREATE INDEX events_list_price ON events (seat_price, id)
    WHERE status = 'published' AND visibility = 'public' AND NOT hidden;
-- Taking a seat moves the event in this index: one more index entry per booking.
CREATE INDEX events_list_popularity ON events ((available - capacity), id)
    WHERE status = 'published' AND visibility = 'public' AND NOT hidden;
