/* SPDX-License-Identifier: MIT */
/*
 * server.h - run the real boxoffice binary for a black-box test.
 *
 * The server gets a fresh database (testdb.h: SQLite or PostgreSQL by
 * BOXOFFICE_TEST_STORE), listens on 127.0.0.1 at a port of its own choice
 * (it prints the URL), and logs to a file that stays behind for reading
 * when a test fails. The binary is $BOXOFFICE_BIN or ../../boxoffice
 * relative to the test executable (so the ASan tests run the ASan server).
 */
#ifndef BO_TESTS_SERVER_H
#define BO_TESTS_SERVER_H

#include <stdbool.h>
#include <sys/types.h>

struct test_server {
    pid_t pid;
    int port;
    char *db_url;
    bool shared_db; /* attached to another server's database: not ours to drop */
    char log_path[160];
};

/* Start with extra "--flag", "value" arguments (NULL-terminated, may be NULL). */
void test_server_start(struct test_server *s, const char *const *extra);
/* Start another server on the database of `first` (several processes, one database). */
void test_server_attach(struct test_server *s, const struct test_server *first,
                        const char *const *extra);
/* SIGTERM, wait, return the exit status (or -signal); the database is kept. */
int test_server_stop(struct test_server *s);
/* SIGKILL and wait: a crash. */
void test_server_kill(struct test_server *s);
/* Start again on the same database. */
void test_server_restart(struct test_server *s, const char *const *extra);
/* Stop if running and drop the database. */
void test_server_destroy(struct test_server *s);

/* Run the binary with args (NULL-terminated) and return its exit status. */
int test_run_binary(const char *const *args, char *out, size_t out_len);

#endif
