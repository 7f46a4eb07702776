/* SPDX-License-Identifier: MIT */
/*
 * testdb.c - throwaway databases for tests (see testdb.h).
 *
 * SQLite: a file in a fresh mkdtemp directory. PostgreSQL: a database named
 * bo_test_<pid>_<counter>_<random> in the cluster behind the admin URL,
 * created from template1 and dropped WITH (FORCE); testdb_drop refuses any
 * other name, so a wrong URL can never drop a real database.
 */
#include "testdb.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define PG_PREFIX "bo_test_"
#define SQLITE_FILE "db.sqlite"
#define CREATE_ATTEMPTS 50

static atomic_uint db_counter;

static _Noreturn void
fail(const char *what, const char *detail)
{
    fprintf(stderr, "testdb: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

/* A malloc'd copy of a followed by b. */
static char *
concat(const char *a, const char *b)
{
    size_t alen = strlen(a), blen = strlen(b);
    char *s = malloc(alen + blen + 1);

    if (s == NULL) {
        fail("out of memory", NULL);
    }
    memcpy(s, a, alen);
    memcpy(s + alen, b, blen + 1);
    return s;
}

const char *
testdb_backend(void)
{
    const char *b = getenv("BOXOFFICE_TEST_STORE");

    if (b == NULL || *b == '\0' || strcmp(b, "sqlite") == 0) {
        return "sqlite";
    }
    if (strcmp(b, "pg") == 0) {
        return "pg";
    }
    fail("BOXOFFICE_TEST_STORE must be \"sqlite\" or \"pg\", not", b);
}

/* --- SQLite ---------------------------------------------------------------- */

static char *
sqlite_create(void)
{
    char dir[] = "/tmp/boxoffice-test-XXXXXX";

    if (mkdtemp(dir) == NULL) {
        fail("cannot create a directory under /tmp", NULL);
    }
    char *url = concat("sqlite:", dir);
    char *full = concat(url, "/" SQLITE_FILE);
    free(url);
    return full;
}

static void
unlink_suffixed(const char *path, const char *suffix)
{
    char *p = concat(path, suffix);

    unlink(p);
    free(p);
}

static void
sqlite_drop(const char *url)
{
    const char *path = url + strlen("sqlite:");
    const char *slash = strrchr(path, '/');

    unlink(path);
    unlink_suffixed(path, "-wal");
    unlink_suffixed(path, "-shm");
    unlink_suffixed(path, "-journal");
    if (slash != NULL && slash != path) {
        char *dir = strndup(path, (size_t)(slash - path));
        if (dir != NULL && strstr(dir, "/boxoffice-test-") != NULL) {
            rmdir(dir);
        }
        free(dir);
    }
}

/* --- PostgreSQL ------------------------------------------------------------- */

static const char *
admin_url(void)
{
    const char *url = getenv("BOXOFFICE_TEST_PG_URL");

    if (url == NULL || *url == '\0') {
        fail("BOXOFFICE_TEST_STORE=pg needs BOXOFFICE_TEST_PG_URL, an admin URL such as "
             "postgres://postgres@127.0.0.1:54329/postgres (scripts/pg-cluster start prints it)",
             NULL);
    }
    return url;
}

/* Where the database name starts in a postgres:// URL, and where it ends ('?' or NUL). */
static void
dbname_span(const char *url, size_t *start, size_t *end)
{
    const char *scheme = strstr(url, "://");
    const char *auth = scheme ? scheme + 3 : url;
    size_t auth_len = strcspn(auth, "/?");

    *start = (size_t)(auth - url) + auth_len;
    if (url[*start] == '/') {
        (*start)++;
    }
    *end = *start + strcspn(url + *start, "?");
}

/* The admin URL with its database replaced by name. */
static char *
url_with_dbname(const char *url, const char *name)
{
    size_t start, end;

    dbname_span(url, &start, &end);
    int slash = start == 0 || url[start - 1] != '/';
    size_t len = start + (size_t)slash + strlen(name) + strlen(url + end);
    char *out = malloc(len + 1);
    if (out == NULL) {
        fail("out of memory", NULL);
    }
    snprintf(out, len + 1, "%.*s%s%s%s", (int)start, url, slash ? "/" : "", name, url + end);
    return out;
}

static PGconn *
admin_connect(void)
{
    PGconn *c = PQconnectdb(admin_url());

    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "testdb: cannot connect to %s: %s", admin_url(), PQerrorMessage(c));
        PQfinish(c);
        abort();
    }
    return c;
}

/* Run one statement on the identifier name; true on success, *state = SQLSTATE on failure. */
static bool
run_on_db(PGconn *c, const char *verb, const char *name, const char *tail, char state[6])
{
    char *ident = PQescapeIdentifier(c, name, strlen(name));
    size_t len = strlen(verb) + strlen(ident) + strlen(tail) + 3;
    char *sql = malloc(len);

    if (sql == NULL) {
        fail("out of memory", NULL);
    }
    snprintf(sql, len, "%s %s %s", verb, ident, tail);
    PGresult *r = PQexec(c, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    snprintf(state, 6, "%s", ok || st == NULL ? "" : st);
    if (!ok) {
        fprintf(stderr, "testdb: %s %s: %s", verb, name, PQresultErrorMessage(r));
    }
    PQclear(r);
    PQfreemem(ident);
    free(sql);
    return ok;
}

static void
unique_name(char *buf, size_t len)
{
    unsigned rnd = 0;

    if (getentropy(&rnd, sizeof(rnd)) != 0) {
        rnd = (unsigned)time(NULL);
    }
    snprintf(buf, len, PG_PREFIX "%ld_%u_%08x", (long)getpid(), atomic_fetch_add(&db_counter, 1),
             rnd);
}

/* CREATE DATABASE fails with 55006 while another session copies template1: retry. */
static char *
pg_create(void)
{
    char name[64], state[6];
    PGconn *c = admin_connect();
    bool ok = false;

    unique_name(name, sizeof(name));
    for (int i = 0; !ok && i < CREATE_ATTEMPTS; i++) {
        ok = run_on_db(c, "CREATE DATABASE", name, "", state);
        if (!ok && strcmp(state, "55006") != 0) {
            break;
        }
        if (!ok) {
            nanosleep(&(struct timespec){.tv_nsec = 100 * 1000 * 1000}, NULL);
        }
    }
    PQfinish(c);
    if (!ok) {
        fail("CREATE DATABASE failed", name);
    }
    return url_with_dbname(admin_url(), name);
}

static void
pg_drop(const char *url)
{
    size_t start, end;
    char state[6];

    dbname_span(url, &start, &end);
    char *name = strndup(url + start, end - start);
    if (name == NULL) {
        fail("out of memory", NULL);
    }
    if (strncmp(name, PG_PREFIX, strlen(PG_PREFIX)) != 0) {
        fail("refusing to drop a database testdb did not create", name);
    }
    PGconn *c = admin_connect();
    run_on_db(c, "DROP DATABASE IF EXISTS", name, "WITH (FORCE)", state);
    PQfinish(c);
    free(name);
}

/* --- either ----------------------------------------------------------------- */

char *
testdb_create(void)
{
    return strcmp(testdb_backend(), "pg") == 0 ? pg_create() : sqlite_create();
}

void
testdb_drop(const char *url)
{
    if (url == NULL) {
        return;
    }
    if (strncmp(url, "sqlite:", strlen("sqlite:")) == 0) {
        sqlite_drop(url);
    } else {
        pg_drop(url);
    }
}

void
testdb_exec(const char *url, const char *sql)
{
    if (strncmp(url, "sqlite:", strlen("sqlite:")) == 0) {
        sqlite3 *db = NULL;
        char *msg = NULL;
        if (sqlite3_open(url + strlen("sqlite:"), &db) != SQLITE_OK ||
            sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
            fail("cannot run SQL", msg ? msg : sqlite3_errmsg(db));
        }
        sqlite3_close(db);
        return;
    }
    PGconn *c = PQconnectdb(url);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
        fail("cannot run SQL", PQresultErrorMessage(r));
    }
    PQclear(r);
    PQfinish(c);
}

static int
first_int(void *out, int columns, char **values, char **names)
{
    (void)names;
    if (columns > 0 && values[0] != NULL) {
        *(long long *)out = strtoll(values[0], NULL, 10);
    }
    return 1; /* one row is enough: stop */
}

long long
testdb_int(const char *url, const char *sql)
{
    long long v = 0;

    if (strncmp(url, "sqlite:", strlen("sqlite:")) == 0) {
        sqlite3 *db = NULL;
        char *msg = NULL;
        int rc = sqlite3_open(url + strlen("sqlite:"), &db) == SQLITE_OK
                     ? sqlite3_exec(db, sql, first_int, &v, &msg)
                     : SQLITE_CANTOPEN;
        if (rc != SQLITE_OK && rc != SQLITE_ABORT) {
            fail("cannot run SQL", msg ? msg : sqlite3_errmsg(db));
        }
        sqlite3_free(msg);
        sqlite3_close(db);
        return v;
    }
    PGconn *c = PQconnectdb(url);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fail("cannot run SQL", PQresultErrorMessage(r));
    }
    if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    }
    PQclear(r);
    PQfinish(c);
    return v;
}
