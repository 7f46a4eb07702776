/* SPDX-License-Identifier: MIT */
/*
 * main.c - the boxoffice binary: subcommands, configuration, wiring.
 *
 * Exit codes follow sysexits(3): 64 usage, 65 bad data, 69 a dependency is
 * unavailable, 70 internal error, 78 configuration.
 */
#include <errno.h>
#include <json-c/json_c_version.h>
#include <microhttpd.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/demo.h"
#include "app/env.h"
#include "config.h"
#include "core/ctx.h"
#include "http/server.h"
#include "jobs/delivery.h"
#include "jobs/scheduler.h"
#include "jobs/telegram_poll.h"
#include "lib/arena.h"
#include "lib/clock.h"
#include "lib/log.h"
#include "lib/token.h"

#define BOXOFFICE_VERSION "0.1.0"

enum {
    EX_OK_ = 0,
    EX_USAGE_ = 64,
    EX_DATAERR_ = 65,
    EX_UNAVAILABLE_ = 69,
    EX_SOFTWARE_ = 70,
    EX_CONFIG_ = 78
};

extern char **environ;

struct command {
    const char *name;
    int (*run)(struct config *cfg);
    const char *summary;
};

static int cmd_serve(struct config *cfg);
static int cmd_migrate(struct config *cfg);
static int cmd_demo(struct config *cfg);
static int cmd_worker(struct config *cfg);
static int cmd_version(struct config *cfg);
static int cmd_help(struct config *cfg);

static const struct command commands[] = {
    {"serve", cmd_serve, "serve the API and the web UI (migrates first)"},
    {"migrate", cmd_migrate, "apply pending database migrations and exit"},
    {"worker", cmd_worker, "run the scheduled jobs only (expire holds...), without HTTP"},
    {"demo", cmd_demo, "load the demo data set (idempotent) and exit"},
    {"version", cmd_version, "print the version and the library versions"},
    {"help", cmd_help, "this text"},
};
#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *out, const struct command *only)
{
    if (only == NULL) {
        fprintf(out, "usage: boxoffice <command> [--setting value ...]\n\ncommands:\n");
        for (size_t i = 0; i < COMMAND_COUNT; i++) {
            fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
        }
    } else {
        fprintf(out, "usage: boxoffice %s [--setting value ...]\n\n%s\n", only->name,
                only->summary);
    }
    fprintf(out, "\nsettings (flag, environment variable, meaning):\n");
    config_usage(out);
    fprintf(out, "  --print-config            print the effective settings and exit\n");
}

static int
cmd_help(struct config *cfg)
{
    (void)cfg;
    usage(stdout, NULL);
    return EX_OK_;
}

static int
cmd_version(struct config *cfg)
{
    (void)cfg;
    printf("boxoffice %s (sqlite %s, libmicrohttpd %s, json-c %s, libsodium %s)\n",
           BOXOFFICE_VERSION, sqlite3_libversion(), MHD_get_version(), json_c_version(),
           sodium_version_string());
    return EX_OK_;
}

/* For sqlite:data/x.db, make data/ if it is missing. */
static void
make_data_dir(const char *db)
{
    char dir[512];

    if (strncmp(db, "sqlite:", 7) != 0) {
        return;
    }
    snprintf(dir, sizeof(dir), "%s", db + 7);
    char *slash = strrchr(dir, '/');
    if (slash != NULL && slash != dir) {
        *slash = '\0';
        mkdir(dir, 0750);
    }
}

static int
open_env(struct app_env *env, const struct config *cfg, int handles)
{
    make_data_dir(cfg->db);
    enum bo_err err = app_env_open(env, cfg, handles);
    if (err) {
        app_env_close(env);
        fprintf(stderr, "boxoffice: cannot open the database %s: %s\n", cfg->db, bo_err_name(err));
        return err == BO_ERR_INVALID ? EX_CONFIG_ : EX_UNAVAILABLE_;
    }
    return EX_OK_;
}

static int
cmd_migrate(struct config *cfg)
{
    struct app_env env;
    int rc = open_env(&env, cfg, 1);

    if (rc == EX_OK_) {
        printf("boxoffice: database %s is up to date\n", cfg->db);
        app_env_close(&env);
    }
    return rc;
}

/* --load-users: tokens into --load-tokens, one a line. */
static enum bo_err
load_users(struct ctx *c, const struct config *cfg)
{
    const char **tokens = NULL;
    int64_t *ids = NULL;
    FILE *f = NULL;

    if (cfg->load_users == 0) {
        return BO_OK;
    }
    enum bo_err err = demo_load_users(c, cfg->load_users, &tokens, &ids);
    if (err == BO_OK && cfg->load_tokens[0] != '\0') {
        f = fopen(cfg->load_tokens, "w");
        err = f ? BO_OK : BO_ERR_UNAVAILABLE;
    }
    for (int i = 0; f != NULL && i < cfg->load_users; i++) {
        fprintf(f, "%s\n", tokens[i]);
    }
    if (f != NULL && fclose(f) != 0) {
        err = BO_ERR_UNAVAILABLE;
    }
    if (err == BO_OK) {
        printf("boxoffice: %d load-test users created\n", cfg->load_users);
    }
    return err;
}

static int
cmd_demo(struct config *cfg)
{
    struct app_env env;
    int created = 0;
    int rc = open_env(&env, cfg, 1);

    if (rc != EX_OK_) {
        return rc;
    }
    struct ctx c = {.arena = arena_create(16 * 1024), .env = &env, .now = clock_now()};
    app_store_acquire(&env, &c);
    int events = 0;
    enum bo_err err = demo_seed(&c, &created);
    if (err == BO_OK) {
        err = demo_catalog(&c, cfg->demo_events, &events);
    }
    if (err == BO_OK && events > 0) {
        printf("boxoffice: demo catalog of %d events, with bookings in every state\n", events);
    }
    if (err == BO_OK) {
        err = load_users(&c, cfg);
    }
    if (err == BO_OK && cfg->load_events > 0) {
        int64_t first = 0;
        err = demo_load_events(&c, cfg->load_events, cfg->load_capacity, &first);
        printf("boxoffice: %d load-test events, ids %lld to %lld\n", cfg->load_events,
               (long long)first, (long long)(first + cfg->load_events - 1));
    }
    app_store_release(&env, &c);
    if (err) {
        fprintf(stderr, "boxoffice: demo data failed: %s %s\n", bo_err_name(err),
                c.err_detail ? c.err_detail : "");
    } else {
        printf("boxoffice: demo data ready (%d accounts created). Sign in with:\n", created);
        for (size_t i = 0; i < demo_account_count; i++) {
            printf("  %-6s / %s   (%s)\n", demo_accounts[i].username, DEMO_PASSWORD,
                   role_name(demo_accounts[i].role));
        }
    }
    arena_destroy(c.arena);
    app_env_close(&env);
    return err ? EX_SOFTWARE_ : EX_OK_;
}

/* Block SIGTERM and SIGINT before any thread starts, so only our sigwait sees them. */
static void
block_stop_signals(sigset_t *stop)
{
    sigemptyset(stop);
    sigaddset(stop, SIGTERM);
    sigaddset(stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, stop, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int
worker_threads(const struct config *cfg)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    if (cfg->threads > 0) {
        return cfg->threads;
    }
    return n > 0 ? (int)n : 1;
}

static int
cmd_serve(struct config *cfg)
{
    struct app_env env;
    struct http_server *srv = NULL;
    sigset_t stop;
    int sig = 0;
    int threads = worker_threads(cfg);

    block_stop_signals(&stop);
    struct scheduler *jobs = NULL;
    struct delivery_engine *delivery = NULL;
    struct telegram_poll *poll = NULL;
    /*
     * A handle for every thread that may hold one: MHD's, the workers, the
     * scheduler, the Telegram poll, delivery.
     */
    int rc = open_env(&env, cfg,
                      threads + cfg->workers + cfg->read_workers + cfg->hash_concurrency + 2 +
                          delivery_handles(cfg));
    if (rc != EX_OK_) {
        return rc;
    }
    app_env_start_catalog_index(&env);
    struct http_options opt = {.listen = cfg->listen,
                               .threads = threads,
                               .body_limit = (size_t)cfg->body_limit,
                               .header_limit = (size_t)cfg->header_limit,
                               .idle_timeout = cfg->idle_timeout,
                               .max_connections = cfg->max_connections,
                               .workers = cfg->workers,
                               .read_workers = cfg->read_workers,
                               .hash_workers = cfg->hash_concurrency,
                               .trust_proxy = cfg->trust_proxy,
                               .web_root = cfg->web_root};
    if (http_start(&opt, &env, &srv) != BO_OK) {
        fprintf(stderr, "boxoffice: cannot listen on %s\n", cfg->listen);
        app_env_close(&env);
        return EX_UNAVAILABLE_;
    }
    if (cfg->scheduler && scheduler_start(&env, 1000, &jobs) != BO_OK) {
        fprintf(stderr, "boxoffice: cannot start the scheduler\n");
    }
    if (cfg->deliver && delivery_start(&env, &delivery_channels, &delivery) != BO_OK) {
        fprintf(stderr, "boxoffice: cannot start the delivery workers\n");
    }
    if (telegram_poll_wanted(cfg) && telegram_poll_start(&env, &poll) != BO_OK) {
        fprintf(stderr, "boxoffice: cannot start the Telegram long poll\n");
    }
    const char *colon = strrchr(cfg->listen, ':');
    printf("boxoffice: serving on http://%.*s:%d/ (%d threads)\n", (int)(colon - cfg->listen),
           cfg->listen, http_port(srv), threads);
    fflush(stdout);
    sigwait(&stop, &sig);
    log_info("http.stopping", NULL, "signal=%d", sig);
    http_stop(srv, 10000);
    telegram_poll_stop(poll);
    delivery_stop(delivery);
    scheduler_stop(jobs);
    app_env_close(&env);
    return EX_OK_;
}

static int
cmd_worker(struct config *cfg)
{
    struct app_env env;
    struct scheduler *jobs = NULL;
    struct delivery_engine *delivery = NULL;
    struct telegram_poll *poll = NULL;
    sigset_t stop;
    int sig = 0;

    block_stop_signals(&stop);
    /* the scheduler's handle, the Telegram poll's, delivery's */
    int rc = open_env(&env, cfg, 2 + delivery_handles(cfg));
    if (rc != EX_OK_) {
        return rc;
    }
    if (scheduler_start(&env, 1000, &jobs) != BO_OK) {
        app_env_close(&env);
        return EX_SOFTWARE_;
    }
    if (cfg->deliver && delivery_start(&env, &delivery_channels, &delivery) != BO_OK) {
        scheduler_stop(jobs);
        app_env_close(&env);
        return EX_SOFTWARE_;
    }
    if (telegram_poll_wanted(cfg) && telegram_poll_start(&env, &poll) != BO_OK) {
        fprintf(stderr, "boxoffice: cannot start the Telegram long poll\n");
    }
    printf("boxoffice: worker running the scheduled jobs\n");
    fflush(stdout);
    sigwait(&stop, &sig);
    telegram_poll_stop(poll);
    delivery_stop(delivery);
    scheduler_stop(jobs);
    app_env_close(&env);
    return EX_OK_;
}

static const struct command *
find_command(const char *name)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++) {
        if (strcmp(commands[i].name, name) == 0) {
            return &commands[i];
        }
    }
    return NULL;
}

/* Flags not in the settings table: --help, --print-config, or a usage error. */
static int
other_flags(const struct command *cmd, int argc, char **argv, const int *rest, int rest_count,
            bool *print_config)
{
    for (int i = 0; i < rest_count; i++) {
        const char *a = argv[rest[i]];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout, cmd);
            return EX_OK_;
        }
        if (strcmp(a, "--print-config") == 0) {
            *print_config = true;
            continue;
        }
        fprintf(stderr, "boxoffice %s: unknown argument '%s' (see boxoffice %s --help)\n",
                cmd->name, a, cmd->name);
        return EX_USAGE_;
    }
    (void)argc;
    return -1;
}

static enum log_level
level_of(const char *name)
{
    static const char *const names[] = {"error", "warn", "info", "debug"};

    for (int i = 0; i < 4; i++) {
        if (strcmp(name, names[i]) == 0) {
            return (enum log_level)i;
        }
    }
    return LOG_INFO;
}

int
main(int argc, char **argv)
{
    struct config cfg;
    struct config_errors errs = {0};
    int rest[64], rest_count = 0;
    bool print_config = false;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout, NULL);
        return argc < 2 ? EX_USAGE_ : EX_OK_;
    }
    const struct command *cmd = find_command(argv[1]);
    if (cmd == NULL) {
        fprintf(stderr, "boxoffice: unknown command '%s' (see boxoffice help)\n", argv[1]);
        return EX_USAGE_;
    }
    if (argc - 2 > (int)(sizeof(rest) / sizeof(rest[0]))) {
        fprintf(stderr, "boxoffice: too many arguments\n");
        return EX_USAGE_;
    }
    config_defaults(&cfg);
    config_load_env(&cfg, environ, &errs);
    config_load_args(&cfg, argc - 2, argv + 2, rest, &rest_count, &errs);
    for (int i = 0; i < rest_count; i++) {
        rest[i] += 2;
    }
    int rc = other_flags(cmd, argc, argv, rest, rest_count, &print_config);
    if (rc >= 0) {
        config_free(&cfg);
        return rc;
    }
    config_validate(&cfg, &errs);
    for (int i = 0; i < errs.count && i < 16; i++) {
        fprintf(stderr, "boxoffice: config: %s\n", errs.msg[i]);
    }
    if (errs.count > 0) {
        config_free(&cfg);
        return EX_CONFIG_;
    }
    if (print_config) {
        config_print(&cfg, stdout);
        config_free(&cfg);
        return EX_OK_;
    }
    if (!token_init()) {
        fprintf(stderr, "boxoffice: libsodium failed to start\n");
        return EX_SOFTWARE_;
    }
    log_open(level_of(cfg.log_level), cfg.log_file);
    rc = cmd->run(&cfg);
    log_close();
    config_free(&cfg);
    return rc;
}
