#!/bin/sh
# bench/notify.sh [BIN] [hot|spread] - what notifications cost the booking benchmark: ROUNDS (3)
# interleaved pairs of bench/booking.sh on the same data (WEBHOOKS=1: every event's organizer
# has a webhook endpoint on a local receiver, so each booking makes an in-app notification for
# the guest and the host and one webhook message), one with the delivery engine off
# (--deliver=false), one with it on. Interleaved, because this machine's speed drifts by more than the difference.
# Prints each run, the medians, the loss, and how long the engine took to deliver the backlog a
# run left. BOXOFFICE_DB and LOADGEN pass through to bench/booking.sh.
set -eu
bin=${1:-build/boxoffice}
mode=${2:-hot}
rounds=${ROUNDS:-3}
out=$(mktemp /tmp/boxoffice-notify.XXXXXX)
trap 'rm -f "$out"' EXIT INT TERM

rate() { awk '/^bookings:/ {print $2}'; }
for r in $(seq 1 "$rounds"); do
    off=$(WEBHOOKS=1 SERVE_ARGS=--deliver=false sh bench/booking.sh "$bin" "$mode" 2>&1)
    on=$(WEBHOOKS=1 sh bench/booking.sh "$bin" "$mode" 2>&1)
    echo "$on" | grep -q 'invariants: ok' || { echo "$on"; exit 1; }
    echo "round $r: off $(echo "$off" | rate) req/s, on $(echo "$on" | rate) req/s;" \
        "$(echo "$on" | grep '^drained:')"
    echo "off $(echo "$off" | rate)" >>"$out"
    echo "on $(echo "$on" | rate)" >>"$out"
done
median() { # of an even count, the mean of the middle two
    grep "^$1 " "$out" | awk '{print $2}' | sort -n |
        awk '{v[NR] = $1} END {print (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2}'
}
m_off=$(median off)
m_on=$(median on)
awk -v a="$m_off" -v b="$m_on" 'BEGIN {printf "median: off %.0f req/s, on %.0f req/s: notifications cost %.1f%%\n", a, b, (a - b) * 100 / a}'
