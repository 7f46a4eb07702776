-- Listing order (GET /api/v1/events): each sort reads its own index in order and stops after
-- one page, instead of sorting every matching row. The keys are columns, so the planner
-- matches them: seat_price (the sale price when there is one) and popularity (available -
-- capacity: most seats taken first) are computed on read (VIRTUAL: nothing stored). Only
-- published, public, visible events are listed, so the indexes hold only those.
ALTER TABLE events ADD COLUMN seat_price INTEGER GENERATED ALWAYS AS
    (CASE WHEN sale_price_minor > 0 THEN sale_price_minor ELSE price_minor END) VIRTUAL;
ALTER TABLE events ADD COLUMN popularity INTEGER GENERATED ALWAYS AS
    (available - capacity) VIRTUAL;
CREATE INDEX events_list_date ON events (starts_at, id)
    WHERE status = 'published' AND visibility = 'public' AND hidden = 0;
CREATE INDEX events_list_price ON events (seat_price, id)
    WHERE status = 'published' AND visibility = 'public' AND hidden = 0;
-- Taking a seat moves the event in this index: one more index entry per booking.
CREATE INDEX events_list_popularity ON events (popularity, id)
    WHERE status = 'published' AND visibility = 'public' AND hidden = 0;
