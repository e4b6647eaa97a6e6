// Expand every VEVENT of .ics files with ical.js (Mozilla's parser, used by Thunderbird) and print
// the occurrences as JSON: [{uid, start, end, allDay, summary, status}], sorted by uid then start.
// Timed values are UTC instants (ISO 8601, "Z"); all-day values are "YYYY-MM-DD" (end exclusive);
// end is null for an item without DTEND/DURATION. Overrides (RECURRENCE-ID) replace their instance.
//
// Usage: node tests/js/expand.mjs FILE.ics            -> [ ...occurrences ]
//        node tests/js/expand.mjs FILE.ics FILE2.ics  -> { "FILE.ics": [...], "FILE2.ics": [...] }
// Expansion stops at 2100-01-01 (env EXPAND_UNTIL to change it). Run by tests/test_feeds_conformance.py;
// ical.js comes from node_modules (npm ci).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const limit = ICAL.Time.fromJSDate(new Date(process.env.EXPAND_UNTIL || "2100-01-01T00:00:00Z"), true);

function when(t) {
  if (t.isDate) {
    const p = (n, w = 2) => String(n).padStart(w, "0");
    return { value: `${p(t.year, 4)}-${p(t.month)}-${p(t.day)}`, allDay: true };
  }
  return { value: t.toJSDate().toISOString().replace(".000Z", "Z"), allDay: false };
}

function expand(file) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  for (const vtz of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtz);
  }
  const masters = new Map();
  const exceptions = [];
  for (const comp of root.getAllSubcomponents("vevent")) {
    if (comp.hasProperty("recurrence-id")) exceptions.push(comp);
    // exceptions: [] stops ICAL.Event from adopting every RECURRENCE-ID component of the calendar,
    // whatever its UID (its default); overrides are related below by UID, strictly.
    else masters.set(comp.getFirstPropertyValue("uid"), new ICAL.Event(comp, { strictExceptions: true, exceptions: [] }));
  }
  for (const comp of exceptions) {
    const master = masters.get(comp.getFirstPropertyValue("uid"));
    if (!master) throw new Error(`${file}: override without master: ${comp.getFirstPropertyValue("uid")}`);
    master.relateException(comp);
  }
  const out = [];
  const push = (uid, start, end, item) => {
    const s = when(start);
    out.push({
      uid,
      start: s.value,
      end: end ? when(end).value : null,
      allDay: s.allDay,
      summary: item.summary,
      status: item.component.getFirstPropertyValue("status"),
    });
  };
  const hasEnd = (comp) => comp.hasProperty("dtend") || comp.hasProperty("duration");
  for (const [uid, event] of masters) {
    if (!event.isRecurring()) {
      push(uid, event.startDate, hasEnd(event.component) ? event.endDate : null, event);
      continue;
    }
    const it = event.iterator();
    let next;
    let guard = 0;
    while ((next = it.next()) && next.compare(limit) < 0) {
      if (guard++ > 10000) throw new Error(`${file}: ${uid} does not end`);
      const d = event.getOccurrenceDetails(next);
      push(uid, d.startDate, hasEnd(d.item.component) ? d.endDate : null, d.item);
    }
  }
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort((a, b) => cmp(a.uid, b.uid) || cmp(a.start, b.start));
}

// ICAL.TimezoneService is global: reset it between files so a zone never leaks from one to the next.
const files = process.argv.slice(2);
const result = {};
for (const file of files) {
  ICAL.TimezoneService.reset();
  result[file] = expand(file);
}
process.stdout.write(JSON.stringify(files.length === 1 ? result[files[0]] : result));
