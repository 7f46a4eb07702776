/* SPDX-License-Identifier: MIT */
#include "lib/log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/clock.h"

/* Process-wide by nature (one stderr); set once before threads start. */
static int log_fd = 2;
static enum log_level log_threshold = LOG_INFO;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

int
log_open(enum log_level level, const char *path)
{
    log_threshold = level;
    if (path == NULL || path[0] == '\0') {
        log_fd = 2;
        return 0;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) {
        return -1;
    }
    log_fd = fd;
    return 0;
}

void
log_close(void)
{
    if (log_fd > 2) {
        close(log_fd);
    }
    log_fd = 2;
}

static void
write_line(char *line, size_t len, size_t cap)
{
    if (len >= cap - 1) {
        len = cap - 2; /* truncated: keep the newline */
    }
    line[len++] = '\n';
    ssize_t ignored = write(log_fd, line, len);
    (void)ignored;
}

void
log_write(enum log_level level, const char *event, const char *req_id, const char *fmt, ...)
{
    char line[2048];
    char ts[32];
    va_list ap;

    if (level > log_threshold) {
        return;
    }
    clock_rfc3339(clock_now(), ts, sizeof(ts));
    int n = snprintf(line, sizeof(line), "%s %s %s req=%s ", ts, level_names[level], event,
                     req_id ? req_id : "-");
    if (n < 0 || (size_t)n >= sizeof(line)) {
        return;
    }
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
    va_end(ap);
    if (m < 0) {
        m = 0;
    }
    write_line(line, (size_t)n + (size_t)m, sizeof(line));
}

int
log_enabled(enum log_level level)
{
    return level <= log_threshold;
}

void
log_raw(const char *line)
{
    char buf[4096];
    size_t len = strlen(line);

    if (len > sizeof(buf) - 2) {
        len = sizeof(buf) - 2;
    }
    memcpy(buf, line, len);
    write_line(buf, len, sizeof(buf));
}
