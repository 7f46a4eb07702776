/* SPDX-License-Identifier: MIT */
/*
 * sqlite.c - the embedded backend: connection set-up, transactions,
 * migrations, and the statement table.
 *
 * Durability: WAL with synchronous=FULL, so a commit that returned is on
 * disk. Writers take the lock up front (BEGIN IMMEDIATE) and wait up to
 * busy_timeout for it; readers never wait for writers.
 */
#include "store/sqlite/sqlite_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/html.h"
#include "lib/arena.h"
#include "lib/xalloc.h"
#include "store/migration.h"
#include "store/store_messaging_int.h"

#define BUSY_TIMEOUT_MS 5000

static const char *const stmt_sql[ST_COUNT] = {
    /* One savepoint name: a use case's transaction never nests inside another. */
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_SAVEPOINT] = "SAVEPOINT use_case",
    [ST_RELEASE] = "RELEASE use_case",
    [ST_ROLLBACK_TO] = "ROLLBACK TO use_case",
    [ST_KV_GET] = "SELECT value FROM kv WHERE key = ?1",
    [ST_KV_PUT] = "INSERT INTO kv (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",

#define USER_COLS                                                                                  \
    "id, username, email, first_name, last_name, password_hash, referral_code, role, "             \
    "is_active, created_at, password_changed_at"
#define USER_COLS_U                                                                                \
    "id, u.username, u.email, u.first_name, u.last_name, u.password_hash, u.referral_code, "       \
    "u.role, u.is_active, u.created_at, u.password_changed_at"
    [ST_USER_INSERT] = "INSERT INTO users (username, email, first_name, last_name, "
                       "password_hash, referral_code, role, is_active, created_at, "
                       "password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) "
                       "RETURNING id",
    [ST_PROFILE_INSERT] = "INSERT INTO profiles (user_id, phone, has_children, plans_renovation,"
                          " renovation_when, renovation_rooms, newsletter, consent_at, language)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [ST_USER_GET] = "SELECT " USER_COLS " FROM users WHERE id = ?1",
    [ST_USER_FIND_NAME] = "SELECT " USER_COLS " FROM users WHERE lower(username) = lower(?1)",
    [ST_USER_FIND_EMAIL] = "SELECT " USER_COLS " FROM users WHERE email = ?1",
    [ST_USER_LIST] = "SELECT " USER_COLS " FROM users WHERE id > ?1 ORDER BY id LIMIT ?2",
    [ST_USER_SET_PASSWORD] =
        "UPDATE users SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1",
    [ST_USER_SET_ROLE] = "UPDATE users SET role = ?2 WHERE id = ?1",
    [ST_USER_SET_ACTIVE] = "UPDATE users SET is_active = ?2 WHERE id = ?1",
    [ST_USER_SET_NAMES] = "UPDATE users SET first_name = ?2, last_name = ?3 WHERE id = ?1",
    [ST_PROFILE_GET] = "SELECT user_id, phone, telegram_username, telegram_chat_id, "
                       "is_telegram_verified, telegram_verified_at, has_children, "
                       "plans_renovation, renovation_when, renovation_rooms, newsletter, "
                       "consent_at, language FROM profiles WHERE user_id = ?1",
    [ST_PROFILE_UPDATE] = "UPDATE profiles SET phone = ?2, has_children = ?3, "
                          "plans_renovation = ?4, renovation_when = ?5, renovation_rooms = ?6, "
                          "newsletter = ?7, language = ?8 WHERE user_id = ?1",

    [ST_SESSION_INSERT] = "INSERT INTO refresh_sessions (jti, family, user_id, token_hash, "
                          "issued_at, expires_at, user_agent, ip) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [ST_SESSION_FIND] = "SELECT jti, family, user_id, token_hash, issued_at, expires_at, "
                        "revoked_at, replaced_by, user_agent, ip FROM refresh_sessions "
                        "WHERE token_hash = ?1",
    [ST_SESSION_ROTATE] = "UPDATE refresh_sessions SET revoked_at = ?3, replaced_by = ?2 "
                          "WHERE jti = ?1 AND revoked_at IS NULL",
    [ST_SESSION_REVOKE_FAMILY] = "UPDATE refresh_sessions SET revoked_at = ?2 "
                                 "WHERE family = ?1 AND revoked_at IS NULL",
    [ST_SESSION_REVOKE_USER] = "UPDATE refresh_sessions SET revoked_at = ?2 "
                               "WHERE user_id = ?1 AND revoked_at IS NULL",
    [ST_SESSION_FAMILY_LIVE] = "SELECT EXISTS (SELECT 1 FROM refresh_sessions WHERE family = ?1 "
                               "AND revoked_at IS NULL AND expires_at > ?2)",

    [ST_RECOVERY_DELETE_UNUSED] =
        "DELETE FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL",
    [ST_RECOVERY_INSERT] = "INSERT INTO recovery_codes (user_id, code_hash, created_at, "
                           "expires_at) VALUES (?1, ?2, ?3, ?4)",
    [ST_RECOVERY_USE] = "UPDATE recovery_codes SET used_at = ?3 WHERE id = (SELECT id FROM "
                        "recovery_codes WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS "
                        "NULL AND expires_at > ?3 LIMIT 1) AND used_at IS NULL",
    [ST_RECOVERY_COUNT] = "SELECT count(*) FROM recovery_codes WHERE user_id = ?1 AND "
                          "used_at IS NULL AND expires_at > ?2",

#define TOKEN_COLS                                                                                 \
    "id, user_id, name, prefix, token_hash, scopes, created_at, expires_at, revoked_at, "          \
    "last_used_at"
    [ST_TOKEN_INSERT] = "INSERT INTO api_tokens (user_id, name, prefix, token_hash, scopes, "
                        "created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                        "RETURNING id",
    [ST_TOKEN_FIND] = "SELECT " TOKEN_COLS " FROM api_tokens WHERE token_hash = ?1",
    [ST_TOKEN_FIND_USER] =
        "SELECT t.id, t.user_id, t.name, t.prefix, t.token_hash, t.scopes, "
        "t.created_at, t.expires_at, t.revoked_at, t.last_used_at, u." USER_COLS_U
        " FROM api_tokens t JOIN users u ON u.id = t.user_id "
        "WHERE t.token_hash = ?1",
    [ST_TOKEN_LIST] = "SELECT " TOKEN_COLS " FROM api_tokens WHERE user_id = ?1 "
                      "ORDER BY id DESC",
    [ST_TOKEN_REVOKE] = "UPDATE api_tokens SET revoked_at = ?3 WHERE id = ?2 AND user_id = ?1 "
                        "AND revoked_at IS NULL",
    [ST_TOKEN_TOUCH] = "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1",

    [ST_AUDIT_INSERT] = "INSERT INTO audit_log (actor_user_id, action, target_type, target_id,"
                        " payload, ip, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_AUDIT_LIST] = "SELECT id, actor_user_id, action, target_type, target_id, payload, ip, "
                      "created_at FROM audit_log WHERE ?1 = 0 OR id < ?1 "
                      "ORDER BY id DESC LIMIT ?2",

    /* A fixed window: a hit after window_end starts a new one. */
    [ST_THROTTLE_HIT] = "INSERT INTO throttle (key, count, window_end) VALUES (?1, 1, ?2 + ?3) "
                        "ON CONFLICT (key) DO UPDATE SET "
                        "count = CASE WHEN window_end <= ?2 THEN 1 ELSE count + 1 END, "
                        "window_end = CASE WHEN window_end <= ?2 THEN ?2 + ?3 "
                        "ELSE window_end END RETURNING count, window_end",
    [ST_THROTTLE_PEEK] = "SELECT count, window_end FROM throttle WHERE key = ?1 "
                         "AND window_end > ?2",
    [ST_THROTTLE_CLEAR] = "DELETE FROM throttle WHERE key = ?1",

#define ORG_COLS                                                                                   \
    "id, slug, name, logo_url, description, email, phone, website, brand_color, is_personal, "     \
    "created_by, created_at, updated_at, version FROM organizers "
    [ST_ORG_INSERT] = "INSERT INTO organizers (slug, name, logo_url, description, email, phone, "
                      "website, brand_color, is_personal, created_by, created_at, updated_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) RETURNING id",
    [ST_ORG_GET] = "SELECT " ORG_COLS "WHERE id = ?1",
    [ST_ORG_GET_SLUG] = "SELECT " ORG_COLS "WHERE slug = ?1",
    [ST_ORG_UPDATE] = "UPDATE organizers SET slug = ?3, name = ?4, logo_url = ?5, "
                      "description = ?6, email = ?7, phone = ?8, website = ?9, "
                      "brand_color = ?10, updated_at = ?11, version = version + 1 "
                      "WHERE id = ?1 AND version = ?2",
    [ST_ORG_LIST] = "SELECT " ORG_COLS "WHERE id > ?1 AND (?2 IS NULL OR name LIKE ?2 || '%' "
                    "ESCAPE '\\') ORDER BY id LIMIT ?3",
    [ST_TEAM_DELETE] = "DELETE FROM team_members WHERE organizer_id = ?1",
    [ST_TEAM_INSERT] = "INSERT INTO team_members (organizer_id, position, name, role, "
                       "photo_url, bio) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_TEAM_GET] = "SELECT name, role, photo_url, bio FROM team_members "
                    "WHERE organizer_id = ?1 ORDER BY position",
    [ST_FAQ_DELETE] = "DELETE FROM faq_items WHERE organizer_id = ?1",
    [ST_FAQ_INSERT] = "INSERT INTO faq_items (organizer_id, position, question, answer) "
                      "VALUES (?1, ?2, ?3, ?4)",
    [ST_FAQ_GET] = "SELECT question, answer FROM faq_items WHERE organizer_id = ?1 "
                   "ORDER BY position",
    [ST_MEMBER_GET] = "SELECT role FROM organizer_members WHERE organizer_id = ?1 "
                      "AND user_id = ?2",
    [ST_MEMBER_PUT] = "INSERT INTO organizer_members (organizer_id, user_id, role, added_at) "
                      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (organizer_id, user_id) "
                      "DO UPDATE SET role = excluded.role",
    [ST_MEMBER_REMOVE] = "DELETE FROM organizer_members WHERE organizer_id = ?1 "
                         "AND user_id = ?2",
    [ST_MEMBER_LIST] = "SELECT m.organizer_id, m.user_id, u.username, m.role, m.added_at, "
                       "NULL, NULL FROM organizer_members m JOIN users u ON u.id = m.user_id "
                       "WHERE m.organizer_id = ?1 ORDER BY m.role <> 'owner', "
                       "lower(u.username) LIMIT 500",
    [ST_MEMBER_LIST_USER] = "SELECT m.organizer_id, m.user_id, NULL, m.role, m.added_at, "
                            "o.name, o.slug FROM organizer_members m JOIN organizers o "
                            "ON o.id = m.organizer_id WHERE m.user_id = ?1 "
                            "ORDER BY o.name, o.id LIMIT 200",
    [ST_MEMBER_OWNERS] = "SELECT count(*) FROM organizer_members WHERE organizer_id = ?1 "
                         "AND role = 'owner'",

    /* Reference names are created on first use; a no-op update makes RETURNING answer. */
    [ST_CITY_UPSERT] = "INSERT INTO cities (name) VALUES (?1) ON CONFLICT (name) DO UPDATE "
                       "SET name = excluded.name RETURNING id",
    [ST_GENRE_UPSERT] = "INSERT INTO genres (name) VALUES (?1) ON CONFLICT (name) DO UPDATE "
                        "SET name = excluded.name RETURNING id",
#define EVENT_SELECT                                                                               \
    "e.id, e.organizer_id, e.author_id, e.kind, e.title, e.slug, e.description, e.timezone, "      \
    "e.location, e.city_id, c.name, e.genre_id, g.name, e.language, e.format, e.price_minor, "     \
    "e.sale_price_minor, e.recording_price_minor, e.currency, e.capacity, e.available, "           \
    "e.max_per_booking, e.rules, e.image_url, e.external_url, e.source, e.is_imported, "           \
    "e.visibility, e.approval, e.status, e.hidden, e.registration_closed, e.movie_title, "         \
    "e.movie_duration_min, e.starts_at, e.ends_at, e.created_at, e.updated_at, e.version, "        \
    "e.popularity "
#define EVENT_JOINS                                                                                \
    "LEFT JOIN cities c ON c.id = e.city_id LEFT JOIN genres g ON g.id = e.genre_id "
#define EVENT_COLS EVENT_SELECT "FROM events e " EVENT_JOINS
    [ST_EVENT_INSERT] =
        "INSERT INTO events (organizer_id, author_id, kind, title, slug, description, timezone,"
        " location, city_id, genre_id, language, format, price_minor, sale_price_minor, "
        "recording_price_minor, currency, capacity, available, max_per_booking, rules, "
        "image_url, external_url, source, is_imported, visibility, approval, status, hidden, "
        "registration_closed, movie_title, movie_duration_min, starts_at, ends_at, created_at,"
        " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
        "?15, ?16, ?17, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, "
        "?31, ?32, ?33, ?33) RETURNING id",
    [ST_EVENT_GET] = "SELECT " EVENT_COLS "WHERE e.id = ?1",
    [ST_EVENT_GET_SLUG] = "SELECT " EVENT_COLS "WHERE e.slug = ?1",
    /* available moves with capacity; the CHECK refuses going below zero. */
    [ST_EVENT_UPDATE] =
        "UPDATE events SET kind = ?3, title = ?4, slug = ?5, description = ?6, timezone = ?7, "
        "location = ?8, city_id = ?9, genre_id = ?10, language = ?11, format = ?12, "
        "price_minor = ?13, sale_price_minor = ?14, recording_price_minor = ?15, "
        "currency = ?16, available = available + (?17 - capacity), capacity = ?17, "
        "max_per_booking = ?18, rules = ?19, image_url = ?20, external_url = ?21, "
        "visibility = ?22, approval = ?23, status = ?24, hidden = ?25, "
        "registration_closed = ?26, movie_title = ?27, movie_duration_min = ?28, "
        "starts_at = ?29, ends_at = ?30, updated_at = ?31, version = version + 1 "
        "WHERE id = ?1 AND version = ?2",
/*
 * The listing filter, for a sort key KEY (a column) read in order from its partial index INDEX
 * (migration 008). The keyset condition is spelled out so that it bounds the index scan; the
 * time and price bounds are always bound (absent: the widest values) for the same reason.
 */
#define EVENT_LIST(KEY, INDEX)                                                                     \
    "SELECT " EVENT_SELECT "FROM events e INDEXED BY " INDEX " " EVENT_JOINS                       \
    "WHERE e.status = 'published' AND e.visibility = 'public' AND e.hidden = 0"                    \
    " AND (" KEY " > ?1 OR (" KEY " = ?1 AND e.id > ?2))"                                          \
    " AND e.starts_at >= ?3 AND e.starts_at < ?4"                                                  \
    " AND (?5 IS NULL OR e.city_id = (SELECT id FROM cities WHERE name = ?5))"                     \
    " AND (?6 IS NULL OR e.genre_id = (SELECT id FROM genres WHERE name = ?6))"                    \
    " AND (?7 IS NULL OR e.kind = ?7) AND (?9 IS NULL OR e.format = ?9)"                           \
    " AND e.seat_price >= ?10 AND e.seat_price <= ?11"                                             \
    " AND (?12 IS NULL OR e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?12))"      \
    " AND (?13 = 0 OR e.organizer_id = ?13)"                                                       \
    " ORDER BY " KEY ", e.id LIMIT ?8"
    [ST_EVENT_LIST] = EVENT_LIST("e.starts_at", "events_list_date"),
    [ST_EVENT_LIST_PRICE] = EVENT_LIST("e.seat_price", "events_list_price"),
    [ST_EVENT_LIST_POPULAR] = EVENT_LIST("e.popularity", "events_list_popularity"),
    [ST_EVENT_POPULARITY] = "UPDATE events SET popularity = available - capacity "
                            "WHERE popularity <> available - capacity",
    [ST_EVENT_TAKE] = "UPDATE events SET available = available - ?2 "
                      "WHERE id = ?1 AND available >= ?2",
    [ST_EVENT_RELEASE] = "UPDATE events SET available = available + ?2 "
                         "WHERE id = ?1 AND available + ?2 <= capacity",
    [ST_EVENT_VERSION] = "SELECT version FROM events WHERE id = ?1",
    [ST_EVENT_SEATS_HELD] = "SELECT coalesce(sum(seats), 0) FROM bookings WHERE event_id = ?1 "
                            "AND state IN ('held', 'confirmed', 'attended')",
    [ST_SESSION_ROWS_DELETE] = "DELETE FROM event_sessions WHERE event_id = ?1",
    [ST_SESSION_ROW_INSERT] = "INSERT INTO event_sessions (event_id, starts_at, ends_at) "
                              "VALUES (?1, ?2, ?3)",
    [ST_SESSION_ROWS_GET] = "SELECT id, starts_at, ends_at FROM event_sessions "
                            "WHERE event_id = ?1 ORDER BY starts_at, id",

#define BOOKING_COLS                                                                               \
    "id, event_id, user_id, state, seats, amount_minor, currency, starts_at, expires_at, "         \
    "created_at, updated_at, created_by FROM bookings "
    [ST_BOOKING_INSERT] = "INSERT INTO bookings (event_id, user_id, state, seats, amount_minor,"
                          " currency, starts_at, expires_at, created_at, updated_at, "
                          "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10) "
                          "RETURNING id",
    [ST_BOOKING_GET] = "SELECT " BOOKING_COLS "WHERE id = ?1",
    [ST_BOOKING_SET_STATE] = "UPDATE bookings SET state = ?3, expires_at = ?4, updated_at = ?5"
                             " WHERE id = ?1 AND state = ?2",
    [ST_BOOKING_LIST_USER] = "SELECT " BOOKING_COLS "WHERE user_id = ?1 AND (?2 = 0 OR id < ?2)"
                             " ORDER BY id DESC LIMIT ?3",
    [ST_BOOKING_LIST_EVENT] = "SELECT " BOOKING_COLS "WHERE event_id = ?1 AND (?2 = 0 OR id < "
                              "?2) ORDER BY id DESC LIMIT ?3",
    [ST_BOOKING_EXPIRED] = "SELECT " BOOKING_COLS "WHERE state = 'held' AND expires_at <= ?1 "
                           "ORDER BY expires_at, id LIMIT ?2",
    [ST_BOOKING_SHIFT] = "UPDATE bookings SET starts_at = ?2 WHERE event_id = ?1 AND state IN "
                         "('requested', 'held', 'confirmed', 'attended')",
    [ST_BOOKING_LOG_INSERT] = "INSERT INTO booking_logs (booking_id, action, old_value, "
                              "new_value, actor_user_id, created_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_BOOKING_LOG_LIST] = "SELECT id, booking_id, action, old_value, new_value, "
                            "actor_user_id, created_at FROM booking_logs WHERE booking_id = ?1 "
                            "ORDER BY id",
#define WAITLIST_COLS                                                                              \
    "id, event_id, user_id, seats, priority, state, joined_at, offered_at, offer_expires_at, "     \
    "booking_id FROM waitlist "
    [ST_WAITLIST_INSERT] =
        "INSERT INTO waitlist (event_id, user_id, seats, priority, state, joined_at) "
        "VALUES (?1, ?2, ?3, ?4, 'waiting', ?5) RETURNING id",
    [ST_WAITLIST_GET] = "SELECT " WAITLIST_COLS "WHERE id = ?1",
    [ST_WAITLIST_EVENT] =
        "SELECT " WAITLIST_COLS "WHERE event_id = ?1 AND state IN ('waiting', 'offered') "
        "ORDER BY state DESC, priority DESC, joined_at, id LIMIT 500",
    [ST_WAITLIST_USER] = "SELECT " WAITLIST_COLS "WHERE user_id = ?1 ORDER BY id DESC LIMIT 100",
    /* The head of each queue, if the seats free now cover it. */
    [ST_WAITLIST_HEADS] =
        "SELECT w.id, w.event_id, w.user_id, w.seats, w.priority, w.state, w.joined_at, "
        "w.offered_at, w.offer_expires_at, w.booking_id FROM waitlist w "
        "JOIN events e ON e.id = w.event_id WHERE w.state = 'waiting' "
        "AND e.status = 'published' AND e.starts_at > ?1 AND e.available >= w.seats "
        "AND w.id = (SELECT h.id FROM waitlist h WHERE h.event_id = w.event_id "
        "AND h.state = 'waiting' ORDER BY h.priority DESC, h.joined_at, h.id LIMIT 1) "
        "ORDER BY w.joined_at, w.id LIMIT ?2",
    [ST_WAITLIST_OFFER] =
        "UPDATE waitlist SET state = 'offered', booking_id = ?2, offered_at = ?3, "
        "offer_expires_at = ?4 WHERE id = ?1 AND state = 'waiting'",
    [ST_WAITLIST_SET_STATE] = "UPDATE waitlist SET state = ?3 WHERE id = ?1 AND state = ?2",
    [ST_WAITLIST_SETTLE] =
        "UPDATE waitlist SET state = ?2 WHERE booking_id = ?1 AND state = 'offered'",
    [ST_FAVORITE_ADD] = "INSERT INTO favorites (user_id, event_id, created_at) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (user_id, event_id) DO NOTHING",
    [ST_FAVORITE_REMOVE] = "DELETE FROM favorites WHERE user_id = ?1 AND event_id = ?2",
    [ST_FAVORITE_LIST] = "SELECT " EVENT_COLS "JOIN favorites f ON f.event_id = e.id "
                         "WHERE f.user_id = ?1 ORDER BY f.created_at DESC, e.id DESC LIMIT 200",
    [ST_EVENT_LIST_MANAGED] =
        "SELECT " EVENT_COLS "WHERE (e.author_id = ?1 OR e.organizer_id IN (SELECT organizer_id "
        "FROM organizer_members WHERE user_id = ?1)) AND (e.starts_at, e.id) < (?2, ?3) "
        "ORDER BY e.starts_at DESC, e.id DESC LIMIT ?4",
#define SPEAKER_COLS                                                                               \
    "s.id, s.slug, s.full_name, s.job_title, s.email, s.legal_entity, s.quote, s.position, "       \
    "s.created_by, s.created_at FROM speakers s "
    [ST_TERM_UPSERT] = "INSERT INTO terms (kind, name) VALUES (?1, ?2) ON CONFLICT (kind, name) "
                       "DO UPDATE SET name = excluded.name RETURNING id",
    [ST_EVENT_TERMS_DELETE] = "DELETE FROM event_terms WHERE event_id = ?1",
    [ST_EVENT_TERM_INSERT] = "INSERT INTO event_terms (event_id, term_id, position) "
                             "VALUES (?1, ?2, ?3)",
    [ST_EVENT_TERMS_GET] = "SELECT t.kind, t.name FROM event_terms et JOIN terms t "
                           "ON t.id = et.term_id WHERE et.event_id = ?1 ORDER BY et.position",
    [ST_EVENT_SPEAKERS_DELETE] = "DELETE FROM event_speakers WHERE event_id = ?1",
    [ST_EVENT_SPEAKER_INSERT] = "INSERT INTO event_speakers (event_id, speaker_id, position) "
                                "VALUES (?1, ?2, ?3)",
    [ST_EVENT_SPEAKERS_GET] = "SELECT " SPEAKER_COLS "JOIN event_speakers es ON es.speaker_id = "
                              "s.id WHERE es.event_id = ?1 ORDER BY es.position",
    [ST_SPEAKER_INSERT] = "INSERT INTO speakers (slug, full_name, job_title, email, "
                          "legal_entity, quote, position, created_by, created_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
    [ST_SPEAKER_GET] = "SELECT " SPEAKER_COLS "WHERE s.id = ?1",
    [ST_SPEAKER_GET_SLUG] = "SELECT " SPEAKER_COLS "WHERE s.slug = ?1",
    [ST_SPEAKER_LIST] = "SELECT " SPEAKER_COLS "WHERE s.id > ?1 AND (?2 IS NULL OR "
                        "s.full_name LIKE ?2 || '%' ESCAPE '\\') ORDER BY s.id LIMIT ?3",
    [ST_TERMS_LIST] = "SELECT name FROM terms WHERE kind = ?1 ORDER BY name LIMIT 500",
    [ST_CITIES_LIST] = "SELECT name FROM cities ORDER BY name LIMIT 500",
    [ST_GENRES_LIST] = "SELECT name FROM genres ORDER BY name LIMIT 500",
    [ST_CATALOG_GENERATION] = "SELECT generation FROM catalog_state",
    /*
     * One statement, so the seats and the generation come from one snapshot; the seats from
     * their own small index (migration 014), not from the events' rows.
     */
    [ST_EVENT_SEATS] = "SELECT g.generation, e.id, e.available FROM catalog_state g "
                       "LEFT JOIN events e INDEXED BY events_seats "
                       "ON e.id IN (SELECT value FROM json_each(?1))",
    /* The listing index's snapshot (app/catalog_index.c): these in one read transaction. */
    [ST_CATALOG_READ] = "BEGIN DEFERRED",
    [ST_CATALOG_ROWS] = "SELECT id, starts_at, seat_price, coalesce(organizer_id, 0), "
                        "coalesce(city_id, 0), coalesce(genre_id, 0), popularity, kind, format "
                        "FROM events WHERE status = 'published' AND visibility = 'public' "
                        "AND hidden = 0",
    [ST_CATALOG_CITIES] = "SELECT id, name FROM cities",
    [ST_CATALOG_GENRES] = "SELECT id, name FROM genres",
    /* The generation in its own row (id NULL), so the answer holds it even with no match. */
    [ST_CATALOG_TERM] = "SELECT generation, NULL FROM catalog_state UNION ALL "
                        "SELECT NULL, rowid FROM events_fts WHERE events_fts MATCH ?1",
    /* A page the index chose: its rows only while the generation is the index's. */
    [ST_EVENT_PAGE] = "SELECT " EVENT_COLS "WHERE e.id IN (SELECT value FROM json_each(?1)) "
                      "AND (SELECT generation FROM catalog_state) = ?2",
    /* issue 4: reminders and the watcher (reminders.c) */
    [ST_REMINDER_DUE] =
        "SELECT e.id, e.title, e.version, e.starts_at, e.ends_at,"
        " EXISTS (SELECT 1 FROM event_reminders r WHERE r.event_id = e.id"
        " AND r.starts_at = e.starts_at AND r.kind = '24h'),"
        " EXISTS (SELECT 1 FROM event_reminders r WHERE r.event_id = e.id"
        " AND r.starts_at = e.starts_at AND r.kind = '1h') "
        "FROM events e WHERE e.status = 'published' AND e.starts_at > ?1 AND e.starts_at <= ?2"
        " AND (NOT EXISTS (SELECT 1 FROM event_reminders r WHERE r.event_id = e.id"
        " AND r.starts_at = e.starts_at AND r.kind = '24h')"
        " OR (e.starts_at <= ?1 + 3600 AND NOT EXISTS (SELECT 1 FROM event_reminders r"
        " WHERE r.event_id = e.id AND r.starts_at = e.starts_at AND r.kind = '1h')))"
        " ORDER BY e.starts_at, e.id LIMIT ?3",
    [ST_REMINDER_MARK] = "INSERT INTO event_reminders (event_id, starts_at, kind, state, at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
    [ST_OUTBOX_PARTICIPANTS] =
        "INSERT INTO outbox (user_id, category, payload, created_at) "
        "SELECT DISTINCT user_id, ?2, ?3, ?4 FROM bookings WHERE event_id = ?1"
        " AND state IN ('held', 'confirmed', 'attended')",
    [ST_EVENT_ENDED] =
        "SELECT id, title, version, starts_at, ends_at, 0, 0 FROM events"
        " WHERE status = 'published' AND ends_at <= ?1 ORDER BY ends_at, id LIMIT ?2",
    [ST_EVENT_MARK_DONE] =
        "UPDATE events SET status = 'done', version = version + 1, updated_at = ?2"
        " WHERE id = ?1 AND status = 'published'",
    [ST_IDEM_GET] = "SELECT request_hash, status, body, created_at FROM idempotency_keys "
                    "WHERE user_id = ?1 AND key = ?2",
    [ST_IDEM_PUT] = "INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, "
                    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_IDEM_PURGE] = "DELETE FROM idempotency_keys WHERE created_at < ?1",
    [ST_OUTBOX_INSERT] = "INSERT INTO outbox (user_id, category, payload, created_at) "
                         "VALUES (?1, ?2, ?3, ?4)",
    [ST_OUTBOX_AUDIENCE] = "INSERT INTO outbox (user_id, category, payload, created_at) "
                           "SELECT DISTINCT user_id, ?2, ?3, ?4 FROM bookings WHERE event_id = ?1"
                           " AND state IN ('requested', 'held', 'confirmed', 'attended')",
    [ST_OUTBOX_COUNT] = "SELECT count(*) FROM outbox WHERE user_id = ?1 AND category = ?2",
#define HOOK_COLS                                                                                  \
    "id, organizer_id, url, secret, event_types, enabled, disabled_reason, created_at, "           \
    "updated_at FROM webhook_endpoints "
    [ST_HOOK_INSERT] = "INSERT INTO webhook_endpoints (organizer_id, url, secret, event_types, "
                       "enabled, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5) "
                       "RETURNING id",
    [ST_HOOK_GET] = "SELECT " HOOK_COLS "WHERE organizer_id = ?1 AND id = ?2",
    [ST_HOOK_LIST] = "SELECT " HOOK_COLS "WHERE organizer_id = ?1 ORDER BY id LIMIT 100",
    [ST_HOOK_UPDATE] = "UPDATE webhook_endpoints SET url = ?2, secret = ?3, event_types = ?4, "
                       "enabled = ?5, disabled_reason = ?6, updated_at = ?7 WHERE id = ?1",
    [ST_HOOK_IN_USE] = "SELECT EXISTS (SELECT 1 FROM deliveries WHERE endpoint_id = ?1)",
    [ST_HOOK_DELETE] = "DELETE FROM webhook_endpoints WHERE id = ?1",
    [ST_PREFS_GET] = "SELECT category, channel, enabled FROM notification_prefs "
                     "WHERE user_id = ?1 ORDER BY category, channel",
    [ST_PREF_PUT] = "INSERT INTO notification_prefs (user_id, category, channel, enabled) "
                    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (user_id, category, channel) "
                    "DO UPDATE SET enabled = excluded.enabled",
    /* delivery engine (messaging.c) */
    [ST_MSG_ROUTE_BATCH] =
        "SELECT o.id, o.user_id, o.created_at, o.category, o.payload, u.email, "
        "coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.username), "
        "coalesce(p.language, 'ru'), t.telegram_chat_id, coalesce((SELECT enabled FROM "
        "notification_prefs n WHERE n.user_id = o.user_id AND n.category = "
        "substr(o.category, 1, instr(o.category || '.', '.') - 1) AND n.channel = "
        "'email'), 1), coalesce((SELECT enabled FROM notification_prefs n WHERE "
        "n.user_id = o.user_id AND n.category = substr(o.category, 1, instr(o.category "
        "|| '.', '.') - 1) AND n.channel = 'telegram'), 1), coalesce((SELECT enabled "
        "FROM notification_prefs n WHERE n.user_id = o.user_id AND n.category = "
        "substr(o.category, 1, instr(o.category || '.', '.') - 1) AND n.channel = "
        "'inapp'), 1), coalesce((SELECT e.organizer_id FROM events e WHERE e.id = CASE "
        "WHEN json_valid(o.payload) THEN json_extract(o.payload, '$.event_id') END), 0) "
        "FROM outbox o JOIN users u ON u.id = o.user_id LEFT JOIN profiles p ON "
        "p.user_id = o.user_id LEFT JOIN telegram_subscriptions t ON t.user_id = "
        "o.user_id WHERE o.routed_at IS NULL ORDER BY o.id LIMIT ?1",
    [ST_MSG_DELIVERY_ADD] =
        "INSERT INTO deliveries (outbox_id, channel, target, endpoint_id, message_id, "
        "next_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO "
        "NOTHING",
    [ST_MSG_NOTIF_ADD] = "INSERT INTO notifications (user_id, outbox_id, category, payload, link, "
                         "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
    [ST_MSG_LINK_FIRST_CLICK] =
        "INSERT INTO short_links (code, target, clicks, created_at, last_click_at) VALUES "
        "(?1, ?2, 1, ?3, ?3) ON CONFLICT (code) DO UPDATE SET clicks = clicks + 1, "
        "last_click_at = ?3 RETURNING target",
    [ST_MSG_OUTBOX_ROUTED] =
        "UPDATE outbox SET routed_at = ?2, status = CASE WHEN EXISTS (SELECT 1 FROM "
        "deliveries d WHERE d.outbox_id = outbox.id) THEN 'pending' ELSE 'sent' END, "
        "sent_at = CASE WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.outbox_id = "
        "outbox.id) THEN sent_at ELSE coalesce(sent_at, ?2) END WHERE id IN (SELECT "
        "value FROM json_each(?1))",
    [ST_MSG_OUTBOX_ROLLUP] =
        "UPDATE outbox SET status = CASE WHEN EXISTS (SELECT 1 FROM deliveries WHERE "
        "outbox_id = ?1 AND status = 'dead') THEN 'dead' WHEN EXISTS (SELECT 1 FROM "
        "deliveries WHERE outbox_id = ?1 AND status = 'pending') THEN 'pending' ELSE "
        "'sent' END, sent_at = CASE WHEN NOT EXISTS (SELECT 1 FROM deliveries WHERE "
        "outbox_id = ?1 AND status IN ('pending', 'dead')) THEN coalesce(sent_at, ?2) "
        "END WHERE id = ?1 AND routed_at IS NOT NULL",
    [ST_MSG_CLAIM] =
        "UPDATE deliveries SET attempts = attempts + 1, next_at = ?1 + ?2 WHERE id IN "
        "(SELECT id FROM deliveries WHERE status = 'pending' AND next_at <= ?1 ORDER BY "
        "next_at, id LIMIT ?3) RETURNING id",
    [ST_MSG_JOB_GET] =
        "SELECT d.id, d.outbox_id, d.channel, d.target, d.endpoint_id, d.message_id, "
        "d.status, d.attempts, d.next_at, d.last_error, d.created_at, d.sent_at, "
        "o.user_id, o.category, o.payload, coalesce(nullif(trim(u.first_name || ' ' || "
        "u.last_name), ''), u.username), coalesce(p.language, 'ru'), w.secret "
        "FROM deliveries d JOIN outbox o ON o.id = d.outbox_id JOIN users u ON u.id = "
        "o.user_id LEFT JOIN profiles p ON p.user_id = o.user_id LEFT JOIN "
        "webhook_endpoints w ON w.id = d.endpoint_id WHERE d.id = ?1",
    [ST_MSG_FINISH] = "UPDATE deliveries SET status = ?2, next_at = ?3, last_error = ?4, sent_at = "
                      "CASE WHEN ?2 = 'sent' THEN ?5 ELSE sent_at END WHERE id = ?1",
    [ST_MSG_RELEASE] = "UPDATE deliveries SET attempts = max(attempts - 1, 0), next_at = ?2 WHERE "
                       "status = 'pending' AND id IN (SELECT value FROM json_each(?1))",
    [ST_MSG_ATTEMPT_ADD] =
        "INSERT INTO delivery_attempts (delivery_id, attempted_at, ok, status_code, "
        "error, duration_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_MSG_ENDPOINT_DISABLE] =
        "UPDATE webhook_endpoints SET enabled = 0, disabled_reason = ?2, updated_at = "
        "?3 WHERE id = ?1",
    [ST_MSG_OUTBOX_LIST] =
        "SELECT id, user_id, category, payload, status, created_at, routed_at, sent_at "
        "FROM outbox WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR category = "
        "?2) AND (?3 = 0 OR id < ?3) ORDER BY id DESC LIMIT ?4",
    [ST_MSG_OUTBOX_GET] =
        "SELECT id, user_id, category, payload, status, created_at, routed_at, sent_at "
        "FROM outbox WHERE id = ?1",
    [ST_MSG_DELIVERY_LIST] =
        "SELECT d.id, d.outbox_id, d.channel, d.target, d.endpoint_id, d.message_id, "
        "d.status, d.attempts, d.next_at, d.last_error, d.created_at, d.sent_at FROM "
        "deliveries d WHERE d.outbox_id = ?1 ORDER BY d.id",
    [ST_MSG_ATTEMPT_LIST] =
        "SELECT id, delivery_id, attempted_at, ok, status_code, error, duration_ms FROM "
        "delivery_attempts WHERE delivery_id = ?1 ORDER BY id",
    [ST_MSG_REDRIVE] = "UPDATE deliveries SET status = 'pending', attempts = 0, next_at = ?2, "
                       "last_error = NULL WHERE outbox_id = ?1 AND status = 'dead'",
    [ST_MSG_STATS_QUEUE] =
        /* min(a, b) is NULL when either is: pick what there is. */
    "WITH q (a, b) AS (SELECT (SELECT created_at FROM outbox WHERE routed_at IS NULL "
    "ORDER BY id LIMIT 1), (SELECT min(o.created_at) FROM deliveries d JOIN outbox o "
    "ON o.id = d.outbox_id WHERE d.status = 'pending')) SELECT (SELECT count(*) FROM "
    "outbox WHERE routed_at IS NULL), min(coalesce(a, b), coalesce(b, a)) FROM q",
    [ST_MSG_STATS_DELIVERIES] =
        /* Two partial indexes (deliveries_due, deliveries_dead), not a scan of all sent. */
    "SELECT channel, 'pending', count(*) FROM deliveries WHERE status = 'pending' GROUP "
    "BY channel UNION ALL SELECT channel, 'dead', count(*) FROM deliveries WHERE status "
    "= 'dead' GROUP BY channel",
    [ST_MSG_DUE] = "SELECT EXISTS (SELECT 1 FROM outbox WHERE routed_at IS NULL), EXISTS (SELECT "
                   "1 FROM deliveries WHERE status = 'pending' AND next_at <= ?1)",
    [ST_MSG_NOTIF_LIST] =
        "SELECT id, user_id, outbox_id, category, payload, link, created_at, read_at "
        "FROM notifications WHERE user_id = ?1 AND (?2 = 0 OR id < ?2) ORDER BY id DESC "
        "LIMIT ?3",
    [ST_MSG_NOTIF_UNREAD] =
        "SELECT count(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL",
    [ST_MSG_NOTIF_READ] =
        "UPDATE notifications SET read_at = coalesce(read_at, ?3) WHERE id = ?2 AND "
        "user_id = ?1",
    [ST_MSG_NOTIF_READ_ALL] =
        "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL",
    [ST_MSG_LINK_CLICK] =
        "UPDATE short_links SET clicks = clicks + 1, last_click_at = ?2 WHERE code = ?1 "
        "RETURNING target",

    /* Telegram linking (store/<backend>/telegram.c) */
    [ST_TG_TOKEN_PURGE] = "DELETE FROM telegram_link_tokens WHERE user_id = ?1 "
                          "AND (used_at IS NOT NULL OR expires_at <= ?2)",
    [ST_TG_TOKEN_INSERT] = "INSERT INTO telegram_link_tokens (token_hash, user_id, created_at, "
                           "expires_at) VALUES (?1, ?2, ?3, ?4)",
    [ST_TG_TOKEN_USE] = "UPDATE telegram_link_tokens SET used_at = ?2 WHERE token_hash = ?1 "
                        "AND used_at IS NULL AND expires_at > ?2 RETURNING user_id",
    [ST_TG_UPDATE_SEEN] = "INSERT INTO telegram_updates (update_id, received_at) VALUES (?1, ?2) "
                          "ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
    [ST_TG_UPDATES_PURGE] = "DELETE FROM telegram_updates WHERE received_at < ?1",
    [ST_TG_CHAT_OWNER] = "SELECT user_id FROM telegram_subscriptions WHERE telegram_chat_id = ?1",
    [ST_TG_SUB_UPSERT] =
        "INSERT INTO telegram_subscriptions (user_id, telegram_username, "
        "telegram_chat_id, verified_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (user_id) DO UPDATE SET telegram_username = "
        "excluded.telegram_username, telegram_chat_id = excluded.telegram_chat_id, "
        "verified_at = excluded.verified_at",
    [ST_TG_PROFILE_SET] = "UPDATE profiles SET telegram_username = ?2, telegram_chat_id = ?3, "
                          "is_telegram_verified = 1, telegram_verified_at = ?4 "
                          "WHERE user_id = ?1",
    [ST_TG_SUB_DELETE] = "DELETE FROM telegram_subscriptions WHERE user_id = ?1",
    [ST_TG_PROFILE_CLEAR] =
        "UPDATE profiles SET telegram_username = NULL, telegram_chat_id = NULL, "
        "is_telegram_verified = 0, telegram_verified_at = NULL "
        "WHERE user_id = ?1",
};

sqlite3_stmt *
sq_stmt(struct sqlite_store *s, enum stmt id)
{
    sqlite3_stmt *st = s->stmt[id];

    if (st == NULL) {
        int rc = sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
        if (rc != SQLITE_OK) {
            return NULL;
        }
        s->stmt[id] = st;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

enum bo_err
sq_err(struct sqlite_store *s, int rc)
{
    (void)s;
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return BO_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return BO_ERR_BUSY;
    case SQLITE_CONSTRAINT:
        return BO_ERR_CONFLICT;
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        return BO_ERR_UNAVAILABLE;
    default:
        return BO_ERR_INTERNAL;
    }
}

enum bo_err
sq_exec(struct sqlite_store *s, sqlite3_stmt *st)
{
    int rc;

    if (st == NULL) {
        return BO_ERR_INTERNAL;
    }
    do {
        rc = sqlite3_step(st);
    } while (rc == SQLITE_ROW);
    sqlite3_reset(st);
    return sq_err(s, rc);
}

void
sq_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v == NULL) {
        sqlite3_bind_null(st, i);
    } else {
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    }
}

void
sq_bind_time(sqlite3_stmt *st, int i, int64_t v)
{
    if (v == 0) {
        sqlite3_bind_null(st, i);
    } else {
        sqlite3_bind_int64(st, i, v);
    }
}

const char *
sq_text(struct arena *a, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);

    if (t == NULL) {
        return NULL;
    }
    return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, col));
}

int64_t
sq_int(sqlite3_stmt *st, int col)
{
    return sqlite3_column_int64(st, col);
}

enum bo_err
sq_step_row(struct sqlite_store *s, sqlite3_stmt *st)
{
    if (st == NULL) {
        return BO_ERR_INTERNAL;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        return BO_OK;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? BO_ERR_NOT_FOUND : sq_err(s, rc);
}

static enum bo_err
exec_sql(struct sqlite_store *s, const char *sql)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

    return sq_err(s, rc);
}

static void
sqlite_close(struct store *base)
{
    struct sqlite_store *s = sq(base);

    for (int i = 0; i < ST_COUNT; i++) {
        sqlite3_finalize(s->stmt[i]);
    }
    sqlite3_close(s->db);
    free(s->wal_path);
    free(s);
}

/*
 * Before the first connection: SQLite's memory statistics take a global
 * mutex on every allocation, which 70 threads then fight over; nothing here
 * reads them.
 */
static void
configure_once(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* bo_search_text(html): the words of a description for the search index (migration 012). */
static void
search_text_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *html = (const char *)sqlite3_value_text(argv[0]);

    (void)argc;
    if (html == NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    struct arena *a = arena_create(strlen(html) + 256);
    sqlite3_result_text(ctx, html_text(a, html), -1, SQLITE_TRANSIENT);
    arena_destroy(a);
}

static enum bo_err
sqlite_open(const char *url, struct store **out)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;

    pthread_once(&once, configure_once);
    struct sqlite_store *s = xcalloc(1, sizeof(*s));
    const char *path = url + strlen("sqlite:");
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

    s->base.ops = &store_sqlite_ops;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        sqlite_close(&s->base);
        return BO_ERR_UNAVAILABLE;
    }
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    sqlite3_create_function(s->db, "bo_search_text", 1,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                            search_text_fn, NULL, NULL);
    enum bo_err err = exec_sql(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                                  "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;");
    if (err) {
        sqlite_close(&s->base);
        return err;
    }
    *out = &s->base;
    return BO_OK;
}

static enum bo_err
sqlite_begin(struct store *base)
{
    struct sqlite_store *s = sq(base);

    return sq_exec(s, sq_stmt(s, ST_BEGIN));
}

static enum bo_err
sqlite_commit(struct store *base)
{
    struct sqlite_store *s = sq(base);

    return sq_exec(s, sq_stmt(s, ST_COMMIT));
}

static void
sqlite_rollback(struct store *base)
{
    struct sqlite_store *s = sq(base);

    if (!sqlite3_get_autocommit(s->db)) {
        exec_sql(s, "ROLLBACK");
    }
}

static enum bo_err
sqlite_savepoint(struct store *base)
{
    struct sqlite_store *s = sq(base);

    return sq_exec(s, sq_stmt(s, ST_SAVEPOINT));
}

static enum bo_err
sqlite_release(struct store *base)
{
    struct sqlite_store *s = sq(base);

    return sq_exec(s, sq_stmt(s, ST_RELEASE));
}

static void
sqlite_rollback_to(struct store *base)
{
    struct sqlite_store *s = sq(base);

    if (sq_exec(s, sq_stmt(s, ST_ROLLBACK_TO)) == BO_OK) {
        sq_exec(s, sq_stmt(s, ST_RELEASE));
    }
}

/*
 * In WAL mode, synchronous = NORMAL still syncs the log before a checkpoint
 * copies it and the database after; only the commit's own fsync goes, and
 * sqlite_sync() stands in for it.
 */
static enum bo_err
sqlite_defer_sync(struct store *base)
{
    struct sqlite_store *s = sq(base);
    const char *wal = sqlite3_filename_wal(sqlite3_db_filename(s->db, "main"));

    if (wal == NULL || *wal == '\0') {
        return BO_ERR_INTERNAL; /* an in-memory database has nothing to sync */
    }
    enum bo_err err = exec_sql(s, "PRAGMA synchronous = NORMAL");
    if (err == BO_OK) {
        s->wal_path = xstrdup(wal);
    }
    return err;
}

/*
 * fdatasync works on the file, not the descriptor: a descriptor of our own,
 * opened anew each time, flushes what the connection wrote, and cannot go
 * stale if the log is ever deleted and created again. No log file means the
 * last connection checkpointed it away, database synced.
 */
static enum bo_err
sqlite_sync(struct store *base)
{
    struct sqlite_store *s = sq(base);

    if (s->wal_path == NULL) {
        return BO_OK;
    }
    int fd = open(s->wal_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return errno == ENOENT ? BO_OK : BO_ERR_UNAVAILABLE;
    }
    int rc = fdatasync(fd);
    close(fd);
    return rc == 0 ? BO_OK : BO_ERR_UNAVAILABLE;
}

static enum bo_err
sqlite_ping(struct store *base)
{
    return exec_sql(sq(base), "SELECT 1");
}

static enum bo_err
read_version(struct sqlite_store *s, int *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, "SELECT coalesce(max(version), 0) FROM schema_migrations",
                                -1, &st, NULL);

    if (rc != SQLITE_OK) {
        return sq_err(s, rc);
    }
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? BO_OK : sq_err(s, rc);
}

static enum bo_err
record_version(struct sqlite_store *s, const struct migration *m)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db,
                                "INSERT INTO schema_migrations (version, name, applied_at) "
                                "VALUES (?1, ?2, unixepoch())",
                                -1, &st, NULL);

    if (rc != SQLITE_OK) {
        return sq_err(s, rc);
    }
    sqlite3_bind_int(st, 1, m->version);
    sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return sq_err(s, rc);
}

static enum bo_err
sqlite_schema_version(struct store *base, int *out)
{
    struct sqlite_store *s = sq(base);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT 1 FROM sqlite_schema WHERE name = "
                                "'schema_migrations'",
                                -1, &st, NULL);

    if (rc != SQLITE_OK) {
        return sq_err(s, rc);
    }
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) {
        *out = 0; /* a new database */
        return BO_OK;
    }
    return rc == SQLITE_ROW ? read_version(s, out) : sq_err(s, rc);
}

static enum bo_err
is_applied(struct sqlite_store *s, int version, bool *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM schema_migrations WHERE version = ?1", -1,
                                &st, NULL);

    if (rc != SQLITE_OK) {
        return sq_err(s, rc);
    }
    sqlite3_bind_int(st, 1, version);
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? BO_OK : sq_err(s, rc);
}

/*
 * One write transaction for all files not recorded yet: a concurrent
 * migrator waits. Not "newer than the highest": files merged from parallel
 * branches may arrive with a lower number than one already applied.
 */
static enum bo_err
sqlite_migrate(struct store *base, int *applied)
{
    struct sqlite_store *s = sq(base);

    *applied = 0;
    enum bo_err err = exec_sql(s, "BEGIN IMMEDIATE");
    if (err) {
        return err;
    }
    err = exec_sql(s, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY "
                      "KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT");
    for (size_t i = 0; err == BO_OK && i < sqlite_migration_count; i++) {
        const struct migration *m = &sqlite_migrations[i];
        bool done = false;
        err = is_applied(s, m->version, &done);
        if (err || done) {
            continue;
        }
        err = exec_sql(s, m->sql);
        if (err == BO_OK) {
            err = record_version(s, m);
            (*applied)++;
        }
    }
    if (err == BO_OK) {
        err = exec_sql(s, "COMMIT");
    }
    if (err) {
        sqlite_rollback(base);
        *applied = 0;
    }
    return err;
}

const struct store_ops store_sqlite_ops = {
    .name = "sqlite",
    .open = sqlite_open,
    .close = sqlite_close,
    .migrate = sqlite_migrate,
    .schema_version = sqlite_schema_version,
    .ping = sqlite_ping,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .savepoint = sqlite_savepoint,
    .release = sqlite_release,
    .rollback_to = sqlite_rollback_to,
    .defer_sync = sqlite_defer_sync,
    .sync = sqlite_sync,
    .account = &sqlite_account_ops,
    .booking = &sqlite_booking_ops,
    .organizer = &sqlite_organizer_ops,
    .catalog = &sqlite_catalog_ops,
    .hook = &sqlite_hook_ops,
    .messaging = &sqlite_messaging_ops,
    .telegram = &sqlite_telegram_ops,
    .reminder = &sqlite_reminder_ops,
};
