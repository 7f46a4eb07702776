#!/bin/sh
# bench/search.sh [BIN] [sqlite|pg ...] - catalog search over EVENTS (100,000) load-test events
# on 127.0.0.1: a broad, skewed mix of filters, text queries, sorts and second pages
# (bench/search.lua), wrk -t2 -c64 for DURATION (10) seconds. For each backend (default:
# sqlite, then pg on a throwaway cluster from scripts/pg-cluster), four servers: the listing
# index (--search-index) on and off, each with the page cache (--search-cache-mb CACHE_MB, 32)
# and without; CONFIGS="on:0 off:32" picks some. Prints req/s, p50, p99, the server's CPU per
# request, the cache's and the index's hit ratios, /healthz in the same run, and the server's
# RSS; fails when an answer was not 200 or no page had items.
# BOXOFFICE_DB=URL runs on that database instead (adding EVENTS load-test events to it).
# SERVE_ARGS adds flags to `boxoffice serve` (e.g. "--read-workers 0" to compare).
# LOADGEN=c drives the same mix with the small C client (bench/loadgen.c) instead of wrk + Lua,
# which on two cores takes about as much CPU per request as the server does.
set -eu
bin=${1:-build/boxoffice}
[ $# -gt 0 ] && shift
backends=${*:-sqlite pg}
duration=${DURATION:-10}
events=${EVENTS:-100000}
dir=$(mktemp -d /tmp/boxoffice-bench.XXXXXX)
chmod 755 "$dir"
port=$((20000 + $$ % 1000))
url=http://127.0.0.1:$port
status=0

stop_server() {
    [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    pid=
}
cleanup() {
    stop_server
    [ -d "$dir/pg" ] && scripts/pg-cluster stop "$dir/pg" >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

# search_load SECONDS [--latency]: the mix for SECONDS, with wrk's summary lines
search_load() {
    if [ "${LOADGEN:-wrk}" = c ]; then
        "$dir/loadgen" search "$port" "$1" 64
    else
        # shellcheck disable=SC2086
        wrk -t2 -c64 -d"$1s" ${2:-} -s bench/search.lua "$url"
    fi
}
client="wrk -t2 -c64"
if [ "${LOADGEN:-wrk}" = c ]; then
    cc -O2 -o "$dir/loadgen" bench/loadgen.c
    client="bench/loadgen.c, 64 connections"
fi

# utime + stime of a process, in clock ticks: its CPU per request does not depend on what else
# runs on the machine, unlike req/s.
cpu_ticks() {
    for p in "$@"; do cat "/proc/$p/stat" 2>/dev/null; done |
        awk '{sub(/.*\) /, ""); t += $12 + $13} END {print t + 0}'
}

# the throwaway cluster's processes, if we started one (their CPU is the database's share)
pg_pids() {
    [ -f "$dir/pg/data/postmaster.pid" ] || return 0
    pm=$(head -n 1 "$dir/pg/data/postmaster.pid")
    echo "$pm" $(pgrep -P "$pm")
}

latency() {
    awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2}
         /Non-2xx/ {bad=$5} END {print r, p50, p99, (bad ? bad : 0)}'
}

# The catalog is built once, in SQLite (seconds; on PostgreSQL the same inserts are as many
# round trips, many minutes on a busy machine), and copied into PostgreSQL as it is, so both
# backends serve the same rows.
fixture="$dir/fixture.db"
build_fixture() {
    [ -f "$fixture" ] && return 0
    "$bin" demo --db "sqlite:$fixture" --demo-events 0 --load-events "$events" \
        --load-capacity 50 >/dev/null 2>&1
}

events_cols="id, organizer_id, author_id, kind, title, slug, description, timezone, location,
 city_id, genre_id, language, format, price_minor, sale_price_minor, recording_price_minor,
 currency, capacity, available, max_per_booking, rules, image_url, external_url, source,
 is_imported, visibility, approval, status, hidden, registration_closed, movie_title,
 movie_duration_min, starts_at, ends_at, created_at, updated_at, version"

# copy_to_pg URL: the fixture's cities, genres, events and sessions, ids included.
copy_to_pg() {
    "$bin" demo --db "$1" --demo-events 0 >/dev/null 2>&1
    cols=$(echo "$events_cols" | tr -d '\n')
    sqlite3 -csv "$fixture" "SELECT id, name FROM cities ORDER BY id" >"$dir/cities.csv"
    sqlite3 -csv "$fixture" "SELECT id, name FROM genres ORDER BY id" >"$dir/genres.csv"
    sqlite3 -csv "$fixture" "SELECT $cols FROM events ORDER BY id" >"$dir/events.csv"
    sqlite3 -csv "$fixture" "SELECT id, event_id, starts_at, ends_at FROM event_sessions
        ORDER BY id" >"$dir/sessions.csv"
    psql -qAt "$1" -v ON_ERROR_STOP=1 >/dev/null <<SQL
\copy cities (id, name) FROM '$dir/cities.csv' CSV
\copy genres (id, name) FROM '$dir/genres.csv' CSV
\copy events ($cols) FROM '$dir/events.csv' CSV
\copy event_sessions (id, event_id, starts_at, ends_at) FROM '$dir/sessions.csv' CSV
SELECT setval(pg_get_serial_sequence('cities', 'id'), (SELECT max(id) FROM cities));
SELECT setval(pg_get_serial_sequence('genres', 'id'), (SELECT max(id) FROM genres));
SELECT setval(pg_get_serial_sequence('events', 'id'), (SELECT max(id) FROM events));
SELECT setval(pg_get_serial_sequence('event_sessions', 'id'), (SELECT max(id) FROM event_sessions));
VACUUM ANALYZE;
SQL
}

# database URL for a backend name, with the catalog in it
database() {
    if [ -n "${BOXOFFICE_DB:-}" ]; then
        "$bin" demo --db "$BOXOFFICE_DB" --demo-events 0 --load-events "$events" \
            --load-capacity 50 >/dev/null 2>&1
        echo "$BOXOFFICE_DB"
        return
    fi
    build_fixture
    if [ "$1" = pg ]; then
        pg_url=$(scripts/pg-cluster start "$dir/pg" $((port + 1000)) | tail -n 1)
        copy_to_pg "$pg_url"
        echo "$pg_url"
    else
        cp "$fixture" "$dir/bench.db"
        echo "sqlite:$dir/bench.db"
    fi
}

# cache_counts: hits and misses of the search cache so far (0 0 when it is off)
cache_counts() {
    curl -s "$url/metrics" | awk '/^boxoffice_search_cache_total\{result="hit"\}/ {h=$2}
        /^boxoffice_search_cache_total\{result="miss"\}/ {m=$2} END {print h + 0, m + 0}'
}

# index_counts: pages from the index and from SQL so far (0 0 when it is off)
index_counts() {
    curl -s "$url/metrics" | awk '/^boxoffice_search_index_total\{result="hit"\}/ {h=$2}
        /^boxoffice_search_index_total\{result="miss"\}/ {m=$2} END {print h + 0, m + 0}'
}

# ratio "H0 M0" "H1 M1": hits in between, as a share of answers
ratio() {
    echo "$1 $2" | awk '{n = $3 - $1 + $4 - $2;
        if (n > 0) printf "%.1f%% of %d", 100 * ($3 - $1) / n, n; else print "off"}'
}

# serve DB CACHE_MB INDEX: one server, warmed up, measured; prints the figures
serve() {
    # shellcheck disable=SC2086
    "$bin" serve --db "$1" --listen "127.0.0.1:$port" --log-level warn \
        --log-file "$dir/server.log" --search-cache-mb "$2" --search-index="$3" \
        ${SERVE_ARGS:-} >"$dir/stdout" 2>&1 &
    pid=$!
    until curl -sf "$url/healthz" >/dev/null; do sleep 0.1; done
    # Warm up: the lazily prepared statements, the page cache, the index's rows and terms.
    search_load "${WARMUP:-5}" >/dev/null
    health=$(wrk -t2 -c64 -d2s --latency "$url/healthz" | latency)
    counts0=$(cache_counts)
    index0=$(index_counts)
    cpu0=$(cpu_ticks "$pid")
    db0=$(cpu_ticks $(pg_pids))
    out=$(search_load "$duration" --latency)
    cpu1=$(cpu_ticks "$pid")
    db1=$(cpu_ticks $(pg_pids))
    counts1=$(cache_counts)
    index1=$(index_counts)
    search=$(echo "$out" | latency)
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    cpu_us=$(echo "$cpu0 $cpu1 $requests $(getconf CLK_TCK)" |
        awk '{printf "%.0f", ($2 - $1) * 1e6 / $4 / $3}')
    db_us=$(echo "$db0 $db1 $requests $(getconf CLK_TCK)" |
        awk '{printf "%.0f", ($2 - $1) * 1e6 / $4 / $3}')
    hits=$(ratio "$counts0" "$counts1")
    index_hits=$(ratio "$index0" "$index1")
    rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
    stop_server
    echo "boxoffice search benchmark ($events events, db ${1%%:*}, $(nproc) cores," \
        "$client, ${duration}s, --search-cache-mb $2, --search-index=$3)"
    echo "$out" | grep '^pages:'
    echo "$search $health $rss $cpu_us" | awk '{printf "search: %s req/s  p50 %s  p99 %s  (non-2xx: %s)  server CPU %s us/request\n/healthz: %s req/s  p50 %s  p99 %s\nratio search / healthz: %.2f\nserver RSS: %s MiB\n", $1, $2, $3, $4, $10, $5, $6, $7, $1 / $5, $9}'
    [ "$db_us" != 0 ] && echo "PostgreSQL CPU: $db_us us/request"
    echo "$out" | grep '^client CPU' || true
    echo "cache hits: $hits; index answers: $index_hits"
    # Rare combinations of filters have no events: empty pages are right, errors are not.
    if ! echo "$out" | grep -q '^pages: [1-9][0-9]* with items, [0-9]* empty, 0 not 200'; then
        echo "search: FAILED (no page with items, or an answer other than 200)"
        status=1
    fi
}

# Each backend with the index and without, each with the cache (CACHE_MB, 32) and without
# it, on the same database.
run() {
    db=$(database "$1")
    for c in ${CONFIGS:-on:0 on:${CACHE_MB:-32} off:${CACHE_MB:-32} off:0}; do
        serve "$db" "${c#*:}" "${c%%:*}"
    done
}

for b in $backends; do
    run "$b"
done
exit $status
