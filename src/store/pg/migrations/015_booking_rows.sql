-- What a booking writes besides its own row, made cheaper (docs/internals/write-path.md,
-- "PostgreSQL: what a booking writes"). PostgreSQL only: SQLite's foreign keys cost no row lock
-- and no log record, and its write path is not bound by them.

-- A foreign key check on insert locks the parent row (FOR KEY SHARE): a WAL record per booking
-- and a dirtied page of users (a full-page image after each checkpoint), plus a query run per
-- row. These three were a third of the batch call's time. Their parents are never deleted (the
-- triggers below make that a rule) and the children's ids come from rows the same transaction
-- has just read or written:
--   bookings.user_id      the authenticated user of the request (read with its token);
--   booking_logs.booking_id  the booking, inserted by the same statement or transaction;
--   outbox.user_id        the booking's guest, or its event's host (events.author_id keeps
--                         its foreign key).
-- bookings.event_id keeps its foreign key: the batch call holds that row's lock already, so the
-- check writes nothing.
ALTER TABLE bookings DROP CONSTRAINT bookings_user_id_fkey;
ALTER TABLE booking_logs DROP CONSTRAINT booking_logs_booking_id_fkey;
ALTER TABLE outbox DROP CONSTRAINT outbox_user_id_fkey;

CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are never deleted', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
CREATE TRIGGER bookings_never_deleted BEFORE DELETE ON bookings
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();

-- Only store_outbox_count (tests) read outbox by user; two index entries per booking in random
-- places of the index were the price. The delivery queue has outbox_pending.
DROP INDEX outbox_user;

-- A token's last_used_at is written once a second for the tokens used since
-- (store_token_touch_all). On a full page that update is not HOT: an entry in each of the three
-- indexes, and their pages' full-page images. Room on the page keeps it HOT. Holds for pages
-- written from now on.
ALTER TABLE api_tokens SET (fillfactor = 50);
