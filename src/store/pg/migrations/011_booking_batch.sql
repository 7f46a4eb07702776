-- The group-commit writer places a batch of bookings with one call (docs/internals/write-path.md,
-- "PostgreSQL: one call per batch"). PostgreSQL only: on SQLite a statement costs no round trip.
-- No table changes its contents, so SQLite has no 011.

-- A seat update rewrites the event row. With room left on its page, the new version stays
-- there and no index changes (a HOT update); on a full page every index of events gets a new
-- entry, the GIN text index included. Holds for pages written from now on (a loaded catalog
-- is written after the migrations).
ALTER TABLE events SET (fillfactor = 70);

-- One call for n bookings, argument i of every array describing booking i. Answers one row per
-- booking, in order: its new id, or why it was refused: 'event_id' (an active booking of this
-- event by this user), 'starts_at' (one at the same start time), 'version' (the event is no
-- longer at p_version; 0: not checked), 'sold_out', 'not_found'. A refused booking writes
-- nothing; the others stand. The rules are those of store_booking_place, applied in order, so
-- a booking sees the ones before it in the batch: p_prev_dup and p_prev_same name the batch's
-- previous booking (1-based; 0: none) with the same event and user, and with the same user and
-- start time. A placed booking with a p_what also gets its 'create' log line and the
-- notification p_what for its guest and for p_host (the payload members of booking_payload in
-- app/bookings.c).
CREATE FUNCTION booking_place_batch(
    p_event bigint[], p_user bigint[], p_state text[], p_seats integer[], p_amount bigint[],
    p_currency text[], p_starts bigint[], p_expires bigint[], p_created bigint[],
    p_by bigint[], p_take boolean[], p_version integer[], p_what text[], p_host bigint[],
    p_prev_dup integer[], p_prev_same integer[])
RETURNS TABLE (ord integer, booking_id bigint, refusal text)
LANGUAGE plpgsql
-- Plan each statement once per connection: a plan made for every call's arrays cost more than
-- running it (about a millisecond for the insert statement).
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
DECLARE
    total constant integer := coalesce(cardinality(p_event), 0);
    ev_id bigint[];       -- the batch's events, locked,
    ev_left integer[];    -- their seats left
    ev_version integer[]; -- and versions
    seen integer[];       -- per booking: 1 the user has an active booking of the event, 2 one
                          -- at the same start time, 0 neither
    ok boolean[] := array_fill(false, ARRAY[total]);
    why text[] := array_fill(NULL::text, ARRAY[total]);
    placed bigint[] := array_fill(NULL::bigint, ARRAY[total]);
    done_o integer[];
    done_id bigint[];
    j integer;
    k integer;
BEGIN
    -- Every batch locks its events in id order, so two batches (two server processes) never
    -- wait on each other in a cycle; the counts read here cannot move until the commit. (One
    -- aggregate node: the three arrays take the rows in the same order.)
    SELECT array_agg(l.id), array_agg(l.available), array_agg(l.version)
      INTO ev_id, ev_left, ev_version
      FROM (SELECT e.id, e.available, e.version FROM events e
             WHERE e.id = ANY (p_event) ORDER BY e.id FOR UPDATE) l;

    -- LATERAL: one probe of each unique index per booking. (EXISTS in the select list may be
    -- planned as a hash of every active booking in the table.)
    SELECT array_agg(CASE WHEN d.found THEN 1 WHEN s.found THEN 2 ELSE 0 END ORDER BY u.o)
      INTO seen
      FROM unnest(p_event, p_user, p_starts) WITH ORDINALITY AS u (e, usr, st, o)
      LEFT JOIN LATERAL (
          SELECT true AS found FROM bookings b WHERE b.event_id = u.e AND b.user_id = u.usr
             AND b.state IN ('requested', 'held', 'confirmed', 'attended') LIMIT 1) d ON true
      LEFT JOIN LATERAL (
          SELECT true AS found FROM bookings b WHERE b.user_id = u.usr AND b.starts_at = u.st
             AND b.state IN ('requested', 'held', 'confirmed', 'attended') LIMIT 1) s ON true;

    -- In order, as store_booking_place would: an earlier booking of the batch counts only if it
    -- was accepted, so follow the chain of earlier ones past the refused.
    FOR i IN 1 .. total LOOP
        j := p_prev_dup[i];
        WHILE j > 0 AND NOT ok[j] LOOP
            j := p_prev_dup[j];
        END LOOP;
        IF seen[i] = 1 OR j > 0 THEN
            why[i] := 'event_id';
            CONTINUE;
        END IF;
        j := p_prev_same[i];
        WHILE j > 0 AND NOT ok[j] LOOP
            j := p_prev_same[j];
        END LOOP;
        IF seen[i] = 2 OR j > 0 THEN
            why[i] := 'starts_at';
            CONTINUE;
        END IF;
        k := array_position(ev_id, p_event[i]);
        IF p_version[i] <> 0 AND (k IS NULL OR ev_version[k] <> p_version[i]) THEN
            why[i] := 'version';
        ELSIF k IS NULL THEN
            why[i] := CASE WHEN p_take[i] THEN 'sold_out' ELSE 'not_found' END;
        ELSIF p_take[i] AND ev_left[k] < p_seats[i] THEN
            why[i] := 'sold_out';
        ELSE
            ok[i] := true;
            IF p_take[i] THEN
                ev_left[k] := ev_left[k] - p_seats[i];
            END IF;
        END IF;
    END LOOP;

    -- The accepted ones, with their log lines, notifications and seats, in one statement. The
    -- unique indexes stay the last word: a booking of another process that committed after the
    -- checks above makes ON CONFLICT skip that row, and then it takes no seats.
    WITH c AS (
        SELECT u.* FROM unnest(p_event, p_user, p_state, p_seats, p_amount, p_currency, p_starts,
                               p_expires, p_created, p_by, p_take, p_what, p_host)
                        WITH ORDINALITY AS u (e, usr, st, seats, amount, cur, starts, exp,
                                              created, actor, take, what, host, o)
         WHERE ok[u.o::integer]),
    ins AS (
        INSERT INTO bookings (event_id, user_id, state, seats, amount_minor, currency, starts_at,
                              expires_at, created_at, updated_at, created_by)
        SELECT c.e, c.usr, c.st, c.seats, c.amount, c.cur, c.starts, c.exp, c.created, c.created,
               c.actor
          FROM c
        ON CONFLICT DO NOTHING
        RETURNING id, event_id, user_id),
    done AS (
        SELECT c.*, ins.id,
               json_build_object('what', c.what, 'booking_id', ins.id, 'event_id', c.e,
                                 'state', c.st, 'link', '/bookings/' || ins.id)::text AS payload
          FROM ins JOIN c ON c.e = ins.event_id AND c.usr = ins.user_id),
    logged AS (
        INSERT INTO booking_logs (booking_id, action, old_value, new_value, actor_user_id,
                                  created_at)
        SELECT d.id, 'create', NULL, d.st, nullif(d.actor, 0), d.created FROM done d
         WHERE d.what IS NOT NULL),
    noted AS (
        INSERT INTO outbox (user_id, category, payload, created_at)
        SELECT t.uid, d.what, d.payload, d.created
          FROM done d CROSS JOIN LATERAL (VALUES (d.usr), (d.host)) AS t (uid)
         WHERE d.what IS NOT NULL),
    taken AS (
        UPDATE events e SET available = e.available - s.seats
          FROM (SELECT d.e, sum(d.seats)::integer AS seats FROM done d WHERE d.take
                 GROUP BY d.e) s
         WHERE e.id = s.e)
    SELECT array_agg(d.o::integer), array_agg(d.id) INTO done_o, done_id FROM done d;

    FOR x IN 1 .. coalesce(cardinality(done_o), 0) LOOP
        placed[done_o[x]] := done_id[x];
    END LOOP;

    -- Lost to another process after the checks: say which rule, as the database has it now.
    FOR i IN 1 .. total LOOP
        IF ok[i] AND placed[i] IS NULL THEN
            why[i] := CASE WHEN NOT EXISTS (
                              SELECT 1 FROM bookings b WHERE b.event_id = p_event[i]
                                 AND b.user_id = p_user[i]
                                 AND b.state IN ('requested', 'held', 'confirmed', 'attended'))
                           AND EXISTS (
                              SELECT 1 FROM bookings b WHERE b.user_id = p_user[i]
                                 AND b.starts_at = p_starts[i]
                                 AND b.state IN ('requested', 'held', 'confirmed', 'attended'))
                           THEN 'starts_at' ELSE 'event_id' END;
        END IF;
    END LOOP;

    RETURN QUERY SELECT g.i, placed[g.i], why[g.i] FROM generate_series(1, total) AS g (i);
END
$fn$;
