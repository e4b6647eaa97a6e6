"""Independent iCalendar parsers, each expanding a feed into the same comparable occurrences.

An occurrence is ``(uid, start, end, summary, status)``: ``start``/``end`` are ``YYYY-MM-DD`` for
all-day items (end exclusive) and UTC instants ``YYYY-MM-DDTHH:MM:SSZ`` for timed ones; ``end`` is
None for an item without an end (parsers that report end = start are normalised to None).

Parsers:
- ``icalendar`` + ``recurring-ical-events`` (Python; the library that writes the feeds, plus an
  independent expander);
- ``ical`` (Home Assistant's strict, pydantic-based parser and timeline);
- ``vobject`` (its own parser and VTIMEZONE reader; RRULE/EXDATE through ``getrruleset`` and
  RECURRENCE-ID overrides applied here, as RFC 5545 says);
- ``ical.js`` (Mozilla, used by Thunderbird), through ``tests/js/expand.mjs`` with node.

``expected`` gives the same tuples straight from the YAML (``Event.occurrences``), with the status
rules of docs/feeds.md restated here, so the feed code is not its own oracle.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cartellone.feeds import date_uid

MAIN = Path(__file__).resolve().parent.parent
EXPAND_JS = MAIN / "tests" / "js" / "expand.mjs"
FAR = datetime(2100, 1, 1, tzinfo=UTC)
NEAR = datetime(1990, 1, 1, tzinfo=UTC)

# docs/feeds.md, "Status": prefix and iCalendar STATUS of an occurrence.
_PREFIX = {"cancelled": "ANNULLATO: ", "postponed": "RINVIATO: ", "sold-out": "ESAURITO: "}
_STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def key(value) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise AssertionError(f"floating time in a feed: {value}")
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(value)


def _occ(uid, start, end, summary, status) -> tuple:
    s = key(start)
    e = key(end) if end is not None else None
    if e == s and "T" in s:
        e = None
    return (str(uid), s, e, str(summary), str(status or "").upper() or None)


def expected(events, settings) -> list[tuple]:
    """Occurrences computed from the YAML, for ``events``."""
    out = []
    for event in events:
        for occ in event.occurrences:
            uid = date_uid(event, occ, settings.uid_domain) if event.kind == "dates" else event.uid
            status = event.status
            if status not in ("cancelled", "postponed") and occ.status in ("cancelled", "sold-out"):
                status = occ.status
            start = occ.start.date() if occ.all_day else occ.start
            end = occ.end.date() if occ.all_day else occ.end
            out.append(_occ(uid, start, end, _PREFIX.get(status, "") + event.title, _STATUS.get(status, "CONFIRMED")))
    return sorted(out)


# --------------------------------------------------------------------------- Python parsers


def expand_icalendar(data: bytes) -> list[tuple]:
    import icalendar
    import recurring_ical_events

    cal = icalendar.Calendar.from_ical(data)
    out = []
    for e in recurring_ical_events.of(cal).between(NEAR, FAR):
        end = e["DTEND"].dt if "DTEND" in e else None
        out.append(_occ(e["UID"], e["DTSTART"].dt, end, e["SUMMARY"], e.get("STATUS")))
    return sorted(out)


def expand_ha_ical(data: bytes) -> list[tuple]:
    from ical.calendar_stream import IcsCalendarStream

    cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    out = []
    for e in cal.timeline:
        status = e.status.value if e.status is not None else None
        out.append(_occ(e.uid, e.dtstart, e.dtend if e.dtend is not None else e.end, e.summary, status))
    return sorted(out)


def expand_vobject(data: bytes) -> list[tuple]:
    import vobject

    cal = vobject.readOne(data.decode("utf-8"))
    masters, overrides = {}, {}
    for ve in getattr(cal, "vevent_list", []):
        uid = ve.uid.value
        if hasattr(ve, "recurrence_id"):
            overrides[(uid, key(ve.recurrence_id.value))] = ve
        else:
            masters[uid] = ve

    def one(ve, start=None):
        dtstart = ve.dtstart.value
        end = ve.dtend.value if hasattr(ve, "dtend") else None
        if start is not None and end is not None:  # RFC 5545: the same exact duration for every instance
            end = start.astimezone(UTC) + (end.astimezone(UTC) - dtstart.astimezone(UTC))
        status = ve.status.value if hasattr(ve, "status") else None
        return _occ(ve.uid.value, start if start is not None else dtstart, end, ve.summary.value, status)

    out = []
    for uid, ve in masters.items():
        if not hasattr(ve, "rrule"):
            out.append(one(ve))
            continue
        for start in ve.getrruleset(addRDate=True):
            override = overrides.pop((uid, key(start)), None)
            out.append(one(override) if override is not None else one(ve, start))
    assert not overrides, f"overrides without an instance: {sorted(overrides)}"
    return sorted(out)


PYTHON_PARSERS = {
    "icalendar+recurring-ical-events": expand_icalendar,
    "ical (Home Assistant)": expand_ha_ical,
    "vobject": expand_vobject,
}


# --------------------------------------------------------------------------- ical.js (node)


def node_problem() -> str | None:
    """Why ical.js cannot run here (None when it can)."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not (MAIN / "node_modules" / "ical.js" / "package.json").is_file():
        return "node_modules/ical.js is missing (run npm ci)"
    return None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def expand_icaljs(paths: list[Path]) -> dict[str, list[tuple]]:
    """``{str(path): occurrences}`` for every file, from one node process."""
    if not paths:
        return {}
    proc = subprocess.run(
        ["node", str(EXPAND_JS), *map(str, paths)], capture_output=True, text=True, cwd=MAIN, timeout=600, check=False
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    if len(paths) == 1:
        result = {str(paths[0]): result}
    out = {}
    for path, items in result.items():
        rows = []
        for it in items:
            start = it["start"] if it["allDay"] else datetime.fromisoformat(it["start"].replace("Z", "+00:00"))
            end = it["end"]
            if end is not None and not it["allDay"]:
                end = datetime.fromisoformat(end.replace("Z", "+00:00"))
            if it["allDay"]:
                start = date.fromisoformat(start)
                end = date.fromisoformat(end) if end else start + timedelta(days=1)
            rows.append(_occ(it["uid"], start, end, it["summary"], it["status"]))
        out[path] = sorted(rows)
    return out
