// time.js - wall-clock times in an IANA time zone <-> RFC 3339 instants.
//
// A host types "2026-12-05 19:00" meaning 19:00 in the event's zone (Europe/Kyiv), not in
// the browser's. <input type="datetime-local"> gives "YYYY-MM-DDTHH:MM" with no zone, and
// JavaScript has no zoned parse, so the zone's offset is read back from Intl.

const partsFormat = new Map();

function formatterFor(timeZone) {
  if (!partsFormat.has(timeZone)) {
    partsFormat.set(timeZone, new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }));
  }
  return partsFormat.get(timeZone);
}

// The wall clock in timeZone at instant ms, as if it were UTC (ms since the epoch).
function wallClock(ms, timeZone) {
  const p = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

// True when Intl knows the zone.
export function isTimeZone(timeZone) {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

// "2026-12-05T19:00" in Europe/Kyiv -> "2026-12-05T17:00:00Z".
// Two passes settle the offset on days when it changes (DST).
export function zonedToIso(local, timeZone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local || '');
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let ms = wall - (wallClock(wall, timeZone) - wall);
  ms = wall - (wallClock(ms, timeZone) - ms);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// "2026-12-05T17:00:00Z" shown in Europe/Kyiv -> "2026-12-05T19:00" for datetime-local.
export function isoToZoned(iso, timeZone) {
  const wall = wallClock(Date.parse(iso), timeZone);
  return new Date(wall).toISOString().slice(0, 16);
}
