#!/bin/sh
# bench/webhooks.sh [BIN] - webhook messages per second delivered to a local receiver
# (bench/hooksink.c) on 127.0.0.1.
#   1. MESSAGES (20,000) users book one free event each with delivery off (--deliver=false):
#      the outbox then holds two rows per booking (the guest's and the host's) and one webhook
#      message per booking waits to be routed.
#   2. The server restarts with delivery on; the clock runs from its start until the outbox is
#      routed and no webhook delivery is pending. That covers routing (in-app notifications,
#      short links, deliveries) and sending (signed, over keep-alive connections) together.
# Then the receiver must have every message exactly once by id, and the store must say each
# was sent. BOXOFFICE_DB as in bench/booking.sh ("pg" for a throwaway durable cluster).
# SERVE_ARGS adds flags to the delivering server (e.g. "--delivery-workers 8").
set -eu
bin=${1:-build/boxoffice}
messages=${MESSAGES:-20000}
dir=$(mktemp -d /tmp/boxoffice-bench.XXXXXX)
chmod 755 "$dir" # the cluster runs as the postgres user when we are root
db=${BOXOFFICE_DB:-sqlite:$dir/bench.db}
port=$((21000 + $$ % 1000))
url=http://127.0.0.1:$port
. bench/lib.sh

stop_server() {
    [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    pid=
}
cleanup() {
    stop_server
    bench_sink_stop
    [ -d "$dir/pg" ] && scripts/pg-cluster stop "$dir/pg" >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

serve() {
    "$bin" serve --db "$db" --listen "127.0.0.1:$port" --log-level warn \
        --log-file "$dir/server.log" "$@" >"$dir/stdout" 2>"$dir/stderr" &
    pid=$!
    until curl -sf "$url/healthz" >/dev/null; do sleep 0.05; done
}

if [ "$db" = pg ]; then
    db=$(scripts/pg-cluster start --durable "$dir/pg" $((22000 + $$ % 1000)) | tail -n 1)
fi
"$bin" demo --db "$db" --demo-events 0 --load-users "$messages" --load-tokens "$dir/tokens" \
    --load-events 1 --load-capacity "$messages" >"$dir/demo.out" 2>/dev/null
first=$(sed -n 's/.*load-test events, ids \([0-9]*\) to.*/\1/p' "$dir/demo.out")
bench_sink_start $((23000 + $$ % 1000))
bench_hook_all_events

serve --deliver=false
cc -O2 -o "$dir/loadgen" bench/loadgen.c
"$dir/loadgen" "$port" 120 64 "$dir/tokens" "$first" 1 | grep statuses
stop_server
case $db in
postgres*) psql -qX "$db" -c 'VACUUM ANALYZE' -c 'CHECKPOINT' ;;
esac
rows=$(bench_sql "SELECT count(*) FROM outbox WHERE routed_at IS NULL")

t0=$(date +%s.%N)
# shellcheck disable=SC2086
serve ${SERVE_ARGS:-}
drained=$(bench_wait_drained 600)
t1=$(date +%s.%N)
rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
stop_server
secs=$(awk -v a="$t1" -v b="$t0" 'BEGIN {printf "%.2f", a - b}')
set -- $(bench_sink_count)
sent=$(bench_sql "SELECT count(*) FROM deliveries WHERE channel = 'webhook' AND status = 'sent'")
notes=$(bench_sql "SELECT count(*) FROM notifications")

echo "boxoffice webhook delivery benchmark (db ${db%%:*}, $(nproc) cores," \
    "${SERVE_ARGS:-default delivery settings})"
echo "outbox rows routed: $rows (in-app notifications written: $notes)"
echo "webhook messages: $2 distinct ids in $1 requests; the store says $sent sent"
awk -v n="$2" -v s="$secs" -v r="$rows" 'BEGIN {printf "delivered: %.0f messages/s (%.2f s for %d; %.0f outbox rows/s routed)\n", n / s, s, n, r / s}'
echo "$drained" | awk '{printf "routed after %.2f s, all sent after %.2f s of polling\n", $1, $2}'
echo "server RSS: $rss MiB"
if [ "$2" -ne "$messages" ] || [ "$sent" -ne "$messages" ]; then
    echo "webhooks: WRONG: $messages bookings, $2 distinct messages received, $sent sent" >&2
    exit 1
fi
echo "webhooks: every message arrived"
