#!/bin/sh
# bench/http.sh BIN - HTTP micro-benchmark on 127.0.0.1 with wrk (64 connections, 2 threads):
#   /healthz, and an authenticated GET /api/v1/me; req/s, p50, p99; the server's RSS at idle and
#   after at least 1,000,000 requests (it must not grow). Prints figures; not a CI test.
#   DURATION=seconds per run (default 15); DB=sqlite|pg is taken from BOXOFFICE_DB if set.
set -eu
bin=${1:-build/boxoffice}
duration=${DURATION:-15}
dir=$(mktemp -d /tmp/boxoffice-bench.XXXXXX)
db=${BOXOFFICE_DB:-sqlite:$dir/bench.db}
port=$((18000 + $$ % 1000))
url=http://127.0.0.1:$port

cleanup() {
    [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

rss_kib() {
    awk '/^VmRSS/ {print $2}' "/proc/$1/status"
}

# run_wrk NAME PATH [HEADER]: prints "NAME req/s p50 p99 requests"
run_wrk() {
    name=$1
    path=$2
    shift 2
    out=$(wrk -t2 -c64 -d"${duration}s" --latency "$@" "$url$path")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    total=$(echo "$out" | awk '/requests in/ {print $1}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    printf '%-22s %10s req/s   p50 %-9s p99 %-9s (%s requests, non-2xx: %s)\n' \
        "$name" "$rps" "$p50" "$p99" "$total" "${non2xx:-0}"
    echo "$total" >"$dir/last_total"
}

"$bin" demo --db "$db" >/dev/null
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --log-file "$dir/server.log" \
    >"$dir/stdout" 2>&1 &
pid=$!
i=0
until curl -sf "$url/healthz" >/dev/null; do
    i=$((i + 1))
    [ "$i" -lt 100 ] || { echo "bench: server did not start" >&2; cat "$dir/stdout" >&2; exit 1; }
    sleep 0.1
done
token=$(curl -sf "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"login":"anna","password":"boxoffice-demo"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')

echo "boxoffice HTTP benchmark: $(nproc) cores, wrk -t2 -c64 -d${duration}s, db ${db%%:*}"
cold=$(rss_kib "$pid")
echo "server RSS at idle, cold: $((cold / 1024)) MiB"
# Warm up: threads, the lazily opened connections and their page caches come to stay.
wrk -t2 -c64 -d2s "$url/healthz" >/dev/null
wrk -t2 -c64 -d2s -H "Authorization: Bearer $token" "$url/api/v1/me" >/dev/null
idle=$(rss_kib "$pid")
echo "server RSS at idle, warm: $((idle / 1024)) MiB"
served=0
round=0
while [ "$served" -lt 1000000 ]; do
    round=$((round + 1))
    run_wrk "GET /healthz" /healthz
    served=$((served + $(cat "$dir/last_total")))
    run_wrk "GET /api/v1/me" /api/v1/me -H "Authorization: Bearer $token"
    served=$((served + $(cat "$dir/last_total")))
    echo "server RSS after $served requests: $(($(rss_kib "$pid") / 1024)) MiB"
done
after=$(rss_kib "$pid")
echo "RSS growth over $served requests after warm-up: $(((after - idle) / 1024)) MiB" \
    "($((idle / 1024)) MiB warm, $((after / 1024)) MiB now; $(((after - idle))) KiB)"
