/* SPDX-License-Identifier: MIT */
/*
 * test_store_accounts.c - the behaviour of store.h's accounts part, one
 * suite for every backend. Built once, run twice:
 *
 *   BOXOFFICE_TEST_STORE=sqlite ./build/tests/store/test_store_accounts
 *   BOXOFFICE_TEST_STORE=pg BOXOFFICE_TEST_PG_URL=postgres://... ./build/...
 *
 * Each test gets a new migrated database (tests/lib/testdb.h). The races open
 * one handle per thread, as the server's pool does, and check afterwards
 * that exactly one contender won.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/account.h"
#include "core/auth.h"
#include "core/err.h"
#include "lib/arena.h"
#include "lib/testdb.h"
#include "store/migration.h"
#include "store/store.h"

#define NOW 1700000000
#define RACERS 8

static char *db_url;
static char *fresh_url; /* a second, unmigrated database, when a test needs one */
static struct store *st;
static struct arena *ar;

/* Criterion's assertion, with both error names in the message. */
#define assert_err(expr, want)                                                                     \
    do {                                                                                           \
        enum bo_err got_ = (expr);                                                                 \
        cr_assert_eq(got_, (want), "%s: got %s, want %s", #expr, bo_err_name(got_),                \
                     bo_err_name(want));                                                           \
    } while (0)

static void
setup(void)
{
    int applied = 0;

    db_url = testdb_create();
    assert_err(store_open(db_url, &st), BO_OK);
    assert_err(store_migrate(st, &applied), BO_OK);
    cr_assert_gt(applied, 0);
    ar = arena_create(8192);
}

static void
teardown(void)
{
    store_close(st);
    arena_destroy(ar);
    testdb_drop(db_url);
    free(db_url);
    testdb_drop(fresh_url);
    free(fresh_url);
}

TestSuite(store, .init = setup, .fini = teardown, .timeout = 60);

/* --- helpers ----------------------------------------------------------------- */

static struct user
user_named(const char *username, const char *email)
{
    return (struct user){
        .username = username,
        .email = email,
        .first_name = "Anna",
        .last_name = "Kovalenko",
        .password_hash = "$argon2id$v=19$fake",
        .role = ROLE_MEMBER,
        .is_active = true,
        .created_at = NOW,
        .password_changed_at = NOW,
    };
}

static struct profile
profile_blank(void)
{
    return (struct profile){
        .has_children = TRI_UNSET,
        .plans_renovation = TRI_UNSET,
        .consent_at = NOW,
        .language = "uk",
    };
}

static int64_t
create_user(const char *username, const char *email)
{
    struct user u = user_named(username, email);
    struct profile p = profile_blank();
    const char *field = NULL;
    int64_t id = 0;

    assert_err(store_user_create(st, &u, &p, &id, &field), BO_OK);
    cr_assert_gt(id, 0);
    return id;
}

static size_t
user_count(void)
{
    struct user *list;
    size_t n = 0;

    assert_err(store_user_list(st, ar, 0, 100, &list, &n), BO_OK);
    return n;
}

static void
add_session(int64_t user_id, const char *jti, const char *family, int64_t expires_at)
{
    char hash[64];

    snprintf(hash, sizeof(hash), "hash-of-%s", jti);
    struct refresh_session rs = {
        .jti = jti,
        .family = family,
        .user_id = user_id,
        .token_hash = hash,
        .issued_at = NOW,
        .expires_at = expires_at,
        .user_agent = "test/1.0",
        .ip = "127.0.0.1",
    };
    assert_err(store_session_create(st, &rs), BO_OK);
}

static void
replace_codes(int64_t user_id, const char *const *hashes, size_t n, int64_t expires_at)
{
    struct recovery_code codes[8];

    cr_assert_leq(n, 8);
    for (size_t i = 0; i < n; i++) {
        codes[i] = (struct recovery_code){.user_id = user_id,
                                          .code_hash = hashes[i],
                                          .created_at = NOW,
                                          .expires_at = expires_at};
    }
    assert_err(store_begin(st), BO_OK);
    assert_err(store_recovery_replace(st, user_id, codes, n), BO_OK);
    assert_err(store_commit(st), BO_OK);
}

static int64_t
add_token(int64_t user_id, const char *name, const char *hash)
{
    struct api_token t = {
        .user_id = user_id,
        .name = name,
        .prefix = "bo_pat_",
        .token_hash = hash,
        .scopes = SCOPE_PROFILE_READ | SCOPE_EVENTS_READ,
        .created_at = NOW,
    };
    int64_t id = 0;

    assert_err(store_token_create(st, &t, &id), BO_OK);
    cr_assert_gt(id, 0);
    return id;
}

static const struct migration *
backend_migrations(size_t *count)
{
    if (strcmp(store_backend(st), "pg") == 0) {
        *count = pg_migration_count;
        return pg_migrations;
    }
    *count = sqlite_migration_count;
    return sqlite_migrations;
}

/* --- the handle ---------------------------------------------------------------- */

Test(store, reports_the_backend_that_testdb_chose)
{
    cr_assert_str_eq(store_backend(st), testdb_backend());
    assert_err(store_ping(st), BO_OK);
}

Test(store, refuses_a_url_with_an_unknown_scheme)
{
    struct store *other = NULL;

    assert_err(store_open("mysql://localhost/x", &other), BO_ERR_INVALID);
    cr_assert_null(other);
}

Test(store, migrating_twice_applies_nothing_the_second_time)
{
    size_t count;
    const struct migration *m = backend_migrations(&count);
    int applied = -1, version = 0;

    assert_err(store_migrate(st, &applied), BO_OK);
    assert_err(store_schema_version(st, &version), BO_OK);

    cr_assert_eq(applied, 0);
    cr_assert_eq(version, m[count - 1].version);
}

/* SQL behind the store's back, to set up a state the API cannot reach. */
static void
raw_exec(const char *url, const char *sql)
{
    if (strncmp(url, "sqlite:", 7) == 0) {
        sqlite3 *db = NULL;
        cr_assert_eq(sqlite3_open(url + 7, &db), SQLITE_OK);
        cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
        sqlite3_close(db);
        return;
    }
    PGconn *conn = PQconnectdb(url);
    PGresult *r = PQexec(conn, sql);
    cr_assert_eq(PQresultStatus(r), PGRES_COMMAND_OK, "%s", PQerrorMessage(conn));
    PQclear(r);
    PQfinish(conn);
}

/* Branches merged out of order: a file numbered below one already applied still runs. */
Test(store, a_migration_missing_from_the_record_is_applied_though_later_ones_are)
{
    int applied = 0;

    raw_exec(db_url, "DROP TABLE favorites; DELETE FROM schema_migrations WHERE version = 6");
    assert_err(store_migrate(st, &applied), BO_OK);
    cr_assert_eq(applied, 1);
    assert_err(store_favorite_add(st, 1, 1, NOW), BO_ERR_CONFLICT); /* the table is back */
    assert_err(store_migrate(st, &applied), BO_OK);
    cr_assert_eq(applied, 0);
}

/*
 * PostgreSQL: bookings, their log lines and the outbox hold user and booking
 * ids without foreign keys (migration 015), so neither parent may ever be
 * deleted: the database refuses it, and an update still goes through.
 */
Test(store, users_and_bookings_are_never_deleted_on_postgresql)
{
    if (strcmp(testdb_backend(), "pg") != 0) {
        cr_skip_test("a rule of the PostgreSQL schema");
    }
    const int64_t id = create_user("kept", "kept@example.org");
    PGconn *conn = PQconnectdb(db_url);

    PGresult *r = PQexec(conn, "DELETE FROM users");
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23001"); /* restrict_violation */
    PQclear(r);
    r = PQexec(conn, "DELETE FROM bookings");
    cr_assert_eq(PQresultStatus(r), PGRES_FATAL_ERROR);
    cr_assert_str_eq(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23001");
    PQclear(r);
    PQfinish(conn);

    raw_exec(db_url, "UPDATE users SET first_name = 'Olena'");
    struct user got;
    assert_err(store_user_get(st, ar, id, &got), BO_OK);
    cr_assert_str_eq(got.first_name, "Olena");
}

/* --- key / value --------------------------------------------------------------- */

Test(store, kv_put_if_absent_never_overwrites)
{
    const char *v = NULL;

    assert_err(store_kv_put_if_absent(st, "signing_secret", "first"), BO_OK);
    assert_err(store_kv_put_if_absent(st, "signing_secret", "second"), BO_OK);

    assert_err(store_kv_get(st, ar, "signing_secret", &v), BO_OK);
    cr_assert_str_eq(v, "first");
}

Test(store, kv_get_of_a_missing_key_is_not_found)
{
    const char *v = NULL;

    assert_err(store_kv_get(st, ar, "nope", &v), BO_ERR_NOT_FOUND);
}

/* --- users ---------------------------------------------------------------------- */

Test(store, user_create_then_get_returns_every_field)
{
    struct user u = user_named("Anna_K", "anna@example.org");
    struct profile p = profile_blank();
    struct user got;
    const char *field = NULL;
    int64_t id = 0;

    u.referral_code = "REF123";
    u.role = ROLE_STAFF;
    assert_err(store_user_create(st, &u, &p, &id, &field), BO_OK);

    assert_err(store_user_get(st, ar, id, &got), BO_OK);
    cr_assert_eq(got.id, id);
    cr_assert_str_eq(got.username, "Anna_K");
    cr_assert_str_eq(got.email, "anna@example.org");
    cr_assert_str_eq(got.first_name, "Anna");
    cr_assert_str_eq(got.last_name, "Kovalenko");
    cr_assert_str_eq(got.password_hash, "$argon2id$v=19$fake");
    cr_assert_str_eq(got.referral_code, "REF123");
    cr_assert_eq(got.role, ROLE_STAFF);
    cr_assert(got.is_active);
    cr_assert_eq(got.created_at, NOW);
    cr_assert_eq(got.password_changed_at, NOW);
    cr_assert_null(field);
}

Test(store, user_without_names_or_referral_gets_empty_names_and_null_referral)
{
    struct user u = user_named("bare", "bare@example.org");
    struct profile p = profile_blank();
    struct user got;
    const char *field = NULL;
    int64_t id = 0;

    u.first_name = NULL;
    u.last_name = NULL;
    assert_err(store_user_create(st, &u, &p, &id, &field), BO_OK);

    assert_err(store_user_get(st, ar, id, &got), BO_OK);
    cr_assert_str_eq(got.first_name, "");
    cr_assert_str_eq(got.last_name, "");
    cr_assert_null(got.referral_code);
}

Test(store, user_get_of_a_missing_id_is_not_found)
{
    struct user got;

    assert_err(store_user_get(st, ar, 424242, &got), BO_ERR_NOT_FOUND);
}

Test(store, find_login_matches_the_username_case_insensitively)
{
    int64_t id = create_user("MixedCase", "mixed@example.org");
    struct user a, b;

    assert_err(store_user_find_login(st, ar, "mixedcase", &a), BO_OK);
    assert_err(store_user_find_login(st, ar, "MIXEDCASE", &b), BO_OK);

    cr_assert_eq(a.id, id);
    cr_assert_eq(b.id, id);
    cr_assert_str_eq(a.username, "MixedCase");
}

Test(store, find_login_with_an_at_sign_matches_the_email)
{
    int64_t id = create_user("mail_user", "mail@example.org");
    struct user got;

    assert_err(store_user_find_login(st, ar, "mail@example.org", &got), BO_OK);

    cr_assert_eq(got.id, id);
}

Test(store, find_login_of_an_unknown_login_is_not_found)
{
    struct user got;

    create_user("someone", "someone@example.org");

    assert_err(store_user_find_login(st, ar, "nobody", &got), BO_ERR_NOT_FOUND);
    assert_err(store_user_find_login(st, ar, "nobody@example.org", &got), BO_ERR_NOT_FOUND);
}

Test(store, duplicate_username_in_another_case_conflicts_on_username_and_writes_nothing)
{
    int64_t id = create_user("Petro", "petro@example.org");
    struct user u = user_named("pETRO", "other@example.org");
    struct profile p = profile_blank();
    struct user got;
    const char *field = NULL;
    int64_t new_id = 0;

    assert_err(store_user_create(st, &u, &p, &new_id, &field), BO_ERR_CONFLICT);

    cr_assert_str_eq(field, "username");
    cr_assert_eq(user_count(), 1);
    assert_err(store_user_find_login(st, ar, "other@example.org", &got), BO_ERR_NOT_FOUND);
    assert_err(store_user_find_login(st, ar, "petro", &got), BO_OK);
    cr_assert_eq(got.id, id);
}

Test(store, duplicate_email_conflicts_on_email_and_writes_nothing)
{
    create_user("first", "same@example.org");
    struct user u = user_named("second", "same@example.org");
    struct profile p = profile_blank();
    struct user got;
    const char *field = NULL;
    int64_t new_id = 0;

    assert_err(store_user_create(st, &u, &p, &new_id, &field), BO_ERR_CONFLICT);

    cr_assert_str_eq(field, "email");
    cr_assert_eq(user_count(), 1);
    assert_err(store_user_find_login(st, ar, "second", &got), BO_ERR_NOT_FOUND);
}

Test(store, user_list_pages_by_id_ascending)
{
    int64_t ids[5];
    char name[16], email[32];
    struct user *page;
    size_t n = 0;

    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof(name), "user%d", i);
        snprintf(email, sizeof(email), "user%d@example.org", i);
        ids[i] = create_user(name, email);
    }

    assert_err(store_user_list(st, ar, 0, 2, &page, &n), BO_OK);
    cr_assert_eq(n, 2);
    cr_assert_eq(page[0].id, ids[0]);
    cr_assert_eq(page[1].id, ids[1]);
    cr_assert_str_eq(page[1].username, "user1");
    assert_err(store_user_list(st, ar, page[1].id, 2, &page, &n), BO_OK);
    cr_assert_eq(n, 2);
    cr_assert_eq(page[0].id, ids[2]);
    cr_assert_eq(page[1].id, ids[3]);
    assert_err(store_user_list(st, ar, page[1].id, 2, &page, &n), BO_OK);
    cr_assert_eq(n, 1);
    cr_assert_eq(page[0].id, ids[4]);
    assert_err(store_user_list(st, ar, ids[4], 2, &page, &n), BO_OK);
    cr_assert_eq(n, 0);
}

Test(store, setters_change_role_active_password_and_names)
{
    int64_t id = create_user("setme", "setme@example.org");
    struct user got;

    assert_err(store_user_set_role(st, id, ROLE_ADMIN), BO_OK);
    assert_err(store_user_set_active(st, id, false), BO_OK);
    assert_err(store_user_set_password(st, id, "$argon2id$new", NOW + 60), BO_OK);
    assert_err(store_user_set_names(st, id, "Olena", NULL), BO_OK);

    assert_err(store_user_get(st, ar, id, &got), BO_OK);
    cr_assert_eq(got.role, ROLE_ADMIN);
    cr_assert_not(got.is_active);
    cr_assert_str_eq(got.password_hash, "$argon2id$new");
    cr_assert_eq(got.password_changed_at, NOW + 60);
    cr_assert_eq(got.created_at, NOW);
    cr_assert_str_eq(got.first_name, "Olena");
    cr_assert_str_eq(got.last_name, "");
}

Test(store, setters_on_a_missing_user_are_not_found)
{
    assert_err(store_user_set_role(st, 999, ROLE_ADMIN), BO_ERR_NOT_FOUND);
    assert_err(store_user_set_active(st, 999, false), BO_ERR_NOT_FOUND);
    assert_err(store_user_set_password(st, 999, "h", NOW), BO_ERR_NOT_FOUND);
    assert_err(store_user_set_names(st, 999, "a", "b"), BO_ERR_NOT_FOUND);
}

/* --- profiles --------------------------------------------------------------------- */

Test(store, new_profile_keeps_unanswered_questions_unset)
{
    int64_t id = create_user("blank", "blank@example.org");
    struct profile got;

    assert_err(store_profile_get(st, ar, id, &got), BO_OK);

    cr_assert_eq(got.user_id, id);
    cr_assert_null(got.phone);
    cr_assert_null(got.telegram_username);
    cr_assert_null(got.telegram_chat_id);
    cr_assert_not(got.is_telegram_verified);
    cr_assert_eq(got.telegram_verified_at, 0);
    cr_assert_eq(got.has_children, TRI_UNSET);
    cr_assert_eq(got.plans_renovation, TRI_UNSET);
    cr_assert_eq(got.renovation_when, RENOVATION_UNSET);
    cr_assert_eq(got.renovation_rooms, 0);
    cr_assert_not(got.newsletter);
    cr_assert_eq(got.consent_at, NOW);
    cr_assert_str_eq(got.language, "uk");
}

Test(store, profile_without_language_defaults_to_russian)
{
    struct user u = user_named("nolang", "nolang@example.org");
    struct profile p = profile_blank();
    struct profile got;
    const char *field = NULL;
    int64_t id = 0;

    p.language = NULL;
    assert_err(store_user_create(st, &u, &p, &id, &field), BO_OK);

    assert_err(store_profile_get(st, ar, id, &got), BO_OK);
    cr_assert_str_eq(got.language, "ru");
}

Test(store, profile_update_round_trips_tristates_rooms_and_cleared_phone)
{
    int64_t id = create_user("renovator", "renovator@example.org");
    struct profile p = profile_blank();
    struct profile got;

    p.user_id = id;
    p.phone = "+380501234567";
    p.has_children = TRI_NO;
    p.plans_renovation = TRI_YES;
    p.renovation_when = RENOVATION_HALF_YEAR;
    p.renovation_rooms = ROOM_KITCHEN | ROOM_NURSERY | ROOM_STUDY;
    p.newsletter = true;
    p.language = "en";
    assert_err(store_profile_update(st, &p), BO_OK);
    assert_err(store_profile_get(st, ar, id, &got), BO_OK);
    cr_assert_str_eq(got.phone, "+380501234567");
    cr_assert_eq(got.has_children, TRI_NO);
    cr_assert_eq(got.plans_renovation, TRI_YES);
    cr_assert_eq(got.renovation_when, RENOVATION_HALF_YEAR);
    cr_assert_eq(got.renovation_rooms, ROOM_KITCHEN | ROOM_NURSERY | ROOM_STUDY);
    cr_assert(got.newsletter);
    cr_assert_str_eq(got.language, "en");

    p.phone = NULL;
    p.has_children = TRI_UNSET;
    p.renovation_when = RENOVATION_UNSET;
    p.renovation_rooms = 0;
    assert_err(store_profile_update(st, &p), BO_OK);
    assert_err(store_profile_get(st, ar, id, &got), BO_OK);
    cr_assert_null(got.phone);
    cr_assert_eq(got.has_children, TRI_UNSET);
    cr_assert_eq(got.plans_renovation, TRI_YES);
    cr_assert_eq(got.renovation_when, RENOVATION_UNSET);
    cr_assert_eq(got.renovation_rooms, 0);
    cr_assert_eq(got.consent_at, NOW);
}

Test(store, profile_of_a_missing_user_is_not_found)
{
    struct profile p = profile_blank();
    struct profile got;

    p.user_id = 777;

    assert_err(store_profile_get(st, ar, 777, &got), BO_ERR_NOT_FOUND);
    assert_err(store_profile_update(st, &p), BO_ERR_NOT_FOUND);
}

/* --- refresh sessions --------------------------------------------------------------- */

Test(store, session_find_returns_the_session_by_token_hash)
{
    int64_t uid = create_user("sess", "sess@example.org");
    struct refresh_session got;

    add_session(uid, "jti-1", "fam-1", NOW + 3600);

    assert_err(store_session_find(st, ar, "hash-of-jti-1", &got), BO_OK);
    cr_assert_str_eq(got.jti, "jti-1");
    cr_assert_str_eq(got.family, "fam-1");
    cr_assert_eq(got.user_id, uid);
    cr_assert_str_eq(got.token_hash, "hash-of-jti-1");
    cr_assert_eq(got.issued_at, NOW);
    cr_assert_eq(got.expires_at, NOW + 3600);
    cr_assert_eq(got.revoked_at, 0);
    cr_assert_null(got.replaced_by);
    cr_assert_str_eq(got.user_agent, "test/1.0");
    cr_assert_str_eq(got.ip, "127.0.0.1");
    assert_err(store_session_find(st, ar, "hash-of-nothing", &got), BO_ERR_NOT_FOUND);
}

Test(store, session_rotate_revokes_once_and_the_second_rotation_conflicts)
{
    int64_t uid = create_user("rot", "rot@example.org");
    struct refresh_session got;

    add_session(uid, "jti-a", "fam", NOW + 3600);

    assert_err(store_session_rotate(st, "jti-a", "jti-b", NOW + 5), BO_OK);
    assert_err(store_session_rotate(st, "jti-a", "jti-c", NOW + 6), BO_ERR_CONFLICT);

    assert_err(store_session_find(st, ar, "hash-of-jti-a", &got), BO_OK);
    cr_assert_eq(got.revoked_at, NOW + 5);
    cr_assert_str_eq(got.replaced_by, "jti-b");
}

Test(store, session_rotate_of_an_unknown_jti_conflicts)
{
    assert_err(store_session_rotate(st, "ghost", "jti-b", NOW), BO_ERR_CONFLICT);
}

Test(store, revoke_family_counts_only_live_sessions_of_that_family)
{
    int64_t uid = create_user("fam", "fam@example.org");
    int count = -1;

    add_session(uid, "a1", "family-a", NOW + 3600);
    add_session(uid, "a2", "family-a", NOW + 3600);
    add_session(uid, "a3", "family-a", NOW + 3600);
    add_session(uid, "b1", "family-b", NOW + 3600);
    assert_err(store_session_rotate(st, "a1", "a2", NOW), BO_OK);

    assert_err(store_session_revoke_family(st, "family-a", NOW + 1, &count), BO_OK);
    cr_assert_eq(count, 2);
    assert_err(store_session_revoke_family(st, "family-a", NOW + 2, &count), BO_OK);
    cr_assert_eq(count, 0);
    assert_err(store_session_revoke_user(st, uid, NOW + 3, &count), BO_OK);
    cr_assert_eq(count, 1);
}

Test(store, revoke_user_leaves_other_users_sessions_alone)
{
    int64_t alice = create_user("alice", "alice@example.org");
    int64_t bob = create_user("bob", "bob@example.org");
    bool live = false;
    int count = -1;

    add_session(alice, "al1", "fa", NOW + 3600);
    add_session(alice, "al2", "fa2", NOW + 3600);
    add_session(bob, "bo1", "fb", NOW + 3600);

    assert_err(store_session_revoke_user(st, alice, NOW, &count), BO_OK);
    cr_assert_eq(count, 2);
    assert_err(store_session_family_live(st, "fb", NOW, &live), BO_OK);
    cr_assert(live);
}

Test(store, family_is_live_only_with_an_unrevoked_unexpired_session)
{
    int64_t uid = create_user("live", "live@example.org");
    bool live = true;
    int count;

    add_session(uid, "l1", "fam-live", NOW + 100);
    add_session(uid, "x1", "fam-expired", NOW - 1);

    assert_err(store_session_family_live(st, "fam-live", NOW, &live), BO_OK);
    cr_assert(live);
    assert_err(store_session_family_live(st, "fam-live", NOW + 100, &live), BO_OK);
    cr_assert_not(live);
    assert_err(store_session_family_live(st, "fam-expired", NOW, &live), BO_OK);
    cr_assert_not(live);
    assert_err(store_session_family_live(st, "no-such-family", NOW, &live), BO_OK);
    cr_assert_not(live);
    assert_err(store_session_revoke_family(st, "fam-live", NOW, &count), BO_OK);
    assert_err(store_session_family_live(st, "fam-live", NOW, &live), BO_OK);
    cr_assert_not(live);
}

/* --- recovery codes ---------------------------------------------------------------- */

Test(store, recovery_code_works_exactly_once)
{
    int64_t uid = create_user("rec", "rec@example.org");
    const char *const hashes[] = {"h1", "h2", "h3"};
    int left = -1;

    replace_codes(uid, hashes, 3, NOW + 1000);
    assert_err(store_recovery_count(st, uid, NOW, &left), BO_OK);
    cr_assert_eq(left, 3);

    assert_err(store_recovery_use(st, uid, "h2", NOW), BO_OK);
    assert_err(store_recovery_use(st, uid, "h2", NOW), BO_ERR_NOT_FOUND);

    assert_err(store_recovery_count(st, uid, NOW, &left), BO_OK);
    cr_assert_eq(left, 2);
}

Test(store, recovery_code_is_refused_when_expired_or_of_another_user)
{
    int64_t uid = create_user("exp", "exp@example.org");
    int64_t other = create_user("other", "other@example.org");
    const char *const hashes[] = {"old"};
    int left = -1;

    replace_codes(uid, hashes, 1, NOW + 10);

    assert_err(store_recovery_use(st, other, "old", NOW), BO_ERR_NOT_FOUND);
    assert_err(store_recovery_use(st, uid, "old", NOW + 10), BO_ERR_NOT_FOUND);
    assert_err(store_recovery_count(st, uid, NOW + 10, &left), BO_OK);
    cr_assert_eq(left, 0);
    assert_err(store_recovery_count(st, uid, NOW, &left), BO_OK);
    cr_assert_eq(left, 1);
}

Test(store, recovery_replace_drops_unused_codes_and_used_ones_stay_used)
{
    int64_t uid = create_user("repl", "repl@example.org");
    const char *const first[] = {"a", "b"};
    const char *const second[] = {"c"};
    int left = -1;

    replace_codes(uid, first, 2, NOW + 1000);
    assert_err(store_recovery_use(st, uid, "a", NOW), BO_OK);

    replace_codes(uid, second, 1, NOW + 1000);

    assert_err(store_recovery_count(st, uid, NOW, &left), BO_OK);
    cr_assert_eq(left, 1);
    assert_err(store_recovery_use(st, uid, "a", NOW), BO_ERR_NOT_FOUND);
    assert_err(store_recovery_use(st, uid, "b", NOW), BO_ERR_NOT_FOUND);
    assert_err(store_recovery_use(st, uid, "c", NOW), BO_OK);
}

/* --- API tokens ------------------------------------------------------------------- */

Test(store, token_find_returns_every_field)
{
    int64_t uid = create_user("tok", "tok@example.org");
    int64_t id = add_token(uid, "ci", "token-hash-1");
    struct api_token got;

    assert_err(store_token_find(st, ar, "token-hash-1", &got), BO_OK);

    cr_assert_eq(got.id, id);
    cr_assert_eq(got.user_id, uid);
    cr_assert_str_eq(got.name, "ci");
    cr_assert_str_eq(got.prefix, "bo_pat_");
    cr_assert_str_eq(got.token_hash, "token-hash-1");
    cr_assert_eq(got.scopes, SCOPE_PROFILE_READ | SCOPE_EVENTS_READ);
    cr_assert_eq(got.created_at, NOW);
    cr_assert_eq(got.expires_at, 0);
    cr_assert_eq(got.revoked_at, 0);
    cr_assert_eq(got.last_used_at, 0);
    assert_err(store_token_find(st, ar, "no-such-hash", &got), BO_ERR_NOT_FOUND);
}

Test(store, token_find_user_reads_the_token_and_its_user_at_once)
{
    int64_t uid = create_user("tok_user", "tokuser@example.org");
    int64_t id = add_token(uid, "ci", "token-hash-2");
    struct api_token got;
    struct user u;

    assert_err(store_token_find_user(st, ar, "token-hash-2", &got, &u), BO_OK);
    cr_assert_eq(got.id, id);
    cr_assert_eq(got.user_id, uid);
    cr_assert_str_eq(got.name, "ci");
    cr_assert_str_eq(got.token_hash, "token-hash-2");
    cr_assert_eq(got.scopes, SCOPE_PROFILE_READ | SCOPE_EVENTS_READ);
    cr_assert_eq(got.last_used_at, 0);
    cr_assert_eq(u.id, uid);
    cr_assert_str_eq(u.username, "tok_user");
    cr_assert_str_eq(u.email, "tokuser@example.org");
    cr_assert(u.is_active);
    assert_err(store_token_find_user(st, ar, "no-such-hash", &got, &u), BO_ERR_NOT_FOUND);
}

Test(store, token_with_an_expiry_keeps_it_and_touch_records_last_use)
{
    int64_t uid = create_user("exp_tok", "exptok@example.org");
    struct api_token t = {.user_id = uid,
                          .name = "short",
                          .prefix = "p",
                          .token_hash = "th",
                          .scopes = SCOPE_ALL,
                          .created_at = NOW,
                          .expires_at = NOW + 86400};
    struct api_token got;
    int64_t id = 0;

    assert_err(store_token_create(st, &t, &id), BO_OK);
    assert_err(store_token_touch(st, id, NOW + 30), BO_OK);

    assert_err(store_token_find(st, ar, "th", &got), BO_OK);
    cr_assert_eq(got.expires_at, NOW + 86400);
    cr_assert_eq(got.last_used_at, NOW + 30);
    cr_assert_eq(got.scopes, SCOPE_ALL);
}

Test(store, token_list_is_newest_first_and_includes_revoked_tokens)
{
    int64_t uid = create_user("lister", "lister@example.org");
    int64_t other = create_user("notme", "notme@example.org");
    int64_t t1 = add_token(uid, "one", "h-one");
    int64_t t2 = add_token(uid, "two", "h-two");
    add_token(other, "theirs", "h-theirs");
    struct api_token *list;
    size_t n = 0;

    assert_err(store_token_revoke(st, uid, t1, NOW + 1), BO_OK);

    assert_err(store_token_list(st, ar, uid, &list, &n), BO_OK);
    cr_assert_eq(n, 2);
    cr_assert_eq(list[0].id, t2);
    cr_assert_eq(list[1].id, t1);
    cr_assert_eq(list[1].revoked_at, NOW + 1);
    cr_assert_str_eq(list[0].name, "two");
}

Test(store, token_list_of_a_user_without_tokens_is_empty)
{
    int64_t uid = create_user("empty", "empty@example.org");
    struct api_token *list = NULL;
    size_t n = 99;

    assert_err(store_token_list(st, ar, uid, &list, &n), BO_OK);

    cr_assert_eq(n, 0);
}

Test(store, token_revoke_twice_or_by_another_user_is_not_found)
{
    int64_t uid = create_user("owner", "owner@example.org");
    int64_t thief = create_user("thief", "thief@example.org");
    int64_t id = add_token(uid, "mine", "h-mine");
    struct api_token got;

    assert_err(store_token_revoke(st, thief, id, NOW), BO_ERR_NOT_FOUND);
    assert_err(store_token_find(st, ar, "h-mine", &got), BO_OK);
    cr_assert_eq(got.revoked_at, 0);

    assert_err(store_token_revoke(st, uid, id, NOW), BO_OK);
    assert_err(store_token_revoke(st, uid, id, NOW + 1), BO_ERR_NOT_FOUND);
    assert_err(store_token_revoke(st, uid, id + 1000, NOW), BO_ERR_NOT_FOUND);
}

/* --- audit log -------------------------------------------------------------------- */

static void
add_audit(int64_t actor, const char *action, const char *payload)
{
    struct audit_entry e = {
        .actor_user_id = actor,
        .action = action,
        .target_type = "user",
        .target_id = "42",
        .payload = payload,
        .ip = "10.0.0.1",
        .created_at = NOW,
    };

    assert_err(store_audit_add(st, &e), BO_OK);
}

Test(store, audit_list_is_newest_first_and_pages_with_a_before_cursor)
{
    int64_t uid = create_user("auditor", "auditor@example.org");
    struct audit_entry *page;
    size_t n = 0;

    add_audit(uid, "auth.login", "{\"ok\": true,  \"n\":1}");
    add_audit(0, "auth.failed", NULL);
    add_audit(uid, "user.role_changed", "{}");

    assert_err(store_audit_list(st, ar, 0, 2, &page, &n), BO_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(page[0].action, "user.role_changed");
    cr_assert_str_eq(page[1].action, "auth.failed");
    cr_assert_eq(page[1].actor_user_id, 0);
    cr_assert_null(page[1].payload);
    cr_assert_gt(page[0].id, page[1].id);
    assert_err(store_audit_list(st, ar, page[1].id, 2, &page, &n), BO_OK);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(page[0].action, "auth.login");
    cr_assert_eq(page[0].actor_user_id, uid);
    cr_assert_str_eq(page[0].payload, "{\"ok\": true,  \"n\":1}");
    cr_assert_str_eq(page[0].target_type, "user");
    cr_assert_str_eq(page[0].target_id, "42");
    cr_assert_str_eq(page[0].ip, "10.0.0.1");
    cr_assert_eq(page[0].created_at, NOW);
}

/* --- throttling ------------------------------------------------------------------- */

Test(store, throttle_counts_hits_in_one_window_and_starts_a_new_one_after_it)
{
    int count = 0;
    int64_t reset_at = 0;

    assert_err(store_throttle_hit(st, "login:1.2.3.4", NOW, 60, &count, &reset_at), BO_OK);
    cr_assert_eq(count, 1);
    cr_assert_eq(reset_at, NOW + 60);
    assert_err(store_throttle_hit(st, "login:1.2.3.4", NOW + 59, 60, &count, &reset_at), BO_OK);
    cr_assert_eq(count, 2);
    cr_assert_eq(reset_at, NOW + 60);

    assert_err(store_throttle_hit(st, "login:1.2.3.4", NOW + 60, 60, &count, &reset_at), BO_OK);
    cr_assert_eq(count, 1);
    cr_assert_eq(reset_at, NOW + 120);
}

Test(store, throttle_peek_reads_without_counting_and_clear_forgets)
{
    int count = -1;
    int64_t reset_at = -1;

    assert_err(store_throttle_peek(st, "k", NOW, &count, &reset_at), BO_OK);
    cr_assert_eq(count, 0);
    cr_assert_eq(reset_at, 0);
    assert_err(store_throttle_hit(st, "k", NOW, 30, &count, &reset_at), BO_OK);
    assert_err(store_throttle_hit(st, "k", NOW, 30, &count, &reset_at), BO_OK);

    assert_err(store_throttle_peek(st, "k", NOW + 1, &count, &reset_at), BO_OK);
    cr_assert_eq(count, 2);
    cr_assert_eq(reset_at, NOW + 30);
    assert_err(store_throttle_peek(st, "k", NOW + 1, &count, &reset_at), BO_OK);
    cr_assert_eq(count, 2);
    assert_err(store_throttle_peek(st, "k", NOW + 30, &count, &reset_at), BO_OK);
    cr_assert_eq(count, 0);

    assert_err(store_throttle_clear(st, "k"), BO_OK);
    assert_err(store_throttle_peek(st, "k", NOW + 1, &count, &reset_at), BO_OK);
    cr_assert_eq(count, 0);
    assert_err(store_throttle_clear(st, "never-hit"), BO_OK);
}

/* --- transactions ----------------------------------------------------------------- */

Test(store, rollback_discards_a_write_and_commit_keeps_one)
{
    const char *v = NULL;

    assert_err(store_begin(st), BO_OK);
    assert_err(store_kv_put_if_absent(st, "tx", "rolled back"), BO_OK);
    store_rollback(st);
    assert_err(store_kv_get(st, ar, "tx", &v), BO_ERR_NOT_FOUND);

    assert_err(store_begin(st), BO_OK);
    assert_err(store_kv_put_if_absent(st, "tx", "committed"), BO_OK);
    assert_err(store_commit(st), BO_OK);

    assert_err(store_kv_get(st, ar, "tx", &v), BO_OK);
    cr_assert_str_eq(v, "committed");
}

Test(store, a_conflict_inside_a_transaction_rolls_back_cleanly)
{
    struct user u = user_named("dup", "dup@example.org");
    struct profile p = profile_blank();
    struct user got;
    const char *field = NULL;
    int64_t id = 0;

    assert_err(store_begin(st), BO_OK);
    assert_err(store_user_create(st, &u, &p, &id, &field), BO_OK);
    assert_err(store_user_create(st, &u, &p, &id, &field), BO_ERR_CONFLICT);
    store_rollback(st);

    assert_err(store_user_find_login(st, ar, "dup", &got), BO_ERR_NOT_FOUND);
    assert_err(store_user_create(st, &u, &p, &id, &field), BO_OK);
    assert_err(store_user_get(st, ar, id, &got), BO_OK);
}

/* --- concurrency: one handle per thread, all released at once ----------------------- */

struct racer {
    pthread_barrier_t *start;
    const char *url;
    int64_t user_id;
    int index;
    enum bo_err result;
};

static void *
rotate_one(void *arg)
{
    struct racer *r = arg;
    struct store *mine = NULL;
    char new_jti[32];

    r->result = store_open(r->url, &mine);
    pthread_barrier_wait(r->start);
    if (r->result == BO_OK) {
        snprintf(new_jti, sizeof(new_jti), "next-%d", r->index);
        r->result = store_session_rotate(mine, "contested", new_jti, NOW + 1);
    }
    store_close(mine);
    return NULL;
}

static void *
use_code(void *arg)
{
    struct racer *r = arg;
    struct store *mine = NULL;

    r->result = store_open(r->url, &mine);
    pthread_barrier_wait(r->start);
    if (r->result == BO_OK) {
        r->result = store_recovery_use(mine, r->user_id, "the-code", NOW);
    }
    store_close(mine);
    return NULL;
}

/* Run fn in RACERS threads; how many got BO_OK and how many got loser. */
static void
race(void *(*fn)(void *), int64_t user_id, enum bo_err loser, int *wins, int *losses)
{
    pthread_barrier_t start;
    pthread_t threads[RACERS];
    struct racer racers[RACERS];

    pthread_barrier_init(&start, NULL, RACERS);
    for (int i = 0; i < RACERS; i++) {
        racers[i] = (struct racer){.start = &start, .url = db_url, .user_id = user_id, .index = i};
        cr_assert_eq(pthread_create(&threads[i], NULL, fn, &racers[i]), 0);
    }
    *wins = 0;
    *losses = 0;
    for (int i = 0; i < RACERS; i++) {
        pthread_join(threads[i], NULL);
        *wins += racers[i].result == BO_OK;
        *losses += racers[i].result == loser;
    }
    pthread_barrier_destroy(&start);
}

Test(store, racing_rotations_of_one_session_let_exactly_one_win)
{
    int64_t uid = create_user("racer", "racer@example.org");
    struct refresh_session got;
    int wins, losses;

    add_session(uid, "contested", "fam-race", NOW + 3600);

    race(rotate_one, uid, BO_ERR_CONFLICT, &wins, &losses);

    cr_assert_eq(wins, 1);
    cr_assert_eq(losses, RACERS - 1);
    assert_err(store_session_find(st, ar, "hash-of-contested", &got), BO_OK);
    cr_assert_not_null(got.replaced_by);
    cr_assert_eq(strncmp(got.replaced_by, "next-", 5), 0);
}

Test(store, racing_uses_of_one_recovery_code_let_exactly_one_win)
{
    int64_t uid = create_user("coder", "coder@example.org");
    const char *const hashes[] = {"the-code", "spare"};
    int wins, losses, left = -1;

    replace_codes(uid, hashes, 2, NOW + 1000);

    race(use_code, uid, BO_ERR_NOT_FOUND, &wins, &losses);

    cr_assert_eq(wins, 1);
    cr_assert_eq(losses, RACERS - 1);
    assert_err(store_recovery_count(st, uid, NOW, &left), BO_OK);
    cr_assert_eq(left, 1);
}

static void *
create_contested(void *arg)
{
    struct racer *r = arg;
    struct store *mine = NULL;
    char name[16] = "contested", email[32];
    const char *field = NULL;
    int64_t id = 0;

    name[r->index] = (char)toupper((unsigned char)name[r->index]); /* another case each */
    snprintf(email, sizeof(email), "racer%d@example.org", r->index);
    struct user u = user_named(name, email);
    struct profile p = profile_blank();
    r->result = store_open(r->url, &mine);
    pthread_barrier_wait(r->start);
    if (r->result == BO_OK) {
        r->result = store_user_create(mine, &u, &p, &id, &field);
    }
    if (r->result == BO_ERR_CONFLICT && strcmp(field, "username") != 0) {
        r->result = BO_ERR_INTERNAL; /* a conflict on the wrong field is a loss of its own */
    }
    store_close(mine);
    return NULL;
}

Test(store, racing_registrations_of_one_username_let_exactly_one_win)
{
    int wins, losses;

    race(create_contested, 0, BO_ERR_CONFLICT, &wins, &losses);

    cr_assert_eq(wins, 1);
    cr_assert_eq(losses, RACERS - 1);
    cr_assert_eq(user_count(), 1);
}

static void *
hit_ten_times(void *arg)
{
    struct racer *r = arg;
    struct store *mine = NULL;
    int count;
    int64_t reset_at;

    r->result = store_open(r->url, &mine);
    pthread_barrier_wait(r->start);
    for (int i = 0; r->result == BO_OK && i < 10; i++) {
        r->result = store_throttle_hit(mine, "hot", NOW, 600, &count, &reset_at);
    }
    store_close(mine);
    return NULL;
}

Test(store, racing_throttle_hits_are_all_counted)
{
    int wins, losses, count = 0;
    int64_t reset_at = 0;

    race(hit_ten_times, 0, BO_ERR_BUSY, &wins, &losses);

    cr_assert_eq(wins, RACERS);
    assert_err(store_throttle_peek(st, "hot", NOW, &count, &reset_at), BO_OK);
    cr_assert_eq(count, RACERS * 10);
    cr_assert_eq(reset_at, NOW + 600);
}

struct migrator {
    pthread_barrier_t *start;
    const char *url;
    enum bo_err result;
    int applied;
};

static void *
migrate_one(void *arg)
{
    struct migrator *m = arg;
    struct store *mine = NULL;

    m->result = store_open(m->url, &mine);
    pthread_barrier_wait(m->start);
    if (m->result == BO_OK) {
        m->result = store_migrate(mine, &m->applied);
    }
    store_close(mine);
    return NULL;
}

Test(store, concurrent_migrations_of_a_fresh_database_apply_each_file_once)
{
    pthread_barrier_t start;
    pthread_t threads[2];
    struct migrator m[2];
    size_t count;
    const struct migration *files = backend_migrations(&count);
    struct store *check = NULL;
    int version = 0;

    fresh_url = testdb_create();
    pthread_barrier_init(&start, NULL, 2);
    for (int i = 0; i < 2; i++) {
        m[i] = (struct migrator){.start = &start, .url = fresh_url};
        cr_assert_eq(pthread_create(&threads[i], NULL, migrate_one, &m[i]), 0);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(threads[i], NULL);
    }
    pthread_barrier_destroy(&start);

    assert_err(m[0].result, BO_OK);
    assert_err(m[1].result, BO_OK);
    cr_assert_eq(m[0].applied + m[1].applied, (int)count);
    assert_err(store_open(fresh_url, &check), BO_OK);
    assert_err(store_schema_version(check, &version), BO_OK);
    store_close(check);
    cr_assert_eq(version, files[count - 1].version);
}
