/* SPDX-License-Identifier: MIT */
/*
 * log.h - one line per event: "ts level event req=<id> key=value...".
 *
 * Event names are stable dotted words (http.listen, store.busy). Lines go
 * to stderr unless log_open() named a file. Thread-safe: each line is one
 * write(2). Never pass secrets.
 */
#ifndef BO_LIB_LOG_H
#define BO_LIB_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Set the threshold and destination (NULL: stderr). Call before threads. */
int log_open(enum log_level level, const char *path);
void log_close(void);

void log_write(enum log_level level, const char *event, const char *req_id, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A pre-formatted line (the JSON access log); a newline is added. */
void log_raw(const char *line);
/* Would a line at this level be written? (To skip building one that would not.) */
int log_enabled(enum log_level level);

#define log_error(ev, req, ...) log_write(LOG_ERROR, ev, req, __VA_ARGS__)
#define log_warn(ev, req, ...) log_write(LOG_WARN, ev, req, __VA_ARGS__)
#define log_info(ev, req, ...) log_write(LOG_INFO, ev, req, __VA_ARGS__)

#endif
