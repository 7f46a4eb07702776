# bench/lib.sh - shared by the benchmarks that deliver notifications (sourced, not run).
# Expects $bin, $dir (a private temp dir), $db (sqlite:... or postgres://...) and $url.

# bench_sql SQL: one statement on $db, rows as "a|b" lines.
bench_sql() {
    case $db in
    sqlite:*) sqlite3 "${db#sqlite:}" "$1" ;;
    *) psql -qAtX "$db" -c "$1" ;;
    esac
}

# bench_sink_start PORT: bench/hooksink.c on 127.0.0.1:PORT; sets sink_pid and sink_url.
bench_sink_start() {
    cc -O2 -o "$dir/hooksink" bench/hooksink.c -lmicrohttpd -lpthread
    "$dir/hooksink" "$1" >"$dir/hooksink.out" &
    sink_pid=$!
    sink_url=http://127.0.0.1:$1
    until curl -sf "$sink_url/count" >/dev/null; do sleep 0.05; done
}

bench_sink_stop() {
    [ -n "${sink_pid:-}" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null
    sink_pid=
}

# bench_sink_count: "<requests> <distinct webhook ids>" the sink has had.
bench_sink_count() {
    curl -sf "$sink_url/count"
}

# bench_hook_all_events: an organizer owns every event and sends each of its webhook messages
# to the sink, as an organizer with one endpoint would (the load test's events have none).
bench_hook_all_events() {
    now=$(date +%s)
    staff=$(bench_sql "SELECT id FROM users WHERE username = 'staff'")
    bench_sql "INSERT INTO organizers (slug, name, created_by, created_at, updated_at)
               VALUES ('bench-hooks', 'Bench hooks', $staff, $now, $now)"
    org=$(bench_sql "SELECT id FROM organizers WHERE slug = 'bench-hooks'")
    bench_sql "UPDATE events SET organizer_id = $org"
    # A fixed secret: 32 bytes, base64, as the API would make one.
    bench_sql "INSERT INTO webhook_endpoints (organizer_id, url, secret, created_at, updated_at)
               VALUES ($org, '$sink_url/hook',
                       'whsec_QmVuY2htYXJrIHNlY3JldCwgMzIgYnl0ZXMgbG9uZyE=', $now, $now)"
}

# bench_metric NAME: the server's current value of one /metrics line (with its labels).
bench_metric() {
    curl -sf "$url/metrics" | awk -v n="$1" '$1 == n {print $2; exit}'
}

# bench_wait_drained TIMEOUT: until nothing is unrouted or pending for a webhook; prints the
# seconds until the outbox was routed and until everything was sent, or fails after TIMEOUT.
bench_wait_drained() {
    t0=$(date +%s.%N)
    routed=
    while :; do
        unrouted=$(bench_metric boxoffice_outbox_unrouted)
        pending=$(bench_metric 'boxoffice_deliveries_pending{channel="webhook"}')
        now=$(date +%s.%N)
        [ "$unrouted" -eq 0 ] && [ -z "$routed" ] && routed=$now
        [ "$((unrouted + pending))" -eq 0 ] && break
        if [ "$(awk -v a="$now" -v b="$t0" -v t="$1" 'BEGIN {print (a - b > t)}')" = 1 ]; then
            echo "not drained after $1 s: $unrouted unrouted, $pending pending" >&2
            return 1
        fi
        sleep 0.05
    done
    awk -v a="$now" -v r="$routed" -v b="$t0" 'BEGIN {printf "%.2f %.2f\n", r - b, a - b}'
}
