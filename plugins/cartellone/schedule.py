"""Read an event's schedule: local times, daylight-saving rules, and its occurrences.

Decisions (docs/content-model.md, "Times"):
- a local time that does not exist (spring forward) is an error, with the time an hour later proposed;
- a local time that happens twice (fall back) is the first one (summer time) plus a warning, unless the
  contributor writes the offset (``+01:00`` picks the second);
- an offset that the zone never has at that moment is an error.

Functions return values plus ``Problem`` tuples; ``events.py`` turns problems into findings with lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .messages import MESSAGES
from .model import Occurrence, OpeningHours, Repeat, RepeatChange

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_OCCURRENCES = 1000
# Dates outside these years are refused as typos: with both ends of any span inside them, no sum of a
# date and a duration (next midnight, UTC time, a moved date plus the usual length) leaves datetime's 1-9999.
MIN_YEAR, MAX_YEAR = 1000, 4999

_DT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$"
)
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    path: tuple
    params: tuple = ()
    severity: str | None = None


def _p(code, path, severity=None, **params):
    return Problem(code, tuple(path), tuple(sorted(params.items())), severity)


def blocking(problems) -> bool:
    """True when any problem is an error (a warning such as dst-repeat still lets the date through)."""
    return any((p.severity or MESSAGES[p.code]["severity"]) == "error" for p in problems)


def parse_time(text: str) -> time | None:
    m = _TIME.match(str(text).strip())
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 23 or mi > 59:
        return None
    return time(h, mi)


# Calendars repeat the same few dates and times thousands of times: both functions below are pure (a
# value and problems from their arguments), so their results are kept, without the path, which the
# problems get again on every call. Bounded, so a huge repository cannot grow them without end.
_MEMO_LIMIT = 50_000
_localized: dict = {}
_moments: dict = {}


def _replay(hit, path, problems):
    value, issues = hit
    for code, params, severity in issues:
        problems.append(Problem(code, tuple(path), params, severity))
    return value


def _remember(memo: dict, key, value, found: list):
    hit = (value, tuple((p.code, p.params, p.severity) for p in found))
    if len(memo) < _MEMO_LIMIT:
        memo[key] = hit
    return hit


def localize(naive: datetime, tz: ZoneInfo, path, offset: timedelta | None, problems: list) -> datetime | None:
    """Attach ``tz`` to a wall-clock time, applying the DST decisions above."""
    key = (naive, tz, offset)  # (naive.fold plays no part: both folds are tried below)
    hit = _localized.get(key)
    if hit is None:
        found: list = []
        hit = _remember(_localized, key, _localize(naive, tz, offset, found), found)
    return _replay(hit, path, problems)


def _localize(naive: datetime, tz: ZoneInfo, offset: timedelta | None, problems: list) -> datetime | None:
    path = ()
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    roundtrip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if roundtrip != naive:
        later = (naive + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
        problems.append(_p("dst-gap", path, when=naive.strftime("%Y-%m-%d %H:%M"), later=later))
        return None
    ambiguous = first.utcoffset() != second.utcoffset()
    if offset is not None:
        for candidate in (first, second):
            if candidate.utcoffset() == offset:
                return candidate
        problems.append(
            _p(
                "offset-mismatch",
                path,
                when=naive.strftime("%Y-%m-%d %H:%M"),
                offset=_fmt_offset(offset),
                expected=_fmt_offset(first.utcoffset()),
            )
        )
        return None
    if ambiguous:
        problems.append(
            _p(
                "dst-repeat",
                path,
                when=naive.strftime("%Y-%m-%d %H:%M"),
                first=_fmt_offset(first.utcoffset()),
                second=_fmt_offset(second.utcoffset()),
            )
        )
    return first


def _fmt_offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def parse_moment(text, tz: ZoneInfo, path, problems: list) -> date | datetime | None:
    """A date (all-day) or an aware datetime from the text a contributor wrote."""
    key = (str(text), tz)
    hit = _moments.get(key)
    if hit is None:
        found: list = []
        hit = _remember(_moments, key, _parse_moment(key[0], tz, found), found)
    return _replay(hit, path, problems)


def _parse_moment(text: str, tz: ZoneInfo, problems: list) -> date | datetime | None:
    path = ()
    m = _DT.match(str(text).strip())
    if not m:
        problems.append(_p("bad-datetime", path, text=str(text)))
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        day = date(y, mo, d)
    except ValueError:
        problems.append(_p("impossible-date", path, text=str(text)))
        return None
    if not MIN_YEAR <= y <= MAX_YEAR:
        problems.append(_p("impossible-date", path, text=str(text)))
        return None
    if m.group(4) is None:
        return day
    h, mi, s = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
    if h > 23 or mi > 59 or s > 59:
        problems.append(_p("impossible-date", path, text=str(text)))
        return None
    offset = None
    if m.group(7):
        if m.group(7) == "Z":
            offset = timedelta(0)
        else:
            sign = 1 if m.group(7)[0] == "+" else -1
            oh, om = int(m.group(7)[1:3]), int(m.group(7)[4:6])
            offset = sign * timedelta(hours=oh, minutes=om)
    return _localize(datetime(y, mo, d, h, mi, s), tz, offset, problems)


def parse_date(text, path, problems: list) -> date | None:
    value = str(text).strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        problems.append(_p("bad-date", path, text=value))
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        problems.append(_p("impossible-date", path, text=value))
        return None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        problems.append(_p("impossible-date", path, text=value))
        return None
    return day


def midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def resolve_end(start, end_text, tz, path, problems) -> date | datetime | None:
    """An end as written: a date, a datetime, or a time on the start's day."""
    if end_text is None:
        return None
    t = parse_time(end_text) if _TIME.match(str(end_text).strip()) else None
    if t is not None:
        if not isinstance(start, datetime):
            problems.append(_p("end-time-on-all-day", path, text=str(end_text)))
            return None
        return localize(datetime.combine(start.date(), t), tz, path, None, problems)
    end = parse_moment(end_text, tz, path, problems)
    if end is None:
        return None
    if isinstance(start, datetime) != isinstance(end, datetime):
        problems.append(_p("end-kind-mismatch", path))
        return None
    return end


def _timed_or_all_day(event_id, start, end, path_end, tz, problems, status="scheduled", note="", recurrence_id=None):
    """One occurrence from a parsed start/end, checking that the end is after the start."""
    if isinstance(start, datetime):
        # Compare instants: with one shared tzinfo Python compares wall clocks and ignores `fold`, which
        # would refuse 02:45 (first) to 02:15+01:00 (second) on the autumn night.
        if end is not None and end.astimezone(UTC) <= start.astimezone(UTC):
            problems.append(
                _p(
                    "end-before-start",
                    path_end,
                    start=start.strftime("%Y-%m-%d %H:%M"),
                    end=end.strftime("%Y-%m-%d %H:%M"),
                )
            )
            return None
        return Occurrence(event_id, start, end, False, status, note, recurrence_id)
    last = end if end is not None else start
    if last < start:
        problems.append(_p("end-before-start", path_end, start=start.isoformat(), end=last.isoformat()))
        return None
    return Occurrence(event_id, midnight(start, tz), midnight(last + timedelta(days=1), tz), True, status, note)


@dataclass(frozen=True, slots=True)
class Schedule:
    kind: str
    occurrences: tuple
    repeat: Repeat | None = None
    opening_hours: tuple = ()
    closed: tuple = ()


def read_schedule(event_id: str, data: dict, tz: ZoneInfo, long_running_days: int) -> tuple[Schedule | None, list]:
    """The event's schedule form, its occurrences, and the problems met."""
    problems: list = []
    forms = [k for k in ("dates", "repeat") if k in data]
    if "opening_hours" in data:
        forms.append("opening_hours")
    if "dates" in data and "start" in data:
        problems.append(_p("schedule-ambiguous", ("dates",)))
        return None, problems
    if len(forms) > 1:
        problems.append(_p("schedule-ambiguous", (forms[1],)))
        return None, problems
    if "dates" not in data and "start" not in data:  # repeat and opening_hours need start too
        problems.append(_p("schedule-missing", ()))
        return None, problems
    if "dates" in data:
        return _read_dates(event_id, data["dates"], tz, problems)
    start = parse_moment(data["start"], tz, ("start",), problems)
    end = resolve_end(start, data.get("end"), tz, ("end",), problems) if start is not None else None
    if start is None or blocking(problems):
        return None, problems
    if "repeat" in data:
        return _read_repeat(event_id, start, end, data["repeat"], tz, problems)
    occurrence = _timed_or_all_day(event_id, start, end, ("end",), tz, problems)
    if occurrence is None:
        return None, problems
    if "opening_hours" in data or "closed" in data:
        if isinstance(start, datetime):
            problems.append(_p("opening-hours-need-dates", ("opening_hours",)))
            return None, problems
        hours = tuple(OpeningHours(tuple(h["days"]), h["from"], h["to"]) for h in data.get("opening_hours", []))
        for i, h in enumerate(hours):
            if (
                parse_time(h.opens) is None
                or parse_time(h.closes) is None
                or parse_time(h.closes) <= parse_time(h.opens)
            ):
                problems.append(_p("opening-hours-order", ("opening_hours", i, "to"), opens=h.opens, closes=h.closes))
        closed = []
        for i, text in enumerate(data.get("closed", [])):
            day = parse_date(text, ("closed", i), problems)
            if day is not None:
                closed.append(day)
        return Schedule("long", (occurrence,), None, hours, tuple(closed)), problems
    days = (occurrence.end - occurrence.start).days if occurrence.all_day else 0
    kind = "long" if occurrence.all_day and days >= long_running_days else "single"
    return Schedule(kind, (occurrence,)), problems


def _read_dates(event_id, items, tz, problems):
    occurrences = []
    seen = {}
    for i, item in enumerate(items):
        before = len(problems)
        start = parse_moment(item.get("start"), tz, ("dates", i, "start"), problems)
        if start is None:
            continue
        end = resolve_end(start, item.get("end"), tz, ("dates", i, "end"), problems)
        if blocking(problems[before:]):
            continue
        occ = _timed_or_all_day(
            event_id,
            start,
            end,
            ("dates", i, "end"),
            tz,
            problems,
            item.get("status", "scheduled"),
            item.get("note", ""),
        )
        if occ is None:
            continue
        # Key by the instant: with one shared tzinfo, 02:30 and 02:30+01:00 on the autumn night compare equal.
        instant = occ.start.astimezone(UTC)
        if instant in seen:
            problems.append(_p("duplicate-date", ("dates", i, "start"), other=seen[instant] + 1))
            continue
        seen[instant] = i
        occurrences.append(occ)
    occurrences.sort(key=lambda o: o.start.astimezone(UTC))
    return Schedule("dates", tuple(occurrences)), problems


def _read_repeat(event_id, start, end, rule, tz, problems):
    if not isinstance(start, datetime):
        problems.append(_p("repeat-needs-time", ("start",)))
        return None, problems
    weekdays = tuple(rule["weekly"])
    until = parse_date(rule["until"], ("repeat", "until"), problems)
    exceptions = [parse_date(t, ("repeat", "except", i), problems) for i, t in enumerate(rule.get("except", []))]
    if until is None or any(e is None for e in exceptions):
        return None, problems
    if WEEKDAYS[start.weekday()] not in weekdays:
        problems.append(_p("repeat-start-day", ("start",), day=WEEKDAYS[start.weekday()], weekly=", ".join(weekdays)))
        return None, problems
    if until < start.date():
        problems.append(_p("repeat-until-before-start", ("repeat", "until")))
        return None, problems
    duration = (end - start) if end is not None else None
    if duration is not None and duration <= timedelta(0):
        problems.append(
            _p("end-before-start", ("end",), start=start.strftime("%Y-%m-%d %H:%M"), end=end.strftime("%Y-%m-%d %H:%M"))
        )
        return None, problems
    wanted = {WEEKDAYS.index(d) for d in weekdays}
    dates = []
    day = start.date()
    while day <= until:
        if day.weekday() in wanted:
            dates.append(day)
            if len(dates) > MAX_OCCURRENCES:
                problems.append(_p("repeat-too-long", ("repeat", "until"), limit=MAX_OCCURRENCES))
                return None, problems
        day += timedelta(days=1)
    date_set = set(dates)
    for i, ex in enumerate(exceptions):
        if ex not in date_set:
            problems.append(_p("repeat-except-not-a-date", ("repeat", "except", i), date=ex.isoformat()))
    wall_start, wall_end = start.timetz().replace(tzinfo=None), end.time() if end is not None else None
    base: dict = {}
    for day in dates:
        if day in exceptions:
            continue
        local_start = localize(datetime.combine(day, wall_start), tz, ("start",), None, problems)
        if local_start is None:
            return None, problems
        local_end = None
        if duration is not None:
            # Same wall-clock end on every date, also across DST changes (a 17:00-18:30 class stays so).
            local_end = localize(datetime.combine(day, wall_end), tz, ("end",), None, problems)
            if local_end is not None and local_end <= local_start:
                local_end = local_start + duration
        base[day] = Occurrence(event_id, local_start, local_end, False, "scheduled", "", None)
    changes = []
    for i, ch in enumerate(rule.get("changes", [])):
        path = ("repeat", "changes", i)
        day = parse_date(ch["date"], (*path, "date"), problems)
        if day is None:
            continue
        if day not in base:
            problems.append(_p("repeat-change-not-a-date", (*path, "date"), date=day.isoformat()))
            continue
        original = base[day]
        new_start = original.start
        if "start" in ch:
            new_start = parse_moment(ch["start"], tz, (*path, "start"), problems)
            if not isinstance(new_start, datetime):
                if new_start is not None:
                    problems.append(_p("repeat-needs-time", (*path, "start")))
                continue
        new_end = original.end
        if "end" in ch:
            new_end = resolve_end(new_start, ch["end"], tz, (*path, "end"), problems)
        elif "start" in ch and duration is not None:
            new_end = new_start + duration
        if new_end is not None and new_end <= new_start:
            problems.append(
                _p(
                    "end-before-start",
                    (*path, "end"),
                    start=new_start.strftime("%Y-%m-%d %H:%M"),
                    end=new_end.strftime("%Y-%m-%d %H:%M"),
                )
            )
            continue
        status = ch.get("status", "scheduled")
        note = ch.get("note", "")
        base[day] = Occurrence(event_id, new_start, new_end, False, status, note, original.start)
        changes.append(
            RepeatChange(
                day,
                new_start if "start" in ch else None,
                new_end if ("end" in ch or "start" in ch) else None,
                status,
                note,
            )
        )
    repeat = Repeat(weekdays, until, tuple(e for e in exceptions), tuple(changes), start, end)
    occurrences = tuple(sorted(base.values(), key=lambda o: o.start))
    return Schedule("repeat", occurrences, repeat), problems
