#!/bin/sh
# bench/check-invariants.sh DB - DESIGN.md invariants 1 and 3 read straight from the database:
# for every event, seats held by bookings = capacity - available <= capacity; no user with two
# active bookings of one event. Prints "invariants: ok" or the offending rows and exits 1.
set -eu
db=$1
q_seats="SELECT e.id, e.capacity, e.available, coalesce(sum(b.seats), 0) AS held
         FROM events e LEFT JOIN bookings b ON b.event_id = e.id
              AND b.state IN ('held', 'confirmed', 'attended')
         GROUP BY e.id, e.capacity, e.available
         HAVING coalesce(sum(b.seats), 0) <> e.capacity - e.available
             OR coalesce(sum(b.seats), 0) > e.capacity;"
q_dupes="SELECT event_id, user_id, count(*) FROM bookings
         WHERE state IN ('requested', 'held', 'confirmed', 'attended')
         GROUP BY event_id, user_id HAVING count(*) > 1;"
q_total="SELECT count(*) FROM bookings WHERE state IN ('held', 'confirmed', 'attended');"
case $db in
sqlite:*) run() { sqlite3 "${db#sqlite:}" "$1"; } ;;
*) run() { psql -qAt "$db" -c "$1"; } ;;
esac
bad=$(run "$q_seats")$(run "$q_dupes")
echo "bookings holding seats: $(run "$q_total")"
if [ -n "$bad" ]; then
    echo "invariants: BROKEN"
    echo "$bad"
    exit 1
fi
echo "invariants: ok"
