/* SPDX-License-Identifier: MIT */
/*
 * testdb.h - a brand-new, empty database per test, on either backend.
 *
 * The backend comes from the environment: BOXOFFICE_TEST_STORE is "sqlite"
 * (the default) or "pg". For pg, BOXOFFICE_TEST_PG_URL names an admin
 * connection (postgres://postgres@127.0.0.1:54329/postgres, as printed by
 * scripts/pg-cluster start) that may CREATE and DROP databases.
 *
 * Misconfiguration (pg without the URL, an unknown backend, a database that
 * cannot be created) aborts the test process with a message on stderr: a
 * test without its database cannot say anything useful. Safe to call from
 * several threads and processes at once.
 */
#ifndef BO_TESTS_TESTDB_H
#define BO_TESTS_TESTDB_H

/* "sqlite" or "pg". */
const char *testdb_backend(void);

/*
 * A store URL ("sqlite:/tmp/...", "postgres://...") of a new empty database
 * that nobody else uses. Not migrated. The caller frees it (after
 * testdb_drop).
 */
char *testdb_create(void);

/* Remove the database behind url (files, or DROP DATABASE ... WITH (FORCE)). */
void testdb_drop(const char *url);
/* Run SQL (one or more statements) on the database behind url; aborts on failure. */
void testdb_exec(const char *url, const char *sql);
/* The integer in the first column of the first row of a query (0 if no row); aborts on failure. */
long long testdb_int(const char *url, const char *sql);

#endif
