# boxoffice - one Makefile. Sources are listed explicitly: adding a file is a reviewed change.
#
#   make run      install what is missing, build, seed demo data, serve on 127.0.0.1:8080
#   make test     install what is missing, build, run every suite (SQLite and PostgreSQL,
#                 plain and under ASan+UBSan), lint the OpenAPI document; prints a summary
#   make check    style gates: clang-format, scripts/checksrc, each header compiles alone
#   make asan     the binary and tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench    the benchmarks in bench/ (not part of make test)

BUILD    ?= build
CC       ?= cc
PKGS     := libmicrohttpd json-c sqlite3 libpq libsodium libcurl libqrencode
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wcast-qual -Wformat=2 -fno-common
OPT      ?= -O2 -g
SAN      ?=
CPPFLAGS := -Isrc -I$(BUILD)/gen -D_GNU_SOURCE $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CFLAGS   := -std=c17 $(WARN) $(OPT) $(SAN) -pthread
LDLIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -pthread -lm
TEST_LIBS := $(shell pkg-config --libs criterion 2>/dev/null)

LIB_SRCS := src/lib/xalloc.c src/lib/arena.c src/lib/clock.c src/lib/log.c src/lib/token.c \
            src/lib/jsonw.c src/lib/url.c src/lib/sign.c src/lib/qr.c src/lib/tz.c
CORE_SRCS := src/core/err.c src/core/ctx.c src/core/text.c src/core/account.c src/core/event.c \
             src/core/booking.c src/core/search.c src/core/organizer.c src/core/html.c \
             src/core/listing.c src/core/notice.c src/core/webhook.c src/core/tgbot.c
STORE_SRCS := src/store/store.c src/store/store_organizers.c src/store/store_catalog.c \
              src/store/sqlite/sqlite.c src/store/sqlite/accounts.c src/store/sqlite/bookings.c \
              src/store/sqlite/organizers.c src/store/sqlite/catalog.c \
              src/store/pg/pg.c src/store/pg/accounts.c src/store/pg/bookings.c \
              src/store/pg/organizers.c src/store/pg/catalog.c \
              src/store/store_hooks.c src/store/sqlite/webhooks.c src/store/pg/webhooks.c \
              src/store/store_telegram.c src/store/sqlite/telegram.c src/store/pg/telegram.c
APP_SRCS := src/app/env.c src/app/tx.c src/app/writer.c src/app/password.c src/app/audit.c \
            src/app/auth.c \
            src/app/accounts.c src/app/bookings.c src/app/waitlist.c src/app/organizers.c \
            src/app/catalog.c src/app/catalog_cache.c src/app/catalog_index.c src/app/catalog_rows.c \
            src/app/demo_orgs.c src/app/webhooks.c src/app/prefs.c src/app/telegram.c \
            src/app/demo.c
API_SRCS := src/api/req.c src/api/json_in.c src/api/json_out.c src/api/auth.c src/api/me.c \
            src/api/admin.c src/api/meta.c src/api/events.c src/api/bookings.c src/api/waitlist.c \
            src/api/organizers.c src/api/catalog.c src/api/webhooks.c src/api/prefs.c \
            src/api/telegram.c \
            src/api/routes.c
CHAN_SRCS := src/chan/http.c src/chan/email.c src/chan/telegram.c src/chan/webhook.c \
             src/chan/tgapi.c
JOBS_SRCS := src/jobs/scheduler.c src/jobs/telegram_poll.c
HTTP_SRCS := src/http/server.c src/http/router.c src/http/problem.c src/http/metrics.c
TOP_SRCS := src/config.c
MAIN_SRC := src/main.c
# issue 4, email and reminders
CORE_SRCS += src/core/tbuf.c src/core/caltime.c src/core/ics.c src/core/mime.c src/core/reminder.c
STORE_SRCS += src/store/store_reminders.c src/store/sqlite/reminders.c src/store/pg/reminders.c
APP_SRCS += src/app/reminders.c

SQLITE_MIGRATIONS := src/store/sqlite/migrations/001_accounts.sql \
                     src/store/sqlite/migrations/002_catalog_bookings.sql \
                     src/store/sqlite/migrations/003_idempotency.sql \
                     src/store/sqlite/migrations/004_search.sql \
                     src/store/sqlite/migrations/005_waitlist.sql \
                     src/store/sqlite/migrations/006_favorites.sql \
                     src/store/sqlite/migrations/007_organizers.sql \
                     src/store/sqlite/migrations/008_listing_order.sql \
                     src/store/sqlite/migrations/010_taxonomies.sql \
                     src/store/sqlite/migrations/012_search_index.sql \
                     src/store/sqlite/migrations/014_seats_index.sql \
                     src/store/sqlite/migrations/016_messaging.sql \
                     src/store/sqlite/migrations/017_delivery_speed.sql \
                     src/store/sqlite/migrations/018_telegram_updates.sql
PG_MIGRATIONS := src/store/pg/migrations/001_accounts.sql \
                 src/store/pg/migrations/002_catalog_bookings.sql \
                 src/store/pg/migrations/003_idempotency.sql \
                 src/store/pg/migrations/004_search.sql \
                 src/store/pg/migrations/005_waitlist.sql \
                 src/store/pg/migrations/006_favorites.sql \
                 src/store/pg/migrations/007_organizers.sql \
                 src/store/pg/migrations/008_listing_order.sql \
                 src/store/pg/migrations/010_taxonomies.sql \
                 src/store/pg/migrations/011_booking_batch.sql \
                 src/store/pg/migrations/012_search_index.sql \
                 src/store/pg/migrations/015_booking_rows.sql \
                 src/store/pg/migrations/016_messaging.sql \
                 src/store/pg/migrations/017_delivery_speed.sql \
                 src/store/pg/migrations/018_telegram_updates.sql
GEN_SRCS := $(BUILD)/gen/migrations_sqlite.c $(BUILD)/gen/migrations_pg.c \
            $(BUILD)/gen/openapi_doc.c
# issue 4: notice templates, checked and turned into C tables at build time
NOTICE_TEMPLATES := templates/notices/en.json templates/notices/ru.json templates/notices/uk.json
GEN_SRCS += $(BUILD)/gen/notice_templates.c

# Delivery engine (issue 4): backoff, routing, the router and delivery threads, in-app, admin.
CORE_SRCS += src/core/backoff.c src/core/route.c
STORE_SRCS += src/store/store_messaging.c src/store/sqlite/messaging.c src/store/pg/messaging.c
APP_SRCS += src/app/messaging.c
JOBS_SRCS += src/jobs/delivery.c
API_SRCS += src/api/notifications.c

# Quiet by default (one line per file); make V=1 shows the full commands.
Q := $(if $(V),,@)
SRCS := $(LIB_SRCS) $(CORE_SRCS) $(STORE_SRCS) $(APP_SRCS) $(CHAN_SRCS) $(JOBS_SRCS) $(API_SRCS) \
        $(HTTP_SRCS) $(TOP_SRCS)
OBJS := $(SRCS:%.c=$(BUILD)/%.o) $(GEN_SRCS:.c=.o)
BIN  := $(BUILD)/boxoffice

UNIT_TESTS := tests/unit/test_arena.c tests/unit/test_clock.c tests/unit/test_token.c \
              tests/unit/test_account.c tests/unit/test_config.c tests/unit/test_router.c \
              tests/unit/test_openapi_routes.c tests/unit/test_search.c tests/unit/test_html.c \
              tests/unit/test_json_out.c tests/unit/test_sign.c tests/unit/test_chan_webhook.c \
              tests/unit/test_backoff.c tests/unit/test_qr.c tests/unit/test_tgbot.c \
              tests/unit/test_tz.c
STORE_TESTS := tests/store/test_store_accounts.c tests/app/test_app_bookings.c \
               tests/app/test_app_waitlist.c tests/app/test_app_search.c \
               tests/app/test_app_listing.c tests/app/test_app_prefs.c tests/app/test_app_messaging.c \
               tests/app/test_app_telegram.c
# issue 4, email and reminders
UNIT_TESTS += tests/unit/test_notice.c tests/unit/test_mime.c tests/unit/test_chan_email.c
STORE_TESTS += tests/app/test_app_reminders.c
HTTP_TESTS := tests/http/test_http_basics.c tests/http/test_http_auth.c \
              tests/http/test_http_bookings.c tests/http/test_http_storm.c \
              tests/http/test_http_me.c tests/http/test_http_admin.c \
              tests/http/test_http_cookies.c tests/http/test_http_organizers.c \
              tests/http/test_http_catalog.c tests/http/test_http_webhooks.c \
              tests/http/test_http_notifications.c \
              tests/http/test_chan_telegram.c tests/http/test_http_telegram.c \
              tests/http/test_http_delivery_crash.c
TEST_SUPPORT := tests/lib/testdb.c tests/lib/server.c tests/lib/client.c tests/lib/appenv.c \
                tests/lib/hookrecv.c tests/lib/fakebot.c

TEST_BINS := $(UNIT_TESTS:tests/%.c=$(BUILD)/tests/%) $(STORE_TESTS:tests/%.c=$(BUILD)/tests/%) \
             $(HTTP_TESTS:tests/%.c=$(BUILD)/tests/%)

.PHONY: all run test tests check asan bench deps deps-test clean
all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/gen/migrations_sqlite.c: $(SQLITE_MIGRATIONS) scripts/embed-sql
	@mkdir -p $(dir $@)
	$(Q)sh scripts/embed-sql sqlite $(SQLITE_MIGRATIONS) > $@

$(BUILD)/gen/migrations_pg.c: $(PG_MIGRATIONS) scripts/embed-sql
	@mkdir -p $(dir $@)
	$(Q)sh scripts/embed-sql pg $(PG_MIGRATIONS) > $@

$(BUILD)/gen/openapi_doc.c: docs/openapi.json scripts/embed-file
	@mkdir -p $(dir $@)
	$(Q)sh scripts/embed-file openapi_doc docs/openapi.json > $@

$(BUILD)/tools/embed-notices: scripts/embed-notices.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LDLIBS)

$(BUILD)/gen/notice_templates.c: $(NOTICE_TEMPLATES) $(BUILD)/tools/embed-notices
	@mkdir -p $(dir $@)
	$(Q)$(BUILD)/tools/embed-notices $(NOTICE_TEMPLATES) > $@.tmp && mv $@.tmp $@

$(BIN): $(OBJS) $(BUILD)/src/main.o
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# Tests link every object but main.o.
$(BUILD)/tests/%: tests/%.c $(OBJS) $(TEST_SUPPORT:%.c=$(BUILD)/%.o)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CPPFLAGS) -Itests $(CFLAGS) -MMD -MP -o $@ $(filter %.c %.o,$^) $(LDLIBS) $(TEST_LIBS)

$(BUILD)/tests/lib/%.o: tests/lib/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) -Itests $(CFLAGS) -MMD -MP -c $< -o $@

deps:
	@sh scripts/deps.sh run

deps-test:
	@sh scripts/deps.sh test

# Recursive makes: pkg-config must run after deps has installed the -dev packages.
run: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/run.sh $(BIN)

# test builds both trees (plain and sanitized), then scripts/test.sh runs every suite on each.
test: deps deps-test
	@$(MAKE) --no-print-directory all tests
	@$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" all tests
	@sh scripts/test.sh

tests: $(TEST_BINS)

check:
	@sh scripts/checksrc
	@clang-format --dry-run --Werror $(SRCS) $(MAIN_SRC) $(wildcard src/*/*.h src/*/*/*.h)
	@for h in $(wildcard src/*/*.h src/*/*/*.h); do \
	    echo "#include \"$$h\"" | $(CC) $(CPPFLAGS) $(CFLAGS) -x c -fsyntax-only -I. - \
	    || { echo "header not self-contained: $$h"; exit 1; }; done
	@echo "check: ok"

asan:
	@$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" all tests

bench: deps
	@sh scripts/deps.sh bench
	@$(MAKE) --no-print-directory all
	@sh bench/http.sh $(BIN)

clean:
	rm -rf build

-include $(OBJS:.o=.d) $(BUILD)/src/main.d $(wildcard $(BUILD)/tests/lib/*.d) \
         $(TEST_BINS:=.d)
