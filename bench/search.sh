#!/bin/sh
# bench/search.sh BIN - catalog search over 100,000 events on 127.0.0.1: a rotating mix of
# filters, text queries and sorts (bench/search.lua), wrk -t2 -c64. Prints req/s, p50, p99,
# /healthz in the same run, and the server's RSS. BOXOFFICE_DB=postgres://... for PostgreSQL.
set -eu
bin=${1:-build/boxoffice}
duration=${DURATION:-10}
events=${EVENTS:-100000}
dir=$(mktemp -d /tmp/boxoffice-bench.XXXXXX)
db=${BOXOFFICE_DB:-sqlite:$dir/bench.db}
port=$((20000 + $$ % 1000))
url=http://127.0.0.1:$port

cleanup() {
    [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"$bin" demo --db "$db" --demo-events 0 --load-events "$events" --load-capacity 50 \
    >/dev/null 2>&1
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --log-level warn \
    --log-file "$dir/server.log" >"$dir/stdout" 2>&1 &
pid=$!
until curl -sf "$url/healthz" >/dev/null; do sleep 0.1; done

latency() {
    awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2}
         /Non-2xx/ {bad=$5} END {print r, p50, p99, (bad ? bad : 0)}'
}
curl -sf "$url/api/v1/events?city=Lviv&q=load&limit=5" >/dev/null
health=$(wrk -t2 -c64 -d2s --latency "$url/healthz" | latency)
search=$(wrk -t2 -c64 -d"${duration}s" --latency -s bench/search.lua "$url" | latency)
rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
echo "boxoffice search benchmark ($events events, db ${db%%:*}, $(nproc) cores, wrk -t2 -c64 -d${duration}s)"
echo "$search $health $rss" | awk '{printf "search: %s req/s  p50 %s  p99 %s  (non-2xx: %s)\n/healthz: %s req/s  p50 %s  p99 %s\nratio search / healthz: %.2f\nserver RSS: %s MiB\n", $1, $2, $3, $4, $5, $6, $7, $1 / $5, $9}'
