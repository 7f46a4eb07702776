/* SPDX-License-Identifier: MIT */
#include "server.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testdb.h"

#define MAX_ARGS 32

static const char *
binary_path(void)
{
    static char path[PATH_MAX];
    char exe[PATH_MAX];
    const char *env = getenv("BOXOFFICE_BIN");

    if (env != NULL && *env != '\0') {
        return env;
    }
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    cr_assert(n > 0, "cannot find the test executable");
    exe[n] = '\0';
    /* build/tests/http/test_x -> build/boxoffice */
    char *dir = dirname(dirname(dirname(exe)));
    snprintf(path, sizeof(path), "%s/boxoffice", dir);
    return path;
}

/* Read the child's stdout until "serving on http://127.0.0.1:PORT/". */
static int
read_port(int fd)
{
    char buf[512];
    size_t len = 0;

    while (len < sizeof(buf) - 1) {
        ssize_t n = read(fd, buf + len, sizeof(buf) - 1 - len);
        if (n <= 0) {
            return -1;
        }
        len += (size_t)n;
        buf[len] = '\0';
        const char *p = strstr(buf, "serving on http://");
        const char *colon = p ? strchr(p + 18, ':') : NULL;
        if (colon != NULL && strchr(colon, '/') != NULL) {
            return (int)strtol(colon + 1, NULL, 10);
        }
    }
    return -1;
}

static void
spawn(struct test_server *s, const char *const *extra)
{
    const char *argv[MAX_ARGS] = {binary_path(), "serve",       "--db",      s->db_url,
                                  "--listen",    "127.0.0.1:0", "--threads", "2"};
    int argc = 8, pipefd[2];

    for (; extra != NULL && *extra != NULL && argc < MAX_ARGS - 1; extra++) {
        argv[argc++] = *extra;
    }
    argv[argc] = NULL;
    cr_assert(pipe(pipefd) == 0);
    s->pid = fork();
    cr_assert(s->pid >= 0);
    if (s->pid == 0) {
        int log = open(s->log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* never outlive the test that started it */
        dup2(pipefd[1], 1);
        dup2(log, 2);
        close(pipefd[0]);
        execv(argv[0], (char *const *)(uintptr_t)argv);
        _exit(127);
    }
    close(pipefd[1]);
    s->port = read_port(pipefd[0]);
    close(pipefd[0]);
    cr_assert(s->port > 0, "the server did not start; see %s", s->log_path);
}

void
test_server_start(struct test_server *s, const char *const *extra)
{
    memset(s, 0, sizeof(*s));
    s->db_url = testdb_create();
    /* A new file each time: an old log of a reused name would hide this server's lines. */
    snprintf(s->log_path, sizeof(s->log_path), "/tmp/boxoffice-test-%d-XXXXXX.log", (int)getpid());
    int fd = mkstemps(s->log_path, 4);
    cr_assert(fd >= 0, "cannot create a log file in /tmp");
    close(fd);
    spawn(s, extra);
}

void
test_server_attach(struct test_server *s, const struct test_server *first, const char *const *extra)
{
    memset(s, 0, sizeof(*s));
    s->db_url = strdup(first->db_url);
    s->shared_db = true;
    snprintf(s->log_path, sizeof(s->log_path), "%.150s.2", first->log_path);
    close(open(s->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644));
    spawn(s, extra);
}

int
test_server_stop(struct test_server *s)
{
    int status = 0;

    if (s->pid <= 0) {
        return 0;
    }
    kill(s->pid, SIGTERM);
    while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR) {
    }
    s->pid = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

void
test_server_kill(struct test_server *s)
{
    int status = 0;

    kill(s->pid, SIGKILL);
    waitpid(s->pid, &status, 0);
    s->pid = 0;
}

void
test_server_restart(struct test_server *s, const char *const *extra)
{
    spawn(s, extra);
}

void
test_server_destroy(struct test_server *s)
{
    bool running = s->pid > 0;
    int status = test_server_stop(s);

    /* Under ASan a leak or a crash at shutdown shows as a non-zero exit. */
    cr_expect(!running || status == 0, "the server exited with %d; see %s", status, s->log_path);
    if (s->db_url != NULL && !s->shared_db) {
        testdb_drop(s->db_url);
    }
    free(s->db_url);
    s->db_url = NULL;
}

int
test_run_binary(const char *const *args, char *out, size_t out_len)
{
    const char *argv[MAX_ARGS] = {binary_path()};
    int argc = 1, pipefd[2], status = 0;

    for (; *args != NULL && argc < MAX_ARGS - 1; args++) {
        argv[argc++] = *args;
    }
    argv[argc] = NULL;
    cr_assert(pipe(pipefd) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pipefd[1], 1);
        dup2(pipefd[1], 2);
        close(pipefd[0]);
        execv(argv[0], (char *const *)(uintptr_t)argv);
        _exit(127);
    }
    close(pipefd[1]);
    size_t len = 0;
    ssize_t n;
    while (len + 1 < out_len && (n = read(pipefd[0], out + len, out_len - 1 - len)) > 0) {
        len += (size_t)n;
    }
    out[len] = '\0';
    close(pipefd[0]);
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
