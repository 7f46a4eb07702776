/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

enum setting_type { SET_STR, SET_INT, SET_BOOL };

struct setting {
    const char *name;
    enum setting_type type;
    size_t offset;
    const char *def;
    long min, max; /* SET_INT bounds */
    bool secret;
    const char *help;
};

#define F(field) offsetof(struct config, field)

static const struct setting settings[] = {
    {"listen", SET_STR, F(listen), "127.0.0.1:8080", 0, 0, false, "address:port to serve on"},
    {"db", SET_STR, F(db), "sqlite:data/boxoffice.db", 0, 0, false,
     "sqlite:PATH or postgres://user@host:port/db"},
    {"web-root", SET_STR, F(web_root), "web", 0, 0, false, "directory of the web UI"},
    {"secret-key", SET_STR, F(secret_key), "", 0, 0, true,
     "token signing key (base64url, 32 bytes); empty: generated once and kept in the database"},
    {"log-level", SET_STR, F(log_level), "info", 0, 0, false, "error, warn, info or debug"},
    {"log-file", SET_STR, F(log_file), "", 0, 0, false, "log to this file instead of stderr"},
    {"threads", SET_INT, F(threads), "0", 0, 256, false, "HTTP threads; 0: one per core"},
    {"workers", SET_INT, F(workers), "4", 0, 1024, false,
     "threads that run handlers touching the database; requests wait parked, not on MHD"},
    {"read-workers", SET_INT, F(read_workers), "4", 0, 1024, false,
     "a separate pool for reads (GET, HEAD): they never wait for a commit; 0: share"},
    {"body-limit", SET_INT, F(body_limit), "1048576", 1024, 64 << 20, false,
     "largest request body, bytes"},
    {"header-limit", SET_INT, F(header_limit), "16384", 1024, 32768, false,
     "largest request header block, bytes"},
    {"idle-timeout", SET_INT, F(idle_timeout), "30", 1, 3600, false,
     "seconds a silent connection is kept"},
    {"max-connections", SET_INT, F(max_connections), "4096", 16, 100000, false,
     "open connections at most"},
    {"access-ttl", SET_INT, F(access_ttl), "900", 60, 86400, false,
     "access token lifetime, seconds"},
    {"refresh-ttl", SET_INT, F(refresh_ttl), "2592000", 3600, 31536000, false,
     "refresh session lifetime, seconds"},
    {"hash-concurrency", SET_INT, F(hash_concurrency), "2", 1, 64, false,
     "password hashes computed at once (each takes 19 MiB)"},
    {"login-account-limit", SET_INT, F(login_account_limit), "5", 1, 1000, false,
     "failed sign-ins per account per window"},
    {"login-addr-limit", SET_INT, F(login_addr_limit), "30", 1, 100000, false,
     "failed sign-ins per client address per window"},
    {"login-window", SET_INT, F(login_window), "900", 1, 86400, false,
     "throttling window, seconds"},
    {"hold-ttl", SET_INT, F(hold_ttl), "900", 30, 86400, false,
     "seconds a paid booking holds its seats before payment"},
    {"unsafe-no-seat-guard", SET_BOOL, F(unsafe_no_seat_guard), "false", 0, 0, false,
     "TESTS ONLY: do not guard capacity, to prove the oversell tests can fail"},
    {"demo-events", SET_INT, F(demo_events), "1200", 0, 100000, false,
     "demo: events in the demo catalog (created once), with bookings in every state"},
    {"load-users", SET_INT, F(load_users), "0", 0, 1000000, false,
     "demo: also create this many users with API tokens, for load tests"},
    {"load-tokens", SET_STR, F(load_tokens), "", 0, 0, false,
     "demo: the file their tokens are written to, one a line"},
    {"waitlist-offer-ttl", SET_INT, F(waitlist_offer_ttl), "1800", 60, 604800, false,
     "seconds a waitlist offer holds its seats for the person offered"},
    {"popularity-every", SET_INT, F(popularity_every), "10", 1, 3600, false,
     "seconds between refreshes of the popularity the listing sorts by"},
    {"search-cache-mb", SET_INT, F(search_cache_mb), "0", 0, 4096, false,
     "memory for listing pages kept by query (seats are always read live); 0: off. Worth it "
     "with --search-index false only: the index answers as cheaply as a cached page"},
    {"search-index", SET_BOOL, F(search_index), "true", 0, 0, false,
     "answer listings from an index of the catalog in memory, rebuilt when it changes"},
    {"scheduler", SET_BOOL, F(scheduler), "true", 0, 0, false,
     "run the scheduled jobs (hold expiry...) inside serve; false when workers do"},
    {"group-commit", SET_BOOL, F(group_commit), "true", 0, 0, false,
     "SQLite: write bookings through one writer, many to a commit (one fsync)"},
    {"group-commit-batch", SET_INT, F(group_commit_batch), "256", 1, 100000, false,
     "SQLite: the most use cases one commit carries"},
    {"load-events", SET_INT, F(load_events), "0", 0, 1000000, false,
     "demo: also create this many published events (varied, the first free), for load tests"},
    {"load-capacity", SET_INT, F(load_capacity), "100", 1, 1000000, false,
     "demo: the capacity of each of them"},
    {"trust-proxy", SET_BOOL, F(trust_proxy), "false", 0, 0, false,
     "take the client address from X-Forwarded-For"},
    {"cookie-secure", SET_BOOL, F(cookie_secure), "false", 0, 0, false,
     "mark session cookies Secure (set it when clients reach the server over HTTPS)"},
    {"public-url", SET_STR, F(public_url), "http://127.0.0.1:8080", 0, 0, false,
     "absolute base of the links in emails and messages"},
    {"deliver", SET_BOOL, F(deliver), "true", 0, 0, false,
     "route the outbox and deliver notifications (email, Telegram, webhooks) in serve/worker"},
    {"delivery-max-attempts", SET_INT, F(delivery_max_attempts), "8", 1, 100, false,
     "attempts before a message is dead-lettered"},
    {"delivery-backoff", SET_INT, F(delivery_backoff), "30", 1, 86400, false,
     "seconds before the first retry; each retry waits twice as long, with jitter"},
    {"delivery-backoff-cap", SET_INT, F(delivery_backoff_cap), "21600", 1, 604800, false,
     "the longest wait between two attempts, seconds"},
    {"delivery-lease", SET_INT, F(delivery_lease), "120", 5, 86400, false,
     "seconds a claimed message stays claimed; after that another worker may send it"},
    {"delivery-batch", SET_INT, F(delivery_batch), "64", 1, 10000, false,
     "messages a delivery worker claims at once"},
    {"delivery-workers", SET_INT, F(delivery_workers), "4", 1, 64, false,
     "threads that send due messages (with --deliver)"},
    {"delivery-timeout", SET_INT, F(delivery_timeout), "20", 1, 600, false,
     "seconds one send (SMTP, HTTP) may take"},
    {"delivery-nice", SET_INT, F(delivery_nice), "19", 0, 19, false,
     "the delivery threads' nice value: requests come first, messages drain after a storm"},
    {"unsubscribe-ttl", SET_INT, F(unsubscribe_ttl), "7776000", 3600, 315360000, false,
     "seconds an unsubscribe link in an email stays valid"},
    {"smtp-url", SET_STR, F(smtp_url), "", 0, 0, false,
     "smtp://host:port or smtps://host:port of the mail relay; empty: no email"},
    {"smtp-from", SET_STR, F(smtp_from), "boxoffice@localhost", 0, 0, false,
     "the From address of notification emails"},
    {"smtp-user", SET_STR, F(smtp_user), "", 0, 0, false, "SMTP user name, if the relay wants one"},
    {"smtp-password", SET_STR, F(smtp_password), "", 0, 0, true, "SMTP password"},
    {"telegram-bot-token", SET_STR, F(telegram_bot_token), "", 0, 0, true,
     "the Telegram bot's token; empty: no Telegram"},
    {"telegram-bot-name", SET_STR, F(telegram_bot_name), "", 0, 0, false,
     "the bot's username, for the t.me/<bot>?start= link"},
    {"telegram-api-url", SET_STR, F(telegram_api_url), "https://api.telegram.org", 0, 0, false,
     "the Bot API's base URL"},
    {"telegram-webhook-secret", SET_STR, F(telegram_webhook_secret), "", 0, 0, true,
     "secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (the server registers the "
     "webhook at --public-url); empty: long polling instead"},
};

#define SETTING_COUNT (sizeof(settings) / sizeof(settings[0]))

static void add_error(struct config_errors *errs, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_error(struct config_errors *errs, const char *fmt, ...)
{
    va_list ap;

    if (errs->count < (int)(sizeof(errs->msg) / sizeof(errs->msg[0]))) {
        va_start(ap, fmt);
        vsnprintf(errs->msg[errs->count], sizeof(errs->msg[0]), fmt, ap);
        va_end(ap);
    }
    errs->count++;
}

static bool
parse_long(const char *s, long *out)
{
    char *end;

    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0') {
        return false;
    }
    *out = v;
    return true;
}

static bool
parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};

    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(s, yes[i]) == 0 || strcasecmp(s, no[i]) == 0) {
            *out = strcasecmp(s, yes[i]) == 0;
            return true;
        }
    }
    return false;
}

/* Store value into the field of st; reports a malformed value. */
static void
set_value(struct config *cfg, const struct setting *st, const char *value,
          struct config_errors *errs)
{
    char *field = (char *)cfg + st->offset;
    long v;
    bool b;

    switch (st->type) {
    case SET_STR:
        free(*(char **)field);
        *(char **)field = xstrdup(value);
        break;
    case SET_INT:
        if (!parse_long(value, &v) || v < st->min || v > st->max) {
            add_error(errs, "%s: '%s' is not a whole number in range", st->name, value);
            return;
        }
        *(int *)field = (int)v;
        break;
    case SET_BOOL:
        if (!parse_bool(value, &b)) {
            add_error(errs, "%s: '%s' is not true or false", st->name, value);
            return;
        }
        *(bool *)field = b;
        break;
    }
}

static const struct setting *
find_setting(const char *name, size_t len)
{
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        if (strlen(settings[i].name) == len && strncmp(settings[i].name, name, len) == 0) {
            return &settings[i];
        }
    }
    return NULL;
}

void
config_defaults(struct config *cfg)
{
    struct config_errors ignored = {0};

    memset(cfg, 0, sizeof(*cfg));
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        set_value(cfg, &settings[i], settings[i].def, &ignored);
    }
}

/* BOXOFFICE_BODY_LIMIT -> body-limit */
static bool
env_to_name(const char *var, size_t len, char *out, size_t cap)
{
    if (len >= cap) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        out[i] = var[i] == '_' ? '-' : (char)tolower((unsigned char)var[i]);
    }
    out[len] = '\0';
    return true;
}

void
config_load_env(struct config *cfg, char *const *envp, struct config_errors *errs)
{
    static const char prefix[] = "BOXOFFICE_";
    char name[64];

    for (; envp != NULL && *envp != NULL; envp++) {
        const char *e = *envp;
        const char *eq = strchr(e, '=');

        if (strncmp(e, prefix, sizeof(prefix) - 1) != 0 || eq == NULL) {
            continue;
        }
        const char *var = e + sizeof(prefix) - 1;
        if (!env_to_name(var, (size_t)(eq - var), name, sizeof(name))) {
            continue;
        }
        const struct setting *st = find_setting(name, strlen(name));
        if (st == NULL) {
            if (strncmp(var, "TEST_", 5) != 0) {
                add_error(errs, "%.*s: unknown setting", (int)(eq - e), e);
            }
            continue;
        }
        set_value(cfg, st, eq + 1, errs);
    }
}

void
config_load_args(struct config *cfg, int argc, char **argv, int *rest, int *rest_count,
                 struct config_errors *errs)
{
    *rest_count = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) - 2 : strlen(a) - 2;
        const struct setting *st = strncmp(a, "--", 2) == 0 ? find_setting(a + 2, len) : NULL;

        if (st == NULL) {
            rest[(*rest_count)++] = i;
            continue;
        }
        if (eq != NULL) {
            set_value(cfg, st, eq + 1, errs);
        } else if (st->type == SET_BOOL) {
            set_value(cfg, st, "true", errs);
        } else if (i + 1 < argc) {
            set_value(cfg, st, argv[++i], errs);
        } else {
            add_error(errs, "--%s: needs a value", st->name);
        }
    }
}

static bool
valid_listen(const char *s)
{
    const char *colon = strrchr(s, ':');
    long port;

    return colon != NULL && colon != s && parse_long(colon + 1, &port) && port >= 0 && port < 65536;
}

void
config_validate(const struct config *cfg, struct config_errors *errs)
{
    static const char *const levels[] = {"error", "warn", "info", "debug"};
    bool level_ok = false;

    if (!valid_listen(cfg->listen)) {
        add_error(errs, "listen: '%s' is not host:port", cfg->listen);
    }
    if (strncmp(cfg->db, "sqlite:", 7) != 0 && strncmp(cfg->db, "postgres://", 11) != 0 &&
        strncmp(cfg->db, "postgresql://", 13) != 0) {
        add_error(errs, "db: '%s' is neither sqlite:PATH nor postgres://...", cfg->db);
    }
    for (size_t i = 0; i < 4; i++) {
        level_ok = level_ok || strcmp(cfg->log_level, levels[i]) == 0;
    }
    if (!level_ok) {
        add_error(errs, "log-level: '%s' is not error, warn, info or debug", cfg->log_level);
    }
    if (cfg->secret_key[0] != '\0' && strlen(cfg->secret_key) != 43) {
        add_error(errs, "secret-key: must be 32 bytes in base64url (43 characters)");
    }
}

void
config_print(const struct config *cfg, FILE *out)
{
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        const struct setting *st = &settings[i];
        const char *field = (const char *)cfg + st->offset;

        switch (st->type) {
        case SET_STR: {
            const char *v = *(char *const *)field;
            fprintf(out, "%s = %s\n", st->name, st->secret && v[0] ? "********" : v);
            break;
        }
        case SET_INT:
            fprintf(out, "%s = %d\n", st->name, *(const int *)field);
            break;
        case SET_BOOL:
            fprintf(out, "%s = %s\n", st->name, *(const bool *)field ? "true" : "false");
            break;
        }
    }
}

void
config_usage(FILE *out)
{
    char env[64];

    for (size_t i = 0; i < SETTING_COUNT; i++) {
        const struct setting *st = &settings[i];
        size_t n = strlen(st->name);

        for (size_t j = 0; j <= n; j++) {
            env[j] = st->name[j] == '-' ? '_' : (char)toupper((unsigned char)st->name[j]);
        }
        fprintf(out, "  --%-22s BOXOFFICE_%-22s %s (default: %s)\n", st->name, env, st->help,
                st->def[0] ? st->def : "none");
    }
}

void
config_free(struct config *cfg)
{
    for (size_t i = 0; i < SETTING_COUNT; i++) {
        if (settings[i].type == SET_STR) {
            char **field = (char **)((char *)cfg + settings[i].offset);
            free(*field);
            *field = NULL;
        }
    }
}
