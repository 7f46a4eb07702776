#!/bin/sh
# bench/booking.sh BIN [hot|spread] - booking throughput on 127.0.0.1, then the invariants.
#   hot:    one event with 100,000 seats, a different user per request
#   spread: 10,000 events of 10 seats, requests spread evenly over them
# LOADGEN=c uses the small C load generator (bench/loadgen.c) instead of wrk + Lua.
# SERVE_ARGS adds flags to `boxoffice serve` (e.g. "--workers 32" to compare; "--deliver=false"
# to book with the notification engine off).
# WEBHOOKS=1 gives every event an organizer with a webhook endpoint on a local receiver
# (bench/hooksink.c), so each booking also makes a webhook message; after the run it prints the
# backlog the run left and how long the engine took to deliver it.
# BOXOFFICE_DB picks the database (default: SQLite in a temp dir; postgres://... for PG; "pg"
# for a throwaway durable PostgreSQL cluster: scripts/pg-cluster start --durable).
# wrk -t2 -c64 for DURATION seconds (default 4: 100,000 users must outlast the run).
# Prints req/s, p50, p99, the ratio to /healthz in the same run, the server's RSS, and
# checks that every event's held + confirmed seats equal capacity - available <= capacity.
# Also the CPU time per booking of the server and (for BOXOFFICE_DB=pg) of PostgreSQL: on a
# machine shared with other work that moves far less than req/s does.
set -eu
bin=${1:-build/boxoffice}
mode=${2:-hot}
duration=${DURATION:-4}
dir=$(mktemp -d /tmp/boxoffice-bench.XXXXXX)
db=${BOXOFFICE_DB:-sqlite:$dir/bench.db}
port=$((19000 + $$ % 1000))
url=http://127.0.0.1:$port
. bench/lib.sh

cleanup() {
    [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    bench_sink_stop
    [ "${BOXOFFICE_DB:-}" = pg ] && scripts/pg-cluster stop "$dir/pg" >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

if [ "$db" = pg ]; then
    chmod 755 "$dir" # the cluster runs as the postgres user when we are root
    db=$(scripts/pg-cluster start --durable "$dir/pg" $((20000 + $$ % 1000)) | tail -n 1)
fi

case $mode in
hot) events=1 capacity=100000 ;;
spread) events=10000 capacity=10 ;;
*) echo "usage: $0 BIN hot|spread" >&2; exit 64 ;;
esac

"$bin" demo --db "$db" --demo-events 0 --load-users 100000 --load-tokens "$dir/tokens" \
    --load-events "$events" --load-capacity "$capacity" >"$dir/demo.out" 2>/dev/null
first=$(sed -n 's/.*load-test events, ids \([0-9]*\) to.*/\1/p' "$dir/demo.out")
if [ "${WEBHOOKS:-0}" = 1 ]; then
    bench_sink_start $((24000 + $$ % 1000))
    bench_hook_all_events
fi
case $db in
postgres*) # a steady start: statistics on what was loaded, and the load checkpointed. Not the
    # empty tables: "analyzed and empty" makes cached plans (foreign key checks) scan them.
    psql -qX "$db" -c 'VACUUM ANALYZE users, profiles, api_tokens, events' -c 'CHECKPOINT' ;;
esac
# shellcheck disable=SC2086
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --log-level warn \
    --log-file "$dir/server.log" ${SERVE_ARGS:-} >"$dir/stdout" 2>"$dir/stderr" &
pid=$!
until curl -sf "$url/healthz" >/dev/null; do sleep 0.1; done

latency() { # wrk output -> "req/s p50 p99"
    awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} END {print r, p50, p99}'
}
cpu_ticks() { # PIDS... -> their user + system time so far, in clock ticks
    for p in "$@"; do cat "/proc/$p/stat" 2>/dev/null; done |
        awk '{sub(/.*\) /, ""); t += $12 + $13} END {print t + 0}'
}
pg_pids() { # the throwaway cluster's processes, if we started one
    [ -f "$dir/pg/data/postmaster.pid" ] || return 0
    pm=$(head -n 1 "$dir/pg/data/postmaster.pid")
    echo "$pm" $(pgrep -P "$pm")
}
health=$(wrk -t2 -c64 -d2s --latency "$url/healthz" | latency)
cpu0="$(cpu_ticks "$pid") $(cpu_ticks $(pg_pids))"
if [ "${LOADGEN:-wrk}" = c ]; then
    # The small C client (bench/loadgen.c): one thread, no Lua, so the server gets the CPU
    # that wrk's script would take.
    cc -O2 -o "$dir/loadgen" bench/loadgen.c
    client="bench/loadgen.c, 64 connections, ${duration}s"
    out=$("$dir/loadgen" "$port" "$duration" 64 "$dir/tokens" "$first" "$events")
else
    client="wrk -t2 -c64 -d${duration}s"
    out=$(wrk -t2 -c64 -d"${duration}s" --latency -s bench/booking.lua "$url" -- \
        "$dir/tokens" "$first" "$events" 2)
fi
cpu1="$(cpu_ticks "$pid") $(cpu_ticks $(pg_pids))"
book=$(echo "$out" | latency)
rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
echo "boxoffice booking benchmark ($mode: $events events x $capacity seats, db ${db%%:*}," \
    "$(nproc) cores, $client)"
echo "$out" | grep statuses
echo "$book $health $rss" | awk '{printf "bookings: %s req/s  p50 %s  p99 %s\n/healthz: %s req/s  p50 %s  p99 %s\nratio bookings / healthz: %.2f\nserver RSS: %s MiB\n", $1, $2, $3, $4, $5, $6, $1 / $4, $7}'
echo "$out" | awk -v c="$cpu0 $cpu1 $(getconf CLK_TCK)" '/^statuses:/ {n = $2 + $4 + $7}
    END {split(c, t, " "); if (n > 0) printf "cpu per request: server %d us, postgres %d us\n",
        (t[3] - t[1]) * 1e6 / t[5] / n, (t[4] - t[2]) * 1e6 / t[5] / n}'
case ${SERVE_ARGS:-} in
*--deliver=false*) drain=0 ;; # the same data, the engine off: nothing to wait for
*) drain=${WEBHOOKS:-0} ;;
esac
if [ "$drain" = 1 ]; then
    echo "left by the run: $(bench_metric boxoffice_outbox_unrouted) outbox rows unrouted," \
        "$(bench_metric 'boxoffice_deliveries_pending{channel="webhook"}') webhook messages pending"
    drained=$(bench_wait_drained 600 || echo "- -")
    echo "$drained $(bench_sink_count)" | awk '{printf "drained: routed after %s s, sent after %s s; the receiver had %s messages\n", $1, $2, $4}'
fi
kill "$pid" && wait "$pid" 2>/dev/null || true
pid=

sh bench/check-invariants.sh "$db"
