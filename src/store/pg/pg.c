/* SPDX-License-Identifier: MIT */
/*
 * pg.c - the PostgreSQL backend: connection set-up and recovery,
 * transactions, migrations, error mapping, and the statement table.
 *
 * Transactions are READ COMMITTED; races are settled by row locks and
 * conditional writes (UPDATE ... WHERE revoked_at IS NULL), as on SQLite.
 * A lost connection is reset once, on the next call outside a transaction;
 * inside one it is reported as BO_ERR_UNAVAILABLE until the rollback, since
 * the server has already rolled the transaction back. PostgreSQL aborts a
 * transaction on any failed statement, so after an error the handle repeats
 * that error until store_rollback().
 */
#include "store/pg/pg_int.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include "store/migration.h"
#include "store/store_messaging_int.h"

/* Mirrors SQLite's busy_timeout: a row lock held longer is BO_ERR_BUSY (55P03). */
#define SESSION_SETUP_SQL "SET lock_timeout = 5000"

/* "boxoffic" as a big-endian int64: the one advisory lock that serialises migrators. */
#define MIGRATE_LOCK_SQL "SELECT pg_advisory_xact_lock(7093020357986511203)"

static const char *const stmt_sql[ST_COUNT] = {
    [ST_KV_GET] = "SELECT value FROM kv WHERE key = $1",
    [ST_KV_PUT] = "INSERT INTO kv (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",

#define USER_COLS                                                                                  \
    "id, username, email, first_name, last_name, password_hash, referral_code, role, "             \
    "is_active, created_at, password_changed_at"
    [ST_USER_INSERT] = "INSERT INTO users (username, email, first_name, last_name, "
                       "password_hash, referral_code, role, is_active, created_at, "
                       "password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) "
                       "RETURNING id",
    [ST_PROFILE_INSERT] = "INSERT INTO profiles (user_id, phone, has_children, plans_renovation,"
                          " renovation_when, renovation_rooms, newsletter, consent_at, language)"
                          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    [ST_USER_GET] = "SELECT " USER_COLS " FROM users WHERE id = $1",
    [ST_USER_FIND_NAME] = "SELECT " USER_COLS " FROM users WHERE lower(username) = lower($1)",
    [ST_USER_FIND_EMAIL] = "SELECT " USER_COLS " FROM users WHERE email = $1",
    [ST_USER_LIST] = "SELECT " USER_COLS " FROM users WHERE id > $1 ORDER BY id LIMIT $2",
    [ST_USER_SET_PASSWORD] =
        "UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1",
    [ST_USER_SET_ROLE] = "UPDATE users SET role = $2 WHERE id = $1",
    [ST_USER_SET_ACTIVE] = "UPDATE users SET is_active = $2 WHERE id = $1",
    [ST_USER_SET_NAMES] = "UPDATE users SET first_name = $2, last_name = $3 WHERE id = $1",
    [ST_PROFILE_GET] = "SELECT user_id, phone, telegram_username, telegram_chat_id, "
                       "is_telegram_verified, telegram_verified_at, has_children, "
                       "plans_renovation, renovation_when, renovation_rooms, newsletter, "
                       "consent_at, language FROM profiles WHERE user_id = $1",
    [ST_PROFILE_UPDATE] = "UPDATE profiles SET phone = $2, has_children = $3, "
                          "plans_renovation = $4, renovation_when = $5, renovation_rooms = $6, "
                          "newsletter = $7, language = $8 WHERE user_id = $1",

    [ST_SESSION_INSERT] = "INSERT INTO refresh_sessions (jti, family, user_id, token_hash, "
                          "issued_at, expires_at, user_agent, ip) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    [ST_SESSION_FIND] = "SELECT jti, family, user_id, token_hash, issued_at, expires_at, "
                        "revoked_at, replaced_by, user_agent, ip FROM refresh_sessions "
                        "WHERE token_hash = $1",
    /* A concurrent rotation waits for the row lock, then re-checks revoked_at: one wins. */
    [ST_SESSION_ROTATE] = "UPDATE refresh_sessions SET revoked_at = $3, replaced_by = $2 "
                          "WHERE jti = $1 AND revoked_at IS NULL",
    [ST_SESSION_REVOKE_FAMILY] = "UPDATE refresh_sessions SET revoked_at = $2 "
                                 "WHERE family = $1 AND revoked_at IS NULL",
    [ST_SESSION_REVOKE_USER] = "UPDATE refresh_sessions SET revoked_at = $2 "
                               "WHERE user_id = $1 AND revoked_at IS NULL",
    [ST_SESSION_FAMILY_LIVE] = "SELECT EXISTS (SELECT 1 FROM refresh_sessions WHERE family = $1 "
                               "AND revoked_at IS NULL AND expires_at > $2)",

    [ST_RECOVERY_DELETE_UNUSED] =
        "DELETE FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    [ST_RECOVERY_INSERT] = "INSERT INTO recovery_codes (user_id, code_hash, created_at, "
                           "expires_at) VALUES ($1, $2, $3, $4)",
    /*
     * FOR UPDATE (not SKIP LOCKED): a second use of the same code waits for the
     * first, then re-checks used_at and finds nothing; were the first to roll
     * back, the second still succeeds instead of a false "not found".
     */
    [ST_RECOVERY_USE] = "UPDATE recovery_codes SET used_at = $3 WHERE id = (SELECT id FROM "
                        "recovery_codes WHERE user_id = $1 AND code_hash = $2 AND used_at IS "
                        "NULL AND expires_at > $3 ORDER BY id LIMIT 1 FOR UPDATE) "
                        "AND used_at IS NULL",
    [ST_RECOVERY_COUNT] = "SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND "
                          "used_at IS NULL AND expires_at > $2",

#define TOKEN_COLS                                                                                 \
    "id, user_id, name, prefix, token_hash, scopes, created_at, expires_at, revoked_at, "          \
    "last_used_at"
    [ST_TOKEN_INSERT] = "INSERT INTO api_tokens (user_id, name, prefix, token_hash, scopes, "
                        "created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                        "RETURNING id",
    [ST_TOKEN_FIND] = "SELECT " TOKEN_COLS " FROM api_tokens WHERE token_hash = $1",
    [ST_TOKEN_FIND_USER] = "SELECT t.id, t.user_id, t.name, t.prefix, t.token_hash, t.scopes, "
                           "t.created_at, t.expires_at, t.revoked_at, t.last_used_at, u.id, "
                           "u.username, u.email, u.first_name, u.last_name, u.password_hash, "
                           "u.referral_code, u.role, u.is_active, u.created_at, "
                           "u.password_changed_at FROM api_tokens t JOIN users u ON u.id = "
                           "t.user_id WHERE t.token_hash = $1",
    [ST_TOKEN_LIST] = "SELECT " TOKEN_COLS " FROM api_tokens WHERE user_id = $1 "
                      "ORDER BY id DESC",
    [ST_TOKEN_REVOKE] = "UPDATE api_tokens SET revoked_at = $3 WHERE id = $2 AND user_id = $1 "
                        "AND revoked_at IS NULL",
    [ST_TOKEN_TOUCH] = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1",
    [ST_TOKEN_TOUCH_ALL] =
        "UPDATE api_tokens t SET last_used_at = v.at FROM (SELECT id, max(at) AS "
        "at FROM unnest($1::bigint[], $2::bigint[]) AS u (id, at) GROUP BY id) v "
        "WHERE t.id = v.id",

    [ST_AUDIT_INSERT] = "INSERT INTO audit_log (actor_user_id, action, target_type, target_id,"
                        " payload, ip, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    [ST_AUDIT_LIST] = "SELECT id, actor_user_id, action, target_type, target_id, payload, ip, "
                      "created_at FROM audit_log WHERE $1::bigint = 0 OR id < $1::bigint "
                      "ORDER BY id DESC LIMIT $2",

    /* A fixed window: a hit after window_end starts a new one. Atomic under races. */
    [ST_THROTTLE_HIT] = "INSERT INTO throttle AS t (key, count, window_end) "
                        "VALUES ($1, 1, $2::bigint + $3::integer) "
                        "ON CONFLICT (key) DO UPDATE SET "
                        "count = CASE WHEN t.window_end <= $2::bigint THEN 1 "
                        "ELSE t.count + 1 END, "
                        "window_end = CASE WHEN t.window_end <= $2::bigint "
                        "THEN $2::bigint + $3::integer ELSE t.window_end END "
                        "RETURNING count, window_end",
    [ST_THROTTLE_PEEK] = "SELECT count, window_end FROM throttle WHERE key = $1 "
                         "AND window_end > $2",
    [ST_THROTTLE_CLEAR] = "DELETE FROM throttle WHERE key = $1",

#define ORG_COLS                                                                                   \
    "id, slug, name, logo_url, description, email, phone, website, brand_color, is_personal, "     \
    "created_by, created_at, updated_at, version FROM organizers "
    [ST_ORG_INSERT] = "INSERT INTO organizers (slug, name, logo_url, description, email, phone, "
                      "website, brand_color, is_personal, created_by, created_at, updated_at) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    [ST_ORG_GET] = "SELECT " ORG_COLS "WHERE id = $1",
    [ST_ORG_GET_SLUG] = "SELECT " ORG_COLS "WHERE slug = $1",
    [ST_ORG_UPDATE] = "UPDATE organizers SET slug = $3, name = $4, logo_url = $5, "
                      "description = $6, email = $7, phone = $8, website = $9, "
                      "brand_color = $10, updated_at = $11, version = version + 1 "
                      "WHERE id = $1 AND version = $2",
    [ST_ORG_LIST] = "SELECT " ORG_COLS "WHERE id > $1 AND ($2::text IS NULL OR name ILIKE "
                    "$2 || '%' ESCAPE '\\') ORDER BY id LIMIT $3",
    [ST_TEAM_DELETE] = "DELETE FROM team_members WHERE organizer_id = $1",
    [ST_TEAM_INSERT] = "INSERT INTO team_members (organizer_id, position, name, role, "
                       "photo_url, bio) VALUES ($1, $2, $3, $4, $5, $6)",
    [ST_TEAM_GET] = "SELECT name, role, photo_url, bio FROM team_members "
                    "WHERE organizer_id = $1 ORDER BY position",
    [ST_FAQ_DELETE] = "DELETE FROM faq_items WHERE organizer_id = $1",
    [ST_FAQ_INSERT] = "INSERT INTO faq_items (organizer_id, position, question, answer) "
                      "VALUES ($1, $2, $3, $4)",
    [ST_FAQ_GET] = "SELECT question, answer FROM faq_items WHERE organizer_id = $1 "
                   "ORDER BY position",
    [ST_MEMBER_GET] = "SELECT role FROM organizer_members WHERE organizer_id = $1 "
                      "AND user_id = $2",
    [ST_MEMBER_PUT] = "INSERT INTO organizer_members (organizer_id, user_id, role, added_at) "
                      "VALUES ($1, $2, $3, $4) ON CONFLICT (organizer_id, user_id) "
                      "DO UPDATE SET role = excluded.role",
    [ST_MEMBER_REMOVE] = "DELETE FROM organizer_members WHERE organizer_id = $1 "
                         "AND user_id = $2",
    [ST_MEMBER_LIST] = "SELECT m.organizer_id, m.user_id, u.username, m.role, m.added_at, "
                       "NULL, NULL FROM organizer_members m JOIN users u ON u.id = m.user_id "
                       "WHERE m.organizer_id = $1 ORDER BY m.role <> 'owner', "
                       "lower(u.username) LIMIT 500",
    [ST_MEMBER_LIST_USER] = "SELECT m.organizer_id, m.user_id, NULL, m.role, m.added_at, "
                            "o.name, o.slug FROM organizer_members m JOIN organizers o "
                            "ON o.id = m.organizer_id WHERE m.user_id = $1 "
                            "ORDER BY o.name, o.id LIMIT 200",
    [ST_MEMBER_OWNERS] = "SELECT count(*) FROM organizer_members WHERE organizer_id = $1 "
                         "AND role = 'owner'",

    /* Reference names are created on first use; a no-op update makes RETURNING answer. */
    [ST_CITY_UPSERT] = "INSERT INTO cities (name) VALUES ($1) ON CONFLICT (name) DO UPDATE "
                       "SET name = excluded.name RETURNING id",
    [ST_GENRE_UPSERT] = "INSERT INTO genres (name) VALUES ($1) ON CONFLICT (name) DO UPDATE "
                        "SET name = excluded.name RETURNING id",
#define EVENT_COLS                                                                                 \
    "e.id, e.organizer_id, e.author_id, e.kind, e.title, e.slug, e.description, e.timezone, "      \
    "e.location, e.city_id, c.name, e.genre_id, g.name, e.language, e.format, e.price_minor, "     \
    "e.sale_price_minor, e.recording_price_minor, e.currency, e.capacity, e.available, "           \
    "e.max_per_booking, e.rules, e.image_url, e.external_url, e.source, e.is_imported, "           \
    "e.visibility, e.approval, e.status, e.hidden, e.registration_closed, e.movie_title, "         \
    "e.movie_duration_min, e.starts_at, e.ends_at, e.created_at, e.updated_at, e.version, "        \
    "e.popularity FROM events e LEFT JOIN cities c ON c.id = e.city_id LEFT JOIN genres g ON "     \
    "g.id = "                                                                                      \
    "e.genre_id "
    [ST_EVENT_INSERT] =
        "INSERT INTO events (organizer_id, author_id, kind, title, slug, description, timezone,"
        " location, city_id, genre_id, language, format, price_minor, sale_price_minor, "
        "recording_price_minor, currency, capacity, available, max_per_booking, rules, "
        "image_url, external_url, source, is_imported, visibility, approval, status, hidden, "
        "registration_closed, movie_title, movie_duration_min, starts_at, ends_at, created_at,"
        " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
        "$15, $16, $17, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, "
        "$31, $32, $33, $33) RETURNING id",
    [ST_EVENT_GET] = "SELECT " EVENT_COLS "WHERE e.id = $1",
    [ST_EVENT_GET_SLUG] = "SELECT " EVENT_COLS "WHERE e.slug = $1",
    [ST_EVENT_GET_MANY] = "SELECT " EVENT_COLS "WHERE e.id = ANY ($1::bigint[])",
    /* available moves with capacity; the CHECK refuses going below zero. */
    [ST_EVENT_UPDATE] =
        "UPDATE events SET kind = $3, title = $4, slug = $5, description = $6, timezone = $7, "
        "location = $8, city_id = $9, genre_id = $10, language = $11, format = $12, "
        "price_minor = $13, sale_price_minor = $14, recording_price_minor = $15, "
        "currency = $16, available = available + ($17::integer - capacity), capacity = $17, "
        "max_per_booking = $18, rules = $19, image_url = $20, external_url = $21, "
        "visibility = $22, approval = $23, status = $24, hidden = $25, "
        "registration_closed = $26, movie_title = $27, movie_duration_min = $28, "
        "starts_at = $29, ends_at = $30, updated_at = $31, version = version + 1 "
        "WHERE id = $1 AND version = $2",
/*
 * The listing filter, for a sort key KEY read in order from its partial index (migration 008):
 * the row comparison on (KEY, id) and the time and price bounds (absent: the widest values)
 * are index conditions, so a page reads about as many index entries as it returns rows.
 */
#define EVENT_LIST(KEY)                                                                            \
    "SELECT " EVENT_COLS                                                                           \
    "WHERE e.status = 'published' AND e.visibility = 'public' AND NOT e.hidden"                    \
    " AND (" KEY ", e.id) > ($1::bigint, $2::bigint)"                                              \
    " AND e.starts_at >= $3::bigint AND e.starts_at < $4::bigint"                                  \
    " AND ($5::text IS NULL OR e.city_id = (SELECT id FROM cities WHERE name = $5))"               \
    " AND ($6::text IS NULL OR e.genre_id = (SELECT id FROM genres WHERE name = $6))"              \
    " AND ($7::text IS NULL OR e.kind = $7) AND ($9::text IS NULL OR e.format = $9)"               \
    " AND e.seat_price >= $10::bigint AND e.seat_price <= $11::bigint"                             \
    " AND ($12::text IS NULL OR e.search_vector @@ to_tsquery('simple', $12))"                     \
    " AND ($13::bigint = 0 OR e.organizer_id = $13)"                                               \
    " ORDER BY " KEY ", e.id LIMIT $8"
    [ST_EVENT_LIST] = EVENT_LIST("e.starts_at"),
    [ST_EVENT_LIST_PRICE] = EVENT_LIST("e.seat_price"),
    [ST_EVENT_LIST_POPULAR] = EVENT_LIST("e.popularity"),
    /* One chunk in id order; rows a booking batch holds are skipped, not waited for. */
    [ST_EVENT_POPULARITY] =
        "WITH c AS (SELECT id FROM events WHERE id > $1 AND popularity <> available - capacity "
        "ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED), "
        "u AS (UPDATE events e SET popularity = e.available - e.capacity FROM c WHERE e.id = c.id "
        "RETURNING e.id) SELECT coalesce(max(id), 0), count(*) FROM u",
    [ST_EVENT_TAKE] = "UPDATE events SET available = available - $2 "
                      "WHERE id = $1 AND available >= $2",
    [ST_EVENT_RELEASE] = "UPDATE events SET available = available + $2 "
                         "WHERE id = $1 AND available + $2 <= capacity",
    [ST_EVENT_SEATS_HELD] =
        "SELECT coalesce(sum(seats), 0)::bigint FROM bookings WHERE event_id = $1 "
        "AND state IN ('held', 'confirmed', 'attended')",
    [ST_SESSION_ROWS_DELETE] = "DELETE FROM event_sessions WHERE event_id = $1",
    [ST_SESSION_ROW_INSERT] = "INSERT INTO event_sessions (event_id, starts_at, ends_at) "
                              "VALUES ($1, $2, $3)",
    [ST_SESSION_ROWS_GET] = "SELECT id, starts_at, ends_at FROM event_sessions "
                            "WHERE event_id = $1 ORDER BY starts_at, id",

#define BOOKING_COLS                                                                               \
    "id, event_id, user_id, state, seats, amount_minor, currency, starts_at, expires_at, "         \
    "created_at, updated_at, created_by FROM bookings "
    [ST_BOOKING_INSERT] = "INSERT INTO bookings (event_id, user_id, state, seats, amount_minor,"
                          " currency, starts_at, expires_at, created_at, updated_at, "
                          "created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) "
                          "RETURNING id",
    /*
     * store_booking_place in one statement that writes all or nothing and
     * fails only in a race with another process. f: the two unique rules,
     * checked first (this transaction's own bookings included), so a
     * duplicate is an answer, not an aborted transaction. t: the seats, taken
     * ($11) only if the rules hold and the event is at version $12 (0: any).
     * b: the booking, inserted only if t took the seats (or none were asked
     * for and the version holds). Then the snapshot's view of the event, to
     * tell "sold out" from "changed". A concurrent insert of a clashing
     * booking by another process still fails on the unique index.
     */
    [ST_BOOKING_PLACE] =
        "WITH f AS (SELECT EXISTS (SELECT 1 FROM bookings WHERE event_id = $1 AND user_id = $2 "
        "AND state IN ('requested', 'held', 'confirmed', 'attended')) AS one_active, "
        "EXISTS (SELECT 1 FROM bookings WHERE user_id = $2 AND starts_at = $7 "
        "AND state IN ('requested', 'held', 'confirmed', 'attended')) AS same_time), "
        "t AS (UPDATE events SET available = available - $4 WHERE $11::boolean AND id = $1 "
        "AND available >= $4 AND ($12::integer = 0 OR version = $12) "
        "AND NOT (SELECT one_active OR same_time FROM f) RETURNING 1), "
        "b AS (INSERT INTO bookings (event_id, user_id, state, seats, amount_minor, currency,"
        " starts_at, expires_at, created_at, updated_at, created_by) "
        "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10 "
        "WHERE NOT (SELECT one_active OR same_time FROM f) AND CASE WHEN $11::boolean "
        "THEN EXISTS (SELECT 1 FROM t) ELSE $12::integer = 0 OR EXISTS (SELECT 1 FROM events "
        "WHERE id = $1 AND version = $12) END RETURNING id) "
        "SELECT x.id, f.one_active, f.same_time, "
        "CASE WHEN x.id IS NULL THEN (SELECT available FROM events WHERE id = $1) END, "
        "CASE WHEN x.id IS NULL THEN (SELECT version FROM events WHERE id = $1) END "
        "FROM (SELECT (SELECT id FROM b) AS id) x, f",
    /* store_booking_place_all: one call for the batch (migration 011). */
    [ST_BOOKING_PLACE_BATCH] =
        "SELECT ord, booking_id, refusal FROM booking_place_batch($1::bigint[], $2::bigint[], "
        "$3::text[], $4::integer[], $5::bigint[], $6::text[], $7::bigint[], $8::bigint[], "
        "$9::bigint[], $10::bigint[], $11::boolean[], $12::integer[], $13::text[], $14::bigint[], "
        "$15::integer[], $16::integer[])",
    [ST_BOOKING_GET] = "SELECT " BOOKING_COLS "WHERE id = $1",
    [ST_BOOKING_SET_STATE] = "UPDATE bookings SET state = $3, expires_at = $4, updated_at = $5"
                             " WHERE id = $1 AND state = $2",
    [ST_BOOKING_LIST_USER] =
        "SELECT " BOOKING_COLS "WHERE user_id = $1 AND ($2::bigint = 0 OR id < $2)"
        " ORDER BY id DESC LIMIT $3",
    [ST_BOOKING_LIST_EVENT] = "SELECT " BOOKING_COLS "WHERE event_id = $1 AND ($2::bigint = 0 OR "
                              "id < $2) ORDER BY id DESC LIMIT $3",
    [ST_BOOKING_EXPIRED] = "SELECT " BOOKING_COLS "WHERE state = 'held' AND expires_at <= $1 "
                           "ORDER BY expires_at, id LIMIT $2",
    [ST_BOOKING_SHIFT] = "UPDATE bookings SET starts_at = $2 WHERE event_id = $1 AND state IN "
                         "('requested', 'held', 'confirmed', 'attended')",
    [ST_BOOKING_LOG_INSERT] = "INSERT INTO booking_logs (booking_id, action, old_value, "
                              "new_value, actor_user_id, created_at) "
                              "VALUES ($1, $2, $3, $4, $5, $6)",
    [ST_BOOKING_LOG_LIST] = "SELECT id, booking_id, action, old_value, new_value, "
                            "actor_user_id, created_at FROM booking_logs WHERE booking_id = $1 "
                            "ORDER BY id",
#define WAITLIST_COLS                                                                              \
    "id, event_id, user_id, seats, priority, state, joined_at, offered_at, offer_expires_at, "     \
    "booking_id FROM waitlist "
    [ST_WAITLIST_INSERT] =
        "INSERT INTO waitlist (event_id, user_id, seats, priority, state, joined_at) "
        "VALUES ($1, $2, $3, $4, 'waiting', $5) RETURNING id",
    [ST_WAITLIST_GET] = "SELECT " WAITLIST_COLS "WHERE id = $1",
    [ST_WAITLIST_EVENT] =
        "SELECT " WAITLIST_COLS "WHERE event_id = $1 AND state IN ('waiting', 'offered') "
        "ORDER BY state DESC, priority DESC, joined_at, id LIMIT 500",
    [ST_WAITLIST_USER] = "SELECT " WAITLIST_COLS "WHERE user_id = $1 ORDER BY id DESC LIMIT 100",
    /* The head of each queue, if the seats free now cover it. */
    [ST_WAITLIST_HEADS] =
        "SELECT w.id, w.event_id, w.user_id, w.seats, w.priority, w.state, w.joined_at, "
        "w.offered_at, w.offer_expires_at, w.booking_id FROM waitlist w "
        "JOIN events e ON e.id = w.event_id WHERE w.state = 'waiting' "
        "AND e.status = 'published' AND e.starts_at > $1::bigint AND e.available >= w.seats "
        "AND w.id = (SELECT h.id FROM waitlist h WHERE h.event_id = w.event_id "
        "AND h.state = 'waiting' ORDER BY h.priority DESC, h.joined_at, h.id LIMIT 1) "
        "ORDER BY w.joined_at, w.id LIMIT $2",
    [ST_WAITLIST_OFFER] =
        "UPDATE waitlist SET state = 'offered', booking_id = $2, offered_at = $3, "
        "offer_expires_at = $4 WHERE id = $1 AND state = 'waiting'",
    [ST_WAITLIST_SET_STATE] = "UPDATE waitlist SET state = $3 WHERE id = $1 AND state = $2",
    [ST_WAITLIST_SETTLE] =
        "UPDATE waitlist SET state = $2 WHERE booking_id = $1 AND state = 'offered'",
    [ST_FAVORITE_ADD] = "INSERT INTO favorites (user_id, event_id, created_at) VALUES ($1, $2, $3) "
                        "ON CONFLICT (user_id, event_id) DO NOTHING",
    [ST_FAVORITE_REMOVE] = "DELETE FROM favorites WHERE user_id = $1 AND event_id = $2",
    [ST_FAVORITE_LIST] = "SELECT " EVENT_COLS "JOIN favorites f ON f.event_id = e.id "
                         "WHERE f.user_id = $1 ORDER BY f.created_at DESC, e.id DESC LIMIT 200",
    [ST_EVENT_LIST_MANAGED] =
        "SELECT " EVENT_COLS "WHERE (e.author_id = $1 OR e.organizer_id IN (SELECT organizer_id "
        "FROM organizer_members WHERE user_id = $1)) AND (e.starts_at, e.id) < ($2, $3) "
        "ORDER BY e.starts_at DESC, e.id DESC LIMIT $4",
#define SPEAKER_COLS                                                                               \
    "s.id, s.slug, s.full_name, s.job_title, s.email, s.legal_entity, s.quote, s.position, "       \
    "s.created_by, s.created_at FROM speakers s "
    [ST_TERM_UPSERT] = "INSERT INTO terms (kind, name) VALUES ($1, $2) ON CONFLICT (kind, name) "
                       "DO UPDATE SET name = excluded.name RETURNING id",
    [ST_EVENT_TERMS_DELETE] = "DELETE FROM event_terms WHERE event_id = $1",
    [ST_EVENT_TERM_INSERT] = "INSERT INTO event_terms (event_id, term_id, position) "
                             "VALUES ($1, $2, $3)",
    [ST_EVENT_TERMS_GET] = "SELECT t.kind, t.name FROM event_terms et JOIN terms t "
                           "ON t.id = et.term_id WHERE et.event_id = $1 ORDER BY et.position",
    [ST_EVENT_SPEAKERS_DELETE] = "DELETE FROM event_speakers WHERE event_id = $1",
    [ST_EVENT_SPEAKER_INSERT] = "INSERT INTO event_speakers (event_id, speaker_id, position) "
                                "VALUES ($1, $2, $3)",
    [ST_EVENT_SPEAKERS_GET] = "SELECT " SPEAKER_COLS "JOIN event_speakers es ON es.speaker_id = "
                              "s.id WHERE es.event_id = $1 ORDER BY es.position",
    [ST_SPEAKER_INSERT] = "INSERT INTO speakers (slug, full_name, job_title, email, "
                          "legal_entity, quote, position, created_by, created_at) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    [ST_SPEAKER_GET] = "SELECT " SPEAKER_COLS "WHERE s.id = $1",
    [ST_SPEAKER_GET_SLUG] = "SELECT " SPEAKER_COLS "WHERE s.slug = $1",
    [ST_SPEAKER_LIST] = "SELECT " SPEAKER_COLS "WHERE s.id > $1 AND ($2::text IS NULL OR "
                        "s.full_name ILIKE $2 || '%' ESCAPE '\\') ORDER BY s.id LIMIT $3",
    [ST_TERMS_LIST] = "SELECT name FROM terms WHERE kind = $1 ORDER BY name LIMIT 500",
    [ST_CITIES_LIST] = "SELECT name FROM cities ORDER BY name LIMIT 500",
    [ST_GENRES_LIST] = "SELECT name FROM genres ORDER BY name LIMIT 500",
    [ST_CATALOG_GENERATION] = "SELECT generation FROM catalog_state",
    /* One statement, so the seats and the generation come from one snapshot. */
    [ST_EVENT_SEATS] = "SELECT g.generation, e.id, e.available FROM catalog_state g "
                       "LEFT JOIN events e ON e.id = ANY ($1::bigint[])",
    /* The listing index's snapshot (app/catalog_index.c): these in one read transaction. */
    [ST_CATALOG_ROWS] = "SELECT id, starts_at, seat_price, coalesce(organizer_id, 0), "
                        "coalesce(city_id, 0), coalesce(genre_id, 0), popularity, kind, format "
                        "FROM events WHERE status = 'published' AND visibility = 'public' "
                        "AND NOT hidden",
    [ST_CATALOG_CITIES] = "SELECT id, name FROM cities",
    [ST_CATALOG_GENRES] = "SELECT id, name FROM genres",
    /* The generation in its own row (id NULL), so the answer holds it even with no match. */
    [ST_CATALOG_TERM] =
        "SELECT generation, NULL::bigint FROM catalog_state UNION ALL "
        "SELECT NULL, id FROM events WHERE search_vector @@ to_tsquery('simple', $1)",
    /* A page the index chose: its rows only while the generation is the index's. */
    [ST_EVENT_PAGE] = "SELECT " EVENT_COLS "WHERE e.id = ANY ($1::bigint[]) "
                      "AND (SELECT generation FROM catalog_state) = $2::bigint",
    /* issue 4: reminders and the watcher (reminders.c) */
    [ST_REMINDER_DUE] =
        "SELECT e.id, e.title, e.version, e.starts_at, e.ends_at,"
        " EXISTS (SELECT 1 FROM event_reminders r WHERE r.event_id = e.id"
        " AND r.starts_at = e.starts_at AND r.kind = '24h'),"
        " EXISTS (SELECT 1 FROM event_reminders r WHERE r.event_id = e.id"
        " AND r.starts_at = e.starts_at AND r.kind = '1h') "
        "FROM events e WHERE e.status = 'published' AND e.starts_at > $1::bigint AND e.starts_at "
        "<= $2::bigint"
        " AND (NOT EXISTS (SELECT 1 FROM event_reminders r WHERE r.event_id = e.id"
        " AND r.starts_at = e.starts_at AND r.kind = '24h')"
        " OR (e.starts_at <= $1::bigint + 3600 AND NOT EXISTS (SELECT 1 FROM event_reminders r"
        " WHERE r.event_id = e.id AND r.starts_at = e.starts_at AND r.kind = '1h')))"
        " ORDER BY e.starts_at, e.id LIMIT $3",
    [ST_REMINDER_MARK] = "INSERT INTO event_reminders (event_id, starts_at, kind, state, at)"
                         " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    [ST_OUTBOX_PARTICIPANTS] =
        "INSERT INTO outbox (user_id, category, payload, created_at) "
        "SELECT DISTINCT user_id, $2::text, $3::text, $4::bigint FROM bookings "
        "WHERE event_id = $1 AND state IN ('held', 'confirmed', 'attended')",
    [ST_EVENT_ENDED] =
        "SELECT id, title, version, starts_at, ends_at, false, false FROM events"
        " WHERE status = 'published' AND ends_at <= $1 ORDER BY ends_at, id LIMIT $2",
    [ST_EVENT_MARK_DONE] =
        "UPDATE events SET status = 'done', version = version + 1, updated_at = $2"
        " WHERE id = $1 AND status = 'published'",
    [ST_IDEM_GET] = "SELECT request_hash, status, body, created_at FROM idempotency_keys "
                    "WHERE user_id = $1 AND key = $2",
    [ST_IDEM_PUT] = "INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, "
                    "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    [ST_IDEM_PURGE] = "DELETE FROM idempotency_keys WHERE created_at < $1",
    [ST_OUTBOX_INSERT] = "INSERT INTO outbox (user_id, category, payload, created_at) "
                         "VALUES ($1, $2, $3, $4)",
    [ST_OUTBOX_AUDIENCE] = "INSERT INTO outbox (user_id, category, payload, created_at) "
                           "SELECT DISTINCT user_id, $2::text, $3::text, $4::bigint FROM bookings "
                           "WHERE event_id = $1"
                           " AND state IN ('requested', 'held', 'confirmed', 'attended')",
    [ST_OUTBOX_COUNT] = "SELECT count(*) FROM outbox WHERE user_id = $1 AND category = $2",
#define HOOK_COLS                                                                                  \
    "id, organizer_id, url, secret, event_types, enabled, disabled_reason, created_at, "           \
    "updated_at FROM webhook_endpoints "
    [ST_HOOK_INSERT] = "INSERT INTO webhook_endpoints (organizer_id, url, secret, event_types, "
                       "enabled, created_at, updated_at) VALUES ($1, $2, $3, $4, true, $5, $5) "
                       "RETURNING id",
    [ST_HOOK_GET] = "SELECT " HOOK_COLS "WHERE organizer_id = $1 AND id = $2",
    [ST_HOOK_LIST] = "SELECT " HOOK_COLS "WHERE organizer_id = $1 ORDER BY id LIMIT 100",
    [ST_HOOK_UPDATE] = "UPDATE webhook_endpoints SET url = $2, secret = $3, event_types = $4, "
                       "enabled = $5, disabled_reason = $6, updated_at = $7 WHERE id = $1",
    [ST_HOOK_IN_USE] = "SELECT EXISTS (SELECT 1 FROM deliveries WHERE endpoint_id = $1)",
    [ST_HOOK_DELETE] = "DELETE FROM webhook_endpoints WHERE id = $1",
    [ST_PREFS_GET] = "SELECT category, channel, enabled FROM notification_prefs "
                     "WHERE user_id = $1 ORDER BY category, channel",
    [ST_PREF_PUT] = "INSERT INTO notification_prefs (user_id, category, channel, enabled) "
                    "VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, category, channel) "
                    "DO UPDATE SET enabled = excluded.enabled",
    /* delivery engine (messaging.c) */
    [ST_MSG_ROUTE_BATCH] =
        "SELECT o.id, o.user_id, o.created_at, o.category, o.payload, u.email, "
        "coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.username), "
        "coalesce(p.language, 'ru'), t.telegram_chat_id, coalesce((SELECT enabled FROM "
        "notification_prefs n WHERE n.user_id = o.user_id AND n.category = "
        "split_part(o.category, '.', 1) AND n.channel = 'email'), true), "
        "coalesce((SELECT enabled FROM notification_prefs n WHERE n.user_id = o.user_id "
        "AND n.category = split_part(o.category, '.', 1) AND n.channel = 'telegram'), "
        "true), coalesce((SELECT enabled FROM notification_prefs n WHERE n.user_id = "
        "o.user_id AND n.category = split_part(o.category, '.', 1) AND n.channel = "
        "'inapp'), true), coalesce((SELECT e.organizer_id FROM events e WHERE e.id = "
        "(o.payload::jsonb ->> 'event_id')::bigint), 0) FROM outbox o JOIN users u ON "
        "u.id = o.user_id LEFT JOIN profiles p ON p.user_id = o.user_id LEFT JOIN "
        "telegram_subscriptions t ON t.user_id = o.user_id WHERE o.routed_at IS NULL "
        "ORDER BY o.id LIMIT $1 FOR UPDATE OF o SKIP LOCKED",
    [ST_MSG_DELIVERY_ADD] =
        "INSERT INTO deliveries (outbox_id, channel, target, endpoint_id, message_id, "
        "next_at, created_at) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], "
        "$4::bigint[], $5::text[], $6::bigint[], $7::bigint[]) ON CONFLICT DO NOTHING",
    [ST_MSG_NOTIF_ADD] = "INSERT INTO notifications (user_id, outbox_id, category, payload, link, "
                         "created_at) SELECT * FROM unnest($1::bigint[], $2::bigint[], "
                         "$3::text[], $4::text[], $5::text[], $6::bigint[]) ON CONFLICT DO "
                         "NOTHING",
    [ST_MSG_LINK_FIRST_CLICK] =
        "INSERT INTO short_links (code, target, clicks, created_at, last_click_at) VALUES "
        "($1, $2, 1, $3, $3) ON CONFLICT (code) DO UPDATE SET clicks = short_links.clicks "
        "+ 1, last_click_at = $3 RETURNING target",
    [ST_MSG_OUTBOX_ROUTED] =
        "UPDATE outbox SET routed_at = $2, status = CASE WHEN EXISTS (SELECT 1 FROM "
        "deliveries d WHERE d.outbox_id = outbox.id) THEN 'pending' ELSE 'sent' END, "
        "sent_at = CASE WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.outbox_id = "
        "outbox.id) THEN sent_at ELSE coalesce(sent_at, $2) END WHERE id = "
        "ANY($1::bigint[])",
    [ST_MSG_OUTBOX_ROLLUP] =
        "UPDATE outbox SET status = CASE WHEN EXISTS (SELECT 1 FROM deliveries WHERE "
        "outbox_id = $1 AND status = 'dead') THEN 'dead' WHEN EXISTS (SELECT 1 FROM "
        "deliveries WHERE outbox_id = $1 AND status = 'pending') THEN 'pending' ELSE "
        "'sent' END, sent_at = CASE WHEN NOT EXISTS (SELECT 1 FROM deliveries WHERE "
        "outbox_id = $1 AND status IN ('pending', 'dead')) THEN coalesce(sent_at, $2) "
        "END WHERE id = $1 AND routed_at IS NOT NULL",
    [ST_MSG_CLAIM] =
        "UPDATE deliveries SET attempts = attempts + 1, next_at = $1::bigint + "
        "$2::bigint WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND "
        "next_at <= $1 ORDER BY next_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING "
        "id",
    [ST_MSG_JOB_GET] =
        "SELECT d.id, d.outbox_id, d.channel, d.target, d.endpoint_id, d.message_id, "
        "d.status, d.attempts, d.next_at, d.last_error, d.created_at, d.sent_at, "
        "o.user_id, o.category, o.payload, coalesce(nullif(trim(u.first_name || ' ' || "
        "u.last_name), ''), u.username), coalesce(p.language, 'ru'), w.secret "
        "FROM deliveries d JOIN outbox o ON o.id = d.outbox_id JOIN users u ON u.id = "
        "o.user_id LEFT JOIN profiles p ON p.user_id = o.user_id LEFT JOIN "
        "webhook_endpoints w ON w.id = d.endpoint_id WHERE d.id = $1",
    [ST_MSG_FINISH] =
        "UPDATE deliveries SET status = $2::text, next_at = $3, last_error = $4, "
        "sent_at = CASE WHEN $2::text = 'sent' THEN $5 ELSE sent_at END WHERE id = $1",
    [ST_MSG_RELEASE] = "UPDATE deliveries SET attempts = greatest(attempts - 1, 0), next_at = $2 "
                       "WHERE status = 'pending' AND id = ANY($1::bigint[])",
    [ST_MSG_ATTEMPT_ADD] =
        "INSERT INTO delivery_attempts (delivery_id, attempted_at, ok, status_code, "
        "error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)",
    [ST_MSG_ENDPOINT_DISABLE] =
        "UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, updated_at "
        "= $3 WHERE id = $1",
    [ST_MSG_OUTBOX_LIST] =
        "SELECT id, user_id, category, payload, status, created_at, routed_at, sent_at "
        "FROM outbox WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR "
        "category = $2) AND ($3::bigint = 0 OR id < $3) ORDER BY id DESC LIMIT $4",
    [ST_MSG_OUTBOX_GET] =
        "SELECT id, user_id, category, payload, status, created_at, routed_at, sent_at "
        "FROM outbox WHERE id = $1",
    [ST_MSG_DELIVERY_LIST] =
        "SELECT d.id, d.outbox_id, d.channel, d.target, d.endpoint_id, d.message_id, "
        "d.status, d.attempts, d.next_at, d.last_error, d.created_at, d.sent_at FROM "
        "deliveries d WHERE d.outbox_id = $1 ORDER BY d.id LIMIT 256",
    [ST_MSG_ATTEMPT_LIST] =
        "SELECT id, delivery_id, attempted_at, ok, status_code, error, duration_ms FROM "
        "delivery_attempts WHERE delivery_id = $1 ORDER BY id LIMIT 256",
    [ST_MSG_REDRIVE] = "UPDATE deliveries SET status = 'pending', attempts = 0, next_at = $2, "
                       "last_error = NULL WHERE outbox_id = $1 AND status = 'dead'",
    [ST_MSG_STATS_QUEUE] =
        "SELECT (SELECT count(*) FROM outbox WHERE routed_at IS NULL), least((SELECT "
        "created_at FROM outbox WHERE routed_at IS NULL ORDER BY id LIMIT 1), (SELECT "
        "min(o.created_at) FROM deliveries d JOIN outbox o ON o.id = d.outbox_id WHERE "
        "d.status = 'pending'))",
    [ST_MSG_STATS_DELIVERIES] =
        /* Two partial indexes (deliveries_due, deliveries_dead), not a scan of all sent. */
    "SELECT channel, 'pending', count(*) FROM deliveries WHERE status = 'pending' GROUP "
    "BY channel UNION ALL SELECT channel, 'dead', count(*) FROM deliveries WHERE status "
    "= 'dead' GROUP BY channel",
    [ST_MSG_DUE] = "SELECT EXISTS (SELECT 1 FROM outbox WHERE routed_at IS NULL), EXISTS (SELECT "
                   "1 FROM deliveries WHERE status = 'pending' AND next_at <= $1)",
    [ST_MSG_NOTIF_LIST] =
        "SELECT id, user_id, outbox_id, category, payload, link, created_at, read_at "
        "FROM notifications WHERE user_id = $1 AND ($2::bigint = 0 OR id < $2) ORDER BY "
        "id DESC LIMIT $3",
    [ST_MSG_NOTIF_UNREAD] =
        "SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    [ST_MSG_NOTIF_READ] =
        "UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $2 AND "
        "user_id = $1",
    [ST_MSG_NOTIF_READ_ALL] =
        "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL",
    [ST_MSG_LINK_CLICK] =
        "UPDATE short_links SET clicks = clicks + 1, last_click_at = $2 WHERE code = $1 "
        "RETURNING target",

    /* Telegram linking (store/<backend>/telegram.c) */
    [ST_TG_TOKEN_PURGE] = "DELETE FROM telegram_link_tokens WHERE user_id = $1 "
                          "AND (used_at IS NOT NULL OR expires_at <= $2)",
    [ST_TG_TOKEN_INSERT] = "INSERT INTO telegram_link_tokens (token_hash, user_id, created_at, "
                           "expires_at) VALUES ($1, $2, $3, $4)",
    [ST_TG_TOKEN_USE] = "UPDATE telegram_link_tokens SET used_at = $2 WHERE token_hash = $1 "
                        "AND used_at IS NULL AND expires_at > $2 RETURNING user_id",
    [ST_TG_UPDATE_SEEN] = "INSERT INTO telegram_updates (update_id, received_at) VALUES ($1, $2) "
                          "ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
    [ST_TG_UPDATES_PURGE] = "DELETE FROM telegram_updates WHERE received_at < $1",
    [ST_TG_CHAT_OWNER] = "SELECT user_id FROM telegram_subscriptions WHERE telegram_chat_id = $1",
    [ST_TG_SUB_UPSERT] =
        "INSERT INTO telegram_subscriptions (user_id, telegram_username, "
        "telegram_chat_id, verified_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (user_id) DO UPDATE SET telegram_username = "
        "excluded.telegram_username, telegram_chat_id = excluded.telegram_chat_id, "
        "verified_at = excluded.verified_at",
    [ST_TG_PROFILE_SET] = "UPDATE profiles SET telegram_username = $2, telegram_chat_id = $3, "
                          "is_telegram_verified = true, telegram_verified_at = $4 "
                          "WHERE user_id = $1",
    [ST_TG_SUB_DELETE] = "DELETE FROM telegram_subscriptions WHERE user_id = $1",
    [ST_TG_PROFILE_CLEAR] =
        "UPDATE profiles SET telegram_username = NULL, telegram_chat_id = NULL, "
        "is_telegram_verified = false, telegram_verified_at = NULL "
        "WHERE user_id = $1",
};

/* --- parameters and values ------------------------------------------------- */

void
pg_param_text(struct pg_params *p, const char *v)
{
    assert(p->n < PG_PARAM_MAX);
    p->values[p->n++] = v;
}

void
pg_param_int(struct pg_params *p, int64_t v)
{
    assert(p->n < PG_PARAM_MAX);
    snprintf(p->buf[p->n], PG_INT_LEN, "%" PRId64, v);
    p->values[p->n] = p->buf[p->n];
    p->n++;
}

void
pg_param_time(struct pg_params *p, int64_t v)
{
    if (v == 0) {
        pg_param_text(p, NULL);
    } else {
        pg_param_int(p, v);
    }
}

void
pg_param_bool(struct pg_params *p, bool v)
{
    pg_param_text(p, v ? "t" : "f");
}

/* --- array literals ---------------------------------------------------------- */

static void
array_put(struct pg_array *a, const char *v, size_t len)
{
    if (a->len + len + 2 > a->cap) { /* room for "}" and the NUL of pg_array_end */
        size_t cap = a->cap ? a->cap : 256;
        while (cap < a->len + len + 2) {
            cap *= 2;
        }
        a->text = xrealloc(a->text, cap);
        a->cap = cap;
    }
    memcpy(a->text + a->len, v, len);
    a->len += len;
}

/* "{" before the first element, "," before the others. */
static void
array_next(struct pg_array *a)
{
    array_put(a, a->len == 0 ? "{" : ",", 1);
}

void
pg_array_int(struct pg_array *a, int64_t v)
{
    char buf[PG_INT_LEN];
    int len = snprintf(buf, sizeof(buf), "%" PRId64, v);

    array_next(a);
    array_put(a, buf, (size_t)len);
}

void
pg_array_time(struct pg_array *a, int64_t v)
{
    if (v == 0) {
        pg_array_text(a, NULL);
    } else {
        pg_array_int(a, v);
    }
}

/* Quoted, with " and \ escaped: any text is one element. */
void
pg_array_text(struct pg_array *a, const char *v)
{
    array_next(a);
    if (v == NULL) {
        array_put(a, "NULL", 4);
        return;
    }
    array_put(a, "\"", 1);
    for (const char *c = v; *c != '\0'; c++) {
        if (*c == '"' || *c == '\\') {
            array_put(a, "\\", 1);
        }
        array_put(a, c, 1);
    }
    array_put(a, "\"", 1);
}

void
pg_array_bool(struct pg_array *a, bool v)
{
    array_next(a);
    array_put(a, v ? "t" : "f", 1);
}

const char *
pg_array_end(struct pg_array *a)
{
    if (a->len == 0) {
        array_put(a, "{", 1);
    }
    array_put(a, "}", 1);
    a->text[a->len] = '\0';
    return a->text;
}

void
pg_array_free(struct pg_array *a)
{
    free(a->text);
    *a = (struct pg_array){0};
}

enum bo_err
pg_query_rows(struct pg_store *s, struct arena *a, enum stmt id, const struct pg_params *p,
              size_t size, pg_read_fn fill, void **out, size_t *count)
{
    PGresult *r = NULL;
    enum bo_err err = pg_query(s, id, p, &r);

    if (err) {
        return err;
    }
    size_t n = (size_t)PQntuples(r);
    char *list = arena_alloc(a, size * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        fill(a, r, (int)i, list + i * size);
    }
    PQclear(r);
    *out = list;
    *count = n;
    return BO_OK;
}

enum bo_err
pg_query_one(struct pg_store *s, struct arena *a, enum stmt id, const struct pg_params *p,
             pg_read_fn fill, void *item)
{
    PGresult *r = NULL;
    enum bo_err err = pg_query(s, id, p, &r);

    if (err) {
        return err;
    }
    if (PQntuples(r) == 0) {
        PQclear(r);
        return BO_ERR_NOT_FOUND;
    }
    fill(a, r, 0, item);
    PQclear(r);
    return BO_OK;
}

void
pg_read_int(struct arena *a, const PGresult *r, int i, void *item)
{
    (void)a;
    *(int64_t *)item = pg_int(r, i, 0);
}

void
pg_read_text(struct arena *a, const PGresult *r, int i, void *item)
{
    *(const char **)item = pg_text(a, r, i, 0);
}

const char *
pg_text(struct arena *a, const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col)) {
        return NULL;
    }
    return arena_strndup(a, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}

/* Text to int64; 0 for anything that is not a whole decimal number. */
static int64_t
parse_int(const char *t)
{
    char *end = NULL;

    errno = 0;
    long long v = strtoll(t, &end, 10);
    if (errno != 0 || end == t || *end != '\0') {
        return 0;
    }
    return (int64_t)v;
}

int64_t
pg_int(const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col)) {
        return 0;
    }
    return parse_int(PQgetvalue(r, row, col));
}

bool
pg_bool(const PGresult *r, int row, int col)
{
    return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

/* --- errors ------------------------------------------------------------------ */

/* SQLSTATE (or class prefix) -> bo_err; the first match wins, anything else is INTERNAL. */
static const struct {
    const char *state;
    enum bo_err err;
} sqlstate_map[] = {
    {"23", BO_ERR_CONFLICT},     /* integrity: unique, foreign key, check (SQLite CONSTRAINT) */
    {"40001", BO_ERR_BUSY},      /* serialization_failure */
    {"40P01", BO_ERR_BUSY},      /* deadlock_detected */
    {"55P03", BO_ERR_BUSY},      /* lock_not_available: lock_timeout */
    {"57014", BO_ERR_BUSY},      /* query_canceled: statement_timeout */
    {"08", BO_ERR_UNAVAILABLE},  /* connection exceptions */
    {"53", BO_ERR_UNAVAILABLE},  /* disk full, out of memory, too many connections */
    {"57P", BO_ERR_UNAVAILABLE}, /* shutdown, crash recovery, cannot connect now */
};

static enum bo_err
sqlstate_err(const char *state)
{
    if (state == NULL) {
        return BO_ERR_INTERNAL;
    }
    for (size_t i = 0; i < sizeof(sqlstate_map) / sizeof(sqlstate_map[0]); i++) {
        const char *prefix = sqlstate_map[i].state;
        if (strncmp(state, prefix, strlen(prefix)) == 0) {
            return sqlstate_map[i].err;
        }
    }
    return BO_ERR_INTERNAL;
}

static void
remember_constraint(struct pg_store *s, const PGresult *r)
{
    const char *name = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;
    size_t len = name ? strnlen(name, PG_NAME_LEN - 1) : 0;

    memcpy(s->err_constraint, name ? name : "", len);
    s->err_constraint[len] = '\0';
}

/* A one-line message for the log: libpq's end with a newline. */
static void
log_failure(const char *event, const char *state, const char *msg)
{
    size_t len = msg ? strcspn(msg, "\n") : 0;

    log_warn(event, NULL, "backend=pg sqlstate=%s error=%.*s", state ? state : "-", (int)len,
             msg ? msg : "");
}

enum bo_err
pg_err(struct pg_store *s, const PGresult *r)
{
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;

    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        return BO_OK;
    }
    remember_constraint(s, r);
    if (PQstatus(s->conn) != CONNECTION_OK) {
        return BO_ERR_UNAVAILABLE;
    }
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    enum bo_err err = sqlstate_err(state);
    if (err == BO_ERR_INTERNAL) {
        log_failure("store.error", state,
                    r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(s->conn));
    }
    return err;
}

/* After a failure inside a transaction, remember why: the server now refuses everything. */
static void
note_failure(struct pg_store *s, enum bo_err err)
{
    if (PQtransactionStatus(s->conn) == PQTRANS_INERROR && s->tx_err == BO_OK) {
        s->tx_err = err;
    }
}

/* --- connection -------------------------------------------------------------- */

static void
ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* "relation already exists, skipping" and the like */
}

/* Run SQL without parameters or rows wanted (session set-up, migrations, ROLLBACK). */
static enum bo_err
run_sql(struct pg_store *s, const char *sql)
{
    PGresult *r = PQexec(s->conn, sql);
    enum bo_err err = pg_err(s, r);

    PQclear(r);
    note_failure(s, err);
    return err;
}

/* Forget the queue and everything the transaction knew: it is over. */
static void
forget_tx(struct pg_store *s)
{
    pg_unqueue(s, 0);
    s->savepoint_at = -1;
    s->recovering = false;
    s->broken = BO_OK;
    s->tx_err = BO_OK;
}

/* Session settings, and forget the statements: a new connection has none prepared. */
static enum bo_err
session_setup(struct pg_store *s)
{
    memset(s->prepared, 0, sizeof(s->prepared));
    forget_tx(s);
    return run_sql(s, SESSION_SETUP_SQL);
}

/* Reset a lost connection once, unless a transaction died with it. */
static enum bo_err
ensure_conn(struct pg_store *s)
{
    if (PQstatus(s->conn) == CONNECTION_OK) {
        return BO_OK;
    }
    if (s->base.in_tx || s->base.in_batch) {
        return BO_ERR_UNAVAILABLE;
    }
    PQreset(s->conn);
    if (PQstatus(s->conn) != CONNECTION_OK) {
        log_failure("store.reconnect_failed", NULL, PQerrorMessage(s->conn));
        return BO_ERR_UNAVAILABLE;
    }
    return session_setup(s);
}

static void
stmt_name(enum stmt id, char name[16])
{
    snprintf(name, 16, "bo_%d", (int)id);
}

static enum bo_err
prepare(struct pg_store *s, enum stmt id)
{
    char name[16];

    stmt_name(id, name);
    PGresult *r = PQprepare(s->conn, name, stmt_sql[id], 0, NULL);
    enum bo_err err = pg_err(s, r);
    PQclear(r);
    note_failure(s, err);
    s->prepared[id] = err == BO_OK;
    return err;
}

/* --- the queue: commands that go out with the next round trip ----------------- */

/* Drop the queued commands from index `from` on, and whatever they brought back. */
void
pg_unqueue(struct pg_store *s, int from)
{
    if (from >= s->queued) {
        return;
    }
    for (int i = from; i < s->queued; i++) {
        PQclear(s->queue[i].result);
    }
    s->value_count = s->queue[from].first;
    s->value_len = s->queue[from].buf_start;
    s->queued = from;
    if (s->savepoint_at >= from) {
        s->savepoint_at = -1;
    }
}

/* Copy v (NULL allowed) to the value buffer; its offset, or -1 for NULL. */
static int
keep_value(struct pg_store *s, const char *v)
{
    if (v == NULL) {
        return -1;
    }
    size_t len = strlen(v) + 1;
    if (s->value_len + len > s->value_buf_cap) {
        size_t cap = s->value_buf_cap ? s->value_buf_cap : 4096;
        while (cap < s->value_len + len) {
            cap *= 2;
        }
        s->value_buf = xrealloc(s->value_buf, cap);
        s->value_buf_cap = cap;
    }
    memcpy(s->value_buf + s->value_len, v, len);
    s->value_len += len;
    return (int)(s->value_len - len);
}

/* Room for one more command with n parameters. */
static void
grow_queue(struct pg_store *s, int n)
{
    if (s->queued == s->queue_cap) {
        s->queue_cap = s->queue_cap ? 2 * s->queue_cap : 64;
        s->queue = xrealloc(s->queue, sizeof(*s->queue) * (size_t)s->queue_cap);
    }
    while (s->value_count + n > s->value_cap) {
        s->value_cap = s->value_cap ? 2 * s->value_cap : 256;
        s->value_off = xrealloc(s->value_off, sizeof(*s->value_off) * (size_t)s->value_cap);
    }
}

/* Send q; 0 if libpq could not (the connection is gone). */
static int
send_one(const struct pg_store *s, const struct pg_queued *q)
{
    const char *values[PG_PARAM_MAX];
    char name[16];

    if (q->sql != NULL) {
        return PQsendQueryParams(s->conn, q->sql, 0, NULL, NULL, NULL, NULL, 0);
    }
    for (int i = 0; i < q->n; i++) {
        int off = s->value_off[q->first + i];
        values[i] = off < 0 ? NULL : s->value_buf + off;
    }
    stmt_name(q->stmt, name);
    return PQsendQueryPrepared(s->conn, name, q->n, values, NULL, NULL, 0);
}

/* The answer to queue[index]: its outcome, and the result if it is owned and succeeded. */
static void
take_answer(struct pg_store *s, int index, PGresult *r)
{
    struct pg_queued *q = index < s->queued ? &s->queue[index] : NULL;
    ExecStatusType st = PQresultStatus(r);

    if (q == NULL) {
        PQclear(r); /* cannot happen: more answers than commands */
        return;
    }
    if (st == PGRES_PIPELINE_ABORTED) {
        q->aborted = true;
    } else if (q->err == BO_OK) {
        q->err = pg_err(s, r);
    }
    if (q->owned && q->err == BO_OK && !q->aborted && q->result == NULL) {
        q->result = r;
    } else {
        PQclear(r);
    }
}

/* Read the answers of a sent pipeline up to its sync point, and leave pipeline mode. */
static void
read_answers(struct pg_store *s)
{
    int index = 0;
    bool idle = false; /* the last call said "no more for this command" */

    for (;;) {
        PGresult *r = PQgetResult(s->conn);
        if (r == NULL) {
            if (idle) {
                break; /* nothing more is coming: the connection is gone */
            }
            idle = true;
            index++;
            continue;
        }
        idle = false;
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        take_answer(s, index, r);
    }
    PQexitPipelineMode(s->conn);
}

/*
 * Send the whole queue as one pipeline (one round trip) and read every
 * answer into it. A command that is not owned and fails breaks the
 * transaction; an owned one carries its failure (q->err, and note_failure)
 * for its caller. Commands the server skipped after a failure are marked
 * aborted. The queue stays until the caller drops it (pg_unqueue).
 * Returns the error that broke the transaction, or BO_OK.
 */
enum bo_err
pg_flush(struct pg_store *s)
{
    bool sent = s->queued > 0 && PQenterPipelineMode(s->conn) == 1;

    for (int i = 0; sent && i < s->queued; i++) {
        s->queue[i].sent = true;
        sent = send_one(s, &s->queue[i]) == 1;
    }
    sent = sent && PQpipelineSync(s->conn) == 1;
    s->recovering = false;
    s->savepoint_at = -1;
    if (!sent) {
        PQexitPipelineMode(s->conn);
        s->broken = s->broken ? s->broken : BO_ERR_UNAVAILABLE;
        return s->broken;
    }
    read_answers(s);
    enum bo_err owned_err = BO_OK;
    for (int i = 0; i < s->queued; i++) {
        const struct pg_queued *q = &s->queue[i];
        if (q->err != BO_OK && !q->owned && s->broken == BO_OK) {
            s->broken = q->err;
        } else if (q->err != BO_OK && owned_err == BO_OK) {
            owned_err = q->err;
        }
    }
    if (PQstatus(s->conn) != CONNECTION_OK && s->broken == BO_OK) {
        s->broken = BO_ERR_UNAVAILABLE;
    }
    note_failure(s, s->broken ? s->broken : owned_err);
    return s->broken;
}

/* Queue a command (copying its parameters); a statement is prepared first. */
enum bo_err
pg_enqueue(struct pg_store *s, const char *sql, enum stmt id, const struct pg_params *p, bool owned)
{
    int n = p ? p->n : 0;

    grow_queue(s, n);
    struct pg_queued *q = &s->queue[s->queued];
    *q = (struct pg_queued){.sql = sql,
                            .stmt = id,
                            .n = n,
                            .first = s->value_count,
                            .buf_start = s->value_len,
                            .owned = owned};
    for (int i = 0; i < n; i++) {
        s->value_off[s->value_count++] = keep_value(s, p->values[i]);
    }
    s->queued++;
    return BO_OK;
}

/* Run the queue now, on its own; BO_OK unless that broke the transaction. */
static enum bo_err
flush_alone(struct pg_store *s)
{
    enum bo_err err = pg_flush(s);

    pg_unqueue(s, 0);
    return err;
}

/* Connected, not in a failed transaction, statement prepared. */
static enum bo_err
ready(struct pg_store *s, enum stmt id)
{
    enum bo_err err = ensure_conn(s);

    if (err) {
        return err;
    }
    if (s->broken) {
        return s->broken;
    }
    if (PQtransactionStatus(s->conn) == PQTRANS_INERROR && !s->recovering) {
        return s->tx_err ? s->tx_err : BO_ERR_INTERNAL;
    }
    if (s->prepared[id]) {
        return BO_OK;
    }
    if (s->recovering) {
        err = flush_alone(s); /* PREPARE is refused until the ROLLBACK TO */
    }
    return err ? err : prepare(s, id);
}

/* Ready statement id, for callers that queue it themselves (pg_enqueue). */
enum bo_err
pg_ready(struct pg_store *s, enum stmt id)
{
    return ready(s, id);
}

/* The queue and then one owned command, in one round trip; *out its result. */
static enum bo_err
with_queue(struct pg_store *s, const char *sql, enum stmt id, const struct pg_params *p,
           PGresult **out)
{
    pg_enqueue(s, sql, id, p, true);
    enum bo_err err = pg_flush(s);
    struct pg_queued *last = &s->queue[s->queued - 1];
    if (err == BO_OK) {
        err = last->err != BO_OK ? last->err : last->aborted ? BO_ERR_INTERNAL : BO_OK;
    }
    if (err == BO_OK && out != NULL) {
        *out = last->result;
        last->result = NULL;
    }
    pg_unqueue(s, 0);
    return err;
}

enum bo_err
pg_query(struct pg_store *s, enum stmt id, const struct pg_params *p, PGresult **out)
{
    char name[16];

    *out = NULL;
    enum bo_err err = ready(s, id);
    if (err) {
        return err;
    }
    if (s->queued > 0) {
        return with_queue(s, NULL, id, p, out);
    }
    stmt_name(id, name);
    PGresult *r = PQexecPrepared(s->conn, name, p->n, p->values, NULL, NULL, 0);
    err = pg_err(s, r);
    if (err) {
        PQclear(r);
        note_failure(s, err);
        return err;
    }
    *out = r;
    return BO_OK;
}

enum bo_err
pg_exec(struct pg_store *s, enum stmt id, const struct pg_params *p, int64_t *changed)
{
    PGresult *r;
    enum bo_err err = pg_query(s, id, p, &r);

    if (err == BO_OK && changed != NULL) {
        *changed = parse_int(PQcmdTuples(r)); /* "" for statements that touch no rows */
    }
    PQclear(r);
    return err;
}

enum bo_err
pg_defer(struct pg_store *s, enum stmt id, const struct pg_params *p)
{
    if (!s->base.in_tx && !s->base.in_batch) {
        return pg_exec(s, id, p, NULL);
    }
    enum bo_err err = ready(s, id);
    return err ? err : pg_enqueue(s, NULL, id, p, false);
}

/*
 * After an owned command failed inside the use case's savepoint: queue
 * ROLLBACK TO, after which the batch transaction is healthy again.
 */
void
pg_recover(struct pg_store *s)
{
    pg_enqueue(s, "ROLLBACK TO use_case", 0, NULL, false);
    pg_enqueue(s, "RELEASE use_case", 0, NULL, false);
    s->recovering = true;
    s->tx_err = BO_OK;
}

/* --- the store_ops ----------------------------------------------------------- */

static void
pg_close(struct store *base)
{
    struct pg_store *s = pg(base);

    pg_unqueue(s, 0);
    PQfinish(s->conn);
    free(s->queue);
    free(s->value_off);
    free(s->value_buf);
    free(s);
}

static enum bo_err
pg_open(const char *url, struct store **out)
{
    struct pg_store *s = xcalloc(1, sizeof(*s));

    s->base.ops = &store_pg_ops;
    s->savepoint_at = -1;
    s->conn = PQconnectdb(url);
    if (PQstatus(s->conn) != CONNECTION_OK) {
        log_failure("store.connect_failed", NULL, PQerrorMessage(s->conn));
        pg_close(&s->base);
        return BO_ERR_UNAVAILABLE;
    }
    PQsetNoticeProcessor(s->conn, ignore_notice, NULL);
    enum bo_err err = session_setup(s);
    if (err) {
        pg_close(&s->base);
        return err;
    }
    *out = &s->base;
    return BO_OK;
}

/* BEGIN waits in the queue: it goes out with the transaction's first statement. */
static enum bo_err
pg_begin(struct store *base)
{
    struct pg_store *s = pg(base);
    enum bo_err err = ensure_conn(s);

    if (err) {
        return err;
    }
    forget_tx(s);
    return pg_enqueue(s, "BEGIN", 0, NULL, false);
}

/* COMMIT of a failed transaction "succeeds" as ROLLBACK; report the first error instead. */
static enum bo_err
pg_commit(struct store *base)
{
    struct pg_store *s = pg(base);

    if (s->broken) {
        return s->broken;
    }
    if (PQtransactionStatus(s->conn) == PQTRANS_INERROR && !s->recovering) {
        return s->tx_err ? s->tx_err : BO_ERR_INTERNAL;
    }
    if (s->queued == 1 && s->queue[0].sql != NULL && strcmp(s->queue[0].sql, "BEGIN") == 0) {
        pg_unqueue(s, 0); /* nothing was written: nothing to send */
        return BO_OK;
    }
    PGresult *r = NULL;
    enum bo_err err = with_queue(s, "COMMIT", 0, NULL, &r);
    if (err == BO_OK && (r == NULL || strcmp(PQcmdStatus(r), "COMMIT") != 0)) {
        err = BO_ERR_INTERNAL;
    }
    PQclear(r);
    return err;
}

static void
pg_rollback(struct store *base)
{
    struct pg_store *s = pg(base);

    pg_unqueue(s, 0);
    PGTransactionStatusType ts = PQtransactionStatus(s->conn);
    if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR) {
        PQclear(PQexec(s->conn, "ROLLBACK"));
    }
    forget_tx(s);
}

/* A use case's savepoint waits in the queue too: one that sends nothing costs nothing. */
static enum bo_err
pg_savepoint(struct store *base)
{
    struct pg_store *s = pg(base);
    enum bo_err err = s->broken ? s->broken : pg_enqueue(s, "SAVEPOINT use_case", 0, NULL, false);

    if (err == BO_OK) {
        s->savepoint_at = s->queued - 1;
    }
    return err;
}

static enum bo_err
pg_release(struct store *base)
{
    struct pg_store *s = pg(base);

    if (s->savepoint_at >= 0 && s->savepoint_at == s->queued - 1) {
        pg_unqueue(s, s->savepoint_at); /* the use case sent nothing */
        return BO_OK;
    }
    s->savepoint_at = -1;
    return s->broken ? s->broken : pg_enqueue(s, "RELEASE use_case", 0, NULL, false);
}

/*
 * Undo the use case. If its SAVEPOINT is still queued, nothing of it was
 * sent: drop it from the queue. Otherwise everything queued since belongs to
 * it (the SAVEPOINT went out with an earlier round trip that emptied the
 * queue): drop that, and queue ROLLBACK TO, after which the batch
 * transaction is healthy again.
 */
static void
pg_rollback_to(struct store *base)
{
    struct pg_store *s = pg(base);

    if (s->savepoint_at >= 0) {
        pg_unqueue(s, s->savepoint_at);
        return;
    }
    pg_unqueue(s, 0);
    pg_recover(s);
}

static enum bo_err
pg_ping(struct store *base)
{
    struct pg_store *s = pg(base);
    enum bo_err err = ensure_conn(s);

    return err ? err : run_sql(s, "SELECT 1");
}

/* A single integer from a query without parameters. */
static enum bo_err
query_int(struct pg_store *s, const char *sql, int64_t *out)
{
    PGresult *r = PQexec(s->conn, sql);
    enum bo_err err = pg_err(s, r);

    if (err == BO_OK && PQntuples(r) != 1) {
        err = BO_ERR_INTERNAL;
    }
    *out = err ? 0 : pg_int(r, 0, 0);
    PQclear(r);
    note_failure(s, err);
    return err;
}

/* Reads only: a database never migrated is at version 0. */
static enum bo_err
read_version(struct pg_store *s, int *out)
{
    int64_t exists = 0, version = 0;
    enum bo_err err =
        query_int(s, "SELECT (to_regclass('schema_migrations') IS NOT NULL)::integer", &exists);

    if (err == BO_OK && exists) {
        err = query_int(s, "SELECT coalesce(max(version), 0) FROM schema_migrations", &version);
    }
    *out = (int)version;
    return err;
}

static enum bo_err
pg_schema_version(struct store *base, int *out)
{
    struct pg_store *s = pg(base);
    enum bo_err err = ensure_conn(s);

    *out = 0;
    return err ? err : read_version(s, out);
}

static enum bo_err
record_version(struct pg_store *s, const struct migration *m)
{
    struct pg_params p = {0};

    pg_param_int(&p, m->version);
    pg_param_text(&p, m->name);
    PGresult *r = PQexecParams(s->conn,
                               "INSERT INTO schema_migrations (version, name, applied_at) "
                               "VALUES ($1, $2, extract(epoch FROM now())::bigint)",
                               p.n, NULL, p.values, NULL, NULL, 0);
    enum bo_err err = pg_err(s, r);
    PQclear(r);
    return err;
}

static enum bo_err
is_applied(struct pg_store *s, int version, bool *out)
{
    char sql[96];
    int64_t n = 0;

    snprintf(sql, sizeof(sql), "SELECT count(*) FROM schema_migrations WHERE version = %d",
             version);
    enum bo_err err = query_int(s, sql, &n);
    *out = n > 0;
    return err;
}

/*
 * Every migration not recorded yet, each recorded; PQexec runs multi-statement
 * files. Not "newer than the highest": files merged from parallel branches
 * may arrive with a lower number than one already applied.
 */
static enum bo_err
apply_pending(struct pg_store *s, int *applied)
{
    enum bo_err err = BO_OK;

    for (size_t i = 0; err == BO_OK && i < pg_migration_count; i++) {
        const struct migration *m = &pg_migrations[i];
        bool done = false;
        err = is_applied(s, m->version, &done);
        if (err || done) {
            continue;
        }
        err = run_sql(s, m->sql);
        if (err == BO_OK) {
            err = record_version(s, m);
            (*applied)++;
        }
    }
    return err;
}

/*
 * One transaction for all pending files, behind a transaction-scoped
 * advisory lock: a concurrent migrator (another thread or server process)
 * waits, then finds nothing left to do.
 */
static enum bo_err
pg_migrate(struct store *base, int *applied)
{
    struct pg_store *s = pg(base);

    *applied = 0;
    enum bo_err err = ensure_conn(s);
    if (err == BO_OK) {
        err = run_sql(s, "BEGIN");
    }
    if (err == BO_OK) {
        err = run_sql(s, MIGRATE_LOCK_SQL);
    }
    if (err == BO_OK) {
        err = run_sql(s, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer "
                         "PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)");
    }
    if (err == BO_OK) {
        err = apply_pending(s, applied);
    }
    if (err == BO_OK) {
        err = pg_commit(base);
    }
    if (err) {
        pg_rollback(base);
        *applied = 0;
    }
    return err;
}

const struct store_ops store_pg_ops = {
    .name = "pg",
    .open = pg_open,
    .close = pg_close,
    .migrate = pg_migrate,
    .schema_version = pg_schema_version,
    .ping = pg_ping,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .savepoint = pg_savepoint,
    .release = pg_release,
    .rollback_to = pg_rollback_to,
    .account = &pg_account_ops,
    .booking = &pg_booking_ops,
    .organizer = &pg_organizer_ops,
    .catalog = &pg_catalog_ops,
    .hook = &pg_hook_ops,
    .messaging = &pg_messaging_ops,
    .telegram = &pg_telegram_ops,
    .reminder = &pg_reminder_ops,
};
