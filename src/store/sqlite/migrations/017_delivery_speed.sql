-- Short links name their page (core/route.h), so routing writes none: a row appears when a
-- code is first clicked, to count the clicks. A page may have had a random code from
-- migration 016 and now also its own: target is no longer unique. SQLite drops a constraint
-- by rebuilding the table.
CREATE TABLE short_links_new (
    code          TEXT PRIMARY KEY,
    target        TEXT NOT NULL,
    clicks        INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    last_click_at INTEGER
) STRICT;
INSERT INTO short_links_new SELECT code, target, clicks, created_at, last_click_at FROM short_links;
DROP TABLE short_links;
ALTER TABLE short_links_new RENAME TO short_links;

-- /metrics counts dead letters per channel on every scrape: an index, not a scan of every
-- delivery ever sent.
CREATE INDEX deliveries_dead ON deliveries (channel) WHERE status = 'dead';
