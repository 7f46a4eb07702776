-- SQLite only. The seats of a listing page (the statement that also checks the catalog
-- generation for the page cache and the listing index, docs/internals/store.md) are read from
-- this small index instead of from each event's row: 100,000 events fit in about 2 MB, which
-- stays in the page cache, while their rows are spread over the whole table. A seat update
-- moves one entry here as well. Not on PostgreSQL: an index that holds `available` would end
-- the HOT updates of every booking there (see migration 008).
CREATE INDEX events_seats ON events (id, available);
