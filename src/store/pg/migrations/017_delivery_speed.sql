-- Short links name their page (core/route.h), so routing writes none: a row appears when a
-- code is first clicked, to count the clicks. A page may have had a random code from
-- migration 016 and now also its own: target is no longer unique.
ALTER TABLE short_links DROP CONSTRAINT short_links_target_key;

-- /metrics counts dead letters per channel on every scrape: an index, not a scan of every
-- delivery ever sent.
CREATE INDEX deliveries_dead ON deliveries (channel) WHERE status = 'dead';
