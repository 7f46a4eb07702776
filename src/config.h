/* SPDX-License-Identifier: MIT */
/*
 * config.h - every setting of the server, from one table.
 *
 * Sources, later ones winning: built-in defaults, BOXOFFICE_* environment
 * variables, command-line flags (--name=value or --name value). After
 * loading, every value is checked and every bad one reported; then the
 * config is frozen and passed around as const.
 */
#ifndef BO_CONFIG_H
#define BO_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

struct config {
    char *listen;     /* host:port */
    char *db;         /* sqlite:PATH or postgres://... */
    char *web_root;   /* directory of the web UI */
    char *secret_key; /* base64url, 32 bytes; empty: generated once, kept in the DB */
    char *log_level;  /* error, warn, info, debug */
    char *log_file;   /* empty: stderr */
    int threads;      /* HTTP worker threads; 0: one per core */
    int workers;      /* threads that run database handlers */
    int read_workers; /* of them, a pool of its own for reads */
    int body_limit;   /* bytes */
    int header_limit; /* bytes */
    int idle_timeout; /* seconds a connection may stay silent */
    int max_connections;
    int access_ttl;            /* seconds */
    int refresh_ttl;           /* seconds */
    int hash_concurrency;      /* password hashes computed at once */
    int login_account_limit;   /* failed logins per account per window */
    int login_addr_limit;      /* failed logins per client address per window */
    int login_window;          /* seconds */
    int hold_ttl;              /* seconds a paid booking's seats are held */
    int waitlist_offer_ttl;    /* seconds a waitlist offer (a held booking) stays open */
    int search_cache_mb;       /* listing pages kept by query (app/catalog_cache.h); 0: off */
    bool search_index;         /* listings from an index in memory (app/catalog_index.h) */
    int popularity_every;      /* seconds between refreshes of the listing's popularity */
    bool scheduler;            /* run the scheduled jobs inside serve */
    bool group_commit;         /* SQLite: batch write use cases into shared commits */
    int group_commit_batch;    /* at most this many use cases per commit */
    bool trust_proxy;          /* take the client address from X-Forwarded-For */
    bool cookie_secure;        /* session cookies only over HTTPS */
    bool unsafe_no_seat_guard; /* TESTS ONLY: skip the seat guard (negative control) */
    int demo_events;           /* demo: the size of the demo catalog */
    int load_users;            /* demo: this many extra users, for load tests */
    char *load_tokens;         /* demo: write their API tokens here, one a line */
    int load_events;           /* demo: this many extra published events */
    int load_capacity;         /* demo: seats of each of them */
    /* messaging (docs/notifications.md) */
    char *public_url;          /* absolute base of links in messages, e.g. https://x.example */
    bool deliver;              /* run the outbox router and the delivery workers */
    int delivery_max_attempts; /* then the message is dead-lettered */
    int delivery_backoff;      /* seconds before the first retry; doubles, with jitter */
    int delivery_backoff_cap;  /* seconds, the longest wait between retries */
    int delivery_lease;        /* seconds a claimed message is someone's before it is due again */
    int delivery_batch;        /* messages claimed at once */
    int delivery_timeout;      /* seconds one send may take (SMTP, HTTP) */
    int delivery_nice;         /* the delivery threads' nice value, 0 to 19 */
    int delivery_workers;      /* threads that send due messages */
    int unsubscribe_ttl;       /* seconds an unsubscribe link stays valid */
    char *smtp_url;            /* smtp://host:port or smtps://...; empty: no email */
    char *smtp_from;           /* From: address */
    char *smtp_user;
    char *smtp_password;
    char *telegram_bot_token;      /* empty: no Telegram */
    char *telegram_bot_name;       /* the bot's username, for t.me/<bot>?start= links */
    char *telegram_api_url;        /* Bot API base; tests point it at a local stand-in */
    char *telegram_webhook_secret; /* X-Telegram-Bot-Api-Secret-Token; empty: long polling */
};

/* A list of problems found while loading; each a line for the user. */
struct config_errors {
    char msg[16][160];
    int count;
};

/* Fill cfg with defaults. */
void config_defaults(struct config *cfg);
/* Apply BOXOFFICE_* variables from envp. */
void config_load_env(struct config *cfg, char *const *envp, struct config_errors *errs);
/*
 * Apply --flags from argv[0..argc); flags this table does not know are left
 * for the caller: their indexes go to rest[] (*rest_count of them).
 */
void config_load_args(struct config *cfg, int argc, char **argv, int *rest, int *rest_count,
                      struct config_errors *errs);
/* Check every value; adds one message per bad setting. */
void config_validate(const struct config *cfg, struct config_errors *errs);
/* "name = value" lines, secrets masked. */
void config_print(const struct config *cfg, FILE *out);
/* One line per setting for --help. */
void config_usage(FILE *out);
void config_free(struct config *cfg);

#endif
